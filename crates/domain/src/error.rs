//! Validation errors: what is wrong, and in which field.
//!
//! Every constructor and every store write reports bad input as a [`ValidationErrors`]: a list
//! of [`FieldError`]s, each naming the field by its path (`documents[0].number`,
//! `details.detention[1].ended_on`) and the [`Problem`] as data, so the web layer can say it
//! in the user's language and next to the field.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

/// What is wrong with one field's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// A value is needed and none was given.
    Required,
    /// Text longer than allowed.
    TooLong { max: usize },
    /// A date after today: facts are recorded once they have happened.
    InFuture { date: NaiveDate, today: NaiveDate },
    /// This date lies before another one that it must follow.
    BeforeOther {
        date: NaiveDate,
        other_field: String,
        other: NaiveDate,
    },
    /// A value that is not in its code list (a picklist, a country, a currency).
    UnknownCode { list: &'static str, value: String },
    /// A negative amount or count.
    Negative,
    /// An age that no living person has.
    AgeOver { max: u32, age: i64 },
    /// A number outside its allowed range.
    OutOfRange { min: i64, max: i64, value: i64 },
    /// The same value given twice where each must be unique.
    Duplicate { value: String },
    /// Malformed input, with the reason.
    Invalid { reason: String },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Required => write!(f, "a value is required"),
            Self::TooLong { max } => write!(f, "is longer than {max} characters"),
            Self::InFuture { date, today } => {
                write!(f, "{date} is in the future (today is {today})")
            }
            Self::BeforeOther {
                date,
                other_field,
                other,
            } => write!(f, "{date} is before {other_field} ({other})"),
            Self::UnknownCode { list, value } => write!(f, "'{value}' is not a known {list}"),
            Self::Negative => write!(f, "must not be negative"),
            Self::AgeOver { max, age } => write!(f, "gives an age of {age}, over {max}"),
            Self::OutOfRange { min, max, value } => {
                write!(f, "{value} is outside {min}..={max}")
            }
            Self::Duplicate { value } => write!(f, "'{value}' is given more than once"),
            Self::Invalid { reason } => write!(f, "{reason}"),
        }
    }
}

impl std::error::Error for Problem {}

/// One field with a problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FieldError {
    /// Path of the field, e.g. `details.detention[0].ended_on`.
    pub field: String,
    #[serde(flatten)]
    pub problem: Problem,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

/// Every problem found in one input; never empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error, schemars::JsonSchema)]
pub struct ValidationErrors {
    pub errors: Vec<FieldError>,
}

impl ValidationErrors {
    pub fn single(field: impl Into<String>, problem: Problem) -> Self {
        Self {
            errors: vec![FieldError {
                field: field.into(),
                problem,
            }],
        }
    }

    /// Whether some error names this field (exactly).
    pub fn has(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    /// Prefix every field path, for errors of a part reported within a whole
    /// (`names[1]` + `.given`).
    #[must_use]
    pub fn within(mut self, prefix: &str) -> Self {
        for e in &mut self.errors {
            e.field = join_path(prefix, &e.field);
        }
        self
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

fn join_path(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_owned()
    } else if field.is_empty() {
        prefix.to_owned()
    } else if field.starts_with('[') {
        format!("{prefix}{field}")
    } else {
        format!("{prefix}.{field}")
    }
}

/// Collects the problems of one input, so a form shows all of them at once rather than
/// one per submission.
#[derive(Debug, Default)]
pub struct Checks {
    prefix: String,
    errors: Vec<FieldError>,
}

impl Checks {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, field: &str, problem: Problem) {
        self.errors.push(FieldError {
            field: join_path(&self.prefix, field),
            problem,
        });
    }

    /// Run checks for a part of the input under a field path prefix.
    pub fn nested(&mut self, prefix: &str, check: impl FnOnce(&mut Self)) {
        let inner = join_path(&self.prefix, prefix);
        let outer = std::mem::replace(&mut self.prefix, inner);
        check(self);
        self.prefix = outer;
    }

    /// Record the outcome of a check that returns a `Result`.
    pub fn result<T>(&mut self, field: &str, outcome: Result<T, Problem>) -> Option<T> {
        match outcome {
            Ok(value) => Some(value),
            Err(problem) => {
                self.push(field, problem);
                None
            }
        }
    }

    /// Merge errors from a part validated on its own.
    pub fn absorb(&mut self, prefix: &str, outcome: Result<(), ValidationErrors>) {
        if let Err(errors) = outcome {
            let full = join_path(&self.prefix, prefix);
            self.errors.extend(errors.within(&full).errors);
        }
    }

    pub fn not_future(&mut self, field: &str, date: NaiveDate, today: NaiveDate) {
        if date > today {
            self.push(field, Problem::InFuture { date, today });
        }
    }

    /// `later` (named `field`) must not come before `earlier` (named `earlier_field`).
    pub fn not_before(&mut self, field: &str, later: NaiveDate, earlier_field: &str, earlier: NaiveDate) {
        if later < earlier {
            self.push(
                field,
                Problem::BeforeOther {
                    date: later,
                    other_field: join_path(&self.prefix, earlier_field),
                    other: earlier,
                },
            );
        }
    }

    /// Required, trimmed-non-empty text of at most `max` characters.
    pub fn text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.push(field, Problem::Required);
        } else {
            self.optional_text(field, Some(value), max);
        }
    }

    /// Optional text of at most `max` characters, without control characters.
    pub fn optional_text(&mut self, field: &str, value: Option<&str>, max: usize) {
        let Some(value) = value else { return };
        if value.chars().count() > max {
            self.push(field, Problem::TooLong { max });
        } else if value
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
        {
            self.push(
                field,
                Problem::Invalid {
                    reason: "contains control characters".into(),
                },
            );
        }
    }

    pub fn non_negative(&mut self, field: &str, value: i64) {
        if value < 0 {
            self.push(field, Problem::Negative);
        }
    }

    pub fn finish(self) -> Result<(), ValidationErrors> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors { errors: self.errors })
        }
    }
}

/// Input that can check itself against today's date.
pub trait Validate {
    fn validate(&self, today: NaiveDate) -> Result<(), ValidationErrors>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_paths_name_the_field() {
        let mut checks = Checks::new();
        checks.nested("documents[0]", |c| c.push("number", Problem::Required));
        checks.nested("names", |c| c.push("[2]", Problem::Required));
        let errors = checks.finish().unwrap_err();
        assert!(errors.has("documents[0].number"));
        assert!(errors.has("names[2]"));
        assert_eq!(
            errors.to_string(),
            "documents[0].number: a value is required; names[2]: a value is required"
        );
    }

    #[test]
    fn order_check_names_both_fields() {
        let mut checks = Checks::new();
        let start = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(2024, 4, 1).unwrap();
        checks.nested("detention[0]", |c| c.not_before("ended_on", end, "started_on", start));
        let e = checks.finish().unwrap_err();
        assert_eq!(
            e.to_string(),
            "detention[0].ended_on: 2024-04-01 is before detention[0].started_on (2024-05-01)"
        );
    }
}
