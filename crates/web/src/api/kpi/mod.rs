//! `/api/v1` for the U4SSC KPI assessment: every read and write of the pages,
//! with the same authorization (the service's). Numbers come from
//! `civitas_indicators` through the service, as for the CLI and the pages.

mod assessments;
mod catalogue;
mod entries;
mod exchange;
mod results;
pub mod types;
mod verification;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(
            assessments::list_assessments,
            assessments::create_assessment
        ))
        .routes(routes!(assessments::get_assessment))
        .routes(routes!(assessments::update_settings))
        .routes(routes!(assessments::verifier_candidates))
        .routes(routes!(assessments::submit))
        .routes(routes!(assessments::return_to_city))
        .routes(routes!(assessments::complete))
        .routes(routes!(assessments::open_revision))
        .routes(routes!(entries::list_inputs, entries::save_inputs))
        .routes(routes!(entries::list_entries, entries::save_entries))
        .routes(routes!(entries::list_evidence, entries::upload_evidence))
        .routes(routes!(entries::evidence_file, entries::delete_evidence))
        .routes(routes!(verification::review))
        .routes(routes!(verification::ask))
        .routes(routes!(verification::answer))
        .routes(routes!(verification::notes))
        .routes(routes!(results::results))
        .routes(routes!(results::sdg))
        .routes(routes!(results::trend))
        .routes(routes!(results::peers))
        .routes(routes!(
            catalogue::list_target_sets,
            catalogue::create_target_set
        ))
        .routes(routes!(
            catalogue::list_frameworks,
            catalogue::load_framework
        ))
        .routes(routes!(exchange::export))
        .routes(routes!(exchange::import))
}
