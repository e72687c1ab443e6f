//! Reading articles for the store: plain text, HTML pages (main text, and title,
//! author, date, outlet and address from meta tags and JSON-LD), RSS and Atom feeds
//! (one article per item, from its content or summary), JSON Lines (`id`, `text`,
//! optional `title`, `outlet`, `url`, `published` or `date`, `author`, `language` or
//! `lang`), and directories, recursively. [`language`] detects an article's language.
//!
//! Every input yields articles or one clear error naming the file (and line or item),
//! never stopping the rest: [`items`] is a lazy iterator of [`Item`]s.

pub mod fetch;
pub mod language;

use std::path::{Path, PathBuf};

use scraper::{Html, Selector};
use serde::Deserialize;
use whosaid_core::Article;
use whosaid_extract::input;

/// Metadata an article may have beyond what extraction carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub author: Option<String>,
}

/// One input item: an article, or why there is none.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Article {
        article: Article,
        meta: Meta,
        /// Something worth telling the user (encoding guessed, empty text).
        note: Option<String>,
    },
    Error {
        origin: String,
        message: String,
    },
}

/// File name endings read as text, HTML, feeds or JSON Lines when walking a directory.
const EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "html", "htm", "xhtml", "xml", "rss", "atom", "jsonl", "ndjson",
];

/// Every item of the given paths, in order; directories are walked recursively in
/// name order (hidden entries skipped, only [`EXTENSIONS`] read); `http(s)://`
/// addresses are fetched with `fetcher` (an error item each when it is `None`).
pub fn items(paths: Vec<PathBuf>, fetcher: Option<fetch::Fetcher>) -> impl Iterator<Item = Item> {
    paths
        .into_iter()
        .flat_map(move |p| -> Box<dyn Iterator<Item = Item>> {
            if let Some(url) = p.to_str().filter(|s| fetch::is_url(s)) {
                return Box::new(
                    match &fetcher {
                        Some(f) => f.items(url),
                        None => vec![Item::Error {
                            origin: url.to_string(),
                            message: "web addresses are not fetched here".into(),
                        }],
                    }
                    .into_iter(),
                );
            }
            let files = if p.is_dir() {
                let mut v = Vec::new();
                walk(&p, &mut v);
                v
            } else {
                vec![Ok(p)]
            };
            // files are read one at a time, as the iterator is consumed
            Box::new(files.into_iter().flat_map(|f| match f {
                Ok(path) => read_path(&path),
                Err(item) => vec![item],
            }))
        })
}

fn walk(dir: &Path, out: &mut Vec<Result<PathBuf, Item>>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Err(Item::Error {
                origin: dir.display().to_string(),
                message: format!("cannot read directory: {e}"),
            }));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out);
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(Ok(p));
        }
    }
}

/// Reads one file: JSON Lines by its name, otherwise feed, HTML or text by content.
pub fn read_path(path: &Path) -> Vec<Item> {
    let origin = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return vec![Item::Error {
                origin,
                message: match e.kind() {
                    std::io::ErrorKind::NotFound => "no such file".into(),
                    std::io::ErrorKind::PermissionDenied => "permission denied".into(),
                    _ => e.to_string(),
                },
            }]
        }
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if ext == "jsonl" || ext == "ndjson" {
        return match std::str::from_utf8(&bytes) {
            Ok(s) => s
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| json_line(&origin, i + 1, l))
                .collect(),
            Err(e) => vec![Item::Error {
                origin,
                message: format!("JSON Lines must be UTF-8: {e}"),
            }],
        };
    }
    read_bytes(&origin, &bytes)
}

/// Reads the bytes of one document (feed, HTML page or text); `origin` names it.
pub fn read_bytes(origin: &str, bytes: &[u8]) -> Vec<Item> {
    let decoded = match input::decode_bytes(bytes) {
        Ok(d) => d,
        Err(e) => {
            return vec![Item::Error {
                origin: origin.to_string(),
                message: e.to_string(),
            }]
        }
    };
    if looks_like_feed(&decoded.text) {
        return feed(origin, bytes);
    }
    let (article, meta) = if input::looks_like_html(&decoded.text) {
        page(origin, &decoded.text)
    } else {
        (Article::new(origin, decoded.text), Meta::default())
    };
    let mut note = decoded.note;
    if article.text.trim().is_empty() {
        note = Some(match note {
            Some(n) => format!("{n}; no text"),
            None => "empty: no text".into(),
        });
    }
    vec![Item::Article {
        article,
        meta,
        note,
    }]
}

fn looks_like_feed(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(600)
        .collect::<String>()
        .to_ascii_lowercase();
    (head.starts_with("<?xml") || head.starts_with("<rss") || head.starts_with("<feed"))
        && (head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf"))
}

/// One article per feed item: its content (HTML reduced to text) or summary, title,
/// link, date and author; the feed's title is the outlet.
fn feed(origin: &str, bytes: &[u8]) -> Vec<Item> {
    let parsed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            return vec![Item::Error {
                origin: origin.to_string(),
                message: format!("not a readable RSS/Atom feed: {e}"),
            }]
        }
    };
    let outlet = parsed.title.as_ref().map(|t| t.content.trim().to_string());
    let mut out = Vec::new();
    for (i, entry) in parsed.entries.iter().enumerate() {
        let url = entry.links.first().map(|l| l.href.clone());
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
            .unwrap_or_default();
        let text = if input::looks_like_html(&body) || body.contains('<') {
            input::html_to_text(&format!("<html><body>{body}</body></html>")).text
        } else {
            body
        };
        let where_ = format!("{origin} item {}", i + 1);
        if text.trim().is_empty() {
            out.push(Item::Error {
                origin: where_,
                message:
                    "feed item has no content or summary (fetching its page is not supported yet)"
                        .into(),
            });
            continue;
        }
        let id = url
            .clone()
            .or_else(|| (!entry.id.is_empty()).then(|| entry.id.clone()))
            .unwrap_or(where_);
        let article = Article {
            id,
            text,
            title: entry.title.as_ref().map(|t| t.content.trim().to_string()),
            outlet: outlet.clone(),
            published: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
            url,
            language: None,
        };
        let meta = Meta {
            author: entry.authors.first().and_then(|a| a.name.clone()),
        };
        out.push(Item::Article {
            article,
            meta,
            note: None,
        });
    }
    if out.is_empty() {
        out.push(Item::Error {
            origin: origin.to_string(),
            message: "feed has no items".into(),
        });
    }
    out
}

fn meta_content(doc: &Html, selectors: &[&str]) -> Option<String> {
    selectors.iter().find_map(|s| {
        let sel = Selector::parse(s).ok()?;
        doc.select(&sel)
            .filter_map(|e| e.value().attr("content").or_else(|| e.value().attr("href")))
            .map(|v| v.trim().to_string())
            .find(|v| !v.is_empty())
    })
}

/// The first JSON-LD object describing an article (also inside `@graph` or a list).
fn json_ld(doc: &Html) -> Option<serde_json::Value> {
    let sel = Selector::parse("script[type='application/ld+json']").ok()?;
    let is_article = |v: &serde_json::Value| {
        let t = &v["@type"];
        let names: Vec<&str> = match t {
            serde_json::Value::String(s) => vec![s.as_str()],
            serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_str()).collect(),
            _ => Vec::new(),
        };
        names
            .iter()
            .any(|n| n.ends_with("Article") || *n == "BlogPosting")
    };
    for script in doc.select(&sel) {
        let text: String = script.text().collect();
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let mut cands: Vec<serde_json::Value> = Vec::new();
        match &v {
            serde_json::Value::Array(a) => cands.extend(a.iter().cloned()),
            _ => {
                if let Some(g) = v["@graph"].as_array() {
                    cands.extend(g.iter().cloned());
                }
                cands.push(v.clone());
            }
        }
        if let Some(found) = cands.into_iter().find(is_article) {
            return Some(found);
        }
    }
    None
}

fn name_of(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(name_of).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        serde_json::Value::Object(_) => v["name"].as_str().map(str::to_string),
        _ => None,
    }
}

/// An HTML page: its main text, and title, author, date, outlet and address from
/// JSON-LD first, then Open Graph / article meta tags.
pub fn page(origin: &str, html: &str) -> (Article, Meta) {
    let main = input::html_to_text(html);
    let doc = Html::parse_document(html);
    let ld = json_ld(&doc);
    let ld_str = |k: &str| ld.as_ref().and_then(|v| v[k].as_str().map(str::to_string));
    let title = ld_str("headline").or(main.title);
    let published = ld_str("datePublished").or_else(|| {
        meta_content(
            &doc,
            &[
                "meta[property='article:published_time']",
                "meta[name='pubdate']",
                "meta[name='date']",
                "meta[itemprop='datePublished']",
            ],
        )
    });
    let outlet = ld
        .as_ref()
        .and_then(|v| name_of(&v["publisher"]))
        .or_else(|| meta_content(&doc, &["meta[property='og:site_name']"]));
    let author = ld.as_ref().and_then(|v| name_of(&v["author"])).or_else(|| {
        meta_content(
            &doc,
            &["meta[name='author']", "meta[property='article:author']"],
        )
    });
    let url = meta_content(&doc, &["link[rel='canonical']", "meta[property='og:url']"])
        .or_else(|| ld_str("url"));
    let article = Article {
        id: origin.to_string(),
        text: main.text,
        title,
        outlet,
        published,
        url,
        language: None,
    };
    (article, Meta { author })
}

#[derive(Debug, Deserialize)]
struct JsonArticle {
    id: Option<serde_json::Value>,
    text: Option<String>,
    title: Option<String>,
    outlet: Option<String>,
    publisher: Option<String>,
    published: Option<String>,
    date: Option<String>,
    url: Option<String>,
    author: Option<serde_json::Value>,
    language: Option<String>,
    lang: Option<String>,
}

/// One JSON Lines record (the shape `whosaid extract --jsonl` reads).
pub fn json_line(origin: &str, line_no: usize, line: &str) -> Item {
    let where_ = format!("{origin}:{line_no}");
    let rec: JsonArticle = match serde_json::from_str(line) {
        Ok(r) => r,
        Err(e) => {
            return Item::Error {
                origin: where_,
                message: format!("bad JSON: {e}"),
            }
        }
    };
    let Some(text) = rec.text else {
        return Item::Error {
            origin: where_,
            message: "no \"text\" field".into(),
        };
    };
    let id = match rec.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => rec.url.clone().unwrap_or_else(|| where_.clone()),
    };
    Item::Article {
        article: Article {
            id,
            text,
            title: rec.title,
            outlet: rec.outlet.or(rec.publisher),
            published: rec.published.or(rec.date),
            url: rec.url,
            // given: wins over detection
            language: [rec.language, rec.lang]
                .iter()
                .flatten()
                .find_map(|l| language::normalize(l)),
        },
        meta: Meta {
            author: rec.author.as_ref().and_then(name_of),
        },
        note: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_metadata_from_json_ld_and_meta_tags() {
        let html = r#"<html><head><title>T - Site</title>
<meta property="og:site_name" content="The Daily Example">
<link rel="canonical" href="https://example.org/a">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},
 {"@type":"NewsArticle","headline":"Talks stall","datePublished":"2025-07-08T10:00:00Z",
  "author":[{"@type":"Person","name":"A. Writer"}],"publisher":{"@type":"Organization","name":"Example News"}}]}</script>
</head><body><nav>Home | World</nav><article><p>Officials said talks had stalled.</p></article>
<footer>Subscribe</footer></body></html>"#;
        let (a, m) = page("f.html", html);
        assert_eq!(a.title.as_deref(), Some("Talks stall"));
        assert_eq!(a.published.as_deref(), Some("2025-07-08T10:00:00Z"));
        assert_eq!(a.outlet.as_deref(), Some("Example News"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(m.author.as_deref(), Some("A. Writer"));
        assert!(a.text.contains("Officials said talks had stalled."));
        assert!(!a.text.contains("Subscribe"), "{}", a.text);
    }

    #[test]
    fn rss_items_become_articles_and_empty_items_errors() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>One</title><link>https://example.org/1</link><description>&lt;p&gt;Hamas said the talks continue.&lt;/p&gt;</description>
<pubDate>Tue, 08 Jul 2025 10:00:00 GMT</pubDate></item>
<item><title>Two</title><link>https://example.org/2</link></item></channel></rss>"#;
        let items = read_bytes("feed.xml", rss.as_bytes());
        assert_eq!(items.len(), 2);
        match &items[0] {
            Item::Article { article, .. } => {
                assert_eq!(article.id, "https://example.org/1");
                assert_eq!(article.outlet.as_deref(), Some("Wire"));
                assert!(article.text.contains("Hamas said the talks continue."));
                assert!(article
                    .published
                    .as_deref()
                    .is_some_and(|p| p.starts_with("2025-07-08")));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&items[1], Item::Error { origin, .. } if origin == "feed.xml item 2"));
    }

    #[test]
    fn json_lines_errors_name_the_line() {
        assert!(
            matches!(json_line("a.jsonl", 3, "{"), Item::Error { origin, .. } if origin == "a.jsonl:3")
        );
        assert!(
            matches!(json_line("a.jsonl", 4, "{\"id\":1}"), Item::Error { message, .. } if message.contains("text"))
        );
        match json_line(
            "a.jsonl",
            5,
            r#"{"id":7,"text":"x","date":"2025-01-01","author":"B"}"#,
        ) {
            Item::Article { article, meta, .. } => {
                assert_eq!(article.id, "7");
                assert_eq!(article.published.as_deref(), Some("2025-01-01"));
                assert_eq!(meta.author.as_deref(), Some("B"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn json_lines_language_is_given_by_language_or_lang() {
        let lang = |line: &str| match json_line("a.jsonl", 1, line) {
            Item::Article { article, .. } => article.language,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            lang(r#"{"text":"x","language":"FR"}"#).as_deref(),
            Some("fr")
        );
        assert_eq!(
            lang(r#"{"text":"x","lang":"es-MX"}"#).as_deref(),
            Some("es")
        );
        assert_eq!(
            lang(r#"{"text":"x","language":"en","lang":"de"}"#).as_deref(),
            Some("en")
        );
        assert_eq!(lang(r#"{"text":"x","language":""}"#), None);
        assert_eq!(lang(r#"{"text":"x"}"#), None);
    }

    #[test]
    fn directories_are_walked_in_order_and_bad_files_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path();
        std::fs::create_dir(p.join("sub")).expect("mkdir");
        std::fs::write(p.join("b.txt"), "Second.").expect("write");
        std::fs::write(p.join("a.txt"), "First.").expect("write");
        std::fs::write(
            p.join("sub/c.jsonl"),
            "{\"id\":\"c\",\"text\":\"Third.\"}\nnot json\n",
        )
        .expect("write");
        std::fs::write(p.join(".hidden.txt"), "no").expect("write");
        std::fs::write(p.join("image.png"), [0u8, 1, 2]).expect("write");
        let got: Vec<String> = items(vec![p.to_path_buf(), p.join("missing.txt")], None)
            .map(|i| match i {
                Item::Article { article, .. } => article.text,
                Item::Error { message, .. } => format!("error: {message}"),
            })
            .collect();
        assert_eq!(got[..3], ["First.", "Second.", "Third."]);
        assert!(got[3].starts_with("error: bad JSON"), "{got:?}");
        assert_eq!(got[4], "error: no such file");
        assert_eq!(got.len(), 5);
    }
}
