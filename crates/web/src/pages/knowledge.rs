//! The knowledge base for everyone, signed in or not: search with filters
//! as GET parameters (so a search works without JavaScript and can be shared
//! as a link), one entry with the challenge → solution → resource chain both
//! ways, and browsing by topic and pillar. Platform admins' editing pages are
//! in [`super::knowledge_admin`].

use super::{Chrome, render};
use crate::AppError;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use axum::routing::get;
use civitas_service::knowledge::{
    EntryKind, EntryView, KnowledgeCatalogue, KnowledgeQuery, KnowledgeResults, Language, SearchHit,
};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/knowledge", get(search))
        .route("/knowledge/browse", get(browse))
        .route("/knowledge/{id}", get(entry))
}

/// How many results a page shows.
const PER_PAGE: usize = 10;

/// The languages results can be shown in: the interface's four.
pub(super) fn content_language(lang: Lang) -> Language {
    lang.code().parse().unwrap_or_default()
}

/// The search as GET parameters: `q`, `lang`, and repeatable `kind`, `topic`,
/// `pillar`, `sdg`, then `page`.
#[derive(Debug, Clone, Default)]
pub(crate) struct SearchParams {
    pub q: String,
    pub lang: Option<Lang>,
    pub kinds: Vec<EntryKind>,
    pub topics: Vec<String>,
    pub pillars: Vec<String>,
    pub sdgs: Vec<u8>,
    pub page: usize,
    /// Values that could not be read (`kind=thing`, `sdg=x`).
    pub unreadable: Vec<String>,
}

impl SearchParams {
    pub fn parse(raw: Option<&str>) -> SearchParams {
        let mut params = SearchParams {
            page: 1,
            ..Default::default()
        };
        for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key.as_ref() {
                "q" => params.q = value.chars().take(200).collect(),
                "lang" => params.lang = Lang::parse(value),
                "kind" => match value.parse() {
                    Ok(kind) if !params.kinds.contains(&kind) => params.kinds.push(kind),
                    Ok(_) => {}
                    Err(_) => params.unreadable.push(format!("kind={value}")),
                },
                "topic" if params.topics.len() < 20 => params.topics.push(value.to_string()),
                "pillar" if params.pillars.len() < 20 => params.pillars.push(value.to_string()),
                "sdg" => match value.parse::<u8>() {
                    Ok(goal) if !params.sdgs.contains(&goal) => params.sdgs.push(goal),
                    Ok(_) => {}
                    Err(_) => params.unreadable.push(format!("sdg={value}")),
                },
                "page" => params.page = value.parse().unwrap_or(1).clamp(1, 10_000),
                _ => {}
            }
        }
        params
    }

    pub fn query(&self, interface: Lang, per_page: usize) -> KnowledgeQuery {
        KnowledgeQuery {
            text: self.q.clone(),
            language: content_language(self.lang.unwrap_or(interface)),
            kinds: self.kinds.clone(),
            topics: self.topics.clone(),
            pillars: self.pillars.clone(),
            sdgs: self.sdgs.clone(),
            page: self.page,
            per_page,
        }
    }

    /// The query string for this search on another page (empty parameters left out).
    pub fn link(&self, page: usize) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            out.append_pair("q", &self.q);
        }
        if let Some(lang) = self.lang {
            out.append_pair("lang", lang.code());
        }
        for kind in &self.kinds {
            out.append_pair("kind", kind.as_str());
        }
        for topic in &self.topics {
            out.append_pair("topic", topic);
        }
        for pillar in &self.pillars {
            out.append_pair("pillar", pillar);
        }
        for goal in &self.sdgs {
            out.append_pair("sdg", &goal.to_string());
        }
        if page > 1 {
            out.append_pair("page", &page.to_string());
        }
        let query = out.finish();
        if query.is_empty() {
            "/knowledge".to_string()
        } else {
            format!("/knowledge?{query}")
        }
    }
}

/// A checkbox or option of the search form.
pub(crate) struct Choice {
    pub value: String,
    pub label: String,
    pub count: usize,
    pub checked: bool,
}

/// One result as the page shows it.
pub(crate) struct ResultRow {
    pub hit: SearchHit,
    pub href: String,
    pub kind_label: String,
    pub topic_labels: Vec<String>,
}

impl ResultRow {
    pub fn lang(&self) -> &'static str {
        self.hit.language.code()
    }

    pub fn dir(&self) -> &'static str {
        if self.hit.language.is_right_to_left() {
            "rtl"
        } else {
            "ltr"
        }
    }
}

#[derive(Template)]
#[template(path = "kb_search.html")]
struct SearchPage {
    chrome: Chrome,
    params: SearchParams,
    results: KnowledgeResults,
    languages: Vec<(&'static str, &'static str, bool)>,
    kinds: Vec<Choice>,
    topics: Vec<Choice>,
    pillars: Vec<Choice>,
    sdgs: Vec<Choice>,
    rows: Vec<ResultRow>,
    ignored: Vec<String>,
    summary: String,
    previous: Option<String>,
    next: Option<String>,
    filtered: bool,
}

impl SearchPage {
    /// Whether any filter of the advanced part is set, to open it.
    fn filters_open(&self) -> bool {
        !(self.params.topics.is_empty()
            && self.params.pillars.is_empty()
            && self.params.sdgs.is_empty())
    }
}

pub(crate) fn kind_label(chrome: &Chrome, kind: EntryKind) -> String {
    chrome.t(&format!("kb-kind-{}", kind.as_str()))
}

fn topic_names(catalogue: &KnowledgeCatalogue, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            catalogue
                .topics
                .iter()
                .find(|t| &t.id == id)
                .map_or_else(|| id.clone(), |t| t.name.clone())
        })
        .collect()
}

pub(crate) async fn search(
    State(state): State<AppState>,
    context: RequestContext,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let params = SearchParams::parse(raw.as_deref());
    let results = state
        .civitas
        .search_knowledge(&params.query(context.lang, PER_PAGE))
        .await?;
    let catalogue = state
        .civitas
        .knowledge_catalogue(content_language(context.lang))
        .await?;
    let chrome = Chrome::new(&state, &context);
    let results_lang = params.lang.unwrap_or(context.lang);
    let kinds = catalogue
        .kinds
        .iter()
        .map(|(kind, count)| Choice {
            value: kind.as_str().to_string(),
            label: kind_label(&chrome, *kind),
            count: *count,
            checked: params.kinds.contains(kind),
        })
        .collect();
    let topics = catalogue
        .topics
        .iter()
        .map(|t| Choice {
            value: t.id.clone(),
            label: t.name.clone(),
            count: t.count,
            checked: params.topics.contains(&t.id),
        })
        .collect();
    let pillars = catalogue
        .pillars
        .iter()
        .map(|p| Choice {
            value: p.pillar.id.clone(),
            label: p.pillar.name.clone(),
            count: p.pillar.count,
            checked: params.pillars.contains(&p.pillar.id),
        })
        .collect();
    let sdgs = catalogue
        .sdgs
        .iter()
        .map(|(goal, count)| Choice {
            value: goal.to_string(),
            label: chrome.t1("kb-sdg", "goal", goal),
            count: *count,
            checked: params.sdgs.contains(goal),
        })
        .collect();
    let rows = results
        .hits
        .iter()
        .map(|hit| ResultRow {
            href: entry_href(&hit.id, params.lang),
            kind_label: kind_label(&chrome, hit.kind),
            topic_labels: topic_names(&catalogue, &hit.topics),
            hit: hit.clone(),
        })
        .collect();
    let summary = if results.total == 0 {
        chrome.t("kb-no-results")
    } else {
        chrome.t1(
            "kb-results-count",
            "count",
            crate::i18n::format_count(chrome.lang, results.total as i64),
        ) + " "
            + &chrome.i18n_pages(&results.page, &results.pages)
    };
    let mut ignored = params.unreadable.clone();
    ignored.extend(results.ignored.iter().cloned());
    let page = results.page;
    let page_count = results.pages;
    render(SearchPage {
        summary,
        previous: (page > 1).then(|| params.link(page - 1)),
        next: (page < page_count).then(|| params.link(page + 1)),
        filtered: !params.q.is_empty()
            || !params.kinds.is_empty()
            || !params.topics.is_empty()
            || !params.pillars.is_empty()
            || !params.sdgs.is_empty(),
        languages: Lang::ALL
            .iter()
            .map(|l| (l.code(), l.endonym(), *l == results_lang))
            .collect(),
        chrome,
        params,
        results,
        kinds,
        topics,
        pillars,
        sdgs,
        rows,
        ignored,
    })
}

/// The link to an entry, keeping the reader's choice of content language.
pub(crate) fn entry_href(id: &str, lang: Option<Lang>) -> String {
    match lang {
        Some(lang) => format!("/knowledge/{id}?lang={}", lang.code()),
        None => format!("/knowledge/{id}"),
    }
}

impl Chrome {
    /// "page 2 of 7".
    pub(crate) fn i18n_pages(&self, page: &usize, pages: &usize) -> String {
        self.t2(
            "kb-page-of",
            ("page", page.to_string()),
            ("pages", pages.to_string()),
        )
    }

    pub(crate) fn t2(&self, key: &str, a: (&str, String), b: (&str, String)) -> String {
        self.i18n
            .text_with(self.lang, key, &[(a.0, a.1), (b.0, b.1)])
    }
}

/// A linked entry as the page lists it.
pub(crate) struct LinkRow {
    pub href: String,
    pub title: String,
    pub kind_label: String,
    pub lang: &'static str,
    pub fallback: bool,
}

pub(crate) struct Tag {
    pub href: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "kb_entry.html")]
struct EntryPage {
    chrome: Chrome,
    view: EntryView,
    kind_label: String,
    resource_type_label: Option<String>,
    text_lang: &'static str,
    text_dir: &'static str,
    paragraphs: Vec<String>,
    links_heading: String,
    linked_from_heading: String,
    links: Vec<LinkRow>,
    linked_from: Vec<LinkRow>,
    topics: Vec<Tag>,
    pillars: Vec<Tag>,
    elements: Vec<String>,
    sdgs: Vec<Tag>,
    languages: Vec<(&'static str, &'static str, bool)>,
}

#[derive(serde::Deserialize, Default)]
pub(crate) struct EntryQuery {
    lang: Option<String>,
}

pub(crate) async fn entry(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    axum::extract::Query(query): axum::extract::Query<EntryQuery>,
) -> Result<Response, AppError> {
    let chosen = query.lang.as_deref().and_then(Lang::parse);
    let reading = chosen.unwrap_or(context.lang);
    let view = state
        .civitas
        .knowledge_entry(&id, content_language(reading))
        .await?;
    let catalogue = state
        .civitas
        .knowledge_catalogue(content_language(context.lang))
        .await?;
    let chrome = Chrome::new(&state, &context);
    let link_rows = |list: &[civitas_service::knowledge::LinkedEntry]| -> Vec<LinkRow> {
        list.iter()
            .map(|l| LinkRow {
                href: entry_href(&l.id, chosen),
                title: l.title.clone(),
                kind_label: kind_label(&chrome, l.kind),
                lang: l.language.code(),
                fallback: l.fallback,
            })
            .collect()
    };
    let kind = view.entry.kind.as_str();
    let (links_heading, linked_from_heading) = (
        chrome.t(&format!("kb-links-{kind}")),
        chrome.t(&format!("kb-linked-from-{kind}")),
    );
    let topics = view
        .entry
        .topics
        .iter()
        .zip(topic_names(&catalogue, &view.entry.topics))
        .map(|(id, label)| Tag {
            href: format!("/knowledge?topic={id}"),
            label,
        })
        .collect();
    let pillars = view
        .entry
        .pillars
        .iter()
        .map(|id| Tag {
            href: format!("/knowledge?pillar={id}"),
            label: catalogue
                .pillars
                .iter()
                .find(|p| &p.pillar.id == id)
                .map_or_else(|| id.clone(), |p| p.pillar.name.clone()),
        })
        .collect();
    let elements = view
        .entry
        .elements
        .iter()
        .map(|id| {
            catalogue
                .pillars
                .iter()
                .flat_map(|p| &p.elements)
                .find(|e| &e.id == id)
                .map_or_else(|| id.clone(), |e| e.name.clone())
        })
        .collect();
    let sdgs = view
        .entry
        .sdgs
        .iter()
        .map(|goal| Tag {
            href: format!("/knowledge?sdg={goal}"),
            label: chrome.t1("kb-sdg", "goal", goal),
        })
        .collect();
    render(EntryPage {
        kind_label: kind_label(&chrome, view.entry.kind),
        resource_type_label: view
            .entry
            .resource_type
            .map(|t| chrome.t(&format!("kb-resource-{}", t.as_str()))),
        text_lang: view.language.code(),
        text_dir: if view.language.is_right_to_left() {
            "rtl"
        } else {
            "ltr"
        },
        paragraphs: view
            .text
            .body
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect(),
        links_heading,
        linked_from_heading,
        links: link_rows(&view.links),
        linked_from: link_rows(&view.linked_from),
        topics,
        pillars,
        elements,
        sdgs,
        languages: Lang::ALL
            .iter()
            .map(|l| (l.code(), l.endonym(), *l == reading))
            .collect(),
        chrome,
        view,
    })
}

#[derive(Template)]
#[template(path = "kb_browse.html")]
struct BrowsePage {
    chrome: Chrome,
    catalogue: KnowledgeCatalogue,
    kinds: Vec<Choice>,
}

pub(crate) async fn browse(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, AppError> {
    let catalogue = state
        .civitas
        .knowledge_catalogue(content_language(context.lang))
        .await?;
    let chrome = Chrome::new(&state, &context);
    let kinds = catalogue
        .kinds
        .iter()
        .map(|(kind, count)| Choice {
            value: kind.as_str().to_string(),
            label: kind_label(&chrome, *kind),
            count: *count,
            checked: false,
        })
        .collect();
    render(BrowsePage {
        chrome,
        catalogue,
        kinds,
    })
}
