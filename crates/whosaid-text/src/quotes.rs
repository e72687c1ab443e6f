//! Quotation pairing: decides which quotation marks open and close quotes, pairs them
//! (with nesting), applies the news convention for quotes running over several
//! paragraphs, and records for every token how deeply it is quoted.
//!
//! Linear time: the stack of open quotes is capped at [`MAX_DEPTH`], and an unclosed
//! quote ends at the end of its paragraph unless the next paragraph opens with a
//! quotation mark of the same kind (then the quote continues there).

use std::ops::Range;

use whosaid_core::{Paragraph, Quote, Token, TokenKind};

use crate::chars::{
    char_at, char_before, is_dash, is_ignorable, is_open_bracket, is_quote_char, is_word_char,
};
use crate::Diagnostic;

/// Deepest nesting of quotations tracked; deeper opening marks are reported and ignored.
pub const MAX_DEPTH: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Double,
    Single,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    /// Straight quote whose context does not decide; the open quotes decide.
    Either,
}

/// Everything quote pairing computes.
#[derive(Debug, Default)]
pub(crate) struct Pairing {
    pub quotes: Vec<Quote>,
    pub depth: Vec<u8>,
    pub quote_of: Vec<Option<u32>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The family and role of token `t` if it is a quotation mark.
fn mark(text: &str, t: &Token) -> Option<(Family, Role)> {
    if !matches!(
        t.kind,
        TokenKind::Quote | TokenKind::OpenQuote | TokenKind::CloseQuote
    ) {
        return None;
    }
    let s = t.span.text(text);
    let context = || {
        let prev = char_before(text, t.span.start);
        let next = char_at(text, t.span.end);
        let open_ish = prev.is_none_or(|c| {
            is_ignorable(c)
                || is_open_bracket(c)
                || is_dash(c)
                || is_quote_char(c)
                || matches!(c, '/' | ':')
        });
        let close_ish = next.is_none_or(|c| {
            is_ignorable(c)
                || !(is_word_char(c)
                    || is_open_bracket(c)
                    || matches!(c, '$' | '#' | '@' | '\u{2026}'))
        });
        match (open_ish, close_ish) {
            (true, false) => Role::Open,
            (false, true) => Role::Close,
            _ => Role::Either,
        }
    };
    // Curly marks are trusted unless the context clearly says the opposite (typos such as
    // "criminals“ and" or "here,“ said" or "”Sorry"); then the open quotes decide.
    Some(match s {
        "\u{201C}" | "\u{201E}" | "\u{201F}" | "\u{AB}" | "``" => (
            Family::Double,
            if context() == Role::Close {
                Role::Either
            } else {
                Role::Open
            },
        ),
        "\u{201D}" | "\u{BB}" => (
            Family::Double,
            if context() == Role::Open {
                Role::Either
            } else {
                Role::Close
            },
        ),
        // some outlets (the NYT in PolNeAR) write '' for both opening and closing marks
        "\"" | "\u{FF02}" | "''" => (Family::Double, context()),
        // "Party‘s": a left single mark glued to a word is an apostrophe, not an opening
        "\u{2018}" | "\u{201A}" | "\u{201B}" | "\u{2039}" | "`" => (
            Family::Single,
            if context() == Role::Open {
                Role::Open
            } else {
                Role::Either
            },
        ),
        "\u{2019}" | "\u{203A}" => (
            Family::Single,
            if context() == Role::Open {
                Role::Open
            } else {
                Role::Close
            },
        ),
        "'" => (Family::Single, context()),
        _ => return None,
    })
}

/// Token index ranges of the paragraphs (covering all tokens, in order).
fn paragraph_ranges(tokens: &[Token], paragraphs: &[Paragraph]) -> Vec<Range<usize>> {
    let n = tokens.len();
    let mut bounds = Vec::with_capacity(paragraphs.len() + 1);
    bounds.push(0);
    let mut k = 0;
    for p in paragraphs.iter().skip(1) {
        while k < n && tokens[k].span.start < p.span.start {
            k += 1;
        }
        bounds.push(k);
    }
    bounds.push(n);
    bounds.windows(2).map(|w| w[0]..w[1]).collect()
}

/// Pairs quotation marks of `tokens` (of `text`), setting their kinds to
/// [`TokenKind::OpenQuote`], [`TokenKind::CloseQuote`] or (undecided) [`TokenKind::Quote`].
pub fn pair_quotes(text: &str, tokens: &mut [Token], paragraphs: &[Paragraph]) -> Vec<Quote> {
    pair(text, tokens, paragraphs).quotes
}

struct State<'a> {
    tokens: &'a mut [Token],
    out: Pairing,
    /// (index into `out.quotes`, family) of the open quotes, innermost last.
    stack: Vec<(usize, Family)>,
}

impl State<'_> {
    fn annotate(&mut self, i: usize, depth: usize, q: Option<usize>) {
        if let Some(d) = self.out.depth.get_mut(i) {
            *d = u8::try_from(depth).unwrap_or(u8::MAX);
        }
        if let Some(slot) = self.out.quote_of.get_mut(i) {
            *slot = q.and_then(|q| u32::try_from(q).ok());
        }
    }

    fn annotate_plain(&mut self, i: usize) {
        let top = self.stack.last().map(|&(q, _)| q);
        self.annotate(i, self.stack.len(), top);
    }

    /// Closes every open quote above stack position `keep` as unclosed, ending at `end`.
    fn abandon_above(&mut self, keep: usize, end: usize) {
        while self.stack.len() > keep {
            let Some((q, _)) = self.stack.pop() else {
                break;
            };
            if let Some(quote) = self.out.quotes.get_mut(q) {
                quote.span.end = end.max(quote.span.start);
                let span = self.tokens.get(quote.open).map_or(quote.span, |t| t.span);
                self.out.diagnostics.push(Diagnostic {
                    span,
                    message: "unclosed quotation mark".to_string(),
                });
            }
        }
    }

    /// Position in the stack of the innermost open quote `fam` may close.
    fn find(&self, fam: Family) -> Option<usize> {
        for (pos, &(_, f)) in self.stack.iter().enumerate().rev() {
            if f == fam {
                return Some(pos);
            }
            if fam == Family::Single && f == Family::Double {
                return None;
            }
        }
        None
    }

    fn open(&mut self, i: usize, fam: Family) {
        if self.stack.len() >= MAX_DEPTH {
            self.tokens[i].kind = TokenKind::Quote;
            self.out.diagnostics.push(Diagnostic {
                span: self.tokens[i].span,
                message: "quotation nested too deeply; mark ignored".to_string(),
            });
            self.annotate_plain(i);
            return;
        }
        let q = self.out.quotes.len();
        self.out.quotes.push(Quote {
            open: i,
            close: None,
            depth: u8::try_from(self.stack.len()).unwrap_or(u8::MAX),
            continued_at: Vec::new(),
            span: self.tokens[i].span,
        });
        self.stack.push((q, fam));
        self.tokens[i].kind = TokenKind::OpenQuote;
        self.annotate(i, self.stack.len(), Some(q));
    }

    fn close(&mut self, i: usize, pos: usize) {
        let prev_end = if i > 0 {
            self.tokens[i - 1].span.end
        } else {
            self.tokens[i].span.start
        };
        self.abandon_above(pos + 1, prev_end);
        let Some((q, _)) = self.stack.pop() else {
            return;
        };
        let depth = self.stack.len() + 1;
        if let Some(quote) = self.out.quotes.get_mut(q) {
            quote.close = Some(i);
            quote.span.end = self.tokens[i].span.end;
        }
        self.tokens[i].kind = TokenKind::CloseQuote;
        self.annotate(i, depth, Some(q));
    }
}

/// Full pairing: quotes plus per-token depth, enclosing quote and diagnostics.
pub(crate) fn pair(text: &str, tokens: &mut [Token], paragraphs: &[Paragraph]) -> Pairing {
    let n = tokens.len();
    let ranges = paragraph_ranges(tokens, paragraphs);
    let mut st = State {
        out: Pairing {
            depth: vec![0; n],
            quote_of: vec![None; n],
            ..Pairing::default()
        },
        tokens,
        stack: Vec::new(),
    };
    // a continuation mark at the start of the next paragraph, already handled
    let mut skip: Option<usize> = None;
    for (pi, r) in ranges.iter().enumerate() {
        for i in r.clone() {
            if skip == Some(i) {
                continue;
            }
            let Some((fam, role)) = mark(text, &st.tokens[i]) else {
                st.annotate_plain(i);
                continue;
            };
            let target = st.find(fam);
            let role = match role {
                Role::Either if target.is_some() => Role::Close,
                Role::Either if fam == Family::Double => Role::Open,
                r => r,
            };
            match (role, target) {
                (Role::Open, _) => st.open(i, fam),
                (Role::Close, Some(pos)) => st.close(i, pos),
                _ => {
                    st.tokens[i].kind = TokenKind::Quote;
                    if fam == Family::Double {
                        st.out.diagnostics.push(Diagnostic {
                            span: st.tokens[i].span,
                            message: "unmatched closing quotation mark".to_string(),
                        });
                    }
                    st.annotate_plain(i);
                }
            }
        }
        skip = None;
        if st.stack.is_empty() {
            continue;
        }
        // end of paragraph with open quotes
        let para_end = if r.is_empty() {
            0
        } else {
            st.tokens[r.end - 1].span.end
        };
        let next_first = ranges
            .get(pi + 1)
            .filter(|r2| !r2.is_empty())
            .map(|r2| r2.start);
        let bottom = st.stack[0];
        let continues = next_first.filter(|&j| {
            matches!(mark(text, &st.tokens[j]), Some((f, Role::Open | Role::Either)) if f == bottom.1)
        });
        match continues {
            Some(j) => {
                st.abandon_above(1, para_end);
                if let Some(quote) = st.out.quotes.get_mut(bottom.0) {
                    quote.continued_at.push(j);
                    quote.span.end = para_end;
                }
                st.tokens[j].kind = TokenKind::OpenQuote;
                st.annotate(j, 1, Some(bottom.0));
                skip = Some(j);
            }
            None => st.abandon_above(0, para_end),
        }
    }
    st.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze;

    fn quoted(text: &str) -> Vec<String> {
        let a = analyze(text);
        a.quotes
            .iter()
            .map(|q| q.span.text(text).to_string())
            .collect()
    }

    #[test]
    fn curly_and_straight() {
        assert_eq!(quoted("He said “yes” and ‘no’."), ["“yes”", "‘no’"]);
        assert_eq!(
            quoted("He said \"yes,\" then \"no.\""),
            ["\"yes,\"", "\"no.\""]
        );
        assert_eq!(quoted("``Yes,'' he said."), ["``Yes,''"]);
    }

    #[test]
    fn nested() {
        let text = "“He said ‘never’ to me,” she said. \"A 'b' c\"";
        let a = analyze(text);
        let q: Vec<(&str, u8)> = a
            .quotes
            .iter()
            .map(|q| (q.span.text(text), q.depth))
            .collect();
        assert_eq!(
            q,
            [
                ("“He said ‘never’ to me,”", 0),
                ("‘never’", 1),
                ("\"A 'b' c\"", 0),
                ("'b'", 1)
            ]
        );
        let never = a.tokens.iter().position(|t| t.span.text(text) == "never");
        assert_eq!(never.map(|i| a.quote_depth[i]), Some(2));
        assert_eq!(never.and_then(|i| a.quote_of[i]), Some(1));
        // “ inside “ nests by depth
        let text = "“A “B” C”";
        let a = analyze(text);
        assert_eq!(a.quotes.len(), 2);
        assert_eq!(a.quotes[1].depth, 1);
        assert_eq!(a.quotes[0].span.text(text), text);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        let text = "The parents’ rights and Gaza’s ‘90s. It hasn’t.";
        let a = analyze(text);
        assert!(a.quote_depth.iter().all(|&d| d == 0 || d == 1));
        assert!(a
            .diagnostics
            .iter()
            .all(|d| !d.message.contains("unmatched")));
        let its = a.tokens.iter().position(|t| t.span.text(text) == "It");
        assert_eq!(its.map(|i| a.quote_depth[i]), Some(0));
    }

    #[test]
    fn reversed_curly_marks() {
        assert_eq!(quoted("called them “criminals“ and left."), ["“criminals“"]);
        assert_eq!(
            quoted("“Not here,“ he said. ”Sorry,” she said."),
            ["“Not here,“", "”Sorry,”"]
        );
        let a = analyze("the Party‘s nominee");
        assert!(
            a.quotes.is_empty() && a.diagnostics.is_empty(),
            "{:?}",
            a.quotes
        );
    }

    #[test]
    fn unclosed_ends_at_paragraph() {
        let text = "He said “this never ends.\nNext paragraph is outside.";
        let a = analyze(text);
        assert_eq!(a.quotes.len(), 1);
        assert_eq!(a.quotes[0].close, None);
        assert_eq!(a.quotes[0].span.text(text), "“this never ends.");
        let next = a.tokens.iter().position(|t| t.span.text(text) == "Next");
        assert_eq!(next.map(|i| a.quote_depth[i]), Some(0));
        assert_eq!(a.diagnostics.len(), 1);
        assert_eq!(a.diagnostics[0].message, "unclosed quotation mark");
    }

    #[test]
    fn news_convention() {
        let text =
            "He said: “First part.\n\n“Second part.\n\n“Third part,” he added. Outside.\n\nAfter.";
        let a = analyze(text);
        assert_eq!(a.quotes.len(), 1, "{:?}", a.quotes);
        let q = &a.quotes[0];
        assert_eq!(q.continued_at.len(), 2);
        assert!(q.close.is_some());
        assert_eq!(
            q.span.text(text),
            "“First part.\n\n“Second part.\n\n“Third part,”"
        );
        for w in ["Second", "Third"] {
            let i = a.tokens.iter().position(|t| t.span.text(text) == w);
            assert_eq!(
                i.map(|i| (a.quote_depth[i], a.quote_of[i])),
                Some((1, Some(0)))
            );
        }
        for w in ["Outside", "After"] {
            let i = a.tokens.iter().position(|t| t.span.text(text) == w);
            assert_eq!(i.map(|i| a.quote_depth[i]), Some(0));
        }
        assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
        for &c in &q.continued_at {
            assert_eq!(a.tokens[c].kind, TokenKind::OpenQuote);
        }
    }

    #[test]
    fn many_unclosed_is_linear_and_reported() {
        let text = "“a ".repeat(5000);
        let a = analyze(&text);
        assert!(!a.diagnostics.is_empty());
        assert!(a.quote_depth.iter().all(|&d| usize::from(d) <= MAX_DEPTH));
        let text = "“a\n\n".repeat(5000);
        let a = analyze(&text);
        assert_eq!(a.quotes.len(), 1);
        assert_eq!(a.quotes[0].continued_at.len(), 4999);
    }
}
