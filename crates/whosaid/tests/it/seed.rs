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

/// The speaker, chain and certainty of one attribution, as one line.
fn line(a: &Value) -> String {
    let sp = &a["speaker"];
    let chain: Vec<String> = a["chain"]
        .as_array()
        .map(|c| {
            c.iter()
                .map(|l| {
                    format!(
                        "{}:{}",
                        l["role"].as_str().unwrap_or(""),
                        l["name"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    format!(
        "#{} {} [{}/{}{}] {} | {}",
        a["id"],
        sp["name"].as_str().unwrap_or("-"),
        sp["form"].as_str().unwrap_or("-"),
        sp["type"].as_str().unwrap_or("-"),
        sp["affiliation"]
            .as_str()
            .map(|x| format!("; {x}"))
            .unwrap_or_default(),
        chain.join(" → "),
        a["certainty"]["label"].as_str().unwrap_or("-"),
    )
}

#[test]
fn seed_speakers_chains_certainty() {
    let v = seed();
    let atts = v["attributions"].as_array().expect("list").clone();
    let speaker = |a: &Value| a["speaker"]["name"].as_str().unwrap_or("").to_string();
    let kind = |a: &Value| a["speaker"]["type"].as_str().unwrap_or("").to_string();
    let label = |a: &Value| a["certainty"]["label"].as_str().unwrap_or("").to_string();
    let roles = |a: &Value| -> Vec<(String, String)> {
        a["chain"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|l| {
                (
                    l["role"].as_str().unwrap_or("").to_string(),
                    l["name"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    // Hamas official (anonymous; Hamas) → told Jeremy Scahill → post on X → this article
    let hamas = find(&atts, "Hamas official", "told").expect("Hamas official");
    assert_eq!(kind(hamas), "anonymous");
    assert_eq!(hamas["speaker"]["affiliation"], "Hamas");
    assert_eq!(hamas["recipient"]["name"], "Jeremy Scahill");
    assert_eq!(
        roles(hamas),
        [
            ("speaker", "Hamas official"),
            ("recipient", "Jeremy Scahill"),
            ("medium", "post on X"),
            ("article", "this article"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(label(hamas), "asserted");
    // US officials (unnamed group) → relayed by the Hamas official, who disputes it
    let us = find(&atts, "US officials", "claims").expect("US officials");
    assert_eq!(kind(us), "unnamed_group");
    assert_eq!(label(us), "disputed");
    assert_eq!(us["certainty"]["parent_view"], "disputed");
    assert_eq!(us["certainty"]["cue_stance"], "claim");
    let r = roles(us);
    assert_eq!(
        r.get(1),
        Some(&("relay".to_string(), "Hamas official".to_string()))
    );
    assert!(r.iter().any(|(_, n)| n == "Jeremy Scahill"), "{r:?}");
    // Steve Witkoff's office → this article: "the trip hasn't been finalized"
    let office = find(&atts, "his office", "said").expect("his office");
    assert_eq!(speaker(office), "Steve Witkoff’s office");
    assert_eq!(office["speaker"]["form"], "description");
    assert_eq!(office["certainty"]["negated"], true);
    assert_eq!(office["certainty"]["modality"], "uncertain");
    // Jeremy Scahill with his title and outlet; the Palestinian official told an outlet
    let scahill = find(&atts, "Jeremy Scahill", "said").expect("Scahill");
    assert_eq!(scahill["speaker"]["title"], "Drop Site News reporter");
    assert_eq!(scahill["medium"]["name"], "post on X");
    let pal = find(&atts, "A Palestinian official", "told").expect("Palestinian official");
    assert_eq!(kind(pal), "anonymous");
    assert_eq!(pal["recipient"]["name"], "Asharq News");
    // "The official charged" is the Palestinian official again; "The official also
    // mentioned" the Hamas official
    let charged = find(&atts, "The official", "charged").expect("charged");
    assert_eq!(
        charged["speaker"]["antecedent"],
        pal["speaker"]["antecedent"]
    );
    let mentioned = find(&atts, "The official", "mentioned").expect("mentioned");
    assert_eq!(
        mentioned["speaker"]["antecedent"],
        hamas["speaker"]["antecedent"]
    );
    // "other reports say there has been no progress at all"
    let reports = find(&atts, "other reports", "say").expect("other reports");
    assert_eq!(kind(reports), "unnamed_reports");
    assert_eq!(reports["certainty"]["negated"], true);
    // Haaretz: Witkoff "will now travel" is a plan
    let haaretz = find(&atts, "Haaretz", "reported").expect("Haaretz");
    assert_eq!(label(haaretz), "planned");
    // entities keep titles and affiliations apart from names
    let ents = v["entities"].as_array().expect("entities");
    let netanyahu = ents
        .iter()
        .find(|e| e["name"] == "Benjamin Netanyahu")
        .expect("Netanyahu entity");
    assert!(netanyahu["titles"]
        .as_array()
        .is_some_and(|t| t.iter().any(|x| x == "Israeli Prime Minister")));
    assert!(ents
        .iter()
        .any(|e| e["name"] == "Haaretz" && e["kind"] == "outlet"));
    // anonymous and unnamed sources are counted
    assert!(v["sources"]["anonymous"].as_u64().unwrap_or(0) >= 3);
    assert!(v["sources"]["unnamed"].as_u64().unwrap_or(0) >= 3);
    let lines: Vec<String> = atts.iter().map(line).collect();
    insta::assert_snapshot!("seed_speakers", lines.join("\n"));
}
