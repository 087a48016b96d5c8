//! "You said, we did" and retention end to end: the demo's outcomes with
//! their roadmap actions and timelines on the public list, the team links a
//! resident's request to an action (checked, audited, refused to viewers),
//! the author reads it through the receipt; the retention period set by the
//! city's admins, and the sweep on the service clock: nothing before the
//! period ends, then contact details deleted, the request kept, one audit
//! line with the count.

use civitas_domain::CityId;
use civitas_service::participation::consultations::{
    BallotForm, BallotOutcome, BallotSubmitter, CommentModeration,
};
use civitas_service::participation::{InputKind, OutcomeForm, RequestForm, Submission, Submitter};
use civitas_service::{Civitas, FixedClock, ServiceError, Visitor};
use civitas_store_tests::{backends, fresh};
use std::sync::Arc;

use crate::support::demo_team as demo;

const DAY: i64 = 86_400;

fn invalid(result: Result<impl std::fmt::Debug, ServiceError>) -> Vec<&'static str> {
    match result {
        Err(ServiceError::Invalid(errors)) => errors.iter().map(|e| e.field).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[tokio::test]
async fn outcomes_link_requests_to_the_roadmap_with_a_public_timeline() {
    for backend in backends() {
        let database = fresh(backend).await;
        let civitas = Civitas::new(
            database.store.clone(),
            Arc::new(FixedClock::at(1_800_000_000)),
        );
        let (city_id, admin, editor, viewer) = demo(&civitas).await;
        let city = civitas
            .participation_city(&Visitor::anonymous(), "demo-city")
            .await
            .expect("city");

        // The demo: four outcomes, three through roadmap actions, dated.
        let public = civitas.you_said_we_did(&city).await.expect("public");
        assert_eq!(public.len(), 4);
        let linked: Vec<&str> = public
            .iter()
            .filter_map(|p| p.input.outcome.roadmap_action_title.as_deref())
            .collect();
        assert_eq!(linked.len(), 3, "{linked:?}");
        assert!(linked.contains(&"Fibre and public Wi-Fi for underserved districts"));
        let wifi = public
            .iter()
            .find(|p| p.input.outcome.status == "in-progress")
            .expect("the Wi-Fi request");
        let statuses: Vec<&str> = wifi.events.iter().map(|e| e.status.as_str()).collect();
        assert_eq!(
            statuses,
            ["received", "under-consideration", "planned", "in-progress"]
        );
        assert!(wifi.events.windows(2).all(|w| w[0].at <= w[1].at));

        // A resident's request, linked by the editor to a roadmap action.
        let form = RequestForm {
            service_code: "digital-service".into(),
            description: "The parking permit form fails on my phone.".into(),
            address_string: "Online".into(),
            email: "resident@example.org".into(),
            ..RequestForm::default()
        };
        let from = Submitter {
            address: "10.1.1.1",
            api_key: None,
            channel: "web",
        };
        let Submission::Accepted { request, receipt } = civitas
            .submit_service_request(&city, &form, from)
            .await
            .expect("sent")
        else {
            panic!("not a duplicate");
        };
        let actions = civitas
            .outcome_actions(&editor, city_id)
            .await
            .expect("actions");
        let portal = actions
            .iter()
            .find(|a| a.title == "One-stop portal for resident services")
            .expect("portal action");
        let mut outcome = OutcomeForm {
            status: "planned".into(),
            roadmap_action: portal.id.to_string(),
            decision: "The new portal's forms are tested on phones.".into(),
            note: "Thank you: this is now part of the portal's plan.".into(),
        };
        assert!(matches!(
            civitas
                .set_request_outcome(&viewer, request.id, &outcome)
                .await,
            Err(ServiceError::Denied(_))
        ));
        assert!(matches!(
            civitas
                .set_request_outcome(&Visitor::anonymous(), request.id, &outcome)
                .await,
            Err(ServiceError::Denied(_))
        ));
        let bad = OutcomeForm {
            status: "maybe".into(),
            roadmap_action: "999999".into(),
            decision: "x".repeat(2001),
            note: String::new(),
        };
        assert_eq!(
            invalid(civitas.set_request_outcome(&editor, request.id, &bad).await),
            ["status", "roadmap_action", "decision"]
        );
        assert!(matches!(
            civitas
                .set_outcome(&editor, city_id, InputKind::Proposal, 999_999, &outcome)
                .await,
            Err(ServiceError::NotFound)
        ));
        let view = civitas
            .set_request_outcome(&editor, request.id, &outcome)
            .await
            .expect("set");
        assert_eq!(view.outcome.roadmap_action_id, Some(portal.id));
        assert_eq!(view.events.len(), 1);
        outcome.status = "done".into();
        outcome.note = String::new();
        let done = civitas
            .set_request_outcome(&admin, request.id, &outcome)
            .await
            .expect("done");
        assert_eq!(done.events.len(), 2);
        let audit = civitas
            .audit_log(&admin, Some(CityId(city_id)), None)
            .await
            .expect("audit");
        assert!(
            audit
                .iter()
                .any(|a| a.entity == "participation-outcome" && a.action == "update")
        );
        // The author reads it through the receipt; the public list has it.
        let sent = civitas.receipt(&receipt).await.expect("receipt");
        let mine = civitas
            .request_outcome(&sent.request)
            .await
            .expect("outcome")
            .expect("some");
        assert_eq!(mine.outcome.status, "done");
        assert_eq!(
            civitas.you_said_we_did(&city).await.expect("public").len(),
            5
        );
    }
}

/// A city admin of another city, signed in.
async fn stranger(civitas: &Civitas) -> Visitor {
    const PASSWORD: &str = "correct horse battery staple";
    let root = civitas
        .add_user_as_operator("root@elsewhere.org", "Root", PASSWORD, true)
        .await
        .expect("root");
    let sign_in = |email: &'static str| async move {
        let signed_in = civitas
            .sign_in(email, PASSWORD, "10.0.0.1")
            .await
            .expect("sign in");
        civitas
            .session_actor(&signed_in.session_token)
            .await
            .expect("visitor")
    };
    let root_visitor = sign_in("root@elsewhere.org").await;
    assert!(root.id > 0);
    civitas
        .create_city(
            &root_visitor,
            &civitas_service::cities::CityForm {
                slug: "elsewhere".into(),
                name: "Elsewhere".into(),
                country: "Nowhere".into(),
                population: "1000".into(),
                published: false,
            },
        )
        .await
        .expect("other city");
    let user = civitas
        .add_user_as_operator("admin@elsewhere.org", "Other", PASSWORD, false)
        .await
        .expect("user");
    civitas
        .grant_role_as_operator(user.id, "elsewhere", "city-admin")
        .await
        .expect("role");
    sign_in("admin@elsewhere.org").await
}

#[tokio::test]
async fn consultations_and_proposals_get_outcomes_that_erasing_removes() {
    for backend in backends() {
        let database = fresh(backend).await;
        let civitas = Civitas::new(
            database.store.clone(),
            Arc::new(FixedClock::at(1_800_000_000)),
        );
        let (city_id, admin, editor, viewer) = demo(&civitas).await;
        let other = stranger(&civitas).await;
        let anonymous = Visitor::anonymous();
        let city = civitas
            .participation_city(&anonymous, "demo-city")
            .await
            .expect("city");

        // The demo: the consultation and one proposal, each linked to a roadmap action.
        let public = civitas
            .you_said_we_did_consultations(&city)
            .await
            .expect("public");
        let kinds: Vec<&str> = public
            .iter()
            .map(|p| p.input.outcome.input_kind.as_str())
            .collect();
        assert_eq!(kinds.len(), 2, "{kinds:?}");
        assert!(kinds.contains(&"consultation") && kinds.contains(&"proposal"));
        assert!(
            public
                .iter()
                .all(|p| p.input.outcome.roadmap_action_title.is_some() && !p.events.is_empty())
        );
        let demo_proposal = public
            .iter()
            .find(|p| p.input.outcome.input_kind == "proposal")
            .expect("proposal");
        assert!(
            demo_proposal
                .input
                .proposal
                .as_deref()
                .is_some_and(|t| t.starts_with("Lend tablets"))
        );

        // A resident's proposal.
        let (consultation, _) = civitas
            .public_consultations(&city)
            .await
            .expect("list")
            .into_iter()
            .next()
            .expect("the demo consultation");
        let view = civitas
            .consultation_view(&anonymous, &city, consultation.id)
            .await
            .expect("view");
        let first = format!("rank-{}", view.options[0].id);
        let pairs: Vec<(String, String)> = [
            (first.as_str(), "1"),
            ("comment_kind", "proposal"),
            ("comment", "A repair café for old phones in every library."),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let code = match civitas
            .submit_ballot(
                &view,
                &BallotForm::from_pairs(&pairs),
                BallotSubmitter {
                    address: "10.7.7.7",
                    device_token: None,
                },
            )
            .await
            .expect("sent")
        {
            BallotOutcome::Accepted { receipt, .. } => receipt,
            other => panic!("{other:?}"),
        };
        let proposal = civitas
            .ballot_receipt(&code)
            .await
            .expect("receipt")
            .comment
            .expect("proposal");
        let actions = civitas
            .outcome_actions(&editor, city_id)
            .await
            .expect("actions");
        let hubs = actions
            .iter()
            .find(|a| a.title == "Digital skills hubs in public libraries")
            .expect("hubs");
        let mut form = OutcomeForm {
            status: "under-consideration".into(),
            roadmap_action: hubs.id.to_string(),
            decision: "The skills hubs will look at repairs too.".into(),
            note: "Thank you for the idea.".into(),
        };

        // Viewers, strangers from another city and residents may not.
        for who in [&viewer, &other, &anonymous] {
            assert!(
                matches!(
                    civitas
                        .set_proposal_outcome(who, consultation.id, proposal.id, &form)
                        .await,
                    Err(ServiceError::Denied(_))
                ),
                "proposal"
            );
            assert!(
                matches!(
                    civitas
                        .set_consultation_outcome(who, consultation.id, &form)
                        .await,
                    Err(ServiceError::Denied(_))
                ),
                "consultation"
            );
        }
        // Another city's staff cannot reach this city's inputs by naming their own city.
        let elsewhere = civitas
            .city_by_slug(&other, "elsewhere")
            .await
            .expect("their city")
            .city
            .id;
        assert!(matches!(
            civitas
                .set_outcome(&other, elsewhere, InputKind::Proposal, proposal.id, &form)
                .await,
            Err(ServiceError::NotFound)
        ));
        // Not a proposal of this consultation: not found.
        assert!(matches!(
            civitas
                .set_proposal_outcome(&editor, consultation.id, 999_999, &form)
                .await,
            Err(ServiceError::NotFound)
        ));

        let set = civitas
            .set_proposal_outcome(&editor, consultation.id, proposal.id, &form)
            .await
            .expect("set");
        assert_eq!(set.outcome.roadmap_action_id, Some(hubs.id));
        assert_eq!(set.events.len(), 1);
        form.status = "planned".into();
        form.note = String::new();
        let planned = civitas
            .set_proposal_outcome(&admin, consultation.id, proposal.id, &form)
            .await
            .expect("planned");
        let statuses: Vec<&str> = planned.events.iter().map(|e| e.status.as_str()).collect();
        assert_eq!(statuses, ["under-consideration", "planned"]);
        assert_eq!(
            civitas
                .proposal_outcome(&proposal)
                .await
                .expect("receipt")
                .map(|v| v.outcome.status),
            Some("planned".to_string())
        );
        let listed = |list: &[civitas_service::participation::PublicConsultationOutcome]| {
            list.iter().any(|p| {
                p.input.outcome.input_kind == "proposal" && p.input.outcome.input_id == proposal.id
            })
        };
        assert!(listed(
            &civitas
                .you_said_we_did_consultations(&city)
                .await
                .expect("public")
        ));

        // The consultation's own outcome: its timeline grows.
        form.status = "planned".into();
        form.note = "The council adopted the ranking.".into();
        let whole = civitas
            .set_consultation_outcome(&editor, consultation.id, &form)
            .await
            .expect("consultation");
        assert_eq!(whole.events.len(), 3);
        assert_eq!(
            civitas
                .consultation_outcome(&consultation)
                .await
                .expect("public")
                .map(|v| v.outcome.status),
            Some("planned".to_string())
        );

        // Hidden: the outcome is kept but never public, and cannot be changed.
        civitas
            .moderate_comment(
                &editor,
                consultation.id,
                proposal.id,
                &CommentModeration {
                    action: "hide".into(),
                    reason: "Off topic.".into(),
                },
            )
            .await
            .expect("hide");
        assert!(!listed(
            &civitas
                .you_said_we_did_consultations(&city)
                .await
                .expect("public")
        ));
        assert!(matches!(
            civitas
                .set_proposal_outcome(&editor, consultation.id, proposal.id, &form)
                .await,
            Err(ServiceError::NotFound)
        ));
        civitas
            .moderate_comment(
                &editor,
                consultation.id,
                proposal.id,
                &CommentModeration {
                    action: "show".into(),
                    reason: String::new(),
                },
            )
            .await
            .expect("show");
        assert!(listed(
            &civitas
                .you_said_we_did_consultations(&city)
                .await
                .expect("public")
        ));

        // Erasing the answer erases the proposal's outcome and its timeline.
        civitas.erase_ballot(&code).await.expect("erase");
        assert_eq!(
            civitas.proposal_outcome(&proposal).await.expect("gone"),
            None
        );
        assert!(!listed(
            &civitas
                .you_said_we_did_consultations(&city)
                .await
                .expect("public")
        ));
        let audit = civitas
            .audit_log(&admin, Some(CityId(city_id)), None)
            .await
            .expect("audit");
        assert!(
            audit
                .iter()
                .filter(|e| e.entity == "participation-outcome")
                .count()
                >= 3
        );
    }
}

#[tokio::test]
async fn retention_deletes_contact_details_after_the_period_and_keeps_the_request() {
    for backend in backends() {
        let database = fresh(backend).await;
        let clock = Arc::new(FixedClock::at(1_800_000_000));
        let civitas = Civitas::new(database.store.clone(), clock.clone());
        let (city_id, admin, editor, _viewer) = demo(&civitas).await;
        let city = civitas
            .participation_city(&Visitor::anonymous(), "demo-city")
            .await
            .expect("city");
        assert_eq!(
            civitas
                .retention_setting(&admin, city_id)
                .await
                .expect("default"),
            12
        );
        assert!(matches!(
            civitas.set_retention(&editor, city_id, "6").await,
            Err(ServiceError::Denied(_))
        ));
        for bad in ["", "0", "121", "six"] {
            assert_eq!(
                invalid(civitas.set_retention(&admin, city_id, bad).await),
                ["months"],
                "{bad}"
            );
        }
        assert_eq!(
            civitas
                .set_retention(&admin, city_id, "6")
                .await
                .expect("set"),
            6
        );

        let form = RequestForm {
            service_code: "pothole".into(),
            description: "Deep hole at the school gate.".into(),
            address_string: "School Lane".into(),
            email: "parent@example.org".into(),
            phone: "+1 555 0100".into(),
            ..RequestForm::default()
        };
        let from = Submitter {
            address: "10.2.2.2",
            api_key: None,
            channel: "web",
        };
        let Submission::Accepted { request, receipt } = civitas
            .submit_service_request(&city, &form, from)
            .await
            .expect("sent")
        else {
            panic!("not a duplicate");
        };
        let close = civitas_service::participation::ModerationForm {
            action: "status".into(),
            status: "closed".into(),
            notes: "Filled.".into(),
            reason: String::new(),
        };
        civitas
            .moderate_request(&editor, request.id, &close)
            .await
            .expect("close");

        // Five months on: nothing has expired.
        clock.advance(150 * DAY);
        let dry = civitas
            .purge_expired_personal_data(true)
            .await
            .expect("dry run");
        assert_eq!(
            dry.iter().map(|c| c.counts.request_contacts).sum::<i64>(),
            0
        );
        // Seven months on: expired; the dry run counts it and deletes nothing.
        clock.advance(60 * DAY);
        let dry = civitas
            .purge_expired_personal_data(true)
            .await
            .expect("dry run");
        let demo_city = dry
            .iter()
            .find(|c| c.city == "demo-city")
            .expect("demo city");
        assert_eq!(
            (demo_city.months, demo_city.counts.request_contacts),
            (6, 1)
        );
        assert!(
            civitas
                .receipt(&receipt)
                .await
                .expect("receipt")
                .contact
                .is_some()
        );
        let done = civitas
            .purge_expired_personal_data(false)
            .await
            .expect("purge");
        assert_eq!(
            done.iter().map(|c| c.counts.request_contacts).sum::<i64>(),
            1
        );
        let kept = civitas.receipt(&receipt).await.expect("the request stays");
        assert!(kept.contact.is_none(), "contact details deleted");
        assert_eq!(kept.request.description, "Deep hole at the school gate.");
        let audit = civitas
            .audit_log(&admin, Some(CityId(city_id)), None)
            .await
            .expect("audit");
        let line = audit
            .iter()
            .find(|a| a.entity == "participation-retention" && a.action == "purge")
            .expect("audit line");
        assert_eq!(line.actor_label, "retention sweep");
        assert_eq!(
            line.new_value
                .as_ref()
                .map(|v| v["request_contacts_deleted"].clone()),
            Some(serde_json::json!(1))
        );
        assert!(
            !format!("{audit:?}").contains("parent@example.org"),
            "no contact in the audit log"
        );
        // A second sweep finds nothing.
        let again = civitas
            .purge_expired_personal_data(false)
            .await
            .expect("again");
        assert_eq!(
            again.iter().map(|c| c.counts.request_contacts).sum::<i64>(),
            0
        );
    }
}
