//! @palisade/browser, the library for single-page apps, in headless
//! Chromium against a live Palisade: an app on another origin signs in
//! through the hosted pages (code + PKCE), two tabs whose token expired
//! refresh it once between them, a sign-out reaches the other tab, and a
//! password sign-in answers a second factor.

use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::Router;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use serde_json::{Value, json};
use totp_rs::{Algorithm, Secret, TOTP};

use super::{Live, PASSWORD, cli, field, signed_in};
use crate::browser::Browser;
use crate::helpers::unused_port;

/// The app: one page for everything (its own URL is the redirect URI too).
const PAGE: &str = r#"<!doctype html>
<meta charset="utf-8"><title>An app behind Palisade</title>
<button id="signin">Sign in</button> <button id="signout">Sign out</button>
<p id="user">…</p>
<script type="module">
  import { PalisadeBrowser } from "/palisade.js";
  // Counts refresh requests across tabs (they share localStorage), and
  // makes each take 300 ms, so that two tabs needing one overlap.
  const send = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    if (String(input).endsWith("/oauth2/token") && String(init?.body).includes("grant_type=refresh_token")) {
      localStorage.setItem("refreshes", String(Number(localStorage.getItem("refreshes") ?? 0) + 1));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    return send(input, init);
  };
  const palisade = new PalisadeBrowser(await (await send("/config.json")).json());
  window.palisade = palisade;
  const show = (user) => { document.getElementById("user").textContent = user ? user.email : "signed out"; };
  palisade.onChange(show);
  document.getElementById("signin").onclick = () => palisade.signIn();
  document.getElementById("signout").onclick = () => palisade.signOut();
  await palisade.handleRedirect();
  show(await palisade.user());
</script>
"#;

/// Two instances of the app on one page.
const PAIR: &str = r#"<!doctype html><meta charset="utf-8"><title>Two instances</title>
<iframe src="/app"></iframe><iframe src="/app"></iframe>"#;

fn library_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("integrations/browser")
}

/// Compiles the library (TypeScript) as the app will load it.
fn build_library() {
    let dir = library_dir();
    assert!(
        dir.join("node_modules/typescript").exists(),
        "integrations/browser/node_modules is missing: run scripts/test once (it runs npm ci there)"
    );
    let out = std::process::Command::new("npx")
        .args(["tsc", "-p", "."])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "tsc: {out:?}");
}

/// Serves the app on `port`, configured for `issuer` and `client_id`.
async fn serve_app(port: u16, issuer: String, client_id: String) {
    let origin = format!("http://127.0.0.1:{port}");
    let config = json!({
        "issuer": issuer, "clientId": client_id, "redirectUri": format!("{origin}/app"),
        // The live server's tokens last 3 s: refresh only in the last second.
        "refreshMargin": 1,
    });
    let script = || async {
        let js = std::fs::read_to_string(library_dir().join("dist/index.js")).unwrap();
        ([("content-type", "text/javascript")], js).into_response()
    };
    let app = Router::new()
        .route("/app", get(|| async { Html(PAGE) }))
        .route("/pair", get(|| async { Html(PAIR) }))
        .route("/palisade.js", get(script))
        .route(
            "/config.json",
            get(move || async move { axum::Json(config) }),
        );
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
}

/// Waits (at most 10 s) until `#user` says `want`.
async fn shows(b: &Browser, want: &str) {
    for _ in 0..100 {
        if b.has("#user").await && b.text("#user").await == want {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("#user never said {want}: {}", b.source().await);
}

/// Starts `call` (a promise expression) in the current tab; its result lands in `window.outcome`.
async fn start(b: &Browser, call: &str) {
    b.execute(&format!(
        "window.outcome = null; {call}.then(v => window.outcome = v, e => window.outcome = 'error: ' + e.message);"
    ))
    .await;
}

async fn outcome(b: &Browser) -> Value {
    for _ in 0..100 {
        let value = b.execute("return window.outcome;").await;
        if !value.is_null() {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the call never finished");
}

/// A live Palisade that lets the app's origin in, the app's client
/// registered, the app compiled and served: the server and the app's origin.
async fn app_and_palisade() -> (Live, String) {
    build_library();
    let port = unused_port();
    let origin = format!("http://127.0.0.1:{port}");
    let live = Live::start_with(&[("PALISADE_CORS_ORIGINS", origin.as_str())]);
    let created = cli(
        &live.database_url,
        &[
            "clients",
            "create",
            "--name",
            "spa",
            "--public",
            "--first-party",
        ],
        &[("--redirect-uri", &format!("{origin}/app"))],
    );
    serve_app(port, live.url.clone(), field(&created, "client_id:")).await;
    (live, origin)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_single_page_app_signs_in_with_pkce_and_its_tabs_refresh_once_between_them() {
    let (live, origin) = app_and_palisade().await;
    signed_in(&live, "ada@example.com").await;

    let b = Browser::start(true).await;
    b.goto(&format!("{origin}/app")).await;
    shows(&b, "signed out").await;
    b.click("#signin").await;
    // Palisade's own sign-in page, then back to the app with a code.
    b.fill("#email", "ada@example.com").await;
    b.fill("#password", PASSWORD).await;
    b.click("main button[type=submit]").await;
    shows(&b, "ada@example.com").await;
    assert!(b.url().await.starts_with(&origin), "back in the app");
    assert!(
        !b.url().await.contains("code="),
        "the code left the address bar"
    );

    // A second tab shares the session.
    let first = b.current_tab().await;
    let second = b.new_tab().await;
    b.switch_to(&second).await;
    b.goto(&format!("{origin}/app")).await;
    shows(&b, "ada@example.com").await;

    // The access token expires (3 s). Two instances of the app (two frames
    // of one page: like two tabs, but neither is a throttled background
    // tab) call an API at the same moment; each refresh takes 300 ms.
    b.switch_to(&first).await;
    b.goto(&format!("{origin}/pair")).await;
    let both_signed_in = "return Array.from(document.querySelectorAll('iframe'), (i) => i.contentWindow).map(f => f.document.getElementById('user')?.textContent);";
    for _ in 0..100 {
        if b.execute(both_signed_in).await == json!(["ada@example.com", "ada@example.com"]) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(4)).await;
    // The OpenID userinfo endpoint takes an app's tokens (the JSON API, the first party's).
    start(
        &b,
        &format!(
            "(localStorage.setItem('refreshes', '0'), Promise.all(Array.from(document.querySelectorAll('iframe'), (i) => i.contentWindow).map(f => \
             f.palisade.fetch('{}/oauth2/userinfo').then(r => r.status))))",
            live.url
        ),
    )
    .await;
    assert_eq!(outcome(&b).await, json!([200, 200]));
    let refreshes = b.execute("return localStorage.getItem('refreshes');").await;
    assert_eq!(
        refreshes,
        json!("1"),
        "one instance refreshed, the other waited for the lock and used its result"
    );
    b.goto(&format!("{origin}/app")).await;
    shows(&b, "ada@example.com").await;

    // Signing out in one tab signs out the other.
    b.switch_to(&first).await;
    b.click("#signout").await;
    shows(&b, "signed out").await;
    b.switch_to(&second).await;
    shows(&b, "signed out").await;
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_sign_in_from_a_single_page_app_answers_the_second_factor() {
    let (live, origin) = app_and_palisade().await;

    // Grace enrolls an authenticator app through the API.
    let tokens = signed_in(&live, "grace@example.com").await;
    let access = tokens["access_token"].as_str().unwrap();
    let http = crate::helpers::client_builder().build().unwrap();
    let setup: Value = http
        .post(format!("{}/v1/users/me/mfa/totp", live.url))
        .bearer_auth(access)
        .json(&json!({"password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let seed = Secret::Encoded(setup["secret"].as_str().unwrap().to_owned())
        .to_bytes()
        .unwrap();
    let totp = TOTP::new_unchecked(Algorithm::SHA1, 6, 1, 30, seed);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let confirmed = http
        .post(format!("{}/v1/users/me/mfa/totp/confirm", live.url))
        .bearer_auth(access)
        .json(&json!({"code": totp.generate(now)}))
        .send()
        .await
        .unwrap();
    assert!(confirmed.status().is_success());

    let b = Browser::start(true).await;
    b.goto(&format!("{origin}/app")).await;
    shows(&b, "signed out").await;
    start(
        &b,
        &format!("palisade.signInWithPassword('grace@example.com', '{PASSWORD}')"),
    )
    .await;
    let step = outcome(&b).await;
    assert_eq!(step["mfaRequired"], json!(true), "{step}");
    assert!(
        step["methods"].as_array().unwrap().contains(&json!("totp")),
        "{step}"
    );
    // The code of the next 30 s step: the current one was spent confirming.
    let code = totp.generate(now + 30);
    start(
        &b,
        &format!(
            "palisade.secondFactor('{}', '{code}').then(u => u.email)",
            step["mfaToken"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(outcome(&b).await, json!("grace@example.com"));
    shows(&b, "grace@example.com").await;
    b.quit().await;
}
