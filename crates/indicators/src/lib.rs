//! # civitas-indicators
//!
//! The U4SSC KPI engine: the framework as versioned data, value formulas, targets, the
//! U4SSC four-band scoring, roll-ups and validation. Pure Rust, no I/O: callers hand in
//! bytes and plain structs and get plain serde structs back.
//!
//! ## Entry points
//!
//! - **Framework** — [`Framework::u4ssc_2017`] parses the built-in catalogue
//!   (`frameworks/u4ssc-2017.toml`, version `2017.1`, 91 KPIs); [`Framework::from_toml_bytes`]
//!   loads and validates another version an admin uploads ([`FrameworkError`] names the entry
//!   and field). Look things up with [`Framework::kpi`], [`Framework::measure`] (a KPI or one
//!   data point of a multi-part KPI), [`Framework::category`] (keyed by sub-dimension *and*
//!   category: "Water and Sanitation" is three categories) and
//!   [`Framework::kpis_using_input`].
//! - **Targets** — [`TargetSet::default_for`] gives the shipped default set
//!   (`frameworks/targets-default.toml`, every value with its public source; KPIs without a
//!   defensible target are absent and show "N/A"); [`TargetSet::from_toml_bytes`] loads a
//!   city's own; [`TargetSet::set`] overrides one value.
//! - **City inputs** — [`CityInputs`] (population, households, area, GDP …) fill the
//!   denominators of the KPIs the framework links to them; re-evaluating after a change
//!   recomputes them.
//! - **Evaluation** — [`evaluate`] turns [`Observation`]s (numerator + denominator, or a value)
//!   into an [`Evaluation`]: per-KPI value, target, achievement, points and [`Band`];
//!   category / sub-dimension / dimension roll-ups ([`RollupScore`]); and [`Warning`]s
//!   (see [`checks`] for every rule). Errors ([`EvaluationError`]) name the observation and
//!   field.
//! - **Building blocks** — [`compute_value`], [`achievement_pct`], [`score`],
//!   [`RollupScore::from_points`] for screens that show one number at a time.
//! - **CSV** — [`csv_input::read_input_csv`] reads the CLI's input table with row/column errors.
//!
//! Scoring choices where the U4SSC sources are silent (bands lower-bound inclusive,
//! lower-is-better as target ÷ value, parity, yes/no, "context" measures never scored) are
//! documented in [`scoring`].
//!
//! ## Example
//!
//! ```
//! use civitas_indicators::{CityInputs, Framework, Observation, TargetSet, evaluate, Band};
//!
//! let framework = Framework::u4ssc_2017()?;
//! let targets = TargetSet::default_for(&framework)?;
//! let inputs = CityInputs::new().with("households", 20_000.0);
//! let observations = vec![
//!     // 17 000 of the city's households have Internet access (denominator from inputs).
//!     Observation { kpi: "EC: ICT: ICT: 1C".into(), numerator: Some(17_000.0), ..Default::default() },
//!     // PM2.5 annual mean, scored against the WHO 2021 guideline of 5 µg/m³.
//!     Observation { kpi: "EN: EN: AQ: 1C".into(), data_point: Some("PM2.5".into()),
//!                   value: Some(10.0), ..Default::default() },
//! ];
//! let result = evaluate(&framework, &observations, &inputs, &targets)?;
//! assert_eq!(result.kpis[0].value, 85.0);
//! assert_eq!(result.kpis[0].score, Some(3)); // 85 % of the 100 % target
//! assert_eq!(result.kpis[1].band, Some(Band::From33To66)); // 5 / 10 = 50 %
//! assert_eq!(result.dimensions[0].score.score_pct, Some(75.0)); // Economy: 3 of 4 points
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod checks;
pub mod city_inputs;
pub mod csv_input;
pub mod evaluation;
pub mod framework;
pub mod loader;
pub mod observation;
pub mod quality;
pub mod rollup;
pub mod scoring;
pub mod targets;

pub use checks::Warning;
pub use city_inputs::{CityInputError, CityInputs};
pub use csv_input::{InputError, InputRow, read_input_csv, targets_from_rows};
pub use evaluation::{Evaluation, EvaluationError, MeasureResult, evaluate};
pub use framework::*;
pub use loader::{FrameworkError, U4SSC_2017_TOML};
pub use observation::{FieldProblem, Observation, compute_value, ratio_value};
pub use quality::DataQuality;
pub use rollup::{CategoryScore, DimensionScore, RollupScore, SubDimensionScore, roll_up};
pub use scoring::{Band, Score, achievement_pct, score};
pub use targets::{DEFAULT_TARGETS_TOML, Target, TargetError, TargetSet};
