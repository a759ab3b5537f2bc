//! The register of licensed agencies, for administrators: how many entries it holds and an
//! import of the licensing authority's CSV, all rows or none, each bad row named by line.

use askama::Template;
use axum::Extension;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use haven_domain::agency::{AgencyInput, AgencyKind};
use haven_domain::country::CountryCode;
use haven_store::{RegisterImport, StoreError};

use super::{Chrome, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;
use crate::forms::problem_text;
use crate::i18n::Tr;

/// The columns an import needs, in any order; others are ignored.
pub(crate) const COLUMNS: [&str; 6] = ["licence_no", "name", "kind", "country", "valid_from", "valid_until"];

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    chrome: Chrome,
    imported: Option<RegisterImport>,
    problems: Vec<String>,
    columns: &'static [&'static str],
}

fn page(viewer: &Viewer, imported: Option<RegisterImport>, problems: Vec<String>) -> Result<Html<String>, WebError> {
    render(&RegisterPage {
        chrome: Chrome::new(viewer, "register-title", "/admin/agencies"),
        imported,
        problems,
        columns: &COLUMNS,
    })
}

pub(crate) async fn show(Extension(viewer): Extension<Viewer>) -> Result<Html<String>, WebError> {
    page(&viewer, None, Vec::new())
}

/// Read the register's CSV: UTF-8 (with or without a byte-order mark), comma or semicolon
/// separated, a header naming the columns. Every problem is reported, by line and column.
pub(crate) fn read_register_csv(tr: Tr, bytes: &[u8]) -> Result<Vec<AgencyInput>, Vec<String>> {
    let text = std::str::from_utf8(bytes).map_err(|_| vec![tr.t("register-not-utf8")])?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header_line = text.lines().next().unwrap_or("");
    let delimiter = if header_line.contains(';') && !header_line.contains(',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| vec![e.to_string()])?.clone();
    let position: Vec<Option<usize>> = COLUMNS
        .iter()
        .map(|c| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(c)))
        .collect();
    let missing: Vec<&str> = COLUMNS
        .iter()
        .zip(&position)
        .filter(|(c, p)| p.is_none() && **c != "valid_until")
        .map(|(c, _)| *c)
        .collect();
    if !missing.is_empty() {
        return Err(vec![tr.with_args(
            "register-missing-columns",
            &[("columns", missing.join(", ").into())],
        )]);
    }
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                problems.push(tr.with_args(
                    "register-bad-line",
                    &[("line", line.into()), ("reason", e.to_string().into())],
                ));
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let cell = |i: usize| position[i].and_then(|p| record.get(p)).unwrap_or("").trim();
        let mut bad = |column: &str, problem: &haven_domain::Problem| {
            problems.push(tr.with_args(
                "register-bad-cell",
                &[
                    ("line", line.into()),
                    ("column", column.to_owned().into()),
                    ("reason", problem_text(tr, problem).into()),
                ],
            ));
        };
        let date = |text: &str| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| haven_domain::Problem::Invalid {
                reason: tr.with_args("problem-not-a-date", &[("value", text.to_owned().into())]),
            })
        };
        let kind = AgencyKind::parse(cell(2)).map_err(|p| bad("kind", &p)).ok();
        let country = CountryCode::parse(cell(3)).map_err(|p| bad("country", &p)).ok();
        let valid_from = date(cell(4)).map_err(|p| bad("valid_from", &p)).ok();
        let valid_until = match cell(5) {
            "" => Some(None),
            text => date(text).map(Some).map_err(|p| bad("valid_until", &p)).ok(),
        };
        let entry = (|| {
            Some(AgencyInput {
                licence_no: cell(0).to_owned(),
                name: cell(1).to_owned(),
                kind: kind?,
                country: country?,
                valid_from: valid_from?,
                valid_until: valid_until?,
            })
        })();
        if let Some(entry) = entry {
            use haven_domain::error::Validate;
            if let Err(errors) = entry.validate(haven_store::today()) {
                for error in errors.errors {
                    bad(&error.field, &error.problem);
                }
            }
            entries.push((line, entry));
        }
    }
    let mut seen = std::collections::HashMap::new();
    for (line, entry) in &entries {
        if let Some(first) = seen.insert(entry.licence_no.clone(), *line) {
            problems.push(tr.with_args(
                "register-duplicate",
                &[
                    ("line", (*line).into()),
                    ("first", first.into()),
                    ("licence", entry.licence_no.clone().into()),
                ],
            ));
        }
    }
    if problems.is_empty() {
        Ok(entries.into_iter().map(|(_, e)| e).collect())
    } else {
        Err(problems)
    }
}

#[tracing::instrument(skip_all)]
pub(crate) async fn import(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    mut multipart: Multipart,
) -> Result<Response, WebError> {
    let tr = viewer.tr;
    let mut file = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| WebError::new(StatusCode::BAD_REQUEST, e.body_text()))?
    {
        if field.name() == Some("file") {
            file = Some(
                field
                    .bytes()
                    .await
                    .map_err(|e| WebError::new(StatusCode::BAD_REQUEST, e.body_text()))?,
            );
        }
    }
    let refuse = |problems: Vec<String>| -> Result<Response, WebError> {
        Ok((StatusCode::UNPROCESSABLE_ENTITY, page(&viewer, None, problems)?).into_response())
    };
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        return refuse(vec![tr.t("register-no-file")]);
    };
    let entries = match read_register_csv(tr, &bytes) {
        Ok(entries) => entries,
        Err(problems) => return refuse(problems),
    };
    match state.store.import_agencies(&viewer.actor, &entries).await {
        Ok(outcome) => Ok(page(&viewer, Some(outcome), Vec::new())?.into_response()),
        Err(StoreError::Invalid(errors)) => refuse(
            errors
                .errors
                .iter()
                .map(|e| format!("{}: {}", e.field, problem_text(tr, &e.problem)))
                .collect(),
        ),
        Err(other) => Err(other.into()),
    }
}
