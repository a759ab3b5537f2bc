//! External reference statistics read from the files their publishers release: UNODC GLOTIP
//! country data, UNHCR population and asylum statistics, US TIP Report tier placements. One
//! parser per dataset turns the file into [`ReferenceFigure`]s; every row problem is a
//! [`Rejection`] naming line and column, and if there is one nothing is stored. What a parser
//! repairs or leaves out it does by a stated rule, and says so row by row.
//!
//! The rules, per dataset:
//! - UNODC GLOTIP: `<5` (small-count suppression) is kept as the qualifier it is, never a number
//!   and never dropped. A count written with thousands commas (`1,192`) is read as the number
//!   (counts are whole numbers, so the comma can only group thousands) and listed as repaired. A
//!   comma-grouped value of a million or more (`6,112,019`, `61,102,020`) is not a count: in the
//!   2025-04-14 file every one is a questionnaire cell code run together with a year (Q6.1_1 and
//!   2019), in rows of convictions by citizenship; such a row is left out and listed. Anything
//!   else that is not a count rejects the file. A row with no ISO3 code (Sark) keeps its name;
//!   an empty category (some rows by citizenship) stays empty.
//! - UNHCR: an empty cell is a missing value; the text `NA` is a code (the application type and
//!   decision level `NA`) and never read as missing; countries are their ISO3 codes as written
//!   (Namibia is `NAM`). Rows are per pair of countries; the figures stored are the sums per year
//!   and country of origin, and per year and country of asylum, cases and persons apart.
//! - US TIP tiers: trimmed (`"Tier 2    "`), `Watchlist` is `Tier 2 Watch List`, `NA` is not
//!   ranked that year and stored as nothing (listed as left out).

use std::collections::BTreeMap;
use std::path::Path;

use haven_domain::access::Actor;
use haven_domain::reference::{FigureValue, ReferenceFigure, ReferenceSource, TOTAL, normalise_tier};
use haven_store::{ReferenceImport, Store};

use crate::source::{ReadOptions, Row, Table, read_table};
use crate::{ImportError, Rejection};

/// A file read as figures of one source.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// Rows of data read (the header and anything above it not counted).
    pub rows: usize,
    pub figures: Vec<ReferenceFigure>,
    /// Values read by a repair rule (`1,192` as 1192).
    pub repaired: Vec<Rejection>,
    /// Rows left out by a stated rule (a cell code that is not a count, a tier `NA`).
    pub left_out: Vec<Rejection>,
    /// Rows that cannot be read: if there is one, nothing is imported.
    pub rejected: Vec<Rejection>,
}

/// What an import of a reference file did.
#[derive(Debug, Clone)]
pub struct ReferenceOutcome {
    pub source: ReferenceSource,
    pub parsed: Parsed,
    /// `None` when rows were rejected (nothing was stored) or on a dry run.
    pub stored: Option<ReferenceImport>,
}

/// The names `haven import` knows reference files by.
pub const NAMES: [&str; 5] = [
    "unodc-glotip",
    "unhcr-population",
    "unhcr-asylum-applications",
    "unhcr-asylum-decisions",
    "us-tip-tiers",
];

/// The source a `haven import` kind names, if it names one.
pub fn source_named(kind: &str) -> Option<ReferenceSource> {
    NAMES
        .contains(&kind)
        .then(|| ReferenceSource::parse(kind).ok())
        .flatten()
}

/// Read a file of `source`'s figures and replace what is stored of that source with them,
/// unless a row is rejected (then nothing is written) or `dry_run`.
pub async fn import_reference(
    store: &dyn Store,
    actor: &Actor,
    source: ReferenceSource,
    path: &Path,
    options: &ReadOptions,
    dry_run: bool,
) -> Result<ReferenceOutcome, ImportError> {
    let parsed = read(source, path, options)?;
    let stored = if parsed.rejected.is_empty() && !dry_run {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Some(
            store
                .replace_reference_figures(actor, source, &name, &parsed.figures)
                .await?,
        )
    } else {
        None
    };
    Ok(ReferenceOutcome { source, parsed, stored })
}

/// Read a file of `source`'s figures.
pub fn read(source: ReferenceSource, path: &Path, options: &ReadOptions) -> Result<Parsed, ImportError> {
    let columns = required(source);
    let options = ReadOptions {
        header_starts: Some(columns[0].to_owned()),
        ..options.clone()
    };
    let table = read_table(path, &options, &|name| columns.contains(&name))?;
    parse(source, table)
}

fn required(source: ReferenceSource) -> &'static [&'static str] {
    match source {
        ReferenceSource::UnodcGlotip => &GLOTIP,
        ReferenceSource::UnhcrPopulation => &POPULATION,
        ReferenceSource::UnhcrAsylumApplications => &APPLICATIONS,
        ReferenceSource::UnhcrAsylumDecisions => &DECISIONS,
        ReferenceSource::UsTipTiers => &TIERS,
    }
}

const GLOTIP: [&str; 10] = [
    "Iso3_code",
    "Country",
    "Indicator",
    "Dimension",
    "Category",
    "Sex",
    "Age",
    "Year",
    "Unit of measurement",
    "txtVALUE",
];
const POPULATION_MEASURES: [&str; 9] = [
    "refugees",
    "asylum_seekers",
    "returned_refugees",
    "idps",
    "returned_idps",
    "stateless",
    "ooc",
    "oip",
    "hst",
];
const POPULATION: [&str; 14] = [
    "year",
    "coo_name",
    "coo_iso",
    "coa_name",
    "coa_iso",
    "refugees",
    "asylum_seekers",
    "returned_refugees",
    "idps",
    "returned_idps",
    "stateless",
    "ooc",
    "oip",
    "hst",
];
const APPLICATIONS: [&str; 10] = [
    "year",
    "coo_name",
    "coo_iso",
    "coa_name",
    "coa_iso",
    "procedure_type",
    "app_type",
    "dec_level",
    "app_pc",
    "applied",
];
const DECISION_MEASURES: [&str; 5] = ["dec_recognized", "dec_other", "dec_rejected", "dec_closed", "dec_total"];
const DECISIONS: [&str; 13] = [
    "year",
    "coo_name",
    "coo_iso",
    "coa_name",
    "coa_iso",
    "procedure_type",
    "dec_level",
    "dec_pc",
    "dec_recognized",
    "dec_other",
    "dec_rejected",
    "dec_closed",
    "dec_total",
];
const TIERS: [&str; 4] = ["countryname", "iso", "year", "tier"];

/// The dimension of a UNHCR sum by country of origin, and by country of asylum.
pub const ORIGIN: &str = "country of origin";
pub const ASYLUM: &str = "country of asylum";

/// A file's columns, found by name in the header row (which in UNODC's workbook is the third).
struct Columns {
    header: Vec<String>,
    index: BTreeMap<&'static str, usize>,
}

impl Columns {
    fn cell<'r>(&self, row: &'r Row, name: &str) -> &'r str {
        self.index
            .get(name)
            .and_then(|&i| row.cells.get(i))
            .map_or("", |c| c.trim())
    }

    fn reject(&self, row: &Row, name: &str, reason: impl Into<String>) -> Rejection {
        Rejection {
            line: row.line,
            column: self
                .index
                .get(name)
                .map_or(name, |&i| self.header[i].as_str())
                .to_owned(),
            reason: reason.into(),
        }
    }
}

/// Find the header (the first row naming the first required column) and the rows below it.
fn columns(source: ReferenceSource, table: Table) -> Result<(Columns, Vec<Row>, Vec<Rejection>), ImportError> {
    let names = required(source);
    let is_header = |cells: &[String]| cells.iter().any(|c| c.trim() == names[0]);
    let Table { header, rows, rejected } = table;
    let (header, rows, rejected) = if is_header(&header) {
        (header, rows, rejected)
    } else {
        let at = rows.iter().take(10).position(|r| is_header(&r.cells));
        match at {
            Some(at) => {
                let line = rows[at].line;
                let header = rows[at].cells.iter().map(|c| c.trim().to_owned()).collect();
                let rejected = rejected.into_iter().filter(|r| r.line > line).collect();
                (header, rows.into_iter().skip(at + 1).collect(), rejected)
            }
            None => {
                return Err(ImportError::MissingColumn {
                    column: names[0].to_owned(),
                    hint: format!(" (a {source} file has the columns {})", names.join(", ")),
                });
            }
        }
    };
    let mut index = BTreeMap::new();
    for name in names {
        let i = header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| ImportError::MissingColumn {
                column: (*name).to_owned(),
                hint: format!(" (a {source} file has the columns {})", names.join(", ")),
            })?;
        index.insert(*name, i);
    }
    Ok((Columns { header, index }, rows, rejected))
}

/// Read the rows of a table as `source`'s figures.
pub fn parse(source: ReferenceSource, table: Table) -> Result<Parsed, ImportError> {
    let (columns, rows, rejected) = columns(source, table)?;
    let mut parsed = Parsed {
        rows: rows.len() + rejected.len(),
        rejected,
        ..Parsed::default()
    };
    match source {
        ReferenceSource::UnodcGlotip => glotip(&columns, &rows, &mut parsed),
        ReferenceSource::UnhcrPopulation => unhcr(&columns, &rows, &mut parsed, &POPULATION_MEASURES, None),
        ReferenceSource::UnhcrAsylumApplications => {
            unhcr(&columns, &rows, &mut parsed, &["applied"], Some("app_pc"));
        }
        ReferenceSource::UnhcrAsylumDecisions => {
            unhcr(&columns, &rows, &mut parsed, &DECISION_MEASURES, Some("dec_pc"));
        }
        ReferenceSource::UsTipTiers => tiers(&columns, &rows, &mut parsed),
    }
    parsed.rejected.sort_by_key(|r| r.line);
    Ok(parsed)
}

/// A year of a statistic.
fn year(columns: &Columns, row: &Row, name: &str) -> Result<i32, Rejection> {
    let text = columns.cell(row, name);
    match text.parse::<i32>() {
        Ok(y) if (1900..=2100).contains(&y) => Ok(y),
        _ => Err(columns.reject(row, name, format!("'{text}' is not a year"))),
    }
}

/// An ISO 3166 alpha-3 code as a publisher writes it; `None` if the cell is empty.
fn iso3(columns: &Columns, row: &Row, name: &str) -> Result<Option<String>, Rejection> {
    let text = columns.cell(row, name);
    if text.is_empty() {
        return Ok(None);
    }
    if text.len() == 3 && text.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(Some(text.to_owned()))
    } else {
        Err(columns.reject(
            row,
            name,
            format!("'{text}' is not an ISO 3166 alpha-3 country code (three capital letters)"),
        ))
    }
}

fn not_empty<'r>(columns: &Columns, row: &'r Row, name: &str) -> Result<&'r str, Rejection> {
    let text = columns
        .index
        .get(name)
        .and_then(|&i| row.cells.get(i))
        .map_or("", |c| c.trim());
    if text.is_empty() {
        Err(columns.reject(row, name, "the value is missing"))
    } else {
        Ok(text)
    }
}

/// How a GLOTIP value was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlotipValue {
    Read(FigureValue),
    /// Thousands commas removed.
    Repaired(i64),
    /// Not a count: the row is left out, for the reason given.
    NotACount(String),
    Invalid(String),
}

/// Read a GLOTIP `txtVALUE` cell by the rules in this module's documentation.
pub fn glotip_value(text: &str) -> GlotipValue {
    let text = text.trim();
    if let Some(bound) = text.strip_prefix('<') {
        return match bound.trim().parse::<i64>() {
            Ok(n) if n > 0 => GlotipValue::Read(FigureValue::LessThan(n)),
            _ => GlotipValue::Invalid(format!("'{text}' is neither a count nor '<' and a count")),
        };
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return match text.parse() {
            Ok(n) => GlotipValue::Read(FigureValue::Count(n)),
            Err(_) => GlotipValue::Invalid(format!("'{text}' is too large a count")),
        };
    }
    let groups: Vec<&str> = text.split(',').collect();
    let grouped = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups
            .iter()
            .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
        && groups[1..].iter().all(|g| g.len() == 3);
    if grouped
        && groups.len() == 2
        && let Ok(n) = groups.concat().parse()
    {
        return GlotipValue::Repaired(n);
    }
    if grouped {
        return GlotipValue::NotACount(format!(
            "'{text}' is not a count: a comma-grouped value of a million or more, which in UNODC's file is a \
             questionnaire cell code run together with a year; the row is left out"
        ));
    }
    if text.is_empty() {
        return GlotipValue::Invalid("the value is missing".into());
    }
    GlotipValue::Invalid(format!("'{text}' is not a count (a whole number, or '<5')"))
}

fn glotip(columns: &Columns, rows: &[Row], parsed: &mut Parsed) {
    for row in rows {
        let mut problems = Vec::new();
        let country = iso3(columns, row, "Iso3_code").unwrap_or_else(|p| {
            problems.push(p);
            None
        });
        let year = year(columns, row, "Year").unwrap_or_else(|p| {
            problems.push(p);
            0
        });
        let mut texts = Vec::new();
        for name in ["Indicator", "Dimension", "Category", "Sex", "Age"] {
            // A category the publisher left empty (some rows by citizenship) stays empty.
            if name == "Category" {
                texts.push(columns.cell(row, name).to_owned());
                continue;
            }
            match not_empty(columns, row, name) {
                Ok(t) => texts.push(t.to_owned()),
                Err(p) => problems.push(p),
            }
        }
        let unit = columns.cell(row, "Unit of measurement");
        if unit != "Counts" {
            problems.push(columns.reject(
                row,
                "Unit of measurement",
                format!("'{unit}' is not Counts, the only unit imported"),
            ));
        }
        let raw = columns.cell(row, "txtVALUE");
        let value = match glotip_value(raw) {
            GlotipValue::Read(v) => Some(v),
            GlotipValue::Repaired(n) => {
                parsed.repaired.push(columns.reject(
                    row,
                    "txtVALUE",
                    format!("'{raw}' read as {n} (thousands commas removed)"),
                ));
                Some(FigureValue::Count(n))
            }
            GlotipValue::NotACount(reason) => {
                if problems.is_empty() {
                    parsed.left_out.push(columns.reject(row, "txtVALUE", reason));
                }
                None
            }
            GlotipValue::Invalid(reason) => {
                problems.push(columns.reject(row, "txtVALUE", reason));
                None
            }
        };
        if !problems.is_empty() {
            parsed.rejected.extend(problems);
            continue;
        }
        let Some(value) = value else { continue };
        let [indicator, dimension, category, sex, age]: [String; 5] = match texts.try_into() {
            Ok(t) => t,
            Err(_) => continue,
        };
        parsed.figures.push(ReferenceFigure {
            indicator,
            country,
            country_name: columns.cell(row, "Country").to_owned(),
            year,
            dimension,
            category,
            sex,
            age,
            value,
            line: row.line,
        });
    }
}

/// A UNHCR count: empty is missing (`None`); anything else must be a whole number.
fn unhcr_count(columns: &Columns, row: &Row, name: &str) -> Result<Option<i64>, Rejection> {
    let text = columns.cell(row, name);
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i64>().ok().filter(|n| *n >= 0).map(Some).ok_or_else(|| {
        columns.reject(
            row,
            name,
            format!("'{text}' is not a count (a whole number; an empty cell is a missing value)"),
        )
    })
}

/// The sum of one measure for a year, a country and its role (origin or asylum), for cases or
/// persons: the country's name and the first line that went into it.
type SumKey = (String, String, &'static str, i32, String);

fn unhcr(columns: &Columns, rows: &[Row], parsed: &mut Parsed, measures: &[&'static str], unit: Option<&str>) {
    let mut sums: BTreeMap<SumKey, (String, i64, u64)> = BTreeMap::new();
    for row in rows {
        let mut problems = Vec::new();
        let year = year(columns, row, "year").unwrap_or_else(|p| {
            problems.push(p);
            0
        });
        let mut countries = Vec::new();
        for (iso, name, role) in [("coo_iso", "coo_name", ORIGIN), ("coa_iso", "coa_name", ASYLUM)] {
            match iso3(columns, row, iso) {
                Ok(Some(code)) => countries.push((code, columns.cell(row, name).to_owned(), role)),
                Ok(None) => problems.push(columns.reject(row, iso, "the country code is missing")),
                Err(p) => problems.push(p),
            }
        }
        // Codes kept as codes: `NA` is an application type and a decision level, not a gap.
        for code in ["procedure_type", "app_type", "dec_level"] {
            if columns.index.contains_key(code)
                && let Err(p) = not_empty(columns, row, code)
            {
                problems.push(p);
            }
        }
        let category = match unit {
            None => TOTAL.to_owned(),
            Some(name) => match columns.cell(row, name) {
                "C" => "cases".to_owned(),
                "P" => "persons".to_owned(),
                other => {
                    problems.push(columns.reject(row, name, format!("'{other}' is neither C (cases) nor P (persons)")));
                    String::new()
                }
            },
        };
        let mut values = Vec::new();
        for measure in measures {
            match unhcr_count(columns, row, measure) {
                Ok(Some(n)) => values.push((*measure, n)),
                Ok(None) => {}
                Err(p) => problems.push(p),
            }
        }
        if !problems.is_empty() {
            parsed.rejected.extend(problems);
            continue;
        }
        for (code, name, role) in &countries {
            for (measure, n) in &values {
                let entry = sums
                    .entry(((*measure).to_owned(), code.clone(), role, year, category.clone()))
                    .or_insert_with(|| (name.clone(), 0, row.line));
                entry.1 = entry.1.saturating_add(*n);
            }
        }
    }
    parsed.figures.extend(
        sums.into_iter().map(
            |((indicator, country, role, year, category), (name, sum, line))| ReferenceFigure {
                indicator,
                country: Some(country),
                country_name: name,
                year,
                dimension: role.to_owned(),
                category,
                sex: TOTAL.to_owned(),
                age: TOTAL.to_owned(),
                value: FigureValue::Count(sum),
                line,
            },
        ),
    );
}

/// The indicator US TIP tier placements are stored under.
pub const TIER: &str = "tier";

fn tiers(columns: &Columns, rows: &[Row], parsed: &mut Parsed) {
    for row in rows {
        let mut problems = Vec::new();
        let country = match iso3(columns, row, "iso") {
            Ok(Some(c)) => Some(c),
            Ok(None) => {
                problems.push(columns.reject(row, "iso", "the country code is missing"));
                None
            }
            Err(p) => {
                problems.push(p);
                None
            }
        };
        let year = year(columns, row, "year").unwrap_or_else(|p| {
            problems.push(p);
            0
        });
        let raw = columns.cell(row, "tier");
        let tier = normalise_tier(raw).unwrap_or_else(|p| {
            problems.push(columns.reject(row, "tier", p.to_string()));
            None
        });
        if !problems.is_empty() {
            parsed.rejected.extend(problems);
            continue;
        }
        match tier {
            Some(tier) => {
                let mut figure = ReferenceFigure::total(
                    TIER,
                    country.as_deref(),
                    columns.cell(row, "countryname"),
                    year,
                    FigureValue::Text(tier.to_owned()),
                );
                figure.line = row.line;
                parsed.figures.push(figure);
            }
            None => parsed
                .left_out
                .push(columns.reject(row, "tier", format!("'{raw}': not ranked in {year}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn read_text(source: ReferenceSource, text: &str) -> Parsed {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("file.csv");
        std::fs::write(&path, text).unwrap();
        read(source, &path, &ReadOptions::default()).unwrap()
    }

    const GLOTIP_HEADER: &str = "Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,txtVALUE,Source\n";

    fn glotip_row(iso: &str, sex: &str, year: &str, value: &str) -> String {
        format!(
            "{iso},Belarus,Europe,Eastern Europe,Detected trafficking victims,Total,Total,{sex},Total,{year},Counts,\"{value}\",GLOTIP\n"
        )
    }

    #[test]
    fn glotip_values_follow_the_stated_rules() {
        assert_eq!(glotip_value("126"), GlotipValue::Read(FigureValue::Count(126)));
        assert_eq!(glotip_value("<5"), GlotipValue::Read(FigureValue::LessThan(5)));
        assert_eq!(glotip_value("1,192"), GlotipValue::Repaired(1192));
        assert!(matches!(glotip_value("6,112,019"), GlotipValue::NotACount(_)));
        assert!(matches!(glotip_value("61,102,020"), GlotipValue::NotACount(_)));
        for bad in ["", "abc", "1,19", "12,3456", "1.5", "-3", "<", "<x", ",123"] {
            assert!(matches!(glotip_value(bad), GlotipValue::Invalid(_)), "{bad}");
        }
    }

    #[test]
    fn glotip_keeps_less_than_five_repairs_thousands_and_leaves_out_cell_codes() {
        let text = format!(
            "{GLOTIP_HEADER}{}{}{}{}",
            glotip_row("BLR", "Total", "2019", "126"),
            glotip_row("BLR", "Male", "2019", "<5"),
            glotip_row("ARG", "Total", "2018", "1,531"),
            glotip_row("PAK", "Total", "2019", "6,112,019"),
        );
        let parsed = read_text(ReferenceSource::UnodcGlotip, &text);
        assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
        assert_eq!(parsed.rows, 4);
        let values: Vec<_> = parsed.figures.iter().map(|f| (f.line, f.value.clone())).collect();
        assert_eq!(
            values,
            [
                (2, FigureValue::Count(126)),
                (3, FigureValue::LessThan(5)),
                (4, FigureValue::Count(1531))
            ]
        );
        assert_eq!(parsed.repaired.len(), 1);
        assert_eq!(
            (parsed.left_out[0].line, parsed.left_out[0].column.as_str()),
            (5, "txtVALUE")
        );
        assert!(parsed.figures[0].is_total());
        assert_eq!(parsed.figures[1].sex, "Male");
    }

    #[test]
    fn a_glotip_row_that_cannot_be_read_is_rejected_by_line_and_column() {
        let text = format!(
            "{GLOTIP_HEADER}{}{}{}",
            glotip_row("BLR", "Total", "2019", "12O"),
            glotip_row("Belarus", "Total", "twenty", "5"),
            glotip_row("", "Total", "2017", "<5"),
        );
        let parsed = read_text(ReferenceSource::UnodcGlotip, &text);
        let problems: Vec<_> = parsed.rejected.iter().map(|r| (r.line, r.column.as_str())).collect();
        assert_eq!(problems, [(2, "txtVALUE"), (3, "Iso3_code"), (3, "Year")]);
        assert!(parsed.rejected[0].reason.contains("'12O' is not a count"));
        // No ISO3 code (UNODC's Sark) is not a problem: the name is kept.
        assert_eq!(parsed.figures.len(), 1);
        assert_eq!(parsed.figures[0].country, None);
    }

    #[test]
    fn a_missing_column_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("file.csv");
        std::fs::write(&path, "Iso3_code,Country,Year\nBLR,Belarus,2019\n").unwrap();
        let error = read(ReferenceSource::UnodcGlotip, &path, &ReadOptions::default()).unwrap_err();
        assert!(error.to_string().contains("no 'Indicator' column"), "{error}");
    }

    #[test]
    fn unhcr_na_is_a_code_empty_is_missing_and_rows_sum_by_origin_and_asylum() {
        let text = "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,procedure_type,app_type,dec_level,app_pc,applied\n\
            2023,Belarus,BLR,BLR,Lithuania,LIT,LTU,G,N,NA,P,100\n\
            2023,Belarus,BLR,BLR,Poland,POL,POL,G,NA,FI,P,20\n\
            2023,Belarus,BLR,BLR,Poland,POL,POL,G,N,FI,C,3\n\
            2023,Namibia,NAM,NAM,Belarus,BLR,BLR,G,N,FI,P,7\n";
        let parsed = read_text(ReferenceSource::UnhcrAsylumApplications, text);
        assert!(parsed.rejected.is_empty(), "{:?}", parsed.rejected);
        let get = |country: &str, dimension: &str, category: &str| {
            parsed
                .figures
                .iter()
                .find(|f| f.country.as_deref() == Some(country) && f.dimension == dimension && f.category == category)
                .map(|f| f.value.clone())
        };
        // The rows with app_type or dec_level NA count: NA is not a missing value.
        assert_eq!(get("BLR", ORIGIN, "persons"), Some(FigureValue::Count(120)));
        assert_eq!(get("BLR", ORIGIN, "cases"), Some(FigureValue::Count(3)));
        assert_eq!(get("BLR", ASYLUM, "persons"), Some(FigureValue::Count(7)));
        assert_eq!(get("NAM", ORIGIN, "persons"), Some(FigureValue::Count(7)));
        assert_eq!(get("POL", ASYLUM, "persons"), Some(FigureValue::Count(20)));
    }

    #[test]
    fn unhcr_population_skips_empty_cells_and_rejects_text_in_a_count() {
        let text = "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,returned_refugees,idps,returned_idps,stateless,ooc,oip,hst\n\
            2022,Belarus,BLR,BLR,Poland,POL,POL,10,2,0,0,0,0,0,,0\n\
            2022,Belarus,BLR,BLR,Lithuania,LIT,LTU,NA,2,0,0,0,0,0,,0\n";
        let parsed = read_text(ReferenceSource::UnhcrPopulation, text);
        assert_eq!(parsed.rejected.len(), 1);
        assert_eq!(
            (parsed.rejected[0].line, parsed.rejected[0].column.as_str()),
            (3, "refugees")
        );
        assert!(parsed.figures.iter().all(|f| f.indicator != "oip"));
    }

    #[test]
    fn tiers_are_trimmed_watchlist_named_and_na_left_out() {
        let text = "\"countryname\",\"iso\",\"year\",\"ccode\",\"tier\"\n\
            \"Belarus\",\"BLR\",2007,370,\"Watchlist    \"\n\
            \"Belarus\",\"BLR\",2008,370,\"Tier 2    \"\n\
            \"Afghanistan\",\"AFG\",1999,700,NA\n\
            \"Belarus\",\"BLR\",2016,370,\"Tier 5\"\n";
        let parsed = read_text(ReferenceSource::UsTipTiers, text);
        let tiers: Vec<_> = parsed.figures.iter().map(|f| (f.year, f.value.to_string())).collect();
        assert_eq!(
            tiers,
            [(2007, "Tier 2 Watch List".to_owned()), (2008, "Tier 2".to_owned())]
        );
        assert_eq!(parsed.left_out.len(), 1);
        assert_eq!(
            (parsed.rejected[0].line, parsed.rejected[0].column.as_str()),
            (5, "tier")
        );
    }
}
