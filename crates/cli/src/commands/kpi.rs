//! `civitas kpi`: U4SSC KPI computations on files, offline.
//!
//! `civitas kpi compute --input FILE.csv [--format json|csv] [--default-targets] [--framework FILE.toml]`
//!
//! Input: a CSV table with the columns `kpi,data_point,numerator,denominator,value,target`
//! (see `civitas_indicators::csv_input` for every rule). An empty `target` means no target,
//! so the KPI is not scored, unless `--default-targets` fills it from the built-in default
//! target set (every value citing its public source).
//!
//! JSON output (`--format json`, the default), `null` where nothing is scored:
//! `{"kpis":[{"kpi","data_point","value","target","achievement_pct","score","band"}],
//!   "categories":[{"sub_dimension","category","score_pct","band"}],
//!   "sub_dimensions":[{"sub_dimension","score_pct","band"}],
//!   "dimensions":[{"dimension","score_pct","band"}],
//!   "warnings":[{"rule","kpis":[…],"message"}]}`
//! Sub-dimensions, categories and dimensions are given by their English names; `band` is one
//! of `0-33`, `33-66`, `66-95`, `95+`; `score` is the U4SSC points 1–4.
//!
//! CSV output (`--format csv`): one flat table, one line per KPI or data point, then per
//! category, sub-dimension, dimension and warning, with the columns
//! `level,dimension,sub_dimension,category,kpi,data_point,value,target,achievement_pct,score,score_pct,band,rule,message`.
//! `level` is `kpi`, `category`, `sub_dimension`, `dimension` or `warning`; cells that do not
//! apply to a level, or are not scored, are empty; a warning's KPIs are in `kpi`, joined by `; `.
//!
//! A bad row (unknown code or data point, text where a number belongs, denominator 0 …)
//! stops the command with a message naming the row and column; `main` exits with code 2.

use std::path::PathBuf;

use anyhow::{Context, anyhow};
use civitas_indicators::{
    Band, Evaluation, Framework, TargetSet, Warning, evaluate, read_input_csv, targets_from_rows,
};
use serde::Serialize;

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Compute KPI values, U4SSC scores, roll-ups and validation warnings from a CSV table
    Compute(ComputeArgs),
}

#[derive(clap::Args, Debug)]
pub struct ComputeArgs {
    /// Input CSV with columns kpi,data_point,numerator,denominator,value,target
    #[arg(long, value_name = "FILE.csv")]
    input: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Use the built-in default target set where the target cell is empty
    #[arg(long)]
    default_targets: bool,
    /// A framework file (TOML) to use instead of the built-in U4SSC 2017 catalogue
    #[arg(long, value_name = "FILE.toml")]
    framework: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Compute(args) => compute(&args),
    }
}

fn compute(args: &ComputeArgs) -> anyhow::Result<()> {
    let framework = match &args.framework {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            Framework::from_toml_bytes(&bytes).map_err(|e| anyhow!("{}: {e}", path.display()))?
        }
        None => Framework::u4ssc_2017()?,
    };
    let bytes =
        std::fs::read(&args.input).with_context(|| format!("reading {}", args.input.display()))?;
    let rows = read_input_csv(bytes.as_slice(), &framework)
        .map_err(|e| anyhow!("{}: {e}", args.input.display()))?;
    let base = if args.default_targets {
        TargetSet::default_for(&framework)?
    } else {
        TargetSet::empty(&framework)
    };
    let targets = targets_from_rows(&rows, base);
    let observations: Vec<_> = rows.into_iter().map(|r| r.observation).collect();
    let evaluation = evaluate(&framework, &observations, &Default::default(), &targets)?;
    let report = Report::new(&framework, &evaluation);
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            use std::io::Write;
            writeln!(out)?;
        }
        Format::Csv => write_csv(&mut out, &report)?,
    }
    Ok(())
}

/// The JSON document, exactly as the command promises it.
#[derive(Serialize)]
struct Report {
    kpis: Vec<KpiLine>,
    categories: Vec<CategoryLine>,
    sub_dimensions: Vec<SubDimensionLine>,
    dimensions: Vec<DimensionLine>,
    warnings: Vec<Warning>,
}

#[derive(Serialize)]
struct KpiLine {
    kpi: String,
    data_point: Option<String>,
    value: f64,
    target: Option<f64>,
    achievement_pct: Option<f64>,
    score: Option<u8>,
    band: Option<Band>,
    // Names for the flat CSV only.
    #[serde(skip)]
    names: (String, String, String),
}

#[derive(Serialize)]
struct CategoryLine {
    sub_dimension: String,
    category: String,
    score_pct: Option<f64>,
    band: Option<Band>,
    #[serde(skip)]
    dimension: String,
}

#[derive(Serialize)]
struct SubDimensionLine {
    sub_dimension: String,
    score_pct: Option<f64>,
    band: Option<Band>,
    #[serde(skip)]
    dimension: String,
}

#[derive(Serialize)]
struct DimensionLine {
    dimension: String,
    score_pct: Option<f64>,
    band: Option<Band>,
}

impl Report {
    fn new(framework: &Framework, e: &Evaluation) -> Report {
        let dimension_name = |code: &str| {
            framework
                .dimension(code)
                .map_or(code.to_string(), |d| d.name.en().to_string())
        };
        let sub_name = |code: &str| {
            framework
                .sub_dimension(code)
                .map_or(code.to_string(), |s| s.name.en().to_string())
        };
        let sub_dimension_of = |code: &str| {
            framework
                .sub_dimension(code)
                .map_or(String::new(), |s| dimension_name(&s.dimension))
        };
        let category_name = |sub: &str, code: &str| {
            framework
                .category(sub, code)
                .map_or(code.to_string(), |c| c.name.en().to_string())
        };
        Report {
            kpis: e
                .kpis
                .iter()
                .map(|k| KpiLine {
                    kpi: k.kpi.clone(),
                    data_point: k.data_point.clone(),
                    value: k.value,
                    target: k.target,
                    achievement_pct: k.achievement_pct,
                    score: k.score,
                    band: k.band,
                    names: (
                        dimension_name(&k.dimension),
                        sub_name(&k.sub_dimension),
                        category_name(&k.sub_dimension, &k.category),
                    ),
                })
                .collect(),
            categories: e
                .categories
                .iter()
                .map(|c| CategoryLine {
                    sub_dimension: sub_name(&c.sub_dimension),
                    category: category_name(&c.sub_dimension, &c.category),
                    score_pct: c.score.score_pct,
                    band: c.score.band,
                    dimension: sub_dimension_of(&c.sub_dimension),
                })
                .collect(),
            sub_dimensions: e
                .sub_dimensions
                .iter()
                .map(|s| SubDimensionLine {
                    sub_dimension: sub_name(&s.sub_dimension),
                    score_pct: s.score.score_pct,
                    band: s.score.band,
                    dimension: sub_dimension_of(&s.sub_dimension),
                })
                .collect(),
            dimensions: e
                .dimensions
                .iter()
                .map(|d| DimensionLine {
                    dimension: dimension_name(&d.dimension),
                    score_pct: d.score.score_pct,
                    band: d.score.band,
                })
                .collect(),
            warnings: e.warnings.clone(),
        }
    }
}

const CSV_COLUMNS: [&str; 14] = [
    "level",
    "dimension",
    "sub_dimension",
    "category",
    "kpi",
    "data_point",
    "value",
    "target",
    "achievement_pct",
    "score",
    "score_pct",
    "band",
    "rule",
    "message",
];

fn number(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

fn band(b: Option<Band>) -> String {
    b.map(|b| b.label().to_string()).unwrap_or_default()
}

fn write_csv<W: std::io::Write>(out: W, report: &Report) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    let empty = String::new;
    for k in &report.kpis {
        w.write_record([
            "kpi".to_string(),
            k.names.0.clone(),
            k.names.1.clone(),
            k.names.2.clone(),
            k.kpi.clone(),
            k.data_point.clone().unwrap_or_default(),
            k.value.to_string(),
            number(k.target),
            number(k.achievement_pct),
            k.score.map(|s| s.to_string()).unwrap_or_default(),
            empty(),
            band(k.band),
            empty(),
            empty(),
        ])?;
    }
    for c in &report.categories {
        let mut line = vec![empty(); CSV_COLUMNS.len()];
        line[0] = "category".into();
        line[1] = c.dimension.clone();
        line[2] = c.sub_dimension.clone();
        line[3] = c.category.clone();
        line[10] = number(c.score_pct);
        line[11] = band(c.band);
        w.write_record(&line)?;
    }
    for s in &report.sub_dimensions {
        let mut line = vec![empty(); CSV_COLUMNS.len()];
        line[0] = "sub_dimension".into();
        line[1] = s.dimension.clone();
        line[2] = s.sub_dimension.clone();
        line[10] = number(s.score_pct);
        line[11] = band(s.band);
        w.write_record(&line)?;
    }
    for d in &report.dimensions {
        let mut line = vec![empty(); CSV_COLUMNS.len()];
        line[0] = "dimension".into();
        line[1] = d.dimension.clone();
        line[10] = number(d.score_pct);
        line[11] = band(d.band);
        w.write_record(&line)?;
    }
    for warning in &report.warnings {
        let mut line = vec![empty(); CSV_COLUMNS.len()];
        line[0] = "warning".into();
        line[4] = warning.kpis.join("; ");
        line[12] = warning.rule.clone();
        line[13] = warning.message.clone();
        w.write_record(&line)?;
    }
    w.flush()?;
    Ok(())
}
