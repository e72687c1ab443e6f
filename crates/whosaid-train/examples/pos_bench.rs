//! Times `Tagger::tag` (the inference path) for the committed POS and NER models on
//! the texts of a JSON Lines file, one thread, best of several rounds.
//!
//! `pos_bench FILE MODELS_DIR [ROUNDS] [--pos-only] [--cold]`
//!
//! `--cold` reloads the POS tagger before each round, so that per-model caches start
//! empty (every article is then new to it, as in a single pass over a corpus).

use std::time::Instant;

use whosaid_models::taggers::Tagger;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: pos_bench FILE MODELS_DIR [ROUNDS]");
        std::process::exit(2);
    }
    let rounds: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10);
    let pos_only = args.iter().any(|a| a == "--pos-only");
    let cold = args.iter().any(|a| a == "--cold");
    let models = std::path::PathBuf::from(&args[2]);
    let read = |name: &str| -> Tagger {
        let bytes = std::fs::read(models.join(name)).expect("model file");
        Tagger::from_bytes(&bytes).expect("valid model")
    };
    let (mut pos, ner) = (read("pos.model"), read("ner.model"));
    let texts: Vec<String> = std::fs::read_to_string(&args[1])
        .expect("input file")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    let analyses: Vec<_> = texts.iter().map(|t| whosaid_text::analyze(t)).collect();
    let n_tokens: usize = analyses.iter().map(|a| a.tokens.len()).sum();
    let pos_tags: Vec<Vec<u16>> = texts
        .iter()
        .zip(&analyses)
        .map(|(t, a)| pos.tag(t, &a.tokens, &a.sentences))
        .collect();
    let (mut best_pos, mut best_ner) = (f64::INFINITY, f64::INFINITY);
    let mut times = Vec::new();
    for _ in 0..rounds {
        if cold {
            pos = read("pos.model");
        }
        let t0 = Instant::now();
        for (t, a) in texts.iter().zip(&analyses) {
            std::hint::black_box(pos.tag(t, &a.tokens, &a.sentences));
        }
        let dt = t0.elapsed().as_secs_f64();
        times.push(dt);
        best_pos = best_pos.min(dt);
        if pos_only {
            continue;
        }
        let t0 = Instant::now();
        for ((t, a), p) in texts.iter().zip(&analyses).zip(&pos_tags) {
            std::hint::black_box(ner.tag_with_pos(t, &a.tokens, &a.sentences, p));
        }
        best_ner = best_ner.min(t0.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let per = |s: f64| s * 1000.0 / texts.len() as f64;
    println!(
        "{} articles, {} tokens: POS {:.3} ms/article best ({:.3} median), NER {:.3} ms/article best",
        texts.len(),
        n_tokens,
        per(best_pos),
        per(times[times.len() / 2]),
        per(best_ner)
    );
}
