//! International cooperation: requests from and to UNHCR and foreign police, and joint
//! operations such as the CSTO's twice-yearly operation "Illegal".

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::code_list;
use crate::country::CountryCode;
use crate::error::{Checks, Validate};
use crate::ids::{CaseId, CooperationId, OrgId};

code_list! {
    pub enum CooperationKind ("kind of cooperation") {
        IncomingRequest = "incoming_request",
        OutgoingRequest = "outgoing_request",
        JointOperation = "joint_operation",
        Meeting = "meeting",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CooperationInput {
    pub org: OrgId,
    pub kind: CooperationKind,
    /// The partner: "UNHCR Representative Office", "Israel Police", "CSTO"...
    pub counterpart: String,
    pub counterpart_country: Option<CountryCode>,
    pub subject: String,
    pub case: Option<CaseId>,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub outcome: Option<String>,
}

impl Validate for CooperationInput {
    fn validate(&self, today: NaiveDate) -> Result<(), ValidationErrors> {
        let mut checks = Checks::new();
        checks.text("counterpart", &self.counterpart, 200);
        checks.text("subject", &self.subject, 500);
        checks.optional_text("outcome", self.outcome.as_deref(), 2000);
        checks.not_future("started_on", self.started_on, today);
        if let Some(end) = self.ended_on {
            checks.not_future("ended_on", end, today);
            checks.not_before("ended_on", end, "started_on", self.started_on);
        }
        checks.finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Cooperation {
    pub id: CooperationId,
    #[serde(flatten)]
    pub input: CooperationInput,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}
