//! Many new records in one transaction (demo data, imports).

use async_trait::async_trait;
use haven_domain::ValidationErrors;
use haven_domain::access::Actor;
use haven_domain::audit::{AuditAction, AuditRecord};
use haven_domain::error::{Checks, Validate};
use serde::Serialize;

use std::collections::HashMap;

use haven_domain::ids::{CaseId, OrgId, PersonId};

use super::This;
use super::activities::validate_survey;
use super::insert::Flush;
use crate::insert::{Inserts, row};
use crate::tables::{
    ASSISTANCE, CASES, COOPERATION, EVENTS, FUNDING, ORGANISATIONS, PERSONS, PREVENTION, REFERRALS, SURVEYS, TRAININGS,
    Table,
};
use crate::{Batch, BatchCounts, BulkStore, Imported, Keyring, Result, StoreError, today};
use sqlx::QueryBuilder;
use uuid::Uuid;

/// Records prepared and written at a time by [`This::write_in_chunks`].
const RECORDS_PER_CHUNK: usize = 4096;

/// Check each item of one list of a batch, naming errors by the item's place (`persons[3]`).
fn check_each<'a, T: 'a>(
    checks: &mut Checks,
    name: &str,
    items: impl Iterator<Item = &'a T>,
    check: impl Fn(&T) -> std::result::Result<(), ValidationErrors>,
) {
    for (i, item) in items.enumerate() {
        checks.absorb(&format!("{name}[{i}]"), check(item));
    }
}

/// Validate every record of a batch, naming each error by its place in the batch.
fn validate_batch(batch: &Batch) -> std::result::Result<(), ValidationErrors> {
    let today = today();
    let mut checks = Checks::new();
    let valid = |x: &dyn Validate| x.validate(today);
    check_each(
        &mut checks,
        "organisations",
        batch.organisations.iter().map(|(_, x)| x),
        |x| valid(x),
    );
    check_each(&mut checks, "persons", batch.persons.iter().map(|(_, x)| x), |x| {
        valid(x)
    });
    check_each(&mut checks, "cases", batch.cases.iter().map(|(_, x)| x), |x| valid(x));
    check_each(&mut checks, "events", batch.events.iter().map(|(_, x)| x), |x| valid(x));
    check_each(
        &mut checks,
        "referrals",
        batch.referrals.iter().map(|(_, x, _)| x),
        |x| valid(x),
    );
    check_each(
        &mut checks,
        "assistance",
        batch.assistance.iter().map(|(_, x)| x),
        |x| valid(x),
    );
    check_each(
        &mut checks,
        "prevention",
        batch.prevention.iter().map(|(_, x)| x),
        |x| valid(x),
    );
    check_each(&mut checks, "trainings", batch.trainings.iter().map(|(_, x)| x), |x| {
        valid(x)
    });
    check_each(&mut checks, "funding", batch.funding.iter().map(|(_, x)| x), |x| {
        valid(x)
    });
    check_each(
        &mut checks,
        "cooperation",
        batch.cooperation.iter().map(|(_, x)| x),
        |x| valid(x),
    );
    for (i, (_, survey, responses)) in batch.surveys.iter().enumerate() {
        if let Err(StoreError::Invalid(errors)) = validate_survey(survey, responses) {
            checks.absorb(&format!("surveys[{i}]"), Err(errors));
        }
    }
    checks.finish()
}

impl This {
    /// Keyed digests of an imported row's natural key and of its content.
    fn import_digests(&self, kind: &str, key: &str, content: &str) -> (Vec<u8>, Vec<u8>) {
        (
            self.keys().blind_index(&format!("import-key:{kind}"), key),
            self.keys().blind_index(&format!("import-row:{kind}"), content),
        )
    }

    /// Prepare records a chunk at a time on a blocking thread (sealing, blind indexes, the
    /// events a case states) while the chunk before is written: prepared all at once, a large
    /// import held every sealed row in memory (most of its time went to faulting that memory
    /// in) and preparing and writing took turns instead of running on two cores. Returns
    /// what `prepare` counted (the events stated).
    async fn write_in_chunks<T: Clone + Send + 'static>(
        &self,
        tx: &mut super::Tx,
        records: &[T],
        prepare: fn(&mut Inserts, &Keyring, &Actor, &T) -> u64,
        actor: &Actor,
    ) -> Result<u64> {
        let mut prepared: Option<(Inserts, u64)> = None;
        let mut counted = 0;
        for chunk in records.chunks(RECORDS_PER_CHUNK) {
            let keys = self.keys().clone();
            let actor = actor.clone();
            let chunk = chunk.to_vec();
            let preparing = tokio::task::spawn_blocking(move || {
                let mut part = Inserts::default();
                let counted = chunk
                    .iter()
                    .map(|record| prepare(&mut part, &keys, &actor, record))
                    .sum();
                (part, counted)
            });
            if let Some((mut ready, n)) = prepared.take() {
                ready.flush(tx).await?;
                counted += n;
            }
            prepared = Some(
                preparing
                    .await
                    .map_err(|e| StoreError::Refused(format!("preparing records to write failed: {e}")))?,
            );
        }
        if let Some((mut ready, n)) = prepared {
            ready.flush(tx).await?;
            counted += n;
        }
        Ok(counted)
    }

    /// One audit entry for all the records of one kind in a batch.
    async fn audit_batch<T: Serialize>(
        &self,
        tx: &mut super::Tx,
        actor: &Actor,
        table: Table,
        records: &[T],
    ) -> Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        let record = AuditRecord::new(actor, AuditAction::BulkCreate, table.name, None)
            .detail(format!("{} rows", records.len()))
            .after(self.digest(&records));
        self.append_audit(tx, record).await
    }
}

#[async_trait]
impl BulkStore for This {
    async fn write_batch(&self, actor: &Actor, batch: &Batch) -> Result<BatchCounts> {
        // A batch skips the per-record access checks, so only a task run by the key holder
        // may write one.
        if !actor.is_system() {
            return Err(StoreError::Refused(
                "only a system task writes records in batches".into(),
            ));
        }
        validate_batch(batch)?;
        let mut events = 0u64;
        let mut tx = self.begin_write().await?;
        // Persons name the organisations that recorded them.
        let mut ins = Inserts::default();
        for (id, input) in &batch.organisations {
            ins.organisation(*id, input);
        }
        ins.flush(&mut tx).await?;
        self.write_in_chunks(
            &mut tx,
            &batch.persons,
            |ins, keys, _, (id, input)| {
                ins.person(keys, *id, input, None);
                0
            },
            actor,
        )
        .await?;
        // Cases name no other record of the batch than persons and organisations.
        events += self
            .write_in_chunks(
                &mut tx,
                &batch.cases,
                |ins, keys, actor, (id, input)| ins.case(keys, actor, *id, input),
                actor,
            )
            .await?;
        let mut ins = Inserts::default();
        for (id, input) in &batch.funding {
            ins.funding(*id, input);
        }
        // Events and referrals carry their case's person and organisation, from the batch
        // for its own cases rather than read back.
        let cases: HashMap<CaseId, (Option<PersonId>, OrgId)> = batch
            .cases
            .iter()
            .map(|(id, input)| (*id, (input.person, input.org)))
            .collect();
        let case_of = async |tx: &mut super::Tx, case: CaseId| -> Result<(Option<PersonId>, OrgId)> {
            match cases.get(&case) {
                Some(found) => Ok(*found),
                None => self.case_person_and_org(tx, case).await,
            }
        };
        for (id, input, responses) in &batch.referrals {
            let case = case_of(&mut tx, input.case).await?;
            let referral = ins.referral(self.keys(), actor, *id, input, responses, case)?;
            events += referral.facts().len() as u64;
        }
        for (id, input) in &batch.assistance {
            events += ins.assistance(self.keys(), actor, *id, input);
        }
        for (id, input) in &batch.events {
            let case = case_of(&mut tx, input.case).await?;
            ins.user_event(self.keys(), actor, *id, input, case);
            events += 1;
        }
        for (id, input) in &batch.prevention {
            ins.prevention(*id, input);
        }
        for (id, input) in &batch.trainings {
            ins.training(*id, input);
        }
        for (id, input) in &batch.cooperation {
            ins.cooperation(*id, input);
        }
        for (id, input, responses) in &batch.surveys {
            ins.survey(*id, input, responses);
        }
        let imported_at = crate::now();
        for key in &batch.import_keys {
            let (key_digest, row_digest) = self.import_digests(key.kind, &key.key, &key.content);
            ins.push(
                "import_keys",
                row![key.kind, key_digest, key.record, row_digest, imported_at],
            );
        }
        ins.flush(&mut tx).await?;
        self.audit_batch(&mut tx, actor, ORGANISATIONS, &batch.organisations)
            .await?;
        self.audit_batch(&mut tx, actor, PERSONS, &batch.persons).await?;
        self.audit_batch(&mut tx, actor, FUNDING, &batch.funding).await?;
        self.audit_batch(&mut tx, actor, CASES, &batch.cases).await?;
        self.audit_batch(&mut tx, actor, REFERRALS, &batch.referrals).await?;
        self.audit_batch(&mut tx, actor, ASSISTANCE, &batch.assistance).await?;
        self.audit_batch(&mut tx, actor, EVENTS, &batch.events).await?;
        self.audit_batch(&mut tx, actor, PREVENTION, &batch.prevention).await?;
        self.audit_batch(&mut tx, actor, TRAININGS, &batch.trainings).await?;
        self.audit_batch(&mut tx, actor, COOPERATION, &batch.cooperation)
            .await?;
        self.audit_batch(&mut tx, actor, SURVEYS, &batch.surveys).await?;
        tx.commit().await?;
        Ok(BatchCounts {
            records: batch.len() as u64,
            events,
        })
    }

    async fn imported(&self, actor: &Actor, kind: &str, rows: &[(String, String)]) -> Result<Vec<Option<Imported>>> {
        if !actor.is_system() {
            return Err(StoreError::Refused("only a system task reads import keys".into()));
        }
        let digests: Vec<(Vec<u8>, Vec<u8>)> = rows
            .iter()
            .map(|(key, content)| self.import_digests(kind, key, content))
            .collect();
        let mut found: HashMap<Vec<u8>, (Uuid, Vec<u8>)> = HashMap::new();
        let mut tx = self.pool().begin().await?;
        // Many keys per query: one query per row would take a round trip each on PostgreSQL.
        for chunk in digests.chunks(500) {
            let mut query =
                QueryBuilder::new("SELECT key_digest, record_id, row_digest FROM import_keys WHERE kind = ");
            query.push_bind(kind).push(" AND key_digest IN (");
            let mut keys = query.separated(", ");
            for (key_digest, _) in chunk {
                keys.push_bind(key_digest.clone());
            }
            query.push(")");
            let rows: Vec<(Vec<u8>, Uuid, Vec<u8>)> = query.build_query_as().fetch_all(&mut *tx).await?;
            found.extend(rows.into_iter().map(|(key, record, row)| (key, (record, row))));
        }
        Ok(digests
            .iter()
            .map(|(key_digest, row_digest)| {
                found.get(key_digest).map(|(record, stored)| Imported {
                    record: *record,
                    unchanged: stored == row_digest,
                })
            })
            .collect())
    }
}
