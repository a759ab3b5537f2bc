//! Many new records in one transaction (demo data, imports).

use async_trait::async_trait;
use haven_domain::ValidationErrors;
use haven_domain::access::Actor;
use haven_domain::audit::{AuditAction, AuditRecord};
use haven_domain::error::{Checks, Validate};
use serde::Serialize;

use super::This;
use super::activities::validate_survey;
use crate::{Batch, BatchCounts, BulkStore, Result, StoreError, today};

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
    /// One audit entry for all the records of one kind in a batch.
    async fn audit_batch<T: Serialize>(
        &self,
        tx: &mut super::Tx,
        actor: &Actor,
        table: &str,
        records: &[T],
    ) -> Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        let record = AuditRecord::new(actor, AuditAction::BulkCreate, table, None)
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
        for (id, input) in &batch.organisations {
            self.insert_organisation(&mut tx, *id, input).await?;
        }
        for (id, input) in &batch.persons {
            self.insert_person(&mut tx, *id, input, None).await?;
        }
        for (id, input) in &batch.funding {
            self.insert_funding(&mut tx, *id, input).await?;
        }
        for (id, input) in &batch.cases {
            events += self.insert_case(&mut tx, actor, *id, input).await?;
        }
        for (id, input, responses) in &batch.referrals {
            let referral = self.insert_referral(&mut tx, actor, *id, input, responses).await?;
            events += referral.facts().len() as u64;
        }
        for (id, input) in &batch.assistance {
            events += self.insert_assistance(&mut tx, actor, *id, input).await?;
        }
        for (id, input) in &batch.events {
            self.insert_user_event(&mut tx, actor, *id, input).await?;
            events += 1;
        }
        for (id, input) in &batch.prevention {
            self.insert_prevention(&mut tx, *id, input).await?;
        }
        for (id, input) in &batch.trainings {
            self.insert_training(&mut tx, *id, input).await?;
        }
        for (id, input) in &batch.cooperation {
            self.insert_cooperation(&mut tx, *id, input).await?;
        }
        for (id, input, responses) in &batch.surveys {
            self.insert_survey(&mut tx, *id, input, responses).await?;
        }
        self.audit_batch(&mut tx, actor, "organisations", &batch.organisations)
            .await?;
        self.audit_batch(&mut tx, actor, "persons", &batch.persons).await?;
        self.audit_batch(&mut tx, actor, "funding_allocations", &batch.funding)
            .await?;
        self.audit_batch(&mut tx, actor, "cases", &batch.cases).await?;
        self.audit_batch(&mut tx, actor, "referrals", &batch.referrals).await?;
        self.audit_batch(&mut tx, actor, "assistance", &batch.assistance)
            .await?;
        self.audit_batch(&mut tx, actor, "events", &batch.events).await?;
        self.audit_batch(&mut tx, actor, "prevention_activities", &batch.prevention)
            .await?;
        self.audit_batch(&mut tx, actor, "trainings", &batch.trainings).await?;
        self.audit_batch(&mut tx, actor, "cooperation", &batch.cooperation)
            .await?;
        self.audit_batch(&mut tx, actor, "surveys", &batch.surveys).await?;
        tx.commit().await?;
        Ok(BatchCounts {
            records: batch.len() as u64,
            events,
        })
    }
}
