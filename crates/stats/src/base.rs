//! Facts held in memory, column by column, each table sorted by its date, so that a period
//! is found by binary search and a figure is a scan over a few compact arrays.
//!
//! Loading happens once (a "cold" start); every figure after it is computed from memory
//! ("warm"). Codes are interned per column into 16-bit numbers, persons and organisations
//! into dense indexes, dates into day numbers.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{Datelike, NaiveDate};
use haven_domain::access::Actor;
use haven_domain::country::CountryCode;
use haven_domain::facts::{CodeFact, FactRow, FactSchema, FactSink, FactTable, OrgFact, PersonFact};
use haven_domain::ids::{OrgId, PersonId};
use haven_domain::person::Sex;
use haven_store::Store;
use tracing::instrument;
use uuid::Uuid;

use crate::StatsError;
use crate::timeline::Timeline;

pub(crate) const NO_PERSON: u32 = u32::MAX;
pub(crate) const NO_ORG: u16 = u16::MAX;
pub(crate) const NO_DATE: i32 = i32::MIN;
pub(crate) const NO_AMOUNT: i64 = i64::MIN;
/// The interned code of "not recorded".
pub(crate) const NOT_RECORDED: u16 = 0;

/// Whether a row mask (a bit per row) holds `row`.
pub(crate) fn has_row(mask: &[u64], row: usize) -> bool {
    mask[row / 64] & (1 << (row % 64)) != 0
}

pub(crate) fn day_number(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

pub(crate) fn year_of_day(day: i32) -> i32 {
    NaiveDate::from_num_days_from_ce_opt(day).map_or(0, |d| d.year())
}

/// The values one column takes, each with a 16-bit code; code 0 is "not recorded".
#[derive(Debug, Default)]
pub(crate) struct Dictionary {
    values: Vec<String>,
    index: HashMap<String, u16>,
}

impl Dictionary {
    fn intern(&mut self, value: Option<&str>, column: &str) -> Result<u16, StatsError> {
        let Some(value) = value else {
            return Ok(NOT_RECORDED);
        };
        if let Some(code) = self.index.get(value) {
            return Ok(*code);
        }
        let code = u16::try_from(self.values.len() + 1).map_err(|_| StatsError::TooManyValues {
            column: column.to_owned(),
        })?;
        self.values.push(value.to_owned());
        self.index.insert(value.to_owned(), code);
        Ok(code)
    }

    pub(crate) fn code_of(&self, value: &str) -> Option<u16> {
        self.index.get(value).copied()
    }

    /// The value of a code; `None` for "not recorded".
    pub(crate) fn value(&self, code: u16) -> Option<&str> {
        code.checked_sub(1).map(|i| self.values[usize::from(i)].as_str())
    }

    pub(crate) fn len(&self) -> usize {
        self.values.len() + 1
    }
}

/// Several codes per row (a trafficking case's forms of exploitation), in compressed rows.
#[derive(Debug, Default)]
pub(crate) struct CodeList {
    start: Vec<u32>,
    codes: Vec<u16>,
    pub(crate) dictionary: Dictionary,
}

impl CodeList {
    pub(crate) fn of_row(&self, row: usize) -> &[u16] {
        &self.codes[self.start[row] as usize..self.start[row + 1] as usize]
    }
}

/// One fact table in memory. Absent columns (a table without a second date, say) are empty.
#[derive(Debug)]
pub(crate) struct Table {
    pub(crate) schema: FactSchema,
    pub(crate) person: Vec<u32>,
    pub(crate) org: Vec<u16>,
    pub(crate) counterpart: Vec<u16>,
    /// Sorted ascending.
    pub(crate) date: Vec<i32>,
    pub(crate) other_date: Vec<i32>,
    pub(crate) amount: Vec<i64>,
    pub(crate) attributes: Vec<Vec<u16>>,
    pub(crate) dictionaries: Vec<Dictionary>,
    pub(crate) code_lists: Vec<CodeList>,
    /// Per person, the date of their first fact in this table (for "a person who had ...").
    first_date_of_person: OnceLock<Vec<i32>>,
}

impl Table {
    fn new(table: FactTable) -> Self {
        let schema = table.describe();
        Self {
            schema,
            person: Vec::new(),
            org: Vec::new(),
            counterpart: Vec::new(),
            date: Vec::new(),
            other_date: Vec::new(),
            amount: Vec::new(),
            attributes: schema.attributes.iter().map(|_| Vec::new()).collect(),
            dictionaries: schema.attributes.iter().map(|_| Dictionary::default()).collect(),
            code_lists: schema.code_lists.iter().map(|_| CodeList::default()).collect(),
            first_date_of_person: OnceLock::new(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.date.len()
    }

    /// The rows whose date lies in `first..=last` (day numbers).
    pub(crate) fn rows_between(&self, first: i32, last: i32) -> std::ops::Range<usize> {
        self.date.partition_point(|d| *d < first)..self.date.partition_point(|d| *d <= last)
    }

    pub(crate) fn first_date_of_person(&self, persons: usize) -> &[i32] {
        self.first_date_of_person.get_or_init(|| {
            let mut first = vec![i32::MAX; persons];
            // Rows are in date order: the first row seen for a person is their first fact.
            for (person, date) in self.person.iter().zip(&self.date) {
                if let Some(slot) = first.get_mut(*person as usize)
                    && *slot == i32::MAX
                {
                    *slot = *date;
                }
            }
            first
        })
    }

    fn reorder_by_date(&mut self, codes: &[(u32, u8, u16)]) {
        fn permute<T: Copy>(column: &mut Vec<T>, order: &[u32]) {
            if !column.is_empty() {
                *column = order.iter().map(|row| column[*row as usize]).collect();
            }
        }
        let mut order: Vec<u32> = (0..self.len() as u32).collect();
        order.sort_by_key(|row| self.date[*row as usize]);
        permute(&mut self.person, &order);
        permute(&mut self.org, &order);
        permute(&mut self.counterpart, &order);
        permute(&mut self.date, &order);
        permute(&mut self.other_date, &order);
        permute(&mut self.amount, &order);
        for column in &mut self.attributes {
            permute(column, &order);
        }
        let mut new_position = vec![0u32; order.len()];
        for (new, old) in order.iter().enumerate() {
            new_position[*old as usize] = new as u32;
        }
        for (list_index, list) in self.code_lists.iter_mut().enumerate() {
            let mut per_row: Vec<Vec<u16>> = vec![Vec::new(); order.len()];
            for (row, list, code) in codes {
                if usize::from(*list) == list_index {
                    per_row[new_position[*row as usize] as usize].push(*code);
                }
            }
            list.start = Vec::with_capacity(order.len() + 1);
            list.start.push(0);
            for row_codes in per_row {
                list.codes.extend(row_codes);
                list.start.push(list.codes.len() as u32);
            }
        }
    }
}

/// What statistics know of persons, by dense index.
#[derive(Debug, Default)]
pub(crate) struct Persons {
    pub(crate) sex: Vec<Sex>,
    /// 0 when unknown.
    pub(crate) birth_year: Vec<i16>,
    citizenship_start: Vec<u32>,
    citizenships: Vec<u16>,
    pub(crate) countries: Dictionary,
}

impl Persons {
    pub(crate) fn len(&self) -> usize {
        self.sex.len()
    }

    pub(crate) fn citizenships(&self, person: u32) -> &[u16] {
        let person = person as usize;
        if person + 1 >= self.citizenship_start.len() {
            return &[];
        }
        &self.citizenships[self.citizenship_start[person] as usize..self.citizenship_start[person + 1] as usize]
    }
}

/// Every fact statistics count from, in memory.
#[derive(Debug)]
pub struct FactBase {
    pub(crate) orgs: Vec<OrgFact>,
    pub(crate) persons: Persons,
    pub(crate) tables: BTreeMap<FactTable, Table>,
    /// Per indicator, the rows that pass its period-independent filters (see the engine).
    pub(crate) row_masks: PerIndicator<Vec<u64>>,
    /// Per indicator, its counted facts prepared for totals over any period.
    pub(crate) timelines: PerIndicator<Timeline>,
}

/// Something worked out once per indicator from the facts held (which never change once
/// loaded), kept for every later figure.
pub(crate) struct PerIndicator<T>(Mutex<HashMap<&'static str, Arc<T>>>);

impl<T> Default for PerIndicator<T> {
    fn default() -> Self {
        Self(Mutex::new(HashMap::new()))
    }
}

impl<T> std::fmt::Debug for PerIndicator<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let held = self.0.lock().map_or(0, |m| m.len());
        f.debug_struct("PerIndicator").field("held", &held).finish()
    }
}

impl<T> PerIndicator<T> {
    /// The value for `indicator`, computed the first time it is asked for.
    pub(crate) fn get(&self, indicator: &'static str, compute: impl FnOnce() -> T) -> Arc<T> {
        if let Some(value) = self.0.lock().ok().and_then(|m| m.get(indicator).cloned()) {
            return value;
        }
        let value = Arc::new(compute());
        if let Ok(mut held) = self.0.lock() {
            held.insert(indicator, value.clone());
        }
        value
    }
}

impl FactBase {
    /// Read the given tables (and persons and organisations) from the store in one snapshot.
    #[instrument(skip_all)]
    pub async fn load(store: &dyn Store, actor: &Actor, tables: &BTreeSet<FactTable>) -> Result<Self, StatsError> {
        let tables: Vec<FactTable> = tables.iter().copied().collect();
        let mut loader = Loader::new(&tables);
        let with_persons = tables.iter().any(|t| !FACTS_WITHOUT_PERSONS.contains(t));
        store.read_facts(actor, with_persons, &tables, &mut loader).await?;
        loader.finish()
    }

    /// Build from facts already at hand (tests, imports): `tables` are held, even if empty;
    /// rows of other tables are left out.
    pub fn from_facts(
        tables: &[FactTable],
        orgs: Vec<OrgFact>,
        persons: Vec<PersonFact>,
        rows: Vec<(FactTable, FactRow)>,
        codes: Vec<(FactTable, CodeFact)>,
    ) -> Result<Self, StatsError> {
        let mut loader = Loader::new(tables);
        for org in orgs {
            loader.organisation(org);
        }
        for person in persons {
            loader.person(person);
        }
        for (table, row) in rows {
            loader.row(table, row);
        }
        for (table, code) in codes {
            loader.code(table, code);
        }
        loader.finish()
    }

    pub(crate) fn table(&self, table: FactTable) -> Result<&Table, StatsError> {
        self.tables.get(&table).ok_or(StatsError::NotLoaded(table.name()))
    }

    pub(crate) fn org_label(&self, org: u16) -> Option<&str> {
        self.orgs.get(usize::from(org)).map(OrgFact::label)
    }

    /// How many facts of each table are held.
    pub fn sizes(&self) -> Vec<(&'static str, usize)> {
        self.tables.values().map(|t| (t.schema.name, t.len())).collect()
    }

    pub fn person_count(&self) -> usize {
        self.persons.len()
    }
}

/// Tables whose facts name no person: reading them needs no persons.
const FACTS_WITHOUT_PERSONS: [FactTable; 5] = [
    FactTable::Funding,
    FactTable::Prevention,
    FactTable::Trainings,
    FactTable::Cooperation,
    FactTable::SurveyAnswers,
];

/// Receives facts from the store and lays them out in columns.
struct Loader {
    orgs: Vec<OrgFact>,
    org_index: HashMap<OrgId, u16>,
    persons: Persons,
    person_index: HashMap<PersonId, u32>,
    citizenships: Vec<Vec<u16>>,
    tables: BTreeMap<FactTable, Table>,
    /// Row of each record, for tables with code lists, while loading.
    record_rows: HashMap<(FactTable, Uuid), u32>,
    codes: BTreeMap<FactTable, Vec<(u32, u8, u16)>>,
    error: Option<StatsError>,
}

impl Loader {
    fn new(tables: &[FactTable]) -> Self {
        Self {
            orgs: Vec::new(),
            org_index: HashMap::new(),
            persons: Persons::default(),
            person_index: HashMap::new(),
            citizenships: Vec::new(),
            tables: tables.iter().map(|t| (*t, Table::new(*t))).collect(),
            record_rows: HashMap::new(),
            codes: BTreeMap::new(),
            error: None,
        }
    }

    fn fail(&mut self, error: StatsError) {
        self.error.get_or_insert(error);
    }

    fn org(&self, org: Option<OrgId>) -> u16 {
        org.and_then(|o| self.org_index.get(&o).copied()).unwrap_or(NO_ORG)
    }

    fn finish(mut self) -> Result<FactBase, StatsError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let mut start = Vec::with_capacity(self.citizenships.len() + 1);
        start.push(0u32);
        for countries in self.citizenships {
            self.persons.citizenships.extend(countries);
            start.push(self.persons.citizenships.len() as u32);
        }
        self.persons.citizenship_start = start;
        for (kind, table) in &mut self.tables {
            table.reorder_by_date(&self.codes.remove(kind).unwrap_or_default());
        }
        Ok(FactBase {
            orgs: self.orgs,
            persons: self.persons,
            tables: self.tables,
            row_masks: PerIndicator::default(),
            timelines: PerIndicator::default(),
        })
    }
}

impl FactSink for Loader {
    fn organisation(&mut self, org: OrgFact) {
        let Ok(index) = u16::try_from(self.orgs.len()) else {
            self.fail(StatsError::TooManyValues {
                column: "organisation".into(),
            });
            return;
        };
        self.org_index.insert(org.id, index);
        self.orgs.push(org);
    }

    fn person(&mut self, person: PersonFact) {
        let index = self.persons.sex.len() as u32;
        self.person_index.insert(person.id, index);
        self.persons.sex.push(person.sex);
        self.persons
            .birth_year
            .push(person.birth_year.and_then(|y| i16::try_from(y).ok()).unwrap_or(0));
        let mut countries = Vec::with_capacity(person.citizenships.len());
        for country in &person.citizenships {
            match self.persons.countries.intern(Some(country), "citizenship") {
                Ok(code) => countries.push(code),
                Err(e) => self.fail(e),
            }
        }
        self.citizenships.push(countries);
    }

    fn row(&mut self, kind: FactTable, row: FactRow) {
        let person = row
            .person
            .and_then(|p| self.person_index.get(&p).copied())
            .unwrap_or(NO_PERSON);
        let org = self.org(row.org);
        let counterpart = self.org(row.counterpart);
        let Some(table) = self.tables.get_mut(&kind) else {
            return;
        };
        if !table.schema.code_lists.is_empty() {
            self.record_rows.insert((kind, row.record), table.len() as u32);
        }
        table.person.push(person);
        table.org.push(org);
        if table.schema.counterpart.is_some() {
            table.counterpart.push(counterpart);
        }
        table.date.push(day_number(row.date));
        if table.schema.other_date.is_some() {
            table.other_date.push(row.other_date.map_or(NO_DATE, day_number));
        }
        if table.schema.amount.is_some() {
            table.amount.push(row.amount.unwrap_or(NO_AMOUNT));
        }
        let mut failure = None;
        for (i, value) in row.attributes.iter().enumerate() {
            match table.dictionaries[i].intern(value.as_deref(), table.schema.attributes[i]) {
                Ok(code) => table.attributes[i].push(code),
                Err(e) => failure = Some(e),
            }
        }
        if let Some(e) = failure {
            self.fail(e);
        }
    }

    fn code(&mut self, kind: FactTable, code: CodeFact) {
        let Some(&row) = self.record_rows.get(&(kind, code.record)) else {
            return;
        };
        let Some(table) = self.tables.get_mut(&kind) else {
            return;
        };
        let Some(list) = table.schema.code_lists.iter().position(|l| *l == code.list) else {
            return;
        };
        match table.code_lists[list].dictionary.intern(Some(&code.code), &code.list) {
            Ok(value) => self.codes.entry(kind).or_default().push((row, list as u8, value)),
            Err(e) => self.fail(e),
        }
    }
}

/// Whether a country is one of those the report counts as the CIS.
pub(crate) fn is_cis(code: &str) -> bool {
    CountryCode::parse(code).is_ok_and(|c| c.is_cis_as_reported())
}
