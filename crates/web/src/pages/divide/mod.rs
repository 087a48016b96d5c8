//! The digital-divide module's pages: survey files and their upload
//! ([`surveys`]), the design and mapping declared once ([`declare`]), the
//! results table with parity, targets, publication and the CSV of the
//! suppressed table ([`results`], which also draws the public page), the
//! district map ([`map`]), the taxonomy of the divide ([`taxonomy`]) and the
//! inclusion plan with its printable and PDF exports ([`plan`]).
//!
//! URLs: `/cities/{slug}/divide` (surveys; residents see the published ones) ·
//! `…/divide/surveys` (POST, multipart, up to 200 MB) · `…/divide/{id}` (results,
//! the city's team) · `…/divide/{id}/public` (what residents read once the
//! survey and the city are published: the same suppressed table, parity,
//! targets, the map and the plan) · `…/divide/{id}/declare` ·
//! `…/divide/{id}/publish` · `…/divide/{id}/unpublish` · `…/divide/{id}/delete` ·
//! `…/divide/{id}/results.csv` · `…/divide/{id}/map?indicator=` ·
//! `…/divide/{id}/taxonomy?rank=gap|people` · `…/divide/boundaries` ·
//! `…/divide/plan` (+ `/new`, `/{action}`, `/{action}/delete`, `/export`) ·
//! `…/divide/plan.pdf` · `/static/divide-upload.js` (the upload's progress bar).
//!
//! Suppressed cells are never written as numbers, anywhere: the model below
//! carries their reason in words only.

mod declare;
mod map;
mod plan;
mod results;
mod surveys;
mod taxonomy;

use crate::AppError;
use crate::i18n::{Lang, format_count, format_decimal};
use crate::pages::Chrome;
use crate::state::AppState;
use crate::visitor::RequestContext;
use axum::Router;
use civitas_domain::{Action, CityId, policy};
use civitas_service::ServiceError;
use civitas_service::divide::{DatasetView, Suppression, indicator_catalogue};
use civitas_store::{CityRow, SurveyDatasetRow};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .merge(surveys::routes())
        .merge(declare::routes())
        .merge(results::routes())
        .merge(map::routes())
        .merge(taxonomy::routes())
        .merge(plan::routes())
}

/// Whether a request path is the survey upload, whose body may reach 200 MB.
pub(crate) fn is_survey_upload(path: &str) -> bool {
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    matches!(
        parts.as_slice(),
        ["", "cities", _, "divide", "surveys"]
            | ["", "api", "v1", "cities", _, "divide", "surveys"]
    )
}

/// The largest survey upload body: the service's 200 MB file plus the form.
pub(crate) const SURVEY_BODY_LIMIT: usize = 200 * 1024 * 1024 + 256 * 1024;

/// `POST …/divide/boundaries` (page) and `PUT` (API): a GeoJSON file.
pub(crate) fn is_boundaries_upload(path: &str) -> bool {
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    matches!(
        parts.as_slice(),
        ["", "cities", _, "divide", "boundaries"]
            | ["", "api", "v1", "cities", _, "divide", "boundaries"]
    )
}

/// The largest boundaries upload body: the service's 20 MB file plus the form.
pub(crate) const BOUNDARIES_BODY_LIMIT: usize =
    civitas_service::divide::MAX_BOUNDARY_BYTES + 256 * 1024;

pub(super) async fn city(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
) -> Result<CityRow, AppError> {
    Ok(state
        .civitas
        .city_by_slug(&context.visitor, slug)
        .await?
        .city)
}

/// A survey of the city named in the URL (404 when it belongs to another).
pub(super) async fn survey_of(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
) -> Result<(CityRow, SurveyDatasetRow), AppError> {
    let city = city(state, context, slug).await?;
    let dataset = state.civitas.readable_survey(&context.visitor, id).await?;
    if dataset.city_id != city.id {
        return Err(ServiceError::NotFound.into());
    }
    Ok((city, dataset))
}

/// A survey of the city named in the URL as its team sees it: anonymous
/// visitors are sent to sign in, others refused, before the survey is read.
pub(super) async fn team_survey(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
) -> Result<(CityRow, DatasetView), AppError> {
    let city = city(state, context, slug).await?;
    policy::authorize(
        &context.visitor.actor,
        Action::ViewCityWorkspace(CityId(city.id)),
    )
    .map_err(ServiceError::from)?;
    let view = state.civitas.survey_dataset(&context.visitor, id).await?;
    if view.dataset.city_id != city.id {
        return Err(ServiceError::NotFound.into());
    }
    Ok((city, view))
}

/// An indicator's name in the page's language.
pub(super) fn indicator_name(chrome: &Chrome, id: &str) -> String {
    chrome.t(&format!("dv-ind-{id}"))
}

/// An indicator's ITU code.
pub(super) fn indicator_code(id: &str) -> String {
    indicator_catalogue()
        .ok()
        .and_then(|c| c.iter().find(|i| i.id == id))
        .map(|i| i.code.clone())
        .unwrap_or_default()
}

pub(super) fn breakdown_name(chrome: &Chrome, id: &str) -> String {
    chrome.t(&format!("dv-bd-{id}"))
}

pub(super) fn dimension_name(chrome: &Chrome, id: &str) -> String {
    chrome.t(&format!("dv-dim-{id}"))
}

/// Why a cell is suppressed, in words.
pub(super) fn suppression_reason(chrome: &Chrome, reason: Suppression) -> String {
    let key = match reason {
        Suppression::FewRespondents => "dv-why-few-respondents",
        Suppression::Disclosure => "dv-why-disclosure",
        Suppression::FewEffective => "dv-why-few-effective",
        Suppression::Imprecise => "dv-why-imprecise",
        Suppression::Secondary => "dv-why-secondary",
    };
    chrome.t(key)
}

/// A proportion (0–1) as a percentage with one decimal, per locale.
pub(super) fn percent(lang: Lang, p: f64) -> String {
    format!("{} %", format_decimal(lang, p * 100.0, 1))
}

/// A number already in percent, with one decimal.
pub(super) fn pct(lang: Lang, p: f64) -> String {
    format!("{} %", format_decimal(lang, p, 1))
}

pub(super) fn count(lang: Lang, n: f64) -> String {
    format_count(lang, n.round() as i64)
}

/// The gap id the plan stores: `indicator/breakdown/group`.
pub(super) fn gap_id(indicator: &str, breakdown: &str, group: &str) -> String {
    format!("{indicator}/{breakdown}/{group}")
}

/// "Internet use – Age group: 65+" for a gap id.
pub(super) fn gap_label(chrome: &Chrome, gap: &str) -> String {
    let mut parts = gap.splitn(3, '/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(i), Some(b), Some(g)) => format!(
            "{} – {}: {g}",
            indicator_name(chrome, i),
            breakdown_name(chrome, b)
        ),
        _ => gap.to_string(),
    }
}

/// Notices the divide pages may show after a redirect (an allow-list).
pub(super) fn notice(chrome: &Chrome, key: Option<&str>) -> Option<String> {
    const KNOWN: &[&str] = &[
        "uploaded",
        "declared",
        "published",
        "unpublished",
        "deleted",
        "boundaries-saved",
        "action-saved",
        "action-deleted",
    ];
    key.filter(|k| KNOWN.contains(k))
        .map(|k| chrome.t(&format!("dv-notice-{k}")))
}

#[derive(serde::Deserialize, Default)]
pub(super) struct NoticeQuery {
    pub notice: Option<String>,
}
