//! The front page: published cities for everyone, one's own cities when signed in.

use super::{Chrome, NoticeQuery, notice, render};
use crate::AppError;
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use civitas_domain::CityRole;
use civitas_store::CityRow;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    notice: Option<String>,
    published: Vec<CityRow>,
    mine: Vec<(CityRow, Option<CityRole>)>,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let chrome = Chrome::new(&state, &context);
    let mine = state.civitas.my_cities(&context.visitor).await?;
    let published = state
        .civitas
        .visible_cities(&context.visitor)
        .await?
        .into_iter()
        .filter(|c| c.published && !mine.iter().any(|(m, _)| m.id == c.id))
        .collect();
    render(HomePage {
        notice: notice(&chrome, query.notice.as_deref()),
        chrome,
        published,
        mine,
    })
}
