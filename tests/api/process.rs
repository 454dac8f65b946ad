//! The binary as a child process: it listens on a port of its own choosing
//! and says which in its log, so no test guesses a free port; the test talks
//! to the address this very process reported; and the process is killed when
//! its handle is dropped, whether the test passed or panicked.

use std::io::{BufRead as _, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a server may take to say where it listens (migrations included).
const START_WITHIN: Duration = Duration::from_secs(30);

pub struct Palisade {
    child: Child,
    /// `http://127.0.0.1:PORT` or `https://…`, as the process logged it.
    pub base: String,
    log: Arc<Mutex<String>>,
    readers: Vec<JoinHandle<()>>,
}

/// `palisade` with no variables set yet.
pub fn command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_palisade"))
}

/// Copies everything `pipe` says into `log`, line by line.
fn collect(pipe: impl Read + Send + 'static, log: Arc<Mutex<String>>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            let mut log = log.lock().unwrap();
            log.push_str(&line);
            log.push('\n');
        }
    })
}

/// The URL in the "palisade listening" line: `url=http://…` in the text
/// format, `"url":"http://…"` in JSON.
fn listening_url(log: &str) -> Option<String> {
    log.lines()
        .filter(|line| line.to_ascii_lowercase().contains("palisade listening"))
        .find_map(|line| {
            let at = line.find("http")?;
            let url: String = line[at..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '\x1b' | ',' | '}'))
                .collect();
            url.rsplit_once(':')
                .is_some_and(|(_, port)| port.parse::<u16>().is_ok_and(|p| p != 0))
                .then_some(url)
        })
}

impl Palisade {
    /// Runs `command` (a `palisade` serving) on 127.0.0.1:0 (unless it sets
    /// PALISADE_BIND) and waits until its log says where it listens. Panics
    /// with the log if it exits first.
    pub fn start(mut command: Command) -> Self {
        if !command.get_envs().any(|(name, _)| name == "PALISADE_BIND") {
            command.env("PALISADE_BIND", "127.0.0.1:0");
        }
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = command.spawn().expect("palisade starts");
        let log = Arc::new(Mutex::new(String::new()));
        let mut readers = Vec::new();
        if let Some(out) = child.stdout.take() {
            readers.push(collect(out, log.clone()));
        }
        if let Some(err) = child.stderr.take() {
            readers.push(collect(err, log.clone()));
        }
        let mut server = Self {
            child,
            base: String::new(),
            log,
            readers,
        };
        let started = Instant::now();
        loop {
            if let Some(url) = listening_url(&server.log()) {
                server.base = url;
                return server;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "palisade exited ({status}) before listening:\n{}",
                    server.log()
                );
            }
            assert!(
                started.elapsed() < START_WITHIN,
                "palisade did not say where it listens within {START_WITHIN:?}:\n{}",
                server.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.base
            .rsplit_once(':')
            .and_then(|(_, port)| port.parse().ok())
            .expect("a port in the listening URL")
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything the process wrote so far, stdout and stderr interleaved.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Sends `signal` (`-TERM`, `-HUP`) to the process.
    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([signal, &self.pid().to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill {signal}");
    }

    /// SIGTERM, then how it exited and everything it wrote.
    pub async fn stop(mut self) -> (ExitStatus, String) {
        self.signal("-TERM");
        let (status, log) = tokio::task::spawn_blocking(move || {
            let status = self.child.wait().unwrap();
            (status, self.finish())
        })
        .await
        .unwrap();
        (status, log)
    }

    /// SIGKILL, then everything it wrote.
    pub fn kill(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.finish()
    }

    /// The log once the pipes have closed.
    fn finish(&mut self) -> String {
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
        self.log()
    }
}

impl Drop for Palisade {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A helper program (nginx, chromedriver) in a process group of its own,
/// so that when its test ends, pass or fail, the whole group goes: nginx's
/// workers and the browsers chromedriver started too, not only the parent.
pub struct Group(Child);

impl Group {
    pub fn spawn(command: &mut Command) -> Self {
        use std::os::unix::process::CommandExt as _;
        Self(
            command
                .process_group(0)
                .spawn()
                .expect("helper program starts"),
        )
    }

    pub fn child(&mut self) -> &mut Child {
        &mut self.0
    }

    /// Whether it is still running (a helper that could not listen exits).
    pub fn running(&mut self) -> bool {
        matches!(self.0.try_wait(), Ok(None))
    }

    fn signal_group(&self, signal: &str) {
        let _ = Command::new("kill")
            .args([signal, "--", &format!("-{}", self.0.id())])
            .stderr(Stdio::null())
            .status();
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        // A polite stop first: nginx's master takes its workers down.
        self.signal_group("-TERM");
        let deadline = Instant::now() + Duration::from_secs(3);
        while self.running() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        self.signal_group("-KILL");
        let _ = self.0.wait();
    }
}

#[test]
fn the_listening_url_is_read_from_either_log_format() {
    let pretty = "\u{1b}[2m2026\u{1b}[0m INFO palisade listening \u{1b}[3murl\u{1b}[0m\u{1b}[2m=\u{1b}[0mhttp://127.0.0.1:41234 \u{1b}[3mdocs\u{1b}[0m=x";
    assert_eq!(
        listening_url(pretty).as_deref(),
        Some("http://127.0.0.1:41234")
    );
    let json = r#"{"level":"INFO","fields":{"message":"palisade listening","url":"https://127.0.0.1:5","docs":"x"}}"#;
    assert_eq!(listening_url(json).as_deref(), Some("https://127.0.0.1:5"));
    assert_eq!(
        listening_url("palisade listening url=http://127.0.0.1:0"),
        None
    );
}
