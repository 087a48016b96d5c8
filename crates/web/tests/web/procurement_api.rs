//! `/api/v1` procurement: the four stages through the API on a procurement
//! of its own, the evaluators' independence on the demo's (an evaluator sees
//! only their own scores until they submit), and bad input refused with a
//! message naming the field while nothing changes.

use crate::harness::{App, Who};
use serde_json::{Value, json};

fn parse(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("JSON ({e}): {body}"))
}

async fn get(app: &App, path: &str, who: Who) -> Value {
    let answer = app.api("GET", &app.path(path), who, None).await;
    assert_eq!(answer.status, 200, "GET {path}: {}", answer.body);
    parse(&answer.body)
}

/// The demo's score sheet for the editor: every bid on every scored criterion.
fn full_sheet(mine: &Value, score: f64) -> Vec<Value> {
    let mut scores = Vec::new();
    for bid in mine["bids"].as_array().expect("bids") {
        for criterion in mine["scored"].as_array().expect("scored") {
            scores.push(json!({
                "bid_id": bid["id"],
                "criterion": criterion,
                "score": score,
                "justification": "Read against the published criteria"
            }));
        }
    }
    scores
}

#[tokio::test]
async fn an_evaluator_sees_only_their_own_scores_until_they_submit() {
    let app = App::new().await;
    let evaluation = "/api/v1/procurements/{procurement}/evaluation";
    let mine = "/api/v1/procurements/{procurement}/scores/mine";
    // No declaration yet: no bid, no score.
    for path in [evaluation, mine, "/api/v1/procurements/{procurement}/bids"] {
        let answer = app.api("GET", &app.path(path), Who::DataEditor, None).await;
        assert_eq!(answer.status, 403, "{path} before declaring");
    }
    let declared = app
        .api(
            "PUT",
            &app.path("/api/v1/procurements/{procurement}/declaration"),
            Who::DataEditor,
            Some(json!({"conflict": false, "declaration": "No links to any bidder"})),
        )
        .await;
    assert_eq!(declared.status, 200, "{}", declared.body);
    assert!(parse(&declared.body)["declared_at"].is_i64());

    let sheet = get(&app, mine, Who::DataEditor).await;
    assert_eq!(sheet["bids"].as_array().map(Vec::len), Some(3));
    assert_eq!(sheet["scores"], json!([]));
    assert_eq!(sheet["can_score"], json!(true));
    // A draft of two scores, not submitted.
    let draft: Vec<Value> = full_sheet(&sheet, 64.0).into_iter().take(2).collect();
    let saved = app
        .api(
            "PUT",
            &app.path(mine),
            Who::DataEditor,
            Some(json!({"scores": draft})),
        )
        .await;
    assert_eq!(saved.status, 204, "{}", saved.body);
    let sheet = get(&app, mine, Who::DataEditor).await;
    assert_eq!(sheet["scores"].as_array().map(Vec::len), Some(2));

    // The admin submitted long ago; the editor still sees none of it.
    let seen = app
        .api("GET", &app.path(evaluation), Who::DataEditor, None)
        .await;
    assert_eq!(seen.status, 200);
    assert!(
        !seen.body.contains("CKAN and DCAT-AP"),
        "the admin's justification stays hidden: {}",
        seen.body
    );
    let seen = parse(&seen.body);
    assert_eq!(seen["others_visible"], json!(false));
    assert_eq!(seen["spreads"], json!([]));
    assert_eq!(seen["consensus"], json!([]));
    assert_eq!(seen["result"], Value::Null);
    let report = app
        .api(
            "GET",
            &app.path("/api/v1/procurements/{procurement}/report"),
            Who::DataEditor,
            None,
        )
        .await;
    assert_eq!(report.status, 422, "no report before submitting");

    // The admin sees the submitted scores only: the editor's draft is not among them.
    let admin = get(&app, evaluation, Who::CityAdmin).await;
    assert_eq!(admin["others_visible"], json!(true));
    let spreads = admin["spreads"].as_array().expect("spreads");
    assert!(!spreads.is_empty());
    assert!(
        spreads
            .iter()
            .all(|s| s["scores"].as_array().map(Vec::len) == Some(1)),
        "{spreads:?}"
    );

    // Once the editor submits, both sheets are side by side.
    let sheet = get(&app, mine, Who::DataEditor).await;
    let submitted = app
        .api(
            "PUT",
            &app.path(mine),
            Who::DataEditor,
            Some(json!({"scores": full_sheet(&sheet, 64.0), "submit": true})),
        )
        .await;
    assert_eq!(submitted.status, 204, "{}", submitted.body);
    let seen = get(&app, evaluation, Who::DataEditor).await;
    assert_eq!(seen["others_visible"], json!(true));
    assert_eq!(seen["panel_complete"], json!(true));
    assert!(
        seen["spreads"]
            .as_array()
            .expect("spreads")
            .iter()
            .all(|s| s["scores"].as_array().map(Vec::len) == Some(2))
    );
    // Submitted: locked.
    let again = app
        .api(
            "PUT",
            &app.path(mine),
            Who::DataEditor,
            Some(json!({"scores": []})),
        )
        .await;
    assert_eq!(again.status, 422);
}

#[tokio::test]
async fn bad_input_is_refused_by_field_and_changes_nothing() {
    let app = App::new().await;
    let detail = "/api/v1/procurements/{procurement}";
    let before = get(&app, detail, Who::CityAdmin).await;

    // Weights that do not sum to 100: the engine names the column.
    let answer = app
        .api(
            "PUT",
            &app.path("/api/v1/procurements/{procurement}/criteria"),
            Who::CityAdmin,
            Some(json!({
                "criteria": [
                    {"criterion": "Quality", "weight": 50, "kind": "quality"},
                    {"criterion": "Price", "weight": 40, "kind": "price"}
                ],
                "reason": "Clarification 2"
            })),
        )
        .await;
    assert_eq!(answer.status, 422, "{}", answer.body);
    let error = parse(&answer.body);
    assert_eq!(error["problems"][0]["file"], json!("criteria"));
    let message = error["problems"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("column `weight`") && message.contains("weights sum to 90"),
        "{message}"
    );
    // A malformed body is a 400 that says why.
    let answer = app
        .api(
            "PUT",
            &app.path("/api/v1/procurements/{procurement}/criteria"),
            Who::CityAdmin,
            Some(json!({"criteria": [{"criterion": "Quality", "weight": "fifty", "kind": "quality"}]})),
        )
        .await;
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert!(
        parse(&answer.body)["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("weight")
    );

    // An inconsistent AHP matrix: its consistency ratio named, refused.
    let names = [
        "Accessibility and inclusion",
        "Open standards and exit plan",
        "Delivery plan and skills transfer",
        "Whole-life cost",
    ];
    let answer = app
        .api(
            "POST",
            &app.path("/api/v1/procurements/{procurement}/ahp"),
            Who::CityAdmin,
            Some(json!({
                "criteria": names,
                "matrix": [
                    [1, 9, "1/9", 1],
                    [null, 1, 9, 1],
                    [null, null, 1, 1],
                    [null, null, null, 1]
                ],
                "reason": "AHP"
            })),
        )
        .await;
    assert_eq!(answer.status, 422, "{}", answer.body);
    let error = parse(&answer.body);
    assert_eq!(error["problems"][0]["file"], json!("ahp"));
    assert!(
        error["problems"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("consistency ratio"),
        "{}",
        answer.body
    );

    // A price of zero or below names `price`.
    for price in [0.0, -5.0] {
        let answer = app
            .api(
                "POST",
                &app.path("/api/v1/procurements/{procurement}/bids"),
                Who::CityAdmin,
                Some(json!({"bidder": "Late Ltd", "price": price, "received_on": "2026-03-06"})),
            )
            .await;
        assert_eq!(answer.status, 422, "{}", answer.body);
        assert_eq!(parse(&answer.body)["fields"][0]["field"], json!("price"));
    }

    // A bid missing a criterion on a submitted sheet: named, nothing saved.
    app.api(
        "PUT",
        &app.path("/api/v1/procurements/{procurement}/declaration"),
        Who::DataEditor,
        Some(json!({"conflict": false})),
    )
    .await;
    let mine = "/api/v1/procurements/{procurement}/scores/mine";
    let sheet = get(&app, mine, Who::DataEditor).await;
    let mut scores = full_sheet(&sheet, 70.0);
    scores.pop();
    let answer = app
        .api(
            "PUT",
            &app.path(mine),
            Who::DataEditor,
            Some(json!({"scores": scores, "submit": true})),
        )
        .await;
    assert_eq!(answer.status, 422, "{}", answer.body);
    let error = parse(&answer.body);
    assert_eq!(error["problems"][0]["file"], json!("scores"));
    assert!(
        error["problems"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("has no score for criterion"),
        "{}",
        answer.body
    );
    // A score outside 0–100 names the bidder and criterion.
    let mut scores = full_sheet(&sheet, 70.0);
    scores[0]["score"] = json!(150);
    let answer = app
        .api(
            "PUT",
            &app.path(mine),
            Who::DataEditor,
            Some(json!({"scores": scores})),
        )
        .await;
    assert_eq!(answer.status, 422);
    assert!(answer.body.contains("is not a score from 0 to 100"));
    let sheet = get(&app, mine, Who::DataEditor).await;
    assert_eq!(sheet["scores"], json!([]), "nothing saved");
    assert_eq!(sheet["me"]["submitted_at"], Value::Null);

    // Nothing changed: criteria, AHP, bids and the history of changes.
    let after = get(&app, detail, Who::CityAdmin).await;
    for key in ["criteria", "criteria_csv", "ahp", "criteria_changes"] {
        assert_eq!(before[key], after[key], "{key}");
    }
    let bids = get(
        &app,
        "/api/v1/procurements/{procurement}/bids",
        Who::CityAdmin,
    )
    .await;
    assert_eq!(bids.as_array().map(Vec::len), Some(3));
}

/// A procurement of its own through the four stages, as a client program
/// would run it.
#[tokio::test]
async fn the_four_stages_through_the_api() {
    let app = App::new().await;
    let checklist = get(&app, "/api/v1/procurement-checklist", Who::Anonymous).await;
    assert!(
        checklist["requirements"]
            .as_array()
            .expect("requirements")
            .iter()
            .any(|r| r["id"] == json!("exit-plan"))
    );

    // Plan: linked to a roadmap action, a KPI outcome, checklist requirements.
    let created = app
        .api(
            "POST",
            &app.path("/api/v1/cities/{demo}/procurements"),
            Who::DataEditor,
            Some(json!({
                "title": "Online appointments",
                "reference": "DC-2026-21",
                "roadmap_action_id": app.ids["action"],
                "need": "Residents queue for hours at the civil registry",
                "procedure": "open",
                "payment_approach": "outcome-based",
                "budget": 50000,
                "currency": "EUR",
                "outcomes": [{"kpi": "EC: ICT: ICT: 1C", "target": 90, "target_year": 2028}],
                "requirements": ["exit-plan", "accessibility"],
                "own_requirements": [{"title": "Works by phone too"}]
            })),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = parse(&created.body)["id"].as_i64().expect("id");
    let base = format!("/api/v1/procurements/{id}");
    let detail = get(&app, &base, Who::Viewer).await;
    assert_eq!(detail["roadmap_action"]["id"], json!(app.ids["action"]));
    assert_eq!(detail["procurement"]["outcomes"][0]["target"], json!(90.0));
    assert_eq!(detail["requirements"].as_array().map(Vec::len), Some(3));
    let list = get(&app, "/api/v1/cities/{demo}/procurements", Who::Viewer).await;
    assert!(
        list.as_array()
            .expect("list")
            .iter()
            .any(|p| p["id"] == json!(id))
    );

    // Inform the market: the notice, public signed out once published.
    let call = |method: &'static str, path: String, who: Who, body: Value| {
        let app = &app;
        async move {
            let answer = app.api(method, &path, who, Some(body)).await;
            assert!(
                (200..300).contains(&answer.status),
                "{method} {path}: {} {}",
                answer.status,
                answer.body
            );
            if answer.body.is_empty() {
                Value::Null
            } else {
                parse(&answer.body)
            }
        }
    };
    call(
        "POST",
        format!("{base}/stage"),
        Who::DataEditor,
        json!({"stage": "inform-market"}),
    )
    .await;
    let hidden = app
        .api(
            "GET",
            &format!("/api/v1/tenders/{id}"),
            Who::Anonymous,
            None,
        )
        .await;
    assert_eq!(hidden.status, 404, "unpublished");
    call(
        "PUT",
        format!("{base}/notice"),
        Who::DataEditor,
        json!({
            "notice": "Market day on 2 March; questions answered publicly.",
            "questions_deadline": "2026-03-10",
            "submission_deadline": "2026-03-31",
            "published": true
        }),
    )
    .await;
    let tender = get(&app, &format!("/api/v1/tenders/{id}"), Who::Anonymous).await;
    assert_eq!(tender["title"], json!("Online appointments"));
    assert_eq!(tender["criteria"], Value::Null, "not frozen yet");
    let engagement = call(
        "POST",
        format!("{base}/engagements"),
        Who::DataEditor,
        json!({"held_on": "2026-03-02", "kind": "event", "participants": "Six suppliers", "summary": "Questions on the exit plan"}),
    )
    .await;
    assert_eq!(engagement["kind"], json!("event"));

    // Evaluate: criteria, AHP weights, freeze, evaluator, bids.
    call(
        "PUT",
        format!("{base}/criteria"),
        Who::CityAdmin,
        json!({
            "criteria": [
                {"criterion": "Accessibility", "weight": 30, "kind": "quality", "min_score": 40},
                {"criterion": "Exit plan", "weight": 30, "kind": "quality"},
                {"criterion": "Price", "weight": 40, "kind": "price"}
            ],
            "price_formula": "linear"
        }),
    )
    .await;
    let ahp = call(
        "POST",
        format!("{base}/ahp"),
        Who::CityAdmin,
        json!({
            "criteria": ["Accessibility", "Exit plan", "Price"],
            "matrix": [[1, 1, "3/4"], [null, 1, "3/4"], [null, null, 1]]
        }),
    )
    .await;
    let cr = ahp["weights"]["consistency_ratio"].as_f64().expect("CR");
    assert!(cr.abs() < 1e-9, "a consistent matrix: CR {cr}");
    let percent: Vec<f64> = ahp["weights"]["percent"]
        .as_array()
        .expect("percent")
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    assert!(
        percent
            .iter()
            .zip([30.0, 30.0, 40.0])
            .all(|(p, w)| (p - w).abs() < 1e-6),
        "{percent:?}"
    );
    call(
        "POST",
        format!("{base}/criteria/freeze"),
        Who::CityAdmin,
        json!(null),
    )
    .await;
    let frozen = get(&app, &base, Who::Viewer).await;
    assert!(frozen["procurement"]["criteria_frozen_at"].is_i64());
    assert_eq!(frozen["price_formula"]["key"], json!("linear"));
    // Frozen: a change needs its reason.
    let no_reason = app
        .api(
            "PUT",
            &format!("{base}/criteria"),
            Who::CityAdmin,
            Some(json!({"criteria": [{"criterion": "Price", "weight": 100, "kind": "price"}]})),
        )
        .await;
    assert_eq!(no_reason.status, 422);
    assert_eq!(
        parse(&no_reason.body)["fields"][0]["field"],
        json!("reason")
    );
    call(
        "POST",
        format!("{base}/stage"),
        Who::CityAdmin,
        json!({"stage": "evaluate-award"}),
    )
    .await;
    let me = get(&app, "/api/v1/me", Who::CityAdmin).await;
    let admin_id = me["user"]["id"].as_i64().expect("admin id");
    call(
        "POST",
        format!("{base}/evaluators"),
        Who::CityAdmin,
        json!({"user_id": admin_id}),
    )
    .await;
    for (bidder, price) in [("Queue Ltd", 40000), ("Civic Slots", 30000)] {
        call(
            "POST",
            format!("{base}/bids"),
            Who::CityAdmin,
            json!({"bidder": bidder, "price": price, "received_on": "2026-03-30"}),
        )
        .await;
    }
    let declared = call(
        "PUT",
        format!("{base}/declaration"),
        Who::CityAdmin,
        json!({"conflict": false, "declaration": "None"}),
    )
    .await;
    assert_eq!(declared["conflict"], json!(false));
    let sheet = get(&app, &format!("{base}/scores/mine"), Who::CityAdmin).await;
    let mut scores = Vec::new();
    for bid in sheet["bids"].as_array().expect("bids") {
        let good = bid["bidder"] == json!("Queue Ltd");
        scores.push(json!({"bid_id": bid["id"], "criterion": "Accessibility", "score": if good { 90 } else { 60 }}));
        scores.push(json!({"bid_id": bid["id"], "criterion": "Exit plan", "score": if good { 80 } else { 50 }}));
    }
    call(
        "PUT",
        format!("{base}/scores/mine"),
        Who::CityAdmin,
        json!({"scores": scores, "submit": true}),
    )
    .await;

    // Consensus from the spreads, then the ranking with its sensitivity.
    let evaluation = get(&app, &format!("{base}/evaluation"), Who::CityAdmin).await;
    assert_eq!(evaluation["panel_complete"], json!(true));
    let rows: Vec<Value> = evaluation["spreads"]
        .as_array()
        .expect("spreads")
        .iter()
        .map(|s| json!({"bid_id": s["bid_id"], "criterion": s["criterion"], "score": s["median"], "note": "Agreed"}))
        .collect();
    assert_eq!(rows.len(), 4);
    call(
        "PUT",
        format!("{base}/consensus"),
        Who::CityAdmin,
        json!({"rows": rows}),
    )
    .await;
    let evaluation = get(&app, &format!("{base}/evaluation"), Who::CityAdmin).await;
    let result = &evaluation["result"]["evaluation"];
    let first = &result["ranking"][0];
    assert_eq!(first["rank"], json!(1));
    // Quality 27 + 24, price 0 (the dearest under linear): 51 against 18 + 15 + 40 = 73.
    assert_eq!(first["bidder"], json!("Civic Slots"));
    let total = |row: &Value| row["total"].as_f64().expect("total");
    assert!((total(first) - 73.0).abs() < 1e-6, "{first}");
    assert!((total(&result["ranking"][1]) - 51.0).abs() < 1e-6);
    assert_eq!(
        result["sensitivity"].as_array().map(Vec::len),
        Some(3),
        "a row per criterion"
    );
    assert_eq!(
        evaluation["result"]["formulas"].as_array().map(Vec::len),
        Some(3)
    );

    // Award: the first needs no reason.
    let winner = evaluation["bids"]
        .as_array()
        .expect("bids")
        .iter()
        .find(|b| b["bidder"] == json!("Civic Slots"))
        .expect("winner")["id"]
        .clone();
    let awarded = call(
        "POST",
        format!("{base}/award"),
        Who::CityAdmin,
        json!({"bid_id": winner}),
    )
    .await;
    assert_eq!(awarded["stage"], json!("manage-delivery"));
    let report = get(&app, &format!("{base}/report"), Who::Viewer).await;
    assert_eq!(report["awarded_bidder"], json!("Civic Slots"));
    assert_eq!(
        report["evaluation"]["result"]["evaluation"]["ranking"][0]["bidder"],
        json!("Civic Slots")
    );
    let tender = get(&app, &format!("/api/v1/tenders/{id}"), Who::Anonymous).await;
    assert_eq!(tender["award"]["bidder"], json!("Civic Slots"));

    // Delivery: a milestone accepted, an obligation met, the go-live date.
    let milestone = call(
        "POST",
        format!("{base}/milestones"),
        Who::DataEditor,
        json!({"title": "Booking live", "due_date": "2026-09-01"}),
    )
    .await;
    let refused = app
        .api(
            "PUT",
            &format!("{base}/milestones/{}", milestone["id"]),
            Who::DataEditor,
            Some(json!({"title": "Booking live", "due_date": "2026-09-01", "status": "accepted"})),
        )
        .await;
    assert_eq!(refused.status, 422, "acceptance needs its note");
    assert_eq!(
        parse(&refused.body)["fields"][0]["field"],
        json!("acceptance_note")
    );
    let accepted = call(
        "PUT",
        format!("{base}/milestones/{}", milestone["id"]),
        Who::DataEditor,
        json!({"title": "Booking live", "due_date": "2026-09-01", "status": "accepted", "acceptance_note": "Tested with the disability council"}),
    )
    .await;
    assert_eq!(accepted["status"], json!("accepted"));
    let requirement = detail["requirements"][0]["id"].clone();
    let met = call(
        "PUT",
        format!("{base}/obligations/{requirement}"),
        Who::DataEditor,
        json!({"status": "met", "note": "Exit plan delivered"}),
    )
    .await;
    assert_eq!(met["status"], json!("met"));
    call(
        "PUT",
        format!("{base}/go-live"),
        Who::DataEditor,
        json!({"go_live_date": "2026-10-01"}),
    )
    .await;
    let delivery = get(&app, &format!("{base}/delivery"), Who::Viewer).await;
    assert_eq!(delivery["obligations_met"], json!(1));
    assert_eq!(delivery["obligations_open"], json!(2));
    assert_eq!(delivery["milestones"][0]["status"], json!("accepted"));
    assert_eq!(delivery["procurement"]["go_live_date"], json!("2026-10-01"));
    assert_eq!(delivery["outcomes"][0]["kpi"], json!("EC: ICT: ICT: 1C"));
    // The audit trail holds every step.
    let audit = app
        .api(
            "GET",
            &app.path("/api/v1/audit?city_id={demo}"),
            Who::CityAdmin,
            None,
        )
        .await;
    assert_eq!(audit.status, 200);
    for action in ["freeze-criteria", "award"] {
        assert!(audit.body.contains(action), "{action}");
    }
}
