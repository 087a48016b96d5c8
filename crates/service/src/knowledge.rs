//! The toolkit's knowledge base in the product: the content shipped in the
//! binary (`civitas_knowledge`) with a platform admin's stored edits laid
//! over it, searchable by everyone without signing in.
//!
//! The live knowledge base is the shipped files with each stored edit
//! replacing (or adding) one file, checked by
//! [`KnowledgeBase::from_files`]. It is built once, kept as an
//! `Arc<SearchIndex>` behind a lock, and rebuilt after every save or revert.
//! An edit that does not load is refused with its file and field problems and
//! nothing is stored. A stored edit that no longer loads with a newer
//! binary's content (a topic removed, say) is skipped, logged and listed for
//! the admins, so the guide never goes dark.

use crate::error::FileProblem;
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::{Action, policy};
use civitas_knowledge::{ContentErrors, ContentFile, KnowledgeBase, SearchRequest, SuggestRequest};
use civitas_store::{KnowledgeChangeRow, KnowledgeEditRow};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

pub use civitas_knowledge::{
    Entry, EntryKind, EntryText, FALLBACK_LANGUAGE, Framework, Highlighted, Label, Labels,
    Language, Pillar, PillarElement, Provenance, Reason, ResourceType, SearchHit, Segment, Source,
    Suggestion, Suggestions, Taxonomy, Topic, UnknownLanguage, label,
};

/// The largest entry file an admin may save.
pub const MAX_ENTRY_BYTES: usize = 64 * 1024;
/// The most results one page of a search shows.
pub const MAX_PER_PAGE: usize = 50;
/// How many changes the history lists.
const HISTORY_LIMIT: i64 = 200;

/// The knowledge base as it is now, with what was layered over the shipped files.
pub struct LiveKnowledge {
    index: Arc<civitas_knowledge::SearchIndex>,
    /// Stored edits in effect, by path.
    edits: BTreeMap<String, KnowledgeEditRow>,
    /// Stored edits left out because they no longer load, with the problems.
    skipped: Vec<(KnowledgeEditRow, Vec<String>)>,
}

impl LiveKnowledge {
    pub fn index(&self) -> &Arc<civitas_knowledge::SearchIndex> {
        &self.index
    }

    pub fn kb(&self) -> &KnowledgeBase {
        self.index.kb()
    }
}

/// The cached live knowledge base (one per process).
#[derive(Default)]
pub struct KnowledgeCache {
    live: RwLock<Option<(u64, Arc<LiveKnowledge>)>>,
    generation: AtomicU64,
}

/// A search as a reader asks it (page and form parameters, or the API's).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnowledgeQuery {
    pub text: String,
    pub language: Language,
    pub kinds: Vec<EntryKind>,
    pub topics: Vec<String>,
    pub pillars: Vec<String>,
    pub sdgs: Vec<u8>,
    /// From 1.
    pub page: usize,
    pub per_page: usize,
}

/// One page of results.
#[derive(Debug, Clone, Serialize)]
pub struct KnowledgeResults {
    /// Every entry that matched and passed the filters.
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub pages: usize,
    pub hits: Vec<SearchHit>,
    /// Filter values that name nothing in the content (a stale link, a typo),
    /// as `topic=watr`; they were left out of the search.
    pub ignored: Vec<String>,
}

/// An entry another one links to or is linked from, as lists show it.
#[derive(Debug, Clone, Serialize)]
pub struct LinkedEntry {
    pub id: String,
    pub kind: EntryKind,
    pub resource_type: Option<ResourceType>,
    pub title: String,
    pub language: Language,
    pub fallback: bool,
}

/// One entry for a reader, with the chain it sits in.
#[derive(Debug, Clone, Serialize)]
pub struct EntryView {
    pub entry: Entry,
    /// The language of `text`; `fallback` when it is not the one asked for.
    pub language: Language,
    pub fallback: bool,
    pub text: EntryText,
    /// What it leads to: a challenge's solutions, a solution's resources.
    pub links: Vec<LinkedEntry>,
    /// What leads to it: the challenges a solution answers, the solutions using a resource.
    pub linked_from: Vec<LinkedEntry>,
    /// True when the entry is in the shipped content (false: added by an admin).
    pub shipped: bool,
    /// The stored edit in effect, if any.
    pub edited_at: Option<i64>,
    pub edited_by: Option<String>,
}

/// A topic or pillar with how many entries carry it, for browsing.
#[derive(Debug, Clone, Serialize)]
pub struct FacetCount {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub count: usize,
}

/// The shape of the guide, for browsing and filter lists.
#[derive(Debug, Clone, Serialize)]
pub struct KnowledgeCatalogue {
    pub topics: Vec<FacetCount>,
    pub pillars: Vec<PillarFacet>,
    /// Entries per kind, in the order challenge, solution, resource.
    pub kinds: Vec<(EntryKind, usize)>,
    /// Entries per SDG that has any.
    pub sdgs: Vec<(u8, usize)>,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PillarFacet {
    #[serde(flatten)]
    pub pillar: FacetCount,
    pub elements: Vec<FacetCount>,
}

/// An entry's file as an admin edits it.
#[derive(Debug, Clone, Serialize)]
pub struct EntrySource {
    pub id: String,
    pub path: String,
    /// The text in effect: the stored edit, else the shipped file.
    pub toml: String,
    /// The shipped file, if the entry ships with Civitas.
    pub shipped_toml: Option<String>,
    pub edit: Option<KnowledgeEditRow>,
    /// Changes to this file, newest first.
    pub history: Vec<KnowledgeChangeRow>,
}

/// What a save did.
#[derive(Debug, Clone, Serialize)]
pub struct SavedEntry {
    pub id: String,
    pub path: String,
    /// True when the entry did not exist before.
    pub created: bool,
    /// False when the text was the one already in effect.
    pub changed: bool,
}

/// A stored edit as the admins' list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct EditedEntry {
    pub edit: KnowledgeEditRow,
    pub title: Option<String>,
    pub kind: Option<EntryKind>,
    /// True when the file also ships (an override), false for an added entry.
    pub shipped: bool,
    /// Problems that keep the edit out of the live knowledge base (empty when in effect).
    pub problems: Vec<String>,
}

/// The admins' overview of edits.
#[derive(Debug, Clone, Serialize)]
pub struct KnowledgeEdits {
    pub edits: Vec<EditedEntry>,
    /// Changes to every file, newest first.
    pub changes: Vec<KnowledgeChangeRow>,
}

fn shipped_text(path: &str) -> Option<&'static [u8]> {
    civitas_knowledge::shipped_files()
        .find(|f| f.path == path)
        .map(|f| f.bytes)
}

/// Shipped files with `overrides` (path → text) replacing or adding files.
fn load<'a>(overrides: &'a BTreeMap<String, String>) -> Result<KnowledgeBase, ContentErrors> {
    let mut files: Vec<ContentFile<'a>> = civitas_knowledge::shipped_files()
        .filter(|f| !overrides.contains_key(f.path))
        .map(|f| ContentFile {
            path: f.path,
            bytes: f.bytes,
        })
        .collect();
    files.extend(overrides.iter().map(|(path, text)| ContentFile {
        path,
        bytes: text.as_bytes(),
    }));
    KnowledgeBase::from_files(files)
}

fn problems(errors: &ContentErrors) -> Vec<FileProblem> {
    errors
        .0
        .iter()
        .map(|e| {
            let text = e.to_string();
            let prefix = format!("{}: ", e.file());
            let message = text.strip_prefix(&prefix).unwrap_or(&text).to_string();
            FileProblem::new(e.file(), message)
        })
        .collect()
}

/// Builds the live knowledge base from stored edits, leaving out edits that no
/// longer load (each round drops the edits the problems name).
fn build(edits: Vec<KnowledgeEditRow>) -> Result<LiveKnowledge, ServiceError> {
    let mut in_effect: BTreeMap<String, KnowledgeEditRow> =
        edits.into_iter().map(|e| (e.path.clone(), e)).collect();
    let mut skipped = Vec::new();
    loop {
        let texts = in_effect
            .iter()
            .map(|(p, e)| (p.clone(), e.toml.clone()))
            .collect();
        match load(&texts) {
            Ok(kb) => {
                return Ok(LiveKnowledge {
                    index: Arc::new(civitas_knowledge::SearchIndex::new(kb)),
                    edits: in_effect,
                    skipped,
                });
            }
            Err(errors) => {
                let named: BTreeSet<&str> = errors.0.iter().map(|e| e.file()).collect();
                let mut culprits: Vec<String> = in_effect
                    .keys()
                    .filter(|p| named.contains(p.as_str()))
                    .cloned()
                    .collect();
                // A problem in a shipped file caused by an edit (a link to an id the
                // edit removed): without a named edit, drop the newest one.
                if culprits.is_empty() {
                    match in_effect.values().max_by_key(|e| e.edited_at) {
                        Some(newest) => culprits.push(newest.path.clone()),
                        None => {
                            tracing::error!(%errors, "the shipped knowledge base does not load");
                            return Err(ServiceError::Internal("shipped knowledge base"));
                        }
                    }
                }
                for path in culprits {
                    if let Some(edit) = in_effect.remove(&path) {
                        let mine: Vec<String> = errors
                            .0
                            .iter()
                            .filter(|e| e.file() == path)
                            .map(|e| e.to_string())
                            .collect();
                        tracing::warn!(path, problems = ?mine, "a stored knowledge-base edit no longer loads; skipped");
                        skipped.push((edit, mine));
                    }
                }
            }
        }
    }
}

fn is_entry_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 120
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn linked(entry: &Entry, language: Language) -> Option<LinkedEntry> {
    let text = entry.text(language)?;
    Some(LinkedEntry {
        id: entry.id.clone(),
        kind: entry.kind,
        resource_type: entry.resource_type,
        title: text.value.title.clone(),
        language: text.language,
        fallback: text.fallback,
    })
}

fn facet(id: &str, labels: &Labels, language: Language, count: usize) -> FacetCount {
    let picked = label(labels, language);
    FacetCount {
        id: id.to_string(),
        name: picked
            .as_ref()
            .map_or_else(|| id.to_string(), |l| l.value.name.clone()),
        description: picked.and_then(|l| l.value.description.clone()),
        count,
    }
}

impl Civitas {
    /// The live knowledge base, built on first use.
    pub async fn live_knowledge(&self) -> Result<Arc<LiveKnowledge>, ServiceError> {
        if let Some((_, live)) = self.knowledge_slot().as_ref() {
            return Ok(live.clone());
        }
        self.reload_knowledge().await
    }

    fn knowledge_slot(&self) -> std::sync::RwLockReadGuard<'_, Option<(u64, Arc<LiveKnowledge>)>> {
        // A poisoned lock only means a panic elsewhere; the value is still whole.
        self.knowledge
            .live
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Rebuilds the live knowledge base from storage and the shipped files.
    /// Of two rebuilds running at once, the one that started last wins.
    async fn reload_knowledge(&self) -> Result<Arc<LiveKnowledge>, ServiceError> {
        let generation = self.knowledge.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let edits = self.store.knowledge_edits().await?;
        let live = Arc::new(build(edits)?);
        let mut slot = self
            .knowledge
            .live
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match slot.as_ref() {
            Some((current, newer)) if *current > generation => Ok(newer.clone()),
            _ => {
                *slot = Some((generation, live.clone()));
                Ok(live)
            }
        }
    }

    /// Full-text search with filters, one page at a time (open to everyone).
    pub async fn search_knowledge(
        &self,
        query: &KnowledgeQuery,
    ) -> Result<KnowledgeResults, ServiceError> {
        let live = self.live_knowledge().await?;
        let kb = live.kb();
        let mut ignored = Vec::new();
        let mut request = SearchRequest::new(query.text.trim()).language(query.language);
        request.filters.kinds = query.kinds.clone();
        for topic in &query.topics {
            if kb.taxonomy().topic(topic).is_some() {
                request.filters.topics.push(topic.clone());
            } else {
                ignored.push(format!("topic={topic}"));
            }
        }
        for pillar in &query.pillars {
            if kb.framework().pillar(pillar).is_some() {
                request.filters.pillars.push(pillar.clone());
            } else {
                ignored.push(format!("pillar={pillar}"));
            }
        }
        for &goal in &query.sdgs {
            if (1..=17).contains(&goal) {
                request.filters.sdgs.push(goal);
            } else {
                ignored.push(format!("sdg={goal}"));
            }
        }
        let per_page = query.per_page.clamp(1, MAX_PER_PAGE);
        let page = query.page.max(1);
        request.limit = page.saturating_mul(per_page);
        let results = live.index().search(&request).map_err(|e| {
            tracing::error!(error = %e, "a checked knowledge search was refused");
            ServiceError::Internal("knowledge search")
        })?;
        let hits = results
            .hits
            .into_iter()
            .skip((page - 1) * per_page)
            .collect();
        Ok(KnowledgeResults {
            total: results.total,
            page,
            per_page,
            pages: results.total.div_ceil(per_page).max(1),
            hits,
            ignored,
        })
    }

    /// One entry in the reader's language, with what it links to and from.
    pub async fn knowledge_entry(
        &self,
        id: &str,
        language: Language,
    ) -> Result<EntryView, ServiceError> {
        let live = self.live_knowledge().await?;
        let kb = live.kb();
        let entry = kb.entry(id).ok_or(ServiceError::NotFound)?;
        let text = entry.text(language).ok_or(ServiceError::NotFound)?;
        let edit = live.edits.get(&entry.file);
        Ok(EntryView {
            language: text.language,
            fallback: text.fallback,
            text: text.value.clone(),
            links: kb
                .links(entry)
                .into_iter()
                .filter_map(|e| linked(e, language))
                .collect(),
            linked_from: kb
                .linked_from(entry)
                .into_iter()
                .filter_map(|e| linked(e, language))
                .collect(),
            shipped: shipped_text(&entry.file).is_some(),
            edited_at: edit.map(|e| e.edited_at),
            edited_by: edit.map(|e| e.edited_by.clone()),
            entry: entry.clone(),
        })
    }

    /// Topics, pillars with their elements, kinds and SDGs with entry counts.
    pub async fn knowledge_catalogue(
        &self,
        language: Language,
    ) -> Result<KnowledgeCatalogue, ServiceError> {
        let live = self.live_knowledge().await?;
        let kb = live.kb();
        let entries = kb.entries();
        let topics = kb
            .taxonomy()
            .topics
            .iter()
            .map(|t| {
                let n = entries.iter().filter(|e| e.topics.contains(&t.id)).count();
                facet(&t.id, &t.labels, language, n)
            })
            .collect();
        let pillars = kb
            .framework()
            .pillars
            .iter()
            .map(|p| PillarFacet {
                pillar: facet(
                    &p.id,
                    &p.labels,
                    language,
                    entries.iter().filter(|e| e.pillars.contains(&p.id)).count(),
                ),
                elements: p
                    .elements
                    .iter()
                    .map(|el| {
                        let n = entries
                            .iter()
                            .filter(|e| e.elements.contains(&el.id))
                            .count();
                        facet(&el.id, &el.labels, language, n)
                    })
                    .collect(),
            })
            .collect();
        let sdgs = (1..=17u8)
            .map(|g| (g, entries.iter().filter(|e| e.sdgs.contains(&g)).count()))
            .filter(|(_, n)| *n > 0)
            .collect();
        Ok(KnowledgeCatalogue {
            topics,
            pillars,
            kinds: EntryKind::ALL.iter().map(|k| (*k, kb.count(*k))).collect(),
            sdgs,
            total: entries.len(),
        })
    }

    /// Entries suggested by a city's gaps (pillar element ids, largest gap
    /// first) and digital-divide findings (topic ids or tags), with reasons.
    pub async fn suggest_knowledge(
        &self,
        gap_elements: Vec<String>,
        findings: Vec<String>,
        language: Language,
        limit: usize,
    ) -> Result<Suggestions, ServiceError> {
        let live = self.live_knowledge().await?;
        Ok(live.index().suggest(&SuggestRequest {
            gap_elements,
            findings,
            language,
            limit: limit.clamp(1, MAX_PER_PAGE),
        }))
    }

    /// The file of an entry to edit: its text in effect, the shipped text and
    /// the history (platform admins).
    pub async fn knowledge_source(
        &self,
        visitor: &Visitor,
        id: &str,
    ) -> Result<EntrySource, ServiceError> {
        policy::authorize(&visitor.actor, Action::EditKnowledgeBase)?;
        let live = self.live_knowledge().await?;
        let path = match live.kb().entry(id) {
            Some(entry) => entry.file.clone(),
            None => live
                .skipped
                .iter()
                .find(|(e, _)| e.entry_id == id)
                .map(|(e, _)| e.path.clone())
                .ok_or(ServiceError::NotFound)?,
        };
        let edit = self.store.knowledge_edit(&path).await?;
        let shipped_toml = shipped_text(&path).map(|b| String::from_utf8_lossy(b).into_owned());
        let toml = match (&edit, &shipped_toml) {
            (Some(edit), _) => edit.toml.clone(),
            (None, Some(shipped)) => shipped.clone(),
            (None, None) => return Err(ServiceError::NotFound),
        };
        let history = self
            .store
            .knowledge_changes(Some(&path), HISTORY_LIMIT)
            .await?;
        Ok(EntrySource {
            id: id.to_string(),
            path,
            toml,
            shipped_toml,
            edit,
            history,
        })
    }

    /// Where the file of entry `id` lives: its current file, or for a new
    /// entry `<kind>/<id>.toml` from the text's `kind`.
    fn entry_path(live: &LiveKnowledge, id: &str, toml: &str) -> Result<String, ServiceError> {
        if !is_entry_id(id) {
            return Err(ServiceError::NotFound);
        }
        if let Some(entry) = live.kb().entry(id) {
            return Ok(entry.file.clone());
        }
        if let Some((edit, _)) = live.skipped.iter().find(|(e, _)| e.entry_id == id) {
            return Ok(edit.path.clone());
        }
        let file = format!("{id}.toml");
        let table: toml::Table = toml.parse().map_err(|e: toml::de::Error| {
            ServiceError::BadFile(vec![FileProblem::new(
                &file,
                format!(
                    "not valid TOML: {}",
                    e.to_string().trim().replace('\n', " ")
                ),
            )])
        })?;
        let kind = table
            .get("kind")
            .and_then(|k| k.as_str())
            .ok_or_else(|| {
                ServiceError::BadFile(vec![FileProblem::new(
                    &file,
                    "field `kind`: missing: a new entry needs challenge, solution or resource"
                        .to_string(),
                )])
            })?
            .parse::<EntryKind>()
            .map_err(|e| {
                ServiceError::BadFile(vec![FileProblem::new(&file, format!("field `kind`: {e}"))])
            })?;
        Ok(format!("{}/{id}.toml", kind.as_str()))
    }

    /// Checks `toml` as the new text of entry `id` against the whole live
    /// knowledge base; returns the path and the entry as it would load.
    async fn check_entry(
        &self,
        visitor: &Visitor,
        id: &str,
        toml: &str,
    ) -> Result<(Arc<LiveKnowledge>, String, Entry), ServiceError> {
        policy::authorize(&visitor.actor, Action::EditKnowledgeBase)?;
        let live = self.live_knowledge().await?;
        let path = Self::entry_path(&live, id, toml)?;
        if toml.len() > MAX_ENTRY_BYTES {
            return Err(ServiceError::BadFile(vec![FileProblem::new(
                &path,
                format!(
                    "{} bytes: at most {MAX_ENTRY_BYTES} are accepted",
                    toml.len()
                ),
            )]));
        }
        let mut texts: BTreeMap<String, String> = live
            .edits
            .iter()
            .map(|(p, e)| (p.clone(), e.toml.clone()))
            .collect();
        texts.insert(path.clone(), toml.to_string());
        let kb = load(&texts).map_err(|errors| {
            // The edited file's own problems first, then what it broke elsewhere.
            let mut found = problems(&errors);
            found.sort_by_key(|p| p.file != path);
            ServiceError::BadFile(found)
        })?;
        let entry = kb.entry(id).cloned().ok_or_else(|| {
            ServiceError::BadFile(vec![FileProblem::new(
                &path,
                format!("field `id`: expected `{id}`"),
            )])
        })?;
        Ok((live, path, entry))
    }

    /// Checks an edit without saving it, for a preview (platform admins).
    pub async fn preview_knowledge_entry(
        &self,
        visitor: &Visitor,
        id: &str,
        toml: &str,
    ) -> Result<Entry, ServiceError> {
        self.check_entry(visitor, id, toml).await.map(|(_, _, e)| e)
    }

    /// Saves the text of entry `id` (an edit of a shipped entry, or a new
    /// entry) after checking it; a text that does not load is refused with
    /// every problem by file and field, and nothing is stored.
    pub async fn save_knowledge_entry(
        &self,
        visitor: &Visitor,
        id: &str,
        toml: &str,
    ) -> Result<SavedEntry, ServiceError> {
        let (live, path, _) = self.check_entry(visitor, id, toml).await?;
        let created = live.kb().entry(id).is_none();
        let current = live
            .edits
            .get(&path)
            .map(|e| e.toml.clone())
            .or_else(|| shipped_text(&path).map(|b| String::from_utf8_lossy(b).into_owned()));
        if current.as_deref() == Some(toml) && !live.skipped.iter().any(|(e, _)| e.path == path) {
            return Ok(SavedEntry {
                id: id.to_string(),
                path,
                created,
                changed: false,
            });
        }
        self.store
            .save_knowledge_edit(&self.change_by(visitor), &path, id, toml)
            .await?;
        self.reload_knowledge().await?;
        Ok(SavedEntry {
            id: id.to_string(),
            path,
            created,
            changed: true,
        })
    }

    /// Removes the stored edit of entry `id`: a shipped entry gets its shipped
    /// text back, an added entry goes away (refused while others link to it).
    pub async fn revert_knowledge_entry(
        &self,
        visitor: &Visitor,
        id: &str,
    ) -> Result<(), ServiceError> {
        policy::authorize(&visitor.actor, Action::EditKnowledgeBase)?;
        let live = self.live_knowledge().await?;
        let path = match live.kb().entry(id) {
            Some(entry) => entry.file.clone(),
            None => live
                .skipped
                .iter()
                .find(|(e, _)| e.entry_id == id)
                .map(|(e, _)| e.path.clone())
                .ok_or(ServiceError::NotFound)?,
        };
        if !live.edits.contains_key(&path) && !live.skipped.iter().any(|(e, _)| e.path == path) {
            return Err(ServiceError::NotFound);
        }
        let texts: BTreeMap<String, String> = live
            .edits
            .iter()
            .filter(|(p, _)| **p != path)
            .map(|(p, e)| (p.clone(), e.toml.clone()))
            .collect();
        load(&texts).map_err(|errors| ServiceError::BadFile(problems(&errors)))?;
        self.store
            .delete_knowledge_edit(&self.change_by(visitor), &path)
            .await?;
        self.reload_knowledge().await?;
        Ok(())
    }

    /// Every stored edit with whether it is in effect, and the latest changes
    /// (platform admins).
    pub async fn knowledge_edits(&self, visitor: &Visitor) -> Result<KnowledgeEdits, ServiceError> {
        policy::authorize(&visitor.actor, Action::EditKnowledgeBase)?;
        let live = self.live_knowledge().await?;
        let kb = live.kb();
        let mut edits: Vec<EditedEntry> = live
            .edits
            .values()
            .map(|edit| {
                let entry = kb.entry(&edit.entry_id);
                EditedEntry {
                    title: entry
                        .and_then(|e| e.text(FALLBACK_LANGUAGE))
                        .map(|t| t.value.title.clone()),
                    kind: entry.map(|e| e.kind),
                    shipped: shipped_text(&edit.path).is_some(),
                    problems: Vec::new(),
                    edit: edit.clone(),
                }
            })
            .collect();
        edits.extend(live.skipped.iter().map(|(edit, problems)| EditedEntry {
            title: None,
            kind: None,
            shipped: shipped_text(&edit.path).is_some(),
            problems: problems.clone(),
            edit: edit.clone(),
        }));
        edits.sort_by_key(|e| std::cmp::Reverse(e.edit.edited_at));
        let changes = self.store.knowledge_changes(None, HISTORY_LIMIT).await?;
        Ok(KnowledgeEdits { edits, changes })
    }
}
