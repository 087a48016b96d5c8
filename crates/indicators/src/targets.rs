//! Target sets: the value each KPI or data point is scored against, each with its source.
//! The default set ships as data (`frameworks/targets-default.toml`); cities add their own.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::framework::{Direction, Framework, Measure, Text};

/// The default target set, every value citing a public source.
pub const DEFAULT_TARGETS_TOML: &str = include_str!("../frameworks/targets-default.toml");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSetInfo {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    pub name: Text,
    /// Id of the framework the codes belong to (`u4ssc`).
    pub framework: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework_version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub kpi: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_point: Option<String>,
    /// The target value in the measure's unit; yes/no targets are 1 (yes) or 0 (no).
    pub value: f64,
    /// Where the value comes from (SDG target, WHO guideline, city decision …).
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSet {
    pub target_set: TargetSetInfo,
    #[serde(default)]
    pub targets: Vec<Target>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("target file is not UTF-8 text (byte {0})")]
    NotUtf8(usize),
    #[error("target file does not have the expected shape: {0}")]
    Syntax(String),
    #[error("{entry}: field `{field}`: {problem}")]
    Invalid {
        entry: String,
        field: String,
        problem: String,
    },
}

/// Whether `value` can serve as a target for `measure`; the reason if not.
pub fn check_target_value(measure: &Measure<'_>, value: f64) -> Result<(), String> {
    if !value.is_finite() {
        return Err(format!("must be a finite number, found {value}"));
    }
    match measure.direction() {
        Some(Direction::Context) | None => Err(format!(
            "`{}` is reported for context and never scored, so it takes no target",
            measure.label()
        )),
        Some(Direction::YesNo) if value != 0.0 && value != 1.0 => {
            Err(format!("expected yes (1) or no (0), found {value}"))
        }
        Some(Direction::YesNo) => Ok(()),
        Some(_) if value <= 0.0 => Err(format!(
            "must be above 0 (achievement divides by or into the target), found {value}"
        )),
        Some(_) => Ok(()),
    }
}

impl TargetSet {
    /// A set with no targets: nothing is scored.
    pub fn empty(framework: &Framework) -> TargetSet {
        TargetSet {
            target_set: TargetSetInfo {
                id: "none".to_string(),
                version: None,
                name: Text([("en".to_string(), "No targets".to_string())].into()),
                framework: framework.framework.id.clone(),
                framework_version: Some(framework.framework.version.clone()),
            },
            targets: Vec::new(),
        }
    }

    /// The shipped default set, checked against `framework`.
    pub fn default_for(framework: &Framework) -> Result<TargetSet, TargetError> {
        TargetSet::from_toml_bytes(DEFAULT_TARGETS_TOML.as_bytes(), framework)
    }

    /// Parse a target file (TOML) and check it against `framework`.
    pub fn from_toml_bytes(bytes: &[u8], framework: &Framework) -> Result<TargetSet, TargetError> {
        let text = std::str::from_utf8(bytes).map_err(|e| TargetError::NotUtf8(e.valid_up_to()))?;
        let set: TargetSet =
            toml::from_str(text).map_err(|e| TargetError::Syntax(e.to_string()))?;
        set.checked(framework)
    }

    /// Check every target against `framework` and write codes and data point ids in their
    /// catalogue spelling, so lookups are exact afterwards.
    pub fn checked(mut self, framework: &Framework) -> Result<TargetSet, TargetError> {
        if self.target_set.framework != framework.framework.id {
            return Err(TargetError::Invalid {
                entry: format!("target set \"{}\"", self.target_set.id),
                field: "framework".to_string(),
                problem: format!(
                    "is for framework `{}`, not `{}`",
                    self.target_set.framework, framework.framework.id
                ),
            });
        }
        let mut seen = HashSet::new();
        for (index, target) in self.targets.iter_mut().enumerate() {
            let entry = format!("target #{} (kpi \"{}\")", index + 1, target.kpi);
            let invalid = |field: &str, problem: String| TargetError::Invalid {
                entry: entry.clone(),
                field: field.to_string(),
                problem,
            };
            let measure = framework
                .measure(&target.kpi, target.data_point.as_deref())
                .map_err(|e| {
                    let field = match e {
                        crate::framework::LookupError::UnknownKpi(_) => "kpi",
                        _ => "data_point",
                    };
                    invalid(field, e.to_string())
                })?;
            check_target_value(&measure, target.value).map_err(|p| invalid("value", p))?;
            if target.source.trim().is_empty() {
                return Err(invalid(
                    "source",
                    "every target cites its source".to_string(),
                ));
            }
            target.kpi = measure.kpi.code.clone();
            target.data_point = measure.data_point_id().map(str::to_string);
            if !seen.insert((target.kpi.clone(), target.data_point.clone())) {
                return Err(invalid(
                    "kpi",
                    "a second target for the same KPI and data point".to_string(),
                ));
            }
        }
        Ok(self)
    }

    /// The target for a KPI (catalogue code) and data point, if the set has one.
    pub fn target(&self, kpi: &str, data_point: Option<&str>) -> Option<&Target> {
        self.targets
            .iter()
            .find(|t| t.kpi == kpi && t.data_point.as_deref() == data_point)
    }

    /// Add or replace one target (e.g. a city's own value over the default).
    pub fn set(&mut self, target: Target) {
        match self
            .targets
            .iter_mut()
            .find(|t| t.kpi == target.kpi && t.data_point == target.data_point)
        {
            Some(existing) => *existing = target,
            None => self.targets.push(target),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framework() -> Framework {
        Framework::u4ssc_2017().expect("framework")
    }

    #[test]
    fn default_set_loads_and_cites_every_value() {
        let f = framework();
        let set = TargetSet::default_for(&f).expect("default targets");
        assert!(set.targets.len() >= 20);
        assert!(
            set.targets
                .iter()
                .all(|t| !t.source.is_empty() && t.url.is_some())
        );
        let pm25 = set.target("EN: EN: AQ: 1C", Some("PM2.5")).expect("PM2.5");
        assert_eq!(pm25.value, 5.0);
        assert!(pm25.source.contains("WHO"));
        // No defensible annual value for SO2: not scored.
        assert!(set.target("EN: EN: AQ: 1C", Some("SO2")).is_none());
    }

    #[test]
    fn rejects_unknown_codes_and_unscorable_targets() {
        let f = framework();
        let head = "[target_set]\nid = \"city\"\nname = { en = \"City\" }\nframework = \"u4ssc\"\n";
        let load = |body: &str| TargetSet::from_toml_bytes(format!("{head}{body}").as_bytes(), &f);
        let err =
            load("[[targets]]\nkpi = \"XX: 1C\"\nvalue = 1.0\nsource = \"x\"\n").expect_err("code");
        assert!(
            err.to_string().contains("field `kpi`: unknown KPI code"),
            "{err}"
        );
        let err = load("[[targets]]\nkpi = \"EN: EN: AQ: 1C\"\ndata_point = \"CO\"\nvalue = 1.0\nsource = \"x\"\n")
            .expect_err("data point");
        assert!(err.to_string().contains("field `data_point`"), "{err}");
        let err = load("[[targets]]\nkpi = \"EC: P: EM: 3A\"\nvalue = 5.0\nsource = \"x\"\n")
            .expect_err("context");
        assert!(err.to_string().contains("never scored"), "{err}");
        let err = load("[[targets]]\nkpi = \"SC: SH: SA: 9C\"\nvalue = 0.0\nsource = \"x\"\n")
            .expect_err("zero");
        assert!(err.to_string().contains("must be above 0"), "{err}");
        let err = load("[[targets]]\nkpi = \"SC: SH: SA: 9C\"\nvalue = 2.0\nsource = \"\"\n")
            .expect_err("source");
        assert!(err.to_string().contains("field `source`"), "{err}");
        let ok = load(
            "[[targets]]\nkpi = \"sc:sh:sa:9c\"\nvalue = 2.0\nsource = \"council decision\"\n",
        )
        .expect("normalised");
        assert_eq!(ok.targets[0].kpi, "SC: SH: SA: 9C");
    }
}
