//! Confidence intervals, following R's `survey::svyciprop` and `confint(..., df = degf(design))`.

use crate::error::SurveyError;
use crate::estimate::DomainEstimate;
use crate::quantile::{beta_quantile, t_quantile};

/// Interval method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IntervalMethod {
    /// `θ̂ ± t_df · SE` (R's `confint(..., df = degf)`, `svyciprop(method = "mean")`).
    Wald,
    /// Symmetric on the logit scale, `expit(logit p̂ ± t_df · SE / (p̂(1−p̂)))` (`svyciprop` "logit").
    Logit,
    /// Korn–Graubard: Clopper–Pearson with a df-adjusted effective sample size (`svyciprop` "beta").
    Beta,
    /// Wilson score interval on the effective sample size `p̂(1−p̂)/SE²` with `t_df`. Not in R
    /// `survey` 4.1 (the Debian version); the formula is the one of survey 4.5's `"wilson"` method.
    Wilson,
}

/// A two-sided interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ConfidenceInterval {
    /// Lower end.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

/// Interval for an estimate at confidence `level` (e.g. 0.95). `Logit`, `Beta` and `Wilson` are for
/// proportions only: the estimate must lie in [0, 1]. At p̂ = 0 or 1 the logit interval collapses to
/// the point and Korn–Graubard and Wilson use the observed `n` as effective size (NCHS convention).
pub fn confidence_interval(
    e: &DomainEstimate,
    method: IntervalMethod,
    level: f64,
) -> Result<ConfidenceInterval, SurveyError> {
    if !(level > 0.0 && level < 1.0) {
        return Err(SurveyError::InvalidRequest(format!(
            "confidence level {level} must be between 0 and 1"
        )));
    }
    let alpha = 1.0 - level;
    let p = e.estimate;
    if method != IntervalMethod::Wald && !(0.0..=1.0).contains(&p) {
        return Err(SurveyError::InvalidRequest(format!(
            "the {method:?} interval is for proportions; estimate {p} is outside [0, 1]"
        )));
    }
    let t = t_quantile(1.0 - alpha / 2.0, e.df);
    let boundary = p == 0.0 || p == 1.0;
    let interval = match method {
        IntervalMethod::Wald => ConfidenceInterval {
            low: p - t * e.se,
            high: p + t * e.se,
        },
        IntervalMethod::Logit => {
            if boundary {
                ConfidenceInterval { low: p, high: p }
            } else {
                let centre = (p / (1.0 - p)).ln();
                let half = t * e.se / (p * (1.0 - p));
                ConfidenceInterval {
                    low: expit(centre - half),
                    high: expit(centre + half),
                }
            }
        }
        IntervalMethod::Beta => {
            let mut n_eff = if boundary {
                e.n as f64
            } else {
                p * (1.0 - p) / e.variance
            };
            if !boundary {
                let ratio =
                    t_quantile(alpha / 2.0, e.rows as f64 - 1.0) / t_quantile(alpha / 2.0, e.df);
                n_eff *= ratio * ratio;
            }
            ConfidenceInterval {
                low: beta_quantile(alpha / 2.0, n_eff * p, n_eff * (1.0 - p) + 1.0),
                high: beta_quantile(1.0 - alpha / 2.0, n_eff * p + 1.0, n_eff * (1.0 - p)),
            }
        }
        IntervalMethod::Wilson => {
            let n_eff = if boundary {
                e.n as f64
            } else {
                p * (1.0 - p) / e.variance
            };
            let t2 = t * t;
            let den = 1.0 + t2 / n_eff;
            let centre = p + t2 / (2.0 * n_eff);
            let half = t / (2.0 * n_eff) * (4.0 * n_eff * p * (1.0 - p) + t2).sqrt();
            ConfidenceInterval {
                low: (centre - half) / den,
                high: (centre + half) / den,
            }
        }
    };
    Ok(interval)
}

fn expit(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

impl crate::estimate::EstimateTable {
    /// Interval for row `index` of this table, estimated on `design`. Same as
    /// [`confidence_interval`], except that with replicate weights the logit interval takes its
    /// standard error from the replicates of `logit(p̂_r)` — what R's `svyciprop(method = "logit")`
    /// does through `svyglm` on a replicate design.
    pub fn interval(
        &self,
        design: &crate::design::SurveyDesign,
        index: usize,
        method: IntervalMethod,
        level: f64,
    ) -> Result<ConfidenceInterval, SurveyError> {
        let e = self
            .estimates
            .get(index)
            .ok_or_else(|| SurveyError::InvalidRequest(format!("no row {index} in the table")))?;
        let p = e.estimate;
        if method == IntervalMethod::Logit
            && p > 0.0
            && p < 1.0
            && level > 0.0
            && level < 1.0
            && let crate::estimate::Influence::Replicates { thetas, .. } = &self.influence[index]
        {
            let logit = |q: f64| (q / (1.0 - q)).ln();
            let transformed = crate::estimate::Influence::Replicates {
                thetas: thetas.iter().map(|&q| logit(q)).collect(),
                full: logit(p),
            };
            let se = design
                .covariance(&transformed, &transformed)
                .max(0.0)
                .sqrt();
            let t = t_quantile(1.0 - (1.0 - level) / 2.0, e.df);
            return Ok(ConfidenceInterval {
                low: expit(logit(p) - t * se),
                high: expit(logit(p) + t * se),
            });
        }
        confidence_interval(e, method, level)
    }
}
