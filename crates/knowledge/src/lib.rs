//! The toolkit's knowledge base: the ITU toolkit's "one-stop guide" as **challenges →
//! solutions → resources** (standards, publications, case studies, tools), tagged by topic,
//! pillar and SDG, with the five-pillar framework and maturity scale as editable data, and a
//! multilingual full-text search.
//!
//! Content is TOML, one file per entry, compiled into the binary ([`KnowledgeBase::shipped`])
//! and also loadable from bytes a caller read elsewhere ([`KnowledgeBase::from_files`]), so a
//! platform admin's edits or a national hub's replacement need no code change. Loading checks
//! ids, links, tags and required languages and names the file and field of every problem.
//!
//! Search is an in-memory inverted index with BM25F over title, summary, body and tags, with
//! Snowball stemming per language and accent folding; results come back in the reader's
//! language or, marked as a fallback, in English, with the matched words as segments.
//!
//! ```
//! use civitas_knowledge::{KnowledgeBase, Language, SearchIndex, SearchRequest};
//!
//! let kb = KnowledgeBase::shipped().expect("shipped content is valid");
//! let index = SearchIndex::new(kb);
//! let request = SearchRequest::new("données ouvertes").language(Language::Fr).limit(3);
//! let results = index.search(&request).expect("known filters");
//! let best = &results.hits[0];
//! assert_eq!(best.language, Language::Fr);
//! assert!(best.title.marks().count() + best.summary.marks().count() > 0);
//! ```
//!
//! No file-system or network access happens here: the caller supplies bytes.
#![forbid(unsafe_code)]

mod analysis;
mod base;
mod embedded;
mod entry;
mod error;
mod fields;
mod framework;
mod hashing;
mod highlight;
mod index;
mod language;
mod load;
mod query;
mod search;
mod suggest;
mod taxonomy;

pub use base::KnowledgeBase;
pub use embedded::files as shipped_files;
pub use entry::{Entry, EntryKind, EntryText, Localized, Provenance, ResourceType, Source};
pub use error::{ContentError, ContentErrors};
pub use framework::{Framework, Label, Labels, MaturityLevel, Pillar, PillarElement, label};
pub use highlight::{Highlighted, Segment};
pub use index::SearchIndex;
pub use language::{FALLBACK_LANGUAGE, Language, UnknownLanguage};
pub use load::ContentFile;
pub use search::{Filters, SearchError, SearchHit, SearchRequest, SearchResults};
pub use suggest::{Reason, SuggestRequest, Suggestion, Suggestions};
pub use taxonomy::{GlossaryEntry, Taxonomy, Topic};
