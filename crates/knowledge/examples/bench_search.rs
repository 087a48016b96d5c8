//! Knowledge-base search benchmark: load + index build time and query latency (p50/p99) for the
//! shipped content and for a synthetic corpus, with a naive substring scan as the baseline a
//! simple implementation would use.
//!
//! ```text
//! CARGO_TARGET_DIR=/work/target-kb-release cargo run --release -p civitas-knowledge \
//!     --example bench_search -- [--entries 100000] [--queries 2000]
//! ```
//!
//! The synthetic corpus is made of TOML files generated in memory from the shipped content's own
//! words (so word frequencies are realistic), in English and French, with valid links, topics,
//! pillars and SDGs; it goes through the same loader and validator as real content.

use std::error::Error;
use std::time::{Duration, Instant};

use civitas_knowledge::{
    ContentFile, EntryKind, KnowledgeBase, Language, SearchIndex, SearchRequest,
};

/// Queries of the relevance tests, in the four shipped languages.
const QUERIES: &[(Language, &str)] = &[
    (Language::En, "open data"),
    (Language::En, "digital twin"),
    (Language::En, "vendor lock-in"),
    (Language::En, "gender gap"),
    (Language::En, "Y.4904 maturity levels"),
    (Language::En, "water leaks"),
    (Language::En, "participatory budgeting"),
    (Language::En, "city data platform standards"),
    (Language::Fr, "données ouvertes"),
    (Language::Fr, "jumeau numérique"),
    (Language::Fr, "enfermement propriétaire"),
    (Language::Fr, "écart entre femmes et hommes"),
    (Language::Fr, "inondation urgence"),
    (Language::Es, "datos abiertos"),
    (Language::Es, "gestión de emergencias"),
    (Language::Es, "agua"),
    (Language::Ar, "البيانات المفتوحة"),
    (Language::Ar, "المياه"),
    (Language::Ar, "إدارة الطوارئ"),
    (Language::Ar, "المشتريات العامة"),
];

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let entries = flag(&args, "--entries").unwrap_or(100_000);
    let queries = flag(&args, "--queries").unwrap_or(2_000);

    println!("## Shipped content");
    let shipped_files: Vec<(String, Vec<u8>)> = civitas_knowledge::shipped_files()
        .map(|f| (f.path.to_string(), f.bytes.to_vec()))
        .collect();
    run(&shipped_files, queries, false)?;

    println!();
    println!("## Synthetic corpus ({entries} entries, en + fr)");
    let shipped = KnowledgeBase::shipped()?;
    let started = Instant::now();
    let files = synthetic(&shipped, &shipped_files, entries);
    println!(
        "generate TOML: {:.2} s ({:.1} MB)",
        started.elapsed().as_secs_f64(),
        files.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6
    );
    run(&files, queries, true)?;
    Ok(())
}

fn flag(args: &[String], name: &str) -> Option<usize> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
}

fn run(files: &[(String, Vec<u8>)], queries: usize, baseline: bool) -> Result<(), Box<dyn Error>> {
    let started = Instant::now();
    let kb =
        KnowledgeBase::from_files(files.iter().map(|(p, b)| ContentFile { path: p, bytes: b }))?;
    let load = started.elapsed();
    let n_entries = kb.entries().len();

    // Index build: median of several builds for the small corpus, one for the large one.
    let builds = if n_entries < 1_000 { 21 } else { 1 };
    let mut build_times = Vec::new();
    let mut index = None;
    for _ in 0..builds {
        let kb = kb.clone();
        let started = Instant::now();
        let built = SearchIndex::new(kb);
        build_times.push(started.elapsed());
        index = Some(built);
    }
    let Some(index) = index else {
        return Err("no index built".into());
    };
    build_times.sort();
    println!(
        "entries: {n_entries}; documents (entry × language): {}; terms: {}",
        index.document_count(),
        index.term_count()
    );
    println!("load + validate: {:.1} ms", ms(load));
    println!(
        "index build: {:.1} ms (median of {builds})",
        ms(build_times[build_times.len() / 2])
    );
    if let Some(rss) = peak_rss_mb() {
        println!("peak RSS so far: {rss:.0} MB");
    }

    let mut latencies = Vec::with_capacity(queries);
    let mut total_hits = 0usize;
    for i in 0..queries {
        let (language, query) = QUERIES[i % QUERIES.len()];
        let request = SearchRequest::new(query).language(language).limit(10);
        let started = Instant::now();
        let results = index.search(&request)?;
        latencies.push(started.elapsed());
        total_hits += results.hits.len();
    }
    report("search (top 10, highlighted)", &mut latencies);
    println!(
        "mean hits per query: {:.1}",
        total_hits as f64 / queries as f64
    );

    if baseline {
        // What a simple implementation does: lower-case substring match over every text.
        let lowered: Vec<String> = index
            .kb()
            .entries()
            .iter()
            .map(|e| {
                e.texts
                    .values()
                    .map(|t| format!("{} {} {}", t.title, t.summary, t.body))
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            })
            .collect();
        let mut latencies = Vec::new();
        for i in 0..queries.min(200) {
            let (_, query) = QUERIES[i % QUERIES.len()];
            let needle = query.to_lowercase();
            let started = Instant::now();
            let matches = lowered.iter().filter(|t| t.contains(&needle)).count();
            latencies.push(started.elapsed());
            std::hint::black_box(matches);
        }
        report(
            "baseline: lower-case substring scan, no ranking",
            &mut latencies,
        );
    }
    Ok(())
}

fn report(name: &str, latencies: &mut [Duration]) {
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "{name}: {} queries, p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        latencies.len(),
        ms(pct(0.50)),
        ms(pct(0.99)),
        ms(pct(1.0))
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// A deterministic pseudo-random sequence (xorshift64*), enough for shuffling test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// `entries` synthetic entry files plus the shipped taxonomy and framework.
fn synthetic(
    kb: &KnowledgeBase,
    shipped: &[(String, Vec<u8>)],
    entries: usize,
) -> Vec<(String, Vec<u8>)> {
    let words = |language: Language| -> Vec<String> {
        kb.entries()
            .iter()
            .filter_map(|e| e.texts.get(&language))
            .flat_map(|t| {
                format!("{} {} {}", t.title, t.summary, t.body)
                    .split_whitespace()
                    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let english = words(Language::En);
    let french = words(Language::Fr);
    let topics: Vec<&str> = kb.taxonomy().topics.iter().map(|t| t.id.as_str()).collect();
    let elements: Vec<&str> = kb
        .framework()
        .pillars
        .iter()
        .flat_map(|p| p.elements.iter().map(|e| e.id.as_str()))
        .collect();

    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let sentence = |rng: &mut Rng, vocabulary: &[String], n: usize| -> String {
        (0..n)
            .map(|_| rng.pick(vocabulary).as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    // A fifth challenges, two fifths solutions, two fifths resources.
    let kinds = [
        EntryKind::Challenge,
        EntryKind::Solution,
        EntryKind::Solution,
        EntryKind::Resource,
        EntryKind::Resource,
    ];
    let id = |i: usize| format!("synthetic-{i:06}");
    let of_kind = |kind: EntryKind| -> Vec<usize> {
        (0..entries)
            .filter(|i| kinds[i % kinds.len()] == kind)
            .collect()
    };
    let solutions = of_kind(EntryKind::Solution);
    let resources = of_kind(EntryKind::Resource);

    let mut files: Vec<(String, Vec<u8>)> = shipped
        .iter()
        .filter(|(p, _)| !p.contains('/'))
        .cloned()
        .collect();
    for i in 0..entries {
        let kind = kinds[i % kinds.len()];
        let mut toml = format!("id = \"{}\"\nkind = \"{}\"\n", id(i), kind);
        if kind == EntryKind::Resource {
            toml.push_str("resource_type = \"publication\"\n");
        }
        toml.push_str(&format!(
            "topics = [\"{}\"]\nelements = [\"{}\"]\nsdgs = [{}]\n",
            rng.pick(&topics),
            rng.pick(&elements),
            1 + rng.below(17)
        ));
        let targets = match kind {
            EntryKind::Challenge => &solutions,
            EntryKind::Solution => &resources,
            EntryKind::Resource => &resources,
        };
        if kind != EntryKind::Resource {
            let links: Vec<String> = (0..2)
                .map(|_| format!("\"{}\"", id(*rng.pick(targets))))
                .collect();
            toml.push_str(&format!("links = [{}]\n", links.join(", ")));
        }
        toml.push_str("provenance = { sources = [{ title = \"synthetic\" }], inferred = true }\n");
        for (code, vocabulary) in [("en", &english), ("fr", &french)] {
            let lengths = [6 + rng.below(6), 20 + rng.below(15), 80 + rng.below(80)];
            let title = sentence(&mut rng, vocabulary, lengths[0]);
            let summary = sentence(&mut rng, vocabulary, lengths[1]);
            let body = sentence(&mut rng, vocabulary, lengths[2]);
            toml.push_str(&format!(
                "[{code}]\ntitle = {title:?}\nsummary = {summary:?}\nbody = {body:?}\n"
            ));
        }
        files.push((format!("{}/{}.toml", kind, id(i)), toml.into_bytes()));
    }
    files
}
