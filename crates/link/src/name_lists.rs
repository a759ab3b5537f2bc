//! The demo's lists of common names (`crates/demo/data`), read at compile
//! time: the synthetic-record generator draws people from them, and linkage
//! takes the Belarusian and Ukrainian forms of names from them (`forms`).
//!
//! haven-demo depends on haven-link, so the lists cannot come through a
//! dependency; reading the demo's files keeps one copy of the names.

pub(crate) const GIVEN: &str = include_str!("../../demo/data/slavic_given.tsv");
pub(crate) const FAMILY: &str = include_str!("../../demo/data/slavic_family.tsv");
pub(crate) const PATRONYMIC: &str = include_str!("../../demo/data/slavic_patronymic.tsv");
pub(crate) const MIGRANT: &str = include_str!("../../demo/data/migrant_names.tsv");

/// The fields of each row of a list, its header and blank lines left out.
pub(crate) fn rows(table: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    table
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}
