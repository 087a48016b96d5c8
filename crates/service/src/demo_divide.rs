//! The demo city's household ICT survey (2,400 synthetic respondents from
//! `benches/survey/generate.py`, districts renamed to the demo city's and
//! weights scaled to its adult population), declared, mapped and published,
//! with two actions of an inclusion plan.

use crate::divide::{BREAKDOWNS, BreakdownMapping, IndicatorMapping, SurveyMapping};
use crate::{Civitas, ServiceError};
use civitas_store::{InclusionActionFields, NewSurveyDataset};
use civitas_survey::DesignSpec;
use sha2::{Digest, Sha256};

/// The demo survey, as a city would upload it.
pub const DEMO_SURVEY: &[u8] = include_bytes!("demo_data/ict-survey-2025.csv");

/// The demo city's district boundaries (the spatial crate's fixture).
const DEMO_DISTRICTS: &str =
    include_str!("../../spatial/tests/fixtures/demo-city-districts.geojson");

/// Indicator id → the survey column that answers it (1 = yes).
const COLUMNS: [(&str, &str); 11] = [
    ("internet-use", "internet_use"),
    ("home-internet", "home_internet"),
    ("daily-use", "daily_use"),
    ("mobile-ownership", "mobile_owner"),
    ("smartphone", "smartphone"),
    ("computer", "computer"),
    ("basic-skills", "skill_copy"),
    ("intermediate-skills", "skill_install"),
    ("affordability", "affordable"),
    ("meaningful-connectivity", "meaningful"),
    ("online-services", "eservices"),
];

/// The demo survey's design and mapping.
pub fn demo_survey_declaration() -> (DesignSpec, SurveyMapping) {
    let design = DesignSpec {
        weight: Some("weight".into()),
        strata: Some("stratum".into()),
        clusters: vec!["ea".into()],
        ..Default::default()
    };
    let mapping = SurveyMapping {
        indicators: COLUMNS
            .iter()
            .map(|(indicator, column)| IndicatorMapping {
                indicator: (*indicator).into(),
                column: (*column).into(),
                yes: vec!["1".into()],
            })
            .collect(),
        breakdowns: BREAKDOWNS
            .iter()
            .map(|b| BreakdownMapping {
                breakdown: (*b).into(),
                column: (*b).into(),
            })
            .collect(),
        female: Some("female".into()),
        male: Some("male".into()),
        rules: None,
    };
    (design, mapping)
}

impl Civitas {
    pub(crate) async fn load_demo_divide(&self, city_id: i64) -> Result<(), ServiceError> {
        let change = self.change_by_system("demo loader");
        let header = std::str::from_utf8(DEMO_SURVEY)
            .ok()
            .and_then(|text| text.lines().next())
            .ok_or(ServiceError::Internal("demo survey"))?;
        let rows = DEMO_SURVEY.iter().filter(|b| **b == b'\n').count() as i64 - 1;
        let dataset = self
            .store
            .create_survey_dataset(
                &change,
                &NewSurveyDataset {
                    city_id,
                    name: "Household ICT survey 2025".into(),
                    year: 2025,
                    file_name: "ict-survey-2025.csv".into(),
                    sha256: hex::encode(Sha256::digest(DEMO_SURVEY)),
                    rows,
                    columns: header.split(',').map(str::to_string).collect(),
                    bytes: DEMO_SURVEY.to_vec(),
                },
            )
            .await?;
        let (design, mapping) = demo_survey_declaration();
        let design =
            serde_json::to_string(&design).map_err(|_| ServiceError::Internal("design"))?;
        let mapping =
            serde_json::to_string(&mapping).map_err(|_| ServiceError::Internal("mapping"))?;
        self.store
            .set_survey_design(&change, dataset.id, &design, &mapping)
            .await?;
        self.store
            .set_survey_published(&change, dataset.id, true)
            .await?;
        self.store
            .save_boundaries(&change, city_id, DEMO_DISTRICTS, Some("name"))
            .await?;
        let actions = [
            InclusionActionFields {
                gap: "internet-use/age_group/65+".into(),
                title: "Digital helpers in every library".into(),
                description: "Volunteers and library staff help older residents get online, one to one, twice a week.".into(),
                owner: "Public libraries".into(),
                budget: Some(85_000.0),
                currency: Some("EUR".into()),
                delivery: "community-network".into(),
                finance_model: "Municipal budget with a national digital-inclusion grant".into(),
                start_date: "2026-02-01".into(),
                end_date: "2027-12-31".into(),
                indicator: "internet-use".into(),
                target: Some(75.0),
                status: "planned".into(),
            },
            InclusionActionFields {
                gap: "home-internet/income/Q1".into(),
                title: "Social broadband tariff".into(),
                description: "A capped monthly price for households on social assistance, negotiated with the operators.".into(),
                owner: "Social services".into(),
                budget: Some(240_000.0),
                currency: Some("EUR".into()),
                delivery: "public-private-partnership".into(),
                finance_model: "Operators' universal-service contribution and a city subsidy per household".into(),
                start_date: "2026-06-01".into(),
                end_date: "2028-05-31".into(),
                indicator: "home-internet".into(),
                target: Some(90.0),
                status: "planned".into(),
            },
        ];
        for fields in &actions {
            self.store
                .create_inclusion_action(&change, city_id, fields)
                .await?;
        }
        Ok(())
    }
}
