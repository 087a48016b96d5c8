//! [`KnowledgeStore`] on SQL shared by SQLite and PostgreSQL. The history of
//! a file is its audit lines (entity `knowledge-file`), which carry the whole
//! old and new text.

use crate::audit::{self, Entry};
use crate::{SqlStore, db_error, trusted};
use async_trait::async_trait;
use civitas_store::*;
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

const EDIT_COLUMNS: &str = "path, entry_id, toml, edited_at, edited_by, edited_by_user_id";

fn edit(row: &AnyRow) -> Result<KnowledgeEditRow, sqlx::Error> {
    Ok(KnowledgeEditRow {
        path: row.try_get("path")?,
        entry_id: row.try_get("entry_id")?,
        toml: row.try_get("toml")?,
        edited_at: row.try_get("edited_at")?,
        edited_by: row.try_get("edited_by")?,
        edited_by_user_id: row.try_get("edited_by_user_id")?,
    })
}

fn change_row(row: &AnyRow) -> Result<KnowledgeChangeRow, sqlx::Error> {
    let text = |column: &str| -> Result<Option<String>, sqlx::Error> {
        let value: Option<String> = row.try_get(column)?;
        Ok(value
            .and_then(|v| serde_json::from_str::<serde_json::Value>(&v).ok())
            .and_then(|v| v["toml"].as_str().map(str::to_string)))
    };
    Ok(KnowledgeChangeRow {
        id: row.try_get("id")?,
        path: row.try_get("entity_id")?,
        action: row.try_get("action")?,
        old_toml: text("old_value")?,
        new_toml: text("new_value")?,
        at: row.try_get("at")?,
        actor_label: row.try_get("actor_label")?,
        actor_user_id: row.try_get("actor_user_id")?,
    })
}

async fn edit_in(
    tx: &mut Transaction<'static, Any>,
    path: &str,
) -> StoreResult<Option<KnowledgeEditRow>> {
    let row = sqlx::query(trusted(format!(
        "SELECT {EDIT_COLUMNS} FROM knowledge_edits WHERE path = $1"
    )))
    .bind(path)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_error)?;
    row.as_ref().map(edit).transpose().map_err(db_error)
}

fn audit_text(toml: Option<&str>) -> Option<serde_json::Value> {
    toml.map(|t| json!({ "toml": t }))
}

#[async_trait]
impl KnowledgeStore for SqlStore {
    async fn knowledge_edits(&self) -> StoreResult<Vec<KnowledgeEditRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {EDIT_COLUMNS} FROM knowledge_edits ORDER BY path"
        )))
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter().map(|r| edit(r).map_err(db_error)).collect()
    }

    async fn knowledge_edit(&self, path: &str) -> StoreResult<Option<KnowledgeEditRow>> {
        let row = sqlx::query(trusted(format!(
            "SELECT {EDIT_COLUMNS} FROM knowledge_edits WHERE path = $1"
        )))
        .bind(path)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        row.as_ref().map(edit).transpose().map_err(db_error)
    }

    async fn save_knowledge_edit(
        &self,
        change: &Change,
        path: &str,
        entry_id: &str,
        toml: &str,
    ) -> StoreResult<KnowledgeEditRow> {
        let mut tx = self.begin().await?;
        let old = edit_in(&mut tx, path).await?;
        if let Some(old) = &old
            && old.toml == toml
            && old.entry_id == entry_id
        {
            return Ok(old.clone());
        }
        let sql = if old.is_some() {
            "UPDATE knowledge_edits SET entry_id = $2, toml = $3, edited_at = $4, edited_by = $5, \
             edited_by_user_id = $6 WHERE path = $1"
        } else {
            "INSERT INTO knowledge_edits (path, entry_id, toml, edited_at, edited_by, edited_by_user_id) \
             VALUES ($1, $2, $3, $4, $5, $6)"
        };
        sqlx::query(sql)
            .bind(path)
            .bind(entry_id)
            .bind(toml)
            .bind(change.at)
            .bind(&change.actor_label)
            .bind(change.actor_user_id)
            .execute(&mut *tx)
            .await
            .map_err(|e| match db_error(e) {
                StoreError::Conflict(_) => StoreError::Conflict("knowledge entry id"),
                other => other,
            })?;
        let entry = Entry {
            city_id: None,
            entity: KNOWLEDGE_AUDIT_ENTITY,
            entity_id: path.to_string(),
            action: "edit",
            old: audit_text(old.as_ref().map(|o| o.toml.as_str())),
            new: audit_text(Some(toml)),
        };
        audit::commit(tx, change, entry).await?;
        Ok(KnowledgeEditRow {
            path: path.to_string(),
            entry_id: entry_id.to_string(),
            toml: toml.to_string(),
            edited_at: change.at,
            edited_by: change.actor_label.clone(),
            edited_by_user_id: change.actor_user_id,
        })
    }

    async fn delete_knowledge_edit(
        &self,
        change: &Change,
        path: &str,
    ) -> StoreResult<KnowledgeEditRow> {
        let mut tx = self.begin().await?;
        let old = edit_in(&mut tx, path)
            .await?
            .ok_or(StoreError::NotFound("knowledge edit"))?;
        sqlx::query("DELETE FROM knowledge_edits WHERE path = $1")
            .bind(path)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        let entry = Entry {
            city_id: None,
            entity: KNOWLEDGE_AUDIT_ENTITY,
            entity_id: path.to_string(),
            action: "revert",
            old: audit_text(Some(&old.toml)),
            new: None,
        };
        audit::commit(tx, change, entry).await?;
        Ok(old)
    }

    async fn knowledge_changes(
        &self,
        path: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<KnowledgeChangeRow>> {
        let rows = sqlx::query(
            "SELECT id, at, actor_user_id, actor_label, entity_id, action, old_value, new_value \
             FROM audit_log WHERE entity = $1 AND ($2 IS NULL OR entity_id = $2) \
             ORDER BY id DESC LIMIT $3",
        )
        .bind(KNOWLEDGE_AUDIT_ENTITY)
        .bind(path)
        .bind(limit.clamp(1, 500))
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter()
            .map(|r| change_row(r).map_err(db_error))
            .collect()
    }
}
