//! How an email leaves: SMTP (lettre over rustls) when PALISADE_SMTP_URL is
//! set, else an .eml file under PALISADE_MAIL_DIR.

use std::path::PathBuf;
use std::time::Duration;

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, MultiPart, header::MessageId},
};
use secrecy::ExposeSecret;

use crate::infra::store::outbox;

/// How email leaves, and from whom.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// None: write .eml files to `dir` instead of sending.
    pub smtp_url: Option<secrecy::SecretString>,
    pub from: Mailbox,
    pub dir: PathBuf,
    /// Delivery attempts before a message is a dead letter.
    pub max_attempts: u32,
    /// How long a claim on a message lasts (see the worker).
    pub lease: Duration,
}

/// Why a delivery failed, and whether trying again can help.
#[derive(Debug)]
pub struct SendError {
    pub permanent: bool,
    /// The full reason, for the outbox row (it may name the recipient).
    pub message: String,
    /// The SMTP reply code, if the server gave one: what the logs show.
    pub code: Option<String>,
}

impl SendError {
    fn permanent(message: impl ToString) -> Self {
        Self {
            permanent: true,
            message: message.to_string(),
            code: None,
        }
    }
    fn transient(message: impl ToString) -> Self {
        Self {
            permanent: false,
            message: message.to_string(),
            code: None,
        }
    }
}

/// Only a refusal of the mailbox itself is final. Other 5xx answers (bad
/// credentials, a refused sender, a misconfigured server) are the operator's
/// to fix, so the message waits and is retried with the others.
fn smtp_failure(err: &lettre::transport::smtp::Error) -> SendError {
    let code = err.status().map(|c| c.to_string());
    let permanent = err.is_permanent() && matches!(code.as_deref(), Some("550" | "551" | "553"));
    SendError {
        permanent,
        message: err.to_string(),
        code,
    }
}

pub enum Transport {
    /// The transport, and how long one whole exchange may take (lettre's
    /// timeout covers the connection only).
    Smtp(AsyncSmtpTransport<Tokio1Executor>, Duration),
    Files(PathBuf),
}

impl Transport {
    pub fn from_settings(config: &MailSettings) -> anyhow::Result<Self> {
        Ok(match &config.smtp_url {
            Some(url) => {
                // Within the claim, or another instance would send the same
                // message while this one still is.
                let limit = Duration::from_secs(30).min(config.lease / 2);
                let smtp = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
                    .map_err(|e| anyhow::anyhow!("invalid PALISADE_SMTP_URL: {e}"))?
                    .timeout(Some(limit))
                    .build();
                Self::Smtp(smtp, limit)
            }
            None => Self::Files(config.dir.clone()),
        })
    }

    /// Builds the MIME message (plain text and HTML alternatives).
    fn build(
        from: &Mailbox,
        message: &outbox::Message,
        domain: &str,
    ) -> Result<Message, SendError> {
        let to: Mailbox = message
            .recipient
            .parse()
            .map_err(|e| SendError::permanent(format!("bad recipient address: {e}")))?;
        Message::builder()
            .from(from.clone())
            .to(to)
            .subject(message.subject.clone())
            .header(MessageId::from(format!("<{}@{domain}>", message.id)))
            .multipart(MultiPart::alternative_plain_html(
                message.text_body.clone(),
                message.html_body.clone(),
            ))
            .map_err(SendError::permanent)
    }

    /// Delivers one message.
    pub async fn send(&self, from: &Mailbox, message: &outbox::Message) -> Result<(), SendError> {
        let email = Self::build(from, message, from.email.domain())?;
        match self {
            Self::Smtp(smtp, limit) => match tokio::time::timeout(*limit, smtp.send(email)).await {
                Ok(sent) => sent.map(|_| ()).map_err(|e| smtp_failure(&e)),
                Err(_) => Err(SendError::transient("the SMTP exchange took too long")),
            },
            Self::Files(dir) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(SendError::transient)?;
                let path = dir.join(format!("{}.eml", message.id));
                // Written under a hidden name and renamed into place, so
                // whoever picks up *.eml never reads half an email.
                let partial = dir.join(format!(".{}.eml.partial", message.id));
                // Its link is a live token: readable by the owner only.
                let mut options = tokio::fs::OpenOptions::new();
                options.write(true).create(true).truncate(true);
                #[cfg(unix)]
                options.mode(crate::infra::files::PRIVATE);
                let mut file = options.open(&partial).await.map_err(SendError::transient)?;
                tokio::io::AsyncWriteExt::write_all(&mut file, &email.formatted())
                    .await
                    .map_err(SendError::transient)?;
                // tokio writes in the background: done only once flushed.
                tokio::io::AsyncWriteExt::flush(&mut file)
                    .await
                    .map_err(SendError::transient)?;
                drop(file);
                tokio::fs::rename(&partial, &path)
                    .await
                    .map_err(SendError::transient)?;
                tracing::info!(message_id = %message.id, path = %path.display(),
                    "no SMTP server configured: email written to a file");
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transport_for(url: Option<&str>) -> anyhow::Result<Transport> {
        Transport::from_settings(&MailSettings {
            smtp_url: url.map(|u| secrecy::SecretString::from(u.to_owned())),
            from: "Palisade <no-reply@localhost>".parse().unwrap(),
            dir: PathBuf::from("./mail"),
            max_attempts: 8,
            lease: Duration::from_secs(300),
        })
    }

    #[tokio::test]
    async fn every_documented_smtp_url_form_builds_a_transport() {
        let _ = rustls::crypto::ring::default_provider().install_default();
        for url in [
            "smtp://127.0.0.1:2525",
            "smtp://mail.example.com:587?tls=required",
            "smtp://mail.example.com:587?tls=opportunistic",
            "smtps://user:secret@mail.example.com:465",
            "smtps://mail.example.com",
        ] {
            assert!(
                matches!(transport_for(Some(url)), Ok(Transport::Smtp(..))),
                "{url}"
            );
        }
        assert!(matches!(transport_for(None), Ok(Transport::Files(_))));
        assert!(transport_for(Some("smtp://")).is_err());
    }
}
