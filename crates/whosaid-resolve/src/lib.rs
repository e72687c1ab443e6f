//! Who is behind an attribution: entities, speakers, provenance chains, certainty.
//!
//! [`Resolver::resolve`] takes one analysed text (a [`Prepared`] window from
//! whosaid-extract, NER-tagged here) and its attributions, and returns a
//! [`Resolution`]: the entities of the text and, parallel to the attributions, a
//! [`whosaid_core::Provenance`] each (speaker, recipient, medium, chain, certainty).
//! [`analyze`] runs extraction and resolution together over a whole article.
//!
//! Passes, in order: [`entities`] (name mentions → entities with titles and
//! affiliations), [`speakers`] (source span → speaker), [`chain`] (recipient, medium,
//! relays), [`certainty`]. All rules; the word lists are in [`lexicon`].

pub mod certainty;
pub mod chain;
pub mod context;
pub mod entities;
pub mod lexicon;
pub mod score;
pub mod speakers;

use rustc_hash::FxHashMap;
use std::path::Path;

use whosaid_core::{
    Article, Attribution, ChainLink, EntityKind, LinkRole, Provenance, Resolution, Span,
};
use whosaid_extract::{Extractor, Prepared};

use context::Ctx;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("reading gazetteer {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("gazetteer {path}, line {line}: {message}")]
    Gazetteer {
        path: String,
        line: usize,
        message: String,
    },
    #[error("{path}, line {line}: {message}")]
    Data {
        path: String,
        line: usize,
        message: String,
    },
}

pub type Result<T> = std::result::Result<T, Error>;

/// News outlets and platforms, matched as whole token sequences.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    /// By the first word's lower case: (words, kind), longest first.
    entries: FxHashMap<String, Vec<(Vec<String>, EntityKind)>>,
    /// Names of two words or more starting with "The", by the second word's lower
    /// case (the commonest word would otherwise try every "The …" name).
    after_the: FxHashMap<String, Vec<(Vec<String>, EntityKind)>>,
}

impl Gazetteer {
    /// The built-in lists ([`lexicon::OUTLETS`], [`lexicon::PLATFORMS`]).
    pub fn builtin() -> Gazetteer {
        let mut g = Gazetteer::default();
        for o in lexicon::OUTLETS {
            g.add(o, EntityKind::Outlet);
        }
        for p in lexicon::PLATFORMS {
            g.add(p, EntityKind::Platform);
        }
        g
    }

    /// Adds a name (split on spaces; a leading "The" matches either case).
    pub fn add(&mut self, name: &str, kind: EntityKind) {
        let words: Vec<String> = name.split_whitespace().map(str::to_string).collect();
        let Some(first) = words.first() else { return };
        let first = first.to_lowercase();
        let v = match words.get(1) {
            Some(second) if first == "the" => {
                self.after_the.entry(second.to_lowercase()).or_default()
            }
            _ => self.entries.entry(first).or_default(),
        };
        if !v.iter().any(|(w, _)| *w == words) {
            v.push((words, kind));
            v.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
    }

    /// Adds the entries of a file: one `outlet<TAB>Name` or `platform<TAB>Name` per
    /// line (also `organisation`, `person`, `place`); `#` starts a comment.
    pub fn extend_from_file(&mut self, path: &Path) -> Result<()> {
        let p = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: p.clone(),
            source,
        })?;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (kind, name) = line.split_once('\t').ok_or_else(|| Error::Gazetteer {
                path: p.clone(),
                line: i + 1,
                message: "expected KIND<TAB>NAME".into(),
            })?;
            let kind = match kind.trim() {
                "outlet" => EntityKind::Outlet,
                "platform" => EntityKind::Platform,
                "organisation" | "organization" => EntityKind::Organisation,
                "person" => EntityKind::Person,
                "place" => EntityKind::Place,
                other => {
                    return Err(Error::Gazetteer {
                        path: p.clone(),
                        line: i + 1,
                        message: format!(
                            "unknown kind {other:?} (outlet, platform, organisation, person, place)"
                        ),
                    })
                }
            };
            self.add(name.trim(), kind);
        }
        Ok(())
    }

    /// The longest entry starting at token `i`: (tokens, kind).
    pub fn match_at(&self, cx: &Ctx, i: usize) -> Option<(usize, EntityKind)> {
        // every entry starts with a capital letter or "the"
        if !cx.is_cap(i)
            && cx
                .lower
                .get(i)
                .is_none_or(|w| w != "the" || cx.word(i) != "the")
        {
            return None;
        }
        let cands = if cx.lower[i] == "the" {
            self.after_the.get(cx.lower.get(i + 1)?.as_ref())?
        } else {
            self.entries.get(cx.lower[i].as_ref())?
        };
        'next: for (words, kind) in cands {
            if i + words.len() > cx.len() {
                continue;
            }
            for (k, w) in words.iter().enumerate() {
                let tok = cx.word(i + k);
                let ok = if k == 0 && w.eq_ignore_ascii_case("the") {
                    tok.eq_ignore_ascii_case("the")
                } else {
                    tok == w
                };
                if !ok {
                    continue 'next;
                }
            }
            // one- or two-letter names ("X", "AP") only after "on"/"via"/"told" etc.
            if words.len() == 1 && words[0].chars().count() <= 2 {
                let prev = i.checked_sub(1).map(|p| cx.lower[p].as_ref()).unwrap_or("");
                if !matches!(prev, "on" | "via" | "told" | "the" | "to" | "with") {
                    continue;
                }
            }
            return Some((words.len(), *kind));
        }
        None
    }
}

/// Speaker resolution, chains and certainty.
#[derive(Debug, Clone)]
pub struct Resolver {
    pub gazetteer: Gazetteer,
    /// Weights of pronoun salience.
    pub salience: speakers::Salience,
}

impl Default for Resolver {
    fn default() -> Self {
        Resolver {
            gazetteer: Gazetteer::builtin(),
            salience: speakers::Salience::default(),
        }
    }
}

impl Resolver {
    /// Resolves the attributions of one analysed text. `p` must carry NER labels
    /// ([`whosaid_extract::Taggers::tag_entities`]); `pos_labels`/`ner_labels` are the
    /// taggers' label names. Spans in and out are relative to `text`.
    pub fn resolve(
        &self,
        text: &str,
        p: &Prepared,
        pos_labels: &[String],
        ner_labels: &[String],
        attrs: &[Attribution],
        outlet: Option<&str>,
    ) -> Resolution {
        let cx = Ctx::new(text, p, pos_labels, ner_labels);
        let ents = entities::find(&cx, &self.gazetteer);
        let mut pass = speakers::SpeakerPass::new(&cx, &ents, attrs, self.salience);
        pass.run();
        let (entities, ids) = ents.finish(&cx);
        let public = |e: Option<usize>| e.and_then(|e| entities::Entities::public(&ids, e));
        // recipient and medium of each
        let mut rm: Vec<(Option<ChainLink>, Option<ChainLink>)> = Vec::with_capacity(attrs.len());
        for i in 0..attrs.len() {
            rm.push(chain::recipient_and_medium(&mut pass, i));
        }
        // chains, outermost first so inner ones can extend them
        let mut chains: Vec<Option<Vec<ChainLink>>> = vec![None; attrs.len()];
        let depth = |i: usize| {
            let mut d = 0;
            let mut p = attrs[i].parent;
            while let Some(x) = p {
                d += 1;
                if d > attrs.len() {
                    break;
                }
                p = attrs.get(x).and_then(|a| a.parent);
            }
            d
        };
        let mut order: Vec<usize> = (0..attrs.len()).collect();
        order.sort_by_key(|&i| depth(i));
        for &i in &order {
            let mut c: Vec<ChainLink> = Vec::new();
            let r = pass.done[i].as_ref();
            if let Some(r) = r {
                c.push(chain::speaker_link(r, LinkRole::Speaker, None));
            }
            let (rec, med) = &rm[i];
            if let Some(l) = rec {
                c.push(l.clone());
            }
            // the outer chain follows; drop a repeated link ("post on X" twice)
            if let Some(l) = med {
                c.push(l.clone());
            }
            match attrs[i]
                .parent
                .and_then(|p| chains.get(p).cloned().flatten())
            {
                Some(outer) => {
                    for (k, l) in outer.into_iter().enumerate() {
                        let mut l = l;
                        if k == 0 && l.role == LinkRole::Speaker {
                            // the outer speaker passed it on, unless it was told to them
                            if rec.as_ref().is_some_and(|x| same_link(x, &l)) {
                                continue;
                            }
                            l.role = LinkRole::Relay;
                            l.attribution = attrs[i].parent;
                        }
                        if c.last()
                            .is_some_and(|x| x.role == l.role && x.name == l.name)
                        {
                            continue;
                        }
                        c.push(l);
                    }
                }
                None => c.push(chain::article_link(outlet)),
            }
            chains[i] = Some(c);
        }
        let children: Vec<Vec<&Attribution>> = (0..attrs.len())
            .map(|i| attrs.iter().filter(|a| a.parent == Some(i)).collect())
            .collect();
        let mut provenance = Vec::with_capacity(attrs.len());
        for (i, a) in attrs.iter().enumerate() {
            let parent = a.parent.and_then(|p| attrs.get(p));
            let certainty = certainty::certainty(&cx, a, parent, &children[i]);
            let speaker = pass.done[i].as_ref().map(|r| {
                let mut s = r.speaker.clone();
                s.entity = public(r.entity);
                s
            });
            let fix = |l: &ChainLink| {
                let mut l = l.clone();
                l.entity = public(l.entity);
                l
            };
            let (rec, med) = &rm[i];
            provenance.push(Provenance {
                speaker,
                recipient: rec.as_ref().map(fix),
                medium: med.as_ref().map(fix),
                chain: chains[i]
                    .as_deref()
                    .unwrap_or(&[])
                    .iter()
                    .map(fix)
                    .collect(),
                certainty,
            });
        }
        Resolution {
            entities,
            provenance,
        }
    }
}

fn same_link(a: &ChainLink, b: &ChainLink) -> bool {
    match (a.entity, b.entity) {
        (Some(x), Some(y)) => x == y,
        _ => a.name.eq_ignore_ascii_case(&b.name),
    }
}

fn shift(s: &mut Span, by: usize) {
    *s = Span::new(s.start + by, s.end + by);
}

/// Extracts and resolves one article. With `outermost`, returns the PolNeAR view
/// (nested records dropped, continuations folded) with the provenance of each kept
/// record.
pub fn analyze(
    ex: &Extractor,
    resolver: &Resolver,
    article: &Article,
    outermost: bool,
) -> (Vec<Attribution>, Resolution) {
    let mut merged = Resolution::default();
    let pos_labels = ex.taggers.pos.labels();
    let ner_labels = ex.taggers.ner.labels();
    let mut base_attr = 0usize;
    let extraction = ex.extract_with(article, |offset, window, p, local| {
        ex.taggers.tag_names(window, p);
        let mut r = resolver.resolve(
            window,
            p,
            pos_labels,
            ner_labels,
            local,
            article.outlet.as_deref(),
        );
        let base_ent = merged.entities.len();
        for e in &mut r.entities {
            e.id += base_ent;
            for m in &mut e.mentions {
                shift(m, offset);
            }
        }
        for pv in &mut r.provenance {
            if let Some(s) = &mut pv.speaker {
                s.entity = s.entity.map(|e| e + base_ent);
                if let Some(a) = &mut s.antecedent {
                    shift(a, offset);
                }
            }
            let fix = |l: &mut ChainLink| {
                l.entity = l.entity.map(|e| e + base_ent);
                l.attribution = l.attribution.map(|a| a + base_attr);
                if let Some(s) = &mut l.span {
                    shift(s, offset);
                }
            };
            pv.recipient.iter_mut().for_each(fix);
            pv.medium.iter_mut().for_each(fix);
            pv.chain.iter_mut().for_each(fix);
        }
        base_attr += local.len();
        merged.entities.extend(r.entities);
        merged.provenance.extend(r.provenance);
    });
    let attrs = extraction.attributions;
    if !outermost {
        return (attrs, merged);
    }
    let kept: Vec<usize> = attrs
        .iter()
        .filter(|a| a.parent.is_none() && a.continues.is_none())
        .map(|a| a.id)
        .collect();
    let view = whosaid_extract::decode::outermost(&attrs);
    let provenance = kept
        .iter()
        .filter_map(|&i| merged.provenance.get(i).cloned())
        .collect();
    (
        view,
        Resolution {
            entities: merged.entities,
            provenance,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gazetteer_files_extend_and_errors_name_the_line() {
        let dir = std::env::temp_dir().join(format!("whosaid-gaz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("tempdir");
        let good = dir.join("good.tsv");
        std::fs::write(
            &good,
            "# extra outlets\noutlet\tKyiv Post\nplatform\tMastodon\n",
        )
        .expect("write");
        let mut g = Gazetteer::builtin();
        g.extend_from_file(&good).expect("reads");
        assert!(g.entries.get("kyiv").is_some_and(|v| v
            .iter()
            .any(|(w, k)| w.len() == 2 && *k == EntityKind::Outlet)));
        assert!(g
            .entries
            .get("mastodon")
            .is_some_and(|v| v[0].1 == EntityKind::Platform));
        let bad = dir.join("bad.tsv");
        std::fs::write(&bad, "outlet\tFine\nblog Example\n").expect("write");
        let err = g.extend_from_file(&bad).expect_err("bad line");
        assert!(err.to_string().contains("line 2"), "{err}");
        std::fs::write(&bad, "newsletter\tX\n").expect("write");
        let err = g.extend_from_file(&bad).expect_err("bad kind");
        assert!(err.to_string().contains("unknown kind"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
