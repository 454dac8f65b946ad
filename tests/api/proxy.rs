//! Debian's nginx, configured from deploy/nginx/palisade.conf.template,
//! terminating TLS in front of Palisade: logging in through it works, and
//! Palisade sees the real client address because, and only because, nginx is
//! a trusted proxy.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use palisade::core::ports::{AuditFilter, AuditStore as _};
use palisade::infra::store::SqlStore;
use reqwest::StatusCode;
use serde_json::json;

use crate::hardening::self_signed;
use crate::helpers::unused_port;
use crate::helpers::{Backend, PASSWORD, TestApp};
use crate::process::Group;

const NGINX: &str = "/usr/sbin/nginx";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logins_through_nginx_over_https_show_the_real_client_address() {
    assert!(
        std::path::Path::new(NGINX).exists(),
        "nginx is needed: scripts/test installs it (apt-get install nginx-light)"
    );
    let (app, dir, nginx, http_port, https_port) = behind_nginx().await;
    let cert = dir.path().join("nginx.crt");

    let _ = rustls::crypto::ring::default_provider().install_default();
    let root = reqwest::Certificate::from_pem(&std::fs::read(&cert).unwrap()).unwrap();
    // The client comes from 127.0.0.2; nginx reaches Palisade from 127.0.0.1.
    let client = crate::helpers::client_builder()
        .add_root_certificate(root)
        .local_address("127.0.0.2".parse::<std::net::IpAddr>().unwrap())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let base = format!("https://127.0.0.1:{https_port}");
    let result = async {
        let plain = client
            .get(format!("http://127.0.0.1:{http_port}/healthz"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            plain.status(),
            StatusCode::MOVED_PERMANENTLY,
            "plain HTTP only redirects"
        );

        // A forged X-Forwarded-For from the client is kept to its left and ignored.
        let register = client
            .post(format!("{base}/v1/auth/register"))
            .header("x-forwarded-for", "6.6.6.6")
            .json(&json!({"email": "ada@example.com", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(register.status(), StatusCode::CREATED);
        let login = client
            .post(format!("{base}/v1/auth/login"))
            .json(&json!({"email": "ada@example.com", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), StatusCode::OK);
        let hsts = login
            .headers()
            .get_all("strict-transport-security")
            .iter()
            .count();
        assert_eq!(hsts, 1, "one HSTS header");
        let pair: serde_json::Value = login.json().await.unwrap();
        let me = client
            .get(format!("{base}/v1/users/me"))
            .bearer_auth(pair["access_token"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(me.status(), StatusCode::OK);

        let (events, _) = SqlStore::new(app.db.clone())
            .list_events(&AuditFilter::default(), 1, 100)
            .await
            .unwrap();
        let ips: Vec<_> = events
            .iter()
            .map(|e| e.ip.clone().unwrap_or_default())
            .collect();
        assert!(
            ips.iter().all(|ip| ip == "127.0.0.2"),
            "the real client, not nginx nor the forged header: {ips:?}"
        );
        assert!(ips.len() >= 2);
    };
    let outcome = tokio::time::timeout(Duration::from_secs(60), result).await;
    drop(nginx);
    outcome.expect("finished in time");
}

/// nginx with the deployment template, in front of `upstream`: the process,
/// and its HTTP and HTTPS ports. nginx cannot report a port it picked, so
/// this picks two and tries again when another process took one meanwhile
/// (nginx then exits at once).
/// Palisade (SQLite, nginx trusted) behind nginx with a self-signed
/// certificate (`nginx.crt` in the folder): the app, the folder, nginx and
/// its HTTP and HTTPS ports.
async fn behind_nginx() -> (TestApp, tempfile::TempDir, Group, u16, u16) {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()]
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = self_signed(dir.path(), "nginx");
    let (nginx, http_port, https_port) = start_nginx(
        dir.path(),
        app.base.trim_start_matches("http://"),
        &cert,
        &key,
    )
    .await;
    (app, dir, nginx, http_port, https_port)
}

async fn start_nginx(dir: &Path, upstream: &str, cert: &Path, key: &Path) -> (Group, u16, u16) {
    let template = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/deploy/nginx/palisade.conf.template"
    ))
    .unwrap();
    let prefix = dir.display().to_string();
    for _ in 0..5 {
        let (http_port, https_port) = (unused_port(), unused_port());
        let server = template
            .replace("${PALISADE_UPSTREAM}", upstream)
            .replace("${PALISADE_SERVER_NAME}", "localhost")
            .replace("${NGINX_HTTP_PORT}", &format!("127.0.0.1:{http_port}"))
            .replace("${NGINX_HTTPS_PORT}", &format!("127.0.0.1:{https_port}"))
            .replace("${TLS_CERT}", &cert.display().to_string())
            .replace("${TLS_KEY}", &key.display().to_string());
        assert!(!server.contains("${"), "every placeholder filled");
        // The smallest nginx.conf around the server file, with every path in the temp dir.
        let conf = format!(
            "daemon off;\nmaster_process on;\nworker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n access_log off;\n client_body_temp_path {prefix}/body;\n proxy_temp_path {prefix}/proxy;\n\
             fastcgi_temp_path {prefix}/fastcgi;\n uwsgi_temp_path {prefix}/uwsgi;\n scgi_temp_path {prefix}/scgi;\n{server}\n}}\n"
        );
        std::fs::write(dir.join("nginx.conf"), conf).unwrap();
        let mut nginx = Group::spawn(
            Command::new(NGINX)
                .args(["-p", &prefix, "-c", &format!("{prefix}/nginx.conf")])
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        );
        // Up when this nginx (still running) accepts on both ports.
        for _ in 0..100 {
            if !nginx.running() {
                break;
            }
            let listening = |port| std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
            if listening(http_port) && listening(https_port) {
                return (nginx, http_port, https_port);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    panic!("nginx did not start; see {prefix}/error.log");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tenants_are_served_by_host_name_through_nginx_each_with_its_own_issuer() {
    use crate::admin::{admin, call};
    // The template's HTTPS server is the default server: every host reaches
    // it, with its Host header passed on.
    let (app, _dir, nginx, _, https_port) = behind_nginx().await;
    let root = admin(&app, "root@example.com").await;
    for slug in ["acme", "globex"] {
        let body =
            json!({"slug": slug, "display_name": slug, "hosts": [format!("auth.{slug}.example")]});
        let created = call(
            &app,
            reqwest::Method::POST,
            "/v1/admin/tenants",
            &root.access,
            Some(body),
        )
        .await;
        assert_eq!(created.status(), StatusCode::CREATED);
    }
    let _ = rustls::crypto::ring::default_provider().install_default();
    let at = std::net::SocketAddr::from(([127, 0, 0, 1], https_port));
    // The certificate names 127.0.0.1, not the tenants' hosts: TLS is not what is tested here.
    let client = crate::helpers::client_builder()
        .resolve("auth.acme.example", at)
        .resolve("auth.globex.example", at)
        .danger_accept_invalid_certs(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let result = async {
        let mut tokens = Vec::new();
        for slug in ["acme", "globex"] {
            let base = format!("https://auth.{slug}.example:{https_port}");
            let discovery: serde_json::Value = client
                .get(format!("{base}/.well-known/openid-configuration"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(discovery["issuer"], format!("https://auth.{slug}.example"));
            let body = json!({"email": "ada@example.com", "password": PASSWORD});
            let registered = client
                .post(format!("{base}/v1/auth/register"))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(registered.status(), StatusCode::CREATED, "{slug}");
            let login: serde_json::Value = client
                .post(format!("{base}/v1/auth/login"))
                .json(&body)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            tokens.push((base, login["access_token"].as_str().unwrap().to_owned()));
        }
        let me = |base: &str, token: &str| {
            client
                .get(format!("{base}/v1/users/me"))
                .bearer_auth(token)
                .send()
        };
        assert_eq!(
            me(&tokens[0].0, &tokens[0].1).await.unwrap().status(),
            StatusCode::OK
        );
        assert_eq!(
            me(&tokens[1].0, &tokens[1].1).await.unwrap().status(),
            StatusCode::OK
        );
        assert_eq!(
            me(&tokens[1].0, &tokens[0].1).await.unwrap().status(),
            StatusCode::UNAUTHORIZED,
            "acme's token at globex"
        );
        assert_eq!(
            me(&tokens[0].0, &tokens[1].1).await.unwrap().status(),
            StatusCode::UNAUTHORIZED,
            "globex's token at acme"
        );
        // A tenant's host serves that tenant alone: no other under /t/.
        for path in [
            "/t/default/.well-known/openid-configuration",
            "/t/globex/v1/users/me",
        ] {
            let other = client
                .get(format!("{}{path}", tokens[0].0))
                .send()
                .await
                .unwrap();
            assert_eq!(other.status(), StatusCode::NOT_FOUND, "{path}");
        }
        // The shared name still serves default, which knows neither user.
        let login = client
            .post(format!("https://127.0.0.1:{https_port}/v1/auth/login"))
            .json(&json!({"email": "ada@example.com", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), StatusCode::UNAUTHORIZED);
    };
    let outcome = tokio::time::timeout(Duration::from_secs(60), result).await;
    drop(nginx);
    outcome.expect("finished in time");
}
