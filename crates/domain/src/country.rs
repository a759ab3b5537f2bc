//! Countries: ISO 3166-1 alpha-3 codes with their UN M49 region, sub-region and
//! intermediate region, and names in English, Russian and Belarusian.
//!
//! The table is data (`data/countries.tsv`, see `data/countries.SOURCE.txt`), embedded at
//! compile time so that validation never needs I/O.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::Problem;

const TABLE: &str = include_str!("../data/countries.tsv");

/// A UN M49 area (region, sub-region or intermediate region).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
pub struct M49Area {
    pub code: &'static str,
    pub name: &'static str,
}

/// One row of the country table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Country {
    pub alpha3: &'static str,
    pub alpha2: &'static str,
    pub numeric: &'static str,
    pub name_en: &'static str,
    pub name_ru: &'static str,
    pub name_be: &'static str,
    pub region: Option<M49Area>,
    pub subregion: Option<M49Area>,
    pub intermediate_region: Option<M49Area>,
}

fn area(code: &'static str, name: &'static str) -> Option<M49Area> {
    (!code.is_empty()).then_some(M49Area { code, name })
}

fn table() -> &'static HashMap<&'static str, Country> {
    static TABLE_BY_CODE: OnceLock<HashMap<&'static str, Country>> = OnceLock::new();
    TABLE_BY_CODE.get_or_init(|| {
        TABLE
            .lines()
            .skip(1)
            .filter(|line| !line.trim().is_empty())
            .map(|line| {
                let f: Vec<&'static str> = line.split('\t').collect();
                assert!(f.len() == 12, "countries.tsv: row '{line}' has {} fields", f.len());
                let country = Country {
                    alpha3: f[0],
                    alpha2: f[1],
                    numeric: f[2],
                    name_en: f[3],
                    name_ru: f[4],
                    name_be: f[5],
                    region: area(f[6], f[7]),
                    subregion: area(f[8], f[9]),
                    intermediate_region: area(f[10], f[11]),
                };
                (country.alpha3, country)
            })
            .collect()
    })
}

/// Every country in the table, sorted by code.
pub fn all() -> Vec<&'static Country> {
    let mut countries: Vec<_> = table().values().collect();
    countries.sort_by_key(|c| c.alpha3);
    countries
}

/// An ISO 3166-1 alpha-3 code known to the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 3]);

impl CountryCode {
    pub const BELARUS: Self = Self(*b"BLR");
    pub const UKRAINE: Self = Self(*b"UKR");
    pub const RUSSIA: Self = Self(*b"RUS");

    /// Upper- or lower-case alpha-3; anything else is an unknown country code.
    pub fn parse(code: &str) -> Result<Self, Problem> {
        let upper = code.trim().to_ascii_uppercase();
        let unknown = || Problem::UnknownCode {
            list: "ISO 3166 alpha-3 country code",
            value: code.trim().to_owned(),
        };
        let bytes: [u8; 3] = upper.as_bytes().try_into().map_err(|_| unknown())?;
        if table().contains_key(upper.as_str()) {
            Ok(Self(bytes))
        } else {
            Err(unknown())
        }
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII letters from the table ever get in.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    pub fn info(&self) -> &'static Country {
        &table()[self.as_str()]
    }

    /// Whether the country is one of the post-Soviet states that the source report counts as
    /// "CIS" when it speaks of "foreigners from non-CIS countries": the members and the
    /// associate (Turkmenistan), plus Ukraine and Georgia, whose citizens the report counts
    /// apart (4,302 Ukrainians are not among its 411 "non-CIS" applicants).
    pub fn is_cis_as_reported(&self) -> bool {
        const CIS: [&str; 12] = [
            "ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "MDA", "RUS", "TJK", "TKM", "UKR", "UZB",
        ];
        CIS.contains(&self.as_str())
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for CountryCode {
    type Err = Problem;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Every code the table knows, so API clients (and schemathesis) see which are valid.
impl schemars::JsonSchema for CountryCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CountryCode".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = all().iter().map(|c| c.alpha3).collect();
        schemars::json_schema!({ "type": "string", "description": "ISO 3166-1 alpha-3", "enum": codes })
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_resolve_to_their_m49_regions() {
        let syria = CountryCode::parse("syr").unwrap().info();
        assert_eq!(syria.subregion.unwrap().name, "Western Asia");
        assert_eq!(CountryCode::parse("VNM").unwrap().info().subregion.unwrap().code, "035");
        assert_eq!(
            CountryCode::parse("EGY").unwrap().info().subregion.unwrap().name,
            "Northern Africa"
        );
        assert_eq!(CountryCode::BELARUS.info().region.unwrap().name, "Europe");
        assert!(all().len() >= 249);
    }

    #[test]
    fn unknown_codes_are_refused_with_the_value() {
        assert_eq!(
            CountryCode::parse("XYZ"),
            Err(Problem::UnknownCode {
                list: "ISO 3166 alpha-3 country code",
                value: "XYZ".into()
            })
        );
        assert!(CountryCode::parse("BY").is_err());
        assert!(CountryCode::parse("Беларусь").is_err());
    }

    #[test]
    fn the_report_counts_ukraine_apart_from_non_cis_countries() {
        assert!(CountryCode::UKRAINE.is_cis_as_reported());
        assert!(!CountryCode::parse("SYR").unwrap().is_cis_as_reported());
    }
}
