//! The binary: subcommands, help, configuration errors, start-up.

use std::io::Write as _;
use std::process::{Command, Stdio};

use crate::helpers::{self, Backend};

fn palisade() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_palisade"));
    // Start from nothing: the caller's environment must not leak in.
    for (key, _) in std::env::vars() {
        if key.starts_with("PALISADE_") || key == "DATABASE_URL" || key == "RUST_LOG" {
            cmd.env_remove(key);
        }
    }
    cmd
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_subcommand_documents_its_flags_and_their_variables() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["admin", "create", "--help"],
        vec!["keys", "rotate", "--help"],
        vec!["keys", "revoke", "--help"],
    ] {
        let (code, out, _) = run(palisade().args(&args));
        assert_eq!(code, 0, "{args:?}");
        for variable in [
            "DATABASE_URL",
            "PALISADE_BIND",
            "PALISADE_JWT_ALG",
            "PALISADE_ACCESS_TOKEN_TTL",
        ] {
            assert!(
                out.contains(variable),
                "{args:?} --help names {variable}:\n{out}"
            );
        }
    }
    let (_, out, _) = run(palisade().args(["admin", "create", "--help"]));
    assert!(
        out.contains("--email") && out.contains("PALISADE_ADMIN_PASSWORD"),
        "{out}"
    );
}

#[test]
fn bad_configuration_stops_the_start_with_one_line_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    for (variable, value, expected) in [
        (
            "PALISADE_ACCESS_TOKEN_TTL",
            "fifteen minutes",
            "PALISADE_ACCESS_TOKEN_TTL",
        ),
        ("PALISADE_JWT_ALG", "none", "PALISADE_JWT_ALG"),
        ("PALISADE_JWT_ALG", "HS256", "PALISADE_JWT_SECRET"),
        ("PALISADE_PASSWORD_HASH", "md5", "PALISADE_PASSWORD_HASH"),
        ("PALISADE_BIND", "localhost", "PALISADE_BIND"),
        ("PALISADE_DEFAULT_LOCALE", "xx", "PALISADE_DEFAULT_LOCALE"),
        (
            "PALISADE_MESSAGES_DIR",
            "/nonexistent-messages",
            "PALISADE_MESSAGES_DIR",
        ),
        ("DATABASE_URL", "mysql://x", "DATABASE_URL"),
        ("PALISADE_DB_POOLER", "statement", "PALISADE_DB_POOLER"),
        // The default DATABASE_URL is a SQLite file: no pooler goes there.
        (
            "PALISADE_DB_POOLER",
            "transaction",
            "postgres:// DATABASE_URL",
        ),
        (
            "PALISADE_DB_SESSION_URL",
            "sqlite://x.db",
            "PALISADE_DB_SESSION_URL",
        ),
        (
            "DATABASE_URL",
            "postgres://postgres@127.0.0.1:1/nothing",
            "DATABASE_URL",
        ),
        (
            "DATABASE_URL",
            "sqlite:///proc/palisade-cannot-write-here/x.db",
            "DATABASE_URL",
        ),
    ] {
        let (code, out, err) = run(palisade()
            .current_dir(dir.path())
            .env(variable, value)
            .arg("migrate"));
        assert_ne!(code, 0, "{variable}={value}");
        assert!(out.is_empty(), "{variable}={value}: {out}");
        let lines: Vec<&str> = err
            .lines()
            .filter(|l| !l.contains(" INFO ") && !l.trim().is_empty())
            .collect();
        assert_eq!(lines.len(), 1, "{variable}={value}: one line, got:\n{err}");
        assert!(lines[0].contains(expected), "{variable}={value}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("backtrace"),
            "{err}"
        );
    }
}

#[test]
fn a_transaction_pooler_without_a_session_address_stops_the_start_naming_both() {
    let (code, _, err) = run(palisade()
        .env("DATABASE_URL", "postgres://postgres@127.0.0.1:1/nothing")
        .env("PALISADE_DB_POOLER", "transaction")
        .arg("migrate"));
    assert_ne!(code, 0);
    assert!(
        err.contains("PALISADE_DB_POOLER=transaction needs PALISADE_DB_SESSION_URL"),
        "{err}"
    );
}

#[test]
fn with_no_configuration_the_server_makes_its_sqlite_file_and_says_where_it_listens() {
    let dir = tempfile::tempdir().unwrap();
    // Only the port differs from the defaults (port 0: the server picks one
    // and says which), so the test never fights over 8080.
    let mut command = palisade();
    command.current_dir(dir.path());
    let server = crate::process::Palisade::start(command);
    let base = server.base.clone();
    assert!(
        std::net::TcpStream::connect(base.trim_start_matches("http://")).is_ok(),
        "server listens"
    );
    let out = server.kill();
    assert!(
        dir.path().join("palisade.db").exists(),
        "./palisade.db created"
    );
    assert!(
        out.contains(&format!("Palisade listening on {base}")),
        "{out}"
    );
    assert!(out.contains(&format!("{base}/docs")), "{out}");
}

fn fresh(backend: Backend) -> (String, Option<tempfile::TempDir>) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(helpers::fresh_database(backend))
}

/// The kid a `keys rotate` printed.
fn kid_in(out: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_prefix("new signing key "))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_owned()
}

fn admin_flow(backend: Backend) {
    let (url, _dir) = fresh(backend);
    let (code, out, err) = run(palisade()
        .env("DATABASE_URL", &url)
        .env("PALISADE_ADMIN_PASSWORD", helpers::PASSWORD)
        .args(["admin", "create", "--email", "Root@Example.com"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("created admin"), "{out}");

    // From standard input, for a second admin.
    let mut child = palisade()
        .env("DATABASE_URL", &url)
        .args(["admin", "create", "--email", "second@example.com"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "another fine passphrase").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // An existing user is promoted and keeps the password.
    let (code, out, err) = run(palisade().env("DATABASE_URL", &url).args([
        "admin",
        "create",
        "--email",
        "root@example.com",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("existing user"), "{out}");

    // A weak password is refused with the reason.
    let (code, _, err) = run(palisade()
        .env("DATABASE_URL", &url)
        .env("PALISADE_ADMIN_PASSWORD", "password")
        .args(["admin", "create", "--email", "weak@example.com"]));
    assert_ne!(code, 0);
    assert!(err.contains("password"), "{err}");

    // No server has run, so no key signs yet: the first rotation's signs at
    // once (waiting for the delay would leave nothing to sign with).
    let (code, out, err) = run(palisade()
        .env("DATABASE_URL", &url)
        .env("PALISADE_KEY_ACTIVATION_DELAY", "10m")
        .args(["keys", "rotate"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("signs now"), "{out}");
    let first = kid_in(&out);
    // Rotation publishes first and signs after the delay; --now at once.
    let (code, out, err) = run(palisade()
        .env("DATABASE_URL", &url)
        .env("PALISADE_KEY_ACTIVATION_DELAY", "10m")
        .args(["keys", "rotate"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("published in the JWKS now and signs from") && out.contains("10m"),
        "{out}"
    );
    let (code, out, err) = run(palisade()
        .env("DATABASE_URL", &url)
        .args(["keys", "rotate", "--now"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("signs now"), "{out}");
    let kid = kid_in(&out);
    // Revoking the key that signs gives the first its time back (the
    // delayed key has not taken over yet)…
    let (code, out, err) = run(palisade()
        .env("DATABASE_URL", &url)
        .args(["keys", "revoke", &kid]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("revoked signing key {kid}")) && !out.contains("new signing key"),
        "{out}"
    );
    // …and revoking that one too puts a new key in its place at once.
    let (code, out, err) = run(palisade()
        .env("DATABASE_URL", &url)
        .args(["keys", "revoke", &first]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("new signing key"), "{out}");
    let (code, _, err) = run(palisade()
        .env("DATABASE_URL", &url)
        .args(["keys", "revoke", &kid]));
    assert_ne!(code, 0);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no signing key"), "{err}");

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let app = helpers::TestApp::spawn_on(url.clone()).await;
        let tokens = app.login("root@example.com").await;
        let me: serde_json::Value = app
            .get_authed("/v1/users/me", &tokens.access)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(me["roles"], serde_json::json!(["admin", "user"]));
        assert_eq!(me["email_verified"], true);
    });
}

#[test]
fn admin_create_makes_or_promotes_an_admin_on_postgres() {
    admin_flow(Backend::Postgres);
}

#[test]
fn admin_create_makes_or_promotes_an_admin_on_sqlite() {
    admin_flow(Backend::Sqlite);
}

#[test]
fn several_instances_migrating_one_postgres_at_once_all_succeed() {
    let (url, _) = fresh(Backend::Postgres);
    let children: Vec<_> = (0..4)
        .map(|_| {
            palisade()
                .env("DATABASE_URL", &url)
                .arg("migrate")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// An account someone registered (unverified) with the address an operator
/// is about to make an admin, signed in.
fn registered_by_someone(url: &str, email: &str) -> helpers::Tokens {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let app = helpers::TestApp::spawn_on(url.to_owned()).await;
        app.register_and_login(email).await
    })
}

fn status_with(url: &str, access: &str) -> reqwest::StatusCode {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let app = helpers::TestApp::spawn_on(url.to_owned()).await;
        app.me_status(access).await
    })
}

#[test]
fn admin_create_refuses_to_promote_an_unverified_account_unless_told_and_then_signs_it_out() {
    let (url, _dir) = fresh(Backend::Sqlite);
    let squatter = registered_by_someone(&url, "ops@example.com");
    let (code, _, err) = run(palisade().env("DATABASE_URL", &url).args([
        "admin",
        "create",
        "--email",
        "ops@example.com",
    ]));
    assert_ne!(code, 0);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("not verified") && err.contains("--promote-existing"),
        "{err}"
    );
    assert_eq!(status_with(&url, &squatter.access), reqwest::StatusCode::OK);

    // The operator knows who registered it: promoted, and every session of
    // the account ends, so whoever was signed in must sign in again.
    let (code, out, err) = run(palisade().env("DATABASE_URL", &url).args([
        "admin",
        "create",
        "--email",
        "ops@example.com",
        "--promote-existing",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("sessions were ended"), "{out}");
    assert_eq!(
        status_with(&url, &squatter.access),
        reqwest::StatusCode::UNAUTHORIZED
    );
}

#[test]
fn keys_rotate_refuses_to_switch_the_algorithm_behind_the_servers_backs() {
    let (url, _dir) = fresh(Backend::Sqlite);
    let (code, _, err) = run(palisade().env("DATABASE_URL", &url).arg("migrate"));
    assert_eq!(code, 0, "{err}");
    // The servers sign with ES256 (created at their first start).
    let (code, _, err) = run(palisade()
        .env("DATABASE_URL", &url)
        .args(["keys", "rotate", "--now"]));
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(palisade()
        .env("DATABASE_URL", &url)
        .env("PALISADE_JWT_ALG", "EdDSA")
        .args(["keys", "rotate"]));
    assert_ne!(code, 0);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("ES256") && err.contains("EdDSA"), "{err}");
}

/// Each secret read from its `_FILE` (as Docker and Kubernetes secrets are
/// mounted), never from both places, with one line when the file is missing.
#[test]
fn secrets_can_come_from_files_but_not_from_a_file_and_a_variable_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("from-file.db");
    let url_file = dir.path().join("database_url");
    std::fs::write(&url_file, format!("sqlite://{}\n", db_path.display())).unwrap();
    let secret_file = dir.path().join("jwt_secret");
    std::fs::write(
        &secret_file,
        "a-shared-secret-of-at-least-thirty-two-bytes\n",
    )
    .unwrap();

    let (code, _, err) = run(palisade()
        .current_dir(dir.path())
        .env("DATABASE_URL_FILE", &url_file)
        .env("PALISADE_JWT_ALG", "HS256")
        .env("PALISADE_JWT_SECRET_FILE", &secret_file)
        .arg("migrate"));
    assert_eq!(code, 0, "{err}");
    assert!(db_path.exists(), "the database named in the file was used");
    assert!(
        !dir.path().join("palisade.db").exists(),
        "not the default database"
    );

    for (extra, expected) in [
        (
            vec![(
                "PALISADE_JWT_SECRET",
                "another-shared-secret-of-32-bytes-or-more",
            )],
            "PALISADE_JWT_SECRET and PALISADE_JWT_SECRET_FILE go separately",
        ),
        (
            vec![("PALISADE_JWT_SECRET_FILE", "/nonexistent/palisade/jwt")],
            "cannot read PALISADE_JWT_SECRET_FILE=/nonexistent/palisade/jwt",
        ),
    ] {
        let mut cmd = palisade();
        cmd.current_dir(dir.path())
            .env("DATABASE_URL_FILE", &url_file)
            .env("PALISADE_JWT_ALG", "HS256")
            .env("PALISADE_JWT_SECRET_FILE", &secret_file)
            .arg("migrate");
        for (key, value) in extra {
            cmd.env(key, value);
        }
        let (code, _, err) = run(&mut cmd);
        assert_ne!(code, 0, "{expected}");
        let lines: Vec<&str> = err
            .lines()
            .filter(|l| !l.contains(" INFO ") && !l.trim().is_empty())
            .collect();
        assert_eq!(lines.len(), 1, "one line, got:\n{err}");
        assert!(lines[0].contains(expected), "{err}");
        assert!(
            !err.contains("a-shared-secret") && !err.contains("another-shared"),
            "never echoes a secret: {err}"
        );
    }
}

#[test]
fn clients_create_prints_the_id_and_the_secret_once_and_refuses_bad_uris_in_one_line() {
    let (url, _dir) = fresh(Backend::Sqlite);
    let (code, out, err) = run(palisade().env("DATABASE_URL", &url).args([
        "clients",
        "create",
        "--name",
        "Shop",
        "--redirect-uri",
        "https://shop.example.com/callback",
    ]));
    assert_eq!(code, 0, "{err}");
    let value = |name: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .map(str::to_owned)
    };
    let (Some(id), Some(secret)) = (value("client_id"), value("client_secret")) else {
        panic!("id and secret printed: {out}");
    };
    assert!(secret.len() >= 43, "{out}");

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let app = helpers::TestApp::spawn_on(url.clone()).await;
        let client = app
            .services
            .clients
            .authenticate(&id, Some(&secret))
            .await
            .unwrap();
        assert_eq!(client.name, "Shop");
        assert_eq!(client.redirect_uris, ["https://shop.example.com/callback"]);
    });

    let (code, out, err) = run(palisade().env("DATABASE_URL", &url).args([
        "clients",
        "create",
        "--name",
        "Phone",
        "--public",
        "--first-party",
        "--redirect-uri",
        "com.example.phone:/cb",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("client_id: ") && !out.contains("client_secret"),
        "{out}"
    );

    let (code, _, err) = run(palisade().env("DATABASE_URL", &url).args([
        "clients",
        "create",
        "--name",
        "Bad",
        "--redirect-uri",
        "http://shop.example.com/cb",
    ]));
    assert_ne!(code, 0);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| !l.contains(" INFO ") && !l.trim().is_empty())
        .collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].contains("redirect_uris") && lines[0].contains("loopback"),
        "{err}"
    );
}

#[test]
fn providers_add_connects_a_provider_with_its_secret_from_the_environment_or_stdin() {
    let (url, _dir) = fresh(Backend::Sqlite);
    let (code, out, err) = run(palisade()
        .env("DATABASE_URL", &url)
        .env(
            "PALISADE_PROVIDER_SECRET",
            "from-the-environment-0123456789",
        )
        .args([
            "providers",
            "add",
            "--slug",
            "google",
            "--kind",
            "oidc",
            "--issuer",
            "https://accounts.google.com",
            "--client-id",
            "123.apps",
            "--display-name",
            "Google",
        ]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("provider google (oidc) connected"), "{out}");
    // The secret as one line of standard input.
    let mut child = palisade()
        .env("DATABASE_URL", &url)
        .args([
            "providers",
            "add",
            "--slug",
            "github",
            "--kind",
            "github",
            "--client-id",
            "Iv1.x",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"from-standard-input-0123456789\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let app = helpers::TestApp::spawn_on(url.clone()).await;
        let root = crate::admin::admin(&app, "root@example.com").await;
        let listed: serde_json::Value = crate::admin::call(
            &app,
            reqwest::Method::GET,
            "/v1/admin/identity-providers",
            &root.access,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
        let slugs: Vec<&str> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["slug"].as_str().unwrap())
            .collect();
        assert_eq!(slugs, ["github", "google"]);
        assert!(
            listed
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["has_client_secret"] == true)
        );
    });
    // A bad setting: one line naming it.
    let (code, _, err) = run(palisade()
        .env("DATABASE_URL", &url)
        .env("PALISADE_PROVIDER_SECRET", "x")
        .args([
            "providers",
            "add",
            "--slug",
            "acme",
            "--kind",
            "oidc",
            "--client-id",
            "x",
            "--issuer",
            "http://idp.example.com",
        ]));
    assert_ne!(code, 0);
    assert!(
        err.trim().lines().count() == 1 && err.contains("issuer"),
        "{err}"
    );
}

#[test]
fn tenants_create_makes_a_tenant_and_refuses_a_taken_slug_or_host() {
    let (url, _dir) = fresh(Backend::Sqlite);
    let create = |slug: &str, host: &str| {
        run(palisade().env("DATABASE_URL", &url).args([
            "tenants",
            "create",
            "--slug",
            slug,
            "--display-name",
            "Acme Corp",
            "--host",
            host,
        ]))
    };
    let (code, out, err) = create("acme", "auth.acme.example");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("tenant acme (Acme Corp) created"), "{out}");
    let (code, _, err) = create("acme", "other.example");
    assert_ne!(code, 0);
    assert!(err.contains("tenant"), "{err}");
    let (code, _, err) = create("globex", "AUTH.acme.example");
    assert_ne!(code, 0);
    assert!(err.to_lowercase().contains("host"), "{err}");
    let (code, _, err) = create("Not A Slug", "x.example");
    assert_ne!(code, 0);
    assert!(err.contains("slug"), "{err}");
}

/// `--tenant` takes the operator's commands into that tenant's user base,
/// clients, providers and keys, and leaves `default` alone.
fn tenant_flow(backend: Backend) {
    let (url, _dir) = fresh(backend);
    let palisade_on = || {
        let mut cmd = palisade();
        cmd.env("DATABASE_URL", &url)
            .env("PALISADE_ADMIN_PASSWORD", helpers::PASSWORD)
            .env("PALISADE_PROVIDER_SECRET", "upstream-secret");
        cmd
    };
    let ok = |args: &[&str]| {
        let (code, out, err) = run(palisade_on().args(args));
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    };
    ok(&[
        "tenants",
        "create",
        "--slug",
        "acme",
        "--display-name",
        "Acme",
    ]);
    ok(&[
        "admin",
        "create",
        "--tenant",
        "acme",
        "--email",
        "boss@acme.example",
    ]);
    let client = ok(&[
        "clients",
        "create",
        "--tenant",
        "acme",
        "--name",
        "Shop",
        "--redirect-uri",
        "https://shop.example.com/cb",
    ]);
    let client_id = client
        .lines()
        .find_map(|l| l.strip_prefix("client_id: "))
        .unwrap()
        .to_owned();
    let provider = ok(&[
        "providers",
        "add",
        "--tenant",
        "acme",
        "--slug",
        "gitlab",
        "--kind",
        "oidc",
        "--issuer",
        "https://gitlab.example.com",
        "--client-id",
        "palisade-0123456789",
    ]);
    assert!(provider.contains("/t/acme/login/gitlab"), "{provider}");
    // The commands above made no key (they sign nothing), so acme, never
    // served yet, has none that signs: the rotation's key signs at once.
    let rotated = ok(&["keys", "rotate", "--tenant", "acme"]);
    assert!(rotated.contains("signs now"), "{rotated}");
    let kid = kid_in(&rotated);
    let (code, _, err) = run(palisade_on().args([
        "admin",
        "create",
        "--tenant",
        "nowhere",
        "--email",
        "x@example.com",
    ]));
    assert_ne!(code, 0);
    assert_eq!(err.trim(), "palisade: there is no tenant nowhere", "{err}");
    let (code, _, err) = run(palisade_on().args(["keys", "revoke", "--tenant", "nowhere", &kid]));
    assert_ne!(code, 0);
    assert!(err.contains("there is no tenant nowhere"), "{err}");

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        use serde_json::Value;
        let app = helpers::TestApp::spawn_on(url.clone()).await;
        let boss = crate::tenant_isolation::sign_in(&app, "/t/acme", "boss@acme.example").await;
        let me: Value = app
            .get_authed("/t/acme/v1/users/me", &boss.access)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(me["roles"], serde_json::json!(["admin", "user"]));
        let clients: Value = app
            .get_authed("/t/acme/v1/admin/clients", &boss.access)
            .await
            .json()
            .await
            .unwrap();
        assert!(clients.to_string().contains(&client_id), "{clients}");
        let providers: Value = app
            .get_authed("/t/acme/v1/admin/identity-providers", &boss.access)
            .await
            .json()
            .await
            .unwrap();
        assert!(providers.to_string().contains("gitlab"), "{providers}");
        let issuer = crate::tenant_isolation::claims(&boss.access)["iss"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(issuer.ends_with("/t/acme"), "{issuer}");
        let acme_jwks = app.get_text("/t/acme/.well-known/jwks.json").await;
        let default_jwks = app.get_text("/.well-known/jwks.json").await;
        assert!(
            acme_jwks.contains(&kid) && !default_jwks.contains(&kid),
            "{acme_jwks}"
        );
        // Default has no such user.
        let refused = app
            .post_json(
                "/v1/auth/login",
                serde_json::json!({"email": "boss@acme.example", "password": helpers::PASSWORD}),
            )
            .await;
        assert_eq!(refused.status(), reqwest::StatusCode::UNAUTHORIZED);
    });
    let revoked = ok(&["keys", "revoke", "--tenant", "acme", &kid]);
    assert!(
        revoked.contains(&format!("revoked signing key {kid}")),
        "{revoked}"
    );
}

#[test]
fn operator_commands_act_in_the_tenant_they_name_on_postgres() {
    tenant_flow(Backend::Postgres);
}

#[test]
fn operator_commands_act_in_the_tenant_they_name_on_sqlite() {
    tenant_flow(Backend::Sqlite);
}

#[test]
fn a_broken_message_override_stops_the_start_naming_its_file_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let messages = dir.path().join("messages");
    std::fs::create_dir_all(messages.join("de")).unwrap();
    for (text, expected) in [
        (
            "login-title = Anmelden\nbroken = { $\n",
            "de/pages.ftl: syntax error at line 2",
        ),
        (
            "duration-days = ein paar Tage\n",
            "de/pages.ftl: duration-days lacks $count",
        ),
        (
            "login-title = Hallo { $name }\n",
            "de/pages.ftl: login-title uses $name",
        ),
        (
            "login-title = <b>Anmelden</b>\n",
            "de/pages.ftl: messages may not hold < or >",
        ),
    ] {
        std::fs::write(messages.join("de/pages.ftl"), text).unwrap();
        let (code, _, err) = run(palisade()
            .current_dir(dir.path())
            .env("PALISADE_MESSAGES_DIR", &messages)
            .arg("migrate"));
        assert_ne!(code, 0, "{text}");
        let lines: Vec<&str> = err
            .lines()
            .filter(|l| !l.contains(" INFO ") && !l.trim().is_empty())
            .collect();
        assert_eq!(lines.len(), 1, "one line, got:\n{err}");
        assert!(
            lines[0].contains("PALISADE_MESSAGES_DIR") && lines[0].contains(expected),
            "{text}: {err}"
        );
    }
}
