//! Attribution units: the spans of tokens the cue and role models look at.
//!
//! A unit is a sentence, merged with the next one when that one is the tail of an
//! attribution split off by the sentence splitter: it starts with a lowercase word
//! ("(D-Wis.) said Friday."), or it is a short clause after a sentence that ends
//! inside a closing quotation ("“How many times…?” Clinton said.", "…shame.” ―
//! Sonya Herridge"). Training and
//! inference both use units, so the models see the same windows.

use std::ops::Range;

use whosaid_core::TokenKind;
use whosaid_text::Analysis;

use crate::features::{flag, TokenInfo};

/// Longest tail (in tokens) merged after a quotation.
const MAX_TAIL: usize = 12;

/// Token ranges of the units, in order, covering the same tokens as the sentences.
pub fn units(text: &str, analysis: &Analysis, infos: &[TokenInfo]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(analysis.sentences.len());
    let para_of = |tok: usize| {
        analysis
            .paragraphs
            .partition_point(|p| p.span.end <= analysis.tokens[tok].span.start)
    };
    for s in &analysis.sentences {
        let r = s.tokens.clone();
        if r.is_empty() {
            continue;
        }
        if let Some(prev) = out.last_mut() {
            let same_para = prev.end > prev.start && para_of(prev.end - 1) == para_of(r.start);
            let first = &analysis.tokens[r.start];
            let lower_start = first.kind == TokenKind::Word
                && first
                    .span
                    .text(text)
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase);
            let prev_quote_end = prev.end >= 2
                && (infos
                    .get(prev.end - 1)
                    .is_some_and(|t| t.has(flag::CLOSE_QUOTE) || t.has(flag::QUOTE_MARK)));
            let starts_with_dash = infos.get(r.start).is_some_and(|i| i.has(flag::DASH));
            let short_tail = r.len() <= MAX_TAIL
                && (r.clone()).all(|t| !infos.get(t).is_some_and(|i| i.has(flag::QUOTE_MARK)))
                && (starts_with_dash
                    || (r.clone()).any(|t| infos.get(t).is_some_and(|i| i.has(flag::REPORTING))));
            if same_para && (lower_start || (prev_quote_end && short_tail)) {
                prev.end = r.end;
                continue;
            }
        }
        out.push(r);
    }
    out
}

/// Index of the unit holding token `t`.
pub fn unit_of(units: &[Range<usize>], t: usize) -> Option<usize> {
    let i = units.partition_point(|u| u.end <= t);
    (i < units.len() && units[i].start <= t).then_some(i)
}
