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
use whosaid_models::features::{hash, FeatureSeq};
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
    let mut out = Vec::with_capacity(analysis.tokens.len());
    let mut lower = String::new();
    for (i, tok) in analysis.tokens.iter().enumerate() {
        let surface = tok.span.text(text);
        lower.clear();
        for c in surface.chars() {
            match c {
                '’' | '‘' => lower.push('\''),
                _ => lower.extend(c.to_lowercase()),
            }
        }
        let mut flags = 0;
        if lexicon::is_reporting(&lower) {
            flags |= flag::REPORTING;
        }
        if lexicon::is_according(&lower) {
            flags |= flag::ACCORDING;
        }
        if lexicon::is_title(&lower) {
            flags |= flag::TITLE;
        }
        if surface.chars().next().is_some_and(char::is_uppercase) {
            flags |= flag::CAP;
        }
        if PRONOUNS.contains(&lower.as_str()) {
            flags |= flag::PRONOUN;
        }
        match tok.kind {
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
        out.push(TokenInfo {
            lower: hash(lower.as_bytes()),
            lemma: hash(lexicon::lemma(&lower).as_bytes()),
            shape: shape_of(surface),
            suf3,
            pos: pos.get(i).copied().unwrap_or(0),
            flags,
            depth: analysis.quote_depth.get(i).copied().unwrap_or(0),
        });
    }
    out
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
/// (the caller adds their cached scores).
pub fn cue_features(infos: &[TokenInfo], s: usize, e: usize, local: bool, out: &mut FeatureSeq) {
    out.clear();
    let facts = sent_facts(infos, s, e);
    for i in s..e {
        let t = &infos[i];
        let ii = i as isize;
        let mut v = out.push();
        if local {
            cue_local_features(t, &mut v);
        }
        v.add_hash(f(9, lower_at(infos, s, e, ii - 1), 0));
        v.add_hash(f(10, lower_at(infos, s, e, ii + 1), 0));
        v.add_hash(f(11, lower_at(infos, s, e, ii - 2), 0));
        v.add_hash(f(12, lower_at(infos, s, e, ii + 2), 0));
        v.add_hash(f(13, pos_at(infos, s, e, ii - 1), 0));
        v.add_hash(f(14, pos_at(infos, s, e, ii + 1), 0));
        v.add_hash(f(15, pos_at(infos, s, e, ii - 2), 0));
        v.add_hash(f(16, pos_at(infos, s, e, ii + 2), 0));
        v.add_hash(f(17, lower_at(infos, s, e, ii - 1), t.lower));
        v.add_hash(f(18, t.lower, lower_at(infos, s, e, ii + 1)));
        v.add_hash(f(19, pos_at(infos, s, e, ii - 1), u64::from(t.pos)));
        v.add_hash(f(20, u64::from(t.pos), pos_at(infos, s, e, ii + 1)));
        v.add_hash(f(23, u64::from(facts.has_quote), u64::from(t.depth.min(2))));
        v.add_hash(f(
            24,
            u64::from(facts.reporting.min(3)),
            u64::from(t.has(flag::REPORTING)),
        ));
        v.add_hash(f(25, u64::from(i == s), u64::from(i + 1 == e)));
        // what surrounds: ", he said" / "said that" / "said:" / "” said"
        let prev = at(infos, s, e, ii - 1).map_or(0, |p| p.flags);
        let next = at(infos, s, e, ii + 1).map_or(0, |p| p.flags);
        v.add_hash(f(
            27,
            u64::from(
                prev & (flag::COMMA
                    | flag::CLOSE_QUOTE
                    | flag::QUOTE_MARK
                    | flag::PRONOUN
                    | flag::DASH),
            ),
            t.lemma,
        ));
        v.add_hash(f(
            28,
            u64::from(
                next & (flag::COMMA | flag::COLON | flag::THAT | flag::QUOTE_MARK | flag::PRONOUN),
            ),
            t.lemma,
        ));
        v.add_hash(f(
            29,
            u64::from(facts.has_colon_end),
            u64::from(t.has(flag::COLON)),
        ));
        // distance to nearest quote mark on each side (bucketed)
        let left_q = (s..i)
            .rev()
            .find(|&j| infos[j].has(flag::QUOTE_MARK))
            .map(|j| bucket(i - j));
        let right_q = (i + 1..e)
            .find(|&j| infos[j].has(flag::QUOTE_MARK))
            .map(|j| bucket(j - i));
        v.add_hash(f(
            30,
            left_q.map_or(NONE, u64::from),
            right_q.map_or(NONE, u64::from),
        ));
        v.add_hash(f(31, left_q.map_or(NONE, u64::from), u64::from(t.pos)));
        v.add_hash(f(32, right_q.map_or(NONE, u64::from), u64::from(t.pos)));
        // a subject to the left and a complement to the right, within three tokens
        let left_subj = (i.saturating_sub(3).max(s)..i).any(|j| {
            let x = &infos[j];
            x.has(flag::PRONOUN) || x.has(flag::CAP) || x.has(flag::TITLE)
        });
        let right_comp = (i + 1..(i + 4).min(e)).fold(0u32, |acc, j| {
            acc | (infos[j].flags & (flag::THAT | flag::QUOTE_MARK | flag::COLON | flag::COMMA))
        });
        v.add_hash(f(34, u64::from(left_subj), u64::from(right_comp)));
        v.add_hash(f(
            35,
            t.lemma,
            u64::from(left_subj) * 2 + u64::from(right_comp & flag::THAT != 0),
        ));
        v.add_hash(f(36, lower_at(infos, s, e, ii - 1), t.lemma));
        v.add_hash(f(37, t.lemma, lower_at(infos, s, e, ii + 1)));
        v.add_hash(f(
            38,
            u64::from(t.pos),
            u64::from(left_subj) * 64 + u64::from(right_comp),
        ));
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

/// Features of every token of the sentence `[s, e)` for the role model, relative to
/// `cue`. `other_cue[i]` marks tokens of other cues in the sentence.
pub fn role_features(
    infos: &[TokenInfo],
    s: usize,
    e: usize,
    cue: CueRef,
    other_cue: &[bool],
    out: &mut FeatureSeq,
) {
    out.clear();
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
        let mut v = out.push();
        v.add_hash(f(100, dir, 0));
        v.add_hash(f(101, dir, db));
        v.add_hash(f(102, dir, t.lower));
        v.add_hash(f(103, dir, u64::from(t.pos)));
        v.add_hash(f(105, dir, t.shape));
        v.add_hash(f(106, dir * 16 + db, u64::from(t.pos)));
        v.add_hash(f(107, dir, cue_lemma));
        v.add_hash(f(108, dir * 64 + u64::from(t.pos), cue_lemma));
        v.add_hash(f(109, dir * 16 + d, u64::from(cue_depth.min(2))));
        v.add_hash(f(110, dir * 16 + c, q));
        v.add_hash(f(111, dir * 16 + o, oc));
        v.add_hash(f(112, dir * 16 + c, u64::from(t.pos)));
        v.add_hash(f(113, dir * 16 + q, d));
        v.add_hash(f(114, dir, lower_at(infos, s, e, ii - 1)));
        v.add_hash(f(115, dir, lower_at(infos, s, e, ii + 1)));
        v.add_hash(f(
            116,
            dir * 64 + pos_at(infos, s, e, ii - 1),
            u64::from(t.pos),
        ));
        v.add_hash(f(
            117,
            dir * 64 + u64::from(t.pos),
            pos_at(infos, s, e, ii + 1),
        ));
        v.add_hash(f(118, dir * 16 + cue_class, db));
        v.add_hash(f(
            119,
            dir,
            u64::from(after_cue & (flag::THAT | flag::COLON | flag::COMMA | flag::QUOTE_MARK)),
        ));
        v.add_hash(f(
            120,
            dir * 16 + db,
            u64::from(after_cue & (flag::THAT | flag::COLON | flag::QUOTE_MARK)),
        ));
        v.add_hash(f(
            121,
            dir,
            u64::from(t.flags & (flag::TITLE | flag::PRONOUN | flag::CAP)),
        ));
        v.add_hash(f(122, dir * 16 + d, u64::from(facts.has_quote)));
        v.add_hash(f(123, dir, cue_last));
        v.add_hash(f(124, dir * 64 + cue_pos, db));
        v.add_hash(f(125, dir * 16 + c, db));
        v.add_hash(f(126, dir * 16 + o, db));
        v.add_hash(f(127, dir, t.lemma));
        v.add_hash(f(128, u64::from(i == s), u64::from(i + 1 == e) * 4 + dir));
        v.add_hash(f(129, dir * 16 + u64::from(t.has(flag::REPORTING)), oc));
        v.add_hash(f(130, dir * 16 + cue_class, u64::from(t.pos)));
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
