//! Agreement of `Taggers::tag_names` (NER on capitalised runs) with full NER tagging,
//! and the time of each.
//!
//! usage: ner_runs FILE.jsonl

use std::time::{Duration, Instant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: ner_runs FILE")?;
    let ex = whosaid_extract::Extractor::builtin()?;
    let texts: Vec<String> = std::fs::read_to_string(&path)?
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    let (mut full_t, mut runs_t) = (Duration::ZERO, Duration::ZERO);
    let (mut same, mut total, mut ent_full, mut ent_runs, mut ent_both) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    for text in &texts {
        let mut p = ex.taggers.prepare(text);
        let s = Instant::now();
        ex.taggers.tag_entities(text, &mut p);
        full_t += s.elapsed();
        let full = std::mem::take(&mut p.ner);
        let s = Instant::now();
        ex.taggers.tag_names(text, &mut p);
        runs_t += s.elapsed();
        for (a, b) in full.iter().zip(&p.ner) {
            same += (a == b) as usize;
            total += 1;
            ent_full += (*a != 0) as usize;
            ent_runs += (*b != 0) as usize;
            ent_both += (*a != 0 && a == b) as usize;
        }
    }
    let n = texts.len() as f64;
    println!(
        "tokens with the same label: {:.2}% of {total}",
        100.0 * same as f64 / total as f64
    );
    println!("name tokens: full {ent_full}, runs {ent_runs}, same label {ent_both} (recall {:.2}%, precision {:.2}%)",
        100.0 * ent_both as f64 / ent_full as f64, 100.0 * ent_both as f64 / ent_runs.max(1) as f64);
    println!(
        "full NER {:.3} ms/article, runs {:.3} ms/article",
        full_t.as_secs_f64() * 1e3 / n,
        runs_t.as_secs_f64() * 1e3 / n
    );
    Ok(())
}
