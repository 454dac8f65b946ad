//! The OpenAPI document (generated from the handlers) and Swagger UI, served
//! from the binary so /docs works offline.

use utoipa::{
    Modify, OpenApi,
    openapi::security::{
        Flow, HttpAuthScheme, HttpBuilder, OAuth2, Password, Scopes, SecurityScheme,
    },
};
use utoipa_swagger_ui::SwaggerUi;

use crate::web::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Palisade",
        description = "A self-hosted authentication server: registration, password login, short-lived JWT access tokens, rotating refresh tokens and sessions.\n\nUse **Authorize** with an email and password (OAuth2 password flow) to try the authenticated endpoints. Errors are `application/problem+json` with a stable `code`."
    ),
    modifiers(&Security),
    tags(
        (name = "auth", description = "Registration, login, tokens, logout"),
        (name = "password", description = "Password reset and change, email verification"),
        (name = "users", description = "The caller's own account"),
        (name = "sessions", description = "The caller's sessions"),
        (name = "mfa", description = "The caller's second factors: authenticator app, recovery codes"),
        (name = "admin", description = "Users, roles, OAuth clients and the audit log (needs permissions)"),
        (name = "oauth", description = "OpenID Connect and OAuth 2.1: discovery, token, userinfo, revocation, introspection"),
        (name = "operations", description = "Health, readiness, metrics, public keys"),
    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "oauth2",
            SecurityScheme::OAuth2(OAuth2::new([Flow::Password(Password::new(
                "/v1/auth/token",
                Scopes::new(),
            ))])),
        );
    }
}

/// Swagger UI at /docs, the document (as `contract::conform` made it) at
/// /openapi.json.
pub fn swagger(openapi: serde_json::Value) -> axum::Router<AppState> {
    SwaggerUi::new("/docs")
        .external_url_unchecked("/openapi.json", openapi)
        .into()
}
