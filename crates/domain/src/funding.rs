//! Funding allocations by source and currency, with their US-dollar equivalent at the rate
//! of the allocation's date.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::code_list;
use crate::error::{Checks, Validate};
use crate::ids::{FundingId, OrgId};
use crate::money::{ExchangeRate, Money};

code_list! {
    pub enum FundingSource ("funding source") {
        StateBudget = "state_budget",
        ForeignGratuitousAid = "foreign_gratuitous_aid",
        Sponsorship = "sponsorship",
        IndividualDonations = "individual_donations",
        InternationalOrganisation = "international_organisation",
        Other = "other",
    }
}

code_list! {
    pub enum FundingPurpose ("funding purpose") {
        /// Assistance to migrants crossing Belarus in transit.
        MigrantTransitAssistance = "migrant_transit_assistance",
        VictimAssistance = "victim_assistance",
        Prevention = "prevention",
        Training = "training",
        ReturnAndReadmission = "return_and_readmission",
        Other = "other",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FundingInput {
    pub source: FundingSource,
    /// Who gave the money (an institution; never a private donor's name).
    pub donor: String,
    pub recipient: Option<OrgId>,
    pub purpose: FundingPurpose,
    pub allocated_on: NaiveDate,
    pub amount: Money,
    /// US dollars per unit of the amount's currency on `allocated_on`.
    pub usd_rate: ExchangeRate,
}

impl FundingInput {
    /// The US-dollar equivalent in cents.
    pub fn usd_cents(&self) -> i64 {
        self.amount.usd_cents(self.usd_rate)
    }
}

impl Validate for FundingInput {
    fn validate(&self, today: NaiveDate) -> Result<(), ValidationErrors> {
        let mut checks = Checks::new();
        checks.text("donor", &self.donor, 200);
        checks.not_future("allocated_on", self.allocated_on, today);
        checks.non_negative("amount.minor", self.amount.minor);
        self.usd_rate.check(&mut checks, "usd_rate");
        checks.finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Funding {
    pub id: FundingId,
    #[serde(flatten)]
    pub input: FundingInput,
    pub usd_cents: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}
