//! The topic vocabulary entries are tagged with, and which languages every entry must have.
//! Kept in `taxonomy.toml` so a hub can add a topic or a required language without code.

use serde::{Deserialize, Serialize};

use crate::framework::Labels;
use crate::language::Language;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Taxonomy {
    /// Every entry must have text in each of these.
    pub required_languages: Vec<Language>,
    pub topics: Vec<Topic>,
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
