//! The KPI assessment API (`/api/v1`, api/kpi): each endpoint's success and
//! error paths, the whole workflow through the API alone, and results that
//! agree with the offline computation of the CLI on the same figures.

use crate::harness::{Answer, App, PASSWORD, Who};
use axum::body::Body;
use axum::http::{Request, header};
use serde_json::{Value, json};

/// The figures `crates/cli/tests/kpi_agreement_cli.rs` runs the real binary on.
const FIXTURE: &str = include_str!("../../../cli/tests/fixtures/kpi_agreement.csv");
/// What that binary prints for them (`--default-targets`).
const EXPECTED: &str = include_str!("../../../cli/tests/fixtures/kpi_agreement.json");

fn parse(answer: &Answer) -> Value {
    serde_json::from_str(&answer.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", answer.body))
}

fn expect(answer: &Answer, status: u16) -> Value {
    assert_eq!(answer.status, status, "{}", answer.body);
    if answer.body.is_empty() {
        Value::Null
    } else {
        parse(answer)
    }
}

/// `(kpi, data_point, field, problem)` of every problem in a 422 body.
fn problems(body: &Value) -> Vec<(String, String, String, String)> {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let mut list: Vec<_> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| {
            (
                text(&f["kpi"]),
                text(&f["data_point"]),
                text(&f["field"]),
                text(&f["problem"]),
            )
        })
        .collect();
    list.sort();
    list
}

fn field_problems(body: &Value) -> Vec<(String, String)> {
    problems(body)
        .into_iter()
        .map(|(_, _, field, problem)| (field, problem))
        .collect()
}

/// A new member of the demo city (or a platform admin) with an API token, for
/// requests whose body is not JSON.
async fn token_for(app: &App, email: &str, role: Option<&str>, platform_admin: bool) -> String {
    let user = app
        .civitas
        .add_user_as_operator(email, "Test Person", PASSWORD, platform_admin)
        .await
        .expect("user");
    if let Some(role) = role {
        app.civitas
            .grant_role_as_operator(user.id, "demo-city", role)
            .await
            .expect("role");
    }
    let signed_in = app
        .civitas
        .sign_in(email, PASSWORD, "test")
        .await
        .expect("sign in");
    let visitor = app
        .civitas
        .session_actor(&signed_in.session_token)
        .await
        .expect("visitor");
    let (_, token) = app
        .civitas
        .create_api_token(&visitor, "tests")
        .await
        .expect("token");
    token
}

async fn raw(
    app: &App,
    method: &str,
    path: &str,
    token: &str,
    content_type: &str,
    body: Vec<u8>,
) -> Answer {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .expect("request");
    app.send(request).await
}

/// A GET whose body is kept as bytes (an XLSX file is no text).
async fn bytes(app: &App, path: &str, token: &str) -> Vec<u8> {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let request = Request::get(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request");
    let response = app
        .router
        .clone()
        .oneshot(request)
        .await
        .expect("infallible");
    assert_eq!(response.status(), 200, "{path}");
    response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec()
}

const BOUNDARY: &str = "civitas-test-boundary";

/// A `multipart/form-data` body with text fields and one file.
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Vec<u8> {
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
    body
}

fn multipart_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

/// The fixture's rows as API entries.
fn fixture_entries() -> Value {
    let number = |cell: &str| -> Value {
        if cell.is_empty() {
            Value::Null
        } else {
            json!(cell.parse::<f64>().expect("number"))
        }
    };
    let entries: Vec<Value> = FIXTURE
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split(',').map(str::trim).collect();
            assert_eq!(cells.len(), 6, "{line}");
            assert!(cells[5].is_empty(), "the fixture uses the default targets");
            json!({
                "kpi": cells[0],
                "data_point": if cells[1].is_empty() { Value::Null } else { json!(cells[1]) },
                "numerator": number(cells[2]),
                "denominator": number(cells[3]),
                "value": number(cells[4]),
                "source": "Agreement fixture",
            })
        })
        .collect();
    json!({ "entries": entries })
}

async fn new_assessment(app: &App, year: i64, start_from_previous: bool) -> i64 {
    let created = app
        .api(
            "POST",
            &app.path("/api/v1/cities/{demo}/assessments"),
            Who::DataEditor,
            Some(json!({"year": year, "start_from_previous": start_from_previous})),
        )
        .await;
    let body = expect(&created, 201);
    assert_eq!(body["status"], "draft");
    assert_eq!(body["year"], year);
    body["id"].as_i64().expect("id")
}

#[tokio::test]
async fn results_agree_with_the_offline_computation_and_the_cli() {
    let app = App::new().await;
    let id = new_assessment(&app, 2026, false).await;
    let saved = app
        .api(
            "PUT",
            &format!("/api/v1/assessments/{id}/entries"),
            Who::DataEditor,
            Some(fixture_entries()),
        )
        .await;
    let saved = expect(&saved, 200);
    assert_eq!(saved.as_array().map(Vec::len), Some(14));
    let results = app
        .api(
            "GET",
            &format!("/api/v1/assessments/{id}/results"),
            Who::DataEditor,
            None,
        )
        .await;
    let api = expect(&results, 200);
    assert_eq!(api["issues"], json!([]));
    assert_eq!(api["target_set"], "default");

    // The function the CLI calls, on the same file, with the default targets.
    let framework = civitas_indicators::Framework::u4ssc_2017().expect("framework");
    let rows =
        civitas_indicators::read_input_csv(FIXTURE.as_bytes(), &framework).expect("fixture reads");
    let targets = civitas_indicators::targets_from_rows(
        &rows,
        civitas_indicators::TargetSet::default_for(&framework).expect("default targets"),
    );
    let observations: Vec<_> = rows.into_iter().map(|r| r.observation).collect();
    let offline = civitas_indicators::evaluate(
        &framework,
        &observations,
        &civitas_indicators::CityInputs::default(),
        &targets,
    )
    .expect("evaluates");

    let kpis = api["kpis"].as_array().expect("kpis");
    assert_eq!(kpis.len(), offline.kpis.len());
    for (a, e) in kpis.iter().zip(&offline.kpis) {
        let label = format!("{} {:?}", e.kpi, e.data_point);
        assert_eq!(a["kpi"], json!(e.kpi), "{label}");
        assert_eq!(a["data_point"], json!(e.data_point), "{label}");
        assert_eq!(a["dimension"], json!(e.dimension), "{label}");
        assert_eq!(a["sub_dimension"], json!(e.sub_dimension), "{label}");
        assert_eq!(a["category"], json!(e.category), "{label}");
        assert_eq!(a["value"].as_f64(), Some(e.value), "{label}");
        assert_eq!(a["target"], json!(e.target), "{label}");
        assert_eq!(a["achievement_pct"], json!(e.achievement_pct), "{label}");
        assert_eq!(a["score"], json!(e.score), "{label}");
        assert_eq!(a["band"], json!(e.band), "{label}");
    }
    let rollup = |a: &Value, e: &civitas_indicators::RollupScore, what: &str| {
        assert_eq!(a["score_pct"], json!(e.score_pct), "{what}");
        assert_eq!(a["band"], json!(e.band), "{what}");
        assert_eq!(a["points"], json!(e.points), "{what}");
        assert_eq!(a["scored_items"], json!(e.scored_items), "{what}");
        assert_eq!(a["reported_items"], json!(e.reported_items), "{what}");
    };
    let categories = api["categories"].as_array().expect("categories");
    assert_eq!(categories.len(), offline.categories.len());
    for (a, e) in categories.iter().zip(&offline.categories) {
        assert_eq!(a["sub_dimension"], json!(e.sub_dimension));
        assert_eq!(a["category"], json!(e.category));
        rollup(a, &e.score, &e.category);
    }
    let subs = api["sub_dimensions"].as_array().expect("sub-dimensions");
    assert_eq!(subs.len(), offline.sub_dimensions.len());
    for (a, e) in subs.iter().zip(&offline.sub_dimensions) {
        assert_eq!(a["sub_dimension"], json!(e.sub_dimension));
        rollup(a, &e.score, &e.sub_dimension);
    }
    let dimensions = api["dimensions"].as_array().expect("dimensions");
    assert_eq!(dimensions.len(), offline.dimensions.len());
    for (a, e) in dimensions.iter().zip(&offline.dimensions) {
        assert_eq!(a["dimension"], json!(e.dimension));
        rollup(a, &e.score, &e.dimension);
    }
    assert_eq!(api["warnings"], json!(offline.warnings));
    assert_eq!(
        offline.warnings.len(),
        2,
        "the fixture trips two cross-KPI rules"
    );

    // And the very JSON the real `civitas kpi compute` printed (the CLI test
    // checks the binary still prints it): the CLI names groups in English.
    let cli: Value = serde_json::from_str(EXPECTED).expect("expected JSON");
    let pick = |k: &Value, keys: &[&str]| -> Value {
        keys.iter()
            .map(|key| (key.to_string(), k[*key].clone()))
            .collect::<serde_json::Map<String, Value>>()
            .into()
    };
    let kpi_keys = [
        "kpi",
        "data_point",
        "value",
        "target",
        "achievement_pct",
        "score",
        "band",
    ];
    let api_kpis: Vec<Value> = kpis.iter().map(|k| pick(k, &kpi_keys)).collect();
    assert_eq!(json!(api_kpis), cli["kpis"]);
    let sub_name = |code: &Value| {
        subs.iter()
            .find(|s| &s["sub_dimension"] == code)
            .map(|s| s["name"].clone())
            .expect("sub-dimension of a category")
    };
    let api_categories: Vec<Value> = categories
        .iter()
        .map(|c| {
            json!({"sub_dimension": sub_name(&c["sub_dimension"]), "category": c["name"],
                "score_pct": c["score_pct"], "band": c["band"]})
        })
        .collect();
    assert_eq!(json!(api_categories), cli["categories"]);
    let api_subs: Vec<Value> = subs
        .iter()
        .map(
            |s| json!({"sub_dimension": s["name"], "score_pct": s["score_pct"], "band": s["band"]}),
        )
        .collect();
    assert_eq!(json!(api_subs), cli["sub_dimensions"]);
    let api_dimensions: Vec<Value> = dimensions
        .iter()
        .map(|d| json!({"dimension": d["name"], "score_pct": d["score_pct"], "band": d["band"]}))
        .collect();
    assert_eq!(json!(api_dimensions), cli["dimensions"]);
    assert_eq!(api["warnings"], cli["warnings"]);

    // The SDG view groups those very results.
    let sdg = app
        .api(
            "GET",
            &format!("/api/v1/assessments/{id}/results/sdg"),
            Who::DataEditor,
            None,
        )
        .await;
    let sdg = expect(&sdg, 200);
    let groups = sdg.as_array().expect("groups");
    assert!(!groups.is_empty());
    let mut grouped = 0;
    for group in groups {
        for kpi in group["kpis"].as_array().expect("kpis") {
            assert!(kpis.contains(kpi), "{kpi}");
            grouped += 1;
        }
    }
    assert!(grouped >= kpis.len() / 2, "{grouped}");
}

#[tokio::test]
async fn entry_problems_come_all_at_once_and_nothing_is_saved() {
    let app = App::new().await;
    let entries_path = app.path("/api/v1/assessments/{draft}/entries");
    let before = expect(
        &app.api("GET", &entries_path, Who::DataEditor, None).await,
        200,
    );
    let batch = json!({"entries": [
        {"kpi": "EC: ICT: ICT: 1C", "numerator": 1, "denominator": 0, "quality": "great"},
        {"kpi": "NO: SUCH: KPI", "value": 1},
        {"kpi": "EN: EN: AQ: 1C", "data_point": "PM2.5", "not_reported": true, "value": 3},
        {"kpi": "SC: EH: ED: 2C", "value": 50, "source": "x".repeat(501)},
        {"kpi": "EC: I: WS: 1C", "value": 55.5, "source": "Would be fine alone"},
    ]});
    let refused = app
        .api("PUT", &entries_path, Who::DataEditor, Some(batch))
        .await;
    let body = expect(&refused, 422);
    let s = |x: &str| x.to_string();
    assert_eq!(
        problems(&body),
        vec![
            (
                s("EC: ICT: ICT: 1C"),
                s(""),
                s("denominator"),
                s("not-a-positive-number")
            ),
            (
                s("EC: ICT: ICT: 1C"),
                s(""),
                s("quality"),
                s("unknown-quality")
            ),
            (
                s("EN: EN: AQ: 1C"),
                s("PM2.5"),
                s("not_reported"),
                s("numbers-while-not-reported")
            ),
            (
                s("EN: EN: AQ: 1C"),
                s("PM2.5"),
                s("not_reported_reason"),
                s("reason-required")
            ),
            (s("NO: SUCH: KPI"), s(""), s("kpi"), s("required")),
            (s("SC: EH: ED: 2C"), s(""), s("source"), s("too-long")),
        ]
    );
    assert!(body["request_id"].is_string());
    assert!(
        body["fields"][0]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
    let after = expect(
        &app.api("GET", &entries_path, Who::DataEditor, None).await,
        200,
    );
    assert_eq!(before, after, "nothing of a refused batch is saved");

    // A number sent as text is not this JSON shape: 400 naming the field.
    let text = app
        .api(
            "PUT",
            &entries_path,
            Who::DataEditor,
            Some(json!({"entries": [{"kpi": "EC: ICT: ICT: 1C", "numerator": "12"}]})),
        )
        .await;
    let text = expect(&text, 400);
    assert!(
        text["reason"]
            .as_str()
            .is_some_and(|r| r.contains("numerator")),
        "{text}"
    );
    let token = token_for(&app, "raw@demo.example", Some("data-editor"), false).await;
    let broken = raw(
        &app,
        "PUT",
        &entries_path,
        &token,
        "application/json",
        b"{\"entries\": [".to_vec(),
    )
    .await;
    assert!(expect(&broken, 400)["error"].is_string());

    // A good batch saves and answers with every entry.
    let good = app
        .api(
            "PUT",
            &entries_path,
            Who::DataEditor,
            Some(json!({"entries": [
                {"kpi": "ec: ict: ict: 1c", "numerator": 150000, "denominator": 178600, "quality": "measured", "source": "Survey"},
                {"kpi": "SC: SH: FS: 1A", "not_reported": true, "not_reported_reason": "No data at city level"},
            ]})),
        )
        .await;
    let good = expect(&good, 200);
    let ict = good
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["kpi"] == "EC: ICT: ICT: 1C")
        .expect("stored under the catalogue's spelling");
    assert_eq!(ict["numerator"], json!(150000.0));
    assert_eq!(ict["quality"], "measured");
    assert_eq!(ict["data_point"], Value::Null);

    // Verified: every entry is locked.
    let locked = app
        .api(
            "PUT",
            &app.path("/api/v1/assessments/{verified}/entries"),
            Who::CityAdmin,
            Some(
                json!({"entries": [{"kpi": "EC: ICT: ICT: 1C", "numerator": 1, "denominator": 2}]}),
            ),
        )
        .await;
    assert_eq!(
        problems(&expect(&locked, 422)),
        vec![(s("EC: ICT: ICT: 1C"), s(""), s("kpi"), s("locked"))]
    );
}

#[tokio::test]
async fn city_inputs_save_whole_and_lock_after_submission() {
    let app = App::new().await;
    let path = app.path("/api/v1/assessments/{draft}/inputs");
    let refused = app
        .api(
            "PUT",
            &path,
            Who::DataEditor,
            Some(json!({"inputs": [
                {"input": "population", "value": 500000, "source": "Census"},
                {"input": "moons", "value": 2},
                {"input": "area", "value": -3},
            ]})),
        )
        .await;
    let body = expect(&refused, 422);
    let s = |x: &str| x.to_string();
    assert_eq!(
        problems(&body),
        vec![
            (s("area"), s(""), s("value"), s("not-a-positive-number")),
            (s("moons"), s(""), s("input"), s("required")),
        ]
    );
    let inputs = expect(&app.api("GET", &path, Who::Viewer, None).await, 200);
    let population = |inputs: &Value| {
        inputs
            .as_array()
            .expect("inputs")
            .iter()
            .find(|i| i["input"] == "population")
            .map(|i| i["value"].clone())
    };
    assert_eq!(population(&inputs), Some(json!(412300.0)));
    let saved = app
        .api(
            "PUT",
            &path,
            Who::DataEditor,
            Some(json!({"inputs": [{"input": "population", "value": 500000, "source": "Census"}]})),
        )
        .await;
    assert_eq!(population(&expect(&saved, 200)), Some(json!(500000.0)));
    let submitted = app
        .api(
            "PUT",
            &app.path("/api/v1/assessments/{submitted}/inputs"),
            Who::DataEditor,
            Some(json!({"inputs": [{"input": "population", "value": 1}]})),
        )
        .await;
    assert_eq!(
        field_problems(&expect(&submitted, 422)),
        vec![(s("value"), s("locked"))]
    );
}

#[tokio::test]
async fn only_the_assigned_verifier_reviews_and_an_unassigned_one_sees_nothing() {
    let app = App::new().await;
    let reviews = app.path("/api/v1/assessments/{submitted}/reviews");
    let verified = json!({"kpi": "EN: EN: AQ: 1C", "data_point": "PM2.5", "decision": "verified"});
    for who in [Who::DataEditor, Who::CityAdmin, Who::Viewer] {
        let refused = app.api("POST", &reviews, who, Some(verified.clone())).await;
        assert_eq!(refused.status, 403, "{who:?}");
    }
    let note = app
        .api("POST", &reviews, Who::Verifier, Some(verified.clone()))
        .await;
    let note = expect(&note, 201);
    assert_eq!(note["kind"], "verified");
    assert_eq!(note["data_point"], "PM2.5");
    let s = |x: &str| x.to_string();
    let without_reason = app
        .api(
            "POST",
            &reviews,
            Who::Verifier,
            Some(
                json!({"kpi": "EN: EN: AQ: 1C", "data_point": "PM2.5", "decision": "not-verified"}),
            ),
        )
        .await;
    assert_eq!(
        field_problems(&expect(&without_reason, 422)),
        vec![(s("body"), s("required"))]
    );
    let unknown = app
        .api(
            "POST",
            &reviews,
            Who::Verifier,
            Some(json!({"kpi": "XX: 1", "decision": "verified"})),
        )
        .await;
    assert_eq!(
        field_problems(&expect(&unknown, 422)),
        vec![(s("kpi"), s("required"))]
    );
    let maybe = app
        .api(
            "POST",
            &reviews,
            Who::Verifier,
            Some(json!({"kpi": "EN: EN: AQ: 1C", "data_point": "PM2.5", "decision": "maybe"})),
        )
        .await;
    assert_eq!(maybe.status, 400, "{}", maybe.body);
    let on_draft = app
        .api(
            "POST",
            &app.path("/api/v1/assessments/{draft}/reviews"),
            Who::Verifier,
            Some(verified.clone()),
        )
        .await;
    assert_eq!(
        field_problems(&expect(&on_draft, 422)),
        vec![(s("decision"), s("locked"))]
    );
    let entries = expect(
        &app.api(
            "GET",
            &app.path("/api/v1/assessments/{submitted}/entries"),
            Who::Viewer,
            None,
        )
        .await,
        200,
    );
    let pm25 = entries
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["kpi"] == "EN: EN: AQ: 1C" && e["data_point"] == "PM2.5")
        .expect("PM2.5");
    assert_eq!(pm25["verified"], json!(true));

    // The city admin takes the draft away from the verifier: it disappears for them.
    let unassigned = app
        .api(
            "PATCH",
            &app.path("/api/v1/assessments/{draft}/settings"),
            Who::CityAdmin,
            Some(json!({"verifier_user_id": null})),
        )
        .await;
    let unassigned = expect(&unassigned, 200);
    assert_eq!(unassigned["verifier_user_id"], Value::Null);
    assert_eq!(unassigned["currency"], "EUR", "left-out fields are kept");
    for path in [
        "/api/v1/assessments/{draft}",
        "/api/v1/assessments/{draft}/entries",
        "/api/v1/assessments/{draft}/inputs",
        "/api/v1/assessments/{draft}/notes",
        "/api/v1/assessments/{draft}/evidence",
        "/api/v1/assessments/{draft}/results",
    ] {
        let hidden = app.api("GET", &app.path(path), Who::Verifier, None).await;
        assert_eq!(hidden.status, 404, "{path}: {}", hidden.body);
    }
    let list = expect(
        &app.api(
            "GET",
            &app.path("/api/v1/cities/{demo}/assessments"),
            Who::Verifier,
            None,
        )
        .await,
        200,
    );
    let years: Vec<i64> = list
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|a| a["year"].as_i64())
        .collect();
    assert_eq!(years, vec![2024, 2023]);
}

/// Draft → submit → question, answer → return → resubmit → review → complete
/// → locked → new revision, through the API alone.
#[tokio::test]
async fn the_whole_workflow_runs_through_the_api() {
    let app = App::new().await;
    let id = new_assessment(&app, 2026, true).await;
    let at = |rest: &str| format!("/api/v1/assessments/{id}{rest}");
    let s = |x: &str| x.to_string();

    // Last year's sources came along, never its values.
    let carried = expect(
        &app.api("GET", &at("/entries"), Who::DataEditor, None).await,
        200,
    );
    let carried = carried.as_array().expect("entries");
    assert!(!carried.is_empty());
    assert!(
        carried
            .iter()
            .all(|e| e["value"].is_null() && e["numerator"].is_null())
    );
    assert!(
        carried
            .iter()
            .all(|e| e["source"].as_str().is_some_and(|s| !s.is_empty()))
    );

    // Nobody to submit to yet.
    let early = app.api("POST", &at("/submit"), Who::DataEditor, None).await;
    assert_eq!(
        field_problems(&expect(&early, 422)),
        vec![(s("verifier"), s("not-a-verifier"))]
    );
    let candidates = expect(
        &app.api(
            "GET",
            &app.path("/api/v1/cities/{demo}/verifiers"),
            Who::CityAdmin,
            None,
        )
        .await,
        200,
    );
    let verifier = candidates[0]["id"].as_i64().expect("a verifier");
    let detail = app
        .api(
            "PATCH",
            &at("/settings"),
            Who::CityAdmin,
            Some(json!({"verifier_user_id": verifier, "currency": "EUR"})),
        )
        .await;
    assert_eq!(expect(&detail, 200)["verifier_user_id"], json!(verifier));

    // Figures, one of them using a shared city input as its denominator.
    let inputs = app
        .api(
            "PUT",
            &at("/inputs"),
            Who::DataEditor,
            Some(
                json!({"inputs": [{"input": "households", "value": 178600, "source": "Register"}]}),
            ),
        )
        .await;
    expect(&inputs, 200);
    let entries = json!({"entries": [
        {"kpi": "EC: ICT: ICT: 1C", "numerator": 151800, "source": "Survey", "quality": "measured"},
        {"kpi": "EN: EN: AQ: 1C", "data_point": "PM2.5", "value": 10, "source": "Stations"},
    ]});
    expect(
        &app.api("PUT", &at("/entries"), Who::DataEditor, Some(entries))
            .await,
        200,
    );
    let results = expect(
        &app.api("GET", &at("/results"), Who::DataEditor, None).await,
        200,
    );
    let ict = results["kpis"]
        .as_array()
        .expect("kpis")
        .iter()
        .find(|k| k["kpi"] == "EC: ICT: ICT: 1C")
        .expect("ICT 1C");
    assert_eq!(ict["value"].as_f64(), Some(151800.0 * 100.0 / 178600.0));

    let detail = expect(&app.api("GET", &at(""), Who::DataEditor, None).await, 200);
    assert_eq!(detail["permissions"]["submit"], true);
    assert_eq!(detail["permissions"]["verify"], false);
    let submitted = expect(
        &app.api("POST", &at("/submit"), Who::DataEditor, None).await,
        200,
    );
    assert_eq!(submitted["status"], "submitted");
    let again = app.api("POST", &at("/submit"), Who::DataEditor, None).await;
    assert_eq!(
        field_problems(&expect(&again, 422)),
        vec![(s("status"), s("locked"))]
    );
    let detail = expect(&app.api("GET", &at(""), Who::Verifier, None).await, 200);
    assert_eq!(detail["permissions"]["verify"], true);
    assert!(detail["verifier_name"].is_string());

    // A question, the city's answer, and back to the city.
    let pm25 = json!({"kpi": "EN: EN: AQ: 1C", "data_point": "PM2.5"});
    let mut question = pm25.clone();
    question["body"] = json!("Which stations are averaged?");
    expect(
        &app.api(
            "POST",
            &at("/questions"),
            Who::Verifier,
            Some(question.clone()),
        )
        .await,
        201,
    );
    let refused = app
        .api("POST", &at("/questions"), Who::DataEditor, Some(question))
        .await;
    assert_eq!(refused.status, 403);
    let mut answer = pm25.clone();
    answer["body"] = json!("All urban background stations.");
    expect(
        &app.api(
            "POST",
            &at("/answers"),
            Who::DataEditor,
            Some(answer.clone()),
        )
        .await,
        201,
    );
    let returned = expect(
        &app.api("POST", &at("/return"), Who::Verifier, None).await,
        200,
    );
    assert_eq!(returned["status"], "draft");
    let late = app
        .api("POST", &at("/answers"), Who::DataEditor, Some(answer))
        .await;
    assert_eq!(
        field_problems(&expect(&late, 422)),
        vec![(s("body"), s("locked"))]
    );
    expect(
        &app.api("POST", &at("/submit"), Who::DataEditor, None).await,
        200,
    );

    // The review: complete only once every reported KPI is decided.
    let incomplete = app.api("POST", &at("/complete"), Who::Verifier, None).await;
    assert_eq!(
        field_problems(&expect(&incomplete, 422)),
        vec![(s("review"), s("review-incomplete"))]
    );
    for (kpi, data_point) in [
        ("EC: ICT: ICT: 1C", Value::Null),
        ("EN: EN: AQ: 1C", json!("PM2.5")),
    ] {
        let review = json!({"kpi": kpi, "data_point": data_point, "decision": "verified", "note": "Checked"});
        expect(
            &app.api("POST", &at("/reviews"), Who::Verifier, Some(review))
                .await,
            201,
        );
    }
    // A verified entry no longer changes while the review runs.
    let frozen = app
        .api(
            "PUT",
            &at("/entries"),
            Who::DataEditor,
            Some(
                json!({"entries": [{"kpi": "EN: EN: AQ: 1C", "data_point": "PM2.5", "value": 9}]}),
            ),
        )
        .await;
    assert_eq!(
        problems(&expect(&frozen, 422)),
        vec![(s("EN: EN: AQ: 1C"), s("PM2.5"), s("kpi"), s("locked"))]
    );
    let editor_completes = app
        .api("POST", &at("/complete"), Who::DataEditor, None)
        .await;
    assert_eq!(editor_completes.status, 403);
    let done = expect(
        &app.api("POST", &at("/complete"), Who::Verifier, None).await,
        200,
    );
    assert_eq!(done["status"], "verified");
    assert!(done["verified_at"].is_i64());

    // Locked: no entry, input, setting or file changes.
    let locked = app
        .api(
            "PUT",
            &at("/entries"),
            Who::CityAdmin,
            Some(json!({"entries": [{"kpi": "EC: ICT: ICT: 1C", "numerator": 1}]})),
        )
        .await;
    assert_eq!(locked.status, 422);
    let settings = app
        .api(
            "PATCH",
            &at("/settings"),
            Who::CityAdmin,
            Some(json!({"compare_with_peers": true})),
        )
        .await;
    assert_eq!(
        field_problems(&expect(&settings, 422)),
        vec![(s("target_set"), s("locked"))]
    );
    let results = expect(
        &app.api("GET", &at("/results"), Who::Viewer, None).await,
        200,
    );
    assert_eq!(results["status"], "verified");
    assert!(
        results["verification"]
            .as_array()
            .expect("verification")
            .iter()
            .all(|v| v["verified"] == json!(true))
    );
    let notes = expect(&app.api("GET", &at("/notes"), Who::Viewer, None).await, 200);
    let kinds: Vec<&str> = notes
        .as_array()
        .expect("notes")
        .iter()
        .filter_map(|n| n["kind"].as_str())
        .collect();
    assert_eq!(kinds, vec!["question", "answer", "verified", "verified"]);

    // A correction needs a new revision, with a reason, by the city's admin.
    let no_reason = app
        .api(
            "POST",
            &at("/revisions"),
            Who::CityAdmin,
            Some(json!({"reason": "  "})),
        )
        .await;
    assert_eq!(
        field_problems(&expect(&no_reason, 422)),
        vec![(s("reason"), s("reason-required"))]
    );
    let by_editor = app
        .api(
            "POST",
            &at("/revisions"),
            Who::DataEditor,
            Some(json!({"reason": "Typo"})),
        )
        .await;
    assert_eq!(by_editor.status, 403);
    let revision = expect(
        &app.api(
            "POST",
            &at("/revisions"),
            Who::CityAdmin,
            Some(json!({"reason": "The statistics office revised the household count"})),
        )
        .await,
        201,
    );
    assert_eq!(revision["revision"], 2);
    assert_eq!(revision["status"], "draft");
    assert_eq!(
        revision["revision_reason"],
        "The statistics office revised the household count"
    );
    expect(
        &app.api(
            "PUT",
            &at("/entries"),
            Who::DataEditor,
            Some(
                json!({"entries": [{"kpi": "EN: EN: AQ: 1C", "data_point": "PM2.5", "value": 9}]}),
            ),
        )
        .await,
        200,
    );
}

#[tokio::test]
async fn evidence_uploads_lists_downloads_and_deletes() {
    let app = App::new().await;
    let token = token_for(&app, "files@demo.example", Some("data-editor"), false).await;
    let list = app.path("/api/v1/assessments/{draft}/evidence");
    let pdf = b"%PDF-1.4 test evidence".to_vec();
    let upload = |fields: Vec<(&'static str, &'static str)>,
                  file: Option<(&'static str, Vec<u8>)>| {
        let body = multipart(
            &fields,
            file.as_ref().map(|(name, bytes)| (*name, bytes.as_slice())),
        );
        let (app, list, token) = (&app, list.clone(), token.clone());
        async move { raw(app, "POST", &list, &token, &multipart_type(), body).await }
    };
    let created = upload(
        vec![("kpi", "EN: EN: AQ: 1C"), ("data_point", "PM2.5")],
        Some(("station report.pdf", pdf.clone())),
    )
    .await;
    let created = expect(&created, 201);
    assert_eq!(created["file_name"], "station report.pdf");
    assert_eq!(created["content_type"], "application/pdf");
    assert_eq!(created["size"], json!(pdf.len()));
    assert_eq!(created["data_point"], "PM2.5");
    let evidence = created["id"].as_i64().expect("id");

    let s = |x: &str| x.to_string();
    let exe = upload(
        vec![("kpi", "EN: EN: AQ: 1C"), ("data_point", "PM2.5")],
        Some(("tool.exe", b"MZ".to_vec())),
    )
    .await;
    assert_eq!(
        field_problems(&expect(&exe, 422)),
        vec![(s("file"), s("unsupported-file-type"))]
    );
    let no_file = upload(
        vec![("kpi", "EN: EN: AQ: 1C"), ("data_point", "PM2.5")],
        None,
    )
    .await;
    assert_eq!(expect(&no_file, 422)["fields"][0]["field"], "file");
    let no_kpi = upload(vec![], Some(("a.pdf", pdf.clone()))).await;
    assert_eq!(
        field_problems(&expect(&no_kpi, 422)),
        vec![(s("kpi"), s("required"))]
    );
    let on_verified = raw(
        &app,
        "POST",
        &app.path("/api/v1/assessments/{verified}/evidence"),
        &token,
        &multipart_type(),
        multipart(&[("kpi", "EN: EN: AQ: 1C")], Some(("a.pdf", &pdf))),
    )
    .await;
    assert_eq!(
        field_problems(&expect(&on_verified, 422)),
        vec![(s("file"), s("locked"))]
    );

    let listed = expect(&app.api("GET", &list, Who::Viewer, None).await, 200);
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert_eq!(listed[0]["id"], json!(evidence));

    let file = format!("{list}/{evidence}");
    let expected = [
        (Who::Anonymous, 401),
        (Who::Viewer, 200),
        (Who::Verifier, 200),
        (Who::DataEditor, 200),
        (Who::OtherCityAdmin, 404),
        (Who::CityAdmin, 200),
        (Who::PlatformAdmin, 200),
    ];
    for (who, status) in expected {
        let got = app.api("GET", &file, who, None).await;
        assert_eq!(got.status, status, "{who:?}");
        if status == 200 {
            assert_eq!(got.body.as_bytes(), pdf.as_slice());
            assert_eq!(got.headers[header::CONTENT_TYPE], "application/pdf");
            let disposition = got.headers[header::CONTENT_DISPOSITION]
                .to_str()
                .expect("ASCII");
            assert!(disposition.starts_with("attachment;"), "{disposition}");
            assert!(
                disposition.contains("station%20report.pdf"),
                "{disposition}"
            );
        }
    }
    // Another assessment's path does not reach this file.
    let elsewhere = app
        .api(
            "GET",
            &format!(
                "{}/{evidence}",
                app.path("/api/v1/assessments/{submitted}/evidence")
            ),
            Who::CityAdmin,
            None,
        )
        .await;
    assert_eq!(elsewhere.status, 404);

    for (who, status) in [
        (Who::Anonymous, 401),
        (Who::Viewer, 403),
        (Who::Verifier, 403),
        (Who::OtherCityAdmin, 404),
    ] {
        assert_eq!(
            app.api("DELETE", &file, who, None).await.status,
            status,
            "{who:?}"
        );
    }
    let deleted = app.api("DELETE", &file, Who::DataEditor, None).await;
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    assert_eq!(
        app.api("GET", &file, Who::DataEditor, None).await.status,
        404
    );
    assert_eq!(
        app.api("DELETE", &file, Who::DataEditor, None).await.status,
        404
    );
}

#[tokio::test]
async fn a_city_target_set_scores_its_assessments() {
    let app = App::new().await;
    let token = token_for(&app, "targets@demo.example", Some("data-editor"), false).await;
    let sets = app.path("/api/v1/cities/{demo}/target-sets");
    let bad = raw(
        &app,
        "POST",
        &format!("{sets}?name=Ours&file_name=ours.csv"),
        &token,
        "text/csv",
        b"kpi,data_point,target,source\nNO: SUCH,,5,x\nEN: EN: AQ: 1C,PM2.5,lots,WHO\nEN: EN: AQ: 1C,PM10,10,\n"
            .to_vec(),
    )
    .await;
    let bad = expect(&bad, 422);
    let messages: Vec<&str> = bad["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter_map(|p| p["message"].as_str())
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages[0].starts_with("row 2, column kpi"), "{messages:?}");
    assert!(
        messages[1].starts_with("row 3, column target"),
        "{messages:?}"
    );
    assert!(
        messages[2].starts_with("row 4, column source"),
        "{messages:?}"
    );
    assert_eq!(bad["problems"][0]["file"], "ours.csv");

    let nameless = raw(
        &app,
        "POST",
        &sets,
        &token,
        "text/csv",
        b"kpi,target\n".to_vec(),
    )
    .await;
    assert_eq!(expect(&nameless, 422)["fields"][0]["field"], "name");

    let created = raw(
        &app,
        "POST",
        &format!("{sets}?name=Ours"),
        &token,
        "text/csv",
        b"kpi,data_point,target,source\nEN: EN: AQ: 1C,PM2.5,10,National air plan 2030\n".to_vec(),
    )
    .await;
    let created = expect(&created, 201);
    let key = created["key"].as_str().expect("key").to_string();
    assert!(key.starts_with("city:"), "{key}");
    let choices = expect(&app.api("GET", &sets, Who::Viewer, None).await, 200);
    let keys: Vec<&str> = choices
        .as_array()
        .expect("choices")
        .iter()
        .filter_map(|c| c["key"].as_str())
        .collect();
    assert_eq!(keys, vec!["default", key.as_str()]);

    let pm25_target = |results: &Value| {
        results["kpis"]
            .as_array()
            .expect("kpis")
            .iter()
            .find(|k| k["kpi"] == "EN: EN: AQ: 1C" && k["data_point"] == "PM2.5")
            .map(|k| k["target"].clone())
    };
    let results_path = app.path("/api/v1/assessments/{draft}/results");
    let before = expect(&app.api("GET", &results_path, Who::Viewer, None).await, 200);
    assert_eq!(pm25_target(&before), Some(json!(5.0)));
    let unknown = app
        .api(
            "PATCH",
            &app.path("/api/v1/assessments/{draft}/settings"),
            Who::CityAdmin,
            Some(json!({"target_set": "city:999999"})),
        )
        .await;
    assert_eq!(
        expect(&unknown, 422)["fields"][0]["problem"],
        "unknown-target-set"
    );
    let chosen = app
        .api(
            "PATCH",
            &app.path("/api/v1/assessments/{draft}/settings"),
            Who::CityAdmin,
            Some(json!({"target_set": key})),
        )
        .await;
    assert_eq!(expect(&chosen, 200)["target_set"], json!(key));
    let after = expect(&app.api("GET", &results_path, Who::Viewer, None).await, 200);
    assert_eq!(pm25_target(&after), Some(json!(10.0)));
    assert_eq!(after["target_set_name"], "Ours");
}

#[tokio::test]
async fn a_platform_admin_loads_a_framework_version_once() {
    let app = App::new().await;
    let token = token_for(&app, "frameworks@example.org", None, true).await;
    let path = "/api/v1/kpi-frameworks";
    let listed = expect(&app.api("GET", path, Who::Viewer, None).await, 200);
    assert_eq!(listed[0]["key"], "u4ssc@2017.1");
    assert_eq!(listed[0]["loaded_at"], Value::Null);
    assert!(listed[0]["measures"].as_u64().is_some_and(|m| m > 91));

    let toml = civitas_indicators::U4SSC_2017_TOML.replacen(
        "version = \"2017.1\"",
        "version = \"2099.1\"",
        1,
    );
    assert_ne!(toml, civitas_indicators::U4SSC_2017_TOML);
    let loaded = raw(
        &app,
        "POST",
        path,
        &token,
        "application/toml",
        toml.clone().into_bytes(),
    )
    .await;
    let loaded = expect(&loaded, 201);
    assert_eq!(loaded["key"], "u4ssc@2099.1");
    assert_eq!(loaded["kpis"], listed[0]["kpis"]);
    let twice = raw(
        &app,
        "POST",
        path,
        &token,
        "application/toml",
        toml.into_bytes(),
    )
    .await;
    assert_eq!(
        field_problems(&expect(&twice, 422)),
        vec![("file".to_string(), "already-taken".to_string())]
    );
    let garbage = raw(
        &app,
        "POST",
        &format!("{path}?file_name=mine.toml"),
        &token,
        "application/toml",
        b"[framework\nid =".to_vec(),
    )
    .await;
    let garbage = expect(&garbage, 422);
    assert_eq!(garbage["problems"][0]["file"], "mine.toml");
    let listed = expect(&app.api("GET", path, Who::DataEditor, None).await, 200);
    assert_eq!(listed.as_array().map(Vec::len), Some(2));
    assert_eq!(listed[1]["key"], "u4ssc@2099.1");
}

#[tokio::test]
async fn assessments_are_created_once_per_year_and_settings_are_checked() {
    let app = App::new().await;
    let path = app.path("/api/v1/cities/{demo}/assessments");
    let s = |x: &str| x.to_string();
    let taken = app
        .api("POST", &path, Who::DataEditor, Some(json!({"year": 2025})))
        .await;
    assert_eq!(
        field_problems(&expect(&taken, 422)),
        vec![(s("year"), s("already-taken"))]
    );
    let ancient = app
        .api("POST", &path, Who::DataEditor, Some(json!({"year": 1800})))
        .await;
    assert_eq!(
        field_problems(&expect(&ancient, 422)),
        vec![(s("year"), s("not-a-year"))]
    );
    let text = app
        .api(
            "POST",
            &path,
            Who::DataEditor,
            Some(json!({"year": "2026"})),
        )
        .await;
    assert_eq!(text.status, 400);
    let list = expect(&app.api("GET", &path, Who::Viewer, None).await, 200);
    let years: Vec<i64> = list
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|a| a["year"].as_i64())
        .collect();
    assert_eq!(years, vec![2025, 2024, 2023]);

    let settings = app.path("/api/v1/assessments/{draft}/settings");
    let editor = app.path("{editor}");
    let wrong = app
        .api(
            "PATCH",
            &settings,
            Who::CityAdmin,
            Some(
                json!({"verifier_user_id": editor.parse::<i64>().expect("id"), "currency": "EURO"}),
            ),
        )
        .await;
    assert_eq!(
        field_problems(&expect(&wrong, 422)),
        vec![
            (s("currency"), s("unknown-currency")),
            (s("verifier"), s("not-a-verifier")),
        ]
    );
    let opted = app
        .api(
            "PATCH",
            &settings,
            Who::CityAdmin,
            Some(json!({"compare_with_peers": true})),
        )
        .await;
    let opted = expect(&opted, 200);
    assert_eq!(opted["compare_with_peers"], true);
    assert!(opted["verifier_user_id"].is_i64(), "kept");

    // Opted in: a distribution (too few peers in the demo to show one).
    let peers = expect(
        &app.api(
            "GET",
            &app.path("/api/v1/assessments/{draft}/peers"),
            Who::Viewer,
            None,
        )
        .await,
        200,
    );
    assert_eq!(peers["opted_in"], true);
    assert_eq!(peers["population_from"], json!(412_300 / 2));
    assert_eq!(peers["dimensions"], json!([]));
    let not_opted = expect(
        &app.api(
            "GET",
            &app.path("/api/v1/assessments/{verified}/peers"),
            Who::Anonymous,
            None,
        )
        .await,
        200,
    );
    assert_eq!(not_opted["opted_in"], false);
}

#[tokio::test]
async fn trends_show_each_visitor_the_years_they_may_see() {
    let app = App::new().await;
    let path = app.path("/api/v1/cities/{demo}/kpi-trend");
    let team = expect(&app.api("GET", &path, Who::DataEditor, None).await, 200);
    assert_eq!(team["years"], json!([2023, 2024, 2025]));
    let public = expect(&app.api("GET", &path, Who::Anonymous, None).await, 200);
    assert_eq!(public["years"], json!([2023]));
    let dimensions = team["dimensions"].as_array().expect("dimensions");
    assert!(!dimensions.is_empty());
    assert!(
        dimensions
            .iter()
            .all(|d| d["values"].as_array().map(Vec::len) == Some(3))
    );
    // The trend's 2023 scores are the 2023 results' scores.
    let results = expect(
        &app.api(
            "GET",
            &app.path("/api/v1/assessments/{verified}/results"),
            Who::Anonymous,
            None,
        )
        .await,
        200,
    );
    for d in results["dimensions"].as_array().expect("dimensions") {
        let line = dimensions
            .iter()
            .find(|l| l["label"] == d["name"])
            .expect("a line per dimension");
        assert_eq!(line["values"][0], d["score_pct"]);
    }
}

#[tokio::test]
async fn an_exported_file_imports_back_and_a_changed_one_changes_the_draft() {
    let app = App::new().await;
    let token = token_for(&app, "exchange@demo.example", Some("data-editor"), false).await;
    let export = app.path("/api/v1/assessments/{draft}/export");
    let import = app.path("/api/v1/assessments/{draft}/import");

    let csv = app
        .api("GET", &format!("{export}?format=csv"), Who::Verifier, None)
        .await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    assert!(
        csv.headers[header::CONTENT_TYPE]
            .to_str()
            .is_ok_and(|t| t.starts_with("text/csv"))
    );
    let disposition = csv.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .expect("ASCII");
    assert!(
        disposition.starts_with("attachment;") && disposition.contains(".csv"),
        "{disposition}"
    );
    let xlsx = bytes(&app, &format!("{export}?format=xlsx"), &token).await;
    assert!(xlsx.starts_with(b"PK\x03\x04"), "a zip container");
    assert_eq!(
        app.api(
            "GET",
            &format!("{export}?format=pdf"),
            Who::DataEditor,
            None
        )
        .await
        .status,
        400
    );

    // Exactly what was exported: nothing would change.
    let same = raw(
        &app,
        "POST",
        &format!("{import}?dry_run=true&file_name=draft.csv"),
        &token,
        "text/csv",
        csv.body.clone().into_bytes(),
    )
    .await;
    let same = expect(&same, 200);
    assert_eq!(same["changes_anything"], false, "{same}");
    assert_eq!(same["applied"], false);
    assert_eq!(same["format"], "csv");
    assert!(same["entries_unchanged"].as_u64().is_some_and(|n| n > 10));

    // One city input changed in the file: a dry run says so and changes nothing.
    let changed: String = csv
        .body
        .lines()
        .map(|line| {
            if line.starts_with("input,population,") {
                line.replace("412300", "500000")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(changed.trim(), csv.body.trim());
    let inputs_path = app.path("/api/v1/assessments/{draft}/inputs");
    let population = |inputs: &Value| {
        inputs
            .as_array()
            .expect("inputs")
            .iter()
            .find(|i| i["input"] == "population")
            .map(|i| i["value"].clone())
    };
    let preview = raw(
        &app,
        "POST",
        &format!("{import}?dry_run=true"),
        &token,
        "text/csv",
        changed.clone().into_bytes(),
    )
    .await;
    let preview = expect(&preview, 200);
    assert_eq!(preview["inputs_changed"], 1, "{preview}");
    let inputs = expect(&app.api("GET", &inputs_path, Who::Viewer, None).await, 200);
    assert_eq!(population(&inputs), Some(json!(412300.0)));
    let applied = raw(
        &app,
        "POST",
        &import,
        &token,
        "text/csv",
        changed.into_bytes(),
    )
    .await;
    let applied = expect(&applied, 200);
    assert_eq!(applied["applied"], true);
    assert_eq!(applied["inputs_changed"], 1);
    let inputs = expect(&app.api("GET", &inputs_path, Who::Viewer, None).await, 200);
    assert_eq!(population(&inputs), Some(json!(500000.0)));

    // The workbook reads back too.
    let workbook = raw(
        &app,
        "POST",
        &format!("{import}?dry_run=true&file_name=draft.xlsx"),
        &token,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        xlsx,
    )
    .await;
    assert_eq!(workbook.status, 200, "{}", workbook.body);

    // A bad cell is named; nothing changes.
    let bad: String = csv
        .body
        .lines()
        .map(|line| {
            if line.starts_with("input,population,") {
                line.replace("412300", "many")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let refused = raw(&app, "POST", &import, &token, "text/csv", bad.into_bytes()).await;
    let refused = expect(&refused, 422);
    let message = refused["problems"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("row") && message.contains("value"),
        "{refused}"
    );
    let inputs = expect(&app.api("GET", &inputs_path, Who::Viewer, None).await, 200);
    assert_eq!(population(&inputs), Some(json!(500000.0)));

    // Only a draft is replaced wholesale.
    let verified = raw(
        &app,
        "POST",
        &app.path("/api/v1/assessments/{verified}/import"),
        &token,
        "text/csv",
        csv.body.into_bytes(),
    )
    .await;
    assert_eq!(
        field_problems(&expect(&verified, 422)),
        vec![("file".to_string(), "locked".to_string())]
    );
}
