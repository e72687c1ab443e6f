//! Embeds models/stance.model when it exists (see `stance::builtin`).

fn main() {
    println!("cargo::rustc-check-cfg=cfg(whosaid_stance_model)");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/stance.model");
    println!("cargo::rerun-if-changed={}", path.display());
    if path.is_file() {
        println!("cargo::rustc-cfg=whosaid_stance_model");
    }
}
