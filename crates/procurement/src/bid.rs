//! A bid as the evaluation sees it: the offered price and the agreed 0–100 quality scores.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::criteria::{CriteriaSet, CriterionKind};

/// One bidder's offer after the evaluators have agreed their consensus scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bid {
    pub bidder: String,
    /// The offered price (or whole-life cost) for the price criterion; must be > 0.
    pub price: f64,
    /// Consensus score 0–100 per quality criterion, or per sub-criterion where a criterion is
    /// broken down. Keyed by the criterion's name.
    pub scores: BTreeMap<String, f64>,
}

impl Bid {
    pub fn new<I, S>(bidder: impl Into<String>, price: f64, scores: I) -> Self
    where
        I: IntoIterator<Item = (S, f64)>,
        S: Into<String>,
    {
        Self {
            bidder: bidder.into(),
            price,
            scores: scores.into_iter().map(|(k, v)| (k.into(), v)).collect(),
        }
    }
}

/// What is wrong with the bids handed to the evaluation. Each message names the bidder and the
/// criterion.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BidError {
    #[error("no bids to evaluate")]
    NoBids,
    #[error("bid {position} has an empty bidder name")]
    EmptyBidder { position: usize },
    #[error("bidder `{bidder}` appears twice; one bid per bidder")]
    DuplicateBidder { bidder: String },
    #[error("bidder `{bidder}`: price {price} must be a number greater than 0")]
    PriceNotPositive { bidder: String, price: f64 },
    #[error("bidder `{bidder}` has no score for criterion `{criterion}`")]
    MissingScore { bidder: String, criterion: String },
    #[error("bidder `{bidder}`: `{criterion}` is not a scored criterion of this procurement")]
    UnknownCriterion { bidder: String, criterion: String },
    #[error("bidder `{bidder}`, criterion `{criterion}`: score {score} is not from 0 to 100")]
    ScoreOutOfRange {
        bidder: String,
        criterion: String,
        score: f64,
    },
}

/// Checks every bid against the criteria: one bid per bidder, a price > 0, and exactly one
/// 0–100 score for each quality criterion or sub-criterion.
pub fn check_bids(criteria: &CriteriaSet, bids: &[Bid]) -> Result<(), BidError> {
    if bids.is_empty() {
        return Err(BidError::NoBids);
    }
    let mut bidders = std::collections::BTreeSet::new();
    let quality_names: Vec<&str> = criteria
        .criteria()
        .iter()
        .filter(|c| c.kind == CriterionKind::Quality)
        .flat_map(|c| c.scored_names())
        .collect();
    for (index, bid) in bids.iter().enumerate() {
        if bid.bidder.trim().is_empty() {
            return Err(BidError::EmptyBidder {
                position: index + 1,
            });
        }
        if !bidders.insert(bid.bidder.as_str()) {
            return Err(BidError::DuplicateBidder {
                bidder: bid.bidder.clone(),
            });
        }
        if !(bid.price.is_finite() && bid.price > 0.0) {
            return Err(BidError::PriceNotPositive {
                bidder: bid.bidder.clone(),
                price: bid.price,
            });
        }
        for (name, &score) in &bid.scores {
            if !quality_names.contains(&name.as_str()) {
                return Err(BidError::UnknownCriterion {
                    bidder: bid.bidder.clone(),
                    criterion: name.clone(),
                });
            }
            if !(score.is_finite() && (0.0..=100.0).contains(&score)) {
                return Err(BidError::ScoreOutOfRange {
                    bidder: bid.bidder.clone(),
                    criterion: name.clone(),
                    score,
                });
            }
        }
        if let Some(missing) = quality_names.iter().find(|n| !bid.scores.contains_key(**n)) {
            return Err(BidError::MissingScore {
                bidder: bid.bidder.clone(),
                criterion: (*missing).into(),
            });
        }
    }
    Ok(())
}
