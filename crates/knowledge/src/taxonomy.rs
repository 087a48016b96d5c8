//! The topic vocabulary entries are tagged with, and which languages every entry must have.
//! Kept in `taxonomy.toml` so a hub can add a topic or a required language without code.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::framework::Labels;
use crate::language::Language;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Taxonomy {
    /// Every entry must have text in each of these.
    pub required_languages: Vec<Language>,
    pub topics: Vec<Topic>,
    /// Key terms in several languages. A query in one of them also searches the English
    /// term, so readers of languages without translated entries still find them.
    pub glossary: Vec<GlossaryEntry>,
}

/// One concept named in several languages; English is required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlossaryEntry {
    pub terms: BTreeMap<Language, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub id: String,
    pub labels: Labels,
}

impl Taxonomy {
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }
}
