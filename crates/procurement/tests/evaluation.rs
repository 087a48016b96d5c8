//! End-to-end checks of the evaluation engine through its public API: the sensitivity bounds are
//! verified by actually re-ranking with the weights moved just inside and just outside each bound.

#![allow(clippy::unwrap_used)]

use civitas_procurement::{
    Bid, CriteriaSet, Criterion, CriterionKind, Evaluation, EvaluationRules, PriceFormula,
    PriceRange, SubCriterion, evaluate,
};

/// The criteria with criterion `k` moved to weight `x` and the others rescaled proportionally.
fn moved(criteria: &CriteriaSet, k: usize, x: f64) -> CriteriaSet {
    let w_k = criteria.criteria()[k].weight;
    let scale = (100.0 - x) / (100.0 - w_k);
    let list = criteria
        .criteria()
        .iter()
        .enumerate()
        .map(|(j, c)| {
            let mut c = c.clone();
            c.weight = if j == k { x } else { c.weight * scale }.clamp(0.0, 100.0);
            c
        })
        .collect();
    CriteriaSet::new(list).unwrap()
}

fn winner_with(criteria: &CriteriaSet, bids: &[Bid], rules: &EvaluationRules) -> String {
    evaluate(criteria, bids, rules)
        .unwrap()
        .winner()
        .unwrap()
        .bidder
        .clone()
}

/// Re-ranks at each bound ± `delta` and checks that the winner holds inside and changes to the
/// announced bidder outside. Returns how many bounds were strictly inside (0, 100).
fn check_bounds(
    criteria: &CriteriaSet,
    bids: &[Bid],
    rules: &EvaluationRules,
    evaluation: &Evaluation,
) -> usize {
    const DELTA: f64 = 1e-4;
    let winner = evaluation.winner().unwrap().bidder.clone();
    let mut interior = 0;
    for (k, s) in evaluation.sensitivity.iter().enumerate() {
        assert!(s.min_weight_same_winner <= s.weight && s.weight <= s.max_weight_same_winner);
        if s.weight >= 100.0 {
            continue;
        }
        let at = |x: f64| winner_with(&moved(criteria, k, x), bids, rules);
        let wide = s.max_weight_same_winner - s.min_weight_same_winner > 2.0 * DELTA;
        if s.min_weight_same_winner > 0.0 {
            interior += 1;
            if wide {
                assert_eq!(at(s.min_weight_same_winner + DELTA), winner, "{s:?}");
            }
            if s.min_weight_same_winner >= DELTA {
                let below = at(s.min_weight_same_winner - DELTA);
                assert_ne!(below, winner, "{s:?}");
                assert_eq!(Some(below), s.winner_below_min, "{s:?}");
            }
        } else {
            assert_eq!(at(0.0), winner, "{s:?}");
            assert_eq!(s.winner_below_min, None);
        }
        if s.max_weight_same_winner < 100.0 {
            interior += 1;
            if wide {
                assert_eq!(at(s.max_weight_same_winner - DELTA), winner, "{s:?}");
            }
            if s.max_weight_same_winner <= 100.0 - DELTA {
                let above = at(s.max_weight_same_winner + DELTA);
                assert_ne!(above, winner, "{s:?}");
                assert_eq!(Some(above), s.winner_above_max, "{s:?}");
            }
        } else {
            assert_eq!(at(100.0 - 1e-9), winner, "{s:?}");
            assert_eq!(s.winner_above_max, None);
        }
    }
    interior
}

fn worked_example() -> (CriteriaSet, Vec<Bid>) {
    let criteria = CriteriaSet::new(vec![
        Criterion::quality("Quality", 60.0),
        Criterion::price("Price", 40.0),
    ])
    .unwrap();
    let bids = vec![
        Bid::new("A", 100_000.0, [("Quality", 70.0)]),
        Bid::new("B", 120_000.0, [("Quality", 85.0)]),
        Bid::new("C", 150_000.0, [("Quality", 90.0)]),
    ];
    (criteria, bids)
}

fn all_formulas() -> [PriceFormula; 4] {
    [
        PriceFormula::LowestPriceRatio,
        PriceFormula::Linear { range: None },
        PriceFormula::Linear {
            range: Some(PriceRange {
                lowest: 90_000.0,
                highest: 160_000.0,
            }),
        },
        PriceFormula::logarithmic(),
    ]
}

#[test]
fn worked_example_bounds_hold_for_every_formula() {
    let (criteria, bids) = worked_example();
    for formula in all_formulas() {
        let rules = EvaluationRules::with_formula(formula);
        let evaluation = evaluate(&criteria, &bids, &rules).unwrap();
        let interior = check_bounds(&criteria, &bids, &rules, &evaluation);
        assert!(interior >= 1, "{formula:?}");
    }
}

#[test]
fn sub_criteria_and_exclusions_take_part_in_the_bounds() {
    let criteria = CriteriaSet::new(vec![
        Criterion::quality("Technical merit", 35.0).with_sub_criteria(vec![
            SubCriterion {
                name: "Performance".into(),
                weight: 50.0,
                min_score: None,
            },
            SubCriterion {
                name: "Reliability".into(),
                weight: 50.0,
                min_score: Some(40.0),
            },
        ]),
        Criterion::quality("Skills and experience", 15.0),
        Criterion::quality("After-sales support", 10.0),
        Criterion::price("Whole-life cost", 40.0),
    ])
    .unwrap();
    let bid = |name: &str, price: f64, p: f64, r: f64, s: f64, a: f64| {
        Bid::new(
            name,
            price,
            [
                ("Performance", p),
                ("Reliability", r),
                ("Skills and experience", s),
                ("After-sales support", a),
            ],
        )
    };
    let bids = vec![
        bid("North", 410_000.0, 80.0, 70.0, 60.0, 50.0),
        bid("East", 380_000.0, 60.0, 60.0, 80.0, 70.0),
        bid("South", 300_000.0, 90.0, 30.0, 90.0, 90.0), // excluded: reliability 30 < 40
        bid("West", 520_000.0, 95.0, 95.0, 90.0, 95.0),
    ];
    let rules = EvaluationRules::default();
    let evaluation = evaluate(&criteria, &bids, &rules).unwrap();
    let south = evaluation
        .ranking
        .iter()
        .find(|r| r.bidder == "South")
        .unwrap();
    assert!(south.excluded);
    assert_eq!(evaluation.sensitivity.len(), 4);
    let interior = check_bounds(&criteria, &bids, &rules, &evaluation);
    assert!(interior >= 2);
}

/// Small deterministic generator so the scenarios are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

#[test]
fn bounds_hold_on_generated_scenarios() {
    let mut random = Lcg(7);
    let mut checked = 0;
    for scenario in 0..150 {
        let n_quality = 1 + random.next(4) as usize;
        // Integer weights summing to 100, price first.
        let mut weights = vec![5 + random.next(50) as i64];
        for _ in 0..n_quality {
            weights.push(1 + random.next(30) as i64);
        }
        let total: i64 = weights.iter().sum();
        let last = weights.len() - 1;
        weights[last] += 100 - total;
        if weights[last] <= 0 {
            continue;
        }
        let mut list = vec![Criterion::price("Price", weights[0] as f64)];
        for (q, w) in weights.iter().enumerate().skip(1) {
            list.push(Criterion::quality(format!("Q{q}"), *w as f64));
        }
        let criteria = CriteriaSet::new(list).unwrap();
        let n_bids = 2 + random.next(4) as usize;
        let bids: Vec<Bid> = (0..n_bids)
            .map(|b| {
                let scores: Vec<(String, f64)> = (1..=n_quality)
                    .map(|q| (format!("Q{q}"), random.next(101) as f64))
                    .collect();
                Bid::new(format!("bidder{b}"), 50.0 + random.next(100) as f64, scores)
            })
            .collect();
        let formula = all_formulas()[scenario % 4];
        let formula = match formula {
            PriceFormula::Linear { range: Some(_) } => PriceFormula::Linear {
                range: Some(PriceRange {
                    lowest: 40.0,
                    highest: 160.0,
                }),
            },
            other => other,
        };
        let rules = EvaluationRules::with_formula(formula);
        let evaluation = evaluate(&criteria, &bids, &rules).unwrap();
        checked += check_bounds(&criteria, &bids, &rules, &evaluation);
    }
    eprintln!("{checked} interior bounds re-ranked");
    // Enough crossings inside (0, 100) were exercised to mean something.
    assert!(checked > 100, "only {checked} interior bounds");
}

#[test]
fn evaluation_serialises_for_the_web_layer() {
    let (criteria, bids) = worked_example();
    let evaluation = evaluate(&criteria, &bids, &EvaluationRules::default()).unwrap();
    let json = serde_json::to_value(&evaluation).unwrap();
    assert_eq!(json["ranking"][0]["bidder"], "B");
    assert_eq!(
        json["rules"]["price_formula"]["formula"],
        "lowest_price_ratio"
    );
    let back: Evaluation = serde_json::from_value(json).unwrap();
    assert_eq!(back, evaluation);
    assert_eq!(
        criteria.criteria()[1].kind,
        CriterionKind::Price,
        "price criterion stays where it was published"
    );
}
