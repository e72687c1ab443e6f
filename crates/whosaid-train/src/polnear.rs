//! Readers for the PolNeAR corpus files: gold attribution files (`train.jsonl`,
//! `dev.jsonl`, …) and the silver CoreNLP annotations (`silver-*.jsonl`).
//!
//! Offsets in the files are Unicode code points, end-exclusive; they are kept as
//! they are here, and [`char_to_byte`] converts them for a given text.

use std::io::{BufRead, BufReader};
use std::path::Path;

use serde::Deserialize;

use crate::{Error, Result};

/// One gold attribution: code-point spans of each role (possibly discontinuous).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct GoldAttribution {
    #[serde(default)]
    pub source: Vec<[usize; 2]>,
    #[serde(default)]
    pub cue: Vec<[usize; 2]>,
    #[serde(default)]
    pub content: Vec<[usize; 2]>,
}

/// One article of a gold file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct GoldArticle {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub attributions: Vec<GoldAttribution>,
}

/// One CoreNLP token: code-point span, word (normalised by CoreNLP), lemma, POS, NER.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SilverToken {
    pub start: usize,
    pub end: usize,
    pub word: String,
    pub lemma: String,
    pub pos: String,
    pub ner: String,
}

/// One CoreNLP sentence: tokens and one basic dependency per token.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SilverSentence {
    pub tokens: Vec<SilverToken>,
    /// `(head, relation)`; head is a token index in the sentence, `-1` for the root.
    pub deps: Vec<(i64, String)>,
}

/// A coreference mention (0-based sentence and token indices, `end` exclusive).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Mention {
    pub sent: usize,
    pub start: usize,
    pub end: usize,
    pub head: usize,
    #[serde(default)]
    pub representative: bool,
}

/// One article of a silver file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SilverArticle {
    pub id: String,
    pub sentences: Vec<SilverSentence>,
    pub coref: Vec<Vec<Mention>>,
}

#[derive(Deserialize)]
struct RawSentence {
    tokens: Vec<(usize, usize, String, String, String, String)>,
    #[serde(default)]
    deps: Vec<(i64, String)>,
}

#[derive(Deserialize)]
struct RawSilver {
    id: String,
    sentences: Vec<RawSentence>,
    #[serde(default)]
    coref: Vec<Vec<Mention>>,
}

impl From<RawSilver> for SilverArticle {
    fn from(r: RawSilver) -> SilverArticle {
        SilverArticle {
            id: r.id,
            sentences: r
                .sentences
                .into_iter()
                .map(|s| SilverSentence {
                    tokens: s
                        .tokens
                        .into_iter()
                        .map(|(start, end, word, lemma, pos, ner)| SilverToken {
                            start,
                            end,
                            word,
                            lemma,
                            pos,
                            ner,
                        })
                        .collect(),
                    deps: s.deps,
                })
                .collect(),
            coref: r.coref,
        }
    }
}

/// Reads a JSON Lines file, one `T` per non-blank line; errors name file and line.
pub fn read_jsonl<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    let name = path.display().to_string();
    let f = std::fs::File::open(path).map_err(|source| Error::Io {
        path: name.clone(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in BufReader::new(f).lines().enumerate() {
        let line = line.map_err(|source| Error::Io {
            path: name.clone(),
            source,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let v = serde_json::from_str(&line).map_err(|e| Error::Parse {
            path: name.clone(),
            line: i + 1,
            message: e.to_string(),
        })?;
        out.push(v);
    }
    Ok(out)
}

/// Reads a gold file and checks every span against its text.
pub fn read_gold(path: &Path) -> Result<Vec<GoldArticle>> {
    let arts: Vec<GoldArticle> = read_jsonl(path)?;
    for (i, a) in arts.iter().enumerate() {
        let n = a.text.chars().count();
        for att in &a.attributions {
            for s in att.source.iter().chain(&att.cue).chain(&att.content) {
                if s[0] > s[1] || s[1] > n {
                    return Err(Error::Parse {
                        path: path.display().to_string(),
                        line: i + 1,
                        message: format!(
                            "span {s:?} outside the text ({n} code points) of {}",
                            a.id
                        ),
                    });
                }
            }
        }
    }
    Ok(arts)
}

/// Reads a silver file and checks every token's span is ordered and every sentence
/// has one dependency per token (when it has any).
pub fn read_silver(path: &Path) -> Result<Vec<SilverArticle>> {
    let raw: Vec<RawSilver> = read_jsonl(path)?;
    let mut out = Vec::with_capacity(raw.len());
    for (i, r) in raw.into_iter().enumerate() {
        let a = SilverArticle::from(r);
        for s in &a.sentences {
            let bad_tok = s.tokens.iter().any(|t| t.start > t.end);
            let bad_deps = !s.deps.is_empty() && s.deps.len() != s.tokens.len();
            if bad_tok || bad_deps {
                return Err(Error::Parse {
                    path: path.display().to_string(),
                    line: i + 1,
                    message: format!("inconsistent sentence in {}", a.id),
                });
            }
        }
        out.push(a);
    }
    Ok(out)
}

/// Byte offset of each code point of `text`, plus `text.len()` at the end: code point
/// offset `c` is byte offset `table[c]`.
pub fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    v.push(text.len());
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_silver_line() {
        let dir = std::env::temp_dir().join(format!("whosaid-polnear-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("tmp");
        let p = dir.join("s.jsonl");
        std::fs::write(
            &p,
            "{\"id\":\"a\",\"sentences\":[{\"tokens\":[[0,2,\"Hi\",\"hi\",\"UH\",\"O\"]],\"deps\":[[-1,\"root\"]]}],\"coref\":[]}\n\nnot json\n",
        )
        .expect("write");
        let e = read_silver(&p).expect_err("line 3 is bad");
        assert!(e.to_string().contains("line 3"), "{e}");
        std::fs::write(&p, "{\"id\":\"a\",\"sentences\":[{\"tokens\":[[0,2,\"Hi\",\"hi\",\"UH\",\"O\"]],\"deps\":[[-1,\"root\"]]}],\"coref\":[[{\"sent\":0,\"start\":0,\"end\":1,\"head\":0,\"representative\":true}]]}\n").expect("write");
        let a = read_silver(&p).expect("valid");
        assert_eq!(a[0].sentences[0].tokens[0].pos, "UH");
        assert_eq!(a[0].coref[0][0].end, 1);
        std::fs::write(&p, "{\"id\":\"g\",\"text\":\"é said\",\"attributions\":[{\"source\":[[0,1]],\"cue\":[[2,6]],\"content\":[]}]}\n").expect("write");
        let g = read_gold(&p).expect("valid");
        assert_eq!(g[0].attributions[0].cue, vec![[2, 6]]);
        assert_eq!(char_to_byte(&g[0].text)[2], 3);
        std::fs::remove_dir_all(&dir).ok();
    }
}
