//! The `haven` command as an operator uses it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};

use support::{Fresh, stderr, stdout};

fn haven(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(args)
        .env_remove("HAVEN_KEY")
        .output()
        .expect("run haven")
}

#[test]
fn every_command_explains_itself() {
    let commands: [&[&str]; 22] = [
        &[],
        &["init"],
        &["demo"],
        &["serve"],
        &["user"],
        &["user", "add"],
        &["user", "list"],
        &["org"],
        &["org", "add"],
        &["org", "list"],
        &["audit"],
        &["audit", "verify"],
        &["audit", "tail"],
        &["backup"],
        &["restore"],
        &["stats"],
        &["report"],
        &["report", "country"],
        &["report", "glotip"],
        &["link"],
        &["link", "eval"],
        &["link", "generate"],
    ];
    for command in commands {
        let mut args = command.to_vec();
        args.push("--help");
        let output = haven(&args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        assert!(stdout(&output).contains("Usage: haven"), "{args:?}");
    }
    assert!(
        stdout(&haven(&["serve", "--help"])).contains("web application"),
        "serve says what it serves"
    );
    assert!(stdout(&haven(&["demo", "--help"])).contains("--scale"));
}

#[test]
fn init_writes_a_private_key_once_and_a_wrong_key_opens_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], key: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_haven"));
        command
            .args(args)
            .current_dir(dir.path())
            .env_remove("HAVEN_KEY")
            .env_remove("HAVEN_KEY_FILE")
            .env_remove("HAVEN_DB");
        if let Some(key) = key {
            command.env("HAVEN_KEY", key);
        }
        command.output().unwrap()
    };
    let first = run(&["init"], None);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stderr(&first).contains("wrote a new key"));
    let key_file = dir.path().join("haven.key");
    assert_eq!(
        std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let key = std::fs::read_to_string(&key_file).unwrap();
    assert!(run(&["init"], None).status.success(), "init again only migrates");
    assert_eq!(
        std::fs::read_to_string(&key_file).unwrap(),
        key,
        "the key is never replaced"
    );

    let other = haven_store::MasterKey::generate().to_base64().to_string();
    let refused = run(&["audit", "verify"], Some(&other));
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("this key does not open this database"),
        "{}",
        stderr(&refused)
    );

    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let exposed = run(&["audit", "verify"], None);
    assert!(!exposed.status.success());
    assert!(
        stderr(&exposed).contains("can be read by others"),
        "{}",
        stderr(&exposed)
    );
}

#[test]
fn bad_input_gets_a_clear_message_not_a_crash() {
    let db = Fresh::sqlite();
    let cases: [(&[&str], &str); 5] = [
        (
            &["org", "list", "--db", "mysql://localhost/haven"],
            "neither sqlite://PATH nor postgres://",
        ),
        (
            &["demo", "--scale=0", "--db", &db.url],
            "the scale must be a number above zero",
        ),
        (&["demo", "--scale", "many", "--db", &db.url], "invalid value 'many'"),
        (
            &["org", "add", "--name", "X", "--kind", "Bakery", "--db", &db.url],
            "'Bakery' is not a known organisation kind",
        ),
        (&["org", "list", "--db", "sqlite:///nonexistent/dir/x.db"], "haven init"),
    ];
    for (args, message) in cases {
        let output = Command::new(env!("CARGO_BIN_EXE_haven"))
            .args(args)
            .env("HAVEN_KEY", &db.key)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{args:?} succeeded");
        assert!(stderr(&output).contains(message), "{args:?}: {}", stderr(&output));
        assert!(!stderr(&output).contains("panicked"), "{args:?}: {}", stderr(&output));
    }
}

#[test]
fn organisations_and_users_from_the_command_line() {
    let db = Fresh::sqlite();
    assert!(db.haven(&["init"]).status.success());
    let ministry = db.haven(&[
        "org",
        "add",
        "--name",
        "Ministry of Internal Affairs",
        "--short-name",
        "MIA",
        "--kind",
        "CentralGovernmentOrganisation",
    ]);
    assert!(ministry.status.success(), "{}", stderr(&ministry));
    let unit = db.haven(&[
        "org",
        "add",
        "--name",
        "Anti-trafficking unit",
        "--kind",
        "LawEnforcement",
        "--parent",
        "MIA",
        "--region",
        "BY-HM",
    ]);
    assert!(unit.status.success(), "{}", stderr(&unit));
    assert!(stdout(&db.haven(&["org", "list"])).contains("Anti-trafficking unit"));

    let add = |password: &str, extra: &[&str]| {
        let mut args = vec![
            "user",
            "add",
            "--username",
            "ivanova.t",
            "--display-name",
            "Т. Иванова",
            "--org",
            "MIA",
            "--role",
            "investigator",
            "--password-stdin",
        ];
        args.extend_from_slice(extra);
        db.haven_with_stdin(&args, &format!("{password}\n"))
    };
    let weak = add("short", &[]);
    assert!(!weak.status.success());
    assert!(
        stderr(&weak).contains("password: a password needs at least 12 characters"),
        "{}",
        stderr(&weak)
    );
    let ok = add("correct horse battery staple", &["--role", "analyst"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let taken = add("correct horse battery staple", &[]);
    assert!(
        stderr(&taken).contains("username: 'ivanova.t' is taken"),
        "{}",
        stderr(&taken)
    );
    let list = stdout(&db.haven(&["user", "list"]));
    assert!(list.contains("ivanova.t\tinvestigator,analyst\tactive"), "{list}");
    let unknown_org = db.haven_with_stdin(
        &[
            "user",
            "add",
            "--username",
            "x.y",
            "--display-name",
            "X",
            "--org",
            "Nowhere",
            "--role",
            "analyst",
            "--password-stdin",
        ],
        "correct horse battery staple\n",
    );
    assert!(
        stderr(&unknown_org).contains("no organisation is called 'Nowhere'"),
        "{}",
        stderr(&unknown_org)
    );
}

async fn tampering_is_reported_by_audit_verify(db: Fresh) {
    assert!(db.haven(&["init"]).status.success());
    for name in ["First", "Second", "Third"] {
        assert!(
            db.haven(&["org", "add", "--name", name, "--kind", "NGO"])
                .status
                .success()
        );
    }
    let intact = db.haven(&["audit", "verify"]);
    assert!(intact.status.success(), "{}", stderr(&intact));
    let text = stdout(&intact);
    assert!(text.contains("audit trail intact: 4 entries"), "{text}");
    let head = text.lines().find_map(|l| l.strip_prefix("head ")).unwrap().to_owned();
    assert!(db.haven(&["audit", "verify", "--expect-head", &head]).status.success());

    let raw = db.raw().await;
    if raw.is_postgres() {
        raw.execute("DROP TRIGGER audit_log_no_update ON audit_log").await;
    } else {
        raw.execute("DROP TRIGGER audit_log_no_update").await;
        raw.execute("DROP TRIGGER audit_log_no_delete").await;
    }
    // Cut the last entry and roll the head back, as someone covering their tracks would:
    // only the head written down earlier shows it.
    raw.execute("DELETE FROM audit_log WHERE seq = 4").await;
    raw.execute("UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_log WHERE seq = 3)")
        .await;
    assert!(
        db.haven(&["audit", "verify"]).status.success(),
        "a consistent, shorter chain"
    );
    let cut = db.haven(&["audit", "verify", "--expect-head", &head]);
    assert_eq!(cut.status.code(), Some(1));
    assert!(stdout(&cut).contains("BROKEN"), "{}", stdout(&cut));

    raw.execute("UPDATE audit_log SET record_table = 'persons' WHERE seq = 2")
        .await;
    raw.close().await;
    let broken = db.haven(&["audit", "verify"]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        stdout(&broken).contains("audit trail BROKEN at entry 2: audit entry 2 was altered"),
        "{}",
        stdout(&broken)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_tampering_is_reported_by_audit_verify() {
    tampering_is_reported_by_audit_verify(Fresh::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_tampering_is_reported_by_audit_verify() {
    tampering_is_reported_by_audit_verify(Fresh::postgres()).await;
}

fn backups_restore_whole_and_overwrite_nothing(db: &Fresh, restored_url: &str) {
    assert!(db.haven(&["init"]).status.success());
    for name in ["Alpha", "Beta"] {
        assert!(
            db.haven(&["org", "add", "--name", name, "--kind", "NGO"])
                .status
                .success()
        );
    }
    let backup = db.path("haven.backup");
    let backup_arg = backup.to_str().unwrap();
    let made = db.haven(&["backup", "--to", backup_arg]);
    assert!(made.status.success(), "{}", stderr(&made));
    let again = db.haven(&["backup", "--to", backup_arg]);
    assert!(stderr(&again).contains("never overwrites"), "{}", stderr(&again));

    let target = Fresh {
        url: restored_url.to_owned(),
        key: db.key.clone(),
        dir: tempfile::tempdir().unwrap(),
    };
    let restored = target.haven(&["restore", "--from", backup_arg]);
    assert!(restored.status.success(), "{}", stderr(&restored));
    let list = stdout(&target.haven(&["org", "list"]));
    assert!(list.contains("Alpha") && list.contains("Beta"), "{list}");
    assert!(target.haven(&["audit", "verify"]).status.success());

    // Restoring onto a database that exists never overwrites it.
    let refused = target.haven(&["restore", "--from", backup_arg]);
    assert!(!refused.status.success());
    if !target.is_postgres() {
        assert!(
            target
                .haven(&["org", "add", "--name", "Gamma", "--kind", "NGO"])
                .status
                .success()
        );
        let replaced = target.haven(&["restore", "--from", backup_arg, "--replace"]);
        assert!(replaced.status.success(), "{}", stderr(&replaced));
        let kept = stdout(&replaced);
        let kept_path = kept
            .lines()
            .find_map(|l| l.strip_prefix("the database that was there is kept as "))
            .unwrap();
        assert!(std::path::Path::new(kept_path).exists());
        assert!(
            !stdout(&target.haven(&["org", "list"])).contains("Gamma"),
            "the backup is in place"
        );
    }
    // A backup does not open with another key.
    let stranger = Fresh {
        url: format!("{restored_url}_other"),
        key: haven_store::MasterKey::generate().to_base64().to_string(),
        dir: tempfile::tempdir().unwrap(),
    };
    let stranger = if stranger.is_postgres() {
        stranger
    } else {
        Fresh {
            url: format!("sqlite://{}", stranger.path("other.db").display()),
            ..stranger
        }
    };
    let wrong = stranger.haven(&["restore", "--from", backup_arg]);
    assert!(
        stderr(&wrong).contains("this key does not open this database"),
        "{}",
        stderr(&wrong)
    );
}

#[test]
fn sqlite_backups_restore_whole_and_overwrite_nothing() {
    let db = Fresh::sqlite();
    let restored = format!("sqlite://{}", db.path("restored.db").display());
    backups_restore_whole_and_overwrite_nothing(&db, &restored);
}

#[test]
fn postgres_backups_restore_whole_and_overwrite_nothing() {
    let db = Fresh::postgres();
    let restored = Fresh::postgres().url;
    backups_restore_whole_and_overwrite_nothing(&db, &restored);
}

/// A locked report keeps printing what it published; a later record shows as a revision;
/// the stored figures cannot be changed, and if someone changes them anyway the report
/// refuses to print.
async fn locked_reports_do_not_drift(db: Fresh) {
    assert!(db.haven(&["demo", "--scale", "0.02"]).status.success());
    let lock = db.haven(&["report", "lock", "--name", "UN input 2023", "--period", "2023"]);
    assert!(lock.status.success(), "{}", stderr(&lock));
    assert!(
        stdout(&lock).contains("locked report 'UN input 2023'"),
        "{}",
        stdout(&lock)
    );
    let again = db.haven(&["report", "lock", "--name", "UN input 2023", "--period", "2023"]);
    assert!(stderr(&again).contains("given more than once"), "{}", stderr(&again));

    let dir = tempfile::tempdir().unwrap();
    let print = |name: &str| {
        let file = dir.path().join(name);
        let output = db.haven(&[
            "report",
            "country",
            "--locked",
            "UN input 2023",
            "--format",
            "json",
            "-o",
            file.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        report["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == "prevention.publications.minors_sexual_exploitation")
            .unwrap()
            .clone()
    };
    let before = print("before.json");
    let published = before["value"].as_f64().unwrap();
    assert!(before.get("revision").is_none());

    // One more publication in 2023, recorded after the report was locked.
    let store = haven_store::open(&db.url, db.keyring()).await.unwrap();
    let actor = haven_domain::access::Actor::system("test");
    let org = store.organisations().await.unwrap()[0].id;
    let input = haven_domain::prevention::PreventionInput {
        org,
        kind: haven_domain::prevention::PreventionKind::Publication,
        topic: haven_domain::prevention::PreventionTopic::SexualExploitationOfMinors,
        held_on: chrono::NaiveDate::from_ymd_opt(2023, 6, 1).unwrap(),
        title: "Late entry".into(),
        region: None,
        audience: None,
    };
    store.create_prevention(&actor, &input).await.unwrap();
    store.close().await;

    let after = print("after.json");
    assert_eq!(after["value"].as_f64(), Some(published), "the published number stands");
    assert_eq!(after["revision"]["locked"].as_f64(), Some(published));
    assert_eq!(after["revision"]["current"].as_f64(), Some(published + 1.0));

    let raw = db.raw().await;
    assert!(
        raw.try_execute("UPDATE locked_reports SET threshold = 1")
            .await
            .is_err(),
        "the database refuses to change a locked report"
    );
    if raw.is_postgres() {
        raw.execute("DROP TRIGGER locked_reports_no_change ON locked_reports")
            .await;
    } else {
        raw.execute("DROP TRIGGER locked_reports_no_update").await;
    }
    raw.execute("UPDATE locked_reports SET figures = REPLACE(figures, '\"version\":1', '\"version\":2')")
        .await;
    raw.close().await;
    let file = dir.path().join("tampered.json");
    let tampered = db.haven(&[
        "report",
        "country",
        "--locked",
        "UN input 2023",
        "--format",
        "json",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(!tampered.status.success());
    assert!(
        stderr(&tampered).contains("altered after locking"),
        "{}",
        stderr(&tampered)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_locked_reports_do_not_drift() {
    locked_reports_do_not_drift(Fresh::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_locked_reports_do_not_drift() {
    locked_reports_do_not_drift(Fresh::postgres()).await;
}

fn json(output: &std::process::Output) -> serde_json::Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_str(&stdout(output)).unwrap_or_else(|e| panic!("{e}: {}", stdout(output)))
}

/// `haven stats` on a small demo database: every indicator listed, JSON as documented, a
/// breakdown that adds up, disclosure control on by default, and clear refusals.
fn stats_from_the_command_line(db: &Fresh) {
    let list = stdout(&db.haven(&["stats", "--list"]));
    let spec = std::fs::read_to_string(support::repo_file("spec/seed-report-figures.toml")).unwrap();
    for id in spec
        .lines()
        .filter_map(|l| l.strip_prefix("id = \""))
        .map(|l| l.trim_end_matches('"'))
    {
        assert!(
            list.lines().any(|l| l.starts_with(&format!("{id}\t"))),
            "{id} is listed"
        );
    }
    let id = "migration.irregular_migrants.identified";
    let total = json(&db.haven(&[
        "stats",
        id,
        "--from",
        "2023-01-01",
        "--to",
        "2023-12-31",
        "--format",
        "json",
    ]));
    assert_eq!(total["indicator"], id);
    assert_eq!(
        (total["from"].as_str(), total["to"].as_str()),
        (Some("2023-01-01"), Some("2023-12-31"))
    );
    let value = total["value"].as_f64().expect("the value is a number");
    assert!(value > 0.0);
    assert_eq!(total["previous"]["from"], "2022-01-01");

    // Exact cells (threshold 0) add up to the total, each person having one sex.
    let by_sex = json(&db.haven(&[
        "stats",
        id,
        "--period",
        "2023",
        "--by",
        "sex",
        "--format",
        "json",
        "--threshold",
        "0",
    ]));
    let cells = by_sex["breakdown"].as_array().unwrap();
    assert!(cells.iter().all(|c| c["sex"].is_string()));
    let sum: u64 = cells.iter().map(|c| c["value"].as_u64().expect("whole counts")).sum();
    assert_eq!(Some(sum), total["value"].as_u64());
    assert_eq!(
        by_sex["value"].as_f64(),
        Some(value),
        "--period 2023 is the calendar year"
    );

    // By default small cells are hidden as UNODC does, and never recoverable from the total.
    let cross = json(&db.haven(&[
        "stats",
        id,
        "--period",
        "2023",
        "--by",
        "citizenship",
        "--by",
        "sex",
        "--format",
        "json",
    ]));
    let hidden: Vec<_> = cross["breakdown"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["value"].is_null())
        .collect();
    assert!(!hidden.is_empty(), "a small demo has small cells");
    assert!(hidden.iter().all(|c| c["shown"] == "<5"));
    assert_eq!(cross["margins"].as_array().unwrap().len(), 2, "row and column totals");

    let csv = stdout(&db.haven(&["stats", id, "--period", "2023", "--by", "sex", "--format", "csv"]));
    assert!(csv.starts_with("indicator,from,to,sex,value\n"), "{csv}");
    assert!(
        csv.contains(&format!("{id},2023-01-01,2023-12-31,total,{value}")),
        "{csv}"
    );

    let refusals: [(&[&str], &str); 5] = [
        (&["stats", "no.such", "--period", "2023"], "haven stats --list"),
        (
            &["stats", id, "--period", "2023", "--by", "shoe_size"],
            "it can by: sex, age_group",
        ),
        (&["stats", id, "--period", "last week"], "is not a period"),
        (&["stats", id, "--from", "2023-01-01"], "--to"),
        (&["stats", id, "--from", "2023-12-31", "--to", "2023-01-01"], "before"),
    ];
    for (args, message) in refusals {
        let output = db.haven(args);
        assert!(!output.status.success(), "{args:?} succeeded");
        assert!(stderr(&output).contains(message), "{args:?}: {}", stderr(&output));
    }

    // The country report goes to a file, which is never overwritten by accident.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.json");
    let file = file.to_str().unwrap();
    let args = [
        "report", "country", "--period", "2023", "--lang", "be", "--format", "json", "-o", file,
    ];
    assert!(db.haven(&args).status.success());
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(report["lang"], "be");
    let stated = report["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap();
    assert_eq!(
        stated["value"].as_f64(),
        Some(value),
        "the report and `haven stats` agree"
    );
    let again = db.haven(&args);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    let mut forced = args.to_vec();
    forced.push("--force");
    assert!(db.haven(&forced).status.success());

    // GLOTIP rows in UNODC's column layout; the total agrees with `haven stats`.
    let glotip = dir.path().join("glotip.csv");
    let glotip = glotip.to_str().unwrap();
    let output = db.haven(&["report", "glotip", "--year", "2023", "-o", glotip]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(glotip).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,txtVALUE,Source"
        )
    );
    let victims = json(&db.haven(&[
        "stats",
        "trafficking.victims.identified",
        "--period",
        "2023",
        "--format",
        "json",
    ]));
    let expected = victims["value"]
        .as_u64()
        .map_or_else(|| "<5".to_owned(), |v| v.to_string());
    assert!(
        text.contains(&format!(
            "BLR,Belarus,Europe,Eastern Europe,Detected trafficking victims,Total,Total,Total,Total,2023,Counts,{expected},Haven"
        )),
        "{text}"
    );
    assert!(
        lines.all(|l| l.split(',').count() == 13),
        "every row has UNODC's 13 columns"
    );
}

#[test]
fn demo_fills_only_an_empty_database_and_its_statistics_can_be_asked_for() {
    let db = Fresh::sqlite();
    let first = db.haven(&["demo", "--scale", "0.02"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).contains("rows per second"), "{}", stdout(&first));
    let second = db.haven(&["demo", "--scale", "0.02"]);
    assert!(!second.status.success());
    assert!(
        stderr(&second).contains("demo data goes into an empty database"),
        "{}",
        stderr(&second)
    );
    stats_from_the_command_line(&db);
}

#[test]
fn serve_sends_strangers_to_the_sign_in_page_with_safe_headers() {
    let db = Fresh::sqlite();
    assert!(db.haven(&["init"]).status.success());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bind = format!("127.0.0.1:{port}");
    let mut server = db
        .command(&["serve", "--bind", &bind])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut ready = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(server.stdout.take().unwrap()), &mut ready).unwrap();
    assert!(ready.contains("serving"), "{ready}");
    let get = |path: &str| {
        let mut stream = std::net::TcpStream::connect(&bind).unwrap();
        stream
            .write_all(format!("GET {path} HTTP/1.1\r\nHost: {bind}\r\nConnection: close\r\n\r\n").as_bytes())
            .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    };
    let home = get("/");
    let sign_in = get("/sign-in?lang=ru");
    server.kill().unwrap();
    server.wait().unwrap();
    let home = home.to_lowercase();
    assert!(home.starts_with("http/1.1 303"), "{home}");
    assert!(home.contains("location: /sign-in"), "{home}");
    let lower = sign_in.to_lowercase();
    assert!(lower.starts_with("http/1.1 200"), "{sign_in}");
    assert!(lower.contains("content-type: text/html; charset=utf-8"));
    assert!(lower.contains("content-security-policy: default-src 'none'; script-src 'self'"));
    assert!(lower.contains("x-content-type-options: nosniff"));
    assert!(sign_in.contains("Вход в Haven"), "{sign_in}");
}
