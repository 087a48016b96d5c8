//! Writing audit lines inside the transaction of the change they describe.

use civitas_store::{Change, StoreError};
use sqlx::{Any, Transaction};

/// What one audit line says about one record.
pub(crate) struct Entry<'a> {
    pub city_id: Option<i64>,
    pub entity: &'a str,
    pub entity_id: String,
    pub action: &'a str,
    pub old: Option<serde_json::Value>,
    pub new: Option<serde_json::Value>,
}

pub(crate) async fn write(
    tx: &mut Transaction<'static, Any>,
    change: &Change,
    entry: Entry<'_>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_user_id, actor_label, city_id, entity, entity_id, action, old_value, new_value) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(change.at)
    .bind(change.actor_user_id)
    .bind(&change.actor_label)
    .bind(entry.city_id)
    .bind(entry.entity)
    .bind(entry.entity_id)
    .bind(entry.action)
    .bind(entry.old.map(|v| v.to_string()))
    .bind(entry.new.map(|v| v.to_string()))
    .execute(&mut **tx)
    .await
    .map_err(crate::db_error)?;
    Ok(())
}

/// Writes the audit line of a change and commits it with the change, so the
/// two land together or not at all.
pub(crate) async fn commit(
    mut tx: Transaction<'static, Any>,
    change: &Change,
    entry: Entry<'_>,
) -> Result<(), StoreError> {
    write(&mut tx, change, entry).await?;
    tx.commit().await.map_err(crate::db_error)
}
