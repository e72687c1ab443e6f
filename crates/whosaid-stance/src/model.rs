//! The two-stage stance model.
//!
//! * Stage 1 — related vs unrelated: gradient-boosted trees on the dense lexical-overlap
//!   features ([`crate::features::DENSE_NAMES`]).
//! * Stage 2 — agree / disagree / discuss among related pairs: a softmax logistic regression
//!   on hashed sparse features, whose out-of-fold probabilities (inner cross-validation by
//!   body) are stacked with the dense features into a second boosted-tree model.
//! * Decision: the label with the highest expected FNC-1 score under the predicted
//!   probabilities (see [`Decision`]).

use std::collections::BTreeMap;

use crate::data::{Bodies, Pair, Stance};
use crate::error::{Error, Result};
use crate::features::{all_features, dense_features, Doc, Idf, N_DENSE};
use crate::gbdt::{self, Gbdt, GbdtParams};
use crate::linear::{self, LrParams, Softmax};
use crate::text::{Analyzer, Tok};

/// How stage 2 is modelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage2Kind {
    /// Boosted trees on the dense features only.
    Gbdt,
    /// Logistic regression on the sparse features only.
    Lr,
    /// Boosted trees on the dense features plus out-of-fold logistic-regression probabilities.
    Stacked,
}

impl Stage2Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage2Kind::Gbdt => "gbdt",
            Stage2Kind::Lr => "lr",
            Stage2Kind::Stacked => "stacked",
        }
    }

    pub fn code(self) -> u8 {
        match self {
            Stage2Kind::Gbdt => 0,
            Stage2Kind::Lr => 1,
            Stage2Kind::Stacked => 2,
        }
    }

    pub fn from_code(c: u8) -> Option<Self> {
        match c {
            0 => Some(Stage2Kind::Gbdt),
            1 => Some(Stage2Kind::Lr),
            2 => Some(Stage2Kind::Stacked),
            _ => None,
        }
    }
}

impl std::str::FromStr for Stage2Kind {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "gbdt" => Ok(Stage2Kind::Gbdt),
            "lr" => Ok(Stage2Kind::Lr),
            "stacked" => Ok(Stage2Kind::Stacked),
            _ => Err(format!("unknown stage-2 model {s:?} (gbdt, lr, stacked)")),
        }
    }
}

/// How probabilities become a label.
///
/// With p = P(related) and q = P(agree, disagree, discuss | related), predicting the related
/// label c scores 0.25·p + 0.75·p·q_c in expectation and predicting "unrelated" 0.25·(1 − p).
/// `class_bias` multiplies q before the arg-max (1 = no bias) and `related_bias` multiplies
/// the related side of the comparison (1 = the expected-score rule).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    pub related_bias: f32,
    pub class_bias: [f32; 3],
}

impl Default for Decision {
    fn default() -> Self {
        Decision {
            related_bias: 1.0,
            class_bias: [1.0; 3],
        }
    }
}

/// Model probabilities for one pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Probs {
    /// P(related).
    pub related: f32,
    /// P(agree, disagree, discuss | related).
    pub given_related: [f32; 3],
}

impl Probs {
    /// P(agree, disagree, discuss, unrelated).
    pub fn four(&self) -> [f32; 4] {
        let p = self.related;
        let q = self.given_related;
        [p * q[0], p * q[1], p * q[2], 1.0 - p]
    }
}

impl Decision {
    /// The label for `probs`.
    pub fn decide(&self, probs: &Probs) -> Stance {
        let q = probs.given_related;
        let mut best = 0;
        let mut best_v = f32::NEG_INFINITY;
        #[allow(clippy::needless_range_loop)] // k indexes q and class_bias together
        for k in 0..3 {
            let v = q[k] * self.class_bias[k];
            if v > best_v {
                best_v = v;
                best = k;
            }
        }
        let p = probs.related;
        let rel = self.related_bias * p * (0.25 + 0.75 * q[best]);
        if rel > 0.25 * (1.0 - p) {
            Stance::RELATED[best]
        } else {
            Stance::Unrelated
        }
    }
}

/// Training settings.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    pub stage1: GbdtParams,
    pub stage2: GbdtParams,
    pub lr: LrParams,
    pub stage2_kind: Stage2Kind,
    /// Stage-2 training weights of agree, disagree, discuss.
    pub class_weights: [f32; 3],
    /// Inner folds for the out-of-fold stacking probabilities.
    pub inner_folds: usize,
    pub decision: Decision,
    /// Worker threads for feature extraction (results do not depend on it).
    pub threads: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            stage1: GbdtParams {
                n_rounds: 200,
                max_depth: 6,
                learning_rate: 0.1,
                lambda: 1.0,
                min_child_weight: 1.0,
                subsample: 0.8,
                max_bins: 64,
            },
            stage2: GbdtParams {
                n_rounds: 200,
                max_depth: 5,
                learning_rate: 0.05,
                lambda: 1.0,
                min_child_weight: 1.0,
                subsample: 0.8,
                max_bins: 64,
            },
            lr: LrParams::default(),
            stage2_kind: Stage2Kind::Stacked,
            class_weights: [1.0, 1.0, 1.0],
            inner_folds: 5,
            decision: Decision::default(),
            threads: std::thread::available_parallelism().map_or(1, |n| n.get().min(8)),
        }
    }
}

impl TrainConfig {
    /// A one-line description stored in the model file.
    pub fn describe(&self) -> String {
        let g = |p: &GbdtParams| {
            format!(
                "rounds={} depth={} lr={} lambda={} mcw={} subsample={} bins={}",
                p.n_rounds,
                p.max_depth,
                p.learning_rate,
                p.lambda,
                p.min_child_weight,
                p.subsample,
                p.max_bins
            )
        };
        format!(
            "stage1[{}] stage2={}[{}] lr[epochs={} eta={} l2={} min_count={}] class_weights={:?} inner_folds={}",
            g(&self.stage1),
            self.stage2_kind.as_str(),
            g(&self.stage2),
            self.lr.epochs,
            self.lr.learning_rate,
            self.lr.l2,
            self.lr.min_count,
            self.class_weights,
            self.inner_folds
        )
    }
}

/// A trained stance model.
#[derive(Debug, Clone)]
pub struct StanceModel {
    pub(crate) idf: Idf,
    pub(crate) stage1: Gbdt,
    pub(crate) stage2_kind: Stage2Kind,
    pub(crate) lr: Option<Softmax>,
    pub(crate) stage2: Option<Gbdt>,
    pub decision: Decision,
    /// Free-text description of how the model was trained (no timestamps).
    pub info: String,
    pub(crate) analyzer: Analyzer,
}

impl PartialEq for StanceModel {
    fn eq(&self, o: &Self) -> bool {
        self.idf == o.idf
            && self.stage1 == o.stage1
            && self.stage2_kind == o.stage2_kind
            && self.lr == o.lr
            && self.stage2 == o.stage2
            && self.decision == o.decision
            && self.info == o.info
    }
}

/// Runs `f` over `items` on `threads` scoped threads, keeping the input order.
pub(crate) fn par_map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.max(1).min(items.len().max(1));
    if threads == 1 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| s.spawn(move || c.iter().map(f).collect::<Vec<R>>()))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for h in handles {
            match h.join() {
                Ok(v) => out.extend(v),
                Err(e) => std::panic::resume_unwind(e),
            }
        }
        out
    })
}

/// Analysed headlines and bodies of a set of pairs.
pub(crate) struct Corpus {
    pub heads: BTreeMap<String, Doc>,
    pub bodies: BTreeMap<String, Doc>,
}

impl Corpus {
    fn doc_pair(&self, p: &Pair) -> Result<(&Doc, &Doc)> {
        let h = self
            .heads
            .get(&p.headline)
            .ok_or_else(|| Error::UnknownBody {
                index: 0,
                headline: p.headline.clone(),
                id: p.body_id.clone(),
            })?;
        let b = self
            .bodies
            .get(&p.body_id)
            .ok_or_else(|| Error::UnknownBody {
                index: 0,
                headline: p.headline.clone(),
                id: p.body_id.clone(),
            })?;
        Ok((h, b))
    }
}

/// Distinct headlines, and distinct (body id, body text) pairs.
type UniqueTexts<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>);

fn unique_texts<'a>(pairs: &'a [Pair], bodies: &'a Bodies) -> Result<UniqueTexts<'a>> {
    let mut heads: Vec<&str> = pairs.iter().map(|p| p.headline.as_str()).collect();
    heads.sort_unstable();
    heads.dedup();
    let mut ids: Vec<&str> = pairs.iter().map(|p| p.body_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut bs = Vec::with_capacity(ids.len());
    for id in ids {
        let (k, text) = bodies.get_key_value(id).ok_or_else(|| Error::UnknownBody {
            index: pairs.iter().position(|p| p.body_id == id).unwrap_or(0),
            headline: pairs
                .iter()
                .find(|p| p.body_id == id)
                .map(|p| p.headline.clone())
                .unwrap_or_default(),
            id: id.to_string(),
        })?;
        bs.push((k.as_str(), text.as_str()));
    }
    Ok((heads, bs))
}

fn build_corpus(
    an: &Analyzer,
    idf: &Idf,
    heads: &[(&str, Vec<Tok>)],
    bodies: &[(&str, &str, Vec<Tok>)],
    threads: usize,
) -> Corpus {
    let hd = par_map(heads, threads, |(h, toks)| {
        (h.to_string(), Doc::from_tokens(toks.clone(), h, idf, true))
    });
    let bd = par_map(bodies, threads, |(id, text, toks)| {
        (
            id.to_string(),
            Doc::from_tokens(toks.clone(), text, idf, false),
        )
    });
    let _ = an;
    Corpus {
        heads: hd.into_iter().collect(),
        bodies: bd.into_iter().collect(),
    }
}

/// Fold of each item for `k`-fold splitting by body id (deterministic: sorted ids shuffled
/// with `seed`, then dealt round-robin).
pub(crate) fn body_folds(ids: &[&str], k: usize, seed: u64) -> BTreeMap<String, usize> {
    let mut u: Vec<&str> = ids.to_vec();
    u.sort_unstable();
    u.dedup();
    let mut rng = crate::rng::Rng::new(seed);
    rng.shuffle(&mut u);
    u.into_iter()
        .enumerate()
        .map(|(i, id)| (id.to_string(), i % k.max(1)))
        .collect()
}

fn weights_for(y: &[u32], cw: &[f32; 3]) -> Vec<f32> {
    y.iter()
        .map(|&c| cw.get(c as usize).copied().unwrap_or(1.0))
        .collect()
}

fn stage2_input(dense: &[f32], lr_probs: Option<&[f32]>) -> Vec<f32> {
    let mut v = dense.to_vec();
    if let Some(p) = lr_probs {
        v.extend_from_slice(p);
        // Log-odds of the three classes help the trees split on ratios.
        let z = |x: f32| (x.clamp(1e-6, 1.0 - 1e-6) / (1.0 - x.clamp(1e-6, 1.0 - 1e-6))).ln();
        v.extend(p.iter().map(|&x| z(x)));
    }
    v
}

impl StanceModel {
    /// Trains on labelled `pairs` whose bodies are in `bodies`. Same data, config and seed
    /// give a byte-identical model file, whatever `config.threads` is.
    pub fn train(pairs: &[Pair], bodies: &Bodies, config: &TrainConfig, seed: u64) -> Result<Self> {
        let labels: Vec<Stance> = pairs
            .iter()
            .enumerate()
            .map(|(i, p)| {
                p.stance.ok_or_else(|| {
                    Error::Training(format!(
                        "pair {i} (headline {:?}) has no stance label",
                        p.headline
                    ))
                })
            })
            .collect::<Result<_>>()?;
        if pairs.is_empty() {
            return Err(Error::Training("no training pairs".into()));
        }
        let n_related = labels.iter().filter(|s| s.is_related()).count();
        if n_related == 0 || n_related == labels.len() {
            return Err(Error::Training(
                "training data needs both related and unrelated pairs".into(),
            ));
        }
        let threads = config.threads.max(1);
        let clock = std::time::Instant::now();
        let verbose = std::env::var_os("WHOSAID_STANCE_VERBOSE").is_some();
        let lap = |what: &str| {
            if verbose {
                eprintln!("  [{:>7.2} s] {what}", clock.elapsed().as_secs_f64());
            }
        };
        let an = Analyzer::new();
        let (heads, bodies_u) = unique_texts(pairs, bodies)?;
        let head_toks: Vec<(&str, Vec<Tok>)> = par_map(&heads, threads, |h| (*h, an.tokenize(h)));
        let body_toks: Vec<(&str, &str, Vec<Tok>)> =
            par_map(&bodies_u, threads, |(id, t)| (*id, *t, an.tokenize(t)));
        let body_lens: Vec<usize> = body_toks
            .iter()
            .map(|(_, _, t)| t.iter().filter(|t| !t.stop).count())
            .collect();
        let idf = Idf::fit(
            head_toks
                .iter()
                .map(|(_, t)| t.as_slice())
                .chain(body_toks.iter().map(|(_, _, t)| t.as_slice())),
            &body_lens,
        );
        let corpus = build_corpus(&an, &idf, &head_toks, &body_toks, threads);
        drop(head_toks);
        drop(body_toks);

        // Stage 1.
        let idx: Vec<usize> = (0..pairs.len()).collect();
        let dense: Vec<Vec<f32>> = par_map(&idx, threads, |&i| {
            corpus
                .doc_pair(&pairs[i])
                .map(|(h, b)| dense_features(h, b, &idf))
                .unwrap_or_else(|_| vec![0.0; N_DENSE])
        });
        lap("analysed texts, dense features");
        let x1: Vec<f32> = dense.iter().flatten().copied().collect();
        let y1: Vec<u32> = labels.iter().map(|s| u32::from(s.is_related())).collect();
        let w1 = vec![1.0f32; y1.len()];
        let stage1 = gbdt::train(&x1, N_DENSE, &y1, &w1, 2, &config.stage1, seed, threads);
        drop(x1);
        lap("stage 1 trained");

        // Stage 2 on related pairs.
        let rel: Vec<usize> = (0..pairs.len())
            .filter(|&i| labels[i].is_related())
            .collect();
        let y2: Vec<u32> = rel.iter().map(|&i| labels[i].index() as u32).collect();
        let w2 = weights_for(&y2, &config.class_weights);
        let kind = config.stage2_kind;
        let sparse: Vec<Vec<(u64, f32)>> = if kind == Stage2Kind::Gbdt {
            Vec::new()
        } else {
            par_map(&rel, threads, |&i| {
                corpus
                    .doc_pair(&pairs[i])
                    .map(|(h, b)| all_features(h, b, &idf).1)
                    .unwrap_or_default()
            })
        };
        lap("sparse features");
        let (lr, lr_oof) = if kind == Stage2Kind::Gbdt {
            (None, Vec::new())
        } else {
            let keys = linear::fit_dict(&sparse, config.lr.min_count);
            let idx_rows = linear::index_rows(&keys, &sparse);
            drop(sparse);
            // The full model and, when stacking, one model per inner fold (by body) for
            // out-of-fold probabilities; all trained in parallel, each deterministic.
            let k = if kind == Stage2Kind::Stacked {
                config.inner_folds.max(2)
            } else {
                0
            };
            let rel_ids: Vec<&str> = rel.iter().map(|&i| pairs[i].body_id.as_str()).collect();
            let folds = body_folds(&rel_ids, k.max(1), seed ^ 0x33);
            let fold_of: Vec<usize> = rel_ids
                .iter()
                .map(|id| folds.get(*id).copied().unwrap_or(0))
                .collect();
            // Job k is the full model.
            let jobs: Vec<usize> = (0..=k).rev().collect();
            let mut models = par_map(&jobs, threads, |&f| {
                let tr: Vec<usize> = (0..rel.len())
                    .filter(|&j| f == k || fold_of[j] != f)
                    .collect();
                let s = if f == k {
                    seed ^ 0x11
                } else {
                    seed ^ 0x44 ^ f as u64
                };
                linear::train_indexed(keys.len(), &idx_rows, &tr, &y2, &w2, 3, &config.lr, s)
            });
            models.reverse();
            let mut oof = vec![[0f32; 3]; rel.len()];
            if k > 0 {
                for (j, f) in fold_of.iter().enumerate() {
                    let (w, b) = &models[*f];
                    let p = gbdt::softmax(&linear::raw_indexed(w, b, &idx_rows[j]));
                    oof[j] = [p[0], p[1], p[2]];
                }
            }
            let (weights, bias) = models.pop().unwrap_or_default();
            lap("logistic regression");
            (
                Some(Softmax {
                    n_classes: 3,
                    keys,
                    weights,
                    bias,
                }),
                oof,
            )
        };
        let stage2 = match kind {
            Stage2Kind::Lr => None,
            Stage2Kind::Gbdt => {
                let x2: Vec<f32> = rel.iter().flat_map(|&i| dense[i].iter().copied()).collect();
                Some(gbdt::train(
                    &x2,
                    N_DENSE,
                    &y2,
                    &w2,
                    3,
                    &config.stage2,
                    seed ^ 0x22,
                    threads,
                ))
            }
            Stage2Kind::Stacked => {
                let x2: Vec<f32> = rel
                    .iter()
                    .enumerate()
                    .flat_map(|(j, &i)| stage2_input(&dense[i], Some(&lr_oof[j])))
                    .collect();
                let nf = N_DENSE + 6;
                Some(gbdt::train(
                    &x2,
                    nf,
                    &y2,
                    &w2,
                    3,
                    &config.stage2,
                    seed ^ 0x22,
                    threads,
                ))
            }
        };
        lap("stage 2 trained");
        let info = format!(
            "trained on {} pairs ({} related), {} headlines, {} bodies; seed {seed}; {}",
            pairs.len(),
            rel.len(),
            corpus.heads.len(),
            corpus.bodies.len(),
            config.describe()
        );
        Ok(StanceModel {
            idf,
            stage1,
            stage2_kind: kind,
            lr,
            stage2,
            decision: config.decision,
            info,
            analyzer: an,
        })
    }

    fn probs_docs(&self, h: &Doc, b: &Doc) -> Probs {
        let (dense, sparse) = if self.stage2_kind == Stage2Kind::Gbdt {
            (dense_features(h, b, &self.idf), Vec::new())
        } else {
            all_features(h, b, &self.idf)
        };
        let p1 = self.stage1.proba(&dense);
        let related = p1.get(1).copied().unwrap_or(0.0);
        let lr_p = self.lr.as_ref().map(|m| m.proba(&sparse));
        let q: Vec<f32> = match (self.stage2_kind, &self.stage2, &lr_p) {
            (Stage2Kind::Lr, _, Some(p)) => p.clone(),
            (Stage2Kind::Gbdt, Some(m), _) => m.proba(&dense),
            (Stage2Kind::Stacked, Some(m), Some(p)) => m.proba(&stage2_input(&dense, Some(p))),
            _ => vec![0.0, 0.0, 1.0],
        };
        Probs {
            related,
            given_related: [
                q.first().copied().unwrap_or(0.0),
                q.get(1).copied().unwrap_or(0.0),
                q.get(2).copied().unwrap_or(0.0),
            ],
        }
    }

    /// Probabilities for one (headline, body) pair.
    pub fn probs(&self, headline: &str, body: &str) -> Probs {
        let h = Doc::new(&self.analyzer, headline, &self.idf, true);
        let b = Doc::new(&self.analyzer, body, &self.idf, false);
        self.probs_docs(&h, &b)
    }

    /// The stance of `body` towards `headline`.
    pub fn predict(&self, headline: &str, body: &str) -> Stance {
        self.decision.decide(&self.probs(headline, body))
    }

    /// Probabilities for many pairs, analysing each distinct headline and body once.
    /// Gold labels in `pairs` are ignored.
    pub fn probs_batch(
        &self,
        pairs: &[Pair],
        bodies: &Bodies,
        threads: usize,
    ) -> Result<Vec<Probs>> {
        let (heads, bodies_u) = unique_texts(pairs, bodies)?;
        let an = &self.analyzer;
        let head_toks: Vec<(&str, Vec<Tok>)> = par_map(&heads, threads, |h| (*h, an.tokenize(h)));
        let body_toks: Vec<(&str, &str, Vec<Tok>)> =
            par_map(&bodies_u, threads, |(id, t)| (*id, *t, an.tokenize(t)));
        let corpus = build_corpus(an, &self.idf, &head_toks, &body_toks, threads);
        drop(head_toks);
        drop(body_toks);
        let out = par_map(pairs, threads, |p| {
            corpus.doc_pair(p).map(|(h, b)| self.probs_docs(h, b))
        });
        out.into_iter().collect()
    }

    /// Labels for many pairs, in input order. Gold labels in `pairs` are ignored.
    pub fn predict_batch(
        &self,
        pairs: &[Pair],
        bodies: &Bodies,
        threads: usize,
    ) -> Result<Vec<Stance>> {
        Ok(self
            .probs_batch(pairs, bodies, threads)?
            .iter()
            .map(|p| self.decision.decide(p))
            .collect())
    }
}
