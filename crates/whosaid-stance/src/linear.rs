//! Multinomial logistic regression on sparse features, trained with AdaGrad SGD.
//!
//! Hashed feature ids (64-bit) are mapped through a dictionary of the ids seen in at least
//! `min_count` training rows; unseen ids are dropped at prediction time.

use crate::gbdt::softmax;
use crate::rng::Rng;

/// Logistic-regression hyper-parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LrParams {
    pub epochs: usize,
    pub learning_rate: f32,
    pub l2: f32,
    /// Keep feature ids seen in at least this many training rows.
    pub min_count: u32,
}

impl Default for LrParams {
    fn default() -> Self {
        LrParams {
            epochs: 10,
            learning_rate: 0.1,
            l2: 1e-6,
            min_count: 2,
        }
    }
}

/// A trained model: `weights[j * n_classes + k]` for dictionary entry `j`, class `k`.
#[derive(Debug, Clone, PartialEq)]
pub struct Softmax {
    pub n_classes: usize,
    /// Sorted feature ids.
    pub keys: Vec<u64>,
    pub weights: Vec<f32>,
    pub bias: Vec<f32>,
}

impl Softmax {
    fn index(&self, id: u64) -> Option<usize> {
        self.keys.binary_search(&id).ok()
    }

    /// Class scores (logits) of a sparse row.
    pub fn raw(&self, x: &[(u64, f32)]) -> Vec<f32> {
        let k = self.n_classes;
        let mut s = self.bias.clone();
        for &(id, v) in x {
            if let Some(j) = self.index(id) {
                if let Some(w) = self.weights.get(j * k..(j + 1) * k) {
                    for (sc, wk) in s.iter_mut().zip(w) {
                        *sc += wk * v;
                    }
                }
            }
        }
        s
    }

    /// Class probabilities of a sparse row.
    pub fn proba(&self, x: &[(u64, f32)]) -> Vec<f32> {
        softmax(&self.raw(x))
    }
}

/// Sorted ids of the features seen in at least `min_count` rows.
pub fn fit_dict(rows: &[Vec<(u64, f32)>], min_count: u32) -> Vec<u64> {
    let mut all: Vec<u64> = Vec::new();
    let mut row_ids: Vec<u64> = Vec::new();
    for r in rows {
        row_ids.clear();
        row_ids.extend(r.iter().map(|&(id, _)| id));
        row_ids.sort_unstable();
        row_ids.dedup();
        all.extend_from_slice(&row_ids);
    }
    all.sort_unstable();
    let mut keys = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j < all.len() && all[j] == all[i] {
            j += 1;
        }
        if (j - i) as u32 >= min_count {
            keys.push(all[i]);
        }
        i = j;
    }
    keys
}

/// Rows as dictionary indices (unknown ids dropped).
pub fn index_rows(keys: &[u64], rows: &[Vec<(u64, f32)>]) -> Vec<Vec<(u32, f32)>> {
    rows.iter()
        .map(|r| {
            r.iter()
                .filter_map(|&(id, v)| keys.binary_search(&id).ok().map(|j| (j as u32, v)))
                .collect()
        })
        .collect()
}

/// Weights and biases trained on the rows `subset` of dictionary-indexed rows.
#[allow(clippy::too_many_arguments)] // the data, its shape and the knobs, all used once
pub fn train_indexed(
    n_features: usize,
    rows: &[Vec<(u32, f32)>],
    subset: &[usize],
    y: &[u32],
    w: &[f32],
    n_classes: usize,
    p: &LrParams,
    seed: u64,
) -> (Vec<f32>, Vec<f32>) {
    let k = n_classes;
    let mut weights = vec![0f32; n_features * k];
    let mut bias = vec![0f32; k];
    let mut g2 = vec![1e-8f32; weights.len()];
    let mut gb = vec![1e-8f32; k];
    let mut order: Vec<usize> = subset.to_vec();
    let mut rng = Rng::new(seed);
    let mut s = vec![0f32; k];
    let mut d = vec![0f32; k];
    for _ in 0..p.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let x = &rows[i];
            s.copy_from_slice(&bias);
            for &(j, v) in x {
                let base = j as usize * k;
                for c in 0..k {
                    s[c] += weights[base + c] * v;
                }
            }
            let prob = softmax(&s);
            for c in 0..k {
                let t = if y[i] as usize == c { 1.0 } else { 0.0 };
                d[c] = (prob[c] - t) * w[i];
                gb[c] += d[c] * d[c];
                bias[c] -= p.learning_rate * d[c] / gb[c].sqrt();
            }
            for &(j, v) in x {
                let base = j as usize * k;
                #[allow(clippy::needless_range_loop)] // c indexes d and the weight row together
                for c in 0..k {
                    let at = base + c;
                    let g = d[c] * v + p.l2 * weights[at];
                    g2[at] += g * g;
                    weights[at] -= p.learning_rate * g / g2[at].sqrt();
                }
            }
        }
    }
    (weights, bias)
}

/// Class scores of a dictionary-indexed row.
pub fn raw_indexed(weights: &[f32], bias: &[f32], x: &[(u32, f32)]) -> Vec<f32> {
    let k = bias.len();
    let mut s = bias.to_vec();
    for &(j, v) in x {
        if let Some(w) = weights.get(j as usize * k..(j as usize + 1) * k) {
            for (sc, wk) in s.iter_mut().zip(w) {
                *sc += wk * v;
            }
        }
    }
    s
}

/// Trains on sparse rows with labels in `0..n_classes` and per-row weights.
pub fn train(
    rows: &[Vec<(u64, f32)>],
    y: &[u32],
    w: &[f32],
    n_classes: usize,
    p: &LrParams,
    seed: u64,
) -> Softmax {
    let keys = fit_dict(rows, p.min_count);
    let idx = index_rows(&keys, rows);
    let all: Vec<usize> = (0..rows.len()).collect();
    let (weights, bias) = train_indexed(keys.len(), &idx, &all, y, w, n_classes, p, seed);
    Softmax {
        n_classes,
        keys,
        weights,
        bias,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_three_classes() {
        let rows: Vec<Vec<(u64, f32)>> = (0..300)
            .map(|i| vec![((i % 3) as u64, 1.0), (100 + (i % 7) as u64, 1.0)])
            .collect();
        let y: Vec<u32> = (0..300).map(|i| (i % 3) as u32).collect();
        let w = vec![1.0; 300];
        let m = train(&rows, &y, &w, 3, &LrParams::default(), 3);
        for (r, &c) in rows.iter().zip(&y).take(9) {
            let p = m.proba(r);
            let best = (0..3).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap_or(0);
            assert_eq!(best as u32, c);
        }
    }
}
