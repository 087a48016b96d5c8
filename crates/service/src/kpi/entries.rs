//! Data entry: the shared city inputs, one entry per KPI or data point (as
//! numerator and denominator, or a value; or "not reported" with a reason),
//! and the evidence files behind them. A form is saved whole or not at all.

use super::assessments::{locked, status_of};
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::validation::{self, FieldError, Problem};
use civitas_domain::{Action, AssessmentStatus, CityId, policy};
use civitas_indicators::{DataQuality, Framework};
use civitas_store::{CityInputRow, EntryKey, EvidenceRow, KpiEntryRow, NewEvidence};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// One KPI's fields as a form or the API sends them, before checking.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct EntryForm {
    pub numerator: String,
    pub denominator: String,
    pub value: String,
    pub source: String,
    pub note: String,
    /// One of the six data-quality codes, or empty.
    pub quality: String,
    pub not_reported: bool,
    pub not_reported_reason: String,
}

/// One city input's fields, before checking.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct InputForm {
    pub value: String,
    pub source: String,
}

/// A problem with one field of one KPI in a form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryProblem {
    pub key: EntryKey,
    pub field: &'static str,
    pub problem: Problem,
}

/// A form's figures checked and evaluated without being saved.
#[derive(Debug, Clone, Serialize)]
pub struct EntryPreview {
    /// Problems with the form's fields; when there are any, the results are
    /// those of the stored figures.
    pub problems: Vec<EntryProblem>,
    pub evaluation: civitas_indicators::Evaluation,
    pub issues: Vec<super::EntryIssue>,
}

/// The stored entries with the form's rows in place of theirs.
fn merge(mut existing: Vec<KpiEntryRow>, rows: Vec<KpiEntryRow>) -> Vec<KpiEntryRow> {
    for row in rows {
        match existing.iter_mut().find(|e| e.key == row.key) {
            Some(slot) => *slot = row,
            None => existing.push(row),
        }
    }
    existing
}

/// Largest evidence file accepted.
pub const MAX_EVIDENCE_BYTES: usize = 10 * 1024 * 1024;

/// File types accepted as evidence, by extension, with the type they are served as.
const EVIDENCE_TYPES: [(&str, &str); 9] = [
    ("pdf", "application/pdf"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("csv", "text/csv"),
    ("txt", "text/plain"),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("odt", "application/vnd.oasis.opendocument.text"),
];

/// Whether an entry says something: numbers, or a reasoned "not reported".
pub(crate) fn is_reported(entry: &KpiEntryRow) -> bool {
    !entry.not_reported
        && (entry.numerator.is_some() || entry.denominator.is_some() || entry.value.is_some())
}

/// The catalogue's key for a KPI code and data point as typed (spaces and
/// case in codes do not matter; the stored key is the catalogue's spelling).
pub(crate) fn canonical_key(framework: &Framework, key: &EntryKey) -> Result<EntryKey, FieldError> {
    let data_point = (!key.data_point.trim().is_empty()).then_some(key.data_point.as_str());
    framework
        .measure(&key.kpi, data_point)
        .map(|m| EntryKey {
            kpi: m.kpi.code.clone(),
            data_point: m.data_point_id().unwrap_or("").to_string(),
        })
        .map_err(|_| FieldError {
            field: "kpi",
            problem: Problem::Required,
        })
}

fn check_entry(
    key: &EntryKey,
    form: &EntryForm,
    problems: &mut Vec<EntryProblem>,
    now: i64,
) -> Option<KpiEntryRow> {
    let before = problems.len();
    let mut take = |result: Result<Option<f64>, FieldError>| match result {
        Ok(v) => v,
        Err(e) => {
            problems.push(EntryProblem {
                key: key.clone(),
                field: e.field,
                problem: e.problem,
            });
            None
        }
    };
    let numerator = take(validation::optional_number("numerator", &form.numerator));
    let denominator = take(validation::optional_number(
        "denominator",
        &form.denominator,
    ));
    let value = take(validation::optional_number("value", &form.value));
    let mut push = |field: &'static str, problem: Problem| {
        problems.push(EntryProblem {
            key: key.clone(),
            field,
            problem,
        })
    };
    if denominator.is_some_and(|d| d <= 0.0) {
        push("denominator", Problem::NotAPositiveNumber);
    }
    let quality = match form.quality.trim() {
        "" => None,
        raw => match DataQuality::parse(raw) {
            Some(q) => Some(q.as_str().to_string()),
            None => {
                push("quality", Problem::UnknownQuality);
                None
            }
        },
    };
    let source = validation::optional_text("source", &form.source, 500);
    let note = validation::optional_text("note", &form.note, 4000);
    let reason = validation::optional_text("not_reported_reason", &form.not_reported_reason, 1000);
    for result in [&source, &note, &reason] {
        if let Err(e) = result {
            push(e.field, e.problem);
        }
    }
    let reason = reason.unwrap_or_default();
    if form.not_reported {
        if reason.is_empty() {
            push("not_reported_reason", Problem::ReasonRequired);
        }
        if numerator.is_some() || denominator.is_some() || value.is_some() {
            push("not_reported", Problem::NumbersWhileNotReported);
        }
    }
    (problems.len() == before).then(|| KpiEntryRow {
        key: key.clone(),
        numerator,
        denominator,
        value,
        source: source.unwrap_or_default(),
        note: note.unwrap_or_default(),
        quality,
        not_reported: form.not_reported,
        not_reported_reason: reason,
        verified: None,
        updated_at: now,
    })
}

fn same_data(a: &KpiEntryRow, b: &KpiEntryRow) -> bool {
    a.numerator == b.numerator
        && a.denominator == b.denominator
        && a.value == b.value
        && a.not_reported == b.not_reported
}

impl Civitas {
    /// Saves the KPIs of one form (a category, or one KPI from the API). Every
    /// problem is reported at once and then nothing is saved. Changing the
    /// numbers of an entry the verifier had reviewed sends it back for review.
    pub async fn save_entries(
        &self,
        visitor: &Visitor,
        assessment_id: i64,
        forms: &[(EntryKey, EntryForm)],
    ) -> Result<(), ServiceError> {
        let (view, rows, _) = self.checked_entries(visitor, assessment_id, forms).await?;
        self.store
            .save_kpi_entries(&self.change_by(visitor), view.assessment.id, &rows)
            .await?;
        Ok(())
    }

    /// What saving this form would give, without saving it: every problem of
    /// its fields, and the results and warnings with the form's figures in
    /// place of the stored ones (for validation while the city types).
    pub async fn preview_entries(
        &self,
        visitor: &Visitor,
        assessment_id: i64,
        forms: &[(EntryKey, EntryForm)],
    ) -> Result<EntryPreview, ServiceError> {
        let (view, rows, problems) = match self.checked_entries(visitor, assessment_id, forms).await
        {
            Ok((view, rows, existing)) => (view, merge(existing, rows), Vec::new()),
            Err(ServiceError::InvalidEntries(problems)) => {
                let view = self.assessment(visitor, assessment_id).await?;
                let existing = self.store.kpi_entries(assessment_id).await?;
                (view, existing, problems)
            }
            Err(other) => return Err(other),
        };
        let framework = self.framework(&view.assessment.framework).await?;
        let (targets, _) = self.targets_for(&view.assessment, &framework).await?;
        let inputs = self.store.city_inputs(assessment_id).await?;
        let (evaluation, issues) =
            super::results::evaluate_assessment(&framework, &targets, &inputs, &rows)?;
        Ok(EntryPreview {
            problems,
            evaluation,
            issues,
        })
    }

    /// Checks a form against the assessment's framework, status and the
    /// verifier's decisions; the rows to save and the stored entries.
    async fn checked_entries(
        &self,
        visitor: &Visitor,
        assessment_id: i64,
        forms: &[(EntryKey, EntryForm)],
    ) -> Result<(super::AssessmentView, Vec<KpiEntryRow>, Vec<KpiEntryRow>), ServiceError> {
        let view = self.assessment(visitor, assessment_id).await?;
        policy::authorize(
            &visitor.actor,
            Action::EditCityData(CityId(view.assessment.city_id)),
        )?;
        let framework = self.framework(&view.assessment.framework).await?;
        let existing = self.store.kpi_entries(assessment_id).await?;
        let now = self.now();
        let mut problems = Vec::new();
        let mut rows = Vec::new();
        for (raw_key, form) in forms {
            let key = match canonical_key(&framework, raw_key) {
                Ok(k) => k,
                Err(e) => {
                    problems.push(EntryProblem {
                        key: raw_key.clone(),
                        field: e.field,
                        problem: Problem::Required,
                    });
                    continue;
                }
            };
            let old = existing.iter().find(|e| e.key == key);
            let old_verified = old.and_then(|o| o.verified);
            if !view.status.city_may_edit(old_verified) {
                problems.push(EntryProblem {
                    key,
                    field: "kpi",
                    problem: Problem::Locked,
                });
                continue;
            }
            if let Some(mut row) = check_entry(&key, form, &mut problems, now) {
                // Keep the verifier's decision only while the data it judged stands.
                row.verified = old.filter(|o| same_data(o, &row)).and_then(|o| o.verified);
                rows.push(row);
            }
        }
        if !problems.is_empty() {
            return Err(ServiceError::InvalidEntries(problems));
        }
        Ok((view, rows, existing))
    }

    /// Saves shared city inputs; every KPI that uses one is recomputed from
    /// it the next time results are read (they are never stored computed).
    pub async fn save_city_inputs(
        &self,
        visitor: &Visitor,
        assessment_id: i64,
        forms: &[(String, InputForm)],
    ) -> Result<(), ServiceError> {
        let view = self.assessment(visitor, assessment_id).await?;
        policy::authorize(
            &visitor.actor,
            Action::EditCityData(CityId(view.assessment.city_id)),
        )?;
        if view.status != AssessmentStatus::Draft {
            return Err(locked("value"));
        }
        let framework = self.framework(&view.assessment.framework).await?;
        let mut problems = Vec::new();
        let mut rows = Vec::new();
        for (input, form) in forms {
            let key = EntryKey {
                kpi: input.clone(),
                data_point: String::new(),
            };
            let mut push = |field: &'static str, problem: Problem| {
                problems.push(EntryProblem {
                    key: key.clone(),
                    field,
                    problem,
                })
            };
            if framework.city_input(input).is_none() {
                push("input", Problem::Required);
                continue;
            }
            let value = match validation::optional_number("value", &form.value) {
                Ok(Some(v)) if v <= 0.0 => {
                    push("value", Problem::NotAPositiveNumber);
                    None
                }
                Ok(v) => v,
                Err(e) => {
                    push(e.field, e.problem);
                    None
                }
            };
            match validation::optional_text("source", &form.source, 500) {
                Ok(source) => rows.push(CityInputRow {
                    input: input.clone(),
                    value,
                    source,
                }),
                Err(e) => push(e.field, e.problem),
            }
        }
        if !problems.is_empty() {
            return Err(ServiceError::InvalidEntries(problems));
        }
        let change = self.change_by(visitor);
        for row in &rows {
            self.store
                .save_city_input(&change, assessment_id, row)
                .await?;
        }
        Ok(())
    }

    pub async fn city_inputs(
        &self,
        visitor: &Visitor,
        assessment_id: i64,
    ) -> Result<Vec<CityInputRow>, ServiceError> {
        self.assessment(visitor, assessment_id).await?;
        Ok(self.store.city_inputs(assessment_id).await?)
    }

    pub async fn kpi_entries(
        &self,
        visitor: &Visitor,
        assessment_id: i64,
    ) -> Result<Vec<KpiEntryRow>, ServiceError> {
        self.assessment(visitor, assessment_id).await?;
        Ok(self.store.kpi_entries(assessment_id).await?)
    }

    /// Attaches an evidence file to one KPI. Only common document and image
    /// types are accepted, and they are always served as downloads.
    pub async fn add_evidence(
        &self,
        visitor: &Visitor,
        assessment_id: i64,
        key: &EntryKey,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Result<EvidenceRow, ServiceError> {
        let view = self.assessment(visitor, assessment_id).await?;
        policy::authorize(
            &visitor.actor,
            Action::EditCityData(CityId(view.assessment.city_id)),
        )?;
        if !view.status.city_may_edit(None) {
            return Err(locked("file"));
        }
        let framework = self.framework(&view.assessment.framework).await?;
        let key = canonical_key(&framework, key)?;
        let file_error = |problem| {
            ServiceError::Invalid(vec![FieldError {
                field: "file",
                problem,
            }])
        };
        let file_name = validation::required_text("file", file_name, 200)?;
        if bytes.is_empty() {
            return Err(file_error(Problem::Required));
        }
        if bytes.len() > MAX_EVIDENCE_BYTES {
            return Err(file_error(Problem::TooLong));
        }
        let extension = file_name
            .rsplit_once('.')
            .map(|(_, ext)| ext.to_ascii_lowercase())
            .unwrap_or_default();
        let content_type = EVIDENCE_TYPES
            .iter()
            .find(|(ext, _)| *ext == extension)
            .map(|(_, t)| t.to_string())
            .ok_or_else(|| file_error(Problem::UnsupportedFileType))?;
        let new = NewEvidence {
            assessment_id,
            key,
            filename: file_name,
            content_type,
            sha256: hex::encode(Sha256::digest(&bytes)),
            bytes,
        };
        Ok(self
            .store
            .add_evidence(&self.change_by(visitor), &new)
            .await?)
    }

    pub async fn evidence(
        &self,
        visitor: &Visitor,
        assessment_id: i64,
    ) -> Result<Vec<EvidenceRow>, ServiceError> {
        self.assessment(visitor, assessment_id).await?;
        Ok(self.store.evidence_of_assessment(assessment_id).await?)
    }

    /// One evidence file with its bytes, for whoever may read its assessment.
    pub async fn evidence_file(
        &self,
        visitor: &Visitor,
        assessment_id: i64,
        id: i64,
    ) -> Result<(EvidenceRow, Vec<u8>), ServiceError> {
        self.assessment(visitor, assessment_id).await?;
        self.store
            .evidence_file(id)
            .await?
            .filter(|(row, _)| row.assessment_id == assessment_id)
            .ok_or(ServiceError::NotFound)
    }

    pub async fn delete_evidence(
        &self,
        visitor: &Visitor,
        assessment_id: i64,
        id: i64,
    ) -> Result<(), ServiceError> {
        let view = self.assessment(visitor, assessment_id).await?;
        policy::authorize(
            &visitor.actor,
            Action::EditCityData(CityId(view.assessment.city_id)),
        )?;
        if status_of(&view.assessment)? == AssessmentStatus::Verified {
            return Err(locked("file"));
        }
        let belongs = self
            .store
            .evidence_of_assessment(assessment_id)
            .await?
            .iter()
            .any(|e| e.id == id);
        if !belongs {
            return Err(ServiceError::NotFound);
        }
        Ok(self
            .store
            .delete_evidence(&self.change_by(visitor), id)
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> EntryKey {
        EntryKey {
            kpi: "EC: ICT: ICT: 1C".into(),
            data_point: String::new(),
        }
    }

    #[test]
    fn every_problem_of_an_entry_is_reported() {
        let form = EntryForm {
            numerator: "1,5".into(),
            denominator: "0".into(),
            quality: "great".into(),
            not_reported: true,
            ..Default::default()
        };
        let mut problems = Vec::new();
        assert!(check_entry(&key(), &form, &mut problems, 0).is_none());
        let fields: Vec<_> = problems.iter().map(|p| (p.field, p.problem)).collect();
        assert_eq!(
            fields,
            vec![
                ("numerator", Problem::NotANumber),
                ("denominator", Problem::NotAPositiveNumber),
                ("quality", Problem::UnknownQuality),
                ("not_reported_reason", Problem::ReasonRequired),
                ("not_reported", Problem::NumbersWhileNotReported),
            ]
        );
    }

    #[test]
    fn a_clean_entry_is_trimmed_and_kept() {
        let form = EntryForm {
            numerator: " 17000 ".into(),
            source: " Telecom regulator ".into(),
            quality: "MEASURED".into(),
            ..Default::default()
        };
        let mut problems = Vec::new();
        let row = check_entry(&key(), &form, &mut problems, 5).expect("valid");
        assert_eq!(row.numerator, Some(17000.0));
        assert_eq!(row.source, "Telecom regulator");
        assert_eq!(row.quality.as_deref(), Some("measured"));
        assert!(is_reported(&row));
    }
}
