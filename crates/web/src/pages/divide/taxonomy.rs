//! The local taxonomy of the divide: per dimension (access, affordability,
//! devices, skills, relevance), the groups furthest behind the whole
//! population, ranked by the gap in percentage points or, switched with a
//! link, by the number of people affected. Each row can start an action of
//! the inclusion plan.

use super::{breakdown_name, count, dimension_name, gap_id, indicator_name, team_survey};
use crate::AppError;
use crate::i18n::format_decimal;
use crate::pages::{Chrome, render};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use civitas_service::divide::TaxonomyRow;
use civitas_store::{CityRow, SurveyDatasetRow};
use serde::Deserialize;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/cities/{slug}/divide/{id}/taxonomy", get(show))
}

pub(super) const DIMENSIONS: [&str; 5] =
    ["access", "affordability", "devices", "skills", "relevance"];

/// Rows shown per dimension.
const TOP: usize = 10;

#[derive(Deserialize, Default)]
struct RankQuery {
    rank: Option<String>,
}

pub(super) struct GapLine {
    pub gap: String,
    pub indicator: String,
    pub breakdown: String,
    pub group: String,
    pub gap_pp: String,
    pub people: String,
}

pub(super) struct DimensionBlock {
    pub id: &'static str,
    pub name: String,
    pub lines: Vec<GapLine>,
}

pub(super) fn gap_line(chrome: &Chrome, t: &TaxonomyRow) -> GapLine {
    GapLine {
        gap: gap_id(&t.indicator, &t.breakdown, &t.group),
        indicator: indicator_name(chrome, &t.indicator),
        breakdown: breakdown_name(chrome, &t.breakdown),
        group: t.group.clone(),
        gap_pp: format!("{} pp", format_decimal(chrome.lang, t.gap_pp, 1)),
        people: count(chrome.lang, t.people_affected),
    }
}

#[derive(Template)]
#[template(path = "divide_taxonomy.html")]
struct TaxonomyPage {
    chrome: Chrome,
    city: CityRow,
    dataset: SurveyDatasetRow,
    by_people: bool,
    dimensions: Vec<DimensionBlock>,
    can_edit: bool,
}

async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<RankQuery>,
) -> Result<Response, AppError> {
    let (city, view) = team_survey(&state, &context, &slug, id).await?;
    let report = state.civitas.divide_report(&context.visitor, id).await?;
    let chrome = Chrome::new(&state, &context);
    let by_people = query.rank.as_deref() == Some("people");
    let dimensions = DIMENSIONS
        .iter()
        .map(|d| {
            let mut rows: Vec<&TaxonomyRow> = report
                .taxonomy
                .iter()
                .filter(|t| t.dimension == *d)
                .collect();
            if by_people {
                rows.sort_by(|a, b| b.people_affected.total_cmp(&a.people_affected));
            } else {
                rows.sort_by(|a, b| b.gap_pp.total_cmp(&a.gap_pp));
            }
            DimensionBlock {
                id: d,
                name: dimension_name(&chrome, d),
                lines: rows
                    .iter()
                    .take(TOP)
                    .map(|t| gap_line(&chrome, t))
                    .collect(),
            }
        })
        .collect();
    render(TaxonomyPage {
        can_edit: view.can_edit,
        dataset: view.dataset,
        by_people,
        dimensions,
        city,
        chrome,
    })
}
