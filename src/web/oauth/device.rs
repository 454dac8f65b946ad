//! /device: where a user types the code a device (a TV, a CLI) shows,
//! signs in, and lets the device in (RFC 8628 §3.3).

use askama::Template;
use axum::{
    Router,
    extract::{RawQuery, State},
    http::StatusCode,
    response::{IntoResponse as _, Redirect},
    routing::get,
};

use crate::core::oauth::{DeviceRequest, display_user_code};
use crate::core::ports::DeviceApproval;
use crate::infra::i18n::Words;
use crate::web::pages::query;
use crate::web::pages::{Errors, Form, Frame, PageResult, Visit, message, render};
use crate::web::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/device", get(device_page).post(device_answer))
}

#[derive(Template)]
#[template(path = "pages/device.html")]
struct DevicePage<'a> {
    frame: Frame,
    typed: &'a Form,
    errors: &'a Errors,
    /// The request to answer, once a good code was typed.
    asking: Option<Asking>,
}

/// The question a good code brings: one message, drawn around the code
/// (shown in bold) without gluing pieces of sentences together.
struct Asking {
    code: String,
    client_name: String,
    /// The sentence's words before the code and after it.
    before: String,
    after: String,
}

/// Stands for the code while the sentence is formatted (no message holds it).
const CODE_MARK: &str = "\u{E001}";

impl Asking {
    fn new(words: &Words, request: &DeviceRequest) -> Self {
        let scopes: Vec<&str> = request
            .scopes
            .iter()
            .map(String::as_str)
            .filter(|s| *s != "openid")
            .collect();
        let sentence = match scopes.is_empty() {
            true => words.t1("login-device-asks", "code", CODE_MARK),
            false => words.t2(
                "login-device-asks-and-see",
                "code",
                CODE_MARK,
                "scopes",
                words.list(&scopes),
            ),
        };
        let (before, after) = sentence.split_once(CODE_MARK).unwrap_or((&sentence, ""));
        Self {
            code: display_user_code(&request.user_code),
            client_name: request.client.name.clone(),
            before: before.to_owned(),
            after: after.to_owned(),
        }
    }
}

/// Signed in, or off to sign in and back here with the code.
fn sign_in_first(visit: &Visit, user_code: &str) -> Option<axum::response::Response> {
    if visit.who.is_some() {
        return None;
    }
    let back = format!(
        "/device?{}",
        serde_urlencoded::to_string([("user_code", user_code)]).unwrap_or_default()
    );
    let to = serde_urlencoded::to_string([("return_to", back)]).unwrap_or_default();
    Some(Redirect::to(&format!("/login?{to}")).into_response())
}

async fn show(
    state: &AppState,
    visit: &Visit,
    status: StatusCode,
    typed: &str,
    errors: &Errors,
    asking: Option<&DeviceRequest>,
) -> PageResult {
    let frame = visit.frame(state, "login-device-title").await;
    let page = DevicePage {
        asking: asking.map(|r| Asking::new(&frame, r)),
        frame,
        typed: &Form::with(&[("user_code", typed)]),
        errors,
    };
    Ok(render(status, &page))
}

fn unknown_code(words: &Words) -> Errors {
    Errors::field_error(words, "user_code", words.t("device-code-unknown"))
}

/// GET /device, with `user_code` prefilled from the device's link.
pub async fn device_page(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let asked = query(raw);
    let typed = asked
        .get("user_code")
        .map(String::as_str)
        .unwrap_or_default();
    if let Some(to) = sign_in_first(&visit, typed) {
        return Ok(to);
    }
    if typed.is_empty() {
        return show(&state, &visit, StatusCode::OK, "", &Errors::default(), None).await;
    }
    match state.services.oauth.device_request(typed).await? {
        Some(request) => {
            show(
                &state,
                &visit,
                StatusCode::OK,
                typed,
                &Errors::default(),
                Some(&request),
            )
            .await
        }
        None => {
            show(
                &state,
                &visit,
                StatusCode::OK,
                typed,
                &unknown_code(&visit.words(&state)),
                None,
            )
            .await
        }
    }
}

/// POST /device: a typed code (then the question), or the answer.
pub async fn device_answer(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    let typed = form.get("user_code").trim().to_owned();
    if let Some(to) = sign_in_first(&visit, &typed) {
        return Ok(to);
    }
    let oauth = &state.services.oauth;
    let Some(request) = oauth.device_request(&typed).await? else {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return show(
            &state,
            &visit,
            status,
            &typed,
            &unknown_code(&visit.words(&state)),
            None,
        )
        .await;
    };
    let decision = form.get("decision");
    if decision.is_empty() {
        return show(
            &state,
            &visit,
            StatusCode::OK,
            &typed,
            &Errors::default(),
            Some(&request),
        )
        .await;
    }
    let approval = match (decision, &visit.who, &visit.signed_in) {
        ("allow", Some(who), Some((signed_in_at, amr))) => Some(DeviceApproval {
            user_id: who.user_id,
            auth_time: *signed_in_at,
            amr: amr.clone(),
        }),
        _ => None,
    };
    let approved = approval.is_some();
    if !oauth
        .answer_device(&request, approval, &visit.client)
        .await?
    {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return show(
            &state,
            &visit,
            status,
            &typed,
            &unknown_code(&visit.words(&state)),
            None,
        )
        .await;
    }
    let (heading, text) = if approved {
        ("login-device-connected-title", "login-device-connected")
    } else {
        ("login-device-refused-title", "login-device-refused")
    };
    let frame = visit.frame(&state, heading).await;
    Ok(message(
        &frame,
        StatusCode::OK,
        &frame.title,
        &frame.t(text),
        None,
    ))
}
