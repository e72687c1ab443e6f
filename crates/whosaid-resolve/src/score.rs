//! Scoring speaker resolution against the hand-checked set
//! (`fixtures/speakers-dev.jsonl`; rules in `fixtures/README.md`).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use whosaid_core::{
    Attribution, AttributionKind, OffsetMap, Resolution, Span, Speaker, SpeakerType,
};
use whosaid_extract::Extractor;

use crate::{Error, Resolver};

/// Lower case, no leading "the", no possessive 's, letters, digits and spaces only.
pub fn normalize(name: &str) -> String {
    let s = name.to_lowercase().replace("’s", "").replace("'s", "");
    let s: String = s
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = s.split_whitespace().collect();
    let words = match words.first() {
        Some(&"the") => &words[1..],
        _ => &words[..],
    };
    words.join(" ")
}

/// The gold side of one row.
#[derive(Debug, Clone)]
pub struct Gold<'a> {
    pub speaker: &'a str,
    pub kind: &'a str,
    /// Byte span.
    pub antecedent: Option<Span>,
}

/// Is the resolver's speaker right for this row?
pub fn judge(gold: &Gold, got: Option<&Speaker>) -> bool {
    let Some(got) = got else { return false };
    match gold.kind {
        "author" => got.kind == SpeakerType::Author,
        "anonymous" | "unnamed_group" | "unnamed_reports" => {
            let kind_ok = got.kind.as_str() == gold.kind;
            let ante_ok = match (gold.antecedent, got.antecedent) {
                (Some(g), Some(p)) => g.start < p.end && p.start < g.end,
                (None, _) => true,
                (Some(_), None) => false,
            };
            kind_ok && ante_ok
        }
        _ => normalize(&got.name) == normalize(gold.speaker),
    }
}

/// Accuracy by source form ("named", "pronoun", "description", "anonymous") and
/// overall ("all"): (right, rows).
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub by_form: BTreeMap<String, (usize, usize)>,
    /// One line per wrong row, for people.
    pub errors: Vec<String>,
}

impl Report {
    /// Accuracy of a form (or "all") in [0, 1]; 0 when there are no rows.
    pub fn accuracy(&self, form: &str) -> f64 {
        match self.by_form.get(form) {
            Some(&(ok, n)) if n > 0 => ok as f64 / n as f64,
            _ => 0.0,
        }
    }
}

fn bad(path: &Path, line: usize, message: impl Into<String>) -> Error {
    Error::Data {
        path: path.display().to_string(),
        line,
        message: message.into(),
    }
}

/// The byte spans of a PolNeAR role (`[[start, end], …]` in code points), if well formed.
pub fn gold_spans(map: &OffsetMap, v: &serde_json::Value) -> Option<Vec<Span>> {
    let mut out = Vec::new();
    for p in v.as_array()? {
        let a = p.get(0)?.as_u64()? as usize;
        let b = p.get(1)?.as_u64()? as usize;
        out.push(map.to_bytes([a, b]).ok()?);
    }
    Some(out)
}

/// Resolves the gold attributions of the fixture's articles (from the PolNeAR gold
/// file `dev`) and scores the speaker of every fixture row.
pub fn evaluate(
    ex: &Extractor,
    resolver: &Resolver,
    dev: &Path,
    fixture: &Path,
) -> crate::Result<Report> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|source| Error::Io {
            path: p.display().to_string(),
            source,
        })
    };
    let mut docs: HashMap<String, serde_json::Value> = HashMap::new();
    for (i, line) in read(dev)?.lines().enumerate() {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| bad(dev, i + 1, e.to_string()))?;
        docs.insert(v["id"].as_str().unwrap_or_default().to_string(), v);
    }
    let pos_labels = ex.taggers.pos.labels();
    let ner_labels = ex.taggers.ner.labels();
    let mut cache: HashMap<String, (Vec<Attribution>, Resolution)> = HashMap::new();
    let mut report = Report::default();
    for (i, line) in read(fixture)?.lines().enumerate() {
        let row: serde_json::Value =
            serde_json::from_str(line).map_err(|e| bad(fixture, i + 1, e.to_string()))?;
        let id = row["doc"]
            .as_str()
            .ok_or_else(|| bad(fixture, i + 1, "no doc"))?;
        let doc = docs
            .get(id)
            .ok_or_else(|| bad(fixture, i + 1, format!("{id} is not in {}", dev.display())))?;
        let text = doc["text"]
            .as_str()
            .ok_or_else(|| bad(dev, 0, format!("{id} has no text")))?;
        let map = OffsetMap::new(text);
        if !cache.contains_key(id) {
            let mut attrs = Vec::new();
            for (k, a) in doc["attributions"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                let get = |role: &str| {
                    gold_spans(&map, &a[role])
                        .ok_or_else(|| bad(dev, 0, format!("{id}: bad {role} span")))
                };
                attrs.push(Attribution {
                    id: k,
                    source: get("source")?,
                    cue: get("cue")?,
                    content: get("content")?,
                    kind: AttributionKind::Indirect,
                    parent: None,
                    continues: None,
                    confidence: 1.0,
                });
            }
            let mut p = ex.taggers.prepare(text);
            ex.taggers.tag_names(text, &mut p);
            let r = resolver.resolve(text, &p, pos_labels, ner_labels, &attrs, None);
            cache.insert(id.to_string(), (attrs, r));
        }
        let Some((attrs, r)) = cache.get(id) else {
            continue;
        };
        let src = gold_spans(&map, &row["source"])
            .ok_or_else(|| bad(fixture, i + 1, "bad source span"))?;
        let k = attrs
            .iter()
            .position(|a| a.source == src)
            .ok_or_else(|| bad(fixture, i + 1, "no gold attribution has this source"))?;
        let got = r.provenance.get(k).and_then(|p| p.speaker.as_ref());
        let antecedent = match row["antecedent"].as_array() {
            Some(a) if a.len() == 2 => Some(
                map.to_bytes([
                    a[0].as_u64().unwrap_or(0) as usize,
                    a[1].as_u64().unwrap_or(0) as usize,
                ])
                .map_err(|e| bad(fixture, i + 1, e.to_string()))?,
            ),
            _ => None,
        };
        let gold = Gold {
            speaker: row["speaker"].as_str().unwrap_or(""),
            kind: row["speaker_type"].as_str().unwrap_or(""),
            antecedent,
        };
        let ok = judge(&gold, got);
        let form = row["form"].as_str().unwrap_or("").to_string();
        for key in [form.clone(), "all".to_string()] {
            let e = report.by_form.entry(key).or_default();
            e.0 += ok as usize;
            e.1 += 1;
        }
        if !ok {
            report.errors.push(format!(
                "{form:12} {:40} gold {} [{}]  got {} [{}]",
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
            ));
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_names() {
        assert_eq!(normalize("The New York Times"), "new york times");
        assert_eq!(normalize("Clinton’s campaign"), "clinton campaign");
        assert_eq!(normalize("Sen. X"), "sen x");
    }
}
