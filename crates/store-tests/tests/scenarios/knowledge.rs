//! Knowledge-base edits: stored whole with who and when, replaced by a later
//! save, removed by a revert, and every change audited with its old and new
//! text, which is also the file's history.

use super::{audit_count, by};
use civitas_store::*;
use civitas_store_tests::on_every_backend;

const PATH: &str = "solution/open-data.toml";
const FIRST: &str = "id = \"open-data\"\n# édition « un », with \"quotes\"\n";
const SECOND: &str = "id = \"open-data\"\n# edition two\n";

#[tokio::test]
async fn an_edit_is_saved_replaced_reverted_and_audited() {
    on_every_backend(|store| async move {
        assert!(store.knowledge_edits().await.expect("edits").is_empty());
        assert!(store.knowledge_edit(PATH).await.expect("edit").is_none());

        let saved = store
            .save_knowledge_edit(&by("admin@hub.org", 10), PATH, "open-data", FIRST)
            .await
            .expect("save");
        assert_eq!(
            (
                saved.edited_at,
                saved.edited_by.as_str(),
                saved.toml.as_str()
            ),
            (10, "admin@hub.org", FIRST)
        );
        assert_eq!(
            store.knowledge_edit(PATH).await.expect("edit"),
            Some(saved.clone())
        );

        // Saving the same text again changes nothing and writes no audit line.
        let before = audit_count(store.as_ref()).await;
        let same = store
            .save_knowledge_edit(&by("other@hub.org", 11), PATH, "open-data", FIRST)
            .await
            .expect("same");
        assert_eq!(same, saved);
        assert_eq!(audit_count(store.as_ref()).await, before);

        store
            .save_knowledge_edit(&by("editor@hub.org", 12), PATH, "open-data", SECOND)
            .await
            .expect("replace");
        let edits = store.knowledge_edits().await.expect("edits");
        assert_eq!(edits.len(), 1, "one row per file");
        assert_eq!(
            (edits[0].toml.as_str(), edits[0].edited_by.as_str()),
            (SECOND, "editor@hub.org")
        );

        // A second file cannot claim an id another file already holds.
        let clash = store
            .save_knowledge_edit(&by("t", 13), "challenge/open-data.toml", "open-data", FIRST)
            .await;
        assert!(matches!(clash, Err(StoreError::Conflict(_))), "{clash:?}");

        let removed = store
            .delete_knowledge_edit(&by("admin@hub.org", 14), PATH)
            .await
            .expect("revert");
        assert_eq!(removed.toml, SECOND);
        assert!(store.knowledge_edit(PATH).await.expect("edit").is_none());
        let again = store.delete_knowledge_edit(&by("t", 15), PATH).await;
        assert!(matches!(again, Err(StoreError::NotFound(_))), "{again:?}");

        // The history, newest first: revert, second edit, first edit.
        let history = store
            .knowledge_changes(Some(PATH), 10)
            .await
            .expect("history");
        let summary: Vec<_> = history
            .iter()
            .map(|c| {
                (
                    c.action.as_str(),
                    c.old_toml.as_deref(),
                    c.new_toml.as_deref(),
                    c.at,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("revert", Some(SECOND), None, 14),
                ("edit", Some(FIRST), Some(SECOND), 12),
                ("edit", None, Some(FIRST), 10),
            ]
        );
        assert!(history.iter().all(|c| c.path == PATH));

        // The same lines are in the platform's audit log.
        let log = store
            .audit_log(&AuditFilter {
                limit: 3,
                ..Default::default()
            })
            .await
            .expect("log");
        assert_eq!(log[0].entity, KNOWLEDGE_AUDIT_ENTITY);
        assert_eq!(log[0].entity_id, PATH);
        assert_eq!(
            log[0].old_value.as_ref().and_then(|v| v["toml"].as_str()),
            Some(SECOND)
        );
    })
    .await;
}

#[tokio::test]
async fn changes_of_every_file_and_of_one() {
    on_every_backend(|store| async move {
        for (i, path) in ["challenge/a.toml", "resource/b.toml"].iter().enumerate() {
            let id = path
                .trim_end_matches(".toml")
                .rsplit('/')
                .next()
                .unwrap_or_default();
            store
                .save_knowledge_edit(&by("t", 20 + i as i64), path, id, "x = 1\n")
                .await
                .expect("save");
        }
        let all = store.knowledge_changes(None, 10).await.expect("all");
        assert_eq!(
            all.iter().map(|c| c.path.as_str()).collect::<Vec<_>>(),
            ["resource/b.toml", "challenge/a.toml"]
        );
        let one = store
            .knowledge_changes(Some("challenge/a.toml"), 10)
            .await
            .expect("one");
        assert_eq!(one.len(), 1);
        assert!(
            store
                .knowledge_changes(Some("solution/none.toml"), 10)
                .await
                .expect("none")
                .is_empty()
        );
    })
    .await;
}
