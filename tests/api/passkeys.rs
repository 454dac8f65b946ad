//! Passkeys through the API, answered by a software authenticator: register,
//! sign in with one alone or as the second step, and every refusal the
//! relying party owes (a bad signature, another origin, another relying
//! party, a counter going backwards, a ceremony finished twice, another
//! user's passkey). Chromium's virtual authenticator drives the pages in
//! `pages_passkeys`.

use std::time::Duration;

use palisade::infra::store::entities::{audit_events, outbox};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::authenticator::{Bend, SoftKey};
use crate::helpers::{Backend, PASSWORD, TestApp, expect_problem};

const ORIGIN: &str = "https://auth.example.test";
const RP_ID: &str = "auth.example.test";

async fn spawn(backend: Backend) -> TestApp {
    TestApp::spawn_with(backend, |c| {
        c.public_url = ORIGIN.to_owned();
    })
    .await
}

fn honest() -> Bend {
    Bend::honest(ORIGIN, RP_ID)
}

async fn post(app: &TestApp, path: &str, token: Option<&str>, body: Value) -> reqwest::Response {
    let mut request = app.client.post(app.url(path)).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

async fn ok_json(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// Registers `email`, signs in and adds a passkey held by the returned key.
async fn with_passkey(app: &TestApp, email: &str) -> (SoftKey, String) {
    let tokens = app.register_and_login(email).await;
    let mut key = SoftKey::new();
    let options = ok_json(
        post(
            app,
            "/v1/users/me/passkeys/register/start",
            Some(&tokens.access),
            json!({"name": "Laptop"}),
        )
        .await,
    )
    .await;
    let finish = post(app, "/v1/users/me/passkeys/register/finish", Some(&tokens.access),
        json!({"ceremony_id": options["ceremony_id"], "credential": key.register(&options, &honest())}))
    .await;
    assert_eq!(finish.status(), StatusCode::CREATED);
    (key, tokens.access)
}

async fn sign_in(
    app: &TestApp,
    key: &SoftKey,
    email: Option<&str>,
    bend: &Bend,
) -> reqwest::Response {
    let body = match email {
        Some(email) => json!({"email": email}),
        None => json!({}),
    };
    let options = ok_json(post(app, "/v1/auth/passkey/start", None, body).await).await;
    post(
        app,
        "/v1/auth/passkey/finish",
        None,
        json!({"ceremony_id": options["ceremony_id"], "credential": key.assert(&options, bend)}),
    )
    .await
}

async fn audit_reasons(app: &TestApp, action: &str) -> Vec<String> {
    audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq(action))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.details["reason"].as_str().unwrap_or_default().to_owned())
        .collect()
}

on_both_backends! {
    async fn a_passkey_registered_through_the_api_signs_in_alone_with_no_email_typed(backend) {
        let app = spawn(backend).await;
        let tokens = app.register_and_login("ada@example.com").await;
        let options = ok_json(post(&app, "/v1/users/me/passkeys/register/start", Some(&tokens.access),
            json!({"name": "  Ada's laptop "})).await).await;
        assert_eq!(options["rp"]["id"], RP_ID);
        assert_eq!(options["authenticatorSelection"]["residentKey"], "preferred");
        assert_eq!(options["authenticatorSelection"]["userVerification"], "preferred");
        let mut key = SoftKey::new();
        let finish = post(&app, "/v1/users/me/passkeys/register/finish", Some(&tokens.access),
            json!({"ceremony_id": options["ceremony_id"], "credential": key.register(&options, &honest())})).await;
        assert_eq!(finish.status(), StatusCode::CREATED);
        let added: Value = finish.json().await.unwrap();
        assert_eq!(added["name"], "Ada's laptop");
        // The first factor comes with recovery codes, shown once.
        assert_eq!(added["recovery_codes"].as_array().unwrap().len(), 10);
        let factors = ok_json(app.get_authed("/v1/users/me/mfa", &tokens.access).await).await;
        assert_eq!(factors["passkeys"][0]["id"], added["id"]);
        assert_eq!(factors["passkeys"][0]["last_used_at"], Value::Null);

        // Discoverable: nothing offered, the authenticator names the user.
        let options = ok_json(post(&app, "/v1/auth/passkey/start", None, json!({})).await).await;
        assert_eq!(options["allowCredentials"], json!([]));
        key.counter = 1;
        let done = post(&app, "/v1/auth/passkey/finish", None,
            json!({"ceremony_id": options["ceremony_id"], "credential": key.assert(&options, &honest())})).await;
        let pair = ok_json(done).await;
        let claims = crate::tokens::claims_of(pair["access_token"].as_str().unwrap());
        assert_eq!(claims["amr"], json!(["hwk"]));
        assert_eq!(app.me_status(pair["access_token"].as_str().unwrap()).await, StatusCode::OK);
        let factors = ok_json(app.get_authed("/v1/users/me/mfa", &tokens.access).await).await;
        assert!(factors["passkeys"][0]["last_used_at"].is_string());

        // With the email typed, that user's passkeys are offered.
        let options = ok_json(post(&app, "/v1/auth/passkey/start", None,
            json!({"email": "ADA@example.com"})).await).await;
        assert_eq!(options["allowCredentials"].as_array().unwrap().len(), 1);
        // An address without passkeys (unknown, or not an address at all)
        // gets a decoy shaped like Ada's, the same at every try: the answer
        // says nothing about which accounts exist.
        let decoy = |email: &'static str| {
            let app = &app;
            async move {
                ok_json(post(app, "/v1/auth/passkey/start", None, json!({"email": email})).await)
                    .await["allowCredentials"].clone()
            }
        };
        let unknown = decoy("nobody@example.com").await;
        assert_eq!(unknown.as_array().unwrap().len(), 1);
        assert_eq!(unknown[0]["type"], "public-key");
        assert_eq!(decoy("nobody@example.com").await, unknown);
        assert_ne!(decoy("somebody@example.com").await, unknown);
        assert_eq!(decoy("not an address").await.as_array().unwrap().len(), 1);
        app.register("bob@example.com").await;
        assert_eq!(decoy("bob@example.com").await.as_array().unwrap().len(), 1);

        // The user was told; both changes were audited.
        let notices = outbox::Entity::find()
            .filter(outbox::Column::Recipient.eq("ada@example.com"))
            .filter(outbox::Column::Subject.contains("passkey was added"))
            .all(&app.db).await.unwrap();
        assert_eq!(notices.len(), 1);
        assert_eq!(audit_reasons(&app, "passkey.added").await.len(), 1);
        assert_eq!(audit_reasons(&app, "passkey.used").await.len(), 1);
    }
}

on_both_backends! {
    async fn a_password_sign_in_of_a_user_with_a_passkey_finishes_with_it(backend) {
        let app = spawn(backend).await;
        let (mut key, _) = with_passkey(&app, "ada@example.com").await;
        let step = ok_json(app.post_json("/v1/auth/login",
            json!({"email": "ada@example.com", "password": PASSWORD})).await).await;
        assert_eq!(step["mfa_required"], true);
        assert_eq!(step["methods"], json!(["passkey", "recovery_code"]));
        let mfa_token = step["mfa_token"].as_str().unwrap();
        let options = ok_json(post(&app, "/v1/auth/mfa/passkey/start", None,
            json!({"mfa_token": mfa_token})).await).await;
        assert_eq!(options["allowCredentials"].as_array().unwrap().len(), 1);
        key.counter = 1;
        let pair = ok_json(post(&app, "/v1/auth/mfa/passkey/finish", None, json!({
            "mfa_token": mfa_token, "ceremony_id": options["ceremony_id"],
            "credential": key.assert(&options, &honest())})).await).await;
        let claims = crate::tokens::claims_of(pair["access_token"].as_str().unwrap());
        assert_eq!(claims["amr"], json!(["pwd", "hwk", "mfa"]));
        // The step is spent.
        let again = post(&app, "/v1/auth/mfa/passkey/start", None, json!({"mfa_token": mfa_token})).await;
        expect_problem(again, StatusCode::UNAUTHORIZED, "mfa_token_expired").await;
        // The password grant asks for the second step too.
        let grant = app.client.post(app.url("/oauth2/token"))
            .form(&[("grant_type", "password"), ("client_id", "palisade"),
                ("username", "ada@example.com"), ("password", PASSWORD)])
            .send().await.unwrap();
        assert_eq!(grant.status(), StatusCode::BAD_REQUEST);
        let body: Value = grant.json().await.unwrap();
        assert_eq!(body["error"], "mfa_required");
    }
}

on_both_backends! {
    async fn a_bad_signature_another_origin_or_another_relying_party_is_refused(backend) {
        let app = spawn(backend).await;
        let (mut key, access) = with_passkey(&app, "ada@example.com").await;
        key.counter = 1;
        let bent = [
            Bend { bad_signature: true, ..honest() },
            Bend { origin: "https://evil.example.test".into(), ..honest() },
            Bend { rp_id: "evil.example.test".into(), ..honest() },
        ];
        for bend in &bent {
            let refused = sign_in(&app, &key, Some("ada@example.com"), bend).await;
            expect_problem(refused, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        }
        assert_eq!(audit_reasons(&app, "login.failed").await, vec!["assertion_refused"; 3]);
        // A registration answered for another origin or relying party is refused too.
        for bend in &bent[1..] {
            let options = ok_json(post(&app, "/v1/users/me/passkeys/register/start", Some(&access),
                json!({"password": PASSWORD})).await).await;
            let refused = post(&app, "/v1/users/me/passkeys/register/finish", Some(&access),
                json!({"ceremony_id": options["ceremony_id"], "credential": SoftKey::new().register(&options, bend)})).await;
            expect_problem(refused, StatusCode::BAD_REQUEST, "invalid_credential").await;
        }
        // The honest answer still works.
        let ok = sign_in(&app, &key, Some("ada@example.com"), &honest()).await;
        assert_eq!(ok.status(), StatusCode::OK);
    }
}

on_both_backends! {
    async fn a_counter_going_backwards_is_refused_and_audited_as_a_possible_clone(backend) {
        let app = spawn(backend).await;
        let (mut key, _) = with_passkey(&app, "ada@example.com").await;
        key.counter = 5;
        assert_eq!(sign_in(&app, &key, None, &honest()).await.status(), StatusCode::OK);
        // A copy of the key, behind the original.
        key.counter = 3;
        let cloned = sign_in(&app, &key, None, &honest()).await;
        expect_problem(cloned, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        // The same value again is no better.
        key.counter = 5;
        let same = sign_in(&app, &key, None, &honest()).await;
        expect_problem(same, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        assert_eq!(audit_reasons(&app, "passkey.refused").await,
            vec!["counter_went_backwards"; 2]);
        key.counter = 6;
        assert_eq!(sign_in(&app, &key, None, &honest()).await.status(), StatusCode::OK);
    }
}

on_both_backends! {
    async fn a_ceremony_finishes_once_and_only_for_the_user_it_was_started_for(backend) {
        let app = spawn(backend).await;
        let (mut ada, _) = with_passkey(&app, "ada@example.com").await;
        let (mut bob, _) = with_passkey(&app, "bob@example.com").await;
        ada.counter = 1;
        bob.counter = 1;
        let options = ok_json(post(&app, "/v1/auth/passkey/start", None, json!({})).await).await;
        let answer = json!({"ceremony_id": options["ceremony_id"], "credential": ada.assert(&options, &honest())});
        assert_eq!(post(&app, "/v1/auth/passkey/finish", None, answer.clone()).await.status(), StatusCode::OK);
        ada.counter = 2;
        let replay = post(&app, "/v1/auth/passkey/finish", None, answer).await;
        expect_problem(replay, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        // Started for Ada's email: Bob's passkey does not finish it.
        let bobs = sign_in(&app, &bob, Some("ada@example.com"), &honest()).await;
        expect_problem(bobs, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        // A user handle naming someone else is refused.
        let options = ok_json(post(&app, "/v1/auth/passkey/start", None, json!({})).await).await;
        let mut answer = bob.assert(&options, &honest());
        answer["response"]["userHandle"] = json!(base64_url(&ada.user_handle));
        let lie = post(&app, "/v1/auth/passkey/finish", None,
            json!({"ceremony_id": options["ceremony_id"], "credential": answer})).await;
        expect_problem(lie, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        // A ceremony past its five minutes is gone.
        let options = ok_json(post(&app, "/v1/auth/passkey/start", None, json!({})).await).await;
        app.advance(Duration::from_secs(301));
        let late = post(&app, "/v1/auth/passkey/finish", None,
            json!({"ceremony_id": options["ceremony_id"], "credential": bob.assert(&options, &honest())})).await;
        expect_problem(late, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        // Nonsense is refused clearly.
        let junk = post(&app, "/v1/auth/passkey/finish", None,
            json!({"ceremony_id": "not-a-uuid", "credential": {"id": 1}})).await;
        expect_problem(junk, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
}

on_both_backends! {
    async fn adding_a_passkey_long_after_signing_in_needs_the_password_and_removing_one_is_told(backend) {
        let app = spawn(backend).await;
        let (_, access) = with_passkey(&app, "ada@example.com").await;
        app.advance(Duration::from_secs(6 * 60));
        let stale = post(&app, "/v1/users/me/passkeys/register/start", Some(&access), json!({})).await;
        expect_problem(stale, StatusCode::FORBIDDEN, "reauth_failed").await;
        let wrong = post(&app, "/v1/users/me/passkeys/register/start", Some(&access),
            json!({"password": "not the password"})).await;
        expect_problem(wrong, StatusCode::FORBIDDEN, "reauth_failed").await;
        let options = ok_json(post(&app, "/v1/users/me/passkeys/register/start", Some(&access),
            json!({"password": PASSWORD})).await).await;
        // The key already registered is excluded.
        assert_eq!(options["excludeCredentials"].as_array().unwrap().len(), 1);
        // A second passkey comes without new recovery codes.
        let second = post(&app, "/v1/users/me/passkeys/register/finish", Some(&access),
            json!({"ceremony_id": options["ceremony_id"], "credential": SoftKey::new().register(&options, &honest())})).await;
        assert_eq!(second.status(), StatusCode::CREATED);
        let second: Value = second.json().await.unwrap();
        assert!(second.get("recovery_codes").is_none(), "{second}");

        let factors = ok_json(app.get_authed("/v1/users/me/mfa", &access).await).await;
        let id = factors["passkeys"][1]["id"].as_str().unwrap().to_owned();
        let bob = app.register_and_login("bob@example.com").await;
        let not_bobs = app.client.delete(app.url(&format!("/v1/users/me/passkeys/{id}")))
            .bearer_auth(&bob.access).send().await.unwrap();
        assert_eq!(not_bobs.status(), StatusCode::NOT_FOUND);
        let removed = app.client.delete(app.url(&format!("/v1/users/me/passkeys/{id}")))
            .bearer_auth(&access).send().await.unwrap();
        assert_eq!(removed.status(), StatusCode::NO_CONTENT);
        let notices = outbox::Entity::find()
            .filter(outbox::Column::Subject.contains("passkey was removed"))
            .all(&app.db).await.unwrap();
        assert_eq!(notices.len(), 1);
        let factors = ok_json(app.get_authed("/v1/users/me/mfa", &access).await).await;
        assert_eq!(factors["passkeys"].as_array().unwrap().len(), 1);
    }
}

fn base64_url(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

on_both_backends! {
    async fn a_session_older_than_a_new_factor_needs_the_password_to_add_a_passkey(backend) {
        let app = spawn(backend).await;
        // Signed in with the password alone, before the app was set up: a
        // stolen token of that session must not add a way in.
        let access = {
            let tokens = app.register_and_login("bob@example.com").await;
            let setup: Value = post(&app, "/v1/users/me/mfa/totp", Some(&tokens.access),
                json!({"password": PASSWORD})).await.json().await.unwrap();
            let code = crate::mfa::code(&app, setup["secret"].as_str().unwrap(), 0);
            let confirmed = post(&app, "/v1/users/me/mfa/totp/confirm", Some(&tokens.access),
                json!({"code": code})).await;
            assert_eq!(confirmed.status(), StatusCode::OK);
            tokens.access
        };
        let refused = post(&app, "/v1/users/me/passkeys/register/start", Some(&access), json!({})).await;
        expect_problem(refused, StatusCode::FORBIDDEN, "reauth_failed").await;
        let with_password = post(&app, "/v1/users/me/passkeys/register/start", Some(&access),
            json!({"password": PASSWORD})).await;
        assert_eq!(with_password.status(), StatusCode::OK);
    }
}
