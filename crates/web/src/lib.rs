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
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            2 * 1024 * 1024,
        ))
        .with_state(state)
}

/// The OpenAPI document, for tests and `civitas` subcommands.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api::router().into_openapi()
}
