//! Administration: organisations and user accounts. Administrators manage accounts; they do
//! not read case content.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::Html;
use haven_domain::org::Organisation;
use haven_domain::user::User;

use super::{Chrome, all_organisation_names, organisation_names, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    chrome: Chrome,
    users: Vec<(User, String)>,
}

pub(crate) async fn users(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
) -> Result<Html<String>, WebError> {
    let names = all_organisation_names(&state).await?;
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
        chrome: Chrome::new(&viewer, "users-title", "/admin/users"),
        users,
    })
}

#[derive(Template)]
#[template(path = "organisations.html")]
struct OrganisationsPage {
    chrome: Chrome,
    organisations: Vec<(Organisation, String)>,
}

pub(crate) async fn organisations(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
) -> Result<Html<String>, WebError> {
    let organisations = state.store.organisations().await?;
    let names = organisation_names(&organisations);
    let organisations = organisations
        .into_iter()
        .map(|o| {
            let parent = o.parent.and_then(|p| names.get(&p).cloned()).unwrap_or_default();
            (o, parent)
        })
        .collect();
    render(&OrganisationsPage {
        chrome: Chrome::new(&viewer, "organisations-title", "/admin/organisations"),
        organisations,
    })
}
