//! End-to-end tests of the `whosaid` binary: real inputs in, real outputs checked.

mod bad_input;
mod faults;
mod formats;
mod languages;
mod ledger;
mod scorer;
mod seed;
mod serve;
mod stance;

use std::path::{Path, PathBuf};

pub fn bin() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("whosaid").expect("whosaid binary is built")
}

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn shared() -> Option<PathBuf> {
    let p = root().join("../shared");
    p.join("data/polnear/dev.jsonl").is_file().then_some(p)
}

/// Parses JSON Lines output.
pub fn jsonl(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}
