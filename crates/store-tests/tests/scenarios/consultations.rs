//! Consultation storage: drafts with options, status changes, ballots with
//! choices, demographics apart (linked by a random key only, erasable on
//! their own), comments with moderation, changes, erasure, tallies, the
//! population profile; audit lines without demographics or comment text.

use super::{audit_count, by, new_city};
use civitas_store::*;
use civitas_store_tests::on_every_backend;

fn ballot(
    consultation_id: i64,
    receipt: &str,
    choices: &[(i64, i64)],
    demographics: Demographics,
) -> NewBallot {
    NewBallot {
        consultation_id,
        channel: "web".into(),
        choices: choices
            .iter()
            .map(|(option_id, rank)| BallotChoice {
                option_id: *option_id,
                rank: *rank,
            })
            .collect(),
        receipt_hash: receipt.into(),
        device_hash: Some(format!("device-{receipt}")),
        recorded_by: None,
        demographics,
        demographics_key: format!("key-{receipt}"),
        comment: None,
    }
}

#[tokio::test]
async fn consultations_ballots_demographics_apart_comments_and_profile() {
    on_every_backend(|store| async move {
        let city = store
            .create_city(&by("t", 1), &new_city("cons"))
            .await
            .expect("city");
        let district = store
            .add_district(
                &by("t", 1),
                &NewDistrict {
                    city_id: city.id,
                    name: "Harbour".into(),
                    population: Some(1000),
                    area_km2: None,
                },
            )
            .await
            .expect("district");
        let mut new = NewConsultation {
            city_id: city.id,
            question: "What first?".into(),
            description: "Rank them".into(),
            mode: "rank".into(),
            opens_at: 100,
            closes_at: 10_000,
            options: vec![
                NewOption {
                    label: "Wi-Fi".into(),
                    description: "In libraries".into(),
                },
                NewOption {
                    label: "Skills".into(),
                    description: String::new(),
                },
            ],
        };
        let before = audit_count(store.as_ref()).await;
        let draft = store
            .create_consultation(&by("editor", 10), &new)
            .await
            .expect("draft");
        assert_eq!(
            (draft.status.as_str(), draft.mode.as_str()),
            ("draft", "rank")
        );
        assert_eq!(audit_count(store.as_ref()).await, before + 1);
        new.options.push(NewOption {
            label: "Open data".into(),
            description: String::new(),
        });
        new.question = "What should we do first?".into();
        let edited = store
            .update_consultation(&by("editor", 11), draft.id, &new)
            .await
            .expect("edit");
        assert_eq!(edited.question, "What should we do first?");
        let options = store.consultation_options(draft.id).await.expect("options");
        assert_eq!(
            options.iter().map(|o| o.label.as_str()).collect::<Vec<_>>(),
            ["Wi-Fi", "Skills", "Open data"]
        );
        assert_eq!(options[0].description, "In libraries");
        let open = store
            .set_consultation_status(&by("admin", 12), draft.id, "open")
            .await
            .expect("publish");
        assert_eq!(open.status, "open");
        assert_eq!(store.consultations(city.id).await.expect("list").len(), 1);
        let (a, b, c) = (options[0].id, options[1].id, options[2].id);

        // A ballot with demographics and a comment; one without either.
        let mut first = ballot(
            open.id,
            "r1",
            &[(b, 1), (a, 2)],
            Demographics {
                age_band: Some("65-74".into()),
                gender: Some("woman".into()),
                district_id: Some(district.id),
                disability: Some("yes".into()),
            },
        );
        first.comment = Some(NewComment {
            kind: "proposal".into(),
            body: "Courses at the Harbour library".into(),
        });
        let first = store
            .create_ballot(&by("resident", 200), &first)
            .await
            .expect("ballot");
        assert_eq!(first.demographics_key.as_deref(), Some("key-r1"));
        let second = store
            .create_ballot(
                &by("resident", 201),
                &ballot(open.id, "r2", &[(c, 1)], Demographics::default()),
            )
            .await
            .expect("second");
        assert_eq!(
            second.demographics_key, None,
            "nothing stored when nothing given"
        );
        assert!(matches!(
            store
                .create_ballot(
                    &by("resident", 202),
                    &ballot(open.id, "r1", &[(a, 1)], Demographics::default())
                )
                .await,
            Err(StoreError::Conflict(_))
        ));
        assert_eq!(
            store
                .ballot_by_receipt("r1")
                .await
                .expect("by receipt")
                .map(|b| b.id),
            Some(first.id)
        );
        assert_eq!(
            store
                .ballot_by_device(open.id, "device-r2")
                .await
                .expect("by device")
                .map(|b| b.id),
            Some(second.id)
        );
        assert_eq!(
            store.ballot_choices(first.id).await.expect("choices"),
            vec![
                BallotChoice {
                    option_id: b,
                    rank: 1
                },
                BallotChoice {
                    option_id: a,
                    rank: 2
                }
            ]
        );
        let given = store
            .demographics("key-r1")
            .await
            .expect("demographics")
            .expect("stored apart");
        assert_eq!(given.district_id, Some(district.id));
        // The audit log names neither the demographics nor the comment.
        let log = store
            .audit_log(&AuditFilter {
                limit: 20,
                ..Default::default()
            })
            .await
            .expect("log");
        let written = format!("{log:?}");
        assert!(
            !written.contains("65-74") && !written.contains("Harbour library"),
            "{written}"
        );

        // Tallies join each ballot with its demographics.
        let tallies = store.ballot_tallies(open.id).await.expect("tallies");
        assert_eq!(tallies.len(), 2);
        assert_eq!(tallies[0].choices.len(), 2);
        assert_eq!(
            tallies[0]
                .demographics
                .as_ref()
                .and_then(|d| d.gender.clone()),
            Some("woman".into())
        );
        assert_eq!(tallies[1].demographics, None);

        // Comments: moderation keeps the text and the reason.
        let comments = store
            .consultation_comments(open.id)
            .await
            .expect("comments");
        assert_eq!(comments.len(), 1);
        let hidden = store
            .set_comment_hidden(&by("editor", 300), comments[0].id, true, Some("Off topic"))
            .await
            .expect("hide");
        assert!(hidden.hidden && hidden.hidden_reason.as_deref() == Some("Off topic"));
        assert_eq!(
            store
                .ballot_comment(first.id)
                .await
                .expect("comment")
                .map(|c| c.hidden),
            Some(true)
        );

        // A change replaces choices and demographics (a new key) and keeps
        // the comment hidden.
        let changed = store
            .update_ballot(
                &by("resident", 400),
                first.id,
                &[BallotChoice {
                    option_id: c,
                    rank: 1,
                }],
                &Demographics {
                    age_band: Some("75-plus".into()),
                    ..Demographics::default()
                },
                "key-r1b",
                Some(&NewComment {
                    kind: "comment".into(),
                    body: "Shorter text".into(),
                }),
            )
            .await
            .expect("change");
        assert_eq!(changed.demographics_key.as_deref(), Some("key-r1b"));
        assert_eq!(store.demographics("key-r1").await.expect("old"), None);
        let comment = store
            .ballot_comment(first.id)
            .await
            .expect("comment")
            .expect("kept");
        assert_eq!(comment.body, "Shorter text");
        assert!(comment.hidden, "a change does not undo moderation");

        // Demographics erased on their own: the answer still counts.
        store
            .erase_ballot_demographics(&by("resident", 500), first.id)
            .await
            .expect("erase demographics");
        assert_eq!(store.demographics("key-r1b").await.expect("gone"), None);
        let tallies = store.ballot_tallies(open.id).await.expect("tallies");
        assert_eq!(tallies.len(), 2);
        assert!(tallies.iter().all(|t| t.demographics.is_none()));

        // Erasing the ballot removes its choices and comment.
        store
            .erase_ballot(&by("resident", 600), first.id)
            .await
            .expect("erase");
        assert_eq!(store.ballot_by_receipt("r1").await.expect("gone"), None);
        assert!(
            store
                .consultation_comments(open.id)
                .await
                .expect("comments")
                .is_empty()
        );
        assert_eq!(store.ballot_tallies(open.id).await.expect("t").len(), 1);

        // Many at once (paper forms, the demo), one audit line.
        let before = audit_count(store.as_ref()).await;
        let batch: Vec<NewBallot> = (0..20)
            .map(|i| {
                let mut b = ballot(
                    open.id,
                    &format!("batch-{i}"),
                    &[(a, 1), (b, 2), (c, 3)],
                    Demographics {
                        disability: Some("no".into()),
                        ..Demographics::default()
                    },
                );
                b.channel = "paper".into();
                b.device_hash = None;
                b
            })
            .collect();
        assert_eq!(
            store
                .import_ballots(&by("demo", 700), open.id, &batch)
                .await
                .expect("import"),
            20
        );
        assert_eq!(audit_count(store.as_ref()).await, before + 1);
        let tallies = store.ballot_tallies(open.id).await.expect("t");
        assert_eq!(tallies.iter().filter(|t| t.channel == "paper").count(), 20);

        // The population profile is replaced whole, floats both ways.
        let shares = vec![
            ("age_band".to_string(), "18-29".to_string(), 16.5),
            ("gender".to_string(), "woman".to_string(), 51.0),
        ];
        store
            .set_population_profile(&by("admin", 800), city.id, &shares, "census 2021")
            .await
            .expect("profile");
        store
            .set_population_profile(&by("admin", 801), city.id, &shares[..1], "census 2022")
            .await
            .expect("again");
        let profile = store.population_profile(city.id).await.expect("profile");
        assert_eq!(profile.len(), 1);
        assert_eq!(profile[0].share_percent, 16.5);
        assert_eq!(profile[0].source, "census 2022");

        let closed = store
            .set_consultation_status(&by("admin", 900), open.id, "closed")
            .await
            .expect("close");
        assert_eq!(closed.status, "closed");

        // Retention: closed at 900, so its demographics expire for a cut-off
        // after that; the sweep deletes them and keeps the answers.
        assert_eq!(
            store
                .expired_consultation_demographics(city.id, 900)
                .await
                .expect("count"),
            0
        );
        assert_eq!(
            store
                .expired_consultation_demographics(city.id, 901)
                .await
                .expect("count"),
            20
        );
        let before = audit_count(store.as_ref()).await;
        assert_eq!(
            store
                .purge_consultation_demographics(&by("sweep", 1000), city.id, 901)
                .await
                .expect("purge"),
            20
        );
        assert_eq!(audit_count(store.as_ref()).await, before + 1);
        let tallies = store.ballot_tallies(open.id).await.expect("t");
        assert_eq!(tallies.len(), 21);
        assert!(tallies.iter().all(|t| t.demographics.is_none()));
        assert_eq!(
            store
                .purge_consultation_demographics(&by("sweep", 1001), city.id, 901)
                .await
                .expect("again"),
            0
        );
        assert_eq!(
            audit_count(store.as_ref()).await,
            before + 1,
            "nothing to say"
        );
    })
    .await;
}
