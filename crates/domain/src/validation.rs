//! Checks on what people type, each naming the field and what was expected.
//! The web layer shows these messages next to the field; the CLI prints them.

use serde::Serialize;

/// One problem with one field of a form or request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct FieldError {
    /// The field's name as the form and the API spell it.
    pub field: &'static str,
    /// A stable key for the problem, used to look up the translated message.
    pub problem: Problem,
}

/// The kinds of problem, each with a translation key in the web layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    Required,
    TooLong,
    NotAnEmail,
    PasswordTooShort,
    PasswordTooLong,
    PasswordTooCommon,
    PasswordsDiffer,
    WrongPassword,
    NotASlug,
    NotAPositiveNumber,
    UnknownRole,
    UnknownLanguage,
    AlreadyTaken,
    LastCityAdmin,
    NotANumber,
    NotAYear,
    UnknownQuality,
    ReasonRequired,
    NumbersWhileNotReported,
    Locked,
    UnknownTargetSet,
    NotAVerifier,
    UnknownCurrency,
    NotComputable,
    ReviewIncomplete,
    UnsupportedFileType,
}

impl Problem {
    /// The key under which the web layer's translations hold this message.
    pub fn message_key(self) -> &'static str {
        match self {
            Problem::Required => "error-required",
            Problem::TooLong => "error-too-long",
            Problem::NotAnEmail => "error-not-an-email",
            Problem::PasswordTooShort => "error-password-too-short",
            Problem::PasswordTooLong => "error-password-too-long",
            Problem::PasswordTooCommon => "error-password-too-common",
            Problem::PasswordsDiffer => "error-passwords-differ",
            Problem::WrongPassword => "error-wrong-password",
            Problem::NotASlug => "error-not-a-slug",
            Problem::NotAPositiveNumber => "error-not-a-positive-number",
            Problem::UnknownRole => "error-unknown-role",
            Problem::UnknownLanguage => "error-unknown-language",
            Problem::AlreadyTaken => "error-already-taken",
            Problem::LastCityAdmin => "error-last-city-admin",
            Problem::NotANumber => "error-not-a-number",
            Problem::NotAYear => "error-not-a-year",
            Problem::UnknownQuality => "error-unknown-quality",
            Problem::ReasonRequired => "error-reason-required",
            Problem::NumbersWhileNotReported => "error-numbers-while-not-reported",
            Problem::Locked => "error-locked",
            Problem::UnknownTargetSet => "error-unknown-target-set",
            Problem::NotAVerifier => "error-not-a-verifier",
            Problem::UnknownCurrency => "error-unknown-currency",
            Problem::NotComputable => "error-not-computable",
            Problem::ReviewIncomplete => "error-review-incomplete",
            Problem::UnsupportedFileType => "error-unsupported-file-type",
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Problem::Required => "is required",
            Problem::TooLong => "is too long",
            Problem::NotAnEmail => "expected an e-mail address like name@example.org",
            Problem::PasswordTooShort => "expected at least 8 characters",
            Problem::PasswordTooLong => "expected at most 128 characters",
            Problem::PasswordTooCommon => "is one of the most common passwords; choose another",
            Problem::PasswordsDiffer => "the two passwords differ",
            Problem::WrongPassword => "is not your current password",
            Problem::NotASlug => "expected lowercase letters, digits and hyphens",
            Problem::NotAPositiveNumber => "expected a whole number above zero",
            Problem::UnknownRole => "expected city-admin, data-editor, verifier or viewer",
            Problem::UnknownLanguage => "expected en, fr, es or ar",
            Problem::AlreadyTaken => "is already in use",
            Problem::LastCityAdmin => "the city would be left without an administrator",
            Problem::NotANumber => "expected a number like 12.5 (a point before the decimals)",
            Problem::NotAYear => "expected a year between 1990 and 2200",
            Problem::UnknownQuality => "expected one of the six data-quality grades",
            Problem::ReasonRequired => "a reason is required",
            Problem::NumbersWhileNotReported => {
                "a KPI marked not reported cannot also have numbers"
            }
            Problem::Locked => "cannot be changed at this stage of verification",
            Problem::UnknownTargetSet => "expected the default target set or one of the city's",
            Problem::NotAVerifier => "expected a member of the city with the verifier role",
            Problem::UnknownCurrency => "expected a three-letter ISO 4217 code like EUR",
            Problem::NotComputable => "the formula cannot give a value from these numbers",
            Problem::ReviewIncomplete => "every reported KPI must be marked verified or not first",
            Problem::UnsupportedFileType => {
                "expected a PDF, PNG, JPEG, CSV, text, XLSX, DOCX or ODT file"
            }
        };
        f.write_str(text)
    }
}

fn error(field: &'static str, problem: Problem) -> FieldError {
    FieldError { field, problem }
}

/// A trimmed, lower-cased e-mail address. Deliberately loose (one `@`, a dot
/// in the domain, no spaces): the invitation link is the real proof.
pub fn email(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let address = raw.trim().to_lowercase();
    if address.is_empty() {
        return Err(error(field, Problem::Required));
    }
    if address.len() > 254 {
        return Err(error(field, Problem::TooLong));
    }
    let valid = match address.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !address.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if valid {
        Ok(address)
    } else {
        Err(error(field, Problem::NotAnEmail))
    }
}

/// Passwords follow ASVS 5 (6.2): 8 to 128 characters, no composition rules,
/// refuse the most common ones.
pub fn new_password(field: &'static str, password: &str) -> Result<(), FieldError> {
    let length = password.chars().count();
    if length < 8 {
        return Err(error(field, Problem::PasswordTooShort));
    }
    if length > 128 {
        return Err(error(field, Problem::PasswordTooLong));
    }
    let lowered = password.to_lowercase();
    if COMMON_PASSWORDS.contains(&lowered.as_str()) {
        return Err(error(field, Problem::PasswordTooCommon));
    }
    Ok(())
}

/// Free text that must be present: trimmed, at most `max` characters.
pub fn required_text(field: &'static str, raw: &str, max: usize) -> Result<String, FieldError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(error(field, Problem::Required));
    }
    if text.chars().count() > max {
        return Err(error(field, Problem::TooLong));
    }
    Ok(text.to_string())
}

/// A URL-safe short name for a city: `demo-city`.
pub fn slug(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(error(field, Problem::Required));
    }
    let valid = text.len() <= 64
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !text.starts_with('-')
        && !text.ends_with('-');
    if valid {
        Ok(text.to_string())
    } else {
        Err(error(field, Problem::NotASlug))
    }
}

/// An optional count such as a population: empty means unknown.
pub fn optional_positive_count(field: &'static str, raw: &str) -> Result<Option<i64>, FieldError> {
    let text: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | ',' | '_' | '\u{a0}' | '\u{202f}'))
        .collect();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<i64>() {
        Ok(n) if n > 0 => Ok(Some(n)),
        _ => Err(error(field, Problem::NotAPositiveNumber)),
    }
}

/// A city role from its stable spelling.
pub fn role(field: &'static str, raw: &str) -> Result<crate::CityRole, FieldError> {
    crate::CityRole::parse(raw.trim()).ok_or(error(field, Problem::UnknownRole))
}

/// The most common passwords of public breach corpora that fit our 8-character
/// minimum. A short list on purpose: long lists belong in a file a deployment
/// can replace, which can come later.
const COMMON_PASSWORDS: &[&str] = &[
    "12345678",
    "123456789",
    "1234567890",
    "password",
    "password1",
    "password123",
    "qwertyuiop",
    "qwerty123",
    "iloveyou",
    "11111111",
    "00000000",
    "abc12345",
    "abcd1234",
    "1q2w3e4r",
    "1qaz2wsx",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "welcome1",
    "admin123",
    "letmein1",
    "trustno1",
    "passw0rd",
    "superman",
    "starwars",
    "whatever",
    "zaq12wsx",
    "88888888",
    "12341234",
    "87654321",
    "qwertyui",
    "asdfghjk",
    "password!",
    "changeme",
    "civitas1",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_trimmed_and_lowercased() {
        assert_eq!(
            email("email", "  Ana@City.ORG ").as_deref(),
            Ok("ana@city.org")
        );
    }

    #[test]
    fn malformed_emails_name_the_field() {
        for bad in [
            "ana",
            "ana@",
            "@city.org",
            "ana@city",
            "a b@city.org",
            "ana@.org",
        ] {
            assert_eq!(
                email("email", bad),
                Err(error("email", Problem::NotAnEmail)),
                "{bad}"
            );
        }
        assert_eq!(email("email", "  "), Err(error("email", Problem::Required)));
    }

    #[test]
    fn password_rules_follow_asvs() {
        assert_eq!(
            new_password("password", "short"),
            Err(error("password", Problem::PasswordTooShort))
        );
        assert_eq!(
            new_password("password", "Password1"),
            Err(error("password", Problem::PasswordTooCommon))
        );
        assert!(new_password("password", "correct horse battery").is_ok());
        assert!(new_password("password", &"x".repeat(128)).is_ok());
        assert_eq!(
            new_password("password", &"x".repeat(129)),
            Err(error("password", Problem::PasswordTooLong))
        );
    }

    #[test]
    fn slugs_and_counts() {
        assert_eq!(slug("slug", "demo-city").as_deref(), Ok("demo-city"));
        assert!(slug("slug", "Demo City").is_err());
        assert_eq!(
            optional_positive_count("population", "412 300"),
            Ok(Some(412_300))
        );
        assert_eq!(optional_positive_count("population", ""), Ok(None));
        assert!(optional_positive_count("population", "-3").is_err());
        assert!(optional_positive_count("population", "many").is_err());
    }
}

/// An optional decimal number: empty means none. Only a point separates the
/// decimals, so "1,234" is refused rather than read as either 1.234 or 1234.
pub fn optional_number(field: &'static str, raw: &str) -> Result<Option<f64>, FieldError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    trimmed
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .map(Some)
        .ok_or(error(field, Problem::NotANumber))
}

/// A calendar year an assessment can be about.
pub fn year(field: &'static str, raw: &str) -> Result<i64, FieldError> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|y| (1990..=2200).contains(y))
        .ok_or(error(field, Problem::NotAYear))
}

/// An optional ISO 4217 currency code, upper-cased.
pub fn optional_currency(field: &'static str, raw: &str) -> Result<Option<String>, FieldError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.len() == 3 && trimmed.chars().all(|c| c.is_ascii_alphabetic()) {
        Ok(Some(trimmed.to_ascii_uppercase()))
    } else {
        Err(error(field, Problem::UnknownCurrency))
    }
}

/// Free text that may be empty, trimmed, at most `max` characters.
pub fn optional_text(field: &'static str, raw: &str, max: usize) -> Result<String, FieldError> {
    let trimmed = raw.trim();
    if trimmed.chars().count() > max {
        return Err(error(field, Problem::TooLong));
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod number_tests {
    use super::*;

    #[test]
    fn numbers_years_and_currencies() {
        assert_eq!(optional_number("n", " 12.5 "), Ok(Some(12.5)));
        assert_eq!(optional_number("n", ""), Ok(None));
        for bad in ["1,5", "abc", "NaN", "inf"] {
            assert_eq!(
                optional_number("n", bad),
                Err(error("n", Problem::NotANumber)),
                "{bad}"
            );
        }
        assert_eq!(year("y", "2025"), Ok(2025));
        assert!(year("y", "25").is_err() && year("y", "2025.5").is_err());
        assert_eq!(optional_currency("c", "eur"), Ok(Some("EUR".into())));
        assert!(optional_currency("c", "euro").is_err());
        assert_eq!(optional_text("t", "  a ", 3), Ok("a".into()));
        assert!(optional_text("t", "abcd", 3).is_err());
    }
}
