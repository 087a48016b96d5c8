//! `civitas kpi compute` run as the real binary on files.

use std::io::Write;
use std::process::{Command, Output};

const HEADER: &str = "kpi,data_point,numerator,denominator,value,target\n";

fn input(body: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new()
        .suffix(".csv")
        .tempfile()
        .expect("temp file");
    file.write_all(body.as_bytes()).expect("write input");
    file
}

fn civitas(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_civitas"))
        .args(args)
        .output()
        .expect("run civitas")
}

fn compute(body: &str, extra: &[&str]) -> Output {
    let file = input(body);
    let path = file.path().to_str().expect("utf-8 path").to_string();
    let mut args = vec!["kpi", "compute", "--input", path.as_str()];
    args.extend_from_slice(extra);
    civitas(&args)
}

fn json(output: &Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// Four Education KPIs scoring 1, 3, 1, 4 (kpi_notes example order differs, sum is 9 of 16),
/// one unscored KPI, a data point and a yes/no.
const GOOD: &str = "\
EC: ICT: ICT: 1C,,850,1000,,100
EC: ICT: ICT: 2C,,900,1000,,
EC: ICT: ICT: 4C,4G,,,99.5,100
EN: EN: AQ: 1C,PM2.5,,,10,5
SC: EH: ED: 1C,,20,100,,100
SC: EH: ED: 2C,,,,80,100
SC: EH: ED: 3C,,,,10,100
SC: EH: ED: 4C,,,,99,100
SC: SH: SA: 3A,,,,yes,yes
";

#[test]
fn good_file_gives_the_promised_json() {
    let output = compute(&format!("{HEADER}{GOOD}"), &[]);
    let out = json(&output);
    // Top-level keys in the promised order (serde_json's map sorts them, so read the text).
    let text = String::from_utf8_lossy(&output.stdout);
    let positions: Vec<usize> = [
        "\"kpis\"",
        "\"categories\"",
        "\"sub_dimensions\"",
        "\"dimensions\"",
        "\"warnings\"",
    ]
    .iter()
    .map(|k| text.find(k).unwrap_or(usize::MAX))
    .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert_eq!(out.as_object().map(|o| o.len()), Some(5));

    let kpis = out["kpis"].as_array().expect("kpis");
    assert_eq!(kpis.len(), 9);
    let first = &kpis[0];
    assert_eq!(
        first,
        &serde_json::json!({"kpi": "EC: ICT: ICT: 1C", "data_point": null, "value": 85.0,
            "target": 100.0, "achievement_pct": 85.0, "score": 3, "band": "66-95"})
    );
    // No target: every scored field is null.
    assert_eq!(
        kpis[1],
        serde_json::json!({"kpi": "EC: ICT: ICT: 2C", "data_point": null, "value": 90.0,
            "target": null, "achievement_pct": null, "score": null, "band": null})
    );
    // Lower is better: 5 / 10 = 50 %.
    assert_eq!(kpis[3]["data_point"], "PM2.5");
    assert_eq!(kpis[3]["achievement_pct"], 50.0);
    assert_eq!(kpis[3]["score"], 2);
    assert_eq!(kpis[8]["value"], 1.0);
    assert_eq!(kpis[8]["band"], "95+");

    let education = out["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .find(|c| c["category"] == "Education")
        .expect("Education");
    assert_eq!(
        education,
        &serde_json::json!({"sub_dimension": "Education, Health and Culture",
            "category": "Education", "score_pct": 56.25, "band": "33-66"})
    );
    assert_eq!(
        out["dimensions"][2],
        serde_json::json!({"dimension": "Society and Culture", "score_pct": 65.0, "band": "33-66"})
    );
    assert_eq!(out["sub_dimensions"][0]["sub_dimension"], "ICT");
    assert_eq!(out["sub_dimensions"][0]["score_pct"], 87.5);

    // Fixed broadband 90 % above household Internet access 85 %.
    let warnings = out["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        warnings[0]["rule"],
        "fixed_broadband_at_most_internet_access"
    );
    assert_eq!(
        warnings[0]["kpis"],
        serde_json::json!(["EC: ICT: ICT: 2C", "EC: ICT: ICT: 1C"])
    );
}

#[test]
fn water_and_sanitation_categories_are_reported_apart() {
    let body = format!(
        "{HEADER}EC: ICT: WS: 1C,,,,100,100\nEC: I: WS: 1C,,,,10,100\nEN: EN: WS: 1C,,,,50,100\n"
    );
    let out = json(&compute(&body, &[]));
    let cats: Vec<(String, String, f64)> = out["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .map(|c| {
            (
                c["sub_dimension"].as_str().unwrap_or_default().to_string(),
                c["category"].as_str().unwrap_or_default().to_string(),
                c["score_pct"].as_f64().unwrap_or(f64::NAN),
            )
        })
        .collect();
    assert_eq!(
        cats,
        [
            ("ICT".into(), "Water and Sanitation".into(), 100.0),
            ("Infrastructure".into(), "Water and Sanitation".into(), 25.0),
            ("Environment".into(), "Water and Sanitation".into(), 50.0),
        ]
    );
}

#[test]
fn default_targets_fill_empty_target_cells() {
    let body = format!("{HEADER}EN: EN: AQ: 1C,PM10,,,30,\nEN: EN: AQ: 1C,SO2,,,4,\n");
    let out = json(&compute(&body, &["--default-targets"]));
    assert_eq!(out["kpis"][0]["target"], 15.0);
    assert_eq!(out["kpis"][0]["score"], 2);
    // No defensible annual SO2 value: not scored.
    assert_eq!(out["kpis"][1]["target"], serde_json::Value::Null);
}

#[test]
fn csv_format_is_one_flat_table() {
    let out = compute(&format!("{HEADER}{GOOD}"), &["--format", "csv"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "level,dimension,sub_dimension,category,kpi,data_point,value,target,achievement_pct,score,score_pct,band,rule,message"
        )
    );
    assert_eq!(
        lines.next(),
        Some("kpi,Economy,ICT,ICT Infrastructure,EC: ICT: ICT: 1C,,85,100,85,3,,66-95,,")
    );
    assert!(text.contains(
        "category,Society and Culture,\"Education, Health and Culture\",Education,,,,,,,56.25,33-66,,"
    ));
    assert!(text.contains("dimension,Society and Culture,,,,,,,,,65,33-66,,"));
    assert!(text.contains("warning,,,,EC: ICT: ICT: 2C; EC: ICT: ICT: 1C,"));
}

fn fails_with(body: &str, expected: &str) {
    let out = compute(body, &[]);
    assert_eq!(out.status.code(), Some(2), "{body}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(expected),
        "expected `{expected}` in: {stderr}"
    );
    assert!(out.stdout.is_empty(), "no partial output");
}

#[test]
fn unknown_code_names_row_and_column() {
    fails_with(
        &format!("{HEADER}EC: ICT: ICT: 1C,,,,80,\nEC: ICT: XX: 9C,,,,5,\n"),
        "row 3, column `kpi`: unknown KPI code `EC: ICT: XX: 9C`",
    );
}

#[test]
fn unknown_or_missing_data_point_names_row_and_column() {
    fails_with(
        &format!("{HEADER}EN: EN: AQ: 1C,CO,,,5,\n"),
        "row 2, column `data_point`: KPI `EN: EN: AQ: 1C` has no data point `CO`",
    );
    fails_with(
        &format!("{HEADER}EC: ICT: ICT: 4C,,,,5,\n"),
        "row 2, column `data_point`",
    );
}

#[test]
fn text_where_a_number_belongs_names_row_and_column() {
    fails_with(
        &format!("{HEADER}EC: ICT: ICT: 1C,,eighty,100,,\n"),
        "row 2, column `numerator`: expected a number",
    );
    fails_with(
        &format!("{HEADER}EC: ICT: ICT: 1C,,,,80,high\n"),
        "row 2, column `target`: expected a number",
    );
    fails_with(
        &format!("{HEADER}SC: SH: SA: 3A,,,,perhaps,\n"),
        "row 2, column `value`: expected yes or no",
    );
}

#[test]
fn zero_denominator_names_row_and_column() {
    fails_with(
        &format!("{HEADER}EC: ICT: ICT: 1C,,80,100,,\nEC: ICT: ICT: 2C,,5,0,,\n"),
        "row 3, column `denominator`: must not be 0",
    );
}

#[test]
fn duplicate_row_bad_header_and_missing_file() {
    fails_with(
        &format!("{HEADER}EC: ICT: ICT: 1C,,,,80,\nEC: ICT: ICT: 1C,,,,81,\n"),
        "row 3, column `kpi`: `EC: ICT: ICT: 1C` is already given in row 2",
    );
    fails_with(
        "kpi,valu\nEC: ICT: ICT: 1C,80\n",
        "row 1 (header): unknown column `valu`",
    );
    let out = civitas(&["kpi", "compute", "--input", "/nonexistent/civitas-kpi.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("reading /nonexistent/civitas-kpi.csv"));
}
