//! Transparent bid evaluation for public procurement of digital services, following the U4SSC
//! *Procurement guidelines for smart sustainable cities* (2023) and the "most economically
//! advantageous tender" rules of Directive 2014/24/EU Art. 67.
//!
//! The engine is pure: no files, network or clock. Everything it returns is a plain
//! serde-serialisable struct, so the web layer, the store and the `civitas procurement` command
//! all show the same numbers.
//!
//! # Entry points
//!
//! * [`CriteriaSet::new`] — check criteria and weights (percent summing to 100, exactly one price
//!   criterion, optional sub-criteria and `min_score` thresholds);
//! * [`evaluate`] — score, exclude, flag abnormally low prices, rank and run the
//!   [sensitivity analysis](sensitivity); the price formula is a [`PriceFormula`];
//! * [`ahp_weights`] — weights from a pairwise comparison matrix, refusing a consistency ratio
//!   above 0.10;
//! * [`score_spread`] and [`check_consensus`] — independent evaluators' scores side by side, and
//!   the check that the panel agreed every consensus score with a note;
//! * [`people_centred_checklist`] — the requirement checklist and the four U4SSC stages;
//! * [`read_criteria`], [`read_bids`], [`read_pairwise_matrix`] — CSV inputs from any
//!   [`std::io::Read`], with errors naming row and column.
//!
//! # Example
//!
//! The worked example of the reference notes, where the price formula changes the winner:
//!
//! ```
//! use civitas_procurement::{evaluate, Bid, CriteriaSet, Criterion, EvaluationRules, PriceFormula};
//!
//! let criteria = CriteriaSet::new(vec![
//!     Criterion::quality("Quality", 60.0).with_min_score(50.0),
//!     Criterion::price("Whole-life cost", 40.0),
//! ])?;
//! let bids = [
//!     Bid::new("A", 100_000.0, [("Quality", 70.0)]),
//!     Bid::new("B", 120_000.0, [("Quality", 85.0)]),
//!     Bid::new("C", 150_000.0, [("Quality", 90.0)]),
//! ];
//!
//! let lowest = evaluate(&criteria, &bids, &EvaluationRules::default())?;
//! assert_eq!(lowest.winner().map(|w| w.bidder.as_str()), Some("B")); // 84.33 points
//!
//! let log = evaluate(&criteria, &bids, &EvaluationRules::with_formula(PriceFormula::logarithmic()))?;
//! assert_eq!(log.winner().map(|w| w.bidder.as_str()), Some("A")); // 82.00 points
//!
//! // B stays the winner under the lowest-price ratio while the price weight is at most ~47.4 %.
//! let price = &lowest.sensitivity[1];
//! assert!((price.max_weight_same_winner - 47.368).abs() < 0.001);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
// Tests may unwrap: a panic there is a failed test, not a crash in a city's service.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod ahp;
pub mod bid;
pub mod checklist;
pub mod consensus;
pub mod criteria;
pub mod csv_input;
pub mod evaluation;
pub mod price;
pub mod sensitivity;

pub use ahp::{AhpError, AhpMethod, AhpWeights, PairwiseMatrix, ahp_weights};
pub use bid::{Bid, BidError};
pub use checklist::{Checklist, ProcurementStage, Requirement, people_centred_checklist};
pub use consensus::{AgreedScore, IndependentScore, ScoreSpread, check_consensus, score_spread};
pub use criteria::{CriteriaError, CriteriaSet, Criterion, CriterionKind, SubCriterion};
pub use csv_input::{InputError, read_bids, read_criteria, read_pairwise_matrix};
pub use evaluation::{Evaluation, EvaluationError, EvaluationRules, RankedBid, evaluate};
pub use price::{PriceFormula, PriceRange};
pub use sensitivity::WeightSensitivity;
