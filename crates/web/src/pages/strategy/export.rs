//! The People-Centred Digital Roadmap as one printable page and as a PDF
//! (`civitas_snapshot::roadmap_pdf`, the City Snapshot's writer and font, so
//! Arabic is shaped and runs right to left). The JSON is the API's
//! `GET /api/v1/cities/{id}/roadmap`.

use super::roadmap::{RoadmapModel, city, model};
use crate::AppError;
use crate::i18n::format_time;
use crate::pages::{Chrome, render};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use civitas_snapshot::{PdfTable, RoadmapPdfDoc, roadmap_pdf};
use civitas_store::CityRow;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/cities/{slug}/roadmap/export", get(printable))
        .route("/cities/{slug}/roadmap.pdf", get(pdf))
}

#[derive(Template)]
#[template(path = "strategy_export.html")]
struct ExportPage {
    chrome: Chrome,
    city: CityRow,
    m: RoadmapModel,
    as_of: String,
    json_path: String,
}

async fn printable(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let city = city(&state, &context, &slug).await?;
    let roadmap = state.civitas.roadmap(&context.visitor, city.id).await?;
    let chrome = Chrome::new(&state, &context);
    let framework = state.civitas.pillar_framework()?;
    render(ExportPage {
        as_of: format_time(&state.i18n, chrome.lang, state.civitas.now()),
        json_path: format!("/api/v1/cities/{}/roadmap", city.id),
        m: model(&chrome, roadmap, &framework),
        city,
        chrome,
    })
}

/// The roadmap's tables as a PDF, in the visitor's language.
async fn pdf(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let city = city(&state, &context, &slug).await?;
    let roadmap = state.civitas.roadmap(&context.visitor, city.id).await?;
    let chrome = Chrome::new(&state, &context);
    let framework = state.civitas.pillar_framework()?;
    let m = model(&chrome, roadmap, &framework);
    let t = |key: &str| chrome.t(key);
    let none = t("st-no-actions");
    let tables = vec![
        PdfTable {
            heading: t("st-actions-heading"),
            columns: vec![
                t("st-col-action"),
                t("st-col-owner"),
                t("st-col-start"),
                t("st-col-end"),
                t("col-status"),
                t("st-col-budget"),
                t("st-col-funding"),
                t("st-col-depends"),
            ],
            widths: vec![3.0, 1.6, 1.2, 1.2, 1.1, 1.4, 1.4, 1.8],
            rows: m
                .actions
                .iter()
                .map(|a| {
                    vec![
                        a.title.clone(),
                        a.owner.clone(),
                        a.start.clone(),
                        a.end.clone(),
                        a.status_label.clone(),
                        a.budget.clone(),
                        a.funding.clone(),
                        a.depends.join(", "),
                    ]
                })
                .collect(),
            empty: none.clone(),
        },
        PdfTable {
            heading: t("st-col-kpis-linked"),
            columns: vec![
                t("st-col-action"),
                t("st-field-elements"),
                t("st-col-kpis-linked"),
                t("st-col-roles"),
            ],
            widths: vec![2.0, 3.0, 3.0, 2.0],
            rows: m
                .actions
                .iter()
                .map(|a| {
                    vec![
                        a.title.clone(),
                        a.elements
                            .iter()
                            .map(|e| e.name.clone())
                            .collect::<Vec<_>>()
                            .join("; "),
                        a.kpis.join("; "),
                        a.roles.join("; "),
                    ]
                })
                .collect(),
            empty: none.clone(),
        },
        PdfTable {
            heading: t("st-by-pillar-heading"),
            columns: vec![t("st-col-pillar"), t("st-col-action")],
            widths: vec![1.0, 2.0],
            rows: m
                .by_pillar
                .iter()
                .map(|p| vec![p.name.name.clone(), p.actions.join("; ")])
                .collect(),
            empty: none.clone(),
        },
        PdfTable {
            heading: t("st-by-funding-heading"),
            columns: vec![
                t("st-col-funding"),
                t("st-field-currency"),
                t("st-col-total"),
                t("st-col-actions-count"),
            ],
            widths: vec![2.0, 1.0, 1.5, 1.0],
            rows: m
                .by_funding
                .iter()
                .map(|f| {
                    vec![
                        f.funding.clone(),
                        f.currency.clone(),
                        f.total.clone(),
                        chrome.count(&(f.actions as i64)),
                    ]
                })
                .collect(),
            empty: none.clone(),
        },
        PdfTable {
            heading: t("st-progress-heading"),
            columns: vec![
                t("st-col-action"),
                t("st-col-kpi"),
                t("st-col-baseline"),
                t("st-col-latest"),
                t("st-col-kpi-target"),
                t("st-col-progress-pct"),
            ],
            widths: vec![2.0, 3.0, 1.2, 1.2, 1.2, 1.0],
            rows: m
                .progress
                .iter()
                .map(|p| {
                    vec![
                        p.action.clone(),
                        p.kpi.clone(),
                        p.baseline.clone(),
                        p.latest.clone(),
                        p.target.clone(),
                        p.pct.clone(),
                    ]
                })
                .collect(),
            empty: t("st-no-kpis-linked"),
        },
        PdfTable {
            heading: t("st-map-heading"),
            columns: vec![
                t("st-field-stakeholder-name"),
                t("st-field-level"),
                t("st-field-sector"),
            ],
            widths: vec![2.0, 1.0, 1.0],
            rows: m
                .roadmap
                .stakeholders
                .iter()
                .map(|s| {
                    vec![
                        s.name.clone(),
                        t(&format!("st-level-{}", s.level)),
                        t(&format!("st-sector-{}", s.sector)),
                    ]
                })
                .collect(),
            empty: t("st-no-stakeholders"),
        },
    ];
    let doc = RoadmapPdfDoc {
        language: chrome.lang.code().to_string(),
        rtl: chrome.lang == crate::i18n::Lang::Ar,
        title: chrome.t1("st-export-title", "city", &city.name),
        lead: vec![chrome.t1(
            "st-export-lead",
            "date",
            format_time(&state.i18n, chrome.lang, state.civitas.now()),
        )],
        tables,
        page: t("st-pdf-page"),
    };
    let bytes = roadmap_pdf(&doc).map_err(|e| AppError::Internal(format!("roadmap PDF: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"roadmap-{}.pdf\"", city.slug),
            ),
        ],
        bytes,
    )
        .into_response())
}
