//! Signing in through another provider in headless Chromium: the button on
//! /login, cancelling at oidc-provider's own sign-in page and trying again,
//! and back on /account with the connected sign-in listed; the page with
//! its buttons at phone width.

use crate::browser::Browser;
use crate::federated::{Federated, federated};
use crate::helpers::find_user_by_email;

on_both_backends! {
    async fn the_sign_in_button_takes_a_browser_through_the_provider_and_back_signed_in(backend) {
        let Federated { app, upstream: _upstream } = federated(backend, |_| {}).await;
        let b = Browser::start(false).await;
        b.goto(&app.url("/login")).await;
        for width in [1280, 375] {
            b.emulate_width(width).await;
            let fits = b
                .execute("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
                .await;
            assert_eq!(fits, serde_json::json!(true), "/login scrolls sideways at {width} px");
            b.screenshot(&format!("login-providers-{width}")).await;
        }
        b.emulate_width(1280).await;
        // Cancelled at the provider: a page that says so, and a way back.
        b.click("a.provider").await;
        b.wait_for("#cancel").await;
        b.click("#cancel").await;
        b.expect_heading("Sign-in cancelled").await;
        b.click("main a.button").await;
        // The provider's own page, on its own origin.
        b.wait_for("#login").await;
        b.fill("#login", "alice").await;
        b.click("#submit").await;
        b.expect_path("/account").await;
        assert_eq!(b.text("#account-email").await, "alice@example.com");
        assert!(b.text("#connected").await.contains("alice@example.com"));
        assert!(b.has("#no-password").await);
        let user = find_user_by_email(&app.db, "alice@example.com").await.unwrap();
        assert!(user.is_some());
        b.quit().await;
    }
}
