//! GDPR: export everything held about a user; erase a user, keeping the
//! audit trail but not the person; retention of finished things.

use std::time::Duration;

use palisade::infra::store::entities::{
    audit_events, login_throttle, one_time_tokens, outbox, sessions,
};
use reqwest::{Method, StatusCode};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{Value, json};

use crate::admin::{admin, call};
use crate::helpers::{PASSWORD, TestApp, expect_problem};

on_both_backends! {
    async fn a_user_downloads_everything_held_about_them_without_secrets(backend) {
        let app = TestApp::spawn(backend).await;
        let tokens = app.register_and_login("ada@example.com").await;
        app.post_json("/v1/auth/login", json!({"email": "ada@example.com", "password": "wrong password here"})).await;
        let response = app.get_authed("/v1/users/me/export", &tokens.access).await;
        assert_eq!(response.status(), StatusCode::OK);
        let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
        assert!(disposition.starts_with("attachment; filename=\"palisade-export-"), "{disposition}");
        let export: Value = response.json().await.unwrap();
        assert_eq!(export["user"]["email"], "ada@example.com");
        assert_eq!(export["roles"], json!(["user"]));
        assert!(export["exported_at"].is_string());
        assert_eq!(export["sessions"].as_array().unwrap().len(), 1);
        let actions: Vec<&str> = export["audit_events"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        for action in ["user.registered", "login.succeeded", "login.failed"] {
            assert!(actions.contains(&action), "{action} in {actions:?}");
        }
                let text = export.to_string();
        assert!(export["audit_events"].as_array().unwrap().iter().all(|e| e["actor_id"].is_null() || e["actor_id"] == export["user"]["id"] || e["ip"].is_null()), "another actor's origin is not the user's data");
        for secret in [PASSWORD, &tokens.access, &tokens.refresh, "argon2", "password_hash", "token_hash"] {
            assert!(!text.contains(secret), "the export holds a secret");
        }
    }
}

on_both_backends! {
    async fn a_user_erases_their_account_and_the_address_can_register_again(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        let tokens = app.register_and_login("ada@example.com").await;
        let id = app.get_authed("/v1/users/me", &tokens.access).await.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
        let delete = |password: &'static str| {
            app.client.delete(app.url("/v1/users/me")).bearer_auth(&tokens.access).json(&json!({"password": password})).send()
        };
                // Counters that name the address or the account exist before…
        app.post_json("/v1/auth/login", json!({"email": "ada@example.com", "password": "mistyped password"})).await;
        expect_problem(delete("not my password").await.unwrap(), StatusCode::FORBIDDEN, "reauth_failed").await;
        assert!(login_throttle::Entity::find().count(&app.db).await.unwrap() >= 2);
                assert_eq!(delete(PASSWORD).await.unwrap().status(), StatusCode::NO_CONTENT);
        // …and not after.
        let left: Vec<String> = login_throttle::Entity::find().all(&app.db).await.unwrap().into_iter().map(|r| r.attempt_key).collect();
        assert!(left.iter().all(|k| !k.contains("ada@example.com") && !k.contains(&id)), "{left:?}");


        assert_eq!(app.me_status(&tokens.access).await, StatusCode::UNAUTHORIZED);
        assert_eq!(app.refresh(&tokens.refresh).await.status(), StatusCode::UNAUTHORIZED);
        let login = app.post_json("/v1/auth/login", json!({"email": "ada@example.com", "password": PASSWORD})).await;
        expect_problem(login, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        // Nothing left that names the person: no email to them, no IP, no details.
        let pending = outbox::Entity::find().all(&app.db).await.unwrap();
        assert!(pending.iter().all(|m| m.recipient != "ada@example.com"));
        let events = audit_events::Entity::find().all(&app.db).await.unwrap();
        let about: Vec<_> = events.iter().filter(|e| e.target_id.map(|t| t.to_string()) == Some(id.clone())).collect();
        assert!(about.iter().any(|e| e.action == "user.deleted"));
        assert!(about.iter().any(|e| e.action == "user.registered"), "the trail keeps actions and times");
        for e in &about {
            assert!(e.ip.is_none() && e.user_agent.is_none(), "{e:?}");
            assert!(!e.details.to_string().contains("ada@example.com"));
        }
        assert_eq!(sessions::Entity::find().all(&app.db).await.unwrap().iter().filter(|s| s.user_id.to_string() == id).count(), 0);
                assert_eq!(one_time_tokens::Entity::find().count(&app.db).await.unwrap(), 0);


        app.register("ada@example.com").await;
        // The last admin cannot erase themselves.
        let last = app.client.delete(app.url("/v1/users/me")).bearer_auth(&root.access).json(&json!({"password": PASSWORD})).send().await.unwrap();
        expect_problem(last, StatusCode::CONFLICT, "last_admin").await;
    }
}

on_both_backends! {
    async fn an_admin_deletion_erases_the_same_way(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        app.post_json("/v1/auth/login", json!({"email": "bob@example.com", "password": "typed before signing up"})).await;
        let bob = app.register_and_login("bob@example.com").await;
        let id = app.get_authed("/v1/users/me", &bob.access).await.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
        assert_eq!(call(&app, Method::DELETE, &format!("/v1/admin/users/{id}"), &root.access, None).await.status(), StatusCode::NO_CONTENT);
        let events = audit_events::Entity::find().all(&app.db).await.unwrap();
        assert!(events.iter().all(|e| !e.details.to_string().contains("bob@example.com")), "even failed logins typed with the address");
        let deleted = events.iter().find(|e| e.action == "user.deleted").unwrap();
        assert_eq!(deleted.ip.as_deref(), Some("127.0.0.1"), "the admin's own origin stays");
    }
}

on_both_backends! {
    async fn housekeeping_removes_what_is_finished_and_past_retention(backend) {
        let app = TestApp::spawn(backend).await;
        let tokens = app.register_and_login("ada@example.com").await;
        app.post_authed("/v1/auth/logout", &tokens.access).await;
        let live = app.login("ada@example.com").await;
        app.post_json("/v1/auth/password/forgot", json!({"email": "ada@example.com"})).await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let before = (
            sessions::Entity::find().count(&app.db).await.unwrap(),
            one_time_tokens::Entity::find().count(&app.db).await.unwrap(),
            outbox::Entity::find().count(&app.db).await.unwrap(),
        );
        assert_eq!(before, (2, 2, 2), "two sessions, two tokens, two emails sent as files");
        // A device grant and a second step left unfinished.
        use palisade::core::clock::Clock as _;
        use palisade::core::ports::{DeviceStore, NewDeviceGrant};
        use palisade::infra::store::entities::{mfa_challenges, oauth_device_grants};
        let now = app.clock.now();
        palisade::infra::store::SqlStore::new(app.db.clone())
            .create_device_grant(NewDeviceGrant {
                device_code_hash: "h".repeat(64), user_code: "BCDFGHJK".to_owned(),
                client_id: "palisade".to_owned(), scope: "openid".to_owned(),
                expires_at: now + chrono::Duration::seconds(600), interval_secs: 5,
            }, now)
            .await.unwrap();
        let setup: Value = app.client.post(app.url("/v1/users/me/mfa/totp")).bearer_auth(&live.access)
            .json(&json!({"password": PASSWORD})).send().await.unwrap().json().await.unwrap();
        let seed = totp_rs::Secret::Encoded(setup["secret"].as_str().unwrap().to_owned()).to_bytes().unwrap();
        let code = totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, 6, 1, 30, seed)
            .generate(u64::try_from(now.timestamp()).unwrap());
        let confirmed = app.client.post(app.url("/v1/users/me/mfa/totp/confirm")).bearer_auth(&live.access)
            .json(&json!({"code": code})).send().await.unwrap();
        assert_eq!(confirmed.status(), StatusCode::OK);
        let step: Value = app.post_json("/v1/auth/login",
            json!({"email": "ada@example.com", "password": PASSWORD})).await.json().await.unwrap();
        assert_eq!(step["mfa_required"], true);
        assert_eq!(oauth_device_grants::Entity::find().count(&app.db).await.unwrap(), 1);
        assert_eq!(mfa_challenges::Entity::find().count(&app.db).await.unwrap(), 1);
        app.advance(Duration::from_secs(9 * 86_400));
        // The hourly housekeeping wakes when the clock moves; a run here
        // makes sure it has run at least once since.
        app.services.housekeeping.run_once().await.unwrap();
        assert_eq!(oauth_device_grants::Entity::find().count(&app.db).await.unwrap(), 0, "expired device grants");
        assert_eq!(mfa_challenges::Entity::find().count(&app.db).await.unwrap(), 0, "unfinished second steps");
        assert_eq!(one_time_tokens::Entity::find().count(&app.db).await.unwrap(), 0, "expired tokens");
        assert_eq!(outbox::Entity::find().count(&app.db).await.unwrap(), 0, "sent emails");
        // The logged-out session went; the live one (30 days) stays.
        assert_eq!(sessions::Entity::find().count(&app.db).await.unwrap(), 1);
        assert_eq!(app.me_status(&live.access).await, StatusCode::UNAUTHORIZED, "9 days on, the access token has long expired");
        assert_eq!(app.refresh(&live.refresh).await.status(), StatusCode::OK, "the session itself lives");
    }
}
