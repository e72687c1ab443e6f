//! Times speaker resolution alone: every article of FILE is analysed (POS, names,
//! attributions) once up front, then resolved five times over; prints the mean time
//! per article. For profiling resolution without the extraction around it.
//!
//! usage: resolve_only FILE.jsonl

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: resolve_only FILE.jsonl")?;
    let ex = whosaid_extract::Extractor::builtin()?;
    let resolver = whosaid_resolve::Resolver::default();
    let texts: Vec<String> = std::fs::read_to_string(&path)?
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    let mut prep = Vec::new();
    for t in &texts {
        let mut p = ex.taggers.prepare(t);
        let attrs = ex.labeler.label(t, &p);
        ex.taggers.tag_names(t, &mut p);
        prep.push((p, attrs));
    }
    let s = Instant::now();
    let mut n = 0;
    for _ in 0..5 {
        for (t, (p, a)) in texts.iter().zip(&prep) {
            let r = resolver.resolve(
                t,
                p,
                ex.taggers.pos.labels(),
                ex.taggers.ner.labels(),
                a,
                None,
            );
            n += r.entities.len();
        }
    }
    println!(
        "{:.3} ms/article ({n})",
        s.elapsed().as_secs_f64() * 1e3 / (5 * texts.len()) as f64
    );
    Ok(())
}
