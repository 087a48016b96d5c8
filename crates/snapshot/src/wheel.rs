//! The U4SSC benchmarking wheel as SVG, and the ring geometry the PDF shares.

use std::fmt::Write as _;

use crate::{INK, Legend, Shade, Wheel, f2, id_suffix, pct_text, xml_escape};

/// Which ring a segment sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ring {
    Dimension,
    Category,
    Item,
}

/// One coloured annular sector; angles in degrees, clockwise from the top.
#[derive(Debug, Clone)]
pub(crate) struct Segment {
    pub ring: Ring,
    pub start: f64,
    pub end: f64,
    pub shade: Shade,
    /// Text drawn in the segment.
    pub label: String,
    /// Hover text: name and score.
    pub tooltip: String,
}

/// Ring radii as fractions of the outer radius: hole, dimension, category, item.
pub(crate) const RADII: [f64; 4] = [0.19, 0.42, 0.68, 1.0];

fn legend_text(legend: &Legend, shade: Shade) -> &str {
    legend
        .rows()
        .into_iter()
        .find(|(s, _)| *s == shade)
        .map_or("", |(_, t)| t)
}

/// Every segment of the wheel, dimensions first, then categories, then items.
/// Each item gets 360° / (number of items); a category or dimension spans its items.
pub(crate) fn segments(wheel: &Wheel) -> Vec<Segment> {
    let total: usize = wheel
        .dimensions
        .iter()
        .flat_map(|d| &d.categories)
        .map(|c| c.items.len())
        .sum();
    let step = if total == 0 {
        0.0
    } else {
        360.0 / total as f64
    };
    let legend = &wheel.legend;
    let (mut dims, mut cats, mut items) = (Vec::new(), Vec::new(), Vec::new());
    let mut n = 0usize;
    for d in &wheel.dimensions {
        let d_start = n as f64 * step;
        for c in &d.categories {
            let c_start = n as f64 * step;
            for it in &c.items {
                let shade = Shade::of_item(it.band, it.status);
                items.push(Segment {
                    ring: Ring::Item,
                    start: n as f64 * step,
                    end: (n + 1) as f64 * step,
                    shade,
                    label: it.label.clone(),
                    tooltip: format!("{} — {}: {}", it.label, it.name, legend_text(legend, shade)),
                });
                n += 1;
            }
            let shade = Shade::of_score(c.band);
            cats.push(Segment {
                ring: Ring::Category,
                start: c_start,
                end: n as f64 * step,
                shade,
                label: c.name.clone(),
                tooltip: format!(
                    "{}: {} ({})",
                    c.name,
                    pct_text(c.score_pct),
                    legend_text(legend, shade)
                ),
            });
        }
        let shade = Shade::of_score(d.band);
        dims.push(Segment {
            ring: Ring::Dimension,
            start: d_start,
            end: n as f64 * step,
            shade,
            label: d.name.clone(),
            tooltip: format!(
                "{}: {} ({})",
                d.name,
                pct_text(d.score_pct),
                legend_text(legend, shade)
            ),
        });
    }
    dims.extend(cats);
    dims.extend(items);
    dims
}

/// Start and end angle (degrees, clockwise from the top) of each outer-ring item, in order.
pub fn segment_angles(wheel: &Wheel) -> Vec<(f64, f64)> {
    segments(wheel)
        .into_iter()
        .filter(|s| s.ring == Ring::Item)
        .map(|s| (s.start, s.end))
        .collect()
}

/// Point at radius `r`, angle `deg` clockwise from the top, y growing downwards.
pub(crate) fn polar(cx: f64, cy: f64, r: f64, deg: f64) -> (f64, f64) {
    let a = deg.to_radians();
    (cx + r * a.sin(), cy - r * a.cos())
}

/// SVG path of an annular sector (two arcs per side so a full circle still draws).
fn sector_path(cx: f64, cy: f64, r_in: f64, r_out: f64, start: f64, end: f64) -> String {
    let mid = (start + end) / 2.0;
    let p = |r, a| {
        let (x, y) = polar(cx, cy, r, a);
        format!("{} {}", f2(x), f2(y))
    };
    let (ro, ri) = (f2(r_out), f2(r_in));
    format!(
        "M{} A{ro} {ro} 0 0 1 {} A{ro} {ro} 0 0 1 {} L{} A{ri} {ri} 0 0 0 {} A{ri} {ri} 0 0 0 {} Z",
        p(r_out, start),
        p(r_out, mid),
        p(r_out, end),
        p(r_in, end),
        p(r_in, mid),
        p(r_in, start),
    )
}

/// Rotation (degrees, SVG convention) that lays text along the radius at angle `deg` and keeps
/// it readable: outward on the right half, inward on the left.
pub(crate) fn radial_rotation(deg: f64) -> f64 {
    if deg <= 180.0 { deg - 90.0 } else { deg + 90.0 }
}

/// Font size that fits `chars` characters into `length` along the radius and `across` wide.
pub(crate) fn fit_font(chars: usize, length: f64, across: f64, max: f64) -> f64 {
    let by_length = length / (0.58 * chars.max(1) as f64);
    by_length.min(across * 0.8).min(max)
}

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 680.0;
const OUTER: f64 = 320.0;

/// The benchmarking wheel as a standalone SVG (viewBox-based: it scales to its container's
/// width). `rtl` puts the legend on the left and marks every text `direction="rtl"`.
pub fn wheel_svg(wheel: &Wheel, rtl: bool) -> String {
    let sfx = id_suffix(&[&wheel.title, &wheel.description]);
    let title_id = format!("civitas-wheel-title-{sfx}");
    let desc_id = format!("civitas-wheel-desc-{sfx}");
    let dir = if rtl { " direction=\"rtl\"" } else { "" };
    let (cx, cy) = if rtl {
        (WIDTH - 10.0 - OUTER, HEIGHT / 2.0)
    } else {
        (10.0 + OUTER, HEIGHT / 2.0)
    };
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"100%\" \
         role=\"img\" aria-labelledby=\"{title_id} {desc_id}\" \
         font-family=\"DejaVu Sans, Verdana, sans-serif\">\
         <title id=\"{title_id}\">{}</title><desc id=\"{desc_id}\">{}</desc>",
        WIDTH,
        HEIGHT,
        xml_escape(&wheel.title),
        xml_escape(&wheel.description),
    );
    s.push_str("<g class=\"wheel\" stroke=\"#ffffff\" stroke-width=\"1\">");
    for seg in segments(wheel) {
        let ring = match seg.ring {
            Ring::Dimension => 0,
            Ring::Category => 1,
            Ring::Item => 2,
        };
        let (r_in, r_out) = (RADII[ring] * OUTER, RADII[ring + 1] * OUTER);
        if seg.end - seg.start <= 0.0 {
            continue;
        }
        let class = ["dimension", "category", "item"][ring];
        let _ = write!(
            s,
            "<path class=\"{class}\" d=\"{}\" fill=\"{}\"><title>{}</title></path>",
            sector_path(cx, cy, r_in, r_out, seg.start, seg.end),
            seg.shade.colour(),
            xml_escape(&seg.tooltip),
        );
    }
    s.push_str("</g>");
    // Texts after all fills so separators never cut them; aria-hidden because every segment's
    // <title> already says the same and more.
    let _ = write!(
        s,
        "<g aria-hidden=\"true\" fill=\"{INK}\" text-anchor=\"middle\" \
         dominant-baseline=\"central\" pointer-events=\"none\">"
    );
    for seg in segments(wheel) {
        let span = seg.end - seg.start;
        if span <= 0.0 {
            continue;
        }
        let mid = (seg.start + seg.end) / 2.0;
        match seg.ring {
            Ring::Dimension => {
                let r = (RADII[0] + RADII[1]) / 2.0 * OUTER;
                let (x, y) = polar(cx, cy, r, mid);
                let size = fit_font(seg.label.chars().count(), 1.6 * r, 2.0 * r, 13.0);
                let _ = write!(
                    s,
                    "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\"{dir}>{}</text>\
                     <text x=\"{}\" y=\"{}\" font-size=\"11\"{dir}>{}</text>",
                    f2(x),
                    f2(y - 8.0),
                    f2(size),
                    xml_escape(&seg.label),
                    f2(x),
                    f2(y + 8.0),
                    xml_escape(seg.shade.mark()),
                );
            }
            Ring::Category | Ring::Item => {
                let ring = if seg.ring == Ring::Category { 1 } else { 2 };
                let (r_in, r_out) = (RADII[ring] * OUTER, RADII[ring + 1] * OUTER);
                let r_mid = (r_in + r_out) / 2.0;
                let across = span.to_radians() * r_in;
                let rot = radial_rotation(mid);
                let (label, length) = if seg.ring == Ring::Category {
                    (seg.label.clone(), r_out - r_in - 6.0)
                } else {
                    (seg.label.clone(), r_out - r_in - 22.0)
                };
                let size = fit_font(label.chars().count(), length, across, 10.0);
                let (x, y) = polar(cx, cy, if ring == 2 { r_mid - 8.0 } else { r_mid }, mid);
                let _ = write!(
                    s,
                    "<text x=\"{}\" y=\"{}\" font-size=\"{}\" transform=\"rotate({} {} {})\"{dir}>{}</text>",
                    f2(x),
                    f2(y),
                    f2(size),
                    f2(rot),
                    f2(x),
                    f2(y),
                    xml_escape(&label),
                );
                // The band mark near the outer edge of each item and category.
                let (mx, my) = polar(cx, cy, r_out - 8.0, mid);
                let msize = (across * 0.8).min(10.0);
                let _ = write!(
                    s,
                    "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\">{}</text>",
                    f2(mx),
                    f2(my),
                    f2(msize),
                    xml_escape(seg.shade.mark()),
                );
            }
        }
    }
    s.push_str("</g>");
    // Legend.
    let lx = if rtl { 20.0 } else { WIDTH - 270.0 };
    let mut y = 60.0;
    s.push_str("<g class=\"legend\">");
    for (shade, text) in wheel.legend.rows() {
        let (sx, tx) = if rtl {
            (lx + 222.0, lx + 212.0)
        } else {
            (lx, lx + 32.0)
        };
        let _ = write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"24\" height=\"24\" fill=\"{}\" stroke=\"{INK}\" stroke-width=\"0.5\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"13\" font-weight=\"bold\" text-anchor=\"middle\" \
             dominant-baseline=\"central\" fill=\"{INK}\" aria-hidden=\"true\">{}</text>\
             <text x=\"{}\" y=\"{}\" font-size=\"13\" dominant-baseline=\"central\" fill=\"{INK}\"{dir}>{}</text>",
            f2(sx),
            f2(y),
            shade.colour(),
            f2(sx + 12.0),
            f2(y + 12.0),
            xml_escape(shade.mark()),
            f2(tx),
            f2(y + 12.0),
            xml_escape(text),
        );
        y += 34.0;
    }
    s.push_str("</g></svg>");
    s
}
