//! What priority consultations keep: the question with its options, the
//! residents' ballots (a vote or a ranking, sent on the web or entered by
//! staff from paper, phone or in person), the optional proposal or comment
//! with its moderation, the optional demographics stored apart from the
//! answer (linked only by a random key), and the city's population profile
//! for the representativeness dashboard.

use crate::{Change, StoreResult};
use async_trait::async_trait;
use serde::Serialize;

/// A consultation. `status` is `draft`, `open` (published) or `closed`;
/// residents answer only while it is open and between its dates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsultationRow {
    pub id: i64,
    pub city_id: i64,
    pub question: String,
    pub description: String,
    /// `vote` (one option) or `rank` (order the options).
    pub mode: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsultationOptionRow {
    pub id: i64,
    pub consultation_id: i64,
    pub position: i64,
    pub label: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewOption {
    pub label: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewConsultation {
    pub city_id: i64,
    pub question: String,
    pub description: String,
    pub mode: String,
    pub opens_at: i64,
    pub closes_at: i64,
    /// In the order shown.
    pub options: Vec<NewOption>,
}

/// The voluntary demographics of one ballot. Never in the audit log, never
/// in a public export; erasable on their own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Demographics {
    pub age_band: Option<String>,
    pub gender: Option<String>,
    pub district_id: Option<i64>,
    pub disability: Option<String>,
}

impl Demographics {
    pub fn is_empty(&self) -> bool {
        self.age_band.is_none()
            && self.gender.is_none()
            && self.district_id.is_none()
            && self.disability.is_none()
    }
}

/// A proposal or comment sent with a ballot.
#[derive(Debug, Clone, PartialEq)]
pub struct NewComment {
    /// `proposal` or `comment`.
    pub kind: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommentRow {
    pub id: i64,
    pub consultation_id: i64,
    pub ballot_id: i64,
    pub kind: String,
    pub body: String,
    /// Hidden by a moderator: kept with the reason, which its author sees.
    pub hidden: bool,
    pub hidden_reason: Option<String>,
    pub submitted_at: i64,
    pub updated_at: i64,
}

/// One option chosen on a ballot: rank 1 for a vote, 1, 2, 3 … in a ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BallotChoice {
    pub option_id: i64,
    pub rank: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewBallot {
    pub consultation_id: i64,
    /// `web`, `paper`, `phone` or `in-person`.
    pub channel: String,
    pub choices: Vec<BallotChoice>,
    /// SHA-256 of the receipt code the resident keeps.
    pub receipt_hash: String,
    /// SHA-256 of the browser's random ballot cookie (web only).
    pub device_hash: Option<String>,
    /// Staff who entered it on the resident's behalf.
    pub recorded_by: Option<i64>,
    /// Stored apart under `demographics_key` when not empty.
    pub demographics: Demographics,
    /// A fresh random key (the only link between answer and demographics).
    pub demographics_key: String,
    pub comment: Option<NewComment>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BallotRow {
    pub id: i64,
    pub consultation_id: i64,
    pub channel: String,
    pub demographics_key: Option<String>,
    pub recorded_by: Option<i64>,
    pub submitted_at: i64,
    pub updated_at: i64,
}

/// A ballot as the results need it: its channel, its choices and the
/// demographics linked to it (none when not given or erased).
#[derive(Debug, Clone, PartialEq)]
pub struct BallotTally {
    pub ballot_id: i64,
    pub channel: String,
    pub choices: Vec<BallotChoice>,
    pub demographics: Option<Demographics>,
}

/// One group's share of the city's population, as the city entered it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PopulationShareRow {
    /// `age_band`, `gender` or `disability`.
    pub dimension: String,
    pub group_code: String,
    pub share_percent: f64,
    pub source: String,
    pub updated_at: i64,
}

#[async_trait]
pub trait ConsultationStore: Send + Sync {
    /// A draft with its options, and the audit line, in one transaction.
    async fn create_consultation(
        &self,
        change: &Change,
        new: &NewConsultation,
    ) -> StoreResult<ConsultationRow>;
    /// Rewrites a consultation and replaces its options (drafts only: the
    /// service checks that no ballot exists).
    async fn update_consultation(
        &self,
        change: &Change,
        id: i64,
        new: &NewConsultation,
    ) -> StoreResult<ConsultationRow>;
    async fn set_consultation_status(
        &self,
        change: &Change,
        id: i64,
        status: &str,
    ) -> StoreResult<ConsultationRow>;
    async fn consultation(&self, id: i64) -> StoreResult<Option<ConsultationRow>>;
    /// Newest opening first.
    async fn consultations(&self, city_id: i64) -> StoreResult<Vec<ConsultationRow>>;
    /// In their position order.
    async fn consultation_options(
        &self,
        consultation_id: i64,
    ) -> StoreResult<Vec<ConsultationOptionRow>>;

    /// The ballot, its choices, its demographics apart and its comment, with
    /// an audit line that names neither demographics nor comment text.
    async fn create_ballot(&self, change: &Change, new: &NewBallot) -> StoreResult<BallotRow>;
    /// Many ballots in one transaction with one audit line (demo data, a
    /// batch of paper forms). Returns how many were stored.
    async fn import_ballots(
        &self,
        change: &Change,
        consultation_id: i64,
        ballots: &[NewBallot],
    ) -> StoreResult<usize>;
    async fn ballot_by_receipt(&self, receipt_hash: &str) -> StoreResult<Option<BallotRow>>;
    async fn ballot_by_device(
        &self,
        consultation_id: i64,
        device_hash: &str,
    ) -> StoreResult<Option<BallotRow>>;
    /// By rank.
    async fn ballot_choices(&self, ballot_id: i64) -> StoreResult<Vec<BallotChoice>>;
    async fn demographics(&self, key: &str) -> StoreResult<Option<Demographics>>;
    async fn ballot_comment(&self, ballot_id: i64) -> StoreResult<Option<CommentRow>>;
    /// Replaces the choices, the demographics (kept under the ballot's key,
    /// removed when empty) and the comment (removed when `None`); a hidden
    /// comment stays hidden with its reason.
    async fn update_ballot(
        &self,
        change: &Change,
        ballot_id: i64,
        choices: &[BallotChoice],
        demographics: &Demographics,
        new_key: &str,
        comment: Option<&NewComment>,
    ) -> StoreResult<BallotRow>;
    /// Deletes the ballot's demographics only; the answer stays counted.
    async fn erase_ballot_demographics(&self, change: &Change, ballot_id: i64) -> StoreResult<()>;
    /// Deletes the ballot with its choices, demographics and comment.
    async fn erase_ballot(&self, change: &Change, ballot_id: i64) -> StoreResult<()>;
    /// Every ballot of a consultation with its choices and demographics.
    async fn ballot_tallies(&self, consultation_id: i64) -> StoreResult<Vec<BallotTally>>;

    /// Oldest first, hidden ones too.
    async fn consultation_comments(&self, consultation_id: i64) -> StoreResult<Vec<CommentRow>>;
    async fn consultation_comment(&self, id: i64) -> StoreResult<Option<CommentRow>>;
    async fn set_comment_hidden(
        &self,
        change: &Change,
        id: i64,
        hidden: bool,
        reason: Option<&str>,
    ) -> StoreResult<CommentRow>;

    /// How many answers' demographics belong to consultations of the city
    /// that closed (by the team, or by their closing date) before `closed_before`.
    async fn expired_consultation_demographics(
        &self,
        city_id: i64,
        closed_before: i64,
    ) -> StoreResult<i64>;
    /// Deletes those demographics (the answers stay counted) and writes one
    /// audit line with the count, none when there was nothing to delete.
    async fn purge_consultation_demographics(
        &self,
        change: &Change,
        city_id: i64,
        closed_before: i64,
    ) -> StoreResult<i64>;

    /// By dimension, then group.
    async fn population_profile(&self, city_id: i64) -> StoreResult<Vec<PopulationShareRow>>;
    /// Replaces the city's whole profile: (dimension, group, share %) with one source.
    async fn set_population_profile(
        &self,
        change: &Change,
        city_id: i64,
        shares: &[(String, String, f64)],
        source: &str,
    ) -> StoreResult<()>;
}
