//! Priority consultation pages. For residents (no account, no JavaScript,
//! small pages): the city's consultations, one consultation with its vote or
//! ranking form, optional proposal or comment and optional demographics
//! (explained), the receipt with change, download, erase and "erase my
//! demographics only"; the overall result once closed. For the city's team:
//! the list, the question form, publishing and closing, proposals and
//! comments to moderate, assisted entry (paper, phone, in person), results
//! overall and by group with suppressed cells (filterable by channel, CSV),
//! the representativeness dashboard and the population profile.
//!
//! URLs: `/cities/{slug}/consultations` · `…/consultations/{id}` ·
//! `/ballots/{code}` (+ `/change`, `/erase`, `/demographics/erase`,
//! `/download`) · `/cities/{slug}/participation/consultations` (+ `/new`,
//! `/{id}`, `/{id}/edit`, `/{id}/state`, `/{id}/assisted`, `/{id}/results`,
//! `/{id}/results.csv`, `/{id}/representation`, `/{id}/comments/{comment}`) ·
//! `/cities/{slug}/participation/population`.

use super::ConfirmPage;
use crate::AppError;
use crate::cookies;
use crate::i18n::format_decimal;
use crate::pages::{Chrome, FormErrors, render, see_other};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use civitas_domain::validation::FieldError;
use civitas_service::ServiceError;
use civitas_service::participation::consultations::{
    AGE_BANDS, ASSISTED_CHANNELS, BallotForm, BallotOutcome, BallotReceipt, BallotSubmitter,
    CHANNELS, Cell, CommentModeration, ConsultationForm, ConsultationResults, ConsultationView,
    DISABILITY, DuplicateKind, GENDERS, OptionResult, Phase, ProfileForm, Representation,
    Suppressed, TeamConsultation, day, profile_groups,
};
use civitas_service::participation::normalise_receipt;
use civitas_store::{CityRow, CommentRow, ConsultationRow, PopulationShareRow};

pub(crate) fn routes() -> Router<AppState> {
    let team = "/cities/{slug}/participation/consultations";
    Router::new()
        .route("/cities/{slug}/consultations", get(public_list))
        .route(
            "/cities/{slug}/consultations/{id}",
            get(public_page).post(answer),
        )
        .route("/ballots/{code}", get(receipt))
        .route("/ballots/{code}/change", get(change_form).post(change))
        .route("/ballots/{code}/erase", get(confirm_erase).post(erase))
        .route(
            "/ballots/{code}/demographics/erase",
            get(confirm_erase_demographics).post(erase_demographics),
        )
        .route("/ballots/{code}/download", get(download))
        .route(team, get(team_list))
        .route(&format!("{team}/new"), get(new_form).post(create))
        .route(&format!("{team}/{{id}}"), get(overview))
        .route(&format!("{team}/{{id}}/edit"), get(edit_form).post(edit))
        .route(&format!("{team}/{{id}}/state"), post(set_state))
        .route(
            &format!("{team}/{{id}}/assisted"),
            get(assisted_form).post(assisted),
        )
        .route(&format!("{team}/{{id}}/results"), get(results))
        .route(&format!("{team}/{{id}}/results.csv"), get(results_csv))
        .route(
            &format!("{team}/{{id}}/representation"),
            get(representation),
        )
        .route(
            &format!("{team}/{{id}}/comments/{{comment}}"),
            post(moderate_comment),
        )
        .route(
            "/cities/{slug}/participation/population",
            get(population_form).post(save_population),
        )
}

/// Translated words for codes the service uses.
impl Chrome {
    pub fn cs_phase(&self, phase: &Phase) -> String {
        self.t(&format!("cs-phase-{}", phase.code()))
    }

    pub fn cs_group(&self, dimension: &str, code: &str) -> String {
        if code.is_empty() {
            return self.t("cs-not-given");
        }
        self.t(&format!("cs-{dimension}-{code}"))
    }

    pub fn cs_cell(&self, cell: &Cell) -> String {
        match cell {
            Cell::Count(n) => self.count(n),
            Cell::Hidden(Suppressed::Small) => self.t("cs-suppressed-small"),
            Cell::Hidden(Suppressed::Secondary) => self.t("cs-suppressed-secondary"),
        }
    }

    /// A day as `YYYY-MM-DD`.
    pub fn cs_day(&self, unix_seconds: &i64) -> String {
        day(*unix_seconds)
    }

    /// "From 2026-01-05 to 2026-02-28".
    pub fn cs_dates(&self, opens: &i64, closes: &i64) -> String {
        self.i18n.text_with(
            self.lang,
            "cs-dates",
            &[("opens", day(*opens)), ("closes", day(*closes))],
        )
    }

    pub fn cs_percent(&self, value: &f64) -> String {
        format!("{} %", format_decimal(self.lang, *value, 1))
    }

    pub fn cs_signed(&self, value: &f64) -> String {
        let text = format_decimal(self.lang, value.abs(), 1);
        if *value < 0.0 {
            format!("−{text}")
        } else {
            format!("+{text}")
        }
    }
}

/// The label of each field of the ballot and question forms, for the error summary.
const FIELD_LABELS: [(&str, &str); 13] = [
    ("choice", "cs-field-choice"),
    ("comment", "cs-field-comment"),
    ("age_band", "cs-field-age_band"),
    ("gender", "cs-field-gender"),
    ("district", "cs-field-district"),
    ("disability", "cs-field-disability"),
    ("channel", "cs-field-channel"),
    ("question", "cs-field-question"),
    ("description", "cs-field-description"),
    ("mode", "cs-field-mode"),
    ("opens_on", "cs-field-opens"),
    ("closes_on", "cs-field-closes"),
    ("options", "cs-field-options"),
];

const FORM_ORDER: [&str; 15] = [
    "channel",
    "choice",
    "comment",
    "age_band",
    "gender",
    "district",
    "disability",
    "website",
    "question",
    "description",
    "mode",
    "opens_on",
    "closes_on",
    "options",
    "source",
];

/// Field errors with messages that say what this form expects.
fn form_errors(chrome: &Chrome, errors: &[FieldError], mode: &str) -> FormErrors {
    let mut shown = FormErrors::from_fields(chrome, errors);
    let mut specific = Vec::new();
    for e in errors {
        let key = match (e.field, e.problem) {
            ("choice", civitas_domain::validation::Problem::Locked) => "cs-error-not-open",
            ("choice", _) if mode == "rank" => "cs-error-rank",
            ("choice", _) => "cs-error-vote",
            ("opens_on", _) => "cs-error-opens",
            ("closes_on", _) => "cs-error-closes",
            ("options", _) => "cs-error-options",
            ("website", _) => "pa-error-honeypot",
            ("question", civitas_domain::validation::Problem::Locked) => "cs-error-locked",
            ("age_band" | "gender" | "district" | "disability" | "channel" | "mode", _) => {
                "cs-error-pick"
            }
            _ => continue,
        };
        specific.push((e.field, chrome.t(key)));
    }
    for (field, message) in specific {
        shown.0.insert(field, message);
    }
    shown
}

/// The summary at the top of a form: each problem named by its field's label.
fn summary(state: &AppState, chrome: &Chrome, errors: &FormErrors) -> Vec<(&'static str, String)> {
    errors
        .summary(&FORM_ORDER)
        .into_iter()
        .map(
            |(field, message)| match FIELD_LABELS.iter().find(|(f, _)| *f == field) {
                Some((_, key)) => {
                    let args = [("field", chrome.t(key)), ("message", message)];
                    (
                        field,
                        state
                            .i18n
                            .text_with(chrome.lang, "pa-error-in-field", &args),
                    )
                }
                None => (field, message),
            },
        )
        .collect()
}

/// The name of a district by its id as text.
fn district_name(view: &ConsultationView, code: &str) -> String {
    view.districts
        .iter()
        .find(|d| d.id.to_string() == code)
        .map_or_else(|| code.to_string(), |d| d.name.clone())
}

// ---------------------------------------------------------------- residents

#[derive(Template)]
#[template(path = "consultation_list.html")]
struct PublicListPage {
    chrome: Chrome,
    city: CityRow,
    consultations: Vec<(ConsultationRow, Phase)>,
}

async fn public_list(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let city = state
        .civitas
        .participation_city(&context.visitor, &slug)
        .await?;
    let consultations = state.civitas.public_consultations(&city).await?;
    render(PublicListPage {
        chrome: Chrome::new(&state, &context),
        city,
        consultations,
    })
}

/// The ballot form's state, shared by the resident's, the change and the
/// assisted-entry pages (their templates include `consultation_ballot.html`).
struct BallotState {
    form: BallotForm,
    errors: FormErrors,
    summary: Vec<(&'static str, String)>,
    /// 1 … the number of options, for the rank selects.
    ranks: Vec<String>,
}

impl BallotState {
    fn empty(view: &ConsultationView) -> BallotState {
        BallotState {
            form: BallotForm::default(),
            errors: FormErrors::default(),
            summary: Vec::new(),
            ranks: (1..=view.options.len()).map(|n| n.to_string()).collect(),
        }
    }
}

/// The choices of the demographic questions: (code, label key).
pub(crate) struct Demographic {
    pub name: &'static str,
    pub choices: Vec<(String, String)>,
}

fn demographics(chrome: &Chrome, view: &ConsultationView) -> Vec<Demographic> {
    let coded = |name: &'static str, codes: &[&str]| Demographic {
        name,
        choices: codes
            .iter()
            .map(|c| (c.to_string(), chrome.cs_group(name, c)))
            .collect(),
    };
    vec![
        coded("age_band", &AGE_BANDS),
        coded("gender", &GENDERS),
        Demographic {
            name: "district",
            choices: view
                .districts
                .iter()
                .map(|d| (d.id.to_string(), d.name.clone()))
                .collect(),
        },
        coded("disability", &DISABILITY),
    ]
}

#[derive(Template)]
#[template(path = "consultation_public.html")]
struct PublicPage {
    chrome: Chrome,
    view: ConsultationView,
    ballot: BallotState,
    questions: Vec<Demographic>,
    retention_months: i64,
    duplicate: Option<DuplicateKind>,
    /// Shown instead of the form's errors (rate limit).
    notice: Option<String>,
    /// This browser already answered (its cookie names a ballot).
    answered: bool,
    result: Option<(i64, Vec<OptionResult>)>,
    comments: Vec<CommentRow>,
    /// Just erased an answer.
    erased: bool,
    /// What the city made of the consultation, once it said.
    outcome: Option<super::outcomes::OutcomeShown>,
}

impl PublicPage {
    fn value<'a>(&'a self, name: &str) -> &'a str {
        field_value(&self.ballot.form, name)
    }
}

fn field_value<'a>(form: &'a BallotForm, name: &str) -> &'a str {
    match name {
        "age_band" => &form.age_band,
        "gender" => &form.gender,
        "district" => &form.district,
        "disability" => &form.disability,
        _ => "",
    }
}

/// The cookie that says this browser answered a consultation.
fn ballot_cookie(state: &AppState, id: i64) -> String {
    let prefix = if state.config.secure_cookies {
        "__Host-"
    } else {
        ""
    };
    format!("{prefix}civitas_ballot_{id}")
}

async fn public_view(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
) -> Result<ConsultationView, AppError> {
    let city = state
        .civitas
        .participation_city(&context.visitor, slug)
        .await?;
    Ok(state
        .civitas
        .consultation_view(&context.visitor, &city, id)
        .await?)
}

async fn public_page_for(
    state: &AppState,
    context: &RequestContext,
    view: ConsultationView,
    answered: bool,
) -> Result<PublicPage, AppError> {
    let chrome = Chrome::new(state, context);
    let result = state.civitas.public_results(&view).await?;
    let comments = state.civitas.public_comments(&view, 20).await?;
    let retention_months = state.civitas.retention_months(view.city.id).await?;
    let outcome = super::outcomes::for_consultation(state, &chrome, &view.consultation).await?;
    Ok(PublicPage {
        outcome,
        questions: demographics(&chrome, &view),
        ballot: BallotState::empty(&view),
        chrome,
        view,
        retention_months,
        duplicate: None,
        notice: None,
        answered,
        result,
        comments,
        erased: false,
    })
}

async fn public_page(
    State(state): State<AppState>,
    context: RequestContext,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let view = public_view(&state, &context, &slug, id).await?;
    let answered = cookies::read(&headers, &ballot_cookie(&state, id)).is_some();
    let mut page = public_page_for(&state, &context, view, answered).await?;
    page.erased = query.notice.as_deref() == Some("erased");
    render(page)
}

async fn answer(
    State(state): State<AppState>,
    context: RequestContext,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let view = public_view(&state, &context, &slug, id).await?;
    let form = BallotForm::from_pairs(&pairs);
    let cookie_name = ballot_cookie(&state, id);
    let device = cookies::read(&headers, &cookie_name);
    let submitter = BallotSubmitter {
        address: &context.client_address,
        device_token: device.as_deref(),
    };
    let outcome = state.civitas.submit_ballot(&view, &form, submitter).await;
    // An accepted answer only redirects: the page is built for the other outcomes.
    let not_stored = match outcome {
        Ok(BallotOutcome::Accepted {
            receipt,
            device_token,
            ..
        }) => {
            let mut response = see_other(&format!("/ballots/{receipt}?notice=sent"));
            cookies::append(
                &mut response,
                &cookie_name,
                &device_token,
                state.config.secure_cookies,
                Some(120 * 86_400),
            );
            return Ok(response);
        }
        Ok(BallotOutcome::Duplicate(kind)) => Ok(kind),
        Err(e) => Err(e),
    };
    let mode = view.consultation.mode.clone();
    let mut page = public_page_for(&state, &context, view, device.is_some()).await?;
    page.ballot.form = form;
    let status = match not_stored {
        Ok(kind) => {
            page.duplicate = Some(kind);
            StatusCode::OK
        }
        Err(ServiceError::Invalid(errors)) => {
            if page.view.phase != Phase::Open {
                // No form to show the problem next to: say it at the top.
                page.notice = Some(page.chrome.t("cs-error-not-open"));
            }
            let shown = form_errors(&page.chrome, &errors, &mode);
            page.ballot.summary = summary(&state, &page.chrome, &shown);
            page.ballot.errors = shown;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(ServiceError::Throttled(wait)) => {
            let minutes = wait.div_ceil(60);
            page.notice = Some(page.chrome.t1("cs-throttled", "minutes", minutes));
            let mut response = (StatusCode::TOO_MANY_REQUESTS, render(page)?).into_response();
            if let Ok(value) = HeaderValue::from_str(&wait.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            return Ok(response);
        }
        Err(other) => return Err(other.into()),
    };
    Ok((status, render(page)?).into_response())
}

#[derive(Template)]
#[template(path = "consultation_receipt.html")]
struct ReceiptPage {
    chrome: Chrome,
    code: String,
    notice: Option<String>,
    sent: BallotReceipt,
    chosen: Vec<(i64, String)>,
    district: Option<String>,
    /// What became of the resident's proposal, and of the consultation.
    proposal_outcome: Option<super::outcomes::OutcomeShown>,
    consultation_outcome: Option<super::outcomes::OutcomeShown>,
}

#[derive(serde::Deserialize, Default)]
struct NoticeQuery {
    notice: Option<String>,
}

async fn receipt(
    State(state): State<AppState>,
    context: RequestContext,
    Path(code): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let code = normalise_receipt(&code);
    let sent = state.civitas.ballot_receipt(&code).await?;
    let chrome = Chrome::new(&state, &context);
    let notice = match query.notice.as_deref() {
        Some("sent") => Some(chrome.t("cs-thanks")),
        Some("changed") => Some(chrome.t("cs-changed")),
        Some("demographics-erased") => Some(chrome.t("cs-demographics-erased")),
        Some("assisted") => Some(chrome.t("cs-assisted-saved")),
        _ => None,
    };
    let proposal_outcome = match &sent.comment {
        Some(proposal) => super::outcomes::for_proposal(&state, &chrome, proposal).await?,
        None => None,
    };
    let consultation_outcome =
        super::outcomes::for_consultation(&state, &chrome, &sent.view.consultation).await?;
    render(ReceiptPage {
        proposal_outcome,
        consultation_outcome,
        chrome,
        code,
        notice,
        chosen: sent.chosen(),
        district: sent.district_name(),
        sent,
    })
}

#[derive(Template)]
#[template(path = "consultation_change.html")]
struct ChangePage {
    chrome: Chrome,
    code: String,
    view: ConsultationView,
    ballot: BallotState,
    questions: Vec<Demographic>,
    retention_months: i64,
}

impl ChangePage {
    fn value<'a>(&'a self, name: &str) -> &'a str {
        field_value(&self.ballot.form, name)
    }
}

async fn change_page(
    state: &AppState,
    context: &RequestContext,
    code: &str,
) -> Result<(ChangePage, BallotReceipt), AppError> {
    let code = normalise_receipt(code);
    let sent = state.civitas.ballot_receipt(&code).await?;
    let chrome = Chrome::new(state, context);
    let form = BallotForm::from_sent(
        &sent.view.consultation.mode,
        &sent.choices,
        sent.demographics.as_ref(),
        sent.comment.as_ref(),
    );
    let retention_months = state.civitas.retention_months(sent.view.city.id).await?;
    Ok((
        ChangePage {
            questions: demographics(&chrome, &sent.view),
            chrome,
            code,
            view: sent.view.clone(),
            ballot: BallotState {
                form,
                ..BallotState::empty(&sent.view)
            },
            retention_months,
        },
        sent,
    ))
}

async fn change_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let (page, sent) = change_page(&state, &context, &code).await?;
    if sent.view.phase != Phase::Open {
        return Err(ServiceError::NotFound.into());
    }
    render(page)
}

async fn change(
    State(state): State<AppState>,
    context: RequestContext,
    Path(code): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (mut page, _) = change_page(&state, &context, &code).await?;
    let form = BallotForm::from_pairs(&pairs);
    match state.civitas.change_ballot(&page.code, &form).await {
        Ok(_) => Ok(see_other(&format!("/ballots/{}?notice=changed", page.code))),
        Err(ServiceError::Invalid(errors)) => {
            let shown = form_errors(&page.chrome, &errors, &page.view.consultation.mode);
            page.ballot.summary = summary(&state, &page.chrome, &shown);
            page.ballot.errors = shown;
            page.ballot.form = form;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

/// A confirmation page for one of the receipt's destructive actions.
async fn confirm(
    state: &AppState,
    context: &RequestContext,
    code: &str,
    what: &str,
    action: &str,
) -> Result<Response, AppError> {
    let code = normalise_receipt(code);
    state.civitas.ballot_receipt(&code).await?;
    let chrome = Chrome::new(state, context);
    render(ConfirmPage {
        title: chrome.t(&format!("cs-{what}-title")),
        question: chrome.t(&format!("cs-{what}-question")),
        action: format!("/ballots/{code}/{action}"),
        confirm_label: chrome.t(&format!("cs-{what}-confirm")),
        cancel_href: format!("/ballots/{code}"),
        chrome,
    })
}

async fn confirm_erase(
    State(state): State<AppState>,
    context: RequestContext,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    confirm(&state, &context, &code, "erase", "erase").await
}

async fn erase(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let view = state.civitas.erase_ballot(&code).await?;
    let id = view.consultation.id;
    let mut response = see_other(&format!(
        "/cities/{}/consultations/{id}?notice=erased",
        view.city.slug
    ));
    // This browser no longer has an answer there.
    cookies::append(
        &mut response,
        &ballot_cookie(&state, id),
        "",
        state.config.secure_cookies,
        Some(0),
    );
    Ok(response)
}

async fn confirm_erase_demographics(
    State(state): State<AppState>,
    context: RequestContext,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    confirm(
        &state,
        &context,
        &code,
        "erase-demographics",
        "demographics/erase",
    )
    .await
}

async fn erase_demographics(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let code = normalise_receipt(&code);
    state.civitas.erase_ballot_demographics(&code).await?;
    Ok(see_other(&format!(
        "/ballots/{code}?notice=demographics-erased"
    )))
}

async fn download(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let value = state.civitas.ballot_download(&code).await?;
    let id = value["answer_id"].as_str().unwrap_or("answer").to_string();
    super::json_attachment(&value, &format!("answer-{id}.json"))
}

// --------------------------------------------------------------- the team

#[derive(Template)]
#[template(path = "consultation_team_list.html")]
struct TeamListPage {
    chrome: Chrome,
    city: CityRow,
    consultations: Vec<(ConsultationRow, Phase)>,
    can_manage: bool,
}

async fn team_list(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let city = state
        .civitas
        .participation_city(&context.visitor, &slug)
        .await?;
    let consultations = state
        .civitas
        .team_consultations(&context.visitor, &city)
        .await?;
    render(TeamListPage {
        chrome: Chrome::new(&state, &context),
        can_manage: state
            .civitas
            .may_manage_consultations(&context.visitor, city.id),
        city,
        consultations,
    })
}

#[derive(Template)]
#[template(path = "consultation_edit.html")]
struct EditPage {
    chrome: Chrome,
    city: CityRow,
    /// None for a new consultation.
    id: Option<i64>,
    form: ConsultationForm,
    errors: FormErrors,
    summary: Vec<(&'static str, String)>,
}

async fn team_city(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
) -> Result<CityRow, AppError> {
    Ok(state
        .civitas
        .participation_city(&context.visitor, slug)
        .await?)
}

async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let city = team_city(&state, &context, &slug).await?;
    if !state
        .civitas
        .may_manage_consultations(&context.visitor, city.id)
    {
        return Err(deny(&context));
    }
    let now = state.civitas.now();
    render(EditPage {
        chrome: Chrome::new(&state, &context),
        city,
        id: None,
        form: ConsultationForm {
            mode: "vote".into(),
            opens_on: day(now),
            closes_on: day(now + 28 * 86_400),
            ..ConsultationForm::default()
        },
        errors: FormErrors::default(),
        summary: Vec::new(),
    })
}

/// Refused: sign in first, or not allowed.
fn deny(context: &RequestContext) -> AppError {
    let denied = if context.visitor.user.is_some() {
        civitas_domain::Denied::Forbidden
    } else {
        civitas_domain::Denied::Unauthenticated
    };
    ServiceError::Denied(denied).into()
}

fn edit_failed(
    state: &AppState,
    mut page: EditPage,
    errors: &[FieldError],
) -> Result<Response, AppError> {
    let shown = form_errors(&page.chrome, errors, "");
    page.summary = summary(state, &page.chrome, &shown);
    page.errors = shown;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}

async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Form(form): Form<ConsultationForm>,
) -> Result<Response, AppError> {
    let city = team_city(&state, &context, &slug).await?;
    match state
        .civitas
        .create_consultation(&context.visitor, city.id, &form)
        .await
    {
        Ok(created) => Ok(see_other(&format!(
            "/cities/{slug}/participation/consultations/{}?notice=created",
            created.id
        ))),
        Err(ServiceError::Invalid(errors)) => {
            let page = EditPage {
                chrome: Chrome::new(&state, &context),
                city,
                id: None,
                form,
                errors: FormErrors::default(),
                summary: Vec::new(),
            };
            edit_failed(&state, page, &errors)
        }
        Err(other) => Err(other.into()),
    }
}

/// A consultation of the city in the path, for the team (another city's is not found).
async fn team_view(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
    assisted: bool,
) -> Result<ConsultationView, AppError> {
    let view = state
        .civitas
        .consultation_for(&context.visitor, id, assisted)
        .await?;
    if view.city.slug != slug {
        return Err(ServiceError::NotFound.into());
    }
    Ok(view)
}

async fn edit_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let view = team_view(&state, &context, &slug, id, false).await?;
    render(EditPage {
        chrome: Chrome::new(&state, &context),
        form: ConsultationForm::from_row(&view.consultation, &view.options),
        city: view.city,
        id: Some(id),
        errors: FormErrors::default(),
        summary: Vec::new(),
    })
}

async fn edit(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<ConsultationForm>,
) -> Result<Response, AppError> {
    let view = team_view(&state, &context, &slug, id, false).await?;
    match state
        .civitas
        .update_consultation(&context.visitor, id, &form)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/cities/{slug}/participation/consultations/{id}?notice=saved"
        ))),
        Err(ServiceError::Invalid(errors)) => {
            let page = EditPage {
                chrome: Chrome::new(&state, &context),
                city: view.city,
                id: Some(id),
                form,
                errors: FormErrors::default(),
                summary: Vec::new(),
            };
            edit_failed(&state, page, &errors)
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "consultation_overview.html")]
struct OverviewPage {
    chrome: Chrome,
    team: TeamConsultation,
    notice: Option<String>,
    can_manage: bool,
    can_assist: bool,
    /// May set what became of the consultation and its proposals.
    can_moderate: bool,
    /// The consultation's outcome status, once set.
    outcome_status: Option<String>,
    /// The comment whose hiding was refused, with what was typed.
    refused: Option<(i64, String)>,
    errors: FormErrors,
}

impl OverviewPage {
    fn answers(&self) -> String {
        self.chrome.count(&(self.team.ballots as i64))
    }
}

async fn overview_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
) -> Result<OverviewPage, AppError> {
    let team = state
        .civitas
        .team_consultation_page(&context.visitor, id)
        .await?;
    if team.view.city.slug != slug {
        return Err(ServiceError::NotFound.into());
    }
    let city = team.view.city.id;
    let chrome = Chrome::new(state, context);
    let outcome_status = super::outcomes::for_consultation(state, &chrome, &team.view.consultation)
        .await?
        .map(|o| o.status);
    Ok(OverviewPage {
        chrome,
        can_moderate: state
            .civitas
            .may_moderate_participation(&context.visitor, city),
        outcome_status,
        can_manage: state
            .civitas
            .may_manage_consultations(&context.visitor, city),
        can_assist: state.civitas.may_record_assisted(&context.visitor, city),
        team,
        notice: None,
        refused: None,
        errors: FormErrors::default(),
    })
}

async fn overview(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = overview_page(&state, &context, &slug, id).await?;
    const KNOWN: [&str; 5] = ["created", "saved", "published", "closed", "moderated"];
    page.notice = query
        .notice
        .as_deref()
        .filter(|n| KNOWN.contains(n))
        .map(|n| page.chrome.t(&format!("cs-notice-{n}")));
    render(page)
}

#[derive(serde::Deserialize, Default)]
struct StateForm {
    #[serde(default)]
    action: String,
}

async fn set_state(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<StateForm>,
) -> Result<Response, AppError> {
    team_view(&state, &context, &slug, id, false).await?;
    match state
        .civitas
        .set_consultation_state(&context.visitor, id, &form.action)
        .await
    {
        Ok(c) => {
            let notice = if c.status == "open" {
                "published"
            } else {
                "closed"
            };
            Ok(see_other(&format!(
                "/cities/{slug}/participation/consultations/{id}?notice={notice}"
            )))
        }
        Err(ServiceError::Invalid(_)) => Ok(see_other(&format!(
            "/cities/{slug}/participation/consultations/{id}"
        ))),
        Err(other) => Err(other.into()),
    }
}

async fn moderate_comment(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id, comment)): Path<(String, i64, i64)>,
    Form(form): Form<CommentModeration>,
) -> Result<Response, AppError> {
    let mut page = overview_page(&state, &context, &slug, id).await?;
    match state
        .civitas
        .moderate_comment(&context.visitor, id, comment, &form)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/cities/{slug}/participation/consultations/{id}?notice=moderated#comment-{comment}"
        ))),
        Err(ServiceError::Invalid(errors)) => {
            page.errors = FormErrors::from_fields(&page.chrome, &errors);
            page.refused = Some((comment, form.reason));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "consultation_assisted.html")]
struct AssistedPage {
    chrome: Chrome,
    view: ConsultationView,
    ballot: BallotState,
    questions: Vec<Demographic>,
    retention_months: i64,
    channels: [&'static str; 3],
    /// The receipt code of the answer just entered, to hand to the resident.
    saved: Option<String>,
}

impl AssistedPage {
    fn value<'a>(&'a self, name: &str) -> &'a str {
        field_value(&self.ballot.form, name)
    }
}

async fn assisted_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
) -> Result<AssistedPage, AppError> {
    let view = team_view(state, context, slug, id, true).await?;
    let chrome = Chrome::new(state, context);
    let retention_months = state.civitas.retention_months(view.city.id).await?;
    Ok(AssistedPage {
        questions: demographics(&chrome, &view),
        ballot: BallotState::empty(&view),
        chrome,
        view,
        retention_months,
        channels: ASSISTED_CHANNELS,
        saved: None,
    })
}

async fn assisted_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    render(assisted_page(&state, &context, &slug, id).await?)
}

async fn assisted(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut page = assisted_page(&state, &context, &slug, id).await?;
    let form = BallotForm::from_pairs(&pairs);
    match state
        .civitas
        .record_assisted_ballot(&context.visitor, id, &form)
        .await
    {
        Ok((_, code)) => {
            page.saved = Some(code);
            page.ballot.form.channel = form.channel;
            Ok((StatusCode::CREATED, render(page)?).into_response())
        }
        Err(ServiceError::Invalid(errors)) => {
            let shown = form_errors(&page.chrome, &errors, &page.view.consultation.mode);
            page.ballot.summary = summary(&state, &page.chrome, &shown);
            page.ballot.errors = shown;
            page.ballot.form = form;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(serde::Deserialize, Default)]
struct ChannelQuery {
    channel: Option<String>,
}

#[derive(Template)]
#[template(path = "consultation_results.html")]
struct ResultsPage {
    chrome: Chrome,
    results: ConsultationResults,
    channels: [&'static str; 4],
}

impl ResultsPage {
    fn group_name(&self, dimension: &str, code: &str) -> String {
        if dimension == "district" && !code.is_empty() {
            district_name(&self.results.view, code)
        } else {
            self.chrome.cs_group(dimension, code)
        }
    }

    fn csv_href(&self) -> String {
        let v = &self.results.view;
        let base = format!(
            "/cities/{}/participation/consultations/{}/results.csv",
            v.city.slug, v.consultation.id
        );
        match &self.results.channel {
            Some(c) => format!("{base}?channel={c}"),
            None => base,
        }
    }
}

async fn results(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<ChannelQuery>,
) -> Result<Response, AppError> {
    let results = state
        .civitas
        .consultation_results(&context.visitor, id, query.channel.as_deref())
        .await?;
    if results.view.city.slug != slug {
        return Err(ServiceError::NotFound.into());
    }
    render(ResultsPage {
        chrome: Chrome::new(&state, &context),
        results,
        channels: CHANNELS,
    })
}

async fn results_csv(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<ChannelQuery>,
) -> Result<Response, AppError> {
    let owner = state
        .civitas
        .team_consultation_page(&context.visitor, id)
        .await?
        .view
        .city;
    if owner.slug != slug {
        return Err(ServiceError::NotFound.into());
    }
    let csv = state
        .civitas
        .consultation_results_csv(&context.visitor, id, query.channel.as_deref())
        .await?;
    let file = format!("attachment; filename=\"consultation-{id}-results.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, file),
        ],
        csv,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "consultation_representation.html")]
struct RepresentationPage {
    chrome: Chrome,
    seen: Representation,
}

impl RepresentationPage {
    fn group_name(&self, dimension: &str, code: &str) -> String {
        if dimension == "district" {
            district_name(&self.seen.view, code)
        } else {
            self.chrome.cs_group(dimension, code)
        }
    }

    fn source_text(&self, source: &Option<String>) -> String {
        match source.as_deref() {
            Some("districts") => self.chrome.t("cs-source-districts"),
            Some(s) => self.chrome.t1("cs-source", "source", s),
            None => self.chrome.t("cs-source-none"),
        }
    }
}

async fn representation(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let seen = state.civitas.representation(&context.visitor, id).await?;
    if seen.view.city.slug != slug {
        return Err(ServiceError::NotFound.into());
    }
    render(RepresentationPage {
        chrome: Chrome::new(&state, &context),
        seen,
    })
}

#[derive(Template)]
#[template(path = "consultation_population.html")]
struct PopulationPage {
    chrome: Chrome,
    city: CityRow,
    /// (dimension, [(group, typed share)])
    dimensions: Vec<(&'static str, Vec<(&'static str, String)>)>,
    source: String,
    can_manage: bool,
    saved: bool,
    errors: FormErrors,
    summary: Vec<(&'static str, String)>,
}

fn population_page(
    state: &AppState,
    context: &RequestContext,
    city: CityRow,
    profile: &[PopulationShareRow],
) -> PopulationPage {
    let chrome = Chrome::new(state, context);
    let dimensions = profile_groups()
        .into_iter()
        .map(|(dimension, groups)| {
            (
                dimension,
                groups
                    .iter()
                    .map(|g| {
                        let typed = profile
                            .iter()
                            .find(|p| p.dimension == dimension && p.group_code == *g)
                            .map(|p| format_share(p.share_percent))
                            .unwrap_or_default();
                        (*g, typed)
                    })
                    .collect(),
            )
        })
        .collect();
    PopulationPage {
        can_manage: state
            .civitas
            .may_manage_consultations(&context.visitor, city.id),
        chrome,
        city,
        dimensions,
        source: profile
            .first()
            .map(|p| p.source.clone())
            .unwrap_or_default(),
        saved: false,
        errors: FormErrors::default(),
        summary: Vec::new(),
    }
}

/// A share as typed back into the form: `16`, `16.5`.
fn format_share(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

async fn population_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let city = team_city(&state, &context, &slug).await?;
    let profile = state
        .civitas
        .population_profile(&context.visitor, city.id)
        .await?;
    let mut page = population_page(&state, &context, city, &profile);
    page.saved = query.notice.as_deref() == Some("saved");
    render(page)
}

async fn save_population(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let city = team_city(&state, &context, &slug).await?;
    let mut form = ProfileForm::default();
    for (name, value) in &pairs {
        if name == "source" {
            form.source = value.clone();
        } else if let Some((dimension, group)) = name.split_once(':') {
            form.shares
                .push((dimension.to_string(), group.to_string(), value.clone()));
        }
    }
    match state
        .civitas
        .set_population_profile(&context.visitor, city.id, &form)
        .await
    {
        Ok(()) => Ok(see_other(&format!(
            "/cities/{slug}/participation/population?notice=saved"
        ))),
        Err(ServiceError::Invalid(errors)) => {
            let mut page = population_page(&state, &context, city, &[]);
            for (dimension, groups) in &mut page.dimensions {
                for (group, typed) in groups.iter_mut() {
                    if let Some((_, _, v)) = form
                        .shares
                        .iter()
                        .find(|(d, g, _)| d == dimension && g == group)
                    {
                        *typed = v.clone();
                    }
                }
            }
            page.source = form.source;
            let mut shown = FormErrors::from_fields(&page.chrome, &errors);
            for e in &errors {
                if e.field != "source" {
                    shown.0.insert(e.field, page.chrome.t("cs-error-shares"));
                }
            }
            page.summary = shown
                .summary(&["source", "age_band", "gender", "disability"])
                .into_iter()
                .map(|(field, message)| {
                    let label = if field == "source" {
                        page.chrome.t("cs-field-source")
                    } else {
                        page.chrome.t(&format!("cs-dimension-{field}"))
                    };
                    let args = [("field", label), ("message", message)];
                    (
                        field,
                        state
                            .i18n
                            .text_with(page.chrome.lang, "pa-error-in-field", &args),
                    )
                })
                .collect();
            page.errors = shown;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
