//! Tenants as data: the platform's administration in `default`
//! (`tenants:read`, `tenants:write`), the slug, host and settings rules,
//! and the audit trail. (Serving each tenant its own isolated surface comes
//! with the rest of issue 17.)

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::admin::{admin, call};
use crate::helpers::{TestApp, expect_problem};

on_both_backends! {
    async fn a_platform_admin_creates_changes_and_deletes_tenants_and_each_change_is_audited(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        let listed: Value = call(&app, Method::GET, "/v1/admin/tenants", &root.access, None).await.json().await.unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 1);
        assert_eq!(listed[0]["slug"], "default");

        let created = call(&app, Method::POST, "/v1/admin/tenants", &root.access, Some(json!({
            "slug": "acme", "display_name": "Acme Corp", "hosts": ["Auth.Acme.Example"],
            "settings": {"allow_signup": false, "password_min_length": 12, "default_locale": "de",
                         "allowed_email_domains": ["acme.example"], "access_token_ttl": 300, "refresh_token_ttl": 86400},
        }))).await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let created: Value = created.json().await.unwrap();
        assert_eq!(created["hosts"], json!(["auth.acme.example"]));
        assert_eq!(created["settings"]["password_min_length"], 12);
        assert!(created["settings"].get("mfa_required_roles").is_none(), "unset settings follow the server");

        let again = call(&app, Method::POST, "/v1/admin/tenants", &root.access,
            Some(json!({"slug": "acme", "display_name": "Again"}))).await;
        expect_problem(again, StatusCode::CONFLICT, "tenant_exists").await;
        let host = call(&app, Method::POST, "/v1/admin/tenants", &root.access,
            Some(json!({"slug": "globex", "display_name": "Globex", "hosts": ["auth.acme.example"]}))).await;
        expect_problem(host, StatusCode::CONFLICT, "host_taken").await;
        // Nothing of the refused tenant stays.
        let missing = call(&app, Method::GET, "/v1/admin/tenants/globex", &root.access, None).await;
        expect_problem(missing, StatusCode::NOT_FOUND, "not_found").await;

        let changed = call(&app, Method::PATCH, "/v1/admin/tenants/acme", &root.access,
            Some(json!({"display_name": "ACME", "hosts": [], "settings": {"mfa_required_roles": ["admin"]}}))).await;
        assert_eq!(changed.status(), StatusCode::OK);
        let changed: Value = changed.json().await.unwrap();
        assert_eq!((changed["slug"].clone(), changed["display_name"].clone(), changed["hosts"].clone()),
            (json!("acme"), json!("ACME"), json!([])));
        assert_eq!(changed["settings"], json!({"mfa_required_roles": ["admin"]}));
        // Its old host is free again.
        let globex = call(&app, Method::POST, "/v1/admin/tenants", &root.access,
            Some(json!({"slug": "globex", "display_name": "Globex", "hosts": ["auth.acme.example"]}))).await;
        assert_eq!(globex.status(), StatusCode::CREATED);

        let unconfirmed = call(&app, Method::DELETE, "/v1/admin/tenants/acme", &root.access, Some(json!({"confirm": "globex"}))).await;
        expect_problem(unconfirmed, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        let default = call(&app, Method::DELETE, "/v1/admin/tenants/default", &root.access, Some(json!({"confirm": "default"}))).await;
        expect_problem(default, StatusCode::CONFLICT, "default_tenant").await;
        let deleted = call(&app, Method::DELETE, "/v1/admin/tenants/acme", &root.access, Some(json!({"confirm": "acme"}))).await;
        assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
        let gone = call(&app, Method::GET, "/v1/admin/tenants/acme", &root.access, None).await;
        expect_problem(gone, StatusCode::NOT_FOUND, "not_found").await;

        let audit: Value = call(&app, Method::GET, "/v1/admin/audit?action=tenant.created", &root.access, None).await.json().await.unwrap();
        assert_eq!(audit["items"].as_array().map(Vec::len), Some(2), "{audit}");
        for action in ["tenant.updated", "tenant.deleted"] {
            let found: Value = call(&app, Method::GET, &format!("/v1/admin/audit?action={action}"), &root.access, None).await.json().await.unwrap();
            assert_eq!(found["items"].as_array().map(Vec::len), Some(1), "{action}: {found}");
        }
    }
}

on_both_backends! {
    async fn tenant_slugs_hosts_and_settings_are_checked_and_only_platform_admins_see_tenants(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        for (body, field) in [
            (json!({"slug": "A", "display_name": "x"}), "slug"),
            (json!({"slug": "ok-slug"}), "display_name"),
            (json!({"slug": "ok-slug", "display_name": "x", "hosts": ["https://a.example"]}), "hosts"),
            (json!({"slug": "ok-slug", "display_name": "x", "settings": {"default_locale": "xx"}}), "settings.default_locale"),
            (json!({"slug": "ok-slug", "display_name": "x", "settings": {"password_min_length": 4}}), "settings.password_min_length"),
            (json!({"slug": "ok-slug", "display_name": "x", "settings": {"access_token_ttl": 600, "refresh_token_ttl": 300}}), "settings.refresh_token_ttl"),
            (json!({"slug": "ok-slug", "display_name": "x", "admin_email": "not an address"}), "admin_email"),
        ] {
            let refused = call(&app, Method::POST, "/v1/admin/tenants", &root.access, Some(body.clone())).await;
            let problem = expect_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
            assert!(problem["errors"].as_array().unwrap().iter().any(|e| e["field"] == field), "{body}: {problem}");
        }
        // An unknown setting is a mistake, not something to ignore.
        let unknown = call(&app, Method::POST, "/v1/admin/tenants", &root.access,
            Some(json!({"slug": "ok-slug", "display_name": "x", "settings": {"allow_sign_up": false}}))).await;
        assert_eq!(unknown.status().as_u16() / 100, 4);

        let ada = app.register_and_login("ada@example.com").await;
        let refused = call(&app, Method::GET, "/v1/admin/tenants", &ada.access, None).await;
        expect_problem(refused, StatusCode::FORBIDDEN, "forbidden").await;
    }
}

on_both_backends! {
    async fn two_tenants_stores_keep_the_same_email_role_name_and_audit_log_apart(backend) {
        use palisade::core::audit::NewEvent;
        use palisade::core::clock::Clock as _;
        use palisade::core::model::Role;
        use palisade::core::ports::{AuditFilter, AuditStore, NewUser, RoleStore, UserStore};
        use palisade::infra::store::SqlStore;
        let app = TestApp::spawn(backend).await;
        let now = app.clock.now();
        let main = SqlStore::new(app.db.clone());
        let acme = main.for_tenant("acme");
        let new_user = || NewUser {
            id: uuid::Uuid::now_v7(), email: "ada@example.com".to_owned(),
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_owned(),
            display_name: None, email_verified: true, locale: None,
        };
        let event = |action| NewEvent { action, actor_id: None, target_id: None, ip: None, user_agent: None, details: json!({}) };
        let in_main = main.create_user(new_user(), &["user"], None, Some(event("user.registered")), now).await.unwrap();
        let in_acme = acme.create_user(new_user(), &[], None, Some(event("user.registered")), now).await.unwrap();
        assert_ne!(in_main.id, in_acme.id, "the same email in two tenants is two users");
        let again = acme.create_user(new_user(), &[], None, None, now).await;
        assert!(matches!(again, Err(palisade::core::Error::EmailTaken)), "still unique within a tenant");

        assert_eq!(main.credentials_by_email("ada@example.com").await.unwrap().unwrap().user.id, in_main.id);
        assert_eq!(acme.credentials_by_email("ada@example.com").await.unwrap().unwrap().user.id, in_acme.id);
        assert!(acme.find_user(in_main.id).await.unwrap().is_none(), "an id of another tenant finds nothing");
        assert!(main.find_account(in_acme.id).await.unwrap().is_none());

        let role = |description: &str| Role {
            name: "support".to_owned(), description: description.to_owned(), permissions: vec![], builtin: false,
        };
        main.create_role(role("main's"), event("role.created"), now).await.unwrap();
        acme.create_role(role("acme's"), event("role.created"), now).await.unwrap();
        assert_eq!(main.find_role("support").await.unwrap().unwrap().description, "main's");
        assert_eq!(acme.find_role("support").await.unwrap().unwrap().description, "acme's");
        assert!(acme.find_role("admin").await.unwrap().is_none(), "default's roles are not acme's");

        let filter = AuditFilter { user_id: None, action: Some("role.created".to_owned()) };
        let (main_log, _) = main.list_events(&filter, 1, 50).await.unwrap();
        let (acme_log, _) = acme.list_events(&filter, 1, 50).await.unwrap();
        assert_eq!((main_log.len(), acme_log.len()), (1, 1), "each tenant reads its own audit log");
    }
}

/// A stand-in identity provider on this machine that counts the requests it
/// gets: its issuer URL and the counter.
async fn counting_provider() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let hits = std::sync::Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}", listener.local_addr().unwrap());
    let router = axum::Router::new().fallback(move || {
        counted.fetch_add(1, Ordering::SeqCst);
        async { axum::http::StatusCode::NOT_FOUND }
    });
    tokio::spawn(async move { axum::serve(listener, router).await });
    (issuer, hits)
}

on_both_backends! {
    async fn a_tenants_admin_cannot_aim_the_server_at_an_address_on_its_own_network(backend) {
        use std::sync::atomic::Ordering;
        use crate::pages::Visitor;
        let app = TestApp::spawn_issuer(backend).await;
        let root = admin(&app, "root@example.com").await;
        crate::tenant_isolation::create_tenant(&app, &root, "acme").await;
        let boss = crate::tenant_isolation::tenant_admin(&app, "acme", "boss@acme.example").await;
        let (issuer, hits) = counting_provider().await;
        let provider = json!({"slug": "inside", "kind": "oidc", "display_name": "Inside",
                              "issuer": issuer, "client_id": "palisade-client-0123456789"});

        // Acme's sign-in through it stops before any request leaves.
        let added = call(&app, Method::POST, "/t/acme/v1/admin/identity-providers", &boss.access, Some(provider.clone())).await;
        assert_eq!(added.status(), StatusCode::CREATED);
        let visitor = Visitor::new(&app);
        let started = visitor.get("/t/acme/login/inside").await;
        assert_eq!(started.status, StatusCode::SERVICE_UNAVAILABLE, "{}", started.body);
        assert_eq!(hits.load(Ordering::SeqCst), 0, "acme's provider reached this machine");

        // The operator's own provider there is reached (so the count above could move).
        let added = call(&app, Method::POST, "/v1/admin/identity-providers", &root.access, Some(provider)).await;
        assert_eq!(added.status(), StatusCode::CREATED);
        visitor.get("/login/inside").await;
        assert_eq!(hits.load(Ordering::SeqCst), 1);
    }
}

on_both_backends! {
    async fn the_default_tenants_settings_are_the_servers_and_cannot_be_set_through_the_api(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        let refused = call(&app, Method::PATCH, "/v1/admin/tenants/default", &root.access,
            Some(json!({"settings": {"allow_signup": false}}))).await;
        let body = expect_problem(refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(body["errors"][0]["field"], "settings", "{body}");
        // Nothing was stored, and sign-up stays open.
        let default: Value = call(&app, Method::GET, "/v1/admin/tenants/default", &root.access, None).await.json().await.unwrap();
        assert_eq!(default["settings"], json!({}));
        let renamed = call(&app, Method::PATCH, "/v1/admin/tenants/default", &root.access,
            Some(json!({"display_name": "Main"}))).await;
        assert_eq!(renamed.status(), StatusCode::OK);
        app.register("ada@example.com").await;
    }
}
