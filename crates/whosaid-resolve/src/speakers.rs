//! Speaker resolution: from a source span to the speaker behind it.
//!
//! The source's head noun phrase decides the route:
//! - a **name** (a mention the entity pass found, or a capitalised word matching an
//!   entity's name) → that entity; a name before a unit noun ("the Trump campaign") or
//!   with a possessive ("Clinton's spokesman") → owner + unit; before a document noun
//!   ("a Bloomberg poll") → a named document;
//! - a **pronoun** → the most salient compatible referent before it (recency, earlier
//!   sources, subject position, gender from first names, titles and earlier pronouns);
//!   "who" → the noun phrase it follows; "I"/"we" → the author outside quotations, the
//!   quotation's speaker inside;
//! - a **definite description** ("the official", "the senator", "the poll") → an
//!   earlier source or noun phrase with the same head, or a person whose title has it;
//! - an **indefinite** or bare noun phrase → an anonymous individual, an unnamed group
//!   or unnamed reports, with the names inside it as affiliation.

use whosaid_core::{Attribution, EntityKind, SourceForm, Span, Speaker, SpeakerType};

use crate::context::{tidy_caps, Ctx};
use crate::entities::{Entities, Gender};
use crate::lexicon::first_name_gender;
use crate::lexicon::{
    pronoun_class, PronounClass, COLLECTIVE_NOUNS, DEFINITE, DOCUMENT_NOUNS, GROUP_WORDS,
    INDEFINITE, NAME_PREFIX_TITLES, ORG_HEADS, QUANTITY_NOUNS, REPORT_NOUNS, ROLE_HEADS,
    SPEECH_NOUNS, THING_NOUNS, TITLE_WORDS, UNIT_NOUNS,
};

/// The weights of the salience score that picks a pronoun's antecedent (see
/// [`SpeakerPass::salient`]). A candidate scores minus its distance in sentences,
/// plus or minus these. The defaults are the values chosen by
/// `examples/tune_salience.rs` (see `fixtures/README.md`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Salience {
    /// A name at the start of its sentence (only capitals, determiners, adjectives
    /// and common nouns before it).
    pub subject: f32,
    /// Penalty: a name right after "of" after a common noun ("a division of ICE").
    pub of_object: f32,
    /// Penalty: a possessive name ("Clinton's").
    pub possessive: f32,
    /// Penalty: a name inside quotation marks, for a pronoun outside them.
    pub quoted: f32,
    /// Penalty: a name inside some attribution's reported (unquoted) content.
    pub content: f32,
    /// Penalty: a candidate in another paragraph.
    pub paragraph: f32,
    /// Weight of the (log) number of times the article names the entity.
    pub prominence: f32,
    /// An earlier attribution's resolved speaker.
    pub source: f32,
    /// Most sentences back a name may be.
    pub window: f32,
}

impl Default for Salience {
    fn default() -> Self {
        Salience {
            subject: 1.2,
            of_object: 0.3,
            possessive: 0.6,
            quoted: 0.2,
            content: 0.0,
            paragraph: 0.8,
            prominence: 0.0,
            source: 1.6,
            window: 12.0,
        }
    }
}

/// A resolved speaker plus what later resolution needs.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub speaker: Speaker,
    /// Builder index of the entity (the owner for units).
    pub entity: Option<usize>,
    /// Token where the source starts (for recency).
    pub at: usize,
    /// Lemma of the source's head noun ("source", "official").
    pub head: Option<String>,
}

fn singular(w: &str) -> String {
    let w = w.trim_end_matches('.');
    if w.ends_with("ies") && w.len() > 4 {
        format!("{}y", &w[..w.len() - 3])
    } else if w.ends_with("people") {
        w.replace("people", "person")
    } else if w.ends_with("men") && w.len() > 4 {
        format!("{}man", &w[..w.len() - 3])
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && w.len() > 3 {
        w[..w.len() - 1].to_string()
    } else {
        w.to_string()
    }
}

fn is_plural(cx: &Ctx, i: usize) -> bool {
    cx.pos[i] == "NNS" || cx.pos[i] == "NNPS" || {
        let w = cx.lower[i].as_ref();
        matches!(
            w,
            "people"
                | "some"
                | "others"
                | "many"
                | "few"
                | "several"
                | "most"
                | "all"
                | "both"
                | "percent"
                | "majority"
                | "half"
                | "those"
                | "these"
        )
    }
}

/// Might the noun `w` name a person ("official", "source", "teacher", "woman")? A
/// noun that cannot ("the case", "that environment", "the debate") is an unnamed
/// non-person source, typed with reports rather than as an anonymous individual.
fn person_noun(w: &str) -> bool {
    !(DOCUMENT_NOUNS.contains(&w) || REPORT_NOUNS.contains(&w) || THING_NOUNS.contains(&w))
}

/// The unit noun ("campaign", "spokesman") at token `i`, if it is one.
fn unit_at(cx: &Ctx, i: usize) -> Option<(&'static str, bool)> {
    let w = cx.lower[i].as_ref();
    UNIT_NOUNS.iter().find(|(u, _)| *u == w).copied()
}

/// Synonyms of title words, so that "the senator" finds "Sen. X".
fn title_matches(title_lower: &str, head: &str) -> bool {
    let own = [head];
    let alts: &[&str] = match head {
        "senator" => &["senator", "sen."],
        "governor" => &["governor", "gov."],
        "congressman" | "congresswoman" | "representative" | "lawmaker" => &[
            "rep.",
            "representative",
            "congressman",
            "congresswoman",
            "lawmaker",
        ],
        "president" => &["president"],
        "candidate" | "nominee" => &["candidate", "nominee"],
        "spokesman" | "spokeswoman" | "spokesperson" => {
            &["spokesman", "spokeswoman", "spokesperson"]
        }
        "businessman" | "billionaire" | "mogul" | "developer" => {
            &["businessman", "billionaire", "mogul", "developer"]
        }
        "secretary" => &["secretary"],
        "judge" | "justice" => &["judge", "justice"],
        "doctor" | "physician" => &["doctor", "dr.", "physician"],
        _ => &own,
    };
    // a possessive word is the title's owner, not its head: "the Republican
    // presidential nominee's eldest daughter" is no nominee; nor are the words after
    // "of": a "secretary of state" is no state
    title_lower
        .split_whitespace()
        .take_while(|w| !matches!(*w, "of" | "for" | "at" | "to" | "with" | "in"))
        .filter(|w| {
            !(w.ends_with("'s") || w.ends_with("’s") || w.ends_with("s'") || w.ends_with("s’"))
        })
        .flat_map(|w| w.split(|c: char| !c.is_alphanumeric() && c != '.'))
        .any(|w| alts.contains(&w))
}

/// Document nouns that may name the same document again: "a Reuters survey" … "the
/// study", "a documentary" … "the film".
const DOCUMENT_GROUPS: &[&[&str]] = &[
    &["study", "survey", "poll", "report", "analysis", "research"],
    &["film", "documentary", "movie"],
    &["book", "memoir"],
    &["agreement", "accord", "deal", "pact", "treaty"],
    &["statement", "announcement"],
];

fn same_document(a: &str, b: &str) -> bool {
    a == b
        || DOCUMENT_GROUPS
            .iter()
            .any(|g| g.contains(&a) && g.contains(&b))
}

/// The document nouns that may name the same document as `head` (itself included).
fn document_synonyms(head: &str) -> &'static [&'static str] {
    DOCUMENT_GROUPS
        .iter()
        .find(|g| g.contains(&head))
        .copied()
        .unwrap_or(&[])
}

/// Speaker resolution over one window's attributions, in order.
pub struct SpeakerPass<'c, 'a> {
    pub cx: &'c Ctx<'a>,
    pub ents: &'c Entities,
    pub attrs: &'c [Attribution],
    /// Per attribution, once resolved.
    pub done: Vec<Option<Resolved>>,
    /// Genders learned from resolved pronouns, per builder entity.
    pub learned: Vec<Option<Gender>>,
    pub salience: Salience,
    /// Each entity's titles in lower case, made once (description lookups test them
    /// for every earlier mention).
    titles_lower: Vec<Vec<String>>,
}

impl<'c, 'a> SpeakerPass<'c, 'a> {
    pub fn new(
        cx: &'c Ctx<'a>,
        ents: &'c Entities,
        attrs: &'c [Attribution],
        salience: Salience,
    ) -> Self {
        SpeakerPass {
            cx,
            ents,
            attrs,
            done: vec![None; attrs.len()],
            learned: vec![None; ents.entities.len()],
            salience,
            titles_lower: ents
                .entities
                .iter()
                .map(|e| e.titles.iter().map(|t| t.to_lowercase()).collect())
                .collect(),
        }
    }

    /// Does entity `e` carry a title whose head is `head` (see [`title_matches`])?
    fn has_title(&self, e: usize, head: &str) -> bool {
        self.titles_lower
            .get(e)
            .is_some_and(|ts| ts.iter().any(|t| title_matches(t, head)))
    }

    /// Resolves every attribution (in text order of their sources).
    pub fn run(&mut self) {
        self.guess_genders();
        let mut order: Vec<usize> = (0..self.attrs.len()).collect();
        order.sort_by_key(|&i| {
            let a = &self.attrs[i];
            a.source
                .first()
                .or(a.cue.first())
                .map(|s| s.start)
                .unwrap_or(0)
        });
        for i in order {
            let a = &self.attrs[i];
            if a.source.is_empty() {
                continue;
            }
            self.done[i] = self.resolve_source(i);
        }
        // continuations borrow their head's speaker
        for i in 0..self.attrs.len() {
            if self.done[i].is_some() {
                continue;
            }
            let mut j = self.attrs[i].continues;
            let mut guard = 0;
            while let Some(k) = j {
                if let Some(Some(r)) = self.done.get(k) {
                    self.done[i] = Some(r.clone());
                    break;
                }
                j = self.attrs.get(k).and_then(|x| x.continues);
                guard += 1;
                if guard > self.attrs.len() {
                    break;
                }
            }
        }
    }

    /// Genders from the pronouns around people: in a sentence naming exactly one
    /// person, and in the next one if it names nobody else, "he"/"his" count for male
    /// and "she"/"her" for female; a clear majority decides for people whose first
    /// name and titles did not.
    fn guess_genders(&mut self) {
        let cx = self.cx;
        let n_sent = cx.p.analysis.sentences.len();
        let mut people_in: Vec<Vec<usize>> = vec![Vec::new(); n_sent];
        for m in &self.ents.mentions {
            if m.kind == EntityKind::Person {
                let e = self.ents.root(m.entity);
                let s = cx.sentence(m.name.start);
                if let Some(v) = people_in.get_mut(s) {
                    if !v.contains(&e) {
                        v.push(e);
                    }
                }
            }
        }
        let mut votes: Vec<(i32, i32)> = vec![(0, 0); self.ents.entities.len()];
        let count = |s: usize| -> (i32, i32) {
            let mut c = (0, 0);
            for t in cx.p.analysis.sentences[s].tokens.clone() {
                match cx.lower[t].as_ref() {
                    "he" | "his" | "him" | "himself" => c.0 += 1,
                    "she" | "her" | "hers" | "herself" => c.1 += 1,
                    _ => {}
                }
            }
            c
        };
        for s in 0..n_sent {
            let [e] = people_in[s][..] else { continue };
            let (mut m, mut f) = count(s);
            if s + 1 < n_sent && people_in[s + 1].is_empty() {
                let (m2, f2) = count(s + 1);
                m += m2;
                f += f2;
            }
            votes[e].0 += m;
            votes[e].1 += f;
        }
        for (e, (m, f)) in votes.into_iter().enumerate() {
            if self.ents.entities[e].gender.is_some() || self.learned[e].is_some() {
                continue;
            }
            if m >= 2 && m >= 2 * f.max(1) || m >= 1 && f == 0 {
                self.learned[e] = Some(Gender::Male);
            } else if f >= 2 && f >= 2 * m.max(1) || f >= 1 && m == 0 {
                self.learned[e] = Some(Gender::Female);
            }
        }
    }

    fn gender(&self, e: usize) -> Option<Gender> {
        let r = self.ents.root(e);
        self.ents.entities[r]
            .gender
            .or(self.learned.get(r).copied().flatten())
    }

    fn named(&self, e: usize, form: SourceForm, antecedent: Option<Span>, at: usize) -> Resolved {
        let r = self.ents.root(e);
        let ent = &self.ents.entities[r];
        // an unnamed group met by name ("Republicans"): introduced where it is met
        let antecedent = if ent.kind == EntityKind::Group {
            antecedent.or_else(|| Some(self.cx.span(at)))
        } else {
            antecedent
        };
        let kind = match ent.kind {
            EntityKind::Person => SpeakerType::Person,
            EntityKind::Outlet | EntityKind::Platform => SpeakerType::Outlet,
            EntityKind::Document => SpeakerType::Document,
            EntityKind::Group => SpeakerType::UnnamedGroup,
            _ => SpeakerType::Organisation,
        };
        // "U.N." is the United Nations
        let name = match kind {
            SpeakerType::Organisation => crate::lexicon::full_name(&ent.name),
            _ => ent.name.clone(),
        };
        Resolved {
            speaker: Speaker {
                name,
                form,
                kind,
                entity: Some(r),
                antecedent,
                title: ent.titles.first().cloned(),
                affiliation: ent.affiliations.first().cloned(),
            },
            entity: Some(r),
            at,
            head: None,
        }
    }

    fn resolve_source(&mut self, ai: usize) -> Option<Resolved> {
        let cx = self.cx;
        let a = &self.attrs[ai];
        let toks: Vec<usize> = cx
            .tokens_in(&a.source)
            .into_iter()
            .filter(|&t| !cx.is_punct(t) || matches!(cx.word(t), "'s" | "’s" | "("))
            .collect();
        let (&first, _) = toks.split_first()?;
        // head region: up to a comma, relative pronoun or preposition
        let mut region: Vec<usize> = Vec::new();
        for (k, &t) in toks.iter().enumerate() {
            let w = cx.lower[t].as_ref();
            let prev = if k > 0 { Some(toks[k - 1]) } else { None };
            let of_breaks = w == "of"
                && prev.is_some_and(|p| {
                    cx_mention(self.ents, p).is_some()
                        || cx.is_noun(p)
                            && !cx.is_proper(p)
                            && !crate::lexicon::TITLE_WORDS.contains(&cx.lower[p].as_ref())
                });
            if k > 0
                && (matches!(w, "who" | "which" | "that" | "(")
                    || cx.pos[t] == "IN" && w != "of"
                    || of_breaks
                    || cx.pos[t] == "TO"
                    || matches!(cx.pos[t], "VBD" | "VBN" | "VBZ" | "VBP") && !cx.is_proper(t))
            {
                break;
            }
            if k > 0 && t > toks[k - 1] + 1 && cx.word(t - 1) == "," {
                break;
            }
            region.push(t);
        }
        // "Trump and Pence": several named people
        let last_tok = toks.last().copied().unwrap_or(first);
        let persons: Vec<usize> = {
            let mut v: Vec<usize> = Vec::new();
            for &t in &toks {
                if let Some(m) = cx_mention(self.ents, t) {
                    let e = self.ents.root(m.entity);
                    // "Republican presidential nominee Donald Trump": a group's name
                    // used as an adjective is no one coordinated
                    let adjectival = m.kind == EntityKind::Group
                        && cx.lower.get(m.name.end).is_some_and(|w| {
                            !cx.is_cap(m.name.end)
                                && (cx.pos[m.name.end] == "JJ"
                                    || TITLE_WORDS.contains(&w.as_ref())
                                    || ROLE_HEADS.contains(&w.as_ref()))
                        });
                    // "Obama and Clinton's": a joint possessive ends the source
                    let joint = m.possessive && m.name.end + 1 >= last_tok;
                    if (!m.possessive || joint) && !adjectival && !v.contains(&e) {
                        v.push(e);
                    }
                }
            }
            v
        };
        // people anywhere in the source; other names only as "X and Y" from its start
        let all_people = persons
            .iter()
            .all(|&e| self.ents.entities[e].kind == EntityKind::Person);
        let coordinated = || {
            let mut t = first;
            while t < cx.len() && cx.lower[t] == "the" {
                t += 1;
            }
            let mut count = 0;
            while let Some(m) = cx_mention(self.ents, t) {
                if m.possessive || m.name.start != t && cx.lower[m.name.start] != "the" {
                    return false;
                }
                count += 1;
                t = m.name.end;
                if t < cx.len() && cx.lower[t] == "and" {
                    t += 1;
                    while t < cx.len() && cx.lower[t] == "the" {
                        t += 1;
                    }
                } else {
                    break;
                }
            }
            count == persons.len()
        };
        // "Gwen Ifill and Judy Woodruff, two PBS journalists", "Gov. Peter Shumlin, Sen.
        // Patrick Leahy and Howard Dean": a list of people, commas and titles between
        // them and nothing else (no verb, no relative clause), whatever follows the last
        let listed = || -> Vec<usize> {
            let starts: Vec<(usize, usize, usize)> = toks
                .iter()
                .filter_map(|&t| cx_mention(self.ents, t))
                .filter(|m| !m.possessive && m.kind == EntityKind::Person)
                .map(|m| (m.name.start, m.name.end, self.ents.root(m.entity)))
                .fold(Vec::new(), |mut v, r| {
                    if v.last() != Some(&r) {
                        v.push(r);
                    }
                    v
                });
            let joined = starts.windows(2).all(|w| {
                let gap = w[0].1..w[1].0;
                (gap.clone().any(|t| matches!(cx.word(t), "," | "and"))
                    || gap.clone().any(|t| cx.lower[t] == "well"))
                    && gap.clone().all(|t| {
                        !cx.pos[t].starts_with("VB") && !matches!(cx.pos[t], "IN" | "TO" | "POS")
                            || cx.lower[t] == "as"
                    })
                    && !gap.clone().any(|t| {
                        matches!(cx.lower[t].as_ref(), "who" | "which" | "that" | "a" | "an")
                    })
            }) && starts
                .windows(2)
                .any(|w| (w[0].1..w[1].0).any(|t| matches!(cx.lower[t].as_ref(), "and" | "well")));
            let mut people: Vec<usize> = Vec::new();
            for (_, _, e) in starts {
                if !people.contains(&e) {
                    people.push(e);
                }
            }
            if joined && people.len() > 1 {
                people
            } else {
                Vec::new()
            }
        };
        let commas = toks.iter().any(|&t| cx.word(t) == ",");
        let plain = persons.len() > 1
            && toks.iter().any(|&t| cx.lower[t] == "and")
            && !commas
            && (all_people || coordinated());
        // (a list needs two names in the source: most sources have one or none)
        let group = if plain {
            persons.clone()
        } else if persons.len() > 1 {
            listed()
        } else {
            Vec::new()
        };
        if group.len() > 1 {
            let names: Vec<String> = group
                .iter()
                .map(|&e| self.ents.entities[e].name.clone())
                .collect();
            return Some(resolved(
                names.join(" and "),
                SourceForm::Named,
                SpeakerType::Multiple,
                None,
                None,
                first,
                None,
            ));
        }
        // a person's name anywhere in the source that is not an owner or a
        // prepositional object ("A spokesman for Clinton, Brian Fallon,")
        let head = head_of(cx, &region);
        // in a title-case headline, "Poll" or "Former White House Doctor" is a common
        // noun, not a name
        // nor is a lone sentence-initial "Video"
        let headline_noun = head.is_some_and(|h| {
            let sentence_initial = region.len() == 1 && cx.sentence_start(h) == h;
            (cx.headline(h) || sentence_initial) && {
                let w = singular(&cx.lower[h]);
                DOCUMENT_NOUNS.contains(&w.as_str())
                    || TITLE_WORDS.contains(&w.as_str())
                    || unit_at(cx, h).is_some()
                    || matches!(
                        w.as_str(),
                        "lawmaker" | "doctor" | "website" | "site" | "strategist"
                    )
            }
        });
        // a headline's "Member of House panel", "The former secretary of State": the
        // person before "of" (when no one is named in it)
        if let Some(k) = region
            .iter()
            .position(|&t| cx.lower[t] == "of")
            .filter(|&k| {
                k > 0
                    && (cx.headline(region[k - 1])
                        || region[k + 1..].iter().all(|&t| {
                            cx.is_cap(t)
                                && cx_mention(self.ents, t)
                                    .is_none_or(|m| m.kind != EntityKind::Person)
                        }))
            })
        {
            let p = region[k - 1];
            if cx.is_noun(p)
                && TITLE_WORDS.contains(&singular(&cx.lower[p]).as_str())
                && !region.iter().any(|&t| cx.lower[t] == "and")
            {
                return self.description(ai, &region[..k], p, first);
            }
        }
        let head_is_name = !headline_noun
            && head.is_some_and(|h| {
                cx.is_proper(h)
                    || cx_mention(self.ents, h).is_some()
                    || region.len() == 1 && self.misspelt(h).is_some()
            });
        // a title-case headline names its subject first ("Elizabeth Warren Hammers
        // Wells Fargo CEO"), unless the name modifies what follows ("Clinton Aide")
        if cx.headline(first) {
            if let Some(m) = cx_mention(self.ents, first) {
                let next = cx.lower.get(m.name.end).map(|w| singular(w));
                let modifier = next.as_deref().is_some_and(|w| {
                    TITLE_WORDS.contains(&w)
                        || DOCUMENT_NOUNS.contains(&w)
                        || UNIT_NOUNS.iter().any(|(u, _)| *u == w)
                });
                if m.kind == EntityKind::Person
                    && !m.possessive
                    && m.name.end <= toks.last().copied().unwrap_or(0)
                    && !modifier
                {
                    return Some(self.named(m.entity, SourceForm::Named, None, first));
                }
            }
        }
        if head_is_name || head.is_none() {
            if let Some(r) = self.name_in(&region, first) {
                return Some(r);
            }
        }
        for &t in &toks {
            if let Some(m) = cx_mention(self.ents, t) {
                // the word before the name and its titles ("Advisers to Mr. Rubio",
                // "officials, including Gov. Chris Christie")
                let mut b = m.name.start;
                while b > first
                    && (NAME_PREFIX_TITLES.contains(&cx.lower[b - 1].as_ref())
                        || TITLE_WORDS.contains(&cx.lower[b - 1].as_ref()))
                {
                    b -= 1;
                }
                let after_prep = b > 0
                    && (matches!(cx.pos[b - 1], "IN" | "TO")
                        || matches!(cx.lower[b - 1].as_ref(), "including" | "like"));
                let prev_head_comma = t > first && region.last().is_some_and(|&l| l < t);
                if m.kind == EntityKind::Person && !m.possessive && !after_prep && prev_head_comma {
                    let e = m.entity;
                    return Some(self.named(e, SourceForm::Named, None, first));
                }
            }
        }
        // "a civil rights advocacy group called Color of Change": the name given
        if let Some(k) = toks.iter().position(|&t| {
            matches!(cx.lower[t].as_ref(), "called" | "named") && cx.pos[t].starts_with("VB")
        }) {
            let start = toks.get(k + 1).copied().filter(|&t| cx.is_cap(t));
            if let Some(start) = start {
                if let Some(m) = cx_mention(self.ents, start).filter(|m| !m.possessive) {
                    return Some(self.named(m.entity, SourceForm::Named, None, first));
                }
                let mut end = start;
                while end < cx.len()
                    && toks.contains(&end)
                    && (cx.is_cap(end)
                        || matches!(cx.lower[end].as_ref(), "of" | "for" | "the" | "and")
                            && end + 1 < cx.len()
                            && cx.is_cap(end + 1))
                {
                    end += 1;
                }
                let described = head.map(|h| singular(&cx.lower[h]));
                let person = described.as_deref().is_some_and(|w| {
                    TITLE_WORDS.contains(&w)
                        || person_noun(w) && unit_at(cx, toks[0]).is_some_and(|u| u.1)
                });
                return Some(resolved(
                    cx.text_of(start..end).to_string(),
                    SourceForm::Named,
                    if person {
                        SpeakerType::Person
                    } else {
                        SpeakerType::Organisation
                    },
                    None,
                    None,
                    first,
                    described,
                ));
            }
        }
        // "most of whom", "some of which": the phrase before the source
        if toks.len() <= 4
            && toks.windows(2).any(|w| {
                cx.lower[w[0]] == "of" && matches!(cx.lower[w[1]].as_ref(), "whom" | "which")
            })
        {
            return self.pronoun(ai, first, PronounClass::Relative, first);
        }
        let h = head?;
        let w = cx.lower[h].as_ref();
        if region.len() == 1 && matches!(w, "that" | "which") {
            return self.pronoun(ai, h, PronounClass::Relative, first);
        }
        if let Some(class) = pronoun_class(w) {
            if cx.pos[h] != "PRP$" || region.len() == 1 {
                return self.pronoun(ai, h, class, first);
            }
        }
        self.description(ai, &region, h, first)
    }

    /// A name in the head region: the mention whose tokens include the head, or a
    /// capitalised head word matching an entity ("WALLACE").
    fn name_in(&self, region: &[usize], first: usize) -> Option<Resolved> {
        let cx = self.cx;
        let h = head_of(cx, region)?;
        if let Some(m) = cx_mention(self.ents, h) {
            let form = SourceForm::Named;
            // "A Bloomberg poll" is handled as a description with a name inside
            return Some(self.named(m.entity, form, None, first));
        }
        if !cx.is_cap(h) {
            return None;
        }
        // a name followed by capitalised words the NER pass left out ("Joseph R. Biden
        // Jr.")
        let before = region
            .iter()
            .rev()
            .filter(|&&t| t < h)
            .find_map(|&t| cx_mention(self.ents, t));
        if let Some(m) = before {
            if !m.possessive && (m.name.end..=h).all(|t| cx.is_cap(t) || cx.is_punct(t)) {
                return Some(self.named(m.entity, SourceForm::Named, None, first));
            }
        }
        // a capitalised word the NER pass missed: match an entity by any name word
        let w = cx.lower[h].trim_end_matches('.').to_string();
        let mut best: Option<usize> = None;
        for (e, ent) in self.ents.entities.iter().enumerate() {
            if ent.merged.is_some() {
                continue;
            }
            if ent.key.last() == Some(&w) || ent.key.len() > 1 && ent.key.first() == Some(&w) {
                let better = best.is_none_or(|b| {
                    let kb = &self.ents.entities[b];
                    (ent.kind == EntityKind::Person, ent.key.len())
                        > (kb.kind == EntityKind::Person, kb.key.len())
                });
                if better {
                    best = Some(e);
                }
            }
        }
        // or a misspelt surname of a person named earlier ("Wines" for Leslie Wimes)
        let best = best.or_else(|| self.misspelt(h));
        if let Some(e) = best {
            return Some(self.named(e, SourceForm::Named, None, first));
        }
        if !cx.is_proper(h) || cx.pos[h] == "NNPS" || GROUP_WORDS.contains(&w.as_str()) {
            return None;
        }
        // an unknown name: keep its words
        let mut s = h;
        while s > region[0] && cx.is_proper(s - 1) {
            s -= 1;
        }
        let name = cx
            .text_of(s..h + 1)
            .split_whitespace()
            .map(tidy_caps)
            .collect::<Vec<_>>()
            .join(" ");
        Some(resolved(
            name,
            SourceForm::Named,
            SpeakerType::Person,
            None,
            None,
            first,
            None,
        ))
    }

    /// The one person named before token `h` whose surname is a typing slip away from
    /// the capitalised word at `h` ([`near_name`](crate::entities::near_name)).
    fn misspelt(&self, h: usize) -> Option<usize> {
        let cx = self.cx;
        if !cx.is_cap(h) {
            return None;
        }
        let w = cx.lower[h].trim_end_matches('.');
        let mut found = self.ents.entities.iter().enumerate().filter(|(_, e)| {
            e.merged.is_none()
                && e.kind == EntityKind::Person
                && e.key.len() > 1
                && e.key
                    .last()
                    .is_some_and(|l| crate::entities::near_name(l, w))
        });
        let first = found.next().map(|(e, _)| e)?;
        let named_before = self.ents.entities[first]
            .mentions
            .iter()
            .filter_map(|&m| self.ents.mentions.get(m))
            .any(|m| m.name.start < h);
        (found.next().is_none() && named_before).then_some(first)
    }

    /// Is byte `b` inside the content of any attribution?
    fn in_some_content(&self, b: usize) -> bool {
        self.attrs
            .iter()
            .any(|a| a.content.iter().any(|s| s.start <= b && b < s.end))
    }

    /// The attribution whose content holds token `t` (for "I" inside a quotation).
    fn holder_of(&self, ai: usize, t: usize) -> Option<usize> {
        let b = self.cx.span(t).start;
        (0..self.attrs.len()).filter(|&j| j != ai).find(|&j| {
            self.attrs[j]
                .content
                .iter()
                .any(|s| s.start <= b && b < s.end)
        })
    }

    fn pronoun(
        &mut self,
        ai: usize,
        h: usize,
        class: PronounClass,
        first: usize,
    ) -> Option<Resolved> {
        let cx = self.cx;
        let form = SourceForm::Pronoun;
        match class {
            PronounClass::Second if !cx.quoted(h) => {
                // the generic reader: a group, introduced at the first "you"
                let first_you = (0..cx.len())
                    .find(|&t| matches!(cx.lower[t].as_ref(), "you" | "your") && !cx.quoted(t))
                    .unwrap_or(h);
                Some(resolved(
                    "you".into(),
                    form,
                    SpeakerType::UnnamedGroup,
                    None,
                    Some(cx.span(first_you)),
                    first,
                    None,
                ))
            }
            PronounClass::First | PronounClass::Second => {
                if cx.quoted(h) {
                    if let Some(j) = self.holder_of(ai, h) {
                        if let Some(r) = self.done.get(j).cloned().flatten() {
                            let mut r = r;
                            r.speaker.form = form;
                            r.at = first;
                            return Some(r);
                        }
                    }
                }
                Some(resolved(
                    "author".into(),
                    form,
                    SpeakerType::Author,
                    None,
                    None,
                    first,
                    None,
                ))
            }
            PronounClass::Relative => {
                // the noun phrase right before "who"
                let mut k = h;
                while k > 0 && (cx.is_punct(k - 1)) {
                    k -= 1;
                }
                if k == 0 {
                    return None;
                }
                let t = k - 1;
                // "Future45, a super PAC that": the name the phrase is in apposition to
                let mut a = t;
                while a > 0
                    && t - a < 6
                    && !cx.is_punct(a - 1)
                    && (cx.is_noun(a - 1) || matches!(cx.pos[a - 1], "JJ" | "DT" | "CD"))
                    && !INDEFINITE.contains(&cx.lower[a].as_ref())
                {
                    a -= 1;
                }
                if a >= 2
                    && a < t
                    && cx.word(a - 1) == ","
                    && INDEFINITE.contains(&cx.lower[a].as_ref())
                {
                    if let Some(m) = cx_mention(self.ents, a - 2).filter(|m| !m.possessive) {
                        return Some(self.named(m.entity, form, None, first));
                    }
                    // a name the tagger missed ("Future45")
                    let sent_start = cx.sentence_start(a - 2);
                    if cx.is_cap(a - 2) && (cx.is_proper(a - 2) || a - 2 > sent_start) {
                        let mut n = a - 2;
                        while n > sent_start && cx.is_proper(n - 1) && cx.is_cap(n - 1) {
                            n -= 1;
                        }
                        let head = singular(&cx.lower[t]);
                        let kind = if TITLE_WORDS.contains(&head.as_str())
                            || ROLE_HEADS.contains(&head.as_str())
                        {
                            SpeakerType::Person
                        } else {
                            SpeakerType::Organisation
                        };
                        return Some(resolved(
                            cx.text_of(n..a - 1).to_string(),
                            form,
                            kind,
                            None,
                            Some(cx.span_of(n..a - 1)),
                            first,
                            Some(head),
                        ));
                    }
                }
                if let Some(m) = cx_mention(self.ents, t) {
                    // "both Democrats and Republicans, who": the pair
                    let s0 = m.name.start;
                    let pair = (s0 >= 2 && cx.lower[s0 - 1] == "and")
                        .then(|| cx_mention(self.ents, s0 - 2))
                        .flatten()
                        .filter(|p| p.kind == m.kind && !p.possessive && p.name.end == s0 - 1);
                    if let Some(p) = pair.filter(|p| {
                        matches!(p.kind, EntityKind::Group | EntityKind::Person)
                            && self.ents.root(p.entity) != self.ents.root(m.entity)
                    }) {
                        let names = [p.entity, m.entity]
                            .map(|e| self.ents.entity(e).name.clone())
                            .join(" and ");
                        let kind = if m.kind == EntityKind::Person {
                            SpeakerType::Multiple
                        } else {
                            SpeakerType::UnnamedGroup
                        };
                        return Some(resolved(
                            names,
                            form,
                            kind,
                            None,
                            Some(cx.span_of(p.name.start..m.name.end)),
                            first,
                            None,
                        ));
                    }
                    return Some(self.named(m.entity, form, None, first));
                }
                let mut s = t;
                while s > 0
                    && (cx.is_noun(s - 1)
                        || cx.pos[s - 1] == "JJ"
                        || DEFINITE.contains(&cx.lower[s - 1].as_ref())
                        || INDEFINITE.contains(&cx.lower[s - 1].as_ref()))
                {
                    s -= 1;
                }
                let region: Vec<usize> = (s..t + 1).collect();
                self.description(ai, &region, t, first).map(|mut r| {
                    r.speaker.form = form;
                    r
                })
            }
            PronounClass::Male | PronounClass::Female => {
                let want = if class == PronounClass::Male {
                    Gender::Male
                } else {
                    Gender::Female
                };
                let fits = |p: &Self, e: usize| {
                    p.ents.entities[e].kind == EntityKind::Person
                        && p.gender(e).is_none_or(|g| g == want)
                };
                // "Matt Lauer faced criticism after he asked …": the subject of the
                // pronoun's own sentence, when it fits, before anyone more prominent
                let e = self
                    .sentence_subject(h)
                    .filter(|&e| fits(self, e))
                    .or_else(|| self.salient(ai, h, fits))?;
                let r = self.ents.root(e);
                if self.learned[r].is_none() && self.ents.entities[r].gender.is_none() {
                    self.learned[r] = Some(want);
                }
                Some(self.named(e, form, self.ents.first_span(cx, e), first))
            }
            PronounClass::Plural | PronounClass::Neuter => {
                // earlier sources that are groups / organisations, or organisation names
                let plural = class == PronounClass::Plural;
                let mut best: Option<(f32, Resolved)> = None;
                for j in 0..self.attrs.len() {
                    let Some(r) = self.done[j].as_ref() else {
                        continue;
                    };
                    if r.at >= h {
                        continue;
                    }
                    let fits = match r.speaker.kind {
                        SpeakerType::UnnamedGroup
                        | SpeakerType::UnnamedReports
                        | SpeakerType::Multiple => plural,
                        SpeakerType::Organisation | SpeakerType::Outlet => true,
                        SpeakerType::Document => !plural,
                        _ => false,
                    };
                    if !fits {
                        continue;
                    }
                    let d = cx.sentence(h).saturating_sub(cx.sentence(r.at)) as f32;
                    let score = -d + 1.0;
                    if best.as_ref().is_none_or(|(b, _)| score > *b) {
                        best = Some((score, r.clone()));
                    }
                }
                // "Mitt Romney released his returns, even though they exposed …": a
                // plural document named earlier in the same sentence
                if plural {
                    if let Some(r) = self.documents_before(ai, h, first) {
                        if best.as_ref().is_none_or(|(b, _)| 1.5 > *b) {
                            best = Some((1.5, r));
                        }
                    }
                }
                // "Obama and Clinton took office … They": two people named together
                if plural {
                    if let Some((score, r)) = self.pair_before(h, first) {
                        if best.as_ref().is_none_or(|(b, _)| score > *b) {
                            best = Some((score, r));
                        }
                    }
                }
                let org = self.salient(ai, h, |p, e| {
                    matches!(
                        p.ents.entities[e].kind,
                        EntityKind::Organisation | EntityKind::Outlet
                    ) || plural && p.ents.entities[e].kind == EntityKind::Group
                });
                if let Some(e) = org {
                    let last = self.ents.entities[e]
                        .mentions
                        .iter()
                        .filter_map(|&m| self.ents.mentions.get(m))
                        .map(|m| m.name.start)
                        .filter(|&s| s < h)
                        .max()
                        .unwrap_or(0);
                    let d = cx.sentence(h).saturating_sub(cx.sentence(last)) as f32;
                    if best.as_ref().is_none_or(|(b, _)| -d > *b) {
                        let r = self.named(e, form, self.ents.first_span(cx, e), first);
                        return Some(r);
                    }
                }
                best.map(|(_, mut r)| {
                    r.speaker.form = form;
                    r.at = first;
                    r
                })
            }
        }
    }

    /// A plural document noun phrase earlier in token `h`'s sentence, outside
    /// quotations, when no plural people come before it there ("One of the reasons
    /// Trump refuses to make public his income tax returns may be that they …"): the
    /// owner's name and the phrase's words ("Donald Trump income tax returns").
    fn documents_before(&mut self, ai: usize, h: usize, first: usize) -> Option<Resolved> {
        let cx = self.cx;
        if cx.quoted(h) {
            return None;
        }
        let sent_start = cx.sentence_start(h);
        let k = (sent_start..h).rev().find(|&k| {
            cx.pos[k] == "NNS"
                && !cx.quoted(k)
                && (DOCUMENT_NOUNS.contains(&cx.lower[k].as_ref())
                    || matches!(cx.lower[k].as_ref(), "returns" | "files" | "papers"))
        })?;
        let people_before = (sent_start..k).any(|t| {
            let w = cx.lower[t].as_ref();
            cx.pos[t] == "NNS"
                && (GROUP_WORDS.contains(&w)
                    || TITLE_WORDS.contains(&singular(w).as_str())
                    || unit_at(cx, t).is_some()
                    || COLLECTIVE_NOUNS.contains(&w))
                || cx_mention(self.ents, t).is_some_and(|m| m.kind == EntityKind::Group)
        });
        if people_before {
            return None;
        }
        // the phrase: back over nouns and adjectives to an owner
        let mut s = k;
        while s > sent_start
            && k - s < 5
            && (cx.is_noun(s - 1) || cx.pos[s - 1] == "JJ")
            && cx_mention(self.ents, s - 1).is_none()
        {
            s -= 1;
        }
        let owner = if s > sent_start && cx.pos[s - 1] == "PRP$" {
            let class = pronoun_class(&cx.lower[s - 1])?;
            let o = s - 1;
            self.pronoun(ai, o, class, first).and_then(|r| r.entity)
        } else if s > sent_start {
            cx_mention(self.ents, s - 1)
                .filter(|m| m.possessive)
                .map(|m| self.ents.root(m.entity))
        } else {
            None
        }?;
        let name = format!(
            "{} {}",
            self.ents.entities[owner].name,
            cx.text_of(s..k + 1)
        );
        Some(resolved(
            name,
            SourceForm::Pronoun,
            SpeakerType::Document,
            Some(owner),
            Some(cx.span_of(s.saturating_sub(1)..k + 1)),
            first,
            Some(singular(&cx.lower[k])),
        ))
    }

    /// The author's relative `unit` ("father", "mother", "wife", …), when the text
    /// names them in apposition outside quotations: "my father, James Meehan," or, for
    /// a father or mother, "my parents, James and Olive Meehan" (the father the one
    /// with a man's first name, else the first).
    fn authors_kin(&self, unit: &str, first: usize) -> Option<Resolved> {
        let cx = self.cx;
        let n = cx.len();
        let person = |name: String, start: usize, end: usize, own: bool| {
            let entity = cx_mention(self.ents, end - 1)
                .filter(|m| own && m.kind == EntityKind::Person)
                .map(|m| self.ents.root(m.entity));
            Resolved {
                speaker: Speaker {
                    name,
                    form: SourceForm::Description,
                    kind: SpeakerType::Person,
                    entity: None,
                    antecedent: Some(cx.span_of(start..end)),
                    title: None,
                    affiliation: None,
                },
                entity,
                at: first,
                head: Some(unit.to_string()),
            }
        };
        let caps = |mut t: usize| {
            let s = t;
            while t < n && cx.is_cap(t) && !cx.is_punct(t) && t - s < 4 {
                t += 1;
            }
            t
        };
        for t in 0..n.saturating_sub(4) {
            if cx.lower[t] != "my" || cx.quoted(t) || cx.word(t + 2) != "," {
                continue;
            }
            let rel = singular(&cx.lower[t + 1]);
            if rel == unit {
                let end = caps(t + 3);
                if end > t + 4 {
                    return Some(person(cx.text_of(t + 3..end).to_string(), t + 3, end, true));
                }
            }
            if rel == "parent" && matches!(unit, "father" | "mother") {
                // "James and Olive Meehan"
                let a = t + 3;
                if !(cx.is_cap(a) && cx.lower.get(a + 1).is_some_and(|w| w == "and")) {
                    continue;
                }
                let b = a + 2;
                let end = caps(b);
                if end < b + 2 {
                    continue;
                }
                let surname = cx.text_of(b + 1..end);
                let (fa, mo) = match (
                    first_name_gender(&cx.lower[a]),
                    first_name_gender(&cx.lower[b]),
                ) {
                    (Some(true), _) | (_, Some(false)) => (b, a),
                    _ => (a, b),
                };
                let pick = if unit == "father" { fa } else { mo };
                return Some(person(
                    format!("{} {surname}", cx.word(pick)),
                    a,
                    end,
                    false,
                ));
            }
        }
        None
    }

    /// The latest "X and Y" of two people named as a sentence's subject within the
    /// two sentences before token `h`, outside quotations and reported content, with
    /// its score for plural pronoun resolution (recency, as earlier sources score).
    fn pair_before(&self, h: usize, first: usize) -> Option<(f32, Resolved)> {
        let cx = self.cx;
        let hs = cx.sentence(h);
        let ms = &self.ents.mentions;
        let mut found = None;
        for w in ms.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            if b.name.start >= h {
                break;
            }
            let person = |m: &crate::entities::Mention| m.kind == EntityKind::Person;
            let pair_of_people = person(a) && person(b) && !a.possessive && !b.possessive;
            if !pair_of_people
                || b.name.start != a.name.end + 1
                || cx.lower[a.name.end] != "and"
                || cx.quoted(a.name.start)
                || self.in_some_content(cx.span(a.name.start).start)
            {
                continue;
            }
            let d = hs - cx.sentence(a.name.start).min(hs);
            if d > 2 || hs == cx.sentence(a.name.start) {
                continue;
            }
            // the subject: only the start of a clause before it
            let t = a.name.start;
            let subject = t == 0
                || cx.is_punct(t - 1)
                || matches!(cx.pos[t - 1], "CC" | "RB" | "IN" | "WRB")
                    && cx.sentence(t - 1) == cx.sentence(t);
            let (ea, eb) = (self.ents.root(a.entity), self.ents.root(b.entity));
            if !subject || ea == eb {
                continue;
            }
            let name = format!(
                "{} and {}",
                self.ents.entities[ea].name, self.ents.entities[eb].name
            );
            let r = resolved(
                name,
                SourceForm::Pronoun,
                SpeakerType::Multiple,
                None,
                Some(cx.span_of(a.name.start..b.name.end)),
                first,
                None,
            );
            found = Some((1.0 - d as f32, r));
        }
        found
    }

    /// The title given right after the document noun at `k`: a quotation of at most
    /// ten words straight after it ("documentary “13th.”", "the film, “Selma,”") or
    /// the capitalised words after "entitled"/"titled" later in its sentence.
    fn title_after(&self, k: usize) -> Option<String> {
        let cx = self.cx;
        let n = cx.len();
        let open = |t: usize| t < n && matches!(cx.word(t), "“" | "\"" | "``" | "‘");
        let close = |t: usize| t < n && matches!(cx.word(t), "”" | "\"" | "''" | "’");
        let tidy = |s: &str| {
            s.trim()
                .trim_end_matches(['.', ',', ';', ':'])
                .trim()
                .to_string()
        };
        let mut t = k + 1;
        if t < n && cx.word(t) == "," {
            t += 1;
        }
        if open(t) {
            let end = (t + 1..n.min(t + 12)).find(|&e| close(e))?;
            let title = tidy(cx.text_of(t + 1..end));
            return (!title.is_empty()).then_some(title);
        }
        let ks = cx.sentence(k);
        let cue = (k + 1..n)
            .take_while(|&x| cx.sentence(x) == ks)
            .find(|&x| matches!(cx.lower[x].as_ref(), "entitled" | "titled"))?;
        let start = cue + 1;
        if !cx.is_cap(start) {
            return None;
        }
        let mut end = start;
        while end < n && cx.sentence(end) == ks && end - start < 14 {
            end += 1;
        }
        let title = tidy(cx.text_of(start..end));
        (!title.is_empty()).then_some(title)
    }

    /// Who issued the unnamed document at token `k` ("the Security Council issued a
    /// statement", "In a statement, the Association of Flight Attendants called …"):
    /// the nearest person or organisation named in its sentence, outside quotations
    /// and reported content, not the object of a preposition other than "by".
    fn issuer(&self, k: usize) -> Option<usize> {
        let cx = self.cx;
        let ks = cx.sentence(k);
        self.ents
            .mentions
            .iter()
            .filter(|m| {
                let t = m.name.start;
                cx.sentence(t) == ks
                    && !m.name.contains(&k)
                    && !m.possessive
                    && matches!(
                        m.kind,
                        EntityKind::Person | EntityKind::Organisation | EntityKind::Outlet
                    )
                    && !cx.quoted(t)
                    && !self.in_some_content(cx.span(t).start)
                    && (t == 0
                        || cx.pos[t - 1] != "IN"
                        || cx.lower[t - 1] == "by"
                        || t >= 2 && cx.lower[t - 1] == "the" && cx.lower[t - 2] == "by")
                    && !(t >= 2
                        && cx.lower[t - 1] == "the"
                        && cx.pos[t - 2] == "IN"
                        && cx.lower[t - 2] != "by")
            })
            .min_by_key(|m| m.name.start.abs_diff(k))
            .map(|m| self.ents.root(m.entity))
    }

    /// A document named after its issuer: "United Nations Security Council statement".
    fn issued(&self, e: usize, k: usize, ante: Span, first: usize, head: &str) -> Resolved {
        let name = format!("{} {}", self.ents.entities[e].name, self.cx.lower[k]);
        resolved(
            name,
            SourceForm::Description,
            SpeakerType::Document,
            Some(e),
            Some(ante),
            first,
            Some(head.to_string()),
        )
    }

    /// The person named at the start of token `h`'s sentence, before `h` and outside
    /// quotations, when that name is the sentence's subject (only capitalised words,
    /// determiners, adjectives, nouns and possessives before it) and a verb follows it
    /// before `h`.
    fn sentence_subject(&self, h: usize) -> Option<usize> {
        let cx = self.cx;
        if cx.quoted(h) {
            return None;
        }
        let s = &cx.p.analysis.sentences[cx.sentence(h)];
        let m = self.ents.mentions.iter().find(|m| {
            m.name.start >= s.tokens.start
                && m.name.start < h
                && !m.possessive
                && m.kind == EntityKind::Person
        })?;
        let before_ok = (s.tokens.start..m.name.start).all(|t| {
            cx.is_punct(t) && !cx.quoted(t)
                || cx.is_cap(t)
                || matches!(cx.pos[t], "DT" | "JJ" | "NN" | "NNS" | "POS")
        });
        let verb_between = (m.name.end..h).any(|t| cx.pos[t].starts_with("VB"));
        (m.kind == EntityKind::Person && !cx.quoted(m.name.start) && before_ok && verb_between)
            .then(|| self.ents.root(m.entity))
    }

    /// Resolves the pronoun at token `t` (a recipient such as "told him").
    pub fn resolve_pronoun_at(
        &mut self,
        ai: usize,
        t: usize,
        class: PronounClass,
    ) -> Option<Resolved> {
        self.pronoun(ai, t, class, t)
    }

    /// The most salient entity before token `h` that `ok` accepts.
    fn salient(&self, ai: usize, h: usize, ok: impl Fn(&Self, usize) -> bool) -> Option<usize> {
        let cx = self.cx;
        let a = &self.attrs[ai];
        let in_content = |b: usize| a.content.iter().any(|s| s.start <= b && b < s.end);
        let hs = cx.sentence(h);
        let hp = cx.paragraph(h);
        let w = self.salience;
        let mut best: Option<(f32, usize)> = None;
        let consider = |score: f32, e: usize, best: &mut Option<(f32, usize)>| {
            if best.is_none_or(|(b, _)| score > b) {
                *best = Some((score, e));
            }
        };
        // name mentions
        for (mi, m) in self.ents.mentions.iter().enumerate() {
            if m.name.start >= h {
                break;
            }
            let e = self.ents.root(m.entity);
            if !ok(self, e) || in_content(cx.span(m.name.start).start) {
                continue;
            }
            let ms = cx.sentence(m.name.start);
            let d = (hs - ms.min(hs)) as f32;
            if d > w.window {
                continue;
            }
            // closer mentions win ties
            let mut score = -d - 0.002 * (h - m.name.start).min(200) as f32;
            let sent_start = cx.p.analysis.sentences[ms].tokens.start;
            let subject = (sent_start..m.name.start).all(|t| {
                cx.is_punct(t)
                    || cx.is_cap(t)
                    || matches!(cx.pos[t], "DT" | "JJ" | "NN" | "NNS" | "POS")
            });
            // "Clinton communication director Jennifer Palmieri": a name that only
            // modifies the next person's name is not the one spoken of
            let next_person = self.ents.mentions.get(mi + 1).filter(|n| {
                n.name.start >= m.name.end && n.kind == EntityKind::Person && n.name.start < h
            });
            let modifier = !m.possessive
                && next_person.is_some_and(|n| {
                    n.name.start - m.name.end <= 4
                        && (m.name.end..n.name.start)
                            .all(|t| !cx.is_punct(t) && (cx.is_noun(t) || cx.pos[t] == "JJ"))
                });
            if modifier {
                continue;
            }
            if subject {
                score += w.subject;
            }
            // "a division of Immigration and Customs Enforcement": the object of a
            // preposition is less likely the one spoken of
            let st = m.name.start;
            if st > 1 && cx.lower[st - 1] == "of" && cx.is_noun(st - 2) && !cx.is_cap(st - 2) {
                score -= w.of_object;
            }
            if m.possessive {
                score -= w.possessive;
            }
            if cx.quoted(m.name.start) && !cx.quoted(h) {
                score -= w.quoted;
            } else if self.in_some_content(cx.span(m.name.start).start) {
                // spoken of in someone's reported words, not speaking
                score -= w.content;
            }
            if cx.paragraph(m.name.start) != hp {
                score -= w.paragraph;
            }
            // prominence: people the article keeps naming
            score += w.prominence * (self.ents.entities[e].mentions.len() as f32).ln();
            consider(score, e, &mut best);
        }
        // earlier resolved sources
        for j in 0..self.attrs.len() {
            if j == ai {
                continue;
            }
            let Some(r) = self.done[j].as_ref() else {
                continue;
            };
            let Some(e) = r.entity else { continue };
            if r.at >= h || !ok(self, e) || r.speaker.kind == SpeakerType::Author {
                continue;
            }
            let d = (hs - cx.sentence(r.at).min(hs)) as f32;
            let mut score = -d + w.source;
            if cx.paragraph(r.at) != hp {
                score -= w.paragraph;
            }
            // the same prominence as a name mention of the speaker
            let e = self.ents.root(e);
            score += w.prominence * (self.ents.entities[e].mentions.len() as f32).ln();
            consider(score, e, &mut best);
        }
        best.map(|(_, e)| e)
    }

    fn description(
        &mut self,
        ai: usize,
        region: &[usize],
        h: usize,
        first: usize,
    ) -> Option<Resolved> {
        let cx = self.cx;
        let w = cx.lower[h].as_ref();
        let head = singular(w);
        let det = region
            .iter()
            .filter(|&&t| t < h)
            .map(|&t| cx.lower[t].as_ref())
            .find(|w| DEFINITE.contains(w) || INDEFINITE.contains(w) || pronoun_class(w).is_some())
            .unwrap_or("");
        let np: Vec<usize> = region.iter().copied().filter(|&t| t <= h).collect();
        let np_span = Span::new(cx.span(np[0]).start, cx.span(h).end);
        // owner: "Clinton's spokesman", "his campaign", "the Trump campaign"
        let owner_tok = np.iter().copied().filter(|&t| t < h).find(|&t| {
            cx.pos[t] == "PRP$"
                || cx_mention(self.ents, t)
                    .is_some_and(|m| m.kind == EntityKind::Person || m.possessive)
        });
        let unit = unit_at(cx, h);
        let definite = DEFINITE.contains(&det)
            || owner_tok.is_some_and(|t| {
                cx.pos[t] == "PRP$" || cx_mention(self.ents, t).is_some_and(|m| m.possessive)
            });
        let names_inside: Vec<usize> = np
            .iter()
            .copied()
            .filter(|&t| t < h && cx_mention(self.ents, t).is_some())
            .collect();
        let doc = DOCUMENT_NOUNS.contains(&w) || DOCUMENT_NOUNS.contains(&head.as_str());
        // a person whose title has the head ("the senator", "Obama's former campaign
        // strategist", "Former DNC chairman"), before or, in a headline, after
        if definite || owner_tok.is_some() || cx.headline(h) {
            let article_det = DEFINITE.contains(&det);
            if let Some(r) = self.titled(ai, &head, h, first, article_det) {
                return Some(r);
            }
        }
        // "The GOP candidate", "Obama's former campaign strategist": a role someone
        // named nearby holds
        if definite && ROLE_HEADS.contains(&head.as_str()) && !is_plural(cx, h) {
            let owner = owner_tok
                .and_then(|o| cx_mention(self.ents, o))
                .map(|m| self.ents.root(m.entity));
            if let Some(r) = self.role(ai, h, owner, first) {
                return Some(r);
            }
        }
        // the author's "my father", named as "my father, James Meehan" or "my parents,
        // James and Olive Meehan"
        if owner_tok.is_some_and(|o| matches!(cx.lower[o].as_ref(), "my" | "our") && !cx.quoted(h))
        {
            if let Some(r) = self.authors_kin(&head, first) {
                return Some(r);
            }
        }
        // "The party's existing rules", "The agency's mammoth bureaucracy": the
        // organisation "the party" stands for, and what of it speaks
        if owner_tok.is_none() && DEFINITE.contains(&det) {
            let poss = np
                .iter()
                .position(|&t| matches!(cx.word(t), "'s" | "’s"))
                .filter(|&p| p > 0);
            if let Some(p) = poss {
                let oh = np[p - 1];
                let owner_head = singular(&cx.lower[oh]);
                // or a person: "the former vice president's spokeswoman" → Al Gore's
                let owner = if cx_mention(self.ents, oh).is_some() {
                    None
                } else if ORG_HEADS.contains(&owner_head.as_str()) {
                    self.org_role(ai, &owner_head, oh, first)
                } else if TITLE_WORDS.contains(&owner_head.as_str())
                    || ROLE_HEADS.contains(&owner_head.as_str())
                {
                    self.titled(ai, &owner_head, oh, first, false)
                        .or_else(|| self.role(ai, oh, None, first))
                } else {
                    None
                };
                {
                    if let Some(r) = owner {
                        let kind = if doc {
                            SpeakerType::Document
                        } else if r.speaker.kind == SpeakerType::Person && unit.is_none_or(|u| u.1)
                        {
                            SpeakerType::Person
                        } else {
                            SpeakerType::Organisation
                        };
                        return Some(resolved(
                            format!("{} {}", r.speaker.name, cx.lower[h]),
                            SourceForm::Description,
                            kind,
                            r.entity,
                            None,
                            first,
                            Some(head),
                        ));
                    }
                }
            }
        }
        // "her account" stands for her
        if let Some(o) = owner_tok.filter(|_| SPEECH_NOUNS.contains(&w)) {
            let owner = if cx.pos[o] == "PRP$" {
                let class = pronoun_class(&cx.lower[o]).unwrap_or(PronounClass::Neuter);
                self.pronoun(ai, o, class, first).and_then(|r| r.entity)
            } else {
                cx_mention(self.ents, o).map(|m| self.ents.root(m.entity))
            };
            if let Some(e) = owner {
                return Some(self.named(e, SourceForm::Description, None, first));
            }
        }
        if let Some(o) = owner_tok {
            if unit.is_some() || doc || definite {
                let owner = if cx.pos[o] == "PRP$" {
                    let class = pronoun_class(&cx.lower[o]).unwrap_or(PronounClass::Neuter);
                    self.pronoun(ai, o, class, first).and_then(|r| r.entity)
                } else {
                    cx_mention(self.ents, o).map(|m| self.ents.root(m.entity))
                };
                // "his attorney" when the article named him: "An attorney for
                // Pagliano, Mark MacDougall"
                if let (Some(e), Some((u, true))) = (owner, unit) {
                    let surname = self.ents.entities[e]
                        .key
                        .last()
                        .cloned()
                        .unwrap_or_default();
                    let named = self.ents.entities.iter().enumerate().find(|(x, p)| {
                        *x != e
                            && p.merged.is_none()
                            && p.kind == EntityKind::Person
                            && p.titles.iter().any(|t| {
                                let t = t.to_lowercase();
                                title_matches(&t, u)
                                    && !surname.is_empty()
                                    && t.contains(surname.as_str())
                            })
                    });
                    // "Keith Lamont Scott's wife" … "Rakeyia Scott": the one other
                    // person with the owner's surname
                    let family = matches!(
                        u,
                        "wife"
                            | "husband"
                            | "widow"
                            | "son"
                            | "daughter"
                            | "father"
                            | "mother"
                            | "brother"
                            | "sister"
                    );
                    let kin = || {
                        let mut same = self.ents.entities.iter().enumerate().filter(|(x, p)| {
                            *x != e
                                && p.merged.is_none()
                                && p.kind == EntityKind::Person
                                && p.key.len() > 1
                                && !surname.is_empty()
                                && p.key.last() == Some(&surname)
                        });
                        match (same.next(), same.next()) {
                            (Some((x, _)), None) => Some(x),
                            _ => None,
                        }
                    };
                    let named = named.map(|(x, _)| x).or_else(|| family.then(kin).flatten());
                    if let Some(x) = named {
                        return Some(self.named(
                            x,
                            SourceForm::Description,
                            self.ents.first_span(cx, x),
                            first,
                        ));
                    }
                }
                if let Some(e) = owner {
                    let ent = &self.ents.entities[e];
                    let unit_words = cx.text_of(h..h + 1).to_lowercase();
                    // "McConnell aides", "his advisers": several unnamed people
                    let people = is_plural(cx, h)
                        && matches!(
                            w,
                            "aides"
                                | "advisers"
                                | "advisors"
                                | "lawyers"
                                | "attorneys"
                                | "allies"
                                | "supporters"
                                | "surrogates"
                                | "spokespeople"
                                | "operatives"
                                | "officials"
                        )
                        || is_plural(cx, h)
                            && unit.is_none()
                            && TITLE_WORDS.contains(&head.as_str());
                    // "his fellow physicians": introduced where first met
                    let np_span = if people && unit.is_none() {
                        self.antecedent(ai, &head, h, first)
                            .filter(|r| r.speaker.kind == SpeakerType::UnnamedGroup)
                            .and_then(|r| r.speaker.antecedent)
                            .unwrap_or(np_span)
                    } else {
                        np_span
                    };
                    let kind = if doc {
                        SpeakerType::Document
                    } else if unit.is_some_and(|u| u.1) {
                        SpeakerType::Person
                    } else if people {
                        SpeakerType::UnnamedGroup
                    } else {
                        SpeakerType::Organisation
                    };
                    return Some(resolved(
                        format!("{}’s {}", ent.name, unit_words),
                        SourceForm::Description,
                        kind,
                        Some(e),
                        people.then_some(np_span),
                        first,
                        Some(head),
                    ));
                }
            }
        }
        // a named document: "a new report by Politico"
        if doc && names_inside.is_empty() {
            let after = region
                .iter()
                .copied()
                .find(|&t| t > h)
                .or(Some(h + 1))
                .filter(|&t| t < cx.len());
            // or further on in the source: "a 46-page suicide analysis released by the
            // Department of Veterans Affairs", "The transcript of the debate, published
            // by The Washington Post"
            let src_end = cx
                .tokens_in(&self.attrs[ai].source)
                .last()
                .copied()
                .unwrap_or(h);
            let by = after
                .filter(|&t| matches!(cx.lower[t].as_ref(), "by" | "from"))
                .or_else(|| {
                    (h + 1..=src_end.min(h + 10)).find(|&t| {
                        cx.lower[t] == "by" && t > 0 && matches!(cx.pos[t - 1], "VBN" | "VBD")
                    })
                });
            if let Some(by) = by {
                let at = if cx.lower.get(by + 1).is_some_and(|w| w == "the") {
                    by + 2
                } else {
                    by + 1
                };
                if let Some(m) = cx_mention(self.ents, at) {
                    let ent = self.ents.entity(m.entity);
                    return Some(resolved(
                        format!("{} {}", ent.name, cx.lower[h]),
                        SourceForm::Named,
                        SpeakerType::Document,
                        Some(self.ents.root(m.entity)),
                        Some(np_span),
                        first,
                        Some(head),
                    ));
                }
            }
        }
        // a named document: "A Bloomberg poll"
        if let (true, Some(&s)) = (doc, names_inside.first()) {
            return Some(document(
                cx,
                self.ents,
                s..h + 1,
                np_span,
                SourceForm::Named,
                first,
                &head,
            ));
        }
        if definite {
            let found = self.antecedent(ai, &head, h, first);
            // "the agency" after "Officials at Homeland Security Investigations": an
            // organisation named nearby beats an earlier unnamed "the agency"
            if found.as_ref().is_none_or(|r| r.entity.is_none())
                && owner_tok.is_none()
                && ORG_HEADS.contains(&head.as_str())
                && head != "group"
            {
                if let Some(r) = self.org_role(ai, &head, h, first) {
                    return Some(r);
                }
            }
            if let Some(r) = found {
                return Some(r);
            }
        }
        // a headline ("New Poll", "Former DNC chairman") or a lede ("…, the candidate's
        // former doctor maintains.") names its speaker further down
        let headline = cx.headline(h);
        // "My father" in a headline is no one the body quotes
        let pronoun_owner = owner_tok.is_some_and(|o| cx.pos[o] == "PRP$");
        if (definite || headline) && !pronoun_owner {
            if let Some(r) = self.forward(ai, &head, h, first, headline) {
                return Some(r);
            }
        }
        // "According to the data, …" right after "The State Department Refugee
        // Processing Center said …": the document of the organisation just quoted
        if doc && definite && owner_tok.is_none() && names_inside.is_empty() {
            let hs = cx.sentence(h);
            let last = (0..self.attrs.len())
                .filter(|&j| j != ai)
                .filter_map(|j| self.done[j].as_ref())
                .filter(|r| r.at < first && hs - cx.sentence(r.at).min(hs) <= 1)
                .max_by_key(|r| r.at);
            if let Some(r) = last.filter(|r| {
                matches!(
                    r.speaker.kind,
                    SpeakerType::Organisation | SpeakerType::Outlet
                )
            }) {
                if let Some(e) = r.entity {
                    return Some(self.issued(e, h, np_span, first, &head));
                }
            }
        }
        // an unnamed document its sentence names the issuer of: "In a statement, the
        // Association of Flight Attendants called …"
        if doc && !definite && names_inside.is_empty() && !is_plural(cx, h) {
            if let Some(e) = self.issuer(h) {
                return Some(self.issued(e, h, np_span, first, &head));
            }
        }
        // unnamed: anonymous individual, group or reports
        let kind = if REPORT_NOUNS.contains(&w) || doc {
            SpeakerType::UnnamedReports
        } else if is_plural(cx, h)
            || GROUP_WORDS.contains(&w)
                && !matches!(w, "one" | "someone" | "somebody" | "anyone" | "anybody")
            || QUANTITY_NOUNS.contains(&w) && cx.lower.get(h + 1).is_some_and(|x| x == "of")
            || COLLECTIVE_NOUNS.contains(&w)
        {
            SpeakerType::UnnamedGroup
        } else if person_noun(w) {
            SpeakerType::Anonymous
        } else {
            SpeakerType::UnnamedReports
        };
        let words: Vec<usize> = np
            .iter()
            .copied()
            .filter(|&t| {
                !DEFINITE.contains(&cx.lower[t].as_ref())
                    && !INDEFINITE.contains(&cx.lower[t].as_ref())
                    || t == h
            })
            .collect();
        let name = words
            .first()
            .map(|&s| cx.text_of(s..h + 1).to_string())
            .unwrap_or_default();
        let affiliation = names_inside
            .first()
            .and_then(|&t| cx_mention(self.ents, t))
            .map(|m| crate::lexicon::full_name(&self.ents.entity(m.entity).name));
        Some(Resolved {
            speaker: Speaker {
                name,
                form: if definite {
                    SourceForm::Description
                } else {
                    SourceForm::Anonymous
                },
                kind,
                entity: None,
                antecedent: Some(np_span),
                title: None,
                affiliation,
            },
            entity: None,
            at: first,
            head: Some(head),
        })
    }

    /// A person whose title contains `head` (most salient before `h`; for a headline
    /// also after), or an organisation whose name ends in it ("the fund").
    fn titled(
        &self,
        ai: usize,
        head: &str,
        h: usize,
        first: usize,
        with_orgs: bool,
    ) -> Option<Resolved> {
        let cx = self.cx;
        // "the campaign" is no campaign adviser
        let org_unit = unit_at(cx, h).is_some_and(|u| !u.1);
        let person_head = !org_unit
            && (TITLE_WORDS.contains(&head)
                || matches!(
                    head,
                    "lawmaker" | "candidate" | "nominee" | "doctor" | "strategist"
                ));
        // "E.U. leaders" are several people, not one titled leader
        if person_head && !is_plural(cx, h) {
            let has = |p: &Self, e: usize| {
                p.ents.entities[e].kind == EntityKind::Person && p.has_title(e, head)
            };
            if let Some(e) = self.salient(ai, h, has) {
                return Some(self.named(
                    e,
                    SourceForm::Description,
                    self.ents.first_span(cx, e),
                    first,
                ));
            }
            if cx.headline(h) {
                // headline: the first titled person after it
                let later = self
                    .ents
                    .mentions
                    .iter()
                    .filter(|m| m.name.start > h)
                    .map(|m| self.ents.root(m.entity))
                    .find(|&e| has(self, e));
                if let Some(e) = later {
                    return Some(self.named(
                        e,
                        SourceForm::Description,
                        self.ents.first_span(cx, e),
                        first,
                    ));
                }
            }
        }
        // "the fund" → International Monetary Fund (not for people: "the doctor")
        if !with_orgs || person_head {
            return None;
        }
        let org = self
            .ents
            .mentions
            .iter()
            .rev()
            .filter(|m| {
                m.name.start < h && matches!(m.kind, EntityKind::Organisation | EntityKind::Outlet)
            })
            .map(|m| self.ents.root(m.entity))
            .find(|&e| {
                self.ents.entities[e].key.len() > 1
                    && self.ents.entities[e]
                        .key
                        .last()
                        .is_some_and(|l| singular(l) == head)
            });
        org.map(|e| {
            self.named(
                e,
                SourceForm::Description,
                self.ents.first_span(cx, e),
                first,
            )
        })
    }

    /// The person a definite role description ("the GOP candidate", "Connecticut's tax
    /// commissioner") stands for when no one is titled so: the most salient person of
    /// the last two sentences other than the role's owner (elegant variation) or,
    /// failing that, a person named for the first time in the next two sentences (a
    /// lede that names its speaker after: "…'s tax commissioner says … Kevin Sullivan
    /// says …").
    fn role(&self, ai: usize, h: usize, owner: Option<usize>, first: usize) -> Option<Resolved> {
        let cx = self.cx;
        let hs = cx.sentence(h);
        let a = &self.attrs[ai];
        let in_content = |t: usize| {
            let b = cx.span(t).start;
            a.content.iter().any(|s| s.start <= b && b < s.end)
        };
        let person =
            |p: &Self, e: usize| p.ents.entities[e].kind == EntityKind::Person && Some(e) != owner;
        // an office ("the governor") is named as a title before it is used alone, so
        // only descriptive roles ("the GOP candidate") look back
        let descriptive = matches!(
            singular(&cx.lower[h]).as_str(),
            "candidate"
                | "nominee"
                | "businessman"
                | "businesswoman"
                | "billionaire"
                | "mogul"
                | "strategist"
                | "frontrunner"
                | "front-runner"
                | "hopeful"
                | "incumbent"
        );
        // "The GOP presidential nominee" after "Donald and Ivana Trump": a candidate the
        // gazetteer knows before anyone else near
        let race = matches!(
            singular(&cx.lower[h]).as_str(),
            "candidate" | "nominee" | "frontrunner" | "front-runner" | "hopeful"
        );
        let prominent = |p: &Self, e: usize| {
            person(p, e) && crate::lexicon::is_prominent(&p.ents.entities[e].key)
        };
        let picks = [
            race.then(|| self.salient(ai, h, prominent)).flatten(),
            self.salient(ai, h, person),
        ];
        for e in picks.into_iter().flatten().filter(|_| descriptive) {
            let near = self.ents.entities[e]
                .mentions
                .iter()
                .filter_map(|&m| self.ents.mentions.get(m))
                .any(|m| {
                    m.name.start < h
                        && hs - cx.sentence(m.name.start).min(hs) <= 2
                        && !in_content(m.name.start)
                });
            if near {
                return Some(self.named(
                    e,
                    SourceForm::Description,
                    self.ents.first_span(cx, e),
                    first,
                ));
            }
        }
        let later = self.ents.mentions.iter().find(|m| {
            m.name.start > h
                && cx.sentence(m.name.start) <= hs + 2
                // "My father would have loved Trump": not the object of its own verb
                && !(cx.sentence(m.name.start) == hs
                    && (h..m.name.start).any(|t| cx.pos[t].starts_with("VB")))
                && m.kind == EntityKind::Person
                && !m.possessive
                && !in_content(m.name.start)
                && Some(self.ents.root(m.entity)) != owner
        })?;
        let e = self.ents.root(later.entity);
        // and who speaks there
        let speaks = self
            .attrs
            .iter()
            .enumerate()
            .any(|(j, a)| j != ai && cx.tokens_in(&a.source).contains(&later.name.start));
        if !speaks {
            return None;
        }
        let new = self.ents.entities[e]
            .mentions
            .iter()
            .filter_map(|&m| self.ents.mentions.get(m))
            .all(|m| m.name.start >= later.name.start);
        new.then(|| {
            self.named(
                e,
                SourceForm::Description,
                self.ents.first_span(cx, e),
                first,
            )
        })
    }

    /// The organisation "the agency", "the union", "the court" stands for: the most
    /// salient organisation of the last three sentences, one whose name has the head
    /// word first ("the appeals court" → "U.S. Court of Appeals for the Sixth
    /// Circuit"); "the state" and "the country" take places.
    fn org_role(&self, ai: usize, head: &str, h: usize, first: usize) -> Option<Resolved> {
        let cx = self.cx;
        let hs = cx.sentence(h);
        let place = matches!(head, "state" | "country" | "city" | "nation");
        let fits = |p: &Self, e: usize| {
            let ent = &p.ents.entities[e];
            if place {
                ent.kind == EntityKind::Place
            } else {
                matches!(ent.kind, EntityKind::Organisation | EntityKind::Outlet)
            }
        };
        let recent = |e: usize| {
            self.ents.entities[e]
                .mentions
                .iter()
                .filter_map(|&m| self.ents.mentions.get(m))
                .any(|m| m.name.start < h && hs - cx.sentence(m.name.start).min(hs) <= 3)
        };
        let named_so = |e: usize| {
            self.ents.entities[e]
                .key
                .iter()
                .any(|w| singular(w) == head)
        };
        let e = self
            .salient(ai, h, |p, e| fits(p, e) && recent(e) && named_so(e))
            .or_else(|| self.salient(ai, h, |p, e| fits(p, e) && recent(e)))?;
        Some(self.named(
            e,
            SourceForm::Description,
            self.ents.first_span(cx, e),
            first,
        ))
    }

    /// The referent of a description named after it: for a document head, the first
    /// later phrase with that head and a name in it ("A Bloomberg poll"); for a person
    /// head, the first person introduced later with that title; in a headline, failing
    /// that, the first named person who speaks in the body. Looks through the whole
    /// text from a headline, the next three sentences otherwise.
    fn forward(
        &self,
        ai: usize,
        head: &str,
        h: usize,
        first: usize,
        headline: bool,
    ) -> Option<Resolved> {
        let cx = self.cx;
        let hs = cx.sentence(h);
        let limit_sent = if headline { usize::MAX } else { hs + 3 };
        let in_range = |t: usize| t > h && cx.sentence(t) <= limit_sent;
        // a headline's "Popular Website": the outlet or organisation the body names most
        if headline
            && matches!(
                head,
                "website" | "site" | "outlet" | "newspaper" | "paper" | "magazine" | "blog"
            )
        {
            let mut best: Option<(usize, usize)> = None;
            for m in self.ents.mentions.iter().filter(|m| m.name.start > h) {
                let e = self.ents.root(m.entity);
                let ent = &self.ents.entities[e];
                if !matches!(ent.kind, EntityKind::Outlet | EntityKind::Organisation) {
                    continue;
                }
                let n = ent.mentions.len();
                if best.is_none_or(|(_, b)| n > b) {
                    best = Some((e, n));
                }
            }
            if let Some((e, _)) = best.filter(|&(_, n)| n >= 3) {
                return Some(self.named(
                    e,
                    SourceForm::Description,
                    self.ents.first_span(cx, e),
                    first,
                ));
            }
        }
        // "Flight attendants' union" … "the Association of Flight Attendants", "House
        // panel" … "the House Oversight and Government Reform Committee": the first
        // organisation named after it whose name has the head word (or its synonym) or
        // one of the description's own words
        if ORG_HEADS.contains(&head) && !matches!(head, "state" | "country" | "group") {
            let mut s = h;
            while s > 0
                && h - s < 6
                && !cx.is_punct(s - 1)
                && (cx.is_noun(s - 1) || matches!(cx.pos[s - 1], "JJ" | "POS"))
            {
                s -= 1;
            }
            let words: Vec<String> = (s..h)
                .filter(|&t| !cx.is_punct(t) && cx.pos[t] != "POS")
                .map(|t| singular(&cx.lower[t]))
                .filter(|w| w.len() > 2 && !matches!(w.as_str(), "federal" | "new" | "local"))
                .collect();
            let heads: &[&str] = match head {
                "panel" | "committee" => &["panel", "committee", "subcommittee"],
                "union" => &["union", "association", "federation"],
                _ => &[head],
            };
            let fits = |e: usize| {
                let ent = &self.ents.entities[e];
                let key: Vec<String> = ent.key.iter().map(|w| singular(w)).collect();
                matches!(ent.kind, EntityKind::Organisation | EntityKind::Outlet)
                    && key.len() > 1
                    && (key.iter().any(|w| heads.contains(&w.as_str()))
                        || words.iter().any(|w| key.contains(w)))
            };
            let org = self
                .ents
                .mentions
                .iter()
                .filter(|m| in_range(m.name.start))
                .map(|m| self.ents.root(m.entity))
                .find(|&e| fits(e));
            if let Some(e) = org {
                return Some(self.named(
                    e,
                    SourceForm::Description,
                    self.ents.first_span(cx, e),
                    first,
                ));
            }
            return None;
        }
        if DOCUMENT_NOUNS.contains(&head) {
            for k in (h + 1)..cx.len() {
                if !in_range(k) {
                    break;
                }
                if !(cx.is_noun(k) && singular(&cx.lower[k]) == head) {
                    continue;
                }
                let mut s = k;
                while s > 0
                    && k - s < 8
                    && !cx.is_punct(s - 1)
                    && (cx.is_noun(s - 1)
                        || cx.pos[s - 1] == "JJ"
                        || cx.pos[s - 1] == "POS"
                        || cx.is_cap(s - 1))
                {
                    s -= 1;
                }
                if let Some(t) = (s..k).find(|&t| cx_mention(self.ents, t).is_some()) {
                    let ante = cx.span_of(s..k + 1);
                    return Some(document(
                        cx,
                        self.ents,
                        t..k + 1,
                        ante,
                        SourceForm::Description,
                        first,
                        head,
                    ));
                }
            }
            return None;
        }
        let person_head = TITLE_WORDS.contains(&head)
            || matches!(
                head,
                "lawmaker" | "doctor" | "strategist" | "candidate" | "nominee"
            );
        if !person_head || is_plural(cx, h) {
            return None;
        }
        let titled = self
            .ents
            .mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Person && in_range(m.name.start))
            .map(|m| self.ents.root(m.entity))
            .find(|&e| self.has_title(e, head));
        if let Some(e) = titled {
            return Some(self.named(
                e,
                SourceForm::Description,
                self.ents.first_span(cx, e),
                first,
            ));
        }
        if !headline {
            return None;
        }
        // the first named person who speaks in the body
        let mut order: Vec<usize> = (0..self.attrs.len()).filter(|&j| j != ai).collect();
        order.sort_by_key(|&j| {
            self.attrs[j]
                .source
                .first()
                .map(|s| s.start)
                .unwrap_or(usize::MAX)
        });
        for j in order {
            let toks = cx.tokens_in(&self.attrs[j].source);
            if toks.first().is_none_or(|&t| cx.sentence(t) == 0) {
                continue;
            }
            if let Some(m) = toks
                .iter()
                .filter_map(|&t| cx_mention(self.ents, t))
                .find(|m| m.kind == EntityKind::Person && !m.possessive)
            {
                return Some(self.named(
                    m.entity,
                    SourceForm::Description,
                    self.ents.first_span(cx, m.entity),
                    first,
                ));
            }
        }
        None
    }

    /// "the source" → the earlier source with that head; "the senator" → the person
    /// titled so; "the poll" → the earlier noun phrase with that head.
    fn antecedent(&mut self, ai: usize, head: &str, h: usize, first: usize) -> Option<Resolved> {
        let cx = self.cx;
        // "the official" wants one official, "the officials" several
        let plural = is_plural(cx, h);
        let number_ok = |r: &Resolved| match r.speaker.kind {
            SpeakerType::UnnamedGroup => plural,
            SpeakerType::Anonymous | SpeakerType::Person => !plural,
            _ => true,
        };
        // earlier sources with the same head
        let mut best: Option<&Resolved> = None;
        for j in 0..self.attrs.len() {
            if j == ai {
                continue;
            }
            if let Some(r) = self.done[j].as_ref() {
                if number_ok(r)
                    && r.at < first
                    && r.head.as_deref() == Some(head)
                    && best.is_none_or(|b| r.at > b.at)
                {
                    best = Some(r);
                }
            }
        }
        let from_source = best.cloned();
        // people titled with the head (not for "the campaign": a campaign adviser is
        // not the campaign)
        let unit_org = unit_at(cx, h).is_some_and(|u| !u.1);
        let titled = self.salient(ai, h, |p, e| {
            !unit_org && p.ents.entities[e].kind == EntityKind::Person && p.has_title(e, head)
        });
        // earlier noun phrase with the same head (or, for a document, a synonym),
        // introducing the referent
        let doc_head = DOCUMENT_NOUNS.contains(&head);
        let synonyms = document_synonyms(head);
        let mut np_found: Option<(usize, usize)> = None;
        // found where it is introduced, not only mentioned again
        let mut introduced = false;
        for exact in [true, false] {
            if introduced || !exact && !doc_head {
                break;
            }
            let mut k = first;
            while k > 0 {
                k -= 1;
                if !cx.is_noun(k) || cx.is_proper(k) {
                    continue;
                }
                // (a cheap first look before singularising: the same first letter as
                // the head, or as one of its synonyms)
                let first_byte = cx.lower[k].as_bytes().first().copied();
                let could = if exact {
                    first_byte == head.as_bytes().first().copied()
                } else {
                    synonyms
                        .iter()
                        .any(|w| w.as_bytes().first().copied() == first_byte)
                };
                if !could {
                    continue;
                }
                let kw = singular(&cx.lower[k]);
                let same = if exact {
                    kw == head
                } else {
                    kw != head && same_document(&kw, head)
                };
                if same && is_plural(cx, k) == plural {
                    let mut s = k;
                    while s > 0
                        && (cx.is_noun(s - 1)
                            || cx.pos[s - 1] == "JJ"
                            || cx.pos[s - 1] == "CD"
                            || cx.pos[s - 1] == "POS"
                            || cx.pos[s - 1] == "PRP$"
                            || cx.pos[s - 1] == "DT"
                            || cx.pos[s - 1] == "VBN" && cx.lower[s - 1].contains('-'))
                        && k - s < 8
                    {
                        s -= 1;
                        if cx.pos[s] == "DT" || cx.pos[s] == "PRP$" {
                            break;
                        }
                    }
                    let det = cx.lower[s].as_ref();
                    // "The Clinton campaign" introduces it, as a name does
                    let named = (s..k).any(|t| cx_mention(self.ents, t).is_some());
                    // a bare noun ("campaign aides") introduces nothing either
                    let bare = s == k && !plural;
                    if (DEFINITE.contains(&det) || bare) && s > 0 && !named {
                        // a definite mention again: keep looking further back, but remember
                        if np_found.is_none() {
                            np_found = Some((s, k));
                        }
                        continue;
                    }
                    np_found = Some((s, k));
                    introduced = true;
                    break;
                }
            }
        }
        let src_at = from_source.as_ref().map(|r| r.at);
        let titled_at = titled.map(|e| {
            self.ents.entities[e]
                .mentions
                .iter()
                .filter_map(|&m| self.ents.mentions.get(m))
                .map(|m| m.name.start)
                .filter(|&s| s < h)
                .max()
                .unwrap_or(0)
        });
        let np_at = np_found.map(|(s, _)| s);
        let latest = [src_at, titled_at, np_at].into_iter().flatten().max()?;
        if Some(latest) == src_at {
            let mut r = from_source?;
            r.speaker.form = SourceForm::Description;
            r.at = first;
            return Some(r);
        }
        if Some(latest) == titled_at {
            let e = titled?;
            return Some(self.named(
                e,
                SourceForm::Description,
                self.ents.first_span(cx, e),
                first,
            ));
        }
        let (s, k) = np_found?;
        // the earlier phrase may carry a name: "A Bloomberg poll" … "the poll"
        let names: Vec<usize> = (s..k)
            .filter(|&t| cx_mention(self.ents, t).is_some())
            .collect();
        let w = cx.lower[k].as_ref();
        if let Some(&t) = names.first() {
            let m = cx_mention(self.ents, t)?;
            if DOCUMENT_NOUNS.contains(&w) {
                let ante = cx.span_of(s..k + 1);
                return Some(document(
                    cx,
                    self.ents,
                    m.name.start..k + 1,
                    ante,
                    SourceForm::Description,
                    first,
                    head,
                ));
            }
            if m.kind == EntityKind::Person && unit_at(cx, k).is_some() {
                let ent = self.ents.entity(m.entity);
                return Some(Resolved {
                    speaker: Speaker {
                        name: format!("{}’s {}", ent.name, w),
                        form: SourceForm::Description,
                        kind: SpeakerType::Organisation,
                        entity: Some(self.ents.root(m.entity)),
                        antecedent: None,
                        title: None,
                        affiliation: None,
                    },
                    entity: Some(self.ents.root(m.entity)),
                    at: first,
                    head: Some(head.to_string()),
                });
            }
        }
        // "her new documentary “13th.”", "a memoir … entitled The White House Doctor":
        // the title names it
        let ante = cx.span_of(s..k + 1);
        if DOCUMENT_NOUNS.contains(&w) && !is_plural(cx, k) {
            if let Some(title) = self.title_after(k) {
                return Some(unnamed(title, SpeakerType::Document, ante, first, head));
            }
            if let Some(e) = self.issuer(k) {
                return Some(self.issued(e, k, ante, first, head));
            }
        }
        let kind = if REPORT_NOUNS.contains(&w) || DOCUMENT_NOUNS.contains(&w) {
            SpeakerType::UnnamedReports
        } else if is_plural(cx, k) || COLLECTIVE_NOUNS.contains(&w) {
            SpeakerType::UnnamedGroup
        } else if person_noun(w) {
            SpeakerType::Anonymous
        } else {
            SpeakerType::UnnamedReports
        };
        let words_start = if DEFINITE.contains(&cx.lower[s].as_ref())
            || INDEFINITE.contains(&cx.lower[s].as_ref())
        {
            s + 1
        } else {
            s
        };
        let name = cx.text_of(words_start.min(k)..k + 1).to_string();
        Some(unnamed(name, kind, ante, first, head))
    }
}

/// A resolved speaker without title or affiliation; `entity` (a builder index) both as
/// the speaker's entity and for later resolution.
fn resolved(
    name: String,
    form: SourceForm,
    kind: SpeakerType,
    entity: Option<usize>,
    antecedent: Option<Span>,
    at: usize,
    head: Option<String>,
) -> Resolved {
    Resolved {
        speaker: Speaker {
            name,
            form,
            kind,
            entity,
            antecedent,
            title: None,
            affiliation: None,
        },
        entity,
        at,
        head,
    }
}

/// A described speaker with no entity behind it, introduced at `antecedent`.
fn unnamed(name: String, kind: SpeakerType, antecedent: Span, at: usize, head: &str) -> Resolved {
    resolved(
        name,
        SourceForm::Description,
        kind,
        None,
        Some(antecedent),
        at,
        Some(head.to_string()),
    )
}

/// A named document ("Bloomberg poll"): the words `words` (possessive 's left out),
/// introduced at `antecedent`.
fn document(
    cx: &Ctx,
    ents: &Entities,
    words: std::ops::Range<usize>,
    antecedent: Span,
    form: SourceForm,
    at: usize,
    head: &str,
) -> Resolved {
    // the owner under its fullest name: "A Fox poll" → "Fox News poll", "a Homeland
    // Security memo" → "Department of Homeland Security memo"
    let (owner, rest) = match cx_mention(ents, words.start) {
        Some(m) if m.name.start == words.start && m.name.end <= words.end => {
            let ent = ents.entity(m.entity);
            let full = match ent.kind {
                EntityKind::Organisation => crate::lexicon::full_name(&ent.name),
                _ => ent.name.clone(),
            };
            (Some(full), m.name.end..words.end)
        }
        _ => (None, words),
    };
    let name = owner
        .into_iter()
        .chain(
            cx.text_of(rest)
                .split_whitespace()
                .filter(|w| *w != "'s" && *w != "’s" && *w != "'" && *w != "’")
                .map(str::to_string),
        )
        .collect::<Vec<_>>()
        .join(" ");
    resolved(
        name,
        form,
        SpeakerType::Document,
        None,
        Some(antecedent),
        at,
        Some(head.to_string()),
    )
}

fn cx_mention(ents: &Entities, t: usize) -> Option<&crate::entities::Mention> {
    ents.mention(t)
}

/// The head of a noun phrase: its last noun, pronoun, number or group word.
pub fn head_of(cx: &Ctx, region: &[usize]) -> Option<usize> {
    let mut head = None;
    for &t in region {
        let w = cx.lower[t].as_ref();
        if cx.pos[t] == "POS" || w == "'s" || w == "’s" {
            continue;
        }
        if cx.is_noun(t)
            || cx.pos[t] == "PRP"
            || cx.pos[t] == "CD" && head.is_none()
            || GROUP_WORDS.contains(&w)
            || pronoun_class(w).is_some() && cx.pos[t] != "PRP$"
            || cx.is_cap(t)
                && !cx.is_punct(t)
                && !DEFINITE.contains(&w)
                && !INDEFINITE.contains(&w)
                && cx.pos[t] != "JJ"
        {
            head = Some(t);
        }
    }
    head.or_else(|| region.last().copied())
}
