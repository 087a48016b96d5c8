//! Passwords and bearer secrets: argon2id for passwords, SHA-256 for random
//! tokens (they carry 256 bits of entropy, so a fast hash is enough and lets
//! us look them up by hash).

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// argon2id with the crate defaults: m = 19 MiB, t = 2, p = 1 (ASVS 5, 11.4.2).
pub(crate) fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

pub(crate) fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spends the same time as a real check, so an unknown e-mail address cannot
/// be told from a wrong password by timing.
pub(crate) fn verify_against_dummy(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash_password("civitas dummy password").unwrap_or_default());
    let _ = verify_password(password, stored);
}

/// A fresh random secret, hex-encoded, with a prefix that says what it is.
pub(crate) fn new_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", hex::encode(bytes))
}

pub(crate) fn token_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_hashes_are_argon2id_with_asvs_parameters() {
        let stored = hash_password("correct horse battery").unwrap_or_default();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(verify_password("correct horse battery", &stored));
        assert!(!verify_password("wrong horse battery", &stored));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn secrets_are_unique_and_only_their_hash_is_kept() {
        let (a, b) = (new_secret("cvt_"), new_secret("cvt_"));
        assert_ne!(a, b);
        assert_eq!(a.len(), 4 + 64);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }
}
