//! Streaming CSV reader for survey microdata: reads only the requested columns, one record buffer
//! reused for every row, with errors that name the row and column.

use std::collections::HashMap;
use std::io::Read;

use crate::design::NumericColumn;
use crate::error::SurveyError;
use crate::factor::{Factor, LevelInterner, MISSING_CODE};

/// Which columns to read and how.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnRequest {
    /// Numeric variables; empty, `NA`, `NaN` and `.` are missing values.
    pub numeric: Vec<String>,
    /// Categorical variables (strata, clusters, breakdowns, categories).
    pub categorical: Vec<String>,
    /// Weight columns (sampling or replicate): numeric, present on every row, not negative.
    pub weights: Vec<String>,
}

/// Columns read from a file.
#[derive(Debug, Clone, Default)]
pub struct Microdata {
    /// Number of data rows (header excluded).
    pub rows: usize,
    numeric: HashMap<String, Vec<f64>>,
    factors: HashMap<String, Factor>,
}

impl Microdata {
    /// A numeric or weight column.
    pub fn numeric(&self, name: &str) -> Option<&[f64]> {
        self.numeric.get(name).map(Vec::as_slice)
    }

    /// Takes a numeric or weight column out, with its name.
    pub fn take_numeric(&mut self, name: &str) -> Option<NumericColumn> {
        self.numeric.remove(name).map(|values| NumericColumn {
            name: name.to_string(),
            values,
        })
    }

    /// A categorical column.
    pub fn factor(&self, name: &str) -> Option<&Factor> {
        self.factors.get(name)
    }

    /// Takes a categorical column out.
    pub fn take_factor(&mut self, name: &str) -> Option<Factor> {
        self.factors.remove(name)
    }
}

/// A CSV source whose header has been read.
pub struct CsvMicrodata<R: Read> {
    reader: csv::Reader<R>,
    header: Vec<String>,
}

enum Target {
    Numeric(usize),
    Weight(usize),
    Categorical(usize),
}

fn is_missing(field: &[u8]) -> bool {
    matches!(field, b"" | b"NA" | b"NaN" | b"." | b"na" | b"N/A")
}

fn trim(field: &[u8]) -> &[u8] {
    let start = field
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(field.len());
    let end = field
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &field[start..end]
}

impl<R: Read> CsvMicrodata<R> {
    /// Reads the header line.
    pub fn new(input: R) -> Result<CsvMicrodata<R>, SurveyError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(input);
        let header = reader
            .byte_headers()
            .map_err(|e| SurveyError::MalformedCsv {
                row: 1,
                message: e.to_string(),
            })?
            .iter()
            .map(|h| String::from_utf8_lossy(trim(h)).into_owned())
            .collect();
        Ok(CsvMicrodata { reader, header })
    }

    /// Column names, in file order.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// Streams the rows, keeping only the requested columns.
    pub fn read(mut self, request: &ColumnRequest) -> Result<Microdata, SurveyError> {
        let index_of = |name: &str| -> Result<usize, SurveyError> {
            self.header
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| SurveyError::MissingColumn {
                    column: name.to_string(),
                    available: self.header.join(", "),
                })
        };
        // (column index, target slot, name)
        let mut plan: Vec<(usize, Target, String)> = Vec::new();
        let mut numeric_names = Vec::new();
        let mut factor_names = Vec::new();
        for name in &request.weights {
            if numeric_names.contains(name) {
                continue;
            }
            plan.push((
                index_of(name)?,
                Target::Weight(numeric_names.len()),
                name.clone(),
            ));
            numeric_names.push(name.clone());
        }
        for name in &request.numeric {
            if numeric_names.contains(name) {
                continue;
            }
            plan.push((
                index_of(name)?,
                Target::Numeric(numeric_names.len()),
                name.clone(),
            ));
            numeric_names.push(name.clone());
        }
        for name in &request.categorical {
            if factor_names.contains(name) {
                continue;
            }
            plan.push((
                index_of(name)?,
                Target::Categorical(factor_names.len()),
                name.clone(),
            ));
            factor_names.push(name.clone());
        }
        let mut numeric: Vec<Vec<f64>> = vec![Vec::new(); numeric_names.len()];
        let mut codes: Vec<Vec<u32>> = vec![Vec::new(); factor_names.len()];
        let mut interners: Vec<LevelInterner> = (0..factor_names.len())
            .map(|_| LevelInterner::default())
            .collect();
        let mut record = csv::ByteRecord::new();
        let mut rows = 0usize;
        loop {
            let row = rows as u64 + 2;
            match self.reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    return Err(SurveyError::MalformedCsv {
                        row,
                        message: e.to_string(),
                    });
                }
            }
            for (idx, target, name) in &plan {
                let field = trim(record.get(*idx).unwrap_or(b""));
                match target {
                    Target::Categorical(slot) => {
                        let code = if is_missing(field) {
                            MISSING_CODE
                        } else {
                            interners[*slot].code(field)
                        };
                        codes[*slot].push(code);
                    }
                    Target::Numeric(slot) => {
                        let value = if is_missing(field) {
                            f64::NAN
                        } else {
                            parse_number(field, row, name)?
                        };
                        numeric[*slot].push(value);
                    }
                    Target::Weight(slot) => {
                        if is_missing(field) {
                            return Err(SurveyError::MissingDesignValue {
                                row,
                                column: name.clone(),
                            });
                        }
                        let value = parse_number(field, row, name)?;
                        if !value.is_finite() {
                            return Err(SurveyError::NotANumber {
                                row,
                                column: name.clone(),
                                value: String::from_utf8_lossy(field).into_owned(),
                            });
                        }
                        if value < 0.0 {
                            return Err(SurveyError::NegativeWeight {
                                row,
                                column: name.clone(),
                                value,
                            });
                        }
                        numeric[*slot].push(value);
                    }
                }
            }
            rows += 1;
        }
        let numeric = numeric_names.into_iter().zip(numeric).collect();
        let factors = factor_names
            .iter()
            .zip(codes)
            .zip(interners)
            .map(|((name, codes), interner)| (name.clone(), interner.into_factor(name, codes)))
            .collect();
        Ok(Microdata {
            rows,
            numeric,
            factors,
        })
    }
}

fn parse_number(field: &[u8], row: u64, column: &str) -> Result<f64, SurveyError> {
    std::str::from_utf8(field)
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .ok_or_else(|| SurveyError::NotANumber {
            row,
            column: column.to_string(),
            value: String::from_utf8_lossy(field).into_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(numeric: &[&str], categorical: &[&str], weights: &[&str]) -> ColumnRequest {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect();
        ColumnRequest {
            numeric: v(numeric),
            categorical: v(categorical),
            weights: v(weights),
        }
    }

    #[test]
    fn reads_only_requested_columns_with_missing_values() {
        let csv = "id,w,y,g\n1,2.5,NA,a\n2,1,3,\n";
        let data = CsvMicrodata::new(csv.as_bytes())
            .and_then(|r| r.read(&request(&["y"], &["g"], &["w"])));
        let data = match data {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(data.rows, 2);
        assert_eq!(data.numeric("w"), Some(&[2.5, 1.0][..]));
        assert!(
            data.numeric("y")
                .is_some_and(|y| y[0].is_nan() && y[1] == 3.0)
        );
        assert_eq!(data.factor("g").map(|f| f.codes()[1]), Some(MISSING_CODE));
        assert!(data.numeric("id").is_none());
    }

    #[test]
    fn errors_name_row_and_column() {
        let csv = "w,y\n1,2\nx,3\n";
        let err = CsvMicrodata::new(csv.as_bytes())
            .and_then(|r| r.read(&request(&["y"], &[], &["w"])))
            .err();
        assert_eq!(
            err,
            Some(SurveyError::NotANumber {
                row: 3,
                column: "w".into(),
                value: "x".into()
            })
        );
        let csv = "w,y\n1,2\n-1,3\n";
        let err = CsvMicrodata::new(csv.as_bytes())
            .and_then(|r| r.read(&request(&["y"], &[], &["w"])))
            .err();
        assert_eq!(
            err,
            Some(SurveyError::NegativeWeight {
                row: 3,
                column: "w".into(),
                value: -1.0
            })
        );
        let err = CsvMicrodata::new(csv.as_bytes())
            .and_then(|r| r.read(&request(&["z"], &[], &[])))
            .err();
        assert!(
            matches!(err, Some(SurveyError::MissingColumn { ref column, .. }) if column == "z")
        );
    }
}
