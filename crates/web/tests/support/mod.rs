//! A Haven with a few records and one signed-in session per role, on a fresh database, and
//! requests sent straight to the application (no socket) with cookies carried by hand.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

// The store's test records, shared rather than written twice.
#[path = "../../../store/tests/support/fixtures.rs"]
pub mod fixtures;

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use haven_domain::access::{Actor, Role};
use haven_domain::case::Case;
use haven_domain::event::{EventKind, NewEvent};
use haven_domain::ids::OrgId;
use haven_domain::org::OrgKind;
use haven_domain::person::{NameSource, Person, Script};
use haven_domain::referral::{CaseSection, Consent, ConsentBasis, NewReferral, Referral, ReferralReason};
use haven_domain::user::NewUser;
use haven_store::{Keyring, MasterKey, Store, password};
use http_body_util::BodyExt;
use tempfile::TempDir;
use tower::ServiceExt;

use fixtures::{d, org_input, system, tatsiana, trafficking};

pub const PASSWORD: &str = "correct horse battery staple";

/// Every role, with the username its test account has.
pub const ROLE_USERS: &[(Role, &str)] = &[
    (Role::HotlineOperator, "operator"),
    (Role::CaseWorker, "caseworker"),
    (Role::Investigator, "investigator"),
    (Role::MigrationOfficer, "migration"),
    (Role::Analyst, "analyst"),
    (Role::Administrator, "admin"),
    (Role::Auditor, "auditor"),
];

pub struct World {
    pub store: Arc<dyn Store>,
    pub app: Router,
    pub url: String,
    pub police: OrgId,
    pub ngo: OrgId,
    pub person: Person,
    pub case: Case,
    /// An interview on the case, and psychological help the police unit's case worker gave.
    pub event: haven_domain::event::Event,
    pub assistance: haven_domain::assistance::Assistance,
    /// A prevention activity of the police unit.
    pub prevention: haven_domain::prevention::PreventionActivity,
    /// A training, a funding allocation and a cooperation request of the police unit.
    pub training: haven_domain::training::Training,
    pub funding: haven_domain::funding::Funding,
    pub cooperation: haven_domain::cooperation::Cooperation,
    /// The case referred to the NGO (sent, not yet answered), sharing all but its timeline.
    pub referral: Referral,
    /// Two registrations of one woman (`Вольга Іванова`, `VOLHA IVANOVA`) waiting for review.
    pub pair: haven_domain::merge::PersonPair,
    pub actors: HashMap<Role, Actor>,
    /// Each enrolled account's TOTP secret and how many codes it has used, so that it can
    /// sign in again (a second session) with the next code.
    secrets: std::sync::Mutex<HashMap<String, (String, u64)>>,
    _dir: TempDir,
}

impl World {
    /// A police unit with one user per role, a registered victim with a trafficking case and
    /// an event on it, and an NGO with a case worker of its own (`ngo.worker`).
    pub async fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("haven.db").display());
        let mut key = [0u8; 32];
        key.copy_from_slice(&[uuid::Uuid::new_v4().into_bytes(), uuid::Uuid::new_v4().into_bytes()].concat());
        let store = haven_store::initialise(&url, Keyring::new(&MasterKey::from_bytes(key)))
            .await
            .unwrap();
        let police = store
            .create_organisation(
                &system(),
                &org_input("Anti-trafficking unit", OrgKind::LawEnforcement, None),
            )
            .await
            .unwrap()
            .id;
        let ngo = store
            .create_organisation(&system(), &org_input("Shelter «Надзея»", OrgKind::Ngo, None))
            .await
            .unwrap()
            .id;
        let hash = password::hash(PASSWORD).unwrap();
        let mut actors = HashMap::new();
        for (role, username) in ROLE_USERS {
            let user = store
                .create_user(
                    &system(),
                    &NewUser {
                        org: police,
                        username: (*username).into(),
                        display_name: format!("{username} (test)"),
                        roles: vec![*role],
                    },
                    &hash,
                )
                .await
                .unwrap();
            actors.insert(*role, Actor::for_user(&user));
        }
        store
            .create_user(
                &system(),
                &NewUser {
                    org: ngo,
                    username: "ngo.worker".into(),
                    display_name: "Вольга Case Worker".into(),
                    roles: vec![Role::CaseWorker],
                },
                &hash,
            )
            .await
            .unwrap();
        let investigator = &actors[&Role::Investigator];
        let person = store.create_person(investigator, &tatsiana()).await.unwrap();
        let case = store
            .open_case(investigator, &trafficking(police, person.id))
            .await
            .unwrap();
        let event = store
            .record_event(
                investigator,
                &NewEvent {
                    case: case.id,
                    kind: EventKind::Interview,
                    occurred_on: d(2023, 3, 2),
                    notes: Some("Interviewed with an interpreter.".into()),
                },
            )
            .await
            .unwrap();
        let assistance = store
            .record_assistance(
                &actors[&Role::CaseWorker],
                &haven_domain::assistance::AssistanceInput {
                    person: person.id,
                    case: Some(case.id),
                    provider: police,
                    kind: haven_domain::assistance::AssistanceKind::Psychological,
                    delivered_on: d(2023, 3, 4),
                    cost: None,
                    funding: None,
                    notes: None,
                },
            )
            .await
            .unwrap();
        let referral = store
            .send_referral(
                investigator,
                &NewReferral {
                    case: case.id,
                    to_org: ngo,
                    reason: ReferralReason::AdditionalServicesRequired,
                    sections: vec![
                        CaseSection::Summary,
                        CaseSection::Identity,
                        CaseSection::Details,
                        CaseSection::Assistance,
                    ],
                    consent: Some(Consent {
                        basis: ConsentBasis::PersonConsented,
                        recorded_on: d(2023, 3, 2),
                        recorded_by: None,
                    }),
                    sent_on: d(2023, 3, 3),
                },
            )
            .await
            .unwrap();
        let prevention = store
            .create_prevention(
                investigator,
                &haven_domain::prevention::PreventionInput {
                    org: police,
                    kind: haven_domain::prevention::PreventionKind::Lecture,
                    topic: haven_domain::prevention::PreventionTopic::SafeTravelAbroad,
                    held_on: d(2023, 4, 12),
                    title: "Safe travel abroad, school No. 7".into(),
                    region: None,
                    audience: Some(120),
                },
            )
            .await
            .unwrap();
        let training = store
            .create_training(
                investigator,
                &haven_domain::training::TrainingInput {
                    org: police,
                    title: "Identification of victims".into(),
                    starts_on: d(2023, 9, 11),
                    ends_on: d(2023, 9, 15),
                    participants: vec![haven_domain::training::Participants {
                        country: haven_domain::country::CountryCode::parse("ARM").unwrap(),
                        count: 4,
                    }],
                },
            )
            .await
            .unwrap();
        let funding = store
            .create_funding(
                investigator,
                &haven_domain::funding::FundingInput {
                    source: haven_domain::funding::FundingSource::ForeignGratuitousAid,
                    donor: "IOM Mission".into(),
                    recipient: Some(police),
                    purpose: haven_domain::funding::FundingPurpose::Training,
                    allocated_on: d(2023, 2, 1),
                    amount: haven_domain::money::Money::new(1_250_000, haven_domain::money::Currency::Eur).unwrap(),
                    usd_rate: "1.08".parse().unwrap(),
                },
            )
            .await
            .unwrap();
        let cooperation = store
            .create_cooperation(
                investigator,
                &haven_domain::cooperation::CooperationInput {
                    org: police,
                    kind: haven_domain::cooperation::CooperationKind::OutgoingRequest,
                    counterpart: "Polish Police".into(),
                    counterpart_country: Some(haven_domain::country::CountryCode::parse("POL").unwrap()),
                    subject: "Whereabouts of a recruiter".into(),
                    case: None,
                    started_on: d(2023, 6, 1),
                    ended_on: None,
                    outcome: None,
                },
            )
            .await
            .unwrap();
        let volha = |name| haven_domain::person::NewPerson {
            sex: haven_domain::person::Sex::Female,
            citizenships: vec![haven_domain::country::CountryCode::BELARUS],
            identity: haven_domain::person::Identity {
                names: vec![name],
                birth_date: Some(haven_domain::date::PartialDate::full(d(1990, 5, 1))),
                documents: vec![],
                contacts: vec![],
            },
        };
        let ngo_record = fixtures::name(Script::Cyrillic, NameSource::NgoRecord, "Вольга", "Іванова");
        let passport = fixtures::name(Script::Latin, NameSource::Passport, "VOLHA", "IVANOVA");
        let first = store.create_person(investigator, &volha(ngo_record)).await.unwrap();
        let second = store.create_person(investigator, &volha(passport)).await.unwrap();
        let evidence = [("name", Some(6.5)), ("dob", Some(7.2)), ("document", None)]
            .into_iter()
            .map(|(field, weight)| haven_domain::merge::Evidence {
                field: field.into(),
                weight,
            })
            .collect();
        let candidate = haven_domain::merge::Candidate::new(first.id, second.id, 0.42, evidence);
        store.record_linkage(&system(), &[], &[candidate]).await.unwrap();
        let pair = store.review_queue(investigator, 10).await.unwrap().remove(0);
        let app = haven_web::app(store.clone(), haven_web::Config::default());
        World {
            pair,
            store,
            app,
            url,
            police,
            ngo,
            person,
            case,
            event,
            assistance,
            referral,
            prevention,
            training,
            funding,
            cooperation,
            actors,
            secrets: std::sync::Mutex::default(),
            _dir: dir,
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: bytes.to_vec(),
        }
    }

    /// Sign in with password and, where the role needs one, a one-time code (enrolling at
    /// the first sign-in, as a new user does).
    pub async fn sign_in(&self, username: &str) -> Session {
        let reply = self
            .send(form_request(
                "POST",
                "/sign-in",
                None,
                &format!("username={username}&password={}", enc(PASSWORD)),
            ))
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{username}: {}", reply.text());
        let cookie = reply.cookie().expect("a session cookie");
        let mut session = Session {
            cookie,
            csrf: String::new(),
        };
        if reply.location() == Some("/sign-in/code") {
            let page = self.send(session.get("/sign-in/code")).await;
            session.csrf = hidden_value(&page.text(), "csrf").expect("a CSRF token");
            let enrolment = between(&page.text(), "id=\"totp-secret\">", "<");
            let body = if let Some(secret) = enrolment {
                let code = haven_web::code_at(&secret, now_unix()).unwrap();
                self.secrets
                    .lock()
                    .unwrap()
                    .insert(username.to_owned(), (secret.clone(), 1));
                format!("code={code}&secret={secret}")
            } else {
                let mut secrets = self.secrets.lock().unwrap();
                let (secret, used) = secrets.get_mut(username).expect("an enrolment key or a known secret");
                // A code is good once; the next time step's code is accepted (clock skew).
                assert!(*used < 2, "{username}: at most two sign-ins per 30 seconds in a test");
                let code = haven_web::code_at(secret, now_unix() + 30 * *used).unwrap();
                *used += 1;
                format!("code={code}")
            };
            let reply = self.send(session.form("/sign-in/code", &body)).await;
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{username}: {}", reply.text());
            assert_eq!(reply.location(), Some("/"));
        }
        let home = self.send(session.get("/")).await;
        assert_eq!(home.status, StatusCode::OK, "{username}: {}", home.text());
        session.csrf = hidden_value(&home.text(), "csrf").expect("a CSRF token");
        session
    }
}

pub fn now_unix() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp()).unwrap()
}

/// A signed-in browser: its cookie and the CSRF token its pages carry.
#[derive(Debug, Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

impl Session {
    pub fn get(&self, path: &str) -> Request<Body> {
        Request::get(path)
            .header(header::COOKIE, &self.cookie)
            .body(Body::empty())
            .unwrap()
    }

    /// A form post with the session's CSRF token.
    pub fn form(&self, path: &str, body: &str) -> Request<Body> {
        self.form_with("POST", path, body)
    }

    /// A form sent with another method (a PUT) and the session's CSRF token.
    pub fn form_with(&self, method: &str, path: &str, body: &str) -> Request<Body> {
        let body = if body.is_empty() {
            format!("csrf={}", self.csrf)
        } else {
            format!("csrf={}&{body}", self.csrf)
        };
        form_request(method, path, Some(&self.cookie), &body)
    }
}

impl Session {
    /// An API request with a JSON body, the session's CSRF token in its header, and the
    /// version it changes in `If-Match`.
    pub fn json(&self, method: &str, path: &str, body: &serde_json::Value, if_match: Option<i64>) -> Request<Body> {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::COOKIE, &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(version) = if_match {
            request = request.header(header::IF_MATCH, format!("\"{version}\""));
        }
        request.body(Body::from(body.to_string())).unwrap()
    }
}

pub fn form_request(method: &str, path: &str, cookie: Option<&str>, body: &str) -> Request<Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::from(body.to_owned())).unwrap()
}

pub fn enc(text: &str) -> String {
    serde_urlencoded::to_string([("", text)]).unwrap()[1..].to_owned()
}

#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn location(&self) -> Option<&str> {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok())
    }

    /// The session cookie set, as a `Cookie` header value.
    pub fn cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(haven_web::SESSION_COOKIE))
            .map(|v| v.split(';').next().unwrap().to_owned())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
}

pub fn between(text: &str, start: &str, end: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(text[from..to].to_owned())
}

pub fn hidden_value(page: &str, name: &str) -> Option<String> {
    between(page, &format!("name=\"{name}\" value=\""), "\"")
}
