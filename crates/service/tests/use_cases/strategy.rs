//! Maturity self-assessment and roadmap end to end on real storage.

use civitas_domain::validation::Problem;
use civitas_knowledge::Language;
use civitas_service::strategy::{
    ActionForm, ActionKpiForm, ActionRoleForm, AnswerForm, ConsensusForm, RespondentForm,
    RoundForm, StakeholderForm,
};
use civitas_service::{Civitas, FixedClock, ServiceError};
use civitas_store_tests::{backends, fresh};
use std::sync::Arc;

use crate::support::demo_team as demo;

fn answer(element: &str, level: &str) -> AnswerForm {
    AnswerForm {
        element: element.into(),
        level: level.into(),
        evidence: "Council minutes".into(),
        evidence_url: "https://city.example/minutes".into(),
    }
}

#[tokio::test]
async fn respondents_answer_by_link_and_the_city_agrees_levels() {
    for backend in backends() {
        let database = fresh(backend).await;
        let clock = Arc::new(FixedClock::at(1_700_000_000));
        let civitas = Civitas::new(database.store.clone(), clock.clone());
        let (city, admin, editor, viewer) = demo(&civitas).await;
        let form = RoundForm {
            name: "2026 baseline".into(),
            default_target: "3".into(),
        };
        assert!(matches!(
            civitas.create_maturity_round(&viewer, city, &form).await,
            Err(ServiceError::Denied(_))
        ));
        let round = civitas
            .create_maturity_round(&editor, city, &form)
            .await
            .expect("round");
        let (_, it_link) = civitas
            .add_respondent(
                &editor,
                round.id,
                &RespondentForm {
                    name: "IT department".into(),
                    kind: "department".into(),
                },
            )
            .await
            .expect("respondent");
        let (_, ngo_link) = civitas
            .add_respondent(
                &editor,
                round.id,
                &RespondentForm {
                    name: "Digital rights NGO".into(),
                    kind: "external".into(),
                },
            )
            .await
            .expect("respondent");
        assert!(matches!(
            civitas.questionnaire("mq_not-a-real-link").await,
            Err(ServiceError::NotFound)
        ));
        let bad = civitas
            .save_answers(
                &it_link,
                &[
                    answer("vs-people-centred-vision", "7"),
                    answer("no-such-element", "2"),
                ],
                false,
            )
            .await;
        assert!(matches!(bad, Err(ServiceError::InvalidEntries(ref p)) if p.len() == 2));
        civitas
            .save_answers(
                &it_link,
                &[
                    answer("vs-people-centred-vision", "2"),
                    answer("di-equitable-connectivity", "1"),
                    answer("ff-cost-benefit", "dont-know"),
                ],
                true,
            )
            .await
            .expect("answers");
        civitas
            .save_answers(
                &ngo_link,
                &[
                    answer("vs-people-centred-vision", "4"),
                    answer("di-equitable-connectivity", "2"),
                ],
                true,
            )
            .await
            .expect("answers");
        let questionnaire = civitas
            .questionnaire(&it_link)
            .await
            .expect("questionnaire");
        assert_eq!(questionnaire.answers.len(), 3);

        civitas
            .save_consensus(
                &admin,
                round.id,
                &ConsensusForm {
                    element: "vs-people-centred-vision".into(),
                    level: "3".into(),
                    target: "4".into(),
                    note: "Vision adopted by council in March".into(),
                },
            )
            .await
            .expect("consensus");
        let report = civitas
            .maturity_report(&viewer, round.id, Language::Fr)
            .await
            .expect("report");
        assert_eq!((report.respondents, report.submitted), (2, 2));
        let vision = report
            .elements
            .iter()
            .find(|e| e.element == "vs-people-centred-vision")
            .expect("vision");
        assert_eq!(vision.median, Some(3.0), "median of 2 and 4");
        assert_eq!(vision.level, Some(3.0));
        assert_eq!(vision.target, 4);
        let connectivity = report
            .elements
            .iter()
            .find(|e| e.element == "di-equitable-connectivity")
            .expect("connectivity");
        assert_eq!(connectivity.level, Some(1.5));
        // Largest gap first: connectivity 3 − 1.5, then vision 4 − 3.
        assert_eq!(report.gaps[0].element, "di-equitable-connectivity");
        assert_eq!(report.gaps[0].gap, 1.5);
        assert_eq!(report.gaps[1].element, "vs-people-centred-vision");
        // Connectivity's KPIs carry the demo city's latest values.
        let internet = report.gaps[0]
            .kpis
            .iter()
            .find(|k| k.kpi == "EC: ICT: ICT: 1C")
            .expect("linked KPI");
        assert!(internet.value.is_some() && internet.year.is_some());
        assert!(
            !report.suggestions.is_empty(),
            "the knowledge base helps with gaps"
        );
        assert_eq!(report.pillars.len(), 5);

        // A second round compares with the first.
        clock.advance(3600);
        let second = civitas
            .create_maturity_round(
                &editor,
                city,
                &RoundForm {
                    name: "2027".into(),
                    default_target: "".into(),
                },
            )
            .await
            .expect("second round");
        let report = civitas
            .maturity_report(&viewer, second.id, Language::En)
            .await
            .expect("report");
        assert_eq!(report.previous.as_ref().map(|p| p.0.id), Some(round.id));

        civitas
            .close_maturity_round(&admin, round.id)
            .await
            .expect("close");
        assert!(matches!(
            civitas.save_answers(&it_link, &[answer("vs-people-centred-vision", "5")], true).await,
            Err(ServiceError::Invalid(ref e)) if e[0].problem == Problem::Locked
        ));
        database.drop_database().await;
    }
}

#[tokio::test]
async fn roadmap_actions_with_links_views_and_progress() {
    for backend in backends() {
        let database = fresh(backend).await;
        let civitas = Civitas::new(
            database.store.clone(),
            Arc::new(FixedClock::at(1_700_000_000)),
        );
        let (city, _admin, editor, viewer) = demo(&civitas).await;
        // The demo city's own roadmap (four actions, none paid by a grant).
        let demo_roadmap = civitas.roadmap(&viewer, city).await.expect("roadmap");
        let library = civitas
            .add_stakeholder(
                &editor,
                city,
                &StakeholderForm {
                    name: "Public libraries".into(),
                    level: "municipal".into(),
                    sector: "government".into(),
                },
            )
            .await
            .expect("stakeholder");
        let form = |title: &str, depends: Vec<String>| ActionForm {
            title: title.into(),
            description: "Free Wi-Fi and devices to borrow".into(),
            owner: "IT department".into(),
            budget: "120000".into(),
            currency: "eur".into(),
            funding_source: "grant".into(),
            start_date: "2026-01-01".into(),
            end_date: "2026-12-31".into(),
            status: "in-progress".into(),
            depends_on: depends,
            elements: vec!["di-equitable-connectivity".into()],
            kpis: vec![ActionKpiForm {
                kpi: "ec: ict: ict: 1c".into(),
                data_point: String::new(),
                target: "95".into(),
                target_year: "2028".into(),
            }],
            roles: vec![ActionRoleForm {
                stakeholder: library.id.to_string(),
                role: "responsible".into(),
            }],
        };
        let bad = ActionForm {
            start_date: "2026-02-30".into(),
            funding_source: "lottery".into(),
            ..form("", vec![])
        };
        let Err(ServiceError::Invalid(errors)) =
            civitas.create_roadmap_action(&editor, city, &bad).await
        else {
            panic!("expected field errors");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["title", "funding_source", "start_date"]);
        assert!(matches!(
            civitas
                .create_roadmap_action(&viewer, city, &form("x", vec![]))
                .await,
            Err(ServiceError::Denied(_))
        ));
        let first = civitas
            .create_roadmap_action(&editor, city, &form("Library Wi-Fi", vec![]))
            .await
            .expect("action");
        assert_eq!(
            first.kpis[0].kpi, "EC: ICT: ICT: 1C",
            "codes in catalogue spelling"
        );
        assert_eq!(first.currency.as_deref(), Some("EUR"));
        let second = civitas
            .create_roadmap_action(
                &editor,
                city,
                &form("Device lending", vec![first.id.to_string()]),
            )
            .await
            .expect("action");
        // first → second → first would be a loop.
        let looped = civitas
            .update_roadmap_action(
                &editor,
                first.id,
                &form("Library Wi-Fi", vec![second.id.to_string()]),
            )
            .await;
        assert!(matches!(looped, Err(ServiceError::Invalid(ref e)) if e[0].field == "depends_on"));

        let roadmap = civitas.roadmap(&viewer, city).await.expect("roadmap");
        assert_eq!(roadmap.actions.len(), demo_roadmap.actions.len() + 2);
        assert!(!roadmap.can_edit);
        let ours = [first.id, second.id];
        let infrastructure = roadmap
            .by_pillar
            .iter()
            .find(|(p, _)| p == "digital-infrastructure-iot")
            .expect("pillar");
        assert!(ours.iter().all(|id| infrastructure.1.contains(id)));
        assert!(
            demo_roadmap
                .by_funding
                .iter()
                .all(|f| f.funding_source != "grant")
        );
        let grants: Vec<_> = roadmap
            .by_funding
            .iter()
            .filter(|f| f.funding_source == "grant")
            .collect();
        assert_eq!(grants.len(), 1);
        assert_eq!((grants[0].total, grants[0].actions), (240_000.0, 2));
        // The demo city reported household Internet access in 2023–2025.
        let progress = &roadmap
            .progress
            .iter()
            .find(|p| p.action_id == first.id)
            .expect("progress")
            .kpis[0];
        assert_eq!(progress.baseline.map(|b| b.0), Some(2023));
        assert!(progress.latest.is_some());

        civitas
            .delete_roadmap_action(&editor, first.id)
            .await
            .expect("delete");
        let roadmap = civitas.roadmap(&viewer, city).await.expect("roadmap");
        let second = roadmap
            .actions
            .iter()
            .find(|a| a.id == second.id)
            .expect("second");
        assert!(second.depends_on.is_empty(), "the dependency went with it");
        database.drop_database().await;
    }
}

/// The demo city's strategy work is what its loader says, and its roadmap
/// passes the same checks as the form.
#[tokio::test]
async fn the_demo_city_has_maturity_rounds_and_a_roadmap() {
    use civitas_store::RoadmapActionRow;
    for backend in backends() {
        let database = fresh(backend).await;
        let civitas = Civitas::new(
            database.store.clone(),
            Arc::new(FixedClock::at(1_700_000_000)),
        );
        let (city, _admin, editor, viewer) = demo(&civitas).await;
        let rounds = civitas
            .maturity_rounds(&viewer, city)
            .await
            .expect("rounds");
        let names: Vec<&str> = rounds.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "2026 maturity self-assessment",
                "2025 maturity self-assessment"
            ],
            "newest first"
        );
        assert!(rounds[0].closed_at.is_none() && rounds[1].closed_at.is_some());

        let closed = civitas
            .maturity_report(&viewer, rounds[1].id, Language::En)
            .await
            .expect("2025 report");
        assert_eq!((closed.respondents, closed.submitted), (3, 3));
        let agreed: Vec<&str> = closed
            .elements
            .iter()
            .filter(|e| e.consensus.is_some())
            .map(|e| e.element.as_str())
            .collect();
        assert_eq!(
            agreed,
            [
                "vs-people-centred-vision",
                "di-equitable-connectivity",
                "mg-data-governance"
            ]
        );
        let vision = closed
            .elements
            .iter()
            .find(|e| e.element == "vs-people-centred-vision")
            .expect("vision");
        assert_eq!(
            (vision.min, vision.max),
            (Some(1), Some(3)),
            "answers differ"
        );
        assert_eq!((vision.level, vision.target), (Some(2.0), 4));
        assert!(closed.elements.iter().any(|e| e.dont_know > 0));
        assert!(closed.pillars.iter().all(|p| p.level.is_some()));
        // The largest gaps are two levels (agreed 2, own target 4), ordered by element.
        assert_eq!(closed.gaps[0].element, "di-equitable-connectivity");
        assert_eq!(closed.gaps[0].gap, 2.0);
        assert!(
            closed
                .gaps
                .iter()
                .any(|g| g.element == "vs-people-centred-vision")
        );

        let open = civitas
            .maturity_report(&viewer, rounds[0].id, Language::En)
            .await
            .expect("2026 report");
        assert_eq!((open.respondents, open.submitted), (1, 1));
        assert_eq!(open.previous.as_ref().map(|p| p.0.id), Some(rounds[1].id));

        let roadmap = civitas.roadmap(&viewer, city).await.expect("roadmap");
        assert_eq!(roadmap.actions.len(), 4);
        assert_eq!(roadmap.stakeholders.len(), 3);
        let mut levels: Vec<&str> = roadmap
            .stakeholders
            .iter()
            .map(|s| s.level.as_str())
            .collect();
        levels.sort_unstable();
        assert_eq!(levels, ["municipal", "national", "regional"]);
        assert_eq!(roadmap.by_funding.len(), 4, "four funding sources");
        assert!(
            roadmap
                .by_funding
                .iter()
                .all(|f| f.currency.as_deref() == Some("EUR"))
        );
        assert_eq!(
            roadmap
                .actions
                .iter()
                .filter(|a| !a.depends_on.is_empty())
                .count(),
            2
        );
        let fibre = roadmap
            .actions
            .iter()
            .find(|a| a.kpis.iter().any(|k| k.kpi == "EC: ICT: ICT: 1C"))
            .expect("an action aiming at household Internet access");
        assert_eq!(
            (fibre.kpis[0].target, fibre.kpis[0].target_year),
            (Some(95.0), Some(2028))
        );
        // Each action, sent back through the form's checks, is accepted unchanged.
        for action in &roadmap.actions {
            let form = ActionForm {
                title: action.title.clone(),
                description: action.description.clone(),
                owner: action.owner.clone(),
                budget: action.budget.map(|b| b.to_string()).unwrap_or_default(),
                currency: action.currency.clone().unwrap_or_default(),
                funding_source: action.funding_source.clone(),
                start_date: action.start_date.clone(),
                end_date: action.end_date.clone(),
                status: action.status.clone(),
                depends_on: action.depends_on.iter().map(|d| d.to_string()).collect(),
                elements: action.elements.clone(),
                kpis: action
                    .kpis
                    .iter()
                    .map(|k| ActionKpiForm {
                        kpi: k.kpi.clone(),
                        data_point: k.data_point.clone(),
                        target: k.target.map(|t| t.to_string()).unwrap_or_default(),
                        target_year: k.target_year.map(|y| y.to_string()).unwrap_or_default(),
                    })
                    .collect(),
                roles: action
                    .roles
                    .iter()
                    .map(|r| ActionRoleForm {
                        stakeholder: r.stakeholder_id.to_string(),
                        role: r.role.clone(),
                    })
                    .collect(),
            };
            let checked = civitas
                .update_roadmap_action(&editor, action.id, &form)
                .await
                .unwrap_or_else(|e| panic!("{}: {e:?}", action.title));
            assert_eq!(
                RoadmapActionRow {
                    updated_at: action.updated_at,
                    ..checked
                },
                *action
            );
        }
        database.drop_database().await;
    }
}
