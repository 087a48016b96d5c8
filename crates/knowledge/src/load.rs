//! Building a [`KnowledgeBase`] from content files given as bytes, and checking it: ids unique
//! and matching file names, links resolving in the challenge → solution → resource direction,
//! tags drawn from the taxonomy and the framework, required languages present.
//!
//! The library never touches the file system: the caller (the embedded copy, the CLI's
//! `--content DIR`, or the service reading a hub's folder) hands over `(path, bytes)` pairs.

use std::collections::{BTreeMap, HashMap};

use crate::base::KnowledgeBase;
use crate::entry::{Entry, EntryKind, EntryText, ResourceType};
use crate::error::{ContentError, ContentErrors};
use crate::fields::Fields;
use crate::framework::{Framework, MaturityLevel, Pillar, PillarElement};
use crate::language::Language;
use crate::taxonomy::{GlossaryEntry, Taxonomy, Topic};

/// A content file: its path relative to the content folder (`solution/open-data.toml`,
/// `pillars.toml`) and its bytes.
#[derive(Debug, Clone, Copy)]
pub struct ContentFile<'a> {
    pub path: &'a str,
    pub bytes: &'a [u8],
}

const FRAMEWORK_FILE: &str = "pillars.toml";
const TAXONOMY_FILE: &str = "taxonomy.toml";

pub(crate) fn load<'a>(
    files: impl IntoIterator<Item = ContentFile<'a>>,
) -> Result<KnowledgeBase, ContentErrors> {
    let mut errors = Vec::new();
    let mut framework_table = None;
    let mut taxonomy_table = None;
    let mut entry_tables = Vec::new();

    for file in files {
        let path = file.path.replace('\\', "/");
        let path = path.trim_start_matches("./").to_string();
        // Notes such as README.md may sit beside the content.
        if !path.ends_with(".toml") {
            continue;
        }
        let Ok(text) = std::str::from_utf8(file.bytes) else {
            errors.push(ContentError::NotUtf8 { file: path });
            continue;
        };
        let table = match text.parse::<toml::Table>() {
            Ok(t) => t,
            Err(e) => {
                errors.push(ContentError::Syntax {
                    file: path,
                    message: e.to_string().trim().replace('\n', " "),
                });
                continue;
            }
        };
        match path.split('/').collect::<Vec<_>>().as_slice() {
            [FRAMEWORK_FILE] => framework_table = Some((path, table)),
            [TAXONOMY_FILE] => taxonomy_table = Some((path, table)),
            [folder, name] => match folder.parse::<EntryKind>() {
                Ok(kind) => {
                    let stem = name.trim_end_matches(".toml").to_string();
                    entry_tables.push((path, kind, stem, table));
                }
                Err(_) => errors.push(ContentError::Layout {
                    file: path.clone(),
                    problem: format!(
                        "unexpected folder `{folder}`: entries go in challenge/, solution/ or resource/"
                    ),
                }),
            },
            _ => errors.push(ContentError::Layout {
                file: path.clone(),
                problem: "unexpected file: expected pillars.toml, taxonomy.toml or <kind>/<id>.toml"
                    .to_string(),
            }),
        }
    }

    let taxonomy = match &taxonomy_table {
        Some((path, table)) => parse_taxonomy(path, table, &mut errors),
        None => {
            errors.push(ContentError::Layout {
                file: TAXONOMY_FILE.to_string(),
                problem: "missing: the topic vocabulary and required languages live here"
                    .to_string(),
            });
            None
        }
    };
    let required = taxonomy
        .as_ref()
        .map(|t| t.required_languages.clone())
        .unwrap_or_default();
    let framework = match &framework_table {
        Some((path, table)) => parse_framework(path, table, &required, &mut errors),
        None => {
            errors.push(ContentError::Layout {
                file: FRAMEWORK_FILE.to_string(),
                problem: "missing: the pillars, their elements and the maturity scale live here"
                    .to_string(),
            });
            None
        }
    };

    let mut entries = Vec::with_capacity(entry_tables.len());
    for (path, kind, stem, table) in &entry_tables {
        if let Some(entry) = parse_entry(path, *kind, stem, table, &required, &mut errors) {
            entries.push(entry);
        }
    }

    if let (Some(taxonomy), Some(framework)) = (&taxonomy, &framework) {
        check_references(&mut entries, taxonomy, framework, &mut errors);
    }

    match (taxonomy, framework, errors.is_empty()) {
        (Some(taxonomy), Some(framework), true) => {
            Ok(KnowledgeBase::new(framework, taxonomy, entries))
        }
        _ => {
            errors.sort_by(|a, b| a.file().cmp(b.file()));
            Err(ContentErrors(errors))
        }
    }
}

fn parse_taxonomy(
    file: &str,
    table: &toml::Table,
    errors: &mut Vec<ContentError>,
) -> Option<Taxonomy> {
    let mut fields = Fields::new(file, table);
    let mut required_languages = Vec::new();
    for (i, code) in fields
        .string_list("required_languages", errors)
        .iter()
        .enumerate()
    {
        match code.parse::<Language>() {
            Ok(l) => required_languages.push(l),
            Err(e) => errors.push(fields.error(&format!("required_languages[{i}]"), e.to_string())),
        }
    }
    if required_languages.is_empty() {
        errors.push(fields.error(
            "required_languages",
            "missing or empty: list the languages every entry must have, e.g. [\"en\", \"fr\"]",
        ));
    }
    let mut topics: Vec<Topic> = Vec::new();
    for mut t in fields.tables("topics", errors) {
        let id = t.string("id", errors);
        let labels = t.labels(&required_languages, false, errors);
        if let Some(id) = &id {
            check_slug(&t, "id", id, errors);
            if topics.iter().any(|other| &other.id == id) {
                errors.push(t.error("id", format!("topic `{id}` is listed twice")));
            }
        }
        t.finish(errors);
        if let Some(id) = id {
            topics.push(Topic { id, labels });
        }
    }
    let mut glossary = Vec::new();
    if table.contains_key("glossary") {
        for g in fields.tables("glossary", errors) {
            let mut terms = BTreeMap::new();
            for (key, value) in g.raw() {
                let field = g.path(key);
                let language = key.parse::<Language>().ok().filter(|l| l.code() == key);
                match (language, value.as_str().map(str::trim)) {
                    (Some(language), Some(text)) if !text.is_empty() => {
                        terms.insert(language, text.to_string());
                    }
                    (Some(_), _) => {
                        errors.push(ContentError::field(file, field, "expected non-blank text"))
                    }
                    (None, _) => errors.push(ContentError::field(
                        file,
                        field,
                        "unknown field: a glossary entry holds one term per language code",
                    )),
                }
            }
            if !terms.contains_key(&Language::En) {
                errors.push(g.error("en", "missing: every glossary entry needs the English term"));
            }
            glossary.push(GlossaryEntry { terms });
        }
    }
    fields.finish(errors);
    Some(Taxonomy {
        required_languages,
        topics,
        glossary,
    })
}

fn parse_framework(
    file: &str,
    table: &toml::Table,
    required: &[Language],
    errors: &mut Vec<ContentError>,
) -> Option<Framework> {
    let mut fields = Fields::new(file, table);
    let id = fields.string("id", errors);
    let version = fields.string("version", errors);
    let provenance = fields.provenance(errors);
    let labels = fields.labels(required, true, errors);

    let mut levels: Vec<MaturityLevel> = Vec::new();
    for mut l in fields.tables("levels", errors) {
        let id = l.string("id", errors);
        let rank = l
            .integer("rank", errors)
            .and_then(|r| match u8::try_from(r) {
                Ok(r) => Some(r),
                Err(_) => {
                    errors.push(l.error("rank", format!("{r} is out of range: expected 0–255")));
                    None
                }
            });
        let provenance = l.provenance(errors);
        let labels = l.labels(required, true, errors);
        if let Some(rank) = rank
            && levels.iter().any(|other| other.rank == rank)
        {
            errors.push(l.error("rank", format!("rank {rank} is used by two levels")));
        }
        if let Some(id) = &id {
            check_slug(&l, "id", id, errors);
        }
        l.finish(errors);
        if let (Some(id), Some(rank), Some(provenance)) = (id, rank, provenance) {
            levels.push(MaturityLevel {
                id,
                rank,
                labels,
                provenance,
            });
        }
    }
    levels.sort_by_key(|l| l.rank);

    let mut pillars: Vec<Pillar> = Vec::new();
    let mut element_ids: Vec<String> = Vec::new();
    for mut p in fields.tables("pillars", errors) {
        let id = p.string("id", errors);
        let provenance = p.provenance(errors);
        let labels = p.labels(required, true, errors);
        let mut elements = Vec::new();
        for mut e in p.tables("elements", errors) {
            let eid = e.string("id", errors);
            let provenance = e.provenance(errors);
            let labels = e.labels(required, true, errors);
            let kpis = e.string_list("kpis", errors);
            if let Some(eid) = &eid {
                check_slug(&e, "id", eid, errors);
                if element_ids.contains(eid) {
                    errors.push(e.error("id", format!("element `{eid}` is listed twice")));
                }
                element_ids.push(eid.clone());
            }
            e.finish(errors);
            if let (Some(id), Some(provenance)) = (eid, provenance) {
                elements.push(PillarElement {
                    id,
                    labels,
                    provenance,
                    kpis,
                });
            }
        }
        if let Some(id) = &id {
            check_slug(&p, "id", id, errors);
            if pillars.iter().any(|other| &other.id == id) {
                errors.push(p.error("id", format!("pillar `{id}` is listed twice")));
            }
        }
        p.finish(errors);
        if let (Some(id), Some(provenance)) = (id, provenance) {
            pillars.push(Pillar {
                id,
                labels,
                provenance,
                elements,
            });
        }
    }
    fields.finish(errors);
    Some(Framework {
        id: id?,
        version: version?,
        labels,
        provenance: provenance?,
        levels,
        pillars,
    })
}

fn parse_entry(
    file: &str,
    folder_kind: EntryKind,
    stem: &str,
    table: &toml::Table,
    required: &[Language],
    errors: &mut Vec<ContentError>,
) -> Option<Entry> {
    let mut fields = Fields::new(file, table);

    let id = fields.string("id", errors);
    if let Some(id) = &id {
        check_slug(&fields, "id", id, errors);
        if id != stem {
            errors.push(fields.error(
                "id",
                format!("`{id}` differs from the file name `{stem}.toml`: they must match"),
            ));
        }
    }
    let kind = fields
        .string("kind", errors)
        .and_then(|k| match k.parse::<EntryKind>() {
            Ok(kind) if kind == folder_kind => Some(kind),
            Ok(kind) => {
                errors.push(fields.error(
                    "kind",
                    format!("`{kind}` but the file is in the {folder_kind}/ folder"),
                ));
                None
            }
            Err(e) => {
                errors.push(fields.error("kind", e));
                None
            }
        });
    let resource_type = match fields.optional_string("resource_type", errors) {
        Some(t) if folder_kind == EntryKind::Resource => match t.parse::<ResourceType>() {
            Ok(t) => Some(t),
            Err(e) => {
                errors.push(fields.error("resource_type", e));
                None
            }
        },
        Some(_) => {
            errors.push(fields.error("resource_type", "only resources have a resource type"));
            None
        }
        None => {
            if folder_kind == EntryKind::Resource {
                errors.push(fields.error(
                    "resource_type",
                    "missing: expected standard, publication, case-study or tool",
                ));
            }
            None
        }
    };
    let topics = fields.string_list("topics", errors);
    let pillars = fields.string_list("pillars", errors);
    let elements = fields.string_list("elements", errors);
    let mut sdgs = Vec::new();
    for (i, n) in fields.integer_list("sdgs", errors).into_iter().enumerate() {
        match u8::try_from(n) {
            Ok(goal @ 1..=17) => sdgs.push(goal),
            _ => errors.push(fields.error(
                &format!("sdgs[{i}]"),
                format!("{n} is not a Sustainable Development Goal: expected 1–17"),
            )),
        }
    }
    let tags = fields.string_list("tags", errors);
    let kpis = fields.string_list("kpis", errors);
    let links = fields.string_list("links", errors);
    let provenance = fields.provenance(errors);

    let mut texts = BTreeMap::new();
    for (language, mut t) in fields.language_tables(errors) {
        let title = t.string("title", errors);
        let summary = t.string("summary", errors);
        let body = t.string("body", errors);
        t.finish(errors);
        if let (Some(title), Some(summary), Some(body)) = (title, summary, body) {
            texts.insert(
                language,
                EntryText {
                    title,
                    summary,
                    body,
                },
            );
        }
    }
    for language in required {
        if !table.contains_key(language.code()) {
            errors.push(fields.error(
                language.code(),
                format!(
                    "missing: every entry needs [{}] with title, summary and body",
                    language.code()
                ),
            ));
        }
    }
    if topics.is_empty() && pillars.is_empty() && elements.is_empty() {
        errors.push(fields.error(
            "topics",
            "an entry needs at least one topic, pillar or element, or no filter can find it",
        ));
    }
    if let Some(kind) = kind
        && kind != EntryKind::Resource
        && links.is_empty()
    {
        errors.push(fields.error(
            "links",
            format!(
                "missing: a {kind} must link to at least one {}",
                kind.links_to()
            ),
        ));
    }
    fields.finish(errors);

    // Keep a partly broken entry as long as it has an id and a kind, so that the cross-file
    // checks still run on it (and other files' links to it do not all turn into noise).
    // The load fails anyway because `errors` is not empty.
    Some(Entry {
        id: id?,
        kind: kind?,
        resource_type,
        topics,
        pillars,
        elements,
        sdgs,
        tags,
        kpis,
        links,
        provenance: provenance.unwrap_or(crate::entry::Provenance {
            sources: Vec::new(),
            inferred: false,
            note: None,
        }),
        texts,
        file: file.to_string(),
    })
}

/// Cross-file checks: unique ids, links, topics, pillars and elements that exist.
fn check_references(
    entries: &mut [Entry],
    taxonomy: &Taxonomy,
    framework: &Framework,
    errors: &mut Vec<ContentError>,
) {
    let mut by_id: HashMap<&str, (&str, EntryKind)> = HashMap::new();
    for entry in entries.iter() {
        if let Some((first_file, _)) = by_id.get(entry.id.as_str()) {
            errors.push(ContentError::DuplicateId {
                file: entry.file.clone(),
                id: entry.id.clone(),
                first_file: first_file.to_string(),
            });
        } else {
            by_id.insert(&entry.id, (&entry.file, entry.kind));
        }
    }
    let mut derived_pillars = Vec::with_capacity(entries.len());
    for entry in entries.iter() {
        let file = entry.file.as_str();
        for (i, target) in entry.links.iter().enumerate() {
            let field = format!("links[{i}]");
            match by_id.get(target.as_str()) {
                None => errors.push(ContentError::BrokenLink {
                    file: file.to_string(),
                    field,
                    target: target.clone(),
                }),
                Some((_, target_kind)) if *target_kind != entry.kind.links_to() => {
                    errors.push(ContentError::field(
                        file,
                        field,
                        format!(
                            "`{target}` is a {target_kind}; a {} links to {}s",
                            entry.kind,
                            entry.kind.links_to()
                        ),
                    ))
                }
                Some(_) if target == &entry.id => errors.push(ContentError::field(
                    file,
                    field,
                    "an entry cannot link to itself",
                )),
                Some(_) => {}
            }
        }
        for (i, topic) in entry.topics.iter().enumerate() {
            if taxonomy.topic(topic).is_none() {
                errors.push(ContentError::field(
                    file,
                    format!("topics[{i}]"),
                    format!(
                        "unknown topic `{topic}`: expected one of {} (taxonomy.toml)",
                        taxonomy
                            .topics
                            .iter()
                            .map(|t| t.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        for (i, pillar) in entry.pillars.iter().enumerate() {
            if framework.pillar(pillar).is_none() {
                errors.push(ContentError::field(
                    file,
                    format!("pillars[{i}]"),
                    format!(
                        "unknown pillar `{pillar}`: expected one of {} (pillars.toml)",
                        framework
                            .pillars
                            .iter()
                            .map(|p| p.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        let mut pillars = entry.pillars.clone();
        for (i, element) in entry.elements.iter().enumerate() {
            match framework.element(element) {
                Some((pillar, _)) => {
                    if !pillars.contains(&pillar.id) {
                        pillars.push(pillar.id.clone());
                    }
                }
                None => errors.push(ContentError::field(
                    file,
                    format!("elements[{i}]"),
                    format!("unknown pillar element `{element}` (pillars.toml)"),
                )),
            }
        }
        derived_pillars.push(pillars);
    }
    // An entry that helps with an element belongs to that element's pillar too.
    for (entry, pillars) in entries.iter_mut().zip(derived_pillars) {
        entry.pillars = pillars;
    }
}

fn check_slug(fields: &Fields<'_>, key: &str, value: &str, errors: &mut Vec<ContentError>) {
    let ok = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !value.starts_with('-')
        && !value.ends_with('-');
    if !ok {
        errors.push(fields.error(
            key,
            format!("`{value}` is not a valid id: use lower-case letters, digits and hyphens"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAXONOMY: &str = r#"
required_languages = ["en", "fr"]
[[topics]]
id = "water"
en.name = "Water"
fr.name = "Eau"
"#;

    const FRAMEWORK: &str = r#"
id = "test"
version = "1"
provenance = { sources = [{ title = "Test" }], inferred = true }
en = { name = "Test", description = "Test framework" }
fr = { name = "Test", description = "Cadre de test" }
[[levels]]
id = "planning"
rank = 1
provenance = { sources = [{ title = "Y.4904" }], inferred = false }
en = { name = "Planning", description = "d" }
fr = { name = "Planification", description = "d" }
[[pillars]]
id = "vision-strategy"
provenance = { sources = [{ title = "U4SSC" }], inferred = false }
en = { name = "Vision and Strategy", description = "d" }
fr = { name = "Vision et stratégie", description = "d" }
[[pillars.elements]]
id = "vs-vision"
provenance = { sources = [{ title = "Master plan" }], inferred = true }
en = { name = "Vision", description = "d" }
fr = { name = "Vision", description = "d" }
"#;

    fn entry(id: &str, kind: &str, links: &str) -> String {
        let extra = if kind == "resource" {
            "resource_type = \"standard\"\n"
        } else {
            ""
        };
        format!(
            r#"id = "{id}"
kind = "{kind}"
{extra}topics = ["water"]
elements = ["vs-vision"]
links = [{links}]
provenance = {{ sources = [{{ title = "Src", url = "https://example.org" }}], inferred = false }}
[en]
title = "Title {id}"
summary = "Summary"
body = "Body"
[fr]
title = "Titre {id}"
summary = "Résumé"
body = "Corps"
"#
        )
    }

    fn load_strings(files: &[(&str, String)]) -> Result<KnowledgeBase, ContentErrors> {
        load(files.iter().map(|(p, s)| ContentFile {
            path: p,
            bytes: s.as_bytes(),
        }))
    }

    fn base_files() -> Vec<(&'static str, String)> {
        vec![
            ("taxonomy.toml", TAXONOMY.to_string()),
            ("pillars.toml", FRAMEWORK.to_string()),
            ("challenge/c.toml", entry("c", "challenge", "\"s\"")),
            ("solution/s.toml", entry("s", "solution", "\"r\"")),
            ("resource/r.toml", entry("r", "resource", "")),
        ]
    }

    fn messages(result: Result<KnowledgeBase, ContentErrors>) -> Vec<String> {
        match result {
            Ok(_) => Vec::new(),
            Err(e) => e.0.iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn loads_a_minimal_chain_and_derives_pillars_from_elements() {
        let kb = load_strings(&base_files());
        let Ok(kb) = kb else {
            panic!("{:?}", messages(kb));
        };
        assert_eq!(kb.entries().len(), 3);
        let c = kb.entry("c");
        assert_eq!(
            c.map(|c| c.pillars.clone()),
            Some(vec!["vision-strategy".to_string()])
        );
    }

    #[test]
    fn broken_link_names_file_and_field() {
        let mut files = base_files();
        files[2].1 = entry("c", "challenge", "\"nope\"");
        let msgs = messages(load_strings(&files));
        assert_eq!(
            msgs,
            ["challenge/c.toml: field `links[0]`: `nope` is not the id of any entry"]
        );
    }

    #[test]
    fn link_in_the_wrong_direction_is_refused() {
        let mut files = base_files();
        files[2].1 = entry("c", "challenge", "\"r\"");
        let msgs = messages(load_strings(&files));
        assert_eq!(
            msgs,
            [
                "challenge/c.toml: field `links[0]`: `r` is a resource; a challenge links to solutions"
            ]
        );
    }

    #[test]
    fn missing_french_is_reported_per_file() {
        let mut files = base_files();
        let without_fr = entry("s", "solution", "\"r\"");
        let cut = without_fr.find("[fr]").unwrap_or(without_fr.len());
        files[3].1 = without_fr[..cut].to_string();
        let msgs = messages(load_strings(&files));
        assert_eq!(
            msgs,
            [
                "solution/s.toml: field `fr`: missing: every entry needs [fr] with title, summary and body"
            ]
        );
    }

    #[test]
    fn duplicate_ids_and_id_file_mismatch_are_reported() {
        let mut files = base_files();
        files.push(("resource/r2.toml", entry("r", "resource", "")));
        let msgs = messages(load_strings(&files));
        assert!(msgs.iter().any(|m| m
            == "resource/r2.toml: field `id`: `r` differs from the file name `r2.toml`: they must match"));
        assert!(
            msgs.iter()
                .any(|m| m.contains("`r` is already used by resource/r.toml"))
        );
    }

    #[test]
    fn unknown_field_topic_and_sdg_are_reported() {
        let mut files = base_files();
        files[4].1 = entry("r", "resource", "").replace(
            "topics = [\"water\"]",
            "topics = [\"watr\"]\nsdgs = [18]\ncolour = \"red\"",
        );
        let msgs = messages(load_strings(&files));
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("resource/r.toml: field `topics[0]`: unknown topic `watr`"))
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("field `sdgs[0]`: 18 is not a Sustainable Development Goal"))
        );
        assert!(
            msgs.iter()
                .any(|m| m == "resource/r.toml: field `colour`: unknown field")
        );
    }

    #[test]
    fn bad_toml_and_bad_folder_name_the_file() {
        let mut files = base_files();
        files.push(("resource/broken.toml", "id = ".to_string()));
        files.push(("guides/g.toml", entry("g", "resource", "")));
        let msgs = messages(load_strings(&files));
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("resource/broken.toml: not valid TOML"))
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("guides/g.toml: unexpected folder `guides`"))
        );
    }

    #[test]
    fn missing_framework_file_is_reported() {
        let files: Vec<_> = base_files()
            .into_iter()
            .filter(|(p, _)| *p != "pillars.toml")
            .collect();
        let msgs = messages(load_strings(&files));
        assert!(msgs.iter().any(|m| m.starts_with("pillars.toml: missing")));
    }
}
