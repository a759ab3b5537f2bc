//! The JSON API under `/api/v1`: create, read, update and list for every record kind, with
//! pages, filters and versions. One generic handler per action serves every kind
//! ([`Resource`]); the kinds differ only in which store calls they make.
//!
//! Versions: every record carries its `version`, sent as the `ETag` of a read, a creation and
//! an update. An update must name the version it changes in `If-Match`: without it the answer
//! is 428, and if the record changed since, 412 with nothing written.

mod extract;
mod openapi;
mod resources;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post, put};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use openapi::openapi_document;
use resources::Resource;

use self::extract::{ApiJson, ApiPath, ApiQuery};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub(crate) struct Me {
    username: String,
    display_name: String,
    roles: Vec<String>,
    organisation: Uuid,
    language: &'static str,
    /// Send this in the `X-CSRF-Token` header of every request that changes something.
    csrf_token: String,
}

pub(crate) async fn me(Extension(viewer): Extension<Viewer>) -> Json<Me> {
    Json(Me {
        username: viewer.user.username.clone(),
        display_name: viewer.user.display_name.clone(),
        roles: viewer.user.roles.iter().map(|r| r.code().to_owned()).collect(),
        organisation: viewer.user.org.0,
        language: viewer.tr.code(),
        csrf_token: viewer.csrf.clone(),
    })
}

/// The handler of an API route of the table, `/api/v1/{collection}[/{id}]`.
pub(crate) fn handler(method: &str, path: &str) -> MethodRouter<AppState> {
    struct Action<'a> {
        method: &'a str,
        one: bool,
    }
    impl resources::ForResource for Action<'_> {
        type Output = Option<MethodRouter<AppState>>;
        fn visit<R: Resource>(self) -> Self::Output {
            match (self.method, self.one) {
                ("GET", false) => Some(get(list::<R>)),
                ("POST", false) => Some(post(create::<R>)),
                ("GET", true) => Some(get(read::<R>)),
                ("PUT", true) => Some(put(update::<R>)),
                _ => None,
            }
        }
    }
    let (collection, one) = resources::collection_of(path);
    resources::with_resource(collection, Action { method, one })
        .flatten()
        .unwrap_or_else(|| panic!("the route table has {method} {path} but the API has no such action"))
}

pub(crate) async fn openapi() -> Response {
    Json(openapi_document()).into_response()
}

/// Which page of a list: `limit` records (1 to 500, 50 unless given) after `offset`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub(crate) struct PageQuery {
    #[schemars(range(min = 1, max = 500))]
    limit: Option<i64>,
    #[schemars(range(min = 0))]
    offset: Option<i64>,
}

impl PageQuery {
    const DEFAULT_LIMIT: i64 = 50;

    fn page(&self) -> Result<haven_store::Page, WebError> {
        let limit = self.limit.unwrap_or(Self::DEFAULT_LIMIT);
        let offset = self.offset.unwrap_or(0);
        if !(1..=haven_store::Page::MAX_LIMIT).contains(&limit) {
            return Err(bad_request(format!(
                "limit must be between 1 and {}",
                haven_store::Page::MAX_LIMIT
            )));
        }
        if offset < 0 {
            return Err(bad_request("offset must not be negative"));
        }
        Ok(haven_store::Page { limit, offset })
    }
}

/// A page of records, and where the next one starts (`null` on the last page).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub(crate) struct Listing<T> {
    items: Vec<T>,
    limit: i64,
    offset: i64,
    next_offset: Option<i64>,
}

fn bad_request(message: impl Into<String>) -> WebError {
    WebError::new(StatusCode::BAD_REQUEST, message).into_json()
}

fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

/// The version an update changes, from `If-Match` (`"7"`, or weak `W/"7"`).
fn if_match(headers: &HeaderMap) -> Result<i64, WebError> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Err(WebError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "Send the version you are changing in If-Match (the ETag of your last read).",
        )
        .into_json());
    };
    value
        .to_str()
        .ok()
        .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or_else(|| bad_request("If-Match must be one ETag of this record, such as \"3\""))
}

/// A record with its version as `ETag`.
fn with_etag<R: Resource>(status: StatusCode, record: &R::Record, location: bool) -> Response {
    let mut response = (status, Json(record)).into_response();
    response.headers_mut().insert(header::ETAG, etag(R::version(record)));
    if location && let Ok(value) = HeaderValue::from_str(&format!("/api/v1/{}/{}", R::COLLECTION, R::id(record))) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

#[tracing::instrument(skip_all)]
pub(crate) async fn list<R: Resource>(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiQuery(page): ApiQuery<PageQuery>,
    ApiQuery(filter): ApiQuery<R::Filter>,
) -> Result<Json<Listing<R::Item>>, WebError> {
    let page = page.page()?;
    let items = R::list(&state, &viewer, &filter, page)
        .await
        .map_err(WebError::into_json)?;
    let full = i64::try_from(items.len()).unwrap_or(i64::MAX) >= page.limit;
    Ok(Json(Listing {
        items,
        limit: page.limit,
        offset: page.offset,
        // No next page past the largest offset there is.
        next_offset: if full {
            page.offset.checked_add(page.limit)
        } else {
            None
        },
    }))
}

#[tracing::instrument(skip_all)]
pub(crate) async fn read<R: Resource>(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, WebError> {
    let record = R::read(&state, &viewer, id).await.map_err(WebError::into_json)?;
    Ok(with_etag::<R>(StatusCode::OK, &record, false))
}

#[tracing::instrument(skip_all)]
pub(crate) async fn create<R: Resource>(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiJson(input): ApiJson<R::Input>,
) -> Result<Response, WebError> {
    let record = R::create(&state, &viewer, &input).await.map_err(WebError::into_json)?;
    Ok(with_etag::<R>(StatusCode::CREATED, &record, true))
}

#[tracing::instrument(skip_all)]
pub(crate) async fn update<R: Resource>(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    ApiPath(id): ApiPath<Uuid>,
    headers: HeaderMap,
    ApiJson(change): ApiJson<R::Change>,
) -> Result<Response, WebError> {
    let version = if_match(&headers)?;
    let record = R::update(&state, &viewer, id, version, &change)
        .await
        .map_err(|error| match error.status {
            // The version named is not the record's: someone changed it since.
            StatusCode::CONFLICT => WebError::new(StatusCode::PRECONDITION_FAILED, error.message),
            _ => error,
        })
        .map_err(WebError::into_json)?;
    Ok(with_etag::<R>(StatusCode::OK, &record, false))
}
