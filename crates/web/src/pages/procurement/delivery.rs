//! Manage delivery: milestones and their acceptance, the supplier's
//! obligations (the requirements picked at planning) met or not, the
//! go-live date and how the outcome KPIs moved after it.

use super::{NoticeQuery, Problems, kpi_name, notice, number};
use crate::AppError;
use crate::pages::{Chrome, render, see_other};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use civitas_service::ServiceError;
use civitas_service::procurement::{
    DeliveryView, MILESTONE_STATUSES, MilestoneForm, OBLIGATION_STATUSES, ObligationForm,
};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/procurement/{id}/delivery", get(show))
        .route("/procurement/{id}/milestones", post(add_milestone))
        .route(
            "/procurement/{id}/milestones/{milestone}",
            post(update_milestone),
        )
        .route(
            "/procurement/{id}/obligations/{requirement}",
            post(set_obligation),
        )
        .route("/procurement/{id}/go-live", post(go_live))
}

struct OutcomeLine {
    kpi: String,
    target: String,
    before: String,
    after: String,
    progress: Option<String>,
    progress_value: f64,
}

#[derive(Template)]
#[template(path = "procurement_delivery.html")]
struct DeliveryPage {
    chrome: Chrome,
    notice: Option<String>,
    d: DeliveryView,
    id: i64,
    outcomes: Vec<OutcomeLine>,
    milestone: MilestoneForm,
    statuses: Vec<(&'static str, String)>,
    obligation_statuses: Vec<(&'static str, String)>,
    problems: Problems,
}

impl DeliveryPage {
    fn status_name(&self, status: &str) -> String {
        self.chrome.t(&format!("pr-milestone-{status}"))
    }
    fn obligation_name(&self, status: &str) -> String {
        self.chrome.t(&format!("pr-obligation-{status}"))
    }
}

async fn delivery_page(
    state: &AppState,
    context: &RequestContext,
    id: i64,
    problems: Problems,
) -> Result<DeliveryPage, AppError> {
    let d = state
        .civitas
        .procurement_delivery(&context.visitor, id)
        .await?;
    let chrome = Chrome::new(state, context);
    let lang = chrome.lang;
    let point = |p: &Option<(i64, f64)>| {
        p.map(|(year, value)| format!("{} ({year})", number(lang, value)))
            .unwrap_or_else(|| "–".into())
    };
    Ok(DeliveryPage {
        outcomes: d
            .outcomes
            .iter()
            .map(|o| OutcomeLine {
                kpi: kpi_name(lang, &o.kpi, &o.data_point),
                target: match o.target_year {
                    Some(y) => format!("{} ({y})", number(lang, o.target)),
                    None => number(lang, o.target),
                },
                before: point(&o.before),
                after: point(&o.after),
                progress: o.progress_pct.map(|p| number(lang, p.round())),
                progress_value: o.progress_pct.unwrap_or_default().round(),
            })
            .collect(),
        statuses: MILESTONE_STATUSES
            .iter()
            .map(|s| (*s, chrome.t(&format!("pr-milestone-{s}"))))
            .collect(),
        obligation_statuses: OBLIGATION_STATUSES
            .iter()
            .map(|s| (*s, chrome.t(&format!("pr-obligation-{s}"))))
            .collect(),
        milestone: MilestoneForm {
            status: "planned".into(),
            ..MilestoneForm::default()
        },
        id,
        problems,
        notice: None,
        d,
        chrome,
    })
}

async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = delivery_page(&state, &context, id, Problems::default()).await?;
    page.notice = notice(&page.chrome, query.notice.as_deref());
    render(page)
}

async fn refused(
    state: &AppState,
    context: &RequestContext,
    id: i64,
    error: ServiceError,
    milestone: Option<MilestoneForm>,
) -> Result<Response, AppError> {
    let chrome = Chrome::new(state, context);
    let problems = Problems::from_error(&chrome, error)?;
    let mut page = delivery_page(state, context, id, problems).await?;
    if let Some(m) = milestone {
        page.milestone = m;
    }
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}

async fn add_milestone(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Form(form): Form<MilestoneForm>,
) -> Result<Response, AppError> {
    match state
        .civitas
        .add_procurement_milestone(&context.visitor, id, &form)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/procurement/{id}/delivery?notice=milestone-saved"
        ))),
        Err(error) => refused(&state, &context, id, error, Some(form)).await,
    }
}

async fn update_milestone(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, milestone)): Path<(i64, i64)>,
    Form(form): Form<MilestoneForm>,
) -> Result<Response, AppError> {
    match state
        .civitas
        .update_procurement_milestone(&context.visitor, id, milestone, &form)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/procurement/{id}/delivery?notice=milestone-saved"
        ))),
        Err(error) => refused(&state, &context, id, error, None).await,
    }
}

async fn set_obligation(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, requirement)): Path<(i64, i64)>,
    Form(form): Form<ObligationForm>,
) -> Result<Response, AppError> {
    match state
        .civitas
        .set_procurement_obligation(&context.visitor, id, requirement, &form)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/procurement/{id}/delivery?notice=obligation-saved"
        ))),
        Err(error) => refused(&state, &context, id, error, None).await,
    }
}

#[derive(serde::Deserialize)]
struct GoLiveForm {
    #[serde(default)]
    go_live_date: String,
}

async fn go_live(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Form(form): Form<GoLiveForm>,
) -> Result<Response, AppError> {
    match state
        .civitas
        .set_procurement_go_live(&context.visitor, id, &form.go_live_date)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/procurement/{id}/delivery?notice=go-live-saved"
        ))),
        Err(error) => refused(&state, &context, id, error, None).await,
    }
}
