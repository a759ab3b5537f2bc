//! A figure as it leaves the system: disclosure-controlled, with its previous comparable
//! period, as one JSON object, CSV rows or a text table.

use std::fmt::Write as _;

use haven_domain::period::Period;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::StatsError;
use crate::base::FactBase;
use crate::catalogue::{Dimension, Indicator, Unit};
use crate::disclosure::{Published, PublishedCell, Shown, hidden_label, protect};
use crate::engine::evaluate;

/// The figure for the period before, for comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Previous {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    #[serde(serialize_with = "number")]
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shown: Option<String>,
}

/// Whole numbers as integers (`162`, not `162.0`), others as they are.
fn json_number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 9e15 {
        Value::from(value as i64)
    } else {
        Value::from(value)
    }
}

#[allow(clippy::ref_option)] // the signature serde's `serialize_with` calls
fn number<S: serde::Serializer>(value: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    value.map(json_number).serialize(s)
}

/// One indicator over one period, ready to publish.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statement {
    pub indicator: &'static str,
    pub version: u32,
    pub title: &'static str,
    pub unit: Unit,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    /// `None` when the figure itself is hidden.
    #[serde(serialize_with = "number")]
    pub value: Option<f64>,
    /// How a hidden value is shown (`<5`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shown: Option<String>,
    pub previous: Previous,
    /// Cells with fewer contributors than this are hidden.
    pub threshold: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by: Vec<&'static str>,
    /// Cells that may hold the same person more than once (citizenship, forms of
    /// exploitation): they can add up to more than the total.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cells_may_overlap: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub breakdown: Vec<Map<String, Value>>,
    /// With two breakdowns, the totals by each one alone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub margins: Vec<Vec<Map<String, Value>>>,
}

fn shown_parts(shown: Shown, threshold: u64) -> (Option<f64>, Option<String>) {
    match shown {
        Shown::Value(v) => (Some(v), None),
        Shown::Hidden => (None, Some(hidden_label(threshold))),
    }
}

fn cell_object(names: &[&str], cell: &PublishedCell, threshold: u64) -> Map<String, Value> {
    let mut object = Map::new();
    for (name, key) in names.iter().zip(&cell.keys) {
        object.insert((*name).to_owned(), Value::String(key.clone()));
    }
    let (value, shown) = shown_parts(cell.shown, threshold);
    object.insert("value".into(), value.map_or(Value::Null, json_number));
    if let Some(shown) = shown {
        object.insert("shown".into(), Value::String(shown));
    }
    object
}

/// Compute and protect `indicator` over `period` (and the period before), broken down
/// `by`, with titles in `lang`. A threshold of 0 hides nothing.
pub fn state(
    base: &FactBase,
    indicator: &'static Indicator,
    period: Period,
    by: &[Dimension],
    threshold: u64,
    lang: &str,
) -> Result<Statement, StatsError> {
    let figure = evaluate(base, indicator, period, by)?;
    let additive = indicator.measure.is_additive();
    let published: Published = protect(&figure, additive, threshold);
    let previous_period = period.previous_comparable();
    let previous = protect(&evaluate(base, indicator, previous_period, &[])?, additive, threshold);
    let (value, shown) = shown_parts(published.value, threshold);
    let (previous_value, previous_shown) = shown_parts(previous.value, threshold);
    let names: Vec<&'static str> = figure.dimensions.clone();
    Ok(Statement {
        indicator: indicator.id,
        version: indicator.version,
        title: indicator.title.get(lang),
        unit: indicator.unit,
        from: period.first(),
        to: period.last(),
        value,
        shown,
        previous: Previous {
            from: previous_period.first(),
            to: previous_period.last(),
            value: previous_value,
            shown: previous_shown,
        },
        threshold,
        by: names.clone(),
        cells_may_overlap: by
            .iter()
            .filter(|d| d.may_repeat())
            .map(|d| d.name(indicator.table))
            .collect(),
        breakdown: published
            .cells
            .iter()
            .map(|c| cell_object(&names, c, threshold))
            .collect(),
        margins: published
            .margins
            .iter()
            .enumerate()
            .map(|(axis, cells)| {
                cells
                    .iter()
                    .map(|c| cell_object(&names[axis..=axis], c, threshold))
                    .collect()
            })
            .collect(),
    })
}

/// A text cell a spreadsheet would run as a formula is prefixed with an apostrophe.
pub fn spreadsheet_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// How a number is printed: whole numbers without decimals, others with two.
pub fn format_number(value: f64) -> String {
    if (value - value.round()).abs() < 1e-9 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

impl Statement {
    fn shown_value(value: Option<f64>, shown: Option<&String>) -> String {
        value.map_or_else(|| shown.cloned().unwrap_or_default(), format_number)
    }

    /// Rows of text: the header, the total, then each cell.
    fn rows(&self) -> Vec<Vec<String>> {
        let mut header = vec!["indicator".to_owned(), "from".to_owned(), "to".to_owned()];
        header.extend(self.by.iter().map(|d| (*d).to_owned()));
        header.push("value".to_owned());
        let lead = || vec![self.indicator.to_owned(), self.from.to_string(), self.to.to_string()];
        let mut total = lead();
        total.extend(self.by.iter().map(|_| "total".to_owned()));
        total.push(Self::shown_value(self.value, self.shown.as_ref()));
        let mut rows = vec![header, total];
        for cell in &self.breakdown {
            let mut row = lead();
            for name in &self.by {
                row.push(cell.get(*name).and_then(Value::as_str).unwrap_or_default().to_owned());
            }
            let shown = cell.get("shown").and_then(Value::as_str).map(str::to_owned);
            row.push(Self::shown_value(
                cell.get("value").and_then(Value::as_f64),
                shown.as_ref(),
            ));
            rows.push(row);
        }
        rows
    }

    /// CSV with a header; text that a spreadsheet would run as a formula is defused.
    pub fn to_csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        for row in self.rows() {
            // Writing to memory cannot fail.
            let _ = writer.write_record(row.iter().map(|f| spreadsheet_safe(f)));
        }
        String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// An aligned text table for a terminal.
    pub fn to_table(&self) -> String {
        let rows = self.rows();
        let columns = rows[0].len();
        let widths: Vec<usize> = (0..columns)
            .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
            .collect();
        let mut out = format!("{}\n", self.title);
        for row in rows {
            let line: Vec<String> = row
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(c, (f, w))| {
                    if c + 1 == columns {
                        format!("{f:>w$}")
                    } else {
                        format!("{f:<w$}")
                    }
                })
                .collect();
            out.push_str(line.join("  ").trim_end());
            out.push('\n');
        }
        let previous = Self::shown_value(self.previous.value, self.previous.shown.as_ref());
        let _ = writeln!(
            out,
            "previous comparable period {}..{}: {previous}",
            self.previous.from, self.previous.to
        );
        out
    }
}
