//! Errors of the stance crate.

use std::path::PathBuf;

/// Everything that can go wrong reading data, training, or loading / saving a model.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{path}: cannot open: {source}")]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    #[error("{what}: bad CSV: {source}")]
    Csv { what: String, source: csv::Error },
    #[error("{what}: header lacks column {column:?} (found {found})")]
    MissingColumn {
        what: String,
        column: &'static str,
        found: String,
    },
    #[error("{what}:{line}: expected {expected} fields, got {got}")]
    ShortRow {
        what: String,
        line: u64,
        expected: usize,
        got: usize,
    },
    #[error(
        "{what}:{line}: unknown stance {value:?} (expected agree, disagree, discuss or unrelated)"
    )]
    UnknownStance {
        what: String,
        line: u64,
        value: String,
    },
    #[error("{what}:{line}: row has no Stance label, but labels are required here")]
    MissingStance { what: String, line: u64 },
    #[error("{what}:{line}: empty Body ID")]
    EmptyBodyId { what: String, line: u64 },
    #[error("{what}:{line}: Body ID {id:?} occurs twice")]
    DuplicateBody { what: String, line: u64, id: String },
    #[error("pair {index} (headline {headline:?}) refers to Body ID {id:?}, which is not in the bodies file")]
    UnknownBody {
        index: usize,
        headline: String,
        id: String,
    },
    #[error("{0} pairs but {1} predictions")]
    LengthMismatch(usize, usize),
    #[error("cannot train: {0}")]
    Training(String),
    #[error("not a whosaid-stance model file (bad magic bytes; expected {expected:?})")]
    BadMagic { expected: &'static str },
    #[error("stance model file format version {found} is not supported (this build reads version {supported} only); retrain it with `whosaid-stance train`")]
    Version { found: u32, supported: u32 },
    #[error("stance model file is truncated (while reading {0})")]
    Truncated(&'static str),
    #[error("stance model file checksum mismatch (stored {stored:#010x}, computed {computed:#010x}): the file is damaged; retrain it with `whosaid-stance train`")]
    Checksum { stored: u32, computed: u32 },
    #[error("invalid stance model: {0}")]
    Invalid(String),
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
