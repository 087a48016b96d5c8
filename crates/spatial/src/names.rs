//! Matching the district names of a table of values to the names in the boundary file.

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::Districts;

/// The form names are compared in: compatibility-decomposed (NFKD) without combining marks,
/// lower case, typographic apostrophes as `'`, runs of white space as one space, trimmed.
/// "  Saint-Étienne ", "SAINT-ETIENNE" and "saint-étienne" all give "saint-etienne".
pub fn normalize_name(name: &str) -> String {
    let folded: String = name
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02bc}' | '`' | '\u{00b4}' => '\'',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether two district names are the same ignoring case, accents and spacing.
pub fn same_name(a: &str, b: &str) -> bool {
    normalize_name(a) == normalize_name(b)
}

/// How the names of a table of values line up with the districts of the boundary file, so the
/// page can tell the city which names did not match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MatchReport {
    /// Pairs of (name in the values, name in the file) that match, in the order of the values.
    pub matched: Vec<(String, String)>,
    /// Names in the values that no district in the file has, in the order of the values.
    pub unknown: Vec<String>,
    /// Districts of the file that have no entry in the values, in file order.
    pub missing: Vec<String>,
    /// Names listed more than once in the values (after the first; the first one is used).
    pub duplicates: Vec<String>,
}

impl MatchReport {
    /// Every value found its district and every district has a value, once.
    pub fn is_complete(&self) -> bool {
        self.unknown.is_empty() && self.missing.is_empty() && self.duplicates.is_empty()
    }
}

/// Compare the names of `values` with the districts of the file, ignoring case, accents and
/// surrounding spaces (see [`normalize_name`]). Works for any value type, so the page can run
/// it on the same list it gives to [`choropleth_svg`](crate::choropleth_svg).
pub fn match_report<T>(districts: &Districts, values: &[(String, T)]) -> MatchReport {
    let keys: Vec<String> = districts.iter().map(|d| normalize_name(&d.name)).collect();
    let mut seen = vec![false; keys.len()];
    let mut report = MatchReport::default();
    for (name, _) in values {
        let key = normalize_name(name);
        match keys.iter().position(|k| *k == key) {
            Some(i) if seen[i] => report.duplicates.push(name.clone()),
            Some(i) => {
                seen[i] = true;
                report
                    .matched
                    .push((name.clone(), districts.as_slice()[i].name.clone()));
            }
            None => report.unknown.push(name.clone()),
        }
    }
    report.missing = districts
        .iter()
        .zip(&seen)
        .filter(|(_, s)| !**s)
        .map(|(d, _)| d.name.clone())
        .collect();
    report
}
