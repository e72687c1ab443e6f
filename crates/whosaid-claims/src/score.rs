//! Scoring grouping and contradiction detection against the hand-labelled claim pairs
//! (`fixtures/claim-pairs-dev.jsonl`, rules in `fixtures/README.md`).

use crate::{contradiction_at, same_proposition, Vectors};

/// Precision, recall and F1 of one decision.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, predicted: bool, gold: bool) {
        match (predicted, gold) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, true) => self.fn_ += 1,
            _ => {}
        }
    }
}

/// One labelled pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub a: String,
    pub b: String,
    /// "same", "contradict", "related" or "different".
    pub relation: String,
}

/// Reads the fixture (JSON Lines with `a_text`, `b_text`, `relation`).
pub fn read_pairs(text: &str) -> Result<Vec<Pair>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let v: serde_json::Value =
                serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1))?;
            let get = |k: &str| {
                v[k].as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("line {}: no {k}", i + 1))
            };
            Ok(Pair {
                a: get("a_text")?,
                b: get("b_text")?,
                relation: get("relation")?,
            })
        })
        .collect()
}

/// Grouping ("same") and contradiction ("contradict") scores at a same-threshold.
pub fn score(pairs: &[Pair], same_threshold: f32) -> (Prf, Prf) {
    let texts: Vec<&str> = pairs
        .iter()
        .flat_map(|p| [p.a.as_str(), p.b.as_str()])
        .collect();
    let v = Vectors::new(texts.iter().copied());
    let (mut same, mut contra) = (Prf::default(), Prf::default());
    for (k, p) in pairs.iter().enumerate() {
        let c = v.cosine(2 * k, 2 * k + 1);
        let pred_same = c >= same_threshold && same_proposition(&p.a, &p.b);
        same.add(pred_same, p.relation == "same");
        let pred_contra = !pred_same && contradiction_at(&p.a, &p.b, c).is_some();
        contra.add(pred_contra, p.relation == "contradict");
    }
    (same, contra)
}
