//! HTML pages. Each file holds the pages of one area; this module holds the
//! frame every page shares ([`Chrome`]) and the small helpers they use.

mod account;
mod admin;
mod audit;
mod auth;
mod cities;
mod divide;
mod home;
mod invitations;
mod knowledge;
mod knowledge_admin;
mod kpi;
mod kpi_names;
mod members;
mod participation;
pub(crate) mod procurement;
mod strategy;

pub(crate) use divide::{
    BOUNDARIES_BODY_LIMIT, SURVEY_BODY_LIMIT, is_boundaries_upload, is_survey_upload,
};
pub(crate) use strategy::content_language;
mod system;

use crate::AppError;
use crate::i18n::{I18n, Lang, format_count, format_time};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Router;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use civitas_domain::validation::FieldError;
use civitas_service::ServiceError;
use std::collections::HashMap;
use std::sync::Arc;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/language", post(auth::set_language))
        .route("/account", get(account::show))
        .route("/account/password", post(account::change_password))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
        .route("/cities/{slug}", get(cities::show))
        .route(
            "/cities/{slug}/settings",
            get(cities::settings_form).post(cities::save_settings),
        )
        .route("/cities/{slug}/members", get(members::list))
        .route("/cities/{slug}/invitations", post(members::invite))
        .route(
            "/cities/{slug}/members/{user}/role",
            post(members::change_role),
        )
        .route(
            "/cities/{slug}/members/{user}/remove",
            get(members::confirm_remove).post(members::remove),
        )
        .route(
            "/cities/{slug}/members/{user}/disable",
            get(members::confirm_disable).post(members::disable),
        )
        .route("/cities/{slug}/audit", get(audit::city))
        .route(
            "/invitations/{token}",
            get(invitations::show).post(invitations::accept),
        )
        .route("/admin", get(admin::overview))
        .route("/admin/cities", post(admin::create_city))
        .route("/admin/users/{user}/enable", post(admin::enable_user))
        .route(
            "/admin/users/{user}/disable",
            get(admin::confirm_disable).post(admin::disable_user),
        )
        .route("/admin/audit", get(audit::platform))
        .route("/healthz", get(system::healthz))
        .route("/metrics", get(system::metrics))
        .route("/static/civitas.css", get(system::stylesheet))
        .route("/static/kpi-check.js", get(system::kpi_check_script))
        .merge(kpi::router())
        .merge(divide::router())
        .merge(strategy::router())
        .merge(participation::routes())
        .merge(procurement::router())
        .merge(knowledge::routes())
        .merge(knowledge_admin::routes())
}

pub(crate) async fn not_found() -> AppError {
    AppError::Service(ServiceError::NotFound)
}

/// The frame around every page: language, direction, navigation, the
/// signed-in person and the CSRF token forms echo back.
pub(crate) struct Chrome {
    pub lang: Lang,
    i18n: Arc<I18n>,
    pub csrf: String,
    pub user_name: Option<String>,
    pub is_platform_admin: bool,
    /// The current path, so the language switch and sign-in come back here.
    pub path: String,
}

impl Chrome {
    pub fn new(state: &AppState, context: &RequestContext) -> Chrome {
        Chrome {
            lang: context.lang,
            i18n: state.i18n.clone(),
            csrf: context.csrf_token.clone(),
            user_name: context
                .visitor
                .user
                .as_ref()
                .map(|u| u.display_name.clone()),
            is_platform_admin: context.visitor.actor.is_platform_admin(),
            path: context.path.clone(),
        }
    }

    /// For error pages rendered outside a handler: no user, no form token.
    pub fn bare(state: &AppState, lang: Lang, path: &str) -> Chrome {
        Chrome {
            lang,
            i18n: state.i18n.clone(),
            csrf: String::new(),
            user_name: None,
            is_platform_admin: false,
            path: path.to_string(),
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.i18n.text(self.lang, key)
    }

    pub fn t1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        self.i18n
            .text_with(self.lang, key, &[(name, value.to_string())])
    }

    pub fn count(&self, n: &i64) -> String {
        format_count(self.lang, *n)
    }

    pub fn time(&self, unix_seconds: &i64) -> String {
        format_time(&self.i18n, self.lang, *unix_seconds)
    }

    /// An area in km² with one decimal, in the locale's style.
    pub fn area(&self, km2: &f64) -> String {
        crate::i18n::format_decimal(self.lang, *km2, 1)
    }

    pub fn signed_in(&self) -> bool {
        self.user_name.is_some()
    }

    pub fn languages(&self) -> Vec<(&'static str, &'static str, bool)> {
        Lang::ALL
            .iter()
            .map(|l| (l.code(), l.endonym(), *l == self.lang))
            .collect()
    }

    /// The translated name of a city role.
    pub fn role_name(&self, role: &str) -> String {
        self.t(&format!("role-{role}"))
    }
}

/// Messages to show next to form fields, already translated.
#[derive(Default)]
pub(crate) struct FormErrors(HashMap<&'static str, String>);

impl FormErrors {
    pub fn from_fields(chrome: &Chrome, errors: &[FieldError]) -> FormErrors {
        FormErrors(
            errors
                .iter()
                .map(|e| (e.field, chrome.t(e.problem.message_key())))
                .collect(),
        )
    }

    pub fn one(field: &'static str, message: String) -> FormErrors {
        FormErrors(HashMap::from([(field, message)]))
    }

    pub fn get(&self, field: &str) -> Option<&String> {
        self.0.get(field)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Fields with errors in form order, for the summary at the top of a form.
    pub fn summary<T: AsRef<[&'static str]> + ?Sized>(
        &self,
        order: &T,
    ) -> Vec<(&'static str, String)> {
        order
            .as_ref()
            .iter()
            .filter_map(|f| self.0.get(f).map(|m| (*f, m.clone())))
            .collect()
    }
}

/// Renders a template into a response.
pub(crate) fn render(template: impl Template) -> Result<Response, AppError> {
    Ok(Html(template.render()?).into_response())
}

/// After a successful form: back to a page, with a notice key it may show.
pub(crate) fn see_other(path: &str) -> Response {
    Redirect::to(path).into_response()
}

/// Notices a page may show after a redirect, by key (an allow-list, so a
/// crafted link cannot make a page say anything else).
pub(crate) fn notice(chrome: &Chrome, key: Option<&str>) -> Option<String> {
    const KNOWN: &[&str] = &[
        "password-changed",
        "token-revoked",
        "role-changed",
        "member-removed",
        "user-disabled",
        "user-enabled",
        "city-saved",
        "city-created",
        "welcome",
        // KPI data entry and verification
        "assessment-created",
        "assessment-submitted",
        "assessment-settings-saved",
        "revision-opened",
        "inputs-saved",
        "category-saved",
        "note-question",
        "note-answer",
        "note-decision",
        "verification-completed",
        "assessment-returned",
        "evidence-added",
        "evidence-deleted",
    ];
    key.filter(|k| KNOWN.contains(k))
        .map(|k| chrome.t(&format!("notice-{k}")))
}

#[derive(serde::Deserialize, Default)]
pub(crate) struct NoticeQuery {
    pub notice: Option<String>,
}
