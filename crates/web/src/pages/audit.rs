//! The audit trail for auditors: the latest entries, filtered by action and by who acted,
//! and a verification of the whole chain.

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Html;
use haven_domain::audit::{AuditAction, AuditEntry};
use serde::Deserialize;

use super::{Chrome, hex, optional_code, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;

/// How far back the page looks.
const LOOK_BACK: i64 = 2000;

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    audit: Vec<AuditEntry>,
    actions: &'static [AuditAction],
    action: Option<AuditAction>,
    actor: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct AuditQuery {
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    actor: Option<String>,
}

pub(crate) async fn trail(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Query(query): Query<AuditQuery>,
) -> Result<Html<String>, WebError> {
    let action = optional_code("action", query.action.as_deref(), AuditAction::parse)?;
    let actor = query.actor.unwrap_or_default().trim().to_owned();
    let (head, _) = state.store.audit_head().await?;
    let mut audit = state
        .store
        .audit_entries(&viewer.actor, (head - LOOK_BACK).max(0), LOOK_BACK)
        .await?;
    audit
        .retain(|e| action.is_none_or(|a| e.record.action == a) && (actor.is_empty() || e.record.actor_label == actor));
    audit.reverse();
    audit.truncate(200);
    render(&AuditPage {
        chrome: Chrome::new(&viewer, "audit-title", "/audit"),
        audit,
        actions: AuditAction::ALL,
        action,
        actor,
    })
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    chrome: Chrome,
    entries: usize,
    result: Result<String, String>,
}

#[tracing::instrument(skip_all)]
pub(crate) async fn verify(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
) -> Result<Html<String>, WebError> {
    let (entries, _) = state.store.audit_head().await?;
    let result = match state.store.verify_audit(&viewer.actor, &|_| {}).await? {
        Ok(summary) => Ok(hex(&summary.head_hash)),
        Err(broken) => Err(broken.to_string()),
    };
    render(&VerifyPage {
        chrome: Chrome::new(&viewer, "verify-title", "/audit/verify"),
        entries: usize::try_from(entries).unwrap_or(0),
        result,
    })
}
