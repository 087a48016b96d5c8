//! Cities, their members and invitations.

use super::{City, CityDetail, Error, Invitation, Member, NewCity, NewInvitation, body};
use crate::AppError;
use crate::state::AppState;
use crate::visitor::RequestContext;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use civitas_service::cities::CityForm;

/// Cities the caller may see: published ones, plus their own.
#[utoipa::path(get, path = "/api/v1/cities", tag = "cities",
    responses((status = 200, body = [City])))]
pub(crate) async fn list_cities(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Json<Vec<City>>, AppError> {
    let cities = state.civitas.visible_cities(&context.visitor).await?;
    Ok(Json(cities.into_iter().map(City::from).collect()))
}

/// Adds a city (platform admins).
#[utoipa::path(post, path = "/api/v1/cities", tag = "cities", security(("bearer" = [])), request_body = NewCity,
    responses((status = 201, body = City), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 422, body = Error)))]
pub(crate) async fn create_city(
    State(state): State<AppState>,
    context: RequestContext,
    payload: Result<Json<NewCity>, JsonRejection>,
) -> Result<(StatusCode, Json<City>), AppError> {
    let new = body(payload)?;
    let form = CityForm {
        slug: new.slug,
        name: new.name,
        country: new.country,
        population: new.population.map(|p| p.to_string()).unwrap_or_default(),
        published: new.published,
    };
    let city = state.civitas.create_city(&context.visitor, &form).await?;
    Ok((StatusCode::CREATED, Json(city.into())))
}

/// One city with its districts.
#[utoipa::path(get, path = "/api/v1/cities/{id}", tag = "cities",
    params(("id" = i64, Path, description = "City id")),
    responses((status = 200, body = CityDetail), (status = 404, body = Error)))]
pub(crate) async fn get_city(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<CityDetail>, AppError> {
    let view = state.civitas.city_by_id(&context.visitor, id).await?;
    Ok(Json(CityDetail {
        role: view.role.map(|r| r.as_str().to_string()),
        districts: view.districts.into_iter().map(Into::into).collect(),
        city: view.city.into(),
    }))
}

/// The city's members and their roles (city admins).
#[utoipa::path(get, path = "/api/v1/cities/{id}/members", tag = "cities", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")),
    responses((status = 200, body = [Member]), (status = 401, body = Error), (status = 403, body = Error)))]
pub(crate) async fn list_members(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Member>>, AppError> {
    let members = state.civitas.members(&context.visitor, id).await?;
    Ok(Json(members.into_iter().map(Member::from).collect()))
}

/// Invites a person; the response holds the one-time link (shown only here).
#[utoipa::path(post, path = "/api/v1/cities/{id}/invitations", tag = "cities", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")), request_body = NewInvitation,
    responses((status = 201, body = Invitation), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error)))]
pub(crate) async fn create_invitation(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<NewInvitation>, JsonRejection>,
) -> Result<(StatusCode, Json<Invitation>), AppError> {
    let new = body(payload)?;
    let (row, secret) = state
        .civitas
        .invite(&context.visitor, id, &new.email, &new.role)
        .await?;
    let link = format!("{}/invitations/{secret}", state.config.public_url);
    Ok((StatusCode::CREATED, Json(Invitation::new(row, link))))
}
