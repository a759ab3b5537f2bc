//! The facts statistics are counted from: every record reduced to who (a person), where (an
//! organisation), when (the date the fact happened) and a few coded attributes. No names,
//! documents, dates of birth or free text ever appear in a fact, so statistics never need to
//! decrypt anything.
//!
//! The store reads facts in one consistent snapshot; the `stats` crate decides what an
//! indicator counts over them.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use crate::ids::{OrgId, PersonId};
use crate::org::Region;
use crate::person::Sex;

/// A kind of fact, one per table a statistic counts from. Each row names a record, may name a
/// person and an organisation, happened on `date` and may carry a second date and an amount
/// whose meaning [`FactTable::describe`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FactTable {
    Cases,
    Trafficking,
    CriminalCases,
    CriminalParties,
    Migration,
    Detention,
    Protection,
    ProtectionExtensions,
    Citizenship,
    Hotline,
    Referrals,
    Assistance,
    Funding,
    Prevention,
    Trainings,
    Cooperation,
    SurveyAnswers,
    Events,
}

/// What the columns of a fact table mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactSchema {
    pub name: &'static str,
    /// What `date` is.
    pub date: &'static str,
    /// What `other_date` is, if the table has one.
    pub other_date: Option<&'static str>,
    /// What `amount` is, if the table has one.
    pub amount: Option<&'static str>,
    /// What `counterpart` is, if the table has one.
    pub counterpart: Option<&'static str>,
    /// The coded attributes, in the order of [`FactRow::attributes`].
    pub attributes: &'static [&'static str],
    /// Lists of codes a record may hold several of (read as [`CodeFact`]s).
    pub code_lists: &'static [&'static str],
}

impl FactTable {
    pub const ALL: [FactTable; 18] = [
        FactTable::Cases,
        FactTable::Trafficking,
        FactTable::CriminalCases,
        FactTable::CriminalParties,
        FactTable::Migration,
        FactTable::Detention,
        FactTable::Protection,
        FactTable::ProtectionExtensions,
        FactTable::Citizenship,
        FactTable::Hotline,
        FactTable::Referrals,
        FactTable::Assistance,
        FactTable::Funding,
        FactTable::Prevention,
        FactTable::Trainings,
        FactTable::Cooperation,
        FactTable::SurveyAnswers,
        FactTable::Events,
    ];

    pub fn describe(self) -> FactSchema {
        let schema = |name, date, other_date, amount, attributes| FactSchema {
            name,
            date,
            other_date,
            amount,
            counterpart: None,
            attributes,
            code_lists: &[],
        };
        match self {
            FactTable::Cases => schema("cases", "opened_on", Some("closed_on"), None, &["kind", "status"]),
            FactTable::Trafficking => FactSchema {
                code_lists: &[
                    "exploitation",
                    "sex_exploitation",
                    "means_of_control",
                    "recruitment",
                    "vulnerability",
                    "transit_country",
                    // What a case imported from CTDC's data set holds in CTDC's coding
                    // (`crate::ctdc`), a value per variable.
                    "ctdc:yearRegister",
                    "ctdc:majorityStatus",
                    "ctdc:UN_COO_Region",
                    "ctdc:UN_COE_Region",
                    "ctdc:IP_Exploiter",
                    "ctdc:IP_Gender",
                    "ctdc:IP_ageBroad",
                    "ctdc:IP_citizen_UNRegion",
                    "ctdc:IP_Relation",
                    "ctdc:IP_PayMoney",
                    "ctdc:IP_RecruiterBroker",
                    "ctdc:IP_TransactionProcess",
                    "ctdc:IP_ControlAbuseKidnap",
                    "ctdc:yearOfRegistration",
                    "ctdc:ageBroad",
                    "ctdc:meansOfControlRestrictsMovement",
                ],
                ..schema(
                    "trafficking",
                    "detected_on",
                    Some("identified_on"),
                    None,
                    &[
                        "victim_status",
                        "country_of_exploitation",
                        "recruitment_country",
                        "industry",
                        "recruiter_relation",
                        "decided_by",
                    ],
                )
            },
            FactTable::CriminalCases => schema(
                "criminal_cases",
                "initiated_on",
                Some("stage_on"),
                None,
                &["article", "stage", "partner_country"],
            ),
            FactTable::CriminalParties => schema(
                "criminal_parties",
                "initiated_on",
                Some("stage_on"),
                None,
                &["role", "article", "stage"],
            ),
            FactTable::Migration => schema(
                "migration",
                "detected_on",
                Some("executed_on"),
                None,
                &["region", "grounds", "decision", "destination"],
            ),
            FactTable::Detention => schema("detention", "started_on", Some("ended_on"), None, &["facility"]),
            FactTable::Protection => schema(
                "protection",
                "applied_on",
                Some("decided_on"),
                None,
                &["form_applied", "outcome", "form_granted"],
            ),
            FactTable::ProtectionExtensions => schema(
                "protection_extensions",
                "decided_on",
                Some("valid_until"),
                None,
                &["form_granted"],
            ),
            FactTable::Citizenship => schema("citizenship", "applied_on", Some("acquired_on"), None, &["outcome"]),
            FactTable::Hotline => FactSchema {
                counterpart: Some("referred_to"),
                ..schema(
                    "hotline",
                    "contacted_on",
                    None,
                    None,
                    &["caller", "channel", "topic", "destination"],
                )
            },
            FactTable::Referrals => FactSchema {
                counterpart: Some("to_org"),
                ..schema(
                    "referrals",
                    "sent_on",
                    Some("responded_on"),
                    None,
                    &["status", "reason", "consent_basis"],
                )
            },
            FactTable::Assistance => schema(
                "assistance",
                "delivered_on",
                None,
                Some("cost_minor"),
                &["kind", "currency"],
            ),
            FactTable::Funding => schema(
                "funding",
                "allocated_on",
                None,
                Some("usd_cents"),
                &["source", "purpose", "currency", "donor"],
            ),
            FactTable::Prevention => schema(
                "prevention",
                "held_on",
                None,
                Some("audience"),
                &["kind", "topic", "region"],
            ),
            FactTable::Trainings => schema("trainings", "starts_on", Some("ends_on"), Some("participants"), &[]),
            FactTable::Cooperation => schema(
                "cooperation",
                "started_on",
                Some("ended_on"),
                None,
                &["kind", "counterpart_country", "outcome"],
            ),
            FactTable::SurveyAnswers => schema(
                "survey_answers",
                "fielded_from",
                Some("fielded_to"),
                None,
                &["question", "answer", "sex", "region"],
            ),
            FactTable::Events => schema("events", "occurred_on", None, None, &["kind", "code"]),
        }
    }

    pub fn name(self) -> &'static str {
        self.describe().name
    }

    /// The position of a coded attribute in [`FactRow::attributes`].
    pub fn attribute(self, name: &str) -> Option<usize> {
        self.describe().attributes.iter().position(|a| *a == name)
    }
}

/// One fact: a row of a [`FactTable`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactRow {
    /// The record the fact comes from (a case, a referral, an assistance record...).
    pub record: Uuid,
    pub person: Option<PersonId>,
    pub org: Option<OrgId>,
    pub counterpart: Option<OrgId>,
    pub date: NaiveDate,
    pub other_date: Option<NaiveDate>,
    pub amount: Option<i64>,
    pub attributes: Vec<Option<String>>,
}

/// One code of a multi-valued attribute of a record (a trafficking case's forms of
/// exploitation, say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeFact {
    pub record: Uuid,
    pub list: String,
    pub code: String,
}

/// What statistics may know of a person: never a name, a document or a full date of birth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFact {
    pub id: PersonId,
    /// The person's pseudonymous code (`P-...`), which exports name a person by.
    pub code: String,
    pub sex: Sex,
    /// The year of birth, held in clear for age groups.
    pub birth_year: Option<i32>,
    /// ISO 3166 alpha-3 codes.
    pub citizenships: Vec<String>,
}

/// An organisation, for breakdowns by organisation and by region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgFact {
    pub id: OrgId,
    pub parent: Option<OrgId>,
    pub name: String,
    pub short_name: Option<String>,
    pub region: Option<Region>,
}

impl OrgFact {
    /// How the organisation is named in a table: its short name if it has one.
    pub fn label(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }
}

/// Receives facts as the store reads them, so that millions of rows never have to be held
/// twice.
pub trait FactSink: Send {
    fn organisation(&mut self, org: OrgFact);
    fn person(&mut self, person: PersonFact);
    fn row(&mut self, table: FactTable, row: FactRow);
    fn code(&mut self, table: FactTable, code: CodeFact);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_named_once_and_finds_its_attributes() {
        let mut names: Vec<_> = FactTable::ALL.iter().map(|t| t.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FactTable::ALL.len());
        for table in FactTable::ALL {
            assert_eq!(
                serde_json::to_value(table).unwrap(),
                table.name(),
                "serialised as its name"
            );
        }
        assert_eq!(FactTable::Migration.attribute("decision"), Some(2));
        assert_eq!(FactTable::Migration.attribute("name"), None);
    }
}
