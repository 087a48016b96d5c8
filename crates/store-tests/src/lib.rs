//! A fresh, migrated database per scenario, on every backend under test.
//!
//! SQLite always runs (a temporary file). PostgreSQL runs when
//! `CIVITAS_TEST_POSTGRES_URL` is set; each scenario then gets its own schema,
//! dropped afterwards. A URL that does not answer fails the scenario: a
//! missing server must never pass as a green run. Without the variable the
//! harness says once, on standard error, that PostgreSQL was not tested.

use civitas_store::{Backend, Store};
use civitas_store_sql::SqlStore;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Once};

/// The environment variable naming the PostgreSQL server to test against.
pub const POSTGRES_URL_VARIABLE: &str = "CIVITAS_TEST_POSTGRES_URL";

/// A migrated database that lives as long as this value.
pub struct TestDatabase {
    pub store: Arc<SqlStore>,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, schema: String },
}

impl TestDatabase {
    pub fn backend(&self) -> Backend {
        self.store.backend()
    }

    /// Closes the pool and removes the database.
    pub async fn drop_database(self) {
        self.store.close().await;
        if let Cleanup::Postgres { admin_url, schema } = &self.cleanup
            && let Ok(admin) = SqlStore::connect(admin_url).await
        {
            let _ = admin
                .execute_trusted(&format!("DROP SCHEMA {schema} CASCADE"))
                .await;
            admin.close().await;
        }
    }
}

/// The backends a scenario must run on.
pub fn backends() -> Vec<Backend> {
    let mut list = vec![Backend::Sqlite];
    match std::env::var(POSTGRES_URL_VARIABLE) {
        Ok(url) if !url.is_empty() => list.push(Backend::Postgres),
        _ => {
            static SAID: Once = Once::new();
            SAID.call_once(|| {
                eprintln!(
                    "NOTE: PostgreSQL was NOT tested: set {POSTGRES_URL_VARIABLE}=postgres://… to run these scenarios on it too"
                )
            });
        }
    }
    list
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh, migrated database on `backend`. Panics (failing the test) when
/// the database cannot be reached: that is the point.
pub async fn fresh(backend: Backend) -> TestDatabase {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temporary directory");
            let url = format!("sqlite://{}", dir.path().join("civitas.db").display());
            let store = SqlStore::connect(&url).await.expect("open SQLite");
            store.migrate().await.expect("migrate SQLite");
            TestDatabase {
                store: Arc::new(store),
                url,
                cleanup: Cleanup::Sqlite(dir),
            }
        }
        Backend::Postgres => {
            let admin_url = std::env::var(POSTGRES_URL_VARIABLE).expect("PostgreSQL URL");
            let admin = SqlStore::connect(&admin_url).await.unwrap_or_else(|e| {
                panic!("{POSTGRES_URL_VARIABLE} was given but does not answer: {e}")
            });
            let schema = format!(
                "civitas_test_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            );
            admin
                .execute_trusted(&format!("CREATE SCHEMA {schema}"))
                .await
                .expect("create test schema");
            admin.close().await;
            let join = if admin_url.contains('?') { '&' } else { '?' };
            let url = format!("{admin_url}{join}options=-c%20search_path%3D{schema}");
            let store = SqlStore::connect(&url)
                .await
                .expect("connect to test schema");
            store.migrate().await.expect("migrate PostgreSQL");
            TestDatabase {
                store: Arc::new(store),
                url,
                cleanup: Cleanup::Postgres { admin_url, schema },
            }
        }
    }
}

/// Runs `scenario` on a fresh database of every backend under test.
pub async fn on_every_backend<F, Fut>(scenario: F)
where
    F: Fn(Arc<SqlStore>) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for backend in backends() {
        let database = fresh(backend).await;
        scenario(database.store.clone()).await;
        database.drop_database().await;
    }
}
