// Civitas: a progress bar for survey uploads (progressive enhancement).
// Without this script the form posts as usual; with it, the same form is sent
// with XMLHttpRequest so the browser can report how much has been sent. The
// answer is then shown exactly as a normal submission would show it.
(function () {
  "use strict";
  var form = document.querySelector("form[data-upload-progress]");
  if (!form || !window.XMLHttpRequest || !window.FormData) {
    return;
  }
  var box = document.getElementById(form.getAttribute("data-upload-progress"));
  var bar = box ? box.querySelector("progress") : null;
  var text = box ? box.querySelector("[data-progress-text]") : null;
  form.addEventListener("submit", function (event) {
    if (!box || !bar) {
      return;
    }
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    box.hidden = false;
    bar.value = 0;
    var button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
    }
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        var pct = Math.round((e.loaded / e.total) * 100);
        bar.value = pct;
        if (text) {
          text.textContent = pct + " %";
        }
      }
    });
    request.addEventListener("load", function () {
      var target = request.responseURL || form.action;
      if (target !== form.action && request.status < 400) {
        window.location.assign(target);
        return;
      }
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener("error", function () {
      // Fall back to the ordinary submission.
      if (button) {
        button.disabled = false;
      }
      box.hidden = true;
      form.submit();
    });
    request.send(new FormData(form));
  });
})();
