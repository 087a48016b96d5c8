//! One call from entered figures to scores, roll-ups and warnings: [`evaluate`].

use serde::{Deserialize, Serialize};

use crate::checks::{Computed, Warning, warnings};
use crate::city_inputs::{CityInputError, CityInputs};
use crate::framework::{Framework, LookupError};
use crate::observation::{Observation, compute_value};
use crate::rollup::{CategoryScore, DimensionScore, RollupItem, SubDimensionScore, roll_up};
use crate::scoring::{Band, score};
use crate::targets::TargetSet;

/// The result for one KPI or data point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureResult {
    /// Catalogue code.
    pub kpi: String,
    pub data_point: Option<String>,
    /// Codes of the KPI's place in the framework.
    pub dimension: String,
    pub sub_dimension: String,
    pub category: String,
    pub value: f64,
    /// The target used, if any.
    pub target: Option<f64>,
    /// Achievement against the target in percent, capped at 100; `None` = not scored.
    pub achievement_pct: Option<f64>,
    /// Points 1–4; `None` = not scored ("N/A").
    pub score: Option<u8>,
    pub band: Option<Band>,
}

/// Everything a results page, the CLI or an export shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub framework_id: String,
    pub framework_version: String,
    /// Reported measures in framework order.
    pub kpis: Vec<MeasureResult>,
    /// Categories, sub-dimensions and dimensions with at least one reported measure.
    pub categories: Vec<CategoryScore>,
    pub sub_dimensions: Vec<SubDimensionScore>,
    pub dimensions: Vec<DimensionScore>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvaluationError {
    /// `index` counts observations from 0; the message counts from 1.
    #[error("observation {} (kpi \"{kpi}\"): field `{field}`: {problem}", index + 1)]
    Observation {
        index: usize,
        kpi: String,
        field: &'static str,
        problem: String,
    },
    #[error(transparent)]
    CityInput(#[from] CityInputError),
    #[error("target set `{target_set}` is for framework `{for_framework}`, not `{framework}`")]
    TargetSetMismatch {
        target_set: String,
        for_framework: String,
        framework: String,
    },
}

/// The field an unresolvable (code, data point) pair is blamed on.
pub fn lookup_field(error: &LookupError) -> &'static str {
    match error {
        LookupError::UnknownKpi(_) => "kpi",
        _ => "data_point",
    }
}

/// Compute, score, roll up and check a set of observations.
///
/// Missing denominators are taken from `inputs` where the framework links the KPI to a city
/// input. Each (KPI, data point) may appear once. Targets come from `targets` (checked
/// against the framework when loaded). Fails on the first observation that cannot give a
/// value, naming it and its field; everything questionable but computable is a warning.
pub fn evaluate(
    framework: &Framework,
    observations: &[Observation],
    inputs: &CityInputs,
    targets: &TargetSet,
) -> Result<Evaluation, EvaluationError> {
    inputs.check(framework)?;
    if targets.target_set.framework != framework.framework.id {
        return Err(EvaluationError::TargetSetMismatch {
            target_set: targets.target_set.id.clone(),
            for_framework: targets.target_set.framework.clone(),
            framework: framework.framework.id.clone(),
        });
    }
    let order = framework.measures();
    let position = |kpi: &str, dp: Option<&str>| {
        order
            .iter()
            .position(|m| m.kpi.code == kpi && m.data_point_id() == dp)
            .unwrap_or(usize::MAX)
    };

    let mut computed: Vec<(usize, Computed<'_>)> = Vec::with_capacity(observations.len());
    for (index, raw) in observations.iter().enumerate() {
        let fail = |field: &'static str, problem: String| EvaluationError::Observation {
            index,
            kpi: raw.kpi.clone(),
            field,
            problem,
        };
        let measure = framework
            .measure(&raw.kpi, raw.data_point.as_deref())
            .map_err(|e| fail(lookup_field(&e), e.to_string()))?;
        let pos = position(&measure.kpi.code, measure.data_point_id());
        if computed.iter().any(|(p, _)| *p == pos) {
            return Err(fail(
                "kpi",
                format!("`{}` is given more than once", measure.label()),
            ));
        }
        let mut observation = raw.clone();
        observation.kpi = measure.kpi.code.clone();
        observation.data_point = measure.data_point_id().map(str::to_string);
        inputs.fill_denominator(&measure, &mut observation);
        let value = compute_value(&measure, &observation).map_err(|p| fail(p.field, p.problem))?;
        computed.push((
            pos,
            Computed {
                measure,
                observation,
                value,
            },
        ));
    }
    computed.sort_by_key(|(pos, _)| *pos);
    let computed: Vec<Computed<'_>> = computed.into_iter().map(|(_, c)| c).collect();

    let kpis: Vec<MeasureResult> = computed
        .iter()
        .map(|c| {
            let m = &c.measure;
            let target = targets
                .target(&m.kpi.code, m.data_point_id())
                .map(|t| t.value);
            let scored = m.direction().and_then(|d| score(d, c.value, target));
            MeasureResult {
                kpi: m.kpi.code.clone(),
                data_point: m.data_point_id().map(str::to_string),
                dimension: m.kpi.dimension.clone(),
                sub_dimension: m.kpi.sub_dimension.clone(),
                category: m.kpi.category.clone(),
                value: c.value,
                target,
                achievement_pct: scored.map(|s| s.achievement_pct),
                score: scored.map(|s| s.points),
                band: scored.map(|s| s.band),
            }
        })
        .collect();
    let items: Vec<RollupItem<'_>> = kpis
        .iter()
        .map(|r| RollupItem {
            dimension: &r.dimension,
            sub_dimension: &r.sub_dimension,
            category: &r.category,
            points: r.score,
        })
        .collect();
    let (categories, sub_dimensions, dimensions) = roll_up(&items);
    let warnings = warnings(framework, &computed, inputs);
    Ok(Evaluation {
        framework_id: framework.framework.id.clone(),
        framework_version: framework.framework.version.clone(),
        kpis,
        categories,
        sub_dimensions,
        dimensions,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::targets::Target;

    fn framework() -> Framework {
        Framework::u4ssc_2017().expect("framework")
    }

    fn value(kpi: &str, dp: Option<&str>, v: f64) -> Observation {
        Observation {
            kpi: kpi.into(),
            data_point: dp.map(Into::into),
            value: Some(v),
            ..Observation::default()
        }
    }

    fn ratio(kpi: &str, n: f64, d: Option<f64>) -> Observation {
        Observation {
            kpi: kpi.into(),
            numerator: Some(n),
            denominator: d,
            ..Observation::default()
        }
    }

    fn targets(f: &Framework, list: &[(&str, Option<&str>, f64)]) -> TargetSet {
        let mut set = TargetSet::empty(f);
        for (kpi, dp, v) in list {
            set.set(Target {
                kpi: (*kpi).into(),
                data_point: dp.map(Into::into),
                value: *v,
                source: "test".into(),
                url: None,
            });
        }
        set
    }

    fn rules(e: &Evaluation) -> Vec<&str> {
        e.warnings.iter().map(|w| w.rule.as_str()).collect()
    }

    #[test]
    fn education_example_rolls_up_to_56_25() {
        let f = framework();
        // Four education KPIs scoring 1, 3, 4, 1 against targets of 100.
        let obs = [
            value("SC: EH: ED: 1C", None, 20.0),
            value("SC: EH: ED: 2C", None, 80.0),
            value("SC: EH: ED: 4C", None, 99.0),
            value("SC: EH: ED: 3C", None, 10.0),
        ];
        let t = targets(
            &f,
            &[
                ("SC: EH: ED: 1C", None, 100.0),
                ("SC: EH: ED: 2C", None, 100.0),
                ("SC: EH: ED: 4C", None, 100.0),
                ("SC: EH: ED: 3C", None, 100.0),
            ],
        );
        let e = evaluate(&f, &obs, &CityInputs::new(), &t).expect("evaluates");
        let points: Vec<Option<u8>> = e.kpis.iter().map(|k| k.score).collect();
        assert_eq!(points, [Some(1), Some(3), Some(1), Some(4)]);
        assert_eq!(e.categories.len(), 1);
        assert_eq!(
            (
                e.categories[0].sub_dimension.as_str(),
                e.categories[0].category.as_str()
            ),
            ("EH", "ED")
        );
        assert_eq!(e.categories[0].score.score_pct, Some(56.25));
        assert_eq!(e.categories[0].score.band, Some(Band::From33To66));
        assert_eq!(e.dimensions[0].score.score_pct, Some(56.25));
    }

    #[test]
    fn ehr_rolls_into_health_and_unscored_items_are_na() {
        let f = framework();
        let obs = [
            value("SC: EH: ED: 5A", None, 70.0),
            value("SC: EH: ED: 1C", None, 50.0),
        ];
        let t = targets(&f, &[("SC: EH: ED: 5A", None, 100.0)]);
        let e = evaluate(&f, &obs, &CityInputs::new(), &t).expect("evaluates");
        let cats: Vec<(&str, Option<f64>)> = e
            .categories
            .iter()
            .map(|c| (c.category.as_str(), c.score.score_pct))
            .collect();
        // Framework order: Education first (not scored: no target), then Health.
        assert_eq!(cats, [("ED", None), ("H", Some(75.0))]);
        assert_eq!(e.sub_dimensions[0].score.score_pct, Some(75.0));
        assert_eq!(e.sub_dimensions[0].score.reported_items, 2);
    }

    #[test]
    fn water_and_sanitation_categories_stay_apart() {
        let f = framework();
        let obs = [
            value("EC: ICT: WS: 1C", None, 100.0),
            value("EC: I: WS: 1C", None, 10.0),
            value("EN: EN: WS: 1C", None, 50.0),
        ];
        let t = targets(
            &f,
            &[
                ("EC: ICT: WS: 1C", None, 100.0),
                ("EC: I: WS: 1C", None, 100.0),
                ("EN: EN: WS: 1C", None, 100.0),
            ],
        );
        let e = evaluate(&f, &obs, &CityInputs::new(), &t).expect("evaluates");
        let cats: Vec<(&str, &str, Option<f64>)> = e
            .categories
            .iter()
            .map(|c| {
                (
                    c.sub_dimension.as_str(),
                    c.category.as_str(),
                    c.score.score_pct,
                )
            })
            .collect();
        assert_eq!(
            cats,
            [
                ("ICT", "WS", Some(100.0)),
                ("I", "WS", Some(25.0)),
                ("EN", "WS", Some(50.0))
            ]
        );
    }

    #[test]
    fn data_points_are_scored_and_rolled_up_one_by_one() {
        let f = framework();
        let defaults = TargetSet::default_for(&f).expect("defaults");
        let obs = [
            value("EN: EN: AQ: 1C", Some("PM2.5"), 5.0), // 100 % -> 4
            value("EN: EN: AQ: 1C", Some("PM10"), 30.0), // 50 % -> 2
            value("EN: EN: AQ: 1C", Some("SO2"), 3.0),   // no target -> N/A
        ];
        let e = evaluate(&f, &obs, &CityInputs::new(), &defaults).expect("evaluates");
        let scores: Vec<(Option<&str>, Option<u8>)> = e
            .kpis
            .iter()
            .map(|k| (k.data_point.as_deref(), k.score))
            .collect();
        assert_eq!(
            scores,
            [
                (Some("PM10"), Some(2)),
                (Some("PM2.5"), Some(4)),
                (Some("SO2"), None)
            ]
        );
        assert_eq!(e.categories[0].score.score_pct, Some(75.0));
    }

    #[test]
    fn city_inputs_fill_denominators_and_recompute() {
        let f = framework();
        let obs = [
            ratio("EC: ICT: ICT: 1C", 18_000.0, None),
            ratio("SC: SH: SA: 9C", 3.0, None),
        ];
        let t = TargetSet::empty(&f);
        let inputs = CityInputs::new()
            .with("households", 20_000.0)
            .with("population", 50_000.0);
        let e = evaluate(&f, &obs, &inputs, &t).expect("evaluates");
        assert_eq!(e.kpis[0].value, 90.0);
        assert_eq!(e.kpis[1].value, 6.0);
        let inputs = inputs.with("households", 24_000.0);
        let e = evaluate(&f, &obs, &inputs, &t).expect("evaluates");
        assert_eq!(e.kpis[0].value, 75.0);
        // Without the input the numerator alone cannot give a value.
        let err = evaluate(&f, &obs, &CityInputs::new(), &t).expect_err("no denominator");
        assert!(
            matches!(
                err,
                EvaluationError::Observation {
                    index: 0,
                    field: "denominator",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn errors_name_observation_and_field() {
        let f = framework();
        let t = TargetSet::empty(&f);
        let err = evaluate(
            &f,
            &[value("EC: XX: 1C", None, 1.0)],
            &CityInputs::new(),
            &t,
        )
        .expect_err("code");
        assert_eq!(
            err.to_string(),
            "observation 1 (kpi \"EC: XX: 1C\"): field `kpi`: unknown KPI code `EC: XX: 1C`"
        );
        let err = evaluate(
            &f,
            &[value("EN: EN: AQ: 1C", Some("CO"), 1.0)],
            &CityInputs::new(),
            &t,
        )
        .expect_err("dp");
        assert!(matches!(
            err,
            EvaluationError::Observation {
                field: "data_point",
                ..
            }
        ));
        let twice = [
            value("EC: ICT: ICT: 1C", None, 1.0),
            value("ec:ict:ict:1c", None, 2.0),
        ];
        let err = evaluate(&f, &twice, &CityInputs::new(), &t).expect_err("twice");
        assert!(
            matches!(
                err,
                EvaluationError::Observation {
                    index: 1,
                    field: "kpi",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn share_and_range_rules() {
        let f = framework();
        let t = TargetSet::empty(&f);
        let obs = [
            ratio("EC: ICT: ICT: 1C", 120.0, Some(100.0)), // 120 %
            value("SC: SH: SI: 2C", None, 1.3),            // Gini above 1
            value("EC: P: IN: 3A", None, 80.0),            // SMEs below the expected 95 %
            value("SC: EH: ED: 2C", None, 104.0),          // enrolment may exceed 100: no warning
        ];
        let e = evaluate(&f, &obs, &CityInputs::new(), &t).expect("evaluates");
        assert_eq!(
            rules(&e),
            ["plausible_range", "expected_range", "plausible_range"]
        );
        assert_eq!(e.warnings[0].kpis, ["EC: ICT: ICT: 1C"]);
        assert!(
            e.warnings[0].message.contains("0 to 100"),
            "{}",
            e.warnings[0].message
        );
    }

    #[test]
    fn cross_kpi_rules() {
        let f = framework();
        let t = TargetSet::empty(&f);
        let obs = [
            value("EC: ICT: ICT: 1C", None, 80.0),
            value("EC: ICT: ICT: 2C", None, 85.0),
            value("EC: I: WS: 1C", None, 90.0),
            value("EC: I: WS: 2C", None, 95.0),
            value("EC: ICT: WS: 1C", None, 60.0),
            value("EC: ICT: ES: 1C", None, 40.0),
            ratio("EC: I: ES: 1C", 5_000.0, Some(10_000.0)),
            ratio("EC: I: ES: 2C", 300_000.0, Some(4_000.0)),
            Observation {
                data_point: Some("percent".into()),
                ..ratio("EC: ICT: PS: 1A", 50.0, Some(200.0))
            },
            value("EC: ICT: PS: 1A", Some("number"), 40.0),
        ];
        let e = evaluate(&f, &obs, &CityInputs::new(), &t).expect("evaluates");
        let found = rules(&e);
        for rule in [
            "fixed_broadband_at_most_internet_access",
            "potable_at_most_basic_water",
            "smart_water_meters_at_most_smart_electricity_meters",
            "outage_interruptions_match",
            "open_data_number_matches_percent",
        ] {
            assert!(found.contains(&rule), "{rule} missing from {found:?}");
        }
        let broadband = e
            .warnings
            .iter()
            .find(|w| w.rule.starts_with("fixed_broadband"))
            .expect("rule");
        assert_eq!(broadband.kpis, ["EC: ICT: ICT: 2C", "EC: ICT: ICT: 1C"]);
        assert!(
            broadband.message.contains("85 > EC: ICT: ICT: 1C = 80"),
            "{}",
            broadband.message
        );
    }

    #[test]
    fn parts_must_add_up() {
        let f = framework();
        let t = TargetSet::empty(&f);
        let modes = [
            "private_vehicle",
            "public_transport",
            "walking",
            "cycling",
            "para_transport",
        ];
        let obs: Vec<Observation> = modes
            .iter()
            .map(|m| value("EC: I: T: 4A", Some(m), 30.0))
            .collect();
        let e = evaluate(&f, &obs, &CityInputs::new(), &t).expect("evaluates");
        assert_eq!(rules(&e), ["parts_sum"]);
        assert!(
            e.warnings[0].message.contains("add up to 150"),
            "{}",
            e.warnings[0].message
        );
        let obs: Vec<Observation> = modes
            .iter()
            .map(|m| value("EC: I: T: 4A", Some(m), 20.0))
            .collect();
        let e = evaluate(&f, &obs, &CityInputs::new(), &t).expect("evaluates");
        assert!(e.warnings.is_empty(), "{:?}", e.warnings);
        let obs: Vec<Observation> = modes
            .iter()
            .map(|m| value("EC: I: T: 4A", Some(m), 10.0))
            .collect();
        let e = evaluate(&f, &obs, &CityInputs::new(), &t).expect("evaluates");
        assert_eq!(rules(&e), ["parts_sum"]);
    }

    #[test]
    fn denominators_of_one_input_agree_within_5_percent() {
        let f = framework();
        let t = TargetSet::empty(&f);
        let obs = [
            ratio("EC: ICT: ICT: 1C", 900.0, Some(1_000.0)),
            ratio("EC: I: WS: 1C", 990.0, Some(1_040.0)), // 4 % off the median: fine
            ratio("EC: I: ES: 3C", 1_150.0, Some(1_200.0)), // 20 % off
        ];
        let e = evaluate(&f, &obs, &CityInputs::new(), &t).expect("evaluates");
        assert_eq!(rules(&e), ["denominator_consistency"]);
        assert_eq!(e.warnings[0].kpis, ["EC: I: ES: 3C"]);
        assert!(
            e.warnings[0].message.contains("median"),
            "{}",
            e.warnings[0].message
        );
        // Against an entered city input, every outlier is named.
        let inputs = CityInputs::new().with("households", 1_200.0);
        let e = evaluate(&f, &obs, &inputs, &t).expect("evaluates");
        assert_eq!(e.warnings[0].kpis, ["EC: ICT: ICT: 1C", "EC: I: WS: 1C"]);
    }

    #[test]
    fn unit_traps_households_and_per_100k() {
        let f = framework();
        let t = TargetSet::empty(&f);
        // Households entered as inhabitants: same figure as the population.
        let obs = [
            ratio("EC: ICT: ICT: 1C", 40_000.0, Some(50_000.0)),
            ratio("SC: SH: SA: 8C", 100.0, Some(50_000.0)),
        ];
        let e = evaluate(&f, &obs, &CityInputs::new(), &t).expect("evaluates");
        assert_eq!(rules(&e), ["input_smaller_than"]);
        assert_eq!(e.warnings[0].kpis, ["EC: ICT: ICT: 1C"]);
        // Population already divided by 100 000.
        let obs = [ratio("SC: SH: SA: 8C", 100.0, Some(0.5))];
        let e = evaluate(&f, &obs, &CityInputs::new(), &t).expect("evaluates");
        assert_eq!(rules(&e), ["per_100k_denominator"]);
    }

    #[test]
    fn entered_value_that_contradicts_its_parts() {
        let f = framework();
        let t = TargetSet::empty(&f);
        let obs = [Observation {
            value: Some(60.0),
            ..ratio("EC: ICT: ICT: 1C", 50.0, Some(100.0))
        }];
        let e = evaluate(&f, &obs, &CityInputs::new(), &t).expect("evaluates");
        assert_eq!(rules(&e), ["value_mismatch"]);
        assert_eq!(e.kpis[0].value, 60.0);
    }
}
