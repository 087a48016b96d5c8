//! The questionnaire behind a respondent's private link: no account, per
//! pillar a fieldset, per element one radio group over the six maturity
//! levels (each with its name and description) and "don't know", with
//! evidence as text and a link. Save a draft or submit; a respondent may come
//! back and change their answers until the city closes the round.

use super::{Names, Text, text};
use crate::AppError;
use crate::pages::{Chrome, render, see_other};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use civitas_service::ServiceError;
use civitas_service::strategy::{AnswerForm, Questionnaire};
use std::collections::HashMap;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/maturity/{secret}", get(show).post(save))
}

struct LevelChoice {
    value: String,
    name: Text,
}

struct QuestionLine {
    id: String,
    name: Text,
    /// `0`–`5`, `dont-know` or empty.
    chosen: String,
    evidence: String,
    url: String,
    error: Option<String>,
}

struct PillarGroup {
    id: String,
    name: Text,
    questions: Vec<QuestionLine>,
}

#[derive(Template)]
#[template(path = "strategy_questionnaire.html")]
struct QuestionnairePage {
    chrome: Chrome,
    notice: Option<String>,
    thanks: bool,
    q: Questionnaire,
    action: String,
    closed: bool,
    levels: Vec<LevelChoice>,
    pillars: Vec<PillarGroup>,
    /// Elements with a problem, for the summary at the top.
    problems: Vec<(String, String)>,
    answered_text: String,
}

#[derive(serde::Deserialize, Default)]
struct NoticeQuery {
    notice: Option<String>,
}

/// What was typed, per element: (level, evidence, link).
type Typed = HashMap<String, (String, String, String)>;

fn page(
    state: &AppState,
    context: &RequestContext,
    secret: &str,
    q: Questionnaire,
    typed: Option<&Typed>,
    problems: &HashMap<String, String>,
) -> Result<QuestionnairePage, AppError> {
    let chrome = Chrome::new(state, context);
    let framework = state.civitas.pillar_framework()?;
    let names = Names {
        framework: &framework,
        lang: chrome.lang,
    };
    let mut levels: Vec<LevelChoice> = framework
        .levels
        .iter()
        .map(|l| LevelChoice {
            value: l.rank.to_string(),
            name: text(&l.labels, chrome.lang, &l.id),
        })
        .collect();
    levels.push(LevelChoice {
        value: "dont-know".into(),
        name: Text {
            name: chrome.t("st-dont-know"),
            description: chrome.t("st-dont-know-hint"),
            lang: None,
        },
    });
    let mut summary = Vec::new();
    let pillars: Vec<PillarGroup> = framework
        .pillars
        .iter()
        .map(|p| PillarGroup {
            id: p.id.clone(),
            name: names.pillar(&p.id),
            questions: p
                .elements
                .iter()
                .map(|e| {
                    let stored = q.answers.iter().find(|a| a.element == e.id);
                    let (chosen, evidence, url) = match typed.and_then(|t| t.get(&e.id)) {
                        Some(t) => t.clone(),
                        None => match stored {
                            Some(a) => (
                                a.level.map_or("dont-know".to_string(), |l| l.to_string()),
                                a.evidence.clone(),
                                a.evidence_url.clone(),
                            ),
                            None => Default::default(),
                        },
                    };
                    let error = problems.get(&e.id).cloned();
                    let name = names.element(&e.id);
                    if let Some(message) = &error {
                        summary.push((e.id.clone(), format!("{}: {message}", name.name)));
                    }
                    QuestionLine {
                        id: e.id.clone(),
                        name,
                        chosen,
                        evidence,
                        url,
                        error,
                    }
                })
                .collect(),
        })
        .collect();
    let total: usize = pillars.iter().map(|p| p.questions.len()).sum();
    let answered = pillars
        .iter()
        .flat_map(|p| &p.questions)
        .filter(|q| !q.chosen.is_empty())
        .count();
    Ok(QuestionnairePage {
        notice: None,
        thanks: false,
        action: format!("/maturity/{secret}"),
        closed: q.round.closed_at.is_some(),
        q,
        levels,
        pillars,
        problems: summary,
        answered_text: chrome.t1(
            "st-answered-count",
            "count",
            format!(
                "{} / {}",
                chrome.count(&(answered as i64)),
                chrome.count(&(total as i64))
            ),
        ),
        chrome,
    })
}

async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(secret): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let q = state.civitas.questionnaire(&secret).await?;
    let submitted = q.respondent.submitted_at.is_some();
    let mut page = page(&state, &context, &secret, q, None, &HashMap::new())?;
    match query.notice.as_deref() {
        Some("submitted") if submitted => page.thanks = true,
        Some("saved") => page.notice = Some(page.chrome.t("st-notice-draft-saved")),
        _ => {}
    }
    render(page)
}

async fn save(
    State(state): State<AppState>,
    context: RequestContext,
    Path(secret): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let q = state.civitas.questionnaire(&secret).await?;
    let framework = state.civitas.pillar_framework()?;
    let value = |prefix: &str, element: &str| {
        let key = format!("{prefix}:{element}");
        fields
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let submit = fields.iter().any(|(k, v)| k == "intent" && v == "submit");
    let mut typed = Typed::new();
    let mut answers = Vec::new();
    for e in framework.pillars.iter().flat_map(|p| &p.elements) {
        let answer = AnswerForm {
            element: e.id.clone(),
            level: value("level", &e.id),
            evidence: value("evidence", &e.id),
            evidence_url: value("url", &e.id),
        };
        typed.insert(
            e.id.clone(),
            (
                answer.level.clone(),
                answer.evidence.clone(),
                answer.evidence_url.clone(),
            ),
        );
        answers.push(answer);
    }
    match state.civitas.save_answers(&secret, &answers, submit).await {
        Ok(()) => Ok(see_other(&format!(
            "/maturity/{secret}?notice={}",
            if submit { "submitted" } else { "saved" }
        ))),
        Err(ServiceError::InvalidEntries(problems)) => {
            let chrome = Chrome::new(&state, &context);
            let mut by_element = HashMap::new();
            for p in &problems {
                let key = match p.field {
                    "evidence_url" => "st-error-url",
                    "evidence" => "error-too-long",
                    _ => "st-error-choose",
                };
                by_element
                    .entry(p.key.kpi.clone())
                    .or_insert_with(|| chrome.t(key));
            }
            let page = page(&state, &context, &secret, q, Some(&typed), &by_element)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(ServiceError::Invalid(_)) if q.round.closed_at.is_some() => {
            let mut page = page(&state, &context, &secret, q, Some(&typed), &HashMap::new())?;
            page.notice = Some(page.chrome.t("st-error-round-closed"));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
