//! Errors of the training crate.

/// Errors raised while reading corpora or training.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}, line {line}: {message}")]
    Parse {
        path: String,
        line: usize,
        message: String,
    },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Model(#[from] whosaid_models::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
