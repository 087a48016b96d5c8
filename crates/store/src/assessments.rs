//! What a KPI assessment keeps: the assessment itself, the shared city inputs,
//! one entry per KPI or data point, the verifier's notes, evidence files, the
//! city's own target sets and framework versions loaded by a platform admin.

use crate::{Change, StoreResult};
use async_trait::async_trait;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct AssessmentRow {
    pub id: i64,
    pub city_id: i64,
    pub year: i64,
    /// Starts at 1; each correction of a verified assessment adds one.
    pub revision: i64,
    /// `draft`, `submitted` or `verified` (see `civitas_domain::AssessmentStatus`).
    pub status: String,
    /// The framework this assessment is scored on, `id@version`.
    pub framework: String,
    /// `default` for the shipped targets, or `city:<id>` for a city's own set.
    pub target_set: String,
    pub verifier_user_id: Option<i64>,
    /// The currency of the city's GDP and money values (ISO 4217).
    pub currency: Option<String>,
    /// Whether the city shows its results among cities of similar size.
    pub compare_with_peers: bool,
    pub created_at: i64,
    pub submitted_at: Option<i64>,
    pub verified_at: Option<i64>,
    /// Why the current revision was opened (None for revision 1).
    pub revision_reason: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewAssessment {
    pub city_id: i64,
    pub year: i64,
    pub framework: String,
    pub target_set: String,
    pub currency: Option<String>,
    /// Inputs and entries to start with (sources carried from last year).
    pub inputs: Vec<CityInputRow>,
    pub entries: Vec<KpiEntryRow>,
}

/// Settings of an assessment a city admin changes.
#[derive(Debug, Clone)]
pub struct AssessmentSettings {
    pub target_set: String,
    pub currency: Option<String>,
    pub verifier_user_id: Option<i64>,
    pub compare_with_peers: bool,
}

/// A move of the workflow, applied only if the assessment is still in `from`.
#[derive(Debug, Clone)]
pub struct StatusChange<'a> {
    pub from: &'a str,
    pub to: &'a str,
    /// The audit action ("submit", "open-revision" …).
    pub action: &'a str,
    /// Opening a revision adds one to it and records the reason.
    pub new_revision_reason: Option<&'a str>,
}

/// One shared city input (population, households …) of an assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CityInputRow {
    pub input: String,
    pub value: Option<f64>,
    pub source: String,
}

/// Which KPI or data point an entry is for. `data_point` is empty for a KPI
/// measured as one value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct EntryKey {
    pub kpi: String,
    pub data_point: String,
}

/// What the city reported for one KPI or data point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiEntryRow {
    pub key: EntryKey,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub value: Option<f64>,
    pub source: String,
    pub note: String,
    /// One of the six data-quality grades, by code.
    pub quality: Option<String>,
    pub not_reported: bool,
    pub not_reported_reason: String,
    /// The verifier's decision: None until reviewed.
    pub verified: Option<bool>,
    pub updated_at: i64,
}

/// A question, answer or decision in the verification of one KPI.
#[derive(Debug, Clone, Serialize)]
pub struct VerificationNoteRow {
    pub id: i64,
    pub assessment_id: i64,
    pub key: EntryKey,
    pub author_user_id: Option<i64>,
    pub author_label: String,
    /// `question`, `answer`, `verified`, `not-verified` or `reopened`.
    pub kind: String,
    pub body: String,
    pub revision: i64,
    pub at: i64,
}

#[derive(Debug, Clone)]
pub struct NewVerificationNote {
    pub assessment_id: i64,
    pub key: EntryKey,
    pub kind: String,
    pub body: String,
    pub revision: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceRow {
    pub id: i64,
    pub assessment_id: i64,
    pub key: EntryKey,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: i64,
    pub uploaded_by: String,
}

#[derive(Debug, Clone)]
pub struct NewEvidence {
    pub assessment_id: i64,
    pub key: EntryKey,
    pub filename: String,
    pub content_type: String,
    pub sha256: String,
    pub bytes: Vec<u8>,
}

/// A city's own set of targets for one framework.
#[derive(Debug, Clone, Serialize)]
pub struct TargetSetRow {
    pub id: i64,
    pub city_id: i64,
    pub name: String,
    pub framework: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CityTargetRow {
    pub key: EntryKey,
    pub value: f64,
    pub source: String,
}

/// A framework version loaded from a file by a platform admin.
#[derive(Debug, Clone, Serialize)]
pub struct FrameworkRow {
    /// `id@version`
    pub key: String,
    #[serde(skip)]
    pub toml: String,
    pub loaded_at: i64,
    pub loaded_by: String,
}

/// Storage for KPI assessments. Every method that changes data writes its
/// audit line (old → new) in the same transaction.
#[async_trait]
pub trait AssessmentStore: Send + Sync {
    /// Creates the assessment with its starting inputs and entries at once.
    /// `Conflict` when the city already has an assessment for that year.
    async fn create_assessment(
        &self,
        change: &Change,
        new: &NewAssessment,
    ) -> StoreResult<AssessmentRow>;
    async fn assessment(&self, id: i64) -> StoreResult<Option<AssessmentRow>>;
    /// Newest year first.
    async fn assessments_of_city(&self, city_id: i64) -> StoreResult<Vec<AssessmentRow>>;
    async fn update_assessment_settings(
        &self,
        change: &Change,
        id: i64,
        settings: &AssessmentSettings,
    ) -> StoreResult<AssessmentRow>;
    /// `Conflict` when the assessment is no longer in `step.from` (someone
    /// else moved it first).
    async fn change_assessment_status(
        &self,
        change: &Change,
        id: i64,
        step: &StatusChange<'_>,
    ) -> StoreResult<AssessmentRow>;

    async fn city_inputs(&self, assessment_id: i64) -> StoreResult<Vec<CityInputRow>>;
    async fn save_city_input(
        &self,
        change: &Change,
        assessment_id: i64,
        input: &CityInputRow,
    ) -> StoreResult<()>;

    async fn kpi_entries(&self, assessment_id: i64) -> StoreResult<Vec<KpiEntryRow>>;
    /// Inserts or replaces the entries (one transaction, one audit line each
    /// that changed).
    async fn save_kpi_entries(
        &self,
        change: &Change,
        assessment_id: i64,
        entries: &[KpiEntryRow],
    ) -> StoreResult<()>;
    /// Replaces every input and entry of the assessment (an import): all or
    /// nothing.
    async fn replace_assessment_data(
        &self,
        change: &Change,
        assessment_id: i64,
        inputs: &[CityInputRow],
        entries: &[KpiEntryRow],
    ) -> StoreResult<()>;
    /// Sets the verifier's decision on one entry and records the note with it.
    async fn review_kpi_entry(
        &self,
        change: &Change,
        verified: Option<bool>,
        note: &NewVerificationNote,
    ) -> StoreResult<VerificationNoteRow>;
    async fn add_verification_note(
        &self,
        change: &Change,
        note: &NewVerificationNote,
    ) -> StoreResult<VerificationNoteRow>;
    /// Oldest first.
    async fn verification_notes(&self, assessment_id: i64)
    -> StoreResult<Vec<VerificationNoteRow>>;

    async fn add_evidence(&self, change: &Change, new: &NewEvidence) -> StoreResult<EvidenceRow>;
    async fn evidence_of_assessment(&self, assessment_id: i64) -> StoreResult<Vec<EvidenceRow>>;
    async fn evidence_file(&self, id: i64) -> StoreResult<Option<(EvidenceRow, Vec<u8>)>>;
    async fn delete_evidence(&self, change: &Change, id: i64) -> StoreResult<()>;

    async fn create_target_set(
        &self,
        change: &Change,
        city_id: i64,
        name: &str,
        framework: &str,
        targets: &[CityTargetRow],
    ) -> StoreResult<TargetSetRow>;
    async fn target_sets_of_city(&self, city_id: i64) -> StoreResult<Vec<TargetSetRow>>;
    async fn target_set(&self, id: i64) -> StoreResult<Option<(TargetSetRow, Vec<CityTargetRow>)>>;

    /// `Conflict` when that `id@version` was loaded before: versions are immutable.
    async fn save_framework(&self, change: &Change, key: &str, toml: &str) -> StoreResult<()>;
    async fn frameworks(&self) -> StoreResult<Vec<FrameworkRow>>;
}
