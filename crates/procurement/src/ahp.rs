//! Criteria weights from pairwise comparisons (Saaty's Analytic Hierarchy Process).
//!
//! Evaluators say, for each pair of criteria, how much more important the first is on Saaty's
//! 1–9 scale; the matrix is positive and reciprocal (`a_ji = 1 / a_ij`). The reference notes
//! (`digital_divide.md` §6.4 item 5) give the rules used here:
//!
//! * weights = the **principal eigenvector**, found by power iteration (`w ← A·w / Σ A·w` until
//!   no entry moves by more than 1e-13); the **geometric mean** of each row, normalised, is
//!   offered as [`AhpMethod::GeometricMean`];
//! * `λ_max` is always the principal eigenvalue (from the power iteration, `Σ_i (A·w)_i` with
//!   `Σ w = 1`), whichever method gives the weights, because the consistency ratio is defined
//!   on it;
//! * `CI = (λ_max − n)/(n − 1)`, `CR = CI / RI` with Saaty's random index for n = 3…10:
//!   0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49 (the AHPWR table). n ≤ 2 is always
//!   consistent (CR = 0). Larger matrices are refused: the reference does not confirm RI there;
//! * a CR above 0.10 is refused with [`AhpError::Inconsistent`], which names the judgement that
//!   disagrees most with the weights so the evaluators know what to revisit.

use serde::{Deserialize, Serialize};

/// Saaty's random consistency index for n = 1…10 (n = 1, 2 are 0 by definition).
pub const RANDOM_INDEX: [f64; 10] = [0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49];

/// The highest consistency ratio accepted.
pub const MAX_CONSISTENCY_RATIO: f64 = 0.10;

/// How far `a_ij × a_ji` may be from 1, so that reciprocals typed with two decimals (0.33 for
/// 1/3, 0.13 for 1/8 → 1.04) are accepted; the values are then used as typed.
const RECIPROCAL_TOLERANCE: f64 = 0.05;

/// How the weights are derived from the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AhpMethod {
    /// Saaty's principal right eigenvector (power iteration).
    #[default]
    PrincipalEigenvector,
    /// Normalised geometric means of the rows (logarithmic least squares).
    GeometricMean,
}

/// A checked pairwise comparison matrix: `values[i][j]` says how much more important criterion
/// `i` is than criterion `j`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "PairwiseMatrixParts", into = "PairwiseMatrixParts")]
pub struct PairwiseMatrix {
    names: Vec<String>,
    values: Vec<Vec<f64>>,
}

/// The unchecked shape of a [`PairwiseMatrix`] for serialisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairwiseMatrixParts {
    pub names: Vec<String>,
    pub values: Vec<Vec<f64>>,
}

impl TryFrom<PairwiseMatrixParts> for PairwiseMatrix {
    type Error = AhpError;
    fn try_from(parts: PairwiseMatrixParts) -> Result<Self, AhpError> {
        Self::new(parts.names, parts.values)
    }
}

impl From<PairwiseMatrix> for PairwiseMatrixParts {
    fn from(matrix: PairwiseMatrix) -> Self {
        Self {
            names: matrix.names,
            values: matrix.values,
        }
    }
}

/// What is wrong with a comparison matrix. Rows and columns are named by criterion.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AhpError {
    #[error("the matrix is empty; expected one row and one column per criterion")]
    Empty,
    #[error(
        "{n} criteria: the consistency ratio is only defined here for up to 10 (Saaty's random index table); group the criteria and compare within groups"
    )]
    TooLarge { n: usize },
    #[error("row `{row}` has {found} values, expected {expected} (one per criterion)")]
    NotSquare {
        row: String,
        found: usize,
        expected: usize,
    },
    #[error("criterion `{name}` appears twice")]
    DuplicateName { name: String },
    #[error("row `{row}`, column `{column}`: {value} is not a positive number")]
    NotPositive {
        row: String,
        column: String,
        value: f64,
    },
    #[error(
        "row `{row}`, column `{row}`: a criterion compared with itself must be 1, found {value}"
    )]
    DiagonalNotOne { row: String, value: f64 },
    #[error(
        "row `{row}`, column `{column}` is {value} but row `{column}`, column `{row}` is {mirror}; expected reciprocals (a_ji = 1/a_ij)"
    )]
    NotReciprocal {
        row: String,
        column: String,
        value: f64,
        mirror: f64,
    },
    #[error(
        "inconsistent comparisons: consistency ratio {consistency_ratio:.4} is above 0.10 (λmax {lambda_max:.4}); the judgement `{row}` vs `{column}` = {} disagrees most with the weights it produces (which imply {}); revisit it", saaty(*.judged), saaty(*.implied)
    )]
    Inconsistent {
        consistency_ratio: f64,
        lambda_max: f64,
        row: String,
        column: String,
        judged: f64,
        implied: f64,
    },
}

/// A judgement as people write it: `3`, `1/5`, `2.5`, `1/2.33`.
fn saaty(value: f64) -> String {
    let short = |v: f64| {
        let text = format!("{v:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    if value >= 1.0 {
        short(value)
    } else {
        format!("1/{}", short(1.0 / value))
    }
}

impl PairwiseMatrix {
    /// Checks the matrix: square, named uniquely, positive, ones on the diagonal, reciprocal.
    pub fn new(names: Vec<String>, values: Vec<Vec<f64>>) -> Result<Self, AhpError> {
        let n = names.len();
        if n == 0 {
            return Err(AhpError::Empty);
        }
        if n > RANDOM_INDEX.len() {
            return Err(AhpError::TooLarge { n });
        }
        for (i, name) in names.iter().enumerate() {
            if names[..i].contains(name) {
                return Err(AhpError::DuplicateName { name: name.clone() });
            }
        }
        if values.len() != n {
            return Err(AhpError::NotSquare {
                row: format!("(rows: {})", values.len()),
                found: values.len(),
                expected: n,
            });
        }
        for (i, row) in values.iter().enumerate() {
            if row.len() != n {
                return Err(AhpError::NotSquare {
                    row: names[i].clone(),
                    found: row.len(),
                    expected: n,
                });
            }
            for (j, &value) in row.iter().enumerate() {
                if !(value.is_finite() && value > 0.0) {
                    return Err(AhpError::NotPositive {
                        row: names[i].clone(),
                        column: names[j].clone(),
                        value,
                    });
                }
            }
        }
        for i in 0..n {
            if (values[i][i] - 1.0).abs() > 1e-9 {
                return Err(AhpError::DiagonalNotOne {
                    row: names[i].clone(),
                    value: values[i][i],
                });
            }
            for j in (i + 1)..n {
                if (values[i][j] * values[j][i] - 1.0).abs() > RECIPROCAL_TOLERANCE {
                    return Err(AhpError::NotReciprocal {
                        row: names[i].clone(),
                        column: names[j].clone(),
                        value: values[i][j],
                        mirror: values[j][i],
                    });
                }
            }
        }
        Ok(Self { names, values })
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn values(&self) -> &[Vec<f64>] {
        &self.values
    }

    fn times(&self, w: &[f64]) -> Vec<f64> {
        self.values
            .iter()
            .map(|row| row.iter().zip(w).map(|(a, b)| a * b).sum())
            .collect()
    }
}

/// Weights derived from a consistent enough matrix, with the consistency figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AhpWeights {
    pub method: AhpMethod,
    pub names: Vec<String>,
    /// Sum to 1.
    pub weights: Vec<f64>,
    /// The weights as percentages with two decimals, summing to exactly 100.00 (largest
    /// remainder), ready to publish as criteria weights.
    pub percent: Vec<f64>,
    pub lambda_max: f64,
    pub consistency_index: f64,
    pub random_index: f64,
    pub consistency_ratio: f64,
}

/// Derives the weights and refuses a consistency ratio above 0.10.
pub fn ahp_weights(matrix: &PairwiseMatrix, method: AhpMethod) -> Result<AhpWeights, AhpError> {
    let n = matrix.names.len();
    let (eigenvector, lambda_max) = principal_eigen(matrix);
    let weights = match method {
        AhpMethod::PrincipalEigenvector => eigenvector,
        AhpMethod::GeometricMean => geometric_mean(matrix),
    };
    let random_index = RANDOM_INDEX[n - 1];
    let (consistency_index, consistency_ratio) = if n <= 2 {
        (0.0, 0.0)
    } else {
        let ci = (lambda_max - n as f64) / (n as f64 - 1.0);
        (ci, ci / random_index)
    };
    if consistency_ratio > MAX_CONSISTENCY_RATIO {
        let (row, column, judged, implied) = worst_judgement(matrix, &weights);
        return Err(AhpError::Inconsistent {
            consistency_ratio,
            lambda_max,
            row,
            column,
            judged,
            implied,
        });
    }
    Ok(AhpWeights {
        method,
        names: matrix.names.clone(),
        percent: percent_two_decimals(&weights),
        weights,
        lambda_max,
        consistency_index,
        random_index,
        consistency_ratio,
    })
}

/// Power iteration. A positive matrix has a simple dominant eigenvalue with a positive
/// eigenvector (Perron), so starting from the uniform vector always converges.
fn principal_eigen(matrix: &PairwiseMatrix) -> (Vec<f64>, f64) {
    let n = matrix.names.len();
    let mut w = vec![1.0 / n as f64; n];
    let mut lambda = n as f64;
    for _ in 0..10_000 {
        let next = matrix.times(&w);
        lambda = next.iter().sum();
        let next: Vec<f64> = next.iter().map(|x| x / lambda).collect();
        let change = next
            .iter()
            .zip(&w)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        w = next;
        if change < 1e-13 {
            break;
        }
    }
    (w, lambda)
}

fn geometric_mean(matrix: &PairwiseMatrix) -> Vec<f64> {
    let n = matrix.names.len() as f64;
    let means: Vec<f64> = matrix
        .values
        .iter()
        .map(|row| (row.iter().map(|v| v.ln()).sum::<f64>() / n).exp())
        .collect();
    let total: f64 = means.iter().sum();
    means.iter().map(|m| m / total).collect()
}

/// The upper-triangle judgement furthest (in log ratio) from what the weights imply.
fn worst_judgement(matrix: &PairwiseMatrix, weights: &[f64]) -> (String, String, f64, f64) {
    let n = matrix.names.len();
    let mut worst = (0, 0, 0.0_f64);
    for i in 0..n {
        for j in (i + 1)..n {
            let implied = weights[i] / weights[j];
            let gap = (matrix.values[i][j] / implied).ln().abs();
            if gap > worst.2 {
                worst = (i, j, gap);
            }
        }
    }
    let (i, j, _) = worst;
    (
        matrix.names[i].clone(),
        matrix.names[j].clone(),
        matrix.values[i][j],
        weights[i] / weights[j],
    )
}

/// Percentages with two decimals that sum to exactly 100.00 (largest-remainder rounding).
pub fn percent_two_decimals(weights: &[f64]) -> Vec<f64> {
    let total: f64 = weights.iter().sum();
    if total <= 0.0 || weights.is_empty() {
        return vec![0.0; weights.len()];
    }
    let hundredths: Vec<f64> = weights.iter().map(|w| w / total * 10_000.0).collect();
    let mut floors: Vec<i64> = hundredths.iter().map(|h| h.floor() as i64).collect();
    let missing = 10_000 - floors.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = hundredths[a] - hundredths[a].floor();
        let rb = hundredths[b] - hundredths[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &i in order.iter().take(missing.max(0) as usize) {
        floors[i] += 1;
    }
    floors.iter().map(|&f| f as f64 / 100.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(names: &[&str], values: Vec<Vec<f64>>) -> PairwiseMatrix {
        PairwiseMatrix::new(names.iter().map(|s| s.to_string()).collect(), values).unwrap()
    }

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    /// digital_divide.md §6.4, "AHP example [C]": weights 0.6370 / 0.2583 / 0.1047,
    /// λmax 3.0385, CI 0.0193, CR 0.0332, and the geometric mean gives the same weights.
    /// R 4.2 `eigen()` on this machine: 0.6369855717 0.2582849944 0.1047294339, λ 3.03851109056.
    #[test]
    fn reference_three_criterion_example() {
        let m = matrix(
            &["a", "b", "c"],
            vec![
                vec![1.0, 3.0, 5.0],
                vec![1.0 / 3.0, 1.0, 3.0],
                vec![1.0 / 5.0, 1.0 / 3.0, 1.0],
            ],
        );
        let result = ahp_weights(&m, AhpMethod::PrincipalEigenvector).unwrap();
        for (w, expected) in result
            .weights
            .iter()
            .zip([0.6369855717, 0.2582849944, 0.1047294339])
        {
            assert!(close(*w, expected, 1e-9), "{w} vs {expected}");
        }
        assert!(close(result.lambda_max, 3.03851109056, 1e-9));
        assert!(close(result.consistency_index, 0.01925554528, 1e-9));
        assert!(close(result.consistency_ratio, 0.033199216, 1e-8));
        assert_eq!(result.percent, [63.70, 25.83, 10.47]);
        let gm = ahp_weights(&m, AhpMethod::GeometricMean).unwrap();
        for (a, b) in gm.weights.iter().zip(&result.weights) {
            assert!(close(*a, *b, 1e-9));
        }
    }

    /// A 5-criterion matrix common in AHP teaching material (it is the example of several R AHP
    /// helpers). Oracle: R 4.2 `eigen()` on this machine — weights 0.26360349280 0.47583537818
    /// 0.05381459693 0.09806828760 0.10867824449, λmax 5.07208440857, CI 0.01802110214,
    /// CR 0.01609026977; geometric mean 0.26363280466 0.47726386919 0.05307415550 0.09883999078
    /// 0.10718917987.
    #[test]
    fn five_criterion_example_against_r() {
        let m = matrix(
            &["a", "b", "c", "d", "e"],
            vec![
                vec![1.0, 1.0 / 2.0, 4.0, 3.0, 3.0],
                vec![2.0, 1.0, 7.0, 5.0, 5.0],
                vec![1.0 / 4.0, 1.0 / 7.0, 1.0, 1.0 / 2.0, 1.0 / 3.0],
                vec![1.0 / 3.0, 1.0 / 5.0, 2.0, 1.0, 1.0],
                vec![1.0 / 3.0, 1.0 / 5.0, 3.0, 1.0, 1.0],
            ],
        );
        let result = ahp_weights(&m, AhpMethod::PrincipalEigenvector).unwrap();
        let expected = [
            0.26360349280,
            0.47583537818,
            0.05381459693,
            0.09806828760,
            0.10867824449,
        ];
        for (w, e) in result.weights.iter().zip(expected) {
            assert!(close(*w, e, 1e-9), "{w} vs {e}");
        }
        assert!(close(result.lambda_max, 5.07208440857, 1e-9));
        assert!(close(result.consistency_ratio, 0.01609026977, 1e-9));
        let gm = ahp_weights(&m, AhpMethod::GeometricMean).unwrap();
        let expected = [
            0.26363280466,
            0.47726386919,
            0.05307415550,
            0.09883999078,
            0.10718917987,
        ];
        for (w, e) in gm.weights.iter().zip(expected) {
            assert!(close(*w, e, 1e-9), "{w} vs {e}");
        }
        // λmax and CR do not depend on the weighting method.
        assert_eq!(gm.consistency_ratio, result.consistency_ratio);
    }

    #[test]
    fn perfectly_consistent_matrix_recovers_its_weights() {
        let truth = [0.5, 0.3, 0.15, 0.05];
        let values = truth
            .iter()
            .map(|a| truth.iter().map(|b| a / b).collect())
            .collect();
        let result = ahp_weights(
            &matrix(&["a", "b", "c", "d"], values),
            AhpMethod::PrincipalEigenvector,
        )
        .unwrap();
        for (w, t) in result.weights.iter().zip(truth) {
            assert!(close(*w, t, 1e-12));
        }
        assert!(close(result.consistency_ratio, 0.0, 1e-12));
    }

    /// A cyclic matrix (a ≫ b ≫ c ≫ a). Oracle: R `eigen()`: λmax 10.1111111111, CR 6.130268199.
    #[test]
    fn cyclic_judgements_are_refused() {
        let m = matrix(
            &["a", "b", "c"],
            vec![
                vec![1.0, 9.0, 1.0 / 9.0],
                vec![1.0 / 9.0, 1.0, 9.0],
                vec![9.0, 1.0 / 9.0, 1.0],
            ],
        );
        match ahp_weights(&m, AhpMethod::PrincipalEigenvector) {
            Err(AhpError::Inconsistent {
                consistency_ratio,
                lambda_max,
                ..
            }) => {
                assert!(close(lambda_max, 10.1111111111, 1e-9));
                assert!(close(consistency_ratio, 6.130268199, 1e-8));
            }
            other => panic!("expected refusal, got {other:?}"),
        }
    }

    #[test]
    fn mildly_inconsistent_matrix_names_the_worst_judgement() {
        // a > b (3), b > c (3) but a vs c only 1/3 instead of ~9.
        let m = matrix(
            &["a", "b", "c"],
            vec![
                vec![1.0, 3.0, 1.0 / 3.0],
                vec![1.0 / 3.0, 1.0, 3.0],
                vec![3.0, 1.0 / 3.0, 1.0],
            ],
        );
        let error = ahp_weights(&m, AhpMethod::PrincipalEigenvector).unwrap_err();
        assert!(error.to_string().contains("above 0.10"), "{error}");
        assert_eq!(saaty(1.0 / 9.0), "1/9");
        assert_eq!(saaty(2.5), "2.5");
    }

    #[test]
    fn refuses_malformed_matrices() {
        let names = || vec!["a".to_string(), "b".to_string()];
        assert!(matches!(
            PairwiseMatrix::new(names(), vec![vec![1.0, 2.0], vec![0.5, 2.0]]),
            Err(AhpError::DiagonalNotOne { .. })
        ));
        assert!(matches!(
            PairwiseMatrix::new(names(), vec![vec![1.0, 2.0], vec![2.0, 1.0]]),
            Err(AhpError::NotReciprocal { .. })
        ));
        assert!(matches!(
            PairwiseMatrix::new(names(), vec![vec![1.0, -2.0], vec![-0.5, 1.0]]),
            Err(AhpError::NotPositive { .. })
        ));
        assert!(matches!(
            PairwiseMatrix::new(names(), vec![vec![1.0, 2.0]]),
            Err(AhpError::NotSquare { .. })
        ));
        assert!(matches!(
            PairwiseMatrix::new((0..11).map(|i| i.to_string()).collect(), vec![]),
            Err(AhpError::TooLarge { n: 11 })
        ));
        // Reciprocals typed with two decimals are accepted.
        assert!(PairwiseMatrix::new(names(), vec![vec![1.0, 3.0], vec![0.33, 1.0]]).is_ok());
        assert!(PairwiseMatrix::new(names(), vec![vec![1.0, 8.0], vec![0.13, 1.0]]).is_ok());
    }

    #[test]
    fn percentages_sum_to_exactly_100() {
        let p = percent_two_decimals(&[1.0, 1.0, 1.0]);
        assert_eq!(p, [33.34, 33.33, 33.33]);
        assert_eq!((p.iter().sum::<f64>() * 100.0).round(), 10_000.0);
    }
}
