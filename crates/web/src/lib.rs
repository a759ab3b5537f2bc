//! Haven's web application: server-rendered pages (askama, htmx served by Haven itself) and
//! a JSON API under `/api/v1`.
//!
//! Every route is a row of [`routes::ROUTES`], which says who may call it; the router is
//! built from that table, so no route exists without a row. The row is checked before the
//! handler runs, and the store checks again by the domain's rules (organisation scope,
//! referrals, field masking) on every read and write: the web layer never decides access on
//! its own.

mod api;
mod assets;
mod auth;
mod error;
mod forms;
mod i18n;
mod pages;
pub mod routes;
mod security;
mod totp;

use std::sync::Arc;

use axum::Router;
use haven_store::Store;

pub use crate::auth::SESSION_COOKIE;
pub use crate::i18n::WEB_MESSAGES;
pub use crate::totp::code_at;

/// How the server is deployed.
#[derive(Debug, Clone)]
pub struct Config {
    /// Haven is reached over HTTPS (directly or behind a proxy that terminates TLS): cookies
    /// are marked `Secure` and browsers are told to insist on HTTPS (HSTS).
    pub https: bool,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            https: false,
            max_body_bytes: 256 * 1024,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Arc<Config>,
    /// The facts statistics pages are computed from, shared by every request.
    pub(crate) facts: Arc<pages::statistics::FactCache>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// The whole application.
pub fn app(store: Arc<dyn Store>, config: Config) -> Router {
    let state = AppState {
        store,
        config: Arc::new(config),
        facts: Arc::default(),
    };
    routes::router(state)
}
