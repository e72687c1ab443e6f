//! Embeds the committed models when they exist (a fresh `whosaid train` can then
//! run before any model was built); see `Extractor::builtin`.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(whosaid_builtin_models)");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
    let names = ["pos.model", "ner.model", "cue.model", "role.model"];
    for n in names {
        println!("cargo::rerun-if-changed={}", dir.join(n).display());
    }
    println!("cargo::rerun-if-changed={}", dir.display());
    if names.iter().all(|n| dir.join(n).is_file()) {
        println!("cargo::rustc-cfg=whosaid_builtin_models");
    }
}
