//! Property tests: `score` never panics, every ratio lies in [0, 1], and gold
//! scored against itself is perfect.

use proptest::prelude::*;
use whosaid_eval::{score, Attr, Doc};

const ALPHABET: &[char] = &[
    'a', 'b', 'Z', 'é', '1', ' ', ' ', ',', '.', ':', '"', '\u{a0}', '-', '\n', '\u{93e}', '’',
];

type RawRole = Vec<(u16, u16)>;
type RawAttr = (RawRole, RawRole, RawRole);

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(ALPHABET), 1..40)
        .prop_map(|v| v.into_iter().collect())
}

fn raw_atts(min_content: usize) -> impl Strategy<Value = Vec<RawAttr>> {
    let role = |lo: usize| proptest::collection::vec((any::<u16>(), 1u16..12), lo..3);
    proptest::collection::vec((role(0), role(0), role(min_content)), 0..6)
}

fn frags(raw: &RawRole, n: usize) -> Vec<[usize; 2]> {
    raw.iter()
        .map(|&(s, l)| {
            let s = usize::from(s) % n;
            [s, (s + usize::from(l)).min(n)]
        })
        .collect()
}

fn attrs(raw: &[RawAttr], n: usize) -> Vec<Attr> {
    raw.iter()
        .map(|(s, c, t)| Attr {
            source: frags(s, n),
            cue: frags(c, n),
            content: frags(t, n),
            parent: None,
        })
        .collect()
}

fn doc(text: Option<&str>, atts: Vec<Attr>) -> Doc {
    Doc {
        id: "d".into(),
        text: text.map(Into::into),
        attributions: atts,
    }
}

proptest! {
    #[test]
    fn never_panics_and_ratios_are_bounded(t in text(), g in raw_atts(0), p in raw_atts(0)) {
        let n = t.chars().count();
        let gold = [doc(Some(&t), attrs(&g, n))];
        let pred = [doc(None, attrs(&p, n))];
        let s = score(&gold, &pred).unwrap();
        for (_, _, c) in s.cells() {
            prop_assert!(c.matched <= c.gold.min(c.predicted));
            for v in [c.p(), c.r(), c.f1()] {
                prop_assert!((0.0..=1.0).contains(&v));
            }
        }
        let _ = s.to_table();
        let _ = s.to_json();
    }

    #[test]
    fn gold_against_itself_is_perfect(t in text(), g in raw_atts(1)) {
        let chars: Vec<char> = t.chars().collect();
        let n = chars.len();
        // Anchor every fragment on a word character so that every span has one
        // (a whitespace-only span can never match, not even itself).
        let Some(first_word) = chars.iter().position(|&c| whosaid_eval::is_word_char(c)) else {
            return Ok(());
        };
        let mut atts = attrs(&g, n);
        for a in &mut atts {
            for role in [&mut a.source, &mut a.cue, &mut a.content] {
                for f in role.iter_mut() {
                    let s = (f[0]..n)
                        .find(|&i| whosaid_eval::is_word_char(chars[i]))
                        .unwrap_or(first_word);
                    *f = [s, f[1].max(s + 1)];
                }
            }
        }
        let gold = [doc(Some(&t), atts.clone())];
        let pred = [doc(None, atts)];
        let s = score(&gold, &pred).unwrap();
        for (m, tg, c) in s.cells() {
            if c.gold > 0 {
                prop_assert_eq!(c.f1(), 1.0, "{:?} {:?} {:?}", m, tg, c);
                prop_assert_eq!(c.p(), 1.0);
                prop_assert_eq!(c.r(), 1.0);
            } else {
                prop_assert_eq!(c.predicted, 0);
            }
        }
    }
}
