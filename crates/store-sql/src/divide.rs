//! [`DivideStore`] on SQL shared by SQLite and PostgreSQL.

use crate::audit::{self, Entry};
use crate::{SqlStore, bind_float, db_error, trusted};
use async_trait::async_trait;
use civitas_store::*;
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{Any, Row};

const DATASET_COLUMNS: &str = "id, city_id, name, year, file_name, size, sha256, row_count, columns, \
     design, mapping, published, uploaded_at, uploaded_by";
const ACTION_COLUMNS: &str = "id, city_id, gap, title, description, owner, budget, currency, delivery, \
     finance_model, start_date, end_date, indicator, target, status, updated_at";

fn dataset(row: &AnyRow) -> Result<SurveyDatasetRow, sqlx::Error> {
    let columns: String = row.try_get("columns")?;
    Ok(SurveyDatasetRow {
        id: row.try_get("id")?,
        city_id: row.try_get("city_id")?,
        name: row.try_get("name")?,
        year: row.try_get("year")?,
        file_name: row.try_get("file_name")?,
        size: row.try_get("size")?,
        sha256: row.try_get("sha256")?,
        rows: row.try_get("row_count")?,
        columns: serde_json::from_str(&columns).unwrap_or_default(),
        design: row.try_get("design")?,
        mapping: row.try_get("mapping")?,
        published: row.try_get::<i64, _>("published")? == 1,
        uploaded_at: row.try_get("uploaded_at")?,
        uploaded_by: row.try_get("uploaded_by")?,
    })
}

fn action(row: &AnyRow) -> Result<InclusionActionRow, sqlx::Error> {
    Ok(InclusionActionRow {
        id: row.try_get("id")?,
        city_id: row.try_get("city_id")?,
        updated_at: row.try_get("updated_at")?,
        fields: InclusionActionFields {
            gap: row.try_get("gap")?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            owner: row.try_get("owner")?,
            budget: row.try_get("budget")?,
            currency: row.try_get("currency")?,
            delivery: row.try_get("delivery")?,
            finance_model: row.try_get("finance_model")?,
            start_date: row.try_get("start_date")?,
            end_date: row.try_get("end_date")?,
            indicator: row.try_get("indicator")?,
            target: row.try_get("target")?,
            status: row.try_get("status")?,
        },
    })
}

fn dataset_json(d: &SurveyDatasetRow) -> serde_json::Value {
    json!({"name": d.name, "year": d.year, "file_name": d.file_name, "size": d.size,
           "sha256": d.sha256, "rows": d.rows, "design": d.design, "mapping": d.mapping,
           "published": d.published})
}

fn bind_fields<'q>(
    query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>,
    f: &'q InclusionActionFields,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments> {
    let query = query
        .bind(&f.gap)
        .bind(&f.title)
        .bind(&f.description)
        .bind(&f.owner);
    let query = bind_float(query, f.budget)
        .bind(f.currency.as_deref())
        .bind(&f.delivery)
        .bind(&f.finance_model)
        .bind(&f.start_date)
        .bind(&f.end_date)
        .bind(&f.indicator);
    bind_float(query, f.target).bind(&f.status)
}

impl SqlStore {
    async fn dataset_or_missing(
        &self,
        tx: &mut sqlx::Transaction<'static, Any>,
        id: i64,
    ) -> StoreResult<SurveyDatasetRow> {
        let row = sqlx::query(trusted(format!(
            "SELECT {DATASET_COLUMNS} FROM survey_datasets WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)?
        .ok_or(StoreError::NotFound("survey dataset"))?;
        dataset(&row).map_err(db_error)
    }
}

#[async_trait]
impl DivideStore for SqlStore {
    async fn create_survey_dataset(
        &self,
        change: &Change,
        new: &NewSurveyDataset,
    ) -> StoreResult<SurveyDatasetRow> {
        let mut tx = self.begin().await?;
        let columns = serde_json::to_string(&new.columns).unwrap_or_else(|_| "[]".into());
        let row = sqlx::query(trusted(format!(
            "INSERT INTO survey_datasets (city_id, name, year, file_name, size, sha256, row_count, columns, \
             bytes, uploaded_at, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             RETURNING {DATASET_COLUMNS}"
        )))
        .bind(new.city_id)
        .bind(&new.name)
        .bind(new.year)
        .bind(&new.file_name)
        .bind(new.bytes.len() as i64)
        .bind(&new.sha256)
        .bind(new.rows)
        .bind(columns)
        .bind(new.bytes.clone())
        .bind(change.at)
        .bind(&change.actor_label)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match db_error(e) {
            StoreError::Conflict(_) => StoreError::Conflict("name"),
            other => other,
        })?;
        let created = dataset(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(new.city_id),
            entity: "survey-dataset",
            entity_id: created.id.to_string(),
            action: "upload",
            old: None,
            new: Some(dataset_json(&created)),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn survey_dataset(&self, id: i64) -> StoreResult<Option<SurveyDatasetRow>> {
        let row = sqlx::query(trusted(format!(
            "SELECT {DATASET_COLUMNS} FROM survey_datasets WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        row.as_ref().map(dataset).transpose().map_err(db_error)
    }

    async fn survey_datasets(&self, city_id: i64) -> StoreResult<Vec<SurveyDatasetRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {DATASET_COLUMNS} FROM survey_datasets WHERE city_id = $1 ORDER BY year DESC, id DESC"
        )))
        .bind(city_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter().map(|r| dataset(r).map_err(db_error)).collect()
    }

    async fn survey_file(&self, id: i64) -> StoreResult<Option<Vec<u8>>> {
        let row = sqlx::query("SELECT bytes FROM survey_datasets WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await
            .map_err(db_error)?;
        row.map(|r| r.try_get::<Vec<u8>, _>("bytes"))
            .transpose()
            .map_err(db_error)
    }

    async fn set_survey_design(
        &self,
        change: &Change,
        id: i64,
        design: &str,
        mapping: &str,
    ) -> StoreResult<SurveyDatasetRow> {
        let mut tx = self.begin().await?;
        let old = self.dataset_or_missing(&mut tx, id).await?;
        sqlx::query("UPDATE survey_datasets SET design = $1, mapping = $2 WHERE id = $3")
            .bind(design)
            .bind(mapping)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        let updated = self.dataset_or_missing(&mut tx, id).await?;
        let entry = Entry {
            city_id: Some(old.city_id),
            entity: "survey-dataset",
            entity_id: id.to_string(),
            action: "declare-design",
            old: Some(json!({"design": old.design, "mapping": old.mapping})),
            new: Some(json!({"design": updated.design, "mapping": updated.mapping})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(updated)
    }

    async fn set_survey_published(
        &self,
        change: &Change,
        id: i64,
        published: bool,
    ) -> StoreResult<SurveyDatasetRow> {
        let mut tx = self.begin().await?;
        let old = self.dataset_or_missing(&mut tx, id).await?;
        sqlx::query("UPDATE survey_datasets SET published = $1 WHERE id = $2")
            .bind(i64::from(published))
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        let updated = self.dataset_or_missing(&mut tx, id).await?;
        let entry = Entry {
            city_id: Some(old.city_id),
            entity: "survey-dataset",
            entity_id: id.to_string(),
            action: if published { "publish" } else { "unpublish" },
            old: Some(json!({"published": old.published})),
            new: Some(json!({"published": published})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(updated)
    }

    async fn delete_survey_dataset(&self, change: &Change, id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let old = self.dataset_or_missing(&mut tx, id).await?;
        sqlx::query("DELETE FROM survey_datasets WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        let entry = Entry {
            city_id: Some(old.city_id),
            entity: "survey-dataset",
            entity_id: id.to_string(),
            action: "delete",
            old: Some(dataset_json(&old)),
            new: None,
        };
        audit::commit(tx, change, entry).await
    }

    async fn save_boundaries(
        &self,
        change: &Change,
        city_id: i64,
        geojson: &str,
        name_property: Option<&str>,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let had = sqlx::query("SELECT uploaded_at FROM district_boundaries WHERE city_id = $1")
            .bind(city_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_error)?
            .is_some();
        sqlx::query(
            "INSERT INTO district_boundaries (city_id, geojson, name_property, uploaded_at, uploaded_by) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (city_id) DO UPDATE SET geojson = excluded.geojson, \
             name_property = excluded.name_property, uploaded_at = excluded.uploaded_at, \
             uploaded_by = excluded.uploaded_by",
        )
        .bind(city_id)
        .bind(geojson)
        .bind(name_property)
        .bind(change.at)
        .bind(&change.actor_label)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "district-boundaries",
            entity_id: city_id.to_string(),
            action: if had { "replace" } else { "upload" },
            old: None,
            new: Some(json!({"bytes": geojson.len(), "name_property": name_property})),
        };
        audit::commit(tx, change, entry).await
    }

    async fn boundaries(&self, city_id: i64) -> StoreResult<Option<BoundariesRow>> {
        let row = sqlx::query(
            "SELECT city_id, geojson, name_property, uploaded_at, uploaded_by FROM district_boundaries \
             WHERE city_id = $1",
        )
        .bind(city_id)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(Some(BoundariesRow {
            city_id: row.try_get("city_id").map_err(db_error)?,
            geojson: row.try_get("geojson").map_err(db_error)?,
            name_property: row.try_get("name_property").map_err(db_error)?,
            uploaded_at: row.try_get("uploaded_at").map_err(db_error)?,
            uploaded_by: row.try_get("uploaded_by").map_err(db_error)?,
        }))
    }

    async fn create_inclusion_action(
        &self,
        change: &Change,
        city_id: i64,
        fields: &InclusionActionFields,
    ) -> StoreResult<InclusionActionRow> {
        let mut tx = self.begin().await?;
        let query = sqlx::query(trusted(format!(
            "INSERT INTO inclusion_actions (city_id, gap, title, description, owner, budget, currency, delivery, \
             finance_model, start_date, end_date, indicator, target, status, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING {ACTION_COLUMNS}"
        )))
        .bind(city_id);
        let row = bind_fields(query, fields)
            .bind(change.at)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_error)?;
        let created = action(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "inclusion-action",
            entity_id: created.id.to_string(),
            action: "create",
            old: None,
            new: serde_json::to_value(&created.fields).ok(),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn update_inclusion_action(
        &self,
        change: &Change,
        id: i64,
        fields: &InclusionActionFields,
    ) -> StoreResult<InclusionActionRow> {
        let mut tx = self.begin().await?;
        let old = sqlx::query(trusted(format!(
            "SELECT {ACTION_COLUMNS} FROM inclusion_actions WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?
        .ok_or(StoreError::NotFound("inclusion action"))?;
        let old = action(&old).map_err(db_error)?;
        let query = sqlx::query(trusted(format!(
            "UPDATE inclusion_actions SET gap = $1, title = $2, description = $3, owner = $4, budget = $5, \
             currency = $6, delivery = $7, finance_model = $8, start_date = $9, end_date = $10, indicator = $11, \
             target = $12, status = $13, updated_at = $14 WHERE id = $15 RETURNING {ACTION_COLUMNS}"
        )));
        let row = bind_fields(query, fields)
            .bind(change.at)
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_error)?;
        let updated = action(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(old.city_id),
            entity: "inclusion-action",
            entity_id: id.to_string(),
            action: "update",
            old: serde_json::to_value(&old.fields).ok(),
            new: serde_json::to_value(&updated.fields).ok(),
        };
        audit::commit(tx, change, entry).await?;
        Ok(updated)
    }

    async fn delete_inclusion_action(&self, change: &Change, id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let old = sqlx::query(trusted(format!(
            "SELECT {ACTION_COLUMNS} FROM inclusion_actions WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?
        .ok_or(StoreError::NotFound("inclusion action"))?;
        let old = action(&old).map_err(db_error)?;
        sqlx::query("DELETE FROM inclusion_actions WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        let entry = Entry {
            city_id: Some(old.city_id),
            entity: "inclusion-action",
            entity_id: id.to_string(),
            action: "delete",
            old: serde_json::to_value(&old.fields).ok(),
            new: None,
        };
        audit::commit(tx, change, entry).await
    }

    async fn inclusion_action(&self, id: i64) -> StoreResult<Option<InclusionActionRow>> {
        let row = sqlx::query(trusted(format!(
            "SELECT {ACTION_COLUMNS} FROM inclusion_actions WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        row.as_ref().map(action).transpose().map_err(db_error)
    }

    async fn inclusion_actions(&self, city_id: i64) -> StoreResult<Vec<InclusionActionRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {ACTION_COLUMNS} FROM inclusion_actions WHERE city_id = $1 ORDER BY start_date, id"
        )))
        .bind(city_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter().map(|r| action(r).map_err(db_error)).collect()
    }
}
