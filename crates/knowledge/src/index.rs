//! The in-memory inverted index and its BM25F scoring.
//!
//! One *document* per entry and text language (an entry in en and fr is two documents), each
//! with four fields: title, summary, body and tags. Terms carry their language (`fr:don`), so
//! French and English stems never collide. The tags field holds the entry's topic and pillar
//! labels in every language the taxonomy gives (en, fr, es, ar), which is what lets a Spanish
//! or Arabic query find entries by topic even though their text is only in English and French.
//!
//! Titles, summaries and tags are also indexed with *phrase terms*, one per pair of adjacent
//! words, stored as a pair of term ids; a query phrase then outranks the same words apart.
//!
//! Analysis (lower-casing, folding, stemming) is done once per distinct word and language and
//! cached as term ids; the cache also serves highlighting, so showing results needs only hash
//! look-ups.

use std::collections::HashMap;

use crate::analysis::{Analyzer, words};
use crate::base::KnowledgeBase;
use crate::entry::Entry;
use crate::framework::Labels;
use crate::hashing::FastMap;
use crate::language::{FALLBACK_LANGUAGE, Language};
use crate::query::GlossaryTerms;

pub(crate) const TITLE: usize = 0;
pub(crate) const SUMMARY: usize = 1;
pub(crate) const BODY: usize = 2;
pub(crate) const TAGS: usize = 3;
const FIELDS: usize = 4;

/// Field weights: a match in the title says most about what an entry is about.
const WEIGHT: [f32; FIELDS] = [3.0, 1.5, 1.0, 2.0];
/// Length normalisation per field (BM25's b): titles and tags are short and even.
const LENGTH_NORM: [f32; FIELDS] = [0.5, 0.75, 0.75, 0.3];
/// BM25's term-frequency saturation.
const K1: f32 = 1.2;

/// A document in another language than the reader's counts less, so an English match does not
/// outrank a French one for a French reader, yet still finds the entry.
const OTHER_LANGUAGE_WEIGHT: f32 = 0.5;

#[derive(Debug, Clone, Copy)]
struct Posting {
    doc: u32,
    /// Occurrences per field, saturating at 255: BM25 saturates far earlier.
    tf: [u8; FIELDS],
}

#[derive(Debug, Clone, Copy)]
struct Document {
    entry: u32,
    language: Language,
    len: [u32; FIELDS],
}

/// Searchable knowledge base. Build it once at start (or after an admin's edit) and share it.
pub struct SearchIndex {
    kb: KnowledgeBase,
    glossary: Vec<GlossaryTerms>,
    vocabulary: Vocabulary,
    documents: Vec<Document>,
    /// Range of document ids of each entry (documents are stored entry by entry).
    entry_documents: Vec<(u32, u32)>,
    avg_len: [f32; FIELDS],
}

/// A scored entry before filtering and highlighting.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scored {
    pub entry: usize,
    pub score: f32,
}

impl SearchIndex {
    /// Indexes every entry of `kb` in every language it has text in.
    pub fn new(kb: KnowledgeBase) -> Self {
        let mut vocabulary = Vocabulary::default();
        let mut documents = Vec::new();
        let mut entry_documents = Vec::with_capacity(kb.entries().len());
        let label_terms = LabelTerms::new(&kb, &mut vocabulary);
        let mut total_len = [0u64; FIELDS];
        let mut counts: FastMap<u32, [u8; FIELDS]> = FastMap::default();
        for (entry_no, entry) in kb.entries().iter().enumerate() {
            let first = documents.len() as u32;
            let tags = vocabulary.tag_terms(entry, &label_terms);
            for (&language, text) in &entry.texts {
                counts.clear();
                let mut len = [0u32; FIELDS];
                for (field, content) in [
                    (TITLE, &text.title),
                    (SUMMARY, &text.summary),
                    (BODY, &text.body),
                ] {
                    // Phrase terms only for the short fields: enough to rank a phrase match
                    // first, without doubling the size of the body postings.
                    let phrases = field != BODY;
                    len[field] = vocabulary.analyse(language, content, phrases, &mut |id| {
                        bump(&mut counts, id, field)
                    });
                }
                len[TAGS] = tags.len() as u32;
                for &id in &tags {
                    bump(&mut counts, id, TAGS);
                }
                let doc = documents.len() as u32;
                for (&term, &tf) in &counts {
                    vocabulary.postings[term as usize].push(Posting { doc, tf });
                }
                for (total, l) in total_len.iter_mut().zip(len) {
                    *total += u64::from(l);
                }
                documents.push(Document {
                    entry: entry_no as u32,
                    language,
                    len,
                });
            }
            entry_documents.push((first, documents.len() as u32));
        }
        for list in &mut vocabulary.postings {
            list.shrink_to_fit();
        }
        let glossary = kb
            .taxonomy()
            .glossary
            .iter()
            .filter_map(|g| GlossaryTerms::new(g, &mut vocabulary))
            .collect();
        let n = documents.len().max(1) as f32;
        let mut avg_len = [0f32; FIELDS];
        for (avg, total) in avg_len.iter_mut().zip(total_len) {
            *avg = (total as f32 / n).max(1.0);
        }
        SearchIndex {
            kb,
            glossary,
            vocabulary,
            documents,
            entry_documents,
            avg_len,
        }
    }

    pub fn kb(&self) -> &KnowledgeBase {
        &self.kb
    }

    /// Number of indexed documents (entry × language).
    pub fn document_count(&self) -> usize {
        self.documents.len()
    }

    /// Number of distinct terms, phrase terms included.
    pub fn term_count(&self) -> usize {
        self.vocabulary.postings.len()
    }

    pub(crate) fn glossary(&self) -> &[GlossaryTerms] {
        &self.glossary
    }

    /// The analyzer for `language`, if any text in it was indexed.
    pub(crate) fn analyzer(&self, language: Language) -> Option<&Analyzer> {
        self.vocabulary.analyzers.get(&language)
    }

    /// The id of a term, if any document holds it.
    pub(crate) fn term(&self, term: &str) -> Option<u32> {
        self.vocabulary.terms.get(term).copied()
    }

    /// The id of the phrase term for two adjacent words, if any document holds it.
    pub(crate) fn phrase(&self, first: u32, second: u32) -> Option<u32> {
        self.vocabulary.phrases.get(&(first, second)).copied()
    }

    /// The term ids of a word as it was written in indexed text of `language`; `None` if the
    /// word never occurred (then the caller analyses it).
    pub(crate) fn word_terms(&self, language: Language, word: &str) -> Option<&[u32]> {
        self.vocabulary
            .words
            .get(&language)
            .and_then(|w| w.get(word))
            .map(|ids| &ids[..])
    }

    /// BM25F score of every entry that matches at least one query word, for a reader of
    /// `language`. `words` holds, per query word, the term ids it may match.
    pub(crate) fn score(&self, words: &[Vec<u32>], language: Language) -> Vec<Scored> {
        let n = self.documents.len() as f32;
        let mut doc_score = vec![0f32; self.documents.len()];
        let mut word_best = vec![0f32; self.documents.len()];
        let mut word_seen = vec![u32::MAX; self.documents.len()];
        let mut touched: Vec<u32> = Vec::new();
        let mut matched_docs: Vec<u32> = Vec::new();
        for (w, variants) in words.iter().enumerate() {
            let w = w as u32;
            touched.clear();
            for &id in variants {
                let list = &self.vocabulary.postings[id as usize];
                let df = list.len() as f32;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                for posting in list {
                    let doc = &self.documents[posting.doc as usize];
                    let mut tf = 0f32;
                    for f in 0..FIELDS {
                        if posting.tf[f] > 0 {
                            let norm = 1.0 - LENGTH_NORM[f]
                                + LENGTH_NORM[f] * doc.len[f] as f32 / self.avg_len[f];
                            tf += WEIGHT[f] * f32::from(posting.tf[f]) / norm;
                        }
                    }
                    let s = idf * tf * (K1 + 1.0) / (tf + K1);
                    let d = posting.doc as usize;
                    if word_seen[d] != w {
                        word_seen[d] = w;
                        word_best[d] = s;
                        touched.push(posting.doc);
                    } else if s > word_best[d] {
                        word_best[d] = s;
                    }
                }
            }
            for &d in &touched {
                let d = d as usize;
                if doc_score[d] == 0.0 {
                    matched_docs.push(d as u32);
                }
                doc_score[d] += word_best[d];
            }
        }
        // Best document per entry, weighted by language.
        let mut entry_best = vec![0f32; self.entry_documents.len()];
        let mut matched_entries = Vec::new();
        for &d in &matched_docs {
            let doc = &self.documents[d as usize];
            let s = doc_score[d as usize] * self.language_weight(doc, language);
            let slot = &mut entry_best[doc.entry as usize];
            if *slot == 0.0 {
                matched_entries.push(doc.entry as usize);
            }
            if s > *slot {
                *slot = s;
            }
        }
        matched_entries
            .into_iter()
            .map(|entry| Scored {
                entry,
                score: entry_best[entry],
            })
            .collect()
    }

    fn language_weight(&self, doc: &Document, reader: Language) -> f32 {
        if doc.language == reader {
            return 1.0;
        }
        let (first, last) = self.entry_documents[doc.entry as usize];
        let has_reader_language =
            (first..last).any(|d| self.documents[d as usize].language == reader);
        if !has_reader_language && doc.language == FALLBACK_LANGUAGE {
            // The reader will be shown this text as a fallback: rank it as their own.
            1.0
        } else {
            OTHER_LANGUAGE_WEIGHT
        }
    }
}

/// Terms, phrase terms, their postings, the analyzers, and the per-word analysis cache.
#[derive(Default)]
pub(crate) struct Vocabulary {
    analyzers: HashMap<Language, Analyzer>,
    terms: FastMap<Box<str>, u32>,
    phrases: FastMap<(u32, u32), u32>,
    /// Per language, each distinct word as written → its term ids (empty for stop words).
    words: FastMap<Language, FastMap<Box<str>, Box<[u32]>>>,
    postings: Vec<Vec<Posting>>,
}

impl Vocabulary {
    pub(crate) fn analyzer(&mut self, language: Language) -> &Analyzer {
        self.analyzers
            .entry(language)
            .or_insert_with(|| Analyzer::new(language))
    }

    fn new_id(&mut self) -> u32 {
        let id = self.postings.len() as u32;
        self.postings.push(Vec::new());
        id
    }

    fn term_id(&mut self, term: String) -> u32 {
        if let Some(&id) = self.terms.get(term.as_str()) {
            return id;
        }
        let id = self.new_id();
        self.terms.insert(term.into_boxed_str(), id);
        id
    }

    fn phrase_id(&mut self, first: u32, second: u32) -> u32 {
        if let Some(&id) = self.phrases.get(&(first, second)) {
            return id;
        }
        let id = self.new_id();
        self.phrases.insert((first, second), id);
        id
    }

    /// Appends the term ids of `word` (analysed once per language and spelling) to `out`.
    fn word_ids(&mut self, language: Language, word: &str, out: &mut Vec<u32>) {
        if let Some(ids) = self.words.get(&language).and_then(|w| w.get(word)) {
            out.extend_from_slice(ids);
            return;
        }
        let terms = self.analyzer(language).terms(word);
        let ids: Box<[u32]> = terms.into_iter().map(|t| self.term_id(t)).collect();
        out.extend_from_slice(&ids);
        self.words
            .entry(language)
            .or_default()
            .insert(word.into(), ids);
    }

    /// Emits the term ids of every word of `text` (and phrase ids if asked); returns the
    /// number of words that are not stop words.
    pub(crate) fn analyse(
        &mut self,
        language: Language,
        text: &str,
        phrases: bool,
        emit: &mut dyn FnMut(u32),
    ) -> u32 {
        let mut count = 0;
        let mut previous: Option<u32> = None;
        let mut ids = Vec::new();
        for range in words(text) {
            ids.clear();
            self.word_ids(language, text.get(range).unwrap_or_default(), &mut ids);
            let Some(&primary) = ids.first() else {
                continue;
            };
            count += 1;
            if phrases {
                if let Some(before) = previous {
                    emit(self.phrase_id(before, primary));
                }
                previous = Some(primary);
            }
            for &id in &ids {
                emit(id);
            }
        }
        count
    }

    /// Terms of the entry's topic and pillar labels (all languages) and its free tags.
    fn tag_terms(&mut self, entry: &Entry, labels: &LabelTerms) -> Vec<u32> {
        let mut out = Vec::new();
        for topic in &entry.topics {
            out.extend(labels.topics.get(topic).into_iter().flatten());
        }
        for pillar in &entry.pillars {
            out.extend(labels.pillars.get(pillar).into_iter().flatten());
        }
        for tag in &entry.tags {
            self.analyse(FALLBACK_LANGUAGE, tag, true, &mut |id| out.push(id));
        }
        out
    }
}

fn bump(counts: &mut FastMap<u32, [u8; FIELDS]>, term: u32, field: usize) {
    let tf = counts.entry(term).or_insert([0; FIELDS]);
    tf[field] = tf[field].saturating_add(1);
}

/// Term ids of every topic and pillar label, computed once per index build.
struct LabelTerms {
    topics: HashMap<String, Vec<u32>>,
    pillars: HashMap<String, Vec<u32>>,
}

impl LabelTerms {
    fn new(kb: &KnowledgeBase, vocabulary: &mut Vocabulary) -> Self {
        let mut topics = HashMap::new();
        for topic in &kb.taxonomy().topics {
            topics.insert(topic.id.clone(), label_terms(&topic.labels, vocabulary));
        }
        let mut pillars = HashMap::new();
        for pillar in &kb.framework().pillars {
            pillars.insert(pillar.id.clone(), label_terms(&pillar.labels, vocabulary));
        }
        LabelTerms { topics, pillars }
    }
}

fn label_terms(labels: &Labels, vocabulary: &mut Vocabulary) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    for (&language, label) in labels {
        vocabulary.analyse(language, &label.name, true, &mut |id| {
            if !out.contains(&id) {
                out.push(id);
            }
        });
    }
    out
}
