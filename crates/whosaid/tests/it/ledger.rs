//! The story ledger end to end: ingest mixed inputs into a store, re-ingest, stories,
//! claims, conflicts, sources, search, export; and a kill -9 mid-ingest leaves only
//! whole articles.

use std::path::Path;

use serde_json::Value;

use crate::{bin, jsonl, root};

fn run(db: &Path, args: &[&str]) -> std::process::Output {
    let out = bin().args(args).arg("--db").arg(db).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn fixtures(dir: &Path) {
    std::fs::copy(root().join("examples/seed.txt"), dir.join("seed.txt")).expect("copy seed");
    std::fs::write(
        dir.join("page.html"),
        r#"<html><head><meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2025-07-09T08:00:00Z"><title>Talks</title></head>
<body><nav>Menu</nav><article><p>Hamas said on Tuesday that there has been progress in the Doha talks.</p>
<p>“We are close,” a Hamas official told reporters.</p></article></body></html>"#,
    )
    .expect("write html");
    std::fs::write(
        dir.join("feed.xml"),
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Feed Outlet</title>
<item><title>Witkoff trip</title><link>https://example.org/trip</link>
<description>The White House said Witkoff will travel to Doha on Thursday, officials said.</description>
<pubDate>Wed, 09 Jul 2025 10:00:00 GMT</pubDate></item></channel></rss>"#,
    )
    .expect("write feed");
    std::fs::write(
        dir.join("broken.jsonl"),
        "{\"id\":\"j1\",\"text\":\"Officials said the crossing will reopen.\"}\nnot json\n",
    )
    .expect("write jsonl");
}

#[test]
fn ingest_query_and_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).expect("mkdir");
    fixtures(&inputs);
    let db = dir.path().join("store/w.db");
    let out = run(&db, &["ingest", inputs.to_str().expect("utf-8 path")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("4 article(s) stored"), "{err}");
    assert!(
        err.contains("1 failed") && err.contains("broken.jsonl:2"),
        "{err}"
    );
    // a second run changes nothing
    let out = run(&db, &["ingest", inputs.to_str().expect("utf-8 path")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("0 article(s) stored") && err.contains("4 unchanged"),
        "{err}"
    );

    run(
        &db,
        &[
            "story",
            "create",
            "gaza",
            "--query",
            "ceasefire OR Doha OR Witkoff",
        ],
    );
    let stories = jsonl(&run(&db, &["story", "list", "--format", "jsonl"]).stdout);
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0]["name"], "gaza");

    // the seed's "there was progress" (US officials, via the Hamas official) against
    // "there has been no progress at all" (other reports)
    let conflicts = jsonl(&run(&db, &["conflicts", "gaza", "--format", "jsonl"]).stdout);
    let progress = conflicts.iter().find(|c| {
        let a = c["claim"]["content"].as_str().unwrap_or("");
        let b = c["counter_claim"]["content"].as_str().unwrap_or("");
        (a.contains("no progress at all") && b.contains("there was progress"))
            || (b.contains("no progress at all") && a.contains("there was progress"))
    });
    let progress = progress.unwrap_or_else(|| panic!("no progress conflict in {conflicts:#?}"));
    assert!(progress["claim"]["chain"]
        .as_array()
        .is_some_and(|c| !c.is_empty()));

    let groups = jsonl(&run(&db, &["claims", "gaza", "--format", "jsonl"]).stdout);
    assert!(groups
        .iter()
        .all(|g| g["group"]["independent_origins"].as_u64().unwrap_or(0) >= 1));
    assert!(groups.iter().any(|g| g["claims"]
        .as_array()
        .is_some_and(|c| c.iter().any(|x| x["speaker"] == "Jeremy Scahill"))));

    let sources: Value =
        serde_json::from_slice(&run(&db, &["sources", "--format", "json"]).stdout).expect("json");
    let speakers = sources["speakers"].as_array().expect("speakers");
    assert!(speakers
        .iter()
        .any(|s| s["speaker"] == "Hamas official" && s["type"] == "anonymous"));
    assert!(sources["outlets"]
        .as_array()
        .is_some_and(|o| o.iter().any(|x| x["outlet"] == "Example Wire")));

    let hits = jsonl(&run(&db, &["search", "\"Morag Corridor\"", "--format", "jsonl"]).stdout);
    assert!(hits.iter().any(|h| h["what"] == "article"));
    assert!(hits.iter().any(|h| h["what"] == "claim"));

    let csv = run(&db, &["export", "gaza", "--format", "csv"]).stdout;
    let mut r = csv::Reader::from_reader(&csv[..]);
    let header = r.headers().expect("header").clone();
    assert!(header.iter().any(|h| h == "speaker"));
    let rows: Vec<csv::StringRecord> = r.records().collect::<Result<_, _>>().expect("rows");
    assert!(rows.len() >= 15, "{}", rows.len());
    let timeline = jsonl(&run(&db, &["timeline", "--format", "jsonl"]).stdout);
    assert!(timeline.iter().any(|d| d["date"] == "2025-07-09"));
}

#[test]
fn cached_claim_groups_follow_the_store() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).expect("mkdir");
    fixtures(&inputs);
    let db = dir.path().join("w.db");
    run(
        &db,
        &["ingest", inputs.join("seed.txt").to_str().expect("utf-8")],
    );
    let table = |db: &Path| String::from_utf8_lossy(&run(db, &["claims"]).stdout).into_owned();
    let csv = |db: &Path| run(db, &["claims", "--format", "csv"]).stdout;
    let first = table(&db);
    assert_eq!(table(&db), first, "the cached answer is the computed one");
    let first_csv = csv(&db);
    // a new article changes the store's state: the groups are computed again
    run(
        &db,
        &["ingest", inputs.join("page.html").to_str().expect("utf-8")],
    );
    let second = table(&db);
    assert_ne!(second, first);
    let n = |t: &str| -> usize {
        t.split_whitespace()
            .next()
            .and_then(|x| x.parse().ok())
            .unwrap_or(0)
    };
    assert!(n(&second) > n(&first), "{first}\n{second}");
    assert_ne!(csv(&db), first_csv);
    // and the cached table equals a fresh computation on a copy without the cache
    let copy = dir.path().join("copy.db");
    run(
        &copy,
        &["ingest", inputs.join("seed.txt").to_str().expect("utf-8")],
    );
    run(
        &copy,
        &["ingest", inputs.join("page.html").to_str().expect("utf-8")],
    );
    assert_eq!(table(&copy), second);
}

#[test]
fn unknown_story_and_bad_query_are_clear_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("w.db");
    let out = bin()
        .args(["claims", "nope", "--db"])
        .arg(&db)
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no story named \"nope\""));
    let out = bin()
        .args(["story", "create", "x", "--query", "AND OR", "--db"])
        .arg(&db)
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not valid"));
}

#[test]
fn killed_ingest_leaves_only_whole_articles() {
    let Some(shared) = crate::shared() else {
        eprintln!("no ../shared: skipped");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("w.db");
    // the train texts, as articles
    let train = std::fs::read_to_string(shared.join("data/polnear/train.jsonl")).expect("train");
    let input = dir.path().join("train.jsonl");
    let lines: Vec<String> = train
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("json");
            serde_json::json!({"id": v["id"], "text": v["text"]}).to_string()
        })
        .collect();
    std::fs::write(&input, lines.join("\n")).expect("write");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("whosaid"))
        .args(["ingest", "--threads", "1", "--quiet", "--db"])
        .arg(&db)
        .arg(&input)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    // let it store some articles, then kill it hard
    let start = std::time::Instant::now();
    loop {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let n = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0)
            + std::fs::metadata(dir.path().join("w.db-wal"))
                .map(|m| m.len())
                .unwrap_or(0);
        if n > 2_000_000 || start.elapsed().as_secs() > 20 {
            break;
        }
    }
    child.kill().expect("kill");
    let _ = child.wait();
    // every stored article has exactly the attributions a fresh extraction finds
    let out = run(&db, &["export", "--format", "jsonl"]);
    let rows = jsonl(&out.stdout);
    let mut per: std::collections::BTreeMap<String, usize> = Default::default();
    for r in &rows {
        *per.entry(r["article_key"].as_str().unwrap_or("").to_string())
            .or_default() += 1;
    }
    assert!(!per.is_empty(), "nothing was stored before the kill");
    assert!(
        per.len() < lines.len(),
        "the ingest finished before it was killed"
    );
    eprintln!("killed after {} of {} articles", per.len(), lines.len());
    let by_id: std::collections::HashMap<String, String> = lines
        .iter()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("json");
            (v["id"].as_str().unwrap_or("").to_string(), l.clone())
        })
        .collect();
    let sample: Vec<&String> = per.keys().take(5).collect();
    let one = dir.path().join("one.jsonl");
    std::fs::write(
        &one,
        sample
            .iter()
            .map(|k| by_id[*k].clone())
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .expect("write");
    let fresh = jsonl(
        &bin()
            .args(["extract", "--jsonl"])
            .arg(&one)
            .output()
            .expect("runs")
            .stdout,
    );
    for f in fresh {
        let id = f["id"].as_str().unwrap_or("");
        let n = f["attributions"].as_array().map(Vec::len).unwrap_or(0);
        assert_eq!(
            per.get(id).copied(),
            Some(n),
            "{id}: stored attributions differ from a fresh extraction"
        );
    }
    // and the store still opens and takes more
    run(&db, &["ingest", one.to_str().expect("utf-8")]);
}
