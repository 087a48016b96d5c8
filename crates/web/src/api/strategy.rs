//! `/api/v1` for the strategy module: maturity rounds, respondents (the
//! private link returned once), the questionnaire by its secret (no
//! account), consensus, the report; stakeholders, the roadmap with its views
//! and its actions. Authorization is the service's, as for the pages.

use super::strategy_types::*;
use super::{Error, body};
use crate::AppError;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::visitor::RequestContext;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use civitas_service::strategy::{
    ActionForm, ActionKpiForm, ActionRoleForm, AnswerForm, ConsensusForm, RespondentForm,
    RoundForm, StakeholderForm,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_rounds, create_round))
        .routes(routes!(get_round))
        .routes(routes!(round_report))
        .routes(routes!(close_round))
        .routes(routes!(add_respondent))
        .routes(routes!(save_consensus))
        .routes(routes!(get_questionnaire, save_questionnaire))
        .routes(routes!(list_stakeholders, add_stakeholder))
        .routes(routes!(get_roadmap))
        .routes(routes!(create_action))
        .routes(routes!(get_action, update_action, delete_action))
}

/// The city's maturity rounds, newest first (its members).
#[utoipa::path(get, path = "/api/v1/cities/{id}/maturity-rounds", tag = "strategy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")),
    responses((status = 200, body = [MaturityRound]), (status = 401, body = Error), (status = 403, body = Error)))]
pub(crate) async fn list_rounds(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
) -> Result<Json<Vec<MaturityRound>>, AppError> {
    let rounds = state
        .civitas
        .maturity_rounds(&context.visitor, city)
        .await?;
    Ok(Json(rounds.into_iter().map(Into::into).collect()))
}

/// Starts a round on the current pillar framework (the city's editors).
#[utoipa::path(post, path = "/api/v1/cities/{id}/maturity-rounds", tag = "strategy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")), request_body = NewMaturityRound,
    responses((status = 201, body = MaturityRound), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "No name, a level outside 0–5, or the name is taken")))]
pub(crate) async fn create_round(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
    payload: Result<Json<NewMaturityRound>, JsonRejection>,
) -> Result<(StatusCode, Json<MaturityRound>), AppError> {
    let new = body(payload)?;
    let form = RoundForm {
        name: new.name,
        default_target: new
            .default_target
            .map(|t| t.to_string())
            .unwrap_or_default(),
    };
    let row = state
        .civitas
        .create_maturity_round(&context.visitor, city, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// A round with its respondents and whether they submitted. 404 for anyone
/// outside the city.
#[utoipa::path(get, path = "/api/v1/maturity-rounds/{id}", tag = "strategy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Round id")),
    responses((status = 200, body = MaturityRoundDetail), (status = 401, body = Error), (status = 404, body = Error)))]
pub(crate) async fn get_round(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<MaturityRoundDetail>, AppError> {
    let view = state.civitas.maturity_round(&context.visitor, id).await?;
    Ok(Json(MaturityRoundDetail {
        round: view.round.into(),
        respondents: view.respondents.into_iter().map(Into::into).collect(),
        can_edit: view.can_edit,
    }))
}

/// The round's results: spread per element, agreed levels, pillar scores,
/// the previous round, gaps ordered by size with their KPIs, suggestions.
#[utoipa::path(get, path = "/api/v1/maturity-rounds/{id}/report", tag = "strategy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Round id"), LanguageQuery),
    responses((status = 200, body = MaturityReportDoc), (status = 401, body = Error), (status = 404, body = Error)))]
pub(crate) async fn round_report(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Query(query): Query<LanguageQuery>,
) -> Result<Json<MaturityReportDoc>, AppError> {
    let lang = query
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or(Lang::En);
    let report = state
        .civitas
        .maturity_report(&context.visitor, id, crate::pages::content_language(lang))
        .await?;
    Ok(Json(MaturityReportDoc { report }))
}

/// Closes a round: answers and agreed levels become final (the city's editors).
#[utoipa::path(post, path = "/api/v1/maturity-rounds/{id}/close", tag = "strategy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Round id")),
    responses((status = 200, body = MaturityRound), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "Closed already (`round: locked`)")))]
pub(crate) async fn close_round(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<MaturityRound>, AppError> {
    let row = state
        .civitas
        .close_maturity_round(&context.visitor, id)
        .await?;
    Ok(Json(row.into()))
}

/// Adds a respondent and returns their private link, only in this response
/// (only its hash is kept).
#[utoipa::path(post, path = "/api/v1/maturity-rounds/{id}/respondents", tag = "strategy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Round id")), request_body = NewRespondent,
    responses((status = 201, body = RespondentLink), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error)))]
pub(crate) async fn add_respondent(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<NewRespondent>, JsonRejection>,
) -> Result<(StatusCode, Json<RespondentLink>), AppError> {
    let new = body(payload)?;
    let form = RespondentForm {
        name: new.name,
        kind: new.kind,
    };
    let (row, secret) = state
        .civitas
        .add_respondent(&context.visitor, id, &form)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(RespondentLink {
            respondent: row.into(),
            link: format!("{}/maturity/{secret}", state.config.public_url),
            secret,
        }),
    ))
}

/// The level (and optionally the target) the city agrees for one element.
#[utoipa::path(put, path = "/api/v1/maturity-rounds/{id}/consensus", tag = "strategy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Round id")), request_body = Consensus,
    responses((status = 204, description = "Saved"), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error, description = "No such round or element"), (status = 422, body = Error)))]
pub(crate) async fn save_consensus(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<Consensus>, JsonRejection>,
) -> Result<StatusCode, AppError> {
    let c = body(payload)?;
    let form = ConsensusForm {
        element: c.element,
        level: c.level.to_string(),
        target: c.target.map(|t| t.to_string()).unwrap_or_default(),
        note: c.note,
    };
    state
        .civitas
        .save_consensus(&context.visitor, id, &form)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The questionnaire behind a private link: no account, the secret is the key.
#[utoipa::path(get, path = "/api/v1/questionnaires/{secret}", tag = "strategy",
    params(("secret" = String, Path, description = "The secret of the respondent's private link")),
    responses((status = 200, body = QuestionnaireDoc), (status = 404, body = Error)))]
pub(crate) async fn get_questionnaire(
    State(state): State<AppState>,
    Path(secret): Path<String>,
) -> Result<Json<QuestionnaireDoc>, AppError> {
    let q = state.civitas.questionnaire(&secret).await?;
    Ok(Json(QuestionnaireDoc {
        round: q.round.into(),
        city_name: q.city_name,
        respondent: q.respondent.into(),
        answers: q
            .answers
            .into_iter()
            .map(|a| StoredAnswer {
                element: a.element,
                level: a.level,
                evidence: a.evidence,
                evidence_url: a.evidence_url,
                updated_at: a.updated_at,
            })
            .collect(),
    }))
}

/// Saves the respondent's answers; every problem is reported at once (per
/// element) and then nothing is saved. Refused once the round is closed.
#[utoipa::path(put, path = "/api/v1/questionnaires/{secret}", tag = "strategy",
    params(("secret" = String, Path, description = "The secret of the respondent's private link")), request_body = Answers,
    responses((status = 204, description = "Saved"), (status = 400, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "Bad answers, or the round is closed (`round: locked`)")))]
pub(crate) async fn save_questionnaire(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    payload: Result<Json<Answers>, JsonRejection>,
) -> Result<StatusCode, AppError> {
    let answers = body(payload)?;
    let forms: Vec<AnswerForm> = answers
        .answers
        .into_iter()
        .map(|a| AnswerForm {
            element: a.element,
            level: if a.dont_know {
                "dont-know".to_string()
            } else {
                a.level.map(|l| l.to_string()).unwrap_or_default()
            },
            evidence: a.evidence,
            evidence_url: a.evidence_url,
        })
        .collect();
    state
        .civitas
        .save_answers(&secret, &forms, answers.submit)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The city's stakeholder map (its members).
#[utoipa::path(get, path = "/api/v1/cities/{id}/stakeholders", tag = "strategy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")),
    responses((status = 200, body = [Stakeholder]), (status = 401, body = Error), (status = 403, body = Error)))]
pub(crate) async fn list_stakeholders(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
) -> Result<Json<Vec<Stakeholder>>, AppError> {
    let rows = state.civitas.stakeholders(&context.visitor, city).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// Adds a stakeholder (the city's editors).
#[utoipa::path(post, path = "/api/v1/cities/{id}/stakeholders", tag = "strategy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")), request_body = NewStakeholder,
    responses((status = 201, body = Stakeholder), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 422, body = Error)))]
pub(crate) async fn add_stakeholder(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
    payload: Result<Json<NewStakeholder>, JsonRejection>,
) -> Result<(StatusCode, Json<Stakeholder>), AppError> {
    let new = body(payload)?;
    let form = StakeholderForm {
        name: new.name,
        level: new.level,
        sector: new.sector,
    };
    let row = state
        .civitas
        .add_stakeholder(&context.visitor, city, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// The People-Centred Digital Roadmap with its views, as JSON (its members).
#[utoipa::path(get, path = "/api/v1/cities/{id}/roadmap", tag = "strategy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")),
    responses((status = 200, body = RoadmapDoc), (status = 401, body = Error), (status = 403, body = Error)))]
pub(crate) async fn get_roadmap(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
) -> Result<Json<RoadmapDoc>, AppError> {
    let roadmap = state.civitas.roadmap(&context.visitor, city).await?;
    Ok(Json(RoadmapDoc { roadmap }))
}

fn form(input: ActionInput) -> ActionForm {
    ActionForm {
        title: input.title,
        description: input.description,
        owner: input.owner,
        budget: input.budget.map(|b| b.to_string()).unwrap_or_default(),
        currency: input.currency.unwrap_or_default(),
        funding_source: input.funding_source,
        start_date: input.start_date,
        end_date: input.end_date,
        status: input.status,
        depends_on: input.depends_on.iter().map(|d| d.to_string()).collect(),
        elements: input.elements,
        kpis: input
            .kpis
            .into_iter()
            .map(|k| ActionKpiForm {
                kpi: k.kpi,
                data_point: k.data_point,
                target: k.target.map(|t| t.to_string()).unwrap_or_default(),
                target_year: k.target_year.map(|y| y.to_string()).unwrap_or_default(),
            })
            .collect(),
        roles: input
            .roles
            .into_iter()
            .map(|r| ActionRoleForm {
                stakeholder: r.stakeholder_id.to_string(),
                role: r.role,
            })
            .collect(),
    }
}

/// Adds an action, checked whole (the city's editors).
#[utoipa::path(post, path = "/api/v1/cities/{id}/roadmap/actions", tag = "strategy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")), request_body = ActionInput,
    responses((status = 201, body = RoadmapAction), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "Every problem at once, by field")))]
pub(crate) async fn create_action(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
    payload: Result<Json<ActionInput>, JsonRejection>,
) -> Result<(StatusCode, Json<RoadmapAction>), AppError> {
    let input = body(payload)?;
    let row = state
        .civitas
        .create_roadmap_action(&context.visitor, city, &form(input))
        .await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// One action. 404 for anyone outside the city.
#[utoipa::path(get, path = "/api/v1/roadmap-actions/{id}", tag = "strategy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Action id")),
    responses((status = 200, body = RoadmapAction), (status = 401, body = Error), (status = 404, body = Error)))]
pub(crate) async fn get_action(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<RoadmapAction>, AppError> {
    let row = state.civitas.roadmap_action(&context.visitor, id).await?;
    Ok(Json(row.into()))
}

/// Replaces an action, checked whole; a dependency loop is refused.
#[utoipa::path(put, path = "/api/v1/roadmap-actions/{id}", tag = "strategy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Action id")), request_body = ActionInput,
    responses((status = 200, body = RoadmapAction), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error)))]
pub(crate) async fn update_action(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<ActionInput>, JsonRejection>,
) -> Result<Json<RoadmapAction>, AppError> {
    let input = body(payload)?;
    let row = state
        .civitas
        .update_roadmap_action(&context.visitor, id, &form(input))
        .await?;
    Ok(Json(row.into()))
}

/// Deletes an action; actions that wait for it lose that dependency.
#[utoipa::path(delete, path = "/api/v1/roadmap-actions/{id}", tag = "strategy", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Action id")),
    responses((status = 204, description = "Deleted"), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error)))]
pub(crate) async fn delete_action(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    state
        .civitas
        .delete_roadmap_action(&context.visitor, id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
