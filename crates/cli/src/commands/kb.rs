//! `civitas kb`: search and check the toolkit knowledge base, offline.
//!
//! ```text
//! civitas kb search QUERY [--lang L] [--kind challenge|solution|resource] [--topic T]
//!     [--pillar P] [--sdg N] [--limit N] [--format text|json] [--content DIR]
//! civitas kb check [--content DIR]
//! ```
//!
//! Without `--content` the content compiled into the binary is used; with it, the folder's
//! `taxonomy.toml`, `pillars.toml` and `challenge/`, `solution/`, `resource/` files replace it
//! (a platform admin's edits or a national hub's own content). `--lang` is the reader's
//! language: the query is stemmed for it and results are shown in it, or in English marked
//! `[fallback: en]` where the entry has no text in that language.
//!
//! Text output wraps matched words in `[` `]`; JSON output is
//! `{"query","language","total","hits":[{"id","kind","score","language","fallback","title",
//! "summary","snippet","topics","pillars","sdgs"}]}` where `title`, `summary` and `snippet` are
//! `{"segments":[{"text","mark"}],"elided_start","elided_end"}`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use civitas_knowledge::{
    ContentFile, EntryKind, Highlighted, KnowledgeBase, Language, SearchIndex, SearchRequest,
    SearchResults,
};
use serde::Serialize;

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Full-text search in any language, with filters and highlighted matches
    Search(SearchArgs),
    /// Load and validate the content; list every problem with its file and field
    Check(CheckArgs),
}

#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// Words to search for (empty lists every entry that passes the filters)
    query: String,
    /// Reader's language (ISO 639-1: en, fr, es, ar, …)
    #[arg(long = "lang", default_value = "en", value_name = "L")]
    language: String,
    /// Only entries of this kind
    #[arg(long, value_name = "KIND", value_parser = ["challenge", "solution", "resource"])]
    kind: Option<String>,
    /// Only entries with this topic id (e.g. water, digital-inclusion)
    #[arg(long, value_name = "T")]
    topic: Option<String>,
    /// Only entries under this pillar id (e.g. financing-funding)
    #[arg(long, value_name = "P")]
    pillar: Option<String>,
    /// Only entries tagged with this Sustainable Development Goal (1–17)
    #[arg(long, value_name = "N")]
    sdg: Option<u8>,
    /// Maximum number of results
    #[arg(long, default_value_t = 10, value_name = "N")]
    limit: usize,
    /// Output format
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
    /// Content folder to use instead of the content compiled into the binary
    #[arg(long, value_name = "DIR")]
    content: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Content folder to check instead of the content compiled into the binary
    #[arg(long, value_name = "DIR")]
    content: Option<PathBuf>,
}

pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Search(args) => search(args),
        Command::Check(args) => check(args),
    }
}

fn search(args: SearchArgs) -> anyhow::Result<()> {
    let language: Language = args.language.parse().context("--lang")?;
    let index = SearchIndex::new(load(args.content.as_deref())?);
    let mut request = SearchRequest::new(args.query.clone())
        .language(language)
        .limit(args.limit);
    if let Some(kind) = &args.kind {
        request = request.kind(kind.parse::<EntryKind>().map_err(|e| anyhow!(e))?);
    }
    if let Some(topic) = args.topic {
        request = request.topic(topic);
    }
    if let Some(pillar) = args.pillar {
        request = request.pillar(pillar);
    }
    if let Some(sdg) = args.sdg {
        request = request.sdg(sdg);
    }
    let results = index.search(&request)?;
    let mut out = std::io::stdout().lock();
    if args.format == "json" {
        #[derive(Serialize)]
        struct Output<'a> {
            query: &'a str,
            language: Language,
            #[serde(flatten)]
            results: &'a SearchResults,
        }
        let output = Output {
            query: &args.query,
            language,
            results: &results,
        };
        serde_json::to_writer_pretty(&mut out, &output)?;
        writeln!(out)?;
    } else {
        write_text(&mut out, &args.query, language, &results)?;
    }
    Ok(())
}

fn write_text(
    out: &mut impl Write,
    query: &str,
    language: Language,
    results: &SearchResults,
) -> anyhow::Result<()> {
    writeln!(
        out,
        "{} of {} result{} for \"{query}\" ({language})",
        results.hits.len(),
        results.total,
        if results.total == 1 { "" } else { "s" }
    )?;
    for (rank, hit) in results.hits.iter().enumerate() {
        let fallback = if hit.fallback {
            format!("  [fallback: {}]", hit.language)
        } else {
            String::new()
        };
        writeln!(out)?;
        writeln!(
            out,
            "{}. {} ({}, score {:.2}){fallback}",
            rank + 1,
            hit.id,
            hit.kind,
            hit.score
        )?;
        writeln!(out, "   {}", marked(&hit.title))?;
        writeln!(out, "   {}", marked(&hit.summary))?;
        if let Some(snippet) = &hit.snippet {
            writeln!(out, "   {}", marked(snippet))?;
        }
    }
    Ok(())
}

fn marked(text: &Highlighted) -> String {
    text.marked("[", "]")
}

fn check(args: CheckArgs) -> anyhow::Result<()> {
    let kb = load(args.content.as_deref())?;
    let framework = kb.framework();
    println!(
        "ok: {} challenges, {} solutions, {} resources; {} pillars with {} elements; {} maturity levels; {} topics",
        kb.count(EntryKind::Challenge),
        kb.count(EntryKind::Solution),
        kb.count(EntryKind::Resource),
        framework.pillars.len(),
        framework
            .pillars
            .iter()
            .map(|p| p.elements.len())
            .sum::<usize>(),
        framework.levels.len(),
        kb.taxonomy().topics.len()
    );
    Ok(())
}

/// The shipped content, or the content of `dir` read from disk.
fn load(dir: Option<&Path>) -> anyhow::Result<KnowledgeBase> {
    let Some(dir) = dir else {
        return Ok(KnowledgeBase::shipped()?);
    };
    if !dir.is_dir() {
        bail!("{}: not a folder", dir.display());
    }
    let mut files = Vec::new();
    read_tree(dir, dir, &mut files)?;
    KnowledgeBase::from_files(
        files
            .iter()
            .map(|(path, bytes)| ContentFile { path, bytes }),
    )
    .with_context(|| format!("{}", dir.display()))
}

/// Every `.toml` file below `dir`, with its path relative to `root` (using `/`).
fn read_tree(root: &Path, dir: &Path, files: &mut Vec<(String, Vec<u8>)>) -> anyhow::Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("{}", dir.display()))?;
    for entry in entries {
        let path = entry.with_context(|| format!("{}", dir.display()))?.path();
        if path.is_dir() {
            read_tree(root, &path, files)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            let bytes = std::fs::read(&path).with_context(|| format!("{}", path.display()))?;
            let relative = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.push((relative, bytes));
        }
    }
    Ok(())
}
