//! The maturity self-assessment: rounds, respondents who answer through a
//! private link (departments and external stakeholders, no account needed),
//! the spread of their answers, the level the city agrees per element, scores
//! per pillar, comparison with the previous round and the gap analysis.
//!
//! Scoring rules (documented here because the U4SSC sources give none):
//! - an element's level is the agreed (consensus) level when there is one,
//!   otherwise the median of the answers; "don't know" is not an answer;
//! - a pillar's level is the mean of its elements' levels, and its
//!   percentage that mean over the top of the scale (5 = optimisation);
//! - an element's target is the one agreed for it, else the round's default;
//!   the gap is target − level when the level is below the target.

use super::knowledge;
use crate::secrets::{new_secret, token_hash};
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::validation::{self, FieldError, Problem};
use civitas_domain::{Action, CityId, policy};
use civitas_knowledge::{Language, SuggestRequest, Suggestion};
use civitas_store::{
    ConsensusRow, MaturityAnswerRow, MaturityRoundRow, NewMaturityRound, NewRespondent,
    RespondentRow, StoreError,
};
use serde::Serialize;

/// The top of the maturity scale (optimisation).
pub const TOP_LEVEL: i64 = 5;

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct RoundForm {
    pub name: String,
    /// The level (0–5) the city aims for on every element unless it agrees another.
    pub default_target: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct RespondentForm {
    pub name: String,
    /// `department` or `external`.
    pub kind: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    pub element: String,
    /// `0`–`5`, `dont-know`, or empty for not answered yet.
    pub level: String,
    pub evidence: String,
    pub evidence_url: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ConsensusForm {
    pub element: String,
    pub level: String,
    /// Empty for the round's default target.
    pub target: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoundView {
    pub round: MaturityRoundRow,
    pub respondents: Vec<RespondentRow>,
    pub can_edit: bool,
}

/// What a respondent sees through their link.
#[derive(Debug, Clone, Serialize)]
pub struct Questionnaire {
    pub respondent: RespondentRow,
    pub round: MaturityRoundRow,
    pub city_name: String,
    pub answers: Vec<MaturityAnswerRow>,
}

/// One element across respondents, with the agreed level.
#[derive(Debug, Clone, Serialize)]
pub struct ElementResult {
    pub pillar: String,
    pub element: String,
    /// How many respondents chose each level 0–5.
    pub counts: [usize; 6],
    pub dont_know: usize,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub median: Option<f64>,
    pub consensus: Option<ConsensusRow>,
    /// Consensus level, else median.
    pub level: Option<f64>,
    pub target: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PillarResult {
    pub pillar: String,
    pub level: Option<f64>,
    pub pct: Option<f64>,
    pub elements_scored: usize,
    pub elements: usize,
}

/// A KPI linked to a gap, with its latest value in the city's assessments.
#[derive(Debug, Clone, Serialize)]
pub struct GapKpi {
    pub kpi: String,
    pub year: Option<i64>,
    pub value: Option<f64>,
    pub band: Option<civitas_indicators::Band>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub pillar: String,
    pub element: String,
    pub level: f64,
    pub target: i64,
    pub gap: f64,
    pub kpis: Vec<GapKpi>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MaturityReport {
    pub round: MaturityRoundRow,
    pub respondents: usize,
    pub submitted: usize,
    pub elements: Vec<ElementResult>,
    pub pillars: Vec<PillarResult>,
    /// The previous round of the same city and its pillar results.
    pub previous: Option<(MaturityRoundRow, Vec<PillarResult>)>,
    /// Elements below target, largest gap first.
    pub gaps: Vec<Gap>,
    /// Knowledge-base entries that help with the gaps.
    pub suggestions: Vec<Suggestion>,
}

fn median(sorted: &[i64]) -> Option<f64> {
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[n / 2] as f64),
        n => Some((sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0),
    }
}

fn level(field: &'static str, raw: &str) -> Result<Option<i64>, FieldError> {
    match raw.trim() {
        "" => Ok(None),
        text => text
            .parse::<i64>()
            .ok()
            .filter(|l| (0..=TOP_LEVEL).contains(l))
            .map(Some)
            .ok_or(FieldError {
                field,
                problem: Problem::NotAPositiveNumber,
            }),
    }
}

/// Element results and pillar scores from a round's answers and consensus.
pub(crate) fn score_round(
    round: &MaturityRoundRow,
    answers: &[MaturityAnswerRow],
    consensus: &[ConsensusRow],
) -> Result<(Vec<ElementResult>, Vec<PillarResult>), ServiceError> {
    let index = knowledge()?;
    let framework = index.kb().framework();
    let mut elements = Vec::new();
    let mut pillars = Vec::new();
    for pillar in &framework.pillars {
        let mut levels = Vec::new();
        for element in &pillar.elements {
            let mut given: Vec<i64> = answers
                .iter()
                .filter(|a| a.element == element.id)
                .filter_map(|a| a.level)
                .collect();
            given.sort_unstable();
            let dont_know = answers
                .iter()
                .filter(|a| a.element == element.id && a.level.is_none())
                .count();
            let mut counts = [0usize; 6];
            for l in &given {
                counts[*l as usize] += 1;
            }
            let agreed = consensus.iter().find(|c| c.element == element.id).cloned();
            let median = median(&given);
            let value = agreed.as_ref().map(|c| c.level as f64).or(median);
            if let Some(v) = value {
                levels.push(v);
            }
            elements.push(ElementResult {
                pillar: pillar.id.clone(),
                element: element.id.clone(),
                counts,
                dont_know,
                min: given.first().copied(),
                max: given.last().copied(),
                median,
                target: agreed
                    .as_ref()
                    .and_then(|c| c.target)
                    .unwrap_or(round.default_target),
                consensus: agreed,
                level: value,
            });
        }
        let mean = (!levels.is_empty()).then(|| levels.iter().sum::<f64>() / levels.len() as f64);
        pillars.push(PillarResult {
            pillar: pillar.id.clone(),
            level: mean,
            pct: mean.map(|m| m / TOP_LEVEL as f64 * 100.0),
            elements_scored: levels.len(),
            elements: pillar.elements.len(),
        });
    }
    Ok((elements, pillars))
}

impl Civitas {
    pub async fn create_maturity_round(
        &self,
        visitor: &Visitor,
        city: i64,
        form: &RoundForm,
    ) -> Result<MaturityRoundRow, ServiceError> {
        policy::authorize(&visitor.actor, Action::EditCityData(CityId(city)))?;
        self.store.city(city).await?.ok_or(ServiceError::NotFound)?;
        let name = validation::required_text("name", &form.name, 120)?;
        let default_target = level("default_target", &form.default_target)?.unwrap_or(3);
        let framework = knowledge()?.kb().framework().clone();
        let new = NewMaturityRound {
            city_id: city,
            name,
            framework: format!("{}@{}", framework.id, framework.version),
            default_target,
        };
        self.store
            .create_maturity_round(&self.change_by(visitor), &new)
            .await
            .map_err(|e| crate::accounts::already_taken(e, "name"))
    }

    pub async fn maturity_rounds(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<Vec<MaturityRoundRow>, ServiceError> {
        policy::authorize(&visitor.actor, Action::ViewCityWorkspace(CityId(city)))?;
        Ok(self.store.maturity_rounds(city).await?)
    }

    pub async fn maturity_round(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<RoundView, ServiceError> {
        let round = self
            .store
            .maturity_round(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let city = CityId(round.city_id);
        policy::authorize(&visitor.actor, Action::ViewCityWorkspace(city))
            .map_err(|_| ServiceError::NotFound)?;
        Ok(RoundView {
            respondents: self.store.respondents(id).await?,
            can_edit: round.closed_at.is_none()
                && policy::authorize(&visitor.actor, Action::EditCityData(city)).is_ok(),
            round,
        })
    }

    async fn editable_round(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<MaturityRoundRow, ServiceError> {
        let view = self.maturity_round(visitor, id).await?;
        policy::authorize(
            &visitor.actor,
            Action::EditCityData(CityId(view.round.city_id)),
        )?;
        if view.round.closed_at.is_some() {
            return Err(closed());
        }
        Ok(view.round)
    }

    /// Adds a respondent and returns the secret of their private link (shown
    /// once; only its hash is kept).
    pub async fn add_respondent(
        &self,
        visitor: &Visitor,
        round: i64,
        form: &RespondentForm,
    ) -> Result<(RespondentRow, String), ServiceError> {
        self.editable_round(visitor, round).await?;
        let name = validation::required_text("name", &form.name, 120)?;
        let kind = match form.kind.trim() {
            "department" | "" => "department",
            "external" => "external",
            _ => {
                return Err(FieldError {
                    field: "kind",
                    problem: Problem::Required,
                }
                .into());
            }
        };
        let secret = new_secret("mq_");
        let new = NewRespondent {
            round_id: round,
            name,
            kind: kind.to_string(),
            token_hash: token_hash(&secret),
        };
        let row = self
            .store
            .add_respondent(&self.change_by(visitor), &new)
            .await
            .map_err(|e| crate::accounts::already_taken(e, "name"))?;
        Ok((row, secret))
    }

    /// The questionnaire behind a respondent's private link.
    pub async fn questionnaire(&self, secret: &str) -> Result<Questionnaire, ServiceError> {
        let respondent = self
            .store
            .respondent_by_token_hash(&token_hash(secret))
            .await?
            .ok_or(ServiceError::NotFound)?;
        let round = self
            .store
            .maturity_round(respondent.round_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let city = self
            .store
            .city(round.city_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let answers = self
            .store
            .maturity_answers(round.id)
            .await?
            .into_iter()
            .filter(|a| a.respondent_id == respondent.id)
            .collect();
        Ok(Questionnaire {
            respondent,
            round,
            city_name: city.name,
            answers,
        })
    }

    /// Saves a respondent's answers through their link; every problem is
    /// reported at once and then nothing is saved. `submit` marks them final
    /// for the city (they may still change them until the round closes).
    pub async fn save_answers(
        &self,
        secret: &str,
        answers: &[AnswerForm],
        submit: bool,
    ) -> Result<(), ServiceError> {
        let questionnaire = self.questionnaire(secret).await?;
        if questionnaire.round.closed_at.is_some() {
            return Err(closed());
        }
        let index = knowledge()?;
        let framework = index.kb().framework();
        let mut problems = Vec::new();
        let mut rows = Vec::new();
        for form in answers {
            let key = civitas_store::EntryKey {
                kpi: form.element.clone(),
                data_point: String::new(),
            };
            let mut push = |field: &'static str, problem: Problem| {
                problems.push(crate::kpi::EntryProblem {
                    key: key.clone(),
                    field,
                    problem,
                })
            };
            if framework.element(&form.element).is_none() {
                push("element", Problem::Required);
                continue;
            }
            let chosen = match form.level.trim() {
                "" => continue,
                "dont-know" => None,
                raw => match level("level", raw) {
                    Ok(l) => l,
                    Err(e) => {
                        push(e.field, e.problem);
                        continue;
                    }
                },
            };
            let evidence = validation::optional_text("evidence", &form.evidence, 4000);
            let url = validation::optional_text("evidence_url", &form.evidence_url, 500);
            let url_ok = url.as_ref().is_ok_and(|u| {
                u.is_empty() || u.starts_with("https://") || u.starts_with("http://")
            });
            if !url_ok {
                push("evidence_url", Problem::Required);
            }
            if let Err(e) = &evidence {
                push(e.field, e.problem);
            }
            if let (Ok(evidence), Ok(url), true) = (evidence, url, url_ok) {
                rows.push(MaturityAnswerRow {
                    respondent_id: questionnaire.respondent.id,
                    element: form.element.clone(),
                    level: chosen,
                    evidence,
                    evidence_url: url,
                    updated_at: self.now(),
                });
            }
        }
        if !problems.is_empty() {
            return Err(ServiceError::InvalidEntries(problems));
        }
        let change =
            self.change_by_system(&format!("respondent: {}", questionnaire.respondent.name));
        Ok(self
            .store
            .save_maturity_answers(&change, questionnaire.respondent.id, &rows, submit)
            .await?)
    }

    /// The city agrees a level (and optionally its own target) for one element.
    pub async fn save_consensus(
        &self,
        visitor: &Visitor,
        round: i64,
        form: &ConsensusForm,
    ) -> Result<(), ServiceError> {
        self.editable_round(visitor, round).await?;
        let index = knowledge()?;
        if index.kb().framework().element(&form.element).is_none() {
            return Err(ServiceError::NotFound);
        }
        let agreed = level("level", &form.level)?.ok_or(FieldError {
            field: "level",
            problem: Problem::Required,
        })?;
        let row = ConsensusRow {
            round_id: round,
            element: form.element.clone(),
            level: agreed,
            target: level("target", &form.target)?,
            note: validation::optional_text("note", &form.note, 4000)?,
            agreed_by: String::new(),
            agreed_at: 0,
        };
        Ok(self
            .store
            .save_consensus(&self.change_by(visitor), &row)
            .await?)
    }

    /// Closes a round: answers and consensus are then final.
    pub async fn close_maturity_round(
        &self,
        visitor: &Visitor,
        round: i64,
    ) -> Result<MaturityRoundRow, ServiceError> {
        self.editable_round(visitor, round).await?;
        self.store
            .close_maturity_round(&self.change_by(visitor), round)
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => closed(),
                other => other.into(),
            })
    }

    /// Spread, scores, comparison with the previous round, gaps with their
    /// KPIs and knowledge-base suggestions in `language`.
    pub async fn maturity_report(
        &self,
        visitor: &Visitor,
        round: i64,
        language: Language,
    ) -> Result<MaturityReport, ServiceError> {
        let view = self.maturity_round(visitor, round).await?;
        let answers = self.store.maturity_answers(round).await?;
        let consensus = self.store.consensus(round).await?;
        let (elements, pillars) = score_round(&view.round, &answers, &consensus)?;
        let previous_round = self
            .store
            .maturity_rounds(view.round.city_id)
            .await?
            .into_iter()
            .filter(|r| (r.created_at, r.id) < (view.round.created_at, view.round.id))
            .max_by_key(|r| (r.created_at, r.id));
        let previous = match previous_round {
            Some(p) => {
                let answers = self.store.maturity_answers(p.id).await?;
                let consensus = self.store.consensus(p.id).await?;
                let (_, scores) = score_round(&p, &answers, &consensus)?;
                Some((p, scores))
            }
            None => None,
        };
        let latest = self.latest_kpi_values(visitor, view.round.city_id).await?;
        let index = knowledge()?;
        let framework = index.kb().framework();
        let mut gaps: Vec<Gap> = elements
            .iter()
            .filter_map(|e| {
                let level = e.level?;
                let gap = e.target as f64 - level;
                (gap > 0.0).then(|| Gap {
                    pillar: e.pillar.clone(),
                    element: e.element.clone(),
                    level,
                    target: e.target,
                    gap,
                    kpis: framework
                        .element(&e.element)
                        .map(|(_, el)| {
                            el.kpis
                                .iter()
                                .map(|code| {
                                    let found = latest.iter().find(|(k, _, _, _)| k == code);
                                    GapKpi {
                                        kpi: code.clone(),
                                        year: found.map(|f| f.1),
                                        value: found.map(|f| f.2),
                                        band: found.and_then(|f| f.3),
                                    }
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                })
            })
            .collect();
        gaps.sort_by(|a, b| b.gap.total_cmp(&a.gap).then(a.element.cmp(&b.element)));
        // Suggestions come from the live guide, so a platform admin's edits count.
        let suggestions = self
            .live_knowledge()
            .await?
            .index()
            .suggest(&SuggestRequest {
                gap_elements: gaps.iter().map(|g| g.element.clone()).collect(),
                findings: Vec::new(),
                language,
                limit: 8,
            })
            .suggestions;
        Ok(MaturityReport {
            respondents: view.respondents.len(),
            submitted: view
                .respondents
                .iter()
                .filter(|r| r.submitted_at.is_some())
                .count(),
            round: view.round,
            elements,
            pillars,
            previous,
            gaps,
            suggestions,
        })
    }

    /// The latest value of every KPI the visitor may see for a city:
    /// (KPI code, year, value, band), newest assessment first.
    pub(crate) async fn latest_kpi_values(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<Vec<(String, i64, f64, Option<civitas_indicators::Band>)>, ServiceError> {
        let mut found: Vec<(String, i64, f64, Option<civitas_indicators::Band>)> = Vec::new();
        for assessment in self.store.assessments_of_city(city).await? {
            let Ok(results) = self.assessment_results(visitor, assessment.id).await else {
                continue;
            };
            for k in &results.evaluation.kpis {
                if !found.iter().any(|f| f.0 == k.kpi) {
                    found.push((k.kpi.clone(), assessment.year, k.value, k.band));
                }
            }
        }
        Ok(found)
    }
}

fn closed() -> ServiceError {
    ServiceError::Invalid(vec![FieldError {
        field: "round",
        problem: Problem::Locked,
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round() -> MaturityRoundRow {
        MaturityRoundRow {
            id: 1,
            city_id: 1,
            name: "r".into(),
            framework: "f".into(),
            default_target: 3,
            created_at: 0,
            closed_at: None,
        }
    }

    fn answer(respondent: i64, element: &str, level: Option<i64>) -> MaturityAnswerRow {
        MaturityAnswerRow {
            respondent_id: respondent,
            element: element.into(),
            level,
            evidence: String::new(),
            evidence_url: String::new(),
            updated_at: 0,
        }
    }

    #[test]
    fn medians_ignore_dont_know_and_consensus_wins() {
        let answers = vec![
            answer(1, "vs-people-centred-vision", Some(1)),
            answer(2, "vs-people-centred-vision", Some(4)),
            answer(3, "vs-people-centred-vision", None),
            answer(1, "vs-baseline-needs", Some(2)),
            answer(2, "vs-baseline-needs", Some(3)),
            answer(3, "vs-baseline-needs", Some(5)),
        ];
        let agreed = ConsensusRow {
            round_id: 1,
            element: "vs-baseline-needs".into(),
            level: 4,
            target: Some(5),
            note: String::new(),
            agreed_by: String::new(),
            agreed_at: 0,
        };
        let (elements, pillars) = score_round(&round(), &answers, &[agreed]).expect("score");
        let vision = elements
            .iter()
            .find(|e| e.element == "vs-people-centred-vision")
            .expect("vision");
        assert_eq!(vision.median, Some(2.5), "median of 1 and 4");
        assert_eq!(vision.dont_know, 1);
        assert_eq!(vision.counts, [0, 1, 0, 0, 1, 0]);
        assert_eq!((vision.min, vision.max), (Some(1), Some(4)));
        assert_eq!(vision.target, 3, "the round's default");
        let baseline = elements
            .iter()
            .find(|e| e.element == "vs-baseline-needs")
            .expect("baseline");
        assert_eq!(baseline.median, Some(3.0));
        assert_eq!(
            baseline.level,
            Some(4.0),
            "the agreed level, not the median"
        );
        assert_eq!(baseline.target, 5);
        let vision_pillar = &pillars[0];
        assert_eq!(vision_pillar.pillar, "vision-strategy");
        assert_eq!(vision_pillar.elements_scored, 2);
        assert_eq!(vision_pillar.level, Some(3.25), "(2.5 + 4) / 2");
        assert_eq!(vision_pillar.pct, Some(65.0));
        assert!(pillars[1].level.is_none(), "no answers, no score");
    }
}
