//! [`ParticipationStore`] on SQL shared by SQLite and PostgreSQL.

use crate::audit::{self, Entry};
use crate::{SqlStore, bind_float, db_error, trusted};
use async_trait::async_trait;
use civitas_store::*;
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

const SERVICE_COLUMNS: &str =
    "id, city_id, code, name, description, keywords, service_group, notice, agency";
const REQUEST_SELECT: &str = "SELECT r.id, r.city_id, r.service_id, s.code AS service_code, \
     s.name AS service_name, r.description, r.address, r.latitude, r.longitude, r.status, \
     r.status_notes, s.agency AS agency, r.hidden, r.hidden_reason, r.channel, r.client_app_id, \
     r.fingerprint, r.requested_at, r.updated_at \
     FROM service_requests r JOIN participation_services s ON s.id = r.service_id";
const APP_COLUMNS: &str = "id, city_id, name, created_at, revoked_at";

fn service(row: &AnyRow) -> Result<ServiceRow, sqlx::Error> {
    Ok(ServiceRow {
        id: row.try_get("id")?,
        city_id: row.try_get("city_id")?,
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        keywords: row.try_get("keywords")?,
        group: row.try_get("service_group")?,
        notice: row.try_get("notice")?,
        agency: row.try_get("agency")?,
    })
}

fn request(row: &AnyRow) -> Result<ServiceRequestRow, sqlx::Error> {
    let agency: String = row.try_get("agency")?;
    Ok(ServiceRequestRow {
        id: row.try_get("id")?,
        city_id: row.try_get("city_id")?,
        service_id: row.try_get("service_id")?,
        service_code: row.try_get("service_code")?,
        service_name: row.try_get("service_name")?,
        description: row.try_get("description")?,
        address: row.try_get("address")?,
        lat: row.try_get("latitude")?,
        long: row.try_get("longitude")?,
        status: row.try_get("status")?,
        status_notes: row.try_get("status_notes")?,
        agency_responsible: (!agency.is_empty()).then_some(agency),
        hidden: row.try_get::<i64, _>("hidden")? == 1,
        hidden_reason: row.try_get("hidden_reason")?,
        channel: row.try_get("channel")?,
        client_app_id: row.try_get("client_app_id")?,
        fingerprint: row.try_get("fingerprint")?,
        requested_at: row.try_get("requested_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn event(row: &AnyRow) -> Result<RequestEventRow, sqlx::Error> {
    Ok(RequestEventRow {
        id: row.try_get("id")?,
        request_id: row.try_get("request_id")?,
        at: row.try_get("at")?,
        kind: row.try_get("kind")?,
        status: row.try_get("status")?,
        note: row.try_get("note")?,
    })
}

fn app(row: &AnyRow) -> Result<ClientAppRow, sqlx::Error> {
    Ok(ClientAppRow {
        id: row.try_get("id")?,
        city_id: row.try_get("city_id")?,
        name: row.try_get("name")?,
        created_at: row.try_get("created_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

/// What the audit log says about a request: never its text, place or contact.
fn request_json(r: &ServiceRequestRow) -> serde_json::Value {
    json!({"service_code": r.service_code, "status": r.status, "status_notes": r.status_notes,
           "hidden": r.hidden, "hidden_reason": r.hidden_reason, "channel": r.channel})
}

async fn request_in(tx: &mut Transaction<'static, Any>, id: i64) -> StoreResult<ServiceRequestRow> {
    let row = sqlx::query(trusted(format!("{REQUEST_SELECT} WHERE r.id = $1")))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)?
        .ok_or(StoreError::NotFound("service request"))?;
    request(&row).map_err(db_error)
}

async fn add_event(
    tx: &mut Transaction<'static, Any>,
    request_id: i64,
    at: i64,
    kind: &str,
    status: &str,
    note: Option<&str>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO service_request_events (request_id, at, kind, status, note) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(request_id)
    .bind(at)
    .bind(kind)
    .bind(status)
    .bind(note)
    .execute(&mut **tx)
    .await
    .map_err(db_error)?;
    Ok(())
}

impl SqlStore {
    async fn one_request(
        &self,
        clause: &str,
        value: &str,
    ) -> StoreResult<Option<ServiceRequestRow>> {
        let row = sqlx::query(trusted(format!("{REQUEST_SELECT} WHERE {clause} = $1")))
            .bind(value)
            .fetch_optional(self.pool())
            .await
            .map_err(db_error)?;
        row.as_ref().map(request).transpose().map_err(db_error)
    }
}

#[async_trait]
impl ParticipationStore for SqlStore {
    async fn create_service(&self, change: &Change, new: &NewService) -> StoreResult<ServiceRow> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(trusted(format!(
            "INSERT INTO participation_services (city_id, code, name, description, keywords, \
             service_group, notice, agency) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             RETURNING {SERVICE_COLUMNS}"
        )))
        .bind(new.city_id)
        .bind(&new.code)
        .bind(&new.name)
        .bind(&new.description)
        .bind(&new.keywords)
        .bind(&new.group)
        .bind(&new.notice)
        .bind(&new.agency)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match db_error(e) {
            StoreError::Conflict(_) => StoreError::Conflict("service_code"),
            other => other,
        })?;
        let created = service(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(new.city_id),
            entity: "participation-service",
            entity_id: created.id.to_string(),
            action: "create",
            old: None,
            new: Some(serde_json::to_value(&created).unwrap_or_default()),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn services(&self, city_id: i64) -> StoreResult<Vec<ServiceRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {SERVICE_COLUMNS} FROM participation_services WHERE city_id = $1 \
             ORDER BY service_group, name, id"
        )))
        .bind(city_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter().map(|r| service(r).map_err(db_error)).collect()
    }

    async fn create_service_request(
        &self,
        change: &Change,
        new: &NewServiceRequest,
    ) -> StoreResult<ServiceRequestRow> {
        let mut tx = self.begin().await?;
        let query = sqlx::query(
            "INSERT INTO service_requests (city_id, service_id, description, address, latitude, \
             longitude, status, channel, client_app_id, fingerprint, receipt_hash, requested_at, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, $10, $11, $11) RETURNING id",
        )
        .bind(new.city_id)
        .bind(new.service_id)
        .bind(&new.description)
        .bind(new.address.as_deref());
        let query = bind_float(bind_float(query, new.lat), new.long)
            .bind(&new.channel)
            .bind(new.client_app_id)
            .bind(&new.fingerprint)
            .bind(&new.receipt_hash)
            .bind(change.at);
        let id: i64 = query
            .fetch_one(&mut *tx)
            .await
            .map_err(db_error)?
            .try_get("id")
            .map_err(db_error)?;
        if !new.contact.is_empty() {
            let c = &new.contact;
            sqlx::query(
                "INSERT INTO service_request_contacts (request_id, email, first_name, last_name, phone) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(c.email.as_deref())
            .bind(c.first_name.as_deref())
            .bind(c.last_name.as_deref())
            .bind(c.phone.as_deref())
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        add_event(&mut tx, id, change.at, "submitted", "open", None).await?;
        let created = request_in(&mut tx, id).await?;
        let entry = Entry {
            city_id: Some(new.city_id),
            entity: "service-request",
            entity_id: id.to_string(),
            action: "submit",
            old: None,
            new: Some(request_json(&created)),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn service_request(&self, id: i64) -> StoreResult<Option<ServiceRequestRow>> {
        let row = sqlx::query(trusted(format!("{REQUEST_SELECT} WHERE r.id = $1")))
            .bind(id)
            .fetch_optional(self.pool())
            .await
            .map_err(db_error)?;
        row.as_ref().map(request).transpose().map_err(db_error)
    }

    async fn service_request_by_receipt(
        &self,
        receipt_hash: &str,
    ) -> StoreResult<Option<ServiceRequestRow>> {
        self.one_request("r.receipt_hash", receipt_hash).await
    }

    async fn service_requests(
        &self,
        filter: &RequestFilter,
    ) -> StoreResult<Vec<ServiceRequestRow>> {
        let mut sql = format!("{REQUEST_SELECT} WHERE r.city_id = $1");
        let mut next = 2;
        if !filter.ids.is_empty() {
            let marks: Vec<String> = (0..filter.ids.len())
                .map(|i| format!("${}", next + i))
                .collect();
            sql.push_str(&format!(" AND r.id IN ({})", marks.join(", ")));
            next += filter.ids.len();
        }
        for (present, clause) in [
            (filter.service_code.is_some(), "s.code ="),
            (filter.start.is_some(), "r.requested_at >="),
            (filter.end.is_some(), "r.requested_at <="),
            (filter.status.is_some(), "r.status ="),
        ] {
            if present {
                sql.push_str(&format!(" AND {clause} ${next}"));
                next += 1;
            }
        }
        if !filter.include_hidden {
            sql.push_str(" AND r.hidden = 0");
        }
        sql.push_str(&format!(
            " ORDER BY r.requested_at DESC, r.id DESC LIMIT ${next}"
        ));
        let mut query = sqlx::query(trusted(sql)).bind(filter.city_id);
        for id in &filter.ids {
            query = query.bind(*id);
        }
        if let Some(code) = &filter.service_code {
            query = query.bind(code.clone());
        }
        if let Some(start) = filter.start {
            query = query.bind(start);
        }
        if let Some(end) = filter.end {
            query = query.bind(end);
        }
        if let Some(status) = &filter.status {
            query = query.bind(status.clone());
        }
        let rows = query
            .bind(filter.limit)
            .fetch_all(self.pool())
            .await
            .map_err(db_error)?;
        rows.iter().map(|r| request(r).map_err(db_error)).collect()
    }

    async fn duplicate_request(
        &self,
        city_id: i64,
        fingerprint: &str,
        since: i64,
    ) -> StoreResult<Option<ServiceRequestRow>> {
        let row = sqlx::query(trusted(format!(
            "{REQUEST_SELECT} WHERE r.city_id = $1 AND r.fingerprint = $2 AND r.requested_at >= $3 \
             AND r.hidden = 0 ORDER BY r.requested_at DESC, r.id DESC LIMIT 1"
        )))
        .bind(city_id)
        .bind(fingerprint)
        .bind(since)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        row.as_ref().map(request).transpose().map_err(db_error)
    }

    async fn request_contact(&self, id: i64) -> StoreResult<Option<RequestContact>> {
        let row = sqlx::query(
            "SELECT email, first_name, last_name, phone FROM service_request_contacts WHERE request_id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        row.map(|r| {
            Ok(RequestContact {
                email: r.try_get("email")?,
                first_name: r.try_get("first_name")?,
                last_name: r.try_get("last_name")?,
                phone: r.try_get("phone")?,
            })
        })
        .transpose()
        .map_err(db_error)
    }

    async fn request_events(&self, id: i64) -> StoreResult<Vec<RequestEventRow>> {
        let rows = sqlx::query(
            "SELECT id, request_id, at, kind, status, note FROM service_request_events \
             WHERE request_id = $1 ORDER BY at, id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter().map(|r| event(r).map_err(db_error)).collect()
    }

    async fn set_request_status(
        &self,
        change: &Change,
        id: i64,
        status: &str,
        notes: Option<&str>,
    ) -> StoreResult<ServiceRequestRow> {
        let mut tx = self.begin().await?;
        let old = request_in(&mut tx, id).await?;
        sqlx::query(
            "UPDATE service_requests SET status = $1, status_notes = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(status)
        .bind(notes)
        .bind(change.at)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        add_event(&mut tx, id, change.at, "status", status, notes).await?;
        let updated = request_in(&mut tx, id).await?;
        let entry = Entry {
            city_id: Some(old.city_id),
            entity: "service-request",
            entity_id: id.to_string(),
            action: "status",
            old: Some(request_json(&old)),
            new: Some(request_json(&updated)),
        };
        audit::commit(tx, change, entry).await?;
        Ok(updated)
    }

    async fn set_request_hidden(
        &self,
        change: &Change,
        id: i64,
        hidden: bool,
        reason: Option<&str>,
    ) -> StoreResult<ServiceRequestRow> {
        let mut tx = self.begin().await?;
        let old = request_in(&mut tx, id).await?;
        sqlx::query(
            "UPDATE service_requests SET hidden = $1, hidden_reason = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(i64::from(hidden))
        .bind(reason)
        .bind(change.at)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        let kind = if hidden { "hidden" } else { "shown" };
        add_event(&mut tx, id, change.at, kind, &old.status, reason).await?;
        let updated = request_in(&mut tx, id).await?;
        let entry = Entry {
            city_id: Some(old.city_id),
            entity: "service-request",
            entity_id: id.to_string(),
            action: if hidden { "hide" } else { "show" },
            old: Some(request_json(&old)),
            new: Some(request_json(&updated)),
        };
        audit::commit(tx, change, entry).await?;
        Ok(updated)
    }

    async fn erase_service_request(&self, change: &Change, id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let old = request_in(&mut tx, id).await?;
        for sql in [
            "DELETE FROM service_request_contacts WHERE request_id = $1",
            "DELETE FROM service_request_events WHERE request_id = $1",
            "DELETE FROM service_requests WHERE id = $1",
        ] {
            sqlx::query(sql)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
        }
        let entry = Entry {
            city_id: Some(old.city_id),
            entity: "service-request",
            entity_id: id.to_string(),
            action: "erase",
            old: Some(json!({"service_code": old.service_code, "channel": old.channel})),
            new: None,
        };
        audit::commit(tx, change, entry).await?;
        Ok(())
    }

    async fn create_client_app(
        &self,
        change: &Change,
        city_id: i64,
        name: &str,
        key_hash: &str,
    ) -> StoreResult<ClientAppRow> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(trusted(format!(
            "INSERT INTO client_apps (city_id, name, key_hash, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING {APP_COLUMNS}"
        )))
        .bind(city_id)
        .bind(name)
        .bind(key_hash)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        let created = app(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "client-app",
            entity_id: created.id.to_string(),
            action: "create",
            old: None,
            new: Some(json!({"name": name})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn client_apps(&self, city_id: i64) -> StoreResult<Vec<ClientAppRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {APP_COLUMNS} FROM client_apps WHERE city_id = $1 ORDER BY id"
        )))
        .bind(city_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter().map(|r| app(r).map_err(db_error)).collect()
    }

    async fn client_app_by_key(&self, key_hash: &str) -> StoreResult<Option<ClientAppRow>> {
        let row = sqlx::query(trusted(format!(
            "SELECT {APP_COLUMNS} FROM client_apps WHERE key_hash = $1 AND revoked_at IS NULL"
        )))
        .bind(key_hash)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        row.as_ref().map(app).transpose().map_err(db_error)
    }

    async fn revoke_client_app(&self, change: &Change, id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(trusted(format!(
            "SELECT {APP_COLUMNS} FROM client_apps WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?
        .ok_or(StoreError::NotFound("client app"))?;
        let old = app(&row).map_err(db_error)?;
        sqlx::query("UPDATE client_apps SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(change.at)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        let entry = Entry {
            city_id: Some(old.city_id),
            entity: "client-app",
            entity_id: id.to_string(),
            action: "revoke",
            old: Some(json!({"name": old.name})),
            new: None,
        };
        audit::commit(tx, change, entry).await?;
        Ok(())
    }
}
