//! Events: dated facts on a case's timeline. Statistics count them at the date the fact
//! happened (`occurred_on`), never the date it was typed (`recorded_at`).
//!
//! Most events are facts that a record states (a case's details, a service delivered, a
//! referral's steps): the store writes and rewrites them with that record, so the timeline
//! never disagrees with it. Users add the rest (notes, interviews, hearings) directly.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::code_list;
use crate::error::{Checks, Validate};
use crate::ids::{CaseId, EventId, OrgId, PersonId, UserId};
use crate::{Problem, ValidationErrors};

code_list! {
    pub enum EventKind ("event kind") {
        CaseOpened = "case_opened",
        CaseClosed = "case_closed",
        PossibleVictimDetected = "possible_victim_detected",
        VictimStatusDecided = "victim_status_decided",
        CriminalCaseInitiated = "criminal_case_initiated",
        CriminalStageReached = "criminal_stage_reached",
        MigrantDetected = "migrant_detected",
        DetentionStarted = "detention_started",
        DetentionEnded = "detention_ended",
        MigrationDecisionTaken = "migration_decision_taken",
        MigrationDecisionExecuted = "migration_decision_executed",
        ProtectionApplied = "protection_applied",
        ProtectionDecided = "protection_decided",
        ProtectionExtended = "protection_extended",
        CitizenshipApplied = "citizenship_applied",
        CitizenshipDecided = "citizenship_decided",
        CitizenshipAcquired = "citizenship_acquired",
        HotlineContact = "hotline_contact",
        ServiceDelivered = "service_delivered",
        ReferralSent = "referral_sent",
        ReferralAccepted = "referral_accepted",
        ReferralDeclined = "referral_declined",
        ReferralCompleted = "referral_completed",
        Note = "note",
        Interview = "interview",
        CourtHearing = "court_hearing",
        Other = "other",
    }
}

impl EventKind {
    /// Kinds a user records directly; every other kind is stated by a record.
    pub const RECORDED_BY_USERS: [Self; 4] = [Self::Note, Self::Interview, Self::CourtHearing, Self::Other];

    pub fn is_recorded_by_users(self) -> bool {
        Self::RECORDED_BY_USERS.contains(&self)
    }
}

code_list! {
    /// What an event was written from.
    pub enum EventSource ("event source") {
        Case = "case",
        Assistance = "assistance",
        Referral = "referral",
        User = "user",
    }
}

/// A dated fact that a record states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub kind: EventKind,
    pub on: NaiveDate,
    /// A qualifier: the form of protection, the decision, the article, the service...
    pub code: Option<String>,
}

impl Fact {
    pub fn new(kind: EventKind, on: NaiveDate, code: Option<&str>) -> Self {
        Self {
            kind,
            on,
            code: code.map(str::to_owned),
        }
    }
}

/// An event as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Event {
    pub id: EventId,
    pub case: CaseId,
    pub person: Option<PersonId>,
    pub org: OrgId,
    pub kind: EventKind,
    pub occurred_on: NaiveDate,
    pub code: Option<String>,
    pub source: EventSource,
    /// Free text, encrypted at rest; `None` also where the reader may not see it.
    pub notes: Option<String>,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: Option<UserId>,
    pub version: i64,
}

/// An event a user records on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NewEvent {
    pub case: CaseId,
    pub kind: EventKind,
    pub occurred_on: NaiveDate,
    pub notes: Option<String>,
}

impl Validate for NewEvent {
    fn validate(&self, today: NaiveDate) -> Result<(), ValidationErrors> {
        let mut checks = Checks::new();
        if !self.kind.is_recorded_by_users() {
            checks.push(
                "kind",
                Problem::Invalid {
                    reason: format!(
                        "'{}' events are written from the record that states them, not typed",
                        self.kind
                    ),
                },
            );
        }
        checks.not_future("occurred_on", self.occurred_on, today);
        checks.optional_text("notes", self.notes.as_deref(), 8000);
        checks.finish()
    }
}
