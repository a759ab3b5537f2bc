//! The OpenAPI 3.1 document of the API, built from the route table and the record types
//! themselves (their JSON Schemas derived with `schemars`), so every API route is in it and
//! every answer is described as it is written. A snapshot test keeps its text from changing
//! unnoticed, and schemathesis checks the server against it.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Map, Value, json};

use super::resources::{ForResource, Resource, collection_of, with_resource};
use super::{Listing, Me, PageQuery};
use crate::routes::{Access, ROUTES};

/// The answers every operation can give besides its success: the status and when.
const REFUSALS: &[(&str, &str)] = &[
    ("400", "A path, query or header that cannot be read"),
    ("401", "Not signed in, or the second factor is missing"),
    ("403", "The user's roles or organisation do not allow it"),
    ("404", "No such record"),
    ("422", "The record breaks a rule; the message names the field"),
];

/// The further refusals of an operation that sends a body.
const BODY_REFUSALS: &[(&str, &str)] = &[
    ("413", "The body is larger than the server accepts"),
    ("415", "The body is not `application/json`"),
];

/// The further refusals of an update.
const UPDATE_REFUSALS: &[(&str, &str)] = &[
    (
        "412",
        "The record changed since the version named in If-Match; nothing was written",
    ),
    ("428", "If-Match is missing"),
];

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

fn json_response(description: &str, schema: &Value, etag: bool, location: bool) -> Value {
    let mut response = json!({ "description": description, "content": { "application/json": { "schema": schema } } });
    let mut headers = Map::new();
    if etag {
        headers.insert(
            "ETag".into(),
            json!({ "description": "The record's version; send it back in If-Match to change the record", "schema": { "type": "string" } }),
        );
    }
    if location {
        headers.insert(
            "Location".into(),
            json!({ "description": "Where the new record is read", "schema": { "type": "string" } }),
        );
    }
    if !headers.is_empty() {
        response["headers"] = Value::Object(headers);
    }
    response
}

fn body(schema: &Value) -> Value {
    json!({ "required": true, "content": { "application/json": { "schema": schema } } })
}

/// The query parameters of a struct read from the query string, one per field.
fn query_parameters<T: JsonSchema>(generator: &mut SchemaGenerator) -> Vec<Value> {
    let schema = T::json_schema(generator).to_value();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    schema["properties"]
        .as_object()
        .map(|properties| {
            properties
                .iter()
                .map(|(name, property)| {
                    let mut parameter = json!({
                        "name": name, "in": "query", "required": required.contains(&name.as_str()),
                        "schema": without_null(property),
                    });
                    if let Some(description) = property.get("description") {
                        parameter["description"] = description.clone();
                    }
                    parameter
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A query parameter is absent or has a value: the `null` an optional field allows in a
/// JSON body has no spelling in a query string.
fn without_null(schema: &Value) -> Value {
    let mut schema = schema.clone();
    if let Some(Value::Array(types)) = schema.get("type") {
        let kept: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        schema["type"] = if kept.len() == 1 {
            kept[0].clone()
        } else {
            Value::Array(kept)
        };
    }
    if let Some(Value::Array(options)) = schema.get("anyOf") {
        let kept: Vec<Value> = options
            .iter()
            .filter(|o| o.get("type") != Some(&json!("null")))
            .cloned()
            .collect();
        if kept.len() == 1 {
            schema = kept[0].clone();
        }
    }
    if let Some(object) = schema.as_object_mut() {
        object.remove("default");
    }
    schema
}

/// One operation on a record kind: the method, and whether the path names one record.
fn resource_operation<R: Resource>(generator: &mut SchemaGenerator, method: &str, one: bool) -> Value {
    let name = R::NAME;
    let mut refusals: Vec<(&str, &str)> = REFUSALS.to_vec();
    let mut op = match (method, one) {
        ("GET", false) => {
            let mut parameters = query_parameters::<R::Filter>(generator);
            parameters.extend(query_parameters::<PageQuery>(generator));
            let schema = generator.subschema_for::<Listing<R::Item>>().to_value();
            json!({
                "summary": format!("List {} records the user may see", R::COLLECTION),
                "parameters": parameters,
                "responses": { "200": json_response("A page of records", &schema, false, false) },
            })
        }
        ("POST", false) => {
            refusals.extend_from_slice(BODY_REFUSALS);
            let input = generator.subschema_for::<R::Input>().to_value();
            let record = generator.subschema_for::<R::Record>().to_value();
            json!({
                "summary": format!("Create a {name} record"),
                "requestBody": body(&input),
                "responses": { "201": json_response("Created", &record, true, true) },
            })
        }
        ("GET", true) => {
            let record = generator.subschema_for::<R::Record>().to_value();
            json!({
                "summary": format!("Read a {name} record"),
                "responses": { "200": json_response("The record", &record, true, false) },
            })
        }
        ("PUT", true) => {
            refusals.extend_from_slice(BODY_REFUSALS);
            refusals.extend_from_slice(UPDATE_REFUSALS);
            let change = generator.subschema_for::<R::Change>().to_value();
            let record = generator.subschema_for::<R::Record>().to_value();
            json!({
                "summary": format!("Change a {name} record"),
                "parameters": [{ "name": "If-Match", "in": "header", "required": true,
                    "description": "The ETag of the version being changed", "schema": { "type": "string" } }],
                "requestBody": body(&change),
                "responses": { "200": json_response("The record as changed", &record, true, false) },
            })
        }
        _ => panic!("the API has no {method} on {} records", R::COLLECTION),
    };
    for (status, description) in refusals {
        op["responses"][status] = error_response(description);
    }
    op
}

/// The operation of a route under `/api/v1/{collection}[/{id}]`.
fn operation(generator: &mut SchemaGenerator, method: &str, path: &str) -> Value {
    match path {
        "/api/v1/openapi.json" => json!({
            "summary": "This document",
            "responses": { "200": json_response("The OpenAPI document", &json!({ "type": "object" }), false, false) },
        }),
        "/api/v1/me" => {
            let schema = generator.subschema_for::<Me>().to_value();
            json!({
                "summary": "The signed-in user",
                "responses": {
                    "200": json_response("The user", &schema, false, false),
                    "401": error_response("Not signed in, or the second factor is missing"),
                },
            })
        }
        _ => {
            struct Describe<'a> {
                generator: &'a mut SchemaGenerator,
                method: &'a str,
                one: bool,
            }
            impl ForResource for Describe<'_> {
                type Output = Value;
                fn visit<R: Resource>(self) -> Value {
                    resource_operation::<R>(self.generator, self.method, self.one)
                }
            }
            let (collection, one) = collection_of(path);
            with_resource(collection, Describe { generator, method, one }).unwrap_or_else(|| {
                panic!("the route table has an API collection '{collection}' the document does not know")
            })
        }
    }
}

/// The OpenAPI 3.1 document of the API.
pub fn openapi_document() -> Value {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|settings| settings.definitions_path = "/components/schemas".into())
        .into_generator();
    let mut paths = Map::new();
    for rule in ROUTES.iter().filter(|r| r.path.starts_with("/api/")) {
        let mut op = operation(&mut generator, rule.method, rule.path);
        let path_parameters: Vec<Value> = rule
            .path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }))
            .collect();
        if !path_parameters.is_empty() {
            let mut parameters = path_parameters;
            if let Some(Value::Array(more)) = op.get("parameters") {
                parameters.extend(more.iter().cloned());
            }
            op["parameters"] = Value::Array(parameters);
        }
        if !matches!(rule.access, Access::Public) {
            op["security"] = json!([{ "session": [] }]);
        }
        let item = paths.entry(rule.path.to_owned()).or_insert_with(|| json!({}));
        item[rule.method.to_lowercase()] = op;
    }
    let mut schemas = generator.take_definitions(true);
    schemas.insert(
        "Error".into(),
        json!({ "type": "object", "required": ["error", "status"], "properties": {
            "error": { "type": "string" }, "status": { "type": "integer" } } }),
    );
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Haven",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Every change needs the session cookie and the `X-CSRF-Token` header (its value is in `/api/v1/me`). Updates name the version they change in `If-Match`.",
        },
        "paths": paths,
        "components": {
            "securitySchemes": {
                "session": { "type": "apiKey", "in": "cookie", "name": crate::SESSION_COOKIE },
            },
            "schemas": schemas,
        }
    })
}
