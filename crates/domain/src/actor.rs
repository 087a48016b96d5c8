//! Who is asking: an anonymous resident or a signed-in person with their roles.

use crate::{CityId, CityRole, UserId};

/// The party on whose behalf a request runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A resident or visitor without an account: sees only what cities publish.
    Anonymous,
    User(Principal),
}

/// A signed-in, enabled account with its platform flag and city memberships.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: UserId,
    pub platform_admin: bool,
    pub memberships: Vec<(CityId, CityRole)>,
}

impl Principal {
    /// The role this person holds in `city`, if any.
    pub fn role_in(&self, city: CityId) -> Option<CityRole> {
        self.memberships
            .iter()
            .find(|(id, _)| *id == city)
            .map(|(_, role)| *role)
    }
}

impl Actor {
    pub fn principal(&self) -> Option<&Principal> {
        match self {
            Actor::Anonymous => None,
            Actor::User(principal) => Some(principal),
        }
    }

    pub fn user_id(&self) -> Option<UserId> {
        self.principal().map(|p| p.user_id)
    }

    pub fn is_platform_admin(&self) -> bool {
        self.principal().is_some_and(|p| p.platform_admin)
    }
}
