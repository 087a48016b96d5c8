//! The toolkit's knowledge base: challenges → solutions → resources, and the framework data.
#![forbid(unsafe_code)]

mod analysis;
mod base;
mod embedded;
mod entry;
mod error;
mod fields;
mod framework;
mod language;
mod load;
mod taxonomy;

pub use base::KnowledgeBase;
pub use embedded::files as shipped_files;
pub use entry::{Entry, EntryKind, EntryText, Localized, Provenance, ResourceType, Source};
pub use error::{ContentError, ContentErrors};
pub use framework::{Framework, Label, Labels, MaturityLevel, Pillar, PillarElement, label};
pub use language::{FALLBACK_LANGUAGE, Language, UnknownLanguage};
pub use load::ContentFile;
pub use taxonomy::{Taxonomy, Topic};
