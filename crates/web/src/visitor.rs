//! Who is asking, in which language, with which CSRF token: resolved once per
//! request into a [`RequestContext`] that handlers extract.
//!
//! HTML routes authenticate by session cookie; `/api/` routes only by
//! `Authorization: Bearer`, so a browser's cookies can never drive the API
//! (and the API needs no CSRF token).

use crate::cookies;
use crate::error::{ErrorMarker, render_error};
use crate::i18n::Lang;
use crate::state::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{ACCEPT_LANGUAGE, AUTHORIZATION, SET_COOKIE};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use civitas_service::Visitor;
use rand::RngCore;

/// Everything a handler needs to know about the request's origin.
#[derive(Clone, Debug)]
pub struct RequestContext {
    pub visitor: Visitor,
    pub lang: Lang,
    /// The token forms must echo back (double-submit, see `csrf`).
    pub csrf_token: String,
    pub request_id: String,
    /// The raw session secret, for sign-out and "end other sessions".
    pub session_token: Option<String>,
    pub is_api: bool,
    /// The path and query, for "come back here after signing in".
    pub path: String,
    /// The client's IP address, for rate limits ("unknown" in tests without a socket).
    pub client_address: String,
}

impl<S: Send + Sync> FromRequestParts<S> for RequestContext {
    type Rejection = crate::AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<RequestContext>()
            .cloned()
            .ok_or(crate::AppError::Internal("request context missing".into()))
    }
}

fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    hex::encode(buffer)
}

/// Resolves the [`RequestContext`], runs the handler, then renders any error
/// it returned in the visitor's language with the request id.
pub async fn resolve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let names = cookies::names(state.config.secure_cookies);
    let headers = request.headers();
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let is_api = request.uri().path().starts_with("/api/");
    let request_id = random_hex(8);
    let client_address = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map_or_else(|| "unknown".to_string(), |info| info.0.ip().to_string());

    let (visitor, session_token) = if is_api {
        let bearer = headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .map(str::to_string);
        match bearer {
            Some(token) => (state.civitas.token_actor(&token).await, None),
            None => (Ok(Visitor::anonymous()), None),
        }
    } else {
        match cookies::read(headers, names.session) {
            Some(token) => (state.civitas.session_actor(&token).await, Some(token)),
            None => (Ok(Visitor::anonymous()), None),
        }
    };
    let visitor = match visitor {
        Ok(visitor) => visitor,
        Err(error) => {
            tracing::error!(request_id, %error, "resolving the visitor failed");
            let lang = Lang::negotiate(None, None, None);
            return render_error(
                &state,
                lang,
                &request_id,
                is_api,
                &path,
                ErrorMarker::Unavailable,
            );
        }
    };
    let session_token = session_token.filter(|_| visitor.user.is_some());

    let lang = Lang::negotiate(
        cookies::read(headers, names.language).as_deref(),
        visitor.user.as_ref().and_then(|u| u.language.as_deref()),
        headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()),
    );
    let existing_csrf = cookies::read(headers, names.csrf)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()));
    let csrf_token = existing_csrf.clone().unwrap_or_else(|| random_hex(32));

    let context = RequestContext {
        visitor,
        lang,
        csrf_token: csrf_token.clone(),
        request_id: request_id.clone(),
        session_token,
        is_api,
        path: path.clone(),
        client_address,
    };
    request.extensions_mut().insert(context);
    let mut response = next.run(request).await;

    if let Some(marker) = response.extensions().get::<ErrorMarker>().cloned() {
        let headers_to_keep = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .cloned()
            .collect::<Vec<_>>();
        response = render_error(&state, lang, &request_id, is_api, &path, marker);
        for value in headers_to_keep {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    if !is_api && existing_csrf.is_none() {
        cookies::append(
            &mut response,
            names.csrf,
            &csrf_token,
            state.config.secure_cookies,
            None,
        );
    }
    if let Ok(value) = request_id.parse() {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}
