//! Second factors through the API and the pages: an authenticator app
//! (codes computed here by totp-rs, not by our generator), recovery codes,
//! the second step of every password sign-in, and an admin's reset.

use std::time::Duration;

use palisade::infra::store::entities::outbox;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use totp_rs::{Algorithm, Secret, TOTP};

use palisade::core::clock::Clock as _;

use crate::helpers::{Backend, PASSWORD, TestApp, expect_problem};

/// The app's code at the test clock's time, computed by totp-rs.
pub fn code(app: &TestApp, secret: &str, steps_from_now: i64) -> String {
    let seed = Secret::Encoded(secret.to_owned()).to_bytes().unwrap();
    let totp = TOTP::new_unchecked(Algorithm::SHA1, 6, 1, 30, seed);
    let at = app.clock.now().timestamp() + steps_from_now * 30;
    totp.generate(u64::try_from(at).unwrap())
}

async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Value,
) -> reqwest::Response {
    app.client
        .request(method, app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// Registers and enrolls `email` with an app; returns its secret and the
/// recovery codes. The clock then moves a step on, so the next code is new.
pub async fn enrolled(app: &TestApp, email: &str) -> (String, Vec<String>) {
    let tokens = app.register_and_login(email).await;
    let setup: Value = call(
        app,
        reqwest::Method::POST,
        "/v1/users/me/mfa/totp",
        &tokens.access,
        json!({"password": PASSWORD}),
    )
    .await
    .json()
    .await
    .unwrap();
    let secret = setup["secret"].as_str().unwrap().to_owned();
    let confirmed = call(
        app,
        reqwest::Method::POST,
        "/v1/users/me/mfa/totp/confirm",
        &tokens.access,
        json!({"code": code(app, &secret, 0)}),
    )
    .await;
    assert_eq!(confirmed.status(), StatusCode::OK);
    let codes: Value = confirmed.json().await.unwrap();
    let codes = codes["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    app.advance(Duration::from_secs(30));
    (secret, codes)
}

/// A password login of a user with a factor: its `mfa_token`.
async fn first_step(app: &TestApp, email: &str) -> String {
    let answer = app
        .post_json(
            "/v1/auth/login",
            json!({"email": email, "password": PASSWORD}),
        )
        .await;
    assert_eq!(answer.status(), StatusCode::OK);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["mfa_required"], true, "{body}");
    assert!(
        body.get("access_token").is_none(),
        "no tokens before the second factor"
    );
    body["mfa_token"].as_str().unwrap().to_owned()
}

async fn verify(app: &TestApp, mfa_token: &str, method: &str, code: &str) -> reqwest::Response {
    app.post_json(
        "/v1/auth/mfa/verify",
        json!({"mfa_token": mfa_token, "method": method, "code": code}),
    )
    .await
}

on_both_backends! {
    async fn a_user_with_an_authenticator_app_signs_in_in_two_steps(backend) {
        let app = TestApp::spawn(backend).await;
        let tokens = app.register_and_login("ada@example.com").await;
        let wrong = call(&app, reqwest::Method::POST, "/v1/users/me/mfa/totp", &tokens.access,
            json!({"password": "not the password"})).await;
        expect_problem(wrong, StatusCode::FORBIDDEN, "reauth_failed").await;
        let setup: Value = call(&app, reqwest::Method::POST, "/v1/users/me/mfa/totp", &tokens.access,
            json!({"password": PASSWORD})).await.json().await.unwrap();
        let secret = setup["secret"].as_str().unwrap();
        let uri = setup["otpauth_uri"].as_str().unwrap();
        assert!(uri.starts_with("otpauth://totp/Palisade:ada%40example%2Ecom?secret="), "{uri}");
        assert!(setup["qr_svg"].as_str().unwrap().contains("<svg"));
        // Not a factor until confirmed: the password alone still signs in.
        app.login("ada@example.com").await;
        let bad = call(&app, reqwest::Method::POST, "/v1/users/me/mfa/totp/confirm", &tokens.access,
            json!({"code": code(&app, secret, 2)})).await;
        expect_problem(bad, StatusCode::BAD_REQUEST, "invalid_code").await;
        let confirmed: Value = call(&app, reqwest::Method::POST, "/v1/users/me/mfa/totp/confirm", &tokens.access,
            json!({"code": code(&app, secret, 0)})).await.json().await.unwrap();
        assert_eq!(confirmed["recovery_codes"].as_array().unwrap().len(), 10);
        let again = call(&app, reqwest::Method::POST, "/v1/users/me/mfa/totp", &tokens.access,
            json!({"password": PASSWORD})).await;
        expect_problem(again, StatusCode::CONFLICT, "already_enrolled").await;
        let factors: Value = call(&app, reqwest::Method::GET, "/v1/users/me/mfa", &tokens.access, json!({}))
            .await.json().await.unwrap();
        assert_eq!(factors, json!({"totp": true, "recovery_codes_left": 10, "passkeys": []}));
        // The export says which factors the user has, never their secrets.
        let export = app.get_authed("/v1/users/me/export", &tokens.access).await.text().await.unwrap();
        let export_json: Value = serde_json::from_str(&export).unwrap();
        assert_eq!(export_json["second_factors"], factors);
        assert!(!export.contains(secret), "the export holds the seed");
        for code in confirmed["recovery_codes"].as_array().unwrap() {
            assert!(!export.contains(code.as_str().unwrap()), "the export holds a recovery code");
        }

        let mfa_token = first_step(&app, "ada@example.com").await;
        // The code that confirmed the app was used: not again.
        expect_problem(verify(&app, &mfa_token, "totp", &code(&app, secret, 0)).await,
            StatusCode::UNAUTHORIZED, "invalid_code").await;
        app.advance(Duration::from_secs(30));
        let done = verify(&app, &mfa_token, "totp", &code(&app, secret, 0)).await;
        assert_eq!(done.status(), StatusCode::OK);
        let pair: Value = done.json().await.unwrap();
        let claims = crate::tokens::claims_of(pair["access_token"].as_str().unwrap());
        assert_eq!(claims["amr"], json!(["pwd", "otp", "mfa"]));
        assert_eq!(app.me_status(pair["access_token"].as_str().unwrap()).await, StatusCode::OK);
        // The step works once.
        app.advance(Duration::from_secs(30));
        expect_problem(verify(&app, &mfa_token, "totp", &code(&app, secret, 0)).await,
            StatusCode::UNAUTHORIZED, "mfa_token_expired").await;
        // The user was told, by email.
        let notices = outbox::Entity::find()
            .filter(outbox::Column::Recipient.eq("ada@example.com"))
            .filter(outbox::Column::Subject.contains("authenticator app was added"))
            .all(&app.db).await.unwrap();
        assert_eq!(notices.len(), 1);
    }
}

on_both_backends! {
    async fn five_wrong_codes_end_the_step_and_old_codes_never_work(backend) {
        let app = TestApp::spawn(backend).await;
        let (secret, _) = enrolled(&app, "ada@example.com").await;
        let mfa_token = first_step(&app, "ada@example.com").await;
        expect_problem(verify(&app, &mfa_token, "totp", &code(&app, &secret, -2)).await,
            StatusCode::UNAUTHORIZED, "invalid_code").await;
        for _ in 0..4 {
            expect_problem(verify(&app, &mfa_token, "totp", "000000").await,
                StatusCode::UNAUTHORIZED, "invalid_code").await;
        }
        expect_problem(verify(&app, &mfa_token, "totp", &code(&app, &secret, 0)).await,
            StatusCode::UNAUTHORIZED, "mfa_token_expired").await;
        // The step also dies with time.
        let mfa_token = first_step(&app, "ada@example.com").await;
        app.advance(Duration::from_secs(301));
        expect_problem(verify(&app, &mfa_token, "totp", &code(&app, &secret, 0)).await,
            StatusCode::UNAUTHORIZED, "mfa_token_expired").await;
    }
}

on_both_backends! {
    async fn a_recovery_code_works_once(backend) {
        let app = TestApp::spawn(backend).await;
        let (_, codes) = enrolled(&app, "ada@example.com").await;
        let mfa_token = first_step(&app, "ada@example.com").await;
        let done = verify(&app, &mfa_token, "recovery_code", &codes[3].to_uppercase()).await;
        assert_eq!(done.status(), StatusCode::OK);
        let pair: Value = done.json().await.unwrap();
        let claims = crate::tokens::claims_of(pair["access_token"].as_str().unwrap());
        assert_eq!(claims["amr"], json!(["pwd", "mfa"]));
        let mfa_token = first_step(&app, "ada@example.com").await;
        expect_problem(verify(&app, &mfa_token, "recovery_code", &codes[3]).await,
            StatusCode::UNAUTHORIZED, "invalid_code").await;
        let factors: Value = call(&app, reqwest::Method::GET, "/v1/users/me/mfa",
            pair["access_token"].as_str().unwrap(), json!({})).await.json().await.unwrap();
        assert_eq!(factors["recovery_codes_left"], 9);
    }
}

on_both_backends! {
    async fn the_password_grant_and_the_login_page_ask_for_the_second_factor_too(backend) {
        let app = TestApp::spawn(backend).await;
        let (secret, _) = enrolled(&app, "ada@example.com").await;
        let grant = app.client.post(app.url("/oauth2/token"))
            .form(&[("grant_type", "password"), ("username", "ada@example.com"), ("password", PASSWORD)])
            .send().await.unwrap();
        assert_eq!(grant.status(), StatusCode::BAD_REQUEST);
        let body: Value = grant.json().await.unwrap();
        assert_eq!(body["error"], "mfa_required");
        assert!(body.get("access_token").is_none());
        let done = verify(&app, body["mfa_token"].as_str().unwrap(), "totp", &code(&app, &secret, 0)).await;
        assert_eq!(done.status(), StatusCode::OK);

        let browser = crate::pages::Visitor::new(&app);
        let page = browser.submit("/login", "/login", &[("email", "ada@example.com"), ("password", PASSWORD)]).await;
        assert_eq!(page.status, StatusCode::OK, "no session yet: the second step");
        assert!(page.body.contains("name=\"code\""), "{}", page.body);
        assert_eq!(browser.get("/account").await.status, StatusCode::SEE_OTHER, "not signed in yet");
        let token = page.csrf();
        let mfa_token = page.body.split("name=\"mfa_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let wrong = browser.post("/login/mfa", &[("csrf_token", &token), ("mfa_token", &mfa_token), ("code", "000000")]).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        app.advance(Duration::from_secs(30));
        let right = browser.post("/login/mfa", &[("csrf_token", &token), ("mfa_token", &mfa_token), ("code", &code(&app, &secret, 0))]).await;
        assert_eq!(right.status, StatusCode::SEE_OTHER, "{}", right.body);
        assert_eq!(right.location(), "/account");
        assert_eq!(browser.get("/account").await.status, StatusCode::OK);
    }
}

on_both_backends! {
    async fn removing_the_app_takes_the_password_or_a_code_and_an_admin_can_reset_everything(backend) {
        let app = TestApp::spawn(backend).await;
        let root = crate::admin::admin(&app, "root@example.com").await;
        let (secret, _) = enrolled(&app, "ada@example.com").await;
        let done: Value = verify(&app, &first_step(&app, "ada@example.com").await, "totp", &code(&app, &secret, 0))
            .await.json().await.unwrap();
        let access = done["access_token"].as_str().unwrap().to_owned();
        let wrong = call(&app, reqwest::Method::DELETE, "/v1/users/me/mfa/totp", &access, json!({"code": "000000"})).await;
        expect_problem(wrong, StatusCode::FORBIDDEN, "reauth_failed").await;
        app.advance(Duration::from_secs(30));
        let removed = call(&app, reqwest::Method::DELETE, "/v1/users/me/mfa/totp", &access,
            json!({"code": code(&app, &secret, 0)})).await;
        assert_eq!(removed.status(), StatusCode::NO_CONTENT);
        app.login("ada@example.com").await;

        // Enrolled again, then the admin resets: factors gone, sessions ended.
        let (_, _) = {
            let setup: Value = call(&app, reqwest::Method::POST, "/v1/users/me/mfa/totp", &access,
                json!({"password": PASSWORD})).await.json().await.unwrap();
            let secret = setup["secret"].as_str().unwrap().to_owned();
            let ok = call(&app, reqwest::Method::POST, "/v1/users/me/mfa/totp/confirm", &access,
                json!({"code": code(&app, &secret, 0)})).await;
            assert_eq!(ok.status(), StatusCode::OK);
            (secret, ())
        };
        let user = crate::helpers::find_user_by_email(&app.db, "ada@example.com").await.unwrap().unwrap().id;
        let forbidden = call(&app, reqwest::Method::DELETE, &format!("/v1/admin/users/{user}/mfa"), &access, json!({})).await;
        expect_problem(forbidden, StatusCode::FORBIDDEN, "forbidden").await;
        let reset = call(&app, reqwest::Method::DELETE, &format!("/v1/admin/users/{user}/mfa"), &root.access, json!({})).await;
        assert_eq!(reset.status(), StatusCode::NO_CONTENT);
        assert_eq!(app.me_status(&access).await, StatusCode::UNAUTHORIZED, "sessions ended");
        app.login("ada@example.com").await;
        let audit: Value = call(&app, reqwest::Method::GET, "/v1/admin/audit?action=mfa.removed", &root.access, json!({}))
            .await.json().await.unwrap();
        assert_eq!(audit["total"], 2, "{audit}");
    }
}

#[tokio::test]
async fn a_sealed_seed_is_not_the_secret_in_the_database() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (secret, _) = enrolled(&app, "ada@example.com").await;
    let rows = palisade::infra::store::entities::mfa_totp::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(!rows[0].secret_sealed.contains(&secret));
    let codes = palisade::infra::store::entities::mfa_recovery_codes::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(codes.len(), 10);
}

on_both_backends! {
    async fn a_helpdesk_role_resets_users_factors_but_never_an_admins(backend) {
        let app = TestApp::spawn(backend).await;
        let root = crate::admin::admin(&app, "root@example.com").await;
        let created = call(&app, reqwest::Method::POST, "/v1/admin/roles", &root.access,
            json!({"name": "helpdesk", "permissions": ["users:read", "users:write"]})).await;
        assert_eq!(created.status(), StatusCode::CREATED);
        app.register("desk@example.com").await;
        let id = |email: &'static str| {
            let db = app.db.clone();
            async move { crate::helpers::find_user_by_email(&db, email).await.unwrap().unwrap().id }
        };
        let desk_id = id("desk@example.com").await;
        let granted = call(&app, reqwest::Method::PUT, &format!("/v1/admin/users/{desk_id}/roles/helpdesk"),
            &root.access, json!({})).await;
        assert_eq!(granted.status(), StatusCode::NO_CONTENT);
        let desk = app.login("desk@example.com").await;
        enrolled(&app, "ada@example.com").await;
        let ada_id = id("ada@example.com").await;
        let root_id = id("root@example.com").await;
        let on_admin = call(&app, reqwest::Method::DELETE, &format!("/v1/admin/users/{root_id}/mfa"), &desk.access, json!({})).await;
        expect_problem(on_admin, StatusCode::FORBIDDEN, "forbidden").await;
        let on_user = call(&app, reqwest::Method::DELETE, &format!("/v1/admin/users/{ada_id}/mfa"), &desk.access, json!({})).await;
        assert_eq!(on_user.status(), StatusCode::NO_CONTENT);
        app.login("ada@example.com").await;
    }
}

on_both_backends! {
    async fn signing_in_again_buys_no_fresh_guesses_at_the_second_factor(backend) {
        let app = TestApp::spawn(backend).await;
        let (secret, _) = enrolled(&app, "ada@example.com").await;
        let first = first_step(&app, "ada@example.com").await;
        for _ in 0..5 {
            expect_problem(verify(&app, &first, "totp", "000000").await,
                StatusCode::UNAUTHORIZED, "invalid_code").await;
        }
        // The password again: a new step, but the account's misses stand.
        let second = first_step(&app, "ada@example.com").await;
        expect_problem(verify(&app, &second, "totp", "000000").await,
            StatusCode::UNAUTHORIZED, "invalid_code").await;
        expect_problem(verify(&app, &second, "totp", &code(&app, &secret, 0)).await,
            StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
        app.advance(Duration::from_secs(2));
        let done = verify(&app, &second, "totp", &code(&app, &secret, 0)).await;
        assert_eq!(done.status(), StatusCode::OK);
    }
}

on_both_backends! {
    async fn concurrent_guesses_share_the_five_tries_of_a_step(backend) {
        let app = TestApp::spawn(backend).await;
        enrolled(&app, "ada@example.com").await;
        let step = first_step(&app, "ada@example.com").await;
        let guess = || verify(&app, &step, "totp", "000000");
        let (a, b, c, d, e, f, g, h) = tokio::join!(guess(), guess(), guess(), guess(), guess(), guess(), guess(), guess());
        let mut checked = 0;
        for answer in [a, b, c, d, e, f, g, h] {
            let body: Value = answer.json().await.unwrap();
            if body["code"] == "invalid_code" {
                checked += 1;
            }
        }
        assert!(checked <= 5, "{checked} codes were checked against one step");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pyotp_reads_the_otpauth_uri_and_its_code_confirms_the_app() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let tokens = app.register_and_login("ada@example.com").await;
    let setup: Value = call(
        &app,
        reqwest::Method::POST,
        "/v1/users/me/mfa/totp",
        &tokens.access,
        json!({"password": PASSWORD}),
    )
    .await
    .json()
    .await
    .unwrap();
    let uri = setup["otpauth_uri"].as_str().unwrap();
    // An authenticator app's reading of the URI: pyotp's.
    let script = "import pyotp, sys\n\
        t = pyotp.parse_uri(sys.argv[1])\n\
        print(t.issuer, t.name, t.digits, t.interval, t.at(int(sys.argv[2])))";
    let mut command = std::process::Command::new(crate::interop::python());
    command
        .arg("-c")
        .arg(script)
        .arg(uri)
        .arg(app.clock.now().timestamp().to_string());
    let out = tokio::task::block_in_place(|| command.output()).unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    let words: Vec<&str> = said.split_whitespace().collect();
    assert_eq!(
        words.len(),
        5,
        "pyotp said: {said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(&words[..4], ["Palisade", "ada@example.com", "6", "30"]);
    let confirmed = call(
        &app,
        reqwest::Method::POST,
        "/v1/users/me/mfa/totp/confirm",
        &tokens.access,
        json!({"code": words[4]}),
    )
    .await;
    assert_eq!(confirmed.status(), StatusCode::OK);
}

on_both_backends! {
    async fn starting_again_replaces_a_pending_app_and_only_its_code_confirms(backend) {
        let app = TestApp::spawn(backend).await;
        let tokens = app.register_and_login("ada@example.com").await;
        let start = || async {
            let setup: Value = call(&app, reqwest::Method::POST, "/v1/users/me/mfa/totp", &tokens.access,
                json!({"password": PASSWORD})).await.json().await.unwrap();
            setup["secret"].as_str().unwrap().to_owned()
        };
        let first = start().await;
        let second = start().await;
        assert_ne!(first, second);
        let stale = call(&app, reqwest::Method::POST, "/v1/users/me/mfa/totp/confirm", &tokens.access,
            json!({"code": code(&app, &first, 0)})).await;
        expect_problem(stale, StatusCode::BAD_REQUEST, "invalid_code").await;
        let confirmed = call(&app, reqwest::Method::POST, "/v1/users/me/mfa/totp/confirm", &tokens.access,
            json!({"code": code(&app, &second, 0)})).await;
        assert_eq!(confirmed.status(), StatusCode::OK);
    }
}

on_both_backends! {
    async fn a_role_that_must_use_a_second_factor_can_only_enroll_until_it_does(backend) {
        let app = TestApp::spawn_with(backend, |c| c.mfa_required_roles = vec!["admin".into()]).await;
        let root = crate::admin::admin(&app, "root@example.com").await;
        let ada = app.register_and_login("ada@example.com").await;
        let get = |path: &'static str, token: String| {
            let app = &app;
            async move { call(app, reqwest::Method::GET, path, &token, json!({})).await }
        };
        expect_problem(get("/v1/admin/users", root.access.clone()).await,
            StatusCode::FORBIDDEN, "mfa_enrollment_required").await;
        expect_problem(get("/v1/users/me/sessions", root.access.clone()).await,
            StatusCode::FORBIDDEN, "mfa_enrollment_required").await;
        // Their profile, their factors and signing out stay open.
        assert_eq!(get("/v1/users/me", root.access.clone()).await.status(), StatusCode::OK);
        assert_eq!(get("/v1/users/me/mfa", root.access.clone()).await.status(), StatusCode::OK);
        let other = app.login("root@example.com").await;
        let out = app.client.post(app.url("/v1/auth/logout")).bearer_auth(&other.access)
            .json(&json!({"refresh_token": other.refresh})).send().await.unwrap();
        assert!(out.status().is_success(), "{}", out.status());
        // A role without the rule is not held up.
        assert_eq!(get("/v1/users/me/sessions", ada.access.clone()).await.status(), StatusCode::OK);

        let setup: Value = call(&app, reqwest::Method::POST, "/v1/users/me/mfa/totp", &root.access,
            json!({"password": PASSWORD})).await.json().await.unwrap();
        let confirmed = call(&app, reqwest::Method::POST, "/v1/users/me/mfa/totp/confirm", &root.access,
            json!({"code": code(&app, setup["secret"].as_str().unwrap(), 0)})).await;
        assert_eq!(confirmed.status(), StatusCode::OK);
        // Enrolled: the same token reaches everything its roles allow.
        assert_eq!(get("/v1/admin/users", root.access.clone()).await.status(), StatusCode::OK);
        assert_eq!(get("/v1/users/me/sessions", root.access.clone()).await.status(), StatusCode::OK);
    }
}
