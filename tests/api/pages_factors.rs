//! Second factors on the hosted pages in headless Chromium: an authenticator
//! app set up from /account with JavaScript off (the code computed here by
//! totp-rs from the secret the page shows), and passkeys with Chromium's
//! virtual authenticator answering the real `navigator.credentials` calls:
//! added on /account, then used as a whole sign-in and as the second step.

use std::time::Duration;

use palisade::core::clock::Clock as _;
use palisade::infra::store::entities::audit_events;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use totp_rs::{Algorithm, Secret, TOTP};

use crate::browser::Browser;
use crate::helpers::{Backend, PASSWORD, TestApp, unused_port};

async fn sign_in(b: &Browser, app: &TestApp, email: &str) {
    b.goto(&app.url("/login")).await;
    b.fill("#email", email).await;
    b.fill("#password", PASSWORD).await;
    b.click("main form[action='/login'] button[type=submit]")
        .await;
}

async fn sign_out(b: &Browser) {
    b.click("header form[action='/logout'] button").await;
    b.expect_path("/login?notice=signed-out").await;
}

/// An instance at http://localhost:{port}: WebAuthn needs a domain for its
/// relying party id, and a secure context (localhost is one).
async fn on_localhost(backend: Backend) -> TestApp {
    let port = unused_port();
    let mut app = TestApp::spawn_with(backend, |c| {
        c.bind = format!("127.0.0.1:{port}").parse().unwrap();
        c.public_url = format!("http://localhost:{port}");
    })
    .await;
    app.base = format!("http://localhost:{port}");
    app
}

async fn audited(app: &TestApp, action: &str) -> usize {
    audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq(action))
        .all(&app.db)
        .await
        .unwrap()
        .len()
}

on_both_backends! {
    async fn a_passkey_added_on_the_account_page_signs_in_alone_and_as_the_second_step(backend) {
        let app = on_localhost(backend).await;
        app.register("ada@example.com").await;
        let b = Browser::start(true).await;
        let authenticator = b.add_virtual_authenticator().await;
        sign_in(&b, &app, "ada@example.com").await;
        b.expect_path("/account").await;
        b.fill("#name", "Work laptop").await;
        b.click("#add-passkey").await;
        // The first factor: its recovery codes, shown once.
        b.expect_heading("Your recovery codes").await;
        assert_eq!(b.text("#recovery-codes").await.lines().count(), 10);
        b.click("main a.button").await;
        b.expect_path("/account#security").await;
        assert!(b.text("#passkeys").await.contains("Work laptop"));
        assert!(b.text("#recovery-codes-left").await.starts_with("10 of 10"));
        let held = b.virtual_credentials(&authenticator).await;
        assert_eq!(held.len(), 1);
        assert_eq!(held[0]["isResidentCredential"], true, "{held:?}");
        for width in [1280, 375] {
            b.emulate_width(width).await;
            b.goto(&app.url("/account#security")).await;
            let fits = b
                .execute("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
                .await;
            assert_eq!(fits, serde_json::json!(true), "/account scrolls sideways at {width} px");
            b.screenshot(&format!("account-security-{width}")).await;
        }
        b.emulate_width(1280).await;

        // A whole sign-in: no email typed, the authenticator names the user.
        sign_out(&b).await;
        b.click("#passkey-sign-in").await;
        b.expect_path("/account").await;
        assert_eq!(b.text("#account-email").await, "ada@example.com");

        // The password now asks for the passkey as the second step.
        sign_out(&b).await;
        sign_in(&b, &app, "ada@example.com").await;
        b.expect_heading("Second step").await;
        for width in [1280, 375] {
            b.emulate_width(width).await;
            b.screenshot(&format!("second-step-passkey-{width}")).await;
        }
        b.emulate_width(1280).await;
        b.click("#passkey-second-factor").await;
        b.expect_path("/account").await;
        assert_eq!(audited(&app, "passkey.used").await, 2);
        assert_eq!(audited(&app, "passkey.added").await, 1);

        // Removed on the account page: the password alone signs in again.
        b.click("#passkeys button").await;
        b.expect_path("/account?notice=passkey_removed#security").await;
        assert!(!b.has("#passkeys").await);
        sign_out(&b).await;
        sign_in(&b, &app, "ada@example.com").await;
        b.expect_path("/account").await;
        b.quit().await;
    }
}

on_both_backends! {
    async fn an_authenticator_app_is_set_up_and_used_on_the_pages_with_javascript_off(backend) {
        let app = TestApp::spawn(backend).await;
        app.register("grace@example.com").await;
        let b = Browser::start(false).await;
        sign_in(&b, &app, "grace@example.com").await;
        b.expect_path("/account").await;
        // Adding a passkey needs a script: without one, the form stays hidden.
        assert!(b.text("#security").await.contains("Adding a passkey needs JavaScript"));
        b.fill("#totp_password", PASSWORD).await;
        b.click("form[action='/account/mfa/totp'] button").await;
        b.expect_heading("Set up an authenticator app").await;
        assert!(b.has("figure.qr svg").await, "the QR code is drawn on the server");
        for width in [1280, 375] {
            b.emulate_width(width).await;
            b.screenshot(&format!("totp-setup-{width}")).await;
        }
        b.emulate_width(1280).await;
        let secret = b.text("#totp-secret").await;
        let seed = Secret::Encoded(secret.clone()).to_bytes().unwrap();
        let totp = TOTP::new_unchecked(Algorithm::SHA1, 6, 1, 30, seed);
        let code_at = |app: &TestApp| {
            totp.generate(u64::try_from(app.clock.now().timestamp()).unwrap())
        };
        // A wrong code keeps the page, with the key still shown.
        b.fill("#code", "000000").await;
        b.click("main form button").await;
        b.expect_heading("Set up an authenticator app").await;
        assert_eq!(b.text("#totp-secret").await, secret);
        b.fill("#code", &code_at(&app)).await;
        b.click("main form button").await;
        b.expect_heading("Your recovery codes").await;
        let codes: Vec<String> = b.text("#recovery-codes").await.lines().map(str::to_owned).collect();
        assert_eq!(codes.len(), 10, "{codes:?}");

        sign_out(&b).await;
        app.advance(Duration::from_secs(30));
        sign_in(&b, &app, "grace@example.com").await;
        b.expect_heading("Second step").await;
        assert!(!b.has("form[data-passkey]").await, "no passkey, no passkey form");
        b.fill("#code", &code_at(&app)).await;
        b.click("main form[action='/login/mfa'] button").await;
        b.expect_path("/account").await;
        // A recovery code works once, on the same page.
        sign_out(&b).await;
        sign_in(&b, &app, "grace@example.com").await;
        b.fill("#code", &codes[0]).await;
        b.click("main form[action='/login/mfa'] button").await;
        b.expect_path("/account").await;
        assert!(b.text("#recovery-codes-left").await.starts_with("9 of 10"));
        b.quit().await;
    }
}
