//! Published figures that must not drift: a report locked with its figures, each with the
//! definition version it was computed with. The store keeps them append-only with a keyed
//! fingerprint; later changes to the underlying records show as revisions beside them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Checks, Validate};
use crate::{Problem, ValidationErrors};

/// One figure as published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LockedFigure {
    pub indicator: String,
    pub version: u32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// `None` when disclosure control hid it.
    pub value: Option<f64>,
}

/// A report to lock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NewLockedReport {
    /// How people refer to it ("UN input 2024"); unique.
    pub name: String,
    /// Which report ("country").
    pub kind: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub threshold: u64,
    pub figures: Vec<LockedFigure>,
}

impl Validate for NewLockedReport {
    fn validate(&self, today: NaiveDate) -> Result<(), ValidationErrors> {
        let mut checks = Checks::new();
        checks.text("name", &self.name, 100);
        checks.not_before("to", self.to, "from", self.from);
        checks.not_future("to", self.to, today);
        if self.threshold == 0 {
            checks.push(
                "threshold",
                Problem::OutOfRange {
                    min: 1,
                    max: i64::MAX,
                    value: 0,
                },
            );
        }
        if self.figures.is_empty() {
            checks.push("figures", Problem::Required);
        }
        checks.finish()
    }
}

/// A locked report as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LockedReport {
    pub input: NewLockedReport,
    /// Keyed digest of `input`: recomputed on every read, so an altered row is detected.
    pub fingerprint: [u8; 32],
    pub locked_at: DateTime<Utc>,
    pub locked_by: String,
}

impl LockedReport {
    /// The locked figure of an indicator over a period, if the report has it.
    pub fn figure(&self, indicator: &str, from: NaiveDate, to: NaiveDate) -> Option<&LockedFigure> {
        self.input
            .figures
            .iter()
            .find(|f| f.indicator == indicator && f.from == from && f.to == to)
    }

    /// The fingerprint's first bytes in hex, to print on the report.
    pub fn short_fingerprint(&self) -> String {
        use std::fmt::Write;
        self.fingerprint[..8].iter().fold(String::new(), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
    }
}
