//! Turning text into search terms: split into words, lower-case, drop stop words, stem with the
//! language's Snowball stemmer, then fold accents and other combining marks.
//!
//! Stemming runs *before* folding because the French and Spanish stemmers read accents
//! (`données` → `don`); folding afterwards lets a query typed without accents still meet the
//! accented text. Arabic short vowels and hamza carriers are combining marks after canonical
//! decomposition, so the same folding step removes them.

use std::collections::HashSet;
use std::ops::Range;

use rust_stemmers::Stemmer;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::language::Language;

/// A word of the original text: where it is, and the term it indexes under (if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// Byte range in the analysed text, for highlighting.
    pub range: Range<usize>,
    /// Empty for stop words and single letters: they are neither indexed nor highlighted.
    /// Usually one term; two when the word has accents (see [`Analyzer::terms`]).
    pub terms: Vec<String>,
}

/// Analyses text written in one language.
pub(crate) struct Analyzer {
    language: Language,
    stemmer: Stemmer,
    stop_words: HashSet<String>,
}

impl Analyzer {
    pub fn new(language: Language) -> Self {
        let stop_words = language.stop_words().iter().map(|w| fold(w)).collect();
        Analyzer {
            language,
            stemmer: Stemmer::create(language.stemming_algorithm()),
            stop_words,
        }
    }

    /// The terms a single word indexes under; none for a stop word or a single letter.
    /// Terms carry their language (`fr:don`) so that stems of different languages never meet.
    ///
    /// An accented word yields two terms: the stem of the word as written, and the stem of
    /// the word without accents. The stemmers treat the two spellings differently
    /// (`données` → `don`, `donnees` → `donne`), and a query typed without accents, common
    /// on phones and foreign keyboards, must still find the accented text.
    pub fn terms(&self, word: &str) -> Vec<String> {
        let lower = word.to_lowercase();
        let folded = fold(&lower);
        if folded.chars().count() < 2 || self.stop_words.contains(&folded) {
            return Vec::new();
        }
        // The stem of the accent-free spelling comes first: it is what both `données` and
        // `donnees` share, so phrase terms built from first terms agree.
        let mut terms = vec![self.make_term(&fold(&self.stemmer.stem(&folded)), &folded)];
        if folded != lower {
            let accented = self.make_term(&fold(&self.stemmer.stem(&lower)), &folded);
            if !terms.contains(&accented) {
                terms.push(accented);
            }
        }
        if self.language == Language::Ar {
            // The Snowball Arabic stemmer is erratic on common words (`بيانات` → `يانا`,
            // `والشمول` unchanged); a light stem as a second term makes recall dependable.
            let light = self.make_term(&arabic_light_stem(&folded), &folded);
            if !terms.contains(&light) {
                terms.push(light);
            }
        }
        terms
    }

    fn make_term(&self, stem: &str, folded: &str) -> String {
        let stem = if stem.is_empty() { folded } else { stem };
        let mut term = String::with_capacity(stem.len() + 3);
        term.push_str(self.language.code());
        term.push(':');
        term.push_str(stem);
        term
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// True for a stop word or a single letter of this language: such a word carries no
    /// meaning in the reader's query and must not be looked up in other languages either
    /// (Spanish `de` would otherwise match English text).
    pub fn is_noise(&self, word: &str) -> bool {
        let folded = fold(&word.to_lowercase());
        folded.chars().count() < 2 || self.stop_words.contains(&folded)
    }

    /// Every word of `text` with its byte range and terms.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        words(text)
            .map(|range| {
                let terms = text
                    .get(range.clone())
                    .map(|w| self.terms(w))
                    .unwrap_or_default();
                Token { range, terms }
            })
            .collect()
    }
}

/// Byte ranges of the words in `text`: runs of letters, digits and combining marks.
/// Everything else (spaces, punctuation, apostrophes, dots in `Y.4904`) separates words.
pub(crate) fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        // Skip separators.
        let start = loop {
            let (i, c) = chars.next()?;
            if is_word_char(c) {
                break i;
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if !is_word_char(c) {
                end = i;
                break;
            }
            chars.next();
        }
        Some(start..end)
    })
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// A light Arabic stem in the manner of Larkey's "light10": drop the conjunction and article
/// prefixes, then common suffixes, keeping at least three letters. Input is already folded.
fn arabic_light_stem(word: &str) -> String {
    let normalized: String = word
        .chars()
        .map(|c| match c {
            'ة' => 'ه',
            'ى' => 'ي',
            other => other,
        })
        .collect();
    let mut w: &str = &normalized;
    let len = |s: &str| s.chars().count();
    if len(w) > 3
        && let Some(rest) = w.strip_prefix('و')
    {
        w = rest;
    }
    for prefix in ["بال", "كال", "فال", "لل", "ال"] {
        if let Some(rest) = w.strip_prefix(prefix)
            && len(rest) >= 2
        {
            w = rest;
            break;
        }
    }
    loop {
        let before = w;
        for suffix in ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"] {
            if let Some(rest) = w.strip_suffix(suffix)
                && len(rest) >= 3
            {
                w = rest;
                break;
            }
        }
        if w == before {
            break;
        }
    }
    w.to_string()
}

/// Lower-case, decompose and drop combining marks: `Données` → `donnees`, `إدارة` → `ادارة`.
/// Arabic tatweel (a stretching stroke with no meaning) is dropped as well.
pub(crate) fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c) && *c != '\u{0640}')
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(lang: Language, text: &str) -> Vec<String> {
        Analyzer::new(lang)
            .tokens(text)
            .into_iter()
            .flat_map(|t| t.terms)
            .collect()
    }

    #[test]
    fn splits_on_punctuation_and_keeps_offsets() {
        let text = "Open-data, Y.4904 l'inclusion";
        let found: Vec<&str> = words(text).filter_map(|r| text.get(r)).collect();
        assert_eq!(found, ["Open", "data", "Y", "4904", "l", "inclusion"]);
    }

    #[test]
    fn folds_accents_and_arabic_marks() {
        assert_eq!(fold("Données Équité"), "donnees equite");
        assert_eq!(fold("مُدُن"), "مدن");
        assert_eq!(fold("أإآ"), "ااا");
    }

    #[test]
    fn english_stems_plural_and_verb_forms() {
        assert_eq!(terms(Language::En, "cities"), terms(Language::En, "city"));
        assert_eq!(
            terms(Language::En, "procuring"),
            terms(Language::En, "procure")
        );
    }

    #[test]
    fn french_stems_and_matches_without_accents() {
        assert_eq!(
            terms(Language::Fr, "données ouvertes"),
            terms(Language::Fr, "donnée ouverte")
        );
        // The accented word also indexes its accent-free stem, which is what a query typed
        // without accents produces.
        let accented = terms(Language::Fr, "données");
        let plain = terms(Language::Fr, "donnees");
        assert!(
            plain.iter().all(|t| accented.contains(t)),
            "{accented:?} {plain:?}"
        );
        assert_eq!(terms(Language::Fr, "l'eau"), ["fr:eau"]);
    }

    #[test]
    fn spanish_and_arabic_stem() {
        assert_eq!(
            terms(Language::Es, "abiertos"),
            terms(Language::Es, "abierto")
        );
        let shared = |a: &str, b: &str| {
            let (a, b) = (terms(Language::Ar, a), terms(Language::Ar, b));
            a.iter().any(|t| b.contains(t))
        };
        assert!(shared("المدينة", "مدينة"));
        assert!(shared("البيانات", "بيانات"));
        assert!(shared("والشمول", "الشمول"));
        assert!(shared("الرقمية", "رقمي"));
    }

    #[test]
    fn stop_words_and_single_letters_are_not_terms() {
        assert!(terms(Language::En, "the of a").is_empty());
        assert!(terms(Language::Fr, "les des à").is_empty());
        assert_eq!(terms(Language::En, "Y.4904"), ["en:4904"]);
    }

    #[test]
    fn terms_carry_their_language() {
        assert_eq!(terms(Language::En, "water"), ["en:water"]);
    }
}
