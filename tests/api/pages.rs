//! Hosted pages over plain HTTP, as a browser without JavaScript sends them:
//! CSRF, cookies, headers, errors beside their fields, links that change
//! nothing on GET, permissions. The journeys in a real browser are in
//! `pages_browser`.

use std::collections::HashMap;
use std::sync::Mutex;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::helpers::{Backend, PASSWORD, TestApp, client_builder};
use crate::smtp::SmtpSink;

/// A browser reduced to what forms need: a cookie jar and no redirects
/// followed, so each answer can be looked at.
pub struct Visitor {
    client: reqwest::Client,
    base: String,
    cookies: Mutex<HashMap<String, String>>,
    /// Extra headers on every request (a proxy's X-Forwarded-Proto).
    extra: HeaderMap,
}

pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    /// The form token in the page.
    pub fn csrf(&self) -> String {
        let marker = "name=\"csrf_token\" value=\"";
        let at = self.body.find(marker).expect("a form with a csrf_token") + marker.len();
        self.body[at..].split('"').next().unwrap().to_owned()
    }

    pub fn location(&self) -> &str {
        self.headers["location"].to_str().unwrap()
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }
}

impl Visitor {
    pub fn new(app: &TestApp) -> Self {
        Self::with_headers(app, HeaderMap::new())
    }

    pub fn with_headers(app: &TestApp, extra: HeaderMap) -> Self {
        Self {
            client: client_builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: app.url(""),
            cookies: Mutex::default(),
            extra,
        }
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Page {
        let cookie = self
            .cookies
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let response = request
            .headers(self.extra.clone())
            .header("cookie", cookie)
            .send()
            .await
            .unwrap();
        let page = Page {
            status: response.status(),
            headers: response.headers().clone(),
            body: response.text().await.unwrap(),
        };
        for set in page.set_cookies() {
            let pair = set.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            let mut jar = self.cookies.lock().unwrap();
            if value.is_empty() {
                jar.remove(name);
            } else {
                jar.insert(name.to_owned(), value.to_owned());
            }
        }
        page
    }

    pub async fn get(&self, path: &str) -> Page {
        self.send(self.client.get(format!("{}{path}", self.base)))
            .await
    }

    /// Posts a form as a browser does, `fields` as given (no token added).
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.send(
            self.client
                .post(format!("{}{path}", self.base))
                .form(fields),
        )
        .await
    }

    /// Opens `page`, then posts its form with its token and `fields`.
    pub async fn submit(&self, page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.get(page).await.csrf();
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post(action, &all).await
    }

    /// Signs in through /login; panics unless it lands on /account.
    pub async fn sign_in(&self, email: &str, password: &str) {
        let page = self
            .submit(
                "/login",
                "/login",
                &[("email", email), ("password", password)],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        assert_eq!(page.location(), "/account");
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.lock().unwrap().get(name).cloned()
    }
}

on_both_backends! {
    async fn signing_in_on_the_login_page_shows_the_account_with_its_email(backend) {
        let app = TestApp::spawn(backend).await;
        app.register("ada@example.com").await;
        let browser = Visitor::new(&app);
        browser.sign_in("ada@example.com", PASSWORD).await;
        let account = browser.get("/account").await;
        assert_eq!(account.status, StatusCode::OK);
        assert!(account.body.contains("ada@example.com"));
        // The page session is a session of the API: it is listed there.
        let tokens = app.login("ada@example.com").await;
        let sessions: Vec<serde_json::Value> = app
            .get_authed("/v1/users/me/sessions", &tokens.access)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(sessions.len(), 2);
    }
}

on_both_backends! {
    async fn a_form_without_this_sessions_csrf_token_is_refused(backend) {
        let app = TestApp::spawn(backend).await;
        app.register("ada@example.com").await;
        app.register("bob@example.com").await;
        let ada = Visitor::new(&app);
        ada.sign_in("ada@example.com", PASSWORD).await;
        let bob = Visitor::new(&app);
        bob.sign_in("bob@example.com", PASSWORD).await;

        // No token at all.
        let page = ada.post("/account/sessions/end-all", &[]).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert!(page.body.contains("Form expired"), "{}", page.body);
        // Bob's token in Ada's browser.
        let bobs = bob.get("/account").await.csrf();
        let page = ada
            .post("/account/sessions/end-all", &[("csrf_token", &bobs)])
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        // Ada's token from before she signed in again.
        let stale = ada.get("/account").await.csrf();
        let out = ada.post("/logout", &[("csrf_token", &stale)]).await;
        assert_eq!(out.location(), "/login?notice=signed-out");
        ada.sign_in("ada@example.com", PASSWORD).await;
        let page = ada
            .post("/account/sessions/end-all", &[("csrf_token", &stale)])
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        // Nothing was signed out; the right token works.
        assert_eq!(ada.get("/account").await.status, StatusCode::OK);
        let page = ada
            .submit("/account", "/account/sessions/end-all", &[])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert_eq!(ada.get("/account").await.location(), "/login");
        // A login form posted without the browser's token is refused too.
        let stranger = Visitor::new(&app);
        let page = stranger
            .post("/login", &[("email", "ada@example.com"), ("password", PASSWORD)])
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn page_cookies_are_http_only_and_host_prefixed_and_secure_over_https() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    app.register("ada@example.com").await;
    // Plain HTTP (a developer's machine): no Secure, no prefix.
    let plain = Visitor::new(&app);
    let login = plain.get("/login").await;
    let csrf = &login.set_cookies()[0];
    assert!(csrf.starts_with("palisade_csrf="), "{csrf}");
    assert!(csrf.contains("HttpOnly") && csrf.contains("SameSite=Lax"));
    assert!(!csrf.contains("Secure"));
    // Behind a TLS-terminating proxy we trust.
    let mut https = HeaderMap::new();
    https.insert("x-forwarded-proto", "https".parse().unwrap());
    let secure = Visitor::with_headers(&app, https);
    let page = secure
        .submit(
            "/login",
            "/login",
            &[("email", "ada@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let session = page
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("__Host-palisade_session="))
        .expect("a __Host- session cookie");
    for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(session.contains(attribute), "{session} lacks {attribute}");
    }
    assert!(!session.contains("Domain"));
    assert_eq!(secure.get("/account").await.status, StatusCode::OK);
    // The unprefixed name is not accepted over HTTPS: a subdomain could set it.
    let value = secure.cookie("__Host-palisade_session").unwrap();
    let planted = Visitor::with_headers(&app, {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-proto", "https".parse().unwrap());
        h
    });
    planted
        .cookies
        .lock()
        .unwrap()
        .insert("palisade_session".into(), value);
    assert_eq!(planted.get("/account").await.location(), "/login");
}

#[tokio::test]
async fn pages_allow_no_script_but_the_login_pages_passkey_script_and_send_no_referrer() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let visitor = Visitor::new(&app);
    for path in [
        "/login",
        "/register",
        "/forgot-password",
        "/reset-password?token=x",
        "/verify-email?token=x",
    ] {
        let page = visitor.get(path).await;
        let csp = page.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.starts_with("default-src 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        // The login page offers passkeys: it loads that one script, from
        // this server, and nothing inline.
        let offers_passkeys = path == "/login";
        assert_eq!(
            csp.contains("script-src 'self'"),
            offers_passkeys,
            "{path}: {csp}"
        );
        assert_eq!(
            csp.matches("script-src").count(),
            usize::from(offers_passkeys),
            "{csp}"
        );
        let scripts: Vec<&str> = page.body.split("<script").skip(1).collect();
        match offers_passkeys {
            true => {
                assert_eq!(scripts.len(), 1, "{path}");
                assert!(
                    scripts[0].starts_with(" src=\"/assets/passkeys.js?v="),
                    "{}",
                    scripts[0]
                );
                assert!(scripts[0].contains("></script>"));
            }
            false => assert!(scripts.is_empty(), "{path}"),
        }
        assert_eq!(page.headers["referrer-policy"], "no-referrer");
        assert_eq!(page.headers["cache-control"], "no-store");
        assert!(
            page.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert!(!page.body.contains("style="), "{path}");
        assert!(page.body.contains("<title>"), "{path}");
    }
    let css = visitor.get("/assets/palisade.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(
        css.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(
        css.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
}

on_both_backends! {
    async fn form_errors_show_beside_their_fields_and_keep_what_was_typed(backend) {
        let app = TestApp::spawn(backend).await;
        app.register("taken@example.com").await;
        let visitor = Visitor::new(&app);
        let page = visitor
            .submit("/register", "/register", &[("email", "not an email"), ("display_name", "Ada"), ("password", "short")])
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.body.contains("id=\"email-error\""), "{}", page.body);
        assert!(page.body.contains("id=\"password-error\""));
        assert!(page.body.contains("aria-describedby=\"email-error\""));
        assert!(page.body.contains("value=\"not an email\"") && page.body.contains("value=\"Ada\""));
        assert!(!page.body.contains("value=\"short\""), "a password is never shown again");
        let page = visitor
            .submit("/register", "/register", &[("email", "taken@example.com"), ("password", PASSWORD)])
            .await;
        assert_eq!(page.status, StatusCode::CONFLICT);
        assert!(page.body.contains("id=\"email-error\""));
        let page = visitor
            .submit("/login", "/login", &[("email", "taken@example.com"), ("password", "wrong password here")])
            .await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
        assert!(page.body.contains("Email or password is wrong."));
        assert!(page.body.contains("value=\"taken@example.com\""));
    }
}

on_both_backends! {
    async fn opening_an_emailed_link_changes_nothing_until_its_form_is_posted(backend) {
        let smtp = SmtpSink::start().await;
        let app = TestApp::spawn_with_smtp(backend, &smtp, |_| {}).await;
        app.register("ada@example.com").await;
        let token = smtp.wait_for("ada@example.com", 1).await[0].token_for("verify-email");
        let scanner = Visitor::new(&app);
        for _ in 0..3 {
            let page = scanner.get(&format!("/verify-email?token={token}")).await;
            assert_eq!(page.status, StatusCode::OK);
        }
        let verified = |app: &TestApp| {
            let db = app.db.clone();
            async move {
                crate::helpers::find_user_by_email(&db, "ada@example.com")
                    .await
                    .unwrap()
                    .unwrap()
                    .email_verified
            }
        };
        assert!(!verified(&app).await);
        let page = scanner
            .submit(&format!("/verify-email?token={token}"), "/verify-email", &[("token", &token)])
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Email confirmed"));
        assert!(verified(&app).await);
        // Used once: the link now says so.
        let page = scanner.get(&format!("/verify-email?token={token}")).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST);
    }
}

on_both_backends! {
    async fn admin_pages_need_the_permission_of_their_endpoint(backend) {
        let app = TestApp::spawn(backend).await;
        app.register("ada@example.com").await;
        let anonymous = Visitor::new(&app);
        assert_eq!(anonymous.get("/admin/users").await.location(), "/login");
        assert_eq!(anonymous.get("/account").await.location(), "/login");
        let user = Visitor::new(&app);
        user.sign_in("ada@example.com", PASSWORD).await;
        for path in ["/admin", "/admin/users", "/admin/roles", "/admin/audit"] {
            let page = user.get(path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
            assert!(page.body.contains("You lack the permission"), "{path}");
        }
        assert!(!user.get("/account").await.body.contains("href=\"/admin\""));
    }
}

on_both_backends! {
    async fn page_sign_in_attempts_spend_the_same_per_client_budget_as_the_api(backend) {
        let app = TestApp::spawn_with(backend, |c| {
            c.rate_limit = palisade::core::throttle::RateLimit::Budget {
                requests: 3,
                per: std::time::Duration::from_secs(3600),
            };
        })
        .await;
        // Two API attempts, one page attempt: the budget of three is spent.
        for _ in 0..2 {
            app.post_json("/v1/auth/login", serde_json::json!({"email": "a@example.com", "password": "wrong password 1"}))
                .await;
        }
        let visitor = Visitor::new(&app);
        let first = visitor
            .submit("/login", "/login", &[("email", "a@example.com"), ("password", "wrong password 2")])
            .await;
        assert_eq!(first.status, StatusCode::UNAUTHORIZED);
        let refused = visitor
            .submit("/login", "/login", &[("email", "a@example.com"), ("password", "wrong password 3")])
            .await;
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(refused.headers.contains_key("retry-after"));
        assert!(refused.headers["content-type"].to_str().unwrap().starts_with("text/html"));
        assert!(refused.body.contains("Too many requests"), "{}", refused.body);
        // Showing the form costs nothing.
        assert_eq!(visitor.get("/login").await.status, StatusCode::OK);
    }
}
