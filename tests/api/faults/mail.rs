//! The mail server away while two instances queue email.

use super::*;

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
