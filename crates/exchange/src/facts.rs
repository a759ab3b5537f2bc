//! The facts the exports are written from: trafficking cases with their codes and persons, and
//! the cases' common part. Read as statistics read them, so an export can hold nothing that
//! statistics do not see (no name, document, date of birth, contact or note).

use std::collections::HashMap;

use haven_domain::access::Actor;
use haven_domain::country::CountryCode;
use haven_domain::facts::{CodeFact, FactRow, FactSink, FactTable, OrgFact, PersonFact};
use haven_domain::ids::{OrgId, PersonId};
use haven_store::Store;
use uuid::Uuid;

use crate::ImportError;

/// A country as exports write it: ISO 3166 alpha-2 for Haven's alpha-3.
pub(crate) fn alpha2(code: &str) -> Option<String> {
    CountryCode::parse(code).ok().map(|c| c.info().alpha2.to_owned())
}

#[derive(Debug, Default)]
pub(crate) struct TraffickingFacts {
    pub(crate) orgs: HashMap<OrgId, OrgFact>,
    pub(crate) persons: HashMap<PersonId, PersonFact>,
    /// Every case's common part, by case.
    pub(crate) cases: HashMap<Uuid, FactRow>,
    pub(crate) trafficking: Vec<FactRow>,
    /// A trafficking case's codes (list, code), by case.
    pub(crate) codes: HashMap<Uuid, Vec<(String, String)>>,
}

impl TraffickingFacts {
    /// Trafficking cases and their persons, with the cases' common part if `with_cases`.
    pub(crate) async fn read(store: &dyn Store, with_cases: bool) -> Result<Self, ImportError> {
        let mut facts = Self::default();
        let tables: &[FactTable] = if with_cases {
            &[FactTable::Cases, FactTable::Trafficking]
        } else {
            &[FactTable::Trafficking]
        };
        store
            .read_facts(&Actor::system("export"), true, tables, &mut facts)
            .await?;
        Ok(facts)
    }

    /// A coded attribute of a trafficking fact.
    pub(crate) fn attribute(row: &FactRow, name: &str) -> Option<String> {
        FactTable::Trafficking
            .attribute(name)
            .and_then(|i| row.attributes[i].clone())
    }

    pub(crate) fn codes_of(&self, case: Uuid) -> &[(String, String)] {
        self.codes.get(&case).map_or(&[], Vec::as_slice)
    }
}

impl FactSink for TraffickingFacts {
    fn organisation(&mut self, org: OrgFact) {
        self.orgs.insert(org.id, org);
    }

    fn person(&mut self, person: PersonFact) {
        self.persons.insert(person.id, person);
    }

    fn row(&mut self, table: FactTable, row: FactRow) {
        match table {
            FactTable::Cases => {
                self.cases.insert(row.record, row);
            }
            FactTable::Trafficking => self.trafficking.push(row),
            _ => {}
        }
    }

    fn code(&mut self, table: FactTable, code: CodeFact) {
        if table == FactTable::Trafficking {
            self.codes.entry(code.record).or_default().push((code.list, code.code));
        }
    }
}
