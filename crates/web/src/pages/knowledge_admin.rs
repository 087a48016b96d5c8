//! Editing the knowledge base (platform admins): an entry's TOML file in a
//! text area, checked against the whole content with every problem shown by
//! file and field, a preview, save, revert to the shipped file with a
//! confirmation, a new entry, and the list of edited entries with their history.

use super::knowledge::{content_language, kind_label};
use super::members::ConfirmPage;
use super::{Chrome, render, see_other};
use crate::AppError;
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use civitas_service::knowledge::{Entry, EntrySource, KnowledgeEdits};
use civitas_service::{FileProblem, ServiceError};
use serde::Deserialize;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/knowledge/edits", get(edits))
        .route("/knowledge/new", get(new_form).post(create))
        .route("/knowledge/{id}/edit", get(edit_form).post(save))
        .route("/knowledge/{id}/revert", get(confirm_revert).post(revert))
}

/// The starting text of a new entry: every field, to fill in.
const NEW_ENTRY: &str = r#"id = "new-entry-id"
kind = "solution"                      # challenge, solution or resource (the folder)
# resource_type = "case-study"         # resources only: standard, publication, case-study, tool
topics = ["data-management"]
pillars = []
elements = []
sdgs = [11]
tags = []
kpis = []
links = []                             # challenge → solutions, solution → resources

[provenance]
sources = [{ title = "", url = "https://" }]
inferred = false

[en]
title = ""
summary = ""
body = """
"""

[fr]
title = ""
summary = ""
body = """
"""
"#;

/// Notices these pages show after a redirect (an allow-list).
fn notice(chrome: &Chrome, key: Option<&str>) -> Option<String> {
    const KNOWN: &[&str] = &["saved", "unchanged", "reverted"];
    key.filter(|k| KNOWN.contains(k))
        .map(|k| chrome.t(&format!("kb-notice-{k}")))
}

#[derive(Deserialize, Default)]
pub(crate) struct NoticeQuery {
    notice: Option<String>,
}

/// The entry as it would read, shown under the form.
pub(crate) struct Preview {
    pub title: String,
    pub summary: String,
    pub paragraphs: Vec<String>,
    pub kind_label: String,
    pub lang: &'static str,
    pub fallback: bool,
}

fn preview(chrome: &Chrome, entry: &Entry) -> Option<Preview> {
    let text = entry.text(content_language(chrome.lang))?;
    Some(Preview {
        title: text.value.title.clone(),
        summary: text.value.summary.clone(),
        paragraphs: text
            .value
            .body
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect(),
        kind_label: kind_label(chrome, entry.kind),
        lang: text.language.code(),
        fallback: text.fallback,
    })
}

#[derive(Template)]
#[template(path = "kb_edit.html")]
struct EditPage {
    chrome: Chrome,
    notice: Option<String>,
    /// None for a new entry.
    source: Option<EntrySource>,
    id: String,
    action: String,
    toml: String,
    problems: Vec<FileProblem>,
    preview: Option<Preview>,
}

impl EditPage {
    /// "Last edited by … on …", for an entry with a stored edit.
    fn edited_by(&self) -> Option<String> {
        let edit = self.source.as_ref()?.edit.as_ref()?;
        Some(self.chrome.t2(
            "kb-edited-by",
            ("who", edit.edited_by.clone()),
            ("when", self.chrome.time(&edit.edited_at)),
        ))
    }

    fn title(&self) -> String {
        match &self.source {
            Some(_) => self.chrome.t1("kb-edit-title", "id", &self.id),
            None => self.chrome.t("kb-new-title"),
        }
    }
}

async fn source(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<EntrySource, AppError> {
    Ok(state.civitas.knowledge_source(&context.visitor, id).await?)
}

pub(crate) async fn edit_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let source = source(&state, &context, &id).await?;
    let chrome = Chrome::new(&state, &context);
    render(EditPage {
        notice: notice(&chrome, query.notice.as_deref()),
        chrome,
        action: format!("/knowledge/{id}/edit"),
        toml: source.toml.clone(),
        source: Some(source),
        id,
        problems: Vec::new(),
        preview: None,
    })
}

#[derive(Deserialize)]
pub(crate) struct EditForm {
    #[serde(default)]
    id: String,
    #[serde(default)]
    toml: String,
    /// `preview` or `save`.
    #[serde(default)]
    action: String,
}

/// Checks (preview) or saves the text; on problems the form comes back with
/// them, the text as typed, and status 422.
async fn check_or_save(
    state: &AppState,
    context: &RequestContext,
    id: &str,
    form: EditForm,
    source: Option<EntrySource>,
) -> Result<Response, AppError> {
    // Browsers send CR LF line ends from a text area; the files use LF.
    let toml = form.toml.replace("\r\n", "\n");
    let chrome = Chrome::new(state, context);
    let page = |chrome: Chrome, problems, preview, notice| EditPage {
        chrome,
        notice,
        action: match &source {
            Some(_) => format!("/knowledge/{id}/edit"),
            None => "/knowledge/new".to_string(),
        },
        source: source.clone(),
        id: id.to_string(),
        toml: toml.clone(),
        problems,
        preview,
    };
    if form.action == "save" {
        return match state
            .civitas
            .save_knowledge_entry(&context.visitor, id, &toml)
            .await
        {
            Ok(saved) => {
                let key = if saved.changed { "saved" } else { "unchanged" };
                Ok(see_other(&format!("/knowledge/{id}/edit?notice={key}")))
            }
            Err(ServiceError::BadFile(problems)) => Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render(page(chrome, problems, None, None))?,
            )
                .into_response()),
            Err(other) => Err(other.into()),
        };
    }
    match state
        .civitas
        .preview_knowledge_entry(&context.visitor, id, &toml)
        .await
    {
        Ok(entry) => {
            let shown = preview(&chrome, &entry);
            let ok = Some(chrome.t("kb-preview-ok"));
            render(page(chrome, Vec::new(), shown, ok))
        }
        Err(ServiceError::BadFile(problems)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render(page(chrome, problems, None, None))?,
        )
            .into_response()),
        Err(other) => Err(other.into()),
    }
}

pub(crate) async fn save(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    Form(form): Form<EditForm>,
) -> Result<Response, AppError> {
    let source = source(&state, &context, &id).await?;
    check_or_save(&state, &context, &id, form, Some(source)).await
}

pub(crate) async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, AppError> {
    // Only admins see the form: the same check as saving, before showing it.
    state.civitas.knowledge_edits(&context.visitor).await?;
    render(EditPage {
        chrome: Chrome::new(&state, &context),
        notice: None,
        source: None,
        id: String::new(),
        action: "/knowledge/new".to_string(),
        toml: NEW_ENTRY.to_string(),
        problems: Vec::new(),
        preview: None,
    })
}

pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    Form(form): Form<EditForm>,
) -> Result<Response, AppError> {
    let id = form.id.trim().to_string();
    state.civitas.knowledge_edits(&context.visitor).await?;
    // An id that is already taken edits that entry instead: say so.
    if state
        .civitas
        .knowledge_source(&context.visitor, &id)
        .await
        .is_ok()
    {
        let chrome = Chrome::new(&state, &context);
        let problem = FileProblem::new(&format!("{id}.toml"), chrome.t("kb-id-taken"));
        let page = EditPage {
            chrome,
            notice: None,
            source: None,
            id,
            action: "/knowledge/new".to_string(),
            toml: form.toml.replace("\r\n", "\n"),
            problems: vec![problem],
            preview: None,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response());
    }
    if id.is_empty() {
        let chrome = Chrome::new(&state, &context);
        let problem = FileProblem::new("id", chrome.t("kb-id-required"));
        let page = EditPage {
            chrome,
            notice: None,
            source: None,
            id,
            action: "/knowledge/new".to_string(),
            toml: form.toml.replace("\r\n", "\n"),
            problems: vec![problem],
            preview: None,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response());
    }
    check_or_save(&state, &context, &id.clone(), form, None).await
}

pub(crate) async fn confirm_revert(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let source = source(&state, &context, &id).await?;
    if source.edit.is_none() {
        return Err(ServiceError::NotFound.into());
    }
    let chrome = Chrome::new(&state, &context);
    let question = if source.shipped_toml.is_some() {
        chrome.t1("kb-revert-question", "id", &id)
    } else {
        chrome.t1("kb-revert-added-question", "id", &id)
    };
    render(ConfirmPage {
        title: chrome.t1("kb-revert-title", "id", &id),
        question,
        action: format!("/knowledge/{id}/revert"),
        confirm_label: chrome.t("kb-revert-button"),
        cancel_href: format!("/knowledge/{id}/edit"),
        chrome,
    })
}

pub(crate) async fn revert(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let source = source(&state, &context, &id).await?;
    state
        .civitas
        .revert_knowledge_entry(&context.visitor, &id)
        .await?;
    Ok(if source.shipped_toml.is_some() {
        see_other(&format!("/knowledge/{id}/edit?notice=reverted"))
    } else {
        see_other("/knowledge/edits?notice=reverted")
    })
}

#[derive(Template)]
#[template(path = "kb_edits.html")]
struct EditsPage {
    chrome: Chrome,
    notice: Option<String>,
    edits: KnowledgeEdits,
}

pub(crate) async fn edits(
    State(state): State<AppState>,
    context: RequestContext,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let edits = state.civitas.knowledge_edits(&context.visitor).await?;
    let chrome = Chrome::new(&state, &context);
    render(EditsPage {
        notice: notice(&chrome, query.notice.as_deref()),
        chrome,
        edits,
    })
}

impl Chrome {
    /// The translated name of a history action (`edit`, `revert`).
    pub(crate) fn kb_action(&self, action: &str) -> String {
        self.t(&format!("kb-action-{action}"))
    }
}
