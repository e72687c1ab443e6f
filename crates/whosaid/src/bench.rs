//! `whosaid bench`: end-to-end throughput (model loading included) and peak memory.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Result};
use rayon::prelude::*;
use whosaid_core::Article;

use crate::cli::BenchArgs;
use crate::extract::{load_extractor, pool};
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
    let start = Instant::now();
    let ex = load_extractor(&args.model)?;
    let load_s = start.elapsed().as_secs_f64();
    let pool = pool(Some(args.threads))?;
    let (mut n, mut bytes, mut chars, mut found) = (0usize, 0usize, 0usize, 0usize);
    for _ in 0..rounds {
        let counts: Vec<usize> = pool.install(|| {
            articles
                .par_iter()
                .map(|a| ex.extract(a).attributions.len())
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
        "peak_rss_mib": peak as f64 / (1024.0 * 1024.0),
    });
    if args.json {
        println!("{}", serde_json::to_string_pretty(&fig)?);
    } else {
        println!(
            "{n} articles on {} thread(s) in {total_s:.2} s (model loading {load_s:.2} s): {:.0} articles/s, {:.2} MB/s, {:.0} k chars/s; {found} attributions; peak memory {:.0} MiB",
            args.threads,
            n as f64 / total_s,
            bytes as f64 / 1e6 / total_s,
            chars as f64 / 1e3 / total_s,
            peak as f64 / (1024.0 * 1024.0)
        );
    }
    Ok(ExitCode::SUCCESS)
}
