//! Person records as linkage reads them, and the TSV format of
//! `haven link eval` and `haven link generate`.
//!
//! Columns (header required, any order, other columns ignored):
//! `unique_id, first_name, last_name, patronymic, dob, sex` and optionally
//! `citizenship` (ISO 3166 alpha-3), `document_no` and `address`. `dob` is
//! `YYYY-MM-DD`, `YYYY` or empty; `sex` is `F`, `M` or empty; `address` is
//! where the person lives or was met, free text (street, town, postcode). A generated file
//! also has `cluster_id`, the true person, which linkage never reads.

use std::collections::HashSet;
use std::fmt;
use std::io::{BufRead, Write};

/// Why a TSV could not be read. Messages carry line numbers, never field
/// values: a file of person records must not leak into logs.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("could not read line {line}: {source}")]
    Io { line: usize, source: std::io::Error },
    #[error("the file is empty: a header line is required")]
    Empty,
    #[error("the header has no `{0}` column")]
    MissingColumn(&'static str),
    #[error("line {line}: {reason}")]
    Malformed { line: usize, reason: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    Female,
    Male,
}

/// A date of birth known to the day, or only to the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Dob {
    pub year: Option<u16>,
    /// Month and day, both known or neither.
    pub month_day: Option<(u8, u8)>,
}

impl Dob {
    pub const UNKNOWN: Dob = Dob {
        year: None,
        month_day: None,
    };

    /// Reads `YYYY-MM-DD`, `YYYY` or the empty string.
    pub fn parse(text: &str) -> Option<Dob> {
        let text = text.trim();
        if text.is_empty() {
            return Some(Dob::UNKNOWN);
        }
        let year = |y: &str| {
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .then(|| y.parse::<u16>().ok())
                .flatten()
                .filter(|&y| (1800..=2200).contains(&y))
        };
        if text.len() == 4 {
            return year(text).map(|y| Dob {
                year: Some(y),
                month_day: None,
            });
        }
        let mut parts = text.split('-');
        let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return None;
        };
        let y = year(y)?;
        let two = |s: &str| (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u8>().ok())?;
        let (m, d) = (two(m)?, two(d)?);
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&d).then_some(Dob {
            year: Some(y),
            month_day: Some((m, d)),
        })
    }
}

impl fmt::Display for Dob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.year, self.month_day) {
            (Some(y), Some((m, d))) => write!(f, "{y:04}-{m:02}-{d:02}"),
            (Some(y), None) => write!(f, "{y:04}"),
            _ => Ok(()),
        }
    }
}

/// One record of a person, as one agency wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Record {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub patronymic: String,
    pub dob: Dob,
    pub sex: Option<Sex>,
    /// ISO 3166 alpha-3, upper case.
    pub citizenship: Option<String>,
    pub document_no: Option<String>,
    pub address: Option<String>,
}

/// The records of a file, and the true person of each if the file says.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub records: Vec<Record>,
    /// `cluster_id` per record, for measuring linkage on generated files.
    pub truth: Option<Vec<String>>,
}

const COLUMNS: [&str; 6] = ["unique_id", "first_name", "last_name", "patronymic", "dob", "sex"];

/// Reads a TSV (see the module documentation). Fields are not quoted; a
/// field cannot contain a tab or a line break.
pub fn read_tsv(input: impl BufRead) -> Result<Dataset, ReadError> {
    let mut lines = input.lines();
    let header = match lines.next() {
        None => return Err(ReadError::Empty),
        Some(line) => line.map_err(|source| ReadError::Io { line: 1, source })?,
    };
    let header: Vec<&str> = header.trim_end_matches('\r').split('\t').map(str::trim).collect();
    let column = |name: &'static str| header.iter().position(|h| *h == name);
    let mut required = [0usize; 6];
    for (slot, name) in required.iter_mut().zip(COLUMNS) {
        *slot = column(name).ok_or(ReadError::MissingColumn(name))?;
    }
    let [id_at, first_at, last_at, patronymic_at, dob_at, sex_at] = required;
    let citizenship_at = column("citizenship");
    let document_at = column("document_no");
    let address_at = column("address");
    let truth_at = column("cluster_id");

    let mut dataset = Dataset {
        records: Vec::new(),
        truth: truth_at.map(|_| Vec::new()),
    };
    let mut seen: HashSet<String> = HashSet::new();
    for (index, line) in lines.enumerate() {
        let number = index + 2;
        let line = line.map_err(|source| ReadError::Io { line: number, source })?;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let malformed = |reason: String| ReadError::Malformed { line: number, reason };
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != header.len() {
            return Err(malformed(format!(
                "{} fields where the header has {}",
                fields.len(),
                header.len()
            )));
        }
        let field = |at: usize| fields[at].trim();
        let id = field(id_at);
        if id.is_empty() {
            return Err(malformed("empty unique_id".into()));
        }
        if !seen.insert(id.to_owned()) {
            return Err(malformed("unique_id repeats an earlier row's".into()));
        }
        let dob = Dob::parse(field(dob_at))
            .ok_or_else(|| malformed("dob is not a date YYYY-MM-DD, a year YYYY or empty".into()))?;
        let sex = match field(sex_at) {
            "" | "U" | "u" => None,
            "F" | "f" => Some(Sex::Female),
            "M" | "m" => Some(Sex::Male),
            _ => return Err(malformed("sex is not F, M or empty".into())),
        };
        let citizenship = match citizenship_at.map(field).unwrap_or_default() {
            "" => None,
            code if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) => Some(code.to_ascii_uppercase()),
            _ => return Err(malformed("citizenship is not an ISO 3166 alpha-3 code".into())),
        };
        let document_no = document_at.map(field).filter(|d| !d.is_empty()).map(str::to_owned);
        let address = address_at.map(field).filter(|a| !a.is_empty()).map(str::to_owned);
        if let (Some(truth), Some(at)) = (dataset.truth.as_mut(), truth_at) {
            truth.push(field(at).to_owned());
        }
        dataset.records.push(Record {
            id: id.to_owned(),
            first_name: field(first_at).to_owned(),
            last_name: field(last_at).to_owned(),
            patronymic: field(patronymic_at).to_owned(),
            dob,
            sex,
            citizenship,
            document_no,
            address,
        });
    }
    Ok(dataset)
}

/// Writes records in the format [`read_tsv`] reads, with `agency` and
/// `cluster_id` columns when `extra` gives them.
pub fn write_tsv<'a>(
    mut out: impl Write,
    rows: impl IntoIterator<Item = (&'a Record, Option<(&'a str, &'a str)>)>,
) -> std::io::Result<()> {
    writeln!(
        out,
        "unique_id\tfirst_name\tlast_name\tpatronymic\tdob\tsex\tcitizenship\tdocument_no\taddress\tagency\tcluster_id"
    )?;
    for (r, extra) in rows {
        let sex = match r.sex {
            Some(Sex::Female) => "F",
            Some(Sex::Male) => "M",
            None => "",
        };
        let (agency, cluster) = extra.unwrap_or(("", ""));
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{sex}\t{}\t{}\t{}\t{agency}\t{cluster}",
            r.id,
            clean(&r.first_name),
            clean(&r.last_name),
            clean(&r.patronymic),
            r.dob,
            r.citizenship.as_deref().unwrap_or(""),
            clean(r.document_no.as_deref().unwrap_or("")),
            clean(r.address.as_deref().unwrap_or("")),
        )?;
    }
    out.flush()
}

/// A field without the characters that would break the row.
fn clean(field: &str) -> std::borrow::Cow<'_, str> {
    if field.contains(['\t', '\n', '\r']) {
        field.replace(['\t', '\n', '\r'], " ").into()
    } else {
        field.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_birth_full_partial_and_wrong() {
        assert_eq!(
            Dob::parse("1990-02-28"),
            Some(Dob {
                year: Some(1990),
                month_day: Some((2, 28))
            })
        );
        assert_eq!(Dob::parse("1990").and_then(|d| d.year), Some(1990));
        assert_eq!(Dob::parse(""), Some(Dob::UNKNOWN));
        for wrong in [
            "1990-02-30",
            "1991-13-01",
            "90",
            "1990-2-3",
            "12.03.1990",
            "1990-01-01-01",
        ] {
            assert_eq!(Dob::parse(wrong), None, "{wrong}");
        }
        assert!(Dob::parse("2000-02-29").is_some());
        assert_eq!(
            Dob::parse("2000-02-29").map(|d| d.to_string()),
            Some("2000-02-29".into())
        );
    }

    #[test]
    fn a_file_round_trips_and_a_bad_row_names_its_line() {
        let text = "unique_id\tfirst_name\tlast_name\tpatronymic\tdob\tsex\textra\taddress\n\
                    a\tТатьяна\tБугаева\tИвановна\t1990-05-01\tF\tx\t12 Lenin St, Minsk\n\
                    b\tTATSIANA\tBUHAYEVA\t\t1990\t\ty\t\n";
        let data = read_tsv(text.as_bytes()).unwrap();
        assert_eq!(data.records.len(), 2);
        assert_eq!(data.records[1].sex, None);
        assert_eq!(data.records[0].address.as_deref(), Some("12 Lenin St, Minsk"));
        assert_eq!(data.records[1].address, None);
        assert!(data.truth.is_none());
        let mut out = Vec::new();
        write_tsv(&mut out, data.records.iter().map(|r| (r, None))).unwrap();
        let again = read_tsv(out.as_slice()).unwrap();
        assert_eq!(again.records, data.records);

        let bad = format!("{text}c\tA\tB\t\t1990-13-01\tF\tz\t\n");
        let error = read_tsv(bad.as_bytes()).unwrap_err().to_string();
        assert!(error.starts_with("line 4:"), "{error}");
        let short = format!("{text}c\tA\n");
        assert!(
            read_tsv(short.as_bytes())
                .unwrap_err()
                .to_string()
                .starts_with("line 4:")
        );
        let repeated = format!("{text}a\tA\tB\t\t\t\t\t\n");
        assert!(
            read_tsv(repeated.as_bytes())
                .unwrap_err()
                .to_string()
                .contains("line 4")
        );
        let missing = "unique_id\tfirst_name\n";
        assert!(matches!(
            read_tsv(missing.as_bytes()),
            Err(ReadError::MissingColumn("last_name"))
        ));
    }
}
