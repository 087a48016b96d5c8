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
    /// Some KPIs or city inputs of a form were wrong; each names the KPI and field.
    #[error("invalid entries: {}", .0.iter().map(|p| format!("{} {}: {}", crate::kpi::entry_label(&p.key), p.field, p.problem)).collect::<Vec<_>>().join("; "))]
    InvalidEntries(Vec<crate::kpi::EntryProblem>),
    /// An uploaded file could not be read; each problem names where in it.
    #[error("bad file: {}", .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
    BadFile(Vec<FileProblem>),
    /// Something that cannot happen with the shipped data did; details are logged.
    #[error("internal error: {0}")]
    Internal(&'static str),
    #[error(transparent)]
    Store(StoreError),
}

/// One problem in an uploaded file: which file, and where in it (sheet, row,
/// column) with what was expected, in the message.
#[derive(Debug, Clone, PartialEq, serde::Serialize, thiserror::Error)]
#[error("{file}: {message}")]
pub struct FileProblem {
    pub file: String,
    pub message: String,
}

impl FileProblem {
    pub fn new(file: &str, message: String) -> FileProblem {
        FileProblem {
            file: file.to_string(),
            message,
        }
    }
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
