//! Name mentions and the entities they refer to.
//!
//! Mentions come from the NER tagger (BIO runs) and from the gazetteer of outlets and
//! platforms, which overrides the tagger's class. Person mentions are merged by name
//! ("Donald Trump", "Trump", "Mr. Trump"); organisations by name, last word or acronym.
//! Titles and affiliations are read from the words before a name ("Israeli Prime
//! Minister", "US envoy") and from an apposition after it (", a reporter for Drop Site
//! News,"), and kept apart from the name.

use std::borrow::Cow;
use std::ops::Range;

use whosaid_core::{Entity, EntityKind, Span};

use crate::context::{tidy_caps, Ctx, NerClass};
use crate::lexicon::{
    first_name_gender, is_prominent, FEMALE_TITLES, MALE_TITLES, NAME_PREFIX_TITLES,
    PROMINENT_PEOPLE, TITLE_WORDS,
};
use crate::Gazetteer;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

/// One name mention.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Tokens of the name, titles excluded.
    pub name: Range<usize>,
    pub kind: EntityKind,
    pub entity: usize,
    /// Followed by "'s".
    pub possessive: bool,
}

/// An entity while it is being built.
#[derive(Debug, Clone)]
pub struct EntityB {
    pub kind: EntityKind,
    /// Lower-case name tokens of the fullest mention.
    pub key: Vec<String>,
    pub name: String,
    pub titles: Vec<String>,
    pub affiliations: Vec<String>,
    pub mentions: Vec<usize>,
    pub gender: Option<Gender>,
    /// Merged into another entity (index), after the second pass.
    pub merged: Option<usize>,
}

/// All name mentions and entities of a window.
#[derive(Debug, Default)]
pub struct Entities {
    pub mentions: Vec<Mention>,
    pub entities: Vec<EntityB>,
    /// Per token: the mention covering it.
    pub mention_at: Vec<Option<u32>>,
}

/// Nouns after a name that make it a news outlet ("the X outlet", "the X newspaper").
const OUTLET_NOUNS: &[&str] = &[
    "outlet",
    "newspaper",
    "daily",
    "magazine",
    "network",
    "channel",
    "broadcaster",
    "tabloid",
    "weekly",
    "website",
    "news",
    "agency",
    "radio",
    "tv",
    "television",
];

fn is_title_word(w: &str) -> bool {
    TITLE_WORDS.contains(&w)
}

impl Entities {
    /// The entity a mention ended up in (following merges).
    pub fn root(&self, mut e: usize) -> usize {
        let mut guard = 0;
        while let Some(m) = self.entities.get(e).and_then(|x| x.merged) {
            e = m;
            guard += 1;
            if guard > self.entities.len() {
                break;
            }
        }
        e
    }

    pub fn entity(&self, e: usize) -> &EntityB {
        &self.entities[self.root(e)]
    }

    /// The mention covering token `i`, if any.
    pub fn mention(&self, i: usize) -> Option<&Mention> {
        self.mention_at
            .get(i)
            .copied()
            .flatten()
            .and_then(|m| self.mentions.get(m as usize))
    }

    /// The entities in public form (merged ones left out, ids renumbered), and for
    /// each builder index its public id.
    pub fn finish(&self, cx: &Ctx) -> (Vec<Entity>, Vec<Option<usize>>) {
        let mut ids = vec![None; self.entities.len()];
        let mut out: Vec<Entity> = Vec::new();
        for (i, e) in self.entities.iter().enumerate() {
            if e.merged.is_some() {
                continue;
            }
            ids[i] = Some(out.len());
            out.push(Entity {
                id: out.len(),
                name: e.name.clone(),
                kind: e.kind,
                titles: e.titles.clone(),
                affiliations: e.affiliations.clone(),
                mentions: Vec::new(),
            });
        }
        for i in 0..self.entities.len() {
            if ids[i].is_none() {
                ids[i] = ids[self.root(i)];
            }
        }
        for m in &self.mentions {
            if let Some(id) = ids[m.entity] {
                out[id].mentions.push(cx.span_of(m.name.clone()));
            }
        }
        for e in &mut out {
            e.mentions.sort_by_key(|s| s.start);
            e.mentions.dedup();
        }
        (out, ids)
    }

    /// Public id of a builder index.
    pub fn public(ids: &[Option<usize>], e: usize) -> Option<usize> {
        ids.get(e).copied().flatten()
    }

    /// The span of the entity's first mention.
    pub fn first_span(&self, cx: &Ctx, e: usize) -> Option<Span> {
        let r = self.root(e);
        self.mentions
            .iter()
            .filter(|m| self.root(m.entity) == r)
            .map(|m| cx.span_of(m.name.clone()))
            .min_by_key(|s| s.start)
    }
}

/// Finds name mentions and builds entities.
pub fn find(cx: &Ctx, gaz: &Gazetteer) -> Entities {
    let n = cx.len();
    let mut raw: Vec<(Range<usize>, EntityKind)> = Vec::new();
    let mut i = 0;
    while i < n {
        if let Some((len, kind)) = gaz.match_at(cx, i) {
            raw.push((i..i + len, kind));
            i += len;
            continue;
        }
        let (c, _) = cx.ner[i];
        if c == NerClass::O {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && cx.ner[j].0 == c && !cx.ner[j].1 && !cx.is_punct(j)
            || j < n && cx.ner[j].0 == c && cx.word(j) == "."
        {
            j += 1;
        }
        // a gazetteer name inside the run wins from there on; a verb ends a name
        // ("Lindsey Graham Says" in a headline)
        if let Some(k) = (i + 1..j).find(|&k| {
            gaz.match_at(cx, k).is_some()
                || cx.pos[k].starts_with("VB")
                || cx.pos[k] == "RB"
                || whosaid_extract::lexicon::is_reporting(&cx.lower[k]) && cx.lower[k] != "post"
        }) {
            j = k;
        }
        let kind = match c {
            NerClass::Person => EntityKind::Person,
            NerClass::Org => EntityKind::Organisation,
            NerClass::Loc => EntityKind::Place,
            _ => EntityKind::Group,
        };
        raw.push((i..j, kind));
        i = j;
    }
    let raw = refine(cx, raw);
    let mut ents = Entities {
        mention_at: vec![None; n],
        ..Entities::default()
    };
    for (r, kind) in raw {
        // drop leading titles and "the" from the name
        // (an organisation keeps "U.S." or "House" unless a first name shows it is a
        // person's name: "House Speaker Newt Gingrich")
        let personal = kind == EntityKind::Person
            || r.clone().any(|t| first_name_gender(&cx.lower[t]).is_some());
        let mut s = r.start;
        while s + 1 < r.end
            && (personal
                && (NAME_PREFIX_TITLES.contains(&cx.lower[s].as_ref())
                    || kind == EntityKind::Person && TITLE_WORDS.contains(&cx.lower[s].as_ref()))
                || cx.lower[s] == "the"
                || cx.is_punct(s))
        {
            s += 1;
        }
        let mut e = r.end;
        while e > s + 1 && cx.is_punct(e - 1) && cx.word(e - 1) != "." {
            e -= 1;
        }
        if s >= e || cx.is_punct(s) {
            continue;
        }
        let name = s..e;
        // "Clean Power Plan", "Affordable Care Act", "1951 Refugee Convention" name
        // documents, not organisations
        let kind = if matches!(kind, EntityKind::Organisation | EntityKind::Group)
            && matches!(
                cx.lower[e - 1].as_ref(),
                "plan"
                    | "act"
                    | "bill"
                    | "law"
                    | "agreement"
                    | "accord"
                    | "treaty"
                    | "resolution"
                    | "amendment"
                    | "convention"
                    | "deal"
                    | "report"
                    | "survey"
                    | "poll"
                    | "study"
            ) {
            EntityKind::Document
        } else {
            kind
        };
        // "Obama" tagged as an organisation: a prominent person's surname is a person
        let kind = if kind == EntityKind::Organisation
            && e == s + 1
            && PROMINENT_PEOPLE
                .iter()
                .any(|p| p.rsplit(' ').next() == Some(cx.lower[s].as_ref()))
        {
            EntityKind::Person
        } else {
            kind
        };
        // "the Saudi Asharq News outlet", "Haaretz reported": an outlet by pattern
        let kind = if kind == EntityKind::Organisation
            && cx.lower.get(e).is_some_and(|w| {
                OUTLET_NOUNS.contains(&w.as_ref())
                    || matches!(w.as_ref(), "reported" | "reports" | "reporting")
            }) {
            EntityKind::Outlet
        } else {
            kind
        };
        let possessive = cx
            .lower
            .get(e)
            .is_some_and(|w| w == "'s" || w == "’s" || w == "'" || w == "’");
        let entity = attach(cx, &mut ents, name.clone(), kind);
        let m = ents.mentions.len() as u32;
        for t in r.clone() {
            ents.mention_at[t] = Some(m);
        }
        ents.mentions.push(Mention {
            name: name.clone(),
            kind,
            entity,
            possessive,
        });
        if kind == EntityKind::Person {
            titles_before(cx, &mut ents, r.start, entity);
            apposition_after(cx, &mut ents, e, entity);
        }
    }
    merge_short_names(&mut ents);
    surnames_by_pronoun(cx, &mut ents);
    surnames_untagged(cx, &mut ents);
    ents
}

/// The one item of `it`, if it has exactly one.
fn only(mut it: impl Iterator<Item = usize>) -> Option<usize> {
    match (it.next(), it.next()) {
        (Some(e), None) => Some(e),
        _ => None,
    }
}

/// Capitalised words the tagger left out that are the surname of exactly one person
/// the article names in full ("Trump and Clinton point out …" in a subheadline), or,
/// after that person was named, a typing slip of it ("Wines believes" after "Leslie
/// Wimes"), become mentions of that person. A word next to another capitalised word
/// ("Trump Tower") is left alone.
fn surnames_untagged(cx: &Ctx, ents: &mut Entities) {
    let n = cx.len();
    let people: Vec<(usize, String, usize)> = ents
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.merged.is_none() && e.kind == EntityKind::Person && e.key.len() > 1)
        .filter_map(|(i, e)| {
            let first = e
                .mentions
                .iter()
                .filter_map(|&m| ents.mentions.get(m))
                .map(|m| m.name.start)
                .min()?;
            Some((i, e.key.last()?.clone(), first))
        })
        .collect();
    if people.is_empty() {
        return;
    }
    let mut added: Vec<Mention> = Vec::new();
    for t in 0..n {
        if ents.mention_at[t].is_some() || !cx.is_cap(t) || cx.is_punct(t) {
            continue;
        }
        let w = cx.lower[t].as_ref();
        if w.chars().count() < 3 || !w.chars().all(char::is_alphabetic) {
            continue;
        }
        let capital_next = |k: usize| k < n && cx.is_cap(k) && !cx.is_punct(k);
        let sent_start = cx.sentence_start(t);
        if capital_next(t + 1) || t > sent_start && capital_next(t - 1) && !cx.headline(t) {
            continue;
        }
        // the one person with this surname (or, failing any, one typing slip away)
        let mut exact = people.iter().filter(|(_, l, _)| l == w).map(|(e, _, _)| *e);
        let entity = match (exact.next(), exact.next()) {
            (Some(e), None) => Some(e),
            (None, _) if w.len() >= 5 && cx.is_proper(t) => only(
                people
                    .iter()
                    .filter(|(_, l, first)| {
                        *first < t
                            && l.as_bytes().first() == w.as_bytes().first()
                            && l.len().abs_diff(w.len()) <= 1
                            && near_name(l, w)
                    })
                    .map(|(e, _, _)| *e),
            ),
            _ => None,
        };
        let Some(entity) = entity else { continue };
        let possessive = cx
            .lower
            .get(t + 1)
            .is_some_and(|w| w == "'s" || w == "’s" || w == "'" || w == "’");
        added.push(Mention {
            name: t..t + 1,
            kind: EntityKind::Person,
            entity,
            possessive,
        });
    }
    if added.is_empty() {
        return;
    }
    // keep mentions in text order and every index pointing at its mention
    let mut all: Vec<(Mention, Option<usize>)> = std::mem::take(&mut ents.mentions)
        .into_iter()
        .enumerate()
        .map(|(i, m)| (m, Some(i)))
        .collect();
    all.extend(added.into_iter().map(|m| (m, None)));
    all.sort_by_key(|(m, _)| m.name.start);
    let mut new_index = vec![0usize; all.len()];
    for (k, (_, old)) in all.iter().enumerate() {
        if let Some(o) = old {
            new_index[*o] = k;
        }
    }
    for e in &mut ents.entities {
        for m in &mut e.mentions {
            *m = new_index[*m];
        }
    }
    for slot in ents.mention_at.iter_mut().flatten() {
        *slot = new_index[*slot as usize] as u32;
    }
    for (k, (m, old)) in all.iter().enumerate() {
        if old.is_none() {
            ents.entities[m.entity].mentions.push(k);
            for t in m.name.clone() {
                ents.mention_at[t] = Some(k as u32);
            }
        }
    }
    for e in &mut ents.entities {
        e.mentions.sort_unstable();
    }
    ents.mentions = all.into_iter().map(|(m, _)| m).collect();
}

/// Mends raw name ranges before they become mentions:
/// - a leading conjunction, preposition or adverb is not part of a name ("Although
///   Trump");
/// - in a title-case headline, where every word is capitalised, a name is the longest
///   part of it the body names ("Obama Speech" → "Obama", "Get Border Wall Contract
///   Donald Trump" → "Donald Trump");
/// - "Manhattan Supreme Court Justice Frank Nervo", "Vice President Joseph R. Biden":
///   a title word followed by a known first name starts a person.
fn refine(cx: &Ctx, raw: Vec<(Range<usize>, EntityKind)>) -> Vec<(Range<usize>, EntityKind)> {
    // `headline` depends only on the first sentence: ask once
    let title_case = !cx.is_empty() && cx.headline(0);
    let in_headline = |r: &Range<usize>| title_case && cx.sentence(r.start) == 0;
    let needs_body = raw.iter().any(|(r, _)| r.len() > 1 && in_headline(r));
    // the body's names; a headline name may match any contiguous part of one, so
    // "Clinton" in "Hillary Clinton" counts
    let body_keys: Vec<Vec<Cow<str>>> = if needs_body {
        raw.iter()
            .filter(|(r, _)| !in_headline(r))
            .map(|(r, _)| key_words(cx, r.clone()))
            .collect()
    } else {
        Vec::new()
    };
    let in_body = |k: &[Cow<str>]| {
        !k.is_empty() && body_keys.iter().any(|b| b.windows(k.len()).any(|w| w == k))
    };
    let mut out = Vec::with_capacity(raw.len());
    for (r, kind) in raw {
        let mut s = r.start;
        while s + 1 < r.end && matches!(cx.pos[s], "IN" | "CC" | "RB" | "WRB") {
            s += 1;
        }
        let mut r = s..r.end;
        if r.len() > 1 && in_headline(&r) && !in_body(&key_words(cx, r.clone())) {
            // the longest part the body names, the earliest of equals
            let best = (1..r.len()).rev().find_map(|len| {
                (r.start..=r.end - len)
                    .map(|a| a..a + len)
                    .find(|w| in_body(&key_words(cx, w.clone())))
            });
            // a first name before it stays ("Hillary Clinton" when the body says
            // "Mrs. Clinton")
            if let Some(mut w) = best {
                while w.start > r.start && first_name_gender(&cx.lower[w.start - 1]).is_some() {
                    w.start -= 1;
                }
                r = w;
            } else if common_noun(cx.lower[r.end - 1].as_ref()) {
                // "Popular Website", "Federal Court": a capitalised common noun phrase
                // the body never names
                continue;
            }
        }
        let split = (r.start + 1..r.end.saturating_sub(1)).find(|&k| {
            cx.is_cap(k + 1)
                && first_name_gender(&cx.lower[k + 1]).is_some()
                && TITLE_WORDS.contains(&cx.lower[k].as_ref())
        });
        match split {
            // "Director of National Intelligence James Clapper": the words before
            // are his title, found as such from the person's mention
            Some(k) if kind == EntityKind::Person => out.push((k + 1..r.end, kind)),
            Some(k) => {
                out.push((r.start..k, kind));
                out.push((k + 1..r.end, EntityKind::Person));
            }
            None => out.push((r, kind)),
        }
    }
    mend_person_edges(cx, join_org_parts(cx, out))
}

/// Where the tagger's person and non-person runs meet: a first name ending the run
/// before a person ("Chief Justice John" + "G. Roberts") belongs to the person, and
/// what is left of that run, titles only, is no name; "Jr." after a person is part of
/// the name; a run of title words and one capitalised word ("Chief Justice Roberts")
/// is a person.
fn mend_person_edges(
    cx: &Ctx,
    raw: Vec<(Range<usize>, EntityKind)>,
) -> Vec<(Range<usize>, EntityKind)> {
    // titles that stand before a person's name, not words of an office's name
    // ("Security Council", "White House")
    let title = |t: usize| {
        matches!(
            cx.lower[t].as_ref(),
            "president"
                | "senator"
                | "sen."
                | "governor"
                | "gov."
                | "rep."
                | "representative"
                | "mr."
                | "mrs."
                | "ms."
                | "dr."
                | "gen."
                | "secretary"
                | "speaker"
                | "minister"
                | "judge"
                | "justice"
                | "mayor"
                | "chief"
                | "chancellor"
                | "ambassador"
                | "congressman"
                | "congresswoman"
                | "chairman"
                | "lt."
                | "col."
                | "sgt."
                | "adm."
                | "rev."
                | "prime"
                | "vice"
                | "attorney"
                | "general"
        )
    };
    let mut out: Vec<(Range<usize>, EntityKind)> = Vec::with_capacity(raw.len());
    let starts: Vec<usize> = raw.iter().map(|(r, _)| r.start).collect();
    let n = cx.len();
    let quote = |t: usize| t < n && matches!(cx.word(t), "\"" | "“" | "”" | "``" | "''" | "'");
    let capital = |t: usize| t < n && cx.is_cap(t) && !cx.is_punct(t);
    let mut swallowed = 0;
    for (mut r, mut kind) in raw {
        if r.start < swallowed {
            continue;
        }
        // "Del." tagged as a person of its own before "Marcia"
        if kind == EntityKind::Person
            && r.len() == 1
            && r.end < n
            && cx.word(r.end) == "."
            && matches!(
                cx.lower[r.start].as_ref(),
                "del" | "rep" | "sen" | "gov" | "gen" | "lt"
            )
        {
            continue;
        }
        // 'Robert C. "Bobby" Scott', 'Marcia "Cia" Price': a quoted nickname inside
        if kind == EntityKind::Person
            && quote(r.end)
            && capital(r.end + 1)
            && quote(r.end + 2)
            && capital(r.end + 3)
        {
            let mut e = r.end + 3;
            while e < n && capital(e) && e < r.end + 5 {
                e += 1;
            }
            r.end = e;
            swallowed = e;
        }
        let person_next = starts.binary_search(&r.end).is_ok();
        if kind != EntityKind::Person
            && !person_next
            && r.len() >= 2
            && cx.is_cap(r.end - 1)
            && (r.start..r.end - 1).all(title)
            && !TITLE_WORDS.contains(&cx.lower[r.end - 1].as_ref())
            && !crate::lexicon::ORG_HEADS.contains(&cx.lower[r.end - 1].as_ref())
        {
            kind = EntityKind::Person;
        }
        if kind == EntityKind::Person {
            // "John" + "G. Roberts": a lone first name right before a person's name
            if let Some((prev, pk)) = out.last_mut() {
                if *pk == EntityKind::Person
                    && prev.end == r.start
                    && prev.len() == 1
                    && first_name_gender(&cx.lower[prev.start]).is_some()
                {
                    r.start = prev.start;
                    out.pop();
                }
            }
            // "Chief Justice" (tagged as an organisation) right before: titles only
            if let Some((prev, pk)) = out.last() {
                if *pk != EntityKind::Person
                    && prev.end == r.start
                    && (prev.start..prev.end).all(title)
                {
                    out.pop();
                }
            }
            if let Some((prev, pk)) = out.last_mut() {
                if *pk != EntityKind::Person
                    && prev.end == r.start
                    && prev.len() > 1
                    && first_name_gender(&cx.lower[prev.end - 1]).is_some()
                {
                    prev.end -= 1;
                    r.start -= 1;
                    if (prev.start..prev.end).all(title) {
                        out.pop();
                    }
                }
            }
            if r.end < cx.len() && matches!(cx.lower[r.end].as_ref(), "jr." | "jr" | "sr." | "sr") {
                r.end += 1;
            }
        }
        out.push((r, kind));
    }
    out
}

/// "U.S." + "Court of Appeals" + "for the" + "Sixth Circuit": the tagger's pieces of
/// one organisation's name, joined. Only "for (the)" links two organisation names, and
/// only "U.S." joins the organisation name right after it.
fn join_org_parts(
    cx: &Ctx,
    raw: Vec<(Range<usize>, EntityKind)>,
) -> Vec<(Range<usize>, EntityKind)> {
    let mut out: Vec<(Range<usize>, EntityKind)> = Vec::with_capacity(raw.len());
    for (mut r, kind) in raw {
        // "the U.S. Court of Appeals" with "U.S." left untagged
        let free = out.last().is_none_or(|(p, _)| p.end < r.start);
        if kind == EntityKind::Organisation
            && free
            && r.start > 0
            && matches!(cx.lower[r.start - 1].as_ref(), "u.s." | "u.s")
        {
            r.start -= 1;
        }
        if let Some((prev, pk)) = out.last_mut() {
            let org = |k: EntityKind| k == EntityKind::Organisation;
            let near = r.start >= prev.end && r.start - prev.end <= 2;
            let gap: Vec<&str> = if near {
                cx.lower[prev.end..r.start]
                    .iter()
                    .map(|w| w.as_ref())
                    .collect()
            } else {
                Vec::new()
            };
            let linked = org(*pk)
                && org(kind)
                && matches!(gap.as_slice(), ["for"] | ["for", "the"])
                && cx.is_cap(r.start);
            // "House Oversight" + "and" + "Government Reform Committee"
            let committee = |t: usize| {
                matches!(
                    cx.lower[t].as_ref(),
                    "committee" | "subcommittee" | "commission" | "council" | "caucus"
                )
            };
            let linked = linked
                || org(*pk)
                    && org(kind)
                    && gap == ["and"]
                    && committee(r.end - 1)
                    && !committee(prev.end - 1)
                    && cx.is_cap(r.start);
            let us = org(kind)
                && prev.len() == 1
                && r.start == prev.end
                && matches!(cx.lower[prev.start].as_ref(), "u.s." | "us");
            if linked || us {
                prev.end = r.end;
                *pk = EntityKind::Organisation;
                continue;
            }
        }
        out.push((r, kind));
    }
    out
}

/// A common noun that ends a document's or organisation's description ("website",
/// "court"), not a name.
fn common_noun(w: &str) -> bool {
    crate::lexicon::DOCUMENT_NOUNS.contains(&w) || crate::lexicon::ORG_HEADS.contains(&w)
}

/// The words that identify a name: lower case, no punctuation, no "Jr."/"Sr." (so
/// that "Roberts" is the surname of "John G. Roberts Jr.").
fn key_of(cx: &Ctx, r: Range<usize>) -> Vec<String> {
    key_words(cx, r).into_iter().map(Cow::into_owned).collect()
}

/// [`key_of`], borrowing the words from `cx` where it can.
fn key_words<'c>(cx: &'c Ctx, r: Range<usize>) -> Vec<Cow<'c, str>> {
    let mut key: Vec<Cow<'c, str>> = r
        .filter(|&t| !cx.is_punct(t))
        .map(|t| {
            let w = cx.lower[t].trim_end_matches('.');
            if w.contains('’') {
                Cow::Owned(w.replace('’', "'"))
            } else {
                Cow::Borrowed(w)
            }
        })
        .collect();
    if key.len() > 2 && matches!(key.last().map(|w| w.as_ref()), Some("jr" | "sr")) {
        key.pop();
    }
    key
}

fn display(cx: &Ctx, r: Range<usize>) -> String {
    let mut out = String::new();
    for w in cx.text_of(r).split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&tidy_caps(w));
    }
    out
}

fn gender_of_name(key: &[String]) -> Option<Gender> {
    let first = key.first()?;
    match first_name_gender(first)? {
        true => Some(Gender::Female),
        false => Some(Gender::Male),
    }
}

/// Joins a mention to an existing entity or starts a new one; returns the entity.
fn attach(cx: &Ctx, ents: &mut Entities, name: Range<usize>, kind: EntityKind) -> usize {
    let key = key_of(cx, name.clone());
    let last_seen = |ents: &Entities, e: usize| -> usize {
        ents.entities[e].mentions.last().copied().unwrap_or(0)
    };
    let compatible_kind = |a: EntityKind, b: EntityKind| {
        a == b
            || matches!(
                (a, b),
                (EntityKind::Organisation, EntityKind::Outlet)
                    | (EntityKind::Outlet, EntityKind::Organisation)
                    | (EntityKind::Organisation, EntityKind::Group)
                    | (EntityKind::Group, EntityKind::Organisation)
            )
    };
    let mut best: Option<usize> = None;
    let new_gender = if kind == EntityKind::Person {
        gender_of_name(&key)
    } else {
        None
    };
    for (ei, e) in ents.entities.iter().enumerate() {
        // "Bin Laden" after "Osama bin Laden" tagged as an organisation
        let person_tail = kind == EntityKind::Person
            && e.kind == EntityKind::Organisation
            && key.len() >= 2
            && e.key.len() > key.len()
            && e.key.ends_with(&key);
        if !(compatible_kind(e.kind, kind) || key.len() == 1 && e.key.len() > 1 || person_tail) {
            continue;
        }
        // "Michelle Obama" is not the "Mr. Obama" met before; but a surname alone
        // tells no gender ("Henry" for Mary Kay Henry)
        let surname_of_e = key.len() == 1 && e.key.len() > 1 && e.key.last() == key.last();
        if !surname_of_e && matches!((e.gender, new_gender), (Some(a), Some(b)) if a != b) {
            continue;
        }
        // (a first name alone matches only a person: "Trump" is no first name of the
        // "Trump National Doral Resort Miami")
        let first_name_only = key.len() == 1 && e.key.len() > 1 && e.key.last() != key.last();
        let same = e.key == key
            || (kind == EntityKind::Person || e.kind == EntityKind::Person)
                && !(first_name_only && e.kind != EntityKind::Person)
                && person_match(&e.key, &key)
            || kind != EntityKind::Person
                && e.kind != EntityKind::Person
                && compatible_kind(e.kind, kind)
                && org_match(&e.key, &key);
        // a bare surname goes to the most mentioned bearer, then a prominent one
        // ("Trump" after "Melania Trump" and "Donald Trump" is still Donald Trump),
        // then the most recent
        let rank = |ents: &Entities, e: usize| {
            if key.len() == 1 {
                let prominent = is_prominent(&ents.entities[e].key);
                (
                    ents.entities[e].mentions.len(),
                    prominent,
                    last_seen(ents, e),
                )
            } else {
                (0, false, last_seen(ents, e))
            }
        };
        if same && best.is_none_or(|b| rank(ents, ei) > rank(ents, b)) {
            best = Some(ei);
        }
    }
    // a misspelt surname ("McLenney" after "Tyresha McClenney"), when nothing matches
    // exactly: the most mentioned such bearer
    if best.is_none() && kind == EntityKind::Person && key.len() == 1 {
        for (ei, e) in ents.entities.iter().enumerate() {
            let slip = e.kind == EntityKind::Person
                && e.key.len() > 1
                && e.key.last().is_some_and(|l| near_name(l, &key[0]));
            if slip
                && best.is_none_or(|b: usize| {
                    ents.entities[ei].mentions.len() > ents.entities[b].mentions.len()
                })
            {
                best = Some(ei);
            }
        }
    }
    let m = ents.mentions.len();
    let gender = if kind == EntityKind::Person {
        gender_of_name(&key)
    } else {
        None
    };
    match best {
        Some(e) => {
            let ent = &mut ents.entities[e];
            ent.mentions.push(m);
            // "Bin Laden" after "Osama bin Laden", "Joseph" after "Amelize Joseph", both
            // tagged as organisations: a person's name after all
            if kind == EntityKind::Person
                && ent.kind == EntityKind::Organisation
                && ent.key.len() > key.len()
                && ent.key.len() <= 3
                && ent.key.ends_with(&key)
            {
                ent.kind = EntityKind::Person;
            }
            // a surname alone tells no gender, even when it is also a first name
            // ("Joseph" for Amelize Joseph)
            let surname_only = key.len() == 1 && ent.key.len() > 1 && ent.key.last() == key.last();
            // a fuller name: grown at the front ("Trump" → "Donald Trump"), or after a
            // first name ("Hillary" → "Hillary Clinton"), not after a surname ("Obama"
            // in a caption "President Obama Speech at …")
            let fuller = key.len() > ent.key.len()
                && key.len() <= 5
                && (ent.kind != EntityKind::Person
                    || key.last() == ent.key.last()
                    || ent.key.len() == 1 && first_name_gender(&ent.key[0]).is_some());
            if fuller {
                ent.key = key;
                ent.name = display(cx, name);
                if ent.kind == EntityKind::Group && kind != EntityKind::Group {
                    ent.kind = kind;
                }
            }
            if ent.gender.is_none() && !surname_only {
                ent.gender = gender;
            }
            e
        }
        None => {
            ents.entities.push(EntityB {
                kind,
                name: display(cx, name),
                key,
                titles: Vec::new(),
                affiliations: Vec::new(),
                mentions: vec![m],
                gender,
                merged: None,
            });
            ents.entities.len() - 1
        }
    }
}

/// "Trump" ~ "Donald Trump" ~ "Donald J. Trump"; "Hillary" ~ "Hillary Clinton".
fn person_match(a: &[String], b: &[String]) -> bool {
    let (Some(al), Some(bl)) = (a.last(), b.last()) else {
        return false;
    };
    if a.len() == 1 || b.len() == 1 {
        let (short, long) = if a.len() == 1 { (a, b) } else { (b, a) };
        let w = &short[0];
        return long.last() == Some(w) || long.len() > 1 && long.first() == Some(w);
    }
    // "Suu Kyi" ~ "Aung San Suu Kyi"
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() >= 2 && long.ends_with(short) {
        return true;
    }
    al == bl && {
        let (af, bf) = (&a[0], &b[0]);
        af == bf
            || af.len() == 1 && bf.starts_with(af.as_str())
            || bf.len() == 1 && af.starts_with(bf.as_str())
    }
}

/// Two name words one typing slip apart: one letter added, dropped, replaced or two
/// adjacent letters swapped ("Wimes" / "Wines", "McClenney" / "McLenney"). Both at
/// least five letters and starting alike, so short names and different names with a
/// shared stem ("Johnson" / "Johnston" is one slip, and is accepted) stay rare.
pub fn near_name(a: &str, b: &str) -> bool {
    if a.len().abs_diff(b.len()) > 4 || a.as_bytes().first() != b.as_bytes().first() || a == b {
        return false;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() < 5 || b.len() < 5 || a.len().abs_diff(b.len()) > 1 || a[0] != b[0] || a == b {
        return false;
    }
    // optimal string alignment distance, stopping early above 1
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, v) in d[0].iter_mut().enumerate() {
        *v = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m] <= 1
}

/// Same words, last word of a longer name, or its acronym.
fn org_match(a: &[String], b: &[String]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() >= 2 && long.ends_with(short) {
        return true;
    }
    if short.len() == 1 && long.len() > 1 {
        let w = short[0].as_str();
        if long.last().is_some_and(|l| l == w) && w.len() > 3 {
            return true;
        }
        // "Fox" for Fox News, "Cisco" for Cisco Systems: a name before a generic word
        if long.len() == 2
            && long[0] == w
            && matches!(
                long[1].as_str(),
                "news"
                    | "inc"
                    | "corp"
                    | "corporation"
                    | "co"
                    | "company"
                    | "group"
                    | "network"
                    | "channel"
                    | "holdings"
                    | "systems"
                    | "international"
            )
        {
            return true;
        }
        // "u.n" / "fbi" against the initials of the longer name; "va" against
        // "department of veterans affairs" without its leading "department of"
        // (compared as iterators: this runs for every pair of names, so no allocation)
        let letters = w.chars().filter(|c| *c != '.');
        let initials = long
            .iter()
            .filter(|t| {
                !matches!(
                    t.as_str(),
                    "of" | "the" | "and" | "for" | "to" | "a" | "in" | "on" | "at"
                )
            })
            .filter_map(|t| t.chars().next());
        let generic_first = matches!(
            long[0].as_str(),
            "department" | "ministry" | "office" | "bureau"
        );
        return letters.clone().nth(1).is_some()
            && (letters.clone().eq(initials.clone())
                || generic_first && initials.skip(1).eq(letters));
    }
    false
}

/// A bare surname shared by a man and a woman of the article ("Clinton": Bill and
/// Hillary) goes to the one whose gender matches the first "he"/"his" or "she"/"her"
/// after it in its sentence or the next.
fn surnames_by_pronoun(cx: &Ctx, ents: &mut Entities) {
    for mi in 0..ents.mentions.len() {
        let m = &ents.mentions[mi];
        if m.kind != EntityKind::Person || m.name.len() != 1 {
            continue;
        }
        let w = key_words(cx, m.name.clone());
        let Some(w) = w.first().map(|w| w.as_ref()) else {
            continue;
        };
        let bearers: Vec<(usize, Gender)> = ents
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.merged.is_none()
                    && e.kind == EntityKind::Person
                    && e.key.len() > 1
                    && e.key.last().map(String::as_str) == Some(w)
            })
            .filter_map(|(i, e)| e.gender.map(|g| (i, g)))
            .collect();
        if bearers.len() < 2 || bearers.iter().all(|b| b.1 == bearers[0].1) {
            continue;
        }
        let s = cx.sentence(m.name.start);
        let end =
            cx.p.analysis
                .sentences
                .get(s + 1)
                .map_or(cx.len(), |x| x.tokens.end);
        let g = (m.name.end..end).find_map(|t| match cx.lower[t].as_ref() {
            "he" | "his" | "him" => Some(Gender::Male),
            "she" | "her" => Some(Gender::Female),
            _ => None,
        });
        let Some(g) = g else { continue };
        let Some(&(to, _)) = bearers.iter().find(|b| b.1 == g) else {
            continue;
        };
        let from = m.entity;
        if from == to {
            continue;
        }
        ents.mentions[mi].entity = to;
        if let Some(e) = ents.entities.get_mut(from) {
            e.mentions.retain(|&x| x != mi);
        }
        ents.entities[to].mentions.push(mi);
        ents.entities[to].mentions.sort_unstable();
    }
}

/// After all mentions: a one-word person entity ("Trump" in a headline) whose word is
/// the surname of exactly one fuller person entity is merged into it.
fn merge_short_names(ents: &mut Entities) {
    for i in 0..ents.entities.len() {
        if ents.entities[i].kind != EntityKind::Person || ents.entities[i].key.len() != 1 {
            continue;
        }
        let w = ents.entities[i].key[0].clone();
        let targets: Vec<usize> = (0..ents.entities.len())
            .filter(|&j| {
                j != i
                    && ents.entities[j].merged.is_none()
                    && ents.entities[j].kind == EntityKind::Person
                    && ents.entities[j].key.len() > 1
                    && ents.entities[j].key.last() == Some(&w)
                    // "Mr. Obama" is not Michelle Obama
                    && !matches!(
                        (ents.entities[i].gender, ents.entities[j].gender),
                        (Some(a), Some(b)) if a != b
                    )
            })
            .collect();
        if let [t] = targets[..] {
            ents.entities[i].merged = Some(t);
            let moved = std::mem::take(&mut ents.entities[i].mentions);
            ents.entities[t].mentions.extend(moved);
            ents.entities[t].mentions.sort_unstable();
            let (titles, affs) = (
                std::mem::take(&mut ents.entities[i].titles),
                std::mem::take(&mut ents.entities[i].affiliations),
            );
            for x in titles {
                if !ents.entities[t].titles.contains(&x) {
                    ents.entities[t].titles.push(x);
                }
            }
            for x in affs {
                if !ents.entities[t].affiliations.contains(&x) {
                    ents.entities[t].affiliations.push(x);
                }
            }
            if ents.entities[t].gender.is_none() {
                ents.entities[t].gender = ents.entities[i].gender;
            }
        }
    }
    for m in &mut ents.mentions {
        let mut e = m.entity;
        let mut guard = 0;
        while let Some(x) = ents.entities[e].merged {
            e = x;
            guard += 1;
            if guard > ents.entities.len() {
                break;
            }
        }
        m.entity = e;
    }
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !s.is_empty() && !v.iter().any(|x| x.eq_ignore_ascii_case(&s)) {
        v.push(s);
    }
}

/// Party and state from "(R-LA)", "(D-N.Y.)".
fn party_tag(cx: &Ctx, at: usize) -> Option<(String, usize)> {
    if cx.word(at) != "(" {
        return None;
    }
    let mut j = at + 1;
    let mut inner = String::new();
    while j < cx.len() && j < at + 6 && cx.word(j) != ")" {
        inner.push_str(cx.word(j));
        j += 1;
    }
    if j >= cx.len() || cx.word(j) != ")" {
        return None;
    }
    let (party, state) = inner.split_once('-')?;
    let party = match party {
        "R" => "Republican",
        "D" => "Democrat",
        "I" => "Independent",
        _ => return None,
    };
    Some((format!("{party}; {state}"), j + 1))
}

/// Titles before a person's name: "Israeli Prime Minister", "US envoy",
/// "Drop Site News reporter", "Sen.".
fn titles_before(cx: &Ctx, ents: &mut Entities, start: usize, e: usize) {
    let sent_start = cx.sentence_start(start);
    let mut b = start;
    let mut any_title = false;
    while b > sent_start && start - b < 7 {
        let t = b - 1;
        let w = cx.lower[t].as_ref();
        let title = is_title_word(w) || w.ends_with("-elect");
        let modifier = cx.is_cap(t) && !cx.is_punct(t) && cx.pos[t] != "DT" && cx.pos[t] != "PRP$"
            || (cx.pos[t] == "JJ" && w != "the")
            || w == "of" && any_title;
        if !(title || modifier)
            || ents
                .mention(t)
                .is_some_and(|m| m.kind == EntityKind::Person)
        {
            break;
        }
        any_title |= title;
        b = t;
    }
    // "An attorney for Pagliano, Mark MacDougall,": a title phrase before a comma
    if b == start && start > sent_start + 1 && cx.word(start - 1) == "," {
        let comma = start - 1;
        let mut s0 = comma;
        while s0 > sent_start
            && comma - s0 < 8
            && !matches!(cx.word(s0 - 1), "," | ";" | ":" | "“" | "”" | "\"")
        {
            s0 -= 1;
        }
        let phrase = s0..comma;
        let starts_np = s0 == sent_start || matches!(cx.lower[s0].as_ref(), "a" | "an" | "the");
        if starts_np
            && phrase.clone().any(|t| is_title_word(&cx.lower[t]))
            && !phrase.clone().any(|t| {
                cx.pos[t].starts_with("VB")
                    || ents.mention(t).is_some_and(|m| {
                        m.kind == EntityKind::Person
                            && !m.possessive
                            && !(m.name.start > 0
                                && matches!(cx.pos[m.name.start - 1], "IN" | "TO"))
                    })
            })
        {
            let s1 = if matches!(cx.lower[s0].as_ref(), "a" | "an" | "the") {
                s0 + 1
            } else {
                s0
            };
            if s1 < comma {
                let title = cx.text_of(s1..comma).to_string();
                push_unique(&mut ents.entities[e].titles, title);
            }
        }
    }
    // the name may itself start with a title word the NER tagger included
    let name_start = ents.mentions.last().map(|m| m.name.start).unwrap_or(start);
    let title_end = if name_start > start {
        name_start
    } else {
        start
    };
    while b < title_end && !is_title_word(&cx.lower[b]) && !cx.is_cap(b) {
        b += 1;
    }
    if b < title_end && (b..title_end).any(|t| is_title_word(&cx.lower[t])) {
        let title = cx.text_of(b..title_end).to_string();
        let gender = (b..title_end).find_map(|t| {
            let w = cx.lower[t].as_ref();
            if MALE_TITLES.contains(&w) {
                Some(Gender::Male)
            } else if FEMALE_TITLES.contains(&w) {
                Some(Gender::Female)
            } else {
                None
            }
        });
        let mut affs = Vec::new();
        let mut t = b;
        while t < title_end {
            if cx.is_cap(t) && !is_title_word(&cx.lower[t]) || ents.mention(t).is_some() {
                let s = t;
                while t < title_end
                    && (cx.is_cap(t) && !is_title_word(&cx.lower[t]) || ents.mention(t).is_some())
                {
                    t += 1;
                }
                affs.push(cx.text_of(s..t).to_string());
            } else {
                t += 1;
            }
        }
        let ent = &mut ents.entities[e];
        if ent.gender.is_none() {
            ent.gender = gender;
        }
        let titles_only: Vec<&str> = title.split(' ').collect();
        if !(titles_only.len() == 1 && matches!(cx.lower[b].as_ref(), "mr." | "mrs." | "ms.")) {
            push_unique(&mut ent.titles, title);
        }
        for a in affs {
            push_unique(&mut ent.affiliations, crate::lexicon::full_name(&a));
        }
    }
}

/// ", a reporter for Drop Site News," after a name; "(R-LA)".
fn apposition_after(cx: &Ctx, ents: &mut Entities, end: usize, e: usize) {
    let n = cx.len();
    let mut at = end;
    if let Some((party, next)) = party_tag(cx, at) {
        push_unique(&mut ents.entities[e].affiliations, party);
        at = next;
    }
    if at >= n || cx.word(at) != "," {
        return;
    }
    let sent_end = cx.p.analysis.sentences[cx.sentence(end.min(n - 1))]
        .tokens
        .end;
    let mut j = at + 1;
    while j < sent_end
        && j < at + 12
        && !matches!(cx.word(j), "," | "." | ";" | "”" | "\"" | "(" | ")")
    {
        if cx.pos[j].starts_with("VB") || cx.lower[j] == "who" {
            return;
        }
        j += 1;
    }
    let body = at + 1..j;
    if body.is_empty() || !body.clone().any(|t| is_title_word(&cx.lower[t])) {
        return;
    }
    if body.clone().any(|t| {
        ents.mention(t)
            .is_some_and(|m| m.kind == EntityKind::Person)
    }) {
        return;
    }
    let mut s = body.start;
    if matches!(
        cx.lower[s].as_ref(),
        "a" | "an" | "the" | "his" | "her" | "its" | "their"
    ) {
        s += 1;
    }
    if s >= body.end {
        return;
    }
    let title = cx.text_of(s..body.end).to_string();
    let affs: Vec<String> = body
        .clone()
        .filter_map(|t| ents.mention(t))
        .filter(|m| m.kind != EntityKind::Person)
        .map(|m| cx.text_of(m.name.clone()).to_string())
        .collect();
    let ent = &mut ents.entities[e];
    push_unique(&mut ent.titles, title);
    for a in affs {
        push_unique(&mut ent.affiliations, crate::lexicon::full_name(&a));
    }
}
