//! `kill -9` in the middle of `haven demo` and in the middle of a loop of writes: the database
//! opens afterwards, its audit chain verifies, and every write reported committed is there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use haven_domain::access::Actor;
use haven_domain::case::{CaseDetails, CaseInput, CaseStatus, MigrationDetails, MigrationGrounds};
use haven_domain::ids::CaseId;
use haven_domain::org::{OrgKind, OrganisationInput};
use haven_domain::person::{Identity, NewPerson, Sex};
use support::{Fresh, stdout};

/// Read the child's standard output until `enough` says stop, then kill it with SIGKILL.
fn kill_after(mut child: Child, mut enough: impl FnMut(&str) -> bool) -> Vec<String> {
    let out = child.stdout.take().expect("piped stdout");
    let mut lines = Vec::new();
    for line in BufReader::new(out).lines() {
        let line = line.expect("a line of output");
        let stop = enough(&line);
        lines.push(line);
        if stop {
            break;
        }
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("the child is gone");
    lines
}

fn audit_verifies(db: &Fresh) {
    let output = db.haven(&["audit", "verify"]);
    assert!(
        output.status.success(),
        "audit verify after the crash: {}{}",
        stdout(&output),
        support::stderr(&output)
    );
    assert!(stdout(&output).contains("audit trail intact"), "{}", stdout(&output));
}

async fn demo_killed_mid_run(db: Fresh) {
    let child = db
        .command(&["demo"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start haven demo");
    let lines = kill_after(child, |line| line.starts_with("committed batch 6:"));
    let last = lines
        .iter()
        .rev()
        .find(|l| l.starts_with("committed batch"))
        .expect("some batches were committed");
    // "committed batch N: R records, E events"
    let numbers: Vec<u64> = last
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    let (records, events) = (numbers[1], numbers[2]);

    audit_verifies(&db);
    let raw = db.raw().await;
    let stored_events = raw.count("SELECT COUNT(*) FROM events").await;
    let stored_records = raw
        .count(
            "SELECT (SELECT COUNT(*) FROM organisations) + (SELECT COUNT(*) FROM persons) + (SELECT COUNT(*) FROM cases) \
             + (SELECT COUNT(*) FROM referrals) + (SELECT COUNT(*) FROM assistance) + (SELECT COUNT(*) FROM funding_allocations) \
             + (SELECT COUNT(*) FROM prevention_activities) + (SELECT COUNT(*) FROM trainings) + (SELECT COUNT(*) FROM cooperation) \
             + (SELECT COUNT(*) FROM surveys) + (SELECT COUNT(*) FROM events WHERE source = 'user')",
        )
        .await;
    raw.close().await;
    assert!(
        stored_events as u64 >= events,
        "{stored_events} events stored, {events} reported committed"
    );
    assert!(
        stored_records as u64 >= records,
        "{stored_records} records stored, {records} reported committed"
    );
    // The database goes on working: the next write succeeds.
    let output = db.haven(&["org", "add", "--name", "After the crash", "--kind", "NGO"]);
    assert!(output.status.success(), "{}", support::stderr(&output));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_survives_kill_9_during_demo() {
    demo_killed_mid_run(Fresh::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_survives_kill_9_during_demo() {
    demo_killed_mid_run(Fresh::postgres()).await;
}

/// The environment variables that turn [`a_loop_of_writes`] into a child that writes until
/// it is killed.
const CHILD_URL: &str = "HAVEN_CRASH_CHILD_URL";

/// A loop of writes, each a person and a case in their own transactions, printing the id of
/// every case once it is committed. Run on its own it writes twenty and reads them back; the
/// crash tests run it in a child process that writes until they kill it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loop_of_writes() {
    let own = Fresh::sqlite();
    let (url, key, until_killed) = match std::env::var(CHILD_URL) {
        Ok(url) => (url, std::env::var("HAVEN_KEY").unwrap(), true),
        Err(_) => (own.url.clone(), own.key.clone(), false),
    };
    let keys = haven_store::Keyring::new(&haven_store::MasterKey::parse(&key).unwrap());
    let store = if until_killed {
        haven_store::open(&url, keys).await.unwrap()
    } else {
        haven_store::initialise(&url, keys).await.unwrap()
    };
    let actor = Actor::system("crash-test");
    let org = store
        .create_organisation(
            &actor,
            &OrganisationInput {
                parent: None,
                name: "Writer".into(),
                short_name: None,
                kind: OrgKind::ImmigrationService,
                region: None,
            },
        )
        .await
        .unwrap();
    let mut written = Vec::new();
    for i in 0.. {
        if !until_killed && i == 20 {
            break;
        }
        let person = store
            .create_person(
                &actor,
                &NewPerson {
                    sex: Sex::Male,
                    citizenships: vec![],
                    identity: Identity::default(),
                },
            )
            .await
            .unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
        let case = store
            .open_case(
                &actor,
                &CaseInput {
                    org: org.id,
                    person: Some(person.id),
                    reference: format!("W-{}-{i}", org.id.0.simple()),
                    opened_on: day,
                    closed_on: None,
                    status: CaseStatus::Active,
                    details: CaseDetails::Migration(MigrationDetails {
                        detected_on: day,
                        detected_in: None,
                        grounds: MigrationGrounds::IllegalStay,
                        detention: vec![],
                        decision: None,
                    }),
                },
            )
            .await
            .unwrap();
        println!("committed case {}", case.id);
        written.push(case.id);
    }
    for id in written {
        assert_eq!(store.case(&actor, id).await.unwrap().id, id);
    }
}

async fn writes_killed_mid_loop(db: Fresh) {
    // Set the database up here; the child only opens it.
    haven_store::initialise(&db.url, db.keyring())
        .await
        .unwrap()
        .close()
        .await;
    let child = Command::new(std::env::current_exe().unwrap())
        .args(["a_loop_of_writes", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_URL, &db.url)
        .env("HAVEN_KEY", &db.key)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the writer");
    let mut committed = 0;
    let lines = kill_after(child, |line| {
        committed += usize::from(line.starts_with("committed case "));
        committed == 40
    });
    let ids: Vec<CaseId> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("committed case "))
        .map(|id| id.parse().unwrap())
        .collect();
    assert_eq!(ids.len(), 40);

    audit_verifies(&db);
    let store = haven_store::open(&db.url, db.keyring()).await.unwrap();
    for id in ids {
        store
            .case(&Actor::system("check"), id)
            .await
            .unwrap_or_else(|e| panic!("committed case {id} is missing: {e}"));
    }
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_survives_kill_9_during_a_loop_of_writes() {
    writes_killed_mid_loop(Fresh::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_survives_kill_9_during_a_loop_of_writes() {
    writes_killed_mid_loop(Fresh::postgres()).await;
}
