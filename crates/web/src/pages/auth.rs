//! Signing in and out, and choosing the interface language.

use super::{Chrome, FormErrors, render, see_other};
use crate::AppError;
use crate::cookies;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use civitas_service::ServiceError;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    email: String,
    next: String,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
pub(crate) struct NextQuery {
    next: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// Only paths on this site: never `//host` or `https://…` (open redirect).
fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") {
        next.to_string()
    } else {
        "/".to_string()
    }
}

pub(crate) async fn login_form(
    State(state): State<AppState>,
    context: RequestContext,
    Query(query): Query<NextQuery>,
) -> Result<Response, AppError> {
    let chrome = Chrome::new(&state, &context);
    render(LoginPage {
        chrome,
        email: String::new(),
        next: safe_next(query.next.as_deref().unwrap_or("/")),
        errors: FormErrors::default(),
    })
}

pub(crate) async fn login(
    State(state): State<AppState>,
    context: RequestContext,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let address = context.client_address.clone();
    let next = safe_next(&form.next);
    match state
        .civitas
        .sign_in(&form.email, &form.password, &address)
        .await
    {
        Ok(signed_in) => {
            // A session the browser held before (perhaps someone else's) ends here.
            if let Some(previous) = &context.session_token {
                state.civitas.sign_out(previous).await?;
            }
            let names = cookies::names(state.config.secure_cookies);
            let mut response = see_other(&next);
            cookies::append(
                &mut response,
                names.session,
                &signed_in.session_token,
                state.config.secure_cookies,
                None,
            );
            if let Some(language) = signed_in.user.language.as_deref().and_then(Lang::parse) {
                cookies::append(
                    &mut response,
                    names.language,
                    language.code(),
                    state.config.secure_cookies,
                    Some(365 * 86_400),
                );
            }
            Ok(response)
        }
        Err(error @ (ServiceError::BadCredentials | ServiceError::Throttled(_))) => {
            let chrome = Chrome::new(&state, &context);
            let (status, message) = match error {
                ServiceError::Throttled(wait) => (
                    StatusCode::TOO_MANY_REQUESTS,
                    chrome.t1("login-throttled", "minutes", wait.div_ceil(60)),
                ),
                _ => (StatusCode::UNAUTHORIZED, chrome.t("login-failed")),
            };
            let page = LoginPage {
                chrome,
                email: form.email,
                next,
                errors: FormErrors::one("password", message),
            };
            Ok((status, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

pub(crate) async fn logout(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, AppError> {
    if let Some(token) = &context.session_token {
        state.civitas.sign_out(token).await?;
    }
    let names = cookies::names(state.config.secure_cookies);
    let mut response = see_other("/");
    cookies::append(
        &mut response,
        names.session,
        "",
        state.config.secure_cookies,
        Some(0),
    );
    Ok(response)
}

#[derive(Deserialize)]
pub(crate) struct LanguageForm {
    lang: String,
    #[serde(default)]
    next: String,
}

/// Remembers the choice in a cookie (and on the account when signed in) and
/// goes back to the page the person was on.
pub(crate) async fn set_language(
    State(state): State<AppState>,
    context: RequestContext,
    Form(form): Form<LanguageForm>,
) -> Result<Response, AppError> {
    let lang = Lang::parse(&form.lang)
        .ok_or_else(|| AppError::BadRequest("lang: expected en, fr, es or ar".into()))?;
    state
        .civitas
        .set_language(&context.visitor, lang.code())
        .await?;
    let names = cookies::names(state.config.secure_cookies);
    let mut response = see_other(&safe_next(&form.next));
    cookies::append(
        &mut response,
        names.language,
        lang.code(),
        state.config.secure_cookies,
        Some(365 * 86_400),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next("/cities/demo-city"), "/cities/demo-city");
        for hostile in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(safe_next(hostile), "/", "{hostile}");
        }
    }
}
