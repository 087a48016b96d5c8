//! Service requests: submitted by residents (web form or Open311 client),
//! acknowledged with a receipt code only once stored, followed, downloaded
//! and erased with that code; listed publicly without contact details or
//! hidden ones; moderated and answered by the city's team.

use super::limits::{PER_ADDRESS, PER_CLIENT_APP};
use super::{new_receipt_code, normalise_receipt, time::iso8601};
use crate::error::Checks;
use crate::secrets::{new_secret, token_hash};
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::validation::{self, FieldError, Problem};
use civitas_domain::{Action, CityId, Denied, policy};
use civitas_store::{
    CityRow, ClientAppRow, NewServiceRequest, RequestContact, RequestEventRow, RequestFilter,
    ServiceRequestRow, ServiceRow,
};
use sha2::{Digest, Sha256};

/// Open311's limit on a description.
pub const MAX_DESCRIPTION: usize = 4000;
/// A request like an earlier one within this long is shown as a possible duplicate.
const DUPLICATE_WINDOW: i64 = 24 * 3600;
/// Most requests one search returns (Open311 clients expect about 1,000).
const SEARCH_LIMIT: i64 = 1000;
/// Without dates, a search covers the last 90 days (the spec's usual default).
const DEFAULT_SEARCH_DAYS: i64 = 90;

/// A request as a form or an Open311 client sends it, before checking.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct RequestForm {
    pub service_code: String,
    pub description: String,
    pub address_string: String,
    pub lat: String,
    pub long: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    /// The honeypot: hidden from people, filled in by form-filling robots.
    pub website: String,
    /// "Send it anyway" after being shown a possible duplicate.
    pub confirm_duplicate: String,
}

/// Who is submitting, as far as rate limits care.
pub struct Submitter<'a> {
    /// The client's IP address.
    pub address: &'a str,
    /// The trusted client app's key, if one was given (Open311 `api_key`).
    pub api_key: Option<&'a str>,
    /// `web` or `open311`.
    pub channel: &'a str,
}

/// What came of a submission.
#[derive(Debug)]
pub enum Submission {
    /// Stored (committed): the receipt code is shown once, only its hash is kept.
    Accepted {
        request: ServiceRequestRow,
        receipt: String,
    },
    /// A request like this one was made recently: nothing stored.
    Duplicate(ServiceRequestRow),
}

/// What the author of a request sees through the receipt code.
#[derive(Debug, Clone)]
pub struct Receipt {
    pub request: ServiceRequestRow,
    pub events: Vec<RequestEventRow>,
    pub contact: Option<RequestContact>,
    pub city: CityRow,
}

/// Open311 search parameters, already read.
#[derive(Debug, Clone, Default)]
pub struct PublicFilter {
    pub ids: Vec<i64>,
    pub service_code: Option<String>,
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub status: Option<String>,
}

/// A moderator's decision on one request.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ModerationForm {
    /// `status`, `hide` or `show`.
    pub action: String,
    pub status: String,
    pub notes: String,
    pub reason: String,
}

fn field(field: &'static str, problem: Problem) -> FieldError {
    FieldError { field, problem }
}

fn optional(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

fn coordinate(
    checks: &mut Checks,
    name: &'static str,
    raw: &str,
    bound: f64,
) -> Option<Option<f64>> {
    let value = checks.take(validation::optional_number(name, raw))?;
    if value.is_some_and(|v| v.abs() > bound) {
        checks.push(field(name, Problem::NotANumber));
        return None;
    }
    Some(value)
}

/// Same service, same words, same place: the same report.
fn fingerprint(
    service_id: i64,
    description: &str,
    address: Option<&str>,
    lat: Option<f64>,
    long: Option<f64>,
) -> String {
    let words = |t: &str| {
        t.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let place = format!(
        "{}|{}|{}",
        words(address.unwrap_or_default()),
        lat.map(|v| format!("{v:.4}")).unwrap_or_default(),
        long.map(|v| format!("{v:.4}")).unwrap_or_default()
    );
    let text = format!("{service_id}|{}|{place}", words(description));
    hex::encode(Sha256::digest(text.as_bytes()))
}

impl Civitas {
    /// A city residents may report to: published, or the visitor's own.
    pub async fn participation_city(
        &self,
        visitor: &Visitor,
        slug: &str,
    ) -> Result<CityRow, ServiceError> {
        let city = self
            .store
            .city_by_slug(slug)
            .await?
            .ok_or(ServiceError::NotFound)?;
        policy::authorize(
            &visitor.actor,
            Action::ViewPublishedCity {
                city: CityId(city.id),
                published: city.published,
            },
        )
        .map_err(|_| ServiceError::NotFound)?;
        Ok(city)
    }

    /// The city an Open311 `jurisdiction_id` names (its slug), among published
    /// cities; without one, the only published city if there is exactly one.
    pub async fn open311_city(&self, jurisdiction: Option<&str>) -> Result<CityRow, ServiceError> {
        let published: Vec<CityRow> = self
            .store
            .cities()
            .await?
            .into_iter()
            .filter(|c| c.published)
            .collect();
        match jurisdiction.map(str::trim).filter(|j| !j.is_empty()) {
            Some(slug) => published
                .into_iter()
                .find(|c| c.slug == slug)
                .ok_or(ServiceError::NotFound),
            None if published.len() == 1 => {
                Ok(published.into_iter().next().ok_or(ServiceError::NotFound)?)
            }
            None => Err(ServiceError::Invalid(vec![field(
                "jurisdiction_id",
                Problem::Required,
            )])),
        }
    }

    /// The services of a city residents can report to.
    pub async fn participation_services(
        &self,
        city: &CityRow,
    ) -> Result<Vec<ServiceRow>, ServiceError> {
        Ok(self.store.services(city.id).await?)
    }

    /// The trusted client app a key belongs to; a key that is wrong, revoked
    /// or another city's is refused (Open311 answers 403).
    pub async fn client_app_for_key(
        &self,
        city: &CityRow,
        key: &str,
    ) -> Result<ClientAppRow, ServiceError> {
        match self
            .store
            .client_app_by_key(&token_hash(key.trim()))
            .await?
        {
            Some(app) if app.city_id == city.id => Ok(app),
            _ => Err(ServiceError::Denied(Denied::Forbidden)),
        }
    }

    /// Checks and stores a resident's request. The receipt is returned only
    /// after the transaction has committed.
    pub async fn submit_service_request(
        &self,
        city: &CityRow,
        form: &RequestForm,
        submitter: Submitter<'_>,
    ) -> Result<Submission, ServiceError> {
        let app = match submitter.api_key.filter(|k| !k.trim().is_empty()) {
            Some(key) => Some(self.client_app_for_key(city, key).await?),
            None => None,
        };
        let (key, limit) = match &app {
            Some(app) => (format!("app:{}", app.id), PER_CLIENT_APP),
            None => (
                format!("city:{}:address:{}", city.id, submitter.address),
                PER_ADDRESS,
            ),
        };
        self.participation_limits
            .admit(&key, limit, self.now())
            .map_err(ServiceError::Throttled)?;
        let outcome = self
            .store_request(city, form, &submitter, app.as_ref())
            .await;
        if !matches!(outcome, Ok(Submission::Accepted { .. })) {
            self.participation_limits.release(&key);
        }
        outcome
    }

    async fn store_request(
        &self,
        city: &CityRow,
        form: &RequestForm,
        submitter: &Submitter<'_>,
        app: Option<&ClientAppRow>,
    ) -> Result<Submission, ServiceError> {
        let mut checks = Checks::default();
        if !form.website.trim().is_empty() {
            checks.push(field("website", Problem::TooLong));
        }
        let services = self.store.services(city.id).await?;
        let service = services.iter().find(|s| s.code == form.service_code.trim());
        if service.is_none() {
            checks.push(field("service_code", Problem::Required));
        }
        let description = checks.take(validation::required_text(
            "description",
            &form.description,
            MAX_DESCRIPTION,
        ));
        let address = checks.take(validation::optional_text(
            "address_string",
            &form.address_string,
            500,
        ));
        let lat = coordinate(&mut checks, "lat", &form.lat, 90.0);
        let long = coordinate(&mut checks, "long", &form.long, 180.0);
        if let (Some(Some(_)), Some(None)) | (Some(None), Some(Some(_))) = (lat, long) {
            checks.push(field(
                if lat == Some(None) { "lat" } else { "long" },
                Problem::Required,
            ));
        }
        let has_place = address.as_ref().is_some_and(|a| !a.is_empty())
            || matches!((lat, long), (Some(Some(_)), Some(Some(_))));
        if address.is_some() && lat.is_some() && long.is_some() && !has_place {
            checks.push(field("address_string", Problem::Required));
        }
        let email = if form.email.trim().is_empty() {
            Some(None)
        } else {
            checks
                .take(validation::email("email", &form.email))
                .map(Some)
        };
        let first_name = checks.take(validation::optional_text(
            "first_name",
            &form.first_name,
            100,
        ));
        let last_name = checks.take(validation::optional_text("last_name", &form.last_name, 100));
        let phone = checks.take(validation::optional_text("phone", &form.phone, 40));
        checks.finish()?;
        let (Some(service), Some(description), Some(address), Some(lat), Some(long)) =
            (service, description, address, lat, long)
        else {
            return Err(ServiceError::Invalid(Vec::new()));
        };
        let (Some(email), Some(first_name), Some(last_name), Some(phone)) =
            (email, first_name, last_name, phone)
        else {
            return Err(ServiceError::Invalid(Vec::new()));
        };
        let address = optional(address);
        let fingerprint = fingerprint(service.id, &description, address.as_deref(), lat, long);
        if form.confirm_duplicate.is_empty()
            && let Some(earlier) = self
                .store
                .duplicate_request(city.id, &fingerprint, self.now() - DUPLICATE_WINDOW)
                .await?
        {
            return Ok(Submission::Duplicate(earlier));
        }
        let receipt = new_receipt_code();
        let new = NewServiceRequest {
            city_id: city.id,
            service_id: service.id,
            description,
            address,
            lat,
            long,
            contact: RequestContact {
                email,
                first_name: optional(first_name),
                last_name: optional(last_name),
                phone: optional(phone),
            },
            channel: submitter.channel.to_string(),
            client_app_id: app.map(|a| a.id),
            fingerprint,
            receipt_hash: token_hash(&receipt),
        };
        let label = match app {
            Some(app) => format!("client app {}", app.name),
            None => "resident".to_string(),
        };
        let request = self
            .store
            .create_service_request(&self.change_by_system(&label), &new)
            .await?;
        Ok(Submission::Accepted { request, receipt })
    }

    /// Requests anyone may read: never hidden ones, never contact details.
    pub async fn public_service_requests(
        &self,
        city: &CityRow,
        filter: &PublicFilter,
    ) -> Result<Vec<ServiceRequestRow>, ServiceError> {
        let start = match (filter.start, filter.end, filter.ids.is_empty()) {
            (None, None, true) => Some(self.now() - DEFAULT_SEARCH_DAYS * 86_400),
            (start, _, _) => start,
        };
        let filter = RequestFilter {
            city_id: city.id,
            ids: filter
                .ids
                .iter()
                .copied()
                .take(SEARCH_LIMIT as usize)
                .collect(),
            service_code: filter.service_code.clone(),
            start,
            end: filter.end,
            status: filter.status.clone(),
            include_hidden: false,
            limit: SEARCH_LIMIT,
        };
        Ok(self.store.service_requests(&filter).await?)
    }

    /// One public request: a hidden one, or another city's, does not exist here.
    pub async fn public_service_request(
        &self,
        city: &CityRow,
        id: i64,
    ) -> Result<ServiceRequestRow, ServiceError> {
        match self.store.service_request(id).await? {
            Some(r) if r.city_id == city.id && !r.hidden => Ok(r),
            _ => Err(ServiceError::NotFound),
        }
    }

    /// The request behind a receipt code, with its timeline and contact
    /// details, for its author only.
    pub async fn receipt(&self, code: &str) -> Result<Receipt, ServiceError> {
        let hash = token_hash(&normalise_receipt(code));
        let request = self
            .store
            .service_request_by_receipt(&hash)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let events = self.store.request_events(request.id).await?;
        let contact = self.store.request_contact(request.id).await?;
        let city = self
            .store
            .city(request.city_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        Ok(Receipt {
            request,
            events,
            contact,
            city,
        })
    }

    /// Everything stored about the request behind a receipt code, as JSON for
    /// its author to keep.
    pub async fn receipt_download(&self, code: &str) -> Result<serde_json::Value, ServiceError> {
        let Receipt {
            request: r,
            events,
            contact,
            city,
        } = self.receipt(code).await?;
        Ok(serde_json::json!({
            "city": city.name,
            "service_request_id": r.id.to_string(),
            "service_code": r.service_code,
            "service_name": r.service_name,
            "description": r.description,
            "address": r.address,
            "lat": r.lat,
            "long": r.long,
            "status": r.status,
            "status_notes": r.status_notes,
            "hidden": r.hidden,
            "hidden_reason": r.hidden_reason,
            "channel": r.channel,
            "requested_datetime": iso8601(r.requested_at),
            "updated_datetime": iso8601(r.updated_at),
            "contact": contact.unwrap_or_default(),
            "timeline": events.iter().map(|e| serde_json::json!({
                "datetime": iso8601(e.at), "event": e.kind, "status": e.status, "note": e.note,
            })).collect::<Vec<_>>(),
        }))
    }

    /// Erases the request behind a receipt code, with its contact details and
    /// timeline. Returns the city it belonged to.
    pub async fn erase_by_receipt(&self, code: &str) -> Result<CityRow, ServiceError> {
        let receipt = self.receipt(code).await?;
        self.store
            .erase_service_request(
                &self.change_by_system("resident (receipt code)"),
                receipt.request.id,
            )
            .await?;
        Ok(receipt.city)
    }

    /// The city's inbox: every request, hidden ones too, newest first.
    pub async fn moderation_queue(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<Vec<ServiceRequestRow>, ServiceError> {
        policy::authorize(&visitor.actor, Action::ModerateParticipation(CityId(city)))?;
        let filter = RequestFilter {
            city_id: city,
            include_hidden: true,
            limit: SEARCH_LIMIT,
            ..RequestFilter::default()
        };
        Ok(self.store.service_requests(&filter).await?)
    }

    /// One request of the inbox with its timeline.
    pub async fn moderated_request(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<(ServiceRequestRow, Vec<RequestEventRow>), ServiceError> {
        let request = self
            .store
            .service_request(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        policy::authorize(
            &visitor.actor,
            Action::ModerateParticipation(CityId(request.city_id)),
        )?;
        let events = self.store.request_events(id).await?;
        Ok((request, events))
    }

    /// Changes a request's status with a note, or hides or shows it with a
    /// reason its author sees.
    pub async fn moderate_request(
        &self,
        visitor: &Visitor,
        id: i64,
        form: &ModerationForm,
    ) -> Result<ServiceRequestRow, ServiceError> {
        let (request, _) = self.moderated_request(visitor, id).await?;
        let change = self.change_by(visitor);
        match form.action.as_str() {
            "status" => {
                let mut checks = Checks::default();
                let status = form.status.trim();
                if !matches!(status, "open" | "closed") {
                    checks.push(field("status", Problem::Required));
                }
                let notes = checks.take(validation::optional_text("notes", &form.notes, 2000));
                checks.finish()?;
                let notes = notes.and_then(optional);
                Ok(self
                    .store
                    .set_request_status(&change, request.id, status, notes.as_deref())
                    .await?)
            }
            "hide" => {
                let reason =
                    validation::required_text("reason", &form.reason, 500).map_err(|e| {
                        ServiceError::Invalid(vec![FieldError {
                            problem: if e.problem == Problem::Required {
                                Problem::ReasonRequired
                            } else {
                                e.problem
                            },
                            ..e
                        }])
                    })?;
                Ok(self
                    .store
                    .set_request_hidden(&change, request.id, true, Some(&reason))
                    .await?)
            }
            "show" => Ok(self
                .store
                .set_request_hidden(&change, request.id, false, None)
                .await?),
            _ => Err(ServiceError::Invalid(vec![field(
                "action",
                Problem::Required,
            )])),
        }
    }

    /// Registers a client app trusted to submit for the city; its key is
    /// returned once, only its hash is kept.
    pub async fn create_client_app(
        &self,
        visitor: &Visitor,
        city: i64,
        name: &str,
    ) -> Result<(ClientAppRow, String), ServiceError> {
        policy::authorize(&visitor.actor, Action::ManageClientApps(CityId(city)))?;
        let name = validation::required_text("name", name, 100)?;
        let key = new_secret("o311_");
        let app = self
            .store
            .create_client_app(&self.change_by(visitor), city, &name, &token_hash(&key))
            .await?;
        Ok((app, key))
    }

    pub async fn client_apps(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<Vec<ClientAppRow>, ServiceError> {
        policy::authorize(&visitor.actor, Action::ManageClientApps(CityId(city)))?;
        Ok(self.store.client_apps(city).await?)
    }
}
