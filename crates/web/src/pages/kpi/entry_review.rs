//! Verification, KPI by KPI: the city's figures, the computed value, the
//! evidence and the thread of questions, answers and decisions. The assigned
//! verifier asks, decides and completes; the city team answers while the
//! assessment is with the verifier, and reads the rest.

use super::{assessment_title, base, has_numbers, key_of, load, number, segment};
use crate::AppError;
use crate::pages::{Chrome, FormErrors, NoticeQuery, notice, render, see_other};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use civitas_domain::validation::{FieldError, Problem};
use civitas_domain::{Action, AssessmentStatus, CityId, policy};
use civitas_service::ServiceError;
use civitas_service::kpi::{AssessmentView, EntryKey, ReviewDecision};
use serde::Deserialize;

pub(super) fn routes() -> Router<AppState> {
    const V: &str = "/cities/{slug}/assessments/{id}/verification";
    Router::new()
        .route(V, get(show))
        .route(&format!("{V}/questions"), post(ask))
        .route(&format!("{V}/answers"), post(answer))
        .route(&format!("{V}/decisions"), post(decide))
        .route(&format!("{V}/complete"), post(complete))
        .route(&format!("{V}/return"), post(return_to_city))
}

#[derive(Template)]
#[template(path = "kpi_verification.html")]
struct ReviewPage {
    chrome: Chrome,
    notice: Option<String>,
    view: AssessmentView,
    base: String,
    title: String,
    status: String,
    items: Vec<ReviewItem>,
    /// The city team may answer now.
    can_answer: bool,
    /// Reported KPIs not yet marked verified or not.
    pending: Vec<(String, String)>,
    /// Why completing or returning was refused.
    action_errors: Vec<String>,
}

struct ReviewItem {
    anchor: String,
    kpi: String,
    data_point: String,
    label: String,
    name: String,
    category_href: String,
    unit: String,
    numerator: String,
    denominator: String,
    value: String,
    source: String,
    quality: String,
    note: String,
    not_reported: Option<String>,
    computed: Option<String>,
    verified: Option<bool>,
    evidence: Vec<(String, String)>,
    thread: Vec<NoteView>,
    /// The form that failed here, if any: "question", "answer" or "decision".
    failed_form: &'static str,
    errors: FormErrors,
    typed_body: String,
    typed_decision: String,
}

impl ReviewItem {
    /// The error of `field` in `form`, if that form failed here.
    fn error(&self, form: &str, field: &str) -> Option<&String> {
        (self.failed_form == form)
            .then(|| self.errors.get(field))
            .flatten()
    }

    fn typed(&self, form: &str) -> &str {
        if self.failed_form == form {
            &self.typed_body
        } else {
            ""
        }
    }
}

struct NoteView {
    kind: String,
    author: String,
    at: String,
    body: String,
    revision: i64,
}

/// A form that failed, to show again at its KPI.
struct Failed<'a> {
    key: EntryKey,
    form: &'static str,
    errors: &'a [FieldError],
    body: String,
    decision: String,
}

async fn review_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
    failed: Option<Failed<'_>>,
) -> Result<ReviewPage, AppError> {
    let view = load(state, context, slug, id).await?;
    let results = state
        .civitas
        .assessment_results(&context.visitor, id)
        .await?;
    let entries = state.civitas.kpi_entries(&context.visitor, id).await?;
    let notes = state
        .civitas
        .verification_notes(&context.visitor, id)
        .await?;
    let evidence = state.civitas.evidence(&context.visitor, id).await?;
    let chrome = Chrome::new(state, context);
    let lang = chrome.lang.code();
    let base = base(slug, id);
    let framework = results.framework.clone();
    let mut items = Vec::new();
    let mut pending = Vec::new();
    for (index, measure) in framework.measures().iter().enumerate() {
        let key = key_of(measure);
        let entry = entries.iter().find(|e| e.key == key);
        let thread: Vec<NoteView> = notes
            .iter()
            .filter(|n| n.key == key)
            .map(|n| NoteView {
                kind: chrome.t(&format!("kpi-note-{}", n.kind)),
                author: n.author_label.clone(),
                at: chrome.time(&n.at),
                body: n.body.clone(),
                revision: n.revision,
            })
            .collect();
        let shown = entry.is_some_and(|e| has_numbers(e) || e.not_reported);
        if !shown && thread.is_empty() {
            continue;
        }
        let anchor = format!("r{index}");
        let label = measure.label();
        if entry.is_some_and(|e| has_numbers(e) && e.verified.is_none()) {
            pending.push((label.clone(), format!("#{anchor}")));
        }
        let (errors, failed_form, typed_body, typed_decision) = match &failed {
            Some(f) if f.key == key => (
                FormErrors::from_fields(&chrome, f.errors),
                f.form,
                f.body.clone(),
                f.decision.clone(),
            ),
            _ => (FormErrors::default(), "", String::new(), String::new()),
        };
        let name = match measure.data_point {
            Some(dp) => format!("{} – {}", measure.kpi.name.get(lang), dp.name.get(lang)),
            None => measure.kpi.name.get(lang).to_string(),
        };
        let kpi_index = framework
            .kpis
            .iter()
            .position(|k| k.code == measure.kpi.code)
            .unwrap_or_default();
        items.push(ReviewItem {
            anchor,
            kpi: key.kpi.clone(),
            data_point: key.data_point.clone(),
            label,
            name,
            category_href: format!(
                "{base}/categories/{}/{}#kpi-{kpi_index}",
                segment(&measure.kpi.sub_dimension),
                segment(&measure.kpi.category)
            ),
            unit: measure.unit().to_string(),
            numerator: entry
                .and_then(|e| e.numerator)
                .map(|v| number(chrome.lang, v))
                .unwrap_or_default(),
            denominator: entry
                .and_then(|e| e.denominator)
                .map(|v| number(chrome.lang, v))
                .unwrap_or_default(),
            value: entry
                .and_then(|e| e.value)
                .map(|v| number(chrome.lang, v))
                .unwrap_or_default(),
            source: entry.map(|e| e.source.clone()).unwrap_or_default(),
            quality: entry
                .and_then(|e| e.quality.clone())
                .map(|q| chrome.t(&format!("kpi-quality-{}", q.replace('_', "-"))))
                .unwrap_or_default(),
            note: entry.map(|e| e.note.clone()).unwrap_or_default(),
            not_reported: entry
                .filter(|e| e.not_reported)
                .map(|e| e.not_reported_reason.clone()),
            computed: results
                .evaluation
                .kpis
                .iter()
                .find(|r| r.kpi == key.kpi && r.data_point.as_deref() == measure.data_point_id())
                .map(|r| number(chrome.lang, r.value)),
            verified: entry.and_then(|e| e.verified),
            evidence: evidence
                .iter()
                .filter(|e| e.key == key || (e.key.kpi == key.kpi && e.key.data_point.is_empty()))
                .map(|e| (e.filename.clone(), format!("{base}/evidence/{}", e.id)))
                .collect(),
            thread,
            failed_form,
            errors,
            typed_body,
            typed_decision,
        });
    }
    let editor = policy::authorize(
        &context.visitor.actor,
        Action::EditCityData(CityId(view.assessment.city_id)),
    )
    .is_ok();
    Ok(ReviewPage {
        notice: None,
        title: format!(
            "{} – {}",
            chrome.t("kpi-verification-title"),
            assessment_title(&chrome, &view)
        ),
        status: super::status_label(&chrome, view.status),
        can_answer: editor && view.status == AssessmentStatus::Submitted,
        items,
        pending,
        action_errors: Vec::new(),
        base,
        view,
        chrome,
    })
}

async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = review_page(&state, &context, &slug, id, None).await?;
    page.notice = notice(&page.chrome, query.notice.as_deref());
    render(page)
}

#[derive(Deserialize)]
struct NoteForm {
    #[serde(default)]
    kpi: String,
    #[serde(default)]
    data_point: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    decision: String,
}

impl NoteForm {
    fn key(&self) -> EntryKey {
        EntryKey {
            kpi: self.kpi.clone(),
            data_point: self.data_point.clone(),
        }
    }
}

/// After a note: back to its KPI on the page, or the page again with the problem.
async fn after_note<T>(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
    form: NoteForm,
    kind: &'static str,
    result: Result<T, ServiceError>,
) -> Result<Response, AppError> {
    match result {
        Ok(_) => {
            let results = state
                .civitas
                .assessment_results(&context.visitor, id)
                .await?;
            let anchor = results
                .framework
                .measures()
                .iter()
                .position(|m| key_of(m) == form.key())
                .map(|i| format!("#r{i}"))
                .unwrap_or_default();
            Ok(see_other(&format!(
                "{}/verification?notice=note-{kind}{anchor}",
                base(slug, id)
            )))
        }
        Err(ServiceError::Invalid(errors)) => {
            let failed = Failed {
                key: form.key(),
                form: kind,
                errors: &errors,
                body: form.body.clone(),
                decision: form.decision.clone(),
            };
            let page = review_page(state, context, slug, id, Some(failed)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

async fn ask(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<NoteForm>,
) -> Result<Response, AppError> {
    load(&state, &context, &slug, id).await?;
    let result = state
        .civitas
        .ask_question(&context.visitor, id, &form.key(), &form.body)
        .await;
    after_note(&state, &context, &slug, id, form, "question", result).await
}

async fn answer(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<NoteForm>,
) -> Result<Response, AppError> {
    load(&state, &context, &slug, id).await?;
    let result = state
        .civitas
        .answer_question(&context.visitor, id, &form.key(), &form.body)
        .await;
    after_note(&state, &context, &slug, id, form, "answer", result).await
}

async fn decide(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<NoteForm>,
) -> Result<Response, AppError> {
    load(&state, &context, &slug, id).await?;
    let result = match ReviewDecision::parse(form.decision.trim()) {
        Some(decision) => {
            state
                .civitas
                .review_entry(&context.visitor, id, &form.key(), decision, &form.body)
                .await
        }
        None => {
            // Only the verifier learns that a decision is missing.
            let view = load(&state, &context, &slug, id).await?;
            if !view.can_verify {
                return Err(ServiceError::Denied(civitas_domain::Denied::Forbidden).into());
            }
            Err(ServiceError::Invalid(vec![FieldError {
                field: "decision",
                problem: Problem::Required,
            }]))
        }
    };
    after_note(&state, &context, &slug, id, form, "decision", result).await
}

async fn refused(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
    errors: &[FieldError],
) -> Result<Response, AppError> {
    let mut page = review_page(state, context, slug, id, None).await?;
    page.action_errors = errors
        .iter()
        .map(|e| page.chrome.t(e.problem.message_key()))
        .collect();
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}

async fn complete(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    load(&state, &context, &slug, id).await?;
    match state
        .civitas
        .complete_verification(&context.visitor, id)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "{}?notice=verification-completed",
            base(&slug, id)
        ))),
        Err(ServiceError::Invalid(errors)) => refused(&state, &context, &slug, id, &errors).await,
        Err(other) => Err(other.into()),
    }
}

async fn return_to_city(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    load(&state, &context, &slug, id).await?;
    match state.civitas.return_assessment(&context.visitor, id).await {
        Ok(_) => Ok(see_other(&format!(
            "{}?notice=assessment-returned",
            base(&slug, id)
        ))),
        Err(ServiceError::Invalid(errors)) => refused(&state, &context, &slug, id, &errors).await,
        Err(other) => Err(other.into()),
    }
}
