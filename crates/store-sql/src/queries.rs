//! The [`Store`] trait on SQL shared by SQLite and PostgreSQL.

use crate::audit::{self, Entry};
use crate::{SqlStore, bind_float, db_error, trusted};
use async_trait::async_trait;
use civitas_store::*;
use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;

const CITY_COLUMNS: &str = "id, slug, name, country, population, published, created_at";
const USER_COLUMNS: &str =
    "id, email, display_name, password_hash, platform_admin, disabled, language, created_at";
const INVITATION_COLUMNS: &str =
    "id, token_hash, city_id, email, role, created_by, created_at, expires_at, accepted_at";
const TOKEN_COLUMNS: &str = "id, user_id, name, token_hash, created_at, last_used_at, revoked_at";

fn city(row: &AnyRow) -> Result<CityRow, sqlx::Error> {
    Ok(CityRow {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        country: row.try_get("country")?,
        population: row.try_get("population")?,
        published: row.try_get::<i64, _>("published")? == 1,
        created_at: row.try_get("created_at")?,
    })
}

fn user(row: &AnyRow) -> Result<UserRow, sqlx::Error> {
    Ok(UserRow {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        password_hash: row.try_get("password_hash")?,
        platform_admin: row.try_get::<i64, _>("platform_admin")? == 1,
        disabled: row.try_get::<i64, _>("disabled")? == 1,
        language: row.try_get("language")?,
        created_at: row.try_get("created_at")?,
    })
}

fn district(row: &AnyRow) -> Result<DistrictRow, sqlx::Error> {
    Ok(DistrictRow {
        id: row.try_get("id")?,
        city_id: row.try_get("city_id")?,
        name: row.try_get("name")?,
        population: row.try_get("population")?,
        area_km2: row.try_get("area_km2")?,
    })
}

fn invitation(row: &AnyRow) -> Result<InvitationRow, sqlx::Error> {
    Ok(InvitationRow {
        id: row.try_get("id")?,
        token_hash: row.try_get("token_hash")?,
        city_id: row.try_get("city_id")?,
        email: row.try_get("email")?,
        role: row.try_get("role")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        accepted_at: row.try_get("accepted_at")?,
    })
}

fn api_token(row: &AnyRow) -> Result<ApiTokenRow, sqlx::Error> {
    Ok(ApiTokenRow {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        name: row.try_get("name")?,
        token_hash: row.try_get("token_hash")?,
        created_at: row.try_get("created_at")?,
        last_used_at: row.try_get("last_used_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

fn audit_row(row: &AnyRow) -> Result<AuditRow, sqlx::Error> {
    let parse = |column: &str| -> Result<Option<serde_json::Value>, sqlx::Error> {
        let text: Option<String> = row.try_get(column)?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    };
    Ok(AuditRow {
        id: row.try_get("id")?,
        at: row.try_get("at")?,
        actor_user_id: row.try_get("actor_user_id")?,
        actor_label: row.try_get("actor_label")?,
        city_id: row.try_get("city_id")?,
        entity: row.try_get("entity")?,
        entity_id: row.try_get("entity_id")?,
        action: row.try_get("action")?,
        old_value: parse("old_value")?,
        new_value: parse("new_value")?,
    })
}

fn city_json(city: &CityRow) -> serde_json::Value {
    json!({"slug": city.slug, "name": city.name, "country": city.country,
           "population": city.population, "published": city.published})
}

/// What the audit log keeps of an account: never the password hash.
fn user_json(user: &UserRow) -> serde_json::Value {
    json!({"email": user.email, "display_name": user.display_name,
           "platform_admin": user.platform_admin, "disabled": user.disabled})
}

fn all<T>(rows: Vec<AnyRow>, map: fn(&AnyRow) -> Result<T, sqlx::Error>) -> StoreResult<Vec<T>> {
    rows.iter().map(|r| map(r).map_err(db_error)).collect()
}

fn one<T>(
    row: Option<AnyRow>,
    map: fn(&AnyRow) -> Result<T, sqlx::Error>,
) -> StoreResult<Option<T>> {
    row.as_ref().map(map).transpose().map_err(db_error)
}

impl SqlStore {
    async fn fetch_user(&self, id: i64) -> StoreResult<UserRow> {
        self.user(id).await?.ok_or(StoreError::NotFound("user"))
    }

    async fn fetch_city(&self, id: i64) -> StoreResult<CityRow> {
        self.city(id).await?.ok_or(StoreError::NotFound("city"))
    }

    /// A write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): a plain `BEGIN` starts as a reader, and SQLite
    /// refuses the later upgrade to writer with "database is locked" without
    /// waiting for `busy_timeout`, so concurrent saves failed.
    pub(crate) async fn begin(&self) -> StoreResult<sqlx::Transaction<'static, sqlx::Any>> {
        match self.backend {
            Backend::Sqlite => self.pool().begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool().begin().await,
        }
        .map_err(db_error)
    }
}

#[async_trait]
impl Store for SqlStore {
    fn backend(&self) -> Backend {
        self.backend
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1")
            .execute(self.pool())
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn is_empty(&self) -> StoreResult<bool> {
        let row =
            sqlx::query("SELECT (SELECT COUNT(*) FROM cities) + (SELECT COUNT(*) FROM users) AS n")
                .fetch_one(self.pool())
                .await
                .map_err(db_error)?;
        Ok(row.try_get::<i64, _>("n").map_err(db_error)? == 0)
    }

    async fn create_city(&self, change: &Change, new: &NewCity) -> StoreResult<CityRow> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(trusted(format!(
            "INSERT INTO cities (slug, name, country, population, published, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING {CITY_COLUMNS}"
        )))
        .bind(&new.slug)
        .bind(&new.name)
        .bind(&new.country)
        .bind(new.population)
        .bind(i64::from(new.published))
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        let created = city(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(created.id),
            entity: "city",
            entity_id: created.id.to_string(),
            action: "create",
            old: None,
            new: Some(city_json(&created)),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn update_city(
        &self,
        change: &Change,
        id: i64,
        update: &CityUpdate,
    ) -> StoreResult<CityRow> {
        let before = self.fetch_city(id).await?;
        let mut tx = self.begin().await?;
        let row = sqlx::query(trusted(format!(
            "UPDATE cities SET name = $1, country = $2, population = $3, published = $4 \
             WHERE id = $5 RETURNING {CITY_COLUMNS}"
        )))
        .bind(&update.name)
        .bind(&update.country)
        .bind(update.population)
        .bind(i64::from(update.published))
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        let after = city(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(id),
            entity: "city",
            entity_id: id.to_string(),
            action: "update",
            old: Some(city_json(&before)),
            new: Some(city_json(&after)),
        };
        audit::commit(tx, change, entry).await?;
        Ok(after)
    }

    async fn cities(&self) -> StoreResult<Vec<CityRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {CITY_COLUMNS} FROM cities ORDER BY name"
        )))
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        all(rows, city)
    }

    async fn city(&self, id: i64) -> StoreResult<Option<CityRow>> {
        let row = sqlx::query(trusted(format!(
            "SELECT {CITY_COLUMNS} FROM cities WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        one(row, city)
    }

    async fn city_by_slug(&self, slug: &str) -> StoreResult<Option<CityRow>> {
        let row = sqlx::query(trusted(format!(
            "SELECT {CITY_COLUMNS} FROM cities WHERE slug = $1"
        )))
        .bind(slug)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        one(row, city)
    }

    async fn add_district(&self, change: &Change, new: &NewDistrict) -> StoreResult<DistrictRow> {
        let mut tx = self.begin().await?;
        let query = sqlx::query(
            "INSERT INTO districts (city_id, name, population, area_km2) VALUES ($1, $2, $3, $4) \
             RETURNING id, city_id, name, population, area_km2",
        )
        .bind(new.city_id)
        .bind(&new.name)
        .bind(new.population);
        let row = bind_float(query, new.area_km2)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_error)?;
        let created = district(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(new.city_id),
            entity: "district",
            entity_id: created.id.to_string(),
            action: "create",
            old: None,
            new: Some(
                json!({"name": created.name, "population": created.population, "area_km2": created.area_km2}),
            ),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn districts(&self, city_id: i64) -> StoreResult<Vec<DistrictRow>> {
        let rows = sqlx::query(
            "SELECT id, city_id, name, population, area_km2 FROM districts WHERE city_id = $1 ORDER BY name",
        )
        .bind(city_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        all(rows, district)
    }

    async fn create_user(&self, change: &Change, new: &NewUser) -> StoreResult<UserRow> {
        let mut tx = self.begin().await?;
        let created = insert_user(&mut tx, change, new).await?;
        tx.commit().await.map_err(db_error)?;
        Ok(created)
    }

    async fn user(&self, id: i64) -> StoreResult<Option<UserRow>> {
        let row = sqlx::query(trusted(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        one(row, user)
    }

    async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRow>> {
        let row = sqlx::query(trusted(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE email = $1"
        )))
        .bind(email)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        one(row, user)
    }

    async fn users(&self) -> StoreResult<Vec<UserRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {USER_COLUMNS} FROM users ORDER BY email"
        )))
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        all(rows, user)
    }

    async fn set_password_hash(
        &self,
        change: &Change,
        user_id: i64,
        hash: &str,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("user"));
        }
        let entry = Entry {
            city_id: None,
            entity: "user",
            entity_id: user_id.to_string(),
            action: "change-password",
            old: None,
            // The hash itself never enters the audit log.
            new: Some(json!({"password": "changed"})),
        };
        audit::commit(tx, change, entry).await
    }

    async fn set_user_language(&self, user_id: i64, language: &str) -> StoreResult<()> {
        sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
            .bind(language)
            .bind(user_id)
            .execute(self.pool())
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn set_user_disabled(
        &self,
        change: &Change,
        user_id: i64,
        disabled: bool,
    ) -> StoreResult<()> {
        let before = self.fetch_user(user_id).await?;
        let mut tx = self.begin().await?;
        sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
            .bind(i64::from(disabled))
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await
                .map_err(db_error)?;
            sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
            )
            .bind(change.at)
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        }
        let entry = Entry {
            city_id: None,
            entity: "user",
            entity_id: user_id.to_string(),
            action: if disabled { "disable" } else { "enable" },
            old: Some(json!({"email": before.email, "disabled": before.disabled})),
            new: Some(json!({"email": before.email, "disabled": disabled})),
        };
        audit::commit(tx, change, entry).await
    }

    async fn set_membership(
        &self,
        change: &Change,
        user_id: i64,
        city_id: i64,
        role: &str,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        upsert_membership(&mut tx, change, user_id, city_id, role).await?;
        tx.commit().await.map_err(db_error)
    }

    async fn remove_membership(
        &self,
        change: &Change,
        user_id: i64,
        city_id: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let old = sqlx::query(
            "DELETE FROM memberships WHERE user_id = $1 AND city_id = $2 RETURNING role",
        )
        .bind(user_id)
        .bind(city_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?
        .ok_or(StoreError::NotFound("membership"))?;
        let role: String = old.try_get("role").map_err(db_error)?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "membership",
            entity_id: format!("{user_id}"),
            action: "remove",
            old: Some(json!({"user_id": user_id, "role": role})),
            new: None,
        };
        audit::commit(tx, change, entry).await
    }

    async fn memberships_of_user(&self, user_id: i64) -> StoreResult<Vec<MembershipRow>> {
        let rows = sqlx::query(
            "SELECT user_id, city_id, role FROM memberships WHERE user_id = $1 ORDER BY city_id",
        )
        .bind(user_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter()
            .map(|r| {
                Ok(MembershipRow {
                    user_id: r.try_get("user_id").map_err(db_error)?,
                    city_id: r.try_get("city_id").map_err(db_error)?,
                    role: r.try_get("role").map_err(db_error)?,
                })
            })
            .collect()
    }

    async fn members_of_city(&self, city_id: i64) -> StoreResult<Vec<MemberRow>> {
        let columns = USER_COLUMNS
            .split(", ")
            .map(|c| format!("u.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let rows = sqlx::query(trusted(format!(
            "SELECT {columns}, m.role FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.city_id = $1 ORDER BY u.display_name, u.email"
        )))
        .bind(city_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        rows.iter()
            .map(|r| {
                Ok(MemberRow {
                    user: user(r).map_err(db_error)?,
                    role: r.try_get("role").map_err(db_error)?,
                })
            })
            .collect()
    }

    async fn create_invitation(
        &self,
        change: &Change,
        new: &NewInvitation,
    ) -> StoreResult<InvitationRow> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(trusted(format!(
            "INSERT INTO invitations (token_hash, city_id, email, role, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {INVITATION_COLUMNS}"
        )))
        .bind(&new.token_hash)
        .bind(new.city_id)
        .bind(&new.email)
        .bind(&new.role)
        .bind(change.actor_user_id)
        .bind(change.at)
        .bind(new.expires_at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        let created = invitation(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: Some(new.city_id),
            entity: "invitation",
            entity_id: created.id.to_string(),
            action: "create",
            old: None,
            new: Some(json!({"email": new.email, "role": new.role, "expires_at": new.expires_at})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn invitation_by_token_hash(
        &self,
        token_hash: &str,
    ) -> StoreResult<Option<InvitationRow>> {
        let row = sqlx::query(trusted(format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations WHERE token_hash = $1"
        )))
        .bind(token_hash)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        one(row, invitation)
    }

    async fn invitations_of_city(&self, city_id: i64) -> StoreResult<Vec<InvitationRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations WHERE city_id = $1 ORDER BY id DESC"
        )))
        .bind(city_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        all(rows, invitation)
    }

    async fn accept_invitation(
        &self,
        change: &Change,
        invitation_id: i64,
        new_user: &NewUser,
    ) -> StoreResult<UserRow> {
        let mut tx = self.begin().await?;
        // Claim the invitation first: a second acceptance finds nothing to claim.
        let claimed = sqlx::query(
            "UPDATE invitations SET accepted_at = $1 WHERE id = $2 AND accepted_at IS NULL RETURNING city_id, role",
        )
        .bind(change.at)
        .bind(invitation_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?
        .ok_or(StoreError::NotFound("invitation"))?;
        let city_id: i64 = claimed.try_get("city_id").map_err(db_error)?;
        let role: String = claimed.try_get("role").map_err(db_error)?;
        let existing = sqlx::query(trusted(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE email = $1"
        )))
        .bind(&new_user.email)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?;
        let account = match one(existing, user)? {
            Some(account) => account,
            None => insert_user(&mut tx, change, new_user).await?,
        };
        let change = Change {
            actor_user_id: Some(account.id),
            ..change.clone()
        };
        upsert_membership(&mut tx, &change, account.id, city_id, &role).await?;
        let entry = Entry {
            city_id: Some(city_id),
            entity: "invitation",
            entity_id: invitation_id.to_string(),
            action: "accept",
            old: None,
            new: Some(json!({"email": account.email})),
        };
        audit::write(&mut tx, &change, entry).await?;
        tx.commit().await.map_err(db_error)?;
        Ok(account)
    }

    async fn create_session(&self, session: &SessionRow) -> StoreResult<()> {
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $4)")
            .bind(&session.token_hash)
            .bind(session.user_id)
            .bind(session.created_at)
            .bind(session.last_seen_at)
            .execute(self.pool())
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn session(&self, token_hash: &str) -> StoreResult<Option<SessionRow>> {
        let row = sqlx::query("SELECT token_hash, user_id, created_at, last_seen_at FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(self.pool())
            .await
            .map_err(db_error)?;
        one(row, |r| {
            Ok(SessionRow {
                token_hash: r.try_get("token_hash")?,
                user_id: r.try_get("user_id")?,
                created_at: r.try_get("created_at")?,
                last_seen_at: r.try_get("last_seen_at")?,
            })
        })
    }

    async fn touch_session(&self, token_hash: &str, last_seen_at: i64) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(last_seen_at)
            .bind(token_hash)
            .execute(self.pool())
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.pool())
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn delete_sessions_of_user(&self, user_id: i64, keep: Option<&str>) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(keep.unwrap_or(""))
            .execute(self.pool())
            .await
            .map_err(db_error)?;
        Ok(done.rows_affected())
    }

    async fn create_api_token(
        &self,
        change: &Change,
        new: &NewApiToken,
    ) -> StoreResult<ApiTokenRow> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(trusted(format!(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING {TOKEN_COLUMNS}"
        )))
        .bind(new.user_id)
        .bind(&new.name)
        .bind(&new.token_hash)
        .bind(change.at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_error)?;
        let created = api_token(&row).map_err(db_error)?;
        let entry = Entry {
            city_id: None,
            entity: "api-token",
            entity_id: created.id.to_string(),
            action: "create",
            old: None,
            new: Some(json!({"user_id": new.user_id, "name": new.name})),
        };
        audit::commit(tx, change, entry).await?;
        Ok(created)
    }

    async fn api_tokens_of_user(&self, user_id: i64) -> StoreResult<Vec<ApiTokenRow>> {
        let rows = sqlx::query(trusted(format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id DESC"
        )))
        .bind(user_id)
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        all(rows, api_token)
    }

    async fn api_token_by_hash(&self, token_hash: &str) -> StoreResult<Option<ApiTokenRow>> {
        let row = sqlx::query(trusted(format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1"
        )))
        .bind(token_hash)
        .fetch_optional(self.pool())
        .await
        .map_err(db_error)?;
        one(row, api_token)
    }

    async fn revoke_api_token(
        &self,
        change: &Change,
        user_id: i64,
        token_id: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
        )
        .bind(change.at)
        .bind(token_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("api token"));
        }
        let entry = Entry {
            city_id: None,
            entity: "api-token",
            entity_id: token_id.to_string(),
            action: "revoke",
            old: None,
            new: Some(json!({"user_id": user_id})),
        };
        audit::commit(tx, change, entry).await
    }

    async fn touch_api_token(&self, token_id: i64, at: i64) -> StoreResult<()> {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(at)
            .bind(token_id)
            .execute(self.pool())
            .await
            .map_err(db_error)?;
        Ok(())
    }

    async fn record_event(&self, change: &Change, event: &AuditEvent) -> StoreResult<()> {
        let tx = self.begin().await?;
        let entry = Entry {
            city_id: event.city_id,
            entity: &event.entity,
            entity_id: event.entity_id.clone(),
            action: &event.action,
            old: None,
            new: event.detail.clone(),
        };
        audit::commit(tx, change, entry).await
    }

    async fn audit_log(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditRow>> {
        let rows = sqlx::query(
            "SELECT id, at, actor_user_id, actor_label, city_id, entity, entity_id, action, old_value, new_value \
             FROM audit_log WHERE ($1 IS NULL OR city_id = $1) AND ($2 IS NULL OR id < $2) \
             ORDER BY id DESC LIMIT $3",
        )
        .bind(filter.city_id)
        .bind(filter.before_id)
        .bind(filter.limit.clamp(1, 500))
        .fetch_all(self.pool())
        .await
        .map_err(db_error)?;
        all(rows, audit_row)
    }
}

async fn insert_user(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    change: &Change,
    new: &NewUser,
) -> StoreResult<UserRow> {
    let row = sqlx::query(trusted(format!(
        "INSERT INTO users (email, display_name, password_hash, platform_admin, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING {USER_COLUMNS}"
    )))
    .bind(&new.email)
    .bind(&new.display_name)
    .bind(&new.password_hash)
    .bind(i64::from(new.platform_admin))
    .bind(change.at)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| match db_error(e) {
        StoreError::Conflict(_) => StoreError::Conflict("email"),
        other => other,
    })?;
    let created = user(&row).map_err(db_error)?;
    let entry = Entry {
        city_id: None,
        entity: "user",
        entity_id: created.id.to_string(),
        action: "create",
        old: None,
        new: Some(user_json(&created)),
    };
    audit::write(tx, change, entry).await?;
    Ok(created)
}

async fn upsert_membership(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    change: &Change,
    user_id: i64,
    city_id: i64,
    role: &str,
) -> StoreResult<()> {
    let old = sqlx::query("SELECT role FROM memberships WHERE user_id = $1 AND city_id = $2")
        .bind(user_id)
        .bind(city_id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_error)?;
    let old_role: Option<String> = old
        .map(|r| r.try_get("role"))
        .transpose()
        .map_err(db_error)?;
    sqlx::query(
        "INSERT INTO memberships (user_id, city_id, role, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, city_id) DO UPDATE SET role = excluded.role",
    )
    .bind(user_id)
    .bind(city_id)
    .bind(role)
    .bind(change.at)
    .execute(&mut **tx)
    .await
    .map_err(db_error)?;
    let entry = Entry {
        city_id: Some(city_id),
        entity: "membership",
        entity_id: user_id.to_string(),
        action: if old_role.is_some() {
            "change-role"
        } else {
            "add"
        },
        old: old_role.map(|r| json!({"user_id": user_id, "role": r})),
        new: Some(json!({"user_id": user_id, "role": role})),
    };
    audit::write(tx, change, entry).await
}
