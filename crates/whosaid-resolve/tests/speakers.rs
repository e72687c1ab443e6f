//! Speaker-resolution accuracy on the two hand-checked PolNeAR dev sets
//! (`fixtures/speakers-dev.jsonl`, `fixtures/speakers-dev-b.jsonl`) stays above its
//! floors. The article texts come from
//! `../shared/data/polnear/dev.jsonl` (not committed); without it the test says so
//! and passes, as the CI machine always has it.

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fixture file, its row count and the accuracy floor of each source form.
type Set = (&'static str, usize, [(&'static str, f64); 5]);

#[test]
fn resolution_accuracy_stays_above_floors() {
    let dev = std::env::var_os("WHOSAID_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"))
        .join("data/polnear/dev.jsonl");
    if !dev.exists() {
        eprintln!("{} not found: speaker accuracy not measured", dev.display());
        return;
    }
    let ex = whosaid_extract::Extractor::builtin().expect("built-in models");
    let resolver = whosaid_resolve::Resolver::default();
    // floors a little under what was measured (see crates/whosaid-resolve/fixtures/README.md)
    let sets: [Set; 2] = [
        (
            "speakers-dev.jsonl",
            328,
            [
                ("all", 0.86),
                ("named", 0.95),
                ("anonymous", 0.90),
                ("pronoun", 0.76),
                ("description", 0.54),
            ],
        ),
        (
            "speakers-dev-b.jsonl",
            302,
            [
                ("all", 0.79),
                ("named", 0.86),
                ("anonymous", 0.75),
                ("pronoun", 0.82),
                ("description", 0.36),
            ],
        ),
    ];
    for (file, rows, floors) in sets {
        let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(file);
        let report =
            whosaid_resolve::score::evaluate(&ex, &resolver, &dev, &fixture).expect("scores");
        assert_eq!(
            report.by_form.get("all").map(|x| x.1),
            Some(rows),
            "{file} rows"
        );
        for (form, floor) in floors {
            let acc = report.accuracy(form);
            assert!(
                acc >= floor,
                "{file} {form}: {:.1}% < {:.0}%\n{}",
                100.0 * acc,
                100.0 * floor,
                report.errors.join("\n")
            );
        }
    }
}
