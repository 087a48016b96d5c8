//! `civitas kpi compute --default-targets` on the committed fixture gives the
//! committed JSON. The web tests (`crates/web/tests/web/kpi_api.rs`) post the
//! same figures through `/api/v1` and check `/results` against that same
//! JSON, so the CLI and the API provably agree on every number.

use std::process::Command;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/kpi_agreement.csv"
);
const EXPECTED: &str = include_str!("fixtures/kpi_agreement.json");

#[test]
fn the_agreement_fixture_computes_to_the_committed_json() {
    let output = Command::new(env!("CARGO_BIN_EXE_civitas"))
        .args(["kpi", "compute", "--input", FIXTURE, "--default-targets"])
        .output()
        .expect("run civitas");
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let expected: serde_json::Value = serde_json::from_str(EXPECTED).expect("fixture JSON");
    assert_eq!(got, expected);
    // Hand-checked roll-ups (points ÷ (4 × scored items)): Economy has
    // ICT 3+4+3, water 4+4 and planning 4+1 = 23 of 28 points.
    assert_eq!(got["dimensions"][0]["dimension"], "Economy");
    assert_eq!(got["dimensions"][0]["score_pct"], 23.0 * 100.0 / 28.0);
    assert_eq!(got["dimensions"][1]["score_pct"], 50.0);
    assert_eq!(got["dimensions"][2]["score_pct"], 87.5);
    assert_eq!(got["warnings"].as_array().map(Vec::len), Some(2));
}
