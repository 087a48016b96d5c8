//! Participation: residents' service requests and feedback, as the web form
//! and Open311 GeoReport v2 clients send them ([`requests`]), followed, downloaded and
//! erased through a receipt code (no account), moderated by the city's team
//! with reasons the author sees, and abuse resistance without CAPTCHAs
//! (per-address limits in [`limits`], a honeypot field, duplicate detection).
//!
//! Contact details are stored apart from the public record and never leave
//! the service except in the author's own download.

mod access;
pub mod consultations;
mod demo;
mod demo_outcomes;
mod limits;
mod outcomes;
mod requests;
mod retention;
pub mod time;

pub use access::RequestDetail;
pub use limits::SubmissionLimits;
pub use outcomes::{
    InputKind, OUTCOME_STATUSES, OutcomeForm, OutcomeView, ProposalInput,
    PublicConsultationOutcome, PublicOutcome,
};
pub use requests::{
    MAX_DESCRIPTION, ModerationForm, PublicFilter, Receipt, RequestForm, Submission, Submitter,
};
pub use retention::{CityPurge, DEFAULT_RETENTION_MONTHS, MAX_RETENTION_MONTHS};

use rand::Rng;

/// Characters of a receipt code: no 0/O, 1/I/L, so it can be read out on the phone.
const RECEIPT_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A new receipt code: 16 characters (about 79 bits) in four groups.
pub(crate) fn new_receipt_code() -> String {
    let mut rng = rand::rng();
    let chars: Vec<char> = (0..16)
        .map(|_| RECEIPT_ALPHABET[rng.random_range(0..RECEIPT_ALPHABET.len())] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A receipt code as typed (any case, spaces or dashes) in its one stored form.
pub fn normalise_receipt(typed: &str) -> String {
    let plain: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    plain
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_codes_are_readable_and_typed_forms_normalise() {
        let code = new_receipt_code();
        assert_eq!(code.len(), 19);
        assert!(
            code.chars()
                .all(|c| c == '-' || RECEIPT_ALPHABET.contains(&(c as u8)))
        );
        assert_eq!(
            normalise_receipt(&code.to_lowercase().replace('-', " ")),
            code
        );
        assert_ne!(new_receipt_code(), code);
    }
}
