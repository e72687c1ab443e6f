//! The store keeps whole articles, skips repeats, keeps revisions, links duplicates,
//! searches, selects stories, and refuses files it does not understand.

use whosaid_core::schema::ArticleOut;
use whosaid_core::Article;
use whosaid_store::{Error, Meta, Put, Scope, SqliteStore, Store};

fn out(a: &Article) -> ArticleOut {
    ArticleOut::from_article(a, &[], false, false).expect("converts")
}

fn put(s: &mut SqliteStore, id: &str, text: &str) -> Put {
    let a = Article::new(id, text);
    s.put(&a, &Meta::default(), &out(&a)).expect("put")
}

fn long(words: &str, n: usize) -> String {
    (0..n)
        .map(|i| format!("{words}{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn repeats_revisions_and_duplicates() {
    let mut s = SqliteStore::open_in_memory().expect("store");
    let text = long("ceasefire", 60);
    let first = put(&mut s, "a", &text);
    assert!(matches!(first, Put::Inserted { .. }));
    assert_eq!(put(&mut s, "a", &text), Put::Unchanged { id: first.id() });
    let edited = format!("{text} and one more sentence about Doha.");
    let rev = put(&mut s, "a", &edited);
    assert_eq!(
        rev,
        Put::Revised {
            id: rev.id(),
            of: first.id()
        }
    );
    // same text elsewhere: an exact duplicate of the first copy
    let copy = put(&mut s, "b", &text);
    assert!(matches!(copy, Put::Duplicate { of, exact: true, .. } if of == first.id()));
    // a wire copy with a changed ending: a near duplicate
    let wire = format!("{} plus a local byline at the end", long("ceasefire", 60));
    let near = put(&mut s, "c", &wire);
    assert!(
        matches!(near, Put::Duplicate { exact: false, .. }),
        "{near:?}"
    );
    let unrelated = put(&mut s, "d", &long("election", 60));
    assert!(matches!(unrelated, Put::Inserted { .. }));
    let c = s.counts().expect("counts");
    assert_eq!(c.articles, 5);
    assert_eq!(c.duplicates, 2);
    // the whole store lists the newest revision of each key only
    let ids = s.article_ids(&Scope::All).expect("ids");
    assert_eq!(ids.len(), 4);
    assert!(!ids.contains(&first.id()));
}

#[test]
fn stories_and_search() {
    let mut s = SqliteStore::open_in_memory().expect("store");
    put(
        &mut s,
        "a",
        "Witkoff will travel to Doha for ceasefire talks.",
    );
    put(&mut s, "b", "The Morag Corridor remains the main impasse.");
    put(&mut s, "c", "Election results in Ohio.");
    s.create_story("gaza", "ceasefire OR Doha OR Morag")
        .expect("story");
    let ids = s.article_ids(&Scope::Story("gaza".into())).expect("ids");
    assert_eq!(ids.len(), 2);
    assert!(matches!(
        s.article_ids(&Scope::Story("nope".into())),
        Err(Error::NoStory(_))
    ));
    assert!(matches!(
        s.create_story("bad", "AND AND"),
        Err(Error::Query { .. })
    ));
    let hits = s.search("\"Morag Corridor\"", 10).expect("search");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].article_key, "b");
    assert!(
        hits[0].snippet.contains("[Morag Corridor]"),
        "{}",
        hits[0].snippet
    );
}

#[test]
fn reopens_and_refuses_newer_or_foreign_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("w.db");
    {
        let mut s = SqliteStore::open(&path).expect("create");
        put(&mut s, "a", "Text one.");
    }
    let s = SqliteStore::open(&path).expect("reopen");
    assert_eq!(s.counts().expect("counts").articles, 1);
    drop(s);
    // a future schema version is refused with a message naming the file
    bump_version(&path, whosaid_store::SCHEMA_VERSION + 1);
    let err = SqliteStore::open(&path).expect_err("too new");
    assert!(err.to_string().contains("newer than this whosaid"), "{err}");
    assert!(err.to_string().contains("w.db"), "{err}");
    // an SQLite file that is not ours
    let other = dir.path().join("other.db");
    std::fs::write(&other, b"").expect("write");
    foreign_table(&other);
    let err = SqliteStore::open(&other).expect_err("foreign");
    assert!(err.to_string().contains("not a whosaid store"), "{err}");
}

/// Sets `PRAGMA user_version` through the store's own connection.
fn bump_version(path: &std::path::Path, v: u32) {
    let s = SqliteStore::open(path).expect("open");
    s.raw(&format!("PRAGMA user_version = {v}")).expect("bump");
}

fn foreign_table(path: &std::path::Path) {
    let s = SqliteStore::open_unchecked(path).expect("open");
    s.raw("CREATE TABLE t (x)").expect("create");
}

#[test]
fn whole_articles_similar_claims_and_the_change_marker() {
    use whosaid_core::{Attribution, AttributionKind, Span};
    let mut s = SqliteStore::open_in_memory().expect("store");
    let before = s.marker().expect("marker");
    let text = "Officials said the crossing at Rafah will reopen on Monday.";
    let a = Article::new("rafah", text);
    let attr = Attribution {
        id: 0,
        source: vec![Span::new(0, 9)],
        cue: vec![Span::new(10, 14)],
        content: vec![Span::new(15, text.len() - 1)],
        kind: AttributionKind::Indirect,
        parent: None,
        continues: None,
        confidence: 0.9,
    };
    let out = ArticleOut::from_article(&a, &[attr], false, true).expect("converts");
    let id = s.put(&a, &Meta::default(), &out).expect("put").id();
    let after = s.marker().expect("marker");
    assert_ne!(before, after);
    let got = s.article(id).expect("read").expect("found");
    assert_eq!(got.text, text);
    assert_eq!(got.row.key, "rafah");
    assert_eq!(got.attributions, out.attributions);
    assert!(s.article(id + 100).expect("read").is_none());
    // FTS operators and quotes in the claim text are read as words
    let similar = s
        .similar_claims("the \"Rafah\" crossing OR NEAR( reopen", 10)
        .expect("similar");
    assert_eq!(similar.len(), 1);
    assert!(similar[0].content.contains("crossing at Rafah"));
    assert!(s.similar_claims("?? !!", 10).expect("no words").is_empty());
    s.create_story("rafah", "Rafah").expect("story");
    assert_ne!(s.marker().expect("marker"), after);
}
