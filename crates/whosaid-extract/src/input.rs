//! Turning raw input bytes into article text: encoding detection (UTF-8, UTF-16 with
//! a byte order mark, legacy encodings guessed by chardetng), binary-file refusal,
//! and plain text from HTML pages (title, paragraphs of the main content; scripts,
//! styles, navigation, headers, footers, asides and forms dropped).

use scraper::{ElementRef, Html, Node, Selector};

use crate::{Error, Result};

/// Text decoded from bytes, with a note when it was not plain UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// E.g. "decoded as windows-1252".
    pub note: Option<String>,
}

/// Decodes bytes to text, refusing binary data.
pub fn decode_bytes(bytes: &[u8]) -> Result<Decoded> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, _) = enc.decode(&bytes[bom_len..]);
        let note = (enc != encoding_rs::UTF_8).then(|| format!("decoded as {}", enc.name()));
        return Ok(Decoded {
            text: text.into_owned(),
            note,
        });
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let nul = head.iter().filter(|&&b| b == 0).count();
    let ctrl = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if nul > 0 || (!head.is_empty() && ctrl * 10 > head.len()) {
        return Err(Error::Binary(format!(
            "{nul} NUL and {ctrl} control bytes in the first {} bytes",
            head.len()
        )));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded {
            text: s.to_string(),
            note: None,
        }),
        Err(_) => {
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(bytes, true);
            let enc = det.guess(None, chardetng::Utf8Detection::Allow);
            let (text, _, had_errors) = enc.decode(bytes);
            let note = if had_errors {
                format!(
                    "not valid UTF-8; decoded as {} with replacement characters",
                    enc.name()
                )
            } else {
                format!("not valid UTF-8; decoded as {}", enc.name())
            };
            Ok(Decoded {
                text: text.into_owned(),
                note: Some(note),
            })
        }
    }
}

/// True when the text looks like an HTML document.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    let head = head.trim_start();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.contains("<body")
        || head.contains("<head")
}

/// A page's title and main text (paragraphs separated by blank lines).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    pub title: Option<String>,
    pub text: String,
}

const SKIP: &[&str] = &[
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "template",
    "figure",
    "figcaption",
];
const BLOCK: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "div",
    "section",
    "article",
    "main",
    "br",
    "tr",
    "pre",
    "dd",
    "dt",
    "table",
    "ul",
    "ol",
];

fn sel(s: &str) -> Option<Selector> {
    Selector::parse(s).ok()
}

/// Extracts the title and main text of an HTML page.
pub fn html_to_text(html: &str) -> Page {
    let doc = Html::parse_document(html);
    let title = sel("meta[property='og:title']")
        .and_then(|s| {
            doc.select(&s)
                .next()
                .and_then(|e| e.value().attr("content").map(str::to_string))
        })
        .or_else(|| {
            sel("title").and_then(|s| doc.select(&s).next().map(|e| e.text().collect::<String>()))
        })
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty());
    let root = ["article", "main", "[role=main]", "body"]
        .iter()
        .filter_map(|s| sel(s))
        .find_map(|s| doc.select(&s).next());
    let mut paras: Vec<String> = Vec::new();
    let mut cur = String::new();
    if let Some(root) = root {
        walk(root, &mut cur, &mut paras);
    }
    flush(&mut cur, &mut paras);
    Page {
        title,
        text: paras.join("\n\n"),
    }
}

fn flush(cur: &mut String, paras: &mut Vec<String>) {
    let t = cur.split_whitespace().collect::<Vec<_>>().join(" ");
    if !t.is_empty() {
        paras.push(t);
    }
    cur.clear();
}

fn walk(el: ElementRef<'_>, cur: &mut String, paras: &mut Vec<String>) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => {
                cur.push_str(t);
            }
            Node::Element(e) => {
                let name = e.name();
                if SKIP.contains(&name) {
                    continue;
                }
                let class = e.attr("class").unwrap_or("").to_ascii_lowercase();
                if [
                    "comment",
                    "advert",
                    "share",
                    "related",
                    "newsletter",
                    "promo",
                ]
                .iter()
                .any(|k| class.contains(k))
                {
                    continue;
                }
                let block = BLOCK.contains(&name);
                if block {
                    flush(cur, paras);
                }
                if let Some(child_el) = ElementRef::wrap(child) {
                    walk(child_el, cur, paras);
                }
                if block {
                    flush(cur, paras);
                } else {
                    cur.push(' ');
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_latin1_and_refuses_binary() {
        assert_eq!(
            decode_bytes("héllo".as_bytes()).ok().map(|d| d.text),
            Some("héllo".to_string())
        );
        let latin1 = b"caf\xe9 au lait, d\xe9j\xe0 vu";
        let d = decode_bytes(latin1).expect("decodes");
        assert!(d.text.contains("café"), "{}", d.text);
        assert!(d.note.is_some());
        assert!(matches!(
            decode_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00"),
            Err(Error::Binary(_))
        ));
        let bom16 = [0xFF, 0xFE, b'h', 0, b'i', 0];
        assert_eq!(
            decode_bytes(&bom16).ok().map(|d| d.text),
            Some("hi".to_string())
        );
    }

    #[test]
    fn html_main_text() {
        let html = r#"<!doctype html><html><head><title>Talks stall</title><script>var x=1;</script></head>
<body><nav>Home | World</nav><article><h1>Talks stall</h1><p>The official <b>said</b> talks had stalled.</p>
<div class="comments">spam</div><p>“No progress,” he said.</p></article><footer>© 2025</footer></body></html>"#;
        let p = html_to_text(html);
        assert_eq!(p.title.as_deref(), Some("Talks stall"));
        assert_eq!(
            p.text,
            "Talks stall\n\nThe official said talks had stalled.\n\n“No progress,” he said."
        );
        assert!(looks_like_html(html));
    }
}
