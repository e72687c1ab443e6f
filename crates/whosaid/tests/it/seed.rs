//! The founding article: the attributions the issue names, and a snapshot of the
//! whole output (reviewed with `cargo insta review`).

use serde_json::Value;

use crate::{bin, jsonl, root};

fn seed() -> Value {
    // run from the repository root with a relative path: the id (the path) is part of
    // the snapshot and must not depend on where the checkout lives
    let out = bin()
        .current_dir(root())
        .arg("extract")
        .arg("--with-text")
        .arg("examples/seed.txt")
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    jsonl(&out.stdout).remove(0)
}

fn find_with<'a>(atts: &'a [Value], source: &str, cue: &str, content: &str) -> Option<&'a Value> {
    let has = |a: &Value, role: &str, needle: &str| {
        a["text"][role].as_str().is_some_and(|t| t.contains(needle))
    };
    atts.iter()
        .find(|a| has(a, "source", source) && has(a, "cue", cue) && has(a, "content", content))
}

fn find<'a>(atts: &'a [Value], source: &str, cue: &str) -> Option<&'a Value> {
    find_with(atts, source, cue, "")
}

#[test]
fn seed_article_attributions() {
    let v = seed();
    let atts = v["attributions"].as_array().expect("list").clone();
    let expect = [
        ("media reports", "According to", "purpose of the meeting"),
        ("Haaretz", "reported", "Witkoff will now travel"),
        ("his office", "said", "hasn’t been finalized"),
        ("Some", "have said", "aid deliveries"),
        ("other reports", "say", "no progress at all"),
        ("A Palestinian official", "told", "at a standstill"),
        ("The official", "charged", "stalling policy"),
        ("Jeremy Scahill", "said", "Hamas official told him"),
        ("The official", "mentioned", "Morag Corridor"),
        ("Trump", "says", "wants a deal"),
        ("Scahill", "said", "fluid situation"),
    ];
    let mut missing = Vec::new();
    for (s, c, content) in expect {
        if find_with(&atts, s, c, content).is_none() {
            missing.push(format!(
                "{s} / {c} / {content}: found {:?}",
                find(&atts, s, c).map(|a| &a["text"])
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "missing attributions:\n{}",
        missing.join("\n")
    );
    // nesting: Scahill ← Hamas official ← US officials
    let scahill = find(&atts, "Jeremy Scahill", "said").expect("Scahill");
    let hamas = find(&atts, "Hamas official", "told").expect("nested Hamas official / told");
    assert_eq!(
        hamas["parent"], scahill["id"],
        "Hamas official nested in Scahill's claim"
    );
    let us = find(&atts, "US officials", "claims").expect("nested US officials / claims");
    assert_eq!(
        us["parent"], hamas["id"],
        "US officials nested in the Hamas official's claim"
    );
    assert!(us["text"]["content"]
        .as_str()
        .is_some_and(|c| c.contains("there was progress")));
    // Scahill's second quote is a continuation
    assert!(
        atts.iter().any(|a| a["kind"] == "continuation"
            && a["text"]["content"]
                .as_str()
                .is_some_and(|c| c.contains("The bottom line"))),
        "continuation of Scahill's quote"
    );
    assert_eq!(
        find(&atts, "media reports", "According to").map(|a| a["kind"].clone()),
        Some(Value::from("according_to"))
    );
}

#[test]
fn seed_snapshot() {
    let v = seed();
    insta::assert_json_snapshot!("seed", v);
}
