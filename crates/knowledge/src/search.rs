//! Full-text search requests and results: query in a reader's language, filter by kind, topic,
//! pillar and SDG, rank with BM25F, and return highlighted title, summary and snippet in the
//! reader's language or, marked as a fallback, in English.

use std::collections::HashSet;

use serde::Serialize;

use crate::entry::{Entry, EntryKind};
use crate::highlight::{Highlighted, highlight, snippet};
use crate::index::{Scored, SearchIndex};
use crate::language::{FALLBACK_LANGUAGE, Language};
use crate::query::Query;

/// How many words a body excerpt holds.
const SNIPPET_WORDS: usize = 28;

/// What to search for. Built with [`SearchRequest::new`] and the filter methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    pub query: String,
    /// The reader's language: the query is stemmed for it and results are shown in it.
    pub language: Language,
    pub filters: Filters,
    /// At most this many hits (`total` still counts every match).
    pub limit: usize,
}

/// Restricts results. Values within one filter are alternatives (any of); filters combine
/// (all of). Empty filters restrict nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub kinds: Vec<EntryKind>,
    pub topics: Vec<String>,
    pub pillars: Vec<String>,
    pub sdgs: Vec<u8>,
}

impl SearchRequest {
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            language: FALLBACK_LANGUAGE,
            filters: Filters::default(),
            limit: 10,
        }
    }

    pub fn language(mut self, language: Language) -> Self {
        self.language = language;
        self
    }

    pub fn kind(mut self, kind: EntryKind) -> Self {
        self.filters.kinds.push(kind);
        self
    }

    pub fn topic(mut self, topic: impl Into<String>) -> Self {
        self.filters.topics.push(topic.into());
        self
    }

    pub fn pillar(mut self, pillar: impl Into<String>) -> Self {
        self.filters.pillars.push(pillar.into());
        self
    }

    pub fn sdg(mut self, goal: u8) -> Self {
        self.filters.sdgs.push(goal);
        self
    }

    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }
}

/// A filter value that names nothing in the content, most likely a typo.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    #[error("unknown topic `{given}`: expected one of {known}")]
    UnknownTopic { given: String, known: String },
    #[error("unknown pillar `{given}`: expected one of {known}")]
    UnknownPillar { given: String, known: String },
    #[error("unknown SDG `{given}`: expected a goal number from 1 to 17")]
    UnknownSdg { given: u8 },
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub id: String,
    pub kind: EntryKind,
    pub score: f32,
    /// The language of `title`, `summary` and `snippet`.
    pub language: Language,
    /// True when the entry has no text in the requested language and English is shown.
    pub fallback: bool,
    pub title: Highlighted,
    pub summary: Highlighted,
    /// An excerpt of the body around the matches, if the body matched.
    pub snippet: Option<Highlighted>,
    pub topics: Vec<String>,
    pub pillars: Vec<String>,
    pub sdgs: Vec<u8>,
}

/// Results of one search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// Every entry that matched and passed the filters.
    pub total: usize,
    /// The best `limit` of them, best first.
    pub hits: Vec<SearchHit>,
}

impl SearchIndex {
    /// Runs a search. An empty query (or one made only of stop words) lists every entry that
    /// passes the filters, in id order, so filters alone can browse the guide.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        self.check_filters(&request.filters)?;
        let reader = request.language;
        let query = Query::new(&request.query, reader, self);

        let mut scored: Vec<Scored> = if query.is_empty() {
            (0..self.kb().entries().len())
                .map(|entry| Scored { entry, score: 0.0 })
                .collect()
        } else {
            self.score(&query.words, reader)
        };
        let entries = self.kb().entries();
        scored.retain(|s| passes(&entries[s.entry], &request.filters));
        let total = scored.len();
        // Best first; ties by id (entries are stored sorted by id) so results are stable.
        let by_rank = |a: &Scored, b: &Scored| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.entry.cmp(&b.entry))
        };
        if scored.len() > request.limit && request.limit > 0 {
            scored.select_nth_unstable_by(request.limit - 1, by_rank);
            scored.truncate(request.limit);
        } else if request.limit == 0 {
            scored.clear();
        }
        scored.sort_by(by_rank);

        let hits = scored
            .iter()
            .filter_map(|s| self.hit(&entries[s.entry], s.score, &query, reader))
            .collect();
        Ok(SearchResults { total, hits })
    }

    fn hit(&self, entry: &Entry, score: f32, query: &Query, reader: Language) -> Option<SearchHit> {
        let text = entry.text(reader)?;
        let language = text.language;
        let no_marks = HashSet::new();
        let marks = query.marks.get(&language).unwrap_or(&no_marks);
        // Every word of indexed text is in the index's word cache; analysing is the fallback.
        let is_hit = |word: &str| -> bool {
            match self.word_terms(language, word) {
                Some(ids) => ids.iter().any(|id| marks.contains(id)),
                None => self.analyzer(language).is_some_and(|a| {
                    a.terms(word)
                        .iter()
                        .filter_map(|t| self.term(t))
                        .any(|id| marks.contains(&id))
                }),
            }
        };
        Some(SearchHit {
            id: entry.id.clone(),
            kind: entry.kind,
            score,
            language: text.language,
            fallback: text.fallback,
            title: highlight(&text.value.title, &is_hit),
            summary: highlight(&text.value.summary, &is_hit),
            snippet: snippet(&text.value.body, &is_hit, SNIPPET_WORDS),
            topics: entry.topics.clone(),
            pillars: entry.pillars.clone(),
            sdgs: entry.sdgs.clone(),
        })
    }

    fn check_filters(&self, filters: &Filters) -> Result<(), SearchError> {
        let kb = self.kb();
        for topic in &filters.topics {
            if kb.taxonomy().topic(topic).is_none() {
                return Err(SearchError::UnknownTopic {
                    given: topic.clone(),
                    known: ids(kb.taxonomy().topics.iter().map(|t| t.id.as_str())),
                });
            }
        }
        for pillar in &filters.pillars {
            if kb.framework().pillar(pillar).is_none() {
                return Err(SearchError::UnknownPillar {
                    given: pillar.clone(),
                    known: ids(kb.framework().pillars.iter().map(|p| p.id.as_str())),
                });
            }
        }
        for &goal in &filters.sdgs {
            if !(1..=17).contains(&goal) {
                return Err(SearchError::UnknownSdg { given: goal });
            }
        }
        Ok(())
    }
}

fn passes(entry: &Entry, filters: &Filters) -> bool {
    (filters.kinds.is_empty() || filters.kinds.contains(&entry.kind))
        && (filters.topics.is_empty() || filters.topics.iter().any(|t| entry.topics.contains(t)))
        && (filters.pillars.is_empty() || filters.pillars.iter().any(|p| entry.pillars.contains(p)))
        && (filters.sdgs.is_empty() || filters.sdgs.iter().any(|g| entry.sdgs.contains(g)))
}

fn ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    ids.collect::<Vec<_>>().join(", ")
}
