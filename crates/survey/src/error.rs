//! Errors of the survey engine. Every message says where (row, column, stratum) and what was expected,
//! so a city analyst can fix the file without reading code. Rows count the CSV header as row 1.

/// What went wrong while reading microdata, declaring a design or estimating.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SurveyError {
    /// A column named in the design or the request is not in the header.
    #[error("column '{column}' is not in the header (row 1); columns found: {available}")]
    MissingColumn { column: String, available: String },

    /// A cell that must be a number is not one.
    #[error("row {row}, column '{column}': expected a number, found '{value}'")]
    NotANumber {
        row: u64,
        column: String,
        value: String,
    },

    /// A weight (sampling or replicate) is below zero.
    #[error(
        "row {row}, column '{column}': weight {value} is negative; weights must be zero or positive"
    )]
    NegativeWeight {
        row: u64,
        column: String,
        value: f64,
    },

    /// A design column (weight, stratum, cluster, fpc, replicate weight) is empty or NA.
    #[error(
        "row {row}, column '{column}': missing value; design columns must be filled on every row"
    )]
    MissingDesignValue { row: u64, column: String },

    /// The CSV itself is malformed (wrong number of fields, bad quoting, bad UTF-8 …).
    #[error("row {row}: malformed CSV: {message}")]
    MalformedCsv { row: u64, message: String },

    /// A stratum has a single primary sampling unit and no lonely-PSU rule was stated.
    #[error(
        "stratum '{stratum}' of column '{column}' (first seen at row {row}) has only one PSU at stage {stage}; \
         its variance cannot be estimated: state a lonely-PSU rule (adjust, certainty or remove)"
    )]
    LonelyPsu {
        column: String,
        stratum: String,
        row: u64,
        stage: u8,
    },

    /// The finite population correction is inconsistent.
    #[error("row {row}, column '{column}': {message}")]
    InvalidFpc {
        row: u64,
        column: String,
        message: String,
    },

    /// Two columns handed to the engine do not have the same number of rows.
    #[error("column '{column}' has {found} rows, expected {expected}")]
    LengthMismatch {
        column: String,
        expected: usize,
        found: usize,
    },

    /// The design cannot support a variance estimate at all.
    #[error("invalid design: {0}")]
    InvalidDesign(String),

    /// A request the engine cannot honour (wrong method for the statistic, unknown category …).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

/// Row number as people see it in a spreadsheet: the header is row 1, so data row `index` is `index + 2`.
pub(crate) fn row_number(index: usize) -> u64 {
    index as u64 + 2
}
