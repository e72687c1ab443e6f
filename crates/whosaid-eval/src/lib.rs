//! Attribution scoring (exact / overlap / token P, R, F1), agreeing with the reference
//! scorer `score-attributions` to the last digit.
//!
//! * [`input`]: JSON Lines reading and validation ([`Doc`], [`Attr`], [`read_jsonl`]).
//! * [`scorer`]: [`score`] (and [`score_grouped`]) over gold and predicted documents.
//! * [`scores`]: the resulting counts ([`Scores`], [`Counts`]) and their table / JSON.
//! * `matching`: span sets and greedy one-to-one matching; `chars`: Python-compatible
//!   character classes.
//!
//! **API boundary:** no printing and no process exit here; the CLI renders
//! [`Scores::to_table`] or [`Scores::to_json`] and maps [`Error`] to an exit code.

mod chars;
pub mod error;
pub mod input;
mod matching;
pub mod scorer;
pub mod scores;

pub use error::{Error, Result};
pub use input::{drop_nested, parse_field, parse_jsonl, read_field, read_jsonl, Attr, Doc, ROLES};
pub use scorer::{score, score_grouped};
pub use scores::{Counts, Groups, Metric, Scores, Target};

/// Python's `str.isalnum()` for one character: the scorer's "word" class.
pub fn is_word_char(c: char) -> bool {
    chars::is_word(c)
}

/// Python's `str.isspace()` for one character: the scorer's "whitespace" class.
pub fn is_space_char(c: char) -> bool {
    chars::is_space(c)
}
