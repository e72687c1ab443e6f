//! Bad input and faults in the story ledger: malformed HTML and XML, a feed with
//! 10,000 items, a full disk, a read-only store, two ingests at once. Each gets clear
//! messages, nothing half-written, and a store that passes SQLite's integrity check.

use std::path::Path;
use std::process::{Command, Output};

use crate::bin;

fn ingest(db: &Path, inputs: &[&Path]) -> Output {
    bin()
        .arg("ingest")
        .args(inputs)
        .arg("--db")
        .arg(db)
        .output()
        .expect("runs")
}

fn count(db: &Path) -> i64 {
    use whosaid_store::Store;
    whosaid_store::SqliteStore::open(db)
        .expect("opens")
        .counts()
        .expect("counts")
        .articles
}

/// `PRAGMA integrity_check` through the store's own opening path.
fn integrity(db: &Path) {
    let s = whosaid_store::SqliteStore::open(db).expect("opens");
    s.raw("CREATE TEMP TABLE ic AS SELECT * FROM pragma_integrity_check")
        .expect("integrity check runs");
}

#[test]
fn malformed_html_and_xml_and_a_huge_feed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(
        d.join("broken.html"),
        "<html><head><title>Talks<body><div><p>Officials said the talks in Doha <b>will <i>resume</b> on Monday.<p>“We are close,” a Hamas official said.<div><<<>>>&&&;",
    )
    .expect("write");
    std::fs::write(
        d.join("truncated.xml"),
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Cut</title><item><title>One</title><description>Officials said",
    )
    .expect("write");
    let mut feed = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Huge Feed</title>",
    );
    for i in 0..10_000 {
        feed.push_str(&format!(
            "<item><title>Item {i}</title><link>https://example.invalid/{i}</link><description>Officials said crossing number {i} will reopen on Monday.</description></item>"
        ));
    }
    feed.push_str("</channel></rss>");
    std::fs::write(d.join("huge.xml"), feed).expect("write");
    let db = d.join("w.db");
    let out = ingest(
        &db,
        &[
            &d.join("broken.html"),
            &d.join("truncated.xml"),
            &d.join("huge.xml"),
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    // the truncated feed is named; the broken page and the 10,000 items are stored
    assert!(err.contains("truncated.xml"), "{err}");
    assert!(err.contains("10001 article(s) stored"), "{err}");
    assert_eq!(count(&db), 10_001);
    integrity(&db);
}

#[test]
fn two_ingests_at_once_both_land() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (a, b) = (d.join("a.jsonl"), d.join("b.jsonl"));
    let lines = |tag: &str| {
        (0..150)
            .map(|i| {
                serde_json::json!({
                    "id": format!("{tag}-{i}"),
                    "text": format!("Officials in {tag} said that crossing {i} of the {tag} border will reopen on Monday, a spokesperson told reporters. “We are ready,” she said.")
                })
                .to_string()
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    std::fs::write(&a, lines("north")).expect("write");
    std::fs::write(&b, lines("south")).expect("write");
    let db = d.join("w.db");
    let exe = assert_cmd::cargo::cargo_bin("whosaid");
    let spawn = |p: &Path| {
        Command::new(&exe)
            .arg("ingest")
            .arg(p)
            .arg("--db")
            .arg(&db)
            .arg("--threads")
            .arg("1")
            .output()
    };
    let (ra, rb) = std::thread::scope(|s| {
        let ha = s.spawn(|| spawn(&a));
        let hb = s.spawn(|| spawn(&b));
        (ha.join(), hb.join())
    });
    for r in [ra, rb] {
        let out = r.expect("thread").expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("150 article(s) stored"));
    }
    assert_eq!(count(&db), 300);
    integrity(&db);
}

/// Runs `f` with a small tmpfs mounted at `at`; `None` where mounting is not allowed
/// (then the test says so and checks nothing more).
fn with_tmpfs<T>(at: &Path, size: &str, f: impl FnOnce() -> T) -> Option<T> {
    std::fs::create_dir_all(at).ok()?;
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(at)
        .output()
        .ok()?
        .status
        .success();
    if !ok {
        eprintln!("no tmpfs mount here (needs root): disk-full and read-only checks skipped");
        return None;
    }
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    let _ = Command::new("umount").arg("-l").arg(at).output();
    match r {
        Ok(v) => Some(v),
        Err(p) => std::panic::resume_unwind(p),
    }
}

#[test]
fn a_full_disk_and_a_read_only_store_are_clear_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mnt = dir.path().join("small");
    let inputs = dir.path().join("in.jsonl");
    let text = "Officials said the crossing will reopen on Monday, a spokesperson told reporters. "
        .repeat(60);
    std::fs::write(
        &inputs,
        (0..400)
            .map(|i| {
                serde_json::json!({"id": format!("a{i}"), "text": format!("Report {i}. {text}")})
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .expect("write");
    with_tmpfs(&mnt, "1m", || {
        let db = mnt.join("w.db");
        let out = ingest(&db, &[&inputs]);
        let err = String::from_utf8_lossy(&out.stderr);
        // some articles fit, the rest are refused with the reason, and what is there is whole
        assert!(err.contains("full"), "{err}");
        let stored = count(&db);
        assert!(stored > 0 && stored < 400, "{stored}: {err}");
        integrity(&db);
        // every stored article has all its attributions (one transaction each)
        let out = bin()
            .args(["export", "--format", "jsonl", "--db"])
            .arg(&db)
            .output()
            .expect("export");
        let per_article = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .fold(
                std::collections::BTreeMap::<i64, usize>::new(),
                |mut m, v| {
                    *m.entry(v["article"].as_i64().unwrap_or(-1)).or_default() += 1;
                    m
                },
            );
        let first = per_article.values().next().copied().unwrap_or(0);
        assert!(per_article.values().all(|&n| n == first), "{per_article:?}");

        // now read-only: ingest refuses clearly, naming the store
        let ro = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&mnt)
            .output()
            .expect("remount");
        assert!(ro.status.success());
        let out = ingest(&db, &[&inputs]);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("w.db") && (err.contains("read-only") || err.contains("readonly")),
            "{err}"
        );
    });
}
