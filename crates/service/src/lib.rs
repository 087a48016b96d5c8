//! Civitas use cases. Each public method of [`Civitas`] loads what it needs,
//! asks `civitas_domain::policy` whether the actor may proceed, and only then
//! reads or writes through the [`Store`]. This is the only layer that calls
//! both engines and storage; the web and CLI layers translate to and from it.
//!
//! ```no_run
//! # async fn demo(store: std::sync::Arc<dyn civitas_store::Store>) -> Result<(), civitas_service::ServiceError> {
//! use civitas_service::{Civitas, SystemClock};
//! let civitas = Civitas::new(store, std::sync::Arc::new(SystemClock));
//! let signed_in = civitas.sign_in("ana@city.org", "a long passphrase", "127.0.0.1").await?;
//! let actor = civitas.session_actor(&signed_in.session_token).await?;
//! # Ok(()) }
//! ```

mod accounts;
mod audit;
pub mod cities;
mod clock;
mod demo;
mod demo_assessments;
mod demo_divide;
mod demo_procurement;
mod demo_strategy;
pub mod divide;
mod error;
pub mod knowledge;
pub mod kpi;
pub mod members;
pub mod participation;
pub mod procurement;
mod secrets;
mod sessions;
pub mod strategy;
mod throttle;

pub use audit::AUDIT_PAGE;
pub use clock::{Clock, FixedClock, SystemClock};
pub use demo::DemoLogin;
pub use demo_divide::{DEMO_SURVEY, demo_survey_declaration};
pub use demo_procurement::DEMO_PROCUREMENT_CRITERIA;
pub use error::{FileProblem, ServiceError};
pub use sessions::{SessionPolicy, SignedIn, Visitor};

use civitas_store::Store;
use std::sync::Arc;

/// The application: storage, a clock and the sign-in throttle.
#[derive(Clone)]
pub struct Civitas {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    throttle: Arc<throttle::SignInThrottle>,
    session_policy: SessionPolicy,
    frameworks: Arc<kpi::FrameworkCatalogue>,
    divide_reports: Arc<divide::ReportCache>,
    knowledge: Arc<knowledge::KnowledgeCache>,
    participation_limits: Arc<participation::SubmissionLimits>,
}

impl Civitas {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Civitas {
        Civitas {
            store,
            clock,
            throttle: Arc::new(throttle::SignInThrottle::default()),
            session_policy: SessionPolicy::default(),
            frameworks: Arc::default(),
            divide_reports: Arc::default(),
            knowledge: Arc::default(),
            participation_limits: Arc::default(),
        }
    }

    pub fn with_session_policy(mut self, policy: SessionPolicy) -> Civitas {
        self.session_policy = policy;
        self
    }

    /// Whether the database answers (for `/healthz`).
    pub async fn healthy(&self) -> bool {
        self.store.ping().await.is_ok()
    }

    pub fn backend_name(&self) -> &'static str {
        self.store.backend().name()
    }

    /// The current time by the service clock (Unix seconds).
    pub fn now(&self) -> i64 {
        self.clock.now()
    }
}
