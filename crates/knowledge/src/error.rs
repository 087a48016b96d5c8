//! What can be wrong with knowledge-base content. Every problem names the file (relative to the
//! content folder) and the field, so a platform admin or a national hub editing the files can
//! go straight to the line.

use std::fmt;

/// One problem in one content file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    #[error("{file}: not UTF-8 text")]
    NotUtf8 { file: String },
    #[error("{file}: not valid TOML: {message}")]
    Syntax { file: String, message: String },
    #[error("{file}: field `{field}`: {problem}")]
    Field {
        file: String,
        field: String,
        problem: String,
    },
    #[error("{file}: {problem}")]
    Layout { file: String, problem: String },
    #[error("{file}: field `id`: `{id}` is already used by {first_file}")]
    DuplicateId {
        file: String,
        id: String,
        first_file: String,
    },
    #[error("{file}: field `{field}`: `{target}` is not the id of any entry")]
    BrokenLink {
        file: String,
        field: String,
        target: String,
    },
}

impl ContentError {
    /// The file the problem is in.
    pub fn file(&self) -> &str {
        match self {
            ContentError::NotUtf8 { file }
            | ContentError::Syntax { file, .. }
            | ContentError::Field { file, .. }
            | ContentError::Layout { file, .. }
            | ContentError::DuplicateId { file, .. }
            | ContentError::BrokenLink { file, .. } => file,
        }
    }

    pub(crate) fn field(file: &str, field: impl Into<String>, problem: impl Into<String>) -> Self {
        ContentError::Field {
            file: file.to_string(),
            field: field.into(),
            problem: problem.into(),
        }
    }
}

/// Every problem found while loading, so an editor can fix them all in one pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentErrors(pub Vec<ContentError>);

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "{n} problem{} in the knowledge-base content",
            if n == 1 { "" } else { "s" }
        )?;
        for error in &self.0 {
            write!(f, "\n  {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ContentErrors {}
