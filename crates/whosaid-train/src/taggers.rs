//! Training and evaluation of the POS and NER taggers on PolNeAR's silver CoreNLP
//! annotations (CoreNLP tokens; surface text from the gold files' `text`).
//!
//! POS is scored by token accuracy, NER by entity-level F1 (exact token ranges and
//! class), both against CoreNLP's labels on `silver-dev.jsonl`. NER is trained on
//! CoreNLP's POS tags and evaluated on the POS tagger's predictions.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use whosaid_core::Span;
use whosaid_models::features::FeatureSeq;
use whosaid_models::taggers::{entities, sentence_features, Tagger, TaggerKind, NER_LABELS};

use crate::perceptron::{train_sequence, TrainOptions};
use crate::polnear::{char_to_byte, read_gold, read_silver, GoldArticle};
use crate::{Error, Result};

/// One silver sentence ready for the taggers.
#[derive(Debug, Clone)]
pub struct TaggedSentence {
    /// Index of the article text in [`Corpus::texts`].
    pub article: usize,
    /// Byte spans into the article text.
    pub spans: Vec<Span>,
    pub pos: Vec<String>,
    /// CoreNLP's NER class per token, reduced to the 4 CoNLL classes (others → `O`).
    pub ner: Vec<String>,
}

/// The silver sentences of one split with their article texts.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub texts: Vec<String>,
    pub sentences: Vec<TaggedSentence>,
}

impl Corpus {
    pub fn n_tokens(&self) -> usize {
        self.sentences.iter().map(|s| s.spans.len()).sum()
    }
}

fn ner4(class: &str) -> &str {
    match class {
        "PERSON" | "ORGANIZATION" | "LOCATION" | "MISC" => class,
        _ => "O",
    }
}

/// Joins a silver file with its gold file (for the text). Articles without a silver
/// line are skipped; a silver article without gold text is an error.
pub fn load_split(gold: &Path, silver: &Path) -> Result<Corpus> {
    let gold_arts = read_gold(gold)?;
    let by_id: HashMap<&str, &GoldArticle> = gold_arts.iter().map(|a| (a.id.as_str(), a)).collect();
    let silver_arts = read_silver(silver)?;
    let mut corpus = Corpus::default();
    for (line, sa) in silver_arts.iter().enumerate() {
        let g = by_id.get(sa.id.as_str()).ok_or_else(|| Error::Parse {
            path: silver.display().to_string(),
            line: line + 1,
            message: format!("article {} is not in {}", sa.id, gold.display()),
        })?;
        let table = char_to_byte(&g.text);
        let article = corpus.texts.len();
        corpus.texts.push(g.text.clone());
        for s in &sa.sentences {
            let mut spans = Vec::with_capacity(s.tokens.len());
            for t in &s.tokens {
                match (table.get(t.start), table.get(t.end)) {
                    (Some(&a), Some(&b)) if a <= b => spans.push(Span::new(a, b)),
                    _ => {
                        return Err(Error::Parse {
                            path: silver.display().to_string(),
                            line: line + 1,
                            message: format!(
                                "token [{}, {}) outside the text of {}",
                                t.start, t.end, sa.id
                            ),
                        })
                    }
                }
            }
            corpus.sentences.push(TaggedSentence {
                article,
                spans,
                pos: s.tokens.iter().map(|t| t.pos.clone()).collect(),
                ner: s.tokens.iter().map(|t| ner4(&t.ner).to_string()).collect(),
            });
        }
    }
    Ok(corpus)
}

/// Options of tagger training.
#[derive(Debug, Clone)]
pub struct TaggerOptions {
    pub pos_epochs: usize,
    pub ner_epochs: usize,
    pub min_count: u32,
    pub prune_below: f32,
    pub seed: u64,
}

impl Default for TaggerOptions {
    fn default() -> TaggerOptions {
        TaggerOptions {
            pos_epochs: 8,
            ner_epochs: 10,
            min_count: 2,
            prune_below: 0.05,
            seed: 0x5eed_1234,
        }
    }
}

/// What training a tagger measured.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggerReport {
    pub kind: TaggerKind,
    pub train_tokens: usize,
    pub dev_tokens: usize,
    /// POS: token accuracy; NER: entity F1 (with predicted POS).
    pub dev_score: f64,
    /// NER only: entity precision and recall (with predicted POS).
    pub precision: f64,
    pub recall: f64,
    pub features: usize,
    pub epochs: usize,
    pub seconds: f64,
}

impl fmt::Display for TaggerReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            TaggerKind::Pos => write!(
                f,
                "pos: dev accuracy {:.2}% on {} tokens ({} train tokens, {} features, {} epochs, {:.1}s)",
                self.dev_score * 100.0,
                self.dev_tokens,
                self.train_tokens,
                self.features,
                self.epochs,
                self.seconds
            ),
            TaggerKind::Ner => write!(
                f,
                "ner: dev entity F1 {:.2}% (P {:.2}%, R {:.2}%) on {} tokens ({} train tokens, {} features, {} epochs, {:.1}s)",
                self.dev_score * 100.0,
                self.precision * 100.0,
                self.recall * 100.0,
                self.dev_tokens,
                self.train_tokens,
                self.features,
                self.epochs,
                self.seconds
            ),
        }
    }
}

impl TaggerReport {
    /// The report as JSON text (the model file's metadata).
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "kind": self.kind.as_str(),
            "data": "PolNeAR silver CoreNLP annotations (train split); scored on silver-dev",
            "train_tokens": self.train_tokens,
            "dev_tokens": self.dev_tokens,
            "dev_score": (self.dev_score * 10000.0).round() / 10000.0,
            "dev_precision": (self.precision * 10000.0).round() / 10000.0,
            "dev_recall": (self.recall * 10000.0).round() / 10000.0,
            "features": self.features,
            "epochs": self.epochs,
            "feature_version": whosaid_models::taggers::FEATURE_VERSION,
        })
        .to_string()
    }
}

fn label_ids(labels: &[String], names: &[String]) -> Vec<u16> {
    names
        .iter()
        .map(|n| labels.iter().position(|l| l == n).unwrap_or(0) as u16)
        .collect()
}

fn bio(classes: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(classes.len());
    let mut prev = "O";
    for c in classes {
        out.push(if c == "O" {
            "O".to_string()
        } else if c == prev {
            format!("I-{c}")
        } else {
            format!("B-{c}")
        });
        prev = c;
    }
    out
}

fn features_of(kind: TaggerKind, corpus: &Corpus, pos: Option<&[Vec<String>]>) -> Vec<FeatureSeq> {
    corpus
        .sentences
        .par_iter()
        .enumerate()
        .map(|(i, s)| {
            let mut fs = FeatureSeq::new();
            let p: Option<Vec<&str>> = pos.map(|p| p[i].iter().map(String::as_str).collect());
            sentence_features(
                kind,
                &corpus.texts[s.article],
                &s.spans,
                p.as_deref(),
                &mut fs,
            );
            fs
        })
        .collect()
}

/// POS tags predicted for every sentence of `corpus`.
pub fn predict_pos(tagger: &Tagger, corpus: &Corpus) -> Vec<Vec<String>> {
    corpus
        .sentences
        .par_iter()
        .map(|s| {
            let ids = tagger.tag_sentence(&corpus.texts[s.article], &s.spans, None);
            ids.iter()
                .map(|&i| {
                    tagger
                        .labels()
                        .get(usize::from(i))
                        .cloned()
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect()
}

/// Token accuracy of `tagger` on `corpus`.
pub fn eval_pos(tagger: &Tagger, corpus: &Corpus) -> f64 {
    let pred = predict_pos(tagger, corpus);
    let (mut ok, mut n) = (0usize, 0usize);
    for (s, p) in corpus.sentences.iter().zip(&pred) {
        n += s.pos.len();
        ok += s.pos.iter().zip(p).filter(|(a, b)| a == b).count();
    }
    ok as f64 / n.max(1) as f64
}

/// Entity precision, recall and F1 of an NER tagger on `corpus`, given POS tags.
pub fn eval_ner(tagger: &Tagger, corpus: &Corpus, pos: &[Vec<String>]) -> (f64, f64, f64) {
    let labels = tagger.labels();
    let counts: Vec<(usize, usize, usize)> = corpus
        .sentences
        .par_iter()
        .zip(pos)
        .map(|(s, p)| {
            let p: Vec<&str> = p.iter().map(String::as_str).collect();
            let pred = tagger.tag_sentence(&corpus.texts[s.article], &s.spans, Some(&p));
            let gold_ids = label_ids(labels, &bio(&s.ner));
            let g = entities(labels, &gold_ids);
            let e = entities(labels, &pred);
            let tp = e.iter().filter(|x| g.contains(x)).count();
            (tp, e.len(), g.len())
        })
        .collect();
    let (tp, np, ng) = counts
        .iter()
        .fold((0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2));
    let p = tp as f64 / np.max(1) as f64;
    let r = tp as f64 / ng.max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

fn train_opts(epochs: usize, o: &TaggerOptions) -> TrainOptions {
    TrainOptions {
        epochs,
        seed: o.seed,
        min_count: o.min_count,
        transitions: true,
        prune_below: o.prune_below,
        bags: 1,
        progress: None,
    }
}

/// Trains the POS tagger on `train` and scores it on `dev`.
pub fn train_pos(
    train: &Corpus,
    dev: &Corpus,
    opts: &TaggerOptions,
) -> Result<(Tagger, TaggerReport)> {
    let t0 = Instant::now();
    let mut labels: Vec<String> = train
        .sentences
        .iter()
        .flat_map(|s| s.pos.iter().cloned())
        .collect();
    labels.sort();
    labels.dedup();
    let feats = features_of(TaggerKind::Pos, train, None);
    let data: Vec<(FeatureSeq, Vec<u16>)> = feats
        .into_iter()
        .zip(&train.sentences)
        .map(|(f, s)| (f, label_ids(&labels, &s.pos)))
        .collect();
    let model = train_sequence(&data, labels, &train_opts(opts.pos_epochs, opts))?;
    drop(data);
    let tagger = Tagger::new(TaggerKind::Pos, model, Vec::new());
    let acc = eval_pos(&tagger, dev);
    let report = TaggerReport {
        kind: TaggerKind::Pos,
        train_tokens: train.n_tokens(),
        dev_tokens: dev.n_tokens(),
        dev_score: acc,
        precision: acc,
        recall: acc,
        features: tagger.model().n_features(),
        epochs: opts.pos_epochs,
        seconds: t0.elapsed().as_secs_f64(),
    };
    Ok((tagger, report))
}

/// Trains the NER tagger on `train` (with CoreNLP's POS tags as features) and scores
/// it on `dev` with the POS tags `pos_tagger` predicts.
pub fn train_ner(
    train: &Corpus,
    dev: &Corpus,
    pos_tagger: &Tagger,
    opts: &TaggerOptions,
) -> Result<(Tagger, TaggerReport)> {
    let t0 = Instant::now();
    let labels: Vec<String> = NER_LABELS.iter().map(|s| s.to_string()).collect();
    let gold_pos: Vec<Vec<String>> = train.sentences.iter().map(|s| s.pos.clone()).collect();
    let feats = features_of(TaggerKind::Ner, train, Some(&gold_pos));
    drop(gold_pos);
    let data: Vec<(FeatureSeq, Vec<u16>)> = feats
        .into_iter()
        .zip(&train.sentences)
        .map(|(f, s)| (f, label_ids(&labels, &bio(&s.ner))))
        .collect();
    let model = train_sequence(&data, labels, &train_opts(opts.ner_epochs, opts))?;
    drop(data);
    let tagger = Tagger::new(TaggerKind::Ner, model, pos_tagger.labels().to_vec());
    let dev_pos = predict_pos(pos_tagger, dev);
    let (p, r, f) = eval_ner(&tagger, dev, &dev_pos);
    let report = TaggerReport {
        kind: TaggerKind::Ner,
        train_tokens: train.n_tokens(),
        dev_tokens: dev.n_tokens(),
        dev_score: f,
        precision: p,
        recall: r,
        features: tagger.model().n_features(),
        epochs: opts.ner_epochs,
        seconds: t0.elapsed().as_secs_f64(),
    };
    Ok((tagger, report))
}

/// What [`train_all`] did.
#[derive(Debug, Clone)]
pub struct TaggersReport {
    pub pos: TaggerReport,
    pub ner: TaggerReport,
    pub pos_bytes: usize,
    pub ner_bytes: usize,
}

impl fmt::Display for TaggersReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} → pos.model {} bytes", self.pos, self.pos_bytes)?;
        write!(f, "{} → ner.model {} bytes", self.ner, self.ner_bytes)
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|source| Error::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Trains both taggers from the PolNeAR directory `data` (`train.jsonl`,
/// `dev.jsonl`, `silver-train.jsonl`, `silver-dev.jsonl`) and writes `pos.model`
/// and `ner.model` into `out`. `epochs` overrides both epoch counts.
pub fn train_all(
    data: &Path,
    out: &Path,
    epochs: Option<usize>,
    progress: &mut dyn FnMut(&str),
) -> Result<TaggersReport> {
    let mut opts = TaggerOptions::default();
    if let Some(e) = epochs {
        opts.pos_epochs = e;
        opts.ner_epochs = e;
    }
    progress("reading PolNeAR silver train and dev");
    let train = load_split(&data.join("train.jsonl"), &data.join("silver-train.jsonl"))?;
    let dev = load_split(&data.join("dev.jsonl"), &data.join("silver-dev.jsonl"))?;
    progress(&format!(
        "training POS tagger on {} tokens",
        train.n_tokens()
    ));
    let (pos, pos_report) = train_pos(&train, &dev, &opts)?;
    progress(&pos_report.to_string());
    let pos_bytes = pos.to_bytes(&pos_report.to_json());
    write_file(&out.join("pos.model"), &pos_bytes)?;
    progress("training NER tagger");
    let (ner, ner_report) = train_ner(&train, &dev, &pos, &opts)?;
    progress(&ner_report.to_string());
    let ner_bytes = ner.to_bytes(&ner_report.to_json());
    write_file(&out.join("ner.model"), &ner_bytes)?;
    Ok(TaggersReport {
        pos: pos_report,
        ner: ner_report,
        pos_bytes: pos_bytes.len(),
        ner_bytes: ner_bytes.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy_corpus() -> Corpus {
        let text = "Alice Smith said that Bob Jones left . Carol Brown said that Dan Green won ."
            .to_string();
        let mut spans = Vec::new();
        let mut start = None;
        for (i, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            match (c == ' ', start) {
                (true, Some(s)) => {
                    spans.push(Span::new(s, i));
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        let pos = "NNP NNP VBD IN NNP NNP VBD .";
        let ner = "PERSON PERSON O O PERSON PERSON O O";
        let s = |r: std::ops::Range<usize>| TaggedSentence {
            article: 0,
            spans: spans[r].to_vec(),
            pos: pos.split(' ').map(String::from).collect(),
            ner: ner.split(' ').map(String::from).collect(),
        };
        Corpus {
            texts: vec![text],
            sentences: vec![s(0..8), s(8..16)],
        }
    }

    #[test]
    fn tiny_taggers_learn_toy_sentences() {
        let c = toy_corpus();
        let opts = TaggerOptions {
            min_count: 1,
            prune_below: 0.0,
            ..TaggerOptions::default()
        };
        let (pos, rep) = train_pos(&c, &c, &opts).expect("train pos");
        assert!(rep.dev_score > 0.99, "{rep}");
        let (ner, rep) = train_ner(&c, &c, &pos, &opts).expect("train ner");
        assert!(rep.dev_score > 0.99, "{rep}");
        let bytes = ner.to_bytes(&rep.to_json());
        let back = Tagger::from_bytes(&bytes).expect("load");
        assert_eq!(back, ner);
    }

    #[test]
    fn bio_encoding() {
        let v: Vec<String> = ["O", "PERSON", "PERSON", "LOCATION", "O"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            bio(&v),
            vec!["O", "B-PERSON", "I-PERSON", "B-LOCATION", "O"]
        );
    }
}
