//! The document model every whosaid crate speaks.
//!
//! Internally all offsets are **byte offsets** into the article text (`&text[span.range()]`
//! is always valid). Public output (see [`schema`]) uses **Unicode code point offsets,
//! end-exclusive**; the conversion happens only in [`offsets::OffsetMap`] at the edge.
//! This crate does no I/O.

pub mod attribution;
pub mod claim;
pub mod entity;
pub mod error;
pub mod offsets;
pub mod schema;
pub mod span;
pub mod text;

pub use attribution::{Attribution, AttributionKind, Role};
pub use claim::{Claim, ClaimGroup, Conflict};
pub use entity::{
    Certainty, CertaintyLabel, ChainLink, CueStance, Entity, EntityKind, LinkRole, Modality,
    ParentView, Provenance, Resolution, SourceCounts, SourceForm, Speaker, SpeakerType,
};
pub use error::{Error, Result};
pub use offsets::OffsetMap;
pub use span::Span;
pub use text::{Paragraph, Quote, Sentence, Token, TokenKind};

/// An article as whosaid reads it: text plus optional metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Article {
    /// Caller-chosen identifier (file name, JSON `id`, URL…).
    pub id: String,
    /// The full text. Offsets everywhere refer to this string.
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The article's language, an ISO 639-1 code ("en", "fr"; ISO 639-3 where a
    /// language has no two-letter code), given by the input or detected; `None` when
    /// not known. The attribution models read English only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl Article {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Article {
        Article {
            id: id.into(),
            text: text.into(),
            ..Article::default()
        }
    }
}
