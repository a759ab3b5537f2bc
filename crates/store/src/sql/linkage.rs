//! Record linkage of the stored persons: proposed pairs, the review queue, and merges kept as
//! edges between records that an undo removes (see `haven_domain::merge`).

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use haven_domain::access::Actor;
use haven_domain::audit::{AuditAction, AuditRecord};
use haven_domain::error::Validate;
use haven_domain::ids::{PairId, PersonId};
use haven_domain::merge::{
    Candidate, Decision, DecisionEntry, Evidence, PairState, PersonPair, Ruling, merge_edge, require_decision,
    shown_as, transition,
};
use haven_domain::person::NewPerson;
use haven_domain::{Problem, ValidationErrors};
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use super::persons::load_person;
use super::{This, Tx, decode, expect_changed};
use crate::tables::{PERSON_PAIRS, PERSONS};
use crate::{LinkageRecorded, LinkageStore, Page, Result, StoreError, now, today};

const PAIR_COLUMNS: &str = "id, left_id, right_id, score, evidence, state, survivor_id, merged_from, merged_to, \
                            proposed_by, proposed_at, decided_by, decided_at, version";

#[derive(sqlx::FromRow)]
struct PairRow {
    id: Uuid,
    left_id: Uuid,
    right_id: Uuid,
    score: f64,
    evidence: String,
    state: String,
    survivor_id: Option<Uuid>,
    merged_from: Option<Uuid>,
    merged_to: Option<Uuid>,
    proposed_by: String,
    proposed_at: DateTime<Utc>,
    decided_by: Option<String>,
    decided_at: Option<DateTime<Utc>>,
    version: i64,
}

impl PairRow {
    fn into_domain(self) -> Result<PersonPair> {
        let evidence: Vec<Evidence> = serde_json::from_str(&self.evidence)
            .map_err(|_| StoreError::Corrupt(format!("person_pairs.evidence of {}", self.id)))?;
        Ok(PersonPair {
            id: PairId(self.id),
            left: PersonId(self.left_id),
            right: PersonId(self.right_id),
            score: self.score,
            evidence,
            state: decode(PairState::parse(&self.state))?,
            survivor: self.survivor_id.map(PersonId),
            edge: self
                .merged_from
                .zip(self.merged_to)
                .map(|(f, t)| (PersonId(f), PersonId(t))),
            proposed_by: self.proposed_by,
            proposed_at: self.proposed_at,
            decided_by: self.decided_by,
            decided_at: self.decided_at,
            version: self.version,
        })
    }
}

/// Every merge in force: the record merged → the record it is shown as. For the facts and the
/// decisions, which need them all; one record's is [`shown_as_of`].
pub(crate) async fn merge_edges(tx: &mut Tx) -> Result<HashMap<PersonId, PersonId>> {
    let rows: Vec<(Uuid, Uuid)> =
        sqlx::query_as("SELECT merged_from, merged_to FROM person_pairs WHERE merged_from IS NOT NULL")
            .fetch_all(&mut **tx)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(from, to)| (PersonId(from), PersonId(to)))
        .collect())
}

/// The record one record is shown as: up the merges from it only (each record is merged into
/// at most one other, by the unique index on `merged_from`), not every merge there is, since a
/// person page and every search ask this.
pub(crate) async fn shown_as_of(tx: &mut Tx, id: PersonId) -> Result<PersonId> {
    let top: Uuid = sqlx::query_scalar(
        "WITH RECURSIVE up(id, depth) AS (SELECT $1, 0 UNION ALL \
         SELECT p.merged_to, up.depth + 1 FROM person_pairs p JOIN up ON p.merged_from = up.id \
         WHERE up.depth < 10000) SELECT id FROM up ORDER BY depth DESC LIMIT 1",
    )
    .bind(id.0)
    .fetch_one(&mut **tx)
    .await?;
    Ok(PersonId(top))
}

async fn load_pair(tx: &mut Tx, id: PairId) -> Result<PersonPair> {
    let row: Option<PairRow> = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT {PAIR_COLUMNS} FROM person_pairs WHERE id = $1"
    )))
    .bind(id.0)
    .fetch_optional(&mut **tx)
    .await?;
    row.ok_or(StoreError::NotFound(PERSON_PAIRS.record(id)))?.into_domain()
}

fn refused(field: &str, problem: Problem) -> StoreError {
    ValidationErrors::single(field, problem).into()
}

impl This {
    /// A reviewer compares the two records' identities, so both must be open to them.
    async fn check_pair_access(&self, tx: &mut Tx, actor: &Actor, left: PersonId, right: PersonId) -> Result<()> {
        require_decision(actor)?;
        for id in [left, right] {
            let (_, registered_by) = load_person(tx, id).await?;
            self.check_identity_access(tx, actor, id, registered_by).await?;
        }
        Ok(())
    }

    async fn record_decision(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        pair: &PersonPair,
        decision: Decision,
        before: Option<&PersonPair>,
    ) -> Result<()> {
        let at = pair.decided_at.unwrap_or_else(now);
        sqlx::query(
            "INSERT INTO person_pair_decisions (id, pair_id, decision, survivor_id, decided_by, decided_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(Uuid::now_v7())
        .bind(pair.id.0)
        .bind(decision.code())
        .bind(pair.survivor.map(|p| p.0))
        .bind(&actor.label)
        .bind(at)
        .execute(&mut **tx)
        .await?;
        let action = match decision {
            Decision::Merge => AuditAction::Merge,
            Decision::KeepApart => AuditAction::KeepApart,
            Decision::Undo => AuditAction::Undo,
        };
        let mut entry = AuditRecord::new(actor, action, PERSON_PAIRS.name, Some(pair.id.0))
            .detail(format!("score {:.3}", pair.score))
            .after(self.digest(pair));
        entry.before = before.map(|b| self.digest(b));
        self.append_audit(tx, entry).await
    }

    async fn existing_pair(tx: &mut Tx, candidate: &Candidate) -> Result<bool> {
        let found: Option<Uuid> =
            sqlx::query_scalar("SELECT id FROM person_pairs WHERE left_id = $1 AND right_id = $2")
                .bind(candidate.left.0)
                .bind(candidate.right.0)
                .fetch_optional(&mut **tx)
                .await?;
        Ok(found.is_some())
    }

    async fn insert_pair(&self, tx: &mut Tx, pair: &PersonPair) -> Result<()> {
        let evidence = serde_json::to_string(&pair.evidence)
            .map_err(|_| StoreError::Refused("the evidence of a pair could not be written".into()))?;
        sqlx::query(
            "INSERT INTO person_pairs (id, left_id, right_id, score, evidence, state, survivor_id, merged_from, \
             merged_to, proposed_by, proposed_at, decided_by, decided_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(pair.id.0)
        .bind(pair.left.0)
        .bind(pair.right.0)
        .bind(pair.score)
        .bind(evidence)
        .bind(pair.state.code())
        .bind(pair.survivor.map(|p| p.0))
        .bind(pair.edge.map(|(f, _)| f.0))
        .bind(pair.edge.map(|(_, t)| t.0))
        .bind(&pair.proposed_by)
        .bind(pair.proposed_at)
        .bind(pair.decided_by.as_deref())
        .bind(pair.decided_at)
        .bind(pair.version)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Pairs by a condition and an order (fixed SQL, no values), only those with `person` if
    /// given, keeping those the actor may decide about.
    async fn pairs_where(
        &self,
        actor: &Actor,
        (condition, order): (&str, &str),
        person: Option<PersonId>,
        limit: i64,
    ) -> Result<Vec<PersonPair>> {
        require_decision(actor)?;
        let mut tx = self.pool().begin().await?;
        let person_clause = if person.is_some() {
            "AND (left_id = $1 OR right_id = $1)"
        } else {
            "AND $1 IS NULL"
        };
        let sql = format!("SELECT {PAIR_COLUMNS} FROM person_pairs WHERE {condition} {person_clause} ORDER BY {order}");
        // Read a few pages' worth at a time, not every pair there is: some are skipped below.
        let chunk = limit.clamp(1, Page::MAX_LIMIT) * 2;
        let mut offset = 0i64;
        let mut pairs = Vec::new();
        loop {
            let rows: Vec<PairRow> =
                sqlx::query_as(AssertSqlSafe(format!("{sql} {}", super::limit_offset(chunk, offset))))
                    .bind(person.map(|p| p.0))
                    .fetch_all(&mut *tx)
                    .await?;
            let read = rows.len() as i64;
            for row in rows {
                if pairs.len() as i64 >= limit {
                    return Ok(pairs);
                }
                let pair = row.into_domain()?;
                // A pair whose records were merged another way is one person already.
                if pair.state == PairState::Review
                    && shown_as_of(&mut tx, pair.left).await? == shown_as_of(&mut tx, pair.right).await?
                {
                    continue;
                }
                if self
                    .check_pair_access(&mut tx, actor, pair.left, pair.right)
                    .await
                    .is_ok()
                {
                    pairs.push(pair);
                }
            }
            if read < chunk {
                break;
            }
            offset += chunk;
        }
        Ok(pairs)
    }
}

#[async_trait]
impl LinkageStore for This {
    async fn linkage_persons(&self, actor: &Actor) -> Result<Vec<(PersonId, NewPerson)>> {
        if !actor.is_system() {
            return Err(StoreError::Refused(
                "only a system task reads every person's identity at once".into(),
            ));
        }
        let mut tx = self.begin_write().await?;
        let persons = self.load_every_identity(&mut tx).await?;
        let record = AuditRecord::new(actor, AuditAction::ReadIdentity, PERSONS.name, None).detail(format!(
            "identities of {} persons decrypted for record linkage",
            persons.len()
        ));
        self.append_audit(&mut tx, record).await?;
        tx.commit().await?;
        Ok(persons)
    }

    async fn record_linkage(
        &self,
        actor: &Actor,
        links: &[Candidate],
        review: &[Candidate],
    ) -> Result<LinkageRecorded> {
        require_decision(actor)?;
        for (i, candidate) in links.iter().chain(review).enumerate() {
            candidate
                .validate(today())
                .map_err(|e| StoreError::Invalid(e.within(&format!("pairs[{i}]"))))?;
        }
        let mut links: Vec<&Candidate> = links.iter().collect();
        links.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then((a.left, a.right).cmp(&(b.left, b.right)))
        });
        let mut tx = self.begin_write().await?;
        let mut edges = merge_edges(&mut tx).await?;
        let mut done = LinkageRecorded::default();
        let at = now();
        let proposed = |candidate: &Candidate, state: PairState| PersonPair {
            id: PairId::new(),
            left: candidate.left,
            right: candidate.right,
            score: candidate.score,
            evidence: candidate.evidence.clone(),
            state,
            survivor: None,
            edge: None,
            proposed_by: actor.label.clone(),
            proposed_at: at,
            decided_by: None,
            decided_at: None,
            version: 1,
        };
        for candidate in links {
            if Self::existing_pair(&mut tx, candidate).await? {
                done.known += 1;
                continue;
            }
            // The older record (ids are time-ordered) stays the one shown.
            let Ok(edge) = merge_edge((candidate.left, candidate.right), candidate.left, &edges) else {
                done.joined += 1;
                continue;
            };
            let mut pair = proposed(candidate, PairState::Merged);
            pair.survivor = Some(candidate.left);
            pair.edge = Some(edge);
            pair.decided_by = Some(actor.label.clone());
            pair.decided_at = Some(at);
            self.insert_pair(&mut tx, &pair).await?;
            self.record_decision(&mut tx, actor, &pair, Decision::Merge, None)
                .await?;
            edges.insert(edge.0, edge.1);
            done.merged += 1;
        }
        for candidate in review {
            if Self::existing_pair(&mut tx, candidate).await? {
                done.known += 1;
            } else if shown_as(&edges, candidate.left) == shown_as(&edges, candidate.right) {
                done.joined += 1;
            } else {
                self.insert_pair(&mut tx, &proposed(candidate, PairState::Review))
                    .await?;
                done.queued += 1;
            }
        }
        if done.queued > 0 {
            let record = AuditRecord::new(actor, AuditAction::BulkCreate, PERSON_PAIRS.name, None)
                .detail(format!("{} pairs of person records proposed for review", done.queued));
            self.append_audit(&mut tx, record).await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    async fn review_queue(&self, actor: &Actor, limit: i64) -> Result<Vec<PersonPair>> {
        self.pairs_where(actor, ("state = 'review'", "score DESC, id"), None, limit)
            .await
    }

    async fn person_pair(&self, actor: &Actor, id: PairId) -> Result<PersonPair> {
        let mut tx = self.pool().begin().await?;
        let pair = load_pair(&mut tx, id).await?;
        self.check_pair_access(&mut tx, actor, pair.left, pair.right).await?;
        Ok(pair)
    }

    async fn decide_pair(&self, actor: &Actor, id: PairId, version: i64, ruling: Ruling) -> Result<PersonPair> {
        require_decision(actor)?;
        let mut tx = self.begin_write().await?;
        let before = load_pair(&mut tx, id).await?;
        self.check_pair_access(&mut tx, actor, before.left, before.right)
            .await?;
        if before.version != version {
            return Err(StoreError::Conflict {
                record: PERSON_PAIRS.record(id),
                expected: version,
                actual: before.version,
            });
        }
        let decision = ruling.decision();
        let state = transition(before.state, decision).map_err(|p| refused("decision", p))?;
        let mut after = before.clone();
        after.state = state;
        after.decided_by = Some(actor.label.clone());
        after.decided_at = Some(now());
        after.version += 1;
        match ruling {
            Ruling::Merge { survivor } => {
                let edges = merge_edges(&mut tx).await?;
                let edge =
                    merge_edge((before.left, before.right), survivor, &edges).map_err(|p| refused("survivor", p))?;
                after.survivor = Some(survivor);
                after.edge = Some(edge);
            }
            Ruling::KeepApart | Ruling::Undo => {
                after.survivor = None;
                after.edge = None;
            }
        }
        let updated = sqlx::query(
            "UPDATE person_pairs SET state = $1, survivor_id = $2, merged_from = $3, merged_to = $4, \
             decided_by = $5, decided_at = $6, version = $7 WHERE id = $8 AND version = $9",
        )
        .bind(after.state.code())
        .bind(after.survivor.map(|p| p.0))
        .bind(after.edge.map(|(f, _)| f.0))
        .bind(after.edge.map(|(_, t)| t.0))
        .bind(after.decided_by.as_deref())
        .bind(after.decided_at)
        .bind(after.version)
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        expect_changed(&mut tx, updated.rows_affected(), PERSON_PAIRS, id.0, version).await?;
        self.record_decision(&mut tx, actor, &after, decision, Some(&before))
            .await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn decided_pairs(&self, actor: &Actor, person: Option<PersonId>, limit: i64) -> Result<Vec<PersonPair>> {
        self.pairs_where(actor, ("state <> 'review'", "decided_at DESC, id"), person, limit)
            .await
    }

    async fn pair_decisions(&self, actor: &Actor, id: PairId) -> Result<Vec<DecisionEntry>> {
        let pair = self.person_pair(actor, id).await?;
        let rows: Vec<(String, Option<Uuid>, String, DateTime<Utc>)> = sqlx::query_as(
            "SELECT decision, survivor_id, decided_by, decided_at FROM person_pair_decisions \
             WHERE pair_id = $1 ORDER BY id",
        )
        .bind(pair.id.0)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(decision, survivor, decided_by, decided_at)| {
                Ok(DecisionEntry {
                    pair: pair.id,
                    decision: decode(Decision::parse(&decision))?,
                    survivor: survivor.map(PersonId),
                    decided_by,
                    decided_at,
                })
            })
            .collect()
    }

    async fn shown_as(&self, actor: &Actor, id: PersonId) -> Result<PersonId> {
        let mut tx = self.pool().begin().await?;
        let (_, registered_by) = load_person(&mut tx, id).await?;
        self.check_person_access(&mut tx, actor, id, registered_by).await?;
        shown_as_of(&mut tx, id).await
    }
}
