//! Palisade as an OpenID Provider, driven as a browser and a relying party
//! would: the authorization code flow with PKCE and consent, ID tokens,
//! userinfo, refresh bound to its client, introspection, revocation, and
//! the security rules around them. Stock relying-party libraries run the
//! same flow in `oidc_interop`.

use base64::Engine as _;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use palisade::core::clock::Clock as _;

use crate::admin::{admin, call};
use crate::helpers::{PASSWORD, TestApp};
use crate::pages::{Page, Visitor};

pub const REDIRECT: &str = "https://shop.example.com/callback";

/// A registered client: its id and secret (if confidential).
pub struct Registered {
    pub id: String,
    pub secret: Option<String>,
}

pub async fn register_client(app: &TestApp, root: &str, body: Value) -> Registered {
    let response = call(app, Method::POST, "/v1/admin/clients", root, Some(body)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    Registered {
        id: created["client_id"].as_str().unwrap().to_owned(),
        secret: created["client_secret"].as_str().map(str::to_owned),
    }
}

/// A first-party public client (an SPA) redirecting to `REDIRECT`.
async fn first_party_spa(app: &TestApp, root: &str) -> Registered {
    register_client(
        app,
        root,
        json!({
            "name": "SPA", "type": "public", "redirect_uris": [REDIRECT], "first_party": true,
        }),
    )
    .await
}

/// The token request of a public client for `code`.
fn code_exchange<'a>(
    code: &'a str,
    verifier: &'a str,
    client_id: &'a str,
) -> [(&'a str, &'a str); 5] {
    [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT),
        ("code_verifier", verifier),
        ("client_id", client_id),
    ]
}

/// A PKCE verifier and its S256 challenge.
pub fn pkce() -> (String, String) {
    let verifier = palisade::core::tokens::new_opaque_token();
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

pub fn authorize_path(params: &[(&str, &str)]) -> String {
    format!(
        "/oauth2/authorize?{}",
        serde_urlencoded::to_string(params).unwrap()
    )
}

/// The query parameters of a redirect to the client.
pub fn redirected(page: &Page) -> Vec<(String, String)> {
    let location = page.location();
    let (_, query) = location.split_once('?').unwrap_or((location, ""));
    serde_urlencoded::from_str(query).unwrap()
}

pub fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Follows the authorization request through sign-in and consent (allowed)
/// and returns the final redirect to the client.
pub async fn through_the_browser(browser: &Visitor, path: &str, email: &str) -> Page {
    through_the_browser_with(browser, path, email, None).await
}

/// The same, typing `code` at the second step if one is asked for.
pub async fn through_the_browser_with(
    browser: &Visitor,
    path: &str,
    email: &str,
    code: Option<&str>,
) -> Page {
    // A tenant's pages live under its /t/{slug}, forms included.
    let base = match path
        .strip_prefix("/t/")
        .and_then(|rest| rest.split_once('/'))
    {
        Some((slug, _)) => format!("/t/{slug}"),
        None => String::new(),
    };
    let mut page = browser.get(path).await;
    for _ in 0..8 {
        if page.status == StatusCode::OK
            && page.body.contains(&format!("action=\"{base}/login/mfa\""))
        {
            let code = code.unwrap_or_else(|| panic!("a second step was asked for: {}", page.body));
            let mut fields = vec![("code".to_owned(), code.to_owned())];
            fields.extend(
                hidden_fields(&page)
                    .into_iter()
                    .filter(|(k, _)| k != "ceremony_id" && k != "credential"),
            );
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            page = browser.post(&format!("{base}/login/mfa"), &fields).await;
            continue;
        }
        if page.status == StatusCode::OK && page.body.contains("name=\"decision\"") {
            let mut fields = vec![("decision".to_owned(), "allow".to_owned())];
            fields.extend(hidden_fields(&page));
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            page = browser
                .post(&format!("{base}/oauth2/authorize"), &fields)
                .await;
            continue;
        }
        if page.status == StatusCode::OK && page.body.contains("name=\"password\"") {
            let mut fields = vec![
                ("email".to_owned(), email.to_owned()),
                ("password".to_owned(), PASSWORD.to_owned()),
            ];
            fields.extend(hidden_fields(&page));
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            page = browser.post(&format!("{base}/login"), &fields).await;
            continue;
        }
        if page.status.is_redirection() && page.location().starts_with('/') {
            page = browser.get(page.location()).await;
            continue;
        }
        return page;
    }
    panic!("the flow did not end: {} {}", page.status, page.body);
}

/// Every hidden field of the page's form (the CSRF token among them).
fn hidden_fields(page: &Page) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for piece in page.body.split("<input type=\"hidden\" ").skip(1) {
        let attr = |name: &str| {
            let marker = format!("{name}=\"");
            let at = piece.find(&marker)? + marker.len();
            Some(html_unescape(piece[at..].split('"').next()?))
        };
        if let (Some(name), Some(value)) = (attr("name"), attr("value")) {
            out.push((name, value));
        }
    }
    out
}

/// Undoes HTML escaping as a browser does: named and numeric references.
fn html_unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let Some(end) = rest[at..].find(';') else {
            break;
        };
        let entity = &rest[at + 1..at + end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => out.push(c),
            None => out.push_str(&rest[at..=at + end]),
        }
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    out
}

pub async fn exchange(app: &TestApp, form: &[(&str, &str)]) -> reqwest::Response {
    app.client
        .post(app.url("/oauth2/token"))
        .form(form)
        .send()
        .await
        .unwrap()
}

/// The flow's first part for a confidential client: a code for `scope`.
async fn code_for(
    app: &TestApp,
    browser: &Visitor,
    client: &Registered,
    scope: &str,
    challenge: &str,
) -> String {
    let path = authorize_path(&[
        ("client_id", &client.id),
        ("redirect_uri", REDIRECT),
        ("response_type", "code"),
        ("scope", scope),
        ("state", "s-1"),
        ("nonce", "n-1"),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
    ]);
    let page = through_the_browser(browser, &path, "ada@example.com").await;
    assert!(
        page.status.is_redirection(),
        "{} {}",
        page.status,
        page.body
    );
    assert!(page.location().starts_with(REDIRECT), "{}", page.location());
    let params = redirected(&page);
    assert_eq!(param(&params, "state"), Some("s-1"));
    assert_eq!(
        param(&params, "iss"),
        Some(app.url("").trim_end_matches('/'))
    );
    param(&params, "code").unwrap().to_owned()
}

on_both_backends! {
    async fn a_third_party_app_signs_a_user_in_with_a_code_and_pkce(backend) {
        let app = TestApp::spawn_issuer(backend).await;
        let root = admin(&app, "root@example.com").await;
        app.register("ada@example.com").await;
        let shop = register_client(&app, &root.access, json!({
            "name": "Shop", "type": "confidential", "redirect_uris": [REDIRECT],
            "audience": "https://api.shop.example.com",
        })).await;
        let secret = shop.secret.clone().unwrap();
        let browser = Visitor::new(&app);
        let (verifier, challenge) = pkce();
        let code = code_for(&app, &browser, &shop, "openid email profile offline_access", &challenge).await;

        let response = exchange(&app, &[
            ("grant_type", "authorization_code"), ("code", &code), ("redirect_uri", REDIRECT),
            ("code_verifier", &verifier), ("client_id", &shop.id), ("client_secret", &secret),
        ]).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["cache-control"], "no-store");
        let tokens: Value = response.json().await.unwrap();
        assert_eq!(tokens["token_type"], "Bearer");
        assert_eq!(tokens["scope"], "openid email profile offline_access");
        let access = tokens["access_token"].as_str().unwrap();
        let id_token = tokens["id_token"].as_str().unwrap();
        let refresh = tokens["refresh_token"].as_str().unwrap();

        let claims = crate::tokens::claims_of(id_token);
        assert_eq!(claims["aud"], shop.id.as_str());
        assert_eq!(claims["azp"], shop.id.as_str());
        assert_eq!(claims["nonce"], "n-1");
        assert_eq!(claims["email"], "ada@example.com");
        assert_eq!(claims["amr"], json!(["pwd"]));
        assert!(claims["auth_time"].as_i64().unwrap() <= claims["iat"].as_i64().unwrap());
        let at_hash = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(&Sha256::digest(access.as_bytes())[..16]);
        assert_eq!(claims["at_hash"], at_hash.as_str());
        let access_claims = crate::tokens::claims_of(access);
        assert_eq!(access_claims["aud"], "https://api.shop.example.com");
        assert_eq!(access_claims["client_id"], shop.id.as_str());
        assert_eq!(access_claims["sid"], claims["sid"]);

        // The app's token is no key to the first-party API (another audience),
        // and it does not carry the user's roles without the roles scope.
        assert_eq!(app.me_status(access).await, StatusCode::UNAUTHORIZED);
        assert_eq!(access_claims["roles"], json!([]));
        let info: Value = app.get_authed("/oauth2/userinfo", access).await.json().await.unwrap();
        assert_eq!(info["sub"], claims["sub"]);
        assert_eq!(info["email"], "ada@example.com");
        assert_eq!(info["email_verified"], false);

        // The refresh token works for this client only, and rotates.
        let refreshed = exchange(&app, &[
            ("grant_type", "refresh_token"), ("refresh_token", refresh),
            ("client_id", &shop.id), ("client_secret", &secret),
        ]).await;
        assert_eq!(refreshed.status(), StatusCode::OK);
        let refreshed: Value = refreshed.json().await.unwrap();
        assert_ne!(refreshed["refresh_token"], tokens["refresh_token"]);
        assert!(refreshed["id_token"].is_string(), "openid: a new ID token");
    }
}

on_both_backends! {
    async fn a_code_works_once_and_its_replay_revokes_what_it_gave(backend) {
        let app = TestApp::spawn_issuer(backend).await;
        let root = admin(&app, "root@example.com").await;
        app.register("ada@example.com").await;
        let spa = first_party_spa(&app, &root.access).await;
        let browser = Visitor::new(&app);
        let (verifier, challenge) = pkce();
        let code = code_for(&app, &browser, &spa, "openid", &challenge).await;
        let form = code_exchange(&code, &verifier, &spa.id);
        let first: Value = exchange(&app, &form).await.json().await.unwrap();
        let access = first["access_token"].as_str().unwrap();
        assert!(first["refresh_token"].is_string(), "first-party: a refresh token");
        assert_eq!(app.get_authed("/oauth2/userinfo", access).await.status(), StatusCode::OK);

        let again = exchange(&app, &form).await;
        assert_eq!(again.status(), StatusCode::BAD_REQUEST);
        assert_eq!(again.json::<Value>().await.unwrap()["error"], "invalid_grant");
        assert_eq!(app.get_authed("/oauth2/userinfo", access).await.status(), StatusCode::UNAUTHORIZED);
        let refresh = exchange(&app, &[
            ("grant_type", "refresh_token"), ("refresh_token", first["refresh_token"].as_str().unwrap()),
            ("client_id", &spa.id),
        ]).await;
        assert_eq!(refresh.status(), StatusCode::BAD_REQUEST);
        let audit: Value = call(&app, Method::GET, "/v1/admin/audit?action=code.reused", &root.access, None)
            .await.json().await.unwrap();
        assert_eq!(audit["total"], 1, "{audit}");
    }
}

on_both_backends! {
    async fn racing_uses_of_one_code_give_one_token_response_and_revoke_it(backend) {
        let app = TestApp::spawn_issuer(backend).await;
        let root = admin(&app, "root@example.com").await;
        app.register("ada@example.com").await;
        let spa = first_party_spa(&app, &root.access).await;
        let browser = Visitor::new(&app);
        let (verifier, challenge) = pkce();
        let code = code_for(&app, &browser, &spa, "openid", &challenge).await;
        let form = code_exchange(&code, &verifier, &spa.id);
        let (a, b, c, d) = tokio::join!(
            exchange(&app, &form), exchange(&app, &form), exchange(&app, &form), exchange(&app, &form),
        );
        let mut granted = vec![];
        for answer in [a, b, c, d] {
            if answer.status() == StatusCode::OK {
                granted.push(answer.json::<Value>().await.unwrap());
            } else {
                assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
            }
        }
        assert_eq!(granted.len(), 1, "one use of a code wins");
        let access = granted[0]["access_token"].as_str().unwrap();
        assert_eq!(
            app.get_authed("/oauth2/userinfo", access).await.status(), StatusCode::UNAUTHORIZED,
            "the other uses were replays: the winner's tokens are revoked",
        );
    }
}

on_both_backends! {
    async fn a_code_is_bound_to_its_client_redirect_uri_and_pkce_verifier(backend) {
        let app = TestApp::spawn_issuer(backend).await;
        let root = admin(&app, "root@example.com").await;
        app.register("ada@example.com").await;
        let body = json!({"name": "A", "type": "public", "redirect_uris": [REDIRECT], "first_party": true});
        let a = register_client(&app, &root.access, body.clone()).await;
        let b = register_client(&app, &root.access, body).await;
        let browser = Visitor::new(&app);
        for (tamper, why) in [
            ("client", "another client"), ("redirect", "another redirect URI"),
            ("verifier", "a wrong verifier"), ("no verifier", "no verifier"),
        ] {
            let (verifier, challenge) = pkce();
            let code = code_for(&app, &browser, &a, "openid", &challenge).await;
            let other_verifier = pkce().0;
            let mut form = vec![
                ("grant_type", "authorization_code"), ("code", code.as_str()),
                ("redirect_uri", REDIRECT), ("client_id", a.id.as_str()),
                ("code_verifier", verifier.as_str()),
            ];
            match tamper {
                "client" => form[3].1 = &b.id,
                "redirect" => form[2].1 = "https://shop.example.com/other",
                "verifier" => form[4].1 = &other_verifier,
                _ => { form.pop(); }
            }
            let response = exchange(&app, &form).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{why}");
            assert_eq!(response.json::<Value>().await.unwrap()["error"], "invalid_grant", "{why}");
            if tamper == "client" {
                // Another client's attempt used nothing up.
                let own = exchange(&app, &[
                    ("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", REDIRECT),
                    ("client_id", a.id.as_str()), ("code_verifier", verifier.as_str()),
                ]).await;
                assert_eq!(own.status(), StatusCode::OK, "the code still works for its client");
            }
        }
    }
}

on_both_backends! {
    async fn unknown_clients_and_redirects_get_a_page_and_other_errors_go_back_to_the_client(backend) {
        let app = TestApp::spawn_issuer(backend).await;
        let root = admin(&app, "root@example.com").await;
        let spa = register_client(&app, &root.access, json!({
            "name": "SPA", "type": "public", "redirect_uris": [REDIRECT],
        })).await;
        let browser = Visitor::new(&app);
        let (_, challenge) = pkce();
        for (client_id, redirect) in [
            ("nope", REDIRECT), (spa.id.as_str(), "https://evil.example/callback"),
            (spa.id.as_str(), "https://shop.example.com/callback/../evil"),
            (spa.id.as_str(), "https://shop.example.com/callbackx"),
        ] {
            let page = browser.get(&authorize_path(&[
                ("client_id", client_id), ("redirect_uri", redirect), ("response_type", "code"),
                ("scope", "openid"), ("code_challenge", &challenge), ("code_challenge_method", "S256"),
            ])).await;
            assert_eq!(page.status, StatusCode::BAD_REQUEST, "{client_id} {redirect}");
            assert!(page.headers.get("location").is_none(), "never redirects");
        }
        for (extra, error) in [
            (vec![("code_challenge_method", "plain")], "invalid_request"),
            (vec![("code_challenge", "")], "invalid_request"),
            (vec![("response_type", "token")], "unsupported_response_type"),
            (vec![("scope", "openid admin")], "invalid_scope"),
            (vec![("prompt", "none")], "login_required"),
        ] {
            let mut params = vec![
                ("client_id", spa.id.as_str()), ("redirect_uri", REDIRECT), ("response_type", "code"),
                ("scope", "openid"), ("state", "xyz"), ("code_challenge", challenge.as_str()),
                ("code_challenge_method", "S256"),
            ];
            for (name, value) in extra {
                params.retain(|(k, _)| *k != name);
                if !value.is_empty() {
                    params.push((name, value));
                }
            }
            let page = browser.get(&authorize_path(&params)).await;
            assert_eq!(page.status, StatusCode::SEE_OTHER, "{error}: {}", page.body);
            assert!(page.location().starts_with(REDIRECT));
            let back = redirected(&page);
            assert_eq!(param(&back, "error"), Some(error));
            assert_eq!(param(&back, "state"), Some("xyz"));
            assert!(param(&back, "iss").is_some());
        }
    }
}

on_both_backends! {
    async fn consent_is_asked_once_cannot_be_framed_and_can_be_withdrawn(backend) {
        let app = TestApp::spawn_issuer(backend).await;
        let root = admin(&app, "root@example.com").await;
        let ada = app.register_and_login("ada@example.com").await;
        let shop = register_client(&app, &root.access, json!({
            "name": "Shop", "type": "public", "redirect_uris": [REDIRECT],
        })).await;
        let browser = Visitor::new(&app);
        browser.sign_in("ada@example.com", PASSWORD).await;
        let (verifier, challenge) = pkce();
        let path = authorize_path(&[
            ("client_id", &shop.id), ("redirect_uri", REDIRECT), ("response_type", "code"),
            ("scope", "openid email"), ("code_challenge", &challenge), ("code_challenge_method", "S256"),
        ]);
        let consent = browser.get(&path).await;
        assert_eq!(consent.status, StatusCode::OK);
        assert!(consent.body.contains("Shop") && consent.body.contains("your email address"));
        let csp = consent.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("form-action 'self' https://shop.example.com"), "{csp}");
        // Without this session's form token, nothing happens.
        let forged = browser.post("/oauth2/authorize", &[
            ("decision", "allow"), ("client_id", &shop.id), ("redirect_uri", REDIRECT),
            ("response_type", "code"), ("scope", "openid email"),
            ("code_challenge", &challenge), ("code_challenge_method", "S256"),
        ]).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        // Deny goes back with access_denied.
        let mut deny = vec![("decision".to_owned(), "deny".to_owned())];
        deny.extend(hidden_fields(&consent));
        let deny: Vec<(&str, &str)> = deny.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let denied = browser.post("/oauth2/authorize", &deny).await;
        assert_eq!(param(&redirected(&denied), "error"), Some("access_denied"));

        // Allowed once, then remembered: straight back with a code.
        let allowed = through_the_browser(&browser, &path, "ada@example.com").await;
        assert!(param(&redirected(&allowed), "code").is_some());
        let code = param(&redirected(&allowed), "code").unwrap().to_owned();
        let again = browser.get(&path).await;
        assert_eq!(again.status, StatusCode::SEE_OTHER, "no second question");
        assert!(param(&redirected(&again), "code").is_some());
        // More scopes ask again; prompt=consent asks again.
        let more = authorize_path(&[
            ("client_id", &shop.id), ("redirect_uri", REDIRECT), ("response_type", "code"),
            ("scope", "openid email profile"), ("code_challenge", &challenge), ("code_challenge_method", "S256"),
        ]);
        assert_eq!(browser.get(&more).await.status, StatusCode::OK);

        let tokens: Value = exchange(&app, &code_exchange(&code, &verifier, &shop.id)).await.json().await.unwrap();
        let access = tokens["access_token"].as_str().unwrap();
        assert!(tokens.get("refresh_token").is_none(), "third party without offline_access");
        let grants: Value = app.get_authed("/v1/users/me/grants", &ada.access).await.json().await.unwrap();
        assert_eq!(grants[0]["client_id"], shop.id.as_str());
        assert_eq!(grants[0]["client_name"], "Shop");
        assert_eq!(grants[0]["scopes"], json!(["email", "openid"]));
        let export: Value = app.get_authed("/v1/users/me/export", &ada.access).await.json().await.unwrap();
        assert_eq!(export["connected_apps"], grants, "the export lists the apps let in");
        let withdrawn = call(&app, Method::DELETE, &format!("/v1/users/me/grants/{}", shop.id), &ada.access, None).await;
        assert_eq!(withdrawn.status(), StatusCode::NO_CONTENT);
        assert_eq!(app.get_authed("/oauth2/userinfo", access).await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(browser.get(&path).await.status, StatusCode::OK, "asked again");
    }
}

on_both_backends! {
    async fn a_service_gets_its_own_token_and_resource_servers_introspect_and_revoke(backend) {
        let app = TestApp::spawn_issuer(backend).await;
        let root = admin(&app, "root@example.com").await;
        let service = register_client(&app, &root.access, json!({
            "name": "Billing", "type": "confidential", "grant_types": ["client_credentials"],
            "scopes": ["roles"],
        })).await;
        let secret = service.secret.clone().unwrap();
        let basic = |id: &str, secret: &str| format!(
            "Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}")));
        let ask = |path: &'static str, form: Vec<(&'static str, String)>, auth: String| {
            app.client.post(app.url(path)).header("authorization", auth).form(&form).send()
        };
        let token: Value = ask("/oauth2/token", vec![("grant_type", "client_credentials".into())], basic(&service.id, &secret))
            .await.unwrap().json().await.unwrap();
        let access = token["access_token"].as_str().unwrap().to_owned();
        assert!(token.get("refresh_token").is_none());
        let claims = crate::tokens::claims_of(&access);
        assert_eq!(claims["sub"], service.id.as_str());
        assert!(claims.get("sid").is_none());
        let wrong = ask("/oauth2/token", vec![("grant_type", "client_credentials".into())], basic(&service.id, "wrong")).await.unwrap();
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(wrong.json::<Value>().await.unwrap()["error"], "invalid_client");

        // A user's first-party token, introspected by the service.
        app.register("ada@example.com").await;
        let ada = app.login("ada@example.com").await;
        let seen: Value = ask("/oauth2/introspect", vec![("token", ada.access.clone())], basic(&service.id, &secret))
            .await.unwrap().json().await.unwrap();
        assert_eq!(seen["active"], true, "{seen}");
        assert_eq!(seen["client_id"], "palisade");
        assert_eq!(seen["token_type"], "Bearer");
        for junk in ["nonsense", "", "a.b.c"] {
            let seen: Value = ask("/oauth2/introspect", vec![("token", junk.into())], basic(&service.id, &secret))
                .await.unwrap().json().await.unwrap();
            assert!(seen["active"] == false || seen["error"] == "invalid_request", "{junk}: {seen}");
        }
        // Introspection needs a confidential client.
        let public = app.client.post(app.url("/oauth2/introspect"))
            .form(&[("token", ada.access.as_str()), ("client_id", "palisade")]).send().await.unwrap();
        assert_eq!(public.status(), StatusCode::UNAUTHORIZED);

        // The first-party public client revokes its own user's refresh token.
        let revoked = app.client.post(app.url("/oauth2/revoke"))
            .form(&[("token", ada.refresh.as_str()), ("client_id", "palisade")]).send().await.unwrap();
        assert_eq!(revoked.status(), StatusCode::OK);
        let seen: Value = ask("/oauth2/introspect", vec![("token", ada.access.clone())], basic(&service.id, &secret))
            .await.unwrap().json().await.unwrap();
        assert_eq!(seen, json!({"active": false}));
        assert_eq!(app.refresh(&ada.refresh).await.status(), StatusCode::UNAUTHORIZED);
        // An access token revoked ends its session too.
        let again = app.login("ada@example.com").await;
        let revoked = app.client.post(app.url("/oauth2/revoke"))
            .form(&[("token", again.access.as_str()), ("client_id", "palisade"), ("token_type_hint", "access_token")])
            .send().await.unwrap();
        assert_eq!(revoked.status(), StatusCode::OK);
        assert_eq!(app.me_status(&again.access).await, StatusCode::UNAUTHORIZED);
        assert_eq!(app.refresh(&again.refresh).await.status(), StatusCode::UNAUTHORIZED);
        // Unknown tokens are 200 too.
        let unknown = app.client.post(app.url("/oauth2/revoke"))
            .form(&[("token", "whatever"), ("client_id", "palisade")]).send().await.unwrap();
        assert_eq!(unknown.status(), StatusCode::OK);

        // Deleting a client kills its tokens at once.
        let deleted = call(&app, Method::DELETE, &format!("/v1/admin/clients/{}", service.id), &root.access, None).await;
        assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
        let gone = ask("/oauth2/introspect", vec![("token", access)], basic(&service.id, &secret)).await.unwrap();
        assert_eq!(gone.status(), StatusCode::UNAUTHORIZED);
    }
}

on_both_backends! {
    async fn discovery_names_every_endpoint_and_the_first_party_api_keeps_working(backend) {
        let app = TestApp::spawn_issuer(backend).await;
        let meta: Value = app.get_json("/.well-known/openid-configuration").await;
        let issuer = meta["issuer"].as_str().unwrap().to_owned();
        for (key, path) in [
            ("authorization_endpoint", "/oauth2/authorize"), ("token_endpoint", "/oauth2/token"),
            ("userinfo_endpoint", "/oauth2/userinfo"), ("jwks_uri", "/.well-known/jwks.json"),
            ("revocation_endpoint", "/oauth2/revoke"), ("introspection_endpoint", "/oauth2/introspect"),
        ] {
            assert_eq!(meta[key], format!("{}{path}", issuer.trim_end_matches('/')), "{key}");
        }
        assert_eq!(meta["code_challenge_methods_supported"], json!(["S256"]));
        assert_eq!(meta["response_types_supported"], json!(["code"]));
        assert_eq!(meta["id_token_signing_alg_values_supported"], json!(["ES256"]));
        assert_eq!(meta["authorization_response_iss_parameter_supported"], true);
        let rfc8414: Value = app.get_json("/.well-known/oauth-authorization-server").await;
        assert_eq!(rfc8414, meta);

        // The first-party token endpoint is the same endpoint.
        app.register("ada@example.com").await;
        let tokens: Value = app.client.post(app.url("/v1/auth/token"))
            .form(&[("grant_type", "password"), ("username", "ada@example.com"), ("password", PASSWORD)])
            .send().await.unwrap().json().await.unwrap();
        assert!(tokens["refresh_token"].is_string());
        let refreshed = app.client.post(app.url("/oauth2/token"))
            .form(&[("grant_type", "refresh_token"), ("refresh_token", tokens["refresh_token"].as_str().unwrap()), ("client_id", "palisade")])
            .send().await.unwrap();
        assert_eq!(refreshed.status(), StatusCode::OK);
    }
}

on_both_backends! {
    async fn a_relying_party_signs_the_user_out_and_only_returns_to_a_registered_address(backend) {
        let app = TestApp::spawn_issuer(backend).await;
        let root = admin(&app, "root@example.com").await;
        app.register("ada@example.com").await;
        let bye = "https://shop.example.com/signed-out";
        let shop = register_client(&app, &root.access, json!({
            "name": "Shop", "type": "public", "redirect_uris": [REDIRECT],
            "post_logout_redirect_uris": [bye], "first_party": true,
        })).await;
        let browser = Visitor::new(&app);
        let (verifier, challenge) = pkce();
        let code = code_for(&app, &browser, &shop, "openid", &challenge).await;
        let tokens: Value = exchange(&app, &code_exchange(&code, &verifier, &shop.id)).await.json().await.unwrap();
        let id_token = tokens["id_token"].as_str().unwrap();
        let access = tokens["access_token"].as_str().unwrap();

        // Never to an address the client did not register.
        let page = browser.get(&format!("/oauth2/logout?{}", serde_urlencoded::to_string([
            ("id_token_hint", id_token), ("post_logout_redirect_uri", "https://evil.example/"),
        ]).unwrap())).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST);
        assert!(page.headers.get("location").is_none());
        // Without a hint the user is asked first.
        let page = browser.get(&format!("/oauth2/logout?{}", serde_urlencoded::to_string([
            ("client_id", shop.id.as_str()), ("post_logout_redirect_uri", bye),
        ]).unwrap())).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("name=\"decision\""));
        assert_eq!(browser.get("/account").await.status, StatusCode::OK, "still signed in");

        // With the hint: signed out at once, back to the client with state.
        let page = browser.get(&format!("/oauth2/logout?{}", serde_urlencoded::to_string([
            ("id_token_hint", id_token), ("post_logout_redirect_uri", bye), ("state", "st"),
        ]).unwrap())).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert_eq!(page.location(), format!("{bye}?state=st"));
        assert_eq!(browser.get("/account").await.status, StatusCode::SEE_OTHER, "signed out here");
        assert_eq!(app.get_authed("/oauth2/userinfo", access).await.status(), StatusCode::UNAUTHORIZED);
    }
}

on_both_backends! {
    async fn disabling_a_user_ends_their_sessions_with_every_app_and_refresh_tokens_stay_with_their_client(backend) {
        let app = TestApp::spawn_issuer(backend).await;
        let root = admin(&app, "root@example.com").await;
        let user: Value = app.register("ada@example.com").await;
        let body = json!({"name": "A", "type": "public", "redirect_uris": [REDIRECT], "first_party": true});
        let a = register_client(&app, &root.access, body.clone()).await;
        let b = register_client(&app, &root.access, body).await;
        let browser = Visitor::new(&app);
        let (verifier, challenge) = pkce();
        let code = code_for(&app, &browser, &a, "openid offline_access", &challenge).await;
        let tokens: Value = exchange(&app, &code_exchange(&code, &verifier, &a.id)).await.json().await.unwrap();
        let refresh = tokens["refresh_token"].as_str().unwrap();
        let stolen = exchange(&app, &[("grant_type", "refresh_token"), ("refresh_token", refresh), ("client_id", &b.id)]).await;
        assert_eq!(stolen.status(), StatusCode::BAD_REQUEST);
        assert_eq!(stolen.json::<Value>().await.unwrap()["error"], "invalid_grant");
        let own = exchange(&app, &[("grant_type", "refresh_token"), ("refresh_token", refresh), ("client_id", &a.id)]).await;
        assert_eq!(own.status(), StatusCode::OK, "another client's attempt used nothing up");
        let access = own.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();

        let id = user["id"].as_str().unwrap();
        let disabled = call(&app, Method::PATCH, &format!("/v1/admin/users/{id}"), &root.access, Some(json!({"disabled": true}))).await;
        assert_eq!(disabled.status(), StatusCode::OK);
        assert_eq!(app.get_authed("/oauth2/userinfo", &access).await.status(), StatusCode::UNAUTHORIZED);
    }
}

on_both_backends! {
    async fn under_hs256_no_id_token_is_ever_signed_and_openid_is_refused(backend) {
        let app = TestApp::spawn_with(backend, |config| {
            config.jwt_alg = palisade::infra::crypto::jws::JwtAlgorithm::Hs256;
            config.jwt_secret = Some(secrecy::SecretString::from("a-shared-secret-of-at-least-thirty-two-bytes"));
        }).await;
        let root = admin(&app, "root@example.com").await;
        let spa = register_client(&app, &root.access, json!({
            "name": "SPA", "type": "public", "redirect_uris": [REDIRECT],
        })).await;
        let meta: Value = app.get_json("/.well-known/openid-configuration").await;
        assert_eq!(meta["id_token_signing_alg_values_supported"], json!([]));
        assert!(!meta["scopes_supported"].as_array().unwrap().contains(&json!("openid")));
        let (_, challenge) = pkce();
        let page = Visitor::new(&app).get(&authorize_path(&[
            ("client_id", &spa.id), ("redirect_uri", REDIRECT), ("response_type", "code"),
            ("scope", "openid"), ("code_challenge", &challenge), ("code_challenge_method", "S256"),
        ])).await;
        assert_eq!(param(&redirected(&page), "error"), Some("invalid_scope"));
    }
}

on_both_backends! {
    async fn an_admin_registers_rotates_and_deletes_an_app_on_the_admin_pages(backend) {
        let app = TestApp::spawn_issuer(backend).await;
        admin(&app, "root@example.com").await;
        let browser = Visitor::new(&app);
        browser.sign_in("root@example.com", PASSWORD).await;
        let page = browser.submit("/admin/clients", "/admin/clients", &[
            ("name", "Shop"), ("type", "confidential"), ("redirect_uris", "https://shop.example.com/callback\n"),
        ]).await;
        assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
        assert!(page.body.contains("shown only now"));
        let refused = browser.submit("/admin/clients", "/admin/clients", &[
            ("name", "Bad"), ("type", "public"), ("redirect_uris", "http://shop.example.com/cb"),
        ]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains("loopback"), "the reason beside the field");

        let root = app.login("root@example.com").await;
        let listed: Value = call(&app, Method::GET, "/v1/admin/clients", &root.access, None).await.json().await.unwrap();
        let id = listed[1]["client_id"].as_str().unwrap().to_owned();
        let rotated = browser.submit("/admin/clients", &format!("/admin/clients/{id}/secret"), &[]).await;
        assert_eq!(rotated.status, StatusCode::OK);
        assert!(rotated.body.contains("shown only now"));
        let deleted = browser.submit("/admin/clients", &format!("/admin/clients/{id}/delete"), &[]).await;
        assert_eq!(deleted.status, StatusCode::SEE_OTHER);
        let listed: Value = call(&app, Method::GET, "/v1/admin/clients", &root.access, None).await.json().await.unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 1, "only the built-in client is left");
    }
}

on_both_backends! {
    async fn a_device_signs_in_with_a_user_code_typed_on_the_device_page(backend) {
        let app = &TestApp::spawn_issuer(backend).await;
        let root = admin(app, "root@example.com").await;
        app.register("ada@example.com").await;
        let tv = &register_client(app, &root.access, json!({
            "name": "Living-room TV", "type": "public",
            "grant_types": ["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"],
        })).await;
        let start = || async {
            let response = app.client.post(app.url("/oauth2/device_authorization"))
                .form(&[("client_id", tv.id.as_str()), ("scope", "openid offline_access")])
                .send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            response.json::<Value>().await.unwrap()
        };
        let poll = |device_code: String| {
            let form = vec![
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code".to_owned()),
                ("device_code", device_code), ("client_id", tv.id.clone()),
            ];
            async move { app.client.post(app.url("/oauth2/token")).form(&form).send().await.unwrap().json::<Value>().await.unwrap() }
        };
        let device = start().await;
        let user_code = device["user_code"].as_str().unwrap().to_owned();
        assert!(user_code.len() == 9 && user_code.as_bytes()[4] == b'-', "{user_code}");
        assert!(user_code.chars().all(|c| c == '-' || "BCDFGHJKLMNPQRSTVWXZ".contains(c)), "{user_code}");
        assert_eq!(device["verification_uri"], app.url("/device"));
        assert_eq!(device["expires_in"], 600);
        assert_eq!(device["interval"], 5);
        let device_code = device["device_code"].as_str().unwrap().to_owned();
        assert_eq!(poll(device_code.clone()).await["error"], "authorization_pending");
        assert_eq!(poll(device_code.clone()).await["error"], "slow_down", "polled at once");

        // The user types the code (any case) on /device, signs in, allows.
        let browser = Visitor::new(app);
        let page = browser.get(&format!("/device?user_code={}", user_code.to_lowercase())).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "sign in first");
        assert!(page.location().starts_with("/login?return_to="));
        browser.sign_in("ada@example.com", PASSWORD).await;
        let page = browser.get(&format!("/device?user_code={}", user_code.to_lowercase())).await;
        assert!(page.body.contains("Allow Living-room TV on your device?"), "{}", page.body);
        let wrong = browser.submit("/device", "/device", &[("user_code", "BBBB-BBBB")]).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        let done = browser.submit("/device", "/device", &[("user_code", &user_code), ("decision", "allow")]).await;
        assert!(done.body.contains("Device connected"), "{}", done.body);

        app.advance(std::time::Duration::from_secs(11));
        let tokens = poll(device_code.clone()).await;
        assert!(tokens["access_token"].is_string(), "{tokens}");
        assert!(tokens["refresh_token"].is_string());
        assert_eq!(crate::tokens::claims_of(tokens["id_token"].as_str().unwrap())["aud"], tv.id.as_str());
        app.advance(std::time::Duration::from_secs(11));
        assert_eq!(poll(device_code).await["error"], "invalid_grant", "used once");

        // Denied, and expired.
        let denied = start().await;
        let code = denied["user_code"].as_str().unwrap();
        browser.submit("/device", "/device", &[("user_code", code), ("decision", "deny")]).await;
        assert_eq!(poll(denied["device_code"].as_str().unwrap().to_owned()).await["error"], "access_denied");
        let late = start().await;
        app.advance(std::time::Duration::from_secs(601));
        assert_eq!(poll(late["device_code"].as_str().unwrap().to_owned()).await["error"], "expired_token");
    }
}

on_both_backends! {
    async fn prompt_login_and_max_age_make_the_user_sign_in_again(backend) {
        let app = TestApp::spawn_issuer(backend).await;
        let root = admin(&app, "root@example.com").await;
        app.register("ada@example.com").await;
        let spa = first_party_spa(&app, &root.access).await;
        let browser = Visitor::new(&app);
        browser.sign_in("ada@example.com", PASSWORD).await;
        let (verifier, challenge) = pkce();
        let ask = |extra: &[(&'static str, &'static str)]| {
            let mut params = vec![
                ("client_id", spa.id.as_str()), ("redirect_uri", REDIRECT), ("response_type", "code"),
                ("scope", "openid"), ("code_challenge", challenge.as_str()), ("code_challenge_method", "S256"),
            ];
            params.extend_from_slice(extra);
            authorize_path(&params)
        };
        // Signed in a moment ago: straight back with a code.
        let page = browser.get(&ask(&[("max_age", "60")])).await;
        assert!(param(&redirected(&page), "code").is_some(), "{}", page.body);

        app.advance(std::time::Duration::from_secs(120));
        // Too long ago for max_age: sign in again (prompt=none: an error).
        let page = browser.get(&ask(&[("max_age", "60")])).await;
        assert!(page.location().starts_with("/login?"), "{}", page.location());
        assert!(page.location().contains("reauth=1"));
        let page = browser.get(&ask(&[("max_age", "60"), ("prompt", "none")])).await;
        assert_eq!(param(&redirected(&page), "error"), Some("login_required"));

        // prompt=login: the password again, then a code whose tokens say so.
        let page = through_the_browser(&browser, &ask(&[("prompt", "login"), ("login_hint", "ada@example.com")]), "ada@example.com").await;
        let code = param(&redirected(&page), "code").unwrap().to_owned();
        let tokens: Value = exchange(&app, &code_exchange(&code, &verifier, &spa.id)).await.json().await.unwrap();
        let claims = crate::tokens::claims_of(tokens["id_token"].as_str().unwrap());
        assert_eq!(claims["auth_time"].as_i64(), Some(app.clock.now().timestamp()), "a fresh sign-in");
        // select_account is a sign-in too, and ends with a code, not a loop.
        let page = through_the_browser(&browser, &ask(&[("prompt", "select_account")]), "ada@example.com").await;
        assert!(param(&redirected(&page), "code").is_some(), "{}", page.body);
    }
}

on_both_backends! {
    async fn an_id_token_hint_for_another_user_is_never_answered_for_the_signed_in_one(backend) {
        let app = TestApp::spawn_issuer(backend).await;
        let root = admin(&app, "root@example.com").await;
        app.register("ada@example.com").await;
        app.register("bob@example.com").await;
        let spa = first_party_spa(&app, &root.access).await;
        let (verifier, challenge) = pkce();
        // Ada's ID token, from a first sign-in.
        let ada = Visitor::new(&app);
        let code = code_for(&app, &ada, &spa, "openid", &challenge).await;
        let tokens: Value = exchange(&app, &code_exchange(&code, &verifier, &spa.id)).await.json().await.unwrap();
        let hint = tokens["id_token"].as_str().unwrap().to_owned();
        let ask = |hint: &str| authorize_path(&[
            ("client_id", spa.id.as_str()), ("redirect_uri", REDIRECT), ("response_type", "code"),
            ("scope", "openid"), ("code_challenge", challenge.as_str()), ("code_challenge_method", "S256"),
            ("prompt", "none"), ("id_token_hint", hint),
        ]);
        // Ada's browser: silently answered.
        let page = ada.get(&ask(&hint)).await;
        assert!(param(&redirected(&page), "code").is_some(), "{}", page.location());
        // Bob's browser with Ada's hint: login_required, never Bob's code.
        let bob = Visitor::new(&app);
        bob.sign_in("bob@example.com", PASSWORD).await;
        let page = bob.get(&ask(&hint)).await;
        let params = redirected(&page);
        assert_eq!(param(&params, "error"), Some("login_required"));
        assert!(param(&params, "code").is_none());
        // A hint that is not our ID token is an error, not ignored.
        let page = ada.get(&ask("not.a.token")).await;
        assert_eq!(param(&redirected(&page), "error"), Some("invalid_request"));

        // A signed-out browser: the hint survives the sign-in, so signing
        // in as Bob still gives no code for Ada's request.
        let carol = Visitor::new(&app);
        let asked = authorize_path(&[
            ("client_id", spa.id.as_str()), ("redirect_uri", REDIRECT), ("response_type", "code"),
            ("scope", "openid"), ("code_challenge", challenge.as_str()), ("code_challenge_method", "S256"),
            ("id_token_hint", hint.as_str()),
        ]);
        let to_login = carol.get(&asked).await;
        assert!(to_login.location().starts_with("/login?"), "{}", to_login.location());
        let login_page = carol.get(to_login.location()).await;
        let mut fields = vec![
            ("email".to_owned(), "bob@example.com".to_owned()),
            ("password".to_owned(), PASSWORD.to_owned()),
        ];
        fields.extend(hidden_fields(&login_page));
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let signed_in = carol.post("/login", &fields).await;
        assert!(signed_in.location().starts_with("/oauth2/authorize?"), "{}", signed_in.location());
        let back = carol.get(signed_in.location()).await;
        assert!(back.location().starts_with("/login?"), "Bob signed in: not the hinted user, {}", back.location());
        assert!(param(&redirected(&back), "code").is_none());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revocation_on_one_instance_shows_in_introspection_on_another_within_seconds() {
    let app = TestApp::spawn_issuer(crate::helpers::Backend::Postgres).await;
    // Behind one load balancer: the same public URL, so the same issuer.
    let public_url = app.state.config.public_url.clone();
    let other = app
        .another_instance(|config| {
            config.public_url = public_url.clone();
            config.access_token_audience = public_url;
        })
        .await;
    let root = admin(&app, "root@example.com").await;
    let service = register_client(
        &app,
        &root.access,
        json!({
            "name": "API", "type": "confidential", "grant_types": ["client_credentials"],
        }),
    )
    .await;
    app.register("ada@example.com").await;
    let ada = app.login("ada@example.com").await;
    let secret = service.secret.clone().unwrap();
    let introspect = |on: &TestApp| {
        let request = on.client.post(on.url("/oauth2/introspect")).form(&[
            ("token", ada.access.as_str()),
            ("client_id", service.id.as_str()),
            ("client_secret", secret.as_str()),
        ]);
        async move { request.send().await.unwrap().json::<Value>().await.unwrap()["active"].clone() }
    };
    assert_eq!(introspect(&other).await, true);
    let revoked = app
        .client
        .post(app.url("/oauth2/revoke"))
        .form(&[("token", ada.refresh.as_str()), ("client_id", "palisade")])
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::OK);
    assert_eq!(introspect(&app).await, false, "at once where it happened");
    crate::helpers::eventually("the other instance sees the revocation", async || {
        introspect(&other).await == false
    })
    .await;
}

on_both_backends! {
    async fn an_apps_token_never_reaches_the_first_party_api_whatever_its_audience(backend) {
        let app = TestApp::spawn_issuer(backend).await;
        let root = admin(&app, "root@example.com").await;
        app.register("ada@example.com").await;
        let public_url = app.state.config.public_url.clone();
        let sneaky = register_client(&app, &root.access, json!({
            "name": "Sneaky", "type": "public", "redirect_uris": [REDIRECT], "first_party": true,
            "audience": public_url,
        })).await;
        let browser = Visitor::new(&app);
        let (verifier, challenge) = pkce();
        let code = code_for(&app, &browser, &sneaky, "openid", &challenge).await;
        let tokens: Value = exchange(&app, &code_exchange(&code, &verifier, &sneaky.id)).await.json().await.unwrap();
        let access = tokens["access_token"].as_str().unwrap();
        assert_eq!(crate::tokens::claims_of(access)["aud"], app.state.config.public_url.as_str());
        assert_eq!(app.me_status(access).await, StatusCode::UNAUTHORIZED);
        let admin_api = call(&app, Method::GET, "/v1/admin/users", access, None).await;
        assert_eq!(admin_api.status(), StatusCode::UNAUTHORIZED);
        // An ID token is no access token either.
        let id_token = tokens["id_token"].as_str().unwrap();
        let response = app.get_authed("/v1/users/me", id_token).await;
        crate::helpers::expect_problem(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_password_grant_spends_the_sign_in_budget_at_the_oauth_token_endpoint() {
    let app = TestApp::spawn_with(crate::helpers::Backend::Sqlite, |c| {
        c.rate_limit = palisade::core::throttle::RateLimit::Budget {
            requests: 3,
            per: std::time::Duration::from_secs(3600),
        };
    })
    .await;
    let (service, secret) = app
        .services
        .clients
        .create_by_operator(palisade::core::clients::ClientFields {
            name: Some("Billing".into()),
            kind: Some("confidential".into()),
            grant_types: Some(vec!["client_credentials".into()]),
            ..Default::default()
        })
        .await
        .unwrap();
    let secret = secret.unwrap();
    for _ in 0..6 {
        let response = exchange(
            &app,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", &service.client_id),
                ("client_secret", &secret),
            ],
        )
        .await;
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "an app's own traffic is not rationed"
        );
    }
    let guess = || {
        exchange(
            &app,
            &[
                ("grant_type", "password"),
                ("username", "ada@example.com"),
                ("password", "not the password"),
            ],
        )
    };
    for _ in 0..3 {
        assert_eq!(guess().await.status(), StatusCode::BAD_REQUEST);
    }
    let limited = guess().await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        limited.json::<Value>().await.unwrap()["error"],
        "temporarily_unavailable"
    );
}

on_both_backends! {
    async fn the_second_factor_comes_before_consent_and_acr_values_ask_for_two_factors(backend) {
        let app = TestApp::spawn_issuer(backend).await;
        let root = admin(&app, "root@example.com").await;
        let shop = register_client(&app, &root.access, json!({
            "name": "Shop", "type": "confidential", "redirect_uris": [REDIRECT],
        })).await;
        let (secret, _) = crate::mfa::enrolled(&app, "ada@example.com").await;
        let discovery: Value = app.client.get(app.url("/.well-known/openid-configuration"))
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(discovery["acr_values_supported"], json!(["1fa", "mfa"]));

        // Ada has an app: the code is asked for after the password, before consent.
        let ada = Visitor::new(&app);
        let (verifier, challenge) = pkce();
        let path = authorize_path(&[
            ("client_id", &shop.id), ("redirect_uri", REDIRECT), ("response_type", "code"),
            ("scope", "openid"), ("state", "s-1"), ("code_challenge", &challenge),
            ("code_challenge_method", "S256"), ("acr_values", "mfa"),
        ]);
        let code = crate::mfa::code(&app, &secret, 0);
        let page = through_the_browser_with(&ada, &path, "ada@example.com", Some(&code)).await;
        let params = redirected(&page);
        let tokens: Value = exchange(&app, &[
            ("grant_type", "authorization_code"), ("code", param(&params, "code").unwrap()),
            ("redirect_uri", REDIRECT), ("code_verifier", &verifier),
            ("client_id", &shop.id), ("client_secret", shop.secret.as_deref().unwrap()),
        ]).await.json().await.unwrap();
        let claims = crate::tokens::claims_of(tokens["id_token"].as_str().unwrap());
        assert_eq!(claims["amr"], json!(["pwd", "otp", "mfa"]));
        assert_eq!(claims["acr"], "mfa");

        // Bob signed in with a password alone: asking for two factors sends
        // him to sign in again; with no factor to give, he is not sent round
        // in circles, and the ID token says what was done.
        app.register("bob@example.com").await;
        let bob = Visitor::new(&app);
        let signed_in = through_the_browser(&bob, &authorize_path(&[
            ("client_id", &shop.id), ("redirect_uri", REDIRECT), ("response_type", "code"),
            ("scope", "openid"), ("code_challenge", &challenge), ("code_challenge_method", "S256"),
        ]), "bob@example.com").await;
        assert!(signed_in.location().starts_with(REDIRECT));
        let asked = bob.get(&authorize_path(&[
            ("client_id", &shop.id), ("redirect_uri", REDIRECT), ("response_type", "code"),
            ("scope", "openid"), ("code_challenge", &challenge), ("code_challenge_method", "S256"),
            ("acr_values", "http://schemas.openid.net/pape/policies/2007/06/multi-factor"),
        ])).await;
        assert!(asked.location().starts_with("/login?"), "{}", asked.location());
        assert!(asked.location().contains("reauth=1"), "{}", asked.location());
        let page = through_the_browser(&bob, asked.location(), "bob@example.com").await;
        let params = redirected(&page);
        let tokens: Value = exchange(&app, &[
            ("grant_type", "authorization_code"), ("code", param(&params, "code").unwrap()),
            ("redirect_uri", REDIRECT), ("code_verifier", &verifier),
            ("client_id", &shop.id), ("client_secret", shop.secret.as_deref().unwrap()),
        ]).await.json().await.unwrap();
        let claims = crate::tokens::claims_of(tokens["id_token"].as_str().unwrap());
        assert_eq!(claims["acr"], "1fa");
    }
}

on_both_backends! {
    async fn a_sealed_code_says_nothing_works_only_unaltered_and_dies_with_withdrawn_consent(backend) {
        let app = TestApp::spawn_issuer(backend).await;
        let root = admin(&app, "root@example.com").await;
        let ada = app.register_and_login("ada@example.com").await;
        let shop = register_client(&app, &root.access, json!({
            "name": "Shop", "type": "confidential", "redirect_uris": [REDIRECT],
        })).await;
        let secret = shop.secret.clone().unwrap();
        let browser = Visitor::new(&app);
        let (verifier, challenge) = pkce();
        let redeem = |code: String| {
            let (app, shop, secret, verifier) = (&app, &shop, &secret, &verifier);
            async move {
                exchange(app, &[
                    ("grant_type", "authorization_code"), ("code", &code), ("redirect_uri", REDIRECT),
                    ("code_verifier", verifier), ("client_id", &shop.id), ("client_secret", secret),
                ]).await
            }
        };
        let code = code_for(&app, &browser, &shop, "openid email", &challenge).await;
        // Sealed: neither the user, the address nor the challenge shows.
        assert!(!code.contains(&challenge) && !code.contains("ada"), "{code}");
        // Issuing it wrote nothing; one altered character and it is no code.
        let mut altered = code.clone().into_bytes();
        let last = altered.len() - 1;
        altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
        let altered = String::from_utf8(altered).unwrap();
        let refused: Value = redeem(altered).await.json().await.unwrap();
        assert_eq!(refused["error"], "invalid_grant");
        // Consent withdrawn before the exchange: the code is void.
        let withdrawn = call(&app, Method::DELETE, &format!("/v1/users/me/grants/{}", shop.id), &ada.access, None).await;
        assert_eq!(withdrawn.status(), StatusCode::NO_CONTENT);
        let void: Value = redeem(code).await.json().await.unwrap();
        assert_eq!(void["error"], "invalid_grant");
        // Past its 60 s, a fresh code is refused too.
        let code = code_for(&app, &browser, &shop, "openid email", &challenge).await;
        app.advance(std::time::Duration::from_secs(61));
        let late: Value = redeem(code).await.json().await.unwrap();
        assert_eq!(late["error"], "invalid_grant");
    }
}
