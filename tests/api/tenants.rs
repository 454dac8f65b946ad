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
            (json!({"slug": "ok-slug", "display_name": "x", "admin_email": "boss@acme.example"}), "admin_email"),
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
