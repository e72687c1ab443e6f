//! Reading articles from files, standard input and JSON Lines, lazily, with one
//! error per bad item (naming the file and line) instead of stopping.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use whosaid_core::Article;
use whosaid_extract::input;

/// One input item: an article, or why there is none.
#[derive(Debug)]
pub enum Item {
    Article {
        article: Article,
        note: Option<String>,
    },
    Error {
        origin: String,
        message: String,
    },
}

/// Reads one text or HTML file (`-` is standard input) into an article.
pub fn read_file(path: &Path) -> Item {
    let origin = path.display().to_string();
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        match std::io::stdin().lock().read_to_end(&mut buf) {
            Ok(_) => buf,
            Err(e) => {
                return Item::Error {
                    origin: "<stdin>".into(),
                    message: e.to_string(),
                }
            }
        }
    } else {
        match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                return Item::Error {
                    origin,
                    message: io_message(&e),
                }
            }
        }
    };
    let id = if path == Path::new("-") {
        "stdin".to_string()
    } else {
        origin.clone()
    };
    let decoded = match input::decode_bytes(&bytes) {
        Ok(d) => d,
        Err(e) => {
            return Item::Error {
                origin,
                message: e.to_string(),
            }
        }
    };
    let mut note = decoded.note;
    let mut article = Article::new(id, decoded.text);
    if input::looks_like_html(&article.text) {
        let page = input::html_to_text(&article.text);
        article.text = page.text;
        article.title = page.title;
    }
    if article.text.trim().is_empty() {
        note = Some(match note {
            Some(n) => format!("{n}; no text"),
            None => "empty: no text".to_string(),
        });
    }
    Item::Article { article, note }
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ if e.raw_os_error() == Some(21) => "is a directory".to_string(),
        _ => e.to_string(),
    }
}

/// Parses one JSON Lines record (the same reader `whosaid ingest` uses).
pub fn parse_json_line(origin: &str, line_no: usize, line: &str) -> Item {
    match whosaid_ingest::json_line(origin, line_no, line) {
        whosaid_ingest::Item::Article { article, note, .. } => Item::Article { article, note },
        whosaid_ingest::Item::Error { origin, message } => Item::Error { origin, message },
    }
}

/// An iterator over every item of the given inputs, in order.
pub fn items(files: Vec<PathBuf>, jsonl: Vec<PathBuf>) -> impl Iterator<Item = Item> {
    let plain = files.into_iter().map(|p| read_file(&p));
    let lines = jsonl.into_iter().flat_map(|p| {
        let origin = p.display().to_string();
        let reader: Box<dyn BufRead> = if p == Path::new("-") {
            Box::new(BufReader::new(std::io::stdin()))
        } else {
            match std::fs::File::open(&p) {
                Ok(f) => Box::new(BufReader::new(f)),
                Err(e) => {
                    let item = Item::Error {
                        origin,
                        message: io_message(&e),
                    };
                    return Box::new(std::iter::once(item)) as Box<dyn Iterator<Item = Item>>;
                }
            }
        };
        Box::new(JsonLines {
            reader,
            origin,
            line_no: 0,
            buf: Vec::new(),
            done: false,
        })
    });
    plain.chain(lines)
}

struct JsonLines {
    reader: Box<dyn BufRead>,
    origin: String,
    line_no: usize,
    buf: Vec<u8>,
    done: bool,
}

impl Iterator for JsonLines {
    type Item = Item;
    fn next(&mut self) -> Option<Item> {
        while !self.done {
            self.buf.clear();
            self.line_no += 1;
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    let line = match std::str::from_utf8(&self.buf) {
                        Ok(l) => l.trim(),
                        Err(_) => {
                            return Some(Item::Error {
                                origin: format!("{}:{}", self.origin, self.line_no),
                                message: "line is not valid UTF-8".into(),
                            })
                        }
                    };
                    if line.is_empty() {
                        continue;
                    }
                    return Some(parse_json_line(&self.origin, self.line_no, line));
                }
                Err(e) => {
                    self.done = true;
                    return Some(Item::Error {
                        origin: self.origin.clone(),
                        message: e.to_string(),
                    });
                }
            }
        }
        None
    }
}
