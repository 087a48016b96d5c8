//! `/api/v1` for the procurement module, the four U4SSC stages: the plan
//! with its checklist requirements and KPI outcomes; the prior-information
//! notice (public once published) and market engagement; criteria, AHP,
//! freezing, evaluators and their declarations, bids, each evaluator's own
//! score sheet, the consensus, the result with the sensitivity, the award
//! and the evaluation report; delivery with milestones, obligations and the
//! outcome KPIs' movement. Who may do and see what is decided by the
//! service and the domain policy, as for the pages: this module only turns
//! JSON into the service's forms and its answers into wire types.

use super::procurement_types::*;
use super::{Error, body};
use crate::AppError;
use crate::pages::procurement::csv_cell;
use crate::state::AppState;
use crate::visitor::RequestContext;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use civitas_service::procurement::{
    AhpForm, AwardForm, BidForm, ConsensusForm, ConsensusRowForm, CriteriaForm, DeclarationForm,
    EngagementForm, EvaluatorForm, MilestoneForm, NoticeForm, ObligationForm, OutcomeForm,
    OwnRequirementForm, PlanForm, ScoreForm, ScoreSheetForm,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(checklist))
        .routes(routes!(list_procurements, create_procurement))
        .routes(routes!(get_procurement, update_plan))
        .routes(routes!(advance_stage))
        .routes(routes!(save_notice))
        .routes(routes!(add_engagement))
        .routes(routes!(list_tenders))
        .routes(routes!(get_tender))
        .routes(routes!(set_criteria))
        .routes(routes!(apply_ahp))
        .routes(routes!(freeze_criteria))
        .routes(routes!(assign_evaluator))
        .routes(routes!(remove_evaluator))
        .routes(routes!(declare_interests))
        .routes(routes!(list_bids, add_bid))
        .routes(routes!(delete_bid))
        .routes(routes!(my_scores, save_my_scores))
        .routes(routes!(evaluation))
        .routes(routes!(save_consensus))
        .routes(routes!(award))
        .routes(routes!(report))
        .routes(routes!(delivery))
        .routes(routes!(add_milestone))
        .routes(routes!(update_milestone))
        .routes(routes!(set_obligation))
        .routes(routes!(set_go_live))
}

fn number(value: Option<f64>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// The people-centred requirement checklist a plan picks from, and the four
/// stages; public content.
#[utoipa::path(get, path = "/api/v1/procurement-checklist", tag = "procurement",
    responses((status = 200, body = ChecklistDoc)))]
pub(crate) async fn checklist() -> Result<Json<ChecklistDoc>, AppError> {
    let list = civitas_service::procurement::checklist()?;
    Ok(Json(ChecklistDoc {
        checklist: serde_json::to_value(list)
            .map_err(|e| AppError::Internal(format!("checklist: {e}")))?,
    }))
}

/// A city's procurements, newest first (its team).
#[utoipa::path(get, path = "/api/v1/cities/{id}/procurements", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")),
    responses((status = 200, body = [Procurement]), (status = 401, body = Error), (status = 403, body = Error)))]
pub(crate) async fn list_procurements(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
) -> Result<Json<Vec<Procurement>>, AppError> {
    let list = state.civitas.procurements(&context.visitor, city).await?;
    Ok(Json(
        list.procurements.into_iter().map(Into::into).collect(),
    ))
}

fn plan_form(input: PlanInput) -> PlanForm {
    PlanForm {
        title: input.title,
        reference: input.reference,
        roadmap_action_id: input
            .roadmap_action_id
            .map(|a| a.to_string())
            .unwrap_or_default(),
        need: input.need,
        end_users: input.end_users,
        procedure: input.procedure,
        payment_approach: input.payment_approach,
        budget: number(input.budget),
        currency: input.currency.unwrap_or_default(),
        outcomes: input
            .outcomes
            .into_iter()
            .map(|o| OutcomeForm {
                kpi: o.kpi,
                data_point: o.data_point,
                target: o.target.to_string(),
                target_year: o.target_year.map(|y| y.to_string()).unwrap_or_default(),
                description: o.description,
            })
            .collect(),
        requirements: input.requirements,
        own_requirements: input
            .own_requirements
            .into_iter()
            .map(|o| OwnRequirementForm {
                title: o.title,
                description: o.description,
            })
            .collect(),
    }
}

/// Opens a procurement at the plan stage (the city's admins and editors).
#[utoipa::path(post, path = "/api/v1/cities/{id}/procurements", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "City id")), request_body = PlanInput,
    responses((status = 201, body = Procurement), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "Every problem at once, by field")))]
pub(crate) async fn create_procurement(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
    payload: Result<Json<PlanInput>, JsonRejection>,
) -> Result<(StatusCode, Json<Procurement>), AppError> {
    let form = plan_form(body(payload)?);
    let row = state
        .civitas
        .create_procurement(&context.visitor, city, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// One procurement with its criteria, requirements, engagement, evaluators
/// and milestones; for the city's team and its evaluators, 404 for others.
#[utoipa::path(get, path = "/api/v1/procurements/{id}", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")),
    responses((status = 200, body = ProcurementDetail), (status = 401, body = Error), (status = 404, body = Error)))]
pub(crate) async fn get_procurement(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<ProcurementDetail>, AppError> {
    let view = state.civitas.procurement(&context.visitor, id).await?;
    Ok(Json(view.into()))
}

/// Replaces the plan (need, outcomes, requirements …) until the award.
#[utoipa::path(put, path = "/api/v1/procurements/{id}", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")), request_body = PlanInput,
    responses((status = 200, body = Procurement), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error)))]
pub(crate) async fn update_plan(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<PlanInput>, JsonRejection>,
) -> Result<Json<Procurement>, AppError> {
    let form = plan_form(body(payload)?);
    let row = state
        .civitas
        .update_procurement_plan(&context.visitor, id, &form)
        .await?;
    Ok(Json(row.into()))
}

/// Moves to the next stage: inform the market (editors), evaluate and award
/// (admins, criteria frozen), closed (admins, after award).
#[utoipa::path(post, path = "/api/v1/procurements/{id}/stage", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")), request_body = StageInput,
    responses((status = 200, body = Procurement), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "Not the next stage, or its condition unmet (`stage: locked`)")))]
pub(crate) async fn advance_stage(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<StageInput>, JsonRejection>,
) -> Result<Json<Procurement>, AppError> {
    let input = body(payload)?;
    let row = state
        .civitas
        .advance_procurement_stage(&context.visitor, id, &input.stage)
        .await?;
    Ok(Json(row.into()))
}

/// Writes the prior-information notice, and publishes or withdraws it.
#[utoipa::path(put, path = "/api/v1/procurements/{id}/notice", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")), request_body = NoticeInput,
    responses((status = 200, body = Procurement), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error)))]
pub(crate) async fn save_notice(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<NoticeInput>, JsonRejection>,
) -> Result<Json<Procurement>, AppError> {
    let input = body(payload)?;
    let form = NoticeForm {
        notice: input.notice,
        questions_deadline: input.questions_deadline.unwrap_or_default(),
        submission_deadline: input.submission_deadline.unwrap_or_default(),
        published: if input.published { "yes" } else { "no" }.into(),
    };
    let row = state
        .civitas
        .save_procurement_notice(&context.visitor, id, &form)
        .await?;
    Ok(Json(row.into()))
}

/// Records one market-engagement activity.
#[utoipa::path(post, path = "/api/v1/procurements/{id}/engagements", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")), request_body = EngagementInput,
    responses((status = 201, body = Engagement), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error)))]
pub(crate) async fn add_engagement(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<EngagementInput>, JsonRejection>,
) -> Result<(StatusCode, Json<Engagement>), AppError> {
    let input = body(payload)?;
    let form = EngagementForm {
        held_on: input.held_on,
        kind: input.kind,
        participants: input.participants,
        summary: input.summary,
    };
    let row = state
        .civitas
        .add_procurement_engagement(&context.visitor, id, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// The published prior-information notices of a published city; no account
/// needed. An unpublished city's do not exist (404).
#[utoipa::path(get, path = "/api/v1/cities/{id}/tenders", tag = "procurement",
    params(("id" = i64, Path, description = "City id")),
    responses((status = 200, body = [Tender]), (status = 404, body = Error)))]
pub(crate) async fn list_tenders(
    State(state): State<AppState>,
    context: RequestContext,
    Path(city): Path<i64>,
) -> Result<Json<Vec<Tender>>, AppError> {
    let notices = state
        .civitas
        .published_procurement_notices_of_city(&context.visitor, city)
        .await?;
    Ok(Json(notices.into_iter().map(Into::into).collect()))
}

/// One published notice, with the frozen criteria and, after award, the
/// result; no account needed.
#[utoipa::path(get, path = "/api/v1/tenders/{id}", tag = "procurement",
    params(("id" = i64, Path, description = "Procurement id")),
    responses((status = 200, body = Tender), (status = 404, body = Error)))]
pub(crate) async fn get_tender(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<Tender>, AppError> {
    let notice = state
        .civitas
        .published_procurement_notice(&context.visitor, id)
        .await?;
    Ok(Json(notice.into()))
}

fn criteria_csv(rows: &[CriterionRow]) -> String {
    let mut out = String::from("criterion,weight,kind,min_score,parent\n");
    for r in rows {
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            csv_cell(&r.criterion),
            r.weight,
            csv_cell(&r.kind),
            number(r.min_score),
            csv_cell(r.parent.as_deref().unwrap_or_default())
        ));
    }
    out
}

/// Sets the criteria, sub-criteria, weights and price formula (the city's
/// admins). The engine checks them (weights summing to 100, exactly one
/// price criterion …); its message names the row and column, and nothing
/// changes. Once frozen, only with a reason.
#[utoipa::path(put, path = "/api/v1/procurements/{id}/criteria", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")), request_body = CriteriaInput,
    responses((status = 200, body = Procurement), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "`problems` from the engine (`file: criteria`), or `fields` (`reason`, `price_formula` …)")))]
pub(crate) async fn set_criteria(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<CriteriaInput>, JsonRejection>,
) -> Result<Json<Procurement>, AppError> {
    let input = body(payload)?;
    let form = CriteriaForm {
        criteria: criteria_csv(&input.criteria),
        price_formula: input.price_formula,
        log_base: number(input.log_base),
        range_low: number(input.range_low),
        range_high: number(input.range_high),
        abnormally_low_ratio: number(input.abnormally_low_ratio),
        reason: input.reason,
    };
    let row = state
        .civitas
        .set_procurement_criteria(&context.visitor, id, &form)
        .await?;
    Ok(Json(row.into()))
}

fn ahp_csv(input: &AhpInput) -> String {
    let mut out = String::from("criterion");
    for name in &input.criteria {
        out.push(',');
        out.push_str(&csv_cell(name));
    }
    out.push('\n');
    for (i, row) in input.matrix.iter().enumerate() {
        out.push_str(&csv_cell(
            input
                .criteria
                .get(i)
                .map(String::as_str)
                .unwrap_or_default(),
        ));
        for cell in row {
            out.push(',');
            match cell {
                Some(Judgement::Number(v)) => out.push_str(&v.to_string()),
                Some(Judgement::Text(t)) => out.push_str(&csv_cell(t.trim())),
                None => {}
            }
        }
        out.push('\n');
    }
    out
}

/// Derives the top-level weights from pairwise judgements (the city's
/// admins). A consistency ratio above 0.10 is refused with its value, and
/// nothing changes.
#[utoipa::path(post, path = "/api/v1/procurements/{id}/ahp", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")), request_body = AhpInput,
    responses((status = 200, body = AhpDoc), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "`problems` from the engine (`file: ahp`): inconsistent, not reciprocal, not the top-level criteria")))]
pub(crate) async fn apply_ahp(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<AhpInput>, JsonRejection>,
) -> Result<Json<AhpDoc>, AppError> {
    let input = body(payload)?;
    let form = AhpForm {
        matrix: ahp_csv(&input),
        method: input.method,
        reason: input.reason,
    };
    let record = state
        .civitas
        .apply_procurement_ahp(&context.visitor, id, &form)
        .await?;
    Ok(Json(AhpDoc { record }))
}

/// Freezes and publishes the criteria before any bid is seen.
#[utoipa::path(post, path = "/api/v1/procurements/{id}/criteria/freeze", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")),
    responses((status = 200, body = Procurement), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "No criteria yet, or frozen already (`criteria: locked`)")))]
pub(crate) async fn freeze_criteria(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<Procurement>, AppError> {
    let row = state
        .civitas
        .freeze_procurement_criteria(&context.visitor, id)
        .await?;
    Ok(Json(row.into()))
}

/// Assigns a member of the city as an evaluator (the city's admins).
#[utoipa::path(post, path = "/api/v1/procurements/{id}/evaluators", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")), request_body = EvaluatorInput,
    responses((status = 204, description = "Assigned"), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "Not a member, or assigned already")))]
pub(crate) async fn assign_evaluator(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<EvaluatorInput>, JsonRejection>,
) -> Result<StatusCode, AppError> {
    let input = body(payload)?;
    let form = EvaluatorForm {
        user_id: input.user_id.to_string(),
    };
    state
        .civitas
        .assign_procurement_evaluator(&context.visitor, id, &form)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes an evaluator and their scores, before they submitted.
#[utoipa::path(delete, path = "/api/v1/procurements/{id}/evaluators/{user}", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id"), ("user" = i64, Path, description = "The evaluator's user id")),
    responses((status = 204, description = "Removed"), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "Submitted already (`user_id: locked`)")))]
pub(crate) async fn remove_evaluator(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, user)): Path<(i64, i64)>,
) -> Result<StatusCode, AppError> {
    state
        .civitas
        .remove_procurement_evaluator(&context.visitor, id, user)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller declares their interests, before seeing any bid; with a
/// conflict they never see one. A declaration can only be raised to a
/// conflict, never withdrawn.
#[utoipa::path(put, path = "/api/v1/procurements/{id}/declaration", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")), request_body = DeclarationInput,
    responses((status = 200, body = Evaluator), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error, description = "Not an evaluator of this procurement"), (status = 422, body = Error)))]
pub(crate) async fn declare_interests(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<DeclarationInput>, JsonRejection>,
) -> Result<Json<Evaluator>, AppError> {
    let input = body(payload)?;
    let form = DeclarationForm {
        conflict: if input.conflict { "yes" } else { "no" }.into(),
        declaration: input.declaration,
    };
    let row = state
        .civitas
        .declare_procurement_interests(&context.visitor, id, &form)
        .await?;
    Ok(Json(row.into()))
}

/// The bids received: for the city's admins and evaluators who declared no
/// conflict.
#[utoipa::path(get, path = "/api/v1/procurements/{id}/bids", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")),
    responses((status = 200, body = [Bid]), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error)))]
pub(crate) async fn list_bids(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Bid>>, AppError> {
    let view = state.civitas.procurement_bids(&context.visitor, id).await?;
    Ok(Json(view.bids.into_iter().map(Into::into).collect()))
}

/// Records a bid received, once the criteria are frozen (the city's admins).
#[utoipa::path(post, path = "/api/v1/procurements/{id}/bids", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")), request_body = BidInput,
    responses((status = 201, body = Bid), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "By field: a price of 0 or below (`price`), a bidder already recorded …")))]
pub(crate) async fn add_bid(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<BidInput>, JsonRejection>,
) -> Result<(StatusCode, Json<Bid>), AppError> {
    let input = body(payload)?;
    let form = BidForm {
        bidder: input.bidder,
        price: input.price.to_string(),
        received_on: input.received_on,
        note: input.note,
    };
    let row = state
        .civitas
        .add_procurement_bid(&context.visitor, id, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// Withdraws a bid recorded by mistake, before any evaluator submitted.
#[utoipa::path(delete, path = "/api/v1/procurements/{id}/bids/{bid}", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id"), ("bid" = i64, Path, description = "Bid id")),
    responses((status = 204, description = "Withdrawn"), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "Scores submitted already (`bid_id: locked`)")))]
pub(crate) async fn delete_bid(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, bid)): Path<(i64, i64)>,
) -> Result<StatusCode, AppError> {
    state
        .civitas
        .delete_procurement_bid(&context.visitor, id, bid)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's own score sheet: the bids, the criteria to score and their
/// own scores, never anyone else's. Evaluators who declared no conflict.
#[utoipa::path(get, path = "/api/v1/procurements/{id}/scores/mine", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")),
    responses((status = 200, body = MyScores), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error)))]
pub(crate) async fn my_scores(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<MyScores>, AppError> {
    let view = state.civitas.procurement_bids(&context.visitor, id).await?;
    Ok(Json(MyScores {
        me: view.me.map(Into::into),
        scored: view.scored,
        bids: view.bids.into_iter().map(Into::into).collect(),
        scores: view.my_scores.into_iter().map(Into::into).collect(),
        can_score: view.can_score,
    }))
}

/// Replaces the caller's own scores; with `submit`, every bid must be
/// scored on every criterion, and the sheet is then locked. Any bad cell is
/// reported (bidder and criterion named) and nothing is saved.
#[utoipa::path(put, path = "/api/v1/procurements/{id}/scores/mine", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")), request_body = ScoreSheetInput,
    responses((status = 204, description = "Saved"), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "`problems` (`file: scores`): a score outside 0–100, an unknown criterion, a bid missing a criterion on submit; or `scores: locked` once submitted")))]
pub(crate) async fn save_my_scores(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<ScoreSheetInput>, JsonRejection>,
) -> Result<StatusCode, AppError> {
    let input = body(payload)?;
    let form = ScoreSheetForm {
        scores: input
            .scores
            .into_iter()
            .map(|s| ScoreForm {
                bid_id: s.bid_id.to_string(),
                criterion: s.criterion,
                score: number(s.score),
                justification: s.justification,
            })
            .collect(),
        submit: input.submit,
    };
    state
        .civitas
        .save_procurement_scores(&context.visitor, id, &form)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Bids and the scores the caller may see: an evaluator who has not
/// submitted sees no one else's score, no consensus and no result.
#[utoipa::path(get, path = "/api/v1/procurements/{id}/evaluation", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")),
    responses((status = 200, body = EvaluationDoc), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error)))]
pub(crate) async fn evaluation(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<EvaluationDoc>, AppError> {
    let view = state.civitas.procurement_bids(&context.visitor, id).await?;
    Ok(Json(view.into()))
}

/// Records the panel's agreed scores, one per bid and criterion with a note,
/// once every cleared evaluator has submitted (the city's admins).
#[utoipa::path(put, path = "/api/v1/procurements/{id}/consensus", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")), request_body = ConsensusInput,
    responses((status = 204, description = "Saved"), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "Panel incomplete (`consensus: review-incomplete`), or `problems` (`file: consensus`): a bid or criterion missing, a note missing where scores were far apart")))]
pub(crate) async fn save_consensus(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<ConsensusInput>, JsonRejection>,
) -> Result<StatusCode, AppError> {
    let input = body(payload)?;
    let form = ConsensusForm {
        rows: input
            .rows
            .into_iter()
            .map(|r| ConsensusRowForm {
                bid_id: r.bid_id.to_string(),
                criterion: r.criterion,
                score: r.score.to_string(),
                note: r.note,
            })
            .collect(),
    };
    state
        .civitas
        .save_procurement_consensus(&context.visitor, id, &form)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Awards the contract to an admitted bid; another than the first needs a
/// note. Delivery starts.
#[utoipa::path(post, path = "/api/v1/procurements/{id}/award", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")), request_body = AwardInput,
    responses((status = 200, body = Procurement), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "No consensus yet, an excluded bid, no note for a bid not ranked first, or awarded already")))]
pub(crate) async fn award(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<AwardInput>, JsonRejection>,
) -> Result<Json<Procurement>, AppError> {
    let input = body(payload)?;
    let form = AwardForm {
        bid_id: input.bid_id.to_string(),
        note: input.note,
    };
    let row = state
        .civitas
        .award_procurement(&context.visitor, id, &form)
        .await?;
    Ok(Json(row.into()))
}

/// The evaluation report as JSON (the page `/procurement/{id}/report` and
/// its PDF show the same): for those who see the bids once the panel has
/// submitted, and for the city's team after award.
#[utoipa::path(get, path = "/api/v1/procurements/{id}/report", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")),
    responses((status = 200, body = ReportDoc), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "The caller has not submitted their own scores yet")))]
pub(crate) async fn report(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<ReportDoc>, AppError> {
    let report = state
        .civitas
        .procurement_report(&context.visitor, id)
        .await?;
    Ok(Json(report.into()))
}

/// Delivery: milestones, obligations met or not and the outcome KPIs'
/// movement after go-live (the city's team).
#[utoipa::path(get, path = "/api/v1/procurements/{id}/delivery", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")),
    responses((status = 200, body = DeliveryDoc), (status = 401, body = Error), (status = 404, body = Error)))]
pub(crate) async fn delivery(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Json<DeliveryDoc>, AppError> {
    let view = state
        .civitas
        .procurement_delivery(&context.visitor, id)
        .await?;
    Ok(Json(view.into()))
}

fn milestone_form(input: MilestoneInput) -> MilestoneForm {
    MilestoneForm {
        title: input.title,
        due_date: input.due_date,
        status: input.status,
        acceptance_note: input.acceptance_note,
    }
}

/// Adds a milestone, after award (the city's admins and editors).
#[utoipa::path(post, path = "/api/v1/procurements/{id}/milestones", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")), request_body = MilestoneInput,
    responses((status = 201, body = Milestone), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error, description = "By field; before award `stage: locked`")))]
pub(crate) async fn add_milestone(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<MilestoneInput>, JsonRejection>,
) -> Result<(StatusCode, Json<Milestone>), AppError> {
    let form = milestone_form(body(payload)?);
    let row = state
        .civitas
        .add_procurement_milestone(&context.visitor, id, &form)
        .await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// Changes a milestone: accepting or rejecting it needs a note.
#[utoipa::path(put, path = "/api/v1/procurements/{id}/milestones/{milestone}", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id"), ("milestone" = i64, Path, description = "Milestone id")), request_body = MilestoneInput,
    responses((status = 200, body = Milestone), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error)))]
pub(crate) async fn update_milestone(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, milestone)): Path<(i64, i64)>,
    payload: Result<Json<MilestoneInput>, JsonRejection>,
) -> Result<Json<Milestone>, AppError> {
    let form = milestone_form(body(payload)?);
    let row = state
        .civitas
        .update_procurement_milestone(&context.visitor, id, milestone, &form)
        .await?;
    Ok(Json(row.into()))
}

/// Marks a supplier obligation (a requirement of the plan) met or not; not
/// met needs a note.
#[utoipa::path(put, path = "/api/v1/procurements/{id}/obligations/{requirement}", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id"), ("requirement" = i64, Path, description = "Requirement id")), request_body = ObligationInput,
    responses((status = 200, body = Requirement), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error)))]
pub(crate) async fn set_obligation(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, requirement)): Path<(i64, i64)>,
    payload: Result<Json<ObligationInput>, JsonRejection>,
) -> Result<Json<Requirement>, AppError> {
    let input = body(payload)?;
    let form = ObligationForm {
        status: input.status,
        note: input.note,
    };
    let row = state
        .civitas
        .set_procurement_obligation(&context.visitor, id, requirement, &form)
        .await?;
    Ok(Json(row.into()))
}

/// Records the go-live date, from which the KPIs' movement is read.
#[utoipa::path(put, path = "/api/v1/procurements/{id}/go-live", tag = "procurement", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Procurement id")), request_body = GoLiveInput,
    responses((status = 200, body = Procurement), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error)))]
pub(crate) async fn set_go_live(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    payload: Result<Json<GoLiveInput>, JsonRejection>,
) -> Result<Json<Procurement>, AppError> {
    let input = body(payload)?;
    let row = state
        .civitas
        .set_procurement_go_live(
            &context.visitor,
            id,
            input.go_live_date.as_deref().unwrap_or_default(),
        )
        .await?;
    Ok(Json(row.into()))
}
