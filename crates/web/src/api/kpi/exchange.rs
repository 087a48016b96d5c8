//! A whole assessment as a CSV or XLSX file, and back.

use super::entries::attachment;
use super::types::{ExportQuery, ImportQuery, ImportSummary};
use crate::AppError;
use crate::api::Error;
use crate::state::AppState;
use crate::visitor::RequestContext;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// The whole assessment (about, city inputs, entries, with the computed
/// results beside them for people to read) as one CSV table or an XLSX
/// workbook, for its team and verifier. The import reads exactly this.
#[utoipa::path(get, path = "/api/v1/assessments/{id}/export", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id"), ExportQuery),
    responses((status = 200, description = "The file, as a download", content(
            (Vec<u8> = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 400, body = Error, description = "An unknown format"), (status = 401, body = Error), (status = 404, body = Error)))]
pub(crate) async fn export(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Query(query): Query<ExportQuery>,
) -> Result<Response, AppError> {
    let file = state
        .civitas
        .export_assessment(&context.visitor, id, query.format.into())
        .await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(file.content_type),
            ),
            (header::CONTENT_DISPOSITION, attachment(&file.file_name)),
        ],
        file.bytes,
    )
        .into_response())
}

/// Replaces a draft's city inputs and entries with those of a file the
/// export wrote (CSV or XLSX, at most 1 MiB), all or nothing (the city's
/// editors). The verifier's decision stays on entries whose numbers did not
/// change. With `dry_run`, only says what would change.
#[utoipa::path(post, path = "/api/v1/assessments/{id}/import", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id"), ImportQuery),
    request_body(description = "A file as the export writes it", content(
        (Vec<u8> = "text/csv"),
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    responses((status = 200, body = ImportSummary), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error),
        (status = 422, body = Error, description = "Every bad cell with its sheet or section, row and column (`problems`); or not a draft (`fields`: `file` `locked`). Nothing changes")))]
pub(crate) async fn import(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Query(query): Query<ImportQuery>,
    file: Bytes,
) -> Result<Json<ImportSummary>, AppError> {
    let file_name = query.file_name.as_deref().unwrap_or("import.csv");
    let summary = if query.dry_run {
        state
            .civitas
            .preview_import(&context.visitor, id, file_name, &file)
            .await?
    } else {
        state
            .civitas
            .import_assessment(&context.visitor, id, file_name, &file)
            .await?
    };
    Ok(Json(ImportSummary::new(summary, !query.dry_run)))
}
