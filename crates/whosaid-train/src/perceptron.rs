//! Averaged perceptron training (Collins 2002) for [`SequenceModel`] (structured,
//! Viterbi-decoded) and [`Classifier`] (multiclass).
//!
//! Deterministic by construction: features are numbered in sorted-hash order, the
//! examples are shuffled by a fixed-seed xorshift generator, updates are applied in
//! one thread in a fixed order, and the averaged weights are computed in `f64` and
//! rounded once. Same input and options ⇒ byte-identical model file.

use std::sync::Arc;

use whosaid_models::perceptron::decode_best;
use whosaid_models::{Classifier, Positions, SequenceModel};

use crate::{Error, Result};

/// What the progress callback sees after each epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EpochStats {
    /// 1-based epoch just finished.
    pub epoch: usize,
    pub epochs: usize,
    /// Positions (or examples) predicted wrongly during the epoch, before updating.
    pub errors: usize,
    pub positions: usize,
}

/// Called after each epoch.
pub type Progress = Arc<dyn Fn(&EpochStats) + Send + Sync>;

/// Training options.
#[derive(Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    /// Seed of the example shuffling.
    pub seed: u64,
    /// Features seen fewer times than this in the training data are dropped.
    pub min_count: u32,
    /// Learn transitions (Viterbi decoding); `false` gives a greedy tagger.
    pub transitions: bool,
    /// Averaged weights with an absolute value below this are set to zero and rows
    /// left all-zero are dropped (smaller model files).
    pub prune_below: f32,
    /// Models trained with different shuffles whose weights are averaged (1 = one).
    pub bags: usize,
    pub progress: Option<Progress>,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 10,
            seed: 0x5eed_1234,
            min_count: 1,
            transitions: true,
            prune_below: 0.0,
            bags: 1,
            progress: None,
        }
    }
}

impl std::fmt::Debug for TrainOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrainOptions")
            .field("epochs", &self.epochs)
            .field("seed", &self.seed)
            .field("min_count", &self.min_count)
            .field("transitions", &self.transitions)
            .field("prune_below", &self.prune_below)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// xorshift64* — a tiny deterministic generator for shuffling.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    pub fn new(seed: u64) -> XorShift {
        XorShift(seed ^ 0x9E37_79B9_7F4A_7C15 | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform-enough index below `n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

/// Sorted distinct feature hashes seen at least `min_count` times.
fn feature_keys<'a>(all: impl Iterator<Item = &'a [u64]>, min_count: u32) -> Vec<u64> {
    let mut hashes: Vec<u64> = Vec::new();
    for f in all {
        hashes.extend_from_slice(f);
    }
    hashes.sort_unstable();
    let mut keys = Vec::new();
    let mut i = 0;
    while i < hashes.len() {
        let mut j = i + 1;
        while j < hashes.len() && hashes[j] == hashes[i] {
            j += 1;
        }
        if (j - i) as u64 >= u64::from(min_count.max(1)) {
            keys.push(hashes[i]);
        }
        i = j;
    }
    keys
}

/// Flat feature ids: position `p` owns `ids[starts[p]..starts[p + 1]]`.
struct Flat {
    ids: Vec<u32>,
    starts: Vec<usize>,
}

impl Flat {
    fn new() -> Flat {
        Flat {
            ids: Vec::new(),
            starts: vec![0],
        }
    }
    fn push(&mut self, feats: &[u64], keys: &[u64]) {
        self.ids.extend(
            feats
                .iter()
                .filter_map(|f| keys.binary_search(f).ok().map(|i| i as u32)),
        );
        self.starts.push(self.ids.len());
    }
    fn get(&self, p: usize) -> &[u32] {
        &self.ids[self.starts[p]..self.starts[p + 1]]
    }
}

/// Dense weights plus the running sums needed for averaging.
struct Averaged {
    w: Vec<f32>,
    u: Vec<f64>,
}

impl Averaged {
    fn new(n: usize) -> Averaged {
        Averaged {
            w: vec![0.0; n],
            u: vec![0.0; n],
        }
    }
    #[inline]
    fn update(&mut self, i: usize, delta: f32, c: f64) {
        self.w[i] += delta;
        self.u[i] += c * f64::from(delta);
    }
    fn average(&self, c: f64) -> Vec<f32> {
        self.w
            .iter()
            .zip(&self.u)
            .map(|(&w, &u)| (f64::from(w) - u / c) as f32)
            .collect()
    }
}

/// Zeroes small weights and drops all-zero rows; returns the kept keys and weights.
fn prune(keys: Vec<u64>, mut w: Vec<f32>, l: usize, below: f32) -> (Vec<u64>, Vec<f32>) {
    for x in w.iter_mut() {
        if x.abs() < below || *x == 0.0 {
            *x = 0.0;
        }
    }
    let mut out_keys = Vec::with_capacity(keys.len());
    let mut out_w = Vec::with_capacity(w.len());
    for (r, k) in keys.into_iter().enumerate() {
        let row = &w[r * l..(r + 1) * l];
        if row.iter().any(|x| *x != 0.0) {
            out_keys.push(k);
            out_w.extend_from_slice(row);
        }
    }
    (out_keys, out_w)
}

/// The number of labels, which must fit a `u16` and not be zero.
fn check_labels(labels: &[String]) -> Result<usize> {
    let l = labels.len();
    if l == 0 || l > usize::from(u16::MAX) {
        return Err(Error::Invalid(format!("{l} labels")));
    }
    Ok(l)
}

fn check_gold(gold: &[u16], l: usize) -> Result<()> {
    if let Some(g) = gold.iter().find(|g| usize::from(**g) >= l) {
        return Err(Error::Invalid(format!(
            "gold label {g} out of range for {l} labels"
        )));
    }
    Ok(())
}

/// Trains a linear-chain model with the averaged structured perceptron.
///
/// `data` holds, per sequence, the features of each position and the gold label of
/// each position (indices into `labels`).
pub fn train_sequence<P: Positions>(
    data: &[(P, Vec<u16>)],
    labels: Vec<String>,
    opts: &TrainOptions,
) -> Result<SequenceModel> {
    let l = check_labels(&labels)?;
    for (f, g) in data {
        if f.len() != g.len() {
            return Err(Error::Invalid(format!(
                "{} positions but {} gold labels",
                f.len(),
                g.len()
            )));
        }
        check_gold(g, l)?;
    }
    let keys = feature_keys(
        data.iter()
            .flat_map(|(f, _)| (0..f.len()).map(move |i| f.get(i))),
        opts.min_count,
    );
    let mut flat = Flat::new();
    let mut seq_start = Vec::with_capacity(data.len() + 1);
    seq_start.push(0usize);
    for (f, _) in data {
        for i in 0..f.len() {
            flat.push(f.get(i), &keys);
        }
        seq_start.push(flat.starts.len() - 1);
    }
    // one averaged perceptron per shuffle seed; with `bags > 1` their weights are
    // averaged (a cheap ensemble: one model of the same size at run time)
    let bags = opts.bags.max(1);
    let mut sum_w: Vec<f32> = Vec::new();
    let mut sum_t: Option<Vec<f32>> = None;
    for bag in 0..bags {
        let seed = opts.seed.wrapping_add(bag as u64 * 0x9E37_79B9);
        let mut w = Averaged::new(keys.len() * l);
        let nt = (l + 1) * l;
        let mut tr = Averaged::new(nt);
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = XorShift::new(seed);
        let (mut emit, mut score, mut back, mut pred) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut c = 1.0f64;
        let positions: usize = data.iter().map(|(_, g)| g.len()).sum();
        for epoch in 0..opts.epochs {
            rng.shuffle(&mut order);
            let mut errors = 0;
            for &s in &order {
                let gold = &data[s].1;
                let n = gold.len();
                if n == 0 {
                    continue;
                }
                let base = seq_start[s];
                emit.clear();
                emit.resize(n * l, 0.0f32);
                for t in 0..n {
                    let e = &mut emit[t * l..(t + 1) * l];
                    for &id in flat.get(base + t) {
                        let row = &w.w[id as usize * l..(id as usize + 1) * l];
                        for (o, x) in e.iter_mut().zip(row) {
                            *o += *x;
                        }
                    }
                }
                let trans = opts.transitions.then_some(&tr.w[..]);
                decode_best(&emit, trans, l, &mut score, &mut back, &mut pred);
                for t in 0..n {
                    let (g, p) = (usize::from(gold[t]), usize::from(pred[t]));
                    if g != p {
                        errors += 1;
                        for &id in flat.get(base + t) {
                            let r = id as usize * l;
                            w.update(r + g, 1.0, c);
                            w.update(r + p, -1.0, c);
                        }
                    }
                    if opts.transitions {
                        let gp = if t == 0 { l } else { usize::from(gold[t - 1]) };
                        let pp = if t == 0 { l } else { usize::from(pred[t - 1]) };
                        if gp != pp || g != p {
                            tr.update(gp * l + g, 1.0, c);
                            tr.update(pp * l + p, -1.0, c);
                        }
                    }
                }
                c += 1.0;
            }
            if let Some(cb) = &opts.progress {
                cb(&EpochStats {
                    epoch: epoch + 1,
                    epochs: opts.epochs,
                    errors,
                    positions,
                });
            }
        }
        let avg = w.average(c);
        drop(w);
        let trans = opts.transitions.then(|| tr.average(c));

        if sum_w.is_empty() {
            sum_w = avg;
            sum_t = trans;
        } else {
            for (a, b) in sum_w.iter_mut().zip(&avg) {
                *a += *b;
            }
            if let (Some(st), Some(t)) = (sum_t.as_mut(), trans) {
                for (a, b) in st.iter_mut().zip(&t) {
                    *a += *b;
                }
            }
        }
    }
    let k = bags as f32;
    let avg: Vec<f32> = sum_w.into_iter().map(|x| x / k).collect();
    let transitions = sum_t.map(|t| t.into_iter().map(|x| x / k).collect::<Vec<f32>>());
    let (keys, weights) = prune(keys, avg, l, opts.prune_below);
    Ok(SequenceModel::from_parts(
        labels,
        keys,
        weights,
        transitions,
    )?)
}

/// Trains a multiclass classifier with the averaged perceptron. `data` holds, per
/// example, its features and its gold label.
pub fn train_classifier<F: AsRef<[u64]>>(
    data: &[(F, u16)],
    labels: Vec<String>,
    opts: &TrainOptions,
) -> Result<Classifier> {
    let l = check_labels(&labels)?;
    for (_, g) in data {
        check_gold(&[*g], l)?;
    }
    let keys = feature_keys(data.iter().map(|(f, _)| f.as_ref()), opts.min_count);
    let mut flat = Flat::new();
    for (f, _) in data {
        flat.push(f.as_ref(), &keys);
    }
    let mut w = Averaged::new(keys.len() * l);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = XorShift::new(opts.seed);
    let mut scores = vec![0f32; l];
    let mut c = 1.0f64;
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        let mut errors = 0;
        for &i in &order {
            scores.fill(0.0);
            for &id in flat.get(i) {
                let row = &w.w[id as usize * l..(id as usize + 1) * l];
                for (o, x) in scores.iter_mut().zip(row) {
                    *o += *x;
                }
            }
            let p = whosaid_models::perceptron::argmax(&scores);
            let g = usize::from(data[i].1);
            if p != g {
                errors += 1;
                for &id in flat.get(i) {
                    let r = id as usize * l;
                    w.update(r + g, 1.0, c);
                    w.update(r + p, -1.0, c);
                }
            }
            c += 1.0;
        }
        if let Some(cb) = &opts.progress {
            cb(&EpochStats {
                epoch: epoch + 1,
                epochs: opts.epochs,
                errors,
                positions: data.len(),
            });
        }
    }
    let avg = w.average(c);
    let (keys, weights) = prune(keys, avg, l, opts.prune_below);
    Ok(Classifier::from_parts(labels, keys, weights)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use whosaid_models::hash_parts;

    /// Toy task: "the" → D, words ending in -s after D → N, words after N → V.
    type Toy = (Vec<(Vec<Vec<u64>>, Vec<u16>)>, Vec<String>);

    fn toy() -> Toy {
        let sents: &[&[(&str, u16)]] = &[
            &[("the", 0), ("dogs", 1), ("run", 2)],
            &[("the", 0), ("cats", 1), ("sleep", 2)],
            &[("the", 0), ("birds", 1), ("fly", 2)],
            &[("the", 0), ("run", 1), ("ends", 2)],
        ];
        let data = sents
            .iter()
            .map(|s| {
                let feats = s
                    .iter()
                    .map(|(w, _)| vec![hash_parts(&["w=", w]), hash_parts(&["b"])])
                    .collect();
                (feats, s.iter().map(|(_, l)| *l).collect())
            })
            .collect();
        (data, vec!["D".into(), "N".into(), "V".into()])
    }

    #[test]
    fn learns_toy_tagging_with_transitions() {
        let (data, labels) = toy();
        let m = train_sequence(&data, labels, &TrainOptions::default()).expect("train");
        for (f, g) in &data {
            assert_eq!(&m.predict(f), g);
        }
        // An unseen word after "the" is a noun thanks to the transitions.
        let unseen = vec![
            vec![hash_parts(&["w=", "the"])],
            vec![hash_parts(&["w=", "zebras"])],
        ];
        assert_eq!(m.predict(&unseen), vec![0, 1]);
    }

    #[test]
    fn deterministic_and_round_trips() {
        let (data, labels) = toy();
        let opts = TrainOptions {
            epochs: 5,
            ..TrainOptions::default()
        };
        let a = train_sequence(&data, labels.clone(), &opts).expect("train");
        let b = train_sequence(&data, labels, &opts).expect("train");
        let (mut fa, mut fb) = (Vec::new(), Vec::new());
        a.write(&mut fa, "toy", "{}").expect("write");
        b.write(&mut fb, "toy", "{}").expect("write");
        assert_eq!(fa, fb);
        let (back, _) = SequenceModel::read(&fa[..], "toy").expect("read");
        assert_eq!(back, a);
    }

    #[test]
    fn classifier_learns() {
        let data: Vec<(Vec<u64>, u16)> = (0..20u64)
            .map(|i| (vec![i % 2 + 100, hash_parts(&["bias"])], (i % 2) as u16))
            .collect();
        let c = train_classifier(
            &data,
            vec!["even".into(), "odd".into()],
            &TrainOptions::default(),
        )
        .expect("train");
        assert_eq!(c.predict(&[100]), 0);
        assert_eq!(c.predict(&[101]), 1);
    }

    #[test]
    fn rejects_bad_gold() {
        let data = vec![(vec![vec![1u64]], vec![5u16])];
        assert!(train_sequence(&data, vec!["A".into()], &TrainOptions::default()).is_err());
    }

    #[test]
    fn min_count_drops_rare_features() {
        let (data, labels) = toy();
        let opts = TrainOptions {
            min_count: 2,
            ..TrainOptions::default()
        };
        let m = train_sequence(&data, labels, &opts).expect("train");
        // Only "the", "run" and the bias feature occur twice or more.
        assert!(m.n_features() <= 3);
    }
}
