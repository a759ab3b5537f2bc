//! Reviewing record linkage: the queue of pairs of person records that may be one person,
//! a pair side by side with the evidence for and against, the decision (merge, keep apart)
//! and its undo. The store checks who may decide and audits every decision; these handlers
//! read the buttons and show the outcome.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use haven_domain::ids::{PairId, PersonId};
use haven_domain::merge::{DecisionEntry, PairState, PersonPair, Ruling};
use haven_domain::person::{Identity, Person};
use haven_store::StoreError;
use uuid::Uuid;

use super::{Chrome, render, unless_denied};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;
use crate::forms::{Fields, Form};

/// Pairs listed on one page at most.
const LISTED: i64 = 200;

/// A pair as lists show it: the two records by code, never by name (a list decrypts nothing).
pub(crate) struct PairLine {
    pub pair: PersonPair,
    pub left: Person,
    pub right: Person,
    /// The score as a percentage, for reading.
    pub score: String,
}

impl PairLine {
    pub fn state(&self) -> &'static str {
        self.pair.state.code()
    }

    pub fn is_review(&self) -> bool {
        self.pair.state == PairState::Review
    }

    pub fn decided_at(&self) -> String {
        self.pair
            .decided_at
            .map(|at| at.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    }
}

fn percent(score: f64) -> String {
    format!("{:.0} %", score * 100.0)
}

/// The pairs with their two records, skipping any the store no longer shows the viewer.
pub(crate) async fn pair_lines(
    state: &AppState,
    viewer: &Viewer,
    pairs: Vec<PersonPair>,
) -> Result<Vec<PairLine>, WebError> {
    let mut persons: HashMap<PersonId, Person> = HashMap::new();
    let mut lines = Vec::with_capacity(pairs.len());
    for pair in pairs {
        for id in [pair.left, pair.right] {
            if let Entry::Vacant(slot) = persons.entry(id) {
                slot.insert(state.store.person(&viewer.actor, id).await?);
            }
        }
        lines.push(PairLine {
            score: percent(pair.score),
            left: persons[&pair.left].clone(),
            right: persons[&pair.right].clone(),
            pair,
        });
    }
    Ok(lines)
}

#[derive(Template)]
#[template(path = "review.html")]
struct QueuePage {
    chrome: Chrome,
    lines: Vec<PairLine>,
}

/// The review queue, strongest pairs first.
#[tracing::instrument(skip_all)]
pub(crate) async fn queue(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
) -> Result<Html<String>, WebError> {
    let pairs = state.store.review_queue(&viewer.actor, LISTED).await?;
    render(&QueuePage {
        chrome: Chrome::new(&viewer, "review-title", "/persons/review"),
        lines: pair_lines(&state, &viewer, pairs).await?,
    })
}

#[derive(Template)]
#[template(path = "decisions.html")]
struct DecisionsPage {
    chrome: Chrome,
    lines: Vec<PairLine>,
}

/// Pairs merged or kept apart, latest first, each with its undo.
#[tracing::instrument(skip_all)]
pub(crate) async fn decisions(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
) -> Result<Html<String>, WebError> {
    let pairs = state.store.decided_pairs(&viewer.actor, None, LISTED).await?;
    render(&DecisionsPage {
        chrome: Chrome::new(&viewer, "decisions-title", "/persons/decisions"),
        lines: pair_lines(&state, &viewer, pairs).await?,
    })
}

/// One record of a pair as the reviewer compares it.
struct Side {
    person: Person,
    identity: Option<Identity>,
    /// The record it is shown as, if merged into another.
    shown_as: Option<Person>,
}

/// One field's comparison, ready to show.
struct EvidenceLine {
    field: String,
    bearing: &'static str,
    weight: String,
}

#[derive(Template)]
#[template(path = "review_pair.html")]
struct PairPage {
    chrome: Chrome,
    pair: PersonPair,
    score: String,
    left: Side,
    right: Side,
    evidence: Vec<EvidenceLine>,
    history: Vec<DecisionEntry>,
    form: Form,
}

impl PairPage {
    fn is_review(&self) -> bool {
        self.pair.state == PairState::Review
    }

    fn sides(&self) -> [(&Side, &'static str); 2] {
        [(&self.left, "review-left"), (&self.right, "review-right")]
    }
}

async fn side(state: &AppState, viewer: &Viewer, id: PersonId) -> Result<Side, WebError> {
    let person = state.store.person(&viewer.actor, id).await?;
    // Comparing the two identities is the reviewer's work; each read is audited.
    let identity = unless_denied(state.store.read_identity(&viewer.actor, id).await)?;
    let shown = state.store.shown_as(&viewer.actor, id).await?;
    let shown_as = if shown == id {
        None
    } else {
        unless_denied(state.store.person(&viewer.actor, shown).await)?
    };
    Ok(Side {
        person,
        identity,
        shown_as,
    })
}

async fn pair_page(state: &AppState, viewer: &Viewer, id: PairId, form: Form) -> Result<Html<String>, WebError> {
    let pair = state.store.person_pair(&viewer.actor, id).await?;
    let tr = viewer.tr;
    let evidence = pair
        .evidence
        .iter()
        .map(|e| EvidenceLine {
            field: tr.value("link-field", &e.field),
            bearing: e.bearing().code(),
            weight: e.weight.map(|w| format!("{w:+.1}")).unwrap_or_default(),
        })
        .collect();
    render(&PairPage {
        chrome: Chrome::new(viewer, "review-pair-title", format!("/persons/review/{}", id.0)),
        score: percent(pair.score),
        left: side(state, viewer, pair.left).await?,
        right: side(state, viewer, pair.right).await?,
        history: state.store.pair_decisions(&viewer.actor, id).await?,
        evidence,
        pair,
        form,
    })
}

/// A pair side by side, with the evidence and the decisions open to it.
#[tracing::instrument(skip_all)]
pub(crate) async fn pair(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<Uuid>,
) -> Result<Html<String>, WebError> {
    pair_page(&state, &viewer, PairId(id), Form::default()).await
}

/// Merge (showing the left or the right record), keep apart, or undo: the button pressed
/// says which. After a merge the person is shown; after an undo, the pair again.
#[tracing::instrument(skip_all)]
pub(crate) async fn decide(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<Uuid>,
    axum::Form(fields): Fields,
) -> Result<Response, WebError> {
    let tr = viewer.tr;
    let id = PairId(id);
    let mut form = Form::new(fields);
    let version = form.version(tr);
    let pair = state.store.person_pair(&viewer.actor, id).await?;
    let ruling = match form.value("action") {
        "merge_left" => Ruling::Merge { survivor: pair.left },
        "merge_right" => Ruling::Merge { survivor: pair.right },
        "keep_apart" => Ruling::KeepApart,
        "undo" => Ruling::Undo,
        _ => {
            return Err(WebError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "action: choose merge_left, merge_right, keep_apart or undo",
            ));
        }
    };
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if let Some(version) = version {
        match state.store.decide_pair(&viewer.actor, id, version, ruling).await {
            Ok(decided) => {
                let to = match (ruling, decided.survivor) {
                    (Ruling::Merge { .. }, Some(survivor)) => format!("/persons/{}", survivor.0),
                    (Ruling::KeepApart, _) => "/persons/review".to_owned(),
                    _ => format!("/persons/review/{}", id.0),
                };
                return Ok(Redirect::to(&to).into_response());
            }
            Err(StoreError::Conflict { .. }) => {
                status = StatusCode::CONFLICT;
                form.refuse_form(tr.t("conflict"));
            }
            Err(StoreError::Invalid(errors)) => {
                // Two records already one person through other merges, or a decision the
                // pair's state does not take.
                tracing::debug!(error = %errors, "decision refused");
                form.refuse_form(tr.t("review-refused"));
            }
            Err(other) => return Err(other.into()),
        }
    }
    let page = pair_page(&state, &viewer, id, form).await?;
    Ok((status, page).into_response())
}
