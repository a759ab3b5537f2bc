//! Haven's storage.
//!
//! One trait per aggregate ([`OrganisationStore`], [`PersonStore`], [`CaseStore`]...), all
//! gathered in [`Store`], with two implementations: [`SqliteStore`] (the embedded default)
//! and [`PgStore`] (production). Both run the same SQL, written once in `src/sql/` and
//! compiled for each backend with its concrete types, and the same scenario suite runs
//! against both.
//!
//! Every write is one transaction that also appends its audit entry, so a record and its
//! audit entry are committed together or not at all. Every record carries a version: an
//! update from a stale version fails with [`StoreError::Conflict`]. Identifying fields are
//! encrypted with a key that never touches the database ([`crypto::Keyring`]).

// Query results are read into tuples that mirror their SELECT lists.
#![allow(clippy::type_complexity)]

pub mod crypto;
mod error;
mod insert;
pub mod password;
mod postgres;
mod read_audit;
mod sqlite;
mod tables;

use std::path::Path;
use std::sync::Arc;

use uuid::Uuid;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use haven_domain::access::Actor;
use haven_domain::agency::{AgencyInput, LicensedAgency};
use haven_domain::assistance::{Assistance, AssistanceInput};
use haven_domain::audit::{AuditEntry, ChainBreak, ChainSummary};
use haven_domain::case::{Case, CaseInput, CaseKind, CaseSummary};
use haven_domain::cooperation::{Cooperation, CooperationInput};
use haven_domain::event::{Event, NewEvent};
use haven_domain::facts::{FactSink, FactTable};
use haven_domain::funding::{Funding, FundingInput};
use haven_domain::ids::{
    AssistanceId, CaseId, CooperationId, EventId, FundingId, OrgId, PairId, PersonId, PreventionId, ReferralId,
    SurveyId, TrainingId, UserId,
};
use haven_domain::merge::{Candidate, DecisionEntry, PersonPair, Ruling};
use haven_domain::org::{Organisation, OrganisationInput};
use haven_domain::outbox::OutboxEntry;
use haven_domain::person::{Identity, NewPerson, Person, PersonCode, PersonFile};
use haven_domain::prevention::{PreventionActivity, PreventionInput};
use haven_domain::publication::{LockedReport, NewLockedReport};
use haven_domain::reference::{ReferenceFigure, ReferenceSource};
use haven_domain::referral::{NewReferral, Referral, ReferralResponse, ReferralStatus};
use haven_domain::survey::{Survey, SurveyInput, SurveyResponse};
use haven_domain::training::{Training, TrainingInput};
use haven_domain::user::{NewUser, User};

pub use crate::crypto::{Keyring, MasterKey};
pub use crate::error::{RecordRef, StoreError};
pub use crate::postgres::PgStore;
pub use crate::sqlite::SqliteStore;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The time of a write, to whole microseconds: both backends store that exactly, so what
/// is hashed for the audit trail is what is read back.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Today's date, against which "not in the future" is checked.
pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}

#[async_trait]
pub trait OrganisationStore: Send + Sync {
    async fn create_organisation(&self, actor: &Actor, input: &OrganisationInput) -> Result<Organisation>;
    async fn update_organisation(
        &self,
        actor: &Actor,
        id: OrgId,
        version: i64,
        input: &OrganisationInput,
    ) -> Result<Organisation>;
    async fn organisation(&self, id: OrgId) -> Result<Organisation>;
    async fn organisations(&self) -> Result<Vec<Organisation>>;
    /// The organisation and every unit below it.
    async fn organisation_tree(&self, id: OrgId) -> Result<Vec<OrgId>>;
}

#[async_trait]
pub trait UserStore: Send + Sync {
    /// `password_hash` is a PHC string from [`password::hash`].
    async fn create_user(&self, actor: &Actor, input: &NewUser, password_hash: &str) -> Result<User>;
    async fn user(&self, actor: &Actor, id: UserId) -> Result<User>;
    async fn users(&self, actor: &Actor) -> Result<Vec<User>>;
    /// For sign-in: the account and its password hash.
    async fn credentials(&self, username: &str) -> Result<Option<(User, String)>>;
    /// Deactivating an account also ends its sessions.
    async fn set_user_active(&self, actor: &Actor, id: UserId, version: i64, active: bool) -> Result<User>;
    /// Forget an account's second factor (a lost phone): its sessions end, and its next
    /// sign-in enrols a new one.
    async fn reset_second_factor(&self, actor: &Actor, id: UserId, version: i64) -> Result<User>;
}

/// A session as stored, with what the web layer needs to know of its user.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub user: User,
    /// The language the user chose (a code the web layer knows).
    pub lang: String,
    pub second_factor_enrolled: bool,
    pub csrf_token: String,
    /// Whether the second factor was proven in this session.
    pub second_factor: bool,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

/// Sessions, second factors and failed sign-ins, kept server-side. Subjects of failures are
/// opaque strings the caller builds (`account:NAME`, `address:DIGEST`).
#[async_trait]
pub trait SessionStore: Send + Sync {
    async fn sign_in_failures(&self, subject: &str, since: DateTime<Utc>) -> Result<i64>;
    /// Count one failure against each subject and audit the refusal.
    async fn record_sign_in_failure(&self, actor: &Actor, subjects: &[String], reason: &str) -> Result<()>;
    async fn clear_sign_in_failures(&self, subject: &str) -> Result<()>;
    /// Open a session for the actor's user; only the token's SHA-256 is stored.
    async fn start_session(
        &self,
        actor: &Actor,
        token_hash: &[u8; 32],
        csrf_token: &str,
        second_factor: bool,
    ) -> Result<()>;
    async fn session(&self, token_hash: &[u8; 32]) -> Result<Option<SessionRecord>>;
    async fn touch_session(&self, token_hash: &[u8; 32]) -> Result<()>;
    async fn confirm_second_factor(&self, actor: &Actor, token_hash: &[u8; 32]) -> Result<()>;
    /// End a session (sign-out, time-out); audited if there was one.
    async fn end_session(&self, actor: &Actor, token_hash: &[u8; 32], reason: &str) -> Result<()>;
    /// The user's TOTP secret, decrypted; `None` until enrolled.
    async fn totp_secret(&self, user: UserId) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>>;
    /// Store the actor's TOTP secret, sealed; refused if one is already enrolled.
    async fn enrol_second_factor(&self, actor: &Actor, secret: &[u8]) -> Result<()>;
    /// Accept a TOTP time step once: false if it (or a later one) was used before.
    async fn use_totp_step(&self, user: UserId, step: i64) -> Result<bool>;
    async fn set_language(&self, user: UserId, lang: &str) -> Result<()>;
}

#[async_trait]
pub trait PersonStore: Send + Sync {
    async fn create_person(&self, actor: &Actor, input: &NewPerson) -> Result<Person>;
    /// The pseudonymous view: nothing identifying, so nothing to audit.
    async fn person(&self, actor: &Actor, id: PersonId) -> Result<Person>;
    async fn person_by_code(&self, actor: &Actor, code: &PersonCode) -> Result<Person>;
    /// Decrypt the person's identifying fields; always leaves an audit entry.
    async fn read_identity(&self, actor: &Actor, id: PersonId) -> Result<Identity>;
    async fn update_person(&self, actor: &Actor, id: PersonId, version: i64, input: &NewPerson) -> Result<Person>;
    /// A page of the persons with a document of exactly this number (any spacing or case),
    /// by person code.
    async fn find_by_document(&self, actor: &Actor, number: &str, page: Page) -> Result<Vec<Person>>;
    /// A page of the persons with a name spelled exactly so (any spacing or case), in any of
    /// its variants, by person code.
    async fn find_by_name(&self, actor: &Actor, full_name: &str, page: Page) -> Result<Vec<Person>>;
    /// A person's page in one read, with the access rules applied once: the record (refused
    /// as [`PersonStore::person`] refuses it), her identity if the viewer may read it (which
    /// leaves an audit entry, as [`PersonStore::read_identity`] does), the records merged
    /// into her, and the cases and events of all of them that are open to the viewer.
    async fn person_file(&self, actor: &Actor, id: PersonId) -> Result<PersonFile>;
}

/// A page of a list: at most `limit` records after skipping `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: i64,
    pub offset: i64,
}

impl Page {
    /// The longest page a store answers; a larger limit is cut to this.
    pub const MAX_LIMIT: i64 = 500;

    /// The first `limit` records.
    pub const fn first(limit: i64) -> Self {
        Self { limit, offset: 0 }
    }

    /// The limit and offset as bound to SQL: the limit within 1..=MAX_LIMIT, the offset not negative.
    pub fn bounds(self) -> (i64, i64) {
        (self.limit.clamp(1, Self::MAX_LIMIT), self.offset.max(0))
    }
}

/// What recording a linkage run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkageRecorded {
    /// Pairs merged by the run.
    pub merged: usize,
    /// Pairs put in the review queue.
    pub queued: usize,
    /// Pairs on record already (in review, decided, or undone), left as they are.
    pub known: usize,
    /// Pairs whose records are one person already through other merges.
    pub joined: usize,
}

/// Record linkage of the stored persons: the pairs it proposes, the review queue, and the
/// decisions about pairs (see [`haven_domain::merge`]). Deciding needs the permission to link
/// persons and the identity of both records; every decision is audited.
#[async_trait]
pub trait LinkageStore: Send + Sync {
    /// Every person with their identity decrypted, for a linkage run (system tasks only); one
    /// audit entry says how many were read.
    async fn linkage_persons(&self, actor: &Actor) -> Result<Vec<(PersonId, NewPerson)>>;
    /// Record a linkage run's pairs, all or none: `links` are merged as the actor's decisions
    /// (the older record shown), strongest first; `review` go to the review queue. A pair on
    /// record already is left as it is, so running the same linkage again changes nothing.
    async fn record_linkage(&self, actor: &Actor, links: &[Candidate], review: &[Candidate])
    -> Result<LinkageRecorded>;
    /// Pairs waiting for review whose records are not one person already and whose
    /// identities the actor may see, strongest first.
    async fn review_queue(&self, actor: &Actor, limit: i64) -> Result<Vec<PersonPair>>;
    async fn person_pair(&self, actor: &Actor, id: PairId) -> Result<PersonPair>;
    /// Merge, keep apart or undo, from the version the reviewer saw.
    async fn decide_pair(&self, actor: &Actor, id: PairId, version: i64, ruling: Ruling) -> Result<PersonPair>;
    /// Pairs merged or kept apart, latest decision first; only those with `person` if given.
    async fn decided_pairs(&self, actor: &Actor, person: Option<PersonId>, limit: i64) -> Result<Vec<PersonPair>>;
    /// Every decision taken about a pair, oldest first.
    async fn pair_decisions(&self, actor: &Actor, id: PairId) -> Result<Vec<DecisionEntry>>;
    /// The record a person record is shown as: itself, unless merged into another.
    async fn shown_as(&self, actor: &Actor, id: PersonId) -> Result<PersonId>;
}

/// Which cases to list.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub kind: Option<CaseKind>,
    pub person: Option<PersonId>,
    pub limit: i64,
    pub offset: i64,
}

#[async_trait]
pub trait CaseStore: Send + Sync {
    async fn open_case(&self, actor: &Actor, input: &CaseInput) -> Result<Case>;
    async fn case(&self, actor: &Actor, id: CaseId) -> Result<Case>;
    async fn update_case(&self, actor: &Actor, id: CaseId, version: i64, input: &CaseInput) -> Result<Case>;
    /// Cases the actor may open, newest first.
    async fn cases(&self, actor: &Actor, filter: &CaseFilter) -> Result<Vec<Case>>;
    /// The same list as [`Self::cases`], without the cases' details.
    async fn case_summaries(&self, actor: &Actor, filter: &CaseFilter) -> Result<Vec<CaseSummary>>;
    /// Open protection cases of the actor's organisation tree whose protection (as extended)
    /// ends between `from` and `to`, soonest first: the deadlines a migration officer watches.
    async fn protection_ending(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
        limit: i64,
    ) -> Result<Vec<(Case, NaiveDate)>>;
}

#[async_trait]
pub trait EventStore: Send + Sync {
    async fn record_event(&self, actor: &Actor, input: &NewEvent) -> Result<Event>;
    /// The case's timeline, in the order things happened.
    async fn timeline(&self, actor: &Actor, case: CaseId) -> Result<Vec<Event>>;
    /// One event, where its case's timeline is open to the actor.
    async fn event(&self, actor: &Actor, id: EventId) -> Result<Event>;
    /// Corrects an event a user recorded (kind, date, notes); it stays on its case.
    async fn update_event(&self, actor: &Actor, id: EventId, version: i64, input: &NewEvent) -> Result<Event>;
    /// Only events a user recorded can be deleted; the others go with their record.
    async fn delete_event(&self, actor: &Actor, id: EventId, version: i64) -> Result<()>;
}

#[async_trait]
pub trait ReferralStore: Send + Sync {
    async fn send_referral(&self, actor: &Actor, input: &NewReferral) -> Result<Referral>;
    async fn respond_to_referral(
        &self,
        actor: &Actor,
        id: ReferralId,
        version: i64,
        response: &ReferralResponse,
    ) -> Result<Referral>;
    async fn referral(&self, actor: &Actor, id: ReferralId) -> Result<Referral>;
    /// A page of the referrals received by the actor's organisation tree, newest first.
    async fn incoming_referrals(
        &self,
        actor: &Actor,
        status: Option<ReferralStatus>,
        page: Page,
    ) -> Result<Vec<Referral>>;
}

#[async_trait]
pub trait AssistanceStore: Send + Sync {
    async fn record_assistance(&self, actor: &Actor, input: &AssistanceInput) -> Result<Assistance>;
    async fn update_assistance(
        &self,
        actor: &Actor,
        id: AssistanceId,
        version: i64,
        input: &AssistanceInput,
    ) -> Result<Assistance>;
    async fn assistance(&self, actor: &Actor, id: AssistanceId) -> Result<Assistance>;
    async fn assistance_for_person(&self, actor: &Actor, person: PersonId) -> Result<Vec<Assistance>>;
    async fn delete_assistance(&self, actor: &Actor, id: AssistanceId, version: i64) -> Result<()>;
}

/// Prevention activities, trainings, funding, cooperation and surveys: the records of the
/// response that are about no one in particular.
#[async_trait]
pub trait ActivityStore: Send + Sync {
    async fn create_prevention(&self, actor: &Actor, input: &PreventionInput) -> Result<PreventionActivity>;
    async fn update_prevention(
        &self,
        actor: &Actor,
        id: PreventionId,
        version: i64,
        input: &PreventionInput,
    ) -> Result<PreventionActivity>;
    async fn prevention(&self, actor: &Actor, id: PreventionId) -> Result<PreventionActivity>;
    /// The latest prevention activities of the actor's organisation tree, newest first.
    async fn recent_prevention(&self, actor: &Actor, page: Page) -> Result<Vec<PreventionActivity>>;
    async fn delete_prevention(&self, actor: &Actor, id: PreventionId, version: i64) -> Result<()>;

    async fn create_training(&self, actor: &Actor, input: &TrainingInput) -> Result<Training>;
    async fn update_training(
        &self,
        actor: &Actor,
        id: TrainingId,
        version: i64,
        input: &TrainingInput,
    ) -> Result<Training>;
    async fn training(&self, actor: &Actor, id: TrainingId) -> Result<Training>;
    /// The latest trainings of the actor's organisation tree, newest start first.
    async fn recent_trainings(&self, actor: &Actor, page: Page) -> Result<Vec<Training>>;

    async fn create_funding(&self, actor: &Actor, input: &FundingInput) -> Result<Funding>;
    async fn update_funding(&self, actor: &Actor, id: FundingId, version: i64, input: &FundingInput)
    -> Result<Funding>;
    async fn funding(&self, actor: &Actor, id: FundingId) -> Result<Funding>;
    /// The latest allocations whose recipient is in the actor's organisation tree, newest
    /// first. Allocations with no recipient (national ones) are listed to system tasks only.
    async fn recent_funding(&self, actor: &Actor, page: Page) -> Result<Vec<Funding>>;

    async fn create_cooperation(&self, actor: &Actor, input: &CooperationInput) -> Result<Cooperation>;
    async fn update_cooperation(
        &self,
        actor: &Actor,
        id: CooperationId,
        version: i64,
        input: &CooperationInput,
    ) -> Result<Cooperation>;
    async fn cooperation(&self, actor: &Actor, id: CooperationId) -> Result<Cooperation>;
    /// The latest cooperation records of the actor's organisation tree, newest start first.
    async fn recent_cooperation(&self, actor: &Actor, page: Page) -> Result<Vec<Cooperation>>;

    async fn create_survey(&self, actor: &Actor, input: &SurveyInput, responses: &[SurveyResponse]) -> Result<Survey>;
    async fn survey(&self, actor: &Actor, id: SurveyId) -> Result<(Survey, Vec<SurveyResponse>)>;
}

#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Entries after `after_seq`, oldest first.
    async fn audit_entries(&self, actor: &Actor, after_seq: i64, limit: i64) -> Result<Vec<AuditEntry>>;
    /// Walk the whole chain in order; `progress` is told how many entries were checked.
    /// The outer error is a failure to read; the inner one the first bad entry.
    async fn verify_audit(
        &self,
        actor: &Actor,
        progress: &(dyn Fn(i64) + Send + Sync),
    ) -> Result<Result<ChainSummary, ChainBreak>>;
    /// Number of entries and the head the store recorded.
    async fn audit_head(&self) -> Result<(i64, [u8; 32])>;
}

/// What statistics are counted from: see [`haven_domain::facts`].
#[async_trait]
pub trait FactStore: Send + Sync {
    /// Read, in one consistent snapshot, every organisation, every person if `persons` is
    /// asked for, and every row of the given tables, handing each to `sink` as it is read.
    /// Needs the permission to read statistics; never decrypts anything.
    async fn read_facts(
        &self,
        actor: &Actor,
        persons: bool,
        tables: &[FactTable],
        sink: &mut dyn FactSink,
    ) -> Result<()>;
}

/// Reports locked as published: written once, never changed.
#[async_trait]
pub trait ReportStore: Send + Sync {
    /// Store a report's figures as published, with a keyed fingerprint. Names are unique.
    async fn lock_report(&self, actor: &Actor, input: &NewLockedReport) -> Result<LockedReport>;
    /// A locked report by name; fails if its row no longer matches its fingerprint.
    async fn locked_report(&self, actor: &Actor, name: &str) -> Result<LockedReport>;
    async fn locked_reports(&self, actor: &Actor) -> Result<Vec<LockedReport>>;
}

/// Many new records written in one transaction, as demo data and imports do. Each record is
/// validated as a single write would be; the batch gets one audit entry per kind of record,
/// naming how many and carrying a digest of them all.
#[derive(Debug, Default, Clone)]
pub struct Batch {
    pub organisations: Vec<(OrgId, OrganisationInput)>,
    pub persons: Vec<(PersonId, NewPerson)>,
    pub cases: Vec<(CaseId, CaseInput)>,
    pub events: Vec<(EventId, NewEvent)>,
    /// Each referral with the steps already taken on it (accepted, then completed...).
    pub referrals: Vec<(ReferralId, NewReferral, Vec<ReferralResponse>)>,
    pub assistance: Vec<(AssistanceId, AssistanceInput)>,
    pub prevention: Vec<(PreventionId, PreventionInput)>,
    pub trainings: Vec<(TrainingId, TrainingInput)>,
    pub funding: Vec<(FundingId, FundingInput)>,
    pub cooperation: Vec<(CooperationId, CooperationInput)>,
    pub surveys: Vec<(SurveyId, SurveyInput, Vec<SurveyResponse>)>,
    /// The natural key of each imported row and the record it became (see [`ImportKey`]).
    pub import_keys: Vec<ImportKey>,
}

/// An imported row's natural key (a case number, a register number), the record it became and
/// its content as read, so that the next import of the same row finds it and changes nothing.
/// The store keeps key and content only as keyed digests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportKey {
    /// What the row was imported as: `persons`, `cases`, `events`...
    pub kind: &'static str,
    pub key: String,
    pub record: Uuid,
    /// The row's values in a fixed order, to tell a changed row from the same one.
    pub content: String,
}

/// A row found already imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Imported {
    pub record: Uuid,
    /// The row's content is what was imported then.
    pub unchanged: bool,
}

impl Batch {
    /// Records in the batch, events stated by them not included.
    pub fn len(&self) -> usize {
        self.organisations.len()
            + self.persons.len()
            + self.cases.len()
            + self.events.len()
            + self.referrals.len()
            + self.assistance.len()
            + self.prevention.len()
            + self.trainings.len()
            + self.funding.len()
            + self.cooperation.len()
            + self.surveys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What a batch wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BatchCounts {
    pub records: u64,
    /// Timeline events written, including those the records state.
    pub events: u64,
}

/// What an import of the agency register did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RegisterImport {
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
}

/// The register of licensed recruitment agencies and foreign employers: a reference list.
#[async_trait]
pub trait RegisterStore: Send + Sync {
    /// Entries whose name contains the words typed (see `agency::search_key`) or whose licence
    /// number is the text typed; at most `limit`, by name. Any signed-in user may look up.
    async fn find_agencies(&self, actor: &Actor, text: &str, limit: i64) -> Result<Vec<LicensedAgency>>;
    /// Add or change entries by licence number, all or none (administrators). Entries not in
    /// the list are kept: a licence that ended stays on record with its end date.
    async fn import_agencies(&self, actor: &Actor, entries: &[AgencyInput]) -> Result<RegisterImport>;
}

/// A receiver of an organisation's outbox entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    pub id: Uuid,
    pub org: OrgId,
    pub url: String,
    /// The last outbox entry the receiver took.
    pub delivered_seq: i64,
    /// Failed attempts in a row since the last delivery.
    pub failures: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub active: bool,
}

/// A webhook due for delivery, with the secret that signs it.
#[derive(Debug)]
pub struct DueWebhook {
    pub webhook: Webhook,
    pub secret: zeroize::Zeroizing<String>,
}

/// The outbox (see [`haven_domain::outbox`]) and the webhooks that deliver it.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// An organisation's entries after `after_seq`, oldest first (system tasks).
    async fn outbox(&self, actor: &Actor, org: OrgId, after_seq: i64, limit: i64) -> Result<Vec<OutboxEntry>>;
    /// Deliver an organisation's entries from now on to `url`, signed with `secret`
    /// (administrators).
    async fn add_webhook(&self, actor: &Actor, org: OrgId, url: &str, secret: &str) -> Result<Webhook>;
    async fn webhooks(&self, actor: &Actor) -> Result<Vec<Webhook>>;
    /// Active webhooks whose next attempt is due at `at` (system tasks).
    async fn due_webhooks(&self, actor: &Actor, at: DateTime<Utc>) -> Result<Vec<DueWebhook>>;
    /// The receiver took every entry up to `seq`.
    async fn webhook_delivered(&self, actor: &Actor, id: Uuid, seq: i64) -> Result<()>;
    /// A delivery failed; try again at `retry_at`.
    async fn webhook_failed(&self, actor: &Actor, id: Uuid, error: &str, retry_at: DateTime<Utc>) -> Result<()>;
}

#[async_trait]
pub trait BulkStore: Send + Sync {
    async fn write_batch(&self, actor: &Actor, batch: &Batch) -> Result<BatchCounts>;
    /// For each (key, content) of rows of one kind, the record an earlier import made of it.
    async fn imported(&self, actor: &Actor, kind: &str, rows: &[(String, String)]) -> Result<Vec<Option<Imported>>>;
}

/// What replacing a source's reference figures did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReferenceImport {
    /// Figures now stored for the source.
    pub figures: usize,
    /// Figures of the earlier edition that were removed (0 on a first import).
    pub replaced: usize,
    /// The same figures were stored already: nothing was written.
    pub unchanged: bool,
}

/// The edition of a source's figures that is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceEdition {
    pub source: ReferenceSource,
    pub file_name: String,
    pub figures: i64,
    pub imported_at: DateTime<Utc>,
    pub imported_by: String,
}

/// Which reference figures to read; `None` is any.
#[derive(Debug, Clone, Default)]
pub struct ReferenceQuery {
    pub source: Option<ReferenceSource>,
    pub indicator: Option<String>,
    /// ISO3.
    pub country: Option<String>,
    /// Only figures about everyone (no breakdown by dimension, sex or age).
    pub totals_only: bool,
}

/// External reference statistics (UNODC GLOTIP, UNHCR, US TIP tiers), kept apart from Haven's
/// own records: written only by a system task or an administrator, read by whoever may read
/// statistics.
#[async_trait]
pub trait ReferenceStore: Send + Sync {
    /// Replace every figure of `source` with `figures`, in one transaction with its audit
    /// entry. The same figures again write nothing.
    async fn replace_reference_figures(
        &self,
        actor: &Actor,
        source: ReferenceSource,
        file_name: &str,
        figures: &[ReferenceFigure],
    ) -> Result<ReferenceImport>;
    /// Figures by source, indicator and country, by source, country, indicator, year.
    async fn reference_figures(
        &self,
        actor: &Actor,
        query: &ReferenceQuery,
    ) -> Result<Vec<(ReferenceSource, ReferenceFigure)>>;
    /// The edition stored of each source.
    async fn reference_editions(&self, actor: &Actor) -> Result<Vec<ReferenceEdition>>;
}

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Every aggregate's store, and what concerns the database as a whole.
#[async_trait]
pub trait Store:
    OrganisationStore
    + UserStore
    + PersonStore
    + CaseStore
    + EventStore
    + ReferralStore
    + AssistanceStore
    + ActivityStore
    + AuditStore
    + BulkStore
    + FactStore
    + ReportStore
    + SessionStore
    + RegisterStore
    + OutboxStore
    + ReferenceStore
    + LinkageStore
{
    fn backend(&self) -> Backend;
    /// Number of rows in a table: for progress reports and checks, never for statistics.
    async fn count_rows(&self, table: &str) -> Result<i64>;
    /// A consistent copy of the database, taken while it is in use.
    async fn backup(&self, destination: &Path) -> Result<()>;
    async fn close(&self);
}

/// Whether a URL names SQLite or PostgreSQL.
pub fn backend_of(url: &str) -> Result<Backend> {
    if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else {
        Err(StoreError::Url(format!(
            "'{}' is neither sqlite://PATH nor postgres://...",
            redact_url(url)
        )))
    }
}

/// A URL with its password replaced, fit for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Create the database if needed, apply migrations and bind it to the key. Running it
/// again on a database it already set up only applies new migrations.
pub async fn initialise(url: &str, keys: Keyring) -> Result<Arc<dyn Store>> {
    Ok(match backend_of(url)? {
        Backend::Sqlite => Arc::new(SqliteStore::initialise(url, keys).await?),
        Backend::Postgres => Arc::new(PgStore::initialise(url, keys).await?),
    })
}

/// Put a backup made by [`Store::backup`] in place, never overwriting data: a SQLite
/// database in the way is kept under another name (returned) when `replace` is given; a
/// PostgreSQL database must be new or empty.
pub async fn restore(url: &str, source: &Path, keys: Keyring, replace: bool) -> Result<Option<std::path::PathBuf>> {
    match backend_of(url)? {
        Backend::Sqlite => SqliteStore::restore(url, source, keys, replace).await,
        Backend::Postgres => PgStore::restore(url, source, keys).await.map(|()| None),
    }
}

/// Open a database that `initialise` set up, refusing a key that is not its own.
pub async fn open(url: &str, keys: Keyring) -> Result<Arc<dyn Store>> {
    Ok(match backend_of(url)? {
        Backend::Sqlite => Arc::new(SqliteStore::open(url, keys).await?),
        Backend::Postgres => Arc::new(PgStore::open(url, keys).await?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_recognised_and_redacted() {
        assert_eq!(backend_of("sqlite://haven.db").unwrap(), Backend::Sqlite);
        assert_eq!(backend_of("postgres://h/db").unwrap(), Backend::Postgres);
        assert!(backend_of("mysql://x").is_err());
        assert_eq!(
            redact_url("postgres://haven:s3cret@localhost:5432/haven"),
            "postgres://haven:***@localhost:5432/haven"
        );
        assert_eq!(redact_url("sqlite://haven.db"), "sqlite://haven.db");
    }
}
