//! Instances failing or disagreeing: one killed mid-flood, two whose
//! clocks differ.

use super::*;

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
                    // A registration the killed instance committed before it
                    // answered is, retried, 409: the account exists (README).
                    if matches!(made, Some((StatusCode::CREATED | StatusCode::CONFLICT, _))) {
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
        .filter(|(op, status)| {
            let done =
                |s: StatusCode| s.is_success() || (*op == "register" && s == StatusCode::CONFLICT);
            !status.is_some_and(done)
        })
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
