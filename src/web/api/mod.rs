//! The JSON API under /v1 and the operational endpoints: thin handlers that
//! extract, call one service and answer with a DTO; and the OpenAPI document
//! they declare.

pub mod admin_clients;
pub mod admin_providers;
pub mod admin_roles;
pub mod admin_tenants;
pub mod admin_users;
pub mod audit;
pub mod auth;
pub mod contract;
pub mod docs;
pub mod federated;
pub mod grants;
pub mod health;
pub mod identities;
pub mod mfa;
pub mod passkeys;
pub mod password;
pub mod sessions;
pub mod users;

use axum::Router;
use utoipa::OpenApi as _;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::oauth;
use super::state::AppState;

/// The API routes and the OpenAPI document describing them.
pub fn routes() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(docs::ApiDoc::openapi())
        .routes(routes!(auth::register))
        .routes(routes!(auth::login))
        .routes(routes!(oauth::token::first_party_token))
        .routes(routes!(oauth::token::token))
        .routes(routes!(oauth::token::revoke))
        .routes(routes!(oauth::token::introspect))
        .routes(routes!(oauth::token::device_authorization))
        .routes(routes!(oauth::userinfo, oauth::userinfo_post))
        .routes(routes!(oauth::openid_configuration))
        .routes(routes!(oauth::authorization_server))
        .routes(routes!(grants::list_grants))
        .routes(routes!(grants::withdraw_grant))
        .routes(routes!(mfa::verify))
        .routes(routes!(mfa::get_factors))
        .routes(routes!(mfa::start_totp, mfa::remove_totp))
        .routes(routes!(mfa::confirm_totp))
        .routes(routes!(mfa::renew_recovery_codes))
        .routes(routes!(mfa::reset_factors))
        .routes(routes!(
            admin_providers::list_providers,
            admin_providers::create_provider
        ))
        .routes(routes!(
            admin_providers::get_provider,
            admin_providers::update_provider,
            admin_providers::delete_provider
        ))
        .routes(routes!(
            admin_tenants::list_tenants,
            admin_tenants::create_tenant
        ))
        .routes(routes!(
            admin_tenants::get_tenant,
            admin_tenants::update_tenant,
            admin_tenants::delete_tenant
        ))
        .routes(routes!(federated::start))
        .routes(routes!(federated::exchange))
        .routes(routes!(identities::list))
        .routes(routes!(identities::unlink))
        .routes(routes!(passkeys::register_start))
        .routes(routes!(passkeys::register_finish))
        .routes(routes!(passkeys::remove))
        .routes(routes!(passkeys::sign_in_start))
        .routes(routes!(passkeys::sign_in_finish))
        .routes(routes!(passkeys::step_start))
        .routes(routes!(passkeys::step_finish))
        .routes(routes!(auth::refresh))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::logout_all))
        .routes(routes!(password::forgot_password))
        .routes(routes!(password::reset_password))
        .routes(routes!(password::change_password))
        .routes(routes!(password::verify_email))
        .routes(routes!(password::resend_verification))
        .routes(routes!(users::get_me, users::update_me, users::delete_me))
        .routes(routes!(users::export_me))
        .routes(routes!(sessions::list_sessions))
        .routes(routes!(sessions::delete_session))
        .routes(routes!(admin_users::list_users))
        .routes(routes!(
            admin_users::get_user,
            admin_users::update_user,
            admin_users::delete_user
        ))
        .routes(routes!(admin_users::grant_role, admin_users::revoke_role))
        .routes(routes!(admin_roles::list_roles, admin_roles::create_role))
        .routes(routes!(admin_roles::update_role, admin_roles::delete_role))
        .routes(routes!(
            admin_clients::list_clients,
            admin_clients::create_client
        ))
        .routes(routes!(
            admin_clients::get_client,
            admin_clients::update_client,
            admin_clients::delete_client
        ))
        .routes(routes!(admin_clients::rotate_secret))
        .routes(routes!(audit::list_audit))
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(health::jwks))
        .routes(routes!(health::metrics))
        .split_for_parts()
}
