//! `haven backup` and `haven restore`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::{Database, keys};

#[derive(Debug, Args)]
pub(crate) struct BackupArgs {
    #[command(flatten)]
    pub db: Database,
    /// Where to write the copy; an existing file is never overwritten.
    #[arg(long)]
    pub to: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct RestoreArgs {
    #[command(flatten)]
    pub db: Database,
    /// The backup to restore. It must open with the key and its audit chain must verify.
    #[arg(long)]
    pub from: PathBuf,
    /// (SQLite) Keep the existing database under another name and put the backup in its place.
    #[arg(long)]
    pub replace: bool,
}

pub(crate) async fn backup(args: BackupArgs) -> anyhow::Result<ExitCode> {
    let store = keys::open(&args.db).await?;
    store.backup(&args.to).await?;
    store.close().await;
    println!("backup written to {}", args.to.display());
    Ok(ExitCode::SUCCESS)
}

pub(crate) async fn restore(args: RestoreArgs) -> anyhow::Result<ExitCode> {
    let kept = haven_store::restore(&args.db.db, &args.from, keys::load(&args.db)?, args.replace).await?;
    if let Some(previous) = kept {
        println!("the database that was there is kept as {}", previous.display());
    }
    println!(
        "restored {} from {}",
        haven_store::redact_url(&args.db.db),
        args.from.display()
    );
    Ok(ExitCode::SUCCESS)
}
