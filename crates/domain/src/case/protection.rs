//! International protection: applications for refugee status, additional protection or
//! asylum, the decision, its validity, and every extension of it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Problem;
use crate::code_list;
use crate::error::Checks;

code_list! {
    pub enum ProtectionForm ("form of protection") {
        RefugeeStatus = "refugee_status",
        AdditionalProtection = "additional_protection",
        Asylum = "asylum",
        TemporaryProtection = "temporary_protection",
    }
}

code_list! {
    pub enum ProtectionOutcome ("protection decision") {
        Granted = "granted",
        Refused = "refused",
        Withdrawn = "withdrawn",
        Discontinued = "discontinued",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProtectionDecision {
    pub outcome: ProtectionOutcome,
    /// The form granted, which may differ from the one applied for.
    pub form_granted: Option<ProtectionForm>,
    pub decided_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

/// A decision to extend the protection granted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProtectionExtension {
    pub decided_on: NaiveDate,
    pub valid_until: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProtectionDetails {
    pub form_applied: ProtectionForm,
    pub applied_on: NaiveDate,
    pub decision: Option<ProtectionDecision>,
    pub extensions: Vec<ProtectionExtension>,
}

impl ProtectionDetails {
    /// The date the protection currently granted ends, counting extensions.
    pub fn valid_until(&self) -> Option<NaiveDate> {
        self.extensions
            .last()
            .map(|e| e.valid_until)
            .or_else(|| self.decision.as_ref().and_then(|d| d.valid_until))
    }

    pub(crate) fn check(&self, checks: &mut Checks, today: NaiveDate) {
        checks.not_future("applied_on", self.applied_on, today);
        let granted = self
            .decision
            .as_ref()
            .filter(|d| d.outcome == ProtectionOutcome::Granted);
        if let Some(decision) = &self.decision {
            checks.nested("decision", |c| {
                c.not_future("decided_on", decision.decided_on, today);
                if let Some(until) = decision.valid_until {
                    c.not_before("valid_until", until, "decided_on", decision.decided_on);
                }
                let is_granted = decision.outcome == ProtectionOutcome::Granted;
                if is_granted && decision.form_granted.is_none() {
                    c.push("form_granted", Problem::Required);
                }
                if !is_granted && (decision.form_granted.is_some() || decision.valid_until.is_some()) {
                    c.push(
                        "form_granted",
                        Problem::Invalid {
                            reason: format!("a decision '{}' grants no protection", decision.outcome),
                        },
                    );
                }
            });
            checks.not_before(
                "decision.decided_on",
                decision.decided_on,
                "applied_on",
                self.applied_on,
            );
        }
        if !self.extensions.is_empty() && granted.is_none() {
            checks.push(
                "extensions",
                Problem::Invalid {
                    reason: "only protection that was granted can be extended".into(),
                },
            );
        }
        let mut after = granted.map(|d| ("decision.decided_on".to_owned(), d.decided_on));
        for (i, ext) in self.extensions.iter().enumerate() {
            checks.nested(&format!("extensions[{i}]"), |c| {
                c.not_future("decided_on", ext.decided_on, today);
                c.not_before("valid_until", ext.valid_until, "decided_on", ext.decided_on);
            });
            if let Some((field, date)) = &after {
                checks.not_before(&format!("extensions[{i}].decided_on"), ext.decided_on, field, *date);
            }
            after = Some((format!("extensions[{i}].decided_on"), ext.decided_on));
        }
    }
}
