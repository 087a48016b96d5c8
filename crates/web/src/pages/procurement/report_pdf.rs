//! The evaluation report as a PDF (`civitas_snapshot::report_pdf`, the City
//! Snapshot's writer and font, so Arabic is shaped and runs right to left):
//! the same sections as the printable page, every number with what it is
//! made of. The engine's sentences (exclusions, ties, formula descriptions)
//! stay English, as on the page.

use super::number;
use crate::AppError;
use crate::i18n::{Lang, format_count};
use crate::pages::Chrome;
use crate::state::AppState;
use crate::visitor::RequestContext;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use civitas_service::procurement::EvaluationReport;
use civitas_snapshot::{PdfTable, ReportPdfDoc, ReportSection, report_pdf};

pub(super) async fn pdf(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let report = state
        .civitas
        .procurement_report(&context.visitor, id)
        .await?;
    let chrome = Chrome::new(&state, &context);
    let doc = document(&chrome, &report);
    let bytes =
        report_pdf(&doc).map_err(|e| AppError::Internal(format!("procurement report PDF: {e}")))?;
    let reference = report
        .view
        .procurement
        .fields
        .reference
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>();
    let name = if reference.is_empty() {
        format!("evaluation-report-{id}.pdf")
    } else {
        format!("evaluation-report-{reference}.pdf")
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The report's sections in the visitor's language.
pub(super) fn document(chrome: &Chrome, r: &EvaluationReport) -> ReportPdfDoc {
    let lang = chrome.lang;
    let t = |key: &str| chrome.t(key);
    let n = |v: f64| number(lang, v);
    let on = |v: Option<f64>| v.map(n).unwrap_or_else(|| "–".into());
    let rank = |v: Option<u32>| {
        v.map(|r| format_count(lang, i64::from(r)))
            .unwrap_or_else(|| "–".into())
    };
    let f = &r.view.procurement.fields;
    let mut lead = vec![format!(
        "{} · {} · {}",
        r.view.city.name,
        f.reference,
        chrome.t1(
            "pr-report-as-of",
            "date",
            chrome.time(&r.view.procurement.updated_at)
        )
    )];
    if let Some(w) = &r.awarded_bidder {
        let mut line = chrome.t1("pr-report-awarded", "bidder", w);
        if !f.award_note.is_empty() {
            line.push_str(" – ");
            line.push_str(&f.award_note);
        }
        lead.push(line);
    }
    let mut sections = Vec::new();

    // Criteria and weights, the AHP, freezing and every later change.
    let mut after = Vec::new();
    if let Some(a) = &r.view.ahp {
        after.push(chrome.t1("pr-ahp-cr", "cr", n(a.weights.consistency_ratio)));
    }
    if let Some(at) = &f.criteria_frozen_at {
        after.push(chrome.t1("pr-frozen-on", "date", chrome.time(at)));
    }
    if !r.criteria_changes.is_empty() {
        after.push(t("pr-changes-heading"));
        for c in &r.criteria_changes {
            after.push(format!("{} – {}: {}", chrome.time(&c.at), c.by, c.reason));
        }
    }
    sections.push(ReportSection {
        heading: t("pr-report-criteria"),
        paragraphs: vec![t("pr-report-criteria-lead")],
        table: r.view.criteria.as_ref().map(|set| PdfTable {
            heading: t("pr-criteria-caption"),
            columns: vec![
                t("pr-col-criterion"),
                t("pr-col-weight"),
                t("pr-col-min-score"),
            ],
            widths: vec![4.0, 1.0, 1.2],
            rows: set
                .criteria()
                .iter()
                .flat_map(|c| {
                    std::iter::once(vec![
                        c.name.clone(),
                        format!("{} %", n(c.weight)),
                        on(c.min_score),
                    ])
                    .chain(c.sub_criteria.iter().map(|s| {
                        vec![
                            format!("{} › {}", c.name, s.name),
                            format!("{} %", n(s.weight)),
                            on(s.min_score),
                        ]
                    }))
                })
                .collect(),
            empty: "–".into(),
        }),
        after,
    });

    // How points are computed.
    sections.push(ReportSection {
        heading: t("pr-report-formulas"),
        paragraphs: vec![
            t("pr-report-points-quality"),
            format!(
                "{}: {}",
                t("pr-price-formula"),
                r.view.price_formula_description
            ),
            format!("{}: W × Pmin / P", t("pr-formula-lowest")),
            format!("{}: W × (Pmax − P) / (Pmax − Pmin)", t("pr-formula-linear")),
            format!("{}: W × (1 − ln(P / Pmin) / ln b)", t("pr-formula-log")),
        ],
        ..ReportSection::default()
    });

    // Evaluators and their declarations.
    sections.push(ReportSection {
        heading: t("pr-evaluators-heading"),
        paragraphs: r
            .bids
            .evaluators
            .iter()
            .map(|e| {
                let state = if e.declared_at.is_none() {
                    t("pr-evaluator-undeclared")
                } else if e.conflict {
                    format!("{} – {}", t("pr-evaluator-conflict"), e.declaration)
                } else {
                    let mut s = t("pr-no-conflict-declared");
                    if let Some(at) = &e.submitted_at {
                        s.push_str(" · ");
                        s.push_str(&chrome.t1("pr-submitted-on", "date", chrome.time(at)));
                    }
                    s
                };
                format!("{}: {state}", e.display_name)
            })
            .collect(),
        ..ReportSection::default()
    });

    // Every independent score, the agreed one and its note.
    let agreed = |bid: i64, criterion: &str| {
        r.bids
            .consensus
            .iter()
            .find(|c| c.bid_id == bid && c.criterion == criterion)
    };
    sections.push(ReportSection {
        heading: t("pr-spread-heading"),
        table: Some(PdfTable {
            heading: t("pr-spread-caption"),
            columns: vec![
                t("pr-field-bidder"),
                t("pr-col-criterion"),
                t("pr-col-independent"),
                t("pr-col-agreed"),
                t("pr-col-note"),
            ],
            widths: vec![1.6, 1.8, 3.0, 0.9, 2.0],
            rows: r
                .bids
                .spreads
                .iter()
                .map(|s| {
                    let a = agreed(s.bid_id, &s.criterion);
                    vec![
                        s.bidder.clone(),
                        s.criterion.clone(),
                        s.scores
                            .iter()
                            .map(|(who, score, why)| {
                                if why.is_empty() {
                                    format!("{who}: {}", n(*score))
                                } else {
                                    format!("{who}: {} – {why}", n(*score))
                                }
                            })
                            .collect::<Vec<_>>()
                            .join("; "),
                        a.map(|c| n(c.score)).unwrap_or_else(|| "–".into()),
                        a.map(|c| c.note.clone()).unwrap_or_default(),
                    ]
                })
                .collect(),
            empty: "–".into(),
        }),
        ..ReportSection::default()
    });

    if let Some(problem) = &r.bids.result_problem {
        sections.push(ReportSection {
            paragraphs: vec![problem.clone()],
            ..ReportSection::default()
        });
    }
    if let Some(res) = &r.bids.result {
        // The ranking, then each bid's points criterion by criterion.
        sections.push(ReportSection {
            heading: t("pr-report-points"),
            paragraphs: vec![t("pr-report-points-lead")],
            table: Some(PdfTable {
                heading: String::new(),
                columns: vec![
                    t("pr-col-rank"),
                    t("pr-field-bidder"),
                    t("pr-col-quality-points"),
                    t("pr-col-price-points"),
                    t("pr-col-total"),
                ],
                widths: vec![0.7, 2.5, 1.2, 1.2, 1.0],
                rows: res
                    .evaluation
                    .ranking
                    .iter()
                    .map(|row| {
                        vec![
                            if row.excluded {
                                t("pr-excluded")
                            } else {
                                rank(row.rank)
                            },
                            row.bidder.clone(),
                            n(row.quality_points),
                            on(row.price_points),
                            on(row.total),
                        ]
                    })
                    .collect(),
                empty: "–".into(),
            }),
            ..ReportSection::default()
        });
        for row in &res.evaluation.ranking {
            let mut after = Vec::new();
            if let Some(why) = &row.reason {
                after.push(why.clone());
            }
            if let Some(low) = &row.abnormally_low {
                after.push(format!(
                    "{}: {}",
                    t("pr-abnormally-low"),
                    chrome.t1(
                        "pr-abnormally-low-detail",
                        "median",
                        n(low.median_of_other_bids)
                    )
                ));
            }
            let mut caption = format!(
                "{} – {} {} · {} {}",
                row.bidder,
                t("pr-col-rank"),
                rank(row.rank),
                t("pr-col-total"),
                on(row.total)
            );
            if row.excluded {
                caption.push_str(" · ");
                caption.push_str(&t("pr-excluded"));
            }
            let mut rows: Vec<Vec<String>> = row
                .points
                .iter()
                .map(|p| {
                    vec![
                        p.criterion.clone(),
                        n(p.weight),
                        format!("{} %", n(p.fraction * 100.0)),
                        n(p.points),
                    ]
                })
                .collect();
            rows.push(vec![
                t("pr-col-total"),
                String::new(),
                String::new(),
                on(row.total),
            ]);
            sections.push(ReportSection {
                table: Some(PdfTable {
                    heading: caption,
                    columns: vec![
                        t("pr-col-criterion"),
                        t("pr-col-weight"),
                        t("pr-col-fraction"),
                        t("pr-col-points"),
                    ],
                    widths: vec![3.0, 1.0, 1.2, 1.0],
                    rows,
                    empty: "–".into(),
                }),
                after,
                ..ReportSection::default()
            });
        }
        sections.push(ReportSection {
            heading: t("pr-formulas-heading"),
            table: Some(PdfTable {
                heading: t("pr-formulas-caption"),
                columns: vec![t("pr-formulas-heading"), t("pr-winner")],
                widths: vec![2.0, 2.0],
                rows: res
                    .formulas
                    .iter()
                    .map(|fx| {
                        let mut name = t(&format!("pr-formula-{}", fx.key));
                        if fx.chosen {
                            name.push_str(&format!(" ({})", t("pr-published")));
                        }
                        vec![name, fx.winner.clone().unwrap_or_else(|| "–".into())]
                    })
                    .collect(),
                empty: "–".into(),
            }),
            ..ReportSection::default()
        });
        sections.push(ReportSection {
            heading: t("pr-sensitivity-heading"),
            paragraphs: vec![t("pr-sensitivity-lead")],
            table: Some(PdfTable {
                heading: String::new(),
                columns: vec![
                    t("pr-col-criterion"),
                    t("pr-col-weight"),
                    t("pr-col-min-weight"),
                    t("pr-col-max-weight"),
                ],
                widths: vec![3.0, 1.0, 1.4, 1.4],
                rows: res
                    .evaluation
                    .sensitivity
                    .iter()
                    .map(|s| {
                        vec![
                            s.criterion.clone(),
                            format!("{} %", n(s.weight)),
                            format!("{} %", n(s.min_weight_same_winner)),
                            format!("{} %", n(s.max_weight_same_winner)),
                        ]
                    })
                    .collect(),
                empty: "–".into(),
            }),
            ..ReportSection::default()
        });
    }
    ReportPdfDoc {
        language: lang.code().to_string(),
        rtl: lang == Lang::Ar,
        title: format!(
            "{}: {}",
            t("pr-report-heading"),
            r.view.procurement.fields.title
        ),
        lead,
        sections,
        page: t("pr-pdf-page"),
    }
}
