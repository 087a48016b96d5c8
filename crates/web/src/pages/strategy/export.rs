//! The People-Centred Digital Roadmap as one printable page and as a PDF
//! (`civitas_snapshot::roadmap_pdf`, the City Snapshot's writer and font, so
//! Arabic is shaped and runs right to left). The JSON is the API's
//! `GET /api/v1/cities/{id}/roadmap`.

use super::roadmap::{RoadmapModel, city, model};
use crate::AppError;
use crate::i18n::format_time;
use crate::pages::{Chrome, render};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use civitas_store::CityRow;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/cities/{slug}/roadmap/export", get(printable))
}

#[derive(Template)]
#[template(path = "strategy_export.html")]
struct ExportPage {
    chrome: Chrome,
    city: CityRow,
    m: RoadmapModel,
    as_of: String,
    json_path: String,
}

async fn printable(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let city = city(&state, &context, &slug).await?;
    let roadmap = state.civitas.roadmap(&context.visitor, city.id).await?;
    let chrome = Chrome::new(&state, &context);
    let framework = state.civitas.pillar_framework()?;
    render(ExportPage {
        as_of: format_time(&state.i18n, chrome.lang, state.civitas.now()),
        json_path: format!("/api/v1/cities/{}/roadmap", city.id),
        m: model(&chrome, roadmap, &framework),
        city,
        chrome,
    })
}
