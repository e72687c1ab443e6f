//! Splits the cost of resolution into its stages the way `whosaid bench
//! --compare-resolve` sees it: three variants (extraction only; with NER tagging of
//! names; with NER and resolution) run on rotated slices of the articles, so each
//! sees every article once per round and machine drift is shared. Inside the full
//! variant, NER and resolution are also timed on their own; what is left is the
//! extraction there, slowed by the caches the other two stages evict.
//!
//! usage: cost FILE.jsonl [ROUNDS]

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let usage = "usage: cost FILE.jsonl [ROUNDS]";
    let path = std::env::args().nth(1).ok_or(usage)?;
    let rounds: usize = std::env::args().nth(2).map_or(Ok(2), |r| r.parse())?;
    let ex = whosaid_extract::Extractor::builtin()?;
    let resolver = whosaid_resolve::Resolver::default();
    let articles: Vec<whosaid_core::Article> = std::fs::read_to_string(&path)?
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            v["text"]
                .as_str()
                .map(|t| whosaid_core::Article::new("x", t))
        })
        .collect();
    let slices: Vec<&[whosaid_core::Article]> = articles
        .chunks(articles.len().div_ceil(12).max(1))
        .collect();
    let k = slices.len();
    let (pos_labels, ner_labels) = (ex.taggers.pos.labels(), ex.taggers.ner.labels());
    let (mut plain, mut with_ner, mut full, mut ner_in, mut resolve_in) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for _ in 0..rounds {
        for i in 0..k {
            let s = Instant::now();
            for a in slices[i] {
                let _ = ex.extract(a);
            }
            plain += s.elapsed().as_secs_f64();
            let s = Instant::now();
            for a in slices[(i + k / 3) % k] {
                let _ = ex.extract_with(a, |_, w, p, _| ex.taggers.tag_names(w, p));
            }
            with_ner += s.elapsed().as_secs_f64();
            let s = Instant::now();
            for a in slices[(i + 2 * k / 3) % k] {
                let _ = ex.extract_with(a, |_, w, p, local| {
                    let s = Instant::now();
                    ex.taggers.tag_names(w, p);
                    ner_in += s.elapsed().as_secs_f64();
                    let s = Instant::now();
                    let _ = resolver.resolve(w, p, pos_labels, ner_labels, local, None);
                    resolve_in += s.elapsed().as_secs_f64();
                });
            }
            full += s.elapsed().as_secs_f64();
        }
    }
    let ms = |t: f64| t * 1e3 / (articles.len() * rounds) as f64;
    println!(
        "ms per article: extraction {:.3}; with NER {:.3}; with NER and resolution {:.3}",
        ms(plain),
        ms(with_ner),
        ms(full)
    );
    println!(
        "inside the full variant: NER {:.3}, resolution {:.3}, extraction {:.3}",
        ms(ner_in),
        ms(resolve_in),
        ms(full - ner_in - resolve_in)
    );
    println!(
        "resolution (NER included) costs {:.1}% of throughput",
        100.0 * (1.0 - plain / full)
    );
    Ok(())
}
