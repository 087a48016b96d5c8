//! The audit log: every change, who made it, when, old → new.

use super::{Chrome, render};
use crate::AppError;
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use civitas_domain::CityId;
use civitas_store::AuditRow;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    heading: String,
    lines: Vec<AuditLine>,
    /// Link to the next (older) page, if there may be one.
    older: Option<String>,
}

/// One audit row, prepared for reading.
struct AuditLine {
    row: AuditRow,
    old: String,
    new: String,
}

fn line(row: AuditRow) -> AuditLine {
    let show = |value: &Option<serde_json::Value>| {
        value.as_ref().map(|v| v.to_string()).unwrap_or_default()
    };
    AuditLine {
        old: show(&row.old_value),
        new: show(&row.new_value),
        row,
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct PageQuery {
    before: Option<i64>,
}

async fn page(
    state: &AppState,
    context: &RequestContext,
    city: Option<CityId>,
    heading: String,
    base: String,
    before: Option<i64>,
) -> Result<Response, AppError> {
    let rows = state
        .civitas
        .audit_log(&context.visitor, city, before)
        .await?;
    let older = (rows.len() as i64 >= civitas_service::AUDIT_PAGE)
        .then(|| rows.last().map(|r| format!("{base}?before={}", r.id)))
        .flatten();
    render(AuditPage {
        chrome: Chrome::new(state, context),
        heading,
        lines: rows.into_iter().map(line).collect(),
        older,
    })
}

pub(crate) async fn city(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let city = state
        .civitas
        .city_by_slug(&context.visitor, &slug)
        .await?
        .city;
    let chrome = Chrome::new(&state, &context);
    let heading = chrome.t1("audit-city-heading", "city", &city.name);
    page(
        &state,
        &context,
        Some(CityId(city.id)),
        heading,
        format!("/cities/{slug}/audit"),
        query.before,
    )
    .await
}

pub(crate) async fn platform(
    State(state): State<AppState>,
    context: RequestContext,
    Query(query): Query<PageQuery>,
) -> Result<Response, AppError> {
    let heading = Chrome::new(&state, &context).t("audit-platform-heading");
    page(
        &state,
        &context,
        None,
        heading,
        "/admin/audit".into(),
        query.before,
    )
    .await
}
