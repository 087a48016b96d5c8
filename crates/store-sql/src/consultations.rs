//! [`ConsultationStore`] on SQL shared by SQLite and PostgreSQL.

use crate::audit::{self, Entry};
use crate::{SqlStore, db_error, trusted};
use async_trait::async_trait;
use civitas_store::*;
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use std::collections::HashMap;

const CONSULTATION_COLUMNS: &str =
    "id, city_id, question, description, mode, opens_at, closes_at, status, created_at, updated_at";
const OPTION_COLUMNS: &str = "id, consultation_id, position, label, description";
const BALLOT_COLUMNS: &str =
    "id, consultation_id, channel, demographics_key, recorded_by, submitted_at, updated_at";
/// The city's (`$1`) consultations closed before `$2`: by the team (when it
/// closed them, or their closing date if earlier) or by their closing date.
const CLOSED_BEFORE: &str = "SELECT id FROM consultations WHERE city_id = $1 AND \
     ((status = 'closed' AND (CASE WHEN updated_at < closes_at THEN updated_at ELSE closes_at END) < $2) \
     OR (status = 'open' AND closes_at < $2))";
const COMMENT_COLUMNS: &str = "id, consultation_id, ballot_id, kind, body, hidden, hidden_reason, \
     submitted_at, updated_at";

fn consultation(row: &AnyRow) -> Result<ConsultationRow, sqlx::Error> {
    Ok(ConsultationRow {
        id: row.try_get("id")?,
        city_id: row.try_get("city_id")?,
        question: row.try_get("question")?,
        description: row.try_get("description")?,
        mode: row.try_get("mode")?,
        opens_at: row.try_get("opens_at")?,
        closes_at: row.try_get("closes_at")?,
        status: row.try_get("status")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn option(row: &AnyRow) -> Result<ConsultationOptionRow, sqlx::Error> {
    Ok(ConsultationOptionRow {
        id: row.try_get("id")?,
        consultation_id: row.try_get("consultation_id")?,
        position: row.try_get("position")?,
        label: row.try_get("label")?,
        description: row.try_get("description")?,
    })
}

fn ballot(row: &AnyRow) -> Result<BallotRow, sqlx::Error> {
    Ok(BallotRow {
        id: row.try_get("id")?,
        consultation_id: row.try_get("consultation_id")?,
        channel: row.try_get("channel")?,
        demographics_key: row.try_get("demographics_key")?,
        recorded_by: row.try_get("recorded_by")?,
        submitted_at: row.try_get("submitted_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn comment(row: &AnyRow) -> Result<CommentRow, sqlx::Error> {
    Ok(CommentRow {
        id: row.try_get("id")?,
        consultation_id: row.try_get("consultation_id")?,
        ballot_id: row.try_get("ballot_id")?,
        kind: row.try_get("kind")?,
        body: row.try_get("body")?,
        hidden: row.try_get::<i64, _>("hidden")? == 1,
        hidden_reason: row.try_get("hidden_reason")?,
        submitted_at: row.try_get("submitted_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn demographics(row: &AnyRow) -> Result<Demographics, sqlx::Error> {
    Ok(Demographics {
        age_band: row.try_get("age_band")?,
        gender: row.try_get("gender")?,
        district_id: row.try_get("district_id")?,
        disability: row.try_get("disability")?,
    })
}

/// What the audit log says about a consultation: never a ballot's content.
fn consultation_json(c: &ConsultationRow, options: usize) -> serde_json::Value {
    json!({"question": c.question, "mode": c.mode, "opens_at": c.opens_at,
           "closes_at": c.closes_at, "status": c.status, "options": options})
}

async fn consultation_in(
    tx: &mut Transaction<'static, Any>,
    id: i64,
) -> StoreResult<ConsultationRow> {
    let row = sqlx::query(trusted(format!(
        "SELECT {CONSULTATION_COLUMNS} FROM consultations WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_error)?
    .ok_or(StoreError::NotFound("consultation"))?;
    consultation(&row).map_err(db_error)
}

async fn ballot_in(tx: &mut Transaction<'static, Any>, id: i64) -> StoreResult<BallotRow> {
    let row = sqlx::query(trusted(format!(
        "SELECT {BALLOT_COLUMNS} FROM consultation_ballots WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_error)?
    .ok_or(StoreError::NotFound("ballot"))?;
    ballot(&row).map_err(db_error)
}

async fn city_of(tx: &mut Transaction<'static, Any>, consultation_id: i64) -> StoreResult<i64> {
    Ok(consultation_in(tx, consultation_id).await?.city_id)
}

async fn insert_options(
    tx: &mut Transaction<'static, Any>,
    consultation_id: i64,
    options: &[NewOption],
) -> StoreResult<()> {
    for (position, o) in options.iter().enumerate() {
        sqlx::query(
            "INSERT INTO consultation_options (consultation_id, position, label, description) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(consultation_id)
        .bind(position as i64 + 1)
        .bind(&o.label)
        .bind(&o.description)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    }
    Ok(())
}

async fn insert_choices(
    tx: &mut Transaction<'static, Any>,
    ballot_id: i64,
    choices: &[BallotChoice],
) -> StoreResult<()> {
    for c in choices {
        sqlx::query(
            "INSERT INTO consultation_choices (ballot_id, option_id, choice_rank) VALUES ($1, $2, $3)",
        )
        .bind(ballot_id)
        .bind(c.option_id)
        .bind(c.rank)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    }
    Ok(())
}

/// Stores the demographics under `key` when there are any; answers the key
/// the ballot should point to.
async fn insert_demographics(
    tx: &mut Transaction<'static, Any>,
    consultation_id: i64,
    key: &str,
    d: &Demographics,
    at: i64,
) -> StoreResult<Option<String>> {
    if d.is_empty() {
        return Ok(None);
    }
    sqlx::query(
        "INSERT INTO consultation_demographics (demographics_key, consultation_id, age_band, gender, \
         district_id, disability, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(key)
    .bind(consultation_id)
    .bind(d.age_band.as_deref())
    .bind(d.gender.as_deref())
    .bind(d.district_id)
    .bind(d.disability.as_deref())
    .bind(at)
    .execute(&mut **tx)
    .await
    .map_err(db_error)?;
    Ok(Some(key.to_string()))
}

async fn insert_comment(
    tx: &mut Transaction<'static, Any>,
    consultation_id: i64,
    ballot_id: i64,
    c: &NewComment,
    at: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO consultation_comments (consultation_id, ballot_id, kind, body, hidden, \
         submitted_at, updated_at) VALUES ($1, $2, $3, $4, 0, $5, $5)",
    )
    .bind(consultation_id)
    .bind(ballot_id)
    .bind(&c.kind)
    .bind(&c.body)
    .bind(at)
    .execute(&mut **tx)
    .await
    .map_err(db_error)?;
    Ok(())
}

async fn delete_demographics(
    tx: &mut Transaction<'static, Any>,
    key: Option<&str>,
) -> StoreResult<()> {
    if let Some(key) = key {
        sqlx::query("DELETE FROM consultation_demographics WHERE demographics_key = $1")
            .bind(key)
            .execute(&mut **tx)
            .await
            .map_err(db_error)?;
    }
    Ok(())
}

/// Writes one ballot with everything attached; answers its id.
async fn insert_ballot(
    tx: &mut Transaction<'static, Any>,
    new: &NewBallot,
    at: i64,
) -> StoreResult<i64> {
    let key = insert_demographics(
        tx,
        new.consultation_id,
        &new.demographics_key,
        &new.demographics,
        at,
    )
    .await?;
    let id: i64 = sqlx::query(
        "INSERT INTO consultation_ballots (consultation_id, channel, receipt_hash, device_hash, \
         demographics_key, recorded_by, submitted_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(new.consultation_id)
    .bind(&new.channel)
    .bind(&new.receipt_hash)
    .bind(new.device_hash.as_deref())
    .bind(key.as_deref())
    .bind(new.recorded_by)
    .bind(at)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_error)?
    .try_get("id")
    .map_err(db_error)?;
    insert_choices(tx, id, &new.choices).await?;
    if let Some(c) = &new.comment {
        insert_comment(tx, new.consultation_id, id, c, at).await?;
    }
    Ok(id)
}

async fn comment_in(tx: &mut Transaction<'static, Any>, id: i64) -> StoreResult<CommentRow> {
    let row = sqlx::query(trusted(format!(
        "SELECT {COMMENT_COLUMNS} FROM consultation_comments WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_error)?
    .ok_or(StoreError::NotFound("comment"))?;
    comment(&row).map_err(db_error)
}

impl SqlStore {
    async fn ballot_where(&self, clause: &str, values: &[&str]) -> StoreResult<Option<BallotRow>> {
        let mut query = sqlx::query(trusted(format!(
            "SELECT {BALLOT_COLUMNS} FROM consultation_ballots WHERE {clause}"
        )));
        for v in values {
            query = query.bind(v.to_string());
        }
        let row = query.fetch_optional(self.pool()).await.map_err(db_error)?;
        row.as_ref().map(ballot).transpose().map_err(db_error)
    }
}

#[async_trait]
impl ConsultationStore for SqlStore {
    async fn create_consultation(
        &self,
        change: &Change,
        new: &NewConsultation,
    ) -> StoreResult<ConsultationRow> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO consultations (city_id, question, description, mode, opens_at, closes_at, \
             status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $7) \
             RETURNING id",
        )
        .bind(new.city_id)
        .bind(&new.question)
        .bind(&new.description)
        .bind(&new.mode)
        .bind(new.opens_at)
        .bind(new.closes_at)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?
        .try_get("id")
        .map_err(db_error)?;
        insert_options(&mut tx, id, &new.options).await?;
        let created = consultation_in(&mut tx, id).await?;
        let entry = Entry {
            city_id: Some(new.city_id),
            entity: "consultation",
            entity_id: id.to_string(),
            action: "create",
            old: None,
            new: Some(consultation_json(&created, new.options.len())),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn update_consultation(
        &self,
        change: &Change,
        id: i64,
        new: &NewConsultation,
    ) -> StoreResult<ConsultationRow> {
        let mut tx = self.begin().await?;
        let old = consultation_in(&mut tx, id).await?;
        sqlx::query(
            "UPDATE consultations SET question = $1, description = $2, mode = $3, opens_at = $4, \
             closes_at = $5, updated_at = $6 WHERE id = $7",
        )
        .bind(&new.question)
        .bind(&new.description)
        .bind(&new.mode)
        .bind(new.opens_at)
        .bind(new.closes_at)
        .bind(change.at)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        sqlx::query("DELETE FROM consultation_options WHERE consultation_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        insert_options(&mut tx, id, &new.options).await?;
        let updated = consultation_in(&mut tx, id).await?;
        let entry = Entry {
            city_id: Some(old.city_id),
            entity: "consultation",
            entity_id: id.to_string(),
            action: "update",
            old: Some(json!({"question": old.question, "mode": old.mode})),
            new: Some(consultation_json(&updated, new.options.len())),
        };
        audit::commit(tx, change, entry).await?;
        Ok(updated)
    }

    async fn set_consultation_status(
        &self,
        change: &Change,
        id: i64,
        status: &str,
    ) -> StoreResult<ConsultationRow> {
        let mut tx = self.begin().await?;
        let old = consultation_in(&mut tx, id).await?;
        sqlx::query("UPDATE consultations SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(status)
            .bind(change.at)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        let updated = consultation_in(&mut tx, id).await?;
        let entry = Entry {
            city_id: Some(old.city_id),
            entity: "consultation",
            entity_id: id.to_string(),
            action: match status {
                "open" => "publish",
                "closed" => "close",
                _ => "status",
            },
            old: Some(json!({"status": old.status})),
            new: Some(json!({"status": updated.status})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(updated)
    }

    async fn consultation(&self, id: i64) -> StoreResult<Option<ConsultationRow>> {
        let row = sqlx::query(trusted(format!(
            "SELECT {CONSULTATION_COLUMNS} FROM consultations WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        row.as_ref().map(consultation).transpose().map_err(db_error)
    }

    async fn consultations(&self, city_id: i64) -> StoreResult<Vec<ConsultationRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {CONSULTATION_COLUMNS} FROM consultations WHERE city_id = $1 \
             ORDER BY opens_at DESC, id DESC"
        )))
        .bind(city_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter()
            .map(|r| consultation(r).map_err(db_error))
            .collect()
    }

    async fn consultation_options(
        &self,
        consultation_id: i64,
    ) -> StoreResult<Vec<ConsultationOptionRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {OPTION_COLUMNS} FROM consultation_options WHERE consultation_id = $1 \
             ORDER BY position, id"
        )))
        .bind(consultation_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter().map(|r| option(r).map_err(db_error)).collect()
    }

    async fn create_ballot(&self, change: &Change, new: &NewBallot) -> StoreResult<BallotRow> {
        let mut tx = self.begin().await?;
        let city_id = city_of(&mut tx, new.consultation_id).await?;
        let id = insert_ballot(&mut tx, new, change.at).await?;
        let created = ballot_in(&mut tx, id).await?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "consultation-ballot",
            entity_id: id.to_string(),
            action: "submit",
            old: None,
            new: Some(json!({"consultation_id": new.consultation_id, "channel": new.channel})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn import_ballots(
        &self,
        change: &Change,
        consultation_id: i64,
        ballots: &[NewBallot],
    ) -> StoreResult<usize> {
        let mut tx = self.begin().await?;
        let city_id = city_of(&mut tx, consultation_id).await?;
        for new in ballots {
            if new.consultation_id != consultation_id {
                return Err(StoreError::NotFound("consultation"));
            }
            insert_ballot(&mut tx, new, change.at).await?;
        }
        let entry = Entry {
            city_id: Some(city_id),
            entity: "consultation",
            entity_id: consultation_id.to_string(),
            action: "import-ballots",
            old: None,
            new: Some(json!({"ballots": ballots.len()})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(ballots.len())
    }

    async fn ballot_by_receipt(&self, receipt_hash: &str) -> StoreResult<Option<BallotRow>> {
        self.ballot_where("receipt_hash = $1", &[receipt_hash])
            .await
    }

    async fn ballot_by_device(
        &self,
        consultation_id: i64,
        device_hash: &str,
    ) -> StoreResult<Option<BallotRow>> {
        let row = sqlx::query(trusted(format!(
            "SELECT {BALLOT_COLUMNS} FROM consultation_ballots \
             WHERE consultation_id = $1 AND device_hash = $2 ORDER BY id LIMIT 1"
        )))
        .bind(consultation_id)
        .bind(device_hash)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        row.as_ref().map(ballot).transpose().map_err(db_error)
    }

    async fn ballot_choices(&self, ballot_id: i64) -> StoreResult<Vec<BallotChoice>> {
        let rows = sqlx::query(
            "SELECT option_id, choice_rank FROM consultation_choices WHERE ballot_id = $1 \
             ORDER BY choice_rank, option_id",
        )
        .bind(ballot_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter()
            .map(|r| {
                Ok(BallotChoice {
                    option_id: r.try_get("option_id")?,
                    rank: r.try_get("choice_rank")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(db_error)
    }

    async fn demographics(&self, key: &str) -> StoreResult<Option<Demographics>> {
        let row = sqlx::query(
            "SELECT age_band, gender, district_id, disability FROM consultation_demographics \
             WHERE demographics_key = $1",
        )
        .bind(key)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        row.as_ref().map(demographics).transpose().map_err(db_error)
    }

    async fn ballot_comment(&self, ballot_id: i64) -> StoreResult<Option<CommentRow>> {
        let row = sqlx::query(trusted(format!(
            "SELECT {COMMENT_COLUMNS} FROM consultation_comments WHERE ballot_id = $1"
        )))
        .bind(ballot_id)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        row.as_ref().map(comment).transpose().map_err(db_error)
    }

    async fn update_ballot(
        &self,
        change: &Change,
        ballot_id: i64,
        choices: &[BallotChoice],
        demographics: &Demographics,
        new_key: &str,
        new_comment: Option<&NewComment>,
    ) -> StoreResult<BallotRow> {
        let mut tx = self.begin().await?;
        let old = ballot_in(&mut tx, ballot_id).await?;
        let city_id = city_of(&mut tx, old.consultation_id).await?;
        sqlx::query("DELETE FROM consultation_choices WHERE ballot_id = $1")
            .bind(ballot_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        insert_choices(&mut tx, ballot_id, choices).await?;
        delete_demographics(&mut tx, old.demographics_key.as_deref()).await?;
        let key = insert_demographics(
            &mut tx,
            old.consultation_id,
            new_key,
            demographics,
            change.at,
        )
        .await?;
        sqlx::query(
            "UPDATE consultation_ballots SET demographics_key = $1, updated_at = $2 WHERE id = $3",
        )
        .bind(key.as_deref())
        .bind(change.at)
        .bind(ballot_id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        match new_comment {
            Some(c) => {
                let updated = sqlx::query(
                    "UPDATE consultation_comments SET kind = $1, body = $2, updated_at = $3 \
                     WHERE ballot_id = $4",
                )
                .bind(&c.kind)
                .bind(&c.body)
                .bind(change.at)
                .bind(ballot_id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?
                .rows_affected();
                if updated == 0 {
                    insert_comment(&mut tx, old.consultation_id, ballot_id, c, change.at).await?;
                }
            }
            None => {
                sqlx::query("DELETE FROM consultation_comments WHERE ballot_id = $1")
                    .bind(ballot_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db_error)?;
            }
        }
        let updated = ballot_in(&mut tx, ballot_id).await?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "consultation-ballot",
            entity_id: ballot_id.to_string(),
            action: "change",
            old: None,
            new: Some(json!({"consultation_id": old.consultation_id, "channel": old.channel})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(updated)
    }

    async fn erase_ballot_demographics(&self, change: &Change, ballot_id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let old = ballot_in(&mut tx, ballot_id).await?;
        let city_id = city_of(&mut tx, old.consultation_id).await?;
        delete_demographics(&mut tx, old.demographics_key.as_deref()).await?;
        sqlx::query(
            "UPDATE consultation_ballots SET demographics_key = NULL, updated_at = $1 WHERE id = $2",
        )
        .bind(change.at)
        .bind(ballot_id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "consultation-ballot",
            entity_id: ballot_id.to_string(),
            action: "erase-demographics",
            old: None,
            new: None,
        };
        audit::commit(tx, change, entry).await?;
        Ok(())
    }

    async fn erase_ballot(&self, change: &Change, ballot_id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let old = ballot_in(&mut tx, ballot_id).await?;
        let city_id = city_of(&mut tx, old.consultation_id).await?;
        delete_demographics(&mut tx, old.demographics_key.as_deref()).await?;
        for sql in [
            "DELETE FROM consultation_comments WHERE ballot_id = $1",
            "DELETE FROM consultation_choices WHERE ballot_id = $1",
            "DELETE FROM consultation_ballots WHERE id = $1",
        ] {
            sqlx::query(sql)
                .bind(ballot_id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        let entry = Entry {
            city_id: Some(city_id),
            entity: "consultation-ballot",
            entity_id: ballot_id.to_string(),
            action: "erase",
            old: Some(json!({"consultation_id": old.consultation_id, "channel": old.channel})),
            new: None,
        };
        audit::commit(tx, change, entry).await?;
        Ok(())
    }

    async fn ballot_tallies(&self, consultation_id: i64) -> StoreResult<Vec<BallotTally>> {
        let ballots = sqlx::query(
            "SELECT b.id, b.channel, d.demographics_key AS dkey, d.age_band, d.gender, \
             d.district_id, d.disability FROM consultation_ballots b \
             LEFT JOIN consultation_demographics d ON d.demographics_key = b.demographics_key \
             WHERE b.consultation_id = $1 ORDER BY b.id",
        )
        .bind(consultation_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        let choices = sqlx::query(
            "SELECT c.ballot_id, c.option_id, c.choice_rank FROM consultation_choices c \
             JOIN consultation_ballots b ON b.id = c.ballot_id WHERE b.consultation_id = $1 \
             ORDER BY c.ballot_id, c.choice_rank",
        )
        .bind(consultation_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        let mut by_ballot: HashMap<i64, Vec<BallotChoice>> = HashMap::new();
        for r in &choices {
            let id: i64 = r.try_get("ballot_id").map_err(db_error)?;
            by_ballot.entry(id).or_default().push(BallotChoice {
                option_id: r.try_get("option_id").map_err(db_error)?,
                rank: r.try_get("choice_rank").map_err(db_error)?,
            });
        }
        ballots
            .iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                let key: Option<String> = r.try_get("dkey")?;
                Ok(BallotTally {
                    ballot_id: id,
                    channel: r.try_get("channel")?,
                    choices: by_ballot.remove(&id).unwrap_or_default(),
                    demographics: key.map(|_| demographics(r)).transpose()?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(db_error)
    }

    async fn consultation_comments(&self, consultation_id: i64) -> StoreResult<Vec<CommentRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {COMMENT_COLUMNS} FROM consultation_comments WHERE consultation_id = $1 \
             ORDER BY submitted_at, id"
        )))
        .bind(consultation_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter().map(|r| comment(r).map_err(db_error)).collect()
    }

    async fn consultation_comment(&self, id: i64) -> StoreResult<Option<CommentRow>> {
        let row = sqlx::query(trusted(format!(
            "SELECT {COMMENT_COLUMNS} FROM consultation_comments WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        row.as_ref().map(comment).transpose().map_err(db_error)
    }

    async fn set_comment_hidden(
        &self,
        change: &Change,
        id: i64,
        hidden: bool,
        reason: Option<&str>,
    ) -> StoreResult<CommentRow> {
        let mut tx = self.begin().await?;
        let old = comment_in(&mut tx, id).await?;
        let city_id = city_of(&mut tx, old.consultation_id).await?;
        sqlx::query(
            "UPDATE consultation_comments SET hidden = $1, hidden_reason = $2, updated_at = $3 \
             WHERE id = $4",
        )
        .bind(i64::from(hidden))
        .bind(reason)
        .bind(change.at)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        let updated = comment_in(&mut tx, id).await?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "consultation-comment",
            entity_id: id.to_string(),
            action: if hidden { "hide" } else { "show" },
            old: Some(json!({"hidden": old.hidden, "hidden_reason": old.hidden_reason})),
            new: Some(json!({"hidden": updated.hidden, "hidden_reason": updated.hidden_reason})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(updated)
    }

    async fn expired_consultation_demographics(
        &self,
        city_id: i64,
        closed_before: i64,
    ) -> StoreResult<i64> {
        let row = sqlx::query(trusted(format!(
            "SELECT COUNT(*) AS n FROM consultation_demographics WHERE consultation_id IN ({CLOSED_BEFORE})"
        )))
        .bind(city_id)
        .bind(closed_before)
        .fetch_one(self.pool())
        .await
        .map_err(db_error)?;
        row.try_get("n").map_err(db_error)
    }

    async fn purge_consultation_demographics(
        &self,
        change: &Change,
        city_id: i64,
        closed_before: i64,
    ) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let deleted = sqlx::query(trusted(format!(
            "DELETE FROM consultation_demographics WHERE consultation_id IN ({CLOSED_BEFORE})"
        )))
        .bind(city_id)
        .bind(closed_before)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?
        .rows_affected();
        let deleted = i64::try_from(deleted).unwrap_or(i64::MAX);
        if deleted == 0 {
            tx.rollback().await.map_err(db_error)?;
            return Ok(0);
        }
        sqlx::query(trusted(format!(
            "UPDATE consultation_ballots SET demographics_key = NULL \
             WHERE consultation_id IN ({CLOSED_BEFORE})"
        )))
        .bind(city_id)
        .bind(closed_before)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "participation-retention",
            entity_id: city_id.to_string(),
            action: "purge-demographics",
            old: None,
            new: Some(json!({"consultation_demographics_deleted": deleted,
                             "closed_before": closed_before})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(deleted)
    }

    async fn population_profile(&self, city_id: i64) -> StoreResult<Vec<PopulationShareRow>> {
        let rows = sqlx::query(
            "SELECT dimension, group_code, share_percent, source, updated_at FROM population_profiles \
             WHERE city_id = $1 ORDER BY dimension, group_code",
        )
        .bind(city_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter()
            .map(|r| {
                Ok(PopulationShareRow {
                    dimension: r.try_get("dimension")?,
                    group_code: r.try_get("group_code")?,
                    share_percent: r.try_get("share_percent")?,
                    source: r.try_get("source")?,
                    updated_at: r.try_get("updated_at")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(db_error)
    }

    async fn set_population_profile(
        &self,
        change: &Change,
        city_id: i64,
        shares: &[(String, String, f64)],
        source: &str,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM population_profiles WHERE city_id = $1")
            .bind(city_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        for (dimension, group, share) in shares {
            sqlx::query(
                "INSERT INTO population_profiles (city_id, dimension, group_code, share_percent, \
                 source, updated_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(city_id)
            .bind(dimension)
            .bind(group)
            .bind(*share)
            .bind(source)
            .bind(change.at)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        let entry = Entry {
            city_id: Some(city_id),
            entity: "population-profile",
            entity_id: city_id.to_string(),
            action: "set",
            old: None,
            new: Some(json!({"source": source, "shares": shares.len()})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(())
    }
}
