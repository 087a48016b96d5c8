//! KPI assessment storage: the workflow's guarded status changes, entries with
//! their audit trail, verification notes, evidence files, imports, target sets
//! and framework versions.

use super::{audit_count, by, new_city};
use civitas_store::*;
use civitas_store_tests::on_every_backend;

fn key(kpi: &str, data_point: &str) -> EntryKey {
    EntryKey {
        kpi: kpi.into(),
        data_point: data_point.into(),
    }
}

fn entry(kpi: &str, data_point: &str, numerator: f64) -> KpiEntryRow {
    KpiEntryRow {
        key: key(kpi, data_point),
        numerator: Some(numerator),
        denominator: None,
        value: None,
        source: "Statistics office".into(),
        note: "Zoë's note, with \"quotes\"".into(),
        quality: Some("measured".into()),
        not_reported: false,
        not_reported_reason: String::new(),
        verified: None,
        updated_at: 10,
    }
}

fn new_assessment(city_id: i64, year: i64) -> NewAssessment {
    NewAssessment {
        city_id,
        year,
        framework: "u4ssc-2017@2017.1".into(),
        target_set: "default".into(),
        currency: Some("EUR".into()),
        inputs: vec![CityInputRow {
            input: "population".into(),
            value: None,
            source: "Census".into(),
        }],
        entries: vec![],
    }
}

#[tokio::test]
async fn assessment_workflow_entries_and_audit() {
    on_every_backend(|store| async move {
        let city = store
            .create_city(&by("t", 1), &new_city("kpi"))
            .await
            .expect("city");
        let created = store
            .create_assessment(&by("t", 2), &new_assessment(city.id, 2025))
            .await
            .expect("assessment");
        assert_eq!((created.status.as_str(), created.revision), ("draft", 1));
        assert!(matches!(
            store
                .create_assessment(&by("t", 3), &new_assessment(city.id, 2025))
                .await,
            Err(StoreError::Conflict("year"))
        ));
        assert_eq!(
            store.city_inputs(created.id).await.expect("inputs").len(),
            1
        );

        let before = audit_count(store.as_ref()).await;
        let rows = vec![
            entry("EC: ICT: ICT: 1C", "", 17_000.0),
            entry("EN: EN: AQ: 1C", "PM2.5", 9.5),
        ];
        store
            .save_kpi_entries(&by("editor", 4), created.id, &rows)
            .await
            .expect("save");
        // Saving the same values again changes nothing and writes no audit line.
        store
            .save_kpi_entries(&by("editor", 5), created.id, &rows)
            .await
            .expect("save again");
        assert_eq!(audit_count(store.as_ref()).await, before + 2);
        let stored = store.kpi_entries(created.id).await.expect("entries");
        assert_eq!(stored.len(), 2);
        assert_eq!(stored[1].key.data_point, "PM2.5");
        assert_eq!(stored[0].note, rows[0].note);

        // The guarded status change: only from the stated status.
        let submit = StatusChange {
            from: "draft",
            to: "submitted",
            action: "submit",
            new_revision_reason: None,
        };
        let submitted = store
            .change_assessment_status(&by("editor", 6), created.id, &submit)
            .await
            .expect("submit");
        assert_eq!(submitted.submitted_at, Some(6));
        assert!(matches!(
            store
                .change_assessment_status(&by("editor", 7), created.id, &submit)
                .await,
            Err(StoreError::Conflict("status"))
        ));

        let note = NewVerificationNote {
            assessment_id: created.id,
            key: key("EN: EN: AQ: 1C", "PM2.5"),
            kind: "verified".into(),
            body: "Matches the monitoring network report".into(),
            revision: 1,
        };
        store
            .review_kpi_entry(&by("verifier", 8), Some(true), &note)
            .await
            .expect("review");
        let missing = NewVerificationNote {
            key: key("SC: EH: ED: 1C", ""),
            ..note.clone()
        };
        assert!(matches!(
            store
                .review_kpi_entry(&by("verifier", 8), Some(true), &missing)
                .await,
            Err(StoreError::NotFound(_))
        ));
        let notes = store.verification_notes(created.id).await.expect("notes");
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].author_label, "verifier");
        let stored = store.kpi_entries(created.id).await.expect("entries");
        assert_eq!(stored[1].verified, Some(true));

        let complete = StatusChange {
            from: "submitted",
            to: "verified",
            action: "complete-verification",
            new_revision_reason: None,
        };
        let verified = store
            .change_assessment_status(&by("verifier", 9), created.id, &complete)
            .await
            .expect("verify");
        assert_eq!(verified.verified_at, Some(9));
        let reopen = StatusChange {
            from: "verified",
            to: "draft",
            action: "open-revision",
            new_revision_reason: Some("Census revised the population"),
        };
        let reopened = store
            .change_assessment_status(&by("admin", 10), created.id, &reopen)
            .await
            .expect("reopen");
        assert_eq!(reopened.revision, 2);
        assert_eq!(reopened.verified_at, None);
        assert_eq!(
            reopened.revision_reason.as_deref(),
            Some("Census revised the population")
        );
        let log = store
            .audit_log(&AuditFilter {
                city_id: Some(city.id),
                limit: 100,
                ..Default::default()
            })
            .await
            .expect("audit");
        let actions: Vec<&str> = log.iter().map(|l| l.action.as_str()).collect();
        for expected in [
            "open-revision",
            "complete-verification",
            "verified",
            "submit",
            "create",
        ] {
            assert!(actions.contains(&expected), "{expected} in {actions:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn import_replaces_everything_and_evidence_keeps_its_bytes() {
    on_every_backend(|store| async move {
        let city = store
            .create_city(&by("t", 1), &new_city("imp"))
            .await
            .expect("city");
        let a = store
            .create_assessment(&by("t", 2), &new_assessment(city.id, 2024))
            .await
            .expect("assessment");
        store
            .save_kpi_entries(&by("t", 3), a.id, &[entry("EC: ICT: ICT: 1C", "", 1.0)])
            .await
            .expect("save");
        let inputs = vec![CityInputRow {
            input: "households".into(),
            value: Some(20_000.0),
            source: "Register".into(),
        }];
        let entries = vec![entry("EC: ICT: ICT: 2C", "", 5_000.0)];
        store
            .replace_assessment_data(&by("t", 4), a.id, &inputs, &entries)
            .await
            .expect("import");
        assert_eq!(store.city_inputs(a.id).await.expect("inputs"), inputs);
        let stored = store.kpi_entries(a.id).await.expect("entries");
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].key.kpi, "EC: ICT: ICT: 2C");

        let bytes: Vec<u8> = (0..=255u8).chain([0, 0xff, 0xfe]).collect();
        let file = store
            .add_evidence(
                &by("t", 5),
                &NewEvidence {
                    assessment_id: a.id,
                    key: key("EC: ICT: ICT: 2C", ""),
                    filename: "rapport-opérateur.pdf".into(),
                    content_type: "application/pdf".into(),
                    sha256: "abc".into(),
                    bytes: bytes.clone(),
                },
            )
            .await
            .expect("evidence");
        assert_eq!(file.size, bytes.len() as i64);
        let (meta, back) = store
            .evidence_file(file.id)
            .await
            .expect("read")
            .expect("exists");
        assert_eq!(back, bytes);
        assert_eq!(meta.filename, "rapport-opérateur.pdf");
        store
            .delete_evidence(&by("t", 6), file.id)
            .await
            .expect("delete");
        assert!(store.evidence_file(file.id).await.expect("read").is_none());
    })
    .await;
}

#[tokio::test]
async fn target_sets_and_framework_versions() {
    on_every_backend(|store| async move {
        let city = store
            .create_city(&by("t", 1), &new_city("tgt"))
            .await
            .expect("city");
        let targets = vec![CityTargetRow {
            key: key("EN: EN: AQ: 1C", "PM2.5"),
            value: 10.0,
            source: "City climate plan 2030".into(),
        }];
        let set = store
            .create_target_set(
                &by("t", 2),
                city.id,
                "Plan 2030",
                "u4ssc-2017@2017.1",
                &targets,
            )
            .await
            .expect("set");
        assert!(matches!(
            store
                .create_target_set(&by("t", 3), city.id, "Plan 2030", "u4ssc-2017@2017.1", &[])
                .await,
            Err(StoreError::Conflict("name"))
        ));
        let (row, back) = store
            .target_set(set.id)
            .await
            .expect("read")
            .expect("exists");
        assert_eq!(row.name, "Plan 2030");
        assert_eq!(back, targets);
        assert_eq!(
            store
                .target_sets_of_city(city.id)
                .await
                .expect("list")
                .len(),
            1
        );

        store
            .save_framework(&by("admin", 4), "u4ssc-2017@2017.2", "[framework]")
            .await
            .expect("load");
        assert!(matches!(
            store
                .save_framework(&by("admin", 5), "u4ssc-2017@2017.2", "[other]")
                .await,
            Err(StoreError::Conflict("framework version"))
        ));
        let loaded = store.frameworks().await.expect("frameworks");
        assert_eq!(loaded.len(), 1);
        assert_eq!(loaded[0].toml, "[framework]");
    })
    .await;
}
