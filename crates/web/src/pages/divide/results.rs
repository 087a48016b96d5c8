//! The results of a declared survey: every indicator overall and by every
//! breakdown (estimate, 95 % logit interval, respondents, reliability), with
//! suppressed cells shown as words only; the gender parity scores with their
//! intervals; the UMC target bands; publication (city admins, after a
//! confirmation); the suppressed table as CSV.
//!
//! The public page (`…/public`) shows residents the same suppressed table,
//! parity and targets with the district map and the inclusion plan, once
//! the survey and its city are published. It is a page of its own, not the
//! team's results page opened up, so the team's page can carry the
//! workspace's links and forms and residents get a page made for reading.

use super::map::{MapView, map_view};
use super::plan::{ActionLine, action_lines};
use super::{
    NoticeQuery, breakdown_name, count, indicator_code, indicator_name, notice, pct, percent,
    suppression_reason, survey_of, team_survey,
};
use crate::AppError;
use crate::i18n::{Lang, format_decimal};
use crate::pages::members::ConfirmPage;
use crate::pages::{Chrome, render, see_other};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use civitas_domain::{Action, CityId, policy};
use civitas_service::ServiceError;
use civitas_service::divide::{BREAKDOWNS, Cell, DivideReport, ParityStatus, TargetBand};
use civitas_store::{CityRow, SurveyDatasetRow};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/cities/{slug}/divide/{id}", get(show))
        .route("/cities/{slug}/divide/{id}/public", get(public))
        .route("/cities/{slug}/divide/{id}/results.csv", get(csv))
        .route(
            "/cities/{slug}/divide/{id}/publish",
            get(confirm_publish).post(publish),
        )
        .route(
            "/cities/{slug}/divide/{id}/unpublish",
            get(confirm_unpublish).post(unpublish),
        )
}

/// One row of the results table. `estimate` is None when suppressed, and
/// then no number of the cell is kept at all.
pub(super) struct CellView {
    pub group: String,
    pub estimate: Option<String>,
    pub ci: String,
    pub n: String,
    pub reliability: String,
    pub unreliable: bool,
    pub suppressed: Option<String>,
}

pub(super) struct BreakdownBlock {
    pub name: String,
    pub cells: Vec<CellView>,
}

pub(super) struct IndicatorBlock {
    pub id: String,
    pub name: String,
    pub code: String,
    pub overall: CellView,
    pub breakdowns: Vec<BreakdownBlock>,
}

pub(super) struct ParityView {
    pub indicator: String,
    pub score: String,
    pub ci: String,
    pub gap: String,
    pub status: String,
    pub status_key: &'static str,
}

pub(super) struct TargetView {
    pub indicator: String,
    pub estimate: String,
    pub target: String,
    pub band: String,
    pub band_key: &'static str,
}

/// The report as the pages show it.
pub(super) struct ResultsModel {
    pub indicators: Vec<IndicatorBlock>,
    pub parity: Vec<ParityView>,
    pub targets: Vec<TargetView>,
    pub rows: String,
    pub suppressed: usize,
}

fn cell_view(chrome: &Chrome, c: &Cell) -> CellView {
    let lang = chrome.lang;
    let group = c.group.clone().unwrap_or_else(|| chrome.t("dv-overall"));
    match (c.suppressed, c.estimate) {
        (None, Some(estimate)) => CellView {
            group,
            estimate: Some(percent(lang, estimate)),
            ci: match (c.ci_low, c.ci_high) {
                (Some(l), Some(h)) => format!("{} – {}", percent(lang, l), percent(lang, h)),
                _ => "–".into(),
            },
            n: count(lang, c.n as f64),
            reliability: chrome.t(if c.unreliable {
                "dv-unreliable"
            } else {
                "dv-reliable"
            }),
            unreliable: c.unreliable,
            suppressed: None,
        },
        (reason, _) => CellView {
            group,
            estimate: None,
            ci: String::new(),
            n: String::new(),
            reliability: String::new(),
            unreliable: false,
            suppressed: Some(reason.map_or_else(
                || chrome.t("dv-why-secondary"),
                |r| suppression_reason(chrome, r),
            )),
        },
    }
}

fn status_key(status: ParityStatus) -> &'static str {
    match status {
        ParityStatus::Reached => "reached",
        ParityStatus::Almost => "almost",
        ParityStatus::NotReached => "not-reached",
    }
}

fn band_key(band: TargetBand) -> &'static str {
    match band {
        TargetBand::Limited => "limited",
        TargetBand::Satisfactory => "satisfactory",
        TargetBand::Advanced => "advanced",
        TargetBand::Met => "met",
    }
}

fn ratio(lang: Lang, v: f64) -> String {
    format_decimal(lang, v, 2)
}

pub(super) fn results_model(chrome: &Chrome, report: &DivideReport) -> ResultsModel {
    let lang = chrome.lang;
    let mut indicators: Vec<IndicatorBlock> = Vec::new();
    for c in report.cells.iter().filter(|c| c.breakdown.is_none()) {
        let breakdowns = BREAKDOWNS
            .iter()
            .filter_map(|b| {
                let cells: Vec<CellView> = report
                    .cells
                    .iter()
                    .filter(|x| x.indicator == c.indicator && x.breakdown.as_deref() == Some(*b))
                    .map(|x| cell_view(chrome, x))
                    .collect();
                (!cells.is_empty()).then(|| BreakdownBlock {
                    name: breakdown_name(chrome, b),
                    cells,
                })
            })
            .collect();
        indicators.push(IndicatorBlock {
            id: c.indicator.clone(),
            name: indicator_name(chrome, &c.indicator),
            code: indicator_code(&c.indicator),
            overall: cell_view(chrome, c),
            breakdowns,
        });
    }
    ResultsModel {
        indicators,
        parity: report
            .parity
            .iter()
            .map(|p| ParityView {
                indicator: indicator_name(chrome, &p.indicator),
                score: ratio(lang, p.score),
                ci: format!("{} – {}", ratio(lang, p.ci_low), ratio(lang, p.ci_high)),
                gap: format!("{} pp", format_decimal(lang, p.gap_pp, 1)),
                status: chrome.t(&format!("dv-parity-{}", status_key(p.status))),
                status_key: status_key(p.status),
            })
            .collect(),
        targets: report
            .targets
            .iter()
            .map(|t| TargetView {
                indicator: indicator_name(chrome, &t.indicator),
                estimate: pct(lang, t.estimate),
                target: pct(lang, t.target),
                band: chrome.t(&format!("dv-band-{}", band_key(t.band))),
                band_key: band_key(t.band),
            })
            .collect(),
        rows: count(lang, report.rows as f64),
        suppressed: report
            .cells
            .iter()
            .filter(|c| c.suppressed.is_some())
            .count(),
    }
}

#[derive(Template)]
#[template(path = "divide_results.html")]
struct ResultsPage {
    chrome: Chrome,
    notice: Option<String>,
    city: CityRow,
    dataset: SurveyDatasetRow,
    m: ResultsModel,
    can_edit: bool,
    can_publish: bool,
}

async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let (city, view) = team_survey(&state, &context, &slug, id).await?;
    if view.mapping.is_none() {
        return Ok(see_other(&format!("/cities/{slug}/divide/{id}/declare")));
    }
    let report = state.civitas.divide_report(&context.visitor, id).await?;
    let chrome = Chrome::new(&state, &context);
    let actor = &context.visitor.actor;
    render(ResultsPage {
        notice: notice(&chrome, query.notice.as_deref()),
        m: results_model(&chrome, &report),
        can_edit: view.can_edit,
        can_publish: policy::authorize(actor, Action::EditCitySettings(CityId(city.id))).is_ok(),
        dataset: view.dataset,
        city,
        chrome,
    })
}

#[derive(Template)]
#[template(path = "divide_public.html")]
struct PublicPage {
    chrome: Chrome,
    city: CityRow,
    dataset: SurveyDatasetRow,
    m: ResultsModel,
    map: Option<MapView>,
    actions: Vec<ActionLine>,
}

async fn public(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<super::map::IndicatorQuery>,
) -> Result<Response, AppError> {
    let (city, dataset) = survey_of(&state, &context, &slug, id).await?;
    let report = state.civitas.divide_report(&context.visitor, id).await?;
    let chrome = Chrome::new(&state, &context);
    let map = map_view(
        &state,
        &context,
        &chrome,
        &city,
        &report,
        query.indicator.as_deref(),
        format!("/cities/{slug}/divide/{id}/public"),
    )
    .await?;
    let actions = state
        .civitas
        .public_inclusion_plan(&context.visitor, city.id)
        .await?;
    render(PublicPage {
        m: results_model(&chrome, &report),
        actions: action_lines(&chrome, &actions),
        map,
        dataset,
        city,
        chrome,
    })
}

/// The suppressed table as CSV: what is published, never the microdata.
/// Suppressed cells have no numbers, only the reason.
async fn csv(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (_, dataset) = survey_of(&state, &context, &slug, id).await?;
    let report = state.civitas.divide_report(&context.visitor, id).await?;
    let mut out = String::from(
        "indicator,code,breakdown,group,estimate_pct,ci_low_pct,ci_high_pct,respondents,reliable,suppressed\n",
    );
    let field = |s: &str| {
        // Quote every text field; guard against formula injection.
        let s = if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_string()
        };
        format!("\"{}\"", s.replace('"', "\"\""))
    };
    let number = |v: Option<f64>| v.map(|v| format!("{:.2}", v * 100.0)).unwrap_or_default();
    for c in &report.cells {
        let shown = c.suppressed.is_none();
        let reason = c
            .suppressed
            .map(|r| {
                serde_json::to_value(r)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            })
            .unwrap_or_default();
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{}\n",
            field(&c.indicator),
            field(&indicator_code(&c.indicator)),
            field(c.breakdown.as_deref().unwrap_or("")),
            field(c.group.as_deref().unwrap_or("")),
            number(c.estimate),
            number(c.ci_low),
            number(c.ci_high),
            if shown {
                c.n.to_string()
            } else {
                String::new()
            },
            if shown {
                (!c.unreliable).to_string()
            } else {
                String::new()
            },
            field(&reason),
        ));
    }
    let file = format!(
        "attachment; filename=\"divide-{}-{}.csv\"",
        dataset.year, dataset.id
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, file),
        ],
        out,
    )
        .into_response())
}

async fn confirm(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
    publish: bool,
) -> Result<Response, AppError> {
    let (city, dataset) = survey_of(state, context, slug, id).await?;
    policy::authorize(
        &context.visitor.actor,
        Action::EditCitySettings(CityId(city.id)),
    )
    .map_err(ServiceError::from)?;
    let chrome = Chrome::new(state, context);
    let verb = if publish { "publish" } else { "unpublish" };
    render(ConfirmPage {
        title: chrome.t(&format!("dv-{verb}-title")),
        question: chrome.t1(&format!("dv-{verb}-question"), "name", &dataset.name),
        action: format!("/cities/{slug}/divide/{id}/{verb}"),
        confirm_label: chrome.t(&format!("dv-{verb}-button")),
        cancel_href: format!("/cities/{slug}/divide/{id}"),
        chrome,
    })
}

async fn set_published(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
    publish: bool,
) -> Result<Response, AppError> {
    let (city, _) = survey_of(state, context, slug, id).await?;
    policy::authorize(
        &context.visitor.actor,
        Action::EditCitySettings(CityId(city.id)),
    )
    .map_err(ServiceError::from)?;
    state
        .civitas
        .publish_survey(&context.visitor, id, publish)
        .await?;
    let notice = if publish { "published" } else { "unpublished" };
    Ok(see_other(&format!(
        "/cities/{slug}/divide/{id}?notice={notice}"
    )))
}

async fn confirm_publish(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    confirm(&state, &context, &slug, id, true).await
}

async fn confirm_unpublish(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    confirm(&state, &context, &slug, id, false).await
}

async fn publish(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    set_published(&state, &context, &slug, id, true).await
}

async fn unpublish(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    set_published(&state, &context, &slug, id, false).await
}
