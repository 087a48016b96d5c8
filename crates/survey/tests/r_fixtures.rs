//! The engine against R's `survey` package: every value in `tests/fixtures/survey/expected.csv` was
//! written by `expected.R` beside it. Estimates must agree to 1e-9 (relative), standard errors, design
//! effects and interval ends to 1e-6.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use civitas_survey::{
    ColumnRequest, ConfidenceInterval, ContrastKind, CsvMicrodata, DesignBuilder, DomainEstimate,
    EstimateTable, Factor, IntervalMethod, Jackknife, LonelyPsu, Microdata, NumericColumn,
    ReplicateKind, ReplicateOptions, Statistic, SurveyDesign, confidence_interval,
};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/survey")
}

struct Expected {
    values: HashMap<(String, String, String), f64>,
    used: RefCell<HashSet<(String, String, String)>>,
    failures: RefCell<Vec<String>>,
}

impl Expected {
    fn load() -> Expected {
        let path = repo().join("tests/fixtures/survey/expected.csv");
        let mut reader =
            csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut values = HashMap::new();
        for record in reader.records() {
            let r = record.expect("record");
            let v: f64 = r[3].parse().unwrap_or(f64::NAN);
            values.insert((r[0].to_string(), r[1].to_string(), r[2].to_string()), v);
        }
        Expected {
            values,
            used: RefCell::new(HashSet::new()),
            failures: RefCell::new(Vec::new()),
        }
    }

    fn check(&self, case: &str, domain: &str, field: &str, actual: f64, tolerance: f64) {
        let key = (case.to_string(), domain.to_string(), field.to_string());
        let Some(&expected) = self.values.get(&key) else {
            self.failures
                .borrow_mut()
                .push(format!("{case}/{domain}/{field}: no expected value"));
            return;
        };
        self.used.borrow_mut().insert(key);
        let scale = expected.abs().max(1e-300);
        let ok =
            (actual - expected).abs() / scale <= tolerance || (actual - expected).abs() < 1e-14;
        if !ok {
            self.failures.borrow_mut().push(format!(
                "{case}/{domain}/{field}: expected {expected:.12e}, got {actual:.12e} (rel {:.2e})",
                (actual - expected).abs() / scale
            ));
        }
    }

    /// Estimate, SE, and whatever of deff/df/missing R recorded for this case and domain.
    fn estimate(&self, case: &str, domain: &str, e: &DomainEstimate) {
        self.check(case, domain, "estimate", e.estimate, 1e-9);
        self.check(case, domain, "se", e.se, 1e-6);
        let has = |f: &str| {
            self.values
                .contains_key(&(case.to_string(), domain.to_string(), f.to_string()))
        };
        if has("deff") {
            self.check(case, domain, "deff", e.deff.unwrap_or(f64::NAN), 1e-6);
        }
        if has("df") {
            self.check(case, domain, "df", e.df, 1e-12);
        }
        if has("missing") {
            self.check(case, domain, "missing", e.missing as f64, 0.0);
        }
    }

    fn table(&self, case: &str, t: &EstimateTable) {
        for e in &t.estimates {
            self.estimate(case, e.domain.as_deref().unwrap_or(""), e);
        }
    }

    fn interval(
        &self,
        case: &str,
        domain: &str,
        e: &DomainEstimate,
        method: IntervalMethod,
        level: f64,
    ) {
        self.bounds(
            case,
            domain,
            confidence_interval(e, method, level).expect("interval"),
        );
    }

    fn bounds(&self, case: &str, domain: &str, ci: ConfidenceInterval) {
        self.check(case, domain, "ci_low", ci.low, 1e-6);
        self.check(case, domain, "ci_high", ci.high, 1e-6);
    }
}

fn read(file: &str, numeric: &[&str], categorical: &[&str], weights: &[&str]) -> Microdata {
    let path = data_dir().join(file);
    let f = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect();
    CsvMicrodata::new(f)
        .and_then(|r| {
            r.read(&ColumnRequest {
                numeric: v(numeric),
                categorical: v(categorical),
                weights: v(weights),
            })
        })
        .unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn num(d: &Microdata, name: &str) -> NumericColumn {
    NumericColumn::new(
        name,
        d.numeric(name).unwrap_or_else(|| panic!("{name}")).to_vec(),
    )
}

fn fac(d: &Microdata, name: &str) -> Factor {
    d.factor(name).unwrap_or_else(|| panic!("{name}")).clone()
}

fn indicator(values: &[f64], f: impl Fn(f64) -> bool) -> Vec<f64> {
    values
        .iter()
        .map(|&v| {
            if v.is_nan() {
                f64::NAN
            } else if f(v) {
                1.0
            } else {
                0.0
            }
        })
        .collect()
}

fn one(d: &SurveyDesign, s: Statistic, y: &[f64], x: Option<&[f64]>) -> DomainEstimate {
    d.estimate(s, y, x, None)
        .expect("estimate")
        .estimates
        .remove(0)
}

const API_NUM: &[&str] = &["api00", "enroll", "api.stu", "ell", "pw", "fpc"];

fn api(file: &str, extra_numeric: &[&str], extra_cat: &[&str]) -> Microdata {
    let mut numeric: Vec<&str> = API_NUM
        .iter()
        .copied()
        .filter(|c| *c != "pw" && *c != "fpc")
        .collect();
    numeric.extend_from_slice(extra_numeric);
    let mut cat = vec!["stype", "sch.wide"];
    cat.extend_from_slice(extra_cat);
    read(file, &numeric, &cat, &[])
}

fn contrasts(ex: &Expected, case: &str, design: &SurveyDesign, t: &EstimateTable) {
    let c = t
        .contrast(design, "M", "E", ContrastKind::Ratio)
        .expect("ratio");
    ex.check(case, "", "ratio_M_E", c.estimate, 1e-9);
    ex.check(case, "", "ratio_M_E_se", c.se, 1e-6);
    let c = t
        .contrast(design, "M", "E", ContrastKind::RelativeGap)
        .expect("gap");
    ex.check(case, "", "gap_E_M", c.estimate, 1e-9);
    ex.check(case, "", "gap_E_M_se", c.se, 1e-6);
    let c = t
        .contrast(design, "M", "E", ContrastKind::Difference)
        .expect("diff");
    ex.check(case, "", "diff_E_M", c.estimate, 1e-9);
    ex.check(case, "", "diff_E_M_se", c.se, 1e-6);
}

#[test]
fn engine_matches_r_survey() {
    let ex = Expected::load();

    // ---- api designs ----
    let srs = read("apisrs.csv", &["api00", "fpc"], &[], &[]);
    let dsrs = DesignBuilder::new()
        .fpc(vec![num(&srs, "fpc")])
        .build()
        .expect("dsrs");
    ex.estimate(
        "srs_mean_api00",
        "",
        &one(
            &dsrs,
            Statistic::Mean,
            srs.numeric("api00").unwrap_or_default(),
            None,
        ),
    );

    let st = read(
        "apistrat.csv",
        &["api00", "enroll", "api.stu", "fpc"],
        &["stype", "sch.wide"],
        &["pw"],
    );
    let strat_builder = || {
        DesignBuilder::new()
            .weights(num(&st, "pw"))
            .strata(fac(&st, "stype"))
    };
    let dstrat = strat_builder()
        .fpc(vec![num(&st, "fpc")])
        .build()
        .expect("dstrat");
    let api00 = st.numeric("api00").unwrap_or_default();
    let e = one(&dstrat, Statistic::Mean, api00, None);
    ex.estimate("strat_mean_api00", "", &e);
    ex.interval("strat_mean_api00", "", &e, IntervalMethod::Wald, 0.95);
    ex.estimate(
        "strat_total_enroll",
        "",
        &one(
            &dstrat,
            Statistic::Total,
            st.numeric("enroll").unwrap_or_default(),
            None,
        ),
    );
    ex.estimate(
        "strat_ratio",
        "",
        &one(
            &dstrat,
            Statistic::Ratio,
            st.numeric("api.stu").unwrap_or_default(),
            st.numeric("enroll"),
        ),
    );
    // fpc as sampling fractions
    let stype = fac(&st, "stype");
    let mut per_stratum = vec![0.0; stype.levels().len()];
    for &c in stype.codes() {
        per_stratum[c as usize] += 1.0;
    }
    let frac: Vec<f64> = stype
        .codes()
        .iter()
        .zip(st.numeric("fpc").unwrap_or_default())
        .map(|(&c, &n)| per_stratum[c as usize] / n)
        .collect();
    let dfrac = strat_builder()
        .fpc(vec![NumericColumn::new("frac", frac)])
        .build()
        .expect("fractions");
    ex.estimate(
        "strat_fraction_mean_api00",
        "",
        &one(&dfrac, Statistic::Mean, api00, None),
    );
    let dnofpc = strat_builder().build().expect("no fpc");
    ex.estimate(
        "strat_nofpc_mean_api00",
        "",
        &one(&dnofpc, Statistic::Mean, api00, None),
    );
    let schwide_st = fac(&st, "sch.wide").indicator("Yes").unwrap_or_default();
    ex.estimate(
        "strat_schwide",
        "",
        &one(&dstrat, Statistic::Mean, &schwide_st, None),
    );
    let t = dstrat
        .estimate(Statistic::Mean, &schwide_st, None, Some(&stype))
        .expect("by");
    ex.table("strat_by_stype_schwide", &t);
    contrasts(&ex, "strat_contrasts", &dstrat, &t);
    for e in &t.estimates {
        let dom = e.domain.as_deref().unwrap_or("");
        for (m, method) in [
            ("logit", IntervalMethod::Logit),
            ("beta", IntervalMethod::Beta),
            ("mean", IntervalMethod::Wald),
        ] {
            let case = format!("strat_dom_schwide_{m}");
            ex.check(&case, dom, "estimate", e.estimate, 1e-9);
            ex.check(&case, dom, "se", e.se, 1e-6);
            ex.check(&case, dom, "df", e.df, 0.0);
            ex.interval(&case, dom, e, method, 0.95);
        }
    }

    let c1 = api("apiclus1.csv", &["pw", "fpc"], &["dnum"]);
    let clus1_builder = || {
        DesignBuilder::new()
            .weights(num(&c1, "pw"))
            .clusters(vec![fac(&c1, "dnum")])
    };
    let dclus1 = clus1_builder()
        .fpc(vec![num(&c1, "fpc")])
        .build()
        .expect("dclus1");
    let api00 = c1.numeric("api00").unwrap_or_default();
    let enroll = c1.numeric("enroll").unwrap_or_default();
    let apistu = c1.numeric("api.stu").unwrap_or_default();
    let stype1 = fac(&c1, "stype");
    let e = one(&dclus1, Statistic::Mean, api00, None);
    ex.estimate("clus1_mean_api00", "", &e);
    ex.interval("clus1_mean_api00", "", &e, IntervalMethod::Wald, 0.95);
    ex.interval("clus1_mean_api00_90", "", &e, IntervalMethod::Wald, 0.90);
    ex.check("clus1_mean_api00_90", "", "estimate", e.estimate, 1e-9);
    ex.check("clus1_mean_api00_90", "", "se", e.se, 1e-6);
    ex.check("clus1_mean_api00_90", "", "df", e.df, 0.0);
    ex.estimate(
        "clus1_total_enroll",
        "",
        &one(&dclus1, Statistic::Total, enroll, None),
    );
    ex.estimate(
        "clus1_ratio",
        "",
        &one(&dclus1, Statistic::Ratio, apistu, Some(enroll)),
    );
    let t = dclus1
        .estimate(Statistic::Ratio, apistu, Some(enroll), Some(&stype1))
        .expect("ratio by");
    ex.table("clus1_by_stype_ratio", &t);
    let h = t
        .estimates
        .iter()
        .find(|e| e.domain.as_deref() == Some("H"))
        .expect("H");
    ex.estimate("clus1_ratio_H", "", h);
    let dnofpc = clus1_builder().build().expect("no fpc");
    ex.estimate(
        "clus1_nofpc_mean_api00",
        "",
        &one(&dnofpc, Statistic::Mean, api00, None),
    );

    let ell0 = indicator(c1.numeric("ell").unwrap_or_default(), |v| v == 0.0);
    let schwide = fac(&c1, "sch.wide").indicator("Yes").unwrap_or_default();
    for (name, y) in [("ell0", &ell0), ("schwide", &schwide)] {
        let e = one(&dclus1, Statistic::Mean, y, None);
        for (m, method) in [
            ("logit", IntervalMethod::Logit),
            ("beta", IntervalMethod::Beta),
            ("mean", IntervalMethod::Wald),
            ("xlogit", IntervalMethod::Logit),
        ] {
            let case = format!("clus1_{name}_{m}");
            ex.estimate(&case, "", &e);
            ex.interval(&case, "", &e, method, 0.95);
        }
        let case = format!("clus1_{name}_wilson");
        ex.check(&case, "", "estimate", e.estimate, 1e-9);
        ex.interval(&case, "", &e, IntervalMethod::Wilson, 0.95);
    }
    let e = one(&dclus1, Statistic::Mean, &schwide, None);
    ex.estimate("clus1_schwide_logit_90", "", &e);
    ex.interval(
        "clus1_schwide_logit_90",
        "",
        &e,
        IntervalMethod::Logit,
        0.90,
    );
    ex.estimate(
        "clus1_ell0_deff",
        "",
        &one(&dclus1, Statistic::Mean, &ell0, None),
    );

    ex.table(
        "clus1_by_stype_api00",
        &dclus1
            .estimate(Statistic::Mean, api00, None, Some(&stype1))
            .expect("by"),
    );
    ex.table(
        "clus1_by_stype_total_enroll",
        &dclus1
            .estimate(Statistic::Total, enroll, None, Some(&stype1))
            .expect("by"),
    );
    let t = dclus1
        .estimate(Statistic::Mean, &schwide, None, Some(&stype1))
        .expect("by");
    contrasts(&ex, "clus1_contrasts", &dclus1, &t);
    for e in &t.estimates {
        let dom = e.domain.as_deref().unwrap_or("");
        for (m, method) in [
            ("logit", IntervalMethod::Logit),
            ("beta", IntervalMethod::Beta),
            ("mean", IntervalMethod::Wald),
        ] {
            let case = format!("clus1_dom_schwide_{m}");
            ex.estimate(&case, dom, e);
            ex.interval(&case, dom, e, method, 0.95);
        }
    }

    // JK1 / JKn built from the design
    let rclus1 = dclus1
        .jackknife(Jackknife::Jk1, LonelyPsu::Fail)
        .expect("jk1");
    ex.estimate(
        "jk1_clus1_mean_api00",
        "",
        &one(&rclus1, Statistic::Mean, api00, None),
    );
    ex.estimate(
        "jk1_clus1_total_enroll",
        "",
        &one(&rclus1, Statistic::Total, enroll, None),
    );
    ex.estimate(
        "jk1_clus1_ratio",
        "",
        &one(&rclus1, Statistic::Ratio, apistu, Some(enroll)),
    );
    ex.table(
        "jk1_clus1_by_stype_api00",
        &rclus1
            .estimate(Statistic::Mean, api00, None, Some(&stype1))
            .expect("by"),
    );
    let whole = rclus1
        .estimate(Statistic::Mean, &schwide, None, None)
        .expect("jk1");
    ex.estimate("jk1_clus1_schwide_logit", "", &whole.estimates[0]);
    ex.bounds(
        "jk1_clus1_schwide_logit",
        "",
        whole
            .interval(&rclus1, 0, IntervalMethod::Logit, 0.95)
            .expect("ci"),
    );
    let t = rclus1
        .estimate(Statistic::Mean, &schwide, None, Some(&stype1))
        .expect("by");
    contrasts(&ex, "jk1_clus1_contrasts", &rclus1, &t);
    for (i, e) in t.estimates.iter().enumerate() {
        let dom = e.domain.as_deref().unwrap_or("");
        ex.estimate("jk1_clus1_dom_schwide_logit", dom, e);
        ex.bounds(
            "jk1_clus1_dom_schwide_logit",
            dom,
            t.interval(&rclus1, i, IntervalMethod::Logit, 0.95)
                .expect("ci"),
        );
    }
    let r_nofpc = dnofpc
        .jackknife(Jackknife::Jk1, LonelyPsu::Fail)
        .expect("jk1");
    ex.estimate(
        "jk1_clus1_nofpc_mean_api00",
        "",
        &one(&r_nofpc, Statistic::Mean, api00, None),
    );
    let rstrat = dstrat
        .jackknife(Jackknife::Jkn, LonelyPsu::Fail)
        .expect("jkn");
    let st_api00 = st.numeric("api00").unwrap_or_default();
    ex.estimate(
        "jkn_strat_mean_api00",
        "",
        &one(&rstrat, Statistic::Mean, st_api00, None),
    );
    ex.estimate(
        "jkn_strat_ratio",
        "",
        &one(
            &rstrat,
            Statistic::Ratio,
            st.numeric("api.stu").unwrap_or_default(),
            st.numeric("enroll"),
        ),
    );
    ex.table(
        "jkn_strat_by_stype_schwide",
        &rstrat
            .estimate(Statistic::Mean, &schwide_st, None, Some(&stype))
            .expect("by"),
    );

    // bootstrap replicate columns written by R
    let boot_path = repo().join("tests/fixtures/survey/apiclus1_boot.csv");
    let names: Vec<String> = (1..=50).map(|i| format!("boot_{i}")).collect();
    let mut boot = CsvMicrodata::new(std::fs::File::open(&boot_path).expect("boot file"))
        .and_then(|r| {
            r.read(&ColumnRequest {
                weights: names.clone(),
                ..ColumnRequest::default()
            })
        })
        .expect("boot");
    let cols = names
        .iter()
        .map(|n| boot.take_numeric(n).expect("col"))
        .collect();
    let dboot = SurveyDesign::from_replicate_weights(
        Some(num(&c1, "pw")),
        cols,
        ReplicateKind::Bootstrap,
        ReplicateOptions::default(),
    )
    .expect("boot design");
    ex.estimate(
        "boot_clus1_mean_api00",
        "",
        &one(&dboot, Statistic::Mean, api00, None),
    );
    ex.table(
        "boot_clus1_by_stype_api00",
        &dboot
            .estimate(Statistic::Mean, api00, None, Some(&stype1))
            .expect("by"),
    );

    // two-stage with fpc at both stages; weights implied by the fpc
    let c2 = read(
        "apiclus2.csv",
        &["api00", "enroll", "api.stu", "fpc1", "fpc2"],
        &["stype", "dnum", "snum"],
        &[],
    );
    let dclus2 = DesignBuilder::new()
        .clusters(vec![fac(&c2, "dnum"), fac(&c2, "snum")])
        .fpc(vec![num(&c2, "fpc1"), num(&c2, "fpc2")])
        .build()
        .expect("dclus2");
    let api00_2 = c2.numeric("api00").unwrap_or_default();
    let enroll2 = c2.numeric("enroll").unwrap_or_default();
    ex.estimate(
        "clus2_mean_api00",
        "",
        &one(&dclus2, Statistic::Mean, api00_2, None),
    );
    ex.estimate(
        "clus2_total_enroll",
        "",
        &one(&dclus2, Statistic::Total, enroll2, None),
    );
    ex.estimate(
        "clus2_mean_enroll",
        "",
        &one(&dclus2, Statistic::Mean, enroll2, None),
    );
    ex.estimate(
        "clus2_ratio",
        "",
        &one(
            &dclus2,
            Statistic::Ratio,
            c2.numeric("api.stu").unwrap_or_default(),
            Some(enroll2),
        ),
    );
    let t = dclus2
        .estimate(Statistic::Mean, api00_2, None, Some(&fac(&c2, "stype")))
        .expect("by");
    ex.table("clus2_by_stype_api00", &t);
    contrasts(&ex, "clus2_contrasts_api00", &dclus2, &t);

    // ---- NHANES II ----
    let nh = read(
        "nhanes2.csv",
        &["zinc", "highbp", "highlead"],
        &["stratid", "psuid", "race"],
        &["finalwgt"],
    );
    let dnh = DesignBuilder::new()
        .weights(num(&nh, "finalwgt"))
        .strata(fac(&nh, "stratid"))
        .clusters(vec![fac(&nh, "psuid")])
        .build()
        .expect("nhanes");
    let zinc = nh.numeric("zinc").unwrap_or_default();
    let e = one(&dnh, Statistic::Mean, zinc, None);
    ex.estimate("nhanes_zinc", "", &e);
    ex.interval("nhanes_zinc", "", &e, IntervalMethod::Wald, 0.95);
    let race = fac(&nh, "race");
    ex.table(
        "nhanes_zinc_by_race",
        &dnh.estimate(Statistic::Mean, zinc, None, Some(&race))
            .expect("by"),
    );
    let highbp = nh.numeric("highbp").unwrap_or_default();
    let e = one(&dnh, Statistic::Mean, highbp, None);
    for (m, method) in [
        ("logit", IntervalMethod::Logit),
        ("beta", IntervalMethod::Beta),
        ("mean", IntervalMethod::Wald),
    ] {
        let case = format!("nhanes_highbp_{m}");
        ex.estimate(&case, "", &e);
        ex.interval(&case, "", &e, method, 0.95);
    }
    ex.check("nhanes_highbp_wilson", "", "estimate", e.estimate, 1e-9);
    ex.interval("nhanes_highbp_wilson", "", &e, IntervalMethod::Wilson, 0.95);
    let t = dnh
        .estimate(Statistic::Mean, highbp, None, Some(&race))
        .expect("by");
    ex.table("nhanes_highbp_by_race", &t);
    for e in &t.estimates {
        let dom = e.domain.as_deref().unwrap_or("");
        ex.estimate("nhanes_dom_highbp_logit", dom, e);
        ex.interval(
            "nhanes_dom_highbp_logit",
            dom,
            e,
            IntervalMethod::Logit,
            0.95,
        );
    }
    ex.estimate(
        "nhanes_highlead",
        "",
        &one(
            &dnh,
            Statistic::Mean,
            nh.numeric("highlead").unwrap_or_default(),
            None,
        ),
    );

    // lonely PSU: drop PSU 2 of stratum 1
    let strat = fac(&nh, "stratid");
    let psu = fac(&nh, "psuid");
    let keep: Vec<bool> = (0..nh.rows)
        .map(|i| {
            !(strat.levels()[strat.codes()[i] as usize] == "1"
                && psu.levels()[psu.codes()[i] as usize] == "2")
        })
        .collect();
    let pick_f = |v: &[f64]| {
        v.iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(x, _)| *x)
            .collect::<Vec<f64>>()
    };
    let pick_c = |f: &Factor| {
        let codes = f
            .codes()
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(c, _)| *c)
            .collect();
        Factor::from_codes(f.name(), codes, f.levels().to_vec())
    };
    let lonely_builder = || {
        DesignBuilder::new()
            .weights(NumericColumn::new(
                "finalwgt",
                pick_f(nh.numeric("finalwgt").unwrap_or_default()),
            ))
            .strata(pick_c(&strat))
            .clusters(vec![pick_c(&psu)])
    };
    let err = lonely_builder()
        .build()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("stratum '1'") && err.contains("stratid") && err.contains("only one PSU"),
        "{err}"
    );
    for (name, rule) in [
        ("adjust", LonelyPsu::Adjust),
        ("certainty", LonelyPsu::Certainty),
        ("remove", LonelyPsu::Remove),
    ] {
        let d = lonely_builder().lonely_psu(rule).build().expect("lonely");
        ex.estimate(
            &format!("nhanes_lonely_{name}"),
            "",
            &one(&d, Statistic::Mean, &pick_f(zinc), None),
        );
        ex.table(
            &format!("nhanes_lonely_{name}_by_race"),
            &d.estimate(Statistic::Mean, &pick_f(highbp), None, Some(&pick_c(&race)))
                .expect("by"),
        );
    }

    // supplied replicate weights
    let brr_names: Vec<String> = (1..=32).map(|i| format!("brr_{i}")).collect();
    let mut b2 = {
        let path = data_dir().join("nhanes2brr_subset.csv");
        let mut w = brr_names.clone();
        w.push("finalwgt".into());
        CsvMicrodata::new(std::fs::File::open(path).expect("brr"))
            .and_then(|r| {
                r.read(&ColumnRequest {
                    numeric: vec!["height".into(), "weight".into()],
                    weights: w,
                    ..ColumnRequest::default()
                })
            })
            .expect("brr")
    };
    let finalwgt = num(&b2, "finalwgt");
    let brr_cols: Vec<NumericColumn> = brr_names
        .iter()
        .map(|n| b2.take_numeric(n).expect("col"))
        .collect();
    let weight = b2.numeric("weight").unwrap_or_default().to_vec();
    let height = b2.numeric("height").unwrap_or_default().to_vec();
    let brr = SurveyDesign::from_replicate_weights(
        Some(finalwgt.clone()),
        brr_cols.clone(),
        ReplicateKind::Brr,
        ReplicateOptions::default(),
    )
    .expect("brr");
    ex.estimate(
        "brr_ratio",
        "",
        &one(&brr, Statistic::Ratio, &weight, Some(&height)),
    );
    ex.estimate(
        "brr_mean_weight",
        "",
        &one(&brr, Statistic::Mean, &weight, None),
    );
    ex.estimate(
        "brr_total_weight",
        "",
        &one(&brr, Statistic::Total, &weight, None),
    );
    let heavy = indicator(&weight, |w| w > 80.0);
    let whole = brr
        .estimate(Statistic::Mean, &heavy, None, None)
        .expect("brr");
    ex.estimate("brr_heavy_logit", "", &whole.estimates[0]);
    ex.bounds(
        "brr_heavy_logit",
        "",
        whole
            .interval(&brr, 0, IntervalMethod::Logit, 0.95)
            .expect("ci"),
    );
    let tall_labels: Vec<Option<&str>> = height
        .iter()
        .map(|&h| Some(if h > 170.0 { "tall" } else { "short" }))
        .collect();
    let tall = Factor::from_labels("tall", &tall_labels);
    ex.table(
        "brr_by_tall_weight",
        &brr.estimate(Statistic::Mean, &weight, None, Some(&tall))
            .expect("by"),
    );
    let fay_cols: Vec<NumericColumn> = brr_cols
        .iter()
        .enumerate()
        .map(|(k, c)| {
            NumericColumn::new(
                &format!("fay_{}", k + 1),
                c.values
                    .iter()
                    .zip(&finalwgt.values)
                    .map(|(b, w)| 0.5 * w + 0.5 * b)
                    .collect(),
            )
        })
        .collect();
    let fay = SurveyDesign::from_replicate_weights(
        Some(finalwgt.clone()),
        fay_cols,
        ReplicateKind::Fay { rho: 0.5 },
        ReplicateOptions::default(),
    )
    .expect("fay");
    ex.estimate(
        "fay_mean_weight",
        "",
        &one(&fay, Statistic::Mean, &weight, None),
    );
    ex.estimate(
        "fay_ratio",
        "",
        &one(&fay, Statistic::Ratio, &weight, Some(&height)),
    );

    let jk_names: Vec<String> = (1..=62).map(|i| format!("jkw_{i}")).collect();
    let mut j = {
        let path = data_dir().join("nhanes2jk_subset.csv");
        let mut w = jk_names.clone();
        w.push("finalwgt".into());
        CsvMicrodata::new(std::fs::File::open(path).expect("jk"))
            .and_then(|r| {
                r.read(&ColumnRequest {
                    numeric: vec!["height".into(), "weight".into()],
                    weights: w,
                    ..ColumnRequest::default()
                })
            })
            .expect("jk")
    };
    let jw = num(&j, "finalwgt");
    let jk_cols: Vec<NumericColumn> = jk_names
        .iter()
        .map(|n| j.take_numeric(n).expect("col"))
        .collect();
    let (jweight, jheight) = (
        j.numeric("weight").unwrap_or_default(),
        j.numeric("height").unwrap_or_default(),
    );
    let jkn = SurveyDesign::from_replicate_weights(
        Some(jw.clone()),
        jk_cols.clone(),
        ReplicateKind::Jkn,
        ReplicateOptions {
            rscales: Some(vec![0.5]),
            ..ReplicateOptions::default()
        },
    )
    .expect("jkn");
    ex.estimate(
        "jkn_ratio",
        "",
        &one(&jkn, Statistic::Ratio, jweight, Some(jheight)),
    );
    ex.estimate(
        "jkn_mean_weight",
        "",
        &one(&jkn, Statistic::Mean, jweight, None),
    );
    let jk1 = SurveyDesign::from_replicate_weights(
        Some(jw.clone()),
        jk_cols.clone(),
        ReplicateKind::Jk1,
        ReplicateOptions::default(),
    )
    .expect("jk1");
    ex.estimate(
        "jk1cols_mean_weight",
        "",
        &one(&jk1, Statistic::Mean, jweight, None),
    );
    let sdr = SurveyDesign::from_replicate_weights(
        Some(jw),
        jk_cols,
        ReplicateKind::SuccessiveDifference,
        ReplicateOptions::default(),
    )
    .expect("sdr");
    ex.estimate(
        "sdr_mean_weight",
        "",
        &one(&sdr, Statistic::Mean, jweight, None),
    );

    let scd = read("scd.csv", &["alive", "arrests"], &["ESA", "ambulance"], &[]);
    let (alive, arrests) = (
        scd.numeric("alive").unwrap_or_default(),
        scd.numeric("arrests").unwrap_or_default(),
    );
    let patterns = [
        [1.0, 0.0, 1.0, 0.0, 1.0, 0.0],
        [1.0, 0.0, 0.0, 1.0, 0.0, 1.0],
        [0.0, 1.0, 1.0, 0.0, 0.0, 1.0],
        [0.0, 1.0, 0.0, 1.0, 1.0, 0.0],
    ];
    let cols = patterns
        .iter()
        .enumerate()
        .map(|(k, p)| NumericColumn::new(&format!("r{k}"), p.iter().map(|v| 2.0 * v).collect()))
        .collect();
    let scd_brr = SurveyDesign::from_replicate_weights(
        None,
        cols,
        ReplicateKind::Brr,
        ReplicateOptions {
            multiply_by_weights: true,
            ..ReplicateOptions::default()
        },
    )
    .expect("scd brr");
    ex.estimate(
        "scd_brr_ratio",
        "",
        &one(&scd_brr, Statistic::Ratio, alive, Some(arrests)),
    );
    let scd_taylor = DesignBuilder::new()
        .strata(fac(&scd, "ESA"))
        .clusters(vec![fac(&scd, "ambulance")])
        .fpc(vec![NumericColumn::new("fpc", vec![5.0; 6])])
        .weights(NumericColumn::new("one", vec![1.0; 6]))
        .build()
        .expect("scd");
    ex.estimate(
        "scd_taylor_ratio",
        "",
        &one(&scd_taylor, Statistic::Ratio, alive, Some(arrests)),
    );

    // Every expected value must have been compared.
    let used = ex.used.borrow();
    let mut unused: Vec<_> = ex
        .values
        .keys()
        .filter(|k| !used.contains(*k))
        .map(|k| format!("{}/{}/{}", k.0, k.1, k.2))
        .collect();
    unused.sort();
    let failures = ex.failures.borrow();
    assert!(
        failures.is_empty() && unused.is_empty(),
        "{} mismatches:\n{}\n{} values never compared:\n{}",
        failures.len(),
        failures.join("\n"),
        unused.len(),
        unused.join("\n")
    );
}
