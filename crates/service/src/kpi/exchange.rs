//! A whole assessment as a file and back: export as CSV or XLSX (what the
//! city entered, with the computed results beside it for people to read), and
//! an import that reads what the export writes, reports every bad cell with
//! its sheet, row and column, and then replaces the draft's inputs and entries
//! in one transaction (the audit log keeps the old data).

use super::assessments::locked;
use crate::error::FileProblem;
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::{Action, AssessmentStatus, CityId, policy};
use civitas_indicators::{DataQuality, Framework, TargetSet};
use civitas_kpi_workbook::{
    About, CellError, EntryLine, InputLine, ResultColumns, Workbook, read_csv, read_xlsx,
    write_csv, write_xlsx,
};
use civitas_store::{CityInputRow, EntryKey, KpiEntryRow};
use serde::Serialize;

/// The two file formats of an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ExchangeFormat {
    Csv,
    Xlsx,
}

impl ExchangeFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExchangeFormat::Csv => "csv",
            ExchangeFormat::Xlsx => "xlsx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExchangeFormat::Csv => "text/csv; charset=utf-8",
            ExchangeFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }

    /// XLSX by its zip signature or its extension; everything else is read as CSV.
    pub fn detect(file_name: &str, bytes: &[u8]) -> ExchangeFormat {
        let xlsx_name = file_name.to_ascii_lowercase().ends_with(".xlsx");
        if bytes.starts_with(b"PK\x03\x04") || xlsx_name {
            ExchangeFormat::Xlsx
        } else {
            ExchangeFormat::Csv
        }
    }
}

/// An exported assessment: a file name that says what it is, its type and bytes.
#[derive(Debug, Clone)]
pub struct ExportedFile {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// What an import would do (or did): counts per kind of change, so a person
/// can confirm before their data is replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub format: Option<ExchangeFormat>,
    pub inputs_added: usize,
    pub inputs_changed: usize,
    pub inputs_removed: usize,
    pub inputs_unchanged: usize,
    pub entries_added: usize,
    pub entries_changed: usize,
    pub entries_removed: usize,
    pub entries_unchanged: usize,
    /// Entries whose verifier's decision is dropped because their numbers change.
    pub decisions_reset: usize,
    /// Whether the assessment held any data before.
    pub replaces_existing: bool,
}

impl ImportSummary {
    /// Whether importing changes anything at all.
    pub fn changes_anything(&self) -> bool {
        self.inputs_added
            + self.inputs_changed
            + self.inputs_removed
            + self.entries_added
            + self.entries_changed
            + self.entries_removed
            > 0
    }
}

/// Largest file an import reads.
pub const MAX_IMPORT_BYTES: usize = 1024 * 1024;

/// The figures a verifier judged: changing one of them drops the decision.
fn same_numbers(a: &KpiEntryRow, b: &KpiEntryRow) -> bool {
    a.numerator == b.numerator
        && a.denominator == b.denominator
        && a.value == b.value
        && a.not_reported == b.not_reported
}

fn same_entry(a: &KpiEntryRow, b: &KpiEntryRow) -> bool {
    same_numbers(a, b)
        && a.source == b.source
        && a.note == b.note
        && a.quality == b.quality
        && a.not_reported_reason == b.not_reported_reason
}

fn cell_problem(file_name: &str, error: &CellError) -> FileProblem {
    FileProblem::new(file_name, error.to_string())
}

/// Position of a measure in framework order (unknown ones last).
fn framework_order(framework: &Framework, key: &EntryKey) -> usize {
    framework
        .measures()
        .iter()
        .position(|m| m.kpi.code == key.kpi && m.data_point_id().unwrap_or("") == key.data_point)
        .unwrap_or(usize::MAX)
}

impl Civitas {
    /// The whole assessment as a CSV table or an XLSX workbook, for anyone
    /// who may open the assessment itself (its team and verifier).
    pub async fn export_assessment(
        &self,
        visitor: &Visitor,
        id: i64,
        format: ExchangeFormat,
    ) -> Result<ExportedFile, ServiceError> {
        let view = self.assessment(visitor, id).await?;
        let results = self.assessment_results(visitor, id).await?;
        let framework = results.framework.clone();
        let inputs = self.store.city_inputs(id).await?;
        let mut entries = self.store.kpi_entries(id).await?;
        entries.sort_by_key(|e| (framework_order(&framework, &e.key), e.key.clone()));
        let a = &view.assessment;
        let workbook = Workbook {
            about: About {
                city: view.city.name.clone(),
                year: i32::try_from(a.year).map_err(|_| ServiceError::Internal("year"))?,
                framework: a.framework.clone(),
                target_set: a.target_set.clone(),
                revision: i32::try_from(a.revision).unwrap_or(i32::MAX),
                status: a.status.clone(),
                currency: a.currency.clone(),
            },
            inputs: inputs
                .iter()
                .map(|i| InputLine {
                    input: i.input.clone(),
                    value: i.value,
                    source: i.source.clone(),
                })
                .collect(),
            entries: entries
                .iter()
                .map(|e| {
                    let data_point =
                        (!e.key.data_point.is_empty()).then(|| e.key.data_point.clone());
                    let computed = results
                        .evaluation
                        .kpis
                        .iter()
                        .find(|r| r.kpi == e.key.kpi && r.data_point == data_point);
                    let result =
                        (computed.is_some() || e.verified.is_some()).then(|| ResultColumns {
                            computed_value: computed.map(|r| r.value),
                            target: computed.and_then(|r| r.target),
                            achievement_pct: computed.and_then(|r| r.achievement_pct),
                            points: computed.and_then(|r| r.score),
                            band: computed.and_then(|r| r.band).map(|b| b.label().to_string()),
                            verified: e.verified,
                        });
                    EntryLine {
                        kpi: e.key.kpi.clone(),
                        data_point,
                        numerator: e.numerator,
                        denominator: e.denominator,
                        value: e.value,
                        source: e.source.clone(),
                        note: e.note.clone(),
                        quality: e.quality.as_deref().and_then(DataQuality::parse),
                        not_reported: e.not_reported,
                        not_reported_reason: e.not_reported_reason.clone(),
                        result,
                    }
                })
                .collect(),
        };
        let bytes = match format {
            ExchangeFormat::Csv => write_csv(&workbook, &framework),
            ExchangeFormat::Xlsx => write_xlsx(&workbook, &framework).map_err(|e| {
                tracing::error!(error = %e, "XLSX export failed");
                ServiceError::Internal("xlsx export")
            })?,
        };
        Ok(ExportedFile {
            file_name: format!(
                "{}-kpi-{}-r{}.{}",
                view.city.slug,
                a.year,
                a.revision,
                format.extension()
            ),
            content_type: format.content_type(),
            bytes,
        })
    }

    /// What importing this file would change, without changing anything.
    /// Every problem in the file is reported at once.
    pub async fn preview_import(
        &self,
        visitor: &Visitor,
        id: i64,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<ImportSummary, ServiceError> {
        Ok(self.plan_import(visitor, id, file_name, bytes).await?.0)
    }

    /// Replaces the draft's city inputs and KPI entries with those of the file,
    /// all or nothing. The verifier's decision stays on entries whose numbers
    /// did not change. A file with any bad cell changes nothing and every bad
    /// cell is reported (sheet, row, column).
    pub async fn import_assessment(
        &self,
        visitor: &Visitor,
        id: i64,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<ImportSummary, ServiceError> {
        let (summary, inputs, entries) = self.plan_import(visitor, id, file_name, bytes).await?;
        self.store
            .replace_assessment_data(&self.change_by(visitor), id, &inputs, &entries)
            .await?;
        Ok(summary)
    }

    async fn plan_import(
        &self,
        visitor: &Visitor,
        id: i64,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<(ImportSummary, Vec<CityInputRow>, Vec<KpiEntryRow>), ServiceError> {
        let view = self.assessment(visitor, id).await?;
        policy::authorize(
            &visitor.actor,
            Action::EditCityData(CityId(view.assessment.city_id)),
        )?;
        // Submitted assessments change entry by entry with the verifier;
        // verified ones are locked. Only a draft is replaced wholesale.
        if view.status != AssessmentStatus::Draft {
            return Err(locked("file"));
        }
        let file_name = file_name.trim();
        let file_name = if file_name.is_empty() {
            "file"
        } else {
            file_name
        };
        let one =
            |message: String| ServiceError::BadFile(vec![FileProblem::new(file_name, message)]);
        if bytes.is_empty() {
            return Err(one("the file is empty".into()));
        }
        if bytes.len() > MAX_IMPORT_BYTES {
            return Err(one(format!(
                "the file is larger than {} KB",
                MAX_IMPORT_BYTES / 1024
            )));
        }
        let framework = self.framework(&view.assessment.framework).await?;
        let format = ExchangeFormat::detect(file_name, bytes);
        let workbook = match format {
            ExchangeFormat::Csv => read_csv(bytes, &framework),
            ExchangeFormat::Xlsx => read_xlsx(bytes, &framework),
        }
        .map_err(|errors| {
            ServiceError::BadFile(errors.iter().map(|e| cell_problem(file_name, e)).collect())
        })?;

        let mut problems = Vec::new();
        let about_place = match format {
            ExchangeFormat::Csv => "section about",
            ExchangeFormat::Xlsx => "sheet `About`",
        };
        if i64::from(workbook.about.year) != view.assessment.year {
            problems.push(FileProblem::new(
                file_name,
                format!(
                    "{about_place}, year: the file is for {}, this assessment is for {}",
                    workbook.about.year, view.assessment.year
                ),
            ));
        }
        if workbook.about.framework.trim() != view.assessment.framework {
            problems.push(FileProblem::new(
                file_name,
                format!(
                    "{about_place}, framework: the file is for `{}`, this assessment uses `{}`",
                    workbook.about.framework, view.assessment.framework
                ),
            ));
        }
        let now = self.now();
        let existing_entries = self.store.kpi_entries(id).await?;
        let existing_inputs = self.store.city_inputs(id).await?;
        let mut entries: Vec<KpiEntryRow> = Vec::with_capacity(workbook.entries.len());
        for line in &workbook.entries {
            let key = EntryKey {
                kpi: line.kpi.clone(),
                data_point: line.data_point.clone().unwrap_or_default(),
            };
            for (column, text, limit) in [
                ("source", &line.source, 500),
                ("note", &line.note, 4000),
                ("not_reported_reason", &line.not_reported_reason, 1000),
            ] {
                if text.chars().count() > limit {
                    problems.push(FileProblem::new(
                        file_name,
                        format!(
                            "KPI `{}`, column {column}: longer than {limit} characters",
                            super::entry_label(&key)
                        ),
                    ));
                }
            }
            let mut row = KpiEntryRow {
                key,
                numerator: line.numerator,
                denominator: line.denominator,
                value: line.value,
                source: line.source.trim().to_string(),
                note: line.note.trim().to_string(),
                quality: line.quality.map(|q| q.as_str().to_string()),
                not_reported: line.not_reported,
                not_reported_reason: line.not_reported_reason.trim().to_string(),
                verified: None,
                updated_at: now,
            };
            if let Some(old) = existing_entries.iter().find(|o| o.key == row.key) {
                if same_numbers(old, &row) {
                    row.verified = old.verified;
                }
                if same_entry(old, &row) {
                    row.updated_at = old.updated_at;
                }
            }
            entries.push(row);
        }
        let inputs: Vec<CityInputRow> = workbook
            .inputs
            .iter()
            .map(|i| CityInputRow {
                input: i.input.clone(),
                value: i.value,
                source: i.source.trim().to_string(),
            })
            .collect();
        for input in &inputs {
            if input.value.is_some_and(|v| v <= 0.0) {
                problems.push(FileProblem::new(
                    file_name,
                    format!(
                        "city input `{}`, column value: expected a number above 0",
                        input.input
                    ),
                ));
            }
            if input.source.chars().count() > 500 {
                problems.push(FileProblem::new(
                    file_name,
                    format!(
                        "city input `{}`, column source: longer than 500 characters",
                        input.input
                    ),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(ServiceError::BadFile(problems));
        }

        let mut summary = ImportSummary {
            format: Some(format),
            replaces_existing: !existing_entries.is_empty() || !existing_inputs.is_empty(),
            ..ImportSummary::default()
        };
        for row in &entries {
            match existing_entries.iter().find(|o| o.key == row.key) {
                None => summary.entries_added += 1,
                Some(old) if same_entry(old, row) => summary.entries_unchanged += 1,
                Some(old) => {
                    summary.entries_changed += 1;
                    if old.verified.is_some() && !same_numbers(old, row) {
                        summary.decisions_reset += 1;
                    }
                }
            }
        }
        summary.entries_removed = existing_entries
            .iter()
            .filter(|o| !entries.iter().any(|n| n.key == o.key))
            .count();
        for row in &inputs {
            match existing_inputs.iter().find(|o| o.input == row.input) {
                None => summary.inputs_added += 1,
                Some(old) if old == row => summary.inputs_unchanged += 1,
                Some(_) => summary.inputs_changed += 1,
            }
        }
        summary.inputs_removed = existing_inputs
            .iter()
            .filter(|o| !inputs.iter().any(|n| n.input == o.input))
            .count();
        Ok((summary, inputs, entries))
    }

    /// The target set an assessment is scored against, with the public source
    /// of every value, for whoever may see its results.
    pub async fn assessment_targets(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<TargetSet, ServiceError> {
        let results = self.assessment_results(visitor, id).await?;
        Ok(self
            .targets_for(&results.assessment, &results.framework)
            .await?
            .0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_comes_from_the_signature_or_the_name() {
        assert_eq!(
            ExchangeFormat::detect("a.csv", b"PK\x03\x04rest"),
            ExchangeFormat::Xlsx
        );
        assert_eq!(
            ExchangeFormat::detect("A.XLSX", b"garbage"),
            ExchangeFormat::Xlsx
        );
        assert_eq!(
            ExchangeFormat::detect("data.txt", b"section,item"),
            ExchangeFormat::Csv
        );
    }
}
