//! Inference for whosaid's trained models: averaged-perceptron sequence models,
//! the POS and NER taggers, the attribution labeler; the versioned model file format.
//!
//! Training lives in `whosaid-train`; this crate only loads and applies models.

pub mod error;
pub mod features;
pub mod format;
pub mod perceptron;
pub mod taggers;

pub use error::{Error, Result};
pub use features::{hash, hash_parts, FeatureSeq, FeatureSet, Positions};
pub use format::{read_model, write_model, ModelFile, FORMAT_VERSION, OLDEST_SUPPORTED};
pub use perceptron::{Classifier, FeatureIndex, FeatureRef, SequenceModel, Workspace};
pub use taggers::{Entity, Tagger, TaggerKind, NER_LABELS};
