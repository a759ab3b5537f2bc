//! `haven link` as a data analyst uses it: generate a file with known truth, link it,
//! measure the pairs; a malformed file is refused with the line at fault.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::{Command, Output};

fn haven(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(args)
        .output()
        .expect("run haven")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn generated_records_are_linked_with_high_precision_and_recall() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("records.tsv");
    let output = dir.path().join("pairs.tsv");
    let review = dir.path().join("review.tsv");
    let generated = haven(&[
        "link",
        "generate",
        "--entities",
        "3000",
        "--seed",
        "42",
        "-o",
        arg(&input),
    ]);
    assert!(generated.status.success(), "{}", text(&generated.stderr));

    let linked = haven(&[
        "link",
        "eval",
        "--input",
        arg(&input),
        "--output",
        arg(&output),
        "--review",
        arg(&review),
    ]);
    assert!(linked.status.success(), "{}", text(&linked.stderr));
    assert!(
        text(&linked.stderr).contains("blocking"),
        "the summary names the blocking rules"
    );

    // Truth from the generated file's cluster_id column, which eval does not read.
    let records = std::fs::read_to_string(&input).unwrap();
    let mut lines = records.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let id_at = header.iter().position(|h| *h == "unique_id").unwrap();
    let cluster_at = header.iter().position(|h| *h == "cluster_id").unwrap();
    let truth: HashMap<String, String> = lines
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[id_at].to_owned(), f[cluster_at].to_owned())
        })
        .collect();
    let mut cluster_sizes: HashMap<&str, u64> = HashMap::new();
    for cluster in truth.values() {
        *cluster_sizes.entry(cluster).or_default() += 1;
    }
    let true_pairs: u64 = cluster_sizes.values().map(|k| k * (k - 1) / 2).sum();

    let pairs = std::fs::read_to_string(&output).unwrap();
    let mut lines = pairs.lines();
    assert_eq!(lines.next(), Some("id_l\tid_r\tscore"));
    let mut seen = HashSet::new();
    let (mut tp, mut fp) = (0u64, 0u64);
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 3, "{line}");
        let score: f64 = f[2].parse().unwrap();
        assert!((0.5..=1.0).contains(&score), "{line}");
        assert_ne!(f[0], f[1]);
        assert!(
            seen.insert((f[0].min(f[1]), f[0].max(f[1]))),
            "pair listed twice: {line}"
        );
        if truth[f[0]] == truth[f[1]] {
            tp += 1;
        } else {
            fp += 1;
        }
    }
    let precision = tp as f64 / (tp + fp) as f64;
    let recall = tp as f64 / true_pairs as f64;
    let f1 = 2.0 * precision * recall / (precision + recall);
    println!("precision {precision:.4} recall {recall:.4} F1 {f1:.4}");
    assert!(f1 >= 0.95, "precision {precision:.4} recall {recall:.4} F1 {f1:.4}");

    let review = std::fs::read_to_string(&review).unwrap();
    assert!(review.starts_with("id_l\tid_r\tscore\n"));
    // Review holds pairs below the link threshold, and strong pairs the clustering refused
    // to join (they would have put two persons' conflicting dates or documents together).
    for line in review.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let score: f64 = f[2].parse().unwrap();
        assert!((0.0..=1.0).contains(&score), "{line}");
        assert!(
            !seen.contains(&(f[0].min(f[1]), f[0].max(f[1]))),
            "linked and for review: {line}"
        );
    }
}

#[test]
fn names_in_three_scripts_are_one_person_and_other_columns_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("records.tsv");
    let output = dir.path().join("pairs.tsv");
    std::fs::write(
        &input,
        "note\tunique_id\tfirst_name\tlast_name\tpatronymic\tdob\tsex\tcitizenship\tdocument_no\n\
         x\tp1\tТатьяна\tБугаева\tИвановна\t1990-05-03\tF\tBLR\t\n\
         y\tp2\tTATSIANA\tBUHAYEVA\t\t1990-05-03\tF\tBLR\tMP1234567\n\
         z\tp3\tTatiana\tBugaeva\t\t1990\tF\t\t\n\
         w\tp4\tMohammed\tAl-Hassan\t\t1985-02-01\tM\tSYR\tN0001234\n\
         v\tp5\tمحمد\tالحسن\t\t1985-02-01\tM\tSYR\t\n\
         u\tp6\tОльга\tПетрова\tСергеевна\t1970-12-30\tF\tBLR\t\n",
    )
    .unwrap();
    let linked = haven(&["link", "eval", "--input", arg(&input), "--output", arg(&output)]);
    assert!(linked.status.success(), "{}", text(&linked.stderr));
    let pairs: HashSet<(String, String)> = std::fs::read_to_string(&output)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_owned(), f[1].to_owned())
        })
        .collect();
    let linked = |a: &str, b: &str| pairs.contains(&(a.into(), b.into())) || pairs.contains(&(b.into(), a.into()));
    assert!(
        linked("p1", "p2") && linked("p1", "p3") && linked("p2", "p3"),
        "{pairs:?}"
    );
    assert!(linked("p4", "p5"), "{pairs:?}");
    assert!(!pairs.iter().any(|(a, b)| a == "p6" || b == "p6"), "{pairs:?}");
}

#[test]
fn a_malformed_row_is_reported_with_its_line_number() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("records.tsv");
    let output = dir.path().join("pairs.tsv");
    let good = "unique_id\tfirst_name\tlast_name\tpatronymic\tdob\tsex\n\
                a\tАнна\tИванова\t\t1990-01-01\tF\n";
    for (bad_row, reason) in [
        ("b\tАнна\tИванова\t\t1990-13-01\tF\n", "dob"),
        ("b\tАнна\tИванова\t\t1990-01-01\tX\n", "sex"),
        ("b\tАнна\tИванова\n", "fields"),
        ("a\tАнна\tИванова\t\t1990-01-01\tF\n", "unique_id"),
    ] {
        std::fs::write(&input, format!("{good}{bad_row}c\tB\tC\t\t\t\n")).unwrap();
        let run = haven(&["link", "eval", "--input", arg(&input), "--output", arg(&output)]);
        assert!(!run.status.success(), "{bad_row}");
        let stderr = text(&run.stderr);
        assert!(stderr.contains("line 3"), "{stderr}");
        assert!(stderr.contains(reason), "{stderr}");
        assert!(!stderr.contains("Анна"), "no names in error messages: {stderr}");
    }
    std::fs::write(&input, "unique_id\tfirst_name\n").unwrap();
    let run = haven(&["link", "eval", "--input", arg(&input), "--output", arg(&output)]);
    assert!(!run.status.success());
    assert!(text(&run.stderr).contains("last_name"), "{}", text(&run.stderr));
}

#[test]
fn normalise_writes_the_keys_eval_compares_one_name_in_any_script_and_form_alike() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("records.tsv");
    let output = dir.path().join("keys.tsv");
    std::fs::write(
        &input,
        "unique_id\tfirst_name\tlast_name\tpatronymic\tdob\tsex\n\
         police\tНиколай\tКозловский\tСергеевич\t1971-04-09\tM\n\
         red_cross\tМікалай\tКазлоўскі\tСяргеевіч\t1971-04-09\tM\n\
         passport\tMIKALAI\tKAZLOUSKI\t\t1971-04-09\tM\n\
         brother\tМіхаіл\tКазлоўскі\tСяргеевіч\t1974-09-04\tM\n",
    )
    .unwrap();
    let run = haven(&["link", "normalise", "--input", arg(&input), "--output", arg(&output)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let written = std::fs::read_to_string(&output).unwrap();
    let mut lines = written.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let keys: HashMap<String, Vec<String>> = lines
        .map(|l| {
            let f: Vec<String> = l.split('\t').map(str::to_owned).collect();
            (f[0].clone(), f)
        })
        .collect();
    let key = |id: &str, name: &str| keys[id][column(name)].clone();
    for id in ["red_cross", "passport"] {
        assert_eq!(key(id, "given_skeleton"), key("police", "given_skeleton"), "{written}");
        assert_eq!(
            key(id, "family_skeleton"),
            key("police", "family_skeleton"),
            "{written}"
        );
    }
    assert_eq!(
        key("red_cross", "patronymic_skeleton"),
        key("police", "patronymic_skeleton"),
        "{written}"
    );
    assert_ne!(
        key("brother", "given_skeleton"),
        key("police", "given_skeleton"),
        "{written}"
    );
    assert_eq!(
        key("brother", "family_skeleton"),
        key("police", "family_skeleton"),
        "{written}"
    );
}

#[test]
fn link_commands_explain_themselves() {
    for command in [&["link"][..], &["link", "eval"], &["link", "generate"]] {
        let mut args = command.to_vec();
        args.push("--help");
        let output = haven(&args);
        assert!(output.status.success(), "{args:?}");
        assert!(text(&output.stdout).contains("Usage: haven link"), "{args:?}");
    }
}

#[test]
fn a_surname_tail_out_of_range_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("records.tsv");
    for share in ["1.5", "0.99"] {
        let generated = haven(&[
            "link",
            "generate",
            "--entities",
            "10",
            "--surname-tail",
            share,
            "-o",
            arg(&output),
        ]);
        assert!(!generated.status.success(), "{share}");
        assert!(
            text(&generated.stderr).contains("--surname-tail must be from 0 to 0.95"),
            "{}",
            text(&generated.stderr)
        );
        assert!(!output.exists(), "{share}");
    }
}

#[test]
fn the_generator_writes_the_true_person_behind_each_cluster_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records.tsv");
    let persons = dir.path().join("persons.tsv");
    let generated = haven(&[
        "link",
        "generate",
        "--entities",
        "200",
        "-o",
        arg(&records),
        "--persons",
        arg(&persons),
    ]);
    assert!(generated.status.success(), "{}", text(&generated.stderr));
    let persons = std::fs::read_to_string(&persons).unwrap();
    let mut lines = persons.lines();
    assert_eq!(
        lines.next(),
        Some("cluster_id\tgiven\tfamily\tpatronymic\tsex\tdob\tcitizenship")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 200);
    assert!(
        rows.iter()
            .all(|r| r.len() == 7 && r[5].len() == 10 && !r[1].is_empty())
    );
    let clusters: HashSet<&str> = rows.iter().map(|r| r[0]).collect();
    let records = std::fs::read_to_string(&records).unwrap();
    assert!(
        records
            .lines()
            .skip(1)
            .all(|l| clusters.contains(l.rsplit('\t').next().unwrap()))
    );
}
