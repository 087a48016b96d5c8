//! Procurement storage: the procurement row changed whole with its audit diff,
//! criteria changes kept with their reason, requirements with delivery status,
//! market engagement, evaluators' declarations and submissions, bids, scores
//! replaced per evaluator, the consensus and milestones.

use super::{by, new_city, new_user};
use civitas_store::*;
use civitas_store_tests::on_every_backend;

fn fields() -> ProcurementFields {
    ProcurementFields {
        title: "Open data platform".into(),
        reference: "DC-2026-01".into(),
        roadmap_action_id: None,
        need: "Residents cannot find the city's data".into(),
        end_users: "Residents, journalists, researchers".into(),
        procedure: "open".into(),
        payment_approach: "fixed-price".into(),
        budget: None,
        currency: None,
        outcomes: vec![ProcurementOutcome {
            kpi: "EC: ICT: ICT: 1C".into(),
            data_point: String::new(),
            target: 80.0,
            target_year: Some(2028),
            description: "More datasets open".into(),
        }],
        stage: "plan".into(),
        notice_published: false,
        notice: String::new(),
        questions_deadline: None,
        submission_deadline: None,
        criteria: None,
        price_formula: "{\"formula\":\"lowest_price_ratio\"}".into(),
        abnormally_low_ratio: 0.7,
        ahp: None,
        criteria_frozen_at: None,
        bids_opened_at: None,
        awarded_bid_id: None,
        award_note: String::new(),
        awarded_at: None,
        go_live_date: None,
    }
}

#[tokio::test]
async fn a_procurement_through_its_four_stages() {
    on_every_backend(|store| async move {
        let city = store
            .create_city(&by("t", 1), &new_city("proc"))
            .await
            .expect("city");
        let eva = store
            .create_user(&by("t", 1), &new_user("eva@city.org"))
            .await
            .expect("user");
        let created = store
            .create_procurement(&by("t", 2), city.id, &fields())
            .await
            .expect("create");
        assert_eq!(created.fields, fields());
        assert_eq!(store.procurements(city.id).await.expect("list").len(), 1);

        // A change of budget is audited as just that field, old → new.
        let mut changed = created.fields.clone();
        changed.budget = Some(250_000.0);
        changed.currency = Some("EUR".into());
        let updated = store
            .update_procurement(&by("t", 3), created.id, "edit-plan", &changed, None)
            .await
            .expect("update");
        assert_eq!(updated.fields.budget, Some(250_000.0));
        let log = store
            .audit_log(&AuditFilter {
                city_id: Some(city.id),
                limit: 1,
                ..Default::default()
            })
            .await
            .expect("log");
        assert_eq!(log[0].action, "edit-plan");
        let old = log[0].old_value.clone().unwrap_or_default();
        assert_eq!(old, serde_json::json!({"budget": null, "currency": null}));

        // Criteria changed after freezing keep their reason.
        changed.criteria = Some("[1]".into());
        changed.criteria_frozen_at = Some(4);
        store
            .update_procurement(&by("t", 4), created.id, "freeze-criteria", &changed, None)
            .await
            .expect("freeze");
        changed.criteria = Some("[2]".into());
        store
            .update_procurement(
                &by("t", 5),
                created.id,
                "change-criteria",
                &changed,
                Some("A bidder's question showed the weights were unclear"),
            )
            .await
            .expect("change");
        let changes = store.criteria_changes(created.id).await.expect("changes");
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].old_criteria.as_deref(), Some("[1]"));
        assert_eq!(changes[0].by, "t");

        let requirements = store
            .set_requirements(
                &by("t", 6),
                created.id,
                &[
                    RequirementFields {
                        checklist_id: Some("exit-plan".into()),
                        title: "Exit plan".into(),
                        description: "Written exit plan".into(),
                    },
                    RequirementFields {
                        checklist_id: None,
                        title: "Arabic interface".into(),
                        description: String::new(),
                    },
                ],
            )
            .await
            .expect("requirements");
        let met = store
            .set_requirement_status(&by("t", 7), requirements[0].id, "met", "Plan received")
            .await
            .expect("status");
        assert_eq!(met.status, "met");
        // Setting the list again keeps the status of requirements that stay.
        let again = store
            .set_requirements(&by("t", 8), created.id, &[requirements[0].fields.clone()])
            .await
            .expect("again");
        assert_eq!((again.len(), again[0].status.as_str()), (1, "met"));

        store
            .add_engagement(
                &by("t", 9),
                created.id,
                &EngagementFields {
                    held_on: "2026-02-10".into(),
                    kind: "event".into(),
                    participants: "12 suppliers, 5 SMEs".into(),
                    summary: "Open day".into(),
                },
            )
            .await
            .expect("engagement");
        assert_eq!(store.engagements(created.id).await.expect("list").len(), 1);

        store
            .assign_evaluator(&by("t", 10), created.id, eva.id)
            .await
            .expect("assign");
        assert!(matches!(
            store
                .assign_evaluator(&by("t", 10), created.id, eva.id)
                .await,
            Err(StoreError::Conflict("evaluator"))
        ));
        let declared = store
            .declare_interests(
                &by("eva", 11),
                created.id,
                eva.id,
                false,
                "No links to any bidder",
            )
            .await
            .expect("declare");
        assert_eq!(declared.declared_at, Some(11));
        assert!(!declared.conflict);

        let bid = |bidder: &str, price: f64| BidFields {
            bidder: bidder.into(),
            price,
            received_on: "2026-03-01".into(),
            note: String::new(),
        };
        let a = store
            .add_bid(&by("t", 12), created.id, &bid("A", 100_000.0))
            .await
            .expect("bid");
        let b = store
            .add_bid(&by("t", 12), created.id, &bid("B", 120_000.0))
            .await
            .expect("bid");
        assert!(matches!(
            store
                .add_bid(&by("t", 12), created.id, &bid("A", 1.0))
                .await,
            Err(StoreError::Conflict("bidder"))
        ));
        let score = |bid_id, score| ScoreFields {
            bid_id,
            criterion: "Quality".into(),
            score,
            justification: "Clear plan".into(),
        };
        store
            .save_scores(&by("eva", 13), created.id, eva.id, &[score(a.id, 60.0)])
            .await
            .expect("scores");
        store
            .save_scores(
                &by("eva", 14),
                created.id,
                eva.id,
                &[score(a.id, 70.0), score(b.id, 85.0)],
            )
            .await
            .expect("scores replaced");
        let scores = store.scores(created.id).await.expect("scores");
        assert_eq!(scores.len(), 2);
        assert_eq!(scores[0].fields.score, 70.0);
        let submitted = store
            .mark_scores_submitted(&by("eva", 15), created.id, eva.id)
            .await
            .expect("submit");
        assert_eq!(submitted.submitted_at, Some(15));

        let agreed = vec![
            ConsensusFields {
                bid_id: a.id,
                criterion: "Quality".into(),
                score: 70.0,
                note: "Agreed".into(),
            },
            ConsensusFields {
                bid_id: b.id,
                criterion: "Quality".into(),
                score: 85.0,
                note: "Agreed".into(),
            },
        ];
        store
            .save_bid_consensus(&by("t", 16), created.id, &agreed)
            .await
            .expect("consensus");
        assert_eq!(store.bid_consensus(created.id).await.expect("read"), agreed);

        let milestone = store
            .add_milestone(
                &by("t", 17),
                created.id,
                &MilestoneFields {
                    title: "Go-live".into(),
                    due_date: "2026-09-01".into(),
                    status: "planned".into(),
                    acceptance_note: String::new(),
                },
            )
            .await
            .expect("milestone");
        let accepted = store
            .update_milestone(
                &by("t", 18),
                milestone.id,
                &MilestoneFields {
                    status: "accepted".into(),
                    acceptance_note: "All tests passed".into(),
                    ..milestone.fields.clone()
                },
            )
            .await
            .expect("accept");
        assert_eq!(accepted.fields.status, "accepted");

        // A bid withdrawn takes its scores and consensus with it.
        store.delete_bid(&by("t", 19), b.id).await.expect("delete");
        assert_eq!(store.scores(created.id).await.expect("scores").len(), 1);
        assert_eq!(store.bid_consensus(created.id).await.expect("c").len(), 1);
        store
            .remove_evaluator(&by("t", 20), created.id, eva.id)
            .await
            .expect("remove");
        assert!(store.scores(created.id).await.expect("scores").is_empty());
        assert!(store.evaluators(created.id).await.expect("e").is_empty());

        // Nothing half-written: a refused change leaves no audit line.
        let before = store
            .audit_log(&AuditFilter {
                limit: 500,
                ..Default::default()
            })
            .await
            .expect("log")
            .len();
        assert!(
            store
                .update_procurement(&by("t", 21), 9999, "edit-plan", &fields(), None)
                .await
                .is_err()
        );
        let after = store
            .audit_log(&AuditFilter {
                limit: 500,
                ..Default::default()
            })
            .await
            .expect("log")
            .len();
        assert_eq!(before, after);
    })
    .await;
}
