//! Open311 GeoReport v2: every field name of both formats against the
//! specification, the error format, filters, jurisdictions, anonymous posts
//! without a CSRF cookie under the per-address limit, trusted client apps,
//! and no contact details or hidden requests in any answer.

use crate::harness::{App, Who};
use axum::body::Body;
use axum::http::{Request, header};

/// GeoReport v2 field lists, in the specification's order.
const SERVICE_FIELDS: [&str; 7] = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
];
const REQUEST_FIELDS: [&str; 17] = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
];
const CREATED_FIELDS: [&str; 3] = ["service_request_id", "service_notice", "account_id"];

async fn get(app: &App, path: &str) -> crate::harness::Answer {
    app.send(Request::get(path).body(Body::empty()).expect("request"))
        .await
}

/// A client app's POST: form-encoded, no cookies at all.
async fn post(app: &App, path: &str, fields: &[(&str, &str)]) -> crate::harness::Answer {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let request = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .expect("request");
    app.send(request).await
}

fn json(answer: &crate::harness::Answer) -> serde_json::Value {
    serde_json::from_str(&answer.body).unwrap_or_else(|e| panic!("{e}: {}", answer.body))
}

fn keys(value: &serde_json::Value) -> Vec<String> {
    value.as_object().expect("object").keys().cloned().collect()
}

fn sorted(fields: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
    v.sort();
    v
}

/// The child element names of each `<item>` in `xml`, in order.
fn xml_children(xml: &str, item: &str) -> Vec<Vec<String>> {
    let open = format!("<{item}>");
    let close = format!("</{item}>");
    xml.split(&open)
        .skip(1)
        .map(|part| {
            let inner = part.split(&close).next().unwrap_or_default();
            let mut names = Vec::new();
            let mut depth_name: Option<String> = None;
            for tag in inner.split('<').skip(1) {
                let name = tag.split('>').next().unwrap_or_default();
                if let Some(open) = &depth_name {
                    if name == format!("/{open}") {
                        depth_name = None;
                    }
                    continue;
                }
                if !name.starts_with('/') {
                    names.push(name.to_string());
                    depth_name = Some(name.to_string());
                }
            }
            names
        })
        .collect()
}

fn assert_errors_json(answer: &crate::harness::Answer, status: u16) {
    assert_eq!(answer.status, status, "{}", answer.body);
    let body = json(answer);
    let errors = body.as_array().expect("a list of errors");
    assert!(!errors.is_empty());
    for e in errors {
        assert_eq!(keys(e), sorted(&["code", "description"]));
        assert_eq!(e["code"], status);
        assert!(e["description"].as_str().is_some_and(|d| !d.is_empty()));
    }
}

#[tokio::test]
async fn services_and_definitions_in_both_formats() {
    let app = App::new().await;
    let answer = get(&app, "/open311/v2/services.json?jurisdiction_id=demo-city").await;
    assert_eq!(answer.status, 200);
    assert!(
        answer.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap_or_default()
            .starts_with("application/json")
    );
    let services = json(&answer);
    let services = services.as_array().expect("list");
    assert_eq!(services.len(), 5);
    for s in services {
        assert_eq!(keys(s), sorted(&SERVICE_FIELDS));
        assert_eq!(s["metadata"], false);
        assert_eq!(s["type"], "realtime");
    }
    // Without jurisdiction_id: the one published city.
    assert_eq!(
        get(&app, "/open311/v2/services.json").await.body,
        answer.body
    );

    let xml = get(&app, "/open311/v2/services.xml").await;
    assert_eq!(xml.status, 200);
    assert!(
        xml.body
            .starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?><services><service>")
    );
    let children = xml_children(&xml.body, "service");
    assert_eq!(children.len(), 5);
    for c in children {
        assert_eq!(c, SERVICE_FIELDS);
    }
    assert!(
        xml.body
            .contains("<metadata>false</metadata><type>realtime</type>")
    );

    let definition = json(&get(&app, "/open311/v2/services/streetlight.json").await);
    assert_eq!(keys(&definition), sorted(&["service_code", "attributes"]));
    assert_eq!(definition["attributes"], serde_json::json!([]));
    let definition = get(&app, "/open311/v2/services/streetlight.xml").await;
    assert!(definition.body.ends_with(
        "<service_definition><service_code>streetlight</service_code><attributes></attributes></service_definition>"
    ));

    // Errors: a list of {code, description}; XML <errors><error>.
    assert_errors_json(&get(&app, "/open311/v2/services/nothing.json").await, 404);
    assert_errors_json(
        &get(&app, "/open311/v2/services.json?jurisdiction_id=other-city").await,
        404,
    );
    assert_errors_json(&get(&app, "/open311/v2/services.csv").await, 404);
    let missing = get(&app, "/open311/v2/services/nothing.xml").await;
    assert_eq!(missing.status, 404);
    assert!(
        missing
            .body
            .contains("<errors><error><code>404</code><description>"),
        "{}",
        missing.body
    );
    assert_eq!(
        xml_children(&missing.body, "error")[0],
        ["code", "description"]
    );
}

#[tokio::test]
async fn post_search_and_read_requests_without_contact_details() {
    let app = App::new().await;
    // No cookies, no CSRF token: a client app's plain form post.
    let created = post(
        &app,
        "/open311/v2/requests.json",
        &[
            ("jurisdiction_id", "demo-city"),
            ("service_code", "pothole"),
            ("lat", "45.44"),
            ("long", "12.33"),
            ("address_string", "Quay 3"),
            ("email", "secret.person@example.org"),
            ("first_name", "Secret"),
            ("phone", "+15550100"),
            ("description", "Pothole by the quay <b>deep</b>"),
        ],
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let body = json(&created);
    let item = &body.as_array().expect("list")[0];
    assert_eq!(keys(item), sorted(&CREATED_FIELDS));
    let id = item["service_request_id"]
        .as_str()
        .expect("id as text")
        .to_string();
    assert!(
        item["service_notice"]
            .as_str()
            .unwrap_or_default()
            .contains("Receipt code")
    );

    let one = get(&app, &format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(one.status, 200);
    let list = json(&one);
    let request = &list.as_array().expect("a list of one")[0];
    assert_eq!(keys(request), sorted(&REQUEST_FIELDS));
    assert_eq!(request["status"], "open");
    assert_eq!(request["lat"], 45.44);
    assert_eq!(request["long"], 12.33);
    assert_eq!(request["agency_responsible"], "Public Works");
    let when = request["requested_datetime"].as_str().expect("datetime");
    assert!(
        when.len() == 20 && when.ends_with('Z') && when.as_bytes()[10] == b'T',
        "{when}"
    );
    assert!(!one.body.contains("secret.person") && !one.body.contains("+15550100"));

    let xml = get(&app, &format!("/open311/v2/requests/{id}.xml")).await;
    assert!(
        xml.body
            .starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?><service_requests><request>")
    );
    assert_eq!(xml_children(&xml.body, "request"), [REQUEST_FIELDS]);
    assert!(
        xml.body
            .contains("<description>Pothole by the quay &lt;b&gt;deep&lt;/b&gt;</description>")
    );
    let created_xml = post(
        &app,
        "/open311/v2/requests.xml",
        &[
            ("service_code", "waste"),
            ("address_string", "Elm Street 9"),
            ("description", "Bins not emptied"),
        ],
    )
    .await;
    assert_eq!(created_xml.status, 201, "{}", created_xml.body);
    assert_eq!(xml_children(&created_xml.body, "request"), [CREATED_FIELDS]);

    // Search: every request of the demo plus the new ones, filters as the spec names them.
    let all = json(&get(&app, "/open311/v2/requests.json").await);
    let all = all.as_array().expect("list");
    assert_eq!(all.len(), 7, "the demo's five and the two new ones");
    for r in all {
        assert_eq!(keys(r), sorted(&REQUEST_FIELDS));
    }
    let ids = |v: serde_json::Value| -> Vec<String> {
        v.as_array()
            .expect("list")
            .iter()
            .map(|r| {
                r["service_request_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(
        ids(json(
            &get(
                &app,
                &format!("/open311/v2/requests.json?service_request_id=1,{id}")
            )
            .await
        )),
        [id.clone(), "1".to_string()]
    );
    let closed = json(&get(&app, "/open311/v2/requests.json?status=closed").await);
    assert!(
        closed
            .as_array()
            .expect("list")
            .iter()
            .all(|r| r["status"] == "closed")
    );
    assert_eq!(closed.as_array().map(Vec::len), Some(1));
    assert_eq!(
        ids(json(
            &get(&app, "/open311/v2/requests.json?service_code=pothole").await
        )),
        std::slice::from_ref(&id)
    );
    assert_eq!(
        json(
            &get(
                &app,
                "/open311/v2/requests.json?start_date=2999-01-01T00:00:00Z"
            )
            .await
        ),
        serde_json::json!([])
    );
    assert_eq!(
        json(
            &get(
                &app,
                "/open311/v2/requests.json?end_date=2000-01-01T00:00:00-05:00"
            )
            .await
        ),
        serde_json::json!([])
    );
    assert_errors_json(
        &get(&app, "/open311/v2/requests.json?start_date=yesterday").await,
        400,
    );
    assert_errors_json(
        &get(&app, "/open311/v2/requests.json?status=pending").await,
        400,
    );
    assert_errors_json(
        &get(&app, "/open311/v2/requests.json?service_request_id=1,x").await,
        400,
    );
    assert_errors_json(&get(&app, "/open311/v2/requests/999.json").await, 404);
    assert_errors_json(&get(&app, "/open311/v2/requests/abc.json").await, 404);

    // A hidden request is gone from every public answer.
    let hidden = app
        .post(
            &format!("/cities/demo-city/participation/requests/{id}"),
            Who::DataEditor,
            &[("action", "hide"), ("reason", "Abusive language")],
        )
        .await;
    assert_eq!(hidden.status, 303, "{}", hidden.body);
    assert_errors_json(
        &get(&app, &format!("/open311/v2/requests/{id}.json")).await,
        404,
    );
    assert!(
        !get(&app, "/open311/v2/requests.json")
            .await
            .body
            .contains(&format!("\"{id}\""))
    );
}

#[tokio::test]
async fn bad_posts_keys_duplicates_and_the_rate_limit() {
    let app = App::new().await;
    let missing = post(&app, "/open311/v2/requests.json", &[("description", "x")]).await;
    assert_errors_json(&missing, 400);
    let described: Vec<String> = json(&missing)
        .as_array()
        .expect("list")
        .iter()
        .map(|e| e["description"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(
        described.iter().any(|d| d.starts_with("service_code")),
        "{described:?}"
    );
    assert!(
        described.iter().any(|d| d.starts_with("address_string")),
        "{described:?}"
    );
    let wrong_key = post(
        &app,
        "/open311/v2/requests.json",
        &[
            ("api_key", "o311_not-a-key"),
            ("service_code", "waste"),
            ("address_string", "A"),
            ("description", "B"),
        ],
    )
    .await;
    assert_errors_json(&wrong_key, 403);
    assert!(wrong_key.body.contains("Invalid api_key"));
    let xml_error = post(
        &app,
        "/open311/v2/requests.xml",
        &[("service_code", "waste")],
    )
    .await;
    assert_eq!(xml_error.status, 400);
    assert!(xml_error.body.contains("<errors><error><code>400</code>"));

    let report = |n: usize| {
        vec![
            ("service_code", "streetlight".to_string()),
            ("address_string", format!("Lamp post {n}")),
            ("description", "Light out".to_string()),
        ]
    };
    let send = |fields: Vec<(&'static str, String)>| {
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        Request::post("/open311/v2/requests.json")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request")
    };
    assert_eq!(app.send(send(report(0))).await.status, 201);
    let duplicate = app.send(send(report(0))).await;
    assert_errors_json(&duplicate, 400);
    assert!(duplicate.body.contains("duplicate"));
    for n in 1..5 {
        assert_eq!(app.send(send(report(n))).await.status, 201);
    }
    let limited = app.send(send(report(9))).await;
    assert_errors_json(&limited, 429);
    let wait: u64 = limited.headers[header::RETRY_AFTER]
        .to_str()
        .ok()
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds");
    assert!(wait > 0 && wait <= 600);

    // A trusted client app is not held to one address's limit.
    let created = app
        .post(
            "/cities/demo-city/participation/apps",
            Who::CityAdmin,
            &[("name", "FixMyStreet")],
        )
        .await;
    assert_eq!(created.status, 201);
    let key: String = created
        .body
        .split("o311_")
        .nth(1)
        .map(|rest| format!("o311_{}", &rest[..64]))
        .expect("the new key, shown once");
    let mut with_key = report(10);
    with_key.push(("api_key", key));
    assert_eq!(app.send(send(with_key)).await.status, 201);
}
