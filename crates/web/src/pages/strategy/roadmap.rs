//! The roadmap's views: the timeline (SVG Gantt with its table), actions by
//! pillar, budget by funding source with totals per currency, progress
//! against linked KPIs; and the stakeholder map (government levels ×
//! sectors) with the roles per action (RACI) and a form to add stakeholders.

use super::charts::{Gantt, GanttBar, day_number, gantt_svg};
use super::{Errors, Names, Text, number};
use crate::AppError;
use crate::i18n::Lang;
use crate::pages::kpi_names::kpi_name;
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
use civitas_service::ServiceError;
use civitas_service::strategy::{Roadmap, SECTORS, STAKEHOLDER_LEVELS, StakeholderForm};
use civitas_store::CityRow;
use serde::Deserialize;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/cities/{slug}/roadmap", get(show))
        .route(
            "/cities/{slug}/roadmap/stakeholders",
            get(stakeholders).post(add_stakeholder),
        )
}

#[derive(Deserialize, Default)]
pub(super) struct NoticeQuery {
    notice: Option<String>,
}

pub(super) fn notice(chrome: &Chrome, key: Option<&str>) -> Option<String> {
    const KNOWN: &[&str] = &["action-saved", "action-deleted", "stakeholder-added"];
    key.filter(|k| KNOWN.contains(k))
        .map(|k| chrome.t(&format!("st-notice-{k}")))
}

pub(super) async fn city(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
) -> Result<CityRow, AppError> {
    Ok(state
        .civitas
        .city_by_slug(&context.visitor, slug)
        .await?
        .city)
}

// ------------------------------------------------------------ the model

pub(super) struct ActionLine {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub owner: String,
    pub start: String,
    pub end: String,
    pub status: String,
    pub status_label: String,
    pub budget: String,
    pub funding: String,
    pub depends: Vec<String>,
    pub elements: Vec<Text>,
    pub kpis: Vec<String>,
    pub roles: Vec<String>,
}

pub(super) struct PillarView {
    pub name: Text,
    pub actions: Vec<String>,
}

pub(super) struct FundingLine {
    pub funding: String,
    pub currency: String,
    pub total: String,
    pub actions: usize,
}

pub(super) struct ProgressLine {
    pub action: String,
    pub kpi: String,
    pub baseline: String,
    pub latest: String,
    pub target: String,
    pub pct: String,
    pub pct_value: Option<f64>,
}

pub(super) struct MapCell {
    pub names: Vec<String>,
}

pub(super) struct MapRow {
    pub level: String,
    pub cells: Vec<MapCell>,
}

pub(super) struct RaciRow {
    pub action: String,
    /// Per stakeholder (in `stakeholders` order), the roles' names.
    pub cells: Vec<String>,
}

/// Everything the roadmap page, the printable export and the PDF show.
pub(super) struct RoadmapModel {
    pub roadmap: Roadmap,
    pub actions: Vec<ActionLine>,
    pub by_pillar: Vec<PillarView>,
    pub by_funding: Vec<FundingLine>,
    pub progress: Vec<ProgressLine>,
    pub sectors: Vec<String>,
    pub map: Vec<MapRow>,
    pub raci: Vec<RaciRow>,
    pub gantt_svg: String,
}

fn money(lang: Lang, value: f64, currency: Option<&str>) -> String {
    match currency {
        Some(c) => format!("{} {c}", number(lang, value)),
        None => number(lang, value),
    }
}

pub(super) fn model(
    chrome: &Chrome,
    roadmap: Roadmap,
    framework: &civitas_service::strategy::Framework,
) -> RoadmapModel {
    let lang = chrome.lang;
    let names = Names { framework, lang };
    let title_of = |id: i64| {
        roadmap
            .actions
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_string(), |a| a.title.clone())
    };
    let stakeholder = |id: i64| roadmap.stakeholders.iter().find(|s| s.id == id);
    let actions: Vec<ActionLine> = roadmap
        .actions
        .iter()
        .map(|a| ActionLine {
            id: a.id,
            title: a.title.clone(),
            description: a.description.clone(),
            owner: a.owner.clone(),
            start: a.start_date.clone(),
            end: a.end_date.clone(),
            status: a.status.clone(),
            status_label: chrome.t(&format!("st-status-{}", a.status)),
            budget: a
                .budget
                .map_or("–".into(), |b| money(lang, b, a.currency.as_deref())),
            funding: chrome.t(&format!("st-funding-{}", a.funding_source)),
            depends: a.depends_on.iter().map(|d| title_of(*d)).collect(),
            elements: a.elements.iter().map(|e| names.element(e)).collect(),
            kpis: a
                .kpis
                .iter()
                .map(|k| {
                    let mut text = kpi_name(lang, &k.kpi, &k.data_point);
                    if let Some(t) = k.target {
                        text.push_str(&format!(" → {}", number(lang, t)));
                    }
                    if let Some(y) = k.target_year {
                        text.push_str(&format!(" ({y})"));
                    }
                    text
                })
                .collect(),
            roles: a
                .roles
                .iter()
                .filter_map(|r| {
                    stakeholder(r.stakeholder_id).map(|s| {
                        format!("{}: {}", s.name, chrome.t(&format!("st-role-{}", r.role)))
                    })
                })
                .collect(),
        })
        .collect();
    let by_pillar = roadmap
        .by_pillar
        .iter()
        .map(|(pillar, ids)| PillarView {
            name: names.pillar(pillar),
            actions: ids.iter().map(|id| title_of(*id)).collect(),
        })
        .collect();
    let by_funding = roadmap
        .by_funding
        .iter()
        .map(|f| FundingLine {
            funding: chrome.t(&format!("st-funding-{}", f.funding_source)),
            currency: f
                .currency
                .clone()
                .unwrap_or_else(|| chrome.t("st-no-currency")),
            total: number(lang, f.total),
            actions: f.actions,
        })
        .collect();
    let mut progress = Vec::new();
    for p in &roadmap.progress {
        for k in &p.kpis {
            let at = |v: Option<(i64, f64)>| {
                v.map_or("–".into(), |(y, v)| format!("{} ({y})", number(lang, v)))
            };
            progress.push(ProgressLine {
                action: title_of(p.action_id),
                kpi: kpi_name(lang, &k.kpi, &k.data_point),
                baseline: at(k.baseline),
                latest: at(k.latest),
                target: match (k.target, k.target_year) {
                    (Some(t), Some(y)) => format!("{} ({y})", number(lang, t)),
                    (Some(t), None) => number(lang, t),
                    _ => "–".into(),
                },
                pct: k
                    .progress_pct
                    .map_or("–".into(), |p| format!("{} %", number(lang, p.round()))),
                pct_value: k.progress_pct,
            });
        }
    }
    let map = STAKEHOLDER_LEVELS
        .iter()
        .map(|level| MapRow {
            level: chrome.t(&format!("st-level-{level}")),
            cells: SECTORS
                .iter()
                .map(|sector| MapCell {
                    names: roadmap
                        .stakeholders
                        .iter()
                        .filter(|s| s.level == *level && s.sector == *sector)
                        .map(|s| s.name.clone())
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let raci = roadmap
        .actions
        .iter()
        .map(|a| RaciRow {
            action: a.title.clone(),
            cells: roadmap
                .stakeholders
                .iter()
                .map(|s| {
                    a.roles
                        .iter()
                        .filter(|r| r.stakeholder_id == s.id)
                        .map(|r| chrome.t(&format!("st-role-{}", r.role)))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .collect(),
        })
        .collect();
    let bars: Vec<GanttBar> = roadmap
        .actions
        .iter()
        .filter_map(|a| {
            Some(GanttBar {
                id: a.id,
                label: a.title.clone(),
                start: day_number(&a.start_date)?,
                end: day_number(&a.end_date)?,
                status: a.status.clone(),
                status_label: chrome.t(&format!("st-status-{}", a.status)),
                depends_on: a.depends_on.clone(),
            })
        })
        .collect();
    let gantt = Gantt {
        title: chrome.t("st-gantt-title"),
        description: chrome.t1("st-gantt-desc", "count", chrome.count(&(bars.len() as i64))),
        bars,
    };
    RoadmapModel {
        gantt_svg: if roadmap.actions.is_empty() {
            String::new()
        } else {
            gantt_svg(&gantt)
        },
        sectors: SECTORS
            .iter()
            .map(|s| chrome.t(&format!("st-sector-{s}")))
            .collect(),
        actions,
        by_pillar,
        by_funding,
        progress,
        map,
        raci,
        roadmap,
    }
}

// ------------------------------------------------------------ the roadmap page

#[derive(Template)]
#[template(path = "strategy_roadmap.html")]
struct RoadmapPage {
    chrome: Chrome,
    notice: Option<String>,
    city: CityRow,
    m: RoadmapModel,
}

async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let city = city(&state, &context, &slug).await?;
    let roadmap = state.civitas.roadmap(&context.visitor, city.id).await?;
    let chrome = Chrome::new(&state, &context);
    let framework = state.civitas.pillar_framework()?;
    render(RoadmapPage {
        notice: notice(&chrome, query.notice.as_deref()),
        m: model(&chrome, roadmap, &framework),
        city,
        chrome,
    })
}

// ------------------------------------------------------------ stakeholders

#[derive(Template)]
#[template(path = "strategy_stakeholders.html")]
struct StakeholdersPage {
    chrome: Chrome,
    notice: Option<String>,
    city: CityRow,
    m: RoadmapModel,
    levels: Vec<(&'static str, String)>,
    sector_choices: Vec<(&'static str, String)>,
    name: String,
    level: String,
    sector: String,
    errors: Errors,
}

async fn stakeholders_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
) -> Result<StakeholdersPage, AppError> {
    let city = city(state, context, slug).await?;
    let roadmap = state.civitas.roadmap(&context.visitor, city.id).await?;
    let chrome = Chrome::new(state, context);
    let framework = state.civitas.pillar_framework()?;
    Ok(StakeholdersPage {
        notice: None,
        m: model(&chrome, roadmap, &framework),
        levels: STAKEHOLDER_LEVELS
            .iter()
            .map(|l| (*l, chrome.t(&format!("st-level-{l}"))))
            .collect(),
        sector_choices: SECTORS
            .iter()
            .map(|s| (*s, chrome.t(&format!("st-sector-{s}"))))
            .collect(),
        name: String::new(),
        level: "municipal".into(),
        sector: "government".into(),
        errors: Errors::default(),
        city,
        chrome,
    })
}

async fn stakeholders(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = stakeholders_page(&state, &context, &slug).await?;
    page.notice = notice(&page.chrome, query.notice.as_deref());
    render(page)
}

async fn add_stakeholder(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Form(form): Form<StakeholderForm>,
) -> Result<Response, AppError> {
    let city = city(&state, &context, &slug).await?;
    match state
        .civitas
        .add_stakeholder(&context.visitor, city.id, &form)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/cities/{slug}/roadmap/stakeholders?notice=stakeholder-added"
        ))),
        Err(ServiceError::Invalid(errors)) => {
            let mut page = stakeholders_page(&state, &context, &slug).await?;
            page.errors = Errors::from_fields(&page.chrome, &errors);
            page.name = form.name;
            page.level = form.level;
            page.sector = form.sector;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
