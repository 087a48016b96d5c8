//! The XLSX workbook: sheets `About`, `Inputs` and `KPIs`.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use civitas_indicators::{DataQuality, Framework};
use rust_xlsxwriter::{Color, DataValidation, Format, Worksheet};

use crate::read::{Cell, RowReader, Table, column_letter};
use crate::{
    ABOUT_COLUMNS, CellError, INPUT_COLUMNS, KPI_COLUMNS, KPI_REQUIRED, SHEET_ABOUT, SHEET_INPUTS,
    SHEET_KPIS, Workbook, entry_helpers, input_helpers, yes_no,
};

/// Longest text an XLSX cell holds.
const MAX_CELL_CHARS: usize = 32_767;
/// Rows under the data that still get the drop-down lists, for lines a person adds.
const SPARE_ROWS: u32 = 500;

/// Why an XLSX could not be written.
#[derive(Debug, Clone, PartialEq)]
pub enum XlsxWriteError {
    /// The text is longer than the 32,767 characters an XLSX cell holds.
    TextTooLong {
        sheet: String,
        row: usize,
        column: String,
        chars: usize,
    },
    /// NaN or infinity has no place in a spreadsheet cell.
    NotFinite {
        sheet: String,
        row: usize,
        column: String,
    },
    /// Anything else `rust_xlsxwriter` refused.
    Xlsx(String),
}

impl std::fmt::Display for XlsxWriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            XlsxWriteError::TextTooLong {
                sheet,
                row,
                column,
                chars,
            } => write!(
                f,
                "sheet `{sheet}`, row {row}, column {column}: {chars} characters, more than the {MAX_CELL_CHARS} an XLSX cell holds"
            ),
            XlsxWriteError::NotFinite { sheet, row, column } => write!(
                f,
                "sheet `{sheet}`, row {row}, column {column}: not a finite number"
            ),
            XlsxWriteError::Xlsx(message) => write!(f, "cannot write the XLSX: {message}"),
        }
    }
}

impl std::error::Error for XlsxWriteError {}

impl From<rust_xlsxwriter::XlsxError> for XlsxWriteError {
    fn from(error: rust_xlsxwriter::XlsxError) -> Self {
        XlsxWriteError::Xlsx(error.to_string())
    }
}

/// One cell to write.
enum Out {
    Blank,
    Text(String),
    Number(f64),
}

fn text(value: impl Into<String>) -> Out {
    Out::Text(value.into())
}

fn number(value: Option<f64>) -> Out {
    value.map(Out::Number).unwrap_or(Out::Blank)
}

struct Formats {
    header: Format,
    helper: Format,
    computed: Format,
    wrap: Format,
}

/// A sheet's columns: header name, width and how its cells look.
struct SheetWriter<'a> {
    sheet: &'a mut Worksheet,
    name: &'static str,
    columns: &'a [&'a str],
}

impl SheetWriter<'_> {
    fn header(&mut self, formats: &Formats, widths: &[f64]) -> Result<(), XlsxWriteError> {
        for (index, (name, width)) in self.columns.iter().zip(widths).enumerate() {
            let col = index as u16;
            self.sheet
                .write_string_with_format(0, col, *name, &formats.header)?;
            self.sheet.set_column_width(col, *width)?;
        }
        self.sheet.set_freeze_panes(1, 0)?;
        Ok(())
    }

    fn row<'f>(
        &mut self,
        row: u32,
        cells: Vec<Out>,
        format_of: impl Fn(&str) -> Option<&'f Format>,
    ) -> Result<(), XlsxWriteError> {
        for (index, cell) in cells.into_iter().enumerate() {
            let col = index as u16;
            let name = self.columns.get(index).copied().unwrap_or("");
            let column = || format!("{} ({name})", column_letter(index));
            let format = format_of(name);
            match cell {
                Out::Blank => {
                    if let Some(format) = format {
                        self.sheet.write_blank(row, col, format)?;
                    }
                }
                Out::Text(value) => {
                    let chars = value.chars().count();
                    if chars > MAX_CELL_CHARS {
                        return Err(XlsxWriteError::TextTooLong {
                            sheet: self.name.into(),
                            row: row as usize + 1,
                            column: column(),
                            chars,
                        });
                    }
                    match format {
                        Some(format) => {
                            self.sheet.write_string_with_format(row, col, value, format)
                        }
                        None => self.sheet.write_string(row, col, value),
                    }?;
                }
                Out::Number(value) => {
                    if !value.is_finite() {
                        return Err(XlsxWriteError::NotFinite {
                            sheet: self.name.into(),
                            row: row as usize + 1,
                            column: column(),
                        });
                    }
                    match format {
                        Some(format) => {
                            self.sheet.write_number_with_format(row, col, value, format)
                        }
                        None => self.sheet.write_number(row, col, value),
                    }?;
                }
            }
        }
        Ok(())
    }

    fn list(
        &mut self,
        column: &str,
        last_row: u32,
        choices: &[&str],
        help: &str,
    ) -> Result<(), XlsxWriteError> {
        let Some(index) = self.columns.iter().position(|c| *c == column) else {
            return Ok(());
        };
        let validation = DataValidation::new()
            .allow_list_strings(choices)?
            .set_input_message(help)?
            .set_error_message(format!("Choose one of: {}", choices.join(", ")))?;
        let col = index as u16;
        self.sheet
            .add_data_validation(1, col, last_row, col, &validation)?;
        Ok(())
    }
}

/// The workbook as XLSX: sheets `About` ([`crate::ABOUT_COLUMNS`]), `Inputs`
/// ([`crate::INPUT_COLUMNS`]) and `KPIs` ([`crate::KPI_COLUMNS`]), header row frozen, helper
/// and computed columns shaded, drop-down lists for `quality` and `not_reported`.
///
/// Fails only on what no XLSX can hold: a text over 32,767 characters, NaN or infinity.
pub fn write_xlsx(workbook: &Workbook, framework: &Framework) -> Result<Vec<u8>, XlsxWriteError> {
    let formats = Formats {
        header: Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xDDE6F0)),
        helper: Format::new()
            .set_font_color(Color::RGB(0x555555))
            .set_background_color(Color::RGB(0xF2F2F2)),
        computed: Format::new()
            .set_italic()
            .set_font_color(Color::RGB(0x555555))
            .set_background_color(Color::RGB(0xF2F2F2)),
        wrap: Format::new().set_text_wrap(),
    };
    let mut book = rust_xlsxwriter::Workbook::new();

    // About
    {
        let sheet = book.add_worksheet().set_name(SHEET_ABOUT)?;
        let mut writer = SheetWriter {
            sheet,
            name: SHEET_ABOUT,
            columns: &ABOUT_COLUMNS,
        };
        writer.header(&formats, &[14.0, 40.0])?;
        let about = &workbook.about;
        let rows = [
            ("city", text(&about.city)),
            ("year", Out::Number(f64::from(about.year))),
            ("framework", text(&about.framework)),
            ("target_set", text(&about.target_set)),
            ("revision", Out::Number(f64::from(about.revision))),
            ("status", text(&about.status)),
            (
                "currency",
                about.currency.as_ref().map(text).unwrap_or(Out::Blank),
            ),
        ];
        for (index, (field, value)) in rows.into_iter().enumerate() {
            writer.row(index as u32 + 1, vec![text(field), value], |_| None)?;
        }
    }

    // Inputs
    {
        let sheet = book.add_worksheet().set_name(SHEET_INPUTS)?;
        let mut writer = SheetWriter {
            sheet,
            name: SHEET_INPUTS,
            columns: &INPUT_COLUMNS,
        };
        writer.header(&formats, &[26.0, 32.0, 18.0, 16.0, 40.0])?;
        for (index, input) in workbook.inputs.iter().enumerate() {
            let (name, unit) = input_helpers(framework, input);
            let cells = vec![
                text(&input.input),
                text(name),
                text(unit),
                number(input.value),
                text(&input.source),
            ];
            writer.row(index as u32 + 1, cells, |column| match column {
                "name" | "unit" => Some(&formats.helper),
                _ => None,
            })?;
        }
    }

    // KPIs
    {
        let sheet = book.add_worksheet().set_name(SHEET_KPIS)?;
        let mut writer = SheetWriter {
            sheet,
            name: SHEET_KPIS,
            columns: &KPI_COLUMNS,
        };
        let widths = [
            18.0, 12.0, 40.0, 18.0, 14.0, 14.0, 14.0, 30.0, 40.0, 26.0, 13.0, 30.0, 15.0, 12.0,
            16.0, 8.0, 12.0, 10.0,
        ];
        writer.header(&formats, &widths)?;
        for (index, entry) in workbook.entries.iter().enumerate() {
            let (name, unit) = entry_helpers(framework, entry);
            let result = entry.result.clone().unwrap_or_default();
            let cells = vec![
                text(&entry.kpi),
                entry.data_point.as_ref().map(text).unwrap_or(Out::Blank),
                text(name),
                text(unit),
                number(entry.numerator),
                number(entry.denominator),
                number(entry.value),
                text(&entry.source),
                text(&entry.note),
                entry
                    .quality
                    .map(|q| text(q.as_str()))
                    .unwrap_or(Out::Blank),
                text(yes_no(entry.not_reported)),
                text(&entry.not_reported_reason),
                number(result.computed_value),
                number(result.target),
                number(result.achievement_pct),
                number(result.points.map(f64::from)),
                result.band.map(text).unwrap_or(Out::Blank),
                result
                    .verified
                    .map(|v| text(yes_no(v)))
                    .unwrap_or(Out::Blank),
            ];
            writer.row(index as u32 + 1, cells, |column| match column {
                "name" | "unit" => Some(&formats.helper),
                "computed_value" | "target" | "achievement_pct" | "points" | "band"
                | "verified" => Some(&formats.computed),
                "note" => Some(&formats.wrap),
                _ => None,
            })?;
        }
        let last_row = workbook.entries.len() as u32 + SPARE_ROWS;
        let codes: Vec<&str> = DataQuality::ALL.iter().map(|q| q.as_str()).collect();
        writer.list(
            "quality",
            last_row,
            &codes,
            "How the figure was obtained, best first",
        )?;
        writer.list(
            "not_reported",
            last_row,
            &["yes", "no"],
            "yes: the city does not report this KPI (give a reason)",
        )?;
    }

    Ok(book.save_to_buffer()?)
}

fn sheet_grid(
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    errors: &mut Vec<CellError>,
) -> Option<Vec<Vec<Cell>>> {
    let found = book
        .sheet_names()
        .into_iter()
        .find(|s| s.eq_ignore_ascii_case(name));
    let Some(found) = found else {
        errors.push(CellError {
            sheet: Some(name.into()),
            row: 1,
            column: String::new(),
            message: format!("the workbook has no sheet named `{name}`"),
        });
        return None;
    };
    let range = match book.worksheet_range(&found) {
        Ok(range) => range,
        Err(problem) => {
            errors.push(CellError {
                sheet: Some(name.into()),
                row: 1,
                column: String::new(),
                message: format!("the sheet cannot be read: {problem}"),
            });
            return None;
        }
    };
    let Some((end_row, end_col)) = range.end() else {
        return Some(Vec::new());
    };
    let grid = (0..=end_row)
        .map(|row| {
            (0..=end_col)
                .map(|col| match range.get_value((row, col)) {
                    None | Some(Data::Empty) => Cell::Empty,
                    Some(Data::String(text)) => Cell::Text(text.clone()),
                    Some(Data::Float(number)) => Cell::Number(*number),
                    Some(Data::Int(number)) => Cell::Number(*number as f64),
                    Some(Data::Bool(value)) => Cell::Bool(*value),
                    Some(Data::DateTime(_) | Data::DateTimeIso(_)) => Cell::Other("a date".into()),
                    Some(Data::DurationIso(_)) => Cell::Other("a duration".into()),
                    Some(Data::Error(error)) => Cell::Other(format!("the error {error}")),
                })
                .collect()
        })
        .collect();
    Some(grid)
}

/// Read what [`write_xlsx`] writes (or a person edited). Every bad cell is reported with
/// its sheet, row and column letter, e.g. `C (numerator)`. Sheet names and headers are
/// matched without regard to case; helper and computed columns may be absent.
pub fn read_xlsx(bytes: &[u8], framework: &Framework) -> Result<Workbook, Vec<CellError>> {
    let mut book: Xlsx<_> = match Xlsx::new(Cursor::new(bytes)) {
        Ok(book) => book,
        Err(problem) => {
            return Err(vec![CellError {
                sheet: None,
                row: 0,
                column: String::new(),
                message: format!("not an XLSX workbook: {problem}"),
            }]);
        }
    };
    let mut errors = Vec::new();
    let about = sheet_grid(&mut book, SHEET_ABOUT, &mut errors).and_then(|grid| {
        Table::new(
            Some(SHEET_ABOUT.into()),
            true,
            grid,
            &ABOUT_COLUMNS,
            &mut errors,
        )
    });
    let inputs = sheet_grid(&mut book, SHEET_INPUTS, &mut errors).and_then(|grid| {
        Table::new(
            Some(SHEET_INPUTS.into()),
            true,
            grid,
            &["input", "value", "source"],
            &mut errors,
        )
    });
    let kpis = sheet_grid(&mut book, SHEET_KPIS, &mut errors).and_then(|grid| {
        Table::new(
            Some(SHEET_KPIS.into()),
            true,
            grid,
            &KPI_REQUIRED,
            &mut errors,
        )
    });
    let mut reader = RowReader::new(framework, errors);
    let about = about.map(|table| {
        for (row, cells) in &table.rows {
            reader.about_row(&table, *row, cells, "field", "value");
        }
        reader.finish_about(&table, "field")
    });
    if let Some(table) = &inputs {
        for (row, cells) in &table.rows {
            reader.input_row(table, *row, cells, "input");
        }
    }
    if let Some(table) = &kpis {
        for (row, cells) in &table.rows {
            reader.entry_row(table, *row, cells);
        }
    }
    match about {
        Some(about) if reader.errors.is_empty() && inputs.is_some() && kpis.is_some() => {
            Ok(Workbook {
                about,
                inputs: reader.inputs,
                entries: reader.entries,
            })
        }
        _ => Err(reader.errors),
    }
}
