//! A person's page read in one transaction. Read record by record (the person, her identity,
//! her cases, each case's timeline, the merged records), the page checked access to the same
//! person and cases over and over, some sixty queries in all; here each rule is applied once
//! to what one query per kind of row has read.

use haven_domain::access::{Actor, CaseScope, identity_access, person_access};
use haven_domain::ids::{CaseId, OrgId, PersonId};
use haven_domain::person::{Person, PersonFile};
use haven_domain::referral::CaseSection;
use uuid::Uuid;

use super::linkage::shown_as_of;
use super::persons::load_person;
use super::{PersonCase, This, Tx, cases_of_persons};
use crate::Result;

/// The most cases a page lists, newest first.
const MAX_CASES: usize = 1000;

/// The records merged into this one, directly or through others merged into them.
async fn merged_into(tx: &mut Tx, id: PersonId) -> Result<Vec<PersonId>> {
    let ids: Vec<Uuid> = sqlx::query_scalar(
        "WITH RECURSIVE down(id, depth) AS (SELECT $1, 0 UNION ALL \
         SELECT p.merged_from, down.depth + 1 FROM person_pairs p JOIN down ON p.merged_to = down.id \
         WHERE down.depth < 10000) SELECT id FROM down WHERE depth > 0 ORDER BY id",
    )
    .bind(id.0)
    .fetch_all(&mut **tx)
    .await?;
    Ok(ids.into_iter().map(PersonId).collect())
}

/// The scopes of one record's cases.
fn scopes_of<'a>(cases: &'a [PersonCase], person: PersonId, actor_orgs: &'a [OrgId]) -> Vec<CaseScope<'a>> {
    cases
        .iter()
        .filter(|case| case.person == person)
        .map(|case| case.scope(actor_orgs))
        .collect()
}

impl This {
    pub(crate) async fn read_person_file(&self, actor: &Actor, id: PersonId) -> Result<PersonFile> {
        let file = {
            let mut tx = self.pool().begin().await?;
            let (person, registered_by) = load_person(&mut tx, id).await?;
            let actor_orgs = self.actor_orgs(&mut tx, actor).await?;
            let shown = shown_as_of(&mut tx, id).await?;
            // A record merged into another has its history shown there, not here.
            let merged = if shown == id {
                merged_into(&mut tx, id).await?
            } else {
                Vec::new()
            };
            let mut others: Vec<(Person, Option<OrgId>)> = Vec::with_capacity(merged.len() + 1);
            for other in merged.iter().chain((shown != id).then_some(&shown)) {
                others.push(load_person(&mut tx, *other).await?);
            }
            let records: Vec<PersonId> = std::iter::once(id).chain(others.iter().map(|(p, _)| p.id)).collect();
            let cases = cases_of_persons(&mut tx, &records).await?;
            // One person, one history: the cases of the records merged into this one are hers.
            let history: Vec<PersonId> = std::iter::once(id).chain(merged.iter().copied()).collect();
            let sees = |person: PersonId, registered_by: Option<OrgId>| {
                person_access(
                    actor,
                    registered_by,
                    &actor_orgs,
                    &scopes_of(&cases, person, &actor_orgs),
                )
                .is_ok()
            };
            let scopes = scopes_of(&cases, id, &actor_orgs);
            person_access(actor, registered_by, &actor_orgs, &scopes)?;
            let identity_open = identity_access(actor, registered_by, &actor_orgs, &scopes).is_ok();
            let mut shown_as = None;
            let mut merged_persons = Vec::with_capacity(merged.len());
            for (other, registered_by) in others {
                if sees(other.id, registered_by) {
                    if other.id == shown {
                        shown_as = Some(other);
                    } else {
                        merged_persons.push(other);
                    }
                }
            }
            let mut shown_cases = Vec::new();
            let mut timelines: Vec<CaseId> = Vec::new();
            for case in cases.iter().filter(|case| history.contains(&case.person)) {
                if shown_cases.len() == MAX_CASES {
                    break;
                }
                let Ok(access) = haven_domain::access::case_access(actor, &case.scope(&actor_orgs), false) else {
                    continue;
                };
                if !access.allows(CaseSection::Details) {
                    continue;
                }
                let loaded = self.load_case(&mut tx, case.id).await?;
                shown_cases.push(Self::masked(loaded, access.allows(CaseSection::Notes)));
                if access.allows(CaseSection::Events) {
                    timelines.push(case.id);
                }
            }
            let timeline = self.events_of_cases(&mut tx, &timelines).await?;
            let identity = if identity_open {
                Some(self.load_identity(&mut tx, id).await?)
            } else {
                None
            };
            PersonFile {
                person,
                identity,
                shown_as,
                merged: merged_persons,
                cases: shown_cases,
                timeline,
            }
        };
        if file.identity.is_some() {
            self.audit_identity_read(actor, id).await?;
        }
        Ok(file)
    }
}
