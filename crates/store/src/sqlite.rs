//! The embedded default: one SQLite file in WAL mode with foreign keys on and
//! `synchronous=FULL`, so a committed write survives a crash or power cut.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::{Backend, Keyring, Result, StoreError};

pub(crate) type Db = sqlx::Sqlite;
pub(crate) type Tx = sqlx::Transaction<'static, Db>;
/// The store the shared SQL in `sql/` is compiled for here.
pub(crate) type This = SqliteStore;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// Haven on SQLite.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    keys: Keyring,
}

fn options(url: &str, create: bool) -> Result<SqliteConnectOptions> {
    Ok(SqliteConnectOptions::from_str(url)?
        .create_if_missing(create)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // Writers queue behind one another (BEGIN IMMEDIATE) rather than fail.
        .busy_timeout(Duration::from_mins(1))
        .pragma("temp_store", "memory"))
}

impl SqliteStore {
    pub(crate) const BACKEND: Backend = Backend::Sqlite;

    async fn connect(url: &str, create: bool, keys: Keyring) -> Result<Self> {
        let options = options(url, create)?;
        if !create && !options.get_filename().exists() {
            return Err(StoreError::NotInitialised(format!(
                "there is no database at {}; create it with `haven init --db {url}`",
                options.get_filename().display()
            )));
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool, keys })
    }

    pub async fn initialise(url: &str, keys: Keyring) -> Result<Self> {
        let store = Self::connect(url, true, keys).await?;
        store.bind_key().await?;
        Ok(store)
    }

    pub async fn open(url: &str, keys: Keyring) -> Result<Self> {
        let store = Self::connect(url, false, keys).await?;
        store.check_key().await?;
        Ok(store)
    }

    pub(crate) fn keys(&self) -> &Keyring {
        &self.keys
    }

    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A write transaction. `BEGIN IMMEDIATE` takes the write lock at once, so two writers
    /// never both read and then fail to upgrade; it also orders audit appends.
    pub(crate) async fn begin_write(&self) -> Result<Tx> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// `VACUUM INTO` writes a consistent, compacted copy while others keep working.
    pub(crate) async fn backup_to(&self, destination: &Path) -> Result<()> {
        if destination.exists() {
            return Err(StoreError::Refused(format!(
                "{} exists already; a backup never overwrites a file",
                destination.display()
            )));
        }
        let path = destination
            .to_str()
            .ok_or_else(|| StoreError::Refused("the backup path is not UTF-8".into()))?;
        sqlx::query("VACUUM INTO $1").bind(path).execute(&self.pool).await?;
        Ok(())
    }

    pub(crate) async fn close_pool(&self) {
        self.pool.close().await;
    }
}

// The same SQL module is compiled into both backends on purpose (see sql/mod.rs).
#[allow(clippy::duplicate_mod)]
#[path = "sql/mod.rs"]
mod sql;
