//! Fetching from a server on 127.0.0.1: pages, a feed whose items carry only a summary
//! (their pages are fetched), redirects bounded, size limits, errors per item. Never
//! touches the network beyond loopback.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::Duration;

use whosaid_ingest::fetch::Fetcher;
use whosaid_ingest::Item;

/// Serves canned responses by path until the test ends; returns the base address.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let b = base.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let mut reader = BufReader::new(s.try_clone().expect("clone"));
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
                    break;
                }
            }
            let ok = |ct: &str, body: String| {
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                )
            };
            let resp = match path.as_str() {
                "/page.html" => ok(
                    "text/html; charset=utf-8",
                    "<html><head><title>Page</title><meta property=\"og:site_name\" content=\"Loopback News\"></head><body><article><p>The minister said the border will reopen on Monday.</p></article></body></html>".into(),
                ),
                "/feed.xml" => ok(
                    "application/rss+xml",
                    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Loop Feed</title><item><title>Item</title><link>{b}/item.html</link><description>Short summary.</description></item><item><title>Gone</title><link>{b}/missing.html</link><description>Only this summary.</description></item></channel></rss>"),
                ),
                "/item.html" => ok(
                    "text/html",
                    "<html><body><article><p>The full item text: officials said the talks in Doha had made progress, and a spokesman told reporters a deal was close.</p></article></body></html>".into(),
                ),
                "/big" => ok("text/plain", "x".repeat(5000)),
                "/loop" => "HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string(),
                _ => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string(),
            };
            let _ = s.write_all(resp.as_bytes());
        }
    });
    base
}

fn text(i: &Item) -> String {
    match i {
        Item::Article { article, .. } => article.text.clone(),
        Item::Error { message, .. } => format!("error: {message}"),
    }
}

#[test]
fn fetches_pages_and_feeds_within_bounds() {
    let base = serve();
    let f = Fetcher::new(Duration::from_secs(5), 4096).expect("client");
    let page = f.items(&format!("{base}/page.html"));
    assert_eq!(page.len(), 1);
    match &page[0] {
        Item::Article { article, .. } => {
            assert!(article.text.contains("border will reopen"));
            assert_eq!(article.outlet.as_deref(), Some("Loopback News"));
            assert_eq!(
                article.url.as_deref(),
                Some(format!("{base}/page.html").as_str())
            );
        }
        other => panic!("{other:?}"),
    }
    let feed = f.items(&format!("{base}/feed.xml"));
    assert_eq!(feed.len(), 2);
    // the summary-only item got its page's full text; the missing page kept the summary
    assert!(text(&feed[0]).contains("made progress"), "{:?}", feed[0]);
    match &feed[1] {
        Item::Article { article, note, .. } => {
            assert_eq!(article.text.trim(), "Only this summary.");
            assert!(
                note.as_deref().is_some_and(|n| n.contains("404")),
                "{note:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(text(&f.items(&format!("{base}/big"))[0]).contains("byte limit"));
    assert!(text(&f.items(&format!("{base}/loop"))[0]).contains("redirects"));
    assert!(text(&f.items(&format!("{base}/nothing"))[0]).contains("404"));
    // nothing listens here
    let closed = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = closed.local_addr().expect("addr");
    drop(closed);
    assert!(text(&f.items(&format!("http://{addr}/x"))[0]).starts_with("error:"));
}
