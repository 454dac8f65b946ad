//! What a security review found (issue 12), each with the test that failed
//! before the fix: lookalike addresses, pattern-matched erasure, custom roles
//! acting on stronger users, world-readable files, racing cooldowns, IPv6
//! sites multiplying budgets, a thief locking the owner out, HSTS behind an
//! https public URL, and a password scorer that stalled the server.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::admin::{admin, call};
use crate::auth::futures_join;
use crate::hardening::client_from;
use crate::helpers::{Backend, PASSWORD, TestApp, expect_problem};

on_both_backends! {
    async fn lookalike_addresses_are_refused_and_one_mailbox_has_one_account(backend) {
        let app = TestApp::spawn(backend).await;
        let register = |email: &str| app.post_json("/v1/auth/register", json!({"email": email, "password": PASSWORD}));
        for lookalike in [
            "root\u{200b}@example.com",
            "r\u{43e}\u{43e}t@example.com",
            "\u{ff52}\u{ff4f}\u{ff4f}\u{ff54}@example.com",
            "ro\u{ad}ot@example.com",
            "ada..x@example.com",
        ] {
            let body = expect_problem(register(lookalike).await, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
            assert_eq!(body["errors"][0]["code"], "invalid_email", "{lookalike:?}");
        }
        assert_eq!(register("jos\u{e9}@example.com").await.status(), StatusCode::CREATED);
        // The same address, decomposed: the same mailbox.
        expect_problem(register("jose\u{301}@example.com").await, StatusCode::CONFLICT, "email_taken").await;
        // And it signs in however it is typed.
        let login = app.post_json("/v1/auth/login", json!({"email": "JOSE\u{301}@example.com", "password": PASSWORD})).await;
        assert_eq!(login.status(), StatusCode::OK);
    }
}

on_both_backends! {
    async fn erasing_an_account_named_like_a_pattern_keeps_everyone_elses_backoff(backend) {
        let app = TestApp::spawn(backend).await;
        let wildcard = app.register_and_login("%@example.org").await;
        app.register("bob@example.org").await;
        let guess = |email: &'static str| app.post_json("/v1/auth/login", json!({"email": email, "password": "guess-guess-guess"}));
        for _ in 0..6 {
            guess("bob@example.org").await;
        }
        expect_problem(guess("bob@example.org").await, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
        let erased = app
            .client
            .delete(app.url("/v1/users/me"))
            .bearer_auth(&wildcard.access)
            .json(&json!({"password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(erased.status(), StatusCode::NO_CONTENT);
        // Bob's guesser is still held back.
        expect_problem(guess("bob@example.org").await, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    }
}

on_both_backends! {
    async fn a_custom_role_cannot_act_on_users_stronger_than_its_holder(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        let sam = app.register_and_login("sam@example.com").await;
        let ada = app.register_and_login("ada@example.com").await;
        let id_of = |tokens: &crate::helpers::Tokens| {
            let claims: Value = serde_json::from_slice(
                &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, tokens.access.split('.').nth(1).unwrap()).unwrap(),
            ).unwrap();
            claims["sub"].as_str().unwrap().to_owned()
        };
        let (root_id, sam_id, ada_id) = (id_of(&root), id_of(&sam), id_of(&ada));
        let support = call(&app, Method::POST, "/v1/admin/roles", &root.access,
            Some(json!({"name": "support", "permissions": ["users:read", "users:write", "roles:read", "roles:write"]}))).await;
        assert_eq!(support.status(), StatusCode::CREATED);
        let granted = call(&app, Method::PUT, &format!("/v1/admin/users/{sam_id}/roles/support"), &root.access, None).await;
        assert_eq!(granted.status(), StatusCode::NO_CONTENT);

        // On the admin: no disabling, renaming, stripping.
        for (method, path, body) in [
            (Method::PATCH, format!("/v1/admin/users/{root_id}"), Some(json!({"disabled": true}))),
            (Method::PATCH, format!("/v1/admin/users/{root_id}"), Some(json!({"display_name": "pwned"}))),
            (Method::DELETE, format!("/v1/admin/users/{root_id}/roles/admin"), None),
            // Nor handing out more than support holds, to anyone.
            (Method::PUT, format!("/v1/admin/users/{sam_id}/roles/admin"), None),
            (Method::POST, "/v1/admin/roles".to_owned(), Some(json!({"name": "auditor", "permissions": ["audit:read"]}))),
            (Method::PATCH, "/v1/admin/roles/support".to_owned(), Some(json!({"permissions": ["users:delete"]}))),
        ] {
            let response = call(&app, method.clone(), &path, &sam.access, body).await;
            expect_problem(response, StatusCode::FORBIDDEN, "forbidden").await;
        }
        let me: Value = app.get_authed("/v1/users/me", &root.access).await.json().await.unwrap();
        assert_eq!(me["roles"], json!(["admin", "user"]));
        assert_eq!(me["disabled"], false);
        // On a user holding no more than support: allowed.
        let disabled = call(&app, Method::PATCH, &format!("/v1/admin/users/{ada_id}"), &sam.access, Some(json!({"disabled": true}))).await;
        assert_eq!(disabled.status(), StatusCode::OK);
    }
}

#[cfg(unix)]
#[tokio::test]
async fn the_sqlite_file_and_written_emails_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt as _;
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.register("ada@example.com").await;
    let db = palisade::infra::files::sqlite_path(&app.database_url).unwrap();
    assert_eq!(mode(&db), 0o600, "{}", db.display());
    let mut eml = None;
    for _ in 0..50 {
        eml = std::fs::read_dir(app.mail_dir.path())
            .unwrap()
            .flatten()
            .find(|e| e.path().extension().is_some_and(|x| x == "eml"));
        if eml.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(mode(&eml.expect("an .eml file").path()), 0o600);

    // A file an earlier version left readable by everyone is tightened.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("old.db");
    std::fs::write(&file, b"").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let _old = TestApp::spawn_on(format!("sqlite://{}", file.display())).await;
    assert_eq!(mode(&file), 0o600);
}

on_both_backends! {
    async fn concurrent_forgot_password_requests_queue_one_email(backend) {
        let app = TestApp::spawn(backend).await;
        app.register("ada@example.com").await;
        let requests = (0..20).map(|_| {
            let (client, url) = (app.client.clone(), app.url("/v1/auth/password/forgot"));
            async move { client.post(url).json(&json!({"email": "ada@example.com"})).send().await.unwrap().status() }
        });
        for status in futures_join(requests).await {
            assert_eq!(status, StatusCode::ACCEPTED);
        }
        use palisade::infra::store::entities::one_time_tokens;
        let count = || {
            one_time_tokens::Entity::find()
                .filter(one_time_tokens::Column::Purpose.eq("reset"))
                .count(&app.db)
        };
        // The lookups run after the answers: let them all finish.
        let mut last = u64::MAX;
        for _ in 0..30 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            let now = count().await.unwrap();
            if now == last && now > 0 {
                break;
            }
            last = now;
        }
        assert_eq!(count().await.unwrap(), 1, "one reset email, not one per racing request");
    }
}

#[tokio::test]
async fn one_ipv6_site_cannot_multiply_its_budget_across_its_64s() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.rate_limit = palisade::core::throttle::RateLimit::Budget {
            requests: 2,
            per: Duration::from_secs(3600),
        };
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    let from = |subnet: u32| {
        app.client
            .post(app.url("/v1/auth/login"))
            .header("x-forwarded-for", format!("2001:db8:1:{subnet:x}::1"))
            .json(&json!({"email": "nobody@example.com", "password": "guess-guess-guess"}))
            .send()
    };
    // Each /64 keeps its own budget of 2; the /48 holds 8 budgets (16).
    let mut refused_at = None;
    for subnet in 0..40 {
        if from(subnet).await.unwrap().status() == StatusCode::TOO_MANY_REQUESTS {
            refused_at = Some(subnet);
            break;
        }
    }
    assert_eq!(
        refused_at,
        Some(16),
        "the site's budget runs out, however many /64s it has"
    );
    // Another site is not affected.
    let other = app
        .client
        .post(app.url("/v1/auth/login"))
        .header("x-forwarded-for", "2001:db8:2::1")
        .json(&json!({"email": "nobody@example.com", "password": "guess-guess-guess"}))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::UNAUTHORIZED);
}

on_both_backends! {
    async fn a_thief_guessing_the_password_does_not_lock_the_owner_out_of_changing_it(backend) {
        let app = TestApp::spawn(backend).await;
        let tokens = app.register_and_login("ada@example.com").await;
        let change = |client: &reqwest::Client, current: &'static str| {
            client
                .post(app.url("/v1/auth/password/change"))
                .bearer_auth(&tokens.access)
                .json(&json!({"current_password": current, "new_password": "a brand new passphrase 42"}))
                .send()
        };
        let thief = client_from("127.0.0.1");
        for _ in 0..6 {
            assert_eq!(change(&thief, "guess-guess-guess").await.unwrap().status(), StatusCode::FORBIDDEN);
        }
        expect_problem(change(&thief, "another-guess-1").await.unwrap(), StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
        // The owner, elsewhere, changes the password (and so ends the thief's other sessions).
        let owner = client_from("127.0.0.2");
        assert_eq!(change(&owner, PASSWORD).await.unwrap().status(), StatusCode::NO_CONTENT);
    }
}

#[tokio::test]
async fn hsts_is_sent_when_the_public_url_is_https() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.public_url = "https://auth.example.com".into();
    })
    .await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert!(
        response.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .starts_with("max-age="),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passwords_that_are_slow_to_score_do_not_stall_the_server() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    // zxcvbn took over a second on each of these (128 l33t characters).
    let slow: String = "4@8({[<36919!|70$5+7%2".chars().cycle().take(128).collect();
    let requests: Vec<_> = (0..10)
        .map(|i| {
            let (client, url, password) = (
                app.client.clone(),
                app.url("/v1/auth/register"),
                slow.clone(),
            );
            async move {
                client
                    .post(url)
                    .json(&json!({"email": format!("user{i}@example.com"), "password": password}))
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        })
        .collect();
    let flood = tokio::spawn(futures_join(requests.into_iter()));
    tokio::time::sleep(Duration::from_millis(100)).await;
    // While the flood is scored, the server answers at once: the scoring runs
    // on the hashing threads, not on the threads that serve requests. (A
    // liveness check with a wide margin, not a speed measurement.)
    let health = tokio::time::timeout(
        Duration::from_secs(2),
        app.client.get(app.url("/healthz")).send(),
    )
    .await;
    assert!(
        health.is_ok_and(|r| r.is_ok_and(|r| r.status() == StatusCode::OK)),
        "/healthz stalled"
    );
    for status in flood.await.unwrap() {
        assert!(
            [StatusCode::CREATED, StatusCode::SERVICE_UNAVAILABLE].contains(&status),
            "{status}"
        );
    }
}

on_both_backends! {
    async fn accounts_stored_before_addresses_were_normalized_still_sign_in(backend) {
        let app = TestApp::spawn(backend).await;
        // Rows as an earlier version wrote them: decomposed, and an address
        // today's parser refuses.
        for (id, email) in [(uuid::Uuid::now_v7(), "jose\u{301}@example.com"), (uuid::Uuid::now_v7(), "ada..x@example.com")] {
            use palisade::core::ports::{PasswordHashing as _, UserStore as _};
            let hasher = palisade::infra::crypto::passwords::PasswordHasher::new(app.state.config.password_hash, 1).unwrap();
            let password = palisade::core::model::Password::new(PASSWORD);
            palisade::infra::store::SqlStore::new(app.db.clone())
                .create_user(
                palisade::core::ports::NewUser {
                    id,
                    email: email.to_owned(),
                    password_hash: hasher.hash(&password).await.unwrap(),
                    display_name: None,
                    email_verified: true,
                    locale: None,
                },
                &["user"],
                None,
                None,
                palisade::core::clock::Clock::now(app.clock.as_ref()),
            )
            .await
            .unwrap();
        }
        for typed in ["jos\u{e9}@example.com", "JOSE\u{301}@example.com", "ada..x@example.com"] {
            let login = app.post_json("/v1/auth/login", json!({"email": typed, "password": PASSWORD})).await;
            assert_eq!(login.status(), StatusCode::OK, "{typed:?}");
        }
        // The mailbox has its account: no second one under the new spelling.
        let again = app.post_json("/v1/auth/register", json!({"email": "jos\u{e9}@example.com", "password": PASSWORD})).await;
        expect_problem(again, StatusCode::CONFLICT, "email_taken").await;
    }
}

on_both_backends! {
    async fn an_address_of_254_characters_is_throttled_not_a_server_error(backend) {
        let app = TestApp::spawn(backend).await;
        // 64 + 1 + 63 + 1 + 63 + 1 + 48 + 13 = 254 characters.
        let long = format!("{}@{}.{}.{}.example.com", "a".repeat(64), "b".repeat(63), "c".repeat(63), "d".repeat(48));
        assert!(long.len() > 240 && long.len() <= 254, "{}", long.len());
        let login = app.post_json("/v1/auth/login", json!({"email": long, "password": "guess-guess-guess"})).await;
        expect_problem(login, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
}

#[tokio::test]
async fn erasing_the_account_draws_from_the_per_client_budget() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.rate_limit = palisade::core::throttle::RateLimit::Budget {
            requests: 4,
            per: Duration::from_secs(3600),
        };
    })
    .await;
    let tokens = app.register_and_login("ada@example.com").await;
    let erase = || {
        app.client
            .delete(app.url("/v1/users/me"))
            .bearer_auth(&tokens.access)
            .json(&json!({"password": "guess-guess-guess"}))
            .send()
    };
    assert_eq!(erase().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(erase().await.unwrap().status(), StatusCode::FORBIDDEN);
    expect_problem(
        erase().await.unwrap(),
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    )
    .await;
}
