//! The words Civitas speaks in, and the rules about who may do what.
//!
//! Nothing here performs I/O: the service layer loads an [`Actor`] and the
//! records concerned, asks [`policy::authorize`] whether an [`Action`] is
//! allowed, and only then touches storage. Keeping the policy pure means one
//! table-driven test covers every role against every action.
//!
//! ```
//! use civitas_domain::{Actor, Action, CityId, CityRole, Principal, UserId, policy};
//! let editor = Actor::User(Principal {
//!     user_id: UserId(7),
//!     platform_admin: false,
//!     memberships: vec![(CityId(1), CityRole::DataEditor)],
//! });
//! assert!(policy::authorize(&editor, Action::ViewCityWorkspace(CityId(1))).is_ok());
//! assert!(policy::authorize(&editor, Action::ManageMembers(CityId(1))).is_err());
//! assert!(policy::authorize(&editor, Action::ViewCityWorkspace(CityId(2))).is_err());
//! ```

pub mod actor;
pub mod assessment;
pub mod ids;
pub mod policy;
pub mod role;
pub mod validation;

pub use actor::{Actor, Principal};
pub use assessment::{AssessmentStatus, Transition};
pub use ids::{CityId, UserId};
pub use policy::{Action, Denied};
pub use role::CityRole;
