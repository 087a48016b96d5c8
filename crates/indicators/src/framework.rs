//! The KPI framework as data: dimensions, sub-dimensions, categories, shared city inputs,
//! KPIs with their data points, and cross-KPI rules. Loaded from TOML by [`crate::loader`];
//! nothing here knows a KPI code, so a new framework version is a new file, not new code.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Text in several languages, keyed by language tag (`en`, `fr`, `ar` …).
/// The loader guarantees an `en` entry, which is the fallback for any missing language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Text(pub BTreeMap<String, String>);

impl Text {
    /// The English text (empty only on a framework that was not loaded through the loader).
    pub fn en(&self) -> &str {
        self.0.get("en").map(String::as_str).unwrap_or_default()
    }

    /// The text in `language`, falling back to English.
    pub fn get(&self, language: &str) -> &str {
        self.0
            .get(language)
            .map(String::as_str)
            .unwrap_or_else(|| self.en())
    }
}

/// Core KPIs every city reports; advanced ones are for cities further along.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KpiType {
    Core,
    Advanced,
}

/// How a value is obtained from what the city enters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Formula {
    /// numerator ÷ denominator × multiplier (a final value may be entered instead).
    Ratio,
    /// The value itself (a count, years, an index, a concentration …).
    Direct,
    /// Yes (1) or no (0).
    YesNo,
}

/// Which way is better, which decides how achievement against a target is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
    /// Best at the target (e.g. female/male earnings ratio 1.0); deviations either way count.
    Parity,
    YesNo,
    /// Reported for context only and never scored: the catalogue gives no defensible
    /// direction (e.g. tourism employment, incinerated waste, para-transport share).
    Context,
}

/// A closed interval; a missing end is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Range {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

impl Range {
    pub fn contains(&self, value: f64) -> bool {
        self.min.is_none_or(|min| value >= min) && self.max.is_none_or(|max| value <= max)
    }

    /// "0 to 100", "at least 0", "at most 1".
    pub fn describe(&self) -> String {
        match (self.min, self.max) {
            (Some(min), Some(max)) => format!("{min} to {max}"),
            (Some(min), None) => format!("at least {min}"),
            (None, Some(max)) => format!("at most {max}"),
            (None, None) => "any value".to_string(),
        }
    }
}

/// A range that is normal in practice; outside it a verifier re-checks the value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedRange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Where the expectation comes from.
    pub basis: String,
}

impl ExpectedRange {
    pub fn range(&self) -> Range {
        Range {
            min: self.min,
            max: self.max,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkInfo {
    /// Stable identifier of the framework family, e.g. `u4ssc`.
    pub id: String,
    /// Version of this data, e.g. `2017.1`.
    pub version: String,
    pub name: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub code: String,
    pub name: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubDimension {
    pub code: String,
    /// Code of the dimension it belongs to.
    pub dimension: String,
    pub name: Text,
}

/// A category. Its identity is the pair (sub-dimension, code): "Water and Sanitation"
/// exists under ICT, Infrastructure and Environment as three different categories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub sub_dimension: String,
    pub code: String,
    pub name: Text,
}

/// A figure entered once per assessment and used as the denominator of several KPIs
/// (population, households, area, GDP …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CityInput {
    pub id: String,
    pub name: Text,
    pub unit: String,
    /// A total this figure is part of (households < population): the check that catches
    /// inhabitants entered where households are asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smaller_than: Option<String>,
}

/// One part of a multi-part KPI (e.g. PM2.5 of Air Pollution). Fields left empty
/// inherit the KPI's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataPoint {
    pub id: String,
    pub name: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formula: Option<Formula>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiplier: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plausible: Option<Range>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<ExpectedRange>,
    /// Factor from ppb to µg/m³ for gaseous pollutants (Verification Manual).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ppb_to_ug_m3: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpi {
    /// Catalogue code as printed, e.g. `EC: ICT: ICT: 1C`.
    pub code: String,
    pub name: Text,
    /// Dimension code (`EC`, `EN`, `SC`).
    pub dimension: String,
    /// Sub-dimension code (`ICT`, `P`, `I`, `EN`, `E`, `EH`, `SH`).
    pub sub_dimension: String,
    /// Category code within the sub-dimension. Taken from the catalogue's category, never
    /// from the code: `SC: EH: ED: 5A` sits in Health (`H`).
    pub category: String,
    #[serde(rename = "type")]
    pub kpi_type: KpiType,
    pub unit: String,
    pub formula: Formula,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiplier: Option<f64>,
    /// The shared city input that is this KPI's denominator, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator_input: Option<String>,
    /// Absent only on multi-part KPIs whose data points each carry their own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sdg_targets: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plausible: Option<Range>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<ExpectedRange>,
    /// Data points are shares of one whole that add up to this (e.g. 100 %).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parts_sum: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_points: Vec<DataPoint>,
}

impl Kpi {
    pub fn data_point(&self, id: &str) -> Option<&DataPoint> {
        self.data_points
            .iter()
            .find(|dp| dp.id.eq_ignore_ascii_case(id.trim()))
    }

    /// Everything that gets its own value and score: the KPI itself, or each data point.
    pub fn measures(&self) -> Vec<Measure<'_>> {
        if self.data_points.is_empty() {
            vec![Measure {
                kpi: self,
                data_point: None,
            }]
        } else {
            self.data_points
                .iter()
                .map(|dp| Measure {
                    kpi: self,
                    data_point: Some(dp),
                })
                .collect()
        }
    }
}

/// Which part of an observation a rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    #[default]
    Value,
    Numerator,
    Denominator,
}

/// A reference to one figure of one KPI (or data point).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleOperand {
    pub kpi: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_point: Option<String>,
    #[serde(default)]
    pub part: Part,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// subject ≤ reference.
    AtMost,
    /// subject and reference agree within 5 %.
    Same,
}

/// A cross-KPI consistency rule; breaking it gives a warning, never an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrossRule {
    pub id: String,
    pub kind: RuleKind,
    pub subject: RuleOperand,
    pub reference: RuleOperand,
    pub message: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A whole framework version. Build it with [`Framework::u4ssc_2017`] or
/// [`Framework::from_toml_bytes`], which validate it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Framework {
    pub framework: FrameworkInfo,
    pub dimensions: Vec<Dimension>,
    pub sub_dimensions: Vec<SubDimension>,
    pub categories: Vec<Category>,
    #[serde(default)]
    pub city_inputs: Vec<CityInput>,
    pub kpis: Vec<Kpi>,
    #[serde(default)]
    pub rules: Vec<CrossRule>,
}

/// Codes compare without spaces and case: the Collection Methodology itself prints
/// `SC: EH: ED:1C` for `SC: EH: ED: 1C`.
pub fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

impl Framework {
    /// The KPI with this code (spaces and case ignored).
    pub fn kpi(&self, code: &str) -> Option<&Kpi> {
        let wanted = normalise_code(code);
        self.kpis.iter().find(|k| normalise_code(&k.code) == wanted)
    }

    pub fn dimension(&self, code: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.code == code)
    }

    pub fn sub_dimension(&self, code: &str) -> Option<&SubDimension> {
        self.sub_dimensions.iter().find(|s| s.code == code)
    }

    /// A category by its identity (sub-dimension code, category code).
    pub fn category(&self, sub_dimension: &str, code: &str) -> Option<&Category> {
        self.categories
            .iter()
            .find(|c| c.sub_dimension == sub_dimension && c.code == code)
    }

    pub fn city_input(&self, id: &str) -> Option<&CityInput> {
        self.city_inputs.iter().find(|c| c.id == id)
    }

    /// KPIs whose denominator is the city input `id`: what to recompute when it changes.
    pub fn kpis_using_input(&self, id: &str) -> Vec<&Kpi> {
        self.kpis
            .iter()
            .filter(|k| {
                k.measures()
                    .iter()
                    .any(|m| m.denominator_input() == Some(id))
            })
            .collect()
    }

    /// Resolve a KPI code and optional data point to the measure that gets a value.
    pub fn measure(
        &self,
        code: &str,
        data_point: Option<&str>,
    ) -> Result<Measure<'_>, LookupError> {
        let kpi = self
            .kpi(code)
            .ok_or_else(|| LookupError::UnknownKpi(code.to_string()))?;
        let data_point = data_point.map(str::trim).filter(|d| !d.is_empty());
        match (kpi.data_points.is_empty(), data_point) {
            (true, None) => Ok(Measure {
                kpi,
                data_point: None,
            }),
            (true, Some(dp)) => Err(LookupError::NoDataPoints {
                kpi: kpi.code.clone(),
                data_point: dp.to_string(),
            }),
            (false, None) => Err(LookupError::DataPointRequired {
                kpi: kpi.code.clone(),
                expected: data_point_list(kpi),
            }),
            (false, Some(dp)) => kpi
                .data_point(dp)
                .map(|found| Measure {
                    kpi,
                    data_point: Some(found),
                })
                .ok_or_else(|| LookupError::UnknownDataPoint {
                    kpi: kpi.code.clone(),
                    data_point: dp.to_string(),
                    expected: data_point_list(kpi),
                }),
        }
    }

    /// Every measure in framework order.
    pub fn measures(&self) -> Vec<Measure<'_>> {
        self.kpis.iter().flat_map(Kpi::measures).collect()
    }
}

fn data_point_list(kpi: &Kpi) -> String {
    kpi.data_points
        .iter()
        .map(|d| d.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a (KPI code, data point) pair does not name a measure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("unknown KPI code `{0}`")]
    UnknownKpi(String),
    #[error("KPI `{kpi}` has no data points, but data point `{data_point}` was given")]
    NoDataPoints { kpi: String, data_point: String },
    #[error("KPI `{kpi}` is reported per data point; give one of: {expected}")]
    DataPointRequired { kpi: String, expected: String },
    #[error("KPI `{kpi}` has no data point `{data_point}`; expected one of: {expected}")]
    UnknownDataPoint {
        kpi: String,
        data_point: String,
        expected: String,
    },
}

/// A KPI, or one data point of a multi-part KPI: the unit that gets a value and a score.
/// Its accessors resolve data-point overrides against the KPI's defaults.
#[derive(Debug, Clone, Copy)]
pub struct Measure<'a> {
    pub kpi: &'a Kpi,
    pub data_point: Option<&'a DataPoint>,
}

impl<'a> Measure<'a> {
    pub fn data_point_id(&self) -> Option<&'a str> {
        self.data_point.map(|d| d.id.as_str())
    }

    /// `EC: ICT: ICT: 4C / 4G` or just the code: how warnings name a measure.
    pub fn label(&self) -> String {
        match self.data_point {
            Some(dp) => format!("{} / {}", self.kpi.code, dp.id),
            None => self.kpi.code.clone(),
        }
    }

    pub fn formula(&self) -> Formula {
        self.data_point
            .and_then(|d| d.formula)
            .unwrap_or(self.kpi.formula)
    }

    pub fn unit(&self) -> &'a str {
        self.data_point
            .and_then(|d| d.unit.as_deref())
            .unwrap_or(&self.kpi.unit)
    }

    /// The multiplier of a ratio measure (1 when the data is silent).
    pub fn multiplier(&self) -> f64 {
        self.data_point
            .and_then(|d| d.multiplier)
            .or(self.kpi.multiplier)
            .unwrap_or(1.0)
    }

    /// The shared city input behind the denominator; only ratio measures have one.
    pub fn denominator_input(&self) -> Option<&'a str> {
        match self.formula() {
            Formula::Ratio => self.kpi.denominator_input.as_deref(),
            Formula::Direct | Formula::YesNo => None,
        }
    }

    pub fn direction(&self) -> Option<Direction> {
        self.data_point
            .and_then(|d| d.direction)
            .or(self.kpi.direction)
    }

    pub fn plausible(&self) -> Option<Range> {
        self.data_point
            .and_then(|d| d.plausible)
            .or(self.kpi.plausible)
    }

    /// A gaseous pollutant measured in ppb, in the µg/m³ the KPI is reported in (factor from
    /// the Verification Manual); `None` for measures without a factor.
    pub fn ppb_to_ug_m3(&self, ppb: f64) -> Option<f64> {
        self.data_point
            .and_then(|d| d.ppb_to_ug_m3)
            .map(|factor| ppb * factor)
    }

    pub fn expected(&self) -> Option<&'a ExpectedRange> {
        self.data_point
            .and_then(|d| d.expected.as_ref())
            .or(self.kpi.expected.as_ref())
    }
}
