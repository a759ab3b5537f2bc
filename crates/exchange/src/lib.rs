//! Data in and out of Haven. [`import::import_file`] reads a CSV or XLSX file of one kind of
//! record, checks every row as the domain checks a record typed on screen, and writes the file
//! whole or not at all; rows imported before (found by their natural key) are left as they are.
//! Every rejected row is reported with its line, column and reason ([`write_rejections`]).

pub mod ctdc;
mod facts;
pub mod flat;
pub mod htcds;
pub mod import;
pub mod reference;
pub mod source;
pub mod webhooks;

use std::io::Write;

use haven_stats::publish::spreadsheet_safe;
use haven_store::StoreError;

pub use import::{ImportKind, ImportOptions, ImportOutcome, Mapping, import_file};
pub use source::ReadOptions;

/// What is wrong with a file as a whole; nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {0}: {1}")]
    Io(String, #[source] std::io::Error),
    #[error("the file is {size} bytes, more than the limit of {limit} (--max-size)")]
    TooLarge { size: u64, limit: u64 },
    #[error("{0}")]
    Encoding(String),
    #[error("the file is not a table: {0}")]
    Malformed(String),
    #[error("the file has no header row")]
    Empty,
    #[error("unknown kind of record '{0}'; one of: {kinds}, ctdc, unodc-glotip, unhcr-population, unhcr-asylum-applications, unhcr-asylum-decisions, us-tip-tiers", kinds = ImportKind::NAMES.join(", "))]
    UnknownKind(String),
    #[error("the file has no '{column}' column{hint}")]
    MissingColumn { column: String, hint: String },
    #[error("{kind} have no column {columns} (a --mapping file can rename a column)")]
    UnknownColumns { kind: String, columns: String },
    #[error("{0}")]
    Refused(String),
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("the mapping file: {0}")]
    Mapping(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A row that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The line of the file (the header is line 1) or the spreadsheet's row number.
    pub line: u64,
    /// The column as the file names it; empty where the row as a whole is wrong.
    pub column: String,
    pub reason: String,
}

/// The rejected rows as CSV (`file,line,column,reason`), every cell safe to open in a
/// spreadsheet: a cell that would start like a formula is prefixed with `'`.
pub fn write_rejections(out: impl Write, file: &str, rejections: &[Rejection]) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(["file", "line", "column", "reason"])?;
    for r in rejections {
        writer.write_record([
            spreadsheet_safe(file),
            r.line.to_string(),
            spreadsheet_safe(&r.column),
            spreadsheet_safe(&r.reason),
        ])?;
    }
    writer.flush()?;
    Ok(())
}
