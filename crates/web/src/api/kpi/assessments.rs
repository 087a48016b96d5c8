//! A city's assessments and their life: create, read, settings, verifier
//! candidates, submit, return, complete and a new revision.

use super::types::{
    Assessment, AssessmentDetail, AssessmentSettingsChange, NewAssessment, NewRevision,
    VerifierCandidate,
};
use crate::AppError;
use crate::api::{Error, body};
use crate::state::AppState;
use crate::visitor::RequestContext;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use civitas_service::kpi::{AssessmentForm, AssessmentSettingsForm};

/// The city's assessments the caller may open, newest year first (a verifier
/// sees only those assigned to them).
#[utoipa::path(get, path = "/api/v1/cities/{id}/assessments", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")),
    responses((status = 200, body = [Assessment]), (status = 401, body = Error), (status = 403, body = Error)))]
pub(crate) async fn list_assessments(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
) -> Result<Json<Vec<Assessment>>, AppError> {
    let rows = state.civitas.assessments(&context.visitor, city).await?;
    Ok(Json(rows.into_iter().map(Assessment::from).collect()))
}

/// Starts the assessment of one year (the city's editors). With
/// `start_from_previous`, the latest earlier year's sources are carried over,
/// never its values.
#[utoipa::path(post, path = "/api/v1/cities/{id}/assessments", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")), request_body = NewAssessment,
    responses((status = 201, body = Assessment), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "A bad year, or the year has an assessment already")))]
pub(crate) async fn create_assessment(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
    payload: Result<Json<NewAssessment>, JsonRejection>,
) -> Result<(StatusCode, Json<Assessment>), AppError> {
    let new = body(payload)?;
    let form = AssessmentForm {
        year: new.year.to_string(),
        start_from_previous: new.start_from_previous,
    };
    let row = state
        .civitas
        .create_assessment(&context.visitor, city, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// One assessment with what the caller may do to it. 404 for anyone who may
/// not open it, so its existence is not revealed.
#[utoipa::path(get, path = "/api/v1/assessments/{id}", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id")),
    responses((status = 200, body = AssessmentDetail), (status = 401, body = Error), (status = 404, body = Error)))]
pub(crate) async fn get_assessment(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<AssessmentDetail>, AppError> {
    let view = state.civitas.assessment(&context.visitor, id).await?;
    Ok(Json(view.into()))
}

/// Changes target set, currency, verifier or the peer-comparison opt-in (the
/// city's admins); fields left out keep their value. Locked once verified.
#[utoipa::path(patch, path = "/api/v1/assessments/{id}/settings", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id")), request_body = AssessmentSettingsChange,
    responses((status = 200, body = Assessment), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error)))]
pub(crate) async fn update_settings(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<AssessmentSettingsChange>, JsonRejection>,
) -> Result<Json<Assessment>, AppError> {
    let change = body(payload)?;
    // The current settings fill what the request leaves out.
    let current = state
        .civitas
        .assessment(&context.visitor, id)
        .await?
        .assessment;
    let form = AssessmentSettingsForm {
        target_set: change.target_set.unwrap_or(current.target_set),
        currency: change
            .currency
            .unwrap_or(current.currency)
            .unwrap_or_default(),
        verifier: change
            .verifier_user_id
            .unwrap_or(current.verifier_user_id)
            .map(|v| v.to_string())
            .unwrap_or_default(),
        compare_with_peers: change
            .compare_with_peers
            .unwrap_or(current.compare_with_peers),
    };
    let row = state
        .civitas
        .update_assessment_settings(&context.visitor, id, &form)
        .await?;
    Ok(Json(row.into()))
}

/// The city's members who can be assigned as verifier (the city's admins).
#[utoipa::path(get, path = "/api/v1/cities/{id}/verifiers", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")),
    responses((status = 200, body = [VerifierCandidate]), (status = 401, body = Error), (status = 403, body = Error)))]
pub(crate) async fn verifier_candidates(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
) -> Result<Json<Vec<VerifierCandidate>>, AppError> {
    let users = state
        .civitas
        .verifier_candidates(&context.visitor, city)
        .await?;
    Ok(Json(
        users
            .into_iter()
            .map(|u| VerifierCandidate {
                id: u.id,
                display_name: u.display_name,
                email: u.email,
            })
            .collect(),
    ))
}

/// Hands a draft to its assigned verifier (the city's editors).
#[utoipa::path(post, path = "/api/v1/assessments/{id}/submit", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id")),
    responses((status = 200, body = Assessment), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "No verifier assigned, or not a draft (`status: locked`)")))]
pub(crate) async fn submit(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<Assessment>, AppError> {
    let row = state
        .civitas
        .submit_assessment(&context.visitor, id)
        .await?;
    Ok(Json(row.into()))
}

/// The assigned verifier hands a submitted assessment back to the city.
#[utoipa::path(post, path = "/api/v1/assessments/{id}/return", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id")),
    responses((status = 200, body = Assessment), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "Not submitted (`status: locked`)")))]
pub(crate) async fn return_to_city(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<Assessment>, AppError> {
    let row = state
        .civitas
        .return_assessment(&context.visitor, id)
        .await?;
    Ok(Json(row.into()))
}

/// The assigned verifier closes the review once every reported KPI is marked
/// verified or not; the assessment is then locked.
#[utoipa::path(post, path = "/api/v1/assessments/{id}/complete", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id")),
    responses((status = 200, body = Assessment), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "KPIs not yet reviewed (`review`), or not submitted (`status: locked`)")))]
pub(crate) async fn complete(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<Assessment>, AppError> {
    let row = state
        .civitas
        .complete_verification(&context.visitor, id)
        .await?;
    Ok(Json(row.into()))
}

/// Reopens a verified assessment as a new revision, with the reason (the
/// city's admins). Its entries become editable again.
#[utoipa::path(post, path = "/api/v1/assessments/{id}/revisions", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id")), request_body = NewRevision,
    responses((status = 201, body = Assessment), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "No reason, or not verified (`status: locked`)")))]
pub(crate) async fn open_revision(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<NewRevision>, JsonRejection>,
) -> Result<(StatusCode, Json<Assessment>), AppError> {
    let new = body(payload)?;
    let row = state
        .civitas
        .open_revision(&context.visitor, id, &new.reason)
        .await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}
