//! Evaluate and award.
//!
//! * Criteria and weights are entered as the CSV the CLI reads
//!   (`criterion,weight,kind[,min_score][,parent]`), checked by the engine
//!   with row and column in every message, then frozen and published before
//!   any bid is seen; a change after that needs a reason, kept with the old
//!   and new criteria.
//! * AHP: a pairwise matrix (CSV, as `civitas procurement ahp` reads it) over
//!   the top-level criteria gives their weights; a consistency ratio above
//!   0.10 is refused and nothing changes.
//! * Evaluators declare their interests before they see any bid; those with
//!   a conflict never see them. Each scores alone and sees no one else's
//!   scores until they submit; only submitted scores are ever shown.
//! * The panel agrees one score per bid and criterion with a note; the
//!   engine then ranks under the published price formula, and under each
//!   other formula to show its effect, with the sensitivity of the winner.

use super::{PRICE_FORMULAS, cleared, engine_problem, invalid};
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::validation::{self, FieldError, Problem};
use civitas_domain::{Action, CityId, UserId, policy};
use civitas_procurement::{
    AgreedScore, AhpMethod, AhpWeights, Bid, CriteriaSet, CriterionKind, Evaluation,
    EvaluationRules, IndependentScore, PriceFormula, PriceRange, ahp::PairwiseMatrixParts,
    ahp_weights, check_consensus, evaluate, read_criteria, read_pairwise_matrix, score_spread,
};
use civitas_store::{
    BidFields, BidRow, ConsensusFields, CriteriaChangeRow, EvaluatorRow, ProcurementRow,
    ScoreFields,
};
use serde::{Deserialize, Serialize};

/// Independent scores this far apart (in points) are marked for discussion.
pub const DISCUSSION_THRESHOLD: f64 = 20.0;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CriteriaForm {
    /// `criterion,weight,kind[,min_score][,parent]`, header first.
    pub criteria: String,
    /// `lowest`, `linear` or `log`.
    pub price_formula: String,
    /// Base of the log formula (default 2).
    pub log_base: String,
    /// Published range of the linear formula (both or neither).
    pub range_low: String,
    pub range_high: String,
    /// Prices below this share of the median of the other bids are flagged (default 0.7).
    pub abnormally_low_ratio: String,
    /// Required once the criteria are frozen.
    pub reason: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct AhpForm {
    /// `criterion,A,B,C` then one row per criterion.
    pub matrix: String,
    /// `eigenvector` (default) or `geometric-mean`.
    pub method: String,
    /// Required once the criteria are frozen.
    pub reason: String,
}

/// The judgements and what they gave, kept with the procurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AhpRecord {
    pub matrix: PairwiseMatrixParts,
    pub weights: AhpWeights,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct EvaluatorForm {
    pub user_id: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DeclarationForm {
    /// `no` (no conflict of interest) or `yes`.
    pub conflict: String,
    /// What the evaluator declares (links to bidders, or none).
    pub declaration: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct BidForm {
    pub bidder: String,
    pub price: String,
    pub received_on: String,
    pub note: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ScoreForm {
    pub bid_id: String,
    pub criterion: String,
    /// 0–100; empty means not scored yet.
    pub score: String,
    pub justification: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ScoreSheetForm {
    pub scores: Vec<ScoreForm>,
    /// Submit: every bid scored on every criterion, then locked.
    pub submit: bool,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ConsensusRowForm {
    pub bid_id: String,
    pub criterion: String,
    pub score: String,
    pub note: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ConsensusForm {
    pub rows: Vec<ConsensusRowForm>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct AwardForm {
    pub bid_id: String,
    /// Why; required when the award does not go to the first-ranked bid.
    pub note: String,
}

/// The independent scores on one bid and criterion, side by side.
#[derive(Debug, Clone, Serialize)]
pub struct SpreadView {
    pub bid_id: i64,
    pub bidder: String,
    pub criterion: String,
    /// (evaluator name, score, justification).
    pub scores: Vec<(String, f64, String)>,
    pub lowest: f64,
    pub highest: f64,
    pub range: f64,
    pub mean: f64,
    pub median: f64,
    pub needs_discussion: bool,
}

/// One bid's place under one price formula.
#[derive(Debug, Clone, Serialize)]
pub struct FormulaRank {
    pub bidder: String,
    pub rank: Option<u32>,
    pub price_points: Option<f64>,
    pub total: Option<f64>,
}

/// The ranking under one price formula, to show the formula's effect.
#[derive(Debug, Clone, Serialize)]
pub struct FormulaEffect {
    /// `lowest`, `linear` or `log`.
    pub key: &'static str,
    pub description: String,
    pub chosen: bool,
    pub winner: Option<String>,
    pub ranking: Vec<FormulaRank>,
}

/// The engine's evaluation of the agreed scores.
#[derive(Debug, Clone, Serialize)]
pub struct ProcurementResult {
    /// Under the published formula.
    pub evaluation: Evaluation,
    /// Under every formula (the published one marked).
    pub formulas: Vec<FormulaEffect>,
}

/// Bids, scores and the consensus as the visitor may see them.
#[derive(Debug, Clone, Serialize)]
pub struct BidsView {
    pub procurement: ProcurementRow,
    pub city_name: String,
    pub criteria: Option<CriteriaSet>,
    /// Quality criteria and sub-criteria evaluators score, in published order.
    pub scored: Vec<String>,
    pub bids: Vec<BidRow>,
    pub evaluators: Vec<EvaluatorRow>,
    pub me: Option<EvaluatorRow>,
    /// The visitor's own scores (nobody else's).
    pub my_scores: Vec<ScoreFields>,
    /// The visitor may score now (cleared, not yet submitted, not awarded).
    pub can_score: bool,
    /// Submitted scores are shown side by side (never to an evaluator who has
    /// not submitted yet).
    pub others_visible: bool,
    pub spreads: Vec<SpreadView>,
    /// Every cleared evaluator has submitted (and there is at least one).
    pub panel_complete: bool,
    pub consensus: Vec<ConsensusFields>,
    pub can_steer: bool,
    pub result: Option<ProcurementResult>,
    /// Why there is no result yet, in the engine's words.
    pub result_problem: Option<String>,
}

/// Everything that explains the award, number by number.
#[derive(Debug, Clone, Serialize)]
pub struct EvaluationReport {
    pub view: super::ProcurementView,
    pub bids: BidsView,
    pub criteria_changes: Vec<CriteriaChangeRow>,
    pub awarded_bidder: Option<String>,
}

pub(crate) fn stored_criteria(row: &ProcurementRow) -> Result<Option<CriteriaSet>, ServiceError> {
    row.fields
        .criteria
        .as_deref()
        .map(|c| serde_json::from_str(c).map_err(|_| ServiceError::Internal("stored criteria")))
        .transpose()
}

pub(crate) fn stored_formula(row: &ProcurementRow) -> Result<PriceFormula, ServiceError> {
    serde_json::from_str(&row.fields.price_formula)
        .map_err(|_| ServiceError::Internal("stored price formula"))
}

fn rules(row: &ProcurementRow) -> Result<EvaluationRules, ServiceError> {
    Ok(EvaluationRules {
        price_formula: stored_formula(row)?,
        abnormally_low_ratio: row.fields.abnormally_low_ratio,
    })
}

/// The criteria as the CSV the form and the CLI take.
pub fn criteria_csv(criteria: &CriteriaSet) -> String {
    let mut out = String::from("criterion,weight,kind,min_score,parent\n");
    let cell = |text: &str| {
        if text.contains([',', '"', '\n']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_string()
        }
    };
    let number = |v: f64| format!("{v}");
    for c in criteria.criteria() {
        let kind = match c.kind {
            CriterionKind::Quality => "quality",
            CriterionKind::Price => "price",
        };
        out.push_str(&format!(
            "{},{},{},{},\n",
            cell(&c.name),
            number(c.weight),
            kind,
            c.min_score.map(number).unwrap_or_default()
        ));
        for s in &c.sub_criteria {
            out.push_str(&format!(
                "{},{},quality,{},{}\n",
                cell(&s.name),
                number(s.weight),
                s.min_score.map(number).unwrap_or_default(),
                cell(&c.name)
            ));
        }
    }
    out
}

fn quality_names(criteria: &CriteriaSet) -> Vec<String> {
    criteria
        .criteria()
        .iter()
        .filter(|c| c.kind == CriterionKind::Quality)
        .flat_map(|c| c.scored_names())
        .map(str::to_string)
        .collect()
}

fn number_field(field: &'static str, raw: &str) -> Result<Option<f64>, FieldError> {
    validation::optional_number(field, raw)
}

fn parse_formula(form: &CriteriaForm) -> Result<(PriceFormula, f64), ServiceError> {
    let mut checks = crate::error::Checks::default();
    let key = match form.price_formula.trim() {
        "" => "lowest",
        other => other,
    };
    if !PRICE_FORMULAS.contains(&key) {
        checks.push(FieldError {
            field: "price_formula",
            problem: Problem::Required,
        });
    }
    let base = checks
        .take(number_field("log_base", &form.log_base))
        .flatten();
    let low = checks
        .take(number_field("range_low", &form.range_low))
        .flatten();
    let high = checks
        .take(number_field("range_high", &form.range_high))
        .flatten();
    let ratio = checks
        .take(number_field(
            "abnormally_low_ratio",
            &form.abnormally_low_ratio,
        ))
        .flatten()
        .unwrap_or(civitas_procurement::evaluation::DEFAULT_ABNORMALLY_LOW_RATIO);
    if !(0.0..=1.0).contains(&ratio) {
        checks.push(FieldError {
            field: "abnormally_low_ratio",
            problem: Problem::NotANumber,
        });
    }
    let formula = match (key, low, high) {
        ("linear", Some(lowest), Some(highest)) => PriceFormula::Linear {
            range: Some(PriceRange { lowest, highest }),
        },
        ("linear", None, None) => PriceFormula::Linear { range: None },
        ("linear", _, _) => {
            checks.push(FieldError {
                field: "range_high",
                problem: Problem::Required,
            });
            PriceFormula::Linear { range: None }
        }
        ("log", ..) => PriceFormula::Logarithmic {
            base: base.unwrap_or(civitas_procurement::price::DEFAULT_LOG_BASE),
        },
        _ => PriceFormula::LowestPriceRatio,
    };
    if formula.check().is_err() {
        checks.push(FieldError {
            field: if key == "log" {
                "log_base"
            } else {
                "range_low"
            },
            problem: Problem::NotANumber,
        });
    }
    checks.finish()?;
    Ok((formula, ratio))
}

/// `lowest`, `linear` or `log`, as forms spell the formula.
pub fn formula_key(formula: &PriceFormula) -> &'static str {
    match formula {
        PriceFormula::LowestPriceRatio => "lowest",
        PriceFormula::Linear { .. } => "linear",
        PriceFormula::Logarithmic { .. } => "log",
    }
}

fn formula_effects(
    criteria: &CriteriaSet,
    bids: &[Bid],
    rules: &EvaluationRules,
) -> Vec<FormulaEffect> {
    let chosen = rules.price_formula;
    let alternatives = [
        PriceFormula::LowestPriceRatio,
        match chosen {
            PriceFormula::Linear { .. } => chosen,
            _ => PriceFormula::Linear { range: None },
        },
        match chosen {
            PriceFormula::Logarithmic { .. } => chosen,
            _ => PriceFormula::logarithmic(),
        },
    ];
    alternatives
        .iter()
        .filter_map(|formula| {
            let evaluation = evaluate(
                criteria,
                bids,
                &EvaluationRules {
                    price_formula: *formula,
                    ..*rules
                },
            )
            .ok()?;
            Some(FormulaEffect {
                key: formula_key(formula),
                description: formula.describe(),
                chosen: formula_key(formula) == formula_key(&chosen),
                winner: evaluation.winner().map(|w| w.bidder.clone()),
                ranking: evaluation
                    .ranking
                    .iter()
                    .map(|r| FormulaRank {
                        bidder: r.bidder.clone(),
                        rank: r.rank,
                        price_points: r.price_points,
                        total: r.total,
                    })
                    .collect(),
            })
        })
        .collect()
}

impl Civitas {
    fn criteria_change_allowed(
        &self,
        row: &ProcurementRow,
        reason: &str,
    ) -> Result<Option<String>, ServiceError> {
        if row.fields.awarded_at.is_some() {
            return Err(invalid("criteria", Problem::Locked));
        }
        if row.fields.criteria_frozen_at.is_none() {
            return Ok(None);
        }
        let reason = validation::optional_text("reason", reason, 2000)?;
        if reason.is_empty() {
            return Err(invalid("reason", Problem::ReasonRequired));
        }
        Ok(Some(reason))
    }

    /// Sets the criteria, price formula and abnormally-low ratio; once frozen,
    /// only with a reason. Bad criteria change nothing.
    pub async fn set_procurement_criteria(
        &self,
        visitor: &Visitor,
        id: i64,
        form: &CriteriaForm,
    ) -> Result<ProcurementRow, ServiceError> {
        let (row, _) = self
            .procurement_for(visitor, id, Action::SteerProcurement)
            .await?;
        let reason = self.criteria_change_allowed(&row, &form.reason)?;
        let (formula, ratio) = parse_formula(form)?;
        let criteria = read_criteria(form.criteria.trim().as_bytes())
            .map_err(|e| engine_problem("criteria", e))?;
        let mut fields = row.fields.clone();
        fields.criteria =
            Some(serde_json::to_string(&criteria).map_err(|_| ServiceError::Internal("criteria"))?);
        fields.price_formula =
            serde_json::to_string(&formula).map_err(|_| ServiceError::Internal("formula"))?;
        fields.abnormally_low_ratio = ratio;
        // Hand-set weights replace any AHP derivation that no longer holds.
        if let Some(ahp) = fields
            .ahp
            .as_deref()
            .and_then(|a| serde_json::from_str::<AhpRecord>(a).ok())
        {
            let still = ahp
                .weights
                .names
                .iter()
                .zip(&ahp.weights.percent)
                .all(|(n, p)| {
                    criteria
                        .criteria()
                        .iter()
                        .any(|c| &c.name == n && (c.weight - p).abs() < 1e-9)
                });
            if !still {
                fields.ahp = None;
            }
        }
        let action = if reason.is_some() {
            "change-criteria"
        } else {
            "set-criteria"
        };
        Ok(self
            .store
            .update_procurement(
                &self.change_by(visitor),
                id,
                action,
                &fields,
                reason.as_deref(),
            )
            .await?)
    }

    /// Derives the top-level weights from pairwise judgements. The matrix
    /// names every top-level criterion; a CR above 0.10 is refused.
    pub async fn apply_procurement_ahp(
        &self,
        visitor: &Visitor,
        id: i64,
        form: &AhpForm,
    ) -> Result<AhpRecord, ServiceError> {
        let (row, _) = self
            .procurement_for(visitor, id, Action::SteerProcurement)
            .await?;
        let reason = self.criteria_change_allowed(&row, &form.reason)?;
        let Some(criteria) = stored_criteria(&row)? else {
            return Err(invalid("criteria", Problem::Required));
        };
        let method = match form.method.trim() {
            "" | "eigenvector" => AhpMethod::PrincipalEigenvector,
            "geometric-mean" => AhpMethod::GeometricMean,
            _ => return Err(invalid("method", Problem::Required)),
        };
        let matrix = read_pairwise_matrix(form.matrix.trim().as_bytes())
            .map_err(|e| engine_problem("ahp", e))?;
        let weights = ahp_weights(&matrix, method).map_err(|e| engine_problem("ahp", e))?;
        let mut names: Vec<&str> = weights.names.iter().map(String::as_str).collect();
        let mut top: Vec<&str> = criteria
            .criteria()
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        names.sort_unstable();
        top.sort_unstable();
        if names != top {
            return Err(engine_problem(
                "ahp",
                format!(
                    "the matrix compares {}; it must compare exactly the top-level criteria: {}",
                    weights.names.join(", "),
                    criteria
                        .criteria()
                        .iter()
                        .map(|c| c.name.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        let mut list: Vec<civitas_procurement::Criterion> = criteria.criteria().to_vec();
        for c in &mut list {
            if let Some(i) = weights.names.iter().position(|n| *n == c.name) {
                c.weight = weights.percent[i];
            }
        }
        let criteria = CriteriaSet::new(list).map_err(|e| engine_problem("criteria", e))?;
        let record = AhpRecord {
            matrix: matrix.into(),
            weights,
        };
        let mut fields = row.fields.clone();
        fields.criteria =
            Some(serde_json::to_string(&criteria).map_err(|_| ServiceError::Internal("criteria"))?);
        fields.ahp =
            Some(serde_json::to_string(&record).map_err(|_| ServiceError::Internal("ahp"))?);
        self.store
            .update_procurement(
                &self.change_by(visitor),
                id,
                "apply-ahp",
                &fields,
                reason.as_deref(),
            )
            .await?;
        Ok(record)
    }

    /// Freezes and publishes the criteria before bids are seen.
    pub async fn freeze_procurement_criteria(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<ProcurementRow, ServiceError> {
        let (row, _) = self
            .procurement_for(visitor, id, Action::SteerProcurement)
            .await?;
        if stored_criteria(&row)?.is_none() {
            return Err(invalid("criteria", Problem::Required));
        }
        if row.fields.criteria_frozen_at.is_some() {
            return Err(invalid("criteria", Problem::Locked));
        }
        let mut fields = row.fields.clone();
        fields.criteria_frozen_at = Some(self.now());
        Ok(self
            .store
            .update_procurement(
                &self.change_by(visitor),
                id,
                "freeze-criteria",
                &fields,
                None,
            )
            .await?)
    }

    /// Assigns a member of the city as an evaluator.
    pub async fn assign_procurement_evaluator(
        &self,
        visitor: &Visitor,
        id: i64,
        form: &EvaluatorForm,
    ) -> Result<(), ServiceError> {
        let (row, _) = self
            .procurement_for(visitor, id, Action::SteerProcurement)
            .await?;
        let user_id: i64 = form
            .user_id
            .trim()
            .parse()
            .map_err(|_| invalid("user_id", Problem::Required))?;
        let members = self.store.members_of_city(row.city_id).await?;
        if !members.iter().any(|m| m.user.id == user_id) {
            return Err(invalid("user_id", Problem::Required));
        }
        match self
            .store
            .assign_evaluator(&self.change_by(visitor), id, user_id)
            .await
        {
            Err(civitas_store::StoreError::Conflict(_)) => {
                Err(invalid("user_id", Problem::AlreadyTaken))
            }
            other => Ok(other?),
        }
    }

    /// Removes an evaluator (and their scores) before they submitted.
    pub async fn remove_procurement_evaluator(
        &self,
        visitor: &Visitor,
        id: i64,
        user_id: i64,
    ) -> Result<(), ServiceError> {
        let (_, evaluators) = self
            .procurement_for(visitor, id, Action::SteerProcurement)
            .await?;
        let Some(e) = evaluators.iter().find(|e| e.user_id == user_id) else {
            return Err(ServiceError::NotFound);
        };
        if e.submitted_at.is_some() {
            return Err(invalid("user_id", Problem::Locked));
        }
        Ok(self
            .store
            .remove_evaluator(&self.change_by(visitor), id, user_id)
            .await?)
    }

    /// The visitor declares their interests; with a conflict, they never see
    /// a bid of this procurement. A declaration stands once made: it can only
    /// be raised to a conflict, never withdrawn.
    pub async fn declare_procurement_interests(
        &self,
        visitor: &Visitor,
        id: i64,
        form: &DeclarationForm,
    ) -> Result<EvaluatorRow, ServiceError> {
        let (row, evaluators) = self.load_procurement(visitor, id).await?;
        let list = super::assigned(&evaluators);
        policy::authorize(
            &visitor.actor,
            Action::DeclareInterests {
                city: CityId(row.city_id),
                assigned_evaluators: &list,
            },
        )?;
        let me = visitor.user.as_ref().map(|u| u.id).unwrap_or_default();
        let Some(current) = evaluators.iter().find(|e| e.user_id == me) else {
            return Err(ServiceError::NotFound);
        };
        let conflict = match form.conflict.trim() {
            "yes" => true,
            "no" => false,
            _ => return Err(invalid("conflict", Problem::Required)),
        };
        let declaration = validation::optional_text("declaration", &form.declaration, 4000)?;
        if conflict && declaration.is_empty() {
            return Err(invalid("declaration", Problem::Required));
        }
        if current.declared_at.is_some() && (current.conflict || !conflict) {
            return Err(invalid("conflict", Problem::Locked));
        }
        if current.submitted_at.is_some() {
            return Err(invalid("conflict", Problem::Locked));
        }
        Ok(self
            .store
            .declare_interests(&self.change_by(visitor), id, me, conflict, &declaration)
            .await?)
    }

    /// Records a bid received, once the criteria are frozen and before award.
    pub async fn add_procurement_bid(
        &self,
        visitor: &Visitor,
        id: i64,
        form: &BidForm,
    ) -> Result<BidRow, ServiceError> {
        let (row, _) = self
            .procurement_for(visitor, id, Action::SteerProcurement)
            .await?;
        if row.fields.criteria_frozen_at.is_none() {
            return Err(invalid("criteria", Problem::Required));
        }
        if row.fields.awarded_at.is_some() {
            return Err(invalid("bidder", Problem::Locked));
        }
        let mut checks = crate::error::Checks::default();
        let bidder = checks.take(validation::required_text("bidder", &form.bidder, 200));
        let price = checks.take(validation::optional_number("price", &form.price));
        match price {
            Some(Some(p)) if p > 0.0 => {}
            Some(_) => checks.push(FieldError {
                field: "price",
                problem: Problem::NotAPositiveNumber,
            }),
            None => {}
        }
        let received_on = checks.take(crate::strategy::calendar_date(
            "received_on",
            &form.received_on,
        ));
        let note = checks.take(validation::optional_text("note", &form.note, 4000));
        checks.finish()?;
        let (Some(bidder), Some(Some(price)), Some(received_on), Some(note)) =
            (bidder, price, received_on, note)
        else {
            return Err(ServiceError::Invalid(Vec::new()));
        };
        match self
            .store
            .add_bid(
                &self.change_by(visitor),
                id,
                &BidFields {
                    bidder,
                    price,
                    received_on,
                    note,
                },
            )
            .await
        {
            Err(civitas_store::StoreError::Conflict(_)) => {
                Err(invalid("bidder", Problem::AlreadyTaken))
            }
            other => Ok(other?),
        }
    }

    /// Withdraws a bid recorded by mistake, before any evaluator submitted.
    pub async fn delete_procurement_bid(
        &self,
        visitor: &Visitor,
        id: i64,
        bid_id: i64,
    ) -> Result<(), ServiceError> {
        let (row, evaluators) = self
            .procurement_for(visitor, id, Action::SteerProcurement)
            .await?;
        if !self.store.bids(id).await?.iter().any(|b| b.id == bid_id) {
            return Err(ServiceError::NotFound);
        }
        if row.fields.awarded_at.is_some() || evaluators.iter().any(|e| e.submitted_at.is_some()) {
            return Err(invalid("bid_id", Problem::Locked));
        }
        Ok(self
            .store
            .delete_bid(&self.change_by(visitor), bid_id)
            .await?)
    }

    /// Bids and the scores the visitor may see.
    pub async fn procurement_bids(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<BidsView, ServiceError> {
        let (row, evaluators) = self.load_procurement(visitor, id).await?;
        let list = cleared(&evaluators);
        policy::authorize(
            &visitor.actor,
            Action::ViewBids {
                city: CityId(row.city_id),
                cleared_evaluators: &list,
            },
        )?;
        self.bids_view(visitor, row, evaluators).await
    }

    async fn bids_view(
        &self,
        visitor: &Visitor,
        row: ProcurementRow,
        evaluators: Vec<EvaluatorRow>,
    ) -> Result<BidsView, ServiceError> {
        let city = CityId(row.city_id);
        let city_name = self
            .store
            .city(row.city_id)
            .await?
            .map(|c| c.name)
            .unwrap_or_default();
        let criteria = stored_criteria(&row)?;
        let scored = criteria.as_ref().map(quality_names).unwrap_or_default();
        let bids = self.store.bids(row.id).await?;
        let me_id = visitor.user.as_ref().map(|u| u.id);
        let me = evaluators
            .iter()
            .find(|e| Some(e.user_id) == me_id)
            .cloned();
        let list = cleared(&evaluators);
        let can_score = policy::authorize(
            &visitor.actor,
            Action::ScoreBids {
                city,
                cleared_evaluators: &list,
            },
        )
        .is_ok()
            && me.as_ref().is_some_and(|m| m.submitted_at.is_none())
            && row.fields.awarded_at.is_none()
            && row.fields.criteria_frozen_at.is_some();
        let all_scores = self.store.scores(row.id).await?;
        let my_scores = all_scores
            .iter()
            .filter(|s| Some(s.evaluator_user_id) == me_id)
            .map(|s| s.fields.clone())
            .collect();
        // Still scoring: nobody else's score is shown, submitted or not.
        let still_scoring = me
            .as_ref()
            .is_some_and(|m| m.declared_at.is_some() && !m.conflict && m.submitted_at.is_none());
        let others_visible = !still_scoring;
        let submitted: Vec<&EvaluatorRow> = evaluators
            .iter()
            .filter(|e| e.submitted_at.is_some() && !e.conflict)
            .collect();
        let panel_complete = !list.is_empty()
            && evaluators
                .iter()
                .filter(|e| list.contains(&UserId(e.user_id)))
                .all(|e| e.submitted_at.is_some());
        let bidder_of = |bid_id: i64| {
            bids.iter()
                .find(|b| b.id == bid_id)
                .map(|b| b.fields.bidder.clone())
                .unwrap_or_default()
        };
        let mut spreads = Vec::new();
        if others_visible {
            let independent: Vec<IndependentScore> = all_scores
                .iter()
                .filter(|s| submitted.iter().any(|e| e.user_id == s.evaluator_user_id))
                .map(|s| IndependentScore {
                    evaluator: s.evaluator_user_id.to_string(),
                    bidder: s.fields.bid_id.to_string(),
                    criterion: s.fields.criterion.clone(),
                    score: s.fields.score,
                })
                .collect();
            let name_of = |id: &str| {
                evaluators
                    .iter()
                    .find(|e| e.user_id.to_string() == id)
                    .map(|e| e.display_name.clone())
                    .unwrap_or_default()
            };
            for s in score_spread(&independent, DISCUSSION_THRESHOLD)
                .map_err(|e| engine_problem("scores", e))?
            {
                let bid_id: i64 = s.bidder.parse().unwrap_or_default();
                spreads.push(SpreadView {
                    bid_id,
                    bidder: bidder_of(bid_id),
                    scores: s
                        .scores
                        .iter()
                        .map(|(e, v)| {
                            let why = all_scores
                                .iter()
                                .find(|x| {
                                    x.evaluator_user_id.to_string() == *e
                                        && x.fields.bid_id == bid_id
                                        && x.fields.criterion == s.criterion
                                })
                                .map(|x| x.fields.justification.clone())
                                .unwrap_or_default();
                            (name_of(e), *v, why)
                        })
                        .collect(),
                    criterion: s.criterion,
                    lowest: s.lowest,
                    highest: s.highest,
                    range: s.range,
                    mean: s.mean,
                    median: s.median,
                    needs_discussion: s.needs_discussion,
                });
            }
            spreads.sort_by(|a, b| {
                a.bidder.cmp(&b.bidder).then(
                    scored
                        .iter()
                        .position(|n| *n == a.criterion)
                        .cmp(&scored.iter().position(|n| *n == b.criterion)),
                )
            });
        }
        let consensus = if others_visible {
            self.store.bid_consensus(row.id).await?
        } else {
            Vec::new()
        };
        let (result, result_problem) = if others_visible {
            match self.result_of(&row, criteria.as_ref(), &bids, &consensus) {
                Ok(result) => (result, None),
                Err(problem) => (None, Some(problem)),
            }
        } else {
            (None, None)
        };
        Ok(BidsView {
            can_steer: policy::authorize(&visitor.actor, Action::SteerProcurement(city)).is_ok(),
            city_name,
            criteria,
            scored,
            bids,
            evaluators,
            me,
            my_scores,
            can_score,
            others_visible,
            spreads,
            panel_complete,
            consensus,
            result,
            result_problem,
            procurement: row,
        })
    }

    /// The evaluation of the agreed scores, when there are any.
    fn result_of(
        &self,
        row: &ProcurementRow,
        criteria: Option<&CriteriaSet>,
        bids: &[BidRow],
        consensus: &[ConsensusFields],
    ) -> Result<Option<ProcurementResult>, String> {
        let Some(criteria) = criteria else {
            return Ok(None);
        };
        if consensus.is_empty() || bids.is_empty() {
            return Ok(None);
        }
        let engine_bids: Vec<Bid> = bids
            .iter()
            .map(|b| {
                Bid::new(
                    b.fields.bidder.clone(),
                    b.fields.price,
                    consensus
                        .iter()
                        .filter(|c| c.bid_id == b.id)
                        .map(|c| (c.criterion.clone(), c.score)),
                )
            })
            .collect();
        let rules = rules(row).map_err(|e| e.to_string())?;
        let evaluation = evaluate(criteria, &engine_bids, &rules).map_err(|e| e.to_string())?;
        Ok(Some(ProcurementResult {
            formulas: formula_effects(criteria, &engine_bids, &rules),
            evaluation,
        }))
    }

    /// The result from storage, for the public notice and delivery.
    pub(crate) async fn stored_result(
        &self,
        row: &ProcurementRow,
    ) -> Result<Option<ProcurementResult>, ServiceError> {
        let criteria = stored_criteria(row)?;
        let bids = self.store.bids(row.id).await?;
        let consensus = self.store.bid_consensus(row.id).await?;
        Ok(self
            .result_of(row, criteria.as_ref(), &bids, &consensus)
            .ok()
            .flatten())
    }

    /// Saves the visitor's own scores (blank cells are not scored yet); with
    /// `submit`, every bid must be scored on every criterion, and the sheet
    /// is then locked. A bad cell changes nothing.
    pub async fn save_procurement_scores(
        &self,
        visitor: &Visitor,
        id: i64,
        form: &ScoreSheetForm,
    ) -> Result<(), ServiceError> {
        let (row, evaluators) = self.load_procurement(visitor, id).await?;
        let list = cleared(&evaluators);
        policy::authorize(
            &visitor.actor,
            Action::ScoreBids {
                city: CityId(row.city_id),
                cleared_evaluators: &list,
            },
        )?;
        let me = visitor.user.as_ref().map(|u| u.id).unwrap_or_default();
        let mine = evaluators.iter().find(|e| e.user_id == me);
        if mine.is_none_or(|m| m.submitted_at.is_some()) || row.fields.awarded_at.is_some() {
            return Err(invalid("scores", Problem::Locked));
        }
        let Some(criteria) =
            stored_criteria(&row)?.filter(|_| row.fields.criteria_frozen_at.is_some())
        else {
            return Err(invalid("criteria", Problem::Required));
        };
        let names = quality_names(&criteria);
        let bids = self.store.bids(id).await?;
        let mut problems = Vec::new();
        let mut scores: Vec<ScoreFields> = Vec::new();
        for cell in &form.scores {
            let bid = cell
                .bid_id
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(|b| bids.iter().find(|x| x.id == b));
            let Some(bid) = bid else {
                problems.push(format!(
                    "bid `{}` is not a bid of this procurement",
                    cell.bid_id
                ));
                continue;
            };
            let who = &bid.fields.bidder;
            let criterion = cell.criterion.trim();
            if !names.iter().any(|n| n == criterion) {
                problems.push(format!(
                    "bidder `{who}`: `{criterion}` is not a scored criterion; the scored criteria are {}",
                    names.join(", ")
                ));
                continue;
            }
            let raw = cell.score.trim();
            if raw.is_empty() {
                continue;
            }
            match raw.parse::<f64>() {
                Ok(score) if score.is_finite() && (0.0..=100.0).contains(&score) => {
                    if scores
                        .iter()
                        .any(|s| s.bid_id == bid.id && s.criterion == criterion)
                    {
                        problems.push(format!(
                            "bidder `{who}`, criterion `{criterion}`: scored twice"
                        ));
                        continue;
                    }
                    scores.push(ScoreFields {
                        bid_id: bid.id,
                        criterion: criterion.to_string(),
                        score,
                        justification: cell.justification.trim().chars().take(4000).collect(),
                    });
                }
                _ => problems.push(format!(
                    "bidder `{who}`, criterion `{criterion}`: `{raw}` is not a score from 0 to 100"
                )),
            }
        }
        if form.submit {
            for bid in &bids {
                for name in &names {
                    if !scores
                        .iter()
                        .any(|s| s.bid_id == bid.id && s.criterion == *name)
                    {
                        problems.push(format!(
                            "bidder `{}` has no score for criterion `{name}`; score every bid on every criterion before submitting",
                            bid.fields.bidder
                        ));
                    }
                }
            }
        }
        if !problems.is_empty() {
            return Err(ServiceError::BadFile(
                problems
                    .into_iter()
                    .map(|p| crate::FileProblem::new("scores", p))
                    .collect(),
            ));
        }
        let change = self.change_by(visitor);
        self.store.save_scores(&change, id, me, &scores).await?;
        if form.submit {
            self.store.mark_scores_submitted(&change, id, me).await?;
        }
        Ok(())
    }

    /// Records what the panel agreed: one score and a note for every bid and
    /// criterion, once every cleared evaluator has submitted.
    pub async fn save_procurement_consensus(
        &self,
        visitor: &Visitor,
        id: i64,
        form: &ConsensusForm,
    ) -> Result<(), ServiceError> {
        let (row, evaluators) = self
            .procurement_for(visitor, id, Action::SteerProcurement)
            .await?;
        if row.fields.awarded_at.is_some() {
            return Err(invalid("consensus", Problem::Locked));
        }
        let list = cleared(&evaluators);
        let complete = !list.is_empty()
            && evaluators
                .iter()
                .filter(|e| list.contains(&UserId(e.user_id)))
                .all(|e| e.submitted_at.is_some());
        if !complete {
            return Err(invalid("consensus", Problem::ReviewIncomplete));
        }
        let bids = self.store.bids(id).await?;
        let submitted: Vec<i64> = evaluators
            .iter()
            .filter(|e| e.submitted_at.is_some() && !e.conflict)
            .map(|e| e.user_id)
            .collect();
        let independent: Vec<IndependentScore> = self
            .store
            .scores(id)
            .await?
            .into_iter()
            .filter(|s| submitted.contains(&s.evaluator_user_id))
            .filter_map(|s| {
                let bidder = bids.iter().find(|b| b.id == s.fields.bid_id)?;
                Some(IndependentScore {
                    evaluator: s.evaluator_user_id.to_string(),
                    bidder: bidder.fields.bidder.clone(),
                    criterion: s.fields.criterion,
                    score: s.fields.score,
                })
            })
            .collect();
        let spreads = score_spread(&independent, DISCUSSION_THRESHOLD)
            .map_err(|e| engine_problem("consensus", e))?;
        let mut agreed = Vec::new();
        let mut rows = Vec::new();
        let mut problems = Vec::new();
        for r in &form.rows {
            let bid = r
                .bid_id
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(|b| bids.iter().find(|x| x.id == b));
            let Some(bid) = bid else {
                problems.push(format!(
                    "bid `{}` is not a bid of this procurement",
                    r.bid_id
                ));
                continue;
            };
            let Ok(score) = r.score.trim().parse::<f64>() else {
                problems.push(format!(
                    "bidder `{}`, criterion `{}`: `{}` is not a score from 0 to 100",
                    bid.fields.bidder,
                    r.criterion.trim(),
                    r.score.trim()
                ));
                continue;
            };
            agreed.push(AgreedScore {
                bidder: bid.fields.bidder.clone(),
                criterion: r.criterion.trim().to_string(),
                score,
                note: r.note.trim().to_string(),
            });
            rows.push(ConsensusFields {
                bid_id: bid.id,
                criterion: r.criterion.trim().to_string(),
                score,
                note: r.note.trim().chars().take(4000).collect(),
            });
        }
        if problems.is_empty()
            && let Err(e) = check_consensus(&spreads, &agreed)
        {
            problems.push(e.to_string());
        }
        if !problems.is_empty() {
            return Err(ServiceError::BadFile(
                problems
                    .into_iter()
                    .map(|p| crate::FileProblem::new("consensus", p))
                    .collect(),
            ));
        }
        Ok(self
            .store
            .save_bid_consensus(&self.change_by(visitor), id, &rows)
            .await?)
    }

    /// Awards the contract to an admitted bid; a bid other than the first
    /// needs a note saying why. Delivery starts.
    pub async fn award_procurement(
        &self,
        visitor: &Visitor,
        id: i64,
        form: &AwardForm,
    ) -> Result<ProcurementRow, ServiceError> {
        let (row, _) = self
            .procurement_for(visitor, id, Action::SteerProcurement)
            .await?;
        if row.fields.awarded_at.is_some() {
            return Err(invalid("bid_id", Problem::Locked));
        }
        let bids = self.store.bids(id).await?;
        let Some(bid) = form
            .bid_id
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|b| bids.iter().find(|x| x.id == b))
        else {
            return Err(invalid("bid_id", Problem::Required));
        };
        let Some(result) = self.stored_result(&row).await? else {
            return Err(invalid("consensus", Problem::ReviewIncomplete));
        };
        let Some(ranked) = result
            .evaluation
            .ranking
            .iter()
            .find(|r| r.bidder == bid.fields.bidder)
        else {
            return Err(invalid("bid_id", Problem::Required));
        };
        if ranked.excluded {
            return Err(invalid("bid_id", Problem::NotComputable));
        }
        let note = validation::optional_text("note", &form.note, 4000)?;
        if ranked.rank != Some(1) && note.is_empty() {
            return Err(invalid("note", Problem::ReasonRequired));
        }
        let mut fields = row.fields.clone();
        fields.awarded_bid_id = Some(bid.id);
        fields.award_note = note;
        fields.awarded_at = Some(self.now());
        fields.stage = "manage-delivery".into();
        Ok(self
            .store
            .update_procurement(&self.change_by(visitor), id, "award", &fields, None)
            .await?)
    }

    /// The evaluation report: criteria and their history, AHP, evaluators and
    /// their declarations, every independent score, the consensus with its
    /// notes, the ranking with each criterion's points, the formulas' effect
    /// and the sensitivity. For those who see bids once the panel has
    /// submitted, and for the city's team after award.
    pub async fn procurement_report(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<EvaluationReport, ServiceError> {
        let (row, evaluators) = self.load_procurement(visitor, id).await?;
        let city = CityId(row.city_id);
        let list = cleared(&evaluators);
        let bids_allowed = policy::authorize(
            &visitor.actor,
            Action::ViewBids {
                city,
                cleared_evaluators: &list,
            },
        )
        .is_ok();
        let team_after_award = row.fields.awarded_at.is_some()
            && policy::authorize(&visitor.actor, Action::ViewCityWorkspace(city)).is_ok();
        if !bids_allowed && !team_after_award {
            policy::authorize(
                &visitor.actor,
                Action::ViewBids {
                    city,
                    cleared_evaluators: &list,
                },
            )?;
        }
        let view = self.procurement(visitor, id).await?;
        let bids = self.bids_view(visitor, row.clone(), evaluators).await?;
        if !bids.others_visible {
            return Err(invalid("scores", Problem::ReviewIncomplete));
        }
        let awarded_bidder = row.fields.awarded_bid_id.and_then(|b| {
            bids.bids
                .iter()
                .find(|x| x.id == b)
                .map(|x| x.fields.bidder.clone())
        });
        Ok(EvaluationReport {
            criteria_changes: view.criteria_changes.clone(),
            view,
            bids,
            awarded_bidder,
        })
    }
}
