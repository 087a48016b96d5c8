//! The digital-divide pages and API on the demo city (its published
//! 2,400-respondent survey, district boundaries and two inclusion actions):
//! upload with a malformed file, declaration with a bad mapping then a good
//! one, results with suppressed cells that never show a number (HTML, CSV,
//! JSON), publication, the public view, map, taxonomy and the plan.

use crate::harness::{App, CSRF, Who};
use axum::body::Body;
use axum::http::{Request, header};

const BOUNDARY: &str = "civitas-test-boundary";

/// A multipart form with text fields and one file, as a browser posts it.
async fn multipart(
    app: &App,
    path: &str,
    who: Who,
    fields: &[(&str, &str)],
    file: (&str, &[u8]),
) -> crate::harness::Answer {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            file.0
        )
        .as_bytes(),
    );
    body.extend_from_slice(file.1);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let separator = if path.contains('?') { '&' } else { '?' };
    let request = Request::post(format!("{path}{separator}csrf={CSRF}"))
        .header(header::COOKIE, app.cookie_header(who))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(body))
        .expect("request");
    app.send(request).await
}

/// The demo survey's id.
async fn demo_survey(app: &App) -> i64 {
    civitas_store::DivideStore::survey_datasets(app.db.store().as_ref(), app.ids["demo"])
        .await
        .expect("surveys")
        .last()
        .expect("the demo survey")
        .id
}

/// Every `<tr class="dv-suppressed-row">` of a page, checked to carry no digit
/// outside its group label (`<th>`); returns how many there are.
fn suppressed_rows_without_numbers(html: &str) -> usize {
    let mut count = 0;
    for part in html.split("<tr class=\"dv-suppressed-row\">").skip(1) {
        let row = &part[..part.find("</tr>").expect("row end")];
        let cells = &row[row.find("</th>").expect("group label")..];
        // The text of the cells, without their tags and attributes.
        let mut text = String::new();
        let mut in_tag = false;
        for c in cells.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        assert!(
            !text
                .chars()
                .any(|c| c.is_ascii_digit() || ('\u{660}'..='\u{669}').contains(&c)),
            "a suppressed cell shows a number: {row}"
        );
        count += 1;
    }
    count
}

#[tokio::test]
async fn results_show_suppressed_cells_in_words_with_parity_targets_and_csv() {
    let app = App::new().await;
    let id = demo_survey(&app).await;
    let page = app
        .get(&format!("/cities/demo-city/divide/{id}"), Who::Viewer)
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Individuals using the Internet"));
    assert!(page.body.contains("Gender parity"));
    assert!(page.body.contains("Parity not reached") || page.body.contains("Close to parity"));
    assert!(page.body.contains("dv-band-"), "target bands");
    assert!(page.body.contains("Age group"));
    let suppressed = suppressed_rows_without_numbers(&page.body);
    assert!(suppressed > 0, "the demo survey has suppressed cells");
    assert!(page.body.contains("Suppressed</strong>: "));
    // The viewer may neither publish nor declare.
    assert!(!page.body.contains("/unpublish\""));
    assert!(!page.body.contains("/declare\""));

    // Arabic: right to left, translated, still no number in a suppressed cell.
    let arabic = app
        .get_with(
            &format!("/cities/demo-city/divide/{id}"),
            Who::Viewer,
            "__Host-civitas_lang=ar",
        )
        .await;
    assert_eq!(arabic.status, 200);
    assert!(arabic.body.contains("dir=\"rtl\""));
    assert!(arabic.body.contains("التكافؤ بين الجنسين"));
    assert_eq!(suppressed_rows_without_numbers(&arabic.body), suppressed);

    // The CSV is the suppressed table: a suppressed row has no number.
    let csv = app
        .get(
            &format!("/cities/demo-city/divide/{id}/results.csv"),
            Who::Viewer,
        )
        .await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.body
            .starts_with("indicator,code,breakdown,group,estimate_pct")
    );
    let mut suppressed_lines = 0;
    for line in csv.body.lines().skip(1) {
        let fields: Vec<&str> = line.rsplitn(7, ',').collect();
        let reason = fields[0];
        if reason != "\"\"" {
            suppressed_lines += 1;
            // estimate, interval, respondents and reliability are empty.
            assert!(fields[1..6].iter().all(|f| f.is_empty()), "{line}");
        }
    }
    assert_eq!(suppressed_lines, suppressed);
    assert!(!csv.body.contains("weight"), "never the microdata");
}

#[tokio::test]
async fn a_malformed_csv_is_refused_with_its_row_and_a_viewer_may_not_upload() {
    let app = App::new().await;
    let bad = multipart(
        &app,
        "/cities/demo-city/divide/surveys",
        Who::DataEditor,
        &[("name", "Broken"), ("year", "2025")],
        ("broken.csv", b"a,b\n1,2\n3\n"),
    )
    .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("broken.csv"));
    assert!(bad.body.contains("row 3"), "{}", bad.body);
    assert!(
        bad.body.contains("value=\"Broken\""),
        "the form keeps its values"
    );

    let missing_year = multipart(
        &app,
        "/cities/demo-city/divide/surveys",
        Who::DataEditor,
        &[("name", "No year"), ("year", "")],
        ("ok.csv", b"a,b\n1,2\n"),
    )
    .await;
    assert_eq!(missing_year.status, 422);
    assert!(missing_year.body.contains("href=\"#field-year\""));

    let refused = multipart(
        &app,
        "/cities/demo-city/divide/surveys",
        Who::Viewer,
        &[("name", "x"), ("year", "2025")],
        ("x.csv", b"a,b\n1,2\n"),
    )
    .await;
    assert_eq!(refused.status, 403);
}

#[tokio::test]
async fn upload_declare_with_errors_then_results_and_publication() {
    let app = App::new().await;
    let uploaded = multipart(
        &app,
        "/cities/demo-city/divide/surveys",
        Who::DataEditor,
        &[("name", "Second wave"), ("year", "2026")],
        ("wave2.csv", civitas_service::DEMO_SURVEY),
    )
    .await;
    assert_eq!(uploaded.status, 303, "{}", uploaded.body);
    let declare = uploaded
        .location()
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(declare.ends_with("/declare"), "{declare}");
    let results = declare.trim_end_matches("/declare").to_string();

    // The form lists the file's columns and guesses the obvious ones.
    let form = app.get(&declare, Who::DataEditor).await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.body.contains("<option selected>weight</option>"));
    assert!(form.body.contains("name=\"col:internet-use\""));
    assert!(form.body.contains("HH7"));
    assert!(form.body.contains("<option selected>district</option>"));
    // Not declared yet: the results page sends the team to the form.
    assert_eq!(app.get(&results, Who::Viewer).await.status, 303);

    let mut fields: Vec<(&str, &str)> = vec![
        ("weight", "weight"),
        ("strata", "stratum"),
        ("cluster1", "ea"),
        ("lonely_psu", "fail"),
        ("col:internet-use", "internet_use"),
        ("yes:internet-use", "yes"),
        ("col:home-internet", "home_internet"),
        ("yes:home-internet", "1"),
        ("bd:gender", "gender"),
        ("bd:age_group", "age_group"),
        ("bd:district", "district"),
        ("female", "female"),
        ("male", "male"),
        ("min_respondents", "30"),
        ("min_count", "5"),
        ("min_effective", "30"),
        ("max_width", "0.30"),
        ("max_relative_width", "1.30"),
    ];
    let refused = app.post(&declare, Who::DataEditor, &fields).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("column `internet_use` never takes the value `yes`"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("value=\"yes\""),
        "what was typed stays"
    );

    let bad_number = app
        .post(
            &declare,
            Who::DataEditor,
            &[
                ("col:internet-use", "internet_use"),
                ("yes:internet-use", "1"),
                ("max_width", "wide"),
            ],
        )
        .await;
    assert_eq!(bad_number.status, 422);
    assert!(
        bad_number
            .body
            .contains("Widest confidence interval (0 to 1): write a positive number.")
    );

    fields[5] = ("yes:internet-use", "1");
    let saved = app.post(&declare, Who::DataEditor, &fields).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(saved.location().starts_with(&results));

    let page = app.get(&results, Who::DataEditor).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("Households with Internet access at home")
    );
    suppressed_rows_without_numbers(&page.body);

    // Not published: residents see nothing; the editor may not publish.
    let public = format!("{results}/public");
    assert_eq!(app.get(&public, Who::Anonymous).await.status, 404);
    assert_eq!(
        app.post(&format!("{results}/publish"), Who::DataEditor, &[])
            .await
            .status,
        403
    );
    let confirm = app.get(&format!("{results}/publish"), Who::CityAdmin).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("Publish these results?"));
    let published = app
        .post(&format!("{results}/publish"), Who::CityAdmin, &[])
        .await;
    assert_eq!(published.status, 303);
    let seen = app.get(&public, Who::Anonymous).await;
    assert_eq!(seen.status, 200, "{}", seen.body);
    assert!(seen.body.contains("Second wave"));
    suppressed_rows_without_numbers(&seen.body);
    assert!(
        seen.body.contains("Digital helpers in every library"),
        "the plan"
    );
    assert!(seen.body.contains("role=\"img\""), "the district map");

    // Deleted by the city admin after a confirmation.
    assert_eq!(
        app.get(&format!("{results}/delete"), Who::CityAdmin)
            .await
            .status,
        200
    );
    let deleted = app
        .post(&format!("{results}/delete"), Who::CityAdmin, &[])
        .await;
    assert_eq!(deleted.status, 303);
    assert_eq!(app.get(&public, Who::Anonymous).await.status, 404);
}

#[tokio::test]
async fn residents_read_only_published_surveys() {
    let app = App::new().await;
    let id = demo_survey(&app).await;
    let list = app.get("/cities/demo-city/divide", Who::Anonymous).await;
    assert_eq!(list.status, 200);
    assert!(
        list.body
            .contains(&format!("/cities/demo-city/divide/{id}/public"))
    );
    assert!(
        !list.body.contains("ict-survey-2025.csv"),
        "no file names for residents"
    );
    assert!(!list.body.contains("enctype=\"multipart/form-data\""));
    let public = app
        .get(
            &format!("/cities/demo-city/divide/{id}/public"),
            Who::Anonymous,
        )
        .await;
    assert_eq!(public.status, 200);
    assert!(public.body.contains("Gender parity"));
    assert!(suppressed_rows_without_numbers(&public.body) > 0);
    // The team's results page is not for residents.
    let team = app
        .get(&format!("/cities/demo-city/divide/{id}"), Who::Anonymous)
        .await;
    assert_eq!(team.status, 303, "sign in");

    // Withdrawn: gone for residents, still there for the team.
    let withdrawn = app
        .post(
            &format!("/cities/demo-city/divide/{id}/unpublish"),
            Who::CityAdmin,
            &[],
        )
        .await;
    assert_eq!(withdrawn.status, 303);
    assert_eq!(
        app.get(
            &format!("/cities/demo-city/divide/{id}/public"),
            Who::Anonymous
        )
        .await
        .status,
        404
    );
    let list = app.get("/cities/demo-city/divide", Who::Anonymous).await;
    assert!(!list.body.contains(&format!("/divide/{id}/public")));
    let preview = app
        .get(
            &format!("/cities/demo-city/divide/{id}/public"),
            Who::Viewer,
        )
        .await;
    assert_eq!(preview.status, 200);
    assert!(preview.body.contains("Preview: not published yet"));
    let api = app
        .api(
            "GET",
            &format!("/api/v1/divide/surveys/{id}/report"),
            Who::Anonymous,
            None,
        )
        .await;
    assert_eq!(api.status, 404);
}

#[tokio::test]
async fn map_taxonomy_and_boundaries() {
    let app = App::new().await;
    let id = demo_survey(&app).await;
    let map = app
        .get(
            &format!("/cities/demo-city/divide/{id}/map?indicator=home-internet"),
            Who::Viewer,
        )
        .await;
    assert_eq!(map.status, 200, "{}", map.body);
    assert!(map.body.contains("<svg"));
    assert!(
        map.body
            .contains("Households with Internet access at home, by district")
    );
    assert!(
        map.body
            .contains("<option value=\"home-internet\" selected>")
    );
    assert!(map.body.contains("Old Town"));
    suppressed_rows_without_numbers(&map.body);

    let by_gap = app
        .get(
            &format!("/cities/demo-city/divide/{id}/taxonomy"),
            Who::DataEditor,
        )
        .await;
    assert_eq!(by_gap.status, 200);
    assert!(by_gap.body.contains("Age group: 65+"));
    assert!(by_gap.body.contains("/divide/plan/new?gap="));
    let by_people = app
        .get(
            &format!("/cities/demo-city/divide/{id}/taxonomy?rank=people"),
            Who::Viewer,
        )
        .await;
    assert_eq!(by_people.status, 200);
    assert!(by_people.body.contains("most people affected first"));
    assert!(
        !by_people.body.contains("/divide/plan/new"),
        "viewers plan nothing"
    );

    // Boundaries: a bad file is refused with the feature named, the old ones stay.
    let page = app
        .get("/cities/demo-city/divide/boundaries", Who::DataEditor)
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Old Town"));
    let bad = multipart(
        &app,
        "/cities/demo-city/divide/boundaries",
        Who::DataEditor,
        &[("name_property", "")],
        (
            "bad.geojson",
            br#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"label":"X"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#,
        ),
    )
    .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("features[0]"), "{}", bad.body);
    assert!(bad.body.contains("Old Town"), "the stored boundaries stay");
    let good = multipart(
        &app,
        "/cities/demo-city/divide/boundaries",
        Who::DataEditor,
        &[("name_property", ""), ("other_property", "label")],
        (
            "one.geojson",
            br#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"label":"Old Town"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#,
        ),
    )
    .await;
    assert_eq!(good.status, 303, "{}", good.body);
    // Districts of the survey that the new file lacks are reported.
    let map = app
        .get(&format!("/cities/demo-city/divide/{id}/map"), Who::Viewer)
        .await;
    assert!(
        map.body
            .contains("Districts of the survey not found in the boundary file")
    );
    // A detailed boundary file above the general 2 MB limit is accepted
    // (regression: only surveys and evidence had their limit raised).
    let fixture = include_str!("../../../spatial/tests/fixtures/demo-city-districts.geojson");
    let padded = format!("{fixture}{}", " ".repeat(3 * 1024 * 1024));
    let large = multipart(
        &app,
        "/cities/demo-city/divide/boundaries",
        Who::DataEditor,
        &[("name_property", "")],
        ("detailed.geojson", padded.as_bytes()),
    )
    .await;
    assert_eq!(large.status, 303, "{}", large.body);
}

#[tokio::test]
async fn the_inclusion_plan_from_form_errors_to_export() {
    let app = App::new().await;
    let plan = app.get("/cities/demo-city/divide/plan", Who::Viewer).await;
    assert_eq!(plan.status, 200);
    assert!(plan.body.contains("Social broadband tariff"));
    assert!(plan.body.contains("Public–private partnership"));

    let form = app
        .get(
            "/cities/demo-city/divide/plan/new?gap=internet-use%2Fage_group%2F65%2B",
            Who::DataEditor,
        )
        .await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(
        form.body
            .contains("value=\"internet-use/age_group/65+\" selected")
    );
    assert!(form.body.contains("value=\"internet-use\" selected"));

    let bad = app
        .post(
            "/cities/demo-city/divide/plan",
            Who::DataEditor,
            &[
                ("gap", "internet-use/age_group/65+"),
                ("title", "Tablets on loan"),
                ("owner", ""),
                ("delivery", "satellite"),
                ("start_date", "2026-01-01"),
                ("end_date", "2026-12-31"),
                ("indicator", "internet-use"),
                ("target", "180"),
                ("status", "planned"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("href=\"#field-owner\""));
    assert!(bad.body.contains("value=\"Tablets on loan\""));

    let good = app
        .post(
            "/cities/demo-city/divide/plan",
            Who::DataEditor,
            &[
                ("gap", "internet-use/age_group/65+"),
                ("title", "Tablets on loan"),
                ("owner", "Libraries"),
                ("budget", "12000"),
                ("currency", "EUR"),
                ("delivery", "community-network"),
                ("finance_model", "City budget"),
                ("start_date", "2026-01-01"),
                ("end_date", "2026-12-31"),
                ("indicator", "internet-use"),
                ("target", "80"),
                ("status", "planned"),
            ],
        )
        .await;
    assert_eq!(good.status, 303, "{}", good.body);
    let plan = app
        .get("/cities/demo-city/divide/plan", Who::DataEditor)
        .await;
    assert!(plan.body.contains("Tablets on loan"));
    assert!(plan.body.contains("12,000 EUR"));
    let export = app
        .get("/cities/demo-city/divide/plan/export", Who::Viewer)
        .await;
    assert_eq!(export.status, 200);
    assert!(export.body.contains("Tablets on loan"));
    assert!(
        export
            .body
            .contains("Individuals using the Internet – Age group: 65+")
    );

    let actions =
        civitas_store::DivideStore::inclusion_actions(app.db.store().as_ref(), app.ids["demo"])
            .await
            .expect("actions");
    let added = actions
        .iter()
        .find(|a| a.fields.title == "Tablets on loan")
        .expect("added");
    let delete = format!("/cities/demo-city/divide/plan/{}/delete", added.id);
    assert_eq!(app.get(&delete, Who::Viewer).await.status, 403);
    let confirm = app.get(&delete, Who::DataEditor).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("Tablets on loan"));
    assert_eq!(app.post(&delete, Who::DataEditor, &[]).await.status, 303);
    let plan = app
        .get("/cities/demo-city/divide/plan", Who::DataEditor)
        .await;
    assert!(!plan.body.contains("Tablets on loan"));
}

#[tokio::test]
async fn the_api_reports_without_numbers_in_suppressed_cells() {
    let app = App::new().await;
    let id = demo_survey(&app).await;
    let demo = app.ids["demo"];
    let report = app
        .api(
            "GET",
            &format!("/api/v1/divide/surveys/{id}/report"),
            Who::Anonymous,
            None,
        )
        .await;
    assert_eq!(report.status, 200, "{}", report.body);
    let json: serde_json::Value = serde_json::from_str(&report.body).expect("json");
    let cells = json["cells"].as_array().expect("cells");
    let mut suppressed = 0;
    for cell in cells {
        if !cell["suppressed"].is_null() {
            suppressed += 1;
            for key in [
                "estimate",
                "se",
                "ci_low",
                "ci_high",
                "df",
                "n",
                "missing",
                "population",
                "deff",
            ] {
                assert!(cell[key].is_null(), "{key} of a suppressed cell: {cell}");
            }
        } else {
            assert!(cell["estimate"].is_number());
        }
    }
    assert!(suppressed > 0);
    assert!(json["parity"][0]["status"].is_string());
    assert!(
        json["taxonomy"][0]["gap"]
            .as_str()
            .is_some_and(|g| g.matches('/').count() == 2)
    );

    // Upload a malformed file, then a good one; declare badly, then well.
    let bad = app
        .api("PUT", &format!("/api/v1/divide/surveys/{id}/declaration"), Who::DataEditor, Some(serde_json::json!({
            "design": {"weight": "weight", "strata": "stratum", "clusters": ["ea"]},
            "mapping": {"indicators": [{"indicator": "internet-use", "column": "nope", "yes": ["1"]}], "breakdowns": []}
        })))
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    let problems: serde_json::Value = serde_json::from_str(&bad.body).expect("json");
    assert!(
        problems["problems"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("`nope`"))
    );

    let surveys = app
        .api(
            "GET",
            &format!("/api/v1/cities/{demo}/divide/surveys"),
            Who::Anonymous,
            None,
        )
        .await;
    assert_eq!(surveys.status, 200);
    assert!(!surveys.body.contains("\"columns\":[]"));

    let boundaries = app
        .api(
            "GET",
            &format!("/api/v1/cities/{demo}/divide/boundaries"),
            Who::Anonymous,
            None,
        )
        .await;
    assert_eq!(boundaries.status, 200);
    assert!(boundaries.body.contains("Old Town"));

    let created = app
        .api("POST", &format!("/api/v1/cities/{demo}/divide/inclusion-actions"), Who::DataEditor, Some(serde_json::json!({
            "gap": "internet-use/gender/female", "title": "Women online", "owner": "Social services",
            "delivery": "government-network", "start_date": "2026-01-01", "end_date": "2026-06-30",
            "indicator": "internet-use", "target": 85.0, "budget": 5000.0, "currency": "EUR"
        })))
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let action: serde_json::Value = serde_json::from_str(&created.body).expect("json");
    assert_eq!(action["status"], "planned");
    let refused = app
        .api(
            "POST",
            &format!("/api/v1/cities/{demo}/divide/inclusion-actions"),
            Who::DataEditor,
            Some(serde_json::json!({"title": "x"})),
        )
        .await;
    assert_eq!(refused.status, 422);
    let path = format!("/api/v1/divide/inclusion-actions/{}", action["id"]);
    assert_eq!(
        app.api("DELETE", &path, Who::Viewer, None).await.status,
        403
    );
    assert_eq!(
        app.api("DELETE", &path, Who::DataEditor, None).await.status,
        204
    );
    assert_eq!(
        app.api("GET", &path, Who::DataEditor, None).await.status,
        404
    );
}
