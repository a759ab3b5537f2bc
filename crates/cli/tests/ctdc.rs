//! CTDC's victim-perpetrator synthetic data set imported as trafficking cases, on SQLite and
//! PostgreSQL: Haven's statistics give exactly the count of every value of every variable that
//! the TabStat sheet of CTDC's own data dictionary publishes, and its missing values.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;

use support::{Fresh, repo_file, stderr, stdout};

const DATA: &str = "crates/exchange/data/ctdc/CTDC_VPsynthetic_condensed.csv";
const TABSTAT: &str = "crates/exchange/data/ctdc/CTDC_VPsynthetic_dict_20221201_TabStat.csv";

/// One variable of the TabStat sheet: the count of each valid value, the missing ones, all.
#[derive(Debug, Default)]
struct Tab {
    valid: BTreeMap<String, i64>,
    missing: i64,
    total: i64,
}

/// The sheet: a line naming the variable, then `Valid,VALUE,FREQ,...` and `,VALUE,FREQ,...`
/// rows, `,Total,...`, `Missing,...,FREQ`, `Total,,FREQ`.
fn tabstat() -> BTreeMap<String, Tab> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(repo_file(TABSTAT))
        .unwrap();
    let mut tabs: BTreeMap<String, Tab> = BTreeMap::new();
    let mut current: Option<String> = None;
    for record in reader.records() {
        let cells: Vec<String> = record.unwrap().iter().map(str::to_owned).collect();
        let cell = |i: usize| cells.get(i).map_or("", String::as_str);
        let number = |i: usize| cell(i).parse::<i64>().unwrap();
        match (cell(0), cell(1)) {
            (name, label)
                if !name.is_empty() && !matches!(name, "Valid" | "Missing" | "Total") && !label.is_empty() =>
            {
                current = Some(name.to_owned());
                tabs.entry(name.to_owned()).or_default();
            }
            ("Valid" | "", value) if !value.is_empty() && value != "Total" && cell(2) != "Freq." => {
                let tab = tabs.get_mut(current.as_ref().unwrap()).unwrap();
                tab.valid.insert(value.to_owned(), number(2));
            }
            ("Missing", _) => tabs.get_mut(current.as_ref().unwrap()).unwrap().missing = number(2),
            ("Total", _) => tabs.get_mut(current.as_ref().unwrap()).unwrap().total = number(2),
            _ => {}
        }
    }
    tabs
}

/// The breakdown Haven gives for a variable, by CTDC's value.
fn haven_counts(db: &Fresh, variable: &str) -> (i64, BTreeMap<String, i64>) {
    let (by, rename): (&str, fn(&str) -> Option<String>) = match variable {
        "gender" => ("sex", |v| match v {
            "F" => Some("Female".into()),
            "M" => Some("Male".into()),
            _ => None,
        }),
        "isForcedLabour" => ("exploitation", |v| (v == "ForcedLabour").then(|| "1".into())),
        "isSexualExploit" => ("exploitation", |v| (v == "SexualExploitation").then(|| "1".into())),
        _ => ("", |v| (v != "unknown").then(|| v.to_owned())),
    };
    let by = if by.is_empty() {
        format!("ctdc:{variable}")
    } else {
        by.to_owned()
    };
    let output = db.haven(&[
        "stats",
        "trafficking.victim_records",
        "--period",
        "2000-01-01..2025-12-31",
        "--threshold",
        "0",
        "--by",
        &by,
        "--format",
        "json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let mut counts = BTreeMap::new();
    for cell in json["breakdown"].as_array().unwrap() {
        if let Some(value) = rename(cell[by.as_str()].as_str().unwrap()) {
            counts.insert(value, cell["value"].as_i64().unwrap());
        }
    }
    (json["value"].as_i64().unwrap(), counts)
}

fn the_tabstat_counts_are_reproduced(db: &Fresh) {
    assert!(db.haven(&["init"]).status.success());
    let data = repo_file(DATA);
    let output = db.haven(&["import", "ctdc", data.to_str().unwrap()]);
    assert!(output.status.success(), "{}{}", stdout(&output), stderr(&output));
    assert!(
        stdout(&output).contains("imported 21195 new of 21195 rows"),
        "{}",
        stdout(&output)
    );

    let tabs = tabstat();
    assert_eq!(tabs.len(), 16, "every variable of the data set: {:?}", tabs.keys());
    let mut compared = Vec::new();
    for (variable, tab) in &tabs {
        let (total, counts) = haven_counts(db, variable);
        assert_eq!(total, tab.total, "{variable}: records");
        assert_eq!(&counts, &tab.valid, "{variable}: the count of each value");
        assert_eq!(total - counts.values().sum::<i64>(), tab.missing, "{variable}: missing");
        compared.push(format!("{variable} {:?} missing {}", tab.valid, tab.missing));
    }
    println!("TabStat reproduced:\n{}", compared.join("\n"));

    // The same records with semicolons and a leading column of row numbers (as copies of the
    // data set circulate) are the same rows: nothing new.
    let semicolons = db.path("ctdc-semicolons.csv");
    let mut reader = csv::Reader::from_path(&data).unwrap();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_path(&semicolons)
        .unwrap();
    let mut header = vec![String::new()];
    header.extend(reader.headers().unwrap().iter().map(str::to_owned));
    writer.write_record(&header).unwrap();
    for (i, record) in reader.records().enumerate() {
        let mut row = vec![(i + 1).to_string()];
        row.extend(record.unwrap().iter().map(str::to_owned));
        writer.write_record(&row).unwrap();
    }
    writer.flush().unwrap();
    let output = db.haven(&["import", "ctdc", semicolons.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("0 new of 21195 rows; 21195 imported before and unchanged"),
        "{}",
        stdout(&output)
    );
}

/// National records and CTDC's synthetic global ones never share a database.
fn a_database_with_cases_of_its_own_is_refused(db: &Fresh) {
    assert!(db.haven(&["init"]).status.success());
    assert!(db.haven(&["demo", "--scale", "0.01"]).status.success());
    let output = db.haven(&["import", "ctdc", repo_file(DATA).to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("a database of their own"),
        "{}",
        stderr(&output)
    );
}

/// What `haven export ctdc` writes, `haven import ctdc` reads back: exported again (k = 1, no
/// generalisation), the same rows.
fn the_global_layout_reads_back_as_it_was_written(target: &Fresh) {
    let source = Fresh::sqlite();
    assert!(source.haven(&["init"]).status.success());
    assert!(source.haven(&["demo", "--scale", "0.2"]).status.success());
    let written = source.path("victims.csv");
    let output = source.haven(&["export", "ctdc", "--k", "5", "-o", written.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));

    assert!(target.haven(&["init"]).status.success());
    let output = target.haven(&["import", "ctdc", written.to_str().unwrap()]);
    assert!(output.status.success(), "{}{}", stdout(&output), stderr(&output));
    let again = target.path("again.csv");
    let output = target.haven(&["export", "ctdc", "--k", "1", "-o", again.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));

    let rows = |path: &std::path::Path| {
        let mut reader = csv::Reader::from_path(path).unwrap();
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        let mut rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        rows.sort();
        (header, rows)
    };
    let (header, before) = rows(&written);
    let (header_again, after) = rows(&again);
    assert_eq!(header, header_again);
    assert!(before.len() > 500, "{} rows", before.len());
    assert_eq!(before.len(), after.len());
    for (a, b) in before.iter().zip(&after) {
        assert_eq!(a, b, "a row changed on the way back (columns: {header:?})");
    }
    // The age bands of the file are the statistics' too.
    let (_, bands) = haven_counts(target, "ageBroad");
    let column = header.iter().position(|h| h == "ageBroad").unwrap();
    for (band, count) in &bands {
        let in_file = before.iter().filter(|r| &r[column] == band).count() as i64;
        assert_eq!(*count, in_file, "{band}");
    }
}

#[test]
fn sqlite_the_tabstat_counts_are_reproduced() {
    the_tabstat_counts_are_reproduced(&Fresh::sqlite());
    a_database_with_cases_of_its_own_is_refused(&Fresh::sqlite());
    the_global_layout_reads_back_as_it_was_written(&Fresh::sqlite());
}

#[test]
fn postgres_the_tabstat_counts_are_reproduced() {
    the_tabstat_counts_are_reproduced(&Fresh::postgres());
    the_global_layout_reads_back_as_it_was_written(&Fresh::postgres());
}
