//! Gradient-boosted regression trees (histogram splits, second-order leaf values), for a
//! binary logistic or a multi-class softmax objective. Deterministic: row subsampling uses
//! the caller's seed, ties between splits go to the lower feature / bin.

use crate::rng::Rng;

/// Boosting hyper-parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GbdtParams {
    pub n_rounds: usize,
    pub max_depth: usize,
    pub learning_rate: f32,
    /// L2 penalty on leaf values.
    pub lambda: f32,
    /// Minimum hessian sum in a child.
    pub min_child_weight: f32,
    /// Fraction of rows sampled (without replacement) for each round.
    pub subsample: f32,
    /// Maximum number of histogram bins per feature (≤ 256).
    pub max_bins: usize,
}

impl Default for GbdtParams {
    fn default() -> Self {
        GbdtParams {
            n_rounds: 200,
            max_depth: 5,
            learning_rate: 0.1,
            lambda: 1.0,
            min_child_weight: 1.0,
            subsample: 0.8,
            max_bins: 64,
        }
    }
}

/// A tree node; a leaf when `feature == LEAF`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Node {
    pub feature: u32,
    /// Go left when `x[feature] <= threshold`.
    pub threshold: f32,
    pub left: u32,
    pub right: u32,
    pub value: f32,
}

/// Marks a leaf.
pub const LEAF: u32 = u32::MAX;

/// One regression tree.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tree {
    pub nodes: Vec<Node>,
}

impl Tree {
    /// The leaf value for `x`.
    pub fn eval(&self, x: &[f32]) -> f32 {
        let mut i = 0usize;
        // Bounded walk: a well-formed tree reaches a leaf in fewer steps than it has nodes.
        for _ in 0..=self.nodes.len() {
            let Some(n) = self.nodes.get(i) else {
                return 0.0;
            };
            if n.feature == LEAF {
                return n.value;
            }
            let v = x.get(n.feature as usize).copied().unwrap_or(0.0);
            i = if v <= n.threshold {
                n.left as usize
            } else {
                n.right as usize
            };
        }
        0.0
    }

    /// Checks child indices point forward inside the tree.
    pub fn validate(&self, n_features: usize) -> Result<(), String> {
        for (i, n) in self.nodes.iter().enumerate() {
            if n.feature == LEAF {
                continue;
            }
            if n.feature as usize >= n_features {
                return Err(format!(
                    "node {i} splits on feature {} ≥ {n_features}",
                    n.feature
                ));
            }
            for c in [n.left, n.right] {
                if c as usize <= i || c as usize >= self.nodes.len() {
                    return Err(format!("node {i} has child {c} out of range"));
                }
            }
        }
        if self.nodes.is_empty() {
            return Err("empty tree".into());
        }
        Ok(())
    }
}

/// A boosted ensemble. `n_outputs` is 1 for a binary (logistic) model, K for softmax.
#[derive(Debug, Clone, PartialEq)]
pub struct Gbdt {
    pub n_features: usize,
    pub n_outputs: usize,
    pub base: Vec<f32>,
    /// Round-major: tree `r * n_outputs + k` is round r's tree for output k.
    pub trees: Vec<Tree>,
}

impl Gbdt {
    /// Raw scores (logits).
    pub fn raw(&self, x: &[f32]) -> Vec<f32> {
        let mut s = self.base.clone();
        for (i, t) in self.trees.iter().enumerate() {
            if let Some(v) = s.get_mut(i % self.n_outputs.max(1)) {
                *v += t.eval(x);
            }
        }
        s
    }

    /// Probabilities: `[p(0), p(1)]` for a binary model, the softmax otherwise.
    pub fn proba(&self, x: &[f32]) -> Vec<f32> {
        let s = self.raw(x);
        if self.n_outputs == 1 {
            let p = sigmoid(s[0]);
            vec![1.0 - p, p]
        } else {
            softmax(&s)
        }
    }
}

/// Logistic function.
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Softmax of a score vector.
pub fn softmax(s: &[f32]) -> Vec<f32> {
    let m = s.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let e: Vec<f32> = s.iter().map(|&v| (v - m).exp()).collect();
    let z: f32 = e.iter().sum();
    e.into_iter().map(|v| v / z).collect()
}

/// Quantile cut points per feature: bin `b` holds values in `(cuts[b-1], cuts[b]]`.
fn fit_cuts(x: &[f32], n_rows: usize, n_feat: usize, max_bins: usize) -> Vec<Vec<f32>> {
    let mut cuts = Vec::with_capacity(n_feat);
    let mut col = vec![0f32; n_rows];
    for f in 0..n_feat {
        for r in 0..n_rows {
            col[r] = x[r * n_feat + f];
        }
        col.sort_by(f32::total_cmp);
        let mut c: Vec<f32> = Vec::new();
        for b in 1..max_bins {
            let v = col[(b * n_rows) / max_bins];
            if c.last().is_none_or(|&l| v > l) {
                c.push(v);
            }
        }
        // The largest value needs no cut.
        if let (Some(&l), Some(&mx)) = (c.last(), col.last()) {
            if l >= mx {
                c.pop();
            }
        }
        cuts.push(c);
    }
    cuts
}

struct Builder<'a> {
    bins: &'a [u8], // column-major: bins[f * n_rows + r]
    n_rows: usize,
    cuts: &'a [Vec<f32>],
    /// Start of each feature's bins in a flat histogram (len n_feat + 1).
    offsets: Vec<usize>,
    p: &'a GbdtParams,
    threads: usize,
}

type Hist = Vec<(f64, f64)>;

impl Builder<'_> {
    fn leaf_value(&self, g: f64, h: f64) -> f32 {
        (-(g / (h + f64::from(self.p.lambda))) * f64::from(self.p.learning_rate)) as f32
    }

    fn hist_range(&self, rows: &[u32], grad: &[(f32, f32)], f0: usize, f1: usize) -> Hist {
        let base = self.offsets[f0];
        let mut hist = vec![(0f64, 0f64); self.offsets[f1] - base];
        for f in f0..f1 {
            let col = &self.bins[f * self.n_rows..(f + 1) * self.n_rows];
            let h = &mut hist[self.offsets[f] - base..self.offsets[f + 1] - base];
            for &r in rows {
                let (gg, hh) = grad[r as usize];
                let e = &mut h[col[r as usize] as usize];
                e.0 += f64::from(gg);
                e.1 += f64::from(hh);
            }
        }
        hist
    }

    /// Histogram of `rows` over all features (features split across threads for big nodes;
    /// the result does not depend on the thread count).
    fn hist(&self, rows: &[u32], grad: &[(f32, f32)]) -> Hist {
        let n_feat = self.offsets.len() - 1;
        let threads = self.threads.min(n_feat).max(1);
        if threads == 1 || rows.len() < 4096 {
            return self.hist_range(rows, grad, 0, n_feat);
        }
        let per = n_feat.div_ceil(threads);
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let (f0, f1) = ((t * per).min(n_feat), ((t + 1) * per).min(n_feat));
                    s.spawn(move || self.hist_range(rows, grad, f0, f1))
                })
                .collect();
            let mut out = Vec::with_capacity(*self.offsets.last().unwrap_or(&0));
            for h in handles {
                match h.join() {
                    Ok(v) => out.extend(v),
                    Err(e) => std::panic::resume_unwind(e),
                }
            }
            out
        })
    }

    fn build(
        &self,
        rows: &mut [u32],
        grad: &[(f32, f32)],
        hist: Hist,
        depth: usize,
        tree: &mut Tree,
    ) {
        // Totals from the first feature's bins.
        let (g, h) = hist[self.offsets[0]..self.offsets[1]]
            .iter()
            .fold((0f64, 0f64), |(a, b), &(gg, hh)| (a + gg, b + hh));
        let me = tree.nodes.len();
        tree.nodes.push(Node {
            feature: LEAF,
            threshold: 0.0,
            left: 0,
            right: 0,
            value: self.leaf_value(g, h),
        });
        let mcw = f64::from(self.p.min_child_weight);
        if depth >= self.p.max_depth || h < 2.0 * mcw || rows.len() < 2 {
            return;
        }
        let lambda = f64::from(self.p.lambda);
        let parent = g * g / (h + lambda);
        let mut best: Option<(f64, usize, usize)> = None;
        for f in 0..self.offsets.len() - 1 {
            let fh = &hist[self.offsets[f]..self.offsets[f + 1]];
            let (mut gl, mut hl) = (0f64, 0f64);
            for (b, &(hg, hh)) in fh.iter().enumerate().take(fh.len().saturating_sub(1)) {
                gl += hg;
                hl += hh;
                let (gr, hr) = (g - gl, h - hl);
                if hl < mcw || hr < mcw {
                    continue;
                }
                let gain = gl * gl / (hl + lambda) + gr * gr / (hr + lambda) - parent;
                if gain > 1e-9 && best.is_none_or(|(bg, _, _)| gain > bg) {
                    best = Some((gain, f, b));
                }
            }
        }
        let Some((_, f, b)) = best else {
            return;
        };
        let col = &self.bins[f * self.n_rows..(f + 1) * self.n_rows];
        // Stable partition: rows with bin <= b first.
        let mut left: Vec<u32> = Vec::with_capacity(rows.len());
        let mut right: Vec<u32> = Vec::with_capacity(rows.len());
        for &r in rows.iter() {
            if col[r as usize] as usize <= b {
                left.push(r);
            } else {
                right.push(r);
            }
        }
        let nl = left.len();
        rows[..nl].copy_from_slice(&left);
        rows[nl..].copy_from_slice(&right);
        let (lrows, rrows) = rows.split_at_mut(nl);
        tree.nodes[me].feature = f as u32;
        tree.nodes[me].threshold = self.cuts[f][b];
        // Histogram of the smaller child directly, the larger one by subtraction.
        let small_is_left = lrows.len() <= rrows.len();
        let small = if small_is_left {
            self.hist(lrows, grad)
        } else {
            self.hist(rrows, grad)
        };
        let mut large = hist;
        for (l, s) in large.iter_mut().zip(&small) {
            l.0 -= s.0;
            l.1 -= s.1;
        }
        let (lh, rh) = if small_is_left {
            (small, large)
        } else {
            (large, small)
        };
        let l = tree.nodes.len() as u32;
        tree.nodes[me].left = l;
        self.build(lrows, grad, lh, depth + 1, tree);
        let r = tree.nodes.len() as u32;
        tree.nodes[me].right = r;
        self.build(rrows, grad, rh, depth + 1, tree);
    }
}

/// Trains a booster on row-major `x` (`n_rows × n_feat`), labels `y` in `0..n_classes` and
/// per-row weights `w`. `n_classes == 2` gives one logistic output.
#[allow(clippy::too_many_arguments)] // the data, its shape and the knobs, all used once
pub fn train(
    x: &[f32],
    n_feat: usize,
    y: &[u32],
    w: &[f32],
    n_classes: usize,
    params: &GbdtParams,
    seed: u64,
    threads: usize,
) -> Gbdt {
    let n_rows = y.len();
    let n_out = if n_classes == 2 { 1 } else { n_classes };
    let max_bins = params.max_bins.clamp(2, 256);
    let cuts = fit_cuts(x, n_rows, n_feat, max_bins);
    let mut bins = vec![0u8; n_rows * n_feat];
    for f in 0..n_feat {
        for r in 0..n_rows {
            let v = x[r * n_feat + f];
            bins[f * n_rows + r] = cuts[f].partition_point(|&c| c < v) as u8;
        }
    }
    // Base scores from weighted class priors.
    let mut prior = vec![1e-3f64; n_classes];
    for (&c, &wt) in y.iter().zip(w) {
        prior[c as usize] += f64::from(wt);
    }
    let tot: f64 = prior.iter().sum();
    let base: Vec<f32> = if n_out == 1 {
        vec![(prior[1] / prior[0]).ln() as f32]
    } else {
        prior.iter().map(|p| (p / tot).ln() as f32).collect()
    };
    let mut scores: Vec<f32> = (0..n_rows).flat_map(|_| base.iter().copied()).collect();
    let mut rng = Rng::new(seed);
    let mut trees = Vec::with_capacity(params.n_rounds * n_out);
    let mut offsets = vec![0usize];
    for c in &cuts {
        let last = offsets.last().copied().unwrap_or(0);
        offsets.push(last + c.len() + 1);
    }
    let b = Builder {
        bins: &bins,
        n_rows,
        cuts: &cuts,
        offsets,
        p: params,
        threads,
    };
    let mut grads: Vec<Vec<(f32, f32)>> = vec![vec![(0.0, 0.0); n_rows]; n_out];
    let all_rows: Vec<u32> = (0..n_rows as u32).collect();
    for _ in 0..params.n_rounds {
        for r in 0..n_rows {
            let s = &scores[r * n_out..(r + 1) * n_out];
            let wt = w[r];
            if n_out == 1 {
                let p = sigmoid(s[0]);
                let t = if y[r] == 1 { 1.0 } else { 0.0 };
                grads[0][r] = ((p - t) * wt, (p * (1.0 - p)).max(1e-6) * wt);
            } else {
                let p = softmax(s);
                for k in 0..n_out {
                    let t = if y[r] as usize == k { 1.0 } else { 0.0 };
                    grads[k][r] = ((p[k] - t) * wt, (p[k] * (1.0 - p[k])).max(1e-6) * wt);
                }
            }
        }
        let mut rows: Vec<u32> = if params.subsample < 1.0 {
            all_rows
                .iter()
                .copied()
                .filter(|_| rng.next_f32() < params.subsample)
                .collect()
        } else {
            all_rows.clone()
        };
        for g in grads.iter().take(n_out) {
            let mut tree = Tree::default();
            let hist = b.hist(&rows, g);
            b.build(&mut rows, g, hist, 0, &mut tree);
            trees.push(tree);
        }
        let new = &trees[trees.len() - n_out..];
        for r in 0..n_rows {
            let xr = &x[r * n_feat..(r + 1) * n_feat];
            for (k, t) in new.iter().enumerate() {
                scores[r * n_out + k] += t.eval(xr);
            }
        }
    }
    Gbdt {
        n_features: n_feat,
        n_outputs: n_out,
        base,
        trees,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_xor_like() {
        let mut x = Vec::new();
        let mut y = Vec::new();
        let mut rng = Rng::new(7);
        for _ in 0..400 {
            let a = rng.next_f32();
            let b = rng.next_f32();
            x.extend([a, b]);
            y.push(u32::from((a > 0.5) != (b > 0.5)));
        }
        let w = vec![1.0; y.len()];
        let m = train(&x, 2, &y, &w, 2, &GbdtParams::default(), 1, 2);
        let acc = (0..y.len())
            .filter(|&i| (m.proba(&x[i * 2..i * 2 + 2])[1] > 0.5) == (y[i] == 1))
            .count();
        assert!(acc > 380, "accuracy {acc}/400");
        for t in &m.trees {
            t.validate(2).expect("valid tree");
        }
    }
}
