//! The People-Centred Digital Roadmap as a PDF: a title, a few lines of
//! context and tables (actions, by pillar, by funding source, KPI progress,
//! stakeholders and roles), laid out with the City Snapshot's building blocks
//! and written with its embedded font, so Arabic is shaped and runs right to
//! left. Every text arrives translated and formatted by the caller.

use serde::Serialize;

use crate::pdf::PdfError;
use crate::report_pdf::{ReportPdfDoc, ReportSection, report_pdf};

/// One table: a heading, column titles, their relative widths and the rows.
#[derive(Debug, Clone, Serialize)]
pub struct PdfTable {
    pub heading: String,
    pub columns: Vec<String>,
    /// Relative widths, one per column (scaled to the page).
    pub widths: Vec<f32>,
    pub rows: Vec<Vec<String>>,
    /// Shown instead of the table when it has no rows.
    pub empty: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoadmapPdfDoc {
    /// BCP 47 language tag written into the PDF catalog.
    pub language: String,
    pub rtl: bool,
    /// "People-Centred Digital Roadmap: Demo City".
    pub title: String,
    /// Lines under the title (e.g. "As of 1 Dec 2026").
    pub lead: Vec<String>,
    pub tables: Vec<PdfTable>,
    /// "Page", followed by "n / N".
    pub page: String,
}

/// The roadmap as PDF bytes (A4): a report whose sections are its tables.
pub fn roadmap_pdf(doc: &RoadmapPdfDoc) -> Result<Vec<u8>, PdfError> {
    report_pdf(&ReportPdfDoc {
        language: doc.language.clone(),
        rtl: doc.rtl,
        title: doc.title.clone(),
        lead: doc.lead.clone(),
        sections: doc
            .tables
            .iter()
            .map(|t| ReportSection {
                heading: t.heading.clone(),
                table: Some(PdfTable {
                    heading: String::new(),
                    ..t.clone()
                }),
                ..ReportSection::default()
            })
            .collect(),
        page: doc.page.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(rtl: bool, rows: usize) -> RoadmapPdfDoc {
        RoadmapPdfDoc {
            language: if rtl { "ar".into() } else { "en".into() },
            rtl,
            title: if rtl {
                "خارطة الطريق الرقمية".into()
            } else {
                "People-Centred Digital Roadmap: Demo City".into()
            },
            lead: vec!["As of 1 Dec 2026".into()],
            tables: vec![PdfTable {
                heading: "Actions".into(),
                columns: vec!["Action".into(), "Start".into(), "Status".into()],
                widths: vec![3.0, 1.0, 1.0],
                rows: (0..rows)
                    .map(|i| vec![format!("Action {i}"), "2026-01-01".into(), "Planned".into()])
                    .collect(),
                empty: "None".into(),
            }],
            page: "Page".into(),
        }
    }

    #[test]
    fn a_long_roadmap_runs_over_pages_in_both_directions() {
        for rtl in [false, true] {
            let bytes = roadmap_pdf(&doc(rtl, 150)).expect("pdf");
            assert!(bytes.starts_with(b"%PDF-"));
            let text = String::from_utf8_lossy(&bytes);
            let count: usize = text
                .split("/Count ")
                .nth(1)
                .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            assert!(count >= 2, "150 rows need more than one page, got {count}");
        }
    }

    #[test]
    fn a_character_the_font_lacks_is_refused() {
        let mut d = doc(false, 1);
        d.title = "路线图".into();
        assert!(matches!(roadmap_pdf(&d), Err(PdfError::MissingGlyph(_))));
    }
}
