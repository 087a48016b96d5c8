//! Point estimates, their design-based variances and design effects, for the whole population or for
//! each domain of a breakdown. A domain keeps the full design (R's `svyby`/`subset`): rows outside the
//! domain contribute zero to every PSU total, so no PSU or stratum is lost.
//!
//! One streaming pass per estimate accumulates, for every domain, the weighted sums of each PSU (or
//! SSU) it touches; everything else works on those sums.

use crate::design::{Clustering, SurveyDesign, UnitPlan, VarianceMethod};
use crate::error::SurveyError;
use crate::factor::{Factor, MISSING_CODE};
use crate::replicate::{ReplicateLayout, Replicates};

/// What is estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Statistic {
    /// Weighted mean `Σwy / Σw`; a proportion is the mean of a 0/1 indicator.
    Mean,
    /// Weighted total `Σwy`.
    Total,
    /// Ratio of totals `Σwy / Σwx`.
    Ratio,
}

/// One estimate: for the whole population (`domain` is `None`) or for one domain.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DomainEstimate {
    /// Domain label, `None` for the whole population.
    pub domain: Option<String>,
    /// Point estimate.
    pub estimate: f64,
    /// Standard error.
    pub se: f64,
    /// Variance (`se²`).
    pub variance: f64,
    /// Degrees of freedom of the domain, as R's `degf` on the subset design.
    pub df: f64,
    /// Rows used (in the domain, with the variable present).
    pub n: usize,
    /// Rows in the domain whose variable is missing (left out of the estimate).
    pub missing: usize,
    /// Rows in the domain, missing or not (R's `nrow` of the subset design).
    pub rows: usize,
    /// Estimated population of the domain among rows used (`Σw`).
    pub population: f64,
    /// Design effect against simple random sampling without replacement (R's `deff = TRUE`);
    /// `None` when undefined (weights summing to less than `n`, or fewer than 2 rows).
    pub deff: Option<f64>,
    /// Coefficient of variation `se / estimate`.
    pub cv: f64,
}

/// Estimates for every domain of a breakdown, with what is needed for contrasts between them.
#[derive(Debug, Clone)]
pub struct EstimateTable {
    /// The statistic estimated.
    pub statistic: Statistic,
    /// One row per domain present (sorted by level), or a single row for the whole population.
    pub estimates: Vec<DomainEstimate>,
    pub(crate) influence: Vec<Influence>,
}

/// Linearised influence summed by PSU (and SSU), or replicate estimates: enough for covariances.
#[derive(Debug, Clone)]
pub(crate) enum Influence {
    Taylor {
        psu: Vec<(u32, f64)>,
        ssu: Vec<(u32, f64)>,
    },
    Replicates {
        thetas: Vec<f64>,
        full: f64,
    },
}

/// Sums for one domain gathered in the pass.
#[derive(Debug, Clone, Default)]
struct DomainSums {
    rows: usize,
    used: usize,
    used_nonzero: usize,
    missing: usize,
    sw: f64,
    swy: f64,
    swx: f64,
    swyy: f64,
    swxy: f64,
    swxx: f64,
    df_psus: u32,
    df_strata: u32,
    last_psu: u32,
    last_stratum: u32,
}

impl DomainSums {
    fn new() -> DomainSums {
        DomainSums {
            last_psu: u32::MAX,
            last_stratum: u32::MAX,
            ..DomainSums::default()
        }
    }
}

/// Per-unit weighted sums of one domain: (unit, Σwy, Σwx).
type UnitSums = Vec<(u32, f64, f64)>;

impl SurveyDesign {
    /// Estimates `statistic` of `y` (NaN = missing), over `domains` if given.
    ///
    /// `x` is the denominator of a ratio (required for [`Statistic::Ratio`], ignored otherwise).
    /// Rows where `y` (or `x`) is missing are left out of the estimate but stay in the design; their
    /// count is reported in [`DomainEstimate::missing`].
    pub fn estimate(
        &self,
        statistic: Statistic,
        y: &[f64],
        x: Option<&[f64]>,
        domains: Option<&Factor>,
    ) -> Result<EstimateTable, SurveyError> {
        let n = self.rows();
        if y.len() != n {
            return Err(SurveyError::LengthMismatch {
                column: "(variable)".into(),
                expected: n,
                found: y.len(),
            });
        }
        let x = match statistic {
            Statistic::Ratio => {
                let x = x.ok_or_else(|| {
                    SurveyError::InvalidRequest("a ratio needs a denominator".into())
                })?;
                if x.len() != n {
                    return Err(SurveyError::LengthMismatch {
                        column: "(denominator)".into(),
                        expected: n,
                        found: x.len(),
                    });
                }
                Some(x)
            }
            _ => None,
        };
        if let Some(d) = domains
            && d.len() != n
        {
            return Err(SurveyError::LengthMismatch {
                column: d.name().into(),
                expected: n,
                found: d.len(),
            });
        }
        let domain_count = domains.map_or(1, |d| d.levels().len());
        let codes = domains.map(|d| d.codes());

        let mut table = match &self.method {
            VarianceMethod::Linearisation(c) => {
                let (sums, psu_units, ssu_units) =
                    self.clustered_pass(c, y, x, codes, domain_count);
                let mut estimates = Vec::new();
                let mut influence = Vec::new();
                for d in 0..domain_count {
                    if sums[d].used_nonzero == 0 && sums[d].rows == 0 {
                        continue;
                    }
                    if !self.domain_has_weight(&sums[d]) {
                        continue;
                    }
                    let theta = point(statistic, &sums[d]);
                    let to_t = |units: &UnitSums| -> Vec<(u32, f64)> {
                        units
                            .iter()
                            .map(|&(u, num, den)| {
                                (u, linearised(statistic, theta, &sums[d], num, den))
                            })
                            .collect()
                    };
                    let psu = to_t(&psu_units[d]);
                    let ssu = to_t(&ssu_units[d]);
                    let variance = taylor_covariance(c, &psu, &psu, &ssu, &ssu);
                    let df = f64::from(sums[d].df_psus) - f64::from(sums[d].df_strata);
                    estimates.push(finish(
                        statistic, domains, d, theta, variance, df, &sums[d], true,
                    ));
                    influence.push(Influence::Taylor { psu, ssu });
                }
                EstimateTable {
                    statistic,
                    estimates,
                    influence,
                }
            }
            VarianceMethod::Replicates(rep) => {
                self.replicate_estimates(rep, statistic, y, x, domains, domain_count)?
            }
        };
        if domains.is_none()
            && let Some(e) = table.estimates.first_mut()
        {
            e.df = self.degrees_of_freedom;
        }
        Ok(table)
    }

    fn domain_has_weight(&self, s: &DomainSums) -> bool {
        s.df_psus > 0 || s.used_nonzero > 0
    }

    /// The streaming pass over rows in (stratum, PSU, SSU) order.
    fn clustered_pass(
        &self,
        c: &Clustering,
        y: &[f64],
        x: Option<&[f64]>,
        codes: Option<&[u32]>,
        domain_count: usize,
    ) -> (Vec<DomainSums>, Vec<UnitSums>, Vec<UnitSums>) {
        let mut sums = vec![DomainSums::new(); domain_count];
        let mut psu_units: Vec<UnitSums> = vec![Vec::new(); domain_count];
        let mut ssu_units: Vec<UnitSums> = vec![Vec::new(); domain_count];
        let mut cur_num = vec![0.0; domain_count];
        let mut cur_den = vec![0.0; domain_count];
        let mut stamp = vec![u32::MAX; domain_count];
        let mut touched: Vec<u32> = Vec::with_capacity(domain_count);
        let w = &self.weights;
        let units: &[u32] = match &c.second {
            Some(s) => &s.ssu_bounds,
            None => &c.psu_bounds,
        };
        let mut psu = 0usize;
        for unit in 0..units.len() - 1 {
            let (start, end) = (units[unit] as usize, units[unit + 1] as usize);
            while c.psu_bounds[psu + 1] as usize <= start {
                psu += 1;
            }
            let stratum = c.stratum_of_psu[psu];
            touched.clear();
            for k in start..end {
                let i = c.row_at(k);
                let d = match codes {
                    Some(cd) => {
                        let d = cd[i];
                        if d == MISSING_CODE {
                            continue;
                        }
                        d as usize
                    }
                    None => 0,
                };
                let s = &mut sums[d];
                s.rows += 1;
                let wi = w[i];
                if wi != 0.0 && s.last_psu != psu as u32 {
                    s.last_psu = psu as u32;
                    s.df_psus += 1;
                    if s.last_stratum != stratum {
                        s.last_stratum = stratum;
                        s.df_strata += 1;
                    }
                }
                let yi = y[i];
                let xi = match x {
                    Some(x) => x[i],
                    None => 1.0,
                };
                if yi.is_nan() || xi.is_nan() {
                    s.missing += 1;
                    continue;
                }
                s.used += 1;
                if wi != 0.0 {
                    s.used_nonzero += 1;
                }
                let wy = wi * yi;
                let wx = wi * xi;
                s.sw += wi;
                s.swy += wy;
                s.swx += wx;
                s.swyy += wy * yi;
                s.swxy += wy * xi;
                s.swxx += wx * xi;
                if stamp[d] != unit as u32 {
                    stamp[d] = unit as u32;
                    touched.push(d as u32);
                    cur_num[d] = 0.0;
                    cur_den[d] = 0.0;
                }
                cur_num[d] += wy;
                cur_den[d] += wx;
            }
            for &d in &touched {
                let d = d as usize;
                if c.second.is_some() {
                    ssu_units[d].push((unit as u32, cur_num[d], cur_den[d]));
                    match psu_units[d].last_mut() {
                        Some(last) if last.0 == psu as u32 => {
                            last.1 += cur_num[d];
                            last.2 += cur_den[d];
                        }
                        _ => psu_units[d].push((psu as u32, cur_num[d], cur_den[d])),
                    }
                } else {
                    psu_units[d].push((unit as u32, cur_num[d], cur_den[d]));
                }
            }
        }
        (sums, psu_units, ssu_units)
    }

    fn replicate_estimates(
        &self,
        rep: &Replicates,
        statistic: Statistic,
        y: &[f64],
        x: Option<&[f64]>,
        domains: Option<&Factor>,
        domain_count: usize,
    ) -> Result<EstimateTable, SurveyError> {
        let codes = domains.map(|d| d.codes());
        let r = rep.count;
        // thetas[d * r + k]: numerator and denominator sums of replicate k in domain d.
        let (sums, num, den) = match &rep.layout {
            ReplicateLayout::PerRow { analysis } => {
                let mut sums = vec![DomainSums::new(); domain_count];
                let mut num = vec![0.0; domain_count * r];
                let mut den = vec![0.0; domain_count * r];
                for i in 0..self.rows() {
                    let d = match codes {
                        Some(cd) if cd[i] == MISSING_CODE => continue,
                        Some(cd) => cd[i] as usize,
                        None => 0,
                    };
                    let s = &mut sums[d];
                    s.rows += 1;
                    let wi = self.weights[i];
                    if wi != 0.0 {
                        s.df_psus = 1;
                    }
                    let yi = y[i];
                    let xi = x.map_or(1.0, |x| x[i]);
                    if yi.is_nan() || xi.is_nan() {
                        s.missing += 1;
                        continue;
                    }
                    s.used += 1;
                    if wi != 0.0 {
                        s.used_nonzero += 1;
                    }
                    accumulate(s, wi, yi, xi);
                    let row = &analysis[i * r..(i + 1) * r];
                    let nd = &mut num[d * r..(d + 1) * r];
                    for (acc, &a) in nd.iter_mut().zip(row) {
                        *acc += a * yi;
                    }
                    let dd = &mut den[d * r..(d + 1) * r];
                    for (acc, &a) in dd.iter_mut().zip(row) {
                        *acc += a * xi;
                    }
                }
                (sums, num, den)
            }
            ReplicateLayout::Jackknife {
                clustering,
                replicates,
            } => {
                let (sums, psu_units, _) =
                    self.clustered_pass(clustering, y, x, codes, domain_count);
                let strata = clustering.psus_of_stratum.len();
                let mut num = vec![0.0; domain_count * r];
                let mut den = vec![0.0; domain_count * r];
                for d in 0..domain_count {
                    let units = &psu_units[d];
                    let mut by_stratum = vec![(0.0, 0.0); strata];
                    for &(p, a, b) in units {
                        let h = clustering.stratum_of_psu[p as usize] as usize;
                        by_stratum[h].0 += a;
                        by_stratum[h].1 += b;
                    }
                    let (tn, td) = (sums[d].swy, sums[d].swx);
                    for (k, jr) in replicates.iter().enumerate() {
                        let (sn, sd) = by_stratum[jr.stratum as usize];
                        let (dn, dd) = match units.binary_search_by_key(&jr.dropped, |u| u.0) {
                            Ok(pos) => (units[pos].1, units[pos].2),
                            Err(_) => (0.0, 0.0),
                        };
                        num[d * r + k] = jr.outside * (tn - sn) + jr.inside * (sn - dn);
                        den[d * r + k] = jr.outside * (td - sd) + jr.inside * (sd - dd);
                    }
                }
                (sums, num, den)
            }
        };
        let mut estimates = Vec::new();
        let mut influence = Vec::new();
        for d in 0..domain_count {
            if sums[d].df_psus == 0 && sums[d].used_nonzero == 0 {
                continue;
            }
            let theta = point(statistic, &sums[d]);
            let thetas: Vec<f64> = (0..r)
                .map(|k| match statistic {
                    Statistic::Total => num[d * r + k],
                    _ => num[d * r + k] / den[d * r + k],
                })
                .collect();
            let variance = rep.covariance(&thetas, theta, &thetas, theta);
            let df = match codes {
                None => self.degrees_of_freedom,
                Some(cd) => {
                    let rows: Vec<bool> = cd.iter().map(|&c| c as usize == d).collect();
                    self.replicate_rank_over(&rows) as f64 - 1.0
                }
            };
            estimates.push(finish(
                statistic, domains, d, theta, variance, df, &sums[d], false,
            ));
            influence.push(Influence::Replicates {
                thetas,
                full: theta,
            });
        }
        Ok(EstimateTable {
            statistic,
            estimates,
            influence,
        })
    }

    /// Covariance of two estimates of one table (the joint influence functions, or the replicates).
    pub(crate) fn covariance(&self, a: &Influence, b: &Influence) -> f64 {
        match (&self.method, a, b) {
            (
                VarianceMethod::Linearisation(c),
                Influence::Taylor { psu: pa, ssu: sa },
                Influence::Taylor { psu: pb, ssu: sb },
            ) => taylor_covariance(c, pa, pb, sa, sb),
            (
                VarianceMethod::Replicates(rep),
                Influence::Replicates {
                    thetas: ta,
                    full: fa,
                },
                Influence::Replicates {
                    thetas: tb,
                    full: fb,
                },
            ) => rep.covariance(ta, *fa, tb, *fb),
            _ => f64::NAN,
        }
    }
}

fn accumulate(s: &mut DomainSums, wi: f64, yi: f64, xi: f64) {
    let wy = wi * yi;
    let wx = wi * xi;
    s.sw += wi;
    s.swy += wy;
    s.swx += wx;
    s.swyy += wy * yi;
    s.swxy += wy * xi;
    s.swxx += wx * xi;
}

fn point(statistic: Statistic, s: &DomainSums) -> f64 {
    match statistic {
        Statistic::Total => s.swy,
        Statistic::Mean | Statistic::Ratio => s.swy / s.swx,
    }
}

/// A unit's total of the linearised variable (influence) given its sums `Σwy`, `Σwx`.
fn linearised(statistic: Statistic, theta: f64, s: &DomainSums, num: f64, den: f64) -> f64 {
    match statistic {
        Statistic::Total => num,
        Statistic::Mean | Statistic::Ratio => (num - theta * den) / s.swx,
    }
}

/// Design effect as R's `deff = TRUE`: design variance over the variance under simple random sampling
/// without replacement of `n` from `N̂ = Σw`, using the weighted element variance with `n/(n−1)`.
fn design_effect(
    statistic: Statistic,
    theta: f64,
    variance: f64,
    s: &DomainSums,
    linearisation: bool,
) -> Option<f64> {
    let n = if linearisation {
        s.used_nonzero
    } else {
        s.used
    } as f64;
    let big_n = s.sw;
    if n < 2.0 || big_n < n {
        return None;
    }
    let srs_factor = (big_n - n) / (big_n * n);
    let correction = n / (n - 1.0);
    let vsrs = match statistic {
        Statistic::Mean => {
            let mean = s.swy / s.sw;
            let ss = (s.swyy - mean * s.swy) / s.sw * correction;
            ss * srs_factor
        }
        Statistic::Total => {
            let mean = s.swy / s.sw;
            let ss = (s.swyy - mean * s.swy) / s.sw * correction;
            ss * big_n * big_n * srs_factor
        }
        Statistic::Ratio => {
            let r = theta;
            let sq = (s.swyy - 2.0 * r * s.swxy + r * r * s.swxx) / (s.swx * s.swx);
            let ss = sq / s.sw * correction;
            ss * big_n * big_n * srs_factor
        }
    };
    if vsrs > 0.0 {
        Some(variance / vsrs)
    } else {
        None
    }
}

#[allow(clippy::too_many_arguments)]
fn finish(
    statistic: Statistic,
    domains: Option<&Factor>,
    d: usize,
    theta: f64,
    variance: f64,
    df: f64,
    s: &DomainSums,
    linearisation: bool,
) -> DomainEstimate {
    let se = variance.max(0.0).sqrt();
    DomainEstimate {
        domain: domains.map(|f| f.levels()[d].clone()),
        estimate: theta,
        se,
        variance,
        df,
        n: s.used,
        missing: s.missing,
        rows: s.rows,
        population: s.sw,
        deff: design_effect(statistic, theta, variance, s, linearisation),
        cv: se / theta,
    }
}

/// `Σ_groups plan(Σ (a−ā)(b−b̄))` over PSUs grouped by stratum, plus the second stage.
fn taylor_covariance(
    c: &Clustering,
    pa: &[(u32, f64)],
    pb: &[(u32, f64)],
    sa: &[(u32, f64)],
    sb: &[(u32, f64)],
) -> f64 {
    let mut v = grouped(
        &merge(pa, pb),
        |p| c.stratum_of_psu[p as usize],
        |h| c.stratum_plan[h as usize],
    );
    if let Some(second) = &c.second {
        let psu_of_ssu = |s: u32| -> u32 {
            match second.ssus_of_psu.binary_search_by(|&(a, b)| {
                if s < a {
                    std::cmp::Ordering::Greater
                } else if s >= b {
                    std::cmp::Ordering::Less
                } else {
                    std::cmp::Ordering::Equal
                }
            }) {
                Ok(p) => p as u32,
                Err(p) => p as u32,
            }
        };
        v += grouped(&merge(sa, sb), psu_of_ssu, |p| second.psu_plan[p as usize]);
    }
    v
}

/// Joins two unit-sorted sparse vectors into (unit, a, b), zeros where a side is absent.
fn merge(a: &[(u32, f64)], b: &[(u32, f64)]) -> Vec<(u32, f64, f64)> {
    if std::ptr::eq(a, b) {
        return a.iter().map(|&(u, v)| (u, v, v)).collect();
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let ua = a.get(i).map_or(u32::MAX, |e| e.0);
        let ub = b.get(j).map_or(u32::MAX, |e| e.0);
        if ua == ub {
            out.push((ua, a[i].1, b[j].1));
            i += 1;
            j += 1;
        } else if ua < ub {
            out.push((ua, a[i].1, 0.0));
            i += 1;
        } else {
            out.push((ub, 0.0, b[j].1));
            j += 1;
        }
    }
    out
}

/// Sum over groups of consecutive units of the group's plan applied to the cross-products.
fn grouped(
    entries: &[(u32, f64, f64)],
    group_of: impl Fn(u32) -> u32,
    plan_of: impl Fn(u32) -> UnitPlan,
) -> f64 {
    let mut v = 0.0;
    let mut i = 0;
    while i < entries.len() {
        let g = group_of(entries[i].0);
        let mut j = i;
        while j < entries.len() && group_of(entries[j].0) == g {
            j += 1;
        }
        let part = &entries[i..j];
        match plan_of(g) {
            UnitPlan::Zero => {}
            UnitPlan::Uncentred { scale } => {
                v += scale * part.iter().map(|e| e.1 * e.2).sum::<f64>()
            }
            UnitPlan::Centred { scale, units } => {
                let units_f = f64::from(units);
                let ma = part.iter().map(|e| e.1).sum::<f64>() / units_f;
                let mb = part.iter().map(|e| e.2).sum::<f64>() / units_f;
                let mut s: f64 = part.iter().map(|e| (e.1 - ma) * (e.2 - mb)).sum();
                s += (units_f - part.len() as f64) * ma * mb;
                v += scale * s;
            }
        }
        i = j;
    }
    v
}
