//! Fresh databases and raw SQL for the command's tests. PostgreSQL is the server that
//! `scripts/test` starts (`HAVEN_TEST_POSTGRES_URL`).
#![allow(dead_code, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// A database URL and a key for it, with the directory that holds the files.
pub struct Fresh {
    pub url: String,
    /// The key, base64, as HAVEN_KEY would hold it.
    pub key: String,
    pub dir: TempDir,
}

impl Fresh {
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = format!("sqlite://{}", dir.path().join("haven.db").display());
        Self {
            url,
            key: new_key(),
            dir,
        }
    }

    pub fn postgres() -> Self {
        let base = std::env::var("HAVEN_TEST_POSTGRES_URL")
            .expect("HAVEN_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts PostgreSQL");
        let (server, _) = base.rsplit_once('/').expect("a URL with a database name");
        let url = format!("{server}/haven_cli_{}", uuid::Uuid::new_v4().simple());
        Self {
            url,
            key: new_key(),
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.url.starts_with("postgres")
    }

    pub fn keyring(&self) -> haven_store::Keyring {
        haven_store::Keyring::new(&haven_store::MasterKey::parse(&self.key).expect("a key"))
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `haven ARGS --db URL`, with the key in HAVEN_KEY and the work directory the temp dir.
    pub fn haven(&self, args: &[&str]) -> Output {
        self.haven_with_stdin(args, "")
    }

    pub fn haven_with_stdin(&self, args: &[&str], stdin: &str) -> Output {
        use std::io::Write;
        let mut child = self
            .command(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run haven");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("write stdin");
        child.wait_with_output().expect("haven finishes")
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_haven"));
        command
            .args(args)
            .arg("--db")
            .arg(&self.url)
            .env("HAVEN_KEY", &self.key)
            .current_dir(self.dir.path());
        command
    }

    pub async fn raw(&self) -> Raw {
        if self.is_postgres() {
            Raw::Postgres(sqlx::PgPool::connect(&self.url).await.expect("open postgres"))
        } else {
            Raw::Sqlite(sqlx::SqlitePool::connect(&self.url).await.expect("open sqlite"))
        }
    }
}

fn new_key() -> String {
    haven_store::MasterKey::generate().to_base64().to_string()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Plain SQL on the database, written in the tests, not through the code under test.
pub enum Raw {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Raw {
    pub fn is_postgres(&self) -> bool {
        matches!(self, Raw::Postgres(_))
    }

    pub async fn execute(&self, sql: &str) {
        self.try_execute(sql).await.expect("sql");
    }

    /// A statement the database may refuse.
    pub async fn try_execute(&self, sql: &str) -> Result<(), sqlx::Error> {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        match self {
            Raw::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
            Raw::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        }
    }

    pub async fn count(&self, sql: &str) -> i64 {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        match self {
            Raw::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
            Raw::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        }
        .expect("sql")
    }

    /// One number from a query over the period `$1..=$2`.
    pub async fn number(&self, sql: &str, from: chrono::NaiveDate, to: chrono::NaiveDate) -> f64 {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        let value: Option<f64> = match self {
            Raw::Sqlite(pool) => sqlx::query_scalar(sql).bind(from).bind(to).fetch_one(pool).await,
            Raw::Postgres(pool) => sqlx::query_scalar(sql).bind(from).bind(to).fetch_one(pool).await,
        }
        .expect("sql");
        value.unwrap_or(0.0)
    }

    pub async fn close(self) {
        match self {
            Raw::Sqlite(pool) => pool.close().await,
            Raw::Postgres(pool) => pool.close().await,
        }
    }
}

pub fn repo_file(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(relative)
}
