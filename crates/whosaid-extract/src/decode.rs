//! Decoding: from per-token cue and role labels to attribution records.
//!
//! Steps: group tagged tokens into spans; extend a content that reaches into a
//! quotation across sentences to the whole quotation; take the next sentence or
//! quotation as the content of a cue ending in a colon; link nested attributions to
//! their parent; attach stand-alone quotations after a direct quote as
//! continuations; classify the kind. Pure functions over token indices.

use whosaid_core::{Attribution, AttributionKind, Span, TokenKind};
use whosaid_text::Analysis;

use crate::features::{flag, TokenInfo};

/// Role labels of the role model, in model label order.
pub const ROLE_LABELS: [&str; 6] = ["O", "CUE", "B-SRC", "I-SRC", "B-CON", "I-CON"];
/// Cue labels of the cue model, in model label order.
pub const CUE_LABELS: [&str; 3] = ["O", "B-CUE", "I-CUE"];

/// An attribution under construction, in token indices (end-exclusive runs).
#[derive(Debug, Clone)]
pub struct Draft {
    pub cue: (usize, usize),
    pub source: Vec<(usize, usize)>,
    pub content: Vec<(usize, usize)>,
    pub confidence: f32,
    pub parent: Option<usize>,
    pub continues: Option<usize>,
    pub continuation: bool,
}

/// Groups B/I labelled tokens into runs. `b` and `i` are the label ids; a lone I
/// starts a run too.
pub fn runs(labels: &[u16], offset: usize, b: u16, i: u16) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    for (k, &l) in labels.iter().enumerate() {
        let t = offset + k;
        if l == b {
            if let Some(r) = cur.take() {
                out.push(r);
            }
            cur = Some((t, t + 1));
        } else if l == i {
            match cur.as_mut() {
                Some(r) => r.1 = t + 1,
                None => cur = Some((t, t + 1)),
            }
        } else if let Some(r) = cur.take() {
            out.push(r);
        }
    }
    out.extend(cur);
    out
}

/// Merges runs that are adjacent or separated only by tokens for which `skip` holds.
pub fn merge_runs(mut v: Vec<(usize, usize)>, skip: impl Fn(usize) -> bool) -> Vec<(usize, usize)> {
    v.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(v.len());
    for r in v {
        if let Some(last) = out.last_mut() {
            if r.0 <= last.1 || (last.1..r.0).all(&skip) {
                last.1 = last.1.max(r.1);
                continue;
            }
        }
        out.push(r);
    }
    out
}

fn token_span(analysis: &Analysis, r: (usize, usize)) -> Option<Span> {
    let a = analysis.tokens.get(r.0)?;
    let b = analysis.tokens.get(r.1.checked_sub(1)?)?;
    Some(Span::new(a.span.start, b.span.end))
}

fn sentence_of(analysis: &Analysis, tok: usize) -> Option<usize> {
    let i = analysis.sentences.partition_point(|s| s.tokens.end <= tok);
    (i < analysis.sentences.len()).then_some(i)
}

/// Token range of quotation `q` (from its opening to its closing mark, or to the end
/// of its last paragraph when unclosed).
fn quote_tokens(analysis: &Analysis, q: usize) -> Option<(usize, usize)> {
    let quote = analysis.quotes.get(q)?;
    let end = match quote.close {
        Some(c) => c + 1,
        None => {
            let toks = &analysis.tokens;
            toks.partition_point(|t| t.span.start < quote.span.end)
                .max(quote.open + 1)
        }
    };
    Some((quote.open, end))
}

/// Extends contents across sentence boundaries along quotations, and gives a cue
/// ending in a colon the following sentence (or quotation) when it has no content.
pub fn extend_contents(analysis: &Analysis, infos: &[TokenInfo], drafts: &mut [Draft]) {
    for d in drafts.iter_mut() {
        let mut extra = Vec::new();
        for &(a, b) in &d.content {
            // every quotation the content touches, when it crosses its sentence
            let (Some(sa), Some(sb)) = (
                sentence_of(analysis, a),
                sentence_of(analysis, b.saturating_sub(1)),
            ) else {
                continue;
            };
            let (sent_start, sent_end) = (
                analysis.sentences[sa].tokens.start,
                analysis.sentences[sb].tokens.end,
            );
            for t in [a, b.saturating_sub(1)] {
                let Some(Some(q)) = analysis.quote_of.get(t) else {
                    continue;
                };
                let Some((qa, qb)) = quote_tokens(analysis, *q as usize) else {
                    continue;
                };
                if (qa < sent_start || qb > sent_end) && qb - qa < 2000 {
                    // do not swallow the attribution's own cue or source
                    if qa <= d.cue.0 && d.cue.1 <= qb {
                        continue;
                    }
                    extra.push((qa, qb));
                }
            }
        }
        if d.content.is_empty() {
            // "X said:" + next sentence / quotation
            let last = d.cue.1;
            let colon_next = infos.get(last).is_some_and(|t| t.has(flag::COLON))
                || infos
                    .get(last.saturating_sub(1))
                    .is_some_and(|t| t.has(flag::COLON));
            if colon_next {
                let mut start = last;
                while infos.get(start).is_some_and(|t| t.has(flag::COLON)) {
                    start += 1;
                }
                if let Some(Some(q)) = analysis.quote_of.get(start) {
                    if let Some(r) = quote_tokens(analysis, *q as usize) {
                        extra.push(r);
                    }
                } else if let Some(s) = sentence_of(analysis, start) {
                    let end = analysis.sentences[s].tokens.end;
                    if end > start {
                        extra.push((start, end));
                    }
                }
            }
        }
        if !extra.is_empty() {
            let cue = d.cue;
            let src = d.source.clone();
            for r in extra {
                // cut out the cue and the source tokens
                let pieces = cut_holes(vec![r], std::iter::once(cue).chain(src.iter().copied()));
                d.content.extend(pieces);
            }
            d.content = merge_runs(std::mem::take(&mut d.content), |_| false);
        }
    }
}

/// Marks attributions whose cue lies inside another's content as nested.
pub fn link_nested(drafts: &mut [Draft]) {
    let n = drafts.len();
    let near = neighbours(drafts);
    for i in 0..n {
        let cue = drafts[i].cue;
        // the enclosing attribution with the smallest content
        let best = near[i]
            .iter()
            .map(|&j| (j, &drafts[j]))
            .filter(|(_, d)| d.content.iter().any(|&(a, b)| a <= cue.0 && cue.1 <= b))
            .map(|(j, d)| (j, d.content.iter().map(|r| r.1 - r.0).sum::<usize>()))
            .min_by_key(|&(len_j, len)| (len, len_j));
        drafts[i].parent = best.map(|(j, _)| j);
    }
    // break cycles (two attributions inside each other's content): keep the earlier cue outer
    for i in 0..n {
        if let Some(p) = drafts[i].parent {
            if drafts[p].parent == Some(i) {
                let (outer, inner) = if drafts[i].cue.0 < drafts[p].cue.0 {
                    (i, p)
                } else {
                    (p, i)
                };
                drafts[outer].parent = None;
                drafts[inner].parent = Some(outer);
            }
        }
    }
}

/// Stand-alone quotations (not covered by any attribution) that follow a direct
/// quotation of an attribution within `max_paragraphs` paragraphs become
/// continuation records of that attribution.
pub fn continuations(analysis: &Analysis, drafts: &mut Vec<Draft>, max_gap_sentences: usize) {
    let mut covered = vec![false; analysis.tokens.len()];
    for d in drafts.iter() {
        for &(a, b) in d.content.iter().chain(&d.source).chain([&d.cue]) {
            for c in covered.iter_mut().take(b).skip(a) {
                *c = true;
            }
        }
    }
    // outer attributions with a quoted content, by the end of their content
    let mut heads: Vec<(usize, usize)> = drafts
        .iter()
        .enumerate()
        .filter(|(_, d)| d.parent.is_none() && !d.continuation)
        .filter(|(_, d)| {
            d.content.iter().any(|&(a, b)| {
                (a..b).any(|t| analysis.quote_depth.get(t).copied().unwrap_or(0) > 0)
            })
        })
        .map(|(i, d)| (d.content.iter().map(|r| r.1).max().unwrap_or(0), i))
        .collect();
    heads.sort_unstable();
    let mut cue_starts: Vec<(usize, usize)> = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| (d.cue.0, i))
        .collect();
    cue_starts.sort_unstable();
    let mut new = Vec::new();
    for (qi, q) in analysis.quotes.iter().enumerate() {
        if q.depth != 0 {
            continue;
        }
        let Some((qa, qb)) = quote_tokens(analysis, qi) else {
            continue;
        };
        if qb <= qa + 3 || (qa..qb).any(|t| covered.get(t).copied().unwrap_or(true)) {
            continue;
        }
        // the quotation must fill its sentences (not a scare quote inside a sentence)
        let (Some(sa), Some(sb)) = (sentence_of(analysis, qa), sentence_of(analysis, qb - 1))
        else {
            continue;
        };
        let words_outside = analysis.tokens[analysis.sentences[sa].tokens.start..qa]
            .iter()
            .chain(&analysis.tokens[qb..analysis.sentences[sb].tokens.end])
            .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
            .count();
        if words_outside > 0 {
            continue;
        }
        // the nearest preceding outer attribution with a quoted content (the latest
        // content end at or before the quotation)
        let k = heads.partition_point(|&(end, _)| end <= qa);
        let Some(&(_, h)) = heads[..k].last() else {
            continue;
        };
        let hd = &drafts[h];
        let head_end = hd
            .content
            .iter()
            .chain(&hd.source)
            .chain([&hd.cue])
            .map(|r| r.1)
            .filter(|&e| e <= qa)
            .max()
            .unwrap_or(0);
        let Some(hs) = sentence_of(analysis, head_end.saturating_sub(1)) else {
            continue;
        };
        if sa > hs + max_gap_sentences {
            continue;
        }
        // nothing attributed in between
        let lo = cue_starts.partition_point(|&(c, _)| c < head_end);
        if cue_starts[lo..]
            .iter()
            .take_while(|&&(c, _)| c < qa)
            .any(|&(_, k)| k != h && drafts[k].cue.1 <= qa)
        {
            continue;
        }
        new.push(Draft {
            cue: (qa, qa),
            source: Vec::new(),
            content: vec![(qa, qb)],
            confidence: hd.confidence * 0.9,
            parent: None,
            continues: Some(h),
            continuation: true,
        });
    }
    drafts.extend(new);
}

/// Kind of an attribution from its cue and content.
pub fn kind_of(text: &str, analysis: &Analysis, d: &Draft) -> AttributionKind {
    if d.continuation {
        return AttributionKind::Continuation;
    }
    let cue_text = token_span(analysis, d.cue)
        .map_or("", |s| s.text(text))
        .to_lowercase();
    let first = cue_text.split_whitespace().next().unwrap_or("");
    if matches!(first, "according" | "per" | "citing" | "quoting" | "via") {
        return AttributionKind::AccordingTo;
    }
    let mut inside = 0usize;
    let mut words = 0usize;
    for &(a, b) in &d.content {
        for t in a..b {
            let Some(tok) = analysis.tokens.get(t) else {
                continue;
            };
            if matches!(tok.kind, TokenKind::Word | TokenKind::Number) {
                words += 1;
                if analysis.quote_depth.get(t).copied().unwrap_or(0) > 0 {
                    inside += 1;
                }
            }
        }
    }
    if words > 0 && inside * 10 >= words * 9 {
        AttributionKind::Direct
    } else if inside > 0 {
        AttributionKind::Mixed
    } else {
        AttributionKind::Indirect
    }
}

/// The longest name after an epigraph dash: words only, each capitalised.
const EPIGRAPH_NAME_WORDS: usize = 6;

/// Epigraph attributions: a paragraph that is a quotation followed by a dash and a
/// name (`“…” ― Sonya Herridge`), the convention of quote lists and pull quotes. The
/// dash is the cue, the name the source, the quotation (with its marks) the content.
/// The construction never occurs in PolNeAR train, so the models cannot learn it.
/// Paragraphs where a cue was already found are left alone.
pub fn epigraphs(text: &str, analysis: &Analysis, drafts: &mut Vec<Draft>) {
    let is_quote = |t: usize| {
        analysis.tokens.get(t).is_some_and(|k| {
            matches!(
                k.kind,
                TokenKind::OpenQuote | TokenKind::CloseQuote | TokenKind::Quote
            )
        })
    };
    let tok_text = |t: usize| analysis.tokens.get(t).map_or("", |k| k.span.text(text));
    for para in &analysis.paragraphs {
        let (Some(first_s), Some(last_s)) = (
            analysis.sentences.get(para.sentences.start),
            para.sentences
                .end
                .checked_sub(1)
                .and_then(|i| analysis.sentences.get(i)),
        ) else {
            continue;
        };
        let (start, mut end) = (first_s.tokens.start, last_s.tokens.end);
        if start >= end || !is_quote(start) {
            continue;
        }
        // a final period after the name is not part of it
        if end > start && tok_text(end - 1) == "." {
            end -= 1;
        }
        // the last dash of the paragraph, right after a closing quotation mark
        let Some(dash) = (start + 1..end)
            .rev()
            .find(|&t| matches!(tok_text(t), "―" | "—"))
        else {
            continue;
        };
        if !is_quote(dash - 1) {
            continue;
        }
        let name = dash + 1..end;
        let capitalised = name.clone().all(|t| {
            analysis.tokens.get(t).is_some_and(|k| {
                k.kind == TokenKind::Word
                    && tok_text(t).chars().next().is_some_and(char::is_uppercase)
            })
        });
        if name.is_empty() || name.len() > EPIGRAPH_NAME_WORDS || !capitalised {
            continue;
        }
        let taken = drafts
            .iter()
            .any(|d| d.cue.0 < last_s.tokens.end && first_s.tokens.start < d.cue.1);
        if taken {
            continue;
        }
        drafts.push(Draft {
            cue: (dash, dash + 1),
            source: vec![(name.start, name.end)],
            content: vec![(start, dash)],
            confidence: 0.9,
            parent: None,
            continues: None,
            continuation: false,
        });
    }
}

/// Turns drafts into attribution records: byte spans, kinds, ids in text order.
pub fn finish(text: &str, analysis: &Analysis, drafts: &[Draft]) -> Vec<Attribution> {
    let spans = |v: &[(usize, usize)]| -> Vec<Span> {
        let mut out: Vec<Span> = v.iter().filter_map(|&r| token_span(analysis, r)).collect();
        whosaid_core::span::normalize(&mut out);
        out
    };
    let mut recs: Vec<(usize, Attribution)> = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let a = Attribution {
                id: i,
                source: spans(&d.source),
                cue: spans(&[d.cue]),
                content: spans(&d.content),
                kind: kind_of(text, analysis, d),
                parent: d.parent,
                continues: d.continues,
                confidence: d.confidence,
            };
            (i, a)
        })
        .collect();
    recs.sort_by_key(|(_, a)| {
        (
            a.cue.first().or(a.content.first()).map_or(0, |s| s.start),
            a.first_byte(),
        )
    });
    let mut new_id = vec![0usize; drafts.len()];
    for (k, (old, _)) in recs.iter().enumerate() {
        new_id[*old] = k;
    }
    recs.into_iter()
        .enumerate()
        .map(|(k, (_, mut a))| {
            a.id = k;
            a.parent = a.parent.and_then(|p| new_id.get(p).copied());
            a.continues = a.continues.and_then(|p| new_id.get(p).copied());
            a
        })
        .collect()
}

/// The PolNeAR view of an article's attributions: nested attributions dropped,
/// continuations folded into the content of the attribution they continue
/// (PolNeAR annotates only outermost attributions and keeps a quote's continuation
/// in the same content). Ids are renumbered; `parent`/`continues` end up unset.
pub fn outermost(attrs: &[Attribution]) -> Vec<Attribution> {
    let mut keep: Vec<Attribution> = Vec::with_capacity(attrs.len());
    let mut new_id = vec![None; attrs.len()];
    for a in attrs {
        if a.parent.is_some() || a.continues.is_some() {
            continue;
        }
        if let Some(slot) = new_id.get_mut(a.id) {
            *slot = Some(keep.len());
        }
        let mut b = a.clone();
        b.id = keep.len();
        keep.push(b);
    }
    for a in attrs {
        if a.parent.is_some() {
            continue;
        }
        // follow a chain of continuations to its head
        let mut head = a.continues;
        let mut guard = 0;
        while let Some(h) = head {
            match attrs.get(h) {
                Some(x) if x.continues.is_some() && guard < attrs.len() => {
                    head = x.continues;
                    guard += 1;
                }
                _ => break,
            }
        }
        if let Some(k) = head.and_then(|h| new_id.get(h).copied().flatten()) {
            keep[k].content.extend(a.content.iter().copied());
            whosaid_core::span::normalize(&mut keep[k].content);
        }
    }
    keep
}

/// Rule fallbacks for a nested attribution inside the content run `within`: a
/// reporting noun followed by "from"/"by" X takes X as its source; a cue followed
/// (after its source) by "that" takes the rest of the run as its content.
pub fn nested_fallbacks(infos: &[TokenInfo], d: &mut Draft, within: (usize, usize)) {
    let is = |t: usize, w: &str| {
        infos
            .get(t)
            .is_some_and(|i| i.lower == whosaid_models::features::hash(w.as_bytes()))
    };
    let after = d.cue.1;
    let that = (after..within.1).find(|&t| infos.get(t).is_some_and(|i| i.has(flag::THAT)));
    if (is(after, "from") || is(after, "by")) && after + 1 < within.1 {
        let end = that.unwrap_or(within.1);
        if end > after + 1 {
            d.source = vec![(after + 1, end)];
        }
    }
    if d.content.is_empty() {
        if let Some(th) = that {
            let src_end = d.source.iter().map(|r| r.1).max().unwrap_or(after);
            if (src_end..th).all(|t| infos.get(t).is_some_and(|i| !i.has(flag::COMMA)))
                && th + 1 < within.1
            {
                d.content = vec![(th + 1, within.1)];
            }
        }
    }
}

/// Removes from each content the tokens of other, non-nested attributions' sources
/// and cues ("X reported that A, but his office said B": A stops before "his
/// office"), then trims conjunctions and punctuation left at the edges.
pub fn separate_siblings(infos: &[TokenInfo], drafts: &mut [Draft]) {
    let near = neighbours(drafts);
    for (i, others) in near.iter().enumerate() {
        let mut holes: Vec<(usize, usize)> = Vec::new();
        for &j in others {
            if drafts[j].parent == Some(i) || drafts[i].parent == Some(j) {
                continue;
            }
            holes.push(drafts[j].cue);
            holes.extend(drafts[j].source.iter().copied());
        }
        let pieces = cut_holes(std::mem::take(&mut drafts[i].content), holes);
        drafts[i].content = pieces
            .into_iter()
            .filter_map(|r| trim_run(infos, r))
            .collect();
    }
}

/// Removes the token ranges `holes` from the runs `pieces`.
fn cut_holes(
    mut pieces: Vec<(usize, usize)>,
    holes: impl IntoIterator<Item = (usize, usize)>,
) -> Vec<(usize, usize)> {
    for hole in holes {
        if hole.1 <= hole.0 {
            continue;
        }
        pieces = pieces
            .into_iter()
            .flat_map(|(x, y)| {
                if hole.1 <= x || hole.0 >= y {
                    vec![(x, y)]
                } else {
                    [(x, hole.0), (hole.1, y)]
                        .into_iter()
                        .filter(|(p, q)| q > p)
                        .collect()
                }
            })
            .collect();
    }
    pieces
}

/// The token range a draft touches (cue, source and content).
fn extent(d: &Draft) -> (usize, usize) {
    let lo = d
        .content
        .iter()
        .chain(&d.source)
        .map(|r| r.0)
        .fold(d.cue.0, usize::min);
    let hi = d
        .content
        .iter()
        .chain(&d.source)
        .map(|r| r.1)
        .fold(d.cue.1.max(d.cue.0 + 1), usize::max);
    (lo, hi)
}

/// For each draft, the other drafts whose extents overlap its own: the only ones it
/// can nest in or take holes from. A sweep over extents sorted by start, so dense
/// texts with thousands of attributions stay near-linear.
pub fn neighbours(drafts: &[Draft]) -> Vec<Vec<usize>> {
    let ext: Vec<(usize, usize)> = drafts.iter().map(extent).collect();
    let mut order: Vec<usize> = (0..drafts.len()).collect();
    order.sort_by_key(|&i| (ext[i].0, i));
    let mut out = vec![Vec::new(); drafts.len()];
    for (k, &i) in order.iter().enumerate() {
        for &j in &order[k + 1..] {
            if ext[j].0 >= ext[i].1 {
                break;
            }
            out[i].push(j);
            out[j].push(i);
        }
    }
    for v in &mut out {
        v.sort_unstable();
    }
    out
}

/// Trims punctuation and dangling conjunctions from both ends of a content run;
/// `None` when nothing is left.
pub fn trim_run(infos: &[TokenInfo], (mut a, mut b): (usize, usize)) -> Option<(usize, usize)> {
    let dangling = |t: usize| {
        infos.get(t).is_some_and(|i| {
            (i.has(flag::PUNCT) && !i.has(flag::QUOTE_MARK)) || CONJ_HASHES.contains(&i.lower)
        })
    };
    while b > a && dangling(b - 1) {
        b -= 1;
    }
    while a < b
        && infos
            .get(a)
            .is_some_and(|i| i.has(flag::PUNCT) && !i.has(flag::QUOTE_MARK))
    {
        a += 1;
    }
    (b > a).then_some((a, b))
}

static CONJ_HASHES: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    [
        "and", "but", "while", "or", "as", "although", "though", "whereas", "because",
    ]
    .iter()
    .map(|w| whosaid_models::features::hash(w.as_bytes()))
    .collect()
});

/// Keeps each nested attribution's source and content inside the content run of its
/// parent that holds its cue, applying [`nested_fallbacks`]; returns false for
/// drafts to drop (nested with no content or no source left).
pub fn clip_nested(infos: &[TokenInfo], drafts: &mut [Draft]) -> Vec<bool> {
    let mut keep = vec![true; drafts.len()];
    for i in 0..drafts.len() {
        let Some(p) = drafts[i].parent else { continue };
        let cue = drafts[i].cue;
        let Some(&run) = drafts[p]
            .content
            .iter()
            .find(|&&(a, b)| a <= cue.0 && cue.1 <= b)
        else {
            continue;
        };
        let clip = |v: &[(usize, usize)]| -> Vec<(usize, usize)> {
            v.iter()
                .map(|&(x, y)| (x.max(run.0), y.min(run.1)))
                .filter(|(x, y)| y > x)
                .collect()
        };
        let d = &mut drafts[i];
        d.source = clip(&d.source);
        d.content = clip(&d.content);
        nested_fallbacks(infos, d, run);
        keep[i] = !d.content.is_empty() && !d.source.is_empty();
    }
    keep
}

/// A nested attribution cued by a noun ("claims from US officials that there was
/// progress are part of a deception game") reports only the clause after "that": its
/// content ends before the next finite verb after the clause's own ("are"), which
/// belongs to the sentence holding the noun.
pub fn end_noun_cue_clauses(
    infos: &[TokenInfo],
    drafts: &mut [Draft],
    is_noun: impl Fn(usize) -> bool,
    is_finite: impl Fn(usize) -> bool,
) {
    for d in drafts.iter_mut() {
        // a noun cue, or a cue right after "that" ("told him that claims … are"), which
        // the tagger may take for a verb
        let after_that = d.cue.0 > 0 && infos.get(d.cue.0 - 1).is_some_and(|i| i.has(flag::THAT));
        if d.parent.is_none() || d.cue.1 == 0 || !(is_noun(d.cue.1 - 1) || after_that) {
            continue;
        }
        let Some(&(start, end)) = d.content.first() else {
            continue;
        };
        let body = if infos.get(start).is_some_and(|i| i.has(flag::THAT)) {
            start + 1
        } else {
            start
        };
        let Some(f1) = (body..end).find(|&t| is_finite(t)) else {
            continue;
        };
        let stop = |t: usize| {
            infos
                .get(t)
                .is_none_or(|i| i.has(flag::THAT) || i.has(flag::COMMA) || i.has(flag::PUNCT))
        };
        let mut t = f1 + 1;
        while t < end && !stop(t) {
            if is_finite(t) && t > f1 + 1 {
                d.content[0] = (start, t);
                d.content.truncate(1);
                break;
            }
            t += 1;
        }
    }
}

/// Viterbi for a three-label model: `emit` holds 3 scores per position, `trans`
/// the transition rows from each label and (row 3) from the start.
pub fn viterbi3(emit: &[f32], trans: &[[f32; 3]; 4], out: &mut Vec<u16>) {
    out.clear();
    let n = emit.len() / 3;
    if n == 0 {
        return;
    }
    let mut back = vec![[0u8; 3]; n];
    let mut score = [0.0f32; 3];
    for (y, s) in score.iter_mut().enumerate() {
        *s = emit[y] + trans[3][y];
    }
    for t in 1..n {
        let mut next = [f32::NEG_INFINITY; 3];
        for (y, nx) in next.iter_mut().enumerate() {
            for (p, &ps) in score.iter().enumerate() {
                let v = ps + trans[p][y];
                if v > *nx {
                    *nx = v;
                    back[t][y] = p as u8;
                }
            }
            *nx += emit[t * 3 + y];
        }
        score = next;
    }
    let mut y = (0..3).fold(0, |b, k| if score[k] > score[b] { k } else { b });
    out.resize(n, 0);
    for t in (0..n).rev() {
        out[t] = y as u16;
        y = usize::from(back[t][y]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_group_b_and_i() {
        // O B I I O I B O
        let l = [0, 1, 2, 2, 0, 2, 1, 0];
        assert_eq!(runs(&l, 10, 1, 2), vec![(11, 14), (15, 16), (16, 17)]);
    }

    #[test]
    fn merge_runs_skips_allowed_gaps() {
        let v = vec![(5, 7), (0, 2), (3, 4)];
        assert_eq!(merge_runs(v.clone(), |t| t == 2), vec![(0, 4), (5, 7)]);
        assert_eq!(merge_runs(v, |_| false), vec![(0, 2), (3, 4), (5, 7)]);
    }

    #[test]
    fn nested_links_to_smallest_enclosing_content() {
        let d = |cue: (usize, usize), content: Vec<(usize, usize)>| Draft {
            cue,
            source: vec![],
            content,
            confidence: 1.0,
            parent: None,
            continues: None,
            continuation: false,
        };
        let mut v = vec![
            d((1, 2), vec![(2, 30)]),
            d((5, 6), vec![(6, 20)]),
            d((10, 11), vec![(11, 15)]),
        ];
        link_nested(&mut v);
        assert_eq!(v[0].parent, None);
        assert_eq!(v[1].parent, Some(0));
        assert_eq!(v[2].parent, Some(1));
    }
}
