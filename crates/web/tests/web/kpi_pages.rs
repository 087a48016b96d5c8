//! The KPI data-entry and verification pages, each page and each action,
//! on the demo city's assessments: 2025 draft, 2024 with the verifier,
//! 2023 verified.

use crate::harness::{Answer, App, CSRF, Who};
use axum::body::Body;
use axum::http::{Request, header};
use civitas_indicators::Framework;

const LIST: &str = "/cities/demo-city/assessments";
const DRAFT: &str = "/cities/demo-city/assessments/{draft}";
const SUBMITTED: &str = "/cities/demo-city/assessments/{submitted}";
const VERIFIED: &str = "/cities/demo-city/assessments/{verified}";

/// The form-field prefix of a measure: its place in the framework.
fn prefix(kpi: &str, data_point: &str) -> String {
    let framework = Framework::u4ssc_2017().expect("framework");
    let index = framework
        .measures()
        .iter()
        .position(|m| m.kpi.code == kpi && m.data_point_id().unwrap_or("") == data_point)
        .expect("measure");
    format!("m{index}")
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

async fn status_of(app: &App, path: &str) -> String {
    let page = app.get(&app.path(path), Who::CityAdmin).await;
    for status in ["Draft", "With the verifier", "Verified"] {
        if page.body.contains(&format!(
            "class=\"status status-{}\">{status}<",
            status_slug(status)
        )) {
            return status.to_string();
        }
    }
    panic!("no status on {path}");
}

fn status_slug(status: &str) -> &'static str {
    match status {
        "Draft" => "draft",
        "With the verifier" => "submitted",
        _ => "verified",
    }
}

/// A multipart upload as a browser sends it, the CSRF token in the URL.
async fn upload(app: &App, who: Who, path: &str, kpi: &str, name: &str, bytes: &[u8]) -> Answer {
    let boundary = "----civitas-test-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"kpi\"\r\n\r\n{kpi}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let request = Request::post(format!("{}?csrf={CSRF}", app.path(path)))
        .header(header::COOKIE, app.cookie_header(who))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .expect("request");
    app.send(request).await
}

#[tokio::test]
async fn the_list_shows_a_citys_assessments_and_creates_one() {
    let app = App::new().await;
    let page = app.get(LIST, Who::DataEditor).await;
    assert_eq!(page.status, 200);
    for year in ["2025", "2024", "2023"] {
        assert!(
            page.body.contains(&format!("KPI assessment {year}")),
            "{year}"
        );
    }
    assert!(page.body.contains("name=\"year\""), "editors may create");
    let verifier = app.get(LIST, Who::Verifier).await;
    assert_eq!(verifier.status, 200);
    assert_eq!(
        count(&verifier.body, "KPI assessment 20"),
        3,
        "assigned to all three"
    );
    assert!(
        !verifier.body.contains("name=\"year\""),
        "verifiers do not create"
    );
    // The city page links to the list for its team.
    let city = app.get("/cities/demo-city", Who::Viewer).await;
    assert!(city.body.contains("href=\"/cities/demo-city/assessments\""));

    let bad = app.post(LIST, Who::DataEditor, &[("year", "25")]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("aria-invalid=\"true\""));
    assert!(bad.body.contains("Enter a year between 1990 and 2200."));
    assert!(bad.body.contains("value=\"25\""), "the typed year is kept");
    let taken = app.post(LIST, Who::DataEditor, &[("year", "2025")]).await;
    assert_eq!(taken.status, 422);
    assert!(taken.body.contains("This is already in use."));

    let created = app
        .post(
            LIST,
            Who::DataEditor,
            &[("year", "2026"), ("start_from_previous", "yes")],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    assert!(
        created
            .location()
            .starts_with("/cities/demo-city/assessments/")
    );
    assert!(created.location().ends_with("?notice=assessment-created"));
    let overview = app.get(created.location(), Who::DataEditor).await;
    assert!(overview.body.contains("The assessment has been created."));
    assert!(overview.body.contains("KPI assessment 2026"));
    // Sources carried over, never values.
    let inputs_path = created
        .location()
        .replace("?notice=assessment-created", "/inputs");
    let inputs = app.get(&inputs_path, Who::DataEditor).await;
    assert!(
        inputs
            .body
            .contains("National statistics office, population register")
    );
    assert!(!inputs.body.contains("value=\"412300\""));
}

#[tokio::test]
async fn the_overview_groups_categories_and_names_what_is_allowed() {
    let app = App::new().await;
    let page = app.get(&app.path(DRAFT), Who::DataEditor).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("KPI assessment 2025"));
    assert!(page.body.contains("Draft"));
    assert!(page.body.contains("Sofía"), "the verifier is named");
    // A category is (sub-dimension, category): Water and Sanitation appears
    // under several sub-dimensions, each with its own link.
    assert!(count(&page.body, ">Water and Sanitation</a>") >= 2);
    assert!(page.body.contains("/categories/ICT/WS\""));
    assert!(page.body.contains("/categories/I/WS\""));
    assert!(page.body.contains("Progress by category"));
    assert!(page.body.contains("Validation warnings"));
    assert!(page.body.contains("Submit for verification"));
    assert!(!page.body.contains("/settings\""), "editors do not steer");
    let admin = app.get(&app.path(DRAFT), Who::CityAdmin).await;
    assert!(admin.body.contains("/settings\""));
    let viewer = app.get(&app.path(DRAFT), Who::Viewer).await;
    assert!(!viewer.body.contains("Submit for verification"));
    let verified = app.get(&app.path(VERIFIED), Who::CityAdmin).await;
    assert!(verified.body.contains("/revision\""));
    assert!(verified.body.contains("this assessment is locked"));
    let verifier = app.get(&app.path(SUBMITTED), Who::Verifier).await;
    assert!(verifier.body.contains("Complete the verification"));
    assert!(verifier.body.contains("Return to the city"));
    // Another city's assessment path does not reach the demo's.
    let elsewhere = app
        .get(
            &app.path("/cities/other-city/assessments/{draft}"),
            Who::PlatformAdmin,
        )
        .await;
    assert_eq!(elsewhere.status, 404);
}

#[tokio::test]
async fn warnings_name_the_kpis_they_concern() {
    let app = App::new().await;
    // Fixed broadband (2C) above household Internet access (1C) breaks a cross-KPI rule.
    let one = prefix("EC: ICT: ICT: 1C", "");
    let two = prefix("EC: ICT: ICT: 2C", "");
    let path = app.path(&format!("{DRAFT}/categories/ICT/ICT"));
    let saved = app
        .post(
            &path,
            Who::DataEditor,
            &[
                (&format!("{one}-present"), "1"),
                (&format!("{one}-numerator"), "1000"),
                (&format!("{two}-present"), "1"),
                (&format!("{two}-numerator"), "90000"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let overview = app.get(&app.path(DRAFT), Who::DataEditor).await;
    assert!(
        overview.body.contains("EC: ICT: ICT: 2C</a>"),
        "warning links the KPI"
    );
    let form = app.get(&path, Who::DataEditor).await;
    assert!(form.body.contains("class=\"kpi-warnings\""));
}

#[tokio::test]
async fn submitting_needs_a_verifier_and_then_hands_the_assessment_over() {
    let app = App::new().await;
    let created = app.post(LIST, Who::DataEditor, &[("year", "2026")]).await;
    let path = created
        .location()
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    let refused = app
        .post(&format!("{path}/submit"), Who::DataEditor, &[])
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .body
            .contains("Choose a member of the city with the verifier role.")
    );
    assert_eq!(status_of(&app, &path).await, "Draft");

    let done = app
        .post(&app.path(&format!("{DRAFT}/submit")), Who::DataEditor, &[])
        .await;
    assert_eq!(done.status, 303);
    assert_eq!(status_of(&app, DRAFT).await, "With the verifier");
    let viewer = app
        .post(&app.path(&format!("{SUBMITTED}/submit")), Who::Viewer, &[])
        .await;
    assert_eq!(viewer.status, 403);
}

#[tokio::test]
async fn city_inputs_save_whole_and_errors_sit_at_their_fields() {
    let app = App::new().await;
    let path = app.path(&format!("{DRAFT}/inputs"));
    let page = app.get(&path, Who::DataEditor).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(
        "name=\"population-value\" type=\"text\" inputmode=\"decimal\" dir=\"ltr\" value=\"412300\""
    ));
    assert!(page.body.contains("Used by"));
    let bad = app
        .post(
            &path,
            Who::DataEditor,
            &[
                ("population-value", "many"),
                ("population-source", "Register"),
                ("households-value", "-4"),
                ("households-source", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("id=\"in-population-value-error\""));
    assert!(bad.body.contains("id=\"in-households-value-error\""));
    assert!(bad.body.contains("value=\"many\""), "typed value kept");
    assert!(
        bad.body.contains("href=\"#in-population-value\""),
        "summary links the field"
    );
    let good = app
        .post(
            &path,
            Who::DataEditor,
            &[
                ("population-value", "420000"),
                ("population-source", "Register 2025"),
            ],
        )
        .await;
    assert_eq!(good.status, 303);
    let after = app.get(&path, Who::DataEditor).await;
    assert!(after.body.contains("value=\"420000\""));
    assert!(after.body.contains("Register 2025"));
    // Read-only for the verified assessment.
    let locked = app
        .get(&app.path(&format!("{VERIFIED}/inputs")), Who::DataEditor)
        .await;
    assert!(!locked.body.contains("name=\"population-value\""));
    let viewer = app
        .post(&path, Who::Viewer, &[("population-value", "1")])
        .await;
    assert_eq!(viewer.status, 403);
}

#[tokio::test]
async fn a_category_form_saves_drafts_and_shows_every_problem_at_its_field() {
    let app = App::new().await;
    let path = app.path(&format!("{DRAFT}/categories/ICT/ICT"));
    let one = prefix("EC: ICT: ICT: 1C", "");
    let four_g = prefix("EC: ICT: ICT: 4C", "4G");
    let page = app.get(&path, Who::DataEditor).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<fieldset class=\"kpi\""));
    assert!(page.body.contains(&format!("name=\"{one}-numerator\"")));
    assert!(
        page.body
            .contains("Leave empty to use the city input (Number of households"),
        "denominator from the inputs"
    );
    assert!(page.body.contains("Current value"));
    assert!(
        page.body.contains("Accurate measurement"),
        "grades are translated"
    );
    // A data point is its own part of the form.
    assert!(page.body.contains(&format!("name=\"{four_g}-numerator\"")));

    let bad = app
        .post(
            &path,
            Who::DataEditor,
            &[
                (&format!("{one}-present"), "1"),
                (&format!("{one}-numerator"), "1,5"),
                (&format!("{one}-source"), "Survey"),
                (&format!("{four_g}-present"), "1"),
                (&format!("{four_g}-numerator"), "97"),
                (&format!("{four_g}-not_reported"), "yes"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains(&format!("id=\"{one}-numerator-error\"")));
    assert!(bad.body.contains("Enter a number like 12.5"));
    assert!(
        bad.body
            .contains(&format!("id=\"{four_g}-not_reported_reason-error\""))
    );
    assert!(
        bad.body
            .contains(&format!("id=\"{four_g}-not_reported-error\""))
    );
    assert!(bad.body.contains("value=\"1,5\""), "typed value kept");
    assert!(bad.body.contains("class=\"error-summary\""));
    assert!(bad.body.contains(&format!("href=\"#{one}-numerator\"")));
    assert!(bad.body.contains("aria-invalid=\"true\""));
    // Nothing was saved.
    let unchanged = app.get(&path, Who::DataEditor).await;
    assert!(unchanged.body.contains(&format!(
        "name=\"{one}-numerator\" type=\"text\" value=\"154836\""
    )));

    let good = app
        .post(
            &path,
            Who::DataEditor,
            &[
                (&format!("{one}-present"), "1"),
                (&format!("{one}-numerator"), "160000"),
                (&format!("{one}-source"), "Household ICT survey 2025"),
                (&format!("{one}-quality"), "survey_extrapolation"),
                (&format!("{four_g}-present"), "1"),
                (&format!("{four_g}-not_reported"), "yes"),
                (
                    &format!("{four_g}-not_reported_reason"),
                    "Regulator data not yet published",
                ),
            ],
        )
        .await;
    assert_eq!(good.status, 303, "{}", good.body);
    assert!(good.location().ends_with("?notice=category-saved"));
    let saved = app.get(&path, Who::DataEditor).await;
    assert!(saved.body.contains("value=\"160000\""));
    assert!(saved.body.contains("Regulator data not yet published"));
    assert!(
        saved
            .body
            .contains("value=\"survey_extrapolation\" selected")
    );
    // Viewers read, and may not write.
    let viewer = app.get(&path, Who::Viewer).await;
    assert!(!viewer.body.contains(&format!("name=\"{one}-numerator\"")));
    let refused = app
        .post(&path, Who::Viewer, &[(&format!("{one}-present"), "1")])
        .await;
    assert_eq!(refused.status, 403);
    let unknown = app
        .get(
            &app.path(&format!("{DRAFT}/categories/XX/YY")),
            Who::DataEditor,
        )
        .await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn yes_no_kpis_are_a_choice() {
    let app = App::new().await;
    let framework = Framework::u4ssc_2017().expect("framework");
    let measure = framework
        .measures()
        .into_iter()
        .find(|m| m.formula() == civitas_indicators::Formula::YesNo)
        .expect("a yes/no KPI");
    let p = prefix(&measure.kpi.code, measure.data_point_id().unwrap_or(""));
    let path = app.path(&format!(
        "{DRAFT}/categories/{}/{}",
        measure.kpi.sub_dimension, measure.kpi.category
    ));
    let page = app.get(&path, Who::DataEditor).await;
    assert!(page.body.contains(&format!(
        "id=\"{p}-value-yes\" name=\"{p}-value\" value=\"1\""
    )));
    let saved = app
        .post(
            &path,
            Who::DataEditor,
            &[(&format!("{p}-present"), "1"), (&format!("{p}-value"), "1")],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let after = app.get(&path, Who::DataEditor).await;
    assert!(after.body.contains(&format!(
        "id=\"{p}-value-yes\" name=\"{p}-value\" value=\"1\" checked"
    )));
}

#[tokio::test]
async fn settings_choose_targets_currency_verifier_and_peers() {
    let app = App::new().await;
    let path = app.path(&format!("{DRAFT}/settings"));
    let page = app.get(&path, Who::CityAdmin).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Sofía"), "the verifier candidates");
    assert_eq!(app.get(&path, Who::DataEditor).await.status, 403);
    let bad = app
        .post(
            &path,
            Who::CityAdmin,
            &[
                ("currency", "euro"),
                ("verifier", "999999"),
                ("target_set", "default"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("id=\"field-currency-error\""));
    assert!(bad.body.contains("id=\"field-verifier-error\""));
    assert!(bad.body.contains("value=\"euro\""));
    let good = app
        .post(
            &path,
            Who::CityAdmin,
            &[
                ("currency", "chf"),
                ("verifier", ""),
                ("target_set", "default"),
                ("compare_with_peers", "yes"),
            ],
        )
        .await;
    assert_eq!(good.status, 303);
    let overview = app.get(&app.path(DRAFT), Who::CityAdmin).await;
    assert!(overview.body.contains("CHF"));
    assert!(overview.body.contains("No verifier assigned"));
}

#[tokio::test]
async fn a_verified_assessment_reopens_only_with_a_reason() {
    let app = App::new().await;
    let path = app.path(&format!("{VERIFIED}/revision"));
    assert_eq!(app.get(&path, Who::CityAdmin).await.status, 200);
    assert_eq!(app.get(&path, Who::DataEditor).await.status, 403);
    let empty = app.post(&path, Who::CityAdmin, &[("reason", " ")]).await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("id=\"field-reason-error\""));
    let opened = app
        .post(
            &path,
            Who::CityAdmin,
            &[("reason", "The water utility corrected its figures")],
        )
        .await;
    assert_eq!(opened.status, 303);
    let overview = app.get(&app.path(VERIFIED), Who::CityAdmin).await;
    assert!(
        overview
            .body
            .contains("The water utility corrected its figures")
    );
    assert_eq!(status_of(&app, VERIFIED).await, "Draft");
    // Once a draft, it cannot be "reopened" again.
    let again = app
        .post(&path, Who::CityAdmin, &[("reason", "again")])
        .await;
    assert_eq!(again.status, 422);
}

#[tokio::test]
async fn the_verifier_asks_decides_and_completes_and_the_city_answers() {
    let app = App::new().await;
    let page_path = app.path(&format!("{SUBMITTED}/verification"));
    let page = app.get(&page_path, Who::Verifier).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("urban background"),
        "the demo's question"
    );
    assert!(page.body.contains("Ask the question"));
    // The city team reads it and may answer; the verifier's forms are not theirs.
    let city = app.get(&page_path, Who::DataEditor).await;
    assert!(city.body.contains("Send the answer"));
    assert!(!city.body.contains("Ask the question"));
    let viewer = app.get(&page_path, Who::Viewer).await;
    assert!(!viewer.body.contains("Send the answer"));

    let key = [("kpi", "EC: ICT: ICT: 1C"), ("data_point", "")];
    let ask = |body: &'static str| {
        let mut fields = key.to_vec();
        fields.push(("body", body));
        fields
    };
    let questions = format!("{page_path}/questions");
    let empty = app.post(&questions, Who::Verifier, &ask("  ")).await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("This field is required."));
    let asked = app
        .post(
            &questions,
            Who::Verifier,
            &ask("Which survey wave is this?"),
        )
        .await;
    assert_eq!(asked.status, 303);
    assert!(asked.location().contains("notice=note-question"));
    let editor_asks = app.post(&questions, Who::DataEditor, &ask("?")).await;
    assert_eq!(editor_asks.status, 403);
    let answered = app
        .post(
            &format!("{page_path}/answers"),
            Who::DataEditor,
            &ask("The 2024 wave."),
        )
        .await;
    assert_eq!(answered.status, 303);
    let thread = app.get(&page_path, Who::Verifier).await;
    assert!(thread.body.contains("Which survey wave is this?"));
    assert!(thread.body.contains("The 2024 wave."));

    let decisions = format!("{page_path}/decisions");
    let mut no_reason = key.to_vec();
    no_reason.push(("decision", "not-verified"));
    let refused = app.post(&decisions, Who::Verifier, &no_reason).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("not-verified\" checked"),
        "the choice is kept"
    );
    let mut no_choice = key.to_vec();
    no_choice.push(("body", "fine"));
    assert_eq!(
        app.post(&decisions, Who::Verifier, &no_choice).await.status,
        422
    );

    // Completing before every reported KPI is marked: the service's reason, clearly.
    let complete = format!("{page_path}/complete");
    let early = app.post(&complete, Who::Verifier, &[]).await;
    assert_eq!(early.status, 422);
    assert!(
        early
            .body
            .contains("Every reported KPI must be marked verified or not verified")
    );

    // Mark every pending KPI, one not verified with its reason.
    let pending: Vec<(String, String)> = {
        let entries = app
            .civitas
            .kpi_entries(
                &app.civitas
                    .session_actor(&session_of(&app, Who::Verifier))
                    .await
                    .expect("visitor"),
                app.ids["submitted"],
            )
            .await
            .expect("entries");
        entries
            .into_iter()
            .filter(|e| {
                !e.not_reported
                    && (e.numerator.is_some() || e.denominator.is_some() || e.value.is_some())
            })
            .map(|e| (e.key.kpi, e.key.data_point))
            .collect()
    };
    assert!(pending.len() > 5);
    for (i, (kpi, data_point)) in pending.iter().enumerate() {
        let decision = if i == 0 { "not-verified" } else { "verified" };
        let answer = app
            .post(
                &decisions,
                Who::Verifier,
                &[
                    ("kpi", kpi),
                    ("data_point", data_point),
                    ("decision", decision),
                    ("body", "Checked against the source"),
                ],
            )
            .await;
        assert_eq!(answer.status, 303, "{kpi} {data_point}: {}", answer.body);
    }
    let done = app.post(&complete, Who::Verifier, &[]).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(status_of(&app, SUBMITTED).await, "Verified");
    // The city sees it locked: no form fields any more.
    let form = app
        .get(
            &app.path(&format!("{SUBMITTED}/categories/ICT/ICT")),
            Who::DataEditor,
        )
        .await;
    assert!(!form.body.contains("-numerator\" name="));
    assert!(!form.body.contains("Save this category"));
}

fn session_of(app: &App, who: Who) -> String {
    app.cookie_header(who)
        .split("; ")
        .find_map(|c| c.strip_prefix("__Host-civitas_session="))
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn the_verifier_returns_the_assessment_to_the_city() {
    let app = App::new().await;
    let path = app.path(&format!("{SUBMITTED}/verification/return"));
    assert_eq!(app.post(&path, Who::DataEditor, &[]).await.status, 403);
    let returned = app.post(&path, Who::Verifier, &[]).await;
    assert_eq!(returned.status, 303);
    assert_eq!(status_of(&app, SUBMITTED).await, "Draft");
    let again = app.post(&path, Who::Verifier, &[]).await;
    assert_eq!(again.status, 422, "a draft cannot be returned again");
    assert!(
        again
            .body
            .contains("This cannot be changed at this stage of verification.")
    );
}

#[tokio::test]
async fn evidence_uploads_lists_downloads_and_deletes() {
    let app = App::new().await;
    let list = app.path(&format!("{DRAFT}/evidence"));
    let page = app.get(&list, Who::DataEditor).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("enctype=\"multipart/form-data\""));
    assert!(page.body.contains(&format!("/evidence?csrf={CSRF}")));

    let bad = upload(&app, Who::DataEditor, &list, "k0", "virus.exe", b"MZ").await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body
            .contains("Choose a PDF, PNG, JPEG, CSV, text, XLSX, DOCX or ODT file.")
    );
    let no_kpi = upload(&app, Who::DataEditor, &list, "", "a.pdf", b"%PDF").await;
    assert_eq!(no_kpi.status, 422);
    assert!(no_kpi.body.contains("id=\"field-kpi-error\""));
    assert_eq!(
        upload(&app, Who::Viewer, &list, "k0", "a.pdf", b"%PDF")
            .await
            .status,
        403
    );

    // Above the global 2 MB body limit, within the service's 10 MB.
    let big = vec![b'a'; 3 * 1024 * 1024];
    let added = upload(
        &app,
        Who::DataEditor,
        &list,
        "k0",
        "survey report.pdf",
        &big,
    )
    .await;
    assert_eq!(added.status, 303, "{}", added.body);
    let page = app.get(&list, Who::DataEditor).await;
    assert!(page.body.contains("survey report.pdf"));
    let href = page
        .body
        .split("href=\"")
        .map(|s| s.split('"').next().unwrap_or_default())
        .find(|h| h.contains("/evidence/") && !h.ends_with("/delete"))
        .expect("a download link")
        .to_string();
    let download = app.get(&href, Who::Verifier).await;
    assert_eq!(download.status, 200);
    assert_eq!(download.body.len(), big.len());
    assert_eq!(download.headers[header::CONTENT_TYPE], "application/pdf");
    let disposition = download.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap_or_default();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(disposition.contains("survey%20report.pdf"));
    assert_eq!(download.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    // The category page lists it at its KPI.
    let category = app
        .get(
            &app.path(&format!("{DRAFT}/categories/ICT/ICT")),
            Who::DataEditor,
        )
        .await;
    assert!(category.body.contains("survey report.pdf"));

    let too_big = vec![b'a'; 11 * 1024 * 1024];
    let refused = upload(&app, Who::DataEditor, &list, "k0", "huge.pdf", &too_big).await;
    assert_eq!(refused.status, 413, "{}", refused.body);
    // Other routes keep the 2 MB limit.
    let form = app
        .post(
            &app.path(&format!("{DRAFT}/inputs")),
            Who::DataEditor,
            &[("population-source", &"x".repeat(3 * 1024 * 1024))],
        )
        .await;
    assert_eq!(form.status, 413);

    let confirm = app.get(&format!("{href}/delete"), Who::DataEditor).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("survey report.pdf"));
    assert_eq!(
        app.post(&format!("{href}/delete"), Who::Viewer, &[])
            .await
            .status,
        403
    );
    let deleted = app
        .post(&format!("{href}/delete"), Who::DataEditor, &[])
        .await;
    assert_eq!(deleted.status, 303);
    assert_eq!(app.get(&href, Who::DataEditor).await.status, 404);
}

#[tokio::test]
async fn pages_are_translated_with_numbers_in_the_locale() {
    let app = App::new().await;
    let inputs = app
        .get_with(
            &app.path(&format!("{VERIFIED}/inputs")),
            Who::Viewer,
            "__Host-civitas_lang=fr",
        )
        .await;
    assert_eq!(inputs.status, 200);
    assert!(inputs.body.contains("Données de la ville"));
    assert!(
        inputs.body.contains("412\u{202f}300"),
        "French digit grouping"
    );
    let arabic = app
        .get_with(&app.path(DRAFT), Who::Viewer, "__Host-civitas_lang=ar")
        .await;
    assert!(arabic.body.contains("dir=\"rtl\""));
    assert!(arabic.body.contains("التقدم حسب الفئة"));
}

/// The category form's check as you type: the form posted as it stands gives
/// its problems, warnings and values, and nothing is saved.
#[tokio::test]
async fn checking_a_category_while_typing_saves_nothing() {
    let app = App::new().await;
    let form = app.path(&format!("{DRAFT}/categories/ICT/ICT"));
    let check = format!("{form}/check");
    let one = prefix("EC: ICT: ICT: 1C", "");
    let page = app.get(&form, Who::DataEditor).await;
    assert!(page.body.contains(&format!("data-check=\"{form}/check\"")));
    assert!(page.body.contains("/static/kpi-check.js"));
    assert!(page.body.contains("aria-live=\"polite\""));
    let viewer_page = app.get(&form, Who::Viewer).await;
    assert!(
        !viewer_page.body.contains("data-check="),
        "read-only forms are not checked"
    );

    let bad = app
        .post(
            &check,
            Who::DataEditor,
            &[
                (&format!("{one}-present"), "1"),
                (&format!("{one}-numerator"), "1,5"),
            ],
        )
        .await;
    assert_eq!(bad.status, 200, "{}", bad.body);
    assert!(
        bad.body.contains(&format!("href=\"#{one}-numerator\"")),
        "{}",
        bad.body
    );
    assert!(!bad.body.contains("<html"), "a fragment, not a page");
    // More households online than there are households: a plausibility warning.
    let odd = app
        .post(
            &check,
            Who::DataEditor,
            &[
                (&format!("{one}-present"), "1"),
                (&format!("{one}-numerator"), "500000"),
            ],
        )
        .await;
    assert_eq!(odd.status, 200);
    assert!(odd.body.contains("kpi-warnings"), "{}", odd.body);
    assert!(odd.body.contains("EC: ICT: ICT: 1C"));
    let after = app.get(&form, Who::DataEditor).await;
    assert!(
        !after.body.contains("value=\"500000\""),
        "nothing was saved"
    );
    // Only people who may edit get an answer.
    let refused = app
        .post(&check, Who::Viewer, &[(&format!("{one}-present"), "1")])
        .await;
    assert_eq!(refused.status, 403);
    let script = app.get("/static/kpi-check.js", Who::Anonymous).await;
    assert_eq!(script.status, 200);
}
