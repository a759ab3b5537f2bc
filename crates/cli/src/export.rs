//! `haven export`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};
use haven_exchange::ctdc;

use crate::{Database, keys};

#[derive(Debug, Subcommand)]
pub(crate) enum ExportCommand {
    /// Every victim of trafficking, one row each, in the column layout of CTDC's global data
    /// set, made k-anonymous over year, gender, age band, majority status, citizenship and
    /// country of exploitation (rarer combinations lose those columns one by one; a row still
    /// rarer is left out).
    Ctdc(CtdcArgs),
    /// The trafficking cases as HTCDS v2 case-level tables (organisations, persons by code,
    /// cases, victims, trafficking events), one CSV file each; nothing identifying.
    Htcds(HtcdsArgs),
}

#[derive(Debug, Args)]
pub(crate) struct HtcdsArgs {
    #[command(flatten)]
    pub db: Database,
    /// The directory to write the files into (created if missing; existing files are not
    /// overwritten).
    #[arg(short, long)]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct CtdcArgs {
    #[command(flatten)]
    pub db: Database,
    /// Every combination of the identifying columns occurs at least this often (CTDC uses 11).
    #[arg(long, default_value_t = 11, value_parser = clap::value_parser!(u16).range(1..))]
    pub k: u16,
    /// The CSV file to write (refused if it exists).
    #[arg(short, long)]
    pub output: PathBuf,
}

pub(crate) async fn run(command: ExportCommand) -> anyhow::Result<ExitCode> {
    match command {
        ExportCommand::Htcds(args) => {
            let store = keys::open(&args.db).await?;
            let written = haven_exchange::htcds::export(store.as_ref(), &args.output).await;
            store.close().await;
            for (file, rows) in written?.files {
                println!("{}: {rows} rows", args.output.join(file).display());
            }
            Ok(ExitCode::SUCCESS)
        }
        ExportCommand::Ctdc(args) => {
            let store = keys::open(&args.db).await?;
            let victims = ctdc::victims(store.as_ref()).await;
            store.close().await;
            let (rows, summary) = ctdc::anonymise(victims?, usize::from(args.k));
            let file = std::fs::File::create_new(&args.output)
                .with_context(|| format!("cannot create {} (it must not exist yet)", args.output.display()))?;
            ctdc::write_csv(file, &rows)?;
            println!(
                "wrote {} rows to {}: k = {} (asked {}); {} cells of the identifying columns given up, {} rows left out: {:.1} % of those cells generalised or suppressed",
                summary.rows,
                args.output.display(),
                summary.k,
                args.k,
                summary.cells_generalised,
                summary.rows_suppressed,
                100.0 * summary.share_changed(),
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
