//! External reference statistics: figures published by others (UNODC GLOTIP, UNHCR, the US
//! TIP Report) about a country and a year. They are kept apart from Haven's own records, never
//! counted into its statistics, and shown beside Haven's own figures in reports.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Problem;

/// Where a set of reference figures comes from. One source's figures are replaced whole by
/// the next edition of its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ReferenceSource {
    /// UNODC Global Report on Trafficking in Persons, country data.
    UnodcGlotip,
    /// UNHCR Refugee Population Statistics: population by origin and asylum.
    UnhcrPopulation,
    /// UNHCR: asylum applications.
    UnhcrAsylumApplications,
    /// UNHCR: decisions on asylum applications.
    UnhcrAsylumDecisions,
    /// US State Department TIP Report tier placements.
    UsTipTiers,
}

impl ReferenceSource {
    pub const ALL: [Self; 5] = [
        Self::UnodcGlotip,
        Self::UnhcrPopulation,
        Self::UnhcrAsylumApplications,
        Self::UnhcrAsylumDecisions,
        Self::UsTipTiers,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::UnodcGlotip => "unodc-glotip",
            Self::UnhcrPopulation => "unhcr-population",
            Self::UnhcrAsylumApplications => "unhcr-asylum-applications",
            Self::UnhcrAsylumDecisions => "unhcr-asylum-decisions",
            Self::UsTipTiers => "us-tip-tiers",
        }
    }

    /// How a report credits the source.
    pub fn attribution(self) -> &'static str {
        match self {
            Self::UnodcGlotip => "UNODC, Global Report on Trafficking in Persons / UNODC Data Portal",
            Self::UnhcrPopulation | Self::UnhcrAsylumApplications | Self::UnhcrAsylumDecisions => {
                "UNHCR Refugee Population Statistics Database, https://www.unhcr.org/refugee-statistics/"
            }
            Self::UsTipTiers => {
                "US Department of State, Trafficking in Persons Report (compiled by Heiss & Kelley 2017)"
            }
        }
    }

    pub fn parse(code: &str) -> Result<Self, Problem> {
        Self::ALL
            .into_iter()
            .find(|s| s.code() == code.trim())
            .ok_or_else(|| Problem::UnknownCode {
                list: "reference source",
                value: code.trim().to_owned(),
            })
    }
}

impl fmt::Display for ReferenceSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A published value: a count, a count the publisher only gives as "fewer than N" (UNODC's
/// small-count suppression, `<5`), or a text such as a tier placement.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FigureValue {
    Count(i64),
    LessThan(i64),
    Text(String),
}

impl FigureValue {
    /// The count, if the figure is one.
    pub fn count(&self) -> Option<i64> {
        match self {
            Self::Count(n) => Some(*n),
            _ => None,
        }
    }

    /// The stored columns: number, qualifier, text; exactly one is set.
    pub fn columns(&self) -> (Option<i64>, Option<String>, Option<String>) {
        match self {
            Self::Count(n) => (Some(*n), None, None),
            Self::LessThan(n) => (None, Some(format!("<{n}")), None),
            Self::Text(t) => (None, None, Some(t.clone())),
        }
    }

    /// Back from the stored columns.
    pub fn from_columns(value: Option<i64>, qualifier: Option<&str>, text: Option<&str>) -> Result<Self, Problem> {
        let invalid = |reason: &str| Problem::Invalid { reason: reason.into() };
        match (value, qualifier, text) {
            (Some(n), None, None) => Ok(Self::Count(n)),
            (None, Some(q), None) => q
                .strip_prefix('<')
                .and_then(|n| n.parse().ok())
                .map(Self::LessThan)
                .ok_or_else(|| invalid("a qualifier is '<' and a number")),
            (None, None, Some(t)) => Ok(Self::Text(t.to_owned())),
            _ => Err(invalid("a figure has exactly one of a number, a qualifier and a text")),
        }
    }
}

impl fmt::Display for FigureValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Count(n) => write!(f, "{n}"),
            Self::LessThan(n) => write!(f, "<{n}"),
            Self::Text(t) => f.write_str(t),
        }
    }
}

/// The dimensions and categories that mean "all of them".
pub const TOTAL: &str = "Total";

/// One published figure: what is counted (`indicator`), where, when, for which part of the
/// population (`dimension` and `category`, e.g. "by form of exploitation" / "Forced labour";
/// `sex`, `age`), and its value. `line` is where in the file it was read (for a sum of rows,
/// the first of them).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReferenceFigure {
    pub indicator: String,
    /// ISO 3166 alpha-3 as the publisher writes it (UNHCR's `UNK`, `XXA` included); `None`
    /// where the publisher gives none (UNODC's Sark).
    pub country: Option<String>,
    pub country_name: String,
    pub year: i32,
    pub dimension: String,
    pub category: String,
    pub sex: String,
    pub age: String,
    pub value: FigureValue,
    pub line: u64,
}

impl ReferenceFigure {
    /// A figure for the whole population of a country and year.
    pub fn total(indicator: &str, country: Option<&str>, country_name: &str, year: i32, value: FigureValue) -> Self {
        Self {
            indicator: indicator.to_owned(),
            country: country.map(str::to_owned),
            country_name: country_name.to_owned(),
            year,
            dimension: TOTAL.to_owned(),
            category: TOTAL.to_owned(),
            sex: TOTAL.to_owned(),
            age: TOTAL.to_owned(),
            value,
            line: 0,
        }
    }

    /// Whether the figure is about everyone (no breakdown by dimension, sex or age).
    pub fn is_total(&self) -> bool {
        [&self.dimension, &self.category, &self.sex, &self.age]
            .iter()
            .all(|v| v.as_str() == TOTAL)
    }
}

/// The US TIP Report's tiers, as the report names them.
pub const TIERS: [&str; 4] = ["Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3"];

/// A tier placement as written in a file (`"Tier 2    "`, `"Watchlist"`, `"tier 2 watch list"`)
/// in the report's own words; `Ok(None)` for `NA` or empty (not ranked that year).
pub fn normalise_tier(text: &str) -> Result<Option<&'static str>, Problem> {
    let words: Vec<String> = text.split_whitespace().map(str::to_ascii_lowercase).collect();
    let key = words.join(" ");
    Ok(Some(match key.as_str() {
        "" | "na" | "n/a" => return Ok(None),
        "tier 1" | "1" => TIERS[0],
        "tier 2" | "2" => TIERS[1],
        "watchlist" | "watch list" | "tier 2 watch list" | "tier 2 watchlist" | "2wl" => TIERS[2],
        "tier 3" | "3" => TIERS[3],
        _ => {
            return Err(Problem::UnknownCode {
                list: "US TIP tier (Tier 1, Tier 2, Watchlist, Tier 3, NA)",
                value: text.trim().to_owned(),
            });
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_are_trimmed_and_named_as_the_report_names_them() {
        assert_eq!(normalise_tier("Tier 2    ").unwrap(), Some("Tier 2"));
        assert_eq!(normalise_tier("Watchlist    ").unwrap(), Some("Tier 2 Watch List"));
        assert_eq!(normalise_tier("Tier 3").unwrap(), Some("Tier 3"));
        assert_eq!(normalise_tier("NA").unwrap(), None);
        assert_eq!(normalise_tier("").unwrap(), None);
        assert!(normalise_tier("Tier 4").is_err());
    }

    #[test]
    fn values_round_trip_through_their_columns() {
        for value in [
            FigureValue::Count(126),
            FigureValue::LessThan(5),
            FigureValue::Text("Tier 3".into()),
        ] {
            let (n, q, t) = value.columns();
            assert_eq!(FigureValue::from_columns(n, q.as_deref(), t.as_deref()).unwrap(), value);
        }
        assert!(FigureValue::from_columns(Some(1), Some("<5"), None).is_err());
        assert_eq!(FigureValue::LessThan(5).to_string(), "<5");
    }
}
