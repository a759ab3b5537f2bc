//! `haven import` as an administrator moving years of spreadsheets into Haven uses it, on
//! SQLite and PostgreSQL: files land whole or not at all, a second import of the same file
//! changes nothing, and every kind of broken file is refused with its line and column.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{Fresh, Raw, stderr, stdout};

const PERSONS: &str = "\u{feff}key;family_name;given_name;patronymic;family_name_latin;given_name_latin;sex;birth_date;citizenship;document_kind;document_country;document_number
P1;Бугаева;Тацяна;Сяргееўна;BUHAYEVA;TATSIANA;F;1990-05;BLR;passport;BLR;MP1234567
P2;Al-Hassan;Mohammed;;;;M;1985;SYR;;;
";

const CASES: &str = "key,org,person,reference,opened_on,status,details.status,details.detected_on,details.identified_on,details.status_decided_by,details.exploitation,details.exploitation_country
C1,MIA,P1,MIA-2023-1,14.03.2023,Active,ActualVictimOfTrafficking,10.03.2023,20.03.2023,Police,SexualExploitation;ForcedLabour,RUS
C2,MIA,P2,MIA-2023-2,2023-04-01,Active,PossibleVictimOfTrafficking,2023-04-01,,,ForcedLabour,POL
";

const EVENTS: &str = "key,case,kind,occurred_on,notes
E1,C1,interview,21.03.2023,First interview <script>alert(1)</script> with an interpreter
";

fn write(db: &Fresh, name: &str, text: impl AsRef<[u8]>) -> String {
    let path = db.path(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn import(db: &Fresh, kind: &str, file: &str, more: &[&str]) -> std::process::Output {
    let mut args = vec!["import", kind, file];
    args.extend_from_slice(more);
    db.haven(&args)
}

fn succeeds(output: &std::process::Output) -> String {
    assert!(output.status.success(), "{}{}", stdout(output), stderr(output));
    stdout(output)
}

/// The import is refused, the message names the problem, and the error report has it too.
fn refused(db: &Fresh, output: &std::process::Output, expected: &[&str]) -> String {
    assert!(!output.status.success(), "{}", stdout(output));
    let message = stderr(output);
    let report = std::fs::read_to_string(db.path("import-errors.csv")).unwrap_or_default();
    for part in expected {
        assert!(
            message.contains(part) || report.contains(part),
            "'{part}' not in:\n{message}\n{report}"
        );
    }
    let _ = std::fs::remove_file(db.path("import-errors.csv"));
    message
}

async fn rows(raw: &Raw) -> [i64; 4] {
    [
        raw.count("SELECT COUNT(*) FROM persons").await,
        raw.count("SELECT COUNT(*) FROM cases").await,
        raw.count("SELECT COUNT(*) FROM events").await,
        raw.count("SELECT COUNT(*) FROM audit_log").await,
    ]
}

fn identified_in_2023(db: &Fresh) -> i64 {
    let output = db.haven(&[
        "stats",
        "trafficking.victims.identified",
        "--period",
        "2023",
        "--threshold",
        "0",
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&succeeds(&output)).unwrap();
    value["value"].as_i64().unwrap()
}

async fn files_land_whole_once_and_broken_files_are_refused(db: Fresh) {
    succeeds(&db.haven(&["init"]));
    succeeds(&db.haven(&[
        "org",
        "add",
        "--name",
        "Ministry of Internal Affairs",
        "--short-name",
        "MIA",
        "--kind",
        "LawEnforcement",
    ]));

    // Persons (semicolons, a byte-order mark, Cyrillic), their cases (day-first dates),
    // an event of a case: each names the earlier file's rows by key.
    let persons = write(&db, "persons.csv", PERSONS);
    assert!(succeeds(&import(&db, "persons", &persons, &[])).contains("imported 2 new of 2 rows"));
    let cases = write(&db, "cases.csv", CASES);
    assert!(succeeds(&import(&db, "trafficking-cases", &cases, &[])).contains("imported 2 new"));
    let events = write(&db, "events.csv", EVENTS);
    succeeds(&import(&db, "events", &events, &[]));
    assert_eq!(identified_in_2023(&db), 1, "the imported case counts in the statistics");

    let raw = db.raw().await;
    let landed = rows(&raw).await;
    assert_eq!(
        landed[..3],
        [2, 2, 3 + 2 + 1],
        "persons, cases, events (those the cases state, and the interview)"
    );
    let kept: i64 = raw
        .count("SELECT COUNT(*) FROM events WHERE kind = 'interview' AND notes IS NOT NULL")
        .await;
    assert_eq!(kept, 1, "the event's notes are kept (sealed)");

    // The same files again change nothing, not even the audit trail.
    for (kind, file) in [
        ("persons", &persons),
        ("trafficking-cases", &cases),
        ("events", &events),
    ] {
        let out = succeeds(&import(&db, kind, file, &[]));
        assert!(out.contains("imported 0 new") && out.contains("unchanged"), "{out}");
    }
    assert_eq!(rows(&raw).await, landed);

    // A row changed since it was imported is refused, the record kept as it is.
    let changed = write(
        &db,
        "changed.csv",
        CASES.replace("MIA-2023-2,2023-04-01", "MIA-2023-2,2023-04-02"),
    );
    refused(
        &db,
        &import(&db, "trafficking-cases", &changed, &[]),
        &["imported before with other values"],
    );

    // Broken files: a clear message with line and column, and nothing imported.
    let header = PERSONS.lines().next().unwrap().trim_start_matches('\u{feff}');
    let good = "P3;Иванова;Ольга;;;;F;1979;BLR;;;";
    let cases_of_broken: [(&str, String, Vec<&str>, Vec<&str>); 7] = [
        (
            "truncated.csv",
            format!("{header}\n{good}\nP4;Петрова;Анна;Ив"),
            vec![],
            vec!["truncated.csv,3,", "values and the header 12 columns"],
        ),
        (
            "comma.csv",
            format!("{header}\n{good}\n"),
            vec!["--delimiter", ","],
            vec!["no 'key' column", "key;family_name"],
        ),
        (
            "duplicate.csv",
            format!("{header}\n{good}\n{}\n", good.replace("Ольга", "Вольга")),
            vec![],
            vec!["duplicate.csv,3,key,", "is also on line 2"],
        ),
        (
            "formula.csv",
            format!("{header}\n{good}\nP5;=cmd|' /C calc'!A0;Anna;;;;F;;BLR;;;\n"),
            vec![],
            vec!["formula.csv,3,family_name,", "formulas are not imported"],
        ),
        (
            "bad-values.csv",
            format!("{header}\n{good}\nP6;Smith;Anna;;;;female;2090;XXX;;;\n"),
            vec![],
            vec!["bad-values.csv,3,sex,"],
        ),
        (
            "future.csv",
            format!("{header}\n{good}\nP7;Smith;Anna;;;;F;2090;BLR;;;\n"),
            vec![],
            vec!["future.csv,3,birth_date,"],
        ),
        (
            "large.csv",
            format!("{header}\n{good}\n"),
            vec!["--max-size", "100"],
            vec!["more than the limit of 100"],
        ),
    ];
    for (name, text, flags, expected) in &cases_of_broken {
        let file = write(&db, name, text);
        refused(&db, &import(&db, "persons", &file, flags), expected);
    }

    // Windows-1251 is named, and read when asked for.
    let text = format!("{header}\n{good}\n");
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(&text);
    let file = write(&db, "cp1251.csv", &cp1251);
    refused(
        &db,
        &import(&db, "persons", &file, &[]),
        &["line 2 is not UTF-8", "--encoding windows-1251"],
    );
    let out = succeeds(&import(
        &db,
        "persons",
        &file,
        &["--encoding", "windows-1251", "--dry-run"],
    ));
    assert!(out.contains("would import (dry run) 1 new"), "{out}");

    // The English source writes 09.16.2022: refused, then read with the mapping's format, and
    // the mapping renames a ministry's own column names.
    let month_first = write(
        &db,
        "month-first.csv",
        "Номер,organisation,person,reference,opened_on,status,details.status,details.detected_on,details.exploitation\n\
         C9,MIA,P2,MIA-2022-9,09.16.2022,Active,PossibleVictimOfTrafficking,09.16.2022,ForcedLabour\n",
    );
    let columns = "[columns]\n\"Номер\" = \"key\"\norganisation = \"org\"\n";
    let renamed = write(&db, "renamed.toml", columns);
    refused(
        &db,
        &import(&db, "trafficking-cases", &month_first, &["--mapping", &renamed]),
        &["month-first.csv,2,opened_on,", "16 is not a month", "%m.%d.%Y"],
    );
    let mapping = write(&db, "mapping.toml", format!("date_format = \"%m.%d.%Y\"\n{columns}"));
    let out = succeeds(&import(
        &db,
        "trafficking-cases",
        &month_first,
        &["--mapping", &mapping, "--dry-run"],
    ));
    assert!(out.contains("would import (dry run) 1 new"), "{out}");

    assert_eq!(rows(&raw).await, landed, "no broken file or dry run wrote anything");
    raw.close().await;

    // A workbook reads like a CSV file; a formula in a cell is refused.
    let xlsx = db.path("persons.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (row, line) in [header, "P8;Сідарава;Алена;;;;F;2001-02-03;BLR;;;"].iter().enumerate() {
        for (col, cell) in line.split(';').enumerate() {
            sheet.write_string(row as u32, col as u16, cell).unwrap();
        }
    }
    book.save(&xlsx).unwrap();
    let out = succeeds(&import(&db, "persons", xlsx.to_str().unwrap(), &["--dry-run"]));
    assert!(out.contains("1 new of 1 rows"), "{out}");
    sheet_with_formula(&xlsx, header);
    refused(
        &db,
        &import(&db, "persons", xlsx.to_str().unwrap(), &[]),
        &["persons.xlsx,2,family_name,", "formula"],
    );

    // A large file (prepared on two threads): every person lands with the look-ups that find
    // them.
    let many: Vec<String> = (0..2_500)
        .map(|i| format!("M{i};Иванова;Вольга;;;;F;1980;BLR;passport;BLR;KH{i:07}"))
        .collect();
    let many = many.join("\n");
    let file = write(&db, "many.csv", format!("{header}\n{many}"));
    assert!(succeeds(&import(&db, "persons", &file, &[])).contains("imported 2500 new"));
    let raw = db.raw().await;
    assert_eq!(raw.count("SELECT COUNT(*) FROM persons").await, 2 + 2_500);
    assert_eq!(
        raw.count("SELECT COUNT(DISTINCT person_id) FROM person_lookup WHERE kind = 'document'")
            .await,
        1 + 2_500,
        "each imported document can be searched for"
    );
    raw.close().await;
}

fn sheet_with_formula(path: &std::path::Path, header: &str) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, cell) in header.split(';').enumerate() {
        sheet.write_string(0, col as u16, cell).unwrap();
    }
    sheet.write_string(1, 0, "P9").unwrap();
    sheet.write_formula(1, 1, "=CONCATENATE(\"A\",\"B\")").unwrap();
    sheet.write_string(1, 6, "F").unwrap();
    book.save(path).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_files_land_whole_once_and_broken_files_are_refused() {
    files_land_whole_once_and_broken_files_are_refused(Fresh::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_files_land_whole_once_and_broken_files_are_refused() {
    files_land_whole_once_and_broken_files_are_refused(Fresh::postgres()).await;
}
