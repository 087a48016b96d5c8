//! `/api/v1`: the JSON API. Every route is registered through utoipa-axum's
//! `routes!`, so it cannot exist without its OpenAPI description; a test
//! checks the document against the authorization matrix in both directions.
//! Authentication is `Authorization: Bearer <token>` only (tokens are made on
//! the account page); authorization is the service's, as for pages.

mod accounts;
mod audit;
mod cities;
mod divide;
mod knowledge;
mod kpi;
mod participation;
mod procurement;
mod procurement_types;
mod strategy;
mod strategy_types;
mod types;

pub use types::*;

use crate::AppError;
use crate::state::AppState;
use axum::extract::rejection::JsonRejection;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(title = "Civitas API", version = "1", description = "People-centred digital transformation toolkit for cities. Authenticate with `Authorization: Bearer <token>`; create tokens on your account page."),
    modifiers(&BearerToken),
    tags(
        (name = "accounts", description = "Accounts and who you are"),
        (name = "cities", description = "Cities, their districts and members"),
        (name = "audit", description = "Who changed what, when"),
        (name = "knowledge", description = "The toolkit knowledge base: challenges, solutions and resources, search and suggestions"),
        (name = "divide", description = "Digital-divide assessment: household survey files with their design and mapping, design-based estimates by group with small-cell suppression, gender parity, UMC targets, district boundaries and the digital inclusion plan"),
        (name = "participation", description = "Residents' participation: service requests with their moderation, status and timeline (contact details only for the city's admins), \"you said, we did\" outcomes linked to roadmap actions, and the retention period of personal data. Residents submit through Open311 GeoReport v2 at /open311/v2/"),
        (name = "kpi", description = "U4SSC KPI self-assessment (ITU-T Y.4903): assessments, data entry, evidence, verification, results, targets and frameworks"),
        (name = "strategy", description = "Five-pillar maturity self-assessment (rounds, private questionnaire links, consensus, report with gaps) and the People-Centred Digital Roadmap (stakeholders, actions, views)"),
        (name = "procurement", description = "Procurement in the four U4SSC stages: the plan with people-centred requirements and KPI outcomes, the prior-information notice (public) and market engagement, criteria and weights (AHP with its consistency ratio, frozen before bids), declarations of interests, bids, each evaluator's own scores, consensus, ranking with sensitivity, award and the evaluation report, and delivery (milestones, obligations, KPI movement)")
    )
)]
struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(accounts::me))
        .routes(routes!(accounts::list_users))
        .routes(routes!(accounts::disable_user))
        .routes(routes!(accounts::enable_user))
        .routes(routes!(cities::list_cities, cities::create_city))
        .routes(routes!(cities::get_city))
        .routes(routes!(cities::list_members))
        .routes(routes!(cities::create_invitation))
        .routes(routes!(audit::audit_log))
        .merge(knowledge::router())
        .merge(kpi::router())
        .merge(divide::router())
        .merge(strategy::router())
        .merge(participation::router())
        .merge(procurement::router())
}

/// A malformed JSON body becomes a 400 that says what was wrong with it.
pub(crate) fn body<T>(payload: Result<axum::Json<T>, JsonRejection>) -> Result<T, AppError> {
    payload
        .map(|axum::Json(value)| value)
        .map_err(|rejection| AppError::BadRequest(rejection.body_text()))
}
