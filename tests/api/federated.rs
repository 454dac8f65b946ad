//! Signing in through another provider, end to end, with `oidc-provider`
//! (an OpenID-certified implementation, `tests/interop/upstream_op.mjs`) as
//! the upstream: the browser flow of the pages over plain HTTP (a browser
//! without JavaScript), the app flow over the JSON API, the linking rules,
//! the second step, and every way a flow can stop. The journey in a real
//! browser is in `pages_federated`.

use palisade::core::federation::{FLOW_TTL, ProviderFields};
use palisade::infra::store::entities::{audit_events, sessions, user_identities};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use secrecy::SecretString;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::admin::{admin, call};
use crate::helpers::{Backend, PASSWORD, TestApp, expect_problem, find_user_by_email};
use crate::oidc::pkce;
use crate::pages::{Page, Visitor};
use crate::upstream::{CLIENT_ID, CLIENT_SECRET, UpstreamOp, back_from_upstream};

/// A Palisade whose public URL is its address, with oidc-provider as the
/// provider `upstream`, set up by `tweak`.
pub struct Federated {
    pub app: TestApp,
    pub upstream: UpstreamOp,
}

pub async fn federated(backend: Backend, tweak: impl FnOnce(&mut ProviderFields)) -> Federated {
    let app = TestApp::spawn_issuer(backend).await;
    let upstream = UpstreamOp::start(&app.url("/login/upstream/callback"));
    let mut fields = ProviderFields {
        slug: Some("upstream".into()),
        kind: Some("oidc".into()),
        display_name: Some("Upstream".into()),
        issuer: Some(upstream.issuer.clone()),
        client_id: Some(CLIENT_ID.into()),
        client_secret: Some(SecretString::from(CLIENT_SECRET)),
        ..ProviderFields::default()
    };
    tweak(&mut fields);
    app.services
        .federation
        .create_provider_by_operator(fields)
        .await
        .unwrap();
    Federated { app, upstream }
}

/// Starts the flow at `start` (a page of Palisade), signs in at the
/// upstream as `login` (`None`: cancels there), and comes back: the
/// answer of Palisade's callback.
pub async fn through(app: &TestApp, visitor: &Visitor, start: &str, login: Option<&str>) -> Page {
    let started = visitor.get(start).await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    let back = back_from_upstream(started.location(), login, &app.url("/login/")).await;
    visitor.get(back.strip_prefix(&app.base).unwrap()).await
}

async fn identities_of(app: &TestApp, user_id: Uuid) -> Vec<user_identities::Model> {
    user_identities::Entity::find()
        .filter(user_identities::Column::UserId.eq(user_id))
        .all(&app.db)
        .await
        .unwrap()
}

/// The subjects of the emails queued for `to`.
async fn subjects_to(app: &TestApp, to: &str) -> Vec<String> {
    use palisade::infra::store::entities::outbox;
    outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq(to))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.subject)
        .collect()
}

async fn user_count(app: &TestApp) -> usize {
    use palisade::infra::store::entities::users;
    users::Entity::find().all(&app.db).await.unwrap().len()
}

async fn events(app: &TestApp, action: &str) -> Vec<audit_events::Model> {
    audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq(action))
        .all(&app.db)
        .await
        .unwrap()
}

/// The `amr` of the user's newest session (ids are UUIDv7, in order; the
/// test clock stands still).
async fn last_amr(app: &TestApp, user_id: Uuid) -> String {
    sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(user_id))
        .order_by_desc(sessions::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("a session")
        .amr
}

/// Marks the address confirmed, as its emailed link would.
async fn confirmed(app: &TestApp, email: &str) {
    use palisade::infra::store::entities::users;
    users::Entity::update_many()
        .col_expr(
            users::Column::EmailVerified,
            sea_orm::sea_query::Expr::value(true),
        )
        .filter(users::Column::Email.eq(email))
        .exec(&app.db)
        .await
        .unwrap();
}

fn assert_page(page: &Page, status: StatusCode, words: &str) {
    assert_eq!(page.status, status, "{}", page.body);
    assert!(page.body.contains(words), "no {words:?} in {}", page.body);
}

on_both_backends! {
    async fn a_first_sign_in_through_a_provider_creates_the_user_and_the_second_finds_it(backend) {
        let Federated { app, upstream: _upstream } = federated(backend, |_| {}).await;
        let visitor = Visitor::new(&app);
        let login = visitor.get("/login").await;
        assert!(login.body.contains("href=\"/login/upstream\""), "{}", login.body);
        assert!(visitor.get("/register").await.body.contains("Continue with Upstream"));

        let back = through(&app, &visitor, "/login/upstream?return_to=%2Faccount%3Ftab%3D1", Some("alice")).await;
        assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
        assert_eq!(back.location(), "/account?tab=1");
        let account = visitor.get("/account").await;
        assert!(account.body.contains("alice@example.com"), "{}", account.body);
        // Made by the provider: no password until one is set by email.
        assert!(account.body.contains("id=\"no-password\""));
        let user = find_user_by_email(&app.db, "alice@example.com").await.unwrap().unwrap();
        assert!(user.email_verified);
        assert_eq!(user.display_name.as_deref(), Some("Alice"));
        let linked = identities_of(&app, user.id).await;
        assert_eq!((linked.len(), linked[0].subject.as_str()), (1, "alice"));
        assert_eq!(last_amr(&app, user.id).await, "fed");
        // No password signs in to it.
        let refused = app.post_json("/v1/auth/login", json!({"email": "alice@example.com", "password": "!no-password"})).await;
        expect_problem(refused, StatusCode::UNAUTHORIZED, "invalid_credentials").await;

        // Again, in another browser: the same user.
        let again = Visitor::new(&app);
        let back = through(&app, &again, "/login/upstream", Some("alice")).await;
        assert_eq!(back.location(), "/account");
        assert_eq!(user_count(&app).await, 1);
        assert_eq!(events(&app, "user.registered").await.len(), 1);
        assert_eq!(events(&app, "identity.linked").await.len(), 1);
        let logins = events(&app, "login.succeeded").await;
        assert_eq!(logins.len(), 2);
        assert!(logins.iter().all(|e| e.details["provider"] == "upstream"), "{logins:?}");
        // Its subjects now name accounts: another issuer may not take them over.
        let root = admin(&app, "root@example.com").await;
        let moved = call(&app, reqwest::Method::PATCH, "/v1/admin/identity-providers/upstream", &root.access,
            Some(json!({"issuer": "https://other.example.com"}))).await;
        let problem = expect_problem(moved, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(problem["errors"][0]["code"], "in_use", "{problem}");
    }
}

on_both_backends! {
    async fn an_existing_account_is_linked_by_a_verified_email_only_where_the_provider_may(backend) {
        let Federated { app, upstream: _upstream } = federated(backend, |f| f.link_by_verified_email = Some(false)).await;
        app.register("alice@example.com").await;
        let visitor = Visitor::new(&app);
        let back = through(&app, &visitor, "/login/upstream", Some("alice")).await;
        assert_page(&back, StatusCode::CONFLICT, "Sign in with your password first");
        assert!(back.body.contains("/login?notice=connect"), "{}", back.body);
        let user = find_user_by_email(&app.db, "alice@example.com").await.unwrap().unwrap();
        assert!(identities_of(&app, user.id).await.is_empty());

        let root = admin(&app, "root@example.com").await;
        let on = call(&app, reqwest::Method::PATCH, "/v1/admin/identity-providers/upstream", &root.access,
            Some(json!({"link_by_verified_email": true}))).await;
        assert_eq!(on.status(), StatusCode::OK);
        // An address never confirmed here may be someone else's account
        // lying in wait (pre-hijacking): not linked either.
        let back = through(&app, &visitor, "/login/upstream", Some("alice")).await;
        assert_page(&back, StatusCode::CONFLICT, "Sign in with your password first");
        let verified = call(&app, reqwest::Method::PATCH, &format!("/v1/admin/users/{}", user.id), &root.access,
            Some(json!({"email_verified": true}))).await;
        assert_eq!(verified.status(), StatusCode::OK);
        let back = through(&app, &visitor, "/login/upstream", Some("alice")).await;
        assert_eq!(back.location(), "/account");
        assert_eq!(identities_of(&app, user.id).await.len(), 1);
        let linked = events(&app, "identity.linked").await;
        assert_eq!(linked[0].details["by"], "verified_email");
        assert!(subjects_to(&app, "alice@example.com").await.iter().any(|s| s.contains("A sign-in was connected")));
        // The password still signs in too.
        app.login("alice@example.com").await;
    }
}

on_both_backends! {
    async fn an_address_the_provider_does_not_vouch_for_neither_links_nor_creates_an_account(backend) {
        let Federated { app, upstream: _upstream } = federated(backend, |_| {}).await;
        // No account: none is made with an address anyone could claim.
        let visitor = Visitor::new(&app);
        let back = through(&app, &visitor, "/login/upstream", Some("bob+unverified")).await;
        assert_page(&back, StatusCode::UNPROCESSABLE_ENTITY, "No email address");
        assert_eq!(user_count(&app).await, 0);
        // An account with that address: not handed over.
        app.register("bob@example.com").await;
        let back = through(&app, &visitor, "/login/upstream", Some("bob+unverified")).await;
        assert_page(&back, StatusCode::CONFLICT, "Sign in with your password first");
        let user = find_user_by_email(&app.db, "bob@example.com").await.unwrap().unwrap();
        assert!(identities_of(&app, user.id).await.is_empty());
        assert!(events(&app, "identity.linked").await.is_empty());
    }
}

on_both_backends! {
    async fn a_provider_that_may_not_sign_people_up_refuses_a_stranger(backend) {
        let Federated { app, upstream: _upstream } = federated(backend, |f| f.allow_signup = Some(false)).await;
        let visitor = Visitor::new(&app);
        let back = through(&app, &visitor, "/login/upstream", Some("alice")).await;
        assert_page(&back, StatusCode::FORBIDDEN, "No account yet");
        assert!(back.body.contains("Try again"));
        assert_eq!(user_count(&app).await, 0);
    }
}

on_both_backends! {
    async fn a_changed_state_another_browsers_flow_and_another_flows_code_are_refused(backend) {
        let Federated { app, upstream: _upstream } = federated(backend, |_| {}).await;
        let visitor = Visitor::new(&app);
        let started = visitor.get("/login/upstream").await;
        let back = back_from_upstream(started.location(), Some("alice"), &app.url("/login/")).await;
        let path = back.strip_prefix(&app.base).unwrap().to_owned();
        // The state changed by one character.
        let url = url::Url::parse(&back).unwrap();
        let state = url.query_pairs().find(|(k, _)| k == "state").unwrap().1.into_owned();
        let mut flipped = state.clone().into_bytes();
        let last = flipped.len() - 5;
        flipped[last] = if flipped[last] == b'A' { b'B' } else { b'A' };
        let tampered = path.replace(&state, std::str::from_utf8(&flipped).unwrap());
        assert_page(&visitor.get(&tampered).await, StatusCode::BAD_REQUEST, "Sign-in could not be finished");
        // Finished in another browser (a login CSRF): refused.
        let other = Visitor::new(&app);
        assert_page(&other.get(&path).await, StatusCode::BAD_REQUEST, "Sign-in could not be finished");
        assert_eq!(user_count(&app).await, 0);

        // The code of one flow with the state of another (its nonce and
        // PKCE verifier differ): the provider's answer does not check out.
        let second = visitor.get("/login/upstream").await;
        let second_url = url::Url::parse(second.location()).unwrap();
        let second_state = second_url.query_pairs().find(|(k, _)| k == "state").unwrap().1.into_owned();
        let swapped = path.replace(&state, &second_state);
        assert_page(&visitor.get(&swapped).await, StatusCode::UNAUTHORIZED, "Sign-in refused");
        assert_eq!(user_count(&app).await, 0);
        // The flow itself, untouched, still finishes.
        let done = visitor.get(&path).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    }
}

on_both_backends! {
    async fn a_cancelled_an_expired_and_an_unreachable_sign_in_each_land_on_a_page_that_offers_to_try_again(backend) {
        let Federated { app, upstream: _upstream } = federated(backend, |_| {}).await;
        let visitor = Visitor::new(&app);
        let cancelled = through(&app, &visitor, "/login/upstream?return_to=%2Faccount", None).await;
        assert_page(&cancelled, StatusCode::FORBIDDEN, "Sign-in cancelled");
        assert!(cancelled.body.contains("href=\"/login/upstream?return_to=%2Faccount\""), "{}", cancelled.body);

        let started = visitor.get("/login/upstream").await;
        let back = back_from_upstream(started.location(), Some("alice"), &app.url("/login/")).await;
        app.advance(FLOW_TTL + std::time::Duration::from_secs(1));
        let late = visitor.get(back.strip_prefix(&app.base).unwrap()).await;
        assert_page(&late, StatusCode::BAD_REQUEST, "Sign-in took too long");
        assert!(late.body.contains("Try again"));
        assert_eq!(user_count(&app).await, 0);

        // A provider whose server is gone.
        let port = crate::helpers::unused_port();
        app.services.federation.create_provider_by_operator(ProviderFields {
            slug: Some("gone".into()),
            kind: Some("oidc".into()),
            display_name: Some("Gone".into()),
            issuer: Some(format!("http://127.0.0.1:{port}")),
            client_id: Some("x".into()),
            ..ProviderFields::default()
        }).await.unwrap();
        let down = visitor.get("/login/gone").await;
        assert_page(&down, StatusCode::SERVICE_UNAVAILABLE, "Sign-in service unavailable");
        assert!(down.body.contains("href=\"/login/gone\""));
        // An unknown provider is a 404 page.
        assert_eq!(visitor.get("/login/nobody").await.status, StatusCode::NOT_FOUND);
    }
}

on_both_backends! {
    async fn a_disabled_user_cannot_sign_in_through_a_provider(backend) {
        let Federated { app, upstream: _upstream } = federated(backend, |_| {}).await;
        let visitor = Visitor::new(&app);
        through(&app, &visitor, "/login/upstream", Some("alice")).await;
        let user = find_user_by_email(&app.db, "alice@example.com").await.unwrap().unwrap();
        let root = admin(&app, "root@example.com").await;
        let disabled = call(&app, reqwest::Method::PATCH, &format!("/v1/admin/users/{}", user.id), &root.access,
            Some(json!({"disabled": true}))).await;
        assert_eq!(disabled.status(), StatusCode::OK);
        let back = through(&app, &Visitor::new(&app), "/login/upstream", Some("alice")).await;
        assert_eq!(back.status, StatusCode::FORBIDDEN, "{}", back.body);
    }
}

on_both_backends! {
    async fn a_user_with_a_second_factor_gets_the_second_step_unless_a_trusted_provider_asserted_one(backend) {
        let Federated { app, upstream: _upstream } = federated(backend, |_| {}).await;
        let (secret, _) = crate::mfa::enrolled(&app, "carol@example.com").await;
        confirmed(&app, "carol@example.com").await;
        let user = find_user_by_email(&app.db, "carol@example.com").await.unwrap().unwrap();
        let visitor = Visitor::new(&app);
        // Even with a second factor at the provider: not trusted by default.
        let step = through(&app, &visitor, "/login/upstream", Some("carol+mfa")).await;
        assert_page(&step, StatusCode::OK, "name=\"mfa_token\"");
        let token = step.body.split("name=\"mfa_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let code = crate::mfa::code(&app, &secret, 0);
        let done = visitor.post("/login/mfa", &[("csrf_token", &step.csrf()), ("mfa_token", &token), ("code", &code)]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert_eq!(last_amr(&app, user.id).await, "fed otp mfa");
        let mfa_login = events(&app, "login.succeeded").await;
        assert_eq!(mfa_login.last().unwrap().details["provider"], "upstream");

        let root = admin(&app, "root@example.com").await;
        call(&app, reqwest::Method::PATCH, "/v1/admin/identity-providers/upstream", &root.access,
            Some(json!({"trust_mfa": true}))).await;
        // Trusted, but the provider says one factor: our step still.
        let step = through(&app, &Visitor::new(&app), "/login/upstream", Some("carol")).await;
        assert_page(&step, StatusCode::OK, "name=\"mfa_token\"");
        // The audit log says what changed, never to what.
        let updated = events(&app, "provider.updated").await;
        assert_eq!(updated.last().unwrap().details["changed"], json!(["trust_mfa"]));
        // Trusted, and two factors there: straight in.
        let back = through(&app, &Visitor::new(&app), "/login/upstream", Some("carol+mfa")).await;
        assert_eq!(back.location(), "/account", "{}", back.body);
        assert_eq!(last_amr(&app, user.id).await, "fed mfa");
    }
}

const APP_REDIRECT: &str = "http://127.0.0.1:7777/callback";

/// The app flow up to the login code at the app's redirect URI.
async fn app_login_code(app: &TestApp, login: &str, challenge: &str) -> url::Url {
    let started = app.post_json("/v1/auth/federated/upstream/start",
        json!({"redirect_uri": APP_REDIRECT, "code_challenge": challenge, "state": "app-state"})).await;
    assert_eq!(started.status(), StatusCode::OK);
    let started: Value = started.json().await.unwrap();
    let back = back_from_upstream(
        started["authorization_url"].as_str().unwrap(),
        Some(login),
        &app.url("/login/"),
    )
    .await;
    // No cookie of Palisade's: an app's flow is bound by its PKCE instead.
    let answer = app.client.get(&back).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let to = answer.headers()["location"].to_str().unwrap();
    assert!(to.starts_with(APP_REDIRECT), "{to}");
    url::Url::parse(to).unwrap()
}

fn query(url: &url::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

on_both_backends! {
    async fn an_app_trades_its_login_code_and_verifier_for_tokens_once(backend) {
        let Federated { app, upstream: _upstream } = federated(backend, |_| {}).await;
        let root = admin(&app, "root@example.com").await;
        crate::oidc::register_client(&app, &root.access, json!({
            "name": "Mobile", "type": "public", "redirect_uris": [APP_REDIRECT], "first_party": true,
        })).await;
        // Only a first-party app gets first-party tokens: another app's
        // redirect URI would carry the user's session to that app.
        crate::oidc::register_client(&app, &root.access, json!({
            "name": "Third party", "type": "public", "redirect_uris": ["https://third.example/cb"],
        })).await;
        for elsewhere in ["https://evil.example/cb", "https://third.example/cb"] {
            let refused = app.post_json("/v1/auth/federated/upstream/start",
                json!({"redirect_uri": elsewhere, "code_challenge": pkce().1})).await;
            expect_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        }
        let unknown = app.post_json("/v1/auth/federated/nobody/start",
            json!({"redirect_uri": APP_REDIRECT, "code_challenge": pkce().1})).await;
        expect_problem(unknown, StatusCode::NOT_FOUND, "not_found").await;

        let (verifier, challenge) = pkce();
        let back = app_login_code(&app, "alice", &challenge).await;
        assert_eq!(query(&back, "state").as_deref(), Some("app-state"));
        let login_code = query(&back, "login_code").unwrap();
        let wrong = app.post_json("/v1/auth/federated/exchange",
            json!({"login_code": login_code, "code_verifier": pkce().0})).await;
        expect_problem(wrong, StatusCode::BAD_REQUEST, "invalid_login_code").await;
        let pair = app.post_json("/v1/auth/federated/exchange",
            json!({"login_code": login_code, "code_verifier": verifier})).await;
        assert_eq!(pair.status(), StatusCode::OK);
        let pair: Value = pair.json().await.unwrap();
        let claims = crate::tokens::claims_of(pair["access_token"].as_str().unwrap());
        assert_eq!(claims["amr"], json!(["fed"]));
        assert_eq!(app.me_status(pair["access_token"].as_str().unwrap()).await, StatusCode::OK);
        // Once: a replay is refused and ends what the first use opened.
        let replay = app.post_json("/v1/auth/federated/exchange",
            json!({"login_code": login_code, "code_verifier": verifier})).await;
        expect_problem(replay, StatusCode::BAD_REQUEST, "invalid_login_code").await;
        let refreshed = app.refresh(pair["refresh_token"].as_str().unwrap()).await;
        assert_eq!(refreshed.status(), StatusCode::UNAUTHORIZED);

        // A code older than 60 s is refused.
        let (verifier, challenge) = pkce();
        let late = query(&app_login_code(&app, "alice", &challenge).await, "login_code").unwrap();
        app.advance(std::time::Duration::from_secs(61));
        let expired = app.post_json("/v1/auth/federated/exchange",
            json!({"login_code": late, "code_verifier": verifier})).await;
        expect_problem(expired, StatusCode::BAD_REQUEST, "invalid_login_code").await;
    }
}

on_both_backends! {
    async fn an_app_hears_of_a_refusal_at_its_redirect_uri_and_a_user_with_a_factor_gets_the_step(backend) {
        let Federated { app, upstream: _upstream } = federated(backend, |f| f.allow_signup = Some(false)).await;
        let root = admin(&app, "root@example.com").await;
        crate::oidc::register_client(&app, &root.access, json!({
            "name": "Mobile", "type": "public", "redirect_uris": [APP_REDIRECT], "first_party": true,
        })).await;
        let (_, challenge) = pkce();
        let refused = app_login_code(&app, "alice", &challenge).await;
        assert_eq!(query(&refused, "error").as_deref(), Some("signup_closed"));
        assert_eq!(query(&refused, "state").as_deref(), Some("app-state"));

        let (secret, _) = crate::mfa::enrolled(&app, "carol@example.com").await;
        confirmed(&app, "carol@example.com").await;
        let (verifier, challenge) = pkce();
        let back = app_login_code(&app, "carol", &challenge).await;
        let step: Value = app.post_json("/v1/auth/federated/exchange",
            json!({"login_code": query(&back, "login_code").unwrap(), "code_verifier": verifier})).await.json().await.unwrap();
        assert_eq!(step["mfa_required"], true, "{step}");
        let verified = app.post_json("/v1/auth/mfa/verify", json!({
            "mfa_token": step["mfa_token"], "method": "totp", "code": crate::mfa::code(&app, &secret, 0),
        })).await;
        assert_eq!(verified.status(), StatusCode::OK);
        let verified: Value = verified.json().await.unwrap();
        let claims = crate::tokens::claims_of(verified["access_token"].as_str().unwrap());
        assert_eq!(claims["amr"], json!(["fed", "otp", "mfa"]));
    }
}

on_both_backends! {
    async fn a_signed_in_user_connects_a_provider_from_the_account_page_and_disconnects_it(backend) {
        let Federated { app, upstream: _upstream } = federated(backend, |_| {}).await;
        app.register("erin@other.test").await;
        let visitor = Visitor::new(&app);
        visitor.sign_in("erin@other.test", PASSWORD).await;
        // An address not confirmed yet may be someone else's: whoever
        // registered it cannot leave a way in for themselves.
        let account = visitor.get("/account").await;
        let link = account.body.split("href=\"/login/upstream?connect=").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let unconfirmed = visitor.get(&format!("/login/upstream?connect={link}")).await;
        assert_page(&unconfirmed, StatusCode::FORBIDDEN, "");
        confirmed(&app, "erin@other.test").await;
        let account = visitor.get("/account").await;
        let link = account.body.split("href=\"/login/upstream?connect=").nth(1).unwrap().split('"').next().unwrap().to_owned();
        // Another token (another site's link) connects nothing.
        assert_eq!(visitor.get("/login/upstream?connect=forged").await.status, StatusCode::FORBIDDEN);
        let back = through(&app, &visitor, &format!("/login/upstream?connect={link}"), Some("zed")).await;
        assert_eq!(back.location(), "/account?notice=connected", "{}", back.body);
        let user = find_user_by_email(&app.db, "erin@other.test").await.unwrap().unwrap();
        let linked = identities_of(&app, user.id).await;
        assert_eq!((linked.len(), linked[0].email.as_deref()), (1, Some("zed@example.com")));
        // The owner hears of it, in case it was not them.
        assert!(subjects_to(&app, "erin@other.test").await.iter().any(|s| s.contains("A sign-in was connected")));
        // Now it signs erin in, from a fresh browser.
        let elsewhere = Visitor::new(&app);
        through(&app, &elsewhere, "/login/upstream", Some("zed")).await;
        assert!(elsewhere.get("/account").await.body.contains("erin@other.test"));
        // Someone else cannot connect the same identity.
        app.register("frank@other.test").await;
        confirmed(&app, "frank@other.test").await;
        let frank = Visitor::new(&app);
        frank.sign_in("frank@other.test", PASSWORD).await;
        let page = frank.get("/account").await;
        let link = page.body.split("href=\"/login/upstream?connect=").nth(1).unwrap().split('"').next().unwrap().to_owned();
        let taken = through(&app, &frank, &format!("/login/upstream?connect={link}"), Some("zed")).await;
        assert_page(&taken, StatusCode::CONFLICT, "Connected to another account");

        let page = visitor.get("/account").await;
        let gone = visitor.post("/account/identities/upstream/disconnect", &[("csrf_token", &page.csrf())]).await;
        assert_eq!(gone.location(), "/account?notice=disconnected");
        assert!(identities_of(&app, user.id).await.is_empty());
        assert_eq!(events(&app, "identity.unlinked").await.len(), 1);
        assert!(subjects_to(&app, "erin@other.test").await.iter().any(|s| s.contains("A sign-in was disconnected")));
    }
}

on_both_backends! {
    async fn github_signs_a_user_in_by_its_numeric_id_and_primary_verified_address(backend) {
        let app = TestApp::spawn_issuer(backend).await;
        let github = crate::upstream::github_stand_in(true).await;
        app.services.federation.create_provider_by_operator(ProviderFields {
            slug: Some("github".into()),
            kind: Some("github".into()),
            display_name: Some("GitHub".into()),
            client_id: Some("Iv1.stand-in".into()),
            client_secret: Some(SecretString::from("github-secret-0123456789")),
            authorization_endpoint: Some(format!("{github}/login/oauth/authorize")),
            token_endpoint: Some(format!("{github}/login/oauth/access_token")),
            userinfo_endpoint: Some(format!("{github}/user")),
            ..ProviderFields::default()
        }).await.unwrap();
        let visitor = Visitor::new(&app);
        let started = visitor.get("/login/github").await;
        assert!(started.location().starts_with(&format!("{github}/login/oauth/authorize?")), "{}", started.location());
        let approved = app.client.get(started.location()).send().await.unwrap();
        let back = approved.headers()["location"].to_str().unwrap().to_owned();
        let signed_in = visitor.get(back.strip_prefix(&app.base).unwrap()).await;
        assert_eq!(signed_in.location(), "/account", "{}", signed_in.body);
        let user = find_user_by_email(&app.db, "octocat@example.com").await.unwrap().unwrap();
        assert_eq!(user.display_name.as_deref(), Some("The Octocat"));
        let linked = identities_of(&app, user.id).await;
        assert_eq!(linked[0].subject, "583231");
    }
}

/// Another Palisade as the upstream: one instance's OpenID Provider is
/// another's identity provider, by its issuer URL alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_palisade_is_an_upstream_provider_like_any_openid_provider() {
    let upstream = TestApp::spawn_issuer(Backend::Sqlite).await;
    let app = TestApp::spawn_issuer(Backend::Sqlite).await;
    let root = admin(&upstream, "root@example.com").await;
    let client = crate::oidc::register_client(
        &upstream,
        &root.access,
        json!({
            "name": "Downstream", "type": "confidential", "first_party": true,
            "redirect_uris": [app.url("/login/palisade/callback")],
        }),
    )
    .await;
    upstream.register("ada@example.com").await;
    confirmed(&upstream, "ada@example.com").await;
    app.services
        .federation
        .create_provider_by_operator(ProviderFields {
            slug: Some("palisade".into()),
            kind: Some("oidc".into()),
            display_name: Some("Palisade".into()),
            issuer: Some(upstream.base.clone()),
            client_id: Some(client.id.clone()),
            client_secret: client.secret.clone().map(SecretString::from),
            ..ProviderFields::default()
        })
        .await
        .unwrap();
    let here = Visitor::new(&app);
    let there = Visitor::new(&upstream);
    let started = here.get("/login/palisade").await;
    let authorize = started
        .location()
        .strip_prefix(&upstream.base)
        .unwrap()
        .to_owned();
    // Not signed in there: its login page, then back to the request.
    let asked = there.get(&authorize).await;
    assert!(
        asked.location().starts_with("/login?"),
        "{}",
        asked.location()
    );
    let login = there.get(asked.location()).await;
    let signed_in = there
        .post(
            "/login",
            &[
                ("csrf_token", login.csrf().as_str()),
                ("email", "ada@example.com"),
                ("password", PASSWORD),
                ("return_to", authorize.as_str()),
            ],
        )
        .await;
    assert_eq!(signed_in.location(), authorize);
    let answered = there.get(&authorize).await;
    let back = answered
        .location()
        .strip_prefix(&app.base)
        .unwrap()
        .to_owned();
    let done = here.get(&back).await;
    assert_eq!(done.location(), "/account", "{}", done.body);
    assert!(here.get("/account").await.body.contains("ada@example.com"));
    let user = find_user_by_email(&app.db, "ada@example.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(identities_of(&app, user.id).await.len(), 1);
}

on_both_backends! {
    async fn signing_in_through_a_provider_continues_an_authorization_request_in_progress(backend) {
        use crate::oidc::{authorize_path, param, redirected};
        let Federated { app, upstream: _upstream } = federated(backend, |_| {}).await;
        let root = admin(&app, "root@example.com").await;
        let client = crate::oidc::register_client(&app, &root.access, json!({
            "name": "Dashboard", "type": "public", "redirect_uris": [APP_REDIRECT], "first_party": true,
        })).await;
        let (_, challenge) = pkce();
        let authorize = authorize_path(&[
            ("client_id", client.id.as_str()), ("redirect_uri", APP_REDIRECT), ("response_type", "code"),
            ("scope", "openid email"), ("state", "st-1"), ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ]);
        let visitor = Visitor::new(&app);
        let asked = visitor.get(&authorize).await;
        let to_login = asked.location().to_owned();
        assert!(to_login.starts_with("/login?"), "{to_login}");
        // The login page's button carries the request on.
        let login = visitor.get(&to_login).await;
        let button = login.body.split("href=\"/login/upstream?").nth(1).unwrap().split('"').next().unwrap()
            .replace("&amp;", "&");
        let back = through(&app, &visitor, &format!("/login/upstream?{button}"), Some("alice")).await;
        assert_eq!(back.location(), authorize);
        let answered = visitor.get(&authorize).await;
        let pairs = redirected(&answered);
        assert!(answered.location().starts_with(APP_REDIRECT), "{}", answered.location());
        assert!(param(&pairs, "code").is_some());
        assert_eq!(param(&pairs, "state"), Some("st-1"));
    }
}

on_both_backends! {
    async fn a_user_without_a_password_confirms_an_erasure_by_a_recent_sign_in(backend) {
        let Federated { app, upstream: _upstream } = federated(backend, |_| {}).await;
        let visitor = Visitor::new(&app);
        through(&app, &visitor, "/login/upstream", Some("alice")).await;
        let account = visitor.get("/account").await;
        assert!(account.body.contains("data-fresh=\"password\""), "no password field, a hint instead");
        // A fresh sign-in sets no password: that takes the emailed link.
        let set = visitor
            .post("/account/password", &[
                ("csrf_token", &account.csrf()), ("current_password", ""),
                ("new_password", "a brand new passphrase 42"),
            ])
            .await;
        assert_eq!(set.status, StatusCode::FORBIDDEN, "{}", set.body);
        let refused = app.post_json("/v1/auth/login", json!({"email": "alice@example.com", "password": "a brand new passphrase 42"})).await;
        expect_problem(refused, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        // Older than five minutes: not enough, and nothing typed helps.
        app.advance(std::time::Duration::from_secs(301));
        let late = visitor
            .post("/account/delete", &[("csrf_token", &account.csrf()), ("password", "!no-password")])
            .await;
        assert_page(&late, StatusCode::FORBIDDEN, "data-fresh=\"password\"");
        assert!(find_user_by_email(&app.db, "alice@example.com").await.unwrap().is_some());
        // Signed in again at the provider: the erasure goes through.
        through(&app, &visitor, "/login/upstream?return_to=%2Faccount", Some("alice")).await;
        let account = visitor.get("/account").await;
        let gone = visitor
            .post("/account/delete", &[("csrf_token", &account.csrf()), ("password", "")])
            .await;
        assert_eq!(gone.status, StatusCode::SEE_OTHER, "{}", gone.body);
        assert!(find_user_by_email(&app.db, "alice@example.com").await.unwrap().is_none());
        assert!(user_identities::Entity::find().all(&app.db).await.unwrap().is_empty());
    }
}

on_both_backends! {
    async fn two_unlinks_at_once_never_leave_a_user_without_a_way_to_sign_in(backend) {
        use palisade::core::model::{ClientInfo, Principal};
        use palisade::core::ports::{IdentityStore as _, LinkedIdentity, NewUser};
        use palisade::infra::store::SqlStore;
        let app = TestApp::spawn(backend).await;
        for slug in ["first", "second"] {
            app.services.federation.create_provider_by_operator(ProviderFields {
                slug: Some(slug.into()),
                kind: Some("oidc".into()),
                display_name: Some(slug.into()),
                issuer: Some("https://id.example.com".into()),
                client_id: Some("palisade".into()),
                ..ProviderFields::default()
            }).await.unwrap();
        }
        let store = SqlStore::new(app.db.clone());
        let user_id = Uuid::now_v7();
        let now = chrono::Utc::now();
        let link = |provider: &str| LinkedIdentity {
            provider: provider.into(), subject: "s-1".into(), user_id, email: None, linked_at: now, last_used_at: None,
        };
        store.create_user_with_identity(
            NewUser { id: user_id, email: "solo@example.com".into(), password_hash: "!no-password".into(), display_name: None, email_verified: true, locale: None },
            link("first"), vec![], now,
        ).await.unwrap();
        let event = || palisade::core::audit::event("identity.linked", &ClientInfo::default());
        let letter = palisade::core::model::Letter {
            recipient: "solo@example.com".into(), subject: "x".into(), text_body: "x".into(), html_body: "x".into(),
        };
        store.link_identity(link("second"), event(), letter, now).await.unwrap();

        let who = Principal { user_id, session_id: Uuid::now_v7(), roles: vec![] };
        let federation = &app.services.federation;
        let client = ClientInfo::default();
        let (a, b) = tokio::join!(
            federation.unlink(&who, "first", &client),
            federation.unlink(&who, "second", &client),
        );
        assert!(a.is_ok() != b.is_ok(), "exactly one unlink wins: {a:?} {b:?}");
        assert_eq!(identities_of(&app, user_id).await.len(), 1);

        // A passkey is a way in too: with one, the last identity goes;
        // then the passkey is the last way in, and stays.
        use palisade::infra::store::entities::passkeys;
        use sea_orm::{ActiveModelTrait as _, Set};
        let passkey_id = Uuid::now_v7();
        passkeys::ActiveModel {
            tenant: Set("default".into()),
            id: Set(passkey_id),
            user_id: Set(user_id),
            name: Set("Laptop".into()),
            credential_id: Set("cred-1".into()),
            credential: Set("{}".into()),
            created_at: Set(now),
            last_used_at: Set(None),
        }
        .insert(&app.db)
        .await
        .unwrap();
        let left = identities_of(&app, user_id).await[0].provider.clone();
        federation.unlink(&who, &left, &client).await.unwrap();
        let kept = app.services.mfa.remove_passkey(&who, passkey_id, &client).await;
        assert!(matches!(kept, Err(palisade::core::error::Error::LastLoginMethod)), "{kept:?}");
        assert_eq!(passkeys::Entity::find().all(&app.db).await.unwrap().len(), 1);
    }
}
