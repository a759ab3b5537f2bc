//! Dates as people know them: a date of birth is often only a year, or a year and a month.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::Problem;

/// The oldest age Haven accepts: anything older is a typing error.
pub const MAX_AGE: u32 = 120;

/// A date known to the year, the month, or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

impl PartialDate {
    pub fn year(year: i32) -> Result<Self, Problem> {
        Self::new(year, None, None)
    }

    pub fn year_month(year: i32, month: u32) -> Result<Self, Problem> {
        Self::new(year, Some(month), None)
    }

    pub fn full(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: Some(date.month()),
            day: Some(date.day()),
        }
    }

    /// A day without a month is not a date anyone knows.
    pub fn new(year: i32, month: Option<u32>, day: Option<u32>) -> Result<Self, Problem> {
        if !(1000..=9999).contains(&year) {
            return Err(Problem::OutOfRange {
                min: 1000,
                max: 9999,
                value: i64::from(year),
            });
        }
        match (month, day) {
            (None, Some(_)) => Err(Problem::Invalid {
                reason: "a day is given without a month".into(),
            }),
            (Some(m), _) if !(1..=12).contains(&m) => Err(Problem::OutOfRange {
                min: 1,
                max: 12,
                value: i64::from(m),
            }),
            (Some(m), Some(d)) if NaiveDate::from_ymd_opt(year, m, d).is_none() => Err(Problem::Invalid {
                reason: format!("{year:04}-{m:02}-{d:02} is not a calendar date"),
            }),
            _ => Ok(Self { year, month, day }),
        }
    }

    pub fn year_part(self) -> i32 {
        self.year
    }

    pub fn month_part(self) -> Option<u32> {
        self.month
    }

    pub fn day_part(self) -> Option<u32> {
        self.day
    }

    /// The first day this date could be.
    pub fn earliest(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .expect("validated at construction")
    }

    /// The last day this date could be.
    pub fn latest(self) -> NaiveDate {
        match (self.month, self.day) {
            (Some(m), Some(d)) => NaiveDate::from_ymd_opt(self.year, m, d),
            (Some(m), None) => last_day_of_month(self.year, m),
            _ => NaiveDate::from_ymd_opt(self.year, 12, 31),
        }
        .expect("validated at construction")
    }

    /// Completed years of age on `on`, as the youngest and the oldest the person could be.
    pub fn age_range_on(self, on: NaiveDate) -> (i64, i64) {
        (completed_years(self.latest(), on), completed_years(self.earliest(), on))
    }

    /// A date of birth must not be in the future and must give an age of at most [`MAX_AGE`].
    pub fn check_birth_date(self, today: NaiveDate) -> Result<(), Problem> {
        if self.earliest() > today {
            return Err(Problem::InFuture {
                date: self.earliest(),
                today,
            });
        }
        let (youngest, _) = self.age_range_on(today);
        if youngest > i64::from(MAX_AGE) {
            return Err(Problem::AgeOver {
                max: MAX_AGE,
                age: youngest,
            });
        }
        Ok(())
    }
}

/// Completed years between a birth date and a day.
pub fn completed_years(born: NaiveDate, on: NaiveDate) -> i64 {
    let mut years = i64::from(on.year() - born.year());
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years
}

pub fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.pred_opt())
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = Problem;

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let malformed = || Problem::Invalid {
            reason: format!("'{s}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"),
        };
        let parts: Vec<&str> = s.trim().split('-').collect();
        let number = |p: &str, len: usize| -> Result<u32, Problem> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().map_err(|_| malformed())
            } else {
                Err(malformed())
            }
        };
        match parts.as_slice() {
            [y] => Self::new(number(y, 4)? as i32, None, None),
            [y, m] => Self::new(number(y, 4)? as i32, Some(number(m, 2)?), None),
            [y, m, d] => Self::new(number(y, 4)? as i32, Some(number(m, 2)?), Some(number(d, 2)?)),
            _ => Err(malformed()),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl schemars::JsonSchema for PartialDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PartialDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A date known to the year, the month or the day: YYYY, YYYY-MM or YYYY-MM-DD",
            "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
        })
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Parse an ISO date (`YYYY-MM-DD`) with an error that says what was expected.
pub fn parse_iso_date(s: &str) -> Result<NaiveDate, Problem> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| Problem::Invalid {
        reason: format!("'{s}' is not a date of the form YYYY-MM-DD"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn partial_dates_span_their_unit() {
        let y: PartialDate = "1990".parse().unwrap();
        assert_eq!((y.earliest(), y.latest()), (d(1990, 1, 1), d(1990, 12, 31)));
        let ym: PartialDate = "2000-02".parse().unwrap();
        assert_eq!(ym.latest(), d(2000, 2, 29));
        let full: PartialDate = "1985-07-14".parse().unwrap();
        assert_eq!(full.earliest(), full.latest());
        assert_eq!(full.to_string(), "1985-07-14");
    }

    #[test]
    fn malformed_and_impossible_dates_are_refused() {
        assert!("1990-13".parse::<PartialDate>().is_err());
        assert!("1990-02-30".parse::<PartialDate>().is_err());
        assert!("90".parse::<PartialDate>().is_err());
        assert!("1990-1-1".parse::<PartialDate>().is_err());
        assert!(PartialDate::new(1990, None, Some(3)).is_err());
    }

    #[test]
    fn ages_over_120_and_future_births_are_refused() {
        let today = d(2024, 6, 1);
        assert!(matches!(
            PartialDate::year(1900).unwrap().check_birth_date(today),
            Err(Problem::AgeOver { age: 123, .. })
        ));
        assert!(matches!(
            PartialDate::full(d(2024, 6, 2)).check_birth_date(today),
            Err(Problem::InFuture { .. })
        ));
        assert!(PartialDate::year(1904).unwrap().check_birth_date(today).is_ok());
    }

    #[test]
    fn age_range_of_a_year_of_birth() {
        let born = PartialDate::year(2006).unwrap();
        assert_eq!(born.age_range_on(d(2024, 6, 1)), (17, 18));
    }
}
