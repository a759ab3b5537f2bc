//! Case files: the list of those the user may open, and one case with its timeline. The
//! store opens only the sections the user's organisation or an accepted referral allows.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use haven_domain::case::{Case, CaseKind};
use haven_domain::event::Event;
use haven_domain::ids::CaseId;
use haven_store::CaseFilter;
use serde::Deserialize;
use uuid::Uuid;

use super::{Chrome, optional_code, render, unless_denied};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;

const PAGE_SIZE: i64 = 50;

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage {
    chrome: Chrome,
    cases: Vec<Case>,
    kinds: Vec<CaseKind>,
    kind: Option<CaseKind>,
    page: i64,
    more: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    page: Option<i64>,
}

pub(crate) async fn list(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    let kind = optional_code("kind", query.kind.as_deref(), CaseKind::parse)?;
    let page = query.page.unwrap_or(0).clamp(0, 100_000);
    let filter = CaseFilter {
        kind,
        person: None,
        limit: PAGE_SIZE + 1,
        offset: page * PAGE_SIZE,
    };
    let mut cases = state.store.cases(&viewer.actor, &filter).await?;
    let more = cases.len() as i64 > PAGE_SIZE;
    cases.truncate(PAGE_SIZE as usize);
    let kinds = CaseKind::ALL
        .iter()
        .copied()
        .filter(|k| viewer.actor.may(haven_domain::access::Permission::ReadCase(*k)))
        .collect();
    render(&CasesPage {
        chrome: Chrome::new(&viewer, "cases-title", "/cases"),
        cases,
        kinds,
        kind,
        page,
        more,
    })
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    chrome: Chrome,
    case: Case,
    /// The case's details as label and value, whatever its kind.
    details: Vec<(String, String)>,
    timeline: Option<Vec<Event>>,
}

/// Flatten a case's details into lines: `detention[0].started_on: 2023-04-01`.
fn detail_lines(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Object(fields) => {
            for (name, value) in fields {
                let label = if prefix.is_empty() {
                    name.clone()
                } else {
                    format!("{prefix}.{name}")
                };
                detail_lines(&label, value, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                detail_lines(&format!("{prefix}[{i}]"), item, out);
            }
        }
        Value::Null => {}
        Value::String(text) => out.push((prefix.to_owned(), text.clone())),
        other => out.push((prefix.to_owned(), other.to_string())),
    }
}

#[tracing::instrument(skip_all)]
pub(crate) async fn page(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<Uuid>,
) -> Result<Html<String>, WebError> {
    let case = state.store.case(&viewer.actor, CaseId(id)).await?;
    let timeline = unless_denied(state.store.timeline(&viewer.actor, case.id).await)?;
    let mut details = Vec::new();
    detail_lines(
        "",
        &serde_json::to_value(&case.details).unwrap_or_default(),
        &mut details,
    );
    render(&CasePage {
        chrome: Chrome::new(&viewer, "case-title", format!("/cases/{id}")),
        case,
        details,
        timeline,
    })
}
