//! /admin/tenants: the platform's tenants (in `default`, with
//! `tenants:read`); creating one, changing its name, hosts and settings,
//! deleting one (its slug typed again).

use askama::Template;
use axum::{
    extract::{Path, RawQuery, State},
    http::StatusCode,
};

use super::{Allowed, admin, after_form};
use crate::core::locale::LOCALES;
use crate::core::model::Principal;
use crate::core::ports::{Tenant, TenantSettings};
use crate::core::rbac::{TenantsRead, TenantsWrite};
use crate::core::tenants::{DEFAULT_TENANT, TenantFields};
use crate::web::pages::auth::query;
use crate::web::pages::{Errors, Form, Frame, PageResult, Visit, render};
use crate::web::state::AppState;

/// A tenant as the page shows it, its settings as the form's fields.
struct TenantView {
    slug: String,
    name: String,
    hosts: String,
    removable: bool,
    allow_signup: String,
    require_verified_email: String,
    password_min_length: String,
    default_locale: String,
    product_name: String,
    allowed_email_domains: String,
    mfa_required_roles: String,
    access_token_ttl: String,
    refresh_token_ttl: String,
}

/// A yes/no setting: `""` follows the server.
fn tri(value: Option<bool>) -> String {
    value
        .map(|v| if v { "yes" } else { "no" }.to_owned())
        .unwrap_or_default()
}

fn number<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

impl From<Tenant> for TenantView {
    fn from(t: Tenant) -> Self {
        let s = t.settings;
        Self {
            removable: t.slug != DEFAULT_TENANT,
            slug: t.slug,
            name: t.display_name,
            hosts: t.hosts.join("\n"),
            allow_signup: tri(s.allow_signup),
            require_verified_email: tri(s.require_verified_email),
            password_min_length: number(s.password_min_length),
            default_locale: s.default_locale.unwrap_or_default(),
            product_name: s.product_name.unwrap_or_default(),
            allowed_email_domains: s.allowed_email_domains.unwrap_or_default().join("\n"),
            mfa_required_roles: s.mfa_required_roles.unwrap_or_default().join(" "),
            access_token_ttl: number(s.access_token_ttl),
            refresh_token_ttl: number(s.refresh_token_ttl),
        }
    }
}

#[derive(Template)]
#[template(path = "pages/admin_tenants.html")]
struct TenantsPage<'a> {
    frame: Frame,
    can: Allowed,
    section: &'a str,
    tenants: Vec<TenantView>,
    /// The languages a tenant may speak by default: (tag, its own name).
    languages: Vec<(String, String)>,
    typed: &'a Form,
    errors: &'a Errors,
    /// The message id of what the page says about the last thing done.
    notice: Option<&'static str>,
}

async fn show(
    state: &AppState,
    visit: &Visit,
    who: &Principal,
    can: Allowed,
    feedback: (StatusCode, &Form, &Errors, Option<&'static str>),
) -> PageResult {
    let (status, typed, errors, notice) = feedback;
    let readable = state
        .services
        .permissions
        .require::<TenantsRead>(who)
        .await?;
    let tenants = state.services.tenants.list(&readable).await?;
    let frame = visit.frame(state, "admin-tenants-title").await;
    // Languages an operator added are spoken, but a tenant's default must
    // be built in (the rules refuse others).
    let languages = frame
        .languages()
        .into_iter()
        .filter(|(tag, _)| LOCALES.contains(&tag.as_str()))
        .collect();
    let page = TenantsPage {
        frame,
        can,
        section: "tenants",
        tenants: tenants.into_iter().map(TenantView::from).collect(),
        languages,
        typed,
        errors,
        notice,
    };
    Ok(render(status, &page))
}

pub(super) async fn tenants_page(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (granted, can) = admin::<TenantsRead>(&state, &visit).await?;
    let notice = match query(raw).get("notice").map(String::as_str) {
        Some("created") => Some("admin-tenants-created"),
        Some("updated") => Some("admin-tenants-updated"),
        Some("deleted") => Some("admin-tenants-deleted"),
        _ => None,
    };
    let blank = (Form::empty(), Errors::default());
    show(
        &state,
        &visit,
        granted.who(),
        can,
        (StatusCode::OK, &blank.0, &blank.1, notice),
    )
    .await
}

/// Names one per line (or space-separated).
fn list(form: &Form, name: &str) -> Vec<String> {
    form.get(name)
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// The settings as the form gives them: an empty field follows the
/// server; a number that is none is a mistake the rules report.
fn settings(form: &Form) -> TenantSettings {
    let yes_no = |name: &str| match form.get(name) {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let text = |name: &str| form.optional(name).map(str::to_owned);
    // Unreadable numbers become 0, which every range refuses.
    let number = |name: &str| form.optional(name).map(|v| v.parse().unwrap_or(0));
    let names = |name: &str| Some(list(form, name)).filter(|l| !l.is_empty());
    TenantSettings {
        allow_signup: yes_no("allow_signup"),
        require_verified_email: yes_no("require_verified_email"),
        mfa_required_roles: names("mfa_required_roles"),
        product_name: text("product_name"),
        default_locale: text("default_locale"),
        password_min_length: number("password_min_length")
            .map(|n: u64| n.min(u64::from(u32::MAX)) as u32),
        allowed_email_domains: names("allowed_email_domains"),
        access_token_ttl: number("access_token_ttl"),
        refresh_token_ttl: number("refresh_token_ttl"),
    }
}

pub(super) async fn create_tenant(
    State(state): State<AppState>,
    visit: Visit,
    form: Form,
) -> PageResult {
    let (granted, can) = admin::<TenantsWrite>(&state, &visit).await?;
    let fields = TenantFields {
        slug: Some(form.get("slug").trim().to_owned()),
        display_name: Some(form.get("display_name").to_owned()),
        hosts: Some(list(&form, "hosts")),
        settings: Some(settings(&form)),
        admin_email: Some(form.get("admin_email").trim().to_owned()).filter(|e| !e.is_empty()),
    };
    let created = state
        .services
        .tenants
        .create(&granted, fields, &visit.client)
        .await;
    let typed = form.keep(&["slug", "display_name", "hosts", "admin_email"]);
    let again = async |status, errors| {
        let feedback = (status, &typed, &errors, None);
        show(&state, &visit, granted.who(), can, feedback).await
    };
    after_form(
        &visit.words(&state),
        created,
        "/admin/tenants?notice=created",
        "slug",
        again,
    )
    .await
}

pub(super) async fn update_tenant(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    form: Form,
) -> PageResult {
    let (granted, can) = admin::<TenantsWrite>(&state, &visit).await?;
    let fields = TenantFields {
        slug: None,
        display_name: Some(form.get("display_name").to_owned()),
        hosts: Some(list(&form, "hosts")),
        settings: Some(settings(&form)),
        admin_email: None,
    };
    let changed = state
        .services
        .tenants
        .update(&granted, &slug, fields, &visit.client)
        .await;
    after_form(
        &visit.words(&state),
        changed,
        "/admin/tenants?notice=updated",
        "display_name",
        async |status, errors| {
            blank_again(&state, &visit, granted.who(), can, status, errors).await
        },
    )
    .await
}

pub(super) async fn delete_tenant(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    form: Form,
) -> PageResult {
    let (granted, can) = admin::<TenantsWrite>(&state, &visit).await?;
    let deleted = state
        .services
        .tenants
        .delete(&granted, &slug, form.optional("confirm"), &visit.client)
        .await;
    after_form(
        &visit.words(&state),
        deleted,
        "/admin/tenants?notice=deleted",
        "confirm",
        async |status, errors| {
            blank_again(&state, &visit, granted.who(), can, status, errors).await
        },
    )
    .await
}

/// The page again after a refused change of one tenant: its errors, no
/// typed fields (the tenant's own show what is stored).
async fn blank_again(
    state: &AppState,
    visit: &Visit,
    who: &Principal,
    can: Allowed,
    status: StatusCode,
    errors: Errors,
) -> PageResult {
    let errors = errors.summarized();
    show(
        state,
        visit,
        who,
        can,
        (status, &Form::empty(), &errors, None),
    )
    .await
}
