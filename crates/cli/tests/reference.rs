//! `haven import` of external reference statistics from the files their publishers release
//! (UNODC GLOTIP, UNHCR, US TIP tiers), on SQLite and PostgreSQL: the figures checked by hand
//! against the files, a second import changing nothing, and the figures kept apart from
//! Haven's own records. The files are the publishers' own, cut down to every row about Belarus
//! and the rows that carry each file's traps (`crates/exchange/data/reference/extract.py`; the
//! US TIP file is whole), so every Belarus figure is the publisher's.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{Fresh, Raw, stderr, stdout};

fn data(name: &str) -> String {
    support::repo_file(&format!("crates/exchange/data/reference/{name}"))
        .display()
        .to_string()
}

fn succeeds(output: &std::process::Output) -> String {
    assert!(output.status.success(), "{}{}", stdout(output), stderr(output));
    stdout(output)
}

/// The one stored value of a query.
async fn value(raw: &Raw, source: &str, indicator: &str, country: &str, year: i32, more: &str) -> i64 {
    let sql = format!(
        "SELECT CAST(SUM(value) AS BIGINT) FROM reference_figures WHERE source = '{source}' AND indicator = '{indicator}' \
         AND country = '{country}' AND year = {year} {more}"
    );
    raw.count(&sql).await
}

async fn tiers(raw: &Raw, country_or_year: &str, tier: &str) -> i64 {
    raw.count(&format!(
        "SELECT COUNT(*) FROM reference_figures WHERE source = 'us-tip-tiers' AND {country_or_year} AND text_value = '{tier}'"
    ))
    .await
}

const GLOTIP_TOTAL: &str = "AND dimension = 'Total' AND category = 'Total' AND sex = 'Total' AND age = 'Total'";

async fn the_publishers_files_are_imported_once_and_kept_apart(db: Fresh) {
    let glotip = data("glotip.csv");
    let population = data("unhcr_population.csv");
    let applications = data("unhcr_asylum_applications.csv");
    let decisions = data("unhcr_asylum_decisions.csv");
    let tip = data("tip_tiers_orig.csv");
    succeeds(&db.haven(&["init"]));

    // US TIP tiers: the oracle of its SOURCE.txt.
    let out = succeeds(&db.haven(&["import", "us-tip-tiers", &tip]));
    assert!(
        out.contains("imported 2251 us-tip-tiers figures from 3208 rows"),
        "{out}"
    );
    assert!(out.contains("957 row(s) left out"), "{out}");
    let raw = db.raw().await;
    for (tier, count) in [
        ("Tier 1", 30),
        ("Tier 2", 89),
        ("Tier 2 Watch List", 44),
        ("Tier 3", 23),
    ] {
        assert_eq!(tiers(&raw, "year = 2015", tier).await, count, "{tier}");
    }
    let belarus = "country = 'BLR'";
    assert_eq!(tiers(&raw, belarus, "Tier 3").await, 3); // 2001, 2002, 2015
    assert_eq!(tiers(&raw, belarus, "Tier 2").await, 7); // 2003-2006, 2008-2010
    assert_eq!(tiers(&raw, belarus, "Tier 2 Watch List").await, 5); // 2007, 2011-2014
    assert_eq!(
        tiers(&raw, "country = 'BLR' AND year IN (2001, 2002, 2015)", "Tier 3").await,
        3
    );
    assert_eq!(
        tiers(
            &raw,
            "country = 'BLR' AND year IN (2007, 2011, 2012, 2013, 2014)",
            "Tier 2 Watch List"
        )
        .await,
        5
    );
    assert_eq!(
        raw.count("SELECT COUNT(*) FROM reference_figures WHERE text_value LIKE '% '")
            .await,
        0
    );

    // UNODC GLOTIP: Belarus checked by hand in the file; <5 kept as a qualifier.
    let out = succeeds(&db.haven(&["import", "unodc-glotip", &glotip]));
    assert!(out.contains("from 2242 rows"), "{out}");
    assert!(
        out.contains("128 row(s) left out; the first: line 104, txtVALUE: '6,112,019' is not a count"),
        "{out}"
    );
    assert!(out.contains("value(s) repaired; the first: line"), "{out}");
    let victims = "Detected trafficking victims";
    for (year, count) in [(2019, 126), (2020, 108), (2021, 244), (2022, 210)] {
        assert_eq!(
            value(&raw, "unodc-glotip", victims, "BLR", year, GLOTIP_TOTAL).await,
            count
        );
    }
    for (year, count) in [(2019, 93), (2020, 71), (2021, 111), (2022, 91)] {
        let offences = "Offences of trafficking in persons";
        assert_eq!(
            value(&raw, "unodc-glotip", offences, "BLR", year, GLOTIP_TOTAL).await,
            count
        );
    }
    assert_eq!(
        value(&raw, "unodc-glotip", "Persons convicted", "BLR", 2018, GLOTIP_TOTAL).await,
        41
    );
    assert_eq!(
        raw.count("SELECT COUNT(*) FROM reference_figures WHERE source = 'unodc-glotip' AND qualifier = '<5'")
            .await,
        890
    );
    assert_eq!(
        raw.count("SELECT COUNT(*) FROM reference_figures WHERE source = 'unodc-glotip' AND country = 'BLR'")
            .await,
        446
    );
    // A count written `1,531` (Argentina's detected victims in 2018) is read as 1531.
    assert_eq!(
        value(&raw, "unodc-glotip", victims, "ARG", 2018, GLOTIP_TOTAL).await,
        1531
    );
    let glotip_figures = raw
        .count("SELECT COUNT(*) FROM reference_figures WHERE source = 'unodc-glotip'")
        .await;
    assert_eq!(glotip_figures, 2242 - 128);

    // UNHCR: the sums of its SOURCE.txt, NA a code and not a gap.
    succeeds(&db.haven(&["import", "unhcr-population", &population]));
    for (year, count) in [
        (2021, 4_632),
        (2022, 11_598),
        (2023, 15_071),
        (2024, 17_704),
        (2025, 19_462),
    ] {
        let more = "AND dimension = 'country of origin'";
        assert_eq!(
            value(&raw, "unhcr-population", "refugees", "BLR", year, more).await,
            count
        );
    }
    for (year, count) in [
        (2021, 2_729),
        (2022, 19_715),
        (2023, 39_981),
        (2024, 43_397),
        (2025, 40_794),
    ] {
        let more = "AND dimension = 'country of asylum'";
        assert_eq!(
            value(&raw, "unhcr-population", "refugees", "BLR", year, more).await,
            count
        );
    }
    succeeds(&db.haven(&["import", "unhcr-asylum-applications", &applications]));
    for (year, count) in [
        (2020, 2_042),
        (2021, 4_674),
        (2022, 7_859),
        (2023, 9_343),
        (2024, 6_656),
        (2025, 4_794),
    ] {
        let more = "AND dimension = 'country of origin'";
        assert_eq!(
            value(&raw, "unhcr-asylum-applications", "applied", "BLR", year, more).await,
            count
        );
    }
    // Cases and persons apart: 2020 is 1,783 persons and 259 cases.
    let persons = "AND dimension = 'country of origin' AND category = 'persons'";
    assert_eq!(
        value(&raw, "unhcr-asylum-applications", "applied", "BLR", 2020, persons).await,
        1_783
    );
    for (year, count) in [
        (2020, 599),
        (2021, 505),
        (2022, 2_586),
        (2023, 1_417),
        (2024, 2_279),
        (2025, 2_303),
    ] {
        let more = "AND dimension = 'country of asylum'";
        assert_eq!(
            value(&raw, "unhcr-asylum-applications", "applied", "BLR", year, more).await,
            count
        );
    }
    succeeds(&db.haven(&["import", "unhcr-asylum-decisions", &decisions]));
    for (indicator, count) in [
        ("dec_recognized", 1_167),
        ("dec_other", 2_705),
        ("dec_rejected", 1_045),
        ("dec_closed", 1_399),
        ("dec_total", 6_316),
    ] {
        let more = "AND dimension = 'country of origin'";
        assert_eq!(
            value(&raw, "unhcr-asylum-decisions", indicator, "BLR", 2023, more).await,
            count
        );
    }

    // A second import of the same file changes nothing, not even the audit trail.
    let figures = raw.count("SELECT COUNT(*) FROM reference_figures").await;
    let audit = raw.count("SELECT COUNT(*) FROM audit_log").await;
    let out = succeeds(&db.haven(&["import", "unodc-glotip", &glotip]));
    assert!(out.contains("nothing changed"), "{out}");
    let out = succeeds(&db.haven(&["import", "us-tip-tiers", &tip]));
    assert!(out.contains("nothing changed"), "{out}");
    assert_eq!(raw.count("SELECT COUNT(*) FROM reference_figures").await, figures);
    assert_eq!(raw.count("SELECT COUNT(*) FROM audit_log").await, audit);

    // The workbook UNODC publishes has a title and a date above its header: the same rows in
    // such a workbook give the same figures, as a new edition (its row numbers differ)
    // replacing the CSV's whole.
    if !db.is_postgres() {
        let glotip_xlsx = db.path("glotip.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet
            .write_string(0, 0, "Global Report on Trafficking in Persons")
            .unwrap();
        sheet.write_string(1, 0, "Release: April 2025").unwrap();
        let mut reader = csv::Reader::from_path(&glotip).unwrap();
        let header = reader.headers().unwrap().clone();
        for (col, name) in header.iter().enumerate() {
            sheet.write_string(2, col as u16, name).unwrap();
        }
        for (i, record) in reader.records().enumerate() {
            for (col, cell) in record.unwrap().iter().enumerate() {
                sheet.write_string(3 + i as u32, col as u16, cell).unwrap();
            }
        }
        book.save(&glotip_xlsx).unwrap();
        let out = succeeds(&db.haven(&["import", "unodc-glotip", glotip_xlsx.to_str().unwrap()]));
        assert!(
            out.contains(&format!("imported {glotip_figures} unodc-glotip figures")),
            "{out}"
        );
        assert!(
            out.contains(&format!("({glotip_figures} of the earlier edition replaced)")),
            "{out}"
        );
        assert_eq!(
            value(&raw, "unodc-glotip", victims, "BLR", 2021, GLOTIP_TOTAL).await,
            244
        );
        assert_eq!(raw.count("SELECT COUNT(*) FROM audit_log").await, audit + 1);
    }

    // The country report shows GLOTIP's detected victims of Belarus beside Haven's own count,
    // with the US TIP tier of the year, in every format (CSV: a line per value).
    let csv = db.path("report.csv");
    succeeds(&db.haven(&[
        "report",
        "country",
        "--period",
        "2022",
        "--format",
        "csv",
        "-o",
        &csv.display().to_string(),
    ]));
    let csv = std::fs::read_to_string(csv).unwrap();
    let line = |key: &str| {
        csv.lines()
            .find(|l| l.contains(key))
            .map(str::to_owned)
            .unwrap_or_default()
    };
    assert!(line(",2021 — UNODC GLOTIP,244,").contains("UNODC GLOTIP"), "{csv}");
    assert!(line(",2022 — UNODC GLOTIP,210,").contains("Detected victims"), "{csv}");
    assert!(line(",2015 — US TIP tier,").ends_with("Tier 3"), "{csv}");
    assert!(line(",2007 — US TIP tier,").ends_with("Tier 2 Watch List"), "{csv}");
    assert!(line(",2022 — Haven,").ends_with(",0,0"), "{csv}");

    // Kept apart: no record of Haven's own was written.
    for table in ["persons", "cases", "events"] {
        assert_eq!(raw.count(&format!("SELECT COUNT(*) FROM {table}")).await, 0, "{table}");
    }
    succeeds(&db.haven(&["audit", "verify"]));
    raw.close().await;
}

async fn a_broken_reference_file_is_refused_whole(db: Fresh) {
    succeeds(&db.haven(&["init"]));
    let path = db.path("tiers.csv");
    std::fs::write(
        &path,
        "\"countryname\",\"iso\",\"year\",\"ccode\",\"tier\"\n\"Belarus\",\"BLR\",2015,370,\"Tier 3\"\n\"Belarus\",\"BLR\",2016,370,\"Tier 4\"\n",
    )
    .unwrap();
    let output = db.haven(&["import", "us-tip-tiers", &path.display().to_string()]);
    assert!(!output.status.success(), "{}", stdout(&output));
    let message = stderr(&output);
    assert!(message.contains("nothing was imported"), "{message}");
    assert!(
        message.contains("line 3, tier: 'Tier 4' is not a known US TIP tier"),
        "{message}"
    );
    let raw = db.raw().await;
    assert_eq!(raw.count("SELECT COUNT(*) FROM reference_figures").await, 0);
    raw.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_the_publishers_files_are_imported_once_and_kept_apart() {
    the_publishers_files_are_imported_once_and_kept_apart(Fresh::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_the_publishers_files_are_imported_once_and_kept_apart() {
    the_publishers_files_are_imported_once_and_kept_apart(Fresh::postgres()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_a_broken_reference_file_is_refused_whole() {
    a_broken_reference_file_is_refused_whole(Fresh::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_a_broken_reference_file_is_refused_whole() {
    a_broken_reference_file_is_refused_whole(Fresh::postgres()).await;
}
