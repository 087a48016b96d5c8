//! What the procurement module keeps, stage by stage (U4SSC *Procurement
//! guidelines for smart sustainable cities*, 2023): the plan (need, outcomes
//! as KPI targets, people-centred requirements), the prior-information notice
//! and market engagement, the award criteria (frozen before bids open, every
//! later change with its reason), evaluators with their conflict-of-interest
//! declarations, bids, independent scores, the agreed consensus, the award,
//! and delivery (milestones, acceptance, supplier obligations met or not).
//!
//! The criteria, price formula and AHP judgements are kept as the engine's
//! JSON (`civitas_procurement`), so storage needs no knowledge of scoring.

use crate::{Change, StoreResult};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// A KPI the procurement should move, and by how much.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcurementOutcome {
    /// U4SSC KPI code (e.g. `EC: ICT: ICT: 1C`).
    pub kpi: String,
    /// Data point of a multi-part KPI, empty for a single value.
    #[serde(default)]
    pub data_point: String,
    /// The value aimed for.
    pub target: f64,
    pub target_year: Option<i64>,
    #[serde(default)]
    pub description: String,
}

/// Everything on a procurement's own row; changed whole and audited old → new.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcurementFields {
    pub title: String,
    /// The city's own reference (e.g. `DC-2026-014`).
    pub reference: String,
    /// The roadmap action it delivers (same city).
    pub roadmap_action_id: Option<i64>,
    /// The problem to solve, in the words of the people affected.
    pub need: String,
    /// Who will use the service, and their needs.
    pub end_users: String,
    /// `open`, `restricted`, `competitive-dialogue`, `negotiated`, `direct-award`.
    pub procedure: String,
    /// `fixed-price`, `time-and-materials`, `outcome-based`.
    pub payment_approach: String,
    /// Maximum budget, published with the notice.
    pub budget: Option<f64>,
    pub currency: Option<String>,
    pub outcomes: Vec<ProcurementOutcome>,
    /// `plan`, `inform-market`, `evaluate-award`, `manage-delivery`, `closed`.
    pub stage: String,
    /// The prior-information notice is public.
    pub notice_published: bool,
    /// The prior-information text for the market.
    pub notice: String,
    pub questions_deadline: Option<String>,
    pub submission_deadline: Option<String>,
    /// `civitas_procurement::CriteriaSet` as JSON, once set.
    pub criteria: Option<String>,
    /// `civitas_procurement::PriceFormula` as JSON.
    pub price_formula: String,
    pub abnormally_low_ratio: f64,
    /// The pairwise judgements and derived weights (JSON), when AHP was used.
    pub ahp: Option<String>,
    /// When the criteria were frozen and published.
    pub criteria_frozen_at: Option<i64>,
    /// When bids were opened to the evaluators.
    pub bids_opened_at: Option<i64>,
    pub awarded_bid_id: Option<i64>,
    pub award_note: String,
    pub awarded_at: Option<i64>,
    /// When the service went live (ISO date): KPI movement is read from then.
    pub go_live_date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcurementRow {
    pub id: i64,
    pub city_id: i64,
    pub fields: ProcurementFields,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A change to the criteria after they were frozen, with its reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriteriaChangeRow {
    pub id: i64,
    pub procurement_id: i64,
    pub at: i64,
    pub by: String,
    pub reason: String,
    pub old_criteria: Option<String>,
    pub new_criteria: Option<String>,
}

/// A requirement picked from the people-centred checklist or written by the
/// city; in delivery it becomes a supplier obligation, met or not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequirementFields {
    /// The checklist item (`exit-plan` …), or `None` for the city's own.
    pub checklist_id: Option<String>,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequirementRow {
    pub id: i64,
    pub procurement_id: i64,
    pub fields: RequirementFields,
    /// `open`, `met`, `not-met`.
    pub status: String,
    pub status_note: String,
}

/// One market-engagement activity (event, question answered, meeting).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EngagementFields {
    /// ISO date.
    pub held_on: String,
    /// `event`, `meeting`, `questions`, `request-for-information`, `other`.
    pub kind: String,
    pub participants: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EngagementRow {
    pub id: i64,
    pub procurement_id: i64,
    pub fields: EngagementFields,
    pub recorded_at: i64,
    pub recorded_by: String,
}

/// A person assigned to evaluate, with their declaration and submission.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluatorRow {
    pub procurement_id: i64,
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    /// When they declared their interests; nothing is shown before.
    pub declared_at: Option<i64>,
    /// They declared a conflict of interest (and so may not evaluate).
    pub conflict: bool,
    pub declaration: String,
    /// When they submitted their independent scores.
    pub submitted_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BidFields {
    pub bidder: String,
    /// Offered price or whole-life cost.
    pub price: f64,
    /// ISO date.
    pub received_on: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BidRow {
    pub id: i64,
    pub procurement_id: i64,
    pub fields: BidFields,
}

/// One evaluator's score for one bid on one scored criterion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreFields {
    pub bid_id: i64,
    pub criterion: String,
    pub score: f64,
    pub justification: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreRow {
    pub procurement_id: i64,
    pub evaluator_user_id: i64,
    pub fields: ScoreFields,
}

/// The panel's agreed score for one bid on one criterion, with its note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsensusFields {
    pub bid_id: i64,
    pub criterion: String,
    pub score: f64,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneFields {
    pub title: String,
    /// ISO date.
    pub due_date: String,
    /// `planned`, `delivered`, `accepted`, `rejected`.
    pub status: String,
    /// Why it was accepted or rejected.
    pub acceptance_note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneRow {
    pub id: i64,
    pub procurement_id: i64,
    pub fields: MilestoneFields,
    pub updated_at: i64,
}

#[async_trait]
pub trait ProcurementStore: Send + Sync {
    async fn create_procurement(
        &self,
        change: &Change,
        city_id: i64,
        fields: &ProcurementFields,
    ) -> StoreResult<ProcurementRow>;
    /// Creates (`id` `None`) or changes the plan and replaces its
    /// requirements, all in one transaction.
    async fn save_procurement_plan(
        &self,
        change: &Change,
        city_id: i64,
        id: Option<i64>,
        fields: &ProcurementFields,
        requirements: &[RequirementFields],
    ) -> StoreResult<ProcurementRow>;
    /// Replaces the row's fields. `action` names the step in the audit log;
    /// when `reason` is given and the criteria changed, the change is also
    /// kept as a [`CriteriaChangeRow`].
    async fn update_procurement(
        &self,
        change: &Change,
        id: i64,
        action: &str,
        fields: &ProcurementFields,
        reason: Option<&str>,
    ) -> StoreResult<ProcurementRow>;
    async fn procurement(&self, id: i64) -> StoreResult<Option<ProcurementRow>>;
    /// Newest first.
    async fn procurements(&self, city_id: i64) -> StoreResult<Vec<ProcurementRow>>;
    async fn criteria_changes(&self, procurement_id: i64) -> StoreResult<Vec<CriteriaChangeRow>>;

    /// Replaces the whole list.
    async fn set_requirements(
        &self,
        change: &Change,
        procurement_id: i64,
        requirements: &[RequirementFields],
    ) -> StoreResult<Vec<RequirementRow>>;
    async fn set_requirement_status(
        &self,
        change: &Change,
        requirement_id: i64,
        status: &str,
        note: &str,
    ) -> StoreResult<RequirementRow>;
    async fn requirements(&self, procurement_id: i64) -> StoreResult<Vec<RequirementRow>>;

    async fn add_engagement(
        &self,
        change: &Change,
        procurement_id: i64,
        fields: &EngagementFields,
    ) -> StoreResult<EngagementRow>;
    async fn engagements(&self, procurement_id: i64) -> StoreResult<Vec<EngagementRow>>;

    async fn assign_evaluator(
        &self,
        change: &Change,
        procurement_id: i64,
        user_id: i64,
    ) -> StoreResult<()>;
    async fn remove_evaluator(
        &self,
        change: &Change,
        procurement_id: i64,
        user_id: i64,
    ) -> StoreResult<()>;
    async fn declare_interests(
        &self,
        change: &Change,
        procurement_id: i64,
        user_id: i64,
        conflict: bool,
        declaration: &str,
    ) -> StoreResult<EvaluatorRow>;
    async fn mark_scores_submitted(
        &self,
        change: &Change,
        procurement_id: i64,
        user_id: i64,
    ) -> StoreResult<EvaluatorRow>;
    async fn evaluators(&self, procurement_id: i64) -> StoreResult<Vec<EvaluatorRow>>;

    async fn add_bid(
        &self,
        change: &Change,
        procurement_id: i64,
        fields: &BidFields,
    ) -> StoreResult<BidRow>;
    async fn delete_bid(&self, change: &Change, bid_id: i64) -> StoreResult<()>;
    async fn bids(&self, procurement_id: i64) -> StoreResult<Vec<BidRow>>;

    /// Replaces every score of one evaluator in one procurement.
    async fn save_scores(
        &self,
        change: &Change,
        procurement_id: i64,
        evaluator_user_id: i64,
        scores: &[ScoreFields],
    ) -> StoreResult<()>;
    async fn scores(&self, procurement_id: i64) -> StoreResult<Vec<ScoreRow>>;

    /// Replaces the whole consensus.
    async fn save_bid_consensus(
        &self,
        change: &Change,
        procurement_id: i64,
        agreed: &[ConsensusFields],
    ) -> StoreResult<()>;
    async fn bid_consensus(&self, procurement_id: i64) -> StoreResult<Vec<ConsensusFields>>;

    async fn add_milestone(
        &self,
        change: &Change,
        procurement_id: i64,
        fields: &MilestoneFields,
    ) -> StoreResult<MilestoneRow>;
    async fn update_milestone(
        &self,
        change: &Change,
        id: i64,
        fields: &MilestoneFields,
    ) -> StoreResult<MilestoneRow>;
    async fn milestones(&self, procurement_id: i64) -> StoreResult<Vec<MilestoneRow>>;
}
