//! Signing in: password (Argon2id), then, for every role that can see a person's identity,
//! a one-time code (enrolled at the first sign-in); lock-out after repeated failures per
//! account and per address; signing out ends the session in the store.

use std::net::SocketAddr;
use std::sync::LazyLock;

use askama::Template;
use axum::Extension;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, extract::Request};
use haven_domain::access::Actor;
use haven_domain::session::{FAILURE_WINDOW, locked_out, needs_second_factor};
use haven_report::Lang;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{Chrome, hex, local_path, render};
use crate::AppState;
use crate::auth::{Viewer, expired_cookie, new_csrf_token, new_token, session_cookie, viewer};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::totp;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    chrome: Chrome,
    username: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "code.html")]
struct CodePage {
    chrome: Chrome,
    /// Set while enrolling: the new secret, in base 32, and its `otpauth://` URI.
    enrol: Option<(String, String)>,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct LangQuery {
    lang: Option<String>,
}

fn chosen_lang(code: Option<&str>) -> Tr {
    Tr::new(code.and_then(Lang::parse).unwrap_or(Lang::En))
}

pub(crate) async fn form(State(state): State<AppState>, Query(query): Query<LangQuery>, request: Request) -> Response {
    if let Ok(Some(v)) = viewer(&state, request.headers()).await {
        return Redirect::to(if v.pending_second_factor { "/sign-in/code" } else { "/" }).into_response();
    }
    let tr = chosen_lang(query.lang.as_deref());
    render(&SignInPage {
        chrome: Chrome::anonymous(tr, "sign-in-title"),
        username: String::new(),
        error: None,
    })
    .into_response()
}

#[derive(Deserialize)]
pub(crate) struct Credentials {
    username: String,
    password: String,
    #[serde(default)]
    lang: Option<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").finish_non_exhaustive()
    }
}

/// The failure counters a request counts against: its account and its address (hashed, so
/// the table keeps no address in clear).
fn subjects(username: &str, address: Option<SocketAddr>) -> Vec<String> {
    let mut subjects = vec![format!("account:{username}")];
    if let Some(address) = address {
        let digest = Sha256::digest(format!("haven-sign-in:{}", address.ip()).as_bytes());
        subjects.push(format!("address:{}", hex(&digest[..12])));
    }
    subjects
}

/// Whether the account or the address is locked out now.
async fn is_locked_out(state: &AppState, subjects: &[String]) -> Result<bool, WebError> {
    let since = haven_store::now() - FAILURE_WINDOW;
    let account = state.store.sign_in_failures(&subjects[0], since).await?;
    let address = match subjects.get(1) {
        Some(subject) => state.store.sign_in_failures(subject, since).await?,
        None => 0,
    };
    Ok(locked_out(account, address))
}

/// A hash of a random password, verified when the account does not exist, so that a wrong
/// username takes as long as a wrong password.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| haven_store::password::hash(&new_csrf_token()).unwrap_or_default());

#[tracing::instrument(skip_all)]
pub(crate) async fn submit(
    State(state): State<AppState>,
    address: Option<Extension<ConnectInfo<SocketAddr>>>,
    Form(credentials): Form<Credentials>,
) -> Result<Response, WebError> {
    let tr = chosen_lang(credentials.lang.as_deref());
    let username = credentials.username.trim().to_lowercase();
    let subjects = subjects(&username, address.map(|Extension(ConnectInfo(a))| a));
    let page = |error: &str, status: StatusCode| -> Result<Response, WebError> {
        Ok((
            status,
            render(&SignInPage {
                chrome: Chrome::anonymous(tr, "sign-in-title"),
                username: username.clone(),
                error: Some(tr.t(error)),
            })?,
        )
            .into_response())
    };
    if is_locked_out(&state, &subjects).await? {
        state
            .store
            .record_sign_in_failure(&Actor::anonymous(), &[], "refused: locked out after repeated failures")
            .await?;
        return page("sign-in-locked", StatusCode::TOO_MANY_REQUESTS);
    }
    let found = state.store.credentials(&username).await?;
    let (hash, password) = (
        found
            .as_ref()
            .map_or_else(|| DUMMY_HASH.clone(), |(_, hash)| hash.clone()),
        credentials.password,
    );
    // Argon2id takes tens of milliseconds of CPU on purpose: off the async workers.
    let matches = tokio::task::spawn_blocking(move || haven_store::password::verify(&password, &hash))
        .await
        .unwrap_or(false);
    let user = match found {
        Some((user, _)) if matches && user.active => user,
        found => {
            let actor = found
                .as_ref()
                .map_or_else(Actor::anonymous, |(user, _)| Actor::for_user(user));
            state
                .store
                .record_sign_in_failure(&actor, &subjects, "refused: wrong username or password")
                .await?;
            return page("sign-in-wrong", StatusCode::UNAUTHORIZED);
        }
    };
    state.store.clear_sign_in_failures(&subjects[0]).await?;
    if let Some(lang) = credentials.lang.as_deref().and_then(Lang::parse) {
        state.store.set_language(user.id, lang.code()).await?;
    }
    let second_factor_needed = needs_second_factor(&user.roles);
    let (token, token_hash) = new_token();
    state
        .store
        .start_session(
            &Actor::for_user(&user),
            &token_hash,
            &new_csrf_token(),
            !second_factor_needed,
        )
        .await?;
    let next = if second_factor_needed { "/sign-in/code" } else { "/" };
    Ok((
        [(header::SET_COOKIE, session_cookie(&state, &token))],
        Redirect::to(next),
    )
        .into_response())
}

fn code_page(viewer: &Viewer, enrol: Option<(String, String)>, error: Option<String>) -> Result<Response, WebError> {
    let status = if error.is_some() {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        render(&CodePage {
            chrome: Chrome::new(viewer, "code-title", "/sign-in/code"),
            enrol,
            error,
        })?,
    )
        .into_response())
}

fn enrolment(viewer: &Viewer, secret: &[u8]) -> (String, String) {
    (totp::base32(secret), totp::uri(secret, &viewer.user.username))
}

pub(crate) async fn code_form(Extension(viewer): Extension<Viewer>) -> Result<Response, WebError> {
    let enrol = (!viewer.enrolled).then(|| enrolment(&viewer, &totp::new_secret()));
    code_page(&viewer, enrol, None)
}

#[derive(Deserialize)]
pub(crate) struct CodeForm {
    code: String,
    /// While enrolling: the secret the page showed, sent back with the first code.
    #[serde(default)]
    secret: Option<String>,
}

impl std::fmt::Debug for CodeForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CodeForm").finish_non_exhaustive()
    }
}

#[tracing::instrument(skip_all)]
pub(crate) async fn code_submit(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    address: Option<Extension<ConnectInfo<SocketAddr>>>,
    Form(form): Form<CodeForm>,
) -> Result<Response, WebError> {
    let subjects = subjects(&viewer.user.username, address.map(|Extension(ConnectInfo(a))| a));
    if is_locked_out(&state, &subjects).await? {
        state
            .store
            .end_session(&viewer.actor, &viewer.token_hash, "locked out")
            .await?;
        return Ok((
            StatusCode::TOO_MANY_REQUESTS,
            [(header::SET_COOKIE, expired_cookie(&state))],
            viewer.tr.t("sign-in-locked"),
        )
            .into_response());
    }
    let stored = state.store.totp_secret(viewer.user.id).await?;
    let (secret, enrolling) = match (&stored, form.secret.as_deref()) {
        (Some(secret), _) => (secret.to_vec(), false),
        (None, Some(offered)) => match totp_rs::Secret::try_from_base32(offered.trim()) {
            Ok(secret) if secret.as_bytes().len() >= 20 => (secret.as_bytes().to_vec(), true),
            _ => {
                return Err(WebError::new(
                    StatusCode::BAD_REQUEST,
                    "The enrolment form was altered.",
                ));
            }
        },
        (None, None) => {
            return Err(WebError::new(
                StatusCode::BAD_REQUEST,
                "The enrolment form was altered.",
            ));
        }
    };
    let unix_time = u64::try_from(chrono::Utc::now().timestamp()).unwrap_or(0);
    let step = totp::check(&secret, &form.code, unix_time);
    let accepted = match step {
        Some(step) => state.store.use_totp_step(viewer.user.id, step).await?,
        None => false,
    };
    if !accepted {
        state
            .store
            .record_sign_in_failure(&viewer.actor, &subjects, "refused: wrong one-time code")
            .await?;
        let enrol = enrolling.then(|| enrolment(&viewer, &secret));
        return code_page(&viewer, enrol, Some(viewer.tr.t("code-wrong")));
    }
    if enrolling {
        state.store.enrol_second_factor(&viewer.actor, &secret).await?;
    }
    state.store.clear_sign_in_failures(&subjects[0]).await?;
    state
        .store
        .confirm_second_factor(&viewer.actor, &viewer.token_hash)
        .await?;
    Ok(Redirect::to("/").into_response())
}

pub(crate) async fn sign_out(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
) -> Result<Response, WebError> {
    state
        .store
        .end_session(&viewer.actor, &viewer.token_hash, "signed out")
        .await?;
    Ok((
        [(header::SET_COOKIE, expired_cookie(&state))],
        Redirect::to("/sign-in?signed-out=1"),
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct LanguageForm {
    lang: String,
    #[serde(default)]
    back: String,
}

pub(crate) async fn language(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Form(form): Form<LanguageForm>,
) -> Result<Response, WebError> {
    let lang = Lang::parse(&form.lang)
        .ok_or_else(|| WebError::new(StatusCode::UNPROCESSABLE_ENTITY, "Haven speaks en, ru and be."))?;
    state.store.set_language(viewer.user.id, lang.code()).await?;
    Ok(Redirect::to(local_path(&form.back)).into_response())
}
