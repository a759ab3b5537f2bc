//! UNODC GLOTIP rows: a year's national figures in the column layout of UNODC's country data
//! (`data_glotip.xlsx`), with small counts written `<5` as UNODC does and complementary
//! suppression within each block of rows that add up.

use haven_domain::country::CountryCode;
use haven_domain::period::Period;
use haven_stats::catalogue::Dimension;
use haven_stats::disclosure::{Shown, hidden_label, protect};
use haven_stats::{Cell, FactBase, Figure, evaluate};
use serde::Serialize;

use crate::ReportError;

/// The header of UNODC's file, column for column.
pub const HEADER: [&str; 13] = [
    "Iso3_code",
    "Country",
    "Region",
    "Subregion",
    "Indicator",
    "Dimension",
    "Category",
    "Sex",
    "Age",
    "Year",
    "Unit of measurement",
    "txtVALUE",
    "Source",
];

/// The article of the Criminal Code on trafficking in persons: GLOTIP's offences, persons
/// prosecuted and convicted are those of this article.
pub const TRAFFICKING_ARTICLE: &str = "181";

/// One row of the GLOTIP layout.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GlotipRow {
    pub indicator: &'static str,
    pub dimension: &'static str,
    pub category: String,
    pub sex: String,
    pub age: String,
    /// The count, or `<5`.
    pub value: String,
}

fn sex_label(code: &str) -> &'static str {
    match code {
        "F" => "Female",
        "M" => "Male",
        "total" => "Total",
        _ => "Unknown",
    }
}

fn age_label(group: &str) -> &'static str {
    match group {
        "0-17" => "0 to 17 years",
        "unknown" => "Unknown",
        "total" => "Total",
        _ => "18 years or over",
    }
}

fn exploitation_label(code: &str) -> String {
    match code {
        "SexualExploitation" => "Sexual exploitation".into(),
        "ForcedLabour" => "Forced labour".into(),
        _ => "Other forms of exploitation".into(),
    }
}

fn citizenship_label(code: &str) -> String {
    CountryCode::parse(code).map_or_else(|_| "Unknown".into(), |c| c.info().name_en.to_owned())
}

/// Merge cells whose keys map to the same labels (age groups into minors and adults): counts
/// add up.
fn merge(cells: &[Cell], relabel: &dyn Fn(&[String]) -> Vec<String>) -> Vec<Cell> {
    let mut merged: Vec<Cell> = Vec::new();
    for cell in cells {
        let keys = relabel(&cell.keys);
        match merged.iter_mut().find(|c| c.keys == keys) {
            Some(existing) => {
                existing.value += cell.value;
                existing.contributors += cell.contributors;
            }
            None => merged.push(Cell { keys, ..cell.clone() }),
        }
    }
    merged
}

fn shown(value: Shown, threshold: u64) -> String {
    match value {
        Shown::Value(v) => format!("{v:.0}"),
        Shown::Hidden => hidden_label(threshold),
    }
}

/// Detected victims by sex and age: the total, each sex, each age, each pair.
fn by_sex_and_age(figure: &Figure, threshold: u64, indicator: &'static str, rows: &mut Vec<GlotipRow>) {
    let relabel = |dimensions: &[&str], keys: &[String]| -> Vec<String> {
        keys.iter()
            .zip(dimensions)
            .map(|(k, d)| {
                if *d == "sex" {
                    sex_label(k).to_owned()
                } else {
                    age_label(k).to_owned()
                }
            })
            .collect()
    };
    let merged = Figure {
        cells: merge(&figure.cells, &|keys| relabel(&figure.dimensions, keys)),
        margins: figure
            .margins
            .iter()
            .enumerate()
            .map(|(axis, m)| merge(m, &|keys| relabel(&figure.dimensions[axis..=axis], keys)))
            .collect(),
        ..figure.clone()
    };
    let protected = protect(&merged, true, threshold);
    let mut push = |sex: &str, age: &str, value: Shown| {
        rows.push(GlotipRow {
            indicator,
            dimension: "Total",
            category: "Total".into(),
            sex: sex.to_owned(),
            age: age.to_owned(),
            value: shown(value, threshold),
        });
    };
    push("Total", "Total", protected.value);
    for cell in &protected.margins[0] {
        push(&cell.keys[0], "Total", cell.shown);
    }
    for cell in &protected.margins[1] {
        push("Total", &cell.keys[0], cell.shown);
    }
    for cell in &protected.cells {
        push(&cell.keys[0], &cell.keys[1], cell.shown);
    }
}

/// One breakdown of detected victims (by form of exploitation, by citizenship).
fn by_category(
    figure: &Figure,
    threshold: u64,
    dimension: &'static str,
    label: &dyn Fn(&str) -> String,
    rows: &mut Vec<GlotipRow>,
) {
    let merged = Figure {
        cells: merge(&figure.cells, &|keys| vec![label(&keys[0])]),
        ..figure.clone()
    };
    let protected = protect(&merged, true, threshold);
    for cell in &protected.cells {
        rows.push(GlotipRow {
            indicator: "Detected trafficking victims",
            dimension,
            category: cell.keys[0].clone(),
            sex: "Total".into(),
            age: "Total".into(),
            value: shown(cell.shown, threshold),
        });
    }
}

/// Offences, persons prosecuted or convicted under the trafficking article: the total, and by
/// sex for persons.
fn under_trafficking_article(
    base: &FactBase,
    id: &str,
    indicator: &'static str,
    period: Period,
    threshold: u64,
    with_sex: bool,
    rows: &mut Vec<GlotipRow>,
) -> Result<(), ReportError> {
    let definition = haven_stats::indicator(id)?;
    let article = Dimension::Attribute("article");
    let by: Vec<Dimension> = if with_sex {
        vec![article, Dimension::Sex]
    } else {
        vec![article]
    };
    let figure = evaluate(base, definition, period, &by)?;
    let of_article = |cells: &[Cell]| -> Vec<Cell> {
        cells
            .iter()
            .filter(|c| c.keys[0] == TRAFFICKING_ARTICLE)
            .map(|c| Cell {
                keys: c.keys[1..].to_vec(),
                ..c.clone()
            })
            .collect()
    };
    let total = figure
        .margins
        .first()
        .map_or_else(|| of_article(&figure.cells), |m| of_article(m))
        .first()
        .map_or((0.0, 0), |c| (c.value, c.contributors));
    let sub = Figure {
        value: total.0,
        contributors: total.1,
        dimensions: if with_sex { vec!["sex"] } else { Vec::new() },
        cells: if with_sex {
            of_article(&figure.cells)
        } else {
            Vec::new()
        },
        margins: Vec::new(),
        ..figure.clone()
    };
    let protected = protect(&sub, true, threshold);
    let mut push = |sex: &str, value: Shown| {
        rows.push(GlotipRow {
            indicator,
            dimension: "Total",
            category: "Total".into(),
            sex: sex.to_owned(),
            age: "Total".into(),
            value: shown(value, threshold),
        });
    };
    push("Total", protected.value);
    for cell in &protected.cells {
        push(sex_label(&cell.keys[0]), cell.shown);
    }
    Ok(())
}

/// The GLOTIP rows of `year`.
pub fn glotip_rows(base: &FactBase, year: i32, threshold: u64) -> Result<Vec<GlotipRow>, ReportError> {
    let period = Period::year(year).map_err(|e| ReportError::Definition(e.to_string()))?;
    let victims = haven_stats::indicator("trafficking.victims.identified")?;
    let mut rows = Vec::new();
    let by_sex_age = evaluate(base, victims, period, &[Dimension::Sex, Dimension::AgeGroup])?;
    by_sex_and_age(&by_sex_age, threshold, "Detected trafficking victims", &mut rows);
    let forms = evaluate(base, victims, period, &[Dimension::Codes("exploitation")])?;
    by_category(
        &forms,
        threshold,
        "by form of exploitation",
        &|c| exploitation_label(c),
        &mut rows,
    );
    let citizenship = evaluate(base, victims, period, &[Dimension::Citizenship])?;
    by_category(
        &citizenship,
        threshold,
        "by citizenship",
        &|c| citizenship_label(c),
        &mut rows,
    );
    under_trafficking_article(
        base,
        "criminal.cases.initiated",
        "Offences of trafficking in persons",
        period,
        threshold,
        false,
        &mut rows,
    )?;
    for (id, indicator) in [
        ("criminal.persons.prosecuted", "Persons prosecuted"),
        ("criminal.persons.convicted", "Persons convicted"),
    ] {
        under_trafficking_article(base, id, indicator, period, threshold, true, &mut rows)?;
    }
    Ok(rows)
}

/// The indicators the GLOTIP rows read.
pub const INDICATORS: [&str; 4] = [
    "trafficking.victims.identified",
    "criminal.cases.initiated",
    "criminal.persons.prosecuted",
    "criminal.persons.convicted",
];

/// The rows as UNODC's CSV: the country's own columns, then each row.
pub fn glotip_csv(rows: &[GlotipRow], country: CountryCode, year: i32) -> String {
    let info = country.info();
    let area = |a: Option<haven_domain::country::M49Area>| a.map_or("", |a| a.name);
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(HEADER);
    for row in rows {
        let year = year.to_string();
        // Writing to memory cannot fail.
        let _ = writer.write_record([
            info.alpha3,
            info.name_en,
            area(info.region),
            area(info.subregion),
            row.indicator,
            row.dimension,
            &row.category,
            &row.sex,
            &row.age,
            &year,
            "Counts",
            &row.value,
            "Haven",
        ]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}
