//! [`AssessmentStore`] on SQL shared by SQLite and PostgreSQL.

use crate::audit::{self, Entry};
use crate::{SqlStore, bind_float, db_error, trusted};
use async_trait::async_trait;
use civitas_store::*;
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

const ASSESSMENT_COLUMNS: &str = "id, city_id, year, revision, status, framework, target_set, \
     verifier_user_id, currency, compare_with_peers, created_at, submitted_at, verified_at, revision_reason";
const ENTRY_COLUMNS: &str = "kpi, data_point, numerator, denominator, value, source, note, quality, \
     not_reported, not_reported_reason, verified, updated_at";
const NOTE_COLUMNS: &str =
    "id, assessment_id, kpi, data_point, author_user_id, author_label, kind, body, revision, at";
const EVIDENCE_COLUMNS: &str = "id, assessment_id, kpi, data_point, filename, content_type, size, \
     sha256, uploaded_at, uploaded_by";

fn assessment(row: &AnyRow) -> Result<AssessmentRow, sqlx::Error> {
    Ok(AssessmentRow {
        id: row.try_get("id")?,
        city_id: row.try_get("city_id")?,
        year: row.try_get("year")?,
        revision: row.try_get("revision")?,
        status: row.try_get("status")?,
        framework: row.try_get("framework")?,
        target_set: row.try_get("target_set")?,
        verifier_user_id: row.try_get("verifier_user_id")?,
        currency: row.try_get("currency")?,
        compare_with_peers: row.try_get::<i64, _>("compare_with_peers")? == 1,
        created_at: row.try_get("created_at")?,
        submitted_at: row.try_get("submitted_at")?,
        verified_at: row.try_get("verified_at")?,
        revision_reason: row.try_get("revision_reason")?,
    })
}

fn key(row: &AnyRow) -> Result<EntryKey, sqlx::Error> {
    Ok(EntryKey {
        kpi: row.try_get("kpi")?,
        data_point: row.try_get("data_point")?,
    })
}

fn entry(row: &AnyRow) -> Result<KpiEntryRow, sqlx::Error> {
    Ok(KpiEntryRow {
        key: key(row)?,
        numerator: row.try_get("numerator")?,
        denominator: row.try_get("denominator")?,
        value: row.try_get("value")?,
        source: row.try_get("source")?,
        note: row.try_get("note")?,
        quality: row.try_get("quality")?,
        not_reported: row.try_get::<i64, _>("not_reported")? == 1,
        not_reported_reason: row.try_get("not_reported_reason")?,
        verified: row.try_get::<Option<i64>, _>("verified")?.map(|v| v == 1),
        updated_at: row.try_get("updated_at")?,
    })
}

fn input(row: &AnyRow) -> Result<CityInputRow, sqlx::Error> {
    Ok(CityInputRow {
        input: row.try_get("input")?,
        value: row.try_get("value")?,
        source: row.try_get("source")?,
    })
}

fn note(row: &AnyRow) -> Result<VerificationNoteRow, sqlx::Error> {
    Ok(VerificationNoteRow {
        id: row.try_get("id")?,
        assessment_id: row.try_get("assessment_id")?,
        key: key(row)?,
        author_user_id: row.try_get("author_user_id")?,
        author_label: row.try_get("author_label")?,
        kind: row.try_get("kind")?,
        body: row.try_get("body")?,
        revision: row.try_get("revision")?,
        at: row.try_get("at")?,
    })
}

fn evidence(row: &AnyRow) -> Result<EvidenceRow, sqlx::Error> {
    Ok(EvidenceRow {
        id: row.try_get("id")?,
        assessment_id: row.try_get("assessment_id")?,
        key: key(row)?,
        filename: row.try_get("filename")?,
        content_type: row.try_get("content_type")?,
        size: row.try_get("size")?,
        sha256: row.try_get("sha256")?,
        uploaded_at: row.try_get("uploaded_at")?,
        uploaded_by: row.try_get("uploaded_by")?,
    })
}

fn target_set(row: &AnyRow) -> Result<TargetSetRow, sqlx::Error> {
    Ok(TargetSetRow {
        id: row.try_get("id")?,
        city_id: row.try_get("city_id")?,
        name: row.try_get("name")?,
        framework: row.try_get("framework")?,
        created_at: row.try_get("created_at")?,
    })
}

fn target(row: &AnyRow) -> Result<CityTargetRow, sqlx::Error> {
    Ok(CityTargetRow {
        key: key(row)?,
        value: row.try_get("value")?,
        source: row.try_get("source")?,
    })
}

fn framework(row: &AnyRow) -> Result<FrameworkRow, sqlx::Error> {
    Ok(FrameworkRow {
        key: row.try_get("key")?,
        toml: row.try_get("toml")?,
        loaded_at: row.try_get("loaded_at")?,
        loaded_by: row.try_get("loaded_by")?,
    })
}

fn all<T>(rows: Vec<AnyRow>, map: fn(&AnyRow) -> Result<T, sqlx::Error>) -> StoreResult<Vec<T>> {
    rows.iter().map(|r| map(r).map_err(db_error)).collect()
}

fn entity_id(assessment_id: i64, key: &EntryKey) -> String {
    if key.data_point.is_empty() {
        format!("{assessment_id}/{}", key.kpi)
    } else {
        format!("{assessment_id}/{}/{}", key.kpi, key.data_point)
    }
}

fn assessment_json(row: &AssessmentRow) -> serde_json::Value {
    json!({"year": row.year, "revision": row.revision, "status": row.status,
           "framework": row.framework, "target_set": row.target_set,
           "verifier_user_id": row.verifier_user_id, "currency": row.currency,
           "compare_with_peers": row.compare_with_peers})
}

/// What the audit log keeps of an entry (everything but the timestamp).
fn entry_json(row: &KpiEntryRow) -> serde_json::Value {
    json!({"numerator": row.numerator, "denominator": row.denominator, "value": row.value,
           "source": row.source, "note": row.note, "quality": row.quality,
           "not_reported": row.not_reported, "not_reported_reason": row.not_reported_reason,
           "verified": row.verified})
}

async fn assessment_in(tx: &mut Transaction<'static, Any>, id: i64) -> StoreResult<AssessmentRow> {
    let row = sqlx::query(trusted(format!(
        "SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_error)?
    .ok_or(StoreError::NotFound("assessment"))?;
    assessment(&row).map_err(db_error)
}

async fn entries_in(
    tx: &mut Transaction<'static, Any>,
    assessment_id: i64,
) -> StoreResult<Vec<KpiEntryRow>> {
    let rows = sqlx::query(trusted(format!(
        "SELECT {ENTRY_COLUMNS} FROM kpi_entries WHERE assessment_id = $1 ORDER BY kpi, data_point"
    )))
    .bind(assessment_id)
    .fetch_all(&mut **tx)
    .await
    .map_err(db_error)?;
    all(rows, entry)
}

async fn upsert_entry(
    tx: &mut Transaction<'static, Any>,
    assessment_id: i64,
    row: &KpiEntryRow,
) -> StoreResult<()> {
    let query = sqlx::query(
        "INSERT INTO kpi_entries (assessment_id, kpi, data_point, numerator, denominator, value, source, note, \
         quality, not_reported, not_reported_reason, verified, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (assessment_id, kpi, data_point) DO UPDATE SET numerator = excluded.numerator, \
         denominator = excluded.denominator, value = excluded.value, source = excluded.source, \
         note = excluded.note, quality = excluded.quality, not_reported = excluded.not_reported, \
         not_reported_reason = excluded.not_reported_reason, verified = excluded.verified, \
         updated_at = excluded.updated_at",
    )
    .bind(assessment_id)
    .bind(&row.key.kpi)
    .bind(&row.key.data_point);
    let query = bind_float(query, row.numerator);
    let query = bind_float(query, row.denominator);
    bind_float(query, row.value)
        .bind(&row.source)
        .bind(&row.note)
        .bind(row.quality.as_deref())
        .bind(i64::from(row.not_reported))
        .bind(&row.not_reported_reason)
        .bind(row.verified.map(i64::from))
        .bind(row.updated_at)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    Ok(())
}

async fn upsert_input(
    tx: &mut Transaction<'static, Any>,
    assessment_id: i64,
    row: &CityInputRow,
) -> StoreResult<()> {
    let query = sqlx::query(
        "INSERT INTO assessment_city_inputs (assessment_id, input, value, source) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (assessment_id, input) DO UPDATE SET value = excluded.value, source = excluded.source",
    )
    .bind(assessment_id)
    .bind(&row.input);
    bind_float(query, row.value)
        .bind(&row.source)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    Ok(())
}

/// Writes entries that differ from what is stored, with one audit line each.
async fn save_entries_in(
    tx: &mut Transaction<'static, Any>,
    change: &Change,
    owner: &AssessmentRow,
    entries: &[KpiEntryRow],
) -> StoreResult<()> {
    let existing = entries_in(tx, owner.id).await?;
    for row in entries {
        let old = existing.iter().find(|e| e.key == row.key);
        let same = old.is_some_and(|o| entry_json(o) == entry_json(row));
        if same {
            continue;
        }
        upsert_entry(tx, owner.id, row).await?;
        let entry = Entry {
            city_id: Some(owner.city_id),
            entity: "kpi-entry",
            entity_id: entity_id(owner.id, &row.key),
            action: if old.is_some() { "update" } else { "create" },
            old: old.map(entry_json),
            new: Some(entry_json(row)),
        };
        audit::write(tx, change, entry).await?;
    }
    Ok(())
}

async fn insert_note(
    tx: &mut Transaction<'static, Any>,
    change: &Change,
    city_id: i64,
    new: &NewVerificationNote,
) -> StoreResult<VerificationNoteRow> {
    let row = sqlx::query(trusted(format!(
        "INSERT INTO kpi_verification_notes (assessment_id, kpi, data_point, author_user_id, author_label, \
         kind, body, revision, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {NOTE_COLUMNS}"
    )))
    .bind(new.assessment_id)
    .bind(&new.key.kpi)
    .bind(&new.key.data_point)
    .bind(change.actor_user_id)
    .bind(&change.actor_label)
    .bind(&new.kind)
    .bind(&new.body)
    .bind(new.revision)
    .bind(change.at)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_error)?;
    let created = note(&row).map_err(db_error)?;
    let entry = Entry {
        city_id: Some(city_id),
        entity: "kpi-verification",
        entity_id: entity_id(new.assessment_id, &new.key),
        action: &new.kind,
        old: None,
        new: Some(json!({"body": new.body, "revision": new.revision})),
    };
    audit::write(tx, change, entry).await?;
    Ok(created)
}

#[async_trait]
impl AssessmentStore for SqlStore {
    async fn create_assessment(
        &self,
        change: &Change,
        new: &NewAssessment,
    ) -> StoreResult<AssessmentRow> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(trusted(format!(
            "INSERT INTO assessments (city_id, year, framework, target_set, currency, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING {ASSESSMENT_COLUMNS}"
        )))
        .bind(new.city_id)
        .bind(new.year)
        .bind(&new.framework)
        .bind(&new.target_set)
        .bind(new.currency.as_deref())
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match db_error(e) {
            StoreError::Conflict(_) => StoreError::Conflict("year"),
            other => other,
        })?;
        let created = assessment(&row).map_err(db_error)?;
        for input in &new.inputs {
            upsert_input(&mut tx, created.id, input).await?;
        }
        for row in &new.entries {
            upsert_entry(&mut tx, created.id, row).await?;
        }
        let entry = Entry {
            city_id: Some(created.city_id),
            entity: "assessment",
            entity_id: created.id.to_string(),
            action: "create",
            old: None,
            new: Some(json!({"assessment": assessment_json(&created),
                             "carried_inputs": new.inputs.len(),
                             "carried_entries": new.entries.len()})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn assessment(&self, id: i64) -> StoreResult<Option<AssessmentRow>> {
        let row = sqlx::query(trusted(format!(
            "SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        row.as_ref().map(assessment).transpose().map_err(db_error)
    }

    async fn assessments_of_city(&self, city_id: i64) -> StoreResult<Vec<AssessmentRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {ASSESSMENT_COLUMNS} FROM assessments WHERE city_id = $1 ORDER BY year DESC"
        )))
        .bind(city_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        all(rows, assessment)
    }

    async fn update_assessment_settings(
        &self,
        change: &Change,
        id: i64,
        settings: &AssessmentSettings,
    ) -> StoreResult<AssessmentRow> {
        let mut tx = self.begin().await?;
        let old = assessment_in(&mut tx, id).await?;
        let row = sqlx::query(trusted(format!(
            "UPDATE assessments SET target_set = $1, currency = $2, verifier_user_id = $3, \
             compare_with_peers = $4 WHERE id = $5 RETURNING {ASSESSMENT_COLUMNS}"
        )))
        .bind(&settings.target_set)
        .bind(settings.currency.as_deref())
        .bind(settings.verifier_user_id)
        .bind(i64::from(settings.compare_with_peers))
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        let updated = assessment(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(updated.city_id),
            entity: "assessment",
            entity_id: id.to_string(),
            action: "update-settings",
            old: Some(assessment_json(&old)),
            new: Some(assessment_json(&updated)),
        };
        audit::commit(tx, change, entry).await?;
        Ok(updated)
    }

    async fn change_assessment_status(
        &self,
        change: &Change,
        id: i64,
        step: &StatusChange<'_>,
    ) -> StoreResult<AssessmentRow> {
        let mut tx = self.begin().await?;
        let old = assessment_in(&mut tx, id).await?;
        let new_revision = step.new_revision_reason.is_some();
        let row = sqlx::query(trusted(format!(
            "UPDATE assessments SET status = $1, \
             revision = revision + $2, \
             revision_reason = CASE WHEN $2 = 1 THEN $3 ELSE revision_reason END, \
             submitted_at = CASE WHEN $1 = 'submitted' THEN $4 ELSE submitted_at END, \
             verified_at = CASE WHEN $1 = 'verified' THEN $4 WHEN $1 = 'draft' THEN NULL ELSE verified_at END \
             WHERE id = $5 AND status = $6 RETURNING {ASSESSMENT_COLUMNS}"
        )))
        .bind(step.to)
        .bind(i64::from(new_revision))
        .bind(step.new_revision_reason)
        .bind(change.at)
        .bind(id)
        .bind(step.from)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?
        .ok_or(StoreError::Conflict("status"))?;
        let updated = assessment(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(updated.city_id),
            entity: "assessment",
            entity_id: id.to_string(),
            action: step.action,
            old: Some(json!({"status": old.status, "revision": old.revision})),
            new: Some(
                json!({"status": updated.status, "revision": updated.revision,
                             "reason": step.new_revision_reason}),
            ),
        };
        audit::commit(tx, change, entry).await?;
        Ok(updated)
    }

    async fn city_inputs(&self, assessment_id: i64) -> StoreResult<Vec<CityInputRow>> {
        let rows = sqlx::query(
            "SELECT input, value, source FROM assessment_city_inputs WHERE assessment_id = $1 ORDER BY input",
        )
        .bind(assessment_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        all(rows, input)
    }

    async fn save_city_input(
        &self,
        change: &Change,
        assessment_id: i64,
        row: &CityInputRow,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let owner = assessment_in(&mut tx, assessment_id).await?;
        let old = sqlx::query(
            "SELECT input, value, source FROM assessment_city_inputs WHERE assessment_id = $1 AND input = $2",
        )
        .bind(assessment_id)
        .bind(&row.input)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?
        .as_ref()
        .map(input)
        .transpose()
        .map_err(db_error)?;
        if old.as_ref() == Some(row) {
            return Ok(());
        }
        upsert_input(&mut tx, assessment_id, row).await?;
        let entry = Entry {
            city_id: Some(owner.city_id),
            entity: "city-input",
            entity_id: format!("{assessment_id}/{}", row.input),
            action: if old.is_some() { "update" } else { "create" },
            old: old.map(|o| json!({"value": o.value, "source": o.source})),
            new: Some(json!({"value": row.value, "source": row.source})),
        };
        audit::commit(tx, change, entry).await
    }

    async fn kpi_entries(&self, assessment_id: i64) -> StoreResult<Vec<KpiEntryRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {ENTRY_COLUMNS} FROM kpi_entries WHERE assessment_id = $1 ORDER BY kpi, data_point"
        )))
        .bind(assessment_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        all(rows, entry)
    }

    async fn save_kpi_entries(
        &self,
        change: &Change,
        assessment_id: i64,
        entries: &[KpiEntryRow],
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let owner = assessment_in(&mut tx, assessment_id).await?;
        save_entries_in(&mut tx, change, &owner, entries).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn replace_assessment_data(
        &self,
        change: &Change,
        assessment_id: i64,
        inputs: &[CityInputRow],
        entries: &[KpiEntryRow],
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let owner = assessment_in(&mut tx, assessment_id).await?;
        let old_inputs = sqlx::query(
            "SELECT input, value, source FROM assessment_city_inputs WHERE assessment_id = $1",
        )
        .bind(assessment_id)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_error)?;
        let old_inputs = all(old_inputs, input)?;
        let old_entries = entries_in(&mut tx, assessment_id).await?;
        sqlx::query("DELETE FROM assessment_city_inputs WHERE assessment_id = $1")
            .bind(assessment_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        sqlx::query("DELETE FROM kpi_entries WHERE assessment_id = $1")
            .bind(assessment_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        for row in inputs {
            upsert_input(&mut tx, assessment_id, row).await?;
        }
        for row in entries {
            upsert_entry(&mut tx, assessment_id, row).await?;
        }
        let entry = Entry {
            city_id: Some(owner.city_id),
            entity: "assessment",
            entity_id: assessment_id.to_string(),
            action: "import",
            old: Some(
                json!({"inputs": old_inputs.len(), "entries": old_entries.len(),
                             "data": {"inputs": old_inputs, "entries": old_entries}}),
            ),
            new: Some(json!({"inputs": inputs.len(), "entries": entries.len()})),
        };
        audit::commit(tx, change, entry).await
    }

    async fn review_kpi_entry(
        &self,
        change: &Change,
        verified: Option<bool>,
        new: &NewVerificationNote,
    ) -> StoreResult<VerificationNoteRow> {
        let mut tx = self.begin().await?;
        let owner = assessment_in(&mut tx, new.assessment_id).await?;
        let done = sqlx::query(
            "UPDATE kpi_entries SET verified = $1 WHERE assessment_id = $2 AND kpi = $3 AND data_point = $4",
        )
        .bind(verified.map(i64::from))
        .bind(new.assessment_id)
        .bind(&new.key.kpi)
        .bind(&new.key.data_point)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("kpi entry"));
        }
        let created = insert_note(&mut tx, change, owner.city_id, new).await?;
        tx.commit().await.map_err(db_error)?;
        Ok(created)
    }

    async fn add_verification_note(
        &self,
        change: &Change,
        new: &NewVerificationNote,
    ) -> StoreResult<VerificationNoteRow> {
        let mut tx = self.begin().await?;
        let owner = assessment_in(&mut tx, new.assessment_id).await?;
        let created = insert_note(&mut tx, change, owner.city_id, new).await?;
        tx.commit().await.map_err(db_error)?;
        Ok(created)
    }

    async fn verification_notes(
        &self,
        assessment_id: i64,
    ) -> StoreResult<Vec<VerificationNoteRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {NOTE_COLUMNS} FROM kpi_verification_notes WHERE assessment_id = $1 ORDER BY id"
        )))
        .bind(assessment_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        all(rows, note)
    }

    async fn add_evidence(&self, change: &Change, new: &NewEvidence) -> StoreResult<EvidenceRow> {
        let mut tx = self.begin().await?;
        let owner = assessment_in(&mut tx, new.assessment_id).await?;
        let row = sqlx::query(trusted(format!(
            "INSERT INTO kpi_evidence (assessment_id, kpi, data_point, filename, content_type, size, sha256, \
             bytes, uploaded_at, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             RETURNING {EVIDENCE_COLUMNS}"
        )))
        .bind(new.assessment_id)
        .bind(&new.key.kpi)
        .bind(&new.key.data_point)
        .bind(&new.filename)
        .bind(&new.content_type)
        .bind(new.bytes.len() as i64)
        .bind(&new.sha256)
        .bind(new.bytes.clone())
        .bind(change.at)
        .bind(&change.actor_label)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        let created = evidence(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(owner.city_id),
            entity: "kpi-evidence",
            entity_id: created.id.to_string(),
            action: "create",
            old: None,
            new: Some(json!({"kpi": new.key.kpi, "data_point": new.key.data_point,
                             "filename": new.filename, "size": created.size, "sha256": new.sha256})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn evidence_of_assessment(&self, assessment_id: i64) -> StoreResult<Vec<EvidenceRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {EVIDENCE_COLUMNS} FROM kpi_evidence WHERE assessment_id = $1 ORDER BY id"
        )))
        .bind(assessment_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        all(rows, evidence)
    }

    async fn evidence_file(&self, id: i64) -> StoreResult<Option<(EvidenceRow, Vec<u8>)>> {
        let row = sqlx::query(trusted(format!(
            "SELECT {EVIDENCE_COLUMNS}, bytes FROM kpi_evidence WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let meta = evidence(&row).map_err(db_error)?;
        let bytes: Vec<u8> = row.try_get("bytes").map_err(db_error)?;
        Ok(Some((meta, bytes)))
    }

    async fn delete_evidence(&self, change: &Change, id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(trusted(format!(
            "SELECT {EVIDENCE_COLUMNS} FROM kpi_evidence WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?
        .ok_or(StoreError::NotFound("evidence"))?;
        let old = evidence(&row).map_err(db_error)?;
        let owner = assessment_in(&mut tx, old.assessment_id).await?;
        sqlx::query("DELETE FROM kpi_evidence WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        let entry = Entry {
            city_id: Some(owner.city_id),
            entity: "kpi-evidence",
            entity_id: id.to_string(),
            action: "delete",
            old: Some(json!({"kpi": old.key.kpi, "data_point": old.key.data_point,
                             "filename": old.filename, "sha256": old.sha256})),
            new: None,
        };
        audit::commit(tx, change, entry).await
    }

    async fn create_target_set(
        &self,
        change: &Change,
        city_id: i64,
        name: &str,
        framework_key: &str,
        targets: &[CityTargetRow],
    ) -> StoreResult<TargetSetRow> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(
            "INSERT INTO kpi_target_sets (city_id, name, framework, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING id, city_id, name, framework, created_at",
        )
        .bind(city_id)
        .bind(name)
        .bind(framework_key)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match db_error(e) {
            StoreError::Conflict(_) => StoreError::Conflict("name"),
            other => other,
        })?;
        let created = target_set(&row).map_err(db_error)?;
        for t in targets {
            sqlx::query(
                "INSERT INTO kpi_targets (target_set_id, kpi, data_point, value, source) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(created.id)
            .bind(&t.key.kpi)
            .bind(&t.key.data_point)
            .bind(t.value)
            .bind(&t.source)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        let entry = Entry {
            city_id: Some(city_id),
            entity: "kpi-target-set",
            entity_id: created.id.to_string(),
            action: "create",
            old: None,
            new: Some(json!({"name": name, "framework": framework_key, "targets": targets})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn target_sets_of_city(&self, city_id: i64) -> StoreResult<Vec<TargetSetRow>> {
        let rows = sqlx::query(
            "SELECT id, city_id, name, framework, created_at FROM kpi_target_sets WHERE city_id = $1 ORDER BY name",
        )
        .bind(city_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        all(rows, target_set)
    }

    async fn target_set(&self, id: i64) -> StoreResult<Option<(TargetSetRow, Vec<CityTargetRow>)>> {
        let row = sqlx::query(
            "SELECT id, city_id, name, framework, created_at FROM kpi_target_sets WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let set = target_set(&row).map_err(db_error)?;
        let rows = sqlx::query(
            "SELECT kpi, data_point, value, source FROM kpi_targets WHERE target_set_id = $1 ORDER BY kpi, data_point",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        Ok(Some((set, all(rows, target)?)))
    }

    async fn save_framework(&self, change: &Change, key: &str, toml: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO kpi_frameworks (key, toml, loaded_at, loaded_by) VALUES ($1, $2, $3, $4)",
        )
        .bind(key)
        .bind(toml)
        .bind(change.at)
        .bind(&change.actor_label)
        .execute(&mut *tx)
        .await
        .map_err(|e| match db_error(e) {
            StoreError::Conflict(_) => StoreError::Conflict("framework version"),
            other => other,
        })?;
        let entry = Entry {
            city_id: None,
            entity: "kpi-framework",
            entity_id: key.to_string(),
            action: "load",
            old: None,
            new: Some(json!({"bytes": toml.len()})),
        };
        audit::commit(tx, change, entry).await
    }

    async fn frameworks(&self) -> StoreResult<Vec<FrameworkRow>> {
        let rows =
            sqlx::query("SELECT key, toml, loaded_at, loaded_by FROM kpi_frameworks ORDER BY key")
                .fetch_all(self.pool())
                .await
                .map_err(db_error)?;
        all(rows, framework)
    }
}
