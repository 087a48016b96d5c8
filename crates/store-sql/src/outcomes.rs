//! [`OutcomeStore`] on SQL shared by SQLite and PostgreSQL.

use crate::audit::{self, Entry};
use crate::{SqlStore, db_error, trusted};
use async_trait::async_trait;
use civitas_store::*;
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

const OUTCOME_SELECT: &str = "SELECT o.id, o.city_id, o.input_kind, o.input_id, o.status, \
     o.roadmap_action_id, a.title AS action_title, a.status AS action_status, o.decision, \
     o.created_at, o.updated_at \
     FROM participation_outcomes o LEFT JOIN roadmap_actions a ON a.id = o.roadmap_action_id";

/// A closed request's closing time: its last change to `closed` (the time
/// of its last update if the timeline lacks one).
const CLOSED_AT: &str = "COALESCE((SELECT MAX(e.at) FROM service_request_events e \
     WHERE e.request_id = r.id AND e.kind = 'status' AND e.status = 'closed'), r.updated_at)";

fn outcome(row: &AnyRow) -> Result<OutcomeRow, sqlx::Error> {
    Ok(OutcomeRow {
        id: row.try_get("id")?,
        city_id: row.try_get("city_id")?,
        input_kind: row.try_get("input_kind")?,
        input_id: row.try_get("input_id")?,
        status: row.try_get("status")?,
        roadmap_action_id: row.try_get("roadmap_action_id")?,
        roadmap_action_title: row.try_get("action_title")?,
        roadmap_action_status: row.try_get("action_status")?,
        decision: row.try_get("decision")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// What the audit log says about an outcome.
fn outcome_json(o: &OutcomeRow) -> serde_json::Value {
    json!({"input_kind": o.input_kind, "input_id": o.input_id, "status": o.status,
           "roadmap_action_id": o.roadmap_action_id, "decision": o.decision})
}

async fn outcome_in(
    tx: &mut Transaction<'static, Any>,
    kind: &str,
    id: i64,
) -> StoreResult<Option<OutcomeRow>> {
    let row = sqlx::query(trusted(format!(
        "{OUTCOME_SELECT} WHERE o.input_kind = $1 AND o.input_id = $2"
    )))
    .bind(kind)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_error)?;
    row.as_ref().map(outcome).transpose().map_err(db_error)
}

#[async_trait]
impl OutcomeStore for SqlStore {
    async fn set_outcome(
        &self,
        change: &Change,
        update: &OutcomeUpdate,
    ) -> StoreResult<OutcomeRow> {
        let mut tx = self.begin().await?;
        let old = outcome_in(&mut tx, &update.input_kind, update.input_id).await?;
        let id: i64 = match &old {
            Some(old) => {
                sqlx::query(
                    "UPDATE participation_outcomes SET status = $1, roadmap_action_id = $2, \
                     decision = $3, updated_at = $4 WHERE id = $5",
                )
                .bind(&update.status)
                .bind(update.roadmap_action_id)
                .bind(update.decision.as_deref())
                .bind(change.at)
                .bind(old.id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
                old.id
            }
            None => sqlx::query(
                "INSERT INTO participation_outcomes (city_id, input_kind, input_id, status, \
                 roadmap_action_id, decision, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
            )
            .bind(update.city_id)
            .bind(&update.input_kind)
            .bind(update.input_id)
            .bind(&update.status)
            .bind(update.roadmap_action_id)
            .bind(update.decision.as_deref())
            .bind(change.at)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_error)?
            .try_get("id")
            .map_err(db_error)?,
        };
        let status_changed = old.as_ref().is_none_or(|o| o.status != update.status);
        if status_changed || update.note.is_some() {
            sqlx::query(
                "INSERT INTO participation_outcome_events (outcome_id, at, status, note) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(change.at)
            .bind(&update.status)
            .bind(update.note.as_deref())
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        let new = outcome_in(&mut tx, &update.input_kind, update.input_id)
            .await?
            .ok_or(StoreError::NotFound("outcome"))?;
        let entry = Entry {
            city_id: Some(update.city_id),
            entity: "participation-outcome",
            entity_id: id.to_string(),
            action: if old.is_some() { "update" } else { "create" },
            old: old.as_ref().map(outcome_json),
            new: Some(outcome_json(&new)),
        };
        audit::commit(tx, change, entry).await?;
        Ok(new)
    }

    async fn outcome(&self, input_kind: &str, input_id: i64) -> StoreResult<Option<OutcomeRow>> {
        let row = sqlx::query(trusted(format!(
            "{OUTCOME_SELECT} WHERE o.input_kind = $1 AND o.input_id = $2"
        )))
        .bind(input_kind)
        .bind(input_id)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        row.as_ref().map(outcome).transpose().map_err(db_error)
    }

    async fn outcome_events(&self, outcome_id: i64) -> StoreResult<Vec<OutcomeEventRow>> {
        let rows = sqlx::query(
            "SELECT id, outcome_id, at, status, note FROM participation_outcome_events \
             WHERE outcome_id = $1 ORDER BY at, id",
        )
        .bind(outcome_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter()
            .map(|r| {
                Ok(OutcomeEventRow {
                    id: r.try_get("id")?,
                    outcome_id: r.try_get("outcome_id")?,
                    at: r.try_get("at")?,
                    status: r.try_get("status")?,
                    note: r.try_get("note")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(db_error)
    }

    async fn public_request_outcomes(
        &self,
        city_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<RequestOutcomeRow>> {
        let rows = sqlx::query(trusted(format!(
            "{OUTCOME_SELECT} JOIN service_requests r ON o.input_kind = 'request' AND r.id = o.input_id \
             JOIN participation_services s ON s.id = r.service_id \
             WHERE o.city_id = $1 AND r.hidden = 0 \
             ORDER BY o.updated_at DESC, o.id DESC LIMIT $2"
        )
        .replace(
            "o.created_at, o.updated_at",
            "o.created_at, o.updated_at, s.name AS service_name, r.description, r.requested_at",
        )))
        .bind(city_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter()
            .map(|r| {
                Ok(RequestOutcomeRow {
                    outcome: outcome(r)?,
                    service_name: r.try_get("service_name")?,
                    description: r.try_get("description")?,
                    requested_at: r.try_get("requested_at")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(db_error)
    }

    async fn public_consultation_outcomes(
        &self,
        city_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<ConsultationOutcomeRow>> {
        let rows = sqlx::query(trusted(
            format!(
                "{OUTCOME_SELECT} LEFT JOIN consultation_comments p ON o.input_kind = 'proposal' \
             AND p.id = o.input_id \
             JOIN consultations c ON c.id = CASE WHEN o.input_kind = 'proposal' \
             THEN p.consultation_id ELSE o.input_id END \
             WHERE o.city_id = $1 AND c.city_id = $1 AND c.status <> 'draft' \
             AND (o.input_kind = 'consultation' \
             OR (o.input_kind = 'proposal' AND p.kind = 'proposal' AND p.hidden = 0)) \
             ORDER BY o.updated_at DESC, o.id DESC LIMIT $2"
            )
            .replace(
                "o.created_at, o.updated_at",
                "o.created_at, o.updated_at, c.id AS consultation_id, c.question, \
             p.body AS proposal, COALESCE(p.submitted_at, c.opens_at) AS said_at",
            ),
        ))
        .bind(city_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter()
            .map(|r| {
                Ok(ConsultationOutcomeRow {
                    outcome: outcome(r)?,
                    consultation_id: r.try_get("consultation_id")?,
                    question: r.try_get("question")?,
                    proposal: r.try_get("proposal")?,
                    said_at: r.try_get("said_at")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(db_error)
    }

    async fn retention_months(&self, city_id: i64) -> StoreResult<Option<i64>> {
        let row = sqlx::query("SELECT months FROM participation_retention WHERE city_id = $1")
            .bind(city_id)
            .fetch_optional(self.pool())
            .await
            .map_err(db_error)?;
        row.map(|r| r.try_get("months"))
            .transpose()
            .map_err(db_error)
    }

    async fn set_retention_months(
        &self,
        change: &Change,
        city_id: i64,
        months: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let old: Option<i64> =
            sqlx::query("SELECT months FROM participation_retention WHERE city_id = $1")
                .bind(city_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_error)?
                .map(|r| r.try_get("months"))
                .transpose()
                .map_err(db_error)?;
        sqlx::query(
            "INSERT INTO participation_retention (city_id, months, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (city_id) DO UPDATE SET months = excluded.months, updated_at = excluded.updated_at",
        )
        .bind(city_id)
        .bind(months)
        .bind(change.at)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "participation-retention",
            entity_id: city_id.to_string(),
            action: "update",
            old: old.map(|m| json!({"months": m})),
            new: Some(json!({"months": months})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(())
    }

    async fn expired_personal_data(
        &self,
        city_id: i64,
        closed_before: i64,
    ) -> StoreResult<PurgeCounts> {
        let row = sqlx::query(trusted(format!(
            "SELECT COUNT(*) AS n FROM service_request_contacts c \
             JOIN service_requests r ON r.id = c.request_id \
             WHERE r.city_id = $1 AND r.status = 'closed' AND {CLOSED_AT} < $2"
        )))
        .bind(city_id)
        .bind(closed_before)
        .fetch_one(self.pool())
        .await
        .map_err(db_error)?;
        Ok(PurgeCounts {
            request_contacts: row.try_get("n").map_err(db_error)?,
        })
    }

    async fn purge_personal_data(
        &self,
        change: &Change,
        city_id: i64,
        closed_before: i64,
    ) -> StoreResult<PurgeCounts> {
        let mut tx = self.begin().await?;
        let marked = sqlx::query(trusted(format!(
            "UPDATE service_requests SET personal_data_deleted_at = $3 \
             WHERE id IN (SELECT r.id FROM service_requests r \
             JOIN service_request_contacts c ON c.request_id = r.id \
             WHERE r.city_id = $1 AND r.status = 'closed' AND {CLOSED_AT} < $2)"
        )))
        .bind(city_id)
        .bind(closed_before)
        .bind(change.at)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?
        .rows_affected();
        let deleted = sqlx::query(
            "DELETE FROM service_request_contacts WHERE request_id IN \
             (SELECT id FROM service_requests WHERE city_id = $1 AND personal_data_deleted_at IS NOT NULL)",
        )
        .bind(city_id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?
        .rows_affected();
        let counts = PurgeCounts {
            request_contacts: i64::try_from(deleted.max(marked)).unwrap_or(i64::MAX),
        };
        if counts.request_contacts == 0 {
            tx.rollback().await.map_err(db_error)?;
            return Ok(counts);
        }
        let entry = Entry {
            city_id: Some(city_id),
            entity: "participation-retention",
            entity_id: city_id.to_string(),
            action: "purge",
            old: None,
            new: Some(json!({"request_contacts_deleted": counts.request_contacts,
                             "closed_before": closed_before})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(counts)
    }
}
