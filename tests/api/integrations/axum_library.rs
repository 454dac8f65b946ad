//! palisade-axum, the Rust library (a dev-dependency), against a live Palisade.

use std::time::Duration;

use axum::Router;
use axum::routing::get;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use palisade_axum::{Claims, Config, Palisade, Requirement};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{ACCESS_TTL_SECONDS, Live, cli, signed_in};

/// Registers (when new) and signs in at the live server: the access token.
async fn sign_in(live: &Live, email: &str) -> String {
    let tokens = signed_in(live, email).await;
    tokens["access_token"].as_str().unwrap().to_owned()
}

fn part(token: &str, i: usize) -> Value {
    let piece = token.split('.').nth(i).unwrap();
    serde_json::from_slice(&B64.decode(piece).unwrap()).unwrap()
}

fn b64(value: &Value) -> String {
    B64.encode(value.to_string())
}

/// An app guarded by `palisade`, served; its base URL.
async fn serve(palisade: &Palisade) -> String {
    let app = Router::new()
        .route("/me", get(|claims: Claims| async move { claims.sub }))
        .route(
            "/admin",
            get(|| async { "admin" }).layer(palisade.require(Requirement::role("admin"))),
        )
        .route(
            "/reports",
            get(|| async { "reports" })
                .layer(palisade.require(Requirement::permission("reports:read"))),
        )
        .route(
            "/orders",
            get(|| async { "orders" }).layer(palisade.require(Requirement::scope("orders:write"))),
        )
        .layer(palisade.layer());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

async fn get_with(base: &str, path: &str, token: Option<&str>) -> reqwest::Response {
    let mut request = crate::helpers::client_builder()
        .build()
        .unwrap()
        .get(format!("{base}{path}"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

fn challenge(answer: &reqwest::Response) -> String {
    answer.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_axum_library_accepts_palisades_tokens_and_refuses_every_bad_one() {
    let live = Live::start();
    let token = sign_in(&live, "ada@example.com").await;
    let app = serve(&Palisade::new(Config::new(&live.url))).await;

    let answer = get_with(&app, "/me", Some(&token)).await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        answer.text().await.unwrap(),
        part(&token, 1)["sub"].as_str().unwrap()
    );

    let answer = get_with(&app, "/me", None).await;
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(challenge(&answer), "Bearer");

    // Another issuer (the right keys, another iss expected) and another audience.
    let jwks = format!("{}/.well-known/jwks.json", live.url);
    let foreign = serve(&Palisade::new(
        Config::new("https://auth.elsewhere.example").jwks_url(&jwks),
    ))
    .await;
    assert_eq!(
        get_with(&foreign, "/me", Some(&token)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let elsewhere = serve(&Palisade::new(
        Config::new(&live.url).audience("https://api.elsewhere.example"),
    ))
    .await;
    assert_eq!(
        get_with(&elsewhere, "/me", Some(&token)).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Tampered (made an admin) and unsigned.
    let mut claims = part(&token, 1);
    claims["roles"] = json!(["admin"]);
    let pieces: Vec<&str> = token.split('.').collect();
    let tampered = format!("{}.{}.{}", pieces[0], b64(&claims), pieces[2]);
    assert_eq!(
        get_with(&app, "/admin", Some(&tampered)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let header = json!({"alg": "none", "typ": "at+jwt", "kid": part(&token, 0)["kid"]});
    let none = format!("{}.{}.", b64(&header), b64(&claims));
    assert_eq!(
        get_with(&app, "/admin", Some(&none)).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Roles, permissions, scopes.
    let admin_email = "root@example.com";
    cli(
        &live.database_url,
        &["admin", "create", "--email", admin_email],
        &[],
    );
    let admin = sign_in(&live, admin_email).await;
    let ruled = serve(
        &Palisade::new(Config::new(&live.url)).with_role_permissions([("admin", ["reports:read"])]),
    )
    .await;
    assert_eq!(
        get_with(&ruled, "/admin", Some(&token)).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get_with(&ruled, "/admin", Some(&admin)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        get_with(&ruled, "/reports", Some(&token)).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get_with(&ruled, "/reports", Some(&admin)).await.status(),
        StatusCode::OK
    );
    let refused = get_with(&ruled, "/orders", Some(&admin)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(challenge(&refused).contains("error=\"insufficient_scope\""));

    // Expired: the live server's tokens last 3 s, and 1 s of leeway.
    tokio::time::sleep(Duration::from_millis(ACCESS_TTL_SECONDS * 1000 + 1500)).await;
    let answer = get_with(&app, "/me", Some(&token)).await;
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    assert!(
        challenge(&answer).contains("expired"),
        "{}",
        challenge(&answer)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_axum_library_refuses_a_logged_out_token_when_it_checks_revocation() {
    let live = Live::start();
    let token = sign_in(&live, "ada@example.com").await;
    let (id, secret) = live.client.clone();
    let online = serve(&Palisade::new(Config::new(&live.url).check_revocation(
        id,
        secret,
        Duration::ZERO,
    )))
    .await;
    let offline = serve(&Palisade::new(Config::new(&live.url))).await;
    assert_eq!(
        get_with(&online, "/me", Some(&token)).await.status(),
        StatusCode::OK
    );
    let logout = crate::helpers::client_builder()
        .build()
        .unwrap()
        .post(format!("{}/v1/auth/logout", live.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        get_with(&online, "/me", Some(&token)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // Offline verification accepts it until its exp, as documented.
    assert_eq!(
        get_with(&offline, "/me", Some(&token)).await.status(),
        StatusCode::OK
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_axum_library_follows_a_key_rotation_with_one_fetch_and_ignores_forged_kids() {
    let live = Live::start();
    // Palisade signs with a rotated key after PALISADE_KEY_ACTIVATION_DELAY
    // (4 s here), longer than this verifier's cool-down (2 s).
    let palisade = Palisade::new(Config::new(&live.url).refetch_cooldown(Duration::from_secs(2)));
    let app = serve(&palisade).await;
    let before = sign_in(&live, "ada@example.com").await;
    assert_eq!(
        get_with(&app, "/me", Some(&before)).await.status(),
        StatusCode::OK
    );
    let pieces: Vec<&str> = before.split('.').collect();
    for i in 0..20 {
        let forged = json!({"alg": "ES256", "typ": "at+jwt", "kid": format!("forged-{i}")});
        let token = format!("{}.{}.{}", b64(&forged), pieces[1], pieces[2]);
        assert_eq!(
            get_with(&app, "/me", Some(&token)).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        palisade.verifier().jwks_fetches(),
        1,
        "forged kids fetched the key set"
    );
    cli(&live.database_url, &["keys", "rotate"], &[]);
    let mut after = None;
    for _ in 0..100 {
        let token = sign_in(&live, "ada@example.com").await;
        // Every token, old key or new, is accepted meanwhile.
        assert_eq!(
            get_with(&app, "/me", Some(&token)).await.status(),
            StatusCode::OK
        );
        if part(&token, 0)["kid"] != part(&before, 0)["kid"] {
            after = Some(token);
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(after.is_some(), "the server never signed with the new key");
    assert_eq!(palisade.verifier().jwks_fetches(), 2);
}
