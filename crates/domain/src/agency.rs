//! The register of licensed recruitment agencies and foreign employers: a reference list that
//! administrators maintain (and import from the licensing authority's CSV), and that a hotline
//! operator looks up while a caller asks whether an offer of work abroad is genuine.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::code_list;
use crate::country::CountryCode;
use crate::error::{Checks, Validate, ValidationErrors};

code_list! {
    pub enum AgencyKind ("agency kind") {
        /// Licensed to recruit people for work abroad.
        RecruitmentAgency = "recruitment_agency",
        /// A foreign employer registered as hiring through licensed channels.
        ForeignEmployer = "foreign_employer",
    }
}

/// One entry of the register, as imported or typed. The licence number is the natural key:
/// importing the same list again changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AgencyInput {
    pub licence_no: String,
    pub name: String,
    pub kind: AgencyKind,
    pub country: CountryCode,
    pub valid_from: NaiveDate,
    /// `None`: without end date.
    pub valid_until: Option<NaiveDate>,
}

impl Validate for AgencyInput {
    fn validate(&self, _today: NaiveDate) -> Result<(), ValidationErrors> {
        let mut checks = Checks::new();
        checks.text("licence_no", &self.licence_no, 60);
        checks.text("name", &self.name, 300);
        if let Some(until) = self.valid_until {
            checks.not_before("valid_until", until, "valid_from", self.valid_from);
        }
        checks.finish()
    }
}

/// An entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LicensedAgency {
    #[serde(flatten)]
    pub entry: AgencyInput,
    pub version: i64,
}

impl LicensedAgency {
    /// Whether the licence is in force on a day.
    pub fn licensed_on(&self, day: NaiveDate) -> bool {
        self.entry.valid_from <= day && self.entry.valid_until.is_none_or(|until| day <= until)
    }
}

/// The form of a name that look-ups compare: compatibility-normalised, lower case, with
/// quotes, punctuation and runs of spaces reduced to one space, so `ООО «Работа-Плюс»` is
/// found by `работа плюс`.
pub fn search_key(name: &str) -> String {
    let folded: String = name
        .nfkc()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn names_are_found_whatever_their_quotes_case_and_dashes() {
        assert_eq!(search_key("ООО «Работа-Плюс»"), "ооо работа плюс");
        assert_eq!(search_key("  WORK\u{a0}Abroad  Ltd. "), "work abroad ltd");
    }

    #[test]
    fn a_licence_holds_between_its_dates_only() {
        let agency = LicensedAgency {
            entry: AgencyInput {
                licence_no: "L-1".into(),
                name: "A".into(),
                kind: AgencyKind::RecruitmentAgency,
                country: CountryCode::BELARUS,
                valid_from: d(2020, 1, 1),
                valid_until: Some(d(2024, 12, 31)),
            },
            version: 1,
        };
        assert!(agency.licensed_on(d(2024, 12, 31)));
        assert!(!agency.licensed_on(d(2025, 1, 1)));
        assert!(!agency.licensed_on(d(2019, 12, 31)));
    }

    #[test]
    fn an_end_before_the_start_is_refused_on_its_field() {
        let input = AgencyInput {
            licence_no: " ".into(),
            name: "A".into(),
            kind: AgencyKind::ForeignEmployer,
            country: CountryCode::BELARUS,
            valid_from: d(2024, 1, 1),
            valid_until: Some(d(2023, 1, 1)),
        };
        let errors = input.validate(d(2025, 1, 1)).unwrap_err();
        assert!(errors.has("valid_until") && errors.has("licence_no"), "{errors}");
    }
}
