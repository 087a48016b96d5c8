//! [`ProcurementStore`] on SQL shared by SQLite and PostgreSQL. Every change
//! writes its audit line (old → new) in the same transaction.

use crate::audit::{self, Entry};
use crate::{SqlStore, bind_float, db_error, trusted};
use async_trait::async_trait;
use civitas_store::*;
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

type Query<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>;

const PROCUREMENT_COLUMNS: &str = "id, city_id, title, reference, roadmap_action_id, need, end_users, \
     procedure, payment_approach, budget, currency, outcomes, stage, notice_published, notice, \
     questions_deadline, submission_deadline, criteria, price_formula, abnormally_low_ratio, ahp, \
     criteria_frozen_at, bids_opened_at, awarded_bid_id, award_note, awarded_at, go_live_date, \
     created_at, updated_at";
const REQUIREMENT_COLUMNS: &str =
    "id, procurement_id, checklist_id, title, description, status, status_note";
const ENGAGEMENT_COLUMNS: &str =
    "id, procurement_id, held_on, kind, participants, summary, recorded_at, recorded_by";
const EVALUATOR_COLUMNS: &str = "e.procurement_id, e.user_id, u.display_name, u.email, \
     e.declared_at, e.conflict, e.declaration, e.submitted_at";
const BID_COLUMNS: &str = "id, procurement_id, bidder, price, received_on, note";
const MILESTONE_COLUMNS: &str =
    "id, procurement_id, title, due_date, status, acceptance_note, updated_at";

fn procurement(row: &AnyRow) -> Result<ProcurementRow, sqlx::Error> {
    let outcomes: String = row.try_get("outcomes")?;
    Ok(ProcurementRow {
        id: row.try_get("id")?,
        city_id: row.try_get("city_id")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        fields: ProcurementFields {
            title: row.try_get("title")?,
            reference: row.try_get("reference")?,
            roadmap_action_id: row.try_get("roadmap_action_id")?,
            need: row.try_get("need")?,
            end_users: row.try_get("end_users")?,
            procedure: row.try_get("procedure")?,
            payment_approach: row.try_get("payment_approach")?,
            budget: row.try_get("budget")?,
            currency: row.try_get("currency")?,
            outcomes: serde_json::from_str(&outcomes).unwrap_or_default(),
            stage: row.try_get("stage")?,
            notice_published: row.try_get::<i64, _>("notice_published")? == 1,
            notice: row.try_get("notice")?,
            questions_deadline: row.try_get("questions_deadline")?,
            submission_deadline: row.try_get("submission_deadline")?,
            criteria: row.try_get("criteria")?,
            price_formula: row.try_get("price_formula")?,
            abnormally_low_ratio: row.try_get("abnormally_low_ratio")?,
            ahp: row.try_get("ahp")?,
            criteria_frozen_at: row.try_get("criteria_frozen_at")?,
            bids_opened_at: row.try_get("bids_opened_at")?,
            awarded_bid_id: row.try_get("awarded_bid_id")?,
            award_note: row.try_get("award_note")?,
            awarded_at: row.try_get("awarded_at")?,
            go_live_date: row.try_get("go_live_date")?,
        },
    })
}

fn requirement(row: &AnyRow) -> Result<RequirementRow, sqlx::Error> {
    Ok(RequirementRow {
        id: row.try_get("id")?,
        procurement_id: row.try_get("procurement_id")?,
        fields: RequirementFields {
            checklist_id: row.try_get("checklist_id")?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
        },
        status: row.try_get("status")?,
        status_note: row.try_get("status_note")?,
    })
}

fn engagement(row: &AnyRow) -> Result<EngagementRow, sqlx::Error> {
    Ok(EngagementRow {
        id: row.try_get("id")?,
        procurement_id: row.try_get("procurement_id")?,
        fields: EngagementFields {
            held_on: row.try_get("held_on")?,
            kind: row.try_get("kind")?,
            participants: row.try_get("participants")?,
            summary: row.try_get("summary")?,
        },
        recorded_at: row.try_get("recorded_at")?,
        recorded_by: row.try_get("recorded_by")?,
    })
}

fn evaluator(row: &AnyRow) -> Result<EvaluatorRow, sqlx::Error> {
    Ok(EvaluatorRow {
        procurement_id: row.try_get("procurement_id")?,
        user_id: row.try_get("user_id")?,
        display_name: row.try_get("display_name")?,
        email: row.try_get("email")?,
        declared_at: row.try_get("declared_at")?,
        conflict: row.try_get::<i64, _>("conflict")? == 1,
        declaration: row.try_get("declaration")?,
        submitted_at: row.try_get("submitted_at")?,
    })
}

fn bid(row: &AnyRow) -> Result<BidRow, sqlx::Error> {
    Ok(BidRow {
        id: row.try_get("id")?,
        procurement_id: row.try_get("procurement_id")?,
        fields: BidFields {
            bidder: row.try_get("bidder")?,
            price: row.try_get("price")?,
            received_on: row.try_get("received_on")?,
            note: row.try_get("note")?,
        },
    })
}

fn milestone(row: &AnyRow) -> Result<MilestoneRow, sqlx::Error> {
    Ok(MilestoneRow {
        id: row.try_get("id")?,
        procurement_id: row.try_get("procurement_id")?,
        fields: MilestoneFields {
            title: row.try_get("title")?,
            due_date: row.try_get("due_date")?,
            status: row.try_get("status")?,
            acceptance_note: row.try_get("acceptance_note")?,
        },
        updated_at: row.try_get("updated_at")?,
    })
}

fn score_fields(row: &AnyRow) -> Result<ScoreFields, sqlx::Error> {
    Ok(ScoreFields {
        bid_id: row.try_get("bid_id")?,
        criterion: row.try_get("criterion")?,
        score: row.try_get("score")?,
        justification: row.try_get("justification")?,
    })
}

/// Binds the procurement fields in the order of `FIELD_LIST`.
fn bind_procurement<'q>(query: Query<'q>, f: &'q ProcurementFields) -> Query<'q> {
    let outcomes = serde_json::to_string(&f.outcomes).unwrap_or_else(|_| "[]".into());
    let query = query
        .bind(&f.title)
        .bind(&f.reference)
        .bind(f.roadmap_action_id)
        .bind(&f.need)
        .bind(&f.end_users)
        .bind(&f.procedure)
        .bind(&f.payment_approach);
    let query = bind_float(query, f.budget)
        .bind(f.currency.as_deref())
        .bind(outcomes)
        .bind(&f.stage)
        .bind(i64::from(f.notice_published))
        .bind(&f.notice)
        .bind(f.questions_deadline.as_deref())
        .bind(f.submission_deadline.as_deref())
        .bind(f.criteria.as_deref())
        .bind(&f.price_formula);
    bind_float(query, Some(f.abnormally_low_ratio))
        .bind(f.ahp.as_deref())
        .bind(f.criteria_frozen_at)
        .bind(f.bids_opened_at)
        .bind(f.awarded_bid_id)
        .bind(&f.award_note)
        .bind(f.awarded_at)
        .bind(f.go_live_date.as_deref())
}

const FIELD_LIST: [&str; 25] = [
    "title",
    "reference",
    "roadmap_action_id",
    "need",
    "end_users",
    "procedure",
    "payment_approach",
    "budget",
    "currency",
    "outcomes",
    "stage",
    "notice_published",
    "notice",
    "questions_deadline",
    "submission_deadline",
    "criteria",
    "price_formula",
    "abnormally_low_ratio",
    "ahp",
    "criteria_frozen_at",
    "bids_opened_at",
    "awarded_bid_id",
    "award_note",
    "awarded_at",
    "go_live_date",
];

/// The fields that differ, as (old, new) JSON objects; everything when `old` is `None`.
fn field_diff(
    old: Option<&ProcurementFields>,
    new: &ProcurementFields,
) -> (Option<serde_json::Value>, serde_json::Value) {
    let new_value = serde_json::to_value(new).unwrap_or_default();
    let Some(old) = old else {
        return (None, new_value);
    };
    let old_value = serde_json::to_value(old).unwrap_or_default();
    let mut was = serde_json::Map::new();
    let mut now = serde_json::Map::new();
    if let (Some(o), Some(n)) = (old_value.as_object(), new_value.as_object()) {
        for (key, value) in n {
            if o.get(key) != Some(value) {
                was.insert(key.clone(), o.get(key).cloned().unwrap_or_default());
                now.insert(key.clone(), value.clone());
            }
        }
    }
    (Some(was.into()), now.into())
}

impl SqlStore {
    async fn create_procurement_in(
        &self,
        tx: &mut Transaction<'static, Any>,
        change: &Change,
        city_id: i64,
        fields: &ProcurementFields,
    ) -> StoreResult<ProcurementRow> {
        let placeholders: Vec<String> = (2..=FIELD_LIST.len() + 1)
            .map(|i| format!("${i}"))
            .collect();
        let n = FIELD_LIST.len();
        let query = sqlx::query(trusted(format!(
            "INSERT INTO procurements (city_id, {}, created_at, updated_at) VALUES ($1, {}, ${}, ${}) \
             RETURNING {PROCUREMENT_COLUMNS}",
            FIELD_LIST.join(", "),
            placeholders.join(", "),
            n + 2,
            n + 3
        )))
        .bind(city_id);
        let row = bind_procurement(query, fields)
            .bind(change.at)
            .bind(change.at)
            .fetch_one(&mut **tx)
            .await
            .map_err(db_error)?;
        let created = procurement(&row).map_err(db_error)?;
        let (_, new) = field_diff(None, &created.fields);
        let entry = Entry {
            city_id: Some(city_id),
            entity: "procurement",
            entity_id: created.id.to_string(),
            action: "create",
            old: None,
            new: Some(new),
        };
        audit::write(tx, change, entry).await?;
        Ok(created)
    }

    async fn update_procurement_in(
        &self,
        tx: &mut Transaction<'static, Any>,
        change: &Change,
        id: i64,
        action: &str,
        fields: &ProcurementFields,
        reason: Option<&str>,
    ) -> StoreResult<ProcurementRow> {
        let old = self.procurement_in(tx, id).await?;
        let sets: Vec<String> = FIELD_LIST
            .iter()
            .enumerate()
            .map(|(i, f)| format!("{f} = ${}", i + 1))
            .collect();
        let n = FIELD_LIST.len();
        let query = sqlx::query(trusted(format!(
            "UPDATE procurements SET {}, updated_at = ${} WHERE id = ${} RETURNING {PROCUREMENT_COLUMNS}",
            sets.join(", "),
            n + 1,
            n + 2
        )));
        let row = bind_procurement(query, fields)
            .bind(change.at)
            .bind(id)
            .fetch_one(&mut **tx)
            .await
            .map_err(db_error)?;
        let updated = procurement(&row).map_err(db_error)?;
        if let Some(reason) = reason
            && old.fields.criteria != updated.fields.criteria
        {
            sqlx::query(
                "INSERT INTO procurement_criteria_changes (procurement_id, at, changed_by, reason, \
                 old_criteria, new_criteria) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(change.at)
            .bind(&change.actor_label)
            .bind(reason)
            .bind(old.fields.criteria.as_deref())
            .bind(updated.fields.criteria.as_deref())
            .execute(&mut **tx)
            .await
            .map_err(db_error)?;
        }
        let (was, mut now) = field_diff(Some(&old.fields), &updated.fields);
        if let (Some(reason), Some(map)) = (reason, now.as_object_mut()) {
            map.insert("reason".into(), reason.into());
        }
        let entry = Entry {
            city_id: Some(old.city_id),
            entity: "procurement",
            entity_id: id.to_string(),
            action,
            old: was,
            new: Some(now),
        };
        audit::write(tx, change, entry).await?;
        Ok(updated)
    }

    async fn set_requirements_in(
        &self,
        tx: &mut Transaction<'static, Any>,
        change: &Change,
        procurement_id: i64,
        requirements: &[RequirementFields],
    ) -> StoreResult<Vec<RequirementRow>> {
        let city_id = self.city_of(tx, procurement_id).await?;
        let old = self.requirements_in(tx, procurement_id).await?;
        sqlx::query("DELETE FROM procurement_requirements WHERE procurement_id = $1")
            .bind(procurement_id)
            .execute(&mut **tx)
            .await
            .map_err(db_error)?;
        for (ordinal, r) in (0_i64..).zip(requirements) {
            // Keep the delivery status of a requirement that stays.
            let kept = old.iter().find(|o| o.fields == *r);
            sqlx::query(
                "INSERT INTO procurement_requirements (procurement_id, ordinal, checklist_id, title, \
                 description, status, status_note) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(procurement_id)
            .bind(ordinal)
            .bind(r.checklist_id.as_deref())
            .bind(&r.title)
            .bind(&r.description)
            .bind(kept.map_or("open", |k| k.status.as_str()))
            .bind(kept.map_or("", |k| k.status_note.as_str()))
            .execute(&mut **tx)
            .await
            .map_err(db_error)?;
        }
        let new = self.requirements_in(tx, procurement_id).await?;
        let as_json = |rows: &[RequirementRow]| {
            serde_json::to_value(rows.iter().map(|r| &r.fields).collect::<Vec<_>>()).ok()
        };
        let entry = Entry {
            city_id: Some(city_id),
            entity: "procurement",
            entity_id: procurement_id.to_string(),
            action: "set-requirements",
            old: as_json(&old),
            new: as_json(&new),
        };
        audit::write(tx, change, entry).await?;
        Ok(new)
    }

    async fn procurement_in(
        &self,
        tx: &mut Transaction<'static, Any>,
        id: i64,
    ) -> StoreResult<ProcurementRow> {
        let row = sqlx::query(trusted(format!(
            "SELECT {PROCUREMENT_COLUMNS} FROM procurements WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)?
        .ok_or(StoreError::NotFound("procurement"))?;
        procurement(&row).map_err(db_error)
    }

    async fn evaluator_in(
        &self,
        tx: &mut Transaction<'static, Any>,
        procurement_id: i64,
        user_id: i64,
    ) -> StoreResult<EvaluatorRow> {
        let row = sqlx::query(trusted(format!(
            "SELECT {EVALUATOR_COLUMNS} FROM procurement_evaluators e JOIN users u ON u.id = e.user_id \
             WHERE e.procurement_id = $1 AND e.user_id = $2"
        )))
        .bind(procurement_id)
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)?
        .ok_or(StoreError::NotFound("evaluator"))?;
        evaluator(&row).map_err(db_error)
    }

    async fn requirements_in(
        &self,
        tx: &mut Transaction<'static, Any>,
        procurement_id: i64,
    ) -> StoreResult<Vec<RequirementRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {REQUIREMENT_COLUMNS} FROM procurement_requirements WHERE procurement_id = $1 \
             ORDER BY ordinal, id"
        )))
        .bind(procurement_id)
        .fetch_all(&mut **tx)
        .await
        .map_err(db_error)?;
        rows.iter()
            .map(|r| requirement(r).map_err(db_error))
            .collect()
    }

    async fn city_of(
        &self,
        tx: &mut Transaction<'static, Any>,
        procurement_id: i64,
    ) -> StoreResult<i64> {
        Ok(self.procurement_in(tx, procurement_id).await?.city_id)
    }
}

#[async_trait]
impl ProcurementStore for SqlStore {
    async fn create_procurement(
        &self,
        change: &Change,
        city_id: i64,
        fields: &ProcurementFields,
    ) -> StoreResult<ProcurementRow> {
        let mut tx = self.begin().await?;
        let done = self
            .create_procurement_in(&mut tx, change, city_id, fields)
            .await?;
        tx.commit().await.map_err(db_error)?;
        Ok(done)
    }

    async fn save_procurement_plan(
        &self,
        change: &Change,
        city_id: i64,
        id: Option<i64>,
        fields: &ProcurementFields,
        requirements: &[RequirementFields],
    ) -> StoreResult<ProcurementRow> {
        let mut tx = self.begin().await?;
        let row = match id {
            None => {
                self.create_procurement_in(&mut tx, change, city_id, fields)
                    .await?
            }
            Some(id) => {
                self.update_procurement_in(&mut tx, change, id, "edit-plan", fields, None)
                    .await?
            }
        };
        self.set_requirements_in(&mut tx, change, row.id, requirements)
            .await?;
        tx.commit().await.map_err(db_error)?;
        Ok(row)
    }

    async fn update_procurement(
        &self,
        change: &Change,
        id: i64,
        action: &str,
        fields: &ProcurementFields,
        reason: Option<&str>,
    ) -> StoreResult<ProcurementRow> {
        let mut tx = self.begin().await?;
        let done = self
            .update_procurement_in(&mut tx, change, id, action, fields, reason)
            .await?;
        tx.commit().await.map_err(db_error)?;
        Ok(done)
    }

    async fn procurement(&self, id: i64) -> StoreResult<Option<ProcurementRow>> {
        let row = sqlx::query(trusted(format!(
            "SELECT {PROCUREMENT_COLUMNS} FROM procurements WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        row.as_ref().map(procurement).transpose().map_err(db_error)
    }

    async fn procurements(&self, city_id: i64) -> StoreResult<Vec<ProcurementRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {PROCUREMENT_COLUMNS} FROM procurements WHERE city_id = $1 ORDER BY id DESC"
        )))
        .bind(city_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter()
            .map(|r| procurement(r).map_err(db_error))
            .collect()
    }

    async fn criteria_changes(&self, procurement_id: i64) -> StoreResult<Vec<CriteriaChangeRow>> {
        let rows = sqlx::query(
            "SELECT id, procurement_id, at, changed_by, reason, old_criteria, new_criteria \
             FROM procurement_criteria_changes WHERE procurement_id = $1 ORDER BY id",
        )
        .bind(procurement_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter()
            .map(|r| {
                Ok(CriteriaChangeRow {
                    id: r.try_get("id")?,
                    procurement_id: r.try_get("procurement_id")?,
                    at: r.try_get("at")?,
                    by: r.try_get("changed_by")?,
                    reason: r.try_get("reason")?,
                    old_criteria: r.try_get("old_criteria")?,
                    new_criteria: r.try_get("new_criteria")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(db_error)
    }

    async fn set_requirements(
        &self,
        change: &Change,
        procurement_id: i64,
        requirements: &[RequirementFields],
    ) -> StoreResult<Vec<RequirementRow>> {
        let mut tx = self.begin().await?;
        let done = self
            .set_requirements_in(&mut tx, change, procurement_id, requirements)
            .await?;
        tx.commit().await.map_err(db_error)?;
        Ok(done)
    }

    async fn set_requirement_status(
        &self,
        change: &Change,
        requirement_id: i64,
        status: &str,
        note: &str,
    ) -> StoreResult<RequirementRow> {
        let mut tx = self.begin().await?;
        let fetch =
            format!("SELECT {REQUIREMENT_COLUMNS} FROM procurement_requirements WHERE id = $1");
        let old = sqlx::query(trusted(fetch.clone()))
            .bind(requirement_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_error)?
            .ok_or(StoreError::NotFound("requirement"))?;
        let old = requirement(&old).map_err(db_error)?;
        let city_id = self.city_of(&mut tx, old.procurement_id).await?;
        sqlx::query(
            "UPDATE procurement_requirements SET status = $1, status_note = $2 WHERE id = $3",
        )
        .bind(status)
        .bind(note)
        .bind(requirement_id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        let row = sqlx::query(trusted(fetch))
            .bind(requirement_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_error)?;
        let updated = requirement(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "procurement-obligation",
            entity_id: requirement_id.to_string(),
            action: "set-status",
            old: Some(
                json!({"title": old.fields.title, "status": old.status, "note": old.status_note}),
            ),
            new: Some(
                json!({"title": updated.fields.title, "status": updated.status, "note": updated.status_note}),
            ),
        };
        audit::commit(tx, change, entry).await?;
        Ok(updated)
    }

    async fn requirements(&self, procurement_id: i64) -> StoreResult<Vec<RequirementRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {REQUIREMENT_COLUMNS} FROM procurement_requirements WHERE procurement_id = $1 \
             ORDER BY ordinal, id"
        )))
        .bind(procurement_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter()
            .map(|r| requirement(r).map_err(db_error))
            .collect()
    }

    async fn add_engagement(
        &self,
        change: &Change,
        procurement_id: i64,
        fields: &EngagementFields,
    ) -> StoreResult<EngagementRow> {
        let mut tx = self.begin().await?;
        let city_id = self.city_of(&mut tx, procurement_id).await?;
        let row = sqlx::query(trusted(format!(
            "INSERT INTO procurement_engagements (procurement_id, held_on, kind, participants, summary, \
             recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {ENGAGEMENT_COLUMNS}"
        )))
        .bind(procurement_id)
        .bind(&fields.held_on)
        .bind(&fields.kind)
        .bind(&fields.participants)
        .bind(&fields.summary)
        .bind(change.at)
        .bind(&change.actor_label)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        let created = engagement(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "procurement-engagement",
            entity_id: created.id.to_string(),
            action: "record",
            old: None,
            new: serde_json::to_value(&created.fields).ok(),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn engagements(&self, procurement_id: i64) -> StoreResult<Vec<EngagementRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {ENGAGEMENT_COLUMNS} FROM procurement_engagements WHERE procurement_id = $1 \
             ORDER BY held_on, id"
        )))
        .bind(procurement_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter()
            .map(|r| engagement(r).map_err(db_error))
            .collect()
    }

    async fn assign_evaluator(
        &self,
        change: &Change,
        procurement_id: i64,
        user_id: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let city_id = self.city_of(&mut tx, procurement_id).await?;
        sqlx::query("INSERT INTO procurement_evaluators (procurement_id, user_id) VALUES ($1, $2)")
            .bind(procurement_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(|e| match db_error(e) {
                StoreError::Conflict(_) => StoreError::Conflict("evaluator"),
                other => other,
            })?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "procurement",
            entity_id: procurement_id.to_string(),
            action: "assign-evaluator",
            old: None,
            new: Some(json!({"evaluator": user_id})),
        };
        audit::commit(tx, change, entry).await
    }

    async fn remove_evaluator(
        &self,
        change: &Change,
        procurement_id: i64,
        user_id: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let city_id = self.city_of(&mut tx, procurement_id).await?;
        let old = self.evaluator_in(&mut tx, procurement_id, user_id).await?;
        sqlx::query(
            "DELETE FROM procurement_scores WHERE procurement_id = $1 AND evaluator_user_id = $2",
        )
        .bind(procurement_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        sqlx::query(
            "DELETE FROM procurement_evaluators WHERE procurement_id = $1 AND user_id = $2",
        )
        .bind(procurement_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "procurement",
            entity_id: procurement_id.to_string(),
            action: "remove-evaluator",
            old: serde_json::to_value(&old).ok(),
            new: None,
        };
        audit::commit(tx, change, entry).await
    }

    async fn declare_interests(
        &self,
        change: &Change,
        procurement_id: i64,
        user_id: i64,
        conflict: bool,
        declaration: &str,
    ) -> StoreResult<EvaluatorRow> {
        let mut tx = self.begin().await?;
        let city_id = self.city_of(&mut tx, procurement_id).await?;
        let old = self.evaluator_in(&mut tx, procurement_id, user_id).await?;
        sqlx::query(
            "UPDATE procurement_evaluators SET declared_at = $1, conflict = $2, declaration = $3 \
             WHERE procurement_id = $4 AND user_id = $5",
        )
        .bind(change.at)
        .bind(i64::from(conflict))
        .bind(declaration)
        .bind(procurement_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        let updated = self.evaluator_in(&mut tx, procurement_id, user_id).await?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "procurement",
            entity_id: procurement_id.to_string(),
            action: "declare-interests",
            old: Some(json!({"evaluator": user_id, "declared_at": old.declared_at,
                             "conflict": old.conflict, "declaration": old.declaration})),
            new: Some(
                json!({"evaluator": user_id, "declared_at": updated.declared_at,
                             "conflict": updated.conflict, "declaration": updated.declaration}),
            ),
        };
        audit::commit(tx, change, entry).await?;
        Ok(updated)
    }

    async fn mark_scores_submitted(
        &self,
        change: &Change,
        procurement_id: i64,
        user_id: i64,
    ) -> StoreResult<EvaluatorRow> {
        let mut tx = self.begin().await?;
        let city_id = self.city_of(&mut tx, procurement_id).await?;
        let old = self.evaluator_in(&mut tx, procurement_id, user_id).await?;
        sqlx::query(
            "UPDATE procurement_evaluators SET submitted_at = $1 WHERE procurement_id = $2 AND user_id = $3",
        )
        .bind(change.at)
        .bind(procurement_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        let updated = self.evaluator_in(&mut tx, procurement_id, user_id).await?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "procurement",
            entity_id: procurement_id.to_string(),
            action: "submit-scores",
            old: Some(json!({"evaluator": user_id, "submitted_at": old.submitted_at})),
            new: Some(json!({"evaluator": user_id, "submitted_at": updated.submitted_at})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(updated)
    }

    async fn evaluators(&self, procurement_id: i64) -> StoreResult<Vec<EvaluatorRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {EVALUATOR_COLUMNS} FROM procurement_evaluators e JOIN users u ON u.id = e.user_id \
             WHERE e.procurement_id = $1 ORDER BY u.display_name, e.user_id"
        )))
        .bind(procurement_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter()
            .map(|r| evaluator(r).map_err(db_error))
            .collect()
    }

    async fn add_bid(
        &self,
        change: &Change,
        procurement_id: i64,
        fields: &BidFields,
    ) -> StoreResult<BidRow> {
        let mut tx = self.begin().await?;
        let city_id = self.city_of(&mut tx, procurement_id).await?;
        let query = sqlx::query(trusted(format!(
            "INSERT INTO procurement_bids (procurement_id, bidder, price, received_on, note) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {BID_COLUMNS}"
        )))
        .bind(procurement_id)
        .bind(&fields.bidder);
        let row = bind_float(query, Some(fields.price))
            .bind(&fields.received_on)
            .bind(&fields.note)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| match db_error(e) {
                StoreError::Conflict(_) => StoreError::Conflict("bidder"),
                other => other,
            })?;
        let created = bid(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "procurement-bid",
            entity_id: created.id.to_string(),
            action: "receive",
            old: None,
            new: serde_json::to_value(&created.fields).ok(),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn delete_bid(&self, change: &Change, bid_id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let old = sqlx::query(trusted(format!(
            "SELECT {BID_COLUMNS} FROM procurement_bids WHERE id = $1"
        )))
        .bind(bid_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?
        .ok_or(StoreError::NotFound("bid"))?;
        let old = bid(&old).map_err(db_error)?;
        let city_id = self.city_of(&mut tx, old.procurement_id).await?;
        for table in ["procurement_scores", "procurement_consensus"] {
            sqlx::query(trusted(format!("DELETE FROM {table} WHERE bid_id = $1")))
                .bind(bid_id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        sqlx::query("DELETE FROM procurement_bids WHERE id = $1")
            .bind(bid_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "procurement-bid",
            entity_id: bid_id.to_string(),
            action: "delete",
            old: serde_json::to_value(&old.fields).ok(),
            new: None,
        };
        audit::commit(tx, change, entry).await
    }

    async fn bids(&self, procurement_id: i64) -> StoreResult<Vec<BidRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {BID_COLUMNS} FROM procurement_bids WHERE procurement_id = $1 ORDER BY bidder, id"
        )))
        .bind(procurement_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter().map(|r| bid(r).map_err(db_error)).collect()
    }

    async fn save_scores(
        &self,
        change: &Change,
        procurement_id: i64,
        evaluator_user_id: i64,
        scores: &[ScoreFields],
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let city_id = self.city_of(&mut tx, procurement_id).await?;
        let old = sqlx::query(
            "SELECT bid_id, criterion, score, justification FROM procurement_scores \
             WHERE procurement_id = $1 AND evaluator_user_id = $2 ORDER BY bid_id, criterion",
        )
        .bind(procurement_id)
        .bind(evaluator_user_id)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_error)?
        .iter()
        .map(score_fields)
        .collect::<Result<Vec<_>, _>>()
        .map_err(db_error)?;
        sqlx::query(
            "DELETE FROM procurement_scores WHERE procurement_id = $1 AND evaluator_user_id = $2",
        )
        .bind(procurement_id)
        .bind(evaluator_user_id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        for s in scores {
            let query = sqlx::query(
                "INSERT INTO procurement_scores (procurement_id, bid_id, evaluator_user_id, criterion, \
                 score, justification) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(procurement_id)
            .bind(s.bid_id)
            .bind(evaluator_user_id)
            .bind(&s.criterion);
            bind_float(query, Some(s.score))
                .bind(&s.justification)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        let entry = Entry {
            city_id: Some(city_id),
            entity: "procurement-scores",
            entity_id: format!("{procurement_id}/{evaluator_user_id}"),
            action: "save",
            old: serde_json::to_value(&old).ok(),
            new: serde_json::to_value(scores).ok(),
        };
        audit::commit(tx, change, entry).await
    }

    async fn scores(&self, procurement_id: i64) -> StoreResult<Vec<ScoreRow>> {
        let rows = sqlx::query(
            "SELECT procurement_id, evaluator_user_id, bid_id, criterion, score, justification \
             FROM procurement_scores WHERE procurement_id = $1 ORDER BY evaluator_user_id, bid_id, criterion",
        )
        .bind(procurement_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter()
            .map(|r| {
                Ok(ScoreRow {
                    procurement_id: r.try_get("procurement_id")?,
                    evaluator_user_id: r.try_get("evaluator_user_id")?,
                    fields: score_fields(r)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(db_error)
    }

    async fn save_bid_consensus(
        &self,
        change: &Change,
        procurement_id: i64,
        agreed: &[ConsensusFields],
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let city_id = self.city_of(&mut tx, procurement_id).await?;
        let old = consensus_in(&mut tx, procurement_id).await?;
        sqlx::query("DELETE FROM procurement_consensus WHERE procurement_id = $1")
            .bind(procurement_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        for a in agreed {
            let query = sqlx::query(
                "INSERT INTO procurement_consensus (procurement_id, bid_id, criterion, score, note) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(procurement_id)
            .bind(a.bid_id)
            .bind(&a.criterion);
            bind_float(query, Some(a.score))
                .bind(&a.note)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        let entry = Entry {
            city_id: Some(city_id),
            entity: "procurement",
            entity_id: procurement_id.to_string(),
            action: "agree-consensus",
            old: serde_json::to_value(&old).ok(),
            new: serde_json::to_value(agreed).ok(),
        };
        audit::commit(tx, change, entry).await
    }

    async fn bid_consensus(&self, procurement_id: i64) -> StoreResult<Vec<ConsensusFields>> {
        let mut tx = self.begin().await?;
        let rows = consensus_in(&mut tx, procurement_id).await?;
        tx.commit().await.map_err(db_error)?;
        Ok(rows)
    }

    async fn add_milestone(
        &self,
        change: &Change,
        procurement_id: i64,
        fields: &MilestoneFields,
    ) -> StoreResult<MilestoneRow> {
        let mut tx = self.begin().await?;
        let city_id = self.city_of(&mut tx, procurement_id).await?;
        let row = sqlx::query(trusted(format!(
            "INSERT INTO procurement_milestones (procurement_id, title, due_date, status, acceptance_note, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING {MILESTONE_COLUMNS}"
        )))
        .bind(procurement_id)
        .bind(&fields.title)
        .bind(&fields.due_date)
        .bind(&fields.status)
        .bind(&fields.acceptance_note)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        let created = milestone(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "procurement-milestone",
            entity_id: created.id.to_string(),
            action: "create",
            old: None,
            new: serde_json::to_value(&created.fields).ok(),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn update_milestone(
        &self,
        change: &Change,
        id: i64,
        fields: &MilestoneFields,
    ) -> StoreResult<MilestoneRow> {
        let mut tx = self.begin().await?;
        let old = sqlx::query(trusted(format!(
            "SELECT {MILESTONE_COLUMNS} FROM procurement_milestones WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?
        .ok_or(StoreError::NotFound("milestone"))?;
        let old = milestone(&old).map_err(db_error)?;
        let city_id = self.city_of(&mut tx, old.procurement_id).await?;
        let row = sqlx::query(trusted(format!(
            "UPDATE procurement_milestones SET title = $1, due_date = $2, status = $3, acceptance_note = $4, \
             updated_at = $5 WHERE id = $6 RETURNING {MILESTONE_COLUMNS}"
        )))
        .bind(&fields.title)
        .bind(&fields.due_date)
        .bind(&fields.status)
        .bind(&fields.acceptance_note)
        .bind(change.at)
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        let updated = milestone(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "procurement-milestone",
            entity_id: id.to_string(),
            action: "update",
            old: serde_json::to_value(&old.fields).ok(),
            new: serde_json::to_value(&updated.fields).ok(),
        };
        audit::commit(tx, change, entry).await?;
        Ok(updated)
    }

    async fn milestones(&self, procurement_id: i64) -> StoreResult<Vec<MilestoneRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {MILESTONE_COLUMNS} FROM procurement_milestones WHERE procurement_id = $1 \
             ORDER BY due_date, id"
        )))
        .bind(procurement_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter()
            .map(|r| milestone(r).map_err(db_error))
            .collect()
    }
}

async fn consensus_in(
    tx: &mut Transaction<'static, Any>,
    procurement_id: i64,
) -> StoreResult<Vec<ConsensusFields>> {
    let rows = sqlx::query(
        "SELECT bid_id, criterion, score, note FROM procurement_consensus WHERE procurement_id = $1 \
         ORDER BY bid_id, criterion",
    )
    .bind(procurement_id)
    .fetch_all(&mut **tx)
    .await
    .map_err(db_error)?;
    rows.iter()
        .map(|r| {
            Ok(ConsensusFields {
                bid_id: r.try_get("bid_id")?,
                criterion: r.try_get("criterion")?,
                score: r.try_get("score")?,
                note: r.try_get("note")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(db_error)
}
