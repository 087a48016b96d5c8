//! What became of residents' input ("you said, we did") and how long their
//! personal data is kept.
//!
//! An outcome names its input generically, by kind and id (a service
//! request now; consultation proposals and consultations later), so every
//! kind of input can show what the city decided, the roadmap action it led
//! to and a dated timeline of status changes.

use crate::{Change, StoreResult};
use async_trait::async_trait;
use serde::Serialize;

/// What the city made of one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeRow {
    pub id: i64,
    pub city_id: i64,
    /// `request`, `proposal` or `consultation`.
    pub input_kind: String,
    pub input_id: i64,
    /// `received`, `under-consideration`, `planned`, `in-progress`, `done` or `declined`.
    pub status: String,
    pub roadmap_action_id: Option<i64>,
    /// The linked action's title and status, read with the outcome.
    pub roadmap_action_title: Option<String>,
    pub roadmap_action_status: Option<String>,
    /// The city's written decision.
    pub decision: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// An outcome as the city sets it (created on first use).
#[derive(Debug, Clone)]
pub struct OutcomeUpdate {
    pub city_id: i64,
    pub input_kind: String,
    pub input_id: i64,
    pub status: String,
    pub roadmap_action_id: Option<i64>,
    pub decision: Option<String>,
    /// Said on the timeline line this change adds.
    pub note: Option<String>,
}

/// One dated line of an outcome's public timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeEventRow {
    pub id: i64,
    pub outcome_id: i64,
    pub at: i64,
    pub status: String,
    pub note: Option<String>,
}

/// An outcome of a service request with what may be said of the request in
/// public (never its contact details), for the "you said, we did" page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestOutcomeRow {
    pub outcome: OutcomeRow,
    pub service_name: String,
    pub description: String,
    pub requested_at: i64,
}

/// An outcome of a consultation or of one of its proposals with what may be
/// said of it in public, for the "you said, we did" page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsultationOutcomeRow {
    pub outcome: OutcomeRow,
    pub consultation_id: i64,
    pub question: String,
    /// The proposal's text (kind `proposal`; none for a consultation).
    pub proposal: Option<String>,
    /// When the proposal was sent, or when the consultation opened.
    pub said_at: i64,
}

/// How much personal data a retention sweep found or deleted in one city.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PurgeCounts {
    /// Service requests whose contact details were (or would be) deleted.
    pub request_contacts: i64,
}

#[async_trait]
pub trait OutcomeStore: Send + Sync {
    /// Creates or changes the outcome of an input, adds a timeline line when
    /// the status changes or a note is given, and writes the audit line, in
    /// one transaction.
    async fn set_outcome(&self, change: &Change, update: &OutcomeUpdate)
    -> StoreResult<OutcomeRow>;
    async fn outcome(&self, input_kind: &str, input_id: i64) -> StoreResult<Option<OutcomeRow>>;
    /// Oldest first.
    async fn outcome_events(&self, outcome_id: i64) -> StoreResult<Vec<OutcomeEventRow>>;
    /// The outcomes of a city's visible (not hidden) service requests, most
    /// recently changed first.
    async fn public_request_outcomes(
        &self,
        city_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<RequestOutcomeRow>>;
    /// The outcomes of a city's published consultations and of their visible
    /// (not hidden) proposals, most recently changed first.
    async fn public_consultation_outcomes(
        &self,
        city_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<ConsultationOutcomeRow>>;

    /// The city's retention period in months, if it set one.
    async fn retention_months(&self, city_id: i64) -> StoreResult<Option<i64>>;
    async fn set_retention_months(
        &self,
        change: &Change,
        city_id: i64,
        months: i64,
    ) -> StoreResult<()>;
    /// Personal data of inputs closed before `closed_before` that is still kept.
    async fn expired_personal_data(
        &self,
        city_id: i64,
        closed_before: i64,
    ) -> StoreResult<PurgeCounts>;
    /// Deletes it, keeping the anonymised inputs, and writes one audit line
    /// with the counts (none when there was nothing to delete).
    async fn purge_personal_data(
        &self,
        change: &Change,
        city_id: i64,
        closed_before: i64,
    ) -> StoreResult<PurgeCounts>;
}
