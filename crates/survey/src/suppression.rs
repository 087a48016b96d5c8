//! Disclosure control and reliability flags for published tables (reference §3.6): a primary
//! threshold on the unweighted count, secondary suppression so a suppressed cell cannot be
//! recovered from a row or column total, and a coefficient-of-variation flag.

/// Primary suppression: a cell is hidden when fewer than `threshold` respondents support it.
pub fn primary_suppression(counts: &[usize], threshold: usize) -> Vec<bool> {
    counts.iter().map(|&n| n < threshold).collect()
}

/// Secondary suppression on a `rows × cols` table stored row-major. While some row or column holds
/// exactly one suppressed cell (which its total would reveal), the unsuppressed cell with the smallest
/// non-zero count in that line is suppressed too. Returns the final mask.
pub fn secondary_suppression(
    suppressed: &[bool],
    counts: &[usize],
    rows: usize,
    cols: usize,
) -> Vec<bool> {
    let mut mask = suppressed.to_vec();
    if mask.len() != rows * cols || counts.len() != rows * cols {
        return mask;
    }
    loop {
        let mut changed = false;
        let lines = (0..rows)
            .map(|r| (0..cols).map(|c| r * cols + c).collect::<Vec<_>>())
            .chain((0..cols).map(|c| (0..rows).map(|r| r * cols + c).collect::<Vec<_>>()));
        for line in lines {
            if line.iter().filter(|&&k| mask[k]).count() != 1 {
                continue;
            }
            let candidate = line
                .iter()
                .copied()
                .filter(|&k| !mask[k])
                .min_by_key(|&k| (counts[k] == 0, counts[k]));
            if let Some(k) = candidate {
                mask[k] = true;
                changed = true;
            }
        }
        if !changed {
            return mask;
        }
    }
}

/// Whether an estimate is precise enough to publish without a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reliability {
    /// Coefficient of variation at or below the threshold.
    Reliable,
    /// Coefficient of variation above the threshold (or undefined): flag it.
    Unreliable,
}

/// Flags an estimate whose coefficient of variation exceeds `max_cv` (e.g. 0.30 for the 30/30 rule).
pub fn reliability(cv: f64, max_cv: f64) -> Reliability {
    if cv.is_finite() && cv.abs() <= max_cv {
        Reliability::Reliable
    } else {
        Reliability::Unreliable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primary_uses_threshold() {
        assert_eq!(
            primary_suppression(&[3, 10, 5], 5),
            vec![true, false, false]
        );
    }

    #[test]
    fn secondary_leaves_no_line_with_a_single_hidden_cell() {
        // 2 × 3 table, one small cell.
        let counts = [2, 40, 30, 50, 60, 70];
        let primary = primary_suppression(&counts, 5);
        let mask = secondary_suppression(&primary, &counts, 2, 3);
        for r in 0..2 {
            assert_ne!((0..3).filter(|&c| mask[r * 3 + c]).count(), 1);
        }
        for c in 0..3 {
            assert_ne!((0..2).filter(|&r| mask[r * 3 + c]).count(), 1);
        }
        assert!(mask[0] && mask[2] && mask[3] && mask[5]);
    }

    #[test]
    fn reliability_flags_high_cv() {
        assert_eq!(reliability(0.1, 0.3), Reliability::Reliable);
        assert_eq!(reliability(0.31, 0.3), Reliability::Unreliable);
        assert_eq!(reliability(f64::NAN, 0.3), Reliability::Unreliable);
    }
}
