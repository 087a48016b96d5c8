//! Civitas over HTTP. [`router`] builds the whole application as an axum
//! `Router` so tests drive it with `tower::ServiceExt::oneshot`, no socket.
//!
//! Layout: `pages/` renders HTML (askama templates in `templates/`, every
//! string through [`i18n`]); `api/` serves `/api/v1` JSON, documented by
//! utoipa in the OpenAPI document; the middleware in [`security`], [`csrf`],
//! [`visitor`] and [`metrics`] wraps both. Handlers never decide who may do
//! what: they call the service, which asks the domain policy.

pub mod api;
mod cookies;
pub mod csrf;
mod error;
pub mod i18n;
pub mod metrics;
mod open311;
mod pages;
pub mod security;
mod state;
pub mod visitor;

pub use error::AppError;
pub use state::{AppState, WebConfig};

use axum::Router;
use axum::middleware::from_fn_with_state;

/// The whole application.
pub fn router(state: AppState) -> Router {
    let (api_router, openapi) = api::router().split_for_parts();
    let openapi = std::sync::Arc::new(openapi);
    Router::new()
        .merge(pages::router())
        .merge(api_router)
        .merge(open311::router())
        .route(
            "/api/v1/openapi.json",
            axum::routing::get(move || {
                let doc = openapi.clone();
                async move { axum::Json(doc.as_ref().clone()) }
            }),
        )
        .fallback(pages::not_found)
        .layer(from_fn_with_state(state.clone(), csrf::verify))
        .layer(from_fn_with_state(state.clone(), visitor::resolve))
        .layer(from_fn_with_state(state.clone(), metrics::record))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            error::panic_response,
        ))
        .layer(axum::middleware::from_fn(body_limit))
        .with_state(state)
}

/// Bodies larger than this are refused (413) before a handler reads them.
const BODY_LIMIT: usize = 2 * 1024 * 1024;
/// Evidence uploads: the service takes files up to 10 MB; the route reads
/// up to this much so that a file just over gets the form's own message.
const EVIDENCE_BODY_LIMIT: usize = 16 * 1024 * 1024;

/// `POST /cities/{slug}/assessments/{id}/evidence`, the one route allowed
/// a body above [`BODY_LIMIT`].
fn is_evidence_upload(path: &str) -> bool {
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    matches!(
        parts.as_slice(),
        ["", "cities", _, "assessments", _, "evidence"]
            | ["", "api", "v1", "assessments", _, "evidence"]
    )
}

/// The global body limit, raised for evidence uploads only: a declared
/// length above the limit is refused at once, and a body that grows past it
/// fails while it is read.
async fn body_limit(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let limit = if is_evidence_upload(request.uri().path()) {
        EVIDENCE_BODY_LIMIT
    } else if pages::is_survey_upload(request.uri().path()) {
        // Survey microdata: the route's own limit (200 MB and the form) applies.
        pages::SURVEY_BODY_LIMIT
    } else if pages::is_boundaries_upload(request.uri().path()) {
        pages::BOUNDARIES_BODY_LIMIT
    } else {
        BODY_LIMIT
    };
    let declared = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return axum::http::StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    let (parts, body) = request.into_parts();
    let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    next.run(axum::extract::Request::from_parts(parts, body))
        .await
}

/// The OpenAPI document, for tests and `civitas` subcommands.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api::router().into_openapi()
}
