//! A full disk under SQLite.

use super::*;

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
            crate::helpers::find_user_by_email(&check.clone().into(), &email)
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
