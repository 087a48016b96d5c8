//! Data entry: shared city inputs, KPI entries (saved all or none, like the
//! form) and evidence files.

use super::types::{
    CityInput, CityInputsChange, Evidence, EvidenceUpload, KpiEntriesChange, KpiEntry, entry_key,
};
use crate::AppError;
use crate::api::{Error, body};
use crate::state::AppState;
use crate::visitor::RequestContext;
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The assessment's shared city inputs.
#[utoipa::path(get, path = "/api/v1/assessments/{id}/inputs", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id")),
    responses((status = 200, body = [CityInput]), (status = 401, body = Error), (status = 404, body = Error)))]
pub(crate) async fn list_inputs(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<Vec<CityInput>>, AppError> {
    let rows = state.civitas.city_inputs(&context.visitor, id).await?;
    Ok(Json(rows.into_iter().map(CityInput::from).collect()))
}

/// Saves the listed city inputs, all or none (the city's editors, while a
/// draft); every KPI that uses one is recomputed from it. Answers with every
/// input of the assessment.
#[utoipa::path(put, path = "/api/v1/assessments/{id}/inputs", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id")), request_body = CityInputsChange,
    responses((status = 200, body = [CityInput]), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error),
        (status = 422, body = Error, description = "Every problem at once in `fields` (`kpi` holds the input's id), or `value: locked` when not a draft; nothing is saved")))]
pub(crate) async fn save_inputs(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<CityInputsChange>, JsonRejection>,
) -> Result<Json<Vec<CityInput>>, AppError> {
    let change = body(payload)?;
    let forms: Vec<_> = change.inputs.into_iter().map(|i| i.into_form()).collect();
    state
        .civitas
        .save_city_inputs(&context.visitor, id, &forms)
        .await?;
    list_inputs(State(state), context, Path(id)).await
}

/// Every entry of the assessment.
#[utoipa::path(get, path = "/api/v1/assessments/{id}/entries", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id")),
    responses((status = 200, body = [KpiEntry]), (status = 401, body = Error), (status = 404, body = Error)))]
pub(crate) async fn list_entries(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<Vec<KpiEntry>>, AppError> {
    let rows = state.civitas.kpi_entries(&context.visitor, id).await?;
    Ok(Json(rows.into_iter().map(KpiEntry::from).collect()))
}

/// Saves the listed entries exactly as the data-entry form does: every
/// problem is reported at once and then nothing is saved; entries not listed
/// stay as they are. Changing the figures of a reviewed entry sends it back
/// for review. Answers with every entry of the assessment.
#[utoipa::path(put, path = "/api/v1/assessments/{id}/entries", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id")), request_body = KpiEntriesChange,
    responses((status = 200, body = [KpiEntry]), (status = 400, body = Error, description = "Not JSON of this shape (a number given as text, an unknown decision …)"), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error),
        (status = 422, body = Error, description = "Every problem in `fields`, each with `kpi`, `data_point`, `field`, `problem` and `message` (`locked` for entries that may not change now)")))]
pub(crate) async fn save_entries(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<KpiEntriesChange>, JsonRejection>,
) -> Result<Json<Vec<KpiEntry>>, AppError> {
    let change = body(payload)?;
    let forms: Vec<_> = change.entries.into_iter().map(|e| e.into_form()).collect();
    state
        .civitas
        .save_entries(&context.visitor, id, &forms)
        .await?;
    list_entries(State(state), context, Path(id)).await
}

/// The assessment's evidence files (without their bytes).
#[utoipa::path(get, path = "/api/v1/assessments/{id}/evidence", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id")),
    responses((status = 200, body = [Evidence]), (status = 401, body = Error), (status = 404, body = Error)))]
pub(crate) async fn list_evidence(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Evidence>>, AppError> {
    let rows = state.civitas.evidence(&context.visitor, id).await?;
    Ok(Json(rows.into_iter().map(Evidence::from).collect()))
}

/// The parts of an evidence upload; a body that is not multipart reads as
/// empty, so the service still says who may upload before what is missing.
async fn read_upload(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(String, Option<String>, String, Vec<u8>), AppError> {
    let (mut kpi, mut data_point, mut file_name, mut bytes) =
        (String::new(), None, String::new(), Vec::new());
    let Ok(mut multipart) = multipart else {
        return Ok((kpi, data_point, file_name, bytes));
    };
    let bad = |e: axum::extract::multipart::MultipartError| AppError::BadRequest(e.body_text());
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        match field.name().unwrap_or_default() {
            "kpi" => kpi = field.text().await.map_err(bad)?,
            "data_point" => {
                let text = field.text().await.map_err(bad)?;
                data_point = (!text.trim().is_empty()).then_some(text);
            }
            "file" => {
                file_name = field.file_name().unwrap_or_default().to_string();
                bytes = field.bytes().await.map_err(bad)?.to_vec();
            }
            _ => {}
        }
    }
    Ok((kpi, data_point, file_name, bytes))
}

/// Attaches a file to one KPI (the city's editors, while the KPI may change).
/// Only common document and image types are accepted (pdf, png, jpg, csv,
/// txt, xlsx, docx, odt), at most 10 MiB; they are always served as downloads.
#[utoipa::path(post, path = "/api/v1/assessments/{id}/evidence", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id")),
    request_body(content = EvidenceUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = Evidence), (status = 400, body = Error, description = "A malformed multipart body"), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error),
        (status = 413, description = "Larger than the request limit"),
        (status = 422, body = Error, description = "Unknown KPI, no file, a file type not accepted, too large, or locked")))]
pub(crate) async fn upload_evidence(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<Evidence>), AppError> {
    let (kpi, data_point, file_name, bytes) = read_upload(multipart).await?;
    let key = entry_key(&kpi, data_point.as_deref());
    let row = state
        .civitas
        .add_evidence(&context.visitor, id, &key, &file_name, bytes)
        .await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback with
/// nothing that could end the quoted string, and the exact name encoded.
pub(super) fn attachment(file_name: &str) -> HeaderValue {
    let fallback: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or(HeaderValue::from_static("attachment"))
}

/// One evidence file's bytes, always as a download.
#[utoipa::path(get, path = "/api/v1/assessments/{id}/evidence/{evidence}", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id"), ("evidence" = i64, Path, description = "Evidence file id")),
    responses((status = 200, description = "The file, with its stored content type and `Content-Disposition: attachment`", content_type = "application/octet-stream", body = Vec<u8>),
        (status = 401, body = Error), (status = 404, body = Error)))]
pub(crate) async fn evidence_file(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, evidence)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let (row, bytes) = state
        .civitas
        .evidence_file(&context.visitor, id, evidence)
        .await?;
    let content_type = HeaderValue::from_str(&row.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, attachment(&row.filename)),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Removes an evidence file (the city's editors, until verified).
#[utoipa::path(delete, path = "/api/v1/assessments/{id}/evidence/{evidence}", tag = "kpi", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Assessment id"), ("evidence" = i64, Path, description = "Evidence file id")),
    responses((status = 204), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "Locked: the assessment is verified")))]
pub(crate) async fn delete_evidence(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, evidence)): Path<(i64, i64)>,
) -> Result<StatusCode, AppError> {
    state
        .civitas
        .delete_evidence(&context.visitor, id, evidence)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::attachment;

    #[test]
    fn a_file_name_cannot_break_out_of_the_disposition_header() {
        let value = attachment("a\"; b.pdf");
        assert_eq!(
            value.to_str().ok(),
            Some("attachment; filename=\"a__ b.pdf\"; filename*=UTF-8''a%22%3B%20b.pdf")
        );
        let accented = attachment("données.csv");
        assert_eq!(
            accented.to_str().ok(),
            Some("attachment; filename=\"donn_es.csv\"; filename*=UTF-8''donn%C3%A9es.csv")
        );
    }
}
