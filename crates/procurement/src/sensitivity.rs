//! How far each weight can move before the winner changes.
//!
//! For a criterion `k` with weight `w_k`, move its weight to `x` (0–100) and rescale every other
//! weight proportionally so the weights still sum to 100: `w_j(x) = w_j × (100 − x)/(100 − w_k)`.
//! Each bid's earned share `u_ij` of a criterion (score / 100, or the price formula's value) does
//! not depend on the weights — thresholds act on raw scores and every price formula is
//! `W_P × f(P)` — so each bid's total is a straight line in `x`:
//!
//! ```text
//! T_i(x) = x · u_ik + (100 − x) · r_i,   r_i = Σ_{j≠k} w_j u_ij / (100 − w_k)
//! ```
//!
//! The winner `W` stays ahead of bid `i` while `D_i(x) = T_W(x) − T_i(x) = a_i x + b_i ≥ 0`, with
//! `a_i = (u_Wk − u_ik) − (r_W − r_i)` and `b_i = 100 (r_W − r_i)`. Each `D_i` is ≥ 0 at `w_k`, so
//! its single crossing `x* = −b_i / a_i` bounds the interval from below (`a_i > 0`) or above
//! (`a_i < 0`). The winner is unchanged on the intersection of these half-lines with [0, 100],
//! which is computed exactly — no stepping. At a bound itself the winner ties with the bid named
//! as taking over, and the published tie-break decides; just beyond it, that bid wins.
//!
//! Only top-level criteria are analysed; a sub-criterion's weight moves with its parent's.
//! A criterion carrying all 100 % cannot be moved proportionally (the others have nothing to
//! rescale), so its bounds are reported as its own weight.

use serde::{Deserialize, Serialize};

use crate::criteria::CriteriaSet;
use crate::evaluation::RankedBid;

/// Slopes smaller than this are treated as parallel lines (no crossing).
const PARALLEL: f64 = 1e-12;

/// The range of one criterion's weight over which the winner does not change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightSensitivity {
    pub criterion: String,
    /// The published weight.
    pub weight: f64,
    /// Lowest weight (others rescaled) at which the current winner still wins.
    pub min_weight_same_winner: f64,
    /// Highest weight (others rescaled) at which the current winner still wins.
    pub max_weight_same_winner: f64,
    /// Who wins just below the minimum (`None` when the minimum is 0).
    pub winner_below_min: Option<String>,
    /// Who wins just above the maximum (`None` when the maximum is 100).
    pub winner_above_max: Option<String>,
}

/// Sensitivity of the winner to each top-level weight. `rows` are ranked bids from
/// [`crate::evaluate`]; excluded bids play no part (thresholds do not depend on weights).
pub fn weight_sensitivity(criteria: &CriteriaSet, rows: &[RankedBid]) -> Vec<WeightSensitivity> {
    let admitted: Vec<&RankedBid> = rows.iter().filter(|r| !r.excluded).collect();
    let Some(winner) = admitted.iter().find(|r| r.rank == Some(1)) else {
        return Vec::new();
    };
    let weights: Vec<f64> = criteria.criteria().iter().map(|c| c.weight).collect();
    // u[i][j]: bid i's share of criterion j, in published order.
    let share = |row: &RankedBid, j: usize| row.points.get(j).map_or(0.0, |p| p.fraction);

    criteria
        .criteria()
        .iter()
        .enumerate()
        .map(|(k, criterion)| {
            let w_k = criterion.weight;
            let rest = 100.0 - w_k;
            let mut result = WeightSensitivity {
                criterion: criterion.name.clone(),
                weight: w_k,
                min_weight_same_winner: w_k,
                max_weight_same_winner: w_k,
                winner_below_min: None,
                winner_above_max: None,
            };
            if rest <= PARALLEL {
                return result;
            }
            let r = |row: &RankedBid| {
                weights
                    .iter()
                    .enumerate()
                    .filter(|&(j, _)| j != k)
                    .map(|(j, w)| w * share(row, j))
                    .sum::<f64>()
                    / rest
            };
            let (u_w, r_w) = (share(winner, k), r(winner));
            let (mut lo, mut hi) = (0.0_f64, 100.0_f64);
            // (crossing, slope, bidder) of the binding constraints.
            let mut lo_by: Option<(f64, &str)> = None;
            let mut hi_by: Option<(f64, &str)> = None;
            for other in admitted.iter().filter(|o| o.bidder != winner.bidder) {
                let (u_i, r_i) = (share(other, k), r(other));
                let a = (u_w - u_i) - (r_w - r_i);
                let b = 100.0 * (r_w - r_i);
                if a.abs() < PARALLEL {
                    continue;
                }
                let crossing = -b / a;
                if a > 0.0 {
                    // Winner gains on `other` as x grows: bounded below.
                    if crossing > lo + PARALLEL {
                        lo = crossing;
                        lo_by = Some((a, &other.bidder));
                    } else if (crossing - lo).abs() <= PARALLEL
                        && lo_by.is_some_and(|(slope, _)| a > slope)
                    {
                        lo_by = Some((a, &other.bidder));
                    }
                } else if crossing < hi - PARALLEL {
                    hi = crossing;
                    hi_by = Some((a, &other.bidder));
                } else if (crossing - hi).abs() <= PARALLEL
                    && hi_by.is_some_and(|(slope, _)| a < slope)
                {
                    hi_by = Some((a, &other.bidder));
                }
            }
            // Rounding can put a crossing a hair on the wrong side of the published weight.
            result.min_weight_same_winner = lo.min(w_k).max(0.0);
            result.max_weight_same_winner = hi.max(w_k).min(100.0);
            result.winner_below_min = lo_by.map(|(_, b)| b.to_string());
            result.winner_above_max = hi_by.map(|(_, b)| b.to_string());
            result
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bid::Bid;
    use crate::criteria::Criterion;
    use crate::evaluation::{EvaluationRules, evaluate};

    #[test]
    fn two_criteria_crossing_by_hand() {
        // A: quality 70, price 100 (price share 1). B: quality 85, price 120 (share 5/6).
        // With price weight x: T_A = 0.7(100 − x) + x, T_B = 0.85(100 − x) + 5x/6.
        // Equal when 70 + 0.3x = 85 − 0.01666…x → x = 15 / (0.3 + 1/60) = 47.368…
        let criteria = CriteriaSet::new(vec![
            Criterion::quality("Quality", 60.0),
            Criterion::price("Price", 40.0),
        ])
        .unwrap();
        let bids = vec![
            Bid::new("A", 100.0, [("Quality", 70.0)]),
            Bid::new("B", 120.0, [("Quality", 85.0)]),
        ];
        let evaluation = evaluate(&criteria, &bids, &EvaluationRules::default()).unwrap();
        assert_eq!(evaluation.winner().unwrap().bidder, "B");
        let price = &evaluation.sensitivity[1];
        let expected = 15.0 / (0.3 + 1.0 / 60.0);
        assert!((price.max_weight_same_winner - expected).abs() < 1e-9);
        assert_eq!(price.min_weight_same_winner, 0.0);
        assert_eq!(price.winner_above_max.as_deref(), Some("A"));
        assert_eq!(price.winner_below_min, None);
        // Moving the quality weight is the mirror image: quality = 100 − price.
        let quality = &evaluation.sensitivity[0];
        assert!((quality.min_weight_same_winner - (100.0 - expected)).abs() < 1e-9);
        assert_eq!(quality.max_weight_same_winner, 100.0);
    }

    #[test]
    fn a_sole_criterion_cannot_move() {
        let criteria = CriteriaSet::new(vec![
            Criterion::quality("Quality", 0.0),
            Criterion::price("Price", 100.0),
        ])
        .unwrap();
        let bids = vec![
            Bid::new("A", 100.0, [("Quality", 70.0)]),
            Bid::new("B", 120.0, [("Quality", 85.0)]),
        ];
        let evaluation = evaluate(&criteria, &bids, &EvaluationRules::default()).unwrap();
        let price = &evaluation.sensitivity[1];
        assert_eq!(
            (price.min_weight_same_winner, price.max_weight_same_winner),
            (100.0, 100.0)
        );
        // Quality at 0: the price weight is rescaled from 100, so A wins until quality ≈ 50.
        let quality = &evaluation.sensitivity[0];
        assert_eq!(quality.min_weight_same_winner, 0.0);
        // T_A = 0.7x + (100 − x), T_B = 0.85x + (100 − x)·5/6 → x = (100/6) / (0.15 + 1/6).
        let expected = (100.0 - 500.0 / 6.0) / (0.15 + 1.0 - 5.0 / 6.0);
        assert!((quality.max_weight_same_winner - expected).abs() < 1e-9);
    }
}
