//! Which frameworks and target sets an assessment can be scored with: the
//! built-in U4SSC 2017 catalogue, versions a platform admin loads from a file,
//! the shipped default targets and each city's own target sets.

use crate::error::FileProblem;
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::{Action, CityId, policy, validation};
use civitas_indicators::targets::check_target_value;
use civitas_indicators::{Framework, Target, TargetSet};
use civitas_store::{AssessmentRow, CityTargetRow, EntryKey, TargetSetRow};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Parsed frameworks by `id@version`, so each file is parsed once per process.
#[derive(Default)]
pub struct FrameworkCatalogue {
    loaded: Mutex<HashMap<String, Arc<Framework>>>,
}

/// A framework version as lists show it.
#[derive(Debug, Clone, Serialize)]
pub struct FrameworkSummary {
    pub key: String,
    pub name: String,
    pub kpis: usize,
    pub measures: usize,
    /// None for the built-in catalogue.
    pub loaded_at: Option<i64>,
    pub loaded_by: Option<String>,
}

/// A target set an assessment may use.
#[derive(Debug, Clone, Serialize)]
pub struct TargetSetChoice {
    /// `default` or `city:<id>`.
    pub key: String,
    pub name: String,
}

/// The key of the shipped default target set.
pub const DEFAULT_TARGETS: &str = "default";

fn builtin() -> Result<Arc<Framework>, ServiceError> {
    static BUILTIN: OnceLock<Option<Arc<Framework>>> = OnceLock::new();
    BUILTIN
        .get_or_init(|| match Framework::u4ssc_2017() {
            Ok(framework) => Some(Arc::new(framework)),
            Err(error) => {
                tracing::error!(%error, "the built-in KPI framework does not load");
                None
            }
        })
        .clone()
        .ok_or(ServiceError::Internal("built-in framework"))
}

pub(crate) fn framework_key(framework: &Framework) -> String {
    format!("{}@{}", framework.framework.id, framework.framework.version)
}

fn summary(framework: &Framework, loaded: Option<(i64, String)>) -> FrameworkSummary {
    FrameworkSummary {
        key: framework_key(framework),
        name: framework.framework.name.en().to_string(),
        kpis: framework.kpis.len(),
        measures: framework.measures().len(),
        loaded_at: loaded.as_ref().map(|(at, _)| *at),
        loaded_by: loaded.map(|(_, by)| by),
    }
}

impl Civitas {
    /// The key of the framework new assessments use unless told otherwise.
    pub fn default_framework_key(&self) -> Result<String, ServiceError> {
        Ok(framework_key(builtin()?.as_ref()))
    }

    /// A framework by `id@version`: built in, or loaded into this instance.
    pub(crate) async fn framework(&self, key: &str) -> Result<Arc<Framework>, ServiceError> {
        let builtin = builtin()?;
        if framework_key(&builtin) == key {
            return Ok(builtin);
        }
        if let Some(found) = self.frameworks_cache().get(key) {
            return Ok(found.clone());
        }
        let row = self
            .store
            .frameworks()
            .await?
            .into_iter()
            .find(|f| f.key == key)
            .ok_or(ServiceError::NotFound)?;
        let parsed = Arc::new(
            Framework::from_toml_bytes(row.toml.as_bytes()).map_err(|e| {
                tracing::error!(key, error = %e, "a stored framework no longer parses");
                ServiceError::Internal("stored framework")
            })?,
        );
        self.frameworks_cache()
            .insert(key.to_string(), parsed.clone());
        Ok(parsed)
    }

    fn frameworks_cache(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Framework>>> {
        // A poisoned cache only means a panic elsewhere; its contents are still whole.
        self.frameworks
            .loaded
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Every framework version this instance knows (for anyone signed in).
    pub async fn frameworks(
        &self,
        visitor: &Visitor,
    ) -> Result<Vec<FrameworkSummary>, ServiceError> {
        if visitor.actor.principal().is_none() {
            return Err(civitas_domain::Denied::Unauthenticated.into());
        }
        let mut list = vec![summary(builtin()?.as_ref(), None)];
        for row in self.store.frameworks().await? {
            let framework = self.framework(&row.key).await?;
            list.push(summary(&framework, Some((row.loaded_at, row.loaded_by))));
        }
        Ok(list)
    }

    /// Loads a new framework version from a TOML file (platform admins).
    /// Versions are immutable: loading one that exists is refused.
    pub async fn load_framework(
        &self,
        visitor: &Visitor,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<FrameworkSummary, ServiceError> {
        policy::authorize(&visitor.actor, Action::LoadFramework)?;
        let framework = Framework::from_toml_bytes(bytes)
            .map_err(|e| ServiceError::BadFile(vec![FileProblem::new(file_name, e.to_string())]))?;
        let key = framework_key(&framework);
        if key == framework_key(builtin()?.as_ref()) {
            return Err(validation_conflict());
        }
        let text = String::from_utf8_lossy(bytes);
        self.store
            .save_framework(&self.change_by(visitor), &key, &text)
            .await
            .map_err(|e| match e {
                civitas_store::StoreError::Conflict(_) => validation_conflict(),
                other => other.into(),
            })?;
        let framework = Arc::new(framework);
        self.frameworks_cache().insert(key, framework.clone());
        Ok(summary(
            &framework,
            Some((self.now(), self.change_by(visitor).actor_label)),
        ))
    }

    /// Target sets a city's assessments may use: the default, then its own.
    pub async fn target_set_choices(
        &self,
        visitor: &Visitor,
        city: i64,
    ) -> Result<Vec<TargetSetChoice>, ServiceError> {
        policy::authorize(&visitor.actor, Action::ViewCityWorkspace(CityId(city)))?;
        let default = TargetSet::default_for(builtin()?.as_ref())
            .map_err(|_| ServiceError::Internal("default targets"))?;
        let mut choices = vec![TargetSetChoice {
            key: DEFAULT_TARGETS.to_string(),
            name: default.target_set.name.en().to_string(),
        }];
        choices.extend(
            self.store
                .target_sets_of_city(city)
                .await?
                .into_iter()
                .map(|s| TargetSetChoice {
                    key: format!("city:{}", s.id),
                    name: s.name,
                }),
        );
        Ok(choices)
    }

    /// A city's own target set from a CSV file with the columns
    /// `kpi,data_point,target,source`: every value states where it comes from.
    /// The set starts from the default targets and overrides or adds these.
    pub async fn create_target_set(
        &self,
        visitor: &Visitor,
        city: i64,
        name: &str,
        file_name: &str,
        csv: &[u8],
    ) -> Result<TargetSetRow, ServiceError> {
        policy::authorize(&visitor.actor, Action::EditCityData(CityId(city)))?;
        let name = validation::required_text("name", name, 120)?;
        let framework = builtin()?;
        let targets = read_targets_csv(&framework, file_name, csv)?;
        self.store
            .create_target_set(
                &self.change_by(visitor),
                city,
                &name,
                &framework_key(&framework),
                &targets,
            )
            .await
            .map_err(|e| crate::accounts::already_taken(e, "name"))
    }

    /// The targets an assessment is scored against.
    pub(crate) async fn targets_for(
        &self,
        assessment: &AssessmentRow,
        framework: &Framework,
    ) -> Result<(TargetSet, String), ServiceError> {
        let mut set = TargetSet::default_for(framework).or_else(|_| {
            // A loaded framework version may not match the shipped defaults.
            Ok::<_, ServiceError>(TargetSet::empty(framework))
        })?;
        let mut name = set.target_set.name.en().to_string();
        if let Some(id) = assessment.target_set.strip_prefix("city:") {
            let id: i64 = id.parse().map_err(|_| ServiceError::NotFound)?;
            let (row, targets) = self
                .store
                .target_set(id)
                .await?
                .filter(|(row, _)| row.city_id == assessment.city_id)
                .ok_or(ServiceError::NotFound)?;
            for t in targets {
                set.set(Target {
                    kpi: t.key.kpi,
                    data_point: (!t.key.data_point.is_empty()).then_some(t.key.data_point),
                    value: t.value,
                    source: t.source,
                    url: None,
                });
            }
            name = row.name;
        }
        Ok((set, name))
    }

    /// Whether `key` names a target set this city may use.
    pub(crate) async fn check_target_set_key(
        &self,
        city: i64,
        key: &str,
    ) -> Result<(), ServiceError> {
        if key == DEFAULT_TARGETS {
            return Ok(());
        }
        let known = match key
            .strip_prefix("city:")
            .and_then(|id| id.parse::<i64>().ok())
        {
            Some(id) => self
                .store
                .target_set(id)
                .await?
                .is_some_and(|(row, _)| row.city_id == city),
            None => false,
        };
        if known {
            Ok(())
        } else {
            Err(civitas_domain::validation::FieldError {
                field: "target_set",
                problem: civitas_domain::validation::Problem::UnknownTargetSet,
            }
            .into())
        }
    }
}

fn validation_conflict() -> ServiceError {
    ServiceError::Invalid(vec![civitas_domain::validation::FieldError {
        field: "file",
        problem: civitas_domain::validation::Problem::AlreadyTaken,
    }])
}

/// Reads `kpi,data_point,target,source`, reporting every bad cell.
fn read_targets_csv(
    framework: &Framework,
    file_name: &str,
    bytes: &[u8],
) -> Result<Vec<CityTargetRow>, ServiceError> {
    let mut problems = Vec::new();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            return Err(ServiceError::BadFile(vec![FileProblem::new(
                file_name,
                format!("row 1: not a CSV file ({e})"),
            )]));
        }
    };
    let column = |name: &str| header.iter().position(|h| h == name);
    let (Some(kpi_col), Some(target_col)) = (column("kpi"), column("target")) else {
        return Err(ServiceError::BadFile(vec![FileProblem::new(
            file_name,
            "row 1: expected the columns kpi, data_point, target, source".to_string(),
        )]));
    };
    let (dp_col, source_col) = (column("data_point"), column("source"));
    let mut targets: Vec<CityTargetRow> = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let row = index + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(FileProblem::new(file_name, format!("row {row}: {e}")));
                continue;
            }
        };
        let cell = |col: Option<usize>| col.and_then(|c| record.get(c)).unwrap_or("").trim();
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let (kpi, dp) = (cell(Some(kpi_col)), cell(dp_col));
        let measure = match framework.measure(kpi, Some(dp)) {
            Ok(m) => m,
            Err(e) => {
                problems.push(FileProblem::new(
                    file_name,
                    format!("row {row}, column kpi: {e}"),
                ));
                continue;
            }
        };
        let value = match cell(Some(target_col)).parse::<f64>() {
            Ok(v) => v,
            Err(_) => {
                problems.push(FileProblem::new(
                    file_name,
                    format!(
                        "row {row}, column target: expected a number like 12.5, found `{}`",
                        cell(Some(target_col))
                    ),
                ));
                continue;
            }
        };
        if let Err(e) = check_target_value(&measure, value) {
            problems.push(FileProblem::new(
                file_name,
                format!("row {row}, column target: {e}"),
            ));
            continue;
        }
        let source = cell(source_col);
        if source.is_empty() {
            problems.push(FileProblem::new(
                file_name,
                format!("row {row}, column source: say where this target comes from"),
            ));
            continue;
        }
        let key = EntryKey {
            kpi: measure.kpi.code.clone(),
            data_point: measure.data_point_id().unwrap_or("").to_string(),
        };
        if targets.iter().any(|t| t.key == key) {
            problems.push(FileProblem::new(
                file_name,
                format!(
                    "row {row}, column kpi: `{}` is given twice",
                    measure.label()
                ),
            ));
            continue;
        }
        targets.push(CityTargetRow {
            key,
            value,
            source: source.to_string(),
        });
    }
    if problems.is_empty() {
        Ok(targets)
    } else {
        Err(ServiceError::BadFile(problems))
    }
}
