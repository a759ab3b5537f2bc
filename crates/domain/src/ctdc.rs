//! Values a trafficking case holds in the coding of the Counter Trafficking Data
//! Collaborative's victim-perpetrator data set (CTDC, IOM), for what Haven has no field of its
//! own: a year of registration known only as a span, a victim's majority status, regions
//! instead of countries, and the perpetrators involved (their genders, ages, regions, relation
//! to the victim, roles), which CTDC records for the group of perpetrators as a whole and not
//! per person. They come only from importing that data set, are kept as recorded, counted by
//! statistics, and never mistaken for Haven's own fields.
//!
//! A value is what CTDC writes: one of the variable's values, or several joined by `;` in
//! CTDC's order (`Female;Male`: perpetrators of both genders).

use serde::{Deserialize, Serialize};

use crate::Problem;
use crate::code_list;
use crate::error::Checks;

code_list! {
    /// The variables of CTDC's victim-perpetrator data set kept in its own coding.
    pub enum CtdcVariable ("CTDC variable") {
        YearRegister = "yearRegister",
        MajorityStatus = "majorityStatus",
        CitizenshipRegion = "UN_COO_Region",
        ExploitationRegion = "UN_COE_Region",
        PerpetratorExploiter = "IP_Exploiter",
        PerpetratorGender = "IP_Gender",
        PerpetratorAge = "IP_ageBroad",
        PerpetratorCitizenshipRegion = "IP_citizen_UNRegion",
        PerpetratorRelation = "IP_Relation",
        PerpetratorPaid = "IP_PayMoney",
        PerpetratorRecruiterBroker = "IP_RecruiterBroker",
        PerpetratorTransactionProcess = "IP_TransactionProcess",
        PerpetratorControlAbuseKidnap = "IP_ControlAbuseKidnap",
        // Of the global data set's layout (what `haven export ctdc` writes):
        YearOfRegistration = "yearOfRegistration",
        AgeBroad = "ageBroad",
        RestrictsMovement = "meansOfControlRestrictsMovement",
    }
}

const REGIONS: &[&str] = &["Africa", "Americas/Oceania", "Asia", "Europe"];
const FLAG: &[&str] = &["1"];

impl CtdcVariable {
    /// The values the variable takes (one at a time; several joined by `;` where CTDC does).
    pub fn values(self) -> &'static [&'static str] {
        match self {
            Self::YearRegister => &["2005-2013", "2014-2018", "2019", "2020", "2021-2022"],
            Self::MajorityStatus => &["Adult", "Minor"],
            Self::CitizenshipRegion | Self::ExploitationRegion | Self::PerpetratorCitizenshipRegion => REGIONS,
            Self::PerpetratorExploiter
            | Self::PerpetratorRecruiterBroker
            | Self::PerpetratorTransactionProcess
            | Self::PerpetratorControlAbuseKidnap
            | Self::RestrictsMovement => FLAG,
            Self::PerpetratorGender => &["Female", "Male"],
            Self::PerpetratorAge => &["0--29", "30--38", "39--47", "48+"],
            Self::PerpetratorRelation => &["FamilyIntimatePartner", "FriendAcquaintance", "StrangerUnknownOther"],
            Self::PerpetratorPaid => &["No", "Yes"],
            Self::AgeBroad => &[
                "0--8", "9--17", "18--20", "21--23", "24--26", "27--29", "30--38", "39--47", "48+",
            ],
            // A year, checked in `CtdcValue::new`.
            Self::YearOfRegistration => &[],
        }
    }

    /// Whether the variable is a column of the victim-perpetrator data set (the others are of
    /// the global data set's layout).
    pub fn in_victim_perpetrator_set(self) -> bool {
        !matches!(
            self,
            Self::YearOfRegistration | Self::AgeBroad | Self::RestrictsMovement
        )
    }

    /// Whether a record may hold several values at once (about several perpetrators).
    pub fn may_hold_several(self) -> bool {
        matches!(
            self,
            Self::PerpetratorGender
                | Self::PerpetratorAge
                | Self::PerpetratorCitizenshipRegion
                | Self::PerpetratorRelation
                | Self::PerpetratorPaid
        )
    }

    /// The first year a registration span can be (`2014-2018` → 2014).
    pub fn first_year(span: &str) -> Option<i32> {
        span.split('-').next().and_then(|y| y.parse().ok())
    }
}

/// One variable's value for a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CtdcValue {
    pub variable: CtdcVariable,
    pub value: String,
}

impl CtdcValue {
    /// A value as CTDC writes it, checked against the variable's values.
    pub fn new(variable: CtdcVariable, value: &str) -> Result<Self, Problem> {
        if variable == CtdcVariable::YearOfRegistration {
            let value = value.trim();
            return match value.parse::<i32>() {
                Ok(year) if (1990..=2100).contains(&year) => Ok(Self {
                    variable,
                    value: value.to_owned(),
                }),
                _ => Err(Problem::Invalid {
                    reason: format!("'{value}' is not a year of registration"),
                }),
            };
        }
        let parts: Vec<&str> = value.split(';').map(str::trim).collect();
        if parts.len() > 1 && !variable.may_hold_several() {
            return Err(Problem::Invalid {
                reason: format!("{} holds one value, not '{value}'", variable.code()),
            });
        }
        for part in &parts {
            if !variable.values().contains(part) {
                return Err(Problem::UnknownCode {
                    list: "CTDC value",
                    value: format!("{part} ({})", variable.code()),
                });
            }
        }
        Ok(Self {
            variable,
            value: parts.join(";"),
        })
    }
}

pub(crate) fn check(checks: &mut Checks, field: &str, values: &[CtdcValue]) {
    for (i, v) in values.iter().enumerate() {
        if let Err(problem) = CtdcValue::new(v.variable, &v.value) {
            checks.push(&format!("{field}[{i}].value"), problem);
        }
        if values[..i].iter().any(|earlier| earlier.variable == v.variable) {
            checks.push(
                &format!("{field}[{i}].variable"),
                Problem::Duplicate {
                    value: v.variable.code().to_owned(),
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_against_the_variable() {
        assert_eq!(
            CtdcValue::new(CtdcVariable::PerpetratorGender, "Female; Male")
                .unwrap()
                .value,
            "Female;Male"
        );
        assert!(CtdcValue::new(CtdcVariable::MajorityStatus, "Adult;Minor").is_err());
        assert!(CtdcValue::new(CtdcVariable::CitizenshipRegion, "Oceania").is_err());
        assert_eq!(CtdcVariable::first_year("2014-2018"), Some(2014));
        assert_eq!(CtdcVariable::first_year("2019"), Some(2019));
    }
}
