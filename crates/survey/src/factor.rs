//! Categorical columns as integer codes. Grouping by a `u32` code instead of a string keeps every
//! estimation pass free of hashing and allocation.

use std::collections::HashMap;

/// Code used for a missing category (empty cell, `NA`).
pub const MISSING_CODE: u32 = u32::MAX;

/// A categorical column: one code per row and the label of each code.
#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    name: String,
    codes: Vec<u32>,
    levels: Vec<String>,
}

impl Factor {
    /// Builds a factor from labels; `None` is a missing value. Levels are sorted as R sorts a
    /// grouping variable: numerically when every label is a number, otherwise as text.
    pub fn from_labels<S: AsRef<str>>(name: &str, labels: &[Option<S>]) -> Factor {
        let mut interner = LevelInterner::default();
        let codes = labels
            .iter()
            .map(|l| match l {
                Some(s) => interner.code(s.as_ref().as_bytes()),
                None => MISSING_CODE,
            })
            .collect();
        interner.into_factor(name, codes)
    }

    /// Builds a factor from codes already assigned (0..levels.len(), or [`MISSING_CODE`]).
    pub fn from_codes(name: &str, codes: Vec<u32>, levels: Vec<String>) -> Factor {
        Factor {
            name: name.to_string(),
            codes,
            levels,
        }
    }

    /// Column name (used in error messages and output).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// One code per row.
    pub fn codes(&self) -> &[u32] {
        &self.codes
    }

    /// Labels, indexed by code.
    pub fn levels(&self) -> &[String] {
        &self.levels
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True when the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Code of a label, if it occurs.
    pub fn code_of(&self, label: &str) -> Option<u32> {
        self.levels
            .iter()
            .position(|l| l == label)
            .map(|p| p as u32)
    }

    /// The 0/1 indicator `column == label` as numbers, NaN where the column is missing.
    /// This turns "proportion of a category" into the mean of an indicator.
    pub fn indicator(&self, label: &str) -> Option<Vec<f64>> {
        let code = self.code_of(label)?;
        Some(
            self.codes
                .iter()
                .map(|&c| {
                    if c == MISSING_CODE {
                        f64::NAN
                    } else if c == code {
                        1.0
                    } else {
                        0.0
                    }
                })
                .collect(),
        )
    }

    /// Reads the labels as numbers (for a categorical column that is really numeric). Missing → NaN.
    pub fn as_numbers(&self) -> Option<Vec<f64>> {
        let values: Option<Vec<f64>> = self
            .levels
            .iter()
            .map(|l| l.trim().parse::<f64>().ok())
            .collect();
        let values = values?;
        Some(
            self.codes
                .iter()
                .map(|&c| {
                    if c == MISSING_CODE {
                        f64::NAN
                    } else {
                        values[c as usize]
                    }
                })
                .collect(),
        )
    }
}

/// Assigns codes to labels as they stream past, then sorts the levels once at the end.
#[derive(Debug, Default)]
pub struct LevelInterner {
    map: HashMap<Box<[u8]>, u32>,
    labels: Vec<String>,
}

impl LevelInterner {
    /// Code of this label, adding it when first seen. Allocates only for a new level.
    pub fn code(&mut self, label: &[u8]) -> u32 {
        if let Some(&c) = self.map.get(label) {
            return c;
        }
        let c = self.labels.len() as u32;
        self.map.insert(label.into(), c);
        self.labels
            .push(String::from_utf8_lossy(label).into_owned());
        c
    }

    /// Finishes: sorts levels (numeric order if all numeric, else text) and recodes the rows.
    pub fn into_factor(self, name: &str, mut codes: Vec<u32>) -> Factor {
        let labels = self.labels;
        let mut order: Vec<usize> = (0..labels.len()).collect();
        let numeric: Option<Vec<f64>> = labels
            .iter()
            .map(|l| l.trim().parse::<f64>().ok())
            .collect();
        match numeric {
            Some(values) => order.sort_by(|&a, &b| values[a].total_cmp(&values[b])),
            None => order.sort_by(|&a, &b| labels[a].cmp(&labels[b])),
        }
        let mut new_code = vec![0u32; labels.len()];
        for (new, &old) in order.iter().enumerate() {
            new_code[old] = new as u32;
        }
        for c in codes.iter_mut() {
            if *c != MISSING_CODE {
                *c = new_code[*c as usize];
            }
        }
        let levels = order.iter().map(|&i| labels[i].clone()).collect();
        Factor {
            name: name.to_string(),
            codes,
            levels,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_levels_sort_as_numbers() {
        let f = Factor::from_labels("d", &[Some("10"), Some("9"), None, Some("10")]);
        assert_eq!(f.levels(), &["9".to_string(), "10".to_string()]);
        assert_eq!(f.codes(), &[1, 0, MISSING_CODE, 1]);
    }

    #[test]
    fn indicator_keeps_missing() {
        let f = Factor::from_labels("s", &[Some("Yes"), Some("No"), None]);
        let y = f.indicator("Yes").unwrap_or_default();
        assert_eq!(y[0], 1.0);
        assert_eq!(y[1], 0.0);
        assert!(y[2].is_nan());
        assert!(f.indicator("Maybe").is_none());
    }
}
