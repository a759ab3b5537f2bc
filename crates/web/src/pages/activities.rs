//! Prevention activities on screen: the latest of the user's organisation, and a form to record
//! or correct one. The form is drawn and read by the same field lists as case forms
//! ([`super::records`]).

use std::collections::HashMap;

use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use haven_domain::access::Permission;
use haven_domain::ids::PreventionId;
use haven_domain::org::Region;
use haven_domain::prevention::{PreventionActivity, PreventionInput, PreventionKind, PreventionTopic};
use haven_store::StoreError;
use serde_json::Value;
use uuid::Uuid;

use super::records::{Field, Input, Spec, changed_fields, field, field_named, form_of, read_into, render_form};
use super::{Chrome, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;
use crate::forms::{Fields, Form};

const PREVENTION_FIELDS: &[Field] = &[
    field(
        "kind",
        Input::Code {
            list: "prevention-kind",
            codes: || PreventionKind::ALL.iter().map(|c| c.code()).collect(),
        },
    ),
    field(
        "topic",
        Input::Code {
            list: "prevention-topic",
            codes: || PreventionTopic::ALL.iter().map(|c| c.code()).collect(),
        },
    ),
    field("title", Input::Text),
    field("held_on", Input::Date),
    field(
        "region",
        Input::OptionalCode {
            list: "region",
            codes: || Region::ALL.iter().map(|c| c.code()).collect(),
        },
    ),
    field("audience", Input::OptionalCount),
];

fn spec() -> Spec {
    Spec {
        fields: PREVENTION_FIELDS.to_vec(),
        optional_parts: &[],
    }
}

#[derive(Template)]
#[template(path = "activities.html")]
struct ActivitiesPage {
    chrome: Chrome,
    prevention: Vec<PreventionActivity>,
    may_record: bool,
}

pub(crate) async fn list(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
) -> Result<Html<String>, WebError> {
    let prevention = state.store.recent_prevention(&viewer.actor, 100).await?;
    render(&ActivitiesPage {
        chrome: Chrome::new(&viewer, "activities-title", "/activities"),
        prevention,
        may_record: viewer.actor.may(Permission::RecordActivity),
    })
}

fn blank(viewer: &Viewer) -> Value {
    serde_json::json!({
        "org": viewer.user.org,
        "kind": null,
        "topic": null,
        "held_on": haven_store::today(),
        "title": "",
        "region": null,
        "audience": null,
    })
}

fn to_input(form: &mut Form, record: Value) -> Option<PreventionInput> {
    if form.has_errors() {
        return None;
    }
    match serde_json::from_value(record) {
        Ok(input) => Some(input),
        Err(e) => {
            form.refuse_form(e.to_string());
            None
        }
    }
}

pub(crate) async fn new_form(Extension(viewer): Extension<Viewer>) -> Result<Html<String>, WebError> {
    let spec = spec();
    let form = form_of(&blank(&viewer), &spec.fields, 0);
    render_form(
        &viewer,
        "prevention-new",
        "/activities/prevention".into(),
        "/activities".into(),
        form,
        &spec.fields,
        &HashMap::new(),
    )
}

#[tracing::instrument(skip_all)]
pub(crate) async fn create(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    axum::Form(fields): Fields,
) -> Result<Response, WebError> {
    let spec = spec();
    let mut form = Form::new(fields);
    let mut record = blank(&viewer);
    read_into(viewer.tr, &mut form, &spec, &mut record);
    if let Some(input) = to_input(&mut form, record) {
        match state.store.create_prevention(&viewer.actor, &input).await {
            Ok(_) => return Ok(Redirect::to("/activities").into_response()),
            Err(StoreError::Invalid(errors)) => {
                form.absorb(viewer.tr, &errors, |path| field_named(&spec.fields, path));
            }
            Err(other) => return Err(other.into()),
        }
    }
    let page = render_form(
        &viewer,
        "prevention-new",
        "/activities/prevention".into(),
        "/activities".into(),
        form,
        &spec.fields,
        &HashMap::new(),
    )?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

pub(crate) async fn edit_form(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<Uuid>,
) -> Result<Html<String>, WebError> {
    let activity = state.store.prevention(&viewer.actor, PreventionId(id)).await?;
    let spec = spec();
    let record = serde_json::to_value(&activity.input).unwrap_or_default();
    render_form(
        &viewer,
        "prevention-edit",
        format!("/activities/prevention/{id}"),
        "/activities".into(),
        form_of(&record, &spec.fields, activity.version),
        &spec.fields,
        &HashMap::new(),
    )
}

/// A correction; as with cases, a concurrent one is refused with the stored values shown.
#[tracing::instrument(skip_all)]
pub(crate) async fn update(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<Uuid>,
    axum::Form(fields): Fields,
) -> Result<Response, WebError> {
    let tr = viewer.tr;
    let spec = spec();
    let mut form = Form::new(fields);
    let version = form.version(tr);
    let activity = state.store.prevention(&viewer.actor, PreventionId(id)).await?;
    let stored = serde_json::to_value(&activity.input).unwrap_or_default();
    let mut record = stored.clone();
    read_into(tr, &mut form, &spec, &mut record);
    let mut changed = HashMap::new();
    if let (Some(input), Some(version)) = (to_input(&mut form, record), version) {
        match state
            .store
            .update_prevention(&viewer.actor, PreventionId(id), version, &input)
            .await
        {
            Ok(_) => return Ok(Redirect::to("/activities").into_response()),
            Err(StoreError::Invalid(errors)) => form.absorb(tr, &errors, |path| field_named(&spec.fields, path)),
            Err(StoreError::Conflict { .. }) => {
                let typed = serde_json::to_value(&input).unwrap_or_default();
                changed = changed_fields(&spec.fields, &stored, &typed);
                form = form.with("version", &activity.version.to_string());
                form.refuse_form(tr.t("conflict-edit"));
            }
            Err(other) => return Err(other.into()),
        }
    }
    let status = if changed.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::CONFLICT
    };
    let page = render_form(
        &viewer,
        "prevention-edit",
        format!("/activities/prevention/{id}"),
        "/activities".into(),
        form,
        &spec.fields,
        &changed,
    )?;
    Ok((status, page).into_response())
}
