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

/// A PostgreSQL cluster of the test's own, which it may stop and start.
pub struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    pub port: u16,
    /// More `-c name=value` settings for the server.
    settings: String,
}

impl Cluster {
    fn pg_ctl(&self) -> Command {
        let mut cmd = as_postgres(self.bin.join("pg_ctl"));
        cmd.arg("-D").arg(self.dir.path().join("data"));
        cmd
    }

    /// initdb and start, as user postgres when the test runs as root.
    pub fn start() -> Self {
        Self::start_with("")
    }

    fn empty(settings: &str) -> Self {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL's binaries: scripts/test installs them")
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .max()
            .expect("a PostgreSQL version");
        let dir = tempfile::Builder::new()
            .prefix("palisade-fault-pg.")
            .tempdir()
            .unwrap();
        if is_root() {
            let status = Command::new("chown")
                .arg("postgres")
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(status.success());
        }
        Self {
            bin,
            dir,
            port: unused_port(),
            settings: settings.to_owned(),
        }
    }

    /// The same with more server settings (`-c name=value …`).
    pub fn start_with(settings: &str) -> Self {
        let cluster = Self::empty(settings);
        let init = as_postgres(cluster.bin.join("initdb"))
            .arg("-D")
            .arg(cluster.dir.path().join("data"))
            .args(["-U", "postgres", "-A", "trust", "-N"])
            .output()
            .unwrap();
        assert!(
            init.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&init.stderr)
        );
        cluster.run_start();
        cluster
    }

    /// A streaming replica of `primary` (pg_basebackup -R), started.
    pub fn replica_of(primary: &Cluster) -> Self {
        let replica = Self::empty("");
        let copy = as_postgres(replica.bin.join("pg_basebackup"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &primary.port.to_string(),
                "-U",
                "postgres",
                "-R",
                "-X",
                "stream",
                "-D",
            ])
            .arg(replica.dir.path().join("data"))
            .output()
            .unwrap();
        assert!(
            copy.status.success(),
            "pg_basebackup: {}",
            String::from_utf8_lossy(&copy.stderr)
        );
        replica.run_start();
        replica
    }

    /// `pg_ctl promote`: a replica becomes a primary.
    pub fn promote(&self) {
        let out = self.pg_ctl().args(["-w", "promote"]).output().unwrap();
        assert!(
            out.status.success(),
            "pg_ctl promote: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `pg_ctl stop -m immediate`: the machine is gone.
    pub fn crash(&self) {
        let out = self
            .pg_ctl()
            .args(["-m", "immediate", "-w", "stop"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl stop: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn run_start(&self) {
        let out = self
            .pg_ctl()
            .arg("-l")
            .arg(self.dir.path().join("log"))
            .arg("-w")
            .arg("-o")
            .arg(format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100 {}",
                self.port,
                self.dir.path().display(),
                self.settings
            ))
            .arg("start")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `pg_ctl stop -m fast`: sessions are ended, queries in flight answered
    /// 57P01.
    pub fn stop_fast(&self) {
        let out = self
            .pg_ctl()
            .args(["-m", "fast", "-w", "stop"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl stop: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.pg_ctl().args(["-m", "immediate", "stop"]).output();
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"))
}

/// `program`, as user postgres when we are root (initdb refuses root).
fn as_postgres(program: PathBuf) -> Command {
    if is_root() {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_restart_under_load_answers_503_quickly_and_loses_nothing() {
    let _one = ONE_AT_A_TIME.lock().await;
    let cluster = tokio::task::spawn_blocking(Cluster::start).await.unwrap();
    let mail = tempfile::tempdir().unwrap();
    let url = cluster.url();
    let (a, b) = tokio::task::block_in_place(|| (instance(&url, &mail), instance(&url, &mail)));
    let bases = vec![a.base.clone(), b.base.clone()];
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let until = Instant::now() + Duration::from_secs(9);
    let load: Vec<_> = (0..6)
        .map(|w| tokio::spawn(user_loop(w, bases.clone(), ledger.clone(), until)))
        .collect();

    // Two seconds of load, then the database goes away for three.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let down_at = Instant::now();
    tokio::task::block_in_place(|| cluster.stop_fast());
    let http = client_builder().build().unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    for base in &bases {
        let asked = Instant::now();
        let ready = http.get(format!("{base}/readyz")).send().await.unwrap();
        assert_eq!(
            ready.status(),
            StatusCode::SERVICE_UNAVAILABLE,
            "/readyz follows the database"
        );
        assert!(asked.elapsed() < ANSWER_WITHIN);
    }
    tokio::time::sleep(Duration::from_millis(2500)).await;
    tokio::task::block_in_place(|| cluster.run_start());
    let up_at = Instant::now();
    let mut recovery = Duration::ZERO;
    for base in &bases {
        recovery = recovery.max(ready_after(base, ANSWER_WITHIN).await);
    }
    for task in load {
        task.await.unwrap();
    }

    let ledger = std::mem::take(&mut *ledger.lock().unwrap());
    let answers = &ledger.answers;
    // No 500, no hang: a database away is 503 `unavailable`, quickly.
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
    let refused: Vec<&Answer> = answers
        .iter()
        .filter(|a| a.status == Some(StatusCode::SERVICE_UNAVAILABLE))
        .collect();
    assert!(!refused.is_empty(), "the load met the outage");
    for r in &refused {
        assert!(
            r.at + r.took >= down_at && r.at <= up_at + ANSWER_WITHIN,
            "503 outside the outage: {r:?}"
        );
    }
    // Everything works again on both instances, without a restart.
    assert!(
        recovery <= ANSWER_WITHIN,
        "ready {recovery:?} after the database"
    );
    let after: Vec<&Answer> = answers.iter().filter(|a| a.at > up_at + recovery).collect();
    assert!(
        after
            .iter()
            .any(|a| a.op == "login" && a.status == Some(StatusCode::OK)),
        "sign-ins work after the outage"
    );
    assert!(
        after
            .iter()
            .all(|a| a.status.is_some_and(|s| !s.is_server_error())),
        "{after:#?}"
    );

    // Nothing acknowledged is missing, nothing signed out came back.
    let db = sea_orm::Database::connect(url.clone()).await.unwrap();
    for email in &ledger.registered {
        let user = crate::helpers::find_user_by_email(&db, email)
            .await
            .unwrap();
        assert!(user.is_some(), "{email} was acknowledged and is missing");
    }
    let audited: i64 = count(
        &db,
        "SELECT count(*) FROM audit_events WHERE action = 'user.registered'",
    )
    .await;
    assert!(
        audited >= ledger.registered.len() as i64,
        "an acknowledged registration has no audit event"
    );
    for (token, out_at) in &ledger.logged_out {
        let after_logout = ledger
            .refreshed
            .iter()
            .filter(|(t, sent)| t == token && sent > out_at)
            .count();
        assert_eq!(after_logout, 0, "a refresh token worked after its logout");
    }
    let logouts: i64 = count(
        &db,
        "SELECT count(*) FROM audit_events WHERE action = 'logout'",
    )
    .await;
    assert!(
        logouts >= ledger.logged_out.len() as i64,
        "an acknowledged logout has no audit event"
    );
    println!(
        "fault: postgres restart | requests {} | 503 {} | other 5xx 0 | lost 0 | recovery {recovery:?}",
        answers.len(),
        refused.len()
    );
    drop((a, b));
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

/// A small filesystem of the test's own (tmpfs with a size), unmounted
/// when dropped: room to fill up.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    /// `None` when this process may not mount (not root): said, not failed.
    fn mount(megabytes: u32) -> Option<Self> {
        let dir = tempfile::Builder::new()
            .prefix("palisade-full.")
            .tempdir()
            .unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(dir.path())
            .output()
            .is_ok_and(|o| o.status.success());
        mounted.then_some(Self { dir })
    }

    fn path(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// Writes a file until the disk is full.
    fn fill(&self) -> PathBuf {
        use std::io::Write as _;
        let filler = self.path().join("filler");
        let mut file = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 64 * 1024];
        while file.write_all(&block).is_ok() {}
        let _ = file.flush();
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_under_sqlite_answers_503_corrupts_nothing_and_recovers_when_space_returns() {
    let _one = ONE_AT_A_TIME.lock().await;
    let Some(disk) = SmallDisk::mount(24) else {
        eprintln!(
            "SKIPPED: mounting a small tmpfs needs root (the test command runs as root in CI)"
        );
        return;
    };
    let mail = tempfile::tempdir().unwrap();
    let db = disk.path().join("palisade.db");
    let url = format!("sqlite://{}", db.display());
    let server = tokio::task::block_in_place(|| instance(&url, &mail));
    let http = client_builder().build().unwrap();
    let register = |i: usize| {
        http.post(format!("{}/v1/auth/register", server.base))
            .json(&json!({"email": format!("user{i}@example.com"), "password": PASSWORD}))
            .timeout(Duration::from_secs(30))
            .send()
    };
    let mut acknowledged = Vec::new();
    for i in 0..5 {
        let r = register(i).await.unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        acknowledged.push(i);
    }

    let filler = disk.fill();
    let mut refused = 0;
    for i in 5..25 {
        let asked = Instant::now();
        let r = register(i).await.unwrap();
        assert!(asked.elapsed() < ANSWER_WITHIN, "answered within 5 s");
        let status = r.status();
        let body: Value = r.json().await.unwrap_or(Value::Null);
        match status {
            StatusCode::CREATED => acknowledged.push(i),
            StatusCode::SERVICE_UNAVAILABLE => {
                assert_eq!(body["code"], "unavailable", "{body}");
                refused += 1;
            }
            other => panic!("a full disk answered {other}: {body}"),
        }
    }
    assert!(refused > 0, "the full disk refused writes");
    // Reads of what is there still work.
    let health = http
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);

    std::fs::remove_file(filler).unwrap();
    let back = Instant::now();
    let mut i = 100;
    loop {
        let r = register(i).await.unwrap();
        if r.status() == StatusCode::CREATED {
            acknowledged.push(i);
            break;
        }
        assert!(
            back.elapsed() < ANSWER_WITHIN,
            "writes work again within 5 s of space returning: {}",
            r.status()
        );
        i += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let recovery = back.elapsed();
    drop(server);

    // The file is whole, and every acknowledged account is in it.
    let check = sea_orm::Database::connect(url.clone()).await.unwrap();
    let integrity: String = {
        use sea_orm::{ConnectionTrait, Statement};
        let row = check
            .query_one_raw(Statement::from_string(
                check.get_database_backend(),
                "PRAGMA integrity_check".to_owned(),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index(0).unwrap()
    };
    assert_eq!(integrity, "ok");
    for i in &acknowledged {
        let email = format!("user{i}@example.com");
        assert!(
            crate::helpers::find_user_by_email(&check, &email)
                .await
                .unwrap()
                .is_some(),
            "{email} is missing"
        );
    }
    println!(
        "fault: disk full (sqlite) | requests {} | 503 {refused} | other 5xx 0 | lost 0 | recovery {recovery:?}",
        acknowledged.len() + refused
    );
}

on_both_backends! {
    async fn smtp_down_for_a_minute_under_load_on_two_instances_delivers_every_email_exactly_once(backend) {
        use crate::helpers::TestApp;
        use crate::smtp::SmtpSink;
        let _one = ONE_AT_A_TIME.lock().await;
        let smtp = SmtpSink::start_down().await;
        let a = TestApp::spawn_with_smtp(backend, &smtp, |_| {}).await;
        let url = smtp.url();
        let b = a.another_instance(move |c| c.mail.smtp_url = Some(secrecy::SecretString::from(url))).await;
        // Registrations (a verification email each) and resets, spread
        // over both instances while the mail server refuses everyone.
        let mut expected = 0;
        for i in 0..16 {
            let app = if i % 2 == 0 { &a } else { &b };
            let email = format!("user{i}@example.com");
            assert_eq!(app.post_json("/v1/auth/register", json!({"email": email, "password": PASSWORD})).await.status(), StatusCode::CREATED);
            expected += 1;
            if i % 4 == 0 {
                let other = if i % 2 == 0 { &b } else { &a };
                let forgot = other.post_json("/v1/auth/password/forgot", json!({"email": email})).await;
                assert_eq!(forgot.status(), StatusCode::ACCEPTED);
                expected += 1;
            }
        }
        // A minute of refusals: every message is tried and put back.
        let rows = || async { crate::mail::outbox_rows_all(&a).await };
        crate::mail::wait_until(async || {
            let rows = rows().await;
            rows.len() == expected && rows.iter().all(|r| r.attempts >= 1 && r.locked_until.is_none())
        })
        .await;
        for _ in 0..6 {
            a.advance(Duration::from_secs(10));
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        assert!(smtp.mails().is_empty(), "nothing got through while the server was down");
        smtp.come_up();
        // Past the longest backoff the retries have reached.
        a.advance(Duration::from_secs(3600));
        crate::mail::wait_until(async || rows().await.iter().all(|r| r.status == "sent")).await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        let mails = smtp.mails();
        let mut ids: Vec<String> = mails.iter().map(|m| m.header("Message-ID").unwrap_or_default()).collect();
        ids.sort();
        let sent = ids.len();
        ids.dedup();
        assert_eq!(sent, ids.len(), "an email arrived twice");
        assert_eq!(sent, expected, "every email arrived");
        println!("fault: smtp down, two instances ({backend:?}) | emails {expected} | lost 0 | duplicated 0");
    }
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instance_killed_in_a_refresh_and_login_flood_loses_no_client_no_session_and_no_email() {
    let _one = ONE_AT_A_TIME.lock().await;
    let (url, _sqlite) = crate::helpers::fresh_database(crate::helpers::Backend::Postgres).await;
    let smtp = crate::smtp::SmtpSink::start().await;
    let mail = tempfile::tempdir().unwrap();
    let vars = [
        ("PALISADE_SMTP_URL", smtp.url()),
        ("PALISADE_MAIL_LEASE", "4s".to_owned()),
    ];
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (a, b) = tokio::task::block_in_place(|| {
        (
            instance_with(&url, &mail, &vars),
            instance_with(&url, &mail, &vars),
        )
    });
    let bases = vec![a.base.clone(), b.base.clone()];
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let retried = Arc::new(Mutex::new(Vec::new()));
    let until = Instant::now() + Duration::from_secs(6);
    let load: Vec<_> = (0..6)
        .map(|w| {
            let (bases, ledger, retried) = (bases.clone(), ledger.clone(), retried.clone());
            tokio::spawn(async move {
                let http = client_builder().build().unwrap();
                let mut on = w % 2;
                let mut round = 0;
                while Instant::now() < until {
                    round += 1;
                    let email = format!("k{w}-{round}@example.com");
                    let body = json!({"email": email, "password": PASSWORD});
                    let made =
                        with_failover(&ledger, "register", &bases, &mut on, &retried, |base| {
                            http.post(format!("{base}/v1/auth/register")).json(&body)
                        })
                        .await;
                    if matches!(made, Some((StatusCode::CREATED, _))) {
                        ledger.lock().unwrap().registered.push(email.clone());
                    }
                    let Some((StatusCode::OK, tokens)) =
                        with_failover(&ledger, "login", &bases, &mut on, &retried, |base| {
                            http.post(format!("{base}/v1/auth/login")).json(&body)
                        })
                        .await
                    else {
                        continue;
                    };
                    let mut refresh = tokens["refresh_token"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned();
                    for _ in 0..4 {
                        let sent = json!({"refresh_token": refresh});
                        let Some((StatusCode::OK, pair)) =
                            with_failover(&ledger, "refresh", &bases, &mut on, &retried, |base| {
                                http.post(format!("{base}/v1/auth/refresh")).json(&sent)
                            })
                            .await
                        else {
                            break;
                        };
                        refresh = pair["refresh_token"]
                            .as_str()
                            .unwrap_or_default()
                            .to_owned();
                    }
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let killed_at = Instant::now();
    a.kill();
    for task in load {
        task.await.unwrap();
    }
    let ledger = std::mem::take(&mut *ledger.lock().unwrap());
    let retried = std::mem::take(&mut *retried.lock().unwrap());

    // Clients that lost their instance retried on the other and got on.
    assert!(!retried.is_empty(), "the kill caught requests in flight");
    let failed: Vec<_> = retried
        .iter()
        .filter(|(_, status)| !status.is_some_and(|s| s.is_success()))
        .collect();
    assert!(
        failed.is_empty(),
        "retries on the other instance failed: {failed:?}"
    );
    let errors: Vec<&Answer> = ledger
        .answers
        .iter()
        .filter(|a| a.status.is_some_and(|s| s.is_server_error()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(
        ledger
            .answers
            .iter()
            .any(|a| a.at > killed_at && a.op == "refresh" && a.status == Some(StatusCode::OK))
    );

    // No session has two live refresh chains.
    let db = sea_orm::Database::connect(url.clone()).await.unwrap();
    let forks = count(&db, "SELECT count(*) FROM (SELECT session_id FROM refresh_tokens WHERE used_at IS NULL GROUP BY session_id HAVING count(*) > 1) forks").await;
    assert_eq!(forks, 0, "a session has two live refresh tokens");

    // Every acknowledged registration's email arrives; the one the killed
    // instance held is taken over when its claim lapses.
    for email in &ledger.registered {
        smtp.wait_for(email, 1).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut ids: Vec<String> = smtp
        .mails()
        .iter()
        .map(|m| m.header("Message-ID").unwrap_or_default())
        .collect();
    let arrived = ids.len();
    ids.sort();
    ids.dedup();
    let duplicated = arrived - ids.len();
    // SMTP is at-least-once: only a message the killed instance had handed
    // to the server but not yet marked sent can come twice, with the same
    // Message-ID (receivers may collapse it). The worker sends one at a time.
    assert!(duplicated <= 1, "{duplicated} emails arrived twice");
    println!(
        "fault: SIGKILL of one of two instances | requests {} | retried {} | 5xx 0 | lost 0 | duplicated {duplicated}",
        ledger.answers.len(),
        retried.len()
    );
    drop(b);
}

/// libfaketime, which makes a process see its wall clock moved (not its
/// monotonic one, which timers use).
fn faketime_library() -> String {
    std::fs::read_dir("/usr/lib")
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path().join("faketime/libfaketime.so.1")))
        .find(|p| p.exists())
        .expect("libfaketime: scripts/test installs it (apt-get install faketime)")
        .display()
        .to_string()
}

/// When `base` first refuses `access` at /v1/users/me, by the test's
/// (undisturbed) clock, polling every 50 ms.
async fn refused_at(
    http: &reqwest::Client,
    base: &str,
    access: &str,
) -> chrono::DateTime<chrono::Utc> {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        let status = http
            .get(format!("{base}/v1/users/me"))
            .bearer_auth(access)
            .send()
            .await
            .unwrap()
            .status();
        if status == StatusCode::UNAUTHORIZED {
            return chrono::Utc::now();
        }
        assert_eq!(status, StatusCode::OK);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{base} accepted the token 15 s on");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_whose_clocks_differ_by_four_seconds_accept_each_others_tokens_and_expire_them_on_time()
 {
    let _one = ONE_AT_A_TIME.lock().await;
    let (url, _sqlite) = crate::helpers::fresh_database(crate::helpers::Backend::Postgres).await;
    let mail = tempfile::tempdir().unwrap();
    let library = faketime_library();
    let skewed = |offset: &'static str| {
        vec![
            ("LD_PRELOAD", library.clone()),
            ("FAKETIME", offset.to_owned()),
            ("FAKETIME_DONT_FAKE_MONOTONIC", "1".to_owned()),
            ("PALISADE_ACCESS_TOKEN_TTL", "4s".to_owned()),
        ]
    };
    let (ahead, behind) = (skewed("+2s"), skewed("-2s"));
    let vars = |v: &Vec<(&'static str, String)>| {
        v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>()
    };
    let (a, b) = tokio::task::block_in_place(|| {
        let a: Vec<(&str, String)> = vars(&ahead);
        let b: Vec<(&str, String)> = vars(&behind);
        let a: Vec<(&str, &str)> = a.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let b: Vec<(&str, &str)> = b.iter().map(|(k, v)| (*k, v.as_str())).collect();
        (
            instance_with(&url, &mail, &a),
            instance_with(&url, &mail, &b),
        )
    });
    let http = client_builder().build().unwrap();
    let body = json!({"email": "ada@example.com", "password": PASSWORD});
    assert_eq!(
        http.post(format!("{}/v1/auth/register", a.base))
            .json(&body)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::CREATED
    );
    let mut lateness = Vec::new();
    for (issuer, verifier) in [(&a, &b), (&b, &a)] {
        let tokens: Value = http
            .post(format!("{}/v1/auth/login", issuer.base))
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let access = tokens["access_token"].as_str().unwrap().to_owned();
        // Accepted by the other instance, and its refresh token too.
        let me = http
            .get(format!("{}/v1/users/me", verifier.base))
            .bearer_auth(&access)
            .send()
            .await
            .unwrap();
        assert_eq!(
            me.status(),
            StatusCode::OK,
            "a token from one instance works on the other"
        );
        let refreshed = http
            .post(format!("{}/v1/auth/refresh", verifier.base))
            .json(&json!({"refresh_token": tokens["refresh_token"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(refreshed.status(), StatusCode::OK);
        // Refused at most 1 s after its `exp` (the verification leeway), by true time.
        let exp = crate::tenant_isolation::claims(&access)["exp"]
            .as_i64()
            .unwrap();
        let refused = refused_at(&http, &verifier.base, &access).await;
        let late = refused.timestamp_millis() - exp * 1000;
        assert!(late <= 1300, "refused {late} ms after exp");
        assert!(late >= -300, "refused {late} ms before exp");
        lateness.push(late);
    }
    println!("fault: clock skew of 4 s between two instances | refused after exp {lateness:?} ms");
}

/// HAProxy in front of a primary and its replica (TCP, health-checked as
/// PostgreSQL): the stable address applications use through a failover.
fn haproxy(
    primary: &Cluster,
    replica: &Cluster,
    dir: &std::path::Path,
) -> (crate::process::Group, u16) {
    let port = unused_port();
    let config = dir.join("haproxy.cfg");
    std::fs::write(
        &config,
        format!(
            "global\n  maxconn 400\ndefaults\n  mode tcp\n  timeout connect 1s\n  timeout client 60s\n  timeout server 60s\n\
             listen postgres\n  bind 127.0.0.1:{port}\n  option pgsql-check user postgres\n  \
             default-server inter 200ms fall 2 rise 2 on-marked-down shutdown-sessions\n  \
             server primary 127.0.0.1:{} check\n  server replica 127.0.0.1:{} check backup\n",
            primary.port, replica.port
        ),
    )
    .unwrap();
    let group =
        crate::process::Group::spawn(Command::new("haproxy").arg("-db").arg("-f").arg(&config));
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "haproxy did not listen");
        std::thread::sleep(Duration::from_millis(50));
    }
    (group, port)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failover_to_a_promoted_replica_behind_haproxy_keeps_every_acknowledged_write() {
    let _one = ONE_AT_A_TIME.lock().await;
    // Synchronous replication: a commit is acknowledged once the replica has it.
    let primary =
        tokio::task::block_in_place(|| Cluster::start_with("-c synchronous_standby_names='*'"));
    let replica = tokio::task::block_in_place(|| Cluster::replica_of(&primary));
    let work = tempfile::tempdir().unwrap();
    let (_haproxy, port) = tokio::task::block_in_place(|| haproxy(&primary, &replica, work.path()));
    let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    let mail = tempfile::tempdir().unwrap();
    let (a, b) = tokio::task::block_in_place(|| (instance(&url, &mail), instance(&url, &mail)));
    let bases = vec![a.base.clone(), b.base.clone()];
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let until = Instant::now() + Duration::from_secs(12);
    let load: Vec<_> = (0..6)
        .map(|w| tokio::spawn(user_loop(w, bases.clone(), ledger.clone(), until)))
        .collect();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let failed_at = Instant::now();
    tokio::task::block_in_place(|| primary.crash());
    // The operator (or a failover manager) promotes the replica.
    tokio::time::sleep(Duration::from_millis(500)).await;
    tokio::task::block_in_place(|| replica.promote());
    for task in load {
        task.await.unwrap();
    }
    let ledger = std::mem::take(&mut *ledger.lock().unwrap());
    let answers = &ledger.answers;
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
    // The window of refused writes: the last registration before, the first after.
    let writes: Vec<&Answer> = answers.iter().filter(|a| a.op == "register").collect();
    let created = |a: &&&Answer| a.status == Some(StatusCode::CREATED);
    let last_before = writes
        .iter()
        .filter(|a| a.at < failed_at)
        .filter(created)
        .map(|a| a.at + a.took)
        .max()
        .unwrap();
    let first_after = writes
        .iter()
        .filter(|a| a.at > failed_at)
        .filter(created)
        .map(|a| a.at + a.took)
        .min()
        .expect("writes resumed after the failover");
    let window = first_after.saturating_duration_since(last_before);
    let refused = answers
        .iter()
        .filter(|a| a.status == Some(StatusCode::SERVICE_UNAVAILABLE))
        .count();

    // Every acknowledged registration is on the new primary.
    let direct = sea_orm::Database::connect(format!(
        "postgres://postgres@127.0.0.1:{}/postgres",
        replica.port
    ))
    .await
    .unwrap();
    for email in &ledger.registered {
        let found = crate::helpers::find_user_by_email(&direct, email)
            .await
            .unwrap();
        assert!(
            found.is_some(),
            "{email} was acknowledged and is missing after the failover"
        );
    }
    let audited = count(
        &direct,
        "SELECT count(*) FROM audit_events WHERE action = 'user.registered'",
    )
    .await;
    assert!(audited >= ledger.registered.len() as i64);
    for (token, out_at) in &ledger.logged_out {
        let came_back = ledger
            .refreshed
            .iter()
            .any(|(t, sent)| t == token && sent > out_at);
        assert!(!came_back, "a refresh token worked after its logout");
    }
    println!(
        "fault: failover to a promoted replica | requests {} | 503 {refused} | other 5xx 0 | lost 0 | writes refused for {window:?}",
        answers.len()
    );
    drop((a, b));
}
