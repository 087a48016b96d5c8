//! Records as they are stored. Times are Unix seconds (UTC) so both backends
//! store them the same way; flags are stored as 0/1 for the same reason.

use serde::Serialize;

/// Who made a change, and when: written into the audit log with it.
#[derive(Debug, Clone)]
pub struct Change {
    pub actor_user_id: Option<i64>,
    /// A readable name for the actor ("ana@city.org", "cli", "demo loader").
    pub actor_label: String,
    pub at: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CityRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub country: String,
    pub population: Option<i64>,
    pub published: bool,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewCity {
    pub slug: String,
    pub name: String,
    pub country: String,
    pub population: Option<i64>,
    pub published: bool,
}

#[derive(Debug, Clone)]
pub struct CityUpdate {
    pub name: String,
    pub country: String,
    pub population: Option<i64>,
    pub published: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DistrictRow {
    pub id: i64,
    pub city_id: i64,
    pub name: String,
    pub population: Option<i64>,
    pub area_km2: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct NewDistrict {
    pub city_id: i64,
    pub name: String,
    pub population: Option<i64>,
    pub area_km2: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: String,
    pub platform_admin: bool,
    pub disabled: bool,
    pub language: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub platform_admin: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct MembershipRow {
    pub user_id: i64,
    pub city_id: i64,
    pub role: String,
}

/// A member of a city with the account it belongs to.
#[derive(Debug, Clone, Serialize)]
pub struct MemberRow {
    pub user: UserRow,
    pub role: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct InvitationRow {
    pub id: i64,
    #[serde(skip)]
    pub token_hash: String,
    pub city_id: i64,
    pub email: String,
    pub role: String,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct NewInvitation {
    pub token_hash: String,
    pub city_id: i64,
    pub email: String,
    pub role: String,
    pub expires_at: i64,
}

#[derive(Debug, Clone)]
pub struct SessionRow {
    pub token_hash: String,
    pub user_id: i64,
    pub created_at: i64,
    pub last_seen_at: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ApiTokenRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    #[serde(skip)]
    pub token_hash: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct NewApiToken {
    pub user_id: i64,
    pub name: String,
    pub token_hash: String,
}

/// One line of the audit log: who changed what, when, from what to what.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor_user_id: Option<i64>,
    pub actor_label: String,
    pub city_id: Option<i64>,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub old_value: Option<serde_json::Value>,
    pub new_value: Option<serde_json::Value>,
}

/// An audit entry that is not tied to a record change (sign-in and the like).
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub city_id: Option<i64>,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub detail: Option<serde_json::Value>,
}

/// Which audit lines to read, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub city_id: Option<i64>,
    /// Only lines older than this id, for paging backwards.
    pub before_id: Option<i64>,
    pub limit: i64,
}
