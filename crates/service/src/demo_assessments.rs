//! The demo city's KPI assessments: 2023 verified, 2024 with the verifier,
//! 2025 a draft, so a first look shows trends, a review in progress and data
//! entry. Figures are invented but in the range of a mid-sized European city.

use crate::{Civitas, ServiceError};
use civitas_store::{
    AssessmentSettings, CityInputRow, EntryKey, KpiEntryRow, NewAssessment, NewVerificationNote,
    StatusChange,
};

/// Shared city inputs: (id, value, source).
const INPUTS: &[(&str, f64, &str)] = &[
    (
        "population",
        412_300.0,
        "National statistics office, population register",
    ),
    (
        "households",
        178_600.0,
        "National statistics office, household register",
    ),
    ("area", 125.8, "City land registry"),
    (
        "gdp",
        17_900_000_000.0,
        "Regional accounts, statistics office",
    ),
    ("labour_force", 214_000.0, "Labour force survey"),
    ("youth_labour_force", 24_600.0, "Labour force survey"),
    ("employed_labour_force", 199_400.0, "Labour force survey"),
    ("school_aged_population", 52_800.0, "Education department"),
    ("students_enrolled", 51_900.0, "Education department"),
    ("adult_population", 349_500.0, "Population register"),
    ("live_births", 4_120.0, "Civil registry"),
    ("electricity_customers", 191_300.0, "Municipal utility"),
    ("electricity_meters", 193_800.0, "Municipal utility"),
    ("water_meters", 88_400.0, "Water company"),
    ("public_transport_stops", 742.0, "Transit authority"),
    ("data_sets", 310.0, "Open data inventory"),
];

/// KPI figures for 2023: (kpi, data point, numerator, denominator, value,
/// source, whether it improves in later years: shares already near their whole
/// stay as they are).
type Figure = (
    &'static str,
    &'static str,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    &'static str,
    bool,
);
const FIGURES: &[Figure] = &[
    (
        "EC: ICT: ICT: 1C",
        "",
        Some(151_800.0),
        None,
        None,
        "Household ICT survey",
        true,
    ),
    (
        "EC: ICT: ICT: 2C",
        "",
        Some(98_300.0),
        None,
        None,
        "Telecom regulator",
        true,
    ),
    (
        "EC: ICT: ICT: 4C",
        "3G",
        Some(99.1),
        Some(100.0),
        None,
        "Telecom regulator coverage maps",
        false,
    ),
    (
        "EC: ICT: ICT: 4C",
        "4G",
        Some(92.4),
        Some(100.0),
        None,
        "Telecom regulator coverage maps",
        false,
    ),
    (
        "EC: ICT: ICT: 5C",
        "",
        None,
        None,
        Some(164.0),
        "IT department",
        true,
    ),
    (
        "EC: ICT: WS: 1C",
        "",
        Some(21_300.0),
        None,
        None,
        "Water company",
        true,
    ),
    (
        "EC: ICT: ES: 1C",
        "",
        Some(118_200.0),
        None,
        None,
        "Municipal utility",
        true,
    ),
    (
        "EC: ICT: T: 1C",
        "",
        Some(402.0),
        None,
        None,
        "Transit authority",
        true,
    ),
    (
        "EC: ICT: PS: 1A",
        "percent",
        Some(96.0),
        None,
        None,
        "Open data inventory",
        true,
    ),
    (
        "EC: ICT: PS: 1A",
        "number",
        None,
        None,
        Some(96.0),
        "Open data portal",
        true,
    ),
    (
        "EC: P: IN: 1C",
        "",
        Some(412_000_000.0),
        None,
        None,
        "Regional accounts",
        true,
    ),
    (
        "EC: P: EM: 1C",
        "",
        Some(14_600.0),
        None,
        None,
        "Labour force survey",
        false,
    ),
    (
        "EC: P: EM: 2C",
        "",
        Some(4300.0),
        None,
        None,
        "Labour force survey",
        false,
    ),
    (
        "EC: I: WS: 1C",
        "",
        Some(178_100.0),
        None,
        None,
        "Water company",
        false,
    ),
    (
        "EC: I: WS: 2C",
        "",
        Some(177_900.0),
        None,
        None,
        "Water company, health authority",
        false,
    ),
    (
        "EC: I: WS: 5C",
        "",
        Some(176_400.0),
        None,
        None,
        "Sanitation department",
        false,
    ),
    (
        "EC: I: ES: 3C",
        "",
        Some(178_600.0),
        None,
        None,
        "Municipal utility",
        false,
    ),
    (
        "EC: I: T: 5A",
        "",
        Some(1.42),
        Some(1.0),
        None,
        "Traffic monitoring centre",
        false,
    ),
    (
        "EN: EN: AQ: 1C",
        "PM10",
        None,
        None,
        Some(19.6),
        "Air quality monitoring network",
        false,
    ),
    (
        "EN: EN: AQ: 1C",
        "PM2.5",
        None,
        None,
        Some(11.2),
        "Air quality monitoring network",
        false,
    ),
    (
        "EN: EN: AQ: 1C",
        "NO2",
        None,
        None,
        Some(24.8),
        "Air quality monitoring network",
        false,
    ),
    (
        "EN: EN: PSN: 2A",
        "",
        Some(301_000.0),
        None,
        None,
        "Parks department GIS",
        true,
    ),
    (
        "SC: EH: ED: 2C",
        "",
        Some(51_200.0),
        None,
        None,
        "Education department",
        false,
    ),
    (
        "SC: EH: H: 1C",
        "",
        None,
        None,
        Some(81.3),
        "Health authority",
        false,
    ),
    (
        "SC: EH: H: 2C",
        "",
        Some(2.0),
        None,
        None,
        "Civil registry",
        false,
    ),
    (
        "SC: EH: H: 5A",
        "",
        Some(405_100.0),
        None,
        None,
        "Health insurance fund",
        false,
    ),
    (
        "SC: SH: SI: 1C",
        "",
        Some(0.86),
        Some(1.0),
        None,
        "Tax administration earnings data",
        true,
    ),
    (
        "SC: SH: SA: 3A",
        "",
        None,
        None,
        Some(1.0),
        "Civil protection department",
        false,
    ),
];

struct Year {
    year: i64,
    /// Multiplies every numerator (and direct value) of the 2023 figures.
    trend: f64,
}

const YEARS: [Year; 3] = [
    Year {
        year: 2023,
        trend: 1.0,
    },
    Year {
        year: 2024,
        trend: 1.012,
    },
    Year {
        year: 2025,
        trend: 1.02,
    },
];

fn rounded(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl Civitas {
    pub(crate) async fn load_demo_assessments(
        &self,
        city_id: i64,
        verifier_id: i64,
    ) -> Result<(), ServiceError> {
        let change = self.change_by_system("demo loader");
        let framework = self.default_framework_key()?;
        for year in YEARS {
            let improving = |x: f64| rounded(x * year.trend);
            let entries: Vec<KpiEntryRow> = FIGURES
                .iter()
                // The 2025 draft is half done, as a city mid-way would have it.
                .filter(|f| year.year < 2025 || !f.0.starts_with("SC"))
                .map(
                    |(kpi, dp, numerator, denominator, value, source, grows)| KpiEntryRow {
                        key: EntryKey {
                            kpi: (*kpi).into(),
                            data_point: (*dp).into(),
                        },
                        numerator: numerator.map(|n| if *grows { improving(n) } else { n }),
                        denominator: *denominator,
                        value: *value,
                        source: (*source).into(),
                        note: String::new(),
                        quality: Some("measured".into()),
                        not_reported: false,
                        not_reported_reason: String::new(),
                        verified: (year.year == 2023).then_some(true),
                        updated_at: change.at,
                    },
                )
                .chain(std::iter::once(KpiEntryRow {
                    key: EntryKey {
                        kpi: "SC: SH: FS: 1A".into(),
                        data_point: String::new(),
                    },
                    numerator: None,
                    denominator: None,
                    value: None,
                    source: String::new(),
                    note: String::new(),
                    quality: None,
                    not_reported: true,
                    not_reported_reason: "No agricultural statistics at city level".into(),
                    verified: None,
                    updated_at: change.at,
                }))
                .collect();
            let inputs = INPUTS
                .iter()
                .map(|(id, value, source)| CityInputRow {
                    input: (*id).into(),
                    value: Some(if *id == "population" || *id == "area" {
                        *value
                    } else {
                        rounded(value * (1.0 + (year.trend - 1.0) / 4.0))
                    }),
                    source: (*source).into(),
                })
                .collect();
            let assessment = self
                .store
                .create_assessment(
                    &change,
                    &NewAssessment {
                        city_id,
                        year: year.year,
                        framework: framework.clone(),
                        target_set: "default".into(),
                        currency: Some("EUR".into()),
                        inputs,
                        entries,
                    },
                )
                .await?;
            let settings = AssessmentSettings {
                target_set: "default".into(),
                currency: Some("EUR".into()),
                verifier_user_id: Some(verifier_id),
                compare_with_peers: false,
            };
            self.store
                .update_assessment_settings(&change, assessment.id, &settings)
                .await?;
            if year.year == 2025 {
                continue;
            }
            let submit = StatusChange {
                from: "draft",
                to: "submitted",
                action: "submit",
                new_revision_reason: None,
            };
            self.store
                .change_assessment_status(&change, assessment.id, &submit)
                .await?;
            if year.year == 2024 {
                let question = NewVerificationNote {
                    assessment_id: assessment.id,
                    key: EntryKey {
                        kpi: "EN: EN: AQ: 1C".into(),
                        data_point: "PM2.5".into(),
                    },
                    kind: "question".into(),
                    body: "Is this the mean of all stations or of the urban background ones only?"
                        .into(),
                    revision: 1,
                };
                self.store.add_verification_note(&change, &question).await?;
                continue;
            }
            let complete = StatusChange {
                from: "submitted",
                to: "verified",
                action: "complete-verification",
                new_revision_reason: None,
            };
            self.store
                .change_assessment_status(&change, assessment.id, &complete)
                .await?;
        }
        Ok(())
    }
}
