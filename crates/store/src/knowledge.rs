//! What the knowledge base keeps: a platform admin's edits to the shipped
//! content files, each stored whole as its TOML text with who saved it and
//! when. The shipped files themselves live in the binary and are never
//! changed: an edit overrides a file, removing the edit brings the shipped
//! file back. Every save and removal writes an audit line with the old and
//! new text, which is also the edit history.

use crate::{Change, StoreResult};
use async_trait::async_trait;
use serde::Serialize;

/// The audit log's `entity` for knowledge-base edits; `entity_id` is the path.
pub const KNOWLEDGE_AUDIT_ENTITY: &str = "knowledge-file";

/// One content file as a platform admin saved it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KnowledgeEditRow {
    /// Relative to the content folder: `solution/open-data.toml`.
    pub path: String,
    /// The entry's id (the file name without `.toml`).
    pub entry_id: String,
    pub toml: String,
    pub edited_at: i64,
    pub edited_by: String,
    pub edited_by_user_id: Option<i64>,
}

/// One change to one content file: a save (`edit`) or a removal (`revert`),
/// with the stored text before and after (None when there was none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KnowledgeChangeRow {
    /// The audit line's id.
    pub id: i64,
    pub path: String,
    /// `edit` or `revert`.
    pub action: String,
    pub old_toml: Option<String>,
    pub new_toml: Option<String>,
    pub at: i64,
    pub actor_label: String,
    pub actor_user_id: Option<i64>,
}

/// Storage for knowledge-base edits. Each change writes its audit line
/// (old → new text) in the same transaction.
#[async_trait]
pub trait KnowledgeStore: Send + Sync {
    /// Every stored edit, by path.
    async fn knowledge_edits(&self) -> StoreResult<Vec<KnowledgeEditRow>>;
    async fn knowledge_edit(&self, path: &str) -> StoreResult<Option<KnowledgeEditRow>>;
    /// Stores `toml` as the text of `path`, replacing any earlier edit. Saving
    /// the text already stored changes nothing and writes no audit line.
    async fn save_knowledge_edit(
        &self,
        change: &Change,
        path: &str,
        entry_id: &str,
        toml: &str,
    ) -> StoreResult<KnowledgeEditRow>;
    /// Removes the edit of `path` (the shipped file, if any, applies again)
    /// and returns what was removed; `NotFound` when there is none.
    async fn delete_knowledge_edit(
        &self,
        change: &Change,
        path: &str,
    ) -> StoreResult<KnowledgeEditRow>;
    /// The changes to one file (or to every file with `None`), newest first.
    async fn knowledge_changes(
        &self,
        path: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<KnowledgeChangeRow>>;
}
