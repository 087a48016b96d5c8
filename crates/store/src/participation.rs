//! What the participation module keeps: the services residents report
//! problems to (Open311 GeoReport v2), their service requests with a dated
//! timeline of status changes and moderation, the contact details a resident
//! chose to leave (stored apart, never public), and the client apps trusted
//! to submit through the Open311 API (their keys kept hashed).

use crate::{Change, StoreResult};
use async_trait::async_trait;
use serde::Serialize;

/// A service a city takes requests for (an Open311 service).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceRow {
    pub id: i64,
    pub city_id: i64,
    /// Unique within the city; what Open311 clients send as `service_code`.
    pub code: String,
    pub name: String,
    pub description: String,
    /// Comma-separated, as Open311 lists them.
    pub keywords: String,
    pub group: String,
    /// A notice shown with every request to this service (expected response time …).
    pub notice: String,
    pub agency: String,
}

#[derive(Debug, Clone)]
pub struct NewService {
    pub city_id: i64,
    pub code: String,
    pub name: String,
    pub description: String,
    pub keywords: String,
    pub group: String,
    pub notice: String,
    pub agency: String,
}

/// What a resident chose to leave to be contacted: never published, never
/// in the audit log, erased with the request.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RequestContact {
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
}

impl RequestContact {
    pub fn is_empty(&self) -> bool {
        self.email.is_none()
            && self.first_name.is_none()
            && self.last_name.is_none()
            && self.phone.is_none()
    }
}

/// One service request (an Open311 `request`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceRequestRow {
    pub id: i64,
    pub city_id: i64,
    pub service_id: i64,
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    /// `open` or `closed`.
    pub status: String,
    pub status_notes: Option<String>,
    pub agency_responsible: Option<String>,
    /// Hidden by a moderator: kept with the reason, shown only to its author
    /// (through the receipt) and the city's team.
    pub hidden: bool,
    pub hidden_reason: Option<String>,
    /// `web` or `open311` (later: phone, paper, kiosk).
    pub channel: String,
    /// The trusted client app that sent it, if any.
    pub client_app_id: Option<i64>,
    /// For duplicate detection: a hash of service, description and place.
    pub fingerprint: String,
    pub requested_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewServiceRequest {
    pub city_id: i64,
    pub service_id: i64,
    pub description: String,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub contact: RequestContact,
    pub channel: String,
    pub client_app_id: Option<i64>,
    pub fingerprint: String,
    /// SHA-256 of the receipt code the resident keeps.
    pub receipt_hash: String,
}

/// One dated line of a request's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestEventRow {
    pub id: i64,
    pub request_id: i64,
    pub at: i64,
    /// `submitted`, `status`, `hidden` or `shown`.
    pub kind: String,
    /// The status after this event.
    pub status: String,
    /// The status note or the moderation reason.
    pub note: Option<String>,
}

/// Which requests to list.
#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    pub city_id: i64,
    /// Only these ids (empty: any).
    pub ids: Vec<i64>,
    pub service_code: Option<String>,
    /// Requested at or after (Unix seconds).
    pub start: Option<i64>,
    /// Requested at or before.
    pub end: Option<i64>,
    pub status: Option<String>,
    pub include_hidden: bool,
    pub limit: i64,
}

/// A client app trusted to submit through the Open311 API.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientAppRow {
    pub id: i64,
    pub city_id: i64,
    pub name: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

#[async_trait]
pub trait ParticipationStore: Send + Sync {
    async fn create_service(&self, change: &Change, new: &NewService) -> StoreResult<ServiceRow>;
    /// By group, then name.
    async fn services(&self, city_id: i64) -> StoreResult<Vec<ServiceRow>>;

    /// Stores the request, its contact details apart, and its first
    /// timeline line, with the audit line, in one transaction.
    async fn create_service_request(
        &self,
        change: &Change,
        new: &NewServiceRequest,
    ) -> StoreResult<ServiceRequestRow>;
    async fn service_request(&self, id: i64) -> StoreResult<Option<ServiceRequestRow>>;
    async fn service_request_by_receipt(
        &self,
        receipt_hash: &str,
    ) -> StoreResult<Option<ServiceRequestRow>>;
    /// Newest first.
    async fn service_requests(&self, filter: &RequestFilter)
    -> StoreResult<Vec<ServiceRequestRow>>;
    /// The newest visible request of the city with this fingerprint since `since`.
    async fn duplicate_request(
        &self,
        city_id: i64,
        fingerprint: &str,
        since: i64,
    ) -> StoreResult<Option<ServiceRequestRow>>;
    async fn request_contact(&self, id: i64) -> StoreResult<Option<RequestContact>>;
    /// Oldest first.
    async fn request_events(&self, id: i64) -> StoreResult<Vec<RequestEventRow>>;
    async fn set_request_status(
        &self,
        change: &Change,
        id: i64,
        status: &str,
        notes: Option<&str>,
    ) -> StoreResult<ServiceRequestRow>;
    async fn set_request_hidden(
        &self,
        change: &Change,
        id: i64,
        hidden: bool,
        reason: Option<&str>,
    ) -> StoreResult<ServiceRequestRow>;
    /// Removes the request, its contact details and timeline; the audit line
    /// keeps only that request `id` was erased by its author.
    async fn erase_service_request(&self, change: &Change, id: i64) -> StoreResult<()>;

    async fn create_client_app(
        &self,
        change: &Change,
        city_id: i64,
        name: &str,
        key_hash: &str,
    ) -> StoreResult<ClientAppRow>;
    async fn client_apps(&self, city_id: i64) -> StoreResult<Vec<ClientAppRow>>;
    /// A key that is not revoked.
    async fn client_app_by_key(&self, key_hash: &str) -> StoreResult<Option<ClientAppRow>>;
    async fn revoke_client_app(&self, change: &Change, id: i64) -> StoreResult<()>;
}
