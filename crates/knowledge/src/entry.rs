//! One knowledge-base entry: a challenge a city faces, a solution to it, or a resource
//! (standard, publication, case study, tool) that helps carry the solution out.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::language::{FALLBACK_LANGUAGE, Language};

/// The three kinds of entry, in the order a city walks through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    Challenge,
    Solution,
    Resource,
}

impl EntryKind {
    pub const ALL: [EntryKind; 3] = [
        EntryKind::Challenge,
        EntryKind::Solution,
        EntryKind::Resource,
    ];

    /// The name used in files, folders and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Challenge => "challenge",
            EntryKind::Solution => "solution",
            EntryKind::Resource => "resource",
        }
    }

    /// The kind an entry of this kind links to: challenge → solution → resource.
    pub fn links_to(self) -> EntryKind {
        match self {
            EntryKind::Challenge => EntryKind::Solution,
            EntryKind::Solution | EntryKind::Resource => EntryKind::Resource,
        }
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntryKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EntryKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown kind `{s}`: expected challenge, solution or resource"))
    }
}

/// What sort of resource an entry points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResourceType {
    /// An international standard or recommendation (ITU-T, ISO, W3C, EU law).
    Standard,
    /// A guide, report or playbook (U4SSC, UN-Habitat, …).
    Publication,
    /// What a named city or programme did, with its results.
    CaseStudy,
    /// Software or a data model a city can use.
    Tool,
}

impl ResourceType {
    pub const ALL: [ResourceType; 4] = [
        ResourceType::Standard,
        ResourceType::Publication,
        ResourceType::CaseStudy,
        ResourceType::Tool,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ResourceType::Standard => "standard",
            ResourceType::Publication => "publication",
            ResourceType::CaseStudy => "case-study",
            ResourceType::Tool => "tool",
        }
    }
}

impl FromStr for ResourceType {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ResourceType::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!("unknown resource type `{s}`: expected standard, publication, case-study or tool")
            })
    }
}

/// Where a piece of content comes from, so readers can check it and editors can replace it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    pub sources: Vec<Source>,
    /// True when the content is our synthesis of the sources rather than what one of them says.
    pub inferred: bool,
    /// Caveats, e.g. which part is inferred or not yet checked against the official text.
    pub note: Option<String>,
}

/// A document the content was taken from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub title: String,
    pub url: Option<String>,
}

/// An entry's text in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryText {
    pub title: String,
    /// One or two sentences shown in result lists.
    pub summary: String,
    /// Plain text; blank lines separate paragraphs.
    pub body: String,
}

/// A challenge, solution or resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Unique across all kinds; also the file name without `.toml`.
    pub id: String,
    pub kind: EntryKind,
    /// Only for resources.
    pub resource_type: Option<ResourceType>,
    /// Topic ids from the taxonomy (`water`, `digital-inclusion`, …).
    pub topics: Vec<String>,
    /// Pillar ids from the framework, including the pillars of `elements`.
    pub pillars: Vec<String>,
    /// Pillar element ids this entry helps with: a gap on one of them suggests the entry.
    pub elements: Vec<String>,
    /// Sustainable Development Goals, 1–17.
    pub sdgs: Vec<u8>,
    /// Free keywords (English), matched by search and by digital-divide findings.
    pub tags: Vec<String>,
    /// U4SSC KPI codes (Y.4903) that measure progress on this entry.
    pub kpis: Vec<String>,
    /// Ids of the entries this one leads to (challenge → solutions → resources).
    pub links: Vec<String>,
    pub provenance: Provenance,
    pub texts: BTreeMap<Language, EntryText>,
    /// The file it was loaded from, relative to the content folder.
    pub file: String,
}

/// Text picked for a reader, and whether it had to fall back to another language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Localized<'a, T> {
    pub value: &'a T,
    pub language: Language,
    pub fallback: bool,
}

impl Entry {
    /// The text in `language`, else in the fallback language (English), else any text.
    pub fn text(&self, language: Language) -> Option<Localized<'_, EntryText>> {
        localize(&self.texts, language)
    }
}

pub(crate) fn localize<T>(
    texts: &BTreeMap<Language, T>,
    language: Language,
) -> Option<Localized<'_, T>> {
    if let Some(value) = texts.get(&language) {
        return Some(Localized {
            value,
            language,
            fallback: false,
        });
    }
    texts
        .get(&FALLBACK_LANGUAGE)
        .map(|v| (FALLBACK_LANGUAGE, v))
        .or_else(|| texts.iter().next().map(|(l, v)| (*l, v)))
        .map(|(language, value)| Localized {
            value,
            language,
            fallback: true,
        })
}
