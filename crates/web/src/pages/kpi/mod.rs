//! The KPI assessment's pages: data entry and verification ([`entry`]), and
//! results, the City Snapshot and file exchange ([`results`]).

mod entry;
mod results;

use crate::state::AppState;
use axum::Router;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .merge(entry::routes())
        .merge(results::routes())
}
