//! `haven demo`.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Args;
use haven_demo::{DemoOptions, Progress, RECORDS_AT_SCALE_ONE};
use haven_store::Store;
use indicatif::{ProgressBar, ProgressStyle};

use crate::{Database, keys};

#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    #[command(flatten)]
    pub db: Database,
    /// Seed of the generator: the same seed gives the same data set.
    #[arg(long, default_value_t = 2024)]
    pub seed: u64,
    /// Multiply every cohort: 1 reproduces the report's figures; 100 writes over 10 million
    /// events.
    #[arg(long, default_value_t = 1.0)]
    pub scale: f64,
}

pub(crate) async fn run(args: DemoArgs) -> anyhow::Result<ExitCode> {
    let store = keys::open_or_initialise(&args.db).await?;
    fill(&store, args.seed, args.scale).await?;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// Generate the data set with a progress bar, and report the rate.
pub(crate) async fn fill(store: &Arc<dyn Store>, seed: u64, scale: f64) -> anyhow::Result<Progress> {
    let expected = (RECORDS_AT_SCALE_ONE as f64 * scale).round() as u64;
    let bar = ProgressBar::new(expected).with_style(
        ProgressStyle::with_template("{spinner} demo data [{elapsed_precise}] {wide_bar} {pos}/{len} records, {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(250));
    let started = Instant::now();
    // Off a terminal, one line per committed batch lets a supervisor (or a crash test)
    // follow what is safely stored.
    let log_batches = !std::io::stdout().is_terminal();
    let report = |p: &Progress| {
        bar.set_position(p.records.min(expected));
        bar.set_message(format!("{} events", p.events));
        if log_batches {
            println!(
                "committed batch {}: {} records, {} events",
                p.batches, p.records, p.events
            );
        }
    };
    let written = haven_demo::generate(Arc::clone(store), DemoOptions { seed, scale }, &report).await?;
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    let rows = written.records + written.events;
    println!(
        "demo data written: {} records and {} events in {seconds:.1} s ({:.0} rows per second)",
        written.records,
        written.events,
        rows as f64 / seconds.max(f64::EPSILON)
    );
    Ok(written)
}
