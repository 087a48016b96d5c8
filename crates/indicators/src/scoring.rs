//! The U4SSC scoring rule: achievement against a target, capped at 100 %, and four bands.
//!
//! Bands are lower-bound inclusive, as kpi_notes.md reads the reports: [0, 33) = 1 point,
//! [33, 66) = 2, [66, 95) = 3, [95, 100] = 4. A percentage within 1e-9 points below an edge
//! counts as on the edge, so that floating-point noise (e.g. 0.99 / 3) never drops a band.
//!
//! Achievement by direction (kpi_notes.md section b.6, marked there as unverified):
//! - higher is better: value ÷ target;
//! - lower is better: target ÷ value (a value of 0 or less meets any target: 100 %);
//! - parity: 1 − |value − target| ÷ target, floored at 0 (for the 1.0 target of gender
//!   income equity this is the notes' 1 − |1 − value|);
//! - yes/no: 100 % when the answer equals the target answer, else 0 %;
//! - context: never scored.
//!
//! Targets must be positive (yes/no targets are 0 or 1); [`crate::targets`] enforces it.
//! Given a target that is not, these functions return `None` rather than a made-up score.

use serde::{Deserialize, Serialize};

use crate::framework::Direction;

/// Distance under an edge that still counts as reaching it.
const EDGE_TOLERANCE: f64 = 1e-9;

/// The four U4SSC performance bands, named as the City Snapshot legend ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Band {
    /// Less than 33 % of target: 1 point.
    #[serde(rename = "0-33")]
    Below33,
    /// 33 % to under 66 %: 2 points.
    #[serde(rename = "33-66")]
    From33To66,
    /// 66 % to under 95 %: 3 points.
    #[serde(rename = "66-95")]
    From66To95,
    /// 95 % or more: 4 points.
    #[serde(rename = "95+")]
    AtLeast95,
}

impl Band {
    /// The band of a percentage of target (KPI achievement or roll-up score).
    pub fn from_pct(pct: f64) -> Band {
        let reaches = |edge: f64| pct + EDGE_TOLERANCE >= edge;
        if reaches(95.0) {
            Band::AtLeast95
        } else if reaches(66.0) {
            Band::From66To95
        } else if reaches(33.0) {
            Band::From33To66
        } else {
            Band::Below33
        }
    }

    pub fn points(self) -> u8 {
        match self {
            Band::Below33 => 1,
            Band::From33To66 => 2,
            Band::From66To95 => 3,
            Band::AtLeast95 => 4,
        }
    }

    /// The label used in JSON and CSV output (`0-33`, `33-66`, `66-95`, `95+`).
    pub fn label(self) -> &'static str {
        match self {
            Band::Below33 => "0-33",
            Band::From33To66 => "33-66",
            Band::From66To95 => "66-95",
            Band::AtLeast95 => "95+",
        }
    }
}

/// Achievement against a target in percent, capped to [0, 100]; `None` when the
/// direction is not scored or the target cannot score.
pub fn achievement_pct(direction: Direction, value: f64, target: f64) -> Option<f64> {
    if !value.is_finite() || !target.is_finite() {
        return None;
    }
    let raw = match direction {
        Direction::Context => return None,
        Direction::YesNo => {
            if (value >= 0.5) == (target >= 0.5) {
                100.0
            } else {
                0.0
            }
        }
        _ if target <= 0.0 => return None,
        // Multiplying first keeps exact inputs exact: 33 of 100 is 33.0, not 32.99….
        Direction::HigherIsBetter => value * 100.0 / target,
        Direction::LowerIsBetter if value <= 0.0 => 100.0,
        Direction::LowerIsBetter => target * 100.0 / value,
        Direction::Parity => 100.0 - (value - target).abs() * 100.0 / target,
    };
    Some(raw.clamp(0.0, 100.0))
}

/// The score of one KPI or data point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub achievement_pct: f64,
    pub points: u8,
    pub band: Band,
}

/// Score a value; `None` (shown as "N/A") without a target or for context measures.
pub fn score(direction: Direction, value: f64, target: Option<f64>) -> Option<Score> {
    let achievement_pct = achievement_pct(direction, value, target?)?;
    let band = Band::from_pct(achievement_pct);
    Some(Score {
        achievement_pct,
        points: band.points(),
        band,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band_of(pct: f64) -> (Band, u8) {
        let band = Band::from_pct(pct);
        (band, band.points())
    }

    #[test]
    fn band_edges_are_lower_bound_inclusive() {
        assert_eq!(band_of(0.0), (Band::Below33, 1));
        assert_eq!(band_of(32.99), (Band::Below33, 1));
        assert_eq!(band_of(33.0), (Band::From33To66, 2));
        assert_eq!(band_of(65.99), (Band::From33To66, 2));
        assert_eq!(band_of(66.0), (Band::From66To95, 3));
        assert_eq!(band_of(94.99), (Band::From66To95, 3));
        assert_eq!(band_of(95.0), (Band::AtLeast95, 4));
        assert_eq!(band_of(100.0), (Band::AtLeast95, 4));
    }

    #[test]
    fn higher_is_better_edges_through_value_over_target() {
        let points =
            |value: f64| score(Direction::HigherIsBetter, value, Some(100.0)).map(|s| s.points);
        assert_eq!(points(32.99), Some(1));
        assert_eq!(points(33.0), Some(2));
        assert_eq!(points(65.99), Some(2));
        assert_eq!(points(66.0), Some(3));
        assert_eq!(points(94.99), Some(3));
        assert_eq!(points(95.0), Some(4));
        assert_eq!(points(100.0), Some(4));
        // 0.99 of 3 is exactly a third of the way to 100 %: 33 %, not 32.999…
        assert_eq!(
            score(Direction::HigherIsBetter, 0.99, Some(3.0)).map(|s| s.band),
            Some(Band::From33To66)
        );
    }

    #[test]
    fn achievement_is_capped_at_100_and_floored_at_0() {
        assert_eq!(
            achievement_pct(Direction::HigherIsBetter, 250.0, 100.0),
            Some(100.0)
        );
        assert_eq!(
            achievement_pct(Direction::HigherIsBetter, -5.0, 100.0),
            Some(0.0)
        );
        assert_eq!(
            achievement_pct(Direction::LowerIsBetter, 2.0, 5.0),
            Some(100.0)
        );
        assert_eq!(
            achievement_pct(Direction::LowerIsBetter, 0.0, 5.0),
            Some(100.0)
        );
    }

    #[test]
    fn lower_is_better_uses_target_over_value() {
        // PM2.5 15 µg/m³ against the WHO 5: 33.3 % -> 2 points.
        let s = score(Direction::LowerIsBetter, 15.0, Some(5.0)).expect("scored");
        assert!((s.achievement_pct - 100.0 / 3.0).abs() < 1e-12);
        assert_eq!((s.points, s.band), (2, Band::From33To66));
        // 5 / 5.2631… = 95 %: exactly on the top edge.
        let s = score(Direction::LowerIsBetter, 100.0 / 19.0, Some(5.0)).expect("scored");
        assert_eq!(s.points, 4);
        let s = score(Direction::LowerIsBetter, 5.0 / 0.94, Some(5.0)).expect("scored");
        assert_eq!(s.points, 3);
    }

    #[test]
    fn parity_penalises_both_sides() {
        let pct = |v: f64| achievement_pct(Direction::Parity, v, 1.0).expect("scored");
        assert!((pct(0.8) - 80.0).abs() < 1e-9);
        assert!((pct(1.2) - 80.0).abs() < 1e-9);
        assert_eq!(pct(1.0), 100.0);
        assert_eq!(pct(2.5), 0.0);
        assert_eq!(
            score(Direction::Parity, 0.95, Some(1.0)).map(|s| s.points),
            Some(4)
        );
        assert_eq!(
            score(Direction::Parity, 0.94, Some(1.0)).map(|s| s.points),
            Some(3)
        );
    }

    #[test]
    fn yes_no_is_all_or_nothing() {
        assert_eq!(
            score(Direction::YesNo, 1.0, Some(1.0)).map(|s| s.points),
            Some(4)
        );
        assert_eq!(
            score(Direction::YesNo, 0.0, Some(1.0)).map(|s| s.points),
            Some(1)
        );
        assert_eq!(achievement_pct(Direction::YesNo, 0.0, 1.0), Some(0.0));
    }

    #[test]
    fn no_target_context_or_bad_target_is_not_scored() {
        assert_eq!(score(Direction::HigherIsBetter, 50.0, None), None);
        assert_eq!(score(Direction::Context, 50.0, Some(10.0)), None);
        assert_eq!(score(Direction::HigherIsBetter, 50.0, Some(0.0)), None);
        assert_eq!(score(Direction::LowerIsBetter, 50.0, Some(-1.0)), None);
        assert_eq!(score(Direction::HigherIsBetter, f64::NAN, Some(1.0)), None);
    }

    #[test]
    fn band_labels_serialise_as_legend_ranges() {
        let json = serde_json::to_string(&[Band::Below33, Band::AtLeast95]).expect("json");
        assert_eq!(json, r#"["0-33","95+"]"#);
        assert_eq!(Band::From66To95.label(), "66-95");
    }
}
