//! Every route, and who may call it. The router is built from [`ROUTES`], so a route cannot
//! exist without its row; the guard applies the row before the handler runs, and the store
//! then applies the domain's rules to the records themselves.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::routing::{MethodRouter, get, post};
use haven_domain::access::{Actor, Permission};
use haven_domain::case::CaseKind;

use crate::pages::activities::{Allocations, Prevention, Requests, Trainings};
use crate::pages::{
    activities, admin, audit, cases, home, hotline, linkage, persons, records, referrals, register, sign_in, statistics,
};
use crate::{AppState, api, assets, auth, security};

/// Who may call a route.
#[derive(Debug, Clone, Copy)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// A session whose password was accepted, waiting for its second factor.
    SecondFactorStep,
    /// Any session, finished or waiting for its second factor (signing out, the language).
    AnySession,
    /// Any signed-in user.
    SignedIn,
    /// A signed-in user whose roles grant the permission.
    Needs(Permission),
    /// A signed-in user whose roles grant one of the permissions.
    AnyOf(&'static [Permission]),
}

impl Access {
    /// Whether a signed-in actor passes this row (sessions and second factors aside). The
    /// answer is the domain's: `Actor::may`.
    pub fn allows(self, actor: &Actor) -> bool {
        match self {
            Access::Public | Access::SecondFactorStep | Access::AnySession | Access::SignedIn => true,
            Access::Needs(permission) => actor.may(permission),
            Access::AnyOf(permissions) => permissions.iter().any(|p| actor.may(*p)),
        }
    }
}

/// Reading case files of any kind.
pub const READ_ANY_CASE: &[Permission] = &[
    Permission::ReadCase(CaseKind::Trafficking),
    Permission::ReadCase(CaseKind::Criminal),
    Permission::ReadCase(CaseKind::Migration),
    Permission::ReadCase(CaseKind::Protection),
    Permission::ReadCase(CaseKind::Citizenship),
    Permission::ReadCase(CaseKind::Hotline),
];

/// Writing case files of any kind.
pub const WRITE_ANY_CASE: &[Permission] = &[
    Permission::WriteCase(CaseKind::Trafficking),
    Permission::WriteCase(CaseKind::Criminal),
    Permission::WriteCase(CaseKind::Migration),
    Permission::WriteCase(CaseKind::Protection),
    Permission::WriteCase(CaseKind::Citizenship),
    Permission::WriteCase(CaseKind::Hotline),
];

/// The two sides of a referral.
pub const REFERRAL_PARTIES: &[Permission] = &[Permission::SendReferral, Permission::RespondReferral];

/// One route: method, path (axum syntax) and who may call it.
#[derive(Debug, Clone, Copy)]
pub struct RouteRule {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

const fn rule(method: &'static str, path: &'static str, access: Access) -> RouteRule {
    RouteRule { method, path, access }
}

/// The table: every route Haven serves.
pub const ROUTES: &[RouteRule] = &[
    rule("GET", "/healthz", Access::Public),
    rule("GET", "/assets/htmx.min.js", Access::Public),
    rule("GET", "/assets/haven.css", Access::Public),
    rule("GET", "/sign-in", Access::Public),
    rule("POST", "/sign-in", Access::Public),
    rule("GET", "/sign-in/code", Access::SecondFactorStep),
    rule("POST", "/sign-in/code", Access::SecondFactorStep),
    rule("POST", "/sign-out", Access::AnySession),
    rule("POST", "/language", Access::AnySession),
    rule("GET", "/", Access::SignedIn),
    rule("GET", "/persons", Access::Needs(Permission::ReadIdentity)),
    rule("GET", "/persons/new", Access::Needs(Permission::WriteIdentity)),
    rule("GET", "/persons/likely", Access::Needs(Permission::WriteIdentity)),
    rule("GET", "/persons/review", Access::Needs(Permission::LinkPersons)),
    rule("GET", "/persons/review/{pair}", Access::Needs(Permission::LinkPersons)),
    rule("POST", "/persons/review/{pair}", Access::Needs(Permission::LinkPersons)),
    rule("GET", "/persons/decisions", Access::Needs(Permission::LinkPersons)),
    rule("POST", "/persons", Access::Needs(Permission::WriteIdentity)),
    rule("GET", "/persons/{person}", Access::Needs(Permission::ReadIdentity)),
    rule(
        "GET",
        "/persons/{person}/edit",
        Access::Needs(Permission::WriteIdentity),
    ),
    rule(
        "POST",
        "/persons/{person}/edit",
        Access::Needs(Permission::WriteIdentity),
    ),
    rule("GET", "/persons/{person}/cases/new", Access::AnyOf(WRITE_ANY_CASE)),
    rule("POST", "/persons/{person}/cases", Access::AnyOf(WRITE_ANY_CASE)),
    rule("GET", "/cases", Access::AnyOf(READ_ANY_CASE)),
    rule("GET", "/cases/{case}", Access::AnyOf(READ_ANY_CASE)),
    rule("GET", "/cases/{case}/edit", Access::AnyOf(WRITE_ANY_CASE)),
    rule("POST", "/cases/{case}/events", Access::AnyOf(WRITE_ANY_CASE)),
    rule("POST", "/cases/{case}/edit", Access::AnyOf(WRITE_ANY_CASE)),
    rule(
        "POST",
        "/cases/{case}/referrals",
        Access::Needs(Permission::SendReferral),
    ),
    rule(
        "POST",
        "/cases/{case}/assistance",
        Access::Needs(Permission::RecordAssistance),
    ),
    rule("GET", "/referrals/{referral}", Access::AnyOf(REFERRAL_PARTIES)),
    rule(
        "POST",
        "/referrals/{referral}",
        Access::Needs(Permission::RespondReferral),
    ),
    rule(
        "GET",
        "/hotline",
        Access::Needs(Permission::WriteCase(CaseKind::Hotline)),
    ),
    rule(
        "POST",
        "/hotline",
        Access::Needs(Permission::WriteCase(CaseKind::Hotline)),
    ),
    rule("GET", "/agencies", Access::Needs(Permission::LookUpAgencies)),
    rule("GET", "/activities", Access::Needs(Permission::ReadActivities)),
    rule(
        "GET",
        "/activities/prevention/new",
        Access::Needs(Permission::RecordActivity),
    ),
    rule(
        "POST",
        "/activities/prevention",
        Access::Needs(Permission::RecordActivity),
    ),
    rule(
        "GET",
        "/activities/prevention/{prevention}",
        Access::Needs(Permission::RecordActivity),
    ),
    rule(
        "POST",
        "/activities/prevention/{prevention}",
        Access::Needs(Permission::RecordActivity),
    ),
    rule("GET", "/activities/training", Access::Needs(Permission::ReadActivities)),
    rule(
        "GET",
        "/activities/training/new",
        Access::Needs(Permission::RecordActivity),
    ),
    rule(
        "POST",
        "/activities/training",
        Access::Needs(Permission::RecordActivity),
    ),
    rule(
        "GET",
        "/activities/training/{training}",
        Access::Needs(Permission::RecordActivity),
    ),
    rule(
        "POST",
        "/activities/training/{training}",
        Access::Needs(Permission::RecordActivity),
    ),
    rule("GET", "/activities/funding", Access::Needs(Permission::ReadActivities)),
    rule(
        "GET",
        "/activities/funding/new",
        Access::Needs(Permission::RecordActivity),
    ),
    rule("POST", "/activities/funding", Access::Needs(Permission::RecordActivity)),
    rule(
        "GET",
        "/activities/funding/{funding}",
        Access::Needs(Permission::RecordActivity),
    ),
    rule(
        "POST",
        "/activities/funding/{funding}",
        Access::Needs(Permission::RecordActivity),
    ),
    rule(
        "GET",
        "/activities/cooperation",
        Access::Needs(Permission::ReadActivities),
    ),
    rule(
        "GET",
        "/activities/cooperation/new",
        Access::Needs(Permission::RecordActivity),
    ),
    rule(
        "POST",
        "/activities/cooperation",
        Access::Needs(Permission::RecordActivity),
    ),
    rule(
        "GET",
        "/activities/cooperation/{cooperation}",
        Access::Needs(Permission::RecordActivity),
    ),
    rule(
        "POST",
        "/activities/cooperation/{cooperation}",
        Access::Needs(Permission::RecordActivity),
    ),
    rule("GET", "/statistics", Access::Needs(Permission::ReadStatistics)),
    rule("GET", "/statistics/report", Access::Needs(Permission::ReadStatistics)),
    rule("GET", "/audit", Access::Needs(Permission::ReadAudit)),
    rule("GET", "/audit/verify", Access::Needs(Permission::ReadAudit)),
    rule("GET", "/admin/users", Access::Needs(Permission::ManageUsers)),
    rule("POST", "/admin/users", Access::Needs(Permission::ManageUsers)),
    rule("POST", "/admin/users/{user}", Access::Needs(Permission::ManageUsers)),
    rule(
        "GET",
        "/admin/organisations",
        Access::Needs(Permission::ManageOrganisations),
    ),
    rule(
        "POST",
        "/admin/organisations",
        Access::Needs(Permission::ManageOrganisations),
    ),
    rule(
        "GET",
        "/admin/agencies",
        Access::Needs(Permission::ManageReferenceLists),
    ),
    rule(
        "POST",
        "/admin/agencies",
        Access::Needs(Permission::ManageReferenceLists),
    ),
    rule("GET", "/api/v1/openapi.json", Access::Public),
    rule("GET", "/api/v1/me", Access::SignedIn),
    rule("GET", "/api/v1/persons", Access::Needs(Permission::ReadIdentity)),
    rule("POST", "/api/v1/persons", Access::Needs(Permission::WriteIdentity)),
    rule(
        "GET",
        "/api/v1/persons/{person}",
        Access::Needs(Permission::ReadIdentity),
    ),
    rule(
        "PUT",
        "/api/v1/persons/{person}",
        Access::Needs(Permission::WriteIdentity),
    ),
    rule("GET", "/api/v1/cases", Access::AnyOf(READ_ANY_CASE)),
    rule("POST", "/api/v1/cases", Access::AnyOf(WRITE_ANY_CASE)),
    rule("GET", "/api/v1/cases/{case}", Access::AnyOf(READ_ANY_CASE)),
    rule("PUT", "/api/v1/cases/{case}", Access::AnyOf(WRITE_ANY_CASE)),
    rule("GET", "/api/v1/events", Access::AnyOf(READ_ANY_CASE)),
    rule("POST", "/api/v1/events", Access::AnyOf(WRITE_ANY_CASE)),
    rule("GET", "/api/v1/events/{event}", Access::AnyOf(READ_ANY_CASE)),
    rule("PUT", "/api/v1/events/{event}", Access::AnyOf(WRITE_ANY_CASE)),
    rule("GET", "/api/v1/referrals", Access::Needs(Permission::RespondReferral)),
    rule("POST", "/api/v1/referrals", Access::Needs(Permission::SendReferral)),
    rule("GET", "/api/v1/referrals/{referral}", Access::AnyOf(REFERRAL_PARTIES)),
    rule(
        "PUT",
        "/api/v1/referrals/{referral}",
        Access::Needs(Permission::RespondReferral),
    ),
    rule("GET", "/api/v1/assistance", Access::Needs(Permission::ReadAssistance)),
    rule(
        "POST",
        "/api/v1/assistance",
        Access::Needs(Permission::RecordAssistance),
    ),
    rule(
        "GET",
        "/api/v1/assistance/{assistance}",
        Access::Needs(Permission::ReadAssistance),
    ),
    rule(
        "PUT",
        "/api/v1/assistance/{assistance}",
        Access::Needs(Permission::RecordAssistance),
    ),
    rule("GET", "/api/v1/prevention", Access::Needs(Permission::ReadActivities)),
    rule("POST", "/api/v1/prevention", Access::Needs(Permission::RecordActivity)),
    rule(
        "GET",
        "/api/v1/prevention/{prevention}",
        Access::Needs(Permission::ReadActivities),
    ),
    rule(
        "PUT",
        "/api/v1/prevention/{prevention}",
        Access::Needs(Permission::RecordActivity),
    ),
    rule("GET", "/api/v1/trainings", Access::Needs(Permission::ReadActivities)),
    rule("POST", "/api/v1/trainings", Access::Needs(Permission::RecordActivity)),
    rule(
        "GET",
        "/api/v1/trainings/{training}",
        Access::Needs(Permission::ReadActivities),
    ),
    rule(
        "PUT",
        "/api/v1/trainings/{training}",
        Access::Needs(Permission::RecordActivity),
    ),
    rule("GET", "/api/v1/funding", Access::Needs(Permission::ReadActivities)),
    rule("POST", "/api/v1/funding", Access::Needs(Permission::RecordActivity)),
    rule(
        "GET",
        "/api/v1/funding/{funding}",
        Access::Needs(Permission::ReadActivities),
    ),
    rule(
        "PUT",
        "/api/v1/funding/{funding}",
        Access::Needs(Permission::RecordActivity),
    ),
    rule("GET", "/api/v1/cooperation", Access::Needs(Permission::ReadActivities)),
    rule("POST", "/api/v1/cooperation", Access::Needs(Permission::RecordActivity)),
    rule(
        "GET",
        "/api/v1/cooperation/{cooperation}",
        Access::Needs(Permission::ReadActivities),
    ),
    rule(
        "PUT",
        "/api/v1/cooperation/{cooperation}",
        Access::Needs(Permission::RecordActivity),
    ),
];

/// The handler of a row. A row without one stops the server at start (and the tests).
fn handler(rule: &RouteRule) -> MethodRouter<AppState> {
    match (rule.method, rule.path) {
        ("GET", "/healthz") => get(assets::healthz),
        ("GET", "/assets/htmx.min.js") => get(assets::htmx),
        ("GET", "/assets/haven.css") => get(assets::style),
        ("GET", "/sign-in") => get(sign_in::form),
        ("POST", "/sign-in") => post(sign_in::submit),
        ("GET", "/sign-in/code") => get(sign_in::code_form),
        ("POST", "/sign-in/code") => post(sign_in::code_submit),
        ("POST", "/sign-out") => post(sign_in::sign_out),
        ("POST", "/language") => post(sign_in::language),
        ("GET", "/") => get(home::page),
        ("GET", "/persons") => get(persons::search),
        ("GET", "/persons/new") => get(persons::new_form),
        ("GET", "/persons/likely") => get(persons::likely),
        ("GET", "/persons/review") => get(linkage::queue),
        ("GET", "/persons/review/{pair}") => get(linkage::pair),
        ("POST", "/persons/review/{pair}") => post(linkage::decide),
        ("GET", "/persons/decisions") => get(linkage::decisions),
        ("POST", "/persons") => post(persons::create),
        ("GET", "/persons/{person}") => get(persons::page),
        ("GET", "/persons/{person}/edit") => get(persons::edit_form),
        ("POST", "/persons/{person}/edit") => post(persons::update),
        ("GET", "/persons/{person}/cases/new") => get(records::new_case),
        ("POST", "/persons/{person}/cases") => post(records::create_case),
        ("GET", "/cases/{case}/edit") => get(records::edit_case),
        ("POST", "/cases/{case}/events") => post(referrals::record_event),
        ("POST", "/cases/{case}/edit") => post(records::update_case),
        ("GET", "/cases") => get(cases::list),
        ("GET", "/cases/{case}") => get(cases::page),
        ("POST", "/cases/{case}/referrals") => post(referrals::send),
        ("POST", "/cases/{case}/assistance") => post(referrals::record_assistance),
        ("GET", "/referrals/{referral}") => get(referrals::page),
        ("POST", "/referrals/{referral}") => post(referrals::respond),
        ("GET", "/hotline") => get(hotline::form),
        ("POST", "/hotline") => post(hotline::save),
        ("GET", "/agencies") => get(hotline::look_up),
        ("GET", "/admin/agencies") => get(register::show),
        ("POST", "/admin/agencies") => post(register::import),
        ("GET", "/activities") => get(activities::list::<Prevention>),
        ("GET", "/activities/prevention/new") => get(activities::new_form::<Prevention>),
        ("POST", "/activities/prevention") => post(activities::create::<Prevention>),
        ("GET", "/activities/prevention/{prevention}") => get(activities::edit_form::<Prevention>),
        ("POST", "/activities/prevention/{prevention}") => post(activities::update::<Prevention>),
        ("GET", "/activities/training") => get(activities::list::<Trainings>),
        ("GET", "/activities/training/new") => get(activities::new_form::<Trainings>),
        ("POST", "/activities/training") => post(activities::create::<Trainings>),
        ("GET", "/activities/training/{training}") => get(activities::edit_form::<Trainings>),
        ("POST", "/activities/training/{training}") => post(activities::update::<Trainings>),
        ("GET", "/activities/funding") => get(activities::list::<Allocations>),
        ("GET", "/activities/funding/new") => get(activities::new_form::<Allocations>),
        ("POST", "/activities/funding") => post(activities::create::<Allocations>),
        ("GET", "/activities/funding/{funding}") => get(activities::edit_form::<Allocations>),
        ("POST", "/activities/funding/{funding}") => post(activities::update::<Allocations>),
        ("GET", "/activities/cooperation") => get(activities::list::<Requests>),
        ("GET", "/activities/cooperation/new") => get(activities::new_form::<Requests>),
        ("POST", "/activities/cooperation") => post(activities::create::<Requests>),
        ("GET", "/activities/cooperation/{cooperation}") => get(activities::edit_form::<Requests>),
        ("POST", "/activities/cooperation/{cooperation}") => post(activities::update::<Requests>),
        ("GET", "/statistics") => get(statistics::page),
        ("GET", "/statistics/report") => get(statistics::report),
        ("GET", "/audit") => get(audit::trail),
        ("GET", "/audit/verify") => get(audit::verify),
        ("GET", "/admin/users") => get(admin::users),
        ("POST", "/admin/users") => post(admin::create_user),
        ("POST", "/admin/users/{user}") => post(admin::change_user),
        ("GET", "/admin/organisations") => get(admin::organisations),
        ("POST", "/admin/organisations") => post(admin::create_organisation),
        ("GET", "/api/v1/openapi.json") => get(api::openapi),
        ("GET", "/api/v1/me") => get(api::me),
        (method, path) if path.starts_with("/api/v1/") => api::handler(method, path),
        (method, path) => panic!("the route table has {method} {path} but no handler for it"),
    }
}

pub(crate) fn router(state: AppState) -> Router {
    let mut router = Router::new();
    for rule in ROUTES {
        let guarded = handler(rule).route_layer(from_fn_with_state((state.clone(), rule.access), auth::guard));
        router = router.route(rule.path, guarded);
    }
    router
        .fallback(|| async { crate::error::WebError::not_found() })
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        .layer(from_fn_with_state(state.clone(), security::headers))
        .with_state(state)
}
