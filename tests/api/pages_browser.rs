//! The hosted pages in headless Chromium: a newcomer's whole journey (with
//! JavaScript on and off), an admin ending a user's page session, a forged
//! cross-origin form, keyboard order, and screenshots of every page at
//! desktop and phone widths (saved as test artifacts).

use crate::admin::admin;
use crate::browser::Browser;
use crate::helpers::{Backend, PASSWORD, TestApp};
use crate::smtp::SmtpSink;

const NEW_PASSWORD: &str = "purple elephant sings opera";
const NEWER_PASSWORD: &str = "seven quiet lanterns drift";

async fn sign_in(b: &Browser, app: &TestApp, email: &str, password: &str) {
    b.goto(&app.url("/login")).await;
    b.fill("#email", email).await;
    b.fill("#password", password).await;
    b.click("main button[type=submit]").await;
}

/// Register → verify by the emailed link → sign in → change the password →
/// sign out → forgot → reset by the emailed link → sign in with it.
async fn newcomer_journey(backend: Backend, javascript: bool) {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with_smtp(backend, &smtp, |_| {}).await;
    let b = Browser::start(javascript).await;
    let email = "grace@example.com";
    // The setting took: Chromium shows <noscript> content only without scripts.
    b.goto("data:text/html,<noscript><p id=off>scripts off</p></noscript>")
        .await;
    assert_eq!(b.has("#off").await, !javascript);

    b.goto(&app.url("/register")).await;
    assert_eq!(b.title().await, "Create your account · Palisade");
    b.fill("#email", email).await;
    b.fill("#display_name", "Grace").await;
    b.fill("#password", PASSWORD).await;
    b.click("main button[type=submit]").await;
    b.expect_heading("Check your email").await;

    let token = smtp.wait_for(email, 1).await[0].token_for("verify-email");
    b.goto(&app.url(&format!("/verify-email?token={token}")))
        .await;
    b.expect_heading("Confirm your email address").await;
    b.click("main button[type=submit]").await;
    b.expect_heading("Email confirmed").await;

    sign_in(&b, &app, email, PASSWORD).await;
    b.expect_path("/account").await;
    assert_eq!(b.text("#account-email").await, email);
    assert!(b.source().await.contains("verified"));

    b.fill("#current_password", PASSWORD).await;
    b.fill("#new_password", NEW_PASSWORD).await;
    b.click("form[action='/account/password'] button").await;
    b.expect_path("/account?notice=password").await;
    assert!(
        b.text(".notice")
            .await
            .contains("Your password was changed")
    );

    b.click("form[action='/logout'] button").await;
    b.expect_path("/login?notice=signed-out").await;

    b.goto(&app.url("/forgot-password")).await;
    b.fill("#email", email).await;
    b.click("main button[type=submit]").await;
    b.expect_heading("Check your email").await;
    let mails = smtp.wait_for(email, 3).await;
    let reset = mails
        .iter()
        .find(|m| m.text().contains("/reset-password?token="))
        .expect("a reset email");
    let token = reset.token_for("reset-password");
    b.goto(&app.url(&format!("/reset-password?token={token}")))
        .await;
    b.expect_heading("Choose a new password").await;
    b.fill("#new_password", NEWER_PASSWORD).await;
    b.click("main button[type=submit]").await;
    b.expect_path("/login?notice=password-reset").await;

    sign_in(&b, &app, email, NEW_PASSWORD).await;
    b.expect_path("/login").await; // the old password no longer works
    // The form's summary, not the hidden passkey alert every login page
    // holds: that one matches before the answer to the post arrives.
    assert!(
        b.wait_for(".alert[role=alert]")
            .await
            .contains("Email or password is wrong.")
    );
    assert_eq!(
        b.attribute("#email", "value").await.as_deref(),
        Some(email),
        "the typed email is kept"
    );
    sign_in(&b, &app, email, NEWER_PASSWORD).await;
    b.expect_path("/account").await;
    b.quit().await;
}

on_both_backends! {
    async fn a_newcomer_signs_up_verifies_changes_and_resets_the_password_in_chromium(backend) {
        newcomer_journey(backend, true).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_journey_passes_with_javascript_turned_off() {
    newcomer_journey(Backend::Sqlite, false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_disabling_a_user_ends_the_users_open_page_session_at_the_next_click() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    admin(&app, "root@example.com").await;
    app.register("ada@example.com").await;
    let user = Browser::start(true).await;
    sign_in(&user, &app, "ada@example.com", PASSWORD).await;
    user.expect_path("/account").await;

    let root = Browser::start(true).await;
    sign_in(&root, &app, "root@example.com", PASSWORD).await;
    root.click("header a[href='/admin']").await;
    root.expect_path("/admin/users").await;
    root.fill("#q", "ada").await;
    root.click("form[role=search] button").await;
    root.expect_path("/admin/users?q=ada&role=").await;
    root.click("td a").await;
    root.expect_heading("ada@example.com").await;
    root.click("button[value=disable]").await;
    assert!(root.wait_for(".notice").await.contains("updated"));

    // Ada's page is still open; her next click finds her signed out.
    user.click("header a[href='/account']").await;
    user.expect_path("/login").await;
    root.quit().await;
    user.quit().await;
}

/// A page on another port of the same host (same site, so the browser sends
/// SameSite=Lax cookies along) that posts a form to Palisade.
async fn forging_site(target: &str, token: Option<&str>) -> String {
    let hidden = token.map_or(String::new(), |t| {
        format!("<input type=hidden name=csrf_token value=\"{t}\">")
    });
    let html = format!(
        "<!doctype html><title>Win a prize</title><form method=post action=\"{target}\">{hidden}<button id=go>Claim</button></form>"
    );
    let router = axum::Router::new().route(
        "/",
        axum::routing::get(move || async move { axum::response::Html(html) }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}/")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_posted_from_another_site_with_no_token_or_another_sessions_token_is_refused() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.register("ada@example.com").await;
    app.register("mallory@example.com").await;
    let target = app.url("/account/sessions/end-all");
    // Mallory's own token, taken from her own session.
    let mallory = crate::pages::Visitor::new(&app);
    mallory.sign_in("mallory@example.com", PASSWORD).await;
    let mallorys = mallory.get("/account").await.csrf();

    let b = Browser::start(false).await;
    sign_in(&b, &app, "ada@example.com", PASSWORD).await;
    // Signed in before leaving: a sign-in still under way would pull the
    // browser back from the forging site.
    b.expect_path("/account").await;
    for token in [None, Some(mallorys.as_str())] {
        b.goto(&forging_site(&target, token).await).await;
        b.click("#go").await;
        b.expect_heading("Form expired").await;
        b.goto(&app.url("/account")).await;
        b.expect_path("/account").await; // Ada is still signed in
    }
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_users_reach_the_login_fields_in_order() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let b = Browser::start(true).await;
    b.goto(&app.url("/login")).await;
    let mut order = Vec::new();
    for _ in 0..7 {
        order.push(b.tab(1).await);
    }
    // The skip link, the header, then the form top to bottom.
    assert_eq!(
        order,
        [
            "Skip to content",
            "Palisade",
            "Sign in",
            "Create account",
            "email",
            "password",
            "Sign in"
        ],
    );
    b.quit().await;
}

/// Every page in every language at 1280 and 375 px, saved under the test
/// artifacts; none may need sideways scrolling at 375 or 320 px (German's
/// long words), each speaks the language chosen in its menu (no JavaScript
/// needed: a link), and Arabic is mirrored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_in_every_language_is_captured_at_desktop_and_phone_widths_and_fits_320_px() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with_smtp(Backend::Sqlite, &smtp, |_| {}).await;
    admin(&app, "root@example.com").await;
    app.register("ada@example.com").await;
    let verify = smtp.wait_for("ada@example.com", 1).await[0].token_for("verify-email");
    app.post_json(
        "/v1/auth/password/forgot",
        serde_json::json!({"email": "ada@example.com"}),
    )
    .await;
    let reset = smtp.wait_for("ada@example.com", 2).await[1].token_for("reset-password");
    let ada = crate::helpers::find_user_by_email(&app.db, "ada@example.com")
        .await
        .unwrap()
        .unwrap()
        .id;

    // A provider, so that its card is on the page (never reached).
    app.services
        .federation
        .create_provider_by_operator(palisade::core::federation::ProviderFields {
            slug: Some("gitlab".into()),
            kind: Some("oidc".into()),
            display_name: Some("GitLab".into()),
            issuer: Some("https://gitlab.example.com".into()),
            client_id: Some("palisade-at-gitlab-0123456789".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let b = Browser::start(true).await;
    let anonymous = [
        ("login", "/login".to_owned()),
        ("register", "/register".to_owned()),
        ("forgot-password", "/forgot-password".to_owned()),
        ("reset-password", format!("/reset-password?token={reset}")),
        ("verify-email", format!("/verify-email?token={verify}")),
    ];
    let signed_in = [
        ("account", "/account".to_owned()),
        ("admin-users", "/admin/users".to_owned()),
        ("admin-user", format!("/admin/users/{ada}")),
        ("admin-roles", "/admin/roles".to_owned()),
        ("admin-audit", "/admin/audit".to_owned()),
        ("admin-providers", "/admin/providers".to_owned()),
        ("admin-tenants", "/admin/tenants".to_owned()),
    ];
    let mut shots = 0;
    let mut english_headings = std::collections::HashMap::new();
    for (pages, sign_in_first) in [(&anonymous[..], false), (&signed_in[..], true)] {
        if sign_in_first {
            b.emulate_width(1280).await;
            b.goto(&app.url("/language?lang=en&return_to=%2Flogin"))
                .await;
            sign_in(&b, &app, "root@example.com", PASSWORD).await;
            b.expect_path("/account").await;
        }
        for lang in palisade::core::locale::LOCALES {
            // The menu at the foot of the page: a link, back to this page.
            b.emulate_width(1280).await;
            b.goto(&app.url(&pages[0].1)).await;
            b.click(&format!("footer.langs a[lang={lang}]")).await;
            for (name, path) in pages.iter() {
                for width in [1280, 375, 320] {
                    b.emulate_width(width).await;
                    b.goto(&app.url(path)).await;
                    assert!(b.has("h1").await, "{path}");
                    let page = b
                        // The layout viewport: a phone zooms out to show content
                        // wider than it, which would widen `innerWidth` too.
                        .execute("const e = document.documentElement; return [e.lang, e.dir, e.scrollWidth <= e.clientWidth, document.querySelector('.brand').getBoundingClientRect().left > e.clientWidth / 2, getComputedStyle(document.querySelector('main')).direction]")
                        .await;
                    let rtl = *lang == "ar";
                    assert_eq!(
                        page,
                        serde_json::json!([
                            lang,
                            if rtl { "rtl" } else { "ltr" },
                            true,
                            rtl,
                            if rtl { "rtl" } else { "ltr" }
                        ]),
                        "{path} in {lang} at {width} px: [lang, dir, fits, brand on the right, direction]"
                    );
                    // The words of the page (a heading alone may be the same
                    // word: "Roles" in Spanish).
                    let text = b
                        .execute("return document.querySelector('main').innerText")
                        .await;
                    if *lang == "en" {
                        english_headings.insert(*name, text);
                    } else {
                        assert_ne!(
                            Some(&text),
                            english_headings.get(name),
                            "{path} is translated into {lang}"
                        );
                    }
                    if width != 320 {
                        let shot = match *lang {
                            "en" => format!("{name}-{width}"),
                            _ => format!("{lang}-{name}-{width}"),
                        };
                        b.screenshot(&shot).await;
                        shots += 1;
                    }
                }
            }
        }
    }
    assert_eq!(shots, 24 * palisade::core::locale::LOCALES.len());
    b.quit().await;
}

/// An app sends the user to Palisade: Chromium signs in on the hosted page,
/// consents, and lands back at the app (another origin, so the pages' CSP
/// must let the forms' redirects end there) with a code that works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_signs_in_consents_and_returns_to_the_app_with_a_code() {
    use crate::oidc::{authorize_path, exchange, pkce, register_client};
    let app = TestApp::spawn_issuer(Backend::Sqlite).await;
    let root = admin(&app, "root@example.com").await;
    app.register("ada@example.com").await;
    // localhost is another origin than 127.0.0.1: the app's address.
    let back = app.url("/healthz").replace("127.0.0.1", "localhost");
    let shop = register_client(
        &app,
        &root.access,
        serde_json::json!({
            "name": "Shop", "type": "public", "redirect_uris": [back],
        }),
    )
    .await;
    let (verifier, challenge) = pkce();
    let b = Browser::start(true).await;
    b.goto(&app.url(&authorize_path(&[
        ("client_id", &shop.id),
        ("redirect_uri", &back),
        ("response_type", "code"),
        ("scope", "openid email"),
        ("state", "chromium"),
        ("code_challenge", &challenge),
        ("code_challenge_method", "S256"),
    ])))
    .await;
    b.fill("#email", "ada@example.com").await;
    b.fill("#password", PASSWORD).await;
    b.click("main button[type=submit]").await;
    b.expect_heading("Allow Shop?").await;
    b.screenshot("consent").await;
    b.click("button[value=allow]").await;
    let mut landed = String::new();
    for _ in 0..100 {
        landed = b.url().await;
        if landed.starts_with(&back) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        landed.starts_with(&back),
        "at {landed}: {}",
        b.heading().await
    );
    let query: Vec<(String, String)> =
        serde_urlencoded::from_str(landed.split_once('?').unwrap().1).unwrap();
    let code = crate::oidc::param(&query, "code").unwrap().to_owned();
    assert_eq!(crate::oidc::param(&query, "state"), Some("chromium"));
    let response = exchange(
        &app,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &back),
            ("code_verifier", &verifier),
            ("client_id", &shop.id),
        ],
    )
    .await;
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    b.quit().await;
}
