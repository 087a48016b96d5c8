//! Procurement pages, the four U4SSC stages (the rules are the service's,
//! `civitas_service::procurement`):
//!
//! * plan ([`plan`]): a city's procurements and the plan form, with the
//!   people-centred checklist as checkboxes and outcome KPIs;
//! * inform the market: the overview's notice and market-engagement forms,
//!   and the public prior-information page ([`public`], no sign-in);
//! * evaluate and award ([`evaluation`]): criteria (CSV, frozen state, a
//!   change with its reason), the AHP matrix with its consistency ratio, the
//!   price formula; bids and evaluators; an evaluator's declaration of
//!   interests and own score sheet; the consensus; the result with the
//!   ranking under each formula, exclusions, abnormally-low flags and the
//!   sensitivity table; the award; the printable evaluation report;
//! * manage delivery ([`delivery`]): milestones, obligations met or not and
//!   the outcome KPIs' movement after go-live.
//!
//! The engine's messages are English: they are shown under a translated
//! heading with `lang="en"`, as the KPI pages do.
//!
//! URLs: `/cities/{slug}/procurement` (+ `/new`) · `/procurement/{id}` (+
//! `/plan`, `/stage`, `/notice`, `/engagements`) · `/procurement/{id}/criteria`
//! (+ `/ahp`, `/freeze`) · `/procurement/{id}/bids` (+ `/evaluators`,
//! `/scores`, `/consensus`, `/award`) · `/procurement/{id}/declaration` ·
//! `/procurement/{id}/report` (+ `.pdf`) · `/procurement/{id}/delivery` (+ `/milestones`,
//! `/milestones/{m}`, `/obligations/{r}`, `/go-live`) ·
//! `/cities/{slug}/tenders` and `/cities/{slug}/tenders/{id}` (public).

mod delivery;
mod evaluation;
mod plan;
mod public;
mod report_pdf;

use crate::AppError;
use crate::i18n::{Lang, format_count, format_decimal};
use crate::pages::kpi_names::{kpi_catalogue, kpi_name};
use crate::pages::{Chrome, FormErrors};
use crate::state::AppState;
use axum::Router;
use civitas_service::{FileProblem, ServiceError};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .merge(plan::routes())
        .merge(evaluation::routes())
        .merge(delivery::routes())
        .merge(public::routes())
}

/// A number with up to two decimals, grouped per locale ("84.33", "84,33").
pub(crate) fn number(lang: Lang, value: f64) -> String {
    if value.fract().abs() < 1e-9 && value.abs() < 1e15 {
        format_count(lang, value.round() as i64)
    } else {
        format_decimal(lang, value, 2)
    }
}

/// What went wrong with a form: messages beside fields, and the engine's own
/// (English) problems shown under a translated heading.
#[derive(Default)]
pub(crate) struct Problems {
    pub errors: FormErrors,
    pub engine: Vec<FileProblem>,
}

impl Problems {
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty() && self.engine.is_empty()
    }

    /// The service's refusal as problems to show, or the error to raise
    /// (not found, denied …).
    pub fn from_error(chrome: &Chrome, error: ServiceError) -> Result<Problems, AppError> {
        match error {
            ServiceError::Invalid(errors) => Ok(Problems {
                errors: FormErrors::from_fields(chrome, &errors),
                engine: Vec::new(),
            }),
            ServiceError::BadFile(engine) => Ok(Problems {
                errors: FormErrors::default(),
                engine,
            }),
            other => Err(other.into()),
        }
    }
}

/// Notices these pages show after a redirect (an allow-list).
pub(crate) fn notice(chrome: &Chrome, key: Option<&str>) -> Option<String> {
    const KNOWN: &[&str] = &[
        "created",
        "plan-saved",
        "stage-advanced",
        "notice-saved",
        "engagement-added",
        "criteria-saved",
        "ahp-applied",
        "criteria-frozen",
        "bid-added",
        "evaluator-assigned",
        "declared",
        "scores-saved",
        "scores-submitted",
        "consensus-saved",
        "awarded",
        "milestone-saved",
        "obligation-saved",
        "go-live-saved",
    ];
    key.filter(|k| KNOWN.contains(k))
        .map(|k| chrome.t(&format!("pr-notice-{k}")))
}

#[derive(serde::Deserialize, Default)]
pub(crate) struct NoticeQuery {
    pub notice: Option<String>,
}

/// A CSV cell, quoted when it holds a comma, a quote or a line break.
pub(crate) fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// One value of a repeated or single form field.
pub(crate) fn one(fields: &[(String, String)], name: &str) -> String {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

pub(crate) fn many(fields: &[(String, String)], name: &str) -> Vec<String> {
    fields
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}
