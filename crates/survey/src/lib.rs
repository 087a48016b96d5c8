//! Design-based survey estimation for the digital-divide module: weighted means, proportions, totals
//! and ratios with standard errors that respect the sample design (strata, one- or two-stage
//! clusters, finite population corrections, or replicate weights), domain estimates that keep the
//! full design, design effects, contrasts between domains (gender parity, gaps), confidence intervals
//! (Wald, logit, Korn–Graubard, Wilson) and small-cell suppression.
//!
//! The engine does no I/O: the CSV reader takes any [`std::io::Read`]. Numbers are checked against
//! R's `survey` package (see `tests/fixtures/survey/expected.R` in the repository).
//!
//! ```
//! use civitas_survey::{DesignBuilder, Factor, NumericColumn, Statistic, IntervalMethod, confidence_interval};
//!
//! // Two strata, two PSUs each; the indicator is "uses the Internet" (1/0).
//! let stratum = Factor::from_labels("district", &[Some("N"), Some("N"), Some("N"), Some("S"), Some("S"), Some("S")]);
//! let psu = Factor::from_labels("ea", &[Some("1"), Some("1"), Some("2"), Some("3"), Some("4"), Some("4")]);
//! let design = DesignBuilder::new()
//!     .weights(NumericColumn::new("w", vec![10.0, 10.0, 12.0, 8.0, 9.0, 9.0]))
//!     .strata(stratum)
//!     .clusters(vec![psu])
//!     .build()?;
//! let online = [1.0, 0.0, 1.0, 1.0, 1.0, 0.0];
//! let table = design.estimate(Statistic::Mean, &online, None, None)?;
//! let share = &table.estimates[0];
//! let ci = confidence_interval(share, IntervalMethod::Logit, 0.95)?;
//! assert!(ci.low < share.estimate && share.estimate < ci.high);
//! assert_eq!(share.df, 2.0); // 4 PSUs − 2 strata
//! # Ok::<(), civitas_survey::SurveyError>(())
//! ```

mod contrast;
mod design;
mod error;
mod estimate;
mod factor;
mod interval;
mod quantile;
mod reader;
mod replicate;
mod spec;
mod suppression;

pub use contrast::{Contrast, ContrastKind};
pub use design::{DesignBuilder, LonelyPsu, NumericColumn, SurveyDesign};
pub use error::SurveyError;
pub use estimate::{DomainEstimate, EstimateTable, Statistic};
pub use factor::{Factor, LevelInterner, MISSING_CODE};
pub use interval::{ConfidenceInterval, IntervalMethod, confidence_interval};
pub use quantile::{beta_quantile, t_quantile};
pub use reader::{ColumnRequest, CsvMicrodata, Microdata};
pub use replicate::{Jackknife, ReplicateKind, ReplicateOptions};
pub use spec::{BuiltReplicates, DesignSpec, ReplicateColumns};
pub use suppression::{Reliability, primary_suppression, reliability, secondary_suppression};
