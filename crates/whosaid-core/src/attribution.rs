//! Attributions: who (source) said (cue) what (content).

use crate::Span;

/// The three roles of an attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Source,
    Cue,
    Content,
}

/// How the content is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributionKind {
    /// The content is a quotation in quotation marks.
    Direct,
    /// Reported speech without quotation marks.
    Indirect,
    /// Reported speech that contains a partial quotation.
    Mixed,
    /// "according to X", "per X", "citing X".
    AccordingTo,
    /// A quote with no source of its own, linked to the speaker of a preceding quote.
    Continuation,
}

impl AttributionKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            AttributionKind::Direct => "direct",
            AttributionKind::Indirect => "indirect",
            AttributionKind::Mixed => "mixed",
            AttributionKind::AccordingTo => "according_to",
            AttributionKind::Continuation => "continuation",
        }
    }
}

/// One attribution found in an article. Spans are byte spans, sorted and merged.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    /// Index of this attribution within its article (0-based, in text order of the cue).
    pub id: usize,
    pub source: Vec<Span>,
    pub cue: Vec<Span>,
    pub content: Vec<Span>,
    pub kind: AttributionKind,
    /// The attribution whose content holds this one (nested attributions), if any.
    pub parent: Option<usize>,
    /// For continuations: the attribution whose source this one borrows.
    pub continues: Option<usize>,
    /// Model confidence in `[0, 1]`.
    pub confidence: f32,
}

impl Attribution {
    /// The first byte of the attribution (used for ordering).
    pub fn first_byte(&self) -> usize {
        self.source
            .iter()
            .chain(&self.cue)
            .chain(&self.content)
            .map(|s| s.start)
            .min()
            .unwrap_or(0)
    }
}
