//! The audit log: every security event, with actor, target and origin,
//! filters, retention, and client IPs behind trusted proxies only.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::admin::{admin, call};
use crate::helpers::{PASSWORD, TestApp};
use crate::smtp::SmtpSink;

async fn events(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let page: Value = call(
        app,
        Method::GET,
        &format!("/v1/admin/audit{query}"),
        token,
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    page["items"].as_array().unwrap().clone()
}

fn find<'a>(events: &'a [Value], action: &str) -> &'a Value {
    events
        .iter()
        .find(|e| e["action"] == action)
        .unwrap_or_else(|| panic!("no {action} event in {events:#?}"))
}

on_both_backends! {
    async fn every_security_event_is_recorded_with_actor_target_and_origin(backend) {
        let smtp = SmtpSink::start().await;
        let app = TestApp::spawn_with_smtp(backend, &smtp, |c| c.refresh_reuse_grace = Duration::ZERO).await;
        let root = admin(&app, "root@example.com").await;
        let root_id = app.get_authed("/v1/users/me", &root.access).await.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();

        let ada = app.register_and_login("ada@example.com").await;
        let ada_id = app.get_authed("/v1/users/me", &ada.access).await.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
        app.post_json("/v1/auth/login", json!({"email": "ada@example.com", "password": "wrong password here"})).await;
        app.post_json("/v1/auth/login", json!({"email": "nobody@example.com", "password": "wrong password here"})).await;
        // Verification, reuse, change, reset, logout.
        let verify = smtp.wait_for("ada@example.com", 1).await[0].token_for("verify-email");
        app.post_json("/v1/auth/email/verify", json!({"token": verify})).await;
        app.refresh(&ada.refresh).await;
        app.refresh(&ada.refresh).await;
        let ada = app.login("ada@example.com").await;
        let change = json!({"current_password": PASSWORD, "new_password": "a brand new passphrase 42"});
        call(&app, Method::POST, "/v1/auth/password/change", &ada.access, Some(change)).await;
        app.post_json("/v1/auth/password/forgot", json!({"email": "ada@example.com"})).await;
        let mails = smtp.wait_for("ada@example.com", 3).await;
        let reset = mails.iter().find(|m| m.subject().contains("Reset")).unwrap().token_for("reset-password");
        app.post_json("/v1/auth/password/reset", json!({"token": reset, "new_password": "yet another passphrase 77"})).await;
        let ada = app.post_json("/v1/auth/login", json!({"email": "ada@example.com", "password": "yet another passphrase 77"})).await.json::<Value>().await.unwrap();
        app.post_authed("/v1/auth/logout", ada["access_token"].as_str().unwrap()).await;
        // Admin actions.
        call(&app, Method::POST, "/v1/admin/roles", &root.access, Some(json!({"name": "support", "permissions": ["users:read"]}))).await;
        call(&app, Method::PATCH, "/v1/admin/roles/support", &root.access, Some(json!({"permissions": ["audit:read"]}))).await;
        call(&app, Method::PUT, &format!("/v1/admin/users/{ada_id}/roles/support"), &root.access, None).await;
        call(&app, Method::DELETE, &format!("/v1/admin/users/{ada_id}/roles/support"), &root.access, None).await;
        call(&app, Method::DELETE, "/v1/admin/roles/support", &root.access, None).await;
        call(&app, Method::PATCH, &format!("/v1/admin/users/{ada_id}"), &root.access, Some(json!({"display_name": "Ada"}))).await;
        let all = events(&app, &root.access, "?per_page=100").await;
        let self_service = [
            "user.registered", "login.succeeded", "email.verified", "token.reuse_detected",
            "password.changed", "password.reset", "logout",
        ];
        for action in self_service {
            let e = all
                .iter()
                .find(|e| e["action"] == action && e["target_id"] == ada_id.as_str())
                .unwrap_or_else(|| panic!("no {action} event about ada"));
            assert_eq!(e["ip"], "127.0.0.1", "{action}");
        }
        assert_eq!(find(&all, "password.reset_requested")["target_id"], ada_id.as_str());
        let failed: Vec<&Value> = all.iter().filter(|e| e["action"] == "login.failed").collect();
        assert_eq!(failed.len(), 2);
        assert!(failed.iter().any(|e| e["target_id"] == ada_id.as_str() && e["details"]["reason"] == "wrong_password"));
        assert!(failed.iter().any(|e| e["target_id"].is_null() && e["details"]["reason"] == "unknown_email"));
        for action in ["role.created", "role.updated", "role.deleted", "role.granted", "role.revoked", "user.updated"] {
            let e = find(&all, action);
            assert_eq!(e["actor_id"], root_id.as_str(), "{action}: {e}");
        }
        for action in ["role.granted", "role.revoked", "user.updated"] {
            assert_eq!(find(&all, action)["target_id"], ada_id.as_str(), "{action}");
        }
        assert_eq!(find(&all, "role.granted")["details"]["role"], "support");
        assert_eq!(find(&all, "user.updated")["details"]["changed"], json!({"display_name": true}));

        // No secret anywhere in the log.
        let text = serde_json::to_string(&all).unwrap();
        for secret in [PASSWORD, "a brand new passphrase 42", "yet another passphrase 77", "wrong password here", &reset, &verify] {
            assert!(!text.contains(secret), "the audit log holds a secret");
        }

        // Erasing ada keeps the trail's actions and times, not her IP or details.
        call(&app, Method::DELETE, &format!("/v1/admin/users/{ada_id}"), &root.access, None).await;
        let after = events(&app, &root.access, "?per_page=100").await;
        let about: Vec<&Value> = after.iter().filter(|e| e["target_id"] == ada_id.as_str()).collect();
        assert!(about.iter().any(|e| e["action"] == "user.registered") && about.iter().any(|e| e["action"] == "user.deleted"));
        // Only the deletion itself keeps an origin: the admin's.
        let personal = about.iter().filter(|e| e["action"] != "user.deleted");
        assert!(personal.clone().all(|e| e["ip"].is_null() && e["user_agent"].is_null()), "{about:#?}");
        assert_eq!(find(&after, "user.deleted")["actor_id"], root_id.as_str());
    }
}

on_both_backends! {
    async fn the_audit_log_filters_by_user_and_action_and_pages(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        app.register_and_login("ada@example.com").await;
        let bob = app.register_and_login("bob@example.com").await;
        let bob_id = app.get_authed("/v1/users/me", &bob.access).await.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();

        let bobs = events(&app, &root.access, &format!("?user_id={bob_id}")).await;
        assert_eq!(bobs.len(), 2, "{bobs:#?}");
        assert!(bobs.iter().all(|e| e["actor_id"] == bob_id.as_str() || e["target_id"] == bob_id.as_str()));
        assert_eq!(bobs[0]["action"], "login.succeeded", "newest first");

        let logins = events(&app, &root.access, "?action=login.succeeded").await;
        assert_eq!(logins.len(), 3);
        let page: Value = call(&app, Method::GET, "/v1/admin/audit?action=login.succeeded&per_page=2&page=2", &root.access, None).await.json().await.unwrap();
        assert_eq!(page["total"], 3);
        assert_eq!(page["items"].as_array().unwrap().len(), 1);
        let bad = call(&app, Method::GET, "/v1/admin/audit?user_id=nope", &root.access, None).await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
}

on_both_backends! {
    async fn events_older_than_the_retention_are_purged(backend) {
        let app = TestApp::spawn_with(backend, |c| c.retention.audit = Duration::from_secs(86_400)).await;
        let old = app.register("old@example.com").await["id"].as_str().unwrap().to_owned();
        app.advance(Duration::from_secs(2 * 86_400));
        let new = app.register("new@example.com").await["id"].as_str().unwrap().to_owned();
        // The purge runs when an instance starts, then hourly.
        let later = app.another_instance(|c| c.retention.audit = Duration::from_secs(86_400)).await;
        let root = admin(&later, "root@example.com").await;
        let mut targets = Vec::new();
        for _ in 0..50 {
            targets = events(&later, &root.access, "?action=user.registered").await.iter().map(|e| e["target_id"].as_str().unwrap_or_default().to_owned()).collect();
            if !targets.contains(&old) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(!targets.contains(&old), "the old event is gone: {targets:?}");
        assert!(targets.contains(&new), "the recent one stays: {targets:?}");
    }
}

#[tokio::test]
async fn forwarded_for_is_believed_only_from_trusted_proxies() {
    let untrusted = TestApp::spawn(crate::helpers::Backend::Sqlite).await;
    let root = admin(&untrusted, "root@example.com").await;
    let trusted = untrusted
        .another_instance(|c| c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()])
        .await;
    for (app, email) in [
        (&untrusted, "ada@example.com"),
        (&trusted, "bob@example.com"),
    ] {
        let response = app
            .client
            .post(app.url("/v1/auth/register"))
            .header("x-forwarded-for", "203.0.113.9, 127.0.0.1")
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    // Newest first: bob through the trusted instance, then ada.
    let registered: Vec<Value> = events(&untrusted, &root.access, "?action=user.registered")
        .await
        .into_iter()
        .filter(|e| !e["ip"].is_null())
        .collect();
    assert_eq!(registered.len(), 2, "{registered:#?}");
    assert_eq!(
        registered[0]["ip"], "203.0.113.9",
        "trusted proxy: the client from X-Forwarded-For"
    );
    assert_eq!(
        registered[1]["ip"], "127.0.0.1",
        "untrusted peer: the header changes nothing"
    );
}
