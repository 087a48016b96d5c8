//! Checks on the shipped content and on search, through the public API only.

use civitas_knowledge::{EntryKind, KnowledgeBase, Language};

fn shipped() -> KnowledgeBase {
    match KnowledgeBase::shipped() {
        Ok(kb) => kb,
        Err(errors) => panic!("{errors}"),
    }
}

mod content {
    use super::*;

    #[test]
    fn ships_at_least_sixty_entries_of_every_kind() {
        let kb = shipped();
        assert!(kb.entries().len() >= 60, "{} entries", kb.entries().len());
        for kind in EntryKind::ALL {
            assert!(kb.count(kind) >= 15, "only {} {kind}s", kb.count(kind));
        }
    }

    #[test]
    fn every_entry_has_english_and_french_text() {
        let kb = shipped();
        for entry in kb.entries() {
            for lang in [Language::En, Language::Fr] {
                let text = entry.texts.get(&lang);
                assert!(
                    text.is_some_and(|t| !t.title.is_empty()
                        && !t.summary.is_empty()
                        && !t.body.is_empty()),
                    "{} lacks {lang}",
                    entry.file
                );
            }
        }
    }

    #[test]
    fn links_resolve_in_the_challenge_solution_resource_direction() {
        let kb = shipped();
        for entry in kb.entries() {
            for target in kb.links(entry) {
                assert_eq!(
                    target.kind,
                    entry.kind.links_to(),
                    "{} → {}",
                    entry.id,
                    target.id
                );
            }
            assert_eq!(kb.links(entry).len(), entry.links.len(), "{}", entry.file);
        }
        // Every solution answers at least one challenge and every resource is used somewhere,
        // so nothing in the guide is unreachable from a challenge.
        for entry in kb.entries() {
            if entry.kind != EntryKind::Challenge {
                assert!(
                    !kb.linked_from(entry).is_empty(),
                    "{} is an orphan",
                    entry.file
                );
            }
        }
    }

    #[test]
    fn every_entry_cites_a_source_and_every_pillar_has_entries() {
        let kb = shipped();
        for entry in kb.entries() {
            assert!(!entry.provenance.sources.is_empty(), "{}", entry.file);
        }
        for pillar in &kb.framework().pillars {
            assert!(
                kb.entries().iter().any(|e| e.pillars.contains(&pillar.id)),
                "no entry for pillar {}",
                pillar.id
            );
        }
        for topic in &kb.taxonomy().topics {
            assert!(
                kb.entries().iter().any(|e| e.topics.contains(&topic.id)),
                "no entry for topic {}",
                topic.id
            );
        }
    }

    #[test]
    fn framework_has_five_pillars_and_the_six_step_maturity_scale() {
        let kb = shipped();
        let framework = kb.framework();
        let pillars: Vec<&str> = framework.pillars.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            pillars,
            [
                "vision-strategy",
                "organizational-transformation",
                "digital-infrastructure-iot",
                "multi-level-governance",
                "financing-funding"
            ]
        );
        let levels: Vec<(&str, u8)> = framework
            .levels
            .iter()
            .map(|l| (l.id.as_str(), l.rank))
            .collect();
        assert_eq!(
            levels,
            [
                ("pre-maturity", 0),
                ("planning", 1),
                ("alignment", 2),
                ("development", 3),
                ("integration", 4),
                ("optimisation", 5)
            ]
        );
        for pillar in &framework.pillars {
            assert!(pillar.elements.len() >= 5, "{}", pillar.id);
            // The elements are our inference: the provenance must say so.
            assert!(pillar.elements.iter().all(|e| e.provenance.inferred));
        }
    }
}
