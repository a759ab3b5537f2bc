//! Collects generated records into batches and writes each batch in one transaction, so the
//! data set streams to the database in bounded memory and a crash loses at most the batch
//! being written.

use haven_domain::access::Actor;
use haven_domain::assistance::AssistanceInput;
use haven_domain::case::CaseInput;
use haven_domain::cooperation::CooperationInput;
use haven_domain::event::NewEvent;
use haven_domain::funding::FundingInput;
use haven_domain::ids::{
    AssistanceId, CaseId, CooperationId, EventId, FundingId, OrgId, PersonId, PreventionId, ReferralId, SurveyId,
    TrainingId,
};
use haven_domain::org::OrganisationInput;
use haven_domain::person::NewPerson;
use haven_domain::prevention::PreventionInput;
use haven_domain::referral::{NewReferral, ReferralResponse};
use haven_domain::survey::{SurveyInput, SurveyResponse};
use haven_domain::training::TrainingInput;
use std::sync::Arc;

use haven_store::{Batch, BatchCounts, Store, StoreError};
use tokio::task::JoinHandle;

/// What has been written so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub records: u64,
    pub events: u64,
    pub batches: u64,
}

/// Records per transaction: large enough that commits (each one an fsync) are rare, small
/// enough that a batch's memory stays small at any scale.
const RECORDS_PER_BATCH: usize = 4_000;

pub(crate) struct Writer<'a> {
    store: Arc<dyn Store>,
    actor: Actor,
    batch: Batch,
    written: Progress,
    report: &'a (dyn Fn(&Progress) + Sync),
    references: u64,
    /// The batch being written while the next one is generated (two cores, two jobs).
    in_flight: Option<JoinHandle<Result<BatchCounts, StoreError>>>,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(store: Arc<dyn Store>, report: &'a (dyn Fn(&Progress) + Sync)) -> Self {
        Self {
            store,
            actor: Actor::system("demo"),
            batch: Batch::default(),
            written: Progress::default(),
            report,
            references: 0,
            in_flight: None,
        }
    }

    pub(crate) fn written(&self) -> Progress {
        self.written
    }

    /// A case number unique within the data set: `prefix-year-000123`.
    pub(crate) fn reference(&mut self, prefix: &str, year: i32) -> String {
        self.references += 1;
        format!("{prefix}-{year}-{:06}", self.references)
    }

    pub(crate) fn organisation(&mut self, input: OrganisationInput) -> OrgId {
        let id = OrgId::new();
        self.batch.organisations.push((id, input));
        id
    }

    pub(crate) fn person(&mut self, input: NewPerson) -> PersonId {
        let id = PersonId::new();
        self.batch.persons.push((id, input));
        id
    }

    pub(crate) fn case(&mut self, input: CaseInput) -> CaseId {
        let id = CaseId::new();
        self.batch.cases.push((id, input));
        id
    }

    pub(crate) fn event(&mut self, input: NewEvent) {
        self.batch.events.push((EventId::new(), input));
    }

    pub(crate) fn referral(&mut self, input: NewReferral, steps: Vec<ReferralResponse>) -> ReferralId {
        let id = ReferralId::new();
        self.batch.referrals.push((id, input, steps));
        id
    }

    pub(crate) fn assistance(&mut self, input: AssistanceInput) -> AssistanceId {
        let id = AssistanceId::new();
        self.batch.assistance.push((id, input));
        id
    }

    pub(crate) fn prevention(&mut self, input: PreventionInput) {
        self.batch.prevention.push((PreventionId::new(), input));
    }

    pub(crate) fn training(&mut self, input: TrainingInput) {
        self.batch.trainings.push((TrainingId::new(), input));
    }

    pub(crate) fn funding(&mut self, input: FundingInput) -> FundingId {
        let id = FundingId::new();
        self.batch.funding.push((id, input));
        id
    }

    pub(crate) fn cooperation(&mut self, input: CooperationInput) {
        self.batch.cooperation.push((CooperationId::new(), input));
    }

    pub(crate) fn survey(&mut self, input: SurveyInput, responses: Vec<SurveyResponse>) {
        self.batch.surveys.push((SurveyId::new(), input, responses));
    }

    /// Write the batch once it is full; call between units of related records.
    pub(crate) async fn flush_if_full(&mut self) -> Result<(), StoreError> {
        if self.batch.len() >= RECORDS_PER_BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    /// Hand the batch to the database and go on generating; the previous batch must be
    /// written first, so at most one is in flight and memory stays bounded.
    pub(crate) async fn flush(&mut self) -> Result<(), StoreError> {
        self.wait().await?;
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.batch);
        let store = Arc::clone(&self.store);
        let actor = self.actor.clone();
        self.in_flight = Some(tokio::spawn(async move { store.write_batch(&actor, &batch).await }));
        Ok(())
    }

    /// Wait until everything handed over is committed.
    pub(crate) async fn wait(&mut self) -> Result<(), StoreError> {
        if let Some(write) = self.in_flight.take() {
            let counts = write
                .await
                .map_err(|e| StoreError::Refused(format!("a batch writer stopped: {e}")))??;
            self.written.records += counts.records;
            self.written.events += counts.events;
            self.written.batches += 1;
            (self.report)(&self.written);
        }
        Ok(())
    }
}
