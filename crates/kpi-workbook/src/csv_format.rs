//! The single CSV table: `section` = `about` | `input` | `kpi` on each row.

use civitas_indicators::Framework;

use crate::read::{Cell, RowReader, Table};
use crate::{
    CSV_COLUMNS, CellError, EntryLine, KPI_REQUIRED, Workbook, entry_helpers, format_number,
    input_helpers, yes_no,
};

const BOM: &str = "\u{feff}";

/// The workbook as one CSV table (UTF-8 with a byte-order mark, so spreadsheet programs
/// read accents and Arabic correctly), header [`CSV_COLUMNS`]. Text that a spreadsheet
/// would run as a formula (starting with `=`, `+`, `-`, `@`, tab, carriage return, or `'`)
/// is written with a leading `'`, which [`read_csv`] removes again.
///
/// `about` rows carry the field in `item` and its value in `value`; `input` rows the input
/// id in `item`; `kpi` rows use the KPI columns. `name` and `unit` are filled from
/// `framework` for people to read.
pub fn write_csv(workbook: &Workbook, framework: &Framework) -> Vec<u8> {
    let mut rows: Vec<[String; CSV_COLUMNS.len()]> = Vec::new();
    let about = &workbook.about;
    let about_fields = [
        ("city", guard(&about.city)),
        ("year", about.year.to_string()),
        ("framework", guard(&about.framework)),
        ("target_set", guard(&about.target_set)),
        ("revision", about.revision.to_string()),
        ("status", guard(&about.status)),
        (
            "currency",
            guard(about.currency.as_deref().unwrap_or_default()),
        ),
    ];
    for (field, value) in about_fields {
        let mut row: [String; CSV_COLUMNS.len()] = Default::default();
        row[0] = "about".into();
        row[1] = field.into();
        row[col("value")] = value;
        rows.push(row);
    }
    for input in &workbook.inputs {
        let (name, unit) = input_helpers(framework, input);
        let mut row: [String; CSV_COLUMNS.len()] = Default::default();
        row[0] = "input".into();
        row[1] = input.input.clone();
        row[col("name")] = guard(&name);
        row[col("unit")] = guard(&unit);
        row[col("value")] = opt(input.value);
        row[col("source")] = guard(&input.source);
        rows.push(row);
    }
    for entry in &workbook.entries {
        let mut row: [String; CSV_COLUMNS.len()] = Default::default();
        row[0] = "kpi".into();
        fill_entry(&mut row, entry, framework);
        rows.push(row);
    }

    let mut out = BOM.as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new().from_writer(&mut out);
        // Writing to a Vec cannot fail; an error here would be a bug in `csv`.
        let _ = writer.write_record(CSV_COLUMNS);
        for row in &rows {
            let _ = writer.write_record(row);
        }
        let _ = writer.flush();
    }
    out
}

/// The header's name for a column, for errors found before the header is checked.
fn header_name(header: Option<&Vec<Cell>>, column: usize) -> String {
    match header.and_then(|h| h.get(column)) {
        Some(Cell::Text(name)) => name.trim().to_lowercase(),
        _ => String::new(),
    }
}

/// Characters that make a spreadsheet program read a cell as a formula (CSV injection).
const FORMULA_START: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// Text as the CSV writes it: text that a spreadsheet would run as a formula gets a leading
/// `'` (shown as text, not run). A leading `'` is itself guarded, so [`unguard`] is exact.
fn guard(text: &str) -> String {
    if text.starts_with(FORMULA_START) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// Undo [`guard`]: drop one leading `'` before a formula character. Other text, including
/// a `'` a person typed before a letter, is left alone.
fn unguard(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => text,
    }
}

fn col(name: &str) -> usize {
    CSV_COLUMNS.iter().position(|c| *c == name).unwrap_or(0)
}

fn opt(value: Option<f64>) -> String {
    value.map(format_number).unwrap_or_default()
}

fn fill_entry(row: &mut [String; CSV_COLUMNS.len()], entry: &EntryLine, framework: &Framework) {
    let (name, unit) = entry_helpers(framework, entry);
    row[col("kpi")] = entry.kpi.clone();
    row[col("data_point")] = entry.data_point.clone().unwrap_or_default();
    row[col("name")] = guard(&name);
    row[col("unit")] = guard(&unit);
    row[col("numerator")] = opt(entry.numerator);
    row[col("denominator")] = opt(entry.denominator);
    row[col("value")] = opt(entry.value);
    row[col("source")] = guard(&entry.source);
    row[col("note")] = guard(&entry.note);
    row[col("quality")] = entry
        .quality
        .map(|q| q.as_str().to_string())
        .unwrap_or_default();
    row[col("not_reported")] = yes_no(entry.not_reported).into();
    row[col("not_reported_reason")] = guard(&entry.not_reported_reason);
    if let Some(result) = &entry.result {
        row[col("computed_value")] = opt(result.computed_value);
        row[col("target")] = opt(result.target);
        row[col("achievement_pct")] = opt(result.achievement_pct);
        row[col("points")] = result.points.map(|p| p.to_string()).unwrap_or_default();
        row[col("band")] = guard(result.band.as_deref().unwrap_or_default());
        row[col("verified")] = result.verified.map(yes_no).unwrap_or_default().into();
    }
}

/// Read what [`write_csv`] writes (or a person edited). Every bad cell is reported;
/// `CellError::sheet` is `None`. Required columns: `section`, `item` and the KPI data
/// columns; `name`, `unit` and the computed columns may be absent and are ignored.
pub fn read_csv(bytes: &[u8], framework: &Framework) -> Result<Workbook, Vec<CellError>> {
    let bytes = bytes.strip_prefix(BOM.as_bytes()).unwrap_or(bytes);
    let mut errors = Vec::new();
    let mut grid: Vec<Vec<Cell>> = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    for (index, record) in reader.byte_records().enumerate() {
        let row = index + 1;
        match record {
            Ok(record) => {
                let mut cells = Vec::with_capacity(record.len());
                for (column, field) in record.iter().enumerate() {
                    match std::str::from_utf8(field) {
                        Ok("") => cells.push(Cell::Empty),
                        Ok(text) => cells.push(Cell::Text(unguard(text).to_string())),
                        Err(_) => {
                            errors.push(CellError {
                                sheet: None,
                                row,
                                column: header_name(grid.first(), column),
                                message: "the text is not UTF-8: save the file as \"CSV UTF-8\""
                                    .into(),
                            });
                            cells.push(Cell::Empty);
                        }
                    }
                }
                grid.push(cells);
            }
            Err(problem) => {
                let row = problem
                    .position()
                    .map(|p| p.record() as usize + 1)
                    .unwrap_or(row);
                errors.push(CellError {
                    sheet: None,
                    row,
                    column: String::new(),
                    message: format!("the CSV cannot be read here: {problem}"),
                });
                return Err(errors);
            }
        }
    }
    let mut required = vec!["section", "item"];
    required.extend(KPI_REQUIRED);
    let Some(table) = Table::new(None, false, grid, &required, &mut errors) else {
        return Err(errors);
    };
    let mut reader = RowReader::new(framework, errors);
    for (row, cells) in &table.rows {
        let section = match table.cell(cells, "section") {
            Cell::Text(text) => text.trim().to_lowercase(),
            _ => String::new(),
        };
        match section.as_str() {
            "about" => reader.about_row(&table, *row, cells, "item", "value"),
            "input" => reader.input_row(&table, *row, cells, "item"),
            "kpi" => reader.entry_row(&table, *row, cells),
            _ => reader.errors.push(table.error(
                *row,
                "section",
                format!("expected about, input or kpi, found `{section}`"),
            )),
        }
    }
    let about = reader.finish_about(&table, "section");
    if reader.errors.is_empty() {
        Ok(Workbook {
            about,
            inputs: reader.inputs,
            entries: reader.entries,
        })
    } else {
        Err(reader.errors)
    }
}
