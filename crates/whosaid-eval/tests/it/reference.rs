//! Agreement with the reference scorer (`shared/tools/score-attributions`, Python).
//!
//! Predictions are built from the gold dev set by deterministic perturbation (a
//! small LCG): dropped, shifted, trimmed, widened, split, swapped, duplicated and
//! spurious attributions, emptied roles, missing articles. Both scorers score them;
//! every count must be equal, every P/R/F1 within 1e-3 (in practice identical) and
//! the printed table identical. Skipped with a note when `shared/` or `python3` is
//! missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};
use whosaid_eval::{Attr, Doc, Metric, Scores, Target};

fn shared() -> Option<PathBuf> {
    let p = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    let ok = p.join("tools/score-attributions").is_file()
        && p.join("data/polnear/dev.jsonl").is_file()
        && Command::new("python3")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
    if ok {
        Some(p.to_path_buf())
    } else {
        eprintln!("note: ../shared or python3 missing; reference agreement test skipped");
        None
    }
}

/// Runs the reference scorer; returns stdout (panics on failure).
fn reference(shared: &Path, args: &[&Path], extra: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(shared.join("tools/score-attributions"))
        .args(args)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "reference failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs the reference expecting an error; returns its message.
fn reference_error(shared: &Path, gold: &Path, pred: &Path) -> String {
    let out = Command::new("python3")
        .arg(shared.join("tools/score-attributions"))
        .args([gold, pred])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    err.trim_end()
        .strip_prefix("score-attributions: error: ")
        .unwrap()
        .to_string()
}

/// Compares our scores with the reference's JSON; returns the largest P/R/F1 gap.
fn compare(ours: &Scores, theirs: &Value, what: &str) -> f64 {
    let mine = ours.to_json();
    for key in [
        "articles",
        "attributions",
        "gold_file_articles",
        "pred_file_articles",
    ] {
        assert_eq!(mine[key], theirs[key], "{what}: {key}");
    }
    let mut max = 0.0f64;
    for m in Metric::ALL {
        for t in Target::ALL {
            let Some(c) = ours.counts(m, t) else {
                assert!(theirs[m.name()].get(t.name()).is_none());
                continue;
            };
            let d = &theirs[m.name()][t.name()];
            let matched = if m == Metric::Token { "tp" } else { "matched" };
            let cell = format!("{what}: {} {}", m.name(), t.name());
            assert_eq!(d[matched].as_u64(), Some(c.matched), "{cell} matched");
            assert_eq!(d["gold"].as_u64(), Some(c.gold), "{cell} gold");
            assert_eq!(d["pred"].as_u64(), Some(c.predicted), "{cell} pred");
            for (k, v) in [("precision", c.p()), ("recall", c.r()), ("f1", c.f1())] {
                let gap = (d[k].as_f64().unwrap() - v).abs();
                assert!(gap <= 1e-3, "{cell} {k}: ours {v}, reference {}", d[k]);
                max = max.max(gap);
            }
        }
    }
    max
}

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, pct: u32) -> bool {
        self.next() % 100 < u64::from(pct)
    }
}

/// Perturbation rates, in percent.
#[derive(Clone, Copy, Default)]
struct Rates {
    drop: u32,
    shift: u32,
    trim: u32,
    widen: u32,
    split: u32,
    swap: u32,
    spurious: u32,
    empty_role: u32,
    colon_cue: u32,
    duplicate: u32,
    missing_doc: u32,
    reverse: u32,
}

fn fragment(rng: &mut Lcg, n: usize, max_len: usize) -> [usize; 2] {
    let s = rng.below(n);
    let e = (s + 1 + rng.below(max_len)).min(n);
    [s, e]
}

fn perturb_frag(rng: &mut Lcg, chars: &[char], f: [usize; 2], r: &Rates) -> Vec<[usize; 2]> {
    let n = chars.len();
    let [mut s, mut e] = f;
    if rng.chance(r.shift) {
        let ds = rng.below(7) as isize - 3;
        let de = rng.below(7) as isize - 3;
        s = (s as isize + ds).clamp(0, n as isize - 1) as usize;
        e = (e as isize + de).clamp(s as isize + 1, n as isize) as usize;
    }
    if rng.chance(r.trim) {
        let (mut a, mut b) = (s, e);
        while a < b && !chars[a].is_alphanumeric() {
            a += 1;
        }
        while b > a && !chars[b - 1].is_alphanumeric() {
            b -= 1;
        }
        if a < b {
            (s, e) = (a, b);
        }
    }
    if rng.chance(r.widen) {
        s = s.saturating_sub(1 + rng.below(2));
        e = (e + 1 + rng.below(2)).min(n);
    }
    if e - s >= 2 && rng.chance(r.split) {
        let cut = s + 1 + rng.below(e - s - 1);
        // either two touching fragments (same characters) or a gap of one character
        if rng.chance(50) || cut + 1 >= e {
            return vec![[s, cut], [cut, e]];
        }
        return vec![[s, cut], [cut + 1, e]];
    }
    vec![[s, e]]
}

fn perturb_role(rng: &mut Lcg, chars: &[char], frags: &[[usize; 2]], r: &Rates) -> Vec<[usize; 2]> {
    if rng.chance(r.empty_role) {
        return vec![];
    }
    frags
        .iter()
        .flat_map(|&f| perturb_frag(rng, chars, f, r))
        .collect()
}

/// One prediction line per gold document (some left out), with extra keys.
fn perturb(gold: &[Doc], seed: u64, r: &Rates) -> String {
    let mut rng = Lcg(seed);
    let mut out = String::new();
    for (di, g) in gold.iter().enumerate() {
        if rng.chance(r.missing_doc) {
            continue;
        }
        let text = g.text.as_deref().unwrap();
        let chars: Vec<char> = text.chars().collect();
        let n = chars.len();
        let mut atts: Vec<Attr> = Vec::new();
        for a in &g.attributions {
            if rng.chance(r.drop) {
                continue;
            }
            let mut b = Attr {
                source: perturb_role(&mut rng, &chars, &a.source, r),
                cue: perturb_role(&mut rng, &chars, &a.cue, r),
                content: perturb_role(&mut rng, &chars, &a.content, r),
                parent: None,
            };
            if rng.chance(r.colon_cue) {
                // a punctuation-only cue near the content, like ":" or ","
                let from = a.content.first().map_or(0, |f| f[0]).saturating_sub(3);
                if let Some(i) =
                    (from..n.min(from + 6)).find(|&i| matches!(chars[i], ':' | ',' | '—'))
                {
                    b.cue = vec![[i, i + 1]];
                }
            }
            if rng.chance(r.duplicate) {
                atts.push(b.clone());
            }
            atts.push(b);
        }
        for i in 0..atts.len() {
            if rng.chance(r.swap) {
                let j = rng.below(atts.len());
                let s = std::mem::take(&mut atts[i].source);
                atts[i].source = std::mem::replace(&mut atts[j].source, s);
            }
        }
        let extra =
            g.attributions.len() * r.spurious as usize / 100 + usize::from(rng.chance(r.spurious));
        for _ in 0..extra {
            let mut a = Attr {
                source: vec![fragment(&mut rng, n, 12)],
                cue: vec![fragment(&mut rng, n, 8)],
                content: vec![fragment(&mut rng, n, 120)],
                parent: None,
            };
            if rng.chance(30) {
                a.source.clear();
            }
            if rng.chance(20) {
                a.content.push(fragment(&mut rng, n, 40));
            }
            let at = rng.below(atts.len() + 1);
            atts.insert(at, a);
        }
        if rng.chance(r.reverse) {
            atts.reverse();
        }
        let roles = |f: &Vec<[usize; 2]>| json!(f);
        let line = json!({
            "schema_version": 1,
            "id": g.id,
            "text": if di % 3 == 0 { json!(text) } else { Value::Null },
            "attributions": atts.iter().enumerate().map(|(k, a)| json!({
                "source": roles(&a.source), "cue": roles(&a.cue), "content": roles(&a.content),
                "kind": "direct", "parent": if k % 7 == 6 { json!(0) } else { Value::Null },
                "confidence": 0.5, "text": {"content": "ignored"},
            })).collect::<Vec<_>>(),
        });
        let mut line = line;
        if line["text"].is_null() {
            line.as_object_mut().unwrap().remove("text");
        }
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

fn scenarios() -> Vec<(&'static str, u64, Rates)> {
    let d = Rates::default();
    let mixed = Rates {
        drop: 15,
        shift: 20,
        trim: 20,
        widen: 15,
        split: 10,
        swap: 10,
        spurious: 10,
        empty_role: 5,
        colon_cue: 5,
        duplicate: 5,
        missing_doc: 5,
        reverse: 20,
    };
    let heavy = Rates {
        drop: 40,
        shift: 60,
        trim: 50,
        widen: 40,
        split: 30,
        swap: 40,
        spurious: 40,
        empty_role: 20,
        colon_cue: 20,
        duplicate: 15,
        missing_doc: 15,
        reverse: 50,
    };
    vec![
        ("identity", 1, d),
        (
            "drop",
            2,
            Rates {
                drop: 30,
                missing_doc: 10,
                ..d
            },
        ),
        ("shift", 3, Rates { shift: 50, ..d }),
        (
            "trim-widen",
            4,
            Rates {
                trim: 50,
                widen: 30,
                ..d
            },
        ),
        ("swap", 5, Rates { swap: 30, ..d }),
        (
            "spurious",
            6,
            Rates {
                spurious: 30,
                duplicate: 20,
                ..d
            },
        ),
        (
            "split-empty-colon",
            7,
            Rates {
                split: 40,
                empty_role: 20,
                colon_cue: 40,
                ..d
            },
        ),
        ("mixed-1", 11, mixed),
        ("mixed-2", 12, mixed),
        ("mixed-3", 13, mixed),
        ("heavy-1", 21, heavy),
        ("heavy-2", 22, heavy),
    ]
}

#[test]
fn agrees_with_reference_on_perturbed_dev() {
    let Some(shared) = shared() else { return };
    let gold_path = shared.join("data/polnear/dev.jsonl");
    let gold = whosaid_eval::read_jsonl(&gold_path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut max = 0.0f64;
    for (name, seed, rates) in scenarios() {
        let pred_path = dir.path().join(format!("{name}.jsonl"));
        std::fs::write(&pred_path, perturb(&gold, seed, &rates)).unwrap();
        let pred = whosaid_eval::read_jsonl(&pred_path).unwrap();
        let started = std::time::Instant::now();
        let ours = whosaid_eval::score(&gold, &pred).unwrap();
        let took = started.elapsed();
        eprintln!(
            "{name:>18}: attribution F1 exact {:.3} overlap {:.3}, content token F1 {:.3}; scored in {took:.1?}",
            ours.f1(Metric::Exact, Target::Attribution),
            ours.f1(Metric::Overlap, Target::Attribution),
            ours.f1(Metric::Token, Target::Content),
        );
        assert!(took.as_secs() < 5, "scoring dev took {took:?}");
        let theirs: Value =
            serde_json::from_str(&reference(&shared, &[&gold_path, &pred_path], &["--json"]))
                .unwrap();
        max = max.max(compare(&ours, &theirs, name));
        if name == "identity" {
            assert_eq!(ours.f1(Metric::Exact, Target::Attribution), 1.0);
        }
        if seed % 4 == 1 {
            let table = reference(&shared, &[&gold_path, &pred_path], &[]);
            assert_eq!(ours.to_table(), table, "{name}: table");
        }
    }
    // grouped by publisher, on the mixed predictions
    let pred_path = dir.path().join("mixed-1.jsonl");
    let pred = whosaid_eval::read_jsonl(&pred_path).unwrap();
    let values = whosaid_eval::read_field(&gold_path, "publisher").unwrap();
    let ours = whosaid_eval::score_grouped(&gold, &pred, "publisher", &values).unwrap();
    let out = reference(
        &shared,
        &[&gold_path, &pred_path],
        &["--group-by", "publisher", "--json"],
    );
    let theirs: Value = serde_json::from_str(&out).unwrap();
    max = max.max(compare(&ours, &theirs, "grouped"));
    let groups = ours.groups.as_ref().unwrap();
    assert_eq!(
        theirs["groups"].as_object().unwrap().len(),
        groups.by_value.len()
    );
    for (k, v) in &groups.by_value {
        let mut t = theirs["groups"][k].clone();
        t["gold_file_articles"] = json!(0);
        t["pred_file_articles"] = json!(0);
        max = max.max(compare(v, &t, k));
    }
    let table = reference(
        &shared,
        &[&gold_path, &pred_path],
        &["--group-by", "publisher"],
    );
    assert_eq!(ours.to_table(), table, "grouped table");
    eprintln!(
        "reference agreement on {} perturbed prediction sets of dev: max |difference| = {max:e}",
        scenarios().len()
    );
    assert!(max <= 1e-3);
}

/// The same on the 5.8 MB training set, only when `WHOSAID_SLOW_TESTS` is set.
#[test]
fn agrees_with_reference_on_perturbed_train_slow() {
    if std::env::var_os("WHOSAID_SLOW_TESTS").is_none() {
        eprintln!("note: set WHOSAID_SLOW_TESTS=1 to score the training set against the reference");
        return;
    }
    let Some(shared) = shared() else { return };
    let gold_path = shared.join("data/polnear/train.jsonl");
    let gold = whosaid_eval::read_jsonl(&gold_path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut max = 0.0f64;
    for (name, seed, rates) in scenarios()
        .into_iter()
        .filter(|s| s.0.starts_with("mixed") || s.0 == "heavy-1")
    {
        let pred_path = dir.path().join(format!("{name}.jsonl"));
        std::fs::write(&pred_path, perturb(&gold, seed, &rates)).unwrap();
        let pred = whosaid_eval::read_jsonl(&pred_path).unwrap();
        let ours = whosaid_eval::score(&gold, &pred).unwrap();
        let out = reference(&shared, &[&gold_path, &pred_path], &["--json"]);
        max = max.max(compare(&ours, &serde_json::from_str(&out).unwrap(), name));
    }
    eprintln!("reference agreement on perturbed train: max |difference| = {max:e}");
}

/// Random small documents over a tricky alphabet (NBSP, U+001C, Devanagari vowel
/// signs, circled letters, superscripts, quotes), scored by both.
#[test]
fn agrees_with_reference_on_random_docs() {
    let Some(shared) = shared() else { return };
    let alphabet: Vec<char> = "ab Zé1 ,.:\"“”—-\u{a0}\n\u{1c}\u{93e}\u{915}\u{24b6}\u{b2}$'"
        .chars()
        .collect();
    let mut rng = Lcg(42);
    let (mut gold, mut pred) = (String::new(), String::new());
    for d in 0..300 {
        let n = 1 + rng.below(40);
        let text: String = (0..n)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        let atts = |rng: &mut Lcg| {
            (0..rng.below(6))
                .map(|_| {
                    let role = |rng: &mut Lcg| {
                        (0..rng.below(3))
                            .map(|_| fragment(rng, n, 10))
                            .collect::<Vec<_>>()
                    };
                    json!({"source": role(rng), "cue": role(rng), "content": role(rng)})
                })
                .collect::<Vec<_>>()
        };
        let g = atts(&mut rng);
        let p = atts(&mut rng);
        gold.push_str(&json!({"id": format!("d{d}"), "text": text, "attributions": g}).to_string());
        gold.push('\n');
        pred.push_str(&json!({"id": format!("d{d}"), "attributions": p}).to_string());
        pred.push('\n');
    }
    let dir = tempfile::tempdir().unwrap();
    let (gp, pp) = (dir.path().join("gold.jsonl"), dir.path().join("pred.jsonl"));
    std::fs::write(&gp, &gold).unwrap();
    std::fs::write(&pp, &pred).unwrap();
    let ours = whosaid_eval::score(
        &whosaid_eval::parse_jsonl("gold", &gold).unwrap(),
        &whosaid_eval::parse_jsonl("pred", &pred).unwrap(),
    )
    .unwrap();
    let theirs: Value =
        serde_json::from_str(&reference(&shared, &[&gp, &pp], &["--json"])).unwrap();
    let max = compare(&ours, &theirs, "random");
    assert_eq!(ours.to_table(), reference(&shared, &[&gp, &pp], &[]));
    eprintln!("reference agreement on 300 random documents: max |difference| = {max:e}");
}

/// Line-level input errors carry the reference's exact message. (A gold line
/// without "text" is reported by `score` as `MissingText`, without a line number,
/// because `read_jsonl` does not know whether it reads gold or predictions.)
#[test]
fn line_errors_match_reference() {
    let Some(shared) = shared() else { return };
    let dir = tempfile::tempdir().unwrap();
    let good = r#"{"id":"a","text":"He said: yes.","attributions":[]}"#;
    let cases = [
        r#"{"id":"a","text":"abc","attributions":[{"source":[[0,9]],"cue":[],"content":[]}]}"#,
        r#"{"id":"a","text":"abc","attributions":[{"source":[[2,1]],"cue":[],"content":[]}]}"#,
        r#"{"id":"a","text":"abc","attributions":[{"source":[],"cue":[]}]}"#,
        r#"{"id":"a","text":"abc","attributions":[{"source":{},"cue":[],"content":[]}]}"#,
        r#"{"id":"a","text":"abc","attributions":[7]}"#,
        r#"{"id":"a","text":"abc","attributions":{}}"#,
        r#"{"id":"a","text":"abc"}"#,
        r#"{"text":"abc","attributions":[]}"#,
        r#"[1,2]"#,
    ];
    for (i, bad) in cases.iter().enumerate() {
        let gp = dir.path().join(format!("gold{i}.jsonl"));
        let pp = dir.path().join(format!("pred{i}.jsonl"));
        std::fs::write(&gp, format!("\n{bad}\n")).unwrap();
        std::fs::write(&pp, format!("{good}\n")).unwrap();
        let theirs = reference_error(&shared, &gp, &pp);
        let ours = whosaid_eval::read_jsonl(&gp)
            .and_then(|g| whosaid_eval::score(&g, &[]))
            .unwrap_err()
            .to_string();
        assert_eq!(ours, theirs, "case {i}");
    }
}
