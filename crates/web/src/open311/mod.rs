//! Open311 GeoReport v2 under `/open311/v2/`, so existing clients
//! (FixMyStreet, r311, city apps) work unchanged: `services.{fmt}`,
//! `services/{service_code}.{fmt}`, `requests.{fmt}` (GET search, POST
//! create) and `requests/{service_request_id}.{fmt}`, with `fmt` `json` or
//! `xml` and `jurisdiction_id` the city's slug. Field names and the error
//! format (a list of `{code, description}`, in XML `<errors><error>…`) are the
//! specification's. This is not `/api/v1`: its own router, its own errors.
//!
//! Handlers never read the session cookie: a request acts as an anonymous
//! resident or as the trusted client app its `api_key` names, so the POST is
//! exempt from the CSRF check (see `csrf.rs`) and held to the per-address
//! rate limits instead. Contact details are never part of any answer.

mod format;

use crate::state::AppState;
use crate::visitor::RequestContext;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use civitas_service::ServiceError;
use civitas_service::participation::time::{iso8601, parse_iso8601};
use civitas_service::participation::{PublicFilter, RequestForm, Submission, Submitter};
use civitas_store::{CityRow, ServiceRequestRow, ServiceRow};
use format::{Format, Value, render};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/open311/v2/{file}", get(top_level).post(create))
        .route("/open311/v2/services/{file}", get(service_definition))
        .route("/open311/v2/requests/{file}", get(one_request))
}

/// An Open311 error answer: the HTTP status and the list of errors.
struct Failure {
    status: StatusCode,
    errors: Vec<(u16, String)>,
    retry_after: Option<u64>,
}

impl Failure {
    fn new(status: StatusCode, description: impl Into<String>) -> Failure {
        Failure {
            status,
            errors: vec![(status.as_u16(), description.into())],
            retry_after: None,
        }
    }

    fn not_found(what: &str) -> Failure {
        Failure::new(StatusCode::NOT_FOUND, format!("{what} not found"))
    }

    fn from_service(error: ServiceError, context: &RequestContext) -> Failure {
        match error {
            ServiceError::NotFound => Failure::not_found("jurisdiction_id or record"),
            ServiceError::Denied(_) => Failure::new(StatusCode::FORBIDDEN, "Invalid api_key"),
            ServiceError::Invalid(errors) => Failure {
                status: StatusCode::BAD_REQUEST,
                errors: errors
                    .iter()
                    .map(|e| (400, format!("{}: {}", e.field, e.problem)))
                    .collect(),
                retry_after: None,
            },
            ServiceError::Throttled(wait) => Failure {
                retry_after: Some(wait),
                ..Failure::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    format!("Too many requests from this address; try again in {wait} seconds"),
                )
            },
            other => {
                tracing::error!(request_id = context.request_id, error = %other, "open311 request failed");
                Failure::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("Internal error (request {})", context.request_id),
                )
            }
        }
    }

    fn respond(self, format: Format) -> Response {
        let list = Value::List(
            "errors",
            self.errors
                .into_iter()
                .map(|(code, description)| {
                    Value::Object(
                        "error",
                        vec![
                            ("code", Value::Number(f64::from(code))),
                            ("description", Value::Text(description)),
                        ],
                    )
                })
                .collect(),
        );
        let mut response = render(format, self.status, &list);
        if let Some(wait) = self.retry_after
            && let Ok(value) = HeaderValue::from_str(&wait.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

/// `services.json` → ("services", json). Unknown suffixes answer 404 in JSON.
fn split(file: &str) -> Result<(&str, Format), Failure> {
    let (name, ext) = file
        .rsplit_once('.')
        .ok_or_else(|| Failure::not_found("format (.json or .xml)"))?;
    match ext {
        "json" => Ok((name, Format::Json)),
        "xml" => Ok((name, Format::Xml)),
        _ => Err(Failure::not_found("format (.json or .xml)")),
    }
}

fn params(raw: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(raw).into_owned().collect()
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn text(value: &str) -> Value {
    Value::Text(value.to_string())
}

fn optional_text(value: Option<&str>) -> Value {
    value.map_or(Value::Null, text)
}

fn service_value(s: &ServiceRow) -> Value {
    Value::Object(
        "service",
        vec![
            ("service_code", text(&s.code)),
            ("service_name", text(&s.name)),
            ("description", text(&s.description)),
            ("metadata", Value::Bool(false)),
            ("type", text("realtime")),
            ("keywords", text(&s.keywords)),
            ("group", text(&s.group)),
        ],
    )
}

/// One request as the specification lists its fields: never contact details.
fn request_value(r: &ServiceRequestRow, services: &[ServiceRow]) -> Value {
    let notice = services
        .iter()
        .find(|s| s.id == r.service_id)
        .map(|s| s.notice.as_str())
        .filter(|n| !n.is_empty());
    Value::Object(
        "request",
        vec![
            ("service_request_id", text(&r.id.to_string())),
            ("status", text(&r.status)),
            ("status_notes", optional_text(r.status_notes.as_deref())),
            ("service_name", text(&r.service_name)),
            ("service_code", text(&r.service_code)),
            ("description", text(&r.description)),
            (
                "agency_responsible",
                optional_text(r.agency_responsible.as_deref()),
            ),
            ("service_notice", optional_text(notice)),
            ("requested_datetime", text(&iso8601(r.requested_at))),
            ("updated_datetime", text(&iso8601(r.updated_at))),
            ("expected_datetime", Value::Null),
            ("address", optional_text(r.address.as_deref())),
            ("address_id", Value::Null),
            ("zipcode", Value::Null),
            ("lat", r.lat.map_or(Value::Null, Value::Number)),
            ("long", r.long.map_or(Value::Null, Value::Number)),
            ("media_url", Value::Null),
        ],
    )
}

async fn city(state: &AppState, params: &[(String, String)]) -> Result<CityRow, ServiceError> {
    state
        .civitas
        .open311_city(param(params, "jurisdiction_id"))
        .await
}

/// `GET services.{fmt}` and `GET requests.{fmt}`.
async fn top_level(
    State(state): State<AppState>,
    context: RequestContext,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let (name, format) = match split(&file) {
        Ok(split) => split,
        Err(failure) => return failure.respond(Format::Json),
    };
    let params = params(query.unwrap_or_default().as_bytes());
    let answer = match name {
        "services" => list_services(&state, &params).await,
        "requests" => search(&state, &params).await,
        _ => return Failure::not_found("endpoint").respond(format),
    };
    match answer {
        Ok(value) => render(format, StatusCode::OK, &value),
        Err(Ok(error)) => Failure::from_service(error, &context).respond(format),
        Err(Err(failure)) => failure.respond(format),
    }
}

type Answer = Result<Value, Result<ServiceError, Failure>>;

async fn list_services(state: &AppState, params: &[(String, String)]) -> Answer {
    let city = city(state, params).await.map_err(Ok)?;
    let services = state
        .civitas
        .participation_services(&city)
        .await
        .map_err(Ok)?;
    Ok(Value::List(
        "services",
        services.iter().map(service_value).collect(),
    ))
}

fn bad(description: String) -> Result<ServiceError, Failure> {
    Err(Failure::new(StatusCode::BAD_REQUEST, description))
}

async fn search(state: &AppState, params: &[(String, String)]) -> Answer {
    let city = city(state, params).await.map_err(Ok)?;
    let mut filter = PublicFilter::default();
    if let Some(ids) = param(params, "service_request_id").filter(|v| !v.trim().is_empty()) {
        for id in ids.split(',') {
            let id = id.trim().parse::<i64>().map_err(|_| {
                bad(format!(
                    "service_request_id: expected numbers separated by commas, got {id:?}"
                ))
            })?;
            filter.ids.push(id);
        }
    }
    filter.service_code = param(params, "service_code")
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string);
    for (name, slot) in [
        ("start_date", &mut filter.start),
        ("end_date", &mut filter.end),
    ] {
        if let Some(value) = param(params, name).filter(|v| !v.trim().is_empty()) {
            *slot = Some(parse_iso8601(value).ok_or_else(|| {
                bad(format!(
                    "{name}: expected an ISO 8601 date-time such as 2024-05-01T08:15:30Z"
                ))
            })?);
        }
    }
    if let Some(status) = param(params, "status").filter(|v| !v.trim().is_empty()) {
        let wanted: Vec<&str> = status.split(',').map(str::trim).collect();
        if wanted.iter().any(|s| !matches!(*s, "open" | "closed")) {
            return Err(bad("status: expected open or closed".into()));
        }
        if wanted.len() == 1 {
            filter.status = Some(wanted[0].to_string());
        }
    }
    let services = state
        .civitas
        .participation_services(&city)
        .await
        .map_err(Ok)?;
    let requests = state
        .civitas
        .public_service_requests(&city, &filter)
        .await
        .map_err(Ok)?;
    Ok(Value::List(
        "service_requests",
        requests
            .iter()
            .map(|r| request_value(r, &services))
            .collect(),
    ))
}

/// `GET services/{service_code}.{fmt}`: the service definition. No service
/// asks for extra attributes (`metadata` is false), so the list is empty.
async fn service_definition(
    State(state): State<AppState>,
    context: RequestContext,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let (code, format) = match split(&file) {
        Ok(split) => split,
        Err(failure) => return failure.respond(Format::Json),
    };
    let params = params(query.unwrap_or_default().as_bytes());
    let services = match city(&state, &params).await {
        Ok(city) => state.civitas.participation_services(&city).await,
        Err(error) => Err(error),
    };
    match services {
        Ok(services) if services.iter().any(|s| s.code == code) => {
            let value = Value::Object(
                "service_definition",
                vec![
                    ("service_code", text(code)),
                    ("attributes", Value::List("attributes", Vec::new())),
                ],
            );
            render(format, StatusCode::OK, &value)
        }
        Ok(_) => Failure::not_found("service_code").respond(format),
        Err(error) => Failure::from_service(error, &context).respond(format),
    }
}

/// `GET requests/{service_request_id}.{fmt}`: a list holding that one request.
async fn one_request(
    State(state): State<AppState>,
    context: RequestContext,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let (id, format) = match split(&file) {
        Ok(split) => split,
        Err(failure) => return failure.respond(Format::Json),
    };
    let Ok(id) = id.parse::<i64>() else {
        return Failure::not_found("service_request_id").respond(format);
    };
    let params = params(query.unwrap_or_default().as_bytes());
    let found = async {
        let city = city(&state, &params).await?;
        let request = state.civitas.public_service_request(&city, id).await?;
        let services = state.civitas.participation_services(&city).await?;
        Ok::<_, ServiceError>(request_value(&request, &services))
    }
    .await;
    match found {
        Ok(value) => render(
            format,
            StatusCode::OK,
            &Value::List("service_requests", vec![value]),
        ),
        Err(ServiceError::NotFound) => Failure::not_found("service_request_id").respond(format),
        Err(error) => Failure::from_service(error, &context).respond(format),
    }
}

/// `POST requests.{fmt}` (form-encoded, as the specification sends it).
async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let (name, format) = match split(&file) {
        Ok(split) => split,
        Err(failure) => return failure.respond(Format::Json),
    };
    if name != "requests" {
        return Failure::new(StatusCode::METHOD_NOT_ALLOWED, "Only requests accepts POST")
            .respond(format);
    }
    let mut params = params(&body);
    params.extend(self::params(query.unwrap_or_default().as_bytes()));
    let get = |name: &str| param(&params, name).unwrap_or_default().to_string();
    let form = RequestForm {
        service_code: get("service_code"),
        description: get("description"),
        address_string: get("address_string"),
        lat: get("lat"),
        long: get("long"),
        email: get("email"),
        first_name: get("first_name"),
        last_name: get("last_name"),
        phone: get("phone"),
        website: String::new(),
        confirm_duplicate: String::new(),
    };
    let city = match city(&state, &params).await {
        Ok(city) => city,
        Err(error) => return Failure::from_service(error, &context).respond(format),
    };
    let api_key = param(&params, "api_key");
    let submitter = Submitter {
        address: &context.client_address,
        api_key,
        channel: "open311",
    };
    match state
        .civitas
        .submit_service_request(&city, &form, submitter)
        .await
    {
        Ok(Submission::Accepted { request, receipt }) => {
            let services = state
                .civitas
                .participation_services(&city)
                .await
                .unwrap_or_default();
            let notice = services
                .iter()
                .find(|s| s.id == request.service_id)
                .map(|s| s.notice.clone())
                .unwrap_or_default();
            let notice = format!(
                "{notice} Receipt code {receipt}: keep it to follow, download or erase this request at {}/receipts",
                state.config.public_url
            );
            let value = Value::List(
                "service_requests",
                vec![Value::Object(
                    "request",
                    vec![
                        ("service_request_id", text(&request.id.to_string())),
                        ("service_notice", text(notice.trim())),
                        ("account_id", Value::Null),
                    ],
                )],
            );
            render(format, StatusCode::CREATED, &value)
        }
        Ok(Submission::Duplicate(earlier)) => Failure::new(
            StatusCode::BAD_REQUEST,
            format!(
                "duplicate: service request {} reported the same problem in the last 24 hours; it was not stored again",
                earlier.id
            ),
        )
        .respond(format),
        Err(error) => Failure::from_service(error, &context).respond(format),
    }
}
