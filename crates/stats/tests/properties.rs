//! Properties every count must have, over randomly generated facts.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// Counts are whole numbers, held exactly in f64: comparing them exactly is the point.
#![allow(clippy::float_cmp)]

use chrono::NaiveDate;
use haven_domain::facts::{FactRow, FactTable, OrgFact, PersonFact};
use haven_domain::ids::{OrgId, PersonId};
use haven_domain::period::Period;
use haven_domain::person::Sex;
use haven_stats::{Dimension, FactBase, evaluate, indicator};
use proptest::prelude::*;
use uuid::Uuid;

const DAYS: i64 = 1500;

fn day(offset: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Duration::days(offset)
}

/// A small world: organisations, persons and, for each fact, (person, organisation, day,
/// kind).
#[derive(Debug, Clone)]
struct World {
    persons: usize,
    facts: Vec<(usize, usize, i64, usize)>,
}

fn world() -> impl Strategy<Value = World> {
    (2usize..40).prop_flat_map(|persons| {
        prop::collection::vec((0..persons, 0usize..3, 0..DAYS, 0usize..3), 0..200)
            .prop_map(move |facts| World { persons, facts })
    })
}

fn ids(n: usize) -> Vec<Uuid> {
    (0..n).map(|i| Uuid::from_u128(i as u128 + 1)).collect()
}

fn base(world: &World, table: FactTable) -> FactBase {
    let orgs = ids(3)
        .into_iter()
        .enumerate()
        .map(|(i, id)| OrgFact {
            id: OrgId(id),
            parent: None,
            name: format!("Organisation {i}"),
            short_name: Some(format!("O{i}")),
            region: None,
        })
        .collect();
    let person_ids = ids(world.persons);
    let persons = person_ids
        .iter()
        .enumerate()
        .map(|(i, id)| PersonFact {
            id: PersonId(*id),
            code: format!("P-{i:012}"),
            sex: if i % 2 == 0 { Sex::Female } else { Sex::Male },
            birth_year: Some(1960 + (i as i32 % 50)),
            citizenships: vec![["SYR", "UKR", "IRQ"][i % 3].to_owned()],
        })
        .collect();
    let org_ids = ids(3);
    let kinds = ["case_opened", "interview", "hotline_contact"];
    let rows = world
        .facts
        .iter()
        .enumerate()
        .map(|(n, (person, org, offset, kind))| {
            let attributes = table
                .describe()
                .attributes
                .iter()
                .enumerate()
                .map(|(i, _)| (i == 0).then(|| kinds[*kind].to_owned()))
                .collect();
            (
                table,
                FactRow {
                    record: Uuid::from_u128(1_000_000 + n as u128),
                    person: Some(PersonId(person_ids[*person])),
                    org: Some(OrgId(org_ids[*org])),
                    counterpart: None,
                    date: day(*offset),
                    other_date: None,
                    amount: None,
                    attributes,
                },
            )
        })
        .collect();
    FactBase::from_facts(&[table], orgs, persons, rows, Vec::new()).unwrap()
}

fn range(first: i64, last: i64) -> Period {
    Period::range(day(first), day(last)).unwrap()
}

proptest! {
    #[test]
    fn a_count_of_events_over_a_period_is_the_sum_over_any_split(
        world in world(), first in 0..DAYS, length in 0..DAYS, cut in 0..DAYS
    ) {
        let events = indicator("events.recorded").unwrap();
        let facts = base(&world, FactTable::Events);
        let whole = range(first, (first + length).min(DAYS));
        let at = day(cut);
        let (before, after) = whole.split_at(at);
        let part = |p: Option<Period>| p.map_or(0.0, |p| evaluate(&facts, events, p, &[]).unwrap().value);
        let total = evaluate(&facts, events, whole, &[]).unwrap().value;
        prop_assert_eq!(total, part(before) + part(after));
        let expected = world.facts.iter().filter(|f| whole.contains(day(f.2))).count() as f64;
        prop_assert_eq!(total, expected, "every fact in the period counted once");
    }

    #[test]
    fn distinct_persons_lie_between_the_largest_part_and_the_sum_of_the_parts(
        world in world(), cut in 0..DAYS
    ) {
        let persons = indicator("persons.with_cases").unwrap();
        let facts = base(&world, FactTable::Cases);
        let whole = range(0, DAYS);
        let (before, after) = whole.split_at(day(cut));
        let part = |p: Option<Period>| p.map_or(0.0, |p| evaluate(&facts, persons, p, &[]).unwrap().value);
        let (a, b) = (part(before), part(after));
        let total = evaluate(&facts, persons, whole, &[]).unwrap().value;
        prop_assert!(a.max(b) <= total && total <= a + b, "{a} {b} {total}");
        let mut distinct: Vec<usize> = world.facts.iter().map(|f| f.0).collect();
        distinct.sort_unstable();
        distinct.dedup();
        prop_assert_eq!(total, distinct.len() as f64);
    }

    #[test]
    fn a_breakdown_by_sex_adds_up_to_the_total_and_one_by_organisation_counts_a_person_in_each(
        world in world()
    ) {
        let persons = indicator("persons.with_cases").unwrap();
        let facts = base(&world, FactTable::Cases);
        let whole = range(0, DAYS);
        let by_sex = evaluate(&facts, persons, whole, &[Dimension::Sex]).unwrap();
        prop_assert_eq!(by_sex.cells.iter().map(|c| c.value).sum::<f64>(), by_sex.value);
        // A person with cases in several organisations is counted in each organisation's
        // cell, and once in the total.
        let by_org = evaluate(&facts, persons, whole, &[Dimension::Organisation]).unwrap();
        let mut pairs: Vec<(usize, usize)> = world.facts.iter().map(|f| (f.0, f.1)).collect();
        pairs.sort_unstable();
        pairs.dedup();
        prop_assert_eq!(by_org.cells.iter().map(|c| c.value).sum::<f64>(), pairs.len() as f64);
        prop_assert!(by_org.cells.iter().map(|c| c.value).sum::<f64>() >= by_org.value);
    }
}

#[test]
fn a_person_with_records_in_three_organisations_is_counted_once() {
    let world = World {
        persons: 2,
        facts: vec![(0, 0, 10, 0), (0, 1, 20, 1), (0, 2, 30, 2), (1, 0, 40, 0)],
    };
    let persons = indicator("persons.with_cases").unwrap();
    let facts = base(&world, FactTable::Cases);
    let figure = evaluate(&facts, persons, range(0, DAYS), &[Dimension::Organisation]).unwrap();
    assert_eq!(figure.value, 2.0, "two persons, however many organisations hold them");
    let cells: Vec<(String, f64)> = figure.cells.iter().map(|c| (c.keys[0].clone(), c.value)).collect();
    assert_eq!(
        cells,
        vec![("O0".into(), 2.0), ("O1".into(), 1.0), ("O2".into(), 1.0)],
        "in each organisation's cell"
    );
}

#[test]
fn a_breakdown_the_indicator_does_not_allow_is_refused_with_the_ones_it_does() {
    let facts = base(
        &World {
            persons: 1,
            facts: vec![],
        },
        FactTable::Events,
    );
    let events = indicator("events.recorded").unwrap();
    let err = evaluate(&facts, events, range(0, 10), &[Dimension::Sex]).unwrap_err();
    assert!(err.to_string().contains("kind, organisation, region"), "{err}");
    assert!(
        indicator("no.such.indicator")
            .unwrap_err()
            .to_string()
            .contains("--list")
    );
}
