//! `civitas kb`, run as a user would: the real binary, real arguments, real output.

use std::path::Path;
use std::process::{Command, Output};

fn civitas(args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_civitas"))
        .args(args)
        .output()
    {
        Ok(output) => output,
        Err(e) => panic!("could not run civitas: {e}"),
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json(output: &Output) -> serde_json::Value {
    match serde_json::from_slice(&output.stdout) {
        Ok(v) => v,
        Err(e) => panic!("not JSON ({e}): {}", stdout(output)),
    }
}

#[test]
fn search_prints_ranked_results_with_marked_matches() {
    let out = civitas(&["kb", "search", "digital twin", "--limit", "2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("2 of "), "{text}");
    assert!(
        text.contains("1. ldt4ssc-local-digital-twins (resource"),
        "{text}"
    );
    assert!(
        text.contains("EU Local [Digital] [Twins] toolbox"),
        "{text}"
    );
}

#[test]
fn search_in_french_stems_and_answers_in_french() {
    let out = civitas(&[
        "kb",
        "search",
        "donnees ouvertes",
        "--lang",
        "fr",
        "--limit",
        "3",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let value = json(&out);
    let hits = value["hits"].as_array().cloned().unwrap_or_default();
    assert!(
        hits.iter().any(|h| h["id"] == "ckan-dcat-ap-open-data"),
        "{value}"
    );
    assert!(
        hits.iter()
            .all(|h| h["language"] == "fr" && h["fallback"] == false)
    );
    let marks: Vec<&str> = hits[0]["title"]["segments"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|s| s["mark"] == true)
        .filter_map(|s| s["text"].as_str())
        .collect();
    assert!(!marks.is_empty(), "{}", hits[0]["title"]);
}

#[test]
fn spanish_and_arabic_fall_back_to_english_and_say_so() {
    for (query, lang) in [("agua", "es"), ("المياه", "ar")] {
        let out = civitas(&[
            "kb", "search", query, "--lang", lang, "--limit", "2", "--format", "json",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let value = json(&out);
        assert_eq!(
            value["hits"][0]["id"], "water-losses-unmonitored",
            "{value}"
        );
        assert_eq!(value["hits"][0]["fallback"], true);
        assert_eq!(value["hits"][0]["language"], "en");

        let text = civitas(&["kb", "search", query, "--lang", lang, "--limit", "1"]);
        assert!(
            stdout(&text).contains("[fallback: en]"),
            "{}",
            stdout(&text)
        );
    }
}

#[test]
fn filters_narrow_the_results() {
    let out = civitas(&[
        "kb", "search", "", "--topic", "water", "--kind", "solution", "--sdg", "6", "--format",
        "json", "--limit", "50",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let value = json(&out);
    let hits = value["hits"].as_array().cloned().unwrap_or_default();
    assert!(!hits.is_empty());
    for hit in &hits {
        assert_eq!(hit["kind"], "solution");
        assert!(
            hit["topics"]
                .as_array()
                .is_some_and(|t| t.iter().any(|t| t == "water"))
        );
        assert!(
            hit["sdgs"]
                .as_array()
                .is_some_and(|s| s.iter().any(|s| s == 6))
        );
    }
    let pillar = civitas(&[
        "kb",
        "search",
        "budget",
        "--pillar",
        "financing-funding",
        "--format",
        "json",
    ]);
    assert!(pillar.status.success(), "{}", stderr(&pillar));
}

#[test]
fn bad_arguments_exit_2_with_a_clear_message() {
    let out = civitas(&["kb", "search", "water", "--topic", "watr"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown topic `watr`"),
        "{}",
        stderr(&out)
    );

    let out = civitas(&["kb", "search", "water", "--lang", "xx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown language `xx`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_reports_the_shipped_content() {
    let out = civitas(&["kb", "check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("ok: "), "{}", stdout(&out));
    assert!(stdout(&out).contains("5 pillars"), "{}", stdout(&out));
}

/// Writes a small valid content folder: the shipped taxonomy and framework plus one chain.
fn write_content(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../knowledge/content");
    for file in [
        "taxonomy.toml",
        "pillars.toml",
        "challenge/vendor-lock-in.toml",
        "solution/open-standards-and-contract-exit-plan.toml",
        "solution/best-value-bid-evaluation.toml",
    ] {
        let from = root.join(file);
        let to = dir.join(file);
        if let Some(parent) = to.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        if let Err(e) = std::fs::copy(&from, &to) {
            panic!("copy {}: {e}", from.display());
        }
    }
    for (id, kind) in [
        ("eu-ict-procurement-lock-in-study", "publication"),
        ("u4ssc-procurement-guidelines-2023", "publication"),
        ("iso-iec-30182-iso-37106", "standard"),
        ("eu-directive-2014-24-award-criteria", "standard"),
        ("tender-price-scoring-formulas", "publication"),
    ] {
        let body = format!(
            "id = \"{id}\"\nkind = \"resource\"\nresource_type = \"{kind}\"\ntopics = [\"procurement\"]\n\
             provenance = {{ sources = [{{ title = \"Hub\" }}], inferred = false }}\n\
             [en]\ntitle = \"Hub resource {id}\"\nsummary = \"A hub's own text.\"\nbody = \"Replaced by the national hub.\"\n\
             [fr]\ntitle = \"Ressource {id}\"\nsummary = \"Texte du hub.\"\nbody = \"Remplacé par le hub national.\"\n"
        );
        let to = dir.join("resource").join(format!("{id}.toml"));
        if let Some(parent) = to.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        if let Err(e) = std::fs::write(&to, body) {
            panic!("write {}: {e}", to.display());
        }
    }
}

#[test]
fn a_content_folder_replaces_the_shipped_content() {
    let Ok(dir) = tempfile::tempdir() else {
        panic!("tempdir")
    };
    write_content(dir.path());
    let content = dir.path().to_string_lossy().into_owned();
    let out = civitas(&[
        "kb",
        "search",
        "national hub",
        "--content",
        &content,
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let value = json(&out);
    assert_eq!(value["total"], 5, "{value}");

    let check = civitas(&["kb", "check", "--content", &content]);
    assert!(
        stdout(&check).contains("1 challenges, 2 solutions, 5 resources"),
        "{}",
        stdout(&check)
    );
}

#[test]
fn broken_content_is_reported_by_file_and_field() {
    let Ok(dir) = tempfile::tempdir() else {
        panic!("tempdir")
    };
    write_content(dir.path());
    let broken = dir.path().join("solution/best-value-bid-evaluation.toml");
    let text = std::fs::read_to_string(&broken).unwrap_or_default();
    let text = text.replace("\"tender-price-scoring-formulas\"", "\"no-such-resource\"");
    let _ = std::fs::write(&broken, text);
    let content = dir.path().to_string_lossy().into_owned();
    let out = civitas(&["kb", "check", "--content", &content]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("solution/best-value-bid-evaluation.toml: field `links[2]`: `no-such-resource` is not the id of any entry"),
        "{err}"
    );
}
