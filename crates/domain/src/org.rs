//! Organisations: a hierarchy (ministry, department, regional unit; IOM office; NGO and its
//! branches). A user sees the cases of their organisation and of its sub-units.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::ValidationErrors;
use crate::code_list;
use crate::error::{Checks, Validate};
use crate::ids::OrgId;

code_list! {
    /// Kind of organisation: HTCDS `org_Type` plus the kinds a national response has.
    pub enum OrgKind ("organisation kind") {
        Ngo = "NGO",
        LawEnforcement = "LawEnforcement",
        HealthServiceOrganisation = "HealthServiceOrganisation",
        CentralGovernmentOrganisation = "CentralGovernmentOrganisation",
        LocalGovernmentOrganisation = "LocalGovernmentOrganisation",
        ImmigrationService = "ImmigrationService",
        LegalService = "LegalService",
        CorporateBusiness = "CorporateBusiness",
        SchoolOrCollege = "SchoolOrCollege",
        InternationalOrganisation = "InternationalOrganisation",
        Prosecution = "Prosecution",
        BorderGuard = "BorderGuard",
        SocialService = "SocialService",
    }
}

code_list! {
    /// Regions of Belarus (ISO 3166-2:BY): the "region of the country" breakdown.
    pub enum Region ("region of Belarus (ISO 3166-2:BY)") {
        Brest = "BY-BR",
        Homyel = "BY-HO",
        Hrodna = "BY-HR",
        Mahilyow = "BY-MA",
        MinskRegion = "BY-MI",
        Vitebsk = "BY-VI",
        MinskCity = "BY-HM",
    }
}

/// An organisation as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Organisation {
    pub id: OrgId,
    pub parent: Option<OrgId>,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: OrgKind,
    pub region: Option<Region>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// What is needed to create (or, with a version, to change) an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OrganisationInput {
    pub parent: Option<OrgId>,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: OrgKind,
    pub region: Option<Region>,
}

impl Validate for OrganisationInput {
    fn validate(&self, _today: NaiveDate) -> Result<(), ValidationErrors> {
        let mut checks = Checks::new();
        checks.text("name", &self.name, 200);
        checks.optional_text("short_name", self.short_name.as_deref(), 40);
        checks.finish()
    }
}

impl Organisation {
    pub fn input(&self) -> OrganisationInput {
        OrganisationInput {
            parent: self.parent,
            name: self.name.clone(),
            short_name: self.short_name.clone(),
            kind: self.kind,
            region: self.region,
        }
    }
}
