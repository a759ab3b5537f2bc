//! Finding a person and the person page: every case the user may open, of every kind, on
//! one timeline. Reading a name is an audited act of the store; where the rules hide the
//! identity, the page says so instead of showing it.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use haven_domain::case::Case;
use haven_domain::country::CountryCode;
use haven_domain::date::PartialDate;
use haven_domain::event::Event;
use haven_domain::ids::PersonId;
use haven_domain::person::{
    DocumentKind, Identity, IdentityDocument, NameSource, NameVariant, NewPerson, Person, Script, Sex,
};
use haven_store::{CaseFilter, StoreError};
use serde::Deserialize;
use uuid::Uuid;

use super::{Choice, Chrome, code_choices, country_choices, render, unless_denied};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;
use crate::forms::{Fields, Form};

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
            // Calls are logged on the hotline screen, mostly without a person.
            viewer.actor.may(haven_domain::access::Permission::WriteCase(**k))
                && **k != haven_domain::case::CaseKind::Hotline
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

#[derive(Template)]
#[template(path = "person_new.html")]
struct NewPersonPage {
    chrome: Chrome,
    form: Form,
    sexes: Vec<Choice>,
    scripts: Vec<Choice>,
    sources: Vec<Choice>,
    documents: Vec<Choice>,
    countries: Vec<Choice>,
}

fn new_person_page(viewer: &Viewer, form: Form) -> Result<Html<String>, WebError> {
    let tr = viewer.tr;
    render(&NewPersonPage {
        chrome: Chrome::new(viewer, "person-new-title", "/persons/new"),
        form,
        sexes: code_choices(tr, "sex", Sex::ALL.iter().map(|c| c.code())),
        scripts: code_choices(tr, "script", Script::ALL.iter().map(|c| c.code())),
        sources: code_choices(tr, "name-source", NameSource::ALL.iter().map(|c| c.code())),
        documents: code_choices(tr, "document", DocumentKind::ALL.iter().map(|c| c.code())),
        countries: country_choices(tr),
    })
}

#[derive(Debug, Deserialize)]
pub(crate) struct LikelyQuery {
    #[serde(default)]
    family: String,
    #[serde(default)]
    given: String,
    #[serde(default)]
    patronymic: String,
}

#[derive(Template)]
#[template(path = "likely.html")]
struct LikelyPersons {
    chrome: Chrome,
    found: Vec<Person>,
}

/// Persons already registered under the name being typed, in any spelling or script, shown
/// beside the registration form as it is filled in (htmx) so that nobody is registered twice.
/// Only codes, sex and year of birth: nothing identifying is decrypted for a hint.
#[tracing::instrument(skip_all)]
pub(crate) async fn likely(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Query(query): Query<LikelyQuery>,
) -> Result<Html<String>, WebError> {
    let name: String = [query.given, query.patronymic, query.family]
        .iter()
        .map(|part| part.trim())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect();
    // A family name alone matches too many people to be a useful hint.
    let found = if name.split_whitespace().count() < 2 {
        Vec::new()
    } else {
        state.store.find_by_name(&viewer.actor, &name).await?
    };
    render(&LikelyPersons {
        chrome: Chrome::new(&viewer, "person-new-title", "/persons/new"),
        found,
    })
}

pub(crate) async fn new_form(Extension(viewer): Extension<Viewer>) -> Result<Html<String>, WebError> {
    new_person_page(&viewer, Form::default())
}

/// Where the domain's paths show on the registration form.
fn person_field(path: &str) -> Option<&'static str> {
    match path {
        "identity.names[0].given" => Some("given"),
        "identity.names[0].family" => Some("family"),
        "identity.names[0].patronymic" => Some("patronymic"),
        "identity.names[1].given" => Some("other_given"),
        "identity.names[1].family" => Some("other_family"),
        "identity.birth_date" => Some("birth_date"),
        "identity.documents[0].number" => Some("document_number"),
        "citizenships" => Some("citizenships"),
        _ => None,
    }
}

/// One spelling of the name, from the form's fields with this prefix; `None` when left empty.
fn name_variant(
    tr: crate::i18n::Tr,
    form: &mut Form,
    prefix: &str,
    org: haven_domain::ids::OrgId,
) -> Option<NameVariant> {
    let given = form.value(&format!("{prefix}given")).trim().to_owned();
    let family = form.value(&format!("{prefix}family")).trim().to_owned();
    if prefix.starts_with("other") && given.is_empty() && family.is_empty() {
        return None;
    }
    let script = form.code(tr, &format!("{prefix}script"), Script::parse);
    let source = form.code(tr, &format!("{prefix}source"), NameSource::parse);
    Some(NameVariant {
        script: script?,
        source: source?,
        recorded_by: Some(org),
        given,
        family,
        patronymic: form.optional_text(&format!("{prefix}patronymic")),
    })
}

/// Register a person: one or two spellings of the name, sex, citizenships, a partial date of
/// birth and one document. More spellings and documents are added on the person's page.
#[tracing::instrument(skip_all)]
pub(crate) async fn create(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    axum::Form(fields): Fields,
) -> Result<Response, WebError> {
    let tr = viewer.tr;
    let org = viewer.user.org;
    let mut form = Form::new(fields);
    let sex = form.code(tr, "sex", Sex::parse);
    let citizenships = form.codes(tr, "citizenships", CountryCode::parse);
    let birth_date = form
        .optional_code(tr, "birth_date", str::parse::<PartialDate>)
        .ok()
        .flatten();
    let first = name_variant(tr, &mut form, "", org);
    let other = name_variant(tr, &mut form, "other_", org);
    let document = match form.optional_code(tr, "document_kind", DocumentKind::parse) {
        Ok(Some(kind)) => {
            let country = form.code(tr, "document_country", CountryCode::parse);
            country.map(|issuing_country| IdentityDocument {
                kind,
                issuing_country,
                number: form.value("document_number").trim().to_owned(),
                valid_until: None,
            })
        }
        _ => None,
    };
    if let (Some(sex), Some(first), false) = (sex, first, form.has_errors()) {
        let input = NewPerson {
            sex,
            citizenships,
            identity: Identity {
                names: std::iter::once(first).chain(other).collect(),
                birth_date,
                documents: document.into_iter().collect(),
                contacts: Vec::new(),
            },
        };
        match state.store.create_person(&viewer.actor, &input).await {
            Ok(person) => return Ok(Redirect::to(&format!("/persons/{}", person.id.0)).into_response()),
            Err(StoreError::Invalid(errors)) => form.absorb(tr, &errors, person_field),
            Err(other) => return Err(other.into()),
        }
    }
    Ok((StatusCode::UNPROCESSABLE_ENTITY, new_person_page(&viewer, form)?).into_response())
}
