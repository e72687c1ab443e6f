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
    Version { found: u32, oldest: u32, newest: u32 },
    #[error("model file is corrupt: {0}")]
    Corrupt(String),
    #[error("expected a {expected} model, found a {found} model")]
    WrongKind { expected: String, found: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
