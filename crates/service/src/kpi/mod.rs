//! The U4SSC KPI assessment (Recommendation ITU-T Y.4903): frameworks and
//! target sets, the assessment's life from draft to verified, data entry,
//! verification and results. Numbers always come from `civitas_indicators`,
//! so the CLI, the API and the pages agree on every one of them.

mod assessments;
mod catalogue;
mod entries;
mod exchange;
mod results;
mod verification;

pub use assessments::{AssessmentForm, AssessmentSettingsForm, AssessmentView};
pub use catalogue::{FrameworkCatalogue, FrameworkSummary, TargetSetChoice};
pub use entries::{EntryForm, EntryPreview, EntryProblem, InputForm};
pub use exchange::{ExchangeFormat, ExportedFile, ImportSummary, MAX_IMPORT_BYTES};
pub use results::{
    AssessmentResults, EntryIssue, PeerDistribution, PeerStatistic, SdgGroup, Trend, TrendLine,
};
pub use verification::ReviewDecision;

pub use civitas_store::EntryKey;

/// How a file or form names a KPI or data point: the code, then " / data point".
pub fn entry_label(key: &EntryKey) -> String {
    if key.data_point.is_empty() {
        key.kpi.clone()
    } else {
        format!("{} / {}", key.kpi, key.data_point)
    }
}
