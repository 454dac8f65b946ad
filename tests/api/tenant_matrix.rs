//! The isolation matrix, generated: every authenticated operation of the
//! API (read from the OpenAPI document) and every signed-in page (found by
//! following the links of the pages themselves) refuses the credentials of
//! another tenant the way it refuses no credentials at all.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::admin::admin;
use crate::helpers::{Backend, TestApp};
use crate::tenant_isolation::{create_tenant, sign_up};

/// A concrete path for an OpenAPI template: ids as UUIDs, names as words.
fn concrete(template: &str) -> String {
    template
        .split('/')
        .map(|part| match part {
            "{id}" | "{user_id}" => uuid::Uuid::now_v7().to_string(),
            p if p.starts_with('{') => "x1".to_owned(),
            p => p.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_authenticated_operation_refuses_a_token_of_another_tenant_as_it_refuses_none() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let root = admin(&app, "root@example.com").await;
    create_tenant(&app, &root, "acme").await;
    let acme = sign_up(&app, "/t/acme", "ada@example.com").await;
    let doc: Value = app.get_json("/openapi.json").await;
    let mut checked = 0;
    for (template, operations) in doc["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let secured = operation["security"]
                .as_array()
                .is_some_and(|s| !s.is_empty());
            // The process's metrics are the operator's, not a tenant's.
            if !secured || template == "/metrics" {
                continue;
            }
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let path = concrete(template);
            // Each way round: default's admin at acme, acme's user at the root.
            for (at, token) in [
                (format!("/t/acme{path}"), &root.access),
                (path.clone(), &acme.access),
            ] {
                let send = |token: Option<&str>| {
                    let mut request = app
                        .client
                        .request(method.clone(), app.url(&at))
                        .json(&json!({}));
                    if let Some(token) = token {
                        request = request.bearer_auth(token);
                    }
                    request.send()
                };
                let foreign = send(Some(token)).await.unwrap();
                let status = foreign.status();
                let challenge = foreign
                    .headers()
                    .get("www-authenticate")
                    .map(|v| v.to_str().unwrap().to_owned());
                let body = foreign.text().await.unwrap();
                assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {at}: {body}");
                assert!(
                    challenge.is_some_and(|c| c.starts_with("Bearer")),
                    "{method} {at}"
                );
                assert!(
                    !body.contains("ada@example.com") && !body.contains("root@example.com"),
                    "{method} {at}: {body}"
                );
                let anonymous = send(None).await.unwrap();
                assert_eq!(
                    anonymous.status(),
                    StatusCode::UNAUTHORIZED,
                    "{method} {at} without a token"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "only {checked} operations were checked");
}

/// The links of an HTML page that stay on the site.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| {
            href.starts_with('/') && !href.starts_with("//") && !href.starts_with("/assets/")
        })
        .map(|href| href.replace("&amp;", "&"))
        .collect()
}

#[tokio::test]
async fn every_signed_in_page_refuses_the_session_cookie_of_another_tenant() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let root = admin(&app, "root@example.com").await;
    create_tenant(&app, &root, "acme").await;
    // A page session's cookie holds its refresh token.
    let cookie = |name: &str| format!("{name}={}", root.refresh);
    let get = |path: String, cookie: String| {
        app.client
            .get(app.url(&path))
            .header("cookie", cookie)
            .send()
    };
    // Every page reachable by following links from /account and /admin.
    let mut pages = BTreeSet::new();
    let mut queue = vec!["/account".to_owned(), "/admin".to_owned()];
    while let Some(path) = queue.pop() {
        if !pages.insert(path.clone()) {
            continue;
        }
        let page = get(path.clone(), cookie("palisade_session")).await.unwrap();
        if page.status() == StatusCode::SEE_OTHER {
            // A page that forwards (/admin to its first section): follow it.
            pages.remove(&path);
            queue.push(page.headers()["location"].to_str().unwrap().to_owned());
            continue;
        }
        assert_eq!(page.status(), StatusCode::OK, "{path} at home");
        for link in links(&page.text().await.unwrap()) {
            let link = link.split('#').next().unwrap().to_owned();
            if !pages.contains(&link)
                && !link.starts_with("/t/")
                && !link.starts_with("/login")
                && link != "/"
            {
                queue.push(link);
            }
        }
    }
    assert!(pages.len() >= 8, "found only {pages:?}");
    for path in &pages {
        // Default's cookie, and the same session under acme's cookie name.
        for name in ["palisade_session", "palisade_session_acme"] {
            let away = get(format!("/t/acme{path}"), cookie(name)).await.unwrap();
            assert_eq!(away.status(), StatusCode::SEE_OTHER, "{path} with {name}");
            let location = away.headers()["location"].to_str().unwrap();
            assert!(location.starts_with("/t/acme/login"), "{path}: {location}");
        }
    }
}
