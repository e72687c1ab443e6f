//! Errors of the models crate.

/// Errors raised while loading or applying a model.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("i/o error reading a model: {0}")]
    Io(#[from] std::io::Error),
    #[error("not a whosaid model file (bad magic bytes)")]
    BadMagic,
    #[error("model file format version {found} is not supported (this whosaid reads versions {oldest}..={newest}); rebuild it with `whosaid train`")]
    Version {
        found: u32,
        oldest: u32,
        newest: u32,
    },
    #[error("model file is corrupt: {0}")]
    Corrupt(String),
    #[error("expected a {expected} model, found a {found} model")]
    WrongKind { expected: String, found: String },
    #[error("model file is truncated (while reading {0})")]
    Truncated(&'static str),
    #[error("model file checksum mismatch (stored {stored:#010x}, computed {computed:#010x}): the file is damaged; rebuild it with `whosaid train`")]
    Checksum { stored: u32, computed: u32 },
    #[error("model was built with feature set version {found}, this whosaid extracts version {expected}; rebuild it with `whosaid train`")]
    FeatureVersion { found: u32, expected: u32 },
    #[error("invalid model: {0}")]
    Invalid(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
