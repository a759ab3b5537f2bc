//! Hotline intake: one screen an operator fills in while on the phone, from the keyboard
//! alone, then saves and is ready for the next call. Beside it, the look-up of the register of
//! licensed agencies a caller asks about.

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use haven_domain::agency::LicensedAgency;
use haven_domain::case::{
    CallerType, CaseDetails, CaseInput, CaseStatus, ContactChannel, HotlineDetails, HotlineTopic,
};
use haven_domain::country::CountryCode;
use haven_store::{StoreError, today};
use serde::Deserialize;
use uuid::Uuid;

use super::{Choice, Chrome, code_choices, country_choices, organisation_choices, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;
use crate::forms::{Fields, Form, parse_org};
use crate::i18n::Tr;

#[derive(Template)]
#[template(path = "hotline.html")]
struct IntakePage {
    chrome: Chrome,
    form: Form,
    callers: Vec<Choice>,
    channels: Vec<Choice>,
    topics: Vec<Choice>,
    countries: Vec<Choice>,
    organisations: Vec<Choice>,
    /// The reference of the call just saved.
    saved: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct IntakeQuery {
    #[serde(default)]
    saved: Option<String>,
}

async fn intake_page(
    state: &AppState,
    viewer: &Viewer,
    form: Form,
    saved: Option<String>,
) -> Result<Html<String>, WebError> {
    let tr = viewer.tr;
    render(&IntakePage {
        chrome: Chrome::new(viewer, "hotline-title", "/hotline"),
        form,
        callers: code_choices(tr, "caller", CallerType::ALL.iter().map(|c| c.code())),
        channels: code_choices(tr, "channel", ContactChannel::ALL.iter().map(|c| c.code())),
        topics: code_choices(tr, "topic", HotlineTopic::ALL.iter().map(|c| c.code())),
        countries: country_choices(tr),
        organisations: organisation_choices(&state.store.organisations().await?),
        saved,
    })
}

pub(crate) async fn form(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Query(query): Query<IntakeQuery>,
) -> Result<Html<String>, WebError> {
    // The call starts when the form opens; saving a minute later still dates it right.
    let started = Form::new(vec![("started".into(), Utc::now().to_rfc3339())]);
    let saved = query
        .saved
        .filter(|s| s.len() <= 60 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    intake_page(&state, &viewer, started, saved).await
}

/// The contact as typed, or the form with its problems.
fn read_contact(tr: Tr, form: &mut Form) -> Option<HotlineDetails> {
    let caller = form.code(tr, "caller", CallerType::parse);
    let channel = form.code(tr, "channel", ContactChannel::parse);
    let topic = form.code(tr, "topic", HotlineTopic::parse);
    let destination = form.optional_code(tr, "destination", CountryCode::parse);
    let referred_to = form.optional_code(tr, "referred_to", parse_org);
    let contacted_at = DateTime::parse_from_rfc3339(form.value("started"))
        .map_or_else(|_| Utc::now(), |t| t.with_timezone(&Utc))
        .min(Utc::now());
    Some(HotlineDetails {
        contacted_at,
        caller: caller?,
        channel: channel?,
        topic: topic?,
        destination_country: destination.ok()?,
        advice: form.optional_text("advice"),
        referred_to: referred_to.ok()?,
    })
}

/// Where the domain's field paths show on this form.
fn field_of(path: &str) -> Option<&'static str> {
    match path {
        "details.contacted_at" => Some("started"),
        "details.advice" => Some("advice"),
        _ => None,
    }
}

#[tracing::instrument(skip_all)]
pub(crate) async fn save(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    axum::Form(fields): Fields,
) -> Result<Response, WebError> {
    let tr = viewer.tr;
    let mut form = Form::new(fields);
    let details = read_contact(tr, &mut form);
    if let (Some(details), false) = (details, form.has_errors()) {
        let today = today();
        let referred = details.referred_to.is_some();
        let input = CaseInput {
            org: viewer.user.org,
            person: None,
            reference: format!(
                "HL-{}-{}",
                today.format("%Y%m%d"),
                &Uuid::new_v4().simple().to_string()[..6]
            ),
            opened_on: details.contacted_at.date_naive(),
            closed_on: Some(today),
            status: if referred {
                CaseStatus::ClosedReferred
            } else {
                CaseStatus::Closed
            },
            details: CaseDetails::Hotline(details),
        };
        match state.store.open_case(&viewer.actor, &input).await {
            Ok(case) => return Ok(Redirect::to(&format!("/hotline?saved={}", case.reference)).into_response()),
            Err(StoreError::Invalid(errors)) => form.absorb(tr, &errors, field_of),
            Err(other) => return Err(other.into()),
        }
    }
    let page = intake_page(&state, &viewer, form, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

#[derive(Template)]
#[template(path = "agencies.html")]
struct LookUpPage {
    chrome: Chrome,
    query: String,
    found: Option<Vec<LicensedAgency>>,
    today: chrono::NaiveDate,
}

#[derive(Template)]
#[template(path = "agency_rows.html")]
struct LookUpResults {
    chrome: Chrome,
    found: Option<Vec<LicensedAgency>>,
    today: chrono::NaiveDate,
}

#[derive(Debug, Deserialize)]
pub(crate) struct LookUpQuery {
    #[serde(default)]
    q: String,
}

/// The register look-up: a whole page, or (for htmx, as the operator types) the results.
#[tracing::instrument(skip_all)]
pub(crate) async fn look_up(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    headers: HeaderMap,
    Query(query): Query<LookUpQuery>,
) -> Result<Html<String>, WebError> {
    let text: String = query.q.chars().take(200).collect();
    let found = if text.trim().is_empty() {
        None
    } else {
        Some(state.store.find_agencies(&viewer.actor, &text, 20).await?)
    };
    let chrome = Chrome::new(&viewer, "agencies-title", "/agencies");
    if headers.contains_key("hx-request") {
        render(&LookUpResults {
            chrome,
            found,
            today: today(),
        })
    } else {
        render(&LookUpPage {
            chrome,
            query: text,
            found,
            today: today(),
        })
    }
}
