//! KPI results pages: the benchmarking wheel with its data as tables, the SDG
//! view, trends and the peer distribution (`results_trends.rs`), the City
//! Snapshot as HTML and PDF (`results_snapshot.rs`), export and import
//! (`results_exchange.rs`), and target sets and framework versions
//! (`results_catalogue.rs`). Numbers come from `assessment_results`, never
//! computed here.
//!
//! URLs under `/cities/{slug}/assessments/{id}`: `/results` · `/sdg` ·
//! `/trends` · `/peers` · `/snapshot` · `/snapshot.pdf` · `/export.csv` ·
//! `/export.xlsx` · `/import` (+ `/import/confirm`). Elsewhere:
//! `/cities/{slug}/targets` and `/admin/frameworks`.

#[path = "results_catalogue.rs"]
mod catalogue;
#[path = "results_exchange.rs"]
mod exchange;
#[path = "results_snapshot.rs"]
mod snapshot;
#[path = "results_trends.rs"]
mod trends;

use crate::AppError;
use crate::i18n::{Lang, format_count, format_decimal};
use crate::pages::{Chrome, render};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use civitas_domain::AssessmentStatus;
use civitas_indicators::{Band, Framework, MeasureResult, TargetSet};
use civitas_service::ServiceError;
use civitas_service::kpi::{AssessmentResults, EntryKey, entry_label};
use civitas_snapshot::{ItemStatus, Legend, Wheel, WheelCategory, WheelDimension, WheelItem};
use serde::Deserialize;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/cities/{slug}/assessments/{id}/results", get(results))
        .route("/cities/{slug}/assessments/{id}/sdg", get(sdg))
        .merge(trends::routes())
        .merge(snapshot::routes())
        .merge(exchange::routes())
        .merge(catalogue::routes())
}

/// The base path of an assessment's pages.
fn base(slug: &str, id: i64) -> String {
    format!("/cities/{slug}/assessments/{id}")
}

/// The results of assessment `id`, if the visitor may see them and it belongs to `slug`.
async fn load(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
) -> Result<AssessmentResults, AppError> {
    let results = state
        .civitas
        .assessment_results(&context.visitor, id)
        .await?;
    if results.city.slug != slug {
        return Err(ServiceError::NotFound.into());
    }
    Ok(results)
}

// ------------------------------------------------------------ formatting

/// A number in the locale's style: whole numbers grouped, others with up to
/// two decimals.
fn number(lang: Lang, value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return format_count(lang, value as i64);
    }
    let decimals = if value.abs() >= 100.0 { 1 } else { 2 };
    let text = format_decimal(lang, value, decimals);
    // "12.50" → "12.5", in whichever digits the locale writes.
    match text.strip_suffix(['0', '\u{0660}']) {
        Some(shorter) if decimals == 2 => shorter.to_string(),
        _ => text,
    }
}

/// "56.25 %", or "–" when there is nothing.
fn percent(lang: Lang, value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |v| format!("{} %", number(lang, v)))
}

/// A number with its unit ("87.5 %", "12 µg/m³"); a bare count has no unit.
fn with_unit(lang: Lang, value: f64, unit: &str) -> String {
    if unit.is_empty() {
        number(lang, value)
    } else {
        format!("{} {unit}", number(lang, value))
    }
}

/// The band as the legend names it, or "N/A" (not scored).
fn band_text(chrome: &Chrome, band: Option<Band>) -> String {
    match band {
        Some(Band::AtLeast95) => chrome.t("kr-band-95"),
        Some(Band::From66To95) => chrome.t("kr-band-66-95"),
        Some(Band::From33To66) => chrome.t("kr-band-33-66"),
        Some(Band::Below33) => chrome.t("kr-band-below-33"),
        None => chrome.t("kr-not-applicable"),
    }
}

/// A CSS class per band; the band's text is always shown beside the colour.
fn band_class(band: Option<Band>) -> &'static str {
    match band {
        Some(Band::AtLeast95) => "kr-band kr-band-4",
        Some(Band::From66To95) => "kr-band kr-band-3",
        Some(Band::From33To66) => "kr-band kr-band-2",
        Some(Band::Below33) => "kr-band kr-band-1",
        None => "kr-band kr-band-none",
    }
}

fn verified_text(chrome: &Chrome, verified: Option<bool>) -> String {
    match verified {
        Some(true) => chrome.t("kr-yes"),
        Some(false) => chrome.t("kr-no"),
        None => "—".to_string(),
    }
}

fn legend(chrome: &Chrome) -> Legend {
    Legend {
        at_least_95: chrome.t("kr-band-95"),
        from_66_to_95: chrome.t("kr-band-66-95"),
        from_33_to_66: chrome.t("kr-band-33-66"),
        below_33: chrome.t("kr-band-below-33"),
        no_target: chrome.t("kr-legend-no-target"),
        not_reported: chrome.t("kr-legend-not-reported"),
    }
}

/// One legend line: colour class, mark drawn on the wheel, text.
struct LegendLine {
    class: &'static str,
    mark: &'static str,
    text: String,
}

fn legend_lines(chrome: &Chrome) -> Vec<LegendLine> {
    let l = legend(chrome);
    vec![
        LegendLine {
            class: "kr-band kr-band-4",
            mark: "4",
            text: l.at_least_95,
        },
        LegendLine {
            class: "kr-band kr-band-3",
            mark: "3",
            text: l.from_66_to_95,
        },
        LegendLine {
            class: "kr-band kr-band-2",
            mark: "2",
            text: l.from_33_to_66,
        },
        LegendLine {
            class: "kr-band kr-band-1",
            mark: "1",
            text: l.below_33,
        },
        LegendLine {
            class: "kr-band kr-band-none",
            mark: "–",
            text: l.no_target,
        },
        LegendLine {
            class: "kr-band kr-band-missing",
            mark: "?",
            text: l.not_reported,
        },
    ]
}

/// The name of a KPI or data point in the page's language.
fn measure_name(framework: &Framework, lang: &str, kpi: &str, data_point: Option<&str>) -> String {
    match framework.measure(kpi, data_point) {
        Ok(m) => match m.data_point {
            Some(dp) => format!("{} — {}", m.kpi.name.get(lang), dp.name.get(lang)),
            None => m.kpi.name.get(lang).to_string(),
        },
        Err(_) => kpi.to_string(),
    }
}

fn label(kpi: &str, data_point: Option<&str>) -> String {
    entry_label(&EntryKey {
        kpi: kpi.to_string(),
        data_point: data_point.unwrap_or("").to_string(),
    })
}

// ------------------------------------------------------------ the page model

/// What every results page shows at the top: title, facts and the tabs.
struct Frame {
    title: String,
    city_name: String,
    city_href: String,
    base: String,
    /// Which tab this is (`results`, `sdg`, `trends`, `peers`, `snapshot`).
    current: &'static str,
    status: String,
    verified: bool,
    framework_name: String,
    target_set_name: String,
    /// Export links (the assessment's team and verifier).
    can_export: bool,
    /// The import form (editors, while a draft).
    can_import: bool,
}

impl Frame {
    fn tabs(&self, chrome: &Chrome) -> Vec<(String, String, bool)> {
        ["results", "sdg", "trends", "peers", "snapshot"]
            .into_iter()
            .map(|tab| {
                (
                    format!("{}/{tab}", self.base),
                    chrome.t(&format!("kr-tab-{tab}")),
                    tab == self.current,
                )
            })
            .collect()
    }
}

async fn frame(
    state: &AppState,
    context: &RequestContext,
    chrome: &Chrome,
    results: &AssessmentResults,
    current: &'static str,
) -> Frame {
    let a = &results.assessment;
    // Only the assessment's own people may open it as such; the public sees results only.
    let view = state.civitas.assessment(&context.visitor, a.id).await.ok();
    let status = AssessmentStatus::parse(&a.status);
    Frame {
        title: chrome.t1("kr-title", "year", a.year),
        city_name: results.city.name.clone(),
        city_href: format!("/cities/{}", results.city.slug),
        base: base(&results.city.slug, a.id),
        current,
        status: chrome.t(&format!("kr-status-{}", a.status)),
        verified: status == Some(AssessmentStatus::Verified),
        framework_name: results.framework_name.clone(),
        target_set_name: results.target_set_name.clone(),
        can_export: view.is_some(),
        can_import: view
            .as_ref()
            .is_some_and(|v| v.can_edit && v.status == AssessmentStatus::Draft),
    }
}

/// One KPI or data point as a row of the tables.
struct KpiLine {
    /// "code" or "code / data point"; also the row's `data-kpi`.
    label: String,
    name: String,
    value: String,
    /// The unrounded value, for machines (`data-value`).
    raw_value: f64,
    target: String,
    target_source: String,
    achievement: String,
    points: String,
    band: String,
    band_class: &'static str,
    verified: String,
}

fn kpi_line(
    chrome: &Chrome,
    results: &AssessmentResults,
    targets: Option<&TargetSet>,
    r: &MeasureResult,
) -> KpiLine {
    let lang = chrome.lang;
    let framework = results.framework.as_ref();
    let dp = r.data_point.as_deref();
    let unit = framework
        .measure(&r.kpi, dp)
        .map(|m| m.unit().to_string())
        .unwrap_or_default();
    KpiLine {
        label: label(&r.kpi, dp),
        name: measure_name(framework, lang.code(), &r.kpi, dp),
        value: with_unit(lang, r.value, &unit),
        raw_value: r.value,
        target: r
            .target
            .map(|t| with_unit(lang, t, &unit))
            .unwrap_or_else(|| chrome.t("kr-no-target")),
        target_source: r
            .target
            .and(targets)
            .and_then(|t| t.target(&r.kpi, dp))
            .map(|t| t.source.clone())
            .unwrap_or_default(),
        achievement: percent(lang, r.achievement_pct),
        points: r
            .score
            .map(|p| format_count(lang, i64::from(p)))
            .unwrap_or_else(|| chrome.t("kr-not-applicable")),
        band: band_text(chrome, r.band),
        band_class: band_class(r.band),
        verified: verified_text(chrome, results.verified(&r.kpi, dp)),
    }
}

/// A score of a dimension, sub-dimension or category.
struct ScoreLine {
    /// `dimension`, `sub-dimension` or `category` (a CSS class and the level's name).
    level: &'static str,
    level_name: String,
    name: String,
    score: String,
    raw_score: Option<f64>,
    raw_band: Option<Band>,
    points: String,
    band: String,
    band_class: &'static str,
}

struct CategoryBlock {
    name: String,
    sub_dimension: String,
    score: ScoreLine,
    kpis: Vec<KpiLine>,
}

struct DimensionBlock {
    name: String,
    categories: Vec<CategoryBlock>,
}

fn score_line(
    chrome: &Chrome,
    level: &'static str,
    name: String,
    score: Option<&civitas_indicators::rollup::RollupScore>,
) -> ScoreLine {
    let pct = score.and_then(|s| s.score_pct);
    let band = score.and_then(|s| s.band);
    ScoreLine {
        level,
        level_name: chrome.t(&format!("kr-level-{level}")),
        name,
        score: percent(chrome.lang, pct),
        raw_score: pct,
        raw_band: band,
        points: score
            .filter(|s| s.scored_items > 0)
            .map(|s| {
                chrome.t1(
                    "kr-points-of",
                    "points",
                    format!(
                        "{} / {}",
                        format_count(chrome.lang, i64::from(s.points)),
                        format_count(chrome.lang, 4 * i64::from(s.scored_items))
                    ),
                )
            })
            .unwrap_or_default(),
        band: if pct.is_some() {
            band_text(chrome, band)
        } else {
            chrome.t("kr-not-scored")
        },
        band_class: band_class(band),
    }
}

/// Every score, dimension first, in framework order; only what has a reported item.
fn score_lines(chrome: &Chrome, results: &AssessmentResults) -> Vec<ScoreLine> {
    let framework = results.framework.as_ref();
    let lang = chrome.lang.code();
    let e = &results.evaluation;
    let mut lines = Vec::new();
    for d in &framework.dimensions {
        let Some(ds) = e.dimensions.iter().find(|x| x.dimension == d.code) else {
            continue;
        };
        lines.push(score_line(
            chrome,
            "dimension",
            d.name.get(lang).to_string(),
            Some(&ds.score),
        ));
        for s in framework
            .sub_dimensions
            .iter()
            .filter(|s| s.dimension == d.code)
        {
            let Some(ss) = e.sub_dimensions.iter().find(|x| x.sub_dimension == s.code) else {
                continue;
            };
            lines.push(score_line(
                chrome,
                "sub-dimension",
                s.name.get(lang).to_string(),
                Some(&ss.score),
            ));
            for c in framework
                .categories
                .iter()
                .filter(|c| c.sub_dimension == s.code)
            {
                if let Some(cs) = e
                    .categories
                    .iter()
                    .find(|x| x.sub_dimension == s.code && x.category == c.code)
                {
                    lines.push(score_line(
                        chrome,
                        "category",
                        c.name.get(lang).to_string(),
                        Some(&cs.score),
                    ));
                }
            }
        }
    }
    lines
}

/// The reported KPIs by dimension and category, each category with its score.
fn dimension_blocks(
    chrome: &Chrome,
    results: &AssessmentResults,
    targets: Option<&TargetSet>,
) -> Vec<DimensionBlock> {
    let framework = results.framework.as_ref();
    let lang = chrome.lang.code();
    let e = &results.evaluation;
    framework
        .dimensions
        .iter()
        .map(|d| DimensionBlock {
            name: d.name.get(lang).to_string(),
            categories: framework
                .categories
                .iter()
                .filter(|c| {
                    framework
                        .sub_dimension(&c.sub_dimension)
                        .is_some_and(|s| s.dimension == d.code)
                })
                .filter_map(|c| {
                    let kpis: Vec<KpiLine> = e
                        .kpis
                        .iter()
                        .filter(|r| r.sub_dimension == c.sub_dimension && r.category == c.code)
                        .map(|r| kpi_line(chrome, results, targets, r))
                        .collect();
                    if kpis.is_empty() {
                        return None;
                    }
                    let score = e
                        .categories
                        .iter()
                        .find(|x| x.sub_dimension == c.sub_dimension && x.category == c.code);
                    Some(CategoryBlock {
                        name: c.name.get(lang).to_string(),
                        sub_dimension: framework
                            .sub_dimension(&c.sub_dimension)
                            .map(|s| s.name.get(lang).to_string())
                            .unwrap_or_default(),
                        score: score_line(
                            chrome,
                            "category",
                            c.name.get(lang).to_string(),
                            score.map(|s| &s.score),
                        ),
                        kpis,
                    })
                })
                .collect(),
        })
        .filter(|d: &DimensionBlock| !d.categories.is_empty())
        .collect()
}

/// The benchmarking wheel: every dimension, category and measure of the
/// framework, names in the page's language.
fn wheel(chrome: &Chrome, results: &AssessmentResults) -> Wheel {
    let framework = results.framework.as_ref();
    let lang = chrome.lang.code();
    let e = &results.evaluation;
    Wheel {
        title: chrome.t("kr-wheel-title"),
        description: chrome.t1("kr-wheel-description", "city", &results.city.name),
        legend: legend(chrome),
        dimensions: framework
            .dimensions
            .iter()
            .map(|d| {
                let ds = e.dimensions.iter().find(|x| x.dimension == d.code);
                WheelDimension {
                    name: d.name.get(lang).to_string(),
                    score_pct: ds.and_then(|s| s.score.score_pct),
                    band: ds.and_then(|s| s.score.band),
                    categories: framework
                        .categories
                        .iter()
                        .filter(|c| {
                            framework
                                .sub_dimension(&c.sub_dimension)
                                .is_some_and(|s| s.dimension == d.code)
                        })
                        .map(|c| {
                            let cs = e.categories.iter().find(|x| {
                                x.sub_dimension == c.sub_dimension && x.category == c.code
                            });
                            WheelCategory {
                                name: c.name.get(lang).to_string(),
                                score_pct: cs.and_then(|s| s.score.score_pct),
                                band: cs.and_then(|s| s.score.band),
                                items: framework
                                    .kpis
                                    .iter()
                                    .filter(|k| {
                                        k.sub_dimension == c.sub_dimension && k.category == c.code
                                    })
                                    .flat_map(|k| k.measures())
                                    .map(|m| {
                                        let dp = m.data_point_id();
                                        let found = e.kpis.iter().find(|r| {
                                            r.kpi == m.kpi.code && r.data_point.as_deref() == dp
                                        });
                                        WheelItem {
                                            label: label(&m.kpi.code, dp),
                                            name: measure_name(framework, lang, &m.kpi.code, dp),
                                            band: found.and_then(|r| r.band),
                                            status: match found {
                                                Some(r) if r.score.is_some() => ItemStatus::Scored,
                                                Some(_) => ItemStatus::NoTarget,
                                                None => ItemStatus::NotReported,
                                            },
                                        }
                                    })
                                    .collect(),
                            }
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}

/// A measure the city did not give a value for, and why.
struct Unreported {
    label: String,
    name: String,
    detail: String,
}

// ------------------------------------------------------------ results

#[derive(Template)]
#[template(path = "kpi_results.html")]
struct ResultsPage {
    chrome: Chrome,
    frame: Frame,
    notice: Option<String>,
    wheel_svg: String,
    legend: Vec<LegendLine>,
    scores: Vec<ScoreLine>,
    dimensions: Vec<DimensionBlock>,
    issues: Vec<Unreported>,
    not_reported: Vec<Unreported>,
    missing: Vec<Unreported>,
}

#[derive(Deserialize, Default)]
struct ResultsQuery {
    notice: Option<String>,
}

async fn results(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<ResultsQuery>,
) -> Result<Response, AppError> {
    let results = load(&state, &context, &slug, id).await?;
    let targets = state
        .civitas
        .assessment_targets(&context.visitor, id)
        .await?;
    let chrome = Chrome::new(&state, &context);
    let frame = frame(&state, &context, &chrome, &results, "results").await;
    let framework = results.framework.as_ref();
    let lang = chrome.lang.code();
    let unreported = |key: &EntryKey, detail: String| {
        let dp = (!key.data_point.is_empty()).then_some(key.data_point.as_str());
        Unreported {
            label: entry_label(key),
            name: measure_name(framework, lang, &key.kpi, dp),
            detail,
        }
    };
    // Only notices this page knows (a crafted link cannot make it say anything else).
    let notice = match query.notice.as_deref() {
        Some("imported") => Some(chrome.t("kr-notice-imported")),
        _ => None,
    };
    render(ResultsPage {
        notice,
        wheel_svg: civitas_snapshot::wheel_svg(&wheel(&chrome, &results), chrome.lang == Lang::Ar),
        legend: legend_lines(&chrome),
        scores: score_lines(&chrome, &results),
        dimensions: dimension_blocks(&chrome, &results, Some(&targets)),
        issues: results
            .issues
            .iter()
            .map(|i| unreported(&i.key, format!("{}: {}", i.field, i.message)))
            .collect(),
        not_reported: results
            .not_reported
            .iter()
            .map(|(key, reason)| unreported(key, reason.clone()))
            .collect(),
        missing: results
            .missing
            .iter()
            .map(|key| unreported(key, String::new()))
            .collect(),
        frame,
        chrome,
    })
}

// ------------------------------------------------------------ SDG view

struct SdgBlock {
    target: String,
    kpis: Vec<KpiLine>,
    unreported: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "kpi_results_sdg.html")]
struct SdgPage {
    chrome: Chrome,
    frame: Frame,
    groups: Vec<SdgBlock>,
}

async fn sdg(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let results = load(&state, &context, &slug, id).await?;
    let targets = state
        .civitas
        .assessment_targets(&context.visitor, id)
        .await?;
    let chrome = Chrome::new(&state, &context);
    let frame = frame(&state, &context, &chrome, &results, "sdg").await;
    let lang = chrome.lang.code();
    let groups = results
        .sdg_view()
        .into_iter()
        .map(|g| SdgBlock {
            target: g.sdg_target.clone(),
            kpis: g
                .results
                .iter()
                .filter_map(|i| results.evaluation.kpis.get(*i))
                .map(|r| kpi_line(&chrome, &results, Some(&targets), r))
                .collect(),
            unreported: g
                .unreported
                .iter()
                .map(|code| {
                    (
                        code.clone(),
                        measure_name(&results.framework, lang, code, None),
                    )
                })
                .collect(),
        })
        .collect();
    render(SdgPage {
        chrome,
        frame,
        groups,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_what_matters_in_each_locale() {
        assert_eq!(number(Lang::En, 56.25), "56.25");
        assert_eq!(number(Lang::En, 12.5), "12.5");
        assert_eq!(number(Lang::En, 75.0), "75");
        assert_eq!(number(Lang::Fr, 1234.5), "1\u{202f}234,5");
        assert_eq!(number(Lang::Ar, 12.5), "١٢٫٥");
        assert_eq!(percent(Lang::En, None), "–");
    }
}
