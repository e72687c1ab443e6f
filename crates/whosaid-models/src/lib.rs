//! Inference for whosaid's trained models: averaged-perceptron sequence models,
//! the POS and NER taggers, the attribution labeler; the versioned model file format.
//!
//! Training lives in `whosaid-train`; this crate only loads and applies models.

pub mod error;

pub use error::{Error, Result};
