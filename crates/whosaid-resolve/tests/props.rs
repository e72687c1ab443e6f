//! Resolution never panics on arbitrary text and keeps its invariants: one
//! provenance per attribution, every span inside the text on char boundaries, every
//! entity id pointing at an entity.

use proptest::prelude::*;
use std::sync::LazyLock;
use whosaid_core::{Article, Span};

static EX: LazyLock<whosaid_extract::Extractor> =
    LazyLock::new(|| whosaid_extract::Extractor::builtin().expect("built-in models"));
static RES: LazyLock<whosaid_resolve::Resolver> = LazyLock::new(whosaid_resolve::Resolver::default);

const WORDS: &[&str] = &[
    "he",
    "she",
    "they",
    "it",
    "who",
    "that",
    "his",
    "her",
    "the",
    "a",
    "official",
    "officials",
    "said",
    "told",
    "him",
    "claims",
    "according",
    "to",
    "reports",
    "Trump",
    "Donald",
    "Mr.",
    "Sen.",
    "(R-LA)",
    "(",
    ")",
    "President",
    "Hamas",
    "Haaretz",
    "X",
    "on",
    "in",
    "post",
    "statement",
    "“",
    "”",
    "\"",
    ",",
    ".",
    "'s",
    "’s",
    "campaign",
    "office",
    "not",
    "will",
    "hasn’t",
    "been",
    "finalized",
    "likely",
    "denied",
    "CNN",
    "Jeremy",
    "Scahill",
    "é",
    "\n\n",
    "WALLACE",
    ":",
    "—",
    "poll",
    "by",
    "Bloomberg",
    "I",
    "we",
    "you",
    "of",
    "and",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(WORDS), 0..80).prop_map(|w| w.join(" ")),
        "\\PC{0,300}",
    ]
}

fn inside(text: &str, s: Span) -> bool {
    s.start <= s.end
        && s.end <= text.len()
        && text.is_char_boundary(s.start)
        && text.is_char_boundary(s.end)
}

proptest! {
    #[test]
    fn resolution_keeps_its_invariants(t in text(), outermost in any::<bool>()) {
        let art = Article::new("p", t.clone());
        let (attrs, res) = whosaid_resolve::analyze(&EX, &RES, &art, outermost);
        prop_assert_eq!(res.provenance.len(), attrs.len());
        let n = res.entities.len();
        for (i, e) in res.entities.iter().enumerate() {
            prop_assert_eq!(e.id, i);
            for m in &e.mentions {
                prop_assert!(inside(&t, *m));
            }
        }
        for p in &res.provenance {
            if let Some(s) = &p.speaker {
                prop_assert!(s.entity.is_none_or(|e| e < n));
                prop_assert!(s.antecedent.is_none_or(|a| inside(&t, a)));
            }
            for l in p.chain.iter().chain(&p.recipient).chain(&p.medium) {
                prop_assert!(l.entity.is_none_or(|e| e < n));
                prop_assert!(l.span.is_none_or(|a| inside(&t, a)));
                prop_assert!(l.attribution.is_none_or(|a| a < attrs.len() || outermost));
            }
            if !p.chain.is_empty() {
                prop_assert_eq!(p.chain.last().map(|l| l.role), Some(whosaid_core::LinkRole::Article));
            }
        }
        // the public form converts
        let out = whosaid_core::schema::ArticleOut::from_resolved(&art, &attrs, Some(&res), false, true);
        prop_assert!(out.is_ok());
    }
}
