//! Errors of the extraction crate.

/// Errors raised while loading models or reading input.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{file}: {source}")]
    Model {
        file: String,
        source: whosaid_models::Error,
    },
    #[error("the {model} model has labels [{found}], which this version of whosaid does not decode; rebuild it with `whosaid train attributions`")]
    Labels { model: &'static str, found: String },
    #[error("looks like a binary file ({0}), not text")]
    Binary(String),
    #[error("{0}")]
    Input(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
