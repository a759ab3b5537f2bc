#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The storage scenarios, each run against SQLite and PostgreSQL.

mod support;

use std::sync::Arc;

use haven_domain::access::Role;
use haven_domain::agency::{AgencyInput, AgencyKind};
use haven_domain::assistance::{AssistanceInput, AssistanceKind};
use haven_domain::audit::{AuditAction, ChainBreak};
use haven_domain::case::*;
use haven_domain::cooperation::{CooperationInput, CooperationKind};
use haven_domain::country::CountryCode;
use haven_domain::date::PartialDate;
use haven_domain::event::{EventKind, EventSource, NewEvent};
use haven_domain::funding::{FundingInput, FundingPurpose, FundingSource};
use haven_domain::ids::{OrgId, PersonId};
use haven_domain::money::{Currency, Money};
use haven_domain::org::OrgKind;
use haven_domain::person::{DocumentKind, IdentityDocument, NameSource, NameVariant, NewPerson, Script, Sex};
use haven_domain::prevention::{PreventionInput, PreventionKind, PreventionTopic};
use haven_domain::reference::{FigureValue, ReferenceFigure, ReferenceSource};
use haven_domain::referral::{
    CaseSection, Consent, ConsentBasis, NewReferral, ReferralReason, ReferralResponse, ReferralStatus,
};
use haven_domain::survey::{Answer, SurveyInput, SurveyResponse};
use haven_domain::training::{Participants, TrainingInput};
use haven_store::{Batch, CaseFilter, Keyring, MasterKey, Page, ReferenceQuery, RegisterImport, StoreError};
use support::Fresh;
use support::fixtures::*;

on_both_backends!(
    organisations_form_a_tree_and_stale_edits_conflict,
    identity_is_sealed_searchable_and_every_read_audited,
    a_belarusian_record_is_found_by_the_russian_form_also_after_an_upgrade,
    linkage_reads_every_identity_at_once_as_each_reads_alone,
    a_search_for_a_common_name_pages_through_the_namesakes_the_reader_may_see_by_code,
    every_case_kind_round_trips_with_its_timeline,
    bad_input_is_refused_by_field_and_nothing_is_written,
    referrals_need_consent_and_open_only_what_they_share,
    the_audit_chain_shows_tampering,
    a_wrong_key_opens_nothing,
    assistance_and_activities_round_trip,
    a_batch_lands_whole_or_not_at_all,
    concurrent_writers_keep_one_chain,
    identity_reads_at_once_are_each_audited_before_they_answer,
    sessions_are_server_side_and_second_factors_sealed,
    the_agency_register_imports_by_licence_and_is_looked_up_by_any_spelling_of_case,
    protection_about_to_end_is_listed_for_its_own_organisation,
    deactivating_an_account_or_resetting_its_second_factor_ends_its_sessions,
    the_case_list_and_the_referral_inbox_page_through_an_organisation_and_its_units_newest_first,
    trainings_funding_and_cooperation_are_listed_in_scope_corrected_once_and_guarded,
    referrals_and_cases_are_reported_to_each_organisation_concerned_in_order,
    reference_figures_are_replaced_whole_by_source_and_read_by_who_reads_statistics,
    two_records_of_one_person_are_merged_kept_apart_and_unmerged_and_each_decision_audited,
    the_review_queue_shows_the_strongest_pairs_a_reviewer_may_see_past_those_they_may_not,
);

async fn organisations_form_a_tree_and_stale_edits_conflict(db: Fresh) {
    let ministry = db
        .create_organisation(
            &system(),
            &org_input(
                "Ministry of Internal Affairs",
                OrgKind::CentralGovernmentOrganisation,
                None,
            ),
        )
        .await
        .unwrap();
    let dept = db
        .create_organisation(
            &system(),
            &org_input(
                "Department of Citizenship and Migration",
                OrgKind::ImmigrationService,
                Some(ministry.id),
            ),
        )
        .await
        .unwrap();
    let unit = db
        .create_organisation(
            &system(),
            &org_input("Hrodna migration unit", OrgKind::ImmigrationService, Some(dept.id)),
        )
        .await
        .unwrap();
    let ngo = db
        .create_organisation(&system(), &org_input("Shelter", OrgKind::Ngo, None))
        .await
        .unwrap();

    let mut tree = db.organisation_tree(ministry.id).await.unwrap();
    tree.sort();
    let mut expected = vec![ministry.id, dept.id, unit.id];
    expected.sort();
    assert_eq!(tree, expected);
    assert_eq!(db.organisation_tree(ngo.id).await.unwrap(), vec![ngo.id]);

    // Two edits from the same version: the second is refused, naming the record.
    let mut first = dept.input();
    first.short_name = Some("DCM".into());
    let saved = db
        .update_organisation(&system(), dept.id, dept.version, &first)
        .await
        .unwrap();
    assert_eq!(saved.version, 2);
    let mut second = dept.input();
    second.name = "Renamed".into();
    match db.update_organisation(&system(), dept.id, dept.version, &second).await {
        Err(StoreError::Conflict {
            record,
            expected,
            actual,
        }) => {
            assert_eq!(record.id, dept.id.0);
            assert_eq!((expected, actual), (1, 2));
            assert!(
                StoreError::Conflict {
                    record,
                    expected,
                    actual
                }
                .to_string()
                .contains(&dept.id.to_string())
            );
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        db.organisation(dept.id).await.unwrap().short_name.as_deref(),
        Some("DCM"),
        "first edit kept"
    );

    // No cycles: the ministry cannot move under its own unit.
    let mut cyclic = ministry.input();
    cyclic.parent = Some(unit.id);
    let err = db
        .update_organisation(&system(), ministry.id, ministry.version, &cyclic)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref e) if e.has("parent")), "{err}");

    // Only administrators manage organisations.
    let worker = member(&*db, ngo.id, "worker", Role::CaseWorker).await;
    assert!(matches!(
        db.create_organisation(&worker, &org_input("Rogue", OrgKind::Ngo, None))
            .await,
        Err(StoreError::Denied(_))
    ));
}

async fn identity_is_sealed_searchable_and_every_read_audited(db: Fresh) {
    let police = db
        .create_organisation(&system(), &org_input("Police", OrgKind::LawEnforcement, None))
        .await
        .unwrap();
    let investigator = member(&*db, police.id, "investigator", Role::Investigator).await;
    let person = db.create_person(&investigator, &tatsiana()).await.unwrap();
    assert!(person.code.as_str().starts_with("P-"));
    assert_eq!(person.birth_year, Some(1979));

    // Nothing identifying is stored in clear.
    let raw = db.raw().await;
    let stored = raw.bytes("SELECT name FROM person_names").await;
    assert_eq!(stored.len(), 3);
    for bytes in stored
        .iter()
        .chain(raw.bytes("SELECT number FROM person_documents").await.iter())
    {
        for plain in ["Бугаева", "BUHAYEVA", "1234567"] {
            assert!(
                !bytes.windows(plain.len()).any(|w| w == plain.as_bytes()),
                "{plain} stored in clear"
            );
        }
    }

    // Look-up by document number, however it is typed, and by any spelling.
    let found = db
        .find_by_document(&investigator, "mp1234567", Page::first(100))
        .await
        .unwrap();
    assert_eq!(found.iter().map(|p| p.id).collect::<Vec<_>>(), vec![person.id]);
    assert_eq!(
        db.find_by_name(&investigator, "  тацяна   БУГАЕВА", Page::first(100))
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        db.find_by_name(&investigator, "Tatsiana Buhayeva", Page::first(100))
            .await
            .unwrap()
            .len(),
        1
    );
    // Spellings nobody recorded, in another script or order, find her too.
    for spelling in ["Tatiana Bugaeva", "Бугаева Tatjana", "ТАЦЦЯНА БУГАЕВА", "Buhaeva"] {
        let found = db
            .find_by_name(&investigator, spelling, Page::first(100))
            .await
            .unwrap();
        assert_eq!(
            found.iter().map(|p| p.id).collect::<Vec<_>>(),
            vec![person.id],
            "{spelling}"
        );
    }
    for other in ["Ольга Бугаева", "Tatiana Petrova", "Bugaeva Tatiana Olegovna Smith"] {
        assert!(
            db.find_by_name(&investigator, other, Page::first(100))
                .await
                .unwrap()
                .is_empty(),
            "{other}"
        );
    }

    // Reading the identity decrypts it and leaves an audit entry.
    let before = db.audit_head().await.unwrap().0;
    let identity = db.read_identity(&investigator, person.id).await.unwrap();
    assert_eq!(identity, tatsiana().identity);
    let auditor_org = db
        .create_organisation(
            &system(),
            &org_input("Inspectorate", OrgKind::CentralGovernmentOrganisation, None),
        )
        .await
        .unwrap();
    let auditor = member(&*db, auditor_org.id, "auditor", Role::Auditor).await;
    let entries = db.audit_entries(&auditor, before, 10).await.unwrap();
    let read = entries
        .iter()
        .find(|e| e.record.action == AuditAction::ReadIdentity)
        .expect("a read entry");
    assert_eq!(read.record.record, Some(person.id.0));
    assert_eq!(read.record.actor_label, "investigator");
    assert_eq!(read.record.actor_org, Some(police.id.0));

    // An analyst, another organisation's worker and an administrator see no identity.
    let ngo = db
        .create_organisation(&system(), &org_input("NGO", OrgKind::Ngo, None))
        .await
        .unwrap();
    let analyst = member(&*db, police.id, "analyst", Role::Analyst).await;
    let stranger = member(&*db, ngo.id, "stranger", Role::CaseWorker).await;
    let admin = member(&*db, police.id, "admin", Role::Administrator).await;
    for actor in [&analyst, &stranger, &admin] {
        assert!(
            matches!(db.read_identity(actor, person.id).await, Err(StoreError::Denied(_))),
            "{}",
            actor.label
        );
    }
    assert!(
        db.find_by_name(&stranger, "Тацяна Бугаева", Page::first(100))
            .await
            .unwrap()
            .is_empty(),
        "not visible to other orgs"
    );
    assert!(matches!(
        db.find_by_name(&analyst, "Тацяна Бугаева", Page::first(100)).await,
        Err(StoreError::Denied(_))
    ));
    // The analyst may see the pseudonymous person: no names in it.
    let seen = db.person(&analyst, person.id).await.unwrap();
    assert_eq!(seen.code, person.code);

    // Updating the identity needs the current version and replaces the look-ups.
    let mut changed = tatsiana();
    changed.identity.documents[0].number = "MP7654321".into();
    let updated = db
        .update_person(&investigator, person.id, person.version, &changed)
        .await
        .unwrap();
    assert_eq!(updated.version, 2);
    assert!(
        db.find_by_document(&investigator, "MP1234567", Page::first(100))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        db.find_by_document(&investigator, "MP7654321", Page::first(100))
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(matches!(
        db.update_person(&investigator, person.id, person.version, &tatsiana())
            .await,
        Err(StoreError::Conflict { .. })
    ));
}

/// Мікалай Казлоўскі, recorded by a Belarusian NGO, is the Николай Козловский an investigator
/// types; a database whose look-ups an older version wrote finds him once `haven init` has
/// rewritten them.
async fn a_belarusian_record_is_found_by_the_russian_form_also_after_an_upgrade(db: Fresh) {
    let police = db
        .create_organisation(&system(), &org_input("Police", OrgKind::LawEnforcement, None))
        .await
        .unwrap();
    let investigator = member(&*db, police.id, "investigator", Role::Investigator).await;
    let mut recorded = migrant();
    recorded.citizenships = vec![CountryCode::BELARUS];
    recorded.identity.names = vec![NameVariant {
        patronymic: Some("Мікалаевіч".into()),
        ..name(Script::Cyrillic, NameSource::NgoRecord, "Мікалай", "Казлоўскі")
    }];
    let person = db.create_person(&investigator, &recorded).await.unwrap();
    let other = db.create_person(&investigator, &tatsiana()).await.unwrap();
    let searches = [
        "Николай Козловский",
        "Nikolai Kozlovsky",
        "Козловский Николай Николаевич",
        "Kazlouski",
    ];
    let found = async |store: &dyn haven_store::Store, search: &str| -> Vec<PersonId> {
        let found = store
            .find_by_name(&investigator, search, Page::first(100))
            .await
            .unwrap();
        found.iter().map(|p| p.id).collect()
    };
    for search in searches {
        assert_eq!(found(&*db, search).await, vec![person.id], "{search}");
    }
    for other in ["Михаил Козловский", "Николай Ковалёв", "Коваль"] {
        assert!(found(&*db, other).await.is_empty(), "{other}");
    }

    // The look-ups as an older version wrote them: without the Russian forms.
    let raw = db.raw().await;
    raw.execute("DELETE FROM meta WHERE key = 'person_lookup_version'")
        .await;
    let key = haven_link::normalise::spelling_keys(&["Николай", "Козловский"]).remove(0);
    let digest = db.keys().blind_index("spelling", &key);
    assert_eq!(
        raw.count(&format!(
            "SELECT COUNT(*) FROM person_lookup WHERE digest = {}",
            hex_literal(&raw, &digest)
        ))
        .await,
        1
    );
    raw.execute(&format!(
        "DELETE FROM person_lookup WHERE kind = 'spelling' AND digest = {}",
        hex_literal(&raw, &digest)
    ))
    .await;
    assert!(found(&*db, "Николай Козловский").await.is_empty());
    let upgraded = haven_store::initialise(&db.url, db.keys()).await.unwrap();
    assert_eq!(found(&*upgraded, "Николай Козловский").await, vec![person.id]);
    assert_eq!(found(&*upgraded, "Тацяна Бугаева").await, vec![other.id]);
}

/// A byte string as an SQL literal of the backend.
async fn a_search_for_a_common_name_pages_through_the_namesakes_the_reader_may_see_by_code(db: Fresh) {
    let org = |name: &'static str, kind| {
        let db = &db;
        async move {
            db.create_organisation(&system(), &org_input(name, kind, None))
                .await
                .unwrap()
                .id
        }
    };
    let (police, ngo) = (
        org("Police", OrgKind::LawEnforcement).await,
        org("NGO", OrgKind::Ngo).await,
    );
    let investigator = member(&*db, police, "investigator", Role::Investigator).await;
    let worker = member(&*db, ngo, "worker", Role::CaseWorker).await;
    let namesake = |given: &str| {
        let mut person = tatsiana();
        person.identity.names = vec![name(Script::Cyrillic, NameSource::PoliceRecord, given, "Бугаева")];
        person.identity.documents.clear();
        person
    };
    // Seven namesakes the police registered, interleaved with two only the NGO may see.
    let mut seen = Vec::new();
    for (i, given) in [
        "Анна",
        "Вольга",
        "Ганна",
        "Ірына",
        "Марына",
        "Наталля",
        "Святлана",
        "Алена",
        "Таццяна",
    ]
    .into_iter()
    .enumerate()
    {
        if i % 4 == 1 {
            db.create_person(&worker, &namesake(given)).await.unwrap();
        } else {
            seen.push(db.create_person(&investigator, &namesake(given)).await.unwrap());
        }
    }
    seen.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    let page = |limit: i64, offset: i64| {
        let db = &db;
        let investigator = &investigator;
        async move {
            db.find_by_name(investigator, "Бугаева", Page { limit, offset })
                .await
                .unwrap()
                .into_iter()
                .map(|p| p.id)
                .collect::<Vec<_>>()
        }
    };
    let all: Vec<_> = seen.iter().map(|p| p.id).collect();
    assert_eq!(page(100, 0).await, all);
    let pages = [page(3, 0).await, page(3, 3).await, page(3, 6).await];
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [3, 3, 1]);
    assert_eq!(pages.concat(), all);
    assert!(page(3, 9).await.is_empty());
}

async fn linkage_reads_every_identity_at_once_as_each_reads_alone(db: Fresh) {
    let police = db
        .create_organisation(&system(), &org_input("Police", OrgKind::LawEnforcement, None))
        .await
        .unwrap();
    let investigator = member(&*db, police.id, "investigator", Role::Investigator).await;
    // Several names, documents and contacts in their order, two citizenships, no birth date,
    // a patronymic, nothing but a name.
    let mut dual = migrant();
    dual.citizenships.push(CountryCode::BELARUS);
    dual.identity.birth_date = None;
    dual.identity.names[0].patronymic = Some("Ахмедович".into());
    dual.identity.documents = vec![
        IdentityDocument {
            kind: DocumentKind::Passport,
            issuing_country: CountryCode::BELARUS,
            number: "KH 7654321".into(),
            valid_until: None,
        },
        IdentityDocument {
            kind: DocumentKind::Passport,
            issuing_country: CountryCode::parse("SYR").unwrap(),
            number: "N 0042".into(),
            valid_until: Some(d(2027, 5, 1)),
        },
    ];
    let mut bare = migrant();
    bare.citizenships.clear();
    bare.identity.names.truncate(1);
    bare.identity.birth_date = None;
    let mut ids = Vec::new();
    for input in [tatsiana(), migrant(), dual, bare] {
        ids.push(db.create_person(&investigator, &input).await.unwrap().id);
    }
    ids.sort();
    let mut alone = Vec::new();
    for id in &ids {
        let person = db.person(&investigator, *id).await.unwrap();
        let identity = db.read_identity(&investigator, *id).await.unwrap();
        alone.push((
            *id,
            NewPerson {
                sex: person.sex,
                citizenships: person.citizenships,
                identity,
            },
        ));
    }
    assert_eq!(db.linkage_persons(&system()).await.unwrap(), alone);
    // Only the key holder's task reads every identity.
    assert!(matches!(
        db.linkage_persons(&investigator).await,
        Err(StoreError::Refused(_))
    ));
}

fn hex_literal(raw: &support::Raw, bytes: &[u8]) -> String {
    let hex = bytes.iter().fold(String::new(), |mut hex, b| {
        use std::fmt::Write;
        let _ = write!(hex, "{b:02x}");
        hex
    });
    if raw.is_postgres() {
        format!("'\\x{hex}'::bytea")
    } else {
        format!("X'{hex}'")
    }
}

async fn every_case_kind_round_trips_with_its_timeline(db: Fresh) {
    let org = db
        .create_organisation(
            &system(),
            &org_input("Ministry", OrgKind::CentralGovernmentOrganisation, None),
        )
        .await
        .unwrap();
    let person = db.create_person(&system(), &tatsiana()).await.unwrap();
    let accused = db.create_person(&system(), &migrant()).await.unwrap();
    let mut opened = Vec::new();
    for input in every_kind(org.id, person.id, accused.id) {
        let case = db
            .open_case(&system(), &input)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", input.reference));
        assert_eq!(case.input(), input, "{} round trip", input.reference);
        assert_eq!(db.case(&system(), case.id).await.unwrap().input(), input);
        let timeline = db.timeline(&system(), case.id).await.unwrap();
        let kinds: Vec<EventKind> = timeline.iter().map(|e| e.kind).collect();
        let facts: Vec<EventKind> = input.facts().iter().map(|f| f.kind).collect();
        let mut sorted = facts.clone();
        sorted.sort();
        let mut got = kinds.clone();
        got.sort();
        assert_eq!(got, sorted, "{} timeline", input.reference);
        assert!(
            timeline.windows(2).all(|w| w[0].occurred_on <= w[1].occurred_on),
            "in date order"
        );
        opened.push(case);
    }
    assert_eq!(
        db.cases(
            &system(),
            &CaseFilter {
                person: Some(person.id),
                ..CaseFilter::default()
            }
        )
        .await
        .unwrap()
        .len(),
        5
    );

    // Extending protection updates the case and its timeline together.
    let protection = opened
        .iter()
        .find(|c| c.kind() == CaseKind::Protection)
        .unwrap()
        .clone();
    let mut input = protection.input();
    let CaseDetails::Protection(details) = &mut input.details else {
        unreachable!()
    };
    details.extensions.push(ProtectionExtension {
        decided_on: d(2025, 4, 20),
        valid_until: d(2026, 5, 1),
    });
    let updated = db
        .update_case(&system(), protection.id, protection.version, &input)
        .await
        .unwrap();
    assert_eq!(updated.version, 2);
    let extended = db
        .timeline(&system(), protection.id)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.kind == EventKind::ProtectionExtended)
        .count();
    assert_eq!(extended, 3);
    // A second edit from the old version is refused, and the first stays.
    let err = db
        .update_case(&system(), protection.id, protection.version, &protection.input())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                expected: 1,
                actual: 2,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(db.case(&system(), protection.id).await.unwrap().input(), input);

    // Notes users write live on the timeline beside the stated facts, sealed.
    let event = db
        .record_event(
            &system(),
            &NewEvent {
                case: protection.id,
                kind: EventKind::Interview,
                occurred_on: d(2024, 1, 10),
                notes: Some("Interview held with an interpreter.".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(event.source, EventSource::User);
    let raw = db.raw().await;
    assert!(
        raw.bytes("SELECT notes FROM events WHERE notes IS NOT NULL")
            .await
            .iter()
            .all(|b| !b.windows(9).any(|w| w == b"interpret"))
    );
    let timeline = db.timeline(&system(), protection.id).await.unwrap();
    assert_eq!(
        timeline.iter().find(|e| e.id == event.id).unwrap().notes.as_deref(),
        Some("Interview held with an interpreter.")
    );
    // Stated events are changed through their record; a user's event is corrected by version
    // (sealed again, on its own case only) and deleted with its version.
    let stated = timeline.iter().find(|e| e.source == EventSource::Case).unwrap();
    assert!(matches!(
        db.delete_event(&system(), stated.id, stated.version).await,
        Err(StoreError::Refused(_))
    ));
    let correction = NewEvent {
        case: protection.id,
        kind: EventKind::Interview,
        occurred_on: d(2024, 1, 11),
        notes: Some("Held on the eleventh.".into()),
    };
    assert!(matches!(
        db.update_event(&system(), stated.id, stated.version, &correction).await,
        Err(StoreError::Refused(_))
    ));
    let corrected = db
        .update_event(&system(), event.id, event.version, &correction)
        .await
        .unwrap();
    assert_eq!(
        (corrected.occurred_on, corrected.version),
        (d(2024, 1, 11), event.version + 1)
    );
    assert_eq!(
        db.event(&system(), event.id).await.unwrap().notes.as_deref(),
        Some("Held on the eleventh.")
    );
    assert!(
        raw.bytes("SELECT notes FROM events WHERE notes IS NOT NULL")
            .await
            .iter()
            .all(|b| !b.windows(8).any(|w| w == b"eleventh"))
    );
    assert!(matches!(
        db.update_event(&system(), event.id, event.version, &correction).await,
        Err(StoreError::Conflict { .. })
    ));
    let other = db
        .cases(
            &system(),
            &CaseFilter {
                limit: 10,
                ..CaseFilter::default()
            },
        )
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.id != protection.id)
        .expect("the other kinds' cases");
    let moved = NewEvent {
        case: other.id,
        ..correction.clone()
    };
    let err = db
        .update_event(&system(), event.id, corrected.version, &moved)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref e) if e.has("case")), "{err}");
    db.delete_event(&system(), event.id, corrected.version).await.unwrap();

    // A duplicate reference in the same organisation is refused by field.
    let mut duplicate = every_kind(org.id, person.id, accused.id).remove(0);
    duplicate.opened_on = d(2024, 1, 1);
    let err = db.open_case(&system(), &duplicate).await.unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref e) if e.has("reference")), "{err}");
}

async fn bad_input_is_refused_by_field_and_nothing_is_written(db: Fresh) {
    let org = db
        .create_organisation(&system(), &org_input("Police", OrgKind::LawEnforcement, None))
        .await
        .unwrap();
    let person = db.create_person(&system(), &tatsiana()).await.unwrap();
    let tables = [
        "organisations",
        "persons",
        "cases",
        "events",
        "assistance",
        "funding_allocations",
        "prevention_activities",
        "audit_log",
    ];
    let mut counts = Vec::new();
    for t in tables {
        counts.push(db.count_rows(t).await.unwrap());
    }
    let head = db.audit_head().await.unwrap();

    // A future date.
    let mut future = trafficking(org.id, person.id);
    future.opened_on = d(2100, 1, 1);
    invalid(db.open_case(&system(), &future).await, "opened_on");
    // An end before its start.
    let mut backwards = migration(org.id, person.id);
    if let CaseDetails::Migration(m) = &mut backwards.details {
        m.detention[0].ended_on = Some(d(2023, 6, 1));
    }
    invalid(
        db.open_case(&system(), &backwards).await,
        "details.detention[0].ended_on",
    );
    // An unknown country code never becomes a value: parsing refuses it, naming the list.
    let json = serde_json::json!({"sex": "M", "citizenships": ["XYZ"], "identity": {"names": [], "birth_date": null, "documents": [], "contacts": []}});
    let err = serde_json::from_value::<NewPerson>(json).unwrap_err();
    assert!(
        err.to_string()
            .contains("'XYZ' is not a known ISO 3166 alpha-3 country code"),
        "{err}"
    );
    // An age over 120.
    let mut old = tatsiana();
    old.identity.birth_date = Some(PartialDate::year(1890).unwrap());
    invalid(db.create_person(&system(), &old).await, "identity.birth_date");
    // A negative amount.
    let mut funding = funding_input(org.id);
    funding.amount.minor = -100;
    invalid(db.create_funding(&system(), &funding).await, "amount.minor");
    // An unknown picklist value.
    let err = serde_json::from_str::<Exploitation>("\"ForcedSmiling\"").unwrap_err();
    assert!(
        err.to_string()
            .contains("'ForcedSmiling' is not a known type of exploitation"),
        "{err}"
    );
    // A reference to a record that does not exist.
    let mut orphan = trafficking(org.id, PersonId::new());
    orphan.reference = "TH-X".into();
    invalid(db.open_case(&system(), &orphan).await, "person");
    let mut elsewhere = trafficking(OrgId::new(), person.id);
    elsewhere.reference = "TH-Y".into();
    invalid(db.open_case(&system(), &elsewhere).await, "org");

    for (t, before) in tables.iter().zip(counts) {
        assert_eq!(db.count_rows(t).await.unwrap(), before, "{t} changed");
    }
    assert_eq!(db.audit_head().await.unwrap(), head, "no audit entry for refused input");
}

fn invalid<T: std::fmt::Debug>(result: Result<T, StoreError>, field: &str) {
    match result {
        Err(StoreError::Invalid(errors)) => assert!(errors.has(field), "{field} not named in: {errors}"),
        Err(other) => panic!("{field}: expected invalid input, got {other}"),
        Ok(value) => panic!("{field}: bad input was accepted: {value:?}"),
    }
}

fn funding_input(org: OrgId) -> FundingInput {
    FundingInput {
        source: FundingSource::ForeignGratuitousAid,
        donor: "International Committee of the Red Cross".into(),
        recipient: Some(org),
        purpose: FundingPurpose::MigrantTransitAssistance,
        allocated_on: d(2022, 3, 1),
        amount: Money::new(5_000_000, Currency::Eur).unwrap(),
        usd_rate: "1.0950".parse().unwrap(),
    }
}

async fn referrals_need_consent_and_open_only_what_they_share(db: Fresh) {
    let police = db
        .create_organisation(&system(), &org_input("Police", OrgKind::LawEnforcement, None))
        .await
        .unwrap();
    let ngo = db
        .create_organisation(&system(), &org_input("Shelter NGO", OrgKind::Ngo, None))
        .await
        .unwrap();
    let investigator = member(&*db, police.id, "investigator", Role::Investigator).await;
    let worker = member(&*db, ngo.id, "worker", Role::CaseWorker).await;
    let person = db.create_person(&investigator, &tatsiana()).await.unwrap();
    let case = db
        .open_case(&investigator, &trafficking(police.id, person.id))
        .await
        .unwrap();

    assert!(db.case(&worker, case.id).await.is_err(), "not referred yet");
    assert!(db.read_identity(&worker, person.id).await.is_err());

    let mut referral = NewReferral {
        case: case.id,
        to_org: ngo.id,
        reason: ReferralReason::AdditionalServicesRequired,
        sections: vec![
            CaseSection::Summary,
            CaseSection::Identity,
            CaseSection::Details,
            CaseSection::Assistance,
        ],
        consent: None,
        sent_on: d(2023, 3, 2),
    };
    let err = db.send_referral(&investigator, &referral).await.unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref e) if e.has("consent")), "{err}");
    // A minor's exception does not cover an adult.
    referral.consent = Some(Consent {
        basis: ConsentBasis::MinorLegalException,
        recorded_on: d(2023, 3, 2),
        recorded_by: investigator.user,
    });
    let err = db.send_referral(&investigator, &referral).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.has("consent.basis")),
        "{err}"
    );
    referral.consent = Some(Consent {
        basis: ConsentBasis::PersonConsented,
        recorded_on: d(2023, 3, 2),
        recorded_by: investigator.user,
    });
    // The worker cannot send the police's case onward.
    assert!(db.send_referral(&worker, &referral).await.is_err());
    let sent = db.send_referral(&investigator, &referral).await.unwrap();
    assert_eq!(sent.status, ReferralStatus::Sent);
    assert!(db.case(&worker, case.id).await.is_err(), "sent but not accepted");
    assert_eq!(
        db.incoming_referrals(&worker, Some(ReferralStatus::Sent), Page::first(10))
            .await
            .unwrap()
            .len(),
        1
    );
    // Only the receiver answers.
    assert!(
        db.respond_to_referral(
            &investigator,
            sent.id,
            sent.version,
            &ReferralResponse::Accept { on: d(2023, 3, 3) }
        )
        .await
        .is_err()
    );
    let accepted = db
        .respond_to_referral(
            &worker,
            sent.id,
            sent.version,
            &ReferralResponse::Accept { on: d(2023, 3, 3) },
        )
        .await
        .unwrap();
    assert_eq!(accepted.status, ReferralStatus::Accepted);

    // Now the worker sees the shared sections, not the timeline, and records shelter.
    let seen = db.case(&worker, case.id).await.unwrap();
    assert_eq!(seen.id, case.id);
    let listed = db.cases(&worker, &CaseFilter::default()).await.unwrap();
    assert_eq!(
        listed.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![case.id],
        "referred cases are listed"
    );
    assert_eq!(
        db.case_summaries(&worker, &CaseFilter::default()).await.unwrap(),
        vec![listed[0].summary()],
        "and summarised as they are listed"
    );
    assert_eq!(db.read_identity(&worker, person.id).await.unwrap().names.len(), 3);
    assert!(db.timeline(&worker, case.id).await.is_err(), "events were not shared");
    let shelter = db
        .record_assistance(
            &worker,
            &AssistanceInput {
                person: person.id,
                case: Some(case.id),
                provider: ngo.id,
                kind: AssistanceKind::Shelter,
                delivered_on: d(2023, 3, 4),
                cost: Some(Money::new(45_000, Currency::Byn).unwrap()),
                funding: None,
                notes: Some("Placed in the crisis room; needs a gynaecologist.".into()),
            },
        )
        .await
        .unwrap();
    // The investigator sees the service on the timeline but not the worker's notes.
    let timeline = db.timeline(&investigator, case.id).await.unwrap();
    assert!(
        timeline
            .iter()
            .any(|e| e.kind == EventKind::ServiceDelivered && e.code.as_deref() == Some("shelter"))
    );
    assert!(timeline.iter().any(|e| e.kind == EventKind::ReferralAccepted));
    assert!(
        db.assistance(&investigator, shelter.id).await.is_err(),
        "another org's assistance"
    );
    assert_eq!(
        db.assistance(&worker, shelter.id).await.unwrap().input.notes,
        shelter.input.notes
    );

    // Completing the referral ends the access it granted.
    db.respond_to_referral(
        &worker,
        sent.id,
        accepted.version,
        &ReferralResponse::Complete { on: d(2023, 6, 1) },
    )
    .await
    .unwrap();
    assert!(db.case(&worker, case.id).await.is_err());
    assert!(db.cases(&worker, &CaseFilter::default()).await.unwrap().is_empty());
    assert!(
        db.case_summaries(&worker, &CaseFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(db.read_identity(&worker, person.id).await.is_err());
    // A stale response is a conflict.
    assert!(matches!(
        db.respond_to_referral(
            &worker,
            sent.id,
            accepted.version,
            &ReferralResponse::Complete { on: d(2023, 6, 2) }
        )
        .await,
        Err(StoreError::Conflict { .. })
    ));
}

async fn the_audit_chain_shows_tampering(db: Fresh) {
    let org = db
        .create_organisation(&system(), &org_input("Police", OrgKind::LawEnforcement, None))
        .await
        .unwrap();
    for _ in 0..3 {
        let p = db.create_person(&system(), &tatsiana()).await.unwrap();
        db.read_identity(&system(), p.id).await.unwrap();
    }
    let auditor = member(&*db, org.id, "auditor", Role::Auditor).await;
    let summary = db.verify_audit(&auditor, &|_| {}).await.unwrap().expect("intact chain");
    let entries = summary.entries;
    assert!(entries >= 9, "{entries}");
    assert!(matches!(
        db.verify_audit(&member(&*db, org.id, "nosy", Role::Analyst).await, &|_| {})
            .await,
        Err(StoreError::Denied(_))
    ));

    let raw = db.raw().await;
    // The application's own connection cannot change the trail.
    let blocked = match &raw {
        support::Raw::Sqlite(pool) => sqlx::query("UPDATE audit_log SET actor_label = 'x' WHERE seq = 2")
            .execute(pool)
            .await
            .is_err(),
        support::Raw::Postgres(pool) => sqlx::query("UPDATE audit_log SET actor_label = 'x' WHERE seq = 2")
            .execute(pool)
            .await
            .is_err(),
    };
    assert!(blocked, "append-only trigger");

    raw.drop_audit_guards().await;
    // Alter an entry: the verifier names it; put it back and the chain is whole again.
    let original = raw.text("SELECT actor_label FROM audit_log WHERE seq = 4").await;
    raw.execute("UPDATE audit_log SET actor_label = 'someone else' WHERE seq = 4")
        .await;
    assert_eq!(
        db.verify_audit(&auditor, &|_| {}).await.unwrap().unwrap_err(),
        ChainBreak::Altered { seq: 4 }
    );
    raw.execute(&format!(
        "UPDATE audit_log SET actor_label = '{original}' WHERE seq = 4"
    ))
    .await;
    assert!(db.verify_audit(&auditor, &|_| {}).await.unwrap().is_ok());

    // Cut the tail: the chain is sound but shorter than the head the store recorded.
    let last = raw.count("SELECT MAX(seq) FROM audit_log").await;
    raw.execute(&format!("DELETE FROM audit_log WHERE seq = {last}")).await;
    assert_eq!(
        db.verify_audit(&auditor, &|_| {}).await.unwrap().unwrap_err(),
        ChainBreak::HeadMismatch {
            last: last - 1,
            head: last
        }
    );

    // Delete an entry in the middle: the verifier names the missing one, the first bad entry.
    raw.execute("DELETE FROM audit_log WHERE seq = 6").await;
    assert_eq!(
        db.verify_audit(&auditor, &|_| {}).await.unwrap().unwrap_err(),
        ChainBreak::Missing {
            expected: 6,
            previous: 5,
            found: 7
        }
    );
}

async fn a_wrong_key_opens_nothing(db: Fresh) {
    db.create_person(&system(), &tatsiana()).await.unwrap();
    db.close().await;
    let err = haven_store::open(&db.url, Keyring::new(&MasterKey::generate()))
        .await
        .err()
        .expect("refused");
    assert!(matches!(err, StoreError::WrongKey), "{err}");
    let reopened = haven_store::open(&db.url, db.keys()).await.unwrap();
    assert_eq!(reopened.count_rows("persons").await.unwrap(), 1);
}

async fn assistance_and_activities_round_trip(db: Fresh) {
    let org = db
        .create_organisation(&system(), &org_input("Red Cross", OrgKind::Ngo, None))
        .await
        .unwrap();
    let person = db.create_person(&system(), &migrant()).await.unwrap();
    let funding = db.create_funding(&system(), &funding_input(org.id)).await.unwrap();
    assert_eq!(funding.usd_cents, 5_475_000, "50,000 EUR at 1.0950");
    let updated = db
        .update_funding(
            &system(),
            funding.id,
            funding.version,
            &FundingInput {
                donor: "UNHCR".into(),
                ..funding.input.clone()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.input.donor, "UNHCR");

    let assistance = db
        .record_assistance(
            &system(),
            &AssistanceInput {
                person: person.id,
                case: None,
                provider: org.id,
                kind: AssistanceKind::Humanitarian,
                delivered_on: d(2023, 11, 2),
                cost: Some(Money::new(12_000, Currency::Byn).unwrap()),
                funding: Some(funding.id),
                notes: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        db.assistance_for_person(&system(), person.id).await.unwrap(),
        vec![assistance.clone()]
    );
    db.delete_assistance(&system(), assistance.id, assistance.version)
        .await
        .unwrap();
    assert!(db.assistance_for_person(&system(), person.id).await.unwrap().is_empty());

    let prevention = db
        .create_prevention(
            &system(),
            &PreventionInput {
                org: org.id,
                kind: PreventionKind::Publication,
                topic: PreventionTopic::SexualExploitationOfMinors,
                held_on: d(2023, 5, 4),
                title: "Как защитить ребёнка в интернете".into(),
                region: None,
                audience: Some(12_000),
            },
        )
        .await
        .unwrap();
    assert_eq!(db.prevention(&system(), prevention.id).await.unwrap(), prevention);
    let training = db
        .create_training(
            &system(),
            &TrainingInput {
                org: org.id,
                title: "Identification of victims".into(),
                starts_on: d(2023, 9, 11),
                ends_on: d(2023, 9, 15),
                participants: vec![
                    Participants {
                        country: CountryCode::parse("ARM").unwrap(),
                        count: 4,
                    },
                    Participants {
                        country: CountryCode::parse("KAZ").unwrap(),
                        count: 6,
                    },
                ],
            },
        )
        .await
        .unwrap();
    assert_eq!(db.training(&system(), training.id).await.unwrap(), training);
    let cooperation = db
        .create_cooperation(
            &system(),
            &CooperationInput {
                org: org.id,
                kind: CooperationKind::JointOperation,
                counterpart: "CSTO".into(),
                counterpart_country: None,
                subject: "Operation Illegal-2023".into(),
                case: None,
                started_on: d(2023, 4, 1),
                ended_on: Some(d(2023, 4, 30)),
                outcome: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(db.cooperation(&system(), cooperation.id).await.unwrap(), cooperation);
    let responses: Vec<SurveyResponse> = (1..=20)
        .map(|i| SurveyResponse {
            respondent: i,
            sex: Some(if i % 2 == 0 { Sex::Female } else { Sex::Male }),
            region: None,
            answers: vec![Answer {
                question: "understands_trafficking".into(),
                answer: if i <= 19 { "yes" } else { "no" }.into(),
            }],
        })
        .collect();
    let survey = db
        .create_survey(
            &system(),
            &SurveyInput {
                org: org.id,
                title: "Awareness 2006".into(),
                fielded_from: d(2006, 5, 1),
                fielded_to: d(2006, 6, 1),
            },
            &responses,
        )
        .await
        .unwrap();
    let (loaded, answers) = db.survey(&system(), survey.id).await.unwrap();
    assert_eq!(loaded, survey);
    assert_eq!(answers, responses);
}

async fn a_batch_lands_whole_or_not_at_all(db: Fresh) {
    let org = OrgId::new();
    let mut batch = Batch::default();
    batch
        .organisations
        .push((org, org_input("Batch org", OrgKind::Ngo, None)));
    for _ in 0..5 {
        let person = PersonId::new();
        batch.persons.push((person, migrant()));
        let mut case = migration(org, person);
        case.reference = format!("M-{}", person.0.simple());
        batch.cases.push((haven_domain::ids::CaseId::new(), case));
    }
    let mut spoiled = batch.clone();
    spoiled.persons[3].1.identity.birth_date = Some(PartialDate::year(2200).unwrap());
    let err = db.write_batch(&system(), &spoiled).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref e) if e.has("persons[3].identity.birth_date")),
        "{err}"
    );
    assert_eq!(db.count_rows("persons").await.unwrap(), 0);
    assert_eq!(db.count_rows("organisations").await.unwrap(), 0);

    // A batch a user (not a system task) sends is refused.
    assert!(db.write_batch(&member_actor(), &batch).await.is_err());

    let counts = db.write_batch(&system(), &batch).await.unwrap();
    assert_eq!(counts.records, 11);
    assert_eq!(counts.events as i64, db.count_rows("events").await.unwrap());
    assert_eq!(db.count_rows("persons").await.unwrap(), 5);
    let summary = db.verify_audit(&system(), &|_| {}).await.unwrap().unwrap();
    assert!(summary.entries >= 4, "one entry per kind of record in the batch");
}

fn member_actor() -> haven_domain::access::Actor {
    haven_domain::access::Actor::for_user(&haven_domain::user::User {
        id: haven_domain::ids::UserId::new(),
        org: OrgId::new(),
        username: "importer".into(),
        display_name: "Importer".into(),
        roles: vec![Role::Administrator],
        active: true,
        created_at: chrono::Utc::now(),
        updated_at: chrono::Utc::now(),
        version: 1,
    })
}

async fn concurrent_writers_keep_one_chain(db: Fresh) {
    let store = Arc::clone(&db.store);
    let org = store
        .create_organisation(&system(), &org_input("Unit", OrgKind::LawEnforcement, None))
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for task in 0..8 {
        let store = Arc::clone(&store);
        tasks.push(tokio::spawn(async move {
            for i in 0..10 {
                let person = store.create_person(&system(), &migrant()).await.unwrap();
                let mut case = migration(org.id, person.id);
                case.reference = format!("M-{task}-{i}");
                store.open_case(&system(), &case).await.unwrap();
            }
        }));
    }
    // An auditor verifying while others write sees a sound chain every time.
    let verifier = {
        let store = Arc::clone(&store);
        tokio::spawn(async move {
            let mut verified = 0;
            while verified < 20 {
                store
                    .verify_audit(&system(), &|_| {})
                    .await
                    .unwrap()
                    .expect("a sound chain while writes go on");
                verified += 1;
            }
        })
    };
    for t in tasks {
        t.await.unwrap();
    }
    verifier.await.unwrap();
    assert_eq!(store.count_rows("cases").await.unwrap(), 80);
    let summary = store
        .verify_audit(&system(), &|_| {})
        .await
        .unwrap()
        .expect("one unbroken chain");
    assert_eq!(summary.entries, store.count_rows("audit_log").await.unwrap());
}

/// Reads that arrive together have their audit entries committed together (one flush for
/// many), and still every one of them is in the chain, in one unbroken chain, before its
/// reader gets the identity.
async fn identity_reads_at_once_are_each_audited_before_they_answer(db: Fresh) {
    let store = Arc::clone(&db.store);
    let person = store.create_person(&system(), &tatsiana()).await.unwrap();
    let (head, _) = store.audit_head().await.unwrap();
    let mut readers = Vec::new();
    for reader in 0..24 {
        let store = Arc::clone(&store);
        readers.push(tokio::spawn(async move {
            let actor = haven_domain::access::Actor::system(&format!("reader-{reader}"));
            let identity = store.read_identity(&actor, person.id).await.unwrap();
            // Once the identity is in hand, the entry of its reading is in the trail.
            let logged = store.audit_entries(&system(), head, 1000).await.unwrap();
            assert!(
                logged.iter().any(|e| e.record.actor_label == actor.label
                    && e.record.action == AuditAction::ReadIdentity
                    && e.record.record == Some(person.id.0)),
                "{} read before its audit entry was committed",
                actor.label
            );
            identity
        }));
    }
    for reader in readers {
        assert_eq!(reader.await.unwrap(), tatsiana().identity);
    }
    let logged = store.audit_entries(&system(), head, 1000).await.unwrap();
    let reads: Vec<_> = logged
        .iter()
        .filter(|e| e.record.action == AuditAction::ReadIdentity)
        .map(|e| e.record.actor_label.clone())
        .collect();
    let readers: std::collections::BTreeSet<_> = reads.iter().collect();
    assert_eq!((reads.len(), readers.len()), (24, 24), "one entry per reader");
    let summary = store
        .verify_audit(&system(), &|_| {})
        .await
        .unwrap()
        .expect("one unbroken chain");
    assert_eq!(summary.entries, store.count_rows("audit_log").await.unwrap());
}

async fn sessions_are_server_side_and_second_factors_sealed(db: Fresh) {
    let org = db
        .create_organisation(&system(), &org_input("Police", OrgKind::LawEnforcement, None))
        .await
        .unwrap();
    let actor = member(&*db.store, org.id, "ivanova.t", Role::Investigator).await;
    let user = actor.user.unwrap();
    let token = [7u8; 32];
    db.start_session(&actor, &token, "csrf-1", false).await.unwrap();
    let session = db.session(&token).await.unwrap().expect("stored");
    assert_eq!(session.user.id, user);
    assert!(!session.second_factor && !session.second_factor_enrolled);
    assert_eq!(session.lang, "en");
    assert!(
        db.session(&[8u8; 32]).await.unwrap().is_none(),
        "another token opens nothing"
    );

    // The secret is sealed at rest and enrolled once.
    db.enrol_second_factor(&actor, b"0123456789abcdefghij").await.unwrap();
    assert!(matches!(
        db.enrol_second_factor(&actor, b"another secret......").await,
        Err(StoreError::Refused(_))
    ));
    assert_eq!(
        db.totp_secret(user).await.unwrap().unwrap().as_slice(),
        b"0123456789abcdefghij"
    );
    let raw = db.raw().await;
    let sealed = raw
        .bytes("SELECT totp_secret FROM users WHERE username = 'ivanova.t'")
        .await
        .remove(0);
    assert!(
        !sealed.windows(10).any(|w| w == b"0123456789"),
        "the secret is not stored in clear"
    );

    // A code's time step is accepted once.
    assert!(db.use_totp_step(user, 100).await.unwrap());
    assert!(!db.use_totp_step(user, 100).await.unwrap());
    assert!(!db.use_totp_step(user, 99).await.unwrap());
    assert!(db.use_totp_step(user, 101).await.unwrap());

    db.confirm_second_factor(&actor, &token).await.unwrap();
    db.set_language(user, "be").await.unwrap();
    let session = db.session(&token).await.unwrap().unwrap();
    assert!(session.second_factor && session.second_factor_enrolled);
    assert_eq!(session.lang, "be");

    // Failures count per subject over a window, and are cleared.
    let subjects = vec!["account:ivanova.t".to_owned(), "address:x".to_owned()];
    let since = haven_store::now() - chrono::Duration::minutes(15);
    for _ in 0..3 {
        db.record_sign_in_failure(&actor, &subjects, "wrong password")
            .await
            .unwrap();
    }
    assert_eq!(db.sign_in_failures("account:ivanova.t", since).await.unwrap(), 3);
    assert_eq!(db.sign_in_failures("account:other", since).await.unwrap(), 0);
    db.clear_sign_in_failures("account:ivanova.t").await.unwrap();
    assert_eq!(db.sign_in_failures("account:ivanova.t", since).await.unwrap(), 0);
    assert_eq!(db.sign_in_failures("address:x", since).await.unwrap(), 3);

    // Ending a session removes it, and the trail shows the sign-in, refusals and sign-out.
    db.end_session(&actor, &token, "signed out").await.unwrap();
    assert!(db.session(&token).await.unwrap().is_none());
    let actions: Vec<AuditAction> = db
        .audit_entries(&system(), 0, 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.record.action)
        .collect();
    assert_eq!(actions.iter().filter(|a| **a == AuditAction::SignIn).count(), 2);
    assert_eq!(actions.iter().filter(|a| **a == AuditAction::SignInRefused).count(), 3);
    assert_eq!(actions.iter().filter(|a| **a == AuditAction::SignOut).count(), 1);
}

fn agency(licence_no: &str, name: &str, until: Option<chrono::NaiveDate>) -> AgencyInput {
    AgencyInput {
        licence_no: licence_no.into(),
        name: name.into(),
        kind: AgencyKind::RecruitmentAgency,
        country: CountryCode::BELARUS,
        valid_from: d(2021, 3, 1),
        valid_until: until,
    }
}

async fn the_agency_register_imports_by_licence_and_is_looked_up_by_any_spelling_of_case(db: Fresh) {
    let org = db
        .create_organisation(&system(), &org_input("Hotline", OrgKind::Ngo, None))
        .await
        .unwrap();
    let admin = member(&*db.store, org.id, "admin.a", Role::Administrator).await;
    let operator = member(&*db.store, org.id, "operator.o", Role::HotlineOperator).await;
    let analyst = member(&*db.store, org.id, "analyst.a", Role::Analyst).await;
    let list = vec![
        agency("РА-0001", "ООО «Работа-Плюс»", None),
        agency("РА-0002", "Work_Abroad 100%", Some(d(2024, 12, 31))),
    ];
    assert!(matches!(
        db.import_agencies(&operator, &list).await,
        Err(StoreError::Denied(_))
    ));
    let first = db.import_agencies(&admin, &list).await.unwrap();
    assert_eq!(
        first,
        RegisterImport {
            added: 2,
            changed: 0,
            unchanged: 0
        }
    );
    // The same list again changes nothing; a changed end date is one change.
    assert_eq!(
        db.import_agencies(&admin, &list).await.unwrap(),
        RegisterImport {
            added: 0,
            changed: 0,
            unchanged: 2
        }
    );
    let mut renewed = list.clone();
    renewed[1].valid_until = Some(d(2027, 12, 31));
    assert_eq!(
        db.import_agencies(&admin, &renewed).await.unwrap(),
        RegisterImport {
            added: 0,
            changed: 1,
            unchanged: 1
        }
    );

    // Any case, quotes and dashes; the licence number; LIKE's wildcards are literal.
    let found = db.find_agencies(&operator, "работа плюс", 10).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].entry.name, "ООО «Работа-Плюс»");
    assert_eq!(db.find_agencies(&operator, "РАБОТА-ПЛЮС", 10).await.unwrap().len(), 1);
    let by_licence = db.find_agencies(&operator, "РА-0002", 10).await.unwrap();
    assert_eq!(by_licence[0].entry.valid_until, Some(d(2027, 12, 31)));
    assert_eq!(by_licence[0].version, 2);
    assert!(db.find_agencies(&operator, "%", 10).await.unwrap().is_empty());
    assert_eq!(db.find_agencies(&operator, "100%", 10).await.unwrap().len(), 1);
    assert!(
        db.find_agencies(&operator, "Работа Минус", 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        db.find_agencies(&analyst, "работа", 10).await,
        Err(StoreError::Denied(_))
    ));

    // A bad row refuses the whole list, naming the row and field; nothing of it lands.
    let bad = vec![agency("РА-0003", "Good Ltd", None), agency("РА-0004", " ", None)];
    match db.import_agencies(&admin, &bad).await {
        Err(StoreError::Invalid(e)) => assert!(e.has("[1].name"), "{e}"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert!(db.find_agencies(&operator, "good", 10).await.unwrap().is_empty());
}

async fn protection_about_to_end_is_listed_for_its_own_organisation(db: Fresh) {
    let org = db
        .create_organisation(
            &system(),
            &org_input("Migration service", OrgKind::ImmigrationService, None),
        )
        .await
        .unwrap();
    let other = db
        .create_organisation(
            &system(),
            &org_input("Another region", OrgKind::ImmigrationService, None),
        )
        .await
        .unwrap();
    let officer = member(&*db.store, org.id, "officer.m", Role::MigrationOfficer).await;
    let stranger = member(&*db.store, other.id, "officer.x", Role::MigrationOfficer).await;
    let investigator = member(&*db.store, org.id, "invest.i", Role::Investigator).await;
    let person = db.create_person(&officer, &migrant()).await.unwrap();
    let other_person = db.create_person(&officer, &tatsiana()).await.unwrap();
    for input in every_kind(org.id, person.id, other_person.id) {
        db.open_case(&system(), &input).await.unwrap();
    }
    // Extended to 2025-05-01: listed in the weeks before, with the extension's date ...
    let ending = db
        .protection_ending(&officer, d(2025, 4, 1), d(2025, 5, 31), 10)
        .await
        .unwrap();
    assert_eq!(ending.len(), 1);
    assert_eq!(ending[0].1, d(2025, 5, 1));
    assert_eq!(ending[0].0.kind(), CaseKind::Protection);
    // ... and not at the first decision's end, which the extensions replaced.
    assert!(
        db.protection_ending(&officer, d(2023, 4, 1), d(2023, 5, 31), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        db.protection_ending(&stranger, d(2025, 4, 1), d(2025, 5, 31), 10)
            .await
            .unwrap()
            .is_empty(),
        "another organisation's cases are not its deadlines"
    );
    assert!(matches!(
        db.protection_ending(&investigator, d(2025, 4, 1), d(2025, 5, 31), 10)
            .await,
        Err(StoreError::Denied(_))
    ));
}

async fn deactivating_an_account_or_resetting_its_second_factor_ends_its_sessions(db: Fresh) {
    let org = db
        .create_organisation(&system(), &org_input("Police", OrgKind::LawEnforcement, None))
        .await
        .unwrap();
    let admin = member(&*db.store, org.id, "admin.a", Role::Administrator).await;
    let worker = member(&*db.store, org.id, "worker.w", Role::Investigator).await;
    let id = worker.user.unwrap();
    db.enrol_second_factor(&worker, b"0123456789abcdefghij").await.unwrap();
    db.start_session(&worker, &[1u8; 32], "csrf", true).await.unwrap();
    assert!(matches!(
        db.reset_second_factor(&worker, id, 1).await,
        Err(StoreError::Denied(_))
    ));
    let user = db.user(&admin, id).await.unwrap();
    let user = db.reset_second_factor(&admin, id, user.version).await.unwrap();
    assert!(db.session(&[1u8; 32]).await.unwrap().is_none(), "the session ended");
    assert!(
        db.totp_secret(id).await.unwrap().is_none(),
        "the next sign-in enrols anew"
    );
    // A stale version is a conflict, not a second reset.
    assert!(matches!(
        db.reset_second_factor(&admin, id, user.version - 1).await,
        Err(StoreError::Conflict { .. })
    ));
    db.start_session(&worker, &[2u8; 32], "csrf", true).await.unwrap();
    let user = db.set_user_active(&admin, id, user.version, false).await.unwrap();
    assert!(!user.active);
    assert!(
        db.session(&[2u8; 32]).await.unwrap().is_none(),
        "deactivation ends sessions"
    );
}

async fn the_case_list_and_the_referral_inbox_page_through_an_organisation_and_its_units_newest_first(db: Fresh) {
    let org = |name: &'static str, parent: Option<OrgId>| {
        let db = &db;
        async move {
            db.create_organisation(&system(), &org_input(name, OrgKind::LawEnforcement, parent))
                .await
                .unwrap()
                .id
        }
    };
    let ministry = org("Ministry", None).await;
    let department = org("Department", Some(ministry)).await;
    let unit = org("Unit", Some(department)).await;
    let border = org("Border guard", None).await;
    let investigator = member(&*db, department, "investigator", Role::Investigator).await;
    let person = db.create_person(&investigator, &tatsiana()).await.unwrap();
    let mut visible = Vec::new();
    let mut cases = Vec::new();
    for (n, owner) in [
        department, unit, ministry, border, unit, department, border, ministry, unit, department,
    ]
    .into_iter()
    .enumerate()
    {
        let mut input = trafficking(owner, person.id);
        input.reference = format!("TH-{n}");
        // Opened in an order unlike the order of writing.
        input.opened_on = d(2023, 3, 1) + chrono::Duration::days(((n * 7) % 10) as i64);
        let case = db.open_case(&system(), &input).await.unwrap();
        if owner == department || owner == unit {
            visible.push((input.opened_on, case.id));
        }
        cases.push((input.opened_on, case.id));
    }
    // Cases referred into the tree are listed once, however many of its units accepted them;
    // one referred within the tree stays its owner's; one not yet accepted is not listed.
    let officer = |org: OrgId, name: &'static str| member(&*db, org, name, Role::Investigator);
    let (guard, unit_officer, minister) = (
        officer(border, "guard").await,
        officer(unit, "unit.officer").await,
        officer(ministry, "minister").await,
    );
    let refer = async |sender: &haven_domain::access::Actor, n: usize, to: OrgId, accept: bool| {
        let consent = Consent {
            basis: ConsentBasis::PersonConsented,
            recorded_on: d(2023, 3, 20),
            recorded_by: sender.user,
        };
        let referral = NewReferral {
            case: cases[n].1,
            to_org: to,
            reason: ReferralReason::AdditionalServicesRequired,
            sections: vec![CaseSection::Summary, CaseSection::Details],
            consent: Some(consent),
            sent_on: d(2023, 3, 20),
        };
        let sent = db.send_referral(sender, &referral).await.unwrap();
        if accept {
            let receiver = if to == unit { &unit_officer } else { &investigator };
            let on = ReferralResponse::Accept { on: d(2023, 3, 21) };
            db.respond_to_referral(receiver, sent.id, sent.version, &on)
                .await
                .unwrap();
        }
    };
    refer(&guard, 3, department, true).await;
    refer(&guard, 6, department, true).await;
    refer(&guard, 6, unit, true).await;
    refer(&unit_officer, 4, department, true).await;
    refer(&minister, 7, department, false).await;
    visible.extend([cases[3], cases[6]]);
    visible.sort_by(|a, b| b.cmp(a));
    let page = |offset: i64| {
        let db = &db;
        let investigator = &investigator;
        async move {
            db.cases(
                investigator,
                &CaseFilter {
                    limit: 4,
                    offset,
                    ..CaseFilter::default()
                },
            )
            .await
            .unwrap()
            .into_iter()
            .map(|c| (c.opened_on, c.id))
            .collect::<Vec<_>>()
        }
    };
    let (first, second, third) = (page(0).await, page(4).await, page(8).await);
    assert_eq!(visible.len(), 8);
    assert_eq!(first, visible[..4].to_vec());
    assert_eq!(second, visible[4..].to_vec());
    assert!(third.is_empty());
    // The summaries the list pages show are the same list, page for page.
    for offset in [0, 4, 8] {
        let filter = CaseFilter {
            limit: 4,
            offset,
            ..CaseFilter::default()
        };
        let full: Vec<_> = db
            .cases(&investigator, &filter)
            .await
            .unwrap()
            .iter()
            .map(haven_domain::case::Case::summary)
            .collect();
        assert_eq!(db.case_summaries(&investigator, &filter).await.unwrap(), full);
    }
    // The tree's inbox pages the same way: the five referrals into the department and its
    // unit, newest first, whatever their status; the one not yet answered alone under `Sent`.
    let inbox = |status: Option<ReferralStatus>, limit: i64, offset: i64| {
        let db = &db;
        let investigator = &investigator;
        async move {
            db.incoming_referrals(investigator, status, Page { limit, offset })
                .await
                .unwrap()
                .into_iter()
                .map(|r| (r.sent_on, r.id, r.case))
                .collect::<Vec<_>>()
        }
    };
    let all = inbox(None, 100, 0).await;
    let mut newest_first = all.clone();
    newest_first.sort_by_key(|r| std::cmp::Reverse((r.0, r.1)));
    assert_eq!(all, newest_first);
    let mut referred: Vec<_> = all.iter().map(|r| r.2).collect();
    referred.sort();
    let mut expected: Vec<_> = [3, 6, 6, 4, 7].iter().map(|n| cases[*n].1).collect();
    expected.sort();
    assert_eq!(referred, expected);
    let pages = [
        inbox(None, 2, 0).await,
        inbox(None, 2, 2).await,
        inbox(None, 2, 4).await,
    ];
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1]);
    assert_eq!(pages.concat(), all);
    let waiting = inbox(Some(ReferralStatus::Sent), 100, 0).await;
    assert_eq!(waiting.iter().map(|r| r.2).collect::<Vec<_>>(), [cases[7].1]);
}

/// A user of `org` with one role (no account needed: the store decides by the actor).
fn user_of(org: OrgId, role: Role) -> haven_domain::access::Actor {
    haven_domain::access::Actor::for_user(&haven_domain::user::User {
        id: haven_domain::ids::UserId::new(),
        org,
        username: format!("{}.user", role.code()),
        display_name: "Test user".into(),
        roles: vec![role],
        active: true,
        created_at: chrono::Utc::now(),
        updated_at: chrono::Utc::now(),
        version: 1,
    })
}

fn conflict<T: std::fmt::Debug>(result: Result<T, StoreError>) {
    match result {
        Err(StoreError::Conflict { .. }) => {}
        other => panic!("expected a version conflict, got {other:?}"),
    }
}

/// Refused for a permission the role lacks.
fn refused<T: std::fmt::Debug>(result: Result<T, StoreError>) {
    match result {
        Err(StoreError::Denied(_)) => {}
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn trainings_funding_and_cooperation_are_listed_in_scope_corrected_once_and_guarded(db: Fresh) {
    let centre = db
        .create_organisation(
            &system(),
            &org_input("Training centre", OrgKind::CentralGovernmentOrganisation, None),
        )
        .await
        .unwrap()
        .id;
    let unit = db
        .create_organisation(
            &system(),
            &org_input("Centre unit", OrgKind::CentralGovernmentOrganisation, Some(centre)),
        )
        .await
        .unwrap()
        .id;
    let other = db
        .create_organisation(&system(), &org_input("Other NGO", OrgKind::Ngo, None))
        .await
        .unwrap()
        .id;
    let worker = user_of(centre, Role::CaseWorker);
    let stranger = user_of(other, Role::CaseWorker);
    let analyst = user_of(centre, Role::Analyst);
    let operator = user_of(centre, Role::HotlineOperator);
    let entries = |db: &Fresh| {
        let store = db.store.clone();
        async move { store.audit_head().await.unwrap().0 }
    };

    // Trainings: the unit's is the centre's too; the other organisation's is not.
    let training_input = |org: OrgId, title: &str, starts_on| TrainingInput {
        org,
        title: title.into(),
        starts_on,
        ends_on: starts_on + chrono::Duration::days(4),
        participants: vec![Participants {
            country: CountryCode::parse("ARM").unwrap(),
            count: 4,
        }],
    };
    let older = db
        .create_training(&worker, &training_input(centre, "Identification", d(2023, 3, 6)))
        .await
        .unwrap();
    let newer = db
        .create_training(&worker, &training_input(unit, "Interviewing", d(2023, 9, 11)))
        .await
        .unwrap();
    let theirs = db
        .create_training(&stranger, &training_input(other, "Their course", d(2023, 10, 2)))
        .await
        .unwrap();
    let ids = |list: Vec<haven_domain::training::Training>| list.into_iter().map(|t| t.id).collect::<Vec<_>>();
    assert_eq!(
        ids(db.recent_trainings(&worker, Page::first(10)).await.unwrap()),
        vec![newer.id, older.id]
    );
    assert_eq!(
        ids(db.recent_trainings(&analyst, Page::first(10)).await.unwrap()),
        vec![newer.id, older.id]
    );
    assert_eq!(
        ids(db.recent_trainings(&stranger, Page::first(10)).await.unwrap()),
        vec![theirs.id]
    );
    assert_eq!(
        ids(db.recent_trainings(&worker, Page::first(1)).await.unwrap()),
        vec![newer.id]
    );
    let second_page = Page { limit: 1, offset: 1 };
    assert_eq!(
        ids(db.recent_trainings(&worker, second_page).await.unwrap()),
        vec![older.id]
    );
    refused(db.recent_trainings(&operator, Page::first(10)).await);

    let mut changed = newer.input.clone();
    changed.title = "Interviewing victims".into();
    changed.participants.push(Participants {
        country: CountryCode::parse("KAZ").unwrap(),
        count: 6,
    });
    let before = entries(&db).await;
    let updated = db
        .update_training(&worker, newer.id, newer.version, &changed)
        .await
        .unwrap();
    assert_eq!((updated.version, &updated.input), (newer.version + 1, &changed));
    assert_eq!(db.training(&analyst, newer.id).await.unwrap(), updated);
    assert_eq!(entries(&db).await, before + 1, "one audit entry for the correction");
    conflict(db.update_training(&worker, newer.id, newer.version, &newer.input).await);
    invalid(
        db.update_training(&stranger, newer.id, updated.version, &changed).await,
        "org",
    );
    refused(db.update_training(&analyst, newer.id, updated.version, &changed).await);
    // Nor may a correction move a training to an organisation outside one's own tree.
    invalid(
        db.update_training(
            &worker,
            newer.id,
            updated.version,
            &TrainingInput {
                org: other,
                ..changed.clone()
            },
        )
        .await,
        "org",
    );
    invalid(
        db.update_training(
            &worker,
            newer.id,
            updated.version,
            &TrainingInput {
                ends_on: d(2023, 9, 1),
                ..changed.clone()
            },
        )
        .await,
        "ends_on",
    );
    assert_eq!(entries(&db).await, before + 1, "refusals change nothing");
    assert_eq!(db.training(&worker, newer.id).await.unwrap(), updated);

    // Funding: listed by recipient; another organisation's allocation is not taken over.
    let ours = db.create_funding(&worker, &funding_input(unit)).await.unwrap();
    let their_funding = db.create_funding(&stranger, &funding_input(other)).await.unwrap();
    let funding_ids = |list: Vec<haven_domain::funding::Funding>| list.into_iter().map(|f| f.id).collect::<Vec<_>>();
    assert_eq!(
        funding_ids(db.recent_funding(&worker, Page::first(10)).await.unwrap()),
        vec![ours.id]
    );
    assert_eq!(
        funding_ids(db.recent_funding(&stranger, Page::first(10)).await.unwrap()),
        vec![their_funding.id]
    );
    refused(db.recent_funding(&operator, Page::first(10)).await);
    invalid(db.create_funding(&stranger, &funding_input(unit)).await, "recipient");
    let before = entries(&db).await;
    let corrected = FundingInput {
        donor: "UNHCR".into(),
        amount: Money::new(1_000_000, Currency::Usd).unwrap(),
        usd_rate: "1".parse().unwrap(),
        ..ours.input.clone()
    };
    let updated = db
        .update_funding(&worker, ours.id, ours.version, &corrected)
        .await
        .unwrap();
    assert_eq!((updated.usd_cents, updated.version), (1_000_000, ours.version + 1));
    conflict(db.update_funding(&worker, ours.id, ours.version, &ours.input).await);
    invalid(
        db.update_funding(
            &stranger,
            ours.id,
            updated.version,
            &FundingInput {
                recipient: Some(other),
                ..corrected.clone()
            },
        )
        .await,
        "recipient",
    );
    refused(db.update_funding(&analyst, ours.id, updated.version, &corrected).await);
    assert_eq!(entries(&db).await, before + 1);
    assert_eq!(db.funding(&worker, ours.id).await.unwrap(), updated);

    // Cooperation.
    let request = CooperationInput {
        org: unit,
        kind: CooperationKind::OutgoingRequest,
        counterpart: "Foreign police (via Interpol)".into(),
        counterpart_country: Some(CountryCode::parse("POL").unwrap()),
        subject: "Request for the whereabouts of a recruiter".into(),
        case: None,
        started_on: d(2023, 6, 1),
        ended_on: None,
        outcome: None,
    };
    let sent = db.create_cooperation(&worker, &request).await.unwrap();
    let their_request = db
        .create_cooperation(
            &stranger,
            &CooperationInput {
                org: other,
                ..request.clone()
            },
        )
        .await
        .unwrap();
    let cooperation_ids =
        |list: Vec<haven_domain::cooperation::Cooperation>| list.into_iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(
        cooperation_ids(db.recent_cooperation(&worker, Page::first(10)).await.unwrap()),
        vec![sent.id]
    );
    assert_eq!(
        cooperation_ids(db.recent_cooperation(&stranger, Page::first(10)).await.unwrap()),
        vec![their_request.id]
    );
    refused(db.recent_cooperation(&operator, Page::first(10)).await);
    let before = entries(&db).await;
    let answered = CooperationInput {
        ended_on: Some(d(2023, 7, 14)),
        outcome: Some("Answer received".into()),
        ..request.clone()
    };
    let updated = db
        .update_cooperation(&worker, sent.id, sent.version, &answered)
        .await
        .unwrap();
    assert_eq!((updated.version, &updated.input), (sent.version + 1, &answered));
    conflict(db.update_cooperation(&worker, sent.id, sent.version, &request).await);
    invalid(
        db.update_cooperation(&stranger, sent.id, updated.version, &answered)
            .await,
        "org",
    );
    refused(
        db.update_cooperation(&analyst, sent.id, updated.version, &answered)
            .await,
    );
    invalid(
        db.update_cooperation(
            &worker,
            sent.id,
            updated.version,
            &CooperationInput {
                ended_on: Some(d(2023, 5, 1)),
                ..answered.clone()
            },
        )
        .await,
        "ended_on",
    );
    invalid(
        db.update_cooperation(
            &worker,
            sent.id,
            updated.version,
            &CooperationInput {
                case: Some(haven_domain::ids::CaseId::new()),
                ..answered.clone()
            },
        )
        .await,
        "case",
    );
    assert_eq!(entries(&db).await, before + 1);
    assert_eq!(db.cooperation(&worker, sent.id).await.unwrap(), updated);
    // Every change is in an intact chain.
    db.verify_audit(&system(), &|_| {}).await.unwrap().unwrap();
}

async fn referrals_and_cases_are_reported_to_each_organisation_concerned_in_order(db: Fresh) {
    use haven_domain::outbox::Topic;
    let police = db
        .create_organisation(&system(), &org_input("Police", OrgKind::LawEnforcement, None))
        .await
        .unwrap();
    let ngo = db
        .create_organisation(&system(), &org_input("Shelter NGO", OrgKind::Ngo, None))
        .await
        .unwrap();
    let investigator = member(&*db, police.id, "investigator", Role::Investigator).await;
    let worker = member(&*db, ngo.id, "worker", Role::CaseWorker).await;
    let person = db.create_person(&investigator, &tatsiana()).await.unwrap();
    let case = db
        .open_case(&investigator, &trafficking(police.id, person.id))
        .await
        .unwrap();
    let sent = db
        .send_referral(
            &investigator,
            &NewReferral {
                case: case.id,
                to_org: ngo.id,
                reason: ReferralReason::AdditionalServicesRequired,
                sections: vec![CaseSection::Summary],
                consent: Some(Consent {
                    basis: ConsentBasis::PersonConsented,
                    recorded_on: d(2023, 3, 2),
                    recorded_by: investigator.user,
                }),
                sent_on: d(2023, 3, 2),
            },
        )
        .await
        .unwrap();
    db.respond_to_referral(
        &worker,
        sent.id,
        sent.version,
        &ReferralResponse::Accept { on: d(2023, 3, 3) },
    )
    .await
    .unwrap();
    let mut closed = trafficking(police.id, person.id);
    closed.status = CaseStatus::Closed;
    closed.closed_on = Some(d(2023, 9, 1));
    db.update_case(&investigator, case.id, case.version, &closed)
        .await
        .unwrap();

    let topics = |entries: &[haven_domain::outbox::OutboxEntry]| entries.iter().map(|e| e.topic).collect::<Vec<_>>();
    let police_feed = db.outbox(&system(), police.id, 0, 100).await.unwrap();
    assert_eq!(
        topics(&police_feed),
        [
            Topic::CaseOpened,
            Topic::ReferralSent,
            Topic::ReferralAccepted,
            Topic::CaseClosed
        ]
    );
    let ngo_feed = db.outbox(&system(), ngo.id, 0, 100).await.unwrap();
    assert_eq!(
        topics(&ngo_feed),
        [Topic::ReferralSent, Topic::ReferralAccepted],
        "the receiver hears of its referral, not of the police's case"
    );
    assert!(police_feed.windows(2).all(|w| w[0].seq < w[1].seq));
    assert_eq!(ngo_feed[1].payload["status"], "accepted");
    assert_eq!(ngo_feed[1].payload["referral"], sent.id.0.to_string());
    // From where a receiver got to, only what came after.
    let after = db.outbox(&system(), police.id, police_feed[1].seq, 100).await.unwrap();
    assert_eq!(topics(&after), [Topic::ReferralAccepted, Topic::CaseClosed]);
    // Nothing identifying, and only a system task reads it.
    let text = serde_json::to_string(&police_feed).unwrap();
    for identifying in ["Бугаева", "BUHAYEVA", "1979", "Тацяна"] {
        assert!(!text.contains(identifying), "{identifying} in {text}");
    }
    assert!(db.outbox(&worker, ngo.id, 0, 100).await.is_err());
    // A webhook starts from now, and is added by an administrator only.
    assert!(
        db.add_webhook(&worker, ngo.id, "https://ngo.example/hook", "s")
            .await
            .is_err()
    );
    let hook = db
        .add_webhook(&system(), ngo.id, "https://ngo.example/hook", "s3cret")
        .await
        .unwrap();
    assert_eq!(hook.delivered_seq, police_feed.last().unwrap().seq);
    let due = db.due_webhooks(&system(), chrono::Utc::now()).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].secret.as_str(), "s3cret", "the secret is sealed and opens again");
    let raw = db.raw().await;
    assert_eq!(
        raw.count("SELECT COUNT(*) FROM webhooks WHERE secret LIKE '%s3cret%'")
            .await,
        0
    );
}

fn glotip(year: i32, value: FigureValue) -> ReferenceFigure {
    ReferenceFigure::total("Detected trafficking victims", Some("BLR"), "Belarus", year, value)
}

async fn reference_figures_are_replaced_whole_by_source_and_read_by_who_reads_statistics(db: Fresh) {
    let org = db
        .create_organisation(
            &system(),
            &org_input("Ministry", OrgKind::CentralGovernmentOrganisation, None),
        )
        .await
        .unwrap();
    let admin = user_of(org.id, Role::Administrator);
    let analyst = user_of(org.id, Role::Analyst);
    let worker = user_of(org.id, Role::CaseWorker);
    let mut by_sex = glotip(2019, FigureValue::LessThan(5));
    by_sex.sex = "Male".into();
    let edition = vec![
        glotip(2019, FigureValue::Count(126)),
        glotip(2020, FigureValue::Count(108)),
        by_sex,
    ];
    let tiers = vec![ReferenceFigure::total(
        "tier",
        Some("BLR"),
        "Belarus",
        2015,
        FigureValue::Text("Tier 3".into()),
    )];

    // Only a system task or an administrator writes; any role that reads statistics reads.
    refused(
        db.replace_reference_figures(&analyst, ReferenceSource::UnodcGlotip, "glotip.csv", &edition)
            .await,
    );
    let first = db
        .replace_reference_figures(&admin, ReferenceSource::UnodcGlotip, "glotip.csv", &edition)
        .await
        .unwrap();
    assert_eq!((first.figures, first.replaced, first.unchanged), (3, 0, false));
    db.replace_reference_figures(&system(), ReferenceSource::UsTipTiers, "tiers.csv", &tiers)
        .await
        .unwrap();
    refused(db.reference_figures(&worker, &ReferenceQuery::default()).await);
    let all = db
        .reference_figures(&analyst, &ReferenceQuery::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 4);
    let totals = db
        .reference_figures(
            &analyst,
            &ReferenceQuery {
                source: Some(ReferenceSource::UnodcGlotip),
                indicator: Some("Detected trafficking victims".into()),
                country: Some("BLR".into()),
                totals_only: true,
            },
        )
        .await
        .unwrap();
    let values: Vec<_> = totals.iter().map(|(_, f)| (f.year, f.value.clone())).collect();
    assert_eq!(
        values,
        [(2019, FigureValue::Count(126)), (2020, FigureValue::Count(108))]
    );
    // `<5` comes back as the qualifier it was, not as a number.
    assert!(
        all.iter()
            .any(|(_, f)| f.value == FigureValue::LessThan(5) && f.sex == "Male")
    );
    assert!(
        all.iter()
            .any(|(s, f)| *s == ReferenceSource::UsTipTiers && f.value == FigureValue::Text("Tier 3".into()))
    );

    // The same figures again write nothing, not even an audit entry.
    let (entries, _) = db.audit_head().await.unwrap();
    let again = db
        .replace_reference_figures(&admin, ReferenceSource::UnodcGlotip, "glotip.csv", &edition)
        .await
        .unwrap();
    assert!(again.unchanged);
    assert_eq!(db.audit_head().await.unwrap().0, entries);

    // A new edition replaces the old one whole, leaves other sources alone, and is audited.
    let newer = vec![glotip(2021, FigureValue::Count(244))];
    let replaced = db
        .replace_reference_figures(&admin, ReferenceSource::UnodcGlotip, "glotip-2026.csv", &newer)
        .await
        .unwrap();
    assert_eq!((replaced.figures, replaced.replaced, replaced.unchanged), (1, 3, false));
    let all = db
        .reference_figures(&analyst, &ReferenceQuery::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(db.count_rows("reference_figures").await.unwrap(), 2);
    let editions = db.reference_editions(&analyst).await.unwrap();
    assert_eq!(editions.len(), 2);
    assert_eq!(editions[0].file_name, "glotip-2026.csv");
    assert_eq!(editions[0].imported_by, admin.label);
    let last = db.audit_entries(&system(), entries, 10).await.unwrap();
    assert_eq!(last.len(), 1);
    assert_eq!(last[0].record.action, AuditAction::BulkCreate);
    let detail = last[0].record.detail.clone().unwrap_or_default();
    assert!(
        detail.contains("1 stored, 3 of the earlier edition replaced"),
        "{detail}"
    );
    assert!(db.verify_audit(&system(), &|_| {}).await.unwrap().is_ok());
}

fn evidence(name: f64, dob: Option<f64>) -> Vec<haven_domain::merge::Evidence> {
    vec![
        haven_domain::merge::Evidence {
            field: "name".into(),
            weight: Some(name),
        },
        haven_domain::merge::Evidence {
            field: "dob".into(),
            weight: dob,
        },
    ]
}

/// Persons and cases as statistics count them.
#[derive(Default)]
struct Counted {
    persons: Vec<PersonId>,
    case_persons: Vec<PersonId>,
}

impl haven_domain::facts::FactSink for Counted {
    fn organisation(&mut self, _: haven_domain::facts::OrgFact) {}
    fn person(&mut self, person: haven_domain::facts::PersonFact) {
        self.persons.push(person.id);
    }
    fn row(&mut self, _: haven_domain::facts::FactTable, row: haven_domain::facts::FactRow) {
        self.case_persons.extend(row.person);
    }
    fn code(&mut self, _: haven_domain::facts::FactTable, _: haven_domain::facts::CodeFact) {}
}

async fn the_review_queue_shows_the_strongest_pairs_a_reviewer_may_see_past_those_they_may_not(db: Fresh) {
    use haven_domain::merge::Candidate;
    let police = db
        .create_organisation(&system(), &org_input("Police", OrgKind::LawEnforcement, None))
        .await
        .unwrap();
    let border = db
        .create_organisation(&system(), &org_input("Border guard", OrgKind::LawEnforcement, None))
        .await
        .unwrap();
    let investigator = member(&*db, police.id, "investigator", Role::Investigator).await;
    let guard = member(&*db, border.id, "guard", Role::Investigator).await;
    let pairs_of = async |actor| {
        let mut review = Vec::new();
        for _ in 0..3 {
            let left = db.create_person(actor, &tatsiana()).await.unwrap();
            let right = db.create_person(actor, &tatsiana()).await.unwrap();
            review.push((left.id, right.id));
        }
        review
    };
    let hidden = pairs_of(&guard).await;
    let visible = pairs_of(&investigator).await;
    // The border guard's pairs are the strongest, so the first pages of pairs read are all
    // of records the investigator may not see.
    let candidates: Vec<Candidate> = hidden
        .iter()
        .chain(&visible)
        .enumerate()
        .map(|(i, (left, right))| Candidate::new(*left, *right, 0.49 - 0.01 * i as f64, evidence(9.5, None)))
        .collect();
    db.record_linkage(&system(), &[], &candidates).await.unwrap();

    let shown = |queue: Vec<haven_domain::merge::PersonPair>| -> Vec<_> {
        queue
            .into_iter()
            .map(|p| (p.left.min(p.right), p.left.max(p.right)))
            .collect()
    };
    let ordered =
        |pairs: &[(PersonId, PersonId)]| -> Vec<_> { pairs.iter().map(|(l, r)| (*l.min(r), *l.max(r))).collect() };
    for limit in 1..=4 {
        let queue = shown(db.review_queue(&investigator, limit).await.unwrap());
        let wanted = ordered(&visible);
        assert_eq!(queue, wanted[..wanted.len().min(limit as usize)], "limit {limit}");
    }
    assert_eq!(shown(db.review_queue(&guard, 2).await.unwrap()), ordered(&hidden)[..2]);
}

async fn two_records_of_one_person_are_merged_kept_apart_and_unmerged_and_each_decision_audited(db: Fresh) {
    use haven_domain::merge::{Candidate, Decision, PairState, Ruling};
    let police = db
        .create_organisation(&system(), &org_input("Police", OrgKind::LawEnforcement, None))
        .await
        .unwrap();
    let investigator = member(&*db, police.id, "investigator", Role::Investigator).await;
    let operator = member(&*db, police.id, "operator", Role::HotlineOperator).await;
    let analyst = member(&*db, police.id, "analyst", Role::Analyst).await;
    // The same woman registered twice, and a man who only shares a year of birth.
    let first = db.create_person(&investigator, &tatsiana()).await.unwrap();
    let mut again = tatsiana();
    again.identity.names.truncate(1);
    again.identity.contacts.clear();
    let second = db.create_person(&investigator, &again).await.unwrap();
    let other = db.create_person(&investigator, &migrant()).await.unwrap();
    db.open_case(&investigator, &trafficking(police.id, first.id))
        .await
        .unwrap();
    let mut second_case = trafficking(police.id, second.id);
    second_case.reference = "TH-2023-0002".into();
    db.open_case(&investigator, &second_case).await.unwrap();

    let review = [
        Candidate::new(first.id, second.id, 0.4, evidence(9.5, Some(6.0))),
        Candidate::new(first.id, other.id, 0.1, evidence(-7.0, None)),
    ];
    let recorded = db.record_linkage(&system(), &[], &review).await.unwrap();
    assert_eq!((recorded.queued, recorded.merged), (2, 0));
    // The same proposals again change nothing.
    let again_recorded = db.record_linkage(&system(), &[], &review).await.unwrap();
    assert_eq!((again_recorded.queued, again_recorded.known), (0, 2));

    let queue = db.review_queue(&investigator, 50).await.unwrap();
    assert_eq!(queue.len(), 2);
    assert!(queue[0].score > queue[1].score, "strongest first");
    assert_eq!(queue[0].evidence, evidence(9.5, Some(6.0)));
    // Deny unless allowed: an operator registers persons but does not merge them; an analyst
    // never sees a queue of names.
    refused(db.review_queue(&operator, 50).await);
    refused(db.review_queue(&analyst, 50).await);
    let pair = queue[0].clone();
    refused(
        db.decide_pair(&operator, pair.id, pair.version, Ruling::Merge { survivor: first.id })
            .await,
    );

    // Merge: both records stay, the second is shown as the first.
    let before_second = db.person(&investigator, second.id).await.unwrap();
    let merged = db
        .decide_pair(
            &investigator,
            pair.id,
            pair.version,
            Ruling::Merge { survivor: first.id },
        )
        .await
        .unwrap();
    assert_eq!(merged.state, PairState::Merged);
    assert_eq!(merged.survivor, Some(first.id));
    assert_eq!(db.shown_as(&investigator, second.id).await.unwrap(), first.id);
    assert_eq!(db.shown_as(&investigator, first.id).await.unwrap(), first.id);
    // Her page shows the merged record and both records' cases and events; the merged
    // record's page leads to hers and shows only its own case.
    let file = db.person_file(&investigator, first.id).await.unwrap();
    assert_eq!(file.merged, vec![before_second.clone()]);
    assert_eq!(file.shown_as, None);
    assert_eq!(file.identity.as_ref(), Some(&tatsiana().identity));
    let references: Vec<&str> = file.cases.iter().map(|c| c.reference.as_str()).collect();
    assert_eq!(references.len(), 2, "{references:?}");
    assert!(references.contains(&"TH-2023-0002"));
    let timeline_cases: std::collections::BTreeSet<_> = file.timeline.iter().map(|e| e.case).collect();
    assert_eq!(timeline_cases, file.cases.iter().map(|c| c.id).collect());
    let merged_file = db.person_file(&investigator, second.id).await.unwrap();
    assert_eq!(merged_file.shown_as.map(|p| p.id), Some(first.id));
    assert!(merged_file.merged.is_empty());
    assert_eq!(
        merged_file
            .cases
            .iter()
            .map(|c| c.reference.as_str())
            .collect::<Vec<_>>(),
        vec!["TH-2023-0002"]
    );
    // An analyst may know the person exists, never who she is or what her cases say.
    let seen_by_analyst = db.person_file(&analyst, first.id).await.unwrap();
    assert_eq!(seen_by_analyst.identity, None);
    assert!(seen_by_analyst.cases.is_empty() && seen_by_analyst.timeline.is_empty());
    assert_eq!(db.person(&investigator, second.id).await.unwrap(), before_second);
    assert_eq!(
        db.read_identity(&investigator, second.id).await.unwrap(),
        again.identity
    );
    // Search lists the person once.
    let found = db
        .find_by_document(&investigator, "MP1234567", Page::first(100))
        .await
        .unwrap();
    assert_eq!(found.iter().map(|p| p.id).collect::<Vec<_>>(), vec![first.id]);
    // Statistics count her once, with both her cases.
    let mut counted = Counted::default();
    db.read_facts(&analyst, true, &[haven_domain::facts::FactTable::Cases], &mut counted)
        .await
        .unwrap();
    assert_eq!(counted.persons.len(), 2, "the merged record is not a person of its own");
    assert_eq!(counted.case_persons, vec![first.id, first.id]);
    // A stale decision is refused; so is merging twice.
    conflict(db.decide_pair(&investigator, pair.id, pair.version, Ruling::Undo).await);
    invalid(
        db.decide_pair(
            &investigator,
            pair.id,
            merged.version,
            Ruling::Merge { survivor: first.id },
        )
        .await,
        "decision",
    );
    assert_eq!(db.review_queue(&investigator, 50).await.unwrap().len(), 1);
    let decided = db.decided_pairs(&investigator, Some(second.id), 50).await.unwrap();
    assert_eq!(decided.iter().map(|p| p.id).collect::<Vec<_>>(), vec![pair.id]);

    // Keep apart: the other pair leaves the queue, and linkage does not propose it again.
    let apart_pair = db.review_queue(&investigator, 50).await.unwrap().remove(0);
    let apart = db
        .decide_pair(&investigator, apart_pair.id, apart_pair.version, Ruling::KeepApart)
        .await
        .unwrap();
    assert_eq!(apart.state, PairState::KeptApart);
    let rerun = db.record_linkage(&system(), &[review[1].clone()], &[]).await.unwrap();
    assert_eq!((rerun.merged, rerun.known), (0, 1));
    assert!(db.review_queue(&investigator, 50).await.unwrap().is_empty());
    assert_eq!(db.shown_as(&investigator, other.id).await.unwrap(), other.id);

    // Undo: the two records are two again, and the pair is back for a reviewer.
    let undone = db
        .decide_pair(&investigator, pair.id, merged.version, Ruling::Undo)
        .await
        .unwrap();
    assert_eq!(
        (undone.state, undone.survivor, undone.edge),
        (PairState::Review, None, None)
    );
    assert_eq!(db.shown_as(&investigator, second.id).await.unwrap(), second.id);
    let file = db.person_file(&investigator, first.id).await.unwrap();
    assert!(file.merged.is_empty());
    assert_eq!(file.cases.len(), 1, "the second record's case is its own again");
    let found = db
        .find_by_document(&investigator, "MP1234567", Page::first(100))
        .await
        .unwrap();
    assert_eq!(found.len(), 2);
    let mut counted = Counted::default();
    db.read_facts(&analyst, true, &[haven_domain::facts::FactTable::Cases], &mut counted)
        .await
        .unwrap();
    assert_eq!(counted.persons.len(), 3);
    let history = db.pair_decisions(&investigator, pair.id).await.unwrap();
    assert_eq!(
        history.iter().map(|d| d.decision).collect::<Vec<_>>(),
        vec![Decision::Merge, Decision::Undo]
    );
    assert_eq!(history[0].decided_by, "investigator");

    // Every decision is in the audit trail, under who took it; the chain still holds.
    let audit = db.audit_entries(&system(), 0, 1000).await.unwrap();
    let decisions: Vec<(AuditAction, &str)> = audit
        .iter()
        .filter(|e| e.record.table == "person_pairs" && e.record.action != AuditAction::BulkCreate)
        .map(|e| (e.record.action, e.record.actor_label.as_str()))
        .collect();
    assert_eq!(
        decisions,
        vec![
            (AuditAction::Merge, "investigator"),
            (AuditAction::KeepApart, "investigator"),
            (AuditAction::Undo, "investigator"),
        ]
    );
    assert!(db.verify_audit(&system(), &|_| {}).await.unwrap().is_ok());

    // A linkage run merges what it is sure of, as its own decision, undoable like any other.
    let third = db.create_person(&investigator, &again).await.unwrap();
    let sure = Candidate::new(second.id, third.id, 0.99, evidence(11.0, Some(6.0)));
    let run = db.record_linkage(&system(), &[sure], &[]).await.unwrap();
    assert_eq!(run.merged, 1);
    assert_eq!(db.shown_as(&investigator, third.id).await.unwrap(), second.id);
    let by_run = db.decided_pairs(&investigator, Some(third.id), 10).await.unwrap();
    assert_eq!(by_run[0].decided_by.as_deref(), Some("system:test"));
    db.decide_pair(&investigator, by_run[0].id, by_run[0].version, Ruling::Undo)
        .await
        .unwrap();
    assert_eq!(db.shown_as(&investigator, third.id).await.unwrap(), third.id);
}
