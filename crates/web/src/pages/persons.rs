//! Finding a person and the person page: every case the user may open, of every kind, on
//! one timeline. Reading a name is an audited act of the store; where the rules hide the
//! identity, the page says so instead of showing it.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use haven_domain::case::Case;
use haven_domain::event::Event;
use haven_domain::ids::PersonId;
use haven_domain::person::{Identity, Person};
use haven_store::CaseFilter;
use serde::Deserialize;
use uuid::Uuid;

use super::{Chrome, render, unless_denied};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;

/// A person with the identity the viewer may read, if any.
pub(crate) struct Found {
    pub person: Person,
    pub identity: Option<Identity>,
}

impl Found {
    /// The first recorded spelling, for lists.
    pub fn name(&self) -> Option<String> {
        let name = self.identity.as_ref()?.names.first()?;
        Some(format!("{} {}", name.family, name.given))
    }
}

/// The identity if the rules open it; `None` where they do not.
pub(crate) async fn identity_if_allowed(
    state: &AppState,
    viewer: &Viewer,
    person: PersonId,
) -> Result<Option<Identity>, WebError> {
    unless_denied(state.store.read_identity(&viewer.actor, person).await)
}

#[derive(Template)]
#[template(path = "persons.html")]
struct SearchPage {
    chrome: Chrome,
    query: String,
    results: Option<Vec<Found>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// Longest query accepted: a name or a document number is never longer.
const MAX_QUERY_CHARS: usize = 200;

#[tracing::instrument(skip_all)]
pub(crate) async fn search(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Query(query): Query<SearchQuery>,
) -> Result<Html<String>, WebError> {
    let q = query.q.trim();
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(WebError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            format!("A search has at most {MAX_QUERY_CHARS} characters."),
        ));
    }
    let results = if q.is_empty() {
        None
    } else {
        let mut persons = state.store.find_by_document(&viewer.actor, q).await?;
        for person in state.store.find_by_name(&viewer.actor, q).await? {
            if !persons.iter().any(|p| p.id == person.id) {
                persons.push(person);
            }
        }
        let mut found = Vec::with_capacity(persons.len());
        for person in persons {
            let identity = identity_if_allowed(&state, &viewer, person.id).await?;
            found.push(Found { person, identity });
        }
        Some(found)
    };
    render(&SearchPage {
        chrome: Chrome::new(&viewer, "persons-title", "/persons"),
        query: q.to_owned(),
        results,
    })
}

#[derive(Template)]
#[template(path = "person.html")]
struct PersonPage {
    chrome: Chrome,
    found: Found,
    cases: Vec<Case>,
    /// Every event of every case the viewer may open, in the order things happened, with
    /// the reference of its case.
    timeline: Vec<(Event, String)>,
    /// The kinds of case the viewer may open for this person on screen.
    new_kinds: Vec<(String, String)>,
}

#[tracing::instrument(skip_all)]
pub(crate) async fn page(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<Uuid>,
) -> Result<Html<String>, WebError> {
    let id = PersonId(id);
    let person = state.store.person(&viewer.actor, id).await?;
    let identity = identity_if_allowed(&state, &viewer, id).await?;
    let filter = CaseFilter {
        person: Some(id),
        limit: 1000,
        ..CaseFilter::default()
    };
    let cases = state.store.cases(&viewer.actor, &filter).await?;
    let mut timeline = Vec::new();
    for case in &cases {
        // A case listed may still keep its events section from this viewer.
        if let Some(events) = unless_denied(state.store.timeline(&viewer.actor, case.id).await)? {
            timeline.extend(events.into_iter().map(|e| (e, case.reference.clone())));
        }
    }
    timeline.sort_by(|(a, _), (b, _)| {
        a.occurred_on
            .cmp(&b.occurred_on)
            .then(a.recorded_at.cmp(&b.recorded_at))
    });
    let new_kinds = haven_domain::case::CaseKind::ALL
        .iter()
        .filter(|k| {
            viewer.actor.may(haven_domain::access::Permission::WriteCase(**k))
                && super::records::fields_of(**k).is_some()
        })
        .map(|k| (k.code().to_owned(), viewer.tr.value("case-kind", k.code())))
        .collect();
    render(&PersonPage {
        new_kinds,
        chrome: Chrome::new(&viewer, "person-title", format!("/persons/{}", id.0)),
        found: Found { person, identity },
        cases,
        timeline,
    })
}
