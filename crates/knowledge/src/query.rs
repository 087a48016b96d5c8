//! Turning a reader's query into the term alternatives the index is searched for.
//!
//! Each query word becomes the terms it has under the reader's language and under English
//! (English words are common in every language's technical vocabulary, and English is the
//! fallback text). Adjacent words also form a phrase term, which titles and summaries are
//! indexed with. Words that are stop words in the reader's language are dropped outright.
//! Finally the glossary adds the English form of any known concept the query names, so a
//! Spanish or Arabic reader reaches entries whose text is only in English and French.

use std::collections::{HashMap, HashSet};

use crate::analysis::{Analyzer, bigram, words};
use crate::language::{FALLBACK_LANGUAGE, Language};
use crate::taxonomy::GlossaryEntry;

/// A glossary concept, analysed once when the index is built.
pub(crate) struct GlossaryTerms {
    /// Per language, the terms of the concept's name in that language.
    names: HashMap<Language, HashSet<String>>,
    english: String,
}

impl GlossaryTerms {
    pub fn new(
        entry: &GlossaryEntry,
        analyzers: &mut dyn FnMut(Language) -> Analyzer,
    ) -> Option<Self> {
        let english = entry.terms.get(&FALLBACK_LANGUAGE)?.clone();
        let mut names = HashMap::new();
        for (&language, name) in &entry.terms {
            let analyzer = analyzers(language);
            let terms: HashSet<String> = analyzer
                .tokens(name)
                .into_iter()
                .flat_map(|t| t.terms.into_iter().take(1))
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
    /// Per query word, phrase or glossary expansion: the terms it may match.
    pub words: Vec<Vec<String>>,
    /// Per language, the terms to mark in text of that language.
    pub marks: HashMap<Language, HashSet<String>>,
}

impl Query {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn new<'a>(
        text: &str,
        reader: Language,
        analyzer_for: &dyn Fn(Language) -> Option<&'a Analyzer>,
        glossary: &[GlossaryTerms],
    ) -> Self {
        let owned_reader;
        let reader_analyzer = match analyzer_for(reader) {
            Some(a) => a,
            None => {
                owned_reader = Analyzer::new(reader);
                &owned_reader
            }
        };
        let owned_english;
        let english = match analyzer_for(FALLBACK_LANGUAGE) {
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
        };
        let kept: Vec<&str> = words(text)
            .filter_map(|r| text.get(r))
            .filter(|w| !reader_analyzer.is_noise(w))
            .collect();
        query.add_phrase(&kept, &analyzers);

        if reader != FALLBACK_LANGUAGE {
            let asked: HashSet<String> = query.marks.get(&reader).cloned().unwrap_or_default();
            for concept in glossary {
                let Some(name) = concept.names.get(&reader) else {
                    continue;
                };
                if name.is_subset(&asked) {
                    let english_words: Vec<&str> = words(&concept.english)
                        .filter_map(|r| concept.english.get(r))
                        .filter(|w| !english.is_noise(w))
                        .collect();
                    query.add_phrase(&english_words, &[english]);
                }
            }
        }
        query
    }

    /// Adds each word and each adjacent pair as alternatives under every analyzer.
    fn add_phrase(&mut self, phrase: &[&str], analyzers: &[&Analyzer]) {
        let mut previous: Vec<Option<String>> = vec![None; analyzers.len()];
        for word in phrase {
            let mut variants: Vec<String> = Vec::new();
            let mut pairs: Vec<String> = Vec::new();
            for (a, analyzer) in analyzers.iter().enumerate() {
                let terms = analyzer.terms(word);
                let primary = terms.first().cloned();
                if let (Some(before), Some(now)) = (&previous[a], &primary) {
                    pairs.push(bigram(before, now));
                }
                previous[a] = primary;
                let marks = self.marks.entry(analyzer.language()).or_default();
                for term in terms {
                    marks.insert(term.clone());
                    if !variants.contains(&term) {
                        variants.push(term);
                    }
                }
            }
            self.push(variants);
            self.push(pairs);
        }
    }

    fn push(&mut self, variants: Vec<String>) {
        if !variants.is_empty() && !self.words.contains(&variants) {
            self.words.push(variants);
        }
    }
}
