//! Assistance delivered to a person: shelter, medical, psychological and legal aid,
//! humanitarian help, return travel, reintegration; free to the person under the law, with
//! its cost and who paid for it recorded for the response's own accounting.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::code_list;
use crate::error::{Checks, Validate};
use crate::event::{EventKind, Fact};
use crate::ids::{AssistanceId, CaseId, FundingId, OrgId, PersonId};
use crate::money::Money;

code_list! {
    pub enum AssistanceKind ("kind of assistance") {
        Shelter = "shelter",
        Medical = "medical",
        Psychological = "psychological",
        Legal = "legal",
        Humanitarian = "humanitarian",
        ReturnTravel = "return_travel",
        Reintegration = "reintegration",
        SocialCounselling = "social_counselling",
        FinancialAid = "financial_aid",
        Education = "education",
        Employment = "employment",
        Other = "other",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AssistanceInput {
    pub person: PersonId,
    /// The case under which it was delivered, if any.
    pub case: Option<CaseId>,
    pub provider: OrgId,
    pub kind: AssistanceKind,
    pub delivered_on: NaiveDate,
    pub cost: Option<Money>,
    pub funding: Option<FundingId>,
    /// Free text, encrypted at rest; only case workers read it.
    pub notes: Option<String>,
}

impl AssistanceInput {
    pub fn facts(&self) -> Vec<Fact> {
        vec![Fact::new(
            EventKind::ServiceDelivered,
            self.delivered_on,
            Some(self.kind.code()),
        )]
    }
}

impl Validate for AssistanceInput {
    fn validate(&self, today: NaiveDate) -> Result<(), ValidationErrors> {
        let mut checks = Checks::new();
        checks.not_future("delivered_on", self.delivered_on, today);
        if let Some(cost) = &self.cost {
            checks.non_negative("cost.minor", cost.minor);
        }
        checks.optional_text("notes", self.notes.as_deref(), 8000);
        checks.finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Assistance {
    pub id: AssistanceId,
    #[serde(flatten)]
    pub input: AssistanceInput,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}
