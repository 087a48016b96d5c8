//! Results and representativeness. Rankings are ordered by the Borda count
//! (see [`BORDA_NOTE`]); groups are tabulated with cells of fewer than
//! [`K`](super::K) participants suppressed and, with the same secondary
//! suppression the digital-divide tables use (`civitas_survey`), one more
//! cell in any row or column that would otherwise let a total reveal a
//! suppressed one. The public sees only the overall result, once closed.

use super::{AGE_BANDS, CHANNELS, ConsultationView, DISABILITY, GENDERS, K, Phase, profile_groups};
use crate::{Civitas, ServiceError, Visitor};
use civitas_domain::Action;
use civitas_store::{BallotTally, ConsultationOptionRow, DistrictRow, PopulationShareRow};
use civitas_survey::{primary_suppression, secondary_suppression};

/// How a ranking is scored, in words for the pages and the export.
pub const BORDA_NOTE: &str = "Borda count: with n options, a first place earns n-1 points, a \
second n-2, and so on down to 0 for the last place; options a resident left unranked earn \
nothing. Options are ordered by points, then by first places.";

/// Why a cell shows no number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suppressed {
    /// Fewer than K participants.
    Small,
    /// Hidden so that a total cannot reveal a small cell.
    Secondary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Count(i64),
    Hidden(Suppressed),
}

impl Cell {
    pub fn count(&self) -> Option<i64> {
        match self {
            Cell::Count(n) => Some(*n),
            Cell::Hidden(_) => None,
        }
    }
}

/// One option's result: first places (the votes, in vote mode) and Borda points.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionResult {
    pub option_id: i64,
    pub label: String,
    pub first: Cell,
    pub points: Option<i64>,
}

/// One group's row: how many took part, and first places per option (in the
/// consultation's option order).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    /// The group's code (a district's id for districts); empty for "not given".
    pub code: String,
    pub n: Cell,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GroupTable {
    /// `age_band`, `gender`, `district`, `disability` or `channel`.
    pub dimension: &'static str,
    pub rows: Vec<GroupRow>,
}

#[derive(Debug, Clone)]
pub struct ConsultationResults {
    pub view: ConsultationView,
    /// Only answers of this channel, when filtered.
    pub channel: Option<String>,
    /// Answers counted.
    pub total: i64,
    /// In ranking order.
    pub options: Vec<OptionResult>,
    pub groups: Vec<GroupTable>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RepresentationRow {
    pub code: String,
    pub participants: Cell,
    /// Share of those who answered this question, in percent (hidden with the count).
    pub share: Option<f64>,
    /// Share of the city's population, in percent.
    pub population: Option<f64>,
    /// Participants' share minus population share, in percentage points.
    pub gap: Option<f64>,
    /// Clearly fewer took part than the population share would suggest.
    pub under: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RepresentationTable {
    pub dimension: &'static str,
    /// How many answered this question (the shares' base).
    pub answered: i64,
    /// How many left it blank.
    pub not_given: i64,
    pub rows: Vec<RepresentationRow>,
    /// Where the population shares come from.
    pub source: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Representation {
    pub view: ConsultationView,
    pub total: i64,
    pub tables: Vec<RepresentationTable>,
}

/// A group with participation this far below its population share is flagged.
const UNDER_RATIO: f64 = 0.8;

fn first_choice(b: &BallotTally) -> Option<i64> {
    b.choices.iter().find(|c| c.rank == 1).map(|c| c.option_id)
}

/// The group a ballot falls in for a dimension ("" when not given).
fn group_of(b: &BallotTally, dimension: &str) -> String {
    let d = b.demographics.as_ref();
    match dimension {
        "channel" => b.channel.clone(),
        "age_band" => d.and_then(|d| d.age_band.clone()).unwrap_or_default(),
        "gender" => d.and_then(|d| d.gender.clone()).unwrap_or_default(),
        "disability" => d.and_then(|d| d.disability.clone()).unwrap_or_default(),
        "district" => d
            .and_then(|d| d.district_id)
            .map(|i| i.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// Cells of a `rows × cols` table of counts, with primary and secondary suppression.
fn suppress(counts: &[i64], rows: usize, cols: usize) -> Vec<Cell> {
    let sizes: Vec<usize> = counts.iter().map(|&c| c.max(0) as usize).collect();
    let primary = primary_suppression(&sizes, K);
    let mask = secondary_suppression(&primary, &sizes, rows, cols);
    counts
        .iter()
        .enumerate()
        .map(|(i, &c)| match (primary[i], mask[i]) {
            (true, _) => Cell::Hidden(Suppressed::Small),
            (false, true) => Cell::Hidden(Suppressed::Secondary),
            _ => Cell::Count(c),
        })
        .collect()
}

/// First places and Borda points per option, in ranking order. With
/// `protect`, first places of fewer than K are suppressed (a filtered view
/// of few people), and everything is when fewer than K answered.
pub fn tally(
    options: &[ConsultationOptionRow],
    ballots: &[&BallotTally],
    protect: bool,
) -> Vec<OptionResult> {
    let n = options.len() as i64;
    let mut first = vec![0i64; options.len()];
    let mut points = vec![0i64; options.len()];
    for b in ballots {
        for c in &b.choices {
            if let Some(i) = options.iter().position(|o| o.id == c.option_id) {
                points[i] += (n - c.rank).max(0);
                if c.rank == 1 {
                    first[i] += 1;
                }
            }
        }
    }
    let few = protect && ballots.len() < K;
    let cells: Vec<Cell> = if protect {
        let mut line = first.clone();
        line.push(ballots.len() as i64);
        suppress(&line, 1, line.len())
            .into_iter()
            .take(options.len())
            .collect()
    } else {
        first.iter().map(|&c| Cell::Count(c)).collect()
    };
    let mut results: Vec<(OptionResult, i64, i64, i64)> = options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            (
                OptionResult {
                    option_id: o.id,
                    label: o.label.clone(),
                    first: if few {
                        Cell::Hidden(Suppressed::Small)
                    } else {
                        cells[i]
                    },
                    points: (!few).then_some(points[i]),
                },
                points[i],
                first[i],
                o.position,
            )
        })
        .collect();
    results.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.3.cmp(&b.3)));
    results.into_iter().map(|r| r.0).collect()
}

/// One dimension's table: a row per group that has participants (listed
/// groups first, then "not given"), first places per option and the group's
/// size, suppressed together.
pub fn group_table(
    dimension: &'static str,
    groups: &[String],
    options: &[ConsultationOptionRow],
    ballots: &[&BallotTally],
) -> GroupTable {
    let mut codes: Vec<String> = groups.to_vec();
    codes.push(String::new());
    let cols = options.len() + 1;
    let mut counts: Vec<Vec<i64>> = Vec::new();
    let mut kept: Vec<String> = Vec::new();
    for code in codes {
        let mut row = vec![0i64; cols];
        for b in ballots.iter().filter(|b| group_of(b, dimension) == code) {
            row[options.len()] += 1;
            if let Some(i) = first_choice(b).and_then(|id| options.iter().position(|o| o.id == id))
            {
                row[i] += 1;
            }
        }
        if row[options.len()] > 0 {
            counts.push(row);
            kept.push(code);
        }
    }
    let flat: Vec<i64> = counts.concat();
    let cells = suppress(&flat, kept.len(), cols);
    let rows = kept
        .into_iter()
        .enumerate()
        .map(|(r, code)| {
            let line = &cells[r * cols..(r + 1) * cols];
            GroupRow {
                code,
                n: line[options.len()],
                cells: line[..options.len()].to_vec(),
            }
        })
        .collect();
    GroupTable { dimension, rows }
}

/// Who took part in one dimension against the population's shares (percent by group code).
pub fn representation_table(
    dimension: &'static str,
    groups: &[String],
    population: &[(String, f64)],
    ballots: &[BallotTally],
    source: Option<String>,
) -> RepresentationTable {
    let counts: Vec<i64> = groups
        .iter()
        .map(|g| {
            ballots
                .iter()
                .filter(|b| &group_of(b, dimension) == g)
                .count() as i64
        })
        .collect();
    let answered: i64 = counts.iter().sum();
    let not_given = ballots.len() as i64 - answered;
    let cells = suppress(&counts, 1, counts.len());
    let rows = groups
        .iter()
        .zip(cells)
        .zip(&counts)
        .map(|((code, cell), &count)| {
            let population = population
                .iter()
                .find(|(g, _)| g == code)
                .map(|(_, share)| *share);
            let share = cell
                .count()
                .filter(|_| answered > 0)
                .map(|c| c as f64 * 100.0 / answered as f64);
            let gap = share.zip(population).map(|(s, p)| s - p);
            let under = match (cell, population) {
                (Cell::Count(_), Some(p)) => share.is_some_and(|s| s < p * UNDER_RATIO),
                // Fewer than K took part where the population share would
                // suggest more than K: under-represented whatever the count.
                (Cell::Hidden(Suppressed::Small), Some(p)) => {
                    count < K as i64 && p * answered as f64 / 100.0 > K as f64
                }
                _ => false,
            };
            RepresentationRow {
                code: code.clone(),
                participants: cell,
                share,
                population,
                gap,
                under,
            }
        })
        .collect();
    RepresentationTable {
        dimension,
        answered,
        not_given,
        rows,
        source,
    }
}

fn codes(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn district_codes(districts: &[DistrictRow]) -> Vec<String> {
    districts.iter().map(|d| d.id.to_string()).collect()
}

impl Civitas {
    /// The results for the city's team: overall and by age, gender, district,
    /// disability and channel, optionally only one channel's answers.
    pub async fn consultation_results(
        &self,
        visitor: &Visitor,
        id: i64,
        channel: Option<&str>,
    ) -> Result<ConsultationResults, ServiceError> {
        let view = self
            .team_consultation(visitor, id, Action::ViewConsultationResults)
            .await?;
        let channel = channel
            .map(str::trim)
            .filter(|c| CHANNELS.contains(c))
            .map(str::to_string);
        let tallies = self.store.ballot_tallies(id).await?;
        let counted: Vec<&BallotTally> = tallies
            .iter()
            .filter(|b| channel.as_ref().is_none_or(|c| &b.channel == c))
            .collect();
        let options = tally(&view.options, &counted, channel.is_some());
        let groups = vec![
            group_table("age_band", &codes(&AGE_BANDS), &view.options, &counted),
            group_table("gender", &codes(&GENDERS), &view.options, &counted),
            group_table(
                "district",
                &district_codes(&view.districts),
                &view.options,
                &counted,
            ),
            group_table("disability", &codes(&DISABILITY), &view.options, &counted),
            group_table("channel", &codes(&CHANNELS), &view.options, &counted),
        ];
        Ok(ConsultationResults {
            total: counted.len() as i64,
            view,
            channel,
            options,
            groups,
        })
    }

    /// The overall result anyone may read once the consultation is closed.
    pub async fn public_results(
        &self,
        view: &ConsultationView,
    ) -> Result<Option<(i64, Vec<OptionResult>)>, ServiceError> {
        if view.phase != Phase::Closed {
            return Ok(None);
        }
        let tallies = self.store.ballot_tallies(view.consultation.id).await?;
        let counted: Vec<&BallotTally> = tallies.iter().collect();
        Ok(Some((
            counted.len() as i64,
            tally(&view.options, &counted, false),
        )))
    }

    /// Who took part compared with the city's population, by age band,
    /// gender, district and disability.
    pub async fn representation(
        &self,
        visitor: &Visitor,
        id: i64,
    ) -> Result<Representation, ServiceError> {
        let view = self
            .team_consultation(visitor, id, Action::ViewConsultationResults)
            .await?;
        let tallies = self.store.ballot_tallies(id).await?;
        let profile = self.store.population_profile(view.city.id).await?;
        let mut tables = Vec::new();
        for (dimension, groups) in profile_groups() {
            let rows: Vec<&PopulationShareRow> = profile
                .iter()
                .filter(|p| p.dimension == dimension)
                .collect();
            let shares: Vec<(String, f64)> = rows
                .iter()
                .map(|p| (p.group_code.clone(), p.share_percent))
                .collect();
            let source = rows.first().map(|p| p.source.clone());
            tables.push(representation_table(
                dimension,
                &codes(groups),
                &shares,
                &tallies,
                source,
            ));
        }
        let people: i64 = view.districts.iter().filter_map(|d| d.population).sum();
        let district_shares: Vec<(String, f64)> = view
            .districts
            .iter()
            .filter_map(|d| {
                d.population
                    .filter(|_| people > 0)
                    .map(|p| (d.id.to_string(), p as f64 * 100.0 / people as f64))
            })
            .collect();
        let district_table = representation_table(
            "district",
            &district_codes(&view.districts),
            &district_shares,
            &tallies,
            (people > 0).then(|| "districts".to_string()),
        );
        tables.insert(2, district_table);
        Ok(Representation {
            total: tallies.len() as i64,
            view,
            tables,
        })
    }

    /// The team's results as CSV: overall, then each group table, suppressed
    /// cells empty with the reason in `note`. Never an individual's answer.
    pub async fn consultation_results_csv(
        &self,
        visitor: &Visitor,
        id: i64,
        channel: Option<&str>,
    ) -> Result<String, ServiceError> {
        let r = self.consultation_results(visitor, id, channel).await?;
        let mut out = csv::Writer::from_writer(Vec::new());
        let bad = |_| ServiceError::Internal("csv");
        out.write_record(["table", "group", "option", "count", "borda_points", "note"])
            .map_err(bad)?;
        let note = |cell: &Cell| match cell {
            Cell::Count(_) => String::new(),
            Cell::Hidden(Suppressed::Small) => format!("suppressed: fewer than {K}"),
            Cell::Hidden(Suppressed::Secondary) => "suppressed: secondary".to_string(),
        };
        let count = |cell: &Cell| cell.count().map(|c| c.to_string()).unwrap_or_default();
        let filter = r.channel.clone().unwrap_or_else(|| "all".into());
        out.write_record([
            "answers",
            &format!("channel={filter}"),
            "",
            &r.total.to_string(),
            "",
            if r.view.consultation.mode == "rank" {
                BORDA_NOTE
            } else {
                ""
            },
        ])
        .map_err(bad)?;
        for o in &r.options {
            let points = o.points.map(|p| p.to_string()).unwrap_or_default();
            out.write_record([
                "overall",
                "",
                &o.label,
                &count(&o.first),
                if r.view.consultation.mode == "rank" {
                    &points
                } else {
                    ""
                },
                &note(&o.first),
            ])
            .map_err(bad)?;
        }
        for table in &r.groups {
            for row in &table.rows {
                let group = if row.code.is_empty() {
                    "not given".to_string()
                } else if table.dimension == "district" {
                    r.view
                        .districts
                        .iter()
                        .find(|d| d.id.to_string() == row.code)
                        .map_or(row.code.clone(), |d| d.name.clone())
                } else {
                    row.code.clone()
                };
                out.write_record([
                    table.dimension,
                    &group,
                    "(participants)",
                    &count(&row.n),
                    "",
                    &note(&row.n),
                ])
                .map_err(bad)?;
                for (o, cell) in r.view.options.iter().zip(&row.cells) {
                    out.write_record([
                        table.dimension,
                        &group,
                        &o.label,
                        &count(cell),
                        "",
                        &note(cell),
                    ])
                    .map_err(bad)?;
                }
            }
        }
        let bytes = out
            .into_inner()
            .map_err(|_| ServiceError::Internal("csv"))?;
        String::from_utf8(bytes).map_err(|_| ServiceError::Internal("csv"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use civitas_store::{BallotChoice, Demographics};

    fn options(n: i64) -> Vec<ConsultationOptionRow> {
        (1..=n)
            .map(|i| ConsultationOptionRow {
                id: i,
                consultation_id: 1,
                position: i,
                label: format!("Option {i}"),
                description: String::new(),
            })
            .collect()
    }

    fn ballot(id: i64, ranking: &[i64], age: Option<&str>, channel: &str) -> BallotTally {
        BallotTally {
            ballot_id: id,
            channel: channel.into(),
            choices: ranking
                .iter()
                .enumerate()
                .map(|(i, o)| BallotChoice {
                    option_id: *o,
                    rank: i as i64 + 1,
                })
                .collect(),
            demographics: age.map(|a| Demographics {
                age_band: Some(a.into()),
                ..Demographics::default()
            }),
        }
    }

    #[test]
    fn borda_orders_by_points_then_first_places() {
        // Three options: 2 ballots A>B>C, 1 ballot B>C (A unranked), 1 ballot C>B>A.
        let opts = options(3);
        let ballots = [
            ballot(1, &[1, 2, 3], None, "web"),
            ballot(2, &[1, 2, 3], None, "web"),
            ballot(3, &[2, 3], None, "web"),
            ballot(4, &[3, 2, 1], None, "web"),
        ];
        let refs: Vec<&BallotTally> = ballots.iter().collect();
        let result = tally(&opts, &refs, false);
        // A: 2+2+0+0 = 4; B: 1+1+2+1 = 5; C: 0+0+1+2 = 3.
        let order: Vec<(i64, Option<i64>)> =
            result.iter().map(|r| (r.option_id, r.points)).collect();
        assert_eq!(order, vec![(2, Some(5)), (1, Some(4)), (3, Some(3))]);
        assert_eq!(result[1].first, Cell::Count(2));
    }

    #[test]
    fn small_groups_are_suppressed_and_no_total_reveals_them() {
        let opts = options(2);
        let mut ballots = Vec::new();
        // 12 aged 18-29 (8 for option 1, 4 for option 2), 9 aged 30-44 (6/3), 2 not given.
        for i in 0..12 {
            ballots.push(ballot(
                i,
                &[if i < 8 { 1 } else { 2 }],
                Some("18-29"),
                "web",
            ));
        }
        for i in 12..21 {
            ballots.push(ballot(
                i,
                &[if i < 18 { 1 } else { 2 }],
                Some("30-44"),
                "paper",
            ));
        }
        ballots.push(ballot(21, &[1], None, "web"));
        ballots.push(ballot(22, &[2], None, "phone"));
        let refs: Vec<&BallotTally> = ballots.iter().collect();
        let table = group_table("age_band", &codes(&AGE_BANDS), &opts, &refs);
        assert_eq!(table.rows.len(), 3, "empty groups are left out");
        let young = &table.rows[0];
        assert_eq!(young.n, Cell::Count(12));
        assert_eq!(young.cells[1], Cell::Hidden(Suppressed::Small));
        assert!(
            matches!(young.cells[0], Cell::Hidden(_)),
            "8 would reveal the 4 from the row's total"
        );
        // No row or column holds exactly one hidden cell.
        let cols = 3;
        let all: Vec<bool> = table
            .rows
            .iter()
            .flat_map(|r| {
                r.cells
                    .iter()
                    .chain(std::iter::once(&r.n))
                    .map(|c| c.count().is_none())
            })
            .collect();
        for r in 0..table.rows.len() {
            assert_ne!((0..cols).filter(|&c| all[r * cols + c]).count(), 1);
        }
        for c in 0..cols {
            assert_ne!(
                (0..table.rows.len()).filter(|&r| all[r * cols + c]).count(),
                1
            );
        }
        // Filtered to the two phone answers: nothing shown.
        let phone: Vec<&BallotTally> = ballots.iter().filter(|b| b.channel == "phone").collect();
        assert!(
            tally(&opts, &phone, true)
                .iter()
                .all(|r| r.first.count().is_none() && r.points.is_none())
        );
    }

    #[test]
    fn representation_flags_groups_below_their_population_share() {
        let mut ballots = Vec::new();
        for i in 0..30 {
            ballots.push(ballot(i, &[1], Some("30-44"), "web"));
        }
        for i in 30..40 {
            ballots.push(ballot(i, &[1], Some("45-64"), "web"));
        }
        for i in 40..46 {
            ballots.push(ballot(i, &[1], Some("18-29"), "web"));
        }
        ballots.push(ballot(46, &[1], Some("75-plus"), "web"));
        ballots.push(ballot(47, &[1], None, "web"));
        let population = vec![
            ("18-29".to_string(), 5.0),
            ("30-44".to_string(), 35.0),
            ("45-64".to_string(), 45.0),
            ("75-plus".to_string(), 15.0),
        ];
        let groups = codes(&["18-29", "30-44", "45-64", "75-plus"]);
        let table = representation_table("age_band", &groups, &population, &ballots, None);
        assert_eq!((table.answered, table.not_given), (47, 1));
        let by = |code: &str| table.rows.iter().find(|r| r.code == code).expect("row");
        assert!(!by("30-44").under, "64 % against 35 %");
        assert!(by("45-64").under, "21 % against 45 %");
        assert_eq!(by("75-plus").participants, Cell::Hidden(Suppressed::Small));
        assert!(
            by("75-plus").under,
            "fewer than 5 where about 6 were expected"
        );
        assert_eq!(by("75-plus").share, None);
        // The answered total would reveal it: the next smallest goes too.
        assert_eq!(
            by("18-29").participants,
            Cell::Hidden(Suppressed::Secondary)
        );
        assert!(!by("18-29").under, "nothing is said about a hidden cell");
    }
}
