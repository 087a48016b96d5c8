//! The strategy module's SVG charts: the maturity radar (five pillar axes,
//! 0–5, this round and the previous one) and the roadmap's Gantt timeline.
//! Each has a title and a description, and the page shows its data as a
//! table beside it; shapes and labels, not colour alone, tell series and
//! statuses apart.

use civitas_snapshot::xml_escape;
use std::fmt::Write;

/// One axis of the radar: a pillar with this round's and the previous round's level.
pub(crate) struct RadarAxis {
    pub label: String,
    pub current: Option<f64>,
    pub previous: Option<f64>,
}

pub(crate) struct Radar {
    pub id: String,
    pub title: String,
    pub description: String,
    pub axes: Vec<RadarAxis>,
    pub current_label: String,
    pub previous_label: Option<String>,
    pub rtl: bool,
}

const TOP: f64 = 5.0;

fn at(cx: f64, cy: f64, r: f64, i: usize, n: usize) -> (f64, f64) {
    let angle = (-90.0 + 360.0 * i as f64 / n as f64).to_radians();
    (cx + r * angle.cos(), cy + r * angle.sin())
}

/// Splits a label into at most two lines of about `width` characters.
fn two_lines(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split_whitespace() {
        let count = lines.len();
        let last = lines.last_mut().expect("one line");
        if !last.is_empty() && last.chars().count() + word.chars().count() > width && count < 2 {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}

pub(crate) fn radar_svg(radar: &Radar) -> String {
    let n = radar.axes.len().max(3);
    let (w, h, cx, cy, r) = (560.0, 420.0, 280.0, 200.0, 130.0);
    let id = xml_escape(&radar.id);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="st-radar" viewBox="0 0 {w} {h}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg" font-size="13" direction="{}"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        if radar.rtl { "rtl" } else { "ltr" },
        xml_escape(&radar.title),
        xml_escape(&radar.description),
    );
    // Rings 1–5 and the axes.
    for level in 1..=5 {
        let points: Vec<String> = (0..n)
            .map(|i| {
                let (x, y) = at(cx, cy, r * level as f64 / TOP, i, n);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = write!(
            s,
            r##"<polygon points="{}" fill="none" stroke="#c9d0d8" stroke-width="1"/>"##,
            points.join(" ")
        );
        let (x, y) = at(cx, cy, r * level as f64 / TOP, 0, n);
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" fill="#4a5360" font-size="11" text-anchor="middle">{level}</text>"##,
            x + 8.0,
            y + 4.0
        );
    }
    for (i, axis) in radar.axes.iter().enumerate() {
        let (x, y) = at(cx, cy, r, i, n);
        let _ = write!(
            s,
            r##"<line x1="{cx}" y1="{cy}" x2="{x:.1}" y2="{y:.1}" stroke="#c9d0d8"/>"##
        );
        let (lx, ly) = at(cx, cy, r + 34.0, i, n);
        let lines = two_lines(&axis.label, 22);
        let first_y = ly - (lines.len() as f64 - 1.0) * 8.0 + 4.0;
        let _ = write!(
            s,
            r##"<text text-anchor="middle" fill="#1b1f24" x="{lx:.1}" y="{first_y:.1}">"##
        );
        for (k, line) in lines.iter().enumerate() {
            let _ = write!(
                s,
                r#"<tspan x="{lx:.1}" dy="{}">{}</tspan>"#,
                if k == 0 { 0.0 } else { 16.0 },
                xml_escape(line)
            );
        }
        s.push_str("</text>");
    }
    let polygon = |s: &mut String, values: Vec<Option<f64>>, style: &str, mark: &str| {
        let points: Vec<(f64, f64)> = values
            .iter()
            .enumerate()
            .map(|(i, v)| at(cx, cy, r * v.unwrap_or(0.0).clamp(0.0, TOP) / TOP, i, n))
            .collect();
        let list: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        let _ = write!(s, r#"<polygon points="{}" {style}/>"#, list.join(" "));
        for (x, y) in points {
            let _ = write!(
                s,
                "{}",
                mark.replace("{x}", &format!("{x:.1}"))
                    .replace("{y}", &format!("{y:.1}"))
            );
        }
    };
    let mut legend_y = h - 38.0;
    if let Some(previous) = &radar.previous_label {
        polygon(
            &mut s,
            radar.axes.iter().map(|a| a.previous).collect(),
            r##"fill="none" stroke="#4a5360" stroke-width="2" stroke-dasharray="6 4""##,
            r##"<rect x="{x}" y="{y}" width="7" height="7" transform="translate(-3.5 -3.5)" fill="#4a5360"/>"##,
        );
        legend(&mut s, legend_y, previous, true);
        legend_y += 20.0;
    }
    polygon(
        &mut s,
        radar.axes.iter().map(|a| a.current).collect(),
        r##"fill="#0b5cad" fill-opacity="0.18" stroke="#0b5cad" stroke-width="2.5""##,
        r##"<circle cx="{x}" cy="{y}" r="4" fill="#0b5cad"/>"##,
    );
    legend(&mut s, legend_y, &radar.current_label, false);
    s.push_str("</svg>");
    s
}

fn legend(s: &mut String, y: f64, text: &str, dashed: bool) {
    let style = if dashed {
        r##"stroke="#4a5360" stroke-width="2" stroke-dasharray="6 4""##
    } else {
        r##"stroke="#0b5cad" stroke-width="3""##
    };
    let _ = write!(
        s,
        r##"<line x1="20" y1="{y}" x2="56" y2="{y}" {style}/><text x="64" y="{:.1}" fill="#1b1f24" text-anchor="start" direction="ltr">{}</text>"##,
        y + 4.5,
        xml_escape(text)
    );
}

/// One bar of the Gantt chart.
pub(crate) struct GanttBar {
    pub id: i64,
    pub label: String,
    /// Days since 1970-01-01.
    pub start: i64,
    pub end: i64,
    /// `planned`, `in-progress`, `done`, `delayed`, `cancelled`.
    pub status: String,
    pub status_label: String,
    pub depends_on: Vec<i64>,
}

pub(crate) struct Gantt {
    pub title: String,
    pub description: String,
    pub bars: Vec<GanttBar>,
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (H. Hinnant's algorithm).
pub(crate) fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The SVG patterns and fills per status: colour and a pattern or outline,
/// so the status reads without colour too (its name is also written on the row).
fn status_style(status: &str) -> &'static str {
    match status {
        "done" => r##"fill="#1e7b34""##,
        "in-progress" => r##"fill="url(#st-hatch)" stroke="#0b5cad" stroke-width="1.5""##,
        "delayed" => r##"fill="url(#st-dots)" stroke="#a4161a" stroke-width="2""##,
        "cancelled" => {
            r##"fill="#ffffff" stroke="#4a5360" stroke-width="1.5" stroke-dasharray="4 3""##
        }
        _ => r##"fill="#ffffff" stroke="#0b5cad" stroke-width="2""##,
    }
}

pub(crate) fn gantt_svg(gantt: &Gantt) -> String {
    let (w, label_w, row_h, top) = (900.0, 250.0, 30.0, 34.0);
    let chart_w = w - label_w - 150.0;
    let h = top + row_h * gantt.bars.len().max(1) as f64 + 12.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg class="st-gantt" viewBox="0 0 {w} {h}" width="100%" role="img" aria-labelledby="st-gantt-title st-gantt-desc" xmlns="http://www.w3.org/2000/svg" font-size="13" direction="ltr"><title id="st-gantt-title">{}</title><desc id="st-gantt-desc">{}</desc><defs><pattern id="st-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#dbe8f6"/><line x1="0" y1="0" x2="0" y2="8" stroke="#0b5cad" stroke-width="3"/></pattern><pattern id="st-dots" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#fdecec"/><circle cx="3" cy="3" r="1.6" fill="#a4161a"/></pattern><marker id="st-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#4a5360"/></marker></defs>"##,
        xml_escape(&gantt.title),
        xml_escape(&gantt.description)
    );
    let (Some(min), Some(max)) = (
        gantt.bars.iter().map(|b| b.start).min(),
        gantt.bars.iter().map(|b| b.end).max(),
    ) else {
        s.push_str("</svg>");
        return s;
    };
    let first_year = civil_year(min);
    let last_year = civil_year(max) + 1;
    let from = day_number(&format!("{first_year}-01-01")).unwrap_or(min);
    let to = day_number(&format!("{last_year}-01-01")).unwrap_or(max + 1);
    let span = (to - from).max(1) as f64;
    let x_of = |day: i64| label_w + chart_w * (day - from) as f64 / span;
    for year in first_year..=last_year {
        let x = x_of(day_number(&format!("{year}-01-01")).unwrap_or(from));
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" y1="{}" x2="{x:.1}" y2="{h}" stroke="#c9d0d8"/>"##,
            top - 6.0
        );
        if year < last_year {
            let next = x_of(day_number(&format!("{}-01-01", year + 1)).unwrap_or(to));
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{}" text-anchor="middle" fill="#1b1f24">{year}</text>"##,
                (x + next) / 2.0,
                top - 12.0
            );
        }
    }
    let row_of = |id: i64| gantt.bars.iter().position(|b| b.id == id);
    for (i, bar) in gantt.bars.iter().enumerate() {
        let y = top + row_h * i as f64;
        let (x1, x2) = (x_of(bar.start), x_of(bar.end + 1));
        let label: String = if bar.label.chars().count() > 34 {
            format!("{}…", bar.label.chars().take(33).collect::<String>())
        } else {
            bar.label.clone()
        };
        let _ = write!(
            s,
            r##"<g class="st-bar st-status-{}" data-action="{}"><title>{}</title><text x="8" y="{:.1}" fill="#1b1f24">{}</text><rect x="{x1:.1}" y="{:.1}" width="{:.1}" height="{}" rx="3" {}/><text x="{:.1}" y="{:.1}" fill="#1b1f24" font-size="12">{}</text></g>"##,
            xml_escape(&bar.status),
            bar.id,
            xml_escape(&format!("{} ({})", bar.label, bar.status_label)),
            y + row_h / 2.0 + 4.5,
            xml_escape(&label),
            y + 6.0,
            (x2 - x1).max(3.0),
            row_h - 12.0,
            status_style(&bar.status),
            x2 + 6.0,
            y + row_h / 2.0 + 4.0,
            xml_escape(&bar.status_label)
        );
        for dep in &bar.depends_on {
            let Some(j) = row_of(*dep) else { continue };
            let from_bar = &gantt.bars[j];
            let (fx, fy) = (x_of(from_bar.end + 1), top + row_h * j as f64 + row_h - 6.0);
            let (tx, ty) = (x1, y + row_h / 2.0);
            let _ = write!(
                s,
                r##"<polyline points="{fx:.1},{fy:.1} {fx:.1},{ty:.1} {tx:.1},{ty:.1}" fill="none" stroke="#4a5360" stroke-width="1.2" marker-end="url(#st-arrow)"/>"##
            );
        }
    }
    s.push_str("</svg>");
    s
}

fn civil_year(days: i64) -> i64 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    yoe + era * 400 + i64::from(month <= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_years() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2025-11-23"), Some(20_415));
        assert_eq!(civil_year(20_415), 2025);
        assert_eq!(civil_year(day_number("2028-12-31").unwrap_or(0)), 2028);
    }

    #[test]
    fn the_radar_has_a_polygon_per_round_and_a_text_alternative() {
        let svg = radar_svg(&Radar {
            id: "r".into(),
            title: "T <1>".into(),
            description: "D".into(),
            axes: (0..5)
                .map(|i| RadarAxis {
                    label: format!("Pillar {i}"),
                    current: Some(i as f64),
                    previous: Some(1.0),
                })
                .collect(),
            current_label: "now".into(),
            previous_label: Some("before".into()),
            rtl: false,
        });
        assert!(svg.contains("<title id=\"r-title\">T &lt;1&gt;</title>"));
        assert_eq!(
            svg.matches("stroke-dasharray=\"6 4\"").count(),
            2,
            "previous polygon and its legend"
        );
        assert_eq!(svg.matches("<circle").count(), 5);
    }
}
