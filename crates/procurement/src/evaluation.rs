//! Scoring and ranking the bids: quality points, price points, thresholds, abnormally low
//! prices and deterministic tie-breaking.
//!
//! * quality points of a criterion = weight × score / 100 (a broken-down criterion's score is
//!   the weighted mean of its sub-criteria's scores);
//! * price points = price weight × the [`PriceFormula`] fraction;
//! * a bid scoring below any `min_score` (criterion or sub-criterion) is **excluded**: it gets no
//!   rank and no price points, and its reason lists every threshold missed;
//! * a bid is **flagged** as abnormally low when its price is below `ratio × median` of the other
//!   bids' prices (the reference's rule of thumb "P < 0.7 × median", `digital_divide.md` §6.4,
//!   item 6, taken over the *other* bids so a bid cannot pull its own benchmark down). All bids
//!   received count for the median, including excluded ones, because this is a check on market
//!   prices, not a score. A flag never excludes a bid by itself: the buyer must first ask the
//!   bidder to explain the price (the U4SSC guidelines ask for an "abnormally low price
//!   threshold", not an automatic rejection);
//! * ranking: highest total first; equal totals (to 1e-9 points) are ordered by higher quality
//!   points, then lower price, then bidder name, and the tie is stated in the reason.

use std::cmp::Reverse;

use serde::{Deserialize, Serialize};

use crate::bid::{Bid, BidError, check_bids};
use crate::criteria::{CriteriaSet, CriterionKind};
use crate::price::{PriceFormula, PriceFormulaError};
use crate::sensitivity::{WeightSensitivity, weight_sensitivity};

/// The reference's abnormally-low-price ratio: flagged when P < 0.7 × median of the other bids.
pub const DEFAULT_ABNORMALLY_LOW_RATIO: f64 = 0.7;

/// The published rules of an evaluation besides the criteria.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EvaluationRules {
    pub price_formula: PriceFormula,
    /// A price below this fraction of the median of the other bids is flagged.
    pub abnormally_low_ratio: f64,
}

impl Default for EvaluationRules {
    fn default() -> Self {
        Self {
            price_formula: PriceFormula::LowestPriceRatio,
            abnormally_low_ratio: DEFAULT_ABNORMALLY_LOW_RATIO,
        }
    }
}

impl EvaluationRules {
    pub fn with_formula(price_formula: PriceFormula) -> Self {
        Self {
            price_formula,
            ..Self::default()
        }
    }
}

/// Points a bid earns on one top-level criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionPoints {
    pub criterion: String,
    pub kind: CriterionKind,
    pub weight: f64,
    /// Share of the weight earned, 0–1 (score / 100 for quality; the formula's value for price).
    pub fraction: f64,
    /// weight × fraction.
    pub points: f64,
}

/// A minimum quality threshold a bid did not reach.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThresholdMiss {
    pub criterion: String,
    pub score: f64,
    pub min_score: f64,
}

/// Why a price was flagged as abnormally low.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AbnormallyLowPrice {
    pub price: f64,
    pub median_of_other_bids: f64,
    pub ratio: f64,
    /// ratio × median: prices below this are flagged.
    pub threshold: f64,
}

/// One bid's place in the ranking, with every number that led to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedBid {
    /// 1 for the winner; `None` for an excluded bid.
    pub rank: Option<u32>,
    pub bidder: String,
    pub price: f64,
    /// quality points + price points; `None` for an excluded bid.
    pub total: Option<f64>,
    pub quality_points: f64,
    /// `None` for an excluded bid (it is not price-scored).
    pub price_points: Option<f64>,
    /// Per top-level criterion, in published order (price omitted for an excluded bid).
    pub points: Vec<CriterionPoints>,
    pub excluded: bool,
    pub threshold_misses: Vec<ThresholdMiss>,
    pub abnormally_low: Option<AbnormallyLowPrice>,
    /// Other bidders with the same total, when the tie-break decided the order.
    pub tied_with: Vec<String>,
    /// Plain-language explanation of an exclusion, a flag or a tie-break.
    pub reason: Option<String>,
}

/// The result of an evaluation: ranking (admitted bids by rank, then excluded bids by name) and
/// the weight sensitivity of the winner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub rules: EvaluationRules,
    pub price_formula_description: String,
    pub ranking: Vec<RankedBid>,
    pub sensitivity: Vec<WeightSensitivity>,
}

impl Evaluation {
    /// The rank-1 bid, if any bid was admitted.
    pub fn winner(&self) -> Option<&RankedBid> {
        self.ranking.iter().find(|r| r.rank == Some(1))
    }
}

/// Why an evaluation could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvaluationError {
    #[error(transparent)]
    Bid(#[from] BidError),
    #[error(transparent)]
    PriceFormula(#[from] PriceFormulaError),
    #[error("abnormally-low ratio {ratio} must be from 0 to 1 (the reference uses 0.7)")]
    BadAbnormallyLowRatio { ratio: f64 },
}

/// Scores, ranks and analyses the bids. See the module documentation for the rules.
pub fn evaluate(
    criteria: &CriteriaSet,
    bids: &[Bid],
    rules: &EvaluationRules,
) -> Result<Evaluation, EvaluationError> {
    rules.price_formula.check()?;
    if !(rules.abnormally_low_ratio.is_finite()
        && (0.0..=1.0).contains(&rules.abnormally_low_ratio))
    {
        return Err(EvaluationError::BadAbnormallyLowRatio {
            ratio: rules.abnormally_low_ratio,
        });
    }
    check_bids(criteria, bids)?;

    let mut rows: Vec<RankedBid> = bids
        .iter()
        .map(|bid| score_quality(criteria, bid))
        .collect();

    // Price points, over the admitted bids only.
    let price_criterion = criteria.price_criterion();
    let admitted: Vec<usize> = (0..rows.len()).filter(|&i| !rows[i].excluded).collect();
    let admitted_prices: Vec<f64> = admitted.iter().map(|&i| rows[i].price).collect();
    let fractions = rules.price_formula.fractions(&admitted_prices);
    for (&i, fraction) in admitted.iter().zip(fractions) {
        let row = &mut rows[i];
        let points = price_criterion.weight * fraction;
        row.price_points = Some(points);
        row.total = Some(row.quality_points + points);
        let position = criteria
            .criteria()
            .iter()
            .position(|c| c.kind == CriterionKind::Price)
            .unwrap_or(row.points.len())
            .min(row.points.len());
        row.points.insert(
            position,
            CriterionPoints {
                criterion: price_criterion.name.clone(),
                kind: CriterionKind::Price,
                weight: price_criterion.weight,
                fraction,
                points,
            },
        );
    }

    let all_prices: Vec<f64> = bids.iter().map(|b| b.price).collect();
    for (index, row) in rows.iter_mut().enumerate() {
        row.abnormally_low = abnormally_low(&all_prices, index, rules.abnormally_low_ratio);
    }

    rank(&mut rows);
    for row in &mut rows {
        row.reason = explain(row);
    }
    let sensitivity = weight_sensitivity(criteria, &rows);
    Ok(Evaluation {
        rules: *rules,
        price_formula_description: rules.price_formula.describe(),
        ranking: rows,
        sensitivity,
    })
}

/// Quality points and threshold checks for one bid (price is added later, once the admitted set
/// is known). `check_bids` has already guaranteed every score is present.
fn score_quality(criteria: &CriteriaSet, bid: &Bid) -> RankedBid {
    let mut points = Vec::new();
    let mut misses = Vec::new();
    let score_of = |name: &str| bid.scores.get(name).copied().unwrap_or(0.0);
    for criterion in criteria
        .criteria()
        .iter()
        .filter(|c| c.kind == CriterionKind::Quality)
    {
        let score = if criterion.sub_criteria.is_empty() {
            score_of(&criterion.name)
        } else {
            let mut combined = 0.0;
            for sub in &criterion.sub_criteria {
                let sub_score = score_of(&sub.name);
                combined += sub.weight / 100.0 * sub_score;
                if let Some(min_score) = sub.min_score
                    && sub_score < min_score
                {
                    misses.push(ThresholdMiss {
                        criterion: sub.name.clone(),
                        score: sub_score,
                        min_score,
                    });
                }
            }
            combined
        };
        if let Some(min_score) = criterion.min_score
            && score < min_score
        {
            misses.push(ThresholdMiss {
                criterion: criterion.name.clone(),
                score,
                min_score,
            });
        }
        let fraction = score / 100.0;
        points.push(CriterionPoints {
            criterion: criterion.name.clone(),
            kind: CriterionKind::Quality,
            weight: criterion.weight,
            fraction,
            points: criterion.weight * fraction,
        });
    }
    RankedBid {
        rank: None,
        bidder: bid.bidder.clone(),
        price: bid.price,
        total: None,
        quality_points: points.iter().map(|p| p.points).sum(),
        price_points: None,
        points,
        excluded: !misses.is_empty(),
        threshold_misses: misses,
        abnormally_low: None,
        tied_with: Vec::new(),
        reason: None,
    }
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    })
}

fn abnormally_low(prices: &[f64], index: usize, ratio: f64) -> Option<AbnormallyLowPrice> {
    let price = *prices.get(index)?;
    let mut others: Vec<f64> = prices
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != index)
        .map(|(_, &p)| p)
        .collect();
    let median_of_other_bids = median(&mut others)?;
    let threshold = ratio * median_of_other_bids;
    (price < threshold).then_some(AbnormallyLowPrice {
        price,
        median_of_other_bids,
        ratio,
        threshold,
    })
}

/// Points rounded to 1e-9 as an integer, so that equality and ordering are exact and transitive
/// (totals are at most 100, far inside i64).
fn points_key(points: f64) -> i64 {
    (points * 1e9).round() as i64
}

/// Sorts admitted bids by the published order and gives them ranks 1, 2, …; excluded bids
/// follow, by name, without rank.
pub(crate) fn rank(rows: &mut [RankedBid]) {
    rows.sort_by(|a, b| {
        let key = |r: &RankedBid| {
            (
                r.excluded,
                Reverse(points_key(r.total.unwrap_or(0.0))),
                Reverse(points_key(r.quality_points)),
            )
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.price.total_cmp(&b.price))
            .then_with(|| a.bidder.cmp(&b.bidder))
    });
    for (rank, row) in (1..).zip(rows.iter_mut().filter(|r| !r.excluded)) {
        row.rank = Some(rank);
    }
    let totals: Vec<(String, Option<i64>)> = rows
        .iter()
        .map(|r| (r.bidder.clone(), r.total.map(points_key)))
        .collect();
    for row in rows.iter_mut().filter(|r| !r.excluded) {
        let own = row.total.map(points_key);
        row.tied_with = totals
            .iter()
            .filter(|(bidder, total)| *bidder != row.bidder && *total == own)
            .map(|(bidder, _)| bidder.clone())
            .collect();
    }
}

fn explain(row: &RankedBid) -> Option<String> {
    let mut parts = Vec::new();
    if row.excluded {
        let misses: Vec<String> = row
            .threshold_misses
            .iter()
            .map(|m| {
                format!(
                    "{} scored {} (minimum {})",
                    m.criterion,
                    round2(m.score),
                    m.min_score
                )
            })
            .collect();
        parts.push(format!(
            "excluded: below the minimum quality threshold: {}",
            misses.join("; ")
        ));
    }
    if let Some(flag) = &row.abnormally_low {
        parts.push(format!(
            "abnormally low price: {} is below {} × the median of the other bids ({}); ask the bidder to explain the price before award",
            flag.price, flag.ratio, flag.median_of_other_bids
        ));
    }
    if !row.tied_with.is_empty() {
        parts.push(format!(
            "tied on total with {}; order decided by higher quality points, then lower price, then bidder name",
            row.tied_with.join(", ")
        ));
    }
    (!parts.is_empty()).then(|| parts.join(". "))
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::{Criterion, SubCriterion};
    use crate::price::PriceRange;

    /// digital_divide.md §6.4 worked example [C]: W_P = 40, W_Q = 60; A, B, C priced
    /// 100k / 120k / 150k with quality 70 / 85 / 90.
    fn worked_example() -> (CriteriaSet, Vec<Bid>) {
        let criteria = CriteriaSet::new(vec![
            Criterion::quality("Quality", 60.0),
            Criterion::price("Price", 40.0),
        ])
        .unwrap();
        let bids = vec![
            Bid::new("A", 100_000.0, [("Quality", 70.0)]),
            Bid::new("B", 120_000.0, [("Quality", 85.0)]),
            Bid::new("C", 150_000.0, [("Quality", 90.0)]),
        ];
        (criteria, bids)
    }

    fn totals(evaluation: &Evaluation) -> Vec<(String, f64)> {
        evaluation
            .ranking
            .iter()
            .map(|r| (r.bidder.clone(), round2(r.total.unwrap_or(f64::NAN))))
            .collect()
    }

    fn pairs(list: &[(&str, f64)]) -> Vec<(String, f64)> {
        list.iter().map(|(b, t)| (b.to_string(), *t)).collect()
    }

    #[test]
    fn worked_example_lowest_price_ratio_picks_b() {
        let (criteria, bids) = worked_example();
        let evaluation = evaluate(&criteria, &bids, &EvaluationRules::default()).unwrap();
        assert_eq!(
            totals(&evaluation),
            pairs(&[("B", 84.33), ("A", 82.0), ("C", 80.67)])
        );
        assert_eq!(evaluation.winner().unwrap().bidder, "B");
    }

    #[test]
    fn worked_example_logarithmic_picks_a() {
        let (criteria, bids) = worked_example();
        let rules = EvaluationRules::with_formula(PriceFormula::logarithmic());
        let evaluation = evaluate(&criteria, &bids, &rules).unwrap();
        assert_eq!(
            totals(&evaluation),
            pairs(&[("A", 82.0), ("B", 80.48), ("C", 70.6)])
        );
    }

    #[test]
    fn worked_example_linear_with_range_picks_a() {
        let (criteria, bids) = worked_example();
        let rules = EvaluationRules::with_formula(PriceFormula::Linear {
            range: Some(PriceRange {
                lowest: 90_000.0,
                highest: 160_000.0,
            }),
        });
        let evaluation = evaluate(&criteria, &bids, &rules).unwrap();
        assert_eq!(
            totals(&evaluation),
            pairs(&[("A", 76.29), ("B", 73.86), ("C", 59.71)])
        );
    }

    #[test]
    fn worked_example_linear_over_bids_received() {
        // By hand: price points 40 / 24 / 0, totals 82 / 75 / 54.
        let (criteria, bids) = worked_example();
        let rules = EvaluationRules::with_formula(PriceFormula::Linear { range: None });
        let evaluation = evaluate(&criteria, &bids, &rules).unwrap();
        assert_eq!(
            totals(&evaluation),
            pairs(&[("A", 82.0), ("B", 75.0), ("C", 54.0)])
        );
    }

    #[test]
    fn bid_below_threshold_is_excluded_and_not_price_benchmark() {
        // A is cheapest but fails the threshold: B becomes the lowest admitted price.
        let criteria = CriteriaSet::new(vec![
            Criterion::quality("Quality", 60.0).with_min_score(75.0),
            Criterion::price("Price", 40.0),
        ])
        .unwrap();
        let (_, bids) = worked_example();
        let evaluation = evaluate(&criteria, &bids, &EvaluationRules::default()).unwrap();
        let a = evaluation.ranking.iter().find(|r| r.bidder == "A").unwrap();
        assert!(a.excluded);
        assert_eq!(a.rank, None);
        assert_eq!(a.total, None);
        assert_eq!(a.quality_points, 42.0);
        assert!(
            a.reason
                .as_deref()
                .unwrap()
                .contains("Quality scored 70 (minimum 75)")
        );
        let b = evaluation.winner().unwrap();
        assert_eq!(b.bidder, "B");
        // B: 51 + 40 × 120/120 = 91; C: 54 + 40 × 120/150 = 86.
        assert_eq!(round2(b.total.unwrap()), 91.0);
        assert_eq!(evaluation.ranking.last().unwrap().bidder, "A");
    }

    #[test]
    fn sub_criteria_combine_and_have_their_own_thresholds() {
        let criteria = CriteriaSet::new(vec![
            Criterion::quality("Technical merit", 50.0).with_sub_criteria(vec![
                SubCriterion {
                    name: "Performance".into(),
                    weight: 60.0,
                    min_score: Some(50.0),
                },
                SubCriterion {
                    name: "Reliability".into(),
                    weight: 40.0,
                    min_score: None,
                },
            ]),
            Criterion::price("Price", 50.0),
        ])
        .unwrap();
        let bids = vec![
            Bid::new("X", 100.0, [("Performance", 80.0), ("Reliability", 50.0)]),
            Bid::new("Y", 100.0, [("Performance", 40.0), ("Reliability", 100.0)]),
        ];
        let evaluation = evaluate(&criteria, &bids, &EvaluationRules::default()).unwrap();
        // X: technical score 0.6×80 + 0.4×50 = 68 → 34 points, price 50 → 84.
        let x = evaluation.winner().unwrap();
        assert_eq!((x.bidder.as_str(), round2(x.total.unwrap())), ("X", 84.0));
        let y = &evaluation.ranking[1];
        assert!(y.excluded);
        assert_eq!(y.threshold_misses[0].criterion, "Performance");
    }

    #[test]
    fn abnormally_low_price_is_flagged_not_excluded() {
        let criteria = CriteriaSet::new(vec![
            Criterion::quality("Quality", 60.0),
            Criterion::price("Price", 40.0),
        ])
        .unwrap();
        let bids = vec![
            Bid::new("Cheap", 60.0, [("Quality", 50.0)]),
            Bid::new("M1", 100.0, [("Quality", 50.0)]),
            Bid::new("M2", 110.0, [("Quality", 50.0)]),
            Bid::new("M3", 69.0, [("Quality", 50.0)]),
        ];
        let evaluation = evaluate(&criteria, &bids, &EvaluationRules::default()).unwrap();
        let cheap = evaluation
            .ranking
            .iter()
            .find(|r| r.bidder == "Cheap")
            .unwrap();
        // Others 69 / 100 / 110 → median 100 → threshold 70: 60 is flagged.
        let flag = cheap.abnormally_low.as_ref().unwrap();
        assert_eq!((flag.median_of_other_bids, flag.threshold), (100.0, 70.0));
        assert!(!cheap.excluded);
        assert_eq!(cheap.rank, Some(1));
        // M3: others 60 / 100 / 110 → median 100 → 69 < 70 flagged too.
        let m3 = evaluation
            .ranking
            .iter()
            .find(|r| r.bidder == "M3")
            .unwrap();
        assert!(m3.abnormally_low.is_some());
        let m1 = evaluation
            .ranking
            .iter()
            .find(|r| r.bidder == "M1")
            .unwrap();
        assert!(m1.abnormally_low.is_none());
    }

    #[test]
    fn ties_are_broken_by_quality_then_price_then_name() {
        let criteria = CriteriaSet::new(vec![
            Criterion::quality("Quality", 50.0),
            Criterion::price("Price", 50.0),
        ])
        .unwrap();
        // P: 25 + 50 = 75. Q: 50 + 25 = 75 (price 200 → 100/200). R, S: identical to P.
        let bids = vec![
            Bid::new("S", 100.0, [("Quality", 50.0)]),
            Bid::new("P", 100.0, [("Quality", 50.0)]),
            Bid::new("Q", 200.0, [("Quality", 100.0)]),
        ];
        let evaluation = evaluate(&criteria, &bids, &EvaluationRules::default()).unwrap();
        let order: Vec<&str> = evaluation
            .ranking
            .iter()
            .map(|r| r.bidder.as_str())
            .collect();
        assert_eq!(order, ["Q", "P", "S"]);
        let ranks: Vec<Option<u32>> = evaluation.ranking.iter().map(|r| r.rank).collect();
        assert_eq!(ranks, [Some(1), Some(2), Some(3)]);
        assert_eq!(evaluation.ranking[0].tied_with, ["P", "S"]);
        assert!(
            evaluation.ranking[1]
                .reason
                .as_deref()
                .unwrap()
                .contains("tied on total")
        );
        // Input order does not matter.
        let mut reversed = bids.clone();
        reversed.reverse();
        let again = evaluate(&criteria, &reversed, &EvaluationRules::default()).unwrap();
        assert_eq!(again.ranking, evaluation.ranking);
    }

    #[test]
    fn all_bids_excluded_gives_no_winner_and_no_sensitivity() {
        let criteria = CriteriaSet::new(vec![
            Criterion::quality("Quality", 60.0).with_min_score(95.0),
            Criterion::price("Price", 40.0),
        ])
        .unwrap();
        let (_, bids) = worked_example();
        let evaluation = evaluate(&criteria, &bids, &EvaluationRules::default()).unwrap();
        assert!(evaluation.winner().is_none());
        assert!(evaluation.sensitivity.is_empty());
        assert!(evaluation.ranking.iter().all(|r| r.excluded));
    }

    #[test]
    fn refuses_bad_bids() {
        let (criteria, bids) = worked_example();
        let rules = EvaluationRules::default();
        let mut zero_price = bids.clone();
        zero_price[1].price = 0.0;
        assert!(matches!(
            evaluate(&criteria, &zero_price, &rules),
            Err(EvaluationError::Bid(BidError::PriceNotPositive { .. }))
        ));
        let mut missing = bids.clone();
        missing[2].scores.clear();
        assert!(matches!(
            evaluate(&criteria, &missing, &rules),
            Err(EvaluationError::Bid(BidError::MissingScore { .. }))
        ));
        let mut duplicate = bids.clone();
        duplicate[2].bidder = "A".into();
        assert!(matches!(
            evaluate(&criteria, &duplicate, &rules),
            Err(EvaluationError::Bid(BidError::DuplicateBidder { .. }))
        ));
        let mut out_of_range = bids.clone();
        out_of_range[0].scores.insert("Quality".into(), 101.0);
        assert!(matches!(
            evaluate(&criteria, &out_of_range, &rules),
            Err(EvaluationError::Bid(BidError::ScoreOutOfRange { .. }))
        ));
        let mut unknown = bids.clone();
        unknown[0].scores.insert("Colour".into(), 10.0);
        assert!(matches!(
            evaluate(&criteria, &unknown, &rules),
            Err(EvaluationError::Bid(BidError::UnknownCriterion { .. }))
        ));
        assert!(matches!(
            evaluate(&criteria, &[], &rules),
            Err(EvaluationError::Bid(BidError::NoBids))
        ));
        let bad_ratio = EvaluationRules {
            abnormally_low_ratio: 1.5,
            ..rules
        };
        assert!(evaluate(&criteria, &bids, &bad_ratio).is_err());
    }
}
