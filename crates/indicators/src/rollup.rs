//! Category, sub-dimension and dimension scores: points earned ÷ (4 × scored items), as a
//! percentage, in the same four bands. Every scored KPI or data point is one item; items
//! without a score (no target, context) count in neither numerator nor denominator.
//! A category is keyed by (sub-dimension, category), never by its name alone.

use serde::{Deserialize, Serialize};

use crate::scoring::Band;

/// The score of a group of items.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct RollupScore {
    /// Items with a value (scored or not).
    pub reported_items: u32,
    /// Items with a score.
    pub scored_items: u32,
    /// Sum of the points of the scored items.
    pub points: u32,
    /// points ÷ (4 × scored items) × 100; `None` when nothing is scored.
    pub score_pct: Option<f64>,
    pub band: Option<Band>,
}

impl RollupScore {
    /// Roll up the points of reported items (`None` = reported but not scored).
    pub fn from_points<I: IntoIterator<Item = Option<u8>>>(items: I) -> RollupScore {
        let mut score = RollupScore::default();
        for item in items {
            score.reported_items += 1;
            if let Some(points) = item {
                score.scored_items += 1;
                score.points += u32::from(points);
            }
        }
        score.score_pct = score_pct(score.points, score.scored_items);
        score.band = score.score_pct.map(Band::from_pct);
        score
    }
}

/// points ÷ (4 × items) as a percentage; `None` for no items.
pub fn score_pct(points: u32, scored_items: u32) -> Option<f64> {
    if scored_items == 0 {
        return None;
    }
    Some(f64::from(points) * 100.0 / (4.0 * f64::from(scored_items)))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryScore {
    /// Sub-dimension code: half of the category's identity.
    pub sub_dimension: String,
    /// Category code within the sub-dimension.
    pub category: String,
    #[serde(flatten)]
    pub score: RollupScore,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubDimensionScore {
    pub sub_dimension: String,
    #[serde(flatten)]
    pub score: RollupScore,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionScore {
    pub dimension: String,
    #[serde(flatten)]
    pub score: RollupScore,
}

/// One reported item as the roll-up sees it.
#[derive(Debug, Clone, Copy)]
pub struct RollupItem<'a> {
    pub dimension: &'a str,
    pub sub_dimension: &'a str,
    pub category: &'a str,
    pub points: Option<u8>,
}

/// Groups in order of first appearance (items come in framework order).
fn group<'a, K: PartialEq + Clone>(
    items: &[RollupItem<'a>],
    key: impl Fn(&RollupItem<'a>) -> K,
) -> Vec<(K, RollupScore)> {
    let mut keys: Vec<K> = Vec::new();
    for item in items {
        let k = key(item);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys.into_iter()
        .map(|k| {
            let score =
                RollupScore::from_points(items.iter().filter(|i| key(i) == k).map(|i| i.points));
            (k, score)
        })
        .collect()
}

/// Category, sub-dimension and dimension scores of the reported items.
pub fn roll_up(
    items: &[RollupItem<'_>],
) -> (
    Vec<CategoryScore>,
    Vec<SubDimensionScore>,
    Vec<DimensionScore>,
) {
    let categories = group(items, |i| (i.sub_dimension, i.category))
        .into_iter()
        .map(|((sub, cat), score)| CategoryScore {
            sub_dimension: sub.to_string(),
            category: cat.to_string(),
            score,
        })
        .collect();
    let sub_dimensions = group(items, |i| i.sub_dimension)
        .into_iter()
        .map(|(sub, score)| SubDimensionScore {
            sub_dimension: sub.to_string(),
            score,
        })
        .collect();
    let dimensions = group(items, |i| i.dimension)
        .into_iter()
        .map(|(dim, score)| DimensionScore {
            dimension: dim.to_string(),
            score,
        })
        .collect();
    (categories, sub_dimensions, dimensions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kpi_notes_education_example() {
        // 1 + 3 + 4 + 1 = 9 of 16 = 56.25 %, in the 33-66 band.
        let s = RollupScore::from_points([Some(1), Some(3), Some(4), Some(1)]);
        assert_eq!(s.score_pct, Some(56.25));
        assert_eq!(s.band, Some(Band::From33To66));
        assert_eq!((s.points, s.scored_items, s.reported_items), (9, 4, 4));
        // Three reported: 3 + 4 + 2 = 9 of 12 = 75 %, in the 66-95 band; the unreported
        // fourth is in neither numerator nor denominator.
        let s = RollupScore::from_points([Some(3), Some(4), Some(2)]);
        assert_eq!((s.score_pct, s.band), (Some(75.0), Some(Band::From66To95)));
    }

    #[test]
    fn unscored_items_are_left_out() {
        let s = RollupScore::from_points([Some(4), None, Some(2), None]);
        assert_eq!((s.reported_items, s.scored_items), (4, 2));
        assert_eq!(s.score_pct, Some(75.0));
        let s = RollupScore::from_points([None, None]);
        assert_eq!((s.score_pct, s.band), (None, None));
        assert_eq!(score_pct(0, 0), None);
    }

    #[test]
    fn rollup_band_edges() {
        // 4 items: 1+1+1+2 = 5/16 = 31.25 % -> 0-33; 2+2+1+1 = 6/16 = 37.5 % -> 33-66.
        assert_eq!(
            RollupScore::from_points([Some(1), Some(1), Some(1), Some(2)]).band,
            Some(Band::Below33)
        );
        assert_eq!(
            RollupScore::from_points([Some(2), Some(2), Some(1), Some(1)]).band,
            Some(Band::From33To66)
        );
        // All ones is 25 %; all fours is 100 %.
        assert_eq!(RollupScore::from_points([Some(1)]).score_pct, Some(25.0));
        assert_eq!(
            RollupScore::from_points([Some(4), Some(4)]).band,
            Some(Band::AtLeast95)
        );
        // 19 × 4 + 1 × 3 = 79 / 80 = 98.75 % -> 95+.
        let mut items = vec![Some(4); 19];
        items.push(Some(3));
        assert_eq!(RollupScore::from_points(items).band, Some(Band::AtLeast95));
    }

    #[test]
    fn categories_with_the_same_name_stay_apart() {
        let item = |sub, cat, points| RollupItem {
            dimension: if sub == "EN" { "EN" } else { "EC" },
            sub_dimension: sub,
            category: cat,
            points: Some(points),
        };
        // Water and Sanitation under ICT, Infrastructure and Environment.
        let items = [
            item("ICT", "WS", 4),
            item("I", "WS", 1),
            item("I", "WS", 2),
            item("EN", "WS", 3),
        ];
        let (categories, subs, dims) = roll_up(&items);
        let pct: Vec<(&str, &str, Option<f64>)> = categories
            .iter()
            .map(|c| {
                (
                    c.sub_dimension.as_str(),
                    c.category.as_str(),
                    c.score.score_pct,
                )
            })
            .collect();
        assert_eq!(
            pct,
            [
                ("ICT", "WS", Some(100.0)),
                ("I", "WS", Some(37.5)),
                ("EN", "WS", Some(75.0))
            ]
        );
        assert_eq!(subs.len(), 3);
        // Economy: 4 + 1 + 2 = 7 of 12.
        assert_eq!(dims[0].dimension, "EC");
        assert!((dims[0].score.score_pct.unwrap_or_default() - 700.0 / 12.0).abs() < 1e-12);
    }
}
