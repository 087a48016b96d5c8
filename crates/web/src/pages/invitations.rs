//! Accepting an invitation from its one-time link.

use super::{Chrome, FormErrors, render, see_other};
use crate::AppError;
use crate::cookies;
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use civitas_service::ServiceError;
use civitas_service::members::InvitationPreview;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "invitation.html")]
struct InvitationPage {
    chrome: Chrome,
    preview: InvitationPreview,
    token: String,
    name: String,
    errors: FormErrors,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let preview = state.civitas.invitation_preview(&token).await?;
    render(InvitationPage {
        chrome: Chrome::new(&state, &context),
        preview,
        token,
        name: String::new(),
        errors: FormErrors::default(),
    })
}

#[derive(Deserialize)]
pub(crate) struct AcceptForm {
    #[serde(default)]
    name: String,
    password: String,
    #[serde(default)]
    confirm_password: String,
}

/// Accepts, then signs the person in straight away.
pub(crate) async fn accept(
    State(state): State<AppState>,
    context: RequestContext,
    Path(token): Path<String>,
    Form(form): Form<AcceptForm>,
) -> Result<Response, AppError> {
    match state
        .civitas
        .accept_invitation(&token, &form.name, &form.password, &form.confirm_password)
        .await
    {
        Ok(user) => {
            let address = context.client_address.clone();
            let signed_in = state
                .civitas
                .sign_in(&user.email, &form.password, &address)
                .await?;
            let names = cookies::names(state.config.secure_cookies);
            let mut response = see_other("/?notice=welcome");
            cookies::append(
                &mut response,
                names.session,
                &signed_in.session_token,
                state.config.secure_cookies,
                None,
            );
            Ok(response)
        }
        Err(ServiceError::Invalid(errors)) => {
            let preview = state.civitas.invitation_preview(&token).await?;
            let chrome = Chrome::new(&state, &context);
            let errors = FormErrors::from_fields(&chrome, &errors);
            let page = InvitationPage {
                chrome,
                preview,
                token,
                name: form.name,
                errors,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
