//! The audit log.

use super::{AuditEntry, AuditQuery, Error};
use crate::AppError;
use crate::state::AppState;
use crate::visitor::RequestContext;
use axum::Json;
use axum::extract::{Query, State};
use civitas_domain::CityId;

/// Newest first, 50 at a time: a city's (its admins) or the instance's (platform admins).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", security(("bearer" = [])), params(AuditQuery),
    responses((status = 200, body = [AuditEntry]), (status = 401, body = Error), (status = 403, body = Error)))]
pub(crate) async fn audit_log(
    State(state): State<AppState>,
    context: RequestContext,
    Query(query): Query<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    let rows = state
        .civitas
        .audit_log(&context.visitor, query.city_id.map(CityId), query.before_id)
        .await?;
    Ok(Json(rows.into_iter().map(AuditEntry::from).collect()))
}
