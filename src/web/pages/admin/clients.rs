//! /admin/clients: the OAuth clients ("Apps"); registering one (its secret
//! shown on the answer, once), rotating a secret, deleting a client.

use askama::Template;
use axum::{
    extract::{Path, RawQuery, State},
    http::StatusCode,
    response::{IntoResponse as _, Redirect},
};

use super::{Allowed, admin};
use crate::core::clients::{ClientFields, OAuthClient};
use crate::core::model::Principal;
use crate::core::rbac::{ClientsRead, ClientsWrite};
use crate::web::pages::auth::query;
use crate::web::pages::{Errors, Form, Frame, PageResult, Visit, render};
use crate::web::state::AppState;

/// A client as the page lists it.
struct ClientView {
    id: String,
    name: String,
    kind: &'static str,
    /// Space-separated, as URIs are written.
    redirect_uris: String,
    grant_types: Vec<&'static str>,
    first_party: bool,
    builtin: bool,
    confidential: bool,
}

impl From<OAuthClient> for ClientView {
    fn from(c: OAuthClient) -> Self {
        Self {
            kind: c.kind.as_str(),
            confidential: c.kind == crate::core::clients::ClientKind::Confidential,
            grant_types: c.grant_types.iter().map(|g| g.as_str()).collect(),
            id: c.client_id,
            name: c.name,
            redirect_uris: c.redirect_uris.join(" "),
            first_party: c.first_party,
            builtin: c.builtin,
        }
    }
}

#[derive(Template)]
#[template(path = "pages/admin_clients.html")]
struct ClientsPage<'a> {
    frame: Frame,
    can: Allowed,
    section: &'a str,
    clients: Vec<ClientView>,
    typed: &'a Form,
    errors: &'a Errors,
    /// The message id of what the page says about the last thing done.
    notice: Option<&'static str>,
    /// A secret just made: its client and the secret, shown this once.
    secret: Option<(String, String)>,
}

/// What the page says about the last thing done on it.
struct Feedback<'a> {
    status: StatusCode,
    typed: &'a Form,
    errors: &'a Errors,
    notice: Option<&'static str>,
    secret: Option<(String, String)>,
}

impl<'a> Feedback<'a> {
    /// A page with nothing typed and no errors.
    fn plain(blank: &'a (Form, Errors), notice: Option<&'static str>) -> Self {
        Feedback {
            status: StatusCode::OK,
            typed: &blank.0,
            errors: &blank.1,
            notice,
            secret: None,
        }
    }
}

fn blank() -> (Form, Errors) {
    (Form::empty(), Errors::default())
}

async fn show(
    state: &AppState,
    visit: &Visit,
    who: &Principal,
    can: Allowed,
    feedback: Feedback<'_>,
) -> PageResult {
    let readable = state
        .services
        .permissions
        .require::<ClientsRead>(who)
        .await?;
    let clients = state.services.clients.list(&readable).await?;
    let page = ClientsPage {
        frame: visit.frame(state, "admin-clients-title").await,
        can,
        section: "clients",
        clients: clients.into_iter().map(ClientView::from).collect(),
        typed: feedback.typed,
        errors: feedback.errors,
        notice: feedback.notice,
        secret: feedback.secret,
    };
    Ok(render(feedback.status, &page))
}

pub(super) async fn clients_page(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (granted, can) = admin::<ClientsRead>(&state, &visit).await?;
    let notice = match query(raw).get("notice").map(String::as_str) {
        Some("deleted") => Some("admin-clients-deleted"),
        _ => None,
    };
    let blank = blank();
    show(
        &state,
        &visit,
        granted.who(),
        can,
        Feedback::plain(&blank, notice),
    )
    .await
}

pub(super) async fn create_client(
    State(state): State<AppState>,
    visit: Visit,
    form: Form,
) -> PageResult {
    let (granted, can) = admin::<ClientsWrite>(&state, &visit).await?;
    let lines = |name: &str| -> Vec<String> {
        form.get(name)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let grants = form.all("grant_types");
    let fields = ClientFields {
        name: Some(form.get("name").to_owned()),
        kind: Some(form.get("type").to_owned()),
        redirect_uris: Some(lines("redirect_uris")),
        post_logout_redirect_uris: Some(lines("post_logout_redirect_uris")),
        grant_types: (!grants.is_empty()).then_some(grants),
        first_party: Some(form.get("first_party") == "on"),
        ..ClientFields::default()
    };
    let created = state
        .services
        .clients
        .create(&granted, fields, &visit.client)
        .await;
    match created {
        Ok((client, secret)) => {
            let blank = blank();
            let feedback = Feedback {
                status: StatusCode::CREATED,
                secret: secret.map(|s| (client.client_id.clone(), s)),
                ..Feedback::plain(&blank, Some("admin-clients-created"))
            };
            show(&state, &visit, granted.who(), can, feedback).await
        }
        Err(err) => {
            let (status, errors) = Errors::from_error(err, "name", &visit.words(&state))?;
            let typed = form.keep(&[
                "name",
                "type",
                "redirect_uris",
                "post_logout_redirect_uris",
                "grant_types",
                "first_party",
            ]);
            let feedback = Feedback {
                status,
                typed: &typed,
                errors: &errors,
                notice: None,
                secret: None,
            };
            show(&state, &visit, granted.who(), can, feedback).await
        }
    }
}

pub(super) async fn rotate_secret(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    _: Form,
) -> PageResult {
    let (granted, can) = admin::<ClientsWrite>(&state, &visit).await?;
    let secret = state
        .services
        .clients
        .rotate_secret(&granted, &id, &visit.client)
        .await?;
    let blank = blank();
    let feedback = Feedback {
        secret: Some((id, secret)),
        ..Feedback::plain(&blank, Some("admin-clients-rotated"))
    };
    show(&state, &visit, granted.who(), can, feedback).await
}

pub(super) async fn delete_client(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    _: Form,
) -> PageResult {
    let (granted, _) = admin::<ClientsWrite>(&state, &visit).await?;
    state
        .services
        .clients
        .delete(&granted, &id, &visit.client)
        .await?;
    Ok(Redirect::to("/admin/clients?notice=deleted").into_response())
}
