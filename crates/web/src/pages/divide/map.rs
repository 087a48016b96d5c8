//! The district map: the city uploads its district boundaries (GeoJSON, the
//! name property chosen or found), and each declared survey gets an SVG
//! choropleth per indicator (chosen with a GET form, so it works without
//! JavaScript) with its legend, the data as a table beside it, and the names
//! that did not match reported both ways.

use super::{
    NoticeQuery, city, count, indicator_name, notice, percent, suppression_reason, team_survey,
};
use crate::AppError;
use crate::i18n::Lang;
use crate::pages::{Chrome, render, see_other};
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
use civitas_service::divide::DivideReport;
use civitas_service::{FileProblem, ServiceError};
use civitas_spatial::{
    Choropleth, Class, DistrictValue, NAME_PROPERTIES, NumberFormat, choropleth_svg, match_report,
};
use civitas_store::{CityRow, SurveyDatasetRow};
use serde::Deserialize;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/cities/{slug}/divide/boundaries",
            get(boundaries)
                .post(upload_boundaries)
                .layer(axum::extract::DefaultBodyLimit::max(
                    super::BOUNDARIES_BODY_LIMIT,
                )),
        )
        .route("/cities/{slug}/divide/{id}/map", get(show))
}

#[derive(Deserialize, Default)]
pub(super) struct IndicatorQuery {
    pub indicator: Option<String>,
}

pub(super) struct MapRow {
    pub district: String,
    /// None when suppressed.
    pub value: Option<String>,
    pub ci: String,
    pub n: String,
    pub suppressed: Option<String>,
}

pub(super) struct MapView {
    /// The page the indicator chooser submits to.
    pub base: String,
    /// (id, name, selected)
    pub indicators: Vec<(String, String, bool)>,
    pub indicator: String,
    pub svg: String,
    pub rows: Vec<MapRow>,
    /// Survey districts the boundary file does not have.
    pub unknown: Vec<String>,
    /// Districts of the file the survey has no value for.
    pub missing: Vec<String>,
}

fn number_format(lang: Lang) -> NumberFormat {
    NumberFormat {
        decimal_separator: match lang {
            Lang::Fr | Lang::Es => ',',
            Lang::En | Lang::Ar => '.',
        },
        ..NumberFormat::percent(1)
    }
}

/// The map of one indicator of a report on the city's boundaries; None
/// when the city has no boundaries or the survey no district breakdown.
pub(super) async fn map_view(
    state: &AppState,
    context: &RequestContext,
    chrome: &Chrome,
    city: &CityRow,
    report: &DivideReport,
    chosen: Option<&str>,
    base: String,
) -> Result<Option<MapView>, AppError> {
    let Some(boundaries) = state
        .civitas
        .district_boundaries(&context.visitor, city.id)
        .await?
    else {
        return Ok(None);
    };
    let mapped: Vec<&str> = report
        .cells
        .iter()
        .filter(|c| c.breakdown.as_deref() == Some("district"))
        .map(|c| c.indicator.as_str())
        .fold(Vec::new(), |mut acc, i| {
            if !acc.contains(&i) {
                acc.push(i);
            }
            acc
        });
    let Some(first) = mapped.first() else {
        return Ok(None);
    };
    let indicator = chosen
        .filter(|c| mapped.contains(c))
        .unwrap_or(first)
        .to_string();
    let lang = chrome.lang;
    let cells: Vec<_> = report
        .cells
        .iter()
        .filter(|c| c.indicator == indicator && c.breakdown.as_deref() == Some("district"))
        .collect();
    let values: Vec<(String, DistrictValue)> = cells
        .iter()
        .map(|c| {
            (
                c.group.clone().unwrap_or_default(),
                match (c.suppressed, c.estimate) {
                    (None, Some(e)) => DistrictValue::Value(e * 100.0),
                    _ => DistrictValue::Suppressed,
                },
            )
        })
        .collect();
    let shown: Vec<f64> = values
        .iter()
        .filter_map(|(_, v)| match v {
            DistrictValue::Value(x) => Some(*x),
            _ => None,
        })
        .collect();
    let format = number_format(lang);
    let name = indicator_name(chrome, &indicator);
    let report_match = match_report(&boundaries.districts, &values);
    let map = Choropleth {
        title: chrome.t1("dv-map-title", "indicator", &name),
        description: chrome.t1("dv-map-desc", "indicator", &name),
        classes: Class::equal_intervals(&shown, 5, &format),
        values,
        legend_title: name.clone(),
        suppressed_label: chrome.t("dv-map-suppressed"),
        no_data_label: chrome.t("dv-map-no-data"),
        format,
        rtl: lang == Lang::Ar,
        simplify: true,
    };
    Ok(Some(MapView {
        base,
        indicators: mapped
            .iter()
            .map(|i| (i.to_string(), indicator_name(chrome, i), *i == indicator))
            .collect(),
        svg: choropleth_svg(&boundaries.districts, &map),
        rows: cells
            .iter()
            .map(|c| match (c.suppressed, c.estimate) {
                (None, Some(e)) => MapRow {
                    district: c.group.clone().unwrap_or_default(),
                    value: Some(percent(lang, e)),
                    ci: match (c.ci_low, c.ci_high) {
                        (Some(l), Some(h)) => {
                            format!("{} – {}", percent(lang, l), percent(lang, h))
                        }
                        _ => "–".into(),
                    },
                    n: count(lang, c.n as f64),
                    suppressed: None,
                },
                (reason, _) => MapRow {
                    district: c.group.clone().unwrap_or_default(),
                    value: None,
                    ci: String::new(),
                    n: String::new(),
                    suppressed: Some(reason.map_or_else(
                        || chrome.t("dv-why-secondary"),
                        |r| suppression_reason(chrome, r),
                    )),
                },
            })
            .collect(),
        unknown: report_match.unknown,
        missing: report_match.missing,
        indicator: name,
    }))
}

#[derive(Template)]
#[template(path = "divide_map.html")]
struct MapPage {
    chrome: Chrome,
    city: CityRow,
    dataset: SurveyDatasetRow,
    map: Option<MapView>,
    can_edit: bool,
}

async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<IndicatorQuery>,
) -> Result<Response, AppError> {
    let (city, view) = team_survey(&state, &context, &slug, id).await?;
    let report = state.civitas.divide_report(&context.visitor, id).await?;
    let chrome = Chrome::new(&state, &context);
    let map = map_view(
        &state,
        &context,
        &chrome,
        &city,
        &report,
        query.indicator.as_deref(),
        format!("/cities/{slug}/divide/{id}/map"),
    )
    .await?;
    render(MapPage {
        can_edit: view.can_edit,
        dataset: view.dataset,
        map,
        city,
        chrome,
    })
}

#[derive(Template)]
#[template(path = "divide_boundaries.html")]
struct BoundariesPage {
    chrome: Chrome,
    notice: Option<String>,
    city: CityRow,
    districts: Vec<String>,
    uploaded: Option<String>,
    current_property: String,
    properties: Vec<&'static str>,
    name_property: String,
    can_edit: bool,
    problems: Vec<FileProblem>,
}

async fn boundaries_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
) -> Result<BoundariesPage, AppError> {
    let city = city(state, context, slug).await?;
    let actor = &context.visitor.actor;
    policy::authorize(actor, Action::ViewCityWorkspace(CityId(city.id)))
        .map_err(ServiceError::from)?;
    let current = state
        .civitas
        .district_boundaries(&context.visitor, city.id)
        .await?;
    let chrome = Chrome::new(state, context);
    Ok(BoundariesPage {
        notice: None,
        districts: current.as_ref().map(|b| b.names()).unwrap_or_default(),
        uploaded: current.as_ref().map(|b| chrome.time(&b.uploaded_at)),
        current_property: current
            .as_ref()
            .and_then(|b| b.name_property.clone())
            .unwrap_or_default(),
        properties: NAME_PROPERTIES.to_vec(),
        name_property: String::new(),
        can_edit: policy::authorize(actor, Action::EditCityData(CityId(city.id))).is_ok(),
        problems: Vec::new(),
        city,
        chrome,
    })
}

async fn boundaries(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = boundaries_page(&state, &context, &slug).await?;
    page.notice = notice(&page.chrome, query.notice.as_deref());
    render(page)
}

async fn upload_boundaries(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let city = city(&state, &context, &slug).await?;
    policy::authorize(
        &context.visitor.actor,
        Action::EditCityData(CityId(city.id)),
    )
    .map_err(ServiceError::from)?;
    let (mut file_name, mut bytes, mut property, mut other) =
        (String::new(), Vec::new(), String::new(), String::new());
    if let Ok(mut multipart) = multipart {
        let bad = |e: axum::extract::multipart::MultipartError| AppError::BadRequest(e.body_text());
        while let Some(field) = multipart.next_field().await.map_err(bad)? {
            match field.name().unwrap_or_default() {
                "file" => {
                    file_name = field.file_name().unwrap_or_default().to_string();
                    bytes = field.bytes().await.map_err(bad)?.to_vec();
                }
                "name_property" => property = field.text().await.map_err(bad)?,
                "other_property" => other = field.text().await.map_err(bad)?,
                _ => {}
            }
        }
    }
    let chosen = if other.trim().is_empty() {
        property.clone()
    } else {
        other.trim().to_string()
    };
    if file_name.is_empty() {
        file_name = "districts.geojson".into();
    }
    match state
        .civitas
        .save_district_boundaries(
            &context.visitor,
            city.id,
            &file_name,
            &bytes,
            Some(chosen.as_str()).filter(|p| !p.is_empty()),
        )
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/cities/{slug}/divide/boundaries?notice=boundaries-saved"
        ))),
        Err(ServiceError::BadFile(problems)) => {
            let mut page = boundaries_page(&state, &context, &slug).await?;
            page.problems = problems;
            page.name_property = chosen;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
