//! What the KPI assessment API sends and accepts. Kept apart from storage rows
//! and the service's views so the wire format is a deliberate contract.
//!
//! A KPI is named by its catalogue code (`EC: ICT: ICT: 1C`) and, for a
//! multi-part KPI, a data point (`4G`, `PM2.5`); `data_point` is `null` for a
//! KPI measured as one value. Codes contain `:` and spaces, so they travel in
//! bodies, never in paths. Times are Unix seconds, UTC.

use crate::api::City;
use civitas_service::kpi::{
    AssessmentResults, AssessmentView, FrameworkSummary, PeerDistribution, PeerStatistic, Trend,
    TrendLine,
};
use civitas_store::{
    AssessmentRow, CityInputRow, EntryKey, EvidenceRow, KpiEntryRow, TargetSetRow,
    VerificationNoteRow,
};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};

fn data_point(key: &EntryKey) -> Option<String> {
    (!key.data_point.is_empty()).then(|| key.data_point.clone())
}

/// A KPI or data point as a request names it.
pub(crate) fn entry_key(kpi: &str, data_point: Option<&str>) -> EntryKey {
    EntryKey {
        kpi: kpi.to_string(),
        data_point: data_point.unwrap_or("").to_string(),
    }
}

/// A field that may be left out (keep it), be `null` (clear it) or hold a value.
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// A KPI self-assessment of one city for one year.
#[derive(Serialize, ToSchema)]
pub struct Assessment {
    pub id: i64,
    pub city_id: i64,
    pub year: i64,
    /// Starts at 1; each reopening of a verified assessment adds one.
    pub revision: i64,
    /// `draft`, `submitted` (with the verifier) or `verified` (locked).
    pub status: String,
    /// The framework it is scored on, `id@version`.
    pub framework: String,
    /// `default`, or `city:<id>` for one of the city's own target sets.
    pub target_set: String,
    pub verifier_user_id: Option<i64>,
    /// ISO 4217 code of the city's money figures.
    pub currency: Option<String>,
    /// Whether the city shows its results among cities of similar size.
    pub compare_with_peers: bool,
    pub created_at: i64,
    pub submitted_at: Option<i64>,
    pub verified_at: Option<i64>,
    /// Why the current revision was opened (`null` for revision 1).
    pub revision_reason: Option<String>,
}

impl From<AssessmentRow> for Assessment {
    fn from(a: AssessmentRow) -> Assessment {
        Assessment {
            id: a.id,
            city_id: a.city_id,
            year: a.year,
            revision: a.revision,
            status: a.status,
            framework: a.framework,
            target_set: a.target_set,
            verifier_user_id: a.verifier_user_id,
            currency: a.currency,
            compare_with_peers: a.compare_with_peers,
            created_at: a.created_at,
            submitted_at: a.submitted_at,
            verified_at: a.verified_at,
            revision_reason: a.revision_reason,
        }
    }
}

/// What the caller may do to an assessment now.
#[derive(Serialize, ToSchema)]
pub struct AssessmentPermissions {
    /// Enter or change entries, inputs and evidence.
    pub edit: bool,
    /// Hand it to the verifier.
    pub submit: bool,
    /// Change settings, open a new revision.
    pub steer: bool,
    /// Review KPIs, ask questions, return or complete.
    pub verify: bool,
}

/// An assessment with its city, its verifier's name and what the caller may do.
#[derive(Serialize, ToSchema)]
pub struct AssessmentDetail {
    pub assessment: Assessment,
    pub city: City,
    pub verifier_name: Option<String>,
    pub permissions: AssessmentPermissions,
}

impl From<AssessmentView> for AssessmentDetail {
    fn from(v: AssessmentView) -> AssessmentDetail {
        AssessmentDetail {
            permissions: AssessmentPermissions {
                edit: v.can_edit,
                submit: v.can_submit,
                steer: v.can_steer,
                verify: v.can_verify,
            },
            verifier_name: v.verifier_name,
            city: v.city.into(),
            assessment: v.assessment.into(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct NewAssessment {
    pub year: i64,
    /// Carry the sources (never the values) of the latest earlier year.
    #[serde(default)]
    pub start_from_previous: bool,
}

/// Settings to change; a field left out keeps its value.
#[derive(Deserialize, ToSchema)]
pub struct AssessmentSettingsChange {
    /// `default` or `city:<id>`.
    pub target_set: Option<String>,
    /// ISO 4217 code, or `null` for none.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub currency: Option<Option<String>>,
    /// The user id of one of the city's verifiers, or `null` for none.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub verifier_user_id: Option<Option<i64>>,
    pub compare_with_peers: Option<bool>,
}

/// Why a verified assessment is reopened.
#[derive(Deserialize, ToSchema)]
pub struct NewRevision {
    pub reason: String,
}

/// A person who may be assigned as verifier.
#[derive(Serialize, ToSchema)]
pub struct VerifierCandidate {
    pub id: i64,
    pub display_name: String,
    pub email: String,
}

/// A shared city figure (population, households, area, GDP …).
#[derive(Serialize, ToSchema)]
pub struct CityInput {
    /// The framework's id of the input, e.g. `population`.
    pub input: String,
    pub value: Option<f64>,
    pub source: String,
}

impl From<CityInputRow> for CityInput {
    fn from(i: CityInputRow) -> CityInput {
        CityInput {
            input: i.input,
            value: i.value,
            source: i.source,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct CityInputChange {
    pub input: String,
    /// A positive number, or `null` to clear it.
    pub value: Option<f64>,
    #[serde(default)]
    pub source: String,
}

/// City inputs to save, all or none.
#[derive(Deserialize, ToSchema)]
pub struct CityInputsChange {
    pub inputs: Vec<CityInputChange>,
}

/// What the city reported for one KPI or data point.
#[derive(Serialize, ToSchema)]
pub struct KpiEntry {
    pub kpi: String,
    pub data_point: Option<String>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub value: Option<f64>,
    pub source: String,
    pub note: String,
    /// One of the six data-quality grades, by code.
    pub quality: Option<String>,
    pub not_reported: bool,
    pub not_reported_reason: String,
    /// The verifier's decision: `null` until reviewed.
    pub verified: Option<bool>,
    pub updated_at: i64,
}

impl From<KpiEntryRow> for KpiEntry {
    fn from(e: KpiEntryRow) -> KpiEntry {
        KpiEntry {
            data_point: data_point(&e.key),
            kpi: e.key.kpi,
            numerator: e.numerator,
            denominator: e.denominator,
            value: e.value,
            source: e.source,
            note: e.note,
            quality: e.quality,
            not_reported: e.not_reported,
            not_reported_reason: e.not_reported_reason,
            verified: e.verified,
            updated_at: e.updated_at,
        }
    }
}

/// One KPI's figures as the city enters them: numerator and denominator, or a
/// value (1 or 0 for yes/no KPIs); or `not_reported` with a reason.
#[derive(Deserialize, ToSchema)]
pub struct KpiEntryChange {
    pub kpi: String,
    #[serde(default)]
    pub data_point: Option<String>,
    #[serde(default)]
    pub numerator: Option<f64>,
    #[serde(default)]
    pub denominator: Option<f64>,
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub note: String,
    /// `measured`, `estimated` … (one of the six grades), or `null`.
    #[serde(default)]
    pub quality: Option<String>,
    #[serde(default)]
    pub not_reported: bool,
    #[serde(default)]
    pub not_reported_reason: String,
}

/// Entries to save, all or none; entries not listed stay as they are.
#[derive(Deserialize, ToSchema)]
pub struct KpiEntriesChange {
    pub entries: Vec<KpiEntryChange>,
}

fn number(x: Option<f64>) -> String {
    // Display of an f64 is its shortest exact form, so the service reads back
    // the very number sent.
    x.map(|v| v.to_string()).unwrap_or_default()
}

impl KpiEntryChange {
    pub(crate) fn into_form(self) -> (EntryKey, civitas_service::kpi::EntryForm) {
        let key = entry_key(&self.kpi, self.data_point.as_deref());
        let form = civitas_service::kpi::EntryForm {
            numerator: number(self.numerator),
            denominator: number(self.denominator),
            value: number(self.value),
            source: self.source,
            note: self.note,
            quality: self.quality.unwrap_or_default(),
            not_reported: self.not_reported,
            not_reported_reason: self.not_reported_reason,
        };
        (key, form)
    }
}

impl CityInputChange {
    pub(crate) fn into_form(self) -> (String, civitas_service::kpi::InputForm) {
        let form = civitas_service::kpi::InputForm {
            value: number(self.value),
            source: self.source,
        };
        (self.input, form)
    }
}

/// An evidence file attached to one KPI.
#[derive(Serialize, ToSchema)]
pub struct Evidence {
    pub id: i64,
    pub kpi: String,
    pub data_point: Option<String>,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
    pub uploaded_at: i64,
    pub uploaded_by: String,
}

impl From<EvidenceRow> for Evidence {
    fn from(e: EvidenceRow) -> Evidence {
        Evidence {
            id: e.id,
            data_point: data_point(&e.key),
            kpi: e.key.kpi,
            file_name: e.filename,
            content_type: e.content_type,
            size: e.size,
            sha256: e.sha256,
            uploaded_at: e.uploaded_at,
            uploaded_by: e.uploaded_by,
        }
    }
}

/// A `multipart/form-data` upload: the KPI, its data point and the file
/// (pdf, png, jpg, csv, txt, xlsx, docx or odt; at most 10 MiB).
#[derive(ToSchema)]
#[allow(dead_code)] // documents the multipart body; the handler reads the parts
pub struct EvidenceUpload {
    pub kpi: String,
    pub data_point: Option<String>,
    #[schema(value_type = String, format = Binary, content_media_type = "application/octet-stream")]
    pub file: Vec<u8>,
}

/// What the verifier decides about one KPI.
#[derive(Deserialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Verified,
    /// Needs a note saying why.
    NotVerified,
    /// Back to "not reviewed", e.g. after the city corrected it.
    Reopened,
}

impl From<Decision> for civitas_service::kpi::ReviewDecision {
    fn from(d: Decision) -> Self {
        match d {
            Decision::Verified => civitas_service::kpi::ReviewDecision::Verified,
            Decision::NotVerified => civitas_service::kpi::ReviewDecision::NotVerified,
            Decision::Reopened => civitas_service::kpi::ReviewDecision::Reopened,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct Review {
    pub kpi: String,
    #[serde(default)]
    pub data_point: Option<String>,
    pub decision: Decision,
    /// Required for `not-verified` and `reopened`.
    #[serde(default)]
    pub note: String,
}

/// A question (verifier) or answer (city) about one KPI.
#[derive(Deserialize, ToSchema)]
pub struct NewNote {
    pub kpi: String,
    #[serde(default)]
    pub data_point: Option<String>,
    pub body: String,
}

/// A question, answer or decision in the verification of one KPI.
#[derive(Serialize, ToSchema)]
pub struct VerificationNote {
    pub id: i64,
    pub kpi: String,
    pub data_point: Option<String>,
    pub author_user_id: Option<i64>,
    pub author: String,
    /// `question`, `answer`, `verified`, `not-verified` or `reopened`.
    pub kind: String,
    pub body: String,
    /// The assessment revision it was written in.
    pub revision: i64,
    pub at: i64,
}

impl From<VerificationNoteRow> for VerificationNote {
    fn from(n: VerificationNoteRow) -> VerificationNote {
        VerificationNote {
            id: n.id,
            data_point: data_point(&n.key),
            kpi: n.key.kpi,
            author_user_id: n.author_user_id,
            author: n.author_label,
            kind: n.kind,
            body: n.body,
            revision: n.revision,
            at: n.at,
        }
    }
}

/// The U4SSC performance bands by percentage of target: 1 to 4 points.
#[derive(Serialize, ToSchema, Clone, Copy, Debug, PartialEq)]
pub enum Band {
    #[serde(rename = "0-33")]
    Below33,
    #[serde(rename = "33-66")]
    From33To66,
    #[serde(rename = "66-95")]
    From66To95,
    #[serde(rename = "95+")]
    AtLeast95,
}

impl From<civitas_indicators::Band> for Band {
    fn from(b: civitas_indicators::Band) -> Band {
        match b {
            civitas_indicators::Band::Below33 => Band::Below33,
            civitas_indicators::Band::From33To66 => Band::From33To66,
            civitas_indicators::Band::From66To95 => Band::From66To95,
            civitas_indicators::Band::AtLeast95 => Band::AtLeast95,
        }
    }
}

/// One KPI or data point's value and score.
#[derive(Serialize, ToSchema, Clone)]
pub struct KpiResult {
    pub kpi: String,
    pub data_point: Option<String>,
    pub name: String,
    pub unit: String,
    pub dimension: String,
    pub sub_dimension: String,
    pub category: String,
    pub value: f64,
    /// The target scored against; `null` = no target, not scored.
    pub target: Option<f64>,
    /// Achievement in percent of target, capped at 100; `null` = not scored.
    pub achievement_pct: Option<f64>,
    /// U4SSC points 1–4; `null` = not scored ("N/A").
    pub score: Option<u8>,
    pub band: Option<Band>,
}

/// A roll-up: points earned ÷ (4 × scored items), in the same four bands.
#[derive(Serialize, ToSchema)]
pub struct Rollup {
    /// Items with a value (scored or not).
    pub reported_items: u32,
    /// Items with a score.
    pub scored_items: u32,
    pub points: u32,
    /// `null` when nothing in it is scored.
    pub score_pct: Option<f64>,
    pub band: Option<Band>,
}

#[derive(Serialize, ToSchema)]
pub struct CategoryResult {
    pub dimension: String,
    /// Sub-dimension code: half of the category's identity.
    pub sub_dimension: String,
    /// Category code within the sub-dimension.
    pub category: String,
    pub name: String,
    #[serde(flatten)]
    pub score: Rollup,
}

#[derive(Serialize, ToSchema)]
pub struct SubDimensionResult {
    pub dimension: String,
    pub sub_dimension: String,
    pub name: String,
    #[serde(flatten)]
    pub score: Rollup,
}

#[derive(Serialize, ToSchema)]
pub struct DimensionResult {
    pub dimension: String,
    pub name: String,
    #[serde(flatten)]
    pub score: Rollup,
}

/// A plausibility or cross-KPI check that the figures fail.
#[derive(Serialize, ToSchema)]
pub struct ResultWarning {
    pub rule: String,
    /// Codes of the KPIs involved.
    pub kpis: Vec<String>,
    pub message: String,
}

/// An entry whose figures cannot give a value yet (missing denominator …).
#[derive(Serialize, ToSchema)]
pub struct EntryIssue {
    pub kpi: String,
    pub data_point: Option<String>,
    pub field: String,
    pub message: String,
}

#[derive(Serialize, ToSchema)]
pub struct NotReported {
    pub kpi: String,
    pub data_point: Option<String>,
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct Measure {
    pub kpi: String,
    pub data_point: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct VerificationState {
    pub kpi: String,
    pub data_point: Option<String>,
    /// `null` until the verifier decides.
    pub verified: Option<bool>,
}

/// An assessment's results, computed from what is stored each time they are
/// read, with exactly the numbers of `civitas kpi compute` for the same figures.
#[derive(Serialize, ToSchema)]
pub struct Results {
    pub assessment_id: i64,
    pub city_id: i64,
    pub year: i64,
    pub revision: i64,
    pub status: String,
    /// `id@version`
    pub framework: String,
    pub framework_name: String,
    pub target_set: String,
    pub target_set_name: String,
    /// Reported measures in framework order.
    pub kpis: Vec<KpiResult>,
    pub categories: Vec<CategoryResult>,
    pub sub_dimensions: Vec<SubDimensionResult>,
    pub dimensions: Vec<DimensionResult>,
    pub warnings: Vec<ResultWarning>,
    pub issues: Vec<EntryIssue>,
    pub not_reported: Vec<NotReported>,
    /// Measures with nothing entered at all.
    pub missing: Vec<Measure>,
    /// The verifier's decision per reported entry.
    pub verification: Vec<VerificationState>,
}

impl From<&AssessmentResults> for Results {
    fn from(r: &AssessmentResults) -> Results {
        let f = &r.framework;
        let dimension_name = |code: &str| {
            f.dimension(code)
                .map_or(code.to_string(), |d| d.name.en().to_string())
        };
        let dimension_of_sub = |code: &str| {
            f.sub_dimension(code)
                .map_or(String::new(), |s| s.dimension.clone())
        };
        let e = &r.evaluation;
        Results {
            assessment_id: r.assessment.id,
            city_id: r.assessment.city_id,
            year: r.assessment.year,
            revision: r.assessment.revision,
            status: r.assessment.status.clone(),
            framework: r.framework_key.clone(),
            framework_name: r.framework_name.clone(),
            target_set: r.assessment.target_set.clone(),
            target_set_name: r.target_set_name.clone(),
            kpis: e
                .kpis
                .iter()
                .map(|k| {
                    let measure = f.measure(&k.kpi, k.data_point.as_deref()).ok();
                    KpiResult {
                        kpi: k.kpi.clone(),
                        data_point: k.data_point.clone(),
                        name: measure.map_or(String::new(), |m| match m.data_point {
                            Some(dp) => format!("{} – {}", m.kpi.name.en(), dp.name.en()),
                            None => m.kpi.name.en().to_string(),
                        }),
                        unit: measure.map_or(String::new(), |m| m.unit().to_string()),
                        dimension: k.dimension.clone(),
                        sub_dimension: k.sub_dimension.clone(),
                        category: k.category.clone(),
                        value: k.value,
                        target: k.target,
                        achievement_pct: k.achievement_pct,
                        score: k.score,
                        band: k.band.map(Band::from),
                    }
                })
                .collect(),
            categories: e
                .categories
                .iter()
                .map(|c| CategoryResult {
                    dimension: dimension_of_sub(&c.sub_dimension),
                    sub_dimension: c.sub_dimension.clone(),
                    category: c.category.clone(),
                    name: f
                        .category(&c.sub_dimension, &c.category)
                        .map_or(c.category.clone(), |x| x.name.en().to_string()),
                    score: rollup(&c.score),
                })
                .collect(),
            sub_dimensions: e
                .sub_dimensions
                .iter()
                .map(|s| SubDimensionResult {
                    dimension: dimension_of_sub(&s.sub_dimension),
                    sub_dimension: s.sub_dimension.clone(),
                    name: f
                        .sub_dimension(&s.sub_dimension)
                        .map_or(s.sub_dimension.clone(), |x| x.name.en().to_string()),
                    score: rollup(&s.score),
                })
                .collect(),
            dimensions: e
                .dimensions
                .iter()
                .map(|d| DimensionResult {
                    dimension: d.dimension.clone(),
                    name: dimension_name(&d.dimension),
                    score: rollup(&d.score),
                })
                .collect(),
            warnings: e
                .warnings
                .iter()
                .map(|w| ResultWarning {
                    rule: w.rule.clone(),
                    kpis: w.kpis.clone(),
                    message: w.message.clone(),
                })
                .collect(),
            issues: r
                .issues
                .iter()
                .map(|i| EntryIssue {
                    kpi: i.key.kpi.clone(),
                    data_point: data_point(&i.key),
                    field: i.field.clone(),
                    message: i.message.clone(),
                })
                .collect(),
            not_reported: r
                .not_reported
                .iter()
                .map(|(key, reason)| NotReported {
                    kpi: key.kpi.clone(),
                    data_point: data_point(key),
                    reason: reason.clone(),
                })
                .collect(),
            missing: r
                .missing
                .iter()
                .map(|key| Measure {
                    kpi: key.kpi.clone(),
                    data_point: data_point(key),
                })
                .collect(),
            verification: r
                .verification
                .iter()
                .map(|(key, verified)| VerificationState {
                    kpi: key.kpi.clone(),
                    data_point: data_point(key),
                    verified: *verified,
                })
                .collect(),
        }
    }
}

fn rollup(s: &civitas_indicators::RollupScore) -> Rollup {
    Rollup {
        reported_items: s.reported_items,
        scored_items: s.scored_items,
        points: s.points,
        score_pct: s.score_pct,
        band: s.band.map(Band::from),
    }
}

/// KPIs that serve one SDG target.
#[derive(Serialize, ToSchema)]
pub struct SdgGroup {
    /// e.g. `11.6`
    pub sdg_target: String,
    /// The reported measures linked to it, in framework order.
    pub kpis: Vec<KpiResult>,
    /// Codes of KPIs linked to it with no value yet.
    pub unreported: Vec<String>,
}

/// One score followed across years.
#[derive(Serialize, ToSchema)]
pub struct TrendSeries {
    /// A KPI (`code` or `code / data point`) or a dimension name.
    pub label: String,
    pub unit: String,
    /// One per year of the trend; `null` where not reported.
    pub values: Vec<Option<f64>>,
}

impl From<TrendLine> for TrendSeries {
    fn from(l: TrendLine) -> TrendSeries {
        TrendSeries {
            label: l.label,
            unit: l.unit,
            values: l.values,
        }
    }
}

/// Scores of the city's assessments across years (those the caller may see).
#[derive(Serialize, ToSchema)]
pub struct KpiTrend {
    /// Oldest first.
    pub years: Vec<i64>,
    /// Dimension scores, % of target points.
    pub dimensions: Vec<TrendSeries>,
    /// Every measure reported in at least one year: its values.
    pub kpis: Vec<TrendSeries>,
}

impl From<Trend> for KpiTrend {
    fn from(t: Trend) -> KpiTrend {
        KpiTrend {
            years: t.years,
            dimensions: t.dimensions.into_iter().map(Into::into).collect(),
            kpis: t.kpis.into_iter().map(Into::into).collect(),
        }
    }
}

/// Five-number summary of one dimension score among peer cities.
#[derive(Serialize, ToSchema)]
pub struct PeerSummary {
    pub dimension: String,
    pub peers: usize,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
    pub this_city: Option<f64>,
}

impl From<PeerStatistic> for PeerSummary {
    fn from(s: PeerStatistic) -> PeerSummary {
        PeerSummary {
            dimension: s.dimension,
            peers: s.peers,
            min: s.min,
            q1: s.q1,
            median: s.median,
            q3: s.q3,
            max: s.max,
            this_city: s.this_city,
        }
    }
}

/// Where the city stands among cities of similar size: distributions only,
/// never a ranking, and only when enough cities take part.
#[derive(Serialize, ToSchema)]
pub struct PeerComparison {
    /// Whether the city opted in for this assessment; nothing else is given otherwise.
    pub opted_in: bool,
    /// Peers have a population between these bounds.
    pub population_from: Option<i64>,
    pub population_to: Option<i64>,
    pub peers: usize,
    /// Empty when too few peers take part.
    pub dimensions: Vec<PeerSummary>,
}

impl From<Option<PeerDistribution>> for PeerComparison {
    fn from(d: Option<PeerDistribution>) -> PeerComparison {
        match d {
            Some(d) => PeerComparison {
                opted_in: true,
                population_from: Some(d.population_from),
                population_to: Some(d.population_to),
                peers: d.peers,
                dimensions: d.dimensions.into_iter().map(Into::into).collect(),
            },
            None => PeerComparison {
                opted_in: false,
                population_from: None,
                population_to: None,
                peers: 0,
                dimensions: Vec::new(),
            },
        }
    }
}

/// A target set an assessment may use.
#[derive(Serialize, ToSchema)]
pub struct TargetSetChoice {
    /// `default` or `city:<id>`: the value of an assessment's `target_set`.
    pub key: String,
    pub name: String,
}

impl From<civitas_service::kpi::TargetSetChoice> for TargetSetChoice {
    fn from(c: civitas_service::kpi::TargetSetChoice) -> TargetSetChoice {
        TargetSetChoice {
            key: c.key,
            name: c.name,
        }
    }
}

/// A city's own target set, as created.
#[derive(Serialize, ToSchema)]
pub struct TargetSet {
    pub id: i64,
    /// The value of an assessment's `target_set` that selects it.
    pub key: String,
    pub city_id: i64,
    pub name: String,
    pub framework: String,
    pub created_at: i64,
}

impl From<TargetSetRow> for TargetSet {
    fn from(t: TargetSetRow) -> TargetSet {
        TargetSet {
            key: format!("city:{}", t.id),
            id: t.id,
            city_id: t.city_id,
            name: t.name,
            framework: t.framework,
            created_at: t.created_at,
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct TargetSetQuery {
    /// The new set's name (required).
    pub name: Option<String>,
    /// The file's name, quoted in problems with it.
    pub file_name: Option<String>,
}

/// A KPI framework version.
#[derive(Serialize, ToSchema)]
pub struct Framework {
    /// `id@version`
    pub key: String,
    pub name: String,
    pub kpis: usize,
    /// KPIs and data points that get a value each.
    pub measures: usize,
    /// `null` for the built-in catalogue.
    pub loaded_at: Option<i64>,
    pub loaded_by: Option<String>,
}

impl From<FrameworkSummary> for Framework {
    fn from(f: FrameworkSummary) -> Framework {
        Framework {
            key: f.key,
            name: f.name,
            kpis: f.kpis,
            measures: f.measures,
            loaded_at: f.loaded_at,
            loaded_by: f.loaded_by,
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct FrameworkQuery {
    /// The file's name, quoted in problems with it.
    pub file_name: Option<String>,
}

/// The file formats of a whole assessment.
#[derive(Deserialize, ToSchema, Clone, Copy, Default)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    /// One table, `section` = about | input | kpi on each row (UTF-8 with BOM).
    #[default]
    Csv,
    /// A workbook with the sheets About, Inputs and KPIs.
    Xlsx,
}

impl From<FileFormat> for civitas_service::kpi::ExchangeFormat {
    fn from(f: FileFormat) -> Self {
        match f {
            FileFormat::Csv => civitas_service::kpi::ExchangeFormat::Csv,
            FileFormat::Xlsx => civitas_service::kpi::ExchangeFormat::Xlsx,
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct ExportQuery {
    /// `csv` (the default) or `xlsx`.
    #[serde(default)]
    #[param(value_type = Option<FileFormat>)]
    pub format: FileFormat,
}

#[derive(Deserialize, IntoParams)]
pub struct ImportQuery {
    /// The file's name, quoted in problems with it; a name ending in `.xlsx`
    /// (or a zip signature) reads the body as XLSX, anything else as CSV.
    pub file_name: Option<String>,
    /// Only say what the import would change; change nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// What an import changes (or, with `dry_run`, would change).
#[derive(Serialize, ToSchema)]
pub struct ImportSummary {
    /// `csv` or `xlsx`, as the file was read.
    pub format: Option<String>,
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
    /// Whether anything changes at all.
    pub changes_anything: bool,
    /// False for a dry run.
    pub applied: bool,
}

impl ImportSummary {
    pub(crate) fn new(s: civitas_service::kpi::ImportSummary, applied: bool) -> ImportSummary {
        ImportSummary {
            format: s.format.map(|f| f.extension().to_string()),
            changes_anything: s.changes_anything(),
            inputs_added: s.inputs_added,
            inputs_changed: s.inputs_changed,
            inputs_removed: s.inputs_removed,
            inputs_unchanged: s.inputs_unchanged,
            entries_added: s.entries_added,
            entries_changed: s.entries_changed,
            entries_removed: s.entries_removed,
            entries_unchanged: s.entries_unchanged,
            decisions_reset: s.decisions_reset,
            replaces_existing: s.replaces_existing,
            applied,
        }
    }
}
