//! Who is asking: the session behind the cookie, checked against the domain's time-outs, and
//! the guard every route passes through, which applies the route's row of the table, the
//! second-factor step, the cross-site check and the CSRF token.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use haven_domain::access::Actor;
use haven_domain::session::{SessionState, session_state};
use haven_domain::user::User;
use haven_report::Lang;
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::routes::Access;

/// The cookie that carries the session token. `HttpOnly` and `SameSite=Strict`; `Secure` when
/// served over HTTPS.
pub const SESSION_COOKIE: &str = "haven_session";
/// The header htmx requests carry the CSRF token in (set once on `<body hx-headers>`).
pub(crate) const CSRF_HEADER: &str = "x-csrf-token";
/// The form field plain forms carry it in.
pub(crate) const CSRF_FIELD: &str = "csrf";

/// A signed-in user, as the handlers see them.
#[derive(Debug, Clone)]
pub(crate) struct Viewer {
    pub actor: Actor,
    pub user: User,
    pub tr: Tr,
    pub csrf: String,
    pub token_hash: [u8; 32],
    /// The password was right but the second factor is still to come.
    pub pending_second_factor: bool,
    pub enrolled: bool,
}

/// A new random session token (for the cookie) and the hash the store keeps.
pub(crate) fn new_token() -> (String, [u8; 32]) {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

pub(crate) fn new_csrf_token() -> String {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The `Set-Cookie` value that hands the browser its session.
pub(crate) fn session_cookie(state: &AppState, token: &str) -> String {
    let secure = if state.config.https { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}")
}

/// The `Set-Cookie` value that removes it.
pub(crate) fn expired_cookie(state: &AppState) -> String {
    let secure = if state.config.https { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}")
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == SESSION_COOKIE && !value.is_empty()).then(|| value.to_owned())
        })
}

/// The session the request's cookie opens, if it is live; a timed-out one is ended.
pub(crate) async fn viewer(state: &AppState, headers: &HeaderMap) -> Result<Option<Viewer>, WebError> {
    let Some(token) = cookie_token(headers) else {
        return Ok(None);
    };
    let hash = token_hash(&token);
    let Some(session) = state.store.session(&hash).await? else {
        return Ok(None);
    };
    let actor = Actor::for_user(&session.user);
    let now = haven_store::now();
    let ended = match session_state(session.created_at, session.last_seen_at, now) {
        SessionState::Live if session.user.active => None,
        SessionState::Live => Some("account deactivated"),
        SessionState::Idle => Some("idle time-out"),
        SessionState::Expired => Some("absolute time-out"),
    };
    if let Some(reason) = ended {
        state.store.end_session(&actor, &hash, reason).await?;
        return Ok(None);
    }
    // Writing the time of every request would make each read a write; a minute's
    // precision is plenty for a thirty-minute idle time-out.
    if now - session.last_seen_at > chrono::Duration::minutes(1) {
        state.store.touch_session(&hash).await?;
    }
    Ok(Some(Viewer {
        actor,
        tr: Tr::new(Lang::parse(&session.lang).unwrap_or(Lang::En)),
        user: session.user,
        csrf: session.csrf_token,
        token_hash: hash,
        pending_second_factor: !session.second_factor,
        enrolled: session.second_factor_enrolled,
    }))
}

/// A state-changing request that a page of another site started: refused whatever the
/// cookies say. Browsers name the initiator in `Sec-Fetch-Site`, which is authoritative when
/// present; older ones only in `Origin`.
fn cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()), host) {
        (Some(origin), Some(host)) => {
            let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
            origin_host != host
        }
        (Some(_), None) => true,
        _ => false,
    }
}

/// Equal in time that does not depend on where the strings differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The guard in front of every route: `access` is the route's row in the table.
pub(crate) async fn guard(State((state, access)): State<(AppState, Access)>, request: Request, next: Next) -> Response {
    match check(&state, access, request).await {
        Ok(request) => next.run(request).await,
        Err(response) => response,
    }
}

async fn check(state: &AppState, access: Access, request: Request) -> Result<Request, Response> {
    let api = request.uri().path().starts_with("/api/");
    let fail = |error: WebError| if api { error.into_json() } else { error }.into_response();
    let writes = !matches!(*request.method(), Method::GET | Method::HEAD);
    if writes && cross_site(request.headers()) {
        return Err(fail(WebError::new(
            StatusCode::FORBIDDEN,
            "This request came from another site and was refused.",
        )));
    }
    // Public routes need no session: assets and the sign-in form cost no database read.
    if matches!(access, Access::Public) {
        return Ok(request);
    }
    let Some(viewer) = viewer(state, request.headers()).await.map_err(fail)? else {
        return Err(if api {
            fail(WebError::new(StatusCode::UNAUTHORIZED, "Sign in first."))
        } else {
            Redirect::to("/sign-in").into_response()
        });
    };
    match access {
        Access::SecondFactorStep if !viewer.pending_second_factor => return Err(Redirect::to("/").into_response()),
        // Signing out and choosing a language work at the code step too.
        Access::SecondFactorStep | Access::AnySession => {}
        _ if viewer.pending_second_factor => {
            return Err(if api {
                fail(WebError::new(
                    StatusCode::UNAUTHORIZED,
                    "Enter your one-time code first.",
                ))
            } else {
                Redirect::to("/sign-in/code").into_response()
            });
        }
        access if !access.allows(&viewer.actor) => return Err(fail(WebError::forbidden())),
        _ => {}
    }
    let mut request = if writes {
        check_csrf(state, &viewer, request).await.map_err(fail)?
    } else {
        request
    };
    request.extensions_mut().insert(viewer);
    Ok(request)
}

/// A state-changing request in a session must carry the session's CSRF token, in the
/// header (htmx) or the form (plain forms). The body is read here and handed on unchanged.
async fn check_csrf(state: &AppState, viewer: &Viewer, request: Request) -> Result<Request, WebError> {
    let refused = || {
        WebError::new(
            StatusCode::FORBIDDEN,
            "The form has expired; reload the page and try again.",
        )
    };
    if let Some(token) = request.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return if same_secret(token, &viewer.csrf) {
            Ok(request)
        } else {
            Err(refused())
        };
    }
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, state.config.max_body_bytes)
        .await
        .map_err(|_| WebError::new(StatusCode::PAYLOAD_TOO_LARGE, "The request is too large."))?;
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let token = if content_type.starts_with("multipart/form-data") {
        multipart_field(&content_type, &bytes, CSRF_FIELD).await
    } else {
        form_urlencoded_field(&bytes, CSRF_FIELD)
    };
    if token.is_some_and(|t| same_secret(&t, &viewer.csrf)) {
        Ok(Request::from_parts(parts, Body::from(bytes)))
    } else {
        Err(refused())
    }
}

/// A text field of a multipart body (a file upload's form), read from the bytes already held.
async fn multipart_field(content_type: &str, body: &axum::body::Bytes, name: &str) -> Option<String> {
    use axum::extract::FromRequest;
    let request = axum::http::Request::builder()
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body.clone()))
        .ok()?;
    let mut multipart = axum::extract::Multipart::from_request(request, &()).await.ok()?;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some(name) {
            return field.text().await.ok();
        }
    }
    None
}

fn form_urlencoded_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find_map(|(key, value)| (key == name).then_some(value))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn requests_from_other_sites_are_recognised() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(!cross_site(&headers), "no browser hints: a script or the command line");
        headers.insert(header::ORIGIN, HeaderValue::from_static("http://127.0.0.1:8080"));
        assert!(!cross_site(&headers));
        headers.insert(header::ORIGIN, HeaderValue::from_static("https://evil.example"));
        assert!(cross_site(&headers));
        let mut headers = HeaderMap::new();
        headers.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(cross_site(&headers));
        // Chromium sends `Origin: null` on same-origin posts under some referrer policies.
        headers.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        headers.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(!cross_site(&headers));
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; haven_session=abc; b=2"));
        assert_eq!(cookie_token(&headers).as_deref(), Some("abc"));
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
    }
}
