//! The U4SSC City Snapshot's graphics and its PDF (engine: pure Rust, no I/O).
//!
//! Data in, `String` / `Vec<u8>` out. The web layer fills the input structs with labels it has
//! already translated; this crate never translates, it only draws.
//!
//! - [`wheel_svg`]: the U4SSC benchmarking wheel (kpi_notes.md b.4): dimension in the centre ring,
//!   categories in the middle ring, one outer segment per KPI or data point, coloured by band,
//!   with a text mark per band so colour is never the only signal.
//! - [`trend_svg`]: one score over the years, on band-coloured stripes.
//! - [`snapshot_pdf`]: the City Snapshot as an A4 PDF (wheel as vector paths, legend, score
//!   tables, every KPI, footer), with an embedded, subsetted DejaVu Sans so French, Spanish and
//!   Arabic (shaped, right-to-left) text is right.
//!
//! Charts follow the project convention: SVG with `role="img"`, `<title>`/`<desc>` and a
//! `<title>` per data mark; the page that shows them also shows the data as a table.
//!
//! Dependencies, one line each:
//! - `pdf-writer`: typst's PDF object writer, no dependencies of its own;
//! - `ttf-parser`: glyph ids, advance widths and font metrics of the embedded font;
//! - `rustybuzz`: pure-Rust HarfBuzz port, shapes Arabic (joining forms, ligatures) and kerning;
//! - `unicode-bidi`: the Unicode bidirectional algorithm, orders mixed Arabic/Latin/digit runs;
//! - `subsetter`: typst's font subsetter, embeds only used glyphs (757 KB font → a few dozen KB);
//! - `miniz_oxide`: pure-Rust Flate, compresses page content, font and CMap streams.
//!
//! # Example
//!
//! ```
//! use civitas_snapshot::{Band, ItemStatus, Legend, Wheel, WheelCategory, WheelDimension, WheelItem, wheel_svg};
//!
//! let wheel = Wheel {
//!     title: "Benchmarking wheel".into(),
//!     description: "Scores of Besançon against the U4SSC targets".into(),
//!     dimensions: vec![WheelDimension {
//!         name: "Economy".into(),
//!         score_pct: Some(75.0),
//!         band: Some(Band::From66To95),
//!         categories: vec![WheelCategory {
//!             name: "ICT".into(),
//!             score_pct: Some(75.0),
//!             band: Some(Band::From66To95),
//!             items: vec![WheelItem {
//!                 label: "EC: ICT: ICT: 1C".into(),
//!                 name: "Household Internet Access".into(),
//!                 band: Some(Band::From66To95),
//!                 status: ItemStatus::Scored,
//!             }],
//!         }],
//!     }],
//!     legend: Legend::english(),
//! };
//! let svg = wheel_svg(&wheel, false);
//! assert!(svg.starts_with("<svg"));
//! assert!(svg.contains("role=\"img\""));
//! ```

use serde::Serialize;

pub use civitas_indicators::Band;

mod pdf;
mod read;
mod report_pdf;
mod roadmap_pdf;
mod text;
mod trend;
mod wheel;

pub use pdf::{
    KpiRow, PdfError, ScoreLevel, ScoreRow, SnapshotDoc, SnapshotLabels, pdf_page_count,
    snapshot_pdf,
};
pub use read::pdf_text;
pub use report_pdf::{ReportPdfDoc, ReportSection, report_pdf};
pub use roadmap_pdf::{PdfTable, RoadmapPdfDoc, roadmap_pdf};
pub use trend::{TrendChart, trend_svg};
pub use wheel::{segment_angles, wheel_svg};

/// What an item of the wheel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ItemStatus {
    /// Has a value and a target: coloured by its band.
    Scored,
    /// Has a value but no U4SSC target: shown "N/A".
    NoTarget,
    /// The city did not report it.
    NotReported,
}

#[derive(Debug, Clone, Serialize)]
pub struct Wheel {
    pub title: String,
    pub description: String,
    pub dimensions: Vec<WheelDimension>,
    pub legend: Legend,
}

#[derive(Debug, Clone, Serialize)]
pub struct WheelDimension {
    pub name: String,
    pub score_pct: Option<f64>,
    pub band: Option<Band>,
    pub categories: Vec<WheelCategory>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WheelCategory {
    pub name: String,
    pub score_pct: Option<f64>,
    pub band: Option<Band>,
    pub items: Vec<WheelItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WheelItem {
    /// KPI code, or "code / data point".
    pub label: String,
    pub name: String,
    pub band: Option<Band>,
    pub status: ItemStatus,
}

/// Translated legend texts, one per colour.
#[derive(Debug, Clone, Serialize)]
pub struct Legend {
    pub at_least_95: String,
    pub from_66_to_95: String,
    pub from_33_to_66: String,
    pub below_33: String,
    pub no_target: String,
    pub not_reported: String,
}

impl Legend {
    /// The City Snapshot's own English wording (kpi_notes.md b.4), for tests and examples.
    pub fn english() -> Legend {
        Legend {
            at_least_95: "95%+ Target".into(),
            from_66_to_95: "66–95% of Target".into(),
            from_33_to_66: "33–66% of Target".into(),
            below_33: "Less than 33% of Target".into(),
            no_target: "N/A (no target)".into(),
            not_reported: "Not reported".into(),
        }
    }

    fn rows(&self) -> [(Shade, &str); 6] {
        [
            (Shade::Band(Band::AtLeast95), &self.at_least_95),
            (Shade::Band(Band::From66To95), &self.from_66_to_95),
            (Shade::Band(Band::From33To66), &self.from_33_to_66),
            (Shade::Band(Band::Below33), &self.below_33),
            (Shade::NoTarget, &self.no_target),
            (Shade::NotReported, &self.not_reported),
        ]
    }
}

/// One of the six fills of the wheel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shade {
    Band(Band),
    NoTarget,
    NotReported,
}

impl Shade {
    /// The shade of a wheel item.
    pub fn of_item(band: Option<Band>, status: ItemStatus) -> Shade {
        match (status, band) {
            (ItemStatus::Scored, Some(b)) => Shade::Band(b),
            (ItemStatus::NotReported, _) => Shade::NotReported,
            (ItemStatus::NoTarget, _) | (ItemStatus::Scored, None) => Shade::NoTarget,
        }
    }

    /// The shade of a roll-up (category or dimension): no score means nothing was scored.
    pub fn of_score(band: Option<Band>) -> Shade {
        band.map_or(Shade::NotReported, Shade::Band)
    }

    /// Fill colour (kpi_notes.md b.4 palette).
    pub fn colour(self) -> &'static str {
        match self {
            Shade::Band(b) => band_colour(b),
            Shade::NoTarget => "#4ba0be",
            Shade::NotReported => "#8a817a",
        }
    }

    /// A short mark drawn on the fill and in the legend so colour is not the only cue:
    /// the band's U4SSC points (4 to 1), "–" for no target (N/A), "?" for not reported.
    pub fn mark(self) -> &'static str {
        match self {
            Shade::Band(Band::AtLeast95) => "4",
            Shade::Band(Band::From66To95) => "3",
            Shade::Band(Band::From33To66) => "2",
            Shade::Band(Band::Below33) => "1",
            Shade::NoTarget => "–",
            Shade::NotReported => "?",
        }
    }
}

/// Colour of a band (kpi_notes.md b.4).
pub fn band_colour(band: Band) -> &'static str {
    match band {
        Band::AtLeast95 => "#009e69",
        Band::From66To95 => "#5ab47d",
        Band::From33To66 => "#ddac42",
        Band::Below33 => "#dd7947",
    }
}

/// Text colour drawn on every fill. White on #009e69 is only 3.4:1, so all marks and labels on
/// fills are near-black; `tests` checks every pair reaches WCAG AA (4.5:1).
pub const INK: &str = "#111111";

/// Escape text for XML character data and attribute values.
pub fn xml_escape(text: &str) -> String {
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

/// Fixed two-decimal formatting, so output is byte-for-byte deterministic.
pub(crate) fn f2(x: f64) -> String {
    let s = format!("{x:.2}");
    if s == "-0.00" { "0.00".to_string() } else { s }
}

/// "56.25 %" or "–" for a missing score.
pub(crate) fn pct_text(p: Option<f64>) -> String {
    p.map_or_else(|| "–".to_string(), |p| format!("{} %", f2(p)))
}

/// Parse "#rrggbb" into 0..=1 components.
pub fn rgb(hex: &str) -> (f32, f32, f32) {
    let h = hex.trim_start_matches('#');
    let c = |i: usize| {
        f32::from(u8::from_str_radix(h.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0)) / 255.0
    };
    (c(0), c(2), c(4))
}

/// WCAG 2 contrast ratio of two "#rrggbb" colours.
pub fn contrast_ratio(a: &str, b: &str) -> f64 {
    fn lum(hex: &str) -> f64 {
        let (r, g, b) = rgb(hex);
        let lin = |c: f32| {
            let c = f64::from(c);
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }
    let (la, lb) = (lum(a), lum(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// A short, stable id suffix from the chart's text, so two charts on one page do not share ids.
pub(crate) fn id_suffix(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{:08x}", h & 0xffff_ffff)
}
