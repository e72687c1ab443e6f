//! Speaker-resolution accuracy on the hand-checked set, overall and by source form.
//!
//! usage: speakers DEV.jsonl FIXTURE.jsonl [--errors]

use std::collections::{BTreeMap, HashMap};

use whosaid_core::{Attribution, AttributionKind, OffsetMap};
use whosaid_resolve::score::{judge, Gold};
use whosaid_resolve::Resolver;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn spans(map: &OffsetMap, v: &serde_json::Value) -> Res<Vec<whosaid_core::Span>> {
    let mut out = Vec::new();
    for p in v.as_array().into_iter().flatten() {
        let a = p[0].as_u64().ok_or("bad span")? as usize;
        let b = p[1].as_u64().ok_or("bad span")? as usize;
        out.push(map.to_bytes([a, b])?);
    }
    Ok(out)
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().collect();
    let (dev, fix) = (
        args.get(1).ok_or("usage: speakers DEV FIXTURE")?,
        args.get(2).ok_or("usage")?,
    );
    let show = args.iter().any(|a| a == "--errors");
    let ex = whosaid_extract::Extractor::builtin()?;
    let resolver = Resolver::default();
    let mut docs: HashMap<String, serde_json::Value> = HashMap::new();
    for line in std::fs::read_to_string(dev)?.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        docs.insert(v["id"].as_str().unwrap_or("").to_string(), v);
    }
    let rows: Vec<serde_json::Value> = std::fs::read_to_string(fix)?
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let mut by: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut cache: HashMap<String, (Vec<Attribution>, whosaid_core::Resolution)> = HashMap::new();
    let pos_labels = ex.taggers.pos.labels().to_vec();
    let ner_labels = ex.taggers.ner.labels().to_vec();
    for row in &rows {
        let id = row["doc"].as_str().ok_or("row without doc")?;
        let doc = docs.get(id).ok_or("doc not in dev")?;
        let text = doc["text"].as_str().ok_or("no text")?;
        let map = OffsetMap::new(text);
        if !cache.contains_key(id) {
            let mut attrs = Vec::new();
            for (i, a) in doc["attributions"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                attrs.push(Attribution {
                    id: i,
                    source: spans(&map, &a["source"])?,
                    cue: spans(&map, &a["cue"])?,
                    content: spans(&map, &a["content"])?,
                    kind: AttributionKind::Indirect,
                    parent: None,
                    continues: None,
                    confidence: 1.0,
                });
            }
            let mut p = ex.taggers.prepare(text);
            ex.taggers.tag_names(text, &mut p);
            let r = resolver.resolve(text, &p, &pos_labels, &ner_labels, &attrs, None);
            if args.iter().any(|a| a == id) {
                for e in &r.entities {
                    let ms: Vec<&str> = e.mentions.iter().map(|m| &text[m.range()]).collect();
                    println!(
                        "entity {} {:?} {:?} {:?} {:?}",
                        e.id, e.name, e.kind, e.titles, ms
                    );
                }
            }
            cache.insert(id.to_string(), (attrs, r));
        }
        let (attrs, r) = &cache[id];
        let src = spans(&map, &row["source"])?;
        let k = attrs
            .iter()
            .position(|a| a.source == src)
            .ok_or("source not found")?;
        let got = r.provenance[k].speaker.as_ref();
        let gold = Gold {
            speaker: row["speaker"].as_str().unwrap_or(""),
            kind: row["speaker_type"].as_str().unwrap_or(""),
            antecedent: match row["antecedent"].as_array() {
                Some(a) if a.len() == 2 => Some(map.to_bytes([
                    a[0].as_u64().unwrap_or(0) as usize,
                    a[1].as_u64().unwrap_or(0) as usize,
                ])?),
                _ => None,
            },
        };
        let ok = judge(&gold, got);
        let form = row["form"].as_str().unwrap_or("").to_string();
        for key in [form.clone(), "all".to_string()] {
            let e = by.entry(key).or_default();
            e.0 += ok as usize;
            e.1 += 1;
        }
        if show && !ok {
            println!(
                "{form:12} {:40} gold {:30} [{}]  got {:30} [{}] ante {:?}",
                row["source_text"]
                    .as_str()
                    .unwrap_or("")
                    .chars()
                    .take(40)
                    .collect::<String>(),
                gold.speaker,
                gold.kind,
                got.map(|s| s.name.as_str()).unwrap_or("-"),
                got.map(|s| s.kind.as_str()).unwrap_or("-"),
                got.and_then(|s| s.antecedent).map(|a| &text[a.range()]),
            );
        }
    }
    for (k, (ok, n)) in &by {
        println!("{k:12} {:5.1}%  ({ok}/{n})", 100.0 * *ok as f64 / *n as f64);
    }
    Ok(())
}
