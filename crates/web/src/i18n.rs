//! Translations (Fluent) and locale formatting for the four shipped languages.
//!
//! Every user-facing string lives in `locales/<lang>/<area>.ftl` (one file per
//! area of the product, so a module's strings sit together). A missing message
//! falls back to English and is logged; a test keeps the four files in step.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::Serialize;
use std::collections::HashMap;

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Lang {
    En,
    Fr,
    Es,
    Ar,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Fr, Lang::Es, Lang::Ar];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::Ar => "ar",
        }
    }

    /// The language's own name, shown in the switcher whatever the page language.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Es => "Español",
            Lang::Ar => "العربية",
        }
    }

    pub fn dir(self) -> &'static str {
        if self == Lang::Ar { "rtl" } else { "ltr" }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The explicit choice (cookie) wins, then the account's setting, then
    /// the browser's Accept-Language by q-value, then English.
    pub fn negotiate(
        cookie: Option<&str>,
        account: Option<&str>,
        accept_language: Option<&str>,
    ) -> Lang {
        if let Some(lang) = cookie
            .and_then(Lang::parse)
            .or_else(|| account.and_then(Lang::parse))
        {
            return lang;
        }
        let mut offers: Vec<(f32, usize, Lang)> = accept_language
            .unwrap_or_default()
            .split(',')
            .enumerate()
            .filter_map(|(position, item)| {
                let mut parts = item.split(';');
                let lang = Lang::parse(parts.next()?)?;
                let q = parts
                    .find_map(|p| {
                        p.trim()
                            .strip_prefix("q=")
                            .and_then(|q| q.parse::<f32>().ok())
                    })
                    .unwrap_or(1.0);
                (q > 0.0).then_some((q, position, lang))
            })
            .collect();
        offers.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        offers.first().map_or(Lang::En, |o| o.2)
    }
}

/// The translation files of one language, one per area.
macro_rules! areas {
    ($lang:literal) => {
        &[
            include_str!(concat!("../locales/", $lang, "/core.ftl")),
            include_str!(concat!("../locales/", $lang, "/kpi.ftl")),
            include_str!(concat!("../locales/", $lang, "/kpi_results.ftl")),
            include_str!(concat!("../locales/", $lang, "/strategy.ftl")),
            include_str!(concat!("../locales/", $lang, "/knowledge.ftl")),
            include_str!(concat!("../locales/", $lang, "/participation.ftl")),
            include_str!(concat!("../locales/", $lang, "/consultation.ftl")),
            include_str!(concat!("../locales/", $lang, "/outcomes.ftl")),
            include_str!(concat!("../locales/", $lang, "/divide.ftl")),
            include_str!(concat!("../locales/", $lang, "/procurement.ftl")),
        ]
    };
}

const SOURCES: [(Lang, &[&str]); 4] = [
    (Lang::En, areas!("en")),
    (Lang::Fr, areas!("fr")),
    (Lang::Es, areas!("es")),
    (Lang::Ar, areas!("ar")),
];

/// All translations, parsed once at start.
pub struct I18n {
    bundles: HashMap<Lang, FluentBundle<FluentResource>>,
}

impl I18n {
    pub fn load() -> I18n {
        let mut bundles = HashMap::new();
        for (lang, sources) in SOURCES {
            let id = lang.code().parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Isolation marks would show up in <title> and test assertions;
            // our arguments are short and the page sets `dir` itself.
            bundle.set_use_isolating(false);
            for source in sources {
                let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(
                    |(partial, errors)| {
                        tracing::error!(lang = lang.code(), ?errors, "translation file has errors");
                        partial
                    },
                );
                if let Err(errors) = bundle.add_resource(resource) {
                    tracing::error!(lang = lang.code(), ?errors, "duplicate translation keys");
                }
            }
            bundles.insert(lang, bundle);
        }
        I18n { bundles }
    }

    /// The message `key` in `lang`.
    pub fn text(&self, lang: Lang, key: &str) -> String {
        self.format(lang, key, None)
    }

    /// The message `key` in `lang`, with named arguments.
    pub fn text_with(&self, lang: Lang, key: &str, args: &[(&str, String)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, FluentValue::from(value.clone()));
        }
        self.format(lang, key, Some(&fluent_args))
    }

    fn format(&self, lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
        for candidate in [lang, Lang::En] {
            let Some(bundle) = self.bundles.get(&candidate) else {
                continue;
            };
            if let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, args, &mut errors);
                return text.into_owned();
            }
            if candidate != Lang::En {
                tracing::warn!(
                    key,
                    lang = lang.code(),
                    "missing translation, using English"
                );
            }
        }
        tracing::error!(key, "unknown message key");
        key.to_string()
    }

    /// Message ids defined for `lang` (for the completeness test).
    pub fn keys(&self, lang: Lang) -> Vec<String> {
        let Some((_, sources)) = SOURCES.iter().find(|(l, _)| *l == lang) else {
            return Vec::new();
        };
        sources
            .iter()
            .flat_map(|source| source.lines())
            .filter(|line| !line.starts_with(['#', ' ', '\t', '.']) && line.contains(" ="))
            .filter_map(|line| line.split(" =").next().map(|k| k.trim().to_string()))
            .collect()
    }
}

/// A whole number with the locale's digit grouping: 412,300 / 412 300 /
/// 412.300 / ٤١٢٬٣٠٠ (CLDR defaults for en, fr, es, ar).
pub fn format_count(lang: Lang, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    // CLDR: Spanish does not group four-digit numbers.
    let group = !(lang == Lang::Es && digits.len() <= 4);
    let separator = match lang {
        Lang::En => ",",
        Lang::Fr => "\u{202f}",
        Lang::Es => ".",
        Lang::Ar => "\u{066c}",
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if group && i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    if lang == Lang::Ar {
        out = out
            .chars()
            .map(|c| {
                c.to_digit(10)
                    .and_then(|d| char::from_u32(0x0660 + d))
                    .unwrap_or(c)
            })
            .collect();
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A decimal number with one or two decimals, in the locale's style.
pub fn format_decimal(lang: Lang, value: f64, decimals: usize) -> String {
    let text = format!("{:.decimals$}", value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let whole = format_count(lang, whole.parse::<i64>().unwrap_or_default());
    // The sign is the rounded value's, so -0.04 at one decimal is "0.0", not "-0.0".
    let negative = value < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0');
    let sign = if negative { "-" } else { "" };
    if fraction.is_empty() {
        return format!("{sign}{whole}");
    }
    let (mark, fraction) = match lang {
        Lang::En => (".", fraction.to_string()),
        Lang::Fr | Lang::Es => (",", fraction.to_string()),
        // Digit by digit: the fraction's leading zeros matter (12.05).
        Lang::Ar => (
            "\u{066b}",
            fraction
                .chars()
                .map(|c| {
                    c.to_digit(10)
                        .and_then(|d| char::from_u32(0x0660 + d))
                        .unwrap_or(c)
                })
                .collect(),
        ),
    };
    format!("{sign}{whole}{mark}{fraction}")
}

/// A moment as "23 Nov 2026, 16:05 UTC" in the language's own words.
pub fn format_time(i18n: &I18n, lang: Lang, unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let seconds = unix_seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let month_name = i18n.text(lang, &format!("month-{month}"));
    let time = format!("{:02}:{:02}", seconds / 3600, seconds % 3600 / 60);
    i18n.text_with(
        lang,
        "datetime",
        &[
            ("day", day.to_string()),
            ("month", month_name),
            ("year", year.to_string()),
            ("time", time),
        ],
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian
/// (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_preference_decides_the_first_visit() {
        assert_eq!(
            Lang::negotiate(None, None, Some("fr-CH, fr;q=0.9, en;q=0.8")),
            Lang::Fr
        );
        assert_eq!(
            Lang::negotiate(None, None, Some("de-DE, ar;q=0.5, es;q=0.7")),
            Lang::Es
        );
        assert_eq!(Lang::negotiate(None, None, Some("de")), Lang::En);
        assert_eq!(
            Lang::negotiate(Some("ar"), Some("fr"), Some("es")),
            Lang::Ar,
            "the explicit choice sticks"
        );
        assert_eq!(Lang::negotiate(None, Some("fr"), Some("es")), Lang::Fr);
    }

    #[test]
    fn every_language_has_every_message() {
        let i18n = I18n::load();
        let mut english = i18n.keys(Lang::En);
        english.sort();
        assert!(english.len() > 50);
        for lang in [Lang::Fr, Lang::Es, Lang::Ar] {
            let mut keys = i18n.keys(lang);
            keys.sort();
            let missing: Vec<_> = english.iter().filter(|k| !keys.contains(k)).collect();
            let extra: Vec<_> = keys.iter().filter(|k| !english.contains(k)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{}: missing {missing:?}, extra {extra:?}",
                lang.code()
            );
        }
    }

    #[test]
    fn numbers_and_dates_follow_the_locale() {
        assert_eq!(format_count(Lang::En, 412_300), "412,300");
        assert_eq!(format_count(Lang::Fr, 412_300), "412\u{202f}300");
        assert_eq!(format_count(Lang::Es, 412_300), "412.300");
        assert_eq!(format_count(Lang::Es, 4_123), "4123");
        assert_eq!(format_count(Lang::Ar, 412_300), "٤١٢٬٣٠٠");
        assert_eq!(format_decimal(Lang::Fr, 12.5, 1), "12,5");
        // Regression: the fraction's leading zero and the sign of values above -1.
        assert_eq!(format_decimal(Lang::Ar, 12.05, 2), "١٢٫٠٥");
        assert_eq!(format_decimal(Lang::En, -0.5, 1), "-0.5");
        assert_eq!(format_decimal(Lang::En, -1234.5, 1), "-1,234.5");
        assert_eq!(format_decimal(Lang::En, -0.04, 1), "0.0");
        assert_eq!(civil_from_days(20_415), (2025, 11, 23));
        let i18n = I18n::load();
        assert_eq!(
            format_time(&i18n, Lang::En, 1_763_913_900),
            "23 Nov 2025, 16:05 UTC"
        );
    }
}
