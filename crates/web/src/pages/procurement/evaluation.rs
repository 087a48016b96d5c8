//! Evaluate and award: the criteria (CSV with their frozen state and a change
//! with its reason, the AHP matrix with its consistency ratio, the price
//! formula); bids and evaluators; the declaration of interests; an
//! evaluator's own score sheet; the consensus; the result (ranking under each
//! formula side by side, exclusions with reasons, abnormally-low flags, the
//! sensitivity table); the award; the printable evaluation report.

use super::plan::stage_name;
use super::{NoticeQuery, Problems, notice, number, one};
use crate::AppError;
use crate::i18n::Lang;
use crate::pages::{Chrome, render, see_other};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use civitas_service::ServiceError;
use civitas_service::procurement::{
    AhpForm, AwardForm, BidForm, BidsView, ConsensusForm, ConsensusRowForm, CriteriaForm,
    DeclarationForm, EvaluationReport, EvaluatorForm, PRICE_FORMULAS, ProcurementView, ScoreForm,
    ScoreSheetForm,
};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/procurement/{id}/criteria",
            get(criteria).post(save_criteria),
        )
        .route("/procurement/{id}/ahp", post(apply_ahp))
        .route("/procurement/{id}/freeze", post(freeze))
        .route("/procurement/{id}/bids", get(bids).post(add_bid))
        .route("/procurement/{id}/evaluators", post(assign_evaluator))
        .route("/procurement/{id}/scores", post(save_scores))
        .route("/procurement/{id}/consensus", post(save_consensus))
        .route("/procurement/{id}/award", post(award))
        .route(
            "/procurement/{id}/declaration",
            get(declaration).post(declare),
        )
        .route("/procurement/{id}/report", get(report))
        .route("/procurement/{id}/report.pdf", get(super::report_pdf::pdf))
}

fn opt(lang: Lang, value: &Option<f64>) -> String {
    value.map(|v| number(lang, v)).unwrap_or_else(|| "–".into())
}

// ------------------------------------------------------------ criteria

struct CriterionLine {
    name: String,
    weight: String,
    price: bool,
    min_score: String,
    parent: String,
}

struct AhpCell {
    row: usize,
    col: usize,
    value: String,
    label: String,
}

struct AhpResult {
    /// (name, weight in percent).
    weights: Vec<(String, String)>,
    consistency_ratio: String,
    lambda_max: String,
    consistent: bool,
}

#[derive(Template)]
#[template(path = "procurement_criteria.html")]
struct CriteriaPage {
    chrome: Chrome,
    notice: Option<String>,
    v: ProcurementView,
    stage: String,
    lines: Vec<CriterionLine>,
    frozen: Option<i64>,
    form: CriteriaForm,
    formulas: Vec<(&'static str, String)>,
    /// The top-level criteria the AHP matrix compares.
    ahp_names: Vec<String>,
    /// Upper-triangle cells, row by row.
    ahp_cells: Vec<AhpCell>,
    ahp_reason: String,
    ahp: Option<AhpResult>,
    problems: Problems,
    /// (when, by, reason) of each change after freezing.
    changes: Vec<(i64, String, String)>,
}

impl CriteriaPage {
    fn cell(&self, row: &usize, col: &usize) -> Option<&AhpCell> {
        self.ahp_cells
            .iter()
            .find(|c| c.row == *row && c.col == *col)
    }
}

fn ahp_cells(chrome: &Chrome, names: &[String], fields: &[(String, String)]) -> Vec<AhpCell> {
    let mut cells = Vec::new();
    for (i, a) in names.iter().enumerate() {
        for (j, b) in names.iter().enumerate().skip(i + 1) {
            let value = one(fields, &format!("ahp_{i}_{j}"));
            cells.push(AhpCell {
                row: i,
                col: j,
                value: if value.is_empty() { "1".into() } else { value },
                label: format!("{}: {a} / {b}", chrome.t("pr-ahp-cell")),
            });
        }
    }
    cells
}

/// The matrix as `civitas procurement ahp` reads it: the upper triangle
/// typed, the diagonal 1, the lower triangle left for the reciprocals.
fn ahp_csv(names: &[String], fields: &[(String, String)]) -> String {
    let cell = super::csv_cell;
    let mut out = String::from("criterion");
    for n in names {
        out.push(',');
        out.push_str(&cell(n));
    }
    out.push('\n');
    for (i, a) in names.iter().enumerate() {
        out.push_str(&cell(a));
        for j in 0..names.len() {
            out.push(',');
            if i == j {
                out.push('1');
            } else if j > i {
                out.push_str(one(fields, &format!("ahp_{i}_{j}")).trim());
            }
        }
        out.push('\n');
    }
    out
}

async fn criteria_page(
    state: &AppState,
    context: &RequestContext,
    id: i64,
    problems: Problems,
    ahp_fields: &[(String, String)],
) -> Result<CriteriaPage, AppError> {
    let v = state.civitas.procurement(&context.visitor, id).await?;
    let chrome = Chrome::new(state, context);
    let lang = chrome.lang;
    let mut lines = Vec::new();
    let mut ahp_names = Vec::new();
    if let Some(set) = &v.criteria {
        let price = set.price_criterion().name.clone();
        for c in set.criteria() {
            ahp_names.push(c.name.clone());
            lines.push(CriterionLine {
                price: c.name == price,
                name: c.name.clone(),
                weight: number(lang, c.weight),
                min_score: c.min_score.map(|m| number(lang, m)).unwrap_or_default(),
                parent: String::new(),
            });
            for s in &c.sub_criteria {
                lines.push(CriterionLine {
                    name: s.name.clone(),
                    weight: number(lang, s.weight),
                    price: false,
                    min_score: s.min_score.map(|m| number(lang, m)).unwrap_or_default(),
                    parent: c.name.clone(),
                });
            }
        }
    }
    let ahp = v.ahp.as_ref().map(|a| AhpResult {
        weights: a
            .weights
            .names
            .iter()
            .zip(&a.weights.percent)
            .map(|(n, p)| (n.clone(), number(lang, *p)))
            .collect(),
        consistency_ratio: crate::i18n::format_decimal(lang, a.weights.consistency_ratio, 3),
        lambda_max: crate::i18n::format_decimal(lang, a.weights.lambda_max, 3),
        consistent: a.weights.consistency_ratio <= 0.10,
    });
    let stored_fields: Vec<(String, String)> = match (&v.ahp, ahp_fields.is_empty()) {
        (Some(a), true) => {
            let names = &a.matrix.names;
            let mut out = Vec::new();
            for (i, n) in ahp_names.iter().enumerate() {
                for (j, m) in ahp_names.iter().enumerate().skip(i + 1) {
                    let (Some(x), Some(y)) = (
                        names.iter().position(|k| k == n),
                        names.iter().position(|k| k == m),
                    ) else {
                        continue;
                    };
                    let value = a.matrix.values[x][y];
                    out.push((format!("ahp_{i}_{j}"), reciprocal_text(value)));
                }
            }
            out
        }
        _ => ahp_fields.to_vec(),
    };
    let f = &v.procurement.fields;
    // The formula's parameters, read from its published JSON form.
    let formula = serde_json::to_value(v.price_formula).unwrap_or_default();
    let text =
        |value: &serde_json::Value| value.as_f64().map(|v| v.to_string()).unwrap_or_default();
    let log_base = text(&formula["base"]);
    let range_low = text(&formula["range"]["lowest"]);
    let range_high = text(&formula["range"]["highest"]);
    let form = CriteriaForm {
        criteria: v.criteria_csv.clone(),
        price_formula: match formula["formula"].as_str() {
            Some("linear") => "linear",
            Some("logarithmic") => "log",
            _ => "lowest",
        }
        .into(),
        log_base,
        range_low,
        range_high,
        abnormally_low_ratio: f.abnormally_low_ratio.to_string(),
        reason: String::new(),
    };
    Ok(CriteriaPage {
        stage: stage_name(&chrome, &f.stage),
        frozen: f.criteria_frozen_at,
        formulas: PRICE_FORMULAS
            .iter()
            .map(|k| (*k, chrome.t(&format!("pr-formula-{k}"))))
            .collect(),
        ahp_cells: ahp_cells(&chrome, &ahp_names, &stored_fields),
        ahp_names,
        ahp_reason: one(ahp_fields, "reason"),
        ahp,
        changes: v
            .criteria_changes
            .iter()
            .map(|c| (c.at, c.by.clone(), c.reason.clone()))
            .collect(),
        lines,
        form,
        problems,
        notice: None,
        v,
        chrome,
    })
}

/// 3 → "3", 0.333… → "1/3": how people write Saaty's scale.
fn reciprocal_text(value: f64) -> String {
    if value >= 1.0 || value <= 0.0 {
        format!("{}", (value * 1000.0).round() / 1000.0)
    } else {
        let inverse = 1.0 / value;
        if (inverse - inverse.round()).abs() < 1e-6 {
            format!("1/{}", inverse.round())
        } else {
            format!("{}", (value * 1000.0).round() / 1000.0)
        }
    }
}

async fn criteria(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = criteria_page(&state, &context, id, Problems::default(), &[]).await?;
    page.notice = notice(&page.chrome, query.notice.as_deref());
    render(page)
}

async fn save_criteria(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Form(form): Form<CriteriaForm>,
) -> Result<Response, AppError> {
    match state
        .civitas
        .set_procurement_criteria(&context.visitor, id, &form)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/procurement/{id}/criteria?notice=criteria-saved"
        ))),
        Err(error) => {
            let chrome = Chrome::new(&state, &context);
            let problems = Problems::from_error(&chrome, error)?;
            let mut page = criteria_page(&state, &context, id, problems, &[]).await?;
            page.form = form;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
    }
}

async fn apply_ahp(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let view = state.civitas.procurement(&context.visitor, id).await?;
    let names: Vec<String> = view
        .criteria
        .as_ref()
        .map(|c| c.criteria().iter().map(|c| c.name.clone()).collect())
        .unwrap_or_default();
    let form = AhpForm {
        matrix: ahp_csv(&names, &fields),
        method: one(&fields, "method"),
        reason: one(&fields, "reason"),
    };
    match state
        .civitas
        .apply_procurement_ahp(&context.visitor, id, &form)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/procurement/{id}/criteria?notice=ahp-applied"
        ))),
        Err(error) => {
            let chrome = Chrome::new(&state, &context);
            let problems = Problems::from_error(&chrome, error)?;
            let mut fields = fields;
            fields.retain(|(k, _)| k.starts_with("ahp_") || k == "reason");
            if fields.is_empty() {
                fields.push(("reason".into(), String::new()));
            }
            let page = criteria_page(&state, &context, id, problems, &fields).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
    }
}

async fn freeze(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    match state
        .civitas
        .freeze_procurement_criteria(&context.visitor, id)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/procurement/{id}/criteria?notice=criteria-frozen"
        ))),
        Err(error) => {
            let chrome = Chrome::new(&state, &context);
            let problems = Problems::from_error(&chrome, error)?;
            let page = criteria_page(&state, &context, id, problems, &[]).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
    }
}

// ------------------------------------------------------------ bids

struct ScoreCell {
    n: usize,
    bid_id: i64,
    bidder: String,
    criterion: String,
    score: String,
    justification: String,
}

struct ConsensusCell {
    n: usize,
    bid_id: i64,
    bidder: String,
    criterion: String,
    /// The independent scores, "Amina Diallo 85 · Lucas Moreau 70".
    scores: String,
    range: String,
    needs_discussion: bool,
    score: String,
    note: String,
}

#[derive(Template)]
#[template(path = "procurement_bids.html")]
struct BidsPage {
    chrome: Chrome,
    notice: Option<String>,
    b: BidsView,
    id: i64,
    stage: String,
    bid_form: BidForm,
    members: Vec<(i64, String)>,
    sheet: Vec<ScoreCell>,
    consensus: Vec<ConsensusCell>,
    problems: Problems,
    awarded: Option<i64>,
}

impl BidsPage {
    fn n(&self, v: &f64) -> String {
        number(self.chrome.lang, *v)
    }
    fn on(&self, v: &Option<f64>) -> String {
        opt(self.chrome.lang, v)
    }
    fn on32(&self, v: &Option<u32>) -> String {
        v.map(|r| crate::i18n::format_count(self.chrome.lang, i64::from(r)))
            .unwrap_or_else(|| "–".into())
    }
    fn formula_name(&self, key: &str) -> String {
        self.chrome.t(&format!("pr-formula-{key}"))
    }
    fn is_awarded(&self, bid: &i64) -> bool {
        self.awarded == Some(*bid)
    }
    fn bid_id_of(&self, bidder: &str) -> i64 {
        self.b
            .bids
            .iter()
            .find(|b| b.fields.bidder == bidder)
            .map(|b| b.id)
            .unwrap_or_default()
    }
    /// "2 · 82.5" for one bidder under one formula.
    fn formula_cell(&self, key: &str, bidder: &str) -> String {
        let lang = self.chrome.lang;
        self.b
            .result
            .as_ref()
            .and_then(|r| r.formulas.iter().find(|f| f.key == key))
            .and_then(|f| f.ranking.iter().find(|r| r.bidder == bidder))
            .map(|r| match (r.rank, r.total) {
                (Some(rank), Some(total)) => format!(
                    "{} · {}",
                    crate::i18n::format_count(lang, i64::from(rank)),
                    number(lang, total)
                ),
                _ => "–".into(),
            })
            .unwrap_or_else(|| "–".into())
    }
    fn bidder_of(&self, bid: &i64) -> String {
        self.b
            .bids
            .iter()
            .find(|b| b.id == *bid)
            .map(|b| b.fields.bidder.clone())
            .unwrap_or_default()
    }
}

async fn bids_page(
    state: &AppState,
    context: &RequestContext,
    id: i64,
    problems: Problems,
    typed: Option<&ScoreSheetForm>,
) -> Result<BidsPage, AppError> {
    let b = state.civitas.procurement_bids(&context.visitor, id).await?;
    let chrome = Chrome::new(state, context);
    let lang = chrome.lang;
    let members = if b.can_steer {
        state
            .civitas
            .members(&context.visitor, b.procurement.city_id)
            .await
            .map(|m| {
                m.into_iter()
                    .filter(|m| !b.evaluators.iter().any(|e| e.user_id == m.user.id))
                    .map(|m| (m.user.id, m.user.display_name))
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let mut sheet = Vec::new();
    if b.me.is_some() {
        for bid in &b.bids {
            for criterion in &b.scored {
                let n = sheet.len();
                let typed_cell = typed.and_then(|t| {
                    t.scores
                        .iter()
                        .find(|s| s.bid_id == bid.id.to_string() && s.criterion == *criterion)
                });
                let mine = b
                    .my_scores
                    .iter()
                    .find(|s| s.bid_id == bid.id && s.criterion == *criterion);
                let (score, justification) = match (typed_cell, mine) {
                    (Some(t), _) => (t.score.clone(), t.justification.clone()),
                    (None, Some(m)) => (m.score.to_string(), m.justification.clone()),
                    (None, None) => (String::new(), String::new()),
                };
                sheet.push(ScoreCell {
                    n,
                    bid_id: bid.id,
                    bidder: bid.fields.bidder.clone(),
                    criterion: criterion.clone(),
                    score,
                    justification,
                });
            }
        }
    }
    let consensus = b
        .spreads
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let agreed = b
                .consensus
                .iter()
                .find(|c| c.bid_id == s.bid_id && c.criterion == s.criterion);
            ConsensusCell {
                n,
                bid_id: s.bid_id,
                bidder: s.bidder.clone(),
                criterion: s.criterion.clone(),
                scores: s
                    .scores
                    .iter()
                    .map(|(who, v, _)| format!("{who} {}", number(lang, *v)))
                    .collect::<Vec<_>>()
                    .join(" · "),
                range: number(lang, s.range),
                needs_discussion: s.needs_discussion,
                score: agreed
                    .map(|a| a.score.to_string())
                    .unwrap_or_else(|| s.median.to_string()),
                note: agreed.map(|a| a.note.clone()).unwrap_or_default(),
            }
        })
        .collect();
    Ok(BidsPage {
        stage: stage_name(&chrome, &b.procurement.fields.stage),
        awarded: b.procurement.fields.awarded_bid_id,
        id,
        bid_form: BidForm::default(),
        members,
        sheet,
        consensus,
        problems,
        notice: None,
        b,
        chrome,
    })
}

async fn bids(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = bids_page(&state, &context, id, Problems::default(), None).await?;
    page.notice = notice(&page.chrome, query.notice.as_deref());
    render(page)
}

async fn refused_bids(
    state: &AppState,
    context: &RequestContext,
    id: i64,
    error: ServiceError,
    typed: Option<&ScoreSheetForm>,
) -> Result<Response, AppError> {
    let chrome = Chrome::new(state, context);
    let problems = Problems::from_error(&chrome, error)?;
    let page = bids_page(state, context, id, problems, typed).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}

async fn add_bid(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Form(form): Form<BidForm>,
) -> Result<Response, AppError> {
    match state
        .civitas
        .add_procurement_bid(&context.visitor, id, &form)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/procurement/{id}/bids?notice=bid-added"
        ))),
        Err(error) => {
            let chrome = Chrome::new(&state, &context);
            let problems = Problems::from_error(&chrome, error)?;
            let mut page = bids_page(&state, &context, id, problems, None).await?;
            page.bid_form = form;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
    }
}

async fn assign_evaluator(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Form(form): Form<EvaluatorForm>,
) -> Result<Response, AppError> {
    match state
        .civitas
        .assign_procurement_evaluator(&context.visitor, id, &form)
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "/procurement/{id}/bids?notice=evaluator-assigned"
        ))),
        Err(error) => refused_bids(&state, &context, id, error, None).await,
    }
}

fn parse_sheet(fields: &[(String, String)]) -> ScoreSheetForm {
    let rows = one(fields, "rows").parse::<usize>().unwrap_or(0).min(2000);
    ScoreSheetForm {
        scores: (0..rows)
            .map(|n| ScoreForm {
                bid_id: one(fields, &format!("bid_{n}")),
                criterion: one(fields, &format!("criterion_{n}")),
                score: one(fields, &format!("score_{n}")),
                justification: one(fields, &format!("justification_{n}")),
            })
            .collect(),
        submit: one(fields, "intent") == "submit",
    }
}

async fn save_scores(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let sheet = parse_sheet(&fields);
    match state
        .civitas
        .save_procurement_scores(&context.visitor, id, &sheet)
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "/procurement/{id}/bids?notice={}",
            if sheet.submit {
                "scores-submitted"
            } else {
                "scores-saved"
            }
        ))),
        Err(error) => refused_bids(&state, &context, id, error, Some(&sheet)).await,
    }
}

async fn save_consensus(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let rows = one(&fields, "rows").parse::<usize>().unwrap_or(0).min(2000);
    let form = ConsensusForm {
        rows: (0..rows)
            .map(|n| ConsensusRowForm {
                bid_id: one(&fields, &format!("bid_{n}")),
                criterion: one(&fields, &format!("criterion_{n}")),
                score: one(&fields, &format!("score_{n}")),
                note: one(&fields, &format!("note_{n}")),
            })
            .collect(),
    };
    match state
        .civitas
        .save_procurement_consensus(&context.visitor, id, &form)
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "/procurement/{id}/bids?notice=consensus-saved#result"
        ))),
        Err(error) => refused_bids(&state, &context, id, error, None).await,
    }
}

async fn award(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Form(form): Form<AwardForm>,
) -> Result<Response, AppError> {
    match state
        .civitas
        .award_procurement(&context.visitor, id, &form)
        .await
    {
        Ok(_) => Ok(see_other(&format!("/procurement/{id}/bids?notice=awarded"))),
        Err(error) => refused_bids(&state, &context, id, error, None).await,
    }
}

// ------------------------------------------------------------ declaration

#[derive(Template)]
#[template(path = "procurement_declaration.html")]
struct DeclarationPage {
    chrome: Chrome,
    notice: Option<String>,
    v: ProcurementView,
    form: DeclarationForm,
    problems: Problems,
}

async fn declaration_page(
    state: &AppState,
    context: &RequestContext,
    id: i64,
    problems: Problems,
) -> Result<DeclarationPage, AppError> {
    let v = state.civitas.procurement(&context.visitor, id).await?;
    if v.me.is_none() {
        // Only assigned evaluators declare.
        return Err(ServiceError::Denied(civitas_domain::Denied::Forbidden).into());
    }
    let chrome = Chrome::new(state, context);
    let form =
        v.me.as_ref()
            .map(|m| DeclarationForm {
                conflict: match (m.declared_at, m.conflict) {
                    (Some(_), true) => "yes".into(),
                    (Some(_), false) => "no".into(),
                    _ => String::new(),
                },
                declaration: m.declaration.clone(),
            })
            .unwrap_or_default();
    Ok(DeclarationPage {
        chrome,
        notice: None,
        v,
        form,
        problems,
    })
}

async fn declaration(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = declaration_page(&state, &context, id, Problems::default()).await?;
    page.notice = notice(&page.chrome, query.notice.as_deref());
    render(page)
}

async fn declare(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
    Form(form): Form<DeclarationForm>,
) -> Result<Response, AppError> {
    match state
        .civitas
        .declare_procurement_interests(&context.visitor, id, &form)
        .await
    {
        Ok(row) if row.conflict => Ok(see_other(&format!(
            "/procurement/{id}/declaration?notice=declared"
        ))),
        Ok(_) => Ok(see_other(&format!(
            "/procurement/{id}/bids?notice=declared"
        ))),
        Err(error) => {
            let chrome = Chrome::new(&state, &context);
            let problems = Problems::from_error(&chrome, error)?;
            let mut page = declaration_page(&state, &context, id, problems).await?;
            page.form = form;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
    }
}

// ------------------------------------------------------------ report

#[derive(Template)]
#[template(path = "procurement_report.html")]
struct ReportPage {
    chrome: Chrome,
    r: EvaluationReport,
    generated: i64,
}

impl ReportPage {
    fn n(&self, v: &f64) -> String {
        number(self.chrome.lang, *v)
    }
    fn on(&self, v: &Option<f64>) -> String {
        opt(self.chrome.lang, v)
    }
    fn on32(&self, v: &Option<u32>) -> String {
        v.map(|r| crate::i18n::format_count(self.chrome.lang, i64::from(r)))
            .unwrap_or_else(|| "–".into())
    }
    fn pct(&self, v: &f64) -> String {
        number(self.chrome.lang, *v * 100.0)
    }
    fn formula_name(&self, key: &str) -> String {
        self.chrome.t(&format!("pr-formula-{key}"))
    }
}

async fn report(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let r = state
        .civitas
        .procurement_report(&context.visitor, id)
        .await?;
    let generated = r.view.procurement.updated_at;
    render(ReportPage {
        chrome: Chrome::new(&state, &context),
        r,
        generated,
    })
}
