//! Validation warnings: what a verifier would question, said while the city types.
//! Nothing here rejects data; each finding is a [`Warning`] naming the KPIs involved.
//!
//! Rules (the `rule` field):
//! - `plausible_range`: a value outside the measure's plausible range (shares within
//!   0–100 %, counts not negative, Gini 0–1, Travel Time Index ≥ 1 …).
//! - `expected_range`: outside what the Verification Manual calls normal (SME share > 95 %,
//!   access to electricity and sanitation 90 %+).
//! - every cross-KPI rule of the framework by its id (`fixed_broadband_at_most_internet_access`,
//!   `potable_at_most_basic_water`, …): `at_most` compares subject ≤ reference, `same` wants
//!   agreement within 5 %.
//! - `parts_sum`: data points of one whole (mode share, solid-waste treatment) add up to more
//!   than 100 %, or, all reported, to other than 100 % (1 point of rounding allowed).
//! - `denominator_consistency`: denominators that stand for the same city input (households,
//!   population …) differ by more than 5 % from the city input, or when none is entered, from
//!   their median (Verification Manual initial screening).
//! - `input_smaller_than`: a sub-total at or above 95 % of its total, e.g. households ≈
//!   population: inhabitants entered where households are asked (the manual's unit trap).
//! - `per_100k_denominator`: a per-100 000 KPI whose denominator is below 1 000, i.e. the
//!   population was already divided by 100 000 and the multiplier applies it again.
//! - `value_mismatch`: an entered value that differs by more than 0.5 % from its own
//!   numerator ÷ denominator × multiplier.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::city_inputs::CityInputs;
use crate::framework::{Framework, Measure, Part, RuleKind, RuleOperand};
use crate::observation::Observation;

/// Relative tolerance for figures that should be the same (Verification Manual: 5 %).
pub const CONSISTENCY_TOLERANCE: f64 = 0.05;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub rule: String,
    /// Catalogue codes of the KPIs involved.
    pub kpis: Vec<String>,
    pub message: String,
}

/// A reported measure with its figures (denominators already filled from city inputs)
/// and its value.
#[derive(Debug, Clone)]
pub struct Computed<'a> {
    pub measure: Measure<'a>,
    pub observation: Observation,
    pub value: f64,
}

fn warning(rule: &str, kpis: Vec<String>, message: String) -> Warning {
    let mut unique: Vec<String> = Vec::new();
    for k in kpis {
        if !unique.contains(&k) {
            unique.push(k);
        }
    }
    Warning {
        rule: rule.to_string(),
        kpis: unique,
        message,
    }
}

/// Numbers in messages: no float noise, no needless decimals.
fn show(x: f64) -> String {
    let rounded = (x * 1e6).round() / 1e6;
    format!("{rounded}")
}

fn differs(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() > tolerance * a.abs().max(b.abs())
}

/// All warnings for a set of computed measures.
pub fn warnings(
    framework: &Framework,
    computed: &[Computed<'_>],
    inputs: &CityInputs,
) -> Vec<Warning> {
    let mut out = Vec::new();
    range_warnings(computed, &mut out);
    value_mismatch(computed, &mut out);
    cross_rules(framework, computed, &mut out);
    parts_sum(framework, computed, &mut out);
    per_100k_denominator(computed, &mut out);
    let references = denominator_consistency(framework, computed, inputs, &mut out);
    input_order(framework, computed, &references, &mut out);
    out
}

fn range_warnings(computed: &[Computed<'_>], out: &mut Vec<Warning>) {
    for c in computed {
        let m = &c.measure;
        if let Some(range) = m.plausible()
            && !range.contains(c.value)
        {
            out.push(warning(
                "plausible_range",
                vec![m.kpi.code.clone()],
                format!(
                    "{} = {} is outside the plausible range {} ({})",
                    m.label(),
                    show(c.value),
                    range.describe(),
                    m.unit()
                ),
            ));
        }
        if let Some(expected) = m.expected()
            && !expected.range().contains(c.value)
        {
            out.push(warning(
                "expected_range",
                vec![m.kpi.code.clone()],
                format!(
                    "{} = {} is outside the usual range {}; re-check the data ({})",
                    m.label(),
                    show(c.value),
                    expected.range().describe(),
                    expected.basis
                ),
            ));
        }
    }
}

fn value_mismatch(computed: &[Computed<'_>], out: &mut Vec<Warning>) {
    for c in computed {
        let o = &c.observation;
        if let (Some(value), Some(n), Some(d)) = (o.value, o.numerator, o.denominator)
            && d > 0.0
        {
            let from_parts = n * c.measure.multiplier() / d;
            if differs(value, from_parts, 0.005) {
                out.push(warning(
                    "value_mismatch",
                    vec![c.measure.kpi.code.clone()],
                    format!(
                        "{}: the entered value {} differs from numerator ÷ denominator × {} = {}; the entered value is used",
                        c.measure.label(),
                        show(value),
                        show(c.measure.multiplier()),
                        show(from_parts)
                    ),
                ));
            }
        }
    }
}

fn find<'c, 'a>(
    computed: &'c [Computed<'a>],
    kpi: &str,
    data_point: Option<&str>,
) -> Option<&'c Computed<'a>> {
    computed
        .iter()
        .find(|c| c.measure.kpi.code == kpi && c.measure.data_point_id() == data_point)
}

fn operand(computed: &[Computed<'_>], op: &RuleOperand) -> Option<(String, f64)> {
    let c = find(computed, &op.kpi, op.data_point.as_deref())?;
    let (suffix, figure) = match op.part {
        Part::Value => ("", Some(c.value)),
        Part::Numerator => (" numerator", c.observation.numerator),
        Part::Denominator => (" denominator", c.observation.denominator),
    };
    Some((format!("{}{suffix}", c.measure.label()), figure?))
}

fn cross_rules(framework: &Framework, computed: &[Computed<'_>], out: &mut Vec<Warning>) {
    for rule in &framework.rules {
        let (Some((subject_label, subject)), Some((reference_label, reference))) = (
            operand(computed, &rule.subject),
            operand(computed, &rule.reference),
        ) else {
            continue;
        };
        let broken = match rule.kind {
            RuleKind::AtMost => subject > reference + 1e-9 * reference.abs().max(1.0),
            RuleKind::Same => differs(subject, reference, CONSISTENCY_TOLERANCE),
        };
        if broken {
            let relation = match rule.kind {
                RuleKind::AtMost => ">",
                RuleKind::Same => "vs",
            };
            out.push(warning(
                &rule.id,
                vec![rule.subject.kpi.clone(), rule.reference.kpi.clone()],
                format!(
                    "{}: {subject_label} = {} {relation} {reference_label} = {}",
                    rule.message.en(),
                    show(subject),
                    show(reference)
                ),
            ));
        }
    }
}

fn parts_sum(framework: &Framework, computed: &[Computed<'_>], out: &mut Vec<Warning>) {
    for kpi in framework.kpis.iter().filter(|k| k.parts_sum.is_some()) {
        let whole = kpi.parts_sum.unwrap_or(100.0);
        let parts: Vec<&Computed<'_>> = computed
            .iter()
            .filter(|c| c.measure.kpi.code == kpi.code)
            .collect();
        if parts.is_empty() {
            continue;
        }
        let sum: f64 = parts.iter().map(|c| c.value).sum();
        let complete = parts.len() == kpi.data_points.len();
        let problem = if sum > whole + 1.0 {
            Some(format!("more than {}", show(whole)))
        } else if complete && sum < whole - 1.0 {
            Some(format!(
                "less than {} although every data point is reported",
                show(whole)
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            out.push(warning(
                "parts_sum",
                vec![kpi.code.clone()],
                format!(
                    "the data points of {} ({}) add up to {}, {problem}",
                    kpi.code,
                    kpi.name.en(),
                    show(sum)
                ),
            ));
        }
    }
}

fn per_100k_denominator(computed: &[Computed<'_>], out: &mut Vec<Warning>) {
    for c in computed {
        let multiplier = c.measure.multiplier();
        if multiplier >= 100_000.0
            && let Some(d) = c.observation.denominator
            && d < multiplier / 100.0
        {
            out.push(warning(
                "per_100k_denominator",
                vec![c.measure.kpi.code.clone()],
                format!(
                    "{}: denominator {} looks like one 100 000th of the population; enter the whole population, the × {} is applied already",
                    c.measure.label(),
                    show(d),
                    show(multiplier)
                ),
            ));
        }
    }
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

/// Warn where denominators of one city input disagree; return each input's reference
/// value (the entered input, else the median of its denominators).
fn denominator_consistency(
    framework: &Framework,
    computed: &[Computed<'_>],
    inputs: &CityInputs,
    out: &mut Vec<Warning>,
) -> BTreeMap<String, f64> {
    let mut by_input: BTreeMap<&str, Vec<(&Computed<'_>, f64)>> = BTreeMap::new();
    for c in computed {
        if let (Some(input), Some(d)) = (c.measure.denominator_input(), c.observation.denominator) {
            by_input.entry(input).or_default().push((c, d));
        }
    }
    let mut references = BTreeMap::new();
    for input in &framework.city_inputs {
        let entries = by_input
            .get(input.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        let (reference, basis) = match inputs.get(&input.id) {
            Some(v) => (v, "the entered city input"),
            None => {
                let mut values: Vec<f64> = entries.iter().map(|(_, d)| *d).collect();
                match median(&mut values) {
                    Some(m) => (m, "the median of these denominators"),
                    None => continue,
                }
            }
        };
        references.insert(input.id.clone(), reference);
        let off: Vec<&(&Computed<'_>, f64)> = entries
            .iter()
            .filter(|(_, d)| differs(*d, reference, CONSISTENCY_TOLERANCE))
            .collect();
        if off.is_empty() {
            continue;
        }
        let listed: Vec<String> = off
            .iter()
            .map(|(c, d)| format!("{} = {}", c.measure.label(), show(*d)))
            .collect();
        out.push(warning(
            "denominator_consistency",
            off.iter()
                .map(|(c, _)| c.measure.kpi.code.clone())
                .collect(),
            format!(
                "denominators that stand for the {} differ by more than 5 % from {} ({}): {}",
                input.name.en().to_lowercase(),
                basis,
                show(reference),
                listed.join("; ")
            ),
        ));
    }
    references
}

fn input_order(
    framework: &Framework,
    computed: &[Computed<'_>],
    references: &BTreeMap<String, f64>,
    out: &mut Vec<Warning>,
) {
    for input in &framework.city_inputs {
        let Some(total_id) = &input.smaller_than else {
            continue;
        };
        let (Some(part), Some(total)) = (references.get(&input.id), references.get(total_id))
        else {
            continue;
        };
        if *part < 0.95 * total {
            continue;
        }
        let total_name = framework
            .city_input(total_id)
            .map(|t| t.name.en().to_lowercase())
            .unwrap_or_else(|| total_id.clone());
        let kpis: Vec<String> = computed
            .iter()
            .filter(|c| c.measure.denominator_input() == Some(input.id.as_str()))
            .map(|c| c.measure.kpi.code.clone())
            .collect();
        out.push(warning(
            "input_smaller_than",
            kpis,
            format!(
                "the {} ({}) should be well below the {} ({}); check that {} were not entered as {}",
                input.name.en().to_lowercase(),
                show(*part),
                total_name,
                show(*total),
                input.unit,
                framework.city_input(total_id).map(|t| t.unit.as_str()).unwrap_or("the total")
            ),
        ));
    }
}
