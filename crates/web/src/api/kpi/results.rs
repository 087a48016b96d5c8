//! Results: scores and roll-ups, the SDG view, trends and the peer distribution.

use super::types::{KpiTrend, PeerComparison, Results, SdgGroup};
use crate::AppError;
use crate::api::Error;
use crate::state::AppState;
use crate::visitor::RequestContext;
use axum::Json;
use axum::extract::{Path, State};

/// Every KPI's value, target, achievement, points and band; category,
/// sub-dimension and dimension scores; warnings; entries that give no value;
/// what is not reported or missing; the verifier's decisions. For the city's
/// team and verifier, and for everyone once verified and the city is published.
#[utoipa::path(get, path = "/api/v1/assessments/{id}/results", tag = "kpi",
    params(("id" = i64, Path, description = "Assessment id")),
    responses((status = 200, body = Results), (status = 404, body = Error)))]
pub(crate) async fn results(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<Results>, AppError> {
    let results = state
        .civitas
        .assessment_results(&context.visitor, id)
        .await?;
    Ok(Json(Results::from(&results)))
}

/// The results grouped by the SDG targets the KPIs serve, in target order.
#[utoipa::path(get, path = "/api/v1/assessments/{id}/results/sdg", tag = "kpi",
    params(("id" = i64, Path, description = "Assessment id")),
    responses((status = 200, body = [SdgGroup]), (status = 404, body = Error)))]
pub(crate) async fn sdg(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<Vec<SdgGroup>>, AppError> {
    let results = state
        .civitas
        .assessment_results(&context.visitor, id)
        .await?;
    let kpis = Results::from(&results).kpis;
    Ok(Json(
        results
            .sdg_view()
            .into_iter()
            .map(|g| SdgGroup {
                sdg_target: g.sdg_target,
                kpis: g
                    .results
                    .iter()
                    .filter_map(|&i| kpis.get(i).cloned())
                    .collect(),
                unreported: g.unreported,
            })
            .collect(),
    ))
}

/// Scores of the city's assessments across years, those the caller may see
/// (published verified years for everyone), oldest first.
#[utoipa::path(get, path = "/api/v1/cities/{id}/kpi-trend", tag = "kpi",
    params(("id" = i64, Path, description = "City id")),
    responses((status = 200, body = KpiTrend), (status = 404, body = Error)))]
pub(crate) async fn trend(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
) -> Result<Json<KpiTrend>, AppError> {
    let trend = state.civitas.kpi_trend(&context.visitor, city).await?;
    Ok(Json(trend.into()))
}

/// Where this assessment's dimension scores fall among verified, opted-in
/// assessments of the same year from cities of half to twice the population:
/// five-number summaries only, never a ranking, and only with enough peers.
#[utoipa::path(get, path = "/api/v1/assessments/{id}/peers", tag = "kpi",
    params(("id" = i64, Path, description = "Assessment id")),
    responses((status = 200, body = PeerComparison), (status = 404, body = Error)))]
pub(crate) async fn peers(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<PeerComparison>, AppError> {
    let distribution = state
        .civitas
        .peer_distribution(&context.visitor, id)
        .await?;
    Ok(Json(distribution.into()))
}
