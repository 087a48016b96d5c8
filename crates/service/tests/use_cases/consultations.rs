//! Priority consultations end to end on real storage: who may create,
//! publish, enter assisted answers and read results; a resident's answer
//! with demographics, the receipt, change, erasing demographics alone and
//! the whole answer; duplicates (same browser, the same answer from the same
//! connection) not counted twice; honeypot and rate limits; results by group
//! with k = 5 suppression; the representativeness dashboard; the public
//! result only once closed; the demo consultation.

use civitas_service::participation::consultations::{
    BallotForm, BallotOutcome, BallotSubmitter, Cell, ConsultationForm, DuplicateKind, Phase,
    ProfileForm, Suppressed,
};
use civitas_service::{Civitas, FixedClock, ServiceError, Visitor};
use civitas_store_tests::{backends, fresh};
use std::sync::Arc;

use crate::support::demo_team as demo;

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn from(address: &str) -> BallotSubmitter<'_> {
    BallotSubmitter {
        address,
        device_token: None,
    }
}

fn fields<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> Vec<&'static str> {
    match result {
        Err(ServiceError::Invalid(errors)) => errors.iter().map(|e| e.field).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn form(mode: &str) -> ConsultationForm {
    ConsultationForm {
        question: "Which park should get new benches first?".into(),
        description: "One vote each.".into(),
        mode: mode.into(),
        opens_on: "2023-11-01".into(),
        closes_on: "2023-12-31".into(),
        options: "North Park | by the pond\nRiver Park\nHarbour Green".into(),
    }
}

#[tokio::test]
async fn create_publish_vote_change_erase_and_results() {
    for backend in backends() {
        let database = fresh(backend).await;
        // 2023-11-14: inside the consultation's dates.
        let clock = Arc::new(FixedClock::at(1_700_000_000));
        let civitas = Civitas::new(database.store.clone(), clock.clone());
        let (city_id, admin, editor, viewer) = demo(&civitas).await;
        let anonymous = Visitor::anonymous();

        // Who may create: the city's admins and editors, nobody else.
        assert!(matches!(
            civitas
                .create_consultation(&viewer, city_id, &form("vote"))
                .await,
            Err(ServiceError::Denied(_))
        ));
        assert!(matches!(
            civitas
                .create_consultation(&anonymous, city_id, &form("vote"))
                .await,
            Err(ServiceError::Denied(_))
        ));
        let mut bad = form("sometimes");
        bad.closes_on = "2023-10-01".into();
        bad.options = "Only one".into();
        assert_eq!(
            fields(civitas.create_consultation(&editor, city_id, &bad).await),
            ["mode", "closes_on", "options"]
        );
        let draft = civitas
            .create_consultation(&editor, city_id, &form("vote"))
            .await
            .expect("draft");
        let city = civitas
            .participation_city(&anonymous, "demo-city")
            .await
            .expect("city");
        // A draft does not exist for the public; the team previews it.
        assert!(matches!(
            civitas.consultation_view(&anonymous, &city, draft.id).await,
            Err(ServiceError::NotFound)
        ));
        assert_eq!(
            civitas
                .consultation_view(&editor, &city, draft.id)
                .await
                .expect("preview")
                .phase,
            Phase::Draft
        );
        assert!(matches!(
            civitas
                .set_consultation_state(&viewer, draft.id, "publish")
                .await,
            Err(ServiceError::Denied(_))
        ));
        civitas
            .set_consultation_state(&admin, draft.id, "publish")
            .await
            .expect("publish");
        assert_eq!(
            fields(
                civitas
                    .update_consultation(&editor, draft.id, &form("rank"))
                    .await
            ),
            ["question"],
            "published questions are locked"
        );
        let view = civitas
            .consultation_view(&anonymous, &city, draft.id)
            .await
            .expect("public");
        assert_eq!(view.phase, Phase::Open);
        assert!(
            civitas
                .public_consultations(&city)
                .await
                .expect("list")
                .iter()
                .any(|(c, _)| c.id == draft.id)
        );
        let option = |i: usize| view.options[i].id.to_string();
        let district = view.districts[3].id.to_string();

        // The honeypot and a missing choice are refused, nothing stored.
        let robot = BallotForm::from_pairs(&pairs(&[
            ("choice", &option(0)),
            ("website", "http://spam.example"),
        ]));
        assert_eq!(
            fields(civitas.submit_ballot(&view, &robot, from("10.1.1.1")).await),
            ["website"]
        );
        let empty = BallotForm::from_pairs(&pairs(&[("age_band", "old")]));
        assert_eq!(
            fields(civitas.submit_ballot(&view, &empty, from("10.1.1.1")).await),
            ["choice", "age_band"]
        );

        // A vote with demographics and a proposal.
        let vote = BallotForm::from_pairs(&pairs(&[
            ("choice", &option(1)),
            ("age_band", "65-74"),
            ("gender", "woman"),
            ("district", &district),
            ("disability", "yes"),
            ("comment_kind", "proposal"),
            ("comment", "Benches with armrests, please."),
        ]));
        let (receipt, device) = match civitas
            .submit_ballot(&view, &vote, from("10.1.1.1"))
            .await
            .expect("vote")
        {
            BallotOutcome::Accepted {
                receipt,
                device_token,
                ..
            } => (receipt, device_token),
            other => panic!("{other:?}"),
        };
        // The same browser again: not counted, told so.
        let again = civitas
            .submit_ballot(
                &view,
                &BallotForm::from_pairs(&pairs(&[("choice", &option(0))])),
                BallotSubmitter {
                    address: "10.9.9.9",
                    device_token: Some(&device),
                },
            )
            .await
            .expect("duplicate");
        assert!(matches!(
            again,
            BallotOutcome::Duplicate(DuplicateKind::SameBrowser)
        ));
        // The identical answer from the same connection: asked, then counted
        // when the resident says they are someone else.
        let same = BallotForm::from_pairs(&pairs(&[("choice", &option(0))]));
        let twin = civitas
            .submit_ballot(&view, &same, from("10.1.1.1"))
            .await
            .expect("first of the household");
        assert!(matches!(twin, BallotOutcome::Accepted { .. }));
        assert!(matches!(
            civitas
                .submit_ballot(&view, &same, from("10.1.1.1"))
                .await
                .expect("twin"),
            BallotOutcome::Duplicate(DuplicateKind::SameBallot)
        ));
        let confirmed = BallotForm::from_pairs(&pairs(&[
            ("choice", &option(0)),
            ("confirm_duplicate", "yes"),
        ]));
        assert!(matches!(
            civitas
                .submit_ballot(&view, &confirmed, from("10.1.1.1"))
                .await
                .expect("confirmed"),
            BallotOutcome::Accepted { .. }
        ));
        // Ten answers per address per ten minutes, then a wait.
        for i in 0..7 {
            let other = BallotForm::from_pairs(&pairs(&[("choice", &option(i % 3))]));
            let _ = civitas
                .submit_ballot(
                    &view,
                    &BallotForm {
                        confirm_duplicate: "yes".into(),
                        ..other
                    },
                    from("10.1.1.1"),
                )
                .await
                .expect("within the limit");
        }
        assert!(matches!(
            civitas
                .submit_ballot(&view, &confirmed, from("10.1.1.1"))
                .await,
            Err(ServiceError::Throttled(_))
        ));
        clock.advance(601);

        // The receipt shows everything sent; the answer can change.
        let sent = civitas.ballot_receipt(&receipt).await.expect("receipt");
        assert_eq!(sent.chosen(), vec![(1, "River Park".to_string())]);
        assert_eq!(sent.district_name(), Some(view.districts[3].name.clone()));
        assert_eq!(
            sent.comment.as_ref().map(|c| c.kind.as_str()),
            Some("proposal")
        );
        civitas
            .change_ballot(
                &receipt.to_lowercase(),
                &BallotForm::from_pairs(&pairs(&[("choice", &option(2)), ("age_band", "75-plus")])),
            )
            .await
            .expect("change");
        let changed = civitas.ballot_receipt(&receipt).await.expect("receipt");
        assert_eq!(changed.chosen(), vec![(1, "Harbour Green".to_string())]);
        assert_eq!(
            changed.demographics.and_then(|d| d.age_band),
            Some("75-plus".into())
        );
        assert!(changed.comment.is_none(), "the comment was emptied");
        civitas
            .erase_ballot_demographics(&receipt)
            .await
            .expect("erase demographics");
        let kept = civitas.ballot_receipt(&receipt).await.expect("still there");
        assert!(kept.demographics.is_none() && kept.choices.len() == 1);
        let download = civitas.ballot_download(&receipt).await.expect("download");
        assert_eq!(download["choices"][0]["option"], "Harbour Green");

        // Assisted entry: the team records paper and phone answers.
        let paper = BallotForm::from_pairs(&pairs(&[
            ("choice", &option(0)),
            ("channel", "paper"),
            ("age_band", "75-plus"),
        ]));
        assert!(matches!(
            civitas
                .record_assisted_ballot(&viewer, draft.id, &paper)
                .await,
            Err(ServiceError::Denied(_))
        ));
        assert_eq!(
            fields(
                civitas
                    .record_assisted_ballot(
                        &editor,
                        draft.id,
                        &BallotForm::from_pairs(&pairs(&[("choice", &option(0))]))
                    )
                    .await
            ),
            ["channel"]
        );
        for _ in 0..6 {
            let (ballot, code) = civitas
                .record_assisted_ballot(&editor, draft.id, &paper)
                .await
                .expect("paper");
            assert_eq!(ballot.channel, "paper");
            assert!(civitas.ballot_receipt(&code).await.is_ok());
        }

        // Results for the team: viewers read them, the public does not.
        assert!(matches!(
            civitas
                .consultation_results(&anonymous, draft.id, None)
                .await,
            Err(ServiceError::Denied(_))
        ));
        let results = civitas
            .consultation_results(&viewer, draft.id, None)
            .await
            .expect("results");
        assert_eq!(results.total, 16);
        let age = &results.groups[0];
        let oldest = age
            .rows
            .iter()
            .find(|r| r.code == "75-plus")
            .expect("75+ row");
        assert_eq!(oldest.n, Cell::Count(6));
        assert_eq!(
            oldest.cells[0],
            Cell::Count(6),
            "six paper votes for North Park"
        );
        assert_eq!(oldest.cells[1], Cell::Hidden(Suppressed::Small));
        let paper_only = civitas
            .consultation_results(&viewer, draft.id, Some("paper"))
            .await
            .expect("paper only");
        assert_eq!(paper_only.total, 6);
        let channel = &results.groups[4];
        assert_eq!(channel.dimension, "channel");
        let csv = civitas
            .consultation_results_csv(&editor, draft.id, None)
            .await
            .expect("csv");
        assert!(csv.starts_with("table,group,option,count,borda_points,note"));
        assert!(csv.contains("suppressed: fewer than 5"));
        assert!(!csv.contains("armrests"), "no comment text in the export");

        // Representativeness against the population profile.
        let mut profile = ProfileForm {
            source: "Census 2021".into(),
            ..ProfileForm::default()
        };
        for (g, v) in [("woman", "51"), ("man", "48"), ("another", "1")] {
            profile.shares.push(("gender".into(), g.into(), v.into()));
        }
        profile
            .shares
            .push(("disability".into(), "yes".into(), "120".into()));
        assert_eq!(
            fields(
                civitas
                    .set_population_profile(&editor, city_id, &profile)
                    .await
            ),
            ["disability"]
        );
        profile.shares.pop();
        assert!(matches!(
            civitas
                .set_population_profile(&viewer, city_id, &profile)
                .await,
            Err(ServiceError::Denied(_))
        ));
        civitas
            .set_population_profile(&editor, city_id, &profile)
            .await
            .expect("profile");
        let seen = civitas
            .representation(&viewer, draft.id)
            .await
            .expect("dashboard");
        let ages = &seen.tables[0];
        assert_eq!(ages.dimension, "age_band");
        assert_eq!(ages.answered, 6);
        assert!(
            ages.rows
                .iter()
                .all(|r| r.participants.count().is_none_or(|n| n >= 5)),
            "no count under five is shown"
        );
        let genders = &seen.tables[1];
        assert_eq!(genders.source.as_deref(), Some("Census 2021"));
        assert_eq!(seen.tables[2].dimension, "district");

        // The public sees the overall result only once closed.
        assert!(civitas.public_results(&view).await.expect("open").is_none());
        civitas
            .set_consultation_state(&editor, draft.id, "close")
            .await
            .expect("close");
        let closed = civitas
            .consultation_view(&anonymous, &city, draft.id)
            .await
            .expect("closed");
        let (total, options) = civitas
            .public_results(&closed)
            .await
            .expect("results")
            .expect("public once closed");
        assert_eq!(total, 16);
        assert_eq!(options[0].label, "North Park");
        assert_eq!(
            fields(
                civitas
                    .change_ballot(
                        &receipt,
                        &BallotForm::from_pairs(&pairs(&[("choice", &option(0))]))
                    )
                    .await
            ),
            ["choice"],
            "no changes once closed"
        );
        // Erasing still works after closing: the answer stops counting.
        civitas.erase_ballot(&receipt).await.expect("erase");
        assert!(matches!(
            civitas.ballot_receipt(&receipt).await,
            Err(ServiceError::NotFound)
        ));
        assert_eq!(
            civitas
                .public_results(&closed)
                .await
                .expect("r")
                .expect("closed")
                .0,
            15
        );
        // Retention: 12 months after closing, the sweep deletes the
        // demographics of its answers; the answers stay counted.
        let dry = civitas
            .purge_expired_personal_data(true)
            .await
            .expect("dry run");
        assert_eq!(
            dry.iter().map(|c| c.consultation_demographics).sum::<i64>(),
            0,
            "not yet"
        );
        clock.advance(13 * 30 * 86_400);
        let dry = civitas
            .purge_expired_personal_data(true)
            .await
            .expect("dry run");
        assert_eq!(
            dry.iter().map(|c| c.consultation_demographics).sum::<i64>(),
            6,
            "the six paper answers gave an age"
        );
        civitas
            .purge_expired_personal_data(false)
            .await
            .expect("sweep");
        let after = civitas
            .consultation_results(&viewer, draft.id, None)
            .await
            .expect("results");
        assert_eq!(after.total, 15);
        assert!(
            after.groups[0].rows.iter().all(|r| r.code.is_empty()),
            "nobody's age is left"
        );
        let log = civitas
            .audit_log(&admin, Some(civitas_domain::CityId(city_id)), None)
            .await
            .expect("log");
        assert!(
            log.iter()
                .any(|l| l.entity == "consultation-ballot" && l.action == "erase")
        );
        assert!(!format!("{log:?}").contains("armrests"));
        database.drop_database().await;
    }
}

#[tokio::test]
async fn the_demo_consultation_has_real_numbers_and_suppressed_cells() {
    for backend in backends() {
        let database = fresh(backend).await;
        let clock = Arc::new(FixedClock::at(1_700_000_000));
        let civitas = Civitas::new(database.store.clone(), clock);
        let (_city_id, _admin, editor, _viewer) = demo(&civitas).await;
        let city = civitas
            .participation_city(&Visitor::anonymous(), "demo-city")
            .await
            .expect("city");
        let list = civitas.public_consultations(&city).await.expect("list");
        let (demo, phase) = list.first().expect("the demo consultation");
        assert_eq!(demo.question, "What should our digital roadmap do first?");
        assert_eq!((*phase, demo.mode.as_str()), (Phase::Open, "rank"));
        let results = civitas
            .consultation_results(&editor, demo.id, None)
            .await
            .expect("results");
        assert_eq!(results.total, 240);
        assert!(results.options.iter().all(|o| o.points.is_some()));
        let cells: Vec<&Cell> = results
            .groups
            .iter()
            .flat_map(|t| t.rows.iter().flat_map(|r| r.cells.iter()))
            .collect();
        assert!(cells.iter().any(|c| matches!(c, Cell::Count(n) if *n >= 5)));
        assert!(
            cells
                .iter()
                .any(|c| matches!(c, Cell::Hidden(Suppressed::Small)))
        );
        assert!(
            cells
                .iter()
                .any(|c| matches!(c, Cell::Hidden(Suppressed::Secondary)))
        );
        let channels = &results.groups[4];
        assert_eq!(channels.rows.len(), 4, "web, paper, phone, in person");
        let dashboard = civitas
            .representation(&editor, demo.id)
            .await
            .expect("dashboard");
        assert!(
            dashboard
                .tables
                .iter()
                .flat_map(|t| &t.rows)
                .any(|r| r.under),
            "some groups are under-represented"
        );
        assert_eq!(dashboard.tables[0].source.as_deref(), Some("demo"));
        database.drop_database().await;
    }
}
