//! Evidence files: upload (multipart, up to the service's 10 MB), the list
//! by KPI, download as an attachment with its stored type, and deletion
//! after a confirmation.

use super::{assessment_title, base, load};
use crate::AppError;
use crate::pages::members::ConfirmPage;
use crate::pages::{Chrome, FormErrors, notice, render, see_other};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use civitas_domain::validation::{FieldError, Problem};
use civitas_domain::{Action, AssessmentStatus, CityId, policy};
use civitas_service::ServiceError;
use civitas_service::kpi::{AssessmentView, EntryKey};
use serde::Deserialize;

/// The service's limit per file, plus room for the form around it (the
/// global limit in `lib.rs` is raised to the same for this route); a larger
/// body is cut off before it is read whole.
/// The service's largest evidence file (`MAX_EVIDENCE_BYTES`): reading stops there.
const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

const UPLOAD_LIMIT: usize = 10 * 1024 * 1024 + 64 * 1024;

pub(super) fn routes() -> Router<AppState> {
    const E: &str = "/cities/{slug}/assessments/{id}/evidence";
    Router::new()
        .route(
            E,
            get(list)
                .post(upload)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(&format!("{E}/{{evidence}}"), get(download))
        .route(
            &format!("{E}/{{evidence}}/delete"),
            get(confirm_delete).post(delete),
        )
}

#[derive(Template)]
#[template(path = "kpi_evidence.html")]
struct EvidencePage {
    chrome: Chrome,
    notice: Option<String>,
    base: String,
    title: String,
    can_upload: bool,
    can_delete: bool,
    /// (value, label, selected) for the KPI choice.
    measures: Vec<(String, String, bool)>,
    files: Vec<FileView>,
    errors: FormErrors,
}

struct FileView {
    label: String,
    name: String,
    href: String,
    size: String,
    uploaded: String,
    by: String,
}

async fn evidence_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
    selected: Option<&str>,
) -> Result<(EvidencePage, AssessmentView), AppError> {
    let view = load(state, context, slug, id).await?;
    let results = state
        .civitas
        .assessment_results(&context.visitor, id)
        .await?;
    let files = state.civitas.evidence(&context.visitor, id).await?;
    let chrome = Chrome::new(state, context);
    let lang = chrome.lang.code();
    let base = base(slug, id);
    let framework = results.framework.clone();
    let mut measures = Vec::new();
    // One choice per KPI, and one per data point of a multi-part KPI.
    for (index, kpi) in framework.kpis.iter().enumerate() {
        let label = format!("{} {}", kpi.code, kpi.name.get(lang));
        let value = format!("k{index}");
        let is_selected = selected.is_some_and(|s| s == kpi.code || s == value);
        measures.push((value, label, is_selected));
        for dp in &kpi.data_points {
            let value = format!("k{index}/{}", dp.id);
            let is_selected = selected.is_some_and(|s| s == value);
            measures.push((
                value,
                format!("{} / {} {}", kpi.code, dp.id, dp.name.get(lang)),
                is_selected,
            ));
        }
    }
    let files = files
        .iter()
        .map(|f| FileView {
            label: civitas_service::kpi::entry_label(&f.key),
            name: f.filename.clone(),
            href: format!("{base}/evidence/{}", f.id),
            size: super::number(chrome.lang, (f.size as f64 / 1024.0).max(0.1)),
            uploaded: chrome.time(&f.uploaded_at),
            by: f.uploaded_by.clone(),
        })
        .collect();
    let editable = view.can_edit;
    Ok((
        EvidencePage {
            notice: None,
            title: format!(
                "{} – {}",
                chrome.t("kpi-evidence-title"),
                assessment_title(&chrome, &view)
            ),
            can_upload: editable && view.status.city_may_edit(None),
            can_delete: editable && view.status != AssessmentStatus::Verified,
            measures,
            files,
            errors: FormErrors::default(),
            base,
            chrome,
        },
        view,
    ))
}

#[derive(Deserialize, Default)]
struct ListQuery {
    notice: Option<String>,
    kpi: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<ListQuery>,
) -> Result<Response, AppError> {
    let (mut page, _) = evidence_page(&state, &context, &slug, id, query.kpi.as_deref()).await?;
    page.notice = notice(&page.chrome, query.notice.as_deref());
    render(page)
}

/// The KPI (and data point) a choice of the form names: `k{index}` or `k{index}/{data point}`.
fn chosen_key(framework: &civitas_indicators::Framework, choice: &str) -> Option<EntryKey> {
    let rest = choice.strip_prefix('k')?;
    let (index, data_point) = rest.split_once('/').unwrap_or((rest, ""));
    let kpi = framework.kpis.get(index.parse::<usize>().ok()?)?;
    Some(EntryKey {
        kpi: kpi.code.clone(),
        data_point: data_point.to_string(),
    })
}

async fn upload(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    request: Request,
) -> Result<Response, AppError> {
    let view = load(&state, &context, &slug, id).await?;
    // Only the city's editors get their body read at all.
    policy::authorize(
        &context.visitor.actor,
        Action::EditCityData(CityId(view.assessment.city_id)),
    )
    .map_err(ServiceError::from)?;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or_default();
    // A body that fails while read is too large if it said it would be.
    let failed = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE || declared > MAX_FILE_BYTES {
            Ok(true)
        } else {
            Err(AppError::BadRequest(e.body_text()))
        }
    };
    let mut multipart = Multipart::from_request(request, &state)
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?;
    let mut choice = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut too_large = false;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => match field.name().unwrap_or_default() {
                "kpi" => choice = field.text().await.unwrap_or_default(),
                "file" => {
                    let name = field.file_name().unwrap_or_default().to_string();
                    let mut field = field;
                    let mut bytes = Vec::new();
                    loop {
                        match field.chunk().await {
                            Ok(Some(chunk)) if bytes.len() + chunk.len() > MAX_FILE_BYTES => {
                                too_large = true;
                                break;
                            }
                            Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
                            Ok(None) => break,
                            Err(e) => {
                                too_large = failed(e)?;
                                break;
                            }
                        }
                    }
                    if too_large {
                        break;
                    }
                    file = Some((name, bytes));
                }
                _ => {}
            },
            Ok(None) => break,
            Err(e) => {
                too_large = failed(e)?;
                break;
            }
        }
    }
    let results = state
        .civitas
        .assessment_results(&context.visitor, view.assessment.id)
        .await?;
    let key = chosen_key(&results.framework, &choice);
    let outcome = match (too_large, key, file) {
        (true, _, _) => {
            // Still refuse strangers first, as a smaller file would be.
            if !view.can_edit {
                return Err(ServiceError::Denied(civitas_domain::Denied::Forbidden).into());
            }
            Err(ServiceError::Invalid(vec![FieldError {
                field: "file",
                problem: Problem::TooLong,
            }]))
        }
        (false, Some(key), Some((name, bytes))) => state
            .civitas
            .add_evidence(&context.visitor, id, &key, &name, bytes)
            .await
            .map(|_| ()),
        (false, None, file) => {
            let mut errors = vec![FieldError {
                field: "kpi",
                problem: Problem::Required,
            }];
            if file.is_none_or(|(_, b)| b.is_empty()) {
                errors.push(FieldError {
                    field: "file",
                    problem: Problem::Required,
                });
            }
            if !view.can_edit {
                return Err(ServiceError::Denied(civitas_domain::Denied::Forbidden).into());
            }
            Err(ServiceError::Invalid(errors))
        }
        (false, Some(key), None) => state
            .civitas
            .add_evidence(&context.visitor, id, &key, "", Vec::new())
            .await
            .map(|_| ()),
    };
    match outcome {
        Ok(()) => Ok(see_other(&format!(
            "{}/evidence?notice=evidence-added",
            base(&slug, id)
        ))),
        Err(ServiceError::Invalid(errors)) => {
            let (mut page, _) = evidence_page(&state, &context, &slug, id, Some(&choice)).await?;
            page.errors = FormErrors::from_fields(&page.chrome, &errors);
            let status = if too_large {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            Ok((status, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// `filename="…"` with only safe ASCII, and `filename*` with the real name.
fn content_disposition(name: &str) -> String {
    let plain: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{plain}\"; filename*=UTF-8''{encoded}")
}

async fn download(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id, evidence)): Path<(String, i64, i64)>,
) -> Result<Response, AppError> {
    load(&state, &context, &slug, id).await?;
    let (row, bytes) = state
        .civitas
        .evidence_file(&context.visitor, id, evidence)
        .await?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&row.content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(value) = HeaderValue::from_str(&content_disposition(&row.filename)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}

async fn confirm_delete(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id, evidence)): Path<(String, i64, i64)>,
) -> Result<Response, AppError> {
    let view = load(&state, &context, &slug, id).await?;
    if !view.can_edit {
        return Err(ServiceError::Denied(civitas_domain::Denied::Forbidden).into());
    }
    let file = state
        .civitas
        .evidence(&context.visitor, id)
        .await?
        .into_iter()
        .find(|e| e.id == evidence)
        .ok_or(ServiceError::NotFound)?;
    let chrome = Chrome::new(&state, &context);
    let base = base(&slug, id);
    render(ConfirmPage {
        title: chrome.t("kpi-evidence-delete-title"),
        question: chrome.t1(
            "kpi-evidence-delete-question",
            "name",
            format!(
                "{} ({})",
                file.filename,
                civitas_service::kpi::entry_label(&file.key)
            ),
        ),
        action: format!("{base}/evidence/{evidence}/delete"),
        confirm_label: chrome.t("kpi-evidence-delete-button"),
        cancel_href: format!("{base}/evidence"),
        chrome,
    })
}

async fn delete(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id, evidence)): Path<(String, i64, i64)>,
) -> Result<Response, AppError> {
    load(&state, &context, &slug, id).await?;
    state
        .civitas
        .delete_evidence(&context.visitor, id, evidence)
        .await?;
    Ok(see_other(&format!(
        "{}/evidence?notice=evidence-deleted",
        base(&slug, id)
    )))
}
