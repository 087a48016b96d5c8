//! Validation while the city types: the category form's script posts the
//! form here as it changes and shows the answer in a live region. Nothing is
//! saved; the same checks run again when the form is submitted, so the form
//! works the same without JavaScript.

use super::form::{category_forms, field_label, posted};
use super::{WarningView, band_class, band_label, base, load, number, warnings};
use crate::AppError;
use crate::pages::{Chrome, render};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};
use civitas_service::ServiceError;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route(
        "/cities/{slug}/assessments/{id}/categories/{sub_dimension}/{category}/check",
        post(check),
    )
}

struct Problem {
    anchor: String,
    text: String,
}

struct Value {
    label: String,
    value: String,
    unit: String,
    band: String,
    band_class: &'static str,
}

#[derive(Template)]
#[template(path = "kpi_category_check.html")]
struct CheckFragment {
    chrome: Chrome,
    problems: Vec<Problem>,
    values: Vec<Value>,
    warnings: Vec<WarningView>,
}

async fn check(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id, sub_dimension, category)): Path<(String, i64, String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    load(&state, &context, &slug, id).await?;
    let form = posted(pairs);
    let mut results = state
        .civitas
        .assessment_results(&context.visitor, id)
        .await?;
    let framework = results.framework.clone();
    framework
        .category(&sub_dimension, &category)
        .ok_or(ServiceError::NotFound)?;
    let entries = state.civitas.kpi_entries(&context.visitor, id).await?;
    let forms = category_forms(&framework, &entries, &form, &sub_dimension, &category);
    let preview = state
        .civitas
        .preview_entries(&context.visitor, id, &forms)
        .await?;
    results.evaluation = preview.evaluation;
    results.issues = preview.issues;
    let chrome = Chrome::new(&state, &context);
    let measures = framework.measures();
    let in_category = |kpi: &civitas_indicators::Kpi| {
        kpi.sub_dimension == sub_dimension && kpi.category == category
    };
    let problems = preview
        .problems
        .iter()
        .map(|p| {
            let index = measures
                .iter()
                .position(|m| {
                    m.kpi.code == p.key.kpi && m.data_point_id().unwrap_or("") == p.key.data_point
                })
                .unwrap_or_default();
            Problem {
                anchor: format!("m{index}-{}", p.field),
                text: format!(
                    "{} ({}): {}",
                    civitas_service::kpi::entry_label(&p.key),
                    field_label(&chrome, p.field),
                    chrome.t(p.problem.message_key())
                ),
            }
        })
        .collect();
    let values = results
        .evaluation
        .kpis
        .iter()
        .filter(|r| framework.kpi(&r.kpi).is_some_and(in_category))
        .map(|r| {
            let measure = framework.measure(&r.kpi, r.data_point.as_deref()).ok();
            Value {
                label: match &r.data_point {
                    Some(dp) => format!("{} / {dp}", r.kpi),
                    None => r.kpi.clone(),
                },
                value: number(chrome.lang, r.value),
                unit: measure.map(|m| m.unit().to_string()).unwrap_or_default(),
                band: band_label(&chrome, r.band),
                band_class: band_class(r.band),
            }
        })
        .collect();
    let own: Vec<String> = framework
        .kpis
        .iter()
        .filter(|k| in_category(k))
        .map(|k| k.code.clone())
        .collect();
    let warnings = warnings(&chrome, &results, &base(&slug, id), Some(&own));
    render(CheckFragment {
        chrome,
        problems,
        values,
        warnings,
    })
}
