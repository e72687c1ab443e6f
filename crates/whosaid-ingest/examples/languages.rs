//! Languages detected in a CSV of article bodies or a JSON Lines file (`text` field),
//! and how often the cheap English first look settles them without the detector.
//!
//! usage: languages FILE

use std::collections::BTreeMap;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: languages FILE")?;
    let data = std::fs::read_to_string(&path)?;
    let texts: Vec<String> = if path.ends_with(".jsonl") {
        data.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_string))
            .collect()
    } else {
        // FNC-1 bodies: "Body ID,articleBody" with quoted multi-line bodies
        let mut rdr = csv::Reader::from_reader(data.as_bytes());
        rdr.records()
            .filter_map(Result::ok)
            .filter_map(|r| r.get(1).map(str::to_string))
            .collect()
    };
    let start = Instant::now();
    let mut found: BTreeMap<String, usize> = BTreeMap::new();
    for t in &texts {
        let key = match whosaid_ingest::language::detect_language(t) {
            Some((code, true)) => code,
            Some((code, false)) => format!("{code}?"),
            None => "-".into(),
        };
        *found.entry(key).or_default() += 1;
    }
    let per = start.elapsed().as_secs_f64() * 1e3 / texts.len().max(1) as f64;
    println!("{} texts, {per:.3} ms each: {found:?}", texts.len());
    Ok(())
}
