//! Property tests of the extractor on arbitrary and adversarial text (the fuzzing
//! that runs in CI; `PROPTEST_CASES` raises the count): it never panics, and every
//! record it returns is well formed.

use std::sync::OnceLock;

use proptest::prelude::*;
use whosaid_core::{Article, Attribution};
use whosaid_extract::{decode, Extractor};

fn extractor() -> Option<&'static Extractor> {
    static EX: OnceLock<Option<Extractor>> = OnceLock::new();
    EX.get_or_init(|| Extractor::builtin().ok()).as_ref()
}

fn check(text: &str, atts: &[Attribution]) {
    for (i, a) in atts.iter().enumerate() {
        assert_eq!(a.id, i, "ids are indices");
        assert!(!a.content.is_empty(), "every record has a content");
        for s in a.source.iter().chain(&a.cue).chain(&a.content) {
            assert!(
                s.start < s.end && s.end <= text.len(),
                "span {s:?} inside the text"
            );
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
        for w in a.content.windows(2) {
            assert!(
                w[0].end < w[1].start,
                "content fragments sorted and disjoint"
            );
        }
        if let Some(p) = a.parent {
            assert!(p < atts.len() && p != i);
        }
        if let Some(c) = a.continues {
            assert!(c < atts.len() && c != i);
        }
        assert!((0.0..=1.0).contains(&a.confidence));
    }
    let outer = decode::outermost(atts);
    assert!(outer
        .iter()
        .all(|a| a.parent.is_none() && a.continues.is_none()));
    assert!(outer.len() <= atts.len());
}

fn newsy() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "said",
        "told",
        "according to",
        "he",
        "The official",
        "“",
        "”",
        "\"",
        "'",
        "‘",
        "’",
        ",",
        ".",
        " ",
        "\n",
        "\n\n",
        "that",
        "Sen.",
        "U.S.",
        "(R-LA)",
        "—",
        ":",
        "claims",
        "é",
        "中文",
        "🙂",
        "\u{0}",
        "\u{200b}",
        "…",
        "Trump",
    ]);
    prop::collection::vec(pieces, 0..120).prop_map(|v| v.join(" "))
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let Some(ex) = extractor() else { return Ok(()) };
        let atts = ex.extract(&Article::new("p", text.clone())).attributions;
        check(&text, &atts);
    }

    #[test]
    fn news_like_text_is_well_formed(text in newsy()) {
        let Some(ex) = extractor() else { return Ok(()) };
        let atts = ex.extract(&Article::new("p", text.clone())).attributions;
        check(&text, &atts);
    }
}

#[test]
fn windows_keep_offsets_of_long_texts() {
    let Some(ex) = extractor() else { return };
    let para = "“We will not accept this,” the minister said on Tuesday.\n\n";
    let text = para.repeat(whosaid_extract::WINDOW_BYTES / para.len() * 3);
    let atts = ex.extract(&Article::new("long", text.clone())).attributions;
    check(&text, &atts);
    let cues: Vec<&str> = atts
        .iter()
        .filter_map(|a| a.cue.first().map(|s| s.text(&text)))
        .collect();
    assert!(
        cues.len() > 1000,
        "every paragraph's attribution found, got {}",
        cues.len()
    );
    assert!(
        cues.iter().all(|c| *c == "said"),
        "offsets shifted correctly across windows"
    );
}

#[test]
fn quote_lists_attribute_each_quote_to_the_name_after_the_dash() {
    let Some(ex) = extractor() else { return };
    let text = "Readers told us what they thought of the debate.\n\n\
“He represents our greatest shame.” ― Sonya Herridge\n\
“I am so ashamed to be an American. How did we get this low?”\u{a0}― Jacklyn Ashley.\n\
“Maybe we can build a wall around him.”―\u{a0}Edwin G. Monroy\n\n\
Prices rose ― and then fell ― on Monday.\n";
    let atts = ex.extract(&Article::new("q", text)).attributions;
    check(text, &atts);
    let found: Vec<(&str, &str, &str)> = atts
        .iter()
        .filter(|a| a.cue.first().is_some_and(|c| c.text(text) == "―"))
        .map(|a| {
            (
                a.source.first().map_or("", |s| s.text(text)),
                a.content.first().map_or("", |s| s.text(text)),
                a.cue.first().map_or("", |s| s.text(text)),
            )
        })
        .collect();
    assert_eq!(
        found.iter().map(|f| f.0).collect::<Vec<_>>(),
        ["Sonya Herridge", "Jacklyn Ashley", "Edwin G. Monroy"],
        "{atts:#?}"
    );
    assert!(found[0].1.starts_with('“') && found[0].1.ends_with('”'));
    assert!(found[1].1.contains("How did we get this low?"));
    // a dash inside a sentence is not a cue
    assert_eq!(found.len(), 3);
}
