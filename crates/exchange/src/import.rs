//! A file of one kind of record into the database, whole or not at all.
//!
//! Each row has a natural key (the `key` column: the source system's own number for the
//! record). The key is how a second import of the same file finds what the first made of each
//! row and changes nothing, and how a later file refers to a record of an earlier one: a case
//! names its person by the person's key (or the person's code, `P-...`), an event its case.
//! Organisations are named by their short name.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use chrono::NaiveDate;
use haven_domain::access::Actor;
use haven_domain::assistance::AssistanceInput;
use haven_domain::case::{CaseDetails, CaseInput, CaseKind, CaseStatus};
use haven_domain::country::CountryCode;
use haven_domain::date::PartialDate;
use haven_domain::error::Validate;
use haven_domain::event::NewEvent;
use haven_domain::funding::FundingInput;
use haven_domain::ids::{AssistanceId, CaseId, EventId, FundingId, OrgId, PersonId, PreventionId};
use haven_domain::person::{
    DocumentKind, Identity, IdentityDocument, NameSource, NameVariant, NewPerson, PersonCode, Script, Sex,
};
use haven_domain::prevention::PreventionInput;
use haven_store::{Batch, ImportKey, Store};
use rayon::prelude::*;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::flat::{self, Tree};
use crate::source::{ReadOptions, read_table};
use crate::{ImportError, Rejection};

/// What kind of record a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Persons,
    Cases(CaseKind),
    Events,
    Assistance,
    Prevention,
    Funding,
}

impl ImportKind {
    pub const NAMES: [&'static str; 11] = [
        "persons",
        "trafficking-cases",
        "criminal-cases",
        "migration-cases",
        "protection-cases",
        "citizenship-cases",
        "hotline-cases",
        "events",
        "assistance",
        "prevention",
        "funding",
    ];

    pub fn parse(name: &str) -> Result<Self, ImportError> {
        Ok(match name {
            "persons" => Self::Persons,
            "events" => Self::Events,
            "assistance" => Self::Assistance,
            "prevention" => Self::Prevention,
            "funding" => Self::Funding,
            other => {
                let kind = other
                    .strip_suffix("-cases")
                    .and_then(|k| CaseKind::parse(k).ok())
                    .ok_or_else(|| ImportError::UnknownKind(other.to_owned()))?;
                Self::Cases(kind)
            }
        })
    }

    /// The name keys of this kind are kept under; all case kinds share one, so that an event
    /// names its case by key whatever the case's kind.
    fn keys_of(self) -> &'static str {
        match self {
            Self::Persons => "persons",
            Self::Cases(_) => "cases",
            Self::Events => "events",
            Self::Assistance => "assistance",
            Self::Prevention => "prevention",
            Self::Funding => "funding",
        }
    }

    fn plural(self) -> String {
        match self {
            Self::Cases(kind) => format!("{} cases", kind.code()),
            other => other.keys_of().to_owned(),
        }
    }

    /// Columns that name another record, and whether a row must have one.
    fn references(self) -> &'static [(&'static str, Reference, bool)] {
        match self {
            Self::Persons => &[],
            Self::Cases(_) => &[("org", Reference::Org, true), ("person", Reference::Person, false)],
            Self::Events => &[("case", Reference::Case, true)],
            Self::Assistance => &[
                ("person", Reference::Person, true),
                ("case", Reference::Case, false),
                ("provider", Reference::Org, true),
                ("funding", Reference::Funding, false),
            ],
            Self::Prevention => &[("org", Reference::Org, true)],
            Self::Funding => &[("recipient", Reference::Org, false)],
        }
    }
}

/// What a reference column names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reference {
    /// An organisation, by short name.
    Org,
    /// A person, by the key of an earlier import or by code.
    Person,
    /// A case, by the key of an earlier import.
    Case,
    /// A funding allocation, by the key of an earlier import.
    Funding,
}

impl Reference {
    /// The keys a reference by key is looked up among, and what it names, for messages.
    fn keyed(self) -> Option<(&'static str, &'static str)> {
        match self {
            Self::Org => None,
            Self::Person => Some((ImportKind::Persons.keys_of(), "person")),
            Self::Case => Some((ImportKind::Cases(CaseKind::Trafficking).keys_of(), "case")),
            Self::Funding => Some((ImportKind::Funding.keys_of(), "funding allocation")),
        }
    }
}

/// How a source file's columns and values are read: a `--mapping` TOML file.
///
/// ```toml
/// date_format = "%m.%d.%Y"     # the file writes dates month first
/// delimiter = ";"
/// encoding = "windows-1251"
/// sheet = "Victims"
/// [columns]                   # the file's name = Haven's name
/// "Фамилия" = "family_name"
/// "Номер" = "key"
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    pub date_format: Option<String>,
    pub delimiter: Option<String>,
    pub encoding: Option<String>,
    pub sheet: Option<String>,
    #[serde(default)]
    pub columns: HashMap<String, String>,
}

impl Mapping {
    pub fn parse(text: &str) -> Result<Self, ImportError> {
        toml::from_str(text).map_err(|e| ImportError::Mapping(e.to_string()))
    }

    /// Reading options with what the mapping says.
    pub fn read_options(&self, mut options: ReadOptions) -> Result<ReadOptions, ImportError> {
        if let Some(delimiter) = &self.delimiter {
            options.delimiter = Some(parse_delimiter(delimiter)?);
        }
        if let Some(label) = &self.encoding {
            options.encoding = Some(parse_encoding(label)?);
        }
        if self.sheet.is_some() {
            options.sheet.clone_from(&self.sheet);
        }
        Ok(options)
    }
}

/// `,`, `;`, `|`, or `tab` / `\t`.
pub fn parse_delimiter(text: &str) -> Result<u8, ImportError> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        one if one.len() == 1 && one.is_ascii() => Ok(one.as_bytes()[0]),
        other => Err(ImportError::Mapping(format!(
            "'{other}' is not a delimiter (one character, or 'tab')"
        ))),
    }
}

/// An encoding by its WHATWG label (`windows-1251`, `utf-8`, `koi8-r`...).
pub fn parse_encoding(label: &str) -> Result<&'static encoding_rs::Encoding, ImportError> {
    encoding_rs::Encoding::for_label(label.as_bytes())
        .ok_or_else(|| ImportError::Mapping(format!("'{label}' is not an encoding Haven knows")))
}

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub read: ReadOptions,
    pub mapping: Mapping,
    /// Check every row and report, write nothing.
    pub dry_run: bool,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    /// Rows in the file, the header not counted.
    pub rows: usize,
    /// Rows that are new records (written unless the import was a dry run or rejected rows).
    pub new: usize,
    /// Rows imported before, unchanged, left as they are.
    pub unchanged: usize,
    /// Rows not imported, by line; if any, nothing was written.
    pub rejected: Vec<Rejection>,
    /// Whether the new records were written.
    pub written: bool,
}

/// Read, check and (unless a dry run or a row is rejected) write a file, all in one
/// transaction. `progress` hears how many rows of how many have been checked.
#[tracing::instrument(skip_all)]
pub async fn import_file(
    store: &dyn Store,
    kind: ImportKind,
    path: &Path,
    options: &ImportOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportOutcome, ImportError> {
    let mapping = &options.mapping;
    let read = mapping.read_options(options.read.clone())?;
    let known = |name: &str| {
        mapping.columns.contains_key(name)
            || (!name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'))
    };
    let mut table = read_table(path, &read, &known)?;
    // Haven's name of each column; an unnamed column (a spreadsheet's row numbers) is skipped.
    let columns: Vec<String> = table
        .header
        .iter()
        .map(|name| mapping.columns.get(name).cloned().unwrap_or_else(|| name.clone()))
        .collect();
    let source_name: HashMap<&str, &str> = columns
        .iter()
        .zip(&table.header)
        .map(|(haven, source)| (haven.as_str(), source.as_str()))
        .collect();
    let key_column = columns
        .iter()
        .position(|c| c == "key")
        .ok_or_else(|| ImportError::MissingColumn {
            column: "key".into(),
            hint: format!(
                " (each row's own number in the source; the file's columns are: {})",
                table.header.join(", ")
            ),
        })?;
    for (column, _, required) in kind.references() {
        if *required && !columns.iter().any(|c| c == column) {
            return Err(ImportError::MissingColumn {
                column: (*column).to_owned(),
                hint: String::new(),
            });
        }
    }
    let total = table.rows.len() as u64;
    let system = Actor::system("import");
    let references = References::load(store, &system, kind, &columns, &table.rows).await?;
    let mut rejected = std::mem::take(&mut table.rejected);
    // Keys first, in file order: the first row with a key keeps it.
    let mut first_line_of_key: HashMap<&str, u64> = HashMap::new();
    let mut keyed_rows: Vec<(&str, &crate::source::Row)> = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let key = row.cells[key_column].trim();
        let problem = if key.is_empty() {
            Some("a key is required".to_owned())
        } else if let Some(&first) = first_line_of_key.get(key) {
            Some(format!("the key '{key}' is also on line {first}"))
        } else {
            first_line_of_key.insert(key, row.line);
            keyed_rows.push((key, row));
            None
        };
        if let Some(reason) = problem {
            rejected.push(Rejection {
                line: row.line,
                column: table.header[key_column].clone(),
                reason,
            });
        }
    }
    let mut records: Vec<(&str, String, Record)> = Vec::with_capacity(keyed_rows.len());
    let mut unknown_columns: BTreeSet<String> = BTreeSet::new();
    let check = RowCheck {
        kind,
        mapping,
        header: &table.header,
        columns: &columns,
        key_column,
        source_name: &source_name,
        references: &references,
        today: haven_store::today(),
    };
    // Rows are checked on every core, a chunk at a time so that progress can be shown;
    // results are gathered in file order.
    for (chunk_index, chunk) in keyed_rows.chunks(ROWS_CHECKED_AT_A_TIME).enumerate() {
        progress((chunk_index * ROWS_CHECKED_AT_A_TIME) as u64, total);
        let checked: Vec<_> = chunk.par_iter().map(|(key, row)| (*key, check.row(row))).collect();
        for (key, result) in checked {
            match result {
                Ok((content, record, unused)) => {
                    unknown_columns.extend(unused);
                    records.push((key, content, record));
                }
                Err(problems) => rejected.extend(problems),
            }
        }
    }
    progress(total, total);
    if !unknown_columns.is_empty() {
        return Err(ImportError::UnknownColumns {
            kind: kind.plural(),
            columns: unknown_columns.into_iter().collect::<Vec<_>>().join(", "),
        });
    }

    let keyed: Vec<(String, String)> = records
        .iter()
        .map(|(key, content, _)| ((*key).to_owned(), content.clone()))
        .collect();
    let before = store.imported(&system, kind.keys_of(), &keyed).await?;
    let mut outcome = ImportOutcome {
        rows: table.rows.len(),
        ..ImportOutcome::default()
    };
    let mut batch = Batch::default();
    for ((key, content, record), before) in records.into_iter().zip(before) {
        match before {
            Some(found) if found.unchanged => outcome.unchanged += 1,
            Some(_) => rejected.push(Rejection {
                line: first_line_of_key[key],
                column: table.header[key_column].clone(),
                reason: format!(
                    "the key '{key}' was imported before with other values; Haven keeps the record as it is \
                     (change it in Haven, or give the row a new key)"
                ),
            }),
            None => {
                outcome.new += 1;
                let id = record.add_to(&mut batch);
                batch.import_keys.push(ImportKey {
                    kind: kind.keys_of(),
                    key: key.to_owned(),
                    record: id,
                    content,
                });
            }
        }
    }
    rejected.sort_by(|a, b| (a.line, &a.column).cmp(&(b.line, &b.column)));
    outcome.rejected = rejected;
    if outcome.rejected.is_empty() && !options.dry_run && !batch.is_empty() {
        store.write_batch(&system, &batch).await?;
        outcome.written = true;
    }
    Ok(outcome)
}

/// Rows checked by one worker between progress reports.
const ROWS_CHECKED_AT_A_TIME: usize = 8192;

/// What checking a row needs to know about the file.
struct RowCheck<'a> {
    kind: ImportKind,
    mapping: &'a Mapping,
    header: &'a [String],
    /// Haven's name of each column.
    columns: &'a [String],
    key_column: usize,
    /// The file's name of each of Haven's column names.
    source_name: &'a HashMap<&'a str, &'a str>,
    references: &'a References,
    today: NaiveDate,
}

impl RowCheck<'_> {
    /// A row as a record (with its content for the import key and the columns no field
    /// took), or every problem found in it.
    fn row(&self, row: &crate::source::Row) -> Result<(String, Record, Unused), Vec<Rejection>> {
        let reject = |column: String, reason: String| Rejection {
            line: row.line,
            column,
            reason,
        };
        let column_of = |path: &str| -> String {
            let column = field_column(self.kind, path);
            self.source_name
                .get(column.as_str())
                .map_or(column, |s| (*s).to_owned())
        };
        let mut cells: Vec<(&str, String)> = Vec::with_capacity(self.columns.len());
        let mut problems = Vec::new();
        for (i, (column, text)) in self.columns.iter().zip(&row.cells).enumerate() {
            if i == self.key_column {
                continue;
            }
            if column.is_empty() {
                if !text.trim().is_empty() {
                    problems.push(reject(
                        String::new(),
                        format!("column {} has a value but no name", i + 1),
                    ));
                }
                continue;
            }
            let value = match self.references.resolve(self.kind, column, text.trim()) {
                Ok(Some(id)) => id.to_string(),
                Ok(None) => match normalise_date(column, text, self.mapping.date_format.as_deref()) {
                    Ok(value) => value,
                    Err(reason) => {
                        problems.push(reject(self.header[i].clone(), reason));
                        continue;
                    }
                },
                Err(reason) => {
                    problems.push(reject(self.header[i].clone(), reason));
                    continue;
                }
            };
            cells.push((column.as_str(), value));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let tree = Tree::new(cells.iter().map(|(c, v)| (*c, v.as_str())));
        let (record, unused) = Record::read(self.kind, &tree)
            .map_err(|e| vec![reject(column_of(e.path.as_deref().unwrap_or("")), e.message)])?;
        if let Err(errors) = record.validate(self.today) {
            return Err(errors
                .errors
                .into_iter()
                .map(|e| reject(column_of(&e.field), e.problem.to_string()))
                .collect());
        }
        let unused = unused
            .into_iter()
            .map(|path| self.source_name.get(path.as_str()).map_or(path, |s| (*s).to_owned()))
            .collect();
        cells.sort();
        let content: Vec<String> = cells.iter().map(|(c, v)| format!("{c}={v}")).collect();
        Ok((content.join("\u{1f}"), record, unused))
    }
}

/// The column a domain field path comes from (`identity.names[0].family` → `family_name`).
fn field_column(kind: ImportKind, path: &str) -> String {
    if kind == ImportKind::Persons {
        let column = match path {
            "identity.names[0].family"
            | "identity.names[0]"
            | "identity.names[0].script"
            | "identity.names[1].script" => "family_name",
            "identity.names[0].given" => "given_name",
            "identity.names[0].patronymic" => "patronymic",
            "identity.names[1].family" | "identity.names[1]" => "family_name_latin",
            "identity.names[1].given" => "given_name_latin",
            "identity.birth_date" => "birth_date",
            "identity.documents[0].number" => "document_number",
            "identity.contacts[0].value" => "phone",
            "citizenships" => "citizenship",
            other => other,
        };
        return column.to_owned();
    }
    path.to_owned()
}

/// A date column: the domain names dates `..._on`, and a few more.
fn is_date_column(column: &str) -> bool {
    let last = column.rsplit('.').next().unwrap_or(column);
    last.ends_with("_on") || matches!(last, "valid_until" | "document_valid_until" | "birth_date")
}

/// A date as the domain reads it (`YYYY-MM-DD`; a date of birth may be `YYYY` or `YYYY-MM`),
/// from ISO or `DD.MM.YYYY` (how dates are written in Belarus and Russia), or the mapping's
/// format.
fn normalise_date(column: &str, text: &str, format: Option<&str>) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() || !is_date_column(column) {
        return Ok(text.to_owned());
    }
    if let Some(format) = format {
        return NaiveDate::parse_from_str(text, format)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .map_err(|_| format!("'{text}' is not a date of the form {format} (the mapping's date_format)"));
    }
    if column.ends_with("birth_date") && text.parse::<PartialDate>().is_ok() {
        return Ok(text.to_owned());
    }
    if NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() {
        return Ok(text.to_owned());
    }
    let parts: Vec<&str> = text.split('.').collect();
    if let [day, month, year] = parts[..]
        && year.len() == 4
    {
        let (d, m) = (day.parse::<u32>().unwrap_or(0), month.parse::<u32>().unwrap_or(0));
        if let Some(date) = year.parse::<i32>().ok().and_then(|y| NaiveDate::from_ymd_opt(y, m, d)) {
            return Ok(date.format("%Y-%m-%d").to_string());
        }
        if m > 12 && d <= 12 {
            return Err(format!(
                "'{text}' is not a date: {m} is not a month. Dates are read as DD.MM.YYYY or YYYY-MM-DD; \
                 if the file writes the month first (MM.DD.YYYY), say date_format = \"%m.%d.%Y\" in a --mapping file"
            ));
        }
    }
    Err(format!("'{text}' is not a date (YYYY-MM-DD or DD.MM.YYYY)"))
}

/// Other records the rows name, looked up once for the whole file.
#[derive(Debug, Default)]
struct References {
    orgs: HashMap<String, OrgId>,
    /// By key (or code, for persons), per reference kind.
    keyed: HashMap<(&'static str, String), Uuid>,
}

impl References {
    async fn load(
        store: &dyn Store,
        system: &Actor,
        kind: ImportKind,
        columns: &[String],
        rows: &[crate::source::Row],
    ) -> Result<Self, ImportError> {
        let mut found = Self::default();
        for (column, reference, _) in kind.references() {
            let Some(index) = columns.iter().position(|c| c == column) else {
                continue;
            };
            let mut values: Vec<String> = rows.iter().map(|r| r.cells[index].trim().to_owned()).collect();
            values.sort();
            values.dedup();
            values.retain(|v| !v.is_empty());
            match reference {
                Reference::Org => {
                    for org in store.organisations().await? {
                        if let Some(short) = org.short_name {
                            found.orgs.insert(short, org.id);
                        }
                    }
                }
                Reference::Person | Reference::Case | Reference::Funding => {
                    let Some((keys_of, _)) = reference.keyed() else {
                        continue;
                    };
                    let (codes, keys): (Vec<String>, Vec<String>) = values
                        .into_iter()
                        .partition(|v| *reference == Reference::Person && v.starts_with("P-"));
                    for code in codes {
                        if let Ok(parsed) = PersonCode::parse(&code)
                            && let Ok(person) = store.person_by_code(system, &parsed).await
                        {
                            found.keyed.insert((keys_of, code), person.id.0);
                        }
                    }
                    let asked: Vec<(String, String)> = keys.iter().map(|k| (k.clone(), String::new())).collect();
                    let imported = store.imported(system, keys_of, &asked).await?;
                    for (key, record) in keys.into_iter().zip(imported) {
                        if let Some(record) = record {
                            found.keyed.insert((keys_of, key), record.record);
                        }
                    }
                }
            }
        }
        Ok(found)
    }

    /// The id a reference column's text names; `None` for a column that is not a reference.
    fn resolve(&self, kind: ImportKind, column: &str, text: &str) -> Result<Option<Uuid>, String> {
        let Some((_, reference, _)) = kind.references().iter().find(|(c, _, _)| *c == column) else {
            return Ok(None);
        };
        if text.is_empty() {
            return Ok(None);
        }
        let Some((keys_of, what)) = reference.keyed() else {
            return self
                .orgs
                .get(text)
                .map(|id| Some(id.0))
                .ok_or_else(|| format!("no organisation has the short name '{text}'"));
        };
        self.keyed
            .get(&(keys_of, text.to_owned()))
            .map(|id| Some(*id))
            .ok_or_else(|| format!("no {what} was imported with the key '{text}'"))
    }
}

/// A person's row: the names as written in the source and, where the source has it, in
/// Latin letters; one document; one phone number.
#[derive(Debug, Deserialize)]
struct PersonRow {
    family_name: Option<String>,
    given_name: Option<String>,
    patronymic: Option<String>,
    family_name_latin: Option<String>,
    given_name_latin: Option<String>,
    name_source: Option<NameSource>,
    sex: Sex,
    birth_date: Option<PartialDate>,
    citizenship: Vec<CountryCode>,
    document_kind: Option<DocumentKind>,
    document_country: Option<CountryCode>,
    document_number: Option<String>,
    document_valid_until: Option<NaiveDate>,
    phone: Option<String>,
}

impl PersonRow {
    fn into_person(self) -> Result<NewPerson, flat::FlatError> {
        let source = self.name_source.unwrap_or(NameSource::Other);
        let name = |given: Option<String>, family: Option<String>, patronymic: Option<String>| {
            let given = given.unwrap_or_default();
            let family = family.unwrap_or_default();
            let script = Script::detect(&format!("{given} {family}"));
            NameVariant {
                script: if script == Script::Other { Script::Latin } else { script },
                source,
                recorded_by: None,
                given,
                family,
                patronymic,
            }
        };
        let mut names = vec![name(self.given_name, self.family_name, self.patronymic)];
        if self.family_name_latin.is_some() || self.given_name_latin.is_some() {
            names.push(name(self.given_name_latin, self.family_name_latin, None));
        }
        let documents = match (self.document_number, self.document_kind, self.document_country) {
            (None, _, _) => Vec::new(),
            (Some(number), Some(kind), Some(issuing_country)) => vec![IdentityDocument {
                kind,
                issuing_country,
                number,
                valid_until: self.document_valid_until,
            }],
            (Some(_), None, _) => return Err(required("document_kind")),
            (Some(_), _, None) => return Err(required("document_country")),
        };
        let contacts = self
            .phone
            .map(|value| haven_domain::person::Contact {
                kind: haven_domain::person::ContactKind::Phone,
                value,
            })
            .into_iter()
            .collect();
        Ok(NewPerson {
            sex: self.sex,
            citizenships: self.citizenship,
            identity: Identity {
                names,
                birth_date: self.birth_date,
                documents,
                contacts,
            },
        })
    }
}

fn required(column: &str) -> flat::FlatError {
    flat::FlatError {
        path: Some(column.to_owned()),
        message: "a value is required with a document number".into(),
    }
}

/// A case's row. Not `CaseInput` itself: its details are an internally tagged enum, which
/// serde reads through a buffer that loses the on-demand parsing of cells, so the details
/// are read as the kind's own type and wrapped.
#[derive(Debug, Deserialize)]
struct CaseRow<D> {
    org: OrgId,
    person: Option<PersonId>,
    reference: String,
    opened_on: NaiveDate,
    closed_on: Option<NaiveDate>,
    status: CaseStatus,
    details: D,
}

impl<D> CaseRow<D> {
    fn into_case(self, details: impl FnOnce(D) -> CaseDetails) -> CaseInput {
        CaseInput {
            org: self.org,
            person: self.person,
            reference: self.reference,
            opened_on: self.opened_on,
            closed_on: self.closed_on,
            status: self.status,
            details: details(self.details),
        }
    }
}

/// One row read as the record it becomes.
#[derive(Debug)]
enum Record {
    Person(NewPerson),
    Case(CaseInput),
    Event(NewEvent),
    Assistance(AssistanceInput),
    Prevention(PreventionInput),
    Funding(FundingInput),
}

type Unused = BTreeSet<String>;

fn case<D: DeserializeOwned>(
    tree: &Tree,
    wrap: impl FnOnce(D) -> CaseDetails,
) -> Result<(Record, Unused), flat::FlatError> {
    let (row, unused): (CaseRow<D>, _) = flat::read(tree)?;
    Ok((Record::Case(row.into_case(wrap)), unused))
}

impl Record {
    fn read(kind: ImportKind, tree: &Tree) -> Result<(Self, Unused), flat::FlatError> {
        Ok(match kind {
            ImportKind::Persons => {
                let (row, unused): (PersonRow, _) = flat::read(tree)?;
                (Self::Person(row.into_person()?), unused)
            }
            ImportKind::Cases(kind) => match kind {
                CaseKind::Trafficking => case(tree, CaseDetails::Trafficking)?,
                CaseKind::Criminal => case(tree, CaseDetails::Criminal)?,
                CaseKind::Migration => case(tree, CaseDetails::Migration)?,
                CaseKind::Protection => case(tree, CaseDetails::Protection)?,
                CaseKind::Citizenship => case(tree, CaseDetails::Citizenship)?,
                CaseKind::Hotline => case(tree, CaseDetails::Hotline)?,
            },
            ImportKind::Events => {
                let (x, unused) = flat::read(tree)?;
                (Self::Event(x), unused)
            }
            ImportKind::Assistance => {
                let (x, unused) = flat::read(tree)?;
                (Self::Assistance(x), unused)
            }
            ImportKind::Prevention => {
                let (x, unused) = flat::read(tree)?;
                (Self::Prevention(x), unused)
            }
            ImportKind::Funding => {
                let (x, unused) = flat::read(tree)?;
                (Self::Funding(x), unused)
            }
        })
    }

    fn validate(&self, today: NaiveDate) -> Result<(), haven_domain::ValidationErrors> {
        match self {
            Self::Person(x) => x.validate(today),
            Self::Case(x) => x.validate(today),
            Self::Event(x) => x.validate(today),
            Self::Assistance(x) => x.validate(today),
            Self::Prevention(x) => x.validate(today),
            Self::Funding(x) => x.validate(today),
        }
    }

    /// Put the record in the batch under a new id, and say the id.
    fn add_to(self, batch: &mut Batch) -> Uuid {
        match self {
            Self::Person(x) => {
                let id = PersonId::new();
                batch.persons.push((id, x));
                id.0
            }
            Self::Case(x) => {
                let id = CaseId::new();
                batch.cases.push((id, x));
                id.0
            }
            Self::Event(x) => {
                let id = EventId::new();
                batch.events.push((id, x));
                id.0
            }
            Self::Assistance(x) => {
                let id = AssistanceId::new();
                batch.assistance.push((id, x));
                id.0
            }
            Self::Prevention(x) => {
                let id = PreventionId::new();
                batch.prevention.push((id, x));
                id.0
            }
            Self::Funding(x) => {
                let id = FundingId::new();
                batch.funding.push((id, x));
                id.0
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_day_first_and_month_first_only_when_told() {
        assert_eq!(normalise_date("opened_on", "16.09.2022", None).unwrap(), "2022-09-16");
        assert_eq!(normalise_date("opened_on", "2022-09-16", None).unwrap(), "2022-09-16");
        let error = normalise_date("opened_on", "09.16.2022", None).unwrap_err();
        assert!(error.contains("16 is not a month"), "{error}");
        assert!(error.contains("%m.%d.%Y"), "{error}");
        assert_eq!(
            normalise_date("opened_on", "09.16.2022", Some("%m.%d.%Y")).unwrap(),
            "2022-09-16"
        );
        assert_eq!(normalise_date("birth_date", "1990", None).unwrap(), "1990");
        assert_eq!(normalise_date("reference", "01.02.2023", None).unwrap(), "01.02.2023");
        assert!(normalise_date("details.decided_on", "31.02.2023", None).is_err());
    }

    #[test]
    fn kinds_are_named_as_on_the_command_line() {
        for name in ImportKind::NAMES {
            ImportKind::parse(name).unwrap();
        }
        assert_eq!(
            ImportKind::parse("trafficking-cases").unwrap(),
            ImportKind::Cases(CaseKind::Trafficking)
        );
        assert!(ImportKind::parse("victims").is_err());
    }
}
