//! What the strategy module keeps: maturity self-assessment rounds with their
//! respondents, answers and agreed levels, and the people-centred digital
//! roadmap with its actions, stakeholders and their roles.

use crate::{Change, StoreResult};
use async_trait::async_trait;
use serde::Serialize;

/// One round of the five-pillar maturity self-assessment.
#[derive(Debug, Clone, Serialize)]
pub struct MaturityRoundRow {
    pub id: i64,
    pub city_id: i64,
    pub name: String,
    /// The pillar framework answered, `id@version`.
    pub framework: String,
    /// The level (rank 0–5) the city aims for unless an element says otherwise.
    pub default_target: i64,
    pub created_at: i64,
    /// Set when the city closes the round: answers are then final.
    pub closed_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct NewMaturityRound {
    pub city_id: i64,
    pub name: String,
    pub framework: String,
    pub default_target: i64,
}

/// A department or stakeholder answering a round, through a private link.
#[derive(Debug, Clone, Serialize)]
pub struct RespondentRow {
    pub id: i64,
    pub round_id: i64,
    pub name: String,
    /// `department` or `external`.
    pub kind: String,
    #[serde(skip)]
    pub token_hash: String,
    pub created_at: i64,
    pub submitted_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct NewRespondent {
    pub round_id: i64,
    pub name: String,
    pub kind: String,
    pub token_hash: String,
}

/// One respondent's answer about one pillar element.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaturityAnswerRow {
    pub respondent_id: i64,
    pub element: String,
    /// Rank 0–5 on the maturity scale; None for "don't know".
    pub level: Option<i64>,
    pub evidence: String,
    pub evidence_url: String,
    pub updated_at: i64,
}

/// The level the city agrees for an element after seeing the spread.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsensusRow {
    pub round_id: i64,
    pub element: String,
    pub level: i64,
    /// The city's own target for this element, if not the round's default.
    pub target: Option<i64>,
    pub note: String,
    pub agreed_by: String,
    pub agreed_at: i64,
}

/// A person or organisation in the roadmap's stakeholder map.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StakeholderRow {
    pub id: i64,
    pub city_id: i64,
    pub name: String,
    /// `municipal`, `regional`, `national` or `international`.
    pub level: String,
    /// `government`, `civil-society`, `private`, `academia`.
    pub sector: String,
}

#[derive(Debug, Clone)]
pub struct NewStakeholder {
    pub city_id: i64,
    pub name: String,
    pub level: String,
    pub sector: String,
}

/// One action of the people-centred digital roadmap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoadmapActionRow {
    pub id: i64,
    pub city_id: i64,
    pub title: String,
    pub description: String,
    /// The department or stakeholder that owns it.
    pub owner: String,
    pub budget: Option<f64>,
    pub currency: Option<String>,
    /// `municipal-budget`, `national-programme`, `grant`, `ppp`, `bond`, `loan`, `other`.
    pub funding_source: String,
    /// ISO dates, `YYYY-MM-DD`.
    pub start_date: String,
    pub end_date: String,
    /// `planned`, `in-progress`, `done`, `delayed`, `cancelled`.
    pub status: String,
    pub updated_at: i64,
    /// Other actions that must finish first.
    pub depends_on: Vec<i64>,
    /// Pillar element ids the action answers.
    pub elements: Vec<String>,
    pub kpis: Vec<ActionKpiRow>,
    pub roles: Vec<ActionRoleRow>,
}

/// A KPI whose movement shows the action's success, with the aimed value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionKpiRow {
    pub kpi: String,
    pub data_point: String,
    pub target: Option<f64>,
    pub target_year: Option<i64>,
}

/// A stakeholder's RACI role in an action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionRoleRow {
    pub stakeholder_id: i64,
    /// `responsible`, `accountable`, `consulted`, `informed`.
    pub role: String,
}

/// Everything about an action the city edits at once (id and city aside).
#[derive(Debug, Clone, PartialEq)]
pub struct ActionFields {
    pub title: String,
    pub description: String,
    pub owner: String,
    pub budget: Option<f64>,
    pub currency: Option<String>,
    pub funding_source: String,
    pub start_date: String,
    pub end_date: String,
    pub status: String,
    pub depends_on: Vec<i64>,
    pub elements: Vec<String>,
    pub kpis: Vec<ActionKpiRow>,
    pub roles: Vec<ActionRoleRow>,
}

#[async_trait]
pub trait StrategyStore: Send + Sync {
    async fn create_maturity_round(
        &self,
        change: &Change,
        new: &NewMaturityRound,
    ) -> StoreResult<MaturityRoundRow>;
    async fn maturity_round(&self, id: i64) -> StoreResult<Option<MaturityRoundRow>>;
    /// Newest first.
    async fn maturity_rounds(&self, city_id: i64) -> StoreResult<Vec<MaturityRoundRow>>;
    async fn close_maturity_round(&self, change: &Change, id: i64)
    -> StoreResult<MaturityRoundRow>;

    async fn add_respondent(
        &self,
        change: &Change,
        new: &NewRespondent,
    ) -> StoreResult<RespondentRow>;
    async fn respondents(&self, round_id: i64) -> StoreResult<Vec<RespondentRow>>;
    async fn respondent_by_token_hash(
        &self,
        token_hash: &str,
    ) -> StoreResult<Option<RespondentRow>>;
    /// Saves a respondent's answers (one transaction) and marks them submitted
    /// when `submit` is set.
    async fn save_maturity_answers(
        &self,
        change: &Change,
        respondent_id: i64,
        answers: &[MaturityAnswerRow],
        submit: bool,
    ) -> StoreResult<()>;
    async fn maturity_answers(&self, round_id: i64) -> StoreResult<Vec<MaturityAnswerRow>>;
    async fn save_consensus(&self, change: &Change, row: &ConsensusRow) -> StoreResult<()>;
    async fn consensus(&self, round_id: i64) -> StoreResult<Vec<ConsensusRow>>;

    async fn add_stakeholder(
        &self,
        change: &Change,
        new: &NewStakeholder,
    ) -> StoreResult<StakeholderRow>;
    async fn stakeholders(&self, city_id: i64) -> StoreResult<Vec<StakeholderRow>>;
    async fn create_roadmap_action(
        &self,
        change: &Change,
        city_id: i64,
        fields: &ActionFields,
    ) -> StoreResult<RoadmapActionRow>;
    async fn update_roadmap_action(
        &self,
        change: &Change,
        id: i64,
        fields: &ActionFields,
    ) -> StoreResult<RoadmapActionRow>;
    async fn delete_roadmap_action(&self, change: &Change, id: i64) -> StoreResult<()>;
    async fn roadmap_action(&self, id: i64) -> StoreResult<Option<RoadmapActionRow>>;
    /// In start-date order.
    async fn roadmap_actions(&self, city_id: i64) -> StoreResult<Vec<RoadmapActionRow>>;
}
