//! Times resolution's stages per article: NER tagging, entities, speakers and chains.
//!
//! usage: stages FILE.jsonl

use std::time::{Duration, Instant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: stages FILE")?;
    let ex = whosaid_extract::Extractor::builtin()?;
    let resolver = whosaid_resolve::Resolver::default();
    let texts: Vec<String> = std::fs::read_to_string(&path)?
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    let pos_labels = ex.taggers.pos.labels().to_vec();
    let ner_labels = ex.taggers.ner.labels().to_vec();
    let mut t = [Duration::ZERO; 4];
    for _ in 0..3 {
        for text in &texts {
            let s = Instant::now();
            let mut p = ex.taggers.prepare(text);
            let attrs = ex.labeler.label(text, &p);
            t[0] += s.elapsed();
            let s = Instant::now();
            ex.taggers.tag_names(text, &mut p);
            t[1] += s.elapsed();
            let s = Instant::now();
            let cx = whosaid_resolve::context::Ctx::new(text, &p, &pos_labels, &ner_labels);
            let _ = whosaid_resolve::entities::find(&cx, &resolver.gazetteer);
            t[2] += s.elapsed();
            let s = Instant::now();
            let _ = resolver.resolve(text, &p, &pos_labels, &ner_labels, &attrs, None);
            t[3] += s.elapsed();
        }
    }
    let n = (texts.len() * 3) as f64;
    for (name, d) in ["extract", "ner", "context+entities", "resolve (all passes)"]
        .iter()
        .zip(t)
    {
        println!("{name:24} {:7.3} ms/article", d.as_secs_f64() * 1000.0 / n);
    }
    Ok(())
}
