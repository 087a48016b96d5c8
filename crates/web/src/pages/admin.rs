//! Platform administration: cities on this instance and every account.

use super::members::ConfirmPage;
use super::{Chrome, FormErrors, NoticeQuery, notice, render, see_other};
use crate::AppError;
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use civitas_service::ServiceError;
use civitas_service::cities::CityForm;
use civitas_store::{CityRow, UserRow};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    chrome: Chrome,
    notice: Option<String>,
    cities: Vec<CityRow>,
    users: Vec<UserRow>,
    form: NewCityForm,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
pub(crate) struct NewCityForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    population: String,
    published: Option<String>,
}

async fn admin_page(state: &AppState, context: &RequestContext) -> Result<AdminPage, AppError> {
    let users = state.civitas.users(&context.visitor).await?;
    let cities = state
        .civitas
        .my_cities(&context.visitor)
        .await?
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    Ok(AdminPage {
        chrome: Chrome::new(state, context),
        notice: None,
        cities,
        users,
        form: NewCityForm::default(),
        errors: FormErrors::default(),
    })
}

pub(crate) async fn overview(
    State(state): State<AppState>,
    context: RequestContext,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = admin_page(&state, &context).await?;
    page.notice = notice(&page.chrome, query.notice.as_deref());
    render(page)
}

pub(crate) async fn create_city(
    State(state): State<AppState>,
    context: RequestContext,
    Form(form): Form<NewCityForm>,
) -> Result<Response, AppError> {
    let input = CityForm {
        slug: form.slug.clone(),
        name: form.name.clone(),
        country: form.country.clone(),
        population: form.population.clone(),
        published: form.published.is_some(),
    };
    match state.civitas.create_city(&context.visitor, &input).await {
        Ok(city) => Ok(see_other(&format!(
            "/cities/{}?notice=city-created",
            city.slug
        ))),
        Err(ServiceError::Invalid(errors)) => {
            let mut page = admin_page(&state, &context).await?;
            page.errors = FormErrors::from_fields(&page.chrome, &errors);
            page.form = form;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

pub(crate) async fn confirm_disable(
    State(state): State<AppState>,
    context: RequestContext,
    Path(user): Path<i64>,
) -> Result<Response, AppError> {
    let target = state
        .civitas
        .users(&context.visitor)
        .await?
        .into_iter()
        .find(|u| u.id == user)
        .ok_or(ServiceError::NotFound)?;
    let chrome = Chrome::new(&state, &context);
    render(ConfirmPage {
        title: chrome.t("confirm-disable-title"),
        question: chrome.t1(
            "confirm-disable-question",
            "name",
            format!("{} ({})", target.display_name, target.email),
        ),
        action: format!("/admin/users/{user}/disable"),
        confirm_label: chrome.t("confirm-disable-button"),
        cancel_href: "/admin".into(),
        chrome,
    })
}

pub(crate) async fn disable_user(
    State(state): State<AppState>,
    context: RequestContext,
    Path(user): Path<i64>,
) -> Result<Response, AppError> {
    state
        .civitas
        .set_user_disabled(&context.visitor, user, true)
        .await?;
    Ok(see_other("/admin?notice=user-disabled"))
}

/// Undoes a disable: the account may sign in again (its old sessions stay ended).
pub(crate) async fn enable_user(
    State(state): State<AppState>,
    context: RequestContext,
    Path(user): Path<i64>,
) -> Result<Response, AppError> {
    state
        .civitas
        .set_user_disabled(&context.visitor, user, false)
        .await?;
    Ok(see_other("/admin?notice=user-enabled"))
}
