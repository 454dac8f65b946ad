//! Palisade as the relying party of another identity provider, proven with
//! `oidc-provider` (an OpenID-certified implementation, started by
//! `tests/interop/upstream_op.mjs`) as the upstream: discovery, the code
//! exchange with PKCE, the ID token's checks (an unpublished key, another
//! nonce), key rotation survived, a provider that is down. The flows that
//! use this (`/login/{slug}`) are tested in `federated`.

use std::io::BufRead as _;
use std::process::{Command, Stdio};

use chrono::Utc;
use palisade::core::error::Error;
use palisade::core::ports::{
    ClaimPaths, Provider, ProviderKind, Upstream as _, UpstreamIdentity, UpstreamRequest,
};
use palisade::infra::federation::Providers;
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::interop::node_script;
use crate::process::Group;

pub const CLIENT_ID: &str = "palisade-test";
pub const CLIENT_SECRET: &str = "upstream-secret-0123456789";
const REDIRECT: &str = "http://127.0.0.1:9/login/upstream/callback";

/// oidc-provider on a loopback port, stopped when dropped.
pub struct UpstreamOp {
    _process: Group,
    pub issuer: String,
}

impl UpstreamOp {
    pub fn start(redirect_uris: &str) -> Self {
        let mut process = Group::spawn(
            Command::new("node")
                .arg(node_script("upstream_op.mjs"))
                .env("UPSTREAM_PORT", "0")
                .env("UPSTREAM_CLIENT_ID", CLIENT_ID)
                .env("UPSTREAM_CLIENT_SECRET", CLIENT_SECRET)
                .env("UPSTREAM_REDIRECT_URIS", redirect_uris)
                .env("UPSTREAM_EXIT_ON_STDIN_EOF", "1")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        );
        let stdout = process
            .child()
            .stdout
            .take()
            .expect("the upstream's stdout");
        let mut lines = std::io::BufReader::new(stdout).lines();
        let issuer = lines
            .next()
            .and_then(Result::ok)
            .and_then(|line| line.strip_prefix("listening ").map(str::to_owned))
            .expect("upstream_op.mjs says where it listens");
        std::thread::spawn(move || lines.for_each(drop));
        Self {
            _process: process,
            issuer,
        }
    }

    pub async fn post(&self, path: &str, body: Value) -> Value {
        reqwest::Client::new()
            .post(format!("{}{path}", self.issuer))
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

pub fn provider(issuer: &str) -> Provider {
    Provider {
        slug: "upstream".into(),
        kind: ProviderKind::Oidc,
        display_name: "Upstream".into(),
        issuer: Some(issuer.to_owned()),
        client_id: CLIENT_ID.into(),
        client_secret_sealed: None,
        scopes: vec!["openid".into(), "email".into(), "profile".into()],
        authorization_endpoint: None,
        token_endpoint: None,
        userinfo_endpoint: None,
        claims: ClaimPaths {
            subject: "sub".into(),
            email: "email".into(),
            email_verified: "email_verified".into(),
            name: "name".into(),
        },
        link_by_verified_email: true,
        allow_signup: true,
        enabled: true,
        trust_mfa: false,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

/// Signs `login` in at the upstream as a browser would (its login form,
/// by plain form posts): the code it redirects back with.
async fn code_from_upstream(authorization_url: &str, login: &str) -> String {
    let back = back_from_upstream(authorization_url, Some(login), REDIRECT).await;
    let url = url::Url::parse(&back).unwrap();
    url.query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned()
}

/// Follows `authorization_url` through the upstream as a browser would,
/// signing in as `login` (or, with `None`, cancelling at its login form):
/// the URL it sends the browser back to, which starts with `redirect`.
pub async fn back_from_upstream(
    authorization_url: &str,
    login: Option<&str>,
    redirect: &str,
) -> String {
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let base = authorization_url.split("/auth?").next().unwrap().to_owned();
    let absolute = |to: &str| {
        if to.starts_with('/') {
            format!("{base}{to}")
        } else {
            to.to_owned()
        }
    };
    let mut next = authorization_url.to_owned();
    for _ in 0..8 {
        let answer = browser.get(&next).send().await.unwrap();
        if let Some(to) = answer.headers().get("location") {
            let to = to.to_str().unwrap().to_owned();
            if to.starts_with(redirect) {
                return to;
            }
            next = absolute(&to);
            continue;
        }
        let page = answer.text().await.unwrap();
        let attribute = |marker: &str| {
            page.split(marker)
                .nth(1)
                .unwrap_or_else(|| panic!("no {marker} in the upstream's page: {page}"))
                .split('"')
                .next()
                .unwrap()
                .to_owned()
        };
        let Some(login) = login else {
            // Cancel: the page's abort link.
            next = absolute(&attribute("id=\"cancel\" href=\""));
            continue;
        };
        // The login form: post the name to its action.
        let posted = browser
            .post(absolute(&attribute("action=\"")))
            .form(&[("login", login)])
            .send()
            .await
            .unwrap();
        next = absolute(posted.headers()["location"].to_str().unwrap());
    }
    panic!("the upstream never sent the browser back");
}

async fn sign_in(
    providers: &Providers,
    provider: &Provider,
    login: &str,
    nonce_sent: &str,
    nonce_checked: &str,
) -> Result<UpstreamIdentity, Error> {
    let (verifier, challenge) = crate::oidc::pkce();
    let request = |nonce| UpstreamRequest {
        redirect_uri: REDIRECT,
        state: "state-1",
        nonce,
        code_challenge: &challenge,
    };
    let url = providers
        .authorization_url(provider, request(nonce_sent))
        .await
        .unwrap();
    assert!(
        url.contains("code_challenge_method=S256") && url.contains("nonce="),
        "{url}"
    );
    let code = code_from_upstream(&url, login).await;
    providers
        .identify(
            provider,
            Some(SecretString::from(CLIENT_SECRET)),
            &code,
            request(nonce_checked),
            &verifier,
            Utc::now(),
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oidc_provider_signs_a_user_in_and_its_tokens_are_checked_as_oidc_core_says() {
    let upstream = UpstreamOp::start(REDIRECT);
    let providers = Providers::new().unwrap();
    let google = provider(&upstream.issuer);

    let alice = sign_in(&providers, &google, "alice", "n-1", "n-1")
        .await
        .unwrap();
    assert_eq!(alice.subject, "alice");
    assert_eq!(alice.email.as_deref(), Some("alice@example.com"));
    assert!(alice.email_verified);
    assert_eq!(alice.name.as_deref(), Some("Alice"));
    let bob = sign_in(&providers, &google, "bob+unverified", "n-2", "n-2")
        .await
        .unwrap();
    assert!(!bob.email_verified);
    let carol = sign_in(&providers, &google, "carol+mfa", "n-3", "n-3")
        .await
        .unwrap();
    assert_eq!(carol.amr, ["pwd", "otp"]);

    // A token for another sign-in (its nonce) is refused.
    let replayed = sign_in(&providers, &google, "alice", "n-4", "another").await;
    assert!(
        matches!(replayed, Err(Error::UpstreamRefused)),
        "{replayed:?}"
    );

    // An ID token signed by a key the provider does not publish, even
    // under a kid it does publish, is refused.
    for query in ["", "?kid=published"] {
        let rogue = upstream
            .post(
                &format!("/test/rogue-id-token{query}"),
                json!({"sub": "alice", "nonce": "n-r"}),
            )
            .await;
        let checked = providers
            .verify_id_token(
                &google,
                rogue["id_token"].as_str().unwrap(),
                "n-r",
                Utc::now(),
            )
            .await;
        assert!(
            matches!(checked, Err(Error::UpstreamRefused)),
            "{query}: {checked:?}"
        );
    }

    // The provider rotates its keys: the new kid is fetched, no sign-in fails.
    let rotated = upstream
        .post("/test/rotate-keys?drop_old=1", json!({}))
        .await;
    assert!(rotated["kid"].is_string(), "{rotated}");
    let after = sign_in(&providers, &google, "alice", "n-5", "n-5")
        .await
        .unwrap();
    assert_eq!(after.subject, "alice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_that_is_down_is_unavailable_not_a_refusal() {
    let providers = Providers::new().unwrap();
    // Nothing listens on the discard port.
    let down = provider("http://127.0.0.1:9");
    let (_, challenge) = crate::oidc::pkce();
    let answer = providers
        .authorization_url(
            &down,
            UpstreamRequest {
                redirect_uri: REDIRECT,
                state: "s",
                nonce: "n",
                code_challenge: &challenge,
            },
        )
        .await;
    assert!(matches!(answer, Err(Error::Unavailable(_))), "{answer:?}");
}

/// A stand-in for GitHub's authorize, token, user and emails endpoints
/// (GitHub itself is out of reach here), answering as GitHub's
/// documentation shows; its authorize page approves at once, as GitHub
/// does for an app the user authorized before.
pub async fn github_stand_in(verified: bool) -> String {
    use axum::{
        Json, Router,
        extract::Query,
        response::Redirect,
        routing::{get, post},
    };
    let authorize = get(
        |Query(asked): Query<std::collections::HashMap<String, String>>| async move {
            let back = format!(
                "{}?{}",
                asked["redirect_uri"],
                serde_urlencoded::to_string([
                    ("code", "good-code"),
                    ("state", asked["state"].as_str())
                ])
                .unwrap()
            );
            Redirect::to(&back)
        },
    );
    let token = post(|body: String| async move {
        let ok = body.contains("code=good-code") && body.contains("code_verifier=");
        match ok {
            true => Json(
                json!({"access_token": "gho_stand_in", "token_type": "bearer", "scope": "read:user,user:email"}),
            ),
            false => Json(json!({"error": "bad_verification_code"})),
        }
    });
    let user = get(|| async {
        Json(json!({"id": 583231, "login": "octocat", "name": "The Octocat", "email": null}))
    });
    let emails = get(move || async move {
        Json(json!([
            {"email": "octocat@users.noreply.github.com", "primary": false, "verified": true},
            {"email": "Octocat@Example.com", "primary": true, "verified": verified},
        ]))
    });
    let router = Router::new()
        .route("/login/oauth/authorize", authorize)
        .route("/login/oauth/access_token", token)
        .route("/user", user)
        .route("/user/emails", emails);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}")
}

fn github(base: &str) -> Provider {
    Provider {
        slug: "github".into(),
        kind: ProviderKind::Github,
        issuer: None,
        scopes: vec!["read:user".into(), "user:email".into()],
        authorization_endpoint: Some(format!("{base}/login/oauth/authorize")),
        token_endpoint: Some(format!("{base}/login/oauth/access_token")),
        userinfo_endpoint: Some(format!("{base}/user")),
        claims: ClaimPaths {
            subject: "id".into(),
            email: "email".into(),
            email_verified: String::new(),
            name: "name".into(),
        },
        ..provider(base)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn github_gives_its_numeric_id_and_only_its_primary_verified_address() {
    let providers = Providers::new().unwrap();
    let request = UpstreamRequest {
        redirect_uri: REDIRECT,
        state: "s",
        nonce: "n",
        code_challenge: "c",
    };
    let sign_in = |base: String, code: &'static str| {
        let providers = &providers;
        async move {
            let secret = Some(SecretString::from(CLIENT_SECRET));
            providers
                .identify(
                    &github(&base),
                    secret,
                    code,
                    request,
                    "verifier",
                    Utc::now(),
                )
                .await
        }
    };
    let octocat = sign_in(github_stand_in(true).await, "good-code")
        .await
        .unwrap();
    assert_eq!(octocat.subject, "583231");
    assert_eq!(octocat.email.as_deref(), Some("octocat@example.com"));
    assert!(octocat.email_verified);
    assert_eq!(octocat.name.as_deref(), Some("The Octocat"));
    // A primary address GitHub has not verified is no verified address.
    let base = github_stand_in(false).await;
    let unverified = sign_in(base.clone(), "good-code").await.unwrap();
    assert!(!unverified.email_verified);
    // A code GitHub refuses is a refusal.
    let refused = sign_in(base, "bad-code").await;
    assert!(
        matches!(refused, Err(Error::UpstreamRefused)),
        "{refused:?}"
    );
}
