//! Hotline contacts: one call, message or visit, logged while the operator is on the phone.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::code_list;
use crate::country::CountryCode;
use crate::error::Checks;
use crate::ids::OrgId;

code_list! {
    pub enum CallerType ("caller type") {
        PossibleVictim = "possible_victim",
        Relative = "relative",
        /// Someone planning to work, study or marry abroad.
        PlanningToGoAbroad = "planning_to_go_abroad",
        Professional = "professional",
        Other = "other",
        Anonymous = "anonymous",
    }
}

code_list! {
    pub enum ContactChannel ("contact channel") {
        Phone = "phone",
        Email = "email",
        Messenger = "messenger",
        Website = "website",
        SocialMedia = "social_media",
        InPerson = "in_person",
    }
}

code_list! {
    pub enum HotlineTopic ("hotline topic") {
        EmploymentAbroad = "employment_abroad",
        StudyAbroad = "study_abroad",
        MarriageAbroad = "marriage_abroad",
        SafeTravel = "safe_travel",
        AgencyCheck = "agency_check",
        TraffickingSuspicion = "trafficking_suspicion",
        MissingPerson = "missing_person",
        LegalStatus = "legal_status",
        Documents = "documents",
        Other = "other",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct HotlineDetails {
    pub contacted_at: DateTime<Utc>,
    pub caller: CallerType,
    pub channel: ContactChannel,
    pub topic: HotlineTopic,
    pub destination_country: Option<CountryCode>,
    /// What the operator advised (free text: encrypted at rest).
    pub advice: Option<String>,
    pub referred_to: Option<OrgId>,
}

impl HotlineDetails {
    pub(crate) fn check(&self, checks: &mut Checks, today: NaiveDate) {
        checks.not_future("contacted_at", self.contacted_at.date_naive(), today);
        checks.optional_text("advice", self.advice.as_deref(), 4000);
    }
}
