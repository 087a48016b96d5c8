//! The KPI input table (`kpi,data_point,numerator,denominator,value,target`) as the CLI and
//! a CSV import read it. Every bad cell is reported with its row (the header is row 1) and
//! column; nothing is guessed.
//!
//! Columns, matched without regard to case or surrounding spaces; only `kpi` is required,
//! a missing column reads as empty, an unknown one is an error (it is usually a typo):
//! - `kpi`: catalogue code, e.g. `EC: ICT: ICT: 1C` (spaces and case not significant);
//! - `data_point`: empty, or the data point of a multi-part KPI (`4G`, `PM2.5` …);
//! - `numerator`, `denominator`: numbers, for ratio KPIs;
//! - `value`: a number; for yes/no KPIs also `yes`/`no` (or `1`/`0`, `true`/`false`);
//! - `target`: empty for no target, else a number (`yes`/`no` for yes/no KPIs).
//!
//! Numbers use a decimal point and no thousands separators or unit signs.
//! Rows whose cells are all empty are skipped.

use std::io::Read;

use serde::{Deserialize, Serialize};

use crate::evaluation::lookup_field;
use crate::framework::{Formula, Framework, Measure};
use crate::observation::{Observation, compute_value};
use crate::targets::{Target, TargetSet, check_target_value};

pub const COLUMNS: [&str; 6] = [
    "kpi",
    "data_point",
    "numerator",
    "denominator",
    "value",
    "target",
];

/// One accepted input row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputRow {
    /// Row number in the file, the header being row 1.
    pub row: usize,
    /// KPI code and data point in catalogue spelling.
    pub observation: Observation,
    pub target: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("row 1 (header): {0}")]
    Header(String),
    #[error("row {row}, column `{column}`: {problem}")]
    Cell {
        row: usize,
        column: String,
        problem: String,
    },
    #[error("row {row}: {problem}")]
    Row { row: usize, problem: String },
}

fn cell_error(row: usize, column: &str, problem: impl Into<String>) -> InputError {
    InputError::Cell {
        row,
        column: column.to_string(),
        problem: problem.into(),
    }
}

fn parse_number(
    row: usize,
    column: &str,
    text: &str,
    measure: &Measure<'_>,
) -> Result<Option<f64>, InputError> {
    if text.is_empty() {
        return Ok(None);
    }
    if measure.formula() == Formula::YesNo && (column == "value" || column == "target") {
        return match text.to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" | "1" => Ok(Some(1.0)),
            "no" | "n" | "false" | "0" => Ok(Some(0.0)),
            _ => Err(cell_error(
                row,
                column,
                format!("expected yes or no, found `{text}`"),
            )),
        };
    }
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok(Some(n)),
        _ => Err(cell_error(
            row,
            column,
            format!("expected a number (decimal point, no separators or units), found `{text}`"),
        )),
    }
}

/// Read and check the input table against `framework`.
pub fn read_input_csv<R: Read>(
    reader: R,
    framework: &Framework,
) -> Result<Vec<InputRow>, InputError> {
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(reader);
    let headers = csv
        .headers()
        .map_err(|e| InputError::Header(e.to_string()))?
        .clone();
    let mut index = [None; COLUMNS.len()];
    for (position, header) in headers.iter().enumerate() {
        let name = header.trim().to_ascii_lowercase();
        let Some(slot) = COLUMNS.iter().position(|c| *c == name) else {
            return Err(InputError::Header(format!(
                "unknown column `{header}`; expected {}",
                COLUMNS.join(", ")
            )));
        };
        if index[slot].is_some() {
            return Err(InputError::Header(format!("column `{name}` appears twice")));
        }
        index[slot] = Some(position);
    }
    if index[0].is_none() {
        return Err(InputError::Header(
            "the `kpi` column is missing".to_string(),
        ));
    }

    let mut rows: Vec<InputRow> = Vec::new();
    for (i, record) in csv.records().enumerate() {
        let row = i + 2;
        let record = record.map_err(|e| InputError::Row {
            row,
            problem: e.to_string(),
        })?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != headers.len() {
            return Err(InputError::Row {
                row,
                problem: format!(
                    "has {} cells, the header has {}",
                    record.len(),
                    headers.len()
                ),
            });
        }
        let cell = |slot: usize| index[slot].and_then(|p| record.get(p)).unwrap_or("");
        let code = cell(0);
        if code.is_empty() {
            return Err(cell_error(row, "kpi", "missing KPI code"));
        }
        let data_point = Some(cell(1)).filter(|d| !d.is_empty());
        let measure = framework
            .measure(code, data_point)
            .map_err(|e| cell_error(row, lookup_field(&e), e.to_string()))?;
        let observation = Observation {
            kpi: measure.kpi.code.clone(),
            data_point: measure.data_point_id().map(str::to_string),
            numerator: parse_number(row, "numerator", cell(2), &measure)?,
            denominator: parse_number(row, "denominator", cell(3), &measure)?,
            value: parse_number(row, "value", cell(4), &measure)?,
        };
        compute_value(&measure, &observation).map_err(|p| cell_error(row, p.field, p.problem))?;
        let target = parse_number(row, "target", cell(5), &measure)?;
        if let Some(t) = target {
            check_target_value(&measure, t).map_err(|p| cell_error(row, "target", p))?;
        }
        if let Some(earlier) = rows.iter().find(|r| {
            r.observation.kpi == observation.kpi
                && r.observation.data_point == observation.data_point
        }) {
            return Err(cell_error(
                row,
                "kpi",
                format!(
                    "`{}` is already given in row {}",
                    measure.label(),
                    earlier.row
                ),
            ));
        }
        rows.push(InputRow {
            row,
            observation,
            target,
        });
    }
    Ok(rows)
}

/// The targets of the `target` column laid over `base` (an empty or default set).
pub fn targets_from_rows(rows: &[InputRow], mut base: TargetSet) -> TargetSet {
    for r in rows {
        if let Some(value) = r.target {
            base.set(Target {
                kpi: r.observation.kpi.clone(),
                data_point: r.observation.data_point.clone(),
                value,
                source: format!("input file, row {}", r.row),
                url: None,
            });
        }
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<InputRow>, InputError> {
        let f = Framework::u4ssc_2017().expect("framework");
        read_input_csv(text.as_bytes(), &f)
    }

    const HEADER: &str = "kpi,data_point,numerator,denominator,value,target\n";

    #[test]
    fn reads_ratio_direct_yes_no_and_data_points() {
        let rows = read(&format!(
            "{HEADER}EC: ICT: ICT: 1C,,850,1000,,100\nEN: EN: AQ: 1C,pm2.5,,,12.5,5\n\"SC: SH: SA: 3A\",,,,Yes,yes\n,,,,,\n"
        ))
        .expect("reads");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].row, 2);
        assert_eq!(rows[0].observation.numerator, Some(850.0));
        assert_eq!(rows[1].observation.data_point.as_deref(), Some("PM2.5"));
        assert_eq!(
            (rows[2].observation.value, rows[2].target),
            (Some(1.0), Some(1.0))
        );
    }

    #[test]
    fn bad_cells_name_row_and_column() {
        let cases = [
            (
                "EC: XX: 1C,,,,5,",
                "row 2, column `kpi`: unknown KPI code `EC: XX: 1C`",
            ),
            ("EN: EN: AQ: 1C,CO,,,5,", "row 2, column `data_point`"),
            ("EN: EN: AQ: 1C,,,,5,", "row 2, column `data_point`"),
            (
                "EC: ICT: ICT: 1C,,85%,100,,",
                "row 2, column `numerator`: expected a number",
            ),
            (
                "EC: ICT: ICT: 1C,,abc,,,",
                "row 2, column `numerator`: expected a number",
            ),
            (
                "EC: ICT: ICT: 1C,,5,0,,",
                "row 2, column `denominator`: must not be 0",
            ),
            ("EC: ICT: ICT: 1C,,,,,", "row 2, column `value`: missing"),
            (
                "EC: ICT: ICT: 1C,,,,5,x",
                "row 2, column `target`: expected a number",
            ),
            (
                "EC: ICT: ICT: 1C,,,,5,0",
                "row 2, column `target`: must be above 0",
            ),
            (
                "SC: SH: SA: 3A,,,,maybe,",
                "row 2, column `value`: expected yes or no",
            ),
            (",,,,5,", "row 2, column `kpi`: missing KPI code"),
            ("EC: ICT: ICT: 1C,,,5", "row 2: has 4 cells"),
        ];
        for (line, expected) in cases {
            let err = read(&format!("{HEADER}{line}\n")).expect_err(line);
            assert!(err.to_string().starts_with(expected), "{line}: {err}");
        }
        let err = read(&format!(
            "{HEADER}EC: ICT: ICT: 1C,,,,5,\nec:ict:ict:1c,,,,6,\n"
        ))
        .expect_err("dup");
        assert_eq!(
            err.to_string(),
            "row 3, column `kpi`: `EC: ICT: ICT: 1C` is already given in row 2"
        );
    }

    #[test]
    fn header_problems() {
        let err = read("kpi,valeu\nEC: ICT: ICT: 1C,5\n").expect_err("typo");
        assert!(
            err.to_string()
                .starts_with("row 1 (header): unknown column `valeu`"),
            "{err}"
        );
        let err = read("value\n5\n").expect_err("no kpi");
        assert_eq!(
            err.to_string(),
            "row 1 (header): the `kpi` column is missing"
        );
        // Only the needed columns, in any order.
        let rows = read("Value, KPI\n5,SC: EH: H: 1C\n").expect("reads");
        assert_eq!(rows[0].observation.value, Some(5.0));
    }
}
