// Validation while the city types, as progressive enhancement: the category
// form works without this script; with it, the form is checked (never saved)
// a moment after each change and the answer appears in a polite live region.
(function () {
  'use strict';
  var form = document.querySelector('form.kpi-form[data-check]');
  var region = document.getElementById('kpi-check');
  if (!form || !region || !window.fetch || !window.URLSearchParams) return;
  var timer = null;
  var sequence = 0;
  function check() {
    var mine = ++sequence;
    var body = new URLSearchParams(new FormData(form));
    fetch(form.getAttribute('data-check'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.toString()
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      // A slower answer to an older state of the form must not win.
      if (html === null || mine !== sequence) return;
      region.innerHTML = html;
      region.hidden = false;
    }).catch(function () { /* offline: the server checks again on save */ });
  }
  form.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(check, 700);
  });
  form.addEventListener('change', function () {
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  });
})();
