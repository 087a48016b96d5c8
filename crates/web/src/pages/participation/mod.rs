//! Participation pages. For residents (no account, no JavaScript, small
//! pages): report a problem, the receipt, follow a request by its receipt
//! code with its dated timeline, download it as JSON, erase it after
//! confirmation. For the city: the moderation queue and one request with its
//! status, notes and hiding with a reason the author sees; client apps'
//! Open311 keys.
//!
//! URLs: `/cities/{slug}/report` · `/receipts` · `/receipts/{code}` (+
//! `/download`, `/erase`) · `/cities/{slug}/participation` (queue) ·
//! `…/participation/requests/{id}` · `…/participation/apps`.

mod consultations;
mod outcomes;

use crate::AppError;
use crate::pages::{Chrome, FormErrors, render, see_other};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use civitas_service::ServiceError;
use civitas_service::participation::{ModerationForm, Receipt, RequestForm, Submission, Submitter};
use civitas_store::{CityRow, RequestEventRow, ServiceRequestRow, ServiceRow};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/cities/{slug}/report", get(report_form).post(report))
        .route("/receipts", get(follow))
        .route("/receipts/{code}", get(receipt))
        .route("/receipts/{code}/download", get(download))
        .route("/receipts/{code}/erase", get(confirm_erase).post(erase))
        .route("/cities/{slug}/participation", get(queue))
        .route(
            "/cities/{slug}/participation/requests/{id}",
            get(moderate_form).post(moderate),
        )
        .route("/cities/{slug}/participation/apps", post(create_app))
        .merge(outcomes::routes())
        .merge(consultations::routes())
}

/// The label of each field of the report form, so the error summary at the
/// top says which field a problem is in.
const FIELD_LABELS: [(&str, &str); 7] = [
    ("service_code", "pa-field-service"),
    ("description", "pa-field-description"),
    ("address_string", "pa-field-address"),
    ("email", "pa-field-email"),
    ("first_name", "pa-field-first-name"),
    ("last_name", "pa-field-last-name"),
    ("phone", "pa-field-phone"),
];

const FORM_ORDER: [&str; 8] = [
    "service_code",
    "description",
    "address_string",
    "email",
    "first_name",
    "last_name",
    "phone",
    "website",
];

impl ReportPage {
    /// The optional contact fields: (name, label key, input type, autocomplete, value).
    fn contact_fields(
        &self,
    ) -> [(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        String,
    ); 4] {
        [
            (
                "email",
                "pa-field-email",
                "email",
                "email",
                self.form.email.clone(),
            ),
            (
                "first_name",
                "pa-field-first-name",
                "text",
                "given-name",
                self.form.first_name.clone(),
            ),
            (
                "last_name",
                "pa-field-last-name",
                "text",
                "family-name",
                self.form.last_name.clone(),
            ),
            (
                "phone",
                "pa-field-phone",
                "tel",
                "tel",
                self.form.phone.clone(),
            ),
        ]
    }
}

#[derive(Template)]
#[template(path = "participation_report.html")]
struct ReportPage {
    chrome: Chrome,
    city: CityRow,
    services: Vec<ServiceRow>,
    form: RequestForm,
    errors: FormErrors,
    summary: Vec<(&'static str, String)>,
    /// A recent request like this one: (id, when).
    duplicate: Option<(i64, String)>,
    /// Shown instead of the form's errors (rate limit).
    notice: Option<String>,
}

async fn report_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let city = state
        .civitas
        .participation_city(&context.visitor, &slug)
        .await?;
    let services = state.civitas.participation_services(&city).await?;
    render(ReportPage {
        chrome: Chrome::new(&state, &context),
        city,
        services,
        form: RequestForm::default(),
        errors: FormErrors::default(),
        summary: Vec::new(),
        duplicate: None,
        notice: None,
    })
}

async fn report(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Form(form): Form<RequestForm>,
) -> Result<Response, AppError> {
    let city = state
        .civitas
        .participation_city(&context.visitor, &slug)
        .await?;
    let services = state.civitas.participation_services(&city).await?;
    let submitter = Submitter {
        address: &context.client_address,
        api_key: None,
        channel: "web",
    };
    let outcome = state
        .civitas
        .submit_service_request(&city, &form, submitter)
        .await;
    let chrome = Chrome::new(&state, &context);
    let mut page = ReportPage {
        chrome,
        city,
        services,
        form,
        errors: FormErrors::default(),
        summary: Vec::new(),
        duplicate: None,
        notice: None,
    };
    let status = match outcome {
        Ok(Submission::Accepted { receipt, .. }) => {
            return Ok(see_other(&format!("/receipts/{receipt}?notice=submitted")));
        }
        Ok(Submission::Duplicate(earlier)) => {
            page.duplicate = Some((earlier.id, page.chrome.time(&earlier.requested_at)));
            StatusCode::OK
        }
        Err(ServiceError::Invalid(errors)) => {
            let mut shown = FormErrors::from_fields(&page.chrome, &errors);
            if errors.iter().any(|e| e.field == "website") {
                shown = FormErrors::one("website", page.chrome.t("pa-error-honeypot"));
            }
            page.summary = labelled_summary(&state, &page.chrome, &shown);
            page.errors = shown;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(ServiceError::Throttled(wait)) => {
            let minutes = wait.div_ceil(60);
            page.notice = Some(page.chrome.t1("pa-throttled", "minutes", minutes));
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

/// The report form's problems in form order, each named by its field's label.
fn labelled_summary(
    state: &AppState,
    chrome: &Chrome,
    errors: &FormErrors,
) -> Vec<(&'static str, String)> {
    let label = |field: &str| FIELD_LABELS.iter().find(|(f, _)| *f == field);
    errors
        .summary(&FORM_ORDER)
        .into_iter()
        .map(|(field, message)| match label(field) {
            Some((_, key)) => {
                let args = [("field", chrome.t(key)), ("message", message)];
                let text = state
                    .i18n
                    .text_with(chrome.lang, "pa-error-in-field", &args);
                (field, text)
            }
            None => (field, message),
        })
        .collect()
}

struct TimelineLine {
    when: String,
    text: String,
    note: Option<String>,
}

fn timeline(chrome: &Chrome, events: &[RequestEventRow]) -> Vec<TimelineLine> {
    events
        .iter()
        .map(|e| TimelineLine {
            when: chrome.time(&e.at),
            text: match e.kind.as_str() {
                "submitted" => chrome.t("pa-event-submitted"),
                "hidden" => chrome.t("pa-event-hidden"),
                "shown" => chrome.t("pa-event-shown"),
                _ => chrome.t(&format!("pa-event-status-{}", e.status)),
            },
            note: e.note.clone(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "participation_receipt.html")]
struct ReceiptPage {
    chrome: Chrome,
    code: String,
    submitted: bool,
    sent: Receipt,
    timeline: Vec<TimelineLine>,
    /// What the city made of it ("you said, we did").
    outcome: Option<outcomes::OutcomeShown>,
}

#[derive(serde::Deserialize, Default)]
struct ReceiptQuery {
    notice: Option<String>,
    code: Option<String>,
}

async fn receipt(
    State(state): State<AppState>,
    context: RequestContext,
    Path(code): Path<String>,
    Query(query): Query<ReceiptQuery>,
) -> Result<Response, AppError> {
    let code = civitas_service::participation::normalise_receipt(&code);
    let receipt = state.civitas.receipt(&code).await?;
    let chrome = Chrome::new(&state, &context);
    let timeline = timeline(&chrome, &receipt.events);
    let outcome = outcomes::for_receipt(&state, &chrome, &receipt.request).await?;
    render(ReceiptPage {
        chrome,
        code,
        submitted: query.notice.as_deref() == Some("submitted"),
        sent: receipt,
        timeline,
        outcome,
    })
}

#[derive(Template)]
#[template(path = "participation_follow.html")]
struct FollowPage {
    chrome: Chrome,
    code: String,
    not_found: bool,
    erased: bool,
}

/// The "follow a request" form; with a code, on to its receipt.
async fn follow(
    State(state): State<AppState>,
    context: RequestContext,
    Query(query): Query<ReceiptQuery>,
) -> Result<Response, AppError> {
    let chrome = Chrome::new(&state, &context);
    let code = query.code.unwrap_or_default();
    let mut not_found = false;
    if !code.trim().is_empty() {
        let code = civitas_service::participation::normalise_receipt(&code);
        match state.civitas.receipt(&code).await {
            Ok(_) => return Ok(see_other(&format!("/receipts/{code}"))),
            // A receipt code may also be a consultation answer's.
            Err(ServiceError::NotFound) => match state.civitas.ballot_receipt(&code).await {
                Ok(_) => return Ok(see_other(&format!("/ballots/{code}"))),
                Err(ServiceError::NotFound) => not_found = true,
                Err(other) => return Err(other.into()),
            },
            Err(other) => return Err(other.into()),
        }
    }
    let page = FollowPage {
        chrome,
        code,
        not_found,
        erased: query.notice.as_deref() == Some("erased"),
    };
    let status = if not_found {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    Ok((status, render(page)?).into_response())
}

async fn download(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let value = state.civitas.receipt_download(&code).await?;
    let id = value["service_request_id"]
        .as_str()
        .unwrap_or("request")
        .to_string();
    json_attachment(&value, &format!("request-{id}.json"))
}

/// Everything a resident sent, as a JSON file to keep (requests, consultation answers).
fn json_attachment(value: &serde_json::Value, filename: &str) -> Result<Response, AppError> {
    let body =
        serde_json::to_string_pretty(value).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage {
    chrome: Chrome,
    title: String,
    question: String,
    action: String,
    confirm_label: String,
    cancel_href: String,
}

async fn confirm_erase(
    State(state): State<AppState>,
    context: RequestContext,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let code = civitas_service::participation::normalise_receipt(&code);
    let receipt = state.civitas.receipt(&code).await?;
    let chrome = Chrome::new(&state, &context);
    render(ConfirmPage {
        title: chrome.t("pa-erase-title"),
        question: chrome.t1("pa-erase-question", "id", receipt.request.id),
        action: format!("/receipts/{code}/erase"),
        confirm_label: chrome.t("pa-erase-confirm"),
        cancel_href: format!("/receipts/{code}"),
        chrome,
    })
}

async fn erase(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    state.civitas.erase_by_receipt(&code).await?;
    Ok(see_other("/receipts?notice=erased"))
}

#[derive(Template)]
#[template(path = "participation_queue.html")]
struct QueuePage {
    chrome: Chrome,
    city: CityRow,
    requests: Vec<ServiceRequestRow>,
    can_manage_apps: bool,
    apps: Vec<civitas_store::ClientAppRow>,
    new_key: Option<String>,
    /// The new app's form, sent back with its problem.
    app_name: String,
    errors: FormErrors,
}

async fn queue_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    new_key: Option<String>,
) -> Result<QueuePage, AppError> {
    let city = state
        .civitas
        .participation_city(&context.visitor, slug)
        .await?;
    let requests = state
        .civitas
        .moderation_queue(&context.visitor, city.id)
        .await?;
    let apps = state.civitas.client_apps(&context.visitor, city.id).await;
    Ok(QueuePage {
        chrome: Chrome::new(state, context),
        can_manage_apps: apps.is_ok(),
        apps: apps.unwrap_or_default(),
        city,
        requests,
        new_key,
        app_name: String::new(),
        errors: FormErrors::default(),
    })
}

async fn queue(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    render(queue_page(&state, &context, &slug, None).await?)
}

#[derive(serde::Deserialize, Default)]
struct AppForm {
    #[serde(default)]
    name: String,
}

async fn create_app(
    State(state): State<AppState>,
    context: RequestContext,
    Path(slug): Path<String>,
    Form(form): Form<AppForm>,
) -> Result<Response, AppError> {
    let city = state
        .civitas
        .participation_city(&context.visitor, &slug)
        .await?;
    match state
        .civitas
        .create_client_app(&context.visitor, city.id, &form.name)
        .await
    {
        Ok((_, key)) => {
            let page = queue_page(&state, &context, &slug, Some(key)).await?;
            Ok((StatusCode::CREATED, render(page)?).into_response())
        }
        Err(ServiceError::Invalid(errors)) => {
            let mut page = queue_page(&state, &context, &slug, None).await?;
            page.errors = FormErrors::from_fields(&page.chrome, &errors);
            page.app_name = form.name;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "participation_moderate.html")]
struct ModeratePage {
    chrome: Chrome,
    city: CityRow,
    item: ServiceRequestRow,
    timeline: Vec<TimelineLine>,
    errors: FormErrors,
    notice: Option<String>,
    /// What was typed in the status and hiding forms, kept when one is refused.
    notes: String,
    reason: String,
}

async fn moderate_page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
) -> Result<ModeratePage, AppError> {
    let city = state
        .civitas
        .participation_city(&context.visitor, slug)
        .await?;
    let (request, events) = state
        .civitas
        .moderated_request(&context.visitor, id)
        .await?;
    if request.city_id != city.id {
        return Err(ServiceError::NotFound.into());
    }
    let chrome = Chrome::new(state, context);
    Ok(ModeratePage {
        timeline: timeline(&chrome, &events),
        chrome,
        city,
        item: request,
        errors: FormErrors::default(),
        notice: None,
        notes: String::new(),
        reason: String::new(),
    })
}

async fn moderate_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<ReceiptQuery>,
) -> Result<Response, AppError> {
    let mut page = moderate_page(&state, &context, &slug, id).await?;
    if query.notice.as_deref() == Some("saved") {
        page.notice = Some(page.chrome.t("pa-notice-saved"));
    }
    render(page)
}

async fn moderate(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<ModerationForm>,
) -> Result<Response, AppError> {
    let mut page = moderate_page(&state, &context, &slug, id).await?;
    match state
        .civitas
        .moderate_request(&context.visitor, id, &form)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/cities/{slug}/participation/requests/{id}?notice=saved"
        ))),
        Err(ServiceError::Invalid(errors)) => {
            page.errors = FormErrors::from_fields(&page.chrome, &errors);
            page.notes = form.notes;
            page.reason = form.reason;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
        }
        Err(other) => Err(other.into()),
    }
}
