//! A city's page: what it publishes, and its settings for its admins.

use super::{Chrome, FormErrors, NoticeQuery, notice, render, see_other};
use crate::AppError;
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use civitas_domain::{Action, CityId, policy};
use civitas_service::ServiceError;
use civitas_service::cities::{CityForm, CityView};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "city.html")]
struct CityPage {
    chrome: Chrome,
    notice: Option<String>,
    view: CityView,
    district_total: i64,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let view = state.civitas.city_by_slug(&context.visitor, &slug).await?;
    let chrome = Chrome::new(&state, &context);
    let district_total = view.districts.iter().filter_map(|d| d.population).sum();
    render(CityPage {
        notice: notice(&chrome, query.notice.as_deref()),
        chrome,
        view,
        district_total,
    })
}

#[derive(Template)]
#[template(path = "city_settings.html")]
struct SettingsPage {
    chrome: Chrome,
    slug: String,
    city_name: String,
    name: String,
    country: String,
    population: String,
    published: bool,
    errors: FormErrors,
}

async fn editable(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
) -> Result<CityView, AppError> {
    let view = state.civitas.city_by_slug(&context.visitor, slug).await?;
    policy::authorize(
        &context.visitor.actor,
        Action::EditCitySettings(CityId(view.city.id)),
    )
    .map_err(ServiceError::from)?;
    Ok(view)
}

pub(crate) async fn settings_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let city = editable(&state, &context, &slug).await?.city;
    render(SettingsPage {
        chrome: Chrome::new(&state, &context),
        slug,
        city_name: city.name.clone(),
        name: city.name,
        country: city.country,
        population: city.population.map(|p| p.to_string()).unwrap_or_default(),
        published: city.published,
        errors: FormErrors::default(),
    })
}

#[derive(Deserialize)]
pub(crate) struct SettingsForm {
    name: String,
    country: String,
    #[serde(default)]
    population: String,
    published: Option<String>,
}

pub(crate) async fn save_settings(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Form(form): Form<SettingsForm>,
) -> Result<Response, AppError> {
    let city = editable(&state, &context, &slug).await?.city;
    let input = CityForm {
        slug: slug.clone(),
        name: form.name.clone(),
        country: form.country.clone(),
        population: form.population.clone(),
        published: form.published.is_some(),
    };
    match state
        .civitas
        .update_city(&context.visitor, city.id, &input)
        .await
    {
        Ok(_) => Ok(see_other(&format!("/cities/{slug}?notice=city-saved"))),
        Err(ServiceError::Invalid(errors)) => {
            let chrome = Chrome::new(&state, &context);
            let errors = FormErrors::from_fields(&chrome, &errors);
            let page = SettingsPage {
                chrome,
                slug,
                city_name: city.name,
                name: form.name,
                country: form.country,
                population: form.population,
                published: form.published.is_some(),
                errors,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
