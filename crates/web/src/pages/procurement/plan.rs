//! Plan and inform the market: a city's procurements, the plan form (new and
//! edit) with the people-centred checklist, and one procurement's overview
//! with its stage, the prior-information notice and market engagement.

use super::{NoticeQuery, Problems, kpi_catalogue, kpi_name, many, notice, number, one};
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
    ENGAGEMENT_KINDS, EngagementForm, NoticeForm, OutcomeForm, OwnRequirementForm,
    PAYMENT_APPROACHES, PROCEDURES, PlanForm, ProcurementView, checklist,
};
use civitas_store::{CityRow, ProcurementRow};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/cities/{slug}/procurement", get(list).post(create))
        .route("/cities/{slug}/procurement/new", get(new_form))
        .route("/procurement/{id}", get(show))
        .route("/procurement/{id}/plan", get(edit_form).post(update))
        .route("/procurement/{id}/stage", post(advance))
        .route("/procurement/{id}/notice", post(save_notice))
        .route("/procurement/{id}/engagements", post(add_engagement))
}

const OUTCOME_ROWS: usize = 3;
const OWN_ROWS: usize = 2;
const PLAN_FIELDS: [&str; 11] = [
    "title",
    "reference",
    "roadmap_action_id",
    "need",
    "end_users",
    "procedure",
    "payment_approach",
    "budget",
    "currency",
    "outcomes",
    "requirements",
];

/// The stage's translated name.
pub(super) fn stage_name(chrome: &Chrome, stage: &str) -> String {
    chrome.t(&format!("pr-stage-{stage}"))
}

async fn city(state: &AppState, context: &RequestContext, slug: &str) -> Result<CityRow, AppError> {
    Ok(state
        .civitas
        .city_by_slug(&context.visitor, slug)
        .await?
        .city)
}

// ------------------------------------------------------------ list

#[derive(Template)]
#[template(path = "procurement_list.html")]
struct ListPage {
    chrome: Chrome,
    notice: Option<String>,
    city: CityRow,
    procurements: Vec<ProcurementRow>,
    can_edit: bool,
}

async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let city = city(&state, &context, &slug).await?;
    let list = state
        .civitas
        .procurements(&context.visitor, city.id)
        .await?;
    let chrome = Chrome::new(&state, &context);
    render(ListPage {
        notice: notice(&chrome, query.notice.as_deref()),
        chrome,
        city: list.city,
        procurements: list.procurements,
        can_edit: list.can_edit,
    })
}

// ------------------------------------------------------------ plan form

struct OutcomeRow {
    n: usize,
    choice: String,
    target: String,
    year: String,
    description: String,
}

struct ChecklistChoice {
    id: String,
    title: String,
    description: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "procurement_plan.html")]
struct PlanPage {
    chrome: Chrome,
    city: CityRow,
    heading: String,
    action: String,
    form: PlanForm,
    outcomes: Vec<OutcomeRow>,
    own: Vec<(usize, OwnRequirementForm)>,
    checklist: Vec<ChecklistChoice>,
    procedures: Vec<(&'static str, String)>,
    payments: Vec<(&'static str, String)>,
    roadmap: Vec<(String, String)>,
    kpi_choices: Vec<(String, String)>,
    problems: Problems,
    fields: [&'static str; 11],
}

impl PlanPage {
    fn error(&self, field: &str) -> Option<&String> {
        self.problems.errors.get(field)
    }
}

/// The form as sent: repeated checkboxes and numbered rows.
fn parse_plan(fields: &[(String, String)]) -> PlanForm {
    let mut outcomes = Vec::new();
    for n in 0..OUTCOME_ROWS {
        let choice = one(fields, &format!("outcome_kpi_{n}"));
        let (kpi, data_point) = choice
            .split_once('|')
            .map_or((choice.clone(), String::new()), |(k, d)| {
                (k.to_string(), d.to_string())
            });
        outcomes.push(OutcomeForm {
            kpi,
            data_point,
            target: one(fields, &format!("outcome_target_{n}")),
            target_year: one(fields, &format!("outcome_year_{n}")),
            description: one(fields, &format!("outcome_description_{n}")),
        });
    }
    let own_requirements = (0..OWN_ROWS)
        .map(|n| OwnRequirementForm {
            title: one(fields, &format!("own_title_{n}")),
            description: one(fields, &format!("own_description_{n}")),
        })
        .collect();
    PlanForm {
        title: one(fields, "title"),
        reference: one(fields, "reference"),
        roadmap_action_id: one(fields, "roadmap_action_id"),
        need: one(fields, "need"),
        end_users: one(fields, "end_users"),
        procedure: one(fields, "procedure"),
        payment_approach: one(fields, "payment_approach"),
        budget: one(fields, "budget"),
        currency: one(fields, "currency"),
        outcomes,
        requirements: many(fields, "requirement"),
        own_requirements,
    }
}

/// A stored plan as the form shows it.
fn form_of(view: &ProcurementView) -> PlanForm {
    let f = &view.procurement.fields;
    PlanForm {
        title: f.title.clone(),
        reference: f.reference.clone(),
        roadmap_action_id: f
            .roadmap_action_id
            .map(|a| a.to_string())
            .unwrap_or_default(),
        need: f.need.clone(),
        end_users: f.end_users.clone(),
        procedure: f.procedure.clone(),
        payment_approach: f.payment_approach.clone(),
        budget: f.budget.map(|b| b.to_string()).unwrap_or_default(),
        currency: f.currency.clone().unwrap_or_default(),
        outcomes: f
            .outcomes
            .iter()
            .map(|o| OutcomeForm {
                kpi: o.kpi.clone(),
                data_point: o.data_point.clone(),
                target: o.target.to_string(),
                target_year: o.target_year.map(|y| y.to_string()).unwrap_or_default(),
                description: o.description.clone(),
            })
            .collect(),
        requirements: view
            .requirements
            .iter()
            .filter_map(|r| r.fields.checklist_id.clone())
            .collect(),
        own_requirements: view
            .requirements
            .iter()
            .filter(|r| r.fields.checklist_id.is_none())
            .map(|r| OwnRequirementForm {
                title: r.fields.title.clone(),
                description: r.fields.description.clone(),
            })
            .collect(),
    }
}

async fn plan_page(
    state: &AppState,
    context: &RequestContext,
    city: CityRow,
    id: Option<i64>,
    form: PlanForm,
    problems: Problems,
) -> Result<PlanPage, AppError> {
    let chrome = Chrome::new(state, context);
    let lang = chrome.lang;
    let list = checklist()?;
    let roadmap = state
        .civitas
        .roadmap(&context.visitor, city.id)
        .await
        .map(|r| {
            r.actions
                .iter()
                .map(|a| (a.id.to_string(), a.title.clone()))
                .collect()
        })
        .unwrap_or_default();
    let kpi_choices = kpi_catalogue()
        .map(|c| {
            c.measures()
                .iter()
                .map(|m| {
                    let dp = m.data_point_id().unwrap_or("");
                    (
                        format!("{}|{dp}", m.kpi.code),
                        kpi_name(lang, &m.kpi.code, dp),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let outcomes = (0..OUTCOME_ROWS)
        .map(|n| match form.outcomes.get(n) {
            Some(o) if !o.kpi.is_empty() => OutcomeRow {
                n,
                choice: format!("{}|{}", o.kpi, o.data_point),
                target: o.target.clone(),
                year: o.target_year.clone(),
                description: o.description.clone(),
            },
            _ => OutcomeRow {
                n,
                choice: String::new(),
                target: String::new(),
                year: String::new(),
                description: String::new(),
            },
        })
        .collect();
    let own = (0..OWN_ROWS.max(form.own_requirements.len()))
        .map(|n| (n, form.own_requirements.get(n).cloned().unwrap_or_default()))
        .collect();
    let checklist = list
        .requirements
        .iter()
        .map(|r| ChecklistChoice {
            checked: form.requirements.contains(&r.id),
            id: r.id.clone(),
            title: r.title.clone(),
            description: r.description.clone(),
        })
        .collect();
    let (heading, action) = match id {
        Some(id) => (
            chrome.t("pr-edit-plan-heading"),
            format!("/procurement/{id}/plan"),
        ),
        None => (
            chrome.t("pr-new-heading"),
            format!("/cities/{}/procurement", city.slug),
        ),
    };
    Ok(PlanPage {
        procedures: PROCEDURES
            .iter()
            .map(|p| (*p, chrome.t(&format!("pr-procedure-{p}"))))
            .collect(),
        payments: PAYMENT_APPROACHES
            .iter()
            .map(|p| (*p, chrome.t(&format!("pr-payment-{p}"))))
            .collect(),
        heading,
        action,
        city,
        form,
        outcomes,
        own,
        checklist,
        roadmap,
        kpi_choices,
        problems,
        fields: PLAN_FIELDS,
        chrome,
    })
}

async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let city = city(&state, &context, &slug).await?;
    // Only those who may open one see the form.
    civitas_domain::policy::authorize(
        &context.visitor.actor,
        civitas_domain::Action::EditCityData(civitas_domain::CityId(city.id)),
    )
    .map_err(ServiceError::from)?;
    let form = PlanForm {
        procedure: "open".into(),
        payment_approach: "fixed-price".into(),
        ..PlanForm::default()
    };
    render(plan_page(&state, &context, city, None, form, Problems::default()).await?)
}

async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let city = city(&state, &context, &slug).await?;
    let form = parse_plan(&fields);
    match state
        .civitas
        .create_procurement(&context.visitor, city.id, &form)
        .await
    {
        Ok(row) => Ok(see_other(&format!(
            "/procurement/{}?notice=created",
            row.id
        ))),
        Err(error) => {
            let chrome = Chrome::new(&state, &context);
            let problems = Problems::from_error(&chrome, error)?;
            let page = plan_page(&state, &context, city, None, form, problems).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
    }
}

async fn edit_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let view = state.civitas.procurement(&context.visitor, id).await?;
    if !view.can_edit {
        return Err(ServiceError::Denied(civitas_domain::Denied::Forbidden).into());
    }
    let form = form_of(&view);
    render(
        plan_page(
            &state,
            &context,
            view.city,
            Some(id),
            form,
            Problems::default(),
        )
        .await?,
    )
}

async fn update(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = parse_plan(&fields);
    match state
        .civitas
        .update_procurement_plan(&context.visitor, id, &form)
        .await
    {
        Ok(_) => Ok(see_other(&format!("/procurement/{id}?notice=plan-saved"))),
        Err(error) => {
            let chrome = Chrome::new(&state, &context);
            let problems = Problems::from_error(&chrome, error)?;
            let view = state.civitas.procurement(&context.visitor, id).await?;
            let page = plan_page(&state, &context, view.city, Some(id), form, problems).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
    }
}

// ------------------------------------------------------------ overview

struct OutcomeLine {
    kpi: String,
    target: String,
    year: String,
    description: String,
}

#[derive(Template)]
#[template(path = "procurement_overview.html")]
struct OverviewPage {
    chrome: Chrome,
    notice: Option<String>,
    v: ProcurementView,
    stage: String,
    procedure: String,
    payment: String,
    budget: String,
    outcomes: Vec<OutcomeLine>,
    /// (stage key, button label) the visitor may move to.
    next_stage: Option<(&'static str, String)>,
    notice_form: NoticeForm,
    engagement: EngagementForm,
    kinds: Vec<(&'static str, String)>,
    problems: Problems,
    public_path: Option<String>,
}

impl OverviewPage {
    fn kind_name(&self, kind: &str) -> String {
        self.chrome.t(&format!("pr-engagement-{kind}"))
    }
    fn status_name(&self, status: &str) -> String {
        self.chrome.t(&format!("pr-obligation-{status}"))
    }
}

async fn overview(
    state: &AppState,
    context: &RequestContext,
    id: i64,
    problems: Problems,
) -> Result<OverviewPage, AppError> {
    let v = state.civitas.procurement(&context.visitor, id).await?;
    let chrome = Chrome::new(state, context);
    let lang = chrome.lang;
    let f = &v.procurement.fields;
    let next_stage = match f.stage.as_str() {
        "plan" if v.can_edit => Some("inform-market"),
        "inform-market" if v.can_steer && f.criteria_frozen_at.is_some() => Some("evaluate-award"),
        "manage-delivery" if v.can_steer => Some("closed"),
        _ => None,
    }
    .map(|s| {
        (
            s,
            chrome.t1("pr-advance-to", "stage", stage_name(&chrome, s)),
        )
    });
    let notice_form = NoticeForm {
        notice: f.notice.clone(),
        questions_deadline: f.questions_deadline.clone().unwrap_or_default(),
        submission_deadline: f.submission_deadline.clone().unwrap_or_default(),
        published: if f.notice_published { "yes" } else { "" }.into(),
    };
    Ok(OverviewPage {
        stage: stage_name(&chrome, &f.stage),
        procedure: chrome.t(&format!("pr-procedure-{}", f.procedure)),
        payment: chrome.t(&format!("pr-payment-{}", f.payment_approach)),
        budget: f
            .budget
            .map(|b| {
                format!(
                    "{} {}",
                    number(lang, b),
                    f.currency.clone().unwrap_or_default()
                )
            })
            .unwrap_or_else(|| "–".into()),
        outcomes: f
            .outcomes
            .iter()
            .map(|o| OutcomeLine {
                kpi: kpi_name(lang, &o.kpi, &o.data_point),
                target: number(lang, o.target),
                year: o.target_year.map(|y| y.to_string()).unwrap_or_default(),
                description: o.description.clone(),
            })
            .collect(),
        public_path: (f.notice_published && v.city.published)
            .then(|| format!("/cities/{}/tenders/{}", v.city.slug, v.procurement.id)),
        next_stage,
        notice_form,
        engagement: EngagementForm {
            kind: "event".into(),
            ..EngagementForm::default()
        },
        kinds: ENGAGEMENT_KINDS
            .iter()
            .map(|k| (*k, chrome.t(&format!("pr-engagement-{k}"))))
            .collect(),
        problems,
        notice: None,
        v,
        chrome,
    })
}

async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = overview(&state, &context, id, Problems::default()).await?;
    page.notice = notice(&page.chrome, query.notice.as_deref());
    render(page)
}

/// The overview again with what went wrong, or the error to raise.
async fn refused_overview(
    state: &AppState,
    context: &RequestContext,
    id: i64,
    error: ServiceError,
    keep: impl FnOnce(&mut OverviewPage),
) -> Result<Response, AppError> {
    let chrome = Chrome::new(state, context);
    let problems = Problems::from_error(&chrome, error)?;
    let mut page = overview(state, context, id, problems).await?;
    keep(&mut page);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}

#[derive(serde::Deserialize)]
struct StageForm {
    #[serde(default)]
    stage: String,
}

async fn advance(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Form(form): Form<StageForm>,
) -> Result<Response, AppError> {
    match state
        .civitas
        .advance_procurement_stage(&context.visitor, id, &form.stage)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/procurement/{id}?notice=stage-advanced"
        ))),
        Err(error) => refused_overview(&state, &context, id, error, |_| {}).await,
    }
}

async fn save_notice(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Form(form): Form<NoticeForm>,
) -> Result<Response, AppError> {
    match state
        .civitas
        .save_procurement_notice(&context.visitor, id, &form)
        .await
    {
        Ok(_) => Ok(see_other(&format!("/procurement/{id}?notice=notice-saved"))),
        Err(error) => refused_overview(&state, &context, id, error, |p| p.notice_form = form).await,
    }
}

async fn add_engagement(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Form(form): Form<EngagementForm>,
) -> Result<Response, AppError> {
    match state
        .civitas
        .add_procurement_engagement(&context.visitor, id, &form)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/procurement/{id}?notice=engagement-added"
        ))),
        Err(error) => refused_overview(&state, &context, id, error, |p| p.engagement = form).await,
    }
}
