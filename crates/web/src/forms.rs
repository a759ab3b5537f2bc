//! Forms as typed: every field's text kept to show again, and each problem put beside its
//! field in the user's language, whether the browser's input could not be read (a date that
//! is not a date) or the domain refused it (a date in the future).

use std::collections::HashMap;

use chrono::NaiveDate;
use haven_domain::ids::OrgId;
use haven_domain::{Problem, ValidationErrors};
use uuid::Uuid;

use crate::i18n::Tr;

/// A submitted form's fields as axum reads them (a name may repeat).
pub(crate) type Fields = axum::Form<Vec<(String, String)>>;

/// A submitted form: its fields (a name may repeat, as checkboxes do) and the problems found.
#[derive(Debug, Clone, Default)]
pub(crate) struct Form {
    fields: Vec<(String, String)>,
    errors: HashMap<String, String>,
}

impl Form {
    pub fn new(fields: Vec<(String, String)>) -> Self {
        Self {
            fields,
            errors: HashMap::new(),
        }
    }

    /// The same form without a field (a password, never sent back to the browser).
    #[must_use]
    pub fn without(mut self, name: &str) -> Self {
        self.fields.retain(|(k, _)| k != name);
        self
    }

    /// The same form with a field set to one value (replacing what it had).
    #[must_use]
    pub fn with(mut self, name: &str, value: &str) -> Self {
        self.fields.retain(|(k, _)| k != name);
        self.fields.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The text typed in a field, or "".
    pub fn value(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find_map(|(k, v)| (k == name).then_some(v.as_str()))
            .unwrap_or("")
    }

    /// Whether the form had a field of this name (empty or not).
    pub fn has(&self, name: &str) -> bool {
        self.fields.iter().any(|(k, _)| k == name)
    }

    /// Whether a select or checkbox had this value.
    pub fn chose(&self, name: &str, value: &str) -> bool {
        self.fields.iter().any(|(k, v)| k == name && v == value)
    }

    pub fn error(&self, name: &str) -> Option<&str> {
        self.errors.get(name).map(String::as_str)
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    fn refuse(&mut self, tr: Tr, field: &str, problem: &Problem) {
        self.errors
            .entry(field.to_owned())
            .or_insert_with(|| problem_text(tr, problem));
    }

    /// A problem found beside a field by the caller's own reading of it.
    pub fn refuse_field(&mut self, tr: Tr, field: &str, problem: &Problem) {
        self.refuse(tr, field, problem);
    }

    /// The rows of a list of people by country as typed (`{name}.country` and
    /// `{name}.count`, paired in order), and `blank` empty rows after them to add more.
    pub fn country_counts(&self, name: &str, blank: usize) -> Vec<(String, String)> {
        let values = |field: String| -> Vec<String> {
            self.fields
                .iter()
                .filter(|(k, _)| *k == field)
                .map(|(_, v)| v.clone())
                .collect()
        };
        let countries = values(format!("{name}.country"));
        let counts = values(format!("{name}.count"));
        let rows = countries.len().max(counts.len());
        (0..rows + blank)
            .map(|i| {
                (
                    countries.get(i).cloned().unwrap_or_default(),
                    counts.get(i).cloned().unwrap_or_default(),
                )
            })
            .collect()
    }

    /// A problem with the form as a whole (a conflict, a refusal that names no field).
    pub fn refuse_form(&mut self, message: String) {
        self.errors.entry("_form".to_owned()).or_insert(message);
    }

    /// Text that may be empty.
    pub fn optional_text(&self, name: &str) -> Option<String> {
        let text = self.value(name).trim();
        (!text.is_empty()).then(|| text.to_owned())
    }

    /// A date (`YYYY-MM-DD`, as `<input type=date>` sends it) that must be given.
    pub fn date(&mut self, tr: Tr, name: &str) -> Option<NaiveDate> {
        let value = self.value(name).trim().to_owned();
        if value.is_empty() {
            self.refuse(tr, name, &Problem::Required);
            return None;
        }
        self.parsed_date(tr, name, &value)
    }

    fn parsed_date(&mut self, tr: Tr, name: &str, value: &str) -> Option<NaiveDate> {
        let date = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok();
        if date.is_none() {
            let reason = tr.with_args("problem-not-a-date", &[("value", value.to_owned().into())]);
            self.refuse(tr, name, &Problem::Invalid { reason });
        }
        date
    }

    /// A value of a code list (or any parsed value) that must be given.
    pub fn code<T>(&mut self, tr: Tr, name: &str, parse: impl Fn(&str) -> Result<T, Problem>) -> Option<T> {
        match self.optional_code(tr, name, parse) {
            Ok(Some(value)) => Some(value),
            Ok(None) => {
                self.refuse(tr, name, &Problem::Required);
                None
            }
            Err(()) => None,
        }
    }

    /// A value that may be left empty; `Err` when given but not readable (already noted).
    pub fn optional_code<T>(
        &mut self,
        tr: Tr,
        name: &str,
        parse: impl Fn(&str) -> Result<T, Problem>,
    ) -> Result<Option<T>, ()> {
        let value = self.value(name).trim().to_owned();
        if value.is_empty() {
            return Ok(None);
        }
        parse(&value)
            .map(Some)
            .map_err(|problem| self.refuse(tr, name, &problem))
    }

    /// The record version the form was drawn from (a hidden field), for optimistic locking.
    pub fn version(&mut self, tr: Tr) -> Option<i64> {
        self.code(tr, "version", |v| {
            v.parse::<i64>().map_err(|_| Problem::Invalid {
                reason: format!("'{v}' is not a version number"),
            })
        })
    }

    /// Every value of a repeated field (checkboxes), each parsed.
    pub fn codes<T>(&mut self, tr: Tr, name: &str, parse: impl Fn(&str) -> Result<T, Problem>) -> Vec<T> {
        let values: Vec<String> = self
            .fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect();
        let mut parsed = Vec::new();
        for value in values {
            match parse(&value) {
                Ok(v) => parsed.push(v),
                Err(problem) => self.refuse(tr, name, &problem),
            }
        }
        parsed
    }

    /// Put the domain's refusals beside the fields: `field_of` maps the domain's path
    /// (`details.contacted_at`) to the form's field name; anything unmapped goes on `_form`.
    pub fn absorb(&mut self, tr: Tr, errors: &ValidationErrors, field_of: impl Fn(&str) -> Option<&'static str>) {
        for error in &errors.errors {
            let field = field_of(&error.field).unwrap_or("_form");
            self.refuse(tr, field, &error.problem);
        }
    }
}

/// A problem in the user's language.
pub(crate) fn problem_text(tr: Tr, problem: &Problem) -> String {
    use fluent_bundle::FluentValue;
    let s = |v: &dyn ToString| FluentValue::from(v.to_string());
    match problem {
        Problem::Required => tr.t("problem-required"),
        Problem::TooLong { max } => tr.with_args("problem-too-long", &[("max", s(max))]),
        Problem::InFuture { date, today } => {
            tr.with_args("problem-in-future", &[("date", s(date)), ("today", s(today))])
        }
        Problem::BeforeOther { date, other, .. } => {
            tr.with_args("problem-before-other", &[("date", s(date)), ("other", s(other))])
        }
        Problem::UnknownCode { value, .. } => tr.with_args("problem-unknown-code", &[("value", s(value))]),
        Problem::Negative => tr.t("problem-negative"),
        Problem::AgeOver { max, .. } => tr.with_args("problem-age-over", &[("max", s(max))]),
        Problem::OutOfRange { min, max, .. } => {
            tr.with_args("problem-out-of-range", &[("min", s(min)), ("max", s(max))])
        }
        Problem::Duplicate { value } => tr.with_args("problem-duplicate", &[("value", s(value))]),
        // The reason is already the user's words where the web layer wrote it, or the
        // domain's own (English) sentence.
        Problem::Invalid { reason } => reason.clone(),
    }
}

/// An organisation chosen in a select (its id).
pub(crate) fn parse_org(value: &str) -> Result<OrgId, Problem> {
    Uuid::parse_str(value).map(OrgId).map_err(|_| Problem::UnknownCode {
        list: "organisation",
        value: value.to_owned(),
    })
}

/// For a form whose fields carry the domain's own names: the field a refused path names, if
/// the form shows it (anything else goes on the form as a whole).
pub(crate) fn same_names(fields: &'static [&'static str]) -> impl Fn(&str) -> Option<&'static str> {
    move |path| fields.iter().copied().find(|f| *f == path)
}
