//! The embedded default: one SQLite file in WAL mode with foreign keys on and
//! `synchronous=FULL`, so a committed write survives a crash or power cut.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, SqlitePool};

use crate::read_audit::ReadAudits;
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
    read_audits: Arc<ReadAudits>,
}

fn options(url: &str, create: bool) -> Result<SqliteConnectOptions> {
    Ok(SqliteConnectOptions::from_str(url)?
        // Reading facts for statistics scans whole tables on purpose; such a scan is not
        // worth a warning.
        .log_slow_statements(log::LevelFilter::Debug, Duration::from_secs(1))
        .create_if_missing(create)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // Writers queue behind one another (BEGIN IMMEDIATE) rather than fail.
        .busy_timeout(Duration::from_mins(1))
        .pragma("temp_store", "memory")
        // 32 MiB of page cache per connection (the default is 2 MiB): index pages stay in
        // memory while tables grow to millions of rows.
        .pragma("cache_size", "-32768"))
}

/// Connections the pool holds: four per core. A request holds its connection for the dozen
/// statements of a page, one hop to the connection's thread each, so with fewer connections the
/// requests queued for one while the cores had work to spare. Under 32 sessions on 2 cores
/// (bench/web_load.sh, medians of 3): 4 connections gave 2,008 person pages per second at p99
/// 28.5 ms; 8 gave 2,412 at 21.7 ms; 16 about the same; 32 fewer, with p99 up to 36 ms. At
/// most 64, each a thread of its own: SQLite writes one transaction at a time however many.
fn connections() -> u32 {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    u32::try_from(cores * 4).unwrap_or(u32::MAX).clamp(4, 64)
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
            .max_connections(connections())
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Self {
            pool,
            keys,
            read_audits: Arc::default(),
        })
    }

    pub async fn initialise(url: &str, keys: Keyring) -> Result<Self> {
        let store = Self::connect(url, true, keys).await?;
        store.bind_key().await?;
        store.refresh_person_lookups().await?;
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

    pub(crate) fn read_audits(&self) -> &ReadAudits {
        &self.read_audits
    }

    /// A write transaction. `BEGIN IMMEDIATE` takes the write lock at once, so two writers
    /// never both read and then fail to upgrade; it also orders audit appends.
    pub(crate) async fn begin_write(&self) -> Result<Tx> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// A read transaction that sees one snapshot throughout: SQLite's deferred transaction
    /// takes its snapshot at the first read and keeps it.
    pub(crate) async fn begin_snapshot(&self) -> Result<Tx> {
        Ok(self.pool.begin().await?)
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

    /// Put a backup in place of the database at `url`. The backup is first checked in a
    /// copy beside the target: it must open with this key and its audit chain must verify.
    /// An existing database is never overwritten: with `replace` it is moved aside and its
    /// new name returned.
    pub async fn restore(url: &str, source: &Path, keys: Keyring, replace: bool) -> Result<Option<PathBuf>> {
        let target = options(url, false)?.get_filename().to_path_buf();
        if !source.is_file() {
            return Err(StoreError::Refused(format!(
                "there is no backup at {}",
                source.display()
            )));
        }
        if target.exists() && !replace {
            return Err(StoreError::Refused(format!(
                "a database exists at {}; restoring over it needs --replace, which keeps it under another name",
                target.display()
            )));
        }
        let staging = target.with_extension("restoring");
        std::fs::copy(source, &staging)?;
        let checked = async {
            let store = Self::open(&format!("sqlite://{}", staging.display()), keys).await?;
            let verdict = store.verify_chain().await;
            store.close_pool().await;
            verdict
        }
        .await;
        if let Err(e) = checked {
            std::fs::remove_file(&staging).ok();
            return Err(e);
        }
        let kept = if target.exists() {
            let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
            let aside = target.with_extension(format!("replaced-{stamp}"));
            std::fs::rename(&target, &aside)?;
            for suffix in ["-wal", "-shm"] {
                let side = PathBuf::from(format!("{}{suffix}", target.display()));
                if side.exists() {
                    std::fs::rename(&side, format!("{}{suffix}", aside.display()))?;
                }
            }
            Some(aside)
        } else {
            None
        };
        std::fs::rename(&staging, &target)?;
        Ok(kept)
    }
}

// The same SQL module is compiled into both backends on purpose (see sql/mod.rs).
#[allow(clippy::duplicate_mod)]
#[path = "sql/mod.rs"]
mod sql;
