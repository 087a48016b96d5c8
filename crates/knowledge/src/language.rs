//! Languages the knowledge base can hold text in, and how each one is stemmed.
//!
//! The list is the set of Snowball stemmers shipped by `rust-stemmers`, so any language a
//! national hub adds to the content gets real stemming without code changes. Stop words are
//! only listed for the four languages the product ships (en, fr, es, ar); elsewhere BM25's
//! inverse document frequency already keeps very common words from dominating.

use std::fmt;
use std::str::FromStr;

use rust_stemmers::Algorithm;
use serde::{Deserialize, Serialize};

/// A content language, written as its ISO 639-1 code (`en`, `fr`, `es`, `ar`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Ar,
    Da,
    De,
    El,
    En,
    Es,
    Fi,
    Fr,
    Hu,
    It,
    Nl,
    No,
    Pt,
    Ro,
    Ru,
    Sv,
    Ta,
    Tr,
}

/// Text nobody translated is shown in this language, marked as a fallback.
pub const FALLBACK_LANGUAGE: Language = Language::En;

impl Language {
    /// Every supported language, in code order.
    pub const ALL: [Language; 18] = [
        Language::Ar,
        Language::Da,
        Language::De,
        Language::El,
        Language::En,
        Language::Es,
        Language::Fi,
        Language::Fr,
        Language::Hu,
        Language::It,
        Language::Nl,
        Language::No,
        Language::Pt,
        Language::Ro,
        Language::Ru,
        Language::Sv,
        Language::Ta,
        Language::Tr,
    ];

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::Ar => "ar",
            Language::Da => "da",
            Language::De => "de",
            Language::El => "el",
            Language::En => "en",
            Language::Es => "es",
            Language::Fi => "fi",
            Language::Fr => "fr",
            Language::Hu => "hu",
            Language::It => "it",
            Language::Nl => "nl",
            Language::No => "no",
            Language::Pt => "pt",
            Language::Ro => "ro",
            Language::Ru => "ru",
            Language::Sv => "sv",
            Language::Ta => "ta",
            Language::Tr => "tr",
        }
    }

    /// True for scripts written right to left, so the web layer can set `dir="rtl"`.
    pub fn is_right_to_left(self) -> bool {
        matches!(self, Language::Ar)
    }

    pub(crate) fn stemming_algorithm(self) -> Algorithm {
        match self {
            Language::Ar => Algorithm::Arabic,
            Language::Da => Algorithm::Danish,
            Language::De => Algorithm::German,
            Language::El => Algorithm::Greek,
            Language::En => Algorithm::English,
            Language::Es => Algorithm::Spanish,
            Language::Fi => Algorithm::Finnish,
            Language::Fr => Algorithm::French,
            Language::Hu => Algorithm::Hungarian,
            Language::It => Algorithm::Italian,
            Language::Nl => Algorithm::Dutch,
            Language::No => Algorithm::Norwegian,
            Language::Pt => Algorithm::Portuguese,
            Language::Ro => Algorithm::Romanian,
            Language::Ru => Algorithm::Russian,
            Language::Sv => Algorithm::Swedish,
            Language::Ta => Algorithm::Tamil,
            Language::Tr => Algorithm::Turkish,
        }
    }

    /// Words too common to help ranking or to be worth highlighting.
    pub(crate) fn stop_words(self) -> &'static [&'static str] {
        match self {
            Language::En => &[
                "a", "about", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
                "but", "by", "can", "do", "does", "each", "for", "from", "has", "have", "how",
                "if", "in", "into", "is", "it", "its", "more", "most", "not", "of", "on", "or",
                "other", "our", "so", "such", "than", "that", "the", "their", "them", "then",
                "there", "these", "they", "this", "to", "was", "we", "were", "what", "when",
                "which", "who", "will", "with", "you", "your",
            ],
            Language::Fr => &[
                "a", "à", "ainsi", "au", "aux", "avec", "ce", "ces", "cet", "cette", "chaque",
                "comme", "d", "dans", "de", "des", "dont", "du", "elle", "elles", "en", "entre",
                "est", "et", "été", "être", "il", "ils", "l", "la", "le", "les", "leur", "leurs",
                "lui", "mais", "même", "ne", "nos", "notre", "nous", "on", "ont", "ou", "où",
                "par", "pas", "plus", "pour", "qu", "que", "qui", "sa", "sans", "se", "ses", "son",
                "sont", "sur", "un", "une", "vos", "votre", "vous",
            ],
            Language::Es => &[
                "a", "al", "ante", "como", "con", "cuando", "de", "del", "desde", "donde", "e",
                "el", "él", "en", "entre", "es", "esa", "ese", "eso", "esta", "este", "esto",
                "hay", "la", "las", "le", "les", "lo", "los", "más", "muy", "ni", "no", "o",
                "otra", "otras", "otro", "otros", "para", "pero", "por", "qué", "que", "se", "sin",
                "sobre", "son", "su", "sus", "también", "un", "una", "uno", "unos", "y", "ya",
            ],
            Language::Ar => &[
                "أن",
                "أو",
                "أي",
                "إلى",
                "إن",
                "الذي",
                "الذين",
                "التي",
                "بعد",
                "بين",
                "ثم",
                "حتى",
                "ذلك",
                "على",
                "عن",
                "عند",
                "في",
                "قبل",
                "قد",
                "كان",
                "كانت",
                "كل",
                "لا",
                "لم",
                "لن",
                "ما",
                "مع",
                "من",
                "هذا",
                "هذه",
                "هو",
                "هي",
                "و",
            ],
            _ => &[],
        }
    }
}

impl Default for Language {
    fn default() -> Self {
        FALLBACK_LANGUAGE
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The code is not one of [`Language::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language `{code}`: expected one of {}", known_codes())]
pub struct UnknownLanguage {
    pub code: String,
}

fn known_codes() -> String {
    Language::ALL
        .iter()
        .map(|l| l.code())
        .collect::<Vec<_>>()
        .join(", ")
}

impl FromStr for Language {
    type Err = UnknownLanguage;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        let lower = code.trim().to_ascii_lowercase();
        // Accept regional tags such as `fr-CA` or `pt_BR`: stemming only needs the language.
        let primary = lower.split(['-', '_']).next().unwrap_or_default();
        Language::ALL
            .iter()
            .copied()
            .find(|l| l.code() == primary)
            .ok_or_else(|| UnknownLanguage {
                code: code.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_regional_tags() {
        assert_eq!("fr".parse::<Language>(), Ok(Language::Fr));
        assert_eq!("AR".parse::<Language>(), Ok(Language::Ar));
        assert_eq!("pt-BR".parse::<Language>(), Ok(Language::Pt));
        assert!("xx".parse::<Language>().is_err());
    }

    #[test]
    fn error_lists_the_known_codes() {
        let err = "klingon".parse::<Language>().err().map(|e| e.to_string());
        assert!(err.is_some_and(|m| m.contains("`klingon`") && m.contains("en, es")));
    }

    #[test]
    fn every_language_round_trips_through_its_code() {
        for lang in Language::ALL {
            assert_eq!(lang.code().parse::<Language>(), Ok(lang));
        }
    }
}
