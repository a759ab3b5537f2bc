//! `haven import unodc-glotip|unhcr-population|unhcr-asylum-applications|unhcr-asylum-decisions|us-tip-tiers FILE`:
//! external reference statistics, kept apart from Haven's own records.

use std::process::ExitCode;

use anyhow::Context;
use haven_domain::access::Actor;
use haven_domain::reference::ReferenceSource;
use haven_exchange::reference::import_reference;
use haven_exchange::{ReadOptions, Rejection, write_rejections};

use crate::import::ImportArgs;
use crate::keys;

fn first(rejections: &[Rejection]) -> String {
    rejections.first().map_or_else(String::new, |r| {
        format!(
            "; the first: line {}, {}: {}",
            r.line,
            if r.column.is_empty() { "the row" } else { &r.column },
            r.reason
        )
    })
}

pub(crate) async fn run(source: ReferenceSource, args: ImportArgs) -> anyhow::Result<ExitCode> {
    if args.mapping.is_some() {
        anyhow::bail!("{source} files are read by their publisher's column names; --mapping does not apply");
    }
    let options = ReadOptions {
        delimiter: args
            .delimiter
            .as_deref()
            .map(haven_exchange::import::parse_delimiter)
            .transpose()?,
        encoding: args
            .encoding
            .as_deref()
            .map(haven_exchange::import::parse_encoding)
            .transpose()?,
        sheet: None,
        header_starts: None,
        max_bytes: args.max_size,
    };
    let store = keys::open(&args.db).await?;
    let outcome = import_reference(
        store.as_ref(),
        &Actor::system("import"),
        source,
        &args.file,
        &options,
        args.dry_run,
    )
    .await;
    store.close().await;
    let outcome = outcome?;
    let parsed = &outcome.parsed;
    if !parsed.rejected.is_empty() {
        let file =
            std::fs::File::create(&args.errors).with_context(|| format!("cannot write {}", args.errors.display()))?;
        write_rejections(file, &args.file.display().to_string(), &parsed.rejected)?;
        eprintln!(
            "haven: {} problem(s) in {} rows of {source}; nothing was imported. Each is in {} (file, line, column, reason){}",
            parsed.rejected.len(),
            parsed.rows,
            args.errors.display(),
            first(&parsed.rejected),
        );
        return Ok(ExitCode::FAILURE);
    }
    if !parsed.repaired.is_empty() {
        println!("{} value(s) repaired{}", parsed.repaired.len(), first(&parsed.repaired));
    }
    if !parsed.left_out.is_empty() {
        println!("{} row(s) left out{}", parsed.left_out.len(), first(&parsed.left_out));
    }
    match outcome.stored {
        None => println!(
            "would import (dry run) {} {source} figures from {} rows",
            parsed.figures.len(),
            parsed.rows
        ),
        Some(stored) if stored.unchanged => println!(
            "{source}: the same {} figures are stored already; nothing changed",
            stored.figures
        ),
        Some(stored) => println!(
            "imported {} {source} figures from {} rows ({} of the earlier edition replaced); reference \
             statistics, kept apart from Haven's own records",
            stored.figures, parsed.rows, stored.replaced
        ),
    }
    Ok(ExitCode::SUCCESS)
}
