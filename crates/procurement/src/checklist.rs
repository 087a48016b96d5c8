//! The people-centred requirement checklist and the four U4SSC procurement stages, as data.
//!
//! The text lives in `data/people_centred_checklist.toml` so that it can be read, reviewed and
//! translated without touching code; it is compiled into the binary with `include_str!`.

use serde::{Deserialize, Serialize};

const CHECKLIST_TOML: &str = include_str!("../data/people_centred_checklist.toml");

/// A requirement a city can pick for a procurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Requirement {
    /// Stable identifier, e.g. `exit-plan`.
    pub id: String,
    pub title: String,
    pub description: String,
    /// What a bidder should show to meet it.
    pub evidence: String,
    pub sources: Vec<String>,
}

/// One of the four U4SSC stages and what it requires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcurementStage {
    /// `plan`, `inform-market`, `evaluate-award` or `manage-delivery`.
    pub id: String,
    pub name: String,
    pub requires: Vec<String>,
    pub source: String,
}

/// The U4SSC shortlisting scale (0 not met / 1 partially / 2 met).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShortlistScale {
    pub description: String,
    pub levels: Vec<String>,
    pub source: String,
}

/// The whole checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checklist {
    pub shortlist_scale: ShortlistScale,
    pub requirements: Vec<Requirement>,
    pub stages: Vec<ProcurementStage>,
}

/// The shipped checklist could not be read (a packaging mistake, caught by the tests).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the built-in procurement checklist is malformed: {0}")]
pub struct ChecklistError(String);

/// The built-in people-centred checklist and the four stages.
pub fn people_centred_checklist() -> Result<Checklist, ChecklistError> {
    toml::from_str(CHECKLIST_TOML).map_err(|e| ChecklistError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_checklist_is_complete() {
        let checklist = people_centred_checklist().unwrap();
        let ids: Vec<&str> = checklist
            .requirements
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "open-standards",
                "data-ownership",
                "exit-plan",
                "privacy-dpia",
                "accessibility",
                "security",
                "whole-life-cost",
                "support-skills-transfer",
                "no-obsolescence-lock-in",
            ]
        );
        for r in &checklist.requirements {
            assert!(
                !r.description.is_empty() && !r.evidence.is_empty(),
                "{}",
                r.id
            );
            assert!(!r.sources.is_empty(), "{} has no source", r.id);
        }
        let stages: Vec<&str> = checklist.stages.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            stages,
            [
                "Plan",
                "Inform the market",
                "Evaluate and award",
                "Manage delivery"
            ]
        );
        assert!(checklist.stages.iter().all(|s| !s.requires.is_empty()));
        assert_eq!(checklist.shortlist_scale.levels.len(), 3);
        let accessibility = &checklist.requirements[4];
        assert!(accessibility.title.contains("WCAG 2.2 AA / EN 301 549"));
    }
}
