//! The JSON API under `/api/v1`. Its OpenAPI document is generated from the route table, so
//! every API route is in it, and a snapshot test keeps its text from changing unnoticed.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use haven_domain::ids::PersonId;
use haven_store::CaseFilter;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::AppState;
use crate::auth::Viewer;
use crate::error::WebError;
use crate::pages::persons::identity_if_allowed;
use crate::routes::{Access, ROUTES};

#[derive(Debug, Serialize)]
struct Me {
    username: String,
    display_name: String,
    roles: Vec<String>,
    organisation: Uuid,
    language: &'static str,
}

pub(crate) async fn me(Extension(viewer): Extension<Viewer>) -> Json<Value> {
    Json(json!(Me {
        username: viewer.user.username.clone(),
        display_name: viewer.user.display_name.clone(),
        roles: viewer.user.roles.iter().map(|r| r.code().to_owned()).collect(),
        organisation: viewer.user.org.0,
        language: viewer.tr.code(),
    }))
}

#[tracing::instrument(skip_all)]
pub(crate) async fn person(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<Uuid>,
) -> Result<Json<Value>, WebError> {
    let id = PersonId(id);
    let person = state
        .store
        .person(&viewer.actor, id)
        .await
        .map_err(|e| WebError::from(e).into_json())?;
    let identity = identity_if_allowed(&state, &viewer, id)
        .await
        .map_err(WebError::into_json)?;
    Ok(Json(json!({ "person": person, "identity": identity })))
}

#[derive(Debug, Deserialize)]
pub(crate) struct CasesQuery {
    #[serde(default)]
    limit: Option<i64>,
    #[serde(default)]
    offset: Option<i64>,
}

pub(crate) async fn cases(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Query(query): Query<CasesQuery>,
) -> Result<Json<Value>, WebError> {
    let filter = CaseFilter {
        kind: None,
        person: None,
        limit: query.limit.unwrap_or(50).clamp(1, 500),
        offset: query.offset.unwrap_or(0).max(0),
    };
    let cases = state
        .store
        .cases(&viewer.actor, &filter)
        .await
        .map_err(|e| WebError::from(e).into_json())?;
    let items: Vec<Value> = cases
        .iter()
        .map(|c| {
            json!({
                "id": c.id.0, "reference": c.reference, "kind": c.kind().code(),
                "opened_on": c.opened_on, "status": c.status.code(), "version": c.version,
            })
        })
        .collect();
    Ok(Json(
        json!({ "items": items, "limit": filter.limit, "offset": filter.offset }),
    ))
}

pub(crate) async fn openapi() -> Response {
    Json(openapi_document()).into_response()
}

/// What each API route answers with, by path.
fn operation(path: &str) -> (&'static str, Value) {
    match path {
        "/api/v1/openapi.json" => ("This document.", json!({ "type": "object" })),
        "/api/v1/me" => ("The signed-in user.", json!({ "$ref": "#/components/schemas/Me" })),
        "/api/v1/persons/{person}" => (
            "A person: the pseudonymous record, and the identity where the rules open it (audited); `identity` is null where they do not.",
            json!({ "$ref": "#/components/schemas/PersonView" }),
        ),
        "/api/v1/cases" => (
            "The case files the user may open, newest first.",
            json!({ "$ref": "#/components/schemas/CaseList" }),
        ),
        _ => ("", json!({})),
    }
}

/// The OpenAPI 3.1 document of the API, built from the route table.
pub fn openapi_document() -> Value {
    let mut paths = serde_json::Map::new();
    for rule in ROUTES.iter().filter(|r| r.path.starts_with("/api/")) {
        let (summary, schema) = operation(rule.path);
        let mut parameters: Vec<Value> = rule
            .path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }))
            .collect();
        if rule.path == "/api/v1/cases" {
            for name in ["limit", "offset"] {
                parameters.push(json!({ "name": name, "in": "query", "required": false, "schema": { "type": "integer", "minimum": 0 } }));
            }
        }
        let mut responses = json!({
            "200": { "description": "OK", "content": { "application/json": { "schema": schema } } },
        });
        if !matches!(rule.access, Access::Public) {
            responses["401"] = json!({ "$ref": "#/components/responses/Error" });
            responses["403"] = json!({ "$ref": "#/components/responses/Error" });
        }
        if !parameters.is_empty() {
            responses["404"] = json!({ "$ref": "#/components/responses/Error" });
        }
        let mut op = json!({ "summary": summary, "responses": responses });
        if !parameters.is_empty() {
            op["parameters"] = Value::Array(parameters);
        }
        if !matches!(rule.access, Access::Public) {
            op["security"] = json!([{ "session": [] }]);
        }
        paths.insert(rule.path.to_owned(), json!({ rule.method.to_lowercase(): op }));
    }
    json!({
        "openapi": "3.1.0",
        "info": { "title": "Haven", "version": env!("CARGO_PKG_VERSION") },
        "paths": paths,
        "components": {
            "securitySchemes": { "session": { "type": "apiKey", "in": "cookie", "name": crate::SESSION_COOKIE } },
            "responses": { "Error": { "description": "Refused or failed", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } } },
            "schemas": {
                "Error": { "type": "object", "required": ["error", "status"], "properties": { "error": { "type": "string" }, "status": { "type": "integer" } } },
                "Me": { "type": "object", "required": ["username", "display_name", "roles", "organisation", "language"], "properties": {
                    "username": { "type": "string" }, "display_name": { "type": "string" },
                    "roles": { "type": "array", "items": { "type": "string" } },
                    "organisation": { "type": "string", "format": "uuid" }, "language": { "enum": ["en", "ru", "be"] } } },
                "PersonView": { "type": "object", "required": ["person", "identity"], "properties": {
                    "person": { "type": "object", "required": ["id", "code", "sex"], "properties": {
                        "id": { "type": "string", "format": "uuid" }, "code": { "type": "string" }, "sex": { "type": "string" },
                        "birth_year": { "type": ["integer", "null"] }, "citizenships": { "type": "array", "items": { "type": "string" } } } },
                    "identity": { "type": ["object", "null"] } } },
                "CaseList": { "type": "object", "required": ["items", "limit", "offset"], "properties": {
                    "items": { "type": "array", "items": { "type": "object", "required": ["id", "reference", "kind", "opened_on", "status", "version"], "properties": {
                        "id": { "type": "string", "format": "uuid" }, "reference": { "type": "string" }, "kind": { "type": "string" },
                        "opened_on": { "type": "string", "format": "date" }, "status": { "type": "string" }, "version": { "type": "integer" } } } },
                    "limit": { "type": "integer" }, "offset": { "type": "integer" } } }
            }
        }
    })
}
