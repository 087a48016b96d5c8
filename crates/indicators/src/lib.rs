//! civitas-indicators (work in progress)
pub mod framework;
pub mod loader;

pub use framework::*;
pub use loader::{FrameworkError, U4SSC_2017_TOML};
