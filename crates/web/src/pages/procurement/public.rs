//! The public prior-information pages of a published city: what it plans to
//! buy and why, the outcomes and requirements, market engagement, the
//! criteria and price formula once frozen, and the award once made. No
//! sign-in; an unpublished notice or city does not exist here.

use super::plan::stage_name;
use super::{kpi_name, number};
use crate::AppError;
use crate::pages::{Chrome, render};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use civitas_service::ServiceError;
use civitas_service::procurement::PublicNotice;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/cities/{slug}/tenders", get(list))
        .route("/cities/{slug}/tenders/{id}", get(show))
}

#[derive(Template)]
#[template(path = "procurement_public_list.html")]
struct ListPage {
    chrome: Chrome,
    slug: String,
    city_name: String,
    notices: Vec<(PublicNotice, String)>,
}

async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let notices = state
        .civitas
        .published_procurement_notices(&context.visitor, &slug)
        .await?;
    let chrome = Chrome::new(&state, &context);
    let city_name = match notices.first() {
        Some(n) => n.city_name.clone(),
        None => {
            state
                .civitas
                .city_by_slug(&context.visitor, &slug)
                .await?
                .city
                .name
        }
    };
    render(ListPage {
        notices: notices
            .into_iter()
            .map(|n| {
                let stage = stage_name(&chrome, &n.stage);
                (n, stage)
            })
            .collect(),
        chrome,
        slug,
        city_name,
    })
}

struct Line {
    name: String,
    weight: String,
    min_score: String,
    sub: bool,
}

#[derive(Template)]
#[template(path = "procurement_public.html")]
struct NoticePage {
    chrome: Chrome,
    n: PublicNotice,
    stage: String,
    procedure: String,
    payment: String,
    budget: String,
    outcomes: Vec<(String, String, String)>,
    criteria: Vec<Line>,
    /// (rank, bidder, total).
    ranking: Vec<(String, String, String)>,
}

async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let n = state
        .civitas
        .published_procurement_notice(&context.visitor, id)
        .await?;
    if n.city_slug != slug {
        return Err(ServiceError::NotFound.into());
    }
    let chrome = Chrome::new(&state, &context);
    let lang = chrome.lang;
    let mut criteria = Vec::new();
    if let Some(set) = &n.criteria {
        for c in set.criteria() {
            criteria.push(Line {
                name: c.name.clone(),
                weight: number(lang, c.weight),
                min_score: c.min_score.map(|m| number(lang, m)).unwrap_or_default(),
                sub: false,
            });
            for s in &c.sub_criteria {
                criteria.push(Line {
                    name: s.name.clone(),
                    weight: number(lang, s.weight),
                    min_score: s.min_score.map(|m| number(lang, m)).unwrap_or_default(),
                    sub: true,
                });
            }
        }
    }
    render(NoticePage {
        stage: stage_name(&chrome, &n.stage),
        procedure: chrome.t(&format!("pr-procedure-{}", n.procedure)),
        payment: chrome.t(&format!("pr-payment-{}", n.payment_approach)),
        budget: n
            .budget
            .map(|b| {
                format!(
                    "{} {}",
                    number(lang, b),
                    n.currency.clone().unwrap_or_default()
                )
            })
            .unwrap_or_else(|| "–".into()),
        outcomes: n
            .outcomes
            .iter()
            .map(|o| {
                (
                    kpi_name(lang, &o.kpi, &o.data_point),
                    match o.target_year {
                        Some(y) => format!("{} ({y})", number(lang, o.target)),
                        None => number(lang, o.target),
                    },
                    o.description.clone(),
                )
            })
            .collect(),
        ranking: n
            .award
            .as_ref()
            .map(|a| {
                a.ranking
                    .iter()
                    .map(|(rank, bidder, total)| {
                        (
                            crate::i18n::format_count(lang, i64::from(*rank)),
                            bidder.clone(),
                            number(lang, *total),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        criteria,
        n,
        chrome,
    })
}
