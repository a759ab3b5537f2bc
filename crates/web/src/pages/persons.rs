//! Finding a person and the person page: every case the user may open, of every kind, on
//! one timeline. Reading a name is an audited act of the store; where the rules hide the
//! identity, the page says so instead of showing it.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use futures_util::future::try_join_all;
use haven_domain::Problem;
use haven_domain::case::Case;
use haven_domain::country::CountryCode;
use haven_domain::date::PartialDate;
use haven_domain::event::Event;
use haven_domain::ids::PersonId;
use haven_domain::person::{
    Contact, ContactKind, DocumentKind, Identity, IdentityDocument, NameSource, NameVariant, NewPerson, Person, Script,
    Sex,
};
use haven_store::{Page, StoreError};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
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
    /// More persons match than [`SEARCH_SHOWN`], the first of which are listed.
    more: bool,
}

/// The most persons a search lists, each identity read (and audited) to show the name: a
/// search for a common family name should be narrowed, not leafed through.
const SEARCH_SHOWN: usize = 50;

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
    let mut more = false;
    let results = if q.is_empty() {
        None
    } else {
        // One more than is shown, to know whether more match.
        let page = Page::first(SEARCH_SHOWN as i64 + 1);
        let mut persons = state.store.find_by_document(&viewer.actor, q, page).await?;
        for person in state.store.find_by_name(&viewer.actor, q, page).await? {
            if !persons.iter().any(|p| p.id == person.id) {
                persons.push(person);
            }
        }
        more = persons.len() > SEARCH_SHOWN;
        persons.truncate(SEARCH_SHOWN);
        // Read together, the identities' audit entries are committed together (the store
        // groups the reads under way into one commit); one after another, each waited for a
        // disk flush of its own.
        let identities = try_join_all(
            persons
                .iter()
                .map(|person| identity_if_allowed(&state, &viewer, person.id)),
        )
        .await?;
        Some(
            persons
                .into_iter()
                .zip(identities)
                .map(|(person, identity)| Found { person, identity })
                .collect(),
        )
    };
    render(&SearchPage {
        chrome: Chrome::new(&viewer, "persons-title", "/persons"),
        query: q.to_owned(),
        results,
        more,
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
    /// Whether the viewer may correct the identity shown.
    may_edit: bool,
    /// The record this one is shown as, if it was merged into another.
    shown_as: Option<Person>,
    /// The records merged into this one that the viewer may see.
    merged: Vec<Person>,
    /// The linkage decisions about this record the viewer may undo.
    lines: Vec<super::linkage::PairLine>,
}

#[tracing::instrument(skip_all)]
pub(crate) async fn page(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<Uuid>,
) -> Result<Html<String>, WebError> {
    let id = PersonId(id);
    let file = state.store.person_file(&viewer.actor, id).await?;
    let reference_of: HashMap<_, _> = file
        .cases
        .iter()
        .map(|case| (case.id, case.reference.clone()))
        .collect();
    let timeline = file
        .timeline
        .into_iter()
        .map(|event| {
            let reference = reference_of.get(&event.case).cloned().unwrap_or_default();
            (event, reference)
        })
        .collect();
    let new_kinds = haven_domain::case::CaseKind::ALL
        .iter()
        .filter(|k| {
            // Calls are logged on the hotline screen, mostly without a person.
            viewer.actor.may(haven_domain::access::Permission::WriteCase(**k))
                && **k != haven_domain::case::CaseKind::Hotline
        })
        .map(|k| (k.code().to_owned(), viewer.tr.value("case-kind", k.code())))
        .collect();
    let may_edit = file.identity.is_some() && viewer.actor.may(haven_domain::access::Permission::WriteIdentity);
    let lines = if viewer.actor.may(haven_domain::access::Permission::LinkPersons) {
        let decided = unless_denied(state.store.decided_pairs(&viewer.actor, Some(id), 50).await)?;
        super::linkage::pair_lines(&state, &viewer, decided.unwrap_or_default()).await?
    } else {
        Vec::new()
    };
    render(&PersonPage {
        new_kinds,
        may_edit,
        shown_as: file.shown_as,
        merged: file.merged,
        lines,
        chrome: Chrome::new(&viewer, "person-title", format!("/persons/{}", id.0)),
        found: Found {
            person: file.person,
            identity: file.identity,
        },
        cases: file.cases,
        timeline,
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
        state
            .store
            .find_by_name(&viewer.actor, &name, Page::first(SEARCH_SHOWN as i64))
            .await?
    };
    render(&LikelyPersons {
        chrome: Chrome::new(&viewer, "person-new-title", "/persons/new"),
        found,
    })
}

/// The field names of one spelling of the name on the form: the first has none of a prefix,
/// the second `other_` (as the registration form always had), any further `name{i}_`.
fn name_prefix(i: usize) -> String {
    match i {
        0 => String::new(),
        1 => "other_".to_owned(),
        i => format!("name{i}_"),
    }
}

fn document_prefix(i: usize) -> String {
    if i == 0 {
        "document_".to_owned()
    } else {
        format!("document{i}_")
    }
}

fn contact_prefix(i: usize) -> String {
    if i == 0 {
        "contact_".to_owned()
    } else {
        format!("contact{i}_")
    }
}

/// At most this many rows of each list are read from a form.
const MAX_ROWS: usize = 50;

/// The field names of one spelling on the form.
pub(crate) struct NameRow {
    /// The first spelling of a new registration looks up persons already registered.
    likely: bool,
    family: String,
    given: String,
    patronymic: String,
    script: String,
    source: String,
}

pub(crate) struct DocumentRow {
    kind: String,
    country: String,
    number: String,
}

pub(crate) struct ContactRow {
    kind: String,
    value: String,
}

/// How many rows of each list the form shows.
#[derive(Debug, Clone, Copy)]
struct Rows {
    names: usize,
    documents: usize,
    contacts: usize,
}

impl Rows {
    /// The rows a submitted form had (fields present, even empty).
    fn posted(form: &Form) -> Self {
        let count = |key: &dyn Fn(usize) -> String| (0..MAX_ROWS).take_while(|i| form.has(&key(*i))).count();
        Rows {
            names: count(&|i| format!("{}family", name_prefix(i))),
            documents: count(&|i| format!("{}kind", document_prefix(i))),
            contacts: count(&|i| format!("{}kind", contact_prefix(i))),
        }
    }

    fn at_least(self, other: Rows) -> Self {
        Rows {
            names: self.names.max(other.names),
            documents: self.documents.max(other.documents),
            contacts: self.contacts.max(other.contacts),
        }
    }
}

/// What a registration form starts with: two spellings, one document, one contact.
const NEW_ROWS: Rows = Rows {
    names: 2,
    documents: 1,
    contacts: 1,
};

/// What is stored now, by field, where a conflicting save found it changed.
pub(crate) struct StoredNow(HashMap<String, String>);

impl StoredNow {
    pub fn get(&self, field: impl AsRef<str>) -> Option<&str> {
        self.0.get(field.as_ref()).map(String::as_str)
    }
}

#[derive(Template)]
#[template(path = "person_form.html")]
struct PersonFormPage {
    chrome: Chrome,
    form: Form,
    /// The edit form of a registered person (otherwise a registration).
    editing: bool,
    action: String,
    back: String,
    names: Vec<NameRow>,
    document_rows: Vec<DocumentRow>,
    contact_rows: Vec<ContactRow>,
    /// What is stored now, by field, where a conflicting save found it changed.
    stored: StoredNow,
    sexes: Vec<Choice>,
    scripts: Vec<Choice>,
    sources: Vec<Choice>,
    documents: Vec<Choice>,
    contacts: Vec<Choice>,
    countries: Vec<Choice>,
}

/// The registration form (`editing` is `None`) or the edit form of a person.
fn person_form_page(
    viewer: &Viewer,
    form: Form,
    rows: Rows,
    editing: Option<PersonId>,
    stored: HashMap<String, String>,
) -> Result<Html<String>, WebError> {
    let tr = viewer.tr;
    let (title, action, back) = match editing {
        Some(id) => (
            "person-edit-title",
            format!("/persons/{}/edit", id.0),
            format!("/persons/{}", id.0),
        ),
        None => ("person-new-title", "/persons".to_owned(), "/persons".to_owned()),
    };
    let chrome_path = match editing {
        Some(_) => action.clone(),
        None => "/persons/new".to_owned(),
    };
    render(&PersonFormPage {
        chrome: Chrome::new(viewer, title, chrome_path),
        form,
        editing: editing.is_some(),
        action,
        back,
        names: (0..rows.names)
            .map(|i| {
                let p = name_prefix(i);
                NameRow {
                    likely: i == 0 && editing.is_none(),
                    family: format!("{p}family"),
                    given: format!("{p}given"),
                    patronymic: format!("{p}patronymic"),
                    script: format!("{p}script"),
                    source: format!("{p}source"),
                }
            })
            .collect(),
        document_rows: (0..rows.documents)
            .map(|i| {
                let p = document_prefix(i);
                DocumentRow {
                    kind: format!("{p}kind"),
                    country: format!("{p}country"),
                    number: format!("{p}number"),
                }
            })
            .collect(),
        contact_rows: (0..rows.contacts)
            .map(|i| {
                let p = contact_prefix(i);
                ContactRow {
                    kind: format!("{p}kind"),
                    value: format!("{p}value"),
                }
            })
            .collect(),
        stored: StoredNow(stored),
        sexes: code_choices(tr, "sex", Sex::ALL.iter().map(|c| c.code())),
        scripts: code_choices(tr, "script", Script::ALL.iter().map(|c| c.code())),
        sources: code_choices(tr, "name-source", NameSource::ALL.iter().map(|c| c.code())),
        documents: code_choices(tr, "document", DocumentKind::ALL.iter().map(|c| c.code())),
        contacts: code_choices(tr, "contact", ContactKind::ALL.iter().map(|c| c.code())),
        countries: country_choices(tr),
    })
}

pub(crate) async fn new_form(Extension(viewer): Extension<Viewer>) -> Result<Html<String>, WebError> {
    person_form_page(&viewer, Form::default(), NEW_ROWS, None, HashMap::new())
}

/// A person as the form's fields: what the edit form opens with, and what a conflict compares.
fn person_fields(input: &NewPerson) -> Vec<(String, String)> {
    let mut pairs = vec![("sex".to_owned(), input.sex.code().to_owned())];
    for country in &input.citizenships {
        pairs.push(("citizenships".to_owned(), country.as_str().to_owned()));
    }
    let identity = &input.identity;
    if let Some(born) = identity.birth_date {
        pairs.push(("birth_date".to_owned(), born.to_string()));
    }
    for (i, name) in identity.names.iter().enumerate() {
        let p = name_prefix(i);
        pairs.push((format!("{p}family"), name.family.clone()));
        pairs.push((format!("{p}given"), name.given.clone()));
        pairs.push((format!("{p}patronymic"), name.patronymic.clone().unwrap_or_default()));
        pairs.push((format!("{p}script"), name.script.code().to_owned()));
        pairs.push((format!("{p}source"), name.source.code().to_owned()));
    }
    for (i, doc) in identity.documents.iter().enumerate() {
        let p = document_prefix(i);
        pairs.push((format!("{p}kind"), doc.kind.code().to_owned()));
        pairs.push((format!("{p}country"), doc.issuing_country.as_str().to_owned()));
        pairs.push((format!("{p}number"), doc.number.clone()));
    }
    for (i, contact) in identity.contacts.iter().enumerate() {
        let p = contact_prefix(i);
        pairs.push((format!("{p}kind"), contact.kind.code().to_owned()));
        pairs.push((format!("{p}value"), contact.value.clone()));
    }
    pairs
}

/// The fields whose stored value differs from what was typed, with the stored value as shown
/// (`—` where the stored person has nothing there).
fn changed_fields(stored: &NewPerson, typed: &NewPerson) -> HashMap<String, String> {
    let by_field = |input: &NewPerson| {
        let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (field, value) in person_fields(input) {
            fields.entry(field).or_default().push(value);
        }
        fields
            .into_iter()
            .map(|(field, values)| (field, values.join(", ")))
            .filter(|(_, value)| !value.is_empty())
            .collect::<BTreeMap<_, _>>()
    };
    let (now, typed) = (by_field(stored), by_field(typed));
    now.keys()
        .chain(typed.keys())
        .filter(|field| now.get(*field) != typed.get(*field))
        .map(|field| (field.clone(), now.get(field).cloned().unwrap_or_else(|| "—".to_owned())))
        .collect()
}

/// One spelling of the name, from the form's fields with this prefix; `None` when a further
/// spelling is left empty.
fn name_variant(
    tr: crate::i18n::Tr,
    form: &mut Form,
    prefix: &str,
    org: haven_domain::ids::OrgId,
) -> Option<NameVariant> {
    let given = form.value(&format!("{prefix}given")).trim().to_owned();
    let family = form.value(&format!("{prefix}family")).trim().to_owned();
    let patronymic = form.optional_text(&format!("{prefix}patronymic"));
    if !prefix.is_empty() && given.is_empty() && family.is_empty() && patronymic.is_none() {
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
        patronymic,
    })
}

/// A person as typed, and for each list the form row each entry came from (the domain's
/// refusals name entries by their place in the list).
struct Typed {
    input: Option<NewPerson>,
    name_rows: Vec<usize>,
    document_rows: Vec<usize>,
    contact_rows: Vec<usize>,
}

/// Read a registration or edit form: spellings, sex, citizenships, a partial date of birth,
/// documents and contacts. Rows left empty are skipped.
fn read_person(viewer: &Viewer, form: &mut Form) -> Typed {
    let tr = viewer.tr;
    let org = viewer.user.org;
    let rows = Rows::posted(form).at_least(Rows {
        names: 1,
        documents: 0,
        contacts: 0,
    });
    let sex = form.code(tr, "sex", Sex::parse);
    let citizenships = form.codes(tr, "citizenships", CountryCode::parse);
    let birth_date = form
        .optional_code(tr, "birth_date", str::parse::<PartialDate>)
        .ok()
        .flatten();
    let (mut names, mut name_rows) = (Vec::new(), Vec::new());
    let mut first_read = true;
    for i in 0..rows.names {
        let prefix = name_prefix(i);
        match name_variant(tr, form, &prefix, org) {
            Some(name) => {
                names.push(name);
                name_rows.push(i);
            }
            None if i == 0 => first_read = false,
            None => {}
        }
    }
    let (mut documents, mut document_rows) = (Vec::new(), Vec::new());
    for i in 0..rows.documents {
        let p = document_prefix(i);
        let number = form.value(&format!("{p}number")).trim().to_owned();
        match form.optional_code(tr, &format!("{p}kind"), DocumentKind::parse) {
            Ok(Some(kind)) => {
                if let Some(issuing_country) = form.code(tr, &format!("{p}country"), CountryCode::parse) {
                    documents.push(IdentityDocument {
                        kind,
                        issuing_country,
                        number,
                        valid_until: None,
                    });
                    document_rows.push(i);
                }
            }
            Ok(None) if !number.is_empty() => form.refuse_field(tr, &format!("{p}kind"), &Problem::Required),
            _ => {}
        }
    }
    let (mut contacts, mut contact_rows) = (Vec::new(), Vec::new());
    for i in 0..rows.contacts {
        let p = contact_prefix(i);
        let value = form.value(&format!("{p}value")).trim().to_owned();
        match form.optional_code(tr, &format!("{p}kind"), ContactKind::parse) {
            Ok(Some(kind)) => {
                contacts.push(Contact { kind, value });
                contact_rows.push(i);
            }
            Ok(None) if !value.is_empty() => form.refuse_field(tr, &format!("{p}kind"), &Problem::Required),
            _ => {}
        }
    }
    let input = match (sex, first_read, form.has_errors()) {
        (Some(sex), true, false) => Some(NewPerson {
            sex,
            citizenships,
            identity: Identity {
                names,
                birth_date,
                documents,
                contacts,
            },
        }),
        _ => None,
    };
    Typed {
        input,
        name_rows,
        document_rows,
        contact_rows,
    }
}

/// Put the domain's refusals beside the fields they name (`identity.names[2].family` beside
/// the third spelling's family name); anything else on the form as a whole.
fn absorb(tr: crate::i18n::Tr, form: &mut Form, typed: &Typed, errors: &haven_domain::ValidationErrors) {
    let row = |rows: &[usize], rest: &str| -> Option<(usize, String)> {
        let (index, field) = rest.split_once("].")?;
        let index: usize = index.parse().ok()?;
        Some((*rows.get(index)?, field.to_owned()))
    };
    for error in &errors.errors {
        let path = error.field.as_str();
        let field = if path.starts_with("citizenships") {
            Some("citizenships".to_owned())
        } else if path == "identity.birth_date" {
            Some("birth_date".to_owned())
        } else if let Some(rest) = path.strip_prefix("identity.names[") {
            row(&typed.name_rows, rest).map(|(i, f)| format!("{}{f}", name_prefix(i)))
        } else if let Some(rest) = path.strip_prefix("identity.documents[") {
            row(&typed.document_rows, rest).map(|(i, f)| format!("{}{f}", document_prefix(i)))
        } else if let Some(rest) = path.strip_prefix("identity.contacts[") {
            row(&typed.contact_rows, rest).map(|(i, f)| format!("{}{f}", contact_prefix(i)))
        } else {
            None
        };
        form.refuse_field(tr, field.as_deref().unwrap_or("_form"), &error.problem);
    }
}

/// Register a person: spellings of the name, sex, citizenships, a partial date of birth, a
/// document and a contact. More are added on the edit form.
#[tracing::instrument(skip_all)]
pub(crate) async fn create(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    axum::Form(fields): Fields,
) -> Result<Response, WebError> {
    let mut form = Form::new(fields);
    let typed = read_person(&viewer, &mut form);
    if let Some(input) = &typed.input {
        match state.store.create_person(&viewer.actor, input).await {
            Ok(person) => return Ok(Redirect::to(&format!("/persons/{}", person.id.0)).into_response()),
            Err(StoreError::Invalid(errors)) => absorb(viewer.tr, &mut form, &typed, &errors),
            Err(other) => return Err(other.into()),
        }
    }
    let rows = Rows::posted(&form).at_least(NEW_ROWS);
    let page = person_form_page(&viewer, form, rows, None, HashMap::new())?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The person as stored now, as the form reads it. Reading the identity is an audited act.
async fn stored_person(state: &AppState, viewer: &Viewer, id: PersonId) -> Result<(Person, NewPerson), WebError> {
    let person = state.store.person(&viewer.actor, id).await?;
    let identity = state.store.read_identity(&viewer.actor, id).await?;
    let input = NewPerson {
        sex: person.sex,
        citizenships: person.citizenships.clone(),
        identity,
    };
    Ok((person, input))
}

/// One more empty row of each list than the person has, to add one.
fn rows_for(input: &NewPerson) -> Rows {
    Rows {
        names: input.identity.names.len() + 1,
        documents: input.identity.documents.len() + 1,
        contacts: input.identity.contacts.len() + 1,
    }
}

/// The edit form of a person's identity, with what is stored now.
#[tracing::instrument(skip_all)]
pub(crate) async fn edit_form(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<Uuid>,
) -> Result<Html<String>, WebError> {
    let id = PersonId(id);
    let (person, stored) = stored_person(&state, &viewer, id).await?;
    let mut pairs = vec![("version".to_owned(), person.version.to_string())];
    pairs.extend(person_fields(&stored));
    person_form_page(&viewer, Form::new(pairs), rows_for(&stored), Some(id), HashMap::new())
}

/// Save a corrected identity with the version the form was opened with. A save over someone
/// else's is refused with their values shown beside the fields they changed, nothing typed lost.
#[tracing::instrument(skip_all)]
pub(crate) async fn update(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<Uuid>,
    axum::Form(fields): Fields,
) -> Result<Response, WebError> {
    let tr = viewer.tr;
    let id = PersonId(id);
    let (person, stored) = stored_person(&state, &viewer, id).await?;
    let mut form = Form::new(fields);
    let version = form.version(tr);
    let typed = read_person(&viewer, &mut form);
    let mut changed_meanwhile = HashMap::new();
    if let (Some(mut input), Some(version)) = (typed.input.clone(), version) {
        keep_provenance(&mut input, &stored);
        match state.store.update_person(&viewer.actor, id, version, &input).await {
            Ok(_) => return Ok(Redirect::to(&format!("/persons/{}", id.0)).into_response()),
            Err(StoreError::Invalid(errors)) => absorb(tr, &mut form, &typed, &errors),
            Err(StoreError::Conflict { .. }) => {
                // Show, beside each field, what is stored now where it differs from what was
                // typed; keep what was typed; the next save (from this page) is deliberate.
                changed_meanwhile = changed_fields(&stored, &input);
                form = form.with("version", &person.version.to_string());
                form.refuse_form(tr.t("conflict-person"));
            }
            Err(other) => return Err(other.into()),
        }
    }
    let rows = Rows::posted(&form).at_least(Rows {
        names: stored.identity.names.len(),
        documents: stored.identity.documents.len(),
        contacts: stored.identity.contacts.len(),
    });
    let status = if changed_meanwhile.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::CONFLICT
    };
    let page = person_form_page(&viewer, form, rows, Some(id), changed_meanwhile)?;
    Ok((status, page).into_response())
}

/// What the form does not show is kept as stored: the organisation that recorded a spelling
/// left as it was, and a document's expiry while its number stays.
fn keep_provenance(input: &mut NewPerson, stored: &NewPerson) {
    for name in &mut input.identity.names {
        if let Some(same) = stored.identity.names.iter().find(|s| {
            s.family == name.family
                && s.given == name.given
                && s.patronymic == name.patronymic
                && s.script == name.script
                && s.source == name.source
        }) {
            name.recorded_by = same.recorded_by;
        }
    }
    for doc in &mut input.identity.documents {
        if let Some(same) = stored
            .identity
            .documents
            .iter()
            .find(|s| s.kind == doc.kind && s.issuing_country == doc.issuing_country && s.number == doc.number)
        {
            doc.valid_until = same.valid_until;
        }
    }
}
