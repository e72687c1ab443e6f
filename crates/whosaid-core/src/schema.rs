//! The public output schema (documented in `docs/schema.md`).
//!
//! This is the only place where whosaid's JSON shape is defined. Offsets are Unicode
//! code points, end-exclusive; [`ArticleOut::from_article`] converts from the internal
//! byte spans. Internal types may change freely; this module changes only with
//! [`SCHEMA_VERSION`].

use serde::{Deserialize, Serialize};

use crate::{Article, Attribution, AttributionKind, OffsetMap, Result, Span};

/// Version of the output schema. Bump on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// One article's extraction result: one JSON Lines record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleOut {
    pub schema_version: u32,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub attributions: Vec<AttributionOut>,
}

/// One attribution in public form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributionOut {
    pub id: usize,
    pub source: Vec<[usize; 2]>,
    pub cue: Vec<[usize; 2]>,
    pub content: Vec<[usize; 2]>,
    pub kind: AttributionKind,
    pub parent: Option<usize>,
    pub confidence: f32,
    /// The surface text of each role, fragments joined by " … " (for people; tools
    /// should use the offsets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<RoleTexts>,
}

/// Surface text of the three roles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleTexts {
    pub source: String,
    pub cue: String,
    pub content: String,
}

/// The surface text of spans, fragments joined by " … ".
pub fn join(text: &str, spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| s.text(text))
        .collect::<Vec<_>>()
        .join(" … ")
}

impl ArticleOut {
    /// Converts an article and its attributions to the public form.
    ///
    /// `outermost_only` drops attributions whose `parent` is set (PolNeAR scoring);
    /// `with_text` adds the surface text of each role.
    pub fn from_article(
        article: &Article,
        attributions: &[Attribution],
        outermost_only: bool,
        with_text: bool,
    ) -> Result<ArticleOut> {
        let map = OffsetMap::new(&article.text);
        let conv = |spans: &[Span]| -> Result<Vec<[usize; 2]>> {
            spans
                .iter()
                .filter(|s| !s.is_empty())
                .map(|s| map.to_chars(*s))
                .collect()
        };
        let mut out = Vec::with_capacity(attributions.len());
        for a in attributions {
            if outermost_only && a.parent.is_some() {
                continue;
            }
            out.push(AttributionOut {
                id: a.id,
                source: conv(&a.source)?,
                cue: conv(&a.cue)?,
                content: conv(&a.content)?,
                kind: a.kind,
                parent: a.parent,
                confidence: (a.confidence * 1000.0).round() / 1000.0,
                text: with_text.then(|| RoleTexts {
                    source: join(&article.text, &a.source),
                    cue: join(&article.text, &a.cue),
                    content: join(&article.text, &a.content),
                }),
            });
        }
        Ok(ArticleOut {
            schema_version: SCHEMA_VERSION,
            id: article.id.clone(),
            title: article.title.clone(),
            outlet: article.outlet.clone(),
            published: article.published.clone(),
            url: article.url.clone(),
            attributions: out,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_to_code_points_and_filters_nested() {
        let art = Article::new("a", "“Hé,” he said.");
        let text = &art.text;
        let he = text.find("he said").unwrap_or(0);
        let outer = Attribution {
            id: 0,
            source: vec![Span::new(he, he + 2)],
            cue: vec![Span::new(he + 3, he + 7)],
            content: vec![Span::new(3, 6)],
            kind: AttributionKind::Direct,
            parent: None,
            continues: None,
            confidence: 0.91234,
        };
        let mut inner = outer.clone();
        inner.id = 1;
        inner.parent = Some(0);
        let out = ArticleOut::from_article(&art, &[outer, inner], true, true).expect("valid spans");
        assert_eq!(out.attributions.len(), 1);
        let a = &out.attributions[0];
        assert_eq!(a.source, vec![[6, 8]]);
        assert_eq!(a.content, vec![[1, 3]]);
        assert_eq!(a.confidence, 0.912);
        assert_eq!(a.text.as_ref().map(|t| t.content.as_str()), Some("Hé"));
        let json = serde_json::to_string(&out).unwrap_or_default();
        assert!(json.contains("\"kind\":\"direct\""), "{json}");
    }
}
