//! A small WebDriver client for headless Chromium (Debian's `chromium` and
//! `chromium-driver`, which scripts/test installs): open pages, fill in and
//! submit forms, read what the page shows, take screenshots. It speaks the
//! W3C WebDriver protocol over reqwest, so the tests need no other crate.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::client_builder;
use crate::process::Group;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
/// The key under which WebDriver returns an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Browser {
    http: reqwest::Client,
    session: String,
    _driver: Group,
    _profile: tempfile::TempDir,
}

/// Where screenshots go: the test artifacts directory of this build.
pub fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// chromedriver on a port of its choosing (`--port=0`), which it reports:
/// the driver, and the port.
fn start_driver() -> (Group, u16) {
    use std::io::BufRead as _;
    let mut driver = Group::spawn(
        std::process::Command::new(CHROMEDRIVER)
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null()),
    );
    let stdout = driver.child().stdout.take().expect("chromedriver's stdout");
    let mut lines = std::io::BufReader::new(stdout).lines();
    let port = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            line.split_once("started successfully on port ")
                .and_then(|(_, rest)| rest.trim_end_matches('.').parse::<u16>().ok())
        })
        .expect("chromedriver says which port it listens on");
    // Keep reading, so that a chatty driver never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (driver, port)
}

impl Browser {
    /// Starts chromedriver and a headless Chromium 1280 px wide, with
    /// JavaScript on or off (a browser setting, as a user would turn it off).
    pub async fn start(javascript: bool) -> Self {
        for tool in [CHROMEDRIVER, CHROMIUM] {
            assert!(
                std::path::Path::new(tool).exists(),
                "{tool} is needed: scripts/test installs it (apt-get install chromium chromium-driver)"
            );
        }
        let (driver, port) = tokio::task::spawn_blocking(start_driver).await.unwrap();
        let http = client_builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let profile = tempfile::tempdir().unwrap();
        let mut prefs = json!({"intl": {"accept_languages": "en-US,en"}});
        if !javascript {
            prefs["profile.managed_default_content_settings.javascript"] = json!(2);
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=1280,900",
                    // Accept-Language follows the machine's locale otherwise.
                    "--lang=en-US",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
                "prefs": prefs,
            }
        }}});
        let created: Value = http
            .post(format!("{base}/session"))
            .json(&capabilities)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let session = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("chromedriver did not start a session: {created}"))
            .to_owned();
        Self {
            http,
            session: format!("{base}/session/{session}"),
            _driver: driver,
            _profile: profile,
        }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        match self.try_call(method, path, body).await {
            Ok(value) => value,
            Err(error) => panic!("WebDriver {path}: {error}"),
        }
    }

    /// The same, with WebDriver's error (no such element, a stale one) as a
    /// value: for waits, where the page may change under the question.
    async fn try_call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        let mut request = self.http.request(method, format!("{}{path}", self.session));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer: Value = request.send().await.unwrap().json().await.unwrap();
        match answer["value"]["error"].as_str() {
            Some(error) => Err(format!("{error}: {}", answer["value"]["message"])),
            None => Ok(answer["value"].clone()),
        }
    }

    /// The text of the first element matching `css`, if there is one that
    /// stays long enough to be read.
    async fn try_text(&self, css: &str) -> Option<String> {
        let found = self
            .try_call(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await
            .ok()?;
        let id = found[ELEMENT].as_str()?.to_owned();
        let text = self
            .try_call(reqwest::Method::GET, &format!("/element/{id}/text"), None)
            .await
            .ok()?;
        text.as_str().map(str::to_owned)
    }

    pub async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({"url": url})))
            .await;
    }

    pub async fn url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", None)
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The path and query of the current page.
    pub async fn path(&self) -> String {
        let url = self.url().await;
        let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
        after_scheme
            .find('/')
            .map_or("/".to_owned(), |i| after_scheme[i..].to_owned())
    }

    /// Waits (up to 10 s) for the browser to arrive at `want` (path and
    /// query) after a click; panics with what the page says otherwise.
    pub async fn expect_path(&self, want: &str) {
        for _ in 0..100 {
            if self.path().await == want {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let alert = if self.has("[role=alert]").await {
            self.text("[role=alert]").await
        } else {
            String::new()
        };
        panic!(
            "expected {want}, the browser is at {} ({}) {alert}",
            self.path().await,
            self.heading().await
        );
    }

    /// Waits (up to 10 s) for an element matching `css` and returns its text.
    pub async fn wait_for(&self, css: &str) -> String {
        for _ in 0..100 {
            if let Some(text) = self.try_text(css).await {
                return text;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("nothing matches {css} at {}", self.path().await);
    }

    /// Waits (up to 10 s) for a page whose `h1` says `want`.
    pub async fn expect_heading(&self, want: &str) {
        for _ in 0..100 {
            if self.try_text("h1").await.as_deref() == Some(want) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "expected the heading {want:?}, the page says {:?} at {}",
            self.heading().await,
            self.path().await
        );
    }

    pub async fn title(&self) -> String {
        self.call(reqwest::Method::GET, "/title", None)
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn source(&self) -> String {
        self.call(reqwest::Method::GET, "/source", None)
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The element matching `css`, waiting (up to 10 s) for it to appear: a
    /// click that starts a navigation returns before the next page is there.
    async fn find(&self, css: &str) -> String {
        for _ in 0..100 {
            if self.has(css).await {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let found = self
            .call(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        found[ELEMENT].as_str().unwrap().to_owned()
    }

    /// Whether an element matches `css`.
    pub async fn has(&self, css: &str) -> bool {
        let found = self
            .call(
                reqwest::Method::POST,
                "/elements",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        !found.as_array().unwrap().is_empty()
    }

    /// Types `text` into the field, replacing what it held.
    pub async fn fill(&self, css: &str, text: &str) {
        let id = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/clear"),
            Some(json!({})),
        )
        .await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/value"),
            Some(json!({"text": text})),
        )
        .await;
    }

    pub async fn click(&self, css: &str) {
        let id = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/click"),
            Some(json!({})),
        )
        .await;
    }

    /// The visible text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        let id = self.find(css).await;
        self.call(reqwest::Method::GET, &format!("/element/{id}/text"), None)
            .await
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The value of an element's attribute (or property).
    pub async fn attribute(&self, css: &str, name: &str) -> Option<String> {
        let id = self.find(css).await;
        self.call(
            reqwest::Method::GET,
            &format!("/element/{id}/attribute/{name}"),
            None,
        )
        .await
        .as_str()
        .map(str::to_owned)
    }

    /// The first `h1`'s text: every page has exactly one.
    pub async fn heading(&self) -> String {
        self.text("h1").await
    }

    /// Saves a PNG of the viewport as `{name}.png` in the artifacts directory.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        use base64::Engine as _;
        let png = self.call(reqwest::Method::GET, "/screenshot", None).await;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap())
            .unwrap();
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Presses Tab `times` times (as a keyboard user would) and returns the
    /// `id` (or text) of the element that has the focus then.
    pub async fn tab(&self, times: usize) -> String {
        let keys: Vec<Value> = (0..times)
            .flat_map(|_| {
                [
                    json!({"type": "keyDown", "value": "\u{E004}"}),
                    json!({"type": "keyUp", "value": "\u{E004}"}),
                ]
            })
            .collect();
        self.call(
            reqwest::Method::POST,
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": keys}]})),
        )
        .await;
        let active = self
            .call(reqwest::Method::GET, "/element/active", None)
            .await;
        let id = active[ELEMENT].as_str().unwrap().to_owned();
        let attr = self
            .call(
                reqwest::Method::GET,
                &format!("/element/{id}/attribute/id"),
                None,
            )
            .await;
        match attr.as_str() {
            Some(name) => name.to_owned(),
            None => self
                .call(reqwest::Method::GET, &format!("/element/{id}/text"), None)
                .await
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        }
    }

    /// Lays the page out as on a screen `width` CSS pixels wide (a phone's
    /// when narrow), whatever the window's own minimum size.
    pub async fn emulate_width(&self, width: u32) {
        let mobile = width < 600;
        self.call(
            reqwest::Method::POST,
            "/goog/cdp/execute",
            Some(
                json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": {
                    "width": width, "height": if mobile { 812 } else { 900 },
                    "deviceScaleFactor": 1, "mobile": mobile,
                }}),
            ),
        )
        .await;
    }

    /// Runs `script` through the driver (not the page, whose policy allows no
    /// script) and returns its result.
    pub async fn execute(&self, script: &str) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
        .await
    }

    /// Opens a new tab (same profile: same storage) and returns its handle;
    /// the driver stays on the current one.
    pub async fn new_tab(&self) -> String {
        let opened = self
            .call(
                reqwest::Method::POST,
                "/window/new",
                Some(json!({"type": "tab"})),
            )
            .await;
        opened["handle"].as_str().unwrap().to_owned()
    }

    /// The current tab's handle.
    pub async fn current_tab(&self) -> String {
        let handle = self.call(reqwest::Method::GET, "/window", None).await;
        handle.as_str().unwrap().to_owned()
    }

    /// Drives the tab `handle` from now on.
    pub async fn switch_to(&self, handle: &str) {
        self.call(
            reqwest::Method::POST,
            "/window",
            Some(json!({"handle": handle})),
        )
        .await;
    }

    /// Adds a virtual authenticator (ChromeDriver's WebAuthn extension): a
    /// platform authenticator that stores discoverable credentials and
    /// verifies its user, answering the page's `navigator.credentials` calls
    /// as a phone or laptop would. Returns its id.
    pub async fn add_virtual_authenticator(&self) -> String {
        let id = self
            .call(
                reqwest::Method::POST,
                "/webauthn/authenticator",
                Some(json!({
                    "protocol": "ctap2", "transport": "internal",
                    "hasResidentKey": true, "hasUserVerification": true,
                    "isUserVerified": true, "automaticPresenceSimulation": true,
                })),
            )
            .await;
        id.as_str().unwrap().to_owned()
    }

    /// The credentials the virtual authenticator `id` holds.
    pub async fn virtual_credentials(&self, id: &str) -> Vec<Value> {
        let all = self
            .call(
                reqwest::Method::GET,
                &format!("/webauthn/authenticator/{id}/credentials"),
                None,
            )
            .await;
        all.as_array().cloned().unwrap_or_default()
    }

    /// Ends the browser session (and with it, Chromium).
    pub async fn quit(self) {
        let _ = self.http.delete(&self.session).send().await;
    }
}
