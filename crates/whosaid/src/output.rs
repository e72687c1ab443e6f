//! Writing extraction results: JSON Lines, JSON, a terminal table, CSV.

use std::io::Write;

use anyhow::Result;
use whosaid_core::schema::{join, ArticleOut};
use whosaid_core::{
    Article, Attribution, ChainLink, Entity, EntityKind, LinkRole, ParentView, Provenance,
    Resolution, Speaker, SpeakerType,
};

use crate::cli::Format;

/// Streams articles in one format.
pub struct Writer<W: Write> {
    out: W,
    format: Format,
    with_text: bool,
    count: usize,
}

/// CSV rows rendered to bytes (a fresh writer per batch, so rows stream out).
fn csv_rows(rows: &[Vec<String>]) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r)?;
    }
    w.into_inner()
        .map_err(|e| anyhow::anyhow!("writing CSV: {e}"))
}

fn clip(s: &str, n: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= n {
        one_line
    } else {
        let mut t: String = one_line.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn pad(s: &str, n: usize) -> String {
    let len = s.chars().count();
    if len >= n {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(n - len))
    }
}

impl<W: Write> Writer<W> {
    pub fn new(out: W, format: Format, with_text: bool) -> Writer<W> {
        Writer {
            out,
            format,
            with_text,
            count: 0,
        }
    }

    pub fn begin(&mut self) -> Result<()> {
        match self.format {
            Format::Json => self.out.write_all(b"[\n")?,
            Format::Csv => {
                let header = [
                    "article",
                    "id",
                    "kind",
                    "parent",
                    "continues",
                    "confidence",
                    "source",
                    "cue",
                    "content",
                    "source_spans",
                    "cue_spans",
                    "content_spans",
                    "speaker",
                    "speaker_type",
                    "chain",
                    "certainty",
                ];
                let bytes = csv_rows(&[header.iter().map(|s| s.to_string()).collect()])?;
                self.out.write_all(&bytes)?;
            }
            _ => {}
        }
        Ok(())
    }

    pub fn article(
        &mut self,
        article: &Article,
        attributions: &[Attribution],
        resolution: Option<&Resolution>,
        note: Option<&str>,
    ) -> Result<()> {
        let json =
            || ArticleOut::from_resolved(article, attributions, resolution, false, self.with_text);
        match self.format {
            Format::Jsonl => {
                let out = json()?;
                serde_json::to_writer(&mut self.out, &out)?;
                self.out.write_all(b"\n")?;
            }
            Format::Json => {
                let out = json()?;
                if self.count > 0 {
                    self.out.write_all(b",\n")?;
                }
                serde_json::to_writer_pretty(&mut self.out, &out)?;
            }
            Format::Csv => {
                let fmt = |v: &[[usize; 2]]| {
                    v.iter()
                        .map(|[a, b]| format!("{a}-{b}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                // rows go out in chunks so a huge article never holds all its rows at once
                let map = whosaid_core::OffsetMap::new(&article.text);
                let chars = |v: &[whosaid_core::Span]| -> Result<Vec<[usize; 2]>> {
                    Ok(v.iter()
                        .map(|s| map.to_chars(*s))
                        .collect::<Result<_, _>>()?)
                };
                for (ci, chunk) in attributions.chunks(1024).enumerate() {
                    let mut rows: Vec<Vec<String>> = Vec::with_capacity(chunk.len());
                    for (k, a) in chunk.iter().enumerate() {
                        let prov = resolution.and_then(|r| r.provenance.get(ci * 1024 + k));
                        rows.push(vec![
                            article.id.clone(),
                            a.id.to_string(),
                            a.kind.as_str().to_string(),
                            a.parent.map(|p| p.to_string()).unwrap_or_default(),
                            a.continues.map(|p| p.to_string()).unwrap_or_default(),
                            format!("{:.3}", a.confidence),
                            join(&article.text, &a.source),
                            join(&article.text, &a.cue),
                            join(&article.text, &a.content),
                            fmt(&chars(&a.source)?),
                            fmt(&chars(&a.cue)?),
                            fmt(&chars(&a.content)?),
                            prov.and_then(|p| p.speaker.as_ref())
                                .map(|s| s.name.clone())
                                .unwrap_or_default(),
                            prov.and_then(|p| p.speaker.as_ref())
                                .map(|s| s.kind.as_str().to_string())
                                .unwrap_or_default(),
                            prov.map(|p| {
                                chain_text(
                                    p,
                                    &join(&article.text, &a.cue),
                                    resolution.map(|r| r.entities.as_slice()).unwrap_or(&[]),
                                )
                            })
                            .unwrap_or_default(),
                            prov.map(|p| p.certainty.label.as_str().to_string())
                                .unwrap_or_default(),
                        ]);
                    }
                    let bytes = csv_rows(&rows)?;
                    self.out.write_all(&bytes)?;
                }
            }
            Format::Table => match resolution {
                Some(r) => self.resolved_table(article, attributions, r, note)?,
                None => self.table(article, attributions, note)?,
            },
        }
        self.count += 1;
        Ok(())
    }

    fn table(
        &mut self,
        article: &Article,
        attributions: &[Attribution],
        note: Option<&str>,
    ) -> Result<()> {
        let t = &article.text;
        writeln!(
            self.out,
            "== {} — {} attribution(s)",
            article.id,
            attributions.len()
        )?;
        if let Some(title) = &article.title {
            writeln!(self.out, "   {title}")?;
        }
        if let Some(n) = note {
            writeln!(self.out, "   note: {n}")?;
        }
        if attributions.is_empty() {
            writeln!(self.out)?;
            return Ok(());
        }
        writeln!(
            self.out,
            "{:>3}  {}  {}  {}  content",
            "#",
            pad("kind", 12),
            pad("source", 26),
            pad("cue", 14)
        )?;
        for a in attributions {
            let indent = if a.parent.is_some() { "↳ " } else { "" };
            let mut source = join(t, &a.source);
            if source.is_empty() {
                source = match a.continues {
                    Some(c) => format!("(as #{c})"),
                    None => "—".into(),
                };
            }
            let mut content = clip(&join(t, &a.content), 90);
            if let Some(p) = a.parent {
                content = format!("{content}  [inside #{p}]");
            }
            writeln!(
                self.out,
                "{:>3}  {}  {}  {}  {}",
                a.id,
                pad(a.kind.as_str(), 12),
                pad(&clip(&format!("{indent}{source}"), 26), 26),
                pad(&clip(&join(t, &a.cue), 14), 14),
                content
            )?;
        }
        writeln!(self.out)?;
        Ok(())
    }

    /// The table with speakers: per attribution its chain, then its content and
    /// certainty.
    fn resolved_table(
        &mut self,
        article: &Article,
        attributions: &[Attribution],
        r: &Resolution,
        note: Option<&str>,
    ) -> Result<()> {
        let t = &article.text;
        let counts = r.source_counts();
        writeln!(
            self.out,
            "== {} — {} attribution(s): {} named, {} anonymous, {} unnamed, {} without a known source",
            article.id,
            attributions.len(),
            counts.named,
            counts.anonymous,
            counts.unnamed,
            counts.unknown
        )?;
        if let Some(title) = &article.title {
            writeln!(self.out, "   {title}")?;
        }
        if let Some(n) = note {
            writeln!(self.out, "   note: {n}")?;
        }
        let people: Vec<String> = r
            .entities
            .iter()
            .filter(|e| matches!(e.kind, EntityKind::Person) && !e.titles.is_empty())
            .map(|e| format!("{} ({})", e.name, e.titles.join("; ")))
            .collect();
        if !people.is_empty() {
            writeln!(self.out, "   people: {}", people.join(" · "))?;
        }
        writeln!(self.out)?;
        for (i, a) in attributions.iter().enumerate() {
            let Some(p) = r.provenance.get(i) else {
                continue;
            };
            let indent = if a.parent.is_some() { "   ↳ " } else { "" };
            writeln!(
                self.out,
                "{:>3}  {indent}{}  ({})",
                a.id,
                chain_text(p, &join(t, &a.cue), &r.entities),
                a.kind.as_str()
            )?;
            let c = &p.certainty;
            let mut why: Vec<&str> = Vec::new();
            if c.negated {
                why.push("negated");
            }
            if c.modality != whosaid_core::Modality::Factual
                && c.modality.as_str() != c.label.as_str()
            {
                why.push(c.modality.as_str());
            }
            if c.cue_stance != whosaid_core::CueStance::Neutral {
                why.push(c.cue_stance.as_str());
            }
            if let Some(v) = c.parent_view {
                if v != ParentView::Relayed {
                    why.push(match v {
                        ParentView::Disputed => "disputed by the reporting speaker",
                        _ => "endorsed by the reporting speaker",
                    });
                }
            }
            let detail = if why.is_empty() {
                String::new()
            } else {
                format!(": {}", why.join(", "))
            };
            writeln!(
                self.out,
                "     {indent}“{}”  [{}{}]  cue: {}",
                clip(&join(t, &a.content), 100),
                c.label.as_str(),
                detail,
                clip(&join(t, &a.cue), 24)
            )?;
        }
        writeln!(self.out)?;
        Ok(())
    }

    pub fn end(&mut self) -> Result<()> {
        if self.format == Format::Json {
            self.out.write_all(b"\n]\n")?;
        }
        self.out.flush()?;
        Ok(())
    }
}

/// "Jeremy Scahill (Drop Site News reporter)" for a link to an entity with a title.
fn entity_text(l: &ChainLink, entities: &[Entity]) -> String {
    match l.entity.and_then(|e| entities.get(e)) {
        Some(e) if !e.titles.is_empty() => format!("{} ({})", l.name, e.titles[0]),
        _ => l.name.clone(),
    }
}

/// "Hamas official (anonymous; Hamas)".
fn speaker_text(s: &Speaker) -> String {
    let mut info: Vec<String> = Vec::new();
    match s.kind {
        SpeakerType::Anonymous => info.push("anonymous".into()),
        SpeakerType::UnnamedGroup => info.push("unnamed group".into()),
        SpeakerType::UnnamedReports => info.push("unnamed reports".into()),
        SpeakerType::Unknown => info.push("unresolved".into()),
        _ => {}
    }
    if let Some(t) = &s.title {
        info.push(t.clone());
    }
    if let Some(a) = &s.affiliation {
        if !info.iter().any(|i| i.contains(a.as_str())) {
            info.push(a.clone());
        }
    }
    if info.is_empty() {
        s.name.clone()
    } else {
        format!("{} ({})", s.name, info.join("; "))
    }
}

/// "Hamas official (anonymous; Hamas) → told Jeremy Scahill → post on X → this article".
pub fn chain_text(p: &Provenance, cue: &str, entities: &[Entity]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (k, l) in p.chain.iter().enumerate() {
        let text = match l.role {
            LinkRole::Speaker => match &p.speaker {
                Some(s) if k == 0 => speaker_text(s),
                _ => l.name.clone(),
            },
            LinkRole::Recipient => {
                let told = cue.split_whitespace().any(|w| {
                    matches!(
                        w.to_lowercase().as_str(),
                        "told" | "tell" | "tells" | "telling"
                    )
                });
                let who = entity_text(l, entities);
                if told {
                    format!("told {who}")
                } else {
                    format!("to {who}")
                }
            }
            LinkRole::Medium => l.name.clone(),
            LinkRole::Relay => {
                if p.certainty.parent_view == Some(ParentView::Disputed) && k <= 2 {
                    format!("[relayed by {}, who disputes it]", entity_text(l, entities))
                } else {
                    format!("relayed by {}", entity_text(l, entities))
                }
            }
            LinkRole::Article => l.name.clone(),
        };
        parts.push(text);
    }
    if p.speaker.is_none() {
        parts.insert(0, "(no source)".into());
    }
    parts.join(" → ")
}
