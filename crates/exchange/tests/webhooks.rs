//! The outbox delivered to a partner's webhook (a real HTTP server on this machine), on SQLite
//! and PostgreSQL: signed, in order, retried after a failure and not before it is due.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode};
use chrono::{Duration, NaiveDate, Utc};
use haven_domain::access::Actor;
use haven_domain::case::{CaseDetails, CaseInput, CaseStatus, TraffickingDetails};
use haven_domain::org::{OrgKind, OrganisationInput};
use haven_domain::person::{Identity, NewPerson, Sex};
use haven_exchange::webhooks::{client, deliver_due, signature};
use haven_store::{Keyring, MasterKey, Store};

#[derive(Default)]
struct Receiver {
    /// What each POST brought: its signature header and body.
    posts: Vec<(String, String)>,
    /// The answers to give, in turn; 200 once they run out.
    answers: Vec<StatusCode>,
}

async fn receiver(state: Arc<Mutex<Receiver>>) -> String {
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let state = state.clone();
            async move {
                let mut r = state.lock().unwrap();
                let signature = headers
                    .get("x-haven-signature")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                r.posts.push((signature, body));
                if r.answers.is_empty() {
                    StatusCode::OK
                } else {
                    r.answers.remove(0)
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}/hook")
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 3, 1).unwrap()
}

async fn open_case(store: &dyn Store, org: haven_domain::ids::OrgId, reference: &str) {
    let system = Actor::system("test");
    let person = store
        .create_person(
            &system,
            &NewPerson {
                sex: Sex::Female,
                citizenships: Vec::new(),
                identity: Identity::default(),
            },
        )
        .await
        .unwrap();
    store
        .open_case(
            &system,
            &CaseInput {
                org,
                person: Some(person.id),
                reference: reference.to_owned(),
                opened_on: day(),
                closed_on: None,
                status: CaseStatus::Active,
                details: CaseDetails::Trafficking(TraffickingDetails::possible(day())),
            },
        )
        .await
        .unwrap();
}

async fn the_outbox_reaches_the_webhook_signed_in_order_and_retried(url: &str) {
    let store = haven_store::initialise(url, Keyring::new(&MasterKey::generate()))
        .await
        .unwrap();
    let system = Actor::system("test");
    let ngo = store
        .create_organisation(
            &system,
            &OrganisationInput {
                parent: None,
                name: "Shelter".into(),
                short_name: Some("SHELTER".into()),
                kind: OrgKind::Ngo,
                region: None,
            },
        )
        .await
        .unwrap();
    let state = Arc::new(Mutex::new(Receiver {
        posts: Vec::new(),
        answers: vec![StatusCode::SERVICE_UNAVAILABLE],
    }));
    let hook = receiver(state.clone()).await;
    store.add_webhook(&system, ngo.id, &hook, "s3cret").await.unwrap();
    open_case(store.as_ref(), ngo.id, "NGO-1").await;
    open_case(store.as_ref(), ngo.id, "NGO-2").await;
    let http = client();
    let now = Utc::now();

    // The receiver is down: the entries wait, and nothing is tried again before it is due.
    let round = deliver_due(store.as_ref(), &http, now).await.unwrap();
    assert_eq!((round.posts, round.failures, round.entries_delivered), (1, 1, 0));
    let round = deliver_due(store.as_ref(), &http, now + Duration::seconds(10))
        .await
        .unwrap();
    assert_eq!(round.posts, 0, "not due yet");
    let webhooks = store.webhooks(&system).await.unwrap();
    assert_eq!(webhooks[0].failures, 1);
    assert!(webhooks[0].last_error.as_deref().unwrap().contains("503"));

    // Back up: both entries, in order, signed; then nothing more to send.
    let later = now + Duration::minutes(2);
    let round = deliver_due(store.as_ref(), &http, later).await.unwrap();
    assert_eq!((round.posts, round.entries_delivered), (1, 2));
    let round = deliver_due(store.as_ref(), &http, later).await.unwrap();
    assert_eq!(round.posts, 0, "everything was taken");
    let posts = state.lock().unwrap().posts.clone();
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[0].1, posts[1].1, "the failed POST is sent again as it was");
    let (signed, body) = &posts[1];
    assert_eq!(signed, &signature("s3cret", later.timestamp(), body.as_bytes()));
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    let entries = json["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert!(
        entries
            .iter()
            .all(|e| e["topic"] == "case.opened" && e["org"] == ngo.id.0.to_string())
    );
    assert!(entries[0]["seq"].as_i64() < entries[1]["seq"].as_i64());
    let webhooks = store.webhooks(&system).await.unwrap();
    assert_eq!(webhooks[0].failures, 0);
    assert_eq!(webhooks[0].delivered_seq, entries[1]["seq"].as_i64().unwrap());
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_the_outbox_reaches_the_webhook_signed_in_order_and_retried() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("haven.db").display());
    the_outbox_reaches_the_webhook_signed_in_order_and_retried(&url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_the_outbox_reaches_the_webhook_signed_in_order_and_retried() {
    let base = std::env::var("HAVEN_TEST_POSTGRES_URL")
        .expect("HAVEN_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts PostgreSQL");
    let (server, _) = base.rsplit_once('/').unwrap();
    let url = format!("{server}/haven_hooks_{}", uuid::Uuid::new_v4().simple());
    the_outbox_reaches_the_webhook_signed_in_order_and_retried(&url).await;
}
