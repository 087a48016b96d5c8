//! Round trips (CSV and XLSX) and every bad-cell case of the import.

use calamine::{Data, Reader, Xlsx};
use civitas_indicators::{DataQuality, Framework};
use civitas_kpi_workbook::{
    ABOUT_COLUMNS, About, CSV_COLUMNS, CellError, EntryLine, INPUT_COLUMNS, InputLine, KPI_COLUMNS,
    ResultColumns, Workbook, XlsxWriteError, read_csv, read_xlsx, write_csv, write_xlsx,
};

fn framework() -> Framework {
    Framework::u4ssc_2017().expect("built-in framework loads")
}

/// A workbook that uses every field: all six quality grades, multi-part KPIs, a yes/no KPI,
/// a KPI not reported, empty lines, Unicode (French, Arabic), commas, quotes and newlines.
fn full_workbook() -> Workbook {
    let result = ResultColumns {
        computed_value: Some(85.0),
        target: Some(100.0),
        achievement_pct: Some(85.0),
        points: Some(3),
        band: Some("66-100 %".into()),
        verified: Some(true),
    };
    Workbook {
        about: About {
            city: "Saint-Étienne-du-Rouvray".into(),
            year: 2024,
            framework: "u4ssc-2017@2017.1".into(),
            target_set: "défaut, ville".into(),
            revision: 3,
            status: "submitted".into(),
            currency: Some("EUR".into()),
        },
        inputs: vec![
            InputLine {
                input: "households".into(),
                value: Some(20_000.0),
                source: "INSEE, recensement \"2021\"".into(),
            },
            InputLine {
                input: "population".into(),
                value: Some(52_876.5),
                source: "تعداد السكان".into(),
            },
            InputLine {
                input: "area".into(),
                value: None,
                source: String::new(),
            },
        ],
        entries: vec![
            EntryLine {
                kpi: "EC: ICT: ICT: 1C".into(),
                data_point: None,
                numerator: Some(17_000.0),
                denominator: Some(20_000.0),
                value: None,
                source: "Enquête ménages, 2023".into(),
                note: "Note with, commas; \"quotes\"\nand a second line".into(),
                quality: Some(DataQuality::Measured),
                not_reported: false,
                not_reported_reason: String::new(),
                result: Some(result.clone()),
            },
            EntryLine {
                kpi: "EN: EN: AQ: 1C".into(),
                data_point: Some("PM2.5".into()),
                value: Some(9.5),
                source: "Station Atmo".into(),
                note: "مؤشر جودة الهواء — moyenne annuelle".into(),
                quality: Some(DataQuality::SurveyExtrapolation),
                result: Some(ResultColumns {
                    computed_value: Some(9.5),
                    target: Some(5.0),
                    achievement_pct: Some(52.631578947368425),
                    points: Some(2),
                    band: Some("33-66 %".into()),
                    verified: Some(false),
                }),
                ..EntryLine::default()
            },
            EntryLine {
                kpi: "EN: EN: AQ: 1C".into(),
                data_point: Some("PM10".into()),
                value: Some(0.1 + 0.2),
                quality: Some(DataQuality::HigherLevelExtrapolation),
                ..EntryLine::default()
            },
            EntryLine {
                kpi: "EC: ICT: ICT: 4C".into(),
                data_point: Some("4G".into()),
                numerator: Some(1e-7),
                denominator: Some(123_456_789.125),
                quality: Some(DataQuality::AssumptionEstimate),
                ..EntryLine::default()
            },
            EntryLine {
                kpi: "EC: I: UP: 2A".into(),
                data_point: Some("compact".into()),
                value: Some(1.0),
                quality: Some(DataQuality::PersonalEstimate),
                source: "  leading and trailing spaces  ".into(),
                ..EntryLine::default()
            },
            EntryLine {
                kpi: "SC: SH: SA: 3A".into(),
                quality: Some(DataQuality::UnknownMethod),
                not_reported: true,
                not_reported_reason: "Pas de données — لا توجد بيانات".into(),
                result: Some(ResultColumns::default()),
                ..EntryLine::default()
            },
            EntryLine {
                kpi: "EC: ICT: ICT: 2C".into(),
                // A reason left over from an earlier revision is kept as it is.
                not_reported_reason: "was not reported in 2022".into(),
                value: Some(-4.25),
                ..EntryLine::default()
            },
        ],
    }
}

/// What the readers give back: the computed columns are never read.
fn without_results(mut workbook: Workbook) -> Workbook {
    for entry in &mut workbook.entries {
        entry.result = None;
    }
    workbook
}

#[test]
fn csv_round_trip_keeps_every_field() {
    let framework = framework();
    let workbook = full_workbook();
    let bytes = write_csv(&workbook, &framework);
    let back = read_csv(&bytes, &framework).expect("what write_csv writes reads back");
    assert_eq!(back, without_results(workbook));
}

#[test]
fn xlsx_round_trip_keeps_every_field() {
    let framework = framework();
    let workbook = full_workbook();
    let bytes = write_xlsx(&workbook, &framework).expect("writes");
    let back = read_xlsx(&bytes, &framework).expect("what write_xlsx writes reads back");
    assert_eq!(back, without_results(workbook));
}

#[test]
fn csv_guards_text_a_spreadsheet_would_run_as_a_formula() {
    let framework = framework();
    let mut workbook = full_workbook();
    workbook.about.city = "=cmd|' /C calc'!A0".into();
    workbook.about.status = "'quoted".into();
    workbook.entries[0].note = "=HYPERLINK(\"http://example.invalid\",\"x\")".into();
    workbook.entries[0].source = "+33 1 23 45 67 89".into();
    workbook.entries[1].source = "@home".into();
    workbook.entries[1].note = "-minus".into();
    workbook.entries[2].note = "'=already guarded by hand".into();
    workbook.inputs[0].source = "\tTab".into();
    let bytes = write_csv(&workbook, &framework);
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert!(text.contains("\nabout,city,,,,,,,'=cmd|' /C calc'!A0,"));
    assert!(text.contains(",'+33 1 23 45 67 89,"));
    assert!(text.contains(",'@home,'-minus,"));
    assert!(text.contains("''=already guarded by hand"));
    // Numbers stay numbers: a negative value is not turned into text.
    assert!(text.contains(",-4.25,"));
    assert_eq!(read_csv(&bytes, &framework), Ok(without_results(workbook)));
}

#[test]
fn csv_apostrophe_before_a_letter_is_kept() {
    let csv = format!("{HEADER}\n{ABOUT}kpi,,EC: ICT: ICT: 1C,,,,5,'t Hooft,,,,\n");
    let workbook = read_csv(csv.as_bytes(), &framework()).expect("reads");
    assert_eq!(workbook.entries[0].source, "'t Hooft");
}

#[test]
fn empty_workbook_round_trips() {
    let framework = framework();
    let workbook = Workbook {
        about: About {
            city: "X".into(),
            framework: "u4ssc-2017@2017.1".into(),
            ..About::default()
        },
        inputs: vec![],
        entries: vec![],
    };
    let csv = write_csv(&workbook, &framework);
    assert_eq!(read_csv(&csv, &framework), Ok(workbook.clone()));
    let xlsx = write_xlsx(&workbook, &framework).expect("writes");
    assert_eq!(read_xlsx(&xlsx, &framework), Ok(workbook));
}

#[test]
fn csv_has_one_table_with_the_documented_header_and_helper_columns() {
    let framework = framework();
    let bytes = write_csv(&full_workbook(), &framework);
    let text = String::from_utf8(bytes).expect("UTF-8");
    let text = text
        .strip_prefix('\u{feff}')
        .expect("starts with a BOM for Excel");
    let header = text.lines().next().expect("header");
    assert_eq!(header, CSV_COLUMNS.join(","));
    assert_eq!(
        header,
        "section,item,kpi,data_point,name,unit,numerator,denominator,value,source,note,quality,\
         not_reported,not_reported_reason,computed_value,target,achievement_pct,points,band,verified"
    );
    assert!(text.contains("\nabout,city,,,,,,,Saint-Étienne-du-Rouvray,"));
    assert!(text.contains("\ninput,households,,,Number of households,households,,,20000,"));
    assert!(text.contains(
        "\nkpi,,EN: EN: AQ: 1C,PM2.5,Air Pollution — PM2.5 annual mean,\
         \"ug/m3 (annual mean, per pollutant)\",,,9.5,Station Atmo,"
    ));
    assert!(text.contains(",85,100,85,3,66-100 %,yes\n"));
}

#[test]
fn xlsx_has_three_sheets_with_the_documented_headers() {
    let framework = framework();
    let bytes = write_xlsx(&full_workbook(), &framework).expect("writes");
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("opens");
    assert_eq!(book.sheet_names(), vec!["About", "Inputs", "KPIs"]);
    for (sheet, columns) in [
        ("About", &ABOUT_COLUMNS[..]),
        ("Inputs", &INPUT_COLUMNS[..]),
        ("KPIs", &KPI_COLUMNS[..]),
    ] {
        let range = book.worksheet_range(sheet).expect("sheet");
        let header: Vec<String> = range
            .rows()
            .next()
            .expect("header row")
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(header, columns, "{sheet}");
    }
    let kpis = book.worksheet_range("KPIs").expect("sheet");
    // Numbers are numbers, helpers are filled, computed columns are written.
    assert_eq!(kpis.get_value((1, 4)), Some(&Data::Float(17_000.0)));
    assert_eq!(
        kpis.get_value((2, 2)),
        Some(&Data::String("Air Pollution — PM2.5 annual mean".into()))
    );
    assert_eq!(kpis.get_value((1, 15)), Some(&Data::Float(3.0)));
    assert_eq!(kpis.get_value((1, 17)), Some(&Data::String("yes".into())));
    let about = book.worksheet_range("About").expect("sheet");
    assert_eq!(about.get_value((2, 1)), Some(&Data::Float(2024.0)));
}

#[test]
fn import_spells_codes_as_the_catalogue_does_and_ignores_computed_columns() {
    let framework = framework();
    let csv = format!(
        "{HEADER},computed_value,points,band\n{ABOUT}\
         kpi,,en:en:aq:1c,pm2.5,,,9.5,,,MEASURED,No,,not a number,lots,anything\n\
         input,HOUSEHOLDS,,,,,20000,,,,,\n"
    );
    let workbook = read_csv(csv.as_bytes(), &framework).expect("reads");
    assert_eq!(workbook.entries[0].kpi, "EN: EN: AQ: 1C");
    assert_eq!(workbook.entries[0].data_point.as_deref(), Some("PM2.5"));
    assert_eq!(workbook.entries[0].quality, Some(DataQuality::Measured));
    assert_eq!(workbook.entries[0].result, None);
    assert_eq!(workbook.inputs[0].input, "households");
}

// ---- bad cells, CSV ----

const HEADER: &str = "section,item,kpi,data_point,numerator,denominator,value,source,note,quality,not_reported,not_reported_reason";
/// Rows 2 to 7.
const ABOUT: &str = "about,city,,,,,Lyon,,,,,\n\
                     about,year,,,,,2024,,,,,\n\
                     about,framework,,,,,u4ssc-2017@2017.1,,,,,\n\
                     about,target_set,,,,,default,,,,,\n\
                     about,revision,,,,,1,,,,,\n\
                     about,status,,,,,draft,,,,,\n";

/// Errors of a CSV whose lines from row 8 on are `rows`.
fn csv_errors(rows: &str) -> Vec<CellError> {
    let csv = format!("{HEADER}\n{ABOUT}{rows}");
    read_csv(csv.as_bytes(), &framework()).expect_err("the file has bad cells")
}

fn one_csv_error(rows: &str) -> CellError {
    let errors = csv_errors(rows);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let error = errors.into_iter().next().expect("one");
    assert_eq!(error.sheet, None);
    error
}

fn assert_error(error: &CellError, row: usize, column: &str, needles: &[&str]) {
    assert_eq!(error.row, row, "{error:#?}");
    assert_eq!(error.column, column, "{error:#?}");
    for needle in needles {
        assert!(
            error.message.contains(needle),
            "`{}` lacks `{needle}`",
            error.message
        );
    }
}

#[test]
fn unknown_kpi_code() {
    let error = one_csv_error("kpi,,EC: ICT: ICT: 99C,,,,5,,,,,\n");
    assert_error(&error, 8, "kpi", &["unknown KPI code `EC: ICT: ICT: 99C`"]);
    assert_eq!(
        error.to_string(),
        "row 8, column kpi: unknown KPI code `EC: ICT: ICT: 99C`"
    );
}

#[test]
fn yes_no_kpi_takes_yes_no_1_or_0() {
    let csv = format!(
        "{HEADER}\n{ABOUT}kpi,,EC: I: UP: 2A,compact,,,Yes,,,,,\n\
         kpi,,EC: I: UP: 2A,connected,,,no,,,,,\n\
         kpi,,EC: I: UP: 2A,integrated,,,1,,,,,\n"
    );
    let workbook = read_csv(csv.as_bytes(), &framework()).expect("reads");
    let values: Vec<Option<f64>> = workbook.entries.iter().map(|e| e.value).collect();
    assert_eq!(values, vec![Some(1.0), Some(0.0), Some(1.0)]);

    let errors = csv_errors(
        "kpi,,EC: I: UP: 2A,compact,,,0.5,,,,,\n\
         kpi,,EC: I: UP: 2A,connected,,,perhaps,,,,,\n\
         kpi,,EC: ICT: ICT: 2C,,,,yes,,,,,\n",
    );
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert_error(&errors[0], 8, "value", &["yes, no, 1 or 0, not 0.5"]);
    assert_error(
        &errors[1],
        9,
        "value",
        &["expected a number like 12.5", "`perhaps`"],
    );
    assert_error(
        &errors[2],
        10,
        "value",
        &["expected a number like 12.5", "`yes`"],
    );
}

#[test]
fn missing_kpi_code() {
    let error = one_csv_error("kpi,,,,,,5,,,,,\n");
    assert_error(&error, 8, "kpi", &["KPI code is required"]);
}

#[test]
fn unknown_data_point_names_the_expected_ones() {
    let error = one_csv_error("kpi,,EN: EN: AQ: 1C,PM1,,,5,,,,,\n");
    assert_error(
        &error,
        8,
        "data_point",
        &["`PM1`", "PM10, PM2.5, NO2, SO2, O3"],
    );
}

#[test]
fn multi_part_kpi_without_data_point() {
    let error = one_csv_error("kpi,,EN: EN: AQ: 1C,,,,5,,,,,\n");
    assert_error(&error, 8, "data_point", &["per data point", "PM2.5"]);
}

#[test]
fn data_point_on_a_kpi_without_data_points() {
    let error = one_csv_error("kpi,,EC: ICT: ICT: 1C,4G,,,5,,,,,\n");
    assert_error(&error, 8, "data_point", &["has no data points", "`4G`"]);
}

#[test]
fn unknown_city_input() {
    let error = one_csv_error("input,inhabitants,,,,,100,,,,,\n");
    assert_error(
        &error,
        8,
        "item",
        &["unknown city input `inhabitants`", "population"],
    );
}

#[test]
fn city_input_that_is_not_positive() {
    let error = one_csv_error("input,population,,,,,0,,,,,\n");
    assert_error(&error, 8, "value", &["positive"]);
}

#[test]
fn text_where_a_number_belongs() {
    let errors = csv_errors(
        "kpi,,EC: ICT: ICT: 1C,,\"1,5\",20000,,,,,,\n\
         kpi,,EC: ICT: ICT: 2C,,,,12 %,,,,,\n\
         input,population,,,,,NaN,,,,,\n",
    );
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert_error(
        &errors[0],
        8,
        "numerator",
        &["expected a number like 12.5", "`1,5`"],
    );
    assert_error(
        &errors[1],
        9,
        "value",
        &["expected a number like 12.5", "`12 %`"],
    );
    assert_error(
        &errors[2],
        10,
        "value",
        &["expected a number like 12.5", "`NaN`"],
    );
}

#[test]
fn zero_or_negative_denominator() {
    let errors = csv_errors(
        "kpi,,EC: ICT: ICT: 1C,,5,0,,,,,,\n\
         kpi,,EC: ICT: ICT: 2C,,5,-3,,,,,,\n",
    );
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_error(
        &errors[0],
        8,
        "denominator",
        &["greater than zero", "found 0"],
    );
    assert_error(
        &errors[1],
        9,
        "denominator",
        &["greater than zero", "found -3"],
    );
}

#[test]
fn unknown_quality_lists_the_six_codes() {
    let error = one_csv_error("kpi,,EC: ICT: ICT: 1C,,,,5,,,estimated,,\n");
    assert_error(
        &error,
        8,
        "quality",
        &[
            "unknown data quality `estimated`",
            "measured",
            "survey_extrapolation",
            "higher_level_extrapolation",
            "assumption_estimate",
            "personal_estimate",
            "unknown_method",
        ],
    );
}

#[test]
fn not_reported_must_be_yes_or_no() {
    let error = one_csv_error("kpi,,EC: ICT: ICT: 1C,,,,,,,,maybe,\n");
    assert_error(
        &error,
        8,
        "not_reported",
        &["expected yes or no", "`maybe`"],
    );
}

#[test]
fn not_reported_needs_a_reason() {
    let error = one_csv_error("kpi,,EC: ICT: ICT: 1C,,,,,,,,yes,  \n");
    assert_error(&error, 8, "not_reported_reason", &["needs a reason"]);
}

#[test]
fn not_reported_with_numbers() {
    let error = one_csv_error("kpi,,EC: ICT: ICT: 1C,,5,,7,,,,yes,no data\n");
    assert_error(
        &error,
        8,
        "not_reported",
        &["not reported but has figures in numerator, value"],
    );
}

#[test]
fn duplicate_kpi_line_even_when_spelt_differently() {
    let errors = csv_errors(
        "kpi,,EN: EN: AQ: 1C,PM2.5,,,5,,,,,\n\
         kpi,,EC: ICT: ICT: 1C,,,,5,,,,,\n\
         kpi,,en:en:aq:1c,pm2.5,,,6,,,,,\n\
         kpi,,EC: ICT: ICT: 1C,,,,5,,,,,\n",
    );
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_error(
        &errors[0],
        10,
        "kpi",
        &["`EN: EN: AQ: 1C / PM2.5` appears twice (first on row 8)"],
    );
    assert_error(&errors[1], 11, "kpi", &["appears twice (first on row 9)"]);
}

#[test]
fn duplicate_city_input() {
    let error = one_csv_error("input,population,,,,,5,,,,,\ninput,population,,,,,6,,,,,\n");
    assert_error(
        &error,
        9,
        "item",
        &["city input `population` appears twice (first on row 8)"],
    );
}

#[test]
fn missing_required_headers_are_named() {
    let csv = "section,item,kpi,data_point,numerator,value,source,note,not_reported,not_reported_reason\n\
               about,city,,,,Lyon,,,,\n";
    let errors = read_csv(csv.as_bytes(), &framework()).expect_err("headers missing");
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_error(
        &errors[0],
        1,
        "denominator",
        &["required column `denominator`"],
    );
    assert_error(&errors[1], 1, "quality", &["required column `quality`"]);
}

#[test]
fn year_and_revision_must_be_whole_numbers() {
    let csv = format!(
        "{HEADER}\n{}",
        ABOUT
            .replace("2024", "2024.5")
            .replace("revision,,,,,1", "revision,,,,,first")
    );
    let errors = read_csv(csv.as_bytes(), &framework()).expect_err("bad year");
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_error(
        &errors[0],
        3,
        "value",
        &["year must be a whole number", "`2024.5`"],
    );
    assert_error(&errors[1], 6, "value", &["revision must be a whole number"]);
}

#[test]
fn missing_about_field_and_unknown_section() {
    let csv = format!(
        "{HEADER}\n{}assessment,x,,,,,,,,,,\n",
        ABOUT.replace("about,status,,,,,draft,,,,,\n", "")
    );
    let errors = read_csv(csv.as_bytes(), &framework()).expect_err("bad");
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_error(
        &errors[0],
        7,
        "section",
        &["expected about, input or kpi", "`assessment`"],
    );
    assert_error(
        &errors[1],
        1,
        "section",
        &["about field `status` is missing"],
    );
}

#[test]
fn three_bad_cells_are_all_reported() {
    let errors = csv_errors(
        "kpi,,EC: ICT: ICT: 1C,,twelve,20000,,,,,,\n\
         input,households,,,,,20000,,,,,\n\
         kpi,,EC: ICT: ICT: 2C,,,,5,,,guess,,\n\
         kpi,,XX,,,,5,,,,,\n",
    );
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert_error(&errors[0], 8, "numerator", &["`twelve`"]);
    assert_error(&errors[1], 10, "quality", &["`guess`"]);
    assert_error(&errors[2], 11, "kpi", &["unknown KPI code `XX`"]);
}

#[test]
fn csv_that_is_not_utf8_says_how_to_save_it() {
    let mut bytes = format!("{HEADER}\n{ABOUT}").into_bytes();
    bytes.extend_from_slice(b"kpi,,EC: ICT: ICT: 1C,,,,5,Enqu\xeate,,,,\n");
    let errors = read_csv(&bytes, &framework()).expect_err("Latin-1");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_error(&errors[0], 8, "source", &["CSV UTF-8"]);
}

// ---- bad cells, XLSX ----

enum X {
    S(&'static str),
    N(f64),
    B(bool),
}

/// An XLSX with these sheets; a sheet whose grid is `None` is left out.
fn xlsx(sheets: &[(&str, Option<Vec<Vec<X>>>)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, grid) in sheets {
        let Some(grid) = grid else { continue };
        let sheet = book.add_worksheet().set_name(*name).expect("name");
        for (r, row) in grid.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    X::S("") => continue,
                    X::S(text) => sheet.write_string(r, c, *text).map(|_| ()),
                    X::N(number) => sheet.write_number(r, c, *number).map(|_| ()),
                    X::B(value) => sheet.write_boolean(r, c, *value).map(|_| ()),
                }
                .expect("cell");
            }
        }
    }
    book.save_to_buffer().expect("saves")
}

fn about_sheet(year: X) -> Vec<Vec<X>> {
    use X::*;
    vec![
        vec![S("field"), S("value")],
        vec![S("city"), S("Lyon")],
        vec![S("year"), year],
        vec![S("framework"), S("u4ssc-2017@2017.1")],
        vec![S("target_set"), S("default")],
        vec![S("revision"), N(1.0)],
        vec![S("status"), S("draft")],
    ]
}

fn inputs_sheet(rows: Vec<Vec<X>>) -> Vec<Vec<X>> {
    use X::*;
    let mut grid = vec![vec![
        S("input"),
        S("name"),
        S("unit"),
        S("value"),
        S("source"),
    ]];
    grid.extend(rows);
    grid
}

/// KPIs sheet with the KPI_COLUMNS header; rows give kpi, data_point, numerator,
/// denominator, value, quality, not_reported, not_reported_reason.
fn kpis_sheet(rows: Vec<[X; 8]>) -> Vec<Vec<X>> {
    let mut grid = vec![KPI_COLUMNS.iter().map(|c| X::S(c)).collect::<Vec<_>>()];
    for [kpi, dp, num, den, value, quality, nr, reason] in rows {
        use X::S;
        grid.push(vec![
            kpi,
            dp,
            S(""),
            S(""),
            num,
            den,
            value,
            S(""),
            S(""),
            quality,
            nr,
            reason,
        ]);
    }
    grid
}

fn xlsx_errors(bytes: &[u8]) -> Vec<CellError> {
    read_xlsx(bytes, &framework()).expect_err("the file has bad cells")
}

#[test]
fn xlsx_errors_name_sheet_row_and_column_letter() {
    use X::*;
    let bytes = xlsx(&[
        ("About", Some(about_sheet(N(2024.5)))),
        (
            "Inputs",
            Some(inputs_sheet(vec![vec![
                S("inhabitants"),
                S(""),
                S(""),
                N(5.0),
            ]])),
        ),
        (
            "KPIs",
            Some(kpis_sheet(vec![
                [
                    S("EC: ICT: ICT: 1C"),
                    S(""),
                    S("twelve"),
                    N(0.0),
                    S(""),
                    S(""),
                    S(""),
                    S(""),
                ],
                [
                    S("EN: EN: AQ: 1C"),
                    S("PM2.5"),
                    S(""),
                    S(""),
                    B(true),
                    S("guess"),
                    S("maybe"),
                    S(""),
                ],
            ])),
        ),
    ]);
    let errors = xlsx_errors(&bytes);
    let about = Some("About".to_string());
    let inputs = Some("Inputs".to_string());
    let kpis = Some("KPIs".to_string());
    let found: Vec<(&Option<String>, usize, &str)> = errors
        .iter()
        .map(|e| (&e.sheet, e.row, e.column.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (&about, 3, "B (value)"),
            (&inputs, 2, "A (input)"),
            (&kpis, 2, "E (numerator)"),
            (&kpis, 2, "F (denominator)"),
            (&kpis, 3, "G (value)"),
            (&kpis, 3, "J (quality)"),
            (&kpis, 3, "K (not_reported)"),
        ],
        "{errors:#?}"
    );
    assert!(errors[0].message.contains("whole number like 2024"));
    assert!(
        errors[1]
            .message
            .contains("unknown city input `inhabitants`")
    );
    assert!(
        errors[2]
            .message
            .contains("expected a number like 12.5, found `twelve`")
            || errors[2].message.contains("expected a number like 12.5")
    );
    assert!(errors[4].message.contains("`TRUE`"));
    assert_eq!(
        errors[3].to_string(),
        "sheet `KPIs`, row 2, column F (denominator): the denominator must be greater than zero, found 0"
    );
}

#[test]
fn xlsx_three_bad_cells_are_all_reported() {
    use X::*;
    let bytes = xlsx(&[
        ("About", Some(about_sheet(S("2024")))),
        ("Inputs", Some(inputs_sheet(vec![]))),
        (
            "KPIs",
            Some(kpis_sheet(vec![
                [S("XX"), S(""), S(""), S(""), N(1.0), S(""), S(""), S("")],
                [
                    S("EC: ICT: ICT: 1C"),
                    S(""),
                    S(""),
                    N(-1.0),
                    S(""),
                    S(""),
                    S(""),
                    S(""),
                ],
                [
                    S("EC: ICT: ICT: 2C"),
                    S(""),
                    S(""),
                    S(""),
                    S(""),
                    S(""),
                    S("yes"),
                    S(""),
                ],
            ])),
        ),
    ]);
    let errors = xlsx_errors(&bytes);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert_error(&errors[0], 2, "A (kpi)", &["unknown KPI code `XX`"]);
    assert_error(&errors[1], 3, "F (denominator)", &["greater than zero"]);
    assert_error(
        &errors[2],
        4,
        "L (not_reported_reason)",
        &["needs a reason"],
    );
}

#[test]
fn xlsx_missing_sheet_and_missing_header() {
    use X::*;
    let mut kpis = kpis_sheet(vec![]);
    kpis[0][5] = S("denominateur");
    let bytes = xlsx(&[
        ("About", Some(about_sheet(N(2024.0)))),
        ("Inputs", None),
        ("KPIs", Some(kpis)),
    ]);
    let errors = xlsx_errors(&bytes);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(errors[0].sheet.as_deref(), Some("Inputs"));
    assert!(errors[0].message.contains("no sheet named `Inputs`"));
    assert_eq!(errors[1].sheet.as_deref(), Some("KPIs"));
    assert_error(
        &errors[1],
        1,
        "denominator",
        &["required column `denominator`"],
    );
}

#[test]
fn not_an_xlsx_file() {
    let errors = xlsx_errors(b"section,item\n");
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("not an XLSX workbook"));
}

#[test]
fn xlsx_writer_refuses_what_no_cell_can_hold() {
    let framework = framework();
    let mut workbook = full_workbook();
    workbook.entries[0].note = "x".repeat(32_768);
    match write_xlsx(&workbook, &framework) {
        Err(XlsxWriteError::TextTooLong {
            sheet, row, column, ..
        }) => {
            assert_eq!(
                (sheet.as_str(), row, column.as_str()),
                ("KPIs", 2, "I (note)")
            );
        }
        other => panic!("expected TextTooLong, got {other:?}"),
    }
    let mut workbook = full_workbook();
    workbook.inputs[0].value = Some(f64::NAN);
    assert!(matches!(
        write_xlsx(&workbook, &framework),
        Err(XlsxWriteError::NotFinite { .. })
    ));
}
