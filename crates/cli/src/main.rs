//! `haven`: set up a database, fill it with demo data, serve it, manage users and
//! organisations, verify the audit trail, compute statistics, and back up and restore.

mod audit;
mod backup;
mod demo;
mod export;
mod import;
mod keys;
mod link;
mod orgs;
mod reference;
mod report;
mod serve;
mod stats;
mod users;
mod webhooks;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// mimalloc instead of the C library's allocator: an import or a served page allocates many
/// small values (bound SQL arguments, sealed fields, lookup keys), and with glibc's malloc
/// nearly half of a 100,000-row import went to allocating and freeing them
/// (`bench/import_vs_sqlite.sh`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Haven: the information system of a national response to human trafficking and
/// irregular migration.
#[derive(Debug, Parser)]
#[command(name = "haven", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the database is and how to open it.
#[derive(Debug, Args, Clone)]
pub(crate) struct Database {
    /// The database: sqlite://PATH (the embedded default) or postgres://USER@HOST:PORT/NAME.
    #[arg(long, env = "HAVEN_DB", default_value = "sqlite://haven.db")]
    pub db: String,
    /// The key file (ignored when HAVEN_KEY holds the key itself).
    #[arg(long, env = "HAVEN_KEY_FILE", default_value = "haven.key")]
    pub key_file: PathBuf,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the database (and a key file, mode 0600, unless HAVEN_KEY is set) and bind it to
    /// the key. Running it again applies new migrations only (and rewrites look-up keys
    /// that an older version wrote).
    Init(Database),
    /// Fill an empty database with the synthetic national data set (2002 to mid-2024) whose
    /// counts reproduce every figure of the source report; initialises the database first if
    /// needed. Prints rows written per second.
    Demo(demo::DemoArgs),
    /// Serve the web application and its JSON API over HTTP (put it behind a TLS proxy and
    /// pass --https). With --demo, fills an empty database with the demo data set and one
    /// account per role, whose passwords are printed once.
    Serve(serve::ServeArgs),
    /// Manage user accounts.
    #[command(subcommand)]
    User(users::UserCommand),
    /// Manage organisations.
    #[command(subcommand)]
    Org(orgs::OrgCommand),
    /// Read and verify the audit trail.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Compute an indicator over a period, with breakdowns and disclosure control
    /// (`--list` lists the indicators).
    Stats(stats::StatsArgs),
    /// Write reports: the country report, UNODC GLOTIP rows.
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Import a CSV or XLSX file of one kind of record: every row checked, the file imported
    /// whole or not at all, rows imported before (same key) left as they are; rejected rows
    /// reported with line, column and reason.
    Import(import::ImportArgs),
    /// Write records out for partners: `ctdc` (k-anonymous, CTDC's global data set layout),
    /// `htcds` (HTCDS v2 case-level tables).
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// Webhooks: partners' systems told of their referrals and cases as they change.
    #[command(subcommand)]
    Webhook(webhooks::WebhookCommand),
    /// Record linkage: link the database's persons (merging the sure pairs, queueing the
    /// others for review), link standalone files of person records written in any script,
    /// generate synthetic records with known truth.
    #[command(subcommand)]
    Link(link::LinkCommand),
    /// Write a consistent copy of the database while it is in use (SQLite: VACUUM INTO;
    /// PostgreSQL: pg_dump's custom format).
    Backup(backup::BackupArgs),
    /// Put a backup in place. Never overwrites: an existing SQLite database is kept under
    /// another name (with --replace); a PostgreSQL database must be new or empty.
    Restore(backup::RestoreArgs),
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Init(db) => keys::init(&db).await,
        Command::Demo(args) => demo::run(args).await,
        Command::Serve(args) => serve::run(args).await,
        Command::User(command) => users::run(command).await,
        Command::Org(command) => orgs::run(command).await,
        Command::Audit(command) => audit::run(command).await,
        Command::Stats(args) => stats::run(args).await,
        Command::Report(command) => report::run(command).await,
        Command::Import(args) => import::run(args).await,
        Command::Export(command) => export::run(command).await,
        Command::Webhook(command) => webhooks::run(command).await,
        Command::Link(command) => link::run(command).await,
        Command::Backup(args) => backup::backup(args).await,
        Command::Restore(args) => backup::restore(args).await,
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("haven: {error:#}");
            ExitCode::FAILURE
        }
    }
}
