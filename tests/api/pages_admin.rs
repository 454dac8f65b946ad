//! The admin pages over HTTP: users (search, detail, disable, roles, delete),
//! roles and the audit log, each acting at once on sessions and permissions.

use reqwest::StatusCode;

use crate::admin::admin;
use crate::helpers::{PASSWORD, TestApp};
use crate::pages::Visitor;

async fn id_of(app: &TestApp, email: &str) -> String {
    crate::helpers::find_user_by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string()
}

on_both_backends! {
    async fn an_admin_disabling_a_user_on_the_admin_pages_ends_their_page_session(backend) {
        let app = TestApp::spawn(backend).await;
        admin(&app, "root@example.com").await;
        app.register("ada@example.com").await;
        app.register("bob@example.com").await;
        let root = Visitor::new(&app);
        root.sign_in("root@example.com", PASSWORD).await;
        let ada = Visitor::new(&app);
        ada.sign_in("ada@example.com", PASSWORD).await;
        assert_eq!(ada.get("/account").await.status, StatusCode::OK);

        // Search finds Ada and only Ada.
        let list = root.get("/admin/users?q=ADA%40").await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains("ada@example.com"));
        assert!(!list.body.contains("bob@example.com"));
        assert!(list.body.contains("1 user<"), "{}", list.body);

        let ada_id = id_of(&app, "ada@example.com").await;
        let detail = format!("/admin/users/{ada_id}");
        let page = root
            .submit(&detail, &format!("{detail}/update"), &[("action", "disable")])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert!(root.get(&detail).await.body.contains("disabled"));
        // Ada's next click finds her signed out.
        assert_eq!(ada.get("/account").await.location(), "/login");
    }
}

on_both_backends! {
    async fn roles_granted_on_the_admin_pages_open_the_admin_pages_at_the_next_click(backend) {
        let app = TestApp::spawn(backend).await;
        admin(&app, "root@example.com").await;
        app.register("ada@example.com").await;
        let root = Visitor::new(&app);
        root.sign_in("root@example.com", PASSWORD).await;
        let ada = Visitor::new(&app);
        ada.sign_in("ada@example.com", PASSWORD).await;
        assert_eq!(ada.get("/admin/audit").await.status, StatusCode::FORBIDDEN);

        let page = root
            .submit("/admin/roles", "/admin/roles", &[
                ("name", "auditor"), ("description", "Reads the log"), ("permissions", "audit:read"),
            ])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        let roles = root.get("/admin/roles").await;
        assert!(roles.body.contains("auditor") && roles.body.contains("audit:read"));
        // A bad role name is shown beside its field.
        let page = root
            .submit("/admin/roles", "/admin/roles", &[("name", "Bad Name!"), ("permissions", "nope")])
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.body.contains("id=\"name-error\"") && page.body.contains("id=\"permissions-error\""));

        let ada_id = id_of(&app, "ada@example.com").await;
        let detail = format!("/admin/users/{ada_id}");
        let page = root
            .submit(&detail, &format!("{detail}/roles"), &[("role", "auditor"), ("op", "grant")])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        let audit = ada.get(&format!("/admin/audit?user_id={ada_id}")).await;
        assert_eq!(audit.status, StatusCode::OK);
        assert!(audit.body.contains("role.granted"), "{}", audit.body);
        assert!(ada.get("/account").await.body.contains("href=\"/admin\""));
        // Users stay closed to her.
        assert_eq!(ada.get("/admin/users").await.status, StatusCode::FORBIDDEN);
        assert_eq!(ada.get("/admin").await.location(), "/admin/audit");
    }
}

on_both_backends! {
    async fn the_last_admin_cannot_be_deleted_from_the_admin_pages(backend) {
        let app = TestApp::spawn(backend).await;
        admin(&app, "root@example.com").await;
        let root = Visitor::new(&app);
        root.sign_in("root@example.com", PASSWORD).await;
        let root_id = id_of(&app, "root@example.com").await;
        let detail = format!("/admin/users/{root_id}");
        let page = root.submit(&detail, &format!("{detail}/delete"), &[]).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "unconfirmed");
        assert!(page.body.contains("id=\"confirm-error\""));
        let page = root
            .submit(&detail, &format!("{detail}/delete"), &[("confirm", "yes")])
            .await;
        assert_eq!(page.status, StatusCode::CONFLICT);
        assert!(page.body.contains("At least one enabled admin must remain."));
        assert_eq!(root.get("/account").await.status, StatusCode::OK);
    }
}

on_both_backends! {
    async fn an_admin_adds_changes_and_removes_a_sign_in_provider_on_the_providers_page(backend) {
        let app = TestApp::spawn(backend).await;
        admin(&app, "root@example.com").await;
        app.register("ada@example.com").await;
        let ada = Visitor::new(&app);
        ada.sign_in("ada@example.com", PASSWORD).await;
        assert_eq!(ada.get("/admin/providers").await.status, StatusCode::FORBIDDEN);

        let root = Visitor::new(&app);
        root.sign_in("root@example.com", PASSWORD).await;
        // The kind's rules hold here as in the API: an issuer is needed.
        let refused = root
            .submit("/admin/providers", "/admin/providers", &[
                ("kind", "oidc"), ("slug", "gitlab"), ("display_name", "GitLab"),
                ("client_id", "palisade"), ("client_secret", "s3cret-at-gitlab"),
                ("enabled", "on"), ("allow_signup", "on"),
            ])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
        let added = root
            .submit("/admin/providers", "/admin/providers", &[
                ("kind", "oidc"), ("slug", "gitlab"), ("display_name", "GitLab"),
                ("issuer", "https://gitlab.example.com"),
                ("client_id", "palisade"), ("client_secret", "s3cret-at-gitlab"),
                ("enabled", "on"), ("allow_signup", "on"),
            ])
            .await;
        assert_eq!(added.location(), "/admin/providers?notice=created");
        let page = root.get("/admin/providers").await;
        assert!(page.body.contains("/login/gitlab/callback"), "{}", page.body);
        assert!(!page.body.contains("s3cret-at-gitlab"), "the secret is never shown");
        assert!(Visitor::new(&app).get("/login").await.body.contains("Sign in with GitLab"));

        // Turned off: no button, no sign-in.
        let changed = root
            .submit("/admin/providers", "/admin/providers/gitlab/update", &[("display_name", "GitLab")])
            .await;
        assert_eq!(changed.location(), "/admin/providers?notice=updated");
        let anyone = Visitor::new(&app);
        assert!(!anyone.get("/login").await.body.contains("GitLab"));
        assert_eq!(anyone.get("/login/gitlab").await.status, StatusCode::NOT_FOUND);

        let removed = root
            .submit("/admin/providers", "/admin/providers/gitlab/delete", &[])
            .await;
        assert_eq!(removed.location(), "/admin/providers?notice=deleted");
        assert!(!root.get("/admin/providers").await.body.contains("data-provider=\"gitlab\""));
        let audit = root.get("/admin/audit").await.body;
        for action in ["provider.created", "provider.updated", "provider.deleted"] {
            assert!(audit.contains(action), "{action} is not in the audit log");
        }
    }
}

on_both_backends! {
    async fn a_platform_admin_creates_changes_and_deletes_a_tenant_on_the_tenants_page(backend) {
        let app = TestApp::spawn(backend).await;
        admin(&app, "root@example.com").await;
        app.register("ada@example.com").await;
        let ada = Visitor::new(&app);
        ada.sign_in("ada@example.com", PASSWORD).await;
        assert_eq!(ada.get("/admin/tenants").await.status, StatusCode::FORBIDDEN);

        let root = Visitor::new(&app);
        root.sign_in("root@example.com", PASSWORD).await;
        let page = root.get("/admin/tenants").await;
        assert!(page.body.contains("data-tenant=\"default\""), "{}", page.body);
        assert!(!page.body.contains("/admin/tenants/default/delete"), "default cannot be deleted");
        let bad = root
            .submit("/admin/tenants", "/admin/tenants", &[("slug", "Not A Slug"), ("display_name", "Acme")])
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let created = root
            .submit("/admin/tenants", "/admin/tenants", &[("slug", "acme"), ("display_name", "Acme"), ("hosts", "auth.acme.example")])
            .await;
        assert_eq!(created.location(), "/admin/tenants?notice=created");
        let taken = root
            .submit("/admin/tenants", "/admin/tenants", &[("slug", "acme"), ("display_name", "Acme")])
            .await;
        assert_eq!(taken.status, StatusCode::CONFLICT);
        assert!(taken.body.contains("A tenant with this slug exists."));

        let changed = root
            .submit("/admin/tenants", "/admin/tenants/acme/update", &[
                ("display_name", "Acme Corp"), ("hosts", ""), ("allow_signup", "no"),
                ("password_min_length", "12"), ("default_locale", "fr"),
            ])
            .await;
        assert_eq!(changed.location(), "/admin/tenants?notice=updated");
        let tenant = app.services.tenants.get(
            &app.services.permissions.require::<palisade::core::rbac::TenantsRead>(
                &app.services.sessions.authenticate(&app.login("root@example.com").await.access).await.unwrap()
            ).await.unwrap(),
            "acme",
        ).await.unwrap();
        assert_eq!((tenant.display_name.as_str(), tenant.hosts.len()), ("Acme Corp", 0));
        assert_eq!(tenant.settings.allow_signup, Some(false));
        assert_eq!(tenant.settings.password_min_length, Some(12));
        assert_eq!(tenant.settings.default_locale.as_deref(), Some("fr"));
        assert_eq!(tenant.settings.require_verified_email, None, "empty follows the server");

        let short = root
            .submit("/admin/tenants", "/admin/tenants/acme/update", &[("display_name", "Acme Corp"), ("password_min_length", "4")])
            .await;
        assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(short.body.contains("From 8 to 128."), "the reason is said: {}", short.body);
        let wrong = root.submit("/admin/tenants", "/admin/tenants/acme/delete", &[("confirm", "acm")]).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.body.contains("Repeat the tenant"), "{}", wrong.body);
        let deleted = root.submit("/admin/tenants", "/admin/tenants/acme/delete", &[("confirm", "acme")]).await;
        assert_eq!(deleted.location(), "/admin/tenants?notice=deleted");
        assert!(!root.get("/admin/tenants").await.body.contains("data-tenant=\"acme\""));
    }
}
