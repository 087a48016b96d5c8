//! A city's survey files: the list (residents see the published ones), the
//! upload form with every problem of a bad file listed, and deletion after a
//! confirmation. The upload posts as an ordinary multipart form; a small
//! script served from the binary adds a progress bar when it can.

use super::{NoticeQuery, SURVEY_BODY_LIMIT, city, notice, survey_of};
use crate::AppError;
use crate::pages::members::ConfirmPage;
use crate::pages::{Chrome, FormErrors, render, see_other};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use civitas_domain::{Action, CityId, policy};
use civitas_service::divide::SurveyUpload;
use civitas_service::{FileProblem, ServiceError};
use civitas_store::{CityRow, SurveyDatasetRow};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/cities/{slug}/divide", get(list))
        .route(
            "/cities/{slug}/divide/surveys",
            post(upload).layer(DefaultBodyLimit::max(SURVEY_BODY_LIMIT)),
        )
        .route(
            "/cities/{slug}/divide/{id}/delete",
            get(confirm_delete).post(delete),
        )
        .route("/static/divide-upload.js", get(script))
}

/// The progress bar for large uploads (progressive enhancement: without it
/// the form posts as usual).
const UPLOAD_SCRIPT: &str = include_str!("../../../static/divide-upload.js");

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        UPLOAD_SCRIPT,
    )
        .into_response()
}

pub(super) struct SurveyLine {
    pub row: SurveyDatasetRow,
    pub declared: bool,
    pub rows: String,
    pub uploaded: String,
}

#[derive(Template)]
#[template(path = "divide_surveys.html")]
struct SurveysPage {
    chrome: Chrome,
    notice: Option<String>,
    city: CityRow,
    surveys: Vec<SurveyLine>,
    team: bool,
    can_edit: bool,
    name: String,
    year: String,
    errors: FormErrors,
    problems: Vec<FileProblem>,
}

async fn surveys_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
) -> Result<SurveysPage, AppError> {
    let city = city(state, context, slug).await?;
    let chrome = Chrome::new(state, context);
    let actor = &context.visitor.actor;
    let rows = state
        .civitas
        .readable_surveys(&context.visitor, city.id)
        .await?;
    Ok(SurveysPage {
        notice: None,
        surveys: rows
            .into_iter()
            .map(|row| SurveyLine {
                declared: row.mapping.is_some(),
                rows: chrome.count(&row.rows),
                uploaded: chrome.time(&row.uploaded_at),
                row,
            })
            .collect(),
        team: policy::authorize(actor, Action::ViewCityWorkspace(CityId(city.id))).is_ok(),
        can_edit: policy::authorize(actor, Action::EditCityData(CityId(city.id))).is_ok(),
        name: String::new(),
        year: String::new(),
        errors: FormErrors::default(),
        problems: Vec::new(),
        city,
        chrome,
    })
}

async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = surveys_page(&state, &context, &slug).await?;
    page.notice = notice(&page.chrome, query.notice.as_deref());
    render(page)
}

#[derive(Default)]
struct Upload {
    name: String,
    year: String,
    file_name: String,
    bytes: Vec<u8>,
}

/// The parts of the upload form; a body that is not multipart reads as
/// empty, so the service still says what is missing.
async fn read_upload(multipart: Result<Multipart, MultipartRejection>) -> Result<Upload, AppError> {
    let mut upload = Upload::default();
    let Ok(mut multipart) = multipart else {
        return Ok(upload);
    };
    let bad = |e: axum::extract::multipart::MultipartError| AppError::BadRequest(e.body_text());
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        match field.name().unwrap_or_default() {
            "name" => upload.name = field.text().await.map_err(bad)?,
            "year" => upload.year = field.text().await.map_err(bad)?,
            "file" => {
                upload.file_name = field.file_name().unwrap_or_default().to_string();
                upload.bytes = field.bytes().await.map_err(bad)?.to_vec();
            }
            _ => {}
        }
    }
    Ok(upload)
}

async fn upload(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let city = city(&state, &context, &slug).await?;
    // Who may upload is decided before the body is read.
    policy::authorize(
        &context.visitor.actor,
        Action::EditCityData(CityId(city.id)),
    )
    .map_err(ServiceError::from)?;
    let upload = read_upload(multipart).await?;
    let file_name = if upload.file_name.is_empty() {
        "survey.csv".to_string()
    } else {
        upload.file_name.clone()
    };
    let result = state
        .civitas
        .upload_survey(
            &context.visitor,
            city.id,
            SurveyUpload {
                name: &upload.name,
                year: &upload.year,
                file_name: &file_name,
                bytes: upload.bytes,
            },
        )
        .await;
    let again = |mut page: SurveysPage| -> Result<Response, AppError> {
        page.name = upload.name.clone();
        page.year = upload.year.clone();
        Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
    };
    match result {
        Ok(row) => Ok(see_other(&format!(
            "/cities/{slug}/divide/{}/declare?notice=uploaded",
            row.id
        ))),
        Err(ServiceError::BadFile(problems)) => {
            let mut page = surveys_page(&state, &context, &slug).await?;
            page.problems = problems;
            again(page)
        }
        Err(ServiceError::Invalid(errors)) => {
            let mut page = surveys_page(&state, &context, &slug).await?;
            page.errors = FormErrors::from_fields(&page.chrome, &errors);
            again(page)
        }
        Err(other) => Err(other.into()),
    }
}

async fn confirm_delete(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (city, dataset) = survey_of(&state, &context, &slug, id).await?;
    policy::authorize(
        &context.visitor.actor,
        Action::EditCitySettings(CityId(city.id)),
    )
    .map_err(ServiceError::from)?;
    let chrome = Chrome::new(&state, &context);
    render(ConfirmPage {
        title: chrome.t("dv-delete-title"),
        question: chrome.t1("dv-delete-question", "name", &dataset.name),
        action: format!("/cities/{slug}/divide/{id}/delete"),
        confirm_label: chrome.t("dv-delete-button"),
        cancel_href: format!("/cities/{slug}/divide/{id}"),
        chrome,
    })
}

async fn delete(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (city, _) = survey_of(&state, &context, &slug, id).await?;
    policy::authorize(
        &context.visitor.actor,
        Action::EditCitySettings(CityId(city.id)),
    )
    .map_err(ServiceError::from)?;
    state.civitas.delete_survey(&context.visitor, id).await?;
    Ok(see_other(&format!("/cities/{slug}/divide?notice=deleted")))
}
