//! Suggesting entries from what the city's own assessments found: the pillar elements where its
//! maturity is below target (gaps) and the digital-divide findings (topic ids or tags such as
//! `affordability`, `skills`, `gender`).
//!
//! Scoring is deliberately simple and explainable, since a city official should see *why* an
//! entry is suggested: every suggestion lists its reasons.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::analysis::Analyzer;
use crate::entry::{Entry, EntryKind};
use crate::index::SearchIndex;
use crate::language::{FALLBACK_LANGUAGE, Language};

/// A gap on an element counts more than a finding: it comes from the city's own agreed
/// self-assessment. Larger gaps (earlier in the list) count a little more.
const GAP_WEIGHT: f32 = 2.0;
const TOPIC_FINDING_WEIGHT: f32 = 1.5;
const TAG_FINDING_WEIGHT: f32 = 1.0;
/// A suggested challenge passes this share of its score to the solutions it links to.
const LINK_SHARE: f32 = 0.5;

/// What the assessments found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SuggestRequest {
    /// Pillar element ids below target, largest gap first.
    pub gap_elements: Vec<String>,
    /// Digital-divide findings: topic ids (`digital-inclusion`) or tags (`affordability`).
    pub findings: Vec<String>,
    pub language: Language,
    pub limit: usize,
}

/// Why an entry was suggested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Reason {
    /// The entry helps with this pillar element, where the city has a gap.
    Gap { element: String },
    /// The entry's topic or tags match this digital-divide finding.
    Finding { finding: String },
    /// A suggested challenge links to this entry.
    LinkedFrom { id: String },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub id: String,
    pub kind: EntryKind,
    pub score: f32,
    pub title: String,
    pub language: Language,
    pub fallback: bool,
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestions {
    pub suggestions: Vec<Suggestion>,
    /// Gap element ids that are not in the framework (stale assessment or typo).
    pub unknown_elements: Vec<String>,
    /// Findings that matched no entry.
    pub unmatched_findings: Vec<String>,
}

impl SearchIndex {
    pub fn suggest(&self, request: &SuggestRequest) -> Suggestions {
        let kb = self.kb();
        let entries = kb.entries();
        let mut scores: Scores = HashMap::new();

        let mut unknown_elements = Vec::new();
        let n = request.gap_elements.len().max(1) as f32;
        for (rank, element) in request.gap_elements.iter().enumerate() {
            if kb.framework().element(element).is_none() {
                unknown_elements.push(element.clone());
                continue;
            }
            let weight = GAP_WEIGHT * (1.0 + (n - rank as f32) / n) / 2.0;
            for (i, entry) in entries.iter().enumerate() {
                if entry.elements.contains(element) {
                    add_reason(
                        &mut scores,
                        i,
                        weight,
                        Reason::Gap {
                            element: element.clone(),
                        },
                    );
                }
            }
        }

        let english = Analyzer::new(FALLBACK_LANGUAGE);
        let tag_terms: Vec<HashSet<String>> =
            entries.iter().map(|e| tag_terms(e, &english)).collect();
        let mut unmatched_findings = Vec::new();
        for finding in &request.findings {
            let wanted: HashSet<String> = english
                .tokens(finding)
                .into_iter()
                .flat_map(|t| t.terms)
                .collect();
            let mut matched = false;
            for (i, entry) in entries.iter().enumerate() {
                let weight = if entry.topics.contains(finding) {
                    TOPIC_FINDING_WEIGHT
                } else if !wanted.is_empty() && wanted.is_subset(&tag_terms[i]) {
                    TAG_FINDING_WEIGHT
                } else {
                    continue;
                };
                matched = true;
                add_reason(
                    &mut scores,
                    i,
                    weight,
                    Reason::Finding {
                        finding: finding.clone(),
                    },
                );
            }
            if !matched {
                unmatched_findings.push(finding.clone());
            }
        }

        // A challenge the city has points to its solutions.
        let direct: Vec<(usize, f32)> = scores
            .iter()
            .filter(|(i, _)| entries[**i].kind == EntryKind::Challenge)
            .map(|(i, (s, _))| (*i, *s))
            .collect();
        for (i, score) in direct {
            for target in &entries[i].links {
                if let Some(t) = kb.position(target) {
                    add_reason(
                        &mut scores,
                        t,
                        score * LINK_SHARE,
                        Reason::LinkedFrom {
                            id: entries[i].id.clone(),
                        },
                    );
                }
            }
        }

        let mut ranked: Vec<(usize, f32, Vec<Reason>)> = scores
            .into_iter()
            .map(|(i, (s, reasons))| (i, s, reasons))
            .collect();
        ranked.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then_with(|| entries[a.0].kind.cmp(&entries[b.0].kind))
                .then_with(|| a.0.cmp(&b.0))
        });
        ranked.truncate(request.limit);
        let suggestions = ranked
            .into_iter()
            .filter_map(|(i, score, reasons)| {
                let entry = &entries[i];
                let text = entry.text(request.language)?;
                Some(Suggestion {
                    id: entry.id.clone(),
                    kind: entry.kind,
                    score,
                    title: text.value.title.clone(),
                    language: text.language,
                    fallback: text.fallback,
                    reasons,
                })
            })
            .collect();
        Suggestions {
            suggestions,
            unknown_elements,
            unmatched_findings,
        }
    }
}

type Scores = HashMap<usize, (f32, Vec<Reason>)>;

fn add_reason(scores: &mut Scores, entry: usize, score: f32, reason: Reason) {
    let slot = scores.entry(entry).or_insert((0.0, Vec::new()));
    slot.0 += score;
    if !slot.1.contains(&reason) {
        slot.1.push(reason);
    }
}

fn tag_terms(entry: &Entry, english: &Analyzer) -> HashSet<String> {
    entry
        .tags
        .iter()
        .flat_map(|t| english.tokens(t))
        .flat_map(|t| t.terms)
        .collect()
}
