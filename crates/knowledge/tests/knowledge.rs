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

mod search {
    use super::*;
    use civitas_knowledge::{
        ContentFile, Reason, SearchError, SearchIndex, SearchRequest, SuggestRequest,
    };
    use std::sync::OnceLock;

    fn index() -> &'static SearchIndex {
        static INDEX: OnceLock<SearchIndex> = OnceLock::new();
        INDEX.get_or_init(|| SearchIndex::new(shipped()))
    }

    fn top(query: &str, language: Language, n: usize) -> Vec<String> {
        let request = SearchRequest::new(query).language(language).limit(n);
        match index().search(&request) {
            Ok(results) => results.hits.into_iter().map(|h| h.id).collect(),
            Err(e) => panic!("{e}"),
        }
    }

    /// Each query must have every expected entry among its first `n` results. Spanish and
    /// Arabic entries have no translated text: those queries reach the English text through
    /// the topic labels and the glossary in taxonomy.toml, and the hits are marked fallback.
    const RELEVANCE: &[(Language, &str, usize, &[&str])] = &[
        (
            Language::En,
            "open data",
            3,
            &["ckan-dcat-ap-open-data", "publish-open-data-catalogue"],
        ),
        (
            Language::En,
            "digital twin",
            2,
            &[
                "ldt4ssc-local-digital-twins",
                "local-digital-twin-for-scenarios",
            ],
        ),
        (
            Language::En,
            "vendor lock-in",
            3,
            &[
                "vendor-lock-in",
                "open-standards-and-contract-exit-plan",
                "eu-ict-procurement-lock-in-study",
            ],
        ),
        (
            Language::En,
            "gender gap",
            3,
            &[
                "monitor-gender-parity-online",
                "itu-gender-digital-divide-facts",
                "gender-digital-gap",
            ],
        ),
        (
            Language::En,
            "Y.4904 maturity levels",
            3,
            &[
                "itu-t-y4904-maturity-model",
                "maturity-levels-as-kpi-thresholds",
            ],
        ),
        (
            Language::En,
            "water leaks",
            3,
            &["water-losses-unmonitored", "water-network-monitoring"],
        ),
        (
            Language::En,
            "participatory budgeting",
            3,
            &["case-pbnyc-participation-funnel"],
        ),
        (
            Language::Fr,
            "données ouvertes",
            3,
            &["ckan-dcat-ap-open-data", "publish-open-data-catalogue"],
        ),
        (
            Language::Fr,
            "jumeau numérique",
            2,
            &[
                "ldt4ssc-local-digital-twins",
                "local-digital-twin-for-scenarios",
            ],
        ),
        (
            Language::Fr,
            "enfermement propriétaire",
            3,
            &["vendor-lock-in", "open-standards-and-contract-exit-plan"],
        ),
        (
            Language::Fr,
            "écart entre femmes et hommes",
            3,
            &["monitor-gender-parity-online", "gender-digital-gap"],
        ),
        (
            Language::Fr,
            "inondation urgence",
            3,
            &[
                "disaster-risk-not-measured",
                "disaster-resilience-monitoring",
            ],
        ),
        (
            Language::Es,
            "datos abiertos",
            3,
            &["ckan-dcat-ap-open-data", "publish-open-data-catalogue"],
        ),
        (
            Language::Es,
            "gestión de emergencias",
            2,
            &[
                "disaster-risk-not-measured",
                "disaster-resilience-monitoring",
            ],
        ),
        (
            Language::Es,
            "agua",
            2,
            &["water-losses-unmonitored", "water-network-monitoring"],
        ),
        (
            Language::Es,
            "gemelo digital",
            2,
            &[
                "ldt4ssc-local-digital-twins",
                "local-digital-twin-for-scenarios",
            ],
        ),
        (
            Language::Ar,
            "البيانات المفتوحة",
            3,
            &["ckan-dcat-ap-open-data", "publish-open-data-catalogue"],
        ),
        (
            Language::Ar,
            "المياه",
            2,
            &["water-losses-unmonitored", "water-network-monitoring"],
        ),
        (
            Language::Ar,
            "إدارة الطوارئ",
            2,
            &[
                "disaster-risk-not-measured",
                "disaster-resilience-monitoring",
            ],
        ),
        (
            Language::Ar,
            "المشتريات العامة",
            3,
            &["u4ssc-procurement-guidelines-2023"],
        ),
    ];

    /// The issue names four case studies a city expects to find; each is a sourced resource
    /// reachable from a solution, and search finds it first by the city's name in both languages.
    #[test]
    fn finds_the_named_case_studies_by_city() {
        let kb = index().kb();
        for (city, id) in [
            ("Dubai", "case-dubai-dubainow-city-services"),
            ("Rotterdam", "case-rotterdam-open-3d-city-data"),
            ("Tampere", "case-tampere-walkable-centre-digital-twin"),
            ("Quito", "case-quito-linq-innovation-lab"),
        ] {
            let entry = kb.entry(id).unwrap_or_else(|| panic!("no case study {id}"));
            assert_eq!(entry.kind, EntryKind::Resource, "{id}");
            assert!(!kb.linked_from(entry).is_empty(), "{id} is an orphan");
            for lang in [Language::En, Language::Fr] {
                assert_eq!(top(city, lang, 1), [id], "{city} in {lang}");
            }
        }
    }

    #[test]
    fn fixed_queries_return_the_expected_entries_first_in_each_language() {
        let mut failures = Vec::new();
        for (language, query, n, expected) in RELEVANCE {
            let got = top(query, *language, *n);
            for id in *expected {
                if !got.iter().any(|g| g == id) {
                    failures.push(format!(
                        "[{language}] {query:?}: {id} not in top {n}: {got:?}"
                    ));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn french_stemming_finds_open_data_with_other_word_forms_and_no_accents() {
        for query in [
            "données ouvertes",
            "donnée ouverte",
            "donnees ouvertes",
            "DONNÉES OUVERTES",
        ] {
            let got = top(query, Language::Fr, 3);
            assert!(
                got.iter().any(|g| g == "ckan-dcat-ap-open-data"),
                "{query}: {got:?}"
            );
        }
    }

    #[test]
    fn english_stemming_matches_plural_and_verb_forms() {
        assert_eq!(
            top("digital twins", Language::En, 2),
            top("digital twin", Language::En, 2)
        );
        let got = top("publishing datasets", Language::En, 5);
        assert!(
            got.iter().any(|g| g == "publish-open-data-catalogue"),
            "{got:?}"
        );
    }

    #[test]
    fn results_are_in_the_reader_language_or_marked_as_english_fallback() {
        let fr = SearchRequest::new("eau").language(Language::Fr).limit(3);
        let Ok(fr) = index().search(&fr) else {
            panic!()
        };
        assert!(
            fr.hits
                .iter()
                .all(|h| h.language == Language::Fr && !h.fallback)
        );

        let es = SearchRequest::new("agua").language(Language::Es).limit(3);
        let Ok(es) = index().search(&es) else {
            panic!()
        };
        assert!(!es.hits.is_empty());
        assert!(
            es.hits
                .iter()
                .all(|h| h.language == Language::En && h.fallback)
        );
    }

    #[test]
    fn matches_are_highlighted_as_segments() {
        let request = SearchRequest::new("digital twin").limit(1);
        let Ok(results) = index().search(&request) else {
            panic!()
        };
        let hit = &results.hits[0];
        let marks: Vec<&str> = hit.title.marks().collect();
        assert_eq!(marks, ["Digital", "Twins"]);
        assert_eq!(
            hit.title.marked("<", ">"),
            "EU Local <Digital> <Twins> toolbox (LDT4SSC)"
        );
        let snippet = hit.snippet.as_ref().map(|s| s.marks().count()).unwrap_or(0);
        assert!(snippet > 0);
        // Segments reassemble the original title exactly: the web layer escapes each one.
        assert_eq!(
            hit.title.plain(),
            "EU Local Digital Twins toolbox (LDT4SSC)"
        );
    }

    #[test]
    fn filters_restrict_by_kind_topic_pillar_and_sdg() {
        let kb = index().kb();
        let check = |request: SearchRequest, ok: &dyn Fn(&civitas_knowledge::Entry) -> bool| {
            let Ok(results) = index().search(&request.limit(200)) else {
                panic!()
            };
            assert!(!results.hits.is_empty());
            for hit in &results.hits {
                let entry = kb.entry(&hit.id);
                assert!(entry.is_some_and(ok), "{} fails the filter", hit.id);
            }
        };
        check(SearchRequest::new("data").kind(EntryKind::Resource), &|e| {
            e.kind == EntryKind::Resource
        });
        check(SearchRequest::new("data").topic("water"), &|e| {
            e.topics.iter().any(|t| t == "water")
        });
        check(SearchRequest::new("").pillar("financing-funding"), &|e| {
            e.pillars.iter().any(|p| p == "financing-funding")
        });
        check(SearchRequest::new("survey").sdg(5), &|e| {
            e.sdgs.contains(&5)
        });
    }

    #[test]
    fn empty_query_lists_everything_that_passes_the_filters() {
        let request = SearchRequest::new("")
            .kind(EntryKind::Challenge)
            .limit(1000);
        let Ok(results) = index().search(&request) else {
            panic!()
        };
        assert_eq!(results.total, index().kb().count(EntryKind::Challenge));
    }

    #[test]
    fn unknown_filter_values_are_errors_naming_the_known_ones() {
        let err = index().search(&SearchRequest::new("x").topic("watr"));
        assert!(
            matches!(&err, Err(SearchError::UnknownTopic { given, known }) if given == "watr" && known.contains("water"))
        );
        let err = index().search(&SearchRequest::new("x").sdg(18));
        assert_eq!(err.err(), Some(SearchError::UnknownSdg { given: 18 }));
    }

    #[test]
    fn spanish_stop_words_do_not_match_english_text() {
        // "de" is a Spanish stop word and must not be looked up as an English word.
        let request = SearchRequest::new("de").language(Language::Es);
        let Ok(results) = index().search(&request.limit(1000)) else {
            panic!()
        };
        assert_eq!(
            results.total,
            index().kb().entries().len(),
            "treated as an empty query"
        );
    }

    #[test]
    fn gaps_and_divide_findings_suggest_entries_with_reasons() {
        let request = SuggestRequest {
            gap_elements: vec!["mg-data-governance".into(), "no-such-element".into()],
            findings: vec!["affordability".into(), "gender".into(), "zzz".into()],
            language: Language::Fr,
            limit: 15,
        };
        let found = index().suggest(&request);
        let ids: Vec<&str> = found.suggestions.iter().map(|s| s.id.as_str()).collect();
        for expected in [
            "data-governance-register",
            "measure-internet-affordability",
            "monitor-gender-parity-online",
        ] {
            assert!(ids.contains(&expected), "{expected} missing from {ids:?}");
        }
        assert_eq!(found.unknown_elements, ["no-such-element"]);
        assert_eq!(found.unmatched_findings, ["zzz"]);
        let governance = found
            .suggestions
            .iter()
            .find(|s| s.id == "data-governance-register");
        assert!(governance.is_some_and(|s| s.reasons.contains(&Reason::Gap {
            element: "mg-data-governance".into()
        }) && s.language == Language::Fr));
        // A suggested challenge passes some of its weight to its solutions.
        assert!(found.suggestions.iter().any(|s| {
            s.reasons
                .iter()
                .any(|r| matches!(r, Reason::LinkedFrom { .. }))
        }));
    }

    #[test]
    fn a_hub_can_replace_content_without_code() {
        // Start from the shipped files, drop every entry but one chain, and translate one to es.
        let keep = [
            "vendor-lock-in",
            "open-standards-and-contract-exit-plan",
            "eu-ict-procurement-lock-in-study",
            "u4ssc-procurement-guidelines-2023",
            "iso-iec-30182-iso-37106",
            "best-value-bid-evaluation",
            "eu-directive-2014-24-award-criteria",
            "tender-price-scoring-formulas",
        ];
        let mut files: Vec<(String, Vec<u8>)> = civitas_knowledge::shipped_files()
            .filter(|f| {
                !f.path.contains('/')
                    || keep.iter().any(|k| f.path.ends_with(&format!("/{k}.toml")))
            })
            .map(|f| (f.path.to_string(), f.bytes.to_vec()))
            .collect();
        for (path, bytes) in &mut files {
            if path == "challenge/vendor-lock-in.toml" {
                bytes.extend_from_slice(
                    "\n[es]\ntitle = \"Dependencia de un solo proveedor\"\nsummary = \"Formatos cerrados.\"\nbody = \"Texto.\"\n".as_bytes(),
                );
            }
        }
        let kb =
            KnowledgeBase::from_files(files.iter().map(|(p, b)| ContentFile { path: p, bytes: b }));
        let Ok(kb) = kb else {
            panic!("{}", kb.err().map(|e| e.to_string()).unwrap_or_default())
        };
        assert_eq!(kb.entries().len(), keep.len());
        let index = SearchIndex::new(kb);
        let request = SearchRequest::new("proveedor").language(Language::Es);
        let Ok(results) = index.search(&request) else {
            panic!()
        };
        assert_eq!(results.hits[0].id, "vendor-lock-in");
        assert!(!results.hits[0].fallback);
        assert_eq!(
            results.hits[0].title.marked("[", "]"),
            "Dependencia de un solo [proveedor]"
        );
    }
}
