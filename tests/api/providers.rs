//! Identity providers as data: the admin API (and its permissions), the
//! rules a provider's settings meet, the client secret sealed and never
//! shown, and an audit event for every change.

use palisade::infra::store::entities::{audit_events, identity_providers};
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::admin::{admin, call};
use crate::helpers::{Backend, TestApp, expect_problem};

const SECRET: &str = "upstream-client-secret-0123456789";

fn google() -> Value {
    json!({
        "slug": "google", "kind": "oidc", "display_name": "Google",
        "issuer": "https://accounts.google.com", "client_id": "123.apps.googleusercontent.com",
        "client_secret": SECRET,
    })
}

on_both_backends! {
    async fn an_admin_connects_changes_and_removes_a_provider_whose_secret_is_never_shown(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        let created = call(&app, Method::POST, "/v1/admin/identity-providers", &root.access, Some(google())).await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let body: Value = created.json().await.unwrap();
        assert_eq!(body["has_client_secret"], true);
        assert!(body.get("client_secret").is_none(), "{body}");
        assert_eq!(body["scopes"], json!(["openid", "email", "profile"]));
        assert_eq!(body["claims"]["subject"], "sub");
        assert_eq!(body["link_by_verified_email"], true);
        assert_eq!(body["allow_signup"], true);
        assert_eq!(body["enabled"], true);
        assert_eq!(body["trust_mfa"], false);
        // Sealed at rest: the secret is not in the table.
        let row = identity_providers::Entity::find_by_id(("default".to_owned(), "google".to_owned()))
            .one(&app.db).await.unwrap().unwrap();
        assert!(!row.client_secret_sealed.clone().unwrap().contains(SECRET));
        let again = call(&app, Method::POST, "/v1/admin/identity-providers", &root.access, Some(google())).await;
        expect_problem(again, StatusCode::CONFLICT, "provider_exists").await;

        let changed = call(&app, Method::PATCH, "/v1/admin/identity-providers/google", &root.access,
            Some(json!({"display_name": "Google Workspace", "enabled": false, "trust_mfa": true}))).await;
        assert_eq!(changed.status(), StatusCode::OK);
        let changed: Value = changed.json().await.unwrap();
        assert_eq!(changed["display_name"], "Google Workspace");
        assert_eq!(changed["enabled"], false);
        assert_eq!(changed["client_id"], "123.apps.googleusercontent.com");
        let listed: Value = call(&app, Method::GET, "/v1/admin/identity-providers", &root.access, None)
            .await.json().await.unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 1);
        assert!(!listed.to_string().contains(SECRET));

        let removed = call(&app, Method::DELETE, "/v1/admin/identity-providers/google", &root.access, None).await;
        assert_eq!(removed.status(), StatusCode::NO_CONTENT);
        let gone = call(&app, Method::GET, "/v1/admin/identity-providers/google", &root.access, None).await;
        expect_problem(gone, StatusCode::NOT_FOUND, "not_found").await;
        let actions: Vec<String> = audit_events::Entity::find()
            .filter(audit_events::Column::Action.starts_with("provider."))
            .all(&app.db).await.unwrap().into_iter().map(|e| e.action).collect();
        assert_eq!(actions, ["provider.created", "provider.updated", "provider.deleted"]);
    }
}

on_both_backends! {
    async fn each_kind_gets_its_defaults_and_bad_settings_are_named(backend) {
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        let github: Value = call(&app, Method::POST, "/v1/admin/identity-providers", &root.access, Some(json!({
            "slug": "github", "kind": "github", "display_name": "GitHub",
            "client_id": "Iv1.abc", "client_secret": SECRET,
        }))).await.json().await.unwrap();
        assert_eq!(github["authorization_endpoint"], "https://github.com/login/oauth/authorize");
        assert_eq!(github["token_endpoint"], "https://github.com/login/oauth/access_token");
        assert_eq!(github["userinfo_endpoint"], "https://api.github.com/user");
        assert_eq!(github["scopes"], json!(["read:user", "user:email"]));

        let wrong = call(&app, Method::POST, "/v1/admin/identity-providers", &root.access, Some(json!({
            "slug": "Mfa!", "kind": "oauth2", "display_name": "",
            "client_id": "x", "authorization_endpoint": "http://evil.example.com/authorize",
        }))).await;
        assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = wrong.json().await.unwrap();
        let fields: Vec<&str> = problem["errors"].as_array().unwrap().iter()
            .map(|e| e["field"].as_str().unwrap()).collect();
        for field in ["slug", "display_name", "authorization_endpoint", "token_endpoint",
            "userinfo_endpoint", "client_secret"] {
            assert!(fields.contains(&field), "{field} not named in {problem}");
        }
        // A page's path is no provider's slug; an OpenID provider needs its issuer.
        let reserved = call(&app, Method::POST, "/v1/admin/identity-providers", &root.access, Some(json!({
            "slug": "mfa", "kind": "oidc", "display_name": "X", "client_id": "x",
        }))).await;
        let problem: Value = reserved.json().await.unwrap();
        let fields: Vec<&str> = problem["errors"].as_array().unwrap().iter()
            .map(|e| e["field"].as_str().unwrap()).collect();
        assert!(fields.contains(&"slug") && fields.contains(&"issuer"), "{problem}");
    }
}

#[tokio::test]
async fn managing_providers_needs_the_providers_permissions() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let ada = app.register_and_login("ada@example.com").await;
    for (method, path) in [
        (Method::GET, "/v1/admin/identity-providers"),
        (Method::POST, "/v1/admin/identity-providers"),
        (Method::PATCH, "/v1/admin/identity-providers/google"),
        (Method::DELETE, "/v1/admin/identity-providers/google"),
    ] {
        let refused = call(&app, method, path, &ada.access, Some(google())).await;
        expect_problem(refused, StatusCode::FORBIDDEN, "forbidden").await;
    }
}

on_both_backends! {
    async fn a_user_unlinks_a_provider_but_never_their_last_way_to_sign_in(backend) {
        use palisade::core::federation::NO_PASSWORD;
        use palisade::infra::store::entities::{user_identities, users};
        use sea_orm::{ActiveModelTrait as _, Set};
        let app = TestApp::spawn(backend).await;
        let root = admin(&app, "root@example.com").await;
        for (slug, kind) in [("google", "oidc"), ("github", "github")] {
            let mut body = google();
            body["slug"] = json!(slug);
            body["kind"] = json!(kind);
            body["display_name"] = json!(slug.to_uppercase());
            let created = call(&app, Method::POST, "/v1/admin/identity-providers", &root.access, Some(body)).await;
            assert_eq!(created.status(), StatusCode::CREATED);
        }
        let ada = app.register_and_login("ada@example.com").await;
        let ada_id = crate::helpers::find_user_by_email(&app.db, "ada@example.com").await.unwrap().unwrap().id;
        for slug in ["google", "github"] {
            user_identities::ActiveModel {
                tenant: Set("default".into()),
                provider: Set(slug.to_owned()),
                subject: Set(format!("ada-at-{slug}")),
                user_id: Set(ada_id),
                email: Set(Some("ada@example.com".to_owned())),
                linked_at: Set(chrono::Utc::now()),
                last_used_at: Set(None),
            }
            .insert(&app.db).await.unwrap();
        }
        let listed: Value = call(&app, Method::GET, "/v1/users/me/identities", &ada.access, None)
            .await.json().await.unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 2);
        assert_eq!(listed[0]["provider"], "google");
        assert_eq!(listed[0]["display_name"], "GOOGLE");
        assert!(listed.to_string().find("ada-at-").is_none(), "the subject is not shown: {listed}");

        // A user a provider created has no password: the last provider stays.
        users::ActiveModel { tenant: Set("default".into()), id: Set(ada_id), password_hash: Set(NO_PASSWORD.to_owned()), ..Default::default() }
            .update(&app.db).await.unwrap();
        let unlinked = call(&app, Method::DELETE, "/v1/users/me/identities/google", &ada.access, None).await;
        assert_eq!(unlinked.status(), StatusCode::NO_CONTENT);
        let last = call(&app, Method::DELETE, "/v1/users/me/identities/github", &ada.access, None).await;
        expect_problem(last, StatusCode::CONFLICT, "last_login_method").await;
        // The export lists what is linked.
        let export: Value = app.get_authed("/v1/users/me/export", &ada.access).await.json().await.unwrap();
        assert_eq!(export["linked_identities"].as_array().unwrap().len(), 1, "{export}");
        assert_eq!(export["linked_identities"][0]["subject"], "ada-at-github");
        let unknown = call(&app, Method::DELETE, "/v1/users/me/identities/google", &ada.access, None).await;
        expect_problem(unknown, StatusCode::NOT_FOUND, "not_found").await;
        // And no password matches the stored hash.
        let login = app.post_json("/v1/auth/login",
            json!({"email": "ada@example.com", "password": crate::helpers::PASSWORD})).await;
        expect_problem(login, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        let unlinks = audit_events::Entity::find()
            .filter(audit_events::Column::Action.eq("identity.unlinked"))
            .all(&app.db).await.unwrap();
        assert_eq!(unlinks.len(), 1);
    }
}
