//! Refresh rotation, reuse detection, the grace window, expiry, logout and
//! session management.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

use crate::auth::futures_join;
use crate::helpers::{TestApp, Tokens, expect_problem};

on_both_backends! {
    async fn a_refresh_token_is_exchanged_for_a_new_pair(backend) {
        let app = TestApp::spawn(backend).await;
        let first = app.register_and_login("ada@example.com").await;
        let response = app.refresh(&first.refresh).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["cache-control"], "no-store");
        let second = Tokens::from(response.json::<Value>().await.unwrap());
        assert_ne!(second.refresh, first.refresh);
        assert_ne!(second.access, first.access);
        assert_eq!(app.me_status(&second.access).await, StatusCode::OK);
        // The new refresh token works in turn.
        assert_eq!(app.refresh(&second.refresh).await.status(), StatusCode::OK);
    }
}

on_both_backends! {
    async fn a_reused_refresh_token_ends_the_session(backend) {
        let app = TestApp::spawn(backend).await;
        let first = app.register_and_login("ada@example.com").await;
        let second = Tokens::from(app.refresh(&first.refresh).await.json::<Value>().await.unwrap());
        app.advance(Duration::from_secs(11));

        let reuse = app.refresh(&first.refresh).await;
        expect_problem(reuse, StatusCode::UNAUTHORIZED, "unauthorized").await;
        // The whole session is gone: the token from the rotation, and access tokens.
        assert_eq!(app.refresh(&second.refresh).await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(app.me_status(&second.access).await, StatusCode::UNAUTHORIZED);
        assert_eq!(app.me_status(&first.access).await, StatusCode::UNAUTHORIZED);
        // Other sessions of the user are not touched.
        let other = app.login("ada@example.com").await;
        assert_eq!(app.me_status(&other.access).await, StatusCode::OK);
    }
}

on_both_backends! {
    async fn a_repeat_inside_the_grace_window_succeeds_and_keeps_the_session(backend) {
        let app = TestApp::spawn(backend).await;
        let first = app.register_and_login("ada@example.com").await;
        let a = Tokens::from(app.refresh(&first.refresh).await.json::<Value>().await.unwrap());
        app.advance(Duration::from_secs(9));
        let repeat = app.refresh(&first.refresh).await;
        assert_eq!(repeat.status(), StatusCode::OK);
        let b = Tokens::from(repeat.json::<Value>().await.unwrap());
        for tokens in [&a, &b] {
            assert_eq!(app.me_status(&tokens.access).await, StatusCode::OK);
        }
        assert_eq!(app.refresh(&b.refresh).await.status(), StatusCode::OK);
    }
}

on_both_backends! {
    async fn concurrent_refreshes_inside_the_grace_window_all_succeed(backend) {
        let app = TestApp::spawn(backend).await;
        let first = app.register_and_login("ada@example.com").await;
        let base = app.url("/v1/auth/refresh");
        let attempts = (0..5).map(|_| {
            let (client, base, token) = (app.client.clone(), base.clone(), first.refresh.clone());
            async move {
                client.post(base).json(&serde_json::json!({"refresh_token": token})).send().await.unwrap()
            }
        });
        let responses = futures_join(attempts).await;
        let mut pairs = Vec::new();
        for response in responses {
            assert_eq!(response.status(), StatusCode::OK);
            pairs.push(Tokens::from(response.json::<Value>().await.unwrap()));
        }
        for pair in &pairs {
            assert_eq!(app.me_status(&pair.access).await, StatusCode::OK);
        }
    }
}

on_both_backends! {
    async fn concurrent_refreshes_without_grace_let_one_win_and_end_the_session(backend) {
        let app = TestApp::spawn_with(backend, |c| c.refresh_reuse_grace = Duration::ZERO).await;
        let first = app.register_and_login("ada@example.com").await;
        let base = app.url("/v1/auth/refresh");
        let attempts = (0..4).map(|_| {
            let (client, base, token) = (app.client.clone(), base.clone(), first.refresh.clone());
            async move {
                client.post(base).json(&serde_json::json!({"refresh_token": token})).send().await.unwrap()
            }
        });
        let responses = futures_join(attempts).await;
        let ok: Vec<_> = responses.into_iter().filter(|r| r.status() == StatusCode::OK).collect();
        assert_eq!(ok.len(), 1, "exactly one concurrent refresh wins");
        // The losers were reuse: the session, and so the winner's tokens, ended.
        let winner = Tokens::from(ok.into_iter().next().unwrap().json::<Value>().await.unwrap());
        assert_eq!(app.me_status(&winner.access).await, StatusCode::UNAUTHORIZED);
        assert_eq!(app.refresh(&winner.refresh).await.status(), StatusCode::UNAUTHORIZED);
    }
}

on_both_backends! {
    async fn without_grace_an_immediate_repeat_is_reuse(backend) {
        let app = TestApp::spawn_with(backend, |c| c.refresh_reuse_grace = Duration::ZERO).await;
        let first = app.register_and_login("ada@example.com").await;
        assert_eq!(app.refresh(&first.refresh).await.status(), StatusCode::OK);
        assert_eq!(app.refresh(&first.refresh).await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(app.me_status(&first.access).await, StatusCode::UNAUTHORIZED);
    }
}

on_both_backends! {
    async fn refresh_tokens_die_with_the_session_absolute_expiry(backend) {
        let app = TestApp::spawn_with(backend, |c| c.refresh_token_ttl = Duration::from_secs(3600)).await;
        let first = app.register_and_login("ada@example.com").await;
        app.advance(Duration::from_secs(3000));
        let second = Tokens::from(app.refresh(&first.refresh).await.json::<Value>().await.unwrap());
        // Rotation does not extend the session.
        app.advance(Duration::from_secs(601));
        assert_eq!(app.refresh(&second.refresh).await.status(), StatusCode::UNAUTHORIZED);
    }
}

on_both_backends! {
    async fn logout_revokes_the_access_and_refresh_tokens_at_once(backend) {
        let app = TestApp::spawn(backend).await;
        let tokens = app.register_and_login("ada@example.com").await;
        assert_eq!(app.me_status(&tokens.access).await, StatusCode::OK);
        let response = app.post_authed("/v1/auth/logout", &tokens.access).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_eq!(app.me_status(&tokens.access).await, StatusCode::UNAUTHORIZED);
        assert_eq!(app.refresh(&tokens.refresh).await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(app.post_authed("/v1/auth/logout", &tokens.access).await.status(), StatusCode::UNAUTHORIZED);
    }
}

on_both_backends! {
    async fn logout_reaches_another_instance_within_five_seconds(backend) {
        let a = TestApp::spawn(backend).await;
        let b = a.another_instance(|_| {}).await;
        let tokens = a.register_and_login("ada@example.com").await;
        assert_eq!(b.me_status(&tokens.access).await, StatusCode::OK);
        assert_eq!(a.post_authed("/v1/auth/logout", &tokens.access).await.status(), StatusCode::NO_CONTENT);
        // Without PostgreSQL's notices, b's cache of live sessions expires on b's clock.
        a.advance(Duration::from_secs(5));
        assert_eq!(b.me_status(&tokens.access).await, StatusCode::UNAUTHORIZED);
    }
}

on_both_backends! {
    async fn logout_all_ends_every_session_of_the_user(backend) {
        let app = TestApp::spawn(backend).await;
        let phone = app.register_and_login("ada@example.com").await;
        let laptop = app.login("ada@example.com").await;
        let bob = app.register_and_login("bob@example.com").await;
        assert_eq!(app.post_authed("/v1/auth/logout-all", &laptop.access).await.status(), StatusCode::NO_CONTENT);
        for tokens in [&phone, &laptop] {
            assert_eq!(app.me_status(&tokens.access).await, StatusCode::UNAUTHORIZED);
            assert_eq!(app.refresh(&tokens.refresh).await.status(), StatusCode::UNAUTHORIZED);
        }
        assert_eq!(app.me_status(&bob.access).await, StatusCode::OK);
    }
}

on_both_backends! {
    async fn sessions_are_listed_and_one_can_be_ended(backend) {
        let app = TestApp::spawn(backend).await;
        let phone = app.register_and_login("ada@example.com").await;
        let laptop = app
            .client
            .post(app.url("/v1/auth/login"))
            .header("user-agent", "LaptopBrowser/1.0")
            .json(&serde_json::json!({"email": "ada@example.com", "password": crate::helpers::PASSWORD}))
            .send()
            .await
            .unwrap();
        let laptop = Tokens::from(laptop.json::<Value>().await.unwrap());
        let ended = app.login("ada@example.com").await;
        app.post_authed("/v1/auth/logout", &ended.access).await;

        let listed: Vec<Value> = app.get_authed("/v1/users/me/sessions", &phone.access).await.json().await.unwrap();
        assert_eq!(listed.len(), 2, "live sessions only: {listed:?}");
        assert_eq!(listed.iter().filter(|s| s["current"] == true).count(), 1);
        let laptop_session = listed.iter().find(|s| s["user_agent"] == "LaptopBrowser/1.0").unwrap();
        assert_eq!(laptop_session["current"], false);
        assert_eq!(laptop_session["ip"], "127.0.0.1");
        for field in ["id", "created_at", "last_used_at", "expires_at"] {
            assert!(laptop_session[field].is_string(), "{field}");
        }

        let id = laptop_session["id"].as_str().unwrap();
        let path = format!("/v1/users/me/sessions/{id}");
        let response = app.client.delete(app.url(&path)).bearer_auth(&phone.access).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_eq!(app.me_status(&laptop.access).await, StatusCode::UNAUTHORIZED);
        assert_eq!(app.refresh(&laptop.refresh).await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(app.me_status(&phone.access).await, StatusCode::OK);

        let again = app.client.delete(app.url(&path)).bearer_auth(&phone.access).send().await.unwrap();
        expect_problem(again, StatusCode::NOT_FOUND, "not_found").await;
    }
}

on_both_backends! {
    async fn nobody_can_end_another_users_session(backend) {
        let app = TestApp::spawn(backend).await;
        let ada = app.register_and_login("ada@example.com").await;
        let bob = app.register_and_login("bob@example.com").await;
        let ada_sessions: Vec<Value> = app.get_authed("/v1/users/me/sessions", &ada.access).await.json().await.unwrap();
        let path = format!("/v1/users/me/sessions/{}", ada_sessions[0]["id"].as_str().unwrap());
        let response = app.client.delete(app.url(&path)).bearer_auth(&bob.access).send().await.unwrap();
        expect_problem(response, StatusCode::NOT_FOUND, "not_found").await;
        assert_eq!(app.me_status(&ada.access).await, StatusCode::OK);
        let garbage = app.client.delete(app.url("/v1/users/me/sessions/not-a-uuid")).bearer_auth(&bob.access).send().await.unwrap();
        expect_problem(garbage, StatusCode::NOT_FOUND, "not_found").await;
    }
}

/// How many refresh tokens of the access token's session could still be
/// used: the session's live chains.
async fn live_refresh_tokens(app: &TestApp, access: &str) -> usize {
    use palisade::infra::store::entities::refresh_tokens;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let claims: Value = serde_json::from_slice(
        &base64::Engine::decode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            access.split('.').nth(1).unwrap(),
        )
        .unwrap(),
    )
    .unwrap();
    let sid: uuid::Uuid = claims["sid"].as_str().unwrap().parse().unwrap();
    refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::SessionId.eq(sid))
        .filter(refresh_tokens::Column::UsedAt.is_null())
        .all(&app.db)
        .await
        .unwrap()
        .len()
}

on_both_backends! {
    async fn twenty_concurrent_refreshes_of_one_token_leave_one_live_chain(backend) {
        let app = TestApp::spawn(backend).await;
        let first = app.register_and_login("ada@example.com").await;
        let base = app.url("/v1/auth/refresh");
        let attempts = (0..20).map(|_| {
            let (client, base, token) = (app.client.clone(), base.clone(), first.refresh.clone());
            async move {
                client.post(base).json(&serde_json::json!({"refresh_token": token})).send().await.unwrap()
            }
        });
        let mut pairs = Vec::new();
        for response in futures_join(attempts).await {
            assert_eq!(response.status(), StatusCode::OK);
            pairs.push(Tokens::from(response.json::<Value>().await.unwrap()));
        }
        // Every repeat got the same successor: one chain, not twenty.
        let distinct: std::collections::BTreeSet<&str> = pairs.iter().map(|p| p.refresh.as_str()).collect();
        assert_eq!(distinct.len(), 1, "one live refresh token");
        assert_eq!(live_refresh_tokens(&app, &first.access).await, 1);
        // After the window, that chain goes on and the first token is reuse.
        app.advance(Duration::from_secs(11));
        let next = Tokens::from(app.refresh(&pairs[0].refresh).await.json::<Value>().await.unwrap());
        assert_eq!(live_refresh_tokens(&app, &first.access).await, 1);
        assert_eq!(app.me_status(&next.access).await, StatusCode::OK);
        app.advance(Duration::from_secs(11));
        assert_eq!(app.refresh(&first.refresh).await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(app.refresh(&next.refresh).await.status(), StatusCode::UNAUTHORIZED, "reuse ended the one chain");
    }
}

on_both_backends! {
    async fn a_repeat_inside_the_grace_window_gets_the_live_descendant(backend) {
        let app = TestApp::spawn(backend).await;
        let first = app.register_and_login("ada@example.com").await;
        let second = Tokens::from(app.refresh(&first.refresh).await.json::<Value>().await.unwrap());
        let third = Tokens::from(app.refresh(&second.refresh).await.json::<Value>().await.unwrap());
        app.advance(Duration::from_secs(5));
        let repeat = Tokens::from(app.refresh(&first.refresh).await.json::<Value>().await.unwrap());
        assert_eq!(repeat.refresh, third.refresh);
        assert_eq!(live_refresh_tokens(&app, &first.access).await, 1);
    }
}

on_both_backends! {
    async fn a_password_change_leaves_the_kept_session_its_live_token_only(backend) {
        let app = TestApp::spawn(backend).await;
        let first = app.register_and_login("ada@example.com").await;
        let second = Tokens::from(app.refresh(&first.refresh).await.json::<Value>().await.unwrap());
        // A thief repeating the used token inside the window would get the
        // live one; after the owner changes the password, no more.
        let changed = app
            .client
            .post(app.url("/v1/auth/password/change"))
            .bearer_auth(&second.access)
            .json(&serde_json::json!({"current_password": crate::helpers::PASSWORD, "new_password": "a brand new passphrase 42"}))
            .send()
            .await
            .unwrap();
        assert_eq!(changed.status(), StatusCode::NO_CONTENT);
        assert_eq!(app.refresh(&first.refresh).await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(live_refresh_tokens(&app, &second.access).await, 1);
        // The owner's chain goes on.
        let third = app.refresh(&second.refresh).await;
        assert_eq!(third.status(), StatusCode::OK);
        let third = Tokens::from(third.json::<Value>().await.unwrap());
        assert_eq!(app.me_status(&third.access).await, StatusCode::OK);
    }
}
