//! Checks the committed taggers on PolNeAR silver dev: POS accuracy, NER F1, a
//! checksum of every feature hash, and the predicted tags, which it writes to a file
//! or compares with a file written earlier (to prove an optimisation changed nothing).
//!
//! `tagger_check DATA_DIR MODELS_DIR [--write FILE | --compare FILE]`

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use whosaid_models::features::FeatureSeq;
use whosaid_models::taggers::{sentence_features, Tagger, TaggerKind};
use whosaid_train::taggers::{eval_ner, eval_pos, load_split, predict_pos};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: tagger_check DATA_DIR MODELS_DIR [--write FILE | --compare FILE]");
        return ExitCode::from(2);
    }
    let (data, models) = (PathBuf::from(&args[1]), PathBuf::from(&args[2]));
    let read = |name: &str| -> Tagger {
        let bytes = std::fs::read(models.join(name)).expect("model file");
        Tagger::from_bytes(&bytes).expect("valid model")
    };
    let (pos, ner) = (read("pos.model"), read("ner.model"));
    let dev = load_split(&data.join("dev.jsonl"), &data.join("silver-dev.jsonl")).expect("dev");

    // Feature checksum (order-sensitive) over both feature sets.
    let mut sum: u64 = 0;
    let mut fs = FeatureSeq::new();
    let t_feat = Instant::now();
    for s in &dev.sentences {
        let text = &dev.texts[s.article];
        let p: Vec<&str> = s.pos.iter().map(String::as_str).collect();
        sentence_features(TaggerKind::Pos, text, &s.spans, None, &mut fs);
        for &h in fs.hashes() {
            sum = sum.rotate_left(5) ^ h;
        }
        sentence_features(TaggerKind::Ner, text, &s.spans, Some(&p), &mut fs);
        for &h in fs.hashes() {
            sum = sum.rotate_left(5) ^ h;
        }
    }
    println!(
        "feature checksum {sum:016x} ({:.3} s for POS and NER features)",
        t_feat.elapsed().as_secs_f64()
    );

    // Single-threaded tagging time, best of 5 (POS, then NER on CoreNLP's POS).
    let (mut pos_time, mut ner_time) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..5 {
        let t0 = Instant::now();
        for s in &dev.sentences {
            std::hint::black_box(pos.tag_sentence(&dev.texts[s.article], &s.spans, None));
        }
        pos_time = pos_time.min(t0.elapsed().as_secs_f64());
        let t0 = Instant::now();
        for s in &dev.sentences {
            let p: Vec<&str> = s.pos.iter().map(String::as_str).collect();
            std::hint::black_box(ner.tag_sentence(&dev.texts[s.article], &s.spans, Some(&p)));
        }
        ner_time = ner_time.min(t0.elapsed().as_secs_f64());
    }
    let pos_pred = predict_pos(&pos, &dev);
    let acc = eval_pos(&pos, &dev);
    let (p, r, f) = eval_ner(&ner, &dev, &pos_pred);
    println!(
        "POS accuracy {:.3}% ({} tokens, {:.3} s); NER ({:.3} s) P {:.2} R {:.2} F1 {:.3}",
        acc * 100.0,
        dev.n_tokens(),
        pos_time,
        ner_time,
        p * 100.0,
        r * 100.0,
        f * 100.0
    );
    let mut dump = String::new();
    for (s, tags) in dev.sentences.iter().zip(&pos_pred) {
        let text = &dev.texts[s.article];
        let pn: Vec<&str> = tags.iter().map(String::as_str).collect();
        let ids = ner.tag_sentence(text, &s.spans, Some(&pn));
        dump.push_str(&tags.join(" "));
        dump.push('\t');
        for id in ids {
            dump.push_str(&ner.labels()[usize::from(id)]);
            dump.push(' ');
        }
        dump.push('\n');
    }
    match (args.get(3).map(String::as_str), args.get(4)) {
        (Some("--write"), Some(file)) => {
            std::fs::write(file, &dump).expect("write");
            println!("wrote {file}");
        }
        (Some("--compare"), Some(file)) => {
            let old = std::fs::read_to_string(file).expect("read");
            let (mut pos_diff, mut ner_diff, mut sents) = (0usize, 0usize, 0usize);
            for (a, b) in old.lines().zip(dump.lines()) {
                let (ap, an) = a.split_once('\t').unwrap_or((a, ""));
                let (bp, bn) = b.split_once('\t').unwrap_or((b, ""));
                let dp = ap
                    .split(' ')
                    .zip(bp.split(' '))
                    .filter(|(x, y)| x != y)
                    .count();
                let dn = an
                    .split(' ')
                    .zip(bn.split(' '))
                    .filter(|(x, y)| x != y)
                    .count();
                pos_diff += dp;
                ner_diff += dn;
                sents += usize::from(dp + dn > 0);
            }
            println!(
                "compared with {file}: {pos_diff} POS tags and {ner_diff} NER tags differ, in {sents} sentences{}",
                if old == dump { " (identical)" } else { "" }
            );
        }
        _ => {}
    }
    ExitCode::SUCCESS
}
