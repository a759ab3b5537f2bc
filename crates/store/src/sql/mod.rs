//! The SQL both backends run. This module is compiled twice, once inside `sqlite.rs` and once
//! inside `postgres.rs`, where `super::Db`, `super::Tx` and `super::This` name that backend's
//! concrete types: one text of queries, two fully type-checked implementations, and no
//! generic bounds over `sqlx::Database`. Queries use `$1` placeholders, which both engines
//! accept, and only SQL that both engines run alike.

mod activities;
mod agencies;
mod assistance;
mod audit;
mod bulk;
mod cases;
mod events;
mod facts;
mod insert;
mod linkage;
mod orgs;
mod outbox;
mod person_file;
mod persons;
mod reference;
mod referrals;
mod reports;
mod rows;
mod sessions;
mod store;
mod users;

use haven_domain::access::{Actor, CaseScope, ReferralGrant};
use haven_domain::audit::{AuditAction, AuditRecord};
use haven_domain::case::CaseKind;
use haven_domain::ids::{CaseId, OrgId, PersonId};
use haven_domain::referral::{CaseSection, ReferralStatus};
use haven_domain::{Problem, ValidationErrors};
use serde::Serialize;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use super::{Db, This, Tx};
use crate::tables::{CASES, Table};
use crate::{Result, StoreError};

impl This {
    /// Write the key check value on a fresh database, or compare it on one already set up.
    pub(crate) async fn bind_key(&self) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let stored: Option<Vec<u8>> = sqlx::query_scalar("SELECT value FROM meta WHERE key = 'key_check'")
            .fetch_optional(&mut *tx)
            .await?;
        match stored {
            Some(value) if value == self.keys().check_value() => {}
            Some(_) => return Err(StoreError::WrongKey),
            None => {
                sqlx::query("INSERT INTO meta (key, value) VALUES ('key_check', $1)")
                    .bind(self.keys().check_value())
                    .execute(&mut *tx)
                    .await?;
                let record = AuditRecord::new(&Actor::system("init"), AuditAction::Initialise, "meta", None)
                    .detail("database initialised and bound to its key");
                self.append_audit(&mut tx, record).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn check_key(&self) -> Result<()> {
        let stored: Option<Vec<u8>> = sqlx::query_scalar("SELECT value FROM meta WHERE key = 'key_check'")
            .fetch_optional(self.pool())
            .await?;
        match stored {
            Some(value) if value == self.keys().check_value() => Ok(()),
            Some(_) => Err(StoreError::WrongKey),
            None => Err(StoreError::NotInitialised(
                "the database has no key bound to it; run `haven init`".into(),
            )),
        }
    }

    /// Keyed digest of a record's state, for the audit entry's before/after.
    pub(crate) fn digest<T: Serialize>(&self, record: &T) -> [u8; 32] {
        self.keys().audit_key().digest_of(record)
    }

    /// The actor's organisation and every unit below it; empty for a system task, which
    /// needs no scope (it is allowed everything and answerable through the audit trail).
    pub(crate) async fn actor_orgs(&self, tx: &mut Tx, actor: &Actor) -> Result<Vec<OrgId>> {
        match actor.org {
            None => Ok(Vec::new()),
            Some(org) => org_tree(tx, org).await,
        }
    }

    /// Everything the access rules need about one case.
    pub(crate) async fn case_scope_parts(
        &self,
        tx: &mut Tx,
        case: CaseId,
    ) -> Result<(CaseKind, OrgId, Vec<ReferralGrant>)> {
        let row: Option<(String, Uuid)> = sqlx::query_as("SELECT kind, org_id FROM cases WHERE id = $1")
            .bind(case.0)
            .fetch_optional(&mut **tx)
            .await?;
        let (kind, org) = row.ok_or(StoreError::NotFound(CASES.record(case)))?;
        let grants: Vec<(Uuid, String, String)> =
            sqlx::query_as("SELECT to_org, status, sections FROM referrals WHERE case_id = $1")
                .bind(case.0)
                .fetch_all(&mut **tx)
                .await?;
        let grants = grants
            .into_iter()
            .map(|(to_org, status, sections)| referral_grant(to_org, &status, &sections))
            .collect::<Result<Vec<_>>>()?;
        Ok((decode(CaseKind::parse(&kind))?, OrgId(org), grants))
    }

    /// Decide access to a case by the domain's rules.
    pub(crate) async fn case_access(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        case: CaseId,
        write: bool,
    ) -> Result<haven_domain::access::CaseAccess> {
        let actor_orgs = self.actor_orgs(tx, actor).await?;
        self.case_access_within(tx, actor, &actor_orgs, case, write).await
    }

    /// [`Self::case_access`] with the actor's organisations read once by the caller: a list
    /// of cases asks for them once, not once per case.
    pub(crate) async fn case_access_within(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        actor_orgs: &[OrgId],
        case: CaseId,
        write: bool,
    ) -> Result<haven_domain::access::CaseAccess> {
        let (kind, case_org, grants) = self.case_scope_parts(tx, case).await?;
        let scope = CaseScope {
            kind,
            case_org,
            actor_orgs,
            referrals: &grants,
        };
        Ok(haven_domain::access::case_access(actor, &scope, write)?)
    }

    /// Remove the events a record stated, before it states them anew.
    pub(crate) async fn delete_stated_events(&self, tx: &mut Tx, case: CaseId, source_id: Uuid) -> Result<()> {
        sqlx::query("DELETE FROM events WHERE case_id = $1 AND source_id = $2")
            .bind(case.0)
            .bind(source_id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }
}

/// What the access rules need about one case of a person.
pub(crate) struct PersonCase {
    pub(crate) id: CaseId,
    pub(crate) person: PersonId,
    pub(crate) kind: CaseKind,
    pub(crate) org: OrgId,
    pub(crate) grants: Vec<ReferralGrant>,
}

impl PersonCase {
    pub(crate) fn scope<'a>(&'a self, actor_orgs: &'a [OrgId]) -> CaseScope<'a> {
        CaseScope {
            kind: self.kind,
            case_org: self.org,
            actor_orgs,
            referrals: &self.grants,
        }
    }
}

/// Every case of these persons with its referrals, newest first, in one query: a check per
/// case took two queries, and a person page checks each of its records.
pub(crate) async fn cases_of_persons(tx: &mut Tx, persons: &[PersonId]) -> Result<Vec<PersonCase>> {
    if persons.is_empty() {
        return Ok(Vec::new());
    }
    let list = placeholders(persons.len());
    let mut query = sqlx::query_as::<_, PersonCaseRow>(AssertSqlSafe(format!(
        "SELECT c.id, c.person_id, c.kind, c.org_id, r.to_org, r.status, r.sections \
         FROM cases c LEFT JOIN referrals r ON r.case_id = c.id \
         WHERE c.person_id IN ({list}) ORDER BY c.opened_on DESC, c.id DESC"
    )));
    for person in persons {
        query = query.bind(person.0);
    }
    let mut cases: Vec<PersonCase> = Vec::new();
    // The rows of one case are next to each other: the order is by case.
    for (id, person, kind, org, to_org, status, sections) in query.fetch_all(&mut **tx).await? {
        if cases.last().is_none_or(|case| case.id.0 != id) {
            cases.push(PersonCase {
                id: CaseId(id),
                person: PersonId(person),
                kind: decode(CaseKind::parse(&kind))?,
                org: OrgId(org),
                grants: Vec::new(),
            });
        }
        if let (Some(to_org), Some(status), Some(sections), Some(case)) = (to_org, status, sections, cases.last_mut()) {
            case.grants.push(referral_grant(to_org, &status, &sections)?);
        }
    }
    Ok(cases)
}

type PersonCaseRow = (Uuid, Uuid, String, Uuid, Option<Uuid>, Option<String>, Option<String>);

/// `LIMIT n` (and `OFFSET m`) written into a statement's text. SQLite reads the value of a
/// bound LIMIT while it plans, and then marks the statement to be prepared again whenever
/// that parameter is bound anew: a cached statement with `LIMIT $n` was parsed and planned
/// afresh on every run (a sixth of a loaded server's time went to the case list's). The
/// numbers are integers computed here, never text from a request.
pub(crate) fn limit(limit: i64) -> String {
    format!("LIMIT {limit}")
}

/// [`limit`] with an offset.
pub(crate) fn limit_offset(limit: i64, offset: i64) -> String {
    format!("LIMIT {limit} OFFSET {offset}")
}

/// `$1, $2, ...` for an `IN` list of `count` bound values.
pub(crate) fn placeholders(count: usize) -> String {
    (1..=count).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// What a referral opens of its case, from its row.
pub(crate) fn referral_grant(to_org: Uuid, status: &str, sections: &str) -> Result<ReferralGrant> {
    Ok(ReferralGrant {
        to_org: OrgId(to_org),
        status: decode(ReferralStatus::parse(status))?,
        sections: decode_list(sections, CaseSection::parse)?,
    })
}

/// The organisation and every unit below it.
pub(crate) async fn org_tree(tx: &mut Tx, root: OrgId) -> Result<Vec<OrgId>> {
    let ids: Vec<Uuid> = sqlx::query_scalar(
        "WITH RECURSIVE tree(id) AS (SELECT id FROM organisations WHERE id = $1 \
         UNION SELECT o.id FROM organisations o JOIN tree t ON o.parent_id = t.id) SELECT id FROM tree",
    )
    .bind(root.0)
    .fetch_all(&mut **tx)
    .await?;
    Ok(ids.into_iter().map(OrgId).collect())
}

/// A versioned UPDATE or DELETE must have touched its row; if it did not, the record is
/// gone or someone else changed it first, and the caller's transaction is dropped.
pub(crate) async fn expect_changed(
    tx: &mut Tx,
    rows_affected: u64,
    table: Table,
    id: Uuid,
    expected: i64,
) -> Result<()> {
    if rows_affected > 0 {
        return Ok(());
    }
    let current: Option<i64> = sqlx::query_scalar(AssertSqlSafe(format!(
        "SELECT version FROM {} WHERE id = $1",
        table.name
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    Err(match current {
        Some(actual) => StoreError::Conflict {
            record: table.record(id),
            expected,
            actual,
        },
        None => StoreError::NotFound(table.record(id)),
    })
}

/// A referenced record must exist; otherwise the field that names it is wrong.
pub(crate) async fn require_reference(tx: &mut Tx, field: &str, table: Table, id: Uuid) -> Result<()> {
    let found: Option<i64> = sqlx::query_scalar(AssertSqlSafe(format!(
        "SELECT CAST(1 AS BIGINT) FROM {} WHERE id = $1",
        table.name
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    if found.is_some() {
        Ok(())
    } else {
        Err(ValidationErrors::single(
            field,
            Problem::Invalid {
                reason: format!("there is no {} {id}", table.noun),
            },
        )
        .into())
    }
}

/// A stored code that no longer parses means the row was changed outside Haven.
pub(crate) fn decode<T>(parsed: std::result::Result<T, Problem>) -> Result<T> {
    parsed.map_err(|p| StoreError::Corrupt(format!("stored value {p}")))
}

pub(crate) fn decode_opt<T>(
    code: Option<&str>,
    parse: impl Fn(&str) -> std::result::Result<T, Problem>,
) -> Result<Option<T>> {
    code.map(|c| decode(parse(c))).transpose()
}

pub(crate) fn decode_list<T>(codes: &str, parse: impl Fn(&str) -> std::result::Result<T, Problem>) -> Result<Vec<T>> {
    codes
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|c| decode(parse(c)))
        .collect()
}
