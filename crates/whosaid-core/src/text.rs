//! Tokens, sentences, paragraphs and quotations of an analysed text.
//!
//! Produced by `whosaid-text`; consumed by the taggers and the extractor.

use crate::Span;

/// What kind of token this is. Quotation marks get their own kinds so that quote
/// pairing and the extractor can see them without re-reading the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters (possibly with inner apostrophes, hyphens, periods of abbreviations).
    Word,
    /// Digits, possibly with `.`, `,`, `:` or `/` inside ("1,000", "3.5", "9:30").
    Number,
    /// A quotation mark that opens a quote.
    OpenQuote,
    /// A quotation mark that closes a quote.
    CloseQuote,
    /// A quotation mark whose role could not be decided.
    Quote,
    /// Any other punctuation or symbol.
    Punct,
}

/// One token. `span` is a byte span into the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// A sentence: its byte span and the range of token indices it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub tokens: std::ops::Range<usize>,
}

/// A paragraph: its byte span and the range of sentence indices it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub span: Span,
    pub sentences: std::ops::Range<usize>,
}

/// A quotation: token index of its opening mark and, when found, of its closing mark.
///
/// A quote that runs over several paragraphs (an opening mark on each, a closing
/// mark only on the last) is one `Quote` whose `continued_at` lists the token
/// indices of the repeated opening marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub open: usize,
    pub close: Option<usize>,
    /// Nesting depth: 0 for an outer quote, 1 for a quote inside it, …
    pub depth: u8,
    pub continued_at: Vec<usize>,
    /// Byte span from the opening mark to the closing mark (inclusive of both), or to
    /// the end of the paragraph when unclosed.
    pub span: Span,
}
