//! `civitas survey`: design-based survey estimates on a CSV file, offline.
//!
//! ```text
//! civitas survey estimate --data FILE.csv [--weight COL] [--strata COL] [--psu COL[,COL2]]
//!     [--fpc COL[,COL2]] [--lonely-psu fail|adjust|certainty|remove]
//!     [--replicates jk1|jkn]
//!     [--repweights PATTERN --rep-type brr|fay|jk1|jkn|bootstrap|sdr [--fay-rho R] [--rscale R] [--mse]]
//!     (--proportion 'COL=VALUE' | --mean COL | --total COL | --ratio NUM/DEN)…
//!     [--by COL]… [--ci wald|logit|beta|wilson] [--level 0.95] [--format json|csv]
//! ```
//!
//! The design: `--psu A,B` gives two-stage clusters (PSU, then SSU); `--fpc` gives one column per
//! stage, as population counts (all ≥ 1) or sampling fractions (all ≤ 1). Without `--fpc` the first
//! stage is taken as sampled with replacement. `--replicates jk1|jkn` builds jackknife replicates from
//! that design; `--repweights` instead reads replicate-weight columns whose names match the regular
//! expression PATTERN (e.g. `brr_[0-9]+`), which already include the sampling weight. `--rscale` is the
//! per-replicate factor JKn needs (0.5 when every stratum has two PSUs). `--mse` centres replicates at
//! the full-sample estimate (the default for `sdr`).
//!
//! Statistics may be repeated, and so may `--by`: every statistic is estimated for the whole population
//! (when no `--by` is given) or for every domain of every `--by` column, in one pass over the file
//! (batch mode, used by the benchmark for 20 indicators × 6 breakdowns).
//!
//! JSON output (the default) is an array with one object per domain:
//! `{"variable","by","domain","estimate","se","ci_low","ci_high","df","n","missing","deff"}`;
//! `domain` and `by` are `null` for the whole population; `n` counts the rows used and `missing` the
//! rows of the domain whose variable is empty. CSV output has the same columns. The interval defaults
//! to logit for proportions and Wald (t with the design's degrees of freedom) otherwise.
//!
//! Bad input (missing column, text or a negative number where a weight belongs, a stratum with one
//! PSU and no `--lonely-psu` rule …) stops with a message naming the file, row and column; `main`
//! exits with code 2.

use std::fs::File;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use civitas_survey::{
    ColumnRequest, CsvMicrodata, DesignSpec, EstimateTable, Factor, IntervalMethod, LonelyPsu,
    Microdata, ReplicateColumns, ReplicateKind, Statistic, SurveyDesign,
};
use serde::Serialize;

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Estimate proportions, means, totals or ratios with design-based standard errors and intervals
    Estimate(Box<EstimateArgs>),
}

#[derive(clap::Args, Debug)]
pub struct EstimateArgs {
    /// Microdata CSV (header row, one respondent per row)
    #[arg(long, value_name = "FILE.csv")]
    data: PathBuf,
    /// Sampling weight column
    #[arg(long, value_name = "COL")]
    weight: Option<String>,
    /// Stratum column
    #[arg(long, value_name = "COL")]
    strata: Option<String>,
    /// Cluster columns: PSU, or PSU,SSU for two stages
    #[arg(long, value_name = "COL[,COL2]", value_delimiter = ',')]
    psu: Vec<String>,
    /// Finite population correction per stage: population counts or sampling fractions
    #[arg(long, value_name = "COL[,COL2]", value_delimiter = ',')]
    fpc: Vec<String>,
    /// Rule for strata with a single PSU
    #[arg(long, value_enum, default_value_t = LonelyRule::Fail)]
    lonely_psu: LonelyRule,
    /// Build jackknife replicate weights from the design
    #[arg(long, value_enum, conflicts_with = "repweights")]
    replicates: Option<BuiltReplicates>,
    /// Regular expression matching the replicate-weight columns
    #[arg(long, value_name = "PATTERN", requires = "rep_type")]
    repweights: Option<String>,
    /// Replication method of the --repweights columns
    #[arg(long, value_enum, requires = "repweights")]
    rep_type: Option<RepType>,
    /// Fay coefficient for --rep-type fay
    #[arg(long, value_name = "R")]
    fay_rho: Option<f64>,
    /// Per-replicate scale for --rep-type jkn ((n_h-1)/n_h; 0.5 with two PSUs per stratum)
    #[arg(long, value_name = "R")]
    rscale: Option<f64>,
    /// Centre replicates at the full-sample estimate
    #[arg(long)]
    mse: bool,
    /// Proportion of rows where COL equals VALUE
    #[arg(long, value_name = "COL=VALUE")]
    proportion: Vec<String>,
    /// Weighted mean of a numeric column
    #[arg(long, value_name = "COL")]
    mean: Vec<String>,
    /// Weighted total of a numeric column
    #[arg(long, value_name = "COL")]
    total: Vec<String>,
    /// Ratio of two totals
    #[arg(long, value_name = "NUM/DEN")]
    ratio: Vec<String>,
    /// Breakdown column: one estimate per value (repeatable)
    #[arg(long, value_name = "COL")]
    by: Vec<String>,
    /// Confidence interval method (default: logit for proportions, wald otherwise)
    #[arg(long, value_enum)]
    ci: Option<CiMethod>,
    /// Confidence level
    #[arg(long, default_value_t = 0.95)]
    level: f64,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LonelyRule {
    Fail,
    Adjust,
    Certainty,
    Remove,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuiltReplicates {
    Jk1,
    Jkn,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RepType {
    Brr,
    Fay,
    Jk1,
    Jkn,
    Bootstrap,
    Sdr,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CiMethod {
    Wald,
    Logit,
    Beta,
    Wilson,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Estimate(args) => estimate(&args),
    }
}

/// One requested statistic.
#[derive(Debug, Clone)]
enum Request {
    Proportion {
        column: String,
        value: String,
    },
    Mean(String),
    Total(String),
    Ratio {
        numerator: String,
        denominator: String,
    },
}

impl Request {
    fn label(&self) -> String {
        match self {
            Request::Proportion { column, value } => format!("{column}={value}"),
            Request::Mean(c) | Request::Total(c) => c.clone(),
            Request::Ratio {
                numerator,
                denominator,
            } => format!("{numerator}/{denominator}"),
        }
    }
}

/// One output line.
#[derive(Debug, Serialize)]
struct Row {
    variable: String,
    by: Option<String>,
    domain: Option<String>,
    estimate: f64,
    se: f64,
    ci_low: f64,
    ci_high: f64,
    df: f64,
    n: usize,
    missing: usize,
    deff: Option<f64>,
}

fn requests(args: &EstimateArgs) -> anyhow::Result<Vec<Request>> {
    let mut out = Vec::new();
    for p in &args.proportion {
        let (column, value) = p
            .split_once('=')
            .ok_or_else(|| anyhow!("--proportion '{p}': expected COL=VALUE"))?;
        out.push(Request::Proportion {
            column: column.trim().to_string(),
            value: value.trim().to_string(),
        });
    }
    out.extend(args.mean.iter().map(|c| Request::Mean(c.clone())));
    out.extend(args.total.iter().map(|c| Request::Total(c.clone())));
    for r in &args.ratio {
        let (numerator, denominator) = r
            .split_once('/')
            .ok_or_else(|| anyhow!("--ratio '{r}': expected NUM/DEN"))?;
        out.push(Request::Ratio {
            numerator: numerator.trim().to_string(),
            denominator: denominator.trim().to_string(),
        });
    }
    if out.is_empty() {
        bail!(
            "nothing to estimate: give --proportion COL=VALUE, --mean COL, --total COL or --ratio NUM/DEN"
        );
    }
    Ok(out)
}

fn estimate(args: &EstimateArgs) -> anyhow::Result<()> {
    if !(args.level > 0.0 && args.level < 1.0) {
        bail!("--level {}: must be between 0 and 1", args.level);
    }
    if args.psu.len() > 2 || args.fpc.len() > 2 {
        bail!("--psu and --fpc take at most two columns (two stages)");
    }
    let requests = requests(args)?;
    let path = &args.data;
    let file = || File::open(path).with_context(|| format!("{}: cannot open", path.display()));
    let source = CsvMicrodata::new(BufReader::with_capacity(1 << 20, file()?))
        .with_context(|| path.display().to_string())?;

    // Which columns to read, and how.
    let mut request = ColumnRequest::default();
    let repweight_columns = match &args.repweights {
        Some(pattern) => {
            let re = regex_lite::Regex::new(pattern)
                .with_context(|| format!("--repweights '{pattern}'"))?;
            let cols: Vec<String> = source
                .header()
                .iter()
                .filter(|h| re.is_match(h))
                .cloned()
                .collect();
            if cols.len() < 2 {
                bail!(
                    "{}: --repweights '{pattern}' matches {} column(s); at least 2 are needed",
                    path.display(),
                    cols.len()
                );
            }
            cols
        }
        None => Vec::new(),
    };
    let spec = design_spec(args, &repweight_columns)?;
    spec.request(&mut request);
    request.categorical.extend(args.by.iter().cloned());
    for r in &requests {
        match r {
            Request::Proportion { column, .. } => request.categorical.push(column.clone()),
            Request::Mean(c) | Request::Total(c) => request.numeric.push(c.clone()),
            Request::Ratio {
                numerator,
                denominator,
            } => {
                request.numeric.push(numerator.clone());
                request.numeric.push(denominator.clone());
            }
        }
    }
    let mut data = source
        .read(&request)
        .with_context(|| path.display().to_string())?;
    if data.rows == 0 {
        bail!("{}: no data rows", path.display());
    }
    let design = spec
        .build(&mut data)
        .with_context(|| path.display().to_string())?;

    let by: Vec<Option<&Factor>> = if args.by.is_empty() {
        vec![None]
    } else {
        args.by.iter().map(|b| data.factor(b)).collect()
    };
    let mut rows = Vec::new();
    for r in &requests {
        let (statistic, y, x, proportion) = variable(&data, r, path)?;
        let method = match args.ci {
            Some(CiMethod::Wald) => IntervalMethod::Wald,
            Some(CiMethod::Logit) => IntervalMethod::Logit,
            Some(CiMethod::Beta) => IntervalMethod::Beta,
            Some(CiMethod::Wilson) => IntervalMethod::Wilson,
            None if proportion => IntervalMethod::Logit,
            None => IntervalMethod::Wald,
        };
        if method != IntervalMethod::Wald && !proportion {
            bail!(
                "--ci {method:?} is for proportions; use --ci wald for {}",
                r.label()
            );
        }
        for domains in &by {
            let table = design
                .estimate(statistic, &y, x.as_deref(), *domains)
                .with_context(|| format!("{}: {}", path.display(), r.label()))?;
            push_rows(&mut rows, &design, &table, r, *domains, method, args.level)?;
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record([
                "variable", "by", "domain", "estimate", "se", "ci_low", "ci_high", "df", "n",
                "missing", "deff",
            ])?;
            let f = |v: f64| {
                if v.is_finite() {
                    format!("{v}")
                } else {
                    String::new()
                }
            };
            for row in &rows {
                w.write_record([
                    row.variable.clone(),
                    row.by.clone().unwrap_or_default(),
                    row.domain.clone().unwrap_or_default(),
                    f(row.estimate),
                    f(row.se),
                    f(row.ci_low),
                    f(row.ci_high),
                    f(row.df),
                    row.n.to_string(),
                    row.missing.to_string(),
                    row.deff.map(f).unwrap_or_default(),
                ])?;
            }
            w.flush()?;
        }
    }
    Ok(())
}

fn push_rows(
    rows: &mut Vec<Row>,
    design: &SurveyDesign,
    table: &EstimateTable,
    request: &Request,
    domains: Option<&Factor>,
    method: IntervalMethod,
    level: f64,
) -> anyhow::Result<()> {
    for (i, e) in table.estimates.iter().enumerate() {
        let ci = table.interval(design, i, method, level)?;
        rows.push(Row {
            variable: request.label(),
            by: domains.map(|d| d.name().to_string()),
            domain: e.domain.clone(),
            estimate: e.estimate,
            se: e.se,
            ci_low: ci.low,
            ci_high: ci.high,
            df: e.df,
            n: e.n,
            missing: e.missing,
            deff: e.deff,
        });
    }
    Ok(())
}

type Variable = (Statistic, Vec<f64>, Option<Vec<f64>>, bool);

fn variable(data: &Microdata, request: &Request, path: &Path) -> anyhow::Result<Variable> {
    let numeric = |c: &str| -> anyhow::Result<Vec<f64>> {
        data.numeric(c)
            .map(<[f64]>::to_vec)
            .ok_or_else(|| anyhow!("{}: column '{c}' was not read", path.display()))
    };
    Ok(match request {
        Request::Proportion { column, value } => {
            let f = data
                .factor(column)
                .ok_or_else(|| anyhow!("{}: column '{column}' was not read", path.display()))?;
            let y = f.indicator(value).ok_or_else(|| {
                let shown: Vec<&str> = f.levels().iter().take(20).map(String::as_str).collect();
                anyhow!(
                    "{}: column '{column}' never takes the value '{value}' (values: {})",
                    path.display(),
                    shown.join(", ")
                )
            })?;
            (Statistic::Mean, y, None, true)
        }
        Request::Mean(c) => (Statistic::Mean, numeric(c)?, None, false),
        Request::Total(c) => (Statistic::Total, numeric(c)?, None, false),
        Request::Ratio {
            numerator,
            denominator,
        } => (
            Statistic::Ratio,
            numeric(numerator)?,
            Some(numeric(denominator)?),
            false,
        ),
    })
}

/// The design the flags state, as column names.
fn design_spec(args: &EstimateArgs, repweight_columns: &[String]) -> anyhow::Result<DesignSpec> {
    let lonely_psu = match args.lonely_psu {
        LonelyRule::Fail => LonelyPsu::Fail,
        LonelyRule::Adjust => LonelyPsu::Adjust,
        LonelyRule::Certainty => LonelyPsu::Certainty,
        LonelyRule::Remove => LonelyPsu::Remove,
    };
    let replicate_columns = match args.rep_type {
        None => None,
        Some(rep_type) => Some(ReplicateColumns {
            columns: repweight_columns.to_vec(),
            kind: match rep_type {
                RepType::Brr => ReplicateKind::Brr,
                RepType::Fay => ReplicateKind::Fay {
                    rho: args
                        .fay_rho
                        .ok_or_else(|| anyhow!("--rep-type fay needs --fay-rho (e.g. 0.5)"))?,
                },
                RepType::Jk1 => ReplicateKind::Jk1,
                RepType::Jkn => ReplicateKind::Jkn,
                RepType::Bootstrap => ReplicateKind::Bootstrap,
                RepType::Sdr => ReplicateKind::SuccessiveDifference,
            },
            rscale: args.rscale,
            mse: args.mse,
        }),
    };
    Ok(DesignSpec {
        weight: args.weight.clone(),
        strata: args.strata.clone(),
        clusters: args.psu.clone(),
        fpc: args.fpc.clone(),
        lonely_psu,
        built_replicates: args.replicates.map(|r| match r {
            BuiltReplicates::Jk1 => civitas_survey::BuiltReplicates::Jk1,
            BuiltReplicates::Jkn => civitas_survey::BuiltReplicates::Jkn,
        }),
        replicate_columns,
    })
}
