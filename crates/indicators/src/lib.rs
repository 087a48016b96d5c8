//! civitas-indicators (work in progress)
pub mod checks;
pub mod city_inputs;
pub mod evaluation;
pub mod framework;
pub mod loader;
pub mod observation;
pub mod rollup;
pub mod scoring;
pub mod targets;

pub use checks::Warning;
pub use city_inputs::{CityInputError, CityInputs};
pub use evaluation::{Evaluation, EvaluationError, MeasureResult, evaluate};
pub use framework::*;
pub use loader::{FrameworkError, U4SSC_2017_TOML};
pub use observation::{FieldProblem, Observation, compute_value, ratio_value};
pub use rollup::{CategoryScore, DimensionScore, RollupScore, SubDimensionScore, roll_up};
pub use scoring::{Band, Score, achievement_pct, score};
pub use targets::{DEFAULT_TARGETS_TOML, Target, TargetError, TargetSet};
