//! [`StrategyStore`] on SQL shared by SQLite and PostgreSQL.

use crate::audit::{self, Entry};
use crate::{SqlStore, bind_float, db_error};
use async_trait::async_trait;
use civitas_store::*;
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

const ROUND_COLUMNS: &str = "id, city_id, name, framework, default_target, created_at, closed_at";
const RESPONDENT_COLUMNS: &str = "id, round_id, name, kind, token_hash, created_at, submitted_at";
const ACTION_COLUMNS: &str = "id, city_id, title, description, owner, budget, currency, \
     funding_source, start_date, end_date, status, updated_at";

fn round(row: &AnyRow) -> Result<MaturityRoundRow, sqlx::Error> {
    Ok(MaturityRoundRow {
        id: row.try_get("id")?,
        city_id: row.try_get("city_id")?,
        name: row.try_get("name")?,
        framework: row.try_get("framework")?,
        default_target: row.try_get("default_target")?,
        created_at: row.try_get("created_at")?,
        closed_at: row.try_get("closed_at")?,
    })
}

fn respondent(row: &AnyRow) -> Result<RespondentRow, sqlx::Error> {
    Ok(RespondentRow {
        id: row.try_get("id")?,
        round_id: row.try_get("round_id")?,
        name: row.try_get("name")?,
        kind: row.try_get("kind")?,
        token_hash: row.try_get("token_hash")?,
        created_at: row.try_get("created_at")?,
        submitted_at: row.try_get("submitted_at")?,
    })
}

fn answer(row: &AnyRow) -> Result<MaturityAnswerRow, sqlx::Error> {
    Ok(MaturityAnswerRow {
        respondent_id: row.try_get("respondent_id")?,
        element: row.try_get("element")?,
        level: row.try_get("level")?,
        evidence: row.try_get("evidence")?,
        evidence_url: row.try_get("evidence_url")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn consensus(row: &AnyRow) -> Result<ConsensusRow, sqlx::Error> {
    Ok(ConsensusRow {
        round_id: row.try_get("round_id")?,
        element: row.try_get("element")?,
        level: row.try_get("level")?,
        target: row.try_get("target")?,
        note: row.try_get("note")?,
        agreed_by: row.try_get("agreed_by")?,
        agreed_at: row.try_get("agreed_at")?,
    })
}

fn stakeholder(row: &AnyRow) -> Result<StakeholderRow, sqlx::Error> {
    Ok(StakeholderRow {
        id: row.try_get("id")?,
        city_id: row.try_get("city_id")?,
        name: row.try_get("name")?,
        level: row.try_get("level")?,
        sector: row.try_get("sector")?,
    })
}

/// An action's own columns; its lists are filled by [`with_links`].
fn action(row: &AnyRow) -> Result<RoadmapActionRow, sqlx::Error> {
    Ok(RoadmapActionRow {
        id: row.try_get("id")?,
        city_id: row.try_get("city_id")?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        owner: row.try_get("owner")?,
        budget: row.try_get("budget")?,
        currency: row.try_get("currency")?,
        funding_source: row.try_get("funding_source")?,
        start_date: row.try_get("start_date")?,
        end_date: row.try_get("end_date")?,
        status: row.try_get("status")?,
        updated_at: row.try_get("updated_at")?,
        depends_on: Vec::new(),
        elements: Vec::new(),
        kpis: Vec::new(),
        roles: Vec::new(),
    })
}

fn all<T>(rows: Vec<AnyRow>, map: fn(&AnyRow) -> Result<T, sqlx::Error>) -> StoreResult<Vec<T>> {
    rows.iter().map(|r| map(r).map_err(db_error)).collect()
}

fn action_json(a: &RoadmapActionRow) -> serde_json::Value {
    json!({"title": a.title, "description": a.description, "owner": a.owner, "budget": a.budget,
           "currency": a.currency, "funding_source": a.funding_source, "start_date": a.start_date,
           "end_date": a.end_date, "status": a.status, "depends_on": a.depends_on,
           "elements": a.elements, "kpis": a.kpis, "roles": a.roles})
}

async fn round_in(tx: &mut Transaction<'static, Any>, id: i64) -> StoreResult<MaturityRoundRow> {
    let row = sqlx::query(crate::trusted(format!(
        "SELECT {ROUND_COLUMNS} FROM maturity_rounds WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_error)?
    .ok_or(StoreError::NotFound("maturity round"))?;
    round(&row).map_err(db_error)
}

/// Reads an action with its dependencies, elements, KPIs and roles.
async fn action_in(
    conn: &mut sqlx::AnyConnection,
    id: i64,
) -> StoreResult<Option<RoadmapActionRow>> {
    let row = sqlx::query(crate::trusted(format!(
        "SELECT {ACTION_COLUMNS} FROM roadmap_actions WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_error)?;
    let Some(row) = row else {
        return Ok(None);
    };
    let mut found = action(&row).map_err(db_error)?;
    with_links(conn, std::slice::from_mut(&mut found)).await?;
    Ok(Some(found))
}

/// Fills the lists of each action (four queries for all of them together).
async fn with_links(
    conn: &mut sqlx::AnyConnection,
    actions: &mut [RoadmapActionRow],
) -> StoreResult<()> {
    if actions.is_empty() {
        return Ok(());
    }
    let city = actions[0].city_id;
    let owned = "action_id IN (SELECT id FROM roadmap_actions WHERE city_id = $1)";
    let find = |actions: &mut [RoadmapActionRow], id: i64| -> Option<usize> {
        actions.iter().position(|a| a.id == id)
    };
    let rows = sqlx::query(crate::trusted(format!(
        "SELECT action_id, depends_on FROM roadmap_dependencies WHERE {owned} ORDER BY depends_on"
    )))
    .bind(city)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_error)?;
    for row in rows {
        let (id, on): (i64, i64) = (
            row.try_get("action_id").map_err(db_error)?,
            row.try_get("depends_on").map_err(db_error)?,
        );
        if let Some(i) = find(actions, id) {
            actions[i].depends_on.push(on);
        }
    }
    let rows = sqlx::query(crate::trusted(format!(
        "SELECT action_id, element FROM roadmap_action_elements WHERE {owned} ORDER BY element"
    )))
    .bind(city)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_error)?;
    for row in rows {
        let id: i64 = row.try_get("action_id").map_err(db_error)?;
        if let Some(i) = find(actions, id) {
            actions[i]
                .elements
                .push(row.try_get("element").map_err(db_error)?);
        }
    }
    let rows = sqlx::query(crate::trusted(format!(
        "SELECT action_id, kpi, data_point, target, target_year FROM roadmap_action_kpis WHERE {owned} \
         ORDER BY kpi, data_point"
    )))
    .bind(city)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_error)?;
    for row in rows {
        let id: i64 = row.try_get("action_id").map_err(db_error)?;
        if let Some(i) = find(actions, id) {
            actions[i].kpis.push(ActionKpiRow {
                kpi: row.try_get("kpi").map_err(db_error)?,
                data_point: row.try_get("data_point").map_err(db_error)?,
                target: row.try_get("target").map_err(db_error)?,
                target_year: row.try_get("target_year").map_err(db_error)?,
            });
        }
    }
    let rows = sqlx::query(crate::trusted(format!(
        "SELECT action_id, stakeholder_id, role FROM roadmap_action_roles WHERE {owned} \
         ORDER BY stakeholder_id, role"
    )))
    .bind(city)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_error)?;
    for row in rows {
        let id: i64 = row.try_get("action_id").map_err(db_error)?;
        if let Some(i) = find(actions, id) {
            actions[i].roles.push(ActionRoleRow {
                stakeholder_id: row.try_get("stakeholder_id").map_err(db_error)?,
                role: row.try_get("role").map_err(db_error)?,
            });
        }
    }
    Ok(())
}

/// Replaces an action's lists with `fields`'.
async fn write_links(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    fields: &ActionFields,
) -> StoreResult<()> {
    for table in [
        "roadmap_dependencies",
        "roadmap_action_elements",
        "roadmap_action_kpis",
        "roadmap_action_roles",
    ] {
        sqlx::query(crate::trusted(format!(
            "DELETE FROM {table} WHERE action_id = $1"
        )))
        .bind(id)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    }
    for on in &fields.depends_on {
        sqlx::query("INSERT INTO roadmap_dependencies (action_id, depends_on) VALUES ($1, $2)")
            .bind(id)
            .bind(on)
            .execute(&mut **tx)
            .await
            .map_err(db_error)?;
    }
    for element in &fields.elements {
        sqlx::query("INSERT INTO roadmap_action_elements (action_id, element) VALUES ($1, $2)")
            .bind(id)
            .bind(element)
            .execute(&mut **tx)
            .await
            .map_err(db_error)?;
    }
    for k in &fields.kpis {
        let query = sqlx::query(
            "INSERT INTO roadmap_action_kpis (action_id, kpi, data_point, target, target_year) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(&k.kpi)
        .bind(&k.data_point);
        bind_float(query, k.target)
            .bind(k.target_year)
            .execute(&mut **tx)
            .await
            .map_err(db_error)?;
    }
    for r in &fields.roles {
        sqlx::query(
            "INSERT INTO roadmap_action_roles (action_id, stakeholder_id, role) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(r.stakeholder_id)
        .bind(&r.role)
        .execute(&mut **tx)
        .await
        .map_err(db_error)?;
    }
    Ok(())
}

fn bind_action<'q>(
    query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>,
    fields: &'q ActionFields,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments> {
    let query = query
        .bind(&fields.title)
        .bind(&fields.description)
        .bind(&fields.owner);
    bind_float(query, fields.budget)
        .bind(fields.currency.as_deref())
        .bind(&fields.funding_source)
        .bind(&fields.start_date)
        .bind(&fields.end_date)
        .bind(&fields.status)
}

#[async_trait]
impl StrategyStore for SqlStore {
    async fn create_maturity_round(
        &self,
        change: &Change,
        new: &NewMaturityRound,
    ) -> StoreResult<MaturityRoundRow> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(crate::trusted(format!(
            "INSERT INTO maturity_rounds (city_id, name, framework, default_target, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {ROUND_COLUMNS}"
        )))
        .bind(new.city_id)
        .bind(&new.name)
        .bind(&new.framework)
        .bind(new.default_target)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match db_error(e) {
            StoreError::Conflict(_) => StoreError::Conflict("name"),
            other => other,
        })?;
        let created = round(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(new.city_id),
            entity: "maturity-round",
            entity_id: created.id.to_string(),
            action: "create",
            old: None,
            new: Some(json!({"name": new.name, "framework": new.framework,
                             "default_target": new.default_target})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn maturity_round(&self, id: i64) -> StoreResult<Option<MaturityRoundRow>> {
        let row = sqlx::query(crate::trusted(format!(
            "SELECT {ROUND_COLUMNS} FROM maturity_rounds WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        row.as_ref().map(round).transpose().map_err(db_error)
    }

    async fn maturity_rounds(&self, city_id: i64) -> StoreResult<Vec<MaturityRoundRow>> {
        let rows = sqlx::query(crate::trusted(format!(
            "SELECT {ROUND_COLUMNS} FROM maturity_rounds WHERE city_id = $1 ORDER BY created_at DESC, id DESC"
        )))
        .bind(city_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        all(rows, round)
    }

    async fn close_maturity_round(
        &self,
        change: &Change,
        id: i64,
    ) -> StoreResult<MaturityRoundRow> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(crate::trusted(format!(
            "UPDATE maturity_rounds SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL \
             RETURNING {ROUND_COLUMNS}"
        )))
        .bind(change.at)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?
        .ok_or(StoreError::Conflict("closed"))?;
        let closed = round(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(closed.city_id),
            entity: "maturity-round",
            entity_id: id.to_string(),
            action: "close",
            old: None,
            new: None,
        };
        audit::commit(tx, change, entry).await?;
        Ok(closed)
    }

    async fn add_respondent(
        &self,
        change: &Change,
        new: &NewRespondent,
    ) -> StoreResult<RespondentRow> {
        let mut tx = self.begin().await?;
        let owner = round_in(&mut tx, new.round_id).await?;
        let row = sqlx::query(crate::trusted(format!(
            "INSERT INTO maturity_respondents (round_id, name, kind, token_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {RESPONDENT_COLUMNS}"
        )))
        .bind(new.round_id)
        .bind(&new.name)
        .bind(&new.kind)
        .bind(&new.token_hash)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match db_error(e) {
            StoreError::Conflict(_) => StoreError::Conflict("name"),
            other => other,
        })?;
        let created = respondent(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(owner.city_id),
            entity: "maturity-respondent",
            entity_id: created.id.to_string(),
            action: "create",
            old: None,
            new: Some(json!({"round": new.round_id, "name": new.name, "kind": new.kind})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn respondents(&self, round_id: i64) -> StoreResult<Vec<RespondentRow>> {
        let rows = sqlx::query(crate::trusted(format!(
            "SELECT {RESPONDENT_COLUMNS} FROM maturity_respondents WHERE round_id = $1 ORDER BY name"
        )))
        .bind(round_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        all(rows, respondent)
    }

    async fn respondent_by_token_hash(
        &self,
        token_hash: &str,
    ) -> StoreResult<Option<RespondentRow>> {
        let row = sqlx::query(crate::trusted(format!(
            "SELECT {RESPONDENT_COLUMNS} FROM maturity_respondents WHERE token_hash = $1"
        )))
        .bind(token_hash)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        row.as_ref().map(respondent).transpose().map_err(db_error)
    }

    async fn save_maturity_answers(
        &self,
        change: &Change,
        respondent_id: i64,
        answers: &[MaturityAnswerRow],
        submit: bool,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let who = sqlx::query(crate::trusted(format!(
            "SELECT {RESPONDENT_COLUMNS} FROM maturity_respondents WHERE id = $1"
        )))
        .bind(respondent_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?
        .ok_or(StoreError::NotFound("respondent"))?;
        let who = respondent(&who).map_err(db_error)?;
        let owner = round_in(&mut tx, who.round_id).await?;
        for a in answers {
            sqlx::query(
                "INSERT INTO maturity_answers (respondent_id, element, level, evidence, evidence_url, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (respondent_id, element) DO UPDATE SET \
                 level = excluded.level, evidence = excluded.evidence, evidence_url = excluded.evidence_url, \
                 updated_at = excluded.updated_at",
            )
            .bind(respondent_id)
            .bind(&a.element)
            .bind(a.level)
            .bind(&a.evidence)
            .bind(&a.evidence_url)
            .bind(change.at)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        if submit {
            sqlx::query("UPDATE maturity_respondents SET submitted_at = $1 WHERE id = $2")
                .bind(change.at)
                .bind(respondent_id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        let entry = Entry {
            city_id: Some(owner.city_id),
            entity: "maturity-answers",
            entity_id: respondent_id.to_string(),
            action: if submit { "submit" } else { "save" },
            old: None,
            new: Some(json!({"respondent": who.name, "answers": answers.len()})),
        };
        audit::commit(tx, change, entry).await
    }

    async fn maturity_answers(&self, round_id: i64) -> StoreResult<Vec<MaturityAnswerRow>> {
        let rows = sqlx::query(
            "SELECT a.respondent_id, a.element, a.level, a.evidence, a.evidence_url, a.updated_at \
             FROM maturity_answers a JOIN maturity_respondents r ON r.id = a.respondent_id \
             WHERE r.round_id = $1 ORDER BY a.element, a.respondent_id",
        )
        .bind(round_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        all(rows, answer)
    }

    async fn save_consensus(&self, change: &Change, row: &ConsensusRow) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let owner = round_in(&mut tx, row.round_id).await?;
        let old = sqlx::query(
            "SELECT round_id, element, level, target, note, agreed_by, agreed_at FROM maturity_consensus \
             WHERE round_id = $1 AND element = $2",
        )
        .bind(row.round_id)
        .bind(&row.element)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?
        .as_ref()
        .map(consensus)
        .transpose()
        .map_err(db_error)?;
        sqlx::query(
            "INSERT INTO maturity_consensus (round_id, element, level, target, note, agreed_by, agreed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (round_id, element) DO UPDATE SET \
             level = excluded.level, target = excluded.target, note = excluded.note, \
             agreed_by = excluded.agreed_by, agreed_at = excluded.agreed_at",
        )
        .bind(row.round_id)
        .bind(&row.element)
        .bind(row.level)
        .bind(row.target)
        .bind(&row.note)
        .bind(&change.actor_label)
        .bind(change.at)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        let entry = Entry {
            city_id: Some(owner.city_id),
            entity: "maturity-consensus",
            entity_id: format!("{}/{}", row.round_id, row.element),
            action: if old.is_some() { "update" } else { "create" },
            old: old.map(|o| json!({"level": o.level, "target": o.target, "note": o.note})),
            new: Some(json!({"level": row.level, "target": row.target, "note": row.note})),
        };
        audit::commit(tx, change, entry).await
    }

    async fn consensus(&self, round_id: i64) -> StoreResult<Vec<ConsensusRow>> {
        let rows = sqlx::query(
            "SELECT round_id, element, level, target, note, agreed_by, agreed_at FROM maturity_consensus \
             WHERE round_id = $1 ORDER BY element",
        )
        .bind(round_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        all(rows, consensus)
    }

    async fn add_stakeholder(
        &self,
        change: &Change,
        new: &NewStakeholder,
    ) -> StoreResult<StakeholderRow> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(
            "INSERT INTO stakeholders (city_id, name, level, sector) VALUES ($1, $2, $3, $4) \
             RETURNING id, city_id, name, level, sector",
        )
        .bind(new.city_id)
        .bind(&new.name)
        .bind(&new.level)
        .bind(&new.sector)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match db_error(e) {
            StoreError::Conflict(_) => StoreError::Conflict("name"),
            other => other,
        })?;
        let created = stakeholder(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(new.city_id),
            entity: "stakeholder",
            entity_id: created.id.to_string(),
            action: "create",
            old: None,
            new: Some(json!({"name": new.name, "level": new.level, "sector": new.sector})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn stakeholders(&self, city_id: i64) -> StoreResult<Vec<StakeholderRow>> {
        let rows = sqlx::query(
            "SELECT id, city_id, name, level, sector FROM stakeholders WHERE city_id = $1 ORDER BY name",
        )
        .bind(city_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        all(rows, stakeholder)
    }

    async fn create_roadmap_action(
        &self,
        change: &Change,
        city_id: i64,
        fields: &ActionFields,
    ) -> StoreResult<RoadmapActionRow> {
        let mut tx = self.begin().await?;
        let query = sqlx::query(crate::trusted(format!(
            "INSERT INTO roadmap_actions (city_id, title, description, owner, budget, currency, funding_source, \
             start_date, end_date, status, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             RETURNING {ACTION_COLUMNS}"
        )))
        .bind(city_id);
        let row = bind_action(query, fields)
            .bind(change.at)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_error)?;
        let id: i64 = row.try_get("id").map_err(db_error)?;
        write_links(&mut tx, id, fields).await?;
        let created = action_in(&mut tx, id)
            .await?
            .ok_or(StoreError::NotFound("roadmap action"))?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "roadmap-action",
            entity_id: id.to_string(),
            action: "create",
            old: None,
            new: Some(action_json(&created)),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn update_roadmap_action(
        &self,
        change: &Change,
        id: i64,
        fields: &ActionFields,
    ) -> StoreResult<RoadmapActionRow> {
        let mut tx = self.begin().await?;
        let old = action_in(&mut tx, id)
            .await?
            .ok_or(StoreError::NotFound("roadmap action"))?;
        let query = sqlx::query(
            "UPDATE roadmap_actions SET title = $1, description = $2, owner = $3, budget = $4, currency = $5, \
             funding_source = $6, start_date = $7, end_date = $8, status = $9, updated_at = $10 WHERE id = $11",
        );
        bind_action(query, fields)
            .bind(change.at)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        write_links(&mut tx, id, fields).await?;
        let updated = action_in(&mut tx, id)
            .await?
            .ok_or(StoreError::NotFound("roadmap action"))?;
        let entry = Entry {
            city_id: Some(old.city_id),
            entity: "roadmap-action",
            entity_id: id.to_string(),
            action: "update",
            old: Some(action_json(&old)),
            new: Some(action_json(&updated)),
        };
        audit::commit(tx, change, entry).await?;
        Ok(updated)
    }

    async fn delete_roadmap_action(&self, change: &Change, id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let old = action_in(&mut tx, id)
            .await?
            .ok_or(StoreError::NotFound("roadmap action"))?;
        sqlx::query("DELETE FROM roadmap_actions WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        let entry = Entry {
            city_id: Some(old.city_id),
            entity: "roadmap-action",
            entity_id: id.to_string(),
            action: "delete",
            old: Some(action_json(&old)),
            new: None,
        };
        audit::commit(tx, change, entry).await
    }

    async fn roadmap_action(&self, id: i64) -> StoreResult<Option<RoadmapActionRow>> {
        let mut conn = self.pool().acquire().await.map_err(db_error)?;
        action_in(&mut conn, id).await
    }

    async fn roadmap_actions(&self, city_id: i64) -> StoreResult<Vec<RoadmapActionRow>> {
        let rows = sqlx::query(crate::trusted(format!(
            "SELECT {ACTION_COLUMNS} FROM roadmap_actions WHERE city_id = $1 ORDER BY start_date, id"
        )))
        .bind(city_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        let mut actions = all(rows, action)?;
        let mut conn = self.pool().acquire().await.map_err(db_error)?;
        with_links(&mut conn, &mut actions).await?;
        Ok(actions)
    }
}
