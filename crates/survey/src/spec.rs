//! A survey design stated as column names, the way a person declares it once
//! (on the command line, or in the digital-divide module's form) and the way
//! it is stored: [`DesignSpec::request`] says which columns to read and
//! [`DesignSpec::build`] turns the columns read into a [`SurveyDesign`].

use crate::{
    ColumnRequest, DesignBuilder, Jackknife, LonelyPsu, Microdata, NumericColumn, ReplicateKind,
    ReplicateOptions, SurveyDesign, SurveyError,
};
use serde::{Deserialize, Serialize};

/// Replicate weights supplied as columns of the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplicateColumns {
    /// The replicate-weight columns, in order (they already include the sampling weight).
    pub columns: Vec<String>,
    pub kind: ReplicateKind,
    /// Per-replicate scale, needed for JKn: (n_h − 1) / n_h.
    #[serde(default)]
    pub rscale: Option<f64>,
    /// Centre at the full-sample estimate instead of the replicate mean.
    #[serde(default)]
    pub mse: bool,
}

/// Jackknife replicates built from the design's strata and clusters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BuiltReplicates {
    Jk1,
    Jkn,
}

/// A design by column names. With `replicate_columns` the replicates carry
/// the design and strata, clusters and fpc must be empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DesignSpec {
    #[serde(default)]
    pub weight: Option<String>,
    #[serde(default)]
    pub strata: Option<String>,
    /// One column per stage: PSU, then SSU.
    #[serde(default)]
    pub clusters: Vec<String>,
    /// One column per stage: population counts (all ≥ 1) or sampling fractions (all ≤ 1).
    #[serde(default)]
    pub fpc: Vec<String>,
    #[serde(default)]
    pub lonely_psu: LonelyPsu,
    #[serde(default)]
    pub built_replicates: Option<BuiltReplicates>,
    #[serde(default)]
    pub replicate_columns: Option<ReplicateColumns>,
}

impl DesignSpec {
    /// Adds the design's columns to `request`.
    pub fn request(&self, request: &mut ColumnRequest) {
        request.weights.extend(self.weight.iter().cloned());
        if let Some(r) = &self.replicate_columns {
            request.weights.extend(r.columns.iter().cloned());
        }
        request.categorical.extend(self.strata.iter().cloned());
        request.categorical.extend(self.clusters.iter().cloned());
        request.numeric.extend(self.fpc.iter().cloned());
    }

    /// The design over the columns read. Replicate-weight columns are moved
    /// out of `data` (they can be many and large).
    pub fn build(&self, data: &mut Microdata) -> Result<SurveyDesign, SurveyError> {
        let invalid = |message: &str| SurveyError::InvalidDesign(message.to_string());
        if self.clusters.len() > 2 || self.fpc.len() > 2 {
            return Err(invalid("at most two stages of clusters and of fpc"));
        }
        let missing =
            |column: &str| SurveyError::InvalidDesign(format!("column '{column}' was not read"));
        let weight = match &self.weight {
            Some(w) => Some(NumericColumn::new(
                w,
                data.numeric(w)
                    .map(<[f64]>::to_vec)
                    .ok_or_else(|| missing(w))?,
            )),
            None => None,
        };
        if let Some(replicates) = &self.replicate_columns {
            if self.strata.is_some() || !self.clusters.is_empty() || !self.fpc.is_empty() {
                return Err(invalid(
                    "replicate weights carry the design: do not combine them with strata, clusters or fpc",
                ));
            }
            if replicates.kind == ReplicateKind::Jkn && replicates.rscale.is_none() {
                return Err(invalid(
                    "JKn replicate weights need rscale ((n_h-1)/n_h; 0.5 when every stratum has two PSUs)",
                ));
            }
            let columns = replicates
                .columns
                .iter()
                .map(|c| data.take_numeric(c).ok_or_else(|| missing(c)))
                .collect::<Result<Vec<_>, _>>()?;
            let options = ReplicateOptions {
                multiply_by_weights: false,
                mse: replicates.mse.then_some(true),
                scale: None,
                rscales: replicates.rscale.map(|r| vec![r]),
            };
            return SurveyDesign::from_replicate_weights(weight, columns, replicates.kind, options);
        }
        let mut builder = DesignBuilder::new().lonely_psu(self.lonely_psu);
        if let Some(w) = weight {
            builder = builder.weights(w);
        }
        if let Some(s) = &self.strata {
            builder = builder.strata(data.factor(s).cloned().ok_or_else(|| missing(s))?);
        }
        if !self.clusters.is_empty() {
            let stages = self
                .clusters
                .iter()
                .map(|c| data.factor(c).cloned().ok_or_else(|| missing(c)))
                .collect::<Result<Vec<_>, _>>()?;
            builder = builder.clusters(stages);
        }
        if !self.fpc.is_empty() {
            let stages = self
                .fpc
                .iter()
                .map(|c| {
                    data.numeric(c)
                        .map(|v| NumericColumn::new(c, v.to_vec()))
                        .ok_or_else(|| missing(c))
                })
                .collect::<Result<Vec<_>, _>>()?;
            builder = builder.fpc(stages);
        }
        let design = builder.build()?;
        match self.built_replicates {
            None => Ok(design),
            Some(BuiltReplicates::Jk1) => design.jackknife(Jackknife::Jk1, self.lonely_psu),
            Some(BuiltReplicates::Jkn) => design.jackknife(Jackknife::Jkn, self.lonely_psu),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CsvMicrodata, Statistic};

    const CSV: &str = "w,st,psu,y,r1,r2\n1,a,1,1,2,0\n2,a,2,0,0,4\n1,b,3,1,2,0\n3,b,4,1,0,6\n";

    fn data(spec: &DesignSpec, extra: &[&str]) -> Microdata {
        let mut request = ColumnRequest::default();
        spec.request(&mut request);
        request.numeric.extend(extra.iter().map(|s| s.to_string()));
        CsvMicrodata::new(CSV.as_bytes())
            .expect("header")
            .read(&request)
            .expect("read")
    }

    #[test]
    fn a_stratified_cluster_design_from_names() {
        let spec = DesignSpec {
            weight: Some("w".into()),
            strata: Some("st".into()),
            clusters: vec!["psu".into()],
            ..Default::default()
        };
        let mut columns = data(&spec, &["y"]);
        let design = spec.build(&mut columns).expect("design");
        assert_eq!(design.degrees_of_freedom(), 2.0);
        let y = columns.numeric("y").expect("y").to_vec();
        let table = design
            .estimate(Statistic::Mean, &y, None, None)
            .expect("mean");
        assert!((table.estimates[0].estimate - 5.0 / 7.0).abs() < 1e-12);
    }

    #[test]
    fn replicate_columns_refuse_strata_and_jkn_needs_rscale() {
        let replicates = ReplicateColumns {
            columns: vec!["r1".into(), "r2".into()],
            kind: ReplicateKind::Jkn,
            rscale: None,
            mse: false,
        };
        let spec = DesignSpec {
            weight: Some("w".into()),
            replicate_columns: Some(replicates.clone()),
            ..Default::default()
        };
        let error = spec.build(&mut data(&spec, &[])).expect_err("no rscale");
        assert!(error.to_string().contains("rscale"), "{error}");
        let spec = DesignSpec {
            strata: Some("st".into()),
            replicate_columns: Some(ReplicateColumns {
                kind: ReplicateKind::Brr,
                ..replicates
            }),
            ..spec
        };
        let error = spec.build(&mut data(&spec, &[])).expect_err("strata too");
        assert!(error.to_string().contains("carry the design"), "{error}");
        let round_trip: DesignSpec =
            serde_json::from_str(&serde_json::to_string(&spec).expect("json")).expect("back");
        assert_eq!(round_trip, spec, "stored as JSON");
    }
}
