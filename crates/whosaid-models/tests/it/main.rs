//! Integration tests of whosaid-models: committed fixtures of every model file
//! format version still supported, and refusals of damaged or newer files.

use std::path::PathBuf;

use whosaid_models::format::{encode_model, parse_model};
use whosaid_models::{Error, SequenceModel};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The toy model stored in `tests/fixtures/toy-v1.model`.
fn toy() -> SequenceModel {
    let labels = vec!["A".to_string(), "B".to_string()];
    let keys = vec![whosaid_models::hash(b"w=a"), whosaid_models::hash(b"w=b")];
    let (keys, w) = if keys[0] < keys[1] {
        (keys, vec![1.0, 0.0, 0.0, 1.0])
    } else {
        (vec![keys[1], keys[0]], vec![0.0, 1.0, 1.0, 0.0])
    };
    let trans = vec![0.5, 0.0, 0.0, 0.25, 0.0, 0.0];
    SequenceModel::from_parts(labels, keys, w, Some(trans)).expect("valid toy model")
}

#[test]
fn opens_version_1_fixture() {
    let path = fixture("toy-v1.model");
    if std::env::var_os("WHOSAID_WRITE_FIXTURES").is_some() {
        let mut out = Vec::new();
        toy()
            .write(&mut out, "toy", r#"{"note":"format version 1 fixture"}"#)
            .expect("write");
        std::fs::write(&path, out).expect("write fixture");
    }
    let bytes = std::fs::read(&path).expect("fixture present");
    let (m, meta) = SequenceModel::read(&bytes[..], "toy").expect("version 1 opens");
    assert_eq!(meta, r#"{"note":"format version 1 fixture"}"#);
    assert_eq!(m, toy());
    let a = whosaid_models::hash(b"w=a");
    let b = whosaid_models::hash(b"w=b");
    assert_eq!(m.predict(&vec![vec![a], vec![b]]), vec![0, 1]);
}

#[test]
fn newer_version_is_refused_with_a_message() {
    let mut bytes = std::fs::read(fixture("toy-v1.model")).expect("fixture present");
    bytes[8..12].copy_from_slice(&99u32.to_le_bytes());
    let err = SequenceModel::read(&bytes[..], "toy").expect_err("refused");
    assert!(matches!(err, Error::Version { found: 99, .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("version 99") && msg.contains("rebuild it with `whosaid train`"),
        "{msg}"
    );
}

#[test]
fn damaged_files_are_typed_errors() {
    let bytes = std::fs::read(fixture("toy-v1.model")).expect("fixture present");
    assert!(matches!(
        SequenceModel::read(&bytes[..], "pos"),
        Err(Error::WrongKind { .. })
    ));
    let mut flipped = bytes.clone();
    let last = flipped.len() - 10;
    flipped[last] ^= 0x40;
    assert!(matches!(
        SequenceModel::read(&flipped[..], "toy"),
        Err(Error::Checksum { .. })
    ));
    for cut in 0..bytes.len() {
        assert!(SequenceModel::read(&bytes[..cut], "toy").is_err());
    }
    // A valid container around a garbage payload.
    let junk = encode_model("toy", "{}", &[0xff; 64]);
    assert!(parse_model(&junk, Some("toy")).is_ok());
    assert!(SequenceModel::read(&junk[..], "toy").is_err());
}

/// The committed taggers (when present) tag a typical news sentence sensibly.
#[test]
fn committed_taggers_tag_a_news_sentence() {
    use whosaid_core::{Sentence, Span, Token, TokenKind};
    use whosaid_models::{Tagger, TaggerKind};
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models");
    let (Ok(pos), Ok(ner)) = (
        std::fs::read(dir.join("pos.model")),
        std::fs::read(dir.join("ner.model")),
    ) else {
        eprintln!("models/pos.model or models/ner.model missing: skipped");
        return;
    };
    let pos = Tagger::from_bytes(&pos).expect("pos.model loads");
    let ner = Tagger::from_bytes(&ner).expect("ner.model loads");
    assert_eq!(pos.kind(), TaggerKind::Pos);
    assert_eq!(ner.kind(), TaggerKind::Ner);
    let text = "President Trump said on Tuesday that he wants a deal.";
    let mut tokens = Vec::new();
    let mut start = 0;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c == ' ' || c == '.' {
            if start < i {
                tokens.push(Token {
                    span: Span::new(start, i),
                    kind: TokenKind::Word,
                });
            }
            if c == '.' {
                tokens.push(Token {
                    span: Span::new(i, i + 1),
                    kind: TokenKind::Punct,
                });
            }
            start = i + 1;
        }
    }
    let sentences = vec![Sentence {
        span: Span::new(0, text.len()),
        tokens: 0..tokens.len(),
    }];
    let tags = pos.tag(text, &tokens, &sentences);
    let names: Vec<&str> = tags
        .iter()
        .map(|&t| pos.labels()[usize::from(t)].as_str())
        .collect();
    assert_eq!(
        names,
        ["NNP", "NNP", "VBD", "IN", "NNP", "IN", "PRP", "VBZ", "DT", "NN", "."]
    );
    let ents = ner.tag_with_pos(text, &tokens, &sentences, &tags);
    let found = ner.entities(&ents);
    assert!(
        found
            .iter()
            .any(|e| e.tokens == (1..2) && e.class == "PERSON"),
        "{found:?}"
    );
}
