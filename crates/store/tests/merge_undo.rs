#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A merge followed by its undo gives back exactly what the store showed before, whatever
//! merges were decided before it, on SQLite and PostgreSQL.

mod support;

use haven_domain::access::{Actor, Role};
use haven_domain::ids::PersonId;
use haven_domain::merge::{Candidate, Evidence, PairState, Ruling};
use haven_domain::org::OrgKind;
use haven_domain::person::{Identity, Person};
use haven_store::{Page, Store};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use support::Fresh;
use support::fixtures::{member, org_input, system, tatsiana};

/// Persons, the merges decided before, and the merge that is then undone, as indices into
/// the pairs of persons.
#[derive(Debug, Clone)]
struct Story {
    persons: usize,
    earlier: Vec<(usize, bool)>,
    merge: (usize, bool),
}

fn pairs_of(n: usize) -> Vec<(usize, usize)> {
    (0..n).flat_map(|i| (i + 1..n).map(move |j| (i, j))).collect()
}

fn story() -> impl Strategy<Value = Story> {
    (2usize..6).prop_flat_map(|persons| {
        let pairs = pairs_of(persons).len();
        (
            prop::collection::vec((0..pairs, any::<bool>()), 0..4),
            (0..pairs, any::<bool>()),
        )
            .prop_map(move |(earlier, merge)| Story {
                persons,
                earlier,
                merge,
            })
    })
}

/// What the store shows of the persons: each one, their identity, the record each is shown
/// as, and what a search for their name lists.
#[derive(Debug, PartialEq)]
struct Shown {
    persons: Vec<(Person, Identity, PersonId)>,
    search: Vec<PersonId>,
}

async fn shown(db: &dyn Store, actor: &Actor, ids: &[PersonId]) -> Shown {
    let mut persons = Vec::new();
    for id in ids {
        persons.push((
            db.person(actor, *id).await.unwrap(),
            db.read_identity(actor, *id).await.unwrap(),
            db.shown_as(actor, *id).await.unwrap(),
        ));
    }
    let mut search: Vec<PersonId> = db
        .find_by_name(actor, "Tatsiana Buhayeva", Page::first(100))
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .filter(|id| ids.contains(id))
        .collect();
    search.sort();
    Shown { persons, search }
}

async fn merge_then_undo(db: &dyn Store, actor: &Actor, story: &Story) -> Result<(), TestCaseError> {
    let mut ids = Vec::new();
    for i in 0..story.persons {
        let mut person = tatsiana();
        person.identity.names.rotate_left(i % 3);
        ids.push(db.create_person(actor, &person).await.unwrap().id);
    }
    let pairs = pairs_of(story.persons);
    let candidates: Vec<Candidate> = pairs
        .iter()
        .map(|&(i, j)| {
            let evidence = vec![Evidence {
                field: "name".into(),
                weight: Some(8.0),
            }];
            Candidate::new(ids[i], ids[j], 0.3, evidence)
        })
        .collect();
    db.record_linkage(&system(), &[], &candidates).await.unwrap();
    let pair_of = |index: usize| {
        let (left, right) = (candidates[index].left, candidates[index].right);
        async move {
            db.decided_pairs(actor, Some(left), 100)
                .await
                .unwrap()
                .into_iter()
                .chain(db.review_queue(actor, 1000).await.unwrap())
                .find(|p| p.left == left && p.right == right)
        }
    };
    for &(index, left_survives) in &story.earlier {
        if let Some(pair) = pair_of(index).await
            && pair.state == PairState::Review
        {
            let survivor = if left_survives { pair.left } else { pair.right };
            // Some are refused: the two are one person already through the others.
            let _ = db
                .decide_pair(actor, pair.id, pair.version, Ruling::Merge { survivor })
                .await;
        }
    }
    let (index, left_survives) = story.merge;
    let pair = pair_of(index).await;
    prop_assume!(pair.as_ref().is_some_and(|p| p.state == PairState::Review));
    let pair = pair.unwrap();

    let before = shown(db, actor, &ids).await;
    let survivor = if left_survives { pair.left } else { pair.right };
    let merged = db
        .decide_pair(actor, pair.id, pair.version, Ruling::Merge { survivor })
        .await
        .unwrap();
    let during = shown(db, actor, &ids).await;
    prop_assert_ne!(&during, &before, "a merge shows");
    db.decide_pair(actor, pair.id, merged.version, Ruling::Undo)
        .await
        .unwrap();
    let after = shown(db, actor, &ids).await;
    prop_assert_eq!(after, before);
    Ok(())
}

fn run_on(db: &Fresh, runtime: &tokio::runtime::Runtime) {
    let actor = runtime.block_on(async {
        let police = db
            .create_organisation(&system(), &org_input("Police", OrgKind::LawEnforcement, None))
            .await
            .unwrap();
        member(&**db, police.id, "investigator", Role::Investigator).await
    });
    let mut runner = TestRunner::new(Config {
        cases: 24,
        ..Config::default()
    });
    runner
        .run(&story(), |story| {
            runtime.block_on(merge_then_undo(&**db, &actor, &story))
        })
        .unwrap();
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn a_merge_and_its_undo_leave_every_person_as_it_was_on_sqlite() {
    let runtime = runtime();
    let db = runtime.block_on(support::sqlite());
    run_on(&db, &runtime);
}

#[test]
fn a_merge_and_its_undo_leave_every_person_as_it_was_on_postgres() {
    let runtime = runtime();
    let db = runtime.block_on(support::postgres());
    run_on(&db, &runtime);
}
