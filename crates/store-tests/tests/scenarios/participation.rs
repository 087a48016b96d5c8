//! Participation storage: services, requests with contact details kept apart,
//! the dated timeline, moderation that keeps the record and its reason,
//! filters as Open311 asks them, erasure, client apps with hashed keys.

use super::{audit_count, by, new_city};
use civitas_store::*;
use civitas_store_tests::on_every_backend;

fn new_request(
    city_id: i64,
    service_id: i64,
    receipt: &str,
    at_place: Option<f64>,
) -> NewServiceRequest {
    NewServiceRequest {
        city_id,
        service_id,
        description: "Streetlight out on the corner".into(),
        address: Some("12 Harbour Road".into()),
        lat: at_place,
        long: at_place.map(|v| v + 1.5),
        contact: RequestContact::default(),
        channel: "web".into(),
        client_app_id: None,
        fingerprint: format!("fp-{receipt}"),
        receipt_hash: receipt.into(),
    }
}

#[tokio::test]
async fn requests_timeline_moderation_filters_erasure_and_client_apps() {
    on_every_backend(|store| async move {
        let city = store
            .create_city(&by("t", 1), &new_city("par"))
            .await
            .expect("city");
        let service = |code: &str| NewService {
            city_id: city.id,
            code: code.into(),
            name: format!("Service {code}"),
            description: "What it is for".into(),
            keywords: "light,lamp".into(),
            group: "Streets".into(),
            notice: "We answer within two working days.".into(),
            agency: "Public Works".into(),
        };
        let lights = store
            .create_service(&by("t", 2), &service("lights"))
            .await
            .expect("service");
        assert_eq!(lights.group, "Streets");
        assert!(matches!(
            store.create_service(&by("t", 2), &service("lights")).await,
            Err(StoreError::Conflict("service_code"))
        ));
        let waste = store
            .create_service(&by("t", 2), &service("waste"))
            .await
            .expect("second service");
        assert_eq!(store.services(city.id).await.expect("services").len(), 2);

        // A request with its contact details, one without place coordinates
        // (NULL floats first, then real ones: the PostgreSQL trap).
        let before = audit_count(store.as_ref()).await;
        let mut first = new_request(city.id, lights.id, "r1", None);
        first.contact = RequestContact {
            email: Some("ana@example.org".into()),
            first_name: Some("Ana".into()),
            last_name: None,
            phone: None,
        };
        let first = store
            .create_service_request(&by("anonymous", 100), &first)
            .await
            .expect("request");
        assert_eq!(audit_count(store.as_ref()).await, before + 1);
        assert_eq!(first.status, "open");
        assert_eq!(first.service_code, "lights");
        assert_eq!(first.agency_responsible.as_deref(), Some("Public Works"));
        assert_eq!(first.lat, None);
        let second = store
            .create_service_request(
                &by("anonymous", 200),
                &new_request(city.id, waste.id, "r2", Some(44.25)),
            )
            .await
            .expect("with coordinates");
        assert_eq!(second.lat, Some(44.25));
        assert_eq!(second.long, Some(45.75));
        let log = store
            .audit_log(&AuditFilter {
                limit: 5,
                ..Default::default()
            })
            .await
            .expect("log");
        let line = log
            .iter()
            .find(|l| l.entity == "service-request")
            .expect("audit line");
        let written = format!("{:?}", line);
        assert!(
            !written.contains("ana@example.org") && !written.contains("Harbour"),
            "{written}"
        );

        assert_eq!(
            store
                .request_contact(first.id)
                .await
                .expect("contact")
                .and_then(|c| c.email),
            Some("ana@example.org".into())
        );
        assert_eq!(store.request_contact(second.id).await.expect("none"), None);
        assert_eq!(
            store
                .service_request_by_receipt("r1")
                .await
                .expect("receipt")
                .map(|r| r.id),
            Some(first.id)
        );
        assert!(
            store
                .service_request_by_receipt("nope")
                .await
                .expect("none")
                .is_none()
        );
        assert_eq!(
            store
                .duplicate_request(city.id, "fp-r1", 50)
                .await
                .expect("dup")
                .map(|r| r.id),
            Some(first.id)
        );
        assert!(
            store
                .duplicate_request(city.id, "fp-r1", 101)
                .await
                .expect("old")
                .is_none()
        );

        // Status with notes, then moderation: each a dated timeline line.
        let closed = store
            .set_request_status(
                &by("editor", 300),
                first.id,
                "closed",
                Some("Lamp replaced"),
            )
            .await
            .expect("status");
        assert_eq!(closed.status_notes.as_deref(), Some("Lamp replaced"));
        assert_eq!(closed.updated_at, 300);
        let hidden = store
            .set_request_hidden(
                &by("editor", 400),
                second.id,
                true,
                Some("Personal data in the text"),
            )
            .await
            .expect("hide");
        assert!(hidden.hidden);
        assert_eq!(
            hidden.hidden_reason.as_deref(),
            Some("Personal data in the text")
        );
        let events = store.request_events(second.id).await.expect("events");
        let kinds: Vec<_> = events.iter().map(|e| (e.kind.as_str(), e.at)).collect();
        assert_eq!(kinds, [("submitted", 200), ("hidden", 400)]);
        assert_eq!(events[1].note.as_deref(), Some("Personal data in the text"));

        // Filters: hidden ones only for the team; ids, service, dates, status.
        let all = |f: RequestFilter| {
            let store = store.clone();
            async move {
                store
                    .service_requests(&f)
                    .await
                    .expect("list")
                    .into_iter()
                    .map(|r| r.id)
                    .collect::<Vec<_>>()
            }
        };
        let base = RequestFilter {
            city_id: city.id,
            limit: 100,
            ..Default::default()
        };
        assert_eq!(all(base.clone()).await, [first.id]);
        assert_eq!(
            all(RequestFilter {
                include_hidden: true,
                ..base.clone()
            })
            .await,
            [second.id, first.id]
        );
        let team = RequestFilter {
            include_hidden: true,
            ..base.clone()
        };
        assert_eq!(
            all(RequestFilter {
                ids: vec![second.id],
                ..team.clone()
            })
            .await,
            [second.id]
        );
        assert_eq!(
            all(RequestFilter {
                service_code: Some("lights".into()),
                ..team.clone()
            })
            .await,
            [first.id]
        );
        assert_eq!(
            all(RequestFilter {
                start: Some(150),
                ..team.clone()
            })
            .await,
            [second.id]
        );
        assert_eq!(
            all(RequestFilter {
                end: Some(150),
                ..team.clone()
            })
            .await,
            [first.id]
        );
        assert_eq!(
            all(RequestFilter {
                status: Some("open".into()),
                ..team.clone()
            })
            .await,
            [second.id]
        );
        assert_eq!(
            all(RequestFilter {
                limit: 1,
                ..team.clone()
            })
            .await,
            [second.id]
        );
        let shown = store
            .set_request_hidden(&by("editor", 500), second.id, false, None)
            .await
            .expect("show");
        assert!(!shown.hidden);
        assert_eq!(all(base.clone()).await, [second.id, first.id]);

        // Erasure by the author: request, contact and timeline gone.
        store
            .erase_service_request(&by("anonymous", 600), first.id)
            .await
            .expect("erase");
        assert!(
            store
                .service_request(first.id)
                .await
                .expect("gone")
                .is_none()
        );
        assert!(
            store
                .request_contact(first.id)
                .await
                .expect("gone")
                .is_none()
        );
        assert!(
            store
                .request_events(first.id)
                .await
                .expect("gone")
                .is_empty()
        );
        assert!(matches!(
            store
                .erase_service_request(&by("anonymous", 601), first.id)
                .await,
            Err(StoreError::NotFound(_))
        ));
        assert!(matches!(
            store
                .set_request_status(&by("e", 1), first.id, "open", None)
                .await,
            Err(StoreError::NotFound(_))
        ));

        // Client apps: found by key hash until revoked.
        let app = store
            .create_client_app(&by("admin", 700), city.id, "FixMyStreet", "hash-1")
            .await
            .expect("app");
        assert_eq!(
            store
                .client_app_by_key("hash-1")
                .await
                .expect("key")
                .map(|a| a.id),
            Some(app.id)
        );
        store
            .revoke_client_app(&by("admin", 800), app.id)
            .await
            .expect("revoke");
        assert!(
            store
                .client_app_by_key("hash-1")
                .await
                .expect("revoked")
                .is_none()
        );
        assert_eq!(
            store.client_apps(city.id).await.expect("apps")[0].revoked_at,
            Some(800)
        );
    })
    .await;
}
