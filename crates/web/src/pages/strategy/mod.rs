//! The strategy module's pages: the five-pillar maturity self-assessment
//! ([`maturity`], with the public questionnaire behind a respondent's
//! private link in [`respondent`]) and the People-Centred Digital Roadmap
//! ([`roadmap`], its form in [`action`], its exports in [`export`]). Charts
//! are SVG drawn in [`charts`], always with their data as a table beside them.
//!
//! URLs: `/cities/{slug}/maturity` (rounds) · `/cities/{slug}/maturity/{round}`
//! (respondents) · `…/results` · `…/consensus` · `…/close` · `/maturity/{secret}`
//! (the questionnaire, no account) · `/cities/{slug}/roadmap` (views) ·
//! `…/roadmap/actions/new` · `…/roadmap/actions/{id}` (+ `/delete`) ·
//! `…/roadmap/stakeholders` · `…/roadmap/export` · `…/roadmap.pdf`.

mod action;
mod charts;
mod export;
mod maturity;
mod respondent;
mod roadmap;

use crate::i18n::{Lang, format_count, format_decimal};
use crate::pages::Chrome;
use crate::state::AppState;
use axum::Router;
use civitas_domain::validation::{FieldError, Problem};
use civitas_service::strategy::{Framework, Labels, Language, label};
use std::collections::HashMap;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .merge(maturity::routes())
        .merge(respondent::routes())
        .merge(roadmap::routes())
        .merge(action::routes())
        .merge(export::routes())
}

/// The knowledge base's language for an interface language.
pub(crate) fn content_language(lang: Lang) -> Language {
    match lang {
        Lang::En => Language::En,
        Lang::Fr => Language::Fr,
        Lang::Es => Language::Es,
        Lang::Ar => Language::Ar,
    }
}

/// A name (and description) from the framework in the page's language; when
/// it is the English fallback, `lang` says so for screen readers.
#[derive(Clone, Default)]
pub(crate) struct Text {
    pub name: String,
    pub description: String,
    /// `Some("en")` when the text is not in the page's language.
    pub lang: Option<&'static str>,
}

impl Text {
    /// ` lang="en"` or nothing, for an element showing this text.
    pub fn lang_attr(&self) -> &'static str {
        match self.lang {
            Some(_) => " lang=\"en\" dir=\"ltr\"",
            None => "",
        }
    }
}

pub(crate) fn text(labels: &Labels, lang: Lang, fallback: &str) -> Text {
    match label(labels, content_language(lang)) {
        Some(found) => Text {
            name: found.value.name.clone(),
            description: found.value.description.clone().unwrap_or_default(),
            lang: (found.language != content_language(lang)).then(|| found.language.code()),
        },
        None => Text {
            name: fallback.to_string(),
            ..Text::default()
        },
    }
}

/// Names of pillars, elements and levels in one language.
pub(crate) struct Names<'a> {
    pub framework: &'a Framework,
    pub lang: Lang,
}

impl Names<'_> {
    pub fn pillar(&self, id: &str) -> Text {
        self.framework.pillar(id).map_or_else(
            || text(&Labels::new(), self.lang, id),
            |p| text(&p.labels, self.lang, id),
        )
    }

    pub fn element(&self, id: &str) -> Text {
        self.framework.element(id).map_or_else(
            || text(&Labels::new(), self.lang, id),
            |(_, e)| text(&e.labels, self.lang, id),
        )
    }

    /// "3 – Development".
    pub fn level(&self, rank: i64) -> String {
        let name = self
            .framework
            .levels
            .iter()
            .find(|l| i64::from(l.rank) == rank)
            .map(|l| text(&l.labels, self.lang, &l.id).name)
            .unwrap_or_default();
        format!("{} – {name}", format_count(self.lang, rank))
    }
}

/// A level such as 2.5 in the locale's style ("2,5"), or "–".
pub(crate) fn level_number(lang: Lang, value: Option<f64>) -> String {
    match value {
        None => "–".to_string(),
        Some(v) if v.fract() == 0.0 => format_count(lang, v as i64),
        Some(v) => format_decimal(lang, v, 1),
    }
}

/// A number with up to two decimals, grouped per locale.
pub(crate) fn number(lang: Lang, value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format_count(lang, value as i64)
    } else {
        format_decimal(lang, value, 2)
    }
}

/// Messages beside the fields of a strategy form, already translated. The
/// service reports a bad date, an unknown choice or a dependency loop as
/// "required" on the field; these forms say what is wrong in their own words.
/// (The same shape as [`crate::pages::FormErrors`], so the form macros take it.)
#[derive(Default)]
pub(crate) struct Errors(HashMap<String, String>);

impl Errors {
    pub fn from_fields(chrome: &Chrome, errors: &[FieldError]) -> Errors {
        let mut out = Errors::default();
        for e in errors {
            let key = match (e.field, e.problem) {
                ("start_date" | "end_date", Problem::Required) => "st-error-date",
                ("depends_on", _) => "st-error-depends-on",
                ("kpis", _) => "st-error-kpis",
                ("roles", _) => "st-error-roles",
                ("elements", _) => "st-error-elements",
                ("funding_source" | "status" | "kind" | "level" | "sector", Problem::Required) => {
                    "st-error-choose"
                }
                (_, Problem::Locked) => "st-error-round-closed",
                ("evidence_url", Problem::Required) => "st-error-url",
                (_, problem) => problem.message_key(),
            };
            out.0
                .entry(e.field.to_string())
                .or_insert_with(|| chrome.t(key));
        }
        out
    }

    pub fn get(&self, field: &str) -> Option<&String> {
        self.0.get(field)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Fields with errors in form order, for the summary at the top of a form.
    pub fn summary<T: AsRef<[&'static str]> + ?Sized>(
        &self,
        order: &T,
    ) -> Vec<(&'static str, String)> {
        order
            .as_ref()
            .iter()
            .filter_map(|f| self.0.get(*f).map(|m| (*f, m.clone())))
            .collect()
    }
}
