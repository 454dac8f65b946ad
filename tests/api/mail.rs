//! Email delivery: the outbox survives SMTP outages and restarts, one bad
//! address never blocks the rest, and several instances never send twice.

use std::time::Duration;

use palisade::infra::store::entities::outbox;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, Database, EntityTrait, QueryFilter};
use serde_json::json;

use crate::helpers::{self, Backend, PASSWORD, TestApp};
use crate::process::{self, Palisade};
use crate::smtp::SmtpSink;

pub async fn outbox_rows(app: &TestApp, recipient: &str) -> Vec<outbox::Model> {
    outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq(recipient))
        .all(&app.db)
        .await
        .unwrap()
}

/// Every message in the outbox.
pub async fn outbox_rows_all(app: &TestApp) -> Vec<outbox::Model> {
    outbox::Entity::find().all(&app.db).await.unwrap()
}

pub async fn wait_until(mut done: impl AsyncFnMut() -> bool) {
    for _ in 0..200 {
        if done().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("condition not reached within 10 s");
}

on_both_backends! {
    async fn mail_queued_while_smtp_is_down_arrives_once_it_is_back(backend) {
        let smtp = SmtpSink::start_down().await;
        let url = smtp.url();
        let app = TestApp::spawn_with(backend, move |c| c.mail.smtp_url = Some(secrecy::SecretString::from(url))).await;
        app.register("ada@example.com").await;
        // The first attempt fails and is scheduled again, not dropped.
        wait_until(async || outbox_rows(&app, "ada@example.com").await.first().is_some_and(|m| m.attempts >= 1 && m.locked_until.is_none())).await;
        let row = &outbox_rows(&app, "ada@example.com").await[0];
        assert_eq!(row.status, "pending");
        assert!(row.last_error.is_some());

        smtp.come_up();
        app.advance(Duration::from_secs(6));
        let mails = smtp.wait_for("ada@example.com", 1).await;
        assert!(mails[0].subject().contains("Verify"));
        wait_until(async || outbox_rows(&app, "ada@example.com").await[0].status == "sent").await;
        let row = &outbox_rows(&app, "ada@example.com").await[0];
        assert_eq!(row.text_body, "", "a sent message keeps no token");
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(smtp.mails_to("ada@example.com").len(), 1);
    }
}

on_both_backends! {
    async fn a_refused_recipient_becomes_a_dead_letter_without_blocking_others(backend) {
        let smtp = SmtpSink::start().await;
        smtp.refuse("bob@example.com");
        let app = TestApp::spawn_with_smtp(backend, &smtp, |_| {}).await;
        app.register("bob@example.com").await;
        app.register("carol@example.com").await;
        smtp.wait_for("carol@example.com", 1).await;
        wait_until(async || outbox_rows(&app, "bob@example.com").await[0].status == "failed").await;
        let bob = &outbox_rows(&app, "bob@example.com").await[0];
        assert!(bob.last_error.as_deref().unwrap_or_default().contains("550"), "{:?}", bob.last_error);
        app.register("dave@example.com").await;
        smtp.wait_for("dave@example.com", 1).await;
    }
}

on_both_backends! {
    async fn after_the_last_attempt_a_message_is_marked_failed(backend) {
        let smtp = SmtpSink::start_down().await;
        let url = smtp.url();
        let app = TestApp::spawn_with(backend, move |c| {
            c.mail.smtp_url = Some(secrecy::SecretString::from(url));
            c.mail.max_attempts = 3;
            c.metrics_token = Some(secrecy::SecretString::from("scrape-me-0123456789abcdef"));
        })
        .await;
        app.register("ada@example.com").await;
        for attempt in 1..=3 {
            wait_until(async || outbox_rows(&app, "ada@example.com").await[0].attempts >= attempt && outbox_rows(&app, "ada@example.com").await[0].locked_until.is_none()).await;
            app.advance(Duration::from_secs(3600));
        }
        wait_until(async || outbox_rows(&app, "ada@example.com").await[0].status == "failed").await;
        assert_eq!(outbox_rows(&app, "ada@example.com").await[0].attempts, 3);
        let metrics = app.client.get(app.url("/metrics")).bearer_auth("scrape-me-0123456789abcdef").send().await.unwrap().text().await.unwrap();
        for counter in ["palisade_emails_retried_total", "palisade_emails_failed_total"] {
            assert!(metrics.contains(counter), "{counter} in {metrics}");
        }
    }
}

on_both_backends! {
    async fn two_instances_on_one_database_send_each_email_once(backend) {
        let smtp = SmtpSink::start().await;
        let a = TestApp::spawn_with_smtp(backend, &smtp, |_| {}).await;
        let url = smtp.url();
        let b = a.another_instance(move |c| c.mail.smtp_url = Some(secrecy::SecretString::from(url))).await;
        for i in 0..12 {
            let app = if i % 2 == 0 { &a } else { &b };
            app.register(&format!("user{i}@example.com")).await;
        }
        for i in 0..12 {
            smtp.wait_for(&format!("user{i}@example.com"), 1).await;
        }
        tokio::time::sleep(Duration::from_millis(2500)).await;
        for i in 0..12 {
            assert_eq!(smtp.mails_to(&format!("user{i}@example.com")).len(), 1, "user{i} got one email");
        }
    }
}

on_both_backends! {
    async fn without_smtp_emails_are_written_as_eml_files(backend) {
        let app = TestApp::spawn(backend).await;
        app.register("ada@example.com").await;
        let dir = app.mail_dir.path().to_owned();
        // Only whole emails carry the .eml name (they are renamed into place).
        let emails = || -> Vec<std::path::PathBuf> {
            std::fs::read_dir(&dir).map(|d| d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "eml")).collect()).unwrap_or_default()
        };
        wait_until(async || !emails().is_empty()).await;
        let file = emails().remove(0);
        let eml = std::fs::read_to_string(file).unwrap();
        assert!(eml.contains("To: ada@example.com"), "{eml}");
        assert!(eml.contains("Subject: Verify your email address for Palisade"), "{eml}");
    }
}

/// The server process is killed while its email cannot be delivered; a new
/// process delivers it.
async fn nothing_is_lost_across_a_restart(backend: Backend) {
    let (url, _dir) = helpers::fresh_database(backend).await;
    let start = |smtp: String| {
        let mut command = process::command();
        command
            .env("DATABASE_URL", &url)
            .env("PALISADE_SMTP_URL", smtp);
        tokio::task::spawn_blocking(move || Palisade::start(command))
    };
    let client = crate::helpers::client_builder().build().unwrap();

    let down = SmtpSink::start_down().await;
    let first = start(down.url()).await.unwrap();
    let response = client
        .post(format!("{}/v1/auth/register", first.base))
        .json(&json!({"email": "ada@example.com", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    tokio::time::sleep(Duration::from_millis(500)).await;
    first.kill();

    let smtp = SmtpSink::start().await;
    let second = start(smtp.url()).await.unwrap();
    // The retry is due 5 s after the failed attempt.
    for _ in 0..300 {
        if !smtp.mails_to("ada@example.com").is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(smtp.mails_to("ada@example.com").len(), 1);
    // The server records the delivery right after the SMTP server accepts it.
    let db = Database::connect(url.as_str()).await.unwrap();
    let mut rows = Vec::new();
    for _ in 0..100 {
        rows = outbox::Entity::find().all(&db).await.unwrap();
        if rows.iter().all(|r| r.status == "sent") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    second.kill();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, "sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_is_lost_across_a_restart_on_postgres() {
    nothing_is_lost_across_a_restart(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_is_lost_across_a_restart_on_sqlite() {
    nothing_is_lost_across_a_restart(Backend::Sqlite).await;
}

#[tokio::test]
async fn delivery_is_counted_in_the_metrics() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with_smtp(Backend::Sqlite, &smtp, |c| {
        c.metrics_token = Some(secrecy::SecretString::from("scrape-me-0123456789abcdef"));
    })
    .await;
    app.register("ada@example.com").await;
    smtp.wait_for("ada@example.com", 1).await;
    let text = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("scrape-me-0123456789abcdef")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("palisade_emails_sent_total"), "{text}");
}
