//! Haven's reports: the country report (JSON, HTML with SVG charts, CSV, XLSX, PDF) in
//! English, Russian and Belarusian, locked reports whose published figures never change, and
//! the UNODC GLOTIP rows.

pub mod country;
pub mod glotip;
pub mod i18n;
pub mod locked;
pub mod render;

pub use crate::country::{CountryReport, REFERENCE_COUNTRY, Request, country_report};
pub use crate::i18n::Lang;
pub use crate::locked::lock_input;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Stats(#[from] haven_stats::StatsError),
    #[error("the report is defined wrongly: {0}")]
    Definition(String),
    #[error("cannot write the {format} file: {reason}")]
    Render { format: &'static str, reason: String },
}
