//! The survey design and the mapping of columns, declared once per file: a
//! form listing the file's columns for the weight, strata, clusters, fpc and
//! lonely-PSU rule (or replicate weights chosen by a name pattern), each
//! standard indicator with the answers that mean yes, the breakdowns and the
//! suppression thresholds. The service checks all of it on the data; its
//! problems (naming columns and rows) are listed above the form.

use super::{NoticeQuery, breakdown_name, dimension_name, indicator_name, notice, team_survey};
use crate::AppError;
use crate::pages::{Chrome, render, see_other};
use crate::state::AppState;
use crate::visitor::RequestContext;
use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use civitas_domain::{Action, CityId, policy};
use civitas_service::divide::{
    BREAKDOWNS, BreakdownMapping, DeclareForm, IndicatorMapping, SuppressionRules, SurveyMapping,
    indicator_catalogue,
};
use civitas_service::{FileProblem, ServiceError};
use civitas_store::{CityRow, SurveyDatasetRow};
use civitas_survey::{BuiltReplicates, DesignSpec, LonelyPsu, ReplicateColumns, ReplicateKind};

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/cities/{slug}/divide/{id}/declare", get(show).post(save))
}

pub(super) struct IndicatorRow {
    pub id: String,
    pub name: String,
    pub code: String,
    pub dimension: String,
    pub column: String,
    pub yes: String,
}

pub(super) struct BreakdownRow {
    pub id: &'static str,
    pub name: String,
    pub column: String,
}

/// The form's values as text, from storage or as sent.
#[derive(Default)]
pub(super) struct Declared {
    pub weight: String,
    pub strata: String,
    pub cluster1: String,
    pub cluster2: String,
    pub fpc1: String,
    pub fpc2: String,
    pub lonely_psu: String,
    pub built: String,
    pub rep_pattern: String,
    pub rep_kind: String,
    pub fay_rho: String,
    pub rscale: String,
    pub rep_mse: bool,
    pub indicators: Vec<IndicatorRow>,
    pub breakdowns: Vec<BreakdownRow>,
    pub female: String,
    pub male: String,
    pub min_respondents: String,
    pub min_count: String,
    pub min_effective: String,
    pub max_width: String,
    pub max_relative_width: String,
}

fn lonely_name(rule: LonelyPsu) -> &'static str {
    match rule {
        LonelyPsu::Fail => "fail",
        LonelyPsu::Adjust => "adjust",
        LonelyPsu::Certainty => "certainty",
        LonelyPsu::Remove => "remove",
    }
}

fn kind_name(kind: ReplicateKind) -> &'static str {
    match kind {
        ReplicateKind::Brr => "brr",
        ReplicateKind::Fay { .. } => "fay",
        ReplicateKind::Jk1 => "jk1",
        ReplicateKind::Jkn => "jkn",
        ReplicateKind::Bootstrap => "bootstrap",
        ReplicateKind::SuccessiveDifference => "sdr",
        ReplicateKind::Other => "other",
    }
}

pub(super) const LONELY_RULES: [&str; 4] = ["fail", "adjust", "certainty", "remove"];
pub(super) const REPLICATE_KINDS: [&str; 6] = ["brr", "fay", "jk1", "jkn", "bootstrap", "sdr"];

/// `repw*` matches `repw1`, `repw2` …; `*` stands for any text.
fn glob(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !name.starts_with(first) || name.len() < first.len() + last.len() || !name.ends_with(last) {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

/// The pattern shown for stored replicate columns: their common prefix and `*`.
fn pattern_of(columns: &[String]) -> String {
    let Some(first) = columns.first() else {
        return String::new();
    };
    let mut prefix = first.as_str();
    for c in columns {
        while !c.starts_with(prefix) {
            prefix = &prefix[..prefix.len() - 1];
        }
    }
    format!("{prefix}*")
}

fn number_text(v: f64) -> String {
    format!("{v}")
}

impl Declared {
    /// From what is stored, or a first guess from the column names.
    fn from_stored(
        chrome: &Chrome,
        dataset: &SurveyDatasetRow,
        design: Option<DesignSpec>,
        mapping: Option<SurveyMapping>,
    ) -> Declared {
        let has = |name: &str| dataset.columns.iter().any(|c| c == name);
        let guess = |names: &[&str]| {
            names
                .iter()
                .find(|n| has(n))
                .map(|n| n.to_string())
                .unwrap_or_default()
        };
        let design = design.unwrap_or_else(|| DesignSpec {
            weight: Some(guess(&["weight", "wt", "weights", "pw"])).filter(|s| !s.is_empty()),
            strata: Some(guess(&["stratum", "strata"])).filter(|s| !s.is_empty()),
            clusters: Some(guess(&["psu", "ea", "cluster"]))
                .filter(|s| !s.is_empty())
                .into_iter()
                .collect(),
            ..Default::default()
        });
        let mapping = mapping.unwrap_or_default();
        let rules = mapping.rules.unwrap_or_default();
        let replicates = design.replicate_columns.as_ref();
        let catalogue = indicator_catalogue().unwrap_or_default();
        Declared {
            weight: design.weight.clone().unwrap_or_default(),
            strata: design.strata.clone().unwrap_or_default(),
            cluster1: design.clusters.first().cloned().unwrap_or_default(),
            cluster2: design.clusters.get(1).cloned().unwrap_or_default(),
            fpc1: design.fpc.first().cloned().unwrap_or_default(),
            fpc2: design.fpc.get(1).cloned().unwrap_or_default(),
            lonely_psu: lonely_name(design.lonely_psu).into(),
            built: match design.built_replicates {
                Some(BuiltReplicates::Jk1) => "jk1".into(),
                Some(BuiltReplicates::Jkn) => "jkn".into(),
                None => String::new(),
            },
            rep_pattern: replicates
                .map(|r| pattern_of(&r.columns))
                .unwrap_or_default(),
            rep_kind: replicates.map_or("jk1".into(), |r| kind_name(r.kind).into()),
            fay_rho: match replicates.map(|r| r.kind) {
                Some(ReplicateKind::Fay { rho }) => number_text(rho),
                _ => String::new(),
            },
            rscale: replicates
                .and_then(|r| r.rscale)
                .map(number_text)
                .unwrap_or_default(),
            rep_mse: replicates.is_some_and(|r| r.mse),
            indicators: catalogue
                .iter()
                .map(|i| {
                    let mapped = mapping.indicators.iter().find(|m| m.indicator == i.id);
                    let column = match mapped {
                        Some(m) => m.column.clone(),
                        None if mapping.indicators.is_empty() => {
                            guess(&[&i.id.replace('-', "_"), &i.id])
                        }
                        None => String::new(),
                    };
                    IndicatorRow {
                        name: indicator_name(chrome, &i.id),
                        code: i.code.clone(),
                        dimension: dimension_name(chrome, &i.dimension),
                        yes: mapped.map_or("1".into(), |m| m.yes.join(", ")),
                        column,
                        id: i.id.clone(),
                    }
                })
                .collect(),
            breakdowns: BREAKDOWNS
                .iter()
                .map(|b| BreakdownRow {
                    id: b,
                    name: breakdown_name(chrome, b),
                    column: match mapping.breakdowns.iter().find(|m| m.breakdown == *b) {
                        Some(m) => m.column.clone(),
                        None if mapping.breakdowns.is_empty() => guess(&[b]),
                        None => String::new(),
                    },
                })
                .collect(),
            female: mapping.female.clone().unwrap_or_else(|| "female".into()),
            male: mapping.male.clone().unwrap_or_else(|| "male".into()),
            min_respondents: rules.min_respondents.to_string(),
            min_count: rules.min_count.to_string(),
            min_effective: number_text(rules.min_effective),
            max_width: number_text(rules.max_width),
            max_relative_width: number_text(rules.max_relative_width),
        }
    }

    /// From the form as sent.
    fn from_form(chrome: &Chrome, fields: &[(String, String)]) -> Declared {
        let one = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or_default()
        };
        let catalogue = indicator_catalogue().unwrap_or_default();
        Declared {
            weight: one("weight"),
            strata: one("strata"),
            cluster1: one("cluster1"),
            cluster2: one("cluster2"),
            fpc1: one("fpc1"),
            fpc2: one("fpc2"),
            lonely_psu: one("lonely_psu"),
            built: one("built"),
            rep_pattern: one("rep_pattern"),
            rep_kind: one("rep_kind"),
            fay_rho: one("fay_rho"),
            rscale: one("rscale"),
            rep_mse: !one("rep_mse").is_empty(),
            indicators: catalogue
                .iter()
                .map(|i| IndicatorRow {
                    name: indicator_name(chrome, &i.id),
                    code: i.code.clone(),
                    dimension: dimension_name(chrome, &i.dimension),
                    column: one(&format!("col:{}", i.id)),
                    yes: one(&format!("yes:{}", i.id)),
                    id: i.id.clone(),
                })
                .collect(),
            breakdowns: BREAKDOWNS
                .iter()
                .map(|b| BreakdownRow {
                    id: b,
                    name: breakdown_name(chrome, b),
                    column: one(&format!("bd:{b}")),
                })
                .collect(),
            female: one("female"),
            male: one("male"),
            min_respondents: one("min_respondents"),
            min_count: one("min_count"),
            min_effective: one("min_effective"),
            max_width: one("max_width"),
            max_relative_width: one("max_relative_width"),
        }
    }

    /// The declaration, or what is wrong with the form itself (in words).
    fn to_form(&self, chrome: &Chrome, columns: &[String]) -> Result<DeclareForm, Vec<String>> {
        let mut problems = Vec::new();
        let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let mut number = |field: &str, label: &str, value: &str| -> Option<f64> {
            if value.is_empty() {
                return None;
            }
            match value.replace(',', ".").parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
                _ => {
                    problems.push(chrome.t1("dv-declare-not-a-number", "field", label));
                    let _ = field;
                    None
                }
            }
        };
        let lonely_psu = match self.lonely_psu.as_str() {
            "adjust" => LonelyPsu::Adjust,
            "certainty" => LonelyPsu::Certainty,
            "remove" => LonelyPsu::Remove,
            _ => LonelyPsu::Fail,
        };
        let rscale = number("rscale", &chrome.t("dv-field-rscale"), &self.rscale);
        let rho = number("fay_rho", &chrome.t("dv-field-fay-rho"), &self.fay_rho);
        let rules_default = SuppressionRules::default();
        let min_respondents = number(
            "min_respondents",
            &chrome.t("dv-rule-min-respondents"),
            &self.min_respondents,
        );
        let min_count = number("min_count", &chrome.t("dv-rule-min-count"), &self.min_count);
        let min_effective = number(
            "min_effective",
            &chrome.t("dv-rule-min-effective"),
            &self.min_effective,
        );
        let max_width = number("max_width", &chrome.t("dv-rule-max-width"), &self.max_width);
        let max_relative_width = number(
            "max_relative_width",
            &chrome.t("dv-rule-max-relative-width"),
            &self.max_relative_width,
        );
        let replicate_columns = if self.rep_pattern.is_empty() {
            None
        } else {
            let matched: Vec<String> = columns
                .iter()
                .filter(|c| glob(&self.rep_pattern, c))
                .cloned()
                .collect();
            if matched.is_empty() {
                problems.push(chrome.t1("dv-declare-no-replicates", "pattern", &self.rep_pattern));
            }
            let kind = match self.rep_kind.as_str() {
                "brr" => ReplicateKind::Brr,
                "fay" => match rho {
                    Some(rho) => ReplicateKind::Fay { rho },
                    None => {
                        problems.push(chrome.t("dv-declare-fay-needs-rho"));
                        ReplicateKind::Brr
                    }
                },
                "jkn" => ReplicateKind::Jkn,
                "bootstrap" => ReplicateKind::Bootstrap,
                "sdr" => ReplicateKind::SuccessiveDifference,
                _ => ReplicateKind::Jk1,
            };
            Some(ReplicateColumns {
                columns: matched,
                kind,
                rscale,
                mse: self.rep_mse,
            })
        };
        let design = DesignSpec {
            weight: text(&self.weight),
            strata: text(&self.strata),
            clusters: [&self.cluster1, &self.cluster2]
                .into_iter()
                .filter(|c| !c.is_empty())
                .cloned()
                .collect(),
            fpc: [&self.fpc1, &self.fpc2]
                .into_iter()
                .filter(|c| !c.is_empty())
                .cloned()
                .collect(),
            lonely_psu,
            built_replicates: match self.built.as_str() {
                "jk1" => Some(BuiltReplicates::Jk1),
                "jkn" => Some(BuiltReplicates::Jkn),
                _ => None,
            },
            replicate_columns,
        };
        let gender = self
            .breakdowns
            .iter()
            .any(|b| b.id == "gender" && !b.column.is_empty());
        let mapping = SurveyMapping {
            indicators: self
                .indicators
                .iter()
                .filter(|i| !i.column.is_empty())
                .map(|i| IndicatorMapping {
                    indicator: i.id.clone(),
                    column: i.column.clone(),
                    yes: i
                        .yes
                        .split(',')
                        .map(str::trim)
                        .filter(|y| !y.is_empty())
                        .map(str::to_string)
                        .collect(),
                })
                .collect(),
            breakdowns: self
                .breakdowns
                .iter()
                .filter(|b| !b.column.is_empty())
                .map(|b| BreakdownMapping {
                    breakdown: b.id.to_string(),
                    column: b.column.clone(),
                })
                .collect(),
            female: text(&self.female).filter(|_| gender),
            male: text(&self.male).filter(|_| gender),
            rules: Some(SuppressionRules {
                min_respondents: min_respondents
                    .map_or(rules_default.min_respondents, |v| v as usize),
                min_count: min_count.map_or(rules_default.min_count, |v| v as usize),
                min_effective: min_effective.unwrap_or(rules_default.min_effective),
                max_width: max_width.unwrap_or(rules_default.max_width),
                max_relative_width: max_relative_width.unwrap_or(rules_default.max_relative_width),
            }),
        };
        if problems.is_empty() {
            Ok(DeclareForm { design, mapping })
        } else {
            Err(problems)
        }
    }
}

#[derive(Template)]
#[template(path = "divide_declare.html")]
struct DeclarePage {
    chrome: Chrome,
    notice: Option<String>,
    city: CityRow,
    dataset: SurveyDatasetRow,
    columns: Vec<String>,
    d: Declared,
    lonely_rules: Vec<(&'static str, String)>,
    replicate_kinds: Vec<(&'static str, String)>,
    /// Problems of the form itself, translated.
    form_problems: Vec<String>,
    /// Problems the service found on the data.
    problems: Vec<FileProblem>,
}

impl DeclarePage {
    /// (field, label, value) of the design's column choices.
    fn design_fields(&self) -> Vec<(&'static str, String, String)> {
        let d = &self.d;
        [
            ("weight", "dv-field-weight", &d.weight),
            ("strata", "dv-field-strata", &d.strata),
            ("cluster1", "dv-field-cluster1", &d.cluster1),
            ("cluster2", "dv-field-cluster2", &d.cluster2),
            ("fpc1", "dv-field-fpc1", &d.fpc1),
            ("fpc2", "dv-field-fpc2", &d.fpc2),
        ]
        .into_iter()
        .map(|(f, key, v)| (f, self.chrome.t(key), v.clone()))
        .collect()
    }

    /// (field, label, value) of the suppression thresholds.
    fn rule_fields(&self) -> Vec<(&'static str, String, String)> {
        let d = &self.d;
        [
            (
                "min_respondents",
                "dv-rule-min-respondents",
                &d.min_respondents,
            ),
            ("min_count", "dv-rule-min-count", &d.min_count),
            ("min_effective", "dv-rule-min-effective", &d.min_effective),
            ("max_width", "dv-rule-max-width", &d.max_width),
            (
                "max_relative_width",
                "dv-rule-max-relative-width",
                &d.max_relative_width,
            ),
        ]
        .into_iter()
        .map(|(f, key, v)| (f, self.chrome.t(key), v.clone()))
        .collect()
    }
}

async fn page(
    state: &AppState,
    context: &RequestContext,
    slug: &str,
    id: i64,
) -> Result<DeclarePage, AppError> {
    let city = super::city(state, context, slug).await?;
    policy::authorize(
        &context.visitor.actor,
        Action::EditCityData(CityId(city.id)),
    )
    .map_err(ServiceError::from)?;
    let (_, view) = team_survey(state, context, slug, id).await?;
    policy::authorize(
        &context.visitor.actor,
        Action::EditCityData(CityId(city.id)),
    )
    .map_err(ServiceError::from)?;
    let chrome = Chrome::new(state, context);
    let d = Declared::from_stored(&chrome, &view.dataset, view.design, view.mapping);
    Ok(DeclarePage {
        notice: None,
        columns: view.dataset.columns.clone(),
        lonely_rules: LONELY_RULES
            .iter()
            .map(|r| (*r, chrome.t(&format!("dv-lonely-{r}"))))
            .collect(),
        replicate_kinds: REPLICATE_KINDS
            .iter()
            .map(|r| (*r, chrome.t(&format!("dv-rep-{r}"))))
            .collect(),
        form_problems: Vec::new(),
        problems: Vec::new(),
        dataset: view.dataset,
        d,
        city,
        chrome,
    })
}

async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let mut page = page(&state, &context, &slug, id).await?;
    page.notice = notice(&page.chrome, query.notice.as_deref());
    render(page)
}

async fn save(
    State(state): State<AppState>,
    context: RequestContext,
    Path((slug, id)): Path<(String, i64)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut page = page(&state, &context, &slug, id).await?;
    page.d = Declared::from_form(&page.chrome, &fields);
    let refused = |page: DeclarePage| -> Result<Response, AppError> {
        Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
    };
    let form = match page.d.to_form(&page.chrome, &page.columns) {
        Ok(form) => form,
        Err(problems) => {
            page.form_problems = problems;
            return refused(page);
        }
    };
    match state
        .civitas
        .declare_survey(&context.visitor, id, &form)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/cities/{slug}/divide/{id}?notice=declared"
        ))),
        Err(ServiceError::BadFile(problems)) => {
            page.problems = problems;
            refused(page)
        }
        Err(other) => Err(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replicate_patterns_match_by_glob() {
        assert!(glob("repw*", "repw12"));
        assert!(!glob("repw*", "weight"));
        assert!(glob("wt*_r", "wt3_r"));
        assert!(glob("a*b*c", "aXXbYYc"));
        assert!(!glob("a*b*c", "aXXcYYb"));
        assert!(glob("weight", "weight"));
        let columns = vec!["repw1".to_string(), "repw2".into(), "repw10".into()];
        assert_eq!(pattern_of(&columns), "repw*");
    }
}
