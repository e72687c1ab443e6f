//! Provenance chains: speaker → recipient → medium → relays → this article.
//!
//! - **Recipient**: the object of a telling verb ("told him", "told the Saudi Asharq
//!   News outlet", "told reporters"), "said to X", "in an interview with X".
//! - **Medium**: "in a post on X", "in a statement", "at a press briefing", "on
//!   Twitter", "in an interview with CNN" — looked for around the cue, outside the
//!   content.
//! - **Relays**: for a nested attribution, the chain of the attribution holding it
//!   (its speaker becomes a relay unless it is already the recipient).

use whosaid_core::{ChainLink, EntityKind, LinkRole, Span, SpeakerType};
use whosaid_extract::lexicon::lemma;

use crate::context::Ctx;
use crate::entities::Entities;
use crate::lexicon::{pronoun_class, PronounClass, MEDIUM_NOUNS, RECIPIENT_VERBS};
use crate::speakers::{Resolved, SpeakerPass};

fn inside(spans: &[Span], b: usize) -> bool {
    spans.iter().any(|s| s.start <= b && b < s.end)
}

/// Words for a time, which a medium does not extend over ("on Tuesday").
const TIME_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "night",
    "morning",
    "evening",
    "afternoon",
    "weekend",
];

/// A noun phrase starting at `s` (determiners, modifiers, names), up to `limit`.
fn np_from(cx: &Ctx, s: usize, limit: usize) -> usize {
    let mut e = s;
    while e < limit && e < cx.len() {
        let w = cx.lower[e].as_ref();
        let ok = matches!(
            cx.pos[e],
            "DT" | "PRP$" | "JJ" | "NN" | "NNS" | "NNP" | "NNPS" | "PRP" | "CD" | "POS"
        ) || w == "'s"
            || w == "’s";
        if !ok {
            break;
        }
        e += 1;
        if cx.pos[e - 1] == "PRP" {
            break;
        }
    }
    e
}

fn strip_det(cx: &Ctx, s: usize, e: usize) -> usize {
    if s < e
        && matches!(
            cx.lower[s].as_ref(),
            "a" | "an" | "the" | "his" | "her" | "its" | "their"
        )
    {
        s + 1
    } else {
        s
    }
}

/// Recipient and medium of attribution `ai`.
pub fn recipient_and_medium(
    pass: &mut SpeakerPass,
    ai: usize,
) -> (Option<ChainLink>, Option<ChainLink>) {
    let cx = pass.cx;
    let a = &pass.attrs[ai];
    let cue = cx.tokens_in(&a.cue);
    let Some(&last_cue) = cue.last() else {
        return (None, None);
    };
    let sent = &cx.p.analysis.sentences[cx.sentence(last_cue)];
    let content = &a.content;
    let mut recipient = None;
    let mut medium = None;
    // object of a telling verb
    let verb = cue
        .iter()
        .rev()
        .find(|&&t| cx.pos[t].starts_with("VB"))
        .copied();
    if let Some(v) = verb {
        let l = lemma(&cx.lower[v]);
        let told = RECIPIENT_VERBS.contains(&l) || cx.lower[v] == "told";
        let mut s = v + 1;
        let in_cue = |t: usize| cue.contains(&t);
        if !told
            && s < sent.tokens.end
            && cx.lower[s] == "to"
            && !in_cue(s)
            && whosaid_extract::lexicon::is_reporting(&cx.lower[v])
            && !inside(content, cx.span(s).start)
        {
            s += 1; // "said to X"
        } else if !told {
            s = usize::MAX;
        }
        if s < sent.tokens.end && !inside(content, cx.span(s).start) {
            let e = np_from(cx, s, sent.tokens.end);
            if e > s {
                recipient = Some(link_for(pass, ai, s, e, LinkRole::Recipient));
            }
        }
    }
    // medium: a prepositional phrase near the cue, outside the content
    // not before the source: a nested attribution must not take its parent's medium
    let src_start = cx.tokens_in(&a.source).first().copied().unwrap_or(cue[0]);
    let lo = cue[0]
        .saturating_sub(12)
        .max(sent.tokens.start)
        .max(src_start.min(cue[0]));
    let hi = (last_cue + 14).min(sent.tokens.end);
    let src = &a.source;
    let mut t = lo;
    while t < hi {
        let w = cx.lower[t].as_ref();
        if matches!(w, "in" | "on" | "at" | "during" | "via" | "through")
            && !inside(content, cx.span(t).start)
            && !inside(src, cx.span(t).start)
        {
            let s = t + 1;
            let e = np_from(cx, s, hi);
            // the noun of the phrase
            let noun = (s..e)
                .rev()
                .find(|&k| MEDIUM_NOUNS.contains(&cx.lower[k].as_ref()));
            let platform = (s..e).find(|&k| {
                pass.ents
                    .mention(k)
                    .is_some_and(|m| matches!(m.kind, EntityKind::Platform | EntityKind::Outlet))
            });
            if let Some(k) = noun {
                // "a post on X", "an interview with CNN", "a press briefing"
                let mut end = k + 1;
                // not a time: "an interview on Tuesday"
                let when =
                    |t: usize| TIME_WORDS.contains(&cx.lower.get(t).map_or("", |w| w.as_ref()));
                if end + 1 < sent.tokens.end
                    && matches!(cx.lower[end].as_ref(), "on" | "with" | "to" | "at")
                    && !when(end + 1)
                {
                    let e2 = np_from(cx, end + 1, sent.tokens.end);
                    if e2 > end + 1 {
                        if cx.lower[end] == "with" && recipient.is_none() {
                            recipient = Some(link_for(pass, ai, end + 1, e2, LinkRole::Recipient));
                        }
                        end = e2;
                    }
                }
                let ms = strip_det(cx, s, end);
                medium = Some(ChainLink {
                    role: LinkRole::Medium,
                    name: cx.text_of(ms..end).to_string(),
                    entity: None,
                    span: Some(cx.span_of(ms..end)),
                    attribution: None,
                });
                break;
            } else if let Some(k) = platform.filter(|_| w == "on") {
                let m = pass
                    .ents
                    .mention(k)
                    .map(|m| m.name.clone())
                    .unwrap_or(k..k + 1);
                medium = Some(ChainLink {
                    role: LinkRole::Medium,
                    name: cx.text_of(m.clone()).to_string(),
                    entity: None,
                    span: Some(cx.span_of(m)),
                    attribution: None,
                });
                break;
            }
        }
        t += 1;
    }
    // "told reporters" / "told CNN": an outlet recipient is also the medium
    (recipient, medium)
}

/// A chain link for the phrase `s..e`, resolved like a source when it is a name or a
/// pronoun ("told him" → the person).
fn link_for(pass: &mut SpeakerPass, ai: usize, s: usize, e: usize, role: LinkRole) -> ChainLink {
    let cx = pass.cx;
    let ents: &Entities = pass.ents;
    let span = cx.span_of(s..e);
    // a name inside
    let pick = |tier: u8| {
        (s..e).find_map(|k| {
            ents.mention(k).filter(|m| {
                !m.possessive
                    && match tier {
                        0 => matches!(m.kind, EntityKind::Outlet | EntityKind::Platform),
                        1 => !matches!(m.kind, EntityKind::Group | EntityKind::Place),
                        _ => true,
                    }
            })
        })
    };
    if let Some(m) = pick(0).or_else(|| pick(1)).or_else(|| pick(2)) {
        let r = ents.root(m.entity);
        let ent = &ents.entities[r];
        let name = ent.name.clone();
        return ChainLink {
            role,
            name,
            entity: Some(r),
            span: Some(span),
            attribution: None,
        };
    }
    if e == s + 1 {
        if let Some(class) = pronoun_class(&cx.lower[s]) {
            if matches!(
                class,
                PronounClass::Male
                    | PronounClass::Female
                    | PronounClass::Plural
                    | PronounClass::Neuter
            ) {
                if let Some(Resolved {
                    speaker, entity, ..
                }) = pass.resolve_pronoun_at(ai, s, class)
                {
                    return ChainLink {
                        role,
                        name: speaker.name,
                        entity,
                        span: Some(span),
                        attribution: None,
                    };
                }
            }
        }
    }
    let ms = strip_det(cx, s, e);
    ChainLink {
        role,
        name: cx.text_of(ms..e).to_string(),
        entity: None,
        span: Some(span),
        attribution: None,
    }
}

/// The display name of a speaker link (with its type for unnamed speakers).
pub fn speaker_link(r: &Resolved, role: LinkRole, attribution: Option<usize>) -> ChainLink {
    ChainLink {
        role,
        name: r.speaker.name.clone(),
        entity: r.entity,
        span: None,
        attribution,
    }
}

/// Is this speaker the same as that link (same entity, or same name)?
pub fn same(r: &Resolved, l: &ChainLink) -> bool {
    match (r.entity, l.entity) {
        (Some(a), Some(b)) => a == b,
        _ => r.speaker.name.eq_ignore_ascii_case(&l.name) && r.speaker.kind != SpeakerType::Unknown,
    }
}

/// Names the article for the last link.
pub fn article_link(outlet: Option<&str>) -> ChainLink {
    ChainLink {
        role: LinkRole::Article,
        name: match outlet {
            Some(o) => format!("this article ({o})"),
            None => "this article".to_string(),
        },
        entity: None,
        span: None,
        attribution: None,
    }
}
