//! Bad input: every file gets a result or an error naming it; nothing stops the rest.

use crate::{bin, jsonl};

#[test]
fn missing_binary_empty_and_latin1_files_among_good_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("good.txt");
    std::fs::write(
        &good,
        "The senator said the bill would pass. “It is done,” she said.",
    )
    .expect("write");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").expect("write");
    let binary = dir.path().join("blob.bin");
    std::fs::write(&binary, [0x7f, b'E', b'L', b'F', 0, 0, 1, 2, 3, 0, 0, 0]).expect("write");
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(
        &latin1,
        b"Le ministre a d\xe9clar\xe9 que la r\xe9forme \xe9tait termin\xe9e, said the official.",
    )
    .expect("write");
    let missing = dir.path().join("does-not-exist.txt");
    let out = bin()
        .arg("extract")
        .args([&good, &missing, &empty, &binary, &latin1])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "some inputs were processed, so exit 0: {out:?}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("does-not-exist.txt") && stderr.contains("no such file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("blob.bin") && stderr.contains("binary"),
        "{stderr}"
    );
    assert!(
        stderr.contains("latin1.txt"),
        "a note on the decoding: {stderr}"
    );
    let recs = jsonl(&out.stdout);
    let ids: Vec<&str> = recs.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(
        ids.len(),
        3,
        "good, empty and latin1 produce records: {ids:?}"
    );
    assert!(
        ids[0].ends_with("good.txt")
            && ids[1].ends_with("empty.txt")
            && ids[2].ends_with("latin1.txt")
    );
    assert!(
        !recs[0]["attributions"].as_array().expect("list").is_empty(),
        "the good file has attributions"
    );
    assert!(recs[1]["attributions"].as_array().expect("list").is_empty());
}

#[test]
fn nothing_processed_is_a_failure() {
    let out = bin()
        .args(["extract", "/nonexistent/a.txt", "/nonexistent/b.txt"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("/nonexistent/a.txt") && stderr.contains("/nonexistent/b.txt"),
        "{stderr}"
    );
}

#[test]
fn five_thousand_unclosed_quotes() {
    let mut text = String::from("The mayor said the plan was final. ");
    for i in 0..5000 {
        text.push_str(if i % 2 == 0 { "“word " } else { "\"more " });
        if i % 50 == 49 {
            text.push_str("he said.\n\n");
        }
    }
    let out = bin()
        .args(["extract", "-"])
        .write_stdin(text)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{out:?}");
    let recs = jsonl(&out.stdout);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["id"], "stdin");
}

#[test]
fn bad_json_lines_are_reported_and_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("in.jsonl");
    std::fs::write(
        &f,
        "{\"id\": \"a\", \"text\": \"Officials said the talks stalled.\"}\nnot json\n{\"id\": \"c\"}\n{\"id\": 4, \"text\": \"He said no.\", \"publisher\": \"X\"}\n",
    )
    .expect("write");
    let out = bin()
        .arg("extract")
        .arg("--jsonl")
        .arg(&f)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("in.jsonl:2") && stderr.contains("bad JSON"),
        "{stderr}"
    );
    assert!(
        stderr.contains("in.jsonl:3") && stderr.contains("text"),
        "{stderr}"
    );
    let recs = jsonl(&out.stdout);
    assert_eq!(
        recs.iter()
            .map(|r| r["id"].as_str().unwrap_or("?"))
            .collect::<Vec<_>>(),
        ["a", "4"]
    );
    assert_eq!(recs[1]["outlet"], "X");
}

/// A 100 MB article: bounded memory (processed in windows). Slow in debug builds, so
/// only with WHOSAID_SLOW_TESTS=1.
#[test]
fn hundred_megabyte_file() {
    if std::env::var_os("WHOSAID_SLOW_TESTS").is_none() {
        eprintln!("skipped: set WHOSAID_SLOW_TESTS=1");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("big.txt");
    let para = "“We will not accept this,” the minister said on Tuesday, according to officials. Others disagreed.\n\n";
    let big: String = para.repeat(100_000_000 / para.len() + 1);
    std::fs::write(&f, big).expect("write");
    let out = bin()
        .arg("extract")
        .arg("--format")
        .arg("csv")
        .arg(&f)
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(out.stdout.len() > 1000);
}
