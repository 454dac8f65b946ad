//! A real SMTP server for the tests, on loopback: it speaks enough ESMTP for
//! lettre, keeps what it receives, can refuse chosen recipients with 550, and
//! can start down (every connection answered 421) and come up later on the
//! same port. It stops when the test drops it.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
pub struct Mail {
    pub to: Vec<String>,
    pub data: String,
}

impl Mail {
    pub fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_ascii_lowercase());
        self.data
            .lines()
            .take_while(|l| !l.is_empty())
            .find(|l| l.to_ascii_lowercase().starts_with(&prefix))
            .map(|l| l[prefix.len()..].trim().to_owned())
    }

    pub fn subject(&self) -> String {
        self.header("Subject").unwrap_or_default()
    }

    /// The decoded body of the part with this content type.
    pub fn part(&self, content_type: &str) -> Option<String> {
        let lines: Vec<&str> = self.data.lines().collect();
        let start = lines.iter().position(|l| {
            l.to_ascii_lowercase()
                .starts_with(&format!("content-type: {content_type}"))
        })?;
        let mut encoding = String::new();
        let mut i = start;
        while i < lines.len() && !lines[i].is_empty() {
            if let Some(v) = lines[i]
                .to_ascii_lowercase()
                .strip_prefix("content-transfer-encoding:")
            {
                encoding = v.trim().to_owned();
            }
            i += 1;
        }
        let body: Vec<&str> = lines[i..]
            .iter()
            .skip(1)
            .take_while(|l| !l.starts_with("--"))
            .copied()
            .collect();
        Some(match encoding.as_str() {
            "base64" => String::from_utf8(
                base64::engine::general_purpose::STANDARD
                    .decode(body.concat().trim())
                    .unwrap(),
            )
            .unwrap(),
            "quoted-printable" => quoted_printable(&body.join("\n")),
            _ => body.join("\n"),
        })
    }

    pub fn text(&self) -> String {
        self.part("text/plain").expect("a text/plain part")
    }

    /// The token of the `{public}/{page}?token=…` link in the text part.
    pub fn token_for(&self, page: &str) -> String {
        let text = self.text();
        let marker = format!("http://127.0.0.1:8080/{page}?token=");
        let at = text
            .find(&marker)
            .unwrap_or_else(|| panic!("no {page} link in:\n{text}"));
        text[at + marker.len()..]
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned()
    }
}

fn quoted_printable(s: &str) -> String {
    let joined = s.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'=' && i + 3 <= bytes.len())
            .then(|| u8::from_str_radix(&joined[i + 1..i + 3], 16).ok())
            .flatten();
        match escaped {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap()
}

#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    mails: Arc<Mutex<Vec<Mail>>>,
    refused: Arc<Mutex<HashSet<String>>>,
    up: Arc<AtomicBool>,
    _accepting: Arc<Accepting>,
}

/// The accept loop, stopped when the last clone of the sink is dropped.
struct Accepting(tokio::task::JoinHandle<()>);

impl Drop for Accepting {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl SmtpSink {
    pub async fn start() -> Self {
        let sink = Self::start_down().await;
        sink.come_up();
        sink
    }

    /// Listening, but answering every connection "421 service not
    /// available": an SMTP server that is down, on a port of its own.
    pub async fn start_down() -> Self {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let mails = Arc::new(Mutex::new(Vec::new()));
        let refused = Arc::new(Mutex::new(HashSet::new()));
        let up = Arc::new(AtomicBool::new(false));
        let (m, r, u) = (mails.clone(), refused.clone(), up.clone());
        let accepting = tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    break;
                };
                if !u.load(Ordering::SeqCst) {
                    let _ = stream
                        .write_all(b"421 4.3.2 service not available\r\n")
                        .await;
                    continue;
                }
                let (m, r) = (m.clone(), r.clone());
                tokio::spawn(async move {
                    let _ = session(stream, m, r).await;
                });
            }
        });
        Self {
            port,
            mails,
            refused,
            up,
            _accepting: Arc::new(Accepting(accepting)),
        }
    }

    /// From now on, connections are served.
    pub fn come_up(&self) {
        self.up.store(true, Ordering::SeqCst);
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Answers RCPT TO for this address with 550.
    pub fn refuse(&self, address: &str) {
        self.refused.lock().unwrap().insert(address.to_owned());
    }

    pub fn mails(&self) -> Vec<Mail> {
        self.mails.lock().unwrap().clone()
    }

    pub fn mails_to(&self, address: &str) -> Vec<Mail> {
        self.mails()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t == address))
            .collect()
    }

    /// Waits (up to 10 s) until `count` mails to `address` have arrived.
    pub async fn wait_for(&self, address: &str, count: usize) -> Vec<Mail> {
        for _ in 0..200 {
            let mails = self.mails_to(address);
            if mails.len() >= count {
                return mails;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "{count} mail(s) to {address} did not arrive; got {:?}",
            self.mails_to(address).len()
        );
    }
}

async fn session(
    stream: tokio::net::TcpStream,
    mails: Arc<Mutex<Vec<Mail>>>,
    refused: Arc<Mutex<HashSet<String>>>,
) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink ESMTP ready\r\n").await?;
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_owned();
        let upper = command.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            b"250-sink\r\n250 8BITMIME\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            to.clear();
            b"250 2.1.0 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            let address = command[8..]
                .trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_owned();
            if refused.lock().unwrap().contains(&address) {
                b"550 5.1.1 mailbox unavailable\r\n"
            } else {
                to.push(address);
                b"250 2.1.5 OK\r\n"
            }
        } else if upper == "DATA" {
            write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                let l = line.trim_end_matches(['\r', '\n']);
                if l == "." {
                    break;
                }
                data.push_str(l.strip_prefix('.').unwrap_or(l));
                data.push('\n');
            }
            mails.lock().unwrap().push(Mail {
                to: std::mem::take(&mut to),
                data,
            });
            b"250 2.0.0 queued\r\n"
        } else if upper == "RSET" {
            to.clear();
            b"250 2.0.0 OK\r\n"
        } else if upper == "NOOP" {
            b"250 2.0.0 OK\r\n"
        } else if upper == "QUIT" {
            write.write_all(b"221 2.0.0 bye\r\n").await?;
            return Ok(());
        } else {
            b"502 5.5.2 command not recognized\r\n"
        };
        write.write_all(reply).await?;
    }
}
