//! Writing extraction results: JSON Lines, JSON, a terminal table, CSV.

use std::io::Write;

use anyhow::Result;
use whosaid_core::schema::{join, ArticleOut};
use whosaid_core::{Article, Attribution};

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
        note: Option<&str>,
    ) -> Result<()> {
        let json = || ArticleOut::from_article(article, attributions, false, self.with_text);
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
                for chunk in attributions.chunks(1024) {
                    let mut rows: Vec<Vec<String>> = Vec::with_capacity(chunk.len());
                    for a in chunk {
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
                        ]);
                    }
                    let bytes = csv_rows(&rows)?;
                    self.out.write_all(&bytes)?;
                }
            }
            Format::Table => self.table(article, attributions, note)?,
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

    pub fn end(&mut self) -> Result<()> {
        if self.format == Format::Json {
            self.out.write_all(b"\n]\n")?;
        }
        self.out.flush()?;
        Ok(())
    }
}
