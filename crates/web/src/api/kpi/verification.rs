//! The verifier's KPI-by-KPI review, questions and the city's answers.

use super::types::{NewNote, Review, VerificationNote, entry_key};
use crate::AppError;
use crate::api::{Error, body};
use crate::state::AppState;
use crate::visitor::RequestContext;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;

/// The assigned verifier marks one KPI verified or not verified (a note is
/// required for "not verified"), or reopens it, while the assessment is submitted.
#[utoipa::path(post, path = "/api/v1/assessments/{id}/reviews", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id")), request_body = Review,
    responses((status = 201, body = VerificationNote), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error, description = "Not the assigned verifier"), (status = 404, body = Error),
        (status = 422, body = Error, description = "Unknown KPI, a note missing, or not submitted (`decision: locked`)")))]
pub(crate) async fn review(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<Review>, JsonRejection>,
) -> Result<(StatusCode, Json<VerificationNote>), AppError> {
    let review = body(payload)?;
    let key = entry_key(&review.kpi, review.data_point.as_deref());
    let note = state
        .civitas
        .review_entry(
            &context.visitor,
            id,
            &key,
            review.decision.into(),
            &review.note,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(note.into())))
}

/// The assigned verifier asks the city a question about one KPI.
#[utoipa::path(post, path = "/api/v1/assessments/{id}/questions", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id")), request_body = NewNote,
    responses((status = 201, body = VerificationNote), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error)))]
pub(crate) async fn ask(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<NewNote>, JsonRejection>,
) -> Result<(StatusCode, Json<VerificationNote>), AppError> {
    let new = body(payload)?;
    let key = entry_key(&new.kpi, new.data_point.as_deref());
    let note = state
        .civitas
        .ask_question(&context.visitor, id, &key, &new.body)
        .await?;
    Ok((StatusCode::CREATED, Json(note.into())))
}

/// The city's editors answer the verifier about one KPI, while it is submitted.
#[utoipa::path(post, path = "/api/v1/assessments/{id}/answers", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id")), request_body = NewNote,
    responses((status = 201, body = VerificationNote), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error)))]
pub(crate) async fn answer(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<NewNote>, JsonRejection>,
) -> Result<(StatusCode, Json<VerificationNote>), AppError> {
    let new = body(payload)?;
    let key = entry_key(&new.kpi, new.data_point.as_deref());
    let note = state
        .civitas
        .answer_question(&context.visitor, id, &key, &new.body)
        .await?;
    Ok((StatusCode::CREATED, Json(note.into())))
}

/// Every question, answer and decision, oldest first.
#[utoipa::path(get, path = "/api/v1/assessments/{id}/notes", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id")),
    responses((status = 200, body = [VerificationNote]), (status = 401, body = Error), (status = 404, body = Error)))]
pub(crate) async fn notes(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<Vec<VerificationNote>>, AppError> {
    let rows = state
        .civitas
        .verification_notes(&context.visitor, id)
        .await?;
    Ok(Json(rows.into_iter().map(VerificationNote::from).collect()))
}
