//! Turning a reader's query into the term alternatives the index is searched for.
//!
//! Each query word becomes the terms it has under the reader's language and under English
//! (English words are common in every language's technical vocabulary, and English is the
//! fallback text). Adjacent words also form a phrase term, which titles, summaries and tags are
//! indexed with. Words that are stop words in the reader's language are dropped outright.
//! Finally the glossary adds the English form of any known concept the query names, so a
//! Spanish or Arabic reader reaches entries whose text is only in English and French.

use std::collections::{HashMap, HashSet};

use crate::analysis::{Analyzer, words};
use crate::index::{SearchIndex, Vocabulary};
use crate::language::{FALLBACK_LANGUAGE, Language};
use crate::taxonomy::GlossaryEntry;

/// A glossary concept, analysed once when the index is built.
pub(crate) struct GlossaryTerms {
    /// Per language, the first term of each word of the concept's name in that language.
    names: HashMap<Language, HashSet<String>>,
    english: String,
}

impl GlossaryTerms {
    pub fn new(entry: &GlossaryEntry, vocabulary: &mut Vocabulary) -> Option<Self> {
        let english = entry.terms.get(&FALLBACK_LANGUAGE)?.clone();
        let mut names = HashMap::new();
        for (&language, name) in &entry.terms {
            let terms: HashSet<String> = vocabulary
                .analyzer(language)
                .tokens(name)
                .into_iter()
                .filter_map(|t| t.terms.into_iter().next())
                .collect();
            if !terms.is_empty() {
                names.insert(language, terms);
            }
        }
        Some(GlossaryTerms { names, english })
    }
}

/// The analysed query.
pub(crate) struct Query {
    /// Per query word, phrase or glossary expansion: the term ids it may match.
    pub words: Vec<Vec<u32>>,
    /// Per language, the term ids to mark in text of that language.
    pub marks: HashMap<Language, HashSet<u32>>,
    /// Whether the reader typed any word that is not a stop word.
    typed: bool,
}

impl Query {
    /// True when the query has no meaningful word: the search then lists by filters only.
    pub fn is_empty(&self) -> bool {
        !self.typed
    }

    pub fn new(text: &str, reader: Language, index: &SearchIndex) -> Self {
        let owned_reader;
        let reader_analyzer = match index.analyzer(reader) {
            Some(a) => a,
            None => {
                owned_reader = Analyzer::new(reader);
                &owned_reader
            }
        };
        let owned_english;
        let english = match index.analyzer(FALLBACK_LANGUAGE) {
            Some(a) => a,
            None => {
                owned_english = Analyzer::new(FALLBACK_LANGUAGE);
                &owned_english
            }
        };
        let mut analyzers: Vec<&Analyzer> = vec![reader_analyzer];
        if reader != FALLBACK_LANGUAGE {
            analyzers.push(english);
        }

        let mut query = Query {
            words: Vec::new(),
            marks: HashMap::new(),
            typed: false,
        };
        let kept: Vec<&str> = words(text)
            .filter_map(|r| text.get(r))
            .filter(|w| !reader_analyzer.is_noise(w))
            .collect();
        query.typed = !kept.is_empty();
        let asked = query.add_phrase(&kept, &analyzers, index);

        if reader != FALLBACK_LANGUAGE {
            for concept in index.glossary() {
                let Some(name) = concept.names.get(&reader) else {
                    continue;
                };
                if name.is_subset(&asked) {
                    let english_words: Vec<&str> = words(&concept.english)
                        .filter_map(|r| concept.english.get(r))
                        .filter(|w| !english.is_noise(w))
                        .collect();
                    query.add_phrase(&english_words, &[english], index);
                }
            }
        }
        query
    }

    /// Adds each word and each adjacent pair as alternatives under every analyzer; returns the
    /// terms of the phrase under the first analyzer (the reader's language).
    fn add_phrase(
        &mut self,
        phrase: &[&str],
        analyzers: &[&Analyzer],
        index: &SearchIndex,
    ) -> HashSet<String> {
        let mut asked = HashSet::new();
        let mut previous: Vec<Option<u32>> = vec![None; analyzers.len()];
        for word in phrase {
            let mut variants: Vec<u32> = Vec::new();
            let mut pairs: Vec<u32> = Vec::new();
            for (a, analyzer) in analyzers.iter().enumerate() {
                let terms = analyzer.terms(word);
                if a == 0 {
                    asked.extend(terms.iter().cloned());
                }
                let ids: Vec<Option<u32>> = terms.iter().map(|t| index.term(t)).collect();
                let primary = ids.first().copied().flatten();
                if let (Some(before), Some(now)) = (previous[a], primary)
                    && let Some(pair) = index.phrase(before, now)
                {
                    pairs.push(pair);
                }
                previous[a] = primary;
                let marks = self.marks.entry(analyzer.language()).or_default();
                for id in ids.into_iter().flatten() {
                    marks.insert(id);
                    if !variants.contains(&id) {
                        variants.push(id);
                    }
                }
            }
            self.push(variants);
            self.push(pairs);
        }
        asked
    }

    fn push(&mut self, variants: Vec<u32>) {
        if !variants.is_empty() && !self.words.contains(&variants) {
            self.words.push(variants);
        }
    }
}
