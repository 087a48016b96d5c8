//! One score over the years as a small SVG line chart on band-coloured stripes.

use std::fmt::Write as _;

use serde::Serialize;

use crate::{Band, INK, band_colour, f2, id_suffix, xml_escape};

/// A score (0–100 % of target) over years; `None` is a year without a value (a gap).
#[derive(Debug, Clone, Serialize)]
pub struct TrendChart {
    pub title: String,
    pub description: String,
    pub points: Vec<(i32, Option<f64>)>,
    /// Translated y-axis label, e.g. "% of target".
    pub y_label: String,
}

const W: f64 = 640.0;
const H: f64 = 320.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 40.0;

/// The trend chart. Years run left to right; values are clamped to 0–100.
pub fn trend_svg(series: &TrendChart) -> String {
    let sfx = id_suffix(&[&series.title, &series.description]);
    let (tid, did) = (
        format!("civitas-trend-title-{sfx}"),
        format!("civitas-trend-desc-{sfx}"),
    );
    let mut pts = series.points.clone();
    pts.sort_by_key(|p| p.0);
    let (min_year, max_year) = match (pts.first(), pts.last()) {
        (Some(a), Some(b)) => (a.0, b.0),
        _ => (0, 0),
    };
    let pw = W - LEFT - RIGHT;
    let ph = H - TOP - BOTTOM;
    let x_of = |year: i32| {
        if max_year == min_year {
            LEFT + pw / 2.0
        } else {
            LEFT + pw * f64::from(year - min_year) / f64::from(max_year - min_year)
        }
    };
    let y_of = |v: f64| TOP + ph * (1.0 - v.clamp(0.0, 100.0) / 100.0);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"100%\" \
         role=\"img\" aria-labelledby=\"{tid} {did}\" font-family=\"DejaVu Sans, Verdana, sans-serif\">\
         <title id=\"{tid}\">{}</title><desc id=\"{did}\">{}</desc>",
        xml_escape(&series.title),
        xml_escape(&series.description)
    );
    // Band stripes, light so the line stays readable; their edges are labelled on the axis.
    s.push_str("<g class=\"bands\" aria-hidden=\"true\">");
    for (lo, hi, band) in [
        (0.0, 33.0, Band::Below33),
        (33.0, 66.0, Band::From33To66),
        (66.0, 95.0, Band::From66To95),
        (95.0, 100.0, Band::AtLeast95),
    ] {
        let _ = write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" fill-opacity=\"0.3\"/>",
            f2(LEFT),
            f2(y_of(hi)),
            f2(pw),
            f2(y_of(lo) - y_of(hi)),
            band_colour(band)
        );
    }
    s.push_str("</g>");
    // Axes and ticks.
    let _ = write!(
        s,
        "<g class=\"axes\" fill=\"{INK}\" font-size=\"12\" aria-hidden=\"true\">\
         <line x1=\"{l}\" y1=\"{t}\" x2=\"{l}\" y2=\"{b}\" stroke=\"{INK}\"/>\
         <line x1=\"{l}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"{INK}\"/>",
        l = f2(LEFT),
        t = f2(TOP),
        b = f2(TOP + ph),
        r = f2(LEFT + pw)
    );
    for v in [0.0, 33.0, 66.0, 95.0, 100.0] {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" dominant-baseline=\"central\">{}</text>",
            f2(LEFT - 6.0),
            f2(y_of(v)),
            v
        );
    }
    let mut last_year = None;
    for (year, _) in &pts {
        if last_year == Some(*year) {
            continue;
        }
        last_year = Some(*year);
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            f2(x_of(*year)),
            f2(TOP + ph + 18.0),
            year
        );
    }
    let _ = write!(
        s,
        "<text x=\"14\" y=\"{}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {})\">{}</text></g>",
        f2(TOP + ph / 2.0),
        f2(TOP + ph / 2.0),
        xml_escape(&series.y_label)
    );
    // Line, broken where a year has no value.
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (year, v) in &pts {
        match v {
            Some(v) if v.is_finite() => {
                if let Some(run) = runs.last_mut() {
                    run.push((x_of(*year), y_of(*v)));
                }
            }
            _ => runs.push(Vec::new()),
        }
    }
    for run in runs.iter().filter(|r| r.len() > 1) {
        let coords: Vec<String> = run
            .iter()
            .map(|(x, y)| format!("{},{}", f2(*x), f2(*y)))
            .collect();
        let _ = write!(
            s,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{INK}\" stroke-width=\"2\"/>",
            coords.join(" ")
        );
    }
    for (year, v) in &pts {
        if let Some(v) = v.filter(|v| v.is_finite()) {
            let _ = write!(
                s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{}\" stroke=\"{INK}\" stroke-width=\"1.5\">\
                 <title>{year}: {} %</title></circle>",
                f2(x_of(*year)),
                f2(y_of(v)),
                band_colour(Band::from_pct(v)),
                f2(v)
            );
        }
    }
    s.push_str("</svg>");
    s
}
