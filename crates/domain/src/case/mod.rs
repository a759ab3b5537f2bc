//! Case files: what one organisation keeps about a person, of one kind. The common part
//! (organisation, person, reference, dates, status) and the kind's own [`CaseDetails`].

pub mod citizenship;
pub mod criminal;
pub mod hotline;
pub mod migration;
pub mod protection;
pub mod trafficking;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::code_list;
use crate::error::{Checks, Validate};
use crate::event::{EventKind, Fact};
use crate::ids::{CaseId, OrgId, PersonId};
use crate::{Problem, ValidationErrors};

pub use citizenship::{CitizenshipDecision, CitizenshipDetails, CitizenshipOutcome};
pub use criminal::{CaseParty, CriminalArticle, CriminalDetails, CriminalStage, ForeignPartner, PartyRole};
pub use hotline::{CallerType, ContactChannel, HotlineDetails, HotlineTopic};
pub use migration::{
    DetentionFacility, DetentionPeriod, MigrationDecision, MigrationDecisionKind, MigrationDetails, MigrationGrounds,
};
pub use protection::{ProtectionDecision, ProtectionDetails, ProtectionExtension, ProtectionForm, ProtectionOutcome};
pub use trafficking::{
    Exploitation, ForcedLabourIndustry, MeansOfControl, RecruiterRelation, RecruitmentMethod, SexExploitation,
    StatusDecisionOrg, TraffickingDetails, TraffickingStatus, Vulnerability,
};

code_list! {
    pub enum CaseKind ("case kind") {
        Trafficking = "trafficking",
        Criminal = "criminal",
        Migration = "migration",
        Protection = "protection",
        Citizenship = "citizenship",
        Hotline = "hotline",
    }
}

code_list! {
    /// HTCDS `cas_Status`.
    pub enum CaseStatus ("case status") {
        Active = "Active",
        FollowUp = "FollowUp",
        Closed = "Closed",
        ClosedReferred = "ClosedReferred",
    }
}

impl CaseStatus {
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Closed | Self::ClosedReferred)
    }
}

/// The part of a case that depends on its kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CaseDetails {
    Trafficking(TraffickingDetails),
    Criminal(CriminalDetails),
    Migration(MigrationDetails),
    Protection(ProtectionDetails),
    Citizenship(CitizenshipDetails),
    Hotline(HotlineDetails),
}

impl CaseDetails {
    pub fn kind(&self) -> CaseKind {
        match self {
            Self::Trafficking(_) => CaseKind::Trafficking,
            Self::Criminal(_) => CaseKind::Criminal,
            Self::Migration(_) => CaseKind::Migration,
            Self::Protection(_) => CaseKind::Protection,
            Self::Citizenship(_) => CaseKind::Citizenship,
            Self::Hotline(_) => CaseKind::Hotline,
        }
    }

    fn check(&self, checks: &mut Checks, today: NaiveDate) {
        match self {
            Self::Trafficking(d) => d.check(checks, today),
            Self::Criminal(d) => d.check(checks, today),
            Self::Migration(d) => d.check(checks, today),
            Self::Protection(d) => d.check(checks, today),
            Self::Citizenship(d) => d.check(checks, today),
            Self::Hotline(d) => d.check(checks, today),
        }
    }

    /// The dated facts these details state, each of which is an event on the case's
    /// timeline. The store keeps the timeline in step with the details.
    pub fn facts(&self) -> Vec<Fact> {
        let mut facts = Vec::new();
        match self {
            Self::Trafficking(d) => {
                facts.push(Fact::new(EventKind::PossibleVictimDetected, d.detected_on, None));
                if let Some(on) = d.identified_on {
                    facts.push(Fact::new(EventKind::VictimStatusDecided, on, Some(d.status.code())));
                }
            }
            Self::Criminal(d) => {
                facts.push(Fact::new(
                    EventKind::CriminalCaseInitiated,
                    d.initiated_on,
                    Some(d.article.as_str()),
                ));
                if d.stage != CriminalStage::Initiated {
                    facts.push(Fact::new(
                        EventKind::CriminalStageReached,
                        d.stage_on,
                        Some(d.stage.code()),
                    ));
                }
            }
            Self::Migration(d) => {
                facts.push(Fact::new(
                    EventKind::MigrantDetected,
                    d.detected_on,
                    Some(d.grounds.code()),
                ));
                for period in &d.detention {
                    facts.push(Fact::new(
                        EventKind::DetentionStarted,
                        period.started_on,
                        Some(period.facility.code()),
                    ));
                    if let Some(end) = period.ended_on {
                        facts.push(Fact::new(EventKind::DetentionEnded, end, Some(period.facility.code())));
                    }
                }
                if let Some(decision) = &d.decision {
                    let code = Some(decision.kind.code());
                    facts.push(Fact::new(EventKind::MigrationDecisionTaken, decision.decided_on, code));
                    if let Some(on) = decision.executed_on {
                        facts.push(Fact::new(EventKind::MigrationDecisionExecuted, on, code));
                    }
                }
            }
            Self::Protection(d) => {
                facts.push(Fact::new(
                    EventKind::ProtectionApplied,
                    d.applied_on,
                    Some(d.form_applied.code()),
                ));
                if let Some(decision) = &d.decision {
                    facts.push(Fact::new(
                        EventKind::ProtectionDecided,
                        decision.decided_on,
                        Some(
                            decision
                                .form_granted
                                .map_or(decision.outcome.code(), ProtectionForm::code),
                        ),
                    ));
                }
                for ext in &d.extensions {
                    facts.push(Fact::new(EventKind::ProtectionExtended, ext.decided_on, None));
                }
            }
            Self::Citizenship(d) => {
                facts.push(Fact::new(EventKind::CitizenshipApplied, d.applied_on, None));
                if let Some(decision) = &d.decision {
                    facts.push(Fact::new(
                        EventKind::CitizenshipDecided,
                        decision.decided_on,
                        Some(decision.outcome.code()),
                    ));
                }
                if let Some(on) = d.acquired_on {
                    facts.push(Fact::new(EventKind::CitizenshipAcquired, on, None));
                }
            }
            Self::Hotline(d) => {
                facts.push(Fact::new(
                    EventKind::HotlineContact,
                    d.contacted_at.date_naive(),
                    Some(d.topic.code()),
                ));
            }
        }
        facts
    }
}

/// What is needed to open a case, or to change one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CaseInput {
    pub org: OrgId,
    /// The person the case is about; only a hotline contact may be anonymous.
    pub person: Option<PersonId>,
    /// The organisation's own case number, unique within it.
    pub reference: String,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub status: CaseStatus,
    pub details: CaseDetails,
}

impl CaseInput {
    pub fn kind(&self) -> CaseKind {
        self.details.kind()
    }

    /// Every fact on the timeline this case states: opening, closing, and its details'.
    pub fn facts(&self) -> Vec<Fact> {
        let mut facts = vec![Fact::new(
            EventKind::CaseOpened,
            self.opened_on,
            Some(self.kind().code()),
        )];
        facts.extend(self.details.facts());
        if let Some(closed) = self.closed_on {
            facts.push(Fact::new(EventKind::CaseClosed, closed, Some(self.status.code())));
        }
        facts
    }
}

impl Validate for CaseInput {
    fn validate(&self, today: NaiveDate) -> Result<(), ValidationErrors> {
        let mut checks = Checks::new();
        checks.text("reference", &self.reference, 60);
        checks.not_future("opened_on", self.opened_on, today);
        if self.person.is_none() && self.kind() != CaseKind::Hotline {
            checks.push("person", Problem::Required);
        }
        match (self.closed_on, self.status.is_closed()) {
            (Some(closed), true) => {
                checks.not_future("closed_on", closed, today);
                checks.not_before("closed_on", closed, "opened_on", self.opened_on);
            }
            (None, true) => checks.push("closed_on", Problem::Required),
            (Some(_), false) => checks.push(
                "status",
                Problem::Invalid {
                    reason: format!("a case with a closing date cannot be '{}'", self.status),
                },
            ),
            (None, false) => {}
        }
        checks.nested("details", |c| self.details.check(c, today));
        checks.finish()
    }
}

/// A case as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Case {
    pub id: CaseId,
    pub org: OrgId,
    pub person: Option<PersonId>,
    pub reference: String,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub status: CaseStatus,
    pub details: CaseDetails,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl Case {
    pub fn kind(&self) -> CaseKind {
        self.details.kind()
    }

    /// What lists show of the case.
    pub fn summary(&self) -> CaseSummary {
        CaseSummary {
            id: self.id,
            org: self.org,
            person: self.person,
            reference: self.reference.clone(),
            kind: self.kind(),
            opened_on: self.opened_on,
            closed_on: self.closed_on,
            status: self.status,
            version: self.version,
        }
    }

    pub fn input(&self) -> CaseInput {
        CaseInput {
            org: self.org,
            person: self.person,
            reference: self.reference.clone(),
            opened_on: self.opened_on,
            closed_on: self.closed_on,
            status: self.status,
            details: self.details.clone(),
        }
    }
}

/// A case as lists show it: what it is and where it stands, without its details, so that a
/// page of a list is read in a few queries instead of several per case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CaseSummary {
    pub id: CaseId,
    pub org: OrgId,
    pub person: Option<PersonId>,
    pub reference: String,
    pub kind: CaseKind,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub status: CaseStatus,
    pub version: i64,
}

impl CaseSummary {
    /// As [`Case::kind`], so that one template lists either.
    pub fn kind(&self) -> CaseKind {
        self.kind
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn migration(details: MigrationDetails) -> CaseInput {
        CaseInput {
            org: OrgId::new(),
            person: Some(PersonId::new()),
            reference: "M-2024-001".into(),
            opened_on: d(2024, 3, 1),
            closed_on: None,
            status: CaseStatus::Active,
            details: CaseDetails::Migration(details),
        }
    }

    #[test]
    fn migration_case_errors_name_their_fields() {
        let input = migration(MigrationDetails {
            detected_on: d(2024, 3, 1),
            detected_in: None,
            grounds: MigrationGrounds::IllegalStay,
            detention: vec![
                DetentionPeriod {
                    facility: DetentionFacility::TemporaryDetentionCentre,
                    started_on: d(2024, 3, 2),
                    ended_on: Some(d(2024, 3, 1)),
                },
                DetentionPeriod {
                    facility: DetentionFacility::TemporaryDetentionCentre,
                    started_on: d(2024, 3, 10),
                    ended_on: None,
                },
                DetentionPeriod {
                    facility: DetentionFacility::OffenderDetentionCentre,
                    started_on: d(2024, 3, 12),
                    ended_on: Some(d(2030, 1, 1)),
                },
            ],
            decision: Some(MigrationDecision {
                kind: MigrationDecisionKind::VoluntaryReturnIom,
                decided_on: d(2024, 3, 20),
                executed_on: Some(d(2024, 3, 19)),
                destination: None,
            }),
        });
        let errors = input.validate(d(2024, 6, 1)).unwrap_err();
        for field in [
            "details.detention[0].ended_on",
            "details.detention[1].ended_on",
            "details.detention[2].ended_on",
            "details.decision.executed_on",
        ] {
            assert!(errors.has(field), "{field} not in {errors}");
        }
    }

    #[test]
    fn facts_follow_the_details() {
        let input = migration(MigrationDetails {
            detected_on: d(2024, 3, 1),
            detected_in: None,
            grounds: MigrationGrounds::IllegalStay,
            detention: vec![DetentionPeriod {
                facility: DetentionFacility::TemporaryDetentionCentre,
                started_on: d(2024, 3, 1),
                ended_on: Some(d(2024, 3, 20)),
            }],
            decision: Some(MigrationDecision {
                kind: MigrationDecisionKind::Deportation,
                decided_on: d(2024, 3, 15),
                executed_on: Some(d(2024, 3, 20)),
                destination: None,
            }),
        });
        input.validate(d(2024, 6, 1)).unwrap();
        let kinds: Vec<EventKind> = input.facts().iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [
                EventKind::CaseOpened,
                EventKind::MigrantDetected,
                EventKind::DetentionStarted,
                EventKind::DetentionEnded,
                EventKind::MigrationDecisionTaken,
                EventKind::MigrationDecisionExecuted
            ]
        );
    }

    #[test]
    fn only_hotline_contacts_may_be_anonymous_and_closing_needs_a_date() {
        let mut input = migration(MigrationDetails {
            detected_on: d(2024, 3, 1),
            detected_in: None,
            grounds: MigrationGrounds::IllegalStay,
            detention: vec![],
            decision: None,
        });
        input.person = None;
        input.status = CaseStatus::Closed;
        let errors = input.validate(d(2024, 6, 1)).unwrap_err();
        assert!(errors.has("person"));
        assert!(errors.has("closed_on"));
    }

    #[test]
    fn extensions_need_a_grant_and_follow_it() {
        let protection = ProtectionDetails {
            form_applied: ProtectionForm::RefugeeStatus,
            applied_on: d(2022, 1, 10),
            decision: Some(ProtectionDecision {
                outcome: ProtectionOutcome::Granted,
                form_granted: Some(ProtectionForm::AdditionalProtection),
                decided_on: d(2022, 3, 1),
                valid_until: Some(d(2023, 3, 1)),
            }),
            extensions: vec![ProtectionExtension {
                decided_on: d(2022, 2, 1),
                valid_until: d(2024, 3, 1),
            }],
        };
        let mut checks = Checks::new();
        protection.check(&mut checks, d(2024, 6, 1));
        let errors = checks.finish().unwrap_err();
        assert!(errors.has("extensions[0].decided_on"), "{errors}");
        assert_eq!(protection.valid_until(), Some(d(2024, 3, 1)));
    }
}
