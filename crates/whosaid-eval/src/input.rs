//! Reading gold and predicted attributions from JSON Lines, validated like the reference.
//!
//! A line is `{"id": ..., "text": ..., "attributions": [{"source": [[s, e], ...],
//! "cue": [...], "content": [...]}, ...]}`; offsets are code points, end-exclusive.
//! Unknown keys (on the line or on an attribution) are ignored, except an optional
//! integer `"parent"` on an attribution, kept so callers can drop nested ones.
//! Lines are split the way Python's text mode does (`\n`, `\r\n`, `\r`), a leading
//! byte order mark is skipped and blank lines are ignored.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Map, Value};

use crate::chars;
use crate::error::{Error, Result};

/// The three roles of an attribution, in the reference's order.
pub const ROLES: [&str; 3] = ["source", "cue", "content"];

/// One document (one JSON line): gold when it carries `text`, or a prediction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Doc {
    /// Document id.
    pub id: String,
    /// The text the offsets point into (required for gold, optional for predictions).
    pub text: Option<String>,
    /// The attributions, in line order.
    pub attributions: Vec<Attr>,
}

/// One attribution: each role is a list of `[start, end)` fragments in code points;
/// an empty list means the role is absent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attr {
    /// Who is speaking.
    pub source: Vec<[usize; 2]>,
    /// The speech verb or other cue.
    pub cue: Vec<[usize; 2]>,
    /// What is attributed.
    pub content: Vec<[usize; 2]>,
    /// Index of the enclosing attribution when this one is nested (whosaid output);
    /// `None` when absent, null or not a non-negative integer.
    pub parent: Option<u64>,
}

impl Attr {
    /// The fragments of role `i` (0 = source, 1 = cue, 2 = content).
    pub fn role(&self, i: usize) -> &[[usize; 2]] {
        match i {
            0 => &self.source,
            1 => &self.cue,
            _ => &self.content,
        }
    }
}

/// Drops every attribution that has a `parent` (keeps the outermost ones only).
///
/// The reference scorer does not do this; PolNeAR gold has no nested attributions.
pub fn drop_nested(docs: &mut [Doc]) {
    for d in docs {
        d.attributions.retain(|a| a.parent.is_none());
    }
}

/// Reads and validates a JSON Lines file; errors name the file and line.
pub fn read_jsonl(path: &Path) -> Result<Vec<Doc>> {
    let (name, text) = read_text(path)?;
    parse_jsonl(&name, &text)
}

/// Parses and validates JSON Lines text; `name` is used in error messages.
///
/// Checks what the reference checks: every line is an object with a string `id`,
/// an `attributions` list of objects with all three roles, every fragment a pair
/// of integers with `0 <= start < end`, and `end <= ` the text length (in code
/// points) when the line has a `text`, which must then be a string.
pub fn parse_jsonl(name: &str, input: &str) -> Result<Vec<Doc>> {
    let mut docs = Vec::new();
    for (n, line) in lines(input) {
        let rec = parse_line(name, n, line)?;
        if let Some(rec) = rec {
            docs.push(doc_from(name, n, rec)?);
        }
    }
    Ok(docs)
}

/// Reads the value of one top-level `field` for every id of a JSON Lines file,
/// rendered as Python's `str()` would (missing or null: `"None"`), for grouping.
pub fn read_field(path: &Path, field: &str) -> Result<HashMap<String, String>> {
    let (name, text) = read_text(path)?;
    parse_field(&name, &text, field)
}

/// Like [`read_field`] on text already in memory.
pub fn parse_field(name: &str, input: &str, field: &str) -> Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    for (n, line) in lines(input) {
        if let Some(rec) = parse_line(name, n, line)? {
            let id = match rec.get("id") {
                Some(Value::String(s)) => s.clone(),
                _ => return Err(line_err(name, n, None, "missing or non-string \"id\"")),
            };
            out.insert(id, py_str(rec.get(field)));
        }
    }
    Ok(out)
}

/// Python's `str()` of a JSON value, close enough for group keys.
pub(crate) fn py_str(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "None".to_string(),
        Some(Value::Bool(true)) => "True".to_string(),
        Some(Value::Bool(false)) => "False".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn read_text(path: &Path) -> Result<(String, String)> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    match String::from_utf8(bytes) {
        Ok(s) => Ok((name, s)),
        Err(e) => {
            let ok = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = 1 + ok.iter().filter(|&&b| b == b'\n').count();
            Err(Error::Utf8 { file: name, line })
        }
    }
}

/// Lines as Python's universal-newline mode yields them, numbered from 1,
/// after skipping one leading byte order mark.
fn lines(input: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = input.strip_prefix('\u{feff}').unwrap_or(input);
    let mut n = 0;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        n += 1;
        let (line, next) = match rest.find(['\n', '\r']) {
            Some(i) => {
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                (&rest[..i], &rest[i + skip..])
            }
            None => (rest, ""),
        };
        rest = next;
        Some((n, line))
    })
}

fn line_err(file: &str, line: usize, id: Option<&str>, reason: impl Into<String>) -> Error {
    Error::Line {
        file: file.to_string(),
        line,
        id: id.map(str::to_string),
        reason: reason.into(),
    }
}

/// Parses one line into an object; `None` for a blank line.
fn parse_line(name: &str, n: usize, line: &str) -> Result<Option<Map<String, Value>>> {
    if line.chars().all(chars::is_space) {
        return Ok(None);
    }
    let value: Value = serde_json::from_str(line)
        .map_err(|e| line_err(name, n, None, format!("invalid JSON: {e}")))?;
    match value {
        Value::Object(m) => Ok(Some(m)),
        _ => Err(line_err(name, n, None, "expected a JSON object")),
    }
}

fn doc_from(name: &str, n: usize, mut rec: Map<String, Value>) -> Result<Doc> {
    let id = match rec.get("id") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(line_err(name, n, None, "missing or non-string \"id\"")),
    };
    let Some(atts) = rec.remove("attributions") else {
        return Err(line_err(name, n, None, "missing \"attributions\""));
    };
    let text = match rec.remove("text") {
        None => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => return Err(line_err(name, n, None, "\"text\" must be a string")),
    };
    let text_len = text.as_ref().map(|t| t.chars().count());
    let err = |reason: String| line_err(name, n, Some(&id), reason);
    let Value::Array(atts) = atts else {
        return Err(err("\"attributions\" must be a list".to_string()));
    };
    let mut attributions = Vec::with_capacity(atts.len());
    for (i, a) in atts.iter().enumerate() {
        let w = format!("attributions[{i}]");
        let Value::Object(a) = a else {
            return Err(err(format!("{w}: expected an object")));
        };
        let mut roles: [Vec<[usize; 2]>; 3] = Default::default();
        for (r, role) in ROLES.iter().enumerate() {
            let Some(v) = a.get(*role) else {
                return Err(err(format!(
                    "{w}: missing key \"{role}\" (use [] for an empty role)"
                )));
            };
            roles[r] = check_spans(v, &format!("{w}.{role}"), text_len).map_err(&err)?;
        }
        let parent = a.get("parent").and_then(Value::as_u64);
        let [source, cue, content] = roles;
        attributions.push(Attr {
            source,
            cue,
            content,
            parent,
        });
    }
    Ok(Doc {
        id,
        text,
        attributions,
    })
}

fn py_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(x) if x.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

fn as_int(v: &Value) -> Option<i128> {
    match v {
        Value::Number(x) => x
            .as_u64()
            .map(i128::from)
            .or_else(|| x.as_i64().map(i128::from)),
        _ => None,
    }
}

fn check_spans(
    value: &Value,
    where_: &str,
    text_len: Option<usize>,
) -> std::result::Result<Vec<[usize; 2]>, String> {
    let Value::Array(frags) = value else {
        return Err(format!(
            "{where_}: expected a list of [start, end] pairs, got {}",
            py_type(value)
        ));
    };
    let mut out = Vec::with_capacity(frags.len());
    for (k, fr) in frags.iter().enumerate() {
        let pair = match fr {
            Value::Array(p) if p.len() == 2 => as_int(&p[0]).zip(as_int(&p[1])),
            _ => None,
        };
        let Some((s, e)) = pair else {
            return Err(format!(
                "{where_}[{k}]: expected [start, end] with two integers, got {fr}"
            ));
        };
        if !(0 <= s && s < e) {
            return Err(format!(
                "{where_}[{k}]: bad span [{s}, {e}] (need 0 <= start < end)"
            ));
        }
        if let Some(len) = text_len {
            if e > len as i128 {
                return Err(format!(
                    "{where_}[{k}]: span [{s}, {e}] ends after the end of the text ({len} code points)"
                ));
            }
        }
        let (Ok(s), Ok(e)) = (usize::try_from(s), usize::try_from(e)) else {
            return Err(format!("{where_}[{k}]: span [{s}, {e}] is too large"));
        };
        out.push([s, e]);
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_ignores_unknown_keys() {
        let input = "\u{feff}{\"id\":\"a\",\"text\":\"Hé said: yes\",\"x\":1,\"attributions\":[{\"source\":[[0,2]],\"cue\":[[3,7]],\"content\":[[9,12]],\"kind\":\"direct\",\"parent\":null,\"text\":{\"a\":1}}]}\r\n\n  \n{\"id\":\"b\",\"attributions\":[{\"source\":[],\"cue\":[],\"content\":[[0,1],[2,3]],\"parent\":0,\"confidence\":0.5}]}";
        let docs = parse_jsonl("t", input).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].text.as_deref(), Some("Hé said: yes"));
        assert_eq!(docs[0].attributions[0].cue, vec![[3, 7]]);
        assert_eq!(docs[0].attributions[0].parent, None);
        assert_eq!(docs[1].text, None);
        assert_eq!(docs[1].attributions[0].content, vec![[0, 1], [2, 3]]);
        assert_eq!(docs[1].attributions[0].parent, Some(0));
        let mut d = docs;
        drop_nested(&mut d);
        assert!(d[1].attributions.is_empty());
        assert_eq!(d[0].attributions.len(), 1);
    }

    fn err(input: &str) -> String {
        parse_jsonl("f.jsonl", input).unwrap_err().to_string()
    }

    #[test]
    fn errors_name_file_line_and_reason() {
        assert_eq!(
            err("\n{\"id\":1,\"attributions\":[]}"),
            "f.jsonl:2: missing or non-string \"id\""
        );
        assert!(err("{nope").starts_with("f.jsonl:1: invalid JSON: "));
        assert_eq!(err("[1]"), "f.jsonl:1: expected a JSON object");
        assert_eq!(err("{\"id\":\"a\"}"), "f.jsonl:1: missing \"attributions\"");
        assert_eq!(
            err("{\"id\":\"a\",\"text\":3,\"attributions\":[]}"),
            "f.jsonl:1: \"text\" must be a string"
        );
        assert_eq!(
            err("{\"id\":\"a\",\"attributions\":{}}"),
            "f.jsonl:1 (id a): \"attributions\" must be a list"
        );
        assert_eq!(
            err("{\"id\":\"a\",\"attributions\":[{\"source\":[],\"cue\":[]}]}"),
            "f.jsonl:1 (id a): attributions[0]: missing key \"content\" (use [] for an empty role)"
        );
        assert_eq!(
            err("{\"id\":\"a\",\"attributions\":[{\"source\":[[5,3]],\"cue\":[],\"content\":[]}]}"),
            "f.jsonl:1 (id a): attributions[0].source[0]: bad span [5, 3] (need 0 <= start < end)"
        );
        assert_eq!(
            err("{\"id\":\"a\",\"attributions\":[{\"source\":[[\"0\",3]],\"cue\":[],\"content\":[]}]}"),
            "f.jsonl:1 (id a): attributions[0].source[0]: expected [start, end] with two integers, got [\"0\",3]"
        );
        assert_eq!(
            err("{\"id\":\"a\",\"attributions\":[{\"source\":[[0,3.0]],\"cue\":[],\"content\":[]}]}"),
            "f.jsonl:1 (id a): attributions[0].source[0]: expected [start, end] with two integers, got [0,3.0]"
        );
        assert_eq!(
            err("{\"id\":\"a\",\"attributions\":[{\"source\":[[true,3]],\"cue\":[],\"content\":[]}]}"),
            "f.jsonl:1 (id a): attributions[0].source[0]: expected [start, end] with two integers, got [true,3]"
        );
        assert_eq!(
            err("{\"id\":\"a\",\"attributions\":[{\"source\":null,\"cue\":[],\"content\":[]}]}"),
            "f.jsonl:1 (id a): attributions[0].source: expected a list of [start, end] pairs, got NoneType"
        );
        assert_eq!(
            err("{\"id\":\"a\",\"text\":\"abc\",\"attributions\":[{\"source\":[],\"cue\":[[-1,2]],\"content\":[]}]}"),
            "f.jsonl:1 (id a): attributions[0].cue[0]: bad span [-1, 2] (need 0 <= start < end)"
        );
        assert_eq!(
            err("{\"id\":\"a\",\"text\":\"abc\",\"attributions\":[{\"source\":[],\"cue\":[],\"content\":[[0,1000000]]}]}"),
            "f.jsonl:1 (id a): attributions[0].content[0]: span [0, 1000000] ends after the end of the text (3 code points)"
        );
        assert_eq!(
            err("{\"id\":\"a\",\"attributions\":[3]}"),
            "f.jsonl:1 (id a): attributions[0]: expected an object"
        );
    }

    #[test]
    fn universal_newlines_count_lines() {
        assert_eq!(
            err("\r\r{\"id\":\"a\"}"),
            "f.jsonl:3: missing \"attributions\""
        );
        let got: Vec<_> = lines("a\r\nb\rc\n\nd").collect();
        assert_eq!(got, vec![(1, "a"), (2, "b"), (3, "c"), (4, ""), (5, "d")]);
    }

    #[test]
    fn read_jsonl_names_missing_file() {
        let e = read_jsonl(Path::new("/nonexistent/x.jsonl")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("/nonexistent/x.jsonl: cannot open: "),
            "{e}"
        );
    }

    #[test]
    fn field_values_render_like_python_str() {
        let m = parse_field(
            "t",
            "{\"id\":\"a\",\"p\":\"x\"}\n{\"id\":\"b\"}\n{\"id\":\"c\",\"p\":3}\n{\"id\":\"d\",\"p\":true}",
            "p",
        )
        .unwrap();
        assert_eq!(m["a"], "x");
        assert_eq!(m["b"], "None");
        assert_eq!(m["c"], "3");
        assert_eq!(m["d"], "True");
    }
}
