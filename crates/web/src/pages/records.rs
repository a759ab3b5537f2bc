//! Creating and editing case files. Each kind of case has a list of fields ([`Field`]), each
//! named by its path in the record (`details.identified_on`), the same path the domain names
//! when it refuses a value, so a problem lands beside its field. A form starts from the record
//! as stored (or a new one) and changes only the fields it shows: whatever the form does not
//! show is kept as it was.
//!
//! Two people editing one case: the second save is refused, the fields the first changed are
//! shown with their stored value beside what the second typed, and nothing typed is lost.

use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use haven_domain::Problem;
use haven_domain::case::{
    CallerType, CaseDetails, CaseInput, CaseKind, CaseStatus, CitizenshipDetails, CitizenshipOutcome, ContactChannel,
    CriminalArticle, CriminalDetails, CriminalStage, Exploitation, ForcedLabourIndustry, HotlineTopic, MeansOfControl,
    MigrationDecisionKind, MigrationDetails, MigrationGrounds, ProtectionDetails, ProtectionForm, ProtectionOutcome,
    RecruiterRelation, RecruitmentMethod, SexExploitation, StatusDecisionOrg, TraffickingDetails, TraffickingStatus,
    Vulnerability,
};
use haven_domain::country::CountryCode;
use haven_domain::ids::{CaseId, PersonId};
use haven_domain::money::Currency;
use haven_domain::org::Region;
use haven_store::StoreError;
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::{Choice, Chrome, code_choices, country_choices, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;
use crate::forms::{Fields, Form};
use crate::i18n::Tr;

/// The values a code list allows.
type Codes = fn() -> Vec<&'static str>;

/// How a field is typed and read.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Input {
    Text,
    /// Text that may be left empty (advice given on a call).
    OptionalText,
    /// Text with a form of its own (a criminal code article), checked by `check`.
    Checked {
        check: fn(&str) -> Result<(), Problem>,
    },
    Date,
    OptionalDate,
    /// One value of a code list (`list` names its messages: `code-{list}-{code}`).
    Code {
        list: &'static str,
        codes: Codes,
    },
    OptionalCode {
        list: &'static str,
        codes: Codes,
    },
    /// Any number of values of a code list.
    Codes {
        list: &'static str,
        codes: Codes,
    },
    OptionalCountry,
    Countries,
    /// A count that may be left empty (people reached).
    OptionalCount,
    /// An amount typed in major units (`1500.50`, or `1 500,50`) and kept in minor units, as
    /// many digits after the point as the currency chosen in the field at `currency` has.
    Amount {
        currency: &'static str,
    },
    /// People by country (a training's participants): rows of a country and a count, kept
    /// as a list of `{country, count}`; a row left empty is no row.
    CountryCounts,
}

/// One field of a record's form.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub path: &'static str,
    pub input: Input,
}

pub(crate) const fn field(path: &'static str, input: Input) -> Field {
    Field { path, input }
}

macro_rules! codes {
    ($list:ty) => {
        || <$list>::ALL.iter().map(|c| c.code()).collect()
    };
}

/// What every case has.
const CASE_FIELDS: &[Field] = &[
    field("reference", Input::Text),
    field("opened_on", Input::Date),
    field(
        "status",
        Input::Code {
            list: "case-status",
            codes: codes!(CaseStatus),
        },
    ),
    field("closed_on", Input::OptionalDate),
];

/// A trafficking case's own fields (HTCDS).
const TRAFFICKING_FIELDS: &[Field] = &[
    field(
        "details.status",
        Input::Code {
            list: "trafficking-status",
            codes: codes!(TraffickingStatus),
        },
    ),
    field("details.detected_on", Input::Date),
    field("details.identified_on", Input::OptionalDate),
    field(
        "details.status_decided_by",
        Input::OptionalCode {
            list: "decided-by",
            codes: codes!(StatusDecisionOrg),
        },
    ),
    field(
        "details.exploitation",
        Input::Codes {
            list: "exploitation",
            codes: codes!(Exploitation),
        },
    ),
    field(
        "details.sex_exploitation",
        Input::Codes {
            list: "sex-exploitation",
            codes: codes!(SexExploitation),
        },
    ),
    field(
        "details.forced_labour_industry",
        Input::OptionalCode {
            list: "industry",
            codes: codes!(ForcedLabourIndustry),
        },
    ),
    field(
        "details.means_of_control",
        Input::Codes {
            list: "control",
            codes: codes!(MeansOfControl),
        },
    ),
    field(
        "details.recruitment",
        Input::Codes {
            list: "recruitment",
            codes: codes!(RecruitmentMethod),
        },
    ),
    field(
        "details.recruiter_relation",
        Input::OptionalCode {
            list: "recruiter",
            codes: codes!(RecruiterRelation),
        },
    ),
    field(
        "details.vulnerabilities",
        Input::Codes {
            list: "vulnerability",
            codes: codes!(Vulnerability),
        },
    ),
    field("details.recruitment_country", Input::OptionalCountry),
    field("details.transit_countries", Input::Countries),
    field("details.exploitation_country", Input::OptionalCountry),
];

const CRIMINAL_FIELDS: &[Field] = &[
    field(
        "details.article",
        Input::Checked {
            check: |v| CriminalArticle::parse(v).map(|_| ()),
        },
    ),
    field("details.initiated_on", Input::Date),
    field(
        "details.stage",
        Input::Code {
            list: "stage",
            codes: codes!(CriminalStage),
        },
    ),
    field("details.stage_on", Input::Date),
];

const MIGRATION_FIELDS: &[Field] = &[
    field("details.detected_on", Input::Date),
    field(
        "details.detected_in",
        Input::OptionalCode {
            list: "region",
            codes: codes!(Region),
        },
    ),
    field(
        "details.grounds",
        Input::Code {
            list: "grounds",
            codes: codes!(MigrationGrounds),
        },
    ),
    field(
        "details.decision.kind",
        Input::Code {
            list: "migration-decision",
            codes: codes!(MigrationDecisionKind),
        },
    ),
    field("details.decision.decided_on", Input::Date),
    field("details.decision.executed_on", Input::OptionalDate),
    field("details.decision.destination", Input::OptionalCountry),
];

const PROTECTION_FIELDS: &[Field] = &[
    field(
        "details.form_applied",
        Input::Code {
            list: "protection-form",
            codes: codes!(ProtectionForm),
        },
    ),
    field("details.applied_on", Input::Date),
    field(
        "details.decision.outcome",
        Input::Code {
            list: "protection-outcome",
            codes: codes!(ProtectionOutcome),
        },
    ),
    field(
        "details.decision.form_granted",
        Input::OptionalCode {
            list: "protection-form",
            codes: codes!(ProtectionForm),
        },
    ),
    field("details.decision.decided_on", Input::Date),
    field("details.decision.valid_until", Input::OptionalDate),
];

const CITIZENSHIP_FIELDS: &[Field] = &[
    field("details.applied_on", Input::Date),
    field(
        "details.decision.outcome",
        Input::Code {
            list: "citizenship-outcome",
            codes: codes!(CitizenshipOutcome),
        },
    ),
    field("details.decision.decided_on", Input::Date),
    field("details.acquired_on", Input::OptionalDate),
];

const HOTLINE_FIELDS: &[Field] = &[
    field(
        "details.caller",
        Input::Code {
            list: "caller",
            codes: codes!(CallerType),
        },
    ),
    field(
        "details.channel",
        Input::Code {
            list: "channel",
            codes: codes!(ContactChannel),
        },
    ),
    field(
        "details.topic",
        Input::Code {
            list: "topic",
            codes: codes!(HotlineTopic),
        },
    ),
    field("details.destination_country", Input::OptionalCountry),
    field("details.advice", Input::OptionalText),
];

/// A kind's form: its fields, and the parts of the record that may be absent as a whole
/// (a decision not yet taken): left empty on the form, such a part is absent, and its fields
/// are required only once one of them is filled in.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    pub fields: Vec<Field>,
    pub optional_parts: &'static [&'static str],
}

/// The form of this kind. Lists of parts (detention periods, extensions, parties) and what
/// only the hotline screen records (the moment of the call, where it was referred) are not on
/// these forms and are kept as stored.
pub(crate) fn fields_of(kind: CaseKind) -> Spec {
    let (own, optional_parts): (&[Field], &'static [&'static str]) = match kind {
        CaseKind::Trafficking => (TRAFFICKING_FIELDS, &[]),
        CaseKind::Criminal => (CRIMINAL_FIELDS, &[]),
        CaseKind::Migration => (MIGRATION_FIELDS, &["details.decision"]),
        CaseKind::Protection => (PROTECTION_FIELDS, &["details.decision"]),
        CaseKind::Citizenship => (CITIZENSHIP_FIELDS, &["details.decision"]),
        CaseKind::Hotline => (HOTLINE_FIELDS, &[]),
    };
    Spec {
        fields: CASE_FIELDS.iter().chain(own).copied().collect(),
        optional_parts,
    }
}

/// A field as the template draws it.
#[derive(Debug, Clone)]
pub(crate) struct FieldView {
    pub name: &'static str,
    pub label: String,
    /// `text`, `date`, `select`, `checkboxes` or `multiselect`.
    pub control: &'static str,
    pub required: bool,
    pub choices: Vec<Choice>,
    /// What stands in the record now, where a conflicting save found it changed.
    pub stored: Option<String>,
}

/// The message naming a field: `field-details-identified-on`.
fn label_id(path: &str) -> String {
    format!("field-{}", path.replace(['.', '_'], "-"))
}

pub(crate) fn views(
    tr: Tr,
    fields: &[Field],
    stored: &std::collections::HashMap<&'static str, String>,
) -> Vec<FieldView> {
    fields
        .iter()
        .map(|f| {
            let (control, required, choices) = match f.input {
                Input::Text | Input::Checked { .. } | Input::Amount { .. } => ("text", true, Vec::new()),
                Input::OptionalText => ("text", false, Vec::new()),
                Input::Date => ("date", true, Vec::new()),
                Input::OptionalDate => ("date", false, Vec::new()),
                Input::Code { list, codes } => ("select", true, code_choices(tr, list, codes())),
                Input::OptionalCode { list, codes } => ("select", false, code_choices(tr, list, codes())),
                Input::Codes { list, codes } => ("checkboxes", false, code_choices(tr, list, codes())),
                Input::OptionalCountry => ("select", false, country_choices(tr)),
                Input::OptionalCount => ("number", false, Vec::new()),
                Input::Countries => ("multiselect", false, country_choices(tr)),
                Input::CountryCounts => ("counts", false, country_choices(tr)),
            };
            FieldView {
                name: f.path,
                label: tr.t(&label_id(f.path)),
                control,
                required,
                choices,
                stored: stored.get(f.path).cloned(),
            }
        })
        .collect()
}

fn at<'v>(record: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(record, |value, key| value.get(key))
}

fn set(record: &mut Value, path: &str, new: Value) {
    let mut target = record;
    let mut keys = path.split('.').peekable();
    while let Some(key) = keys.next() {
        if !target.is_object() {
            *target = Value::Object(serde_json::Map::new());
        }
        let Some(object) = target.as_object_mut() else { return };
        if keys.peek().is_none() {
            object.insert(key.to_owned(), new);
            return;
        }
        target = object.entry(key.to_owned()).or_insert(Value::Null);
    }
}

/// A record's values as form fields: what the form shows when it opens.
pub(crate) fn form_of(record: &Value, fields: &[Field], version: i64) -> Form {
    let mut pairs = vec![("version".to_owned(), version.to_string())];
    for f in fields {
        if let Input::Amount { currency } = f.input {
            if let Some(minor) = at(record, f.path).and_then(Value::as_i64) {
                pairs.push((f.path.to_owned(), major_units(minor, digits_of(at(record, currency)))));
            }
            continue;
        }
        if let Input::CountryCounts = f.input {
            for row in at(record, f.path).and_then(Value::as_array).into_iter().flatten() {
                let country = row.get("country").and_then(Value::as_str).unwrap_or_default();
                let count = row.get("count").map(Value::to_string).unwrap_or_default();
                pairs.push((format!("{}.country", f.path), country.to_owned()));
                pairs.push((format!("{}.count", f.path), count));
            }
            continue;
        }
        match at(record, f.path) {
            Some(Value::Array(items)) => {
                for item in items {
                    if let Some(text) = item.as_str() {
                        pairs.push((f.path.to_owned(), text.to_owned()));
                    }
                }
            }
            Some(Value::String(text)) => pairs.push((f.path.to_owned(), text.clone())),
            Some(Value::Null) | None => {}
            Some(other) => pairs.push((f.path.to_owned(), other.to_string())),
        }
    }
    Form::new(pairs)
}

fn check_code(codes: Codes, list: &str, value: &str) -> Result<String, Problem> {
    let value = value.trim();
    if codes().contains(&value) {
        Ok(value.to_owned())
    } else {
        Err(Problem::UnknownCode {
            list: "choice",
            value: format!("{value} ({list})"),
        })
    }
}

/// Digits after the point of the currency a record names (2 where it names none yet).
fn digits_of(currency: Option<&Value>) -> u32 {
    currency
        .and_then(Value::as_str)
        .and_then(|code| Currency::parse(code).ok())
        .map_or(2, Currency::minor_digits)
}

/// Minor units written in major ones: `150050` with 2 digits is `1500.50`.
pub(crate) fn major_units(minor: i64, digits: u32) -> String {
    if digits == 0 {
        return minor.to_string();
    }
    let scale = 10_u64.pow(digits);
    let sign = if minor < 0 { "-" } else { "" };
    let minor = minor.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        minor / scale,
        minor % scale,
        width = digits as usize
    )
}

/// An amount typed in major units, in minor units: spaces between thousands and a decimal
/// comma are accepted; more decimals than the currency has are not.
fn minor_units(tr: Tr, text: &str, digits: u32) -> Result<i64, Problem> {
    let not_amount = || Problem::Invalid {
        reason: tr.with_args("problem-not-an-amount", &[("value", text.to_owned().into())]),
    };
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    let cleaned = cleaned.replace(',', ".");
    let (negative, unsigned) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits_only = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !digits_only(whole) || !digits_only(fraction) || fraction.len() > digits as usize {
        return Err(not_amount());
    }
    let scale = 10_i64.pow(digits);
    let fraction = format!("{fraction:0<width$}", width = digits as usize);
    let minor = whole
        .parse::<i64>()
        .ok()
        .and_then(|w| w.checked_mul(scale))
        .and_then(|w| w.checked_add(fraction.parse::<i64>().unwrap_or(0)))
        .ok_or_else(not_amount)?;
    Ok(if negative { -minor } else { minor })
}

/// The rows of a [`Input::CountryCounts`] field read into `{country, count}` values.
fn country_counts(tr: Tr, form: &mut Form, name: &str) -> Option<Value> {
    let mut rows = Vec::new();
    let mut fine = true;
    for (country, count) in form.country_counts(name, 0) {
        let (country, count) = (country.trim(), count.trim());
        if country.is_empty() && count.is_empty() {
            continue;
        }
        let country = if country.is_empty() {
            form.refuse_field(tr, name, &Problem::Required);
            None
        } else {
            CountryCode::parse(country)
                .map_err(|problem| form.refuse_field(tr, name, &problem))
                .ok()
        };
        let count = if count.is_empty() {
            form.refuse_field(tr, name, &Problem::Required);
            None
        } else {
            count
                .parse::<i64>()
                .map_err(|_| {
                    let reason = tr.with_args("problem-not-a-count", &[("value", count.to_owned().into())]);
                    form.refuse_field(tr, name, &Problem::Invalid { reason });
                })
                .ok()
        };
        match (country, count) {
            (Some(country), Some(count)) => {
                rows.push(serde_json::json!({ "country": country.as_str(), "count": count }));
            }
            _ => fine = false,
        }
    }
    fine.then_some(Value::Array(rows))
}

/// The form read into the record: each field checked by its type (problems noted beside it),
/// then written at its path; fields the form does not show keep the record's values.
pub(crate) fn read_into(tr: Tr, form: &mut Form, spec: &Spec, record: &mut Value) {
    let inside = |part: &str, f: &Field| f.path.strip_prefix(part).is_some_and(|rest| rest.starts_with('.'));
    let mut absent = Vec::new();
    for part in spec.optional_parts {
        let empty = spec
            .fields
            .iter()
            .filter(|f| inside(part, f))
            .all(|f| form.value(f.path).trim().is_empty());
        if empty {
            set(record, part, Value::Null);
            absent.push(*part);
        }
    }
    for f in &spec.fields {
        if absent.iter().any(|part| inside(part, f)) {
            continue;
        }
        let name = f.path;
        let value = match f.input {
            Input::Text => Some(Value::String(form.value(name).trim().to_owned())),
            Input::OptionalText => Some(match form.value(name).trim() {
                "" => Value::Null,
                text => Value::String(text.to_owned()),
            }),
            Input::Checked { check } => form
                .code(tr, name, |v| check(v).map(|()| v.trim().to_owned()))
                .map(Value::String),
            Input::Date => form.date(tr, name).map(|d| Value::String(d.to_string())),
            Input::OptionalDate => {
                if form.value(name).trim().is_empty() {
                    Some(Value::Null)
                } else {
                    form.date(tr, name).map(|d| Value::String(d.to_string()))
                }
            }
            Input::Code { list, codes } => form.code(tr, name, |v| check_code(codes, list, v)).map(Value::String),
            Input::OptionalCode { list, codes } => form
                .optional_code(tr, name, |v| check_code(codes, list, v))
                .ok()
                .map(|v| v.map_or(Value::Null, Value::String)),
            Input::Codes { list, codes } => Some(Value::Array(
                form.codes(tr, name, |v| check_code(codes, list, v))
                    .into_iter()
                    .map(Value::String)
                    .collect(),
            )),
            Input::OptionalCountry => form
                .optional_code(tr, name, CountryCode::parse)
                .ok()
                .map(|v| v.map_or(Value::Null, |c| Value::String(c.as_str().to_owned()))),
            Input::OptionalCount => form
                .optional_code(tr, name, |v| {
                    v.parse::<i64>().map_err(|_| Problem::Invalid {
                        reason: tr.with_args("problem-not-a-count", &[("value", v.to_owned().into())]),
                    })
                })
                .ok()
                .map(|v| v.map_or(Value::Null, Value::from)),
            Input::Countries => Some(Value::Array(
                form.codes(tr, name, CountryCode::parse)
                    .into_iter()
                    .map(|c| Value::String(c.as_str().to_owned()))
                    .collect(),
            )),
            Input::Amount { currency } => {
                let digits = Currency::parse(form.value(currency).trim()).map_or(2, Currency::minor_digits);
                form.code(tr, name, |v| minor_units(tr, v, digits)).map(Value::from)
            }
            Input::CountryCounts => country_counts(tr, form, name),
        };
        if let Some(value) = value {
            set(record, f.path, value);
        }
    }
}

#[derive(Template)]
#[template(path = "record.html")]
struct RecordPage {
    chrome: Chrome,
    /// Where the form is sent.
    action: String,
    /// Where "cancel" goes.
    back: String,
    form: Form,
    fields: Vec<FieldView>,
    /// Whether the form carries a case's kind as a hidden field (a case form: no field of
    /// its own is named `kind`, as a prevention activity's or a cooperation's is).
    kind_hidden: bool,
}

#[derive(Debug, Deserialize)]
pub(crate) struct NewQuery {
    #[serde(default)]
    kind: Option<String>,
}

/// The record a new case of `kind` starts from.
fn blank_case(viewer: &Viewer, person: PersonId, kind: CaseKind) -> Result<Value, WebError> {
    let today = haven_store::today();
    let details = match kind {
        CaseKind::Trafficking => CaseDetails::Trafficking(TraffickingDetails::possible(today)),
        CaseKind::Criminal => CaseDetails::Criminal(CriminalDetails {
            article: CriminalArticle::parse("181")
                .map_err(|p| WebError::new(StatusCode::INTERNAL_SERVER_ERROR, p.to_string()))?,
            initiated_on: today,
            stage: CriminalStage::Initiated,
            stage_on: today,
            parties: Vec::new(),
            foreign_partner: None,
        }),
        CaseKind::Migration => CaseDetails::Migration(MigrationDetails {
            detected_on: today,
            detected_in: None,
            grounds: MigrationGrounds::Other,
            detention: Vec::new(),
            decision: None,
        }),
        CaseKind::Protection => CaseDetails::Protection(ProtectionDetails {
            form_applied: ProtectionForm::AdditionalProtection,
            applied_on: today,
            decision: None,
            extensions: Vec::new(),
        }),
        CaseKind::Citizenship => CaseDetails::Citizenship(CitizenshipDetails {
            applied_on: today,
            decision: None,
            acquired_on: None,
        }),
        CaseKind::Hotline => {
            return Err(WebError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "A hotline call is logged on the hotline screen (/hotline), not as a person's case.",
            ));
        }
    };
    let input = CaseInput {
        org: viewer.user.org,
        person: Some(person),
        reference: String::new(),
        opened_on: today,
        closed_on: None,
        status: CaseStatus::Active,
        details,
    };
    serde_json::to_value(&input).map_err(|e| WebError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

pub(crate) fn render_form(
    viewer: &Viewer,
    title: &str,
    action: String,
    back: String,
    form: Form,
    fields: &[Field],
    stored: &std::collections::HashMap<&'static str, String>,
) -> Result<Html<String>, WebError> {
    render(&RecordPage {
        chrome: Chrome::new(viewer, title, action.clone()),
        action,
        back,
        fields: views(viewer.tr, fields, stored),
        kind_hidden: !fields.iter().any(|f| f.path == "kind"),
        form,
    })
}

/// A new case for a registered person.
pub(crate) async fn new_case(
    Extension(viewer): Extension<Viewer>,
    Path(person): Path<Uuid>,
    Query(query): Query<NewQuery>,
) -> Result<Html<String>, WebError> {
    let kind = CaseKind::parse(query.kind.as_deref().unwrap_or("trafficking"))
        .map_err(|p| WebError::new(StatusCode::UNPROCESSABLE_ENTITY, format!("kind: {p}")))?;
    let spec = fields_of(kind);
    let record = blank_case(&viewer, PersonId(person), kind)?;
    let mut form = form_of(&record, &spec.fields, 0).with("kind", kind.code());
    // A new case's choices start empty, so that none is taken by not looking.
    for f in &spec.fields {
        if f.path != "status" && matches!(f.input, Input::Code { .. } | Input::Checked { .. }) {
            form = form.without(f.path);
        }
    }
    render_form(
        &viewer,
        "record-new-case",
        format!("/persons/{person}/cases"),
        format!("/persons/{person}"),
        form,
        &spec.fields,
        &std::collections::HashMap::new(),
    )
}

fn to_input(form: &mut Form, record: &Value) -> Option<CaseInput> {
    match serde_json::from_value::<CaseInput>(record.clone()) {
        Ok(input) if !form.has_errors() => Some(input),
        Ok(_) => None,
        Err(e) => {
            form.refuse_form(e.to_string());
            None
        }
    }
}

#[tracing::instrument(skip_all)]
pub(crate) async fn create_case(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(person): Path<Uuid>,
    axum::Form(fields): Fields,
) -> Result<Response, WebError> {
    let tr = viewer.tr;
    let mut form = Form::new(fields);
    let kind = form
        .code(tr, "kind", CaseKind::parse)
        .ok_or_else(|| WebError::new(StatusCode::UNPROCESSABLE_ENTITY, "kind: a value is required"))?;
    let specs = fields_of(kind);
    let mut record = blank_case(&viewer, PersonId(person), kind)?;
    read_into(tr, &mut form, &specs, &mut record);
    if let Some(input) = to_input(&mut form, &record) {
        match state.store.open_case(&viewer.actor, &input).await {
            Ok(case) => return Ok(Redirect::to(&format!("/cases/{}", case.id.0)).into_response()),
            Err(StoreError::Invalid(errors)) => form.absorb(tr, &errors, |path| field_named(&specs.fields, path)),
            Err(other) => return Err(other.into()),
        }
    }
    let page = render_form(
        &viewer,
        "record-new-case",
        format!("/persons/{person}/cases"),
        format!("/persons/{person}"),
        form,
        &specs.fields,
        &std::collections::HashMap::new(),
    )?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The form field a domain path belongs to (`details.exploitation[1]` to its field).
pub(crate) fn field_named(fields: &[Field], path: &str) -> Option<&'static str> {
    let base = path.split('[').next().unwrap_or(path);
    fields
        .iter()
        .find(|f| f.path == base)
        .or_else(|| {
            // A refusal of a whole part (`usd_rate`) goes beside the field that shows it
            // (`usd_rate.usd_per_unit`).
            fields
                .iter()
                .find(|f| f.path.strip_prefix(base).is_some_and(|rest| rest.starts_with('.')))
        })
        .map(|f| f.path)
}

/// The edit form of a case, with the values stored now.
#[tracing::instrument(skip_all)]
pub(crate) async fn edit_case(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<Uuid>,
) -> Result<Html<String>, WebError> {
    let case = state.store.case(&viewer.actor, CaseId(id)).await?;
    let spec = fields_of(case.kind());
    let record = serde_json::to_value(case.input()).unwrap_or_default();
    render_form(
        &viewer,
        "record-edit-case",
        format!("/cases/{id}/edit"),
        format!("/cases/{id}"),
        form_of(&record, &spec.fields, case.version),
        &spec.fields,
        &std::collections::HashMap::new(),
    )
}

#[tracing::instrument(skip_all)]
pub(crate) async fn update_case(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<Uuid>,
    axum::Form(fields): Fields,
) -> Result<Response, WebError> {
    let tr = viewer.tr;
    let id = CaseId(id);
    let mut form = Form::new(fields);
    let version = form.version(tr);
    let case = state.store.case(&viewer.actor, id).await?;
    let specs = fields_of(case.kind());
    let stored_record = serde_json::to_value(case.input()).unwrap_or_default();
    let mut record = stored_record.clone();
    read_into(tr, &mut form, &specs, &mut record);
    let mut changed_meanwhile = std::collections::HashMap::new();
    if let (Some(input), Some(version)) = (to_input(&mut form, &record), version) {
        match state.store.update_case(&viewer.actor, id, version, &input).await {
            Ok(_) => return Ok(Redirect::to(&format!("/cases/{}", id.0)).into_response()),
            Err(StoreError::Invalid(errors)) => form.absorb(tr, &errors, |path| field_named(&specs.fields, path)),
            Err(StoreError::Conflict { .. }) => {
                // Show, beside each field, what is stored now where it differs from what was
                // typed; keep what was typed; the next save (from this page) is deliberate.
                let typed = serde_json::to_value(&input).unwrap_or_default();
                changed_meanwhile = changed_fields(&specs.fields, &stored_record, &typed);
                form = form.with("version", &case.version.to_string());
                form.refuse_form(tr.t("conflict-edit"));
            }
            Err(other) => return Err(other.into()),
        }
    }
    let page = render_form(
        &viewer,
        "record-edit-case",
        format!("/cases/{}/edit", id.0),
        format!("/cases/{}", id.0),
        form,
        &specs.fields,
        &changed_meanwhile,
    )?;
    let status = if changed_meanwhile.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::CONFLICT
    };
    Ok((status, page).into_response())
}

/// The fields whose stored value differs from what was typed, with the stored value as shown.
pub(crate) fn changed_fields(
    fields: &[Field],
    stored: &Value,
    typed: &Value,
) -> std::collections::HashMap<&'static str, String> {
    fields
        .iter()
        .filter_map(|f| {
            let now = at(stored, f.path).cloned().unwrap_or(Value::Null);
            let differs = at(typed, f.path).cloned().unwrap_or(Value::Null) != now;
            let shown = match (f.input, &now) {
                (Input::Amount { currency }, Value::Number(minor)) => {
                    major_units(minor.as_i64().unwrap_or_default(), digits_of(at(stored, currency)))
                }
                // Each row as `ARM 4`.
                (Input::CountryCounts, Value::Array(rows)) => rows
                    .iter()
                    .map(|row| format!("{} {}", shown(&row["country"]), shown(&row["count"])))
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => shown(&now),
            };
            differs.then_some((f.path, shown))
        })
        .collect()
}

/// A stored value as the conflict note shows it.
fn shown(value: &Value) -> String {
    match value {
        Value::Null => "—".to_owned(),
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(shown).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_typed_in_major_units_and_kept_in_minor_ones() {
        let tr = Tr::new(haven_report::Lang::En);
        assert_eq!(minor_units(tr, "1 500,50", 2), Ok(150_050));
        assert_eq!(minor_units(tr, "12500", 2), Ok(1_250_000));
        assert_eq!(minor_units(tr, "0.5", 2), Ok(50));
        assert_eq!(minor_units(tr, "300", 0), Ok(300));
        assert_eq!(
            minor_units(tr, "-2", 2),
            Ok(-200),
            "the domain refuses it, beside the field"
        );
        for wrong in ["12x", "1.234", "", ".5", "1.2.3", "99999999999999999999"] {
            assert!(minor_units(tr, wrong, 2).is_err(), "{wrong}");
        }
        assert!(
            minor_units(tr, "1.5", 0).is_err(),
            "no decimals in a currency without them"
        );
        assert_eq!(major_units(150_050, 2), "1500.50");
        assert_eq!(major_units(5, 2), "0.05");
        assert_eq!(major_units(300, 0), "300");
    }
}
