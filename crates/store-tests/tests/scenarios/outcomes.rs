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

fn proposal_ballot(consultation_id: i64, option_id: i64, receipt: &str) -> NewBallot {
    NewBallot {
        consultation_id,
        channel: "web".into(),
        choices: vec![BallotChoice { option_id, rank: 1 }],
        receipt_hash: receipt.into(),
        device_hash: None,
        recorded_by: None,
        demographics: Demographics::default(),
        demographics_key: format!("key-{receipt}"),
        comment: Some(NewComment {
            kind: "proposal".into(),
            body: format!("Proposal {receipt}"),
        }),
    }
}

fn outcome_of(city_id: i64, kind: &str, input_id: i64, status: &str) -> OutcomeUpdate {
    OutcomeUpdate {
        city_id,
        input_kind: kind.into(),
        input_id,
        status: status.into(),
        roadmap_action_id: None,
        decision: Some("Decided".into()),
        note: None,
    }
}

#[tokio::test]
async fn consultation_and_proposal_outcomes_public_hidden_and_erased() {
    on_every_backend(|store| async move {
        let city = store
            .create_city(&by("t", 1), &new_city("said"))
            .await
            .expect("city");
        let new = |question: &str| NewConsultation {
            city_id: city.id,
            question: question.into(),
            description: String::new(),
            mode: "vote".into(),
            opens_at: 100,
            closes_at: 10_000,
            options: vec![NewOption {
                label: "Wi-Fi".into(),
                description: String::new(),
            }],
        };
        let consultation = store
            .create_consultation(&by("editor", 2), &new("What first?"))
            .await
            .expect("consultation");
        store
            .set_consultation_status(&by("editor", 3), consultation.id, "open")
            .await
            .expect("open");
        let draft = store
            .create_consultation(&by("editor", 4), &new("A draft"))
            .await
            .expect("draft");
        let option = store
            .consultation_options(consultation.id)
            .await
            .expect("options")[0]
            .id;
        let a = store
            .create_ballot(
                &by("resident", 5),
                &proposal_ballot(consultation.id, option, "a"),
            )
            .await
            .expect("a");
        let b = store
            .create_ballot(
                &by("resident", 6),
                &proposal_ballot(consultation.id, option, "b"),
            )
            .await
            .expect("b");
        let comment = |ballot: i64| {
            let store = store.clone();
            async move {
                store
                    .ballot_comment(ballot)
                    .await
                    .expect("comment")
                    .expect("a proposal")
                    .id
            }
        };
        let (pa, pb) = (comment(a.id).await, comment(b.id).await);
        for (i, (kind, id)) in [
            ("consultation", consultation.id),
            ("consultation", draft.id),
            ("proposal", pa),
            ("proposal", pb),
        ]
        .into_iter()
        .enumerate()
        {
            store
                .set_outcome(
                    &by("editor", 10 + i as i64),
                    &outcome_of(city.id, kind, id, "planned"),
                )
                .await
                .expect("outcome");
        }
        let public = |store: std::sync::Arc<dyn Store>| async move {
            let mut list: Vec<(String, i64)> = store
                .public_consultation_outcomes(city.id, 50)
                .await
                .expect("public")
                .into_iter()
                .map(|r| (r.outcome.input_kind, r.outcome.input_id))
                .collect();
            list.sort();
            list
        };
        // The draft's outcome is not public.
        assert_eq!(
            public(store.clone()).await,
            [
                ("consultation".to_string(), consultation.id),
                ("proposal".to_string(), pa),
                ("proposal".to_string(), pb),
            ]
        );
        let line = store
            .public_consultation_outcomes(city.id, 50)
            .await
            .expect("public")
            .into_iter()
            .find(|r| r.outcome.input_id == pa && r.outcome.input_kind == "proposal")
            .expect("a");
        assert_eq!(line.question, "What first?");
        assert_eq!(line.proposal.as_deref(), Some("Proposal a"));
        assert_eq!(line.consultation_id, consultation.id);

        // Hidden: kept, not public.
        store
            .set_comment_hidden(&by("editor", 20), pb, true, Some("Off topic"))
            .await
            .expect("hide");
        assert_eq!(public(store.clone()).await.len(), 2);
        assert!(store.outcome("proposal", pb).await.expect("kept").is_some());
        // No longer a proposal: its outcome goes.
        store
            .update_ballot(
                &by("resident", 21),
                a.id,
                &[BallotChoice {
                    option_id: option,
                    rank: 1,
                }],
                &Demographics::default(),
                "key-a2",
                Some(&NewComment {
                    kind: "comment".into(),
                    body: "Just a comment".into(),
                }),
            )
            .await
            .expect("change");
        assert_eq!(store.outcome("proposal", pa).await.expect("read"), None);
        // Erased: its outcome and timeline go.
        let timeline = store
            .outcome("proposal", pb)
            .await
            .expect("read")
            .expect("b's outcome")
            .id;
        store
            .erase_ballot(&by("resident", 22), b.id)
            .await
            .expect("erase");
        assert_eq!(store.outcome("proposal", pb).await.expect("read"), None);
        assert!(
            store
                .outcome_events(timeline)
                .await
                .expect("events")
                .is_empty()
        );
        assert_eq!(
            public(store.clone()).await,
            [("consultation".to_string(), consultation.id)]
        );
    })
    .await;
}
