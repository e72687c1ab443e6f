//! Training of whosaid's models from PolNeAR, deterministically (fixed seeds, sorted
//! inputs, no parallelism in the weight updates), and reading the corpus files.
//!
//! Training code lives here; inference code lives in `whosaid-models`.

pub mod attribution;
pub mod error;
pub mod perceptron;
pub mod polnear;
pub mod taggers;

pub use error::{Error, Result};
