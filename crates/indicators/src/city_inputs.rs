//! Shared city inputs: population, households, area, GDP … entered once per assessment.
//! The framework says which KPI denominators use which input
//! ([`crate::Kpi::denominator_input`]); [`CityInputs::fill_denominators`] puts them in, so
//! changing an input and evaluating again recomputes every KPI that depends on it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::framework::{Framework, Measure};
use crate::observation::Observation;

/// City input values by input id (`population`, `households` …).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CityInputs(pub BTreeMap<String, f64>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CityInputError {
    #[error("unknown city input `{0}`")]
    Unknown(String),
    #[error("city input `{id}`: must be a positive number, found {value}")]
    NotPositive { id: String, value: String },
}

impl CityInputs {
    pub fn new() -> CityInputs {
        CityInputs::default()
    }

    pub fn with(mut self, id: &str, value: f64) -> CityInputs {
        self.0.insert(id.to_string(), value);
        self
    }

    pub fn get(&self, id: &str) -> Option<f64> {
        self.0.get(id).copied()
    }

    /// Every id is one the framework defines and every value is a positive number.
    pub fn check(&self, framework: &Framework) -> Result<(), CityInputError> {
        for (id, value) in &self.0 {
            if framework.city_input(id).is_none() {
                return Err(CityInputError::Unknown(id.clone()));
            }
            if !(value.is_finite() && *value > 0.0) {
                return Err(CityInputError::NotPositive {
                    id: id.clone(),
                    value: value.to_string(),
                });
            }
        }
        Ok(())
    }

    /// The denominator this measure takes from the city inputs, if it uses one and it is set.
    pub fn denominator_for(&self, measure: &Measure<'_>) -> Option<f64> {
        measure.denominator_input().and_then(|id| self.get(id))
    }

    /// Give every observation that has a numerator but no denominator the city input its
    /// KPI's denominator uses. Returns true when it did.
    pub fn fill_denominator(&self, measure: &Measure<'_>, observation: &mut Observation) -> bool {
        if observation.numerator.is_some()
            && observation.denominator.is_none()
            && let Some(denominator) = self.denominator_for(measure)
        {
            observation.denominator = Some(denominator);
            return true;
        }
        false
    }

    /// [`CityInputs::fill_denominator`] over a list; observations that do not name a
    /// measure are left alone (evaluation reports them).
    pub fn fill_denominators(&self, framework: &Framework, observations: &mut [Observation]) {
        for observation in observations {
            if let Ok(measure) =
                framework.measure(&observation.kpi, observation.data_point.as_deref())
            {
                self.fill_denominator(&measure, observation);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_household_denominators_and_names_dependants() {
        let f = Framework::u4ssc_2017().expect("framework");
        let inputs = CityInputs::new()
            .with("households", 20_000.0)
            .with("population", 45_000.0);
        inputs.check(&f).expect("valid inputs");
        let mut obs = vec![
            Observation {
                kpi: "EC: ICT: ICT: 1C".into(),
                numerator: Some(18_000.0),
                ..Observation::default()
            },
            Observation {
                kpi: "EC: ICT: ICT: 2C".into(),
                numerator: Some(9_000.0),
                denominator: Some(19_000.0),
                ..Observation::default()
            },
        ];
        inputs.fill_denominators(&f, &mut obs);
        assert_eq!(obs[0].denominator, Some(20_000.0));
        // An entered denominator is kept; the consistency check compares it.
        assert_eq!(obs[1].denominator, Some(19_000.0));

        let household_kpis: Vec<&str> = f
            .kpis_using_input("households")
            .iter()
            .map(|k| k.code.as_str())
            .collect();
        assert_eq!(household_kpis.len(), 9);
        assert!(household_kpis.contains(&"EN: EN: WS: 1C"));
        assert!(f.kpis_using_input("population").len() >= 25);
        assert_eq!(f.kpis_using_input("gdp").len(), 2);
    }

    #[test]
    fn rejects_unknown_and_non_positive_inputs() {
        let f = Framework::u4ssc_2017().expect("framework");
        let err = CityInputs::new()
            .with("inhabitants", 5.0)
            .check(&f)
            .expect_err("unknown");
        assert_eq!(err.to_string(), "unknown city input `inhabitants`");
        let err = CityInputs::new()
            .with("area", 0.0)
            .check(&f)
            .expect_err("zero");
        assert_eq!(
            err.to_string(),
            "city input `area`: must be a positive number, found 0"
        );
    }
}
