//! `haven report`: the country report and the UNODC GLOTIP rows.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Args, Subcommand, ValueEnum};
use haven_domain::access::Actor;
use haven_domain::country::CountryCode;
use haven_domain::period::Period;
use haven_report::glotip;
use haven_report::render::Format;
use indicatif::ProgressBar;

use crate::stats::{Lang, PeriodArgs};
use crate::{Database, keys};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ReportFormat {
    Html,
    Pdf,
    Xlsx,
    Csv,
    Json,
}

impl ReportFormat {
    fn format(self) -> Format {
        match self {
            ReportFormat::Html => Format::Html,
            ReportFormat::Pdf => Format::Pdf,
            ReportFormat::Xlsx => Format::Xlsx,
            ReportFormat::Csv => Format::Csv,
            ReportFormat::Json => Format::Json,
        }
    }
}

/// Where a report goes.
#[derive(Debug, Args)]
pub(crate) struct Output {
    /// The file to write. An existing file is never overwritten unless --force is given.
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    force: bool,
}

impl Output {
    fn write(&self, bytes: &[u8]) -> anyhow::Result<()> {
        write_file(&self.output, bytes, self.force)
    }
}

fn write_file(path: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = options.open(path).with_context(|| {
        if path.exists() && !force {
            format!("{} exists already; give --force to overwrite it", path.display())
        } else {
            format!("cannot write {}", path.display())
        }
    })?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}

#[derive(Debug, Subcommand)]
pub(crate) enum ReportCommand {
    /// The country report in the shape of the UN input: every paragraph's figures computed
    /// for the period, with the previous comparable period, trend charts and a table annex.
    Country {
        #[command(flatten)]
        db: Database,
        #[command(flatten)]
        period: PeriodArgs,
        #[arg(long, value_enum, default_value = "en")]
        lang: Lang,
        #[arg(long, value_enum)]
        format: ReportFormat,
        #[command(flatten)]
        output: Output,
        /// Values standing for fewer persons than this are hidden.
        #[arg(long, default_value_t = haven_stats::disclosure::DEFAULT_THRESHOLD)]
        threshold: u64,
        /// Print a locked report: its period, threshold and values as locked, with the
        /// current value beside any that the records have changed since.
        #[arg(long, value_name = "NAME", conflicts_with_all = ["from", "to", "period", "threshold"])]
        locked: Option<String>,
    },
    /// Lock the country report of a period: its figures are stored, with a keyed fingerprint,
    /// exactly as published; later edits to the records show as revisions, never as silently
    /// changed numbers.
    Lock {
        #[command(flatten)]
        db: Database,
        /// A unique name for the published report ("UN input 2024").
        #[arg(long)]
        name: String,
        #[command(flatten)]
        period: PeriodArgs,
        #[arg(long, default_value_t = haven_stats::disclosure::DEFAULT_THRESHOLD)]
        threshold: u64,
    },
    /// One year's national figures in the column layout of UNODC's GLOTIP country data (CSV),
    /// counts below the threshold written `<5`.
    Glotip {
        #[command(flatten)]
        db: Database,
        #[arg(long)]
        year: i32,
        /// The reporting country (ISO 3166 alpha-3).
        #[arg(long, default_value = "BLR")]
        country: String,
        #[command(flatten)]
        output: Output,
        #[arg(long, default_value_t = haven_stats::disclosure::DEFAULT_THRESHOLD)]
        threshold: u64,
    },
}

/// The facts every figure of the country report counts from.
async fn country_facts(store: &dyn haven_store::Store, actor: &Actor) -> anyhow::Result<haven_stats::FactBase> {
    let spinner = ProgressBar::new_spinner().with_message("reading facts");
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let indicators = haven_report::country::indicators()?;
    let facts = haven_stats::load(store, actor, &indicators).await?;
    spinner.finish_and_clear();
    Ok(facts)
}

pub(crate) async fn run(command: ReportCommand) -> anyhow::Result<ExitCode> {
    match command {
        ReportCommand::Country {
            db,
            period,
            lang,
            format,
            output,
            threshold,
            locked,
        } => {
            let store = keys::open(&db).await?;
            let actor = Actor::system("report");
            let locked = match locked {
                Some(name) => Some(store.locked_report(&actor, &name).await?),
                None => None,
            };
            let (period, threshold) = match &locked {
                Some(l) => (Period::range(l.input.from, l.input.to)?, l.input.threshold),
                None => (period.period()?, threshold),
            };
            if threshold == 0 {
                bail!("a country report is published: its threshold must be at least 1");
            }
            let facts = country_facts(store.as_ref(), &actor).await?;
            let reference = store
                .reference_figures(
                    &actor,
                    &haven_store::ReferenceQuery {
                        country: Some(haven_report::REFERENCE_COUNTRY.to_owned()),
                        totals_only: true,
                        ..Default::default()
                    },
                )
                .await?;
            store.close().await;
            let request = haven_report::Request {
                period,
                lang: lang.report(),
                threshold,
                today: haven_store::today(),
                locked: locked.as_ref(),
                reference: &reference,
            };
            let report = haven_report::country_report(&facts, &request)?;
            output.write(&haven_report::render::render(&report, format.format())?)?;
            let revised = report.figures.iter().filter(|f| f.revision.is_some()).count();
            println!(
                "country report {}..{} ({}, {}) written to {}{}",
                period.first(),
                period.last(),
                lang.code(),
                format.format().extension(),
                output.output.display(),
                if revised > 0 {
                    format!("; {revised} figures revised since locking")
                } else {
                    String::new()
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        ReportCommand::Lock {
            db,
            name,
            period,
            threshold,
        } => {
            let period = period.period()?;
            let store = keys::open(&db).await?;
            let actor = Actor::system("report");
            let facts = country_facts(store.as_ref(), &actor).await?;
            let request = haven_report::Request {
                period,
                lang: haven_report::Lang::En,
                threshold,
                today: haven_store::today(),
                locked: None,
                reference: &[],
            };
            let report = haven_report::country_report(&facts, &request)?;
            let locked = store
                .lock_report(&actor, &haven_report::lock_input(&report, &name))
                .await?;
            store.close().await;
            println!(
                "locked report '{}': {} figures for {}..{}, fingerprint {}",
                locked.input.name,
                locked.input.figures.len(),
                locked.input.from,
                locked.input.to,
                locked.short_fingerprint()
            );
            Ok(ExitCode::SUCCESS)
        }
        ReportCommand::Glotip {
            db,
            year,
            country,
            output,
            threshold,
        } => {
            let country = CountryCode::parse(&country).map_err(|p| anyhow::anyhow!("--country: {p}"))?;
            if threshold == 0 {
                bail!("GLOTIP rows are published: the threshold must be at least 1");
            }
            let store = keys::open(&db).await?;
            let indicators = glotip::INDICATORS
                .iter()
                .map(|id| haven_stats::indicator(id))
                .collect::<Result<Vec<_>, _>>()?;
            let facts = haven_stats::load(store.as_ref(), &Actor::system("report"), &indicators).await?;
            store.close().await;
            let rows = glotip::glotip_rows(&facts, year, threshold)?;
            output.write(glotip::glotip_csv(&rows, country, year).as_bytes())?;
            println!(
                "{} GLOTIP rows for {year} written to {}",
                rows.len(),
                output.output.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
