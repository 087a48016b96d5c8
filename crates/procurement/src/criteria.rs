//! Award criteria and their weights, checked once so that everything downstream can trust them.
//!
//! The U4SSC guidelines and Directive 2014/24/EU Art. 67 require the criteria, their weights and
//! any thresholds to be fixed and published before bids open; a [`CriteriaSet`] is that published
//! set. Weights are percentages of the total score and must sum to 100. Exactly one criterion is
//! the price (or whole-life cost) criterion; every other one is a quality criterion scored 0–100.

use serde::{Deserialize, Serialize};

/// Tolerance when checking that weights sum to 100: generous enough for weights typed with two
/// decimals (e.g. AHP output 63.70 + 25.83 + 10.47), strict enough to catch a real mistake.
pub const WEIGHT_SUM_TOLERANCE: f64 = 1e-6;

/// Whether a criterion is scored by evaluators (quality) or computed from the offered price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionKind {
    /// Scored by evaluators on a 0–100 scale.
    Quality,
    /// Computed from the offered price with a [`crate::PriceFormula`].
    Price,
}

/// A part of a quality criterion. Its weight is a percentage of its parent's weight; the
/// sub-criteria of one parent sum to 100. The parent's score is their weighted mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubCriterion {
    pub name: String,
    /// Percent of the parent criterion's weight.
    pub weight: f64,
    /// Bids scoring below this (0–100) on this sub-criterion are excluded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_score: Option<f64>,
}

/// One published award criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub name: String,
    /// Percent of the total score (all top-level weights sum to 100).
    pub weight: f64,
    pub kind: CriterionKind,
    /// Minimum quality threshold on the 0–100 scale: a bid scoring below it is excluded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_score: Option<f64>,
    /// Optional breakdown of a quality criterion; bids are then scored on the sub-criteria.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_criteria: Vec<SubCriterion>,
}

impl Criterion {
    /// A quality criterion without threshold or sub-criteria.
    pub fn quality(name: impl Into<String>, weight: f64) -> Self {
        Self {
            name: name.into(),
            weight,
            kind: CriterionKind::Quality,
            min_score: None,
            sub_criteria: Vec::new(),
        }
    }

    /// The price criterion.
    pub fn price(name: impl Into<String>, weight: f64) -> Self {
        Self {
            name: name.into(),
            weight,
            kind: CriterionKind::Price,
            min_score: None,
            sub_criteria: Vec::new(),
        }
    }

    /// The same criterion with a minimum quality threshold.
    pub fn with_min_score(mut self, min_score: f64) -> Self {
        self.min_score = Some(min_score);
        self
    }

    /// The same criterion broken down into sub-criteria.
    pub fn with_sub_criteria(mut self, sub_criteria: Vec<SubCriterion>) -> Self {
        self.sub_criteria = sub_criteria;
        self
    }

    /// Names under which bids are scored for this criterion: its own name, or its sub-criteria's.
    pub fn scored_names(&self) -> Vec<&str> {
        if self.sub_criteria.is_empty() {
            vec![self.name.as_str()]
        } else {
            self.sub_criteria.iter().map(|s| s.name.as_str()).collect()
        }
    }
}

/// What is wrong with a set of criteria. Each message names the criterion and field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CriteriaError {
    #[error("no criteria given; expected at least the price criterion")]
    Empty,
    #[error("criterion {position} has an empty name")]
    EmptyName { position: usize },
    #[error("criterion `{name}` appears twice; names (including sub-criteria) must be unique")]
    DuplicateName { name: String },
    #[error("criterion `{name}`: weight {weight} is not a number from 0 to 100")]
    WeightOutOfRange { name: String, weight: f64 },
    #[error("weights sum to {sum}, expected 100")]
    WeightsDoNotSumTo100 { sum: f64 },
    #[error("no criterion has kind `price`; expected exactly one price criterion")]
    NoPriceCriterion,
    #[error("criteria `{first}` and `{second}` both have kind `price`; expected exactly one")]
    SeveralPriceCriteria { first: String, second: String },
    #[error("criterion `{name}`: min_score {min_score} is not a number from 0 to 100")]
    MinScoreOutOfRange { name: String, min_score: f64 },
    #[error(
        "price criterion `{name}` has a min_score; thresholds apply to quality criteria (use the abnormally-low-price check for prices)"
    )]
    ThresholdOnPrice { name: String },
    #[error("price criterion `{name}` has sub-criteria; only quality criteria can be broken down")]
    SubCriteriaOnPrice { name: String },
    #[error("sub-criteria of `{parent}` have weights summing to {sum}, expected 100")]
    SubWeightsDoNotSumTo100 { parent: String, sum: f64 },
}

impl CriteriaError {
    /// The criterion the error is about, when there is one (used to point at a file row).
    pub fn criterion(&self) -> Option<&str> {
        match self {
            Self::DuplicateName { name }
            | Self::WeightOutOfRange { name, .. }
            | Self::MinScoreOutOfRange { name, .. }
            | Self::ThresholdOnPrice { name }
            | Self::SubCriteriaOnPrice { name } => Some(name),
            Self::SeveralPriceCriteria { second, .. } => Some(second),
            Self::SubWeightsDoNotSumTo100 { parent, .. } => Some(parent),
            Self::Empty
            | Self::EmptyName { .. }
            | Self::WeightsDoNotSumTo100 { .. }
            | Self::NoPriceCriterion => None,
        }
    }

    /// The input field (CSV column) the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            Self::Empty | Self::EmptyName { .. } | Self::DuplicateName { .. } => "criterion",
            Self::WeightOutOfRange { .. }
            | Self::WeightsDoNotSumTo100 { .. }
            | Self::SubWeightsDoNotSumTo100 { .. } => "weight",
            Self::NoPriceCriterion | Self::SeveralPriceCriteria { .. } => "kind",
            Self::MinScoreOutOfRange { .. } | Self::ThresholdOnPrice { .. } => "min_score",
            Self::SubCriteriaOnPrice { .. } => "parent",
        }
    }
}

/// A checked, publishable set of award criteria.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Criterion>", into = "Vec<Criterion>")]
pub struct CriteriaSet {
    criteria: Vec<Criterion>,
}

impl TryFrom<Vec<Criterion>> for CriteriaSet {
    type Error = CriteriaError;
    fn try_from(criteria: Vec<Criterion>) -> Result<Self, Self::Error> {
        Self::new(criteria)
    }
}

impl From<CriteriaSet> for Vec<Criterion> {
    fn from(set: CriteriaSet) -> Self {
        set.criteria
    }
}

fn is_percent(value: f64) -> bool {
    value.is_finite() && (0.0..=100.0).contains(&value)
}

impl CriteriaSet {
    /// Checks the criteria: names unique and non-empty, weights 0–100 summing to 100, exactly
    /// one price criterion without threshold or sub-criteria, thresholds 0–100, and the
    /// sub-criteria of each parent summing to 100.
    pub fn new(criteria: Vec<Criterion>) -> Result<Self, CriteriaError> {
        if criteria.is_empty() {
            return Err(CriteriaError::Empty);
        }
        let mut seen = std::collections::BTreeSet::new();
        let mut price: Option<&str> = None;
        for (index, criterion) in criteria.iter().enumerate() {
            if criterion.name.trim().is_empty() {
                return Err(CriteriaError::EmptyName {
                    position: index + 1,
                });
            }
            for name in std::iter::once(criterion.name.as_str())
                .chain(criterion.sub_criteria.iter().map(|s| s.name.as_str()))
            {
                if name.trim().is_empty() {
                    return Err(CriteriaError::EmptyName {
                        position: index + 1,
                    });
                }
                if !seen.insert(name) {
                    return Err(CriteriaError::DuplicateName { name: name.into() });
                }
            }
            if !is_percent(criterion.weight) {
                return Err(CriteriaError::WeightOutOfRange {
                    name: criterion.name.clone(),
                    weight: criterion.weight,
                });
            }
            if let Some(min_score) = criterion.min_score
                && !is_percent(min_score)
            {
                return Err(CriteriaError::MinScoreOutOfRange {
                    name: criterion.name.clone(),
                    min_score,
                });
            }
            match criterion.kind {
                CriterionKind::Price => {
                    if let Some(first) = price {
                        return Err(CriteriaError::SeveralPriceCriteria {
                            first: first.into(),
                            second: criterion.name.clone(),
                        });
                    }
                    price = Some(&criterion.name);
                    if criterion.min_score.is_some() {
                        return Err(CriteriaError::ThresholdOnPrice {
                            name: criterion.name.clone(),
                        });
                    }
                    if !criterion.sub_criteria.is_empty() {
                        return Err(CriteriaError::SubCriteriaOnPrice {
                            name: criterion.name.clone(),
                        });
                    }
                }
                CriterionKind::Quality => {}
            }
            if !criterion.sub_criteria.is_empty() {
                for sub in &criterion.sub_criteria {
                    if !is_percent(sub.weight) {
                        return Err(CriteriaError::WeightOutOfRange {
                            name: sub.name.clone(),
                            weight: sub.weight,
                        });
                    }
                    if let Some(min_score) = sub.min_score
                        && !is_percent(min_score)
                    {
                        return Err(CriteriaError::MinScoreOutOfRange {
                            name: sub.name.clone(),
                            min_score,
                        });
                    }
                }
                let sum: f64 = criterion.sub_criteria.iter().map(|s| s.weight).sum();
                if (sum - 100.0).abs() > WEIGHT_SUM_TOLERANCE {
                    return Err(CriteriaError::SubWeightsDoNotSumTo100 {
                        parent: criterion.name.clone(),
                        sum,
                    });
                }
            }
        }
        if price.is_none() {
            return Err(CriteriaError::NoPriceCriterion);
        }
        let sum: f64 = criteria.iter().map(|c| c.weight).sum();
        if (sum - 100.0).abs() > WEIGHT_SUM_TOLERANCE {
            return Err(CriteriaError::WeightsDoNotSumTo100 { sum });
        }
        Ok(Self { criteria })
    }

    /// The criteria in published order.
    pub fn criteria(&self) -> &[Criterion] {
        &self.criteria
    }

    /// The single price criterion.
    pub fn price_criterion(&self) -> &Criterion {
        // `new` guarantees exactly one; the fallback keeps this panic-free regardless.
        self.criteria
            .iter()
            .find(|c| c.kind == CriterionKind::Price)
            .unwrap_or(&self.criteria[0])
    }

    /// Every name a bid must carry a value for (price, quality criteria, sub-criteria).
    pub fn scored_names(&self) -> Vec<&str> {
        self.criteria
            .iter()
            .flat_map(|c| c.scored_names())
            .collect()
    }

    /// The top-level criterion a scored name belongs to, with the sub-criterion when it is one.
    pub fn find_scored(&self, name: &str) -> Option<(&Criterion, Option<&SubCriterion>)> {
        self.criteria.iter().find_map(|c| {
            if c.sub_criteria.is_empty() {
                (c.name == name).then_some((c, None))
            } else {
                c.sub_criteria
                    .iter()
                    .find(|s| s.name == name)
                    .map(|s| (c, Some(s)))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> Vec<Criterion> {
        vec![
            Criterion::quality("Technical merit", 45.0).with_min_score(60.0),
            Criterion::quality("Skills", 15.0),
            Criterion::price("Whole-life cost", 40.0),
        ]
    }

    #[test]
    fn accepts_a_valid_set() {
        let set = CriteriaSet::new(valid()).unwrap();
        assert_eq!(set.price_criterion().name, "Whole-life cost");
        assert_eq!(
            set.scored_names(),
            ["Technical merit", "Skills", "Whole-life cost"]
        );
    }

    #[test]
    fn refuses_weights_not_summing_to_100() {
        let mut criteria = valid();
        criteria[1].weight = 10.0;
        assert_eq!(
            CriteriaSet::new(criteria),
            Err(CriteriaError::WeightsDoNotSumTo100 { sum: 95.0 })
        );
    }

    #[test]
    fn refuses_zero_or_two_price_criteria() {
        let mut none = valid();
        none[2].kind = CriterionKind::Quality;
        assert_eq!(CriteriaSet::new(none), Err(CriteriaError::NoPriceCriterion));
        let mut two = valid();
        two[1].kind = CriterionKind::Price;
        assert!(matches!(
            CriteriaSet::new(two),
            Err(CriteriaError::SeveralPriceCriteria { .. })
        ));
    }

    #[test]
    fn refuses_bad_thresholds_and_duplicates() {
        let mut criteria = valid();
        criteria[0].min_score = Some(101.0);
        assert!(matches!(
            CriteriaSet::new(criteria),
            Err(CriteriaError::MinScoreOutOfRange { .. })
        ));
        let mut criteria = valid();
        criteria[1].name = "Technical merit".into();
        assert!(matches!(
            CriteriaSet::new(criteria),
            Err(CriteriaError::DuplicateName { .. })
        ));
        let mut criteria = valid();
        criteria[2].min_score = Some(10.0);
        assert!(matches!(
            CriteriaSet::new(criteria),
            Err(CriteriaError::ThresholdOnPrice { .. })
        ));
    }

    #[test]
    fn sub_criteria_must_sum_to_100() {
        let mut criteria = valid();
        criteria[0].sub_criteria = vec![
            SubCriterion {
                name: "Performance".into(),
                weight: 60.0,
                min_score: None,
            },
            SubCriterion {
                name: "Reliability".into(),
                weight: 30.0,
                min_score: None,
            },
        ];
        assert!(matches!(
            CriteriaSet::new(criteria.clone()),
            Err(CriteriaError::SubWeightsDoNotSumTo100 { .. })
        ));
        criteria[0].sub_criteria[1].weight = 40.0;
        let set = CriteriaSet::new(criteria).unwrap();
        assert_eq!(
            set.scored_names(),
            ["Performance", "Reliability", "Skills", "Whole-life cost"]
        );
    }

    #[test]
    fn serde_round_trip_revalidates() {
        let set = CriteriaSet::new(valid()).unwrap();
        let json = serde_json::to_string(&set).unwrap();
        let back: CriteriaSet = serde_json::from_str(&json).unwrap();
        assert_eq!(back, set);
        let broken = json.replace("45.0", "50.0");
        assert!(serde_json::from_str::<CriteriaSet>(&broken).is_err());
    }
}
