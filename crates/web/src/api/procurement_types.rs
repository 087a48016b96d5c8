//! What the procurement API sends and accepts. Storage rows and the
//! service's views are turned into these deliberately: evaluators' e-mail
//! addresses, the stored JSON of criteria and formulas and the city's
//! internal names stay out; the engine's own documents (criteria, AHP
//! weights, the evaluation with its ranking and sensitivity) are sent as the
//! engine writes them, the same JSON as `civitas procurement evaluate
//! --format json`.

use civitas_service::procurement::{
    BidsView, DeliveryView, EvaluationReport, ProcurementView, PublicNotice,
};
use civitas_store::{
    BidRow, ConsensusFields, CriteriaChangeRow, EngagementRow, EvaluatorRow, MilestoneRow,
    ProcurementOutcome, ProcurementRow, RequirementRow, ScoreFields,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A KPI the procurement should move, and by how much.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct Outcome {
    /// U4SSC KPI code, e.g. `EC: ICT: ICT: 1C`.
    pub kpi: String,
    /// Data point of a multi-part KPI; empty for a single value.
    #[serde(default)]
    pub data_point: String,
    pub target: f64,
    pub target_year: Option<i64>,
    #[serde(default)]
    pub description: String,
}

impl From<ProcurementOutcome> for Outcome {
    fn from(o: ProcurementOutcome) -> Outcome {
        Outcome {
            kpi: o.kpi,
            data_point: o.data_point,
            target: o.target,
            target_year: o.target_year,
            description: o.description,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Procurement {
    pub id: i64,
    pub city_id: i64,
    pub title: String,
    pub reference: String,
    /// The roadmap action it delivers.
    pub roadmap_action_id: Option<i64>,
    pub need: String,
    pub end_users: String,
    /// `open`, `restricted`, `competitive-dialogue`, `negotiated` or `direct-award`.
    pub procedure: String,
    /// `fixed-price`, `time-and-materials` or `outcome-based`.
    pub payment_approach: String,
    pub budget: Option<f64>,
    pub currency: Option<String>,
    pub outcomes: Vec<Outcome>,
    /// `plan`, `inform-market`, `evaluate-award`, `manage-delivery` or `closed`.
    pub stage: String,
    /// The prior-information notice is public.
    pub notice_published: bool,
    pub notice: String,
    pub questions_deadline: Option<String>,
    pub submission_deadline: Option<String>,
    /// When the criteria were frozen and published (Unix seconds).
    pub criteria_frozen_at: Option<i64>,
    /// Prices below this share of the median of the other bids are flagged.
    pub abnormally_low_ratio: f64,
    pub awarded_bid_id: Option<i64>,
    pub award_note: String,
    pub awarded_at: Option<i64>,
    pub go_live_date: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<ProcurementRow> for Procurement {
    fn from(r: ProcurementRow) -> Procurement {
        let f = r.fields;
        Procurement {
            id: r.id,
            city_id: r.city_id,
            title: f.title,
            reference: f.reference,
            roadmap_action_id: f.roadmap_action_id,
            need: f.need,
            end_users: f.end_users,
            procedure: f.procedure,
            payment_approach: f.payment_approach,
            budget: f.budget,
            currency: f.currency,
            outcomes: f.outcomes.into_iter().map(Into::into).collect(),
            stage: f.stage,
            notice_published: f.notice_published,
            notice: f.notice,
            questions_deadline: f.questions_deadline,
            submission_deadline: f.submission_deadline,
            criteria_frozen_at: f.criteria_frozen_at,
            abnormally_low_ratio: f.abnormally_low_ratio,
            awarded_bid_id: f.awarded_bid_id,
            award_note: f.award_note,
            awarded_at: f.awarded_at,
            go_live_date: f.go_live_date,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A requirement of the plan; in delivery, a supplier obligation.
#[derive(Serialize, ToSchema)]
pub struct Requirement {
    pub id: i64,
    /// The people-centred checklist item (`exit-plan` …); none for the city's own.
    pub checklist_id: Option<String>,
    pub title: String,
    pub description: String,
    /// `open`, `met` or `not-met`.
    pub status: String,
    pub status_note: String,
}

impl From<RequirementRow> for Requirement {
    fn from(r: RequirementRow) -> Requirement {
        Requirement {
            id: r.id,
            checklist_id: r.fields.checklist_id,
            title: r.fields.title,
            description: r.fields.description,
            status: r.status,
            status_note: r.status_note,
        }
    }
}

/// One market-engagement activity.
#[derive(Serialize, ToSchema)]
pub struct Engagement {
    pub id: i64,
    pub held_on: String,
    /// `event`, `meeting`, `questions`, `request-for-information` or `other`.
    pub kind: String,
    pub participants: String,
    pub summary: String,
    pub recorded_at: i64,
    pub recorded_by: String,
}

impl From<EngagementRow> for Engagement {
    fn from(e: EngagementRow) -> Engagement {
        Engagement {
            id: e.id,
            held_on: e.fields.held_on,
            kind: e.fields.kind,
            participants: e.fields.participants,
            summary: e.fields.summary,
            recorded_at: e.recorded_at,
            recorded_by: e.recorded_by,
        }
    }
}

/// An assigned evaluator, with their declaration of interests.
#[derive(Serialize, ToSchema)]
pub struct Evaluator {
    pub user_id: i64,
    pub display_name: String,
    /// When they declared; they see no bid before.
    pub declared_at: Option<i64>,
    /// A conflict of interest: they never see the bids.
    pub conflict: bool,
    pub declaration: String,
    /// When they submitted their independent scores.
    pub submitted_at: Option<i64>,
}

impl From<EvaluatorRow> for Evaluator {
    fn from(e: EvaluatorRow) -> Evaluator {
        Evaluator {
            user_id: e.user_id,
            display_name: e.display_name,
            declared_at: e.declared_at,
            conflict: e.conflict,
            declaration: e.declaration,
            submitted_at: e.submitted_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Bid {
    pub id: i64,
    pub bidder: String,
    /// Offered price or whole-life cost.
    pub price: f64,
    pub received_on: String,
    pub note: String,
}

impl From<BidRow> for Bid {
    fn from(b: BidRow) -> Bid {
        Bid {
            id: b.id,
            bidder: b.fields.bidder,
            price: b.fields.price,
            received_on: b.fields.received_on,
            note: b.fields.note,
        }
    }
}

/// One of the caller's own scores.
#[derive(Serialize, ToSchema)]
pub struct Score {
    pub bid_id: i64,
    pub criterion: String,
    pub score: f64,
    pub justification: String,
}

impl From<ScoreFields> for Score {
    fn from(s: ScoreFields) -> Score {
        Score {
            bid_id: s.bid_id,
            criterion: s.criterion,
            score: s.score,
            justification: s.justification,
        }
    }
}

/// The panel's agreed score for one bid on one criterion.
#[derive(Serialize, ToSchema)]
pub struct Agreed {
    pub bid_id: i64,
    pub criterion: String,
    pub score: f64,
    pub note: String,
}

impl From<ConsensusFields> for Agreed {
    fn from(c: ConsensusFields) -> Agreed {
        Agreed {
            bid_id: c.bid_id,
            criterion: c.criterion,
            score: c.score,
            note: c.note,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Milestone {
    pub id: i64,
    pub title: String,
    pub due_date: String,
    /// `planned`, `delivered`, `accepted` or `rejected`.
    pub status: String,
    /// Why it was accepted or rejected.
    pub acceptance_note: String,
    pub updated_at: i64,
}

impl From<MilestoneRow> for Milestone {
    fn from(m: MilestoneRow) -> Milestone {
        Milestone {
            id: m.id,
            title: m.fields.title,
            due_date: m.fields.due_date,
            status: m.fields.status,
            acceptance_note: m.fields.acceptance_note,
            updated_at: m.updated_at,
        }
    }
}

/// A change to the frozen criteria, with its reason.
#[derive(Serialize, ToSchema)]
pub struct CriteriaChange {
    pub at: i64,
    pub by: String,
    pub reason: String,
    /// The criteria before and after, as the engine writes them.
    #[schema(value_type = Option<Object>)]
    pub old_criteria: Option<serde_json::Value>,
    #[schema(value_type = Option<Object>)]
    pub new_criteria: Option<serde_json::Value>,
}

impl From<CriteriaChangeRow> for CriteriaChange {
    fn from(c: CriteriaChangeRow) -> CriteriaChange {
        let parse = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
        CriteriaChange {
            at: c.at,
            by: c.by,
            reason: c.reason,
            old_criteria: parse(c.old_criteria),
            new_criteria: parse(c.new_criteria),
        }
    }
}

/// The published price formula.
#[derive(Serialize, ToSchema)]
pub struct PriceFormulaDoc {
    /// `lowest`, `linear` or `log`.
    pub key: String,
    pub description: String,
    /// The engine's formula with its parameters (linear range, log base).
    #[schema(value_type = Object)]
    pub parameters: serde_json::Value,
}

#[derive(Serialize, ToSchema)]
pub struct ActionRef {
    pub id: i64,
    pub title: String,
}

fn json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Everything about one procurement its reader may see (bids and scores are
/// under `/evaluation`, for those allowed to see them).
#[derive(Serialize, ToSchema)]
pub struct ProcurementDetail {
    pub procurement: Procurement,
    pub city_name: String,
    pub roadmap_action: Option<ActionRef>,
    /// The award criteria (`name`, `weight`, `kind`, `min_score`, `sub_criteria`), once set.
    #[schema(value_type = Option<Vec<Object>>)]
    pub criteria: Option<serde_json::Value>,
    /// The same criteria as the CSV `civitas procurement evaluate --criteria` reads.
    pub criteria_csv: String,
    pub price_formula: PriceFormulaDoc,
    /// The pairwise judgements and the weights and consistency ratio they gave.
    #[schema(value_type = Option<Object>)]
    pub ahp: Option<serde_json::Value>,
    pub criteria_changes: Vec<CriteriaChange>,
    pub requirements: Vec<Requirement>,
    pub engagements: Vec<Engagement>,
    pub evaluators: Vec<Evaluator>,
    pub milestones: Vec<Milestone>,
    /// Plan, notice, engagement, delivery (the city's admins and editors).
    pub can_edit: bool,
    /// Criteria, evaluators, bids, consensus, award (the city's admins).
    pub can_steer: bool,
    /// The caller's own evaluator record, when assigned.
    pub me: Option<Evaluator>,
    pub can_view_bids: bool,
}

impl From<ProcurementView> for ProcurementDetail {
    fn from(v: ProcurementView) -> ProcurementDetail {
        ProcurementDetail {
            city_name: v.city.name,
            roadmap_action: v.roadmap_action.map(|(id, title)| ActionRef { id, title }),
            criteria: v.criteria.as_ref().map(json),
            criteria_csv: v.criteria_csv,
            price_formula: PriceFormulaDoc {
                key: civitas_service::procurement::formula_key(&v.price_formula).into(),
                description: v.price_formula_description,
                parameters: json(&v.price_formula),
            },
            ahp: v.ahp.as_ref().map(json),
            criteria_changes: v.criteria_changes.into_iter().map(Into::into).collect(),
            requirements: v.requirements.into_iter().map(Into::into).collect(),
            engagements: v.engagements.into_iter().map(Into::into).collect(),
            evaluators: v.evaluators.into_iter().map(Into::into).collect(),
            milestones: v.milestones.into_iter().map(Into::into).collect(),
            can_edit: v.can_edit,
            can_steer: v.can_steer,
            me: v.me.map(Into::into),
            can_view_bids: v.can_view_bids,
            procurement: v.procurement.into(),
        }
    }
}

/// One outcome as sent with a plan.
#[derive(Deserialize, ToSchema)]
pub struct OutcomeInput {
    pub kpi: String,
    #[serde(default)]
    pub data_point: String,
    pub target: f64,
    pub target_year: Option<i64>,
    #[serde(default)]
    pub description: String,
}

#[derive(Deserialize, ToSchema)]
pub struct OwnRequirement {
    pub title: String,
    #[serde(default)]
    pub description: String,
}

/// The plan, checked whole: every problem is reported at once by field.
#[derive(Deserialize, ToSchema)]
pub struct PlanInput {
    pub title: String,
    #[serde(default)]
    pub reference: String,
    /// A roadmap action of the same city.
    pub roadmap_action_id: Option<i64>,
    pub need: String,
    #[serde(default)]
    pub end_users: String,
    /// `open`, `restricted`, `competitive-dialogue`, `negotiated` or `direct-award`.
    pub procedure: String,
    /// `fixed-price`, `time-and-materials` or `outcome-based`.
    pub payment_approach: String,
    pub budget: Option<f64>,
    pub currency: Option<String>,
    #[serde(default)]
    pub outcomes: Vec<OutcomeInput>,
    /// Ids from the people-centred checklist (`GET /api/v1/procurement-checklist`).
    #[serde(default)]
    pub requirements: Vec<String>,
    #[serde(default)]
    pub own_requirements: Vec<OwnRequirement>,
}

#[derive(Deserialize, ToSchema)]
pub struct StageInput {
    /// `inform-market`, `evaluate-award` (criteria frozen first) or `closed` (after award).
    pub stage: String,
}

#[derive(Deserialize, ToSchema)]
pub struct NoticeInput {
    #[serde(default)]
    pub notice: String,
    /// `YYYY-MM-DD`.
    pub questions_deadline: Option<String>,
    /// `YYYY-MM-DD`, not before the questions deadline.
    pub submission_deadline: Option<String>,
    /// Public on the city's tenders page (the notice may not be empty then).
    #[serde(default)]
    pub published: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct EngagementInput {
    /// `YYYY-MM-DD`.
    pub held_on: String,
    /// `event`, `meeting`, `questions`, `request-for-information` or `other`.
    pub kind: String,
    #[serde(default)]
    pub participants: String,
    pub summary: String,
}

/// One criterion or sub-criterion, a row of the CSV the CLI reads.
#[derive(Deserialize, ToSchema)]
pub struct CriterionRow {
    pub criterion: String,
    /// Percent of the total (top level) or of the parent (sub-criterion).
    pub weight: f64,
    /// `quality` or `price` (exactly one price criterion).
    pub kind: String,
    /// A 0–100 quality threshold: bids below are excluded.
    pub min_score: Option<f64>,
    /// Makes the row a sub-criterion of this quality criterion.
    pub parent: Option<String>,
}

/// The criteria, checked by the engine (weights summing to 100, exactly one
/// price criterion …). Problems name the row as in the CSV, header first:
/// `criteria[0]` is row 2.
#[derive(Deserialize, ToSchema)]
pub struct CriteriaInput {
    pub criteria: Vec<CriterionRow>,
    /// `lowest` (default), `linear` or `log`.
    #[serde(default)]
    pub price_formula: String,
    /// Base of the log formula (2 when left out).
    pub log_base: Option<f64>,
    /// Published range of the linear formula (both or neither).
    pub range_low: Option<f64>,
    pub range_high: Option<f64>,
    /// 0.7 when left out.
    pub abnormally_low_ratio: Option<f64>,
    /// Required once the criteria are frozen; kept with the old and new criteria.
    #[serde(default)]
    pub reason: String,
}

/// A pairwise judgement: a number or a fraction such as `"1/3"`; `null`
/// below the diagonal is the reciprocal of its mirror.
#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Judgement {
    Number(f64),
    Text(String),
}

/// Pairwise comparisons of the top-level criteria (Saaty's 1–9 scale); a
/// consistency ratio above 0.10 is refused and nothing changes.
#[derive(Deserialize, ToSchema)]
pub struct AhpInput {
    /// Every top-level criterion, in the matrix's order.
    pub criteria: Vec<String>,
    /// One row per criterion, one cell per criterion.
    pub matrix: Vec<Vec<Option<Judgement>>>,
    /// `eigenvector` (default) or `geometric-mean`.
    #[serde(default)]
    pub method: String,
    /// Required once the criteria are frozen.
    #[serde(default)]
    pub reason: String,
}

/// The judgements and the weights they gave (`weights.consistency_ratio` among them).
#[derive(Serialize, ToSchema)]
pub struct AhpDoc {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub record: civitas_service::procurement::AhpRecord,
}

#[derive(Deserialize, ToSchema)]
pub struct EvaluatorInput {
    /// A member of the city.
    pub user_id: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct DeclarationInput {
    /// A conflict of interest: you will never see the bids.
    pub conflict: bool,
    /// What you declare; required with a conflict.
    #[serde(default)]
    pub declaration: String,
}

#[derive(Deserialize, ToSchema)]
pub struct BidInput {
    pub bidder: String,
    /// Greater than 0.
    pub price: f64,
    /// `YYYY-MM-DD`.
    pub received_on: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Deserialize, ToSchema)]
pub struct ScoreInput {
    pub bid_id: i64,
    /// A scored (quality) criterion or sub-criterion.
    pub criterion: String,
    /// 0–100; null for not scored yet.
    pub score: Option<f64>,
    #[serde(default)]
    pub justification: String,
}

/// The caller's whole score sheet: it replaces what they saved before.
#[derive(Deserialize, ToSchema)]
pub struct ScoreSheetInput {
    pub scores: Vec<ScoreInput>,
    /// Final: every bid scored on every criterion, then locked.
    #[serde(default)]
    pub submit: bool,
}

/// The caller's own evaluation: nobody else's scores are ever in it.
#[derive(Serialize, ToSchema)]
pub struct MyScores {
    pub me: Option<Evaluator>,
    /// The quality criteria and sub-criteria to score, in published order.
    pub scored: Vec<String>,
    pub bids: Vec<Bid>,
    pub scores: Vec<Score>,
    /// The caller may still change their scores.
    pub can_score: bool,
}

/// Independent scores on one bid and criterion, side by side.
#[derive(Serialize, ToSchema)]
pub struct Spread {
    pub bid_id: i64,
    pub bidder: String,
    pub criterion: String,
    pub scores: Vec<EvaluatorScore>,
    pub lowest: f64,
    pub highest: f64,
    pub range: f64,
    pub mean: f64,
    pub median: f64,
    /// Scores this far apart are discussed before the panel agrees.
    pub needs_discussion: bool,
}

#[derive(Serialize, ToSchema)]
pub struct EvaluatorScore {
    pub evaluator: String,
    pub score: f64,
    pub justification: String,
}

/// One bid's place under one price formula.
#[derive(Serialize, ToSchema)]
pub struct FormulaRank {
    pub bidder: String,
    pub rank: Option<u32>,
    pub price_points: Option<f64>,
    pub total: Option<f64>,
}

/// The ranking under one price formula, to show the formula's effect.
#[derive(Serialize, ToSchema)]
pub struct FormulaEffect {
    /// `lowest`, `linear` or `log`.
    pub key: String,
    pub description: String,
    /// The published formula.
    pub chosen: bool,
    pub winner: Option<String>,
    pub ranking: Vec<FormulaRank>,
}

#[derive(Serialize, ToSchema)]
pub struct ResultDoc {
    /// The engine's evaluation under the published formula: `ranking` (rank,
    /// bidder, total, quality and price points, points per criterion,
    /// exclusions with their reason, abnormally-low flags, ties) and
    /// `sensitivity` (how far each weight can move before the winner changes).
    #[schema(value_type = Object)]
    pub evaluation: serde_json::Value,
    pub formulas: Vec<FormulaEffect>,
}

/// Bids and the scores the caller may see. Before an evaluator submits,
/// `others_visible` is false and no one else's score, no consensus and no
/// result is in it.
#[derive(Serialize, ToSchema)]
pub struct EvaluationDoc {
    pub scored: Vec<String>,
    pub bids: Vec<Bid>,
    pub evaluators: Vec<Evaluator>,
    pub others_visible: bool,
    /// Submitted independent scores, side by side.
    pub spreads: Vec<Spread>,
    /// Every cleared evaluator has submitted: the consensus may be agreed.
    pub panel_complete: bool,
    pub consensus: Vec<Agreed>,
    pub result: Option<ResultDoc>,
    /// Why there is no result yet, in the engine's words.
    pub result_problem: Option<String>,
}

impl From<BidsView> for EvaluationDoc {
    fn from(b: BidsView) -> EvaluationDoc {
        EvaluationDoc {
            scored: b.scored,
            bids: b.bids.into_iter().map(Into::into).collect(),
            evaluators: b.evaluators.into_iter().map(Into::into).collect(),
            others_visible: b.others_visible,
            spreads: b
                .spreads
                .into_iter()
                .map(|s| Spread {
                    bid_id: s.bid_id,
                    bidder: s.bidder,
                    criterion: s.criterion,
                    scores: s
                        .scores
                        .into_iter()
                        .map(|(evaluator, score, justification)| EvaluatorScore {
                            evaluator,
                            score,
                            justification,
                        })
                        .collect(),
                    lowest: s.lowest,
                    highest: s.highest,
                    range: s.range,
                    mean: s.mean,
                    median: s.median,
                    needs_discussion: s.needs_discussion,
                })
                .collect(),
            panel_complete: b.panel_complete,
            consensus: b.consensus.into_iter().map(Into::into).collect(),
            result: b.result.map(|r| ResultDoc {
                evaluation: json(&r.evaluation),
                formulas: r
                    .formulas
                    .into_iter()
                    .map(|f| FormulaEffect {
                        key: f.key.into(),
                        description: f.description,
                        chosen: f.chosen,
                        winner: f.winner,
                        ranking: f
                            .ranking
                            .into_iter()
                            .map(|r| FormulaRank {
                                bidder: r.bidder,
                                rank: r.rank,
                                price_points: r.price_points,
                                total: r.total,
                            })
                            .collect(),
                    })
                    .collect(),
            }),
            result_problem: b.result_problem,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct ConsensusRowInput {
    pub bid_id: i64,
    pub criterion: String,
    /// 0–100.
    pub score: f64,
    /// Required where the independent scores were far apart.
    #[serde(default)]
    pub note: String,
}

/// One agreed score for every bid and scored criterion; replaces the last.
#[derive(Deserialize, ToSchema)]
pub struct ConsensusInput {
    pub rows: Vec<ConsensusRowInput>,
}

#[derive(Deserialize, ToSchema)]
pub struct AwardInput {
    pub bid_id: i64,
    /// Why; required when the bid is not ranked first.
    #[serde(default)]
    pub note: String,
}

/// The evaluation report: the procurement with its criteria and their
/// history, the evaluators and their declarations, every independent score,
/// the consensus with its notes, the ranking with each criterion's points,
/// the formulas' effect and the sensitivity.
#[derive(Serialize, ToSchema)]
pub struct ReportDoc {
    pub procurement: ProcurementDetail,
    pub evaluation: EvaluationDoc,
    pub awarded_bidder: Option<String>,
}

impl From<EvaluationReport> for ReportDoc {
    fn from(r: EvaluationReport) -> ReportDoc {
        ReportDoc {
            procurement: r.view.into(),
            evaluation: r.bids.into(),
            awarded_bidder: r.awarded_bidder,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct MilestoneInput {
    pub title: String,
    /// `YYYY-MM-DD`.
    pub due_date: String,
    /// `planned` (default), `delivered`, `accepted` or `rejected` (the last two need a note).
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub acceptance_note: String,
}

#[derive(Deserialize, ToSchema)]
pub struct ObligationInput {
    /// `open`, `met` or `not-met` (which needs a note).
    pub status: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Deserialize, ToSchema)]
pub struct GoLiveInput {
    /// `YYYY-MM-DD`; null clears it.
    pub go_live_date: Option<String>,
}

/// A year and the KPI's value in it.
#[derive(Serialize, ToSchema)]
pub struct YearValue {
    pub year: i64,
    pub value: f64,
}

/// How one outcome KPI moved across the go-live year.
#[derive(Serialize, ToSchema)]
pub struct OutcomeMovement {
    pub kpi: String,
    pub data_point: String,
    pub target: f64,
    pub target_year: Option<i64>,
    /// The latest assessment before the go-live year.
    pub before: Option<YearValue>,
    /// The latest assessment from the go-live year on.
    pub after: Option<YearValue>,
    /// Share of the way from `before` to the target covered, 0–100.
    pub progress_pct: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct DeliveryDoc {
    pub procurement: Procurement,
    pub awarded_bidder: Option<String>,
    pub milestones: Vec<Milestone>,
    /// The plan's requirements as supplier obligations.
    pub obligations: Vec<Requirement>,
    pub obligations_met: usize,
    pub obligations_not_met: usize,
    pub obligations_open: usize,
    pub outcomes: Vec<OutcomeMovement>,
    pub can_edit: bool,
}

impl From<DeliveryView> for DeliveryDoc {
    fn from(d: DeliveryView) -> DeliveryDoc {
        let year = |p: Option<(i64, f64)>| p.map(|(year, value)| YearValue { year, value });
        DeliveryDoc {
            procurement: d.procurement.into(),
            awarded_bidder: d.awarded_bidder,
            milestones: d.milestones.into_iter().map(Into::into).collect(),
            obligations: d.obligations.into_iter().map(Into::into).collect(),
            obligations_met: d.obligation_counts.0,
            obligations_not_met: d.obligation_counts.1,
            obligations_open: d.obligation_counts.2,
            outcomes: d
                .outcomes
                .into_iter()
                .map(|o| OutcomeMovement {
                    kpi: o.kpi,
                    data_point: o.data_point,
                    target: o.target,
                    target_year: o.target_year,
                    before: year(o.before),
                    after: year(o.after),
                    progress_pct: o.progress_pct,
                })
                .collect(),
            can_edit: d.can_edit,
        }
    }
}

/// A requirement as the public notice shows it.
#[derive(Serialize, ToSchema)]
pub struct PublicRequirement {
    pub checklist_id: Option<String>,
    pub title: String,
    pub description: String,
}

/// Market engagement as the public notice shows it.
#[derive(Serialize, ToSchema)]
pub struct PublicEngagement {
    pub held_on: String,
    pub kind: String,
    pub participants: String,
    pub summary: String,
}

#[derive(Serialize, ToSchema)]
pub struct PublicRank {
    pub rank: u32,
    pub bidder: String,
    pub total: f64,
}

#[derive(Serialize, ToSchema)]
pub struct PublicAward {
    pub bidder: String,
    pub awarded_at: i64,
    pub note: String,
    /// Every admitted bid's total.
    pub ranking: Vec<PublicRank>,
}

/// A published prior-information notice: what anyone may read.
#[derive(Serialize, ToSchema)]
pub struct Tender {
    pub id: i64,
    pub city_slug: String,
    pub city_name: String,
    pub title: String,
    pub reference: String,
    pub need: String,
    pub end_users: String,
    pub procedure: String,
    pub payment_approach: String,
    pub budget: Option<f64>,
    pub currency: Option<String>,
    pub notice: String,
    pub questions_deadline: Option<String>,
    pub submission_deadline: Option<String>,
    pub stage: String,
    pub outcomes: Vec<Outcome>,
    pub requirements: Vec<PublicRequirement>,
    pub engagements: Vec<PublicEngagement>,
    /// Published once frozen.
    #[schema(value_type = Option<Vec<Object>>)]
    pub criteria: Option<serde_json::Value>,
    pub price_formula_description: Option<String>,
    /// After award.
    pub award: Option<PublicAward>,
}

impl From<PublicNotice> for Tender {
    fn from(n: PublicNotice) -> Tender {
        Tender {
            id: n.id,
            city_slug: n.city_slug,
            city_name: n.city_name,
            title: n.title,
            reference: n.reference,
            need: n.need,
            end_users: n.end_users,
            procedure: n.procedure,
            payment_approach: n.payment_approach,
            budget: n.budget,
            currency: n.currency,
            notice: n.notice,
            questions_deadline: n.questions_deadline,
            submission_deadline: n.submission_deadline,
            stage: n.stage,
            outcomes: n.outcomes.into_iter().map(Into::into).collect(),
            requirements: n
                .requirements
                .into_iter()
                .map(|r| PublicRequirement {
                    checklist_id: r.fields.checklist_id,
                    title: r.fields.title,
                    description: r.fields.description,
                })
                .collect(),
            engagements: n
                .engagements
                .into_iter()
                .map(|e| PublicEngagement {
                    held_on: e.fields.held_on,
                    kind: e.fields.kind,
                    participants: e.fields.participants,
                    summary: e.fields.summary,
                })
                .collect(),
            criteria: n.criteria.as_ref().map(json),
            price_formula_description: n.price_formula_description,
            award: n.award.map(|a| PublicAward {
                bidder: a.bidder,
                awarded_at: a.awarded_at,
                note: a.note,
                ranking: a
                    .ranking
                    .into_iter()
                    .map(|(rank, bidder, total)| PublicRank {
                        rank,
                        bidder,
                        total,
                    })
                    .collect(),
            }),
        }
    }
}

/// The people-centred requirement checklist and the four U4SSC stages.
#[derive(Serialize, ToSchema)]
pub struct ChecklistDoc {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub checklist: serde_json::Value,
}
