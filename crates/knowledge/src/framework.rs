//! The five-pillar framework for people-centred cities and the maturity scale, as editable data.
//!
//! The official pillar elements were not available when this content was written (the 2025
//! U4SSC framework's pillar pages could not be retrieved), so the shipped elements are an
//! inferred seed with a source per element. A national hub replaces `pillars.toml` to align it
//! with the official text; nothing in code names an element.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::entry::{Localized, Provenance, localize};
use crate::language::Language;

/// A name and optional description in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub name: String,
    pub description: Option<String>,
}

/// Labels in every language the file provides.
pub type Labels = BTreeMap<Language, Label>;

/// Picks the label for `language`, falling back to English.
pub fn label(labels: &Labels, language: Language) -> Option<Localized<'_, Label>> {
    localize(labels, language)
}

/// The pillar framework with its maturity scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Framework {
    pub id: String,
    pub version: String,
    pub labels: Labels,
    pub provenance: Provenance,
    /// Ordered from the lowest rank (pre-maturity) up.
    pub levels: Vec<MaturityLevel>,
    pub pillars: Vec<Pillar>,
}

/// One step of the maturity scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaturityLevel {
    pub id: String,
    /// 0 = pre-maturity, 1–5 = the Y.4904 levels.
    pub rank: u8,
    pub labels: Labels,
    pub provenance: Provenance,
}

/// A pillar of the framework (e.g. Vision and Strategy).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pillar {
    pub id: String,
    pub labels: Labels,
    pub provenance: Provenance,
    pub elements: Vec<PillarElement>,
}

/// A capability within a pillar that the self-assessment asks about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PillarElement {
    pub id: String,
    pub labels: Labels,
    pub provenance: Provenance,
    /// U4SSC KPI codes (Y.4903) that show progress on this element.
    #[serde(default)]
    pub kpis: Vec<String>,
}

impl Framework {
    pub fn pillar(&self, id: &str) -> Option<&Pillar> {
        self.pillars.iter().find(|p| p.id == id)
    }

    /// The element with this id and the pillar it belongs to.
    pub fn element(&self, id: &str) -> Option<(&Pillar, &PillarElement)> {
        self.pillars
            .iter()
            .find_map(|p| p.elements.iter().find(|e| e.id == id).map(|e| (p, e)))
    }

    pub fn level(&self, id: &str) -> Option<&MaturityLevel> {
        self.levels.iter().find(|l| l.id == id)
    }
}
