//! Access tokens: claims, JWKS, expiry, algorithm pinning, forged tokens, key
//! rotation and restarts.

use std::time::Duration;

use base64::Engine as _;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, jwk::JwkSet};
use palisade::core::clock::Clock as _;
use palisade::core::tokens::{AccessClaims, AccessGrant, Subject};
use palisade::infra::crypto::jws::{JwtAlgorithm, issue_access_token};
use reqwest::StatusCode;
use sea_orm::EntityTrait as _;
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp};

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn parts(token: &str) -> (Value, Value) {
    let mut it = token.split('.');
    let decode = |p: &str| -> Value {
        serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(p)
                .unwrap(),
        )
        .unwrap()
    };
    let header = decode(it.next().unwrap());
    let claims = decode(it.next().unwrap());
    (header, claims)
}

async fn jwks(app: &TestApp) -> JwkSet {
    app.get_json("/.well-known/jwks.json").await
}

/// A P-256 key that is not the server's.
fn foreign_es256_key() -> (EncodingKey, Value) {
    use p256::pkcs8::{EncodePrivateKey, LineEnding};
    let secret = p256::SecretKey::random(&mut rand::rngs::OsRng);
    let pem = secret.to_pkcs8_pem(LineEnding::LF).unwrap();
    let point =
        p256::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(&secret.public_key(), false);
    let jwk = json!({"kty": "EC", "crv": "P-256", "x": b64(point.x().unwrap()), "y": b64(point.y().unwrap())});
    (EncodingKey::from_ec_pem(pem.as_bytes()).unwrap(), jwk)
}

on_both_backends! {
    async fn access_tokens_carry_the_contract_claims_and_verify_with_the_jwks(backend) {
        let app = TestApp::spawn(backend).await;
        let user = app.register("ada@example.com").await;
        let tokens = app.login("ada@example.com").await;
        let (header, claims) = parts(&tokens.access);
        assert_eq!(header["alg"], "ES256");
        let kid = header["kid"].as_str().unwrap();

        let set = jwks(&app).await;
        let jwk = set.find(kid).expect("the signing key is published");
        let text = serde_json::to_string(&set).unwrap();
        assert!(!text.contains("\"d\""), "no private part in the JWKS: {text}");
        let mut validation = Validation::new(Algorithm::ES256);
        validation.set_issuer(&["http://127.0.0.1:8080"]);
        validation.set_audience(&["http://127.0.0.1:8080"]);
        let verified = jsonwebtoken::decode::<AccessClaims>(&tokens.access, &DecodingKey::from_jwk(jwk).unwrap(), &validation)
            .expect("a third party verifies the token with the JWKS");
        assert_eq!(verified.claims.sub.to_string(), user["id"].as_str().unwrap());
        assert_eq!(verified.claims.roles, vec!["user".to_owned()]);
        assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 900);
        for claim in ["iss", "sub", "aud", "client_id", "scope", "sid", "jti", "iat", "exp", "roles", "amr"] {
            assert!(!claims[claim].is_null(), "{claim}");
        }
        // RFC 9068: typed at+jwt, for the audience, naming the client and how
        // the user signed in.
        assert_eq!(header["typ"], "at+jwt");
        assert_eq!(claims["aud"], "http://127.0.0.1:8080");
        assert_eq!(claims["client_id"], "palisade");
        assert_eq!(claims["amr"], json!(["pwd"]));
        assert!(claims["scope"].as_str().unwrap().split(' ').any(|s| s == "openid"));
    }
}

on_both_backends! {
    async fn an_access_token_is_refused_as_soon_as_it_expires(backend) {
        let app = TestApp::spawn(backend).await;
        let tokens = app.register_and_login("ada@example.com").await;
        app.advance(Duration::from_secs(899));
        assert_eq!(app.me_status(&tokens.access).await, StatusCode::OK);
        app.advance(Duration::from_secs(3));
        assert_eq!(app.me_status(&tokens.access).await, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn forged_and_tampered_tokens_are_refused() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let tokens = app.register_and_login("ada@example.com").await;
    let (header, claims) = parts(&tokens.access);
    let kid = header["kid"].as_str().unwrap().to_owned();
    let segments: Vec<&str> = tokens.access.split('.').collect();

    // The payload changed under the signature.
    let mut other = claims.clone();
    other["roles"] = json!(["admin"]);
    let tampered = format!(
        "{}.{}.{}",
        segments[0],
        b64(other.to_string().as_bytes()),
        segments[2]
    );
    // No signature at all.
    let none_header = json!({"alg": "none", "typ": "JWT", "kid": kid});
    let unsigned = format!(
        "{}.{}.",
        b64(none_header.to_string().as_bytes()),
        segments[1]
    );
    // Signed by somebody else's key under the server's kid.
    let (foreign, foreign_jwk) = foreign_es256_key();
    let mut h = Header::new(Algorithm::ES256);
    h.kid = Some(kid.clone());
    let wrong_key = jsonwebtoken::encode(&h, &claims, &foreign).unwrap();
    // The key shipped inside the token.
    let mut h = Header::new(Algorithm::ES256);
    h.kid = Some(kid.clone());
    h.jwk = Some(serde_json::from_value(foreign_jwk).unwrap());
    let embedded = jsonwebtoken::encode(&h, &claims, &foreign).unwrap();
    let mut h = Header::new(Algorithm::ES256);
    h.kid = Some("somebody-elses-key".into());
    let unknown_kid = jsonwebtoken::encode(&h, &claims, &foreign).unwrap();
    let mut h = Header::new(Algorithm::ES256);
    h.jku = Some("http://127.0.0.1:1/jwks.json".into());
    h.kid = Some(kid.clone());
    let jku = jsonwebtoken::encode(&h, &claims, &foreign).unwrap();
    // Signed by the server's own key, but for another issuer.
    let wrong_issuer = issue_access_token(
        &app.keys,
        AccessGrant {
            subject: Subject::User {
                user_id: claims["sub"].as_str().unwrap().parse().unwrap(),
                session_id: claims["sid"].as_str().unwrap().parse().unwrap(),
            },
            client_id: "palisade",
            scope: "openid",
            roles: vec!["user".into()],
            amr: &["pwd".to_owned()],
            audience: "http://127.0.0.1:8080",
            issuer: "https://evil.example",
            now: app.clock.now(),
            ttl: Duration::from_secs(900),
        },
    )
    .unwrap();

    assert_eq!(app.me_status(&tokens.access).await, StatusCode::OK);
    for (name, token) in [
        ("tampered", tampered),
        ("alg none", unsigned),
        ("wrong key", wrong_key),
        ("embedded jwk", embedded),
        ("unknown kid", unknown_kid),
        ("jku", jku),
        ("wrong issuer", wrong_issuer),
        ("truncated", segments[..2].join(".")),
    ] {
        assert_eq!(
            app.me_status(&token).await,
            StatusCode::UNAUTHORIZED,
            "{name}"
        );
    }
}

#[tokio::test]
async fn an_hmac_token_keyed_with_the_public_rsa_key_is_refused() {
    use rsa::pkcs1::EncodeRsaPublicKey;
    let app = TestApp::spawn_with(Backend::Sqlite, |c| c.jwt_alg = JwtAlgorithm::Rs256).await;
    let tokens = app.register_and_login("ada@example.com").await;
    let (header, claims) = parts(&tokens.access);
    assert_eq!(header["alg"], "RS256");
    let set: Value = app.get_json("/.well-known/jwks.json").await;
    let key = &set["keys"][0];
    let decode = |f: &str| {
        rsa::BigUint::from_bytes_be(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(key[f].as_str().unwrap())
                .unwrap(),
        )
    };
    let public = rsa::RsaPublicKey::new(decode("n"), decode("e")).unwrap();
    let mut h = Header::new(Algorithm::HS256);
    h.kid = header["kid"].as_str().map(str::to_owned);
    for public_bytes in [
        public
            .to_pkcs1_pem(rsa::pkcs8::LineEnding::LF)
            .unwrap()
            .into_bytes(),
        public.to_pkcs1_der().unwrap().as_bytes().to_vec(),
    ] {
        let forged =
            jsonwebtoken::encode(&h, &claims, &EncodingKey::from_secret(&public_bytes)).unwrap();
        assert_eq!(app.me_status(&forged).await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(app.me_status(&tokens.access).await, StatusCode::OK);
}

#[tokio::test]
async fn every_signing_algorithm_issues_tokens_the_server_accepts() {
    for (alg, kty) in [
        (JwtAlgorithm::EdDsa, Some("OKP")),
        (JwtAlgorithm::Rs256, Some("RSA")),
        (JwtAlgorithm::Hs256, None),
    ] {
        let app = TestApp::spawn_with(Backend::Sqlite, |c| {
            c.jwt_alg = alg;
            c.jwt_secret = Some(SecretString::from(
                "0123456789abcdef0123456789abcdef-test-secret",
            ));
        })
        .await;
        let tokens = app.register_and_login("ada@example.com").await;
        let (header, _) = parts(&tokens.access);
        assert_eq!(header["alg"], alg.as_str());
        assert_eq!(
            app.me_status(&tokens.access).await,
            StatusCode::OK,
            "{alg:?}"
        );
        let set: Value = app.get_json("/.well-known/jwks.json").await;
        match kty {
            Some(kty) => assert_eq!(set["keys"][0]["kty"], kty),
            // A shared secret is never published.
            None => assert_eq!(set["keys"], json!([])),
        }
    }
}

on_both_backends! {
    async fn tokens_stay_valid_across_a_restart(backend) {
        let first = TestApp::spawn(backend).await;
        let tokens = first.register_and_login("ada@example.com").await;
        let restarted = first.another_instance(|_| {}).await;
        assert_eq!(restarted.me_status(&tokens.access).await, StatusCode::OK);
        assert_eq!(restarted.refresh(&tokens.refresh).await.status(), StatusCode::OK);
    }
}

/// Waits until the running server publishes `kid` (it reloads keys within 5 s).
async fn until_published(app: &TestApp, kid: &str) {
    for _ in 0..60 {
        if jwks(app).await.find(kid).is_some() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("key {kid} not published within 6 s");
}

on_both_backends! {
    async fn a_rotated_key_is_published_first_and_signs_after_the_activation_delay(backend) {
        let app = TestApp::spawn(backend).await;
        let before = app.register_and_login("ada@example.com").await;
        let old_kid = parts(&before.access).0["kid"].as_str().unwrap().to_owned();
        let now = app.clock.now();
        let new_kid = palisade::infra::crypto::keys::rotate(
            palisade::core::tenants::DEFAULT_TENANT, &app.db,
            JwtAlgorithm::Es256,
            now,
            now + chrono::TimeDelta::minutes(10),
        )
        .await
        .unwrap();
        until_published(&app, &new_kid).await;

        // Published, but the old key still signs until the delay is over.
        let meanwhile = app.login("ada@example.com").await;
        assert_eq!(parts(&meanwhile.access).0["kid"], old_kid.as_str());

        app.advance(Duration::from_secs(600));
        let after = app.login("ada@example.com").await;
        assert_eq!(parts(&after.access).0["kid"], new_kid.as_str());
        assert_eq!(app.me_status(&after.access).await, StatusCode::OK);
        assert_eq!(app.me_status(&meanwhile.access).await, StatusCode::OK);
        assert!(jwks(&app).await.find(&old_kid).is_some(), "old key stays published while its tokens live");
    }
}

on_both_backends! {
    async fn a_revoked_key_leaves_the_jwks_and_its_tokens_stop_working_within_seconds(backend) {
        let app = TestApp::spawn(backend).await;
        let tokens = app.register_and_login("ada@example.com").await;
        let kid = parts(&tokens.access).0["kid"].as_str().unwrap().to_owned();
        let other = app.another_instance(|_| {}).await;
        assert_eq!(other.me_status(&tokens.access).await, StatusCode::OK);

        let replacement = palisade::infra::crypto::keys::revoke(palisade::core::tenants::DEFAULT_TENANT, &app.db, JwtAlgorithm::Es256, &kid, app.clock.now())
            .await
            .unwrap()
            .expect("the signing key was revoked: a new one takes over");
        palisade::core::ports::Notifier::publish(&palisade::infra::notify::PgNotifier::new(app.db.clone()), palisade::core::ports::Notice::KeysRotated).await;
        // Both instances, the one that cached the token's check included.
        for instance in [&app, &other] {
            let mut refused = false;
            for _ in 0..60 {
                if instance.me_status(&tokens.access).await == StatusCode::UNAUTHORIZED {
                    refused = true;
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            assert!(refused, "a revoked key's token is refused within 6 s");
            assert!(jwks(instance).await.find(&kid).is_none(), "the revoked key left the JWKS");
        }
        let fresh = app.login("ada@example.com").await;
        assert_eq!(parts(&fresh.access).0["kid"], replacement.as_str());
        assert_eq!(other.me_status(&fresh.access).await, StatusCode::OK);
        // Revoking it again, or an unknown key, changes nothing.
        let again = palisade::infra::crypto::keys::revoke(palisade::core::tenants::DEFAULT_TENANT, &app.db, JwtAlgorithm::Es256, &kid, app.clock.now()).await;
        assert!(matches!(again, Err(palisade::core::Error::NotFound)));
    }
}

on_both_backends! {
    async fn switching_the_algorithm_publishes_first_then_retires_the_old_key(backend) {
        let app = TestApp::spawn(backend).await;
        let es256 = app.register_and_login("ada@example.com").await;
        let old_kid = parts(&es256.access).0["kid"].as_str().unwrap().to_owned();
        // A rolling change: one instance restarts with EdDSA, one still has ES256.
        let switched = app.another_instance(|c| c.jwt_alg = JwtAlgorithm::EdDsa).await;
        let eddsa_kid = jwks(&switched).await.keys.iter()
            .find_map(|k| k.common.key_id.clone().filter(|kid| *kid != old_kid))
            .expect("the EdDSA key is published at once");
        until_published(&app, &eddsa_kid).await;
        // Both go on signing with the ES256 key until the new one's time.
        for instance in [&app, &switched] {
            assert_eq!(parts(&instance.login("ada@example.com").await.access).0["kid"], old_kid.as_str());
        }
        app.advance(Duration::from_secs(600));
        // Then both sign with EdDSA, the instance still set to ES256 too.
        for instance in [&app, &switched] {
            let token = instance.login("ada@example.com").await.access;
            assert_eq!(parts(&token).0["alg"], "EdDSA");
            assert_eq!(instance.me_status(&token).await, StatusCode::OK);
        }
        // The ES256 key's tokens live on for a while: published until then.
        assert!(jwks(&switched).await.find(&old_kid).is_some());
        app.advance(Duration::from_secs(15 * 60 + 10));
        switched.keys.reload(&switched.db, app.clock.now()).await.unwrap();
        assert!(jwks(&switched).await.find(&old_kid).is_none(), "the ES256 key is no longer published");
        // Its expired tokens are still told apart from forged ones.
        let expired = switched.get_authed("/v1/users/me", &es256.access).await;
        crate::helpers::expect_problem(expired, StatusCode::UNAUTHORIZED, "token_expired").await;
    }
}

#[tokio::test]
async fn the_hs256_kid_is_random_and_follows_the_secret() {
    use sha2::Digest as _;
    let secret = "0123456789abcdef0123456789abcdef-test-secret";
    let hs256 = |secret: &'static str| {
        move |c: &mut palisade::Config| {
            c.jwt_alg = JwtAlgorithm::Hs256;
            c.jwt_secret = Some(SecretString::from(secret));
        }
    };
    let app = TestApp::spawn_with(Backend::Sqlite, hs256(secret)).await;
    let tokens = app.register_and_login("ada@example.com").await;
    let kid = parts(&tokens.access).0["kid"].as_str().unwrap().to_owned();
    let fingerprint: String = sha2::Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(
        !kid.contains(&fingerprint[..8]),
        "the kid says nothing of the secret: {kid}"
    );

    // A restart with the same secret keeps the kid; its tokens stay valid.
    let restarted = app.another_instance(hs256(secret)).await;
    assert_eq!(restarted.me_status(&tokens.access).await, StatusCode::OK);
    assert_eq!(
        parts(&restarted.login("ada@example.com").await.access).0["kid"],
        kid.as_str()
    );
    // A new secret makes a new kid, and the old tokens fail cleanly.
    let changed = app
        .another_instance(hs256("another secret of at least thirty-two bytes"))
        .await;
    assert_eq!(
        changed.me_status(&tokens.access).await,
        StatusCode::UNAUTHORIZED
    );
    assert_ne!(
        parts(&changed.login("ada@example.com").await.access).0["kid"],
        kid.as_str()
    );
}

#[tokio::test]
async fn an_es256_token_has_one_spelling_and_its_high_s_twin_is_refused() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.register("ada@example.com").await;
    let signature = |token: &str| {
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(token.rsplit_once('.').unwrap().1)
            .unwrap();
        p256::ecdsa::Signature::from_slice(&raw).unwrap()
    };
    // Half of all ECDSA signatures are high-S before normalizing: 16 in a
    // row that are all low-S are not luck.
    let mut last = String::new();
    for _ in 0..16 {
        last = app.login("ada@example.com").await.access;
        assert!(
            signature(&last).normalize_s().is_none(),
            "issued tokens are low-S"
        );
    }
    // (r, n - s) verifies as well: the other spelling of the same token.
    let (r, s) = signature(&last).split_scalars();
    let twin = p256::ecdsa::Signature::from_scalars(r, -*s).unwrap();
    let forged = format!(
        "{}.{}",
        last.rsplit_once('.').unwrap().0,
        b64(&twin.to_bytes())
    );
    assert_ne!(forged, last);
    assert_eq!(app.me_status(&forged).await, StatusCode::UNAUTHORIZED);
    assert_eq!(app.me_status(&last).await, StatusCode::OK);
}

#[tokio::test]
async fn a_token_from_before_rfc_9068_is_told_to_refresh() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let tokens = app.register_and_login("ada@example.com").await;
    let (header, claims) = parts(&tokens.access);
    // Signed with the server's own key, shaped as the earlier version made
    // access tokens: typed JWT, no aud, client_id, scope or amr.
    let stored = palisade::infra::store::entities::signing_keys::Entity::find_by_id((
        "default".to_owned(),
        header["kid"].as_str().unwrap().to_owned(),
    ))
    .one(&app.db)
    .await
    .unwrap()
    .unwrap();
    let mut h = Header::new(Algorithm::ES256);
    h.typ = Some("JWT".into());
    h.kid = header["kid"].as_str().map(str::to_owned);
    let legacy_claims = json!({
        "iss": claims["iss"], "sub": claims["sub"], "sid": claims["sid"], "jti": claims["jti"],
        "iat": claims["iat"], "exp": claims["exp"], "roles": claims["roles"],
    });
    let legacy = jsonwebtoken::encode(
        &h,
        &legacy_claims,
        &EncodingKey::from_ec_pem(stored.private_key.as_bytes()).unwrap(),
    )
    .unwrap();
    let response = app.get_authed("/v1/users/me", &legacy).await;
    crate::helpers::expect_problem(response, StatusCode::UNAUTHORIZED, "token_expired").await;
    // The same shape from a foreign key is no genuine token.
    let (foreign, _) = foreign_es256_key();
    let forged = jsonwebtoken::encode(&h, &legacy_claims, &foreign).unwrap();
    let response = app.get_authed("/v1/users/me", &forged).await;
    crate::helpers::expect_problem(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

on_both_backends! {
    async fn revoking_a_key_that_is_only_published_leaves_the_signing_key_signing(backend) {
        let app = TestApp::spawn(backend).await;
        let before = app.register_and_login("ada@example.com").await;
        let signing = parts(&before.access).0["kid"].as_str().unwrap().to_owned();
        let now = app.clock.now();
        let pending = palisade::infra::crypto::keys::rotate(palisade::core::tenants::DEFAULT_TENANT, &app.db, JwtAlgorithm::Es256, now, now + chrono::TimeDelta::minutes(10))
            .await
            .unwrap();
        let replacement = palisade::infra::crypto::keys::revoke(palisade::core::tenants::DEFAULT_TENANT, &app.db, JwtAlgorithm::Es256, &pending, now).await.unwrap();
        assert_eq!(replacement, None, "the old key still signs: nothing new is needed");
        app.keys.reload(&app.db, now).await.unwrap();
        assert!(jwks(&app).await.find(&pending).is_none());
        let after = app.login("ada@example.com").await;
        assert_eq!(parts(&after.access).0["kid"], signing.as_str());
        // It goes on signing past the revoked key's time.
        app.advance(Duration::from_secs(11 * 60));
        let later = app.login("ada@example.com").await;
        assert_eq!(parts(&later.access).0["kid"], signing.as_str());
    }
}

/// A JWT's claims, read without checking anything: for asserting on
/// what a token says after other tests proved it genuine.
pub fn claims_of(token: &str) -> serde_json::Value {
    use base64::Engine as _;
    let payload = token.split('.').nth(1).expect("a JWT");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("JSON claims")
}
