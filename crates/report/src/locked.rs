//! Locked reports: published figures do not drift. A locked report keeps every value it
//! printed; when the records behind one change later, the report still prints the locked
//! value and shows the current one beside it as a revision.

use haven_domain::publication::{LockedFigure, NewLockedReport};
use serde::Serialize;

use crate::country::{CountryReport, Value};

/// How a figure differs from the one locked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revision {
    pub locked: Option<f64>,
    pub current: Option<f64>,
    pub text: String,
}

/// The figures of a report to lock: each value it prints (the period, the previous
/// comparable period, each year), with the definition version it was computed with.
pub fn lock_input(report: &CountryReport, name: &str) -> NewLockedReport {
    let mut figures = Vec::new();
    for f in &report.figures {
        let mut push = |from, to, value: &Value| {
            if !figures
                .iter()
                .any(|l: &LockedFigure| l.indicator == f.id && l.from == from && l.to == to)
            {
                figures.push(LockedFigure {
                    indicator: f.id.to_owned(),
                    version: f.version,
                    from,
                    to,
                    value: value.value,
                });
            }
        };
        push(f.from, f.to, &f.value);
        push(f.previous_from, f.previous_to, &f.previous);
        for y in &f.years {
            push(y.from, y.to, &y.value);
        }
    }
    NewLockedReport {
        name: name.to_owned(),
        kind: report.report.to_owned(),
        from: report.from,
        to: report.to,
        threshold: report.threshold,
        figures,
    }
}
