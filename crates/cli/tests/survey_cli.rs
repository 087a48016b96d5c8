//! `civitas survey estimate` run as a real process: one design checked against R's `survey`
//! (values from tests/fixtures/survey/expected.csv), and bad input exiting 2 with file, row and column.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Command, Output};

fn civitas(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_civitas"))
        .args(args)
        .output()
        .expect("run civitas")
}

fn shared(file: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/survey")
        .join(file)
        .display()
        .to_string()
}

fn expected() -> HashMap<(String, String, String), f64> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/survey/expected.csv");
    let mut r = csv::Reader::from_path(path).expect("expected.csv");
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            (
                (rec[0].to_string(), rec[1].to_string(), rec[2].to_string()),
                rec[3].parse().unwrap_or(f64::NAN),
            )
        })
        .collect()
}

fn close(actual: f64, expected: f64, tol: f64) -> bool {
    (actual - expected).abs() <= tol * expected.abs().max(1e-300)
}

#[test]
fn domain_proportions_match_r() {
    let out = civitas(&[
        "survey",
        "estimate",
        "--data",
        &shared("apiclus1.csv"),
        "--weight",
        "pw",
        "--psu",
        "dnum",
        "--fpc",
        "fpc",
        "--proportion",
        "sch.wide=Yes",
        "--by",
        "stype",
        "--ci",
        "beta",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let rows = rows.as_array().expect("array");
    assert_eq!(rows.len(), 3);
    let ex = expected();
    for row in rows {
        let dom = row["domain"].as_str().expect("domain").to_string();
        let get = |f: &str| {
            ex[&(
                "clus1_dom_schwide_beta".to_string(),
                dom.clone(),
                f.to_string(),
            )]
        };
        for key in [
            "domain", "estimate", "se", "ci_low", "ci_high", "df", "n", "deff",
        ] {
            assert!(row.get(key).is_some(), "missing key {key}");
        }
        assert!(
            close(
                row["estimate"].as_f64().unwrap_or(f64::NAN),
                get("estimate"),
                1e-9
            ),
            "{row}"
        );
        assert!(
            close(row["se"].as_f64().unwrap_or(f64::NAN), get("se"), 1e-6),
            "{row}"
        );
        assert!(
            close(
                row["ci_low"].as_f64().unwrap_or(f64::NAN),
                get("ci_low"),
                1e-6
            ),
            "{row}"
        );
        assert!(
            close(
                row["ci_high"].as_f64().unwrap_or(f64::NAN),
                get("ci_high"),
                1e-6
            ),
            "{row}"
        );
        assert_eq!(row["df"].as_f64(), Some(get("df")));
    }
}

#[test]
fn whole_population_mean_with_missing_values_matches_r() {
    let out = civitas(&[
        "survey",
        "estimate",
        "--data",
        &shared("nhanes2.csv"),
        "--weight",
        "finalwgt",
        "--strata",
        "stratid",
        "--psu",
        "psuid",
        "--mean",
        "zinc",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let row = &rows[0];
    assert!(row["domain"].is_null());
    let ex = expected();
    let get = |f: &str| ex[&("nhanes_zinc".to_string(), String::new(), f.to_string())];
    for f in ["estimate", "se", "ci_low", "ci_high", "deff"] {
        assert!(
            close(row[f].as_f64().unwrap_or(f64::NAN), get(f), 1e-6),
            "{f}: {row}"
        );
    }
    assert_eq!(row["missing"].as_u64(), Some(1148));
    assert_eq!(row["df"].as_f64(), Some(31.0));
}

#[test]
fn replicate_weights_from_columns_match_r() {
    let out = civitas(&[
        "survey",
        "estimate",
        "--data",
        &shared("nhanes2jk_subset.csv"),
        "--weight",
        "finalwgt",
        "--repweights",
        "jkw_[0-9]+",
        "--rep-type",
        "jkn",
        "--rscale",
        "0.5",
        "--ratio",
        "weight/height",
        "--format",
        "csv",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let line: Vec<&str> = text.lines().nth(1).expect("row").split(',').collect();
    let ex = expected();
    let get = |f: &str| ex[&("jkn_ratio".to_string(), String::new(), f.to_string())];
    assert!(
        close(line[3].parse().unwrap_or(f64::NAN), get("estimate"), 1e-9),
        "{text}"
    );
    assert!(
        close(line[4].parse().unwrap_or(f64::NAN), get("se"), 1e-6),
        "{text}"
    );
}

fn bad(csv: &str, extra: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, csv).expect("write");
    let p = path.display().to_string();
    let mut args = vec!["survey", "estimate", "--data", p.as_str()];
    args.extend_from_slice(extra);
    let out = civitas(&args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn missing_column_names_file_and_column() {
    let (code, err) = bad(
        "w,s,p,y\n1,a,1,1\n1,a,2,0\n",
        &["--weight", "weight", "--mean", "y"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("bad.csv") && err.contains("'weight'"), "{err}");
}

#[test]
fn non_numeric_weight_names_row_and_column() {
    let (code, err) = bad(
        "w,s,p,y\n1,a,1,1\nabc,a,2,0\n",
        &["--weight", "w", "--mean", "y"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.csv")
            && err.contains("row 3")
            && err.contains("'w'")
            && err.contains("abc"),
        "{err}"
    );
}

#[test]
fn negative_weight_names_row_and_column() {
    let (code, err) = bad(
        "w,s,p,y\n1,a,1,1\n2,a,2,0\n-4,b,3,1\n",
        &["--weight", "w", "--mean", "y"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("row 4") && err.contains("'w'") && err.contains("negative"),
        "{err}"
    );
}

#[test]
fn lonely_psu_without_rule_names_stratum_and_row() {
    let csv = "w,s,p,y\n1,a,1,1\n1,a,2,0\n1,b,3,1\n1,b,3,0\n";
    let (code, err) = bad(
        csv,
        &[
            "--weight", "w", "--strata", "s", "--psu", "p", "--mean", "y",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("stratum 'b'")
            && err.contains("column 's'")
            && err.contains("row 4")
            && err.contains("one PSU"),
        "{err}"
    );
    let (code, err) = bad(
        csv,
        &[
            "--weight",
            "w",
            "--strata",
            "s",
            "--psu",
            "p",
            "--mean",
            "y",
            "--lonely-psu",
            "adjust",
        ],
    );
    assert_eq!(code, 0, "{err}");
}

#[test]
fn missing_design_value_and_non_numeric_variable_are_reported() {
    let (code, err) = bad(
        "w,s,p,y\n1,a,1,1\n1,,2,0\n",
        &["--weight", "w", "--strata", "s", "--mean", "y"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("row 3") && err.contains("'s'") && err.contains("missing"),
        "{err}"
    );
    let (code, err) = bad(
        "w,s,p,y\n1,a,1,1\n1,a,2,yes\n",
        &["--weight", "w", "--mean", "y"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("row 3") && err.contains("'y'") && err.contains("yes"),
        "{err}"
    );
}

#[test]
fn unknown_category_and_wrong_interval_are_refused() {
    let (code, err) = bad("w,y\n1,a\n1,b\n", &["--weight", "w", "--proportion", "y=c"]);
    assert_eq!(code, 2);
    assert!(err.contains("'y'") && err.contains("'c'"), "{err}");
    let (code, err) = bad(
        "w,y\n1,1\n1,2\n",
        &["--weight", "w", "--mean", "y", "--ci", "logit"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("proportions"), "{err}");
}

#[test]
fn jackknife_built_from_the_design_matches_r() {
    let out = civitas(&[
        "survey",
        "estimate",
        "--data",
        &shared("apiclus1.csv"),
        "--weight",
        "pw",
        "--psu",
        "dnum",
        "--fpc",
        "fpc",
        "--replicates",
        "jk1",
        "--mean",
        "api00",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let ex = expected();
    let get = |f: &str| {
        ex[&(
            "jk1_clus1_mean_api00".to_string(),
            String::new(),
            f.to_string(),
        )]
    };
    for f in ["estimate", "se", "deff"] {
        assert!(
            close(rows[0][f].as_f64().unwrap_or(f64::NAN), get(f), 1e-6),
            "{f}: {}",
            rows[0]
        );
    }
}
