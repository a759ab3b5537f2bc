//! Trafficking cases: a possible victim (being identified) becomes an identified victim, in
//! the two statuses of Law No. 350-Z ("may have suffered" and "victim"), which are HTCDS's
//! `PossibleVictimOfTrafficking` and `ActualVictimOfTrafficking`. The picklists are HTCDS v2's
//! own value names.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Problem;
use crate::code_list;
use crate::country::CountryCode;
use crate::ctdc::CtdcValue;
use crate::error::Checks;
use crate::picklist::check_unique;

code_list! {
    /// HTCDS `vic_TraffickingStatus`.
    pub enum TraffickingStatus ("trafficking status") {
        Possible = "PossibleVictimOfTrafficking",
        Actual = "ActualVictimOfTrafficking",
        NotAVictim = "NotAVictimOfTrafficking",
    }
}

code_list! {
    /// HTCDS `vic_TraffickingStatusDecisionMakingOrg`.
    pub enum StatusDecisionOrg ("status decision-making organisation") {
        Police = "Police",
        Ngo = "NGO",
        CourtOrProsecution = "CourtOrProsecution",
        NonPoliceGovernmentalOrganization = "NonPoliceGovernmentalOrganization",
        Other = "Other",
    }
}

code_list! {
    /// HTCDS `vic_RelationshipToTrafficker` (the standard's own spelling of "Unaquainted").
    pub enum RecruiterRelation ("relationship to trafficker") {
        Familial = "Familial",
        Acquainted = "Acquainted",
        Unacquainted = "Unaquainted",
    }
}

code_list! {
    /// HTCDS `vic_MethodOfRecruitment`.
    pub enum RecruitmentMethod ("method of recruitment") {
        AtAPlaceOfBusiness = "AtAPlaceOfBusiness",
        AtAnEducationalInstitution = "AtAnEducationalInstitution",
        AtWork = "AtWork",
        ThroughOnlineSocialNetworks = "ThroughOnlineSocialNetworks",
        ThroughAnOnlineAdvertisement = "ThroughAnOnlineAdvertisement",
        ThroughATelevisionAdvert = "ThroughATelevisionAdvert",
        ThroughANewspaperAdvert = "ThroughANewspaperAdvert",
        ThroughFamilyOrFamilyEvents = "ThroughFamilyOrFamilyEvents",
        ThroughFriendsOrSocialEvents = "ThroughFriendsOrSocialEvents",
        Other = "Other",
    }
}

code_list! {
    /// HTCDS `vic_MethodsOfControl`.
    pub enum MeansOfControl ("method of control") {
        PhysicalThreats = "PhysicalThreats",
        ThreatsLawEnforcement = "ThreatsLawEnforcement",
        ThreatensChildrenFamily = "ThreatensChildrenFamily",
        DebtBondage = "DebtBondage",
        FalsePromises = "FalsePromises",
        PhysicalAbuse = "PhysicalAbuse",
        SexualAbuse = "SexualAbuse",
        TakesEarnings = "TakesEarnings",
        RestrictsFinancialAccess = "RestrictsFinancialAccess",
        RestrictsMedicalCare = "RestrictsMedicalCare",
        WithholdsNecessities = "WithholdsNecessities",
        PsychologicalAbuse = "PsychologicalAbuse",
        PsychoactiveSubstance = "PsychoactiveSubstance",
        ExcessiveWorkingHours = "ExcessiveWorkingHours",
        WithholdsDocuments = "WithholdsDocuments",
        Other = "Other",
    }
}

code_list! {
    /// HTCDS `vic_TypeOfExploitation`.
    pub enum Exploitation ("type of exploitation") {
        ForcedLabour = "ForcedLabour",
        SexualExploitation = "SexualExploitation",
        ChildLabour = "ChildLabour",
        ForcedMarriage = "ForcedMarriage",
        Servitude = "Servitude",
        ForcedMilitaryByNonStateActors = "ForcedMilitaryByNonStateActors",
        OrganRemoval = "OrganRemoval",
        ForcedBegging = "ForcedBegging",
        ForcedAdoption = "ForcedAdoption",
        Surrogacy = "Surrogacy",
        Other = "Other",
    }
}

code_list! {
    /// HTCDS `vic_TypeOfSexExploitation`.
    pub enum SexExploitation ("type of sexual exploitation") {
        Prostitution = "Prostitution",
        Pornography = "Pornography",
        RemoteInteractiveServices = "RemoteInteractiveServices",
        PrivateSexualServices = "PrivateSexualServices",
    }
}

code_list! {
    /// HTCDS `vic_ForcedLabourIndustry` (ISIC Rev. 4 sections).
    pub enum ForcedLabourIndustry ("forced labour industry") {
        Agriculture = "A_AgricultureForestryAndFishing",
        Mining = "B_MiningAndQuarrying",
        Manufacturing = "C_Manufacturing",
        Energy = "D_ElectricityGasSteamAndAirConditioningSupply",
        Water = "E_WaterSupplySewerageWasteManagement",
        Construction = "F_Construction",
        Trade = "G_WholesaleAndRetailTradeRepairOfMotorVehicles",
        Transport = "H_TransportationAndStorage",
        AccommodationAndFood = "I_AccommodationAndFoodServiceActivities",
        Information = "J_InformationAndCommunication",
        Finance = "K_FinancialAndInsuranceActivities",
        RealEstate = "L_RealEstateActivities",
        Professional = "M_ProfessionalScientificAndTechnicalActivities",
        Administrative = "N_AdministrativeAndSupportServiceActivities",
        PublicAdministration = "O_PublicAdministrationAndDefence",
        Education = "P_Education",
        Health = "Q_HumanHealthAndSocialWorkActivities",
        Arts = "R_ArtsEntertainmentAndRecreation",
        OtherServices = "S_OtherServiceActivities",
        Households = "T_ActivitiesOfHouseholdsAsEmployers",
        Extraterritorial = "U_ActivitiesOfExtraterritorialOrganizations",
    }
}

code_list! {
    /// HTCDS `vic_Vulnerabilities`.
    pub enum Vulnerability ("vulnerability") {
        Addiction = "Addiction",
        SocialGroup = "SocialGroup",
        Discrimination = "Discrimination",
        Poverty = "Poverty",
        DisabilityAndPhysicalHealth = "DisabilityAndPhysicalHealth",
        MentalHealth = "MentalHealth",
        Migration = "Migration",
        Homelessness = "Homelessness",
        AbuseSocialMedia = "AbuseSocialMedia",
        AbusePhysical = "AbusePhysical",
        Education = "Education",
        WorkEnvironment = "WorkEnvironment",
    }
}

/// The trafficking-specific part of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TraffickingDetails {
    pub status: TraffickingStatus,
    /// When the person was first detected as a possible victim.
    pub detected_on: NaiveDate,
    /// When victim status was decided (the Ministry of Internal Affairs identifies).
    pub identified_on: Option<NaiveDate>,
    pub status_decided_by: Option<StatusDecisionOrg>,
    pub exploitation: Vec<Exploitation>,
    pub sex_exploitation: Vec<SexExploitation>,
    pub forced_labour_industry: Option<ForcedLabourIndustry>,
    pub means_of_control: Vec<MeansOfControl>,
    pub recruitment: Vec<RecruitmentMethod>,
    pub recruiter_relation: Option<RecruiterRelation>,
    pub vulnerabilities: Vec<Vulnerability>,
    pub recruitment_country: Option<CountryCode>,
    pub transit_countries: Vec<CountryCode>,
    pub exploitation_country: Option<CountryCode>,
    /// What a case imported from CTDC's data set records in CTDC's coding (see
    /// [`crate::ctdc`]); empty for a case recorded in Haven.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ctdc: Vec<CtdcValue>,
}

impl TraffickingDetails {
    /// A possible victim detected on `detected_on`, nothing else known yet.
    pub fn possible(detected_on: NaiveDate) -> Self {
        Self {
            status: TraffickingStatus::Possible,
            detected_on,
            identified_on: None,
            status_decided_by: None,
            exploitation: Vec::new(),
            sex_exploitation: Vec::new(),
            forced_labour_industry: None,
            means_of_control: Vec::new(),
            recruitment: Vec::new(),
            recruiter_relation: None,
            vulnerabilities: Vec::new(),
            recruitment_country: None,
            transit_countries: Vec::new(),
            exploitation_country: None,
            ctdc: Vec::new(),
        }
    }

    pub(crate) fn check(&self, checks: &mut Checks, today: NaiveDate) {
        checks.not_future("detected_on", self.detected_on, today);
        if let Some(identified) = self.identified_on {
            checks.not_future("identified_on", identified, today);
            checks.not_before("identified_on", identified, "detected_on", self.detected_on);
        }
        if self.status == TraffickingStatus::Actual {
            if self.identified_on.is_none() {
                checks.push("identified_on", Problem::Required);
            }
            if self.status_decided_by.is_none() {
                checks.push("status_decided_by", Problem::Required);
            }
        }
        if !self.sex_exploitation.is_empty() && !self.exploitation.contains(&Exploitation::SexualExploitation) {
            checks.push(
                "sex_exploitation",
                Problem::Invalid {
                    reason: "given without SexualExploitation among the types of exploitation".into(),
                },
            );
        }
        if self.forced_labour_industry.is_some() && !self.exploitation.contains(&Exploitation::ForcedLabour) {
            checks.push(
                "forced_labour_industry",
                Problem::Invalid {
                    reason: "given without ForcedLabour among the types of exploitation".into(),
                },
            );
        }
        check_unique(checks, "exploitation", &self.exploitation);
        check_unique(checks, "sex_exploitation", &self.sex_exploitation);
        check_unique(checks, "means_of_control", &self.means_of_control);
        check_unique(checks, "recruitment", &self.recruitment);
        check_unique(checks, "vulnerabilities", &self.vulnerabilities);
        check_unique(checks, "transit_countries", &self.transit_countries);
        crate::ctdc::check(checks, "ctdc", &self.ctdc);
    }
}
