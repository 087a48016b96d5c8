//! `civitas procurement`: transparent bid evaluation and AHP weights on CSV files, offline.
//!
//! Thin glue over `civitas_procurement`: read the files, run the engine, print a table or JSON.
//! Every error names the file, then the row (header = row 1) and column the engine reports.

use std::fmt::Write as _;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use civitas_procurement::{
    AhpMethod, CriteriaSet, CriterionKind, Evaluation, EvaluationRules, PriceFormula, PriceRange,
    ahp_weights, evaluate, people_centred_checklist, read_bids, read_criteria,
    read_pairwise_matrix,
};
use serde::Serialize;

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Score and rank bids, with thresholds, abnormally-low-price flags and weight sensitivity
    #[command(long_about = EVALUATE_HELP)]
    Evaluate(EvaluateArgs),
    /// Derive criteria weights from a pairwise comparison matrix (AHP) and check its consistency
    #[command(long_about = AHP_HELP)]
    Ahp(AhpArgs),
    /// Print the people-centred requirement checklist and the four U4SSC procurement stages
    Checklist {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

const EVALUATE_HELP: &str = "\
Score and rank bids, with minimum-quality thresholds, abnormally-low-price flags and the
sensitivity of the winner to every weight.

Criteria CSV: columns criterion,weight,kind[,min_score][,parent]
  weight     percent of the total score; top-level weights sum to 100
  kind       quality or price (exactly one price row)
  min_score  optional 0-100 threshold: a bid scoring below it is excluded, with the reason
  parent     optional: makes the row a sub-criterion of that quality criterion; its weight is
             then a percent of the parent (sub-criteria of one parent sum to 100)
Bids CSV: columns bidder,criterion,value (one row per bidder and scored criterion)
  value      a 0-100 score for a quality criterion or sub-criterion, the offered price (> 0)
             for the price criterion

Points: quality = weight x score / 100; price, over the admitted bids (excluded bids set no
benchmark):
  lowest  weight x lowest price / bid price
  linear  weight x (highest - bid) / (highest - lowest); all prices equal -> full points;
          --price-range LOW,HIGH uses a published range instead, clamped to [0, weight]
  log     weight x (1 - ln(bid / lowest) / ln A), clamped to [0, weight]; A = --log-base
          (default 2: a bid at twice the lowest price gets 0)
A price below 0.7 x the median of the other bids is flagged as abnormally low (not excluded:
ask the bidder to explain it). Equal totals are ordered by higher quality points, then lower
price, then bidder name.

Sensitivity: for each criterion, the lowest and highest weight (the other weights rescaled
proportionally to keep 100) at which the winner stays the same, computed exactly from the
crossing points of the bids' totals.

JSON (--format json): {\"ranking\":[{\"rank\",\"bidder\",\"total\",\"quality_points\",
\"price_points\",\"excluded\",\"reason\"}...],\"sensitivity\":[{\"criterion\",\"weight\",
\"min_weight_same_winner\",\"max_weight_same_winner\"}...]}; rank, total and price_points are
null for an excluded bid.";

const AHP_HELP: &str = "\
Derive criteria weights from a pairwise comparison matrix (Saaty's AHP) and check its
consistency ratio; a ratio above 0.10 is refused and the most inconsistent judgement named.

Matrix CSV: a header row `criterion,A,B,C`, then one row per criterion in the same order,
e.g. `A,1,3,5`. A cell says how much more important the row criterion is than the column
criterion on Saaty's 1-9 scale; fractions like 1/3 are accepted, and a cell below the diagonal
may be left empty (it is then the reciprocal of its mirror). At most 10 criteria.

Output: each criterion's weight (sum 1) and percent (two decimals, summing to exactly 100, ready
for the criteria CSV), lambda max, CI = (lambda max - n)/(n - 1), Saaty's random index RI and
CR = CI / RI. --method eigenvector (default: principal eigenvector by power iteration) or
geometric-mean (normalised row geometric means); CR always uses the principal eigenvalue.

JSON (--format json): {\"method\",\"criteria\":[{\"criterion\",\"weight\",\"percent\"}...],
\"lambda_max\",\"consistency_index\",\"random_index\",\"consistency_ratio\"}";

#[derive(clap::Args, Debug)]
pub struct EvaluateArgs {
    /// Criteria CSV: criterion,weight,kind[,min_score][,parent]
    #[arg(long, value_name = "FILE.csv")]
    criteria: PathBuf,
    /// Bids CSV: bidder,criterion,value
    #[arg(long, value_name = "FILE.csv")]
    bids: PathBuf,
    /// Price-scoring formula
    #[arg(long, value_enum, default_value_t = Formula::Lowest)]
    price_formula: Formula,
    /// Base A of the log formula: a bid at A x the lowest price gets no price points
    #[arg(long, value_name = "A")]
    log_base: Option<f64>,
    /// Published range for the linear formula: full points at LOW, none at HIGH
    #[arg(long, value_name = "LOW,HIGH", value_parser = parse_range)]
    price_range: Option<PriceRange>,
    /// Flag prices below this fraction of the median of the other bids
    #[arg(long, value_name = "RATIO", default_value_t = civitas_procurement::evaluation::DEFAULT_ABNORMALLY_LOW_RATIO)]
    abnormally_low_ratio: f64,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(clap::Args, Debug)]
pub struct AhpArgs {
    /// Pairwise comparison matrix CSV
    #[arg(long, value_name = "FILE.csv")]
    matrix: PathBuf,
    #[arg(long, value_enum, default_value_t = Method::Eigenvector)]
    method: Method,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Formula {
    /// weight x lowest price / bid price
    Lowest,
    /// weight x (highest - bid) / (highest - lowest)
    Linear,
    /// weight x (1 - ln(bid / lowest) / ln A)
    Log,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    /// Principal eigenvector (power iteration)
    Eigenvector,
    /// Normalised geometric means of the rows
    GeometricMean,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

fn parse_range(text: &str) -> Result<PriceRange, String> {
    let (low, high) = text
        .split_once(',')
        .ok_or_else(|| format!("expected LOW,HIGH (e.g. 90000,160000), found `{text}`"))?;
    let number = |s: &str| {
        s.trim()
            .parse::<f64>()
            .map_err(|_| format!("expected a number, found `{s}`"))
    };
    Ok(PriceRange {
        lowest: number(low)?,
        highest: number(high)?,
    })
}

pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Evaluate(args) => run_evaluate(&args),
        Command::Ahp(args) => run_ahp(&args),
        Command::Checklist { format } => run_checklist(format),
    }
}

fn open(path: &Path) -> anyhow::Result<BufReader<File>> {
    let file = File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    Ok(BufReader::new(file))
}

fn price_formula(args: &EvaluateArgs) -> anyhow::Result<PriceFormula> {
    if args.log_base.is_some() && args.price_formula != Formula::Log {
        bail!("--log-base applies only to --price-formula log");
    }
    if args.price_range.is_some() && args.price_formula != Formula::Linear {
        bail!("--price-range applies only to --price-formula linear");
    }
    let formula = match args.price_formula {
        Formula::Lowest => PriceFormula::LowestPriceRatio,
        Formula::Linear => PriceFormula::Linear {
            range: args.price_range,
        },
        Formula::Log => match args.log_base {
            Some(base) => PriceFormula::Logarithmic { base },
            None => PriceFormula::logarithmic(),
        },
    };
    formula.check().context("--log-base / --price-range")?;
    Ok(formula)
}

fn run_evaluate(args: &EvaluateArgs) -> anyhow::Result<()> {
    let rules = EvaluationRules {
        price_formula: price_formula(args)?,
        abnormally_low_ratio: args.abnormally_low_ratio,
    };
    let criteria = read_criteria(open(&args.criteria)?)
        .with_context(|| args.criteria.display().to_string())?;
    let bids =
        read_bids(open(&args.bids)?, &criteria).with_context(|| args.bids.display().to_string())?;
    let evaluation =
        evaluate(&criteria, &bids, &rules).with_context(|| args.bids.display().to_string())?;
    let out = match args.format {
        Format::Json => serde_json::to_string_pretty(&EvaluationJson::from(&evaluation))? + "\n",
        Format::Text => evaluation_text(&criteria, &evaluation),
    };
    print!("{out}");
    Ok(())
}

/// The documented JSON shape: exactly these keys, in this order.
#[derive(Serialize)]
struct EvaluationJson {
    ranking: Vec<RankingJson>,
    sensitivity: Vec<SensitivityJson>,
}

#[derive(Serialize)]
struct RankingJson {
    rank: Option<u32>,
    bidder: String,
    total: Option<f64>,
    quality_points: f64,
    price_points: Option<f64>,
    excluded: bool,
    reason: Option<String>,
}

#[derive(Serialize)]
struct SensitivityJson {
    criterion: String,
    weight: f64,
    min_weight_same_winner: f64,
    max_weight_same_winner: f64,
}

impl From<&Evaluation> for EvaluationJson {
    fn from(evaluation: &Evaluation) -> Self {
        Self {
            ranking: evaluation
                .ranking
                .iter()
                .map(|r| RankingJson {
                    rank: r.rank,
                    bidder: r.bidder.clone(),
                    total: r.total,
                    quality_points: r.quality_points,
                    price_points: r.price_points,
                    excluded: r.excluded,
                    reason: r.reason.clone(),
                })
                .collect(),
            sensitivity: evaluation
                .sensitivity
                .iter()
                .map(|s| SensitivityJson {
                    criterion: s.criterion.clone(),
                    weight: s.weight,
                    min_weight_same_winner: s.min_weight_same_winner,
                    max_weight_same_winner: s.max_weight_same_winner,
                })
                .collect(),
        }
    }
}

fn points(value: Option<f64>) -> String {
    value.map_or_else(|| "-".into(), |v| format!("{v:.2}"))
}

fn evaluation_text(criteria: &CriteriaSet, evaluation: &Evaluation) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Price formula: {}",
        evaluation.price_formula_description
    );
    let _ = writeln!(out, "Criteria:");
    for c in criteria.criteria() {
        let kind = match c.kind {
            CriterionKind::Quality => "quality",
            CriterionKind::Price => "price",
        };
        let threshold = c
            .min_score
            .map(|m| format!(", minimum score {m}"))
            .unwrap_or_default();
        let _ = writeln!(out, "  {} — {} % ({kind}{threshold})", c.name, c.weight);
        for s in &c.sub_criteria {
            let threshold = s
                .min_score
                .map(|m| format!(", minimum score {m}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "      {} — {} % of {}{threshold}",
                s.name, s.weight, c.name
            );
        }
    }
    let width = evaluation
        .ranking
        .iter()
        .map(|r| r.bidder.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let _ = writeln!(out, "\nRanking:");
    let _ = writeln!(
        out,
        "  {:<4}  {:<width$}  {:>8}  {:>8}  {:>8}  {:>14}",
        "rank", "bidder", "total", "quality", "price", "offered price"
    );
    for r in &evaluation.ranking {
        let rank = r.rank.map_or_else(|| "-".into(), |n| n.to_string());
        let _ = writeln!(
            out,
            "  {:<4}  {:<width$}  {:>8}  {:>8.2}  {:>8}  {:>14}",
            rank,
            r.bidder,
            points(r.total),
            r.quality_points,
            points(r.price_points),
            r.price
        );
        if let Some(reason) = &r.reason {
            let _ = writeln!(out, "        {reason}");
        }
    }
    match evaluation.winner() {
        None => {
            let _ = writeln!(out, "\nNo bid passed the minimum quality thresholds.");
        }
        Some(winner) => {
            let _ = writeln!(
                out,
                "\nSensitivity: weights at which {} stays the winner (other weights rescaled proportionally):",
                winner.bidder
            );
            for s in &evaluation.sensitivity {
                let mut beyond = Vec::new();
                if let Some(b) = &s.winner_below_min {
                    beyond.push(format!("below: {b} wins"));
                }
                if let Some(b) = &s.winner_above_max {
                    beyond.push(format!("above: {b} wins"));
                }
                let _ = writeln!(
                    out,
                    "  {}: {:.2} % (range {:.2}–{:.2}){}",
                    s.criterion,
                    s.weight,
                    s.min_weight_same_winner,
                    s.max_weight_same_winner,
                    if beyond.is_empty() {
                        String::new()
                    } else {
                        format!("; {}", beyond.join(", "))
                    }
                );
            }
        }
    }
    out
}

#[derive(Serialize)]
struct AhpJson {
    method: AhpMethod,
    criteria: Vec<AhpCriterionJson>,
    lambda_max: f64,
    consistency_index: f64,
    random_index: f64,
    consistency_ratio: f64,
}

#[derive(Serialize)]
struct AhpCriterionJson {
    criterion: String,
    weight: f64,
    percent: f64,
}

fn run_ahp(args: &AhpArgs) -> anyhow::Result<()> {
    let name = || args.matrix.display().to_string();
    let matrix = read_pairwise_matrix(open(&args.matrix)?).with_context(name)?;
    let method = match args.method {
        Method::Eigenvector => AhpMethod::PrincipalEigenvector,
        Method::GeometricMean => AhpMethod::GeometricMean,
    };
    let result = ahp_weights(&matrix, method).with_context(name)?;
    let criteria = result
        .names
        .iter()
        .zip(&result.weights)
        .zip(&result.percent)
        .map(|((n, w), p)| AhpCriterionJson {
            criterion: n.clone(),
            weight: *w,
            percent: *p,
        })
        .collect::<Vec<_>>();
    match args.format {
        Format::Json => {
            let json = AhpJson {
                method,
                criteria,
                lambda_max: result.lambda_max,
                consistency_index: result.consistency_index,
                random_index: result.random_index,
                consistency_ratio: result.consistency_ratio,
            };
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
        Format::Text => {
            let method = match method {
                AhpMethod::PrincipalEigenvector => "principal eigenvector",
                AhpMethod::GeometricMean => "geometric mean",
            };
            let width = criteria
                .iter()
                .map(|c| c.criterion.chars().count())
                .max()
                .unwrap_or(9)
                .max(9);
            println!("Weights ({method}):");
            for c in &criteria {
                println!(
                    "  {:<width$}  {:>6.2} %  ({:.6})",
                    c.criterion, c.percent, c.weight
                );
            }
            println!(
                "λmax {:.4}  CI {:.4}  RI {:.2}  CR {:.4} (at most 0.10: acceptable)",
                result.lambda_max,
                result.consistency_index,
                result.random_index,
                result.consistency_ratio
            );
        }
    }
    Ok(())
}

fn run_checklist(format: Format) -> anyhow::Result<()> {
    let checklist = people_centred_checklist()?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&checklist)?),
        Format::Text => {
            println!("People-centred requirements:");
            for r in &checklist.requirements {
                println!("\n  {} [{}]\n    {}", r.title, r.id, r.description);
                println!("    Evidence: {}", r.evidence);
                for s in &r.sources {
                    println!("    Source: {s}");
                }
            }
            println!("\nU4SSC procurement stages:");
            for (n, stage) in checklist.stages.iter().enumerate() {
                println!("\n  {}. {}", n + 1, stage.name);
                for item in &stage.requires {
                    println!("    - {item}");
                }
                println!("    Source: {}", stage.source);
            }
        }
    }
    Ok(())
}
