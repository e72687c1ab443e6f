//! Training the two attribution models (cue and role) from PolNeAR gold
//! attributions, and measuring them on dev with the project's scorer.
//!
//! Gold spans (code points) are mapped to whosaid's own tokens (a token takes a role
//! when it overlaps the role's span), and the token features come from whosaid's own
//! text layer and taggers, exactly as at run time.

use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use whosaid_core::{Article, OffsetMap, Span};
use whosaid_eval::{Attr, Doc, Metric, Target};
use whosaid_extract::decode::{outermost, CUE_LABELS, ROLE_LABELS};
use whosaid_extract::features::{self, CueRef};
use whosaid_extract::{Labeler, Prepared, Taggers, CUE_FILE, CUE_KIND, ROLE_FILE, ROLE_KIND};
use whosaid_models::taggers::Tagger;

use crate::perceptron::{train_sequence, TrainOptions};
use crate::{Error, Result};

/// Averaged weights below this (in absolute value) are dropped (chosen on dev:
/// −0.2 F1 against no pruning, models 2.5× smaller and faster).
pub const PRUNE_BELOW: f32 = 2.0;

/// Models trained on different shuffles whose weights are averaged (chosen on dev:
/// cue exact 69.1 → 69.6 with 3).
pub const BAGS: usize = 3;

/// Epochs used for the committed models.
pub const DEFAULT_EPOCHS: usize = 12;

/// Options of [`train`].
#[derive(Debug, Clone)]
pub struct Options {
    pub epochs: usize,
}

/// Token-level gold of one article.
struct GoldTokens {
    /// Per gold attribution: cue token runs, source token set, content token set.
    atts: Vec<GoldAtt>,
}

struct GoldAtt {
    cue: Vec<(usize, usize)>,
    source: Vec<(usize, usize)>,
    content: Vec<(usize, usize)>,
}

fn runs_of(p: &Prepared, map: &OffsetMap, frags: &[[usize; 2]]) -> Vec<(usize, usize)> {
    frags
        .iter()
        .filter_map(|&[s, e]| map.to_bytes([s, e]).ok())
        .filter_map(|span: Span| features::tokens_in(&p.analysis, span))
        .collect()
}

fn gold_tokens(p: &Prepared, text: &str, doc: &Doc) -> GoldTokens {
    let map = OffsetMap::new(text);
    GoldTokens {
        atts: doc
            .attributions
            .iter()
            .map(|a| GoldAtt {
                cue: runs_of(p, &map, &a.cue),
                source: runs_of(p, &map, &a.source),
                content: runs_of(p, &map, &a.content),
            })
            .collect(),
    }
}

type Seq = (whosaid_models::FeatureSeq, Vec<u16>);

/// Cue-model sequences (one per sentence) of one article.
fn cue_sequences(p: &Prepared, g: &GoldTokens) -> Vec<Seq> {
    let n = p.analysis.tokens.len();
    // owner attribution of each cue token
    let mut owner: Vec<Option<usize>> = vec![None; n];
    for (k, a) in g.atts.iter().enumerate() {
        for &(s, e) in &a.cue {
            for o in owner.iter_mut().take(e).skip(s) {
                o.get_or_insert(k);
            }
        }
    }
    let mut out = Vec::new();
    for s in &p.units {
        if s.is_empty() {
            continue;
        }
        let mut feats = whosaid_models::FeatureSeq::new();
        features::cue_features(&p.infos, s.start, s.end, true, &mut feats, None);
        let labels = (s.clone())
            .map(|t| match owner[t] {
                None => 0,
                Some(k) if t > s.start && owner[t - 1] == Some(k) => 2,
                Some(_) => 1,
            })
            .collect();
        out.push((feats, labels));
    }
    out
}

/// Role-model sequences (one per gold attribution with a cue) of one article.
fn role_sequences(p: &Prepared, g: &GoldTokens) -> Vec<Seq> {
    let n = p.analysis.tokens.len();
    let mut cue_tok = vec![false; n];
    for a in &g.atts {
        for &(s, e) in &a.cue {
            for c in cue_tok.iter_mut().take(e).skip(s) {
                *c = true;
            }
        }
    }
    let mut out = Vec::new();
    let mut other = cue_tok.clone();
    for a in &g.atts {
        let Some(&(c0, _)) = a.cue.first() else {
            continue;
        };
        let Some(unit) = whosaid_extract::units::unit_of(&p.units, c0).and_then(|u| p.units.get(u))
        else {
            continue;
        };
        let (s, e) = (unit.start, unit.end);
        // the cue: the first run, extended by later runs in the same sentence
        let c1 = a
            .cue
            .iter()
            .filter(|r| r.0 < e)
            .map(|r| r.1)
            .max()
            .unwrap_or(c0 + 1)
            .min(e);
        for o in other.iter_mut().take(c1).skip(c0) {
            *o = false;
        }
        let mut labels = vec![0u16; e - s];
        let mut mark = |runs: &[(usize, usize)], b: u16, i: u16| {
            for &(x, y) in runs {
                for t in x.max(s)..y.min(e) {
                    let k = t - s;
                    labels[k] = if t == x.max(s)
                        || (labels[k.saturating_sub(1)] != b && labels[k.saturating_sub(1)] != i)
                    {
                        b
                    } else {
                        i
                    };
                }
            }
        };
        mark(&a.content, 4, 5);
        mark(&a.source, 2, 3);
        for t in c0..c1 {
            labels[t - s] = 1;
        }
        let mut feats = whosaid_models::FeatureSeq::new();
        features::role_features(
            &p.infos,
            s,
            e,
            CueRef { start: c0, end: c1 },
            &other,
            &mut feats,
            None,
        );
        for o in other.iter_mut().take(c1).skip(c0) {
            *o = true;
        }
        out.push((feats, labels));
    }
    out
}

fn prepare_all(taggers: &Taggers, docs: &[Doc]) -> Vec<Prepared> {
    docs.par_iter()
        .map(|d| taggers.prepare(d.text.as_deref().unwrap_or("")))
        .collect()
}

/// Scores a labeler on gold documents (PolNeAR view).
pub fn evaluate(
    labeler: &Labeler,
    docs: &[Doc],
    prepared: &[Prepared],
) -> Result<whosaid_eval::Scores> {
    let preds: Vec<Doc> = docs
        .par_iter()
        .zip(prepared.par_iter())
        .map(|(d, p)| {
            let text = d.text.as_deref().unwrap_or("");
            let attrs = outermost(&labeler.label(text, p));
            let article = Article::new(d.id.clone(), text);
            let out = whosaid_core::schema::ArticleOut::from_article(&article, &attrs, true, false)
                .map_err(|e| Error::Invalid(e.to_string()))?;
            Ok(to_doc(&out))
        })
        .collect::<Result<_>>()?;
    whosaid_eval::score(docs, &preds).map_err(|e| Error::Invalid(e.to_string()))
}

/// An extraction result as a prediction for the scorer.
pub fn to_doc(out: &whosaid_core::schema::ArticleOut) -> Doc {
    Doc {
        id: out.id.clone(),
        text: None,
        attributions: out
            .attributions
            .iter()
            .map(|a| Attr {
                source: a.source.clone(),
                cue: a.cue.clone(),
                content: a.content.clone(),
                parent: a.parent.map(|p| p as u64),
            })
            .collect(),
    }
}

fn load_tagger(path: &Path) -> Result<Tagger> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(Tagger::from_bytes(&bytes)?)
}

fn read_gold(path: &Path) -> Result<Vec<Doc>> {
    whosaid_eval::read_jsonl(path).map_err(|e| Error::Invalid(e.to_string()))
}

/// Trains the cue and role models on `data/train.jsonl`, scores them on
/// `data/dev.jsonl`, writes `cue.model`, `role.model` and `attribution.md` to `out`.
/// The taggers are read from `out` (train them first). Returns a short report.
pub fn train(data: &Path, out: &Path, opts: &Options, log: &mut dyn FnMut(&str)) -> Result<String> {
    let t0 = Instant::now();
    let taggers = Taggers::new(
        load_tagger(&out.join("pos.model"))?,
        load_tagger(&out.join("ner.model"))?,
    );
    let train_docs = read_gold(&data.join("train.jsonl"))?;
    let dev_docs = read_gold(&data.join("dev.jsonl"))?;
    log(&format!(
        "read {} train and {} dev articles; tagging…",
        train_docs.len(),
        dev_docs.len()
    ));
    let train_p = prepare_all(&taggers, &train_docs);
    let dev_p = prepare_all(&taggers, &dev_docs);
    let golds: Vec<GoldTokens> = train_docs
        .iter()
        .zip(&train_p)
        .map(|(d, p)| gold_tokens(p, d.text.as_deref().unwrap_or(""), d))
        .collect();
    let cue_data: Vec<Seq> = train_p
        .par_iter()
        .zip(golds.par_iter())
        .flat_map_iter(|(p, g)| cue_sequences(p, g))
        .collect();
    let role_data: Vec<Seq> = train_p
        .par_iter()
        .zip(golds.par_iter())
        .flat_map_iter(|(p, g)| role_sequences(p, g))
        .collect();
    log(&format!(
        "{} cue sequences, {} role sequences ({:.1} s)",
        cue_data.len(),
        role_data.len(),
        t0.elapsed().as_secs_f64()
    ));
    let topts = TrainOptions {
        epochs: opts.epochs,
        min_count: 1,
        prune_below: PRUNE_BELOW,
        bags: BAGS,
        ..TrainOptions::default()
    };
    let cue = train_sequence(
        &cue_data,
        CUE_LABELS.iter().map(|s| s.to_string()).collect(),
        &topts,
    )?;
    log(&format!(
        "cue model: {} features ({:.1} s)",
        cue.n_features(),
        t0.elapsed().as_secs_f64()
    ));
    let role = train_sequence(
        &role_data,
        ROLE_LABELS.iter().map(|s| s.to_string()).collect(),
        &topts,
    )?;
    log(&format!(
        "role model: {} features ({:.1} s)",
        role.n_features(),
        t0.elapsed().as_secs_f64()
    ));
    drop((cue_data, role_data));
    let labeler = Labeler::new(cue, role).map_err(|e| Error::Invalid(e.to_string()))?;
    let dev = evaluate(&labeler, &dev_docs, &dev_p)?;
    // train score on a fixed subset (every 8th article) for the train/dev gap
    let sub: Vec<usize> = (0..train_docs.len()).step_by(8).collect();
    let sub_docs: Vec<Doc> = sub.iter().map(|&i| train_docs[i].clone()).collect();
    let sub_p: Vec<Prepared> = sub
        .iter()
        .map(|&i| taggers.prepare(train_docs[i].text.as_deref().unwrap_or("")))
        .collect();
    let tr = evaluate(&labeler, &sub_docs, &sub_p)?;
    let line = |s: &whosaid_eval::Scores| {
        format!(
            "attribution overlap F1 {:.1}, exact {:.1}; source exact {:.1}; cue exact {:.1}; content overlap {:.1}, exact {:.1}",
            100.0 * s.f1(Metric::Overlap, Target::Attribution),
            100.0 * s.f1(Metric::Exact, Target::Attribution),
            100.0 * s.f1(Metric::Exact, Target::Source),
            100.0 * s.f1(Metric::Exact, Target::Cue),
            100.0 * s.f1(Metric::Overlap, Target::Content),
            100.0 * s.f1(Metric::Exact, Target::Content),
        )
    };
    let meta = serde_json::json!({
        "data": "PolNeAR v1.0.0 train.jsonl (Newell, Margolin, Ruths, LREC 2018)",
        "epochs": opts.epochs,
        "dev": dev.to_json(),
    })
    .to_string();
    let write = |name: &str, kind: &str, m: &whosaid_models::SequenceModel| -> Result<u64> {
        let path = out.join(name);
        let tmp = out.join(format!("{name}.tmp"));
        let f = std::fs::File::create(&tmp).map_err(|source| Error::Io {
            path: tmp.display().to_string(),
            source,
        })?;
        let mut w = std::io::BufWriter::new(f);
        m.write(&mut w, kind, &meta)?;
        drop(w);
        std::fs::rename(&tmp, &path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        Ok(std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0))
    };
    let cue_size = write(CUE_FILE, CUE_KIND, &labeler.cue)?;
    let role_size = write(ROLE_FILE, ROLE_KIND, &labeler.role)?;
    let report = format!(
        "dev:   {}\ntrain (every 8th article): {}\ncue.model {} features, {:.1} MB; role.model {} features, {:.1} MB; {:.0} s",
        line(&dev),
        line(&tr),
        labeler.cue.n_features(),
        cue_size as f64 / 1e6,
        labeler.role.n_features(),
        role_size as f64 / 1e6,
        t0.elapsed().as_secs_f64()
    );
    log(&report);
    std::fs::write(
        out.join("attribution-scores.txt"),
        format!("{report}\n\n{}", dev.to_table()),
    )
    .map_err(|source| Error::Io {
        path: out.join("attribution-scores.txt").display().to_string(),
        source,
    })?;
    Ok(report)
}
