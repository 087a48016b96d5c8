//! The city's scores across years (dimension scores and every KPI), and, for
//! cities that opt in, where each dimension score falls among cities of
//! similar size: five-number summaries as box plots, never a ranking.

use super::{Frame, frame, load, number, percent};
use crate::AppError;
use crate::i18n::Lang;
use crate::pages::{Chrome, render};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use civitas_service::kpi::{PeerStatistic, TrendLine};
use civitas_snapshot::{INK, TrendChart, trend_svg, xml_escape};
use std::fmt::Write as _;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/cities/{slug}/assessments/{id}/trends", get(trends))
        .route("/cities/{slug}/assessments/{id}/peers", get(peers))
}

/// One line of a trend table, with its chart when the values are percentages.
struct TrendRow {
    label: String,
    name: String,
    cells: Vec<String>,
    chart: Option<String>,
}

#[derive(Template)]
#[template(path = "kpi_results_trends.html")]
struct TrendsPage {
    chrome: Chrome,
    frame: Frame,
    years: Vec<String>,
    dimensions: Vec<TrendRow>,
    kpis: Vec<TrendRow>,
}

fn trend_row(
    chrome: &Chrome,
    years: &[i64],
    line: &TrendLine,
    name: String,
    chart: bool,
) -> TrendRow {
    let lang = chrome.lang;
    let cells = line
        .values
        .iter()
        .map(|v| match v {
            Some(v) if line.unit.is_empty() => number(lang, *v),
            Some(v) => format!("{} {}", number(lang, *v), line.unit),
            None => "–".to_string(),
        })
        .collect();
    let chart = chart.then(|| {
        trend_svg(&TrendChart {
            title: chrome.t1("kr-trend-chart-title", "name", &name),
            description: chrome.t("kr-trend-chart-description"),
            points: years
                .iter()
                .zip(&line.values)
                .map(|(y, v)| (i32::try_from(*y).unwrap_or_default(), *v))
                .collect(),
            y_label: chrome.t("kr-trend-y-label"),
        })
    });
    TrendRow {
        label: line.label.clone(),
        name,
        cells,
        chart,
    }
}

async fn trends(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let results = load(&state, &context, &slug, id).await?;
    let trend = state
        .civitas
        .kpi_trend(&context.visitor, results.city.id)
        .await?;
    let chrome = Chrome::new(&state, &context);
    let frame = frame(&state, &context, &chrome, &results, "trends").await;
    let framework = results.framework.as_ref();
    let lang = chrome.lang.code();
    let dimensions = trend
        .dimensions
        .iter()
        .map(|line| {
            // The trend names dimensions in English; show them in the page's language.
            let name = framework
                .dimensions
                .iter()
                .find(|d| d.name.en() == line.label)
                .map(|d| d.name.get(lang).to_string())
                .unwrap_or_else(|| line.label.clone());
            let mut row = trend_row(&chrome, &trend.years, line, name, true);
            row.label = String::new();
            row.cells = line
                .values
                .iter()
                .map(|v| percent(chrome.lang, *v))
                .collect();
            row
        })
        .collect();
    let kpis = trend
        .kpis
        .iter()
        .map(|line| {
            let (kpi, data_point) = match line.label.split_once(" / ") {
                Some((k, dp)) => (k, Some(dp)),
                None => (line.label.as_str(), None),
            };
            let name = super::measure_name(framework, lang, kpi, data_point);
            // Only shares are drawn on the 0–100 % chart; other units stay in the table.
            trend_row(&chrome, &trend.years, line, name, line.unit == "%")
        })
        .collect();
    render(TrendsPage {
        years: trend.years.iter().map(|y| y.to_string()).collect(),
        dimensions,
        kpis,
        frame,
        chrome,
    })
}

// ---------------------------------------------------------------- peers

/// The box plot of every dimension on one 0–100 % scale: whiskers from min to
/// max, the box from the lower to the upper quartile, a line at the median and
/// a diamond for this city. The table beside it carries the same numbers.
fn box_plot_svg(chrome: &Chrome, rows: &[(String, &PeerStatistic)], rtl: bool) -> String {
    const W: f64 = 640.0;
    const ROW: f64 = 56.0;
    const LEFT: f64 = 150.0;
    const RIGHT: f64 = 24.0;
    let height = ROW * rows.len() as f64 + 48.0;
    let plot = W - LEFT - RIGHT;
    // Right-to-left pages run the scale from the right, like their text.
    let x = |pct: f64| {
        let share = pct.clamp(0.0, 100.0) / 100.0;
        if rtl {
            RIGHT + plot * (1.0 - share)
        } else {
            LEFT + plot * share
        }
    };
    let label_x = if rtl { W - 8.0 } else { 8.0 };
    let anchor = if rtl { "end" } else { "start" };
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {height}\" width=\"100%\" role=\"img\" \
         aria-labelledby=\"peers-title peers-desc\" font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"13\">\
         <title id=\"peers-title\">{}</title><desc id=\"peers-desc\">{}</desc>",
        xml_escape(&chrome.t("kr-peers-chart-title")),
        xml_escape(&chrome.t("kr-peers-chart-description"))
    );
    let axis_y = ROW * rows.len() as f64 + 12.0;
    for tick in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let _ = write!(
            s,
            "<line x1=\"{x:.1}\" y1=\"8\" x2=\"{x:.1}\" y2=\"{axis_y:.1}\" stroke=\"#c9d0d8\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{INK}\">{} %</text>",
            axis_y + 18.0,
            number(chrome.lang, tick),
            x = x(tick),
        );
    }
    for (i, (name, p)) in rows.iter().enumerate() {
        let mid = ROW * i as f64 + ROW / 2.0 + 8.0;
        let (low, high) = (x(p.q1).min(x(p.q3)), x(p.q1).max(x(p.q3)));
        let _ = write!(
            s,
            "<g><title>{}</title>\
             <text x=\"{label_x}\" y=\"{mid:.1}\" dominant-baseline=\"central\" text-anchor=\"{anchor}\" fill=\"{INK}\">{}</text>\
             <line x1=\"{:.1}\" y1=\"{mid:.1}\" x2=\"{:.1}\" y2=\"{mid:.1}\" stroke=\"{INK}\" stroke-width=\"1.5\"/>\
             <line x1=\"{min:.1}\" y1=\"{:.1}\" x2=\"{min:.1}\" y2=\"{:.1}\" stroke=\"{INK}\" stroke-width=\"1.5\"/>\
             <line x1=\"{max:.1}\" y1=\"{:.1}\" x2=\"{max:.1}\" y2=\"{:.1}\" stroke=\"{INK}\" stroke-width=\"1.5\"/>\
             <rect x=\"{low:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"24\" fill=\"#dbe7f3\" stroke=\"{INK}\" stroke-width=\"1.5\"/>\
             <line x1=\"{med:.1}\" y1=\"{:.1}\" x2=\"{med:.1}\" y2=\"{:.1}\" stroke=\"{INK}\" stroke-width=\"3\"/>",
            xml_escape(&chrome.t1("kr-peers-row-title", "name", name)),
            xml_escape(name),
            x(p.min),
            x(p.max),
            mid - 8.0,
            mid + 8.0,
            mid - 8.0,
            mid + 8.0,
            mid - 12.0,
            (high - low).max(1.0),
            mid - 12.0,
            mid + 12.0,
            min = x(p.min),
            max = x(p.max),
            med = x(p.median),
        );
        if let Some(own) = p.this_city {
            let cx = x(own);
            let _ = write!(
                s,
                "<path d=\"M{cx:.1} {:.1} L{:.1} {mid:.1} L{cx:.1} {:.1} L{:.1} {mid:.1} Z\" fill=\"#dd7947\" stroke=\"{INK}\" stroke-width=\"1.5\">\
                 <title>{}</title></path>",
                mid - 9.0,
                cx + 9.0,
                mid + 9.0,
                cx - 9.0,
                xml_escape(&chrome.t1(
                    "kr-peers-this-city-value",
                    "score",
                    percent(chrome.lang, Some(own))
                )),
            );
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>");
    s
}

struct PeerRow {
    name: String,
    peers: String,
    min: String,
    q1: String,
    median: String,
    q3: String,
    max: String,
    this_city: String,
}

#[derive(Template)]
#[template(path = "kpi_results_peers.html")]
struct PeersPage {
    chrome: Chrome,
    frame: Frame,
    /// None: the city has not opted in.
    summary: Option<String>,
    /// Set when too few peers take part to show anything.
    suppressed: Option<String>,
    chart: String,
    rows: Vec<PeerRow>,
}

async fn peers(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let results = load(&state, &context, &slug, id).await?;
    let distribution = state
        .civitas
        .peer_distribution(&context.visitor, id)
        .await?;
    let chrome = Chrome::new(&state, &context);
    let frame = frame(&state, &context, &chrome, &results, "peers").await;
    let lang = chrome.lang;
    let mut page = PeersPage {
        summary: None,
        suppressed: None,
        chart: String::new(),
        rows: Vec::new(),
        frame,
        chrome,
    };
    if let Some(d) = distribution {
        let c = &page.chrome;
        page.summary = Some(c.t1(
            "kr-peers-summary",
            "range",
            format!(
                "{} – {}",
                c.count(&d.population_from),
                c.count(&d.population_to)
            ),
        ));
        if d.dimensions.is_empty() {
            page.suppressed =
                Some(c.t1("kr-peers-suppressed", "count", c.count(&(d.peers as i64))));
        } else {
            let named: Vec<(String, &PeerStatistic)> = d
                .dimensions
                .iter()
                .map(|p| {
                    let name = results
                        .framework
                        .dimension(&p.dimension)
                        .map(|x| x.name.get(lang.code()).to_string())
                        .unwrap_or_else(|| p.dimension.clone());
                    (name, p)
                })
                .collect();
            page.chart = box_plot_svg(c, &named, lang == Lang::Ar);
            page.rows = named
                .iter()
                .map(|(name, p)| PeerRow {
                    name: name.clone(),
                    peers: c.count(&(p.peers as i64)),
                    min: percent(lang, Some(p.min)),
                    q1: percent(lang, Some(p.q1)),
                    median: percent(lang, Some(p.median)),
                    q3: percent(lang, Some(p.q3)),
                    max: percent(lang, Some(p.max)),
                    this_city: percent(lang, p.this_city),
                })
                .collect();
        }
    }
    render(page)
}
