//! Results of an assessment, computed from what is stored every time they are
//! read (so a changed city input recomputes every KPI that uses it): scores
//! and roll-ups, problems per entry, the SDG view, trends across years and,
//! for cities that opt in, the distribution among cities of similar size.

use super::assessments::{status_of, view_action};
use super::entries::is_reported;
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::{AssessmentStatus, policy};
use civitas_indicators::{
    CityInputs, Evaluation, Framework, Observation, TargetSet, compute_value, evaluate,
};
use civitas_store::{AssessmentRow, CityInputRow, CityRow, EntryKey, KpiEntryRow};
use serde::Serialize;
use std::sync::Arc;

/// Why one entry gives no value yet: the engine's words, naming the field.
#[derive(Debug, Clone, Serialize)]
pub struct EntryIssue {
    pub key: EntryKey,
    pub field: String,
    pub message: String,
}

/// Everything the results pages, the snapshot and the API show.
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentResults {
    pub assessment: AssessmentRow,
    pub city: CityRow,
    pub framework_key: String,
    pub framework_name: String,
    pub target_set_name: String,
    pub evaluation: Evaluation,
    /// Entries with numbers that cannot give a value (missing denominator …).
    pub issues: Vec<EntryIssue>,
    /// Entries marked not reported, with the reason.
    pub not_reported: Vec<(EntryKey, String)>,
    /// Measures with nothing entered at all.
    pub missing: Vec<EntryKey>,
    /// The verifier's decision per reported entry.
    pub verification: Vec<(EntryKey, Option<bool>)>,
    #[serde(skip)]
    pub framework: Arc<Framework>,
}

/// KPIs that serve one SDG target.
#[derive(Debug, Clone, Serialize)]
pub struct SdgGroup {
    pub sdg_target: String,
    /// Indexes into `evaluation.kpis` of the reported measures, in framework order.
    pub results: Vec<usize>,
    /// KPI codes linked to this target with no value yet.
    pub unreported: Vec<String>,
}

/// One score followed across the city's assessments.
#[derive(Debug, Clone, Serialize)]
pub struct TrendLine {
    /// A KPI label ("code / data point") or a dimension name.
    pub label: String,
    pub unit: String,
    /// One value per year of [`Trend::years`], None where not reported.
    pub values: Vec<Option<f64>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    pub years: Vec<i64>,
    /// Dimension scores (% of target points) per year.
    pub dimensions: Vec<TrendLine>,
    /// Every measure reported in at least one year.
    pub kpis: Vec<TrendLine>,
}

/// Five-number summary of one score among peer cities, and this city's place.
#[derive(Debug, Clone, Serialize)]
pub struct PeerStatistic {
    pub dimension: String,
    pub peers: usize,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
    pub this_city: Option<f64>,
}

/// How the city stands among cities of similar size: distributions only,
/// never a ranked list, and only when enough peers take part.
#[derive(Debug, Clone, Serialize)]
pub struct PeerDistribution {
    /// Peers are cities with a population between these bounds.
    pub population_from: i64,
    pub population_to: i64,
    pub peers: usize,
    /// Empty when fewer than [`MIN_PEERS`] cities qualify.
    pub dimensions: Vec<PeerStatistic>,
}

/// Fewer peers than this and a distribution could reveal single cities.
pub const MIN_PEERS: usize = 5;

/// Turns stored inputs and entries into an evaluation; entries that cannot give
/// a value become issues instead of failing the whole assessment.
pub(crate) fn evaluate_assessment(
    framework: &Framework,
    targets: &TargetSet,
    inputs: &[CityInputRow],
    entries: &[KpiEntryRow],
) -> Result<(Evaluation, Vec<EntryIssue>), ServiceError> {
    let city_inputs = CityInputs(
        inputs
            .iter()
            .filter_map(|i| i.value.filter(|v| *v > 0.0).map(|v| (i.input.clone(), v)))
            .filter(|(id, _)| framework.city_input(id).is_some())
            .collect(),
    );
    let mut issues = Vec::new();
    let mut observations = Vec::new();
    for entry in entries.iter().filter(|e| is_reported(e)) {
        let data_point = (!entry.key.data_point.is_empty()).then(|| entry.key.data_point.clone());
        let observation = Observation {
            kpi: entry.key.kpi.clone(),
            data_point: data_point.clone(),
            numerator: entry.numerator,
            denominator: entry.denominator,
            value: entry.value,
        };
        let measure = match framework.measure(&entry.key.kpi, data_point.as_deref()) {
            Ok(m) => m,
            Err(e) => {
                issues.push(EntryIssue {
                    key: entry.key.clone(),
                    field: "kpi".into(),
                    message: e.to_string(),
                });
                continue;
            }
        };
        let mut filled = observation.clone();
        city_inputs.fill_denominator(&measure, &mut filled);
        match compute_value(&measure, &filled) {
            Ok(_) => observations.push(observation),
            Err(problem) => issues.push(EntryIssue {
                key: entry.key.clone(),
                field: problem.field.to_string(),
                message: problem.problem,
            }),
        }
    }
    let evaluation = evaluate(framework, &observations, &city_inputs, targets).map_err(|e| {
        tracing::error!(error = %e, "evaluation failed after every entry was checked");
        ServiceError::Internal("evaluation")
    })?;
    Ok((evaluation, issues))
}

impl AssessmentResults {
    /// KPIs grouped by the SDG targets they serve, in target order (1.1 < 11.2).
    pub fn sdg_view(&self) -> Vec<SdgGroup> {
        let mut groups: Vec<SdgGroup> = Vec::new();
        for kpi in &self.framework.kpis {
            for target in &kpi.sdg_targets {
                let index = match groups.iter().position(|g| &g.sdg_target == target) {
                    Some(i) => i,
                    None => {
                        groups.push(SdgGroup {
                            sdg_target: target.clone(),
                            results: Vec::new(),
                            unreported: Vec::new(),
                        });
                        groups.len() - 1
                    }
                };
                let found: Vec<usize> = self
                    .evaluation
                    .kpis
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.kpi == kpi.code)
                    .map(|(i, _)| i)
                    .collect();
                if found.is_empty() {
                    groups[index].unreported.push(kpi.code.clone());
                } else {
                    groups[index].results.extend(found);
                }
            }
        }
        groups.sort_by_key(|g| sdg_order(&g.sdg_target));
        groups
    }

    /// The verifier's decision on one measure, if reviewed.
    pub fn verified(&self, kpi: &str, data_point: Option<&str>) -> Option<bool> {
        self.verification
            .iter()
            .find(|(k, _)| k.kpi == kpi && k.data_point == data_point.unwrap_or(""))
            .and_then(|(_, v)| *v)
    }
}

/// Sorts "11.2" after "9.c" and "3.10" after "3.9".
fn sdg_order(target: &str) -> (u32, u32, String) {
    let (goal, rest) = target.split_once('.').unwrap_or((target, ""));
    let goal = goal.trim().parse().unwrap_or(u32::MAX);
    let number = rest.parse().unwrap_or(u32::MAX);
    (goal, number, rest.to_string())
}

fn quartile(sorted: &[f64], q: f64) -> f64 {
    // Linear interpolation between order statistics (R's default, type 7).
    let position = q * (sorted.len() - 1) as f64;
    let low = position.floor() as usize;
    let high = position.ceil() as usize;
    sorted[low] + (sorted[high] - sorted[low]) * (position - low as f64)
}

impl Civitas {
    /// An assessment's results: for its team and verifier, and for everyone
    /// once it is verified and its city is published.
    pub async fn assessment_results(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<AssessmentResults, ServiceError> {
        let assessment = self
            .store
            .assessment(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let city = self
            .store
            .city(assessment.city_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let public = city.published && status_of(&assessment)? == AssessmentStatus::Verified;
        if !public && policy::authorize(&visitor.actor, view_action(&assessment)).is_err() {
            return Err(ServiceError::NotFound);
        }
        self.results_of(assessment, city).await
    }

    /// Every KPI value the visitor may see, per (KPI, data point) and year,
    /// oldest first: what roadmap progress and procurement outcomes are
    /// measured against.
    pub(crate) async fn kpi_history(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<Vec<(String, String, i64, f64)>, ServiceError> {
        let mut history = Vec::new();
        let mut assessments = self.store.assessments_of_city(city).await?;
        assessments.sort_by_key(|a| a.year);
        for assessment in assessments {
            let Ok(results) = self.assessment_results(visitor, assessment.id).await else {
                continue;
            };
            for k in results.evaluation.kpis {
                history.push((
                    k.kpi,
                    k.data_point.unwrap_or_default(),
                    assessment.year,
                    k.value,
                ));
            }
        }
        Ok(history)
    }

    async fn results_of(
        &self,
        assessment: AssessmentRow,
        city: CityRow,
    ) -> Result<AssessmentResults, ServiceError> {
        let framework = self.framework(&assessment.framework).await?;
        let (targets, target_set_name) = self.targets_for(&assessment, &framework).await?;
        let inputs = self.store.city_inputs(assessment.id).await?;
        let entries = self.store.kpi_entries(assessment.id).await?;
        let (evaluation, issues) = evaluate_assessment(&framework, &targets, &inputs, &entries)?;
        let not_reported = entries
            .iter()
            .filter(|e| e.not_reported)
            .map(|e| (e.key.clone(), e.not_reported_reason.clone()))
            .collect();
        let missing = framework
            .measures()
            .iter()
            .map(|m| EntryKey {
                kpi: m.kpi.code.clone(),
                data_point: m.data_point_id().unwrap_or("").to_string(),
            })
            .filter(|key| {
                !entries
                    .iter()
                    .any(|e| &e.key == key && (is_reported(e) || e.not_reported))
            })
            .collect();
        let verification = entries
            .iter()
            .filter(|e| is_reported(e))
            .map(|e| (e.key.clone(), e.verified))
            .collect();
        Ok(AssessmentResults {
            framework_key: super::catalogue::framework_key(&framework),
            framework_name: framework.framework.name.en().to_string(),
            target_set_name,
            evaluation,
            issues,
            not_reported,
            missing,
            verification,
            framework,
            assessment,
            city,
        })
    }

    /// Every score of the city's assessments across years (those the visitor
    /// may see), oldest year first.
    pub async fn kpi_trend(&self, visitor: &Visitor, city: i64) -> Result<Trend, ServiceError> {
        let mut visible = Vec::new();
        for assessment in self.store.assessments_of_city(city).await? {
            if let Ok(results) = self.assessment_results(visitor, assessment.id).await {
                visible.push(results);
            }
        }
        if visible.is_empty() {
            // Members with nothing yet get an empty trend; others a 404.
            policy::authorize(
                &visitor.actor,
                civitas_domain::Action::ViewCityWorkspace(civitas_domain::CityId(city)),
            )
            .map_err(|_| ServiceError::NotFound)?;
        }
        visible.sort_by_key(|r| r.assessment.year);
        let years: Vec<i64> = visible.iter().map(|r| r.assessment.year).collect();
        let mut dimensions: Vec<TrendLine> = Vec::new();
        let mut kpis: Vec<TrendLine> = Vec::new();
        for (index, results) in visible.iter().enumerate() {
            for d in &results.evaluation.dimensions {
                let name = results
                    .framework
                    .dimension(&d.dimension)
                    .map(|x| x.name.en().to_string())
                    .unwrap_or_else(|| d.dimension.clone());
                line(&mut dimensions, &name, "%", years.len())[index] = d.score.score_pct;
            }
            for k in &results.evaluation.kpis {
                let label = match &k.data_point {
                    Some(dp) => format!("{} / {dp}", k.kpi),
                    None => k.kpi.clone(),
                };
                let unit = results
                    .framework
                    .measure(&k.kpi, k.data_point.as_deref())
                    .map(|m| m.unit().to_string())
                    .unwrap_or_default();
                line(&mut kpis, &label, &unit, years.len())[index] = Some(k.value);
            }
        }
        Ok(Trend {
            years,
            dimensions,
            kpis,
        })
    }

    /// Where this assessment's dimension scores fall among verified,
    /// opted-in assessments of the same year from cities of similar size
    /// (half to twice the population). None when the city has not opted in.
    pub async fn peer_distribution(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<Option<PeerDistribution>, ServiceError> {
        let own = self.assessment_results(visitor, id).await?;
        let Some(population) = own
            .city
            .population
            .filter(|_| own.assessment.compare_with_peers)
        else {
            return Ok(None);
        };
        let (from, to) = (population / 2, population.saturating_mul(2));
        let mut peer_scores: Vec<Vec<(String, Option<f64>)>> = Vec::new();
        for city in self.store.cities().await? {
            if city.id == own.city.id || !city.population.is_some_and(|p| (from..=to).contains(&p))
            {
                continue;
            }
            let candidate = self
                .store
                .assessments_of_city(city.id)
                .await?
                .into_iter()
                .find(|a| {
                    a.year == own.assessment.year && a.compare_with_peers && a.status == "verified"
                });
            if let Some(assessment) = candidate {
                let results = self.results_of(assessment, city).await?;
                peer_scores.push(
                    results
                        .evaluation
                        .dimensions
                        .iter()
                        .map(|d| (d.dimension.clone(), d.score.score_pct))
                        .collect(),
                );
            }
        }
        let mut distribution = PeerDistribution {
            population_from: from,
            population_to: to,
            peers: peer_scores.len(),
            dimensions: Vec::new(),
        };
        if peer_scores.len() < MIN_PEERS {
            return Ok(Some(distribution));
        }
        for dimension in &own.framework.dimensions {
            let mut values: Vec<f64> = peer_scores
                .iter()
                .filter_map(|p| {
                    p.iter()
                        .find(|(d, _)| d == &dimension.code)
                        .and_then(|(_, v)| *v)
                })
                .collect();
            if values.len() < MIN_PEERS {
                continue;
            }
            values.sort_by(f64::total_cmp);
            distribution.dimensions.push(PeerStatistic {
                dimension: dimension.code.clone(),
                peers: values.len(),
                min: values[0],
                q1: quartile(&values, 0.25),
                median: quartile(&values, 0.5),
                q3: quartile(&values, 0.75),
                max: values[values.len() - 1],
                this_city: own
                    .evaluation
                    .dimensions
                    .iter()
                    .find(|d| d.dimension == dimension.code)
                    .and_then(|d| d.score.score_pct),
            });
        }
        Ok(Some(distribution))
    }
}

fn line<'a>(
    lines: &'a mut Vec<TrendLine>,
    label: &str,
    unit: &str,
    years: usize,
) -> &'a mut Vec<Option<f64>> {
    let index = match lines.iter().position(|l| l.label == label) {
        Some(i) => i,
        None => {
            lines.push(TrendLine {
                label: label.to_string(),
                unit: unit.to_string(),
                values: vec![None; years],
            });
            lines.len() - 1
        }
    };
    &mut lines[index].values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdg_targets_sort_by_goal_then_number() {
        let mut targets = vec!["11.2", "9.c", "3.10", "3.9", "1.1"];
        targets.sort_by_key(|t| sdg_order(t));
        assert_eq!(targets, vec!["1.1", "3.9", "3.10", "9.c", "11.2"]);
    }

    #[test]
    fn quartiles_interpolate_like_r_type_7() {
        // R: quantile(c(10, 20, 30, 40, 50), c(.25, .5, .75)) -> 20 30 40
        let v = [10.0, 20.0, 30.0, 40.0, 50.0];
        assert_eq!(quartile(&v, 0.25), 20.0);
        assert_eq!(quartile(&v, 0.5), 30.0);
        // R: quantile(c(1, 2, 4, 8, 16, 32), .25) -> 2.5
        assert_eq!(quartile(&[1.0, 2.0, 4.0, 8.0, 16.0, 32.0], 0.25), 2.5);
    }
}
