//! What the API sends and accepts. Separate from storage rows so the wire
//! format is a deliberate, documented contract.

use civitas_store::{AuditRow, CityRow, DistrictRow, InvitationRow, MemberRow, UserRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct City {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub country: String,
    pub population: Option<i64>,
    pub published: bool,
}

impl From<CityRow> for City {
    fn from(c: CityRow) -> City {
        City {
            id: c.id,
            slug: c.slug,
            name: c.name,
            country: c.country,
            population: c.population,
            published: c.published,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct District {
    pub id: i64,
    pub name: String,
    pub population: Option<i64>,
    pub area_km2: Option<f64>,
}

impl From<DistrictRow> for District {
    fn from(d: DistrictRow) -> District {
        District {
            id: d.id,
            name: d.name,
            population: d.population,
            area_km2: d.area_km2,
        }
    }
}

/// A city with its districts and what the caller may do there.
#[derive(Serialize, ToSchema)]
pub struct CityDetail {
    pub city: City,
    pub districts: Vec<District>,
    /// The caller's role in this city, if a member.
    pub role: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct NewCity {
    /// Lowercase letters, digits and hyphens; used in URLs.
    pub slug: String,
    pub name: String,
    pub country: String,
    pub population: Option<i64>,
    #[serde(default)]
    pub published: bool,
}

#[derive(Serialize, ToSchema)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub platform_admin: bool,
    pub disabled: bool,
}

impl From<UserRow> for User {
    fn from(u: UserRow) -> User {
        User {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            platform_admin: u.platform_admin,
            disabled: u.disabled,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Membership {
    pub city_id: i64,
    pub role: String,
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub user: User,
    pub memberships: Vec<Membership>,
}

#[derive(Serialize, ToSchema)]
pub struct Member {
    pub user: User,
    pub role: String,
}

impl From<MemberRow> for Member {
    fn from(m: MemberRow) -> Member {
        Member {
            user: m.user.into(),
            role: m.role,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct NewInvitation {
    pub email: String,
    /// city-admin, data-editor, verifier or viewer
    pub role: String,
}

#[derive(Serialize, ToSchema)]
pub struct Invitation {
    pub id: i64,
    pub city_id: i64,
    pub email: String,
    pub role: String,
    pub expires_at: i64,
    /// The one-time link to send to the person; shown only in this response.
    pub link: String,
}

impl Invitation {
    pub fn new(row: InvitationRow, link: String) -> Invitation {
        Invitation {
            id: row.id,
            city_id: row.city_id,
            email: row.email,
            role: row.role,
            expires_at: row.expires_at,
            link,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    /// Unix seconds, UTC.
    pub at: i64,
    pub actor_user_id: Option<i64>,
    pub actor: String,
    pub city_id: Option<i64>,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    #[schema(value_type = Option<Object>)]
    pub old_value: Option<serde_json::Value>,
    #[schema(value_type = Option<Object>)]
    pub new_value: Option<serde_json::Value>,
}

impl From<AuditRow> for AuditEntry {
    fn from(r: AuditRow) -> AuditEntry {
        AuditEntry {
            id: r.id,
            at: r.at,
            actor_user_id: r.actor_user_id,
            actor: r.actor_label,
            city_id: r.city_id,
            entity: r.entity,
            entity_id: r.entity_id,
            action: r.action,
            old_value: r.old_value,
            new_value: r.new_value,
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct AuditQuery {
    /// A city's log; omit for the whole instance (platform admins only).
    pub city_id: Option<i64>,
    /// Only entries older than this id (paging backwards).
    pub before_id: Option<i64>,
}

/// Every error: a generic message and the request id to quote to support.
#[derive(Serialize, ToSchema)]
pub struct Error {
    pub error: String,
    pub request_id: String,
    /// For 422: each field that was wrong and why.
    pub fields: Option<Vec<FieldProblem>>,
}

#[derive(Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub problem: String,
    pub message: String,
}
