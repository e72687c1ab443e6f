//! Linear models over hashed features: the first-order linear-chain [`SequenceModel`]
//! (Viterbi decoding, or greedy when it has no transitions) and the multiclass
//! [`Classifier`]. Both are trained by `whosaid-train` (averaged perceptron) and only
//! applied here.
//!
//! Weights are stored per feature row: a feature hash maps to a row of `n_labels`
//! weights through an open-addressing table keyed by the (already well mixed) hash,
//! built at load time from the file's sorted rows (in memory: 32-bit tags to probe,
//! short rows inline in the slot, long rows dense; see `Weights`). Features never
//! seen in training are simply absent. Scores are bit-identical to a dense
//! row-major matrix. Viterbi over many labels (POS) is pruned exactly: see
//! `viterbi_pruned`.
//!
//! Decoding allocates nothing per call once warm: `predict` and
//! `predict_with_scores` reuse a per-thread [`Workspace`]; `predict_into` and
//! `predict_with_scores_into` take the caller's.
//!
//! Payload encoding (inside the [`crate::format`] container), little-endian:
//! labels (`u32` count, then strings), a flags `u32` (bit 0: has transitions),
//! rows (`u32` count, the sorted `u64` keys, then per row a `u16` count of non-zero
//! weights and that many `(u16 label, f32 weight)` pairs), then, with transitions,
//! `(n_labels + 1) * n_labels` `f32`s (row `n_labels` is the start state).

use std::io::{Read, Write};

use crate::features::Positions;
use crate::format::{self, ByteReader, ByteWriter};
use crate::{Error, Result};

/// Maps feature hashes to row indices: an open-addressing hash table (linear probing,
/// load factor at most 1/2) whose slots hold the key and its row side by side, so a
/// lookup usually touches a single cache line; the keys are also kept sorted for
/// serialisation.
///
/// Faster than binary search over the sorted keys (one cache miss per lookup instead
/// of ~20 for a million features) and deterministic, unlike a `HashMap` with a random
/// seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureIndex {
    keys: Vec<u64>,
    table: Vec<Slot>,
    shift: u32,
}

/// One table slot: a key and its row + 1 (0 = empty slot).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Slot {
    key: u64,
    row: u32,
}

impl FeatureIndex {
    /// Builds the index over `keys`, which must be strictly increasing.
    pub fn new(keys: Vec<u64>) -> Result<FeatureIndex> {
        if keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Error::Invalid(
                "feature keys are not strictly increasing".into(),
            ));
        }
        if keys.len() >= (u32::MAX / 4) as usize {
            return Err(Error::Invalid("too many features".into()));
        }
        let slots = (keys.len() * 2).max(16).next_power_of_two();
        let bits = slots.trailing_zeros();
        let shift = 64 - bits;
        let mask = slots - 1;
        let mut table = vec![Slot::default(); slots];
        for (row, &key) in keys.iter().enumerate() {
            let mut s = Self::slot(key, shift);
            while table[s].row != 0 {
                s = (s + 1) & mask;
            }
            table[s] = Slot {
                key,
                row: row as u32 + 1,
            };
        }
        Ok(FeatureIndex { keys, table, shift })
    }

    #[inline]
    fn slot(key: u64, shift: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
    }

    /// The row of `key`, if it was seen in training.
    #[inline]
    pub fn get(&self, key: u64) -> Option<usize> {
        let mask = self.table.len() - 1;
        let mut s = Self::slot(key, self.shift);
        loop {
            let slot = self.table[s];
            if slot.row == 0 {
                return None;
            }
            if slot.key == key {
                return Some((slot.row - 1) as usize);
            }
            s = (s + 1) & mask;
        }
    }

    /// The sorted keys; row `i` belongs to `keys()[i]`.
    pub fn keys(&self) -> &[u64] {
        &self.keys
    }
    pub fn len(&self) -> usize {
        self.keys.len()
    }
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// Feature rows × labels weights, stored sparsely (trained rows have few non-zero
/// weights: ~4 of 45 for POS) in an open-addressing table keyed by feature hash.
/// Probing reads only `tags`, 4 bytes a slot (small enough to stay in cache), and a
/// slot's payload — the key and up to two `(label, weight)` entries inline, one
/// cache line — only when its tag matches; longer rows continue in `extra`. So a
/// feature unseen in training usually costs no cache miss, a seen one about one.
///
/// Adding only the non-zero weights gives bit-identical scores to a dense add: per
/// label the additions happen in the same feature order, and skipping `+ 0.0` never
/// changes a sum that starts at `+0.0`.
#[derive(Debug, Clone, PartialEq)]
struct Weights {
    /// The sorted keys; row `i` belongs to `keys[i]` (kept for serialisation).
    keys: Vec<u64>,
    n_labels: usize,
    /// Per slot: 0 = empty, else [`tag`] of the key stored there.
    tags: Vec<u32>,
    /// Per slot: the key and its row (meaningful where the tag is non-zero).
    table: Vec<WSlot>,
    shift: u32,
    extra: Vec<Entry>,
    dense: Vec<f32>,
}

/// One non-zero weight.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Entry {
    label: u32,
    w: f32,
}

/// A slot's payload. A row of `len` non-zero weights is stored: up to 2 in `inline`;
/// a longer, sparse one with its entries `2..len` in `extra[more..more + len - 2]`;
/// a long one (see [`Weights::is_dense`]) as all `n_labels` weights in
/// `dense[more..more + n_labels]`, added with a vectorisable loop.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct WSlot {
    key: u64,
    len: u32,
    more: u32,
    inline: [Entry; 2],
}

/// A feature hash resolved against one model's weights (where its row is, or that it
/// has none), to add its weights without looking it up again: see
/// [`SequenceModel::feature_ref`]. Meaningless with another model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FeatureRef(u32);

impl FeatureRef {
    /// A feature the model has no weights for.
    pub const ABSENT: FeatureRef = FeatureRef(u32::MAX);
}

/// A non-zero 32-bit fingerprint of a key (its home slot uses other, mixed bits).
#[inline]
fn tag(key: u64) -> u32 {
    (key as u32) | 1
}

impl Weights {
    /// From dense row-major weights (`keys.len() × n_labels`).
    fn new(keys: Vec<u64>, n_labels: usize, w: Vec<f32>) -> Result<Weights> {
        if w.len() != keys.len() * n_labels {
            return Err(Error::Invalid(format!(
                "{} weights for {} features × {} labels",
                w.len(),
                keys.len(),
                n_labels
            )));
        }
        let mut entries = Vec::new();
        let mut starts = Vec::with_capacity(keys.len() + 1);
        for row in w.chunks_exact(n_labels.max(1)).take(keys.len()) {
            starts.push(entries.len());
            for (j, &x) in row.iter().enumerate() {
                if x != 0.0 {
                    entries.push(Entry {
                        label: j as u32,
                        w: x,
                    });
                }
            }
        }
        starts.resize(keys.len(), entries.len());
        starts.push(entries.len());
        Weights::from_sparse(keys, n_labels, &starts, &entries)
    }

    /// From rows given as `entries[starts[i]..starts[i + 1]]` (non-zero weights in
    /// increasing label order) for `keys[i]`, which must be strictly increasing.
    fn from_sparse(
        keys: Vec<u64>,
        n_labels: usize,
        starts: &[usize],
        entries: &[Entry],
    ) -> Result<Weights> {
        if keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Error::Invalid(
                "feature keys are not strictly increasing".into(),
            ));
        }
        if keys.len() >= (u32::MAX / 4) as usize || entries.len() >= (u32::MAX / 2) as usize {
            return Err(Error::Invalid("too many features".into()));
        }
        let slots = (keys.len() * 2).max(16).next_power_of_two();
        let shift = 64 - slots.trailing_zeros();
        let mask = slots - 1;
        let mut tags = vec![0u32; slots];
        let mut table = vec![WSlot::default(); slots];
        let mut extra = Vec::new();
        let mut dense = Vec::new();
        for (i, &key) in keys.iter().enumerate() {
            let row = &entries[starts[i]..starts[i + 1]];
            let mut slot = WSlot {
                key,
                len: row.len() as u32,
                more: 0,
                inline: [Entry::default(); 2],
            };
            if Weights::is_dense(row.len(), n_labels) {
                slot.more = u32::try_from(dense.len())
                    .map_err(|_| Error::Invalid("too many weights".into()))?;
                let at = dense.len();
                dense.resize(at + n_labels, 0.0);
                for e in row {
                    if let Some(x) = dense.get_mut(at + e.label as usize) {
                        *x = e.w;
                    }
                }
            } else {
                slot.more = extra.len() as u32;
                for (k, e) in row.iter().enumerate() {
                    if k < 2 {
                        slot.inline[k] = *e;
                    } else {
                        extra.push(*e);
                    }
                }
            }
            let mut s = FeatureIndex::slot(key, shift);
            while tags[s] != 0 {
                s = (s + 1) & mask;
            }
            tags[s] = tag(key);
            table[s] = slot;
        }
        Ok(Weights {
            keys,
            n_labels,
            tags,
            table,
            shift,
            extra,
            dense,
        })
    }

    /// Whether a row of `len` non-zero weights is stored densely: when a dense add
    /// is cheaper than `len` scattered ones.
    #[inline]
    fn is_dense(len: usize, n_labels: usize) -> bool {
        len > 2 && (n_labels <= 16 || len > 8)
    }

    #[inline]
    fn find(&self, key: u64) -> Option<&WSlot> {
        self.find_index(key).map(|s| &self.table[s])
    }

    /// The non-zero weights of a slot's row, in label order.
    fn row(&self, slot: &WSlot) -> Vec<Entry> {
        let n = slot.len as usize;
        let more = slot.more as usize;
        if Weights::is_dense(n, self.n_labels) {
            return self.dense[more..more + self.n_labels]
                .iter()
                .enumerate()
                .filter(|(_, x)| **x != 0.0)
                .map(|(j, &w)| Entry { label: j as u32, w })
                .collect();
        }
        slot.inline[..n.min(2)]
            .iter()
            .chain(&self.extra[more..more + n.saturating_sub(2)])
            .copied()
            .collect()
    }

    fn len(&self) -> usize {
        self.keys.len()
    }

    /// The slot index of `key`, if it was seen in training.
    #[inline]
    fn find_index(&self, key: u64) -> Option<usize> {
        let mask = self.tags.len() - 1;
        let want = tag(key);
        let mut s = FeatureIndex::slot(key, self.shift);
        loop {
            let t = self.tags[s];
            if t == 0 {
                return None;
            }
            if t == want && self.table[s].key == key {
                return Some(s);
            }
            s = (s + 1) & mask;
        }
    }

    /// Adds the row of `slot` to `out` (always inlined: it is the inner loop of
    /// every model).
    #[inline(always)]
    fn add_row(&self, slot: &WSlot, out: &mut [f32]) {
        let n = slot.len as usize;
        if Weights::is_dense(n, self.n_labels) {
            let more = slot.more as usize;
            let row = &self.dense[more..more + self.n_labels];
            for (o, x) in out.iter_mut().zip(row) {
                *o += *x;
            }
            return;
        }
        for e in &slot.inline[..n.min(2)] {
            if let Some(o) = out.get_mut(e.label as usize) {
                *o += e.w;
            }
        }
        if n > 2 {
            let more = slot.more as usize;
            for e in &self.extra[more..more + n - 2] {
                if let Some(o) = out.get_mut(e.label as usize) {
                    *o += e.w;
                }
            }
        }
    }

    /// Adds the weights of `feats` to `out` (`out.len() == n_labels`).
    #[inline]
    fn add_scores(&self, feats: &[u64], out: &mut [f32]) {
        for &f in feats {
            if let Some(slot) = self.find(f) {
                self.add_row(slot, out);
            }
        }
    }

    /// Adds the weights of the resolved features `refs` to `out`, exactly as
    /// [`add_scores`](Self::add_scores) would for their keys, in order.
    #[inline]
    fn add_refs(&self, refs: &[FeatureRef], out: &mut [f32]) {
        for r in refs {
            if let Some(slot) = self.table.get(r.0 as usize) {
                self.add_row(slot, out);
            }
        }
    }

    fn encode(&self, out: &mut ByteWriter) {
        out.u32(self.keys.len() as u32);
        for &k in &self.keys {
            out.u64(k);
        }
        for &k in &self.keys {
            let slot = self.find(k).copied().unwrap_or_default();
            out.u16(slot.len as u16);
            for e in self.row(&slot) {
                out.u16(e.label as u16);
                out.f32(e.w);
            }
        }
    }

    fn decode(r: &mut ByteReader<'_>, n_labels: usize) -> Result<Weights> {
        let n = r.count(8 + 2, "feature count")?;
        let mut keys = Vec::with_capacity(n);
        for _ in 0..n {
            keys.push(r.u64("feature keys")?);
        }
        let mut starts = Vec::with_capacity(n + 1);
        let mut entries = Vec::with_capacity(r.remaining() / 6);
        let mut dense = vec![0f32; n_labels];
        for row in 0..n {
            starts.push(entries.len());
            let nnz = r.u16("row length")? as usize;
            if nnz > n_labels {
                return Err(Error::Corrupt(format!(
                    "row {row} has {nnz} weights for {n_labels} labels"
                )));
            }
            // Read into a dense row (a repeated label overwrites, as it always did),
            // then keep the non-zero weights in label order.
            let mut touched = 0u64;
            let mut any_large = false;
            for _ in 0..nnz {
                let j = r.u16("weight label")? as usize;
                let x = r.f32("weight")?;
                if j >= n_labels {
                    return Err(Error::Corrupt(format!("weight label {j} out of range")));
                }
                dense[j] = x;
                if j < 64 {
                    touched |= 1 << j;
                } else {
                    any_large = true;
                }
            }
            if any_large {
                for (j, x) in dense.iter_mut().enumerate() {
                    if *x != 0.0 {
                        entries.push(Entry {
                            label: j as u32,
                            w: *x,
                        });
                    }
                    *x = 0.0;
                }
            } else {
                while touched != 0 {
                    let j = touched.trailing_zeros() as usize;
                    touched &= touched - 1;
                    let x = std::mem::take(&mut dense[j]);
                    if x != 0.0 {
                        entries.push(Entry {
                            label: j as u32,
                            w: x,
                        });
                    }
                }
            }
        }
        starts.push(entries.len());
        Weights::from_sparse(keys, n_labels, &starts, &entries)
            .map_err(|e| Error::Corrupt(e.to_string()))
    }
}

fn encode_labels(labels: &[String], out: &mut ByteWriter) {
    out.u32(labels.len() as u32);
    for l in labels {
        out.str(l);
    }
}

fn decode_labels(r: &mut ByteReader<'_>) -> Result<Vec<String>> {
    let n = r.count(4, "label count")?;
    if n == 0 || n > usize::from(u16::MAX) {
        return Err(Error::Corrupt(format!("{n} labels")));
    }
    (0..n).map(|_| r.str("label")).collect()
}

fn check_labels(labels: &[String]) -> Result<()> {
    if labels.is_empty() || labels.len() > usize::from(u16::MAX) {
        return Err(Error::Invalid(format!(
            "{} labels (need 1..=65535)",
            labels.len()
        )));
    }
    Ok(())
}

/// Reusable buffers for [`SequenceModel`] decoding: keep one per thread to decode
/// without allocating.
#[derive(Debug, Default, Clone)]
pub struct Workspace {
    emit: Vec<f32>,
    score: Vec<f32>,
    back: Vec<u16>,
    beta: Vec<f32>,
    rem: Vec<f32>,
}

thread_local! {
    static WORKSPACE: std::cell::RefCell<Workspace> = std::cell::RefCell::default();
}

/// Runs `f` with this thread's [`Workspace`] (a fresh one if it is in use).
fn with_workspace<R>(f: impl FnOnce(&mut Workspace) -> R) -> R {
    let mut ws = WORKSPACE.with(|c| c.take());
    let r = f(&mut ws);
    WORKSPACE.with(|c| *c.borrow_mut() = ws);
    r
}

/// A first-order linear-chain model: per-position label scores from hashed features
/// plus label-to-label transition scores, decoded with Viterbi (or greedily when the
/// model has no transitions).
#[derive(Debug, Clone, PartialEq)]
pub struct SequenceModel {
    labels: Vec<String>,
    weights: Weights,
    /// `(n_labels + 1) × n_labels`, row `n_labels` = start state; `None` = greedy.
    transitions: Option<Vec<f32>>,
    /// Derived from `transitions` at load time for [`viterbi_pruned`].
    pruning: Pruning,
}

/// What pruned Viterbi needs besides the transitions: the largest transition into
/// each label.
#[derive(Debug, Clone, PartialEq, Default)]
struct Pruning {
    col_max: Vec<f32>,
}

impl Pruning {
    fn new(trans: Option<&[f32]>, l: usize) -> Pruning {
        let Some(trans) = trans else {
            return Pruning::default();
        };
        let mut col_max = vec![f32::NEG_INFINITY; l];
        for p in 0..l {
            for y in 0..l {
                col_max[y] = col_max[y].max(trans[p * l + y]);
            }
        }
        Pruning { col_max }
    }
}

/// The payload and model-file methods shared by [`SequenceModel`] and
/// [`Classifier`] (both have `encode` and `decode_from`).
macro_rules! model_file_methods {
    ($ty:ident, $what:literal) => {
        /// The payload as bytes.
        pub fn to_payload(&self) -> Vec<u8> {
            let mut w = ByteWriter::new();
            self.encode(&mut w);
            w.into_vec()
        }

        /// Parses a payload; trailing bytes are an error.
        pub fn from_payload(bytes: &[u8]) -> Result<$ty> {
            let mut r = ByteReader::new(bytes);
            let m = $ty::decode_from(&mut r)?;
            r.finish($what)?;
            Ok(m)
        }

        /// Writes a complete model file of `kind` with metadata `meta`.
        pub fn write<W: Write>(&self, w: W, kind: &str, meta: &str) -> Result<()> {
            format::write_model(w, kind, meta, &self.to_payload())
        }

        /// Reads a complete model file, which must be of `kind`; returns the model and
        /// its metadata.
        pub fn read<R: Read>(r: R, kind: &str) -> Result<($ty, String)> {
            let f = format::read_model(r, kind)?;
            Ok(($ty::from_payload(&f.payload)?, f.meta))
        }
    };
}

impl SequenceModel {
    /// Assembles a model. `keys` strictly increasing; `weights` is `keys.len() ×
    /// labels.len()` row-major; `transitions` is `(labels.len() + 1) × labels.len()`.
    pub fn from_parts(
        labels: Vec<String>,
        keys: Vec<u64>,
        weights: Vec<f32>,
        transitions: Option<Vec<f32>>,
    ) -> Result<SequenceModel> {
        check_labels(&labels)?;
        let l = labels.len();
        if let Some(t) = &transitions {
            if t.len() != (l + 1) * l {
                return Err(Error::Invalid(format!(
                    "{} transition weights for {l} labels",
                    t.len()
                )));
            }
        }
        Ok(SequenceModel {
            weights: Weights::new(keys, l, weights)?,
            pruning: Pruning::new(transitions.as_deref(), l),
            labels,
            transitions,
        })
    }

    /// Label names; a prediction `p` names `labels()[p]`.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
    pub fn n_labels(&self) -> usize {
        self.labels.len()
    }
    /// Index of a label name.
    pub fn label_index(&self, name: &str) -> Option<u16> {
        self.labels.iter().position(|l| l == name).map(|i| i as u16)
    }
    /// Number of feature rows kept.
    pub fn n_features(&self) -> usize {
        self.weights.len()
    }
    pub fn has_transitions(&self) -> bool {
        self.transitions.is_some()
    }
    /// The transition weight from `prev` (or the start state when `None`) to `cur`.
    pub fn transition(&self, prev: Option<u16>, cur: u16) -> f32 {
        let l = self.labels.len();
        let p = prev.map_or(l, usize::from);
        self.transitions
            .as_ref()
            .map_or(0.0, |t| t[p * l + usize::from(cur)])
    }

    /// Adds the feature scores of one position to `out` (`n_labels` long).
    pub fn add_emission_scores(&self, feats: &[u64], out: &mut [f32]) {
        self.weights.add_scores(feats, out);
    }

    /// Resolves feature hash `key` for [`add_feature_refs`](Self::add_feature_refs).
    #[inline]
    pub fn feature_ref(&self, key: u64) -> FeatureRef {
        self.weights
            .find_index(key)
            .map_or(FeatureRef::ABSENT, |s| FeatureRef(s as u32))
    }

    /// Adds the scores of features resolved by [`feature_ref`](Self::feature_ref) of
    /// this model to `out` (`n_labels` long): bit-identical to
    /// [`add_emission_scores`](Self::add_emission_scores) with their hashes.
    #[inline]
    pub fn add_feature_refs(&self, refs: &[FeatureRef], out: &mut [f32]) {
        self.weights.add_refs(refs, out);
    }

    fn emissions<P: Positions + ?Sized>(&self, feats: &P, ws: &mut Workspace) {
        let l = self.labels.len();
        let n = feats.len();
        ws.emit.clear();
        ws.emit.resize(n * l, 0.0);
        for t in 0..n {
            self.weights
                .add_scores(feats.get(t), &mut ws.emit[t * l..(t + 1) * l]);
        }
    }

    /// The best label sequence.
    pub fn predict<P: Positions + ?Sized>(&self, feats: &P) -> Vec<u16> {
        let mut out = Vec::new();
        with_workspace(|ws| self.predict_into(feats, ws, &mut out));
        out
    }

    /// The best label sequence, written to `out`, using `ws`'s buffers.
    pub fn predict_into<P: Positions + ?Sized>(
        &self,
        feats: &P,
        ws: &mut Workspace,
        out: &mut Vec<u16>,
    ) {
        self.emissions(feats, ws);
        self.decode(feats.len(), ws, out);
    }

    /// The best label sequence for `n` positions whose emission scores `fill` writes
    /// (it receives `n × n_labels` zeros, row-major), using `ws`'s buffers. For
    /// callers that compute emissions their own way (e.g. partly from a cache).
    pub fn predict_emissions_into(
        &self,
        n: usize,
        ws: &mut Workspace,
        fill: impl FnOnce(&mut [f32]),
        out: &mut Vec<u16>,
    ) {
        let l = self.labels.len();
        ws.emit.clear();
        ws.emit.resize(n * l, 0.0);
        fill(&mut ws.emit);
        self.decode(n, ws, out);
    }

    /// Viterbi over the emission scores already in `ws.emit`.
    fn decode(&self, n: usize, ws: &mut Workspace, out: &mut Vec<u16>) {
        let l = self.labels.len();
        let emit = &ws.emit[..n * l];
        match &self.transitions {
            Some(trans) if l > 16 => viterbi_pruned(
                emit,
                trans,
                &self.pruning,
                l,
                &mut ws.score,
                &mut ws.back,
                &mut ws.rem,
                out,
            ),
            _ => decode_best(
                emit,
                self.transitions.as_deref(),
                l,
                &mut ws.score,
                &mut ws.back,
                out,
            ),
        }
    }

    /// The best label sequence and, per position, a confidence: the margin between
    /// the best whole-sequence score with the predicted label there and the best
    /// with any other label (max-marginals; for a greedy model, the margin between
    /// the two best labels). Larger is surer; 0 means a tie.
    pub fn predict_with_scores<P: Positions + ?Sized>(&self, feats: &P) -> (Vec<u16>, Vec<f32>) {
        let mut out = Vec::new();
        let mut margins = Vec::new();
        with_workspace(|ws| self.predict_with_scores_into(feats, ws, &mut out, &mut margins));
        (out, margins)
    }

    /// [`predict_with_scores`](Self::predict_with_scores) with caller-owned buffers.
    pub fn predict_with_scores_into<P: Positions + ?Sized>(
        &self,
        feats: &P,
        ws: &mut Workspace,
        out: &mut Vec<u16>,
        margins: &mut Vec<f32>,
    ) {
        let l = self.labels.len();
        let n = feats.len();
        self.emissions(feats, ws);
        self.decode(n, ws, out);
        margins.clear();
        let Some(trans) = &self.transitions else {
            margins
                .extend((0..n).map(|t| margin(&ws.emit[t * l..(t + 1) * l], usize::from(out[t]))));
            return;
        };
        // Forward max scores are recomputed without backpointers into `score`.
        ws.score.clear();
        ws.score.resize(n * l, 0.0);
        let start = &trans[l * l..];
        for ((s, e), st) in ws.score.iter_mut().zip(&ws.emit).zip(start) {
            *s = *e + *st;
        }
        for t in 1..n {
            for y in 0..l {
                let mut best = f32::NEG_INFINITY;
                for p in 0..l {
                    best = best.max(ws.score[(t - 1) * l + p] + trans[p * l + y]);
                }
                ws.score[t * l + y] = best + ws.emit[t * l + y];
            }
        }
        // Backward: beta[t][y] = best score of positions t+1.. given y at t.
        ws.beta.clear();
        ws.beta.resize(n * l, 0.0);
        for t in (0..n.saturating_sub(1)).rev() {
            for y in 0..l {
                let mut best = f32::NEG_INFINITY;
                for z in 0..l {
                    best = best.max(
                        trans[y * l + z] + ws.emit[(t + 1) * l + z] + ws.beta[(t + 1) * l + z],
                    );
                }
                ws.beta[t * l + y] = best;
            }
        }
        let mut m = vec![0f32; l];
        for (t, &best) in out.iter().enumerate() {
            let range = t * l..(t + 1) * l;
            for ((mv, s), b) in m
                .iter_mut()
                .zip(&ws.score[range.clone()])
                .zip(&ws.beta[range])
            {
                *mv = *s + *b;
            }
            margins.push(margin(&m, usize::from(best)));
        }
    }

    /// Serialises the payload (see the module documentation).
    pub fn encode(&self, out: &mut ByteWriter) {
        encode_labels(&self.labels, out);
        out.u32(u32::from(self.transitions.is_some()));
        self.weights.encode(out);
        if let Some(t) = &self.transitions {
            for &x in t {
                out.f32(x);
            }
        }
    }

    /// Reads a payload written by [`encode`](Self::encode).
    pub fn decode_from(r: &mut ByteReader<'_>) -> Result<SequenceModel> {
        let labels = decode_labels(r)?;
        let flags = r.u32("flags")?;
        if flags > 1 {
            return Err(Error::Corrupt(format!("unknown flags {flags:#x}")));
        }
        let weights = Weights::decode(r, labels.len())?;
        let transitions = if flags & 1 == 1 {
            let l = labels.len();
            let n = (l + 1) * l;
            if n * 4 > r.remaining() {
                return Err(Error::Truncated("transitions"));
            }
            Some(
                (0..n)
                    .map(|_| r.f32("transitions"))
                    .collect::<Result<Vec<f32>>>()?,
            )
        } else {
            None
        };
        Ok(SequenceModel {
            pruning: Pruning::new(transitions.as_deref(), labels.len()),
            labels,
            weights,
            transitions,
        })
    }

    model_file_methods!(SequenceModel, "sequence model");
}

/// A multiclass linear classifier over hashed features.
#[derive(Debug, Clone, PartialEq)]
pub struct Classifier {
    labels: Vec<String>,
    weights: Weights,
}

impl Classifier {
    /// Assembles a classifier; see [`SequenceModel::from_parts`].
    pub fn from_parts(
        labels: Vec<String>,
        keys: Vec<u64>,
        weights: Vec<f32>,
    ) -> Result<Classifier> {
        check_labels(&labels)?;
        let l = labels.len();
        Ok(Classifier {
            weights: Weights::new(keys, l, weights)?,
            labels,
        })
    }
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
    pub fn n_labels(&self) -> usize {
        self.labels.len()
    }
    pub fn label_index(&self, name: &str) -> Option<u16> {
        self.labels.iter().position(|l| l == name).map(|i| i as u16)
    }
    pub fn n_features(&self) -> usize {
        self.weights.len()
    }
    /// Writes the score of every label into `out` (`n_labels()` long; overwritten).
    pub fn scores(&self, feats: &[u64], out: &mut [f32]) {
        out.fill(0.0);
        let l = self.labels.len().min(out.len());
        self.weights.add_scores(feats, &mut out[..l]);
    }
    /// The best label (ties go to the lower index).
    pub fn predict(&self, feats: &[u64]) -> u16 {
        let mut buf = [0f32; 64];
        if self.labels.len() <= buf.len() {
            let s = &mut buf[..self.labels.len()];
            self.scores(feats, s);
            argmax(s) as u16
        } else {
            let mut s = vec![0f32; self.labels.len()];
            self.scores(feats, &mut s);
            argmax(&s) as u16
        }
    }
    pub fn encode(&self, out: &mut ByteWriter) {
        encode_labels(&self.labels, out);
        self.weights.encode(out);
    }
    pub fn decode_from(r: &mut ByteReader<'_>) -> Result<Classifier> {
        let labels = decode_labels(r)?;
        let weights = Weights::decode(r, labels.len())?;
        Ok(Classifier { labels, weights })
    }
    model_file_methods!(Classifier, "classifier");
}

/// The best label sequence for `emit` (`n × l` emission scores, row-major) under
/// `trans` (`(l + 1) × l`, last row = start; `None` = greedy argmax per position).
/// `score` and `back` are scratch buffers. Ties go to the lower label index.
pub fn decode_best(
    emit: &[f32],
    trans: Option<&[f32]>,
    l: usize,
    score: &mut Vec<f32>,
    back: &mut Vec<u16>,
    out: &mut Vec<u16>,
) {
    out.clear();
    if l == 0 {
        return;
    }
    let n = emit.len() / l;
    if n == 0 {
        return;
    }
    let Some(trans) = trans else {
        out.extend((0..n).map(|t| argmax(&emit[t * l..(t + 1) * l]) as u16));
        return;
    };
    score.clear();
    score.resize(n * l, 0.0);
    back.clear();
    back.resize(n * l, 0);
    let start = &trans[l * l..(l + 1) * l];
    for y in 0..l {
        score[y] = emit[y] + start[y];
    }
    for t in 1..n {
        let (done, rest) = score.split_at_mut(t * l);
        let prev = &done[(t - 1) * l..];
        let cur = &mut rest[..l];
        let bk = &mut back[t * l..(t + 1) * l];
        cur.fill(f32::NEG_INFINITY);
        for (p, &ps) in prev.iter().enumerate() {
            let row = &trans[p * l..(p + 1) * l];
            for y in 0..l {
                let v = ps + row[y];
                if v > cur[y] {
                    cur[y] = v;
                    bk[y] = p as u16;
                }
            }
        }
        for (c, e) in cur.iter_mut().zip(&emit[t * l..(t + 1) * l]) {
            *c += *e;
        }
    }
    let mut y = argmax(&score[(n - 1) * l..]);
    out.resize(n, 0);
    for t in (0..n).rev() {
        out[t] = y as u16;
        if t > 0 {
            y = usize::from(back[t * l + y]);
        }
    }
}

/// Exactly [`decode_best`] with transitions, faster for many labels. For each
/// position, the best previous state is tried first for every label at once; then
/// the others from the best-scoring down, until even the largest transition into
/// each label (`col_max`) cannot catch up with the best found from the next one
/// (float addition is monotonic, so nothing that could win or tie is skipped, and a
/// state scoring less cannot do better). Ties still go to the lower previous label,
/// whatever the order states are tried in, so the result is identical.
#[allow(clippy::too_many_arguments)]
fn viterbi_pruned(
    emit: &[f32],
    trans: &[f32],
    pruning: &Pruning,
    l: usize,
    score: &mut Vec<f32>,
    back: &mut Vec<u16>,
    rem: &mut Vec<f32>,
    out: &mut Vec<u16>,
) {
    out.clear();
    let n = emit.len() / l;
    if n == 0 {
        return;
    }
    score.clear();
    score.resize(n * l, 0.0);
    back.clear();
    back.resize(n * l, 0);
    rem.clear();
    rem.resize(l, 0.0);
    let start = &trans[l * l..(l + 1) * l];
    for y in 0..l {
        score[y] = emit[y] + start[y];
    }
    let col_max = &pruning.col_max[..l];
    // After this many states tried one by one, the rest are simply all tried.
    const STEPS: usize = 6;
    for t in 1..n {
        let (done, rest) = score.split_at_mut(t * l);
        let prev = &done[(t - 1) * l..];
        let cur = &mut rest[..l];
        let bk = &mut back[t * l..(t + 1) * l];
        rem.copy_from_slice(prev);
        let (p0, ps0) = arg_max_lanes(rem);
        let row0 = &trans[p0 * l..(p0 + 1) * l];
        for ((c, &tr), b) in cur.iter_mut().zip(row0).zip(bk.iter_mut()) {
            *c = ps0 + tr;
            *b = p0 as u16;
        }
        rem[p0] = f32::NEG_INFINITY;
        let mut steps = 0;
        loop {
            let (p, ps) = arg_max_lanes(rem);
            // (No early exit: vectorisable.)
            let settled = cur
                .iter()
                .zip(col_max)
                .fold(true, |all, (&c, &m)| all & (ps + m < c));
            if ps == f32::NEG_INFINITY || settled {
                break;
            }
            if steps == STEPS {
                // Rare: try every state left (in any order: same values, same ties).
                for (p, &ps) in rem.iter().enumerate() {
                    if ps != f32::NEG_INFINITY {
                        relax(cur, bk, &trans[p * l..(p + 1) * l], ps, p as u16);
                    }
                }
                break;
            }
            relax(cur, bk, &trans[p * l..(p + 1) * l], ps, p as u16);
            rem[p] = f32::NEG_INFINITY;
            steps += 1;
        }
        for (c, &e) in cur.iter_mut().zip(&emit[t * l..(t + 1) * l]) {
            *c += e;
        }
    }
    let mut y = argmax(&score[(n - 1) * l..]);
    out.resize(n, 0);
    for t in (0..n).rev() {
        out[t] = y as u16;
        if t > 0 {
            y = usize::from(back[t * l + y]);
        }
    }
}

/// Relaxes every label of `cur`/`bk` with previous state `p` scoring `ps` through
/// transition row `row` (ties to the lower state).
#[inline]
fn relax(cur: &mut [f32], bk: &mut [u16], row: &[f32], ps: f32, p: u16) {
    for ((c, &tr), b) in cur.iter_mut().zip(row).zip(bk.iter_mut()) {
        let v = ps + tr;
        if v > *c || (v == *c && p < *b) {
            *c = v;
            *b = p;
        }
    }
}

/// The largest value of `xs` and the first index holding it, computed lane-wise
/// (vectorisable); `(0, -inf)` when all are `-inf` or `xs` is empty. NaNs are never
/// the maximum.
#[inline]
fn arg_max_lanes(xs: &[f32]) -> (usize, f32) {
    const W: usize = 8;
    let mut lanes = [f32::NEG_INFINITY; W];
    let mut at = [0u32; W];
    let mut chunks = xs.chunks_exact(W);
    for (k, c) in (&mut chunks).enumerate() {
        for ((m, i), (j, &x)) in lanes.iter_mut().zip(&mut at).zip(c.iter().enumerate()) {
            // Strictly greater: a lane keeps its first index of its maximum.
            let better = x > *m;
            *m = if better { x } else { *m };
            *i = if better { (k * W + j) as u32 } else { *i };
        }
    }
    let (mut best, mut bi) = (f32::NEG_INFINITY, 0usize);
    for (&m, &i) in lanes.iter().zip(&at) {
        if m > best || (m == best && (i as usize) < bi) {
            best = m;
            bi = i as usize;
        }
    }
    let base = xs.len() - chunks.remainder().len();
    for (j, &x) in chunks.remainder().iter().enumerate() {
        if x > best {
            best = x;
            bi = base + j;
        }
    }
    if best == f32::NEG_INFINITY {
        bi = 0;
    }
    (bi, best)
}

/// Index of the largest value (first on ties; 0 for an empty slice).
#[inline]
pub fn argmax(xs: &[f32]) -> usize {
    let mut best = 0;
    let mut bv = f32::NEG_INFINITY;
    for (i, &x) in xs.iter().enumerate() {
        if x > bv {
            bv = x;
            best = i;
        }
    }
    best
}

fn margin(xs: &[f32], best: usize) -> f32 {
    let b = xs.get(best).copied().unwrap_or(0.0);
    let second = xs
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != best)
        .map(|(_, &x)| x)
        .fold(f32::NEG_INFINITY, f32::max);
    if second.is_finite() {
        b - second
    } else {
        f32::INFINITY
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> SequenceModel {
        // Two labels A, B; feature 10 favours A, 20 favours B; A→A is rewarded.
        let labels = vec!["A".to_string(), "B".to_string()];
        let keys = vec![10, 20];
        let w = vec![1.0, 0.0, 0.0, 1.0];
        let trans = vec![0.5, 0.0, 0.0, 0.0, 0.0, 0.0];
        SequenceModel::from_parts(labels, keys, w, Some(trans)).expect("valid")
    }

    #[test]
    fn index_finds_every_key() {
        let keys: Vec<u64> = (0..1000u64).map(|i| i * 7919 + 3).collect();
        let idx = FeatureIndex::new(keys.clone()).expect("sorted");
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(idx.get(*k), Some(i));
        }
        assert_eq!(idx.get(1), None);
        assert!(FeatureIndex::new(vec![2, 1]).is_err());
    }

    #[test]
    fn viterbi_uses_transitions() {
        let m = toy();
        assert_eq!(m.predict(&vec![vec![10], vec![20]]), vec![0, 1]);
        // Unknown feature: the A→A transition wins.
        assert_eq!(m.predict(&vec![vec![10], vec![99]]), vec![0, 0]);
        let (p, margins) = m.predict_with_scores(&vec![vec![10], vec![20, 10, 10]]);
        assert_eq!(p, vec![0, 0]);
        assert!(margins.iter().all(|x| *x > 0.0));
        assert_eq!(m.label_index("B"), Some(1));
        assert!(m.predict(&Vec::<Vec<u64>>::new()).is_empty());
    }

    #[test]
    fn pruned_viterbi_is_exact() {
        // Small integer scores make ties common; both decoders must agree exactly.
        let mut seed = 0x1234_5678_9abc_def0u64;
        let mut next = move |k: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) % k) as f32
        };
        for case in 0..300 {
            let l = 5 + case % 40;
            let n = 1 + case % 17;
            let spread = if case % 2 == 0 { 3 } else { 50 };
            let trans: Vec<f32> = (0..(l + 1) * l).map(|_| next(spread) - 1.0).collect();
            let emit: Vec<f32> = (0..n * l).map(|_| next(spread) * 0.5).collect();
            let (mut s, mut b, mut r, mut out1, mut out2) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
            decode_best(&emit, Some(&trans), l, &mut s, &mut b, &mut out1);
            let pruning = Pruning::new(Some(&trans), l);
            viterbi_pruned(
                &emit, &trans, &pruning, l, &mut s, &mut b, &mut r, &mut out2,
            );
            assert_eq!(out1, out2, "case {case}");
        }
    }

    #[test]
    fn arg_max_lanes_finds_the_first_maximum() {
        let naive = |xs: &[f32]| -> (usize, f32) {
            let m = xs
                .iter()
                .fold(f32::NEG_INFINITY, |a, &b| if b > a { b } else { a });
            (xs.iter().position(|&x| x == m).unwrap_or(0), m)
        };
        let mut seed = 7u64;
        for len in 0..40 {
            for _ in 0..20 {
                let xs: Vec<f32> = (0..len)
                    .map(|_| {
                        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                        match (seed >> 40) % 6 {
                            0 => f32::NEG_INFINITY,
                            k => k as f32,
                        }
                    })
                    .collect();
                assert_eq!(arg_max_lanes(&xs), naive(&xs), "{xs:?}");
            }
        }
    }

    #[test]
    fn payload_round_trip() {
        let m = toy();
        let mut file = Vec::new();
        m.write(&mut file, "toy", "{}").expect("write");
        let (m2, meta) = SequenceModel::read(&file[..], "toy").expect("read");
        assert_eq!(m, m2);
        assert_eq!(meta, "{}");
        let payload = m.to_payload();
        for cut in 0..payload.len() {
            assert!(SequenceModel::from_payload(&payload[..cut]).is_err());
        }
    }

    #[test]
    fn classifier_predicts() {
        let c = Classifier::from_parts(
            vec!["x".into(), "y".into()],
            vec![1, 2],
            vec![1.0, 0.0, 0.0, 2.0],
        )
        .expect("valid");
        assert_eq!(c.predict(&[1]), 0);
        assert_eq!(c.predict(&[1, 2]), 1);
        let c2 = Classifier::from_payload(&c.to_payload()).expect("round trip");
        assert_eq!(c, c2);
    }
}
