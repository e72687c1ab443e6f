//! Articles not in English: `ingest` stores them with their language and without
//! attributions, says so per article and in its summary; a language given in JSON
//! Lines wins over detection; `extract` warns but still runs.

use std::path::{Path, PathBuf};

use whosaid_store::{Scope, SqliteStore, Store};

use crate::{bin, jsonl, root};

fn fixture(name: &str) -> PathBuf {
    root().join("crates/whosaid/tests/fixtures").join(name)
}

const FR: &str = "greve-lyon.fr.txt";
const ES: &str = "huertos-valencia.es.txt";

fn ingest(db: &Path, inputs: &[&Path]) -> String {
    let out = bin()
        .arg("ingest")
        .args(inputs)
        .arg("--db")
        .arg(db)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    err
}

/// Each stored article's key (file name only), language and attribution count.
fn stored(db: &Path) -> Vec<(String, Option<String>, usize)> {
    let s = SqliteStore::open(db).expect("opens");
    let mut v: Vec<_> = s
        .articles(&Scope::All)
        .expect("articles")
        .into_iter()
        .map(|row| {
            let full = s.article(row.id).expect("reads").expect("found");
            let name = Path::new(&row.key)
                .file_name()
                .map_or(row.key.clone(), |n| n.to_string_lossy().into_owned());
            (name, row.language, full.attributions.len())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn french_and_spanish_articles_are_stored_without_attributions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).expect("mkdir");
    std::fs::copy(root().join("examples/seed.txt"), inputs.join("seed.txt")).expect("seed");
    for f in [FR, ES] {
        std::fs::copy(fixture(f), inputs.join(f)).expect("fixture");
    }
    let db = dir.path().join("w.db");
    let err = ingest(&db, &[&inputs]);
    assert!(
        err.contains(&format!("{FR}: French (fr): attributions are only extracted from English text; stored without attributions")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{ES}: Spanish (es): attributions are only extracted from English text; stored without attributions")),
        "{err}"
    );
    assert!(!err.contains("seed.txt:"), "{err}");
    assert!(
        err.contains("3 article(s) stored")
            && err.contains("0 failed; 2 stored without analysis (not English)"),
        "{err}"
    );

    let rows = stored(&db);
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows[0].0, FR);
    assert_eq!((rows[0].1.as_deref(), rows[0].2), (Some("fr"), 0));
    assert_eq!(rows[1].0, ES);
    assert_eq!((rows[1].1.as_deref(), rows[1].2), (Some("es"), 0));
    assert_eq!(rows[2].0, "seed.txt");
    assert_eq!(rows[2].1.as_deref(), Some("en"));
    assert!(rows[2].2 > 10, "{rows:?}");
    // so every claim comes from the English article
    let s = SqliteStore::open(&db).expect("opens");
    let claims = s.claims(&Scope::All).expect("claims");
    assert!(!claims.is_empty());
    assert!(claims.iter().all(|c| c.article_key.ends_with("seed.txt")));
    drop(s);

    // a second run stores nothing and has nothing to say about them
    let err = ingest(&db, &[&inputs]);
    assert!(
        err.contains("0 article(s) stored") && err.contains("3 unchanged"),
        "{err}"
    );
    assert!(!err.contains("not English"), "{err}");
    assert!(!err.contains("stored without attributions"), "{err}");
}

#[test]
fn a_language_given_in_json_lines_wins_over_detection() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fr = std::fs::read_to_string(fixture(FR)).expect("fixture");
    let en = "The mayor said on Monday that the bridge would reopen in May. \
              “We have waited long enough,” a resident told reporters.";
    let lines = [
        serde_json::json!({ "id": "en-marked-de", "text": en, "language": "de" }),
        serde_json::json!({ "id": "fr-marked-en", "text": fr, "lang": "EN" }),
        serde_json::json!({ "id": "en-unmarked", "text": en.replace("Monday", "Tuesday") }),
    ];
    let path = dir.path().join("a.jsonl");
    std::fs::write(
        &path,
        lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
    )
    .expect("write");
    let db = dir.path().join("w.db");
    let err = ingest(&db, &[&path]);
    assert!(
        err.contains(
            "en-marked-de: German (de): attributions are only extracted from English text"
        ),
        "{err}"
    );
    assert!(!err.contains("fr-marked-en:"), "{err}");
    assert!(
        err.contains("3 article(s) stored")
            && err.contains("1 stored without analysis (not English)"),
        "{err}"
    );
    let rows = stored(&db);
    let get = |k: &str| {
        rows.iter()
            .find(|r| r.0 == k)
            .unwrap_or_else(|| panic!("{k} in {rows:?}"))
    };
    assert_eq!(get("en-marked-de").1.as_deref(), Some("de"));
    assert_eq!(get("en-marked-de").2, 0);
    assert_eq!(get("fr-marked-en").1.as_deref(), Some("en"));
    assert_eq!(get("en-unmarked").1.as_deref(), Some("en"));
    assert!(get("en-unmarked").2 > 0, "{rows:?}");
}

#[test]
fn extract_warns_about_a_french_file_but_still_extracts() {
    let out = bin()
        .arg("extract")
        .arg(fixture(FR))
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!(
            "{FR} looks like French (fr); the models read English, results will be poor"
        )),
        "{err}"
    );
    let records = jsonl(&out.stdout);
    assert_eq!(records.len(), 1);
    assert!(records[0]["id"].as_str().is_some_and(|id| id.ends_with(FR)));
    // English: no warning
    let out = bin()
        .arg("extract")
        .arg(root().join("examples/seed.txt"))
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("warning"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
