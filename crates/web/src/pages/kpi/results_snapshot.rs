//! The U4SSC City Snapshot: a printable page (the print stylesheet drops the
//! site's frame) and the same content as a PDF from `civitas-snapshot`, both in
//! the visitor's language.

use super::exchange::download;
use super::{
    Frame, LegendLine, ScoreLine, band_text, frame, label, legend_lines, load, measure_name,
    percent, score_lines, wheel, with_unit,
};
use crate::AppError;
use crate::i18n::Lang;
use crate::pages::{Chrome, render};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use civitas_domain::AssessmentStatus;
use civitas_service::kpi::AssessmentResults;
use civitas_snapshot::{
    ItemStatus, KpiRow, ScoreLevel, ScoreRow, SnapshotDoc, SnapshotLabels, snapshot_pdf,
};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/cities/{slug}/assessments/{id}/snapshot", get(page))
        .route("/cities/{slug}/assessments/{id}/snapshot.pdf", get(pdf))
}

/// Every measure of the framework in order, reported or not, as the
/// Snapshot lists them.
fn kpi_rows(chrome: &Chrome, results: &AssessmentResults) -> Vec<KpiRow> {
    let framework = results.framework.as_ref();
    let lang = chrome.lang;
    framework
        .measures()
        .iter()
        .map(|m| {
            let dp = m.data_point_id();
            let found = results
                .evaluation
                .kpis
                .iter()
                .find(|r| r.kpi == m.kpi.code && r.data_point.as_deref() == dp);
            let unit = m.unit();
            KpiRow {
                code: label(&m.kpi.code, dp),
                name: measure_name(framework, lang.code(), &m.kpi.code, dp),
                value: found
                    .map(|r| with_unit(lang, r.value, unit))
                    .unwrap_or_default(),
                target: found
                    .and_then(|r| r.target)
                    .map(|t| with_unit(lang, t, unit))
                    .unwrap_or_default(),
                achievement: found
                    .and_then(|r| r.achievement_pct)
                    .map(|a| percent(lang, Some(a)))
                    .unwrap_or_default(),
                band: found.and_then(|r| r.band),
                status: match found {
                    Some(r) if r.score.is_some() => ItemStatus::Scored,
                    Some(_) => ItemStatus::NoTarget,
                    None => ItemStatus::NotReported,
                },
                verified: found.and_then(|_| results.verified(&m.kpi.code, dp)),
            }
        })
        .collect()
}

/// One KPI line of the HTML Snapshot.
struct SnapshotLine {
    row: KpiRow,
    band: String,
    band_class: &'static str,
    verified: String,
}

#[derive(Template)]
#[template(path = "kpi_snapshot.html")]
struct SnapshotPage {
    chrome: Chrome,
    frame: Frame,
    wheel_svg: String,
    legend: Vec<LegendLine>,
    scores: Vec<ScoreLine>,
    kpis: Vec<SnapshotLine>,
    revision: i64,
    generated_on: String,
}

async fn page(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let results = load(&state, &context, &slug, id).await?;
    let chrome = Chrome::new(&state, &context);
    let frame = frame(&state, &context, &chrome, &results, "snapshot").await;
    let kpis = kpi_rows(&chrome, &results)
        .into_iter()
        .map(|row| SnapshotLine {
            band: match row.status {
                ItemStatus::Scored => band_text(&chrome, row.band),
                ItemStatus::NoTarget => chrome.t("kr-not-applicable"),
                ItemStatus::NotReported => chrome.t("kr-legend-not-reported"),
            },
            band_class: match row.status {
                ItemStatus::NotReported => "kr-band kr-band-missing",
                _ => super::band_class(row.band),
            },
            verified: super::verified_text(&chrome, row.verified),
            row,
        })
        .collect();
    render(SnapshotPage {
        wheel_svg: civitas_snapshot::wheel_svg(&wheel(&chrome, &results), chrome.lang == Lang::Ar),
        legend: legend_lines(&chrome),
        scores: score_lines(&chrome, &results),
        kpis,
        revision: results.assessment.revision,
        generated_on: chrome.time(&state.civitas.now()),
        frame,
        chrome,
    })
}

fn labels(chrome: &Chrome) -> SnapshotLabels {
    let t = |key: &str| chrome.t(key);
    SnapshotLabels {
        document_title: t("kr-snapshot-title"),
        year: t("kr-pdf-year"),
        revision: t("kr-pdf-revision"),
        verified: t("kr-verified-badge"),
        not_verified: t("kr-pdf-not-verified"),
        scores_heading: t("kr-pdf-scores"),
        kpis_heading: t("kr-kpis-heading"),
        level: t("kr-col-level"),
        name: t("kr-col-name"),
        score: t("kr-col-score"),
        band: t("kr-col-band"),
        dimension: t("kr-level-dimension"),
        sub_dimension: t("kr-level-sub-dimension"),
        category: t("kr-level-category"),
        code: t("kr-pdf-code"),
        value: t("kr-col-value"),
        target: t("kr-col-target"),
        achievement: t("kr-col-achievement"),
        verified_column: t("kr-col-verified"),
        yes: t("kr-yes"),
        no: t("kr-no"),
        not_applicable: t("kr-not-applicable"),
        framework: t("kr-framework"),
        target_set: t("kr-target-set"),
        generated: t("kr-pdf-generated"),
        page: t("kr-pdf-page"),
    }
}

async fn pdf(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let results = load(&state, &context, &slug, id).await?;
    let chrome = Chrome::new(&state, &context);
    let a = &results.assessment;
    let scores = score_lines(&chrome, &results)
        .into_iter()
        .map(|s| ScoreRow {
            level: match s.level {
                "dimension" => ScoreLevel::Dimension,
                "sub-dimension" => ScoreLevel::SubDimension,
                _ => ScoreLevel::Category,
            },
            name: s.name,
            score: s.raw_score.map(|_| s.score).unwrap_or_default(),
            band: s.raw_band,
        })
        .collect();
    let doc = SnapshotDoc {
        city: results.city.name.clone(),
        year: i32::try_from(a.year).unwrap_or_default(),
        revision: u32::try_from(a.revision).unwrap_or(1),
        verified: AssessmentStatus::parse(&a.status) == Some(AssessmentStatus::Verified),
        language: chrome.lang.code().to_string(),
        rtl: chrome.lang == Lang::Ar,
        labels: labels(&chrome),
        wheel: wheel(&chrome, &results),
        scores,
        kpis: kpi_rows(&chrome, &results),
        framework_name: results.framework_name.clone(),
        target_set_name: results.target_set_name.clone(),
        generated_on: chrome.time(&state.civitas.now()),
    };
    let bytes = snapshot_pdf(&doc).map_err(|e| AppError::Internal(format!("snapshot PDF: {e}")))?;
    let file_name = format!(
        "{}-snapshot-{}-r{}-{}.pdf",
        results.city.slug,
        a.year,
        a.revision,
        chrome.lang.code()
    );
    Ok(download(&file_name, "application/pdf", bytes))
}
