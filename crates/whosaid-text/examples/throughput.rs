//! Throughput of `tokenize` and `analyze` on a large input.
//!
//! ```sh
//! cargo run --release -p whosaid-text --example throughput -- [FILE] [--mb N]
//! ```
//! Without FILE, the seed article is repeated to N MB (default 100). `--repeat K` runs
//! `analyze` K more times and reports the best time (useful on a busy machine).

use std::time::Instant;

const SEED: &str = include_str!("../../../examples/seed.txt");

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut mb = 100usize;
    let mut repeat = 0usize;
    let mut file = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--repeat" {
            repeat = it.next().and_then(|n| n.parse().ok()).unwrap_or(repeat);
        } else if a == "--mb" {
            mb = it.next().and_then(|n| n.parse().ok()).unwrap_or(mb);
        } else {
            file = Some(a.clone());
        }
    }
    let text = match file {
        Some(f) => match std::fs::read_to_string(&f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("throughput: {f}: {e}; skipping");
                return;
            }
        },
        None => {
            let mut t = String::with_capacity(mb * 1_000_000 + SEED.len());
            while t.len() < mb * 1_000_000 {
                t.push_str(SEED);
                t.push_str("\n\n");
            }
            t
        }
    };
    let size = text.len() as f64 / 1e6;
    let t0 = Instant::now();
    let tokens = whosaid_text::tokenize(&text);
    let tok_s = t0.elapsed().as_secs_f64();
    drop(tokens);
    let t0 = Instant::now();
    let a = whosaid_text::analyze(&text);
    let mut all_s = t0.elapsed().as_secs_f64();
    let mut tok_s = tok_s;
    for _ in 0..repeat {
        let t0 = Instant::now();
        let t = whosaid_text::tokenize(&text);
        tok_s = tok_s.min(t0.elapsed().as_secs_f64());
        drop(t);
        let t0 = Instant::now();
        let b = whosaid_text::analyze(&text);
        all_s = all_s.min(t0.elapsed().as_secs_f64());
        drop(b);
    }
    println!(
        "{size:.1} MB: tokenize {:.1} MB/s, analyze {:.1} MB/s ({} tokens, {} sentences, {} paragraphs, {} quotes, {} diagnostics)",
        size / tok_s,
        size / all_s,
        a.tokens.len(),
        a.sentences.len(),
        a.paragraphs.len(),
        a.quotes.len(),
        a.diagnostics.len()
    );
}
