//! KPI results pages, the City Snapshot, export and import, through HTTP.

use crate::harness::{App, CSRF, Who};
use axum::body::Body;
use axum::http::{HeaderMap, Request, header};
use civitas_service::Visitor;
use civitas_store::{AssessmentStore, KpiEntryRow};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// A response with its body as bytes (files are not text).
struct Raw {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Raw {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

async fn send(app: &App, request: Request<Body>) -> Raw {
    let response = app
        .router
        .clone()
        .oneshot(request)
        .await
        .expect("infallible");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .unwrap_or_default();
    Raw {
        status,
        headers,
        body,
    }
}

async fn get(app: &App, path: &str, who: Who) -> Raw {
    let request = Request::get(app.path(path))
        .header(header::COOKIE, app.cookie_header(who))
        .body(Body::empty())
        .expect("request");
    send(app, request).await
}

/// A multipart form as a browser sends it: text fields, then an optional file.
async fn post_multipart(
    app: &App,
    path: &str,
    who: Who,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> Raw {
    const BOUNDARY: &str = "----civitas-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((file_name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    let separator = if path.contains('?') { '&' } else { '?' };
    let request = Request::post(format!("{}{separator}csrf={CSRF}", app.path(path)))
        .header(header::COOKIE, app.cookie_header(who))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(body))
        .expect("request");
    send(app, request).await
}

/// The value of a hidden field of the page.
fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker).expect("hidden field") + marker.len();
    let end = start + page[start..].find('"').expect("end of value");
    page[start..end]
        .replace("&#43;", "+")
        .replace("&#x2b;", "+")
}

async fn stored_entries(app: &App, id: i64) -> Vec<KpiEntryRow> {
    let mut entries = app.db.store().kpi_entries(id).await.expect("entries");
    entries.sort_by(|a, b| a.key.cmp(&b.key));
    for e in &mut entries {
        e.updated_at = 0;
    }
    entries
}

#[tokio::test]
async fn the_results_page_shows_the_numbers_assessment_results_computes() {
    let app = App::new().await;
    let verified = app.ids["verified"];
    let results = app
        .civitas
        .assessment_results(&Visitor::anonymous(), verified)
        .await
        .expect("public results");
    let page = get(
        &app,
        "/cities/demo-city/assessments/{verified}/results",
        Who::Anonymous,
    )
    .await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("<svg"), "the wheel is inline");
    assert!(!results.evaluation.kpis.is_empty());
    for k in &results.evaluation.kpis {
        let label = match &k.data_point {
            Some(dp) => format!("{} / {dp}", k.kpi),
            None => k.kpi.clone(),
        };
        let row = format!("<tr data-kpi=\"{label}\">");
        let at = html
            .find(&row)
            .unwrap_or_else(|| panic!("no row for {label}"));
        let rest = &html[at..];
        let row_html = &rest[..rest.find("</tr>").expect("row end")];
        assert!(
            row_html.contains(&format!("data-value=\"{}\"", k.value)),
            "{label}: {row_html}"
        );
    }
    for d in &results.evaluation.dimensions {
        let score = d.score.score_pct.expect("demo dimensions are scored");
        assert!(
            html.contains(&format!("data-value=\"{score}\"")),
            "dimension {} score {score}",
            d.dimension
        );
    }
    // The same page in Arabic is right-to-left and still carries the numbers.
    let request = Request::get(app.path("/cities/demo-city/assessments/{verified}/results"))
        .header(header::COOKIE, app.cookie_header(Who::Anonymous))
        .header(header::ACCEPT_LANGUAGE, "ar")
        .body(Body::empty())
        .expect("request");
    let arabic = send(&app, request).await;
    assert_eq!(arabic.status, 200);
    assert!(arabic.text().contains("dir=\"rtl\""));
}

#[tokio::test]
async fn anonymous_visitors_see_the_verified_year_but_not_the_draft() {
    let app = App::new().await;
    for page in ["results", "sdg", "trends", "snapshot", "snapshot.pdf"] {
        let verified = get(
            &app,
            &format!("/cities/demo-city/assessments/{{verified}}/{page}"),
            Who::Anonymous,
        )
        .await;
        assert_eq!(verified.status, 200, "{page} of the verified year");
        let draft = get(
            &app,
            &format!("/cities/demo-city/assessments/{{draft}}/{page}"),
            Who::Anonymous,
        )
        .await;
        assert_eq!(draft.status, 404, "{page} of the draft");
    }
    // An assessment under another city's address does not exist.
    let wrong = get(
        &app,
        "/cities/other-city/assessments/{verified}/results",
        Who::PlatformAdmin,
    )
    .await;
    assert_eq!(wrong.status, 404);
}

#[tokio::test]
async fn export_then_import_through_http_restores_the_draft() {
    let app = App::new().await;
    let draft = app.ids["draft"];
    let original = stored_entries(&app, draft).await;
    let csv = get(
        &app,
        "/cities/demo-city/assessments/{draft}/export.csv",
        Who::DataEditor,
    )
    .await;
    assert_eq!(csv.status, 200);
    assert!(csv.header(header::CONTENT_TYPE).starts_with("text/csv"));
    assert_eq!(
        csv.header(header::CONTENT_DISPOSITION),
        "attachment; filename=\"demo-city-kpi-2025-r1.csv\""
    );
    let xlsx = get(
        &app,
        "/cities/demo-city/assessments/{draft}/export.xlsx",
        Who::DataEditor,
    )
    .await;
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.body.starts_with(b"PK\x03\x04"));

    // A copy with one value changed: checking it shows the counts and asks.
    let text = csv.text();
    let entry = original
        .iter()
        .find(|e| e.value.is_some() && e.numerator.is_none() && e.key.data_point.is_empty())
        .expect("an entry given as a value");
    let prefix = format!("kpi,,{},,", entry.key.kpi);
    let old = format!(",{},", entry.value.expect("value"));
    let changed: String = text
        .lines()
        .map(|l| {
            if l.starts_with(&prefix) {
                l.replacen(&old, ",0.5,", 1)
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(changed, text.trim_end());
    let checked = post_multipart(
        &app,
        "/cities/demo-city/assessments/{draft}/import",
        Who::DataEditor,
        &[],
        Some(("changed.csv", changed.as_bytes())),
    )
    .await;
    assert_eq!(checked.status, 200, "{}", checked.text());
    let page = checked.text();
    assert!(page.contains("Replace the data"), "asks before replacing");
    assert_eq!(stored_entries(&app, draft).await, original, "nothing yet");
    let done = post_multipart(
        &app,
        "/cities/demo-city/assessments/{draft}/import/confirm",
        Who::DataEditor,
        &[
            ("file_name", &hidden(&page, "file_name")),
            ("data", &hidden(&page, "data")),
        ],
        None,
    )
    .await;
    assert_eq!(done.status, 303, "{}", done.text());
    assert!(
        done.header(header::LOCATION)
            .ends_with("/results?notice=imported")
    );
    let now = stored_entries(&app, draft).await;
    let changed_entry = now.iter().find(|e| e.key == entry.key).expect("entry");
    assert_eq!(changed_entry.value, Some(0.5));

    // The XLSX export taken before brings everything back.
    let checked = post_multipart(
        &app,
        "/cities/demo-city/assessments/{draft}/import",
        Who::DataEditor,
        &[],
        Some(("demo-city-kpi-2025-r1.xlsx", &xlsx.body)),
    )
    .await;
    assert_eq!(checked.status, 200);
    let page = checked.text();
    let done = post_multipart(
        &app,
        "/cities/demo-city/assessments/{draft}/import/confirm",
        Who::DataEditor,
        &[
            ("file_name", &hidden(&page, "file_name")),
            ("data", &hidden(&page, "data")),
        ],
        None,
    )
    .await;
    assert_eq!(done.status, 303);
    assert_eq!(stored_entries(&app, draft).await, original);

    // Viewers may export but not import.
    let viewer = get(
        &app,
        "/cities/demo-city/assessments/{draft}/export.csv",
        Who::Viewer,
    )
    .await;
    assert_eq!(viewer.status, 200);
    let refused = post_multipart(
        &app,
        "/cities/demo-city/assessments/{draft}/import",
        Who::Viewer,
        &[],
        Some(("a.csv", &csv.body)),
    )
    .await;
    assert_eq!(refused.status, 403);
}

#[tokio::test]
async fn a_bad_import_shows_every_bad_cell_and_changes_nothing() {
    let app = App::new().await;
    let draft = app.ids["draft"];
    let before = stored_entries(&app, draft).await;
    let csv = get(
        &app,
        "/cities/demo-city/assessments/{draft}/export.csv",
        Who::DataEditor,
    )
    .await;
    let text = csv.text();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header_line = lines[0].trim_start_matches('\u{feff}').to_string();
    let columns: Vec<&str> = header_line.split(',').collect();
    let quality = columns
        .iter()
        .position(|c| *c == "quality")
        .expect("quality");
    // Three KPI lines, each with a bad quality grade.
    let rows: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("kpi,") && !l.contains('"'))
        .map(|(i, _)| i)
        .take(3)
        .collect();
    assert_eq!(rows.len(), 3);
    for row in &rows {
        let mut cells: Vec<String> = lines[*row].split(',').map(str::to_string).collect();
        cells[quality] = "excellent".into();
        lines[*row] = cells.join(",");
    }
    let bad = lines.join("\n");
    let answer = post_multipart(
        &app,
        "/cities/demo-city/assessments/{draft}/import",
        Who::DataEditor,
        &[],
        Some(("bad.csv", bad.as_bytes())),
    )
    .await;
    assert_eq!(answer.status, 422);
    let page = answer.text();
    assert!(page.contains("3 problems in the file"), "{page}");
    for row in &rows {
        assert!(
            page.contains(&format!("row {}, column quality", row + 1)),
            "row {} is named",
            row + 1
        );
    }
    assert!(
        !page.contains("name=\"data\""),
        "no confirmation for a bad file"
    );
    assert_eq!(stored_entries(&app, draft).await, before);
}

#[tokio::test]
async fn the_snapshot_is_a_printable_page_and_a_pdf() {
    let app = App::new().await;
    let html = get(
        &app,
        "/cities/demo-city/assessments/{verified}/snapshot",
        Who::Anonymous,
    )
    .await;
    assert_eq!(html.status, 200);
    let page = html.text();
    assert!(page.contains("<svg") && page.contains("snapshot.pdf"));
    let pdf = get(
        &app,
        "/cities/demo-city/assessments/{verified}/snapshot.pdf",
        Who::Anonymous,
    )
    .await;
    assert_eq!(pdf.status, 200);
    assert!(pdf.body.starts_with(b"%PDF"), "a PDF");
    assert_eq!(pdf.header(header::CONTENT_TYPE), "application/pdf");
    assert_eq!(
        pdf.header(header::CONTENT_DISPOSITION),
        "attachment; filename=\"demo-city-snapshot-2023-r1-en.pdf\""
    );
}
