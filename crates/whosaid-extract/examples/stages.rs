//! Times each extraction stage on a JSON Lines file, one thread.
//! `cargo run --release -p whosaid-extract --example stages -- dev.jsonl`

use std::time::{Duration, Instant};

use whosaid_models::FeatureSeq;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: stages FILE")?;
    let ex = whosaid_extract::Extractor::builtin()?;
    let texts: Vec<String> = std::fs::read_to_string(&path)?
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    let mut t = [Duration::ZERO; 7];
    let mut feats = FeatureSeq::new();
    for _ in 0..5 {
        for text in &texts {
            let s = Instant::now();
            let a = whosaid_text::analyze(text);
            t[0] += s.elapsed();
            let s = Instant::now();
            let _pos = ex.taggers.pos.tag(text, &a.tokens, &a.sentences);
            t[1] += s.elapsed();
            let s = Instant::now();
            let p = ex.taggers.prepare(text);
            t[5] += s.elapsed();
            let s = Instant::now();
            let _ = ex.extract(&whosaid_core::Article::new("x", text.as_str()));
            t[6] += s.elapsed();
            let s = Instant::now();
            let cues = ex.labeler.cues(&p);
            t[2] += s.elapsed();
            let other = vec![false; p.analysis.tokens.len()];
            let s = Instant::now();
            for (c, _) in &cues {
                let _ = ex.labeler.roles(&p, *c, &other, &mut feats);
            }
            t[3] += s.elapsed();
            let s = Instant::now();
            let _ = ex.labeler.label(text, &p);
            t[4] += s.elapsed();
        }
    }
    let n = (texts.len() * 5) as f64;
    for (name, d) in [
        "analyze",
        "pos",
        "cues",
        "roles",
        "label (cues+roles+decode)",
        "prepare (analyze+pos+infos)",
        "extract (everything)",
    ]
    .iter()
    .zip(t)
    {
        println!("{name:28} {:7.3} ms/article", d.as_secs_f64() * 1000.0 / n);
    }
    Ok(())
}
