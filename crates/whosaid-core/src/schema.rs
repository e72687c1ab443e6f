//! The public output schema (documented in `docs/schema.md`).
//!
//! This is the only place where whosaid's JSON shape is defined. Offsets are Unicode
//! code points, end-exclusive; [`ArticleOut::from_article`] converts from the internal
//! byte spans. Internal types may change freely; this module changes only with
//! [`SCHEMA_VERSION`].

use serde::{Deserialize, Serialize};

use crate::{
    Article, Attribution, AttributionKind, CertaintyLabel, ChainLink, CueStance, Entity,
    EntityKind, LinkRole, Modality, OffsetMap, ParentView, Resolution, Result, SourceCounts,
    SourceForm, Span, Speaker, SpeakerType,
};

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
    /// The article's entities (present when speakers were resolved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<EntityOut>>,
    /// How many attributions rest on named, anonymous and unnamed sources (present when
    /// speakers were resolved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<SourceCounts>,
}

/// One entity in public form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityOut {
    pub id: usize,
    pub name: String,
    pub kind: EntityKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub titles: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affiliations: Vec<String>,
    pub mentions: Vec<[usize; 2]>,
}

/// The speaker behind an attribution, in public form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerOut {
    pub name: String,
    pub form: SourceForm,
    #[serde(rename = "type")]
    pub kind: SpeakerType,
    pub entity: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub antecedent: Option<[usize; 2]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
}

/// One link of a provenance chain, in public form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkOut {
    pub role: LinkRole,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<[usize; 2]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<usize>,
}

/// Certainty in public form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertaintyOut {
    pub label: CertaintyLabel,
    pub cue_stance: CueStance,
    pub negated: bool,
    pub modality: Modality,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_view: Option<ParentView>,
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
    /// Present when speakers were resolved (the default of `whosaid extract`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<SpeakerOut>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<LinkOut>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medium: Option<LinkOut>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<Vec<LinkOut>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certainty: Option<CertaintyOut>,
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
        ArticleOut::from_resolved(article, attributions, None, outermost_only, with_text)
    }

    /// Like [`ArticleOut::from_article`], with entities, speakers, chains and
    /// certainty from `resolution` (whose `provenance` is parallel to `attributions`).
    pub fn from_resolved(
        article: &Article,
        attributions: &[Attribution],
        resolution: Option<&Resolution>,
        outermost_only: bool,
        with_text: bool,
    ) -> Result<ArticleOut> {
        let map = OffsetMap::new(&article.text);
        let span = |s: Span| -> Result<[usize; 2]> { map.to_chars(s) };
        let opt_span = |s: Option<Span>| -> Result<Option<[usize; 2]>> { s.map(span).transpose() };
        let link = |l: &ChainLink| -> Result<LinkOut> {
            Ok(LinkOut {
                role: l.role,
                name: l.name.clone(),
                entity: l.entity,
                span: opt_span(l.span)?,
                attribution: l.attribution,
            })
        };
        let speaker = |s: &Speaker| -> Result<SpeakerOut> {
            Ok(SpeakerOut {
                name: s.name.clone(),
                form: s.form,
                kind: s.kind,
                entity: s.entity,
                antecedent: opt_span(s.antecedent)?,
                title: s.title.clone(),
                affiliation: s.affiliation.clone(),
            })
        };
        let conv = |spans: &[Span]| -> Result<Vec<[usize; 2]>> {
            spans
                .iter()
                .filter(|s| !s.is_empty())
                .map(|s| map.to_chars(*s))
                .collect()
        };
        let mut out = Vec::with_capacity(attributions.len());
        for (i, a) in attributions.iter().enumerate() {
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
                speaker: None,
                recipient: None,
                medium: None,
                chain: None,
                certainty: None,
            });
            let Some(p) = resolution.and_then(|r| r.provenance.get(i)) else {
                continue;
            };
            if let Some(o) = out.last_mut() {
                o.speaker = p.speaker.as_ref().map(speaker).transpose()?;
                o.recipient = p.recipient.as_ref().map(link).transpose()?;
                o.medium = p.medium.as_ref().map(link).transpose()?;
                o.chain = Some(p.chain.iter().map(link).collect::<Result<_>>()?);
                o.certainty = Some(CertaintyOut {
                    label: p.certainty.label,
                    cue_stance: p.certainty.cue_stance,
                    negated: p.certainty.negated,
                    modality: p.certainty.modality,
                    parent_view: p.certainty.parent_view,
                });
            }
        }
        let entity = |e: &Entity| -> Result<EntityOut> {
            Ok(EntityOut {
                id: e.id,
                name: e.name.clone(),
                kind: e.kind,
                titles: e.titles.clone(),
                affiliations: e.affiliations.clone(),
                mentions: e.mentions.iter().map(|m| span(*m)).collect::<Result<_>>()?,
            })
        };
        let entities = resolution
            .map(|r| r.entities.iter().map(entity).collect::<Result<Vec<_>>>())
            .transpose()?;
        Ok(ArticleOut {
            schema_version: SCHEMA_VERSION,
            id: article.id.clone(),
            title: article.title.clone(),
            outlet: article.outlet.clone(),
            published: article.published.clone(),
            url: article.url.clone(),
            attributions: out,
            entities,
            sources: resolution.map(Resolution::source_counts),
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
