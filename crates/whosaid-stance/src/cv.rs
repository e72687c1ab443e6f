//! Cross-validation and the FNC-1 score.

use std::collections::BTreeMap;

use crate::data::{Bodies, Pair, Stance};
use crate::error::{Error, Result};
use crate::model::{body_folds, Decision, Probs, StanceModel, TrainConfig};

/// How pairs are grouped into folds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// By `Body ID`: no body on both sides (the FNC-1 protocol; headlines do recur).
    Body,
    /// By claim: bodies joined by a related headline (connected components of the
    /// related-pair graph) stay together, so a held-out body's claim is unseen as related.
    Claim,
}

impl std::str::FromStr for Split {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "body" => Ok(Split::Body),
            "claim" => Ok(Split::Claim),
            _ => Err(format!("unknown split {s:?} (body, claim)")),
        }
    }
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// The fold (0..k) of every pair. Deterministic: groups are named by their smallest sorted
/// body id, shuffled with `seed`, and dealt round-robin.
pub fn assign_folds(pairs: &[Pair], k: usize, split: Split, seed: u64) -> Vec<usize> {
    let ids: Vec<&str> = pairs.iter().map(|p| p.body_id.as_str()).collect();
    let group_of: BTreeMap<String, String> = match split {
        Split::Body => ids
            .iter()
            .map(|&i| (i.to_string(), i.to_string()))
            .collect(),
        Split::Claim => {
            let mut u: Vec<&str> = ids.clone();
            u.sort_unstable();
            u.dedup();
            let index: BTreeMap<&str, usize> = u.iter().enumerate().map(|(i, &s)| (s, i)).collect();
            let mut parent: Vec<usize> = (0..u.len()).collect();
            // Related pairs link a headline to bodies; join each headline's related bodies.
            let mut first_body: BTreeMap<&str, usize> = BTreeMap::new();
            for p in pairs {
                if !p.stance.is_some_and(Stance::is_related) {
                    continue;
                }
                let Some(&b) = index.get(p.body_id.as_str()) else {
                    continue;
                };
                match first_body.get(p.headline.as_str()) {
                    None => {
                        first_body.insert(&p.headline, b);
                    }
                    Some(&a) => {
                        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                        if ra != rb {
                            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
                            parent[hi] = lo;
                        }
                    }
                }
            }
            (0..u.len())
                .map(|i| {
                    let r = find(&mut parent, i);
                    (u[i].to_string(), u[r].to_string())
                })
                .collect()
        }
    };
    let groups: Vec<&str> = group_of.values().map(String::as_str).collect();
    let folds = body_folds(&groups, k, seed);
    pairs
        .iter()
        .map(|p| {
            group_of
                .get(&p.body_id)
                .and_then(|g| folds.get(g))
                .copied()
                .unwrap_or(0)
        })
        .collect()
}

/// Out-of-fold probabilities for every pair: for each fold, a model trained on the other
/// folds predicts the held-out pairs. `progress` is called after each fold.
pub fn cross_validate(
    pairs: &[Pair],
    bodies: &Bodies,
    config: &TrainConfig,
    folds: &[usize],
    seed: u64,
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<Probs>> {
    if folds.len() != pairs.len() {
        return Err(Error::LengthMismatch(pairs.len(), folds.len()));
    }
    let k = folds.iter().copied().max().map_or(0, |m| m + 1);
    let mut out: Vec<Option<Probs>> = vec![None; pairs.len()];
    for f in 0..k {
        let train: Vec<Pair> = pairs
            .iter()
            .zip(folds)
            .filter(|(_, &g)| g != f)
            .map(|(p, _)| p.clone())
            .collect();
        let test_idx: Vec<usize> = (0..pairs.len()).filter(|&i| folds[i] == f).collect();
        if test_idx.is_empty() {
            continue;
        }
        let test: Vec<Pair> = test_idx
            .iter()
            .map(|&i| Pair {
                stance: None,
                ..pairs[i].clone()
            })
            .collect();
        let model = StanceModel::train(&train, bodies, config, seed)?;
        let probs = model.probs_batch(&test, bodies, config.threads)?;
        for (i, p) in test_idx.into_iter().zip(probs) {
            out[i] = Some(p);
        }
        progress(f + 1, k);
    }
    out.into_iter()
        .enumerate()
        .map(|(i, p)| p.ok_or_else(|| Error::Training(format!("pair {i} got no prediction"))))
        .collect()
}

/// The FNC-1 weighted score of predictions against gold labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub score: f64,
    pub max: f64,
    /// Rows gold, columns predicted, in [`Stance::ALL`] order.
    pub confusion: [[u64; 4]; 4],
}

impl Score {
    pub fn relative(&self) -> f64 {
        if self.max > 0.0 {
            self.score / self.max
        } else {
            0.0
        }
    }

    /// Per-class (precision, recall, F1).
    pub fn per_class(&self) -> [(f64, f64, f64); 4] {
        let mut out = [(0.0, 0.0, 0.0); 4];
        for (c, o) in out.iter_mut().enumerate() {
            let tp = self.confusion[c][c] as f64;
            let pred: u64 = (0..4).map(|g| self.confusion[g][c]).sum();
            let gold: u64 = self.confusion[c].iter().sum();
            let p = if pred > 0 { tp / pred as f64 } else { 0.0 };
            let r = if gold > 0 { tp / gold as f64 } else { 0.0 };
            let f = if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            };
            *o = (p, r, f);
        }
        out
    }

    /// A plain-text report.
    pub fn report(&self) -> String {
        let mut s = format!(
            "FNC-1 score {:.2} of {:.2}: relative {:.4}\n",
            self.score,
            self.max,
            self.relative()
        );
        s.push_str("gold \\ pred      agree  disagree   discuss unrelated\n");
        for (g, row) in self.confusion.iter().enumerate() {
            s.push_str(&format!(
                "{:<12} {:>9} {:>9} {:>9} {:>9}\n",
                Stance::ALL[g].as_str(),
                row[0],
                row[1],
                row[2],
                row[3]
            ));
        }
        for (c, (p, r, f)) in self.per_class().iter().enumerate() {
            s.push_str(&format!(
                "{:<10} P {:.3} R {:.3} F1 {:.3}\n",
                Stance::ALL[c].as_str(),
                p,
                r,
                f
            ));
        }
        s
    }
}

/// Scores predictions (the official FNC-1 formula).
pub fn fnc_score(gold: &[Stance], pred: &[Stance]) -> Score {
    let mut score = 0.0;
    let mut max = 0.0;
    let mut confusion = [[0u64; 4]; 4];
    for (&g, &p) in gold.iter().zip(pred) {
        confusion[g.index()][p.index()] += 1;
        max += if g.is_related() { 1.0 } else { 0.25 };
        if g.is_related() == p.is_related() {
            score += 0.25;
        }
        if g.is_related() && g == p {
            score += 0.75;
        }
    }
    Score {
        score,
        max,
        confusion,
    }
}

/// Applies `decision` to every probability row.
pub fn decide_all(probs: &[Probs], decision: &Decision) -> Vec<Stance> {
    probs.iter().map(|p| decision.decide(p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_formula() {
        use Stance::*;
        let gold = [Agree, Unrelated, Discuss, Disagree];
        let pred = [Agree, Unrelated, Agree, Unrelated];
        let s = fnc_score(&gold, &pred);
        assert!((s.score - (1.0 + 0.25 + 0.25 + 0.0)).abs() < 1e-9);
        assert!((s.max - 3.25).abs() < 1e-9);
    }

    #[test]
    fn folds_keep_bodies_together() {
        let pairs: Vec<Pair> = (0..200)
            .map(|i| Pair {
                headline: format!("h{}", i % 17),
                body_id: format!("{}", i % 31),
                stance: Some(if i % 3 == 0 {
                    Stance::Agree
                } else {
                    Stance::Unrelated
                }),
            })
            .collect();
        for split in [Split::Body, Split::Claim] {
            let f = assign_folds(&pairs, 5, split, 1);
            let mut by_body: BTreeMap<&str, usize> = BTreeMap::new();
            for (p, &k) in pairs.iter().zip(&f) {
                assert_eq!(*by_body.entry(&p.body_id).or_insert(k), k);
            }
            assert_eq!(f, assign_folds(&pairs, 5, split, 1));
        }
    }
}
