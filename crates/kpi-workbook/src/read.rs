//! Import shared by CSV and XLSX: both become [`Table`]s of typed [`Cell`]s, and the same
//! code checks every row and collects every [`CellError`].

use std::collections::HashMap;

use civitas_indicators::{DataQuality, Formula, Framework};

use crate::{ABOUT_FIELDS, About, CellError, EntryLine, InputLine};

/// A cell as a file gives it. CSV gives only `Empty` and `Text`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date, time or error cell, described for the message.
    Other(String),
}

/// One sheet (or the CSV): the header row and the data rows under it.
pub(crate) struct Table {
    sheet: Option<String>,
    /// Whether to name columns with their letter (XLSX).
    letters: bool,
    /// Lower-cased, trimmed header name → column index.
    columns: HashMap<String, usize>,
    /// Data rows with their 1-based row number; the header is row 1.
    pub rows: Vec<(usize, Vec<Cell>)>,
}

/// `0 → A`, `25 → Z`, `26 → AA`.
pub(crate) fn column_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8_lossy(&letters).into_owned()
}

impl Table {
    /// Build from rows of cells, the first being the header. Header problems (empty file,
    /// duplicate or missing required columns) go to `errors`; `None` when rows cannot be read.
    pub fn new(
        sheet: Option<String>,
        letters: bool,
        mut grid: Vec<Vec<Cell>>,
        required: &[&str],
        errors: &mut Vec<CellError>,
    ) -> Option<Table> {
        let mut table = Table {
            sheet,
            letters,
            columns: HashMap::new(),
            rows: Vec::new(),
        };
        if grid.is_empty() {
            errors.push(table.error(
                1,
                "",
                format!(
                    "the header row is missing; expected the columns {}",
                    required.join(", ")
                ),
            ));
            return None;
        }
        let header = grid.remove(0);
        let mut ok = true;
        for (index, cell) in header.iter().enumerate() {
            let name = cell_text(cell).trim().to_lowercase();
            if name.is_empty() {
                continue;
            }
            if let Some(first) = table.columns.get(&name) {
                let message = format!(
                    "column `{name}` appears twice (first in column {})",
                    column_letter(*first)
                );
                errors.push(table.error_at(1, index, &name, message));
                ok = false;
            } else {
                table.columns.insert(name, index);
            }
        }
        for name in required {
            if !table.columns.contains_key(*name) {
                errors.push(table.error(1, name, format!("required column `{name}` is missing")));
                ok = false;
            }
        }
        table.rows = grid
            .into_iter()
            .enumerate()
            .map(|(i, cells)| (i + 2, cells))
            .filter(|(_, cells)| cells.iter().any(|c| !is_blank(c)))
            .collect();
        ok.then_some(table)
    }

    /// The label of a column in messages: `numerator`, or `C (numerator)` for XLSX.
    fn label(&self, name: &str) -> String {
        match self.columns.get(name) {
            Some(index) if self.letters => format!("{} ({name})", column_letter(*index)),
            _ => name.to_string(),
        }
    }

    fn error_at(&self, row: usize, index: usize, name: &str, message: String) -> CellError {
        CellError {
            sheet: self.sheet.clone(),
            row,
            column: if self.letters {
                format!("{} ({name})", column_letter(index))
            } else {
                name.to_string()
            },
            message,
        }
    }

    pub fn error(&self, row: usize, column: &str, message: impl Into<String>) -> CellError {
        CellError {
            sheet: self.sheet.clone(),
            row,
            column: if column.is_empty() {
                String::new()
            } else {
                self.label(column)
            },
            message: message.into(),
        }
    }

    pub fn cell<'a>(&self, cells: &'a [Cell], name: &str) -> &'a Cell {
        self.columns
            .get(name)
            .and_then(|i| cells.get(*i))
            .unwrap_or(&Cell::Empty)
    }
}

fn is_blank(cell: &Cell) -> bool {
    match cell {
        Cell::Empty => true,
        Cell::Text(text) => text.trim().is_empty(),
        _ => false,
    }
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) => text.clone(),
        Cell::Number(number) => crate::format_number(*number),
        Cell::Bool(true) => "TRUE".to_string(),
        Cell::Bool(false) => "FALSE".to_string(),
        Cell::Other(text) => text.clone(),
    }
}

fn describe(cell: &Cell) -> String {
    match cell {
        Cell::Other(text) => text.clone(),
        other => format!("`{}`", cell_text(other)),
    }
}

/// Reads rows into the workbook's parts, collecting errors as it goes.
pub(crate) struct RowReader<'f> {
    framework: &'f Framework,
    pub errors: Vec<CellError>,
    about: HashMap<&'static str, (usize, String)>,
    /// Input id → first row.
    inputs_seen: HashMap<String, usize>,
    /// (normalised KPI code, data point) → first row.
    entries_seen: HashMap<(String, Option<String>), usize>,
    pub inputs: Vec<InputLine>,
    pub entries: Vec<EntryLine>,
}

impl<'f> RowReader<'f> {
    pub fn new(framework: &'f Framework, errors: Vec<CellError>) -> RowReader<'f> {
        RowReader {
            framework,
            errors,
            about: HashMap::new(),
            inputs_seen: HashMap::new(),
            entries_seen: HashMap::new(),
            inputs: Vec::new(),
            entries: Vec::new(),
        }
    }

    fn text(&self, table: &Table, cells: &[Cell], name: &str) -> String {
        cell_text(table.cell(cells, name))
    }

    fn code(&self, table: &Table, cells: &[Cell], name: &str) -> String {
        self.text(table, cells, name).trim().to_string()
    }

    fn present(&self, table: &Table, cells: &[Cell], name: &str) -> bool {
        !is_blank(table.cell(cells, name))
    }

    /// An optional number; text that is not one is an error.
    fn number(&mut self, table: &Table, row: usize, cells: &[Cell], name: &str) -> Option<f64> {
        let cell = table.cell(cells, name);
        let parsed = match cell {
            Cell::Empty => return None,
            Cell::Text(text) if text.trim().is_empty() => return None,
            Cell::Text(text) => text.trim().parse::<f64>().ok(),
            Cell::Number(number) => Some(*number),
            Cell::Bool(_) | Cell::Other(_) => None,
        };
        match parsed {
            Some(number) if number.is_finite() => Some(number),
            _ => {
                self.errors.push(table.error(
                    row,
                    name,
                    format!(
                        "expected a number like 12.5 (decimal point, no thousands separators or units), found {}",
                        describe(cell)
                    ),
                ));
                None
            }
        }
    }

    /// The value of a yes/no measure: `yes`/`no` (any case) or 1/0.
    fn yes_no_value(&mut self, table: &Table, row: usize, cells: &[Cell]) -> Option<f64> {
        let cell = table.cell(cells, "value");
        if let Cell::Text(text) = cell {
            match text.trim().to_lowercase().as_str() {
                "yes" => return Some(1.0),
                "no" => return Some(0.0),
                _ => {}
            }
        }
        let value = self.number(table, row, cells, "value")?;
        if value == 0.0 || value == 1.0 {
            Some(value)
        } else {
            self.errors.push(table.error(
                row,
                "value",
                format!("this KPI is answered yes or no: write yes, no, 1 or 0, not {value}"),
            ));
            None
        }
    }

    /// A required whole number.
    fn integer(&mut self, table: &Table, row: usize, cell: &Cell, column: &str, what: &str) -> i32 {
        let parsed = match cell {
            Cell::Text(text) => text.trim().parse::<i32>().ok(),
            Cell::Number(number)
                if number.fract() == 0.0
                    && *number >= f64::from(i32::MIN)
                    && *number <= f64::from(i32::MAX) =>
            {
                Some(*number as i32)
            }
            _ => None,
        };
        parsed.unwrap_or_else(|| {
            self.errors.push(table.error(
                row,
                column,
                format!(
                    "{what} must be a whole number like 2024, found {}",
                    describe(cell)
                ),
            ));
            0
        })
    }

    /// An about row: `key_column` names the field, `value_column` holds it.
    pub fn about_row(
        &mut self,
        table: &Table,
        row: usize,
        cells: &[Cell],
        key_column: &str,
        value_column: &str,
    ) {
        let key = self.code(table, cells, key_column).to_lowercase();
        let Some(field) = ABOUT_FIELDS.iter().find(|f| **f == key) else {
            self.errors.push(table.error(
                row,
                key_column,
                format!(
                    "unknown about field `{key}`; expected one of: {}",
                    ABOUT_FIELDS.join(", ")
                ),
            ));
            return;
        };
        if let Some((first, _)) = self.about.get(field) {
            let message = format!("about field `{field}` appears twice (first on row {first})");
            self.errors.push(table.error(row, key_column, message));
            return;
        }
        let cell = table.cell(cells, value_column).clone();
        let value = match *field {
            "year" | "revision" => {
                let what = if *field == "year" {
                    "the year"
                } else {
                    "the revision"
                };
                self.integer(table, row, &cell, value_column, what)
                    .to_string()
            }
            "city" | "framework" if is_blank(&cell) => {
                self.errors.push(table.error(
                    row,
                    value_column,
                    format!("the {field} must not be empty"),
                ));
                String::new()
            }
            _ => cell_text(&cell),
        };
        self.about.insert(field, (row, value));
    }

    /// The about section once every row is read; missing fields are reported on `table`'s
    /// header row.
    pub fn finish_about(&mut self, table: &Table, key_column: &str) -> About {
        for field in ABOUT_FIELDS {
            if field != "currency" && !self.about.contains_key(field) {
                let message = format!("the about field `{field}` is missing: add a row for it");
                self.errors.push(table.error(1, key_column, message));
            }
        }
        let get = |field: &str| {
            self.about
                .get(field)
                .map(|(_, value)| value.clone())
                .unwrap_or_default()
        };
        About {
            city: get("city"),
            year: get("year").parse().unwrap_or_default(),
            framework: get("framework"),
            target_set: get("target_set"),
            revision: get("revision").parse().unwrap_or_default(),
            status: get("status"),
            currency: Some(get("currency")).filter(|c| !c.trim().is_empty()),
        }
    }

    /// A city-input row; `id_column` holds the input id.
    pub fn input_row(&mut self, table: &Table, row: usize, cells: &[Cell], id_column: &str) {
        let id = self.code(table, cells, id_column);
        let known = self
            .framework
            .city_inputs
            .iter()
            .find(|c| c.id.eq_ignore_ascii_case(&id));
        let value = self.number(table, row, cells, "value");
        if let Some(value) = value
            && value <= 0.0
        {
            self.errors.push(table.error(
                row,
                "value",
                format!("a city input must be a positive number, found {value}"),
            ));
        }
        let source = self.text(table, cells, "source");
        let Some(known) = known else {
            let expected: Vec<&str> = self
                .framework
                .city_inputs
                .iter()
                .map(|c| c.id.as_str())
                .collect();
            let message = if id.is_empty() {
                format!(
                    "a city input id is required; one of: {}",
                    expected.join(", ")
                )
            } else {
                format!(
                    "unknown city input `{id}`; expected one of: {}",
                    expected.join(", ")
                )
            };
            self.errors.push(table.error(row, id_column, message));
            return;
        };
        if let Some(first) = self.inputs_seen.get(&known.id) {
            let message = format!(
                "city input `{}` appears twice (first on row {first})",
                known.id
            );
            self.errors.push(table.error(row, id_column, message));
            return;
        }
        self.inputs_seen.insert(known.id.clone(), row);
        self.inputs.push(InputLine {
            input: known.id.clone(),
            value,
            source,
        });
    }

    /// A KPI row.
    pub fn entry_row(&mut self, table: &Table, row: usize, cells: &[Cell]) {
        let code = self.code(table, cells, "kpi");
        let data_point = Some(self.code(table, cells, "data_point")).filter(|d| !d.is_empty());
        let yes_no_measure = self
            .framework
            .measure(&code, data_point.as_deref())
            .is_ok_and(|m| m.formula() == Formula::YesNo);
        let numerator = self.number(table, row, cells, "numerator");
        let denominator = self.number(table, row, cells, "denominator");
        let value = if yes_no_measure {
            self.yes_no_value(table, row, cells)
        } else {
            self.number(table, row, cells, "value")
        };
        if let Some(denominator) = denominator
            && denominator <= 0.0
        {
            self.errors.push(table.error(
                row,
                "denominator",
                format!("the denominator must be greater than zero, found {denominator}"),
            ));
        }
        let quality_text = self.code(table, cells, "quality");
        let quality = if quality_text.is_empty() {
            None
        } else {
            let parsed = DataQuality::parse(&quality_text);
            if parsed.is_none() {
                let codes: Vec<String> = DataQuality::ALL
                    .iter()
                    .map(|q| format!("{} ({})", q.as_str(), q.description()))
                    .collect();
                self.errors.push(table.error(
                    row,
                    "quality",
                    format!(
                        "unknown data quality `{quality_text}`; expected one of: {}",
                        codes.join(", ")
                    ),
                ));
            }
            parsed
        };
        let not_reported_text = self.code(table, cells, "not_reported").to_lowercase();
        let not_reported = match not_reported_text.as_str() {
            "yes" => true,
            "no" | "" => false,
            _ => {
                self.errors.push(table.error(
                    row,
                    "not_reported",
                    format!(
                        "expected yes or no (empty means no), found {}",
                        describe(table.cell(cells, "not_reported"))
                    ),
                ));
                false
            }
        };
        let not_reported_reason = self.text(table, cells, "not_reported_reason");
        if not_reported {
            if not_reported_reason.trim().is_empty() {
                self.errors.push(table.error(
                    row,
                    "not_reported_reason",
                    "a KPI that is not reported needs a reason",
                ));
            }
            let with_numbers: Vec<&str> = ["numerator", "denominator", "value"]
                .into_iter()
                .filter(|c| self.present(table, cells, c))
                .collect();
            if !with_numbers.is_empty() {
                self.errors.push(table.error(
                    row,
                    "not_reported",
                    format!(
                        "the KPI is marked not reported but has figures in {}: empty them or set not_reported to no",
                        with_numbers.join(", ")
                    ),
                ));
            }
        }
        let source = self.text(table, cells, "source");
        let note = self.text(table, cells, "note");

        if code.is_empty() {
            self.errors.push(table.error(
                row,
                "kpi",
                "a KPI code is required, e.g. `EC: ICT: ICT: 1C`",
            ));
            return;
        }
        let measure = match self.framework.measure(&code, data_point.as_deref()) {
            Ok(measure) => measure,
            Err(problem) => {
                let column = if self.framework.kpi(&code).is_some() {
                    "data_point"
                } else {
                    "kpi"
                };
                self.errors
                    .push(table.error(row, column, problem.to_string()));
                return;
            }
        };
        let kpi = measure.kpi.code.clone();
        let data_point = measure.data_point_id().map(str::to_string);
        let key = (kpi.clone(), data_point.clone());
        if let Some(first) = self.entries_seen.get(&key) {
            let message = format!("`{}` appears twice (first on row {first})", measure.label());
            self.errors.push(table.error(row, "kpi", message));
            return;
        }
        self.entries_seen.insert(key, row);
        self.entries.push(EntryLine {
            kpi,
            data_point,
            numerator,
            denominator,
            value,
            source,
            note,
            quality,
            not_reported,
            not_reported_reason,
            result: None,
        });
    }
}
