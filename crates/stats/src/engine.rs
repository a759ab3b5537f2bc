//! Computing an indicator over a period, with up to two breakdowns, from the facts in memory.

use std::collections::HashMap;
use std::sync::Arc;

use haven_domain::country::CountryCode;
use haven_domain::period::Period;
use haven_domain::person::Sex;
use serde::Serialize;

use crate::StatsError;
use crate::base::{
    CodeList, FactBase, NO_AMOUNT, NO_DATE, NO_ORG, NO_PERSON, NOT_RECORDED, Table, day_number, has_row, is_cis,
    year_of_day,
};
use crate::catalogue::{At, Dimension, Filter, Indicator, Measure};
use crate::timeline;

/// The label of a cell whose value was not recorded.
pub const UNKNOWN: &str = "unknown";

/// One cell of a breakdown: the value of each dimension, and the figure for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub keys: Vec<String>,
    pub value: f64,
    /// How many persons (for person counts) or facts stand behind the value: what disclosure
    /// control looks at.
    pub contributors: u64,
}

/// An indicator computed over a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub indicator: &'static str,
    pub version: u32,
    pub period: Period,
    pub value: f64,
    pub contributors: u64,
    /// The names of the breakdown's dimensions, in the order of each cell's keys.
    pub dimensions: Vec<&'static str>,
    pub cells: Vec<Cell>,
    /// With two dimensions: the breakdown by each one alone (row and column totals).
    pub margins: Vec<Vec<Cell>>,
}

const AGE_GROUPS: [&str; 7] = ["0-17", "18-24", "25-34", "35-44", "45-59", "60+", UNKNOWN];

fn age_group(birth_year: i16, day: i32) -> u32 {
    if birth_year == 0 {
        return 6;
    }
    match year_of_day(day) - i32::from(birth_year) {
        ..18 => 0,
        18..25 => 1,
        25..35 => 2,
        35..45 => 3,
        45..60 => 4,
        _ => 5,
    }
}

/// A fact's weight in a sum or an average that does not depend on the period: its amount, or
/// the days from its main date to its second. (A stay's days in a period depend on it.)
pub(crate) fn fixed_weight(t: &Table, measure: Measure, row: usize) -> i128 {
    match measure {
        Measure::Sum { .. } => match t.amount[row] {
            NO_AMOUNT => 0,
            amount => i128::from(amount),
        },
        Measure::AverageDays => i128::from(t.other_date[row]) - i128::from(t.date[row]),
        Measure::Records | Measure::Persons | Measure::Share { .. } | Measure::AverageDailyPopulation => 0,
    }
}

/// Compute `indicator` over `period`, broken down by `by` (at most two dimensions, each one
/// the indicator allows).
pub fn evaluate(
    base: &FactBase,
    indicator: &'static Indicator,
    period: Period,
    by: &[Dimension],
) -> Result<Figure, StatsError> {
    if by.len() > 2 {
        return Err(StatsError::TooManyDimensions);
    }
    for dimension in by {
        if !indicator.breakdowns.contains(dimension) {
            return Err(StatsError::NotABreakdown {
                indicator: indicator.id,
                dimension: dimension.name(indicator.table).to_owned(),
                allowed: indicator.dimension_names().join(", "),
            });
        }
    }
    let run = Run::new(base, indicator, period)?;
    let total = run.total();
    let (cells, margins) = match by {
        [] => (Vec::new(), Vec::new()),
        [one] => (run.breakdown(&[*one])?, Vec::new()),
        [first, second] => (
            run.breakdown(&[*first, *second])?,
            vec![run.breakdown(&[*first])?, run.breakdown(&[*second])?],
        ),
        _ => unreachable!("checked above"),
    };
    Ok(Figure {
        indicator: indicator.id,
        version: indicator.version,
        period,
        value: total.value(indicator.measure, period),
        contributors: total.contributors(indicator.measure),
        dimensions: by.iter().map(|d| d.name(indicator.table)).collect(),
        cells,
        margins,
    })
}

/// A filter made ready for one table.
enum Check<'a> {
    Attribute { column: &'a [u16], allowed: Vec<u16> },
    CitizenOf(Vec<u16>),
    NotCitizenOfCis(Vec<bool>),
    Organisation(Vec<bool>),
    HadBefore(&'a [i32]),
    HadEver(&'a [i32]),
    DateInPeriod,
    OtherDateInPeriod,
    HasOtherDate,
}

impl Check<'_> {
    /// Whether a row passes this check, for the checks that do not depend on the period.
    fn passes(&self, base: &FactBase, t: &Table, row: usize) -> bool {
        let person = t.person[row];
        match self {
            Check::Attribute { column, allowed } => allowed.contains(&column[row]),
            Check::CitizenOf(codes) => {
                person != NO_PERSON && base.persons.citizenships(person).iter().any(|c| codes.contains(c))
            }
            Check::NotCitizenOfCis(cis) => {
                person != NO_PERSON && !base.persons.citizenships(person).iter().any(|c| cis[usize::from(*c)])
            }
            Check::Organisation(allowed) => t.org[row] != NO_ORG && allowed[usize::from(t.org[row])],
            Check::HadBefore(first) => person != NO_PERSON && first[person as usize] <= t.date[row],
            Check::HadEver(first) => person != NO_PERSON && first[person as usize] != i32::MAX,
            Check::HasOtherDate => t.other_date[row] != NO_DATE,
            // Period-dependent: decided by the run, which knows the period.
            Check::DateInPeriod | Check::OtherDateInPeriod => true,
        }
    }
}

struct Run<'a> {
    base: &'a FactBase,
    table: &'a Table,
    indicator: &'static Indicator,
    period: Period,
    first: i32,
    last: i32,
    /// The rows that pass every filter that does not depend on the period, a bit per row.
    passing: Arc<Vec<u64>>,
    /// The filters that do.
    checks: Vec<Check<'a>>,
    share_of: Option<(&'a [u16], u16)>,
}

/// Running totals for one cell.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tally {
    pub(crate) records: u64,
    /// Persons seen, while a breakdown collects them; duplicates go at the end.
    pub(crate) persons: Vec<u32>,
    pub(crate) distinct_persons: u64,
    pub(crate) sum: i128,
    pub(crate) hits: u64,
}

impl Tally {
    fn contributors(&self, measure: Measure) -> u64 {
        if measure == Measure::Persons {
            self.distinct_persons
        } else {
            self.records
        }
    }

    fn value(&self, measure: Measure, period: Period) -> f64 {
        match measure {
            Measure::Records => self.records as f64,
            Measure::Persons => self.distinct_persons as f64,
            Measure::Sum { divisor } => self.sum as f64 / divisor,
            Measure::AverageDailyPopulation => self.sum as f64 / period.days() as f64,
            Measure::Share { .. } | Measure::AverageDays if self.records == 0 => 0.0,
            Measure::Share { .. } => self.hits as f64 / self.records as f64,
            Measure::AverageDays => self.sum as f64 / self.records as f64,
        }
    }

    fn finish(&mut self) {
        if !self.persons.is_empty() {
            self.persons.sort_unstable();
            self.persons.dedup();
            self.distinct_persons = self.persons.len() as u64;
        }
    }
}

impl<'a> Run<'a> {
    fn new(base: &'a FactBase, indicator: &'static Indicator, period: Period) -> Result<Self, StatsError> {
        let table = base.table(indicator.table)?;
        let attribute = |name: &str| -> Result<usize, StatsError> {
            indicator.table.attribute(name).ok_or(StatsError::Definition {
                indicator: indicator.id,
                problem: format!("its table has no attribute {name}"),
            })
        };
        let countries = &base.persons.countries;
        let mut checks = Vec::new();
        for filter in indicator.filters {
            checks.push(match *filter {
                Filter::Is(name, values) => {
                    let i = attribute(name)?;
                    Check::Attribute {
                        column: &table.attributes[i],
                        allowed: values.iter().filter_map(|v| table.dictionaries[i].code_of(v)).collect(),
                    }
                }
                Filter::CitizenOf(codes) => {
                    Check::CitizenOf(codes.iter().filter_map(|c| countries.code_of(c)).collect())
                }
                Filter::NotCitizenOfCis => Check::NotCitizenOfCis(
                    (0..countries.len())
                        .map(|code| countries.value(code as u16).is_some_and(is_cis))
                        .collect(),
                ),
                Filter::OrganisationIs(labels) => {
                    Check::Organisation(base.orgs.iter().map(|o| labels.contains(&o.label())).collect())
                }
                Filter::HadBefore(other) => {
                    Check::HadBefore(base.table(other)?.first_date_of_person(base.persons.len()))
                }
                Filter::HadEver(other) => Check::HadEver(base.table(other)?.first_date_of_person(base.persons.len())),
                Filter::DateInPeriod => Check::DateInPeriod,
                Filter::OtherDateInPeriod => Check::OtherDateInPeriod,
                Filter::HasOtherDate => Check::HasOtherDate,
            });
        }
        // Filters that do not depend on the period are applied once per indicator, to every
        // row, and kept as a bitmap: a warm figure then reads a bit per row in order instead of
        // following each row to its person's citizenships or first detection.
        let (dynamic, fixed): (Vec<Check>, Vec<Check>) = checks
            .into_iter()
            .partition(|c| matches!(c, Check::DateInPeriod | Check::OtherDateInPeriod));
        let passing = base.row_masks.get(indicator.id, || {
            let mut bits = vec![0u64; table.len() / 64 + 1];
            for row in 0..table.len() {
                if fixed.iter().all(|check| check.passes(base, table, row)) {
                    bits[row / 64] |= 1 << (row % 64);
                }
            }
            bits
        });
        let checks = dynamic;
        let share_of = match indicator.measure {
            Measure::Share { attribute: name, value } => {
                let i = attribute(name)?;
                Some((
                    table.attributes[i].as_slice(),
                    table.dictionaries[i].code_of(value).unwrap_or(u16::MAX),
                ))
            }
            _ => None,
        };
        Ok(Self {
            base,
            table,
            indicator,
            period,
            first: day_number(period.first()),
            last: day_number(period.last()),
            passing,
            checks,
            share_of,
        })
    }

    fn in_period(&self, day: i32) -> bool {
        day != NO_DATE && self.first <= day && day <= self.last
    }

    /// The rows to look at; [`Run::counts`] decides about each.
    fn candidate_rows(&self) -> std::ops::Range<usize> {
        match (self.indicator.measure, self.indicator.at) {
            // A stay that began before the period may last into it.
            (Measure::AverageDailyPopulation, _) => 0..self.table.date.partition_point(|d| *d <= self.last),
            (_, At::Date) => self.table.rows_between(self.first, self.last),
            (_, At::OtherDate) => 0..self.table.len(),
        }
    }

    fn passes(&self, row: usize) -> bool {
        has_row(&self.passing, row)
            && self.checks.iter().all(|check| match check {
                Check::DateInPeriod => self.in_period(self.table.date[row]),
                Check::OtherDateInPeriod => self.in_period(self.table.other_date[row]),
                fixed => fixed.passes(self.base, self.table, row),
            })
    }

    /// Whether a row counts, and with what weight for sums and averages.
    fn contribution(&self, row: usize) -> Option<i128> {
        let t = self.table;
        let weight = match self.indicator.measure {
            Measure::AverageDailyPopulation => {
                let end = match t.other_date[row] {
                    NO_DATE => self.last,
                    end => end.min(self.last),
                };
                let days = end - t.date[row].max(self.first) + 1;
                if days <= 0 {
                    return None;
                }
                i128::from(days)
            }
            measure => fixed_weight(t, measure, row),
        };
        if self.indicator.at == At::OtherDate && !self.in_period(t.other_date[row]) {
            return None;
        }
        self.passes(row).then_some(weight)
    }

    fn add(&self, tally: &mut Tally, row: usize, weight: i128) {
        tally.records += 1;
        tally.sum += weight;
        if let Some((column, value)) = self.share_of
            && column[row] == value
        {
            tally.hits += 1;
        }
        if self.indicator.measure == Measure::Persons {
            let person = self.table.person[row];
            if person != NO_PERSON {
                tally.persons.push(person);
            }
        }
    }

    /// The figure over the whole period: from the indicator's timeline when every filter is
    /// settled before the period is known (all but two rarely used ones), by a scan otherwise.
    fn total(&self) -> Tally {
        if !self.checks.is_empty() {
            return self.scan_total();
        }
        let timeline = self.base.timelines.get(self.indicator.id, || {
            timeline::build(
                self.table,
                &self.passing,
                self.indicator.at,
                self.indicator.measure,
                self.share_of,
            )
        });
        timeline.totals(self.period)
    }

    /// The figure over the whole period, fact by fact.
    fn scan_total(&self) -> Tally {
        let mut tally = Tally::default();
        let mut seen = if self.indicator.measure == Measure::Persons {
            vec![0u64; self.base.persons.len() / 64 + 1]
        } else {
            Vec::new()
        };
        for row in self.candidate_rows() {
            let Some(weight) = self.contribution(row) else { continue };
            if self.indicator.measure == Measure::Persons {
                // A bit per person: the total needs no sort however many facts it spans.
                let person = self.table.person[row];
                if person == NO_PERSON {
                    continue;
                }
                let (word, bit) = (person as usize / 64, 1u64 << (person % 64));
                if seen[word] & bit == 0 {
                    seen[word] |= bit;
                    tally.distinct_persons += 1;
                }
                tally.records += 1;
                continue;
            }
            self.add(&mut tally, row, weight);
        }
        tally
    }

    fn breakdown(&self, by: &[Dimension]) -> Result<Vec<Cell>, StatsError> {
        let keyers: Vec<Keyer> = by
            .iter()
            .map(|d| Keyer::new(self.base, self.table, *d))
            .collect::<Result<_, _>>()?;
        let mut tallies: HashMap<[u32; 2], Tally> = HashMap::new();
        let (mut first_keys, mut second_keys) = (Vec::new(), Vec::new());
        for row in self.candidate_rows() {
            let Some(weight) = self.contribution(row) else { continue };
            keyers[0].keys(self.base, self.table, row, &mut first_keys);
            if let Some(second) = keyers.get(1) {
                second.keys(self.base, self.table, row, &mut second_keys);
            } else {
                second_keys.clear();
                second_keys.push(0);
            }
            for a in &first_keys {
                for b in &second_keys {
                    self.add(tallies.entry([*a, *b]).or_default(), row, weight);
                }
            }
        }
        let mut cells: Vec<Cell> = tallies
            .into_iter()
            .map(|(keys, mut tally)| {
                tally.finish();
                Cell {
                    keys: keyers.iter().zip(keys).map(|(k, key)| k.label(key)).collect(),
                    value: tally.value(self.indicator.measure, self.period),
                    contributors: tally.contributors(self.indicator.measure),
                }
            })
            .collect();
        cells.sort_by(|a, b| a.keys.cmp(&b.keys));
        Ok(cells)
    }
}

/// Turns a row into the keys of its cells along one dimension, and keys into labels.
struct Keyer<'a> {
    kind: KeyerKind<'a>,
    labels: Vec<String>,
}

enum KeyerKind<'a> {
    Sex,
    AgeGroup,
    /// Key: the person's citizenship code (0 when none).
    Citizenship,
    /// Key: looked up per citizenship code.
    CountryMapped(Vec<u32>),
    /// Key: the attribute's code.
    Attribute(&'a [u16]),
    /// Key: looked up per organisation index (+1; 0 when none).
    OrgMapped {
        column: &'a [u16],
        key_of_org: Vec<u32>,
    },
    Codes(&'a CodeList),
}

/// Gives each distinct label a key, "unknown" being 0.
#[derive(Default)]
struct LabelKeys {
    labels: Vec<String>,
    keys: HashMap<String, u32>,
}

impl LabelKeys {
    fn new() -> Self {
        let mut this = Self::default();
        this.key(UNKNOWN);
        this
    }

    fn key(&mut self, label: &str) -> u32 {
        if let Some(key) = self.keys.get(label) {
            return *key;
        }
        let key = self.labels.len() as u32;
        self.labels.push(label.to_owned());
        self.keys.insert(label.to_owned(), key);
        key
    }
}

impl<'a> Keyer<'a> {
    fn new(base: &'a FactBase, table: &'a Table, dimension: Dimension) -> Result<Self, StatsError> {
        let countries = &base.persons.countries;
        let by_org = |column: &'a [u16], label: &dyn Fn(usize) -> Option<String>| {
            let mut labels = LabelKeys::new();
            let mut key_of_org = vec![0];
            for org in 0..base.orgs.len() {
                key_of_org.push(label(org).map_or(0, |l| labels.key(&l)));
            }
            Keyer {
                kind: KeyerKind::OrgMapped { column, key_of_org },
                labels: labels.labels,
            }
        };
        let dictionary_labels = |dictionary: &crate::base::Dictionary| {
            (0..dictionary.len())
                .map(|code| dictionary.value(code as u16).unwrap_or(UNKNOWN).to_owned())
                .collect()
        };
        let attribute = |name: &str| {
            table
                .schema
                .attributes
                .iter()
                .position(|a| *a == name)
                .ok_or_else(|| StatsError::UnknownDimension(name.to_owned()))
        };
        Ok(match dimension {
            Dimension::Sex => Keyer {
                kind: KeyerKind::Sex,
                labels: Sex::ALL.iter().map(|s| s.code().to_owned()).collect(),
            },
            Dimension::AgeGroup => Keyer {
                kind: KeyerKind::AgeGroup,
                labels: AGE_GROUPS.iter().map(|s| (*s).to_owned()).collect(),
            },
            Dimension::Citizenship => Keyer {
                kind: KeyerKind::Citizenship,
                labels: dictionary_labels(countries),
            },
            Dimension::OriginRegion => {
                let mut labels = LabelKeys::new();
                let keys = (0..countries.len())
                    .map(|code| {
                        countries
                            .value(code as u16)
                            .and_then(|c| CountryCode::parse(c).ok())
                            .and_then(|c| c.info().subregion)
                            .map_or(0, |area| labels.key(area.name))
                    })
                    .collect();
                Keyer {
                    kind: KeyerKind::CountryMapped(keys),
                    labels: labels.labels,
                }
            }
            Dimension::Region => match table.schema.attributes.iter().position(|a| *a == "region") {
                Some(i) => Keyer {
                    kind: KeyerKind::Attribute(&table.attributes[i]),
                    labels: dictionary_labels(&table.dictionaries[i]),
                },
                None => by_org(&table.org, &|org| base.orgs[org].region.map(|r| r.code().to_owned())),
            },
            Dimension::Organisation => by_org(&table.org, &|org| base.org_label(org as u16).map(str::to_owned)),
            Dimension::Counterpart => by_org(&table.counterpart, &|org| base.org_label(org as u16).map(str::to_owned)),
            Dimension::Attribute(name) => {
                let i = attribute(name)?;
                Keyer {
                    kind: KeyerKind::Attribute(&table.attributes[i]),
                    labels: dictionary_labels(&table.dictionaries[i]),
                }
            }
            Dimension::Codes(name) => {
                let i = table
                    .schema
                    .code_lists
                    .iter()
                    .position(|l| *l == name)
                    .ok_or_else(|| StatsError::UnknownDimension(name.to_owned()))?;
                let list = &table.code_lists[i];
                Keyer {
                    kind: KeyerKind::Codes(list),
                    labels: dictionary_labels(&list.dictionary),
                }
            }
        })
    }

    fn keys(&self, base: &FactBase, table: &Table, row: usize, out: &mut Vec<u32>) {
        out.clear();
        let person = table.person[row];
        let persons = &base.persons;
        match &self.kind {
            KeyerKind::Sex => {
                let sex = if person == NO_PERSON {
                    Sex::Unknown
                } else {
                    persons.sex[person as usize]
                };
                out.push(Sex::ALL.iter().position(|s| *s == sex).unwrap_or(0) as u32);
            }
            KeyerKind::AgeGroup => {
                let born = if person == NO_PERSON {
                    0
                } else {
                    persons.birth_year[person as usize]
                };
                out.push(age_group(born, table.date[row]));
            }
            KeyerKind::Citizenship | KeyerKind::CountryMapped(_) => {
                let codes = if person == NO_PERSON {
                    &[][..]
                } else {
                    persons.citizenships(person)
                };
                for code in codes {
                    let key = match &self.kind {
                        KeyerKind::CountryMapped(map) => map[usize::from(*code)],
                        _ => u32::from(*code),
                    };
                    if !out.contains(&key) {
                        out.push(key);
                    }
                }
                if out.is_empty() {
                    out.push(u32::from(NOT_RECORDED));
                }
            }
            KeyerKind::Attribute(column) => out.push(u32::from(column[row])),
            KeyerKind::OrgMapped { column, key_of_org } => {
                let org = column.get(row).copied().unwrap_or(NO_ORG);
                out.push(if org == NO_ORG {
                    0
                } else {
                    key_of_org[usize::from(org) + 1]
                });
            }
            KeyerKind::Codes(list) => {
                out.extend(list.of_row(row).iter().map(|c| u32::from(*c)));
                if out.is_empty() {
                    out.push(u32::from(NOT_RECORDED));
                }
            }
        }
    }

    fn label(&self, key: u32) -> String {
        self.labels
            .get(key as usize)
            .cloned()
            .unwrap_or_else(|| UNKNOWN.to_owned())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::NaiveDate;
    use haven_domain::facts::{FactRow, FactTable, OrgFact, PersonFact};
    use haven_domain::ids::{OrgId, PersonId};
    use haven_domain::period::Period;
    use haven_domain::person::Sex;
    use proptest::prelude::*;
    use uuid::Uuid;

    use super::Run;
    use crate::FactBase;
    use crate::catalogue::{CATALOGUE, Filter, Measure};

    const DAYS: i64 = 400;

    fn day(offset: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + chrono::Duration::days(offset)
    }

    /// The values any indicator looks for in an attribute, and one none does.
    fn values_of(attribute: &str) -> Vec<&'static str> {
        let mut values = vec!["something_else"];
        for indicator in CATALOGUE {
            for filter in indicator.filters {
                if let Filter::Is(name, wanted) = filter
                    && *name == attribute
                {
                    values.extend(wanted.iter());
                }
            }
            if let Measure::Share { attribute: name, value } = indicator.measure
                && name == attribute
            {
                values.push(value);
            }
        }
        values
    }

    /// Random facts in every table: persons from the CIS and elsewhere, some facts with no
    /// person, no second date or no amount, attribute values the filters look for.
    fn facts(seed: u64, rows_per_table: usize) -> FactBase {
        let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let mut next = move |below: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % below
        };
        let id = |n: u64| Uuid::from_u128(u128::from(n) + 1);
        let orgs: Vec<OrgFact> = ["IOM", "NGO", "POL"]
            .iter()
            .enumerate()
            .map(|(i, label)| OrgFact {
                id: OrgId(id(i as u64)),
                parent: None,
                name: (*label).to_owned(),
                short_name: Some((*label).to_owned()),
                region: None,
            })
            .collect();
        let persons: Vec<PersonFact> = (0..30)
            .map(|i| PersonFact {
                id: PersonId(id(100 + i)),
                code: format!("P-{i:012}"),
                sex: if i % 2 == 0 { Sex::Female } else { Sex::Male },
                birth_year: Some(1970 + (i as i32 % 40)),
                citizenships: match i % 4 {
                    0 => vec!["UKR".to_owned()],
                    1 => vec!["SYR".to_owned()],
                    2 => vec!["BLR".to_owned(), "POL".to_owned()],
                    _ => Vec::new(),
                },
            })
            .collect();
        let mut rows = Vec::new();
        for table in FactTable::ALL {
            let schema = table.describe();
            for n in 0..rows_per_table {
                let attributes = schema
                    .attributes
                    .iter()
                    .map(|name| {
                        let values = values_of(name);
                        let pick = next(values.len() as u64 + 1) as usize;
                        values.get(pick).map(|v| (*v).to_owned())
                    })
                    .collect();
                let date = next(DAYS as u64) as i64;
                rows.push((
                    table,
                    FactRow {
                        record: Uuid::from_u128(1_000_000 + rows.len() as u128 + n as u128),
                        person: (next(10) != 0).then(|| persons[next(30) as usize].id),
                        org: Some(orgs[next(3) as usize].id),
                        counterpart: Some(orgs[next(3) as usize].id),
                        date: day(date),
                        other_date: (next(3) != 0).then(|| day(date + next(120) as i64 - 10)),
                        amount: (next(5) != 0).then(|| next(1_000_000) as i64),
                        attributes,
                    },
                ));
            }
        }
        FactBase::from_facts(&FactTable::ALL, orgs, persons, rows, Vec::new()).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Every indicator's total from its timeline is what a scan of every fact gives.
        #[test]
        fn a_total_from_the_timeline_is_the_total_of_a_scan(
            seed in any::<u64>(),
            rows in 0usize..150,
            first in -20i64..DAYS + 20,
            length in 0i64..DAYS,
        ) {
            let base = facts(seed, rows);
            let period = Period::range(day(first), day(first + length)).unwrap();
            for indicator in CATALOGUE {
                let run = Run::new(&base, indicator, period).unwrap();
                let (fast, scanned) = (run.total(), run.scan_total());
                prop_assert_eq!(
                    (fast.records, fast.distinct_persons, fast.sum, fast.hits),
                    (scanned.records, scanned.distinct_persons, scanned.sum, scanned.hits),
                    "{} over {}", indicator.id, period
                );
            }
        }
    }
}
