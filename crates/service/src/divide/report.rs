//! The digital-divide report of one survey: every mapped indicator overall and
//! by every breakdown, with design-based standard errors, logit intervals and
//! the suppression rules; gender parity; the UMC targets; and the taxonomy of
//! who falls furthest behind on which dimension.
//!
//! Suppression (reference §3.6, applied in order, all configurable):
//! fewer than 30 respondents; fewer than 5 on either side of the proportion
//! (disclosure); fewer than 30 effective respondents; a Korn–Graubard interval
//! of 0.05 or narrower is shown; one of 0.30 or wider, or wider than 130 % of
//! the estimate, is suppressed. Then, within each breakdown, a lone suppressed
//! group takes its smallest neighbour with it, so the overall figure cannot
//! reveal it (secondary suppression).

use super::{IndicatorDefinition, SuppressionRules, SurveyMapping, indicator_catalogue};
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::{Action, CityId, policy};
use civitas_survey::{
    ColumnRequest, ContrastKind, CsvMicrodata, DesignSpec, DomainEstimate, Factor, IntervalMethod,
    MISSING_CODE, Microdata, Statistic, SurveyDesign, confidence_interval, secondary_suppression,
    t_quantile,
};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Why a cell is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Suppression {
    FewRespondents,
    Disclosure,
    FewEffective,
    Imprecise,
    /// Hidden so that a suppressed neighbour cannot be worked out.
    Secondary,
}

/// One indicator for the whole population or one group. Proportions are 0–1.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub indicator: String,
    /// None for the whole population.
    pub breakdown: Option<String>,
    pub group: Option<String>,
    /// None when suppressed.
    pub estimate: Option<f64>,
    pub se: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub df: f64,
    /// Respondents with an answer.
    pub n: usize,
    /// Respondents of the group without an answer (left out, reported).
    pub missing: usize,
    /// Estimated people (or households) in the group, among those who answered.
    pub population: Option<f64>,
    pub deff: Option<f64>,
    pub suppressed: Option<Suppression>,
    /// Shown but to be read with care: CV above 30 % or fewer than 8 degrees of freedom.
    pub unreliable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ParityStatus {
    /// 0.98 ≤ score ≤ 1.02 (ITU).
    Reached,
    /// 0.95 ≤ score < 0.98 or 1.02 < score ≤ 1.05.
    Almost,
    NotReached,
}

/// The ITU gender parity score (female ÷ male) of one indicator.
#[derive(Debug, Clone, Serialize)]
pub struct Parity {
    pub indicator: String,
    pub score: f64,
    pub se: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// Men's rate minus women's, in percentage points.
    pub gap_pp: f64,
    pub status: ParityStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetBand {
    /// Below 50 % of the target (ITU DataHub's bands).
    Limited,
    Satisfactory,
    Advanced,
    /// 95 % of the target or more.
    Met,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetStatus {
    pub indicator: String,
    /// Percent.
    pub estimate: f64,
    pub target: f64,
    pub source: String,
    pub band: TargetBand,
}

/// A group behind the whole population on one indicator.
#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyRow {
    pub dimension: String,
    pub indicator: String,
    pub breakdown: String,
    pub group: String,
    /// Whole population's rate minus the group's, in percentage points.
    pub gap_pp: f64,
    /// Estimated people (or households) of the group without it.
    pub people_affected: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DivideReport {
    pub dataset_id: i64,
    pub rows: usize,
    pub rules: SuppressionRules,
    pub cells: Vec<Cell>,
    pub parity: Vec<Parity>,
    pub targets: Vec<TargetStatus>,
    /// Largest gap first.
    pub taxonomy: Vec<TaxonomyRow>,
}

/// Reports by dataset id, with the file hash and mapping they were made from.
#[derive(Default)]
pub struct ReportCache(Mutex<HashMap<i64, (String, Arc<DivideReport>)>>);

impl ReportCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, (String, Arc<DivideReport>)>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn band(achievement_pct: f64) -> TargetBand {
    if achievement_pct >= 95.0 {
        TargetBand::Met
    } else if achievement_pct >= 75.0 {
        TargetBand::Advanced
    } else if achievement_pct >= 50.0 {
        TargetBand::Satisfactory
    } else {
        TargetBand::Limited
    }
}

fn parity_status(score: f64) -> ParityStatus {
    if (0.98..=1.02).contains(&score) {
        ParityStatus::Reached
    } else if (0.95..=1.05).contains(&score) {
        ParityStatus::Almost
    } else {
        ParityStatus::NotReached
    }
}

/// The first rule a cell breaks, if any.
fn primary(
    e: &DomainEstimate,
    yes: usize,
    no: usize,
    rules: &SuppressionRules,
) -> Result<Option<Suppression>, ServiceError> {
    if e.n < rules.min_respondents {
        return Ok(Some(Suppression::FewRespondents));
    }
    if yes < rules.min_count || no < rules.min_count {
        return Ok(Some(Suppression::Disclosure));
    }
    let p = e.estimate;
    let n_eff = if e.se > 0.0 {
        (p * (1.0 - p) / (e.se * e.se)).min(e.n as f64)
    } else {
        e.n as f64
    };
    if n_eff < rules.min_effective {
        return Ok(Some(Suppression::FewEffective));
    }
    let kg = confidence_interval(e, IntervalMethod::Beta, 0.95)
        .map_err(|_| ServiceError::Internal("Korn-Graubard interval"))?;
    let width = kg.high - kg.low;
    if width <= 0.05 {
        return Ok(None);
    }
    if width >= rules.max_width || (p > 0.0 && width / p > rules.max_relative_width) {
        return Ok(Some(Suppression::Imprecise));
    }
    Ok(None)
}

/// 0/1 (or missing) from a categorical column and the answers meaning yes.
fn indicator_values(factor: &Factor, yes: &[String]) -> Vec<f64> {
    let yes_codes: Vec<u32> = yes.iter().filter_map(|y| factor.code_of(y)).collect();
    factor
        .codes()
        .iter()
        .map(|c| {
            if *c == MISSING_CODE {
                f64::NAN
            } else if yes_codes.contains(c) {
                1.0
            } else {
                0.0
            }
        })
        .collect()
}

/// (yes, no) respondents per domain code, for the disclosure rule.
fn counts(y: &[f64], domains: Option<&Factor>, levels: usize) -> Vec<(usize, usize)> {
    let mut out = vec![(0usize, 0usize); levels.max(1)];
    for (i, v) in y.iter().enumerate() {
        if v.is_nan() {
            continue;
        }
        let slot = match domains {
            Some(f) => {
                let c = f.codes()[i];
                if c == MISSING_CODE {
                    continue;
                }
                c as usize
            }
            None => 0,
        };
        if *v > 0.5 {
            out[slot].0 += 1;
        } else {
            out[slot].1 += 1;
        }
    }
    out
}

/// Computes the whole report from a file's bytes, its design and mapping.
pub(crate) fn compute(
    dataset_id: i64,
    bytes: &[u8],
    design: &DesignSpec,
    mapping: &SurveyMapping,
) -> Result<DivideReport, ServiceError> {
    let bad = |e: civitas_survey::SurveyError| {
        ServiceError::BadFile(vec![crate::FileProblem::new("survey", e.to_string())])
    };
    let rules = mapping.rules.unwrap_or_default();
    let catalogue = indicator_catalogue()?;
    let mut request = ColumnRequest::default();
    design.request(&mut request);
    request
        .categorical
        .extend(mapping.indicators.iter().map(|m| m.column.clone()));
    request
        .categorical
        .extend(mapping.breakdowns.iter().map(|b| b.column.clone()));
    request.categorical.sort();
    request.categorical.dedup();
    let mut data: Microdata = CsvMicrodata::new(bytes)
        .map_err(bad)?
        .read(&request)
        .map_err(bad)?;
    let survey: SurveyDesign = design.build(&mut data).map_err(bad)?;
    let mut cells = Vec::new();
    let mut parity = Vec::new();
    let mut targets = Vec::new();
    let mut taxonomy = Vec::new();
    for m in &mapping.indicators {
        let Some(definition): Option<&IndicatorDefinition> =
            catalogue.iter().find(|i| i.id == m.indicator)
        else {
            continue;
        };
        let Some(column) = data.factor(&m.column) else {
            continue;
        };
        let y = indicator_values(column, &m.yes);
        let overall = survey
            .estimate(Statistic::Mean, &y, None, None)
            .map_err(bad)?;
        let whole = &overall.estimates[0];
        let whole_counts = counts(&y, None, 1)[0];
        let whole_suppressed = primary(whole, whole_counts.0, whole_counts.1, &rules)?;
        let interval = overall
            .interval(&survey, 0, IntervalMethod::Logit, 0.95)
            .map_err(bad)?;
        cells.push(cell(
            &m.indicator,
            None,
            whole,
            whole_suppressed,
            interval.low,
            interval.high,
        ));
        if let (Some(target), None) = (definition.target, whole_suppressed) {
            let pct = whole.estimate * 100.0;
            targets.push(TargetStatus {
                indicator: m.indicator.clone(),
                estimate: pct,
                target,
                source: definition.target_source.clone().unwrap_or_default(),
                band: band(pct / target * 100.0),
            });
        }
        for b in &mapping.breakdowns {
            let Some(groups) = data.factor(&b.column) else {
                continue;
            };
            let table = survey
                .estimate(Statistic::Mean, &y, None, Some(groups))
                .map_err(bad)?;
            let per_code = counts(&y, Some(groups), groups.levels().len());
            let mut first: Vec<Option<Suppression>> = Vec::new();
            let mut ns = Vec::new();
            for e in &table.estimates {
                let code = e
                    .domain
                    .as_deref()
                    .and_then(|d| groups.code_of(d))
                    .map_or(0, |c| c as usize);
                let (yes, no) = per_code.get(code).copied().unwrap_or((0, 0));
                first.push(primary(e, yes, no, &rules)?);
                ns.push(e.n);
            }
            let mask: Vec<bool> = first.iter().map(Option::is_some).collect();
            let secondary = secondary_suppression(&mask, &ns, 1, mask.len());
            for (i, e) in table.estimates.iter().enumerate() {
                let reason = first[i].or(secondary[i].then_some(Suppression::Secondary));
                let ci = table
                    .interval(&survey, i, IntervalMethod::Logit, 0.95)
                    .map_err(bad)?;
                cells.push(cell(
                    &m.indicator,
                    Some(&b.breakdown),
                    e,
                    reason,
                    ci.low,
                    ci.high,
                ));
                if reason.is_none() && whole_suppressed.is_none() && e.estimate < whole.estimate {
                    taxonomy.push(TaxonomyRow {
                        dimension: definition.dimension.clone(),
                        indicator: m.indicator.clone(),
                        breakdown: b.breakdown.clone(),
                        group: e.domain.clone().unwrap_or_default(),
                        gap_pp: (whole.estimate - e.estimate) * 100.0,
                        people_affected: e.population * (1.0 - e.estimate),
                    });
                }
            }
            if b.breakdown == "gender"
                && let (Some(female), Some(male)) = (&mapping.female, &mapping.male)
            {
                let shown = |label: &str| {
                    table.estimates.iter().enumerate().any(|(i, e)| {
                        e.domain.as_deref() == Some(label) && first[i].is_none() && !secondary[i]
                    })
                };
                if shown(female)
                    && shown(male)
                    && let (Ok(ratio), Ok(gap)) = (
                        table.contrast(&survey, female, male, ContrastKind::Ratio),
                        table.contrast(&survey, female, male, ContrastKind::Difference),
                    )
                {
                    let t = t_quantile(0.975, survey.degrees_of_freedom());
                    parity.push(Parity {
                        indicator: m.indicator.clone(),
                        score: ratio.estimate,
                        se: ratio.se,
                        ci_low: ratio.estimate - t * ratio.se,
                        ci_high: ratio.estimate + t * ratio.se,
                        gap_pp: gap.estimate * 100.0,
                        status: parity_status(ratio.estimate),
                    });
                }
            }
        }
    }
    taxonomy.sort_by(|a, b| b.gap_pp.total_cmp(&a.gap_pp));
    Ok(DivideReport {
        dataset_id,
        rows: data.rows,
        rules,
        cells,
        parity,
        targets,
        taxonomy,
    })
}

fn cell(
    indicator: &str,
    breakdown: Option<&str>,
    e: &DomainEstimate,
    suppressed: Option<Suppression>,
    low: f64,
    high: f64,
) -> Cell {
    let shown = suppressed.is_none();
    Cell {
        indicator: indicator.to_string(),
        breakdown: breakdown.map(str::to_string),
        group: e.domain.clone(),
        estimate: shown.then_some(e.estimate),
        se: shown.then_some(e.se),
        ci_low: shown.then_some(low),
        ci_high: shown.then_some(high),
        df: e.df,
        n: e.n,
        missing: e.missing,
        population: shown.then_some(e.population),
        deff: if shown { e.deff } else { None },
        suppressed,
        unreliable: shown && (e.cv.abs() > 0.30 || e.df < 8.0),
    }
}

impl Civitas {
    /// The report of a survey: for the city's team, and for everyone once
    /// the survey and its city are published. Suppressed cells carry no value
    /// for anyone.
    pub async fn divide_report(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<Arc<DivideReport>, ServiceError> {
        let dataset = self
            .store
            .survey_dataset(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let city = self
            .store
            .city(dataset.city_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let public = dataset.published && city.published;
        if !public
            && policy::authorize(&visitor.actor, Action::ViewCityWorkspace(CityId(city.id)))
                .is_err()
        {
            return Err(ServiceError::NotFound);
        }
        let (Some(design), Some(mapping)) = (&dataset.design, &dataset.mapping) else {
            return Err(ServiceError::NotFound);
        };
        let stamp = format!("{}/{design}/{mapping}", dataset.sha256);
        if let Some((seen, report)) = self.divide_reports.lock().get(&id)
            && *seen == stamp
        {
            return Ok(report.clone());
        }
        let design: DesignSpec =
            serde_json::from_str(design).map_err(|_| ServiceError::Internal("stored design"))?;
        let mapping: SurveyMapping =
            serde_json::from_str(mapping).map_err(|_| ServiceError::Internal("stored mapping"))?;
        let bytes = self
            .store
            .survey_file(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        // Estimation is CPU work: keep it off the async threads.
        let report = tokio::task::spawn_blocking(move || compute(id, &bytes, &design, &mapping))
            .await
            .map_err(|_| ServiceError::Internal("estimation task"))??;
        let report = Arc::new(report);
        self.divide_reports
            .lock()
            .insert(id, (stamp, report.clone()));
        Ok(report)
    }

    pub(crate) fn forget_divide_report(&self, id: i64) {
        self.divide_reports.lock().remove(&id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parity_and_target_bands_follow_itu() {
        assert_eq!(parity_status(0.98), ParityStatus::Reached);
        assert_eq!(parity_status(1.02), ParityStatus::Reached);
        assert_eq!(parity_status(0.96), ParityStatus::Almost);
        assert_eq!(parity_status(0.92), ParityStatus::NotReached);
        assert_eq!(band(95.0), TargetBand::Met);
        assert_eq!(band(94.9), TargetBand::Advanced);
        assert_eq!(band(50.0), TargetBand::Satisfactory);
        assert_eq!(band(49.9), TargetBand::Limited);
    }
}
