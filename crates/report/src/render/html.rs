//! The report as one self-contained HTML page: no script, no outside resources, charts inline
//! as SVG, every value escaped.

use askama::Template;

use super::chart::trend_svg;
use super::{cell_text, figure_rows};
use crate::ReportError;
use crate::country::CountryReport;

#[derive(Template)]
#[template(path = "country.html")]
struct Page<'a> {
    report: &'a CountryReport,
    /// Title and SVG of each trend chart.
    charts: Vec<(String, String)>,
    figures: Vec<[String; 6]>,
    /// Each annex table as text.
    tables: Vec<(String, Vec<String>, Vec<Vec<String>>)>,
}

pub(super) fn render(report: &CountryReport) -> Result<String, ReportError> {
    let charts = report
        .trends
        .iter()
        .filter_map(|id| report.figures.iter().find(|f| f.id == *id))
        .map(|f| {
            let points: Vec<(i32, Option<f64>)> = f.years.iter().map(|y| (y.year, y.value.value)).collect();
            Ok((f.title.to_owned(), trend_svg(&points)?))
        })
        .collect::<Result<_, ReportError>>()?;
    let tables = report
        .tables
        .iter()
        .map(|t| {
            let rows = t
                .rows
                .iter()
                .map(|r| r.iter().map(|c| cell_text(c).to_owned()).collect())
                .collect();
            (t.title.clone(), t.columns.clone(), rows)
        })
        .collect();
    Page {
        report,
        charts,
        figures: figure_rows(report),
        tables,
    }
    .render()
    .map_err(|e| ReportError::Render {
        format: "HTML",
        reason: e.to_string(),
    })
}
