//! Integration tests for whosaid-eval: agreement with the reference scorer on
//! perturbed PolNeAR dev predictions and random documents, and property tests.

#![allow(clippy::unwrap_used)]

mod props;
mod reference;
