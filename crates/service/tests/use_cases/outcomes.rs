//! "You said, we did" and retention end to end: the demo's outcomes with
//! their roadmap actions and timelines on the public list, the team links a
//! resident's request to an action (checked, audited, refused to viewers),
//! the author reads it through the receipt; the retention period set by the
//! city's admins, and the sweep on the service clock: nothing before the
//! period ends, then contact details deleted, the request kept, one audit
//! line with the count.

use civitas_domain::CityId;
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
                .set_outcome(&editor, city_id, InputKind::Proposal, request.id, &outcome)
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
