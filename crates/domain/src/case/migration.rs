//! Migration cases: an irregular migrant detected, perhaps detained (in temporary detention
//! centres or detention centres for offenders), a decision taken (deportation, voluntary
//! return with IOM's help, readmission to the transit country) and carried out.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Problem;
use crate::code_list;
use crate::country::CountryCode;
use crate::error::Checks;
use crate::org::Region;

code_list! {
    pub enum MigrationGrounds ("grounds of detection") {
        IllegalEntry = "illegal_entry",
        IllegalStay = "illegal_stay",
        StayRulesViolation = "stay_rules_violation",
        AttemptedIllegalExit = "attempted_illegal_exit",
        Other = "other",
    }
}

code_list! {
    pub enum DetentionFacility ("detention facility") {
        TemporaryDetentionCentre = "temporary_detention_centre",
        OffenderDetentionCentre = "offender_detention_centre",
        Other = "other",
    }
}

code_list! {
    pub enum MigrationDecisionKind ("migration decision") {
        Deportation = "deportation",
        VoluntaryReturnIom = "voluntary_return_iom",
        ReadmissionToTransitCountry = "readmission_transit",
        Other = "other",
    }
}

/// A stay in detention; `ended_on` is `None` while it lasts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DetentionPeriod {
    pub facility: DetentionFacility,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MigrationDecision {
    pub kind: MigrationDecisionKind,
    pub decided_on: NaiveDate,
    /// When the person actually left (was deported, returned, readmitted).
    pub executed_on: Option<NaiveDate>,
    /// Where the person was sent.
    pub destination: Option<CountryCode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MigrationDetails {
    pub detected_on: NaiveDate,
    pub detected_in: Option<Region>,
    pub grounds: MigrationGrounds,
    pub detention: Vec<DetentionPeriod>,
    pub decision: Option<MigrationDecision>,
}

impl MigrationDetails {
    pub(crate) fn check(&self, checks: &mut Checks, today: NaiveDate) {
        checks.not_future("detected_on", self.detected_on, today);
        let mut previous_end: Option<(usize, NaiveDate)> = None;
        for (i, period) in self.detention.iter().enumerate() {
            checks.nested(&format!("detention[{i}]"), |c| {
                c.not_future("started_on", period.started_on, today);
                if let Some(end) = period.ended_on {
                    c.not_future("ended_on", end, today);
                    c.not_before("ended_on", end, "started_on", period.started_on);
                }
            });
            let field = format!("detention[{i}].started_on");
            if let Some((j, end)) = previous_end
                && period.started_on <= end
            {
                checks.push(
                    &field,
                    Problem::Invalid {
                        reason: format!("overlaps detention[{j}], which ends on {end}"),
                    },
                );
            }
            match period.ended_on {
                Some(end) => previous_end = Some((i, end)),
                None if i + 1 < self.detention.len() => checks.push(
                    &format!("detention[{i}].ended_on"),
                    Problem::Invalid {
                        reason: "only the last detention can still be going on".into(),
                    },
                ),
                None => {}
            }
        }
        if let Some(decision) = &self.decision {
            checks.nested("decision", |c| {
                c.not_future("decided_on", decision.decided_on, today);
                if let Some(executed) = decision.executed_on {
                    c.not_future("executed_on", executed, today);
                    c.not_before("executed_on", executed, "decided_on", decision.decided_on);
                }
            });
            checks.not_before(
                "decision.decided_on",
                decision.decided_on,
                "detected_on",
                self.detected_on,
            );
        }
    }
}
