//! Maturity self-assessment and roadmap end to end on real storage.

use civitas_domain::validation::Problem;
use civitas_knowledge::Language;
use civitas_service::strategy::{
    ActionForm, ActionKpiForm, ActionRoleForm, AnswerForm, ConsensusForm, RespondentForm,
    RoundForm, StakeholderForm,
};
use civitas_service::{Civitas, FixedClock, ServiceError, Visitor};
use civitas_store_tests::{backends, fresh};
use std::sync::Arc;

/// The demo city and its admin, editor and viewer.
async fn demo(civitas: &Civitas) -> (i64, Visitor, Visitor, Visitor) {
    let logins = civitas
        .load_demo_if_empty()
        .await
        .expect("demo")
        .expect("empty");
    let mut visitors = Vec::new();
    for role in ["city-admin", "data-editor", "viewer"] {
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
    let editor = visitors.pop().expect("editor");
    let admin = visitors.pop().expect("admin");
    (city, admin, editor, viewer)
}

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
        assert_eq!(roadmap.actions.len(), 2);
        assert!(!roadmap.can_edit);
        let infrastructure = roadmap
            .by_pillar
            .iter()
            .find(|(p, _)| p == "digital-infrastructure-iot")
            .expect("pillar");
        assert_eq!(infrastructure.1.len(), 2);
        assert_eq!(roadmap.by_funding.len(), 1);
        assert_eq!(roadmap.by_funding[0].total, 240_000.0);
        // The demo city reported household Internet access in 2023–2025.
        let progress = &roadmap.progress[0].kpis[0];
        assert_eq!(progress.baseline.map(|b| b.0), Some(2023));
        assert!(progress.latest.is_some());

        civitas
            .delete_roadmap_action(&editor, first.id)
            .await
            .expect("delete");
        let roadmap = civitas.roadmap(&viewer, city).await.expect("roadmap");
        assert!(
            roadmap.actions[0].depends_on.is_empty(),
            "the dependency went with it"
        );
        database.drop_database().await;
    }
}
