//! Stance of a news article body towards a headline — agree, disagree, discuss or
//! unrelated — as in the Fake News Challenge stage 1 (FNC-1).
//!
//! A two-stage model with hand-rolled learners (no external ML runtime):
//!
//! 1. related vs unrelated — gradient-boosted trees on lexical overlap features
//!    (TF-IDF cosines, word / bigram / character 4-gram overlap, BM25, names, numbers);
//! 2. agree / disagree / discuss — a softmax logistic regression on hashed lexical features
//!    stacked (out-of-fold) with cue-word, negation and overlap features into boosted trees;
//!
//! then the label with the highest expected FNC-1 score. See `MODEL.md` for the features,
//! the cross-validation protocol and the measured scores.
//!
//! ```no_run
//! use whosaid_stance::{read_bodies, read_pairs, Labels, StanceModel, TrainConfig};
//! # fn main() -> whosaid_stance::Result<()> {
//! let bodies = read_bodies("train_bodies.csv")?;
//! let pairs = read_pairs("train_stances.csv", Labels::Require)?;
//! let model = StanceModel::train(&pairs, &bodies, &TrainConfig::default(), 42)?;
//! model.save("stance.model")?;
//! let stance = model.predict("Man bites dog", "A man bit a dog on Tuesday, police said.");
//! println!("{stance}");
//! # Ok(()) }
//! ```

pub mod cv;
pub mod data;
pub mod error;
pub mod features;
pub mod format;
pub mod gbdt;
pub mod linear;
pub mod model;
pub mod rng;
pub mod text;

pub use cv::{assign_folds, cross_validate, decide_all, fnc_score, Score, Split};
pub use data::{
    check_bodies, read_bodies, read_bodies_from, read_pairs, read_pairs_from, write_predictions,
    write_predictions_file, Bodies, Labels, Pair, Stance,
};
pub use error::{Error, Result};
pub use format::{FORMAT_VERSION, MAGIC};
pub use gbdt::GbdtParams;
pub use linear::LrParams;
pub use model::{Decision, Probs, Stage2Kind, StanceModel, TrainConfig};
