//! Faults operators meet, injected under a steady mixed load against real
//! server processes (issue 19): the database restarting. After each, the
//! invariants are checked from the outside and in the database: every
//! acknowledged registration and logout is there with its audit event, no
//! refresh token worked after its session ended, nothing but 503 while the
//! fault lasted, and everything works again without restarting Palisade.
//! The faults run one at a time (two cores: the deadlines are functional).

use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::sync::Mutex as AsyncMutex;

use crate::helpers::{PASSWORD, client_builder, unused_port};
use crate::process::{Palisade, command};

/// One fault at a time.
static ONE_AT_A_TIME: AsyncMutex<()> = AsyncMutex::const_new(());

/// How long any request may take, fault or not (API: 503 within 5 s).
const ANSWER_WITHIN: Duration = Duration::from_secs(5);

mod database;
mod disk;
mod instances;
mod mail;
mod pg;

/// A server process on `database_url`, rate limits off (the load comes
/// from one address), mail written to a folder.
fn instance(database_url: &str, mail: &tempfile::TempDir) -> Palisade {
    instance_with(database_url, mail, &[])
}

/// The same with more variables.
fn instance_with(database_url: &str, mail: &tempfile::TempDir, vars: &[(&str, &str)]) -> Palisade {
    let mut cmd = command();
    cmd.envs(vars.iter().copied());
    cmd.env("DATABASE_URL", database_url)
        .env("PALISADE_RATE_LIMIT", "off")
        .env("PALISADE_MAIL_DIR", mail.path())
        .env("PALISADE_HASH_CONCURRENCY", "1")
        .env("RUST_LOG", "warn");
    Palisade::start(cmd)
}

/// What one request of the load got.
#[derive(Debug, Clone)]
struct Answer {
    op: &'static str,
    at: Instant,
    took: Duration,
    status: Option<StatusCode>,
    code: String,
}

/// What the load saw and what it was told succeeded.
#[derive(Default)]
struct Ledger {
    answers: Vec<Answer>,
    registered: Vec<String>,
    /// Refresh tokens whose logout was acknowledged, and when.
    logged_out: Vec<(String, Instant)>,
    /// Refresh tokens accepted by /v1/auth/refresh, and when it was sent.
    refreshed: Vec<(String, Instant)>,
}

/// Sends one JSON request, recording its answer; `None` for no answer.
async fn call(
    ledger: &Mutex<Ledger>,
    op: &'static str,
    request: reqwest::RequestBuilder,
) -> Option<(StatusCode, Value)> {
    let at = Instant::now();
    let result = request.timeout(Duration::from_secs(30)).send().await;
    let took = at.elapsed();
    let (status, body) = match result {
        Ok(response) => {
            let status = response.status();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            (Some(status), body)
        }
        Err(_) => (None, Value::Null),
    };
    let code = body["code"].as_str().unwrap_or_default().to_owned();
    ledger.lock().unwrap().answers.push(Answer {
        op,
        at,
        took,
        status,
        code,
    });
    status.map(|s| (s, body))
}

/// One simulated user, round and round until `until`: register, sign in,
/// read the profile, refresh, sign out; each step on the next instance.
async fn user_loop(worker: usize, bases: Vec<String>, ledger: Arc<Mutex<Ledger>>, until: Instant) {
    let http = client_builder().build().unwrap();
    let mut round = 0;
    while Instant::now() < until {
        round += 1;
        let base = |step: usize| bases[(worker + round + step) % bases.len()].clone();
        let email = format!("w{worker}-r{round}@example.com");
        let body = json!({"email": email, "password": PASSWORD});
        let registered = call(
            &ledger,
            "register",
            http.post(format!("{}/v1/auth/register", base(0)))
                .json(&body),
        )
        .await;
        if !matches!(registered, Some((StatusCode::CREATED, _))) {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        }
        ledger.lock().unwrap().registered.push(email.clone());
        let Some((StatusCode::OK, tokens)) = call(
            &ledger,
            "login",
            http.post(format!("{}/v1/auth/login", base(1))).json(&body),
        )
        .await
        else {
            continue;
        };
        let access = tokens["access_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let mut refresh = tokens["refresh_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        call(
            &ledger,
            "me",
            http.get(format!("{}/v1/users/me", base(2)))
                .bearer_auth(&access),
        )
        .await;
        let sent = Instant::now();
        if let Some((StatusCode::OK, pair)) = call(
            &ledger,
            "refresh",
            http.post(format!("{}/v1/auth/refresh", base(3)))
                .json(&json!({"refresh_token": refresh})),
        )
        .await
        {
            ledger
                .lock()
                .unwrap()
                .refreshed
                .push((refresh.clone(), sent));
            refresh = pair["refresh_token"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
        }
        if let Some((StatusCode::NO_CONTENT, _)) = call(
            &ledger,
            "logout",
            http.post(format!("{}/v1/auth/logout", base(4)))
                .json(&json!({"refresh_token": refresh})),
        )
        .await
        {
            ledger
                .lock()
                .unwrap()
                .logged_out
                .push((refresh.clone(), Instant::now()));
            // A signed-out session's token is refused from now on.
            let sent = Instant::now();
            if let Some((StatusCode::OK, _)) = call(
                &ledger,
                "refresh-after-logout",
                http.post(format!("{}/v1/auth/refresh", base(5)))
                    .json(&json!({"refresh_token": refresh})),
            )
            .await
            {
                ledger
                    .lock()
                    .unwrap()
                    .refreshed
                    .push((refresh.clone(), sent));
            }
        }
    }
}

/// Polls `{base}/readyz` until it answers 200; how long that took.
async fn ready_after(base: &str, within: Duration) -> Duration {
    let http = client_builder().build().unwrap();
    let start = Instant::now();
    while start.elapsed() < within {
        let ok = http
            .get(format!("{base}/readyz"))
            .timeout(Duration::from_secs(3))
            .send()
            .await
            .is_ok_and(|r| r.status() == StatusCode::OK);
        if ok {
            return start.elapsed();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{base} not ready within {within:?}");
}

async fn count(db: &sea_orm::DatabaseConnection, sql: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index(0).unwrap()
}

/// Sends `build(base)` to the instance a client is on; with no answer (the
/// instance died), the same request again to the next one, which the client
/// stays on.
async fn with_failover(
    ledger: &Mutex<Ledger>,
    op: &'static str,
    bases: &[String],
    on: &mut usize,
    retried: &Mutex<Vec<(&'static str, Option<StatusCode>)>>,
    build: impl Fn(&str) -> reqwest::RequestBuilder,
) -> Option<(StatusCode, Value)> {
    let answer = call(ledger, op, build(&bases[*on])).await;
    if answer.is_some() {
        return answer;
    }
    *on = (*on + 1) % bases.len();
    let again = call(ledger, op, build(&bases[*on])).await;
    retried
        .lock()
        .unwrap()
        .push((op, again.as_ref().map(|(s, _)| *s)));
    again
}

/// Nothing but 503 `unavailable` among the server errors, no request left
/// without an answer, and none slower than `ANSWER_WITHIN`.
fn only_quick_503s(answers: &[Answer]) {
    let wrong: Vec<&Answer> = answers
        .iter()
        .filter(|a| match a.status {
            Some(s) if s.is_server_error() => {
                s != StatusCode::SERVICE_UNAVAILABLE || a.code != "unavailable"
            }
            Some(_) => false,
            None => true,
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "answers other than 503 unavailable: {wrong:#?}"
    );
    let slow: Vec<&Answer> = answers.iter().filter(|a| a.took > ANSWER_WITHIN).collect();
    assert!(
        slow.is_empty(),
        "answers slower than {ANSWER_WITHIN:?}: {slow:#?}"
    );
}

/// Every acknowledged registration and logout is in `db` with its audit
/// event, and no refresh token worked after its logout was acknowledged.
async fn nothing_acknowledged_is_lost(db: &sea_orm::DatabaseConnection, ledger: &Ledger) {
    for email in &ledger.registered {
        let user = crate::helpers::find_user_by_email(&db.clone().into(), email)
            .await
            .unwrap();
        assert!(user.is_some(), "{email} was acknowledged and is missing");
    }
    let audited = count(
        db,
        "SELECT count(*) FROM audit_events WHERE action = 'user.registered'",
    )
    .await;
    assert!(
        audited >= ledger.registered.len() as i64,
        "an acknowledged registration has no audit event"
    );
    for (token, out_at) in &ledger.logged_out {
        let came_back = ledger
            .refreshed
            .iter()
            .any(|(t, sent)| t == token && sent > out_at);
        assert!(!came_back, "a refresh token worked after its logout");
    }
    let logouts = count(
        db,
        "SELECT count(*) FROM audit_events WHERE action = 'logout'",
    )
    .await;
    assert!(
        logouts >= ledger.logged_out.len() as i64,
        "an acknowledged logout has no audit event"
    );
}
