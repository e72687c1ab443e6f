//! `whosaid serve` end to end: a real server process on 127.0.0.1 over a store
//! ingested from fixtures; every path of the OpenAPI document answers; writes need
//! the token; bodies are bounded; article markup renders as text; no request path
//! reaches the file system.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::{bin, root};

/// A running server, killed on drop.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(db: &Path, extra: &[&str]) -> Server {
    let exe = assert_cmd::cargo::cargo_bin("whosaid");
    let mut child = Command::new(exe)
        .args(["serve", "--port", "0", "--db"])
        .arg(db)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("reads the first line");
    let url = line
        .trim()
        .strip_prefix("whosaid: serving http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    let addr = url.trim_end_matches('/').to_string();
    assert!(
        addr.starts_with("127.0.0.1:"),
        "binds loopback by default: {addr}"
    );
    Server { child, addr }
}

struct Reply {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(300)])
            )
        })
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }
}

/// One HTTP/1.1 request with `Connection: close`; the body is read to the end.
fn request(s: &Server, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut c = TcpStream::connect(&s.addr).expect("connects");
    c.set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
        s.addr,
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    c.write_all(req.as_bytes()).expect("writes");
    // the server may answer (413) before reading a large body: a failed write is fine
    let _ = c.write_all(body);
    let mut raw = Vec::new();
    let _ = c.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers = head
        .split_once("\r\n")
        .map(|x| x.1)
        .unwrap_or("")
        .to_string();
    let reply = Reply {
        status,
        headers,
        body: Vec::new(),
    };
    if reply
        .header("transfer-encoding")
        .is_some_and(|t| t.contains("chunked"))
    {
        let mut out = Vec::new();
        let mut rest = &body[..];
        while let Some(p) = rest.windows(2).position(|w| w == b"\r\n") {
            let n = usize::from_str_radix(String::from_utf8_lossy(&rest[..p]).trim(), 16)
                .expect("chunk size");
            if n == 0 {
                break;
            }
            out.extend_from_slice(&rest[p + 2..p + 2 + n]);
            rest = &rest[p + 2 + n + 2..];
        }
        body = out;
    }
    Reply { body, ..reply }
}

fn get(s: &Server, path: &str) -> Reply {
    request(s, "GET", path, &[], b"")
}

const XSS: &str = "Officials said the talks in Doha will resume on Monday.\n\n\
\"We will not stop <script>window.__xss=1</script> until there is a deal,\" the minister said.\n\n\
A spokesperson said the offer <img src=x onerror=\"window.__xss=1\"> was <a href=\"javascript:window.__xss=1\">final</a>.\n";

fn store(dir: &Path) -> std::path::PathBuf {
    let inputs = dir.join("in");
    std::fs::create_dir(&inputs).expect("mkdir");
    std::fs::copy(root().join("examples/seed.txt"), inputs.join("seed.txt")).expect("copy");
    std::fs::write(inputs.join("xss.txt"), XSS).expect("write");
    let db = dir.join("w.db");
    let out = bin()
        .arg("ingest")
        .arg(&inputs)
        .arg("--db")
        .arg(&db)
        .output()
        .expect("ingest");
    assert!(out.status.success());
    let out = bin()
        .args([
            "story",
            "create",
            "gaza",
            "--query",
            "ceasefire OR Doha OR Witkoff",
            "--db",
        ])
        .arg(&db)
        .output()
        .expect("story");
    assert!(out.status.success());
    db
}

fn article_id(s: &Server, suffix: &str) -> i64 {
    let list = get(s, "/api/articles?limit=100").json();
    list["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .find(|a| a["key"].as_str().is_some_and(|k| k.ends_with(suffix)))
        .and_then(|a| a["id"].as_i64())
        .unwrap_or_else(|| panic!("no article {suffix} in {list}"))
}

#[test]
fn every_documented_path_answers_and_pages_render() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = store(dir.path());
    let s = start(&db, &[]);
    let seed = article_id(&s, "seed.txt");

    let doc = get(&s, "/api/openapi.json").json();
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() >= 15, "{}", paths.len());
    for (p, ops) in paths {
        if ops.get("get").is_none() {
            continue;
        }
        let concrete = p
            .replace("{name}", "gaza")
            .replace("{id}", &seed.to_string())
            .replace("{n}", "0");
        let concrete = match concrete.as_str() {
            "/api/search" => "/api/search?q=Witkoff".to_string(),
            "/api/jobs/1" => continue, // no job yet: a 404, checked below
            c => c.to_string(),
        };
        let r = get(&s, &concrete);
        assert_eq!(r.status, 200, "{concrete}: {}", r.text());
        assert!(r.json().is_object(), "{concrete}");
    }
    assert_eq!(get(&s, "/api/jobs/1").status, 404);

    // the story overview: the seed's progress / no progress conflict, with chains
    let ov = get(&s, "/api/stories/gaza").json();
    assert_eq!(ov["articles"], 2);
    let conflicts = ov["conflicts"].as_array().expect("conflicts");
    let pair = conflicts.iter().find(|c| {
        let (a, b) = (
            c["claim"]["content"].as_str().unwrap_or(""),
            c["counter_claim"]["content"].as_str().unwrap_or(""),
        );
        (a.contains("no progress at all") && b.contains("there was progress"))
            || (b.contains("no progress at all") && a.contains("there was progress"))
    });
    let pair = pair.unwrap_or_else(|| panic!("no progress conflict in {ov}"));
    assert!(pair["counter_claim"]["chain"]
        .as_array()
        .is_some_and(|c| c.len() >= 2));
    // paging is honoured
    let one = get(&s, "/api/stories/gaza?limit=1").json();
    assert_eq!(one["claim_groups"].as_array().map(Vec::len), Some(1));
    assert_eq!(get(&s, "/api/stories/nope").status, 404);
    assert_eq!(get(&s, "/api/articles/999999").status, 404);
    // a malformed FTS query is the client's error, named
    let bad = get(&s, "/api/search?q=%22unbalanced");
    assert_eq!(bad.status, 400, "{}", bad.text());

    // pages: the story page shows both sides; the article page marks roles
    let page = get(&s, "/stories/gaza");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("class=\"side claim\"") && html.contains("class=\"side counter\""));
    assert!(html.contains("no progress at all") && html.contains("there was progress"));
    let art = get(&s, &format!("/articles/{seed}")).text();
    for role in ["role-source", "role-cue", "role-content"] {
        assert!(art.contains(role), "{role}");
    }
    assert!(art.contains("id=\"attr-0\""));
    for p in [
        "/",
        "/stories/gaza/sources",
        "/stories/gaza/timeline",
        "/articles",
        "/search?q=Scahill",
        "/ingest",
    ] {
        assert_eq!(get(&s, p).status, 200, "{p}");
    }
    assert!(get(&s, "/stories/gaza/timeline").text().contains("<svg"));
    // who is quoted, and on which claims: links into the story's claim list
    let sources = get(&s, "/stories/gaza/sources").text();
    let link = sources
        .split("href=\"/stories/gaza?page=0#group-")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no claim link on the sources page"));
    assert!(
        html.contains(&format!("id=\"group-{link}\"")),
        "group {link}"
    );
}

#[test]
fn untrusted_text_is_inert_and_paths_stay_inside() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = store(dir.path());
    let s = start(&db, &[]);
    let id = article_id(&s, "xss.txt");
    let r = get(&s, &format!("/articles/{id}"));
    assert_eq!(r.status, 200);
    let csp = r.header("content-security-policy").expect("a CSP header");
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    let html = r.text();
    assert!(html.contains("&lt;script&gt;window.__xss=1&lt;/script&gt;"));
    assert!(!html.contains("<script>window"));
    assert!(!html.contains("<img src=x"));
    assert!(!html.contains("href=\"javascript:"));
    // the JSON keeps the text as it is, as data
    let j = get(&s, &format!("/api/articles/{id}")).json();
    assert!(j["text"].as_str().is_some_and(|t| t.contains("<script>")));

    assert_eq!(get(&s, "/static/style.css").status, 200);
    for p in [
        "/static/..%2f..%2fCargo.toml",
        "/static/../../etc/passwd",
        "/static/%2e%2e/Cargo.toml",
        "/static/app.js%00",
    ] {
        let r = get(&s, p);
        assert!(r.status == 404 || r.status == 400, "{p}: {}", r.status);
        assert!(!r.text().contains("[package]") && !r.text().contains("root:"));
    }
}

#[test]
fn writes_need_the_token_and_bodies_are_bounded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = store(dir.path());
    let body = br#"{"text": "Officials said the crossing at Zorbatown will reopen on Monday, according to Reuters.", "title": "Rafah", "outlet": "Test Wire"}"#;
    let json = [("Content-Type", "application/json")];
    {
        let ro = start(&db, &[]);
        let r = request(&ro, "POST", "/api/ingest", &json, body);
        assert_eq!(r.status, 403, "read-only server: {}", r.text());
    }
    let s = start(&db, &["--write-token", "s3cret", "--max-body", "100000"]);
    assert_eq!(request(&s, "POST", "/api/ingest", &json, body).status, 401);
    let wrong = [
        ("Content-Type", "application/json"),
        ("Authorization", "Bearer nope"),
    ];
    assert_eq!(request(&s, "POST", "/api/ingest", &wrong, body).status, 401);
    let auth = [
        ("Content-Type", "application/json"),
        ("Authorization", "Bearer s3cret"),
    ];
    let r = request(&s, "POST", "/api/ingest", &auth, body);
    assert_eq!(r.status, 202, "{}", r.text());
    let job = r.json()["job"].as_u64().expect("job id");
    let mut state = Value::Null;
    for _ in 0..100 {
        state = get(&s, &format!("/api/jobs/{job}")).json();
        if state["state"] != "running" {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(state["state"], "done", "{state}");
    assert_eq!(state["stored"], 1, "{state}");
    let new_id = state["articles"][0].as_i64().expect("stored id");
    let a = get(&s, &format!("/api/articles/{new_id}")).json();
    assert_eq!(a["outlet"], "Test Wire");
    assert!(
        a["attributions"].as_array().is_some_and(|x| !x.is_empty()),
        "{a}"
    );

    // a story created over the API, then its overview
    let story = br#"{"name": "zorbatown", "query": "Zorbatown"}"#;
    assert_eq!(
        request(&s, "POST", "/api/stories", &json, story).status,
        401
    );
    assert_eq!(
        request(&s, "POST", "/api/stories", &auth, story).status,
        201
    );
    let ov = get(&s, "/api/stories/zorbatown").json();
    assert_eq!(ov["articles"], 1, "{ov}");
    let bad = br#"{"name": "../etc", "query": "x"}"#;
    assert_eq!(request(&s, "POST", "/api/stories", &auth, bad).status, 400);

    // over the body limit: refused, nothing stored
    let big = format!(r#"{{"text": "{}"}}"#, "Officials said it. ".repeat(10_000));
    let r = request(&s, "POST", "/api/ingest", &auth, big.as_bytes());
    assert_eq!(r.status, 413, "{}", r.text());
    let counts = get(&s, "/api/health").json();
    assert_eq!(counts["counts"]["articles"], 3, "{counts}");

    // the page form: multipart with the token as a field, answered by a redirect to the job
    let boundary = "XyZ";
    let form = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\ns3cret\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"../../up.txt\"\r\nContent-Type: text/plain\r\n\r\n\
         Hamas said the negotiations in Doha are at a standstill, a Palestinian official told reporters.\r\n\
         --{boundary}--\r\n"
    );
    let ct = format!("multipart/form-data; boundary={boundary}");
    let r = request(
        &s,
        "POST",
        "/ingest",
        &[("Content-Type", &ct)],
        form.as_bytes(),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let to = r.header("location").expect("redirect");
    assert!(to.starts_with("/jobs/"), "{to}");
    assert_eq!(get(&s, &to).status, 200);
    assert!(!dir.path().join("up.txt").exists() && !Path::new("up.txt").exists());
}

#[test]
fn a_french_text_ingested_over_the_api_is_stored_unanalysed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = store(dir.path());
    let s = start(&db, &["--write-token", "s3cret"]);
    let text =
        std::fs::read_to_string(root().join("crates/whosaid/tests/fixtures/greve-lyon.fr.txt"))
            .expect("fixture");
    let body = serde_json::json!({ "text": text, "id": "greve" }).to_string();
    let auth = [
        ("Content-Type", "application/json"),
        ("Authorization", "Bearer s3cret"),
    ];
    let r = request(&s, "POST", "/api/ingest", &auth, body.as_bytes());
    assert_eq!(r.status, 202, "{}", r.text());
    let job = r.json()["job"].as_u64().expect("job id");
    let mut state = Value::Null;
    for _ in 0..100 {
        state = get(&s, &format!("/api/jobs/{job}")).json();
        if state["state"] != "running" {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(state["state"], "done", "{state}");
    assert_eq!(state["stored"], 1, "{state}");
    assert!(
        state["messages"]
            .as_array()
            .is_some_and(|m| m.iter().any(|x| x.as_str().is_some_and(
                |x| x.starts_with("greve: French (fr): attributions are only extracted")
            ))),
        "{state}"
    );
    let id = state["articles"][0].as_i64().expect("stored id");
    let a = get(&s, &format!("/api/articles/{id}")).json();
    assert_eq!(a["language"], "fr", "{a}");
    assert_eq!(a["attributions"].as_array().map(Vec::len), Some(0), "{a}");
}
