//! A roadmap action's form (new and edit) and its deletion after a
//! confirmation. KPI rows: the action's own plus empty ones; "More KPI rows"
//! adds three without saving, so it works without JavaScript.

use super::roadmap::city;
use super::{Errors, Names, Text};
use crate::AppError;
use crate::pages::kpi_names::{kpi_catalogue, kpi_name};
use crate::pages::members::ConfirmPage;
use crate::pages::{Chrome, render, see_other};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use civitas_domain::{Action, CityId, Denied, policy};
use civitas_service::ServiceError;
use civitas_service::strategy::{
    ActionForm, ActionKpiForm, ActionRoleForm, FUNDING_SOURCES, ROLES, STATUSES,
};
use civitas_store::{CityRow, RoadmapActionRow, StakeholderRow};
use serde::Deserialize;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/cities/{slug}/roadmap/actions/new", get(new_form))
        .route(
            "/cities/{slug}/roadmap/actions",
            axum::routing::post(create),
        )
        .route(
            "/cities/{slug}/roadmap/actions/{id}",
            get(edit_form).post(update),
        )
        .route(
            "/cities/{slug}/roadmap/actions/{id}/delete",
            get(confirm_delete).post(delete),
        )
}

/// Empty KPI rows offered below the action's own.
const EMPTY_KPI_ROWS: usize = 2;
const MAX_KPI_ROWS: usize = 30;

struct KpiRowState {
    n: usize,
    /// `code|data point`.
    choice: String,
    target: String,
    year: String,
}

struct ElementChoice {
    id: String,
    name: Text,
    checked: bool,
}

struct PillarChoices {
    name: Text,
    elements: Vec<ElementChoice>,
}

#[derive(Template)]
#[template(path = "strategy_action.html")]
struct ActionPage {
    chrome: Chrome,
    city: CityRow,
    title: String,
    action: String,
    form: ActionForm,
    kpi_rows: Vec<KpiRowState>,
    kpi_choices: Vec<(String, String)>,
    others: Vec<(i64, String, bool)>,
    pillars: Vec<PillarChoices>,
    stakeholders: Vec<StakeholderRow>,
    roles: Vec<(&'static str, String)>,
    statuses: Vec<(&'static str, String)>,
    funding: Vec<(&'static str, String)>,
    errors: Errors,
}

impl ActionPage {
    fn has_role(&self, stakeholder: &i64, role: &str) -> bool {
        let id = stakeholder.to_string();
        self.form
            .roles
            .iter()
            .any(|r| r.stakeholder == id && r.role == role)
    }
}

#[derive(Deserialize, Default)]
struct NewQuery {
    /// Pre-ticks a pillar element (from the gap analysis).
    element: Option<String>,
    /// Pre-fills a KPI row (`code` or `code|data point`).
    kpi: Option<String>,
}

/// The form as sent: repeated checkboxes and numbered KPI rows.
fn parse(fields: &[(String, String)]) -> (ActionForm, usize, bool) {
    let one = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let many = |name: &str| -> Vec<String> {
        fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let rows = one("kpi_rows")
        .parse::<usize>()
        .unwrap_or(0)
        .min(MAX_KPI_ROWS);
    let mut kpis = Vec::new();
    for n in 0..rows {
        let choice = one(&format!("kpi_{n}"));
        let (kpi, data_point) = choice
            .split_once('|')
            .map_or((choice.clone(), String::new()), |(k, d)| {
                (k.to_string(), d.to_string())
            });
        kpis.push(ActionKpiForm {
            kpi,
            data_point,
            target: one(&format!("kpi_target_{n}")),
            target_year: one(&format!("kpi_year_{n}")),
        });
    }
    let roles = many("role")
        .into_iter()
        .filter_map(|v| {
            v.split_once(':').map(|(s, r)| ActionRoleForm {
                stakeholder: s.to_string(),
                role: r.to_string(),
            })
        })
        .collect();
    let form = ActionForm {
        title: one("title"),
        description: one("description"),
        owner: one("owner"),
        budget: one("budget"),
        currency: one("currency"),
        funding_source: one("funding_source"),
        start_date: one("start_date"),
        end_date: one("end_date"),
        status: one("status"),
        depends_on: many("depends_on"),
        elements: many("elements"),
        kpis,
        roles,
    };
    (form, rows, one("intent") == "more")
}

fn form_of(a: &RoadmapActionRow) -> ActionForm {
    ActionForm {
        title: a.title.clone(),
        description: a.description.clone(),
        owner: a.owner.clone(),
        budget: a.budget.map(|b| b.to_string()).unwrap_or_default(),
        currency: a.currency.clone().unwrap_or_default(),
        funding_source: a.funding_source.clone(),
        start_date: a.start_date.clone(),
        end_date: a.end_date.clone(),
        status: a.status.clone(),
        depends_on: a.depends_on.iter().map(|d| d.to_string()).collect(),
        elements: a.elements.clone(),
        kpis: a
            .kpis
            .iter()
            .map(|k| ActionKpiForm {
                kpi: k.kpi.clone(),
                data_point: k.data_point.clone(),
                target: k.target.map(|t| t.to_string()).unwrap_or_default(),
                target_year: k.target_year.map(|y| y.to_string()).unwrap_or_default(),
            })
            .collect(),
        roles: a
            .roles
            .iter()
            .map(|r| ActionRoleForm {
                stakeholder: r.stakeholder_id.to_string(),
                role: r.role.clone(),
            })
            .collect(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    context: &RequestContext,
    city: CityRow,
    editing: Option<&RoadmapActionRow>,
    form: ActionForm,
    rows: usize,
    errors: &[civitas_domain::validation::FieldError],
) -> Result<ActionPage, AppError> {
    let chrome = Chrome::new(state, context);
    let lang = chrome.lang;
    let roadmap = state.civitas.roadmap(&context.visitor, city.id).await?;
    if !roadmap.can_edit {
        return Err(ServiceError::Denied(Denied::Forbidden).into());
    }
    let framework = state.civitas.pillar_framework()?;
    let names = Names {
        framework: &framework,
        lang,
    };
    let kpi_choices = kpi_catalogue()
        .map(|c| {
            c.measures()
                .iter()
                .map(|m| {
                    let value = format!("{}|{}", m.kpi.code, m.data_point_id().unwrap_or(""));
                    let label = kpi_name(lang, &m.kpi.code, m.data_point_id().unwrap_or(""));
                    (value, label)
                })
                .collect()
        })
        .unwrap_or_default();
    let rows = rows.max(form.kpis.len() + EMPTY_KPI_ROWS).min(MAX_KPI_ROWS);
    let kpi_rows = (0..rows)
        .map(|n| match form.kpis.get(n) {
            Some(k) if !k.kpi.is_empty() => KpiRowState {
                n,
                choice: format!("{}|{}", k.kpi, k.data_point),
                target: k.target.clone(),
                year: k.target_year.clone(),
            },
            other => KpiRowState {
                n,
                choice: String::new(),
                target: other.map(|k| k.target.clone()).unwrap_or_default(),
                year: other.map(|k| k.target_year.clone()).unwrap_or_default(),
            },
        })
        .collect();
    let others = roadmap
        .actions
        .iter()
        .filter(|a| Some(a.id) != editing.map(|e| e.id))
        .map(|a| {
            (
                a.id,
                a.title.clone(),
                form.depends_on.contains(&a.id.to_string()),
            )
        })
        .collect();
    let pillars = framework
        .pillars
        .iter()
        .map(|p| PillarChoices {
            name: names.pillar(&p.id),
            elements: p
                .elements
                .iter()
                .map(|e| ElementChoice {
                    id: e.id.clone(),
                    name: names.element(&e.id),
                    checked: form.elements.contains(&e.id),
                })
                .collect(),
        })
        .collect();
    let (title, action) = match editing {
        Some(a) => (
            chrome.t1("st-edit-action-title", "title", &a.title),
            format!("/cities/{}/roadmap/actions/{}", city.slug, a.id),
        ),
        None => (
            chrome.t("st-new-action-title"),
            format!("/cities/{}/roadmap/actions", city.slug),
        ),
    };
    Ok(ActionPage {
        errors: Errors::from_fields(&chrome, errors),
        roles: ROLES
            .iter()
            .map(|r| (*r, chrome.t(&format!("st-role-{r}"))))
            .collect(),
        statuses: STATUSES
            .iter()
            .map(|s| (*s, chrome.t(&format!("st-status-{s}"))))
            .collect(),
        funding: FUNDING_SOURCES
            .iter()
            .map(|f| (*f, chrome.t(&format!("st-funding-{f}"))))
            .collect(),
        stakeholders: roadmap.stakeholders,
        title,
        action,
        form,
        kpi_rows,
        kpi_choices,
        others,
        pillars,
        city,
        chrome,
    })
}

async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Query(query): Query<NewQuery>,
) -> Result<Response, AppError> {
    let city = city(&state, &context, &slug).await?;
    let mut form = ActionForm {
        status: "planned".into(),
        funding_source: "municipal-budget".into(),
        ..ActionForm::default()
    };
    if let Some(element) = query.element {
        form.elements.push(element);
    }
    if let Some(kpi) = query.kpi {
        let (kpi, data_point) = kpi
            .split_once('|')
            .map_or((kpi.clone(), String::new()), |(k, d)| {
                (k.to_string(), d.to_string())
            });
        form.kpis.push(ActionKpiForm {
            kpi,
            data_point,
            ..ActionKpiForm::default()
        });
    }
    render(page(&state, &context, city, None, form, 0, &[]).await?)
}

async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let city = city(&state, &context, &slug).await?;
    let (form, rows, more) = parse(&fields);
    if more {
        policy::authorize(
            &context.visitor.actor,
            Action::EditCityData(CityId(city.id)),
        )
        .map_err(ServiceError::from)?;
        return render(page(&state, &context, city, None, form, rows + 3, &[]).await?);
    }
    match state
        .civitas
        .create_roadmap_action(&context.visitor, city.id, &form)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/cities/{slug}/roadmap?notice=action-saved"
        ))),
        Err(ServiceError::Invalid(errors)) => {
            let page = page(&state, &context, city, None, form, rows, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// The action, if it belongs to the city of `slug`.
async fn load(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
) -> Result<(CityRow, RoadmapActionRow), AppError> {
    let city = city(state, context, slug).await?;
    // Strangers are refused as for the roadmap itself, before the action is looked up.
    state
        .civitas
        .stakeholders(&context.visitor, city.id)
        .await?;
    let action = state.civitas.roadmap_action(&context.visitor, id).await?;
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
    let (city, action) = load(&state, &context, &slug, id).await?;
    let form = form_of(&action);
    render(page(&state, &context, city, Some(&action), form, 0, &[]).await?)
}

async fn update(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (city, action) = load(&state, &context, &slug, id).await?;
    let (form, rows, more) = parse(&fields);
    if more {
        return render(page(&state, &context, city, Some(&action), form, rows + 3, &[]).await?);
    }
    match state
        .civitas
        .update_roadmap_action(&context.visitor, id, &form)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/cities/{slug}/roadmap?notice=action-saved"
        ))),
        Err(ServiceError::Invalid(errors)) => {
            let page = page(&state, &context, city, Some(&action), form, rows, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

async fn confirm_delete(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (city, action) = load(&state, &context, &slug, id).await?;
    policy::authorize(
        &context.visitor.actor,
        Action::EditCityData(CityId(city.id)),
    )
    .map_err(ServiceError::from)?;
    let chrome = Chrome::new(&state, &context);
    render(ConfirmPage {
        title: chrome.t("st-delete-title"),
        question: chrome.t1("st-delete-question", "title", &action.title),
        action: format!("/cities/{slug}/roadmap/actions/{id}/delete"),
        confirm_label: chrome.t("st-delete-button"),
        cancel_href: format!("/cities/{slug}/roadmap"),
        chrome,
    })
}

async fn delete(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    load(&state, &context, &slug, id).await?;
    state
        .civitas
        .delete_roadmap_action(&context.visitor, id)
        .await?;
    Ok(see_other(&format!(
        "/cities/{slug}/roadmap?notice=action-deleted"
    )))
}
