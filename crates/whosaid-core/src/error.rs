//! Errors of the core crate.

/// Errors raised by the document model (offset conversion, schema checks).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("span {start}..{end} is not valid for a text of {len} bytes (or splits a character)")]
    BadSpan {
        start: usize,
        end: usize,
        len: usize,
    },
    #[error("code point span [{start}, {end}] is outside a text of {len} code points")]
    BadCharSpan {
        start: usize,
        end: usize,
        len: usize,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
