//! `/api/v1` for the digital-divide module: survey files (list, upload,
//! read, declare the design and mapping, publish, delete), the report as
//! JSON, the city's district boundaries and the inclusion plan's actions.
//! Authorization is the service's, as for the pages. A suppressed cell
//! carries no number at all: only its indicator, group and the reason.

use crate::AppError;
use crate::api::{Error, body};
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::StatusCode;
use civitas_service::divide::{
    DatasetView, DeclareForm, DistrictBoundaries, DivideReport, InclusionActionForm, SurveyUpload,
};
use civitas_store::{InclusionActionRow, SurveyDatasetRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::visitor::RequestContext;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(
            OpenApiRouter::new()
                .routes(routes!(list_surveys, upload_survey))
                .layer(DefaultBodyLimit::max(crate::pages::SURVEY_BODY_LIMIT)),
        )
        .routes(routes!(get_survey, delete_survey))
        .routes(routes!(declare_survey))
        .routes(routes!(publish_survey))
        .routes(routes!(survey_report))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(get_boundaries, put_boundaries))
                .layer(DefaultBodyLimit::max(crate::pages::BOUNDARIES_BODY_LIMIT)),
        )
        .routes(routes!(list_actions, create_action))
        .routes(routes!(get_action, update_action, delete_action))
}

// ------------------------------------------------------------ wire types

/// A survey file (never its rows).
#[derive(Serialize, ToSchema)]
pub struct SurveyDataset {
    pub id: i64,
    pub city_id: i64,
    pub name: String,
    pub year: i64,
    pub file_name: String,
    /// Bytes as stored (CSV).
    pub size: i64,
    pub rows: i64,
    pub columns: Vec<String>,
    /// Whether the design and mapping are declared.
    pub declared: bool,
    pub published: bool,
    /// Unix seconds.
    pub uploaded_at: i64,
}

impl From<SurveyDatasetRow> for SurveyDataset {
    fn from(d: SurveyDatasetRow) -> SurveyDataset {
        SurveyDataset {
            declared: d.mapping.is_some(),
            id: d.id,
            city_id: d.city_id,
            name: d.name,
            year: d.year,
            file_name: d.file_name,
            size: d.size,
            rows: d.rows,
            columns: d.columns,
            published: d.published,
            uploaded_at: d.uploaded_at,
        }
    }
}

/// A survey with its declared design and mapping, for its city's team.
#[derive(Serialize, ToSchema)]
pub struct SurveyDetail {
    pub survey: SurveyDataset,
    /// The design (`weight`, `strata`, `clusters`, `fpc`, `lonely_psu`,
    /// `built_replicates`, `replicate_columns`), once declared.
    #[schema(value_type = Option<Object>)]
    pub design: Option<serde_json::Value>,
    /// Indicators, breakdowns, the gender values and the suppression rules, once declared.
    #[schema(value_type = Option<Object>)]
    pub mapping: Option<serde_json::Value>,
    pub can_edit: bool,
}

impl From<DatasetView> for SurveyDetail {
    fn from(v: DatasetView) -> SurveyDetail {
        SurveyDetail {
            design: v.design.and_then(|d| serde_json::to_value(d).ok()),
            mapping: v.mapping.and_then(|m| serde_json::to_value(m).ok()),
            can_edit: v.can_edit,
            survey: v.dataset.into(),
        }
    }
}

/// The parts of a survey upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct SurveyFileUpload {
    name: String,
    /// Year of fieldwork.
    year: String,
    /// CSV or XLSX, one row per respondent, names in the first row; up to 200 MB.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// The design and mapping of a survey file.
#[derive(Deserialize, ToSchema)]
pub struct Declaration {
    /// `{"weight": "weight", "strata": "stratum", "clusters": ["ea"], "fpc": [],
    /// "lonely_psu": "fail|adjust|certainty|remove", "built_replicates": null|"jk1"|"jkn",
    /// "replicate_columns": null|{"columns": [...], "kind": "brr"|{"fay": {"rho": 0.5}}|"jk1"|"jkn"|"bootstrap"|"successivedifference", "rscale": null, "mse": false}}`
    #[schema(value_type = Object)]
    pub design: serde_json::Value,
    /// `{"indicators": [{"indicator": "internet-use", "column": "internet_use", "yes": ["1"]}],
    /// "breakdowns": [{"breakdown": "gender", "column": "gender"}], "female": "female",
    /// "male": "male", "rules": null|{"min_respondents": 30, "min_count": 5,
    /// "min_effective": 30, "max_width": 0.3, "max_relative_width": 1.3}}`
    #[schema(value_type = Object)]
    pub mapping: serde_json::Value,
}

#[derive(Deserialize, ToSchema)]
pub struct Publication {
    pub published: bool,
}

/// One indicator for the whole population (`breakdown` null) or one group.
/// Proportions are 0–1. When `suppressed` is set every number is null.
#[derive(Serialize, ToSchema)]
pub struct ReportCell {
    pub indicator: String,
    pub breakdown: Option<String>,
    pub group: Option<String>,
    pub estimate: Option<f64>,
    pub se: Option<f64>,
    /// 95 % logit interval.
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub df: Option<f64>,
    /// Respondents with an answer.
    pub n: Option<usize>,
    pub missing: Option<usize>,
    /// Estimated people (or households) in the group.
    pub population: Option<f64>,
    pub deff: Option<f64>,
    /// `few-respondents`, `disclosure`, `few-effective`, `imprecise` or `secondary`.
    pub suppressed: Option<String>,
    /// Shown but imprecise (CV above 30 % or fewer than 8 degrees of freedom).
    pub unreliable: bool,
}

/// The ITU gender parity score (women's rate ÷ men's) of one indicator.
#[derive(Serialize, ToSchema)]
pub struct ParityScore {
    pub indicator: String,
    pub score: f64,
    pub se: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// Men's rate minus women's, percentage points.
    pub gap_pp: f64,
    /// `reached`, `almost` or `not-reached`.
    pub status: String,
}

/// The whole population against a UMC 2030 target (percent).
#[derive(Serialize, ToSchema)]
pub struct TargetComparison {
    pub indicator: String,
    pub estimate: f64,
    pub target: f64,
    pub source: String,
    /// `limited`, `satisfactory`, `advanced` or `met`.
    pub band: String,
}

/// A group behind the whole population on one indicator.
#[derive(Serialize, ToSchema)]
pub struct Gap {
    /// `indicator/breakdown/group`, as an inclusion action names its gap.
    pub gap: String,
    pub dimension: String,
    pub indicator: String,
    pub breakdown: String,
    pub group: String,
    pub gap_pp: f64,
    pub people_affected: f64,
}

#[derive(Serialize, ToSchema)]
pub struct Report {
    pub survey_id: i64,
    pub rows: usize,
    pub cells: Vec<ReportCell>,
    pub parity: Vec<ParityScore>,
    pub targets: Vec<TargetComparison>,
    /// Largest gap first.
    pub taxonomy: Vec<Gap>,
}

fn kebab<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl From<&DivideReport> for Report {
    fn from(r: &DivideReport) -> Report {
        Report {
            survey_id: r.dataset_id,
            rows: r.rows,
            cells: r
                .cells
                .iter()
                .map(|c| {
                    let shown = c.suppressed.is_none();
                    let keep = |v: Option<f64>| v.filter(|_| shown);
                    ReportCell {
                        indicator: c.indicator.clone(),
                        breakdown: c.breakdown.clone(),
                        group: c.group.clone(),
                        estimate: keep(c.estimate),
                        se: keep(c.se),
                        ci_low: keep(c.ci_low),
                        ci_high: keep(c.ci_high),
                        df: keep(Some(c.df)),
                        n: shown.then_some(c.n),
                        missing: shown.then_some(c.missing),
                        population: keep(c.population),
                        deff: keep(c.deff),
                        suppressed: c.suppressed.map(|s| kebab(&s)),
                        unreliable: c.unreliable,
                    }
                })
                .collect(),
            parity: r
                .parity
                .iter()
                .map(|p| ParityScore {
                    indicator: p.indicator.clone(),
                    score: p.score,
                    se: p.se,
                    ci_low: p.ci_low,
                    ci_high: p.ci_high,
                    gap_pp: p.gap_pp,
                    status: kebab(&p.status),
                })
                .collect(),
            targets: r
                .targets
                .iter()
                .map(|t| TargetComparison {
                    indicator: t.indicator.clone(),
                    estimate: t.estimate,
                    target: t.target,
                    source: t.source.clone(),
                    band: kebab(&t.band),
                })
                .collect(),
            taxonomy: r
                .taxonomy
                .iter()
                .map(|t| Gap {
                    gap: format!("{}/{}/{}", t.indicator, t.breakdown, t.group),
                    dimension: t.dimension.clone(),
                    indicator: t.indicator.clone(),
                    breakdown: t.breakdown.clone(),
                    group: t.group.clone(),
                    gap_pp: t.gap_pp,
                    people_affected: t.people_affected,
                })
                .collect(),
        }
    }
}

/// The city's district boundaries.
#[derive(Serialize, ToSchema)]
pub struct Boundaries {
    pub city_id: i64,
    /// The property holding the names; null: found among name, NAME, district, DISTRICT, nom, nombre.
    pub name_property: Option<String>,
    /// District names, in file order.
    pub districts: Vec<String>,
    pub uploaded_at: i64,
    /// The GeoJSON FeatureCollection as uploaded.
    #[schema(value_type = Object)]
    pub geojson: serde_json::Value,
}

impl From<DistrictBoundaries> for Boundaries {
    fn from(b: DistrictBoundaries) -> Boundaries {
        Boundaries {
            districts: b.names(),
            geojson: serde_json::from_str(&b.geojson).unwrap_or(serde_json::Value::Null),
            city_id: b.city_id,
            name_property: b.name_property,
            uploaded_at: b.uploaded_at,
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct BoundaryParams {
    /// The feature property holding the district names (default: found).
    name_property: Option<String>,
}

/// An action of the digital inclusion plan.
#[derive(Serialize, ToSchema)]
pub struct InclusionAction {
    pub id: i64,
    pub city_id: i64,
    /// `indicator/breakdown/group`, e.g. `internet-use/age_group/65+`.
    pub gap: String,
    pub title: String,
    pub description: String,
    pub owner: String,
    pub budget: Option<f64>,
    pub currency: Option<String>,
    /// `government-network`, `public-private-partnership` or `community-network`.
    pub delivery: String,
    pub finance_model: String,
    /// YYYY-MM-DD.
    pub start_date: String,
    pub end_date: String,
    pub indicator: String,
    /// Percent, 0–100.
    pub target: Option<f64>,
    /// `planned`, `in-progress`, `done`, `delayed`, `cancelled`.
    pub status: String,
    pub updated_at: i64,
}

impl From<InclusionActionRow> for InclusionAction {
    fn from(a: InclusionActionRow) -> InclusionAction {
        let f = a.fields;
        InclusionAction {
            id: a.id,
            city_id: a.city_id,
            gap: f.gap,
            title: f.title,
            description: f.description,
            owner: f.owner,
            budget: f.budget,
            currency: f.currency,
            delivery: f.delivery,
            finance_model: f.finance_model,
            start_date: f.start_date,
            end_date: f.end_date,
            indicator: f.indicator,
            target: f.target,
            status: f.status,
            updated_at: a.updated_at,
        }
    }
}

/// An inclusion action as sent.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct InclusionActionInput {
    pub gap: String,
    pub title: String,
    pub description: String,
    pub owner: String,
    pub budget: Option<f64>,
    pub currency: Option<String>,
    pub delivery: String,
    pub finance_model: String,
    pub start_date: String,
    pub end_date: String,
    pub indicator: String,
    pub target: Option<f64>,
    /// Default `planned`.
    pub status: String,
}

impl From<InclusionActionInput> for InclusionActionForm {
    fn from(i: InclusionActionInput) -> InclusionActionForm {
        let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        InclusionActionForm {
            gap: i.gap,
            title: i.title,
            description: i.description,
            owner: i.owner,
            budget: number(i.budget),
            currency: i.currency.unwrap_or_default(),
            delivery: i.delivery,
            finance_model: i.finance_model,
            start_date: i.start_date,
            end_date: i.end_date,
            indicator: i.indicator,
            target: number(i.target),
            status: i.status,
        }
    }
}

// ------------------------------------------------------------ surveys

/// The city's surveys the caller may read: all for its team, the published
/// ones of a published city for everyone else.
#[utoipa::path(get, path = "/api/v1/cities/{id}/divide/surveys", tag = "divide", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")),
    responses((status = 200, body = [SurveyDataset]), (status = 401, body = Error), (status = 404, body = Error)))]
pub(crate) async fn list_surveys(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
) -> Result<Json<Vec<SurveyDataset>>, AppError> {
    let rows = state
        .civitas
        .readable_surveys(&context.visitor, city)
        .await?;
    Ok(Json(rows.into_iter().map(SurveyDataset::from).collect()))
}

/// Uploads a survey file (the city's editors): every row is read, and a
/// malformed one is reported by its number. The file never leaves the server.
#[utoipa::path(post, path = "/api/v1/cities/{id}/divide/surveys", tag = "divide", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")),
    request_body(content = SurveyFileUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = SurveyDataset), (status = 400, body = Error, description = "A malformed multipart body"), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error),
        (status = 413, description = "Larger than 200 MB"),
        (status = 422, body = Error, description = "A bad name or year, or a file that does not read (problems name the row)")))]
pub(crate) async fn upload_survey(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<SurveyDataset>), AppError> {
    // Who may upload is decided before the body is read.
    civitas_domain::policy::authorize(
        &context.visitor.actor,
        civitas_domain::Action::EditCityData(civitas_domain::CityId(city)),
    )
    .map_err(civitas_service::ServiceError::from)?;
    let (mut name, mut year, mut file_name, mut bytes) =
        (String::new(), String::new(), String::new(), Vec::new());
    if let Ok(mut multipart) = multipart {
        let bad = |e: axum::extract::multipart::MultipartError| AppError::BadRequest(e.body_text());
        while let Some(field) = multipart.next_field().await.map_err(bad)? {
            match field.name().unwrap_or_default() {
                "name" => name = field.text().await.map_err(bad)?,
                "year" => year = field.text().await.map_err(bad)?,
                "file" => {
                    file_name = field.file_name().unwrap_or("survey.csv").to_string();
                    bytes = field.bytes().await.map_err(bad)?.to_vec();
                }
                _ => {}
            }
        }
    }
    if file_name.is_empty() {
        file_name = "survey.csv".into();
    }
    let row = state
        .civitas
        .upload_survey(
            &context.visitor,
            city,
            SurveyUpload {
                name: &name,
                year: &year,
                file_name: &file_name,
                bytes,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// One survey with its design and mapping (the city's team; 404 otherwise).
#[utoipa::path(get, path = "/api/v1/divide/surveys/{id}", tag = "divide", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Survey id")),
    responses((status = 200, body = SurveyDetail), (status = 401, body = Error), (status = 404, body = Error)))]
pub(crate) async fn get_survey(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<SurveyDetail>, AppError> {
    let view = state.civitas.survey_dataset(&context.visitor, id).await?;
    Ok(Json(view.into()))
}

/// Deletes a survey file and what was declared on it (the city's admins).
#[utoipa::path(delete, path = "/api/v1/divide/surveys/{id}", tag = "divide", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Survey id")),
    responses((status = 204), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error)))]
pub(crate) async fn delete_survey(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    state.civitas.delete_survey(&context.visitor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Declares the design and mapping (the city's editors), checked on the
/// data: unknown columns, answers that never occur and a design that does
/// not build (a lonely PSU, a negative weight …) are each reported.
#[utoipa::path(put, path = "/api/v1/divide/surveys/{id}/declaration", tag = "divide", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Survey id")), request_body = Declaration,
    responses((status = 200, body = SurveyDataset), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error),
        (status = 422, body = Error, description = "Problems of the design or mapping on the data, naming columns and rows")))]
pub(crate) async fn declare_survey(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<Declaration>, JsonRejection>,
) -> Result<Json<SurveyDataset>, AppError> {
    let declaration = body(payload)?;
    let form = DeclareForm {
        design: serde_json::from_value(declaration.design)
            .map_err(|e| AppError::BadRequest(format!("design: {e}")))?,
        mapping: serde_json::from_value(declaration.mapping)
            .map_err(|e| AppError::BadRequest(format!("mapping: {e}")))?,
    };
    let row = state
        .civitas
        .declare_survey(&context.visitor, id, &form)
        .await?;
    Ok(Json(row.into()))
}

/// Publishes the survey's suppressed aggregates, or withdraws them (the
/// city's admins). A survey is published once declared.
#[utoipa::path(put, path = "/api/v1/divide/surveys/{id}/published", tag = "divide", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Survey id")), request_body = Publication,
    responses((status = 200, body = SurveyDataset), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "Not declared yet")))]
pub(crate) async fn publish_survey(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<Publication>, JsonRejection>,
) -> Result<Json<SurveyDataset>, AppError> {
    let publication = body(payload)?;
    let row = state
        .civitas
        .publish_survey(&context.visitor, id, publication.published)
        .await?;
    Ok(Json(row.into()))
}

/// The report: every indicator overall and by every breakdown, gender
/// parity, UMC targets and the taxonomy of gaps. For the city's team, and
/// for everyone once the survey and its city are published. Suppressed
/// cells carry no numbers.
#[utoipa::path(get, path = "/api/v1/divide/surveys/{id}/report", tag = "divide", security((), ("bearer" = [])),
    params(("id" = i64, Path, description = "Survey id")),
    responses((status = 200, body = Report), (status = 404, body = Error, description = "Unknown, not declared, or not published")))]
pub(crate) async fn survey_report(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<Report>, AppError> {
    let report = state.civitas.divide_report(&context.visitor, id).await?;
    Ok(Json(report.as_ref().into()))
}

// ------------------------------------------------------------ boundaries

/// The city's district boundaries (its team; everyone once it is published).
#[utoipa::path(get, path = "/api/v1/cities/{id}/divide/boundaries", tag = "divide", security((), ("bearer" = [])),
    params(("id" = i64, Path, description = "City id")),
    responses((status = 200, body = Boundaries), (status = 404, body = Error, description = "Unknown city, or no boundaries uploaded")))]
pub(crate) async fn get_boundaries(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
) -> Result<Json<Boundaries>, AppError> {
    let boundaries = state
        .civitas
        .district_boundaries(&context.visitor, city)
        .await?
        .ok_or(civitas_service::ServiceError::NotFound)?;
    Ok(Json(boundaries.into()))
}

/// Replaces the city's district boundaries (its editors) with a GeoJSON
/// FeatureCollection of Polygon and MultiPolygon features in WGS 84,
/// sent as the body. A file that does not read is refused with what is
/// wrong and in which feature; the boundaries stored before stay.
#[utoipa::path(put, path = "/api/v1/cities/{id}/divide/boundaries", tag = "divide", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id"), BoundaryParams),
    request_body(content = Object, content_type = "application/geo+json"),
    responses((status = 200, body = Boundaries), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error),
        (status = 413, description = "Larger than 2 MB"),
        (status = 422, body = Error, description = "Not GeoJSON, or a feature without a name or with a bad ring")))]
pub(crate) async fn put_boundaries(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
    Query(params): Query<BoundaryParams>,
    geojson: Bytes,
) -> Result<Json<Boundaries>, AppError> {
    let saved = state
        .civitas
        .save_district_boundaries(
            &context.visitor,
            city,
            "boundaries.geojson",
            &geojson,
            params.name_property.as_deref(),
        )
        .await?;
    Ok(Json(saved.into()))
}

// ------------------------------------------------------------ inclusion plan

/// The city's inclusion plan (its team).
#[utoipa::path(get, path = "/api/v1/cities/{id}/divide/inclusion-actions", tag = "divide", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")),
    responses((status = 200, body = [InclusionAction]), (status = 401, body = Error), (status = 403, body = Error)))]
pub(crate) async fn list_actions(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
) -> Result<Json<Vec<InclusionAction>>, AppError> {
    let rows = state.civitas.inclusion_plan(&context.visitor, city).await?;
    Ok(Json(rows.into_iter().map(InclusionAction::from).collect()))
}

/// Adds an action to the plan (the city's editors).
#[utoipa::path(post, path = "/api/v1/cities/{id}/divide/inclusion-actions", tag = "divide", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")), request_body = InclusionActionInput,
    responses((status = 201, body = InclusionAction), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error)))]
pub(crate) async fn create_action(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
    payload: Result<Json<InclusionActionInput>, JsonRejection>,
) -> Result<(StatusCode, Json<InclusionAction>), AppError> {
    let input = body(payload)?;
    let row = state
        .civitas
        .create_inclusion_action(&context.visitor, city, &input.into())
        .await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// One action (the city's team; 404 otherwise).
#[utoipa::path(get, path = "/api/v1/divide/inclusion-actions/{id}", tag = "divide", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Action id")),
    responses((status = 200, body = InclusionAction), (status = 401, body = Error), (status = 404, body = Error)))]
pub(crate) async fn get_action(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<InclusionAction>, AppError> {
    let row = state.civitas.inclusion_action(&context.visitor, id).await?;
    Ok(Json(row.into()))
}

/// Replaces an action (the city's editors).
#[utoipa::path(put, path = "/api/v1/divide/inclusion-actions/{id}", tag = "divide", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Action id")), request_body = InclusionActionInput,
    responses((status = 200, body = InclusionAction), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error)))]
pub(crate) async fn update_action(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<InclusionActionInput>, JsonRejection>,
) -> Result<Json<InclusionAction>, AppError> {
    let input = body(payload)?;
    let row = state
        .civitas
        .update_inclusion_action(&context.visitor, id, &input.into())
        .await?;
    Ok(Json(row.into()))
}

/// Removes an action from the plan (the city's editors).
#[utoipa::path(delete, path = "/api/v1/divide/inclusion-actions/{id}", tag = "divide", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Action id")),
    responses((status = 204), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error)))]
pub(crate) async fn delete_action(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    state
        .civitas
        .delete_inclusion_action(&context.visitor, id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
