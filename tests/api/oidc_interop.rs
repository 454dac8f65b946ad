//! Stock relying parties against Palisade: openid-client (Node.js, the
//! certified library) and Authlib (Python) each run discovery, the
//! authorization code flow with PKCE and validate the ID token themselves;
//! the browser part is driven through the hosted sign-in and consent pages.

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::admin::admin;
use crate::helpers::{Backend, PASSWORD, TestApp};
use crate::interop::{node_script, python};
use crate::oidc::{REDIRECT, register_client, through_the_browser};
use crate::pages::Visitor;

/// Runs a relying-party script: it prints the authorization URL, the
/// browser follows it, the script gets the callback and prints its findings.
async fn relying_party(app: &TestApp, browser: &Visitor, mut command: Command) -> Value {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut url = String::new();
    stdout.read_line(&mut url).unwrap();
    let base = app.url("");
    let path = url
        .trim()
        .strip_prefix(base.trim_end_matches('/'))
        .unwrap_or_else(|| panic!("an authorization URL on this server: {url}"))
        .to_owned();
    let landed = through_the_browser(browser, &path, "ada@example.com").await;
    let callback = landed.location().to_owned();
    assert!(callback.starts_with(REDIRECT), "{callback}");
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{callback}").unwrap();
    drop(stdin);
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    child.wait().unwrap();
    serde_json::from_str(&line).unwrap_or_else(|_| panic!("one JSON line: {line}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openid_client_runs_the_whole_flow_and_validates_everything_itself() {
    let app = TestApp::spawn_issuer(Backend::Sqlite).await;
    let root = admin(&app, "root@example.com").await;
    app.register("ada@example.com").await;
    let bye = "https://shop.example.com/signed-out";
    let shop = register_client(
        &app,
        &root.access,
        json!({
            "name": "Shop", "type": "confidential", "redirect_uris": [REDIRECT],
            "post_logout_redirect_uris": [bye],
        }),
    )
    .await;
    let mut command = Command::new("node");
    command.arg(node_script("oidc_rp.mjs")).args([
        app.url("").trim_end_matches('/'),
        &shop.id,
        shop.secret.as_deref().unwrap(),
        REDIRECT,
        bye,
    ]);
    let browser = Visitor::new(&app);
    let seen = relying_party(&app, &browser, command).await;
    assert!(seen.get("error").is_none(), "{seen}");
    assert_eq!(seen["claims"]["email"], "ada@example.com");
    assert_eq!(seen["userinfo"]["sub"], seen["claims"]["sub"]);
    assert_eq!(
        seen["refreshed"],
        json!({"id_token": true, "rotated": true})
    );
    assert_eq!(seen["introspection"]["active"], true);
    assert_eq!(seen["introspection"]["client_id"], shop.id.as_str());
    assert_eq!(seen["after_revocation"]["active"], false);
    // The end-session URL openid-client built signs the browser out and
    // returns to the app with its state.
    let end = seen["end_session"].as_str().unwrap();
    let path = end.strip_prefix(app.url("").trim_end_matches('/')).unwrap();
    let page = browser.get(path).await;
    assert_eq!(page.location(), format!("{bye}?state=bye"), "{}", page.body);
    assert_eq!(
        browser.get("/account").await.status,
        reqwest::StatusCode::SEE_OTHER
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authlib_runs_the_flow_and_a_service_gets_client_credentials() {
    let app = TestApp::spawn_issuer(Backend::Postgres).await;
    let root = admin(&app, "root@example.com").await;
    app.register("ada@example.com").await;
    let shop = register_client(
        &app,
        &root.access,
        json!({
            "name": "Shop", "type": "confidential", "redirect_uris": [REDIRECT],
        }),
    )
    .await;
    let service = register_client(
        &app,
        &root.access,
        json!({
            "name": "Billing", "type": "confidential", "grant_types": ["client_credentials"],
        }),
    )
    .await;
    let mut command = Command::new(python());
    command
        .arg(
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/interop/oidc_authlib.py"),
        )
        .args([
            app.url("").trim_end_matches('/'),
            &shop.id,
            shop.secret.as_deref().unwrap(),
            REDIRECT,
            &service.id,
            service.secret.as_deref().unwrap(),
        ]);
    let seen = relying_party(&app, &Visitor::new(&app), command).await;
    assert!(seen.get("error").is_none(), "{seen}");
    assert_eq!(seen["claims"]["email"], "ada@example.com");
    assert_eq!(seen["userinfo"]["email"], "ada@example.com");
    assert_eq!(seen["service_token"]["token_type"], "Bearer");
}

/// openid-client runs the device authorization grant as a TV would: its own
/// polling (at the server's interval), its own ID token checks; the user
/// types the code on /device. The test's clock moves on while it polls.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openid_client_signs_a_device_in_with_the_device_authorization_grant() {
    let app = TestApp::spawn_issuer(Backend::Sqlite).await;
    let root = admin(&app, "root@example.com").await;
    app.register("ada@example.com").await;
    let tv = register_client(
        &app,
        &root.access,
        json!({
            "name": "Living-room TV", "type": "public",
            "grant_types": ["urn:ietf:params:oauth:grant-type:device_code"],
        }),
    )
    .await;
    let mut child = Command::new("node")
        .arg(node_script("oidc_device.mjs"))
        .args([app.url("").trim_end_matches('/'), &tv.id])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let device: Value =
        serde_json::from_str(&line).unwrap_or_else(|_| panic!("the user code: {line}"));
    let user_code = device["user_code"].as_str().unwrap().to_owned();
    assert_eq!(device["verification_uri"], app.url("/device"));

    // The user types it on /device and allows the TV.
    let browser = Visitor::new(&app);
    browser.sign_in("ada@example.com", PASSWORD).await;
    let done = browser
        .submit(
            "/device",
            "/device",
            &[("user_code", &user_code), ("decision", "allow")],
        )
        .await;
    assert!(done.body.contains("Device connected"), "{}", done.body);

    // The library polls every few seconds; the server's clock keeps pace.
    let clock = app.clock.clone();
    let ticking = tokio::spawn(async move {
        loop {
            clock.advance(std::time::Duration::from_secs(6));
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    });
    let result = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        child.wait().unwrap();
        line
    })
    .await
    .unwrap();
    ticking.abort();
    let seen: Value =
        serde_json::from_str(&result).unwrap_or_else(|_| panic!("one JSON line: {result}"));
    assert!(seen.get("error").is_none(), "{seen}");
    assert_eq!(seen["claims"]["aud"], tv.id.as_str());
    assert_eq!(seen["claims"]["email"], "ada@example.com");
    assert_eq!(seen["userinfo"]["sub"], seen["claims"]["sub"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openid_client_discovers_a_tenant_at_its_own_issuer_and_runs_the_flow_there() {
    let app = TestApp::spawn_issuer(Backend::Sqlite).await;
    let root = admin(&app, "root@example.com").await;
    crate::tenant_isolation::create_tenant(&app, &root, "acme").await;
    // Acme's admin, who registers acme's app.
    let boss = crate::tenant_isolation::tenant_admin(&app, "acme", "boss@acme.example").await;
    let bye = "https://shop.example.com/signed-out";
    let created = crate::admin::call(&app, reqwest::Method::POST, "/t/acme/v1/admin/clients", &boss.access, Some(json!({
        "name": "Acme shop", "type": "confidential", "redirect_uris": [REDIRECT], "post_logout_redirect_uris": [bye],
    }))).await;
    assert_eq!(created.status(), reqwest::StatusCode::CREATED);
    let shop: Value = created.json().await.unwrap();
    // Ada exists in acme only; default has never heard of her.
    crate::tenant_isolation::sign_up(&app, "/t/acme", "ada@example.com").await;

    let issuer = app.url("/t/acme");
    let mut command = Command::new("node");
    command.arg(node_script("oidc_rp.mjs")).args([
        issuer.as_str(),
        shop["client_id"].as_str().unwrap(),
        shop["client_secret"].as_str().unwrap(),
        REDIRECT,
        bye,
    ]);
    let browser = Visitor::new(&app);
    let seen = relying_party(&app, &browser, command).await;
    assert!(seen.get("error").is_none(), "{seen}");
    assert_eq!(seen["claims"]["iss"], issuer.as_str());
    assert_eq!(seen["claims"]["email"], "ada@example.com");
    assert_eq!(seen["userinfo"]["sub"], seen["claims"]["sub"]);
    assert_eq!(seen["introspection"]["active"], true);
    assert_eq!(seen["after_revocation"]["active"], false);
    assert!(
        seen["end_session"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{issuer}/oauth2/logout")),
        "{seen}"
    );
    // The same client id means nothing to default.
    let elsewhere = app.client.get(app.url(&format!(
        "/oauth2/authorize?client_id={}&redirect_uri={REDIRECT}&response_type=code&scope=openid",
        shop["client_id"].as_str().unwrap()
    ))).send().await.unwrap();
    assert_eq!(
        elsewhere.status(),
        reqwest::StatusCode::BAD_REQUEST,
        "an unknown client gets the error page"
    );
}
