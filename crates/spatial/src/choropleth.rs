//! The choropleth map of one indicator by district, as an accessible SVG.

use std::fmt::Write as _;

use serde::Serialize;

use crate::geometry::{Frame, Projection, area, label_point};
use crate::names::normalize_name;
use crate::{Districts, Position};

/// What a district shows on the map.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum DistrictValue {
    /// An estimate: coloured by its class.
    Value(f64),
    /// Withheld by disclosure control (too few respondents): hatched and labelled.
    Suppressed,
    /// Nothing to show (not surveyed, no respondents): dotted and labelled.
    NoData,
}

impl From<f64> for DistrictValue {
    /// A non-finite number is no data.
    fn from(v: f64) -> Self {
        if v.is_finite() {
            DistrictValue::Value(v)
        } else {
            DistrictValue::NoData
        }
    }
}

/// How numbers are written: fixed decimals, the locale's decimal separator and a unit suffix
/// (`"74.2 %"`, `"74,2 %"`). Deterministic: no locale lookups here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NumberFormat {
    pub decimals: usize,
    pub decimal_separator: char,
    /// Appended as is, e.g. `" %"`, `"%"` or `""`.
    pub suffix: String,
}

impl NumberFormat {
    /// Percentages with `decimals` decimals, a full stop and `" %"`.
    pub fn percent(decimals: usize) -> NumberFormat {
        NumberFormat {
            decimals,
            decimal_separator: '.',
            suffix: " %".to_string(),
        }
    }

    /// `v` with the decimals, separator and suffix; never "-0.0".
    pub fn format(&self, v: f64) -> String {
        let mut s = format!("{:.*}", self.decimals, v);
        if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
            s.remove(0);
        }
        if self.decimal_separator != '.' {
            s = s.replace('.', &self.decimal_separator.to_string());
        }
        s.push_str(&self.suffix);
        s
    }
}

/// A class of the legend: values up to and including `upper` (and above the previous class's
/// upper bound). Values above the last class's bound fall in the last class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Class {
    pub upper: f64,
    /// The range as shown in the legend, e.g. "60.0 – 70.0 %".
    pub label: String,
}

impl Class {
    /// Classes with the given upper bounds (ascending), labelled "lower – upper" from `lowest`.
    pub fn from_breaks(lowest: f64, uppers: &[f64], format: &NumberFormat) -> Vec<Class> {
        let mut lower = lowest;
        uppers
            .iter()
            .map(|&upper| {
                let (lo, hi) = (format.format(lower), format.format(upper));
                lower = upper;
                Class {
                    upper,
                    label: if lo == hi {
                        hi
                    } else {
                        format!("{lo} – {hi}")
                    },
                }
            })
            .collect()
    }

    /// `count` classes of equal width from the smallest to the largest of `values` (non-finite
    /// values ignored); one class when all values are equal, none when there are no values.
    pub fn equal_intervals(values: &[f64], count: usize, format: &NumberFormat) -> Vec<Class> {
        let Some((min, max)) = min_max(values) else {
            return Vec::new();
        };
        if count == 0 {
            return Vec::new();
        }
        if max == min {
            return Class::from_breaks(min, &[max], format);
        }
        let step = (max - min) / count as f64;
        let uppers: Vec<f64> = (1..=count)
            .map(|i| {
                if i == count {
                    max
                } else {
                    min + step * i as f64
                }
            })
            .collect();
        Class::from_breaks(min, &uppers, format)
    }

    /// Up to `count` classes holding about as many values each (quantiles, linear
    /// interpolation as R's type 7); classes whose bounds coincide are merged.
    pub fn quantiles(values: &[f64], count: usize, format: &NumberFormat) -> Vec<Class> {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        if sorted.is_empty() || count == 0 {
            return Vec::new();
        }
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let mut uppers: Vec<f64> = Vec::with_capacity(count);
        for i in 1..=count {
            let h = (n - 1) as f64 * i as f64 / count as f64;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            let q = sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]);
            if uppers.last().is_none_or(|&last| q > last) {
                uppers.push(q);
            }
        }
        Class::from_breaks(sorted[0], &uppers, format)
    }
}

fn min_max(values: &[f64]) -> Option<(f64, f64)> {
    values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// The index of the class `value` falls in: the first whose upper bound is at least the value,
/// else the last. `None` when there are no classes or the value is not finite.
pub fn class_of(classes: &[Class], value: f64) -> Option<usize> {
    if classes.is_empty() || !value.is_finite() {
        return None;
    }
    Some(
        classes
            .iter()
            .position(|c| value <= c.upper)
            .unwrap_or(classes.len() - 1),
    )
}

/// A choropleth map of one indicator by district. Every text is shown as given: the caller
/// translates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choropleth {
    /// The map's accessible name (`<title>`), e.g. "Share of residents using the Internet".
    pub title: String,
    /// The map's accessible description (`<desc>`): what it shows, source, year.
    pub description: String,
    /// Value by district name; names are matched ignoring case and accents (see
    /// [`match_report`](crate::match_report)), the first entry of a name is used, and a district
    /// without an entry shows as no data.
    pub values: Vec<(String, DistrictValue)>,
    /// The legend classes, ascending (see [`Class::equal_intervals`], [`Class::quantiles`]).
    /// One colour each from [`palette`]; at most 7 have distinct viridis steps.
    pub classes: Vec<Class>,
    pub legend_title: String,
    /// Legend and map label of suppressed districts, e.g. "Suppressed (too few respondents)".
    pub suppressed_label: String,
    /// Legend and map label of districts without data, e.g. "No data".
    pub no_data_label: String,
    pub format: NumberFormat,
    /// Right-to-left page (Arabic): legend on the left, texts marked `direction="rtl"`.
    pub rtl: bool,
    /// Simplify boundaries (Douglas–Peucker at [`SIMPLIFY_TOLERANCE_PX`]) so a detailed file
    /// gives a small SVG. Neighbouring districts' shared borders are simplified separately and
    /// may part by up to that tolerance, which the border stroke covers.
    pub simplify: bool,
}

/// Tolerance of boundary simplification, in pixels of the map.
pub const SIMPLIFY_TOLERANCE_PX: f64 = 0.5;

/// Text colour of labels and legend.
pub const INK: &str = "#111111";
/// Halo drawn around district labels, so they read on every fill and across borders.
pub const HALO: &str = "#ffffff";
/// District borders, hatching and dots.
pub const LINE: &str = "#4d4d4d";

/// Viridis (perceptually uniform, colour-blind safe, readable in grey) from light to dark,
/// sampled as R's `viridisLite::viridis(n)` for n = 1 to 7.
const VIRIDIS: [&[&str]; 7] = [
    &["#21908c"],
    &["#fde725", "#440154"],
    &["#fde725", "#21908c", "#440154"],
    &["#fde725", "#35b779", "#31688e", "#440154"],
    &["#fde725", "#5dc863", "#21908c", "#3b528b", "#440154"],
    &[
        "#fde725", "#7ad151", "#22a884", "#2a788e", "#414487", "#440154",
    ],
    &[
        "#fde725", "#8fd744", "#35b779", "#21908c", "#31688e", "#443a83", "#440154",
    ],
];

/// The sequential palette for `classes` classes, light (low values) to dark (high values).
/// Beyond 7 classes the last colours repeat (more than 7 classes cannot be told apart anyway).
pub fn palette(classes: usize) -> Vec<&'static str> {
    match classes {
        0 => Vec::new(),
        1..=7 => VIRIDIS[classes - 1].to_vec(),
        n => (0..n).map(|i| VIRIDIS[6][(i * 7 / n).min(6)]).collect(),
    }
}

/// Canvas: map on one side, legend on the other.
const MAP_W: f64 = 560.0;
const LEGEND_W: f64 = 240.0;
const WIDTH: f64 = MAP_W + LEGEND_W;
const MARGIN: f64 = 16.0;
const MIN_H: f64 = 320.0;
const MAX_H: f64 = 760.0;
const ROW: f64 = 26.0;
const SWATCH_W: f64 = 28.0;
const SWATCH_H: f64 = 18.0;
/// Characters per line of wrapped legend texts and district labels.
const LEGEND_CHARS: usize = 28;
const LABEL_CHARS: usize = 14;
const VALUE_CHARS: usize = 18;

/// How one district is drawn.
enum Fill {
    Class(usize),
    Suppressed,
    NoData,
}

/// The choropleth as a standalone SVG (viewBox-based, scales to its container's width):
/// `role="img"` with `<title>` and `<desc>`, one `<path>` per district with its own `<title>`
/// ("Riverside: 74.2 %"), viridis fills by class, suppressed districts hatched and districts
/// without data dotted, a label at each district (name and value, dark on a white halo), and
/// the legend beside the map. The output depends only on the input.
pub fn choropleth_svg(districts: &Districts, map: &Choropleth) -> String {
    let sfx = id_suffix(&[&map.title, &map.description, &map.legend_title]);
    let (tid, did) = (
        format!("civitas-map-title-{sfx}"),
        format!("civitas-map-desc-{sfx}"),
    );
    let (hatch, dots) = (
        format!("civitas-map-hatch-{sfx}"),
        format!("civitas-map-nodata-{sfx}"),
    );
    let dir = if map.rtl { " direction=\"rtl\"" } else { "" };
    let colours = palette(map.classes.len().max(1));

    // Height: the map's own aspect ratio within bounds, and room for the legend.
    let bbox = districts.bounding_box();
    let map_h = bbox.map_or(MIN_H, |b| {
        let mid = ((b.min[1] + b.max[1]) / 2.0).to_radians().cos().max(1e-6);
        let (gw, gh) = ((b.max[0] - b.min[0]) * mid, b.max[1] - b.min[1]);
        if gw > 0.0 {
            (gh / gw * (MAP_W - 2.0 * MARGIN) + 2.0 * MARGIN).clamp(MIN_H, MAX_H)
        } else {
            MIN_H
        }
    });
    let legend = legend_rows(map);
    let legend_h = 40.0 + legend.height;
    let height = map_h.max(legend_h).ceil();
    let map_x = if map.rtl { LEGEND_W } else { 0.0 };
    let frame = Frame {
        x: map_x,
        y: 0.0,
        width: MAP_W,
        height,
        margin: MARGIN,
    };
    let projection = bbox.map(|b| Projection::fit(b, frame));

    let keys: Vec<String> = map.values.iter().map(|(n, _)| normalize_name(n)).collect();
    let value_of = |name: &str| {
        let key = normalize_name(name);
        keys.iter()
            .position(|k| *k == key)
            .map_or(DistrictValue::NoData, |i| map.values[i].1)
    };

    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"100%\" \
         role=\"img\" aria-labelledby=\"{tid} {did}\" \
         font-family=\"DejaVu Sans, Verdana, sans-serif\">\
         <title id=\"{tid}\">{}</title><desc id=\"{did}\">{}</desc>",
        f1(WIDTH),
        f1(height),
        xml_escape(&map.title),
        xml_escape(&map.description),
    );
    // Patterns: diagonal hatching (suppressed), dots (no data), both on white.
    let _ = write!(
        s,
        "<defs><pattern id=\"{hatch}\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" \
         patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>\
         <rect width=\"2\" height=\"6\" fill=\"{LINE}\"/></pattern>\
         <pattern id=\"{dots}\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\">\
         <rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>\
         <circle cx=\"3\" cy=\"3\" r=\"1\" fill=\"{LINE}\"/></pattern></defs>"
    );
    let fill_of = |fill: &Fill| match fill {
        Fill::Class(i) => colours[*i].to_string(),
        Fill::Suppressed => format!("url(#{hatch})"),
        Fill::NoData => format!("url(#{dots})"),
    };

    let mut labels: Vec<(Position, String, String)> = Vec::with_capacity(districts.len());
    let _ = write!(
        s,
        "<g class=\"districts\" stroke=\"{LINE}\" stroke-width=\"0.8\" \
         stroke-linejoin=\"round\" fill-rule=\"evenodd\">"
    );
    for district in districts {
        let (fill, value_text, class) = match value_of(&district.name) {
            DistrictValue::Value(v) if v.is_finite() => {
                let i = class_of(&map.classes, v).unwrap_or(0);
                (
                    Fill::Class(i),
                    map.format.format(v),
                    format!("class-{}", i + 1),
                )
            }
            DistrictValue::Suppressed => (
                Fill::Suppressed,
                map.suppressed_label.clone(),
                "suppressed".to_string(),
            ),
            DistrictValue::NoData | DistrictValue::Value(_) => (
                Fill::NoData,
                map.no_data_label.clone(),
                "no-data".to_string(),
            ),
        };
        let mut d = String::new();
        let mut best: Option<(f64, Position)> = None;
        if let Some(proj) = &projection {
            let tolerance = map.simplify.then_some(SIMPLIFY_TOLERANCE_PX);
            for polygon in &district.polygons {
                let exterior = proj.project_ring(&polygon.exterior, tolerance);
                if exterior.len() < 4 {
                    continue;
                }
                ring_path(&mut d, &exterior);
                for hole in &polygon.holes {
                    let hole = proj.project_ring(hole, tolerance);
                    if hole.len() >= 4 {
                        ring_path(&mut d, &hole);
                    }
                }
                // Label point from the exact (unsimplified, unrounded) geometry.
                let ext: Vec<Position> = polygon
                    .exterior
                    .iter()
                    .map(|p| proj.project_exact(*p))
                    .collect();
                let holes: Vec<Vec<Position>> = polygon
                    .holes
                    .iter()
                    .map(|h| h.iter().map(|p| proj.project_exact(*p)).collect())
                    .collect();
                let a = area(&ext, &holes);
                if best.is_none_or(|(b, _)| a > b)
                    && let Some(p) = label_point(&ext, &holes)
                {
                    best = Some((a, p));
                }
            }
        }
        let _ = write!(
            s,
            "<path class=\"district {class}\" d=\"{d}\" fill=\"{}\"><title>{}</title></path>",
            fill_of(&fill),
            xml_escape(&format!("{}: {value_text}", district.name)),
        );
        if let Some((_, p)) = best {
            labels.push((p, district.name.clone(), value_text));
        }
    }
    s.push_str("</g>");

    // Labels after every fill, so no district covers a neighbour's label; aria-hidden because
    // each district's <title> says the same.
    let _ = write!(
        s,
        "<g class=\"labels\" aria-hidden=\"true\" fill=\"{INK}\" stroke=\"{HALO}\" \
         stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\" \
         text-anchor=\"middle\" pointer-events=\"none\">"
    );
    for (p, name, value) in &labels {
        let lines = wrap(name, LABEL_CHARS);
        // Name lines (12 px, bold) then the value or status lines (11 px), centred on the point.
        let total = lines.len() as f64 * 14.0 + wrap(value, VALUE_CHARS).len() as f64 * 13.0;
        let mut y = p[1] - total / 2.0 + 11.0;
        let _ = write!(s, "<text{dir}>");
        for line in &lines {
            let _ = write!(
                s,
                "<tspan x=\"{}\" y=\"{}\" font-size=\"12\" font-weight=\"bold\">{}</tspan>",
                f1(p[0]),
                f1(y),
                xml_escape(line)
            );
            y += 14.0;
        }
        for line in wrap(value, VALUE_CHARS) {
            let _ = write!(
                s,
                "<tspan x=\"{}\" y=\"{}\" font-size=\"11\">{}</tspan>",
                f1(p[0]),
                f1(y - 1.0),
                xml_escape(&line)
            );
            y += 13.0;
        }
        s.push_str("</text>");
    }
    s.push_str("</g>");

    // Legend.
    let lx = if map.rtl { 0.0 } else { MAP_W };
    let (swatch_x, text_x) = if map.rtl {
        (
            lx + LEGEND_W - 16.0 - SWATCH_W,
            lx + LEGEND_W - 16.0 - SWATCH_W - 8.0,
        )
    } else {
        (lx + 8.0, lx + 8.0 + SWATCH_W + 8.0)
    };
    let title_x = if map.rtl {
        lx + LEGEND_W - 16.0
    } else {
        lx + 8.0
    };
    let _ = write!(s, "<g class=\"legend\" fill=\"{INK}\" font-size=\"12\">");
    let mut y = 32.0;
    for line in wrap(&map.legend_title, LEGEND_CHARS - 4) {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"13\" font-weight=\"bold\"{dir}>{}</text>",
            f1(title_x),
            f1(y),
            xml_escape(&line)
        );
        y += 17.0;
    }
    y += 4.0;
    for row in &legend.rows {
        let fill = match row.fill {
            Fill::Class(i) => colours[i].to_string(),
            Fill::Suppressed => format!("url(#{hatch})"),
            Fill::NoData => format!("url(#{dots})"),
        };
        let class = match row.fill {
            Fill::Class(i) => format!("class-{}", i + 1),
            Fill::Suppressed => "suppressed".to_string(),
            Fill::NoData => "no-data".to_string(),
        };
        if matches!(row.fill, Fill::Suppressed) {
            y += 8.0;
        }
        let _ = write!(
            s,
            "<rect class=\"swatch {class}\" x=\"{}\" y=\"{}\" width=\"{SWATCH_W}\" \
             height=\"{SWATCH_H}\" fill=\"{fill}\" stroke=\"{INK}\" stroke-width=\"0.5\"/>",
            f1(swatch_x),
            f1(y),
        );
        let mut ty = y + SWATCH_H / 2.0 + 4.0;
        for line in &row.lines {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\"{dir}>{}</text>",
                f1(text_x),
                f1(ty),
                xml_escape(line)
            );
            ty += 15.0;
        }
        y += ROW.max(row.lines.len() as f64 * 15.0 + 8.0);
    }
    s.push_str("</g></svg>");
    s
}

struct LegendRow {
    fill: Fill,
    lines: Vec<String>,
}

struct Legend {
    rows: Vec<LegendRow>,
    height: f64,
}

fn legend_rows(map: &Choropleth) -> Legend {
    let mut rows: Vec<LegendRow> = map
        .classes
        .iter()
        .enumerate()
        .map(|(i, c)| LegendRow {
            fill: Fill::Class(i),
            lines: wrap(&c.label, LEGEND_CHARS),
        })
        .collect();
    rows.push(LegendRow {
        fill: Fill::Suppressed,
        lines: wrap(&map.suppressed_label, LEGEND_CHARS),
    });
    rows.push(LegendRow {
        fill: Fill::NoData,
        lines: wrap(&map.no_data_label, LEGEND_CHARS),
    });
    let title_lines = wrap(&map.legend_title, LEGEND_CHARS - 4).len() as f64;
    let height = title_lines * 17.0
        + 12.0
        + rows
            .iter()
            .map(|r| ROW.max(r.lines.len() as f64 * 15.0 + 8.0))
            .sum::<f64>();
    Legend { rows, height }
}

/// Append one closed ring as "M x y L x y … Z" (the repeated last position left to Z).
fn ring_path(d: &mut String, ring: &[Position]) {
    for (i, p) in ring[..ring.len() - 1].iter().enumerate() {
        let cmd = match i {
            0 => "M",
            1 => "L",
            _ => " ",
        };
        let _ = write!(d, "{cmd}{} {}", f1(p[0]), f1(p[1]));
    }
    d.push('Z');
}

/// Break `text` at spaces into lines of at most `max` characters where possible (a longer
/// word stays whole).
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// One decimal, no negative zero: coordinates are rounded to 0.1 px.
pub(crate) fn f1(v: f64) -> String {
    let s = format!("{v:.1}");
    if s == "-0.0" { "0.0".to_string() } else { s }
}

/// Escape text for XML character data and attribute values (as civitas-snapshot does; that
/// crate is not a dependency because it brings the whole PDF stack).
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids are dropped rather than producing an unparsable file.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A short, stable id suffix from the map's texts, so two maps on one page do not share ids.
fn id_suffix(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{:08x}", h & 0xffff_ffff)
}

/// WCAG 2 contrast ratio of two "#rrggbb" colours.
pub fn contrast_ratio(a: &str, b: &str) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// WCAG 2 relative luminance of a "#rrggbb" colour (0 black to 1 white).
pub fn relative_luminance(hex: &str) -> f64 {
    let h = hex.trim_start_matches('#');
    let c = |i: usize| {
        let v = f64::from(u8::from_str_radix(h.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0));
        let c = v / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * c(0) + 0.7152 * c(2) + 0.0722 * c(4)
}
