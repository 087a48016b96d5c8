//! The knowledge base over `/api/v1/knowledge…`: search (the same parameters
//! as the page), one entry, topics and pillars, suggestions from a city's gaps
//! and digital-divide findings, all open to everyone; an entry's file, its
//! edit (PUT) and revert (DELETE) for platform admins.

use super::{Error, body};
use crate::AppError;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::visitor::RequestContext;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::StatusCode;
use civitas_service::knowledge::{
    EntryKind, EntryView, FacetCount, Highlighted, KnowledgeQuery, Language, LinkedEntry, Reason,
    SearchHit,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search))
        .routes(routes!(entry, save_entry, revert_entry))
        .routes(routes!(entry_file))
        .routes(routes!(topics))
        .routes(routes!(pillars))
        .routes(routes!(suggestions))
        .routes(routes!(edits))
}

/// The most results one request returns.
const MAX_PER_PAGE: usize = 50;

fn language(code: Option<&str>, context: &RequestContext) -> Result<Language, AppError> {
    match code {
        None => Ok(code_language(context.lang)),
        Some(code) => code
            .parse()
            .map_err(|e: civitas_service::knowledge::UnknownLanguage| {
                AppError::BadRequest(e.to_string())
            }),
    }
}

fn code_language(lang: Lang) -> Language {
    lang.code().parse().unwrap_or_default()
}

/// A run of text; `mark` is true for a word that matched the query.
#[derive(Serialize, ToSchema)]
pub struct KnowledgeSegment {
    pub text: String,
    pub mark: bool,
}

/// Text split into matched and unmatched runs.
#[derive(Serialize, ToSchema)]
pub struct KnowledgeText {
    pub segments: Vec<KnowledgeSegment>,
    /// The text is an excerpt starting after the beginning of the original.
    pub elided_start: bool,
    /// The excerpt stops before the end of the original.
    pub elided_end: bool,
}

impl From<Highlighted> for KnowledgeText {
    fn from(h: Highlighted) -> KnowledgeText {
        KnowledgeText {
            segments: h
                .segments
                .into_iter()
                .map(|s| KnowledgeSegment {
                    text: s.text,
                    mark: s.mark,
                })
                .collect(),
            elided_start: h.elided_start,
            elided_end: h.elided_end,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct KnowledgeHit {
    pub id: String,
    /// `challenge`, `solution` or `resource`.
    pub kind: String,
    pub score: f32,
    /// The language of the texts.
    pub language: String,
    /// True when the entry has no text in the language asked for and English is shown.
    pub fallback: bool,
    pub title: KnowledgeText,
    pub summary: KnowledgeText,
    /// An excerpt of the body around the matches, if the body matched.
    pub snippet: Option<KnowledgeText>,
    pub topics: Vec<String>,
    pub pillars: Vec<String>,
    pub sdgs: Vec<u8>,
}

impl From<SearchHit> for KnowledgeHit {
    fn from(h: SearchHit) -> KnowledgeHit {
        KnowledgeHit {
            id: h.id,
            kind: h.kind.as_str().to_string(),
            score: h.score,
            language: h.language.code().to_string(),
            fallback: h.fallback,
            title: h.title.into(),
            summary: h.summary.into(),
            snippet: h.snippet.map(Into::into),
            topics: h.topics,
            pillars: h.pillars,
            sdgs: h.sdgs,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct KnowledgeSearchResults {
    /// Every entry that matched and passed the filters.
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub pages: usize,
    pub hits: Vec<KnowledgeHit>,
}

/// The search parameters (documentation; `kind`, `topic`, `pillar` and `sdg` repeat).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SearchParameters {
    /// Words to look for, in any language; empty lists by filters alone.
    q: Option<String>,
    /// The language of the results (`en`, `fr`, `es`, `ar`, …); English is the fallback.
    lang: Option<String>,
    /// `challenge`, `solution` or `resource`; repeat for several.
    kind: Option<Vec<String>>,
    /// A topic id (see /api/v1/knowledge/topics); repeat for several.
    topic: Option<Vec<String>>,
    /// A pillar id (see /api/v1/knowledge/pillars); repeat for several.
    pillar: Option<Vec<String>>,
    /// A Sustainable Development Goal, 1–17; repeat for several.
    sdg: Option<Vec<u8>>,
    /// From 1.
    page: Option<usize>,
    /// 1–50, default 10.
    per_page: Option<usize>,
}

/// Full-text search across every language, with filters and highlighted matches.
#[utoipa::path(get, path = "/api/v1/knowledge/search", tag = "knowledge",
    params(SearchParameters),
    responses((status = 200, body = KnowledgeSearchResults), (status = 400, body = Error)))]
pub(crate) async fn search(
    State(state): State<AppState>,
    context: RequestContext,
    RawQuery(raw): RawQuery,
) -> Result<Json<KnowledgeSearchResults>, AppError> {
    let mut query = KnowledgeQuery {
        language: code_language(context.lang),
        page: 1,
        per_page: 10,
        ..Default::default()
    };
    let bad =
        |key: &str, value: &str| AppError::BadRequest(format!("{key}: `{value}` is not valid"));
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let value = value.trim();
        match key.as_ref() {
            "q" => query.text = value.chars().take(200).collect(),
            "lang" => query.language = language(Some(value), &context)?,
            "kind" => query
                .kinds
                .push(value.parse::<EntryKind>().map_err(AppError::BadRequest)?),
            "topic" => query.topics.push(value.to_string()),
            "pillar" => query.pillars.push(value.to_string()),
            "sdg" => query
                .sdgs
                .push(value.parse().map_err(|_| bad("sdg", value))?),
            "page" => {
                query.page = value
                    .parse::<usize>()
                    .ok()
                    .filter(|p| (1..=10_000).contains(p))
                    .ok_or_else(|| bad("page", value))?
            }
            "per_page" => {
                query.per_page = value
                    .parse::<usize>()
                    .ok()
                    .filter(|p| (1..=MAX_PER_PAGE).contains(p))
                    .ok_or_else(|| bad("per_page", value))?
            }
            _ => {}
        }
    }
    if query.topics.len() + query.pillars.len() + query.sdgs.len() + query.kinds.len() > 60 {
        return Err(AppError::BadRequest("too many filters".into()));
    }
    let results = state.civitas.search_knowledge(&query).await?;
    if !results.ignored.is_empty() {
        return Err(AppError::BadRequest(format!(
            "unknown filter values: {}",
            results.ignored.join(", ")
        )));
    }
    Ok(Json(KnowledgeSearchResults {
        total: results.total,
        page: results.page,
        per_page: results.per_page,
        pages: results.pages,
        hits: results.hits.into_iter().map(Into::into).collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct KnowledgeLink {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub language: String,
    pub fallback: bool,
}

impl From<LinkedEntry> for KnowledgeLink {
    fn from(l: LinkedEntry) -> KnowledgeLink {
        KnowledgeLink {
            id: l.id,
            kind: l.kind.as_str().to_string(),
            title: l.title,
            language: l.language.code().to_string(),
            fallback: l.fallback,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct KnowledgeSource {
    pub title: String,
    pub url: Option<String>,
}

/// One entry in one language, with the entries it leads to and from.
#[derive(Serialize, ToSchema)]
pub struct KnowledgeEntry {
    pub id: String,
    pub kind: String,
    /// For resources: `standard`, `publication`, `case-study` or `tool`.
    pub resource_type: Option<String>,
    pub language: String,
    pub fallback: bool,
    /// Every language the entry has text in.
    pub languages: Vec<String>,
    pub title: String,
    pub summary: String,
    /// Plain text; blank lines separate paragraphs.
    pub body: String,
    pub topics: Vec<String>,
    pub pillars: Vec<String>,
    pub elements: Vec<String>,
    pub sdgs: Vec<u8>,
    pub tags: Vec<String>,
    /// U4SSC KPI codes that show progress.
    pub kpis: Vec<String>,
    /// What it leads to (a challenge's solutions, a solution's resources).
    pub links: Vec<KnowledgeLink>,
    /// What leads to it.
    pub linked_from: Vec<KnowledgeLink>,
    pub sources: Vec<KnowledgeSource>,
    /// True when the text is a synthesis of the sources.
    pub inferred: bool,
    pub provenance_note: Option<String>,
    /// False for an entry added on this platform.
    pub shipped: bool,
    pub edited_at: Option<i64>,
    pub edited_by: Option<String>,
    /// The content file, relative to the content folder.
    pub file: String,
}

impl From<EntryView> for KnowledgeEntry {
    fn from(v: EntryView) -> KnowledgeEntry {
        let e = v.entry;
        KnowledgeEntry {
            id: e.id,
            kind: e.kind.as_str().to_string(),
            resource_type: e.resource_type.map(|t| t.as_str().to_string()),
            language: v.language.code().to_string(),
            fallback: v.fallback,
            languages: e.texts.keys().map(|l| l.code().to_string()).collect(),
            title: v.text.title,
            summary: v.text.summary,
            body: v.text.body,
            topics: e.topics,
            pillars: e.pillars,
            elements: e.elements,
            sdgs: e.sdgs,
            tags: e.tags,
            kpis: e.kpis,
            links: v.links.into_iter().map(Into::into).collect(),
            linked_from: v.linked_from.into_iter().map(Into::into).collect(),
            sources: e
                .provenance
                .sources
                .into_iter()
                .map(|s| KnowledgeSource {
                    title: s.title,
                    url: s.url,
                })
                .collect(),
            inferred: e.provenance.inferred,
            provenance_note: e.provenance.note,
            shipped: v.shipped,
            edited_at: v.edited_at,
            edited_by: v.edited_by,
            file: e.file,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LanguageParameter {
    /// The language of the texts (`en`, `fr`, `es`, `ar`, …); English is the fallback.
    lang: Option<String>,
}

/// One entry.
#[utoipa::path(get, path = "/api/v1/knowledge/entries/{id}", tag = "knowledge",
    params(("id" = String, Path, description = "Entry id"), LanguageParameter),
    responses((status = 200, body = KnowledgeEntry), (status = 400, body = Error), (status = 404, body = Error)))]
pub(crate) async fn entry(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    Query(params): Query<LanguageParameter>,
) -> Result<Json<KnowledgeEntry>, AppError> {
    let language = language(params.lang.as_deref(), &context)?;
    let view = state.civitas.knowledge_entry(&id, language).await?;
    Ok(Json(view.into()))
}

/// An entry's file as TOML.
#[derive(Deserialize, ToSchema)]
pub struct KnowledgeEntryFile {
    /// The whole file: `id`, `kind`, tags, links, `[provenance]`, `[en]`, `[fr]`, …
    pub toml: String,
}

#[derive(Serialize, ToSchema)]
pub struct KnowledgeSaved {
    pub id: String,
    pub path: String,
    /// True when the entry did not exist before.
    pub created: bool,
    /// False when the text was already the one in use.
    pub changed: bool,
}

/// Saves an entry's file: an edit of a shipped entry or a new entry (platform
/// admins). The whole knowledge base is checked first; problems come back as
/// 422 with each file and field, and nothing is stored.
#[utoipa::path(put, path = "/api/v1/knowledge/entries/{id}", tag = "knowledge", security(("bearer" = [])),
    params(("id" = String, Path, description = "Entry id")), request_body = KnowledgeEntryFile,
    responses((status = 200, body = KnowledgeSaved), (status = 201, body = KnowledgeSaved), (status = 400, body = Error), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error)))]
pub(crate) async fn save_entry(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    payload: Result<Json<KnowledgeEntryFile>, JsonRejection>,
) -> Result<(StatusCode, Json<KnowledgeSaved>), AppError> {
    let file = body(payload)?;
    let saved = state
        .civitas
        .save_knowledge_entry(&context.visitor, &id, &file.toml)
        .await?;
    let status = if saved.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(KnowledgeSaved {
            id: saved.id,
            path: saved.path,
            created: saved.created,
            changed: saved.changed,
        }),
    ))
}

/// Removes the stored edit of an entry (platform admins): a shipped entry gets
/// its shipped text back, an added entry goes away.
#[utoipa::path(delete, path = "/api/v1/knowledge/entries/{id}", tag = "knowledge", security(("bearer" = [])),
    params(("id" = String, Path, description = "Entry id")),
    responses((status = 204), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error), (status = 422, body = Error)))]
pub(crate) async fn revert_entry(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    state
        .civitas
        .revert_knowledge_entry(&context.visitor, &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One change to an entry's file.
#[derive(Serialize, ToSchema)]
pub struct KnowledgeChange {
    pub path: String,
    /// `edit` or `revert`.
    pub action: String,
    pub old_toml: Option<String>,
    pub new_toml: Option<String>,
    pub at: i64,
    pub by: String,
}

impl From<civitas_store::KnowledgeChangeRow> for KnowledgeChange {
    fn from(c: civitas_store::KnowledgeChangeRow) -> KnowledgeChange {
        KnowledgeChange {
            path: c.path,
            action: c.action,
            old_toml: c.old_toml,
            new_toml: c.new_toml,
            at: c.at,
            by: c.actor_label,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct KnowledgeFile {
    pub id: String,
    pub path: String,
    /// The text in use: the stored edit, else the shipped file.
    pub toml: String,
    pub shipped_toml: Option<String>,
    pub edited_at: Option<i64>,
    pub edited_by: Option<String>,
    /// Newest first.
    pub history: Vec<KnowledgeChange>,
}

/// An entry's file with its shipped text and history (platform admins).
#[utoipa::path(get, path = "/api/v1/knowledge/entries/{id}/file", tag = "knowledge", security(("bearer" = [])),
    params(("id" = String, Path, description = "Entry id")),
    responses((status = 200, body = KnowledgeFile), (status = 401, body = Error), (status = 403, body = Error), (status = 404, body = Error)))]
pub(crate) async fn entry_file(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<KnowledgeFile>, AppError> {
    let source = state
        .civitas
        .knowledge_source(&context.visitor, &id)
        .await?;
    Ok(Json(KnowledgeFile {
        id: source.id,
        path: source.path,
        toml: source.toml,
        shipped_toml: source.shipped_toml,
        edited_at: source.edit.as_ref().map(|e| e.edited_at),
        edited_by: source.edit.map(|e| e.edited_by),
        history: source.history.into_iter().map(Into::into).collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct KnowledgeFacet {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// Entries tagged with it.
    pub count: usize,
}

impl From<FacetCount> for KnowledgeFacet {
    fn from(f: FacetCount) -> KnowledgeFacet {
        KnowledgeFacet {
            id: f.id,
            name: f.name,
            description: f.description,
            count: f.count,
        }
    }
}

/// The topics entries are tagged with, with their entry counts.
#[utoipa::path(get, path = "/api/v1/knowledge/topics", tag = "knowledge",
    params(LanguageParameter),
    responses((status = 200, body = [KnowledgeFacet]), (status = 400, body = Error)))]
pub(crate) async fn topics(
    State(state): State<AppState>,
    context: RequestContext,
    Query(params): Query<LanguageParameter>,
) -> Result<Json<Vec<KnowledgeFacet>>, AppError> {
    let language = language(params.lang.as_deref(), &context)?;
    let catalogue = state.civitas.knowledge_catalogue(language).await?;
    Ok(Json(catalogue.topics.into_iter().map(Into::into).collect()))
}

#[derive(Serialize, ToSchema)]
pub struct KnowledgePillar {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub count: usize,
    pub elements: Vec<KnowledgeFacet>,
}

/// The five pillars of the U4SSC framework with their elements and entry counts.
#[utoipa::path(get, path = "/api/v1/knowledge/pillars", tag = "knowledge",
    params(LanguageParameter),
    responses((status = 200, body = [KnowledgePillar]), (status = 400, body = Error)))]
pub(crate) async fn pillars(
    State(state): State<AppState>,
    context: RequestContext,
    Query(params): Query<LanguageParameter>,
) -> Result<Json<Vec<KnowledgePillar>>, AppError> {
    let language = language(params.lang.as_deref(), &context)?;
    let catalogue = state.civitas.knowledge_catalogue(language).await?;
    Ok(Json(
        catalogue
            .pillars
            .into_iter()
            .map(|p| KnowledgePillar {
                id: p.pillar.id,
                name: p.pillar.name,
                description: p.pillar.description,
                count: p.pillar.count,
                elements: p.elements.into_iter().map(Into::into).collect(),
            })
            .collect(),
    ))
}

/// What a city's assessments found.
#[derive(Deserialize, ToSchema)]
pub struct SuggestionRequest {
    /// Pillar element ids below the city's target, largest gap first.
    #[serde(default)]
    pub gap_elements: Vec<String>,
    /// Digital-divide findings: topic ids (`digital-inclusion`) or tags (`affordability`).
    #[serde(default)]
    pub findings: Vec<String>,
    /// The language of the titles; English is the fallback.
    pub lang: Option<String>,
    /// 1–50, default 10.
    pub limit: Option<usize>,
}

/// Why an entry is suggested.
#[derive(Serialize, ToSchema)]
pub struct SuggestionReason {
    /// `gap`, `finding` or `linked-from`.
    pub reason: String,
    /// The element, the finding, or the challenge that links to the entry.
    pub value: String,
}

#[derive(Serialize, ToSchema)]
pub struct KnowledgeSuggestion {
    pub id: String,
    pub kind: String,
    pub score: f32,
    pub title: String,
    pub language: String,
    pub fallback: bool,
    pub reasons: Vec<SuggestionReason>,
}

#[derive(Serialize, ToSchema)]
pub struct KnowledgeSuggestions {
    pub suggestions: Vec<KnowledgeSuggestion>,
    /// Gap element ids that are not in the framework.
    pub unknown_elements: Vec<String>,
    /// Findings that matched no entry.
    pub unmatched_findings: Vec<String>,
}

/// Entries suggested by a city's gaps and digital-divide findings, each with its reasons.
#[utoipa::path(post, path = "/api/v1/knowledge/suggestions", tag = "knowledge",
    request_body = SuggestionRequest,
    responses((status = 200, body = KnowledgeSuggestions), (status = 400, body = Error)))]
pub(crate) async fn suggestions(
    State(state): State<AppState>,
    context: RequestContext,
    payload: Result<Json<SuggestionRequest>, JsonRejection>,
) -> Result<Json<KnowledgeSuggestions>, AppError> {
    let request = body(payload)?;
    if request.gap_elements.len() + request.findings.len() > 200 {
        return Err(AppError::BadRequest(
            "at most 200 gaps and findings together".into(),
        ));
    }
    let language = language(request.lang.as_deref(), &context)?;
    let limit = request.limit.unwrap_or(10);
    if !(1..=MAX_PER_PAGE).contains(&limit) {
        return Err(AppError::BadRequest(format!(
            "limit: expected 1–{MAX_PER_PAGE}"
        )));
    }
    let found = state
        .civitas
        .suggest_knowledge(request.gap_elements, request.findings, language, limit)
        .await?;
    Ok(Json(KnowledgeSuggestions {
        suggestions: found
            .suggestions
            .into_iter()
            .map(|s| KnowledgeSuggestion {
                id: s.id,
                kind: s.kind.as_str().to_string(),
                score: s.score,
                title: s.title,
                language: s.language.code().to_string(),
                fallback: s.fallback,
                reasons: s
                    .reasons
                    .into_iter()
                    .map(|r| match r {
                        Reason::Gap { element } => SuggestionReason {
                            reason: "gap".into(),
                            value: element,
                        },
                        Reason::Finding { finding } => SuggestionReason {
                            reason: "finding".into(),
                            value: finding,
                        },
                        Reason::LinkedFrom { id } => SuggestionReason {
                            reason: "linked-from".into(),
                            value: id,
                        },
                    })
                    .collect(),
            })
            .collect(),
        unknown_elements: found.unknown_elements,
        unmatched_findings: found.unmatched_findings,
    }))
}

/// A stored edit.
#[derive(Serialize, ToSchema)]
pub struct KnowledgeEdit {
    pub id: String,
    pub path: String,
    /// False for an entry added on this platform.
    pub shipped: bool,
    pub edited_at: i64,
    pub edited_by: String,
    /// Why the edit is not in use (empty when it is).
    pub problems: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct KnowledgeEditList {
    pub edits: Vec<KnowledgeEdit>,
    /// Changes to every file, newest first.
    pub changes: Vec<KnowledgeChange>,
}

/// Every entry edited or added on this platform, and the latest changes (platform admins).
#[utoipa::path(get, path = "/api/v1/knowledge/edits", tag = "knowledge", security(("bearer" = [])),
    responses((status = 200, body = KnowledgeEditList), (status = 401, body = Error), (status = 403, body = Error)))]
pub(crate) async fn edits(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Json<KnowledgeEditList>, AppError> {
    let found = state.civitas.knowledge_edits(&context.visitor).await?;
    Ok(Json(KnowledgeEditList {
        edits: found
            .edits
            .into_iter()
            .map(|e| KnowledgeEdit {
                id: e.edit.entry_id,
                path: e.edit.path,
                shipped: e.shipped,
                edited_at: e.edit.edited_at,
                edited_by: e.edit.edited_by,
                problems: e.problems,
            })
            .collect(),
        changes: found.changes.into_iter().map(Into::into).collect(),
    }))
}
