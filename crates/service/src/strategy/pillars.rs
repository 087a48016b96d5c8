//! The pillar framework and maturity scale for the layers above (web, CLI):
//! the same shipped framework the maturity scoring and the roadmap checks use,
//! with the knowledge base's types to read its labels per language.

use super::knowledge;
use crate::{Civitas, ServiceError};
use std::sync::Arc;

pub use civitas_knowledge::{
    Framework, Label, Labels, Language, MaturityLevel, Pillar, PillarElement, Provenance, Reason,
    Suggestion, label,
};

impl Civitas {
    /// The five pillars with their elements and the maturity scale 0–5, with
    /// names and descriptions per language and their provenance.
    pub fn pillar_framework(&self) -> Result<Arc<Framework>, ServiceError> {
        static FRAMEWORK: std::sync::OnceLock<Arc<Framework>> = std::sync::OnceLock::new();
        if let Some(framework) = FRAMEWORK.get() {
            return Ok(framework.clone());
        }
        let framework = Arc::new(knowledge()?.kb().framework().clone());
        Ok(FRAMEWORK.get_or_init(|| framework).clone())
    }
}
