//! "You said, we did" and retention pages. For residents: the city's public
//! page of what became of their requests (no personal data, no hidden
//! requests), and the outcome on their receipt. For the city's moderators:
//! the outcome form of one request (status, decision, roadmap action, a
//! note on the public timeline). For its admins: the retention period.
//!
//! URLs: `/cities/{slug}/you-said-we-did` ·
//! `/cities/{slug}/participation/requests/{id}/outcome` ·
//! `/cities/{slug}/participation/retention`.

use crate::AppError;
use crate::pages::{Chrome, FormErrors, render, see_other};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use civitas_service::ServiceError;
use civitas_service::participation::{
    MAX_RETENTION_MONTHS, OUTCOME_STATUSES, OutcomeForm, OutcomeView, PublicConsultationOutcome,
    PublicOutcome,
};
use civitas_store::{
    CityRow, CommentRow, ConsultationRow, OutcomeEventRow, RoadmapActionRow, ServiceRequestRow,
};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/cities/{slug}/you-said-we-did", get(public_page))
        .route(
            "/cities/{slug}/participation/requests/{id}/outcome",
            get(outcome_form).post(save_outcome),
        )
        .route(
            "/cities/{slug}/participation/consultations/{id}/outcome",
            get(consultation_outcome_form).post(save_consultation_outcome),
        )
        .route(
            "/cities/{slug}/participation/consultations/{id}/proposals/{proposal}/outcome",
            get(proposal_outcome_form).post(save_proposal_outcome),
        )
        .route(
            "/cities/{slug}/participation/retention",
            get(retention_form).post(save_retention),
        )
}

/// An outcome as a page shows it: translated status, action, decision and
/// dated timeline.
pub(crate) struct OutcomeShown {
    pub status: String,
    pub decision: Option<String>,
    pub action: Option<String>,
    pub timeline: Vec<(String, String, Option<String>)>,
}

fn status_label(chrome: &Chrome, status: &str) -> String {
    chrome.t(&format!("yw-status-{status}"))
}

fn shown(chrome: &Chrome, view: &OutcomeView) -> OutcomeShown {
    shown_parts(
        chrome,
        &view.outcome.status,
        view.outcome.decision.clone(),
        view.outcome.roadmap_action_title.clone(),
        &view.events,
    )
}

fn shown_parts(
    chrome: &Chrome,
    status: &str,
    decision: Option<String>,
    action: Option<String>,
    events: &[OutcomeEventRow],
) -> OutcomeShown {
    OutcomeShown {
        status: status_label(chrome, status),
        decision,
        action,
        timeline: events
            .iter()
            .map(|e| {
                (
                    chrome.time(&e.at),
                    status_label(chrome, &e.status),
                    e.note.clone(),
                )
            })
            .collect(),
    }
}

/// The outcome shown on a request's receipt (its author's page).
pub(crate) async fn for_receipt(
    state: &AppState,
    chrome: &Chrome,
    request: &ServiceRequestRow,
) -> Result<Option<OutcomeShown>, AppError> {
    let view = state.civitas.request_outcome(request).await?;
    Ok(view.map(|v| shown(chrome, &v)))
}

/// The outcome of a consultation, on its public page and its answers' receipts.
pub(crate) async fn for_consultation(
    state: &AppState,
    chrome: &Chrome,
    consultation: &ConsultationRow,
) -> Result<Option<OutcomeShown>, AppError> {
    let view = state.civitas.consultation_outcome(consultation).await?;
    Ok(view.map(|v| shown(chrome, &v)))
}

/// The outcome of a resident's proposal, on its author's receipt.
pub(crate) async fn for_proposal(
    state: &AppState,
    chrome: &Chrome,
    proposal: &CommentRow,
) -> Result<Option<OutcomeShown>, AppError> {
    let view = state.civitas.proposal_outcome(proposal).await?;
    Ok(view.map(|v| shown(chrome, &v)))
}

/// A consultation or proposal on the public page.
struct ConsultationLine {
    anchor: String,
    consultation_id: i64,
    question: String,
    proposal: Option<String>,
    when: String,
    outcome: OutcomeShown,
}

struct PublicLine {
    id: i64,
    service: String,
    description: String,
    when: String,
    outcome: OutcomeShown,
}

#[derive(Template)]
#[template(path = "participation_you_said.html")]
struct PublicPage {
    chrome: Chrome,
    city: CityRow,
    lines: Vec<PublicLine>,
    consultations: Vec<ConsultationLine>,
}

async fn public_page(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let city = state
        .civitas
        .participation_city(&context.visitor, &slug)
        .await?;
    let list = state.civitas.you_said_we_did(&city).await?;
    let chrome = Chrome::new(&state, &context);
    let lines = list
        .into_iter()
        .map(|PublicOutcome { input, events }| PublicLine {
            id: input.outcome.input_id,
            service: input.service_name.clone(),
            description: input.description.clone(),
            when: chrome.time(&input.requested_at),
            outcome: shown_parts(
                &chrome,
                &input.outcome.status,
                input.outcome.decision.clone(),
                input.outcome.roadmap_action_title.clone(),
                &events,
            ),
        })
        .collect();
    let consultations = state
        .civitas
        .you_said_we_did_consultations(&city)
        .await?
        .into_iter()
        .map(
            |PublicConsultationOutcome { input, events }| ConsultationLine {
                anchor: format!("yw-{}-{}", input.outcome.input_kind, input.outcome.input_id),
                consultation_id: input.consultation_id,
                question: input.question,
                proposal: input.proposal,
                when: chrome.time(&input.said_at),
                outcome: shown_parts(
                    &chrome,
                    &input.outcome.status,
                    input.outcome.decision,
                    input.outcome.roadmap_action_title,
                    &events,
                ),
            },
        )
        .collect();
    render(PublicPage {
        chrome,
        city,
        lines,
        consultations,
    })
}

/// The input an outcome form is about.
#[derive(Debug, Clone, Copy)]
enum Target {
    Request(i64),
    Consultation(i64),
    /// (consultation, proposal)
    Proposal(i64, i64),
}

/// What the form says of its input: where it came from, what the resident
/// (or residents) said, and where the form posts.
struct InputShown {
    back: String,
    back_label: String,
    heading: String,
    said: String,
    action: String,
}

#[derive(Template)]
#[template(path = "participation_outcome_form.html")]
struct OutcomeFormPage {
    chrome: Chrome,
    city: CityRow,
    input: InputShown,
    current: Option<OutcomeShown>,
    statuses: Vec<(&'static str, String)>,
    actions: Vec<RoadmapActionRow>,
    form: OutcomeForm,
    errors: FormErrors,
    notice: Option<String>,
}

/// The input (checked: the caller may set its outcome, it is the city's)
/// and its outcome so far.
async fn target_input(
    state: &AppState,
    context: &RequestContext,
    chrome: &Chrome,
    city: &CityRow,
    target: Target,
) -> Result<(InputShown, Option<OutcomeView>), AppError> {
    let slug = &city.slug;
    let civitas = &state.civitas;
    let visitor = &context.visitor;
    Ok(match target {
        Target::Request(id) => {
            let (request, _) = civitas.moderated_request(visitor, id).await?;
            if request.city_id != city.id {
                return Err(ServiceError::NotFound.into());
            }
            let label = chrome.t1("pa-request-number", "id", id);
            (
                InputShown {
                    back: format!("/cities/{slug}/participation/requests/{id}"),
                    back_label: label.clone(),
                    heading: label,
                    said: format!("{}: {}", request.service_name, request.description),
                    action: format!("/cities/{slug}/participation/requests/{id}/outcome"),
                },
                civitas.request_outcome(&request).await?,
            )
        }
        Target::Consultation(id) => {
            let consultation = civitas.outcome_consultation(visitor, id).await?;
            if consultation.city_id != city.id {
                return Err(ServiceError::NotFound.into());
            }
            let back = format!("/cities/{slug}/participation/consultations/{id}");
            (
                InputShown {
                    action: format!("{back}/outcome"),
                    back,
                    back_label: consultation.question.clone(),
                    heading: consultation.question.clone(),
                    said: chrome.t("yw-consultation-said"),
                },
                civitas.consultation_outcome(&consultation).await?,
            )
        }
        Target::Proposal(id, proposal) => {
            let input = civitas.outcome_proposal(visitor, id, proposal).await?;
            if input.consultation.city_id != city.id {
                return Err(ServiceError::NotFound.into());
            }
            let back = format!("/cities/{slug}/participation/consultations/{id}");
            (
                InputShown {
                    action: format!("{back}/proposals/{proposal}/outcome"),
                    back: format!("{back}#comment-{proposal}"),
                    back_label: input.consultation.question.clone(),
                    heading: chrome.t1("yw-proposal-number", "id", proposal),
                    said: input.proposal.body.clone(),
                },
                civitas.proposal_outcome(&input.proposal).await?,
            )
        }
    })
}

async fn outcome_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    target: Target,
) -> Result<OutcomeFormPage, AppError> {
    let city = state
        .civitas
        .participation_city(&context.visitor, slug)
        .await?;
    let chrome = Chrome::new(state, context);
    let (input, view) = target_input(state, context, &chrome, &city, target).await?;
    let actions = state
        .civitas
        .outcome_actions(&context.visitor, city.id)
        .await?;
    let form = match &view {
        Some(v) => OutcomeForm {
            status: v.outcome.status.clone(),
            roadmap_action: v
                .outcome
                .roadmap_action_id
                .map(|a| a.to_string())
                .unwrap_or_default(),
            decision: v.outcome.decision.clone().unwrap_or_default(),
            note: String::new(),
        },
        None => OutcomeForm {
            status: "received".into(),
            ..OutcomeForm::default()
        },
    };
    Ok(OutcomeFormPage {
        current: view.as_ref().map(|v| shown(&chrome, v)),
        statuses: OUTCOME_STATUSES
            .iter()
            .map(|s| (*s, status_label(&chrome, s)))
            .collect(),
        chrome,
        city,
        input,
        actions,
        form,
        errors: FormErrors::default(),
        notice: None,
    })
}

#[derive(serde::Deserialize, Default)]
struct NoticeQuery {
    notice: Option<String>,
}

async fn show_form(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    target: Target,
    query: &NoticeQuery,
) -> Result<Response, AppError> {
    let mut page = outcome_page(state, context, slug, target).await?;
    if query.notice.as_deref() == Some("saved") {
        page.notice = Some(page.chrome.t("pa-notice-saved"));
    }
    render(page)
}

async fn save_form(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    target: Target,
    form: OutcomeForm,
) -> Result<Response, AppError> {
    let mut page = outcome_page(state, context, slug, target).await?;
    let civitas = &state.civitas;
    let visitor = &context.visitor;
    let saved = match target {
        Target::Request(id) => civitas.set_request_outcome(visitor, id, &form).await,
        Target::Consultation(id) => civitas.set_consultation_outcome(visitor, id, &form).await,
        Target::Proposal(id, proposal) => {
            civitas
                .set_proposal_outcome(visitor, id, proposal, &form)
                .await
        }
    };
    match saved {
        Ok(_) => Ok(see_other(&format!("{}?notice=saved", page.input.action))),
        Err(ServiceError::Invalid(errors)) => {
            page.errors = FormErrors::from_fields(&page.chrome, &errors);
            page.form = form;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

async fn outcome_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    show_form(&state, &context, &slug, Target::Request(id), &query).await
}

async fn save_outcome(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<OutcomeForm>,
) -> Result<Response, AppError> {
    save_form(&state, &context, &slug, Target::Request(id), form).await
}

async fn consultation_outcome_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    show_form(&state, &context, &slug, Target::Consultation(id), &query).await
}

async fn save_consultation_outcome(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<OutcomeForm>,
) -> Result<Response, AppError> {
    save_form(&state, &context, &slug, Target::Consultation(id), form).await
}

async fn proposal_outcome_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id, proposal)): Path<(String, i64, i64)>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let target = Target::Proposal(id, proposal);
    show_form(&state, &context, &slug, target, &query).await
}

async fn save_proposal_outcome(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id, proposal)): Path<(String, i64, i64)>,
    Form(form): Form<OutcomeForm>,
) -> Result<Response, AppError> {
    save_form(
        &state,
        &context,
        &slug,
        Target::Proposal(id, proposal),
        form,
    )
    .await
}

#[derive(Template)]
#[template(path = "participation_retention.html")]
struct RetentionPage {
    chrome: Chrome,
    city: CityRow,
    months: String,
    max: i64,
    errors: FormErrors,
    notice: Option<String>,
}

async fn retention_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
) -> Result<RetentionPage, AppError> {
    let city = state
        .civitas
        .participation_city(&context.visitor, slug)
        .await?;
    let months = state
        .civitas
        .retention_setting(&context.visitor, city.id)
        .await?;
    Ok(RetentionPage {
        chrome: Chrome::new(state, context),
        city,
        months: months.to_string(),
        max: MAX_RETENTION_MONTHS,
        errors: FormErrors::default(),
        notice: None,
    })
}

async fn retention_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = retention_page(&state, &context, &slug).await?;
    if query.notice.as_deref() == Some("saved") {
        page.notice = Some(page.chrome.t("pa-notice-saved"));
    }
    render(page)
}

#[derive(serde::Deserialize, Default)]
struct RetentionForm {
    #[serde(default)]
    months: String,
}

async fn save_retention(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Form(form): Form<RetentionForm>,
) -> Result<Response, AppError> {
    let mut page = retention_page(&state, &context, &slug).await?;
    match state
        .civitas
        .set_retention(&context.visitor, page.city.id, &form.months)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/cities/{slug}/participation/retention?notice=saved"
        ))),
        Err(ServiceError::Invalid(errors)) => {
            page.errors = FormErrors::from_fields(&page.chrome, &errors);
            page.months = form.months;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
