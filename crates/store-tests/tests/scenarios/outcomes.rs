//! "You said, we did" and retention in storage: an outcome per input with
//! its roadmap action and dated timeline, hidden and erased inputs out of the
//! public list, the retention period, and the sweep that deletes contact
//! details of requests closed long enough ago, keeps the request, and
//! audits the count.

use super::{audit_count, by, new_city};
use civitas_store::*;
use civitas_store_tests::on_every_backend;

fn request(city_id: i64, service_id: i64, receipt: &str, email: Option<&str>) -> NewServiceRequest {
    NewServiceRequest {
        city_id,
        service_id,
        description: format!("Problem {receipt}"),
        address: None,
        lat: None,
        long: None,
        contact: RequestContact {
            email: email.map(str::to_string),
            ..RequestContact::default()
        },
        channel: "web".into(),
        client_app_id: None,
        fingerprint: format!("fp-{receipt}"),
        receipt_hash: receipt.into(),
    }
}

#[tokio::test]
async fn outcomes_timeline_public_list_retention_and_purge() {
    on_every_backend(|store| async move {
        let city = store
            .create_city(&by("t", 1), &new_city("out"))
            .await
            .expect("city");
        let service = store
            .create_service(
                &by("t", 2),
                &NewService {
                    city_id: city.id,
                    code: "lights".into(),
                    name: "Streetlights".into(),
                    description: String::new(),
                    keywords: String::new(),
                    group: String::new(),
                    notice: String::new(),
                    agency: String::new(),
                },
            )
            .await
            .expect("service");
        let action = store
            .create_roadmap_action(
                &by("t", 3),
                city.id,
                &ActionFields {
                    title: "Smart street lighting".into(),
                    description: String::new(),
                    owner: "Public Works".into(),
                    budget: None,
                    currency: None,
                    funding_source: "municipal-budget".into(),
                    start_date: "2026-01-01".into(),
                    end_date: "2026-12-31".into(),
                    status: "planned".into(),
                    depends_on: vec![],
                    elements: vec![],
                    kpis: vec![],
                    roles: vec![],
                },
            )
            .await
            .expect("action");
        let a = store
            .create_service_request(
                &by("resident", 10),
                &request(city.id, service.id, "a", Some("a@example.org")),
            )
            .await
            .expect("a");
        let b = store
            .create_service_request(
                &by("resident", 11),
                &request(city.id, service.id, "b", None),
            )
            .await
            .expect("b");

        // First link: created, one timeline line, audited.
        let before = audit_count(store.as_ref()).await;
        let mut update = OutcomeUpdate {
            city_id: city.id,
            input_kind: "request".into(),
            input_id: a.id,
            status: "under-consideration".into(),
            roadmap_action_id: None,
            decision: None,
            note: Some("We are looking at every lamp in the street.".into()),
        };
        let first = store
            .set_outcome(&by("editor", 20), &update)
            .await
            .expect("set");
        assert_eq!(first.status, "under-consideration");
        assert_eq!(audit_count(store.as_ref()).await, before + 1);
        // Planned, with the action and a decision.
        update.status = "planned".into();
        update.roadmap_action_id = Some(action.id);
        update.decision = Some("Replace the lamps with LED.".into());
        update.note = None;
        let planned = store
            .set_outcome(&by("editor", 30), &update)
            .await
            .expect("plan");
        assert_eq!(planned.id, first.id);
        assert_eq!(
            planned.roadmap_action_title.as_deref(),
            Some("Smart street lighting")
        );
        assert_eq!(planned.roadmap_action_status.as_deref(), Some("planned"));
        // Same status, no note: no new timeline line.
        update.decision = Some("Replace the lamps with LED in 2026.".into());
        store
            .set_outcome(&by("editor", 31), &update)
            .await
            .expect("same");
        let events = store.outcome_events(first.id).await.expect("events");
        let lines: Vec<(i64, &str)> = events.iter().map(|e| (e.at, e.status.as_str())).collect();
        assert_eq!(lines, vec![(20, "under-consideration"), (30, "planned")]);
        assert_eq!(
            store
                .outcome("request", a.id)
                .await
                .expect("get")
                .and_then(|o| o.decision)
                .as_deref(),
            Some("Replace the lamps with LED in 2026.")
        );
        assert!(
            store
                .outcome("request", b.id)
                .await
                .expect("none")
                .is_none()
        );
        let public = store
            .public_request_outcomes(city.id, 50)
            .await
            .expect("public");
        assert_eq!(public.len(), 1);
        assert_eq!(public[0].service_name, "Streetlights");
        // Hidden: out of the public list, kept.
        store
            .set_request_hidden(
                &by("editor", 40),
                a.id,
                true,
                Some("Personal data in the text"),
            )
            .await
            .expect("hide");
        assert!(
            store
                .public_request_outcomes(city.id, 50)
                .await
                .expect("public")
                .is_empty()
        );
        store
            .set_request_hidden(&by("editor", 41), a.id, false, None)
            .await
            .expect("show");

        // Retention: none set, then 12 months, audited.
        assert_eq!(store.retention_months(city.id).await.expect("r"), None);
        store
            .set_retention_months(&by("admin", 50), city.id, 12)
            .await
            .expect("set");
        store
            .set_retention_months(&by("admin", 51), city.id, 6)
            .await
            .expect("change");
        assert_eq!(store.retention_months(city.id).await.expect("r"), Some(6));

        // Only closed requests with contact details closed before the cut-off.
        let c = store
            .create_service_request(
                &by("resident", 12),
                &request(city.id, service.id, "c", Some("c@example.org")),
            )
            .await
            .expect("c");
        store
            .set_request_status(&by("editor", 100), a.id, "closed", None)
            .await
            .expect("close a");
        store
            .set_request_status(&by("editor", 100), b.id, "closed", None)
            .await
            .expect("close b");
        store
            .set_request_status(&by("editor", 300), c.id, "closed", None)
            .await
            .expect("close c");
        assert_eq!(
            store
                .expired_personal_data(city.id, 200)
                .await
                .expect("count"),
            PurgeCounts {
                request_contacts: 1
            }
        );
        let before = audit_count(store.as_ref()).await;
        let purged = store
            .purge_personal_data(&by("retention", 500), city.id, 200)
            .await
            .expect("purge");
        assert_eq!(purged.request_contacts, 1);
        assert_eq!(audit_count(store.as_ref()).await, before + 1);
        assert!(store.request_contact(a.id).await.expect("a").is_none());
        assert!(store.request_contact(c.id).await.expect("c").is_some());
        assert!(
            store.service_request(a.id).await.expect("kept").is_some(),
            "the request stays"
        );
        // Nothing left to delete: no audit line.
        let again = store
            .purge_personal_data(&by("retention", 501), city.id, 200)
            .await
            .expect("again");
        assert_eq!(again.request_contacts, 0);
        assert_eq!(audit_count(store.as_ref()).await, before + 1);

        // Erasing a request removes its outcome.
        store
            .erase_service_request(&by("resident", 600), a.id)
            .await
            .expect("erase");
        assert!(
            store
                .outcome("request", a.id)
                .await
                .expect("gone")
                .is_none()
        );
        assert!(
            store
                .public_request_outcomes(city.id, 50)
                .await
                .expect("public")
                .is_empty()
        );
    })
    .await;
}
