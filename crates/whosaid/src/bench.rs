//! `whosaid bench`: end-to-end throughput (model loading included) and peak memory.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Result};
use rayon::prelude::*;
use whosaid_core::Article;

use crate::cli::BenchArgs;
use crate::extract::{analyze_one, load_extractor, load_resolver, pool};
use crate::inputs::{self, Item};

/// Peak resident set size of this process in bytes (Linux `VmHWM`), if known.
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

pub fn run(args: BenchArgs) -> Result<ExitCode> {
    let mut articles: Vec<Article> = Vec::new();
    for item in inputs::items(Vec::new(), vec![args.file.clone()]) {
        match item {
            Item::Article { article, .. } => articles.push(article),
            Item::Error { origin, message } => eprintln!("whosaid: {origin}: {message}"),
        }
    }
    if articles.is_empty() {
        bail!("{}: no articles", args.file.display());
    }
    let rounds = args.min_articles.div_ceil(articles.len()).max(1);
    if args.compare_resolve {
        return compare(&args, &articles, rounds);
    }
    if args.ledger {
        return ledger(&args, articles);
    }
    let start = Instant::now();
    let ex = load_extractor(&args.model)?;
    let resolver = load_resolver(&args.resolve)?;
    let load_s = start.elapsed().as_secs_f64();
    let pool = pool(Some(args.threads))?;
    let (mut n, mut bytes, mut chars, mut found) = (0usize, 0usize, 0usize, 0usize);
    for _ in 0..rounds {
        let counts: Vec<usize> = pool.install(|| {
            articles
                .par_iter()
                .map(|a| analyze_one(&ex, resolver.as_ref(), a, false).0.len())
                .collect()
        });
        found += counts.iter().sum::<usize>();
        n += articles.len();
        bytes += articles.iter().map(|a| a.text.len()).sum::<usize>();
        chars += articles
            .iter()
            .map(|a| a.text.chars().count())
            .sum::<usize>();
    }
    let total_s = start.elapsed().as_secs_f64();
    let peak = peak_rss().unwrap_or(0);
    let fig = serde_json::json!({
        "articles": n,
        "threads": args.threads,
        "seconds": total_s,
        "model_load_seconds": load_s,
        "articles_per_second": n as f64 / total_s,
        "megabytes_per_second": bytes as f64 / 1e6 / total_s,
        "characters_per_second": chars as f64 / total_s,
        "attributions": found,
        "resolution": resolver.is_some(),
        "peak_rss_mib": peak as f64 / (1024.0 * 1024.0),
    });
    if args.json {
        println!("{}", serde_json::to_string_pretty(&fig)?);
    } else {
        println!(
            "{n} articles on {} thread(s) in {total_s:.2} s (model loading {load_s:.2} s), {}: {:.0} articles/s, {:.2} MB/s, {:.0} k chars/s; {found} attributions; peak memory {:.0} MiB",
            args.threads,
            if resolver.is_some() { "with speaker resolution" } else { "attributions only (--no-resolve)" },
            n as f64 / total_s,
            bytes as f64 / 1e6 / total_s,
            chars as f64 / 1e3 / total_s,
            peak as f64 / (1024.0 * 1024.0)
        );
    }
    if let Some(min) = args.min_rate {
        let rate = n as f64 / total_s;
        if rate < min {
            eprintln!("whosaid: {rate:.0} articles/s is below --min-rate {min}");
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Current resident set size of this process in bytes (Linux `VmRSS`), if known.
fn rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

const MIB: f64 = 1024.0 * 1024.0;

/// The story ledger at scale: every article (once) ingested into a fresh store through
/// the `ingest` path (analysis, resolution, storage), with the memory in use every
/// thousand articles; then claim grouping over the whole store, as `whosaid claims`
/// does it (read, group), and the story view behind `conflicts` and the dashboard.
fn ledger(args: &BenchArgs, articles: Vec<Article>) -> Result<ExitCode> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use whosaid_store::Store;
    let keep = args.keep_store.is_some();
    let db = match &args.keep_store {
        Some(p) => {
            anyhow::ensure!(
                !p.exists(),
                "{}: already exists; give a new path",
                p.display()
            );
            p.clone()
        }
        None => std::env::temp_dir().join(format!("whosaid-bench-{}.db", std::process::id())),
    };
    let cleanup = |db: &std::path::Path| {
        if keep {
            return;
        }
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
        }
    };
    cleanup(&db);
    let n = articles.len();
    let start = Instant::now();
    let ex = load_extractor(&args.model)?;
    let resolver = load_resolver(&args.resolve)?;
    let mut store = whosaid_store::SqliteStore::open(&db)?;
    let pool = pool(Some(args.threads))?;
    let done = AtomicUsize::new(0);
    let marks = std::sync::Mutex::new(Vec::<(usize, f64, f64)>::new());
    let tick = || {
        let k = done.fetch_add(1, Ordering::Relaxed) + 1;
        if k % 1000 == 0 || k == n {
            if let Ok(mut m) = marks.lock() {
                m.push((
                    k,
                    start.elapsed().as_secs_f64(),
                    rss().unwrap_or(0) as f64 / MIB,
                ));
            }
        }
    };
    let items = articles
        .into_iter()
        .map(|article| whosaid_ingest::Item::Article {
            article,
            meta: whosaid_ingest::Meta::default(),
            note: None,
        });
    let say = |line: String| eprintln!("{line}");
    let t = crate::ledger::ingest_items(
        items,
        &ex,
        resolver.as_ref(),
        &mut store,
        &pool,
        &say,
        &tick,
    );
    let ingest_s = start.elapsed().as_secs_f64();
    let marks = marks.into_inner().unwrap_or_default();
    // `whosaid claims` (table): read and group, then the same again from the cache
    let t0 = Instant::now();
    let cold = crate::ledger::group_rows(&mut store, &None)?;
    let claims_s = t0.elapsed().as_secs_f64();
    let t0 = Instant::now();
    let warm = crate::ledger::group_rows(&mut store, &None)?;
    let cached_s = t0.elapsed().as_secs_f64();
    anyhow::ensure!(warm.claims == cold.claims, "the cached claim groups differ");
    let claims = store.claims(&whosaid_store::Scope::All)?;
    let n_claims = claims.len();
    let t1 = Instant::now();
    let view = whosaid_claims::view::StoryView::build(claims, None);
    let view_s = t1.elapsed().as_secs_f64();
    let db_mib = std::fs::metadata(&db)
        .map(|m| m.len() as f64 / MIB)
        .unwrap_or(0.0);
    cleanup(&db);
    let rate = n as f64 / ingest_s;
    if args.json {
        let fig = serde_json::json!({
            "articles": n,
            "threads": args.threads,
            "stored": t.stored(),
            "failed": t.failed,
            "ingest_seconds": ingest_s,
            "ingest_articles_per_second": rate,
            "rss_mib_every_1000": marks.iter().map(|m| serde_json::json!({"articles": m.0, "seconds": m.1, "rss_mib": m.2})).collect::<Vec<_>>(),
            "peak_rss_mib": peak_rss().unwrap_or(0) as f64 / MIB,
            "store_mib": db_mib,
            "claims": n_claims,
            "claims_seconds": claims_s,
            "claims_cached_seconds": cached_s,
            "story_view_seconds": view_s,
            "conflicts": view.conflicts.len(),
        });
        println!("{}", serde_json::to_string_pretty(&fig)?);
    } else {
        println!(
            "ingest: {n} articles on {} thread(s) in {ingest_s:.1} s (models loaded, analysed, resolved, stored): {rate:.0} articles/s; {} stored, {} failed; store {db_mib:.0} MiB",
            args.threads,
            t.stored(),
            t.failed
        );
        let series: Vec<String> = marks
            .iter()
            .map(|(k, _, m)| format!("{k}: {m:.0}"))
            .collect();
        println!(
            "memory in use (MiB) after N articles: {}",
            series.join(", ")
        );
        println!(
            "claims: {n_claims} claims of {n} articles read and grouped in {claims_s:.2} s, then {cached_s:.3} s from the store's cache; the full story view (groups, conflicts, sources, days) in {view_s:.2} s ({} groups, {} conflicts, without stance labels)",
            view.groups.len(),
            view.conflicts.len()
        );
    }
    if let Some(min) = args.min_rate {
        if rate < min {
            eprintln!("whosaid: {rate:.0} articles/s is below --min-rate {min}");
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Each variant (attributions only, with resolution) sees every article exactly once:
/// the texts are cut in ten slices and the variants take turns on them (A on slice k
/// while B takes slice k + 5), so no variant is timed on a text it has seen (which
/// would flatter the per-thread caches) and machine drift hits both alike.
fn compare(args: &BenchArgs, articles: &[Article], _rounds: usize) -> Result<ExitCode> {
    let ex = load_extractor(&args.model)?;
    let resolver = load_resolver(&crate::cli::ResolveArgs {
        no_resolve: false,
        gazetteer: args.resolve.gazetteer.clone(),
    })?;
    let pool = pool(Some(args.threads))?;
    let pass = |part: &[Article], r: Option<&whosaid_resolve::Resolver>| -> f64 {
        let start = Instant::now();
        pool.install(|| {
            part.par_iter()
                .map(|a| analyze_one(&ex, r, a, false).0.len())
                .sum::<usize>()
        });
        start.elapsed().as_secs_f64()
    };
    // ten slices; in turn, the plain variant takes slice k while the resolving one
    // takes slice k + 5, so both see every article once and machine drift is shared
    let n_slices = 10.min(articles.len()).max(1);
    let size = articles.len().div_ceil(n_slices);
    let slices: Vec<&[Article]> = articles.chunks(size).collect();
    let (mut plain, mut resolved) = (0.0, 0.0);
    for k in 0..slices.len() {
        plain += pass(slices[k], None);
        resolved += pass(
            slices[(k + slices.len() / 2) % slices.len()],
            resolver.as_ref(),
        );
    }
    let n = articles.len() as f64;
    let (a, b) = (n / plain, n / resolved);
    let cost = 100.0 * (1.0 - b / a);
    if args.json {
        let fig = serde_json::json!({
            "articles": n,
            "threads": args.threads,
            "attributions_only_articles_per_second": a,
            "with_resolution_articles_per_second": b,
            "resolution_cost_percent": cost,
        });
        println!("{}", serde_json::to_string_pretty(&fig)?);
    } else {
        println!(
            "{n} articles, each once per variant, on {} thread(s): attributions only {a:.0} articles/s, with speaker resolution {b:.0} articles/s; resolution costs {cost:.1}% of throughput",
            args.threads
        );
    }
    Ok(ExitCode::SUCCESS)
}
