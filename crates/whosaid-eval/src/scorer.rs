//! Scoring predicted documents against gold documents, as the reference scorer does.
//!
//! Every gold document is scored (a gold id missing from the predictions counts as
//! predicting nothing); a predicted id that is not in the gold, or a repeated id, is
//! an error, and so is a predicted text that differs from the gold text or a span
//! past its end. Counts are summed over articles (micro-averaging).

use std::collections::{BTreeMap, HashMap};

use crate::error::{Error, Result};
use crate::input::{Attr, Doc, ROLES};
use crate::matching::{match_attributions, match_role, Article, AttrSpans, Span};
use crate::scores::{Counts, Groups, Metric, Scores, Target};

const ROLE_TARGETS: [Target; 3] = [Target::Source, Target::Cue, Target::Content];

/// Scores `pred` against `gold` (which must carry texts).
pub fn score(gold: &[Doc], pred: &[Doc]) -> Result<Scores> {
    score_impl(gold, pred, None)
}

/// Like [`score`], and also per value of a gold field: `field` names it (for the
/// output) and `values` maps each gold id to its value (see
/// [`crate::read_field`]); ids absent from `values` fall in the group `"None"`.
pub fn score_grouped(
    gold: &[Doc],
    pred: &[Doc],
    field: &str,
    values: &HashMap<String, String>,
) -> Result<Scores> {
    score_impl(gold, pred, Some((field, values)))
}

fn score_impl(
    gold: &[Doc],
    pred: &[Doc],
    group_by: Option<(&str, &HashMap<String, String>)>,
) -> Result<Scores> {
    let mut gold_by_id: HashMap<&str, &Doc> = HashMap::with_capacity(gold.len());
    for g in gold {
        if g.text.is_none() {
            return Err(Error::MissingText { id: g.id.clone() });
        }
        if gold_by_id.insert(&g.id, g).is_some() {
            return Err(Error::DuplicateId {
                side: "gold",
                id: g.id.clone(),
            });
        }
    }
    if gold.is_empty() {
        return Err(Error::NoGold);
    }
    // Checked again: the documents need not come from a file.
    for g in gold {
        let len = g.text.as_deref().unwrap_or_default().chars().count();
        check_spans(&g.id, &g.attributions, len)?;
    }
    let pred_by_id = check_pred(&gold_by_id, pred)?;

    let mut total = Scores::default();
    total.gold_file_articles = gold.len() as u64;
    total.pred_file_articles = pred_by_id.len() as u64;
    let mut groups: BTreeMap<String, Scores> = BTreeMap::new();
    for g in gold {
        let text = g.text.as_deref().unwrap_or_default();
        let art = Article::new(text);
        let patts = pred_by_id
            .get(g.id.as_str())
            .map_or(&[][..], |p| &p.attributions[..]);
        add_article(&mut total, &art, &g.attributions, patts);
        if let Some((_, values)) = group_by {
            let key = values.get(&g.id).map_or("None", String::as_str);
            let s = groups.entry(key.to_string()).or_default();
            add_article(s, &art, &g.attributions, patts);
        }
    }
    if let Some((field, _)) = group_by {
        total.groups = Some(Groups {
            field: field.to_string(),
            by_value: groups,
        });
    }
    Ok(total)
}

/// Validates the predictions against the gold and indexes them by id.
fn check_pred<'a>(
    gold: &HashMap<&str, &Doc>,
    pred: &'a [Doc],
) -> Result<HashMap<&'a str, &'a Doc>> {
    let mut by_id: HashMap<&str, &Doc> = HashMap::with_capacity(pred.len());
    let mut unknown = Vec::new();
    for p in pred {
        if by_id.contains_key(p.id.as_str()) || unknown.contains(&p.id) {
            return Err(Error::DuplicateId {
                side: "predictions",
                id: p.id.clone(),
            });
        }
        let Some(g) = gold.get(p.id.as_str()) else {
            unknown.push(p.id.clone());
            continue;
        };
        let text = g.text.as_deref().unwrap_or_default();
        if p.text.as_ref().is_some_and(|t| t != text) {
            return Err(Error::TextMismatch { id: p.id.clone() });
        }
        let len = text.chars().count();
        check_spans(&p.id, &p.attributions, len)?;
        by_id.insert(&p.id, p);
    }
    if !unknown.is_empty() {
        return Err(Error::UnknownIds {
            count: unknown.len(),
            examples: unknown.into_iter().take(5).collect(),
        });
    }
    Ok(by_id)
}

fn check_spans(id: &str, atts: &[Attr], len: usize) -> Result<()> {
    for (index, a) in atts.iter().enumerate() {
        for (r, role) in ROLES.iter().enumerate() {
            for &[start, end] in a.role(r) {
                if start >= end || end > len {
                    return Err(Error::BadSpan {
                        id: id.to_string(),
                        index,
                        role,
                        start,
                        end,
                        len,
                    });
                }
            }
        }
    }
    Ok(())
}

fn to_spans(art: &Article, atts: &[Attr]) -> Vec<AttrSpans> {
    atts.iter()
        .map(|a| [0, 1, 2].map(|r| Span::new(art, a.role(r))))
        .collect()
}

/// Adds one article's counts to `c`.
fn add_article(c: &mut Scores, art: &Article, gold: &[Attr], pred: &[Attr]) {
    let g = to_spans(art, gold);
    let p = to_spans(art, pred);
    c.articles += 1;
    c.gold_attributions += g.len() as u64;
    c.pred_attributions += p.len() as u64;
    for (r, target) in ROLE_TARGETS.into_iter().enumerate() {
        let gs: Vec<&Span> = g.iter().filter_map(|a| a[r].as_ref()).collect();
        let ps: Vec<&Span> = p.iter().filter_map(|a| a[r].as_ref()).collect();
        let (ex, ov) = match_role(&gs, &ps);
        for (metric, matched) in [(Metric::Exact, ex), (Metric::Overlap, ov)] {
            c.add_cell(
                metric,
                target,
                Counts {
                    matched,
                    gold: gs.len() as u64,
                    predicted: ps.len() as u64,
                },
            );
        }
        let [tp, ng, np] = art.token_counts(gold, pred, r);
        c.add_cell(
            Metric::Token,
            target,
            Counts {
                matched: tp,
                gold: ng,
                predicted: np,
            },
        );
    }
    let (ex, ov) = match_attributions(&g, &p);
    for (metric, matched) in [(Metric::Exact, ex), (Metric::Overlap, ov)] {
        c.add_cell(
            metric,
            Target::Attribution,
            Counts {
                matched,
                gold: g.len() as u64,
                predicted: p.len() as u64,
            },
        );
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    //! The reference's `--self-test` cases, ported, plus small hand-made cases.
    use super::*;

    /// Code point span of the `occ`-th occurrence of `s` in `text`.
    fn sp(text: &str, s: &str, occ: usize) -> [usize; 2] {
        let mut from = 0;
        let mut byte = 0;
        for _ in 0..occ {
            byte = from + text[from..].find(s).unwrap();
            from = byte + 1;
        }
        let start = text[..byte].chars().count();
        [start, start + s.chars().count()]
    }

    fn att(text: &str, src: &[&str], cue: &[&str], content: &[&str]) -> Attr {
        let f = |v: &[&str]| v.iter().map(|s| sp(text, s, 1)).collect();
        Attr {
            source: f(src),
            cue: f(cue),
            content: f(content),
            parent: None,
        }
    }

    fn run(text: &str, gold: Vec<Attr>, pred: Vec<Attr>) -> Scores {
        let g = [Doc {
            id: "a".into(),
            text: Some(text.into()),
            attributions: gold,
        }];
        let p = [Doc {
            id: "a".into(),
            text: None,
            attributions: pred,
        }];
        score(&g, &p).unwrap()
    }

    fn close(got: f64, want: f64, what: &str) {
        assert!((got - want).abs() < 1e-9, "{what}: got {got}, want {want}");
    }

    const TEXT: &str = "Alice said that taxes will rise. Bob, an aide, claimed \"nothing changed.\" Reporters were told the vote failed.";

    fn self_test_gold() -> Vec<Attr> {
        vec![
            att(TEXT, &["Alice"], &["said"], &["that taxes will rise"]),
            att(
                TEXT,
                &["Bob, an aide"],
                &["claimed"],
                &["\"nothing changed.\""],
            ),
            att(TEXT, &[], &["were told"], &["the vote failed"]),
        ]
    }

    #[test]
    fn perfect_predictions_score_one() {
        let s = run(TEXT, self_test_gold(), self_test_gold());
        for (m, t, c) in s.cells() {
            close(c.f1(), 1.0, &format!("{m:?} {t:?}"));
        }
    }

    #[test]
    fn empty_predictions_score_zero() {
        let s = run(TEXT, self_test_gold(), vec![]);
        for (m, t, c) in s.cells() {
            close(c.r(), 0.0, &format!("{m:?} {t:?} R"));
            close(c.p(), 0.0, &format!("{m:?} {t:?} P"));
            assert!(c.gold > 0);
        }
    }

    #[test]
    fn hand_made_partial_case() {
        let pred = vec![
            att(TEXT, &["Alice"], &["said"], &["that taxes will rise."]),
            att(TEXT, &["Bob"], &["claimed"], &["nothing changed"]),
            att(TEXT, &["Reporters"], &["were told"], &["the vote"]),
        ];
        let s = run(TEXT, self_test_gold(), pred);
        use Metric::*;
        use Target::*;
        let want = [
            (Exact, Source, 1.0 / 3.0, 0.5, 0.4),
            (Overlap, Source, 2.0 / 3.0, 1.0, 0.8),
            (Exact, Cue, 1.0, 1.0, 1.0),
            (Overlap, Cue, 1.0, 1.0, 1.0),
            (Exact, Content, 2.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0),
            (Overlap, Content, 1.0, 1.0, 1.0),
            (Exact, Attribution, 1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0),
            (Overlap, Attribution, 2.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0),
            (Token, Source, 2.0 / 3.0, 0.5, 4.0 / 7.0),
            (Token, Cue, 1.0, 1.0, 1.0),
            (Token, Content, 1.0, 8.0 / 9.0, 16.0 / 17.0),
        ];
        for (m, t, p, r, f) in want {
            close(s.p(m, t), p, &format!("{m:?} {t:?} P"));
            close(s.r(m, t), r, &format!("{m:?} {t:?} R"));
            close(s.f1(m, t), f, &format!("{m:?} {t:?} F1"));
        }
    }

    #[test]
    fn matching_is_one_to_one() {
        let gold = vec![att(TEXT, &[], &[], &["that taxes will rise"])];
        let pred = vec![
            att(TEXT, &[], &[], &["that taxes"]),
            att(TEXT, &[], &[], &["will rise"]),
        ];
        let s = run(TEXT, gold, pred);
        close(s.p(Metric::Overlap, Target::Content), 0.5, "P");
        close(s.r(Metric::Overlap, Target::Content), 1.0, "R");
        close(s.f1(Metric::Token, Target::Content), 1.0, "token F1");
    }

    #[test]
    fn punctuation_only_cue() {
        let t = "He added: \"We won.\"";
        let g = vec![att(t, &["He"], &[":"], &["\"We won.\""])];
        let s = run(t, g.clone(), g.clone());
        close(s.f1(Metric::Exact, Target::Cue), 1.0, "colon exact");
        let p = vec![att(t, &["He"], &["added:"], &["We won"])];
        let s = run(t, g, p);
        close(s.f1(Metric::Overlap, Target::Cue), 1.0, "colon overlap");
        close(s.f1(Metric::Exact, Target::Cue), 0.0, "colon exact wider");
        close(s.f1(Metric::Exact, Target::Content), 1.0, "trimmed content");
        // a cue with no word character has no token either
        assert_eq!(s.counts(Metric::Token, Target::Cue).unwrap().gold, 0);
    }

    #[test]
    fn discontinuous_spans() {
        let t = "\"We will win,\" she said, \"and soon.\"";
        let g = vec![att(
            t,
            &["she"],
            &["said"],
            &["\"We will win,\"", "\"and soon.\""],
        )];
        // same characters, fragments split differently and trimmed: exact
        let p1 = vec![Attr {
            content: vec![sp(t, "We will", 1), sp(t, "win", 1), sp(t, "and soon", 1)],
            ..att(t, &["she"], &["said"], &[])
        }];
        let s = run(t, g.clone(), p1);
        close(s.f1(Metric::Exact, Target::Content), 1.0, "split exact");
        close(
            s.f1(Metric::Exact, Target::Attribution),
            1.0,
            "split exact attr",
        );
        // only the second fragment: overlap but not exact; tokens 2 of 5
        let p2 = vec![att(t, &["she"], &["said"], &["and soon"])];
        let s = run(t, g, p2);
        close(s.f1(Metric::Exact, Target::Content), 0.0, "half exact");
        close(s.f1(Metric::Overlap, Target::Content), 1.0, "half overlap");
        close(
            s.r(Metric::Token, Target::Content),
            2.0 / 5.0,
            "half token R",
        );
        close(
            s.f1(Metric::Exact, Target::Attribution),
            0.0,
            "half exact attr",
        );
        close(
            s.f1(Metric::Overlap, Target::Attribution),
            1.0,
            "half overlap attr",
        );
    }

    #[test]
    fn empty_sources() {
        let t = "Taxes will rise, it was reported.";
        let g = vec![att(t, &[], &["was reported"], &["Taxes will rise"])];
        // both sources empty: not counted as source spans, attribution still matches
        let s = run(t, g.clone(), g.clone());
        assert_eq!(
            s.counts(Metric::Exact, Target::Source).unwrap(),
            Counts::default()
        );
        close(s.f1(Metric::Exact, Target::Attribution), 1.0, "attr");
        close(
            s.f1(Metric::Exact, Target::Source),
            0.0,
            "no sources: 0 by convention",
        );
        // a predicted source where the gold has none breaks the attribution match
        let p = vec![att(t, &["it"], &["was reported"], &["Taxes will rise"])];
        let s = run(t, g, p);
        close(
            s.f1(Metric::Overlap, Target::Attribution),
            0.0,
            "spurious source",
        );
        close(s.p(Metric::Overlap, Target::Source), 0.0, "source P");
        // an attribution with no content never matches
        let g = vec![att(t, &["it"], &["was reported"], &[])];
        let s = run(t, g.clone(), g);
        close(
            s.f1(Metric::Overlap, Target::Attribution),
            0.0,
            "no content",
        );
        close(
            s.f1(Metric::Overlap, Target::Source),
            1.0,
            "source still matches",
        );
    }

    #[test]
    fn ties_prefer_smaller_union_then_order() {
        let t = "aa bb cc dd";
        // gold "bb" and gold "bb cc"; pred "bb" and pred "aa bb": every pair shares
        // 2 characters; the smaller union pairs gold "bb" with pred "bb", leaving
        // gold "bb cc" to pred "aa bb" (union 6 either way): 2 matches.
        let g = vec![att(t, &[], &[], &["bb"]), att(t, &[], &[], &["bb cc"])];
        let p = vec![att(t, &[], &[], &["aa bb"]), att(t, &[], &[], &["bb"])];
        let s = run(t, g, p);
        assert_eq!(
            s.counts(Metric::Overlap, Target::Content).unwrap().matched,
            2
        );
        assert_eq!(s.counts(Metric::Exact, Target::Content).unwrap().matched, 1);
        // greedy is not optimal: the largest overlap (gold "aa bb", pred "aa bb cc")
        // is taken first although pairing it with pred "aa" would free the wide
        // prediction for gold "cc"
        let g = vec![att(t, &[], &[], &["aa bb"]), att(t, &[], &[], &["cc"])];
        let p = vec![att(t, &[], &[], &["aa bb cc"]), att(t, &[], &[], &["aa"])];
        let s = run(t, g, p);
        assert_eq!(
            s.counts(Metric::Overlap, Target::Content).unwrap().matched,
            1
        );
        let g = vec![att(t, &[], &[], &["aa bb cc"])];
        let p = vec![att(t, &[], &[], &["aa"]), att(t, &[], &[], &["cc"])];
        let s = run(t, g, p);
        assert_eq!(
            s.counts(Metric::Overlap, Target::Content).unwrap().matched,
            1
        );
    }

    #[test]
    fn whitespace_only_span_never_matches() {
        let t = "a  b";
        let g = vec![Attr {
            content: vec![[1, 3]],
            ..Attr::default()
        }];
        let s = run(t, g.clone(), g);
        let c = s.counts(Metric::Overlap, Target::Content).unwrap();
        assert_eq!((c.matched, c.gold, c.predicted), (0, 1, 1));
        assert_eq!(s.counts(Metric::Exact, Target::Content).unwrap().matched, 0);
    }

    #[test]
    fn nested_attributions_are_scored_unless_dropped() {
        let t = "Bob said Ann said yes.";
        let mut inner = att(t, &["Ann"], &["said"], &["yes"]);
        inner.cue = vec![sp(t, "said", 2)];
        inner.parent = Some(0);
        let g = vec![att(t, &["Bob"], &["said"], &["Ann said yes"])];
        let mut p = vec![Doc {
            id: "a".into(),
            text: None,
            attributions: vec![g[0].clone(), inner],
        }];
        let gd = [Doc {
            id: "a".into(),
            text: Some(t.into()),
            attributions: g,
        }];
        let s = score(&gd, &p).unwrap();
        assert_eq!(s.pred_attributions, 2);
        crate::drop_nested(&mut p);
        let s = score(&gd, &p).unwrap();
        assert_eq!(s.pred_attributions, 1);
        close(s.f1(Metric::Exact, Target::Attribution), 1.0, "outer only");
    }

    fn doc(id: &str, text: Option<&str>, atts: Vec<Attr>) -> Doc {
        Doc {
            id: id.into(),
            text: text.map(Into::into),
            attributions: atts,
        }
    }

    #[test]
    fn set_level_errors() {
        let g = vec![doc("a", Some("abc"), vec![])];
        let e = score(&g, &[doc("x", None, vec![]), doc("y", None, vec![])]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "2 id(s) not in the gold file, e.g. \"x\", \"y\""
        );
        let e = score(&g, &[doc("a", None, vec![]), doc("a", None, vec![])]).unwrap_err();
        assert!(matches!(
            e,
            Error::DuplicateId {
                side: "predictions",
                ..
            }
        ));
        let e = score(&g, &[doc("a", Some("abd"), vec![])]).unwrap_err();
        assert!(matches!(e, Error::TextMismatch { .. }));
        let bad = Attr {
            cue: vec![[1, 9]],
            ..Attr::default()
        };
        let e = score(&g, &[doc("a", None, vec![bad.clone()])]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "id \"a\" attributions[0].cue: span [1, 9] ends after the end of the text (3 code points)"
        );
        let e = score(&[doc("a", Some("abc"), vec![bad])], &[]).unwrap_err();
        assert!(matches!(e, Error::BadSpan { .. }));
        let e = score(&[doc("a", None, vec![])], &[]).unwrap_err();
        assert!(matches!(e, Error::MissingText { .. }));
        let e = score(&[g[0].clone(), g[0].clone()], &[]).unwrap_err();
        assert!(matches!(e, Error::DuplicateId { side: "gold", .. }));
        assert!(matches!(score(&[], &[]).unwrap_err(), Error::NoGold));
        // missing prediction = predicting nothing
        let s = score(&g, &[]).unwrap();
        assert_eq!((s.articles, s.pred_file_articles), (1, 0));
    }

    #[test]
    fn offsets_are_code_points() {
        let t = "Zoë said: “Ça va.”";
        let g = vec![att(t, &["Zoë"], &["said"], &["Ça va"])];
        assert_eq!(g[0].content, vec![[11, 16]]);
        let s = run(t, g.clone(), g);
        for (m, tg, c) in s.cells() {
            close(c.f1(), 1.0, &format!("{m:?} {tg:?}"));
        }
    }

    #[test]
    fn grouped_scores_sum_to_total() {
        let g = vec![
            doc("a", Some(TEXT), self_test_gold()),
            doc("b", Some(TEXT), self_test_gold()),
        ];
        let p = vec![doc("a", None, self_test_gold())];
        let values = HashMap::from([("a".to_string(), "x".to_string())]);
        let s = score_grouped(&g, &p, "publisher", &values).unwrap();
        let groups = s.groups.as_ref().unwrap();
        assert_eq!(groups.by_value.len(), 2);
        close(
            groups.by_value["x"].f1(Metric::Exact, Target::Content),
            1.0,
            "x",
        );
        close(
            groups.by_value["None"].r(Metric::Exact, Target::Content),
            0.0,
            "None",
        );
        close(s.r(Metric::Exact, Target::Content), 0.5, "total");
        let table = s.to_table();
        assert!(
            table.contains("\n\npublisher = None: 1 articles; attributions: gold 3, predicted 0\n"),
            "{table}"
        );
        assert_eq!(s.to_json()["groups"]["x"]["exact"]["content"]["f1"], 1.0);
    }
}
