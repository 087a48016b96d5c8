//! KPI data entry and verification pages: a city's assessments, one
//! assessment's overview with its actions, its settings and a new revision.
//! The forms live beside this file: `entry_form.rs` (city inputs and the
//! category form), `entry_review.rs` (verification) and `entry_evidence.rs`
//! (evidence files). Every decision about who may do what is the service's.
//!
//! URLs, all under `/cities/{slug}/assessments`:
//! `/` list and create · `/{id}` overview · `/{id}/submit` ·
//! `/{id}/settings` · `/{id}/revision` · `/{id}/inputs` ·
//! `/{id}/categories/{sub_dimension}/{category}` · `/{id}/evidence…` ·
//! `/{id}/verification…`.

#[path = "entry_check.rs"]
mod check;
#[path = "entry_evidence.rs"]
mod evidence;
#[path = "entry_form.rs"]
mod form;
#[path = "entry_review.rs"]
mod review;

use crate::AppError;
use crate::i18n::{Lang, format_count, format_decimal};
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
use civitas_domain::AssessmentStatus;
use civitas_indicators::{Band, Framework, Measure};
use civitas_service::ServiceError;
use civitas_service::kpi::{
    AssessmentForm, AssessmentResults, AssessmentSettingsForm, AssessmentView, EntryKey,
};
use civitas_store::{AssessmentRow, KpiEntryRow};
use serde::Deserialize;
use std::collections::HashMap;

pub(super) fn routes() -> Router<AppState> {
    const A: &str = "/cities/{slug}/assessments";
    Router::new()
        .route(A, get(list).post(create))
        .route(&format!("{A}/{{id}}"), get(overview))
        .route(&format!("{A}/{{id}}/submit"), post(submit))
        .route(
            &format!("{A}/{{id}}/settings"),
            get(settings_form).post(save_settings),
        )
        .route(
            &format!("{A}/{{id}}/revision"),
            get(revision_form).post(open_revision),
        )
        .merge(form::routes())
        .merge(check::routes())
        .merge(review::routes())
        .merge(evidence::routes())
}

/// The assessment `id`, if the visitor may open it and it belongs to `slug`.
pub(super) async fn load(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
) -> Result<AssessmentView, AppError> {
    let view = state.civitas.assessment(&context.visitor, id).await?;
    if view.city.slug != slug {
        return Err(ServiceError::NotFound.into());
    }
    Ok(view)
}

/// The path of an assessment's pages.
pub(super) fn base(slug: &str, id: i64) -> String {
    format!("/cities/{slug}/assessments/{id}")
}

/// A path segment with anything unusual percent-encoded.
pub(super) fn segment(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// A number in the locale's style: whole numbers grouped, others with up to
/// two decimals (trailing zeros dropped).
pub(super) fn number(lang: Lang, value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return format_count(lang, value as i64);
    }
    let decimals = if value.abs() >= 100.0 { 1 } else { 2 };
    let mut text = format_decimal(lang, value, decimals);
    // Drop a trailing zero decimal ("12.50" → "12.5"), whatever the digits.
    for zero in ['0', '\u{0660}'] {
        if decimals == 2 && text.ends_with(zero) {
            text.pop();
        }
    }
    text
}

/// How a form shows a stored number: plain, with a point, as typed.
pub(super) fn raw(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

pub(super) fn band_label(chrome: &Chrome, band: Option<Band>) -> String {
    match band {
        Some(Band::Below33) => chrome.t("kpi-band-below-33"),
        Some(Band::From33To66) => chrome.t("kpi-band-33-66"),
        Some(Band::From66To95) => chrome.t("kpi-band-66-95"),
        Some(Band::AtLeast95) => chrome.t("kpi-band-95"),
        None => chrome.t("kpi-not-scored"),
    }
}

/// A CSS class for a band, so colour is never the only cue (the label is shown too).
pub(super) fn band_class(band: Option<Band>) -> &'static str {
    match band {
        Some(Band::Below33) => "band band-1",
        Some(Band::From33To66) => "band band-2",
        Some(Band::From66To95) => "band band-3",
        Some(Band::AtLeast95) => "band band-4",
        None => "band band-none",
    }
}

pub(super) fn status_label(chrome: &Chrome, status: AssessmentStatus) -> String {
    chrome.t(&format!("kpi-status-{}", status.as_str()))
}

pub(super) fn key_of(measure: &Measure<'_>) -> EntryKey {
    EntryKey {
        kpi: measure.kpi.code.clone(),
        data_point: measure.data_point_id().unwrap_or("").to_string(),
    }
}

/// Whether an entry says something: numbers, or a reasoned "not reported".
pub(super) fn has_numbers(entry: &KpiEntryRow) -> bool {
    !entry.not_reported
        && (entry.numerator.is_some() || entry.denominator.is_some() || entry.value.is_some())
}

/// The link to the category page that holds a KPI, at that KPI.
pub(super) fn kpi_href(framework: &Framework, base: &str, code: &str) -> Option<String> {
    let index = framework.kpis.iter().position(|k| k.code == code)?;
    let kpi = &framework.kpis[index];
    Some(format!(
        "{base}/categories/{}/{}#kpi-{index}",
        segment(&kpi.sub_dimension),
        segment(&kpi.category)
    ))
}

/// A validation warning as a page shows it: a translated title, the
/// engine's detail, and links to the KPIs it names.
pub(super) struct WarningView {
    pub title: String,
    /// The framework's own words for a cross-KPI rule in this language, or
    /// the engine's English message (then `detail_lang` is `en`).
    pub detail: String,
    pub detail_lang: &'static str,
    pub kpis: Vec<(String, String)>,
}

pub(super) fn warnings(
    chrome: &Chrome,
    results: &AssessmentResults,
    base: &str,
    only_kpis: Option<&[String]>,
) -> Vec<WarningView> {
    let framework = results.framework.as_ref();
    results
        .evaluation
        .warnings
        .iter()
        .filter(|w| only_kpis.is_none_or(|only| w.kpis.iter().any(|k| only.contains(k))))
        .map(|w| {
            let rule = framework.rules.iter().find(|r| r.id == w.rule);
            let (title, detail, detail_lang) = match rule {
                Some(rule) => (
                    chrome.t("kpi-rule-cross"),
                    rule.message.get(chrome.lang.code()).to_string(),
                    if rule.message.0.contains_key(chrome.lang.code()) {
                        chrome.lang.code()
                    } else {
                        "en"
                    },
                ),
                None => {
                    let key = format!("kpi-rule-{}", w.rule.replace('_', "-"));
                    let known = [
                        "plausible_range",
                        "expected_range",
                        "parts_sum",
                        "denominator_consistency",
                        "input_smaller_than",
                        "per_100k_denominator",
                        "value_mismatch",
                    ];
                    let title = if known.contains(&w.rule.as_str()) {
                        chrome.t(&key)
                    } else {
                        chrome.t("kpi-rule-other")
                    };
                    (title, w.message.clone(), "en")
                }
            };
            WarningView {
                title,
                detail,
                detail_lang,
                kpis: w
                    .kpis
                    .iter()
                    .map(|k| (k.clone(), kpi_href(framework, base, k).unwrap_or_default()))
                    .collect(),
            }
        })
        .collect()
}

// ---------------------------------------------------------------- list

#[derive(Template)]
#[template(path = "kpi_list.html")]
struct ListPage {
    chrome: Chrome,
    notice: Option<String>,
    slug: String,
    city_name: String,
    rows: Vec<ListRow>,
    can_create: bool,
    year: String,
    start_from_previous: bool,
    errors: FormErrors,
}

struct ListRow {
    href: String,
    year: i64,
    revision: i64,
    status: String,
    verifier: String,
}

async fn list_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
) -> Result<ListPage, AppError> {
    let city = state
        .civitas
        .city_by_slug(&context.visitor, slug)
        .await?
        .city;
    let assessments = state.civitas.assessments(&context.visitor, city.id).await?;
    let chrome = Chrome::new(state, context);
    let can_create = civitas_domain::policy::authorize(
        &context.visitor.actor,
        civitas_domain::Action::EditCityData(civitas_domain::CityId(city.id)),
    )
    .is_ok();
    let mut rows = Vec::new();
    for a in &assessments {
        let verifier = match a.verifier_user_id {
            Some(_) => state
                .civitas
                .assessment(&context.visitor, a.id)
                .await?
                .verifier_name
                .unwrap_or_default(),
            None => String::new(),
        };
        rows.push(ListRow {
            href: base(slug, a.id),
            year: a.year,
            revision: a.revision,
            status: AssessmentStatus::parse(&a.status)
                .map(|s| status_label(&chrome, s))
                .unwrap_or_else(|| a.status.clone()),
            verifier,
        });
    }
    let next_year = assessments
        .iter()
        .map(|a| a.year + 1)
        .max()
        .unwrap_or_default();
    Ok(ListPage {
        chrome,
        notice: None,
        slug: slug.to_string(),
        city_name: city.name,
        rows,
        can_create,
        year: if next_year > 0 {
            next_year.to_string()
        } else {
            String::new()
        },
        start_from_previous: !assessments.is_empty(),
        errors: FormErrors::default(),
    })
}

async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = list_page(&state, &context, &slug).await?;
    page.notice = notice(&page.chrome, query.notice.as_deref());
    render(page)
}

#[derive(Deserialize)]
struct CreateForm {
    #[serde(default)]
    year: String,
    start_from_previous: Option<String>,
}

async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Form(form): Form<CreateForm>,
) -> Result<Response, AppError> {
    let city = state
        .civitas
        .city_by_slug(&context.visitor, &slug)
        .await?
        .city;
    let input = AssessmentForm {
        year: form.year.clone(),
        start_from_previous: form.start_from_previous.is_some(),
    };
    match state
        .civitas
        .create_assessment(&context.visitor, city.id, &input)
        .await
    {
        Ok(created) => Ok(see_other(&format!(
            "{}?notice=assessment-created",
            base(&slug, created.id)
        ))),
        Err(ServiceError::Invalid(errors)) => {
            let mut page = list_page(&state, &context, &slug).await?;
            page.errors = FormErrors::from_fields(&page.chrome, &errors);
            page.year = form.year;
            page.start_from_previous = form.start_from_previous.is_some();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

// ------------------------------------------------------------ overview

#[derive(Template)]
#[template(path = "kpi_overview.html")]
struct OverviewPage {
    chrome: Chrome,
    notice: Option<String>,
    view: AssessmentView,
    base: String,
    title: String,
    status: String,
    target_set_name: String,
    dimensions: Vec<DimensionBlock>,
    totals: Progress,
    warnings: Vec<WarningView>,
    /// Errors of the action forms (submit, complete), already translated.
    action_errors: Vec<String>,
    has_notes: bool,
}

pub(super) struct DimensionBlock {
    pub name: String,
    pub sub_dimensions: Vec<SubDimensionBlock>,
}

pub(super) struct SubDimensionBlock {
    pub id: String,
    pub name: String,
    pub categories: Vec<CategoryRow>,
}

pub(super) struct CategoryRow {
    pub href: String,
    pub name: String,
    pub progress: Progress,
}

#[derive(Default, Clone, Copy)]
pub(super) struct Progress {
    pub entered: i64,
    pub not_reported: i64,
    pub missing: i64,
}

impl Progress {
    fn add(&mut self, other: Progress) {
        self.entered += other.entered;
        self.not_reported += other.not_reported;
        self.missing += other.missing;
    }
}

/// Every category of the framework with its progress, by dimension and sub-dimension.
fn dimensions(
    chrome: &Chrome,
    framework: &Framework,
    entries: &[KpiEntryRow],
    base: &str,
) -> (Vec<DimensionBlock>, Progress) {
    let lang = chrome.lang.code();
    let by_key: HashMap<&EntryKey, &KpiEntryRow> = entries.iter().map(|e| (&e.key, e)).collect();
    let mut totals = Progress::default();
    let blocks = framework
        .dimensions
        .iter()
        .map(|d| DimensionBlock {
            name: d.name.get(lang).to_string(),
            sub_dimensions: framework
                .sub_dimensions
                .iter()
                .filter(|s| s.dimension == d.code)
                .map(|s| SubDimensionBlock {
                    id: format!("sd-{}", segment(&s.code)),
                    name: s.name.get(lang).to_string(),
                    categories: framework
                        .categories
                        .iter()
                        .filter(|c| c.sub_dimension == s.code)
                        .map(|c| {
                            let mut progress = Progress::default();
                            for kpi in framework
                                .kpis
                                .iter()
                                .filter(|k| k.sub_dimension == s.code && k.category == c.code)
                            {
                                for measure in kpi.measures() {
                                    match by_key.get(&key_of(&measure)) {
                                        Some(e) if e.not_reported => progress.not_reported += 1,
                                        Some(e) if has_numbers(e) => progress.entered += 1,
                                        _ => progress.missing += 1,
                                    }
                                }
                            }
                            totals.add(progress);
                            CategoryRow {
                                href: format!(
                                    "{base}/categories/{}/{}",
                                    segment(&s.code),
                                    segment(&c.code)
                                ),
                                name: c.name.get(lang).to_string(),
                                progress,
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    (blocks, totals)
}

pub(super) fn assessment_title(chrome: &Chrome, view: &AssessmentView) -> String {
    chrome.t1(
        "kpi-assessment-title",
        "year",
        view.assessment.year.to_string(),
    )
}

async fn overview_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
) -> Result<OverviewPage, AppError> {
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
    let chrome = Chrome::new(state, context);
    let base = base(slug, id);
    let (dimensions, totals) = dimensions(&chrome, &results.framework, &entries, &base);
    Ok(OverviewPage {
        notice: None,
        title: assessment_title(&chrome, &view),
        status: status_label(&chrome, view.status),
        target_set_name: results.target_set_name.clone(),
        warnings: warnings(&chrome, &results, &base, None),
        dimensions,
        totals,
        action_errors: Vec::new(),
        has_notes: !notes.is_empty(),
        base,
        view,
        chrome,
    })
}

async fn overview(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = overview_page(&state, &context, &slug, id).await?;
    page.notice = notice(&page.chrome, query.notice.as_deref());
    render(page)
}

/// An action refused for a reason the person can fix: the overview again,
/// with the reason at the top.
pub(super) async fn overview_with_errors(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
    errors: &[civitas_domain::validation::FieldError],
) -> Result<Response, AppError> {
    let mut page = overview_page(state, context, slug, id).await?;
    page.action_errors = errors
        .iter()
        .map(|e| page.chrome.t(e.problem.message_key()))
        .collect();
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}

async fn submit(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    load(&state, &context, &slug, id).await?;
    match state.civitas.submit_assessment(&context.visitor, id).await {
        Ok(_) => Ok(see_other(&format!(
            "{}?notice=assessment-submitted",
            base(&slug, id)
        ))),
        Err(ServiceError::Invalid(errors)) => {
            overview_with_errors(&state, &context, &slug, id, &errors).await
        }
        Err(other) => Err(other.into()),
    }
}

// ------------------------------------------------------------ settings

#[derive(Template)]
#[template(path = "kpi_settings.html")]
struct SettingsPage {
    chrome: Chrome,
    base: String,
    title: String,
    target_sets: Vec<(String, String)>,
    verifiers: Vec<(String, String)>,
    target_set: String,
    currency: String,
    verifier: String,
    compare_with_peers: bool,
    errors: FormErrors,
}

async fn settings_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
) -> Result<(SettingsPage, AssessmentRow), AppError> {
    let view = load(state, context, slug, id).await?;
    if !view.can_steer {
        return Err(ServiceError::Denied(civitas_domain::Denied::Forbidden).into());
    }
    let city = view.assessment.city_id;
    let target_sets = state
        .civitas
        .target_set_choices(&context.visitor, city)
        .await?
        .into_iter()
        .map(|c| (c.key, c.name))
        .collect();
    let verifiers = state
        .civitas
        .verifier_candidates(&context.visitor, city)
        .await?
        .into_iter()
        .map(|u| (u.id.to_string(), u.display_name))
        .collect();
    let chrome = Chrome::new(state, context);
    let a = view.assessment.clone();
    Ok((
        SettingsPage {
            title: chrome.t1("kpi-settings-title", "year", a.year.to_string()),
            base: base(slug, id),
            target_sets,
            verifiers,
            target_set: a.target_set.clone(),
            currency: a.currency.clone().unwrap_or_default(),
            verifier: a
                .verifier_user_id
                .map(|v| v.to_string())
                .unwrap_or_default(),
            compare_with_peers: a.compare_with_peers,
            errors: FormErrors::default(),
            chrome,
        },
        a,
    ))
}

async fn settings_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    render(settings_page(&state, &context, &slug, id).await?.0)
}

#[derive(Deserialize)]
struct SettingsForm {
    #[serde(default)]
    target_set: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    verifier: String,
    compare_with_peers: Option<String>,
}

async fn save_settings(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<SettingsForm>,
) -> Result<Response, AppError> {
    load(&state, &context, &slug, id).await?;
    let input = AssessmentSettingsForm {
        target_set: form.target_set.clone(),
        currency: form.currency.clone(),
        verifier: form.verifier.clone(),
        compare_with_peers: form.compare_with_peers.is_some(),
    };
    match state
        .civitas
        .update_assessment_settings(&context.visitor, id, &input)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "{}?notice=assessment-settings-saved",
            base(&slug, id)
        ))),
        Err(ServiceError::Invalid(errors)) => {
            let (mut page, _) = settings_page(&state, &context, &slug, id).await?;
            page.errors = FormErrors::from_fields(&page.chrome, &errors);
            page.target_set = form.target_set;
            page.currency = form.currency;
            page.verifier = form.verifier;
            page.compare_with_peers = form.compare_with_peers.is_some();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

// ------------------------------------------------------------ revision

#[derive(Template)]
#[template(path = "kpi_revision.html")]
struct RevisionPage {
    chrome: Chrome,
    base: String,
    title: String,
    reason: String,
    errors: FormErrors,
}

async fn revision_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
) -> Result<RevisionPage, AppError> {
    let view = load(state, context, slug, id).await?;
    if !view.can_steer {
        return Err(ServiceError::Denied(civitas_domain::Denied::Forbidden).into());
    }
    let chrome = Chrome::new(state, context);
    Ok(RevisionPage {
        title: chrome.t1(
            "kpi-revision-title",
            "year",
            view.assessment.year.to_string(),
        ),
        base: base(slug, id),
        reason: String::new(),
        errors: FormErrors::default(),
        chrome,
    })
}

async fn revision_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    render(revision_page(&state, &context, &slug, id).await?)
}

#[derive(Deserialize)]
struct RevisionForm {
    #[serde(default)]
    reason: String,
}

async fn open_revision(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<RevisionForm>,
) -> Result<Response, AppError> {
    load(&state, &context, &slug, id).await?;
    match state
        .civitas
        .open_revision(&context.visitor, id, &form.reason)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "{}?notice=revision-opened",
            base(&slug, id)
        ))),
        Err(ServiceError::Invalid(errors)) => {
            let mut page = revision_page(&state, &context, &slug, id).await?;
            page.errors = FormErrors::from_fields(&page.chrome, &errors);
            page.reason = form.reason;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
