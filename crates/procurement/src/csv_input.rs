//! Reading criteria, bids and comparison matrices from CSV, with errors that point at the row
//! (the header is row 1, as in a spreadsheet) and the column.
//!
//! * criteria: `criterion,weight,kind[,min_score][,parent]` — `kind` is `quality` or `price`;
//!   `min_score` an optional 0–100 threshold; `parent` (optional column) makes the row a
//!   sub-criterion of the named quality criterion, its weight then being a percentage of the
//!   parent's weight (the sub-criteria of one parent sum to 100).
//! * bids: `bidder,criterion,value` — one row per bidder and scored criterion: a 0–100 score for
//!   a quality criterion or sub-criterion, the offered price for the price criterion.
//! * AHP matrix: a header row `criterion,A,B,C…`, then one row per criterion in the same order,
//!   `A,1,3,5`. A cell is a number or a fraction such as `1/3`; a cell below the diagonal may be
//!   left empty and is then the reciprocal of its mirror.

use std::collections::BTreeMap;
use std::io::Read;

use crate::ahp::{AhpError, PairwiseMatrix};
use crate::bid::Bid;
use crate::criteria::{CriteriaError, CriteriaSet, Criterion, CriterionKind, SubCriterion};

/// What is wrong in one cell.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CellProblem {
    #[error("is empty; expected {0}")]
    Empty(&'static str),
    #[error("expected a number (like 120000.50, no thousands separators), found `{0}`")]
    NotANumber(String),
    #[error("expected `quality` or `price`, found `{0}`")]
    BadKind(String),
    #[error("price {0} must be greater than 0")]
    PriceNotPositive(f64),
    #[error("score {0} is outside 0–100")]
    ScoreOutOfRange(f64),
    #[error("unknown criterion `{name}`; the scored criteria are {known}")]
    UnknownCriterion { name: String, known: String },
    #[error("`{name}` is scored through its sub-criteria ({subs}); give one row per sub-criterion")]
    ScoredThroughSubCriteria { name: String, subs: String },
    #[error(
        "duplicate: bidder `{bidder}` already has a value for `{criterion}` in row {first_row}"
    )]
    DuplicateBid {
        bidder: String,
        criterion: String,
        first_row: u64,
    },
    #[error("`{0}` is not a top-level quality criterion of this file")]
    BadParent(String),
    #[error("a sub-criterion must have kind `quality`")]
    SubCriterionNotQuality,
    #[error("expected `{expected}` here (rows in the same order as the columns), found `{found}`")]
    MatrixRowOrder { expected: String, found: String },
    #[error("is empty and so is its mirror; give at least one of the two")]
    BothEmpty,
}

/// An error in a CSV input, naming the row (header = row 1) and column.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InputError {
    #[error("row {row}: not valid CSV: {message}")]
    Malformed { row: u64, message: String },
    #[error("row 1 (header): missing column `{column}`; expected columns {expected}")]
    MissingColumn {
        column: &'static str,
        expected: &'static str,
    },
    #[error("row 1 (header): unknown column `{column}`; expected columns {expected}")]
    UnknownColumn {
        column: String,
        expected: &'static str,
    },
    #[error("row 1 (header): column `{0}` appears twice")]
    DuplicateColumn(String),
    #[error("no data rows after the header")]
    NoRows,
    #[error("row {row}, column `{column}`: {problem}")]
    Cell {
        row: u64,
        column: String,
        problem: CellProblem,
    },
    #[error("{}column `{column}`: {source}", rows_prefix(.rows))]
    Criteria {
        rows: Vec<u64>,
        column: &'static str,
        source: CriteriaError,
    },
    #[error(
        "bidder `{bidder}` (first row {first_row}): no row for criterion `{criterion}`; every bidder needs one value per scored criterion"
    )]
    MissingValue {
        bidder: String,
        criterion: String,
        first_row: u64,
    },
    #[error("{}{source}", rows_prefix(.rows))]
    Matrix { rows: Vec<u64>, source: AhpError },
}

fn rows_prefix(rows: &[u64]) -> String {
    match rows {
        [] => String::new(),
        [row] => format!("row {row}, "),
        [first, .., last] => format!("rows {first}–{last}, "),
    }
}

/// A bidder's values by criterion, each with the row it came from.
type RowValues = BTreeMap<String, (u64, f64)>;

const CRITERIA_COLUMNS: &str = "criterion,weight,kind[,min_score][,parent]";
const BIDS_COLUMNS: &str = "bidder,criterion,value";

/// Parsed CSV records with their file line numbers (header = row 1).
struct Table {
    header: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

fn read_table(input: impl Read) -> Result<Table, InputError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input);
    let header = reader
        .headers()
        .map_err(|e| malformed(&e, 1))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let row = reader.position().line() + 1;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let row = record.position().map_or(row, |p| p.line());
                let cells: Vec<String> = record.iter().map(str::to_string).collect();
                if cells.iter().all(String::is_empty) {
                    continue;
                }
                rows.push((row, cells));
            }
            Err(e) => return Err(malformed(&e, row)),
        }
    }
    Ok(Table { header, rows })
}

impl Table {
    fn require_rows(&self) -> Result<(), InputError> {
        if self.rows.is_empty() {
            Err(InputError::NoRows)
        } else {
            Ok(())
        }
    }
}

fn malformed(error: &csv::Error, row: u64) -> InputError {
    let row = error.position().map_or(row, |p| p.line());
    InputError::Malformed {
        row,
        message: error.to_string(),
    }
}

/// Finds the position of each expected column; refuses unknown or repeated ones.
fn columns(
    header: &[String],
    required: &[&'static str],
    optional: &[&'static str],
    expected: &'static str,
) -> Result<BTreeMap<&'static str, usize>, InputError> {
    let mut found = BTreeMap::new();
    for (index, name) in header.iter().enumerate() {
        let lower = name.to_lowercase();
        let Some(known) = required
            .iter()
            .chain(optional)
            .find(|c| **c == lower.as_str())
        else {
            return Err(InputError::UnknownColumn {
                column: name.clone(),
                expected,
            });
        };
        if found.insert(*known, index).is_some() {
            return Err(InputError::DuplicateColumn(name.clone()));
        }
    }
    for column in required {
        if !found.contains_key(column) {
            return Err(InputError::MissingColumn { column, expected });
        }
    }
    Ok(found)
}

fn cell<'a>(cells: &'a [String], index: Option<&usize>) -> &'a str {
    index.and_then(|&i| cells.get(i)).map_or("", String::as_str)
}

fn cell_error(row: u64, column: &str, problem: CellProblem) -> InputError {
    InputError::Cell {
        row,
        column: column.to_string(),
        problem,
    }
}

fn number(text: &str, row: u64, column: &str, expected: &'static str) -> Result<f64, InputError> {
    if text.is_empty() {
        return Err(cell_error(row, column, CellProblem::Empty(expected)));
    }
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(cell_error(
            row,
            column,
            CellProblem::NotANumber(text.into()),
        )),
    }
}

/// Reads and checks a criteria CSV.
pub fn read_criteria(input: impl Read) -> Result<CriteriaSet, InputError> {
    let table = read_table(input)?;
    let cols = columns(
        &table.header,
        &["criterion", "weight", "kind"],
        &["min_score", "parent"],
        CRITERIA_COLUMNS,
    )?;
    table.require_rows()?;
    let mut criteria: Vec<Criterion> = Vec::new();
    let mut row_of: BTreeMap<String, u64> = BTreeMap::new();
    let mut subs: Vec<(u64, String, SubCriterion)> = Vec::new();
    for (row, cells) in &table.rows {
        let row = *row;
        let name = cell(cells, cols.get("criterion"));
        if name.is_empty() {
            return Err(cell_error(row, "criterion", CellProblem::Empty("a name")));
        }
        let weight = number(
            cell(cells, cols.get("weight")),
            row,
            "weight",
            "a percentage from 0 to 100",
        )?;
        let kind_text = cell(cells, cols.get("kind"));
        let kind = match kind_text.to_lowercase().as_str() {
            "quality" => Some(CriterionKind::Quality),
            "price" => Some(CriterionKind::Price),
            "" => None,
            _ => {
                return Err(cell_error(
                    row,
                    "kind",
                    CellProblem::BadKind(kind_text.into()),
                ));
            }
        };
        let min_text = cell(cells, cols.get("min_score"));
        let min_score = if min_text.is_empty() {
            None
        } else {
            Some(number(min_text, row, "min_score", "a score from 0 to 100")?)
        };
        if row_of.insert(name.to_string(), row).is_some() {
            return Err(InputError::Criteria {
                rows: vec![row],
                column: "criterion",
                source: CriteriaError::DuplicateName { name: name.into() },
            });
        }
        let parent = cell(cells, cols.get("parent"));
        if parent.is_empty() {
            let Some(kind) = kind else {
                return Err(cell_error(
                    row,
                    "kind",
                    CellProblem::Empty("`quality` or `price`"),
                ));
            };
            criteria.push(Criterion {
                name: name.into(),
                weight,
                kind,
                min_score,
                sub_criteria: Vec::new(),
            });
        } else {
            if kind == Some(CriterionKind::Price) {
                return Err(cell_error(row, "kind", CellProblem::SubCriterionNotQuality));
            }
            subs.push((
                row,
                parent.to_string(),
                SubCriterion {
                    name: name.into(),
                    weight,
                    min_score,
                },
            ));
        }
    }
    for (row, parent, sub) in subs {
        match criteria.iter_mut().find(|c| c.name == parent) {
            Some(c) if c.kind == CriterionKind::Quality => c.sub_criteria.push(sub),
            _ => return Err(cell_error(row, "parent", CellProblem::BadParent(parent))),
        }
    }
    CriteriaSet::new(criteria).map_err(|source| {
        let rows = match source.criterion() {
            Some(name) => row_of.get(name).map(|&r| vec![r]).unwrap_or_default(),
            None => table.rows.iter().map(|(r, _)| *r).collect(),
        };
        InputError::Criteria {
            rows,
            column: source.field(),
            source,
        }
    })
}

/// Reads the bids for a criteria set; checks every row and that every bidder has exactly one
/// value per scored criterion.
pub fn read_bids(input: impl Read, criteria: &CriteriaSet) -> Result<Vec<Bid>, InputError> {
    let table = read_table(input)?;
    let cols = columns(
        &table.header,
        &["bidder", "criterion", "value"],
        &[],
        BIDS_COLUMNS,
    )?;
    table.require_rows()?;
    let scored = criteria.scored_names();
    let price_name = criteria.price_criterion().name.as_str();
    // bidder → (first row, criterion → (row, value)), in order of first appearance.
    let mut order: Vec<String> = Vec::new();
    let mut values: BTreeMap<String, (u64, RowValues)> = BTreeMap::new();
    for (row, cells) in &table.rows {
        let row = *row;
        let bidder = cell(cells, cols.get("bidder"));
        if bidder.is_empty() {
            return Err(cell_error(
                row,
                "bidder",
                CellProblem::Empty("the bidder's name"),
            ));
        }
        let name = cell(cells, cols.get("criterion"));
        if name.is_empty() {
            return Err(cell_error(
                row,
                "criterion",
                CellProblem::Empty("a criterion name"),
            ));
        }
        if !scored.contains(&name) {
            let problem = match criteria.criteria().iter().find(|c| c.name == name) {
                Some(parent) => CellProblem::ScoredThroughSubCriteria {
                    name: name.into(),
                    subs: parent.scored_names().join(", "),
                },
                None => CellProblem::UnknownCriterion {
                    name: name.into(),
                    known: scored.join(", "),
                },
            };
            return Err(cell_error(row, "criterion", problem));
        }
        let is_price = name == price_name;
        let value = number(
            cell(cells, cols.get("value")),
            row,
            "value",
            if is_price {
                "the offered price"
            } else {
                "a score from 0 to 100"
            },
        )?;
        if is_price && value <= 0.0 {
            return Err(cell_error(
                row,
                "value",
                CellProblem::PriceNotPositive(value),
            ));
        }
        if !is_price && !(0.0..=100.0).contains(&value) {
            return Err(cell_error(
                row,
                "value",
                CellProblem::ScoreOutOfRange(value),
            ));
        }
        if !values.contains_key(bidder) {
            order.push(bidder.to_string());
        }
        let entry = values
            .entry(bidder.to_string())
            .or_insert_with(|| (row, BTreeMap::new()));
        if let Some((first_row, _)) = entry.1.get(name) {
            return Err(cell_error(
                row,
                "criterion",
                CellProblem::DuplicateBid {
                    bidder: bidder.into(),
                    criterion: name.into(),
                    first_row: *first_row,
                },
            ));
        }
        entry.1.insert(name.to_string(), (row, value));
    }
    let mut bids = Vec::new();
    for bidder in order {
        let Some((first_row, by_criterion)) = values.remove(&bidder) else {
            continue;
        };
        if let Some(missing) = scored.iter().find(|n| !by_criterion.contains_key(**n)) {
            return Err(InputError::MissingValue {
                bidder,
                criterion: (*missing).into(),
                first_row,
            });
        }
        let price = by_criterion.get(price_name).map_or(0.0, |(_, v)| *v);
        let scores = by_criterion
            .into_iter()
            .filter(|(name, _)| name != price_name)
            .map(|(name, (_, value))| (name, value));
        bids.push(Bid::new(bidder, price, scores));
    }
    Ok(bids)
}

/// Reads a pairwise comparison matrix (see the module documentation for the layout).
pub fn read_pairwise_matrix(input: impl Read) -> Result<PairwiseMatrix, InputError> {
    let table = read_table(input)?;
    table.require_rows()?;
    let names: Vec<String> = table.header.iter().skip(1).cloned().collect();
    if names.is_empty() || names.iter().any(String::is_empty) {
        return Err(InputError::Matrix {
            rows: vec![1],
            source: AhpError::Empty,
        });
    }
    let n = names.len();
    let mut cells: Vec<Vec<Option<f64>>> = Vec::new();
    let mut rows: Vec<u64> = Vec::new();
    for (index, (row, record)) in table.rows.iter().enumerate() {
        let row = *row;
        let label = record.first().map_or("", String::as_str);
        let Some(expected) = names.get(index) else {
            return Err(InputError::Matrix {
                rows: vec![row],
                source: AhpError::NotSquare {
                    row: label.into(),
                    found: table.rows.len(),
                    expected: n,
                },
            });
        };
        let column_name = table.header.first().map_or("criterion", String::as_str);
        if label != expected {
            return Err(cell_error(
                row,
                column_name,
                CellProblem::MatrixRowOrder {
                    expected: expected.clone(),
                    found: label.into(),
                },
            ));
        }
        if record.len() != n + 1 {
            return Err(InputError::Matrix {
                rows: vec![row],
                source: AhpError::NotSquare {
                    row: label.into(),
                    found: record.len().saturating_sub(1),
                    expected: n,
                },
            });
        }
        let mut values = Vec::with_capacity(n);
        for (j, text) in record.iter().skip(1).enumerate() {
            values.push(judgement(text, row, &names[j])?);
        }
        cells.push(values);
        rows.push(row);
    }
    if cells.len() != n {
        return Err(InputError::Matrix {
            rows: rows.clone(),
            source: AhpError::NotSquare {
                row: format!("(only {} rows)", cells.len()),
                found: cells.len(),
                expected: n,
            },
        });
    }
    let mut values = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..n {
            values[i][j] = match (cells[i][j], cells[j][i]) {
                (Some(v), _) => v,
                (None, Some(mirror)) if i > j => 1.0 / mirror,
                (None, _) if i == j => 1.0,
                _ => return Err(cell_error(rows[i], &names[j], CellProblem::BothEmpty)),
            };
        }
    }
    PairwiseMatrix::new(names.clone(), values).map_err(|source| {
        let rows = match &source {
            AhpError::NotPositive { row, .. }
            | AhpError::NotReciprocal { row, .. }
            | AhpError::DiagonalNotOne { row, .. } => names
                .iter()
                .position(|n| n == row)
                .and_then(|i| rows.get(i))
                .map(|&r| vec![r])
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        InputError::Matrix { rows, source }
    })
}

/// A judgement cell: empty, a number, or a fraction `a/b`.
fn judgement(text: &str, row: u64, column: &str) -> Result<Option<f64>, InputError> {
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || cell_error(row, column, CellProblem::NotANumber(text.into()));
    let value = match text.split_once('/') {
        Some((a, b)) => {
            let a: f64 = a.trim().parse().map_err(|_| bad())?;
            let b: f64 = b.trim().parse().map_err(|_| bad())?;
            a / b
        }
        None => text.parse().map_err(|_| bad())?,
    };
    if value.is_finite() {
        Ok(Some(value))
    } else {
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CRITERIA: &str = "criterion,weight,kind,min_score\nTechnical,45,quality,60\nSkills,15,quality,\nPrice,40,price,\n";

    fn criteria() -> CriteriaSet {
        read_criteria(CRITERIA.as_bytes()).unwrap()
    }

    fn err_criteria(text: &str) -> String {
        read_criteria(text.as_bytes()).unwrap_err().to_string()
    }

    fn err_bids(text: &str) -> String {
        read_bids(text.as_bytes(), &criteria())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn reads_criteria_with_thresholds() {
        let set = criteria();
        assert_eq!(set.criteria()[0].min_score, Some(60.0));
        assert_eq!(set.criteria()[1].min_score, None);
        assert_eq!(set.price_criterion().weight, 40.0);
    }

    #[test]
    fn reads_sub_criteria_through_the_parent_column() {
        let text = "criterion,weight,kind,min_score,parent\nTechnical,60,quality,,\nPerformance,70,,50,Technical\nReliability,30,quality,,Technical\nPrice,40,price,,\n";
        let set = read_criteria(text.as_bytes()).unwrap();
        assert_eq!(set.scored_names(), ["Performance", "Reliability", "Price"]);
        let bids = "bidder,criterion,value\nX,Technical,70\n";
        assert_eq!(
            read_bids(bids.as_bytes(), &set).unwrap_err().to_string(),
            "row 2, column `criterion`: `Technical` is scored through its sub-criteria (Performance, Reliability); give one row per sub-criterion"
        );
        assert!(
            err_criteria(
                "criterion,weight,kind,parent\nA,60,quality,\nB,100,quality,Nope\nP,40,price,\n"
            )
            .starts_with("row 3, column `parent`")
        );
    }

    #[test]
    fn criteria_errors_name_row_and_column() {
        assert_eq!(
            err_criteria("criterion,weight,kind\nA,50,quality\nB,40,price\n"),
            "rows 2–3, column `weight`: weights sum to 90, expected 100"
        );
        assert_eq!(
            err_criteria("criterion,weight,kind\nA,60,quality\nB,40,quality\n"),
            "rows 2–3, column `kind`: no criterion has kind `price`; expected exactly one price criterion"
        );
        assert!(
            err_criteria("criterion,weight,kind\nA,20,price\nB,80,price\n")
                .starts_with("row 3, column `kind`: criteria `A` and `B` both have kind `price`")
        );
        assert_eq!(
            err_criteria("criterion,weight,kind\nA,sixty,quality\nB,40,price\n"),
            "row 2, column `weight`: expected a number (like 120000.50, no thousands separators), found `sixty`"
        );
        assert!(
            err_criteria("criterion,weight,kind\nA,60,qualty\nB,40,price\n")
                .starts_with("row 2, column `kind`")
        );
        assert!(
            err_criteria("criterion,weight,kind,min_score\nA,60,quality,120\nB,40,price,\n")
                .starts_with("row 2, column `min_score`")
        );
        assert!(err_criteria("criterion,weight\nA,60\n").contains("missing column `kind`"));
        assert!(
            err_criteria("criterion,weight,kind,min-score\n")
                .contains("unknown column `min-score`")
        );
        assert!(
            err_criteria("criterion,weight,kind\nA,30,quality\nA,30,quality\nP,40,price\n")
                .starts_with("row 3, column `criterion`: criterion `A` appears twice")
        );
        assert_eq!(
            err_criteria("criterion,weight,kind\n"),
            "no data rows after the header"
        );
    }

    #[test]
    fn reads_bids() {
        let text = "bidder,criterion,value\nA,Technical,70\nA,Skills,50\nA,Price,100000\nB,Price,90000.5\nB,Skills,60\nB,Technical,65\n";
        let bids = read_bids(text.as_bytes(), &criteria()).unwrap();
        assert_eq!(bids.len(), 2);
        assert_eq!((bids[1].bidder.as_str(), bids[1].price), ("B", 90000.5));
        assert_eq!(bids[1].scores["Technical"], 65.0);
        assert!(!bids[0].scores.contains_key("Price"));
    }

    #[test]
    fn bid_errors_name_row_and_column() {
        let head = "bidder,criterion,value\n";
        let full_a = "A,Technical,70\nA,Skills,50\nA,Price,100\n";
        assert_eq!(
            err_bids(&format!("{head}A,Technical,70\nA,Price,100\n")),
            "bidder `A` (first row 2): no row for criterion `Skills`; every bidder needs one value per scored criterion"
        );
        assert_eq!(
            err_bids(&format!("{head}{full_a}A,Skills,55\n")),
            "row 5, column `criterion`: duplicate: bidder `A` already has a value for `Skills` in row 3"
        );
        assert_eq!(
            err_bids(&format!("{head}A,Technical,70\nA,Skills,50\nA,Price,0\n")),
            "row 4, column `value`: price 0 must be greater than 0"
        );
        assert_eq!(
            err_bids(&format!("{head}A,Technical,70\nA,Skills,50\nA,Price,-5\n")),
            "row 4, column `value`: price -5 must be greater than 0"
        );
        assert_eq!(
            err_bids(&format!("{head}A,Technical,170\n")),
            "row 2, column `value`: score 170 is outside 0–100"
        );
        assert_eq!(
            err_bids(&format!("{head}A,Colour,70\n")),
            "row 2, column `criterion`: unknown criterion `Colour`; the scored criteria are Technical, Skills, Price"
        );
        assert!(
            err_bids(&format!("{head}A,Price,\"100,000\"\n"))
                .starts_with("row 2, column `value`: expected a number")
        );
        assert!(
            err_bids(&format!("{head},Price,100\n"))
                .starts_with("row 2, column `bidder`: is empty")
        );
    }

    #[test]
    fn reads_a_matrix_with_fractions_and_blank_lower_triangle() {
        let text = "criterion,Cost,Quality,Support\nCost,1,3,5\nQuality,,1,3\nSupport,1/5,,1\n";
        let m = read_pairwise_matrix(text.as_bytes()).unwrap();
        assert_eq!(m.names(), ["Cost", "Quality", "Support"]);
        assert!((m.values()[1][0] - 1.0 / 3.0).abs() < 1e-15);
        assert!((m.values()[2][1] - 1.0 / 3.0).abs() < 1e-15);
        assert_eq!(m.values()[2][0], 0.2);
    }

    #[test]
    fn matrix_errors_name_row_and_column() {
        let err = |t: &str| read_pairwise_matrix(t.as_bytes()).unwrap_err().to_string();
        assert_eq!(
            err("criterion,A,B\nA,1,2\nB,3,1\n"),
            "row 2, row `A`, column `B` is 2 but row `B`, column `A` is 3; expected reciprocals (a_ji = 1/a_ij)"
        );
        assert_eq!(
            err("criterion,A,B\nA,1,x\nB,,1\n"),
            "row 2, column `B`: expected a number (like 120000.50, no thousands separators), found `x`"
        );
        assert!(
            err("criterion,A,B\nB,1,2\nA,1/2,1\n")
                .starts_with("row 2, column `criterion`: expected `A`")
        );
        assert!(err("criterion,A,B\nA,1,2\n").contains("expected 2"));
        assert!(
            err("criterion,A,B\nA,1,\nB,,1\n")
                .starts_with("row 2, column `B`: is empty and so is its mirror")
        );
    }
}
