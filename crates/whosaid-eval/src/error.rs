//! The crate's error type: malformed input files and inconsistent gold/prediction sets.

use std::path::PathBuf;

/// Everything that can go wrong while reading or scoring attributions.
///
/// Messages follow the reference scorer: a file problem names the file and line,
/// a span problem names the id, the attribution index and the role.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be read.
    #[error("{}: cannot open: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not UTF-8.
    #[error("{file}:{line}: invalid UTF-8")]
    Utf8 {
        /// The file name as given.
        file: String,
        /// 1-based line number of the first invalid byte.
        line: usize,
    },
    /// One line of a JSON Lines file is malformed.
    #[error("{file}:{line}{}: {reason}", id.as_ref().map(|i| format!(" (id {i})")).unwrap_or_default())]
    Line {
        /// The file name as given.
        file: String,
        /// 1-based line number.
        line: usize,
        /// The line's id when it was already known.
        id: Option<String>,
        /// What is wrong.
        reason: String,
    },
    /// A gold document carries no text.
    #[error("gold id {id:?}: missing \"text\"")]
    MissingText {
        /// The document id.
        id: String,
    },
    /// The same id appears twice in the gold or in the predictions.
    #[error("duplicate id {id:?} in {side}")]
    DuplicateId {
        /// `"gold"` or `"predictions"`.
        side: &'static str,
        /// The repeated id.
        id: String,
    },
    /// Predictions name ids that the gold does not have.
    #[error("{count} id(s) not in the gold file, e.g. {}", examples.iter().map(|e| format!("{e:?}")).collect::<Vec<_>>().join(", "))]
    UnknownIds {
        /// How many unknown ids.
        count: usize,
        /// Up to five of them, in prediction order.
        examples: Vec<String>,
    },
    /// A prediction carries a text that differs from the gold text.
    #[error("\"text\" of id {id:?} differs from the gold text")]
    TextMismatch {
        /// The document id.
        id: String,
    },
    /// A span is empty, reversed, or reaches past the end of the text.
    #[error("id {id:?} attributions[{index}].{role}: span [{start}, {end}] {}", if start >= end { "is empty or reversed (need start < end)".to_string() } else { format!("ends after the end of the text ({len} code points)") })]
    BadSpan {
        /// The document id.
        id: String,
        /// Index of the attribution in its document.
        index: usize,
        /// `source`, `cue` or `content`.
        role: &'static str,
        /// Span start (code points).
        start: usize,
        /// Span end (code points, exclusive).
        end: usize,
        /// Length of the text (code points).
        len: usize,
    },
    /// The gold set is empty.
    #[error("no gold articles")]
    NoGold,
}

/// Result with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
