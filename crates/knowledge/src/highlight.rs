//! Marking the words that matched a query, as plain segments the web layer escapes and wraps in
//! `<mark>` (and the CLI wraps in brackets). No HTML is produced here.

use serde::Serialize;

use crate::analysis::words;

/// A piece of text split into runs that did or did not match the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Highlighted {
    pub segments: Vec<Segment>,
    /// True when the text is an excerpt that starts after the beginning of the original.
    pub elided_start: bool,
    /// True when the excerpt stops before the end of the original.
    pub elided_end: bool,
}

/// A run of text; `mark` is true for a matched word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub text: String,
    pub mark: bool,
}

impl Highlighted {
    /// The text without marks.
    pub fn plain(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }

    /// The text with each match wrapped in `open` … `close` (for terminals and tests).
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::new();
        if self.elided_start {
            out.push('…');
        }
        for segment in &self.segments {
            if segment.mark {
                out.push_str(open);
                out.push_str(&segment.text);
                out.push_str(close);
            } else {
                out.push_str(&segment.text);
            }
        }
        if self.elided_end {
            out.push('…');
        }
        out
    }

    /// The matched words, in order.
    pub fn marks(&self) -> impl Iterator<Item = &str> {
        self.segments
            .iter()
            .filter(|s| s.mark)
            .map(|s| s.text.as_str())
    }
}

/// Tells whether a word of the text matched the query.
pub(crate) type IsHit<'a> = &'a dyn Fn(&str) -> bool;

/// The whole of `text`, with every word for which `is_hit` holds marked.
pub(crate) fn highlight(text: &str, is_hit: IsHit<'_>) -> Highlighted {
    let hits: Vec<(usize, usize)> = words(text)
        .filter(|r| is_hit(text.get(r.clone()).unwrap_or_default()))
        .map(|r| (r.start, r.end))
        .collect();
    Highlighted {
        segments: segments(text, 0, text.len(), &hits),
        elided_start: false,
        elided_end: false,
    }
}

/// The window of about `width` words of `text` holding the most matches, or `None` if no word
/// matches.
pub(crate) fn snippet(text: &str, is_hit: IsHit<'_>, width: usize) -> Option<Highlighted> {
    let tokens: Vec<std::ops::Range<usize>> = words(text).collect();
    let is_hit: Vec<bool> = tokens
        .iter()
        .map(|r| is_hit(text.get(r.clone()).unwrap_or_default()))
        .collect();
    if !is_hit.iter().any(|h| *h) {
        return None;
    }
    let width = width.max(1);
    // Sliding window count of hits; the first best window wins so snippets are stable.
    let mut best = (0usize, 0usize);
    let mut count = 0usize;
    for (i, hit) in is_hit.iter().enumerate() {
        if *hit {
            count += 1;
        }
        if i >= width && is_hit[i - width] {
            count -= 1;
        }
        let start = (i + 1).saturating_sub(width);
        if count > best.1 {
            best = (start, count);
        }
    }
    let first = best.0;
    let last = (first + width).min(tokens.len()) - 1;
    let start = tokens[first].start;
    let end = tokens[last].end;
    let hits: Vec<(usize, usize)> = tokens[first..=last]
        .iter()
        .zip(&is_hit[first..=last])
        .filter(|(_, hit)| **hit)
        .map(|(t, _)| (t.start, t.end))
        .collect();
    Some(Highlighted {
        segments: segments(text, start, end, &hits),
        elided_start: first > 0,
        elided_end: last + 1 < tokens.len(),
    })
}

/// Splits `text[start..end]` at the hit ranges, collapsing runs of white space (paragraph
/// breaks in a body) to one space so that excerpts read as one line.
fn segments(text: &str, start: usize, end: usize, hits: &[(usize, usize)]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut push = |piece: &str, mark: bool| {
        let piece = collapse_spaces(piece);
        if piece.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.mark == mark && !mark => last.text.push_str(&piece),
            _ => out.push(Segment { text: piece, mark }),
        }
    };
    let mut at = start;
    for &(s, e) in hits {
        if s < at || e > end {
            continue;
        }
        push(text.get(at..s).unwrap_or_default(), false);
        push(text.get(s..e).unwrap_or_default(), true);
        at = e;
    }
    push(text.get(at..end).unwrap_or_default(), false);
    out
}

fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analyzer;
    use crate::language::Language;
    use std::collections::HashSet;

    /// A matcher that analyses each word, as the index does through its cache.
    fn matcher(language: Language, query: &str) -> impl Fn(&str) -> bool {
        let analyzer = Analyzer::new(language);
        let wanted: HashSet<String> = analyzer
            .tokens(query)
            .into_iter()
            .flat_map(|t| t.terms)
            .collect();
        move |word: &str| analyzer.terms(word).iter().any(|t| wanted.contains(t))
    }

    #[test]
    fn marks_stemmed_matches_and_keeps_the_original_spelling() {
        let h = highlight(
            "Publishing open datasets for cities",
            &matcher(Language::En, "publish city"),
        );
        assert_eq!(
            h.marked("[", "]"),
            "[Publishing] open datasets for [cities]"
        );
        assert_eq!(h.plain(), "Publishing open datasets for cities");
    }

    #[test]
    fn french_accents_match_a_query_typed_without_them() {
        let h = highlight(
            "Données ouvertes de la ville",
            &matcher(Language::Fr, "donnees ouverte"),
        );
        assert_eq!(h.marks().collect::<Vec<_>>(), ["Données", "ouvertes"]);
    }

    #[test]
    fn snippet_picks_the_window_with_most_matches() {
        let text = "one two three four five six water seven eight water nine ten eleven twelve";
        let s = snippet(text, &matcher(Language::En, "water"), 4);
        let s = s.map(|s| s.marked("[", "]"));
        assert_eq!(s.as_deref(), Some("…[water] seven eight [water]…"));
    }

    #[test]
    fn snippet_is_none_without_matches_and_collapses_paragraph_breaks() {
        assert!(snippet("nothing here", &matcher(Language::En, "water"), 10).is_none());
        let s = snippet("Water.\n\nMeters", &matcher(Language::En, "meter"), 10);
        assert_eq!(
            s.map(|s| s.marked("[", "]")).as_deref(),
            Some("Water. [Meters]")
        );
    }
}
