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
