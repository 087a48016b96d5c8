//! The strategy pages: a maturity round from its creation to its results and
//! closing, the questionnaire behind a private link (no account), the
//! roadmap's actions with their errors, views, stakeholder map and exports.

use crate::harness::{App, Who};

/// The id in the roadmap table's row of the action titled `title` (the demo
/// city's own actions are listed too).
fn action_id(roadmap: &str, title: &str) -> String {
    let row = roadmap
        .find(&format!("<th scope=\"row\">{title}<"))
        .unwrap_or_else(|| panic!("no row for {title}"));
    let at = roadmap[..row]
        .rfind("data-action=\"")
        .expect("an action row")
        + 13;
    roadmap[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect()
}

/// Editor creates a round and a respondent; returns (round path, questionnaire path).
async fn round_with_respondent(app: &App) -> (String, String) {
    let created = app
        .post(
            "/cities/demo-city/maturity",
            Who::DataEditor,
            &[("name", "2026 self-assessment"), ("default_target", "3")],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let round = created
        .location()
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(round.starts_with("/cities/demo-city/maturity/"), "{round}");
    let added = app
        .post(
            &format!("{round}/respondents"),
            Who::DataEditor,
            &[("name", "Finance department"), ("kind", "department")],
        )
        .await;
    assert_eq!(added.status, 200, "{}", added.body);
    let start = added
        .body
        .find("/maturity/mq_")
        .expect("the private link is shown");
    let link: String = added.body[start..]
        .chars()
        .take_while(|c| *c != '"' && *c != '<')
        .collect();
    (round, link)
}

#[tokio::test]
async fn a_round_goes_from_questionnaire_to_agreed_gaps_and_closes() {
    let app = App::new().await;
    let (round, link) = round_with_respondent(&app).await;

    // The round page lists the respondent; the link is never shown again.
    let page = app.get(&round, Who::Viewer).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Finance department"));
    assert!(
        !page.body.contains("/maturity/mq_"),
        "the link is shown once"
    );
    assert!(page.body.contains("0 / 1 respondents"), "progress");

    // The questionnaire needs no account: a fieldset per pillar, six levels and don't know.
    let q = app.get(&link, Who::Anonymous).await;
    assert_eq!(q.status, 200, "{}", q.body);
    assert_eq!(q.body.matches("class=\"st-pillar-group\"").count(), 5);
    assert!(
        q.body
            .contains("name=\"level:vs-people-centred-vision\" value=\"dont-know\"")
    );
    assert!(q.body.contains("id=\"level-vs-people-centred-vision-5\""));
    assert!(q.body.contains("Pre-maturity"));

    // A bad evidence link is refused, per element, and what was typed stays.
    let bad = app
        .post(
            &link,
            Who::Anonymous,
            &[
                ("level:vs-people-centred-vision", "2"),
                ("url:vs-people-centred-vision", "ftp://nowhere"),
                ("intent", "save"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Give a link that starts with https://"));
    assert!(bad.body.contains("href=\"#q-vs-people-centred-vision\""));
    assert!(bad.body.contains("value=\"ftp://nowhere\""));

    // A draft, then the submission and the thank-you.
    let draft = app
        .post(
            &link,
            Who::Anonymous,
            &[("level:vs-people-centred-vision", "2"), ("intent", "save")],
        )
        .await;
    assert_eq!(draft.status, 303);
    assert!(draft.location().ends_with("?notice=saved"));
    let submitted = app
        .post(
            &link,
            Who::Anonymous,
            &[
                ("level:vs-people-centred-vision", "1"),
                ("evidence:vs-people-centred-vision", "No written vision yet"),
                ("level:vs-baseline-needs", "dont-know"),
                ("intent", "submit"),
            ],
        )
        .await;
    assert_eq!(submitted.status, 303);
    let thanks = app.get(submitted.location(), Who::Anonymous).await;
    assert!(thanks.body.contains("Thank you"), "{}", thanks.body);
    assert!(thanks.body.contains("No written vision yet"));
    assert!(thanks.body.contains("id=\"level-vs-people-centred-vision-1\" name=\"level:vs-people-centred-vision\" value=\"1\" checked"));

    // Results: the spread, the radar with its table, no gap until a target is above the level.
    let results = app.get(&format!("{round}/results"), Who::Viewer).await;
    assert_eq!(results.status, 200, "{}", results.body);
    assert!(results.body.contains("1 / 1 respondents"));
    assert!(results.body.contains("<svg class=\"st-radar\""));
    assert!(results.body.contains("st-pillar-scores"));
    assert!(
        !results.body.contains("/consensus\""),
        "viewers get no consensus form"
    );
    assert!(results.body.contains("Agreed level") || results.body.contains("st-spread"));

    // The admin agrees a level and a target: the element becomes a gap with its KPIs.
    let bad_level = app
        .post(
            &format!("{round}/consensus"),
            Who::CityAdmin,
            &[("element", "vs-people-centred-vision"), ("level", "")],
        )
        .await;
    assert_eq!(bad_level.status, 422);
    assert!(
        bad_level
            .body
            .contains("href=\"#level-vs-people-centred-vision\"")
    );
    let agreed = app
        .post(
            &format!("{round}/consensus"),
            Who::CityAdmin,
            &[
                ("element", "vs-people-centred-vision"),
                ("level", "1"),
                ("target", "4"),
                ("note", "Agreed in the steering group"),
            ],
        )
        .await;
    assert_eq!(agreed.status, 303, "{}", agreed.body);
    let results = app.get(agreed.location(), Who::CityAdmin).await;
    assert!(results.body.contains("The agreed level is saved."));
    let gaps = &results.body[results.body.find("class=\"st-gaps\"").expect("a gap table")..];
    assert!(
        gaps.contains("People-centred") || gaps.contains("vision"),
        "the gap names its element"
    );
    assert!(
        results.body.contains("/knowledge/"),
        "suggestions link to the knowledge base"
    );
    assert!(
        results
            .body
            .contains("roadmap/actions/new?element=vs-people-centred-vision"),
        "a gap leads to planning"
    );

    // Close after a confirmation; then answers and consensus are refused.
    let confirm = app.get(&format!("{round}/close"), Who::CityAdmin).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("Close the round"));
    let closed = app
        .post(&format!("{round}/close"), Who::CityAdmin, &[])
        .await;
    assert_eq!(closed.status, 303);
    let late = app
        .post(
            &link,
            Who::Anonymous,
            &[
                ("level:vs-people-centred-vision", "5"),
                ("intent", "submit"),
            ],
        )
        .await;
    assert_eq!(late.status, 422);
    assert!(late.body.contains("This round is closed"));
    let q = app.get(&link, Who::Anonymous).await;
    assert!(
        q.body.contains("disabled"),
        "a closed questionnaire is read-only"
    );
    let late_consensus = app
        .post(
            &format!("{round}/consensus"),
            Who::CityAdmin,
            &[("element", "vs-baseline-needs"), ("level", "2")],
        )
        .await;
    assert_eq!(late_consensus.status, 422);
    assert_eq!(
        app.get(&format!("{round}/close"), Who::CityAdmin)
            .await
            .status,
        422
    );

    // A link that is not a questionnaire's.
    assert_eq!(
        app.get("/maturity/mq_not-a-link", Who::Anonymous)
            .await
            .status,
        404
    );
    assert_eq!(
        app.post(
            "/maturity/mq_not-a-link",
            Who::Anonymous,
            &[("intent", "save")]
        )
        .await
        .status,
        404
    );
}

#[tokio::test]
async fn a_new_round_needs_a_name_and_a_level_on_the_scale() {
    let app = App::new().await;
    let answer = app
        .post(
            "/cities/demo-city/maturity",
            Who::CityAdmin,
            &[("name", ""), ("default_target", "9")],
        )
        .await;
    assert_eq!(answer.status, 422);
    assert!(answer.body.contains("href=\"#field-name\""));
    let list = app.get("/cities/demo-city/maturity", Who::Viewer).await;
    assert_eq!(list.status, 200);
    assert!(
        !list.body.contains("st-new-round-heading"),
        "viewers cannot start rounds"
    );
}

/// Round pages with a round created through the pages, for every visitor
/// (the matrix in authorization.rs reaches the demo's open round).
#[tokio::test]
async fn round_pages_answer_every_visitor_as_the_policy_says() {
    use Who::*;
    let app = App::new().await;
    let (round, _) = round_with_respondent(&app).await;
    let expect_read = [
        (Anonymous, 303),
        (Viewer, 200),
        (Verifier, 403),
        (DataEditor, 200),
        (OtherCityAdmin, 403),
        (CityAdmin, 200),
        (PlatformAdmin, 200),
    ];
    for path in [round.clone(), format!("{round}/results")] {
        for (who, status) in expect_read {
            assert_eq!(
                app.get(&path, who).await.status,
                status,
                "GET {path} as {who:?}"
            );
        }
    }
    let expect_write = [
        (Anonymous, 303),
        (Viewer, 403),
        (Verifier, 403),
        (DataEditor, 200),
        (OtherCityAdmin, 403),
        (CityAdmin, 200),
        (PlatformAdmin, 200),
    ];
    for (who, status) in expect_write {
        let fork = app.fork().await;
        let got = fork.get(&format!("{round}/close"), who).await.status;
        assert_eq!(got, status, "close confirmation as {who:?}");
        let added = fork
            .post(
                &format!("{round}/respondents"),
                who,
                &[("name", "Someone"), ("kind", "external")],
            )
            .await
            .status;
        assert_eq!(added, status, "add respondent as {who:?}");
        let consensus = fork
            .post(
                &format!("{round}/consensus"),
                who,
                &[("element", "vs-baseline-needs"), ("level", "2")],
            )
            .await
            .status;
        assert_eq!(
            consensus,
            if status == 200 { 303 } else { status },
            "consensus as {who:?}"
        );
    }
    // Another city's round address with the demo city's slug: not found.
    assert_eq!(
        app.get("/cities/other-city/maturity/1", PlatformAdmin)
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn roadmap_actions_are_checked_whole_and_shown_in_every_view() {
    let app = App::new().await;
    let added = app
        .post(
            "/cities/demo-city/roadmap/stakeholders",
            Who::DataEditor,
            &[
                ("name", "Regional ICT agency"),
                ("level", "regional"),
                ("sector", "government"),
            ],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    let bad_stakeholder = app
        .post(
            "/cities/demo-city/roadmap/stakeholders",
            Who::DataEditor,
            &[
                ("name", "X"),
                ("level", "galactic"),
                ("sector", "government"),
            ],
        )
        .await;
    assert_eq!(bad_stakeholder.status, 422);
    let map = app
        .get("/cities/demo-city/roadmap/stakeholders", Who::Viewer)
        .await;
    assert_eq!(map.status, 200);
    assert!(map.body.contains("Regional ICT agency"));
    let stakeholder_id: String = {
        let form = app
            .get("/cities/demo-city/roadmap/actions/new", Who::DataEditor)
            .await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert_eq!(
            form.body.matches("class=\"st-kpi-row\"").count(),
            2,
            "two empty KPI rows"
        );
        let ours = form
            .body
            .find("<legend>Regional ICT agency</legend>")
            .expect("the new stakeholder's RACI choice");
        let at = ours
            + form.body[ours..]
                .find("name=\"role\" value=\"")
                .expect("RACI checkboxes")
            + 19;
        form.body[at..]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect()
    };

    let fields = |title: &'static str, start: &'static str| {
        vec![
            ("title", title),
            ("owner", "Digital office"),
            ("budget", "250000"),
            ("currency", "EUR"),
            ("funding_source", "grant"),
            ("start_date", start),
            ("end_date", "2027-06-30"),
            ("status", "in-progress"),
            ("elements", "vs-people-centred-vision"),
            ("kpi_rows", "2"),
            ("kpi_0", "EC: ICT: ICT: 1C|"),
            ("kpi_target_0", "95"),
            ("kpi_year_0", "2028"),
            ("intent", "save"),
        ]
    };
    // A bad date is named on its field.
    let bad = app
        .post(
            "/cities/demo-city/roadmap/actions",
            Who::DataEditor,
            &fields("Vision", "2026-02-30"),
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("href=\"#field-start_date\""));
    assert!(bad.body.contains("Give a real date as YYYY-MM-DD"));
    assert!(
        bad.body.contains("value=\"Vision\""),
        "what was typed stays"
    );

    let role = format!("{stakeholder_id}:accountable");
    let mut first = fields("Write the digital vision", "2026-01-15");
    first.push(("role", &role));
    let created = app
        .post("/cities/demo-city/roadmap/actions", Who::DataEditor, &first)
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let roadmap = app.get("/cities/demo-city/roadmap", Who::Viewer).await;
    let first_id = action_id(&roadmap.body, "Write the digital vision");

    let mut second = fields("Open data portal", "2026-03-01");
    second.push(("depends_on", &first_id));
    let created = app
        .post(
            "/cities/demo-city/roadmap/actions",
            Who::DataEditor,
            &second,
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let roadmap = app.get("/cities/demo-city/roadmap", Who::Viewer).await;
    let second_id = action_id(&roadmap.body, "Open data portal");

    // A loop: the first cannot wait for the second, which waits for it.
    let mut looped = fields("Write the digital vision", "2026-01-15");
    looped.push(("depends_on", &second_id));
    let refused = app
        .post(
            &format!("/cities/demo-city/roadmap/actions/{first_id}"),
            Who::DataEditor,
            &looped,
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("do not already wait for this one"));

    // More KPI rows without saving (no JavaScript needed).
    let more = app
        .post(
            "/cities/demo-city/roadmap/actions",
            Who::DataEditor,
            &[("title", "Draft"), ("kpi_rows", "2"), ("intent", "more")],
        )
        .await;
    assert_eq!(more.status, 200);
    assert!(more.body.contains("name=\"kpi_4\""));
    assert!(more.body.contains("value=\"Draft\""));

    // The views: Gantt with its table, by pillar, by funding with totals, KPI progress, RACI.
    let roadmap = app.get("/cities/demo-city/roadmap", Who::Viewer).await;
    assert_eq!(roadmap.status, 200);
    assert!(roadmap.body.contains("<svg class=\"st-gantt\""));
    assert!(
        roadmap.body.contains("marker-end=\"url(#st-arrow)\""),
        "the dependency arrow"
    );
    assert!(
        roadmap.body.contains("500,000"),
        "grant EUR total (the demo's actions have no grant): {}",
        roadmap.body
    );
    assert!(roadmap.body.contains("EC: ICT: ICT: 1C"));
    assert!(
        !roadmap.body.contains("/delete\""),
        "viewers get no edit links"
    );
    let map = app
        .get("/cities/demo-city/roadmap/stakeholders", Who::Viewer)
        .await;
    assert!(map.body.contains("Accountable"));
    let edit = app
        .get(
            &format!("/cities/demo-city/roadmap/actions/{first_id}"),
            Who::DataEditor,
        )
        .await;
    assert_eq!(edit.status, 200);
    assert!(edit.body.contains(&format!("value=\"{role}\" checked")));
    assert_eq!(
        app.get(
            &format!("/cities/demo-city/roadmap/actions/{first_id}"),
            Who::Viewer
        )
        .await
        .status,
        403
    );

    // Exports.
    let printable = app
        .get("/cities/demo-city/roadmap/export", Who::Viewer)
        .await;
    assert_eq!(printable.status, 200);
    assert!(
        printable
            .body
            .contains("People-Centred Digital Roadmap: Demo City")
    );
    assert!(printable.body.contains("Regional ICT agency: Accountable"));

    // Delete after a confirmation; the other loses the dependency.
    let confirm = app
        .get(
            &format!("/cities/demo-city/roadmap/actions/{first_id}/delete"),
            Who::DataEditor,
        )
        .await;
    assert_eq!(confirm.status, 200);
    let deleted = app
        .post(
            &format!("/cities/demo-city/roadmap/actions/{first_id}/delete"),
            Who::DataEditor,
            &[],
        )
        .await;
    assert_eq!(deleted.status, 303);
    assert_eq!(
        app.get(
            &format!("/cities/demo-city/roadmap/actions/{first_id}"),
            Who::DataEditor
        )
        .await
        .status,
        404
    );
}

#[tokio::test]
async fn the_roadmap_pdf_is_a_pdf_in_the_visitors_language() {
    let app = App::new().await;
    let pdf = app.get("/cities/demo-city/roadmap.pdf", Who::Viewer).await;
    assert_eq!(pdf.status, 200);
    assert_eq!(
        pdf.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/pdf")
    );
    assert!(pdf.body.starts_with("%PDF-"));
    let arabic = app
        .get_with(
            "/cities/demo-city/roadmap.pdf",
            Who::Viewer,
            "__Host-civitas_lang=ar",
        )
        .await;
    assert_eq!(arabic.status, 200);
    assert_eq!(
        app.get("/cities/demo-city/roadmap.pdf", Who::Verifier)
            .await
            .status,
        403
    );
}

#[tokio::test]
async fn the_api_runs_a_round_and_the_roadmap() {
    use serde_json::json;
    let app = App::new().await;
    let demo = app.path("{demo}");
    let created = app
        .api(
            "POST",
            &format!("/api/v1/cities/{demo}/maturity-rounds"),
            Who::DataEditor,
            Some(json!({"name": "API round", "default_target": 4})),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let round: serde_json::Value = serde_json::from_str(&created.body).expect("json");
    let id = round["id"].as_i64().expect("id");
    let bad = app
        .api(
            "POST",
            &format!("/api/v1/cities/{demo}/maturity-rounds"),
            Who::DataEditor,
            Some(json!({"name": "Bad", "default_target": 7})),
        )
        .await;
    assert_eq!(bad.status, 422);
    let added = app
        .api(
            "POST",
            &format!("/api/v1/maturity-rounds/{id}/respondents"),
            Who::DataEditor,
            Some(json!({"name": "Mobility department"})),
        )
        .await;
    assert_eq!(added.status, 201, "{}", added.body);
    let link: serde_json::Value = serde_json::from_str(&added.body).expect("json");
    let secret = link["secret"].as_str().expect("secret").to_string();
    assert!(link["link"].as_str().is_some_and(|l| l.ends_with(&secret)));

    let q = format!("/api/v1/questionnaires/{secret}");
    let refused = app
        .api(
            "PUT",
            &q,
            Who::Anonymous,
            Some(json!({"answers": [{"element": "vs-people-centred-vision", "level": 9}]})),
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.body.contains("vs-people-centred-vision"),
        "the element is named"
    );
    let saved = app
        .api("PUT", &q, Who::Anonymous, Some(json!({"answers": [
            {"element": "vs-people-centred-vision", "level": 2, "evidence_url": "https://example.org/plan"},
            {"element": "vs-baseline-needs", "dont_know": true}
        ], "submit": true})))
        .await;
    assert_eq!(saved.status, 204, "{}", saved.body);
    let read = app.api("GET", &q, Who::Anonymous, None).await;
    assert_eq!(read.status, 200);
    assert!(
        read.body.contains("\"level\":null"),
        "don't know stays as such: {}",
        read.body
    );

    let agreed = app
        .api(
            "PUT",
            &format!("/api/v1/maturity-rounds/{id}/consensus"),
            Who::CityAdmin,
            Some(json!({"element": "vs-people-centred-vision", "level": 1, "note": "Agreed"})),
        )
        .await;
    assert_eq!(agreed.status, 204, "{}", agreed.body);
    let report = app
        .api(
            "GET",
            &format!("/api/v1/maturity-rounds/{id}/report?lang=fr"),
            Who::Viewer,
            None,
        )
        .await;
    assert_eq!(report.status, 200);
    let report: serde_json::Value = serde_json::from_str(&report.body).expect("json");
    assert_eq!(report["gaps"][0]["element"], "vs-people-centred-vision");
    assert_eq!(report["gaps"][0]["gap"], 3.0);
    assert_eq!(report["submitted"], 1);
    let closed = app
        .api(
            "POST",
            &format!("/api/v1/maturity-rounds/{id}/close"),
            Who::CityAdmin,
            None,
        )
        .await;
    assert_eq!(closed.status, 200);
    let late = app
        .api(
            "PUT",
            &q,
            Who::Anonymous,
            Some(json!({"answers": [{"element": "vs-baseline-needs", "level": 3}]})),
        )
        .await;
    assert_eq!(late.status, 422);
    assert!(late.body.contains("locked"));
    assert_eq!(
        app.api(
            "GET",
            "/api/v1/questionnaires/mq_nothing",
            Who::Anonymous,
            None
        )
        .await
        .status,
        404
    );

    // The roadmap: a stakeholder, two actions, a refused loop, the views, a deletion.
    let demo_actions = serde_json::from_str::<serde_json::Value>(
        &app.api(
            "GET",
            &format!("/api/v1/cities/{demo}/roadmap"),
            Who::Viewer,
            None,
        )
        .await
        .body,
    )
    .expect("json")["actions"]
        .as_array()
        .map_or(0, Vec::len);
    let s = app
        .api(
            "POST",
            &format!("/api/v1/cities/{demo}/stakeholders"),
            Who::DataEditor,
            Some(json!({"name": "University", "level": "regional", "sector": "academia"})),
        )
        .await;
    assert_eq!(s.status, 201, "{}", s.body);
    let sid = serde_json::from_str::<serde_json::Value>(&s.body).expect("json")["id"]
        .as_i64()
        .expect("id");
    let action = |title: &str, depends: Vec<i64>| {
        json!({"title": title, "owner": "Digital office", "budget": 1000, "currency": "EUR", "funding_source": "bond",
               "start_date": "2026-01-01", "end_date": "2026-12-31", "depends_on": depends,
               "elements": ["vs-people-centred-vision"],
               "kpis": [{"kpi": "EC: ICT: ICT: 1C", "target": 90, "target_year": 2030}],
               "roles": [{"stakeholder_id": sid, "role": "consulted"}]})
    };
    let a = app
        .api(
            "POST",
            &format!("/api/v1/cities/{demo}/roadmap/actions"),
            Who::DataEditor,
            Some(action("First", vec![])),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    let a_id = serde_json::from_str::<serde_json::Value>(&a.body).expect("json")["id"]
        .as_i64()
        .expect("id");
    let b = app
        .api(
            "POST",
            &format!("/api/v1/cities/{demo}/roadmap/actions"),
            Who::DataEditor,
            Some(action("Second", vec![a_id])),
        )
        .await;
    assert_eq!(b.status, 201, "{}", b.body);
    let b_id = serde_json::from_str::<serde_json::Value>(&b.body).expect("json")["id"]
        .as_i64()
        .expect("id");
    let looped = app
        .api(
            "PUT",
            &format!("/api/v1/roadmap-actions/{a_id}"),
            Who::DataEditor,
            Some(action("First", vec![b_id])),
        )
        .await;
    assert_eq!(looped.status, 422);
    assert!(looped.body.contains("depends_on"));
    let mut bad_date = action("Third", vec![]);
    bad_date["end_date"] = json!("2026-13-01");
    let refused = app
        .api(
            "POST",
            &format!("/api/v1/cities/{demo}/roadmap/actions"),
            Who::DataEditor,
            Some(bad_date),
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("end_date"));
    let roadmap = app
        .api(
            "GET",
            &format!("/api/v1/cities/{demo}/roadmap"),
            Who::Viewer,
            None,
        )
        .await;
    assert_eq!(roadmap.status, 200);
    let roadmap: serde_json::Value = serde_json::from_str(&roadmap.body).expect("json");
    assert_eq!(
        roadmap["actions"].as_array().map(Vec::len),
        Some(demo_actions + 2)
    );
    let bonds: Vec<&serde_json::Value> = roadmap["by_funding"]
        .as_array()
        .expect("by funding")
        .iter()
        .filter(|f| f["funding_source"] == "bond")
        .collect();
    assert_eq!(bonds.len(), 1, "the demo's actions have no bond");
    assert_eq!(bonds[0]["total"], 2000.0);
    assert_eq!(
        app.api(
            "DELETE",
            &format!("/api/v1/roadmap-actions/{a_id}"),
            Who::Viewer,
            None
        )
        .await
        .status,
        403
    );
    assert_eq!(
        app.api(
            "DELETE",
            &format!("/api/v1/roadmap-actions/{a_id}"),
            Who::DataEditor,
            None
        )
        .await
        .status,
        204
    );
    let second = app
        .api(
            "GET",
            &format!("/api/v1/roadmap-actions/{b_id}"),
            Who::Viewer,
            None,
        )
        .await;
    assert!(second.body.contains("\"depends_on\":[]"), "{}", second.body);
    assert_eq!(
        app.api(
            "GET",
            &format!("/api/v1/roadmap-actions/{b_id}"),
            Who::OtherCityAdmin,
            None
        )
        .await
        .status,
        404
    );
}
