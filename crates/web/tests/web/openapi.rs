//! The OpenAPI document is generated from the code; it must describe every
//! API route in the authorization matrix, and nothing else.

use crate::authorization::API;
use std::collections::BTreeSet;

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
                documented.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    let tested: BTreeSet<String> = API
        .iter()
        .filter(|row| row.path != "/api/v1/openapi.json")
        .map(|row| {
            let path = row.path.split('?').next().unwrap_or_default();
            let path = path
                .replace("{demo}", "{id}")
                .replace("{other}", "{id}")
                .replace("{editor}", "{id}");
            format!("{} {path}", row.method)
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
