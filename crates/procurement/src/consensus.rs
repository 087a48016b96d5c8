//! From independent evaluators' scores to an agreed consensus score.
//!
//! Evaluators score each bid on each quality criterion alone; only then are the scores put side
//! by side. The consensus score is what the panel *agrees* after discussion, entered by people
//! with a note — it is never an average computed silently. [`score_spread`] shows how far apart
//! the evaluators are (mean and median are offered as information only), and [`check_consensus`]
//! makes sure every bid/criterion has an agreed score and a note before the evaluation runs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One evaluator's independent score for one bid on one criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndependentScore {
    pub evaluator: String,
    pub bidder: String,
    pub criterion: String,
    /// 0–100.
    pub score: f64,
}

/// How far the evaluators are apart on one bid and criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreSpread {
    pub bidder: String,
    pub criterion: String,
    /// (evaluator, score), by evaluator name.
    pub scores: Vec<(String, f64)>,
    pub lowest: f64,
    pub highest: f64,
    /// highest − lowest.
    pub range: f64,
    /// For information only: the panel agrees the consensus value itself.
    pub mean: f64,
    /// For information only.
    pub median: f64,
    /// The range is at least the discussion threshold: the panel should talk this one through.
    pub needs_discussion: bool,
}

/// The score the panel agreed for one bid on one criterion, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgreedScore {
    pub bidder: String,
    pub criterion: String,
    pub score: f64,
    pub note: String,
}

/// What is wrong with independent or agreed scores.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConsensusError {
    #[error("evaluator `{evaluator}` scored bidder `{bidder}` on `{criterion}` twice")]
    DuplicateScore {
        evaluator: String,
        bidder: String,
        criterion: String,
    },
    #[error("bidder `{bidder}`, criterion `{criterion}`: score {score} is not from 0 to 100")]
    ScoreOutOfRange {
        bidder: String,
        criterion: String,
        score: f64,
    },
    #[error("bidder `{bidder}`, criterion `{criterion}`: no agreed consensus score")]
    MissingAgreement { bidder: String, criterion: String },
    #[error("bidder `{bidder}`, criterion `{criterion}`: consensus agreed twice")]
    DuplicateAgreement { bidder: String, criterion: String },
    #[error(
        "bidder `{bidder}`, criterion `{criterion}`: the consensus needs a note saying why the panel agreed this score"
    )]
    MissingNote { bidder: String, criterion: String },
    #[error(
        "bidder `{bidder}`, criterion `{criterion}`: agreed score given but nobody scored it independently"
    )]
    NotScored { bidder: String, criterion: String },
}

fn in_range(score: f64) -> bool {
    score.is_finite() && (0.0..=100.0).contains(&score)
}

/// Groups independent scores per bid and criterion (sorted by bidder, then criterion) and
/// measures their spread. `discussion_threshold` is a range in points (e.g. 20) from which a
/// pair is marked for discussion.
pub fn score_spread(
    scores: &[IndependentScore],
    discussion_threshold: f64,
) -> Result<Vec<ScoreSpread>, ConsensusError> {
    let mut groups: BTreeMap<(&str, &str), BTreeMap<&str, f64>> = BTreeMap::new();
    for s in scores {
        if !in_range(s.score) {
            return Err(ConsensusError::ScoreOutOfRange {
                bidder: s.bidder.clone(),
                criterion: s.criterion.clone(),
                score: s.score,
            });
        }
        let group = groups
            .entry((s.bidder.as_str(), s.criterion.as_str()))
            .or_default();
        if group.insert(s.evaluator.as_str(), s.score).is_some() {
            return Err(ConsensusError::DuplicateScore {
                evaluator: s.evaluator.clone(),
                bidder: s.bidder.clone(),
                criterion: s.criterion.clone(),
            });
        }
    }
    Ok(groups
        .into_iter()
        .map(|((bidder, criterion), by_evaluator)| {
            let mut values: Vec<f64> = by_evaluator.values().copied().collect();
            values.sort_by(f64::total_cmp);
            let n = values.len();
            let lowest = values.first().copied().unwrap_or(0.0);
            let highest = values.last().copied().unwrap_or(0.0);
            let median = if n % 2 == 1 {
                values[n / 2]
            } else {
                (values[n / 2 - 1] + values[n / 2]) / 2.0
            };
            ScoreSpread {
                bidder: bidder.into(),
                criterion: criterion.into(),
                scores: by_evaluator
                    .iter()
                    .map(|(e, s)| (e.to_string(), *s))
                    .collect(),
                lowest,
                highest,
                range: highest - lowest,
                mean: values.iter().sum::<f64>() / n as f64,
                median,
                needs_discussion: highest - lowest >= discussion_threshold,
            }
        })
        .collect())
}

/// Checks that the panel agreed exactly one score, 0–100 and with a note, for every bid and
/// criterion that was scored independently, and nothing else.
pub fn check_consensus(
    spreads: &[ScoreSpread],
    agreed: &[AgreedScore],
) -> Result<(), ConsensusError> {
    let mut seen = std::collections::BTreeSet::new();
    for a in agreed {
        let key = (a.bidder.as_str(), a.criterion.as_str());
        if !seen.insert(key) {
            return Err(ConsensusError::DuplicateAgreement {
                bidder: a.bidder.clone(),
                criterion: a.criterion.clone(),
            });
        }
        if !in_range(a.score) {
            return Err(ConsensusError::ScoreOutOfRange {
                bidder: a.bidder.clone(),
                criterion: a.criterion.clone(),
                score: a.score,
            });
        }
        if a.note.trim().is_empty() {
            return Err(ConsensusError::MissingNote {
                bidder: a.bidder.clone(),
                criterion: a.criterion.clone(),
            });
        }
        if !spreads
            .iter()
            .any(|s| s.bidder == a.bidder && s.criterion == a.criterion)
        {
            return Err(ConsensusError::NotScored {
                bidder: a.bidder.clone(),
                criterion: a.criterion.clone(),
            });
        }
    }
    if let Some(s) = spreads
        .iter()
        .find(|s| !seen.contains(&(s.bidder.as_str(), s.criterion.as_str())))
    {
        return Err(ConsensusError::MissingAgreement {
            bidder: s.bidder.clone(),
            criterion: s.criterion.clone(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(evaluator: &str, bidder: &str, criterion: &str, score: f64) -> IndependentScore {
        IndependentScore {
            evaluator: evaluator.into(),
            bidder: bidder.into(),
            criterion: criterion.into(),
            score,
        }
    }

    #[test]
    fn spread_shows_every_evaluator_and_flags_disagreement() {
        let scores = vec![
            score("Ana", "B", "Technical", 80.0),
            score("Ben", "B", "Technical", 50.0),
            score("Chloé", "B", "Technical", 70.0),
            score("Ana", "A", "Technical", 60.0),
            score("Ben", "A", "Technical", 65.0),
        ];
        let spreads = score_spread(&scores, 20.0).unwrap();
        assert_eq!(spreads.len(), 2);
        let a = &spreads[0];
        assert_eq!((a.bidder.as_str(), a.range, a.median), ("A", 5.0, 62.5));
        assert!(!a.needs_discussion);
        let b = &spreads[1];
        assert_eq!((b.lowest, b.highest, b.median), (50.0, 80.0, 70.0));
        assert!((b.mean - 200.0 / 3.0).abs() < 1e-12);
        assert!(b.needs_discussion);
        assert_eq!(b.scores[1], ("Ben".to_string(), 50.0));
    }

    #[test]
    fn consensus_needs_a_note_for_every_pair() {
        let spreads = score_spread(&[score("Ana", "A", "Technical", 60.0)], 20.0).unwrap();
        let agreed = |note: &str| AgreedScore {
            bidder: "A".into(),
            criterion: "Technical".into(),
            score: 62.0,
            note: note.into(),
        };
        assert!(
            check_consensus(&spreads, &[agreed("agreed after reading the demo notes")]).is_ok()
        );
        assert!(matches!(
            check_consensus(&spreads, &[agreed("  ")]),
            Err(ConsensusError::MissingNote { .. })
        ));
        assert!(matches!(
            check_consensus(&spreads, &[]),
            Err(ConsensusError::MissingAgreement { .. })
        ));
    }

    #[test]
    fn refuses_duplicate_and_out_of_range_scores() {
        assert!(matches!(
            score_spread(
                &[score("Ana", "A", "T", 60.0), score("Ana", "A", "T", 70.0)],
                20.0
            ),
            Err(ConsensusError::DuplicateScore { .. })
        ));
        assert!(matches!(
            score_spread(&[score("Ana", "A", "T", 160.0)], 20.0),
            Err(ConsensusError::ScoreOutOfRange { .. })
        ));
    }
}
