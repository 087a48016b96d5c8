//! Replicate-weight designs: supplied as columns (BRR, Fay, JK1, JKn, bootstrap, successive
//! difference) or built from a linearisation design (JK1, JKn), with R's `svrepdesign` constants.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use crate::design::{
    Clustering, LonelyPsu, NumericColumn, SurveyDesign, VarianceMethod, check_weights,
};
use crate::error::SurveyError;

/// The replication method, which fixes the variance constants.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReplicateKind {
    /// Balanced repeated replication: scale 1/R.
    Brr,
    /// Fay's BRR with perturbation `rho`: scale 1/(R(1−ρ)²).
    Fay {
        /// Fay coefficient, e.g. 0.5.
        rho: f64,
    },
    /// Delete-one-PSU jackknife, unstratified: scale (R−1)/R.
    Jk1,
    /// Stratified jackknife: per-replicate `rscales` (n_h−1)/n_h must be given for supplied columns.
    Jkn,
    /// Bootstrap: scale 1/(R−1).
    Bootstrap,
    /// Successive difference (ACS): scale 4/R, centred at the full-sample estimate by default.
    SuccessiveDifference,
    /// Any other scheme: give `scale` and `rscales`.
    Other,
}

/// Options of a supplied replicate design (R's `svrepdesign` arguments).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReplicateOptions {
    /// Replicate columns already include the sampling weight (R's default, `combined.weights=TRUE`).
    /// When false each replicate column is multiplied by the sampling weight.
    pub multiply_by_weights: bool,
    /// Centre at the full-sample estimate instead of the replicate mean (`mse`). Default: false,
    /// except true for successive difference (as the Census Bureau's ACS documentation does).
    pub mse: Option<bool>,
    /// Overall scale (overrides the method's constant for JK1, bootstrap and other).
    pub scale: Option<f64>,
    /// Per-replicate scales: one value for all, or one per replicate.
    pub rscales: Option<Vec<f64>>,
}

/// One replicate of a jackknife built from the design: PSU `dropped` of stratum `stratum` gets weight
/// 0, the other PSUs of that stratum are multiplied by `inside`, PSUs of other strata by `outside`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct JackknifeReplicate {
    pub stratum: u32,
    pub dropped: u32,
    pub inside: f64,
    pub outside: f64,
}

#[derive(Debug, Clone)]
pub(crate) enum ReplicateLayout {
    /// Analysis weights for every row and replicate, row-major (`rows × count`).
    PerRow { analysis: Vec<f64> },
    /// Jackknife from the design: weights are implied by PSU membership, never materialised.
    Jackknife {
        clustering: Clustering,
        replicates: Vec<JackknifeReplicate>,
    },
}

/// Replicate weights and the constants of the variance formula `scale · Σ rscale_r (θ_r − θ̄)²`.
#[derive(Debug, Clone)]
pub(crate) struct Replicates {
    pub count: usize,
    pub layout: ReplicateLayout,
    pub scale: f64,
    pub rscales: Vec<f64>,
    pub mse: bool,
}

impl Replicates {
    pub(crate) fn psu_count(&self) -> usize {
        match &self.layout {
            ReplicateLayout::PerRow { .. } => 0,
            ReplicateLayout::Jackknife { clustering, .. } => clustering.psu_count(),
        }
    }

    /// `scale · Σ rscale_r (a_r − ā)(b_r − b̄)`, skipping replicates where either is undefined.
    pub(crate) fn covariance(&self, a: &[f64], a_full: f64, b: &[f64], b_full: f64) -> f64 {
        let usable = |r: usize| a[r].is_finite() && b[r].is_finite();
        let (ca, cb) = if self.mse {
            (a_full, b_full)
        } else {
            let mut sa = 0.0;
            let mut sb = 0.0;
            let mut k = 0usize;
            for r in 0..self.count {
                if usable(r) && self.rscales[r] > 0.0 {
                    sa += a[r];
                    sb += b[r];
                    k += 1;
                }
            }
            if k == 0 {
                return f64::NAN;
            }
            (sa / k as f64, sb / k as f64)
        };
        let mut v = 0.0;
        for r in 0..self.count {
            if usable(r) {
                v += self.rscales[r] * (a[r] - ca) * (b[r] - cb);
            }
        }
        v * self.scale
    }
}

/// How to build jackknife replicates from a design (R's `as.svrepdesign`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Jackknife {
    /// Delete one PSU at a time; the design must be unstratified.
    Jk1,
    /// Delete one PSU at a time within each stratum.
    Jkn,
}

impl SurveyDesign {
    /// A design whose variances come from supplied replicate-weight columns.
    pub fn from_replicate_weights(
        weights: Option<NumericColumn>,
        replicates: Vec<NumericColumn>,
        kind: ReplicateKind,
        options: ReplicateOptions,
    ) -> Result<SurveyDesign, SurveyError> {
        let count = replicates.len();
        if count < 2 {
            return Err(SurveyError::InvalidDesign(format!(
                "{count} replicate weight column(s); at least 2 are needed"
            )));
        }
        let n = replicates[0].values.len();
        let weights = match weights {
            Some(w) => {
                check_weights(&w)?;
                w
            }
            None => NumericColumn::new("(equal weights)", vec![1.0; n]),
        };
        for col in &replicates {
            if col.values.len() != n || weights.values.len() != n {
                return Err(SurveyError::LengthMismatch {
                    column: col.name.clone(),
                    expected: weights.values.len(),
                    found: col.values.len(),
                });
            }
            check_weights(col)?;
        }
        let r = count as f64;
        let given_rscales = match &options.rscales {
            None => None,
            Some(v) if v.len() == 1 => Some(vec![v[0]; count]),
            Some(v) if v.len() == count => Some(v.clone()),
            Some(v) => {
                return Err(SurveyError::InvalidDesign(format!(
                    "{} rscales given for {count} replicates",
                    v.len()
                )));
            }
        };
        let ones = vec![1.0; count];
        let (scale, rscales, mse_default) = match kind {
            ReplicateKind::Brr => (1.0 / r, ones, false),
            ReplicateKind::Fay { rho } => {
                if !(0.0..1.0).contains(&rho) {
                    return Err(SurveyError::InvalidDesign(format!(
                        "Fay rho {rho} must be in [0, 1)"
                    )));
                }
                (1.0 / (r * (1.0 - rho) * (1.0 - rho)), ones, false)
            }
            ReplicateKind::Jk1 => (
                options.scale.unwrap_or((r - 1.0) / r),
                given_rscales.unwrap_or(ones),
                false,
            ),
            ReplicateKind::Jkn => {
                let rs = given_rscales.ok_or_else(|| {
                    SurveyError::InvalidDesign(
                        "JKn replicate weights need rscales ((n_h−1)/n_h per replicate, 0.5 when strata have 2 PSUs)".into(),
                    )
                })?;
                (options.scale.unwrap_or(1.0), rs, false)
            }
            ReplicateKind::Bootstrap => (
                options.scale.unwrap_or(1.0 / (r - 1.0)),
                given_rscales.unwrap_or(ones),
                false,
            ),
            ReplicateKind::SuccessiveDifference => (4.0 / r, ones, true),
            ReplicateKind::Other => (
                options.scale.unwrap_or(1.0),
                given_rscales.unwrap_or(ones),
                false,
            ),
        };
        let mut analysis = vec![0.0; n * count];
        for (c, col) in replicates.iter().enumerate() {
            for (i, &v) in col.values.iter().enumerate() {
                analysis[i * count + c] = if options.multiply_by_weights {
                    v * weights.values[i]
                } else {
                    v
                };
            }
        }
        let rank = replicate_rank(&analysis, count, (0..n).map(|_| true));
        let design = SurveyDesign {
            weights: weights.values,
            method: VarianceMethod::Replicates(Replicates {
                count,
                layout: ReplicateLayout::PerRow { analysis },
                scale,
                rscales,
                mse: options.mse.unwrap_or(mse_default),
            }),
            degrees_of_freedom: rank as f64 - 1.0,
            psu_of_row: Vec::new(),
            has_strata: false,
            stage1_fpc_fraction: None,
        };
        Ok(design)
    }

    /// Jackknife replicate design built from this linearisation design, as R's
    /// `as.svrepdesign(design, type = "JK1" | "JKn")` does (first-stage fpc kept, later stages dropped).
    pub fn jackknife(
        &self,
        kind: Jackknife,
        lonely: LonelyPsu,
    ) -> Result<SurveyDesign, SurveyError> {
        let VarianceMethod::Linearisation(clustering) = &self.method else {
            return Err(SurveyError::InvalidDesign(
                "replicates can only be built from a design with strata/clusters".into(),
            ));
        };
        let psus = clustering.psu_count();
        let f = |h: usize| self.stage1_fpc_fraction.as_ref().map_or(1.0, |v| v[h]);
        let mut replicates = Vec::new();
        let mut rscales = Vec::new();
        let scale = match kind {
            Jackknife::Jk1 => {
                if self.has_strata {
                    return Err(SurveyError::InvalidDesign(
                        "JK1 needs an unstratified design; use JKn".into(),
                    ));
                }
                let m = psus as f64 / (psus as f64 - 1.0);
                for p in 0..psus {
                    replicates.push(JackknifeReplicate {
                        stratum: 0,
                        dropped: p as u32,
                        inside: m,
                        outside: 1.0,
                    });
                    rscales.push(1.0);
                }
                f(0) * (psus as f64 - 1.0) / psus as f64
            }
            Jackknife::Jkn => {
                if !self.has_strata {
                    return Err(SurveyError::InvalidDesign(
                        "JKn needs a stratified design; use JK1".into(),
                    ));
                }
                let strata = clustering.psus_of_stratum.len();
                for (h, &(a, b)) in clustering.psus_of_stratum.iter().enumerate() {
                    let nh = b - a;
                    if nh == 0 {
                        continue;
                    }
                    if nh == 1 {
                        if f(h) == 0.0 {
                            continue;
                        }
                        match lonely {
                            LonelyPsu::Fail => {
                                return Err(SurveyError::InvalidDesign(format!(
                                    "stratum number {} has only one PSU; state a lonely-PSU rule",
                                    h + 1
                                )));
                            }
                            LonelyPsu::Remove | LonelyPsu::Certainty => continue,
                            LonelyPsu::Adjust => {
                                let s = strata as f64;
                                replicates.push(JackknifeReplicate {
                                    stratum: h as u32,
                                    dropped: a,
                                    inside: 0.0,
                                    outside: s / (s - 1.0),
                                });
                                rscales.push((s - 1.0) / s);
                                continue;
                            }
                        }
                    }
                    let m = f64::from(nh) / f64::from(nh - 1);
                    for p in a..b {
                        replicates.push(JackknifeReplicate {
                            stratum: h as u32,
                            dropped: p,
                            inside: m,
                            outside: 1.0,
                        });
                        rscales.push(f(h) * f64::from(nh - 1) / f64::from(nh));
                    }
                }
                if replicates.is_empty() {
                    return Err(SurveyError::InvalidDesign(
                        "every stratum was sampled exhaustively".into(),
                    ));
                }
                1.0
            }
        };
        let count = replicates.len();
        let mut design = SurveyDesign {
            weights: self.weights.clone(),
            method: VarianceMethod::Replicates(Replicates {
                count,
                layout: ReplicateLayout::Jackknife {
                    clustering: clustering.clone(),
                    replicates,
                },
                scale,
                rscales,
                mse: false,
            }),
            degrees_of_freedom: 0.0,
            psu_of_row: self.psu_of_row.clone(),
            has_strata: self.has_strata,
            stage1_fpc_fraction: self.stage1_fpc_fraction.clone(),
        };
        let all: Vec<bool> = self.weights.iter().map(|&w| w != 0.0).collect();
        design.degrees_of_freedom = design.replicate_rank_over(&all) as f64 - 1.0;
        Ok(design)
    }

    /// Rank of the analysis weights over the rows marked in `rows` (R's `degf` for replicate designs:
    /// `qr(weights, tol = 1e-5)$rank − 1` on the subset).
    pub(crate) fn replicate_rank_over(&self, rows: &[bool]) -> usize {
        let VarianceMethod::Replicates(rep) = &self.method else {
            return 0;
        };
        match &rep.layout {
            ReplicateLayout::PerRow { analysis } => {
                replicate_rank(analysis, rep.count, rows.iter().copied())
            }
            ReplicateLayout::Jackknife {
                clustering,
                replicates,
            } => {
                // Rows of one PSU are multiples of that PSU's factor row: rank over distinct PSUs.
                let mut present = vec![false; clustering.psu_count()];
                for (i, &keep) in rows.iter().enumerate() {
                    if keep && self.weights[i] != 0.0 {
                        present[self.psu_of_row[i] as usize] = true;
                    }
                }
                let mut factors = Vec::new();
                for (p, &here) in present.iter().enumerate() {
                    if !here {
                        continue;
                    }
                    let h = clustering.stratum_of_psu[p];
                    for rep in replicates {
                        factors.push(if rep.stratum != h {
                            rep.outside
                        } else if rep.dropped == p as u32 {
                            0.0
                        } else {
                            rep.inside
                        });
                    }
                }
                replicate_rank(
                    &factors,
                    replicates.len(),
                    std::iter::repeat_n(true, factors.len() / replicates.len().max(1)),
                )
            }
        }
    }
}

/// Numerical rank of the rows selected from a row-major `rows × cols` matrix, with R's `qr` tolerance
/// 1e-5 relative to each column's norm. Proportional rows are counted once (they cannot add rank),
/// which keeps this cheap when many respondents share a PSU's replicate pattern.
pub(crate) fn replicate_rank(
    matrix: &[f64],
    cols: usize,
    selected: impl Iterator<Item = bool>,
) -> usize {
    if cols == 0 {
        return 0;
    }
    let mut seen: HashSet<u64> = HashSet::new();
    let mut gram = vec![0.0; cols * cols];
    for (i, keep) in selected.enumerate() {
        if !keep {
            continue;
        }
        let row = &matrix[i * cols..(i + 1) * cols];
        let max = row.iter().fold(0.0f64, |m, &v| m.max(v.abs()));
        if max == 0.0 {
            continue;
        }
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for &v in row {
            ((v / max) * 1e9).round().to_bits().hash(&mut hasher);
        }
        if !seen.insert(hasher.finish()) {
            continue;
        }
        for a in 0..cols {
            let ra = row[a] / max;
            if ra == 0.0 {
                continue;
            }
            for b in a..cols {
                gram[a * cols + b] += ra * row[b] / max;
            }
        }
    }
    for a in 0..cols {
        for b in 0..a {
            gram[a * cols + b] = gram[b * cols + a];
        }
    }
    // Cholesky in column order; a column whose residual norm falls below tol × its norm is dependent.
    let tol2 = 1e-5f64 * 1e-5;
    let mut l = vec![0.0; cols * cols];
    let mut accepted: Vec<usize> = Vec::new();
    for j in 0..cols {
        let original = gram[j * cols + j];
        if original <= 0.0 {
            continue;
        }
        let mut residual = original;
        for &k in &accepted {
            residual -= l[j * cols + k] * l[j * cols + k];
        }
        if residual <= tol2 * original {
            continue;
        }
        let d = residual.sqrt();
        l[j * cols + j] = d;
        for i in j + 1..cols {
            let mut s = gram[i * cols + j];
            for &k in &accepted {
                s -= l[i * cols + k] * l[j * cols + k];
            }
            l[i * cols + j] = s / d;
        }
        accepted.push(j);
    }
    accepted.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_of_identity_and_duplicates() {
        let m = vec![1.0, 0.0, 0.0, 1.0, 2.0, 0.0];
        assert_eq!(replicate_rank(&m, 2, [true, true, true].into_iter()), 2);
        assert_eq!(replicate_rank(&m, 2, [true, false, true].into_iter()), 1);
    }
}
