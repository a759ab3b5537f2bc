//! `haven link run` as a data steward runs it on a database of persons registered by several
//! agencies, on SQLite and PostgreSQL: the sure pairs are merged, the doubtful ones queued
//! for review, nothing identifying is printed, and a second run changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::HashMap;

use haven_domain::access::Actor;
use haven_domain::country::CountryCode;
use haven_domain::date::PartialDate;
use haven_domain::error::Validate;
use haven_domain::ids::PersonId;
use haven_domain::merge::PairState;
use haven_domain::person::{DocumentKind, Identity, IdentityDocument, NameSource, NameVariant, NewPerson, Script, Sex};
use haven_link::generate::{Options, generate};
use haven_link::record::Record;
use support::{Fresh, stderr, stdout};

fn name(given: &str, family: &str, patronymic: &str) -> NameVariant {
    let full = format!("{given} {patronymic} {family}");
    NameVariant {
        script: Script::detect(&full),
        source: NameSource::Other,
        recorded_by: None,
        given: given.to_owned(),
        family: family.to_owned(),
        patronymic: (!patronymic.is_empty()).then(|| patronymic.to_owned()),
    }
}

/// A generated record as a registered person; `None` for one the domain would refuse.
fn person_of(record: &Record) -> Option<NewPerson> {
    let citizenship = record.citizenship.as_deref().and_then(|c| CountryCode::parse(c).ok());
    let birth_date = record.dob.year.and_then(|y| {
        let (m, d) = record.dob.month_day.unzip();
        PartialDate::new(i32::from(y), m.map(u32::from), d.map(u32::from)).ok()
    });
    let person = NewPerson {
        sex: match record.sex {
            Some(haven_link::record::Sex::Female) => Sex::Female,
            Some(haven_link::record::Sex::Male) => Sex::Male,
            None => Sex::Unknown,
        },
        citizenships: citizenship.into_iter().collect(),
        identity: Identity {
            names: vec![name(&record.first_name, &record.last_name, &record.patronymic)],
            birth_date,
            documents: record
                .document_no
                .iter()
                .map(|number| IdentityDocument {
                    kind: DocumentKind::Passport,
                    issuing_country: citizenship.unwrap_or(CountryCode::BELARUS),
                    number: number.clone(),
                    valid_until: None,
                })
                .collect(),
            contacts: vec![],
        },
    };
    person.validate(chrono::Utc::now().date_naive()).ok().map(|()| person)
}

/// The woman the police wrote in Cyrillic and the migration service from her passport.
fn tatsiana(names: Vec<NameVariant>) -> NewPerson {
    NewPerson {
        sex: Sex::Female,
        citizenships: vec![CountryCode::BELARUS],
        identity: Identity {
            names,
            birth_date: Some(PartialDate::new(1979, Some(4), Some(12)).unwrap()),
            documents: vec![IdentityDocument {
                kind: DocumentKind::Passport,
                issuing_country: CountryCode::BELARUS,
                number: "MP 1234567".into(),
                valid_until: None,
            }],
            contacts: vec![],
        },
    }
}

async fn linking_the_database(db: Fresh) {
    let init = db.haven(&["init"]);
    assert!(init.status.success(), "{}", stderr(&init));
    let store = haven_store::open(&db.url, db.keyring()).await.unwrap();
    let system = Actor::system("test");
    let mut batch = haven_store::Batch::default();
    let mut truth: HashMap<PersonId, String> = HashMap::new();
    for generated in generate(Options {
        entities: 400,
        seed: 7,
        ..Options::default()
    }) {
        if let Some(person) = person_of(&generated.record) {
            let id = PersonId::new();
            truth.insert(id, generated.cluster_id.clone());
            batch.persons.push((id, person));
        }
    }
    let police = PersonId::new();
    let passport = PersonId::new();
    batch
        .persons
        .push((police, tatsiana(vec![name("Татьяна", "Бугаева", "Сергеевна")])));
    batch
        .persons
        .push((passport, tatsiana(vec![name("TATSIANA", "BUHAYEVA", "")])));
    truth.insert(police, "tatsiana".into());
    truth.insert(passport, "tatsiana".into());
    store.write_batch(&system, &batch).await.unwrap();

    let run = db.haven(&["link", "run"]);
    assert!(run.status.success(), "{}{}", stdout(&run), stderr(&run));
    let printed = format!("{}{}", stdout(&run), stderr(&run));
    assert!(printed.contains("pairs merged"), "{printed}");
    for never in ["Бугаева", "BUHAYEVA", "Татьяна", "1234567"] {
        assert!(!printed.contains(never), "{never} printed");
    }

    // The same woman in two scripts is one person now; both records are kept.
    assert_eq!(store.shown_as(&system, passport).await.unwrap(), police.min(passport));
    assert_eq!(store.shown_as(&system, police).await.unwrap(), police.min(passport));
    assert!(store.person(&system, passport).await.is_ok());

    // What was merged is, nearly always, one true person; the doubtful pairs wait for a
    // reviewer, with their evidence.
    let merged = store.decided_pairs(&system, None, 100_000).await.unwrap();
    assert!(merged.len() >= 100, "{} pairs merged", merged.len());
    assert!(merged.iter().all(|p| p.state == PairState::Merged && p.score >= 0.5));
    let right = merged.iter().filter(|p| truth[&p.left] == truth[&p.right]).count();
    assert!(
        right as f64 >= 0.95 * merged.len() as f64,
        "{right} of {} merges right",
        merged.len()
    );
    let queue = store.review_queue(&system, 100_000).await.unwrap();
    assert!(!queue.is_empty());
    // Some score high and still wait: joining them would put two persons' different dates of
    // birth or documents in one.
    for pair in &queue {
        assert!(pair.score >= 0.05, "{}", pair.score);
        assert_eq!(
            pair.evidence.len(),
            haven_link::linkage::FIELDS.len(),
            "a weight for every field compared"
        );
    }

    // A second run finds the same pairs and leaves them as they are.
    let again = db.haven(&["link", "run"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).contains(": 0 pairs merged, 0 queued for review"),
        "{}",
        stdout(&again)
    );
    assert_eq!(
        store.decided_pairs(&system, None, 100_000).await.unwrap().len(),
        merged.len()
    );
    assert_eq!(store.review_queue(&system, 100_000).await.unwrap().len(), queue.len());
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_is_linked_on_sqlite() {
    linking_the_database(Fresh::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_is_linked_on_postgres() {
    linking_the_database(Fresh::postgres()).await;
}
