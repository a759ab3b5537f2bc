//! Reading a CSV or XLSX file into a header and rows of text, each row with the line (or
//! spreadsheet row) it came from. What is wrong with the file as a whole (too large, not
//! UTF-8, not a table) is an error; what is wrong with one row is a [`Rejection`] of it.

use std::path::Path;

use calamine::{Data, DataType, Reader, open_workbook_auto};
use encoding_rs::{Encoding, WINDOWS_1251};

use crate::{ImportError, Rejection};

/// How to read a file; what is not given is found out.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// CSV: the character between values (`,`, `;`, tab); found from the header if not given.
    pub delimiter: Option<u8>,
    /// CSV: the file's character encoding; UTF-8 if not given.
    pub encoding: Option<&'static Encoding>,
    /// XLSX: the sheet to read; the first if not given.
    pub sheet: Option<String>,
    /// XLSX: the header is the first row whose first cell is this; rows above it (a title, a
    /// release date, as UNODC's workbook has) are left out. The first row if not given.
    pub header_starts: Option<String>,
    /// Larger files are refused before they are read.
    pub max_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            delimiter: None,
            encoding: None,
            sheet: None,
            header_starts: None,
            max_bytes: 256 * 1024 * 1024,
        }
    }
}

/// One row of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The line of a CSV file (1 is the header) or the row of a sheet where the row begins.
    pub line: u64,
    pub cells: Vec<String>,
}

/// A file read: its column names and the rows that could be read.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// Rows that are not rows of this table (too few or too many values, a formula).
    pub rejected: Vec<Rejection>,
}

/// Read a file; `known` tells a column name the import understands, which is how the
/// delimiter of a CSV file is found.
pub fn read_table(path: &Path, options: &ReadOptions, known: &dyn Fn(&str) -> bool) -> Result<Table, ImportError> {
    let size = std::fs::metadata(path)
        .map_err(|e| ImportError::Io(path.display().to_string(), e))?
        .len();
    if size > options.max_bytes {
        return Err(ImportError::TooLarge {
            size,
            limit: options.max_bytes,
        });
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let table = if matches!(extension.as_str(), "xlsx" | "xlsm" | "xls" | "ods") {
        read_sheet(path, options)?
    } else {
        let bytes = std::fs::read(path).map_err(|e| ImportError::Io(path.display().to_string(), e))?;
        let text = decode(&bytes, options.encoding)?;
        read_csv(&text, options.delimiter, known)?
    };
    if table.header.iter().all(String::is_empty) {
        return Err(ImportError::Empty);
    }
    Ok(table)
}

/// The text of a CSV file: UTF-8 (a byte-order mark is dropped) unless told otherwise.
fn decode(bytes: &[u8], encoding: Option<&'static Encoding>) -> Result<String, ImportError> {
    if let Some(encoding) = encoding {
        let (text, _, had_errors) = encoding.decode(bytes);
        if had_errors {
            return Err(ImportError::Encoding(format!(
                "the file has bytes that are not {}",
                encoding.name()
            )));
        }
        return Ok(text.into_owned());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => {
            let line = bytes[..e.valid_up_to()].split(|&b| b == b'\n').count();
            let (as_1251, _, _) = WINDOWS_1251.decode(bytes);
            let cyrillic = as_1251
                .chars()
                .filter(|c| ('\u{0400}'..='\u{04FF}').contains(c))
                .count();
            let hint = if cyrillic > 0 {
                "; it reads as Cyrillic in Windows-1251: save it as UTF-8, or pass --encoding windows-1251"
            } else {
                "; save it as UTF-8, or name its encoding with --encoding"
            };
            Err(ImportError::Encoding(format!("line {line} is not UTF-8{hint}")))
        }
    }
}

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

fn csv_reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

fn header_with(text: &str, delimiter: u8) -> Vec<String> {
    csv_reader(text, delimiter)
        .records()
        .next()
        .and_then(Result::ok)
        .map(|r| r.iter().map(|c| c.trim().to_owned()).collect())
        .unwrap_or_default()
}

/// The delimiter that makes the most known column names of the header, then the most columns.
fn find_delimiter(text: &str, known: &dyn Fn(&str) -> bool) -> u8 {
    DELIMITERS
        .into_iter()
        .max_by_key(|&d| {
            let header = header_with(text, d);
            (header.iter().filter(|c| known(c)).count(), header.len(), d == b',')
        })
        .unwrap_or(b',')
}

fn read_csv(text: &str, delimiter: Option<u8>, known: &dyn Fn(&str) -> bool) -> Result<Table, ImportError> {
    let delimiter = delimiter.unwrap_or_else(|| find_delimiter(text, known));
    let mut reader = csv_reader(text, delimiter);
    let mut table = Table::default();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(ImportError::Malformed(format!("line {line}: {e}")));
            }
        }
        // Where the record began: after a record ended by CRLF the reader stands on the LF,
        // a line behind.
        let line = match record.position() {
            Some(p) if usize::try_from(p.byte()).is_ok_and(|b| text.as_bytes().get(b) == Some(&b'\n')) => p.line() + 1,
            Some(p) => p.line(),
            None => line,
        };
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if table.header.is_empty() && table.rows.is_empty() && table.rejected.is_empty() {
            table.header = cells.iter().map(|c| c.trim().to_owned()).collect();
            continue;
        }
        push_row(&mut table, line, cells);
    }
    Ok(table)
}

/// Keep a row that fits the header and holds no formula; reject it otherwise.
fn push_row(table: &mut Table, line: u64, cells: Vec<String>) {
    if cells.iter().all(|c| c.trim().is_empty()) {
        return;
    }
    if cells.len() != table.header.len() {
        table.rejected.push(Rejection {
            line,
            column: String::new(),
            reason: format!(
                "the row has {} values and the header {} columns (a line cut short or a stray delimiter?)",
                cells.len(),
                table.header.len()
            ),
        });
        return;
    }
    if let Some((i, _)) = cells.iter().enumerate().find(|(_, c)| looks_like_formula(c)) {
        table.rejected.push(Rejection {
            line,
            column: table.header[i].clone(),
            reason: "the value begins like a spreadsheet formula (=, +, -, @); formulas are not imported".into(),
        });
        return;
    }
    table.rows.push(Row { line, cells });
}

/// A value a spreadsheet would run as a formula: `=...`, `@...`, or `+`/`-` not starting a
/// number (a phone number `+375...` or an amount `-5` is data).
pub fn looks_like_formula(text: &str) -> bool {
    let mut chars = text.trim_start_matches([' ']).chars();
    match chars.next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => chars
            .next()
            .is_some_and(|c| !(c.is_ascii_digit() || c == ' ' || c == '.')),
        _ => false,
    }
}

fn read_sheet(path: &Path, options: &ReadOptions) -> Result<Table, ImportError> {
    let bad = |e: calamine::Error| ImportError::Malformed(format!("not a readable spreadsheet: {e}"));
    let mut book = open_workbook_auto(path).map_err(bad)?;
    let name = match &options.sheet {
        Some(name) => name.clone(),
        None => book
            .sheet_names()
            .first()
            .cloned()
            .ok_or_else(|| ImportError::Malformed("the workbook has no sheet".into()))?,
    };
    let range = book.worksheet_range(&name).map_err(bad)?;
    let formulas = book.worksheet_formula(&name).map_err(bad)?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut table = Table::default();
    for (i, cells) in range.rows().enumerate() {
        let row = first_row + i as u32;
        let line = u64::from(row) + 1;
        if table.header.is_empty()
            && let Some(first) = &options.header_starts
            && cells.first().and_then(|c| cell_text(c).ok()).as_deref().map(str::trim) != Some(first.as_str())
        {
            continue;
        }
        let mut texts = Vec::with_capacity(cells.len());
        let mut problem = None;
        for (j, cell) in cells.iter().enumerate() {
            let col = first_col + j as u32;
            let formula = formulas.get_value((row, col)).is_some_and(|f| !f.is_empty());
            match cell_text(cell) {
                _ if formula => problem = Some((j, "the cell holds a formula; formulas are not imported".to_owned())),
                Ok(text) => texts.push(text),
                Err(reason) => problem = Some((j, reason)),
            }
        }
        if table.header.is_empty() {
            table.header = texts.iter().map(|c| c.trim().to_owned()).collect();
            continue;
        }
        match problem {
            Some((j, reason)) => table.rejected.push(Rejection {
                line,
                column: table.header.get(j).cloned().unwrap_or_default(),
                reason,
            }),
            None => push_row(&mut table, line, texts),
        }
    }
    Ok(table)
}

/// A cell as the text a CSV file would hold: whole numbers without `.0`, dates as ISO dates.
fn cell_text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(_) => cell
            .as_date()
            .map(|d| d.format("%Y-%m-%d").to_string())
            .ok_or_else(|| "the cell holds a date the spreadsheet cannot convert".to_owned())?,
        Data::Error(e) => return Err(format!("the cell holds a spreadsheet error ({e})")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(name: &str) -> bool {
        ["key", "family_name", "sex"].contains(&name)
    }

    #[test]
    fn the_delimiter_is_found_from_the_header() {
        let table = read_csv("key;family_name;sex\n1;Бугаева;F\n", None, &known).unwrap();
        assert_eq!(table.header, ["key", "family_name", "sex"]);
        assert_eq!(table.rows[0].cells, ["1", "Бугаева", "F"]);
        assert_eq!(table.rows[0].line, 2);
        let table = read_csv("key,family_name,sex\n1,\"Bugaeva; Tatiana\",F\n", None, &known).unwrap();
        assert_eq!(table.rows[0].cells[1], "Bugaeva; Tatiana");
    }

    #[test]
    fn lines_are_counted_alike_in_files_ended_by_crlf() {
        let table = read_csv("key,family_name,sex\r\n1,A,F\r\n2,B\r\n3,C,F\r\n", None, &known).unwrap();
        assert_eq!(table.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 4]);
        assert_eq!(table.rejected[0].line, 3);
    }

    #[test]
    fn a_short_row_and_a_formula_are_rejected_with_their_lines() {
        let table = read_csv(
            "key,family_name,sex\n1,A,F\n2,=cmd|' /C calc'!A0,F\n3,B\n",
            None,
            &known,
        )
        .unwrap();
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rejected.len(), 2);
        assert_eq!(
            (table.rejected[0].line, table.rejected[0].column.as_str()),
            (3, "family_name")
        );
        assert_eq!(table.rejected[1].line, 4);
        assert!(
            table.rejected[1].reason.contains("2 values"),
            "{}",
            table.rejected[1].reason
        );
    }

    #[test]
    fn numbers_and_phone_numbers_are_not_formulas() {
        for data in ["-5", "+375 29 123 45 67", "-0.5", "Иванова", "", "a=b"] {
            assert!(!looks_like_formula(data), "{data}");
        }
        for formula in ["=1+1", "@SUM(A1)", "+A1", "-cmd", "=cmd|' /C calc'!A0"] {
            assert!(looks_like_formula(formula), "{formula}");
        }
    }

    #[test]
    fn windows_1251_is_named_when_the_file_is_not_utf8() {
        let (bytes, _, _) = WINDOWS_1251.encode("key,family_name\n1,Бугаева\n");
        let error = decode(&bytes, None).unwrap_err().to_string();
        assert!(error.contains("line 2 is not UTF-8"), "{error}");
        assert!(error.contains("--encoding windows-1251"), "{error}");
        assert_eq!(
            decode(&bytes, Some(WINDOWS_1251)).unwrap(),
            "key,family_name\n1,Бугаева\n"
        );
    }
}
