//! Strategy storage: maturity rounds, respondents' answers and consensus, and
//! roadmap actions with their links, each change in the audit log.

use super::{by, new_city};
use civitas_store::*;
use civitas_store_tests::on_every_backend;

fn fields(title: &str, depends_on: Vec<i64>, stakeholder: i64) -> ActionFields {
    ActionFields {
        title: title.into(),
        description: "Free Wi-Fi in every library".into(),
        owner: "IT department".into(),
        budget: Some(250_000.5),
        currency: Some("EUR".into()),
        funding_source: "grant".into(),
        start_date: "2026-01-01".into(),
        end_date: "2026-12-31".into(),
        status: "planned".into(),
        depends_on,
        elements: vec!["di-equitable-connectivity".into()],
        kpis: vec![ActionKpiRow {
            kpi: "EC: ICT: ICT: 5C".into(),
            data_point: String::new(),
            target: Some(200.0),
            target_year: Some(2027),
        }],
        roles: vec![ActionRoleRow {
            stakeholder_id: stakeholder,
            role: "responsible".into(),
        }],
    }
}

#[tokio::test]
async fn maturity_rounds_answers_and_consensus() {
    on_every_backend(|store| async move {
        let city = store
            .create_city(&by("t", 1), &new_city("mat"))
            .await
            .expect("city");
        let round = store
            .create_maturity_round(
                &by("t", 2),
                &NewMaturityRound {
                    city_id: city.id,
                    name: "2026 baseline".into(),
                    framework: "u4ssc-people-centred-cities@seed-2025.1".into(),
                    default_target: 3,
                },
            )
            .await
            .expect("round");
        let it = store
            .add_respondent(
                &by("t", 3),
                &NewRespondent {
                    round_id: round.id,
                    name: "IT department".into(),
                    kind: "department".into(),
                    token_hash: "hash-it".into(),
                },
            )
            .await
            .expect("respondent");
        let found = store
            .respondent_by_token_hash("hash-it")
            .await
            .expect("lookup")
            .expect("exists");
        assert_eq!(found.id, it.id);
        let answers = vec![
            MaturityAnswerRow {
                respondent_id: it.id,
                element: "vs-people-centred-vision".into(),
                level: Some(2),
                evidence: "Digital strategy 2024".into(),
                evidence_url: "https://city.example/strategy".into(),
                updated_at: 0,
            },
            MaturityAnswerRow {
                respondent_id: it.id,
                element: "ff-cost-benefit".into(),
                level: None,
                evidence: String::new(),
                evidence_url: String::new(),
                updated_at: 0,
            },
        ];
        store
            .save_maturity_answers(&by("it", 4), it.id, &answers, true)
            .await
            .expect("answers");
        let stored = store.maturity_answers(round.id).await.expect("read");
        assert_eq!(stored.len(), 2);
        assert_eq!(stored[0].element, "ff-cost-benefit");
        assert_eq!(stored[0].level, None, "don't know is kept as such");
        assert_eq!(stored[1].updated_at, 4);
        let submitted = store.respondents(round.id).await.expect("list");
        assert_eq!(submitted[0].submitted_at, Some(4));

        let agreed = ConsensusRow {
            round_id: round.id,
            element: "vs-people-centred-vision".into(),
            level: 2,
            target: Some(4),
            note: "Strategy exists but is not yet adopted by council".into(),
            agreed_by: String::new(),
            agreed_at: 0,
        };
        store
            .save_consensus(&by("admin", 5), &agreed)
            .await
            .expect("consensus");
        let back = store.consensus(round.id).await.expect("read");
        assert_eq!(back[0].agreed_by, "admin");
        assert_eq!(back[0].target, Some(4));
        store
            .close_maturity_round(&by("admin", 6), round.id)
            .await
            .expect("close");
        assert!(matches!(
            store.close_maturity_round(&by("admin", 7), round.id).await,
            Err(StoreError::Conflict(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn roadmap_actions_keep_their_links() {
    on_every_backend(|store| async move {
        let city = store
            .create_city(&by("t", 1), &new_city("road"))
            .await
            .expect("city");
        let library = store
            .add_stakeholder(
                &by("t", 2),
                &NewStakeholder {
                    city_id: city.id,
                    name: "Public libraries".into(),
                    level: "municipal".into(),
                    sector: "government".into(),
                },
            )
            .await
            .expect("stakeholder");
        let first = store
            .create_roadmap_action(
                &by("t", 3),
                city.id,
                &fields("Fibre to libraries", vec![], library.id),
            )
            .await
            .expect("action");
        let second = store
            .create_roadmap_action(
                &by("t", 4),
                city.id,
                &fields("Library Wi-Fi", vec![first.id], library.id),
            )
            .await
            .expect("action");
        assert_eq!(second.depends_on, vec![first.id]);
        assert_eq!(second.kpis[0].target, Some(200.0));
        assert_eq!(second.roles[0].stakeholder_id, library.id);
        let mut changed = fields("Library Wi-Fi, phase 1", vec![], library.id);
        changed.budget = None;
        changed.kpis.clear();
        let updated = store
            .update_roadmap_action(&by("t", 5), second.id, &changed)
            .await
            .expect("update");
        assert!(updated.depends_on.is_empty() && updated.kpis.is_empty());
        assert_eq!(updated.budget, None);
        let all = store.roadmap_actions(city.id).await.expect("list");
        assert_eq!(all.len(), 2);
        assert_eq!(
            all[0].elements,
            vec!["di-equitable-connectivity".to_string()]
        );
        store
            .delete_roadmap_action(&by("t", 6), first.id)
            .await
            .expect("delete");
        assert!(
            store
                .roadmap_action(first.id)
                .await
                .expect("read")
                .is_none()
        );
        let log = store
            .audit_log(&AuditFilter {
                city_id: Some(city.id),
                limit: 50,
                ..Default::default()
            })
            .await
            .expect("audit");
        assert_eq!(log[0].action, "delete");
        assert!(log[0].old_value.is_some());
    })
    .await;
}
