//! Languages (API.md, "Languages"): which language a page speaks, the
//! user's `locale` through the API, emails in the recipient's language at
//! queue time, a tenant's default, right to left, and the operator's
//! message overrides. Expected words are read from the built-in catalog, so
//! a reworded translation does not break these tests.

use std::sync::Arc;

use reqwest::header::{ACCEPT_LANGUAGE, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use palisade::infra::i18n::{Catalog, Words};

use crate::admin::{admin, call};
use crate::helpers::{PASSWORD, TestApp, expect_problem};
use crate::pages::{Page, Visitor};
use crate::smtp::SmtpSink;

fn words(lang: &str) -> Words {
    Arc::new(Catalog::built_in().unwrap()).words(lang, "Palisade")
}

fn accepting(app: &TestApp, header: &str) -> Visitor {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_str(header).unwrap());
    Visitor::with_headers(app, headers)
}

/// The `lang` and `dir` of the page's `<html>`.
fn html_lang(page: &Page) -> (String, String) {
    let at = page.body.find("<html").expect("an html element");
    let tag = &page.body[at..at + page.body[at..].find('>').unwrap()];
    let attr = |name: &str| {
        let marker = format!("{name}=\"");
        let start = tag.find(&marker).map(|i| i + marker.len()).unwrap_or(0);
        tag[start..]
            .split('"')
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    (attr("lang"), attr("dir"))
}

fn h1(page: &Page) -> String {
    let start = page.body.find("<h1>").expect("an h1") + 4;
    let end = page.body[start..].find("</h1>").unwrap();
    page.body[start..start + end].to_owned()
}

on_both_backends! {
    async fn accept_language_quality_values_choose_french_and_unsupported_languages_fall_back(backend) {
        let app = TestApp::spawn(backend).await;
        let page = accepting(&app, "fr-CH, de;q=0.8").get("/login").await;
        assert_eq!(html_lang(&page), ("fr".to_owned(), "ltr".to_owned()));
        assert_eq!(h1(&page), words("fr").t("login-title"));
        let page = accepting(&app, "de;q=0.9, ja").get("/login").await;
        assert_eq!(html_lang(&page).0, "ja");
        let page = accepting(&app, "pt-BR, ja;q=0").get("/login").await;
        assert_eq!(html_lang(&page).0, "en", "nothing supported: the server's default");
        assert_eq!(h1(&page), "Sign in");
        let spanish = TestApp::spawn_with(backend, |c| c.default_locale = "es".into()).await;
        let page = accepting(&spanish, "pt-BR").get("/login").await;
        assert_eq!(html_lang(&page).0, "es");
        assert_eq!(h1(&page), words("es").t("login-title"));
    }
}

on_both_backends! {
    async fn the_language_menus_cookie_beats_the_header_and_ui_locales_beats_the_cookie(backend) {
        let app = TestApp::spawn(backend).await;
        let visitor = accepting(&app, "de");
        let page = visitor.get("/login").await;
        assert_eq!(html_lang(&page).0, "de");
        // The menu is a plain link on the page, in each language's own name.
        let link = "/language?lang=ja&#38;return_to=%2Flogin";
        assert!(page.body.contains(link), "{}", page.body);
        assert!(page.body.contains(&words("ja").t("language-name")));
        let chosen = visitor.get("/language?lang=ja&return_to=%2Flogin").await;
        assert_eq!(chosen.status, StatusCode::SEE_OTHER);
        assert_eq!(chosen.location(), "/login");
        let cookie = chosen.set_cookies().into_iter().find(|c| c.starts_with("palisade_lang=ja")).expect("the language cookie");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Max-Age="), "{cookie}");
        assert_eq!(html_lang(&visitor.get("/login").await).0, "ja");
        assert_eq!(html_lang(&visitor.get("/login?ui_locales=ar%20fr").await), ("ar".to_owned(), "rtl".to_owned()));
        // Another site may link to the menu but not choose for the visitor.
        let mut cross = HeaderMap::new();
        cross.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        let forced = Visitor::with_headers(&app, cross).get("/language?lang=ar&return_to=%2Flogin").await;
        assert_eq!(forced.location(), "/login");
        assert!(forced.set_cookies().iter().all(|c| !c.starts_with("palisade_lang")));
        // The app's ui_locales behind /login give way to the menu's choice.
        let nested = visitor.get("/language?lang=es&return_to=%2Flogin%3Fui_locales%3Dar%26return_to%3D%252Foauth2%252Fauthorize%253Fui_locales%253Dar%2526client_id%253Dx").await;
        assert_eq!(nested.location(), "/login?return_to=%2Foauth2%2Fauthorize%3Fclient_id%3Dx");
        // Elsewhere is not a place to go back to; an unknown language sets nothing.
        let away = visitor.get("/language?lang=xx&return_to=https%3A%2F%2Fevil.example%2F").await;
        assert_eq!(away.location(), "/");
        assert!(away.set_cookies().iter().all(|c| !c.starts_with("palisade_lang")));
    }
}

on_both_backends! {
    async fn a_users_locale_is_set_through_the_api_checked_exported_and_followed_by_pages(backend) {
        let app = TestApp::spawn(backend).await;
        let tokens = app.register_and_login("ada@example.com").await;
        let me = call(&app, Method::GET, "/v1/users/me", &tokens.access, None).await;
        assert_eq!(me.json::<Value>().await.unwrap()["locale"], Value::Null);
        let refused = call(&app, Method::PATCH, "/v1/users/me", &tokens.access, Some(json!({"locale": "xx"}))).await;
        let problem = expect_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(problem["errors"][0]["field"], "locale");
        assert_eq!(problem["errors"][0]["code"], "unsupported_locale");
        let set = call(&app, Method::PATCH, "/v1/users/me", &tokens.access, Some(json!({"locale": "JA"}))).await;
        assert_eq!(set.status(), StatusCode::OK);
        let set: Value = set.json().await.unwrap();
        assert_eq!(set["locale"], "ja");
        assert_eq!(set["display_name"], Value::Null, "the name is left as it was");
        let export: Value = call(&app, Method::GET, "/v1/users/me/export", &tokens.access, None).await.json().await.unwrap();
        assert_eq!(export["user"]["locale"], "ja");

        // The user's choice beats the browser's header, not the menu.
        let visitor = accepting(&app, "de");
        visitor.sign_in("ada@example.com", PASSWORD).await;
        assert_eq!(html_lang(&visitor.get("/account").await).0, "ja");
        visitor.get("/language?lang=fr&return_to=%2Faccount").await;
        assert_eq!(html_lang(&visitor.get("/account").await).0, "fr");

        let cleared = call(&app, Method::PATCH, "/v1/users/me", &tokens.access, Some(json!({"locale": null}))).await;
        assert_eq!(cleared.json::<Value>().await.unwrap()["locale"], Value::Null);
    }
}

on_both_backends! {
    async fn emails_speak_the_recipients_language_as_it_was_when_they_were_queued(backend) {
        let smtp = SmtpSink::start_down().await;
        let app = TestApp::spawn_with_smtp(backend, &smtp, |_| {}).await;
        let tokens = app.register_and_login("ada@example.com").await;
        let german = call(&app, Method::PATCH, "/v1/users/me", &tokens.access, Some(json!({"locale": "de"}))).await;
        assert_eq!(german.status(), StatusCode::OK);
        let forgot = app.post_json("/v1/auth/password/forgot", json!({"email": "ada@example.com"})).await;
        assert_eq!(forgot.status(), StatusCode::ACCEPTED);
        // The reset is queued after the answer (its timing tells nothing).
        crate::mail::wait_until(async || crate::mail::outbox_rows(&app, "ada@example.com").await.len() == 2).await;
        // Queued in German: changing the language now changes later emails only.
        call(&app, Method::PATCH, "/v1/users/me", &tokens.access, Some(json!({"locale": "fr"}))).await;
        app.advance(std::time::Duration::from_secs(3600));
        let again = app.post_json("/v1/auth/password/forgot", json!({"email": "ada@example.com"})).await;
        assert_eq!(again.status(), StatusCode::ACCEPTED);
        // Every email tried once and waiting for its retry, not in the middle of one.
        crate::mail::wait_until(async || {
            let rows = crate::mail::outbox_rows(&app, "ada@example.com").await;
            rows.len() == 3 && rows.iter().all(|r| r.attempts >= 1 && r.locked_until.is_none())
        })
        .await;
        smtp.come_up();
        // Past every retry's backoff.
        app.advance(std::time::Duration::from_secs(3600));
        // The verification email (English: queued before any choice), then
        // the two reset emails.
        let mails = smtp.wait_for("ada@example.com", 3).await;
        let resets: Vec<String> = mails.iter().map(|m| m.text()).filter(|t| t.contains("/reset-password?token=")).collect();
        assert_eq!(resets.len(), 2, "{resets:?}");
        // One German (queued before the change, not rewritten), one French;
        // the worker may deliver them in either order.
        let (de, fr) = (words("de").t("mail-reset-not-you"), words("fr").t("mail-reset-not-you"));
        assert_eq!(resets.iter().filter(|t| t.contains(&de)).count(), 1, "{resets:?}");
        assert_eq!(resets.iter().filter(|t| t.contains(&fr)).count(), 1, "{resets:?}");
        let html: Vec<String> = mails.iter().filter_map(|m| m.part("text/html")).filter(|h| h.contains("/reset-password?token=")).collect();
        assert!(html.iter().any(|h| h.contains("<html lang=\"de\" dir=\"ltr\">")), "{html:?}");
    }
}

on_both_backends! {
    async fn a_tenants_default_language_speaks_when_nothing_else_decides(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        let created = call(&app, Method::POST, "/v1/admin/tenants", &root.access, Some(json!({
            "slug": "acme", "display_name": "Acme", "settings": {"default_locale": "ar"},
        }))).await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let page = Visitor::new(&app).get("/t/acme/login").await;
        assert_eq!(html_lang(&page), ("ar".to_owned(), "rtl".to_owned()));
        assert_eq!(h1(&page), words("ar").t("login-title"));
        // The browser's language still comes first; the root is untouched.
        assert_eq!(html_lang(&accepting(&app, "es").get("/t/acme/login").await).0, "es");
        assert_eq!(html_lang(&Visitor::new(&app).get("/login").await).0, "en");
        // The tenant's menu comes back under its base, with its own cookie.
        let visitor = Visitor::new(&app);
        let page = visitor.get("/t/acme/login").await;
        assert!(page.body.contains("/t/acme/language?lang=de&#38;return_to=%2Flogin"), "{}", page.body);
        let chosen = visitor.get("/t/acme/language?lang=de&return_to=%2Flogin").await;
        assert_eq!(chosen.location(), "/t/acme/login");
        assert!(chosen.set_cookies().iter().any(|c| c.starts_with("palisade_lang_acme=de")), "{:?}", chosen.set_cookies());
        assert_eq!(html_lang(&visitor.get("/t/acme/login").await).0, "de");
        assert_eq!(html_lang(&visitor.get("/login").await).0, "en", "another tenant's choice");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operators_message_file_replaces_a_message_and_adds_a_language() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("en")).unwrap();
    std::fs::write(
        dir.path().join("en/tone.ftl"),
        "login-title = Welcome back to { $product }\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("pt")).unwrap();
    std::fs::write(
        dir.path().join("pt/common.ftl"),
        "language-name = Português\nlogin-title = Entrar\n",
    )
    .unwrap();
    let catalog = Arc::new(Catalog::load(Some(dir.path())).unwrap());
    let app = TestApp::spawn_with(crate::helpers::Backend::Sqlite, move |c| {
        c.catalog = catalog
    })
    .await;
    let page = Visitor::new(&app).get("/login").await;
    assert_eq!(h1(&page), "Welcome back to Palisade");
    let page = accepting(&app, "pt-BR").get("/login").await;
    assert_eq!(html_lang(&page).0, "pt");
    assert_eq!(h1(&page), "Entrar");
    assert!(
        page.body.contains(&words("en").t("layout-sign-in")),
        "a message pt lacks falls back to English"
    );
    assert!(
        page.body.contains("Português"),
        "the added language is in the menu"
    );
}
