//! No secret reaches the logs, even at `trace`.

use std::time::Duration;

use palisade::infra::store::entities::{identity_providers, signing_keys, users};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, Database, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{self, Backend};
use crate::process::{self, Palisade};

const ADMIN_PASSWORD: &str = "Admin-Passphrase-For-Log-Test-53";
/// An upstream identity provider's client secret, as an admin types it.
const PROVIDER_SECRET: &str = "Upstream-Client-Secret-For-Log-Test-29";

async fn full_run_leaves_no_secret_in_the_logs(backend: Backend) {
    let (url, _dir) = helpers::fresh_database(backend).await;
    let mail_dir = tempfile::tempdir().unwrap();
    let mut command = process::command();
    command
        .env("DATABASE_URL", &url)
        .env("RUST_LOG", "trace")
        .env("PALISADE_LOG_FORMAT", "json")
        .env("PALISADE_MAIL_DIR", mail_dir.path())
        .env("PALISADE_BOOTSTRAP_ADMIN_EMAIL", "root@example.com")
        .env("PALISADE_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
    let server = tokio::task::spawn_blocking(move || Palisade::start(command))
        .await
        .unwrap();
    let base = server.base.clone();
    let client = crate::helpers::client_builder().build().unwrap();

    let password = "Secret-Passphrase-For-Log-Test-91";
    let post = |path: &str, body: Value| client.post(format!("{base}{path}")).json(&body).send();
    assert_eq!(
        post(
            "/v1/auth/register",
            json!({"email": "ada@example.com", "password": password})
        )
        .await
        .unwrap()
        .status(),
        StatusCode::CREATED
    );
    let wrong = post(
        "/v1/auth/login",
        json!({"email": "ada@example.com", "password": "Wrong-Passphrase-For-Log-Test-17"}),
    )
    .await
    .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let pair: Value = post(
        "/v1/auth/login",
        json!({"email": "ada@example.com", "password": password}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let access = pair["access_token"].as_str().unwrap().to_owned();
    let first_refresh = pair["refresh_token"].as_str().unwrap().to_owned();
    let me = client
        .get(format!("{base}/v1/users/me"))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let pair: Value = post("/v1/auth/refresh", json!({"refresh_token": first_refresh}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let second_refresh = pair["refresh_token"].as_str().unwrap().to_owned();
    let second_access = pair["access_token"].as_str().unwrap().to_owned();
    let form = [
        ("grant_type", "password"),
        ("username", "ada@example.com"),
        ("password", password),
    ];
    assert_eq!(
        client
            .post(format!("{base}/v1/auth/token"))
            .form(&form)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let logout = client
        .post(format!("{base}/v1/auth/logout"))
        .bearer_auth(&second_access)
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), StatusCode::NO_CONTENT);
    // Emails with tokens: verification (after registration) and a reset.
    post(
        "/v1/auth/password/forgot",
        json!({"email": "ada@example.com"}),
    )
    .await
    .unwrap();
    let mut mail_tokens = Vec::new();
    for _ in 0..100 {
        mail_tokens = std::fs::read_dir(mail_dir.path())
            .unwrap()
            .filter_map(|f| std::fs::read_to_string(f.unwrap().path()).ok())
            .filter_map(|eml| {
                let unfolded = eml.replace("=\r\n", "").replace("=3D", "=");
                let at = unfolded.find("?token=")?;
                Some(
                    unfolded[at + 7..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                        .collect::<String>(),
                )
            })
            .collect();
        if mail_tokens.len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        mail_tokens.len(),
        2,
        "verification and reset emails written"
    );
    // Reuse after logout, and a token in a URL that should never be logged whole.
    post("/v1/auth/refresh", json!({"refresh_token": second_refresh}))
        .await
        .unwrap();
    client
        .get(format!("{base}/nowhere?token={second_refresh}"))
        .send()
        .await
        .unwrap();
    // The hosted pages behind the emailed links, and a sign-in form.
    for token in &mail_tokens {
        for page in ["reset-password", "verify-email"] {
            // Each token opens its own page (200) and is refused by the other (400).
            let shown = client
                .get(format!("{base}/{page}?token={token}"))
                .send()
                .await
                .unwrap();
            assert!(
                [StatusCode::OK, StatusCode::BAD_REQUEST].contains(&shown.status()),
                "{page}"
            );
        }
    }
    let page_session = sign_in_on_the_page(&base, "ada@example.com", password).await;
    // A second factor: its seed, the step's token and recovery codes.
    let fresh: Value = post(
        "/v1/auth/login",
        json!({"email": "ada@example.com", "password": password}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let fresh = fresh["access_token"].as_str().unwrap().to_owned();
    let authed = |path: &str, body: Value| {
        client
            .post(format!("{base}{path}"))
            .bearer_auth(&fresh)
            .json(&body)
            .send()
    };
    let setup: Value = authed("/v1/users/me/mfa/totp", json!({"password": password}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let seed = setup["secret"].as_str().unwrap().to_owned();
    let app_code = totp_rs::TOTP::new_unchecked(
        totp_rs::Algorithm::SHA1,
        6,
        1,
        30,
        totp_rs::Secret::Encoded(seed.clone()).to_bytes().unwrap(),
    )
    .generate_current()
    .unwrap();
    let confirmed: Value = authed("/v1/users/me/mfa/totp/confirm", json!({"code": app_code}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let recovery_codes: Vec<String> = confirmed["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    let step: Value = post(
        "/v1/auth/login",
        json!({"email": "ada@example.com", "password": password}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let mfa_token = step["mfa_token"].as_str().unwrap().to_owned();
    let finished = post(
        "/v1/auth/mfa/verify",
        json!({"mfa_token": mfa_token, "method": "recovery_code", "code": recovery_codes[0]}),
    )
    .await
    .unwrap();
    assert_eq!(finished.status(), StatusCode::OK);

    // An admin connects a provider and changes its secret.
    let root: Value = post(
        "/v1/auth/login",
        json!({"email": "root@example.com", "password": ADMIN_PASSWORD}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let root = root["access_token"].as_str().unwrap().to_owned();
    let connected = client
        .post(format!("{base}/v1/admin/identity-providers"))
        .bearer_auth(&root)
        .json(
            &json!({"slug": "acme", "kind": "oidc", "display_name": "Acme",
            "issuer": "https://idp.example.com", "client_id": "palisade",
            "client_secret": PROVIDER_SECRET}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(connected.status(), StatusCode::CREATED);
    let changed = client
        .patch(format!("{base}/v1/admin/identity-providers/acme"))
        .bearer_auth(&root)
        .json(&json!({"client_secret": format!("{PROVIDER_SECRET}-2")}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::OK);

    let db = Database::connect(url.as_str()).await.unwrap();
    let sealed_provider_secret = identity_providers::Entity::find()
        .one(&db)
        .await
        .unwrap()
        .unwrap()
        .client_secret_sealed
        .unwrap();
    let hash = users::Entity::find()
        .filter(users::Column::Email.eq("ada@example.com"))
        .one(&db)
        .await
        .unwrap()
        .unwrap()
        .password_hash;
    let keys = signing_keys::Entity::find().all(&db).await.unwrap();
    let secrets_keys = palisade::infra::store::entities::secret_keys::Entity::find()
        .all(&db)
        .await
        .unwrap();
    db.close().await.unwrap();
    let text = server.kill();
    assert!(
        text.contains("\"level\":\"TRACE\"") || text.contains("\"level\":\"DEBUG\""),
        "logs were captured at trace level"
    );
    assert!(text.contains("/v1/auth/login"), "requests are logged");
    let signature = |t: &str| t.rsplit('.').next().unwrap().to_owned();
    let mut secrets = vec![
        ("password", password.to_owned()),
        (
            "wrong password",
            "Wrong-Passphrase-For-Log-Test-17".to_owned(),
        ),
        ("access token signature", signature(&access)),
        ("second access token signature", signature(&second_access)),
        ("first refresh token", first_refresh.clone()),
        ("second refresh token", second_refresh.clone()),
        (
            "refresh token hash",
            palisade::core::tokens::hash_token(&second_refresh),
        ),
        ("password hash", hash.clone()),
        ("page session cookie", page_session),
        (
            "password hash salt",
            hash.split('$').nth(4).unwrap().to_owned(),
        ),
    ];
    for token in &mail_tokens {
        assert!(token.len() >= 43);
        secrets.push(("emailed token", token.clone()));
        secrets.push((
            "emailed token hash",
            palisade::core::tokens::hash_token(token),
        ));
    }
    for key in keys {
        let body: String = key
            .private_key
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect();
        secrets.push(("private key", body[..40].to_owned()));
    }
    secrets.push(("TOTP seed", seed));
    secrets.push(("mfa_token", mfa_token.clone()));
    secrets.push((
        "mfa_token hash",
        palisade::core::tokens::hash_token(&mfa_token),
    ));
    for code in recovery_codes {
        secrets.push(("recovery code", code));
    }
    secrets.push(("admin password", ADMIN_PASSWORD.to_owned()));
    secrets.push(("provider client secret", PROVIDER_SECRET.to_owned()));
    secrets.push(("sealed provider client secret", sealed_provider_secret));
    for key in secrets_keys {
        secrets.push(("secrets key", key.material));
    }
    for (name, secret) in secrets {
        assert!(!text.contains(&secret), "the logs hold the {name}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_run_at_trace_level_logs_no_secret_on_postgres() {
    full_run_leaves_no_secret_in_the_logs(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_run_at_trace_level_logs_no_secret_on_sqlite() {
    full_run_leaves_no_secret_in_the_logs(Backend::Sqlite).await;
}

/// Signs in through /login as a browser does; returns the session cookie.
async fn sign_in_on_the_page(base: &str, email: &str, password: &str) -> String {
    let client = crate::helpers::client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = client.get(format!("{base}/login")).send().await.unwrap();
    let seed = form.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let html = form.text().await.unwrap();
    let marker = "name=\"csrf_token\" value=\"";
    let token = html[html.find(marker).unwrap() + marker.len()..]
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let signed_in = client
        .post(format!("{base}/login"))
        .header("cookie", seed)
        .form(&[
            ("csrf_token", token.as_str()),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let session = signed_in.headers()["set-cookie"].to_str().unwrap();
    session
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_owned()
}
