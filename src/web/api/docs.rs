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

/// The password flow's token URL as the generated document has it.
const TOKEN_URL: &str = "\"tokenUrl\":\"/v1/auth/token\"";

/// Stands for the public URL in the document kept in memory.
const PUBLIC_URL_MARK: &str = "\"https://public-url.palisade.invalid\"";

/// The document, as `contract::conform` makes it, serialized once for the
/// process: every tenant's application serves it with its own `servers`
/// spliced in, instead of holding a copy of its own (a thousand tenants
/// held a thousand, megabytes each).
fn document(openapi: &utoipa::openapi::OpenApi) -> &'static str {
    static DOCUMENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mark = PUBLIC_URL_MARK.trim_matches('"');
        serde_json::to_string(&super::contract::conform(openapi, mark)).unwrap_or_default()
    })
}

/// Swagger UI at /docs, the document at /openapi.json with `public_url`
/// as its server. The UI loads the document relative to itself, so under
/// `/t/{slug}/docs/` it shows the tenant's.
pub fn swagger(openapi: &utoipa::openapi::OpenApi, public_url: &str) -> axum::Router<AppState> {
    let document = document(openapi);
    let server = serde_json::to_string(public_url).unwrap_or_default();
    let base_path = url::Url::parse(public_url)
        .map(|u| u.path().trim_end_matches('/').to_owned())
        .unwrap_or_default();
    let token_url = format!(
        "\"tokenUrl\":{}",
        serde_json::to_string(&format!("{base_path}/v1/auth/token")).unwrap_or_default()
    );
    let ui = SwaggerUi::new("/docs").config(utoipa_swagger_ui::Config::new(["../openapi.json"]));
    axum::Router::from(ui).route(
        "/openapi.json",
        axum::routing::get(move || {
            // The password flow's token URL under the tenant's path too:
            // Swagger UI resolves it against the host, and the bare one
            // under /t/{slug} is default's.
            let body = document
                .replacen(PUBLIC_URL_MARK, &server, 1)
                .replacen(TOKEN_URL, &token_url, 1);
            async move {
                (
                    [(axum::http::header::CONTENT_TYPE, "application/json")],
                    body,
                )
            }
        }),
    )
}
