//! The loaded knowledge base: framework, taxonomy and entries, with look-ups by id and the
//! reverse links (which challenges a solution answers, which solutions use a resource).

use std::collections::HashMap;

use crate::entry::{Entry, EntryKind};
use crate::error::ContentErrors;
use crate::framework::Framework;
use crate::load::{ContentFile, load};
use crate::taxonomy::Taxonomy;

/// Checked, cross-linked content. Build it with [`KnowledgeBase::shipped`] or
/// [`KnowledgeBase::from_files`].
#[derive(Debug, Clone)]
pub struct KnowledgeBase {
    framework: Framework,
    taxonomy: Taxonomy,
    /// Sorted by id, so listings and tie-breaks are stable.
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    linked_from: Vec<Vec<usize>>,
}

impl KnowledgeBase {
    pub(crate) fn new(framework: Framework, taxonomy: Taxonomy, mut entries: Vec<Entry>) -> Self {
        entries.sort_by(|a, b| a.id.cmp(&b.id));
        let by_id: HashMap<String, usize> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let mut linked_from = vec![Vec::new(); entries.len()];
        for (i, entry) in entries.iter().enumerate() {
            for target in &entry.links {
                if let Some(&t) = by_id.get(target) {
                    linked_from[t].push(i);
                }
            }
        }
        KnowledgeBase {
            framework,
            taxonomy,
            entries,
            by_id,
            linked_from,
        }
    }

    /// The content compiled into the binary (`crates/knowledge/content`).
    pub fn shipped() -> Result<Self, ContentErrors> {
        Self::from_files(crate::embedded::files())
    }

    /// Content from files read by the caller (a hub's folder, an admin's edits): paths are
    /// relative to the content folder, e.g. `pillars.toml` or `solution/open-data.toml`.
    /// Files not ending in `.toml` are ignored.
    pub fn from_files<'a>(
        files: impl IntoIterator<Item = ContentFile<'a>>,
    ) -> Result<Self, ContentErrors> {
        load(files)
    }

    pub fn framework(&self) -> &Framework {
        &self.framework
    }

    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// All entries, sorted by id.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }

    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The entries an entry links to (its solutions, or its resources).
    pub fn links(&self, entry: &Entry) -> Vec<&Entry> {
        entry.links.iter().filter_map(|id| self.entry(id)).collect()
    }

    /// The entries that link to this one (the challenges a solution answers, …).
    pub fn linked_from(&self, entry: &Entry) -> Vec<&Entry> {
        self.position(&entry.id)
            .map(|i| {
                self.linked_from[i]
                    .iter()
                    .map(|&j| &self.entries[j])
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn count(&self, kind: EntryKind) -> usize {
        self.entries.iter().filter(|e| e.kind == kind).count()
    }
}
