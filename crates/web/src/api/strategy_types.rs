//! What the strategy API sends and accepts.

use civitas_store::{MaturityRoundRow, RespondentRow, RoadmapActionRow, StakeholderRow};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct MaturityRound {
    pub id: i64,
    pub city_id: i64,
    pub name: String,
    /// The pillar framework answered, `id@version`.
    pub framework: String,
    /// The level 0–5 aimed for on every element unless agreed otherwise.
    pub default_target: i64,
    pub created_at: i64,
    pub closed_at: Option<i64>,
}

impl From<MaturityRoundRow> for MaturityRound {
    fn from(r: MaturityRoundRow) -> MaturityRound {
        MaturityRound {
            id: r.id,
            city_id: r.city_id,
            name: r.name,
            framework: r.framework,
            default_target: r.default_target,
            created_at: r.created_at,
            closed_at: r.closed_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Respondent {
    pub id: i64,
    pub round_id: i64,
    pub name: String,
    /// `department` or `external`.
    pub kind: String,
    pub created_at: i64,
    pub submitted_at: Option<i64>,
}

impl From<RespondentRow> for Respondent {
    fn from(r: RespondentRow) -> Respondent {
        Respondent {
            id: r.id,
            round_id: r.round_id,
            name: r.name,
            kind: r.kind,
            created_at: r.created_at,
            submitted_at: r.submitted_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MaturityRoundDetail {
    pub round: MaturityRound,
    pub respondents: Vec<Respondent>,
    /// Whether the caller may add respondents, agree levels and close it.
    pub can_edit: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct NewMaturityRound {
    pub name: String,
    /// 0–5; 3 when left out.
    pub default_target: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
pub struct NewRespondent {
    pub name: String,
    /// `department` (default) or `external`.
    #[serde(default)]
    pub kind: String,
}

/// A respondent with their private questionnaire link, shown only in this response.
#[derive(Serialize, ToSchema)]
pub struct RespondentLink {
    pub respondent: Respondent,
    /// The page to answer at; its last segment is the secret for `/api/v1/questionnaires/{secret}`.
    pub link: String,
    pub secret: String,
}

#[derive(Deserialize, ToSchema)]
pub struct Answer {
    /// A pillar element id (see the report's elements).
    pub element: String,
    /// 0–5; leave out with `dont_know` false for "not answered yet".
    pub level: Option<i64>,
    #[serde(default)]
    pub dont_know: bool,
    #[serde(default)]
    pub evidence: String,
    /// `https://` or `http://`.
    #[serde(default)]
    pub evidence_url: String,
}

#[derive(Deserialize, ToSchema)]
pub struct Answers {
    pub answers: Vec<Answer>,
    /// Marks the answers final for the city (they may still change until the round closes).
    #[serde(default)]
    pub submit: bool,
}

#[derive(Serialize, ToSchema)]
pub struct StoredAnswer {
    pub element: String,
    /// None for "don't know".
    pub level: Option<i64>,
    pub evidence: String,
    pub evidence_url: String,
    pub updated_at: i64,
}

#[derive(Serialize, ToSchema)]
pub struct QuestionnaireDoc {
    pub round: MaturityRound,
    pub city_name: String,
    pub respondent: Respondent,
    pub answers: Vec<StoredAnswer>,
}

#[derive(Deserialize, ToSchema)]
pub struct Consensus {
    pub element: String,
    /// 0–5.
    pub level: i64,
    /// The city's own target for this element; the round's when left out.
    pub target: Option<i64>,
    #[serde(default)]
    pub note: String,
}

/// Spread per element, pillar scores, previous round, gaps with their KPIs
/// and knowledge-base suggestions (see the pages for the scoring rules).
#[derive(Serialize, ToSchema)]
pub struct MaturityReportDoc {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub report: civitas_service::strategy::MaturityReport,
}

#[derive(Deserialize, IntoParams)]
pub struct LanguageQuery {
    /// `en`, `fr`, `es` or `ar` for the suggestions' titles; English when left out.
    pub lang: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Stakeholder {
    pub id: i64,
    pub city_id: i64,
    pub name: String,
    /// `municipal`, `regional`, `national` or `international`.
    pub level: String,
    /// `government`, `civil-society`, `private` or `academia`.
    pub sector: String,
}

impl From<StakeholderRow> for Stakeholder {
    fn from(s: StakeholderRow) -> Stakeholder {
        Stakeholder {
            id: s.id,
            city_id: s.city_id,
            name: s.name,
            level: s.level,
            sector: s.sector,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct NewStakeholder {
    pub name: String,
    pub level: String,
    pub sector: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ActionKpi {
    /// U4SSC KPI code, e.g. `EC: ICT: ICT: 1C`.
    pub kpi: String,
    #[serde(default)]
    pub data_point: String,
    pub target: Option<f64>,
    pub target_year: Option<i64>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ActionRole {
    pub stakeholder_id: i64,
    /// `responsible`, `accountable`, `consulted` or `informed`.
    pub role: String,
}

#[derive(Serialize, ToSchema)]
pub struct RoadmapAction {
    pub id: i64,
    pub city_id: i64,
    pub title: String,
    pub description: String,
    pub owner: String,
    pub budget: Option<f64>,
    pub currency: Option<String>,
    pub funding_source: String,
    pub start_date: String,
    pub end_date: String,
    pub status: String,
    pub updated_at: i64,
    pub depends_on: Vec<i64>,
    pub elements: Vec<String>,
    pub kpis: Vec<ActionKpi>,
    pub roles: Vec<ActionRole>,
}

impl From<RoadmapActionRow> for RoadmapAction {
    fn from(a: RoadmapActionRow) -> RoadmapAction {
        RoadmapAction {
            id: a.id,
            city_id: a.city_id,
            title: a.title,
            description: a.description,
            owner: a.owner,
            budget: a.budget,
            currency: a.currency,
            funding_source: a.funding_source,
            start_date: a.start_date,
            end_date: a.end_date,
            status: a.status,
            updated_at: a.updated_at,
            depends_on: a.depends_on,
            elements: a.elements,
            kpis: a
                .kpis
                .into_iter()
                .map(|k| ActionKpi {
                    kpi: k.kpi,
                    data_point: k.data_point,
                    target: k.target,
                    target_year: k.target_year,
                })
                .collect(),
            roles: a
                .roles
                .into_iter()
                .map(|r| ActionRole {
                    stakeholder_id: r.stakeholder_id,
                    role: r.role,
                })
                .collect(),
        }
    }
}

/// An action as sent: checked whole (dates `YYYY-MM-DD`, funding source and
/// status from their lists, dependencies without loops, known elements, KPI
/// codes and stakeholders).
#[derive(Deserialize, ToSchema)]
pub struct ActionInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub owner: String,
    pub budget: Option<f64>,
    pub currency: Option<String>,
    /// `municipal-budget`, `national-programme`, `grant`, `ppp`, `bond`, `loan` or `other`.
    pub funding_source: String,
    pub start_date: String,
    pub end_date: String,
    /// `planned` (default), `in-progress`, `done`, `delayed` or `cancelled`.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub depends_on: Vec<i64>,
    #[serde(default)]
    pub elements: Vec<String>,
    #[serde(default)]
    pub kpis: Vec<ActionKpi>,
    #[serde(default)]
    pub roles: Vec<ActionRole>,
}

/// The whole roadmap with its views: actions, stakeholders, action ids per
/// pillar, budget per funding source and currency, and progress of linked KPIs.
#[derive(Serialize, ToSchema)]
pub struct RoadmapDoc {
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub roadmap: civitas_service::strategy::Roadmap,
}
