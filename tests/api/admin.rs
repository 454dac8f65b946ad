//! The admin API: permission boundaries, user management, the last-admin
//! rule, roles taking effect on the next request.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::auth::futures_join;
use crate::helpers::{PASSWORD, TestApp, Tokens, eventually, expect_problem};

/// Creates an admin the way `palisade admin create` does, and logs in.
pub async fn admin(app: &TestApp, email: &str) -> Tokens {
    app.services
        .accounts
        .create_admin(
            palisade::core::accounts::NewAdmin {
                email,
                promote_unverified: false,
            },
            || Ok(palisade::core::model::Password::new(PASSWORD)),
        )
        .await
        .unwrap();
    app.login(email).await
}

pub async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = app.client.request(method, app.url(path)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

async fn user_id(app: &TestApp, tokens: &Tokens) -> String {
    let me: Value = app
        .get_authed("/v1/users/me", &tokens.access)
        .await
        .json()
        .await
        .unwrap();
    me["id"].as_str().unwrap().to_owned()
}

on_both_backends! {
    async fn every_admin_endpoint_wants_a_token_and_the_permission(backend) {
        let app = TestApp::spawn(backend).await;
        let plain = app.register_and_login("ada@example.com").await;
        let id = user_id(&app, &plain).await;
        let endpoints = [
            (Method::GET, "/v1/admin/users".to_owned(), None),
            (Method::GET, format!("/v1/admin/users/{id}"), None),
            (Method::PATCH, format!("/v1/admin/users/{id}"), Some(json!({"disabled": true}))),
            (Method::DELETE, format!("/v1/admin/users/{id}"), None),
            (Method::PUT, format!("/v1/admin/users/{id}/roles/admin"), None),
            (Method::DELETE, format!("/v1/admin/users/{id}/roles/user"), None),
            (Method::GET, "/v1/admin/roles".to_owned(), None),
            (Method::POST, "/v1/admin/roles".to_owned(), Some(json!({"name": "x1", "permissions": []}))),
            (Method::PATCH, "/v1/admin/roles/user".to_owned(), Some(json!({"description": "x"}))),
            (Method::DELETE, "/v1/admin/roles/user".to_owned(), None),
            (Method::GET, "/v1/admin/audit".to_owned(), None),
        ];
        for (method, path, body) in &endpoints {
            let mut anonymous = app.client.request(method.clone(), app.url(path));
            if let Some(body) = body {
                anonymous = anonymous.json(body);
            }
            let response = anonymous.send().await.unwrap();
            assert_eq!(response.headers()["www-authenticate"], "Bearer", "{method} {path}");
            expect_problem(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
            let response = call(&app, method.clone(), path, &plain.access, body.clone()).await;
            expect_problem(response, StatusCode::FORBIDDEN, "forbidden").await;
            let response = call(&app, method.clone(), path, "not.a.token", body.clone()).await;
            assert_eq!(response.headers()["www-authenticate"], "Bearer error=\"invalid_token\"", "{method} {path}");
            expect_problem(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
        }
        // Nothing changed.
        assert_eq!(app.me_status(&plain.access).await, StatusCode::OK);
    }
}

on_both_backends! {
    async fn admins_list_search_and_filter_users_page_by_page(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        for (email, name) in [("ada@example.com", "Ada Lovelace"), ("grace@example.com", "Grace Hopper"), ("alan@example.com", "Alan Turing"), ("edsger@example.com", "100%_sure")] {
            app.post_json("/v1/auth/register", json!({"email": email, "password": PASSWORD, "display_name": name})).await;
        }
        let list = |query: &str| {
            let path = format!("/v1/admin/users{query}");
            let token = root.access.clone();
            let app = &app;
            async move { call(app, Method::GET, &path, &token, None).await }
        };
        let all: Value = list("").await.json().await.unwrap();
        assert_eq!(all["total"], 5);
        assert_eq!(all["page"], 1);
        assert_eq!(all["per_page"], 20);
        let emails: Vec<&str> = all["items"].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap()).collect();
        assert_eq!(emails[0], "edsger@example.com", "newest first: {emails:?}");

        let page2: Value = list("?page=2&per_page=2").await.json().await.unwrap();
        assert_eq!(page2["items"].as_array().unwrap().len(), 2);
        assert_eq!(page2["items"][0]["email"], emails[2]);
        let capped: Value = list("?per_page=1000").await.json().await.unwrap();
        assert_eq!(capped["per_page"], 100);

        let by_name: Value = list("?q=HOPPER").await.json().await.unwrap();
        assert_eq!(by_name["total"], 1);
        assert_eq!(by_name["items"][0]["email"], "grace@example.com");
        let by_email: Value = list("?q=A%40EXAMPLE").await.json().await.unwrap();
        assert_eq!(by_email["total"], 1, "{by_email}");
        let wildcard: Value = list("?q=%25_").await.json().await.unwrap();
        assert_eq!(wildcard["total"], 1, "LIKE wildcards are literal: {wildcard}");
        let admins: Value = list("?role=admin").await.json().await.unwrap();
        assert_eq!(admins["total"], 1);
        assert_eq!(admins["items"][0]["roles"], json!(["admin", "user"]));

        for bad in ["?page=0", "?per_page=-1", "?page=x"] {
            expect_problem(list(bad).await, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        }
    }
}

on_both_backends! {
    async fn disabling_a_user_ends_their_sessions_and_blocks_login(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        let ada = app.register_and_login("ada@example.com").await;
        let id = user_id(&app, &ada).await;
        let path = format!("/v1/admin/users/{id}");

        let got: Value = call(&app, Method::GET, &path, &root.access, None).await.json().await.unwrap();
        assert_eq!(got["email"], "ada@example.com");
        let patched: Value = call(&app, Method::PATCH, &path, &root.access, Some(json!({"disabled": true, "email_verified": true, "display_name": "Ada L."}))).await.json().await.unwrap();
        assert_eq!((patched["disabled"].clone(), patched["email_verified"].clone(), patched["display_name"].clone()), (json!(true), json!(true), json!("Ada L.")));
        assert_eq!(app.me_status(&ada.access).await, StatusCode::UNAUTHORIZED);
        assert_eq!(app.refresh(&ada.refresh).await.status(), StatusCode::UNAUTHORIZED);
        let login = app.post_json("/v1/auth/login", json!({"email": "ada@example.com", "password": PASSWORD})).await;
        expect_problem(login, StatusCode::FORBIDDEN, "account_disabled").await;
        let wrong = app.post_json("/v1/auth/login", json!({"email": "ada@example.com", "password": "not the password"})).await;
        expect_problem(wrong, StatusCode::UNAUTHORIZED, "invalid_credentials").await;

        call(&app, Method::PATCH, &path, &root.access, Some(json!({"disabled": false}))).await;
        app.login("ada@example.com").await;

        let invalid = call(&app, Method::PATCH, &path, &root.access, Some(json!({"display_name": "x".repeat(101)}))).await;
        expect_problem(invalid, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        for missing in ["/v1/admin/users/0192f0e0-0000-7000-8000-000000000000", "/v1/admin/users/not-a-uuid"] {
            expect_problem(call(&app, Method::GET, missing, &root.access, None).await, StatusCode::NOT_FOUND, "not_found").await;
            expect_problem(call(&app, Method::PATCH, missing, &root.access, Some(json!({"disabled": true}))).await, StatusCode::NOT_FOUND, "not_found").await;
            expect_problem(call(&app, Method::DELETE, missing, &root.access, None).await, StatusCode::NOT_FOUND, "not_found").await;
        }
    }
}

on_both_backends! {
    async fn deleting_a_user_ends_their_sessions_at_once(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        let ada = app.register_and_login("ada@example.com").await;
        let id = user_id(&app, &ada).await;
        assert_eq!(app.me_status(&ada.access).await, StatusCode::OK);
        let response = call(&app, Method::DELETE, &format!("/v1/admin/users/{id}"), &root.access, None).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_eq!(app.me_status(&ada.access).await, StatusCode::UNAUTHORIZED);
        assert_eq!(app.refresh(&ada.refresh).await.status(), StatusCode::UNAUTHORIZED);
        let login = app.post_json("/v1/auth/login", json!({"email": "ada@example.com", "password": PASSWORD})).await;
        expect_problem(login, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        // The address can be registered again.
        app.register("ada@example.com").await;
    }
}

on_both_backends! {
    async fn the_last_enabled_admin_cannot_be_removed_in_any_way(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        let id = user_id(&app, &root).await;
        for (method, path, body) in [
            (Method::PATCH, format!("/v1/admin/users/{id}"), Some(json!({"disabled": true}))),
            (Method::DELETE, format!("/v1/admin/users/{id}"), None),
            (Method::DELETE, format!("/v1/admin/users/{id}/roles/admin"), None),
        ] {
            let response = call(&app, method, &path, &root.access, body).await;
            expect_problem(response, StatusCode::CONFLICT, "last_admin").await;
        }
        // A disabled second admin does not count.
        let other = admin(&app, "other@example.com").await;
        let other_id = user_id(&app, &other).await;
        call(&app, Method::PATCH, &format!("/v1/admin/users/{other_id}"), &root.access, Some(json!({"disabled": true}))).await;
        let response = call(&app, Method::DELETE, &format!("/v1/admin/users/{id}/roles/admin"), &root.access, None).await;
        expect_problem(response, StatusCode::CONFLICT, "last_admin").await;
        // An enabled one does.
        call(&app, Method::PATCH, &format!("/v1/admin/users/{other_id}"), &root.access, Some(json!({"disabled": false}))).await;
        let response = call(&app, Method::DELETE, &format!("/v1/admin/users/{id}/roles/admin"), &root.access, None).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
    }
}

on_both_backends! {
    async fn two_admins_demoting_each_other_at_once_leave_one_admin(backend) {
        let app = TestApp::spawn(backend).await;
        let a = admin(&app, "a@example.com").await;
        let b = admin(&app, "b@example.com").await;
        let (a_id, b_id) = (user_id(&app, &a).await, user_id(&app, &b).await);
        for round in 0..3 {
            let attempts = [(a.access.clone(), b_id.clone()), (b.access.clone(), a_id.clone())].into_iter().map(|(token, target)| {
                let (client, url) = (app.client.clone(), app.url(&format!("/v1/admin/users/{target}/roles/admin")));
                async move { client.delete(url).bearer_auth(token).send().await.unwrap().status() }
            });
            let statuses = futures_join(attempts).await;
            let admins: Value = call(&app, Method::GET, "/v1/admin/users?role=admin", if statuses[0] == StatusCode::NO_CONTENT { &a.access } else { &b.access }, None).await.json().await.unwrap();
            assert_eq!(admins["total"], 1, "round {round}: {statuses:?}");
            // The loser is refused: by the last-admin rule, or (when its
            // request came second) because it is no admin any more.
            assert_eq!(statuses.iter().filter(|s| **s == StatusCode::NO_CONTENT).count(), 1, "{statuses:?}");
            assert!(statuses.iter().any(|s| *s == StatusCode::CONFLICT || *s == StatusCode::FORBIDDEN), "{statuses:?}");
            // Restore both for the next round.
            let remaining = admins["items"][0]["id"].as_str().unwrap().to_owned();
            let (token, demoted) = if remaining == a_id { (&a.access, &b_id) } else { (&b.access, &a_id) };
            call(&app, Method::PUT, &format!("/v1/admin/users/{demoted}/roles/admin"), token, None).await;
        }
    }
}

on_both_backends! {
    async fn a_granted_role_applies_to_the_next_request_without_a_new_token(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        let ada = app.register_and_login("ada@example.com").await;
        let id = user_id(&app, &ada).await;
        let create = call(&app, Method::POST, "/v1/admin/roles", &root.access, Some(json!({"name": "support", "description": "Helps users", "permissions": ["users:read", "audit:read"]}))).await;
        assert_eq!(create.status(), StatusCode::CREATED);
        let role: Value = create.json().await.unwrap();
        assert_eq!(role, json!({"name": "support", "description": "Helps users", "permissions": ["audit:read", "users:read"], "builtin": false}));

        assert_eq!(call(&app, Method::GET, "/v1/admin/users", &ada.access, None).await.status(), StatusCode::FORBIDDEN);
        assert_eq!(call(&app, Method::PUT, &format!("/v1/admin/users/{id}/roles/support"), &root.access, None).await.status(), StatusCode::NO_CONTENT);
        assert_eq!(call(&app, Method::GET, "/v1/admin/users", &ada.access, None).await.status(), StatusCode::OK);
        assert_eq!(call(&app, Method::GET, "/v1/admin/roles", &ada.access, None).await.status(), StatusCode::FORBIDDEN);

        // Changing the role's permissions applies at once too.
        let patched = call(&app, Method::PATCH, "/v1/admin/roles/support", &root.access, Some(json!({"permissions": ["roles:read"]}))).await;
        assert_eq!(patched.status(), StatusCode::OK);
        assert_eq!(call(&app, Method::GET, "/v1/admin/users", &ada.access, None).await.status(), StatusCode::FORBIDDEN);
        assert_eq!(call(&app, Method::GET, "/v1/admin/roles", &ada.access, None).await.status(), StatusCode::OK);

        assert_eq!(call(&app, Method::DELETE, &format!("/v1/admin/users/{id}/roles/support"), &root.access, None).await.status(), StatusCode::NO_CONTENT);
        assert_eq!(call(&app, Method::GET, "/v1/admin/roles", &ada.access, None).await.status(), StatusCode::FORBIDDEN);
    }
}

on_both_backends! {
    async fn a_grant_on_one_instance_applies_on_another_within_two_seconds(backend) {
        let a = TestApp::spawn(backend).await;
        let b = a.another_instance(|_| {}).await;
        let root = admin(&a, "root@example.com").await;
        let ada = a.register_and_login("ada@example.com").await;
        let id = user_id(&a, &ada).await;
        assert_eq!(call(&b, Method::GET, "/v1/admin/users", &ada.access, None).await.status(), StatusCode::FORBIDDEN);
        let users_on_b = async || call(&b, Method::GET, "/v1/admin/users", &ada.access, None).await.status();
        call(&a, Method::PUT, &format!("/v1/admin/users/{id}/roles/admin"), &root.access, None).await;
        // Two seconds on the instances' clock: b's poll of the roles epoch runs.
        a.advance(Duration::from_secs(2));
        eventually("the grant reaches b", async || users_on_b().await == StatusCode::OK).await;
        call(&a, Method::DELETE, &format!("/v1/admin/users/{id}/roles/admin"), &root.access, None).await;
        a.advance(Duration::from_secs(2));
        eventually("the revocation reaches b", async || users_on_b().await == StatusCode::FORBIDDEN).await;
    }
}

on_both_backends! {
    async fn roles_are_managed_through_the_api_and_builtins_stay(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        let roles: Vec<Value> = call(&app, Method::GET, "/v1/admin/roles", &root.access, None).await.json().await.unwrap();
        let admin_role = roles.iter().find(|r| r["name"] == "admin").unwrap();
        assert_eq!(admin_role["builtin"], true);
        // Every permission: API.md Part 2 added clients:read and clients:write,
        // then providers:read and providers:write, then tenants:read and
        // tenants:write.
        assert_eq!(admin_role["permissions"].as_array().unwrap().len(), 12);
        assert!(admin_role["permissions"].as_array().unwrap().contains(&json!("providers:write")));
        assert!(admin_role["permissions"].as_array().unwrap().contains(&json!("tenants:write")));
        assert_eq!(roles.iter().find(|r| r["name"] == "user").unwrap()["permissions"], json!([]));

        for name in ["admin", "user"] {
            let patch = call(&app, Method::PATCH, &format!("/v1/admin/roles/{name}"), &root.access, Some(json!({"permissions": []}))).await;
            expect_problem(patch, StatusCode::CONFLICT, "builtin_role").await;
            let delete = call(&app, Method::DELETE, &format!("/v1/admin/roles/{name}"), &root.access, None).await;
            expect_problem(delete, StatusCode::CONFLICT, "builtin_role").await;
        }
        let body = json!({"name": "auditor", "permissions": ["audit:read"]});
        assert_eq!(call(&app, Method::POST, "/v1/admin/roles", &root.access, Some(body.clone())).await.status(), StatusCode::CREATED);
        expect_problem(call(&app, Method::POST, "/v1/admin/roles", &root.access, Some(body)).await, StatusCode::CONFLICT, "role_exists").await;
        let bad = call(&app, Method::POST, "/v1/admin/roles", &root.access, Some(json!({"name": "Bad Name!", "permissions": ["everything"]}))).await;
        let problem = expect_problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(problem["errors"].as_array().unwrap().len(), 2, "{problem}");
        expect_problem(call(&app, Method::PATCH, "/v1/admin/roles/nope", &root.access, Some(json!({}))).await, StatusCode::NOT_FOUND, "not_found").await;
        expect_problem(call(&app, Method::DELETE, "/v1/admin/roles/nope", &root.access, None).await, StatusCode::NOT_FOUND, "not_found").await;

        let ada = app.register_and_login("ada@example.com").await;
        let id = user_id(&app, &ada).await;
        expect_problem(call(&app, Method::PUT, &format!("/v1/admin/users/{id}/roles/nope"), &root.access, None).await, StatusCode::NOT_FOUND, "not_found").await;
        call(&app, Method::PUT, &format!("/v1/admin/users/{id}/roles/auditor"), &root.access, None).await;
        assert_eq!(call(&app, Method::GET, "/v1/admin/audit", &ada.access, None).await.status(), StatusCode::OK);
        assert_eq!(call(&app, Method::DELETE, "/v1/admin/roles/auditor", &root.access, None).await.status(), StatusCode::NO_CONTENT);
        assert_eq!(call(&app, Method::GET, "/v1/admin/audit", &ada.access, None).await.status(), StatusCode::FORBIDDEN);
        let me: Value = app.get_authed("/v1/users/me", &ada.access).await.json().await.unwrap();
        assert_eq!(me["roles"], json!(["user"]));
    }
}

on_both_backends! {
    async fn each_permission_opens_exactly_its_own_endpoints(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        let ada = app.register_and_login("ada@example.com").await;
        let ada_id = user_id(&app, &ada).await;
        let bob = app.register_and_login("bob@example.com").await;
        let bob_id = user_id(&app, &bob).await;
        let endpoints: Vec<(&str, Method, String, Option<Value>)> = vec![
            ("users:read", Method::GET, "/v1/admin/users".into(), None),
            ("users:read", Method::GET, format!("/v1/admin/users/{bob_id}"), None),
            ("users:write", Method::PATCH, format!("/v1/admin/users/{bob_id}"), Some(json!({"email_verified": true}))),
            ("roles:read", Method::GET, "/v1/admin/roles".into(), None),
            ("roles:write", Method::POST, "/v1/admin/roles".into(), Some(json!({"name": "temp", "permissions": []}))),
            ("roles:write", Method::PUT, format!("/v1/admin/users/{bob_id}/roles/temp"), None),
            ("audit:read", Method::GET, "/v1/admin/audit".into(), None),
            ("users:delete", Method::DELETE, format!("/v1/admin/users/{bob_id}"), None),
        ];
        for permission in ["users:read", "users:write", "roles:read", "roles:write", "audit:read", "users:delete"] {
            let role = permission.replace(':', "-");
            call(&app, Method::POST, "/v1/admin/roles", &root.access, Some(json!({"name": role, "permissions": [permission]}))).await;
            call(&app, Method::PUT, &format!("/v1/admin/users/{ada_id}/roles/{role}"), &root.access, None).await;
            for (needed, method, path, body) in &endpoints {
                if *needed == "users:delete" && permission != "users:delete" {
                    let response = call(&app, method.clone(), path, &ada.access, body.clone()).await;
                    assert_eq!(response.status(), StatusCode::FORBIDDEN, "{permission}: {method} {path}");
                    continue;
                }
                if *needed == "users:delete" {
                    continue;
                }
                let response = call(&app, method.clone(), path, &ada.access, body.clone()).await;
                if *needed == permission {
                    assert!(response.status().is_success(), "{permission} opens {method} {path}: {}", response.status());
                } else {
                    assert_eq!(response.status(), StatusCode::FORBIDDEN, "{permission} does not open {method} {path}");
                }
            }
            call(&app, Method::DELETE, &format!("/v1/admin/users/{ada_id}/roles/{role}"), &root.access, None).await;
            call(&app, Method::DELETE, "/v1/admin/roles/temp", &root.access, None).await;
        }
        call(&app, Method::POST, "/v1/admin/roles", &root.access, Some(json!({"name": "deleter", "permissions": ["users:delete"]}))).await;
        call(&app, Method::PUT, &format!("/v1/admin/users/{ada_id}/roles/deleter"), &root.access, None).await;
        let response = call(&app, Method::DELETE, &format!("/v1/admin/users/{bob_id}"), &ada.access, None).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "users:delete opens DELETE");
    }
}
