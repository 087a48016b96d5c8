//! Digital-divide storage: survey files kept whole and private, their declared
//! design, publication, district boundaries and inclusion actions.

use super::{by, new_city};
use civitas_store::*;
use civitas_store_tests::on_every_backend;

#[tokio::test]
async fn survey_files_designs_boundaries_and_inclusion_actions() {
    on_every_backend(|store| async move {
        let city = store
            .create_city(&by("t", 1), &new_city("div"))
            .await
            .expect("city");
        let bytes = "w,internet\n1.5,yes\n2,no\n".as_bytes().to_vec();
        let new = NewSurveyDataset {
            city_id: city.id,
            name: "Household ICT survey 2025".into(),
            year: 2025,
            file_name: "ict-2025.csv".into(),
            sha256: "abc".into(),
            rows: 2,
            columns: vec!["w".into(), "internet".into()],
            bytes: bytes.clone(),
        };
        let created = store
            .create_survey_dataset(&by("t", 2), &new)
            .await
            .expect("dataset");
        assert_eq!(created.columns, vec!["w", "internet"]);
        assert!(matches!(
            store.create_survey_dataset(&by("t", 3), &new).await,
            Err(StoreError::Conflict("name"))
        ));
        assert_eq!(
            store.survey_file(created.id).await.expect("file"),
            Some(bytes)
        );
        let declared = store
            .set_survey_design(&by("t", 4), created.id, "{\"weight\":\"w\"}", "{}")
            .await
            .expect("design");
        assert_eq!(declared.design.as_deref(), Some("{\"weight\":\"w\"}"));
        let published = store
            .set_survey_published(&by("t", 5), created.id, true)
            .await
            .expect("publish");
        assert!(published.published);
        assert_eq!(store.survey_datasets(city.id).await.expect("list").len(), 1);

        store
            .save_boundaries(
                &by("t", 6),
                city.id,
                "{\"type\":\"FeatureCollection\",\"features\":[]}",
                Some("name"),
            )
            .await
            .expect("boundaries");
        store
            .save_boundaries(
                &by("t", 7),
                city.id,
                "{\"type\":\"FeatureCollection\"}",
                None,
            )
            .await
            .expect("replace");
        let boundaries = store
            .boundaries(city.id)
            .await
            .expect("read")
            .expect("some");
        assert_eq!(boundaries.name_property, None);
        assert_eq!(boundaries.uploaded_at, 7);

        let fields = InclusionActionFields {
            gap: "internet-use/age_group/65+".into(),
            title: "Digital helpers in libraries".into(),
            description: String::new(),
            owner: "Libraries".into(),
            budget: None,
            currency: None,
            delivery: "community-network".into(),
            finance_model: "Municipal grant".into(),
            start_date: "2026-03-01".into(),
            end_date: "2027-02-28".into(),
            indicator: "internet-use".into(),
            target: Some(80.0),
            status: "planned".into(),
        };
        let action = store
            .create_inclusion_action(&by("t", 8), city.id, &fields)
            .await
            .expect("action");
        let changed = InclusionActionFields {
            budget: Some(40_000.0),
            currency: Some("EUR".into()),
            ..fields
        };
        let updated = store
            .update_inclusion_action(&by("t", 9), action.id, &changed)
            .await
            .expect("update");
        assert_eq!(updated.fields.budget, Some(40_000.0));
        assert_eq!(
            store.inclusion_actions(city.id).await.expect("list").len(),
            1
        );
        store
            .delete_inclusion_action(&by("t", 10), action.id)
            .await
            .expect("delete");
        store
            .delete_survey_dataset(&by("t", 11), created.id)
            .await
            .expect("delete dataset");
        assert!(store.survey_file(created.id).await.expect("read").is_none());
    })
    .await;
}
