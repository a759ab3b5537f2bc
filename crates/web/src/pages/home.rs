//! The home page: what waits for this user. Each part appears only where the user's roles
//! allow it; the store scopes each list to the user's organisation.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::Html;
use haven_domain::access::Permission;
use haven_domain::audit::AuditEntry;
use haven_domain::case::{Case, CaseSummary};
use haven_domain::referral::{Referral, ReferralStatus};
use haven_store::{CaseFilter, Page};

use super::statistics::{Tile, tiles};
use super::{Chrome, all_organisation_names, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;
use crate::routes::READ_ANY_CASE;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    referrals: Option<Vec<(Referral, String)>>,
    /// More referrals wait than [`WAITING_SHOWN`], the newest of which are listed.
    more_waiting: bool,
    cases: Option<Vec<CaseSummary>>,
    audit: Option<Vec<AuditEntry>>,
    tiles: Option<Vec<Tile>>,
    /// Protection ending within [`DEADLINE_DAYS`]: the case and the day it ends.
    deadlines: Option<Vec<(Case, chrono::NaiveDate)>>,
}

/// The most waiting referrals the home page lists.
const WAITING_SHOWN: usize = 100;

/// How far ahead the home page looks for deadlines: time enough to decide on an extension.
const DEADLINE_DAYS: i64 = 60;

pub(crate) async fn page(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
) -> Result<Html<String>, WebError> {
    let actor = &viewer.actor;
    let mut more_waiting = false;
    let referrals = if actor.may(Permission::RespondReferral) {
        let names = all_organisation_names(&state).await?;
        let mut waiting = state
            .store
            .incoming_referrals(actor, Some(ReferralStatus::Sent), Page::first(WAITING_SHOWN as i64 + 1))
            .await?;
        more_waiting = waiting.len() > WAITING_SHOWN;
        waiting.truncate(WAITING_SHOWN);
        Some(
            waiting
                .into_iter()
                .map(|r| {
                    let from = names.get(&r.from_org).cloned().unwrap_or_default();
                    (r, from)
                })
                .collect(),
        )
    } else {
        None
    };
    let cases = if READ_ANY_CASE.iter().any(|p| actor.may(*p)) {
        let filter = CaseFilter {
            limit: 10,
            ..CaseFilter::default()
        };
        Some(state.store.case_summaries(actor, &filter).await?)
    } else {
        None
    };
    let audit = if actor.may(Permission::ReadAudit) {
        let (head, _) = state.store.audit_head().await?;
        let mut entries = state.store.audit_entries(actor, (head - 10).max(0), 10).await?;
        entries.reverse();
        Some(entries)
    } else {
        None
    };
    let deadlines = if actor.may(Permission::ReadCase(haven_domain::case::CaseKind::Protection)) {
        let today = haven_store::today();
        let horizon = today + chrono::Duration::days(DEADLINE_DAYS);
        Some(state.store.protection_ending(actor, today, horizon, 20).await?)
    } else {
        None
    };
    // Headline figures for those whose work is statistics.
    let tiles = if actor.may(Permission::PublishStatistics) {
        Some(tiles(&state, &viewer).await?)
    } else {
        None
    };
    render(&HomePage {
        chrome: Chrome::new(&viewer, "home-title", "/"),
        referrals,
        more_waiting,
        cases,
        audit,
        tiles,
        deadlines,
    })
}
