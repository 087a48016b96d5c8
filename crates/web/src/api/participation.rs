//! `/api/v1` for participation, for the city's team and client apps:
//! service requests (lists never carry contact details; one request carries
//! them only for the city's admins), moderation, status changes, "you said,
//! we did" outcomes with their timelines (requests, consultations and their
//! proposals), and the retention period. Public
//! reads show only visible requests of published cities and never contact
//! details or moderation lines. Residents submit through Open311.

use super::{Error, body};
use crate::AppError;
use crate::state::AppState;
use crate::visitor::RequestContext;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use civitas_service::participation::{
    ModerationForm, OutcomeForm, OutcomeView, PublicConsultationOutcome, PublicOutcome,
    RequestDetail, time::iso8601,
};
use civitas_store::{OutcomeEventRow, RequestContact, RequestEventRow, ServiceRequestRow};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_requests))
        .routes(routes!(get_request))
        .routes(routes!(set_status))
        .routes(routes!(moderate))
        .routes(routes!(get_outcome, set_outcome))
        .routes(routes!(set_consultation_outcome))
        .routes(routes!(set_proposal_outcome))
        .routes(routes!(list_outcomes))
        .routes(routes!(list_consultation_outcomes))
        .routes(routes!(get_retention, set_retention))
}

/// A service request without contact details.
#[derive(Serialize, ToSchema)]
pub struct ServiceRequest {
    pub id: i64,
    pub city_id: i64,
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    /// `open` or `closed`.
    pub status: String,
    pub status_notes: Option<String>,
    /// Hidden by a moderator (only the city's team ever sees hidden requests).
    pub hidden: bool,
    /// The moderator's reason; only for the city's team.
    pub hidden_reason: Option<String>,
    /// `web` or `open311`.
    pub channel: String,
    /// ISO 8601, UTC.
    pub requested_at: String,
    pub updated_at: String,
}

fn request_doc(r: ServiceRequestRow, staff: bool) -> ServiceRequest {
    ServiceRequest {
        id: r.id,
        city_id: r.city_id,
        service_code: r.service_code,
        service_name: r.service_name,
        description: r.description,
        address: r.address,
        lat: r.lat,
        long: r.long,
        status: r.status,
        status_notes: r.status_notes,
        hidden: r.hidden,
        hidden_reason: if staff { r.hidden_reason } else { None },
        channel: r.channel,
        requested_at: iso8601(r.requested_at),
        updated_at: iso8601(r.updated_at),
    }
}

/// One dated line of a request's timeline.
#[derive(Serialize, ToSchema)]
pub struct TimelineLine {
    pub at: String,
    /// `submitted` or `status`; for the city's team also `hidden` and `shown`.
    pub event: String,
    pub status: String,
    pub note: Option<String>,
}

impl From<RequestEventRow> for TimelineLine {
    fn from(e: RequestEventRow) -> TimelineLine {
        TimelineLine {
            at: iso8601(e.at),
            event: e.kind,
            status: e.status,
            note: e.note,
        }
    }
}

/// One dated status change of an outcome.
#[derive(Serialize, ToSchema)]
pub struct OutcomeLine {
    pub at: String,
    pub status: String,
    pub note: Option<String>,
}

impl From<OutcomeEventRow> for OutcomeLine {
    fn from(e: OutcomeEventRow) -> OutcomeLine {
        OutcomeLine {
            at: iso8601(e.at),
            status: e.status,
            note: e.note,
        }
    }
}

/// What the city made of an input ("you said, we did").
#[derive(Serialize, ToSchema)]
pub struct Outcome {
    /// `request`, `proposal` or `consultation`.
    pub input_kind: String,
    pub input_id: i64,
    /// `received`, `under-consideration`, `planned`, `in-progress`, `done` or `declined`.
    pub status: String,
    pub decision: Option<String>,
    pub roadmap_action_id: Option<i64>,
    pub roadmap_action_title: Option<String>,
    pub roadmap_action_status: Option<String>,
    pub updated_at: String,
    pub timeline: Vec<OutcomeLine>,
}

impl From<OutcomeView> for Outcome {
    fn from(v: OutcomeView) -> Outcome {
        let o = v.outcome;
        Outcome {
            input_kind: o.input_kind,
            input_id: o.input_id,
            status: o.status,
            decision: o.decision,
            roadmap_action_id: o.roadmap_action_id,
            roadmap_action_title: o.roadmap_action_title,
            roadmap_action_status: o.roadmap_action_status,
            updated_at: iso8601(o.updated_at),
            timeline: v.events.into_iter().map(Into::into).collect(),
        }
    }
}

/// What a resident left to be contacted (the city's admins only).
#[derive(Serialize, ToSchema)]
pub struct Contact {
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
}

impl From<RequestContact> for Contact {
    fn from(c: RequestContact) -> Contact {
        Contact {
            email: c.email,
            first_name: c.first_name,
            last_name: c.last_name,
            phone: c.phone,
        }
    }
}

/// A request with its timeline, its outcome and, for the city's admins
/// only, its contact details (absent for everyone else, and once deleted).
#[derive(Serialize, ToSchema)]
pub struct ServiceRequestDetail {
    pub request: ServiceRequest,
    pub timeline: Vec<TimelineLine>,
    pub outcome: Option<Outcome>,
    pub contact: Option<Contact>,
}

impl From<RequestDetail> for ServiceRequestDetail {
    fn from(d: RequestDetail) -> ServiceRequestDetail {
        ServiceRequestDetail {
            request: request_doc(d.request, d.staff),
            timeline: d.events.into_iter().map(Into::into).collect(),
            outcome: d.outcome.map(Into::into),
            contact: d.contact.map(Into::into),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct StatusInput {
    /// `open` or `closed`.
    pub status: String,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct ModerationInput {
    /// `hide` or `show`.
    pub action: String,
    /// Required to hide; the author reads it.
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct OutcomeInput {
    /// `received`, `under-consideration`, `planned`, `in-progress`, `done` or `declined`.
    pub status: String,
    /// One of the city's roadmap actions.
    #[serde(default)]
    pub roadmap_action_id: Option<i64>,
    #[serde(default)]
    pub decision: Option<String>,
    /// Said on the public timeline with this change.
    #[serde(default)]
    pub note: Option<String>,
}

/// An outcome with the request it belongs to, as the public reads it.
#[derive(Serialize, ToSchema)]
pub struct PublicOutcomeDoc {
    pub service_request_id: i64,
    pub service_name: String,
    pub description: String,
    pub requested_at: String,
    pub outcome: Outcome,
}

impl From<PublicOutcome> for PublicOutcomeDoc {
    fn from(p: PublicOutcome) -> PublicOutcomeDoc {
        PublicOutcomeDoc {
            service_request_id: p.input.outcome.input_id,
            service_name: p.input.service_name,
            description: p.input.description,
            requested_at: iso8601(p.input.requested_at),
            outcome: OutcomeView {
                outcome: p.input.outcome,
                events: p.events,
            }
            .into(),
        }
    }
}

/// An outcome of a published consultation or of one of its visible
/// proposals, as the public reads it.
#[derive(Serialize, ToSchema)]
pub struct ConsultationOutcomeDoc {
    pub consultation_id: i64,
    pub question: String,
    /// The proposal's text (`input_kind` `proposal`); none for the consultation itself.
    pub proposal: Option<String>,
    /// When the proposal was sent, or when the consultation opened.
    pub said_at: String,
    pub outcome: Outcome,
}

impl From<PublicConsultationOutcome> for ConsultationOutcomeDoc {
    fn from(p: PublicConsultationOutcome) -> ConsultationOutcomeDoc {
        ConsultationOutcomeDoc {
            consultation_id: p.input.consultation_id,
            question: p.input.question,
            proposal: p.input.proposal,
            said_at: iso8601(p.input.said_at),
            outcome: OutcomeView {
                outcome: p.input.outcome,
                events: p.events,
            }
            .into(),
        }
    }
}

/// The retention period of residents' personal data.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct Retention {
    /// Months after an input is closed, 1–120 (12 unless the city set another).
    pub months: i64,
}

/// The city's service requests, newest first: every one with moderation for
/// its admins and editors; the visible ones of the last 90 days for anyone
/// else (published cities). Never contact details.
#[utoipa::path(get, path = "/api/v1/cities/{id}/service-requests", tag = "participation", security((), ("bearer" = [])),
    params(("id" = i64, Path, description = "City id")),
    responses((status = 200, body = [ServiceRequest]), (status = 404, body = Error)))]
pub(crate) async fn list_requests(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
) -> Result<Json<Vec<ServiceRequest>>, AppError> {
    let (rows, staff) = state.civitas.requests_for(&context.visitor, city).await?;
    Ok(Json(
        rows.into_iter().map(|r| request_doc(r, staff)).collect(),
    ))
}

/// One request with its timeline and outcome. A hidden request exists only
/// for the city's team; contact details only for the city's admins.
#[utoipa::path(get, path = "/api/v1/service-requests/{id}", tag = "participation", security((), ("bearer" = [])),
    params(("id" = i64, Path, description = "Service request id")),
    responses((status = 200, body = ServiceRequestDetail), (status = 404, body = Error)))]
pub(crate) async fn get_request(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<ServiceRequestDetail>, AppError> {
    let detail = state.civitas.request_for(&context.visitor, id).await?;
    Ok(Json(detail.into()))
}

async fn detail(
    state: &AppState,
    context: &RequestContext,
    id: i64,
) -> Result<Json<ServiceRequestDetail>, AppError> {
    Ok(Json(
        state
            .civitas
            .request_for(&context.visitor, id)
            .await?
            .into(),
    ))
}

/// Opens or closes a request with a note its author reads (the city's admins and editors).
#[utoipa::path(post, path = "/api/v1/service-requests/{id}/status", tag = "participation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Service request id")), request_body = StatusInput,
    responses((status = 200, body = ServiceRequestDetail), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error)))]
pub(crate) async fn set_status(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<StatusInput>, JsonRejection>,
) -> Result<Json<ServiceRequestDetail>, AppError> {
    let input = body(payload)?;
    let form = ModerationForm {
        action: "status".into(),
        status: input.status,
        notes: input.notes.unwrap_or_default(),
        reason: String::new(),
    };
    state
        .civitas
        .moderate_request(&context.visitor, id, &form)
        .await?;
    detail(&state, &context, id).await
}

/// Hides a request with a reason its author reads, or shows it again (the
/// city's admins and editors). Hiding keeps the record.
#[utoipa::path(post, path = "/api/v1/service-requests/{id}/moderation", tag = "participation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Service request id")), request_body = ModerationInput,
    responses((status = 200, body = ServiceRequestDetail), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "An action other than hide or show, or hiding without a reason")))]
pub(crate) async fn moderate(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<ModerationInput>, JsonRejection>,
) -> Result<Json<ServiceRequestDetail>, AppError> {
    let input = body(payload)?;
    let action = match input.action.as_str() {
        "hide" | "show" => input.action,
        _ => String::new(),
    };
    let form = ModerationForm {
        action,
        status: String::new(),
        notes: String::new(),
        reason: input.reason.unwrap_or_default(),
    };
    state
        .civitas
        .moderate_request(&context.visitor, id, &form)
        .await?;
    detail(&state, &context, id).await
}

/// What became of a request, with its dated timeline; 404 when the city has
/// not answered it yet.
#[utoipa::path(get, path = "/api/v1/service-requests/{id}/outcome", tag = "participation", security((), ("bearer" = [])),
    params(("id" = i64, Path, description = "Service request id")),
    responses((status = 200, body = Outcome), (status = 404, body = Error)))]
pub(crate) async fn get_outcome(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<Outcome>, AppError> {
    let detail = state.civitas.request_for(&context.visitor, id).await?;
    let outcome = detail
        .outcome
        .ok_or(civitas_service::ServiceError::NotFound)?;
    Ok(Json(outcome.into()))
}

/// Sets what became of a request: status, written decision, roadmap action
/// (the city's own), with a note on the public timeline (the city's admins
/// and editors). A status change adds a dated line.
#[utoipa::path(put, path = "/api/v1/service-requests/{id}/outcome", tag = "participation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Service request id")), request_body = OutcomeInput,
    responses((status = 200, body = Outcome), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "An unknown status, another city's roadmap action, a text too long")))]
pub(crate) async fn set_outcome(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<OutcomeInput>, JsonRejection>,
) -> Result<Json<Outcome>, AppError> {
    let form = OutcomeForm::from(body(payload)?);
    let view = state
        .civitas
        .set_request_outcome(&context.visitor, id, &form)
        .await?;
    Ok(Json(view.into()))
}

impl From<OutcomeInput> for OutcomeForm {
    fn from(input: OutcomeInput) -> Self {
        OutcomeForm {
            status: input.status,
            roadmap_action: input
                .roadmap_action_id
                .map(|a| a.to_string())
                .unwrap_or_default(),
            decision: input.decision.unwrap_or_default(),
            note: input.note.unwrap_or_default(),
        }
    }
}

/// Sets what became of a priority consultation (e.g. its first priority →
/// a roadmap action), as for a request (the city's admins and editors).
#[utoipa::path(put, path = "/api/v1/consultations/{id}/outcome", tag = "participation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Consultation id")), request_body = OutcomeInput,
    responses((status = 200, body = Outcome), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "An unknown status, another city's roadmap action, a text too long")))]
pub(crate) async fn set_consultation_outcome(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<OutcomeInput>, JsonRejection>,
) -> Result<Json<Outcome>, AppError> {
    let form = OutcomeForm::from(body(payload)?);
    let view = state
        .civitas
        .set_consultation_outcome(&context.visitor, id, &form)
        .await?;
    Ok(Json(view.into()))
}

/// Sets what became of a resident's proposal to a consultation (a visible
/// one; a hidden proposal answers 404), as for a request.
#[utoipa::path(put, path = "/api/v1/consultations/{id}/proposals/{proposal}/outcome", tag = "participation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Consultation id"), ("proposal" = i64, Path, description = "Proposal id")), request_body = OutcomeInput,
    responses((status = 200, body = Outcome), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "An unknown status, another city's roadmap action, a text too long")))]
pub(crate) async fn set_proposal_outcome(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, proposal)): Path<(i64, i64)>,
    payload: Result<Json<OutcomeInput>, JsonRejection>,
) -> Result<Json<Outcome>, AppError> {
    let form = OutcomeForm::from(body(payload)?);
    let view = state
        .civitas
        .set_proposal_outcome(&context.visitor, id, proposal, &form)
        .await?;
    Ok(Json(view.into()))
}

/// The city's "you said, we did": what became of residents' visible
/// requests, most recently changed first. No personal data.
#[utoipa::path(get, path = "/api/v1/cities/{id}/outcomes", tag = "participation", security((), ("bearer" = [])),
    params(("id" = i64, Path, description = "City id")),
    responses((status = 200, body = [PublicOutcomeDoc]), (status = 404, body = Error)))]
pub(crate) async fn list_outcomes(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
) -> Result<Json<Vec<PublicOutcomeDoc>>, AppError> {
    let city = state.civitas.visible_city(&context.visitor, city).await?;
    let list = state.civitas.you_said_we_did(&city).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// The city's "you said, we did" for consultations: what became of its
/// published consultations and of their visible proposals (never a hidden
/// one), most recently changed first, each with the roadmap action it led
/// to and its dated timeline. No personal data.
#[utoipa::path(get, path = "/api/v1/cities/{id}/consultation-outcomes", tag = "participation", security((), ("bearer" = [])),
    params(("id" = i64, Path, description = "City id")),
    responses((status = 200, body = [ConsultationOutcomeDoc]), (status = 404, body = Error)))]
pub(crate) async fn list_consultation_outcomes(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
) -> Result<Json<Vec<ConsultationOutcomeDoc>>, AppError> {
    let city = state.civitas.visible_city(&context.visitor, city).await?;
    let list = state.civitas.you_said_we_did_consultations(&city).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// How long residents' personal data is kept after their input is closed (the city's admins).
#[utoipa::path(get, path = "/api/v1/cities/{id}/participation/retention", tag = "participation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")),
    responses((status = 200, body = Retention), (status = 401, body = Error), (status = 403, body = Error)))]
pub(crate) async fn get_retention(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
) -> Result<Json<Retention>, AppError> {
    let months = state
        .civitas
        .retention_setting(&context.visitor, city)
        .await?;
    Ok(Json(Retention { months }))
}

/// Sets the retention period, 1–120 months (the city's admins); the hourly
/// sweep applies it.
#[utoipa::path(put, path = "/api/v1/cities/{id}/participation/retention", tag = "participation", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")), request_body = Retention,
    responses((status = 200, body = Retention), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 422, body = Error)))]
pub(crate) async fn set_retention(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
    payload: Result<Json<Retention>, JsonRejection>,
) -> Result<Json<Retention>, AppError> {
    let input = body(payload)?;
    let months = state
        .civitas
        .set_retention(&context.visitor, city, &input.months.to_string())
        .await?;
    Ok(Json(Retention { months }))
}
