//! Procurement end to end on real storage: the four U4SSC stages, bad input
//! refused with nothing changed, evaluators' independence and declarations,
//! and the scoring through the service equal to the engine (and so to
//! `civitas procurement evaluate`) on the reference worked example.

use civitas_domain::validation::Problem;
use civitas_procurement::{EvaluationRules, PriceFormula, evaluate, read_bids, read_criteria};
use civitas_service::procurement::{
    AhpForm, AwardForm, BidForm, ConsensusForm, ConsensusRowForm, CriteriaForm, DeclarationForm,
    EngagementForm, EvaluatorForm, MilestoneForm, NoticeForm, ObligationForm, OutcomeForm,
    OwnRequirementForm, PlanForm, ScoreForm, ScoreSheetForm,
};
use civitas_service::{Civitas, FixedClock, ServiceError, Visitor};
use civitas_store_tests::{backends, fresh};
use std::sync::Arc;

/// The CLI test's files (crates/cli/tests/procurement_cli.rs), digital_divide.md §6.4.
const CRITERIA: &str = "criterion,weight,kind,min_score\nQuality,60,quality,50\nPrice,40,price,\n";
const BIDS: &str = "bidder,criterion,value\nA,Quality,70\nA,Price,100000\nB,Quality,85\nB,Price,120000\nC,Quality,90\nC,Price,150000\n";

struct Team {
    city: i64,
    admin: Visitor,
    editor: Visitor,
    verifier: Visitor,
    viewer: Visitor,
}

async fn demo(civitas: &Civitas) -> Team {
    let logins = civitas
        .load_demo_if_empty()
        .await
        .expect("demo")
        .expect("empty");
    let mut visitors = Vec::new();
    for role in ["city-admin", "data-editor", "verifier", "viewer"] {
        let login = logins.iter().find(|l| l.role == role).expect("login");
        let signed_in = civitas
            .sign_in(&login.email, &login.password, "10.0.0.1")
            .await
            .expect("sign in");
        visitors.push(
            civitas
                .session_actor(&signed_in.session_token)
                .await
                .expect("visitor"),
        );
    }
    let city = civitas
        .city_by_slug(&visitors[0], "demo-city")
        .await
        .expect("city")
        .city
        .id;
    let viewer = visitors.pop().expect("viewer");
    let verifier = visitors.pop().expect("verifier");
    let editor = visitors.pop().expect("editor");
    let admin = visitors.pop().expect("admin");
    Team {
        city,
        admin,
        editor,
        verifier,
        viewer,
    }
}

fn user_id(v: &Visitor) -> i64 {
    v.user.as_ref().map(|u| u.id).unwrap_or_default()
}

fn fields(error: ServiceError) -> Vec<(&'static str, Problem)> {
    match error {
        ServiceError::Invalid(errors) => errors.iter().map(|e| (e.field, e.problem)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn problems(error: ServiceError) -> Vec<String> {
    match error {
        ServiceError::BadFile(problems) => problems.iter().map(|p| p.to_string()).collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

fn plan() -> PlanForm {
    PlanForm {
        title: "Open data platform".into(),
        reference: "DC-2026-07".into(),
        need: "Residents cannot find or reuse the city's data".into(),
        end_users: "Residents, journalists, researchers, start-ups".into(),
        procedure: "open".into(),
        payment_approach: "fixed-price".into(),
        budget: "180000".into(),
        currency: "EUR".into(),
        outcomes: vec![OutcomeForm {
            kpi: "EC: ICT: ICT: 1C".into(),
            target: "90".into(),
            target_year: "2028".into(),
            description: "Households online".into(),
            ..OutcomeForm::default()
        }],
        requirements: vec![
            "open-standards".into(),
            "exit-plan".into(),
            "accessibility".into(),
        ],
        own_requirements: vec![OwnRequirementForm {
            title: "Interface in Arabic and French".into(),
            description: String::new(),
        }],
        ..PlanForm::default()
    }
}

fn sheet(scores: &[(i64, f64)], submit: bool) -> ScoreSheetForm {
    ScoreSheetForm {
        scores: scores
            .iter()
            .map(|(bid, score)| ScoreForm {
                bid_id: bid.to_string(),
                criterion: "Quality".into(),
                score: score.to_string(),
                justification: "Read against the published scale".into(),
            })
            .collect(),
        submit,
    }
}

#[tokio::test]
async fn a_procurement_through_plan_market_evaluation_award_and_delivery() {
    for backend in backends() {
        let database = fresh(backend).await;
        let clock = Arc::new(FixedClock::at(1_760_000_000));
        let civitas = Civitas::new(database.store.clone(), clock.clone());
        let t = demo(&civitas).await;

        // Plan: bad input names every field, nothing is stored.
        let bad = PlanForm {
            title: String::new(),
            procedure: "lottery".into(),
            budget: "-5".into(),
            outcomes: vec![OutcomeForm {
                kpi: "NOT: A: KPI".into(),
                target: "1".into(),
                ..OutcomeForm::default()
            }],
            requirements: vec!["gold-plating".into()],
            ..plan()
        };
        let error = civitas
            .create_procurement(&t.editor, t.city, &bad)
            .await
            .expect_err("bad plan");
        let names: Vec<&str> = fields(error).iter().map(|(f, _)| *f).collect();
        assert_eq!(
            names,
            ["title", "procedure", "budget", "outcomes", "requirements"]
        );
        // The demo's own procurement is the only one: nothing was added.
        assert_eq!(
            civitas
                .procurements(&t.editor, t.city)
                .await
                .expect("list")
                .procurements
                .len(),
            1
        );
        assert!(matches!(
            civitas.create_procurement(&t.viewer, t.city, &plan()).await,
            Err(ServiceError::Denied(_))
        ));
        let p = civitas
            .create_procurement(&t.editor, t.city, &plan())
            .await
            .expect("plan");
        let view = civitas.procurement(&t.viewer, p.id).await.expect("view");
        assert_eq!(view.requirements.len(), 4);
        assert_eq!(view.requirements[3].fields.checklist_id, None);
        assert_eq!(view.procurement.fields.outcomes[0].target, 90.0);

        // Inform the market: a public notice and the engagement record.
        civitas
            .advance_procurement_stage(&t.editor, p.id, "inform-market")
            .await
            .expect("stage");
        let notice = NoticeForm {
            notice: "We will buy an open data platform; market day on 10 February.".into(),
            questions_deadline: "2026-02-20".into(),
            submission_deadline: "2026-03-06".into(),
            published: "yes".into(),
        };
        civitas
            .save_procurement_notice(&t.editor, p.id, &notice)
            .await
            .expect("notice");
        civitas
            .add_procurement_engagement(
                &t.editor,
                p.id,
                &EngagementForm {
                    held_on: "2026-02-10".into(),
                    kind: "event".into(),
                    participants: "14 suppliers, 6 of them SMEs".into(),
                    summary: "Suppliers asked for the data formats; answered publicly".into(),
                },
            )
            .await
            .expect("engagement");
        let public = civitas
            .published_procurement_notices(&Visitor::anonymous(), "demo-city")
            .await
            .expect("public");
        // The demo's published notice and this one.
        assert_eq!(public.len(), 2);
        let public = public.iter().find(|n| n.id == p.id).expect("published");
        assert!(public.criteria.is_none(), "criteria not yet frozen");
        assert_eq!(public.engagements.len(), 1);

        // Criteria: wrong weights and an inconsistent AHP change nothing.
        let criteria = |csv: &str, reason: &str| CriteriaForm {
            criteria: csv.into(),
            price_formula: "lowest".into(),
            reason: reason.into(),
            ..CriteriaForm::default()
        };
        let error = civitas
            .set_procurement_criteria(
                &t.admin,
                p.id,
                &criteria(
                    "criterion,weight,kind\nQuality,50,quality\nPrice,40,price\n",
                    "",
                ),
            )
            .await
            .expect_err("weights");
        assert_eq!(
            problems(error),
            ["criteria: rows 2–3, column `weight`: weights sum to 90, expected 100"]
        );
        assert!(matches!(
            civitas
                .set_procurement_criteria(&t.editor, p.id, &criteria(CRITERIA, ""))
                .await,
            Err(ServiceError::Denied(_))
        ));
        civitas
            .set_procurement_criteria(&t.admin, p.id, &criteria(CRITERIA, ""))
            .await
            .expect("criteria");
        let inconsistent = AhpForm {
            matrix: "criterion,A,B,C\nA,1,9,1/9\nB,1/9,1,9\nC,9,1/9,1\n".into(),
            ..AhpForm::default()
        };
        let error = civitas
            .apply_procurement_ahp(&t.admin, p.id, &inconsistent)
            .await
            .expect_err("inconsistent");
        assert!(
            problems(error)[0].contains("consistency ratio"),
            "CR shown in the refusal"
        );
        let ahp = civitas
            .apply_procurement_ahp(
                &t.admin,
                p.id,
                &AhpForm {
                    matrix: "criterion,Quality,Price\nQuality,1,1.5\nPrice,,1\n".into(),
                    ..AhpForm::default()
                },
            )
            .await
            .expect("ahp");
        assert_eq!(ahp.weights.percent, [60.0, 40.0]);
        assert_eq!(ahp.weights.consistency_ratio, 0.0);

        // Frozen: a change needs a reason, which is kept.
        civitas
            .freeze_procurement_criteria(&t.admin, p.id)
            .await
            .expect("freeze");
        let error = civitas
            .set_procurement_criteria(&t.admin, p.id, &criteria(CRITERIA, ""))
            .await
            .expect_err("no reason");
        assert_eq!(fields(error), [("reason", Problem::ReasonRequired)]);
        let changed = "criterion,weight,kind,min_score\nQuality,60,quality,55\nPrice,40,price,\n";
        civitas
            .set_procurement_criteria(
                &t.admin,
                p.id,
                &criteria(changed, "Clarification 3: threshold raised"),
            )
            .await
            .expect("change");
        civitas
            .set_procurement_criteria(
                &t.admin,
                p.id,
                &criteria(CRITERIA, "Clarification 4: threshold back to 50"),
            )
            .await
            .expect("change back");
        let view = civitas.procurement(&t.admin, p.id).await.expect("view");
        assert_eq!(view.criteria_changes.len(), 2);
        assert_eq!(
            view.criteria_changes[0].reason,
            "Clarification 3: threshold raised"
        );
        civitas
            .advance_procurement_stage(&t.admin, p.id, "evaluate-award")
            .await
            .expect("evaluate");
        let public = civitas
            .published_procurement_notice(&Visitor::anonymous(), p.id)
            .await
            .expect("public");
        assert_eq!(public.criteria.expect("published").criteria().len(), 2);

        // Bids: a price of zero is refused.
        let bid = |bidder: &str, price: &str| BidForm {
            bidder: bidder.into(),
            price: price.into(),
            received_on: "2026-03-05".into(),
            note: String::new(),
        };
        let error = civitas
            .add_procurement_bid(&t.admin, p.id, &bid("Z", "0"))
            .await
            .expect_err("zero");
        assert_eq!(fields(error), [("price", Problem::NotAPositiveNumber)]);
        let a = civitas
            .add_procurement_bid(&t.admin, p.id, &bid("A", "100000"))
            .await
            .expect("A");
        let b = civitas
            .add_procurement_bid(&t.admin, p.id, &bid("B", "120000"))
            .await
            .expect("B");
        let c = civitas
            .add_procurement_bid(&t.admin, p.id, &bid("C", "150000"))
            .await
            .expect("C");

        // Evaluators: the verifier and the admin; the editor declares a conflict.
        for who in [&t.verifier, &t.admin, &t.editor] {
            civitas
                .assign_procurement_evaluator(
                    &t.admin,
                    p.id,
                    &EvaluatorForm {
                        user_id: user_id(who).to_string(),
                    },
                )
                .await
                .expect("assign");
        }
        assert!(
            matches!(
                civitas.procurement_bids(&t.verifier, p.id).await,
                Err(ServiceError::Denied(_))
            ),
            "no bids before the declaration"
        );
        assert!(matches!(
            civitas
                .save_procurement_scores(&t.verifier, p.id, &sheet(&[(a.id, 70.0)], false))
                .await,
            Err(ServiceError::Denied(_))
        ));
        let no_conflict = DeclarationForm {
            conflict: "no".into(),
            declaration: "No links to any bidder".into(),
        };
        civitas
            .declare_procurement_interests(&t.verifier, p.id, &no_conflict)
            .await
            .expect("declare");
        civitas
            .declare_procurement_interests(&t.admin, p.id, &no_conflict)
            .await
            .expect("declare");
        civitas
            .declare_procurement_interests(
                &t.editor,
                p.id,
                &DeclarationForm {
                    conflict: "yes".into(),
                    declaration: "My brother works for bidder C".into(),
                },
            )
            .await
            .expect("conflict");
        assert!(
            matches!(
                civitas.procurement_bids(&t.editor, p.id).await,
                Err(ServiceError::Denied(_))
            ),
            "a conflicted evaluator sees no bid"
        );
        assert!(matches!(
            civitas.procurement_bids(&t.viewer, p.id).await,
            Err(ServiceError::Denied(_))
        ));

        // Independent scoring: a missing criterion is refused on submit.
        let error = civitas
            .save_procurement_scores(&t.verifier, p.id, &sheet(&[(a.id, 70.0)], true))
            .await
            .expect_err("incomplete");
        assert!(problems(error)[0].contains("bidder `B` has no score for criterion `Quality`"));
        civitas
            .save_procurement_scores(&t.verifier, p.id, &sheet(&[(a.id, 65.0)], false))
            .await
            .expect("draft");
        civitas
            .save_procurement_scores(&t.admin, p.id, &sheet(&[(a.id, 75.0)], false))
            .await
            .expect("admin draft");
        // Before submitting, each sees their own scores only.
        let mine = civitas
            .procurement_bids(&t.admin, p.id)
            .await
            .expect("admin bids");
        assert_eq!(mine.my_scores.len(), 1);
        assert_eq!(mine.my_scores[0].score, 75.0);
        assert!(!mine.others_visible && mine.spreads.is_empty());
        civitas
            .save_procurement_scores(
                &t.verifier,
                p.id,
                &sheet(&[(a.id, 70.0), (b.id, 85.0), (c.id, 90.0)], true),
            )
            .await
            .expect("submit");
        let still = civitas
            .procurement_bids(&t.admin, p.id)
            .await
            .expect("admin bids");
        assert!(
            still.spreads.is_empty(),
            "the admin is still scoring: the verifier's submitted scores stay hidden"
        );
        let after = civitas
            .procurement_bids(&t.verifier, p.id)
            .await
            .expect("verifier bids");
        assert!(after.others_visible);
        assert!(
            after.spreads.iter().all(|s| s.scores.len() == 1),
            "the admin's unsubmitted draft is never shown"
        );
        assert!(matches!(
            civitas
                .save_procurement_scores(&t.verifier, p.id, &sheet(&[(a.id, 10.0)], false))
                .await,
            Err(ServiceError::Invalid(_))
        ));
        // The consensus waits for the whole panel.
        let agreed = |note: &str| ConsensusForm {
            rows: [(a.id, 70.0), (b.id, 85.0), (c.id, 90.0)]
                .iter()
                .map(|(bid, score)| ConsensusRowForm {
                    bid_id: bid.to_string(),
                    criterion: "Quality".into(),
                    score: score.to_string(),
                    note: note.into(),
                })
                .collect(),
        };
        assert_eq!(
            fields(
                civitas
                    .save_procurement_consensus(&t.admin, p.id, &agreed("Agreed"))
                    .await
                    .expect_err("panel incomplete")
            ),
            [("consensus", Problem::ReviewIncomplete)]
        );
        civitas
            .save_procurement_scores(
                &t.admin,
                p.id,
                &sheet(&[(a.id, 72.0), (b.id, 85.0), (c.id, 88.0)], true),
            )
            .await
            .expect("admin submits");
        let error = civitas
            .save_procurement_consensus(&t.admin, p.id, &agreed(""))
            .await
            .expect_err("no note");
        assert!(problems(error)[0].contains("needs a note"));
        civitas
            .save_procurement_consensus(
                &t.admin,
                p.id,
                &agreed("Agreed after discussing the delivery plan"),
            )
            .await
            .expect("consensus");

        // The service's ranking is the engine's on the CLI's files.
        let view = civitas
            .procurement_bids(&t.verifier, p.id)
            .await
            .expect("bids");
        let result = view.result.expect("result");
        let engine_criteria = read_criteria(CRITERIA.as_bytes()).expect("criteria");
        let engine_bids = read_bids(BIDS.as_bytes(), &engine_criteria).expect("bids");
        let engine =
            evaluate(&engine_criteria, &engine_bids, &EvaluationRules::default()).expect("engine");
        assert_eq!(result.evaluation, engine);
        let totals: Vec<(String, f64)> = result
            .evaluation
            .ranking
            .iter()
            .map(|r| {
                (
                    r.bidder.clone(),
                    (r.total.unwrap_or(0.0) * 100.0).round() / 100.0,
                )
            })
            .collect();
        assert_eq!(
            totals,
            [
                ("B".to_string(), 84.33),
                ("A".into(), 82.0),
                ("C".into(), 80.67)
            ]
        );
        let winners: Vec<(&str, Option<&str>)> = result
            .formulas
            .iter()
            .map(|f| (f.key, f.winner.as_deref()))
            .collect();
        assert_eq!(
            winners,
            [
                ("lowest", Some("B")),
                ("linear", Some("A")),
                ("log", Some("A"))
            ]
        );
        let log = evaluate(
            &engine_criteria,
            &engine_bids,
            &EvaluationRules::with_formula(PriceFormula::logarithmic()),
        )
        .expect("log");
        assert_eq!(
            result.formulas[2].ranking[0].total, log.ranking[0].total,
            "log formula's effect is the engine's"
        );
        assert_eq!(view.spreads.len(), 3);
        assert_eq!(view.spreads[0].range, 2.0, "A: 70 and 72");

        // Award: another bid than the first needs a reason.
        let error = civitas
            .award_procurement(
                &t.admin,
                p.id,
                &AwardForm {
                    bid_id: a.id.to_string(),
                    note: String::new(),
                },
            )
            .await
            .expect_err("needs a reason");
        assert_eq!(fields(error), [("note", Problem::ReasonRequired)]);
        let awarded = civitas
            .award_procurement(
                &t.admin,
                p.id,
                &AwardForm {
                    bid_id: b.id.to_string(),
                    note: String::new(),
                },
            )
            .await
            .expect("award");
        assert_eq!(awarded.fields.stage, "manage-delivery");
        let public = civitas
            .published_procurement_notice(&Visitor::anonymous(), p.id)
            .await
            .expect("public");
        let award = public.award.expect("announced");
        assert_eq!(award.bidder, "B");
        assert_eq!(award.ranking.len(), 3);

        // The report: for the team after award, every number explained.
        let report = civitas
            .procurement_report(&t.viewer, p.id)
            .await
            .expect("report");
        assert_eq!(report.awarded_bidder.as_deref(), Some("B"));
        assert_eq!(report.bids.spreads.len(), 3);
        assert_eq!(report.criteria_changes.len(), 2);

        // Delivery: milestones, obligations, go-live and the KPIs.
        let milestone = civitas
            .add_procurement_milestone(
                &t.editor,
                p.id,
                &MilestoneForm {
                    title: "Catalogue live with 50 datasets".into(),
                    due_date: "2026-09-01".into(),
                    status: "planned".into(),
                    acceptance_note: String::new(),
                },
            )
            .await
            .expect("milestone");
        let error = civitas
            .update_procurement_milestone(
                &t.editor,
                p.id,
                milestone.id,
                &MilestoneForm {
                    status: "accepted".into(),
                    ..MilestoneForm {
                        title: milestone.fields.title.clone(),
                        due_date: milestone.fields.due_date.clone(),
                        ..MilestoneForm::default()
                    }
                },
            )
            .await
            .expect_err("acceptance needs a note");
        assert_eq!(
            fields(error),
            [("acceptance_note", Problem::ReasonRequired)]
        );
        civitas
            .update_procurement_milestone(
                &t.editor,
                p.id,
                milestone.id,
                &MilestoneForm {
                    title: milestone.fields.title.clone(),
                    due_date: milestone.fields.due_date.clone(),
                    status: "accepted".into(),
                    acceptance_note: "Accessibility audit passed (WCAG 2.2 AA)".into(),
                },
            )
            .await
            .expect("accept");
        let obligations = civitas
            .procurement_delivery(&t.viewer, p.id)
            .await
            .expect("delivery")
            .obligations;
        let error = civitas
            .set_procurement_obligation(
                &t.editor,
                p.id,
                obligations[1].id,
                &ObligationForm {
                    status: "not-met".into(),
                    note: String::new(),
                },
            )
            .await
            .expect_err("why not met");
        assert_eq!(fields(error), [("note", Problem::ReasonRequired)]);
        civitas
            .set_procurement_obligation(
                &t.editor,
                p.id,
                obligations[0].id,
                &ObligationForm {
                    status: "met".into(),
                    note: "OpenAPI published".into(),
                },
            )
            .await
            .expect("met");
        civitas
            .set_procurement_go_live(&t.editor, p.id, "2025-01-15")
            .await
            .expect("go-live");
        let delivery = civitas
            .procurement_delivery(&t.viewer, p.id)
            .await
            .expect("delivery");
        assert_eq!(delivery.obligation_counts, (1, 0, 3));
        assert_eq!(delivery.awarded_bidder.as_deref(), Some("B"));
        assert_eq!(delivery.milestones[0].fields.status, "accepted");
        assert_eq!(delivery.outcomes.len(), 1);

        // Every step is in the city's audit log.
        let log = civitas
            .audit_log(&t.admin, Some(civitas_domain::CityId(t.city)), None)
            .await
            .expect("log");
        for action in [
            "create",
            "freeze-criteria",
            "change-criteria",
            "declare-interests",
            "submit-scores",
            "agree-consensus",
            "award",
            "set-status",
        ] {
            assert!(
                log.iter()
                    .any(|l| l.entity.starts_with("procurement") && l.action == action),
                "{action} audited"
            );
        }
        civitas
            .advance_procurement_stage(&t.admin, p.id, "closed")
            .await
            .expect("close");
        database.drop_database().await;
    }
}
