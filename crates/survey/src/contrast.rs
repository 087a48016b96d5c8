//! Contrasts between two domains of one table — gender parity, gaps — with delta-method standard
//! errors from the joint influence functions (or replicates), as R's `svyby(..., covmat = TRUE)`
//! followed by `svycontrast` does.

use crate::design::SurveyDesign;
use crate::error::SurveyError;
use crate::estimate::EstimateTable;

/// Which comparison of a focal domain `f` (e.g. women) with a reference domain `r` (e.g. men).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContrastKind {
    /// `r − f`: the gap in the estimate's units (percentage points for proportions).
    Difference,
    /// `f / r`: the ITU gender parity score when f = female and r = male.
    Ratio,
    /// `(r − f) / r`: the relative gap (ITU, EIU).
    RelativeGap,
}

/// A contrast with its standard error.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Contrast {
    /// Which contrast.
    pub kind: ContrastKind,
    /// Focal domain label.
    pub focal: String,
    /// Reference domain label.
    pub reference: String,
    /// Value of the contrast.
    pub estimate: f64,
    /// Delta-method standard error.
    pub se: f64,
}

impl EstimateTable {
    /// Contrast between two domains of this table, which must have been estimated on `design`.
    pub fn contrast(
        &self,
        design: &SurveyDesign,
        focal: &str,
        reference: &str,
        kind: ContrastKind,
    ) -> Result<Contrast, SurveyError> {
        let find = |label: &str| {
            self.estimates
                .iter()
                .position(|e| e.domain.as_deref() == Some(label))
                .ok_or_else(|| {
                    SurveyError::InvalidRequest(format!("domain '{label}' is not in the table"))
                })
        };
        let (i, j) = (find(focal)?, find(reference)?);
        let f = self.estimates[i].estimate;
        let r = self.estimates[j].estimate;
        let vff = design.covariance(&self.influence[i], &self.influence[i]);
        let vrr = design.covariance(&self.influence[j], &self.influence[j]);
        let vfr = design.covariance(&self.influence[i], &self.influence[j]);
        // Gradient (g_f, g_r) of the contrast; variance g' V g.
        let (estimate, gf, gr) = match kind {
            ContrastKind::Difference => (r - f, -1.0, 1.0),
            ContrastKind::Ratio => (f / r, 1.0 / r, -f / (r * r)),
            ContrastKind::RelativeGap => ((r - f) / r, -1.0 / r, f / (r * r)),
        };
        let variance = gf * gf * vff + gr * gr * vrr + 2.0 * gf * gr * vfr;
        Ok(Contrast {
            kind,
            focal: focal.to_string(),
            reference: reference.to_string(),
            estimate,
            se: variance.max(0.0).sqrt(),
        })
    }
}
