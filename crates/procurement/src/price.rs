//! Price-scoring formulas: how an offered price becomes price points.
//!
//! Every formula here gives `price points = W_P × f(P_i)` with `f` in [0, 1] and independent of
//! the weight `W_P`; the sensitivity analysis relies on that. The formulas are those of the
//! reference notes (`digital_divide.md` §6.4, checked against the Negometrix buyer's formula
//! pages):
//!
//! * **lowest-price ratio** (§6.4 formula 2): `f = P_min / P_i`. The lowest bid gets full points.
//! * **linear** (§6.4 formula 3): `f = (P_high − P_i) / (P_high − P_low)`, clamped to [0, 1].
//!   Without a buyer-set range, `P_low` and `P_high` are the lowest and highest admitted bids,
//!   so the cheapest bid gets full points and the dearest none. When all admitted prices are
//!   equal (or there is a single bid) there is no spread to score: every bid gets full points,
//!   as it would with the lowest-price ratio (every bid *is* the lowest).
//! * **logarithmic** (§6.4 formula 4): `f = 1 − ln(P_i / P_min) / ln A`, clamped to [0, 1], with
//!   the base `A` (1.5, 2 or 3 in the source) announced before bids open. A bid costing
//!   `A × P_min` or more gets 0. The ratio form means the other bids' relative order does not
//!   change when the lowest price changes.
//!
//! `P_min` is taken over the *admitted* bids (those passing every quality threshold): a bid that
//! is excluded is not evaluated, so its price must not depress everyone else's price score.

use serde::{Deserialize, Serialize};

/// A buyer-set price range for the linear formula, published with the criteria.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PriceRange {
    /// Price at (or below) which a bid gets full price points.
    pub lowest: f64,
    /// Price at (or above) which a bid gets no price points.
    pub highest: f64,
}

/// The published price formula.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "formula", rename_all = "snake_case")]
pub enum PriceFormula {
    /// `W_P × P_min / P_i`.
    LowestPriceRatio,
    /// `W_P × (P_high − P_i) / (P_high − P_low)`, over the bids received unless a range is set.
    Linear { range: Option<PriceRange> },
    /// `W_P × (1 − ln(P_i / P_min) / ln base)`, clamped to [0, W_P].
    Logarithmic { base: f64 },
}

/// The base used for the logarithmic formula when none is given: the reference's worked example
/// uses 2 (a bid at twice the lowest price gets no price points).
pub const DEFAULT_LOG_BASE: f64 = 2.0;

impl PriceFormula {
    /// The logarithmic formula with [`DEFAULT_LOG_BASE`].
    pub fn logarithmic() -> Self {
        Self::Logarithmic {
            base: DEFAULT_LOG_BASE,
        }
    }

    /// One line stating the formula, for reports.
    pub fn describe(&self) -> String {
        match self {
            Self::LowestPriceRatio => "price points = W_P × lowest price / bid price".into(),
            Self::Linear { range: None } => {
                "price points = W_P × (highest − bid) / (highest − lowest) over the admitted bids; all equal → W_P".into()
            }
            Self::Linear {
                range: Some(range),
            } => format!(
                "price points = W_P × ({} − bid) / ({} − {}), clamped to [0, W_P]",
                range.highest, range.highest, range.lowest
            ),
            Self::Logarithmic { base } => format!(
                "price points = W_P × (1 − ln(bid / lowest) / ln {base}), clamped to [0, W_P]"
            ),
        }
    }

    /// Checks the formula's own parameters.
    pub fn check(&self) -> Result<(), PriceFormulaError> {
        match *self {
            Self::LowestPriceRatio | Self::Linear { range: None } => Ok(()),
            Self::Linear { range: Some(range) } => {
                if range.lowest.is_finite()
                    && range.highest.is_finite()
                    && range.lowest >= 0.0
                    && range.highest > range.lowest
                {
                    Ok(())
                } else {
                    Err(PriceFormulaError::BadRange {
                        lowest: range.lowest,
                        highest: range.highest,
                    })
                }
            }
            Self::Logarithmic { base } => {
                if base.is_finite() && base > 1.0 {
                    Ok(())
                } else {
                    Err(PriceFormulaError::BadLogBase { base })
                }
            }
        }
    }

    /// The fraction of the price weight each price earns, in the order given. `prices` are the
    /// admitted bids' prices, all finite and > 0 (checked by the caller).
    pub fn fractions(&self, prices: &[f64]) -> Vec<f64> {
        let lowest = prices.iter().copied().fold(f64::INFINITY, f64::min);
        let highest = prices.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        prices
            .iter()
            .map(|&price| match *self {
                Self::LowestPriceRatio => lowest / price,
                Self::Linear { range: None } => {
                    if highest > lowest {
                        (highest - price) / (highest - lowest)
                    } else {
                        1.0
                    }
                }
                Self::Linear { range: Some(range) } => {
                    ((range.highest - price) / (range.highest - range.lowest)).clamp(0.0, 1.0)
                }
                Self::Logarithmic { base } => {
                    (1.0 - (price / lowest).ln() / base.ln()).clamp(0.0, 1.0)
                }
            })
            .collect()
    }
}

/// A price formula whose parameters make no sense.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PriceFormulaError {
    #[error(
        "linear price range {lowest}–{highest}: expected 0 ≤ lowest < highest (the price for full points, then the price for none)"
    )]
    BadRange { lowest: f64, highest: f64 },
    #[error(
        "logarithmic price formula: base {base} must be greater than 1 (the reference uses 1.5, 2 or 3)"
    )]
    BadLogBase { base: f64 },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(formula: PriceFormula, prices: &[f64]) -> Vec<f64> {
        formula
            .fractions(prices)
            .iter()
            .map(|f| (40.0 * f * 100.0).round() / 100.0)
            .collect()
    }

    // digital_divide.md §6.4 worked example: W_P = 40, prices 100k / 120k / 150k.
    const PRICES: [f64; 3] = [100_000.0, 120_000.0, 150_000.0];

    #[test]
    fn lowest_price_ratio_matches_worked_example() {
        assert_eq!(
            points(PriceFormula::LowestPriceRatio, &PRICES),
            [40.0, 33.33, 26.67]
        );
    }

    #[test]
    fn logarithmic_base_2_matches_worked_example() {
        assert_eq!(
            points(PriceFormula::logarithmic(), &PRICES),
            [40.0, 29.48, 16.60]
        );
    }

    #[test]
    fn linear_with_buyer_range_matches_worked_example() {
        let formula = PriceFormula::Linear {
            range: Some(PriceRange {
                lowest: 90_000.0,
                highest: 160_000.0,
            }),
        };
        assert_eq!(points(formula, &PRICES), [34.29, 22.86, 5.71]);
    }

    #[test]
    fn linear_over_bids_received() {
        // (150 − 120) / (150 − 100) × 40 = 24 by hand.
        assert_eq!(
            points(PriceFormula::Linear { range: None }, &PRICES),
            [40.0, 24.0, 0.0]
        );
    }

    #[test]
    fn linear_with_equal_prices_gives_full_points() {
        assert_eq!(
            points(PriceFormula::Linear { range: None }, &[500.0, 500.0]),
            [40.0, 40.0]
        );
        assert_eq!(points(PriceFormula::Linear { range: None }, &[7.0]), [40.0]);
    }

    #[test]
    fn clamps_outside_the_range() {
        let formula = PriceFormula::Linear {
            range: Some(PriceRange {
                lowest: 100.0,
                highest: 200.0,
            }),
        };
        assert_eq!(points(formula, &[50.0, 250.0]), [40.0, 0.0]);
        // 3 × lowest with base 2 is past the zero point.
        assert_eq!(
            points(PriceFormula::logarithmic(), &[10.0, 30.0]),
            [40.0, 0.0]
        );
    }

    #[test]
    fn refuses_meaningless_parameters() {
        assert!(PriceFormula::Logarithmic { base: 1.0 }.check().is_err());
        assert!(
            PriceFormula::Linear {
                range: Some(PriceRange {
                    lowest: 10.0,
                    highest: 10.0
                })
            }
            .check()
            .is_err()
        );
        assert!(PriceFormula::logarithmic().check().is_ok());
    }
}
