//! The screens: one module per area, one handler per action, each rendering an askama
//! template inside the common frame ([`Chrome`]).

pub(crate) mod activities;
pub(crate) mod admin;
pub(crate) mod audit;
pub(crate) mod cases;
pub(crate) mod home;
pub(crate) mod hotline;
pub(crate) mod linkage;
pub(crate) mod persons;
pub(crate) mod records;
pub(crate) mod referrals;
pub(crate) mod register;
pub(crate) mod sign_in;
pub(crate) mod statistics;

use std::collections::HashMap;

use askama::Template;
use axum::http::StatusCode;
use axum::response::Html;
use haven_domain::Problem;
use haven_domain::ids::OrgId;
use haven_domain::org::Organisation;
use haven_store::StoreError;

use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::routes::ROUTES;

/// A link of the navigation bar.
#[derive(Debug, Clone)]
pub(crate) struct NavLink {
    pub href: &'static str,
    pub label: String,
}

/// What every page's frame shows: the language, the navigation the user may follow, who is
/// signed in, and the CSRF token forms and htmx carry.
#[derive(Debug, Clone)]
pub(crate) struct Chrome {
    pub tr: Tr,
    pub title: String,
    pub csrf: String,
    pub user: Option<String>,
    pub nav: Vec<NavLink>,
    /// The path of this page, where the language form comes back to.
    pub here: String,
}

/// The navigation bar: a link only where the user's roles open the route.
const NAV: &[(&str, &str)] = &[
    ("/", "nav-home"),
    ("/hotline", "nav-hotline"),
    ("/persons", "nav-persons"),
    ("/persons/review", "nav-review"),
    ("/cases", "nav-cases"),
    ("/activities", "nav-activities"),
    ("/statistics", "nav-statistics"),
    ("/audit", "nav-audit"),
    ("/admin/users", "nav-users"),
    ("/admin/organisations", "nav-organisations"),
    ("/admin/agencies", "nav-register"),
];

impl Chrome {
    pub fn new(viewer: &Viewer, title_id: &str, here: impl Into<String>) -> Self {
        let tr = viewer.tr;
        let nav = if viewer.pending_second_factor {
            Vec::new()
        } else {
            NAV.iter()
                .filter(|(href, _)| {
                    ROUTES
                        .iter()
                        .any(|r| r.method == "GET" && r.path == *href && r.access.allows(&viewer.actor))
                })
                .map(|(href, label)| NavLink {
                    href,
                    label: tr.t(label),
                })
                .collect()
        };
        Self {
            tr,
            title: tr.t(title_id),
            csrf: viewer.csrf.clone(),
            user: Some(viewer.user.display_name.clone()),
            nav,
            here: here.into(),
        }
    }

    pub fn anonymous(tr: Tr, title_id: &str) -> Self {
        Self {
            tr,
            title: tr.t(title_id),
            csrf: String::new(),
            user: None,
            nav: Vec::new(),
            here: "/sign-in".into(),
        }
    }
}

pub(crate) fn render(template: &impl Template) -> Result<Html<String>, WebError> {
    template.render().map(Html).map_err(|e| {
        tracing::error!(error = %e, "template failed");
        WebError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "This page could not be drawn.",
        )
    })
}

/// A path of this site to come back to, or `/`: never another site (`//host`, `https:`).
pub(crate) fn local_path(path: &str) -> &str {
    if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') {
        path
    } else {
        "/"
    }
}

/// Bytes as lower-case hexadecimal.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// What the store answers, or `None` where the rules keep it from this viewer: for parts of a
/// page (an identity, a timeline) that a page shows as hidden rather than refusing the page.
pub(crate) fn unless_denied<T>(answer: Result<T, StoreError>) -> Result<Option<T>, WebError> {
    match answer {
        Ok(value) => Ok(Some(value)),
        Err(StoreError::Denied(_) | StoreError::NotShared(_)) => Ok(None),
        Err(other) => Err(other.into()),
    }
}

/// An optional code-list filter from a query string: empty means none; an unknown code is a
/// 422 naming the field.
pub(crate) fn optional_code<T>(
    field: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Result<T, Problem>,
) -> Result<Option<T>, WebError> {
    value
        .filter(|v| !v.is_empty())
        .map(|code| parse(code).map_err(|p| WebError::new(StatusCode::UNPROCESSABLE_ENTITY, format!("{field}: {p}"))))
        .transpose()
}

/// Each organisation's short name (or name), to show beside records that name it.
pub(crate) fn organisation_names(organisations: &[Organisation]) -> HashMap<OrgId, String> {
    organisations
        .iter()
        .map(|o| (o.id, o.short_name.clone().unwrap_or_else(|| o.name.clone())))
        .collect()
}

pub(crate) async fn all_organisation_names(state: &AppState) -> Result<HashMap<OrgId, String>, WebError> {
    Ok(organisation_names(&state.store.organisations().await?))
}

/// One option of a select: the code sent, the words shown.
#[derive(Debug, Clone)]
pub(crate) struct Choice {
    pub value: String,
    pub label: String,
}

/// A code list's values, each named in the user's language by the message
/// `code-{list}-{code}` (every one of which the language test requires in all languages).
pub(crate) fn code_choices(tr: Tr, list: &str, codes: impl IntoIterator<Item = &'static str>) -> Vec<Choice> {
    codes
        .into_iter()
        .map(|code| Choice {
            value: code.to_owned(),
            label: tr.value(list, code),
        })
        .collect()
}

/// Every country, named in the user's language and sorted by that name.
pub(crate) fn country_choices(tr: Tr) -> Vec<Choice> {
    let mut choices: Vec<Choice> = haven_domain::country::all()
        .into_iter()
        .map(|c| Choice {
            value: c.alpha3.to_owned(),
            label: match tr.lang {
                haven_report::Lang::Ru => c.name_ru,
                haven_report::Lang::Be => c.name_be,
                haven_report::Lang::En => c.name_en,
            }
            .to_owned(),
        })
        .collect();
    choices.sort_by(|a, b| a.label.cmp(&b.label));
    choices
}

/// The organisations, as choices (a referral's receiver, a hotline's advice to call).
pub(crate) fn organisation_choices(organisations: &[Organisation]) -> Vec<Choice> {
    let mut choices: Vec<Choice> = organisations
        .iter()
        .map(|o| Choice {
            value: o.id.0.to_string(),
            label: o.name.clone(),
        })
        .collect();
    choices.sort_by(|a, b| a.label.cmp(&b.label));
    choices
}
