//! What Civitas keeps, and the one trait every storage backend implements.
//!
//! The service layer talks only to [`Store`]; `civitas-store-sql` implements
//! it for SQLite and PostgreSQL, and `civitas-store-tests` runs the same
//! scenarios against both. Every method that changes a record takes a
//! [`Change`] and writes the audit entry in the same transaction, so the audit
//! log can never miss a change or record one that was rolled back.

mod assessments;
mod consultations;
mod divide;
mod knowledge;
mod outcomes;
mod participation;
mod procurement;
mod rows;
mod strategy;

pub use assessments::*;
pub use consultations::*;
pub use divide::*;
pub use knowledge::*;
pub use outcomes::*;
pub use participation::*;
pub use procurement::*;
pub use rows::*;
pub use strategy::*;

use async_trait::async_trait;

/// Why storage failed. Messages are for logs; the web layer shows a generic one.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record that should exist does not.
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// A unique value (an e-mail, a city slug) is already taken.
    #[error("already exists: {0}")]
    Conflict(&'static str),
    /// The database could not be reached or answered with an error.
    #[error("database error: {0}")]
    Database(String),
    /// The schema could not be brought up to date.
    #[error("migration failed: {0}")]
    Migration(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Which database engine is behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// Storage for every module. Methods are grouped by the record they concern.
#[async_trait]
pub trait Store:
    AssessmentStore
    + ConsultationStore
    + DivideStore
    + KnowledgeStore
    + OutcomeStore
    + ParticipationStore
    + ProcurementStore
    + StrategyStore
    + Send
    + Sync
    + 'static
{
    fn backend(&self) -> Backend;
    /// Answers when the database is reachable (for `/healthz`).
    async fn ping(&self) -> StoreResult<()>;
    /// True when no city and no account exist yet (a fresh install).
    async fn is_empty(&self) -> StoreResult<bool>;

    // Cities and districts
    async fn create_city(&self, change: &Change, city: &NewCity) -> StoreResult<CityRow>;
    async fn update_city(
        &self,
        change: &Change,
        id: i64,
        update: &CityUpdate,
    ) -> StoreResult<CityRow>;
    async fn cities(&self) -> StoreResult<Vec<CityRow>>;
    async fn city(&self, id: i64) -> StoreResult<Option<CityRow>>;
    async fn city_by_slug(&self, slug: &str) -> StoreResult<Option<CityRow>>;
    async fn add_district(
        &self,
        change: &Change,
        district: &NewDistrict,
    ) -> StoreResult<DistrictRow>;
    async fn districts(&self, city_id: i64) -> StoreResult<Vec<DistrictRow>>;

    // Accounts
    async fn create_user(&self, change: &Change, user: &NewUser) -> StoreResult<UserRow>;
    async fn user(&self, id: i64) -> StoreResult<Option<UserRow>>;
    async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRow>>;
    async fn users(&self) -> StoreResult<Vec<UserRow>>;
    async fn set_password_hash(&self, change: &Change, user_id: i64, hash: &str)
    -> StoreResult<()>;
    async fn set_user_language(&self, user_id: i64, language: &str) -> StoreResult<()>;
    /// Disabling also ends every session and revokes every API token of the user.
    async fn set_user_disabled(
        &self,
        change: &Change,
        user_id: i64,
        disabled: bool,
    ) -> StoreResult<()>;

    // Memberships
    async fn set_membership(
        &self,
        change: &Change,
        user_id: i64,
        city_id: i64,
        role: &str,
    ) -> StoreResult<()>;
    async fn remove_membership(
        &self,
        change: &Change,
        user_id: i64,
        city_id: i64,
    ) -> StoreResult<()>;
    async fn memberships_of_user(&self, user_id: i64) -> StoreResult<Vec<MembershipRow>>;
    async fn members_of_city(&self, city_id: i64) -> StoreResult<Vec<MemberRow>>;

    // Invitations
    async fn create_invitation(
        &self,
        change: &Change,
        invitation: &NewInvitation,
    ) -> StoreResult<InvitationRow>;
    async fn invitation_by_token_hash(
        &self,
        token_hash: &str,
    ) -> StoreResult<Option<InvitationRow>>;
    async fn invitations_of_city(&self, city_id: i64) -> StoreResult<Vec<InvitationRow>>;
    /// Creates the account (or reuses the existing one for that e-mail), adds
    /// the membership and marks the invitation used, all in one transaction.
    /// Fails with `NotFound` when the invitation was already used.
    async fn accept_invitation(
        &self,
        change: &Change,
        invitation_id: i64,
        new_user: &NewUser,
    ) -> StoreResult<UserRow>;

    // Sessions
    async fn create_session(&self, session: &SessionRow) -> StoreResult<()>;
    async fn session(&self, token_hash: &str) -> StoreResult<Option<SessionRow>>;
    async fn touch_session(&self, token_hash: &str, last_seen_at: i64) -> StoreResult<()>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    /// Ends every session of the user except `keep` (the one in use, if any).
    async fn delete_sessions_of_user(&self, user_id: i64, keep: Option<&str>) -> StoreResult<u64>;

    // API tokens
    async fn create_api_token(
        &self,
        change: &Change,
        token: &NewApiToken,
    ) -> StoreResult<ApiTokenRow>;
    async fn api_tokens_of_user(&self, user_id: i64) -> StoreResult<Vec<ApiTokenRow>>;
    async fn api_token_by_hash(&self, token_hash: &str) -> StoreResult<Option<ApiTokenRow>>;
    async fn revoke_api_token(
        &self,
        change: &Change,
        user_id: i64,
        token_id: i64,
    ) -> StoreResult<()>;
    async fn touch_api_token(&self, token_id: i64, at: i64) -> StoreResult<()>;

    // Audit
    /// Records an event that changes no other record (a sign-in, a failed sign-in).
    async fn record_event(&self, change: &Change, event: &AuditEvent) -> StoreResult<()>;
    async fn audit_log(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditRow>>;
}
