//! The records of the response that are about no one in particular, on screen: prevention
//! activities, trainings, funding allocations and cooperation. Each kind is a [`Kind`] (its
//! fields, its list's columns, its store calls and its place under `/activities`), and one
//! set of handlers serves them all: the latest records of the user's organisation, and a
//! form to record or correct one, drawn and read by the same field lists as case forms
//! ([`super::records`]). A correction saved from a stale version is refused with the stored
//! values shown beside the fields that changed, as on case forms.

use std::collections::HashMap;

use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use haven_domain::access::{Actor, Permission};
use haven_domain::cooperation::{Cooperation, CooperationInput, CooperationKind};
use haven_domain::country::CountryCode;
use haven_domain::funding::{Funding, FundingInput, FundingPurpose, FundingSource};
use haven_domain::ids::{CooperationId, FundingId, PreventionId, TrainingId};
use haven_domain::money::{Currency, ExchangeRate};
use haven_domain::org::Region;
use haven_domain::prevention::{PreventionActivity, PreventionInput, PreventionKind, PreventionTopic};
use haven_domain::training::{Training, TrainingInput};
use haven_store::{Page, Store, StoreError};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use uuid::Uuid;

use super::records::{
    Field, Input, Spec, changed_fields, field, field_named, form_of, major_units, read_into, render_form,
};
use super::{Chrome, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;
use crate::forms::{Fields, Form};
use crate::i18n::Tr;

/// How many records a list shows.
const LIST_LENGTH: i64 = 100;

/// A column of a kind's list: the message naming it, and whether it holds numbers.
pub(crate) struct Column {
    pub label: &'static str,
    pub numeric: bool,
}

const fn column(label: &'static str) -> Column {
    Column { label, numeric: false }
}

const fn number(label: &'static str) -> Column {
    Column { label, numeric: true }
}

/// A kind of activity record as the screens show it.
#[async_trait::async_trait]
pub(crate) trait Kind: Send + Sync + 'static {
    /// What the form reads and the store writes.
    type Input: Serialize + DeserializeOwned + Send + Sync;
    /// A stored record, as the list shows it.
    type Record: Send;
    /// Its part of the path: `/activities/{SLUG}/new`; also the list table's id.
    const SLUG: &'static str;
    /// Where its list is.
    const LIST: &'static str;
    /// Messages: the list page's title, its heading, the line for an empty list, and the
    /// titles of the new and the edit forms.
    const PAGE: &'static str;
    const HEADING: &'static str;
    const NONE: &'static str;
    const NEW: &'static str;
    const EDIT: &'static str;
    const FIELDS: &'static [Field];
    const COLUMNS: &'static [Column];

    /// The record a new one starts from (the user's organisation, today).
    fn blank(viewer: &Viewer) -> Value;
    /// A record's id and its cells, in the order of [`Self::COLUMNS`].
    fn row(tr: Tr, record: &Self::Record) -> (Uuid, Vec<String>);
    async fn recent(store: &dyn Store, actor: &Actor) -> Result<Vec<Self::Record>, StoreError>;
    async fn create(store: &dyn Store, actor: &Actor, input: &Self::Input) -> Result<(), StoreError>;
    /// The record as stored, as the form's fields read it, and its version.
    async fn stored(store: &dyn Store, actor: &Actor, id: Uuid) -> Result<(Value, i64), StoreError>;
    async fn update(
        store: &dyn Store,
        actor: &Actor,
        id: Uuid,
        version: i64,
        input: &Self::Input,
    ) -> Result<(), StoreError>;
}

macro_rules! codes {
    ($list:ty) => {
        || <$list>::ALL.iter().map(|c| c.code()).collect()
    };
}

/// A record's input as the form's fields read it.
fn as_value(input: &impl Serialize) -> Value {
    serde_json::to_value(input).unwrap_or_default()
}

fn date_text(date: chrono::NaiveDate) -> String {
    date.to_string()
}

/// A country named in the user's language.
fn country_name(tr: Tr, country: CountryCode) -> String {
    let info = country.info();
    match tr.lang {
        haven_report::Lang::Ru => info.name_ru,
        haven_report::Lang::Be => info.name_be,
        haven_report::Lang::En => info.name_en,
    }
    .to_owned()
}

pub(crate) struct Prevention;

#[async_trait::async_trait]
impl Kind for Prevention {
    type Input = PreventionInput;
    type Record = PreventionActivity;
    const SLUG: &'static str = "prevention";
    const LIST: &'static str = "/activities";
    const PAGE: &'static str = "activities-title";
    const HEADING: &'static str = "prevention-title";
    const NONE: &'static str = "prevention-none";
    const NEW: &'static str = "prevention-new";
    const EDIT: &'static str = "prevention-edit";
    const FIELDS: &'static [Field] = &[
        field(
            "kind",
            Input::Code {
                list: "prevention-kind",
                codes: codes!(PreventionKind),
            },
        ),
        field(
            "topic",
            Input::Code {
                list: "prevention-topic",
                codes: codes!(PreventionTopic),
            },
        ),
        field("title", Input::Text),
        field("held_on", Input::Date),
        field(
            "region",
            Input::OptionalCode {
                list: "region",
                codes: codes!(Region),
            },
        ),
        field("audience", Input::OptionalCount),
    ];
    const COLUMNS: &'static [Column] = &[
        column("field-held-on"),
        column("field-title"),
        column("field-kind"),
        column("field-topic"),
        number("field-audience"),
    ];

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

    fn row(tr: Tr, a: &PreventionActivity) -> (Uuid, Vec<String>) {
        (
            a.id.0,
            vec![
                date_text(a.input.held_on),
                a.input.title.clone(),
                tr.value("prevention-kind", a.input.kind.code()),
                tr.value("prevention-topic", a.input.topic.code()),
                a.input.audience.map(|n| n.to_string()).unwrap_or_default(),
            ],
        )
    }

    async fn recent(store: &dyn Store, actor: &Actor) -> Result<Vec<PreventionActivity>, StoreError> {
        store.recent_prevention(actor, Page::first(LIST_LENGTH)).await
    }

    async fn create(store: &dyn Store, actor: &Actor, input: &PreventionInput) -> Result<(), StoreError> {
        store.create_prevention(actor, input).await.map(drop)
    }

    async fn stored(store: &dyn Store, actor: &Actor, id: Uuid) -> Result<(Value, i64), StoreError> {
        let record = store.prevention(actor, PreventionId(id)).await?;
        Ok((as_value(&record.input), record.version))
    }

    async fn update(
        store: &dyn Store,
        actor: &Actor,
        id: Uuid,
        version: i64,
        input: &PreventionInput,
    ) -> Result<(), StoreError> {
        store
            .update_prevention(actor, PreventionId(id), version, input)
            .await
            .map(drop)
    }
}

pub(crate) struct Trainings;

#[async_trait::async_trait]
impl Kind for Trainings {
    type Input = TrainingInput;
    type Record = Training;
    const SLUG: &'static str = "training";
    const LIST: &'static str = "/activities/training";
    const PAGE: &'static str = "training-page";
    const HEADING: &'static str = "training-title";
    const NONE: &'static str = "training-none";
    const NEW: &'static str = "training-new";
    const EDIT: &'static str = "training-edit";
    const FIELDS: &'static [Field] = &[
        field("title", Input::Text),
        field("starts_on", Input::Date),
        field("ends_on", Input::Date),
        field("participants", Input::CountryCounts),
    ];
    const COLUMNS: &'static [Column] = &[
        column("field-starts-on"),
        column("field-ends-on"),
        column("field-title"),
        column("training-countries"),
        number("training-participants"),
    ];

    fn blank(viewer: &Viewer) -> Value {
        let today = haven_store::today();
        serde_json::json!({
            "org": viewer.user.org,
            "title": "",
            "starts_on": today,
            "ends_on": today,
            "participants": [],
        })
    }

    fn row(tr: Tr, t: &Training) -> (Uuid, Vec<String>) {
        let countries = t
            .input
            .participants
            .iter()
            .map(|p| country_name(tr, p.country))
            .collect::<Vec<_>>()
            .join(", ");
        let people: i64 = t.input.participants.iter().map(|p| p.count).sum();
        (
            t.id.0,
            vec![
                date_text(t.input.starts_on),
                date_text(t.input.ends_on),
                t.input.title.clone(),
                countries,
                people.to_string(),
            ],
        )
    }

    async fn recent(store: &dyn Store, actor: &Actor) -> Result<Vec<Training>, StoreError> {
        store.recent_trainings(actor, Page::first(LIST_LENGTH)).await
    }

    async fn create(store: &dyn Store, actor: &Actor, input: &TrainingInput) -> Result<(), StoreError> {
        store.create_training(actor, input).await.map(drop)
    }

    async fn stored(store: &dyn Store, actor: &Actor, id: Uuid) -> Result<(Value, i64), StoreError> {
        let record = store.training(actor, TrainingId(id)).await?;
        Ok((as_value(&record.input), record.version))
    }

    async fn update(
        store: &dyn Store,
        actor: &Actor,
        id: Uuid,
        version: i64,
        input: &TrainingInput,
    ) -> Result<(), StoreError> {
        store
            .update_training(actor, TrainingId(id), version, input)
            .await
            .map(drop)
    }
}

pub(crate) struct Allocations;

#[async_trait::async_trait]
impl Kind for Allocations {
    type Input = FundingInput;
    type Record = Funding;
    const SLUG: &'static str = "funding";
    const LIST: &'static str = "/activities/funding";
    const PAGE: &'static str = "funding-page";
    const HEADING: &'static str = "funding-title";
    const NONE: &'static str = "funding-none";
    const NEW: &'static str = "funding-new";
    const EDIT: &'static str = "funding-edit";
    const FIELDS: &'static [Field] = &[
        field(
            "source",
            Input::Code {
                list: "funding-source",
                codes: codes!(FundingSource),
            },
        ),
        field("donor", Input::Text),
        field(
            "purpose",
            Input::Code {
                list: "funding-purpose",
                codes: codes!(FundingPurpose),
            },
        ),
        field("allocated_on", Input::Date),
        field(
            "amount.currency",
            Input::Code {
                list: "currency",
                codes: codes!(Currency),
            },
        ),
        field(
            "amount.minor",
            Input::Amount {
                currency: "amount.currency",
            },
        ),
        field(
            "usd_rate.usd_per_unit",
            Input::Checked {
                check: |v| v.parse::<ExchangeRate>().map(drop),
            },
        ),
    ];
    const COLUMNS: &'static [Column] = &[
        column("field-allocated-on"),
        column("field-donor"),
        column("field-source"),
        column("field-purpose"),
        number("field-amount-minor"),
        number("funding-usd"),
    ];

    /// The user's organisation receives what it records (the form does not change that).
    fn blank(viewer: &Viewer) -> Value {
        serde_json::json!({
            "source": null,
            "donor": "",
            "recipient": viewer.user.org,
            "purpose": null,
            "allocated_on": haven_store::today(),
            "amount": { "minor": null, "currency": null },
            "usd_rate": { "usd_per_unit": null },
        })
    }

    fn row(tr: Tr, f: &Funding) -> (Uuid, Vec<String>) {
        (
            f.id.0,
            vec![
                date_text(f.input.allocated_on),
                f.input.donor.clone(),
                tr.value("funding-source", f.input.source.code()),
                tr.value("funding-purpose", f.input.purpose.code()),
                f.input.amount.to_string(),
                major_units(f.usd_cents, 2),
            ],
        )
    }

    async fn recent(store: &dyn Store, actor: &Actor) -> Result<Vec<Funding>, StoreError> {
        store.recent_funding(actor, Page::first(LIST_LENGTH)).await
    }

    async fn create(store: &dyn Store, actor: &Actor, input: &FundingInput) -> Result<(), StoreError> {
        store.create_funding(actor, input).await.map(drop)
    }

    async fn stored(store: &dyn Store, actor: &Actor, id: Uuid) -> Result<(Value, i64), StoreError> {
        let record = store.funding(actor, FundingId(id)).await?;
        Ok((as_value(&record.input), record.version))
    }

    async fn update(
        store: &dyn Store,
        actor: &Actor,
        id: Uuid,
        version: i64,
        input: &FundingInput,
    ) -> Result<(), StoreError> {
        store
            .update_funding(actor, FundingId(id), version, input)
            .await
            .map(drop)
    }
}

pub(crate) struct Requests;

#[async_trait::async_trait]
impl Kind for Requests {
    type Input = CooperationInput;
    type Record = Cooperation;
    const SLUG: &'static str = "cooperation";
    const LIST: &'static str = "/activities/cooperation";
    const PAGE: &'static str = "cooperation-page";
    const HEADING: &'static str = "cooperation-title";
    const NONE: &'static str = "cooperation-none";
    const NEW: &'static str = "cooperation-new";
    const EDIT: &'static str = "cooperation-edit";
    /// The case a request concerns is not on the form: it is kept as stored.
    const FIELDS: &'static [Field] = &[
        field(
            "kind",
            Input::Code {
                list: "cooperation-kind",
                codes: codes!(CooperationKind),
            },
        ),
        field("counterpart", Input::Text),
        field("counterpart_country", Input::OptionalCountry),
        field("subject", Input::Text),
        field("started_on", Input::Date),
        field("ended_on", Input::OptionalDate),
        field("outcome", Input::OptionalText),
    ];
    const COLUMNS: &'static [Column] = &[
        column("field-started-on"),
        column("field-kind"),
        column("field-counterpart"),
        column("field-counterpart-country"),
        column("field-subject"),
        column("field-ended-on"),
    ];

    fn blank(viewer: &Viewer) -> Value {
        serde_json::json!({
            "org": viewer.user.org,
            "kind": null,
            "counterpart": "",
            "counterpart_country": null,
            "subject": "",
            "case": null,
            "started_on": haven_store::today(),
            "ended_on": null,
            "outcome": null,
        })
    }

    fn row(tr: Tr, c: &Cooperation) -> (Uuid, Vec<String>) {
        (
            c.id.0,
            vec![
                date_text(c.input.started_on),
                tr.value("cooperation-kind", c.input.kind.code()),
                c.input.counterpart.clone(),
                c.input
                    .counterpart_country
                    .map(|country| country_name(tr, country))
                    .unwrap_or_default(),
                c.input.subject.clone(),
                c.input.ended_on.map(date_text).unwrap_or_default(),
            ],
        )
    }

    async fn recent(store: &dyn Store, actor: &Actor) -> Result<Vec<Cooperation>, StoreError> {
        store.recent_cooperation(actor, Page::first(LIST_LENGTH)).await
    }

    async fn create(store: &dyn Store, actor: &Actor, input: &CooperationInput) -> Result<(), StoreError> {
        store.create_cooperation(actor, input).await.map(drop)
    }

    async fn stored(store: &dyn Store, actor: &Actor, id: Uuid) -> Result<(Value, i64), StoreError> {
        let record = store.cooperation(actor, CooperationId(id)).await?;
        Ok((as_value(&record.input), record.version))
    }

    async fn update(
        store: &dyn Store,
        actor: &Actor,
        id: Uuid,
        version: i64,
        input: &CooperationInput,
    ) -> Result<(), StoreError> {
        store
            .update_cooperation(actor, CooperationId(id), version, input)
            .await
            .map(drop)
    }
}

/// A link to each kind's list, at the top of every list.
struct Tab {
    href: &'static str,
    label: String,
    current: bool,
}

fn tabs<K: Kind>(tr: Tr) -> Vec<Tab> {
    let tab = |href: &'static str, page: &str| Tab {
        href,
        label: tr.t(page),
        current: href == K::LIST,
    };
    vec![
        tab(Prevention::LIST, Prevention::PAGE),
        tab(Trainings::LIST, Trainings::PAGE),
        tab(Allocations::LIST, Allocations::PAGE),
        tab(Requests::LIST, Requests::PAGE),
    ]
}

struct HeaderCell {
    label: String,
    numeric: bool,
}

struct Cell {
    text: String,
    numeric: bool,
}

struct Row {
    cells: Vec<Cell>,
    edit: String,
}

#[derive(Template)]
#[template(path = "activities.html")]
struct ListPage {
    chrome: Chrome,
    tabs: Vec<Tab>,
    slug: &'static str,
    heading: String,
    none: String,
    new_label: String,
    new_href: String,
    columns: Vec<HeaderCell>,
    rows: Vec<Row>,
    may_record: bool,
}

/// The latest records of a kind in the user's organisation tree.
pub(crate) async fn list<K: Kind>(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
) -> Result<Html<String>, WebError> {
    let tr = viewer.tr;
    let records = K::recent(state.store.as_ref(), &viewer.actor).await?;
    let rows = records
        .iter()
        .map(|record| {
            let (id, cells) = K::row(tr, record);
            Row {
                cells: cells
                    .into_iter()
                    .zip(K::COLUMNS)
                    .map(|(text, c)| Cell {
                        text,
                        numeric: c.numeric,
                    })
                    .collect(),
                edit: format!("/activities/{}/{id}", K::SLUG),
            }
        })
        .collect();
    render(&ListPage {
        chrome: Chrome::new(&viewer, K::PAGE, K::LIST),
        tabs: tabs::<K>(tr),
        slug: K::SLUG,
        heading: tr.t(K::HEADING),
        none: tr.t(K::NONE),
        new_label: tr.t(K::NEW),
        new_href: format!("/activities/{}/new", K::SLUG),
        columns: K::COLUMNS
            .iter()
            .map(|c| HeaderCell {
                label: tr.t(c.label),
                numeric: c.numeric,
            })
            .collect(),
        rows,
        may_record: viewer.actor.may(Permission::RecordActivity),
    })
}

fn spec<K: Kind>() -> Spec {
    Spec {
        fields: K::FIELDS.to_vec(),
        optional_parts: &[],
    }
}

fn to_input<K: Kind>(form: &mut Form, record: Value) -> Option<K::Input> {
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

fn create_path<K: Kind>() -> String {
    format!("/activities/{}", K::SLUG)
}

fn edit_path<K: Kind>(id: Uuid) -> String {
    format!("/activities/{}/{id}", K::SLUG)
}

pub(crate) async fn new_form<K: Kind>(Extension(viewer): Extension<Viewer>) -> Result<Html<String>, WebError> {
    let form = form_of(&K::blank(&viewer), K::FIELDS, 0);
    render_form(
        &viewer,
        K::NEW,
        create_path::<K>(),
        K::LIST.into(),
        form,
        K::FIELDS,
        &HashMap::new(),
    )
}

#[tracing::instrument(skip_all, fields(kind = K::SLUG))]
pub(crate) async fn create<K: Kind>(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    axum::Form(fields): Fields,
) -> Result<Response, WebError> {
    let tr = viewer.tr;
    let spec = spec::<K>();
    let mut form = Form::new(fields);
    let mut record = K::blank(&viewer);
    read_into(tr, &mut form, &spec, &mut record);
    if let Some(input) = to_input::<K>(&mut form, record) {
        match K::create(state.store.as_ref(), &viewer.actor, &input).await {
            Ok(()) => return Ok(Redirect::to(K::LIST).into_response()),
            Err(StoreError::Invalid(errors)) => form.absorb(tr, &errors, |path| field_named(K::FIELDS, path)),
            Err(other) => return Err(other.into()),
        }
    }
    let page = render_form(
        &viewer,
        K::NEW,
        create_path::<K>(),
        K::LIST.into(),
        form,
        K::FIELDS,
        &HashMap::new(),
    )?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

pub(crate) async fn edit_form<K: Kind>(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<Uuid>,
) -> Result<Html<String>, WebError> {
    let (record, version) = K::stored(state.store.as_ref(), &viewer.actor, id).await?;
    render_form(
        &viewer,
        K::EDIT,
        edit_path::<K>(id),
        K::LIST.into(),
        form_of(&record, K::FIELDS, version),
        K::FIELDS,
        &HashMap::new(),
    )
}

/// A correction; as with cases, a concurrent one is refused with the stored values shown.
#[tracing::instrument(skip_all, fields(kind = K::SLUG))]
pub(crate) async fn update<K: Kind>(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<Uuid>,
    axum::Form(fields): Fields,
) -> Result<Response, WebError> {
    let tr = viewer.tr;
    let spec = spec::<K>();
    let mut form = Form::new(fields);
    let version = form.version(tr);
    let (stored, stored_version) = K::stored(state.store.as_ref(), &viewer.actor, id).await?;
    let mut record = stored.clone();
    read_into(tr, &mut form, &spec, &mut record);
    let mut changed = HashMap::new();
    if let (Some(input), Some(version)) = (to_input::<K>(&mut form, record), version) {
        match K::update(state.store.as_ref(), &viewer.actor, id, version, &input).await {
            Ok(()) => return Ok(Redirect::to(K::LIST).into_response()),
            Err(StoreError::Invalid(errors)) => form.absorb(tr, &errors, |path| field_named(K::FIELDS, path)),
            Err(StoreError::Conflict { .. }) => {
                let typed = as_value(&input);
                changed = changed_fields(K::FIELDS, &stored, &typed);
                form = form.with("version", &stored_version.to_string());
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
        K::EDIT,
        edit_path::<K>(id),
        K::LIST.into(),
        form,
        K::FIELDS,
        &changed,
    )?;
    Ok((status, page).into_response())
}
