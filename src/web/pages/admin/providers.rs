//! /admin/providers: the identity providers people can sign in with;
//! adding one (with the redirect URI to register at the provider shown),
//! turning one on or off, changing its linking rules or client secret,
//! removing one.

use askama::Template;
use axum::{
    extract::{Path, RawQuery, State},
    http::StatusCode,
    response::{IntoResponse as _, Redirect},
};
use secrecy::SecretString;

use super::{Allowed, admin, after_form};
use crate::core::federation::ProviderFields;
use crate::core::model::Principal;
use crate::core::ports::Provider;
use crate::core::rbac::{ProvidersRead, ProvidersWrite};
use crate::web::pages::auth::query;
use crate::web::pages::{Errors, Form, Frame, PageResult, Visit, render};
use crate::web::state::AppState;

/// A provider as the page lists it.
struct ProviderView {
    slug: String,
    name: String,
    kind: &'static str,
    /// The issuer, or the authorization endpoint of a plain OAuth 2 one.
    at: String,
    client_id: String,
    /// The redirect URI to register at the provider.
    callback: String,
    enabled: bool,
    link_by_verified_email: bool,
    allow_signup: bool,
    trust_mfa: bool,
}

#[derive(Template)]
#[template(path = "pages/admin_providers.html")]
struct ProvidersPage<'a> {
    frame: Frame,
    can: Allowed,
    section: &'a str,
    providers: Vec<ProviderView>,
    typed: &'a Form,
    errors: &'a Errors,
    /// The message id of what the page says about the last thing done.
    notice: Option<&'static str>,
    /// The redirect URI a provider with the slug typed gets: the pattern.
    callback_pattern: String,
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
        .require::<ProvidersRead>(who)
        .await?;
    let federation = &state.services.federation;
    let view = |p: Provider| ProviderView {
        callback: federation.callback_uri(&p.slug),
        at: p
            .issuer
            .clone()
            .or(p.authorization_endpoint.clone())
            .unwrap_or_default(),
        kind: p.kind.as_str(),
        slug: p.slug,
        name: p.display_name,
        client_id: p.client_id,
        enabled: p.enabled,
        link_by_verified_email: p.link_by_verified_email,
        allow_signup: p.allow_signup,
        trust_mfa: p.trust_mfa,
    };
    let providers = federation.providers(&readable).await?;
    let page = ProvidersPage {
        frame: visit.frame(state, "admin-providers-title").await,
        can,
        section: "providers",
        providers: providers.into_iter().map(view).collect(),
        typed,
        errors,
        notice,
        callback_pattern: federation.callback_uri("{slug}"),
    };
    Ok(render(status, &page))
}

pub(super) async fn providers_page(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (granted, can) = admin::<ProvidersRead>(&state, &visit).await?;
    let notice = match query(raw).get("notice").map(String::as_str) {
        Some("created") => Some("admin-providers-created"),
        Some("updated") => Some("admin-providers-updated"),
        Some("deleted") => Some("admin-providers-deleted"),
        _ => None,
    };
    let blank = (Form::empty(), Errors::default());
    let feedback = (StatusCode::OK, &blank.0, &blank.1, notice);
    show(&state, &visit, granted.who(), can, feedback).await
}

/// The checkboxes and the secret, as every form of the page sends them.
fn toggles(form: &Form, fields: &mut ProviderFields) {
    fields.enabled = Some(form.get("enabled") == "on");
    fields.link_by_verified_email = Some(form.get("link_by_verified_email") == "on");
    fields.allow_signup = Some(form.get("allow_signup") == "on");
    fields.trust_mfa = Some(form.get("trust_mfa") == "on");
    let secret = form.get("client_secret");
    if !secret.is_empty() {
        fields.client_secret = Some(SecretString::from(secret.to_owned()));
    }
}

pub(super) async fn create_provider(
    State(state): State<AppState>,
    visit: Visit,
    form: Form,
) -> PageResult {
    let (granted, can) = admin::<ProvidersWrite>(&state, &visit).await?;
    let given = |name: &str| form.optional(name).map(|v| v.trim().to_owned());
    let mut fields = ProviderFields {
        slug: Some(form.get("slug").trim().to_owned()),
        kind: Some(form.get("kind").to_owned()),
        display_name: Some(form.get("display_name").trim().to_owned()),
        issuer: given("issuer"),
        client_id: Some(form.get("client_id").trim().to_owned()),
        scopes: given("scopes").map(|s| s.split_whitespace().map(str::to_owned).collect()),
        authorization_endpoint: given("authorization_endpoint"),
        token_endpoint: given("token_endpoint"),
        userinfo_endpoint: given("userinfo_endpoint"),
        ..ProviderFields::default()
    };
    toggles(&form, &mut fields);
    let created = state
        .services
        .federation
        .create_provider(&granted, fields, &visit.client)
        .await;
    let typed = form.keep(&[
        "slug",
        "kind",
        "display_name",
        "issuer",
        "client_id",
        "scopes",
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "enabled",
        "link_by_verified_email",
        "allow_signup",
        "trust_mfa",
    ]);
    let again = async |status, errors| {
        let feedback = (status, &typed, &errors, None);
        show(&state, &visit, granted.who(), can, feedback).await
    };
    after_form(
        &visit.words(&state),
        created,
        "/admin/providers?notice=created",
        "client_secret",
        again,
    )
    .await
}

pub(super) async fn update_provider(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    form: Form,
) -> PageResult {
    let (granted, can) = admin::<ProvidersWrite>(&state, &visit).await?;
    let mut fields = ProviderFields {
        display_name: Some(form.get("display_name").trim().to_owned()),
        ..ProviderFields::default()
    };
    toggles(&form, &mut fields);
    let changed = state
        .services
        .federation
        .update_provider(&granted, &slug, fields, &visit.client)
        .await;
    let blank = Form::empty();
    let again = async |status, errors| {
        let feedback = (status, &blank, &errors, None);
        show(&state, &visit, granted.who(), can, feedback).await
    };
    after_form(
        &visit.words(&state),
        changed,
        "/admin/providers?notice=updated",
        "client_secret",
        again,
    )
    .await
}

pub(super) async fn delete_provider(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    _: Form,
) -> PageResult {
    let (granted, _) = admin::<ProvidersWrite>(&state, &visit).await?;
    state
        .services
        .federation
        .delete_provider(&granted, &slug, &visit.client)
        .await?;
    Ok(Redirect::to("/admin/providers?notice=deleted").into_response())
}
