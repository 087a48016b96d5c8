//! Participation end to end on real storage: residents' requests with a
//! receipt, abuse resistance (honeypot, duplicates, per-address limits),
//! trusted client apps, moderation with reasons the author sees, the status
//! timeline, download and erasure.

use civitas_service::participation::{
    ModerationForm, PublicFilter, RequestForm, Submission, Submitter,
};
use civitas_service::{Civitas, FixedClock, ServiceError};
use civitas_store_tests::{backends, fresh};
use std::sync::Arc;

use crate::support::demo_team as demo;

fn from(address: &str) -> Submitter<'_> {
    Submitter {
        address,
        api_key: None,
        channel: "web",
    }
}

fn report(description: &str) -> RequestForm {
    RequestForm {
        service_code: "pothole".into(),
        description: description.into(),
        address_string: "4 Mill Lane, Eastgate".into(),
        ..RequestForm::default()
    }
}

fn fields(result: Result<Submission, ServiceError>) -> Vec<&'static str> {
    match result {
        Err(ServiceError::Invalid(errors)) => errors.iter().map(|e| e.field).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[tokio::test]
async fn submit_follow_moderate_download_and_erase() {
    for backend in backends() {
        let database = fresh(backend).await;
        let clock = Arc::new(FixedClock::at(1_700_000_000));
        let civitas = Civitas::new(database.store.clone(), clock.clone());
        let (city_id, admin, editor, viewer) = demo(&civitas).await;
        let anonymous = civitas_service::Visitor::anonymous();
        let city = civitas
            .participation_city(&anonymous, "demo-city")
            .await
            .expect("published city");
        assert_eq!(city.id, city_id);
        assert_eq!(
            civitas.open311_city(None).await.expect("only one").id,
            city_id
        );
        assert_eq!(
            civitas
                .participation_services(&city)
                .await
                .expect("services")
                .len(),
            5
        );
        let seeded = civitas
            .public_service_requests(&city, &PublicFilter::default())
            .await
            .expect("public");
        assert_eq!(seeded.len(), 5, "the demo's requests");

        // Bad input names every field; nothing is stored or counted.
        let mut bad = report("");
        bad.service_code = "unknown".into();
        bad.address_string = String::new();
        bad.lat = "91".into();
        bad.email = "not-an-email".into();
        assert_eq!(
            fields(
                civitas
                    .submit_service_request(&city, &bad, from("1.1.1.1"))
                    .await
            ),
            ["service_code", "description", "lat", "email"]
        );
        let mut nowhere = report("No place given");
        nowhere.address_string = String::new();
        assert_eq!(
            fields(
                civitas
                    .submit_service_request(&city, &nowhere, from("1.1.1.1"))
                    .await
            ),
            ["address_string"]
        );
        let mut robot = report("Buy cheap watches");
        robot.website = "http://spam.example".into();
        assert_eq!(
            fields(
                civitas
                    .submit_service_request(&city, &robot, from("1.1.1.1"))
                    .await
            ),
            ["website"]
        );

        // A resident's request with contact details: acknowledged with a receipt.
        let mut first = report("Deep pothole  in the cycle lane");
        first.email = "Ana@Example.org".into();
        first.first_name = "Ana".into();
        let Submission::Accepted { request, receipt } = civitas
            .submit_service_request(&city, &first, from("1.1.1.1"))
            .await
            .expect("accepted")
        else {
            panic!("not a duplicate");
        };
        assert_eq!(request.status, "open");
        assert_eq!(request.agency_responsible.as_deref(), Some("Public Works"));
        let followed = civitas
            .receipt(&receipt.to_lowercase())
            .await
            .expect("receipt");
        assert_eq!(followed.request.id, request.id);
        assert_eq!(followed.events.len(), 1);
        assert_eq!(
            followed.contact.as_ref().and_then(|c| c.email.as_deref()),
            Some("ana@example.org")
        );

        // The same report again is caught, unless the resident confirms it.
        let again = report("deep pothole in the  CYCLE lane");
        match civitas
            .submit_service_request(&city, &again, from("2.2.2.2"))
            .await
        {
            Ok(Submission::Duplicate(earlier)) => assert_eq!(earlier.id, request.id),
            other => panic!("expected a duplicate, got {other:?}"),
        }
        let mut confirmed = again.clone();
        confirmed.confirm_duplicate = "yes".into();
        assert!(matches!(
            civitas
                .submit_service_request(&city, &confirmed, from("2.2.2.2"))
                .await,
            Ok(Submission::Accepted { .. })
        ));

        // Five accepted per address in ten minutes; refusals did not count.
        for n in 0..4 {
            civitas
                .submit_service_request(
                    &city,
                    &report(&format!("Hole number {n}")),
                    from("1.1.1.1"),
                )
                .await
                .expect("within the limit");
        }
        match civitas
            .submit_service_request(&city, &report("One too many"), from("1.1.1.1"))
            .await
        {
            Err(ServiceError::Throttled(wait)) => assert!(wait > 0 && wait <= 600, "{wait}"),
            other => panic!("expected throttling, got {other:?}"),
        }
        clock.advance(601);
        assert!(
            civitas
                .submit_service_request(&city, &report("After the window"), from("1.1.1.1"))
                .await
                .is_ok()
        );

        // Client apps: admins only; a wrong key is refused, a right one is not
        // held to one address's limit.
        assert!(matches!(
            civitas
                .create_client_app(&editor, city_id, "FixMyStreet")
                .await,
            Err(ServiceError::Denied(_))
        ));
        let (_, key) = civitas
            .create_client_app(&admin, city_id, "FixMyStreet")
            .await
            .expect("app");
        let wrong = Submitter {
            address: "3.3.3.3",
            api_key: Some("o311_wrong"),
            channel: "open311",
        };
        assert!(matches!(
            civitas
                .submit_service_request(&city, &report("Via app"), wrong)
                .await,
            Err(ServiceError::Denied(_))
        ));
        for n in 0..7 {
            let app = Submitter {
                address: "3.3.3.3",
                api_key: Some(&key),
                channel: "open311",
            };
            let sent = civitas
                .submit_service_request(&city, &report(&format!("Relayed {n}")), app)
                .await
                .expect("trusted app");
            if let Submission::Accepted { request, .. } = sent {
                assert_eq!(request.channel, "open311");
                assert!(request.client_app_id.is_some());
            }
        }

        // Moderation: viewers cannot; hiding needs a reason the author sees.
        let hide = |reason: &str| ModerationForm {
            action: "hide".into(),
            reason: reason.into(),
            ..ModerationForm::default()
        };
        assert!(matches!(
            civitas
                .moderate_request(&viewer, request.id, &hide("x"))
                .await,
            Err(ServiceError::Denied(_))
        ));
        assert!(matches!(
            civitas
                .moderate_request(&anonymous, request.id, &hide("x"))
                .await,
            Err(ServiceError::Denied(_))
        ));
        assert!(matches!(
            civitas
                .moderate_request(&editor, request.id, &hide(" "))
                .await,
            Err(ServiceError::Invalid(_))
        ));
        civitas
            .moderate_request(&editor, request.id, &hide("Names a private person"))
            .await
            .expect("hidden");
        assert!(matches!(
            civitas.public_service_request(&city, request.id).await,
            Err(ServiceError::NotFound)
        ));
        let queue = civitas
            .moderation_queue(&editor, city_id)
            .await
            .expect("queue");
        assert!(queue.iter().any(|r| r.id == request.id && r.hidden));
        let seen_by_author = civitas.receipt(&receipt).await.expect("receipt");
        assert_eq!(
            seen_by_author.request.hidden_reason.as_deref(),
            Some("Names a private person")
        );
        civitas
            .moderate_request(
                &editor,
                request.id,
                &ModerationForm {
                    action: "show".into(),
                    ..Default::default()
                },
            )
            .await
            .expect("shown");
        clock.advance(60);
        let closed = civitas
            .moderate_request(
                &admin,
                request.id,
                &ModerationForm {
                    action: "status".into(),
                    status: "closed".into(),
                    notes: "Filled on Friday".into(),
                    ..Default::default()
                },
            )
            .await
            .expect("closed");
        assert_eq!(closed.status_notes.as_deref(), Some("Filled on Friday"));
        let timeline: Vec<String> = civitas
            .receipt(&receipt)
            .await
            .expect("receipt")
            .events
            .iter()
            .map(|e| e.kind.clone())
            .collect();
        assert_eq!(timeline, ["submitted", "hidden", "shown", "status"]);
        let closed_only = civitas
            .public_service_requests(
                &city,
                &PublicFilter {
                    status: Some("closed".into()),
                    ..Default::default()
                },
            )
            .await
            .expect("closed ones");
        assert!(closed_only.iter().all(|r| r.status == "closed"));
        assert!(closed_only.iter().any(|r| r.id == request.id));

        // Download: everything the author sent; then erasure.
        let download = civitas.receipt_download(&receipt).await.expect("download");
        assert_eq!(download["contact"]["email"], "ana@example.org");
        assert_eq!(download["timeline"].as_array().map(Vec::len), Some(4));
        assert_eq!(download["status"], "closed");
        civitas.erase_by_receipt(&receipt).await.expect("erase");
        assert!(matches!(
            civitas.receipt(&receipt).await,
            Err(ServiceError::NotFound)
        ));
        assert!(matches!(
            civitas.public_service_request(&city, request.id).await,
            Err(ServiceError::NotFound)
        ));
        let log = civitas
            .audit_log(&admin, Some(civitas_domain::CityId(city_id)), None)
            .await
            .expect("log");
        assert!(
            log.iter()
                .any(|l| l.entity == "service-request" && l.action == "erase")
        );
        let text = format!("{log:?}");
        assert!(
            !text.contains("example.org") && !text.contains("Mill Lane"),
            "no personal data in the audit log"
        );
        database.drop_database().await;
    }
}
