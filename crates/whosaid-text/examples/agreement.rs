//! Agreement of whosaid-text with Stanford CoreNLP on PolNeAR: token F1 (exact spans)
//! and sentence-boundary F1.
//!
//! ```sh
//! cargo run --release -p whosaid-text --example agreement -- [GOLD.jsonl SILVER.jsonl] [--errors N]
//! ```
//! Without paths, `$WHOSAID_POLNEAR` (a directory) or `shared/data/polnear` /
//! `../shared/data/polnear` is used with `dev.jsonl` and `silver-dev.jsonl`. Missing files
//! are reported and the example exits successfully.
//!
//! Sentence F1 is given twice: against CoreNLP as is, and against CoreNLP plus a boundary
//! at every line break (CoreNLP was run without splitting at newlines, which whosaid
//! always does — headlines, "He said:\n\n“…”").

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

fn find_default(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Ok(d) = std::env::var("WHOSAID_POLNEAR") {
        dirs.push(d.into());
    }
    dirs.push("shared/data/polnear".into());
    dirs.push("../shared/data/polnear".into());
    dirs.push("../../shared/data/polnear".into());
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.exists())
}

#[derive(Default)]
struct Prf {
    tp: usize,
    pred: usize,
    gold: usize,
}

impl Prf {
    fn add<T: std::hash::Hash + Eq>(&mut self, pred: &HashSet<T>, gold: &HashSet<T>) {
        self.tp += pred.intersection(gold).count();
        self.pred += pred.len();
        self.gold += gold.len();
    }
    fn line(&self, name: &str) -> String {
        let p = self.tp as f64 / self.pred.max(1) as f64;
        let r = self.tp as f64 / self.gold.max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        format!(
            "{name:<34} P {:6.2}  R {:6.2}  F1 {:6.2}   (tp {}, pred {}, gold {})",
            100.0 * p,
            100.0 * r,
            100.0 * f,
            self.tp,
            self.pred,
            self.gold
        )
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut show_errors = 0usize;
    let mut show_diagnostics = false;
    let mut paths = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--diagnostics" {
            show_diagnostics = true;
        } else if a == "--errors" {
            show_errors = it.next().and_then(|n| n.parse().ok()).unwrap_or(30);
        } else {
            paths.push(PathBuf::from(a));
        }
    }
    let (gold, silver) = match paths.as_slice() {
        [g, s] => (Some(g.clone()), Some(s.clone())),
        _ => (find_default("dev.jsonl"), find_default("silver-dev.jsonl")),
    };
    let (Some(gold), Some(silver)) = (gold, silver) else {
        eprintln!("agreement: PolNeAR files not found (pass GOLD.jsonl SILVER.jsonl or set WHOSAID_POLNEAR); skipping");
        return;
    };
    if let Err(e) = run(&gold, &silver, show_errors, show_diagnostics) {
        eprintln!("agreement: {e}; skipping");
    }
}

fn read_lines(p: &Path) -> Result<Vec<serde_json::Value>, String> {
    let s = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
    s.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(|e| format!("{}: {e}", p.display())))
        .collect()
}

fn run(
    gold: &Path,
    silver: &Path,
    show_errors: usize,
    show_diagnostics: bool,
) -> Result<(), String> {
    let texts: HashMap<String, String> = read_lines(gold)?
        .into_iter()
        .filter_map(|v| {
            Some((
                v["id"].as_str()?.to_string(),
                v["text"].as_str()?.to_string(),
            ))
        })
        .collect();
    let mut tok = Prf::default();
    let mut sent_raw = Prf::default();
    let mut sent_nl = Prf::default();
    let mut missed: HashMap<String, usize> = HashMap::new();
    let mut spurious: HashMap<String, usize> = HashMap::new();
    let mut sent_errs: Vec<String> = Vec::new();
    let mut bytes = 0usize;
    let mut elapsed = std::time::Duration::ZERO;
    let mut articles = 0;
    for v in read_lines(silver)? {
        let Some(text) = v["id"].as_str().and_then(|id| texts.get(id)) else {
            continue;
        };
        articles += 1;
        // code point -> byte offsets
        let mut cp2b: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        cp2b.push(text.len());
        let b = |cp: &serde_json::Value| cp.as_u64().and_then(|c| cp2b.get(c as usize).copied());
        let mut gold_toks = HashSet::new();
        let mut gold_sents = HashSet::new();
        // CoreNLP boundaries, with one CoreNLP error corrected: an opening quotation mark
        // glued to the end of the previous sentence ("he added. ''But …").
        let mut gold_fixed = HashSet::new();
        let mut last: Option<(usize, usize)> = None;
        for s in v["sentences"].as_array().into_iter().flatten() {
            for (k, t) in s["tokens"].as_array().into_iter().flatten().enumerate() {
                if let (Some(a), Some(e)) = (b(&t[0]), b(&t[1])) {
                    gold_toks.insert((a, e));
                    if k == 0 {
                        gold_sents.insert(a);
                        let opening_mark = last.filter(|&(pa, pe)| {
                            pe == a
                                && matches!(text.get(pa..pe), Some("''" | "\"" | "\u{201C}" | "``"))
                                && text
                                    .get(..pa)
                                    .and_then(|x| x.chars().next_back())
                                    .is_some_and(char::is_whitespace)
                        });
                        gold_fixed.insert(opening_mark.map_or(a, |(pa, _)| pa));
                    }
                    last = Some((a, e));
                }
            }
        }
        let t0 = std::time::Instant::now();
        let an = whosaid_text::analyze(text);
        elapsed += t0.elapsed();
        bytes += text.len();
        if show_diagnostics {
            for d in &an.diagnostics {
                let (s, e) = (
                    d.span.start.saturating_sub(60),
                    (d.span.end + 60).min(text.len()),
                );
                let (s, e) = (
                    (0..=s)
                        .rev()
                        .find(|&k| text.is_char_boundary(k))
                        .unwrap_or(0),
                    (e..=text.len())
                        .find(|&k| text.is_char_boundary(k))
                        .unwrap_or(text.len()),
                );
                println!(
                    "DIAG {}: {:?} >>> {:?}",
                    d.message,
                    &text[s..d.span.start],
                    &text[d.span.start..e]
                );
            }
        }
        let pred_toks: HashSet<(usize, usize)> = an
            .tokens
            .iter()
            .map(|t| (t.span.start, t.span.end))
            .collect();
        let pred_sents: HashSet<usize> = an.sentences.iter().map(|s| s.span.start).collect();
        tok.add(&pred_toks, &gold_toks);
        sent_raw.add(&pred_sents, &gold_sents);
        // CoreNLP + line breaks: a boundary at every gold token preceded by a newline
        let mut gold_nl = gold_fixed;
        let mut starts: Vec<usize> = gold_toks.iter().map(|t| t.0).collect();
        starts.sort_unstable();
        let mut prev_end = 0;
        let mut ends: HashMap<usize, usize> = HashMap::new();
        for &(a, e) in &gold_toks {
            ends.insert(a, e);
        }
        for (k, &a) in starts.iter().enumerate() {
            if text.get(prev_end..a).is_some_and(|g| g.contains('\n')) {
                gold_nl.insert(a);
                // CoreNLP glued a quotation mark opening this line to the sentence before
                // ("said.\n\n''This …" -> "said. ''" | "This …"): the boundary belongs here.
                let e = ends.get(&a).copied().unwrap_or(a);
                let mark = text.get(a..e).unwrap_or("");
                if matches!(mark, "''" | "\"" | "\u{201C}" | "``") {
                    if let Some(&nx) = starts.get(k + 1) {
                        gold_nl.remove(&nx);
                    }
                }
            }
            prev_end = ends.get(&a).copied().unwrap_or(a);
        }
        sent_nl.add(&pred_sents, &gold_nl);
        for &(a, e) in gold_toks.difference(&pred_toks) {
            *missed
                .entry(text.get(a..e).unwrap_or("").to_string())
                .or_default() += 1;
        }
        for &(a, e) in pred_toks.difference(&gold_toks) {
            *spurious
                .entry(text.get(a..e).unwrap_or("").to_string())
                .or_default() += 1;
        }
        if show_errors > 0 {
            let ctx = |a: usize| {
                let mut s = a.saturating_sub(40);
                while !text.is_char_boundary(s) {
                    s -= 1;
                }
                let mut e = (a + 40).min(text.len());
                while !text.is_char_boundary(e) {
                    e += 1;
                }
                format!("{:?} | {:?}", &text[s..a], &text[a..e])
            };
            for &a in gold_nl.difference(&pred_sents) {
                sent_errs.push(format!("MISSED   {}", ctx(a)));
            }
            for &a in pred_sents.difference(&gold_nl) {
                sent_errs.push(format!("SPURIOUS {}", ctx(a)));
            }
        }
    }
    println!(
        "whosaid-text vs CoreNLP on {} ({articles} articles)",
        silver.display()
    );
    println!("{}", tok.line("tokens (exact span)"));
    println!("{}", sent_raw.line("sentence starts (CoreNLP as is)"));
    println!("{}", sent_nl.line("sentence starts (+ line breaks)"));
    let secs = elapsed.as_secs_f64();
    println!(
        "analyze: {:.1} MB in {:.3} s = {:.1} MB/s",
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs.max(1e-9)
    );
    if show_errors > 0 {
        for (name, map) in [
            ("missed (CoreNLP token we lack)", &missed),
            ("spurious (our token CoreNLP lacks)", &spurious),
        ] {
            let mut v: Vec<(&String, &usize)> = map.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            println!("\n{name}:");
            for (w, c) in v.into_iter().take(show_errors) {
                println!("  {c:5}  {w:?}");
            }
        }
        println!("\nsentence boundary errors:");
        for e in sent_errs.iter().take(show_errors) {
            println!("  {e}");
        }
    }
    Ok(())
}
