//! The digital-divide assessment: household survey files with their design
//! and indicator mapping ([`datasets`]), design-based estimates by group with
//! small-cell suppression, gender parity, the UMC targets and the local
//! taxonomy of the divide ([`report`]), and the digital inclusion plan
//! ([`plan`]). Microdata never leave the server: everything published is a
//! suppressed aggregate.

mod boundaries;
mod datasets;
mod plan;
mod public;
mod report;

pub use boundaries::{DistrictBoundaries, MAX_BOUNDARY_BYTES};
pub use datasets::{DatasetView, DeclareForm, SurveyUpload};
pub use plan::{DELIVERY_FRAMEWORKS, InclusionActionForm};
pub use report::{
    Cell, DivideReport, Parity, ParityStatus, ReportCache, Suppression, TargetBand, TargetStatus,
    TaxonomyRow,
};

use crate::ServiceError;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// A standard indicator a survey column can be mapped to.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDefinition {
    pub id: String,
    /// ITU core-list code (HH7 …) or the source's own.
    pub code: String,
    #[serde(default)]
    pub sdg: Option<String>,
    /// `individual` or `household`.
    pub unit: String,
    /// access, affordability, devices, skills or relevance.
    pub dimension: String,
    /// The 2030 target in percent, when there is one.
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default)]
    pub target_source: Option<String>,
}

#[derive(Deserialize)]
struct Catalogue {
    indicators: Vec<IndicatorDefinition>,
}

/// The shipped indicator catalogue (`divide/indicators.toml`).
pub fn indicator_catalogue() -> Result<&'static [IndicatorDefinition], ServiceError> {
    static CATALOGUE: OnceLock<Option<Vec<IndicatorDefinition>>> = OnceLock::new();
    CATALOGUE
        .get_or_init(|| {
            toml::from_str::<Catalogue>(include_str!("indicators.toml"))
                .map(|c| c.indicators)
                .map_err(|e| tracing::error!(error = %e, "the indicator catalogue does not load"))
                .ok()
        })
        .as_deref()
        .ok_or(ServiceError::Internal("indicator catalogue"))
}

/// The groups a city breaks its results down by.
pub const BREAKDOWNS: [&str; 6] = [
    "gender",
    "age_group",
    "district",
    "income",
    "disability",
    "urban_rural",
];

/// A survey column mapped to a standard indicator: the answers that mean "yes".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorMapping {
    pub indicator: String,
    pub column: String,
    pub yes: Vec<String>,
}

/// A survey column mapped to a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakdownMapping {
    pub breakdown: String,
    pub column: String,
}

/// Thresholds of the suppression rules (NCHS 2017 for proportions, with
/// Korn–Graubard intervals, plus a sample floor and a disclosure floor).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SuppressionRules {
    /// Fewest respondents in a cell.
    pub min_respondents: usize,
    /// Fewest respondents on either side of a proportion (disclosure).
    pub min_count: usize,
    /// Fewest effective respondents (p(1−p)/SE²).
    pub min_effective: f64,
    /// Widest Korn–Graubard interval, absolute.
    pub max_width: f64,
    /// Widest interval relative to the estimate.
    pub max_relative_width: f64,
}

impl Default for SuppressionRules {
    fn default() -> SuppressionRules {
        SuppressionRules {
            min_respondents: 30,
            min_count: 5,
            min_effective: 30.0,
            max_width: 0.30,
            max_relative_width: 1.30,
        }
    }
}

/// What a survey's columns mean.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SurveyMapping {
    pub indicators: Vec<IndicatorMapping>,
    pub breakdowns: Vec<BreakdownMapping>,
    /// The gender column's values for women and men (for the parity score).
    #[serde(default)]
    pub female: Option<String>,
    #[serde(default)]
    pub male: Option<String>,
    #[serde(default)]
    pub rules: Option<SuppressionRules>,
}
