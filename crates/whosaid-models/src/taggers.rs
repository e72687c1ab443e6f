//! The POS and NER taggers: a [`SequenceModel`] plus the feature extraction shared
//! by training (`whosaid-train`) and inference, so the two cannot drift.
//!
//! Features are computed from the **surface text** at each token's byte span,
//! normalised like CoreNLP's token words (curly and straight double quotes, `` ` ` ``
//! and `''` → `"`; dashes → `--`; `…` → `...`; soft hyphens dropped) — only inside
//! features, offsets are never changed. POS labels are the Penn Treebank tags of
//! CoreNLP; NER labels are CoreNLP's 4 classes (PERSON, ORGANIZATION, LOCATION,
//! MISC) in BIO encoding (`O`, `B-PERSON`, `I-PERSON`, …).
//!
//! Tagging computes exactly the scores of [`sentence_features`] (same features, same
//! order of additions, so bit-identical), but faster: per thread and model, a
//! bounded cache of distinct tokens holds their strings, the summed scores of their
//! token-local features and their neighbour features already resolved to weight
//! rows (see `TypeCache`).
//!
//! Tagger payload (inside the [`crate::format`] container, kind `"pos"` or `"ner"`):
//! `u32` [`FEATURE_VERSION`], the POS label names the NER features were built with
//! (`u32` count + strings; empty for a POS tagger), then the [`SequenceModel`].

use std::io::{Read, Write};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

use whosaid_core::{Sentence, Span, Token};

use crate::features::{hash_continue, hash_parts, FeatureSeq, FeatureSet, FNV_OFFSET};
use crate::format::{self, ByteReader, ByteWriter};
use crate::perceptron::{FeatureRef, SequenceModel, Workspace};
use crate::{Error, Result};

/// Version of the feature extraction below; bump it whenever a feature changes, so
/// that models trained with other features are refused.
pub const FEATURE_VERSION: u32 = 1;

/// The NER labels, in the order every NER model uses.
pub const NER_LABELS: [&str; 9] = [
    "O",
    "B-PERSON",
    "I-PERSON",
    "B-ORGANIZATION",
    "I-ORGANIZATION",
    "B-LOCATION",
    "I-LOCATION",
    "B-MISC",
    "I-MISC",
];

/// Which tagger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaggerKind {
    Pos,
    Ner,
}

impl TaggerKind {
    /// The model file `kind` string.
    pub fn as_str(self) -> &'static str {
        match self {
            TaggerKind::Pos => "pos",
            TaggerKind::Ner => "ner",
        }
    }
    pub fn parse(s: &str) -> Option<TaggerKind> {
        match s {
            "pos" => Some(TaggerKind::Pos),
            "ner" => Some(TaggerKind::Ner),
            _ => None,
        }
    }
}

/// A named entity found by the NER tagger: a token range and its class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity<'a> {
    pub tokens: Range<usize>,
    /// `PERSON`, `ORGANIZATION`, `LOCATION` or `MISC`.
    pub class: &'a str,
}

/// A POS or NER tagger.
#[derive(Debug, Clone)]
pub struct Tagger {
    kind: TaggerKind,
    model: SequenceModel,
    pos_labels: Vec<String>,
    /// Unique per loaded model (a clone shares it: same weights), so that the
    /// per-thread [`TypeCache`] of one model is never used for another.
    cache_id: u64,
    /// The id of label `O`, when the model has one (NER).
    outside: Option<u16>,
}

/// The emission score that rules a label out (context tokens are fixed to `O`).
const FORBIDDEN: f32 = -1.0e9;

impl PartialEq for Tagger {
    fn eq(&self, other: &Tagger) -> bool {
        self.kind == other.kind && self.model == other.model && self.pos_labels == other.pos_labels
    }
}

/// The id of `O` in a NER model's labels.
fn outside_label(kind: TaggerKind, model: &SequenceModel) -> Option<u16> {
    (kind == TaggerKind::Ner)
        .then(|| model.label_index("O"))
        .flatten()
}

fn next_cache_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, AtomicOrdering::Relaxed)
}

impl Tagger {
    /// Wraps a trained model. For NER, `pos_labels` are the names of the POS tag
    /// ids that [`tag_with_pos`](Self::tag_with_pos) will receive.
    pub fn new(kind: TaggerKind, model: SequenceModel, pos_labels: Vec<String>) -> Tagger {
        let outside = outside_label(kind, &model);
        Tagger {
            kind,
            model,
            pos_labels,
            cache_id: next_cache_id(),
            outside,
        }
    }
    pub fn kind(&self) -> TaggerKind {
        self.kind
    }
    pub fn model(&self) -> &SequenceModel {
        &self.model
    }
    /// Label names; tag id `i` names `labels()[i]`.
    pub fn labels(&self) -> &[String] {
        self.model.labels()
    }
    pub fn label_index(&self, name: &str) -> Option<u16> {
        self.model.label_index(name)
    }
    /// For NER: the POS tag names its POS ids refer to (empty for POS).
    pub fn pos_labels(&self) -> &[String] {
        &self.pos_labels
    }

    /// The payload bytes.
    pub fn to_payload(&self) -> Vec<u8> {
        let mut w = ByteWriter::new();
        w.u32(FEATURE_VERSION);
        w.u32(self.pos_labels.len() as u32);
        for l in &self.pos_labels {
            w.str(l);
        }
        self.model.encode(&mut w);
        w.into_vec()
    }

    /// A complete model file with metadata `meta` (JSON text).
    pub fn to_bytes(&self, meta: &str) -> Vec<u8> {
        format::encode_model(self.kind.as_str(), meta, &self.to_payload())
    }

    pub fn write<W: Write>(&self, w: W, meta: &str) -> Result<()> {
        format::write_model(w, self.kind.as_str(), meta, &self.to_payload())
    }

    /// Loads a POS or NER model file held in memory.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger> {
        Ok(Tagger::from_bytes_with_meta(bytes)?.0)
    }

    /// Loads a POS or NER model file and returns its metadata too.
    pub fn from_bytes_with_meta(bytes: &[u8]) -> Result<(Tagger, String)> {
        let f = format::parse_model(bytes, None)?;
        let kind = TaggerKind::parse(&f.kind).ok_or_else(|| Error::WrongKind {
            expected: "pos or ner".into(),
            found: f.kind.clone(),
        })?;
        let mut r = ByteReader::new(&f.payload);
        let fv = r.u32("feature version")?;
        if fv != FEATURE_VERSION {
            return Err(Error::FeatureVersion {
                found: fv,
                expected: FEATURE_VERSION,
            });
        }
        let n = r.count(4, "POS label count")?;
        let pos_labels = (0..n)
            .map(|_| r.str("POS label"))
            .collect::<Result<Vec<_>>>()?;
        let model = SequenceModel::decode_from(&mut r)?;
        r.finish("tagger")?;
        if kind == TaggerKind::Ner && model.labels().iter().map(String::as_str).ne(NER_LABELS) {
            return Err(Error::Corrupt(format!(
                "unexpected NER labels {:?}",
                model.labels()
            )));
        }
        let outside = outside_label(kind, &model);
        Ok((
            Tagger {
                kind,
                model,
                pos_labels,
                cache_id: next_cache_id(),
                outside,
            },
            f.meta,
        ))
    }

    /// Reads a POS or NER model file.
    pub fn read<R: Read>(mut r: R) -> Result<Tagger> {
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes)?;
        Tagger::from_bytes(&bytes)
    }

    /// Reads a model file that must be of `kind`.
    pub fn read_kind<R: Read>(r: R, kind: TaggerKind) -> Result<Tagger> {
        let t = Tagger::read(r)?;
        if t.kind != kind {
            return Err(Error::WrongKind {
                expected: kind.as_str().into(),
                found: t.kind.as_str().into(),
            });
        }
        Ok(t)
    }

    /// Tags every token (one label id per token). For an NER tagger this uses no POS
    /// features; prefer [`tag_with_pos`](Self::tag_with_pos).
    pub fn tag(&self, text: &str, tokens: &[Token], sentences: &[Sentence]) -> Vec<u16> {
        self.tag_impl(text, tokens, sentences, None)
    }

    /// Tags every token given the POS tag ids of a POS tagger whose labels are this
    /// NER tagger's [`pos_labels`](Self::pos_labels). A POS tagger ignores `pos`.
    pub fn tag_with_pos(
        &self,
        text: &str,
        tokens: &[Token],
        sentences: &[Sentence],
        pos: &[u16],
    ) -> Vec<u16> {
        self.tag_impl(text, tokens, sentences, Some(pos))
    }

    fn tag_impl(
        &self,
        text: &str,
        tokens: &[Token],
        sentences: &[Sentence],
        pos: Option<&[u16]>,
    ) -> Vec<u16> {
        let mut out = vec![0u16; tokens.len()];
        let mut ws = Workspace::default();
        let mut pred = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        let mut pos_names: Vec<&str> = Vec::new();
        for range in segments(tokens.len(), sentences) {
            spans.clear();
            spans.extend(tokens[range.clone()].iter().map(|t| t.span));
            let pos_arg = match (self.kind, pos) {
                (TaggerKind::Ner, Some(p)) => {
                    pos_names.clear();
                    pos_names.extend(range.clone().map(|i| {
                        p.get(i)
                            .and_then(|&id| self.pos_labels.get(usize::from(id)))
                            .map_or("", String::as_str)
                    }));
                    Some(&pos_names[..])
                }
                _ => None,
            };
            self.tag_segment(text, &spans, pos_arg, &mut ws, &mut pred);
            out[range].copy_from_slice(&pred);
        }
        out
    }

    /// NER on token runs only (e.g. capitalised words with a word of context each
    /// side): each run is tagged as if it were a sentence, every other token gets
    /// label 0 (`O`). Much cheaper than [`tag_with_pos`](Self::tag_with_pos) on news
    /// text, where names are a small share of the tokens.
    pub fn tag_runs_with_pos(
        &self,
        text: &str,
        tokens: &[Token],
        pos: &[u16],
        runs: &[std::ops::Range<usize>],
    ) -> Vec<u16> {
        self.tag_runs_with_core(text, tokens, pos, runs, None)
    }

    /// [`tag_runs_with_pos`](Self::tag_runs_with_pos) where only the tokens marked in
    /// `core` (indexed like `tokens`) are scored: the others are context, whose words
    /// feed their neighbours' features but whose own label is fixed to `O` (their
    /// emission scores are never computed). With `core` the words of a capitalised run
    /// and the context a word or two each side, this does about half the work of
    /// scoring every token of the run's window.
    pub fn tag_runs_with_core(
        &self,
        text: &str,
        tokens: &[Token],
        pos: &[u16],
        runs: &[std::ops::Range<usize>],
        core: Option<&[bool]>,
    ) -> Vec<u16> {
        let mut out = vec![0u16; tokens.len()];
        let mut ws = Workspace::default();
        let mut pred = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        let mut pos_names: Vec<&str> = Vec::new();
        let mut tl = TYPE_CACHES.with(|c| c.take());
        let mut seen = RUN_RESULTS.with(|c| c.take());
        if seen.model != self.cache_id || seen.map.len() > RunResults::MAX {
            seen.model = self.cache_id;
            seen.map.clear();
        }
        let mut key = Vec::new();
        for range in runs {
            let range = range.start.min(tokens.len())..range.end.min(tokens.len());
            if range.is_empty() {
                continue;
            }
            // the same words with the same POS tags get the same labels: reuse them
            key.clear();
            for i in range.clone() {
                key.extend_from_slice(tokens[i].span.text(text).as_bytes());
                key.push(0);
                key.extend_from_slice(&pos.get(i).copied().unwrap_or(u16::MAX).to_le_bytes());
                key.push(core.map_or(2, |c| u8::from(c.get(i).copied().unwrap_or(true))));
            }
            let h = crate::features::hash(&key);
            if let Some((k, labels)) = seen.map.get(&h) {
                if **k == key[..] && labels.len() == range.len() {
                    out[range].copy_from_slice(labels);
                    continue;
                }
            }
            spans.clear();
            spans.extend(tokens[range.clone()].iter().map(|t| t.span));
            pos_names.clear();
            pos_names.extend(range.clone().map(|i| {
                pos.get(i)
                    .and_then(|&id| self.pos_labels.get(usize::from(id)))
                    .map_or("", String::as_str)
            }));
            let pos_arg = (self.kind == TaggerKind::Ner).then_some(&pos_names[..]);
            let seg_core = core.and_then(|c| c.get(range.clone()));
            self.tag_segment_in(text, &spans, pos_arg, seg_core, &mut ws, &mut pred, &mut tl);
            out[range].copy_from_slice(&pred);
            seen.map
                .insert(h, (key.as_slice().into(), pred.as_slice().into()));
        }
        TYPE_CACHES.with(|c| *c.borrow_mut() = tl);
        RUN_RESULTS.with(|c| *c.borrow_mut() = seen);
        out
    }

    /// Tags one sentence given as surface words with byte spans into `text`, and for
    /// NER its POS tag names. Used by training and evaluation on foreign tokens.
    pub fn tag_sentence(&self, text: &str, spans: &[Span], pos: Option<&[&str]>) -> Vec<u16> {
        let mut ws = Workspace::default();
        let mut out = Vec::new();
        self.tag_segment(text, spans, pos, &mut ws, &mut out);
        out
    }

    /// Tags one sentence into `out`. The scores are exactly those of
    /// [`sentence_features`] + [`SequenceModel::predict`], computed faster: the sum of
    /// a token's local features (see [`local_features`]) comes from this thread's
    /// [`TypeCache`] for the model, and the other features are added to it in their
    /// usual order, so every addition happens in the same order as before.
    fn tag_segment(
        &self,
        text: &str,
        spans: &[Span],
        pos: Option<&[&str]>,
        ws: &mut Workspace,
        out: &mut Vec<u16>,
    ) {
        let mut tl = TYPE_CACHES.with(|c| c.take());
        self.tag_segment_in(text, spans, pos, None, ws, out, &mut tl);
        TYPE_CACHES.with(|c| *c.borrow_mut() = tl);
    }

    /// [`Tagger::tag_segment`] with this thread's caches already taken; with `core`,
    /// only the marked tokens are scored and the others are fixed to `O` (see
    /// [`tag_runs_with_core`](Self::tag_runs_with_core)).
    #[allow(clippy::too_many_arguments)]
    fn tag_segment_in(
        &self,
        text: &str,
        spans: &[Span],
        pos: Option<&[&str]>,
        core: Option<&[bool]>,
        ws: &mut Workspace,
        out: &mut Vec<u16>,
        tl: &mut ThreadCaches,
    ) {
        let n = spans.len();
        let core = core.filter(|c| c.len() == n && self.outside.is_some());
        if n > TypeCache::MAX_ENTRIES / 2 && core.is_none() {
            // Longer than a cache may hold: plain feature extraction.
            let mut fs = FeatureSeq::new();
            sentence_features(self.kind, text, spans, pos, &mut fs);
            self.model.predict_into(&fs, ws, out);
        } else {
            self.model.predict_emissions_into(
                n,
                ws,
                |emit| self.cached_emissions(text, spans, pos, core, tl, emit),
                out,
            );
        }
    }

    /// Adds the emission scores of a sentence (at most `MAX_ENTRIES / 2` tokens) to
    /// `emit` (`spans.len() × n_labels`, zeros), using `tl`'s cache for this model.
    fn cached_emissions(
        &self,
        text: &str,
        spans: &[Span],
        pos: Option<&[&str]>,
        core: Option<&[bool]>,
        tl: &mut ThreadCaches,
        emit: &mut [f32],
    ) {
        let n = spans.len();
        let ThreadCaches { caches, feats, ids } = tl;
        let model = &self.model;
        let cache = TypeCache::for_model(caches, self.cache_id, self.kind == TaggerKind::Ner);
        cache.make_room(model, n);
        // Entry ids with two sentence-boundary entries each side.
        ids.clear();
        ids.extend([TypeCache::BOS; 2]);
        for (i, sp) in spans.iter().enumerate() {
            ids.push(cache.get_or_insert(model, sp.text(text), i == 0, feats));
        }
        ids.extend([TypeCache::EOS; 2]);
        let cache = &*cache;
        let view = CachedWords {
            cache,
            ids: &ids[2..n + 2],
        };
        let l = model.n_labels();
        let e = |k: usize| &cache.entries[ids[k] as usize];
        for (i, (row, span)) in emit.chunks_exact_mut(l).zip(spans).enumerate() {
            if let (Some(c), Some(o)) = (core, self.outside) {
                if !c[i] {
                    // context: its label is O, whatever its features say
                    row.fill(FORBIDDEN);
                    row[usize::from(o)] = 0.0;
                    continue;
                }
            }
            let (p2, p1, me, n1, n2) = (e(i), e(i + 1), e(i + 2), e(i + 3), e(i + 4));
            row.copy_from_slice(cache.row(ids[i + 2]));
            // `context_features`, in its order, mostly resolved already.
            let pair =
                |state: u64, last: &str| model.feature_ref(hash_continue(state, last.as_bytes()));
            let refs = [
                p1.refs[W_M1],
                p2.refs[W_M2],
                n1.refs[W_P1],
                n2.refs[W_P2],
                pair(p1.pre[PRE_W_M1W], cache.lower(me)),
                pair(me.pre[PRE_WW_P1], cache.lower(n1)),
                p1.refs[S3_M1],
                n1.refs[S3_P1],
                pair(p1.pre[PRE_SH_M1SH], cache.shape(me)),
                pair(me.pre[PRE_SHSH_P1], cache.shape(n1)),
            ];
            model.add_feature_refs(&refs, row);
            feats.clear();
            let mut f = FeatureSet::new(feats);
            if me.flags.spacing() {
                spacing_features(&mut f, cache.lower(me), text, *span);
            }
            if self.kind != TaggerKind::Ner || cache.ner.len() != cache.entries.len() {
                if self.kind == TaggerKind::Ner {
                    ner_features(&mut f, &view, i, pos, me.flags);
                }
                model.add_emission_scores(feats, row);
                continue;
            }
            // NER: `ner_features`, in its order, mostly resolved already
            model.add_emission_scores(feats, row);
            let ne = |k: usize| &cache.ner[ids[k] as usize];
            let (q2, q1, nm, m1, m2) = (ne(i), ne(i + 1), ne(i + 2), ne(i + 3), ne(i + 4));
            let refs = [
                nm.refs[N_W],
                q1.refs[N_W_M1],
                m1.refs[N_W_P1],
                pair(q1.pre[0], cache.norm(me)),
                pair(nm.pre[1], cache.norm(n1)),
                q1.refs[N_SH_M1],
                m1.refs[N_SH_P1],
                q2.refs[N_SH_M2],
                m2.refs[N_SH_P2],
            ];
            model.add_feature_refs(&refs, row);
            feats.clear();
            ner_context_features(&mut FeatureSet::new(feats), &view, i, pos, me.flags);
            model.add_emission_scores(feats, row);
            model.add_feature_refs(&[nm.refs[N_CASED_S4]], row);
        }
    }

    /// The entities in NER tag ids `tags` (a `B-` label, or an `I-` label after a
    /// different class, starts one).
    pub fn entities(&self, tags: &[u16]) -> Vec<Entity<'_>> {
        entities(self.labels(), tags)
    }
}

/// Groups BIO tag ids into entities; see [`Tagger::entities`].
pub fn entities<'a>(labels: &'a [String], tags: &[u16]) -> Vec<Entity<'a>> {
    let mut out: Vec<Entity<'a>> = Vec::new();
    let mut open: Option<(usize, &'a str)> = None;
    for (i, &t) in tags.iter().enumerate() {
        let name = labels.get(usize::from(t)).map_or("O", String::as_str);
        let (bio, class) = match name.split_once('-') {
            Some((b, c)) => (b, c),
            None => ("O", ""),
        };
        let continues = bio == "I" && open.is_some_and(|(_, c)| c == class);
        if !continues {
            if let Some((s, c)) = open.take() {
                out.push(Entity {
                    tokens: s..i,
                    class: c,
                });
            }
            if bio != "O" {
                open = Some((i, class));
            }
        }
    }
    if let Some((s, c)) = open {
        out.push(Entity {
            tokens: s..tags.len(),
            class: c,
        });
    }
    out
}

/// Token index ranges to tag as units: the sentences, plus any runs of tokens no
/// sentence covers (all tokens when there are no sentences).
fn segments(n: usize, sentences: &[Sentence]) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(sentences.len() + 1);
    let mut next = 0;
    for s in sentences {
        let (a, b) = (s.tokens.start.min(n), s.tokens.end.min(n));
        if a < next || a >= b {
            continue;
        }
        if a > next {
            out.push(next..a);
        }
        out.push(a..b);
        next = b;
    }
    if next < n {
        out.push(next..n);
    }
    out
}

/// Title words that often precede a person's name (lowercased, without periods).
const TITLES: &[&str] = &[
    "president",
    "sen",
    "senator",
    "rep",
    "representative",
    "gov",
    "governor",
    "mr",
    "mrs",
    "ms",
    "dr",
    "secretary",
    "gen",
    "general",
    "judge",
    "justice",
    "mayor",
    "minister",
    "prime",
    "chancellor",
    "chairman",
    "chairwoman",
    "speaker",
    "leader",
    "sheriff",
    "attorney",
    "candidate",
    "nominee",
    "vice",
    "former",
    "rev",
    "lt",
    "col",
    "capt",
    "sgt",
    "prof",
    "professor",
    "pope",
    "king",
    "queen",
    "prince",
    "ambassador",
    "adviser",
    "advisor",
    "spokesman",
    "spokeswoman",
    "director",
    "ceo",
    "chief",
    "coach",
    "democrat",
    "republican",
];

fn is_title(lower: &str) -> bool {
    let w = lower.trim_end_matches('.');
    TITLES.contains(&w)
}

/// Appends the CoreNLP-like normal form of `surface` to `out`.
pub fn normalize_into(surface: &str, out: &mut String) {
    match surface {
        "``" | "''" => {
            out.push('"');
            return;
        }
        "--" => {
            out.push_str("--");
            return;
        }
        _ => {}
    }
    for c in surface.chars() {
        match c {
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
            | '\u{2033}' => out.push('"'),
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => out.push('\''),
            '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2012}' | '\u{2212}' => out.push_str("--"),
            '\u{2026}' => out.push_str("..."),
            '\u{00AD}' | '\u{200B}' | '\u{FEFF}' => {}
            '\u{00A0}' | '\u{2009}' | '\u{202F}' => out.push(' '),
            _ => out.push(c),
        }
    }
}

/// Word shape with runs collapsed: "Xx", "d", "X.X.", "xx-xx" → "x-x".
fn shape_into(word: &str, out: &mut String) {
    let mut last = '\0';
    for c in word.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if k != last {
            out.push(k);
            last = k;
        }
    }
}

/// Per-token strings computed once per sentence; the strings are reused from
/// sentence to sentence (one set per thread), so they rarely allocate.
#[derive(Default)]
struct Words {
    norm: Vec<String>,
    lower: Vec<String>,
    shape: Vec<String>,
    title: Vec<bool>,
}

thread_local! {
    static WORDS: std::cell::RefCell<Words> = std::cell::RefCell::default();
}

/// Per thread and model: the strings of each distinct token (surface text, and
/// whether it starts its sentence) and the summed scores of its local features, a
/// row of `n_labels` floats. A token seen before then costs one probe here instead of
/// ~13 weight lookups and the string work. Bounded: emptied when full.
#[derive(Default)]
struct TypeCache {
    /// The [`Tagger::cache_id`] it belongs to.
    id: u64,
    /// Open addressing on the key hash: entry index + 1, 0 = empty.
    slots: Vec<u32>,
    shift: u32,
    entries: Vec<TypeEntry>,
    /// The strings of every entry, back to back.
    arena: String,
    /// `entries.len() × n_labels` local scores.
    rows: Vec<f32>,
    n_labels: usize,
    /// Scratch strings for a new entry.
    norm: String,
    lower: String,
    shape: String,
    /// For a NER model's cache: the NER features of each entry resolved, as
    /// [`NerRefs`] (indexed like `entries`); empty otherwise.
    ner: Vec<NerRefs>,
    is_ner: bool,
}

/// The NER features ([`ner_features`]) that depend on one token only, resolved under
/// the model: as the token itself, as a neighbour, and the FNV states of the pair
/// features up to the other token.
#[derive(Debug, Clone, Copy)]
struct NerRefs {
    /// `W`, `W-1`, `W+1` (cased form), `sh-1`, `sh+1`, `sh-2`, `sh+2`, `cased-s4`.
    refs: [FeatureRef; 8],
    /// `W-1W` with this token first, `WW+1` with it first.
    pre: [u64; 2],
}

const N_W: usize = 0;
const N_W_M1: usize = 1;
const N_W_P1: usize = 2;
const N_SH_M1: usize = 3;
const N_SH_P1: usize = 4;
const N_SH_M2: usize = 5;
const N_SH_P2: usize = 6;
const N_CASED_S4: usize = 7;

/// One cached token type: its strings `arena[start..norm]` (surface), `..lower`
/// (normal form), `..shape` (lowercased), `..end` (shape).
#[derive(Debug, Clone, Copy)]
struct TypeEntry {
    hash: u64,
    first: bool,
    title: bool,
    flags: LocalFlags,
    start: u32,
    norm: u32,
    lower: u32,
    shape: u32,
    end: u32,
    /// The features this token gives its neighbours, resolved: `w-1` … `s3+1`
    /// (indices [`W_M1`] …).
    refs: [FeatureRef; 6],
    /// FNV states of the pair features up to the other token: `w-1w` with this
    /// token first, `ww+1` with it first, `sh-1sh`, `shsh+1` ([`PRE_W_M1W`] …).
    pre: [u64; 4],
}

const W_M1: usize = 0;
const W_M2: usize = 1;
const W_P1: usize = 2;
const W_P2: usize = 3;
const S3_M1: usize = 4;
const S3_P1: usize = 5;
const PRE_W_M1W: usize = 0;
const PRE_WW_P1: usize = 1;
const PRE_SH_M1SH: usize = 2;
const PRE_SHSH_P1: usize = 3;

/// The hash state of `parts` followed by a separator, to continue with a last part:
/// `hash_continue(pair_prefix(p), x) == hash_parts(&[p.., x])`.
fn pair_prefix(parts: &[&str]) -> u64 {
    hash_continue(hash_parts(parts), &[0xff])
}

/// This thread's caches (one per model recently used) and scratch buffers.
#[derive(Default)]
struct ThreadCaches {
    caches: Vec<TypeCache>,
    feats: Vec<u64>,
    ids: Vec<u32>,
}

/// Labels of recently tagged runs ([`Tagger::tag_runs_with_pos`]), by the hash of
/// their words and POS tags; the words and tags are kept and compared, so a hit is
/// exact. Per thread, for one model at a time, cleared when full.
#[derive(Default)]
struct RunResults {
    model: u64,
    map: std::collections::HashMap<u64, TaggedRun>,
}

/// A run's words and POS tags (the key, kept to make hits exact) and its labels.
type TaggedRun = (Box<[u8]>, Box<[u16]>);

impl RunResults {
    const MAX: usize = 1 << 15;
}

thread_local! {
    static RUN_RESULTS: std::cell::RefCell<RunResults> = std::cell::RefCell::default();
    static TYPE_CACHES: std::cell::RefCell<ThreadCaches> = std::cell::RefCell::default();
}

impl TypeCache {
    /// Most entries held. At most, per thread, ~11 MB for the POS model (rows of
    /// 45 floats 5.9 MB, entries 3.1 MB, strings 1.5 MB, slots 0.25 MB), ~6 MB for
    /// NER; the dev set (78k tokens) fills well under half.
    const MAX_ENTRIES: usize = 1 << 15;
    /// Most string bytes held.
    const MAX_ARENA: usize = Self::MAX_ENTRIES * 48;
    /// Most models with a cache per thread (the least recently used is dropped).
    const MAX_MODELS: usize = 4;

    /// The cache of model `id` in `caches`, created (and moved to the back, the most
    /// recent place) as needed.
    fn for_model(caches: &mut Vec<TypeCache>, id: u64, is_ner: bool) -> &mut TypeCache {
        match caches.iter().position(|c| c.id == id) {
            Some(i) if i + 1 == caches.len() => {}
            Some(i) => {
                let c = caches.remove(i);
                caches.push(c);
            }
            None => {
                if caches.len() >= Self::MAX_MODELS {
                    caches.remove(0);
                }
                caches.push(TypeCache {
                    id,
                    is_ner,
                    ..TypeCache::default()
                });
            }
        }
        let last = caches.len() - 1;
        &mut caches[last]
    }

    /// Entry of the words before the sentence (`"<s>"`).
    const BOS: u32 = 0;
    /// Entry of the words after the sentence (`"</s>"`).
    const EOS: u32 = 1;

    /// Makes sure `n` more entries fit (emptying the cache if not).
    fn make_room(&mut self, model: &SequenceModel, n: usize) {
        if self.slots.is_empty() {
            let slots = (Self::MAX_ENTRIES * 2).next_power_of_two();
            self.slots = vec![0; slots];
            self.shift = 64 - slots.trailing_zeros();
        }
        if self.entries.len() + n > Self::MAX_ENTRIES || self.arena.len() > Self::MAX_ARENA {
            self.slots.fill(0);
            self.entries.clear();
            self.ner.clear();
            self.arena.clear();
            self.rows.clear();
        }
        if self.entries.is_empty() {
            // The boundaries: found by index only, with no local scores.
            for w in ["<s>", "</s>"] {
                self.norm.clear();
                self.norm.push_str(w);
                self.lower.clear();
                self.lower.push_str(w);
                self.shape.clear();
                self.shape.push_str(w);
                let flags = LocalFlags {
                    upper_init: false,
                    has_alpha: true,
                    has_digit: false,
                };
                self.push_entry(model, 0, w, false, flags, &[]);
            }
        }
    }

    /// Adds an entry for `surface` (its strings in `self.norm` etc.) whose local
    /// features are `local`; returns its id.
    fn push_entry(
        &mut self,
        model: &SequenceModel,
        hash: u64,
        surface: &str,
        first: bool,
        flags: LocalFlags,
        local: &[u64],
    ) -> u32 {
        let l = model.n_labels();
        self.n_labels = l;
        let at = self.rows.len();
        self.rows.resize(at + l, 0.0);
        model.add_emission_scores(local, &mut self.rows[at..]);
        let pos = |a: &String| a.len() as u32;
        let start = pos(&self.arena);
        self.arena.push_str(surface);
        let norm = pos(&self.arena);
        self.arena.push_str(&self.norm);
        let lower = pos(&self.arena);
        self.arena.push_str(&self.lower);
        let shape = pos(&self.arena);
        self.arena.push_str(&self.shape);
        let end = pos(&self.arena);
        let (w, sh) = (self.lower.as_str(), self.shape.as_str());
        let s3 = suffix(w, 3);
        let r = |parts: &[&str]| model.feature_ref(hash_parts(parts));
        if self.is_ner {
            let cased = self.norm.as_str();
            let h = cased_s4(flags, w);
            self.ner.push(NerRefs {
                refs: [
                    r(&["W", cased]),
                    r(&["W-1", cased]),
                    r(&["W+1", cased]),
                    r(&["sh-1", sh]),
                    r(&["sh+1", sh]),
                    r(&["sh-2", sh]),
                    r(&["sh+2", sh]),
                    model.feature_ref(h),
                ],
                pre: [pair_prefix(&["W-1W", cased]), pair_prefix(&["WW+1", cased])],
            });
        }
        let id = self.entries.len() as u32;
        self.entries.push(TypeEntry {
            hash,
            first,
            title: is_title(w),
            flags,
            start,
            norm,
            lower,
            shape,
            end,
            refs: [
                r(&["w-1", w]),
                r(&["w-2", w]),
                r(&["w+1", w]),
                r(&["w+2", w]),
                r(&["s3-1", s3]),
                r(&["s3+1", s3]),
            ],
            pre: [
                pair_prefix(&["w-1w", w]),
                pair_prefix(&["ww+1", w]),
                pair_prefix(&["sh-1sh", sh]),
                pair_prefix(&["shsh+1", sh]),
            ],
        });
        id
    }

    #[inline]
    fn str_at(&self, a: u32, b: u32) -> &str {
        &self.arena[a as usize..b as usize]
    }
    fn surface(&self, e: &TypeEntry) -> &str {
        self.str_at(e.start, e.norm)
    }
    fn norm(&self, e: &TypeEntry) -> &str {
        self.str_at(e.norm, e.lower)
    }
    fn lower(&self, e: &TypeEntry) -> &str {
        self.str_at(e.lower, e.shape)
    }
    fn shape(&self, e: &TypeEntry) -> &str {
        self.str_at(e.shape, e.end)
    }
    fn row(&self, id: u32) -> &[f32] {
        let at = id as usize * self.n_labels;
        &self.rows[at..at + self.n_labels]
    }

    /// The entry of token `surface` (`first`: it starts its sentence), added with
    /// the scores of its local features under `model` if new. `feats` is scratch.
    /// The caller made room (see [`make_room`](Self::make_room)).
    fn get_or_insert(
        &mut self,
        model: &SequenceModel,
        surface: &str,
        first: bool,
        feats: &mut Vec<u64>,
    ) -> u32 {
        let hash = hash_continue(FNV_OFFSET, surface.as_bytes()) ^ u64::from(first);
        let mask = self.slots.len() - 1;
        let mut s = (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize;
        loop {
            let slot = self.slots[s];
            if slot == 0 {
                break;
            }
            let e = &self.entries[slot as usize - 1];
            if e.hash == hash && e.first == first && self.surface(e) == surface {
                return slot - 1;
            }
            s = (s + 1) & mask;
        }
        self.norm.clear();
        normalize_into(surface, &mut self.norm);
        self.lower.clear();
        lowercase_into(&self.norm, &mut self.lower);
        self.shape.clear();
        shape_into(&self.norm, &mut self.shape);
        feats.clear();
        let flags = local_features(
            &mut FeatureSet::new(feats),
            &self.lower,
            &self.norm,
            &self.shape,
            first,
        );
        let id = self.push_entry(model, hash, surface, first, flags, feats);
        self.slots[s] = id + 1;
        id
    }
}

/// A sentence's tokens as cache entries.
struct CachedWords<'a> {
    cache: &'a TypeCache,
    ids: &'a [u32],
}

impl CachedWords<'_> {
    #[inline]
    fn entry(&self, i: usize) -> &TypeEntry {
        &self.cache.entries[self.ids[i] as usize]
    }
}

impl Neighbours for CachedWords<'_> {
    #[inline]
    fn len(&self) -> usize {
        self.ids.len()
    }
    #[inline]
    fn lower(&self, i: usize) -> &str {
        self.cache.lower(self.entry(i))
    }
    #[inline]
    fn norm(&self, i: usize) -> &str {
        self.cache.norm(self.entry(i))
    }
    #[inline]
    fn shape(&self, i: usize) -> &str {
        self.cache.shape(self.entry(i))
    }
    #[inline]
    fn title(&self, i: usize) -> bool {
        self.entry(i).title
    }
}

/// `s.to_lowercase()` into `out`, without allocating for ASCII text.
fn lowercase_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.push_str(&s.to_lowercase());
    }
}

fn suffix(s: &str, n: usize) -> &str {
    let mut idx = s.len();
    for (k, (i, _)) in s.char_indices().rev().enumerate() {
        if k == n {
            break;
        }
        idx = i;
    }
    &s[idx..]
}

fn prefix(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

fn is_space_before(text: &str, span: Span) -> bool {
    text.get(..span.start)
        .and_then(|t| t.chars().next_back())
        .is_none_or(char::is_whitespace)
}

fn is_space_after(text: &str, span: Span) -> bool {
    text.get(span.end..)
        .and_then(|t| t.chars().next())
        .is_none_or(char::is_whitespace)
}

/// Computes the features of one sentence into `out` (cleared first). `spans` are
/// byte spans into `text`; `pos` (NER only) the POS tag name of each token.
pub fn sentence_features(
    kind: TaggerKind,
    text: &str,
    spans: &[Span],
    pos: Option<&[&str]>,
    out: &mut FeatureSeq,
) {
    out.clear();
    let n = spans.len();
    let mut w = WORDS.with(|c| c.take());
    for v in [&mut w.norm, &mut w.lower, &mut w.shape] {
        if v.len() < n {
            v.resize_with(n, String::new);
        }
    }
    w.title.clear();
    for (i, sp) in spans.iter().enumerate() {
        let s = &mut w.norm[i];
        s.clear();
        normalize_into(sp.text(text), s);
        let lower = &mut w.lower[i];
        lower.clear();
        lowercase_into(s, lower);
        let sh = &mut w.shape[i];
        sh.clear();
        shape_into(s, sh);
        w.title.push(is_title(lower));
    }
    features_of_words(kind, text, spans, pos, &w, out);
    WORDS.with(|c| *c.borrow_mut() = w);
}

/// Per-token strings of a sentence, for the features that look at neighbours.
trait Neighbours {
    fn len(&self) -> usize;
    /// The lowercased normal form of token `i` (`i < len()`).
    fn lower(&self, i: usize) -> &str;
    /// The normal form of token `i`.
    fn norm(&self, i: usize) -> &str;
    /// The word shape of token `i`.
    fn shape(&self, i: usize) -> &str;
    /// Whether token `i` is a title word.
    fn title(&self, i: usize) -> bool;
}

impl Neighbours for Words {
    fn len(&self) -> usize {
        self.title.len()
    }
    fn lower(&self, i: usize) -> &str {
        &self.lower[i]
    }
    fn norm(&self, i: usize) -> &str {
        &self.norm[i]
    }
    fn shape(&self, i: usize) -> &str {
        &self.shape[i]
    }
    fn title(&self, i: usize) -> bool {
        self.title[i]
    }
}

/// Token `i`'s string by `get`, or `"<s>"` / `"</s>"` outside the sentence.
#[inline]
fn at<'a, W: Neighbours + ?Sized>(w: &'a W, i: isize, get: fn(&'a W, usize) -> &'a str) -> &'a str {
    if i < 0 {
        "<s>"
    } else if i as usize >= w.len() {
        "</s>"
    } else {
        get(w, i as usize)
    }
}

/// What the token-local features learnt about a token that later features need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LocalFlags {
    upper_init: bool,
    has_alpha: bool,
    has_digit: bool,
}

impl LocalFlags {
    /// The `init` part of the `cap` and `title-k` features.
    fn init(self) -> &'static str {
        if self.upper_init {
            "U"
        } else {
            "l"
        }
    }
    /// Whether the token gets the spacing features.
    fn spacing(self) -> bool {
        !self.has_alpha && !self.has_digit
    }
}

/// The features that depend only on the token (`word` lowercased, `cased`, `shape`)
/// and whether it starts the sentence, in their fixed order; they come first.
fn local_features(
    f: &mut FeatureSet<'_>,
    word: &str,
    cased: &str,
    shape: &str,
    first: bool,
) -> LocalFlags {
    f.add(&["b"]);
    f.add(&["w", word]);
    for k in 1..=4 {
        let s = suffix(word, k);
        f.add(&["s", s]);
        if s.len() == word.len() {
            break;
        }
    }
    for k in 1..=3 {
        let p = prefix(word, k);
        f.add(&["p", p]);
        if p.len() == word.len() {
            break;
        }
    }
    f.add(&["sh", shape]);
    let first_char = cased.chars().next().unwrap_or(' ');
    let has_digit = cased.chars().any(|c| c.is_ascii_digit());
    let has_upper = cased.chars().any(char::is_uppercase);
    let has_alpha = cased.chars().any(char::is_alphabetic);
    let all_upper = has_upper && !cased.chars().any(char::is_lowercase);
    let flags = LocalFlags {
        upper_init: first_char.is_uppercase(),
        has_alpha,
        has_digit,
    };
    f.add(&["cap", flags.init(), if first { "0" } else { "n" }]);
    if has_digit {
        f.add(&["dig"]);
    }
    if cased.contains('-') && has_alpha {
        f.add(&["hyph"]);
    }
    if all_upper && cased.chars().count() > 1 {
        f.add(&["allcap"]);
    }
    flags
}

/// The POS features of token `i` that look at its neighbours (after the local ones).
fn context_features<W: Neighbours + ?Sized>(f: &mut FeatureSet<'_>, w: &W, i: usize) {
    let ii = i as isize;
    let lw = |k: isize| at(w, k, W::lower);
    let sh = |k: isize| at(w, k, W::shape);
    let word = w.lower(i);
    let shape = w.shape(i);
    f.add(&["w-1", lw(ii - 1)]);
    f.add(&["w-2", lw(ii - 2)]);
    f.add(&["w+1", lw(ii + 1)]);
    f.add(&["w+2", lw(ii + 2)]);
    f.add(&["w-1w", lw(ii - 1), word]);
    f.add(&["ww+1", word, lw(ii + 1)]);
    f.add(&["s3-1", suffix(lw(ii - 1), 3)]);
    f.add(&["s3+1", suffix(lw(ii + 1), 3)]);
    f.add(&["sh-1sh", sh(ii - 1), shape]);
    f.add(&["shsh+1", shape, sh(ii + 1)]);
}

/// The spacing features of a token without letters or digits (after the context ones).
fn spacing_features(f: &mut FeatureSet<'_>, word: &str, text: &str, span: Span) {
    let sb = if is_space_before(text, span) {
        "1"
    } else {
        "0"
    };
    let sa = if is_space_after(text, span) { "1" } else { "0" };
    f.add(&["sp", word, sb, sa]);
    f.add(&["sp", sb, sa]);
}

/// The NER-only features of token `i` (last).
fn ner_features<W: Neighbours + ?Sized>(
    f: &mut FeatureSet<'_>,
    w: &W,
    i: usize,
    pos: Option<&[&str]>,
    flags: LocalFlags,
) {
    let ii = i as isize;
    let cw = |k: isize| at(w, k, W::norm);
    let sh = |k: isize| at(w, k, W::shape);
    let cased = cw(ii);
    // the features of one token (cached per word type by `cached_emissions`)
    f.add(&["W", cased]);
    f.add(&["W-1", cw(ii - 1)]);
    f.add(&["W+1", cw(ii + 1)]);
    f.add(&["W-1W", cw(ii - 1), cased]);
    f.add(&["WW+1", cased, cw(ii + 1)]);
    f.add(&["sh-1", sh(ii - 1)]);
    f.add(&["sh+1", sh(ii + 1)]);
    f.add(&["sh-2", sh(ii - 2)]);
    f.add(&["sh+2", sh(ii + 2)]);
    ner_context_features(f, w, i, pos, flags);
    f.add_hash(cased_s4(flags, at(w, ii, W::lower)));
}

/// The middle of [`ner_features`]: POS tags around the token and titles before it.
fn ner_context_features<W: Neighbours + ?Sized>(
    f: &mut FeatureSet<'_>,
    w: &W,
    i: usize,
    pos: Option<&[&str]>,
    flags: LocalFlags,
) {
    let n = w.len();
    let ii = i as isize;
    let title = |k: isize| -> bool {
        // Outside the sentence: "<s>" / "</s>", which are not titles.
        k >= 0 && (k as usize) < n && w.title(k as usize)
    };
    let pt = |k: isize| -> &str {
        match pos {
            Some(p) if k >= 0 && (k as usize) < n => p.get(k as usize).copied().unwrap_or(""),
            _ if k < 0 => "<s>",
            _ => "</s>",
        }
    };
    let word = at(w, ii, W::lower);
    let init = flags.init();
    if pos.is_some() {
        let p = pt(ii);
        f.add(&["t", p]);
        f.add(&["t-1", pt(ii - 1)]);
        f.add(&["t+1", pt(ii + 1)]);
        f.add(&["t-1t", pt(ii - 1), p]);
        f.add(&["tt+1", p, pt(ii + 1)]);
        f.add(&["tw", p, word]);
    }
    if title(ii) {
        f.add(&["title"]);
    }
    if title(ii - 1) {
        f.add(&["title-1", init]);
    }
    if title(ii - 2) {
        f.add(&["title-2", init]);
    }
}

/// The last of [`ner_features`]: the token's initial and its last four letters.
fn cased_s4(flags: LocalFlags, lower: &str) -> u64 {
    let mut h = FNV_OFFSET;
    h = hash_continue(h, b"cased-s4");
    h = hash_continue(h, flags.init().as_bytes());
    hash_continue(h, suffix(lower, 4).as_bytes())
}

fn features_of_words(
    kind: TaggerKind,
    text: &str,
    spans: &[Span],
    pos: Option<&[&str]>,
    w: &Words,
    out: &mut FeatureSeq,
) {
    for (i, span) in spans.iter().enumerate() {
        let mut f = out.push();
        let flags = local_features(&mut f, &w.lower[i], &w.norm[i], &w.shape[i], i == 0);
        context_features(&mut f, w, i);
        if flags.spacing() {
            spacing_features(&mut f, &w.lower[i], text, *span);
        }
        if kind == TaggerKind::Ner {
            ner_features(&mut f, w, i, pos, flags);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{hash_parts, Positions};

    #[test]
    fn normalisation_is_feature_only() {
        let mut s = String::new();
        normalize_into("\u{201C}", &mut s);
        assert_eq!(s, "\"");
        s.clear();
        normalize_into("don\u{2019}t\u{2014}", &mut s);
        assert_eq!(s, "don't--");
        let mut sh = String::new();
        shape_into("U.S.", &mut sh);
        assert_eq!(sh, "X.X.");
    }

    #[test]
    fn features_are_deterministic() {
        let text = "President Trump said \u{201C}no.\u{201D}";
        let spans = [
            Span::new(0, 9),
            Span::new(10, 15),
            Span::new(16, 20),
            Span::new(21, 24),
            Span::new(24, 27),
            Span::new(27, 28),
            Span::new(28, 31),
        ];
        let spans: Vec<Span> = spans
            .iter()
            .copied()
            .filter(|s| s.end <= text.len())
            .collect();
        let mut a = FeatureSeq::new();
        let mut b = FeatureSeq::new();
        sentence_features(
            TaggerKind::Ner,
            text,
            &spans,
            Some(&["NNP"; 7][..spans.len()]),
            &mut a,
        );
        sentence_features(
            TaggerKind::Ner,
            text,
            &spans,
            Some(&["NNP"; 7][..spans.len()]),
            &mut b,
        );
        assert_eq!(a, b);
        assert_eq!(Positions::len(&a), spans.len());
        // The hash of a known feature is fixed forever (FNV-1a of "w\xffpresident").
        assert!(a.get(0).contains(&hash_parts(&["w", "president"])));
    }

    /// Byte spans of a crude tokenisation: runs of letters, digits, `-`, `.` and `'`,
    /// and every other non-space character alone.
    fn crude_spans(text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut start = None;
        let word = |c: char| c.is_alphanumeric() || "-.'".contains(c);
        for (i, c) in text.char_indices() {
            if word(c) {
                start.get_or_insert(i);
                continue;
            }
            if let Some(s) = start.take() {
                out.push(Span::new(s, i));
            }
            if !c.is_whitespace() {
                out.push(Span::new(i, i + c.len_utf8()));
            }
        }
        if let Some(s) = start {
            out.push(Span::new(s, text.len()));
        }
        out
    }

    #[test]
    fn cached_emissions_are_bit_identical() {
        let text = "President Trump said \u{201C}no.\u{201D} The U.S. economy -- 3.5% \u{2014} \
                    grew; Mr. Smith's well-known co-op (in NEW YORK) said:\"yes!\" The end\u{2026} \
                    the END. Said Trump , said trump ,said Sen. Öztürk-Kaya: \u{00AB}Ja\u{00BB}!";
        let spans = crude_spans(text);
        // Three sentences, the first word of one also seen elsewhere.
        let sents = [&spans[..12], &spans[12..30], &spans[30..]];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as u32
        };
        let pos_names = ["NNP", "VBD", "DT", "NN", ",", "."];
        for (kind, l) in [(TaggerKind::Pos, 45), (TaggerKind::Ner, 9)] {
            let pos_of = |s: &[Span]| -> Option<Vec<&str>> {
                (kind == TaggerKind::Ner).then(|| {
                    (0..s.len())
                        .map(|i| pos_names[i % pos_names.len()])
                        .collect()
                })
            };
            let mut fs = FeatureSeq::new();
            let mut keys = Vec::new();
            for s in sents {
                sentence_features(kind, text, s, pos_of(s).as_deref(), &mut fs);
                keys.extend_from_slice(fs.hashes());
            }
            keys.sort_unstable();
            keys.dedup();
            // Some features unseen in training.
            keys.retain(|_| next() % 5 != 0);
            let weights: Vec<f32> = (0..keys.len() * l)
                .map(|_| match next() % 4 {
                    0 => 0.0,
                    _ => (next() % 2000) as f32 * 0.013 - 13.0,
                })
                .collect();
            let trans: Vec<f32> = (0..(l + 1) * l)
                .map(|_| (next() % 100) as f32 * 0.1 - 5.0)
                .collect();
            let labels: Vec<String> = if kind == TaggerKind::Ner {
                NER_LABELS.iter().map(|s| s.to_string()).collect()
            } else {
                (0..l).map(|i| format!("T{i}")).collect()
            };
            let model =
                SequenceModel::from_parts(labels, keys, weights, Some(trans)).expect("valid model");
            let tagger = Tagger::new(kind, model, Vec::new());
            let mut tl = ThreadCaches::default();
            for round in 0..2 {
                for s in sents {
                    let pos = pos_of(s);
                    sentence_features(kind, text, s, pos.as_deref(), &mut fs);
                    let mut want = vec![0f32; s.len() * l];
                    for (i, row) in want.chunks_exact_mut(l).enumerate() {
                        tagger.model.add_emission_scores(fs.get(i), row);
                    }
                    let mut got = vec![0f32; s.len() * l];
                    tagger.cached_emissions(text, s, pos.as_deref(), None, &mut tl, &mut got);
                    let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                    assert_eq!(bits(&got), bits(&want), "{kind:?} round {round}");
                    // with a core mask, core rows are the same and (NER) the others
                    // allow only O
                    let core: Vec<bool> = (0..s.len()).map(|i| i % 3 != 1).collect();
                    let mut part = vec![0f32; s.len() * l];
                    tagger.cached_emissions(
                        text,
                        s,
                        pos.as_deref(),
                        Some(&core),
                        &mut tl,
                        &mut part,
                    );
                    let o = tagger.label_index("O");
                    for (i, (a, b)) in part.chunks(l).zip(want.chunks(l)).enumerate() {
                        match o {
                            Some(o) if !core[i] => {
                                for (j, x) in a.iter().enumerate() {
                                    let allowed = j == usize::from(o);
                                    assert_eq!(*x == 0.0, allowed, "{kind:?} row {i}");
                                }
                            }
                            _ => assert_eq!(bits(a), bits(b), "{kind:?} row {i}"),
                        }
                    }
                    assert_eq!(
                        tagger.tag_sentence(text, s, pos.as_deref()),
                        tagger.model.predict(&fs)
                    );
                }
            }
        }
    }

    #[test]
    fn segments_cover_gaps() {
        let s = vec![Sentence {
            span: Span::new(0, 1),
            tokens: 1..3,
        }];
        assert_eq!(segments(5, &s), vec![0..1, 1..3, 3..5]);
        assert_eq!(segments(2, &[]), vec![0..2]);
    }

    #[test]
    fn bio_entities() {
        let labels: Vec<String> = NER_LABELS.iter().map(|s| s.to_string()).collect();
        let e = entities(&labels, &[0, 1, 2, 0, 2, 3, 4]);
        assert_eq!(
            e,
            vec![
                Entity {
                    tokens: 1..3,
                    class: "PERSON"
                },
                Entity {
                    tokens: 4..5,
                    class: "PERSON"
                },
                Entity {
                    tokens: 5..7,
                    class: "ORGANIZATION"
                },
            ]
        );
    }
}
