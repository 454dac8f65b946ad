//! The database going away: a restart, and a failover to a promoted replica.

use super::pg::{Cluster, haproxy};
use super::*;

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
    only_quick_503s(answers);
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
    nothing_acknowledged_is_lost(&db, &ledger).await;
    println!(
        "fault: postgres restart | requests {} | 503 {} | other 5xx 0 | lost 0 | recovery {recovery:?}",
        answers.len(),
        refused.len()
    );
    drop((a, b));
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
    only_quick_503s(answers);
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
    nothing_acknowledged_is_lost(&direct, &ledger).await;
    println!(
        "fault: failover to a promoted replica | requests {} | 503 {refused} | other 5xx 0 | lost 0 | writes refused for {window:?}",
        answers.len()
    );
    drop((a, b));
}
