//! The City Snapshot as a PDF: A4 pages laid out as drawing operations first, then written
//! with one embedded, subsetted font.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use serde::Serialize;

use crate::text::{FONT, Shaped, Shaper};
use crate::wheel::{RADII, Ring, polar, radial_rotation, segments};
use crate::{Band, INK, ItemStatus, Shade, Wheel, rgb};

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The embedded font has no glyph for this character (e.g. CJK): refusing beats printing
    /// empty boxes.
    #[error("the PDF font has no glyph for {0:?}")]
    MissingGlyph(char),
    #[error("the embedded font could not be read")]
    Font,
    #[error("the embedded font could not be subset")]
    Subset,
}

/// Level of a row in the score table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ScoreLevel {
    Dimension,
    SubDimension,
    Category,
}

/// One dimension, sub-dimension or category score.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreRow {
    pub level: ScoreLevel,
    pub name: String,
    /// Formatted by the caller for the locale, e.g. "56,25 %"; empty when not scored.
    pub score: String,
    pub band: Option<Band>,
}

/// One KPI or data point; texts already formatted for the locale.
#[derive(Debug, Clone, Serialize)]
pub struct KpiRow {
    pub code: String,
    pub name: String,
    /// Value with its unit, e.g. "87,5 %"; empty when not reported.
    pub value: String,
    pub target: String,
    /// Achievement against the target, e.g. "92 %"; empty when not scored.
    pub achievement: String,
    pub band: Option<Band>,
    pub status: ItemStatus,
    /// Verified yes / no; `None` prints "—" (not yet reviewed).
    pub verified: Option<bool>,
}

/// Translated texts of the PDF.
#[derive(Debug, Clone, Serialize)]
pub struct SnapshotLabels {
    /// e.g. "U4SSC City Snapshot".
    pub document_title: String,
    pub year: String,
    pub revision: String,
    pub verified: String,
    pub not_verified: String,
    pub scores_heading: String,
    pub kpis_heading: String,
    pub level: String,
    pub name: String,
    pub score: String,
    pub band: String,
    pub dimension: String,
    pub sub_dimension: String,
    pub category: String,
    pub code: String,
    pub value: String,
    pub target: String,
    pub achievement: String,
    pub verified_column: String,
    pub yes: String,
    pub no: String,
    /// Shown for a KPI without a target ("N/A").
    pub not_applicable: String,
    pub framework: String,
    pub target_set: String,
    pub generated: String,
    /// "Page", followed by "n / N".
    pub page: String,
}

/// Everything on the City Snapshot.
#[derive(Debug, Clone, Serialize)]
pub struct SnapshotDoc {
    pub city: String,
    pub year: i32,
    pub revision: u32,
    /// The whole assessment verified by the assigned verifier.
    pub verified: bool,
    /// BCP 47 language tag of the labels, written into the PDF catalog (e.g. "fr").
    pub language: String,
    /// Right-to-left layout (Arabic).
    pub rtl: bool,
    pub labels: SnapshotLabels,
    pub wheel: Wheel,
    pub scores: Vec<ScoreRow>,
    pub kpis: Vec<KpiRow>,
    pub framework_name: String,
    pub target_set_name: String,
    /// Generation date, formatted by the caller.
    pub generated_on: String,
}

pub(crate) const PAGE_W: f32 = 595.28;
pub(crate) const PAGE_H: f32 = 841.89;
pub(crate) const MARGIN: f32 = 40.0;
pub(crate) const BODY_W: f32 = PAGE_W - 2.0 * MARGIN;
pub(crate) const FOOTER_TOP: f32 = PAGE_H - 48.0;
pub(crate) const ROW_SIZE: f32 = 7.5;
pub(crate) const LINE: f32 = 9.5;
const WHEEL_R: f32 = 150.0;

pub(crate) type Colour = (f32, f32, f32);

/// A drawing operation; y grows downwards from the top of the page.
pub(crate) enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        /// Rotation in degrees, counter-clockwise as seen on the page.
        angle: f32,
        shaped: Shaped,
        colour: Colour,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Colour,
        stroke: Option<Colour>,
    },
    Sector {
        cx: f32,
        cy: f32,
        r_in: f32,
        r_out: f32,
        start: f32,
        end: f32,
        fill: Colour,
    },
}

#[derive(Clone, Copy)]
pub(crate) enum Align {
    Start,
    Centre,
}

pub(crate) struct Layout<'a> {
    pub(crate) shaper: &'a Shaper,
    pub(crate) rtl: bool,
    pub(crate) pages: Vec<Vec<Op>>,
    pub(crate) y: f32,
}

impl Layout<'_> {
    pub(crate) fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Physical x of a logical box starting `x` points from the start margin.
    fn phys(&self, x: f32, w: f32) -> f32 {
        if self.rtl {
            PAGE_W - MARGIN - x - w
        } else {
            MARGIN + x
        }
    }

    /// Text on one line in the logical box [x, x + w), baseline at `y`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn text(
        &mut self,
        x: f32,
        w: f32,
        y: f32,
        text: &str,
        size: f32,
        align: Align,
    ) -> Result<(), PdfError> {
        let shaped = self.shaper.shape(text, self.rtl)?;
        let tw = shaped.advance * size / self.shaper.upem;
        let left = self.phys(x, w);
        let px = match (align, self.rtl) {
            (Align::Centre, _) => left + (w - tw) / 2.0,
            (Align::Start, false) => left,
            (Align::Start, true) => left + w - tw,
        };
        self.ops().push(Op::Text {
            x: px,
            y,
            size,
            angle: 0.0,
            shaped,
            colour: rgb(INK),
        });
        Ok(())
    }

    pub(crate) fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Colour,
        stroke: Option<Colour>,
    ) {
        let px = self.phys(x, w);
        self.ops().push(Op::Rect {
            x: px,
            y,
            w,
            h,
            fill,
            stroke,
        });
    }

    /// Wrapped paragraph across the body width; returns its height.
    pub(crate) fn paragraph(&mut self, text: &str, size: f32) -> Result<(), PdfError> {
        for line in self.shaper.wrap(text, size, BODY_W, self.rtl)? {
            self.y += size * 1.25;
            let y = self.y;
            self.text(0.0, BODY_W, y, &line, size, Align::Start)?;
        }
        self.y += size * 0.5;
        Ok(())
    }
}

/// A table column: logical start, width.
struct Column {
    x: f32,
    w: f32,
}

fn columns(widths: &[f32]) -> Vec<Column> {
    let mut x = 0.0;
    widths
        .iter()
        .map(|&w| {
            let c = Column { x, w };
            x += w;
            c
        })
        .collect()
}

/// A cell: either text or a band swatch with its mark and text.
pub(crate) enum Cell {
    Text(String),
    Shade(Shade, String),
}

fn band_text(doc: &SnapshotDoc, shade: Shade) -> String {
    match shade {
        // A left-to-right mark keeps "95+" from being shown "+95" in a right-to-left line.
        Shade::Band(b) if doc.rtl => format!("\u{200e}{}\u{200e}", b.label()),
        Shade::Band(b) => b.label().to_string(),
        Shade::NoTarget => doc.labels.not_applicable.clone(),
        Shade::NotReported => doc.wheel.legend.not_reported.clone(),
    }
}

/// Draw a table with a header row repeated on each page.
pub(crate) fn table(
    l: &mut Layout<'_>,
    widths: &[f32],
    header: &[String],
    rows: &[Vec<Cell>],
) -> Result<(), PdfError> {
    let cols = columns(widths);
    let pad = 2.5;
    let header_lines: Vec<Vec<String>> = header
        .iter()
        .zip(&cols)
        .map(|(h, c)| l.shaper.wrap(h, ROW_SIZE, c.w - 2.0 * pad, l.rtl))
        .collect::<Result<_, _>>()?;
    let header_h = header_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * LINE + 4.0;
    let draw_header = |l: &mut Layout<'_>| -> Result<(), PdfError> {
        let y0 = l.y;
        l.rect(0.0, y0, BODY_W, header_h, rgb("#e4e1de"), None);
        for (lines, c) in header_lines.iter().zip(&cols) {
            for (i, line) in lines.iter().enumerate() {
                let y = y0 + 2.0 + (i as f32 + 1.0) * LINE - 2.0;
                l.text(c.x + pad, c.w - 2.0 * pad, y, line, ROW_SIZE, Align::Start)?;
            }
        }
        l.y += header_h;
        Ok(())
    };
    if l.y + header_h + 2.0 * LINE > FOOTER_TOP {
        l.new_page();
    }
    draw_header(l)?;
    for (n, row) in rows.iter().enumerate() {
        let mut cell_lines = Vec::new();
        for (cell, c) in row.iter().zip(&cols) {
            let (text, indent) = match cell {
                Cell::Text(t) => (t.as_str(), 0.0),
                Cell::Shade(_, t) => (t.as_str(), 12.0),
            };
            cell_lines.push(
                l.shaper
                    .wrap(text, ROW_SIZE, c.w - 2.0 * pad - indent, l.rtl)?,
            );
        }
        let h = cell_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * LINE + 3.0;
        if l.y + h > FOOTER_TOP {
            l.new_page();
            draw_header(l)?;
        }
        let y0 = l.y;
        if n % 2 == 1 {
            l.rect(0.0, y0, BODY_W, h, rgb("#f4f3f2"), None);
        }
        for ((cell, c), lines) in row.iter().zip(&cols).zip(&cell_lines) {
            let mut indent = 0.0;
            if let Cell::Shade(shade, _) = cell {
                let sx = c.x + pad;
                l.rect(sx, y0 + 2.0, 9.0, 9.0, rgb(shade.colour()), Some(rgb(INK)));
                l.text(sx, 9.0, y0 + 9.3, shade.mark(), 6.5, Align::Centre)?;
                indent = 12.0;
            }
            for (i, line) in lines.iter().enumerate() {
                let y = y0 + (i as f32 + 1.0) * LINE - 0.5;
                l.text(
                    c.x + pad + indent,
                    c.w - 2.0 * pad - indent,
                    y,
                    line,
                    ROW_SIZE,
                    Align::Start,
                )?;
            }
        }
        l.y += h;
    }
    Ok(())
}

/// The wheel as vector paths, centred at (cx, cy) in page coordinates (y down).
fn draw_wheel(l: &mut Layout<'_>, wheel: &Wheel, cx: f32, cy: f32) -> Result<(), PdfError> {
    let segs = segments(wheel);
    for seg in &segs {
        if seg.end <= seg.start {
            continue;
        }
        let ring = ring_index(seg.ring);
        l.ops().push(Op::Sector {
            cx,
            cy,
            r_in: RADII[ring] as f32 * WHEEL_R,
            r_out: RADII[ring + 1] as f32 * WHEEL_R,
            start: seg.start as f32,
            end: seg.end as f32,
            fill: rgb(seg.shade.colour()),
        });
    }
    for seg in &segs {
        let span = seg.end - seg.start;
        if span <= 0.0 {
            continue;
        }
        let mid = (seg.start + seg.end) / 2.0;
        let ring = ring_index(seg.ring);
        let (r_in, r_out) = (
            RADII[ring] * f64::from(WHEEL_R),
            RADII[ring + 1] * f64::from(WHEEL_R),
        );
        let r_mid = (r_in + r_out) / 2.0;
        match seg.ring {
            Ring::Dimension => {
                let (x, y) = polar(f64::from(cx), f64::from(cy), r_mid, mid);
                let size = crate::wheel::fit_font(
                    seg.label.chars().count(),
                    1.6 * r_mid,
                    2.0 * r_mid,
                    8.0,
                ) as f32;
                centred_text(l, &seg.label, x as f32, y as f32 - 4.0, size, 0.0)?;
                centred_text(l, seg.shade.mark(), x as f32, y as f32 + 5.0, 7.0, 0.0)?;
            }
            Ring::Category | Ring::Item => {
                let across = span.to_radians() * r_in;
                let extra = if seg.ring == Ring::Item { 10.0 } else { 3.0 };
                let length = r_out - r_in - extra;
                let size =
                    crate::wheel::fit_font(seg.label.chars().count(), length, across, 6.0) as f32;
                let r_text = if seg.ring == Ring::Item {
                    r_mid - 4.0
                } else {
                    r_mid
                };
                let (x, y) = polar(f64::from(cx), f64::from(cy), r_text, mid);
                // SVG rotation is clockwise with y down; on the page it is the opposite sense.
                let angle = -radial_rotation(mid) as f32;
                centred_text(l, &seg.label, x as f32, y as f32, size, angle)?;
                let (mx, my) = polar(f64::from(cx), f64::from(cy), r_out - 5.0, mid);
                let msize = (across * 0.8).min(6.0) as f32;
                centred_text(l, seg.shade.mark(), mx as f32, my as f32, msize, 0.0)?;
            }
        }
    }
    Ok(())
}

fn ring_index(ring: Ring) -> usize {
    match ring {
        Ring::Dimension => 0,
        Ring::Category => 1,
        Ring::Item => 2,
    }
}

/// Text whose centre is at (x, y) (page coordinates, y down), rotated `angle` degrees
/// counter-clockwise.
fn centred_text(
    l: &mut Layout<'_>,
    text: &str,
    x: f32,
    y: f32,
    size: f32,
    angle: f32,
) -> Result<(), PdfError> {
    let shaped = l.shaper.shape(text, l.rtl)?;
    let w = shaped.advance * size / l.shaper.upem;
    let (s, c) = angle.to_radians().sin_cos();
    // Baseline start, in y-up terms: back half the width along the baseline, down ~0.35 em.
    let (dx, dy_up) = (
        -w / 2.0 * c + 0.35 * size * s,
        -w / 2.0 * s - 0.35 * size * c,
    );
    l.ops().push(Op::Text {
        x: x + dx,
        y: y - dy_up,
        size,
        angle,
        shaped,
        colour: rgb(INK),
    });
    Ok(())
}

fn lay_out(doc: &SnapshotDoc, shaper: &Shaper) -> Result<Vec<Vec<Op>>, PdfError> {
    let labels = &doc.labels;
    let mut l = Layout {
        shaper,
        rtl: doc.rtl,
        pages: vec![Vec::new()],
        y: MARGIN,
    };
    // Title block.
    l.y += 16.0;
    let y = l.y;
    l.text(0.0, BODY_W, y, &labels.document_title, 16.0, Align::Start)?;
    l.y += 22.0;
    let y = l.y;
    l.text(0.0, BODY_W, y, &doc.city, 20.0, Align::Start)?;
    let status = if doc.verified {
        &labels.verified
    } else {
        &labels.not_verified
    };
    let line = format!(
        "{} {} · {} {} · {}",
        labels.year, doc.year, labels.revision, doc.revision, status
    );
    l.y += 4.0;
    l.paragraph(&line, 10.0)?;
    // Wheel and legend side by side.
    let top = l.y + 6.0;
    let wheel_x = if doc.rtl {
        PAGE_W - MARGIN - WHEEL_R
    } else {
        MARGIN + WHEEL_R
    };
    draw_wheel(&mut l, &doc.wheel, wheel_x, top + WHEEL_R)?;
    let legend_x = 2.0 * WHEEL_R + 20.0;
    let legend_w = BODY_W - legend_x;
    let mut ly = top + 40.0;
    for (shade, text) in doc.wheel.legend.rows() {
        l.rect(
            legend_x,
            ly,
            14.0,
            14.0,
            rgb(shade.colour()),
            Some(rgb(INK)),
        );
        l.text(legend_x, 14.0, ly + 10.5, shade.mark(), 9.0, Align::Centre)?;
        let lines = shaper.wrap(text, 9.0, legend_w - 20.0, doc.rtl)?;
        for (i, line) in lines.iter().enumerate() {
            l.text(
                legend_x + 20.0,
                legend_w - 20.0,
                ly + 10.5 + i as f32 * 11.0,
                line,
                9.0,
                Align::Start,
            )?;
        }
        ly += 14.0f32.max(lines.len() as f32 * 11.0) + 8.0;
    }
    l.y = top + 2.0 * WHEEL_R + 14.0;
    // Score table.
    l.paragraph(&labels.scores_heading, 12.0)?;
    let header = [
        labels.level.clone(),
        labels.name.clone(),
        labels.score.clone(),
        labels.band.clone(),
    ];
    let rows: Vec<Vec<Cell>> = doc
        .scores
        .iter()
        .map(|r| {
            let level = match r.level {
                ScoreLevel::Dimension => &labels.dimension,
                ScoreLevel::SubDimension => &labels.sub_dimension,
                ScoreLevel::Category => &labels.category,
            };
            let shade = Shade::of_score(r.band);
            vec![
                Cell::Text(level.clone()),
                Cell::Text(r.name.clone()),
                Cell::Text(r.score.clone()),
                Cell::Shade(shade, band_text(doc, shade)),
            ]
        })
        .collect();
    table(&mut l, &[90.0, 265.0, 80.0, BODY_W - 435.0], &header, &rows)?;
    // KPI table, on a fresh page.
    l.new_page();
    l.paragraph(&labels.kpis_heading, 12.0)?;
    let header = [
        labels.code.clone(),
        labels.name.clone(),
        labels.value.clone(),
        labels.target.clone(),
        labels.achievement.clone(),
        labels.band.clone(),
        labels.verified_column.clone(),
    ];
    let rows: Vec<Vec<Cell>> = doc
        .kpis
        .iter()
        .map(|k| {
            let shade = Shade::of_item(k.band, k.status);
            let verified = match k.verified {
                Some(true) => labels.yes.clone(),
                Some(false) => labels.no.clone(),
                None => "—".to_string(),
            };
            vec![
                Cell::Text(k.code.clone()),
                Cell::Text(k.name.clone()),
                Cell::Text(k.value.clone()),
                Cell::Text(k.target.clone()),
                Cell::Text(k.achievement.clone()),
                Cell::Shade(shade, band_text(doc, shade)),
                Cell::Text(verified),
            ]
        })
        .collect();
    table(
        &mut l,
        &[72.0, 158.0, 80.0, 60.0, 50.0, 55.0, BODY_W - 475.0],
        &header,
        &rows,
    )?;
    // Footers.
    let footer = format!(
        "{}: {} · {}: {} · {}: {}",
        labels.framework,
        doc.framework_name,
        labels.target_set,
        doc.target_set_name,
        labels.generated,
        doc.generated_on
    );
    let total = l.pages.len();
    let footer_lines = shaper.wrap(&footer, 7.0, BODY_W - 70.0, doc.rtl)?;
    for page in 0..total {
        let ops = std::mem::take(&mut l.pages[page]);
        let mut scratch = Layout {
            shaper,
            rtl: doc.rtl,
            pages: vec![ops],
            y: 0.0,
        };
        scratch.rect(0.0, FOOTER_TOP + 8.0, BODY_W, 0.5, rgb("#8a817a"), None);
        for (i, line) in footer_lines.iter().enumerate() {
            scratch.text(
                0.0,
                BODY_W - 70.0,
                FOOTER_TOP + 20.0 + i as f32 * 9.0,
                line,
                7.0,
                Align::Start,
            )?;
        }
        let page_no = format!("{} {} / {}", labels.page, page + 1, total);
        let w = shaper.width(&page_no, 7.0, doc.rtl)?;
        scratch.text(
            BODY_W - w,
            w,
            FOOTER_TOP + 20.0,
            &page_no,
            7.0,
            Align::Start,
        )?;
        l.pages[page] = scratch.pages.pop().unwrap_or_default();
    }
    Ok(l.pages)
}

/// Number of pages [`snapshot_pdf`] makes for this document.
pub fn pdf_page_count(doc: &SnapshotDoc) -> Result<usize, PdfError> {
    Ok(lay_out(doc, &Shaper::new()?)?.len())
}

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// The City Snapshot as PDF bytes (A4). Text is shaped (Arabic joins and runs right to left)
/// and written with a subset of DejaVu Sans; every stream is Flate-compressed.
pub fn snapshot_pdf(snapshot: &SnapshotDoc) -> Result<Vec<u8>, PdfError> {
    let shaper = Shaper::new()?;
    let pages = lay_out(snapshot, &shaper)?;
    let title = format!(
        "{} — {} {}",
        snapshot.labels.document_title, snapshot.city, snapshot.year
    );
    write_pdf(&pages, &shaper, &snapshot.language, &title)
}

/// Writes laid-out pages as PDF bytes (A4) with a subset of the embedded
/// font: the City Snapshot's writer, shared with the roadmap's PDF.
pub(crate) fn write_pdf(
    pages: &[Vec<Op>],
    shaper: &Shaper,
    language: &str,
    title: &str,
) -> Result<Vec<u8>, PdfError> {
    // Font subset: glyph 0 first, then every used glyph.
    let mut remapper = subsetter::GlyphRemapper::new();
    remapper.remap(0);
    let mut to_unicode: BTreeMap<u16, String> = BTreeMap::new();
    for op in pages.iter().flatten() {
        if let Op::Text { shaped, .. } = op {
            for g in &shaped.glyphs {
                let new = remapper.remap(g.gid);
                if !g.text.is_empty() {
                    to_unicode.entry(new).or_insert_with(|| g.text.clone());
                }
            }
        }
    }
    let font_data = subsetter::subset(FONT, 0, &remapper).map_err(|_| PdfError::Subset)?;
    let face = shaper.face();
    let upem = shaper.upem;
    let to_1000 = |units: f32| units * 1000.0 / upem;

    let mut alloc = Ref::new(1);
    let mut next = || alloc.bump();
    let catalog_id = next();
    let tree_id = next();
    let info_id = next();
    let type0_id = next();
    let cid_id = next();
    let descriptor_id = next();
    let file_id = next();
    let cmap_id = next();
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (next(), next())).collect();

    let mut pdf = Pdf::new();
    {
        let mut catalog = pdf.catalog(catalog_id);
        catalog.pages(tree_id);
        catalog.lang(TextStr(language));
    }
    pdf.pages(tree_id)
        .kids(page_ids.iter().map(|p| p.0))
        .count(page_ids.len() as i32);
    pdf.document_info(info_id)
        .title(TextStr(title))
        .producer(TextStr("Civitas"));

    let base_font = Name(b"CIVSNP+DejaVuSans");
    pdf.type0_font(type0_id)
        .base_font(base_font)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_id)
        .to_unicode(cmap_id);
    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    {
        let mut cid = pdf.cid_font(cid_id);
        cid.subtype(CidFontType::Type2)
            .base_font(base_font)
            .system_info(system_info)
            .font_descriptor(descriptor_id)
            .cid_to_gid_map_predefined(Name(b"Identity"))
            .default_width(0.0);
        let widths: Vec<f32> = remapper
            .remapped_gids()
            .map(|old| {
                to_1000(f32::from(
                    face.glyph_hor_advance(ttf_parser::GlyphId(old))
                        .unwrap_or(0),
                ))
            })
            .collect();
        cid.widths().consecutive(0, widths);
    }
    let bbox = face.global_bounding_box();
    pdf.font_descriptor(descriptor_id)
        .name(base_font)
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(
            to_1000(f32::from(bbox.x_min)),
            to_1000(f32::from(bbox.y_min)),
            to_1000(f32::from(bbox.x_max)),
            to_1000(f32::from(bbox.y_max)),
        ))
        .italic_angle(0.0)
        .ascent(to_1000(f32::from(face.ascender())))
        .descent(to_1000(f32::from(face.descender())))
        .cap_height(to_1000(f32::from(face.capital_height().unwrap_or(1493))))
        .stem_v(80.0)
        .font_file2(file_id);
    let compressed_font = deflate(&font_data);
    pdf.stream(file_id, &compressed_font)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), font_data.len() as i32);

    let mut cmap = pdf_writer::types::UnicodeCmap::new(Name(b"Custom"), system_info);
    for (cid, text) in &to_unicode {
        cmap.pair_with_multiple(*cid, text.chars());
    }
    let cmap_data = deflate(&cmap.finish());
    pdf.cmap(cmap_id, &cmap_data).filter(Filter::FlateDecode);

    for (ops, (page_id, content_id)) in pages.iter().zip(&page_ids) {
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree_id)
            .contents(*content_id);
        page.resources().fonts().pair(Name(b"F1"), type0_id);
        page.finish();
        let content = render_ops(ops, shaper, &remapper);
        let data = deflate(&content);
        pdf.stream(*content_id, &data).filter(Filter::FlateDecode);
    }
    Ok(pdf.finish())
}

fn render_ops(ops: &[Op], shaper: &Shaper, remapper: &subsetter::GlyphRemapper) -> Vec<u8> {
    let mut c = Content::new();
    for op in ops {
        match op {
            Op::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                c.set_fill_rgb(fill.0, fill.1, fill.2);
                c.rect(*x, PAGE_H - y - h, *w, *h);
                if let Some(s) = stroke {
                    c.set_stroke_rgb(s.0, s.1, s.2);
                    c.set_line_width(0.4);
                    c.fill_nonzero_and_stroke();
                } else {
                    c.fill_nonzero();
                }
            }
            Op::Sector {
                cx,
                cy,
                r_in,
                r_out,
                start,
                end,
                fill,
            } => {
                c.set_fill_rgb(fill.0, fill.1, fill.2);
                c.set_stroke_rgb(1.0, 1.0, 1.0);
                c.set_line_width(0.6);
                sector(&mut c, *cx, PAGE_H - cy, *r_in, *r_out, *start, *end);
                c.fill_nonzero_and_stroke();
            }
            Op::Text {
                x,
                y,
                size,
                angle,
                shaped,
                colour,
            } => {
                if shaped.glyphs.is_empty() {
                    continue;
                }
                let (s, co) = angle.to_radians().sin_cos();
                c.begin_text();
                c.set_fill_rgb(colour.0, colour.1, colour.2);
                c.set_font(Name(b"F1"), *size);
                c.set_text_matrix([co, s, -s, co, *x, PAGE_H - y]);
                show_glyphs(&mut c, shaped, *size, shaper, remapper);
                c.end_text();
            }
        }
    }
    c.finish().into_vec()
}

/// Show shaped glyphs with TJ, correcting each advance to the shaped one (kerning, Arabic
/// forms) and applying mark offsets.
fn show_glyphs(
    c: &mut Content,
    shaped: &Shaped,
    size: f32,
    shaper: &Shaper,
    remapper: &subsetter::GlyphRemapper,
) {
    enum Piece {
        Glyphs(Vec<u8>),
        Adjust(f32),
        Rise(f32),
    }
    // TJ adjustments are in thousandths of the font size; shaping is in font units.
    let k = 1000.0 / shaper.upem;
    let mut pieces: Vec<Piece> = Vec::new();
    for g in &shaped.glyphs {
        let cid = remapper.get(g.gid).unwrap_or(0);
        let natural = shaper
            .face()
            .glyph_hor_advance(ttf_parser::GlyphId(g.gid))
            .map_or(0.0, f32::from);
        if g.x_offset != 0.0 {
            pieces.push(Piece::Adjust(-g.x_offset * k));
        }
        if g.y_offset != 0.0 {
            pieces.push(Piece::Rise(g.y_offset * size / shaper.upem));
        }
        match pieces.last_mut() {
            Some(Piece::Glyphs(bytes)) => bytes.extend(cid.to_be_bytes()),
            _ => pieces.push(Piece::Glyphs(cid.to_be_bytes().to_vec())),
        }
        if g.y_offset != 0.0 {
            pieces.push(Piece::Rise(0.0));
        }
        let adjust = (natural - g.advance + g.x_offset) * k;
        if adjust.abs() > 0.01 {
            pieces.push(Piece::Adjust(adjust));
        }
    }
    let mut i = 0;
    while i < pieces.len() {
        if let Piece::Rise(r) = pieces[i] {
            c.set_rise(r);
            i += 1;
            continue;
        }
        let mut tj = c.show_positioned();
        let mut items = tj.items();
        while i < pieces.len() {
            match &pieces[i] {
                Piece::Glyphs(b) => {
                    items.show(Str(b));
                }
                Piece::Adjust(a) => {
                    items.adjust(*a);
                }
                Piece::Rise(_) => break,
            }
            i += 1;
        }
    }
}

/// Annular sector path in PDF coordinates (y up); angles clockwise from the top, in degrees.
fn sector(c: &mut Content, cx: f32, cy: f32, r_in: f32, r_out: f32, start: f32, end: f32) {
    let at = |r: f32, deg: f32| {
        let (s, co) = deg.to_radians().sin_cos();
        (cx + r * s, cy + r * co)
    };
    // Arc pieces of at most 90°, each one cubic Bézier.
    let pieces = ((end - start) / 90.0).ceil().max(1.0) as usize;
    let step = (end - start) / pieces as f32;
    let arc = |c: &mut Content, r: f32, from: f32, to: f32| {
        let k = 4.0 / 3.0 * ((to - from).to_radians() / 4.0).tan() * r;
        let tangent = |deg: f32| {
            let (s, co) = deg.to_radians().sin_cos();
            (co, -s)
        };
        let (p0, p3) = (at(r, from), at(r, to));
        let (t0, t3) = (tangent(from), tangent(to));
        c.cubic_to(
            p0.0 + k * t0.0,
            p0.1 + k * t0.1,
            p3.0 - k * t3.0,
            p3.1 - k * t3.1,
            p3.0,
            p3.1,
        );
    };
    let p = at(r_out, start);
    c.move_to(p.0, p.1);
    for i in 0..pieces {
        let a = start + step * i as f32;
        arc(c, r_out, a, a + step);
    }
    let p = at(r_in, end);
    c.line_to(p.0, p.1);
    for i in 0..pieces {
        let a = end - step * i as f32;
        arc(c, r_in, a, a - step);
    }
    c.close_path();
}
