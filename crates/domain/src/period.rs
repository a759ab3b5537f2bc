//! Periods that statistics are counted over: inclusive calendar date ranges.
//!
//! The report speaks of "in 2023", "5 months of 2024", "since 2021", "as of 06.01.2024" and
//! "from 2018 to 2023"; each is a [`Period`] with a [`PeriodShape`] that remembers how it was
//! asked for, so its previous comparable period is the one a reader expects (the first five
//! months of the year before, not the five months just before).

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::date::last_day_of_month;
use crate::{Problem, ValidationErrors};

/// The first day any statistic looks at when a period is open at its start ("as of").
pub const BEGINNING_OF_RECORDS: NaiveDate = match NaiveDate::from_ymd_opt(1990, 1, 1) {
    Some(d) => d,
    None => panic!("valid date"),
};

/// How a period was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "shape")]
pub enum PeriodShape {
    Range,
    AsOf,
    Since,
    Year,
    Quarter,
    Month,
    FirstMonths { months: u32 },
}

/// An inclusive range of calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Period {
    first: NaiveDate,
    last: NaiveDate,
    shape: PeriodShape,
}

fn ymd(year: i32, month: u32, day: u32) -> Result<NaiveDate, Problem> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| Problem::Invalid {
        reason: format!("{year:04}-{month:02}-{day:02} is not a calendar date"),
    })
}

impl Period {
    /// Any inclusive range; the end must not come before the start.
    pub fn range(first: NaiveDate, last: NaiveDate) -> Result<Self, ValidationErrors> {
        if last < first {
            return Err(ValidationErrors::single(
                "to",
                Problem::BeforeOther {
                    date: last,
                    other_field: "from".into(),
                    other: first,
                },
            ));
        }
        Ok(Self {
            first,
            last,
            shape: PeriodShape::Range,
        })
    }

    /// Everything up to and including `date`.
    pub fn as_of(date: NaiveDate) -> Self {
        Self {
            first: BEGINNING_OF_RECORDS.min(date),
            last: date,
            shape: PeriodShape::AsOf,
        }
    }

    /// From `date` up to and including `today`.
    pub fn since(date: NaiveDate, today: NaiveDate) -> Result<Self, ValidationErrors> {
        if date > today {
            return Err(ValidationErrors::single("since", Problem::InFuture { date, today }));
        }
        Ok(Self {
            first: date,
            last: today,
            shape: PeriodShape::Since,
        })
    }

    pub fn year(year: i32) -> Result<Self, ValidationErrors> {
        let first = ymd(year, 1, 1).map_err(|p| ValidationErrors::single("year", p))?;
        Ok(Self {
            first,
            last: ymd(year, 12, 31).map_err(|p| ValidationErrors::single("year", p))?,
            shape: PeriodShape::Year,
        })
    }

    pub fn quarter(year: i32, quarter: u32) -> Result<Self, ValidationErrors> {
        if !(1..=4).contains(&quarter) {
            return Err(ValidationErrors::single(
                "quarter",
                Problem::OutOfRange {
                    min: 1,
                    max: 4,
                    value: i64::from(quarter),
                },
            ));
        }
        let start_month = (quarter - 1) * 3 + 1;
        let first = ymd(year, start_month, 1).map_err(|p| ValidationErrors::single("year", p))?;
        let last = last_day_of_month(year, start_month + 2).ok_or_else(|| {
            ValidationErrors::single(
                "year",
                Problem::Invalid {
                    reason: "out of calendar range".into(),
                },
            )
        })?;
        Ok(Self {
            first,
            last,
            shape: PeriodShape::Quarter,
        })
    }

    pub fn month(year: i32, month: u32) -> Result<Self, ValidationErrors> {
        if !(1..=12).contains(&month) {
            return Err(ValidationErrors::single(
                "month",
                Problem::OutOfRange {
                    min: 1,
                    max: 12,
                    value: i64::from(month),
                },
            ));
        }
        let first = ymd(year, month, 1).map_err(|p| ValidationErrors::single("year", p))?;
        let last = last_day_of_month(year, month).ok_or_else(|| {
            ValidationErrors::single(
                "year",
                Problem::Invalid {
                    reason: "out of calendar range".into(),
                },
            )
        })?;
        Ok(Self {
            first,
            last,
            shape: PeriodShape::Month,
        })
    }

    /// "5 months of 2024": 1 January to the end of the `months`th month.
    pub fn first_months(year: i32, months: u32) -> Result<Self, ValidationErrors> {
        if !(1..=12).contains(&months) {
            return Err(ValidationErrors::single(
                "months",
                Problem::OutOfRange {
                    min: 1,
                    max: 12,
                    value: i64::from(months),
                },
            ));
        }
        let mut period = Self::month(year, months)?;
        period.first = ymd(year, 1, 1).map_err(|p| ValidationErrors::single("year", p))?;
        period.shape = PeriodShape::FirstMonths { months };
        Ok(period)
    }

    pub fn first(&self) -> NaiveDate {
        self.first
    }

    pub fn last(&self) -> NaiveDate {
        self.last
    }

    pub fn shape(&self) -> PeriodShape {
        self.shape
    }

    /// Number of days, both ends included.
    pub fn days(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.first <= date && date <= self.last
    }

    /// Days that a stay from `start` to `end` (inclusive; `None` while it lasts, counted up to
    /// the period's end) has in common with this period. Used for average daily populations.
    pub fn overlap_days(&self, start: NaiveDate, end: Option<NaiveDate>) -> i64 {
        let from = start.max(self.first);
        let to = end.map_or(self.last, |e| e.min(self.last));
        if to < from { 0 } else { (to - from).num_days() + 1 }
    }

    /// Split into the days up to and including `at`, and the days after it; `None` where a
    /// part would be empty. The parts are plain ranges.
    pub fn split_at(&self, at: NaiveDate) -> (Option<Self>, Option<Self>) {
        let before = (at >= self.first).then(|| Self {
            first: self.first,
            last: at.min(self.last),
            shape: PeriodShape::Range,
        });
        let after = at.succ_opt().filter(|next| *next <= self.last).map(|next| Self {
            first: next.max(self.first),
            last: self.last,
            shape: PeriodShape::Range,
        });
        (before, after)
    }

    /// The period a figure is compared with: the year, quarter or month before; the same
    /// months of the previous year; for a range or "since", the same number of days just
    /// before; for "as of", the same day a year earlier.
    #[must_use]
    pub fn previous_comparable(&self) -> Self {
        let shift_months = |months: u32| -> Self {
            let first = self.first - Months::new(months);
            let last = match self.shape {
                // Month ends do not shift one to one (31 March minus a month is 28/29 Feb).
                PeriodShape::Year | PeriodShape::Quarter | PeriodShape::Month | PeriodShape::FirstMonths { .. } => {
                    let shifted = self.last - Months::new(months);
                    last_day_of_month(shifted.year(), shifted.month()).unwrap_or(shifted)
                }
                _ => self.last - Months::new(months),
            };
            Self {
                first,
                last,
                shape: self.shape,
            }
        };
        match self.shape {
            PeriodShape::Year | PeriodShape::FirstMonths { .. } => shift_months(12),
            PeriodShape::Quarter => shift_months(3),
            PeriodShape::Month => shift_months(1),
            PeriodShape::AsOf => Self {
                first: self.first,
                last: self.last - Months::new(12),
                shape: PeriodShape::AsOf,
            },
            PeriodShape::Range | PeriodShape::Since => {
                let days = chrono::Duration::days(self.days());
                Self {
                    first: self.first - days,
                    last: self.last - days,
                    shape: PeriodShape::Range,
                }
            }
        }
    }
}

/// The forms a period can be written in, for `--period` and the statistics page.
pub const PERIOD_FORMS: &str = "2023 (a year), 2023-Q2 (a quarter), 2023-05 (a month), 2024-first-5 (the first 5 \
     months of 2024), 2022-01-01..2023-12-31 (a range), as-of:2024-06-01, since:2021-01-01";

impl Period {
    /// Read a period written in one of the [`PERIOD_FORMS`]; `today` ends a "since" period.
    pub fn parse(text: &str, today: NaiveDate) -> Result<Self, ValidationErrors> {
        let text = text.trim();
        let invalid = || {
            ValidationErrors::single(
                "period",
                Problem::Invalid {
                    reason: format!("'{text}' is not a period; write one of: {PERIOD_FORMS}"),
                },
            )
        };
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| invalid());
        let number = |s: &str| s.parse::<u32>().map_err(|_| invalid());
        let year = |s: &str| {
            if s.len() == 4 {
                s.parse::<i32>().map_err(|_| invalid())
            } else {
                Err(invalid())
            }
        };
        if let Some(rest) = text.strip_prefix("as-of:") {
            return Ok(Self::as_of(date(rest)?));
        }
        if let Some(rest) = text.strip_prefix("since:") {
            return Self::since(date(rest)?, today);
        }
        if let Some((first, last)) = text.split_once("..") {
            return Self::range(date(first)?, date(last)?);
        }
        match text.split('-').collect::<Vec<_>>()[..] {
            [y] => Self::year(year(y)?),
            [y, q] if q.starts_with('Q') => Self::quarter(year(y)?, number(&q[1..])?),
            [y, "first", n] => Self::first_months(year(y)?, number(n)?),
            [y, m] if m.len() == 2 => Self::month(year(y)?, number(m)?),
            _ => Err(invalid()),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.first, self.last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn report_periods() {
        let five = Period::first_months(2024, 5).unwrap();
        assert_eq!((five.first(), five.last()), (d(2024, 1, 1), d(2024, 5, 31)));
        let prev = five.previous_comparable();
        assert_eq!((prev.first(), prev.last()), (d(2023, 1, 1), d(2023, 5, 31)));
        let q1 = Period::quarter(2024, 1).unwrap();
        assert_eq!(q1.last(), d(2024, 3, 31));
        let q4_prev = q1.previous_comparable();
        assert_eq!((q4_prev.first(), q4_prev.last()), (d(2023, 10, 1), d(2023, 12, 31)));
        let march = Period::month(2024, 3).unwrap().previous_comparable();
        assert_eq!((march.first(), march.last()), (d(2024, 2, 1), d(2024, 2, 29)));
        let as_of = Period::as_of(d(2024, 6, 1));
        assert_eq!(as_of.previous_comparable().last(), d(2023, 6, 1));
        assert_eq!(Period::year(2023).unwrap().days(), 365);
    }

    #[test]
    fn periods_are_read_in_every_form() {
        let today = d(2024, 6, 30);
        let read = |t: &str| {
            let p = Period::parse(t, today).unwrap();
            (p.first(), p.last(), p.shape())
        };
        assert_eq!(read("2023"), (d(2023, 1, 1), d(2023, 12, 31), PeriodShape::Year));
        assert_eq!(read("2023-Q2"), (d(2023, 4, 1), d(2023, 6, 30), PeriodShape::Quarter));
        assert_eq!(read("2023-02"), (d(2023, 2, 1), d(2023, 2, 28), PeriodShape::Month));
        assert_eq!(
            read("2024-first-5"),
            (d(2024, 1, 1), d(2024, 5, 31), PeriodShape::FirstMonths { months: 5 })
        );
        assert_eq!(
            read("2022-01-01..2023-12-31"),
            (d(2022, 1, 1), d(2023, 12, 31), PeriodShape::Range)
        );
        assert_eq!(read("as-of:2024-06-01").1, d(2024, 6, 1));
        assert_eq!(read("since:2021-01-01"), (d(2021, 1, 1), today, PeriodShape::Since));
        for bad in [
            "",
            "23",
            "2023-13",
            "2023-Q5",
            "2024-first-13",
            "2024-06-01..2024-01-01",
            "yesterday",
        ] {
            let err = Period::parse(bad, today).unwrap_err();
            assert!(!err.to_string().is_empty(), "{bad}");
        }
    }

    #[test]
    fn bad_periods_name_the_field() {
        let err = Period::range(d(2024, 2, 1), d(2024, 1, 1)).unwrap_err();
        assert!(err.has("to"));
        assert!(Period::since(d(2025, 1, 1), d(2024, 1, 1)).unwrap_err().has("since"));
        assert!(Period::quarter(2024, 5).unwrap_err().has("quarter"));
    }

    #[test]
    fn overlap_counts_days_inside_the_period() {
        let p = Period::range(d(2023, 1, 1), d(2023, 1, 31)).unwrap();
        assert_eq!(p.overlap_days(d(2022, 12, 25), Some(d(2023, 1, 3))), 3);
        assert_eq!(p.overlap_days(d(2023, 1, 30), None), 2);
        assert_eq!(p.overlap_days(d(2023, 2, 1), None), 0);
    }

    proptest! {
        #[test]
        fn a_split_covers_the_period_exactly(start in 0i64..20_000, len in 0i64..2_000, cut in -10i64..2_010) {
            let first = BEGINNING_OF_RECORDS + chrono::Duration::days(start);
            let last = first + chrono::Duration::days(len);
            let p = Period::range(first, last).unwrap();
            let (a, b) = p.split_at(first + chrono::Duration::days(cut));
            let days = a.map_or(0, |x| x.days()) + b.map_or(0, |x| x.days());
            prop_assert_eq!(days, p.days());
            if let (Some(a), Some(b)) = (a, b) {
                prop_assert_eq!(a.last().succ_opt().unwrap(), b.first());
            }
        }
    }
}
