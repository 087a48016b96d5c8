//! The KPI assessment from an empty draft to a verified, locked assessment
//! and its next revision, on real storage, with every role.

use civitas_domain::validation::Problem;
use civitas_service::kpi::{
    AssessmentForm, AssessmentSettingsForm, EntryForm, EntryKey, InputForm, ReviewDecision,
};
use civitas_service::{Civitas, FixedClock, ServiceError, Visitor};
use civitas_store_tests::{backends, fresh};
use std::sync::Arc;

const PASSWORD: &str = "a long passphrase";

struct Team {
    admin: Visitor,
    editor: Visitor,
    verifier: Visitor,
    verifier_id: i64,
    other_verifier: Visitor,
    viewer: Visitor,
    stranger: Visitor,
    city: i64,
}

async fn person(civitas: &Civitas, email: &str, city: &str, role: Option<&str>) -> (Visitor, i64) {
    let user = civitas
        .add_user_as_operator(email, email, PASSWORD, false)
        .await
        .expect("user");
    if let Some(role) = role {
        civitas
            .grant_role_as_operator(user.id, city, role)
            .await
            .expect("role");
    }
    let signed_in = civitas
        .sign_in(email, PASSWORD, "10.0.0.1")
        .await
        .expect("sign in");
    let visitor = civitas
        .session_actor(&signed_in.session_token)
        .await
        .expect("visitor");
    (visitor, user.id)
}

async fn team(civitas: &Civitas) -> Team {
    civitas
        .add_user_as_operator("root@hub.org", "Root", PASSWORD, true)
        .await
        .expect("root");
    let root = civitas
        .session_actor(
            &civitas
                .sign_in("root@hub.org", PASSWORD, "10.0.0.1")
                .await
                .expect("root in")
                .session_token,
        )
        .await
        .expect("root visitor");
    let form = |slug: &str| civitas_service::cities::CityForm {
        slug: slug.into(),
        name: slug.into(),
        country: "Nowhere".into(),
        population: "250000".into(),
        published: false,
    };
    let city = civitas
        .create_city(&root, &form("kpiton"))
        .await
        .expect("city");
    civitas
        .create_city(&root, &form("elsewhere"))
        .await
        .expect("other");
    Team {
        admin: person(civitas, "admin@kpiton.org", "kpiton", Some("city-admin"))
            .await
            .0,
        editor: person(civitas, "editor@kpiton.org", "kpiton", Some("data-editor"))
            .await
            .0,
        verifier: person(civitas, "verifier@audit.org", "kpiton", Some("verifier"))
            .await
            .0,
        verifier_id: civitas_user_id(civitas, "verifier@audit.org").await,
        other_verifier: person(civitas, "other@audit.org", "kpiton", Some("verifier"))
            .await
            .0,
        viewer: person(civitas, "viewer@kpiton.org", "kpiton", Some("viewer"))
            .await
            .0,
        stranger: person(
            civitas,
            "admin@elsewhere.org",
            "elsewhere",
            Some("city-admin"),
        )
        .await
        .0,
        city: city.id,
    }
}

async fn civitas_user_id(civitas: &Civitas, email: &str) -> i64 {
    let visitor = civitas
        .session_actor(
            &civitas
                .sign_in(email, PASSWORD, "10.0.0.1")
                .await
                .expect("in")
                .session_token,
        )
        .await
        .expect("visitor");
    visitor.user.expect("user").id
}

fn key(kpi: &str, dp: &str) -> EntryKey {
    EntryKey {
        kpi: kpi.into(),
        data_point: dp.into(),
    }
}

fn numbers(numerator: &str, denominator: &str, value: &str) -> EntryForm {
    EntryForm {
        numerator: numerator.into(),
        denominator: denominator.into(),
        value: value.into(),
        source: "City statistics office".into(),
        quality: "measured".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn from_empty_draft_to_verified_and_a_new_revision() {
    for backend in backends() {
        let database = fresh(backend).await;
        let clock = Arc::new(FixedClock::at(1_700_000_000));
        let civitas = Civitas::new(database.store.clone(), clock.clone());
        let t = team(&civitas).await;

        let year = |y: &str| AssessmentForm {
            year: y.into(),
            start_from_previous: true,
        };
        assert!(matches!(
            civitas
                .create_assessment(&t.viewer, t.city, &year("2025"))
                .await,
            Err(ServiceError::Denied(_))
        ));
        let bad_year = civitas
            .create_assessment(&t.editor, t.city, &year("25"))
            .await;
        assert!(
            matches!(bad_year, Err(ServiceError::Invalid(ref e)) if e[0].problem == Problem::NotAYear)
        );
        let a = civitas
            .create_assessment(&t.editor, t.city, &year("2025"))
            .await
            .expect("create");
        assert!(matches!(
            civitas.create_assessment(&t.editor, t.city, &year("2025")).await,
            Err(ServiceError::Invalid(ref e)) if e[0].problem == Problem::AlreadyTaken
        ));

        // Shared inputs once; KPIs that need them take their denominators.
        civitas
            .save_city_inputs(
                &t.editor,
                a.id,
                &[(
                    "households".into(),
                    InputForm {
                        value: "100000".into(),
                        source: "Census 2021".into(),
                    },
                )],
            )
            .await
            .expect("inputs");
        let internet = key("EC: ICT: ICT: 1C", "");
        let pm25 = key("EN: EN: AQ: 1C", "PM2.5");
        civitas
            .save_entries(
                &t.editor,
                a.id,
                &[
                    (internet.clone(), numbers("85000", "", "")),
                    (pm25.clone(), numbers("", "", "10")),
                    (
                        key("ec: ict: ict: 2c", ""),
                        EntryForm {
                            not_reported: true,
                            not_reported_reason: "No operator data this year".into(),
                            ..Default::default()
                        },
                    ),
                ],
            )
            .await
            .expect("save");

        // A bad form reports every problem and saves nothing.
        let bad = civitas
            .save_entries(
                &t.editor,
                a.id,
                &[
                    (internet.clone(), numbers("1,5", "", "")),
                    (
                        pm25.clone(),
                        EntryForm {
                            quality: "great".into(),
                            ..numbers("", "", "12")
                        },
                    ),
                ],
            )
            .await;
        let Err(ServiceError::InvalidEntries(problems)) = bad else {
            panic!("expected entry problems, got {bad:?}");
        };
        assert_eq!(problems.len(), 2);
        assert_eq!(
            (problems[0].field, problems[0].problem),
            ("numerator", Problem::NotANumber)
        );
        assert_eq!(problems[1].key, pm25);

        let results = civitas
            .assessment_results(&t.viewer, a.id)
            .await
            .expect("results");
        let internet_result = &results.evaluation.kpis[0];
        assert_eq!(internet_result.value, 85.0, "85 000 of 100 000 households");
        assert_eq!(internet_result.score, Some(3));
        assert_eq!(results.not_reported.len(), 1);
        assert!(results.missing.len() > 80);
        // Changing the shared input recomputes the KPI.
        civitas
            .save_city_inputs(
                &t.editor,
                a.id,
                &[(
                    "households".into(),
                    InputForm {
                        value: "85000".into(),
                        source: "Census 2021".into(),
                    },
                )],
            )
            .await
            .expect("inputs");
        let results = civitas
            .assessment_results(&t.editor, a.id)
            .await
            .expect("results");
        assert_eq!(results.evaluation.kpis[0].value, 100.0);
        assert_eq!(results.evaluation.kpis[0].score, Some(4));

        // Submission needs an assigned verifier; only a city admin assigns one.
        assert!(matches!(
            civitas.submit_assessment(&t.editor, a.id).await,
            Err(ServiceError::Invalid(ref e)) if e[0].problem == Problem::NotAVerifier
        ));
        let settings = AssessmentSettingsForm {
            target_set: "default".into(),
            currency: "eur".into(),
            verifier: t.verifier_id.to_string(),
            compare_with_peers: false,
        };
        assert!(matches!(
            civitas
                .update_assessment_settings(&t.editor, a.id, &settings)
                .await,
            Err(ServiceError::Denied(_))
        ));
        let updated = civitas
            .update_assessment_settings(&t.admin, a.id, &settings)
            .await
            .expect("settings");
        assert_eq!(updated.currency.as_deref(), Some("EUR"));
        // The verifier sees nothing before being assigned elsewhere; the other one never.
        assert!(matches!(
            civitas.assessment(&t.other_verifier, a.id).await,
            Err(ServiceError::NotFound)
        ));
        assert!(matches!(
            civitas.assessment(&t.stranger, a.id).await,
            Err(ServiceError::NotFound)
        ));
        assert!(
            civitas
                .assessments(&t.other_verifier, t.city)
                .await
                .expect("list")
                .is_empty()
        );
        civitas
            .submit_assessment(&t.editor, a.id)
            .await
            .expect("submit");

        // Review: a question, an answer, decisions.
        assert!(matches!(
            civitas
                .ask_question(&t.other_verifier, a.id, &pm25, "Which station?")
                .await,
            Err(ServiceError::NotFound)
        ));
        civitas
            .ask_question(&t.verifier, a.id, &pm25, "Which monitoring station?")
            .await
            .expect("question");
        civitas
            .answer_question(&t.editor, a.id, &pm25, "The network mean of 4 stations")
            .await
            .expect("answer");
        assert!(matches!(
            civitas.review_entry(&t.verifier, a.id, &pm25, ReviewDecision::NotVerified, "").await,
            Err(ServiceError::Invalid(ref e)) if e[0].problem == Problem::Required
        ));
        assert!(matches!(
            civitas
                .review_entry(&t.admin, a.id, &pm25, ReviewDecision::Verified, "")
                .await,
            Err(ServiceError::Denied(_))
        ));
        civitas
            .review_entry(
                &t.verifier,
                a.id,
                &internet,
                ReviewDecision::Verified,
                "Matches the census",
            )
            .await
            .expect("verify");
        // Pending PM2.5 blocks completion.
        assert!(matches!(
            civitas.complete_verification(&t.verifier, a.id).await,
            Err(ServiceError::Invalid(ref e)) if e[0].problem == Problem::ReviewIncomplete
        ));
        // A verified entry is locked for the city; the others may be corrected.
        assert!(matches!(
            civitas.save_entries(&t.editor, a.id, &[(internet.clone(), numbers("80000", "", ""))]).await,
            Err(ServiceError::InvalidEntries(ref p)) if p[0].problem == Problem::Locked
        ));
        civitas
            .save_entries(&t.editor, a.id, &[(pm25.clone(), numbers("", "", "9.5"))])
            .await
            .expect("correct");
        civitas
            .review_entry(
                &t.verifier,
                a.id,
                &pm25,
                ReviewDecision::NotVerified,
                "Station data not provided",
            )
            .await
            .expect("not verified");
        civitas
            .complete_verification(&t.verifier, a.id)
            .await
            .expect("complete");
        let view = civitas.assessment(&t.viewer, a.id).await.expect("view");
        assert_eq!(view.assessment.status, "verified");
        assert!(!view.can_edit);
        assert!(matches!(
            civitas.save_entries(&t.editor, a.id, &[(pm25.clone(), numbers("", "", "9"))]).await,
            Err(ServiceError::InvalidEntries(ref p)) if p[0].problem == Problem::Locked
        ));
        let notes = civitas
            .verification_notes(&t.viewer, a.id)
            .await
            .expect("notes");
        let kinds: Vec<&str> = notes.iter().map(|n| n.kind.as_str()).collect();
        assert_eq!(
            kinds,
            vec!["question", "answer", "verified", "not-verified"]
        );

        // A correction needs a new revision with a reason.
        assert!(matches!(
            civitas.open_revision(&t.admin, a.id, " ").await,
            Err(ServiceError::Invalid(ref e)) if e[0].problem == Problem::ReasonRequired
        ));
        let reopened = civitas
            .open_revision(&t.admin, a.id, "Census revised households")
            .await
            .expect("revision");
        assert_eq!((reopened.revision, reopened.status.as_str()), (2, "draft"));
        let results = civitas
            .assessment_results(&t.editor, a.id)
            .await
            .expect("results");
        assert_eq!(
            results.verified("EC: ICT: ICT: 1C", None),
            Some(true),
            "unchanged entries keep their review"
        );

        // Next year starts from this year's sources, never its values.
        clock.advance(86_400);
        let next = civitas
            .create_assessment(&t.editor, t.city, &year("2026"))
            .await
            .expect("next year");
        let carried = civitas
            .kpi_entries(&t.editor, next.id)
            .await
            .expect("entries");
        assert!(
            carried
                .iter()
                .all(|e| e.numerator.is_none() && e.value.is_none())
        );
        assert!(carried.iter().any(|e| e.source == "City statistics office"));
        let inputs = civitas
            .city_inputs(&t.editor, next.id)
            .await
            .expect("inputs");
        assert_eq!(inputs[0].source, "Census 2021");
        assert_eq!(inputs[0].value, None);
        let trend = civitas.kpi_trend(&t.viewer, t.city).await.expect("trend");
        assert_eq!(trend.years, vec![2025, 2026]);
        database.drop_database().await;
    }
}

#[tokio::test]
async fn the_demo_city_shows_three_years_that_compute_cleanly() {
    let database = fresh(civitas_store::Backend::Sqlite).await;
    let civitas = Civitas::new(
        database.store.clone(),
        Arc::new(FixedClock::at(1_700_000_000)),
    );
    civitas
        .load_demo_if_empty()
        .await
        .expect("demo")
        .expect("empty");
    let anonymous = Visitor::anonymous();
    let city = civitas
        .city_by_slug(&anonymous, "demo-city")
        .await
        .expect("city");
    // Residents see the verified year of a published city, nothing else.
    let trend = civitas
        .kpi_trend(&anonymous, city.city.id)
        .await
        .expect("trend");
    assert_eq!(trend.years, vec![2023]);
    let store_rows = database.store.clone();
    let all =
        civitas_store::AssessmentStore::assessments_of_city(store_rows.as_ref(), city.city.id)
            .await
            .expect("rows");
    let statuses: Vec<(i64, &str)> = all.iter().map(|a| (a.year, a.status.as_str())).collect();
    assert_eq!(
        statuses,
        vec![(2025, "draft"), (2024, "submitted"), (2023, "verified")]
    );
    for a in &all {
        let results = civitas_store::AssessmentStore::assessment(store_rows.as_ref(), a.id)
            .await
            .expect("row")
            .expect("exists");
        assert!(results.verifier_user_id.is_some());
    }
    let verified = all.iter().find(|a| a.year == 2023).expect("2023");
    let results = civitas
        .assessment_results(&anonymous, verified.id)
        .await
        .expect("public results");
    assert!(results.issues.is_empty(), "{:?}", results.issues);
    let plausibility: Vec<_> = results
        .evaluation
        .warnings
        .iter()
        .filter(|w| w.rule == "plausible_range")
        .collect();
    assert!(plausibility.is_empty(), "{plausibility:?}");
    assert!(
        results
            .evaluation
            .dimensions
            .iter()
            .all(|d| d.score.score_pct.is_some())
    );
    let draft = all.iter().find(|a| a.year == 2025).expect("2025");
    assert!(matches!(
        civitas.assessment_results(&anonymous, draft.id).await,
        Err(ServiceError::NotFound)
    ));
    database.drop_database().await;
}

#[tokio::test]
async fn a_preview_shows_the_typed_figures_and_saves_nothing() {
    let database = fresh(civitas_store::Backend::Sqlite).await;
    let civitas = Civitas::new(
        database.store.clone(),
        Arc::new(FixedClock::at(1_700_000_000)),
    );
    let t = team(&civitas).await;
    let a = civitas
        .create_assessment(
            &t.editor,
            t.city,
            &AssessmentForm {
                year: "2025".into(),
                start_from_previous: false,
            },
        )
        .await
        .expect("create");
    let pm25 = key("EN: EN: AQ: 1C", "PM2.5");
    civitas
        .save_entries(&t.editor, a.id, &[(pm25.clone(), numbers("", "", "10"))])
        .await
        .expect("save");
    let preview = civitas
        .preview_entries(&t.editor, a.id, &[(pm25.clone(), numbers("", "", "5"))])
        .await
        .expect("preview");
    assert!(preview.problems.is_empty());
    assert_eq!(preview.evaluation.kpis[0].value, 5.0);
    assert_eq!(preview.evaluation.kpis[0].score, Some(4));
    let stored = civitas.kpi_entries(&t.editor, a.id).await.expect("entries");
    assert_eq!(stored[0].value, Some(10.0), "a preview saves nothing");
    // Bad fields come back as problems, with the stored results beside them.
    let preview = civitas
        .preview_entries(&t.editor, a.id, &[(pm25.clone(), numbers("", "", "ten"))])
        .await
        .expect("preview");
    assert_eq!(preview.problems[0].problem, Problem::NotANumber);
    assert_eq!(preview.evaluation.kpis[0].value, 10.0);
    // Viewers may not preview edits.
    assert!(matches!(
        civitas
            .preview_entries(&t.viewer, a.id, &[(pm25, numbers("", "", "5"))])
            .await,
        Err(ServiceError::Denied(_))
    ));
    database.drop_database().await;
}
