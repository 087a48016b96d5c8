//! The Civitas [`Store`] on SQLite or PostgreSQL.
//!
//! The backend is chosen from the URL scheme (`sqlite://…` or
//! `postgres://…`). Queries are written once in the SQL both engines share
//! (`$1` placeholders, `RETURNING`); what differs lives in the per-backend
//! migration folders, which carry the same file names so a reviewer can diff
//! them. SQLite runs in WAL mode with `synchronous=FULL` and foreign keys on,
//! set on every pooled connection.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use civitas_store::Store;
//! let store = civitas_store_sql::SqlStore::connect("sqlite://civitas.db").await?;
//! store.migrate().await?;
//! assert!(store.ping().await.is_ok());
//! # Ok(()) }
//! ```

mod assessments;
mod audit;
mod connect;
mod consultations;
mod divide;
mod knowledge;
mod migrations;
mod outcomes;
mod participation;
mod procurement;
mod queries;
mod strategy;

pub use connect::{ConnectError, DatabaseUrl};

use civitas_store::{Backend, StoreError};
use sqlx::AnyPool;

/// A connection pool to one Civitas database.
#[derive(Clone)]
pub struct SqlStore {
    pool: AnyPool,
    backend: Backend,
}

impl SqlStore {
    /// Runs the migrations this binary carries that the database lacks.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        migrations::migrator(self.backend)
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Migration(e.to_string()))
    }

    /// Closes every pooled connection (graceful shutdown, tests).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn db_error(error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &error
        && db.is_unique_violation()
    {
        return StoreError::Conflict("a record with this value");
    }
    StoreError::Database(error.to_string())
}

/// Marks SQL built only from this crate's own constants (column lists, pragma
/// names), never from input: every value still goes through `bind`.
fn trusted(sql: String) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(sql)
}

impl SqlStore {
    /// Runs one administrative statement written by trusted code (tests
    /// creating a schema, operators' maintenance); never pass input here.
    pub async fn execute_trusted(&self, sql: &str) -> Result<(), StoreError> {
        sqlx::query(trusted(sql.to_string()))
            .execute(&self.pool)
            .await
            .map_err(db_error)?;
        Ok(())
    }
}

/// Binds an optional float so PostgreSQL sees `double precision` either way.
///
/// sqlx 0.9.0's `Any` driver sends a NULL `f64` as a NULL `real` (and a NULL
/// `f32` as `double precision`): PostgreSQL then caches the statement with a
/// `real` parameter and rejects the next non-NULL value bound to it
/// ("incorrect binary data format"). Binding a NULL `f32` lands on the right
/// type on PostgreSQL and is a plain NULL on SQLite.
fn bind_float<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    value: Option<f64>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    match value {
        Some(value) => query.bind(value),
        None => query.bind(None::<f32>),
    }
}
