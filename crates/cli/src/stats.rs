//! `haven stats`: one indicator over one period, with breakdowns.

use std::process::ExitCode;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use haven_domain::access::Actor;
use haven_domain::date::parse_iso_date;
use haven_domain::period::{PERIOD_FORMS, Period};
use haven_stats::{CATALOGUE, Dimension, FactBase, Indicator};
use indicatif::ProgressBar;

use crate::{Database, keys};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    Json,
    Csv,
    Table,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Lang {
    En,
    Ru,
    Be,
}

impl Lang {
    pub(crate) fn report(self) -> haven_report::Lang {
        match self {
            Lang::En => haven_report::Lang::En,
            Lang::Ru => haven_report::Lang::Ru,
            Lang::Be => haven_report::Lang::Be,
        }
    }

    pub(crate) fn code(self) -> &'static str {
        self.report().code()
    }
}

fn date(text: &str) -> Result<NaiveDate, String> {
    parse_iso_date(text).map_err(|p| p.to_string())
}

/// The period a figure or a report covers.
#[derive(Debug, Args)]
pub(crate) struct PeriodArgs {
    /// First day of the period (YYYY-MM-DD), with --to.
    #[arg(long, value_parser = date, requires = "to")]
    from: Option<NaiveDate>,
    /// Last day of the period (YYYY-MM-DD), included.
    #[arg(long, value_parser = date, requires = "from")]
    to: Option<NaiveDate>,
    /// The period in another form: 2023, 2023-Q2, 2023-05, 2024-first-5, as-of:2024-06-01,
    /// since:2021-01-01, 2022-01-01..2023-12-31.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    period: Option<String>,
}

impl PeriodArgs {
    pub(crate) fn period(&self) -> anyhow::Result<Period> {
        match (&self.period, self.from, self.to) {
            (Some(text), _, _) => Ok(Period::parse(text, haven_store::today())?),
            (None, Some(from), Some(to)) => Ok(Period::range(from, to)?),
            _ => bail!("give the period: --from YYYY-MM-DD --to YYYY-MM-DD, or --period ({PERIOD_FORMS})"),
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct StatsArgs {
    /// The indicator's id (`haven stats --list` lists them).
    #[arg(required_unless_present = "list")]
    indicator: Option<String>,
    /// List every indicator: id, unit, title and the breakdowns it allows.
    #[arg(long)]
    list: bool,
    #[command(flatten)]
    db: Database,
    #[command(flatten)]
    period: PeriodArgs,
    /// Break the figure down by a dimension (twice for a cross-table).
    #[arg(long = "by", value_name = "DIMENSION")]
    by: Vec<String>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Language of the title.
    #[arg(long, value_enum, default_value = "en")]
    lang: Lang,
    /// Cells standing for fewer persons than this are hidden, with complementary suppression.
    /// 0 hides nothing: only for figures that stay inside the ministry.
    #[arg(long, default_value_t = haven_stats::disclosure::DEFAULT_THRESHOLD)]
    threshold: u64,
}

fn list() {
    for indicator in CATALOGUE {
        println!(
            "{}\t{:?}\t{}\tby: {}",
            indicator.id,
            indicator.unit,
            indicator.title.en,
            indicator.dimension_names().join(", ")
        );
    }
}

pub(crate) fn dimensions(indicator: &Indicator, names: &[String]) -> anyhow::Result<Vec<Dimension>> {
    names
        .iter()
        .map(|name| {
            indicator.dimension(name).with_context(|| {
                format!(
                    "{} cannot be broken down by '{name}'; it can by: {}",
                    indicator.id,
                    indicator.dimension_names().join(", ")
                )
            })
        })
        .collect()
}

pub(crate) async fn run(args: StatsArgs) -> anyhow::Result<ExitCode> {
    if args.list {
        list();
        return Ok(ExitCode::SUCCESS);
    }
    let id = args.indicator.as_deref().unwrap_or_default();
    let indicator = haven_stats::indicator(id)?;
    let period = args.period.period()?;
    let by = dimensions(indicator, &args.by)?;
    let store = keys::open(&args.db).await?;
    let spinner = ProgressBar::new_spinner().with_message("reading facts");
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let base: FactBase = haven_stats::load(store.as_ref(), &Actor::system("stats"), &[indicator]).await?;
    spinner.finish_and_clear();
    store.close().await;
    let statement = haven_stats::state(&base, indicator, period, &by, args.threshold, args.lang.code())?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&statement)?),
        Format::Csv => print!("{}", statement.to_csv()),
        Format::Table => print!("{}", statement.to_table()),
    }
    Ok(ExitCode::SUCCESS)
}
