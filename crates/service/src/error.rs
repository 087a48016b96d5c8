//! What can go wrong in a use case, in terms the web and CLI layers map to
//! status codes and messages.

use civitas_domain::Denied;
use civitas_domain::validation::FieldError;
use civitas_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Denied(#[from] Denied),
    /// One or more fields were wrong; each names the field.
    #[error("invalid input: {}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    #[error("not found")]
    NotFound,
    /// E-mail and password do not match an enabled account.
    #[error("the e-mail address or password is wrong")]
    BadCredentials,
    /// Too many failed sign-ins; try again after this many seconds.
    #[error("too many attempts; try again in {0} s")]
    Throttled(u64),
    /// The invitation link was used already or has expired.
    #[error("this invitation link has expired or was already used")]
    InvitationUsed,
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for ServiceError {
    fn from(error: StoreError) -> ServiceError {
        match error {
            StoreError::NotFound(_) => ServiceError::NotFound,
            other => ServiceError::Store(other),
        }
    }
}

impl From<FieldError> for ServiceError {
    fn from(error: FieldError) -> ServiceError {
        ServiceError::Invalid(vec![error])
    }
}

/// Collects field checks so a form shows every problem at once.
#[derive(Default)]
pub(crate) struct Checks(Vec<FieldError>);

impl Checks {
    pub fn take<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(error);
                None
            }
        }
    }

    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    pub fn finish(self) -> Result<(), ServiceError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ServiceError::Invalid(self.0))
        }
    }
}
