//! One's own account: password, API tokens.

use super::{Chrome, FormErrors, NoticeQuery, notice, render, see_other};
use crate::AppError;
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use civitas_domain::{Action, policy};
use civitas_service::ServiceError;
use civitas_store::ApiTokenRow;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    chrome: Chrome,
    notice: Option<String>,
    email: String,
    tokens: Vec<ApiTokenRow>,
    /// A token secret just created: shown once, never again.
    new_token: Option<String>,
    password_errors: FormErrors,
    token_errors: FormErrors,
    token_name: String,
}

impl AccountPage {
    fn empty(chrome: Chrome, email: String, tokens: Vec<ApiTokenRow>) -> AccountPage {
        AccountPage {
            chrome,
            notice: None,
            email,
            tokens,
            new_token: None,
            password_errors: FormErrors::default(),
            token_errors: FormErrors::default(),
            token_name: String::new(),
        }
    }
}

async fn page(state: &AppState, context: &RequestContext) -> Result<AccountPage, AppError> {
    policy::authorize(&context.visitor.actor, Action::ManageOwnAccount)
        .map_err(ServiceError::from)?;
    let email = context
        .visitor
        .user
        .as_ref()
        .map(|u| u.email.clone())
        .unwrap_or_default();
    let tokens = state.civitas.api_tokens(&context.visitor).await?;
    Ok(AccountPage::empty(
        Chrome::new(state, context),
        email,
        tokens,
    ))
}

pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut account = page(&state, &context).await?;
    account.notice = notice(&account.chrome, query.notice.as_deref());
    render(account)
}

#[derive(Deserialize)]
pub(crate) struct PasswordForm {
    current_password: String,
    new_password: String,
    confirm_password: String,
}

pub(crate) async fn change_password(
    State(state): State<AppState>,
    context: RequestContext,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let result = state
        .civitas
        .change_password(
            &context.visitor,
            context.session_token.as_deref(),
            &form.current_password,
            &form.new_password,
            &form.confirm_password,
        )
        .await;
    match result {
        Ok(_) => Ok(see_other("/account?notice=password-changed")),
        Err(ServiceError::Invalid(errors)) => {
            let mut account = page(&state, &context).await?;
            account.password_errors = FormErrors::from_fields(&account.chrome, &errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(account)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
pub(crate) struct TokenForm {
    name: String,
}

pub(crate) async fn create_token(
    State(state): State<AppState>,
    context: RequestContext,
    Form(form): Form<TokenForm>,
) -> Result<Response, AppError> {
    match state
        .civitas
        .create_api_token(&context.visitor, &form.name)
        .await
    {
        Ok((_, secret)) => {
            let mut account = page(&state, &context).await?;
            account.new_token = Some(secret);
            render(account)
        }
        Err(ServiceError::Invalid(errors)) => {
            let mut account = page(&state, &context).await?;
            account.token_errors = FormErrors::from_fields(&account.chrome, &errors);
            account.token_name = form.name;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(account)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    state.civitas.revoke_api_token(&context.visitor, id).await?;
    Ok(see_other("/account?notice=token-revoked"))
}
