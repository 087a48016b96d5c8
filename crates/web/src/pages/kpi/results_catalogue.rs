//! What assessments are scored with: a city's own target sets (uploaded as
//! CSV `kpi,data_point,target,source`, every bad cell reported) and, for
//! platform admins, the framework versions (a new one loaded from TOML).

use super::exchange::read_upload;
use crate::AppError;
use crate::pages::{Chrome, FormErrors, render, see_other};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Router;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use civitas_domain::{Action, CityId, policy};
use civitas_service::kpi::{FrameworkSummary, TargetSetChoice};
use civitas_service::{FileProblem, ServiceError};
use serde::Deserialize;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/cities/{slug}/targets",
            get(target_sets).post(upload_target_set),
        )
        .route("/admin/frameworks", get(frameworks).post(upload_framework))
}

#[derive(Deserialize, Default)]
struct NoticeQuery {
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "kpi_targets.html")]
struct TargetsPage {
    chrome: Chrome,
    notice: Option<String>,
    slug: String,
    city_name: String,
    sets: Vec<TargetSetChoice>,
    can_upload: bool,
    name: String,
    errors: FormErrors,
    problems: Vec<FileProblem>,
}

async fn targets_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
) -> Result<TargetsPage, AppError> {
    let city = state
        .civitas
        .city_by_slug(&context.visitor, slug)
        .await?
        .city;
    let sets = state
        .civitas
        .target_set_choices(&context.visitor, city.id)
        .await?;
    let can_upload = policy::authorize(
        &context.visitor.actor,
        Action::EditCityData(CityId(city.id)),
    )
    .is_ok();
    Ok(TargetsPage {
        chrome: Chrome::new(state, context),
        notice: None,
        slug: slug.to_string(),
        city_name: city.name,
        sets,
        can_upload,
        name: String::new(),
        errors: FormErrors::default(),
        problems: Vec::new(),
    })
}

async fn target_sets(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = targets_page(&state, &context, &slug).await?;
    if query.notice.as_deref() == Some("target-set-created") {
        page.notice = Some(page.chrome.t("kr-targets-created"));
    }
    render(page)
}

async fn upload_target_set(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let city = state
        .civitas
        .city_by_slug(&context.visitor, &slug)
        .await?
        .city;
    policy::authorize(
        &context.visitor.actor,
        Action::EditCityData(CityId(city.id)),
    )
    .map_err(ServiceError::from)?;
    let upload = read_upload(multipart).await?;
    let created = state
        .civitas
        .create_target_set(
            &context.visitor,
            city.id,
            upload.field("name"),
            &upload.file_name,
            &upload.bytes,
        )
        .await;
    let refused = |page: TargetsPage| -> Result<Response, AppError> {
        Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
    };
    match created {
        Ok(_) => Ok(see_other(&format!(
            "/cities/{slug}/targets?notice=target-set-created"
        ))),
        Err(ServiceError::BadFile(problems)) => {
            let mut page = targets_page(&state, &context, &slug).await?;
            page.name = upload.field("name").to_string();
            page.problems = problems;
            refused(page)
        }
        Err(ServiceError::Invalid(errors)) => {
            let mut page = targets_page(&state, &context, &slug).await?;
            page.name = upload.field("name").to_string();
            page.errors = FormErrors::from_fields(&page.chrome, &errors);
            refused(page)
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "kpi_frameworks.html")]
struct FrameworksPage {
    chrome: Chrome,
    notice: Option<String>,
    frameworks: Vec<FrameworkSummary>,
    errors: FormErrors,
    problems: Vec<FileProblem>,
}

async fn frameworks_page(
    state: &AppState,
    context: &RequestContext,
) -> Result<FrameworksPage, AppError> {
    policy::authorize(&context.visitor.actor, Action::LoadFramework).map_err(ServiceError::from)?;
    Ok(FrameworksPage {
        frameworks: state.civitas.frameworks(&context.visitor).await?,
        chrome: Chrome::new(state, context),
        notice: None,
        errors: FormErrors::default(),
        problems: Vec::new(),
    })
}

async fn frameworks(
    State(state): State<AppState>,
    context: RequestContext,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = frameworks_page(&state, &context).await?;
    if query.notice.as_deref() == Some("framework-loaded") {
        page.notice = Some(page.chrome.t("kr-frameworks-loaded"));
    }
    render(page)
}

async fn upload_framework(
    State(state): State<AppState>,
    context: RequestContext,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    policy::authorize(&context.visitor.actor, Action::LoadFramework).map_err(ServiceError::from)?;
    let upload = read_upload(multipart).await?;
    let loaded = state
        .civitas
        .load_framework(&context.visitor, &upload.file_name, &upload.bytes)
        .await;
    match loaded {
        Ok(_) => Ok(see_other("/admin/frameworks?notice=framework-loaded")),
        Err(ServiceError::BadFile(problems)) => {
            let mut page = frameworks_page(&state, &context).await?;
            page.problems = problems;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(ServiceError::Invalid(errors)) => {
            let mut page = frameworks_page(&state, &context).await?;
            page.errors = FormErrors::from_fields(&page.chrome, &errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
