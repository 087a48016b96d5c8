//! Headers on every response, CSRF refusals without side effects, generic errors.

use crate::authorization::{API, PAGES};
use crate::harness::{App, CSRF, Who};
use axum::body::Body;
use axum::http::{Request, header};

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = App::new().await;
    for row in PAGES.iter().chain(API).filter(|r| r.method == "GET") {
        for who in [Who::Anonymous, Who::CityAdmin] {
            let answer = app.get(&app.path(row.path), who).await;
            let csp = answer
                .headers
                .get(header::CONTENT_SECURITY_POLICY)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            for part in [
                "object-src 'none'",
                "base-uri 'none'",
                "frame-ancestors 'none'",
                "script-src 'self'",
            ] {
                assert!(csp.contains(part), "{} lacks {part}", row.path);
            }
            assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
            assert_eq!(
                answer
                    .headers
                    .get(header::X_CONTENT_TYPE_OPTIONS)
                    .map(|v| v.as_bytes()),
                Some(&b"nosniff"[..]),
                "{}",
                row.path
            );
            assert!(
                answer.headers.get(header::REFERRER_POLICY).is_some(),
                "{}",
                row.path
            );
            assert!(answer.headers.get("x-request-id").is_some(), "{}", row.path);
            if !row.path.starts_with("/static/") {
                assert_eq!(
                    answer
                        .headers
                        .get(header::CACHE_CONTROL)
                        .map(|v| v.as_bytes()),
                    Some(&b"no-store"[..]),
                    "{}",
                    row.path
                );
            }
        }
    }
}

async fn member_count(app: &App) -> usize {
    let answer = app
        .api(
            "GET",
            &app.path("/api/v1/cities/{demo}/members"),
            Who::CityAdmin,
            None,
        )
        .await;
    serde_json::from_str::<serde_json::Value>(&answer.body)
        .ok()
        .and_then(|v| v.as_array().map(Vec::len))
        .unwrap_or(0)
}

fn form_post(path: &str, cookie: &str) -> axum::http::request::Builder {
    Request::post(path)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
}

#[tokio::test]
async fn forms_without_the_right_token_or_from_another_site_change_nothing() {
    let app = App::new().await;
    let before = member_count(&app).await;
    let path = app.path("/cities/demo-city/members/{editor}/remove");
    // (what is wrong, form body, an extra request header)
    type Case<'a> = (&'a str, &'a str, Option<(&'a str, &'a str)>);
    let cases: [Case; 4] = [
        ("missing token", "", None),
        (
            "wrong token",
            "csrf=ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            None,
        ),
        (
            "token of another browser",
            "csrf=1111111111111111111111111111111111111111111111111111111111111111",
            None,
        ),
        (
            "cross-site",
            &format!("csrf={CSRF}"),
            Some(("sec-fetch-site", "cross-site")),
        ),
    ];
    for (name, body, extra_header) in cases {
        let cookie = app_cookie(&app);
        let mut request = form_post(&path, &cookie);
        if let Some((key, value)) = extra_header {
            request = request.header(key, value);
        }
        let answer = app
            .send(request.body(Body::from(body.to_string())).expect("request"))
            .await;
        assert_eq!(answer.status, 403, "{name}");
        assert!(
            answer.body.contains("request"),
            "{name}: the page names the request id"
        );
    }
    let foreign_origin = form_post(&path, &app_cookie(&app))
        .header(header::ORIGIN, "https://evil.example")
        .header(header::HOST, "127.0.0.1:8080")
        .body(Body::from(format!("csrf={CSRF}")))
        .expect("request");
    assert_eq!(app.send(foreign_origin).await.status, 403, "foreign Origin");
    assert_eq!(
        member_count(&app).await,
        before,
        "no refused form removed anyone"
    );

    // The same form with the right token and a same-origin browser works.
    let ok = form_post(&path, &app_cookie(&app))
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(format!("csrf={CSRF}")))
        .expect("request");
    assert_eq!(app.send(ok).await.status, 303);
    assert_eq!(member_count(&app).await, before - 1);
}

/// The city admin's cookies, CSRF cookie included.
fn app_cookie(app: &App) -> String {
    app.cookie_header(Who::CityAdmin)
}

#[tokio::test]
async fn a_broken_database_gives_a_generic_page_and_503_from_healthz() {
    let app = App::new().await;
    app.db.store().close().await;
    let health = app.get("/healthz", Who::Anonymous).await;
    assert_eq!(health.status, 503);
    for path in ["/", "/cities/demo-city", "/api/v1/cities"] {
        let answer = app.get(path, Who::Anonymous).await;
        assert!(answer.status >= 500, "{path}: {}", answer.status);
        for leak in ["sqlx", "pool", "closed", "SELECT", "panicked", ".rs"] {
            assert!(
                !answer.body.contains(leak),
                "{path} leaks {leak:?}: {}",
                answer.body
            );
        }
        let id = answer
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("none");
        assert!(
            answer.body.contains(id),
            "{path}: the body quotes the request id"
        );
    }
}

#[tokio::test]
async fn the_openapi_document_and_metrics_are_served() {
    let app = App::new().await;
    let doc = app.get("/api/v1/openapi.json", Who::Anonymous).await;
    assert_eq!(doc.status, 200);
    assert!(doc.body.contains("\"openapi\":\"3.1"));
    app.get("/cities/demo-city", Who::Anonymous).await;
    let metrics = app.get("/metrics", Who::Anonymous).await;
    assert!(
        metrics.body.contains(
            "civitas_http_requests_total{method=\"GET\",route=\"/cities/{slug}\",status=\"200\"}"
        ),
        "{}",
        metrics.body
    );
    assert!(
        metrics
            .body
            .contains("civitas_http_request_duration_seconds_bucket")
    );
}
