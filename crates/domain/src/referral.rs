//! Referrals between organisations, gated by the person's consent (or a legal exception for
//! a minor or imminent danger), with a status that decides who may now see what.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::code_list;
use crate::error::{Checks, Validate};
use crate::event::{EventKind, Fact};
use crate::ids::{CaseId, OrgId, PersonId, ReferralId, UserId};
use crate::picklist::check_unique;
use crate::{Problem, ValidationErrors};

code_list! {
    pub enum ReferralStatus ("referral status") {
        Sent = "sent",
        Accepted = "accepted",
        Declined = "declined",
        Completed = "completed",
    }
}

code_list! {
    /// On what ground the person's data may be shared.
    pub enum ConsentBasis ("consent basis") {
        /// The person (or their legal representative) agreed.
        PersonConsented = "person_consented",
        /// A child: the law allows referral in the child's interest.
        MinorLegalException = "minor_legal_exception",
        /// Life or health in imminent danger.
        ImminentDanger = "imminent_danger",
    }
}

code_list! {
    /// Parts of a case file that a referral can share.
    pub enum CaseSection ("case section") {
        Summary = "summary",
        Identity = "identity",
        Details = "details",
        Events = "events",
        Assistance = "assistance",
        Notes = "notes",
    }
}

code_list! {
    /// HTCDS `cas_ReasonForOutgoingReferral`.
    pub enum ReferralReason ("reason for referral") {
        AdditionalServicesRequired = "AdditionalServicesRequired",
        MigrationOrChangeOfLocation = "MigrationOrChangeOfLocation",
        Other = "Other",
    }
}

/// The recorded ground for sharing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Consent {
    pub basis: ConsentBasis,
    pub recorded_on: NaiveDate,
    pub recorded_by: Option<UserId>,
}

/// A referral to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NewReferral {
    pub case: CaseId,
    pub to_org: OrgId,
    pub reason: ReferralReason,
    pub sections: Vec<CaseSection>,
    pub consent: Option<Consent>,
    pub sent_on: NaiveDate,
}

impl Validate for NewReferral {
    fn validate(&self, today: NaiveDate) -> Result<(), ValidationErrors> {
        let mut checks = Checks::new();
        checks.not_future("sent_on", self.sent_on, today);
        match &self.consent {
            None => checks.push("consent", Problem::Required),
            Some(consent) => {
                checks.not_future("consent.recorded_on", consent.recorded_on, today);
                checks.not_before("sent_on", self.sent_on, "consent.recorded_on", consent.recorded_on);
            }
        }
        if self.sections.is_empty() {
            checks.push("sections", Problem::Required);
        }
        check_unique(&mut checks, "sections", &self.sections);
        checks.finish()
    }
}

/// A referral as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Referral {
    pub id: ReferralId,
    pub case: CaseId,
    pub person: Option<PersonId>,
    pub from_org: OrgId,
    pub to_org: OrgId,
    pub reason: ReferralReason,
    pub sections: Vec<CaseSection>,
    pub consent: Consent,
    pub status: ReferralStatus,
    pub sent_on: NaiveDate,
    pub responded_on: Option<NaiveDate>,
    pub decline_reason: Option<String>,
    pub completed_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A step the receiving organisation takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ReferralResponse {
    Accept { on: NaiveDate },
    Decline { on: NaiveDate, reason: String },
    Complete { on: NaiveDate },
}

impl Referral {
    /// Apply a response: sent -> accepted | declined; accepted -> completed. Anything else,
    /// or a date before the previous step, is refused with the field that is wrong.
    pub fn respond(&mut self, response: &ReferralResponse, today: NaiveDate) -> Result<(), ValidationErrors> {
        let mut checks = Checks::new();
        let wrong_state = |checks: &mut Checks, action: &str| {
            checks.push(
                "status",
                Problem::Invalid {
                    reason: format!("a referral that is '{}' cannot be {action}", self.status),
                },
            );
        };
        match response {
            ReferralResponse::Accept { on } | ReferralResponse::Decline { on, .. } => {
                checks.not_future("on", *on, today);
                checks.not_before("on", *on, "sent_on", self.sent_on);
                if self.status != ReferralStatus::Sent {
                    wrong_state(
                        &mut checks,
                        if matches!(response, ReferralResponse::Accept { .. }) {
                            "accepted"
                        } else {
                            "declined"
                        },
                    );
                }
                if let ReferralResponse::Decline { reason, .. } = response {
                    checks.text("reason", reason, 2000);
                }
            }
            ReferralResponse::Complete { on } => {
                checks.not_future("on", *on, today);
                if let Some(accepted) = self.responded_on {
                    checks.not_before("on", *on, "responded_on", accepted);
                }
                if self.status != ReferralStatus::Accepted {
                    wrong_state(&mut checks, "completed");
                }
            }
        }
        checks.finish()?;
        match response {
            ReferralResponse::Accept { on } => {
                self.status = ReferralStatus::Accepted;
                self.responded_on = Some(*on);
            }
            ReferralResponse::Decline { on, reason } => {
                self.status = ReferralStatus::Declined;
                self.responded_on = Some(*on);
                self.decline_reason = Some(reason.clone());
            }
            ReferralResponse::Complete { on } => {
                self.status = ReferralStatus::Completed;
                self.completed_on = Some(*on);
            }
        }
        Ok(())
    }

    /// The referral's steps, as events on the referred case's timeline.
    pub fn facts(&self) -> Vec<Fact> {
        let mut facts = vec![Fact::new(
            EventKind::ReferralSent,
            self.sent_on,
            Some(self.reason.code()),
        )];
        if let Some(on) = self.responded_on {
            let kind = if self.status == ReferralStatus::Declined {
                EventKind::ReferralDeclined
            } else {
                EventKind::ReferralAccepted
            };
            facts.push(Fact::new(kind, on, None));
        }
        if let Some(on) = self.completed_on {
            facts.push(Fact::new(EventKind::ReferralCompleted, on, None));
        }
        facts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn referral() -> Referral {
        Referral {
            id: ReferralId::new(),
            case: CaseId::new(),
            person: None,
            from_org: OrgId::new(),
            to_org: OrgId::new(),
            reason: ReferralReason::AdditionalServicesRequired,
            sections: vec![CaseSection::Summary],
            consent: Consent {
                basis: ConsentBasis::PersonConsented,
                recorded_on: d(2024, 1, 1),
                recorded_by: None,
            },
            status: ReferralStatus::Sent,
            sent_on: d(2024, 1, 2),
            responded_on: None,
            decline_reason: None,
            completed_on: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 1,
        }
    }

    #[test]
    fn no_referral_without_consent() {
        let new = NewReferral {
            case: CaseId::new(),
            to_org: OrgId::new(),
            reason: ReferralReason::Other,
            sections: vec![CaseSection::Summary],
            consent: None,
            sent_on: d(2024, 1, 2),
        };
        assert!(new.validate(d(2024, 6, 1)).unwrap_err().has("consent"));
    }

    #[test]
    fn referral_state_machine() {
        let today = d(2024, 6, 1);
        let mut r = referral();
        assert!(
            r.respond(&ReferralResponse::Complete { on: d(2024, 1, 3) }, today)
                .unwrap_err()
                .has("status")
        );
        assert!(
            r.respond(&ReferralResponse::Accept { on: d(2024, 1, 1) }, today)
                .unwrap_err()
                .has("on")
        );
        r.respond(&ReferralResponse::Accept { on: d(2024, 1, 3) }, today)
            .unwrap();
        assert!(
            r.respond(
                &ReferralResponse::Decline {
                    on: d(2024, 1, 4),
                    reason: "x".into()
                },
                today
            )
            .is_err()
        );
        r.respond(&ReferralResponse::Complete { on: d(2024, 2, 1) }, today)
            .unwrap();
        assert_eq!(r.status, ReferralStatus::Completed);
        assert_eq!(r.facts().len(), 3);
    }
}
