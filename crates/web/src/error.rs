//! Errors become a generic page or JSON body with a request id; the detail
//! goes to the log only (ASVS 16.5.1). Handlers return [`AppError`]; its
//! response carries an [`ErrorMarker`] that the visitor middleware renders in
//! the visitor's language, because only it knows the language and request id.

use crate::i18n::Lang;
use crate::state::AppState;
use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use civitas_domain::Denied;
use civitas_domain::validation::FieldError;
use civitas_service::kpi::EntryProblem;
use civitas_service::{FileProblem, ServiceError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error("template: {0}")]
    Template(#[from] askama::Error),
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("internal: {0}")]
    Internal(String),
}

/// What went wrong, as far as the client may know.
#[derive(Debug, Clone)]
pub enum ErrorMarker {
    NotFound,
    Unauthenticated,
    Forbidden,
    CsrfRefused,
    Invalid(Vec<FieldError>),
    InvalidEntries(Vec<EntryProblem>),
    BadFile(Vec<FileProblem>),
    BadRequest(String),
    Throttled(u64),
    Unavailable,
    /// The detail is logged with the request id, never shown.
    Internal(String),
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let marker = match self {
            AppError::Service(ServiceError::Denied(Denied::Unauthenticated)) => {
                ErrorMarker::Unauthenticated
            }
            AppError::Service(ServiceError::Denied(Denied::Forbidden)) => ErrorMarker::Forbidden,
            AppError::Service(ServiceError::NotFound | ServiceError::InvitationUsed) => {
                ErrorMarker::NotFound
            }
            AppError::Service(ServiceError::Invalid(errors)) => ErrorMarker::Invalid(errors),
            AppError::Service(ServiceError::BadCredentials) => ErrorMarker::Unauthenticated,
            AppError::Service(ServiceError::Throttled(wait)) => ErrorMarker::Throttled(wait),
            AppError::Service(ServiceError::InvalidEntries(problems)) => {
                ErrorMarker::InvalidEntries(problems)
            }
            AppError::Service(ServiceError::BadFile(problems)) => ErrorMarker::BadFile(problems),
            AppError::Service(ServiceError::Internal(what)) => {
                ErrorMarker::Internal(format!("service: {what}"))
            }
            AppError::Service(ServiceError::Store(error)) => {
                ErrorMarker::Internal(error.to_string())
            }
            AppError::Template(error) => ErrorMarker::Internal(format!("template: {error}")),
            AppError::BadRequest(reason) => ErrorMarker::BadRequest(reason),
            AppError::Internal(detail) => ErrorMarker::Internal(detail),
        };
        let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
        response.extensions_mut().insert(marker);
        response
    }
}

impl ErrorMarker {
    fn status(&self) -> StatusCode {
        match self {
            ErrorMarker::NotFound => StatusCode::NOT_FOUND,
            ErrorMarker::Unauthenticated => StatusCode::UNAUTHORIZED,
            ErrorMarker::Forbidden | ErrorMarker::CsrfRefused => StatusCode::FORBIDDEN,
            ErrorMarker::Invalid(_) | ErrorMarker::InvalidEntries(_) | ErrorMarker::BadFile(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ErrorMarker::BadRequest(_) => StatusCode::BAD_REQUEST,
            ErrorMarker::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
            ErrorMarker::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorMarker::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            ErrorMarker::NotFound => "error-page-not-found",
            ErrorMarker::Unauthenticated => "error-page-sign-in",
            ErrorMarker::Forbidden => "error-page-forbidden",
            ErrorMarker::CsrfRefused => "error-page-csrf",
            ErrorMarker::Invalid(_)
            | ErrorMarker::InvalidEntries(_)
            | ErrorMarker::BadFile(_)
            | ErrorMarker::BadRequest(_) => "error-page-invalid",
            ErrorMarker::Throttled(_) => "error-page-throttled",
            ErrorMarker::Unavailable => "error-page-unavailable",
            ErrorMarker::Internal(_) => "error-page-internal",
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    chrome: crate::pages::Chrome,
    title: String,
    message: String,
    request_id: &'a str,
    details: Vec<String>,
}

pub(crate) fn render_error(
    state: &AppState,
    lang: Lang,
    request_id: &str,
    is_api: bool,
    path: &str,
    marker: ErrorMarker,
) -> Response {
    let status = marker.status();
    match &marker {
        ErrorMarker::Internal(detail) => {
            tracing::error!(request_id, path, detail, "request failed")
        }
        ErrorMarker::Unavailable => tracing::error!(request_id, path, "database unavailable"),
        other => tracing::info!(
            request_id,
            path,
            status = status.as_u16(),
            ?other,
            "request refused"
        ),
    }
    let t = |key: &str| state.i18n.text(lang, key);
    if is_api {
        let mut body = serde_json::json!({"error": state.i18n.text(Lang::En, marker.message_key()), "request_id": request_id});
        if let ErrorMarker::Invalid(errors) = &marker {
            body["fields"] = errors
                .iter()
                .map(|e| serde_json::json!({"field": e.field, "problem": e.problem, "message": e.problem.to_string()}))
                .collect();
        }
        if let ErrorMarker::InvalidEntries(problems) = &marker {
            body["fields"] = problems
                .iter()
                .map(|p| serde_json::json!({"kpi": p.key.kpi, "data_point": p.key.data_point, "field": p.field, "problem": p.problem, "message": p.problem.to_string()}))
                .collect();
        }
        if let ErrorMarker::BadFile(problems) = &marker {
            body["problems"] = problems
                .iter()
                .map(|p| serde_json::json!({"file": p.file, "message": p.message}))
                .collect();
        }
        if let ErrorMarker::BadRequest(reason) = &marker {
            body["reason"] = serde_json::Value::String(reason.clone());
        }
        let mut response = (status, axum::Json(body)).into_response();
        add_retry_after(&mut response, &marker);
        if matches!(marker, ErrorMarker::Unauthenticated) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        return response;
    }
    if matches!(marker, ErrorMarker::Unauthenticated) {
        let next: String = form_urlencoded::byte_serialize(path.as_bytes()).collect();
        return Redirect::to(&format!("/login?next={next}")).into_response();
    }
    let details = match &marker {
        ErrorMarker::Invalid(errors) => errors
            .iter()
            .map(|e| format!("{}: {}", e.field, t(e.problem.message_key())))
            .collect(),
        ErrorMarker::InvalidEntries(problems) => problems
            .iter()
            .map(|p| {
                format!(
                    "{} ({}): {}",
                    civitas_service::kpi::entry_label(&p.key),
                    p.field,
                    t(p.problem.message_key())
                )
            })
            .collect(),
        ErrorMarker::BadFile(problems) => problems.iter().map(|p| p.to_string()).collect(),
        _ => Vec::new(),
    };
    let page = ErrorPage {
        chrome: crate::pages::Chrome::bare(state, lang, path),
        title: format!("{} – {}", status.as_u16(), t(marker.message_key())),
        message: t(&format!("{}-detail", marker.message_key())),
        request_id,
        details,
    };
    let body = page
        .render()
        .unwrap_or_else(|_| format!("Error {} (request {request_id})", status.as_u16()));
    let mut response = (status, Html(body)).into_response();
    add_retry_after(&mut response, &marker);
    response
}

fn add_retry_after(response: &mut Response, marker: &ErrorMarker) {
    if let ErrorMarker::Throttled(wait) = marker
        && let Ok(value) = HeaderValue::from_str(&wait.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
}

/// A panic in a handler becomes a plain 500 with no detail; the panic message
/// is logged.
pub(crate) fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    tracing::error!(detail, "handler panicked");
    let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    response
        .extensions_mut()
        .insert(ErrorMarker::Internal("handler panicked".into()));
    response
}
