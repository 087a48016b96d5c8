//! The survey design: weights, strata, one- or two-stage clusters, finite population corrections,
//! or replicate weights. Built once, then reused by every estimate.
//!
//! Rows are grouped by stratum, PSU and SSU once, at build time (a permutation, skipped when the file
//! is already sorted), so each estimate is a single streaming pass with no per-row allocation.

use std::collections::HashMap;

use crate::error::{SurveyError, row_number};
use crate::factor::{Factor, MISSING_CODE};
use crate::replicate::Replicates;

/// What to do with a stratum that has a single primary sampling unit (R's `survey.lonely.psu`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LonelyPsu {
    /// Refuse to estimate (R's default, `"fail"`).
    #[default]
    Fail,
    /// Centre the lonely PSU at the grand mean instead of the stratum mean (conservative).
    Adjust,
    /// Treat the lonely PSU as sampled with certainty: it contributes no variance.
    Certainty,
    /// Drop the stratum from the variance.
    Remove,
}

/// A numeric column with its name (the name is used in error messages).
#[derive(Debug, Clone, PartialEq)]
pub struct NumericColumn {
    /// Column name in the source file.
    pub name: String,
    /// One value per row; NaN is a missing value.
    pub values: Vec<f64>,
}

impl NumericColumn {
    /// Names a vector of values.
    pub fn new(name: &str, values: Vec<f64>) -> NumericColumn {
        NumericColumn {
            name: name.to_string(),
            values,
        }
    }
}

/// How one stratum (or one PSU at the second stage) enters the variance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum UnitPlan {
    /// Contributes nothing (census stratum, or a lonely PSU under `certainty`/`remove`).
    Zero,
    /// `scale · Σ (t_i − t̄)²`, the usual between-PSU term.
    Centred { scale: f64, units: u32 },
    /// `scale · t²`: a lonely PSU under `adjust`, centred at the grand mean (zero).
    Uncentred { scale: f64 },
}

/// Stratified multistage structure used by Taylor linearisation (and by replicates built from it).
#[derive(Debug, Clone)]
pub(crate) struct Clustering {
    /// Row indices sorted by stratum, PSU, SSU; `None` when the rows already come in that order.
    pub order: Option<Vec<u32>>,
    /// `psu_bounds[p]..psu_bounds[p+1]` are PSU `p`'s positions in the sorted order.
    pub psu_bounds: Vec<u32>,
    /// Stratum of each PSU (PSUs of one stratum are consecutive).
    pub stratum_of_psu: Vec<u32>,
    /// First and one-past-last PSU of each stratum.
    pub psus_of_stratum: Vec<(u32, u32)>,
    /// Variance plan for each stratum.
    pub stratum_plan: Vec<UnitPlan>,
    /// Second stage, when FPCs are given for both stages.
    pub second: Option<SecondStage>,
}

/// Second-stage structure: SSUs within PSUs.
#[derive(Debug, Clone)]
pub(crate) struct SecondStage {
    /// `ssu_bounds[s]..ssu_bounds[s+1]` are SSU `s`'s positions in the sorted order.
    pub ssu_bounds: Vec<u32>,
    /// First and one-past-last SSU of each PSU.
    pub ssus_of_psu: Vec<(u32, u32)>,
    /// Plan of each PSU's within-PSU term, already multiplied by the first-stage sampling fraction.
    pub psu_plan: Vec<UnitPlan>,
}

impl Clustering {
    pub(crate) fn psu_count(&self) -> usize {
        self.stratum_of_psu.len()
    }

    /// Row index at sorted position `k`.
    #[inline]
    pub(crate) fn row_at(&self, k: usize) -> usize {
        match &self.order {
            Some(o) => o[k] as usize,
            None => k,
        }
    }
}

/// How variances are computed.
#[derive(Debug, Clone)]
pub(crate) enum VarianceMethod {
    Linearisation(Clustering),
    Replicates(Replicates),
}

/// A declared survey design, ready for estimation.
#[derive(Debug, Clone)]
pub struct SurveyDesign {
    pub(crate) weights: Vec<f64>,
    pub(crate) method: VarianceMethod,
    /// `#PSU − #strata` (linearisation) or rank of the replicate weights − 1.
    pub(crate) degrees_of_freedom: f64,
    /// Original-row stratum code and PSU index, kept for replicate construction and domain df.
    pub(crate) psu_of_row: Vec<u32>,
    pub(crate) has_strata: bool,
    pub(crate) stage1_fpc_fraction: Option<Vec<f64>>,
}

/// Collects the design columns, then checks and builds a [`SurveyDesign`].
#[derive(Debug, Clone, Default)]
pub struct DesignBuilder {
    weights: Option<NumericColumn>,
    strata: Option<Factor>,
    clusters: Vec<Factor>,
    fpc: Vec<NumericColumn>,
    lonely: LonelyPsu,
}

impl DesignBuilder {
    /// An empty declaration: equal weights, no strata, each row its own PSU.
    pub fn new() -> DesignBuilder {
        DesignBuilder::default()
    }

    /// Sampling weights (inverse inclusion probabilities, possibly adjusted).
    pub fn weights(mut self, weights: NumericColumn) -> Self {
        self.weights = Some(weights);
        self
    }

    /// Strata of the first stage.
    pub fn strata(mut self, strata: Factor) -> Self {
        self.strata = Some(strata);
        self
    }

    /// Cluster identifiers: one column per stage (PSU, then SSU). PSU labels are taken as nested
    /// within strata (R's `nest=TRUE`), SSU labels as nested within PSUs.
    pub fn clusters(mut self, stages: Vec<Factor>) -> Self {
        self.clusters = stages;
        self
    }

    /// Finite population corrections, one column per stage: population counts (all ≥ 1) or
    /// sampling fractions (all ≤ 1), decided as R's `as.fpc` does. Without them sampling is taken
    /// as with replacement at the first stage.
    pub fn fpc(mut self, stages: Vec<NumericColumn>) -> Self {
        self.fpc = stages;
        self
    }

    /// Rule for strata with a single PSU.
    pub fn lonely_psu(mut self, rule: LonelyPsu) -> Self {
        self.lonely = rule;
        self
    }

    /// Checks the columns and builds the design for Taylor linearisation.
    pub fn build(self) -> Result<SurveyDesign, SurveyError> {
        let n = self.row_count()?;
        if n == 0 {
            return Err(SurveyError::InvalidDesign("no rows".into()));
        }
        if self.clusters.len() > 2 {
            return Err(SurveyError::InvalidDesign(
                "at most two stages of clusters are supported".into(),
            ));
        }
        if self.fpc.len() > self.clusters.len().max(1) {
            return Err(SurveyError::InvalidDesign(format!(
                "{} fpc columns given for {} stage(s)",
                self.fpc.len(),
                self.clusters.len().max(1)
            )));
        }
        self.check_lengths(n)?;

        let strata_codes: Vec<u32> = match &self.strata {
            Some(f) => {
                if let Some(i) = f.codes().iter().position(|&c| c == MISSING_CODE) {
                    return Err(SurveyError::MissingDesignValue {
                        row: row_number(i),
                        column: f.name().into(),
                    });
                }
                f.codes().to_vec()
            }
            None => vec![0; n],
        };
        let stratum_count = self.strata.as_ref().map_or(1, |f| f.levels().len()).max(1);

        // PSU and SSU ids by first appearance; PSUs nested in strata, SSUs nested in PSUs.
        let psu_first = match self.clusters.first() {
            Some(f) => nest_ids(f, &strata_codes)?,
            None => (0..n as u32).collect(),
        };
        let ssu_first = match self.clusters.get(1) {
            Some(f) => Some(nest_ids(f, &psu_first)?),
            None => None,
        };
        if self.strata.is_none()
            && psu_first.iter().all(|&p| p == 0)
            && n > 0
            && self.clusters.len() == 1
        {
            return Err(SurveyError::InvalidDesign(
                "the design has only one primary sampling unit".into(),
            ));
        }

        // Sort rows by (stratum, psu, ssu) and renumber PSUs/SSUs in that order.
        let key = |i: usize| -> (u32, u32, u32) {
            (
                strata_codes[i],
                psu_first[i],
                ssu_first.as_ref().map_or(0, |s| s[i]),
            )
        };
        let sorted = (1..n).all(|i| key(i - 1) <= key(i));
        let order: Option<Vec<u32>> = if sorted {
            None
        } else {
            let mut o: Vec<u32> = (0..n as u32).collect();
            o.sort_by_key(|&i| key(i as usize));
            Some(o)
        };
        let at = |k: usize| -> usize { order.as_ref().map_or(k, |o| o[k] as usize) };

        let mut psu_of_row = vec![0u32; n];
        let mut psu_bounds = vec![0u32];
        let mut stratum_of_psu: Vec<u32> = Vec::new();
        let mut ssu_starts: Vec<u32> = Vec::new();
        let mut first_row_of_psu: Vec<usize> = Vec::new();
        for k in 0..n {
            let i = at(k);
            let new_psu = k == 0 || {
                let j = at(k - 1);
                strata_codes[j] != strata_codes[i] || psu_first[j] != psu_first[i]
            };
            if new_psu {
                if k > 0 {
                    psu_bounds.push(k as u32);
                }
                stratum_of_psu.push(strata_codes[i]);
                first_row_of_psu.push(i);
            }
            if let Some(s) = &ssu_first
                && (new_psu || s[at(k - 1)] != s[i])
            {
                ssu_starts.push(k as u32);
            }
            psu_of_row[i] = (stratum_of_psu.len() - 1) as u32;
        }
        psu_bounds.push(n as u32);
        let mut ssu_bounds = ssu_starts;
        ssu_bounds.push(n as u32);
        let mut ssus_of_psu: Vec<(u32, u32)> = Vec::with_capacity(psu_bounds.len());
        if ssu_first.is_some() {
            let mut s = 0usize;
            for p in 0..psu_bounds.len() - 1 {
                let start = s;
                while s + 1 < ssu_bounds.len() && ssu_bounds[s] < psu_bounds[p + 1] {
                    s += 1;
                }
                ssus_of_psu.push((start as u32, s as u32));
            }
        }
        let psu_count = stratum_of_psu.len();

        let mut psus_of_stratum = vec![(0u32, 0u32); stratum_count];
        for (p, &h) in stratum_of_psu.iter().enumerate() {
            let r = &mut psus_of_stratum[h as usize];
            if r.1 == 0 {
                r.0 = p as u32;
            }
            r.1 = p as u32 + 1;
        }
        let psu_in_stratum: Vec<u32> = psus_of_stratum.iter().map(|&(a, b)| b - a).collect();

        // First-stage population sizes N_h (Inf when the fpc is a zero fraction).
        let stage1_population: Option<Vec<f64>> = match self.fpc.first() {
            Some(col) => Some(per_group_population(
                col,
                stratum_count,
                &psu_in_stratum,
                |i| strata_codes[i] as usize,
                "stratum",
            )?),
            None => None,
        };
        let stratum_name = |h: usize| -> String {
            self.strata
                .as_ref()
                .map_or_else(|| "(all)".to_string(), |f| f.levels()[h].clone())
        };
        let stratum_column = self
            .strata
            .as_ref()
            .map_or_else(|| "(none)".to_string(), |f| f.name().to_string());

        let mut stratum_plan = Vec::with_capacity(stratum_count);
        for h in 0..stratum_count {
            let nh = psu_in_stratum[h];
            let f = stage1_population
                .as_ref()
                .map_or(1.0, |pop| fraction_not_sampled(pop[h], nh));
            let first_row = first_row_of_psu
                .get(psus_of_stratum[h].0 as usize)
                .copied()
                .unwrap_or(0);
            let plan = plan_for(nh, f, self.lonely).map_err(|()| SurveyError::LonelyPsu {
                column: stratum_column.clone(),
                stratum: stratum_name(h),
                row: row_number(first_row),
                stage: 1,
            })?;
            stratum_plan.push(plan);
        }

        // Second stage, only with an fpc for both stages (R's multistage recursion).
        let second = match (&ssu_first, self.fpc.get(1), &stage1_population) {
            (Some(_), Some(col2), Some(pop1)) => {
                let ssu_count_of_psu: Vec<u32> = ssus_of_psu.iter().map(|&(a, b)| b - a).collect();
                let pop2 = per_group_population(
                    col2,
                    psu_count,
                    &ssu_count_of_psu,
                    |i| psu_of_row[i] as usize,
                    "PSU",
                )?;
                let mut psu_plan = Vec::with_capacity(psu_count);
                for p in 0..psu_count {
                    let h = stratum_of_psu[p] as usize;
                    let sampled_fraction = f64::from(psu_in_stratum[h]) / pop1[h];
                    let m = ssu_count_of_psu[p];
                    let f2 = fraction_not_sampled(pop2[p], m);
                    let plan =
                        plan_for(m, f2, self.lonely).map_err(|()| SurveyError::LonelyPsu {
                            column: self.clusters[1].name().to_string(),
                            stratum: format!(
                                "PSU {}",
                                self.clusters[0].levels()
                                    [self.clusters[0].codes()[first_row_of_psu[p]] as usize]
                            ),
                            row: row_number(first_row_of_psu[p]),
                            stage: 2,
                        })?;
                    psu_plan.push(match plan {
                        UnitPlan::Zero => UnitPlan::Zero,
                        UnitPlan::Centred { scale, units } => UnitPlan::Centred {
                            scale: scale * sampled_fraction,
                            units,
                        },
                        UnitPlan::Uncentred { scale } => UnitPlan::Uncentred {
                            scale: scale * sampled_fraction,
                        },
                    });
                }
                Some(SecondStage {
                    ssu_bounds: ssu_bounds.clone(),
                    ssus_of_psu: ssus_of_psu.clone(),
                    psu_plan,
                })
            }
            _ => None,
        };

        // Weights: given, or implied by the fpc (R: product of N/n over stages), or 1.
        let weights = match &self.weights {
            Some(w) => {
                check_weights(w)?;
                w.values.clone()
            }
            None => match &stage1_population {
                Some(pop1) => {
                    let ssu_pop = match (&ssu_first, self.fpc.get(1)) {
                        (Some(_), Some(col2)) => {
                            let counts: Vec<u32> =
                                ssus_of_psu.iter().map(|&(a, b)| b - a).collect();
                            Some((
                                per_group_population(
                                    col2,
                                    psu_count,
                                    &counts,
                                    |i| psu_of_row[i] as usize,
                                    "PSU",
                                )?,
                                counts,
                            ))
                        }
                        _ => None,
                    };
                    (0..n)
                        .map(|i| {
                            let h = strata_codes[i] as usize;
                            let mut w = pop1[h] / f64::from(psu_in_stratum[h]);
                            if let Some((pop2, counts)) = &ssu_pop {
                                let p = psu_of_row[i] as usize;
                                w *= pop2[p] / f64::from(counts[p]);
                            }
                            w
                        })
                        .collect()
                }
                None => vec![1.0; n],
            },
        };

        let degrees_of_freedom = linearisation_df(&weights, &psu_of_row, &stratum_of_psu);
        let stage1_fpc_fraction = stage1_population.as_ref().map(|pop| {
            (0..stratum_count)
                .map(|h| fraction_not_sampled(pop[h], psu_in_stratum[h]))
                .collect()
        });
        Ok(SurveyDesign {
            weights,
            method: VarianceMethod::Linearisation(Clustering {
                order,
                psu_bounds,
                stratum_of_psu,
                psus_of_stratum,
                stratum_plan,
                second,
            }),
            degrees_of_freedom,
            psu_of_row,
            has_strata: self.strata.is_some(),
            stage1_fpc_fraction,
        })
    }

    fn row_count(&self) -> Result<usize, SurveyError> {
        if let Some(w) = &self.weights {
            return Ok(w.values.len());
        }
        if let Some(s) = &self.strata {
            return Ok(s.len());
        }
        if let Some(c) = self.clusters.first() {
            return Ok(c.len());
        }
        if let Some(f) = self.fpc.first() {
            return Ok(f.values.len());
        }
        Err(SurveyError::InvalidDesign(
            "no weights, strata, clusters or fpc given".into(),
        ))
    }

    fn check_lengths(&self, n: usize) -> Result<(), SurveyError> {
        let mismatch = |column: &str, found: usize| SurveyError::LengthMismatch {
            column: column.into(),
            expected: n,
            found,
        };
        if let Some(s) = &self.strata
            && s.len() != n
        {
            return Err(mismatch(s.name(), s.len()));
        }
        for c in &self.clusters {
            if c.len() != n {
                return Err(mismatch(c.name(), c.len()));
            }
        }
        for f in &self.fpc {
            if f.values.len() != n {
                return Err(mismatch(&f.name, f.values.len()));
            }
        }
        Ok(())
    }
}

/// Weights must be present and not negative.
pub(crate) fn check_weights(w: &NumericColumn) -> Result<(), SurveyError> {
    for (i, &v) in w.values.iter().enumerate() {
        if v.is_nan() {
            return Err(SurveyError::MissingDesignValue {
                row: row_number(i),
                column: w.name.clone(),
            });
        }
        if v < 0.0 {
            return Err(SurveyError::NegativeWeight {
                row: row_number(i),
                column: w.name.clone(),
                value: v,
            });
        }
        if !v.is_finite() {
            return Err(SurveyError::NotANumber {
                row: row_number(i),
                column: w.name.clone(),
                value: v.to_string(),
            });
        }
    }
    Ok(())
}

/// Ids of `ids` nested within `parent`, numbered by first appearance.
fn nest_ids(ids: &Factor, parent: &[u32]) -> Result<Vec<u32>, SurveyError> {
    let mut map: HashMap<(u32, u32), u32> = HashMap::new();
    let mut out = Vec::with_capacity(ids.len());
    for (i, (&c, &p)) in ids.codes().iter().zip(parent).enumerate() {
        if c == MISSING_CODE {
            return Err(SurveyError::MissingDesignValue {
                row: row_number(i),
                column: ids.name().into(),
            });
        }
        let next = map.len() as u32;
        out.push(*map.entry((p, c)).or_insert(next));
    }
    Ok(out)
}

/// `1 − n/N`, or 1 when `N` is infinite (with-replacement).
fn fraction_not_sampled(population: f64, sampled: u32) -> f64 {
    if population.is_infinite() {
        1.0
    } else {
        (population - f64::from(sampled)) / population
    }
}

/// Variance plan for a group of `units` PSUs with finite-population factor `f`.
fn plan_for(units: u32, f: f64, lonely: LonelyPsu) -> Result<UnitPlan, ()> {
    if f < 1e-7 {
        return Ok(UnitPlan::Zero);
    }
    if units > 1 {
        return Ok(UnitPlan::Centred {
            scale: f * f64::from(units) / f64::from(units - 1),
            units,
        });
    }
    match lonely {
        LonelyPsu::Fail => Err(()),
        LonelyPsu::Adjust => Ok(UnitPlan::Uncentred { scale: f }),
        LonelyPsu::Certainty | LonelyPsu::Remove => Ok(UnitPlan::Zero),
    }
}

/// Population size per group (stratum or PSU) from an fpc column, as R's `as.fpc`:
/// all values ≥ 1 (and some > 1) are counts; all ≤ 1 are sampling fractions (`N = n / f`).
fn per_group_population(
    col: &NumericColumn,
    groups: usize,
    sampled: &[u32],
    group_of_row: impl Fn(usize) -> usize,
    group_word: &str,
) -> Result<Vec<f64>, SurveyError> {
    let mut any_above_one = false;
    let mut all_at_least_one = true;
    for (i, &v) in col.values.iter().enumerate() {
        if v.is_nan() {
            return Err(SurveyError::MissingDesignValue {
                row: row_number(i),
                column: col.name.clone(),
            });
        }
        if v < 0.0 {
            return Err(SurveyError::InvalidFpc {
                row: row_number(i),
                column: col.name.clone(),
                message: format!("fpc {v} is negative"),
            });
        }
        any_above_one |= v > 1.0;
        all_at_least_one &= v >= 1.0;
    }
    if any_above_one != all_at_least_one {
        let i = col.values.iter().position(|&v| v < 1.0).unwrap_or(0);
        return Err(SurveyError::InvalidFpc {
            row: row_number(i),
            column: col.name.clone(),
            message: "fpc must be all population counts (≥ 1) or all sampling fractions (≤ 1)"
                .into(),
        });
    }
    let counts = any_above_one;
    let mut value: Vec<Option<f64>> = vec![None; groups];
    for (i, &v) in col.values.iter().enumerate() {
        let g = group_of_row(i);
        match value[g] {
            None => value[g] = Some(v),
            Some(prev) if prev != v => {
                return Err(SurveyError::InvalidFpc {
                    row: row_number(i),
                    column: col.name.clone(),
                    message: format!(
                        "fpc {v} differs from {prev} earlier in the same {group_word}; it must be constant within a {group_word}"
                    ),
                });
            }
            Some(_) => {}
        }
    }
    let mut out = Vec::with_capacity(groups);
    for g in 0..groups {
        let v = value[g].unwrap_or(f64::INFINITY);
        let pop = if counts {
            v
        } else if v == 0.0 {
            f64::INFINITY
        } else {
            f64::from(sampled[g]) / v
        };
        if pop < f64::from(sampled[g]) {
            let i = (0..col.values.len())
                .find(|&i| group_of_row(i) == g)
                .unwrap_or(0);
            return Err(SurveyError::InvalidFpc {
                row: row_number(i),
                column: col.name.clone(),
                message: format!(
                    "population size {pop} is smaller than the {} units sampled in this {group_word}",
                    sampled[g]
                ),
            });
        }
        out.push(pop);
    }
    Ok(out)
}

/// R's `degf`: PSUs with a non-zero weight minus strata with a non-zero weight.
fn linearisation_df(weights: &[f64], psu_of_row: &[u32], stratum_of_psu: &[u32]) -> f64 {
    let mut psu_seen = vec![false; stratum_of_psu.len()];
    let mut strata_seen: Vec<bool> = vec![
        false;
        stratum_of_psu
            .iter()
            .map(|&h| h as usize + 1)
            .max()
            .unwrap_or(1)
    ];
    for (i, &w) in weights.iter().enumerate() {
        if w != 0.0 {
            let p = psu_of_row[i] as usize;
            psu_seen[p] = true;
            strata_seen[stratum_of_psu[p] as usize] = true;
        }
    }
    let psus = psu_seen.iter().filter(|&&s| s).count();
    let strata = strata_seen.iter().filter(|&&s| s).count();
    psus as f64 - strata as f64
}

impl SurveyDesign {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.weights.len()
    }

    /// The analysis weights.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// Design degrees of freedom: `#PSU − #strata` (R's `degf`), or replicate rank − 1.
    pub fn degrees_of_freedom(&self) -> f64 {
        self.degrees_of_freedom
    }

    /// True when variances come from replicate weights.
    pub fn uses_replicates(&self) -> bool {
        matches!(self.method, VarianceMethod::Replicates(_))
    }

    /// Number of primary sampling units (linearisation designs; 0 for supplied replicate weights).
    pub fn psu_count(&self) -> usize {
        match &self.method {
            VarianceMethod::Linearisation(c) => c.psu_count(),
            VarianceMethod::Replicates(r) => r.psu_count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(v: &[&str]) -> Vec<Option<String>> {
        v.iter().map(|s| Some(s.to_string())).collect()
    }

    #[test]
    fn fpc_mixing_counts_and_fractions_is_refused() {
        let err = DesignBuilder::new()
            .strata(Factor::from_labels("s", &labels(&["a", "a", "b", "b"])))
            .fpc(vec![NumericColumn::new("f", vec![10.0, 10.0, 0.5, 0.5])])
            .build()
            .err();
        assert!(
            matches!(err, Some(SurveyError::InvalidFpc { row: 4, .. })),
            "{err:?}"
        );
    }

    #[test]
    fn fpc_must_be_constant_within_a_stratum() {
        let err = DesignBuilder::new()
            .strata(Factor::from_labels("s", &labels(&["a", "a", "b", "b"])))
            .fpc(vec![NumericColumn::new("f", vec![10.0, 11.0, 20.0, 20.0])])
            .build()
            .err();
        assert!(
            matches!(err, Some(SurveyError::InvalidFpc { row: 3, ref column, .. }) if column == "f"),
            "{err:?}"
        );
    }

    #[test]
    fn weights_default_to_population_over_sample() {
        let d = DesignBuilder::new()
            .strata(Factor::from_labels("s", &labels(&["a", "a", "b", "b"])))
            .fpc(vec![NumericColumn::new("f", vec![10.0, 10.0, 20.0, 20.0])])
            .build()
            .map(|d| d.weights().to_vec());
        assert_eq!(d, Ok(vec![5.0, 5.0, 10.0, 10.0]));
    }

    #[test]
    fn negative_and_missing_weights_name_the_row() {
        let err = DesignBuilder::new()
            .weights(NumericColumn::new("w", vec![1.0, -2.0]))
            .build()
            .err();
        assert_eq!(
            err,
            Some(SurveyError::NegativeWeight {
                row: 3,
                column: "w".into(),
                value: -2.0
            })
        );
        let err = DesignBuilder::new()
            .weights(NumericColumn::new("w", vec![f64::NAN, 1.0]))
            .build()
            .err();
        assert_eq!(
            err,
            Some(SurveyError::MissingDesignValue {
                row: 2,
                column: "w".into()
            })
        );
    }
}
