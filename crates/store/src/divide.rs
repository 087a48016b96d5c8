//! What the digital-divide module keeps: household survey files (the
//! microdata, which never leave the server) with their declared design and
//! indicator mapping, the city's district boundaries, and the digital
//! inclusion plan's actions.

use crate::{Change, StoreResult};
use async_trait::async_trait;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct SurveyDatasetRow {
    pub id: i64,
    pub city_id: i64,
    pub name: String,
    pub year: i64,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
    pub rows: i64,
    /// The file's column names, in order.
    pub columns: Vec<String>,
    /// The declared design (`civitas_survey::DesignSpec` as JSON), once declared.
    pub design: Option<String>,
    /// Columns mapped to standard indicators and breakdowns (JSON), once mapped.
    pub mapping: Option<String>,
    /// Whether its suppressed aggregates are public.
    pub published: bool,
    pub uploaded_at: i64,
    pub uploaded_by: String,
}

#[derive(Debug, Clone)]
pub struct NewSurveyDataset {
    pub city_id: i64,
    pub name: String,
    pub year: i64,
    pub file_name: String,
    pub sha256: String,
    pub rows: i64,
    pub columns: Vec<String>,
    pub bytes: Vec<u8>,
}

/// The city's district boundaries as uploaded (GeoJSON).
#[derive(Debug, Clone, Serialize)]
pub struct BoundariesRow {
    pub city_id: i64,
    pub geojson: String,
    /// The feature property holding the district name.
    pub name_property: Option<String>,
    pub uploaded_at: i64,
    pub uploaded_by: String,
}

/// One action of the digital inclusion plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InclusionActionRow {
    pub id: i64,
    pub city_id: i64,
    pub fields: InclusionActionFields,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InclusionActionFields {
    /// The gap it answers: indicator id, breakdown and group (e.g. `internet-use/gender/female`).
    pub gap: String,
    pub title: String,
    pub description: String,
    pub owner: String,
    pub budget: Option<f64>,
    pub currency: Option<String>,
    /// `government-network`, `public-private-partnership` or `community-network`.
    pub delivery: String,
    /// How it is paid for (free text: grant, subsidy, universal service fund …).
    pub finance_model: String,
    pub start_date: String,
    pub end_date: String,
    /// The indicator that will show progress, and the value aimed for (0–100 %).
    pub indicator: String,
    pub target: Option<f64>,
    /// `planned`, `in-progress`, `done`, `delayed`, `cancelled`.
    pub status: String,
}

#[async_trait]
pub trait DivideStore: Send + Sync {
    async fn create_survey_dataset(
        &self,
        change: &Change,
        new: &NewSurveyDataset,
    ) -> StoreResult<SurveyDatasetRow>;
    async fn survey_dataset(&self, id: i64) -> StoreResult<Option<SurveyDatasetRow>>;
    /// Newest first, without the file.
    async fn survey_datasets(&self, city_id: i64) -> StoreResult<Vec<SurveyDatasetRow>>;
    async fn survey_file(&self, id: i64) -> StoreResult<Option<Vec<u8>>>;
    async fn set_survey_design(
        &self,
        change: &Change,
        id: i64,
        design: &str,
        mapping: &str,
    ) -> StoreResult<SurveyDatasetRow>;
    async fn set_survey_published(
        &self,
        change: &Change,
        id: i64,
        published: bool,
    ) -> StoreResult<SurveyDatasetRow>;
    /// Removes the file and everything declared on it.
    async fn delete_survey_dataset(&self, change: &Change, id: i64) -> StoreResult<()>;

    async fn save_boundaries(
        &self,
        change: &Change,
        city_id: i64,
        geojson: &str,
        name_property: Option<&str>,
    ) -> StoreResult<()>;
    async fn boundaries(&self, city_id: i64) -> StoreResult<Option<BoundariesRow>>;

    async fn create_inclusion_action(
        &self,
        change: &Change,
        city_id: i64,
        fields: &InclusionActionFields,
    ) -> StoreResult<InclusionActionRow>;
    async fn update_inclusion_action(
        &self,
        change: &Change,
        id: i64,
        fields: &InclusionActionFields,
    ) -> StoreResult<InclusionActionRow>;
    async fn delete_inclusion_action(&self, change: &Change, id: i64) -> StoreResult<()>;
    async fn inclusion_action(&self, id: i64) -> StoreResult<Option<InclusionActionRow>>;
    async fn inclusion_actions(&self, city_id: i64) -> StoreResult<Vec<InclusionActionRow>>;
}
