//! Procurement pages on the demo's procurement (criteria frozen, three bids,
//! the admin's scores submitted, the editor an evaluator who has not
//! declared): the plan form, criteria with the engine's messages, the
//! evaluators' independence, consensus, result, award, report, delivery and
//! the public notice, on success and error paths.

use crate::harness::{App, Who};

/// The demo's criteria with weights summing to 90: the engine's message,
/// shown in English under a translated heading, and nothing changed.
#[tokio::test]
async fn criteria_that_do_not_sum_to_100_show_the_engines_message_and_change_nothing() {
    let app = App::new().await;
    let path = app.path("/procurement/{procurement}/criteria");
    let before = app.get(&path, Who::CityAdmin).await;
    assert_eq!(before.status, 200);
    assert!(before.body.contains("Accessibility and inclusion"));
    assert!(before.body.contains("Frozen and published on"));
    let answer = app
        .post(
            &path,
            Who::CityAdmin,
            &[
                (
                    "criteria",
                    "criterion,weight,kind\nQuality,50,quality\nPrice,40,price\n",
                ),
                ("price_formula", "lowest"),
                ("reason", "Clarification 2"),
            ],
        )
        .await;
    assert_eq!(answer.status, 422);
    assert!(answer.body.contains("This could not be saved"));
    assert!(
        answer
            .body
            .contains("rows 2–3, column `weight`: weights sum to 90, expected 100"),
        "{}",
        answer.body
    );
    assert!(
        answer
            .body
            .contains(r#"<span lang="en" dir="ltr">criteria: "#)
    );
    let after = app.get(&path, Who::CityAdmin).await;
    assert!(after.body.contains("Accessibility and inclusion"));
    assert!(!after.body.contains("Changes after freezing"));
    // In French the heading is translated, the engine's words stay English.
    let fr = app
        .get_with(&path, Who::CityAdmin, "__Host-civitas_lang=fr")
        .await;
    assert_eq!(fr.status, 200);
    // Frozen: a change without a reason is refused, with one it is kept.
    let no_reason = app
        .post(
            &path,
            Who::CityAdmin,
            &[("criteria", civitas_service::DEMO_PROCUREMENT_CRITERIA)],
        )
        .await;
    assert_eq!(no_reason.status, 422);
    let changed = civitas_service::DEMO_PROCUREMENT_CRITERIA.replace(
        "Delivery plan and skills transfer,15,quality,,",
        "Delivery plan and skills transfer,15,quality,40,",
    );
    let saved = app
        .post(
            &path,
            Who::CityAdmin,
            &[
                ("criteria", changed.as_str()),
                ("reason", "Clarification 3: a threshold on delivery"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let after = app.get(&path, Who::CityAdmin).await;
    assert!(
        after
            .body
            .contains("Clarification 3: a threshold on delivery")
    );
    // An inconsistent AHP matrix is refused with its consistency ratio.
    let ahp = app
        .post(
            &app.path("/procurement/{procurement}/ahp"),
            Who::CityAdmin,
            &[
                ("ahp_0_1", "9"),
                ("ahp_0_2", "1/9"),
                ("ahp_0_3", "1"),
                ("ahp_1_2", "9"),
                ("ahp_1_3", "1"),
                ("ahp_2_3", "1"),
                ("reason", "AHP"),
            ],
        )
        .await;
    assert_eq!(ahp.status, 422);
    assert!(ahp.body.contains("consistency ratio"), "{}", ahp.body);
    let ahp = app
        .post(
            &app.path("/procurement/{procurement}/ahp"),
            Who::CityAdmin,
            &[
                ("ahp_0_1", "1"),
                ("ahp_0_2", "2"),
                ("ahp_0_3", "1/2"),
                ("ahp_1_2", "2"),
                ("ahp_1_3", "1/2"),
                ("ahp_2_3", "1/4"),
                ("reason", "Weights from the panel's pairwise judgements"),
            ],
        )
        .await;
    assert_eq!(ahp.status, 303, "{}", ahp.body);
    let after = app.get(&path, Who::CityAdmin).await;
    assert!(after.body.contains("Weights derived by AHP"));
    assert!(after.body.contains("Consistency ratio (CR): 0.000"));
}

/// The plan form: the checklist as checkboxes, every problem named, nothing
/// stored on error; a good plan opens the procurement.
#[tokio::test]
async fn the_plan_form_names_every_problem_and_opens_a_procurement() {
    let app = App::new().await;
    let list = app.get("/cities/demo-city/procurement", Who::Viewer).await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("Accessible open data platform"));
    assert!(!list.body.contains("/procurement/new"), "viewers open none");
    let form = app
        .get("/cities/demo-city/procurement/new", Who::DataEditor)
        .await;
    assert_eq!(form.status, 200);
    assert!(
        form.body
            .contains(r#"type="checkbox" id="req-exit-plan" name="requirement" value="exit-plan""#)
    );
    let bad = app
        .post(
            "/cities/demo-city/procurement",
            Who::DataEditor,
            &[
                ("title", ""),
                ("need", "Residents wait in line"),
                ("procedure", "lottery"),
                ("payment_approach", "fixed-price"),
                ("budget", "-5"),
                ("requirement", "exit-plan"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("This could not be saved"));
    assert!(bad.body.contains(r##"href="#field-title""##));
    assert!(bad.body.contains(r##"href="#field-procedure""##));
    assert!(bad.body.contains(r##"href="#field-budget""##));
    assert!(
        bad.body.contains("Residents wait in line"),
        "typed text kept"
    );
    assert!(
        bad.body.contains(r#"value="exit-plan" checked"#),
        "ticks kept"
    );
    let still = app
        .get("/cities/demo-city/procurement", Who::DataEditor)
        .await;
    assert_eq!(still.body.matches("href=\"/procurement/").count(), 1);
    let good = app
        .post(
            "/cities/demo-city/procurement",
            Who::DataEditor,
            &[
                ("title", "Online appointments"),
                ("need", "Residents wait in line"),
                ("procedure", "open"),
                ("payment_approach", "outcome-based"),
                ("budget", "50000"),
                ("currency", "EUR"),
                ("outcome_kpi_0", "EC: ICT: ICT: 1C|"),
                ("outcome_target_0", "85"),
                ("requirement", "exit-plan"),
                ("requirement", "accessibility"),
                ("own_title_0", "Works by phone too"),
            ],
        )
        .await;
    assert_eq!(good.status, 303, "{}", good.body);
    let page = app.get(good.location(), Who::DataEditor).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("The procurement was opened."));
    assert!(page.body.contains("Works by phone too"));
    assert!(page.body.contains("Outcome-based"));
    // Arabic: right to left, translated.
    let ar = app
        .get_with(good.location(), Who::DataEditor, "__Host-civitas_lang=ar")
        .await;
    assert!(ar.body.contains(r#"dir="rtl""#));
    assert!(ar.body.contains("الخطة"));
}

/// An evaluator who has not declared, or declared a conflict, sees no bid;
/// one who declared none sees only their own scores until they submit.
#[tokio::test]
async fn evaluators_declare_first_and_see_only_their_own_scores_before_submitting() {
    let app = App::new().await;
    let bids = app.path("/procurement/{procurement}/bids");
    let declaration = app.path("/procurement/{procurement}/declaration");
    assert_eq!(app.get(&bids, Who::DataEditor).await.status, 403);
    let overview = app
        .get(&app.path("/procurement/{procurement}"), Who::DataEditor)
        .await;
    assert!(
        overview
            .body
            .contains("declare your interests before you see any bid")
    );

    let conflicted = app.fork().await;
    let answer = conflicted
        .post(
            &declaration,
            Who::DataEditor,
            &[("conflict", "yes"), ("declaration", "")],
        )
        .await;
    assert_eq!(answer.status, 422, "a conflict needs its description");
    let answer = conflicted
        .post(
            &declaration,
            Who::DataEditor,
            &[
                ("conflict", "yes"),
                ("declaration", "My sister works for Civic Platforms SA"),
            ],
        )
        .await;
    assert_eq!(answer.status, 303);
    assert_eq!(conflicted.get(&bids, Who::DataEditor).await.status, 403);
    assert_eq!(
        conflicted
            .get(
                &app.path("/procurement/{procurement}/report"),
                Who::DataEditor
            )
            .await
            .status,
        403
    );

    let answer = app
        .post(
            &declaration,
            Who::DataEditor,
            &[
                ("conflict", "no"),
                ("declaration", "No links to any bidder"),
            ],
        )
        .await;
    assert_eq!(answer.status, 303);
    let page = app.get(&bids, Who::DataEditor).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Your independent scores"));
    assert!(page.body.contains("stay hidden until you submit"));
    assert!(
        !page.body.contains("CKAN and DCAT-AP"),
        "the admin's submitted justification is not shown"
    );
    assert!(!page.body.contains("Independent scores and consensus"));
    // A bad cell is refused with the engine's words and what was typed kept.
    let answer = app
        .post(
            &app.path("/procurement/{procurement}/scores"),
            Who::DataEditor,
            &sheet(&app, &[("150", "Too good")], "save").await,
        )
        .await;
    assert_eq!(answer.status, 422);
    assert!(answer.body.contains("is not a score from 0 to 100"));
    assert!(answer.body.contains("Too good"));
}

/// The score sheet's fields for the editor: `scores` fill the first cells.
async fn sheet(
    app: &App,
    scores: &[(&str, &str)],
    intent: &str,
) -> Vec<(&'static str, &'static str)> {
    let page = app
        .get(
            &app.path("/procurement/{procurement}/bids"),
            Who::DataEditor,
        )
        .await;
    let mut fields: Vec<(String, String)> = Vec::new();
    for (name, value) in hidden_inputs(&page.body) {
        fields.push((name, value));
    }
    for (n, (score, why)) in scores.iter().enumerate() {
        fields.push((format!("score_{n}"), (*score).into()));
        fields.push((format!("justification_{n}"), (*why).into()));
    }
    fields.push(("intent".into(), intent.into()));
    // The harness takes static strings: these few leak for the test's life.
    fields
        .into_iter()
        .filter(|(k, _)| k != "csrf")
        .map(|(k, v)| (&*k.leak(), &*v.leak()))
        .collect()
}

fn hidden_inputs(body: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for part in body.split(r#"<input type="hidden" name=""#).skip(1) {
        let Some((name, rest)) = part.split_once('"') else {
            continue;
        };
        let value = rest
            .split_once(r#"value=""#)
            .and_then(|(_, v)| v.split_once('"'))
            .map(|(v, _)| v.to_string())
            .unwrap_or_default();
        out.push((name.to_string(), value));
    }
    out
}

/// Through the rest of evaluate and award and into delivery: the editor
/// submits, the admin agrees the consensus, the result shows the ranking
/// under each formula and the sensitivity, the award is announced on the
/// public page, the report explains each number, delivery tracks milestones
/// and obligations.
#[tokio::test]
async fn consensus_result_award_report_delivery_and_public_notice() {
    let app = App::new().await;
    let bids = app.path("/procurement/{procurement}/bids");
    app.post(
        &app.path("/procurement/{procurement}/declaration"),
        Who::DataEditor,
        &[("conflict", "no"), ("declaration", "None")],
    )
    .await;
    let scores = [
        ("80", "Screen-reader tests planned"),
        ("85", "Exit plan with data and code"),
        ("70", "Hand-over plan"),
        ("72", "WCAG promised"),
        ("60", "Proprietary harvester"),
        ("80", "Weekly demos"),
        ("50", "Statement only"),
        ("40", "No exit plan"),
        ("55", "No named staff"),
    ];
    let scores_path = app.path("/procurement/{procurement}/scores");
    let incomplete = app
        .post(
            &scores_path,
            Who::DataEditor,
            &sheet(&app, &scores[..2], "submit").await,
        )
        .await;
    assert_eq!(incomplete.status, 422);
    assert!(
        incomplete
            .body
            .contains("score every bid on every criterion before submitting")
    );
    let submitted = app
        .post(
            &scores_path,
            Who::DataEditor,
            &sheet(&app, &scores, "submit").await,
        )
        .await;
    assert_eq!(submitted.status, 303, "{}", submitted.body);
    let page = app.get(&bids, Who::DataEditor).await;
    assert!(page.body.contains("Independent scores and consensus"));
    assert!(page.body.contains("CKAN and DCAT-AP") || page.body.contains("Amina Diallo 85"));

    // The admin agrees the consensus: the fields the page offers, notes added.
    let admin_page = app.get(&bids, Who::CityAdmin).await;
    let mut fields: Vec<(String, String)> = hidden_inputs(&admin_page.body)
        .into_iter()
        .filter(|(k, _)| k != "csrf")
        .collect();
    let rows: usize = fields
        .iter()
        .find(|(k, _)| k == "rows")
        .and_then(|(_, v)| v.parse().ok())
        .expect("rows");
    assert_eq!(rows, 9);
    for n in 0..rows {
        let value = admin_page
            .body
            .split(&format!(
                r#"name="score_{n}" type="text" dir="ltr" size="5" value=""#
            ))
            .nth(1)
            .and_then(|v| v.split_once('"'))
            .map(|(v, _)| v.to_string())
            .expect("agreed score offered");
        fields.push((format!("score_{n}"), value));
        fields.push((format!("note_{n}"), "Agreed after discussion".into()));
    }
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let answer = app
        .post(
            &app.path("/procurement/{procurement}/consensus"),
            Who::CityAdmin,
            &fields,
        )
        .await;
    assert_eq!(answer.status, 303, "{}", answer.body);
    let result = app.get(&bids, Who::CityAdmin).await;
    for expected in [
        "Ranking under the published price formula",
        "Effect of the price formula",
        "Lowest-price ratio (published)",
        "Sensitivity of the winner to the weights",
        "Award the contract to",
    ] {
        assert!(result.body.contains(expected), "{expected}");
    }
    // Before consensus the viewer saw no bid; the report waits for the award.
    assert_eq!(
        app.get(&app.path("/procurement/{procurement}/report"), Who::Viewer)
            .await
            .status,
        403
    );
    // A bid that is not first needs a reason.
    let award_form = result
        .body
        .split(r#"id="field-bid_id""#)
        .nth(1)
        .and_then(|rest| rest.split("</select>").next())
        .expect("the award form");
    let bid_ids: Vec<String> = award_form
        .split(r#"<option value=""#)
        .skip(1)
        .filter_map(|p| p.split_once('"').map(|(v, _)| v.to_string()))
        .filter(|v| v.parse::<i64>().is_ok())
        .collect();
    assert!(bid_ids.len() >= 2);
    // The options come in ranking order: the first is rank 1.
    let first_label = award_form
        .split(r#"<option value=""#)
        .nth(1)
        .and_then(|o| o.split_once('>'))
        .map(|(_, label)| label)
        .unwrap_or_default();
    assert!(first_label.starts_with("1 – "), "{award_form}");
    let award = app.path("/procurement/{procurement}/award");
    let refused = app
        .post(&award, Who::CityAdmin, &[("bid_id", bid_ids[1].as_str())])
        .await;
    assert_eq!(refused.status, 422);
    let awarded = app
        .post(&award, Who::CityAdmin, &[("bid_id", bid_ids[0].as_str())])
        .await;
    // On failure, what the service refused and the ranking the page offered.
    assert_eq!(
        awarded.status,
        303,
        "{}\n{award_form}",
        awarded.body.split("<main").nth(1).unwrap_or(&awarded.body)
    );

    let report = app
        .get(&app.path("/procurement/{procurement}/report"), Who::Viewer)
        .await;
    assert_eq!(report.status, 200);
    for expected in [
        "Awarded to",
        "How points are computed",
        "Share earned",
        "Points",
        "Download the report as PDF",
    ] {
        assert!(report.body.contains(expected), "{expected}");
    }
    // The same report as a PDF: the ranking, each bid's points, the sensitivity.
    let json = app
        .api(
            "GET",
            &app.path("/api/v1/procurements/{procurement}/report"),
            Who::Viewer,
            None,
        )
        .await;
    let json: serde_json::Value = serde_json::from_str(&json.body).expect("report JSON");
    let ranking = json["evaluation"]["result"]["evaluation"]["ranking"]
        .as_array()
        .expect("ranking")
        .clone();
    let pdf = app
        .get(
            &app.path("/procurement/{procurement}/report.pdf"),
            Who::Viewer,
        )
        .await;
    assert_eq!(pdf.status, 200);
    assert_eq!(
        pdf.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/pdf")
    );
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    let text = civitas_snapshot::pdf_text(&pdf.bytes);
    let winner = ranking[0]["bidder"].as_str().expect("winner");
    assert!(text.contains(&format!("Awarded to {winner}")), "{text}");
    for row in &ranking {
        let bidder = row["bidder"].as_str().expect("bidder");
        let caption = format!("{bidder} – Rank {} · Total ", row["rank"]);
        assert!(text.contains(&caption), "{caption} in {text}");
    }
    for expected in [
        "Evaluation report: Accessible open data platform",
        "Sensitivity of the winner to the weights",
        "Effect of the price formula",
        "Page 1 / ",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let public = app
        .get(
            &app.path("/cities/demo-city/tenders/{procurement}"),
            Who::Anonymous,
        )
        .await;
    assert_eq!(public.status, 200);
    assert!(public.body.contains("Awarded to"));
    assert!(public.body.contains("Whole-life cost"));

    // Delivery: a milestone, an obligation not met needs a note.
    let delivery = app.path("/procurement/{procurement}/delivery");
    let added = app
        .post(
            &app.path("/procurement/{procurement}/milestones"),
            Who::DataEditor,
            &[
                ("title", "Catalogue live"),
                ("due_date", "2026-09-01"),
                ("status", "planned"),
            ],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    let page = app.get(&delivery, Who::Viewer).await;
    assert!(page.body.contains("Catalogue live"));
    let obligation: String = page
        .body
        .split("/obligations/")
        .nth(1)
        .and_then(|p| p.split_once('"'))
        .map(|(id, _)| id.to_string())
        .unwrap_or_default();
    assert!(obligation.is_empty(), "viewers get no form");
    let page = app.get(&delivery, Who::DataEditor).await;
    let obligation: String = page
        .body
        .split("/obligations/")
        .nth(1)
        .and_then(|p| p.split_once('"'))
        .map(|(id, _)| id.to_string())
        .expect("an obligation form");
    let path = app.path(&format!(
        "/procurement/{{procurement}}/obligations/{obligation}"
    ));
    let refused = app
        .post(
            &path,
            Who::DataEditor,
            &[("status", "not-met"), ("note", "")],
        )
        .await;
    assert_eq!(refused.status, 422);
    let met = app
        .post(
            &path,
            Who::DataEditor,
            &[("status", "met"), ("note", "OpenAPI published")],
        )
        .await;
    assert_eq!(met.status, 303);
    let live = app
        .post(
            &app.path("/procurement/{procurement}/go-live"),
            Who::DataEditor,
            &[("go_live_date", "2026-10-01")],
        )
        .await;
    assert_eq!(live.status, 303);
    let page = app.get(&delivery, Who::Viewer).await;
    assert!(page.body.contains("1 met"));
    assert!(page.body.contains("Live since 2026-10-01."));
    assert!(page.body.contains("Outcome KPIs after go-live"));
}

/// The public pages need no account; an unpublished city's do not exist.
#[tokio::test]
async fn public_notices_for_published_cities_only() {
    let app = App::new().await;
    let list = app.get("/cities/demo-city/tenders", Who::Anonymous).await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("Accessible open data platform"));
    let notice = app
        .get(
            &app.path("/cities/demo-city/tenders/{procurement}"),
            Who::Anonymous,
        )
        .await;
    assert_eq!(notice.status, 200);
    assert!(
        notice.body.contains("Whole-life cost"),
        "frozen criteria published"
    );
    assert!(
        notice.body.contains(r#"lang="en""#),
        "checklist titles marked English"
    );
    assert_eq!(
        app.get(
            &app.path("/cities/other-city/tenders/{procurement}"),
            Who::Anonymous
        )
        .await
        .status,
        404
    );
    assert_eq!(
        app.get("/cities/other-city/tenders", Who::Anonymous)
            .await
            .status,
        404
    );
}
