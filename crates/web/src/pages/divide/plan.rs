//! The digital inclusion plan: its actions as a table, the action form (new
//! and edit; the gap is chosen from the taxonomy of the city's latest
//! declared survey), deletion after a confirmation, and the plan exported
//! as one printable page and as a PDF.

use super::taxonomy::gap_line;
use super::{NoticeQuery, city, gap_label, indicator_name, notice};
use crate::AppError;
use crate::i18n::{Lang, format_count, format_decimal, format_time};
use crate::pages::members::ConfirmPage;
use crate::pages::{Chrome, FormErrors, render, see_other};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use civitas_domain::{Action, CityId, policy};
use civitas_service::ServiceError;
use civitas_service::divide::{DELIVERY_FRAMEWORKS, InclusionActionForm, indicator_catalogue};
use civitas_service::strategy::STATUSES;
use civitas_snapshot::{PdfTable, RoadmapPdfDoc, roadmap_pdf};
use civitas_store::{CityRow, InclusionActionRow};
use serde::Deserialize;

pub(super) fn routes() -> Router<AppState> {
    const P: &str = "/cities/{slug}/divide/plan";
    Router::new()
        .route(P, get(list).post(create))
        .route(&format!("{P}/new"), get(new_form))
        .route(&format!("{P}/export"), get(export))
        .route("/cities/{slug}/divide/plan.pdf", get(pdf))
        .route(&format!("{P}/{{action}}"), get(edit_form).post(update))
        .route(
            &format!("{P}/{{action}}/delete"),
            get(confirm_delete).post(delete),
        )
}

/// An action as the plan's table, the export and the public page show it.
pub(super) struct ActionLine {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub gap: String,
    pub owner: String,
    pub budget: String,
    pub delivery: String,
    pub finance_model: String,
    pub dates: String,
    pub indicator: String,
    pub target: String,
    pub status: String,
}

fn number(lang: Lang, v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format_count(lang, v as i64)
    } else {
        format_decimal(lang, v, 2)
    }
}

pub(super) fn action_lines(chrome: &Chrome, actions: &[InclusionActionRow]) -> Vec<ActionLine> {
    let lang = chrome.lang;
    actions
        .iter()
        .map(|a| {
            let f = &a.fields;
            ActionLine {
                id: a.id,
                title: f.title.clone(),
                description: f.description.clone(),
                gap: gap_label(chrome, &f.gap),
                owner: f.owner.clone(),
                budget: match (f.budget, &f.currency) {
                    (Some(b), Some(c)) => format!("{} {c}", number(lang, b)),
                    (Some(b), None) => number(lang, b),
                    _ => "–".into(),
                },
                delivery: chrome.t(&format!("dv-delivery-{}", f.delivery)),
                finance_model: f.finance_model.clone(),
                dates: format!("{} – {}", f.start_date, f.end_date),
                indicator: indicator_name(chrome, &f.indicator),
                target: f
                    .target
                    .map_or("–".into(), |t| format!("{} %", number(lang, t))),
                status: chrome.t(&format!("dv-status-{}", f.status)),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "divide_plan.html")]
struct PlanPage {
    chrome: Chrome,
    notice: Option<String>,
    city: CityRow,
    actions: Vec<ActionLine>,
    editable: bool,
}

async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let city = city(&state, &context, &slug).await?;
    let actions = state
        .civitas
        .inclusion_plan(&context.visitor, city.id)
        .await?;
    let chrome = Chrome::new(&state, &context);
    render(PlanPage {
        notice: notice(&chrome, query.notice.as_deref()),
        actions: action_lines(&chrome, &actions),
        editable: policy::authorize(
            &context.visitor.actor,
            Action::EditCityData(CityId(city.id)),
        )
        .is_ok(),
        city,
        chrome,
    })
}

#[derive(Template)]
#[template(path = "divide_action.html")]
struct ActionPage {
    chrome: Chrome,
    city: CityRow,
    heading: String,
    action: String,
    form: InclusionActionForm,
    gaps: Vec<(String, String)>,
    indicators: Vec<(String, String)>,
    deliveries: Vec<(&'static str, String)>,
    statuses: Vec<(&'static str, String)>,
    errors: FormErrors,
}

/// The gaps offered: the taxonomy of the city's latest declared survey,
/// largest first, with the form's own value kept when it is not among them.
async fn gap_choices(
    state: &AppState,
    context: &RequestContext,
    chrome: &Chrome,
    city: i64,
    current: &str,
) -> Result<Vec<(String, String)>, AppError> {
    let mut out = Vec::new();
    let surveys = state
        .civitas
        .survey_datasets(&context.visitor, city)
        .await?;
    if let Some(latest) = surveys.iter().find(|s| s.mapping.is_some()) {
        let report = state
            .civitas
            .divide_report(&context.visitor, latest.id)
            .await?;
        for t in &report.taxonomy {
            let line = gap_line(chrome, t);
            out.push((
                line.gap,
                format!(
                    "{} – {}: {} ({}, −{})",
                    line.indicator, line.breakdown, line.group, line.people, line.gap_pp
                ),
            ));
        }
    }
    if !current.is_empty() && !out.iter().any(|(g, _)| g == current) {
        out.insert(0, (current.to_string(), gap_label(chrome, current)));
    }
    Ok(out)
}

async fn action_page(
    state: &AppState,
    context: &RequestContext,
    city: CityRow,
    heading: String,
    action: String,
    form: InclusionActionForm,
) -> Result<ActionPage, AppError> {
    policy::authorize(
        &context.visitor.actor,
        Action::EditCityData(CityId(city.id)),
    )
    .map_err(ServiceError::from)?;
    let chrome = Chrome::new(state, context);
    Ok(ActionPage {
        gaps: gap_choices(state, context, &chrome, city.id, &form.gap).await?,
        indicators: indicator_catalogue()?
            .iter()
            .map(|i| {
                (
                    i.id.clone(),
                    format!("{} ({})", indicator_name(&chrome, &i.id), i.code),
                )
            })
            .collect(),
        deliveries: DELIVERY_FRAMEWORKS
            .iter()
            .map(|d| (*d, chrome.t(&format!("dv-delivery-{d}"))))
            .collect(),
        statuses: STATUSES
            .iter()
            .map(|s| (*s, chrome.t(&format!("dv-status-{s}"))))
            .collect(),
        errors: FormErrors::default(),
        heading,
        action,
        form,
        city,
        chrome,
    })
}

#[derive(Deserialize, Default)]
struct NewQuery {
    gap: Option<String>,
}

async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Query(query): Query<NewQuery>,
) -> Result<Response, AppError> {
    let city = city(&state, &context, &slug).await?;
    let gap = query.gap.unwrap_or_default();
    let form = InclusionActionForm {
        indicator: gap.split('/').next().unwrap_or_default().to_string(),
        gap,
        status: "planned".into(),
        ..Default::default()
    };
    let chrome = Chrome::new(&state, &context);
    let heading = chrome.t("dv-action-new");
    render(
        action_page(
            &state,
            &context,
            city,
            heading,
            format!("/cities/{slug}/divide/plan"),
            form,
        )
        .await?,
    )
}

fn form_of(row: &InclusionActionRow) -> InclusionActionForm {
    let f = &row.fields;
    let text = |v: Option<f64>| v.map(|v| format!("{v}")).unwrap_or_default();
    InclusionActionForm {
        gap: f.gap.clone(),
        title: f.title.clone(),
        description: f.description.clone(),
        owner: f.owner.clone(),
        budget: text(f.budget),
        currency: f.currency.clone().unwrap_or_default(),
        delivery: f.delivery.clone(),
        finance_model: f.finance_model.clone(),
        start_date: f.start_date.clone(),
        end_date: f.end_date.clone(),
        indicator: f.indicator.clone(),
        target: text(f.target),
        status: f.status.clone(),
    }
}

/// An action of the city named in the URL.
async fn action_of(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
) -> Result<(CityRow, InclusionActionRow), AppError> {
    let city = city(state, context, slug).await?;
    policy::authorize(
        &context.visitor.actor,
        Action::ViewCityWorkspace(CityId(city.id)),
    )
    .map_err(ServiceError::from)?;
    let action = state.civitas.inclusion_action(&context.visitor, id).await?;
    if action.city_id != city.id {
        return Err(ServiceError::NotFound.into());
    }
    Ok((city, action))
}

async fn edit_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (city, action) = action_of(&state, &context, &slug, id).await?;
    let chrome = Chrome::new(&state, &context);
    let heading = chrome.t1("dv-action-edit", "title", &action.fields.title);
    render(
        action_page(
            &state,
            &context,
            city,
            heading,
            format!("/cities/{slug}/divide/plan/{id}"),
            form_of(&action),
        )
        .await?,
    )
}

async fn save(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    existing: Option<i64>,
    form: InclusionActionForm,
) -> Result<Response, AppError> {
    let city = city(state, context, slug).await?;
    let result = match existing {
        Some(id) => {
            action_of(state, context, slug, id).await?;
            state
                .civitas
                .update_inclusion_action(&context.visitor, id, &form)
                .await
        }
        None => {
            state
                .civitas
                .create_inclusion_action(&context.visitor, city.id, &form)
                .await
        }
    };
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/cities/{slug}/divide/plan?notice=action-saved"
        ))),
        Err(ServiceError::Invalid(errors)) => {
            let chrome = Chrome::new(state, context);
            let (heading, action) = match existing {
                Some(id) => (
                    chrome.t1("dv-action-edit", "title", &form.title),
                    format!("/cities/{slug}/divide/plan/{id}"),
                ),
                None => (
                    chrome.t("dv-action-new"),
                    format!("/cities/{slug}/divide/plan"),
                ),
            };
            let mut page = action_page(state, context, city, heading, action, form).await?;
            page.errors = FormErrors::from_fields(&page.chrome, &errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Form(form): Form<InclusionActionForm>,
) -> Result<Response, AppError> {
    save(&state, &context, &slug, None, form).await
}

async fn update(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<InclusionActionForm>,
) -> Result<Response, AppError> {
    save(&state, &context, &slug, Some(id), form).await
}

async fn confirm_delete(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (city, action) = action_of(&state, &context, &slug, id).await?;
    policy::authorize(
        &context.visitor.actor,
        Action::EditCityData(CityId(city.id)),
    )
    .map_err(ServiceError::from)?;
    let chrome = Chrome::new(&state, &context);
    render(ConfirmPage {
        title: chrome.t("dv-action-delete-title"),
        question: chrome.t1("dv-action-delete-question", "title", &action.fields.title),
        action: format!("/cities/{slug}/divide/plan/{id}/delete"),
        confirm_label: chrome.t("dv-action-delete-button"),
        cancel_href: format!("/cities/{slug}/divide/plan"),
        chrome,
    })
}

async fn delete(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    action_of(&state, &context, &slug, id).await?;
    state
        .civitas
        .delete_inclusion_action(&context.visitor, id)
        .await?;
    Ok(see_other(&format!(
        "/cities/{slug}/divide/plan?notice=action-deleted"
    )))
}

#[derive(Template)]
#[template(path = "divide_plan_export.html")]
struct ExportPage {
    chrome: Chrome,
    city: CityRow,
    actions: Vec<ActionLine>,
    as_of: String,
}

async fn export(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let city = city(&state, &context, &slug).await?;
    let actions = state
        .civitas
        .public_inclusion_plan(&context.visitor, city.id)
        .await?;
    let chrome = Chrome::new(&state, &context);
    render(ExportPage {
        as_of: format_time(&state.i18n, chrome.lang, state.civitas.now()),
        actions: action_lines(&chrome, &actions),
        city,
        chrome,
    })
}

async fn pdf(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let city = city(&state, &context, &slug).await?;
    let actions = state
        .civitas
        .public_inclusion_plan(&context.visitor, city.id)
        .await?;
    let chrome = Chrome::new(&state, &context);
    let lines = action_lines(&chrome, &actions);
    let bytes = plan_pdf(&state, &chrome, &city, &lines)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"inclusion-plan-{}.pdf\"", city.slug),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The plan as a PDF: the City Snapshot's layout and embedded font through
/// `civitas_snapshot::roadmap_pdf` (a title, a lead and tables), so Arabic
/// is shaped and runs right to left.
fn plan_pdf(
    state: &AppState,
    chrome: &Chrome,
    city: &CityRow,
    lines: &[ActionLine],
) -> Result<Vec<u8>, AppError> {
    let t = |key: &str| chrome.t(key);
    let mut tables = vec![PdfTable {
        heading: t("dv-plan-short"),
        columns: vec![
            t("dv-col-action"),
            t("dv-col-gap-answered"),
            t("dv-col-owner"),
            t("dv-col-budget"),
            t("dv-col-delivery"),
            t("dv-col-dates"),
            t("dv-col-progress-indicator"),
            t("dv-col-status"),
        ],
        widths: vec![2.0, 2.0, 1.2, 1.0, 1.2, 1.4, 1.6, 0.9],
        rows: lines
            .iter()
            .map(|a| {
                vec![
                    a.title.clone(),
                    a.gap.clone(),
                    a.owner.clone(),
                    a.budget.clone(),
                    a.delivery.clone(),
                    a.dates.clone(),
                    format!("{} → {}", a.indicator, a.target),
                    a.status.clone(),
                ]
            })
            .collect(),
        empty: t("dv-plan-empty"),
    }];
    // Descriptions and finance models, which need room of their own.
    tables.push(PdfTable {
        heading: t("dv-col-finance"),
        columns: vec![
            t("dv-col-action"),
            t("dv-col-finance"),
            t("dv-field-description"),
        ],
        widths: vec![1.2, 1.5, 3.0],
        rows: lines
            .iter()
            .map(|a| {
                vec![
                    a.title.clone(),
                    a.finance_model.clone(),
                    a.description.clone(),
                ]
            })
            .collect(),
        empty: t("dv-plan-empty"),
    });
    let doc = RoadmapPdfDoc {
        language: chrome.lang.code().to_string(),
        rtl: chrome.lang == Lang::Ar,
        title: chrome.t1("dv-plan-title", "city", &city.name),
        lead: vec![
            chrome.t1(
                "dv-plan-as-of",
                "date",
                format_time(&state.i18n, chrome.lang, state.civitas.now()),
            ),
            t("dv-plan-lead"),
        ],
        tables,
        page: t("dv-pdf-page"),
    };
    roadmap_pdf(&doc).map_err(|e| AppError::Internal(format!("inclusion plan PDF: {e}")))
}
