//! Case files: the list of those the user may open, and one case with its timeline. The
//! store opens only the sections the user's organisation or an accepted referral allows.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use haven_domain::access::Permission;
use haven_domain::assistance::AssistanceKind;
use haven_domain::case::{Case, CaseKind, CaseSummary};
use haven_domain::event::{Event, EventKind};
use haven_domain::ids::CaseId;
use haven_domain::referral::{CaseSection, ConsentBasis, ReferralReason};
use haven_store::CaseFilter;
use serde::Deserialize;
use uuid::Uuid;

use super::{Choice, Chrome, code_choices, optional_code, organisation_choices, render, unless_denied};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;
use crate::forms::Form;

const PAGE_SIZE: i64 = 50;

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage {
    chrome: Chrome,
    cases: Vec<CaseSummary>,
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
    let mut cases = state.store.case_summaries(&viewer.actor, &filter).await?;
    let more = cases.len() as i64 > PAGE_SIZE;
    cases.truncate(PAGE_SIZE as usize);
    let kinds = CaseKind::ALL
        .iter()
        .copied()
        .filter(|k| viewer.actor.may(Permission::ReadCase(*k)))
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
    /// The referral form, where the user may refer cases.
    referral: Option<ReferralForm>,
    /// The assistance form, where the user may record assistance and the case has a person.
    assistance: Option<AssistanceForm>,
    /// Whether the user may edit this case on screen.
    editable: bool,
    /// The form for an event on the timeline (a note, an interview, a hearing).
    event: Option<EventForm>,
}

pub(crate) struct EventForm {
    pub form: Form,
    pub kinds: Vec<Choice>,
}

/// The referral form's state and choices.
pub(crate) struct ReferralForm {
    pub form: Form,
    pub organisations: Vec<Choice>,
    pub reasons: Vec<Choice>,
    pub sections: Vec<Choice>,
    pub bases: Vec<Choice>,
}

pub(crate) struct AssistanceForm {
    pub form: Form,
    pub kinds: Vec<Choice>,
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

/// The forms a case page shows, empty (with today's date) or as last typed.
#[derive(Debug, Default)]
pub(crate) struct CaseForms {
    pub referral: Option<Form>,
    pub assistance: Option<Form>,
    pub event: Option<Form>,
}

/// The case page, with its forms as given: used by the page and by the forms' handlers when
/// they show what was typed with its problems.
pub(crate) async fn case_page(
    state: &AppState,
    viewer: &Viewer,
    id: CaseId,
    forms: CaseForms,
) -> Result<Html<String>, WebError> {
    let tr = viewer.tr;
    let case = state.store.case(&viewer.actor, id).await?;
    let timeline = unless_denied(state.store.timeline(&viewer.actor, case.id).await)?;
    let mut details = Vec::new();
    detail_lines(
        "",
        &serde_json::to_value(&case.details).unwrap_or_default(),
        &mut details,
    );
    let today = haven_store::today().to_string();
    let referral = if viewer.actor.may(Permission::SendReferral) {
        let organisations = state.store.organisations().await?;
        let others: Vec<_> = organisations.into_iter().filter(|o| o.id != case.org).collect();
        Some(ReferralForm {
            form: forms.referral.unwrap_or_else(|| {
                Form::new(vec![
                    ("sent_on".into(), today.clone()),
                    ("consent_on".into(), today.clone()),
                ])
            }),
            organisations: organisation_choices(&others),
            reasons: code_choices(tr, "reason", ReferralReason::ALL.iter().map(|c| c.code())),
            sections: code_choices(tr, "section", CaseSection::ALL.iter().map(|c| c.code())),
            bases: code_choices(tr, "consent", ConsentBasis::ALL.iter().map(|c| c.code())),
        })
    } else {
        None
    };
    let assistance =
        (viewer.actor.may(Permission::RecordAssistance) && case.person.is_some()).then(|| AssistanceForm {
            form: forms
                .assistance
                .unwrap_or_else(|| Form::new(vec![("delivered_on".into(), today.clone())])),
            kinds: code_choices(tr, "assistance", AssistanceKind::ALL.iter().map(|c| c.code())),
        });
    let writes = viewer.actor.may(Permission::WriteCase(case.kind()));
    let event = (writes && timeline.is_some()).then(|| EventForm {
        form: forms
            .event
            .unwrap_or_else(|| Form::new(vec![("occurred_on".into(), today.clone())])),
        kinds: code_choices(tr, "event", EventKind::RECORDED_BY_USERS.iter().map(|k| k.code())),
    });
    render(&CasePage {
        editable: writes,
        event,
        chrome: Chrome::new(viewer, "case-title", format!("/cases/{}", id.0)),
        case,
        details,
        timeline,
        referral,
        assistance,
    })
}

#[tracing::instrument(skip_all)]
pub(crate) async fn page(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<Uuid>,
) -> Result<Html<String>, WebError> {
    case_page(&state, &viewer, CaseId(id), CaseForms::default()).await
}
