//! Integration tests for whosaid-text: the seed article and property tests over
//! arbitrary input (never panics; structural invariants of the analysis hold).

use proptest::prelude::*;
use whosaid_core::TokenKind;
use whosaid_text::{analyze, Analysis};

const SEED: &str = include_str!("../../../../examples/seed.txt");

fn words<'a>(text: &'a str, a: &Analysis) -> Vec<&'a str> {
    a.tokens.iter().map(|t| t.span.text(text)).collect()
}

/// Every structural invariant promised by `analyze`.
fn check_invariants(text: &str, a: &Analysis) {
    let n = a.tokens.len();
    let mut prev_end = 0;
    for t in &a.tokens {
        assert!(t.span.start < t.span.end, "empty token {t:?}");
        assert!(t.span.start >= prev_end, "overlap or disorder at {t:?}");
        assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
        let s = t.span.text(text);
        let (Some(first), Some(last)) = (s.chars().next(), s.chars().next_back()) else {
            panic!("empty")
        };
        assert!(
            !first.is_whitespace() && !last.is_whitespace(),
            "whitespace edge {s:?}"
        );
        assert!(!s.contains('\n'), "newline inside token {s:?}");
        prev_end = t.span.end;
    }
    // sentences partition the tokens, in order
    let mut next = 0;
    for s in &a.sentences {
        assert_eq!(s.tokens.start, next);
        assert!(s.tokens.end > s.tokens.start);
        assert_eq!(s.span.start, a.tokens[s.tokens.start].span.start);
        assert_eq!(s.span.end, a.tokens[s.tokens.end - 1].span.end);
        next = s.tokens.end;
    }
    assert_eq!(next, n);
    // paragraphs partition the sentences
    let mut next = 0;
    for p in &a.paragraphs {
        assert_eq!(p.sentences.start, next);
        assert!(p.sentences.end > p.sentences.start);
        next = p.sentences.end;
    }
    assert_eq!(next, a.sentences.len());
    assert_eq!(a.quote_depth.len(), n);
    assert_eq!(a.quote_of.len(), n);
    for q in &a.quotes {
        assert!(q.open < n);
        if let Some(c) = q.close {
            assert!(c < n && q.open < c);
            assert_eq!(a.tokens[c].kind, TokenKind::CloseQuote);
        }
        assert_eq!(a.tokens[q.open].kind, TokenKind::OpenQuote);
        assert!(q
            .continued_at
            .iter()
            .all(|&c| c > q.open && c < n && q.close.is_none_or(|cl| c < cl)));
        assert!(q.span.start <= q.span.end);
    }
    for (i, q) in a.quote_of.iter().enumerate() {
        assert_eq!(q.is_some(), a.quote_depth[i] > 0);
        if let Some(q) = q {
            assert!((*q as usize) < a.quotes.len());
        }
    }
}

#[test]
fn seed_article() {
    let a = analyze(SEED);
    check_invariants(SEED, &a);
    let w = words(SEED, &a);
    let find = |s: &str| {
        w.windows(s.split(' ').count())
            .position(|win| win.join(" ") == s)
    };
    assert!(find("( R-LA ) .").is_some(), "(R-LA)");
    assert!(find("has n’t been finalized").is_some());
    assert!(find("Israel ’s demand").is_some());
    assert!(find("Gaza ’s civilian").is_some());
    assert!(find("Trump-Netanyahu meeting").is_some());
    assert!(find("60-day ceasefire").is_some());
    assert!(find("he ’s willing").is_some());
    // no apostrophe is taken for a quotation mark
    for (i, t) in a.tokens.iter().enumerate() {
        if t.span.text(SEED) == "’s" || t.span.text(SEED) == "n’t" {
            assert_eq!(t.kind, TokenKind::Word);
            let _ = i;
        }
    }
    // quotes in the seed are balanced and closed
    assert!(!a.quotes.is_empty());
    assert!(
        a.quotes.iter().all(|q| q.close.is_some()),
        "{:?}",
        a.diagnostics
    );
    let q: Vec<&str> = a.quotes.iter().map(|q| q.span.text(SEED)).collect();
    assert!(q.contains(&"“Morag Corridor,”"));
    assert!(q.contains(&"“at a standstill”"));
    // the first line of the seed is one paragraph; paragraphs split on "\n" and "\n\n"
    assert_eq!(
        a.paragraphs.len(),
        SEED.lines().filter(|l| !l.trim().is_empty()).count()
    );
}

#[test]
fn seed_multi_paragraph_and_nested_quotes() {
    let text = "Scahill said: “This is a fluid situation.\n\n“The bottom line is ‘what Trump wants’ and all parties know this.”\nOutside again.";
    let a = analyze(text);
    check_invariants(text, &a);
    assert_eq!(a.quotes.len(), 2);
    assert_eq!(a.quotes[0].continued_at.len(), 1);
    assert_eq!(a.quotes[1].depth, 1);
    assert_eq!(a.quotes[1].span.text(text), "‘what Trump wants’");
    let w = words(text, &a);
    let outside = w.iter().position(|&s| s == "Outside");
    assert_eq!(outside.map(|i| a.quote_depth[i]), Some(0));
    let wants = w.iter().position(|&s| s == "wants");
    assert_eq!(wants.map(|i| a.quote_depth[i]), Some(2));
}

#[test]
fn odd_inputs() {
    for text in [
        "",
        " ",
        "\n\n\n",
        "\u{200b}\u{feff}\u{ad}",
        "\"",
        "'",
        "“",
        "”",
        "...",
        "U.S.",
        "a'",
        "'s",
        "n't",
        "\u{0}\u{1}\u{7f}x\u{85}y",
        "é\u{301}\u{301}",
        "👨‍👩‍👧",
        "中文。句子！",
        "http://",
        "@",
        "#",
        "a@b.",
        "1,00",
        "1,000,000.5",
        "--- —— …… . . . .",
    ] {
        let a = analyze(text);
        check_invariants(text, &a);
    }
}

#[test]
fn large_input_is_linear() {
    // 5,000 opening marks, none closed, in one paragraph and across paragraphs
    for unit in ["“word ", "\"word ", "‘x ", "“a.\n", "( “ ' ` "] {
        let text = unit.repeat(5000);
        let a = analyze(&text);
        check_invariants(&text, &a);
        assert!(!a.diagnostics.is_empty() || unit.starts_with('“') && unit.ends_with('\n'));
    }
    // a long run without white space
    let text = "a.".repeat(100_000) + &"x,".repeat(100_000) + &"a..b".repeat(50_000);
    let a = analyze(&text);
    check_invariants(&text, &a);
}

fn messy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("‘".to_string()),
        Just("’".to_string()),
        Just("``".to_string()),
        Just("''".to_string()),
        Just(".".to_string()),
        Just("...".to_string()),
        Just("…".to_string()),
        Just("!".to_string()),
        Just("?".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("-".to_string()),
        Just("—".to_string()),
        Just("\u{a0}".to_string()),
        Just("\u{ad}".to_string()),
        Just("\u{200b}".to_string()),
        Just("U.S.".to_string()),
        Just("Mr.".to_string()),
        Just("n't".to_string()),
        Just("'s".to_string()),
        Just("http://a.b".to_string()),
        Just("@x".to_string()),
        Just("1,000".to_string()),
        "[a-zA-Z]{1,6}",
        "[0-9]{1,4}",
        "[éü中😀\u{301}]{1,3}",
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_strings_hold_invariants(text in any::<String>()) {
        let a = analyze(&text);
        check_invariants(&text, &a);
    }

    #[test]
    fn messy_strings_hold_invariants(text in messy_text()) {
        let a = analyze(&text);
        check_invariants(&text, &a);
    }
}
