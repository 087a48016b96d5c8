//! # civitas-kpi-workbook
//!
//! A city's whole KPI assessment — about, shared city inputs and every KPI line — as one CSV
//! table or one XLSX workbook, so the web app can offer "export" and "import", and the import
//! accepts exactly what the export writes. Bytes in, bytes out: no files, no network.
//!
//! - [`write_csv`] / [`read_csv`]: one table whose first column, `section`, is `about`,
//!   `input` or `kpi` (see [`CSV_COLUMNS`]).
//! - [`write_xlsx`] / [`read_xlsx`]: sheets `About` (`field`, `value`), `Inputs`
//!   ([`INPUT_COLUMNS`]) and `KPIs` ([`KPI_COLUMNS`]), header row frozen, drop-down lists for
//!   `quality` and `not_reported`.
//!
//! Both readers report **every** bad cell ([`CellError`]: sheet, 1-based row as a spreadsheet
//! shows it, column, message) and check codes against the [`Framework`]: unknown KPI, data
//! point or city input, text where a number belongs, a denominator ≤ 0, an unknown quality
//! grade, `not_reported` other than yes/no, not reported without a reason or with numbers,
//! duplicates, a missing header, a year that is not a whole number. KPI codes and data points
//! come back in catalogue spelling. The computed columns (`computed_value` … `verified`) and
//! the helper columns (`name`, `unit`) are written for people to read and ignored on import.
//! Numbers are strict: a decimal point, no thousands separators, no units; the value of a
//! yes/no KPI may also be written `yes` or `no` (read as 1 or 0).
//!
//! Dependencies beyond the workspace's `csv` and `serde`:
//! - `rust_xlsxwriter` (default features off): writes XLSX with frozen panes and data
//!   validation; pure Rust, brings `zip` + `flate2`/`zlib-rs`, about 10 s of a cold build.
//! - `calamine` (default features off, so no `chrono`): reads XLSX back as typed cells; pure
//!   Rust, brings `quick-xml` + `encoding_rs`, about 5 s of a cold build (shares `zip`).
//!
//! ## Example
//!
//! ```
//! use civitas_indicators::{DataQuality, Framework};
//! use civitas_kpi_workbook::{About, EntryLine, InputLine, Workbook, read_csv, write_csv};
//!
//! let framework = Framework::u4ssc_2017()?;
//! let workbook = Workbook {
//!     about: About {
//!         city: "Ville-Marie".into(), year: 2024, framework: "u4ssc-2017@2017.1".into(),
//!         target_set: "default".into(), revision: 1, status: "draft".into(), currency: None,
//!     },
//!     inputs: vec![InputLine { input: "households".into(), value: Some(20_000.0),
//!                              source: "Census 2021".into() }],
//!     entries: vec![EntryLine {
//!         kpi: "EN: EN: AQ: 1C".into(), data_point: Some("PM2.5".into()), value: Some(9.5),
//!         quality: Some(DataQuality::Measured), ..EntryLine::default()
//!     }],
//! };
//! let bytes = write_csv(&workbook, &framework);
//! assert!(bytes.starts_with("\u{feff}section,item,kpi,data_point".as_bytes()));
//! assert_eq!(read_csv(&bytes, &framework).expect("what we wrote reads back"), workbook);
//!
//! // Every bad cell is reported, with its row and column.
//! let bad = "section,item,kpi,data_point,numerator,denominator,value,source,note,quality,not_reported,not_reported_reason\n\
//!            about,city,,,,,Ville-Marie,,,,,\n\
//!            about,year,,,,,2024.5,,,,,\n\
//!            kpi,,EC: ICT: ICT: 1C,,12,0,,,,guess,,\n";
//! let errors = read_csv(bad.as_bytes(), &framework).unwrap_err();
//! assert!(errors.iter().any(|e| e.row == 3 && e.column == "value"));
//! assert!(errors.iter().any(|e| e.row == 4 && e.column == "denominator"));
//! assert!(errors.iter().any(|e| e.row == 4 && e.column == "quality"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};

pub use civitas_indicators::{DataQuality, Framework};

mod csv_format;
mod read;
mod xlsx_format;

pub use csv_format::{read_csv, write_csv};
pub use xlsx_format::{XlsxWriteError, read_xlsx, write_xlsx};

/// A city's whole KPI assessment as it travels in a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workbook {
    pub about: About,
    pub inputs: Vec<InputLine>,
    pub entries: Vec<EntryLine>,
}

/// Which assessment this is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct About {
    pub city: String,
    pub year: i32,
    /// Framework and version, e.g. `u4ssc-2017@2017.1`.
    pub framework: String,
    pub target_set: String,
    pub revision: i32,
    pub status: String,
    pub currency: Option<String>,
}

/// One shared city input (population, households …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct InputLine {
    /// Framework city-input id, e.g. `population`.
    pub input: String,
    pub value: Option<f64>,
    pub source: String,
}

/// What the city entered for one KPI, or one data point of a multi-part KPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EntryLine {
    pub kpi: String,
    pub data_point: Option<String>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub value: Option<f64>,
    pub source: String,
    pub note: String,
    pub quality: Option<DataQuality>,
    pub not_reported: bool,
    pub not_reported_reason: String,
    /// Computed, written on export for people to read, ignored on import (always `None`
    /// after reading).
    pub result: Option<ResultColumns>,
}

/// The computed figures an export shows beside each line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ResultColumns {
    pub computed_value: Option<f64>,
    pub target: Option<f64>,
    pub achievement_pct: Option<f64>,
    pub points: Option<u8>,
    pub band: Option<String>,
    pub verified: Option<bool>,
}

/// One bad cell (or a missing header or sheet) found on import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellError {
    /// The sheet for XLSX; `None` for CSV.
    pub sheet: Option<String>,
    /// 1-based row as a spreadsheet shows it; the header is row 1. 0 when the file as a
    /// whole cannot be read (not an XLSX at all).
    pub row: usize,
    /// Header name; for XLSX with its column letter, e.g. `C (numerator)`.
    pub column: String,
    pub message: String,
}

impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(sheet) = &self.sheet {
            write!(f, "sheet `{sheet}`, ")?;
        }
        write!(f, "row {}", self.row)?;
        if !self.column.is_empty() {
            write!(f, ", column {}", self.column)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for CellError {}

/// Columns of the single CSV table, in order.
pub const CSV_COLUMNS: [&str; 20] = [
    "section",
    "item",
    "kpi",
    "data_point",
    "name",
    "unit",
    "numerator",
    "denominator",
    "value",
    "source",
    "note",
    "quality",
    "not_reported",
    "not_reported_reason",
    "computed_value",
    "target",
    "achievement_pct",
    "points",
    "band",
    "verified",
];

/// Columns of the `KPIs` sheet, in order.
pub const KPI_COLUMNS: [&str; 18] = [
    "kpi",
    "data_point",
    "name",
    "unit",
    "numerator",
    "denominator",
    "value",
    "source",
    "note",
    "quality",
    "not_reported",
    "not_reported_reason",
    "computed_value",
    "target",
    "achievement_pct",
    "points",
    "band",
    "verified",
];

/// Columns of the `Inputs` sheet, in order.
pub const INPUT_COLUMNS: [&str; 5] = ["input", "name", "unit", "value", "source"];

/// Columns of the `About` sheet, in order.
pub const ABOUT_COLUMNS: [&str; 2] = ["field", "value"];

/// Fields of the about section (rows of the `About` sheet, `item` of `about` CSV rows).
pub const ABOUT_FIELDS: [&str; 7] = [
    "city",
    "year",
    "framework",
    "target_set",
    "revision",
    "status",
    "currency",
];

/// Sheet names of the XLSX workbook.
pub const SHEET_ABOUT: &str = "About";
pub const SHEET_INPUTS: &str = "Inputs";
pub const SHEET_KPIS: &str = "KPIs";

/// Columns a KPI line must have on import (the helper and computed ones may be absent).
pub(crate) const KPI_REQUIRED: [&str; 10] = [
    "kpi",
    "data_point",
    "numerator",
    "denominator",
    "value",
    "source",
    "note",
    "quality",
    "not_reported",
    "not_reported_reason",
];

/// Display name and unit of a KPI line, for the helper columns.
pub(crate) fn entry_helpers(framework: &Framework, entry: &EntryLine) -> (String, String) {
    match framework.measure(&entry.kpi, entry.data_point.as_deref()) {
        Ok(measure) => {
            let name = match measure.data_point {
                Some(dp) => format!("{} — {}", measure.kpi.name.en(), dp.name.en()),
                None => measure.kpi.name.en().to_string(),
            };
            (name, measure.unit().to_string())
        }
        Err(_) => (String::new(), String::new()),
    }
}

/// Display name and unit of a city input, for the helper columns.
pub(crate) fn input_helpers(framework: &Framework, input: &InputLine) -> (String, String) {
    framework
        .city_input(&input.input)
        .map(|c| (c.name.en().to_string(), c.unit.clone()))
        .unwrap_or_default()
}

/// A number as the files write it: the shortest text that reads back to the same `f64`.
pub(crate) fn format_number(value: f64) -> String {
    format!("{value}")
}

pub(crate) fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}
