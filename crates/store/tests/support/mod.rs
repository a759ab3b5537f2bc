//! Fresh databases for tests: a SQLite file in a temporary directory, or a new database on
//! the PostgreSQL server that `scripts/test` started (`HAVEN_TEST_POSTGRES_URL`).
#![allow(dead_code)]

pub mod fixtures;

use std::sync::Arc;

use haven_store::{Keyring, MasterKey, Store};
use tempfile::TempDir;

/// A store and what keeps it alive, with the URL and key it was made with.
pub struct Fresh {
    pub store: Arc<dyn Store>,
    pub url: String,
    pub master: [u8; 32],
    _dir: Option<TempDir>,
}

impl std::ops::Deref for Fresh {
    type Target = dyn Store;
    fn deref(&self) -> &Self::Target {
        &*self.store
    }
}

impl Fresh {
    pub fn keys(&self) -> Keyring {
        Keyring::new(&MasterKey::from_bytes(self.master))
    }

    /// Direct SQL on the same database, as an intruder or a test would use it.
    pub async fn raw(&self) -> Raw {
        if self.url.starts_with("sqlite:") {
            Raw::Sqlite(sqlx::SqlitePool::connect(&self.url).await.expect("open sqlite"))
        } else {
            Raw::Postgres(sqlx::PgPool::connect(&self.url).await.expect("open postgres"))
        }
    }
}

fn random_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    for (i, b) in uuid::Uuid::new_v4()
        .as_bytes()
        .iter()
        .chain(uuid::Uuid::new_v4().as_bytes())
        .enumerate()
    {
        key[i] = *b;
    }
    key
}

pub async fn sqlite() -> Fresh {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}", dir.path().join("haven.db").display());
    let master = random_key();
    let store = haven_store::initialise(&url, Keyring::new(&MasterKey::from_bytes(master)))
        .await
        .expect("initialise sqlite");
    Fresh {
        store,
        url,
        master,
        _dir: Some(dir),
    }
}

/// The URL of a new, empty database on the test server.
pub fn postgres_url() -> String {
    let base = std::env::var("HAVEN_TEST_POSTGRES_URL")
        .expect("HAVEN_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts PostgreSQL");
    let (server, _) = base.rsplit_once('/').expect("a URL with a database name");
    format!("{server}/haven_test_{}", uuid::Uuid::new_v4().simple())
}

pub async fn postgres() -> Fresh {
    let url = postgres_url();
    let master = random_key();
    let store = haven_store::initialise(&url, Keyring::new(&MasterKey::from_bytes(master)))
        .await
        .expect("initialise postgres");
    Fresh {
        store,
        url,
        master,
        _dir: None,
    }
}

/// Raw SQL access for checks the store's API must not offer.
pub enum Raw {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Raw {
    pub async fn execute(&self, sql: &str) {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        match self {
            Raw::Sqlite(pool) => {
                sqlx::query(sql).execute(pool).await.expect("sql");
            }
            Raw::Postgres(pool) => {
                sqlx::query(sql).execute(pool).await.expect("sql");
            }
        }
    }

    pub async fn count(&self, sql: &str) -> i64 {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        match self {
            Raw::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.expect("sql"),
            Raw::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.expect("sql"),
        }
    }

    pub async fn text(&self, sql: &str) -> String {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        match self {
            Raw::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.expect("sql"),
            Raw::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.expect("sql"),
        }
    }

    pub async fn bytes(&self, sql: &str) -> Vec<Vec<u8>> {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        match self {
            Raw::Sqlite(pool) => sqlx::query_scalar(sql).fetch_all(pool).await.expect("sql"),
            Raw::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await.expect("sql"),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Raw::Postgres(_))
    }

    /// Remove the triggers that keep the audit log append-only, as an intruder would.
    pub async fn drop_audit_guards(&self) {
        match self {
            Raw::Sqlite(_) => {
                self.execute("DROP TRIGGER audit_log_no_update").await;
                self.execute("DROP TRIGGER audit_log_no_delete").await;
            }
            Raw::Postgres(_) => self.execute("DROP TRIGGER audit_log_no_update ON audit_log").await,
        }
    }
}

/// Run each scenario against both backends, as one test per backend.
#[macro_export]
macro_rules! on_both_backends {
    ($($scenario:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    super::$scenario(super::support::sqlite().await).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    super::$scenario(super::support::postgres().await).await;
                }
            )+
        }
    };
}
