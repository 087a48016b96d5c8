//! Consultation pages: a resident ranks the demo consultation without an
//! account (errors named, the browser's second answer not counted, receipt,
//! change, erasing demographics then the answer, follow by code); the team
//! creates, publishes, enters an assisted answer, reads results by channel
//! with suppressed cells, exports CSV, sees who took part, moderates a
//! comment and keeps the population profile; pages small enough for slow
//! connections and without scripts.

use crate::harness::{App, Who};

/// The demo consultation's id and its options' ids, in order.
async fn demo_consultation(app: &App) -> (i64, Vec<i64>) {
    let list = app
        .get("/cities/demo-city/consultations", Who::Anonymous)
        .await;
    assert_eq!(list.status, 200);
    let start = list
        .body
        .find("/cities/demo-city/consultations/")
        .expect("a consultation link")
        + "/cities/demo-city/consultations/".len();
    let id: i64 = list.body[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("id");
    let page = app
        .get(
            &format!("/cities/demo-city/consultations/{id}"),
            Who::Anonymous,
        )
        .await;
    let options = page
        .body
        .match_indices("name=\"rank-")
        .map(|(i, m)| {
            page.body[i + m.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse::<i64>()
                .expect("option id")
        })
        .collect();
    (id, options)
}

fn code_of(location: &str) -> String {
    location
        .trim_start_matches("/ballots/")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn a_resident_ranks_changes_and_erases_without_an_account() {
    let app = App::new().await;
    let (id, options) = demo_consultation(&app).await;
    assert_eq!(options.len(), 5);
    let path = format!("/cities/demo-city/consultations/{id}");
    let page = app.get(&path, Who::Anonymous).await;
    assert!(
        page.body.len() < 100 * 1024,
        "page weight {}",
        page.body.len()
    );
    assert!(!page.body.contains("<script"), "no JavaScript needed");
    assert!(
        page.body
            .contains("What should our digital roadmap do first?")
    );
    assert!(page.body.contains("name=\"website\""), "honeypot present");
    assert!(
        page.body.contains("deleted 12 months after"),
        "says how long it is kept"
    );
    let arabic = app
        .get_with(&path, Who::Anonymous, "__Host-civitas_lang=ar")
        .await;
    assert!(arabic.body.contains("dir=\"rtl\""));

    // Nothing ranked, an unknown age: both named, what was typed kept.
    let rank = |o: usize| format!("rank-{}", options[o]);
    let bad = app
        .post(
            &path,
            Who::Anonymous,
            &[("age_band", "ancient"), ("comment", "Keep it simple")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("href=\"#field-choice\"")
            && bad.body.contains("href=\"#field-age_band\"")
    );
    assert!(bad.body.contains("Keep it simple"));
    let twice = app
        .post(&path, Who::Anonymous, &[(&rank(0), "1"), (&rank(1), "1")])
        .await;
    assert_eq!(twice.status, 422, "the same rank twice");

    let district = {
        let start = page
            .body
            .find("name=\"district\"")
            .expect("district select");
        let value = page.body[start..]
            .find("<option value=\"")
            .map(|i| start + i)
            .expect("options");
        // The first option is "Prefer not to say"; take the next one.
        let next = page.body[value + 10..]
            .find("<option value=\"")
            .map(|i| value + 10 + i + "<option value=\"".len())
            .expect("a district");
        page.body[next..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
    };
    let sent = app
        .post(
            &path,
            Who::Anonymous,
            &[
                (&rank(1), "1"),
                (&rank(3), "2"),
                ("age_band", "75-plus"),
                ("gender", "woman"),
                ("district", &district),
                ("disability", "yes"),
                ("comment_kind", "proposal"),
                ("comment", "Courses at the library on Saturdays"),
            ],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    assert!(sent.location().starts_with("/ballots/"));
    let cookie = sent
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with(&format!("__Host-civitas_ballot_{id}=")))
        .expect("the browser's ballot cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("Secure"));
    let code = code_of(sent.location());
    let receipt = app.get(sent.location(), Who::Anonymous).await;
    assert_eq!(receipt.status, 200);
    assert!(receipt.body.contains(&code) && receipt.body.contains("Thank you"));
    assert!(
        receipt.body.contains("75 or older") && receipt.body.contains("Courses at the library")
    );

    // The same browser again: told politely, not counted.
    let token = cookie.split(';').next().unwrap_or_default().to_string();
    let again = app
        .send(
            axum::http::Request::post(&path)
                .header(
                    axum::http::header::COOKIE,
                    format!("{}; {token}", app.cookie_header(Who::Anonymous)),
                )
                .header(
                    axum::http::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(axum::body::Body::from(format!(
                    "csrf={}&{}=1",
                    crate::harness::CSRF,
                    rank(0)
                )))
                .expect("request"),
        )
        .await;
    assert_eq!(again.status, 200);
    assert!(again.body.contains("already sent from this browser"));
    assert!(again.body.contains("name=\"confirm_duplicate\""));

    // Follow by code through the shared receipts form.
    let followed = app
        .get(
            &format!("/receipts?code={}", code.to_lowercase()),
            Who::Anonymous,
        )
        .await;
    assert_eq!(followed.status, 303);
    assert_eq!(followed.location(), format!("/ballots/{code}"));

    // Change: the form comes back filled in; then saved.
    let change = app
        .get(&format!("/ballots/{code}/change"), Who::Anonymous)
        .await;
    assert_eq!(change.status, 200);
    assert!(change.body.contains("value=\"75-plus\" selected"));
    let changed = app
        .post(
            &format!("/ballots/{code}/change"),
            Who::Anonymous,
            &[(&rank(4), "1"), ("age_band", "65-74")],
        )
        .await;
    assert_eq!(changed.status, 303);
    let after = app.get(&format!("/ballots/{code}"), Who::Anonymous).await;
    assert!(after.body.contains("65 to 74") && after.body.contains("Open data on city spending"));
    let download = app
        .get(&format!("/ballots/{code}/download"), Who::Anonymous)
        .await;
    let data: serde_json::Value = serde_json::from_str(&download.body).expect("json");
    assert_eq!(data["demographics"]["age_band"], "65-74");

    // Erase the demographics only (after confirming), then the answer.
    let confirm = app
        .get(
            &format!("/ballots/{code}/demographics/erase"),
            Who::Anonymous,
        )
        .await;
    assert_eq!(confirm.status, 200);
    let erased = app
        .post(
            &format!("/ballots/{code}/demographics/erase"),
            Who::Anonymous,
            &[],
        )
        .await;
    assert_eq!(erased.status, 303);
    let kept = app.get(erased.location(), Who::Anonymous).await;
    assert!(
        kept.body
            .contains("You did not say anything about yourself")
    );
    assert_eq!(
        app.get(&format!("/ballots/{code}/erase"), Who::Anonymous)
            .await
            .status,
        200
    );
    let gone = app
        .post(&format!("/ballots/{code}/erase"), Who::Anonymous, &[])
        .await;
    assert_eq!(gone.status, 303);
    assert!(gone.location().ends_with("?notice=erased"));
    assert!(
        gone.set_cookies()
            .iter()
            .any(|c| c.starts_with(&format!("__Host-civitas_ballot_{id}=;"))
                && c.contains("Max-Age=0")),
        "the browser forgets it answered"
    );
    assert_eq!(
        app.get(&format!("/ballots/{code}"), Who::Anonymous)
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn the_team_creates_publishes_assists_and_reads_results() {
    let app = App::new().await;
    let base = "/cities/demo-city/participation/consultations";
    let list = app.get(base, Who::Viewer).await;
    assert_eq!(list.status, 200);
    assert!(!list.body.contains("New consultation"), "viewers only read");
    assert_eq!(
        app.get(&format!("{base}/new"), Who::Viewer).await.status,
        403
    );

    // A draft: errors named, then saved.
    let bad = app
        .post(
            &format!("{base}/new"),
            Who::DataEditor,
            &[("question", ""), ("mode", "vote"), ("options", "Only one")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("href=\"#field-question\"")
            && bad.body.contains("between 2 and 12 options")
    );
    let created = app
        .post(
            &format!("{base}/new"),
            Who::DataEditor,
            &[
                ("question", "Which library should open on Sundays?"),
                ("description", "One vote each."),
                ("mode", "vote"),
                ("opens_on", "2020-01-01"),
                ("closes_on", "2099-12-31"),
                ("options", "Central | by the station\nHarbour\nNorth Hills"),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let overview_path = created
        .location()
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    let id: i64 = overview_path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .parse()
        .expect("id");
    let public = format!("/cities/demo-city/consultations/{id}");
    assert_eq!(
        app.get(&public, Who::Anonymous).await.status,
        404,
        "a draft is not public"
    );
    assert_eq!(
        app.get(&public, Who::DataEditor).await.status,
        200,
        "the team previews it"
    );
    let published = app
        .post(
            &format!("{base}/{id}/state"),
            Who::DataEditor,
            &[("action", "publish")],
        )
        .await;
    assert_eq!(published.status, 303);
    let page = app.get(&public, Who::Anonymous).await;
    assert_eq!(page.status, 200);
    let option = {
        let i = page
            .body
            .find("name=\"choice\" value=\"")
            .expect("a choice")
            + "name=\"choice\" value=\"".len();
        page.body[i..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
    };
    let city = app.get("/cities/demo-city", Who::Anonymous).await;
    assert!(
        city.body.contains("/cities/demo-city/consultations\""),
        "on the residents' menu"
    );

    // Assisted entry: the channel is required, then a receipt code to hand over.
    let assisted = format!("{base}/{id}/assisted");
    assert_eq!(app.get(&assisted, Who::Viewer).await.status, 403);
    let missing = app
        .post(&assisted, Who::DataEditor, &[("choice", &option)])
        .await;
    assert_eq!(missing.status, 422);
    assert!(missing.body.contains("href=\"#field-channel\""));
    for _ in 0..6 {
        let saved = app
            .post(
                &assisted,
                Who::DataEditor,
                &[
                    ("choice", &option),
                    ("channel", "phone"),
                    ("age_band", "75-plus"),
                ],
            )
            .await;
        assert_eq!(saved.status, 201);
        assert!(saved.body.contains("class=\"pa-code\""));
    }
    app.post(
        &assisted,
        Who::CityAdmin,
        &[
            ("choice", &option),
            ("channel", "paper"),
            ("age_band", "18-29"),
        ],
    )
    .await;

    // Results for the team, filterable by channel; small cells suppressed.
    let results = app.get(&format!("{base}/{id}/results"), Who::Viewer).await;
    assert_eq!(results.status, 200);
    assert!(results.body.contains("7 answers"));
    assert!(results.body.contains("fewer than 5"));
    let phone = app
        .get(&format!("{base}/{id}/results?channel=phone"), Who::Viewer)
        .await;
    assert!(phone.body.contains("6 answers"));
    let csv = app
        .get(&format!("{base}/{id}/results.csv"), Who::Viewer)
        .await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/csv")
    );
    assert!(csv.body.contains("suppressed: fewer than 5"));
    assert_eq!(
        app.get(&format!("{base}/{id}/results"), Who::Anonymous)
            .await
            .status,
        303,
        "anonymous visitors sign in"
    );

    // Who took part, against the population profile.
    let seen = app
        .get(&format!("{base}/{id}/representation"), Who::DataEditor)
        .await;
    assert_eq!(seen.status, 200);
    assert!(seen.body.contains("Population: demo"));
    let profile = app
        .get(
            "/cities/demo-city/participation/population",
            Who::DataEditor,
        )
        .await;
    assert!(profile.body.contains("value=\"demo\""));
    let wrong = app
        .post(
            "/cities/demo-city/participation/population",
            Who::DataEditor,
            &[
                ("source", "Census"),
                ("gender:woman", "70"),
                ("gender:man", "20"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(
        wrong.body.contains("together they must make 100") && wrong.body.contains("value=\"70\"")
    );

    // Closing makes the result public.
    app.post(
        &format!("{base}/{id}/state"),
        Who::CityAdmin,
        &[("action", "close")],
    )
    .await;
    let closed = app.get(&public, Who::Anonymous).await;
    assert!(closed.body.contains("Result") && closed.body.contains("7 answers"));
    assert!(!closed.body.contains("id=\"ballot-form\""));
    let late = app
        .post(&public, Who::Anonymous, &[("choice", &option)])
        .await;
    assert_eq!(late.status, 422);
    assert!(late.body.contains("not open for answers"));
}

#[tokio::test]
async fn the_team_moderates_proposals_and_the_author_sees_the_reason() {
    let app = App::new().await;
    let (id, options) = demo_consultation(&app).await;
    let path = format!("/cities/demo-city/consultations/{id}");
    let sent = app
        .post(
            &path,
            Who::Anonymous,
            &[
                (&format!("rank-{}", options[0]), "1"),
                ("comment", "The mayor's neighbour is a thief"),
            ],
        )
        .await;
    assert_eq!(sent.status, 303);
    let code = code_of(sent.location());
    let overview = format!("/cities/demo-city/participation/consultations/{id}");
    let page = app.get(&overview, Who::DataEditor).await;
    assert!(
        page.body.contains("The mayor&#39;s neighbour")
            || page.body.contains("The mayor's neighbour")
    );
    let comment = {
        let i = page.body.rfind("/comments/").expect("a comment form") + "/comments/".len();
        page.body[i..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
    };
    let target = format!("{overview}/comments/{comment}");
    let no_reason = app
        .post(
            &target,
            Who::DataEditor,
            &[("action", "hide"), ("reason", "")],
        )
        .await;
    assert_eq!(no_reason.status, 422);
    assert_eq!(
        app.post(&target, Who::Viewer, &[("action", "hide"), ("reason", "x")])
            .await
            .status,
        403
    );
    let hidden = app
        .post(
            &target,
            Who::DataEditor,
            &[("action", "hide"), ("reason", "It accuses a named person")],
        )
        .await;
    assert_eq!(hidden.status, 303);
    let author = app.get(&format!("/ballots/{code}"), Who::Anonymous).await;
    assert!(author.body.contains("It accuses a named person"));
    let public = app.get(&path, Who::Anonymous).await;
    assert!(!public.body.contains("neighbour is a thief"));
}

#[tokio::test]
async fn the_team_says_what_became_of_a_proposal_and_the_consultation() {
    let app = App::new().await;
    let (id, options) = demo_consultation(&app).await;
    let path = format!("/cities/demo-city/consultations/{id}");
    // The demo already answered the consultation and one proposal.
    let said = app
        .get("/cities/demo-city/you-said-we-did", Who::Anonymous)
        .await;
    assert_eq!(said.status, 200);
    assert!(said.body.contains("Lend tablets from the library"));
    assert!(
        said.body
            .contains("Digital skills hubs in public libraries")
    );
    assert!(
        said.body
            .contains("Fibre and public Wi-Fi for underserved districts")
    );
    let public = app.get(&path, Who::Anonymous).await;
    assert!(public.body.contains("leads the ranking so far"));

    let sent = app
        .post(
            &path,
            Who::Anonymous,
            &[
                (&format!("rank-{}", options[1]), "1"),
                ("comment_kind", "proposal"),
                ("comment", "Phone charging points in every library."),
            ],
        )
        .await;
    assert_eq!(sent.status, 303);
    let code = code_of(sent.location());
    let overview = format!("/cities/demo-city/participation/consultations/{id}");
    let page = app.get(&overview, Who::DataEditor).await;
    assert!(page.body.contains(&format!("{overview}/outcome")));
    let proposal = {
        let i = page.body.rfind("/proposals/").expect("a proposal link") + "/proposals/".len();
        page.body[i..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
    };
    let form = format!("{overview}/proposals/{proposal}/outcome");
    let empty = app.get(&form, Who::DataEditor).await;
    assert_eq!(empty.status, 200);
    assert!(empty.body.contains("Phone charging points"));
    assert_eq!(app.get(&form, Who::Viewer).await.status, 403);
    let wrong = app
        .post(
            &form,
            Who::DataEditor,
            &[("status", "maybe"), ("decision", "Kept as typed")],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("Kept as typed"));
    assert!(wrong.body.contains("aria-invalid=\"true\""));
    let saved = app
        .post(
            &form,
            Who::DataEditor,
            &[
                ("status", "planned"),
                ("decision", "Charging points come with the library Wi-Fi."),
                ("note", "Thank you for the idea."),
            ],
        )
        .await;
    assert_eq!(saved.status, 303);
    assert_eq!(saved.location(), format!("{form}?notice=saved"));
    let receipt = app.get(&format!("/ballots/{code}"), Who::Anonymous).await;
    assert!(
        receipt
            .body
            .contains("Charging points come with the library Wi-Fi.")
    );
    assert!(receipt.body.contains("Thank you for the idea."));
    assert!(receipt.body.contains("leads the ranking so far"));
    assert!(
        app.get("/cities/demo-city/you-said-we-did", Who::Anonymous)
            .await
            .body
            .contains("Phone charging points")
    );

    // The consultation's own outcome, shown on its public page.
    let whole = app
        .post(
            &format!("{overview}/outcome"),
            Who::CityAdmin,
            &[
                ("status", "done"),
                ("decision", "The council adopted the residents' ranking."),
            ],
        )
        .await;
    assert_eq!(whole.status, 303);
    let public = app.get(&path, Who::Anonymous).await;
    assert!(
        public
            .body
            .contains("The council adopted the residents&#39; ranking.")
            || public
                .body
                .contains("The council adopted the residents' ranking.")
    );

    // Hidden: gone from the public page, still on its author's receipt.
    let hidden = app
        .post(
            &format!("{overview}/comments/{proposal}"),
            Who::DataEditor,
            &[
                ("action", "hide"),
                ("reason", "Duplicate of another proposal"),
            ],
        )
        .await;
    assert_eq!(hidden.status, 303);
    let said = app
        .get("/cities/demo-city/you-said-we-did", Who::Anonymous)
        .await;
    assert!(!said.body.contains("Phone charging points"));
    assert!(!said.body.contains("Charging points come with"));
    let api = app
        .api(
            "GET",
            &app.path("/api/v1/cities/{demo}/consultation-outcomes"),
            Who::Anonymous,
            None,
        )
        .await;
    assert_eq!(api.status, 200);
    assert!(api.body.contains("Lend tablets from the library"));
    assert!(api.body.contains("\"input_kind\":\"consultation\""));
    assert!(!api.body.contains("Phone charging points"));
    assert_eq!(app.get(&form, Who::DataEditor).await.status, 404);

    // Through the API: a hidden proposal cannot be answered; the consultation can.
    let hidden_api = app
        .api(
            "PUT",
            &format!("/api/v1/consultations/{id}/proposals/{proposal}/outcome"),
            Who::DataEditor,
            Some(serde_json::json!({"status": "planned"})),
        )
        .await;
    assert_eq!(hidden_api.status, 404);
    let unknown_status = app
        .api(
            "PUT",
            &format!("/api/v1/consultations/{id}/outcome"),
            Who::DataEditor,
            Some(serde_json::json!({"status": "forgotten"})),
        )
        .await;
    assert_eq!(unknown_status.status, 422, "{}", unknown_status.body);
    assert!(unknown_status.body.contains("status"));
    let whole_api = app
        .api(
            "PUT",
            &format!("/api/v1/consultations/{id}/outcome"),
            Who::DataEditor,
            Some(serde_json::json!({
                "status": "in-progress",
                "note": "Work on the first priority has started"
            })),
        )
        .await;
    assert_eq!(whole_api.status, 200, "{}", whole_api.body);
    assert!(whole_api.body.contains("\"status\":\"in-progress\""));
    let listed = app
        .api(
            "GET",
            &app.path("/api/v1/cities/{demo}/consultation-outcomes"),
            Who::Anonymous,
            None,
        )
        .await;
    assert!(
        listed
            .body
            .contains("Work on the first priority has started")
    );

    // Erasing the answer erases the proposal's outcome.
    let erased = app
        .post(&format!("/ballots/{code}/erase"), Who::Anonymous, &[])
        .await;
    assert_eq!(erased.status, 303);
    assert_eq!(app.get(&form, Who::DataEditor).await.status, 404);
}
