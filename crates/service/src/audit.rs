//! Reading the audit log, and stamping changes with who made them.

use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::{Action, CityId, policy};
use civitas_store::{AuditFilter, AuditRow, Change};

/// Lines per page of the audit log.
pub const AUDIT_PAGE: i64 = 50;

impl Civitas {
    /// Who is making a change now, for the audit line written with it.
    pub(crate) fn change_by(&self, visitor: &Visitor) -> Change {
        Change {
            actor_user_id: visitor.user.as_ref().map(|u| u.id),
            actor_label: visitor
                .user
                .as_ref()
                .map_or_else(|| "anonymous".to_string(), |u| u.email.clone()),
            at: self.now(),
        }
    }

    /// A change made by the operator at the command line or by a loader.
    pub(crate) fn change_by_system(&self, label: &str) -> Change {
        Change {
            actor_user_id: None,
            actor_label: label.to_string(),
            at: self.now(),
        }
    }

    /// One page of the audit log, newest first: a city's, or (for a platform
    /// admin, with no city) the whole instance's.
    pub async fn audit_log(
        &self,
        visitor: &Visitor,
        city: Option<CityId>,
        before_id: Option<i64>,
    ) -> Result<Vec<AuditRow>, ServiceError> {
        match city {
            Some(city) => policy::authorize(&visitor.actor, Action::ViewCityAudit(city))?,
            None => policy::authorize(&visitor.actor, Action::ViewPlatformAudit)?,
        }
        let filter = AuditFilter {
            city_id: city.map(|c| c.0),
            before_id,
            limit: AUDIT_PAGE,
        };
        Ok(self.store.audit_log(&filter).await?)
    }
}
