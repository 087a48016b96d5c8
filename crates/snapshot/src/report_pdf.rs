//! A report as a PDF: a title, a few lines of context, then sections, each
//! with its heading, paragraphs, an optional table and paragraphs after it.
//! The procurement evaluation report is written this way (every number with
//! its explanation), and the roadmap's table document is one too. Laid out
//! with the City Snapshot's building blocks and written with its embedded
//! font, so Arabic is shaped and runs right to left. Every text arrives
//! translated and formatted by the caller.

use serde::Serialize;

use crate::pdf::{Align, BODY_W, Cell, FOOTER_TOP, Layout, MARGIN, PdfError, table, write_pdf};
use crate::roadmap_pdf::PdfTable;
use crate::text::Shaper;

/// One section: heading, paragraphs, a table (its `heading` is the table's
/// caption, drawn small above it) and paragraphs after the table.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReportSection {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub table: Option<PdfTable>,
    pub after: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportPdfDoc {
    /// BCP 47 language tag written into the PDF catalog.
    pub language: String,
    pub rtl: bool,
    /// "Evaluation report: Accessible open data platform".
    pub title: String,
    /// Lines under the title (city, reference, date, the award).
    pub lead: Vec<String>,
    pub sections: Vec<ReportSection>,
    /// "Page", followed by "n / N".
    pub page: String,
}

fn draw_table(l: &mut Layout, t: &PdfTable) -> Result<(), PdfError> {
    if t.rows.is_empty() {
        return l.paragraph(&t.empty, 9.0);
    }
    let sum: f32 = t.widths.iter().sum::<f32>().max(1.0);
    let widths: Vec<f32> = t.widths.iter().map(|w| w / sum * BODY_W).collect();
    let rows: Vec<Vec<Cell>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| Cell::Text(c.clone())).collect())
        .collect();
    table(l, &widths, &t.columns, &rows)
}

/// The report as PDF bytes (A4).
pub fn report_pdf(doc: &ReportPdfDoc) -> Result<Vec<u8>, PdfError> {
    let shaper = Shaper::new()?;
    let mut l = Layout {
        shaper: &shaper,
        rtl: doc.rtl,
        pages: vec![Vec::new()],
        y: MARGIN,
    };
    for line in l.shaper.wrap(&doc.title, 16.0, BODY_W, doc.rtl)? {
        l.y += 20.0;
        let y = l.y;
        l.text(0.0, BODY_W, y, &line, 16.0, Align::Start)?;
    }
    l.y += 6.0;
    for line in &doc.lead {
        l.paragraph(line, 9.0)?;
    }
    for s in &doc.sections {
        if l.y + 60.0 > FOOTER_TOP {
            l.new_page();
        }
        if !s.heading.is_empty() {
            l.y += 18.0;
            let y = l.y;
            l.text(0.0, BODY_W, y, &s.heading, 12.0, Align::Start)?;
            l.y += 6.0;
        }
        for p in &s.paragraphs {
            l.paragraph(p, 9.0)?;
        }
        if let Some(t) = &s.table {
            if !t.heading.is_empty() {
                l.y += 4.0;
                l.paragraph(&t.heading, 9.0)?;
            }
            draw_table(&mut l, t)?;
        }
        for p in &s.after {
            l.paragraph(p, 9.0)?;
        }
    }
    let count = l.pages.len();
    for n in 0..count {
        l.pages.swap(n, count - 1);
        let label = format!("{} {} / {}", doc.page, n + 1, count);
        l.text(0.0, BODY_W, FOOTER_TOP + 24.0, &label, 8.0, Align::Centre)?;
        l.pages.swap(n, count - 1);
    }
    write_pdf(&l.pages, &shaper, &doc.language, &doc.title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_with_paragraphs_and_tables_in_both_directions() {
        for rtl in [false, true] {
            let doc = ReportPdfDoc {
                language: if rtl { "ar".into() } else { "en".into() },
                rtl,
                title: if rtl {
                    "تقرير التقييم".into()
                } else {
                    "Evaluation report: Online appointments".into()
                },
                lead: vec!["Demo City · DC-2026-07".into()],
                sections: (0..40)
                    .map(|i| ReportSection {
                        heading: format!("Section {i}"),
                        paragraphs: vec!["Quality points = weight × agreed score / 100.".into()],
                        table: Some(PdfTable {
                            heading: "Points".into(),
                            columns: vec!["Criterion".into(), "Points".into()],
                            widths: vec![3.0, 1.0],
                            rows: vec![vec!["Accessibility".into(), "22.5".into()]],
                            empty: "None".into(),
                        }),
                        after: vec!["Tie broken by quality points.".into()],
                    })
                    .collect(),
                page: "Page".into(),
            };
            let bytes = report_pdf(&doc).expect("pdf");
            assert!(bytes.starts_with(b"%PDF-"));
            if !rtl {
                let text = crate::pdf_text(&bytes);
                assert!(text.contains("Section 39"), "{text}");
                assert!(text.contains("Page 2 / "), "runs over pages");
            }
        }
    }
}
