//! The demo city's strategy work: a closed 2025 maturity round answered by
//! three respondents who see the city differently, with levels agreed on a few
//! elements; an open 2026 round one department has answered; and a
//! People-Centred Digital Roadmap of four actions with their dependencies,
//! pillar elements, KPI targets, budgets from different funding sources and
//! the stakeholders' RACI roles.

use crate::secrets::{new_secret, token_hash};
use crate::strategy::knowledge;
use crate::{Civitas, ServiceError};
use civitas_store::{
    ActionFields, ActionKpiRow, ActionRoleRow, ConsensusRow, MaturityAnswerRow, NewMaturityRound,
    NewRespondent, NewStakeholder,
};

/// The 2025 round's respondents: name and kind.
const RESPONDENTS_2025: [(&str, &str); 3] = [
    ("IT department", "department"),
    ("Social services", "department"),
    ("Digital rights NGO", "external"),
];

/// Answers of the 2025 round per element, in the order of
/// [`RESPONDENTS_2025`]: a level 0–5, or `None` for "don't know".
const ANSWERS_2025: &[(&str, [Option<i64>; 3])] = &[
    ("vs-people-centred-vision", [Some(3), Some(2), Some(1)]),
    ("vs-baseline-needs", [Some(2), Some(3), Some(2)]),
    ("vs-inclusive-consultation", [Some(2), Some(1), Some(0)]),
    ("vs-kpi-monitoring", [Some(3), None, Some(2)]),
    ("ot-leadership-roles", [Some(3), Some(2), None]),
    ("ot-competences", [Some(2), Some(1), Some(1)]),
    ("di-equitable-connectivity", [Some(3), Some(1), Some(1)]),
    ("di-ict-architecture", [Some(4), None, Some(2)]),
    ("di-security-privacy-emf", [Some(3), Some(2), Some(1)]),
    ("di-dpi-building-blocks", [Some(2), Some(2), None]),
    ("mg-participation-feedback", [Some(1), Some(2), Some(1)]),
    ("mg-data-governance", [Some(2), Some(1), Some(0)]),
    ("ff-funding-models", [Some(1), None, None]),
    ("ff-inclusion-finance", [Some(1), Some(2), Some(1)]),
];

/// Evidence some respondents gave: (respondent index, element, text, link).
const EVIDENCE_2025: &[(usize, &str, &str, &str)] = &[
    (
        0,
        "vs-people-centred-vision",
        "The smart-city vision adopted by the council in 2023.",
        "https://demo-city.example/council/2023/smart-city-vision",
    ),
    (
        1,
        "di-equitable-connectivity",
        "Our case workers see many households on social assistance without a home connection.",
        "",
    ),
    (
        2,
        "mg-data-governance",
        "There is no published policy on how departments share residents' data.",
        "",
    ),
    (
        2,
        "vs-inclusive-consultation",
        "The vision was written without a public consultation.",
        "",
    ),
];

/// Levels the city agreed in 2025: element, level, own target, note.
const CONSENSUS_2025: &[(&str, i64, Option<i64>, &str)] = &[
    (
        "vs-people-centred-vision",
        2,
        Some(4),
        "A vision exists but residents did not shape it; rewrite it with them.",
    ),
    (
        "di-equitable-connectivity",
        2,
        Some(4),
        "Good coverage in the centre; low-income and older households lag behind (household ICT survey 2025).",
    ),
    (
        "mg-data-governance",
        1,
        None,
        "No data-sharing rules between departments yet.",
    ),
];

/// The IT department's answers in the open 2026 round.
const ANSWERS_2026: &[(&str, i64)] = &[
    ("vs-people-centred-vision", 3),
    ("di-equitable-connectivity", 3),
    ("mg-data-governance", 2),
    ("di-ict-architecture", 4),
];

/// The stakeholder map: name, government level, sector.
const STAKEHOLDERS: [(&str, &str, &str); 3] = [
    ("Neighbourhood Digital Forum", "municipal", "civil-society"),
    (
        "Regional University of Applied Sciences",
        "regional",
        "academia",
    ),
    (
        "National Digital Transformation Agency",
        "national",
        "government",
    ),
];

/// One demo roadmap action. Dependencies and roles point into
/// [`ACTIONS`] and [`STAKEHOLDERS`] by index.
struct DemoAction {
    title: &'static str,
    description: &'static str,
    owner: &'static str,
    budget: f64,
    funding_source: &'static str,
    start: &'static str,
    end: &'static str,
    status: &'static str,
    depends_on: &'static [usize],
    elements: &'static [&'static str],
    /// KPI code, data point, target, target year.
    kpis: &'static [(&'static str, &'static str, f64, i64)],
    roles: &'static [(usize, &'static str)],
}

const ACTIONS: [DemoAction; 4] = [
    DemoAction {
        title: "Data governance policy and open data portal",
        description: "Rules for sharing and publishing the city's data, agreed by every department, and a portal that publishes the open data sets.",
        owner: "IT department",
        budget: 180_000.0,
        funding_source: "municipal-budget",
        start: "2026-02-01",
        end: "2026-12-31",
        status: "in-progress",
        depends_on: &[],
        elements: &["mg-data-governance", "vs-kpi-monitoring"],
        kpis: &[("EC: ICT: PS: 1A", "percent", 60.0, 2027)],
        roles: &[(0, "consulted"), (1, "consulted"), (2, "informed")],
    },
    DemoAction {
        title: "Fibre and public Wi-Fi for underserved districts",
        description: "Fibre to social-housing blocks and free Wi-Fi in public buildings of Eastgate and Southfield.",
        owner: "IT department",
        budget: 2_400_000.0,
        funding_source: "national-programme",
        start: "2026-04-01",
        end: "2028-06-30",
        status: "planned",
        depends_on: &[],
        elements: &["di-equitable-connectivity"],
        kpis: &[
            ("EC: ICT: ICT: 1C", "", 95.0, 2028),
            ("EC: ICT: ICT: 2C", "", 70.0, 2028),
        ],
        roles: &[(2, "accountable"), (0, "consulted")],
    },
    DemoAction {
        title: "Digital skills hubs in public libraries",
        description: "Five libraries host weekly help with devices and online services, run with volunteers and a local operator.",
        owner: "Social services",
        budget: 350_000.0,
        funding_source: "ppp",
        start: "2026-09-01",
        end: "2027-12-31",
        status: "planned",
        depends_on: &[1],
        elements: &["di-equitable-connectivity", "ff-inclusion-finance"],
        kpis: &[("EC: ICT: ICT: 1C", "", 95.0, 2028)],
        roles: &[(0, "responsible"), (1, "consulted")],
    },
    DemoAction {
        title: "One-stop portal for resident services",
        description: "Every service residents use online behind one accessible portal with one sign-in, designed with residents.",
        owner: "IT department",
        budget: 1_200_000.0,
        funding_source: "loan",
        start: "2027-01-01",
        end: "2028-12-31",
        status: "planned",
        depends_on: &[0],
        elements: &["di-dpi-building-blocks", "mg-participation-feedback"],
        kpis: &[("EC: ICT: PS: 2A", "", 120.0, 2028)],
        roles: &[(2, "consulted"), (0, "consulted"), (1, "informed")],
    },
];

impl Civitas {
    pub(crate) async fn load_demo_strategy(&self, city_id: i64) -> Result<(), ServiceError> {
        let change = self.change_by_system("demo loader");
        let framework = knowledge()?.kb().framework().clone();
        let framework = format!("{}@{}", framework.id, framework.version);

        // 2025: three respondents, levels agreed on a few elements, closed.
        let round = self
            .store
            .create_maturity_round(
                &change,
                &NewMaturityRound {
                    city_id,
                    name: "2025 maturity self-assessment".into(),
                    framework: framework.clone(),
                    default_target: 3,
                },
            )
            .await?;
        for (index, (name, kind)) in RESPONDENTS_2025.iter().enumerate() {
            let respondent = self.demo_respondent(round.id, name, kind).await?;
            let answers: Vec<MaturityAnswerRow> = ANSWERS_2025
                .iter()
                .map(|(element, levels)| {
                    let evidence = EVIDENCE_2025
                        .iter()
                        .find(|(who, e, _, _)| *who == index && e == element);
                    MaturityAnswerRow {
                        respondent_id: respondent,
                        element: (*element).into(),
                        level: levels[index],
                        evidence: evidence.map(|e| e.2).unwrap_or_default().into(),
                        evidence_url: evidence.map(|e| e.3).unwrap_or_default().into(),
                        updated_at: change.at,
                    }
                })
                .collect();
            self.store
                .save_maturity_answers(&change, respondent, &answers, true)
                .await?;
        }
        for (element, level, target, note) in CONSENSUS_2025 {
            let row = ConsensusRow {
                round_id: round.id,
                element: (*element).into(),
                level: *level,
                target: *target,
                note: (*note).into(),
                agreed_by: String::new(),
                agreed_at: 0,
            };
            self.store.save_consensus(&change, &row).await?;
        }
        self.store.close_maturity_round(&change, round.id).await?;

        // 2026: open, the IT department has answered.
        let round = self
            .store
            .create_maturity_round(
                &change,
                &NewMaturityRound {
                    city_id,
                    name: "2026 maturity self-assessment".into(),
                    framework,
                    default_target: 3,
                },
            )
            .await?;
        let respondent = self
            .demo_respondent(round.id, "IT department", "department")
            .await?;
        let answers: Vec<MaturityAnswerRow> = ANSWERS_2026
            .iter()
            .map(|(element, level)| MaturityAnswerRow {
                respondent_id: respondent,
                element: (*element).into(),
                level: Some(*level),
                evidence: String::new(),
                evidence_url: String::new(),
                updated_at: change.at,
            })
            .collect();
        self.store
            .save_maturity_answers(&change, respondent, &answers, true)
            .await?;

        // The roadmap and who takes part in it.
        let mut stakeholders = Vec::new();
        for (name, level, sector) in STAKEHOLDERS {
            let row = self
                .store
                .add_stakeholder(
                    &change,
                    &NewStakeholder {
                        city_id,
                        name: name.into(),
                        level: level.into(),
                        sector: sector.into(),
                    },
                )
                .await?;
            stakeholders.push(row.id);
        }
        let mut actions: Vec<i64> = Vec::new();
        for action in &ACTIONS {
            let fields = ActionFields {
                title: action.title.into(),
                description: action.description.into(),
                owner: action.owner.into(),
                budget: Some(action.budget),
                currency: Some("EUR".into()),
                funding_source: action.funding_source.into(),
                start_date: action.start.into(),
                end_date: action.end.into(),
                status: action.status.into(),
                depends_on: action.depends_on.iter().map(|i| actions[*i]).collect(),
                elements: action.elements.iter().map(|e| (*e).into()).collect(),
                kpis: action
                    .kpis
                    .iter()
                    .map(|(kpi, data_point, target, year)| ActionKpiRow {
                        kpi: (*kpi).into(),
                        data_point: (*data_point).into(),
                        target: Some(*target),
                        target_year: Some(*year),
                    })
                    .collect(),
                roles: action
                    .roles
                    .iter()
                    .map(|(who, role)| ActionRoleRow {
                        stakeholder_id: stakeholders[*who],
                        role: (*role).into(),
                    })
                    .collect(),
            };
            let row = self
                .store
                .create_roadmap_action(&change, city_id, &fields)
                .await?;
            actions.push(row.id);
        }
        Ok(())
    }

    /// A respondent whose private link nobody keeps: the demo's answers are
    /// loaded directly.
    async fn demo_respondent(
        &self,
        round_id: i64,
        name: &str,
        kind: &str,
    ) -> Result<i64, ServiceError> {
        let respondent = self
            .store
            .add_respondent(
                &self.change_by_system("demo loader"),
                &NewRespondent {
                    round_id,
                    name: name.into(),
                    kind: kind.into(),
                    token_hash: token_hash(&new_secret("mq_")),
                },
            )
            .await?;
        Ok(respondent.id)
    }
}
