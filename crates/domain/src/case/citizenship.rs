//! Applications for citizenship of the Republic of Belarus.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Problem;
use crate::code_list;
use crate::error::Checks;

code_list! {
    pub enum CitizenshipOutcome ("citizenship decision") {
        Granted = "granted",
        Refused = "refused",
        Withdrawn = "withdrawn",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CitizenshipDecision {
    pub outcome: CitizenshipOutcome,
    pub decided_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CitizenshipDetails {
    pub applied_on: NaiveDate,
    pub decision: Option<CitizenshipDecision>,
    /// When the person became a citizen (took the oath, received the passport).
    pub acquired_on: Option<NaiveDate>,
}

impl CitizenshipDetails {
    pub(crate) fn check(&self, checks: &mut Checks, today: NaiveDate) {
        checks.not_future("applied_on", self.applied_on, today);
        if let Some(decision) = &self.decision {
            checks.not_future("decision.decided_on", decision.decided_on, today);
            checks.not_before(
                "decision.decided_on",
                decision.decided_on,
                "applied_on",
                self.applied_on,
            );
        }
        if let Some(acquired) = self.acquired_on {
            checks.not_future("acquired_on", acquired, today);
            match &self.decision {
                Some(d) if d.outcome == CitizenshipOutcome::Granted => {
                    checks.not_before("acquired_on", acquired, "decision.decided_on", d.decided_on);
                }
                _ => checks.push(
                    "acquired_on",
                    Problem::Invalid {
                        reason: "citizenship is acquired only after it is granted".into(),
                    },
                ),
            }
        }
    }
}
