//! `civitas procurement …` run as a real process on files, as a city's officer would.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const CRITERIA: &str = "criterion,weight,kind,min_score\nQuality,60,quality,50\nPrice,40,price,\n";
/// digital_divide.md §6.4 worked example: the formula changes the winner.
const BIDS: &str = "bidder,criterion,value\nA,Quality,70\nA,Price,100000\nB,Quality,85\nB,Price,120000\nC,Quality,90\nC,Price,150000\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn civitas(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_civitas"))
        .args(args)
        .output()
        .unwrap()
}

fn evaluate(criteria: &str, bids: &str, extra: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let c = write(dir.path(), "criteria.csv", criteria);
    let b = write(dir.path(), "bids.csv", bids);
    let mut args = vec![
        "procurement",
        "evaluate",
        "--criteria",
        c.to_str().unwrap(),
        "--bids",
        b.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    civitas(&args)
}

fn json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn stderr(output: &Output) -> String {
    assert_eq!(output.status.code(), Some(2), "expected exit 2");
    assert!(
        output.stdout.is_empty(),
        "nothing printed on stdout on error"
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn round2(v: &Value) -> f64 {
    (v.as_f64().unwrap() * 100.0).round() / 100.0
}

fn winner_and_totals(value: &Value) -> Vec<(String, f64)> {
    value["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["bidder"].as_str().unwrap().to_string(),
                round2(&r["total"]),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, f64)]) -> Vec<(String, f64)> {
    list.iter().map(|(b, t)| (b.to_string(), *t)).collect()
}

#[test]
fn json_has_exactly_the_documented_keys() {
    let value = json(&evaluate(CRITERIA, BIDS, &["--format", "json"]));
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&value), ["ranking", "sensitivity"]);
    assert_eq!(
        keys(&value["ranking"][0]),
        [
            "bidder",
            "excluded",
            "price_points",
            "quality_points",
            "rank",
            "reason",
            "total"
        ]
    );
    assert_eq!(
        keys(&value["sensitivity"][0]),
        [
            "criterion",
            "max_weight_same_winner",
            "min_weight_same_winner",
            "weight"
        ]
    );
}

#[test]
fn worked_example_formulas_disagree_on_the_winner() {
    let lowest = json(&evaluate(CRITERIA, BIDS, &["--format", "json"]));
    assert_eq!(
        winner_and_totals(&lowest),
        pairs(&[("B", 84.33), ("A", 82.0), ("C", 80.67)])
    );
    assert_eq!(lowest["ranking"][0]["rank"], 1);
    assert_eq!(round2(&lowest["ranking"][0]["price_points"]), 33.33);
    assert_eq!(round2(&lowest["ranking"][0]["quality_points"]), 51.0);

    let log = json(&evaluate(
        CRITERIA,
        BIDS,
        &["--price-formula", "log", "--format", "json"],
    ));
    assert_eq!(
        winner_and_totals(&log),
        pairs(&[("A", 82.0), ("B", 80.48), ("C", 70.6)])
    );

    let linear_range = json(&evaluate(
        CRITERIA,
        BIDS,
        &[
            "--price-formula",
            "linear",
            "--price-range",
            "90000,160000",
            "--format",
            "json",
        ],
    ));
    assert_eq!(
        winner_and_totals(&linear_range),
        pairs(&[("A", 76.29), ("B", 73.86), ("C", 59.71)])
    );

    // Linear over the bids received, by hand: price points 40 / 24 / 0.
    let linear = json(&evaluate(
        CRITERIA,
        BIDS,
        &["--price-formula", "linear", "--format", "json"],
    ));
    assert_eq!(
        winner_and_totals(&linear),
        pairs(&[("A", 82.0), ("B", 75.0), ("C", 54.0)])
    );
}

#[test]
fn sensitivity_bounds_by_hand() {
    // Lowest-price ratio: B ties A at price weight 15 / (0.3 + 1/60) = 47.368…, and ties C at
    // price weight 23.077 (B: 85 − 0.0166…x, C: 90 − 0.2333…x → x = 5 / (0.2333… − 0.0166…)).
    let value = json(&evaluate(CRITERIA, BIDS, &["--format", "json"]));
    let price = &value["sensitivity"][1];
    assert_eq!(price["criterion"], "Price");
    assert_eq!(price["weight"], 40.0);
    let max = price["max_weight_same_winner"].as_f64().unwrap();
    let min = price["min_weight_same_winner"].as_f64().unwrap();
    assert!((max - 15.0 / (0.3 + 1.0 / 60.0)).abs() < 1e-9, "{max}");
    assert!(
        (min - 5.0 / (7.0 / 30.0 - 1.0 / 60.0)).abs() < 1e-9,
        "{min}"
    );
    let quality = &value["sensitivity"][0];
    assert!((quality["min_weight_same_winner"].as_f64().unwrap() - (100.0 - max)).abs() < 1e-9);
}

#[test]
fn excluded_and_flagged_bids_carry_reasons() {
    let criteria = "criterion,weight,kind,min_score\nQuality,60,quality,75\nPrice,40,price,\n";
    let bids = format!("{BIDS}D,Quality,80\nD,Price,60000\n");
    let value = json(&evaluate(criteria, &bids, &["--format", "json"]));
    let ranking = value["ranking"].as_array().unwrap();
    let a = ranking.iter().find(|r| r["bidder"] == "A").unwrap();
    assert_eq!(a["excluded"], true);
    assert_eq!(a["rank"], Value::Null);
    assert_eq!(a["total"], Value::Null);
    assert!(
        a["reason"]
            .as_str()
            .unwrap()
            .contains("Quality scored 70 (minimum 75)")
    );
    // D: 60000 < 0.7 × median(100000, 120000, 150000) = 84000 → flagged, not excluded.
    let d = ranking.iter().find(|r| r["bidder"] == "D").unwrap();
    assert_eq!(d["excluded"], false);
    assert!(
        d["reason"]
            .as_str()
            .unwrap()
            .starts_with("abnormally low price")
    );
    assert_eq!(d["rank"], 1);
}

#[test]
fn sub_criteria_through_the_parent_column() {
    let criteria = "criterion,weight,kind,min_score,parent\nTechnical,60,quality,,\nPerformance,50,quality,,Technical\nReliability,50,quality,40,Technical\nPrice,40,price,,\n";
    let bids = "bidder,criterion,value\nA,Performance,80\nA,Reliability,60\nA,Price,100\nB,Performance,100\nB,Reliability,30\nB,Price,90\n";
    let value = json(&evaluate(criteria, bids, &["--format", "json"]));
    // A: technical (80 + 60) / 2 = 70 → 42 points; only admitted bid → full price points.
    assert_eq!(value["ranking"][0]["bidder"], "A");
    assert_eq!(round2(&value["ranking"][0]["total"]), 82.0);
    let b = &value["ranking"][1];
    assert_eq!(b["excluded"], true);
    assert!(
        b["reason"]
            .as_str()
            .unwrap()
            .contains("Reliability scored 30 (minimum 40)")
    );
    assert_eq!(value["sensitivity"].as_array().unwrap().len(), 2);
}

#[test]
fn text_output_explains_the_formula_and_the_ranking() {
    let output = evaluate(CRITERIA, BIDS, &[]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("price points = W_P × lowest price / bid price"));
    assert!(text.contains("84.33"));
    assert!(text.contains("Sensitivity: weights at which B stays the winner"));
}

#[test]
fn bad_criteria_name_the_file_row_and_column() {
    let cases = [
        (
            "criterion,weight,kind\nQuality,50,quality\nPrice,40,price\n",
            "criteria.csv: rows 2–3, column `weight`: weights sum to 90, expected 100",
        ),
        (
            "criterion,weight,kind\nQuality,60,quality\nPrice,40,quality\n",
            "criteria.csv: rows 2–3, column `kind`: no criterion has kind `price`",
        ),
        (
            "criterion,weight,kind\nQuality,20,price\nPrice,80,price\n",
            "criteria.csv: row 3, column `kind`: criteria `Quality` and `Price` both have kind `price`",
        ),
        (
            "criterion,weight,kind,min_score\nQuality,60,quality,150\nPrice,40,price,\n",
            "criteria.csv: row 2, column `min_score`",
        ),
    ];
    for (criteria, expected) in cases {
        let message = stderr(&evaluate(criteria, BIDS, &[]));
        assert!(message.contains(expected), "{message}");
    }
}

#[test]
fn bad_bids_name_the_file_row_and_column() {
    let head = "bidder,criterion,value\n";
    let cases = [
        (
            format!("{head}A,Quality,70\nB,Quality,85\nB,Price,120000\n"),
            "bids.csv: bidder `A` (first row 2): no row for criterion `Price`",
        ),
        (
            format!("{head}A,Quality,70\nA,Price,100\nA,Price,90\n"),
            "bids.csv: row 4, column `criterion`: duplicate: bidder `A` already has a value for `Price` in row 3",
        ),
        (
            format!("{head}A,Quality,70\nA,Price,0\n"),
            "bids.csv: row 3, column `value`: price 0 must be greater than 0",
        ),
        (
            format!("{head}A,Quality,70\nA,Price,-100\n"),
            "bids.csv: row 3, column `value`: price -100 must be greater than 0",
        ),
        (
            format!("{head}A,Quality,101\nA,Price,100\n"),
            "bids.csv: row 2, column `value`: score 101 is outside 0–100",
        ),
        (
            format!("{head}A,Quality,-1\nA,Price,100\n"),
            "bids.csv: row 2, column `value`: score -1 is outside 0–100",
        ),
        (
            format!("{head}A,Qualty,70\nA,Price,100\n"),
            "bids.csv: row 2, column `criterion`: unknown criterion `Qualty`",
        ),
    ];
    for (bids, expected) in cases {
        let message = stderr(&evaluate(CRITERIA, &bids, &[]));
        assert!(message.contains(expected), "{message}");
    }
}

#[test]
fn missing_file_and_misused_flags_exit_2() {
    let output = civitas(&[
        "procurement",
        "evaluate",
        "--criteria",
        "/nonexistent/criteria.csv",
        "--bids",
        "/nonexistent/bids.csv",
    ]);
    assert!(stderr(&output).contains("/nonexistent/criteria.csv: cannot open"));
    let message = stderr(&evaluate(CRITERIA, BIDS, &["--log-base", "2"]));
    assert!(message.contains("--log-base applies only to --price-formula log"));
    let message = stderr(&evaluate(
        CRITERIA,
        BIDS,
        &["--price-formula", "log", "--log-base", "1"],
    ));
    assert!(
        message.contains("base 1 must be greater than 1"),
        "{message}"
    );
}

fn ahp(matrix: &str, extra: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let m = write(dir.path(), "matrix.csv", matrix);
    let mut args = vec!["procurement", "ahp", "--matrix", m.to_str().unwrap()];
    args.extend_from_slice(extra);
    civitas(&args)
}

/// digital_divide.md §6.4 "AHP example [C]": weights 0.6370 / 0.2583 / 0.1047, λmax 3.0385,
/// CI 0.0193, CR 0.0332.
#[test]
fn ahp_reference_example() {
    let matrix =
        "criterion,Cost,Technical,Support\nCost,1,3,5\nTechnical,1/3,1,3\nSupport,1/5,1/3,1\n";
    let value = json(&ahp(matrix, &["--format", "json"]));
    let weights: Vec<f64> = value["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["weight"].as_f64().unwrap() * 10_000.0).round() / 10_000.0)
        .collect();
    assert_eq!(weights, [0.6370, 0.2583, 0.1047]);
    let percent: Vec<f64> = value["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["percent"].as_f64().unwrap())
        .collect();
    assert_eq!(percent, [63.7, 25.83, 10.47]);
    let four = |key: &str| (value[key].as_f64().unwrap() * 10_000.0).round() / 10_000.0;
    assert_eq!(four("lambda_max"), 3.0385);
    assert_eq!(four("consistency_index"), 0.0193);
    assert_eq!(four("consistency_ratio"), 0.0332);
    assert_eq!(value["random_index"], 0.58);

    let text = String::from_utf8(ahp(matrix, &[]).stdout).unwrap();
    assert!(text.contains("CR 0.0332"), "{text}");
    let gm = json(&ahp(
        matrix,
        &["--method", "geometric-mean", "--format", "json"],
    ));
    assert_eq!(gm["method"], "geometric_mean");
}

#[test]
fn ahp_bad_input_exits_2_with_location() {
    let message = stderr(&ahp(
        "criterion,A,B,C\nA,1,9,1/9\nB,1/9,1,9\nC,9,1/9,1\n",
        &[],
    ));
    assert!(
        message.contains(
            "matrix.csv: inconsistent comparisons: consistency ratio 6.1303 is above 0.10"
        ),
        "{message}"
    );
    let message = stderr(&ahp("criterion,A,B\nA,1,2\nB,3,1\n", &[]));
    assert!(
        message
            .contains("matrix.csv: row 2, row `A`, column `B` is 2 but row `B`, column `A` is 3"),
        "{message}"
    );
    let message = stderr(&ahp("criterion,A,B\nA,1,two\nB,,1\n", &[]));
    assert!(
        message.contains("matrix.csv: row 2, column `B`: expected a number"),
        "{message}"
    );
}

#[test]
fn checklist_lists_requirements_and_stages() {
    let value = json(&civitas(&["procurement", "checklist", "--format", "json"]));
    assert_eq!(value["requirements"].as_array().unwrap().len(), 9);
    assert_eq!(value["stages"].as_array().unwrap().len(), 4);
    assert_eq!(value["stages"][1]["name"], "Inform the market");
}
