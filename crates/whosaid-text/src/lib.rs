//! Tokenizer, sentence splitter, paragraphs and quotation pairing with exact offsets.
//!
//! Everything here is a pure function of the text: no I/O, no panics on any `&str`,
//! linear time, and no allocation per token beyond the output vectors. Offsets are byte
//! offsets into the text ([`whosaid_core::Span`]).
//!
//! [`analyze`] runs the whole pipeline: [`tokenize`] → [`split_sentences`] →
//! [`paragraphs`] → [`pair_quotes`]. Tokens follow Penn Treebank / Stanford CoreNLP
//! conventions closely, because the taggers downstream are trained on CoreNLP tokens.

mod abbrev;
mod chars;
mod paragraphs;
mod quotes;
mod sentences;
mod tokenize;

pub use paragraphs::paragraphs;
pub use quotes::{pair_quotes, MAX_DEPTH};
pub use sentences::split_sentences;
pub use tokenize::tokenize;

use whosaid_core::{Paragraph, Quote, Sentence, Span, Token};

/// A problem found in the text (not an error: the analysis is still complete).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub span: Span,
    /// e.g. "unclosed quotation mark"
    pub message: String,
}

/// The result of [`analyze`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub paragraphs: Vec<Paragraph>,
    pub quotes: Vec<Quote>,
    /// per token: how many quotations enclose it (0 = outside; quote marks count as inside their own quote)
    pub quote_depth: Vec<u8>,
    /// per token: index into `quotes` of the innermost enclosing quote
    pub quote_of: Vec<Option<u32>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Tokenizes `text`, splits sentences and paragraphs, and pairs quotation marks.
pub fn analyze(text: &str) -> Analysis {
    let mut tokens = tokenize(text);
    let sentences = split_sentences(text, &tokens);
    let paragraphs = paragraphs(text, &sentences);
    let pairing = quotes::pair(text, &mut tokens, &paragraphs);
    Analysis {
        tokens,
        sentences,
        paragraphs,
        quotes: pairing.quotes,
        quote_depth: pairing.depth,
        quote_of: pairing.quote_of,
        diagnostics: pairing.diagnostics,
    }
}
