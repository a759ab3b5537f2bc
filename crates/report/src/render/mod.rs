//! The country report written out in each format. Every format carries the same figures:
//! JSON and CSV as data, HTML and PDF as the document, XLSX with one sheet per table.

mod chart;
mod html;
mod pdf;
mod xlsx;

pub use self::chart::{bars_svg, trend_svg};
pub use self::xlsx::statement_xlsx;

use crate::ReportError;
use crate::country::{CountryReport, TableCell};

/// A format the report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Pdf,
    Xlsx,
    Csv,
    Json,
}

impl Format {
    pub const ALL: [Format; 5] = [Format::Html, Format::Pdf, Format::Xlsx, Format::Csv, Format::Json];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// The report as the bytes of a file in `format`.
pub fn render(report: &CountryReport, format: Format) -> Result<Vec<u8>, ReportError> {
    match format {
        Format::Json => serde_json::to_vec_pretty(report).map_err(|e| ReportError::Render {
            format: "JSON",
            reason: e.to_string(),
        }),
        Format::Csv => Ok(csv(report).into_bytes()),
        Format::Html => html::render(report).map(String::into_bytes),
        Format::Pdf => pdf::render(report),
        Format::Xlsx => xlsx::render(report),
    }
}

/// The rows of the figures table, shared by every format: indicator, title, period,
/// value, previous comparable period, revision since locking (empty if none).
pub(crate) fn figure_rows(report: &CountryReport) -> Vec<[String; 6]> {
    report
        .figures
        .iter()
        .map(|f| {
            [
                f.id.to_owned(),
                f.title.to_owned(),
                format!("{}..{}", f.from, f.to),
                f.value.text.clone(),
                f.previous.text.clone(),
                f.revision.as_ref().map(|r| r.text.clone()).unwrap_or_default(),
            ]
        })
        .collect()
}

pub(crate) fn cell_text(cell: &TableCell) -> &str {
    match cell {
        TableCell::Text(text) | TableCell::Number { text, .. } => text,
    }
}

/// One CSV: every figure with its period and the period before, then every annex table.
/// Text a spreadsheet would run as a formula is defused.
fn csv(report: &CountryReport) -> String {
    use haven_stats::publish::spreadsheet_safe;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    let mut rows: Vec<Vec<String>> = vec![
        ["table", "indicator", "from", "to", "key", "value", "shown"]
            .map(str::to_owned)
            .to_vec(),
    ];
    for f in &report.figures {
        rows.push(vec![
            "figures".into(),
            f.id.into(),
            f.from.to_string(),
            f.to.to_string(),
            "total".into(),
            number(f.value.value),
            f.value.text.clone(),
        ]);
        for y in &f.years {
            rows.push(vec![
                "trends".into(),
                f.id.into(),
                y.from.to_string(),
                y.to.to_string(),
                y.year.to_string(),
                number(y.value.value),
                y.value.text.clone(),
            ]);
        }
    }
    for table in &report.tables {
        for row in &table.rows {
            // A table of several value columns (the reference comparison) gives a line per
            // value, its key naming the column.
            for (j, cell) in row.iter().enumerate().skip(1) {
                let (value, shown) = match cell {
                    TableCell::Number { value, text } => (number(*value), text.clone()),
                    TableCell::Text(text) => (String::new(), text.clone()),
                };
                let key = if row.len() > 2 {
                    format!(
                        "{} — {}",
                        cell_text(&row[0]),
                        table.columns.get(j).map_or("", String::as_str)
                    )
                } else {
                    cell_text(&row[0]).to_owned()
                };
                rows.push(vec![
                    table.title.clone(),
                    String::new(),
                    report.from.to_string(),
                    report.to.to_string(),
                    key,
                    value,
                    shown,
                ]);
            }
        }
    }
    for row in rows {
        // Writing to memory cannot fail.
        let _ = writer.write_record(row.iter().map(|f| spreadsheet_safe(f)));
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}
