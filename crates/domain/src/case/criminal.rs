//! Criminal cases under the articles of the Criminal Code that concern trafficking and
//! related crimes.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Problem;
use crate::code_list;
use crate::country::CountryCode;
use crate::error::Checks;
use crate::ids::PersonId;

/// An article of the Criminal Code, written as the Code numbers it (`181`, `181-1`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "String", into = "String")]
pub struct CriminalArticle(String);

impl CriminalArticle {
    /// Trafficking and the related crimes (DESIGN.md, Law No. 350-Z): 171 organisation of
    /// prostitution, 171-1 involvement in prostitution, 181 trafficking in persons, 181-1
    /// use of slave labour, 182 kidnapping, 187 illegal actions on employment abroad,
    /// 343-1 making and distributing pornography with minors.
    pub const RELATED_CRIMES: [&'static str; 7] = ["171", "171-1", "181", "181-1", "182", "187", "343-1"];

    /// Any article number: digits, optionally `-` and a part number.
    pub fn parse(s: &str) -> Result<Self, Problem> {
        let s = s.trim();
        let (main, part) = match s.split_once('-') {
            Some((main, part)) => (main, Some(part)),
            None => (s, None),
        };
        let digits = |p: &str, max: usize| {
            !p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit()) && !p.starts_with('0')
        };
        if digits(main, 3) && part.is_none_or(|p| digits(p, 2)) {
            Ok(Self(s.to_owned()))
        } else {
            Err(Problem::UnknownCode {
                list: "Criminal Code article",
                value: s.to_owned(),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_related_crime(&self) -> bool {
        Self::RELATED_CRIMES.contains(&self.0.as_str())
    }
}

impl TryFrom<String> for CriminalArticle {
    type Error = Problem;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<CriminalArticle> for String {
    fn from(article: CriminalArticle) -> Self {
        article.0
    }
}

impl fmt::Display for CriminalArticle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

code_list! {
    /// Where a criminal case stands.
    pub enum CriminalStage ("criminal case stage") {
        Initiated = "initiated",
        Investigation = "investigation",
        Suspended = "suspended",
        SentToCourt = "sent_to_court",
        Convicted = "convicted",
        Acquitted = "acquitted",
        Terminated = "terminated",
    }
}

code_list! {
    /// A person's part in a criminal case.
    pub enum PartyRole ("party role") {
        Suspect = "suspect",
        Accused = "accused",
        Convicted = "convicted",
        Victim = "victim",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CaseParty {
    pub person: PersonId,
    pub role: PartyRole,
}

/// A foreign law-enforcement partner in the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ForeignPartner {
    pub country: CountryCode,
    pub agency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CriminalDetails {
    pub article: CriminalArticle,
    pub initiated_on: NaiveDate,
    pub stage: CriminalStage,
    /// When the case reached its current stage.
    pub stage_on: NaiveDate,
    pub parties: Vec<CaseParty>,
    pub foreign_partner: Option<ForeignPartner>,
}

impl CriminalDetails {
    pub(crate) fn check(&self, checks: &mut Checks, today: NaiveDate) {
        checks.not_future("initiated_on", self.initiated_on, today);
        checks.not_future("stage_on", self.stage_on, today);
        checks.not_before("stage_on", self.stage_on, "initiated_on", self.initiated_on);
        for (i, party) in self.parties.iter().enumerate() {
            if self.parties[..i].contains(party) {
                checks.push(
                    &format!("parties[{i}]"),
                    Problem::Duplicate {
                        value: format!("{} as {}", party.person, party.role),
                    },
                );
            }
        }
        if let Some(partner) = &self.foreign_partner {
            checks.nested("foreign_partner", |c| c.text("agency", &partner.agency, 200));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles() {
        assert!(CriminalArticle::parse("181-1").unwrap().is_related_crime());
        assert!(!CriminalArticle::parse("205").unwrap().is_related_crime());
        for bad in ["", "181-", "-1", "18a", "0181", "1811", "181-123"] {
            assert!(CriminalArticle::parse(bad).is_err(), "{bad}");
        }
    }
}
