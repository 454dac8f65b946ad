//! The OpenAPI document made to tell the whole truth, in one pass over what
//! the handlers declare: every response has a description, errors are
//! declared as `application/problem+json`, and every status a request can
//! meet on its way through the layers (400, 401, 404, 413, 415, 422, 429, 503)
//! is declared where it can occur. Handlers declare what is particular to
//! them; what every request of a kind may get is added here, so no handler
//! can forget it. OAuth2 endpoints keep their RFC 6749 errors.

use serde_json::{Value, json};

use crate::web::shared::problem::{OAUTH_ENDPOINTS, PROBLEM_JSON};

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];
const PROBLEM_REF: &str = "#/components/schemas/Problem";

/// What a status means on any endpoint, for responses declared without a description.
fn default_description(status: &str) -> &'static str {
    match status {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted",
        "204" => "No content",
        "400" => {
            "`malformed_request`: the body is not JSON, not an object, or the query string cannot be read"
        }
        "401" => {
            "`unauthorized` (no, invalid or revoked access token) or `token_expired` (refresh it)"
        }
        "403" => "`forbidden`: the caller lacks the permission",
        "404" => "`not_found`",
        "409" => "Conflict",
        "413" => "`payload_too_large`: the body is larger than 64 KiB",
        "415" => "`unsupported_media_type`: send the body as application/json",
        "422" => "`validation_failed`: `errors[]` names each invalid field",
        "429" => "`rate_limited`: wait `Retry-After` seconds",
        "503" => {
            "`unavailable`: the database cannot be reached, or the server is busy; retry after `Retry-After` seconds"
        }
        _ => "Response",
    }
}

/// The statuses an operation can meet besides those its handler declares.
fn implied_statuses(path: &str, op: &Value) -> Vec<&'static str> {
    let mut statuses = Vec::new();
    let json_body = op["requestBody"]["content"]
        .as_object()
        .is_some_and(|c| c.contains_key("application/json"));
    let parameters = op["parameters"].as_array().cloned().unwrap_or_default();
    let located = |place: &str| parameters.iter().any(|p| p["in"] == place);
    let secured = op["security"]
        .as_array()
        .is_some_and(|schemes| !schemes.is_empty());
    if json_body || located("query") {
        statuses.push("400");
    }
    if secured {
        statuses.push("401");
    }
    if located("path") {
        statuses.push("404");
    }
    if json_body {
        statuses.extend(["413", "415", "422"]);
    }
    if path.starts_with("/v1/auth/") {
        statuses.push("429");
    }
    if path.starts_with("/v1/") || path.starts_with("/oauth2/") || path == "/readyz" {
        statuses.push("503");
    }
    statuses
}

fn header(description: &str) -> Value {
    json!({"description": description, "schema": {"type": "string"}})
}

/// Headers that come with an error status.
fn error_headers(status: &str) -> Option<(&'static str, Value)> {
    match status {
        "401" => Some((
            "WWW-Authenticate",
            header(
                "`Bearer` when no bearer token was sent; `Bearer error=\"invalid_token\"` when one was refused (RFC 6750)",
            ),
        )),
        "429" | "503" => Some(("Retry-After", header("Seconds to wait before trying again"))),
        _ => None,
    }
}

/// Moves a problem body declared as `application/json` to its real type.
fn problem_content(response: &mut Value) {
    // `get_mut`, not `[]`: indexing a missing key would insert a null.
    let Some(content) = response.get_mut("content").and_then(Value::as_object_mut) else {
        return;
    };
    let is_problem = content
        .get("application/json")
        .is_some_and(|c| c["schema"]["$ref"] == PROBLEM_REF);
    if is_problem && let Some(body) = content.remove("application/json") {
        content.insert(PROBLEM_JSON.to_owned(), body);
    }
}

fn conform_operation(path: &str, op: &mut Value) {
    let implied = implied_statuses(path, op);
    let oauth = OAUTH_ENDPOINTS.contains(&path);
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    if !oauth {
        for status in implied {
            responses.entry(status).or_insert_with(
                || json!({"content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}}}),
            );
        }
    }
    for (status, response) in responses.iter_mut() {
        if response.get("$ref").is_some() {
            continue;
        }
        if response["description"].as_str().is_none_or(str::is_empty) {
            response["description"] = json!(default_description(status));
        }
        problem_content(response);
        if let Some((name, value)) = error_headers(status) {
            let headers = response
                .as_object_mut()
                .map(|r| r.entry("headers").or_insert_with(|| json!({})));
            if let Some(Value::Object(headers)) = headers {
                headers.entry(name).or_insert(value);
            }
        }
    }
}

/// Rewrites the generated document: descriptions, error media types, the
/// statuses every request may meet, and `servers` naming the public URL.
pub fn conform(doc: &utoipa::openapi::OpenApi, public_url: &str) -> Value {
    let mut value = serde_json::to_value(doc).unwrap_or_default();
    value["servers"] =
        json!([{"url": public_url, "description": "This Palisade (PALISADE_PUBLIC_URL)"}]);
    if let Some(paths) = value["paths"].as_object_mut() {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, op) in item.iter_mut() {
                if METHODS.contains(&method.as_str()) {
                    conform_operation(path, op);
                }
            }
        }
    }
    value
}
