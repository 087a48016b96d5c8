//! Export an assessment as CSV or XLSX, and import one back: the upload shows
//! every bad cell, or what the import would change (counts) and asks before
//! replacing the draft's data. Without JavaScript the confirmation carries the
//! file back as base64 in a hidden field, so nothing waits on the server.

use super::{Frame, base, frame, load};
use crate::AppError;
use crate::pages::{Chrome, render, see_other};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use civitas_domain::{Action, CityId, policy};
use civitas_service::kpi::{ExchangeFormat, ImportSummary, MAX_IMPORT_BYTES};
use civitas_service::{FileProblem, ServiceError};

pub(super) fn routes() -> Router<AppState> {
    const A: &str = "/cities/{slug}/assessments/{id}";
    Router::new()
        .route(&format!("{A}/export.csv"), get(export_csv))
        .route(&format!("{A}/export.xlsx"), get(export_xlsx))
        .route(&format!("{A}/import"), get(import_form).post(upload))
        .route(&format!("{A}/import/confirm"), post(confirm))
}

/// A file download: its type, and `attachment` with a safe file name.
pub(super) fn download(file_name: &str, content_type: &'static str, bytes: Vec<u8>) -> Response {
    let safe: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn export(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
    format: ExchangeFormat,
) -> Result<Response, AppError> {
    let view = state.civitas.assessment(&context.visitor, id).await?;
    if view.city.slug != slug {
        return Err(ServiceError::NotFound.into());
    }
    let file = state
        .civitas
        .export_assessment(&context.visitor, id, format)
        .await?;
    Ok(download(&file.file_name, file.content_type, file.bytes))
}

async fn export_csv(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    export(&state, &context, &slug, id, ExchangeFormat::Csv).await
}

async fn export_xlsx(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    export(&state, &context, &slug, id, ExchangeFormat::Xlsx).await
}

/// One line of "what will change".
struct ChangeLine {
    what: String,
    added: String,
    changed: String,
    removed: String,
    unchanged: String,
}

#[derive(Template)]
#[template(path = "kpi_exchange.html")]
struct ImportPage {
    chrome: Chrome,
    frame: Frame,
    /// Every bad cell of the last upload, as the service words it.
    problems: Vec<FileProblem>,
    /// Set once a clean file was read: what importing it would change.
    preview: Option<Preview>,
    max_kb: usize,
}

struct Preview {
    file_name: String,
    data: String,
    lines: Vec<ChangeLine>,
    decisions_reset: String,
    changes_anything: bool,
}

fn preview(chrome: &Chrome, file_name: &str, bytes: &[u8], s: &ImportSummary) -> Preview {
    let n = |v: usize| chrome.count(&(v as i64));
    Preview {
        file_name: file_name.to_string(),
        data: STANDARD.encode(bytes),
        lines: vec![
            ChangeLine {
                what: chrome.t("kr-import-inputs"),
                added: n(s.inputs_added),
                changed: n(s.inputs_changed),
                removed: n(s.inputs_removed),
                unchanged: n(s.inputs_unchanged),
            },
            ChangeLine {
                what: chrome.t("kr-import-entries"),
                added: n(s.entries_added),
                changed: n(s.entries_changed),
                removed: n(s.entries_removed),
                unchanged: n(s.entries_unchanged),
            },
        ],
        decisions_reset: if s.decisions_reset > 0 {
            chrome.t1("kr-import-decisions-reset", "count", n(s.decisions_reset))
        } else {
            String::new()
        },
        changes_anything: s.changes_anything(),
    }
}

/// The import page, for the city's editors (the service decides on upload;
/// this only keeps the form from people who could never use it).
async fn import_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
) -> Result<ImportPage, AppError> {
    let view = state.civitas.assessment(&context.visitor, id).await?;
    if view.city.slug != slug {
        return Err(ServiceError::NotFound.into());
    }
    policy::authorize(
        &context.visitor.actor,
        Action::EditCityData(CityId(view.city.id)),
    )
    .map_err(ServiceError::from)?;
    let results = load(state, context, slug, id).await?;
    let chrome = Chrome::new(state, context);
    let frame = frame(state, context, &chrome, &results, "import").await;
    Ok(ImportPage {
        chrome,
        frame,
        problems: Vec::new(),
        preview: None,
        max_kb: MAX_IMPORT_BYTES / 1024,
    })
}

async fn import_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    render(import_page(&state, &context, &slug, id).await?)
}

/// The named parts of a multipart form: text fields and at most one file.
#[derive(Default)]
pub(super) struct Upload {
    pub fields: Vec<(String, String)>,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl Upload {
    pub fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    }
}

/// Reads a multipart form. Handlers take the extractor's result and call this
/// only after checking who is asking, so a refusal never depends on the body.
pub(super) async fn read_upload(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Upload, AppError> {
    let mut multipart = multipart.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let mut upload = Upload::default();
    let bad = |e: axum::extract::multipart::MultipartError| AppError::BadRequest(e.to_string());
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        if let Some(file_name) = field.file_name() {
            upload.file_name = file_name.to_string();
            upload.bytes = field.bytes().await.map_err(bad)?.to_vec();
        } else {
            let text = field.text().await.map_err(bad)?;
            upload.fields.push((name, text));
        }
    }
    Ok(upload)
}

/// What became of an upload: a page to show again (bad file, or a question),
/// or the import is done.
async fn check_or_import(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
    file_name: &str,
    bytes: &[u8],
    confirmed: bool,
) -> Result<Response, AppError> {
    let civitas = &state.civitas;
    let checked = if confirmed {
        civitas
            .import_assessment(&context.visitor, id, file_name, bytes)
            .await
            .map(|_| None)
    } else {
        match civitas
            .preview_import(&context.visitor, id, file_name, bytes)
            .await
        {
            // Nothing stored yet: nothing to lose, no need to ask.
            Ok(summary) if !summary.replaces_existing => civitas
                .import_assessment(&context.visitor, id, file_name, bytes)
                .await
                .map(|_| None),
            Ok(summary) => Ok(Some(summary)),
            Err(e) => Err(e),
        }
    };
    match checked {
        Ok(None) => Ok(see_other(&format!(
            "{}/results?notice=imported",
            base(slug, id)
        ))),
        Ok(Some(summary)) => {
            let mut page = import_page(state, context, slug, id).await?;
            page.preview = Some(preview(&page.chrome, file_name, bytes, &summary));
            render(page)
        }
        Err(ServiceError::BadFile(problems)) => {
            let mut page = import_page(state, context, slug, id).await?;
            page.problems = problems;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

async fn upload(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    import_page(&state, &context, &slug, id).await?;
    let upload = read_upload(multipart).await?;
    check_or_import(
        &state,
        &context,
        &slug,
        id,
        &upload.file_name,
        &upload.bytes,
        false,
    )
    .await
}

async fn confirm(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    import_page(&state, &context, &slug, id).await?;
    let upload = read_upload(multipart).await?;
    let bytes = STANDARD
        .decode(upload.field("data").trim())
        .map_err(|_| AppError::BadRequest("the confirmed file is not base64".into()))?;
    check_or_import(
        &state,
        &context,
        &slug,
        id,
        upload.field("file_name"),
        &bytes,
        true,
    )
    .await
}
