//! `haven import`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use haven_exchange::import::{parse_delimiter, parse_encoding};
use haven_exchange::{ImportKind, ImportOptions, Mapping, ReadOptions, import_file, write_rejections};
use indicatif::{ProgressBar, ProgressStyle};

use crate::{Database, keys};

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// persons, trafficking-cases, criminal-cases, migration-cases, protection-cases,
    /// citizenship-cases, hotline-cases, events, assistance, prevention or funding; ctdc
    /// (CTDC's victim-perpetrator data set, into a database of its own); or reference
    /// statistics: unodc-glotip, unhcr-population, unhcr-asylum-applications,
    /// unhcr-asylum-decisions, us-tip-tiers.
    pub kind: String,
    /// A CSV file (UTF-8, delimiter found from the header) or an XLSX workbook.
    pub file: PathBuf,
    #[command(flatten)]
    pub db: Database,
    /// Check every row and report; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// A TOML file renaming the file's columns to Haven's and saying how it is written
    /// (date_format, delimiter, encoding, sheet, [columns]).
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// Where the rejected rows are reported (CSV: file, line, column, reason).
    #[arg(long, default_value = "import-errors.csv")]
    pub errors: PathBuf,
    /// The character between values: `,`, `;`, `|` or `tab` (found from the header if not given).
    #[arg(long)]
    pub delimiter: Option<String>,
    /// The file's encoding if not UTF-8, e.g. windows-1251.
    #[arg(long)]
    pub encoding: Option<String>,
    /// Refuse a larger file (bytes).
    #[arg(long, default_value_t = 256 * 1024 * 1024)]
    pub max_size: u64,
}

/// What a file is imported as.
enum Target {
    /// Records of one kind, by Haven's column names.
    Records(ImportKind),
    /// CTDC's victim-perpetrator data set.
    Ctdc,
}

pub(crate) async fn run(args: ImportArgs) -> anyhow::Result<ExitCode> {
    if let Some(source) = haven_exchange::reference::source_named(&args.kind) {
        return crate::reference::run(source, args).await;
    }

    let target = match args.kind.as_str() {
        "ctdc" => Target::Ctdc,
        other => Target::Records(ImportKind::parse(other)?),
    };
    let mapping = match &args.mapping {
        Some(path) => {
            Mapping::parse(&std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?)?
        }
        None => Mapping::default(),
    };
    let options = ImportOptions {
        read: ReadOptions {
            delimiter: args.delimiter.as_deref().map(parse_delimiter).transpose()?,
            encoding: args.encoding.as_deref().map(parse_encoding).transpose()?,
            sheet: None,
            header_starts: None,
            max_bytes: args.max_size,
        },
        mapping,
        dry_run: args.dry_run,
    };
    let store = keys::open(&args.db).await?;
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("{spinner} checking rows [{elapsed_precise}] {wide_bar} {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(250));
    let started = Instant::now();
    let outcome = match target {
        Target::Records(kind) => {
            import_file(store.as_ref(), kind, &args.file, &options, &mut |done, total| {
                bar.set_length(total);
                bar.set_position(done);
            })
            .await
        }
        Target::Ctdc => {
            let read = options.mapping.read_options(options.read.clone())?;
            haven_exchange::ctdc::import_file(store.as_ref(), &args.file, &read, args.dry_run).await
        }
    };
    bar.finish_and_clear();
    store.close().await;
    let outcome = outcome?;
    let seconds = started.elapsed().as_secs_f64();
    if !outcome.rejected.is_empty() {
        let file =
            std::fs::File::create(&args.errors).with_context(|| format!("cannot write {}", args.errors.display()))?;
        write_rejections(file, &args.file.display().to_string(), &outcome.rejected)?;
        eprintln!(
            "haven: {} problem(s) in {} of {} rows; nothing was imported. Each is in {} (file, line, column, reason); the first: line {}, {}: {}",
            outcome.rejected.len(),
            outcome
                .rejected
                .iter()
                .map(|r| r.line)
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            outcome.rows,
            args.errors.display(),
            outcome.rejected[0].line,
            if outcome.rejected[0].column.is_empty() {
                "the row"
            } else {
                &outcome.rejected[0].column
            },
            outcome.rejected[0].reason,
        );
        return Ok(ExitCode::FAILURE);
    }
    let verb = if args.dry_run {
        "would import (dry run)"
    } else {
        "imported"
    };
    println!(
        "{verb} {} new of {} rows; {} imported before and unchanged; {seconds:.1} s ({:.0} rows per second)",
        outcome.new,
        outcome.rows,
        outcome.unchanged,
        outcome.rows as f64 / seconds.max(f64::EPSILON),
    );
    Ok(ExitCode::SUCCESS)
}
