//! Who you are; every account (platform admins); disabling and re-enabling.

use super::{Error, Me, Membership, User};
use crate::AppError;
use crate::state::AppState;
use crate::visitor::RequestContext;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use civitas_domain::{Action, policy};
use civitas_service::ServiceError;

/// The account behind the token, with its memberships.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = Error)))]
pub(crate) async fn me(context: RequestContext) -> Result<Json<Me>, AppError> {
    policy::authorize(&context.visitor.actor, Action::ManageOwnAccount)
        .map_err(ServiceError::from)?;
    let (Some(user), Some(principal)) = (context.visitor.user, context.visitor.actor.principal())
    else {
        return Err(ServiceError::NotFound.into());
    };
    let memberships = principal
        .memberships
        .iter()
        .map(|(city, role)| Membership {
            city_id: city.0,
            role: role.as_str().into(),
        })
        .collect();
    Ok(Json(Me {
        user: user.into(),
        memberships,
    }))
}

/// Every account on the instance (platform admins).
#[utoipa::path(get, path = "/api/v1/users", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = [User]), (status = 401, body = Error), (status = 403, body = Error)))]
pub(crate) async fn list_users(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Json<Vec<User>>, AppError> {
    let users = state.civitas.users(&context.visitor).await?;
    Ok(Json(users.into_iter().map(User::from).collect()))
}

/// Disables an account: its sessions end and its tokens are revoked.
#[utoipa::path(post, path = "/api/v1/users/{id}/disable", tag = "accounts", security(("bearer" = [])),
    params(("id" = i64, Path, description = "User id")),
    responses((status = 204), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error)))]
pub(crate) async fn disable_user(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    state
        .civitas
        .set_user_disabled(&context.visitor, id, true)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Re-enables a disabled account.
#[utoipa::path(post, path = "/api/v1/users/{id}/enable", tag = "accounts", security(("bearer" = [])),
    params(("id" = i64, Path, description = "User id")),
    responses((status = 204), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error)))]
pub(crate) async fn enable_user(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    state
        .civitas
        .set_user_disabled(&context.visitor, id, false)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
