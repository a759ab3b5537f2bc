//! Statistics on screen: pick an indicator, a period and up to two breakdowns; see the figure
//! against the previous comparable period, a chart, the table, and download it (or the whole
//! country report for the period) in every format. Everything shown has passed disclosure
//! control, as it would on paper.
//!
//! The facts are read once into memory and kept for [`FRESH_FOR`]: statistics are national
//! aggregates, the same for every user allowed to see them, and reading them is the costly
//! part, while computing a figure from them takes milliseconds.

use std::sync::Arc;
use std::time::{Duration, Instant};

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use haven_domain::period::Period;
use haven_report::render::Format as ReportFormat;
use haven_report::{Lang, Request};
use haven_stats::disclosure::DEFAULT_THRESHOLD;
use haven_stats::{CATALOGUE, Dimension, FactBase, Indicator, Statement};
use serde::Deserialize;
use tokio::sync::Mutex;

use super::{Choice, Chrome, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;
use crate::forms::Form;

/// How long facts read from the store are used before they are read again.
pub const FRESH_FOR: Duration = Duration::from_mins(1);

/// The facts statistics are computed from, read at most once per [`FRESH_FOR`].
#[derive(Default)]
pub struct FactCache {
    loaded: Mutex<Option<(Instant, Arc<FactBase>)>>,
}

impl std::fmt::Debug for FactCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FactCache").finish_non_exhaustive()
    }
}

impl FactCache {
    /// The facts, read now if those held are older than [`FRESH_FOR`]. Concurrent callers
    /// wait for one read rather than each starting their own.
    async fn facts(&self, state: &AppState, viewer: &Viewer) -> Result<Arc<FactBase>, WebError> {
        let mut loaded = self.loaded.lock().await;
        if let Some((at, base)) = loaded.as_ref()
            && at.elapsed() < FRESH_FOR
        {
            return Ok(base.clone());
        }
        let all: Vec<&Indicator> = CATALOGUE.iter().collect();
        let base = Arc::new(
            haven_stats::load(state.store.as_ref(), &viewer.actor, &all)
                .await
                .map_err(stats_error)?,
        );
        *loaded = Some((Instant::now(), base.clone()));
        Ok(base)
    }
}

fn stats_error(error: haven_stats::StatsError) -> WebError {
    match error {
        haven_stats::StatsError::Store(e) => e.into(),
        other => WebError::new(StatusCode::UNPROCESSABLE_ENTITY, other.to_string()),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct FigureQuery {
    #[serde(default)]
    indicator: Option<String>,
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    by: Option<String>,
    #[serde(default)]
    by2: Option<String>,
    #[serde(default)]
    format: Option<String>,
}

impl FigureQuery {
    fn form(&self, today: NaiveDate) -> Form {
        let mut fields = vec![
            ("indicator".to_owned(), self.indicator.clone().unwrap_or_default()),
            (
                "period".to_owned(),
                self.period.clone().unwrap_or_else(|| (today.year() - 1).to_string()),
            ),
        ];
        fields.extend(self.by.clone().map(|v| ("by".to_owned(), v)));
        fields.extend(self.by2.clone().map(|v| ("by2".to_owned(), v)));
        Form::new(fields)
    }
}

/// What was asked, read and checked: the indicator, the period and the breakdowns.
struct Asked {
    indicator: &'static Indicator,
    period: Period,
    by: Vec<Dimension>,
}

fn read_asked(viewer: &Viewer, form: &mut Form, today: NaiveDate) -> Option<Asked> {
    let tr = viewer.tr;
    let indicator = form.code(tr, "indicator", |id| {
        haven_stats::indicator(id).map_err(|e| haven_domain::Problem::Invalid { reason: e.to_string() })
    });
    let period = form.code(tr, "period", |text| {
        Period::parse(text, today).map_err(|e| haven_domain::Problem::Invalid { reason: e.to_string() })
    });
    let indicator = indicator?;
    let mut by = Vec::new();
    for field in ["by", "by2"] {
        let dimension = form.optional_code(tr, field, |name| {
            indicator.dimension(name).ok_or_else(|| haven_domain::Problem::Invalid {
                reason: tr.with_args(
                    "stats-not-a-breakdown",
                    &[("allowed", indicator.dimension_names().join(", ").into())],
                ),
            })
        });
        if let Ok(Some(dimension)) = dimension {
            by.push(dimension);
        }
    }
    Some(Asked {
        indicator,
        period: period?,
        by,
    })
}

#[derive(Template)]
#[template(path = "statistics.html")]
struct StatisticsPage {
    chrome: Chrome,
    form: Form,
    indicators: Vec<Choice>,
    dimensions: Vec<Choice>,
    statement: Option<Shown>,
    /// The chart, an SVG drawn on the server (no script needed to see it).
    chart: Option<String>,
    /// The query string of this figure, for the download links.
    query: String,
    formats: &'static [&'static str],
    report_formats: Vec<&'static str>,
}

/// A figure as the page prints it.
struct Shown {
    title: &'static str,
    from: NaiveDate,
    to: NaiveDate,
    value: String,
    previous: String,
    previous_from: NaiveDate,
    previous_to: NaiveDate,
    by: Vec<&'static str>,
    /// Each cell: its keys, then its value as shown.
    rows: Vec<(Vec<String>, String)>,
    cells_may_overlap: bool,
    threshold: u64,
}

fn shown_value(value: Option<f64>, hidden: Option<&str>) -> String {
    value.map_or_else(
        || hidden.unwrap_or_default().to_owned(),
        haven_stats::publish::format_number,
    )
}

impl Shown {
    fn of(statement: &Statement) -> Self {
        use serde_json::Value;
        let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
        Self {
            title: statement.title,
            from: statement.from,
            to: statement.to,
            value: shown_value(statement.value, statement.shown.as_deref()),
            previous: shown_value(statement.previous.value, statement.previous.shown.as_deref()),
            previous_from: statement.previous.from,
            previous_to: statement.previous.to,
            by: statement.by.clone(),
            rows: statement
                .breakdown
                .iter()
                .map(|cell| {
                    let keys = statement
                        .by
                        .iter()
                        .map(|d| text(cell.get(*d)).unwrap_or_default())
                        .collect();
                    let value = shown_value(
                        cell.get("value").and_then(Value::as_f64),
                        text(cell.get("shown")).as_deref(),
                    );
                    (keys, value)
                })
                .collect(),
            cells_may_overlap: !statement.cells_may_overlap.is_empty(),
            threshold: statement.threshold,
        }
    }
}

/// The chart: the breakdown's cells as bars, or without a breakdown the figure year by year.
fn chart(base: &FactBase, asked: &Asked, statement: &Statement) -> Result<String, WebError> {
    let drawn = if let Some(first) = statement.by.first() {
        let bars: Vec<(String, Option<f64>)> = statement
            .breakdown
            .iter()
            .filter(|cell| statement.by.len() == 1 || cell.get(statement.by[1]).is_some())
            .take(24)
            .map(|cell| {
                let label = cell.get(*first).and_then(serde_json::Value::as_str).unwrap_or_default();
                (label.to_owned(), cell.get("value").and_then(serde_json::Value::as_f64))
            })
            .collect();
        haven_report::render::bars_svg(&bars)
    } else {
        let last = asked.period.last().year();
        let mut points = Vec::new();
        for year in last - 9..=last {
            let period = Period::parse(&year.to_string(), asked.period.last())
                .map_err(|e| WebError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
            let yearly =
                haven_stats::state(base, asked.indicator, period, &[], DEFAULT_THRESHOLD, "en").map_err(stats_error)?;
            points.push((year, yearly.value));
        }
        haven_report::render::trend_svg(&points)
    };
    drawn.map_err(|e| {
        tracing::error!(error = %e, "chart failed");
        WebError::new(StatusCode::INTERNAL_SERVER_ERROR, "The chart could not be drawn.")
    })
}

fn indicator_choices(lang: Lang) -> Vec<Choice> {
    CATALOGUE
        .iter()
        .map(|i| Choice {
            value: i.id.to_owned(),
            label: format!("{} ({})", i.title.get(lang.code()), i.id),
        })
        .collect()
}

fn query_string(form: &Form) -> String {
    let pairs: Vec<(&str, &str)> = ["indicator", "period", "by", "by2"]
        .into_iter()
        .map(|name| (name, form.value(name)))
        .filter(|(_, value)| !value.is_empty())
        .collect();
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// The statistics page, and (with `format`) the figure as a file.
#[tracing::instrument(skip_all)]
pub(crate) async fn page(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Query(query): Query<FigureQuery>,
) -> Result<Response, WebError> {
    let today = haven_store::today();
    let lang = viewer.tr.lang;
    let mut form = query.form(today);
    let asked = query
        .indicator
        .as_ref()
        .and_then(|_| read_asked(&viewer, &mut form, today));
    let dimensions = asked
        .as_ref()
        .map(|a| a.indicator)
        .or_else(|| CATALOGUE.first())
        .map(|i| {
            i.dimension_names()
                .into_iter()
                .map(|name| Choice {
                    value: name.to_owned(),
                    label: name.replace('_', " "),
                })
                .collect()
        })
        .unwrap_or_default();
    let (statement, chart) = match (&asked, form.has_errors()) {
        (Some(asked), false) => {
            let base = state.facts.facts(&state, &viewer).await?;
            let statement = haven_stats::state(
                &base,
                asked.indicator,
                asked.period,
                &asked.by,
                DEFAULT_THRESHOLD,
                lang.code(),
            )
            .map_err(stats_error)?;
            if let Some(format) = query.format.as_deref() {
                return download(&statement, format);
            }
            let drawn = chart(&base, asked, &statement)?;
            (Some(Shown::of(&statement)), Some(drawn))
        }
        _ => (None, None),
    };
    let status = if form.has_errors() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = render(&StatisticsPage {
        chrome: Chrome::new(&viewer, "stats-title", "/statistics"),
        query: query_string(&form),
        form,
        indicators: indicator_choices(lang),
        dimensions,
        statement,
        chart,
        formats: &["csv", "json", "xlsx"],
        report_formats: ReportFormat::ALL.iter().map(|f| f.extension()).collect(),
    })?;
    Ok((status, page).into_response())
}

fn attachment(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response()
}

fn download(statement: &Statement, format: &str) -> Result<Response, WebError> {
    let name = format!("{}_{}_{}.{format}", statement.indicator, statement.from, statement.to);
    match format {
        "csv" => Ok(attachment(
            statement.to_csv().into_bytes(),
            "text/csv; charset=utf-8",
            &name,
        )),
        "json" => Ok(attachment(
            serde_json::to_vec_pretty(statement).unwrap_or_default(),
            "application/json",
            &name,
        )),
        "xlsx" => {
            let bytes = haven_report::render::statement_xlsx(statement).map_err(|e| {
                tracing::error!(error = %e, "workbook failed");
                WebError::new(StatusCode::INTERNAL_SERVER_ERROR, "The workbook could not be written.")
            })?;
            Ok(attachment(
                bytes,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                &name,
            ))
        }
        other => Err(WebError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("format: '{other}' is not one of csv, json, xlsx"),
        )),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct ReportQuery {
    #[serde(default)]
    period: String,
    #[serde(default)]
    format: String,
}

/// The country report for a period, in the user's language, as a file.
#[tracing::instrument(skip_all)]
pub(crate) async fn report(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Query(query): Query<ReportQuery>,
) -> Result<Response, WebError> {
    let today = haven_store::today();
    let unprocessable = |message: String| WebError::new(StatusCode::UNPROCESSABLE_ENTITY, message);
    let period = Period::parse(&query.period, today).map_err(|e| unprocessable(format!("period: {e}")))?;
    let format = ReportFormat::ALL
        .into_iter()
        .find(|f| f.extension() == query.format)
        .ok_or_else(|| {
            unprocessable(format!(
                "format: '{}' is not one of html, pdf, xlsx, csv, json",
                query.format
            ))
        })?;
    let base = state.facts.facts(&state, &viewer).await?;
    let reference = state
        .store
        .reference_figures(
            &viewer.actor,
            &haven_store::ReferenceQuery {
                country: Some(haven_report::REFERENCE_COUNTRY.to_owned()),
                totals_only: true,
                ..Default::default()
            },
        )
        .await?;
    let request = Request {
        period,
        lang: viewer.tr.lang,
        threshold: DEFAULT_THRESHOLD,
        today,
        locked: None,
        reference: &reference,
    };
    let failed = |e: haven_report::ReportError| {
        tracing::error!(error = %e, "report failed");
        WebError::new(StatusCode::INTERNAL_SERVER_ERROR, "The report could not be written.")
    };
    let country = haven_report::country_report(&base, &request).map_err(failed)?;
    let bytes = haven_report::render::render(&country, format).map_err(failed)?;
    let content_type = match format {
        ReportFormat::Html => "text/html; charset=utf-8",
        ReportFormat::Pdf => "application/pdf",
        ReportFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ReportFormat::Csv => "text/csv; charset=utf-8",
        ReportFormat::Json => "application/json",
    };
    let name = format!(
        "country-report_{}_{}.{}",
        period.first(),
        period.last(),
        format.extension()
    );
    Ok(attachment(bytes, content_type, &name))
}

/// A headline figure for the home page's tiles.
#[derive(Debug, Clone)]
pub(crate) struct Tile {
    pub title: String,
    pub value: String,
    pub previous: String,
    pub href: String,
}

/// The tiles an analyst sees first: this year so far against the same months last year.
pub(crate) async fn tiles(state: &AppState, viewer: &Viewer) -> Result<Vec<Tile>, WebError> {
    const HEADLINES: [&str; 4] = [
        "trafficking.victims.identified",
        "criminal.cases.initiated",
        "hotline.contacts",
        "referrals.sent",
    ];
    let today = haven_store::today();
    let period = Period::range(NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today), today)
        .map_err(|e| WebError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
    let base = state.facts.facts(state, viewer).await?;
    let lang = viewer.tr.lang.code();
    let mut tiles = Vec::new();
    for id in HEADLINES {
        let Ok(indicator) = haven_stats::indicator(id) else {
            continue;
        };
        let statement =
            haven_stats::state(&base, indicator, period, &[], DEFAULT_THRESHOLD, lang).map_err(stats_error)?;
        tiles.push(Tile {
            title: statement.title.to_owned(),
            value: shown_value(statement.value, statement.shown.as_deref()),
            previous: shown_value(statement.previous.value, statement.previous.shown.as_deref()),
            href: format!(
                "/statistics?indicator={id}&period={}..{}",
                period.first(),
                period.last()
            ),
        });
    }
    Ok(tiles)
}
