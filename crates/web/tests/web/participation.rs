//! Residents' pages without an account: report (honeypot, duplicates, the
//! per-address limit with 429 and Retry-After), receipt, follow by code with
//! the timeline, download and erase after confirmation; the moderation
//! queue, hiding with a reason the author sees, status with notes; pages
//! small enough for slow connections.

use crate::harness::{App, Who};

fn report(description: &str) -> Vec<(&'static str, String)> {
    vec![
        ("service_code", "pothole".into()),
        ("description", description.into()),
        ("address_string", "Mill Lane 4".into()),
        ("email", "resident@example.org".into()),
    ]
}

async fn send(app: &App, fields: &[(&'static str, String)]) -> crate::harness::Answer {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post("/cities/demo-city/report", Who::Anonymous, &pairs)
        .await
}

#[tokio::test]
async fn report_follow_moderate_download_and_erase() {
    let app = App::new().await;
    let form = app.get("/cities/demo-city/report", Who::Anonymous).await;
    assert_eq!(form.status, 200);
    assert!(
        form.body.len() < 100 * 1024,
        "page weight {}",
        form.body.len()
    );
    assert!(!form.body.contains("<script"), "no JavaScript needed");
    assert!(form.body.contains("name=\"website\""), "honeypot present");
    let arabic = app
        .get_with(
            "/cities/demo-city/report",
            Who::Anonymous,
            "__Host-civitas_lang=ar",
        )
        .await;
    assert!(arabic.body.contains("dir=\"rtl\"") && arabic.body.contains("الإبلاغ عن مشكلة"));
    assert_eq!(
        app.get("/cities/other-city/report", Who::Anonymous)
            .await
            .status,
        404
    );

    // Errors are shown next to their fields; the honeypot refuses robots.
    let empty = app
        .post("/cities/demo-city/report", Who::Anonymous, &[])
        .await;
    assert_eq!(empty.status, 422);
    assert!(
        empty.body.contains("href=\"#field-service_code\"")
            && empty.body.contains("href=\"#field-description\"")
    );
    let mut robot = report("Cheap watches");
    robot.push(("website", "http://spam.example".into()));
    assert_eq!(send(&app, &robot).await.status, 422);

    // Accepted: to the receipt, which shows the code and the timeline.
    let sent = send(&app, &report("Deep pothole in the cycle lane")).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let receipt_path = sent
        .location()
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(receipt_path.starts_with("/receipts/"));
    let code = receipt_path.trim_start_matches("/receipts/").to_string();
    let receipt = app.get(sent.location(), Who::Anonymous).await;
    assert_eq!(receipt.status, 200);
    assert!(receipt.body.contains(&code) && receipt.body.contains("Report received"));
    let followed = app
        .get(
            &format!("/receipts?code={}", code.to_lowercase()),
            Who::Anonymous,
        )
        .await;
    assert_eq!(followed.status, 303);
    assert_eq!(followed.location(), receipt_path);
    assert_eq!(
        app.get("/receipts?code=AAAA-BBBB", Who::Anonymous)
            .await
            .status,
        404
    );

    // The same report again: shown as a possible duplicate, sent on request.
    let again = send(&app, &report("deep pothole in the cycle lane")).await;
    assert_eq!(again.status, 200);
    assert!(again.body.contains("confirm_duplicate"));
    let mut confirmed = report("deep pothole in the cycle lane");
    confirmed.push(("confirm_duplicate", "yes".into()));
    assert_eq!(send(&app, &confirmed).await.status, 303);

    // Five per address in ten minutes, then 429 with Retry-After and a message.
    for n in 0..3 {
        assert_eq!(send(&app, &report(&format!("Hole {n}"))).await.status, 303);
    }
    let limited = send(&app, &report("One too many")).await;
    assert_eq!(limited.status, 429);
    assert!(limited.headers.contains_key("retry-after"));
    assert!(limited.body.contains("try again in"));

    // The city's team: the queue, then hiding with a reason and a status note.
    let queue = app
        .get("/cities/demo-city/participation", Who::DataEditor)
        .await;
    assert_eq!(queue.status, 200);
    assert!(!queue.body.contains("resident@example.org"));
    let id = app
        .civitas
        .receipt(&code)
        .await
        .expect("receipt")
        .request
        .id;
    let page = format!("/cities/demo-city/participation/requests/{id}");
    let no_reason = app
        .post(
            &page,
            Who::DataEditor,
            &[("action", "hide"), ("reason", "")],
        )
        .await;
    assert_eq!(no_reason.status, 422);
    let hidden = app
        .post(
            &page,
            Who::DataEditor,
            &[("action", "hide"), ("reason", "Names a neighbour")],
        )
        .await;
    assert_eq!(hidden.status, 303);
    let closed = app
        .post(
            &page,
            Who::CityAdmin,
            &[
                ("action", "status"),
                ("status", "closed"),
                ("notes", "Filled on Friday"),
            ],
        )
        .await;
    assert_eq!(closed.status, 303);
    let author = app.get(&receipt_path, Who::Anonymous).await;
    assert!(
        author.body.contains("Names a neighbour"),
        "the author sees the reason"
    );
    assert!(
        author.body.contains("Filled on Friday") && author.body.contains("Hidden by a moderator")
    );

    // Download everything sent; erase after confirmation.
    let download = app
        .get(&format!("{receipt_path}/download"), Who::Anonymous)
        .await;
    assert_eq!(download.status, 200);
    assert!(
        download.headers["content-disposition"]
            .to_str()
            .unwrap_or_default()
            .starts_with("attachment")
    );
    let data: serde_json::Value = serde_json::from_str(&download.body).expect("json");
    assert_eq!(data["contact"]["email"], "resident@example.org");
    let confirm = app
        .get(&format!("{receipt_path}/erase"), Who::Anonymous)
        .await;
    assert_eq!(confirm.status, 200);
    let erased = app
        .post(&format!("{receipt_path}/erase"), Who::Anonymous, &[])
        .await;
    assert_eq!(erased.status, 303);
    assert_eq!(erased.location(), "/receipts?notice=erased");
    assert_eq!(app.get(&receipt_path, Who::Anonymous).await.status, 404);
}
