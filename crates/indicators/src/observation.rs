//! What a city enters for one KPI or data point, and how its value follows from the formula.

use serde::{Deserialize, Serialize};

use crate::framework::{Formula, Measure};

/// The raw figures for one KPI or data point, as entered (and as the store keeps them).
/// Either `value`, or `numerator` and `denominator`; when both are given the entered
/// `value` is used (a verifier may override a result) and a mismatch is warned about.
/// Yes/no answers are `value` 1 (yes) or 0 (no).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Observation {
    /// Catalogue code, e.g. `EC: ICT: ICT: 1C` (spaces and case are not significant).
    pub kpi: String,
    /// Data point id for multi-part KPIs (`4G`, `PM2.5` …), else `None`.
    #[serde(default)]
    pub data_point: Option<String>,
    #[serde(default)]
    pub numerator: Option<f64>,
    #[serde(default)]
    pub denominator: Option<f64>,
    #[serde(default)]
    pub value: Option<f64>,
}

/// A problem with one field of an observation. `field` is the observation field, which is
/// also the column name of the CSV input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("field `{field}`: {problem}")]
pub struct FieldProblem {
    pub field: &'static str,
    pub problem: String,
}

fn problem(field: &'static str, text: impl Into<String>) -> FieldProblem {
    FieldProblem {
        field,
        problem: text.into(),
    }
}

/// numerator ÷ denominator × multiplier, refusing a zero or negative denominator.
pub fn ratio_value(numerator: f64, denominator: f64, multiplier: f64) -> Result<f64, FieldProblem> {
    if denominator == 0.0 {
        return Err(problem("denominator", "must not be 0"));
    }
    if denominator < 0.0 {
        return Err(problem(
            "denominator",
            format!("must be positive, found {denominator}"),
        ));
    }
    // Multiply first: 33 / 100 × 100 stays exactly 33.
    Ok(numerator * multiplier / denominator)
}

/// The value of an observation under its measure's formula.
pub fn compute_value(
    measure: &Measure<'_>,
    observation: &Observation,
) -> Result<f64, FieldProblem> {
    for (field, number) in [
        ("numerator", observation.numerator),
        ("denominator", observation.denominator),
        ("value", observation.value),
    ] {
        if let Some(n) = number
            && !n.is_finite()
        {
            return Err(problem(
                field,
                format!("must be a finite number, found {n}"),
            ));
        }
    }
    let has_parts = observation.numerator.is_some() || observation.denominator.is_some();
    match measure.formula() {
        Formula::YesNo => {
            if has_parts {
                return Err(problem(
                    if observation.numerator.is_some() {
                        "numerator"
                    } else {
                        "denominator"
                    },
                    format!(
                        "`{}` is a yes/no KPI: give only `value` (yes or no)",
                        measure.label()
                    ),
                ));
            }
            match observation.value {
                Some(v) if v == 0.0 || v == 1.0 => Ok(v),
                Some(v) => Err(problem(
                    "value",
                    format!("expected yes (1) or no (0), found {v}"),
                )),
                None => Err(problem("value", "missing: give yes or no")),
            }
        }
        Formula::Direct => {
            if has_parts {
                return Err(problem(
                    if observation.numerator.is_some() {
                        "numerator"
                    } else {
                        "denominator"
                    },
                    format!(
                        "`{}` takes a direct value ({}): leave numerator and denominator empty",
                        measure.label(),
                        measure.unit()
                    ),
                ));
            }
            observation.value.ok_or_else(|| {
                problem(
                    "value",
                    format!("missing: give the value in {}", measure.unit()),
                )
            })
        }
        Formula::Ratio => {
            let computed = match (observation.numerator, observation.denominator) {
                (Some(n), Some(d)) => Some(ratio_value(n, d, measure.multiplier())?),
                (Some(_), None) => {
                    return Err(problem(
                        "denominator",
                        "missing: a numerator needs its denominator",
                    ));
                }
                (None, Some(_)) => {
                    return Err(problem(
                        "numerator",
                        "missing: a denominator needs its numerator",
                    ));
                }
                (None, None) => None,
            };
            observation.value.or(computed).ok_or_else(|| {
                problem(
                    "value",
                    "missing: give the value, or the numerator and the denominator",
                )
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Framework;

    fn obs(
        kpi: &str,
        dp: Option<&str>,
        n: Option<f64>,
        d: Option<f64>,
        v: Option<f64>,
    ) -> Observation {
        Observation {
            kpi: kpi.to_string(),
            data_point: dp.map(str::to_string),
            numerator: n,
            denominator: d,
            value: v,
        }
    }

    fn value_of(o: &Observation) -> Result<f64, FieldProblem> {
        let f = Framework::u4ssc_2017().expect("framework");
        let m = f.measure(&o.kpi, o.data_point.as_deref()).expect("measure");
        compute_value(&m, o)
    }

    #[test]
    fn ratio_percent_per_100k_and_per_capita() {
        // 850 of 1000 households: 85 %.
        let v = value_of(&obs(
            "EC: ICT: ICT: 1C",
            None,
            Some(850.0),
            Some(1000.0),
            None,
        ));
        assert_eq!(v, Ok(85.0));
        // 95 424 subscriptions per 100 000 (Karmøy's order of magnitude): 40 000 of 41 919.
        let v = value_of(&obs(
            "EC: ICT: ICT: 3C",
            None,
            Some(40_000.0),
            Some(41_919.0),
            None,
        ))
        .expect("value");
        assert!((v - 95_422.12).abs() < 0.01, "{v}");
        // Per capita, multiplier 1: 600 000 t over 100 000 inhabitants.
        let v = value_of(&obs(
            "EN: EN: AQ: 2C",
            None,
            Some(600_000.0),
            Some(100_000.0),
            None,
        ));
        assert_eq!(v, Ok(6.0));
        // A data point inherits its KPI's ratio: 4G coverage.
        let v = value_of(&obs(
            "EC: ICT: ICT: 4C",
            Some("4g"),
            Some(99.0),
            Some(100.0),
            None,
        ));
        assert_eq!(v, Ok(99.0));
    }

    #[test]
    fn ratio_accepts_a_final_value_and_prefers_it() {
        assert_eq!(
            value_of(&obs("EC: ICT: ICT: 1C", None, None, None, Some(91.0))),
            Ok(91.0)
        );
        assert_eq!(
            value_of(&obs(
                "EC: ICT: ICT: 1C",
                None,
                Some(1.0),
                Some(2.0),
                Some(49.0)
            )),
            Ok(49.0)
        );
    }

    #[test]
    fn ratio_errors_name_the_field() {
        let e =
            value_of(&obs("EC: ICT: ICT: 1C", None, Some(1.0), Some(0.0), None)).expect_err("zero");
        assert_eq!(
            (e.field, e.problem.as_str()),
            ("denominator", "must not be 0")
        );
        let e =
            value_of(&obs("EC: ICT: ICT: 1C", None, Some(1.0), None, None)).expect_err("missing");
        assert_eq!(e.field, "denominator");
        let e =
            value_of(&obs("EC: ICT: ICT: 1C", None, None, Some(3.0), None)).expect_err("missing");
        assert_eq!(e.field, "numerator");
        let e = value_of(&obs("EC: ICT: ICT: 1C", None, None, None, None)).expect_err("empty");
        assert_eq!(e.field, "value");
        let e =
            value_of(&obs("EC: ICT: ICT: 1C", None, Some(1.0), Some(-2.0), None)).expect_err("neg");
        assert_eq!(e.field, "denominator");
    }

    #[test]
    fn direct_values() {
        assert_eq!(
            value_of(&obs("SC: EH: H: 1C", None, None, None, Some(82.5))),
            Ok(82.5)
        );
        // Open data count is a direct data point of a ratio KPI.
        assert_eq!(
            value_of(&obs(
                "EC: ICT: PS: 1A",
                Some("number"),
                None,
                None,
                Some(120.0)
            )),
            Ok(120.0)
        );
        let e =
            value_of(&obs("SC: SH: SI: 2C", None, Some(1.0), Some(2.0), None)).expect_err("direct");
        assert_eq!(e.field, "numerator");
        assert!(e.problem.contains("takes a direct value"), "{}", e.problem);
    }

    #[test]
    fn yes_no_values() {
        assert_eq!(
            value_of(&obs("SC: SH: SA: 3A", None, None, None, Some(1.0))),
            Ok(1.0)
        );
        assert_eq!(
            value_of(&obs(
                "EC: I: UP: 2A",
                Some("compact"),
                None,
                None,
                Some(0.0)
            )),
            Ok(0.0)
        );
        let e = value_of(&obs("SC: SH: SA: 3A", None, None, None, Some(0.5))).expect_err("not 0/1");
        assert_eq!(e.field, "value");
        let e = value_of(&obs("SC: SH: SA: 3A", None, Some(1.0), None, None)).expect_err("parts");
        assert_eq!(e.field, "numerator");
    }

    #[test]
    fn ppb_converts_to_micrograms_for_gases_only() {
        let f = Framework::u4ssc_2017().expect("framework");
        let no2 = f.measure("EN: EN: AQ: 1C", Some("NO2")).expect("NO2");
        assert!((no2.ppb_to_ug_m3(10.0).unwrap_or_default() - 19.0).abs() < 1e-12);
        let pm = f.measure("EN: EN: AQ: 1C", Some("PM10")).expect("PM10");
        assert_eq!(pm.ppb_to_ug_m3(10.0), None);
    }

    #[test]
    fn non_finite_numbers_are_rejected() {
        let e = value_of(&obs(
            "EC: ICT: ICT: 1C",
            None,
            None,
            None,
            Some(f64::INFINITY),
        ))
        .expect_err("inf");
        assert_eq!(e.field, "value");
    }
}
