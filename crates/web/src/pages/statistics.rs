//! Statistics on screen: pick an indicator, a period and up to two breakdowns; see the figure
//! against the previous comparable period, a chart, the table, and download it (or the whole
//! country report for the period) in every format. Everything shown has passed disclosure
//! control, as it would on paper.
//!
//! The facts are read into memory and read anew in the background once they are older than
//! [`FRESH_FOR`] (see [`Refreshed`]): statistics are national aggregates, the same for every
//! user allowed to see them, and reading them is the costly part, while computing a figure from
//! them takes milliseconds.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
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

/// The facts statistics are computed from.
pub type FactCache = Refreshed<FactBase>;

/// A value read at most once per `fresh_for`. Once older it is still answered at once, while
/// one background task reads it anew: reading every fact of a national database takes tens of
/// seconds (26 s at the demo's scale 10), and waiting for it once a minute made someone's
/// statistics page, or an analyst's home page, take that long, with every other statistics
/// reader queued behind. Only the very first read is waited for.
pub struct Refreshed<T> {
    fresh_for: Duration,
    held: std::sync::Mutex<Option<(Instant, Arc<T>)>>,
    /// Held by whoever makes the first read, so that callers arriving meanwhile wait for it.
    first: Mutex<()>,
    refreshing: AtomicBool,
}

impl<T> Default for Refreshed<T> {
    fn default() -> Self {
        Self::new(FRESH_FOR)
    }
}

impl<T> std::fmt::Debug for Refreshed<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Refreshed")
            .field("fresh_for", &self.fresh_for)
            .finish_non_exhaustive()
    }
}

impl<T> Refreshed<T> {
    pub fn new(fresh_for: Duration) -> Self {
        Self {
            fresh_for,
            held: std::sync::Mutex::new(None),
            first: Mutex::new(()),
            refreshing: AtomicBool::new(false),
        }
    }
}

impl<T: Send + Sync + 'static> Refreshed<T> {
    fn held(&self) -> Option<(Instant, Arc<T>)> {
        self.held
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn hold(&self, value: Arc<T>) {
        *self.held.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some((Instant::now(), value));
    }

    /// The value held, and a background `read` if it is stale and none is under way; `read`
    /// waited for only while nothing is held. A failed background read leaves the value held,
    /// and the next caller tries again.
    async fn get<E, Read>(self: &Arc<Self>, read: impl FnOnce() -> Read) -> Result<Arc<T>, E>
    where
        Read: Future<Output = Result<T, E>> + Send + 'static,
        E: std::fmt::Display + Send + 'static,
    {
        if let Some((at, value)) = self.held() {
            if at.elapsed() >= self.fresh_for && !self.refreshing.swap(true, Ordering::AcqRel) {
                let this = Arc::clone(self);
                let reading = read();
                tokio::spawn(async move {
                    match reading.await {
                        Ok(value) => this.hold(Arc::new(value)),
                        Err(error) => tracing::warn!(%error, "reading a held value anew failed; the old one stays"),
                    }
                    this.refreshing.store(false, Ordering::Release);
                });
            }
            return Ok(value);
        }
        let _first = self.first.lock().await;
        if let Some((_, value)) = self.held() {
            return Ok(value);
        }
        let value = Arc::new(read().await?);
        self.hold(value.clone());
        Ok(value)
    }
}

impl FactCache {
    /// The facts, read with the viewer's rights.
    async fn facts(self: &Arc<Self>, state: &AppState, viewer: &Viewer) -> Result<Arc<FactBase>, WebError> {
        self.get(|| {
            // Taken only when a read starts, not on every request answered from memory.
            let (store, actor) = (state.store.clone(), viewer.actor.clone());
            async move {
                let all: Vec<&Indicator> = CATALOGUE.iter().collect();
                haven_stats::load(store.as_ref(), &actor, &all).await
            }
        })
        .await
        .map_err(stats_error)
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicU32;

    use super::*;

    /// A read that counts how often it is started and answers its count once `gate` opens.
    fn counted(
        reads: &Arc<AtomicU32>,
        gate: &Arc<tokio::sync::Semaphore>,
    ) -> impl FnOnce() -> std::pin::Pin<Box<dyn Future<Output = Result<u32, String>> + Send>> + use<> {
        let (reads, gate) = (reads.clone(), gate.clone());
        move || {
            let n = reads.fetch_add(1, Ordering::SeqCst) + 1;
            Box::pin(async move {
                let _open = gate.acquire().await.map_err(|e| e.to_string())?;
                Ok(n)
            })
        }
    }

    async fn eventually_holds(cache: &Refreshed<u32>, wanted: u32) {
        for _ in 0..500 {
            if cache.held().is_some_and(|(_, v)| *v == wanted) && !cache.refreshing.load(Ordering::Acquire) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the cache never held {wanted}");
    }

    #[tokio::test]
    async fn a_stale_value_is_answered_at_once_while_one_read_runs_in_the_background() {
        let cache = Arc::new(Refreshed::<u32>::new(Duration::ZERO));
        let reads = Arc::new(AtomicU32::new(0));
        let gate = Arc::new(tokio::sync::Semaphore::new(0));
        gate.add_permits(1);
        assert_eq!(*cache.get(counted(&reads, &gate)).await.unwrap(), 1);
        // Stale at once (fresh for no time): the old value comes back although the new read
        // cannot finish, and callers meanwhile start no second read.
        for _ in 0..3 {
            let answer = tokio::time::timeout(Duration::from_secs(5), cache.get(counted(&reads, &gate)))
                .await
                .expect("answered without waiting for the read");
            assert_eq!(*answer.unwrap(), 1);
        }
        assert_eq!(reads.load(Ordering::SeqCst), 2, "one background read at a time");
        gate.add_permits(1);
        eventually_holds(&cache, 2).await;
        assert_eq!(*cache.get(counted(&reads, &gate)).await.unwrap(), 2);
    }

    #[tokio::test]
    async fn a_failed_background_read_keeps_the_value_and_the_next_caller_tries_again() {
        let cache = Arc::new(Refreshed::<u32>::new(Duration::ZERO));
        assert_eq!(*cache.get(|| async { Ok::<_, String>(7) }).await.unwrap(), 7);
        assert_eq!(
            *cache
                .get(|| async { Err::<u32, _>("disk gone".to_owned()) })
                .await
                .unwrap(),
            7
        );
        eventually_holds(&cache, 7).await;
        assert_eq!(*cache.get(|| async { Ok::<_, String>(8) }).await.unwrap(), 7);
        eventually_holds(&cache, 8).await;
    }

    #[tokio::test]
    async fn the_first_read_is_waited_for_once_by_all_who_ask_meanwhile() {
        let cache = Arc::new(Refreshed::<u32>::new(FRESH_FOR));
        let reads = Arc::new(AtomicU32::new(0));
        let gate = Arc::new(tokio::sync::Semaphore::new(0));
        let first = tokio::spawn({
            let (cache, read) = (cache.clone(), counted(&reads, &gate));
            async move { *cache.get(read).await.unwrap() }
        });
        let second = tokio::spawn({
            let (cache, read) = (cache.clone(), counted(&reads, &gate));
            async move { *cache.get(read).await.unwrap() }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(
            !first.is_finished() && !second.is_finished(),
            "nothing to answer before the first read"
        );
        gate.add_permits(2);
        assert_eq!((first.await.unwrap(), second.await.unwrap()), (1, 1));
        assert_eq!(reads.load(Ordering::SeqCst), 1);
    }
}
