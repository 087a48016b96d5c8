//! A city's people: who holds which role, invitations by one-time link,
//! role changes, removal and disabling (each destructive step confirmed first).

use super::{Chrome, FormErrors, render, see_other};
use crate::AppError;
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use civitas_domain::CityRole;
use civitas_service::ServiceError;
use civitas_store::{CityRow, InvitationRow, MemberRow};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "members.html")]
struct MembersPage {
    chrome: Chrome,
    notice: Option<String>,
    city: CityRow,
    members: Vec<MemberRow>,
    invitations: Vec<InvitationRow>,
    roles: Vec<&'static str>,
    /// The link of an invitation just made: shown once, since only its hash is kept.
    new_link: Option<String>,
    invite_email: String,
    invite_role: String,
    errors: FormErrors,
    now: i64,
    /// The person looking, who is offered no link to remove or disable themselves.
    self_id: i64,
}

async fn members_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
) -> Result<MembersPage, AppError> {
    let city = state
        .civitas
        .city_by_slug(&context.visitor, slug)
        .await?
        .city;
    let members = state.civitas.members(&context.visitor, city.id).await?;
    let invitations = state.civitas.invitations(&context.visitor, city.id).await?;
    Ok(MembersPage {
        chrome: Chrome::new(state, context),
        notice: None,
        city,
        members,
        invitations,
        roles: CityRole::ALL.iter().map(|r| r.as_str()).collect(),
        new_link: None,
        invite_email: String::new(),
        invite_role: CityRole::DataEditor.as_str().to_string(),
        errors: FormErrors::default(),
        now: state.civitas.now(),
        self_id: context.visitor.user.as_ref().map_or(0, |u| u.id),
    })
}

pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Query(query): Query<super::NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = members_page(&state, &context, &slug).await?;
    page.notice = super::notice(&page.chrome, query.notice.as_deref());
    render(page)
}

#[derive(Deserialize)]
pub(crate) struct InviteForm {
    email: String,
    role: String,
}

pub(crate) async fn invite(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Form(form): Form<InviteForm>,
) -> Result<Response, AppError> {
    let city = state
        .civitas
        .city_by_slug(&context.visitor, &slug)
        .await?
        .city;
    match state
        .civitas
        .invite(&context.visitor, city.id, &form.email, &form.role)
        .await
    {
        Ok((_, secret)) => {
            let mut page = members_page(&state, &context, &slug).await?;
            page.new_link = Some(format!("{}/invitations/{secret}", state.config.public_url));
            page.notice = Some(page.chrome.t1(
                "notice-invited",
                "email",
                form.email.trim().to_lowercase(),
            ));
            render(page)
        }
        Err(ServiceError::Invalid(errors)) => {
            let mut page = members_page(&state, &context, &slug).await?;
            page.errors = FormErrors::from_fields(&page.chrome, &errors);
            page.invite_email = form.email;
            page.invite_role = form.role;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
pub(crate) struct RoleForm {
    role: String,
}

pub(crate) async fn change_role(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, user)): Path<(String, i64)>,
    Form(form): Form<RoleForm>,
) -> Result<Response, AppError> {
    let city = state
        .civitas
        .city_by_slug(&context.visitor, &slug)
        .await?
        .city;
    state
        .civitas
        .change_role(&context.visitor, city.id, user, &form.role)
        .await?;
    Ok(see_other(&format!(
        "/cities/{slug}/members?notice=role-changed"
    )))
}

/// Asks before a step that takes access away.
#[derive(Template)]
#[template(path = "confirm.html")]
pub(crate) struct ConfirmPage {
    pub chrome: Chrome,
    pub title: String,
    pub question: String,
    pub action: String,
    pub confirm_label: String,
    pub cancel_href: String,
}

async fn member(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    user: i64,
) -> Result<(CityRow, MemberRow), AppError> {
    let city = state
        .civitas
        .city_by_slug(&context.visitor, slug)
        .await?
        .city;
    let member = state
        .civitas
        .members(&context.visitor, city.id)
        .await?
        .into_iter()
        .find(|m| m.user.id == user)
        .ok_or(ServiceError::NotFound)?;
    Ok((city, member))
}

pub(crate) async fn confirm_remove(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, user)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (city, member) = member(&state, &context, &slug, user).await?;
    let chrome = Chrome::new(&state, &context);
    render(ConfirmPage {
        title: chrome.t("confirm-remove-title"),
        question: chrome.t1(
            "confirm-remove-question",
            "name",
            format!(
                "{} ({}) – {}",
                member.user.display_name, member.user.email, city.name
            ),
        ),
        action: format!("/cities/{slug}/members/{user}/remove"),
        confirm_label: chrome.t("confirm-remove-button"),
        cancel_href: format!("/cities/{slug}/members"),
        chrome,
    })
}

pub(crate) async fn remove(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, user)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let city = state
        .civitas
        .city_by_slug(&context.visitor, &slug)
        .await?
        .city;
    state
        .civitas
        .remove_member(&context.visitor, city.id, user)
        .await?;
    Ok(see_other(&format!(
        "/cities/{slug}/members?notice=member-removed"
    )))
}

pub(crate) async fn confirm_disable(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, user)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (_, member) = member(&state, &context, &slug, user).await?;
    let chrome = Chrome::new(&state, &context);
    render(ConfirmPage {
        title: chrome.t("confirm-disable-title"),
        question: chrome.t1(
            "confirm-disable-question",
            "name",
            format!("{} ({})", member.user.display_name, member.user.email),
        ),
        action: format!("/cities/{slug}/members/{user}/disable"),
        confirm_label: chrome.t("confirm-disable-button"),
        cancel_href: format!("/cities/{slug}/members"),
        chrome,
    })
}

pub(crate) async fn disable(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, user)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    state.civitas.city_by_slug(&context.visitor, &slug).await?;
    state
        .civitas
        .set_user_disabled(&context.visitor, user, true)
        .await?;
    Ok(see_other(&format!(
        "/cities/{slug}/members?notice=user-disabled"
    )))
}
