//! The report as a workbook: the figures, the yearly trends, and one sheet per annex table,
//! every number a number cell (hidden values as the text `<5`). Text is always written as
//! text, never as a formula.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::ReportError;
use crate::country::{CountryReport, TableCell, Value};

fn failed(e: &XlsxError) -> ReportError {
    ReportError::Render {
        format: "XLSX",
        reason: e.to_string(),
    }
}

fn write_value(sheet: &mut Worksheet, row: u32, col: u16, value: &Value) -> Result<(), XlsxError> {
    match value.value {
        Some(v) => sheet.write_number(row, col, v).map(|_| ()),
        None => sheet.write_string(row, col, &value.text).map(|_| ()),
    }
}

fn header(sheet: &mut Worksheet, row: u32, columns: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (col, name) in columns.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *name, bold)?;
    }
    Ok(())
}

pub(super) fn render(report: &CountryReport) -> Result<Vec<u8>, ReportError> {
    build(report).map_err(|e| failed(&e))
}

fn build(report: &CountryReport) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let labels = &report.labels;

    let sheet = workbook.add_worksheet().set_name("Figures")?;
    sheet.write_string_with_format(0, 0, &report.title, &bold)?;
    sheet.write_string(1, 0, &report.period_line)?;
    header(
        sheet,
        3,
        &[
            "indicator",
            &labels.indicator,
            "from",
            "to",
            &labels.value,
            &labels.previous,
        ],
        &bold,
    )?;
    for (i, f) in report.figures.iter().enumerate() {
        let row = 4 + i as u32;
        sheet.write_string(row, 0, f.id)?;
        sheet.write_string(row, 1, f.title)?;
        sheet.write_string(row, 2, f.from.to_string())?;
        sheet.write_string(row, 3, f.to.to_string())?;
        write_value(sheet, row, 4, &f.value)?;
        write_value(sheet, row, 5, &f.previous)?;
        if let Some(revision) = &f.revision {
            sheet.write_string(row, 6, &revision.text)?;
        }
    }
    sheet.set_column_width(0, 48)?;
    sheet.set_column_width(1, 60)?;

    let sheet = workbook.add_worksheet().set_name("Trends")?;
    header(
        sheet,
        0,
        &["indicator", &labels.year, "from", "to", &labels.value],
        &bold,
    )?;
    let mut row = 1;
    for f in &report.figures {
        for y in &f.years {
            sheet.write_string(row, 0, f.id)?;
            sheet.write_number(row, 1, f64::from(y.year))?;
            sheet.write_string(row, 2, y.from.to_string())?;
            sheet.write_string(row, 3, y.to.to_string())?;
            write_value(sheet, row, 4, &y.value)?;
            row += 1;
        }
    }
    sheet.set_column_width(0, 48)?;

    for (n, table) in report.tables.iter().enumerate() {
        // Sheet names are at most 31 characters: number them, with the title in the sheet.
        let sheet = workbook.add_worksheet().set_name(format!("Table {}", n + 2))?;
        sheet.write_string_with_format(0, 0, &table.title, &bold)?;
        let columns: Vec<&str> = table.columns.iter().map(String::as_str).collect();
        header(sheet, 1, &columns, &bold)?;
        for (i, cells) in table.rows.iter().enumerate() {
            for (col, cell) in cells.iter().enumerate() {
                let (row, col) = (2 + i as u32, col as u16);
                match cell {
                    TableCell::Text(text) => sheet.write_string(row, col, text).map(|_| ())?,
                    TableCell::Number { value, text } => write_value(
                        sheet,
                        row,
                        col,
                        &Value {
                            value: *value,
                            text: text.clone(),
                        },
                    )?,
                }
            }
        }
        sheet.set_column_width(0, 40)?;
    }
    workbook.save_to_buffer()
}

/// One figure and its breakdown as a workbook of one sheet: the total first, then each cell,
/// values as number cells (hidden ones as the text `<5`).
pub fn statement_xlsx(statement: &haven_stats::Statement) -> Result<Vec<u8>, ReportError> {
    build_statement(statement).map_err(|e| failed(&e))
}

fn build_statement(statement: &haven_stats::Statement) -> Result<Vec<u8>, XlsxError> {
    use serde_json::Value as Json;
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet().set_name("Figure")?;
    sheet.write_string_with_format(0, 0, statement.title, &bold)?;
    let mut columns = vec!["indicator", "from", "to"];
    columns.extend(statement.by.iter().copied());
    columns.push("value");
    header(sheet, 2, &columns, &bold)?;
    let value_col = (columns.len() - 1) as u16;
    let lead = |sheet: &mut Worksheet, row: u32| -> Result<(), XlsxError> {
        sheet.write_string(row, 0, statement.indicator)?;
        sheet.write_string(row, 1, statement.from.to_string())?;
        sheet.write_string(row, 2, statement.to.to_string())?;
        Ok(())
    };
    let shown = |sheet: &mut Worksheet, row: u32, value: Option<f64>, text: Option<&str>| match value {
        Some(v) => sheet.write_number(row, value_col, v).map(|_| ()),
        None => sheet.write_string(row, value_col, text.unwrap_or_default()).map(|_| ()),
    };
    lead(sheet, 3)?;
    for (i, _) in statement.by.iter().enumerate() {
        sheet.write_string(3, 3 + i as u16, "total")?;
    }
    shown(sheet, 3, statement.value, statement.shown.as_deref())?;
    for (i, cell) in statement.breakdown.iter().enumerate() {
        let row = 4 + i as u32;
        lead(sheet, row)?;
        for (j, name) in statement.by.iter().enumerate() {
            let key = cell.get(*name).and_then(Json::as_str).unwrap_or_default();
            // Keys are codes, but a spreadsheet must never run one as a formula.
            sheet.write_string(row, 3 + j as u16, haven_stats::publish::spreadsheet_safe(key))?;
        }
        shown(
            sheet,
            row,
            cell.get("value").and_then(Json::as_f64),
            cell.get("shown").and_then(Json::as_str),
        )?;
    }
    workbook.save_to_buffer()
}
