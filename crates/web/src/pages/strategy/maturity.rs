//! Maturity rounds: the list and a new round; a round's respondents (each
//! added with a private link shown once) and progress; the results (spread
//! per element, the agreed level and target, pillar scores, the radar with
//! the previous round, the gap analysis with KPIs and knowledge-base
//! suggestions); closing a round after a confirmation.

use super::charts::{Radar, RadarAxis, radar_svg};
use super::{Errors, Names, Text, level_number, number};
use crate::AppError;
use crate::i18n::{Lang, format_count};
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
use axum::routing::{get, post};
use civitas_domain::validation::{FieldError, Problem};
use civitas_domain::{Action, CityId, Denied, policy};
use civitas_service::ServiceError;
use civitas_service::strategy::{ConsensusForm, RespondentForm, RoundForm, RoundView};
use civitas_store::{CityRow, MaturityRoundRow};
use serde::Deserialize;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/cities/{slug}/maturity", get(rounds).post(create_round))
        .route("/cities/{slug}/maturity/{round}", get(round))
        .route(
            "/cities/{slug}/maturity/{round}/respondents",
            post(add_respondent),
        )
        .route("/cities/{slug}/maturity/{round}/results", get(results))
        .route("/cities/{slug}/maturity/{round}/consensus", post(consensus))
        .route(
            "/cities/{slug}/maturity/{round}/close",
            get(confirm_close).post(close),
        )
}

#[derive(Deserialize, Default)]
pub(crate) struct NoticeQuery {
    notice: Option<String>,
}

/// Notices these pages show after a redirect (an allow-list).
fn notice(chrome: &Chrome, key: Option<&str>) -> Option<String> {
    const KNOWN: &[&str] = &["round-created", "consensus-saved", "round-closed"];
    key.filter(|k| KNOWN.contains(k))
        .map(|k| chrome.t(&format!("st-notice-{k}")))
}

async fn city(state: &AppState, context: &RequestContext, slug: &str) -> Result<CityRow, AppError> {
    Ok(state
        .civitas
        .city_by_slug(&context.visitor, slug)
        .await?
        .city)
}

/// The round, if it belongs to the city of `slug` and the visitor may see
/// the city's workspace (strangers are refused as for the list).
async fn load_round(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    round: i64,
) -> Result<(CityRow, RoundView), AppError> {
    let city = city(state, context, slug).await?;
    state
        .civitas
        .maturity_rounds(&context.visitor, city.id)
        .await?;
    let view = state
        .civitas
        .maturity_round(&context.visitor, round)
        .await?;
    if view.round.city_id != city.id {
        return Err(ServiceError::NotFound.into());
    }
    Ok((city, view))
}

fn can_edit(context: &RequestContext, city: &CityRow) -> bool {
    policy::authorize(
        &context.visitor.actor,
        Action::EditCityData(CityId(city.id)),
    )
    .is_ok()
}

// ------------------------------------------------------------ rounds

#[derive(Template)]
#[template(path = "strategy_rounds.html")]
struct RoundsPage {
    chrome: Chrome,
    notice: Option<String>,
    city: CityRow,
    rounds: Vec<MaturityRoundRow>,
    can_edit: bool,
    levels: Vec<(i64, String)>,
    name: String,
    default_target: String,
    errors: Errors,
}

async fn rounds_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
) -> Result<RoundsPage, AppError> {
    let city = city(state, context, slug).await?;
    let rounds = state
        .civitas
        .maturity_rounds(&context.visitor, city.id)
        .await?;
    let chrome = Chrome::new(state, context);
    let framework = state.civitas.pillar_framework()?;
    let names = Names {
        framework: &framework,
        lang: chrome.lang,
    };
    Ok(RoundsPage {
        notice: None,
        can_edit: can_edit(context, &city),
        levels: (0..=5).map(|l| (l, names.level(l))).collect(),
        city,
        rounds,
        name: String::new(),
        default_target: "3".into(),
        errors: Errors::default(),
        chrome,
    })
}

async fn rounds(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = rounds_page(&state, &context, &slug).await?;
    page.notice = notice(&page.chrome, query.notice.as_deref());
    render(page)
}

async fn create_round(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Form(form): Form<RoundForm>,
) -> Result<Response, AppError> {
    let city = city(&state, &context, &slug).await?;
    match state
        .civitas
        .create_maturity_round(&context.visitor, city.id, &form)
        .await
    {
        Ok(round) => Ok(see_other(&format!(
            "/cities/{slug}/maturity/{}?notice=round-created",
            round.id
        ))),
        Err(ServiceError::Invalid(errors)) => {
            let mut page = rounds_page(&state, &context, &slug).await?;
            page.errors = Errors::from_fields(&page.chrome, &errors);
            page.name = form.name;
            page.default_target = form.default_target;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

// ------------------------------------------------------------ one round

#[derive(Template)]
#[template(path = "strategy_round.html")]
struct RoundPage {
    chrome: Chrome,
    notice: Option<String>,
    city: CityRow,
    view: RoundView,
    base: String,
    progress_text: String,
    submitted: usize,
    target_name: String,
    /// A respondent's private link just made: shown once, only its hash is kept.
    new_link: Option<(String, String)>,
    name: String,
    kind: String,
    errors: Errors,
}

impl RoundPage {
    fn kind_name(&self, kind: &str) -> String {
        self.chrome.t(&format!("st-kind-{kind}"))
    }
}

/// "3 / 5 respondents have submitted their answers".
fn progress_text(chrome: &Chrome, submitted: usize, respondents: usize) -> String {
    chrome.t1(
        "st-submitted-of",
        "count",
        format!(
            "{} / {}",
            chrome.count(&(submitted as i64)),
            chrome.count(&(respondents as i64))
        ),
    )
}

fn base(slug: &str, round: i64) -> String {
    format!("/cities/{slug}/maturity/{round}")
}

async fn round_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    round: i64,
) -> Result<RoundPage, AppError> {
    let (city, view) = load_round(state, context, slug, round).await?;
    let chrome = Chrome::new(state, context);
    let framework = state.civitas.pillar_framework()?;
    let names = Names {
        framework: &framework,
        lang: chrome.lang,
    };
    let submitted = view
        .respondents
        .iter()
        .filter(|r| r.submitted_at.is_some())
        .count();
    Ok(RoundPage {
        notice: None,
        base: base(slug, round),
        progress_text: progress_text(&chrome, submitted, view.respondents.len()),
        submitted,
        target_name: names.level(view.round.default_target),
        city,
        view,
        new_link: None,
        name: String::new(),
        kind: "department".into(),
        errors: Errors::default(),
        chrome,
    })
}

async fn round(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, round)): Path<(String, i64)>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = round_page(&state, &context, &slug, round).await?;
    page.notice = notice(&page.chrome, query.notice.as_deref());
    render(page)
}

async fn add_respondent(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, round)): Path<(String, i64)>,
    Form(form): Form<RespondentForm>,
) -> Result<Response, AppError> {
    load_round(&state, &context, &slug, round).await?;
    match state
        .civitas
        .add_respondent(&context.visitor, round, &form)
        .await
    {
        Ok((row, secret)) => {
            let mut page = round_page(&state, &context, &slug, round).await?;
            page.new_link = Some((
                row.name,
                format!("{}/maturity/{secret}", state.config.public_url),
            ));
            render(page)
        }
        Err(ServiceError::Invalid(errors)) => {
            let mut page = round_page(&state, &context, &slug, round).await?;
            page.errors = Errors::from_fields(&page.chrome, &errors);
            page.name = form.name;
            page.kind = form.kind;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

// ------------------------------------------------------------ results

/// One element's spread and agreed level.
struct ElementLine {
    id: String,
    name: Text,
    /// Respondents per level 0–5.
    counts: Vec<usize>,
    /// Bar heights for the small spread chart, 0–24.
    heights: Vec<usize>,
    dont_know: usize,
    min: String,
    median: String,
    max: String,
    level: String,
    target: i64,
    agreed: Option<i64>,
    /// The agreed level and target as the selects' values ("" when none).
    agreed_value: String,
    agreed_target_value: String,
    note: String,
    agreed_by: String,
}

struct PillarBlock {
    id: String,
    name: Text,
    level: String,
    pct: String,
    previous: String,
    delta: String,
    scored: String,
    elements: Vec<ElementLine>,
}

struct GapKpiLine {
    code: String,
    value: String,
    year: String,
    band: String,
    href: Option<String>,
}

struct GapLine {
    /// A new roadmap action answering this element, with its first KPI.
    plan_href: String,
    element: Text,
    pillar: Text,
    level: String,
    target: String,
    gap: String,
    kpis: Vec<GapKpiLine>,
}

struct SuggestionLine {
    href: String,
    title: String,
    lang: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "strategy_results.html")]
struct ResultsPage {
    chrome: Chrome,
    notice: Option<String>,
    city: CityRow,
    round: MaturityRoundRow,
    base: String,
    can_edit: bool,
    /// May add roadmap actions (also once the round is closed).
    can_plan: bool,
    progress_text: String,
    previous_name: Option<String>,
    radar_svg: String,
    pillars: Vec<PillarBlock>,
    gaps: Vec<GapLine>,
    suggestions: Vec<SuggestionLine>,
    levels: Vec<(i64, String)>,
    errors: Errors,
    /// The element whose consensus form has the errors.
    error_element: String,
}

fn band_text(chrome: &Chrome, band: Option<civitas_indicators::Band>) -> String {
    use civitas_indicators::Band;
    match band {
        Some(Band::AtLeast95) => chrome.t("kr-band-95"),
        Some(Band::From66To95) => chrome.t("kr-band-66-95"),
        Some(Band::From33To66) => chrome.t("kr-band-33-66"),
        Some(Band::Below33) => chrome.t("kr-band-below-33"),
        None => "–".to_string(),
    }
}

async fn results_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    round: i64,
) -> Result<ResultsPage, AppError> {
    let (city, view) = load_round(state, context, slug, round).await?;
    let chrome = Chrome::new(state, context);
    let lang = chrome.lang;
    let report = state
        .civitas
        .maturity_report(&context.visitor, round, super::content_language(lang))
        .await?;
    let framework = state.civitas.pillar_framework()?;
    let names = Names {
        framework: &framework,
        lang,
    };
    let pct = |p: Option<f64>| {
        p.map_or("–".to_string(), |p| {
            format!("{} %", number(lang, p.round()))
        })
    };
    let previous = report.previous.as_ref();
    let mut pillars = Vec::new();
    let mut axes = Vec::new();
    for p in &report.pillars {
        let before = previous.and_then(|(_, scores)| {
            scores
                .iter()
                .find(|s| s.pillar == p.pillar)
                .and_then(|s| s.level)
        });
        let delta = match (p.level, before) {
            (Some(now), Some(then)) => {
                let d = now - then;
                let sign = if d > 0.0 {
                    "+"
                } else if d < 0.0 {
                    "−"
                } else {
                    "±"
                };
                format!("{sign}{}", level_number(lang, Some(d.abs())))
            }
            _ => "–".to_string(),
        };
        axes.push(RadarAxis {
            label: names.pillar(&p.pillar).name,
            current: p.level,
            previous: before,
        });
        let elements = report
            .elements
            .iter()
            .filter(|e| e.pillar == p.pillar)
            .map(|e| {
                let most = e.counts.iter().copied().max().unwrap_or(0).max(1);
                ElementLine {
                    id: e.element.clone(),
                    name: names.element(&e.element),
                    counts: e.counts.to_vec(),
                    heights: e.counts.iter().map(|c| c * 24 / most).collect(),
                    dont_know: e.dont_know,
                    min: level_number(lang, e.min.map(|v| v as f64)),
                    median: level_number(lang, e.median),
                    max: level_number(lang, e.max.map(|v| v as f64)),
                    level: level_number(lang, e.level),
                    target: e.target,
                    agreed: e.consensus.as_ref().map(|c| c.level),
                    agreed_value: e
                        .consensus
                        .as_ref()
                        .map(|c| c.level.to_string())
                        .unwrap_or_default(),
                    agreed_target_value: e
                        .consensus
                        .as_ref()
                        .and_then(|c| c.target)
                        .map(|t| t.to_string())
                        .unwrap_or_default(),
                    note: e
                        .consensus
                        .as_ref()
                        .map(|c| c.note.clone())
                        .unwrap_or_default(),
                    agreed_by: e
                        .consensus
                        .as_ref()
                        .map(|c| c.agreed_by.clone())
                        .unwrap_or_default(),
                }
            })
            .collect();
        pillars.push(PillarBlock {
            id: p.pillar.clone(),
            name: names.pillar(&p.pillar),
            level: level_number(lang, p.level),
            pct: pct(p.pct),
            previous: level_number(lang, before),
            delta,
            scored: chrome.t1(
                "st-elements-scored",
                "count",
                format!(
                    "{} / {}",
                    format_count(lang, p.elements_scored as i64),
                    format_count(lang, p.elements as i64)
                ),
            ),
            elements,
        });
    }
    let previous_name = previous.map(|(r, _)| r.name.clone());
    let description = pillars
        .iter()
        .map(|p| format!("{}: {}", p.name.name, p.level))
        .collect::<Vec<_>>()
        .join("; ");
    let radar = Radar {
        id: "st-radar".into(),
        title: chrome.t1("st-radar-title", "round", &report.round.name),
        description: match &previous_name {
            Some(before) => chrome.t1(
                "st-radar-desc-previous",
                "levels",
                format!(
                    "{description} ({}: {before})",
                    chrome.t("st-previous-round")
                ),
            ),
            None => chrome.t1("st-radar-desc", "levels", description),
        },
        axes,
        current_label: report.round.name.clone(),
        previous_label: previous_name.clone(),
        rtl: lang == Lang::Ar,
    };
    // KPI links: the assessment of the value's year, if the visitor may open its results.
    let assessments = state
        .civitas
        .assessments(&context.visitor, city.id)
        .await
        .unwrap_or_default();
    let gaps = report
        .gaps
        .iter()
        .map(|g| GapLine {
            plan_href: {
                let mut query = form_urlencoded::Serializer::new(String::new());
                query.append_pair("element", &g.element);
                if let Some(k) = g.kpis.first() {
                    query.append_pair("kpi", &k.kpi);
                }
                format!(
                    "/cities/{}/roadmap/actions/new?{}",
                    city.slug,
                    query.finish()
                )
            },
            element: names.element(&g.element),
            pillar: names.pillar(&g.pillar),
            level: level_number(lang, Some(g.level)),
            target: format_count(lang, g.target),
            gap: level_number(lang, Some(g.gap)),
            kpis: g
                .kpis
                .iter()
                .map(|k| GapKpiLine {
                    code: k.kpi.clone(),
                    value: k.value.map_or("–".into(), |v| number(lang, v)),
                    year: k.year.map_or("–".into(), |y| y.to_string()),
                    band: band_text(&chrome, k.band),
                    href: k.year.and_then(|y| {
                        assessments
                            .iter()
                            .find(|a| a.year == y)
                            .map(|a| format!("/cities/{}/assessments/{}/results", city.slug, a.id))
                    }),
                })
                .collect(),
        })
        .collect();
    let suggestions = report
        .suggestions
        .iter()
        .map(|s| SuggestionLine {
            href: format!("/knowledge/{}", s.id),
            title: s.title.clone(),
            lang: (s.language != super::content_language(lang)).then(|| s.language.code()),
        })
        .collect();
    Ok(ResultsPage {
        notice: None,
        base: base(slug, round),
        can_edit: view.can_edit,
        can_plan: can_edit(context, &city),
        progress_text: progress_text(&chrome, report.submitted, report.respondents),
        previous_name,
        radar_svg: radar_svg(&radar),
        pillars,
        gaps,
        suggestions,
        levels: (0..=5).map(|l| (l, names.level(l))).collect(),
        errors: Errors::default(),
        error_element: String::new(),
        round: report.round,
        city,
        chrome,
    })
}

async fn results(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, round)): Path<(String, i64)>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = results_page(&state, &context, &slug, round).await?;
    page.notice = notice(&page.chrome, query.notice.as_deref());
    render(page)
}

async fn consensus(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, round)): Path<(String, i64)>,
    Form(form): Form<ConsensusForm>,
) -> Result<Response, AppError> {
    load_round(&state, &context, &slug, round).await?;
    match state
        .civitas
        .save_consensus(&context.visitor, round, &form)
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "{}/results?notice=consensus-saved#element-{}",
            base(&slug, round),
            form.element
        ))),
        Err(ServiceError::Invalid(errors)) => {
            let mut page = results_page(&state, &context, &slug, round).await?;
            page.errors = Errors::from_fields(&page.chrome, &errors);
            page.error_element = form.element;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

// ------------------------------------------------------------ close

async fn confirm_close(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, round)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (_, view) = load_round(&state, &context, &slug, round).await?;
    if view.round.closed_at.is_some() {
        return Err(ServiceError::Invalid(vec![FieldError {
            field: "round",
            problem: Problem::Locked,
        }])
        .into());
    }
    if !view.can_edit {
        return Err(ServiceError::Denied(Denied::Forbidden).into());
    }
    let chrome = Chrome::new(&state, &context);
    render(ConfirmPage {
        title: chrome.t("st-close-title"),
        question: chrome.t1("st-close-question", "round", &view.round.name),
        action: format!("{}/close", base(&slug, round)),
        confirm_label: chrome.t("st-close-button"),
        cancel_href: base(&slug, round),
        chrome,
    })
}

async fn close(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, round)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    load_round(&state, &context, &slug, round).await?;
    state
        .civitas
        .close_maturity_round(&context.visitor, round)
        .await?;
    Ok(see_other(&format!(
        "{}/results?notice=round-closed",
        base(&slug, round)
    )))
}
