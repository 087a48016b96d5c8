//! Survey files: upload (CSV, or XLSX converted to CSV on arrival), the design
//! declared once and the columns mapped to indicators and breakdowns, checked
//! on the data itself; publication of the aggregates; deletion.

use super::{BREAKDOWNS, SurveyMapping, indicator_catalogue};
use crate::{Civitas, FileProblem, ServiceError, Visitor};
use civitas_domain::validation::{self, FieldError, Problem};
use civitas_domain::{Action, CityId, policy};
use civitas_store::{NewSurveyDataset, SurveyDatasetRow};
use civitas_survey::{ColumnRequest, CsvMicrodata, DesignSpec};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Largest survey file accepted.
pub const MAX_SURVEY_BYTES: usize = 200 * 1024 * 1024;

/// A survey file as sent.
pub struct SurveyUpload<'a> {
    pub name: &'a str,
    pub year: &'a str,
    pub file_name: &'a str,
    pub bytes: Vec<u8>,
}

/// The design and mapping a city declares for a file.
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
pub struct DeclareForm {
    pub design: DesignSpec,
    pub mapping: SurveyMapping,
}

#[derive(Debug, Clone, Serialize)]
pub struct DatasetView {
    pub dataset: SurveyDatasetRow,
    pub design: Option<DesignSpec>,
    pub mapping: Option<SurveyMapping>,
    pub can_edit: bool,
}

fn file_problem(file: &str, message: impl Into<String>) -> ServiceError {
    ServiceError::BadFile(vec![FileProblem::new(file, message.into())])
}

/// The first sheet of an XLSX workbook as CSV text, so every survey is stored
/// and read the same way.
fn xlsx_to_csv(file: &str, bytes: &[u8]) -> Result<Vec<u8>, ServiceError> {
    use calamine::{Data, Reader, Xlsx};
    let mut workbook = Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| file_problem(file, format!("not a readable XLSX workbook ({e})")))?;
    let Some(sheet) = workbook.sheet_names().first().cloned() else {
        return Err(file_problem(file, "the workbook has no sheet"));
    };
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|e| file_problem(file, format!("sheet `{sheet}`: {e}")))?;
    let mut out = csv::Writer::from_writer(Vec::new());
    for row in range.rows() {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Data::Empty => String::new(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                other => other.to_string(),
            })
            .collect();
        out.write_record(&cells)
            .map_err(|e| file_problem(file, e.to_string()))?;
    }
    out.into_inner()
        .map_err(|e| file_problem(file, e.to_string()))
}

impl Civitas {
    /// Stores a survey file after checking it reads as a table: every row is
    /// counted, and a malformed one is reported by its number.
    pub async fn upload_survey(
        &self,
        visitor: &Visitor,
        city: i64,
        upload: SurveyUpload<'_>,
    ) -> Result<SurveyDatasetRow, ServiceError> {
        policy::authorize(&visitor.actor, Action::EditCityData(CityId(city)))?;
        self.store.city(city).await?.ok_or(ServiceError::NotFound)?;
        let mut checks = crate::error::Checks::default();
        let name = checks.take(validation::required_text("name", upload.name, 120));
        let year = checks.take(validation::year("year", upload.year));
        checks.finish()?;
        let (Some(name), Some(year)) = (name, year) else {
            return Err(ServiceError::Invalid(Vec::new()));
        };
        let file = upload.file_name;
        if upload.bytes.is_empty() {
            return Err(file_problem(file, "the file is empty"));
        }
        if upload.bytes.len() > MAX_SURVEY_BYTES {
            return Err(file_problem(file, "the file is larger than 200 MB"));
        }
        let bytes = if upload.bytes.starts_with(b"PK") {
            xlsx_to_csv(file, &upload.bytes)?
        } else {
            upload.bytes
        };
        let source =
            CsvMicrodata::new(bytes.as_slice()).map_err(|e| file_problem(file, e.to_string()))?;
        let columns = source.header().to_vec();
        if columns.len() < 2 {
            return Err(file_problem(
                file,
                "row 1: expected a header with at least two columns",
            ));
        }
        // Reading one column checks every row's shape and counts them.
        let request = ColumnRequest {
            categorical: vec![columns[0].clone()],
            ..Default::default()
        };
        let data = source
            .read(&request)
            .map_err(|e| file_problem(file, e.to_string()))?;
        if data.rows == 0 {
            return Err(file_problem(file, "the file has a header but no data rows"));
        }
        let new = NewSurveyDataset {
            city_id: city,
            name,
            year,
            file_name: file.to_string(),
            sha256: hex::encode(Sha256::digest(&bytes)),
            rows: data.rows as i64,
            columns,
            bytes,
        };
        self.store
            .create_survey_dataset(&self.change_by(visitor), &new)
            .await
            .map_err(|e| crate::accounts::already_taken(e, "name"))
    }

    pub async fn survey_datasets(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<Vec<SurveyDatasetRow>, ServiceError> {
        policy::authorize(&visitor.actor, Action::ViewCityWorkspace(CityId(city)))?;
        Ok(self.store.survey_datasets(city).await?)
    }

    /// One survey file's description (never its rows), for the city's team.
    pub async fn survey_dataset(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<DatasetView, ServiceError> {
        let dataset = self
            .store
            .survey_dataset(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let city = CityId(dataset.city_id);
        policy::authorize(&visitor.actor, Action::ViewCityWorkspace(city))
            .map_err(|_| ServiceError::NotFound)?;
        Ok(DatasetView {
            design: dataset
                .design
                .as_deref()
                .and_then(|d| serde_json::from_str(d).ok()),
            mapping: dataset
                .mapping
                .as_deref()
                .and_then(|m| serde_json::from_str(m).ok()),
            can_edit: policy::authorize(&visitor.actor, Action::EditCityData(city)).is_ok(),
            dataset,
        })
    }

    /// Declares the design and the mapping, checked against the file: every
    /// column must exist, every "yes" value must occur, and the design must
    /// build on the data (a lonely PSU, a negative weight … is reported with
    /// its row and column).
    pub async fn declare_survey(
        &self,
        visitor: &Visitor,
        id: i64,
        form: &DeclareForm,
    ) -> Result<SurveyDatasetRow, ServiceError> {
        let view = self.survey_dataset(visitor, id).await?;
        policy::authorize(
            &visitor.actor,
            Action::EditCityData(CityId(view.dataset.city_id)),
        )?;
        let file = view.dataset.file_name.clone();
        let columns = &view.dataset.columns;
        let mut problems = Vec::new();
        let need = |problems: &mut Vec<FileProblem>, column: &str, what: &str| {
            if !columns.iter().any(|c| c == column) {
                problems.push(FileProblem::new(
                    &file,
                    format!(
                        "{what}: column `{column}` is not in the file (columns: {})",
                        columns.join(", ")
                    ),
                ));
            }
        };
        let design = &form.design;
        for c in design
            .weight
            .iter()
            .chain(design.strata.iter())
            .chain(&design.clusters)
            .chain(&design.fpc)
        {
            need(&mut problems, c, "design");
        }
        if let Some(r) = &design.replicate_columns {
            for c in &r.columns {
                need(&mut problems, c, "replicate weights");
            }
        }
        let catalogue = indicator_catalogue()?;
        let mapping = &form.mapping;
        for m in &mapping.indicators {
            if !catalogue.iter().any(|i| i.id == m.indicator) {
                problems.push(FileProblem::new(
                    &file,
                    format!("unknown indicator `{}`", m.indicator),
                ));
            }
            need(
                &mut problems,
                &m.column,
                &format!("indicator {}", m.indicator),
            );
            if m.yes.is_empty() {
                problems.push(FileProblem::new(
                    &file,
                    format!(
                        "indicator {}: say which answers of `{}` mean yes",
                        m.indicator, m.column
                    ),
                ));
            }
        }
        for b in &mapping.breakdowns {
            if !BREAKDOWNS.contains(&b.breakdown.as_str()) {
                problems.push(FileProblem::new(
                    &file,
                    format!("unknown breakdown `{}`", b.breakdown),
                ));
            }
            need(
                &mut problems,
                &b.column,
                &format!("breakdown {}", b.breakdown),
            );
        }
        if mapping.indicators.is_empty() {
            problems.push(FileProblem::new(
                &file,
                "map at least one indicator".to_string(),
            ));
        }
        if !problems.is_empty() {
            return Err(ServiceError::BadFile(problems));
        }
        // Read what the mapping names and build the design on it.
        let bytes = self
            .store
            .survey_file(id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let mut request = ColumnRequest::default();
        design.request(&mut request);
        request
            .categorical
            .extend(mapping.indicators.iter().map(|m| m.column.clone()));
        request
            .categorical
            .extend(mapping.breakdowns.iter().map(|b| b.column.clone()));
        request.categorical.sort();
        request.categorical.dedup();
        let source =
            CsvMicrodata::new(bytes.as_slice()).map_err(|e| file_problem(&file, e.to_string()))?;
        let mut data = source
            .read(&request)
            .map_err(|e| file_problem(&file, e.to_string()))?;
        for m in &mapping.indicators {
            if let Some(f) = data.factor(&m.column) {
                for yes in &m.yes {
                    if f.code_of(yes).is_none() {
                        problems.push(FileProblem::new(
                            &file,
                            format!(
                                "indicator {}: column `{}` never takes the value `{yes}` (values: {})",
                                m.indicator,
                                m.column,
                                f.levels().iter().take(20).cloned().collect::<Vec<_>>().join(", ")
                            ),
                        ));
                    }
                }
            }
        }
        if let Some(gender) = mapping.breakdowns.iter().find(|b| b.breakdown == "gender")
            && let Some(f) = data.factor(&gender.column)
        {
            for value in mapping.female.iter().chain(mapping.male.iter()) {
                if f.code_of(value).is_none() {
                    problems.push(FileProblem::new(
                        &file,
                        format!(
                            "gender: column `{}` never takes the value `{value}`",
                            gender.column
                        ),
                    ));
                }
            }
        }
        if let Err(e) = design.build(&mut data) {
            problems.push(FileProblem::new(&file, e.to_string()));
        }
        if !problems.is_empty() {
            return Err(ServiceError::BadFile(problems));
        }
        let design_json =
            serde_json::to_string(design).map_err(|_| ServiceError::Internal("design"))?;
        let mapping_json =
            serde_json::to_string(mapping).map_err(|_| ServiceError::Internal("mapping"))?;
        let row = self
            .store
            .set_survey_design(&self.change_by(visitor), id, &design_json, &mapping_json)
            .await?;
        self.forget_divide_report(id);
        Ok(row)
    }

    /// Makes a survey's suppressed aggregates public (or private again).
    pub async fn publish_survey(
        &self,
        visitor: &Visitor,
        id: i64,
        published: bool,
    ) -> Result<SurveyDatasetRow, ServiceError> {
        let view = self.survey_dataset(visitor, id).await?;
        policy::authorize(
            &visitor.actor,
            Action::EditCitySettings(CityId(view.dataset.city_id)),
        )?;
        if published && view.mapping.is_none() {
            return Err(FieldError {
                field: "published",
                problem: Problem::Required,
            }
            .into());
        }
        Ok(self
            .store
            .set_survey_published(&self.change_by(visitor), id, published)
            .await?)
    }

    /// Deletes a survey file and what was declared on it.
    pub async fn delete_survey(&self, visitor: &Visitor, id: i64) -> Result<(), ServiceError> {
        let view = self.survey_dataset(visitor, id).await?;
        policy::authorize(
            &visitor.actor,
            Action::EditCitySettings(CityId(view.dataset.city_id)),
        )?;
        self.store
            .delete_survey_dataset(&self.change_by(visitor), id)
            .await?;
        self.forget_divide_report(id);
        Ok(())
    }
}
