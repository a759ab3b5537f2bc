//! Every figure of the source report (spec/seed-report-figures.toml), counted from the demo
//! database with plain SQL written here, on SQLite and on PostgreSQL; and the same figure
//! computed by Haven's statistics, which must agree with the SQL exactly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::NaiveDate;
use haven_domain::period::Period;
use haven_report::Lang;
use haven_report::render::{Format, render};
use serde::Deserialize;
use support::{Fresh, Raw};

#[derive(Debug, Deserialize)]
struct Spec {
    figure: Vec<Figure>,
}

#[derive(Debug, Deserialize)]
struct Figure {
    id: String,
    text: String,
    period: [String; 2],
    relation: String,
    value: f64,
}

/// The states the report counts as "CIS" when it speaks of "non-CIS countries" (it counts
/// Ukrainians apart).
const CIS: &str = "('ARM','AZE','BLR','GEO','KAZ','KGZ','MDA','RUS','TJK','TKM','UKR','UZB')";

/// The SQL that counts a figure over `$1..=$2`.
fn query(id: &str, postgres: bool) -> String {
    let person_of = "JOIN cases c ON c.id = x.case_id";
    let ukrainian = "JOIN person_citizenships pc ON pc.person_id = c.person_id AND pc.country = 'UKR'";
    let sql = match id {
        "prevention.publications.minors_sexual_exploitation" => "SELECT COUNT(*) FROM prevention_activities \
             WHERE kind = 'publication' AND topic = 'sexual_exploitation_of_minors' AND held_on BETWEEN $1 AND $2"
            .to_owned(),
        "migration.irregular_migrants.identified" => format!(
            "SELECT COUNT(DISTINCT c.person_id) FROM migration_cases x {person_of} WHERE x.detected_on BETWEEN $1 AND $2"
        ),
        "migration.irregular_migrants.detained" => format!(
            "SELECT COUNT(DISTINCT c.person_id) FROM detention_periods x {person_of} WHERE x.started_on BETWEEN $1 AND $2"
        ),
        "asylum.applications.non_cis" => format!(
            "SELECT COUNT(DISTINCT c.person_id) FROM protection_cases x {person_of} WHERE x.applied_on BETWEEN $1 AND $2 \
             AND NOT EXISTS (SELECT 1 FROM person_citizenships pc WHERE pc.person_id = c.person_id AND pc.country IN {CIS})"
        ),
        "return.voluntary.iom_assisted" => format!(
            "SELECT COUNT(DISTINCT c.person_id) FROM migration_cases x {person_of} \
             WHERE x.decision = 'voluntary_return_iom' AND x.executed_on BETWEEN $1 AND $2"
        ),
        // Person-days of detention inside the period, over its days.
        "detention.irregular_migrants.average_daily_population" if postgres => "SELECT CAST(SUM( \
             LEAST(COALESCE(ended_on, $2), $2) - GREATEST(started_on, $1) + 1) AS DOUBLE PRECISION) \
             / ($2::date - $1::date + 1) FROM detention_periods WHERE started_on <= $2 AND COALESCE(ended_on, $2) >= $1"
            .to_owned(),
        "detention.irregular_migrants.average_daily_population" => "SELECT SUM( \
             julianday(MIN(COALESCE(ended_on, $2), $2)) - julianday(MAX(started_on, $1)) + 1) \
             / (julianday($2) - julianday($1) + 1) FROM detention_periods WHERE started_on <= $2 AND COALESCE(ended_on, $2) >= $1"
            .to_owned(),
        // Persons with a migration case who received any assistance in the period.
        "assistance.irregular_migrants.persons_assisted" => "SELECT COUNT(DISTINCT a.person_id) FROM assistance a \
             WHERE a.delivered_on BETWEEN $1 AND $2 AND EXISTS (SELECT 1 FROM cases c JOIN migration_cases m ON m.case_id = c.id \
             WHERE c.person_id = a.person_id AND m.detected_on <= a.delivered_on)"
            .to_owned(),
        "funding.migrant_assistance.usd_equivalent" => "SELECT CAST(SUM(usd_cents) AS DOUBLE PRECISION) / 100 \
             FROM funding_allocations WHERE purpose = 'migrant_transit_assistance' AND allocated_on BETWEEN $1 AND $2"
            .to_owned(),
        "protection.applications.ukraine" => format!(
            "SELECT COUNT(DISTINCT c.person_id) FROM protection_cases x {person_of} {ukrainian} WHERE x.applied_on BETWEEN $1 AND $2"
        ),
        "protection.additional_protection.granted.ukraine" => format!(
            "SELECT COUNT(DISTINCT c.person_id) FROM protection_cases x {person_of} {ukrainian} \
             WHERE x.outcome = 'granted' AND x.form_granted = 'additional_protection' AND x.decided_on BETWEEN $1 AND $2"
        ),
        "protection.additional_protection.extended.ukraine" => format!(
            "SELECT COUNT(DISTINCT c.person_id) FROM protection_extensions x {person_of} {ukrainian} \
             JOIN protection_cases p ON p.case_id = x.case_id \
             WHERE p.form_granted = 'additional_protection' AND x.decided_on BETWEEN $1 AND $2"
        ),
        "citizenship.applications.ukraine" => format!(
            "SELECT COUNT(DISTINCT c.person_id) FROM citizenship_cases x {person_of} {ukrainian} WHERE x.applied_on BETWEEN $1 AND $2"
        ),
        // "of which ... became citizens": applicants of the period who acquired it in the period.
        "citizenship.acquired.ukraine" => format!(
            "SELECT COUNT(DISTINCT c.person_id) FROM citizenship_cases x {person_of} {ukrainian} \
             WHERE x.applied_on BETWEEN $1 AND $2 AND x.acquired_on BETWEEN $1 AND $2"
        ),
        "assistance.trafficking_victims.reintegration" => "SELECT COUNT(DISTINCT a.person_id) FROM assistance a \
             JOIN organisations o ON o.id = a.provider_id WHERE o.short_name = 'IOM' AND a.kind = 'reintegration' \
             AND a.delivered_on BETWEEN $1 AND $2 \
             AND EXISTS (SELECT 1 FROM cases c WHERE c.person_id = a.person_id AND c.kind = 'trafficking')"
            .to_owned(),
        // Respondents of surveys fielded in the period who said they understand the issue.
        "prevention.survey.awareness_share" => "SELECT CAST(SUM(CASE WHEN sa.answer = 'yes' THEN 1 ELSE 0 END) AS DOUBLE PRECISION) \
             / COUNT(*) FROM survey_answers sa JOIN surveys s ON s.id = sa.survey_id \
             WHERE sa.question = 'understands_trafficking' AND s.fielded_from >= $1 AND s.fielded_to <= $2"
            .to_owned(),
        other => panic!("no SQL for figure {other}: every figure of the spec needs one"),
    };
    if sql.starts_with("SELECT COUNT") {
        // Counts come back as 64-bit integers; read every figure as a floating-point number.
        format!("SELECT CAST(({sql}) AS DOUBLE PRECISION)")
    } else {
        sql
    }
}

fn satisfies(relation: &str, stated: f64, computed: f64) -> bool {
    match relation {
        "exact" => (computed - stated).abs() < 1e-9,
        "over" => computed > stated && computed < stated * 1.10,
        "about" => (computed - stated).abs() <= stated * 0.025,
        other => panic!("unknown relation {other}"),
    }
}

async fn every_figure_is_reproduced(db: Fresh) {
    let spec: Spec =
        toml::from_str(&std::fs::read_to_string(support::repo_file("spec/seed-report-figures.toml")).unwrap()).unwrap();
    assert_eq!(spec.figure.len(), 19, "the spec's figures");
    let store = haven_store::initialise(&db.url, db.keyring()).await.unwrap();
    haven_demo::generate(store.clone(), haven_demo::DemoOptions::default(), &|_| {})
        .await
        .unwrap();
    let mut indicators: Vec<_> = spec
        .figure
        .iter()
        .map(|f| haven_stats::indicator(&f.id).expect("every figure of the spec is in the catalogue"))
        .collect();
    indicators.extend(haven_report::country::indicators().unwrap());
    let actor = haven_domain::access::Actor::system("figures test");
    let facts = haven_stats::load(store.as_ref(), &actor, &indicators).await.unwrap();
    let victims = haven_exchange::ctdc::victims(store.as_ref()).await.unwrap();
    let htcds = db.path("htcds");
    haven_exchange::htcds::export(store.as_ref(), &htcds).await.unwrap();
    store.close().await;

    let raw: Raw = db.raw().await;
    ctdc_export_is_k_anonymous(victims, &raw).await;
    htcds_export_speaks_the_standard(&htcds, &raw).await;
    let mut failures = Vec::new();
    for figure in &spec.figure {
        let (from, to) = (date(&figure.period[0]), date(&figure.period[1]));
        let computed = raw.number(&query(&figure.id, raw.is_postgres()), from, to).await;
        let period = Period::range(from, to).unwrap();
        let by_haven = haven_stats::evaluate(&facts, haven_stats::indicator(&figure.id).unwrap(), period, &[])
            .unwrap()
            .value;
        if (by_haven - computed).abs() > 1e-9 {
            failures.push(format!(
                "{} {from}..{to}: SQL counts {computed}, Haven's statistics {by_haven}",
                figure.id
            ));
        }
        let ok = satisfies(&figure.relation, figure.value, computed);
        println!(
            "{} {:55} {from}..{to} {:>12.2} {:>6} {:>10}  {}",
            if ok { "ok  " } else { "FAIL" },
            figure.id,
            computed,
            figure.relation,
            figure.value,
            figure.text.chars().take(60).collect::<String>()
        );
        if !ok {
            failures.push(format!(
                "{} {}..{}: computed {computed}, the report says {} {}",
                figure.id, from, to, figure.relation, figure.value
            ));
        }
    }
    raw.close().await;
    failures.extend(reports_state_every_figure(&facts, &spec));
    assert!(failures.is_empty(), "figures not reproduced:\n{}", failures.join("\n"));
}

/// The demo's victims exported for CTDC: one row per victim (presumed or identified), and in
/// the file every combination of the identifying columns at least 11 times.
async fn ctdc_export_is_k_anonymous(victims: Vec<haven_exchange::ctdc::CtdcRow>, raw: &Raw) {
    let expected = raw
        .count("SELECT COUNT(*) FROM trafficking_cases WHERE status <> 'NotAVictimOfTrafficking'")
        .await;
    assert_eq!(victims.len() as i64, expected, "one row per victim");
    let (rows, summary) = haven_exchange::ctdc::anonymise(victims, 11);
    let mut file = Vec::new();
    haven_exchange::ctdc::write_csv(&mut file, &rows).unwrap();
    let mut reader = csv::Reader::from_reader(file.as_slice());
    let header = reader.headers().unwrap().clone();
    assert_eq!(header.len(), haven_exchange::ctdc::columns().len());
    let mut combinations: std::collections::HashMap<Vec<String>, usize> = std::collections::HashMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        *combinations
            .entry(record.iter().take(6).map(str::to_owned).collect())
            .or_default() += 1;
    }
    let smallest = combinations.values().copied().min().unwrap();
    println!(
        "CTDC export of the demo: {} rows, {} combinations, smallest {smallest}; {} cells generalised, {} rows left out ({:.1} % changed)",
        summary.rows,
        combinations.len(),
        summary.cells_generalised,
        summary.rows_suppressed,
        100.0 * summary.share_changed()
    );
    assert!(
        smallest >= 11,
        "a combination of identifying columns occurs {smallest} times"
    );
    assert_eq!(summary.rows + summary.rows_suppressed, expected as usize);
    assert!(summary.rows as i64 > expected / 2, "most victims are exported");
}

/// The HTCDS tables of the demo: one victim row per trafficking case, persons only by code and
/// only those the cases name, every picklist value one the standard lists for its field.
async fn htcds_export_speaks_the_standard(dir: &std::path::Path, raw: &Raw) {
    let read = |name: &str| -> (Vec<String>, Vec<Vec<String>>) {
        let mut reader = csv::Reader::from_path(dir.join(name)).unwrap();
        let header = reader.headers().unwrap().iter().map(str::to_owned).collect();
        let rows = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        (header, rows)
    };
    let (header, victims) = read("victims.csv");
    assert_eq!(
        victims.len() as i64,
        raw.count("SELECT COUNT(*) FROM trafficking_cases").await,
        "one row per trafficking case"
    );
    let mut standard = csv::Reader::from_path(support::repo_file(
        "crates/exchange/data/htcds/HTCDS_Field_Standards_2.0.csv",
    ))
    .unwrap();
    let mut picklists: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
    for record in standard.records() {
        let record = record.unwrap();
        let values: Vec<String> = record[9]
            .lines()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect();
        if !record[6].is_empty() && !values.is_empty() {
            picklists.insert(record[6].to_owned(), values);
        }
    }
    let mut checked = 0;
    for (column, name) in header.iter().enumerate() {
        let Some(allowed) = picklists.get(name) else { continue };
        for row in &victims {
            for value in row[column].split(';').filter(|v| !v.is_empty()) {
                assert!(
                    allowed.contains(&value.to_owned()),
                    "{name}: '{value}' is not an HTCDS value"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > victims.len(), "picklist values checked: {checked}");
    let (_, persons) = read("persons.csv");
    let codes: std::collections::HashSet<&str> = persons.iter().map(|p| p[0].as_str()).collect();
    assert_eq!(codes.len(), persons.len());
    for row in &victims {
        assert!(
            row[1].starts_with("P-") && codes.contains(row[1].as_str()),
            "{}",
            row[1]
        );
    }
    assert!(
        persons
            .iter()
            .all(|p| ["Feminine", "Masculine", ""].contains(&p[1].as_str()))
    );
    println!(
        "HTCDS export of the demo: {} victims, {} persons, {checked} picklist values all in the standard",
        victims.len(),
        persons.len()
    );
}

fn report(facts: &haven_stats::FactBase, period: Period, lang: Lang) -> haven_report::CountryReport {
    let request = haven_report::Request {
        period,
        lang,
        threshold: haven_stats::disclosure::DEFAULT_THRESHOLD,
        today: haven_store::today(),
        locked: None,
        reference: &[],
    };
    haven_report::country_report(facts, &request).unwrap()
}

/// The country report, as JSON, for each period the spec names, states each figure of that
/// period with a value that satisfies its relation; and one report rendered as HTML, PDF
/// (read back with pdftotext), XLSX and CSV carries the same numbers as its JSON.
fn reports_state_every_figure(facts: &haven_stats::FactBase, spec: &Spec) -> Vec<String> {
    let mut failures = Vec::new();
    for figure in &spec.figure {
        let period = Period::range(date(&figure.period[0]), date(&figure.period[1])).unwrap();
        let json = render(&report(facts, period, Lang::En), Format::Json).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
        let stated = json["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == figure.id.as_str())
            .and_then(|f| f["value"].as_f64());
        match stated {
            Some(value) if satisfies(&figure.relation, figure.value, value) => {}
            other => failures.push(format!("the {period} report states {} as {other:?}", figure.id)),
        }
    }

    let period = Period::range(date("2021-01-01"), date("2024-05-31")).unwrap();
    let report = report(facts, period, Lang::Ru);
    // pdftotext joins runs of spaces and breaks lines: compare words, not spacing.
    let spaces = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let html = spaces(&String::from_utf8(render(&report, Format::Html).unwrap()).unwrap());
    let pdf_text = spaces(&pdf_to_text(&render(&report, Format::Pdf).unwrap()));
    assert!(
        pdf_text.contains("Незаконная миграция"),
        "the PDF reads in Cyrillic:\n{pdf_text}"
    );
    let csv = String::from_utf8(render(&report, Format::Csv).unwrap()).unwrap();
    let xlsx = xlsx_figures(&render(&report, Format::Xlsx).unwrap());
    for figure in &report.figures {
        let text = spaces(&figure.value.text);
        if !html.contains(&text) {
            failures.push(format!("HTML lacks {} = {text}", figure.id));
        }
        if !pdf_text.contains(&format!("{} {}..{}", figure.id, figure.from, figure.to)) || !pdf_text.contains(&text) {
            failures.push(format!("PDF lacks {} = {text}", figure.id));
        }
        let in_csv = format!(
            "figures,{},{},{},total,{}",
            figure.id,
            figure.from,
            figure.to,
            figure.value.value.map(|v| v.to_string()).unwrap_or_default()
        );
        if !csv.contains(&in_csv) {
            failures.push(format!("CSV lacks {in_csv}"));
        }
        if xlsx.get(figure.id) != Some(&figure.value.value) {
            failures.push(format!(
                "XLSX has {} = {:?}, JSON {:?}",
                figure.id,
                xlsx.get(figure.id),
                figure.value.value
            ));
        }
    }
    failures
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn pdf_to_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, which scripts/test installs)");
    assert!(
        output.status.success(),
        "pdftotext: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Indicator id to the number in the workbook's Figures sheet (`None` for a hidden value).
fn xlsx_figures(bytes: &[u8]) -> std::collections::HashMap<String, Option<f64>> {
    use calamine::{Data, DataType, Reader, Xlsx};
    let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = workbook.worksheet_range("Figures").unwrap();
    sheet
        .rows()
        .skip(4)
        .filter_map(|row| {
            let id = row.first()?.get_string()?.to_owned();
            let value = match row.get(4)? {
                Data::Float(v) => Some(*v),
                Data::Int(v) => Some(*v as f64),
                _ => None,
            };
            Some((id, value))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_demo_reproduces_every_figure_of_the_report() {
    every_figure_is_reproduced(Fresh::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_demo_reproduces_every_figure_of_the_report() {
    every_figure_is_reproduced(Fresh::postgres()).await;
}

#[test]
fn relations_are_read_as_the_spec_defines_them() {
    assert!(satisfies("exact", 162.0, 162.0) && !satisfies("exact", 162.0, 163.0));
    assert!(
        satisfies("over", 1000.0, 1047.0) && !satisfies("over", 1000.0, 1000.0) && !satisfies("over", 1000.0, 1100.0)
    );
    assert!(satisfies("about", 4000.0, 3900.0) && !satisfies("about", 4000.0, 3899.0));
}
