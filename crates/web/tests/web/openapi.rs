//! The OpenAPI document is generated from the code; it must describe every
//! API route in the authorization matrix, and nothing else.

use crate::authorization::API;
use std::collections::BTreeSet;

/// Every path parameter (`{id}`, `{evidence}`) and every value the rows put
/// in its place (`{demo}`, `{draft}`, a literal id) reads as `{}`.
fn placeholders(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.starts_with('{') || segment.parse::<i64>().is_ok() {
                "{}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn every_api_route_is_documented_and_every_documented_route_is_tested() {
    let document = serde_json::to_value(civitas_web::openapi()).expect("serialise");
    assert!(
        document["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")),
        "OpenAPI 3.1"
    );
    let mut documented = BTreeSet::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                documented.insert(format!("{} {}", method.to_uppercase(), placeholders(path)));
            }
        }
    }
    let tested: BTreeSet<String> = API
        .iter()
        .filter(|row| row.path != "/api/v1/openapi.json")
        .map(|row| {
            let path = row.path.split('?').next().unwrap_or_default();
            format!("{} {}", row.method, placeholders(path))
        })
        .collect();
    let undocumented: Vec<_> = tested.difference(&documented).collect();
    let untested: Vec<_> = documented.difference(&tested).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from the OpenAPI document: {undocumented:?}"
    );
    assert!(
        untested.is_empty(),
        "documented routes without a row in the authorization matrix: {untested:?}"
    );
}
