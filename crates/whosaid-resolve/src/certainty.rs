//! Certainty: the cue's stance, negation and modality in the content, and how a
//! reporting speaker treats a nested claim, summed up in one closed label
//! ([`whosaid_core::CertaintyLabel`], documented in docs/schema.md).

use rustc_hash::FxHashMap;
use whosaid_core::{Attribution, Certainty, CertaintyLabel, CueStance, Modality, ParentView, Span};
use whosaid_extract::lexicon::lemma;

use crate::context::Ctx;
use crate::lexicon::{
    ACCUSE_CUES, BELIEF_CUES, CLAIM_CUES, CONCEDE_CUES, CONFIRM_CUES, DENY_CUES, DISPUTE_WORDS,
    ENDORSE_WORDS, HEDGES, NEGATIONS, PLANNED, QUESTION_CUES, UNCERTAIN, UNSETTLED_WHEN_NEGATED,
};

/// Which of the content word lists a word is in, the first of negation, uncertainty,
/// hedge and plan winning: one hash lookup per content word instead of four scans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ContentWord {
    Negation,
    Uncertain,
    Hedge,
    Planned,
}

fn content_word(w: &str) -> Option<ContentWord> {
    use std::sync::LazyLock;
    static WORDS: LazyLock<FxHashMap<&'static str, (u8, ContentWord)>> = LazyLock::new(|| {
        by_first_list(&[
            (NEGATIONS, ContentWord::Negation),
            (UNCERTAIN, ContentWord::Uncertain),
            (HEDGES, ContentWord::Hedge),
            (PLANNED, ContentWord::Planned),
        ])
    });
    WORDS.get(w).map(|&(_, c)| c)
}

/// Each word of `lists` with the place of the first list holding it and that list's
/// class (the earliest list wins a word in two).
fn by_first_list<T: Copy>(
    lists: &[(&'static [&'static str], T)],
) -> FxHashMap<&'static str, (u8, T)> {
    let mut m = FxHashMap::default();
    for (order, &(list, class)) in lists.iter().enumerate() {
        for w in list {
            m.entry(*w).or_insert((order as u8, class));
        }
    }
    m
}

/// The stance of one cue word: the first list (deny, accuse, claim, concede,
/// question, confirm, belief) holding the word `w`, its rough lemma `l`, or the lemma
/// plus "e" or "y" ("charg" → "charge", "deni(ed)" → "den" + y = "deny"). One hash
/// lookup per form instead of a scan of every list.
fn word_stance(w: &str, l: &str) -> Option<CueStance> {
    use std::sync::LazyLock;
    static WORDS: LazyLock<FxHashMap<&'static str, (u8, CueStance)>> = LazyLock::new(|| {
        by_first_list(&[
            (DENY_CUES, CueStance::Deny),
            (ACCUSE_CUES, CueStance::Accuse),
            (CLAIM_CUES, CueStance::Claim),
            (&["claims", "allegations"], CueStance::Claim),
            (CONCEDE_CUES, CueStance::Concede),
            (QUESTION_CUES, CueStance::Question),
            (CONFIRM_CUES, CueStance::Confirm),
            (BELIEF_CUES, CueStance::Belief),
        ])
    });
    let mut best: Option<(u8, CueStance)> = None;
    let mut look = |form: &str| {
        if let Some(&(order, stance)) = WORDS.get(form) {
            if best.is_none_or(|(b, _)| order < b) {
                best = Some((order, stance));
            }
        }
    };
    look(w);
    look(l);
    let mut grown = String::with_capacity(l.len() + 1);
    for end in ['e', 'y'] {
        grown.clear();
        grown.push_str(l);
        grown.push(end);
        look(&grown);
    }
    best.map(|(_, s)| s)
}

/// The stance of a cue, from its words (the strongest decides: deny, accuse,
/// question, concede, claim, confirm, belief; "did not deny" is handled by negation
/// around the cue).
pub fn cue_stance(cx: &Ctx, cue: &[usize]) -> CueStance {
    let mut stance = CueStance::Neutral;
    for &t in cue {
        let w: &str = cx.lower[t].as_ref();
        let Some(s) = word_stance(w, lemma(w)) else {
            continue;
        };
        // the strongest word decides ("rejected claims" is a denial)
        if rank(s) > rank(stance) {
            stance = s;
        }
    }
    stance
}

fn rank(s: CueStance) -> u8 {
    match s {
        CueStance::Neutral => 0,
        CueStance::Belief => 1,
        CueStance::Confirm => 2,
        CueStance::Claim => 3,
        CueStance::Concede => 4,
        CueStance::Question => 5,
        CueStance::Accuse => 6,
        CueStance::Deny => 7,
    }
}

/// Content tokens that are not inside a nested attribution's content.
fn own_content(cx: &Ctx, a: &Attribution, children: &[&Attribution]) -> Vec<usize> {
    let inner: Vec<Span> = children
        .iter()
        .flat_map(|c| c.content.iter().copied())
        .collect();
    cx.tokens_in(&a.content)
        .into_iter()
        .filter(|&t| {
            let b = cx.span(t).start;
            !inner.iter().any(|s| s.start <= b && b < s.end)
        })
        .collect()
}

/// The content's main clause: up to a comma, or a subordinating word ("so",
/// "because", "while"), after its first finite verb.
fn main_clause(cx: &Ctx, content: &[usize]) -> Vec<usize> {
    let mut seen_verb = false;
    let mut out = Vec::with_capacity(content.len());
    for &t in content {
        let w = cx.lower[t].as_ref();
        if seen_verb
            && (w == ","
                || matches!(
                    w,
                    "so" | "because"
                        | "while"
                        | "although"
                        | "though"
                        | "whereas"
                        | "but"
                        | "since"
                        | ";"
                ))
        {
            break;
        }
        if matches!(cx.pos[t], "VBD" | "VBZ" | "VBP" | "MD") {
            seen_verb = true;
        }
        out.push(t);
    }
    out
}

/// Certainty of attribution `a`; `parent` is the attribution whose content holds it,
/// `children` those nested in it.
pub fn certainty(
    cx: &Ctx,
    a: &Attribution,
    parent: Option<&Attribution>,
    children: &[&Attribution],
) -> Certainty {
    let cue = cx.tokens_in(&a.cue);
    let mut stance = cue_stance(cx, &cue);
    // "did not say", "would not confirm", "declined to"
    let cue_negated = cue.first().is_some_and(|&c| {
        (c.saturating_sub(3)..c).any(|t| {
            matches!(
                cx.lower[t].as_ref(),
                "not" | "n't" | "n’t" | "never" | "declined" | "refused"
            )
        })
    });
    let content = main_clause(cx, &own_content(cx, a, children));
    let mut negated = false;
    let mut modality = Modality::Factual;
    let rank = |m: Modality| match m {
        Modality::Factual => 0,
        Modality::Planned => 1,
        Modality::Hedged => 2,
        Modality::Uncertain => 3,
    };
    let raise = |m: Modality, cur: &mut Modality| {
        if rank(m) > rank(*cur) {
            *cur = m;
        }
    };
    for (k, &t) in content.iter().enumerate() {
        let w = cx.lower[t].as_ref();
        let class = content_word(w);
        if class == Some(ContentWord::Negation) {
            negated = true;
            // "hasn't been finalized": a negated settling verb leaves it open
            if content[k + 1..]
                .iter()
                .take(4)
                .any(|&u| UNSETTLED_WHEN_NEGATED.contains(&cx.lower[u].as_ref()))
            {
                raise(Modality::Uncertain, &mut modality);
            }
        } else if class == Some(ContentWord::Uncertain) {
            raise(Modality::Uncertain, &mut modality);
        } else if class == Some(ContentWord::Hedge) {
            raise(Modality::Hedged, &mut modality);
        } else if class == Some(ContentWord::Planned) {
            let next_to = content.get(k + 1).is_some_and(|&u| cx.lower[u] == "to");
            let future = match w {
                "set" | "going" | "expected" | "scheduled" => next_to,
                "would" => false,
                // "Israel's plans to build" is a noun, not a plan being announced
                "plans" | "plan" | "planned" | "planning" | "intends" | "intend" | "intended"
                | "aims" | "aim" | "hopes" => cx.pos[t].starts_with("VB"),
                _ => true,
            };
            if future {
                raise(Modality::Planned, &mut modality);
            }
        }
    }
    if cue_negated {
        raise(Modality::Uncertain, &mut modality);
    }
    let parent_view = parent.map(|p| {
        let siblings: Vec<&Attribution> = vec![a];
        let outer = own_content(cx, p, &siblings);
        let own_src: Vec<Span> = a.source.iter().chain(&a.cue).copied().collect();
        let mut view = ParentView::Relayed;
        for t in outer {
            let b = cx.span(t).start;
            if own_src.iter().any(|s| s.start <= b && b < s.end) {
                continue;
            }
            let w = cx.lower[t].as_ref();
            if DISPUTE_WORDS.contains(&w) {
                view = ParentView::Disputed;
                break;
            }
            if ENDORSE_WORDS.contains(&w) {
                view = ParentView::Endorsed;
            }
        }
        view
    });
    // a claim noun as cue ("claims from US officials") keeps its distance
    if stance == CueStance::Neutral
        && cue
            .iter()
            .any(|&t| cx.lower[t] == "claims" || cx.lower[t] == "claim")
    {
        stance = CueStance::Claim;
    }
    let label = if parent_view == Some(ParentView::Disputed) {
        CertaintyLabel::Disputed
    } else if stance == CueStance::Deny {
        CertaintyLabel::Denied
    } else if stance == CueStance::Question {
        CertaintyLabel::Questioned
    } else if matches!(modality, Modality::Uncertain | Modality::Hedged) {
        CertaintyLabel::Hedged
    } else if modality == Modality::Planned {
        CertaintyLabel::Planned
    } else if negated {
        CertaintyLabel::Denied
    } else if matches!(stance, CueStance::Claim | CueStance::Accuse) {
        CertaintyLabel::Claimed
    } else if stance == CueStance::Belief {
        CertaintyLabel::Hedged
    } else {
        CertaintyLabel::Asserted
    };
    Certainty {
        label,
        cue_stance: stance,
        negated,
        modality,
        parent_view,
    }
}
