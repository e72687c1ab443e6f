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
//! Tagger payload (inside the [`crate::format`] container, kind `"pos"` or `"ner"`):
//! `u32` [`FEATURE_VERSION`], the POS label names the NER features were built with
//! (`u32` count + strings; empty for a POS tagger), then the [`SequenceModel`].

use std::io::{Read, Write};
use std::ops::Range;

use whosaid_core::{Sentence, Span, Token};

use crate::features::{hash_continue, FeatureSeq, FNV_OFFSET};
use crate::format::{self, ByteReader, ByteWriter};
use crate::perceptron::{SequenceModel, Workspace};
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
#[derive(Debug, Clone, PartialEq)]
pub struct Tagger {
    kind: TaggerKind,
    model: SequenceModel,
    pos_labels: Vec<String>,
}

impl Tagger {
    /// Wraps a trained model. For NER, `pos_labels` are the names of the POS tag
    /// ids that [`tag_with_pos`](Self::tag_with_pos) will receive.
    pub fn new(kind: TaggerKind, model: SequenceModel, pos_labels: Vec<String>) -> Tagger {
        Tagger {
            kind,
            model,
            pos_labels,
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
        Ok((
            Tagger {
                kind,
                model,
                pos_labels,
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
        let mut fs = FeatureSeq::new();
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
            sentence_features(self.kind, text, &spans, pos_arg, &mut fs);
            self.model.predict_into(&fs, &mut ws, &mut pred);
            out[range].copy_from_slice(&pred);
        }
        out
    }

    /// Tags one sentence given as surface words with byte spans into `text`, and for
    /// NER its POS tag names. Used by training and evaluation on foreign tokens.
    pub fn tag_sentence(&self, text: &str, spans: &[Span], pos: Option<&[&str]>) -> Vec<u16> {
        let mut fs = FeatureSeq::new();
        sentence_features(self.kind, text, spans, pos, &mut fs);
        self.model.predict(&fs)
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

fn features_of_words(
    kind: TaggerKind,
    text: &str,
    spans: &[Span],
    pos: Option<&[&str]>,
    w: &Words,
    out: &mut FeatureSeq,
) {
    let n = spans.len();
    let title = |i: isize| -> bool {
        // Outside the sentence: "<s>" / "</s>", which are not titles.
        i >= 0 && (i as usize) < n && w.title[i as usize]
    };
    let lw = |i: isize| -> &str {
        if i < 0 {
            "<s>"
        } else if i as usize >= n {
            "</s>"
        } else {
            &w.lower[i as usize]
        }
    };
    let cw = |i: isize| -> &str {
        if i < 0 {
            "<s>"
        } else if i as usize >= n {
            "</s>"
        } else {
            &w.norm[i as usize]
        }
    };
    let sh = |i: isize| -> &str {
        if i < 0 {
            "<s>"
        } else if i as usize >= n {
            "</s>"
        } else {
            &w.shape[i as usize]
        }
    };
    let pt = |i: isize| -> &str {
        match pos {
            Some(p) if i >= 0 && (i as usize) < n => p.get(i as usize).copied().unwrap_or(""),
            _ if i < 0 => "<s>",
            _ => "</s>",
        }
    };
    for (i, span) in spans.iter().enumerate() {
        let ii = i as isize;
        let word = lw(ii);
        let cased = cw(ii);
        let shape = sh(ii);
        let mut f = out.push();
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
        let first = cased.chars().next().unwrap_or(' ');
        let has_digit = cased.chars().any(|c| c.is_ascii_digit());
        let has_upper = cased.chars().any(char::is_uppercase);
        let has_alpha = cased.chars().any(char::is_alphabetic);
        let all_upper = has_upper && !cased.chars().any(char::is_lowercase);
        let init = if first.is_uppercase() { "U" } else { "l" };
        f.add(&["cap", init, if i == 0 { "0" } else { "n" }]);
        if has_digit {
            f.add(&["dig"]);
        }
        if cased.contains('-') && has_alpha {
            f.add(&["hyph"]);
        }
        if all_upper && cased.chars().count() > 1 {
            f.add(&["allcap"]);
        }
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
        if !has_alpha && !has_digit {
            let sb = if is_space_before(text, *span) {
                "1"
            } else {
                "0"
            };
            let sa = if is_space_after(text, *span) {
                "1"
            } else {
                "0"
            };
            f.add(&["sp", word, sb, sa]);
            f.add(&["sp", sb, sa]);
        }
        if kind == TaggerKind::Ner {
            f.add(&["W", cased]);
            f.add(&["W-1", cw(ii - 1)]);
            f.add(&["W+1", cw(ii + 1)]);
            f.add(&["W-1W", cw(ii - 1), cased]);
            f.add(&["WW+1", cased, cw(ii + 1)]);
            f.add(&["sh-1", sh(ii - 1)]);
            f.add(&["sh+1", sh(ii + 1)]);
            f.add(&["sh-2", sh(ii - 2)]);
            f.add(&["sh+2", sh(ii + 2)]);
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
            let mut h = FNV_OFFSET;
            h = hash_continue(h, b"cased-s4");
            h = hash_continue(h, init.as_bytes());
            h = hash_continue(h, suffix(word, 4).as_bytes());
            f.add_hash(h);
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
