//! Output formats and inputs: JSON Lines offsets, CSV, table, HTML, stdin, JSON.

use crate::{bin, jsonl};

const TEXT: &str =
    "“We are close,” the envoy said. Officials told Reuters that the talks had stalled.";

#[test]
fn jsonl_offsets_are_code_points() {
    let out = bin()
        .args(["extract", "--with-text", "-"])
        .write_stdin(TEXT)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let recs = jsonl(&out.stdout);
    assert_eq!(recs[0]["schema_version"], 1);
    let chars: Vec<char> = TEXT.chars().collect();
    let atts = recs[0]["attributions"].as_array().expect("list");
    assert!(!atts.is_empty());
    for a in atts {
        for role in ["source", "cue", "content"] {
            let spans = a[role].as_array().expect("spans");
            let mut pieces = Vec::new();
            for s in spans {
                let (b, e) = (
                    s[0].as_u64().expect("int") as usize,
                    s[1].as_u64().expect("int") as usize,
                );
                assert!(b < e && e <= chars.len());
                pieces.push(chars[b..e].iter().collect::<String>());
            }
            assert_eq!(
                a["text"][role].as_str().expect("text"),
                pieces.join(" … "),
                "{role} text matches its offsets"
            );
        }
    }
}

#[test]
fn csv_has_a_header_and_a_row_per_attribution() {
    let out = bin()
        .args(["extract", "--format", "csv", "-"])
        .write_stdin(TEXT)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = rdr.headers().expect("header").clone();
    assert_eq!(&headers[0], "article");
    assert!(headers.iter().any(|h| h == "content_spans"));
    let rows: Vec<csv::StringRecord> = rdr.records().collect::<Result<_, _>>().expect("valid CSV");
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| &r[0] == "stdin"));
}

#[test]
fn table_and_json_and_html() {
    let dir = tempfile::tempdir().expect("tempdir");
    let html = dir.path().join("page.html");
    std::fs::write(
        &html,
        format!("<!doctype html><html><head><title>Talks</title></head><body><nav>Menu</nav><article><p>{TEXT}</p></article></body></html>"),
    )
    .expect("write");
    let out = bin()
        .arg("extract")
        .arg("--format")
        .arg("table")
        .arg(&html)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("page.html") && s.contains("Talks") && s.contains("envoy"),
        "{s}"
    );
    assert!(!s.contains("Menu"));
    let out = bin()
        .args(["extract", "--format", "json", "-"])
        .write_stdin(TEXT)
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(v.as_array().map(Vec::len), Some(1));
}

#[test]
fn closed_stdout_is_not_an_error() {
    use std::io::Read;
    let dir = tempfile::tempdir().expect("tempdir");
    let f = dir.path().join("many.jsonl");
    let line = serde_json::json!({"id": "x", "text": TEXT.repeat(20)}).to_string();
    std::fs::write(&f, format!("{line}\n").repeat(2000)).expect("write");
    let bin = assert_cmd::cargo::cargo_bin("whosaid");
    let mut child = std::process::Command::new(bin)
        .arg("extract")
        .arg("--jsonl")
        .arg(&f)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    let mut first = [0u8; 64];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("some output");
    let out = child.wait_with_output().expect("finishes");
    assert!(out.status.success(), "like `| head`: {out:?}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("Broken pipe"));
}
