//! Reading and checking a framework file. A platform admin may load a new version, so
//! everything the engine relies on is checked here once, with errors that name the entry
//! (KPI code, category, rule …) and the field.

use std::collections::HashSet;

use serde::Deserialize;

use crate::framework::{
    Category, CityInput, CrossRule, DataPoint, Dimension, Direction, ExpectedRange, Formula,
    Framework, FrameworkInfo, Kpi, KpiType, Part, Range, RuleKind, RuleOperand, SubDimension, Text,
    normalise_code,
};

/// The U4SSC 2017 catalogue shipped with Civitas (version `2017.1`).
pub const U4SSC_2017_TOML: &str = include_str!("../frameworks/u4ssc-2017.toml");

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameworkError {
    #[error("framework file is not UTF-8 text (byte {0})")]
    NotUtf8(usize),
    #[error("framework file does not have the expected shape: {0}")]
    Syntax(String),
    #[error("{entry}: field `{field}`: {problem}")]
    Invalid {
        entry: String,
        field: String,
        problem: String,
    },
}

fn invalid(entry: &str, field: &str, problem: impl Into<String>) -> FrameworkError {
    FrameworkError::Invalid {
        entry: entry.to_string(),
        field: field.to_string(),
        problem: problem.into(),
    }
}

impl Framework {
    /// The built-in U4SSC 2017 framework.
    pub fn u4ssc_2017() -> Result<Framework, FrameworkError> {
        Framework::from_toml_str(U4SSC_2017_TOML)
    }

    /// Parse and validate a framework file's bytes (TOML).
    pub fn from_toml_bytes(bytes: &[u8]) -> Result<Framework, FrameworkError> {
        let text =
            std::str::from_utf8(bytes).map_err(|e| FrameworkError::NotUtf8(e.valid_up_to()))?;
        Framework::from_toml_str(text)
    }

    pub fn from_toml_str(text: &str) -> Result<Framework, FrameworkError> {
        let raw: RawFramework =
            toml::from_str(text).map_err(|e| FrameworkError::Syntax(e.to_string()))?;
        raw.validate()
    }
}

// Enumerations are read as text first so that an unknown value is reported with the KPI
// it belongs to, not only a line number.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFramework {
    framework: FrameworkInfo,
    dimensions: Vec<Dimension>,
    sub_dimensions: Vec<SubDimension>,
    categories: Vec<Category>,
    #[serde(default)]
    city_inputs: Vec<CityInput>,
    kpis: Vec<RawKpi>,
    #[serde(default)]
    rules: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKpi {
    code: String,
    name: Text,
    dimension: String,
    sub_dimension: String,
    category: String,
    #[serde(rename = "type")]
    kpi_type: String,
    unit: String,
    formula: String,
    numerator: Option<Text>,
    denominator: Option<Text>,
    multiplier: Option<f64>,
    denominator_input: Option<String>,
    direction: Option<String>,
    #[serde(default)]
    sdg_targets: Vec<String>,
    plausible: Option<Range>,
    expected: Option<ExpectedRange>,
    parts_sum: Option<f64>,
    evidence: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
    notes: Option<String>,
    #[serde(default)]
    data_points: Vec<RawDataPoint>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDataPoint {
    id: String,
    name: Text,
    formula: Option<String>,
    unit: Option<String>,
    multiplier: Option<f64>,
    direction: Option<String>,
    plausible: Option<Range>,
    expected: Option<ExpectedRange>,
    ppb_to_ug_m3: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    kind: String,
    subject: RawOperand,
    reference: RawOperand,
    message: Text,
    source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOperand {
    kpi: String,
    data_point: Option<String>,
    part: Option<String>,
}

fn parse_direction(entry: &str, text: &str) -> Result<Direction, FrameworkError> {
    match text {
        "higher_is_better" => Ok(Direction::HigherIsBetter),
        "lower_is_better" => Ok(Direction::LowerIsBetter),
        "parity" => Ok(Direction::Parity),
        "yes_no" => Ok(Direction::YesNo),
        "context" => Ok(Direction::Context),
        other => Err(invalid(
            entry,
            "direction",
            format!(
                "unknown direction `{other}`; expected higher_is_better, lower_is_better, parity, yes_no or context"
            ),
        )),
    }
}

fn parse_formula(entry: &str, text: &str) -> Result<Formula, FrameworkError> {
    match text {
        "ratio" => Ok(Formula::Ratio),
        "direct" => Ok(Formula::Direct),
        "yes_no" => Ok(Formula::YesNo),
        other => Err(invalid(
            entry,
            "formula",
            format!("unknown formula `{other}`; expected ratio, direct or yes_no"),
        )),
    }
}

fn check_name(entry: &str, name: &Text) -> Result<(), FrameworkError> {
    match name.0.get("en") {
        Some(en) if !en.trim().is_empty() => Ok(()),
        _ => Err(invalid(entry, "name", "an English name (`en`) is required")),
    }
}

fn check_range(entry: &str, field: &str, range: Option<Range>) -> Result<(), FrameworkError> {
    if let Some(Range {
        min: Some(min),
        max: Some(max),
    }) = range
        && min > max
    {
        return Err(invalid(
            entry,
            field,
            format!("min {min} is above max {max}"),
        ));
    }
    Ok(())
}

fn check_multiplier(entry: &str, multiplier: Option<f64>) -> Result<(), FrameworkError> {
    match multiplier {
        Some(m) if !(m.is_finite() && m > 0.0) => Err(invalid(
            entry,
            "multiplier",
            format!("must be a positive number, found {m}"),
        )),
        _ => Ok(()),
    }
}

/// A yes/no formula goes with the yes/no direction and nothing else.
fn check_formula_direction(
    entry: &str,
    formula: Formula,
    direction: Direction,
) -> Result<(), FrameworkError> {
    let yes_no_formula = formula == Formula::YesNo;
    let yes_no_direction = direction == Direction::YesNo;
    if yes_no_formula != yes_no_direction {
        return Err(invalid(
            entry,
            "direction",
            "a yes_no formula needs the yes_no direction, and only it",
        ));
    }
    Ok(())
}

impl RawFramework {
    fn validate(self) -> Result<Framework, FrameworkError> {
        if self.framework.id.trim().is_empty() {
            return Err(invalid("framework", "id", "must not be empty"));
        }
        if self.framework.version.trim().is_empty() {
            return Err(invalid("framework", "version", "must not be empty"));
        }
        check_name("framework", &self.framework.name)?;

        let mut seen = HashSet::new();
        for d in &self.dimensions {
            let entry = format!("dimension \"{}\"", d.code);
            if !seen.insert(d.code.clone()) {
                return Err(invalid(&entry, "code", "duplicate dimension code"));
            }
            check_name(&entry, &d.name)?;
        }
        let mut seen = HashSet::new();
        for s in &self.sub_dimensions {
            let entry = format!("sub-dimension \"{}\"", s.code);
            if !seen.insert(s.code.clone()) {
                return Err(invalid(&entry, "code", "duplicate sub-dimension code"));
            }
            if !self.dimensions.iter().any(|d| d.code == s.dimension) {
                return Err(invalid(
                    &entry,
                    "dimension",
                    format!("no dimension `{}`", s.dimension),
                ));
            }
            check_name(&entry, &s.name)?;
        }
        let mut seen = HashSet::new();
        for c in &self.categories {
            let entry = format!(
                "category \"{}\" of sub-dimension \"{}\"",
                c.code, c.sub_dimension
            );
            if !seen.insert((c.sub_dimension.clone(), c.code.clone())) {
                return Err(invalid(
                    &entry,
                    "code",
                    "duplicate category in this sub-dimension",
                ));
            }
            if !self
                .sub_dimensions
                .iter()
                .any(|s| s.code == c.sub_dimension)
            {
                return Err(invalid(
                    &entry,
                    "sub_dimension",
                    format!("no sub-dimension `{}`", c.sub_dimension),
                ));
            }
            check_name(&entry, &c.name)?;
        }
        let mut seen = HashSet::new();
        for input in &self.city_inputs {
            let entry = format!("city input \"{}\"", input.id);
            if !seen.insert(input.id.clone()) {
                return Err(invalid(&entry, "id", "duplicate city input id"));
            }
            check_name(&entry, &input.name)?;
        }
        for input in &self.city_inputs {
            if let Some(total) = &input.smaller_than
                && !self.city_inputs.iter().any(|c| &c.id == total)
            {
                return Err(invalid(
                    &format!("city input \"{}\"", input.id),
                    "smaller_than",
                    format!("no city input `{total}`"),
                ));
            }
        }

        let mut kpis = Vec::with_capacity(self.kpis.len());
        let mut codes = HashSet::new();
        for (index, raw) in self.kpis.into_iter().enumerate() {
            let kpi = validate_kpi(
                index,
                raw,
                &self.sub_dimensions,
                &self.categories,
                &self.city_inputs,
                &self.dimensions,
            )?;
            if !codes.insert(normalise_code(&kpi.code)) {
                return Err(invalid(
                    &format!("kpi \"{}\"", kpi.code),
                    "code",
                    "duplicate KPI code",
                ));
            }
            kpis.push(kpi);
        }

        let mut framework = Framework {
            framework: self.framework,
            dimensions: self.dimensions,
            sub_dimensions: self.sub_dimensions,
            categories: self.categories,
            city_inputs: self.city_inputs,
            kpis,
            rules: Vec::new(),
        };
        let mut rule_ids = HashSet::new();
        for raw in self.rules {
            let rule = validate_rule(raw, &framework)?;
            if !rule_ids.insert(rule.id.clone()) {
                return Err(invalid(
                    &format!("rule \"{}\"", rule.id),
                    "id",
                    "duplicate rule id",
                ));
            }
            framework.rules.push(rule);
        }
        Ok(framework)
    }
}

fn validate_kpi(
    index: usize,
    raw: RawKpi,
    sub_dimensions: &[SubDimension],
    categories: &[Category],
    city_inputs: &[CityInput],
    dimensions: &[Dimension],
) -> Result<Kpi, FrameworkError> {
    let entry = if raw.code.trim().is_empty() {
        format!("kpi #{}", index + 1)
    } else {
        format!("kpi \"{}\"", raw.code)
    };
    if raw.code.trim().is_empty() {
        return Err(invalid(&entry, "code", "must not be empty"));
    }
    check_name(&entry, &raw.name)?;
    if !dimensions.iter().any(|d| d.code == raw.dimension) {
        return Err(invalid(
            &entry,
            "dimension",
            format!("no dimension `{}`", raw.dimension),
        ));
    }
    let sub = sub_dimensions
        .iter()
        .find(|s| s.code == raw.sub_dimension)
        .ok_or_else(|| {
            invalid(
                &entry,
                "sub_dimension",
                format!("no sub-dimension `{}`", raw.sub_dimension),
            )
        })?;
    if sub.dimension != raw.dimension {
        return Err(invalid(
            &entry,
            "dimension",
            format!(
                "sub-dimension `{}` belongs to dimension `{}`, not `{}`",
                sub.code, sub.dimension, raw.dimension
            ),
        ));
    }
    if !categories
        .iter()
        .any(|c| c.sub_dimension == raw.sub_dimension && c.code == raw.category)
    {
        return Err(invalid(
            &entry,
            "category",
            format!(
                "no category `{}` in sub-dimension `{}`",
                raw.category, raw.sub_dimension
            ),
        ));
    }
    let kpi_type = match raw.kpi_type.as_str() {
        "core" => KpiType::Core,
        "advanced" => KpiType::Advanced,
        other => {
            return Err(invalid(
                &entry,
                "type",
                format!("unknown type `{other}`; expected core or advanced"),
            ));
        }
    };
    let formula = parse_formula(&entry, &raw.formula)?;
    let direction = raw
        .direction
        .as_deref()
        .map(|d| parse_direction(&entry, d))
        .transpose()?;
    check_multiplier(&entry, raw.multiplier)?;
    if formula == Formula::Ratio && raw.multiplier.is_none() {
        return Err(invalid(
            &entry,
            "multiplier",
            "a ratio KPI needs a multiplier",
        ));
    }
    if let Some(input) = &raw.denominator_input
        && !city_inputs.iter().any(|c| &c.id == input)
    {
        return Err(invalid(
            &entry,
            "denominator_input",
            format!("no city input `{input}`"),
        ));
    }
    check_range(&entry, "plausible", raw.plausible)?;
    check_range(&entry, "expected", raw.expected.as_ref().map(|e| e.range()))?;
    if raw.parts_sum.is_some() && raw.data_points.is_empty() {
        return Err(invalid(
            &entry,
            "parts_sum",
            "only a KPI with data points has parts",
        ));
    }

    let mut data_points = Vec::with_capacity(raw.data_points.len());
    let mut ids = HashSet::new();
    for dp in raw.data_points {
        let dp_entry = format!("data point \"{}\" of {entry}", dp.id);
        if dp.id.trim().is_empty() {
            return Err(invalid(&dp_entry, "id", "must not be empty"));
        }
        if !ids.insert(dp.id.to_ascii_lowercase()) {
            return Err(invalid(&dp_entry, "id", "duplicate data point id"));
        }
        check_name(&dp_entry, &dp.name)?;
        let dp_formula = dp
            .formula
            .as_deref()
            .map(|f| parse_formula(&dp_entry, f))
            .transpose()?;
        let dp_direction = dp
            .direction
            .as_deref()
            .map(|d| parse_direction(&dp_entry, d))
            .transpose()?;
        check_multiplier(&dp_entry, dp.multiplier)?;
        check_range(&dp_entry, "plausible", dp.plausible)?;
        check_range(
            &dp_entry,
            "expected",
            dp.expected.as_ref().map(|e| e.range()),
        )?;
        let effective_formula = dp_formula.unwrap_or(formula);
        let effective_direction = dp_direction.or(direction).ok_or_else(|| {
            invalid(
                &dp_entry,
                "direction",
                "needs a direction (the KPI gives none to inherit)",
            )
        })?;
        check_formula_direction(&dp_entry, effective_formula, effective_direction)?;
        if effective_formula == Formula::Ratio && dp.multiplier.or(raw.multiplier).is_none() {
            return Err(invalid(
                &dp_entry,
                "multiplier",
                "a ratio data point needs a multiplier",
            ));
        }
        if let Some(factor) = dp.ppb_to_ug_m3
            && !(factor.is_finite() && factor > 0.0)
        {
            return Err(invalid(
                &dp_entry,
                "ppb_to_ug_m3",
                "must be a positive number",
            ));
        }
        data_points.push(DataPoint {
            id: dp.id,
            name: dp.name,
            formula: dp_formula,
            unit: dp.unit,
            multiplier: dp.multiplier,
            direction: dp_direction,
            plausible: dp.plausible,
            expected: dp.expected,
            ppb_to_ug_m3: dp.ppb_to_ug_m3,
        });
    }
    if data_points.is_empty() {
        let direction = direction.ok_or_else(|| invalid(&entry, "direction", "is required"))?;
        check_formula_direction(&entry, formula, direction)?;
    }

    Ok(Kpi {
        code: raw.code,
        name: raw.name,
        dimension: raw.dimension,
        sub_dimension: raw.sub_dimension,
        category: raw.category,
        kpi_type,
        unit: raw.unit,
        formula,
        numerator: raw.numerator,
        denominator: raw.denominator,
        multiplier: raw.multiplier,
        denominator_input: raw.denominator_input,
        direction,
        sdg_targets: raw.sdg_targets,
        plausible: raw.plausible,
        expected: raw.expected,
        parts_sum: raw.parts_sum,
        evidence: raw.evidence,
        sources: raw.sources,
        notes: raw.notes,
        data_points,
    })
}

fn validate_rule(raw: RawRule, framework: &Framework) -> Result<CrossRule, FrameworkError> {
    let entry = format!("rule \"{}\"", raw.id);
    if raw.id.trim().is_empty() {
        return Err(invalid(&entry, "id", "must not be empty"));
    }
    check_name(&entry, &raw.message)?;
    let kind = match raw.kind.as_str() {
        "at_most" => RuleKind::AtMost,
        "same" => RuleKind::Same,
        other => {
            return Err(invalid(
                &entry,
                "kind",
                format!("unknown rule kind `{other}`; expected at_most or same"),
            ));
        }
    };
    let subject = validate_operand(&entry, "subject", raw.subject, framework)?;
    let reference = validate_operand(&entry, "reference", raw.reference, framework)?;
    Ok(CrossRule {
        id: raw.id,
        kind,
        subject,
        reference,
        message: raw.message,
        source: raw.source,
    })
}

fn validate_operand(
    entry: &str,
    field: &str,
    raw: RawOperand,
    framework: &Framework,
) -> Result<RuleOperand, FrameworkError> {
    let measure = framework
        .measure(&raw.kpi, raw.data_point.as_deref())
        .map_err(|e| invalid(entry, field, e.to_string()))?;
    let part = match raw.part.as_deref() {
        None | Some("value") => Part::Value,
        Some("numerator") => Part::Numerator,
        Some("denominator") => Part::Denominator,
        Some(other) => {
            return Err(invalid(
                entry,
                field,
                format!("unknown part `{other}`; expected value, numerator or denominator"),
            ));
        }
    };
    if part != Part::Value && measure.formula() != Formula::Ratio {
        return Err(invalid(
            entry,
            field,
            format!("`{}` has no numerator or denominator", measure.label()),
        ));
    }
    Ok(RuleOperand {
        kpi: measure.kpi.code.clone(),
        data_point: measure.data_point_id().map(str::to_string),
        part,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Framework {
        Framework::u4ssc_2017().expect("built-in framework loads")
    }

    #[test]
    fn builtin_has_91_kpis_in_3_dimensions_7_sub_dimensions() {
        let f = builtin();
        assert_eq!(f.kpis.len(), 91);
        assert_eq!(f.dimensions.len(), 3);
        assert_eq!(f.sub_dimensions.len(), 7);
        // 22 category names, 27 (sub-dimension, category) identities.
        assert_eq!(f.categories.len(), 27);
        let names: HashSet<&str> = f.categories.iter().map(|c| c.name.en()).collect();
        assert_eq!(names.len(), 22);
        let core = f
            .kpis
            .iter()
            .filter(|k| k.kpi_type == KpiType::Core)
            .count();
        assert_eq!((core, 91 - core), (55, 36));
        assert_eq!(f.framework.version, "2017.1");
    }

    #[test]
    fn water_and_sanitation_is_three_categories() {
        let f = builtin();
        let ws: Vec<&Category> = f
            .categories
            .iter()
            .filter(|c| c.name.en() == "Water and Sanitation")
            .collect();
        let subs: Vec<&str> = ws.iter().map(|c| c.sub_dimension.as_str()).collect();
        assert_eq!(subs, ["ICT", "I", "EN"]);
        let es: Vec<&str> = f
            .categories
            .iter()
            .filter(|c| c.name.en() == "Electricity Supply")
            .map(|c| c.sub_dimension.as_str())
            .collect();
        assert_eq!(es, ["ICT", "I"]);
    }

    #[test]
    fn category_comes_from_catalogue_not_code() {
        let f = builtin();
        let ehr = f.kpi("SC: EH: ED: 5A").expect("EHR");
        assert_eq!(
            (ehr.sub_dimension.as_str(), ehr.category.as_str()),
            ("EH", "H")
        );
        assert_eq!(
            f.kpi("SC:EH:ED:1C").map(|k| k.code.as_str()),
            Some("SC: EH: ED: 1C")
        );
    }

    #[test]
    fn multi_part_kpis_have_their_data_points() {
        let f = builtin();
        let ids = |code: &str| -> Vec<String> {
            f.kpi(code)
                .map(|k| k.data_points.iter().map(|d| d.id.clone()).collect())
                .unwrap_or_default()
        };
        assert_eq!(ids("EC: ICT: ICT: 4C"), ["3G", "4G"]);
        assert_eq!(ids("EN: EN: AQ: 1C"), ["PM10", "PM2.5", "NO2", "SO2", "O3"]);
        assert_eq!(ids("EC: I: T: 4A").len(), 5);
        assert_eq!(ids("EN: EN: WS: 4C"), ["primary", "secondary", "tertiary"]);
        assert_eq!(ids("EN: EN: WA: 1C").len(), 6);
        assert_eq!(ids("EC: ICT: PS: 1A"), ["percent", "number"]);
        assert_eq!(ids("EC: I: UP: 2A").len(), 5);
        let measures = f.measures();
        // 91 KPIs, 7 of them multi-part with 2+5+5+5+3+6+2 = 28 data points.
        assert_eq!(measures.len(), 91 - 7 + 28);
    }

    #[test]
    fn loads_a_framework_from_bytes() {
        let f = Framework::from_toml_bytes(U4SSC_2017_TOML.as_bytes()).expect("loads");
        assert_eq!(f, builtin());
    }

    fn broken(from: &str, to: &str) -> FrameworkError {
        let text = U4SSC_2017_TOML.replacen(from, to, 1);
        assert_ne!(text, U4SSC_2017_TOML, "pattern `{from}` not found");
        Framework::from_toml_str(&text).expect_err("must be rejected")
    }

    #[test]
    fn rejects_duplicate_codes() {
        let err = broken("code = \"EC: ICT: ICT: 2C\"", "code = \"EC: ICT: ICT: 1C\"");
        assert_eq!(
            err.to_string(),
            "kpi \"EC: ICT: ICT: 1C\": field `code`: duplicate KPI code"
        );
    }

    #[test]
    fn rejects_unknown_direction_naming_the_kpi() {
        let err = broken("direction = \"higher_is_better\"", "direction = \"up\"");
        let text = err.to_string();
        assert!(
            text.starts_with("kpi \"EC: ICT: ICT: 1C\": field `direction`: unknown direction `up`"),
            "{text}"
        );
    }

    #[test]
    fn rejects_category_outside_its_sub_dimension() {
        // Drainage exists only under ICT.
        let err = broken(
            "category = \"WS\"  # Water and Sanitation\ntype = \"core\"\nunit = \"%\"\nformula = \"ratio\"\nnumerator = { en = \"city households with access to a basic",
            "category = \"D\"\ntype = \"core\"\nunit = \"%\"\nformula = \"ratio\"\nnumerator = { en = \"city households with access to a basic",
        );
        assert_eq!(
            err.to_string(),
            "kpi \"EC: I: WS: 1C\": field `category`: no category `D` in sub-dimension `I`"
        );
    }

    #[test]
    fn rejects_unknown_city_input_and_bad_toml() {
        let err = broken(
            "denominator_input = \"households\"",
            "denominator_input = \"homes\"",
        );
        assert!(
            err.to_string()
                .contains("field `denominator_input`: no city input `homes`")
        );
        let err = Framework::from_toml_str("[framework]\nid = ").expect_err("syntax");
        assert!(matches!(err, FrameworkError::Syntax(_)));
        let err = Framework::from_toml_bytes(&[0xff, 0xfe]).expect_err("utf8");
        assert_eq!(err, FrameworkError::NotUtf8(0));
    }

    #[test]
    fn rejects_unknown_fields_and_missing_english() {
        let err = broken("formula = \"ratio\"", "formula = \"ratio\"\nweight = 2");
        assert!(err.to_string().contains("weight"), "{err}");
        let err = broken(
            "name = { en = \"Household Internet Access\" }",
            "name = { fr = \"Accès\" }",
        );
        assert!(
            err.to_string().contains("field `name`: an English name"),
            "{err}"
        );
    }

    /// The shipped file agrees with the research catalogue it was generated from (skipped
    /// when the shared reference folder is not beside the checkout).
    #[test]
    fn matches_the_reference_catalogue() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/reference/u4ssc_kpis.csv"
        );
        let Ok(file) = std::fs::read(path) else {
            eprintln!("skipped: {path} not found");
            return;
        };
        let f = builtin();
        let mut reader = csv::Reader::from_reader(file.as_slice());
        let mut rows = 0;
        for record in reader.records() {
            let r = record.expect("csv row");
            rows += 1;
            let kpi = f.kpi(&r[0]).unwrap_or_else(|| panic!("{} missing", &r[0]));
            let sub = f.sub_dimension(&kpi.sub_dimension).expect("sub-dimension");
            let cat = f
                .category(&kpi.sub_dimension, &kpi.category)
                .expect("category");
            let dim = f.dimension(&kpi.dimension).expect("dimension");
            assert_eq!(kpi.code, &r[0]);
            assert_eq!(
                (dim.name.en(), sub.name.en(), cat.name.en(), kpi.name.en()),
                (&r[1], &r[2], &r[3], &r[4]),
                "{}",
                &r[0]
            );
            let kpi_type = if &r[5] == "core" {
                KpiType::Core
            } else {
                KpiType::Advanced
            };
            assert_eq!(kpi.kpi_type, kpi_type, "{}", &r[0]);
            assert_eq!(kpi.unit, &r[6], "{}", &r[0]);
            if kpi.formula == Formula::Ratio {
                let m: f64 = r[9].parse().expect("multiplier");
                assert_eq!(kpi.multiplier, Some(m), "{}", &r[0]);
            }
        }
        assert_eq!(rows, 91);
    }
}
