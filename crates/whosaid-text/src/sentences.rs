//! The sentence splitter: groups tokens into [`Sentence`]s.
//!
//! A sentence ends after ".", "!" or "?" (with the closing quotes and brackets that
//! follow), never after a title-like abbreviation ("Mr.", "Sen.", initials), after other
//! abbreviations ("U.S.", "Inc.") only when a typical sentence-initial word follows, and
//! always at a line break. Ellipses and colons do not end sentences (as in CoreNLP).

use std::ops::Range;

use whosaid_core::{Sentence, Span, Token, TokenKind};

use crate::abbrev::{self, AbbrevClass};
use crate::chars::{char_at, is_close_bracket, is_newline, is_word_char};

/// What kind of sentence end a token may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Terminal {
    /// "."
    Period,
    /// "!", "?", "?!"…
    Bang,
    /// A word with an attached abbreviation period.
    Abbrev(AbbrevClass),
}

/// Whether the text between byte offsets `a` and `b` holds a line break.
#[inline]
pub(crate) fn newline_between(text: &str, a: usize, b: usize) -> bool {
    if b <= a {
        return false;
    }
    match text.as_bytes().get(a..b) {
        Some(g) if g.is_ascii() => g.iter().any(|&c| matches!(c, b'\n' | b'\r' | 0x0B | 0x0C)),
        Some(_) => text.get(a..b).is_some_and(|g| g.chars().any(is_newline)),
        None => false,
    }
}

fn terminal(text: &str, t: &Token) -> Option<Terminal> {
    let s = t.span.text(text);
    match t.kind {
        TokenKind::Punct => {
            if s == "." {
                Some(Terminal::Period)
            } else if !s.is_empty() && s.bytes().all(|b| b == b'!' || b == b'?') {
                Some(Terminal::Bang)
            } else {
                None
            }
        }
        TokenKind::Word if s.len() > 1 && s.ends_with('.') => {
            let w = s.strip_suffix('.').unwrap_or(s);
            if w.contains('.') {
                // acronyms ("U.S.", "D-N.Y."); single-letter-with-hyphen names stay Title-like
                Some(Terminal::Abbrev(AbbrevClass::Other))
            } else {
                let last = w.rsplit('-').next().unwrap_or(w);
                let class = abbrev::classify(w, true).or_else(|| abbrev::classify(last, true));
                Some(Terminal::Abbrev(class.unwrap_or(AbbrevClass::Other)))
            }
        }
        _ => None,
    }
}

/// Whether token `t` closes something after a sentence end (closing quote or bracket).
fn is_closer(text: &str, prev_end: usize, t: &Token) -> bool {
    let s = t.span.text(text);
    match t.kind {
        TokenKind::CloseQuote => true,
        TokenKind::OpenQuote => false,
        TokenKind::Quote => match s {
            "\u{201D}" | "\u{2019}" | "\u{BB}" | "\u{203A}" => true,
            "\"" | "'" | "''" => {
                t.span.start == prev_end && !char_at(text, t.span.end).is_some_and(is_word_char)
            }
            _ => false,
        },
        TokenKind::Punct => {
            s.chars().next().is_some_and(is_close_bracket) && s.chars().count() == 1
        }
        _ => false,
    }
}

fn starts_lowercase(text: &str, t: &Token) -> bool {
    t.span
        .text(text)
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

/// Splits `tokens` (of `text`) into sentences. Every token belongs to exactly one
/// sentence; sentences are in order and never empty.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::with_capacity(tokens.len() / 20 + 1);
    let n = tokens.len();
    let mut start = 0;
    let mut i = 0;
    while i < n {
        if i > start && newline_between(text, tokens[i - 1].span.end, tokens[i].span.start) {
            push(&mut out, tokens, start..i);
            start = i;
        }
        let Some(term) = terminal(text, &tokens[i]) else {
            i += 1;
            continue;
        };
        // absorb closing quotes and brackets on the same line
        let mut k = i + 1;
        while k < n
            && !newline_between(text, tokens[k - 1].span.end, tokens[k].span.start)
            && is_closer(text, tokens[k - 1].span.end, &tokens[k])
        {
            k += 1;
        }
        let next = tokens
            .get(k)
            .filter(|t| !newline_between(text, tokens[k - 1].span.end, t.span.start));
        let split = match (term, next) {
            (_, None) => true,
            (Terminal::Period, Some(_)) => true,
            // “Why?” he asked.  — the sentence goes on after the quotation
            (Terminal::Bang, Some(nx)) => !(k > i + 1 && starts_lowercase(text, nx)),
            (Terminal::Abbrev(AbbrevClass::Title), Some(_)) => false,
            (Terminal::Abbrev(AbbrevClass::Other), Some(nx)) => {
                nx.kind == TokenKind::Word && abbrev::is_starter(nx.span.text(text))
            }
        };
        if split {
            // a line end right after: the newline check at the next token handles it
            push(&mut out, tokens, start..k);
            start = k;
            i = k;
        } else {
            i += 1;
        }
    }
    if start < n {
        push(&mut out, tokens, start..n);
    }
    out
}

fn push(out: &mut Vec<Sentence>, tokens: &[Token], range: Range<usize>) {
    if range.is_empty() {
        return;
    }
    let (Some(first), Some(last)) = (tokens.get(range.start), tokens.get(range.end - 1)) else {
        return;
    };
    out.push(Sentence {
        span: Span::new(first.span.start, last.span.end),
        tokens: range,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize;

    fn sents(text: &str) -> Vec<&str> {
        let t = tokenize(text);
        split_sentences(text, &t)
            .iter()
            .map(|s| s.span.text(text))
            .collect()
    }

    #[test]
    fn basic() {
        assert_eq!(
            sents("He left. She stayed! Why? No."),
            ["He left.", "She stayed!", "Why?", "No."]
        );
        assert_eq!(
            sents("He said “no.” Then he left."),
            ["He said “no.”", "Then he left."]
        );
        assert_eq!(
            sents("He said \"no.\" Then (he left.) Ok"),
            ["He said \"no.\"", "Then (he left.)", "Ok"]
        );
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sents("Mr. Smith met Sen. Jones and Rep. J. Doe on Sept. 11 at 9 p.m. in D.C. today."),
            ["Mr. Smith met Sen. Jones and Rep. J. Doe on Sept. 11 at 9 p.m. in D.C. today."]
        );
        assert_eq!(sents("The U.S. Senate voted."), ["The U.S. Senate voted."]);
        assert_eq!(
            sents("He flew to the U.S. The trip was long."),
            ["He flew to the U.S.", "The trip was long."]
        );
        assert_eq!(sents("Apple Inc. It grew."), ["Apple Inc.", "It grew."]);
        assert_eq!(
            sents("He met Malcolm X. The talk was long."),
            ["He met Malcolm X.", "The talk was long."]
        );
        assert_eq!(sents("He met George W. Bush."), ["He met George W. Bush."]);
        assert_eq!(
            sents("Selma, Ala. But not Ala. voters."),
            ["Selma, Ala.", "But not Ala. voters."]
        );
    }

    #[test]
    fn lines_and_colons() {
        assert_eq!(
            sents("A Headline Without Period\nBody text here: more. End"),
            ["A Headline Without Period", "Body text here: more.", "End"]
        );
        assert_eq!(sents("He said:\n\n“Yes.”"), ["He said:", "“Yes.”"]);
        assert_eq!(
            sents("Wait… what? “Why?” he asked."),
            ["Wait… what?", "“Why?” he asked."]
        );
    }
}
