//! The OAuth client registry: the admin API, its rules, secrets shown once
//! and rotated with a grace period, and `palisade clients create`.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::admin::{admin, call};
use crate::helpers::{TestApp, expect_problem};

async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let response = call(app, Method::POST, "/v1/admin/clients", token, Some(body)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

on_both_backends! {
    async fn an_admin_registers_a_confidential_client_and_sees_its_secret_only_once(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        let created = create(&app, &root.access, json!({
            "name": "Shop", "type": "confidential",
            "redirect_uris": ["https://shop.example.com/callback"],
        })).await;
        let id = created["client_id"].as_str().unwrap().to_owned();
        let secret = created["client_secret"].as_str().unwrap();
        assert!(secret.len() >= 43, "256 bits: {secret}");
        assert_eq!(created["type"], "confidential");
        assert_eq!(created["grant_types"], json!(["authorization_code", "refresh_token"]));
        assert_eq!(created["scopes"], json!(["openid", "profile", "email", "offline_access"]));
        assert_eq!(created["first_party"], false);
        assert_eq!(created["require_pkce"], true);
        assert_eq!(created["post_logout_redirect_uris"], json!([]));

        let shown = call(&app, Method::GET, &format!("/v1/admin/clients/{id}"), &root.access, None).await;
        assert_eq!(shown.status(), StatusCode::OK);
        let shown: Value = shown.json().await.unwrap();
        assert!(shown.get("client_secret").is_none(), "never shown again: {shown}");
        let listed: Value = call(&app, Method::GET, "/v1/admin/clients", &root.access, None).await.json().await.unwrap();
        let ids: Vec<&str> = listed.as_array().unwrap().iter().map(|c| c["client_id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["palisade", id.as_str()], "the built-in client leads");
        assert!(!listed.to_string().contains(secret));
        assert_eq!(listed[0]["type"], "public");
        assert_eq!(listed[0]["first_party"], true);

        // A public client has no secret.
        let spa = create(&app, &root.access, json!({
            "name": "SPA", "type": "public", "redirect_uris": ["http://127.0.0.1/cb"],
        })).await;
        assert!(spa.get("client_secret").is_none(), "{spa}");
    }
}

on_both_backends! {
    async fn redirect_uris_and_grants_that_break_the_rules_are_refused_field_by_field(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        for (body, field) in [
            (json!({"type": "public", "redirect_uris": ["https://a.example/cb"]}), "name"),
            (json!({"name": "x", "type": "secretive", "redirect_uris": ["https://a.example/cb"]}), "type"),
            (json!({"name": "x", "type": "public", "redirect_uris": ["https://*.example.com/cb"]}), "redirect_uris"),
            (json!({"name": "x", "type": "public", "redirect_uris": ["http://shop.example.com/cb"]}), "redirect_uris"),
            (json!({"name": "x", "type": "public", "redirect_uris": ["https://a.example/cb#x"]}), "redirect_uris"),
            (json!({"name": "x", "type": "public", "redirect_uris": ["javascript:alert(1)"]}), "redirect_uris"),
            (json!({"name": "x", "type": "public", "redirect_uris": ["https://a.example/cb"], "post_logout_redirect_uris": ["https://a.example/*"]}), "post_logout_redirect_uris"),
            (json!({"name": "x", "type": "public"}), "redirect_uris"),
            (json!({"name": "x", "type": "public", "grant_types": ["client_credentials"]}), "grant_types"),
            (json!({"name": "x", "type": "confidential", "grant_types": ["implicit"]}), "grant_types"),
            (json!({"name": "x", "type": "confidential", "grant_types": ["password"]}), "grant_types"),
            (json!({"name": "x", "type": "confidential", "grant_types": ["client_credentials"], "scopes": ["admin"]}), "scopes"),
            (json!({"name": "x", "type": "public", "redirect_uris": ["https://a.example/cb"], "require_pkce": false}), "require_pkce"),
            (json!({"name": "x", "type": "confidential", "grant_types": ["client_credentials"], "access_token_ttl": 5}), "access_token_ttl"),
        ] {
            let response = call(&app, Method::POST, "/v1/admin/clients", &root.access, Some(body.clone())).await;
            let problem = expect_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
            assert_eq!(problem["errors"][0]["field"], field, "{body}: {problem}");
        }
        // A service account needs no redirect URI; loopback and native
        // schemes are fine for apps.
        let service = create(&app, &root.access, json!({
            "name": "Billing", "type": "confidential", "grant_types": ["client_credentials"],
            "audience": "https://billing.example.com", "access_token_ttl": 300,
        })).await;
        assert_eq!(service["redirect_uris"], json!([]));
        assert_eq!(service["audience"], "https://billing.example.com");
        assert_eq!(service["access_token_ttl"], 300);
        create(&app, &root.access, json!({
            "name": "Phone", "type": "public",
            "redirect_uris": ["com.example.phone:/oauth2redirect", "http://[::1]/cb"],
        })).await;
    }
}

on_both_backends! {
    async fn a_client_changes_but_keeps_its_type_and_the_builtin_client_stays_as_it_is(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        let created = create(&app, &root.access, json!({
            "name": "Shop", "type": "confidential", "redirect_uris": ["https://shop.example.com/cb"],
            "audience": "https://api.shop.example.com",
        })).await;
        let path = format!("/v1/admin/clients/{}", created["client_id"].as_str().unwrap());
        let changed = call(&app, Method::PATCH, &path, &root.access, Some(json!({
            "name": "Shop 2", "post_logout_redirect_uris": ["https://shop.example.com/bye"], "audience": null,
        }))).await;
        assert_eq!(changed.status(), StatusCode::OK);
        let changed: Value = changed.json().await.unwrap();
        assert_eq!(changed["name"], "Shop 2");
        assert_eq!(changed["post_logout_redirect_uris"], json!(["https://shop.example.com/bye"]));
        assert_eq!(changed["audience"], Value::Null);
        assert_eq!(changed["redirect_uris"], json!(["https://shop.example.com/cb"]), "absent stays");

        let response = call(&app, Method::PATCH, &path, &root.access, Some(json!({"type": "public"}))).await;
        let problem = expect_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(problem["errors"][0]["code"], "immutable");

        for (method, body) in [(Method::PATCH, Some(json!({"name": "Mine"}))), (Method::DELETE, None)] {
            let response = call(&app, method, "/v1/admin/clients/palisade", &root.access, body).await;
            expect_problem(response, StatusCode::CONFLICT, "builtin_client").await;
        }
        for method in [Method::GET, Method::PATCH, Method::DELETE] {
            let body = (method == Method::PATCH).then(|| json!({"name": "x"}));
            let response = call(&app, method, "/v1/admin/clients/nope", &root.access, body).await;
            expect_problem(response, StatusCode::NOT_FOUND, "not_found").await;
        }

        let gone = call(&app, Method::DELETE, &path, &root.access, None).await;
        assert_eq!(gone.status(), StatusCode::NO_CONTENT);
        let response = call(&app, Method::GET, &path, &root.access, None).await;
        expect_problem(response, StatusCode::NOT_FOUND, "not_found").await;

        let audit: Value = call(&app, Method::GET, "/v1/admin/audit?per_page=100", &root.access, None).await.json().await.unwrap();
        let actions: Vec<&str> = audit["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        for action in ["client.created", "client.updated", "client.deleted"] {
            assert!(actions.contains(&action), "{action} in {actions:?}");
        }
    }
}

on_both_backends! {
    async fn a_rotated_secret_keeps_working_for_the_grace_period_and_no_longer(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        let created = create(&app, &root.access, json!({
            "name": "Billing", "type": "confidential", "grant_types": ["client_credentials"],
        })).await;
        let id = created["client_id"].as_str().unwrap().to_owned();
        let first = created["client_secret"].as_str().unwrap().to_owned();
        let clients = &app.services.clients;
        assert!(clients.authenticate(&id, Some(&first)).await.is_ok());
        assert!(clients.authenticate(&id, Some("wrong")).await.is_err());
        assert!(clients.authenticate(&id, None).await.is_err(), "a confidential client must authenticate");
        assert!(clients.authenticate("nope", Some(&first)).await.is_err());

        // Public clients have no secret to rotate, and present none.
        let response = call(&app, Method::POST, "/v1/admin/clients/palisade/secret", &root.access, None).await;
        expect_problem(response, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(clients.authenticate("palisade", None).await.is_ok());
        assert!(clients.authenticate("palisade", Some("anything")).await.is_err());

        let rotated = call(&app, Method::POST, &format!("/v1/admin/clients/{id}/secret"), &root.access, None).await;
        assert_eq!(rotated.status(), StatusCode::OK);
        let second = rotated.json::<Value>().await.unwrap()["client_secret"].as_str().unwrap().to_owned();
        assert_ne!(first, second);
        assert!(clients.authenticate(&id, Some(&second)).await.is_ok());
        assert!(clients.authenticate(&id, Some(&first)).await.is_ok(), "inside the grace period");
        app.advance(Duration::from_secs(3601));
        assert!(clients.authenticate(&id, Some(&second)).await.is_ok());
        assert!(clients.authenticate(&id, Some(&first)).await.is_err(), "after the grace period");

    }
}

on_both_backends! {
    async fn only_holders_of_the_client_permissions_reach_the_registry(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        let plain = app.register_and_login("ada@example.com").await;
        for (method, path) in [
            (Method::GET, "/v1/admin/clients"),
            (Method::POST, "/v1/admin/clients"),
            (Method::GET, "/v1/admin/clients/palisade"),
            (Method::PATCH, "/v1/admin/clients/palisade"),
            (Method::DELETE, "/v1/admin/clients/palisade"),
            (Method::POST, "/v1/admin/clients/palisade/secret"),
        ] {
            let body = matches!(method, Method::POST | Method::PATCH).then(|| json!({"name": "x"}));
            let response = call(&app, method.clone(), path, &plain.access, body).await;
            expect_problem(response, StatusCode::FORBIDDEN, "forbidden").await;
        }
        // The admin role holds both, and they can be given to a custom role.
        let roles: Value = call(&app, Method::GET, "/v1/admin/roles", &root.access, None).await.json().await.unwrap();
        let admin_role = roles.as_array().unwrap().iter().find(|r| r["name"] == "admin").unwrap();
        for permission in ["clients:read", "clients:write"] {
            assert!(admin_role["permissions"].as_array().unwrap().contains(&json!(permission)), "{roles}");
        }
        let response = call(&app, Method::POST, "/v1/admin/roles", &root.access,
            Some(json!({"name": "integrator", "permissions": ["clients:read"]}))).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
}
