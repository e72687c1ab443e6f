//! Feature extraction for the two attribution models, shared by training
//! (`whosaid-train`) and inference so the two cannot drift.
//!
//! * the **cue model** tags each sentence's tokens `O / B-CUE / I-CUE`;
//! * the **role model** tags, for one cue, the tokens of the cue's sentence
//!   `O / CUE / B-SRC / I-SRC / B-CON / I-CON`, with features relative to that cue.
//!
//! Per token, the string-valued properties are hashed once ([`TokenInfo`]); model
//! features are cheap combinations of those hashes with a template id.

use whosaid_core::{Span, TokenKind};
use whosaid_models::features::{hash, hash_continue, FeatureSeq};
use whosaid_text::Analysis;

use crate::lexicon;

/// Flags of a token.
pub mod flag {
    pub const REPORTING: u32 = 1;
    pub const ACCORDING: u32 = 1 << 1;
    pub const TITLE: u32 = 1 << 2;
    pub const CAP: u32 = 1 << 3;
    pub const QUOTE_MARK: u32 = 1 << 4;
    pub const COMMA: u32 = 1 << 5;
    pub const COLON: u32 = 1 << 6;
    pub const THAT: u32 = 1 << 7;
    pub const PUNCT: u32 = 1 << 8;
    pub const OPEN_QUOTE: u32 = 1 << 9;
    pub const CLOSE_QUOTE: u32 = 1 << 10;
    pub const PRONOUN: u32 = 1 << 11;
    pub const DASH: u32 = 1 << 12;
}

/// Hashed properties of one token.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokenInfo {
    pub lower: u64,
    pub lemma: u64,
    pub shape: u64,
    pub suf3: u64,
    pub pos: u16,
    pub flags: u32,
    pub depth: u8,
}

impl TokenInfo {
    pub fn has(&self, f: u32) -> bool {
        self.flags & f != 0
    }
}

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "i", "we", "it", "you", "who", "him", "her", "them",
];

fn shape_of(word: &str) -> u64 {
    let mut buf = [0u8; 8];
    let mut n = 0;
    let mut last = 0u8;
    for c in word.chars() {
        let k = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'*'
        };
        if k != last && n < buf.len() {
            buf[n] = k;
            n += 1;
            last = k;
        }
    }
    hash(&buf[..n])
}

/// Computes [`TokenInfo`] for every token. `pos` holds the POS tag ids (one per token).
pub fn token_infos(text: &str, analysis: &Analysis, pos: &[u16]) -> Vec<TokenInfo> {
    thread_local! {
        /// Word properties by (surface hash, kind): the surface is kept and compared,
        /// so a hash collision only costs a recomputation. Bounded; cleared when full.
        static TYPES: std::cell::RefCell<std::collections::HashMap<u64, (Box<str>, TokenInfo)>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    let mut lower = String::new();
    TYPES.with(|types| {
        let mut types = types.borrow_mut();
        if types.len() > 1 << 16 {
            types.clear();
        }
        let mut out = Vec::with_capacity(analysis.tokens.len());
        for (i, tok) in analysis.tokens.iter().enumerate() {
            let surface = tok.span.text(text);
            let key = hash_continue(hash(surface.as_bytes()), &[kind_code(tok.kind)]);
            let info = match types.get(&key) {
                Some((s, info)) if &**s == surface => *info,
                _ => {
                    let info = word_info(surface, tok.kind, &mut lower);
                    types.insert(key, (surface.into(), info));
                    info
                }
            };
            out.push(TokenInfo {
                pos: pos.get(i).copied().unwrap_or(0),
                depth: analysis.quote_depth.get(i).copied().unwrap_or(0),
                ..info
            });
        }
        out
    })
}

fn kind_code(kind: TokenKind) -> u8 {
    match kind {
        TokenKind::Word => 1,
        TokenKind::Number => 2,
        TokenKind::OpenQuote => 3,
        TokenKind::CloseQuote => 4,
        TokenKind::Quote => 5,
        TokenKind::Punct => 6,
    }
}

/// The properties of a token that depend only on its surface and kind.
fn word_info(surface: &str, kind: TokenKind, lower: &mut String) -> TokenInfo {
    lower.clear();
    for c in surface.chars() {
        match c {
            '’' | '‘' => lower.push('\''),
            _ => lower.extend(c.to_lowercase()),
        }
    }
    let lower = lower.as_str();
    let mut flags = 0;
    if lexicon::is_reporting(lower) {
        flags |= flag::REPORTING;
    }
    if lexicon::is_according(lower) {
        flags |= flag::ACCORDING;
    }
    if lexicon::is_title(lower) {
        flags |= flag::TITLE;
    }
    if surface.chars().next().is_some_and(char::is_uppercase) {
        flags |= flag::CAP;
    }
    if PRONOUNS.contains(&lower) {
        flags |= flag::PRONOUN;
    }
    match kind {
        TokenKind::OpenQuote => flags |= flag::QUOTE_MARK | flag::OPEN_QUOTE,
        TokenKind::CloseQuote => flags |= flag::QUOTE_MARK | flag::CLOSE_QUOTE,
        TokenKind::Quote => flags |= flag::QUOTE_MARK,
        TokenKind::Punct => {
            flags |= flag::PUNCT;
            match surface {
                "," => flags |= flag::COMMA,
                ":" => flags |= flag::COLON,
                "—" | "―" | "--" | "–" | "-" => flags |= flag::DASH,
                _ => {}
            }
        }
        _ => {}
    }
    if lower == "that" {
        flags |= flag::THAT;
    }
    let suf3 = {
        let n = lower.char_indices().rev().nth(2).map_or(0, |(b, _)| b);
        hash(&lower.as_bytes()[n..])
    };
    TokenInfo {
        lower: hash(lower.as_bytes()),
        lemma: hash(lexicon::lemma(lower).as_bytes()),
        shape: shape_of(surface),
        suf3,
        pos: 0,
        flags,
        depth: 0,
    }
}

/// Combines a template id with values into one feature hash.
#[inline]
fn f(template: u64, a: u64, b: u64) -> u64 {
    let mut h = template.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ a;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd) ^ b.rotate_left(29);
    h ^= h >> 32;
    h.wrapping_mul(0xc4ce_b9fe_1a85_ec53)
}

const NONE: u64 = 0x5151;
const BOS: u64 = 0xB05;
const EOS: u64 = 0xE05;

fn at(infos: &[TokenInfo], s: usize, e: usize, i: isize) -> Option<&TokenInfo> {
    if i < s as isize || i >= e as isize {
        None
    } else {
        infos.get(i as usize)
    }
}

fn lower_at(infos: &[TokenInfo], s: usize, e: usize, i: isize) -> u64 {
    match at(infos, s, e, i) {
        Some(t) => t.lower,
        None if i < s as isize => BOS,
        None => EOS,
    }
}

fn pos_at(infos: &[TokenInfo], s: usize, e: usize, i: isize) -> u64 {
    match at(infos, s, e, i) {
        Some(t) => u64::from(t.pos) + 1,
        None if i < s as isize => BOS,
        None => EOS,
    }
}

/// Sentence-level facts used by both models.
#[derive(Debug, Clone, Copy)]
struct SentFacts {
    has_quote: bool,
    reporting: u32,
    has_colon_end: bool,
}

fn sent_facts(infos: &[TokenInfo], s: usize, e: usize) -> SentFacts {
    let toks = &infos[s..e];
    SentFacts {
        has_quote: toks.iter().any(|t| t.has(flag::QUOTE_MARK)),
        reporting: toks.iter().filter(|t| t.has(flag::REPORTING)).count() as u32,
        has_colon_end: toks.iter().rev().take(2).any(|t| t.has(flag::COLON)),
    }
}

/// The cue-model features that depend only on the token itself (no neighbours):
/// their summed scores can be cached per [`cue_local_key`].
pub fn cue_local_features(t: &TokenInfo, v: &mut whosaid_models::FeatureSet<'_>) {
    v.add_hash(f(1, 0, 0));
    v.add_hash(f(2, t.lower, 0));
    v.add_hash(f(3, t.lemma, 0));
    v.add_hash(f(4, u64::from(t.pos), 0));
    v.add_hash(f(6, t.shape, 0));
    v.add_hash(f(7, t.suf3, 0));
    v.add_hash(f(8, t.lemma, u64::from(t.pos)));
    v.add_hash(f(21, u64::from(t.depth.min(2)), u64::from(t.pos)));
    v.add_hash(f(
        22,
        u64::from(t.flags & (flag::REPORTING | flag::ACCORDING)),
        u64::from(t.pos),
    ));
    v.add_hash(f(26, t.lemma, u64::from(t.depth.min(1))));
    v.add_hash(f(33, t.lower, u64::from(t.depth.min(1))));
}

/// Everything [`cue_local_features`] reads, as one key.
pub fn cue_local_key(t: &TokenInfo) -> u64 {
    let a = f(200, t.lower, t.shape);
    f(
        201,
        a,
        u64::from(t.pos) << 8
            | u64::from(t.depth.min(2)) << 4
            | u64::from(t.flags & (flag::REPORTING | flag::ACCORDING)),
    )
}

/// Features of every token of the sentence `[s, e)` for the cue model. With
/// `local == false` the token-local features ([`cue_local_features`]) are left out
/// (the caller adds their cached scores). With `small` given, the features whose
/// values come from small domains (POS tags, flags, distance buckets: a few thousand
/// distinct hashes in all) go there instead of `out`, one position per token, so the
/// caller can add their scores from a small hot cache; training puts everything in
/// `out`.
pub fn cue_features(
    infos: &[TokenInfo],
    s: usize,
    e: usize,
    local: bool,
    out: &mut FeatureSeq,
    mut small: Option<&mut FeatureSeq>,
) {
    out.clear();
    if let Some(sm) = small.as_deref_mut() {
        sm.clear();
    }
    let facts = sent_facts(infos, s, e);
    // nearest quotation mark on each side, by one pass each way
    let n = e - s;
    let mut left = vec![None; n];
    let mut last = None;
    for i in s..e {
        left[i - s] = last.map(|j| bucket(i - j));
        if infos[i].has(flag::QUOTE_MARK) {
            last = Some(i);
        }
    }
    let mut right = vec![None; n];
    let mut next_q = None;
    for i in (s..e).rev() {
        right[i - s] = next_q.map(|j: usize| bucket(j - i));
        if infos[i].has(flag::QUOTE_MARK) {
            next_q = Some(i);
        }
    }
    for i in s..e {
        let t = &infos[i];
        let ii = i as isize;
        let left_q: Option<u8> = left[i - s];
        let right_q: Option<u8> = right[i - s];
        let left_subj = (i.saturating_sub(3).max(s)..i).any(|j| {
            let x = &infos[j];
            x.has(flag::PRONOUN) || x.has(flag::CAP) || x.has(flag::TITLE)
        });
        let right_comp = (i + 1..(i + 4).min(e)).fold(0u32, |acc, j| {
            acc | (infos[j].flags & (flag::THAT | flag::QUOTE_MARK | flag::COLON | flag::COMMA))
        });
        let small_feats = [
            f(13, pos_at(infos, s, e, ii - 1), 0),
            f(14, pos_at(infos, s, e, ii + 1), 0),
            f(15, pos_at(infos, s, e, ii - 2), 0),
            f(16, pos_at(infos, s, e, ii + 2), 0),
            f(19, pos_at(infos, s, e, ii - 1), u64::from(t.pos)),
            f(20, u64::from(t.pos), pos_at(infos, s, e, ii + 1)),
            f(23, u64::from(facts.has_quote), u64::from(t.depth.min(2))),
            f(
                24,
                u64::from(facts.reporting.min(3)),
                u64::from(t.has(flag::REPORTING)),
            ),
            f(25, u64::from(i == s), u64::from(i + 1 == e)),
            f(
                29,
                u64::from(facts.has_colon_end),
                u64::from(t.has(flag::COLON)),
            ),
            f(
                30,
                left_q.map_or(NONE, u64::from),
                right_q.map_or(NONE, u64::from),
            ),
            f(31, left_q.map_or(NONE, u64::from), u64::from(t.pos)),
            f(32, right_q.map_or(NONE, u64::from), u64::from(t.pos)),
            f(34, u64::from(left_subj), u64::from(right_comp)),
            f(
                38,
                u64::from(t.pos),
                u64::from(left_subj) * 64 + u64::from(right_comp),
            ),
        ];
        let lex = [
            f(9, lower_at(infos, s, e, ii - 1), 0),
            f(10, lower_at(infos, s, e, ii + 1), 0),
            f(11, lower_at(infos, s, e, ii - 2), 0),
            f(12, lower_at(infos, s, e, ii + 2), 0),
            f(17, lower_at(infos, s, e, ii - 1), t.lower),
            f(18, t.lower, lower_at(infos, s, e, ii + 1)),
        ];
        // what surrounds: ", he said" / "said that" / "said:" / "” said"
        let prev = at(infos, s, e, ii - 1).map_or(0, |p| p.flags);
        let next = at(infos, s, e, ii + 1).map_or(0, |p| p.flags);
        let prev_mask =
            flag::COMMA | flag::CLOSE_QUOTE | flag::QUOTE_MARK | flag::PRONOUN | flag::DASH;
        let next_mask = flag::COMMA | flag::COLON | flag::THAT | flag::QUOTE_MARK | flag::PRONOUN;
        let lex2 = [
            f(27, u64::from(prev & prev_mask), t.lemma),
            f(28, u64::from(next & next_mask), t.lemma),
        ];
        let lex3 = [
            f(
                35,
                t.lemma,
                u64::from(left_subj) * 2 + u64::from(right_comp & flag::THAT != 0),
            ),
            f(36, lower_at(infos, s, e, ii - 1), t.lemma),
            f(37, t.lemma, lower_at(infos, s, e, ii + 1)),
        ];
        let mut v = out.push();
        if local {
            cue_local_features(t, &mut v);
        }
        match small.as_deref_mut() {
            Some(sm) => {
                for h in lex.into_iter().chain(lex2).chain(lex3) {
                    v.add_hash(h);
                }
                let mut w = sm.push();
                for h in small_feats {
                    w.add_hash(h);
                }
            }
            None => {
                // the order the committed models were trained with
                let [p1, n1, p2, n2, pp, pn, q, r, edge, colon, qq, lq, rq, subj, pos_sc] =
                    small_feats;
                let [w1, w2, w3, w4, b1, b2] = lex;
                for h in [w1, w2, w3, w4, p1, n1, p2, n2, b1, b2, pp, pn, q, r, edge] {
                    v.add_hash(h);
                }
                for h in lex2
                    .into_iter()
                    .chain([colon, qq, lq, rq, subj])
                    .chain(lex3)
                    .chain([pos_sc])
                {
                    v.add_hash(h);
                }
            }
        }
    }
}

/// Distance buckets.
pub fn bucket(d: usize) -> u8 {
    match d {
        0 => 0,
        1 => 1,
        2 => 2,
        3 => 3,
        4..=5 => 4,
        6..=8 => 5,
        9..=12 => 6,
        13..=20 => 7,
        _ => 8,
    }
}

/// The cue a role-model sequence is built around.
#[derive(Debug, Clone, Copy)]
pub struct CueRef {
    /// Token range of the cue (may extend beyond the sentence's tokens only never).
    pub start: usize,
    pub end: usize,
}

/// The role-model templates in the order their features are produced.
const ROLE_TEMPLATES: [u64; 30] = [
    100, 101, 102, 103, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119,
    120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130,
];

/// Which of [`ROLE_TEMPLATES`] read words (many distinct values); the others take
/// values from small domains and can be scored from a small hot cache.
const ROLE_LEXICAL: [bool; 30] = {
    let mut m = [false; 30];
    let mut k = 0;
    while k < 30 {
        let t = ROLE_TEMPLATES[k];
        m[k] = t == 102
            || t == 105
            || t == 107
            || t == 108
            || t == 114
            || t == 115
            || t == 123
            || t == 127;
        k += 1;
    }
    m
};

/// Features of every token of the sentence `[s, e)` for the role model, relative to
/// `cue`. `other_cue[i]` marks tokens of other cues in the sentence.
pub fn role_features(
    infos: &[TokenInfo],
    s: usize,
    e: usize,
    cue: CueRef,
    other_cue: &[bool],
    out: &mut FeatureSeq,
    mut small: Option<&mut FeatureSeq>,
) {
    out.clear();
    if let Some(sm) = small.as_deref_mut() {
        sm.clear();
    }
    let mut tok: Vec<u64> = Vec::with_capacity(ROLE_TEMPLATES.len());
    let facts = sent_facts(infos, s, e);
    let cue_lemma = infos.get(cue.start).map_or(NONE, |t| t.lemma);
    let cue_last = infos
        .get(cue.end.saturating_sub(1))
        .map_or(NONE, |t| t.lemma);
    let cue_depth = infos.get(cue.start).map_or(0, |t| t.depth);
    let cue_according = infos.get(cue.start).is_some_and(|t| t.has(flag::ACCORDING));
    let cue_pos = infos.get(cue.start).map_or(0, |t| u64::from(t.pos));
    let after_cue = infos.get(cue.end).map_or(0, |t| t.flags);
    let cue_first = cue.start == s;
    let cue_final = cue.end + 1 >= e;
    let cue_class =
        u64::from(cue_first) | (u64::from(cue_final) << 1) | (u64::from(cue_according) << 2);
    // prefix sums for "what lies between token and cue"
    let n = e - s;
    let mut commas = vec![0u16; n + 1];
    let mut quotes = vec![0u16; n + 1];
    let mut others = vec![0u16; n + 1];
    for k in 0..n {
        let t = &infos[s + k];
        commas[k + 1] =
            commas[k] + u16::from(t.has(flag::COMMA) || t.has(flag::DASH) || t.has(flag::COLON));
        quotes[k + 1] = quotes[k] + u16::from(t.has(flag::QUOTE_MARK));
        others[k + 1] = others[k] + u16::from(other_cue.get(s + k).copied().unwrap_or(false));
    }
    let between = |pre: &[u16], i: usize| -> u16 {
        let (a, b) = if i < cue.start {
            (i + 1, cue.start)
        } else if i >= cue.end {
            (cue.end, i)
        } else {
            (i, i)
        };
        let (a, b) = (a.max(s) - s, b.max(s) - s);
        if b > a {
            pre[b.min(n)] - pre[a.min(n)]
        } else {
            0
        }
    };
    for i in s..e {
        let t = &infos[i];
        let ii = i as isize;
        let (dir, dist) = if i < cue.start {
            (1u64, cue.start - i)
        } else if i >= cue.end {
            (2u64, i + 1 - cue.end)
        } else {
            (3u64, 0)
        };
        let db = u64::from(bucket(dist));
        let c = u64::from(between(&commas, i).min(3));
        let q = u64::from(between(&quotes, i).min(3));
        let o = u64::from(between(&others, i).min(2));
        let d = u64::from(t.depth.min(2));
        let oc = u64::from(other_cue.get(i).copied().unwrap_or(false));
        tok.clear();
        tok.push(f(100, dir, 0));
        tok.push(f(101, dir, db));
        tok.push(f(102, dir, t.lower));
        tok.push(f(103, dir, u64::from(t.pos)));
        tok.push(f(105, dir, t.shape));
        tok.push(f(106, dir * 16 + db, u64::from(t.pos)));
        tok.push(f(107, dir, cue_lemma));
        tok.push(f(108, dir * 64 + u64::from(t.pos), cue_lemma));
        tok.push(f(109, dir * 16 + d, u64::from(cue_depth.min(2))));
        tok.push(f(110, dir * 16 + c, q));
        tok.push(f(111, dir * 16 + o, oc));
        tok.push(f(112, dir * 16 + c, u64::from(t.pos)));
        tok.push(f(113, dir * 16 + q, d));
        tok.push(f(114, dir, lower_at(infos, s, e, ii - 1)));
        tok.push(f(115, dir, lower_at(infos, s, e, ii + 1)));
        tok.push(f(
            116,
            dir * 64 + pos_at(infos, s, e, ii - 1),
            u64::from(t.pos),
        ));
        tok.push(f(
            117,
            dir * 64 + u64::from(t.pos),
            pos_at(infos, s, e, ii + 1),
        ));
        tok.push(f(118, dir * 16 + cue_class, db));
        tok.push(f(
            119,
            dir,
            u64::from(after_cue & (flag::THAT | flag::COLON | flag::COMMA | flag::QUOTE_MARK)),
        ));
        tok.push(f(
            120,
            dir * 16 + db,
            u64::from(after_cue & (flag::THAT | flag::COLON | flag::QUOTE_MARK)),
        ));
        tok.push(f(
            121,
            dir,
            u64::from(t.flags & (flag::TITLE | flag::PRONOUN | flag::CAP)),
        ));
        tok.push(f(122, dir * 16 + d, u64::from(facts.has_quote)));
        tok.push(f(123, dir, cue_last));
        tok.push(f(124, dir * 64 + cue_pos, db));
        tok.push(f(125, dir * 16 + c, db));
        tok.push(f(126, dir * 16 + o, db));
        tok.push(f(127, dir, t.lemma));
        tok.push(f(128, u64::from(i == s), u64::from(i + 1 == e) * 4 + dir));
        tok.push(f(129, dir * 16 + u64::from(t.has(flag::REPORTING)), oc));
        tok.push(f(130, dir * 16 + cue_class, u64::from(t.pos)));
        let mut v = out.push();
        match small.as_deref_mut() {
            None => {
                for &h in &tok {
                    v.add_hash(h);
                }
            }
            Some(sm) => {
                let mut w = sm.push();
                for (&h, &lexical) in tok.iter().zip(ROLE_LEXICAL.iter()) {
                    if lexical {
                        v.add_hash(h);
                    } else {
                        w.add_hash(h);
                    }
                }
            }
        }
    }
}

/// The token index range of tokens overlapping `span`, or `None`.
pub fn tokens_in(analysis: &Analysis, span: Span) -> Option<(usize, usize)> {
    let toks = &analysis.tokens;
    let first = toks.partition_point(|t| t.span.end <= span.start);
    let mut last = first;
    while last < toks.len() && toks[last].span.start < span.end {
        last += 1;
    }
    (last > first).then_some((first, last))
}
