//! Two instances on one PostgreSQL behave as one service: revocations, role
//! changes and key rotations reach the other instance through LISTEN/NOTIFY
//! well inside the periodic fallback bounds, and concurrent refreshes split
//! across instances obey the grace-window rules.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::admin::{admin, call};
use crate::helpers::{Backend, PASSWORD, TestApp, Tokens};

/// Well below the fallbacks (sessions are reread every 2 s, roles every 1 s,
/// keys every 4 s): passing means the notice, not the timer, did it.
const NOTICE_BOUND: Duration = Duration::from_millis(800);

async fn two_instances() -> (TestApp, TestApp) {
    let a = TestApp::spawn(Backend::Postgres).await;
    let b = a.another_instance(|_| {}).await;
    // Let both LISTEN before anything happens.
    tokio::time::sleep(Duration::from_millis(300)).await;
    (a, b)
}

/// How long until `b` refuses the token (polling every 10 ms, at most 3 s).
async fn until_refused(b: &TestApp, access: &str) -> Duration {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(3) {
        if b.me_status(access).await == StatusCode::UNAUTHORIZED {
            return started.elapsed();
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    started.elapsed()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_way_of_ending_a_session_reaches_the_other_instance_at_once() {
    let (a, b) = two_instances().await;
    let root = admin(&a, "root@example.com").await;
    a.register("ada@example.com").await;

    // logout
    let t = a.login("ada@example.com").await;
    assert_eq!(
        b.me_status(&t.access).await,
        StatusCode::OK,
        "B has it cached as live"
    );
    a.post_authed("/v1/auth/logout", &t.access).await;
    assert!(until_refused(&b, &t.access).await < NOTICE_BOUND, "logout");

    // logout-all
    let (t1, t2) = (
        a.login("ada@example.com").await,
        a.login("ada@example.com").await,
    );
    assert_eq!(b.me_status(&t1.access).await, StatusCode::OK);
    a.post_authed("/v1/auth/logout-all", &t2.access).await;
    assert!(
        until_refused(&b, &t1.access).await < NOTICE_BOUND,
        "logout-all"
    );

    // password change ends the other sessions
    let (here, elsewhere) = (
        a.login("ada@example.com").await,
        a.login("ada@example.com").await,
    );
    assert_eq!(b.me_status(&elsewhere.access).await, StatusCode::OK);
    let change = json!({"current_password": PASSWORD, "new_password": "a brand new passphrase 42"});
    assert_eq!(
        call(
            &a,
            Method::POST,
            "/v1/auth/password/change",
            &here.access,
            Some(change)
        )
        .await
        .status(),
        StatusCode::NO_CONTENT
    );
    assert!(
        until_refused(&b, &elsewhere.access).await < NOTICE_BOUND,
        "password change"
    );
    assert_eq!(
        b.me_status(&here.access).await,
        StatusCode::OK,
        "the current session stays"
    );

    // an admin disables the user
    let id = b
        .get_authed("/v1/users/me", &here.access)
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    call(
        &a,
        Method::PATCH,
        &format!("/v1/admin/users/{id}"),
        &root.access,
        Some(json!({"disabled": true})),
    )
    .await;
    assert!(
        until_refused(&b, &here.access).await < NOTICE_BOUND,
        "disable"
    );
}

/// The profile B shows, polled until `shows` holds (at most 3 s): how long it took.
async fn until_profile(b: &TestApp, access: &str, shows: impl Fn(&Value) -> bool) -> Duration {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(3) {
        let me: Value = b
            .get_authed("/v1/users/me", access)
            .await
            .json()
            .await
            .unwrap();
        if shows(&me) {
            return started.elapsed();
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("B never showed the change");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_changed_on_one_instance_shows_on_the_other_at_once() {
    let (a, b) = two_instances().await;
    let root = admin(&a, "root@example.com").await;
    let ada = a.register_and_login("ada@example.com").await;
    // B reads (and keeps) Ada's profile first.
    let me: Value = b
        .get_authed("/v1/users/me", &ada.access)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["display_name"], Value::Null);
    let patched = a
        .client
        .patch(a.url("/v1/users/me"))
        .bearer_auth(&ada.access)
        .json(&json!({"display_name": "Ada Lovelace"}))
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), StatusCode::OK);
    let took = until_profile(&b, &ada.access, |me| me["display_name"] == "Ada Lovelace").await;
    assert!(took < NOTICE_BOUND, "name: {took:?}");
    // A role granted on A is in B's profile as soon.
    let id = me["id"].as_str().unwrap();
    call(
        &a,
        Method::PUT,
        &format!("/v1/admin/users/{id}/roles/admin"),
        &root.access,
        None,
    )
    .await;
    let took = until_profile(&b, &ada.access, |me| {
        me["roles"]
            .as_array()
            .is_some_and(|r| r.iter().any(|r| r == "admin"))
    })
    .await;
    assert!(took < NOTICE_BOUND, "role: {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_granted_on_one_instance_applies_on_the_other_at_the_next_request() {
    let (a, b) = two_instances().await;
    let root = admin(&a, "root@example.com").await;
    let ada = a.register_and_login("ada@example.com").await;
    let id = b
        .get_authed("/v1/users/me", &ada.access)
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        call(&b, Method::GET, "/v1/admin/users", &ada.access, None)
            .await
            .status(),
        StatusCode::FORBIDDEN,
        "B caches: no permission"
    );
    call(
        &a,
        Method::PUT,
        &format!("/v1/admin/users/{id}/roles/admin"),
        &root.access,
        None,
    )
    .await;
    let started = Instant::now();
    let mut status = StatusCode::FORBIDDEN;
    while started.elapsed() < Duration::from_secs(3) && status == StatusCode::FORBIDDEN {
        status = call(&b, Method::GET, "/v1/admin/users", &ada.access, None)
            .await
            .status();
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(status, StatusCode::OK);
    assert!(started.elapsed() < NOTICE_BOUND, "{:?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_rotate_reaches_every_running_instance() {
    let (a, b) = two_instances().await;
    let url = a.database_url.clone();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_palisade"))
            .env("DATABASE_URL", url)
            .args(["keys", "rotate", "--now"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = stdout
        .lines()
        .find(|l| l.starts_with("new signing key"))
        .expect("the new kid is printed");
    let kid = line.split_whitespace().nth(3).unwrap().to_owned();
    let started = Instant::now();
    for app in [&a, &b] {
        loop {
            let jwks: Value = app.get_json("/.well-known/jwks.json").await;
            if jwks["keys"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["kid"] == kid.as_str())
            {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(6),
                "new key published"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    assert!(started.elapsed() < NOTICE_BOUND, "{:?}", started.elapsed());
    // Both sign with it: the command's "now" is the real time, which the
    // instances' test clock (frozen at their start) has to catch up with.
    a.advance(Duration::from_secs(60));
    a.register("ada@example.com").await;
    for app in [&a, &b] {
        let token = app.login("ada@example.com").await.access;
        let header = token.split('.').next().unwrap();
        let header: Value = serde_json::from_slice(
            &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, header)
                .unwrap(),
        )
        .unwrap();
        assert_eq!(header["kid"], kid.as_str());
    }
}

async fn refresh_on_both(a: &TestApp, b: &TestApp, token: &str) -> Vec<reqwest::Response> {
    let requests = [a, b].map(|app| {
        let (client, url, token) = (
            app.client.clone(),
            app.url("/v1/auth/refresh"),
            token.to_owned(),
        );
        async move {
            client
                .post(url)
                .json(&json!({"refresh_token": token}))
                .send()
                .await
                .unwrap()
        }
    });
    let [x, y] = requests;
    let (x, y) = tokio::join!(x, y);
    vec![x, y]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_refreshes_across_instances_obey_the_grace_window() {
    let (a, b) = two_instances().await;
    let first = a.register_and_login("ada@example.com").await;
    let both = refresh_on_both(&a, &b, &first.refresh).await;
    assert!(
        both.iter().all(|r| r.status() == StatusCode::OK),
        "inside the grace window both succeed"
    );

    let strict_a = a
        .another_instance(|c| c.refresh_reuse_grace = Duration::ZERO)
        .await;
    let strict_b = a
        .another_instance(|c| c.refresh_reuse_grace = Duration::ZERO)
        .await;
    let tokens = strict_a.login("ada@example.com").await;
    let both = refresh_on_both(&strict_a, &strict_b, &tokens.refresh).await;
    let winners: Vec<_> = both
        .into_iter()
        .filter(|r| r.status() == StatusCode::OK)
        .collect();
    assert_eq!(winners.len(), 1, "without grace one wins");
    let winner = Tokens::from(
        winners
            .into_iter()
            .next()
            .unwrap()
            .json::<Value>()
            .await
            .unwrap(),
    );
    assert_eq!(
        strict_a.refresh(&winner.refresh).await.status(),
        StatusCode::UNAUTHORIZED,
        "and the reuse ended the session"
    );
}
