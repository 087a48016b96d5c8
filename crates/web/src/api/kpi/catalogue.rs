//! Target sets and framework versions.

use super::types::{Framework, FrameworkQuery, TargetSet, TargetSetChoice, TargetSetQuery};
use crate::AppError;
use crate::api::Error;
use crate::state::AppState;
use crate::visitor::RequestContext;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

/// The target sets the city's assessments may use: the default set (every
/// value citing its public source), then the city's own.
#[utoipa::path(get, path = "/api/v1/cities/{id}/target-sets", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")),
    responses((status = 200, body = [TargetSetChoice]), (status = 401, body = Error), (status = 403, body = Error)))]
pub(crate) async fn list_target_sets(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
) -> Result<Json<Vec<TargetSetChoice>>, AppError> {
    let choices = state
        .civitas
        .target_set_choices(&context.visitor, city)
        .await?;
    Ok(Json(
        choices.into_iter().map(TargetSetChoice::from).collect(),
    ))
}

/// Creates the city's own target set from a CSV body with the columns
/// `kpi,data_point,target,source` (the city's editors): it starts from the
/// default targets and overrides or adds these; every value names its source.
#[utoipa::path(post, path = "/api/v1/cities/{id}/target-sets", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id"), TargetSetQuery),
    request_body(content = String, content_type = "text/csv", description = "kpi,data_point,target,source"),
    responses((status = 201, body = TargetSet), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error),
        (status = 422, body = Error, description = "No name, a name taken (`fields`), or bad cells, each named by row and column (`problems`)")))]
pub(crate) async fn create_target_set(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
    Query(query): Query<TargetSetQuery>,
    csv: Bytes,
) -> Result<(StatusCode, Json<TargetSet>), AppError> {
    let row = state
        .civitas
        .create_target_set(
            &context.visitor,
            city,
            query.name.as_deref().unwrap_or_default(),
            query.file_name.as_deref().unwrap_or("targets.csv"),
            &csv,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// Every KPI framework version on this instance (anyone signed in).
#[utoipa::path(get, path = "/api/v1/kpi-frameworks", tag = "kpi", security(("bearer" = [])),
    responses((status = 200, body = [Framework]), (status = 401, body = Error)))]
pub(crate) async fn list_frameworks(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Json<Vec<Framework>>, AppError> {
    let list = state.civitas.frameworks(&context.visitor).await?;
    Ok(Json(list.into_iter().map(Framework::from).collect()))
}

/// Loads a new framework version from a TOML body (platform admins).
/// Versions are immutable: one that exists already is refused.
#[utoipa::path(post, path = "/api/v1/kpi-frameworks", tag = "kpi", security(("bearer" = [])),
    params(FrameworkQuery),
    request_body(content = String, content_type = "application/toml", description = "A framework file in the format of the built-in U4SSC catalogue"),
    responses((status = 201, body = Framework), (status = 401, body = Error), (status = 403, body = Error),
        (status = 422, body = Error, description = "The file does not load (`problems`), or the version exists (`fields`: `file` `already-taken`)")))]
pub(crate) async fn load_framework(
    State(state): State<AppState>,
    context: RequestContext,
    Query(query): Query<FrameworkQuery>,
    toml: Bytes,
) -> Result<(StatusCode, Json<Framework>), AppError> {
    let summary = state
        .civitas
        .load_framework(
            &context.visitor,
            query.file_name.as_deref().unwrap_or("framework.toml"),
            &toml,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(summary.into())))
}
