//! Tenants served side by side: `/t/{slug}` carries a tenant's whole
//! surface with its own issuer, keys and users, and nothing of one tenant
//! is accepted by another.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::admin::{admin, call};
use crate::helpers::{PASSWORD, TestApp, Tokens, expect_problem};

/// Creates tenant `slug` through the platform API.
pub async fn create_tenant(app: &TestApp, root: &Tokens, slug: &str) {
    let created = call(
        app,
        Method::POST,
        "/v1/admin/tenants",
        &root.access,
        Some(json!({"slug": slug, "display_name": slug.to_uppercase()})),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
}

/// Registers and signs `email` in at the tenant under `prefix` ("" for the root paths).
pub async fn sign_up(app: &TestApp, prefix: &str, email: &str) -> Tokens {
    let body = json!({"email": email, "password": PASSWORD});
    let registered = app
        .post_json(&format!("{prefix}/v1/auth/register"), body.clone())
        .await;
    assert_eq!(
        registered.status(),
        StatusCode::CREATED,
        "register at {prefix}"
    );
    let login = app
        .post_json(&format!("{prefix}/v1/auth/login"), body)
        .await;
    assert_eq!(login.status(), StatusCode::OK, "login at {prefix}");
    Tokens::from(login.json::<Value>().await.unwrap())
}

/// Signs `email` (registered already) in at the tenant under `prefix`.
pub async fn sign_in(app: &TestApp, prefix: &str, email: &str) -> Tokens {
    let login = app
        .post_json(
            &format!("{prefix}/v1/auth/login"),
            json!({"email": email, "password": PASSWORD}),
        )
        .await;
    assert_eq!(login.status(), StatusCode::OK, "login at {prefix}");
    Tokens::from(login.json::<Value>().await.unwrap())
}

/// `email` registered in tenant `slug` and made its admin by the store
/// (the invitation has its own test), signed in again with the role.
pub async fn tenant_admin(app: &TestApp, slug: &str, email: &str) -> Tokens {
    use palisade::core::ports::RoleStore as _;
    let prefix = format!("/t/{slug}");
    let first = sign_up(app, &prefix, email).await;
    let id = claims(&first.access)["sub"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let event = palisade::core::audit::NewEvent {
        action: "role.granted",
        actor_id: None,
        target_id: None,
        ip: None,
        user_agent: None,
        details: json!({}),
    };
    palisade::infra::store::SqlStore::new(app.db.clone())
        .for_tenant(slug)
        .grant(id, "admin", event, chrono::Utc::now())
        .await
        .unwrap();
    sign_in(app, &prefix, email).await
}

pub fn claims(token: &str) -> Value {
    use base64::Engine as _;
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap()
}

on_both_backends! {
    async fn one_email_in_two_tenants_is_two_users_whose_tokens_work_only_at_home(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        create_tenant(&app, &root, "acme").await;

        let at_root = sign_up(&app, "", "ada@example.com").await;
        let at_acme = sign_up(&app, "/t/acme", "ada@example.com").await;
        let home: Value = app.get_authed("/v1/users/me", &at_root.access).await.json().await.unwrap();
        let away: Value = app.get_authed("/t/acme/v1/users/me", &at_acme.access).await.json().await.unwrap();
        assert_eq!(home["email"], away["email"]);
        assert_ne!(home["id"], away["id"], "two unrelated users");

        assert_eq!(claims(&at_root.access)["iss"], app.state.config.public_url.as_str());
        assert_eq!(claims(&at_acme.access)["iss"], format!("{}/t/acme", app.state.config.public_url));
        for (path, token) in [("/v1/users/me", &at_acme.access), ("/t/acme/v1/users/me", &at_root.access)] {
            let refused = app.get_authed(path, token).await;
            assert_eq!(refused.status(), StatusCode::UNAUTHORIZED, "{path}");
        }
        // A refresh token of one tenant is unknown to the other.
        let foreign = app.post_json("/v1/auth/refresh", json!({"refresh_token": at_acme.refresh})).await;
        assert_eq!(foreign.status(), StatusCode::UNAUTHORIZED);
        let own = app.post_json("/t/acme/v1/auth/refresh", json!({"refresh_token": at_acme.refresh})).await;
        assert_eq!(own.status(), StatusCode::OK);

        // Acme's admin role is acme's: root's admin token is nothing there.
        let admin_list = app.get_authed("/t/acme/v1/admin/users", &root.access).await;
        assert_eq!(admin_list.status(), StatusCode::UNAUTHORIZED);
        // A password sign-in at acme knows only acme's users.
        let root_at_acme = app.post_json("/t/acme/v1/auth/login",
            json!({"email": "root@example.com", "password": PASSWORD})).await;
        expect_problem(root_at_acme, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
}

on_both_backends! {
    async fn a_tenant_publishes_its_own_discovery_and_keys_and_an_unknown_one_is_not_found(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        create_tenant(&app, &root, "acme").await;
        let base = app.state.config.public_url.clone();
        let discovery: Value = app.get_json("/t/acme/.well-known/openid-configuration").await;
        assert_eq!(discovery["issuer"], format!("{base}/t/acme"));
        assert_eq!(discovery["jwks_uri"], format!("{base}/t/acme/.well-known/jwks.json"));
        assert_eq!(discovery["token_endpoint"], format!("{base}/t/acme/oauth2/token"));
        let kids = |jwks: Value| -> Vec<String> {
            jwks["keys"].as_array().unwrap().iter().map(|k| k["kid"].as_str().unwrap().to_owned()).collect()
        };
        let theirs = kids(app.get_json("/t/acme/.well-known/jwks.json").await);
        let ours = kids(app.get_json("/.well-known/jwks.json").await);
        assert!(!theirs.is_empty() && theirs.iter().all(|kid| !ours.contains(kid)), "{theirs:?} {ours:?}");
        // `default` is also served under /t/default, with its own issuer.
        let default: Value = app.get_json("/t/default/.well-known/openid-configuration").await;
        assert_eq!(default["issuer"], base.as_str());

        for path in ["/t/nope/v1/users/me", "/t/nope/.well-known/jwks.json", "/t/nope/login"] {
            let missing = app.client.get(app.url(path)).send().await.unwrap();
            assert_eq!(missing.status(), StatusCode::NOT_FOUND, "{path}");
        }
        // A tenant's page redirects stay under its prefix.
        let account = app.client.get(app.url("/t/acme/account")).send().await.unwrap();
        assert_eq!(account.status(), StatusCode::SEE_OTHER);
        let location = account.headers()["location"].to_str().unwrap();
        assert!(location.starts_with("/t/acme/login"), "{location}");
    }
}

/// Rows of `tenant` in every tenant-owned table.
async fn rows_of(app: &TestApp, tenant: &str) -> Vec<(&'static str, i64)> {
    use sea_orm::{ConnectionTrait, Statement};
    let mut counts = Vec::new();
    for table in palisade::infra::store::OWNED_TABLES {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE tenant = '{tenant}'");
        let row = app
            .db
            .query_one_raw(Statement::from_string(app.db.get_database_backend(), sql))
            .await
            .unwrap()
            .unwrap();
        counts.push((*table, row.try_get_by_index::<i64>(0).unwrap()));
    }
    counts
}

on_both_backends! {
    async fn deleting_a_tenant_erases_every_row_it_owned_and_nothing_of_the_others(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        create_tenant(&app, &root, "acme").await;
        let acme = sign_up(&app, "/t/acme", "ada@example.com").await;
        sign_up(&app, "/t/acme", "bob@example.com").await;
        sign_up(&app, "", "ada@example.com").await;
        let owned = rows_of(&app, "acme").await;
        for table in ["users", "user_roles", "sessions", "refresh_tokens", "roles", "oauth_clients", "signing_keys", "audit_events", "cache_epochs"] {
            assert!(owned.iter().any(|(t, n)| *t == table && *n > 0), "acme has {table} rows: {owned:?}");
        }
        let before = rows_of(&app, "default").await;

        let refused = app.client.delete(app.url("/v1/admin/tenants/acme")).bearer_auth(&root.access)
            .json(&json!({"confirm": "acme"})).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::NO_CONTENT);

        let left: Vec<_> = rows_of(&app, "acme").await.into_iter().filter(|(_, n)| *n > 0).collect();
        assert!(left.is_empty(), "rows left behind: {left:?}");
        let after = rows_of(&app, "default").await;
        for ((table, was), (_, is)) in before.iter().zip(&after) {
            // Only the platform's audit log grows: tenant.deleted.
            let expected = if *table == "audit_events" { was + 1 } else { *was };
            assert_eq!(*is, expected, "default's {table}");
        }
        assert_eq!(app.get_authed("/t/acme/v1/users/me", &acme.access).await.status(), StatusCode::NOT_FOUND);
        let again = call(&app, Method::POST, "/v1/admin/tenants", &root.access,
            Some(json!({"slug": "acme", "display_name": "Acme again"}))).await;
        assert_eq!(again.status(), StatusCode::CREATED, "the slug is free once the erasure is done");
        // A row a deleted tenant left behind keeps its slug taken.
        use sea_orm::{ConnectionTrait, Statement};
        app.db.execute_raw(Statement::from_string(app.db.get_database_backend(),
            "INSERT INTO cache_epochs (tenant, name, value) VALUES ('ghost', 'rbac', 0)")).await.unwrap();
        let ghost = call(&app, Method::POST, "/v1/admin/tenants", &root.access,
            Some(json!({"slug": "ghost", "display_name": "Ghost"}))).await;
        expect_problem(ghost, StatusCode::CONFLICT, "tenant_exists").await;
        let fresh = app.post_json("/t/acme/v1/auth/login", json!({"email": "ada@example.com", "password": PASSWORD})).await;
        expect_problem(fresh, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
}

on_both_backends! {
    async fn a_tenants_first_admin_is_invited_by_email_and_manages_only_that_tenant(backend) {
        use crate::smtp::SmtpSink;
        let smtp = SmtpSink::start().await;
        let app = TestApp::spawn_with_smtp(backend, &smtp, |_| {}).await;
        let root = admin(&app, "root@example.com").await;
        let created = call(&app, Method::POST, "/v1/admin/tenants", &root.access, Some(json!({
            "slug": "acme", "display_name": "Acme", "admin_email": "Boss@Acme.example"}))).await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let mail = smtp.wait_for("boss@acme.example", 1).await.remove(0);
        let link = format!("{}/t/acme/reset-password?token=", app.state.config.public_url);
        assert!(mail.text().contains(&link), "{}", mail.text());
        let token = mail.token_for("t/acme/reset-password");
        let new_password = "a long new passphrase 9";
        let elsewhere = app.post_json("/v1/auth/password/reset", json!({"token": token, "new_password": new_password})).await;
        expect_problem(elsewhere, StatusCode::BAD_REQUEST, "invalid_token").await;
        let set = app.post_json("/t/acme/v1/auth/password/reset", json!({"token": token, "new_password": new_password})).await;
        assert_eq!(set.status(), StatusCode::NO_CONTENT);
        let login = app.post_json("/t/acme/v1/auth/login", json!({"email": "boss@acme.example", "password": new_password})).await;
        assert_eq!(login.status(), StatusCode::OK);
        let boss = Tokens::from(login.json::<Value>().await.unwrap());

        // Acme's admin manages acme: its users, its roles, its audit log.
        sign_up(&app, "/t/acme", "ada@example.com").await;
        sign_up(&app, "", "zed@example.com").await;
        let users: Value = app.get_authed("/t/acme/v1/admin/users", &boss.access).await.json().await.unwrap();
        let emails: Vec<&str> = users["items"].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap()).collect();
        assert_eq!(emails.len(), 2, "{users}");
        assert!(!emails.contains(&"zed@example.com") && !emails.contains(&"root@example.com"), "{emails:?}");
        let audit: Value = app.get_authed("/t/acme/v1/admin/audit", &boss.access).await.json().await.unwrap();
        assert!(!audit.to_string().contains("zed@example.com"), "{audit}");
        // But never the platform.
        let tenants = app.get_authed("/t/acme/v1/admin/tenants", &boss.access).await;
        assert_eq!(tenants.status(), StatusCode::FORBIDDEN);
        let roles: Value = app.get_authed("/t/acme/v1/admin/roles", &boss.access).await.json().await.unwrap();
        assert!(!roles.to_string().contains("tenants:"), "{roles}");
        let platform = call(&app, Method::POST, "/t/acme/v1/admin/roles", &boss.access,
            Some(json!({"name": "platform", "permissions": ["tenants:write"]}))).await;
        assert_eq!(platform.status(), StatusCode::FORBIDDEN);

        // The same address in both: a reset in acme leaves default's account alone.
        sign_up(&app, "", "ada@example.com").await;
        // Each tenant's verification email links to its own pages.
        let verifications = smtp.wait_for("ada@example.com", 2).await;
        let links: Vec<bool> = verifications.iter().map(|m| m.text().contains("/t/acme/verify-email?token=")).collect();
        assert_eq!(links.iter().filter(|acme| **acme).count(), 1, "one from acme, one from default");
        let before = 2;
        let forgot = app.post_json("/t/acme/v1/auth/password/forgot", json!({"email": "ada@example.com"})).await;
        assert_eq!(forgot.status(), StatusCode::ACCEPTED);
        let reset_mail = smtp.wait_for("ada@example.com", before + 1).await.remove(before);
        assert!(reset_mail.text().contains("/t/acme/reset-password?token="), "{}", reset_mail.text());
        let token = reset_mail.token_for("t/acme/reset-password");
        let reset = app.post_json("/t/acme/v1/auth/password/reset", json!({"token": token, "new_password": new_password})).await;
        assert_eq!(reset.status(), StatusCode::NO_CONTENT);
        let at_acme = app.post_json("/t/acme/v1/auth/login", json!({"email": "ada@example.com", "password": new_password})).await;
        assert_eq!(at_acme.status(), StatusCode::OK);
        let at_root = app.post_json("/v1/auth/login", json!({"email": "ada@example.com", "password": PASSWORD})).await;
        assert_eq!(at_root.status(), StatusCode::OK, "default's ada keeps her password");
    }
}

on_both_backends! {
    async fn a_tenants_settings_apply_to_it_alone_from_the_next_request_on(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        let created = call(&app, Method::POST, "/v1/admin/tenants", &root.access, Some(json!({
            "slug": "acme", "display_name": "Acme",
            "settings": {"allowed_email_domains": ["acme.example"], "password_min_length": 14, "access_token_ttl": 300},
        }))).await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let register = async |prefix: &str, email: &str, password: &str| {
            app.post_json(&format!("{prefix}/v1/auth/register"), json!({"email": email, "password": password})).await
        };
        let foreign = register("/t/acme", "ada@other.example", "a long passphrase 42").await;
        let problem = expect_problem(foreign, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(problem["errors"][0]["code"], "domain_not_allowed", "{problem}");
        let short = register("/t/acme", "ada@acme.example", "walrus cobalt").await;
        let problem = expect_problem(short, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert!(problem.to_string().contains("at least 14"), "{problem}");
        assert_eq!(register("/t/acme", "ada@acme.example", "a long passphrase 42").await.status(), StatusCode::CREATED);
        // The root's rules are the server's.
        assert_eq!(register("", "ada@other.example", "cobalt walrus 7").await.status(), StatusCode::CREATED);
        let login = app.post_json("/t/acme/v1/auth/login", json!({"email": "ada@acme.example", "password": "a long passphrase 42"})).await;
        let access = login.json::<Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned();
        let claims = claims(&access);
        assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 300);

        for (body, field) in [(json!({"slug": "other"}), "slug"), (json!({"admin_email": "boss@acme.example"}), "admin_email")] {
            let refused = call(&app, Method::PATCH, "/v1/admin/tenants/acme", &root.access, Some(body)).await;
            let problem = expect_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
            assert_eq!(problem["errors"][0]["field"], field, "{problem}");
        }
        let closed = call(&app, Method::PATCH, "/v1/admin/tenants/acme", &root.access,
            Some(json!({"settings": {"allow_signup": false}}))).await;
        assert_eq!(closed.status(), StatusCode::OK);
        let refused = register("/t/acme", "bob@acme.example", "a long passphrase 42").await;
        expect_problem(refused, StatusCode::FORBIDDEN, "signup_disabled").await;
        assert_eq!(register("", "bob@acme.example", "cobalt walrus 7").await.status(), StatusCode::CREATED);
    }
}

on_both_backends! {
    async fn a_tenant_made_on_another_instance_is_served_from_its_first_requests(backend) {
        use sea_orm::{ConnectionTrait, Statement};
        let app = TestApp::spawn(backend).await;
        // Written by another instance whose notice has not arrived here.
        app.db.execute_raw(Statement::from_string(app.db.get_database_backend(),
            "INSERT INTO tenants (slug, display_name, settings, created_at, updated_at) \
             VALUES ('late', 'Late', '{}', '2026-11-30 00:00:00+00:00', '2026-11-30 00:00:00+00:00')")).await.unwrap();
        let ask = || app.client.get(app.url("/t/late/.well-known/openid-configuration")).send();
        let (a, b, c, d) = tokio::join!(ask(), ask(), ask(), ask());
        for answer in [a, b, c, d] {
            assert_eq!(answer.unwrap().status(), StatusCode::OK, "every concurrent first request finds it");
        }
        let unknown = app.client.get(app.url("/t/never/.well-known/openid-configuration")).send().await.unwrap();
        assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    }
}

on_both_backends! {
    async fn a_key_rotated_in_one_tenant_reaches_its_running_server_within_seconds_and_no_other(backend) {
        use palisade::core::clock::Clock as _;
        use palisade::infra::crypto::{jws::JwtAlgorithm, keys};
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        create_tenant(&app, &root, "acme").await;
        create_tenant(&app, &root, "globex").await;
        let jwks = |path: &'static str| app.get_text(path);
        // Both tenants' applications are running.
        let globex_before = jwks("/t/globex/.well-known/jwks.json").await;
        jwks("/t/acme/.well-known/jwks.json").await;
        // Written straight to the database: no notice, so only the poll of
        // every tenant's keys can find it.
        let now = app.clock.now();
        let kid = keys::rotate("acme", &app.db, JwtAlgorithm::Es256, now, now).await.unwrap();
        crate::helpers::eventually("acme's new key", async || {
            jwks("/t/acme/.well-known/jwks.json").await.contains(&kid)
        })
        .await;
        assert_eq!(jwks("/t/globex/.well-known/jwks.json").await, globex_before);
        assert!(!jwks("/.well-known/jwks.json").await.contains(&kid));
        let acme_admin = sign_up(&app, "/t/acme", "ada@acme.example").await;
        assert_eq!(claims_header(&acme_admin.access)["kid"], kid.as_str());

        keys::revoke("acme", &app.db, JwtAlgorithm::Es256, &kid, app.clock.now()).await.unwrap();
        crate::helpers::eventually("acme's key revoked", async || {
            !jwks("/t/acme/.well-known/jwks.json").await.contains(&kid)
        })
        .await;
        let refused = app.get_authed("/t/acme/v1/users/me", &acme_admin.access).await;
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    }
}

fn claims_header(token: &str) -> Value {
    use base64::Engine as _;
    let header = token.split('.').next().unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(header)
            .unwrap(),
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tenants_api_document_names_the_tenants_own_address_as_its_server() {
    let app = TestApp::spawn(crate::helpers::Backend::Sqlite).await;
    let root = admin(&app, "root@example.com").await;
    create_tenant(&app, &root, "acme").await;
    let server = |doc: Value| doc["servers"][0]["url"].as_str().unwrap().to_owned();
    let doc: Value = app.get_json("/t/acme/openapi.json").await;
    let token_url =
        &doc["components"]["securitySchemes"]["oauth2"]["flows"]["password"]["tokenUrl"];
    assert_eq!(token_url, "/t/acme/v1/auth/token");
    let own = server(doc);
    assert!(own.ends_with("/t/acme"), "{own}");
    assert!(!server(app.get_json("/openapi.json").await).contains("/t/"));
    // The tenant's Swagger UI loads the document next to it, not default's.
    let init = app.get_text("/t/acme/docs/swagger-initializer.js").await;
    assert!(init.contains("\"../openapi.json\""));
}

on_both_backends! {
    async fn an_idle_tenant_application_is_dropped_and_rebuilt_on_its_next_request_with_nothing_lost(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        create_tenant(&app, &root, "acme").await;
        let ada = sign_up(&app, "/t/acme", "ada@acme.example").await;
        let tenancy = app.state.tenancy.clone().unwrap();
        // The tenant's creation is also heard back through the notification
        // channel (PostgreSQL), which drops the application built meanwhile:
        // let that pass, then see acme's application kept.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        crate::helpers::eventually("acme's application kept", async || {
            app.get_authed("/t/acme/v1/users/me", &ada.access).await;
            tenancy.live().len() == 2
        })
        .await;

        // Used just now: kept.
        tenancy.drop_idle(std::time::Duration::from_secs(60));
        assert_eq!(tenancy.live().len(), 2);
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        tenancy.drop_idle(std::time::Duration::ZERO);
        assert_eq!(tenancy.live().len(), 1, "only default, which is never dropped");

        // Rebuilt from the database: the session, keys and user are there.
        let me = app.get_authed("/t/acme/v1/users/me", &ada.access).await;
        assert_eq!(me.status(), StatusCode::OK);
        let refreshed = app.post_json("/t/acme/v1/auth/refresh", json!({"refresh_token": ada.refresh})).await;
        assert_eq!(refreshed.status(), StatusCode::OK);
        assert_eq!(tenancy.live().len(), 2);
    }
}
