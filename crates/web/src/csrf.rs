//! Cross-site request forgery protection for every state-changing HTML route.
//!
//! Two independent checks, both required: the browser's own provenance
//! headers (`Sec-Fetch-Site`, `Origin`) must not say "another site", and the
//! form must carry the token held in our `__Host-` CSRF cookie (a
//! double-submit token: another site can neither read nor plant that
//! cookie). Urlencoded forms carry it as the `csrf` field; multipart forms,
//! whose bodies we do not buffer here, as `?csrf=` in the action URL.
//! Doing this in one middleware means no handler can forget it.

use crate::cookies;
use crate::error::ErrorMarker;
use crate::state::AppState;
use crate::visitor::RequestContext;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, HOST, ORIGIN};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;

/// The form field (and query parameter) that carries the token.
pub const FIELD: &str = "csrf";

const MAX_FORM_BYTES: usize = 1024 * 1024;

pub async fn verify(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let is_api = request.uri().path().starts_with("/api/");
    // Open311 is an API for client apps, which hold no CSRF cookie. Its
    // handlers never read the session: a post acts as an anonymous resident
    // or as the client app its `api_key` names, so a forged cross-site post
    // can do nothing its sender could not do directly, and the per-address
    // rate limits still hold it.
    let is_open311 = request.uri().path().starts_with("/open311/v2/");
    if safe || is_api || is_open311 {
        return next.run(request).await;
    }
    if !same_site(&request) {
        tracing::warn!(
            path = request.uri().path(),
            "cross-site form submission refused"
        );
        return refused();
    }
    let names = cookies::names(state.config.secure_cookies);
    let Some(expected) = cookies::read(request.headers(), names.csrf) else {
        return refused();
    };
    let from_query = request.uri().query().and_then(|q| {
        form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == FIELD)
            .map(|(_, v)| v.into_owned())
    });
    let is_urlencoded = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let (request, given) = if is_urlencoded && from_query.is_none() {
        let (parts, body) = request.into_parts();
        let Ok(collected) = http_body_util::Limited::new(body, MAX_FORM_BYTES)
            .collect()
            .await
        else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        let bytes = collected.to_bytes();
        let given = form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == FIELD)
            .map(|(_, v)| v.into_owned());
        (Request::from_parts(parts, Body::from(bytes)), given)
    } else {
        (request, from_query)
    };
    match given {
        Some(token) if constant_time_eq(token.as_bytes(), expected.as_bytes()) => {
            next.run(request).await
        }
        _ => {
            let context = request.extensions().get::<RequestContext>();
            tracing::warn!(
                request_id = context.map(|c| c.request_id.as_str()),
                "form with a missing or wrong CSRF token refused"
            );
            refused()
        }
    }
}

fn refused() -> Response {
    let mut response = StatusCode::FORBIDDEN.into_response();
    response.extensions_mut().insert(ErrorMarker::CsrfRefused);
    response
}

/// False when the browser says the request comes from another site.
fn same_site(request: &Request) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    if let Some(origin) = headers.get(ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers
            .get(HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or(origin);
        return origin != "null" && origin_host == host;
    }
    true
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
