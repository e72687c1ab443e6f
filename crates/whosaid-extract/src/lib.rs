//! From article text to attributions.
//!
//! Pipeline: [`whosaid_text::analyze`] (tokens, sentences, quotations) → POS and
//! NER taggers → the **cue model** (which tokens are attribution cues) → for each
//! cue the **role model** (which tokens of its sentence are its source and content)
//! → [`decode`] (quotations across sentences, colon cues, nesting, continuations,
//! kinds). Long texts are processed in windows of whole paragraphs so memory stays
//! bounded.
//!
//! Models are embedded in the binary at build time from `models/` and can be
//! replaced at run time with [`Extractor::from_dir`].

pub mod decode;
pub mod error;
pub mod features;
pub mod input;
pub mod lexicon;
pub mod units;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use whosaid_core::{Article, Attribution, Span};
use whosaid_models::perceptron::SequenceModel;
use whosaid_models::taggers::Tagger;
use whosaid_models::{FeatureSeq, Positions};
use whosaid_text::Analysis;

pub use error::{Error, Result};

use decode::{Draft, CUE_LABELS, ROLE_LABELS};
use features::{CueRef, TokenInfo};

/// Model kind strings in the model files.
pub const CUE_KIND: &str = "attribution-cue";
pub const ROLE_KIND: &str = "attribution-role";

/// File names of the models in a model directory.
pub const POS_FILE: &str = "pos.model";
pub const NER_FILE: &str = "ner.model";
pub const CUE_FILE: &str = "cue.model";
pub const ROLE_FILE: &str = "role.model";

/// Tokens of context each side of a run of capitalised words in [`Taggers::tag_names`].
pub const NAME_CONTEXT: usize = 2;
/// Tokens of context after a run in [`Taggers::tag_names`].
pub const NAME_CONTEXT_AFTER: usize = 2;

/// Largest window of text (in bytes) analysed at once; longer texts are cut at
/// paragraph breaks.
pub const WINDOW_BYTES: usize = 64 * 1024;

/// An analysed text: tokens, sentences, quotations, tags and token features.
#[derive(Debug)]
pub struct Prepared {
    pub analysis: Analysis,
    pub pos: Vec<u16>,
    /// NER labels, only after [`Taggers::tag_entities`] (empty otherwise).
    pub ner: Vec<u16>,
    pub infos: Vec<TokenInfo>,
    /// Token ranges the attribution models work on ([`units`]).
    pub units: Vec<std::ops::Range<usize>>,
    /// Per POS label id: is it a verb tag (VB*) / a noun tag (NN*)? Shared with the
    /// [`Taggers`] that made it.
    pub pos_is_verb: Arc<[bool]>,
    pub pos_is_noun: Arc<[bool]>,
    /// Per POS label id: is it a finite verb or modal (VBD, VBZ, VBP, MD)?
    pub pos_is_finite: Arc<[bool]>,
}

/// The POS and NER taggers, which turn text into [`Prepared`].
#[derive(Debug)]
pub struct Taggers {
    pub pos: Tagger,
    pub ner: Tagger,
    pos_is_verb: Arc<[bool]>,
    pos_is_noun: Arc<[bool]>,
    pos_is_finite: Arc<[bool]>,
}

impl Taggers {
    pub fn new(pos: Tagger, ner: Tagger) -> Taggers {
        let class = |prefix: &str| -> Arc<[bool]> {
            pos.labels().iter().map(|l| l.starts_with(prefix)).collect()
        };
        let (pos_is_verb, pos_is_noun) = (class("VB"), class("NN"));
        let pos_is_finite: Arc<[bool]> = pos
            .labels()
            .iter()
            .map(|l| matches!(l.as_str(), "VBD" | "VBZ" | "VBP" | "MD"))
            .collect();
        Taggers {
            pos,
            ner,
            pos_is_verb,
            pos_is_noun,
            pos_is_finite,
        }
    }

    /// Analyses and POS-tags a text for the attribution models. NER is not run: the
    /// attribution models do not use it (measured on dev: overlap F1 70.4 without NER
    /// features, 70.3 with them), so `Prepared::ner` is left empty; see
    /// [`Taggers::tag_entities`].
    pub fn prepare(&self, text: &str) -> Prepared {
        let analysis = whosaid_text::analyze(text);
        let pos = self.pos.tag(text, &analysis.tokens, &analysis.sentences);
        let infos = features::token_infos(text, &analysis, &pos);
        let units = units::units(text, &analysis, &infos);
        Prepared {
            units,
            analysis,
            pos,
            ner: Vec::new(),
            infos,
            pos_is_verb: Arc::clone(&self.pos_is_verb),
            pos_is_noun: Arc::clone(&self.pos_is_noun),
            pos_is_finite: Arc::clone(&self.pos_is_finite),
        }
    }

    /// Fills `Prepared::ner` with NER labels for name candidates only: runs of
    /// capitalised tokens (with "of", "and", "&", "'s" between them) inside a sentence,
    /// each widened by [`NAME_CONTEXT`] tokens, are tagged on their own; all other
    /// tokens are `O`. About five times faster than [`Taggers::tag_entities`] (see
    /// `examples/ner_runs.rs` for agreement with it).
    pub fn tag_names(&self, text: &str, p: &mut Prepared) {
        let toks = &p.analysis.tokens;
        let labels = self.pos.labels();
        // capitalised, and not a function word or verb ("The", "He", "But", "Says")
        let cap = |i: usize| {
            toks[i]
                .span
                .text(text)
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase())
                && p.pos
                    .get(i)
                    .and_then(|&l| labels.get(usize::from(l)))
                    .is_some_and(|l| {
                        !matches!(
                            l.as_str(),
                            "DT" | "PRP"
                                | "PRP$"
                                | "IN"
                                | "CC"
                                | "WDT"
                                | "WP"
                                | "WRB"
                                | "RB"
                                | "MD"
                                | "TO"
                                | "EX"
                                | "PDT"
                                | "VB"
                                | "VBD"
                                | "VBZ"
                                | "VBP"
                                | "VBG"
                        )
                    })
        };
        let common = |i: usize| {
            p.pos
                .get(i)
                .and_then(|&l| labels.get(usize::from(l)))
                .is_some_and(|l| matches!(l.as_str(), "NN" | "NNS" | "JJ" | "JJS" | "JJR"))
        };
        let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
        // the tokens scored: capitalised runs and short gaps between them ("Ludwig van
        // Beethoven"); the rest of each window is context fixed to O
        let mut core = vec![false; toks.len()];
        for s in &p.analysis.sentences {
            let mut last_end: Option<usize> = None;
            let mut i = s.tokens.start;
            while i < s.tokens.end {
                // a sentence-initial common word ("Officials said") starts no run alone
                let lone_initial =
                    i == s.tokens.start && common(i) && !(i + 1 < s.tokens.end && cap(i + 1));
                if !cap(i) || lone_initial {
                    i += 1;
                    continue;
                }
                let mut j = i + 1;
                while j < s.tokens.end {
                    if cap(j) {
                        j += 1;
                    } else if j + 1 < s.tokens.end
                        && cap(j + 1)
                        && matches!(
                            toks[j].span.text(text),
                            "of" | "and" | "&" | "'s" | "’s" | "de" | "al" | "bin"
                        )
                    {
                        j += 2;
                    } else {
                        break;
                    }
                }
                let gap_from = match last_end {
                    Some(e) if i - e <= 2 => e,
                    _ => i,
                };
                core[gap_from..j].fill(true);
                last_end = Some(j);
                let a = i.saturating_sub(NAME_CONTEXT).max(s.tokens.start);
                let b = (j + NAME_CONTEXT_AFTER).min(s.tokens.end);
                match runs.last_mut() {
                    Some(last) if last.end >= a => last.end = last.end.max(b),
                    _ => runs.push(a..b),
                }
                i = j;
            }
        }
        // every token of a window but lower-case words is scored too: capitalised
        // words whatever their POS tag ("Amelize" read as a verb before "Joseph"),
        // quotation marks and numbers, which names may start or hold ("“War On Drugs”")
        for r in &runs {
            for t in r.clone() {
                if !toks[t]
                    .span
                    .text(text)
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
                {
                    core[t] = true;
                }
            }
        }
        p.ner = self
            .ner
            .tag_runs_with_core(text, toks, &p.pos, &runs, Some(&core));
    }

    /// Fills `Prepared::ner` with the NER tagger's labels (for entity work).
    pub fn tag_entities(&self, text: &str, p: &mut Prepared) {
        p.ner = self
            .ner
            .tag_with_pos(text, &p.analysis.tokens, &p.analysis.sentences, &p.pos);
    }
}

/// The two attribution models.
#[derive(Debug)]
pub struct Labeler {
    pub cue: SequenceModel,
    pub role: SequenceModel,
    /// Added to the cue labels' scores before decoding (see [`Labeler::cues`]).
    pub cue_bias: f32,
    /// Transition scores of the cue model: 3 rows from each label, then the start row.
    cue_trans: [[f32; 3]; 4],
    /// Unique per labeler (keys the thread-local score cache).
    id: usize,
}

/// The cue bias used when the cue model file does not name one.
pub const DEFAULT_CUE_BIAS: f32 = 0.0;

impl Labeler {
    /// Checks that the models carry the labels the decoder expects.
    pub fn new(cue: SequenceModel, role: SequenceModel) -> Result<Labeler> {
        if cue.labels() != CUE_LABELS.as_slice() {
            return Err(Error::Labels {
                model: CUE_KIND,
                found: cue.labels().join(","),
            });
        }
        if role.labels() != ROLE_LABELS.as_slice() {
            return Err(Error::Labels {
                model: ROLE_KIND,
                found: role.labels().join(","),
            });
        }
        let mut cue_trans = [[0.0; 3]; 4];
        for (p, row) in cue_trans.iter_mut().enumerate() {
            for (c, v) in row.iter_mut().enumerate() {
                *v = cue.transition((p < 3).then_some(p as u16), c as u16);
            }
        }
        let cue_bias = DEFAULT_CUE_BIAS;
        static NEXT_ID: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);
        Ok(Labeler {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            cue,
            role,
            cue_bias,
            cue_trans,
        })
    }

    /// Finds cue token runs per sentence, with a confidence each.
    ///
    /// Viterbi over the cue model's scores with [`Labeler::cue_bias`] added to the two
    /// cue labels: the perceptron's own decision favours precision, and the bias
    /// (chosen on dev) trades some of it for recall.
    pub fn cues(&self, p: &Prepared) -> Vec<((usize, usize), f32)> {
        let mut feats = FeatureSeq::new();
        let mut small = FeatureSeq::new();
        let mut out = Vec::new();
        let mut emit = Vec::new();
        let mut labels = Vec::new();
        for s in &p.units {
            if s.is_empty() {
                continue;
            }
            features::cue_features(
                &p.infos,
                s.start,
                s.end,
                false,
                &mut feats,
                Some(&mut small),
            );
            emit.clear();
            emit.resize(feats.len() * 3, 0.0f32);
            for t in 0..feats.len() {
                let row = &mut emit[t * 3..t * 3 + 3];
                row.copy_from_slice(&self.cue_local(&p.infos[s.start + t], small.get(t)));
                self.cue.add_emission_scores(feats.get(t), row);
                row[1] += self.cue_bias;
                row[2] += self.cue_bias;
            }
            decode::viterbi3(&emit, &self.cue_trans, &mut labels);
            for r in decode::runs(&labels, s.start, 1, 2) {
                let m = (r.0..r.1)
                    .map(|t| {
                        let row = &emit[(t - s.start) * 3..(t - s.start) * 3 + 3];
                        row[1].max(row[2]) - self.cue_bias - row[0]
                    })
                    .fold(f32::INFINITY, f32::min);
                out.push((r, 1.0 / (1.0 + (-m / 4.0).exp())));
            }
        }
        out
    }

    /// Summed cue-model scores of a token's local features (cached per thread by
    /// [`features::cue_local_key`]: words repeat, one lookup instead of eleven) plus
    /// the scores of its small-domain features (each cached per thread by its hash:
    /// a few thousand distinct ones, so the cache stays hot).
    fn cue_local(&self, t: &TokenInfo, small: &[u64]) -> [f32; 3] {
        thread_local! {
            static CACHE: std::cell::RefCell<LocalCache> = const {
                std::cell::RefCell::new((0, HashMap::with_hasher(BuildIdentity), HashMap::with_hasher(BuildIdentity)))
            };
        }
        let key = features::cue_local_key(t);
        let model_id = self.id;
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            let c = &mut *c;
            if c.0 != model_id || c.1.len() > 1 << 17 || c.2.len() > 1 << 16 {
                c.0 = model_id;
                c.1.clear();
                c.2.clear();
            }
            let mut row = *c.1.entry(key).or_insert_with(|| {
                let mut fs = FeatureSeq::new();
                features::cue_local_features(t, &mut fs.push());
                let mut row = [0.0f32; 3];
                self.cue.add_emission_scores(fs.get(0), &mut row);
                row
            });
            for &h in small {
                let w = c.2.entry(h).or_insert_with(|| {
                    let mut r = [0.0f32; 3];
                    self.cue.add_emission_scores(&[h], &mut r);
                    r
                });
                for (x, y) in row.iter_mut().zip(w.iter()) {
                    *x += *y;
                }
            }
            row
        })
    }

    /// Viterbi over the role model with the scores of the small-domain features taken
    /// from a per-thread cache keyed by feature hash (a few thousand distinct ones).
    fn role_labels(&self, feats: &FeatureSeq, small: &FeatureSeq) -> Vec<u16> {
        thread_local! {
            static CACHE: std::cell::RefCell<RoleCache> =
                const { std::cell::RefCell::new((0, HashMap::with_hasher(BuildIdentity))) };
            static WS: std::cell::RefCell<whosaid_models::Workspace> = std::cell::RefCell::new(whosaid_models::Workspace::default());
        }
        let n = feats.len();
        let mut out = Vec::with_capacity(n);
        CACHE.with(|c| {
            WS.with(|ws| {
                let mut c = c.borrow_mut();
                let c = &mut *c;
                if c.0 != self.id || c.1.len() > 1 << 16 {
                    c.0 = self.id;
                    c.1.clear();
                }
                let fill = |emit: &mut [f32]| {
                    for t in 0..n {
                        let row = &mut emit[t * 6..t * 6 + 6];
                        for &h in small.get(t) {
                            let w = c.1.entry(h).or_insert_with(|| {
                                let mut r = [0.0f32; 6];
                                self.role.add_emission_scores(&[h], &mut r);
                                r
                            });
                            for (x, y) in row.iter_mut().zip(w.iter()) {
                                *x += *y;
                            }
                        }
                        self.role.add_emission_scores(feats.get(t), row);
                    }
                };
                self.role
                    .predict_emissions_into(n, &mut ws.borrow_mut(), fill, &mut out);
            })
        });
        out
    }

    /// Source and content runs of one cue (within its sentence).
    pub fn roles(
        &self,
        p: &Prepared,
        cue: (usize, usize),
        other_cue: &[bool],
        feats: &mut FeatureSeq,
    ) -> Draft {
        let a = &p.analysis;
        let Some(unit) = units::unit_of(&p.units, cue.0).and_then(|u| p.units.get(u)) else {
            return Draft::empty(cue);
        };
        let (s, e) = (unit.start, unit.end);
        let mut small = FeatureSeq::new();
        features::role_features(
            &p.infos,
            s,
            e,
            CueRef {
                start: cue.0,
                end: cue.1.min(e),
            },
            other_cue,
            feats,
            Some(&mut small),
        );
        let labels = self.role_labels(feats, &small);
        let source = decode::runs(&labels, s, 2, 3);
        let content = decode::runs(&labels, s, 4, 5);
        let skip = |t: usize| {
            a.tokens.get(t).is_some_and(|tok| {
                !matches!(
                    tok.kind,
                    whosaid_core::TokenKind::Word | whosaid_core::TokenKind::Number
                )
            })
        };
        // a source is one phrase (PolNeAR has 3 discontinuous sources in 18,361): keep
        // the run nearest the cue
        let mut source = decode::merge_runs(source, skip);
        if source.len() > 1 {
            let dist = |r: &(usize, usize)| {
                if r.1 <= cue.0 {
                    cue.0 - r.1
                } else {
                    r.0.saturating_sub(cue.1)
                }
            };
            if let Some(best) = source.iter().copied().min_by_key(dist) {
                source = vec![best];
            }
        }
        Draft {
            cue,
            source,
            content: decode::merge_runs(content, skip),
            confidence: 1.0,
            parent: None,
            continues: None,
            continuation: false,
        }
    }

    /// All attributions of a prepared text.
    pub fn label(&self, text: &str, p: &Prepared) -> Vec<Attribution> {
        let cues = self.cues(p);
        let mut other = vec![false; p.analysis.tokens.len()];
        for ((a, b), _) in &cues {
            for o in other.iter_mut().take(*b).skip(*a) {
                *o = true;
            }
        }
        let mut feats = FeatureSeq::new();
        let mut drafts: Vec<Draft> = Vec::with_capacity(cues.len());
        for (cue, conf) in cues {
            // the cue's own tokens are not "other" cues
            for o in other.iter_mut().take(cue.1).skip(cue.0) {
                *o = false;
            }
            let mut d = self.roles(p, cue, &other, &mut feats);
            if d.content.is_empty() {
                // a later cue may be nested in this one's content ("X said that Y told
                // him that …"): try again without the cues to its right
                let end = units::unit_of(&p.units, cue.0)
                    .and_then(|u| p.units.get(u))
                    .map_or(cue.1, |u| u.end);
                let saved: Vec<bool> = other[cue.1..end].to_vec();
                other[cue.1..end].iter_mut().for_each(|o| *o = false);
                let retry = self.roles(p, cue, &other, &mut feats);
                other[cue.1..end].copy_from_slice(&saved);
                if !retry.content.is_empty() {
                    d = retry;
                }
            }
            for o in other.iter_mut().take(cue.1).skip(cue.0) {
                *o = true;
            }
            d.confidence = conf;
            drafts.push(d);
        }
        decode::extend_contents(&p.analysis, &p.infos, &mut drafts);
        // a cue only the bias let through must come with a source
        drafts.retain(|d| !d.content.is_empty() && (d.confidence >= 0.5 || !d.source.is_empty()));
        decode::link_nested(&mut drafts);
        let keep = decode::clip_nested(&p.infos, &mut drafts);
        let mut k = keep.iter();
        drafts.retain(|_| k.next().copied().unwrap_or(true));
        decode::link_nested(&mut drafts);
        decode::separate_siblings(&p.infos, &mut drafts);
        drafts.retain(|d| !d.content.is_empty());
        // attributions nested inside contents (PolNeAR marks only the outermost, so the
        // cue model rarely proposes them): up to three levels deep
        let mut frontier: Vec<usize> = (0..drafts.len()).collect();
        for _ in 0..3 {
            let found = self.nested(p, &drafts, &frontier, &mut other, &mut feats);
            if found.is_empty() {
                break;
            }
            frontier = (drafts.len()..drafts.len() + found.len()).collect();
            drafts.extend(found);
        }
        decode::link_nested(&mut drafts);
        {
            let class = |table: &Arc<[bool]>, t: usize| {
                p.pos
                    .get(t)
                    .and_then(|&l| table.get(l as usize))
                    .copied()
                    .unwrap_or(false)
            };
            decode::end_noun_cue_clauses(
                &p.infos,
                &mut drafts,
                |t| class(&p.pos_is_noun, t),
                |t| class(&p.pos_is_finite, t),
            );
        }
        decode::epigraphs(text, &p.analysis, &mut drafts);
        decode::continuations(&p.analysis, &mut drafts, 3);
        decode::finish(text, &p.analysis, &drafts)
    }
}

impl Labeler {
    /// Attributions whose cue is a strong reporting word inside the content of one of
    /// `parents`; their source and content are kept inside that content.
    fn nested(
        &self,
        p: &Prepared,
        drafts: &[Draft],
        parents: &[usize],
        other: &mut [bool],
        feats: &mut FeatureSeq,
    ) -> Vec<Draft> {
        let mut out = Vec::new();
        // tokens starting a cue of a kept draft (or of one found here)
        let mut cue_start = vec![false; p.analysis.tokens.len()];
        for d in drafts {
            for c in cue_start
                .iter_mut()
                .take(d.cue.1.max(d.cue.0 + 1))
                .skip(d.cue.0)
            {
                *c = true;
            }
        }
        for &pi in parents {
            let Some(parent) = drafts.get(pi) else {
                continue;
            };
            for &(a, b) in &parent.content {
                let mut t = a;
                while t < b {
                    let Some(cue) = nested_cue(p, t, b) else {
                        t += 1;
                        continue;
                    };
                    t = cue.1;
                    if cue_start.get(cue.0).copied().unwrap_or(true) {
                        continue;
                    }
                    let mut d = self.roles(p, cue, other, feats);
                    let clip = |v: Vec<(usize, usize)>| -> Vec<(usize, usize)> {
                        v.into_iter()
                            .map(|(x, y)| (x.max(a), y.min(b)))
                            .filter(|(x, y)| y > x)
                            .collect()
                    };
                    d.source = clip(d.source);
                    d.content = clip(d.content);
                    decode::nested_fallbacks(&p.infos, &mut d, (a, b));
                    if d.content.is_empty() || d.source.is_empty() {
                        continue;
                    }
                    d.confidence = parent.confidence * 0.8;
                    for o in other.iter_mut().take(cue.1).skip(cue.0) {
                        *o = true;
                    }
                    for c in cue_start.iter_mut().take(cue.1).skip(cue.0) {
                        *c = true;
                    }
                    out.push(d);
                }
            }
        }
        out
    }
}

/// A strong reporting cue starting at token `t` (before `end`), as a token run.
fn nested_cue(p: &Prepared, t: usize, end: usize) -> Option<(usize, usize)> {
    let info = p.infos.get(t)?;
    let next = p.infos.get(t + 1);
    if info.has(features::flag::ACCORDING)
        && next.is_some_and(|n| n.lower == *lexicon::TO_HASH)
        && t + 2 <= end
    {
        return Some((t, t + 2));
    }
    if !lexicon::NESTED_HASHES.contains(&info.lemma) {
        return None;
    }
    // a reporting verb, or a reporting noun followed by "from"/"by"/"that"
    let after = next.map(|n| n.lower);
    let noun_link = after.is_some_and(|h| lexicon::NOUN_LINK_HASHES.contains(&h));
    let pos_ok = p
        .pos_is_verb
        .get(usize::from(info.pos))
        .copied()
        .unwrap_or(false)
        || (p
            .pos_is_noun
            .get(usize::from(info.pos))
            .copied()
            .unwrap_or(false)
            && noun_link);
    pos_ok.then_some((t, t + 1))
}

/// Per-thread cache of cue scores: (labeler id, token-local key → scores,
/// small-domain feature hash → scores).
type LocalCache = (
    usize,
    HashMap<u64, [f32; 3], BuildIdentity>,
    HashMap<u64, [f32; 3], BuildIdentity>,
);

/// Per-thread cache of role-model scores of small-domain features: (labeler id,
/// feature hash → scores).
type RoleCache = (usize, HashMap<u64, [f32; 6], BuildIdentity>);

/// A hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Debug, Clone, Copy, Default)]
struct BuildIdentity;

#[derive(Debug, Default)]
struct Identity(u64);

impl std::hash::Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

impl std::hash::BuildHasher for BuildIdentity {
    type Hasher = Identity;
    fn build_hasher(&self) -> Identity {
        Identity(0)
    }
}

/// Everything needed to extract attributions from text.
#[derive(Debug)]
pub struct Extractor {
    pub taggers: Taggers,
    pub labeler: Labeler,
}

/// The result of extracting one article.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub attributions: Vec<Attribution>,
}

fn load_bytes<T>(
    bytes: &[u8],
    what: &str,
    f: impl FnOnce(&[u8]) -> whosaid_models::Result<T>,
) -> Result<T> {
    f(bytes).map_err(|source| Error::Model {
        file: what.to_string(),
        source,
    })
}

impl Extractor {
    /// Loads the four model files from `dir`.
    pub fn from_dir(dir: &Path) -> Result<Extractor> {
        let read = |name: &str| -> Result<(Vec<u8>, String)> {
            let p = dir.join(name);
            let bytes = std::fs::read(&p).map_err(|source| Error::Io {
                path: p.display().to_string(),
                source,
            })?;
            Ok((bytes, p.display().to_string()))
        };
        let (pos, pos_name) = read(POS_FILE)?;
        let (ner, ner_name) = read(NER_FILE)?;
        let (cue, cue_name) = read(CUE_FILE)?;
        let (role, role_name) = read(ROLE_FILE)?;
        Extractor::from_bytes(
            &pos,
            &ner,
            &cue,
            &role,
            [&pos_name, &ner_name, &cue_name, &role_name],
        )
    }

    /// Loads the models from their file contents; `names` are used in errors.
    pub fn from_bytes(
        pos: &[u8],
        ner: &[u8],
        cue: &[u8],
        role: &[u8],
        names: [&str; 4],
    ) -> Result<Extractor> {
        let pos = load_bytes(pos, names[0], Tagger::from_bytes)?;
        let ner = load_bytes(ner, names[1], Tagger::from_bytes)?;
        let cue = load_bytes(cue, names[2], |b| {
            SequenceModel::read(b, CUE_KIND).map(|(m, _)| m)
        })?;
        let role = load_bytes(role, names[3], |b| {
            SequenceModel::read(b, ROLE_KIND).map(|(m, _)| m)
        })?;
        Ok(Extractor {
            taggers: Taggers::new(pos, ner),
            labeler: Labeler::new(cue, role)?,
        })
    }

    /// The models built into this binary (from `models/` at build time).
    #[cfg(whosaid_builtin_models)]
    pub fn builtin() -> Result<Extractor> {
        Extractor::from_bytes(
            include_bytes!("../../../models/pos.model"),
            include_bytes!("../../../models/ner.model"),
            include_bytes!("../../../models/cue.model"),
            include_bytes!("../../../models/role.model"),
            [
                "built-in pos.model",
                "built-in ner.model",
                "built-in cue.model",
                "built-in role.model",
            ],
        )
    }

    /// This binary was built before the models existed.
    #[cfg(not(whosaid_builtin_models))]
    pub fn builtin() -> Result<Extractor> {
        Err(Error::Input(
            "this whosaid was built without models (models/*.model were missing at build time): run `whosaid train all`, then rebuild, or pass --models DIR".into(),
        ))
    }

    /// Extracts the attributions of an article.
    pub fn extract(&self, article: &Article) -> Extraction {
        self.extract_with(article, |_, _, _, _| {})
    }

    /// Like [`Extractor::extract`], calling `per_window(offset, window, prepared,
    /// attributions)` for each window of the text with the window's analysis and its
    /// attributions (spans and ids relative to the window) before they are merged,
    /// so that later stages (speaker resolution) reuse the analysis.
    pub fn extract_with(
        &self,
        article: &Article,
        mut per_window: impl FnMut(usize, &str, &mut Prepared, &[Attribution]),
    ) -> Extraction {
        let text = article.text.as_str();
        let mut attributions = Vec::new();
        for (offset, window) in windows(text, WINDOW_BYTES) {
            let mut p = self.taggers.prepare(window);
            let base = attributions.len();
            let local = self.labeler.label(window, &p);
            per_window(offset, window, &mut p, &local);
            for mut a in local {
                let shift = |v: &mut Vec<Span>| {
                    for s in v.iter_mut() {
                        *s = Span::new(s.start + offset, s.end + offset);
                    }
                };
                shift(&mut a.source);
                shift(&mut a.cue);
                shift(&mut a.content);
                a.id += base;
                a.parent = a.parent.map(|p| p + base);
                a.continues = a.continues.map(|p| p + base);
                attributions.push(a);
            }
        }
        Extraction { attributions }
    }
}

/// Cuts `text` into windows of at most about `max` bytes at paragraph breaks
/// (a newline), or at any char boundary when a paragraph is longer than `max`.
pub fn windows(text: &str, max: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + max).min(text.len());
        if end < text.len() {
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            if let Some(nl) = text[start..end].rfind('\n') {
                if nl > 0 {
                    end = start + nl + 1;
                }
            }
        }
        if end <= start {
            // a char wider than max (cannot happen for max >= 4)
            end = text[start..]
                .chars()
                .next()
                .map_or(text.len(), |c| start + c.len_utf8());
        }
        out.push((start, &text[start..end]));
        start = end;
    }
    out
}

impl Draft {
    fn empty(cue: (usize, usize)) -> Draft {
        Draft {
            cue,
            source: vec![],
            content: vec![],
            confidence: 0.0,
            parent: None,
            continues: None,
            continuation: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_text_at_newlines() {
        let text = "aaaa\nbbbb\ncccc\n";
        let w = windows(text, 7);
        assert_eq!(w.iter().map(|(_, s)| *s).collect::<String>(), text);
        assert_eq!(w[0], (0, "aaaa\n"));
        let multi = "ééééé";
        let w = windows(multi, 3);
        assert_eq!(w.iter().map(|(_, s)| *s).collect::<String>(), multi);
    }
}
