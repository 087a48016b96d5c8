//! The data-entry forms: the shared city inputs, and one category's KPIs.
//! Each saves whole or not at all; on a problem the form comes back (422)
//! with every message next to its field and everything typed kept.

use super::{
    WarningView, assessment_title, band_class, band_label, base, key_of, load, number, raw,
    segment, warnings,
};
use crate::AppError;
use crate::pages::{Chrome, NoticeQuery, notice, render, see_other};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use civitas_domain::AssessmentStatus;
use civitas_indicators::{DataQuality, Formula, KpiType};
use civitas_service::ServiceError;
use civitas_service::kpi::{AssessmentView, EntryForm, EntryProblem, InputForm};
use std::collections::HashMap;

pub(super) fn routes() -> Router<AppState> {
    const A: &str = "/cities/{slug}/assessments/{id}";
    Router::new()
        .route(&format!("{A}/inputs"), get(inputs).post(save_inputs))
        .route(
            &format!("{A}/categories/{{sub_dimension}}/{{category}}"),
            get(category).post(save_category),
        )
}

/// Fields as a form posted them, by name.
pub(super) type Posted = HashMap<String, String>;

pub(super) fn posted(pairs: Vec<(String, String)>) -> Posted {
    pairs.into_iter().collect()
}

/// One problem in the summary at the top of a form: where, and what.
pub(super) struct SummaryItem {
    pub anchor: String,
    pub text: String,
}

pub(super) fn field_label(chrome: &Chrome, field: &str) -> String {
    chrome.t(&format!("kpi-field-{}", field.replace('_', "-")))
}

// ---------------------------------------------------------- city inputs

#[derive(Template)]
#[template(path = "kpi_inputs.html")]
struct InputsPage {
    chrome: Chrome,
    notice: Option<String>,
    view: AssessmentView,
    base: String,
    title: String,
    editable: bool,
    rows: Vec<InputRowView>,
    summary: Vec<SummaryItem>,
}

struct InputRowView {
    id: String,
    name: String,
    unit: String,
    value: String,
    shown: String,
    source: String,
    used_by: i64,
    errors: HashMap<&'static str, String>,
}

impl InputRowView {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }
}

async fn inputs_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
    typed: Option<&Posted>,
    problems: &[EntryProblem],
) -> Result<InputsPage, AppError> {
    let view = load(state, context, slug, id).await?;
    let results = state
        .civitas
        .assessment_results(&context.visitor, id)
        .await?;
    let stored = state.civitas.city_inputs(&context.visitor, id).await?;
    let chrome = Chrome::new(state, context);
    let lang = chrome.lang.code();
    let framework = results.framework.as_ref();
    let mut summary = Vec::new();
    let rows = framework
        .city_inputs
        .iter()
        .map(|input| {
            let row = stored.iter().find(|r| r.input == input.id);
            let name = input.name.get(lang).to_string();
            let mut errors = HashMap::new();
            for p in problems.iter().filter(|p| p.key.kpi == input.id) {
                let message = chrome.t(p.problem.message_key());
                summary.push(SummaryItem {
                    anchor: format!("in-{}-{}", input.id, p.field),
                    text: format!("{name} ({}): {message}", field_label(&chrome, p.field)),
                });
                errors.insert(p.field, message);
            }
            let typed_field = |field: &str| {
                typed.map(|t| {
                    t.get(&format!("{}-{field}", input.id))
                        .cloned()
                        .unwrap_or_default()
                })
            };
            InputRowView {
                id: input.id.clone(),
                name,
                unit: input.unit.clone(),
                value: typed_field("value").unwrap_or_else(|| raw(row.and_then(|r| r.value))),
                shown: row
                    .and_then(|r| r.value)
                    .map(|v| number(chrome.lang, v))
                    .unwrap_or_default(),
                source: typed_field("source")
                    .unwrap_or_else(|| row.map(|r| r.source.clone()).unwrap_or_default()),
                used_by: framework.kpis_using_input(&input.id).len() as i64,
                errors,
            }
        })
        .collect();
    Ok(InputsPage {
        notice: None,
        title: format!(
            "{} – {}",
            chrome.t("kpi-inputs-title"),
            assessment_title(&chrome, &view)
        ),
        editable: view.can_edit && view.status == AssessmentStatus::Draft,
        base: base(slug, id),
        rows,
        summary,
        view,
        chrome,
    })
}

async fn inputs(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = inputs_page(&state, &context, &slug, id, None, &[]).await?;
    page.notice = notice(&page.chrome, query.notice.as_deref());
    render(page)
}

async fn save_inputs(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let view = load(&state, &context, &slug, id).await?;
    let form = posted(pairs);
    let results = state
        .civitas
        .assessment_results(&context.visitor, view.assessment.id)
        .await?;
    let forms: Vec<(String, InputForm)> = results
        .framework
        .city_inputs
        .iter()
        .filter(|i| form.contains_key(&format!("{}-value", i.id)))
        .map(|i| {
            let field = |f: &str| {
                form.get(&format!("{}-{f}", i.id))
                    .cloned()
                    .unwrap_or_default()
            };
            (
                i.id.clone(),
                InputForm {
                    value: field("value"),
                    source: field("source"),
                },
            )
        })
        .collect();
    match state
        .civitas
        .save_city_inputs(&context.visitor, id, &forms)
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "{}/inputs?notice=inputs-saved",
            base(&slug, id)
        ))),
        Err(ServiceError::InvalidEntries(problems)) => {
            let page = inputs_page(&state, &context, &slug, id, Some(&form), &problems).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

// ------------------------------------------------------------- category

#[derive(Template)]
#[template(path = "kpi_category.html")]
struct CategoryPage {
    chrome: Chrome,
    notice: Option<String>,
    base: String,
    action: String,
    title: String,
    sub_dimension_name: String,
    editable: bool,
    kpis: Vec<KpiBlock>,
    summary: Vec<SummaryItem>,
    qualities: Vec<(&'static str, String)>,
}

struct KpiBlock {
    anchor: String,
    code: String,
    name: String,
    advanced: bool,
    unit: String,
    numerator_label: String,
    denominator_label: String,
    measures: Vec<MeasureBlock>,
    warnings: Vec<WarningView>,
    evidence: Vec<(String, String)>,
    evidence_href: String,
    kpi_error: Option<String>,
}

struct MeasureBlock {
    /// Prefix of every field name and id: `m{index in the framework}`.
    prefix: String,
    /// The data point's name, or empty for a KPI without data points.
    legend: String,
    formula: &'static str,
    unit: String,
    /// Names the city input used when no denominator is entered, and its value.
    denominator_hint: String,
    numerator: String,
    denominator: String,
    value: String,
    source: String,
    note: String,
    quality: String,
    not_reported: bool,
    reason: String,
    editable: bool,
    verified: Option<bool>,
    result: Option<ResultView>,
    issue: Option<String>,
    errors: HashMap<&'static str, String>,
}

impl MeasureBlock {
    fn error(&self, field: &str) -> Option<&String> {
        self.errors.get(field)
    }

    /// The value of the yes/no choice: "1", "0" or "".
    fn yes_no(&self) -> &str {
        match self.value.trim() {
            "1" | "1.0" => "1",
            "0" | "0.0" => "0",
            _ => "",
        }
    }

    fn quality_label(&self, chrome: &Chrome) -> String {
        if self.quality.is_empty() {
            String::new()
        } else {
            chrome.t(&format!("kpi-quality-{}", self.quality.replace('_', "-")))
        }
    }
}

struct ResultView {
    value: String,
    target: String,
    achievement: String,
    band: String,
    band_class: &'static str,
}

fn formula_name(formula: Formula) -> &'static str {
    match formula {
        Formula::Ratio => "ratio",
        Formula::Direct => "direct",
        Formula::YesNo => "yes-no",
    }
}

#[allow(clippy::too_many_arguments)]
async fn category_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
    sub_dimension: &str,
    category: &str,
    typed: Option<&Posted>,
    problems: &[EntryProblem],
) -> Result<CategoryPage, AppError> {
    let view = load(state, context, slug, id).await?;
    let results = state
        .civitas
        .assessment_results(&context.visitor, id)
        .await?;
    let entries = state.civitas.kpi_entries(&context.visitor, id).await?;
    let inputs = state.civitas.city_inputs(&context.visitor, id).await?;
    let evidence = state.civitas.evidence(&context.visitor, id).await?;
    let framework = results.framework.clone();
    let found = framework
        .category(sub_dimension, category)
        .ok_or(ServiceError::NotFound)?;
    let chrome = Chrome::new(state, context);
    let lang = chrome.lang.code();
    let base = base(slug, id);
    let all_measures = framework.measures();
    let mut summary = Vec::new();
    let mut kpis = Vec::new();
    for (kpi_index, kpi) in framework.kpis.iter().enumerate() {
        if kpi.sub_dimension != sub_dimension || kpi.category != category {
            continue;
        }
        let anchor = format!("kpi-{kpi_index}");
        let name = kpi.name.get(lang).to_string();
        let mut kpi_error = None;
        let mut measures = Vec::new();
        for measure in kpi.measures() {
            let key = key_of(&measure);
            let index = all_measures
                .iter()
                .position(|m| key_of(m) == key)
                .unwrap_or_default();
            let prefix = format!("m{index}");
            let entry = entries.iter().find(|e| e.key == key);
            let legend = measure
                .data_point
                .map(|d| d.name.get(lang).to_string())
                .unwrap_or_default();
            let label = match &measure.data_point {
                Some(_) => format!("{} / {legend}", kpi.code),
                None => kpi.code.clone(),
            };
            let mut errors = HashMap::new();
            for p in problems.iter().filter(|p| p.key == key) {
                let message = chrome.t(p.problem.message_key());
                if p.field == "kpi" {
                    summary.push(SummaryItem {
                        anchor: anchor.clone(),
                        text: format!("{label}: {message}"),
                    });
                    kpi_error = Some(message);
                    continue;
                }
                summary.push(SummaryItem {
                    anchor: format!("{prefix}-{}", p.field),
                    text: format!("{label} ({}): {message}", field_label(&chrome, p.field)),
                });
                errors.insert(p.field, message);
            }
            let typed_field = |field: &str| {
                typed.map(|t| {
                    t.get(&format!("{prefix}-{field}"))
                        .cloned()
                        .unwrap_or_default()
                })
            };
            let stored_text =
                |f: fn(&civitas_store::KpiEntryRow) -> String| entry.map(f).unwrap_or_default();
            let editable =
                view.can_edit && view.status.city_may_edit(entry.and_then(|e| e.verified));
            let typed_here = typed.is_some_and(|t| t.contains_key(&format!("{prefix}-present")));
            let pick = |field: &str, stored: String| {
                if typed_here {
                    typed_field(field).unwrap_or_default()
                } else {
                    stored
                }
            };
            let result = results
                .evaluation
                .kpis
                .iter()
                .find(|r| r.kpi == kpi.code && r.data_point.as_deref() == measure.data_point_id())
                .map(|r| ResultView {
                    value: number(chrome.lang, r.value),
                    target: r.target.map(|t| number(chrome.lang, t)).unwrap_or_default(),
                    achievement: r
                        .achievement_pct
                        .map(|a| number(chrome.lang, a))
                        .unwrap_or_default(),
                    band: band_label(&chrome, r.band),
                    band_class: band_class(r.band),
                });
            let issue = results
                .issues
                .iter()
                .find(|i| i.key == key)
                .map(|i| format!("{} ({})", i.message, i.field));
            let denominator_hint = measure
                .denominator_input()
                .and_then(|input_id| {
                    let input = framework.city_input(input_id)?;
                    let value = inputs
                        .iter()
                        .find(|i| i.input == input_id)
                        .and_then(|i| i.value)
                        .map(|v| number(chrome.lang, v))
                        .unwrap_or_else(|| chrome.t("kpi-not-entered"));
                    Some(chrome.t1(
                        "kpi-denominator-from-input",
                        "input",
                        format!("{}: {value}", input.name.get(lang)),
                    ))
                })
                .unwrap_or_default();
            measures.push(MeasureBlock {
                legend,
                formula: formula_name(measure.formula()),
                unit: measure.unit().to_string(),
                denominator_hint,
                numerator: pick("numerator", stored_text(|e| raw(e.numerator))),
                denominator: pick("denominator", stored_text(|e| raw(e.denominator))),
                value: pick("value", stored_text(|e| raw(e.value))),
                source: pick("source", stored_text(|e| e.source.clone())),
                note: pick("note", stored_text(|e| e.note.clone())),
                quality: pick(
                    "quality",
                    stored_text(|e| e.quality.clone().unwrap_or_default()),
                ),
                not_reported: if typed_here {
                    typed_field("not_reported").is_some_and(|v| !v.is_empty())
                } else {
                    entry.is_some_and(|e| e.not_reported)
                },
                reason: pick(
                    "not_reported_reason",
                    stored_text(|e| e.not_reported_reason.clone()),
                ),
                editable,
                verified: entry.and_then(|e| e.verified),
                result,
                issue,
                errors,
                prefix,
            });
        }
        let own = [kpi.code.clone()];
        kpis.push(KpiBlock {
            code: kpi.code.clone(),
            name,
            advanced: kpi.kpi_type == KpiType::Advanced,
            unit: kpi.unit.clone(),
            numerator_label: kpi
                .numerator
                .as_ref()
                .map(|t| t.get(lang).to_string())
                .unwrap_or_default(),
            denominator_label: kpi
                .denominator
                .as_ref()
                .map(|t| t.get(lang).to_string())
                .unwrap_or_default(),
            warnings: warnings(&chrome, &results, &base, Some(&own)),
            evidence: evidence
                .iter()
                .filter(|e| e.key.kpi == kpi.code)
                .map(|e| (e.filename.clone(), format!("{base}/evidence/{}", e.id)))
                .collect(),
            evidence_href: format!("{base}/evidence?kpi={}", segment(&kpi.code)),
            kpi_error,
            measures,
            anchor,
        });
    }
    let editable = kpis.iter().any(|k| k.measures.iter().any(|m| m.editable));
    Ok(CategoryPage {
        notice: None,
        title: format!(
            "{} – {}",
            found.name.get(lang),
            assessment_title(&chrome, &view)
        ),
        sub_dimension_name: framework
            .sub_dimension(sub_dimension)
            .map(|s| s.name.get(lang).to_string())
            .unwrap_or_default(),
        action: format!(
            "{base}/categories/{}/{}",
            segment(sub_dimension),
            segment(category)
        ),
        qualities: DataQuality::ALL
            .iter()
            .map(|q| {
                (
                    q.as_str(),
                    chrome.t(&format!("kpi-quality-{}", q.as_str().replace('_', "-"))),
                )
            })
            .collect(),
        editable,
        kpis,
        summary,
        base,
        chrome,
    })
}

async fn category(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id, sub_dimension, category)): Path<(String, i64, String, String)>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = category_page(
        &state,
        &context,
        &slug,
        id,
        &sub_dimension,
        &category,
        None,
        &[],
    )
    .await?;
    page.notice = notice(&page.chrome, query.notice.as_deref());
    render(page)
}

/// The KPIs of one category as the form posted them: only those shown as
/// editable, and a KPI never touched stays absent rather than becoming an
/// empty row.
pub(super) fn category_forms(
    framework: &civitas_indicators::Framework,
    entries: &[civitas_store::KpiEntryRow],
    form: &Posted,
    sub_dimension: &str,
    category: &str,
) -> Vec<(civitas_service::kpi::EntryKey, EntryForm)> {
    let mut forms = Vec::new();
    for (index, measure) in framework.measures().iter().enumerate() {
        if measure.kpi.sub_dimension != sub_dimension || measure.kpi.category != category {
            continue;
        }
        let prefix = format!("m{index}");
        if !form.contains_key(&format!("{prefix}-present")) {
            continue;
        }
        let field = |f: &str| {
            form.get(&format!("{prefix}-{f}"))
                .cloned()
                .unwrap_or_default()
        };
        let entry = EntryForm {
            numerator: field("numerator"),
            denominator: field("denominator"),
            value: field("value"),
            source: field("source"),
            note: field("note"),
            quality: field("quality"),
            not_reported: !field("not_reported").is_empty(),
            not_reported_reason: field("not_reported_reason"),
        };
        let key = key_of(measure);
        let blank = [
            &entry.numerator,
            &entry.denominator,
            &entry.value,
            &entry.source,
            &entry.note,
            &entry.quality,
            &entry.not_reported_reason,
        ]
        .iter()
        .all(|f| f.trim().is_empty())
            && !entry.not_reported;
        // A KPI never touched stays absent rather than becoming an empty row.
        if blank && !entries.iter().any(|e| e.key == key) {
            continue;
        }
        forms.push((key, entry));
    }
    forms
}

async fn save_category(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id, sub_dimension, category)): Path<(String, i64, String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let view = load(&state, &context, &slug, id).await?;
    let form = posted(pairs);
    let results = state
        .civitas
        .assessment_results(&context.visitor, view.assessment.id)
        .await?;
    let framework = results.framework.clone();
    framework
        .category(&sub_dimension, &category)
        .ok_or(ServiceError::NotFound)?;
    let entries = state.civitas.kpi_entries(&context.visitor, id).await?;
    let forms = category_forms(&framework, &entries, &form, &sub_dimension, &category);
    match state
        .civitas
        .save_entries(&context.visitor, id, &forms)
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "{}/categories/{}/{}?notice=category-saved",
            base(&slug, id),
            segment(&sub_dimension),
            segment(&category)
        ))),
        Err(ServiceError::InvalidEntries(problems)) => {
            let page = category_page(
                &state,
                &context,
                &slug,
                id,
                &sub_dimension,
                &category,
                Some(&form),
                &problems,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
