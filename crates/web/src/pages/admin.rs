//! Administration: organisations and user accounts. Administrators manage accounts; they do
//! not read case content.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use haven_domain::ValidationErrors;
use haven_domain::access::Role;
use haven_domain::error::Validate;
use haven_domain::ids::{OrgId, UserId};
use haven_domain::org::{OrgKind, Organisation, OrganisationInput, Region};
use haven_domain::user::{NewUser, User, check_password};
use haven_store::StoreError;
use uuid::Uuid;

use super::{Choice, Chrome, code_choices, organisation_choices, organisation_names, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;
use crate::forms::{Fields, Form, parse_org, same_names};

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    chrome: Chrome,
    users: Vec<(User, String)>,
    form: Form,
    organisations: Vec<Choice>,
    roles: Vec<Choice>,
}

async fn users_page(state: &AppState, viewer: &Viewer, form: Form) -> Result<Html<String>, WebError> {
    let organisations = state.store.organisations().await?;
    let names = organisation_names(&organisations);
    let users = state
        .store
        .users(&viewer.actor)
        .await?
        .into_iter()
        .map(|u| {
            let org = names.get(&u.org).cloned().unwrap_or_default();
            (u, org)
        })
        .collect();
    render(&UsersPage {
        chrome: Chrome::new(viewer, "users-title", "/admin/users"),
        users,
        form,
        organisations: organisation_choices(&organisations),
        roles: code_choices(viewer.tr, "role", Role::ALL.iter().map(|r| r.code())),
    })
}

pub(crate) async fn users(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
) -> Result<Html<String>, WebError> {
    users_page(&state, &viewer, Form::default()).await
}

/// The account form's fields, named as the domain names them.
const USER_FIELDS: &[&str] = &["username", "display_name", "roles", "org"];

/// A new account, with a first password the administrator hands over in person.
#[tracing::instrument(skip_all)]
pub(crate) async fn create_user(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    axum::Form(fields): Fields,
) -> Result<Response, WebError> {
    let tr = viewer.tr;
    let mut form = Form::new(fields);
    let org = form.code(tr, "org", parse_org);
    let roles = form.codes(tr, "roles", Role::parse);
    let input = NewUser {
        org: org.unwrap_or_else(|| OrgId(Uuid::nil())),
        username: form.value("username").trim().to_owned(),
        display_name: form.value("display_name").trim().to_owned(),
        roles,
    };
    let password = form.value("password").to_owned();
    if let Err(problem) = check_password(&password, &input.username) {
        form.absorb(tr, &ValidationErrors::single("password", problem), |_| Some("password"));
    }
    if let Err(errors) = input.validate(haven_store::today()) {
        form.absorb(tr, &errors, same_names(USER_FIELDS));
    }
    if !form.has_errors() {
        let hash = tokio::task::spawn_blocking(move || haven_store::password::hash(&password))
            .await
            .map_err(|_| WebError::new(StatusCode::SERVICE_UNAVAILABLE, "Try again."))??;
        match state.store.create_user(&viewer.actor, &input, &hash).await {
            Ok(_) => return Ok(Redirect::to("/admin/users").into_response()),
            Err(StoreError::Invalid(errors)) => form.absorb(tr, &errors, same_names(USER_FIELDS)),
            Err(other) => return Err(other.into()),
        }
    }
    // The password is never shown again, even to the one who typed it.
    let form = form.without("password");
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        users_page(&state, &viewer, form).await?,
    )
        .into_response())
}

/// Deactivate or reactivate an account, or reset its second factor: the button says which.
#[tracing::instrument(skip_all)]
pub(crate) async fn change_user(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<Uuid>,
    axum::Form(fields): Fields,
) -> Result<Response, WebError> {
    let tr = viewer.tr;
    let mut form = Form::new(fields);
    let version = form.version(tr);
    let Some(version) = version else {
        return Err(WebError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "version: a value is required",
        ));
    };
    let id = UserId(id);
    let done = match form.value("action") {
        "deactivate" => state.store.set_user_active(&viewer.actor, id, version, false).await,
        "activate" => state.store.set_user_active(&viewer.actor, id, version, true).await,
        "reset_second_factor" => state.store.reset_second_factor(&viewer.actor, id, version).await,
        _ => {
            return Err(WebError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "action: choose deactivate, activate or reset_second_factor",
            ));
        }
    };
    match done {
        Ok(_) => Ok(Redirect::to("/admin/users").into_response()),
        Err(StoreError::Conflict { .. }) => Err(WebError::new(StatusCode::CONFLICT, tr.t("conflict"))),
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "organisations.html")]
struct OrganisationsPage {
    chrome: Chrome,
    organisations: Vec<(Organisation, String)>,
    form: Form,
    parents: Vec<Choice>,
    kinds: Vec<Choice>,
    regions: Vec<Choice>,
}

pub(crate) async fn organisations(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
) -> Result<Html<String>, WebError> {
    organisations_page(&state, &viewer, Form::default()).await
}

async fn organisations_page(state: &AppState, viewer: &Viewer, form: Form) -> Result<Html<String>, WebError> {
    let organisations = state.store.organisations().await?;
    let parents = organisation_choices(&organisations);
    let names = organisation_names(&organisations);
    let organisations = organisations
        .into_iter()
        .map(|o| {
            let parent = o.parent.and_then(|p| names.get(&p).cloned()).unwrap_or_default();
            (o, parent)
        })
        .collect();
    render(&OrganisationsPage {
        chrome: Chrome::new(viewer, "organisations-title", "/admin/organisations"),
        organisations,
        form,
        parents,
        kinds: code_choices(viewer.tr, "org-kind", OrgKind::ALL.iter().map(|k| k.code())),
        regions: code_choices(viewer.tr, "region", Region::ALL.iter().map(|r| r.code())),
    })
}

/// The organisation form's fields, named as the domain names them.
const ORGANISATION_FIELDS: &[&str] = &["name", "short_name", "parent", "kind", "region"];

#[tracing::instrument(skip_all)]
pub(crate) async fn create_organisation(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    axum::Form(fields): Fields,
) -> Result<Response, WebError> {
    let tr = viewer.tr;
    let mut form = Form::new(fields);
    let parent = form.optional_code(tr, "parent", parse_org);
    let kind = form.code(tr, "kind", OrgKind::parse);
    let region = form.optional_code(tr, "region", Region::parse);
    if let (Ok(parent), Some(kind), Ok(region), false) = (parent, kind, region, form.has_errors()) {
        let input = OrganisationInput {
            parent,
            name: form.value("name").trim().to_owned(),
            short_name: form.optional_text("short_name"),
            kind,
            region,
        };
        match state.store.create_organisation(&viewer.actor, &input).await {
            Ok(_) => return Ok(Redirect::to("/admin/organisations").into_response()),
            Err(StoreError::Invalid(errors)) => form.absorb(tr, &errors, same_names(ORGANISATION_FIELDS)),
            Err(other) => return Err(other.into()),
        }
    }
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        organisations_page(&state, &viewer, form).await?,
    )
        .into_response())
}
