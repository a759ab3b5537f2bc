//! PostgreSQL, for production.

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::ConnectOptions;
use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres};

use crate::read_audit::ReadAudits;
use crate::{Backend, Keyring, Result, StoreError, redact_url};

pub(crate) type Db = sqlx::Postgres;
pub(crate) type Tx = sqlx::Transaction<'static, Db>;
/// The store the shared SQL in `sql/` is compiled for here.
pub(crate) type This = PgStore;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Haven on PostgreSQL.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
    keys: Keyring,
    url: String,
    read_audits: Arc<ReadAudits>,
}

impl PgStore {
    pub(crate) const BACKEND: Backend = Backend::Postgres;

    async fn connect(url: &str, keys: Keyring) -> Result<Self> {
        // Reading facts for statistics scans whole tables on purpose; such a scan is not
        // worth a warning.
        let options =
            PgConnectOptions::from_str(url)?.log_slow_statements(log::LevelFilter::Debug, Duration::from_secs(1));
        let pool = PgPoolOptions::new().max_connections(8).connect_with(options).await?;
        MIGRATOR.run(&pool).await?;
        Ok(Self {
            pool,
            keys,
            url: url.to_owned(),
            read_audits: Arc::default(),
        })
    }

    pub async fn initialise(url: &str, keys: Keyring) -> Result<Self> {
        if !Postgres::database_exists(url).await? {
            Postgres::create_database(url).await?;
        }
        let store = Self::connect(url, keys).await?;
        store.bind_key().await?;
        store.refresh_person_lookups().await?;
        Ok(store)
    }

    pub async fn open(url: &str, keys: Keyring) -> Result<Self> {
        if !Postgres::database_exists(url).await? {
            return Err(StoreError::NotInitialised(format!(
                "there is no database at {}; create it with `haven init`",
                redact_url(url)
            )));
        }
        let store = Self::connect(url, keys).await?;
        store.check_key().await?;
        Ok(store)
    }

    pub(crate) fn keys(&self) -> &Keyring {
        &self.keys
    }

    pub(crate) fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub(crate) fn read_audits(&self) -> &ReadAudits {
        &self.read_audits
    }

    /// A write transaction that first locks the audit head: writers take turns, so each
    /// appends to the chain the entry after the one it read.
    pub(crate) async fn begin_write(&self) -> Result<Tx> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE")
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }

    /// A read transaction that sees one snapshot throughout (PostgreSQL's default, READ
    /// COMMITTED, would see each statement's own).
    pub(crate) async fn begin_snapshot(&self) -> Result<Tx> {
        Ok(self
            .pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await?)
    }

    /// `pg_dump` in its custom format, which `pg_restore` reads.
    pub(crate) async fn backup_to(&self, destination: &Path) -> Result<()> {
        if destination.exists() {
            return Err(StoreError::Refused(format!(
                "{} exists already; a backup never overwrites a file",
                destination.display()
            )));
        }
        let output = tokio::process::Command::new("pg_dump")
            .arg("--format=custom")
            .arg("--file")
            .arg(destination)
            .arg("--dbname")
            .arg(&self.url)
            .output()
            .await
            .map_err(|e| StoreError::Refused(format!("cannot run pg_dump: {e}")))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(StoreError::Refused(format!(
                "pg_dump failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            )))
        }
    }

    pub(crate) async fn close_pool(&self) {
        self.pool.close().await;
    }

    /// Restore a `pg_dump` backup into the database at `url`, which must be new or empty:
    /// nothing stored is ever overwritten. The result must open with this key and its audit
    /// chain must verify.
    pub async fn restore(url: &str, source: &Path, keys: Keyring) -> Result<()> {
        if !source.is_file() {
            return Err(StoreError::Refused(format!(
                "there is no backup at {}",
                source.display()
            )));
        }
        if Postgres::database_exists(url).await? {
            let pool = PgPoolOptions::new().max_connections(1).connect(url).await?;
            let tables: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")
                    .fetch_one(&pool)
                    .await?;
            pool.close().await;
            if tables > 0 {
                return Err(StoreError::Refused(format!(
                    "the database at {} is not empty; restore into a new database",
                    redact_url(url)
                )));
            }
        } else {
            Postgres::create_database(url).await?;
        }
        let output = tokio::process::Command::new("pg_restore")
            .arg("--no-owner")
            .arg("--exit-on-error")
            .arg("--dbname")
            .arg(url)
            .arg(source)
            .output()
            .await
            .map_err(|e| StoreError::Refused(format!("cannot run pg_restore: {e}")))?;
        if !output.status.success() {
            return Err(StoreError::Refused(format!(
                "pg_restore failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            )));
        }
        let store = Self::open(url, keys).await?;
        let verdict = store.verify_chain().await;
        store.close_pool().await;
        verdict
    }
}

// The same SQL module is compiled into both backends on purpose (see sql/mod.rs).
#[allow(clippy::duplicate_mod)]
#[path = "sql/mod.rs"]
mod sql;
