//! What a request that fails answers: a status and a message that says what went wrong,
//! never a stack trace or a stored value.

use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use haven_store::StoreError;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    status: String,
    message: &'a str,
}

/// A refusal or failure, answered as a page or (under `/api/`) as JSON.
#[derive(Debug)]
pub(crate) struct WebError {
    pub status: StatusCode,
    pub message: String,
    pub json: bool,
}

impl WebError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            json: false,
        }
    }

    pub fn forbidden() -> Self {
        Self::new(StatusCode::FORBIDDEN, "You may not open this page.")
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "There is nothing here.")
    }

    #[must_use]
    pub fn into_json(mut self) -> Self {
        self.json = true;
        self
    }
}

impl From<StoreError> for WebError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Denied(_) => Self::forbidden(),
            StoreError::NotShared(reason) => Self::new(StatusCode::FORBIDDEN, reason),
            StoreError::NotFound(_) => Self::not_found(),
            StoreError::Invalid(e) => Self::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
            e @ StoreError::Conflict { .. } => Self::new(StatusCode::CONFLICT, e.to_string()),
            StoreError::Refused(reason) => Self::new(StatusCode::UNPROCESSABLE_ENTITY, reason),
            other => {
                // The detail goes to the operator's log, not to the browser.
                tracing::error!(error = %other, "request failed");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Haven cannot answer just now; nothing was changed. Try again, or tell your administrator.",
                )
            }
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if self.json {
            return (
                self.status,
                Json(serde_json::json!({ "error": self.message, "status": self.status.as_u16() })),
            )
                .into_response();
        }
        let page = ErrorPage {
            status: self.status.to_string(),
            message: &self.message,
        };
        let body = page.render().unwrap_or_else(|_| self.status.to_string());
        (self.status, Html(body)).into_response()
    }
}
