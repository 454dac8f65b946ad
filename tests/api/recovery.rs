//! Password reset, password change and email verification, through a real
//! SMTP server.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, expect_problem};
use crate::smtp::SmtpSink;

const NEW_PASSWORD: &str = "a brand new passphrase 42";

async fn forgot(app: &TestApp, email: &str) -> (StatusCode, Value) {
    let response = app
        .post_json("/v1/auth/password/forgot", json!({"email": email}))
        .await;
    (response.status(), response.json().await.unwrap())
}

async fn reset(app: &TestApp, token: &str, password: &str) -> reqwest::Response {
    app.post_json(
        "/v1/auth/password/reset",
        json!({"token": token, "new_password": password}),
    )
    .await
}

async fn login_status(app: &TestApp, email: &str, password: &str) -> StatusCode {
    app.post_json(
        "/v1/auth/login",
        json!({"email": email, "password": password}),
    )
    .await
    .status()
}

on_both_backends! {
    async fn registration_sends_a_link_that_verifies_the_address_once(backend) {
        let smtp = SmtpSink::start().await;
        let app = TestApp::spawn_with_smtp(backend, &smtp, |_| {}).await;
        let tokens = app.register_and_login("ada@example.com").await;
        let mail = smtp.wait_for("ada@example.com", 1).await.remove(0);
        assert!(mail.subject().contains("Verify"), "{}", mail.subject());
        assert!(mail.text().contains("expires in 1 day"), "{}", mail.text());
        assert!(mail.part("text/html").unwrap().contains("verify-email?token="));
        let token = mail.token_for("verify-email");
        assert!(token.len() >= 43);

        let verify = |token: String| app.post_json("/v1/auth/email/verify", json!({"token": token}));
        assert_eq!(verify(token.clone()).await.status(), StatusCode::NO_CONTENT);
        let me: Value = app.get_authed("/v1/users/me", &tokens.access).await.json().await.unwrap();
        assert_eq!(me["email_verified"], true);
        expect_problem(verify(token.clone()).await, StatusCode::BAD_REQUEST, "invalid_token").await;
        let mut tampered = token.clone();
        tampered.replace_range(0..1, if token.starts_with('A') { "B" } else { "A" });
        expect_problem(verify(tampered).await, StatusCode::BAD_REQUEST, "invalid_token").await;
    }
}

on_both_backends! {
    async fn a_verification_link_expires(backend) {
        let smtp = SmtpSink::start().await;
        let app = TestApp::spawn_with_smtp(backend, &smtp, |_| {}).await;
        app.register("ada@example.com").await;
        let token = smtp.wait_for("ada@example.com", 1).await[0].token_for("verify-email");
        app.advance(Duration::from_secs(24 * 3600 + 1));
        let response = app.post_json("/v1/auth/email/verify", json!({"token": token})).await;
        expect_problem(response, StatusCode::BAD_REQUEST, "invalid_token").await;
    }
}

on_both_backends! {
    async fn verification_can_be_required_before_login(backend) {
        let smtp = SmtpSink::start().await;
        let app = TestApp::spawn_with_smtp(backend, &smtp, |c| c.require_verified_email = true).await;
        app.register("ada@example.com").await;
        let response = app.post_json("/v1/auth/login", json!({"email": "ada@example.com", "password": PASSWORD})).await;
        expect_problem(response, StatusCode::FORBIDDEN, "email_not_verified").await;
        let token = smtp.wait_for("ada@example.com", 1).await[0].token_for("verify-email");
        app.post_json("/v1/auth/email/verify", json!({"token": token})).await;
        assert_eq!(login_status(&app, "ada@example.com", PASSWORD).await, StatusCode::OK);
    }
}

on_both_backends! {
    async fn resending_the_verification_email_is_limited_per_user(backend) {
        let smtp = SmtpSink::start().await;
        let app = TestApp::spawn_with_smtp(backend, &smtp, |_| {}).await;
        let tokens = app.register_and_login("ada@example.com").await;
        smtp.wait_for("ada@example.com", 1).await;
        let too_soon = app.post_authed("/v1/auth/email/resend", &tokens.access).await;
        assert!(too_soon.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap() > 0);
        expect_problem(too_soon, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;

        app.advance(Duration::from_secs(61));
        assert_eq!(app.post_authed("/v1/auth/email/resend", &tokens.access).await.status(), StatusCode::ACCEPTED);
        let mails = smtp.wait_for("ada@example.com", 2).await;
        // Both links work until one is used.
        let newest = mails[1].token_for("verify-email");
        assert_eq!(app.post_json("/v1/auth/email/verify", json!({"token": newest})).await.status(), StatusCode::NO_CONTENT);

        app.advance(Duration::from_secs(61));
        assert_eq!(app.post_authed("/v1/auth/email/resend", &tokens.access).await.status(), StatusCode::ACCEPTED);
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(smtp.mails_to("ada@example.com").len(), 2, "no email for a verified address");
    }
}

on_both_backends! {
    async fn a_forgotten_password_is_reset_through_the_emailed_link(backend) {
        let smtp = SmtpSink::start().await;
        let app = TestApp::spawn_with_smtp(backend, &smtp, |_| {}).await;
        let before = app.register_and_login("ada@example.com").await;
        smtp.wait_for("ada@example.com", 1).await;

        let (status, body) = forgot(&app, "ADA@example.com").await;
        assert_eq!(status, StatusCode::ACCEPTED);
        let mail = smtp.wait_for("ada@example.com", 2).await.remove(1);
        assert!(mail.subject().contains("Reset"), "{}", mail.subject());
        assert!(mail.text().contains("30 minutes"), "{}", mail.text());
        let token = mail.token_for("reset-password");

        let weak = reset(&app, &token, "password1").await;
        expect_problem(weak, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(reset(&app, &token, NEW_PASSWORD).await.status(), StatusCode::NO_CONTENT);
        assert_eq!(login_status(&app, "ada@example.com", NEW_PASSWORD).await, StatusCode::OK);
        assert_eq!(login_status(&app, "ada@example.com", PASSWORD).await, StatusCode::UNAUTHORIZED);
        // Every session from before the reset is over.
        assert_eq!(app.me_status(&before.access).await, StatusCode::UNAUTHORIZED);
        assert_eq!(app.refresh(&before.refresh).await.status(), StatusCode::UNAUTHORIZED);
        // The token worked once.
        expect_problem(reset(&app, &token, "yet another passphrase 7").await, StatusCode::BAD_REQUEST, "invalid_token").await;
        // The reset was announced like any password change.
        let notice = smtp.wait_for("ada@example.com", 3).await.remove(2);
        assert!(notice.subject().contains("was changed"), "{}", notice.subject());

        let (unknown_status, unknown_body) = forgot(&app, "nobody@example.com").await;
        assert_eq!((unknown_status, unknown_body), (status, body), "the same answer for unknown addresses");
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert!(smtp.mails_to("nobody@example.com").is_empty());
    }
}

on_both_backends! {
    async fn reset_tokens_expire_and_a_new_request_does_not_extend_old_ones(backend) {
        let smtp = SmtpSink::start().await;
        let app = TestApp::spawn_with_smtp(backend, &smtp, |_| {}).await;
        app.register("ada@example.com").await;
        smtp.wait_for("ada@example.com", 1).await;
        forgot(&app, "ada@example.com").await;
        let first = smtp.wait_for("ada@example.com", 2).await[1].token_for("reset-password");
        app.advance(Duration::from_secs(20 * 60));
        forgot(&app, "ada@example.com").await;
        let second = smtp.wait_for("ada@example.com", 3).await[2].token_for("reset-password");
        app.advance(Duration::from_secs(10 * 60 + 1));
        expect_problem(reset(&app, &first, NEW_PASSWORD).await, StatusCode::BAD_REQUEST, "invalid_token").await;
        assert_eq!(reset(&app, &second, NEW_PASSWORD).await.status(), StatusCode::NO_CONTENT);
    }
}

on_both_backends! {
    async fn any_password_change_voids_outstanding_reset_tokens(backend) {
        let smtp = SmtpSink::start().await;
        let app = TestApp::spawn_with_smtp(backend, &smtp, |_| {}).await;
        let tokens = app.register_and_login("ada@example.com").await;
        forgot(&app, "ada@example.com").await;
        smtp.wait_for("ada@example.com", 2).await;
        // A second request within a minute is dropped (the same 202)…
        forgot(&app, "ada@example.com").await;
        tokio::time::sleep(Duration::from_millis(1000)).await;
        assert_eq!(smtp.mails_to("ada@example.com").len(), 2, "one reset email a minute per address");
        // …one after it gets its own token; both stay valid until a change.
        app.advance(Duration::from_secs(61));
        forgot(&app, "ada@example.com").await;
        let mails = smtp.wait_for("ada@example.com", 3).await;
        let resets: Vec<String> = mails.iter().filter(|m| m.subject().contains("Reset")).map(|m| m.token_for("reset-password")).collect();
        assert_eq!(resets.len(), 2);

        let change = app
            .client
            .post(app.url("/v1/auth/password/change"))
            .bearer_auth(&tokens.access)
            .json(&json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(change.status(), StatusCode::NO_CONTENT);
        for token in resets {
            expect_problem(reset(&app, &token, "yet another passphrase 7").await, StatusCode::BAD_REQUEST, "invalid_token").await;
        }
    }
}

on_both_backends! {
    async fn changing_the_password_needs_the_current_one_and_ends_the_other_sessions(backend) {
        let smtp = SmtpSink::start().await;
        let app = TestApp::spawn_with_smtp(backend, &smtp, |_| {}).await;
        let here = app.register_and_login("ada@example.com").await;
        let elsewhere = app.login("ada@example.com").await;
        let change = |current: &str, new: &str| {
            app.client
                .post(app.url("/v1/auth/password/change"))
                .bearer_auth(&here.access)
                .json(&json!({"current_password": current, "new_password": new}))
                .send()
        };
        expect_problem(change("not my password", NEW_PASSWORD).await.unwrap(), StatusCode::FORBIDDEN, "reauth_failed").await;
        let weak = change(PASSWORD, "12345678").await.unwrap();
        let body = expect_problem(weak, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(body["errors"][0]["field"], "new_password");
        let anonymous = app.client.post(app.url("/v1/auth/password/change")).json(&json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD})).send().await.unwrap();
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

        assert_eq!(change(PASSWORD, NEW_PASSWORD).await.unwrap().status(), StatusCode::NO_CONTENT);
        assert_eq!(app.me_status(&here.access).await, StatusCode::OK, "the current session stays");
        assert_eq!(app.refresh(&here.refresh).await.status(), StatusCode::OK);
        assert_eq!(app.me_status(&elsewhere.access).await, StatusCode::UNAUTHORIZED);
        assert_eq!(app.refresh(&elsewhere.refresh).await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(login_status(&app, "ada@example.com", NEW_PASSWORD).await, StatusCode::OK);

        let notice = smtp.wait_for("ada@example.com", 2).await.into_iter().find(|m| m.subject().contains("changed")).expect("a notice");
        let text = notice.text();
        assert!(text.contains("was changed") && text.contains("http://127.0.0.1:8080/forgot-password"), "{text}");
    }
}

on_both_backends! {
    async fn reset_links_use_the_public_url_never_the_host_header(backend) {
        let smtp = SmtpSink::start().await;
        let app = TestApp::spawn_with_smtp(backend, &smtp, |_| {}).await;
        app.register("ada@example.com").await;
        let response = app
            .client
            .post(app.url("/v1/auth/password/forgot"))
            .header("host", "evil.example")
            .header("x-forwarded-host", "evil.example")
            .json(&json!({"email": "ada@example.com"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::ACCEPTED);
        let mails = smtp.wait_for("ada@example.com", 2).await;
        for mail in mails {
            assert!(!mail.data.contains("evil.example"));
        }
    }
}

#[tokio::test]
async fn malformed_recovery_requests_are_refused_clearly() {
    let app = TestApp::spawn(crate::helpers::Backend::Sqlite).await;
    let bad_email = app
        .post_json("/v1/auth/password/forgot", json!({"email": "nope"}))
        .await;
    expect_problem(
        bad_email,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let missing = app.post_json("/v1/auth/password/reset", json!({})).await;
    let body = expect_problem(
        missing,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"].as_array().unwrap().len(), 2);
    let unknown = app
        .post_json(
            "/v1/auth/password/reset",
            json!({"token": "x".repeat(43), "new_password": NEW_PASSWORD}),
        )
        .await;
    expect_problem(unknown, StatusCode::BAD_REQUEST, "invalid_token").await;
    let huge = app
        .post_json(
            "/v1/auth/email/verify",
            json!({"token": "x".repeat(10_000)}),
        )
        .await;
    expect_problem(huge, StatusCode::BAD_REQUEST, "invalid_token").await;
}

on_both_backends! {
    async fn a_tampered_reset_token_is_refused_and_the_real_one_still_works(backend) {
        let smtp = SmtpSink::start().await;
        let app = TestApp::spawn_with_smtp(backend, &smtp, |c| c.password_hash = palisade::infra::crypto::passwords::HashAlgorithm::Bcrypt).await;
        app.register("ada@example.com").await;
        forgot(&app, "ada@example.com").await;
        let token = smtp.wait_for("ada@example.com", 2).await[1].token_for("reset-password");
        let mut tampered = token.clone();
        let last = if token.ends_with('A') { "B" } else { "A" };
        tampered.replace_range(token.len() - 1.., last);
        expect_problem(reset(&app, &tampered, NEW_PASSWORD).await, StatusCode::BAD_REQUEST, "invalid_token").await;
        assert_eq!(reset(&app, &token, NEW_PASSWORD).await.status(), StatusCode::NO_CONTENT);
        // The new hash is made with the configured algorithm.
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let user = palisade::infra::store::entities::users::Entity::find()
            .filter(palisade::infra::store::entities::users::Column::Email.eq("ada@example.com"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert!(user.password_hash.starts_with("$bcrypt-sha256$"), "configured algorithm");
    }
}
