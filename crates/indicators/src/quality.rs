//! The six data-quality grades a city gives each figure (U4SSC KPI template column T,
//! Verification Manual order): how the number was obtained, from best to worst.

use serde::{Deserialize, Serialize};

/// How a figure was obtained. Serialised as the snake_case code ([`DataQuality::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataQuality {
    /// Accurate measurement.
    Measured,
    /// Extrapolated from an inhabitant survey.
    SurveyExtrapolation,
    /// Extrapolated from higher-level (regional, national) data.
    HigherLevelExtrapolation,
    /// Estimate based on assumptions.
    AssumptionEstimate,
    /// Personal estimate.
    PersonalEstimate,
    /// Unknown or untraceable method.
    UnknownMethod,
}

impl DataQuality {
    /// Every grade, best first (the Verification Manual's order).
    pub const ALL: [DataQuality; 6] = [
        DataQuality::Measured,
        DataQuality::SurveyExtrapolation,
        DataQuality::HigherLevelExtrapolation,
        DataQuality::AssumptionEstimate,
        DataQuality::PersonalEstimate,
        DataQuality::UnknownMethod,
    ];

    /// The stable code used in files and the API, e.g. `survey_extrapolation`.
    pub fn as_str(self) -> &'static str {
        match self {
            DataQuality::Measured => "measured",
            DataQuality::SurveyExtrapolation => "survey_extrapolation",
            DataQuality::HigherLevelExtrapolation => "higher_level_extrapolation",
            DataQuality::AssumptionEstimate => "assumption_estimate",
            DataQuality::PersonalEstimate => "personal_estimate",
            DataQuality::UnknownMethod => "unknown_method",
        }
    }

    /// The grade as the Verification Manual words it, in English.
    pub fn description(self) -> &'static str {
        match self {
            DataQuality::Measured => "accurate measurement",
            DataQuality::SurveyExtrapolation => "extrapolated from an inhabitant survey",
            DataQuality::HigherLevelExtrapolation => "extrapolated from higher-level data",
            DataQuality::AssumptionEstimate => "estimate based on assumptions",
            DataQuality::PersonalEstimate => "personal estimate",
            DataQuality::UnknownMethod => "unknown or untraceable method",
        }
    }

    /// The grade with this code; case and surrounding spaces are ignored.
    pub fn parse(code: &str) -> Option<DataQuality> {
        let code = code.trim();
        DataQuality::ALL
            .into_iter()
            .find(|q| q.as_str().eq_ignore_ascii_case(code))
    }
}

impl std::fmt::Display for DataQuality {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_parse_and_serde() {
        for quality in DataQuality::ALL {
            assert_eq!(DataQuality::parse(quality.as_str()), Some(quality));
            let json = serde_json::to_string(&quality).expect("serialises");
            assert_eq!(json, format!("\"{}\"", quality.as_str()));
            let back: DataQuality = serde_json::from_str(&json).expect("deserialises");
            assert_eq!(back, quality);
        }
    }

    #[test]
    fn parse_ignores_case_and_rejects_other_text() {
        assert_eq!(
            DataQuality::parse(" Survey_Extrapolation "),
            Some(DataQuality::SurveyExtrapolation)
        );
        assert_eq!(DataQuality::parse("accurate measurement"), None);
        assert_eq!(DataQuality::parse(""), None);
    }

    #[test]
    fn order_is_the_verification_manual_order() {
        assert_eq!(DataQuality::ALL[0], DataQuality::Measured);
        assert_eq!(DataQuality::ALL[5], DataQuality::UnknownMethod);
        assert!(DataQuality::Measured < DataQuality::PersonalEstimate);
    }
}
