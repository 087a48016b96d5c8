//! The knowledge base in the product: public search and entries, a platform
//! admin's edits checked against the whole content before anything is
//! stored, the index rebuilt after a save, revert to the shipped file.

use civitas_service::knowledge::{EntryKind, KnowledgeQuery, Language};
use civitas_service::{Civitas, FixedClock, ServiceError, Visitor};
use civitas_store::KnowledgeStore;
use civitas_store_tests::{backends, fresh};
use std::sync::Arc;

const PASSWORD: &str = "a long passphrase";
const ENTRY: &str = "accessible-digital-services";

async fn visitor(civitas: &Civitas, email: &str, platform_admin: bool) -> Visitor {
    civitas
        .add_user_as_operator(email, email, PASSWORD, platform_admin)
        .await
        .expect("user");
    let signed_in = civitas
        .sign_in(email, PASSWORD, "10.0.0.1")
        .await
        .expect("sign in");
    civitas
        .session_actor(&signed_in.session_token)
        .await
        .expect("visitor")
}

fn query(text: &str, language: Language) -> KnowledgeQuery {
    KnowledgeQuery {
        text: text.into(),
        language,
        page: 1,
        per_page: 10,
        ..Default::default()
    }
}

async fn finds(civitas: &Civitas, text: &str, id: &str) -> bool {
    civitas
        .search_knowledge(&query(text, Language::En))
        .await
        .expect("search")
        .hits
        .iter()
        .any(|h| h.id == id)
}

#[tokio::test]
async fn anyone_searches_filters_pages_and_reads_an_entry() {
    let db = fresh(civitas_store::Backend::Sqlite).await;
    let civitas = Civitas::new(db.store.clone(), Arc::new(FixedClock::at(1_700_000_000)));

    let french = civitas
        .search_knowledge(&query("données ouvertes", Language::Fr))
        .await
        .expect("search");
    assert!(french.total > 0);
    assert_eq!(french.hits[0].language, Language::Fr);
    assert!(french.hits[0].title.marks().count() + french.hits[0].summary.marks().count() > 0);

    // Spanish has no entry text: English is shown and marked as a fallback.
    let spanish = civitas
        .search_knowledge(&query("datos abiertos", Language::Es))
        .await
        .expect("search");
    assert!(
        spanish
            .hits
            .iter()
            .all(|h| h.fallback && h.language == Language::En)
    );

    // Filters alone browse; unknown values are reported, not fatal.
    let mut by_pillar = query("", Language::En);
    by_pillar.pillars = vec!["financing-funding".into(), "no-such-pillar".into()];
    by_pillar.kinds = vec![EntryKind::Solution];
    let listed = civitas.search_knowledge(&by_pillar).await.expect("browse");
    assert!(listed.total > 0);
    assert_eq!(listed.ignored, ["pillar=no-such-pillar"]);
    assert!(listed.hits.iter().all(
        |h| h.kind == EntryKind::Solution && h.pillars.iter().any(|p| p == "financing-funding")
    ));

    // Pages do not overlap and cover the total.
    let mut everything = query("", Language::En);
    everything.per_page = 25;
    let first = civitas.search_knowledge(&everything).await.expect("p1");
    everything.page = first.pages;
    let last = civitas.search_knowledge(&everything).await.expect("last");
    assert_eq!(
        (first.pages - 1) * 25 + last.hits.len(),
        first.total,
        "the last page holds the rest"
    );
    assert_ne!(first.hits[0].id, last.hits[0].id);

    let view = civitas
        .knowledge_entry(ENTRY, Language::Fr)
        .await
        .expect("entry");
    assert_eq!((view.language, view.fallback), (Language::Fr, false));
    assert!(view.shipped && view.edited_at.is_none());
    assert!(view.links.iter().all(|l| l.kind == EntryKind::Resource));
    assert!(
        view.linked_from
            .iter()
            .all(|l| l.kind == EntryKind::Challenge)
    );
    assert!(
        !view.linked_from.is_empty(),
        "a solution answers a challenge"
    );
    assert!(matches!(
        civitas.knowledge_entry("no-such-entry", Language::En).await,
        Err(ServiceError::NotFound)
    ));

    let catalogue = civitas
        .knowledge_catalogue(Language::Fr)
        .await
        .expect("catalogue");
    assert_eq!(catalogue.pillars.len(), 5);
    assert!(catalogue.topics.iter().all(|t| t.count > 0));

    let suggested = civitas
        .suggest_knowledge(
            vec!["di-dpi-building-blocks".into(), "nonsense".into()],
            vec!["affordability".into()],
            Language::En,
            10,
        )
        .await
        .expect("suggest");
    assert!(!suggested.suggestions.is_empty());
    assert_eq!(suggested.unknown_elements, ["nonsense"]);
    db.drop_database().await;
}

#[tokio::test]
async fn an_admin_edit_is_checked_searchable_audited_and_revertible() {
    for backend in backends() {
        let db = fresh(backend).await;
        let civitas = Civitas::new(db.store.clone(), Arc::new(FixedClock::at(1_700_000_000)));
        let admin = visitor(&civitas, "root@hub.org", true).await;
        let city_admin = visitor(&civitas, "ana@city.org", false).await;

        let source = civitas
            .knowledge_source(&admin, ENTRY)
            .await
            .expect("source");
        assert_eq!(source.path, "solution/accessible-digital-services.toml");
        assert_eq!(Some(&source.toml), source.shipped_toml.as_ref());
        assert!(source.edit.is_none() && source.history.is_empty());

        // Only platform admins edit, and nobody reads the source otherwise.
        let edited = source.toml.replace(
            "title = \"Make city digital services accessible",
            "title = \"Zanzibarian kerb-cut services: make city digital services accessible",
        );
        assert_ne!(edited, source.toml);
        for who in [&city_admin, &Visitor::anonymous()] {
            assert!(matches!(
                civitas.save_knowledge_entry(who, ENTRY, &edited).await,
                Err(ServiceError::Denied(_))
            ));
            assert!(matches!(
                civitas.knowledge_source(who, ENTRY).await,
                Err(ServiceError::Denied(_))
            ));
        }
        assert!(!finds(&civitas, "zanzibarian", ENTRY).await);

        // A bad edit is refused with its file and field, and nothing is stored.
        let broken = source
            .toml
            .replace(
                "topics = [\"digital-inclusion\"]",
                "topics = [\"digital-inclusoin\"]",
            )
            .replace(
                "links = [\"wcag-22-accessibility\"",
                "links = [\"no-such-resource\"",
            );
        match civitas.save_knowledge_entry(&admin, ENTRY, &broken).await {
            Err(ServiceError::BadFile(problems)) => {
                let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
                assert!(
                    text.iter().any(|m| m.starts_with(
                        "solution/accessible-digital-services.toml: field `topics[0]`: unknown topic `digital-inclusoin`"
                    )),
                    "{text:?}"
                );
                assert!(
                    text.iter()
                        .any(|m| m.contains("field `links[0]`: `no-such-resource` is not the id")),
                    "{text:?}"
                );
            }
            other => panic!("expected BadFile, got {other:?}"),
        }
        match civitas
            .save_knowledge_entry(
                &admin,
                ENTRY,
                "id = \"accessible-digital-services\"\nkind = ",
            )
            .await
        {
            Err(ServiceError::BadFile(problems)) => {
                assert!(
                    problems[0].message.starts_with("not valid TOML"),
                    "{problems:?}"
                )
            }
            other => panic!("expected BadFile, got {other:?}"),
        }
        assert!(db.store.knowledge_edits().await.expect("edits").is_empty());

        // A preview checks without storing.
        let preview = civitas
            .preview_knowledge_entry(&admin, ENTRY, &edited)
            .await
            .expect("preview");
        assert!(
            preview.texts[&Language::En]
                .title
                .starts_with("Zanzibarian")
        );
        assert!(db.store.knowledge_edits().await.expect("edits").is_empty());

        let saved = civitas
            .save_knowledge_entry(&admin, ENTRY, &edited)
            .await
            .expect("save");
        assert!(saved.changed && !saved.created);
        assert!(
            finds(&civitas, "zanzibarian", ENTRY).await,
            "the index was rebuilt"
        );
        let view = civitas
            .knowledge_entry(ENTRY, Language::En)
            .await
            .expect("entry");
        assert_eq!(view.edited_by.as_deref(), Some("root@hub.org"));
        let again = civitas
            .save_knowledge_entry(&admin, ENTRY, &edited)
            .await
            .expect("same");
        assert!(!again.changed, "the same text changes nothing");

        // A new entry, linked from nothing, found by search; then reverted away.
        let added = source
            .toml
            .replace(
                "id = \"accessible-digital-services\"",
                "id = \"quokka-service-desk\"",
            )
            .replace(
                "title = \"Make city digital services accessible",
                "title = \"Quokka service desk: make city digital services accessible",
            );
        let created = civitas
            .save_knowledge_entry(&admin, "quokka-service-desk", &added)
            .await
            .expect("add");
        assert!(created.created);
        assert_eq!(created.path, "solution/quokka-service-desk.toml");
        assert!(finds(&civitas, "quokka", "quokka-service-desk").await);

        let edits = civitas.knowledge_edits(&admin).await.expect("edits");
        assert_eq!(edits.edits.len(), 2);
        assert!(edits.edits.iter().all(|e| e.problems.is_empty()));
        assert!(
            edits
                .edits
                .iter()
                .any(|e| e.edit.entry_id == ENTRY && e.shipped)
        );
        assert!(
            edits
                .edits
                .iter()
                .any(|e| e.edit.entry_id == "quokka-service-desk" && !e.shipped)
        );

        civitas
            .revert_knowledge_entry(&admin, "quokka-service-desk")
            .await
            .expect("remove added");
        assert!(!finds(&civitas, "quokka", "quokka-service-desk").await);

        civitas
            .revert_knowledge_entry(&admin, ENTRY)
            .await
            .expect("revert");
        assert!(!finds(&civitas, "zanzibarian", ENTRY).await);
        let source = civitas
            .knowledge_source(&admin, ENTRY)
            .await
            .expect("source");
        assert_eq!(Some(&source.toml), source.shipped_toml.as_ref());
        let actions: Vec<&str> = source.history.iter().map(|c| c.action.as_str()).collect();
        assert_eq!(actions, ["revert", "edit"]);
        assert_eq!(source.history[1].new_toml.as_deref(), Some(edited.as_str()));
        assert!(matches!(
            civitas.revert_knowledge_entry(&admin, ENTRY).await,
            Err(ServiceError::NotFound)
        ));
        db.drop_database().await;
    }
}

#[tokio::test]
async fn a_stored_edit_that_no_longer_loads_is_skipped_not_fatal() {
    let db = fresh(civitas_store::Backend::Sqlite).await;
    let change = civitas_store::Change {
        actor_user_id: None,
        actor_label: "older release".into(),
        at: 1,
    };
    // As if saved by an older release whose taxonomy had this topic.
    let shipped = civitas_knowledge_text(ENTRY);
    let stale = shipped.replace("topics = [\"digital-inclusion\"]", "topics = [\"retired\"]");
    db.store
        .save_knowledge_edit(
            &change,
            "solution/accessible-digital-services.toml",
            ENTRY,
            &stale,
        )
        .await
        .expect("store");
    let civitas = Civitas::new(db.store.clone(), Arc::new(FixedClock::at(1_700_000_000)));
    let admin = visitor(&civitas, "root@hub.org", true).await;
    let view = civitas
        .knowledge_entry(ENTRY, Language::En)
        .await
        .expect("the shipped entry is shown");
    assert!(view.edited_at.is_none());
    let edits = civitas.knowledge_edits(&admin).await.expect("edits");
    assert_eq!(edits.edits.len(), 1);
    assert!(edits.edits[0].problems[0].contains("unknown topic `retired`"));
    // Reverting clears it.
    civitas
        .revert_knowledge_entry(&admin, ENTRY)
        .await
        .expect("revert");
    assert!(db.store.knowledge_edits().await.expect("edits").is_empty());
    db.drop_database().await;
}

fn civitas_knowledge_text(id: &str) -> String {
    let path = format!("solution/{id}.toml");
    civitas_knowledge::shipped_files()
        .find(|f| f.path == path)
        .map(|f| String::from_utf8_lossy(f.bytes).into_owned())
        .expect("shipped file")
}
