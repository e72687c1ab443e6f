//! Chooses the pronoun salience weights ([`whosaid_resolve::speakers::Salience`]) on
//! the CoreNLP coreference chains of the PolNeAR silver files: a large, noisy teacher
//! on articles no hand-checked set uses. For every gold source that is a lone
//! third-person pronoun, the silver chain holding that pronoun is looked up; when the
//! chain has a proper-noun mention, the resolver agrees if its speaker's entity has a
//! mention overlapping one of the chain's, or its name contains the chain's proper
//! head word. Coordinate ascent over the weights maximises the agreements; ties keep
//! the current value, so the search is deterministic.
//!
//! usage: tune_salience GOLD.jsonl SILVER.jsonl [--skip FIXTURE.jsonl]...
//!        [--hand GOLD.jsonl FIXTURE.jsonl]... [--hand-weight W] [--list | --tune]
//!
//! Without `--tune`, prints the agreement of the default weights (`--list`: and each
//! disagreement, with its sentence) and the rows right on the hand-checked sets. With
//! `--tune`, the objective is the silver agreements plus W (default 3) per
//! hand-checked row right: the hand-checked sets are few but reliable.

use std::collections::{HashMap, HashSet};

use whosaid_core::{Attribution, AttributionKind, OffsetMap, Span};
use whosaid_resolve::score::gold_spans;
use whosaid_resolve::speakers::Salience;

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "him", "her", "them"];

/// One pronoun source with a silver chain that names someone.
struct Item {
    attr: usize,
    source: Span,
    /// The chain's proper-noun mentions: (mention span, head word lower-cased).
    proper: Vec<(Span, String)>,
}

/// One article, analysed once.
struct Doc {
    id: String,
    text: String,
    prepared: whosaid_extract::Prepared,
    attrs: Vec<Attribution>,
    items: Vec<Item>,
}

fn load(
    ex: &whosaid_extract::Extractor,
    gold: &str,
    silver: &str,
    skip: &HashSet<String>,
) -> Result<Vec<Doc>, Box<dyn std::error::Error>> {
    let mut silvers: HashMap<String, serde_json::Value> = HashMap::new();
    for line in std::fs::read_to_string(silver)?.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        silvers.insert(v["id"].as_str().unwrap_or_default().to_string(), v);
    }
    let mut docs = Vec::new();
    for line in std::fs::read_to_string(gold)?.lines() {
        let doc: serde_json::Value = serde_json::from_str(line)?;
        let id = doc["id"].as_str().unwrap_or_default();
        if skip.contains(id) {
            continue;
        }
        let Some(sv) = silvers.get(id) else { continue };
        let text = doc["text"].as_str().unwrap_or_default();
        let map = OffsetMap::new(text);
        let mut attrs = Vec::new();
        for a in doc["attributions"].as_array().into_iter().flatten() {
            let (Some(source), Some(cue), Some(content)) = (
                gold_spans(&map, &a["source"]),
                gold_spans(&map, &a["cue"]),
                gold_spans(&map, &a["content"]),
            ) else {
                continue;
            };
            attrs.push(Attribution {
                id: attrs.len(),
                source,
                cue,
                content,
                kind: AttributionKind::Indirect,
                parent: None,
                continues: None,
                confidence: 1.0,
            });
        }
        let sents = sv["sentences"].as_array().cloned().unwrap_or_default();
        let tok = |s: usize, t: usize| -> Option<(Span, String)> {
            let x = sents.get(s)?["tokens"].get(t)?;
            let a = x.get(0)?.as_u64()? as usize;
            let b = x.get(1)?.as_u64()? as usize;
            Some((map.to_bytes([a, b]).ok()?, x.get(4)?.as_str()?.to_string()))
        };
        // chains as lists of (span, head span, head POS)
        let mut chains: Vec<Vec<(Span, Span, String)>> = Vec::new();
        for c in sv["coref"].as_array().into_iter().flatten() {
            let mut ms = Vec::new();
            for m in c.as_array().into_iter().flatten() {
                let g = |k: &str| m[k].as_u64().unwrap_or(0) as usize;
                let s = g("sent");
                let (Some((a, _)), Some((b, _)), Some((h, hp))) = (
                    tok(s, g("start")),
                    tok(s, g("end").saturating_sub(1)),
                    tok(s, g("head")),
                ) else {
                    continue;
                };
                ms.push((Span::new(a.start, b.end), h, hp));
            }
            chains.push(ms);
        }
        let mut items = Vec::new();
        for (k, a) in attrs.iter().enumerate() {
            let [src] = a.source.as_slice() else { continue };
            let w = src.text(text).to_lowercase();
            if !PRONOUNS.contains(&w.as_str()) {
                continue;
            }
            let Some(chain) = chains.iter().find(|c| c.iter().any(|(s, _, _)| s == src)) else {
                continue;
            };
            let proper: Vec<(Span, String)> = chain
                .iter()
                .filter(|(_, _, p)| p.starts_with("NNP"))
                .map(|(m, h, _)| (*m, h.text(text).to_lowercase()))
                .collect();
            if !proper.is_empty() {
                items.push(Item {
                    attr: k,
                    source: *src,
                    proper,
                });
            }
        }
        if items.is_empty() {
            continue;
        }
        let mut prepared = ex.taggers.prepare(text);
        ex.taggers.tag_names(text, &mut prepared);
        docs.push(Doc {
            id: id.to_string(),
            text: text.to_string(),
            prepared,
            attrs,
            items,
        });
    }
    Ok(docs)
}

/// Agreements with the silver chains out of all items; with `list`, prints each
/// disagreement.
fn agreement(
    ex: &whosaid_extract::Extractor,
    resolver: &whosaid_resolve::Resolver,
    docs: &[Doc],
    list: bool,
) -> (usize, usize) {
    let (mut agree, mut n) = (0, 0);
    for d in docs {
        let text = d.text.as_str();
        let r = resolver.resolve(
            text,
            &d.prepared,
            ex.taggers.pos.labels(),
            ex.taggers.ner.labels(),
            &d.attrs,
            None,
        );
        for it in &d.items {
            let sp = r.provenance.get(it.attr).and_then(|p| p.speaker.as_ref());
            let ours: &[Span] = sp
                .and_then(|s| s.entity)
                .and_then(|e| r.entities.get(e))
                .map(|e| e.mentions.as_slice())
                .unwrap_or_default();
            let name = sp.map(|s| s.name.to_lowercase()).unwrap_or_default();
            let ok = it.proper.iter().any(|(m, h)| {
                ours.iter().any(|o| o.start < m.end && m.start < o.end)
                    || name.split_whitespace().any(|x| x == h)
            });
            n += 1;
            agree += usize::from(ok);
            if list && !ok {
                let src = it.source;
                let s0 = text[..src.start].rfind(['.', '\n']).map_or(0, |i| i + 1);
                let s1 = text[src.end..]
                    .find(['.', '\n'])
                    .map_or(text.len(), |i| src.end + i + 1);
                let mut uniq: Vec<&str> = Vec::new();
                for (_, h) in &it.proper {
                    if !uniq.contains(&h.as_str()) {
                        uniq.push(h);
                    }
                }
                println!(
                    "{} @{}\n  {}\n  ours: {}   silver: {}",
                    d.id,
                    src.start,
                    text[s0..s1].trim().replace('\n', " "),
                    sp.map(|s| format!("{} [{}]", s.name, s.kind.as_str()))
                        .unwrap_or("-".into()),
                    uniq.join(", ")
                );
            }
        }
    }
    (agree, n)
}

/// A hand-checked set: the PolNeAR gold file and the fixture.
struct Hand {
    gold: std::path::PathBuf,
    fixture: std::path::PathBuf,
}

/// Rows right on the hand-checked sets, and rows.
fn hand_score(
    ex: &whosaid_extract::Extractor,
    resolver: &whosaid_resolve::Resolver,
    hands: &[Hand],
) -> Result<(usize, usize), Box<dyn std::error::Error>> {
    let (mut ok, mut n) = (0, 0);
    for h in hands {
        let r = whosaid_resolve::score::evaluate(ex, resolver, &h.gold, &h.fixture)?;
        if let Some(&(o, k)) = r.by_form.get("all") {
            ok += o;
            n += k;
        }
    }
    Ok((ok, n))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: tune_salience GOLD.jsonl SILVER.jsonl [--skip FIXTURE]... \
                 [--hand GOLD.jsonl FIXTURE.jsonl]... [--hand-weight W] [--list | --tune]";
    let (gold, silver) = (args.get(1).ok_or(usage)?, args.get(2).ok_or(usage)?);
    let mut skip: HashSet<String> = HashSet::new();
    let mut hands: Vec<Hand> = Vec::new();
    let mut hand_weight = 3usize;
    for (i, a) in args.iter().enumerate() {
        match a.as_str() {
            "--skip" => {
                let f = args.get(i + 1).ok_or(usage)?;
                for line in std::fs::read_to_string(f)?.lines() {
                    let v: serde_json::Value = serde_json::from_str(line)?;
                    skip.insert(v["doc"].as_str().unwrap_or_default().to_string());
                }
            }
            "--hand" => hands.push(Hand {
                gold: args.get(i + 1).ok_or(usage)?.into(),
                fixture: args.get(i + 2).ok_or(usage)?.into(),
            }),
            "--hand-weight" => hand_weight = args.get(i + 1).ok_or(usage)?.parse()?,
            _ => {}
        }
    }
    let ex = whosaid_extract::Extractor::builtin()?;
    let docs = load(&ex, gold, silver, &skip)?;
    let mut resolver = whosaid_resolve::Resolver::default();
    let (a, n) = agreement(&ex, &resolver, &docs, args.iter().any(|a| a == "--list"));
    let (h, hn) = hand_score(&ex, &resolver, &hands)?;
    let pct = |a: usize, n: usize| 100.0 * a as f64 / n.max(1) as f64;
    println!(
        "{} articles, {n} pronoun sources with a named silver chain: default weights agree on {a} ({:.1}%); hand-checked rows right {h}/{hn} ({:.1}%)",
        docs.len(),
        pct(a, n),
        pct(h, hn)
    );
    if !args.iter().any(|a| a == "--tune") {
        return Ok(());
    }
    // the objective: silver agreements plus `hand_weight` per hand-checked row right
    let mut best = a + hand_weight * h;
    type Field = fn(&mut Salience) -> &mut f32;
    let fields: [(&str, Field); 9] = [
        ("subject", |s| &mut s.subject),
        ("of_object", |s| &mut s.of_object),
        ("possessive", |s| &mut s.possessive),
        ("quoted", |s| &mut s.quoted),
        ("content", |s| &mut s.content),
        ("paragraph", |s| &mut s.paragraph),
        ("prominence", |s| &mut s.prominence),
        ("source", |s| &mut s.source),
        ("window", |s| &mut s.window),
    ];
    for round in 0..3 {
        let before = best;
        for (name, f) in fields {
            let grid: Vec<f32> = if name == "window" {
                vec![2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 20.0]
            } else {
                (0..=16).map(|k| k as f32 * 0.2).collect()
            };
            let mut w = resolver.salience;
            let current = *f(&mut w);
            let mut pick = current;
            for v in grid {
                let mut cand = resolver.salience;
                *f(&mut cand) = v;
                let r = whosaid_resolve::Resolver {
                    salience: cand,
                    ..resolver.clone()
                };
                let (a, _) = agreement(&ex, &r, &docs, false);
                if a + hand_weight * hn < best {
                    // cannot win even with every hand-checked row right
                    continue;
                }
                let (h, _) = hand_score(&ex, &r, &hands)?;
                if a + hand_weight * h > best {
                    best = a + hand_weight * h;
                    pick = v;
                }
            }
            *f(&mut resolver.salience) = pick;
            println!("round {round} {name:10} {current:.1} -> {pick:.1}: objective {best}");
        }
        if best == before {
            break;
        }
    }
    let (a, _) = agreement(&ex, &resolver, &docs, false);
    let (h, _) = hand_score(&ex, &resolver, &hands)?;
    println!(
        "chosen: {:?}\nsilver agreement {a}/{n} ({:.1}%); hand-checked rows right {h}/{hn} ({:.1}%)",
        resolver.salience,
        pct(a, n),
        pct(h, hn)
    );
    Ok(())
}
