//! "You said, we did", the participation API and retention pages: no public
//! surface (Open311 in JSON and XML, the API, the public pages, the
//! moderators' pages) ever carries a resident's contact details, which reach
//! only the city's admins; hidden requests are nobody's business outside the
//! team; the outcome on the receipt and the public page; the retention form.

use crate::harness::{Answer, App, Who};
use axum::body::Body;
use axum::http::{Request, header};
use serde_json::json;

const EMAIL: &str = "zelda.secret@example.org";
const FIRST: &str = "Zeldanna";
const LAST: &str = "Quixotica";
const PHONE: &str = "+99 555 0199";
const WEB_EMAIL: &str = "omar.private@example.org";

async fn open311_post(app: &App, fields: &[(&str, &str)]) -> Answer {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let request = Request::post("/open311/v2/requests.json")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .expect("request");
    app.send(request).await
}

fn value(answer: &Answer) -> serde_json::Value {
    serde_json::from_str(&answer.body).unwrap_or_else(|e| panic!("{e}: {}", answer.body))
}

#[tokio::test]
async fn no_public_surface_reveals_contact_details_which_reach_only_the_citys_admins() {
    let app = App::new().await;
    let sent = open311_post(
        &app,
        &[
            ("service_code", "streetlight"),
            ("description", "Three lamps out on Canal Row"),
            ("address_string", "Canal Row"),
            ("email", EMAIL),
            ("first_name", FIRST),
            ("last_name", LAST),
            ("phone", PHONE),
        ],
    )
    .await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    let id: i64 = value(&sent)[0]["service_request_id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("id");
    let web = app
        .post(
            "/cities/demo-city/report",
            Who::Anonymous,
            &[
                ("service_code", "waste"),
                ("description", "Recycling not collected in Birch Street"),
                ("address_string", "Birch Street"),
                ("email", WEB_EMAIL),
            ],
        )
        .await;
    assert_eq!(web.status, 303, "{}", web.body);
    // Both answered, so they are on the public outcome lists too.
    for request in [id, id + 1] {
        let set = app
            .api(
                "PUT",
                &format!("/api/v1/service-requests/{request}/outcome"),
                Who::DataEditor,
                Some(json!({"status": "planned", "decision": "Fixed next week."})),
            )
            .await;
        assert_eq!(set.status, 200, "{}", set.body);
    }

    let demo = app.path("{demo}");
    let public = [
        "/open311/v2/requests.json".to_string(),
        "/open311/v2/requests.xml".to_string(),
        format!("/open311/v2/requests/{id}.json"),
        format!("/open311/v2/requests/{id}.xml"),
        format!("/open311/v2/requests/{}.json", id + 1),
        format!("/api/v1/cities/{demo}/service-requests"),
        format!("/api/v1/service-requests/{id}"),
        format!("/api/v1/service-requests/{}", id + 1),
        format!("/api/v1/service-requests/{id}/outcome"),
        format!("/api/v1/cities/{demo}/outcomes"),
        "/cities/demo-city/you-said-we-did".to_string(),
    ];
    let team_pages = [
        "/cities/demo-city/participation".to_string(),
        format!("/cities/demo-city/participation/requests/{id}"),
        format!("/cities/demo-city/participation/requests/{id}/outcome"),
    ];
    let secrets = [EMAIL, FIRST, LAST, PHONE, "555 0199", WEB_EMAIL];
    let mut checked = 0;
    for who in [Who::Anonymous, Who::Viewer, Who::DataEditor, Who::Verifier] {
        for path in public.iter().chain(if who == Who::DataEditor {
            team_pages.as_slice()
        } else {
            &[]
        }) {
            let answer = if path.starts_with("/api/") {
                app.api("GET", path, who, None).await
            } else {
                app.get(path, who).await
            };
            assert_eq!(answer.status, 200, "{path} as {who:?}: {}", answer.body);
            for secret in secrets {
                assert!(
                    !answer.body.contains(secret),
                    "{path} as {who:?} shows {secret}"
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 4 * public.len() + team_pages.len());
    // The city's admins read them on one request, never in a list.
    let one = app
        .api(
            "GET",
            &format!("/api/v1/service-requests/{id}"),
            Who::CityAdmin,
            None,
        )
        .await;
    let contact = &value(&one)["contact"];
    assert_eq!(contact["email"], EMAIL);
    assert_eq!(contact["phone"], PHONE);
    let list = app
        .api(
            "GET",
            &format!("/api/v1/cities/{demo}/service-requests"),
            Who::CityAdmin,
            None,
        )
        .await;
    assert!(!list.body.contains(EMAIL));
    for who in [Who::DataEditor, Who::Viewer, Who::Anonymous] {
        let answer = app
            .api("GET", &format!("/api/v1/service-requests/{id}"), who, None)
            .await;
        assert!(value(&answer)["contact"].is_null(), "{who:?}");
    }
}

#[tokio::test]
async fn moderation_status_and_outcomes_through_the_api_and_on_the_pages() {
    let app = App::new().await;
    let demo = app.path("{demo}");
    // Hide request 3 with a reason: gone for the public, kept for the team.
    let hidden = app
        .api(
            "POST",
            "/api/v1/service-requests/3/moderation",
            Who::DataEditor,
            Some(json!({"action": "hide", "reason": "A neighbour's name in the text"})),
        )
        .await;
    assert_eq!(hidden.status, 200, "{}", hidden.body);
    assert_eq!(value(&hidden)["request"]["hidden"], true);
    assert_eq!(
        app.api("GET", "/api/v1/service-requests/3", Who::Anonymous, None)
            .await
            .status,
        404
    );
    assert_eq!(
        app.api(
            "GET",
            "/api/v1/service-requests/3/outcome",
            Who::Viewer,
            None
        )
        .await
        .status,
        404
    );
    let staff = app
        .api("GET", "/api/v1/service-requests/3", Who::DataEditor, None)
        .await;
    assert_eq!(
        value(&staff)["request"]["hidden_reason"],
        "A neighbour's name in the text"
    );
    let public_list = value(
        &app.api(
            "GET",
            &format!("/api/v1/cities/{demo}/service-requests"),
            Who::Anonymous,
            None,
        )
        .await,
    );
    let ids: Vec<i64> = public_list
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|r| r["id"].as_i64())
        .collect();
    assert!(!ids.contains(&3) && ids.contains(&2), "{ids:?}");
    let outcomes = app
        .api(
            "GET",
            &format!("/api/v1/cities/{demo}/outcomes"),
            Who::Anonymous,
            None,
        )
        .await;
    assert!(
        !outcomes.body.contains("bin collection calendar"),
        "hidden request's outcome"
    );
    let page = app
        .get("/cities/demo-city/you-said-we-did", Who::Anonymous)
        .await;
    assert!(
        page.body
            .contains("Fibre and public Wi-Fi for underserved districts")
    );
    assert!(page.body.contains("Works started at the library."));
    assert!(!page.body.contains("bin collection calendar"));
    assert!(page.body.len() < 100 * 1024 && !page.body.contains("<script"));

    // Bad answers name their fields; a status change is dated.
    let bad = app
        .api(
            "PUT",
            "/api/v1/service-requests/2/outcome",
            Who::CityAdmin,
            Some(json!({"status": "someday", "roadmap_action_id": 999999})),
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("roadmap_action") && bad.body.contains("status"));
    let closed = app
        .api(
            "POST",
            "/api/v1/service-requests/2/status",
            Who::CityAdmin,
            Some(json!({"status": "closed", "notes": "The operator repaired the lift."})),
        )
        .await;
    assert_eq!(closed.status, 200);
    let timeline = &value(&closed)["timeline"];
    assert_eq!(timeline.as_array().map(Vec::len), Some(3), "{timeline}");

    // A resident's receipt shows what the city did, in their language too.
    let sent = app
        .post(
            "/cities/demo-city/report",
            Who::Anonymous,
            &[
                ("service_code", "digital-service"),
                ("description", "The library booking site is not in Arabic"),
                ("address_string", "Online"),
            ],
        )
        .await;
    let receipt = sent
        .location()
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    let mine = value(
        &app.api(
            "GET",
            &format!("/api/v1/cities/{demo}/service-requests"),
            Who::DataEditor,
            None,
        )
        .await,
    )[0]["id"]
        .as_i64()
        .expect("newest request");
    let page = app
        .get(
            &format!("/cities/demo-city/participation/requests/{mine}/outcome"),
            Who::DataEditor,
        )
        .await;
    let portal = page
        .body
        .split("<option value=\"")
        .find(|o| o.contains("One-stop portal for resident services"))
        .and_then(|o| o.split('"').next())
        .expect("the portal action in the form")
        .to_string();
    let empty = app
        .post(
            &format!("/cities/demo-city/participation/requests/{mine}/outcome"),
            Who::DataEditor,
            &[("status", "")],
        )
        .await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("href=\"#field-status\""));
    let saved = app
        .post(
            &format!("/cities/demo-city/participation/requests/{mine}/outcome"),
            Who::DataEditor,
            &[
                ("status", "planned"),
                ("roadmap_action", portal.as_str()),
                (
                    "decision",
                    "The portal will be in every language the city enables.",
                ),
                ("note", "Thank you for telling us."),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let shown = app.get(&receipt, Who::Anonymous).await;
    assert!(shown.body.contains("What the city did"));
    assert!(shown.body.contains("One-stop portal for resident services"));
    assert!(shown.body.contains("Thank you for telling us."));
    let arabic = app
        .get_with(&receipt, Who::Anonymous, "__Host-civitas_lang=ar")
        .await;
    assert!(arabic.body.contains("ما فعلته المدينة") && arabic.body.contains("مخطط له"));
}

#[tokio::test]
async fn the_citys_admins_set_the_retention_period() {
    let app = App::new().await;
    let page = app
        .get("/cities/demo-city/participation/retention", Who::CityAdmin)
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("value=\"12\""), "the default");
    let bad = app
        .post(
            "/cities/demo-city/participation/retention",
            Who::CityAdmin,
            &[("months", "0")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("aria-invalid=\"true\"") && bad.body.contains("value=\"0\""));
    let saved = app
        .post(
            "/cities/demo-city/participation/retention",
            Who::CityAdmin,
            &[("months", "24")],
        )
        .await;
    assert_eq!(saved.status, 303);
    let api = app
        .api(
            "GET",
            &app.path("/api/v1/cities/{demo}/participation/retention"),
            Who::CityAdmin,
            None,
        )
        .await;
    assert_eq!(value(&api)["months"], 24);
    assert_eq!(
        app.get("/cities/demo-city/participation/retention", Who::DataEditor)
            .await
            .status,
        403
    );
}
