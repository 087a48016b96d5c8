//! Turning a database URL into a ready pool, with errors a person can act on.

use crate::SqlStore;
use civitas_store::{Backend, StoreError};
use sqlx::Executor;
use sqlx::any::AnyPoolOptions;
use std::time::Duration;

/// A database URL whose scheme names a backend this binary supports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    pub backend: Backend,
    url: String,
}

/// Why a database URL could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(
        "database URL {0:?} is not understood: use sqlite://FILE (e.g. sqlite://civitas.db) or postgres://USER@HOST:PORT/DATABASE"
    )]
    Malformed(String),
    #[error("cannot reach the {backend} database at {shown}: {reason}")]
    Unreachable {
        backend: &'static str,
        shown: String,
        reason: String,
    },
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<DatabaseUrl, ConnectError> {
        let malformed = || ConnectError::Malformed(redact(raw));
        let (scheme, rest) = raw.split_once("://").ok_or_else(malformed)?;
        let backend = match scheme {
            "sqlite" => Backend::Sqlite,
            "postgres" | "postgresql" => Backend::Postgres,
            _ => return Err(malformed()),
        };
        if rest.is_empty() || rest.starts_with('?') {
            return Err(malformed());
        }
        let url = match backend {
            // Create the file on first start; `mode=` given by the user wins.
            Backend::Sqlite if !rest.contains("mode=") => {
                let join = if rest.contains('?') { '&' } else { '?' };
                format!("{raw}{join}mode=rwc")
            }
            _ => raw.to_string(),
        };
        Ok(DatabaseUrl { backend, url })
    }

    /// The URL with any password replaced, for messages and logs.
    pub fn shown(&self) -> String {
        redact(&self.url)
    }
}

/// Hides the password of `scheme://user:password@host`.
fn redact(raw: &str) -> String {
    let Some((scheme, rest)) = raw.split_once("://") else {
        return raw.to_string();
    };
    match rest.split_once('@') {
        Some((credentials, host)) if credentials.contains(':') => {
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        _ => raw.to_string(),
    }
}

impl SqlStore {
    /// Connects to the database at `url` (the scheme chooses the backend).
    pub async fn connect(url: &str) -> Result<SqlStore, ConnectError> {
        let url = DatabaseUrl::parse(url)?;
        SqlStore::connect_to(&url).await
    }

    pub async fn connect_to(url: &DatabaseUrl) -> Result<SqlStore, ConnectError> {
        sqlx::any::install_default_drivers();
        let backend = url.backend;
        let options = AnyPoolOptions::new()
            .max_connections(match backend {
                // One writer at a time in SQLite anyway; readers run in WAL.
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |connection, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        connection
                            .execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                            )
                            .await?;
                    }
                    Ok(())
                })
            });
        let pool = options
            .connect(&url.url)
            .await
            .map_err(|e| ConnectError::Unreachable {
                backend: backend.name(),
                shown: url.shown(),
                reason: short_reason(&e),
            })?;
        Ok(SqlStore { pool, backend })
    }

    pub(crate) fn pool(&self) -> &sqlx::AnyPool {
        &self.pool
    }

    /// Reads back the durability settings of one pooled connection, so a test
    /// (and the health page) can prove they are what DESIGN.md promises.
    pub async fn durability_settings(&self) -> Result<Vec<(String, String)>, StoreError> {
        let names: &[&str] = match self.backend {
            Backend::Sqlite => &[
                "journal_mode",
                "synchronous",
                "foreign_keys",
                "busy_timeout",
            ],
            Backend::Postgres => &["fsync", "synchronous_commit", "full_page_writes"],
        };
        let mut connection = self.pool.acquire().await.map_err(crate::db_error)?;
        let mut settings = Vec::new();
        for name in names {
            let sql = match self.backend {
                Backend::Sqlite => format!("PRAGMA {name}"),
                Backend::Postgres => format!("SHOW {name}"),
            };
            let row = sqlx::query(crate::trusted(sql))
                .fetch_one(&mut *connection)
                .await
                .map_err(crate::db_error)?;
            use sqlx::Row;
            let value = row
                .try_get::<String, _>(0)
                .or_else(|_| row.try_get::<i64, _>(0).map(|n| n.to_string()))
                .map_err(crate::db_error)?;
            settings.push((name.to_string(), value));
        }
        Ok(settings)
    }
}

/// The part of a driver error that tells a person what to fix.
fn short_reason(error: &sqlx::Error) -> String {
    let text = error.to_string();
    text.lines().next().unwrap_or("no answer").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_chooses_the_backend() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://x.db").map(|u| u.backend).ok(),
            Some(Backend::Sqlite)
        );
        assert_eq!(
            DatabaseUrl::parse("postgres://postgres@127.0.0.1:5432/test")
                .map(|u| u.backend)
                .ok(),
            Some(Backend::Postgres)
        );
        for bad in ["civitas.db", "mysql://x", "sqlite://", "http://x", ""] {
            assert!(DatabaseUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_never_appear_in_messages() {
        let error = DatabaseUrl::parse("mysql://ana:secret@db/x")
            .err()
            .map(|e| e.to_string());
        assert!(error.is_some_and(|e| !e.contains("secret") && e.contains("***")));
    }
}
