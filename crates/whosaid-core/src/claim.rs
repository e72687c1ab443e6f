//! Claims across articles: one attribution in the store with its article's metadata,
//! groups of claims that state the same proposition, and conflicts between groups.

use serde::{Deserialize, Serialize};

/// One stored attribution with what cross-article analysis needs of its article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// The attribution's id in the store.
    pub attribution: i64,
    pub article: i64,
    pub article_key: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// The article this one copies (exactly or nearly), if any.
    pub duplicate_of: Option<i64>,
    /// Index of the attribution within its article.
    pub index: i64,
    pub kind: String,
    pub parent: Option<i64>,
    pub source: String,
    pub cue: String,
    pub content: String,
    pub speaker: Option<String>,
    pub speaker_type: Option<String>,
    pub certainty: Option<String>,
    /// The chain as display names, speaker first.
    pub chain: Vec<String>,
    pub confidence: f64,
}

/// Claims that state the same proposition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimGroup {
    pub id: usize,
    /// Indices into the claim list the groups were made from, earliest first.
    pub claims: Vec<usize>,
    /// The claim whose content stands for the group.
    pub representative: usize,
    pub speakers: Vec<String>,
    pub outlets: Vec<String>,
    /// Earliest publication date among the claims' articles (as stored).
    pub first_seen: Option<String>,
    /// Distinct origins: named speakers count once however many outlets relay them;
    /// copies of one article count once; an unnamed source counts once per original
    /// article.
    pub independent_origins: usize,
}

/// Two claim groups that contradict each other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub a: usize,
    pub b: usize,
    /// Why: "negation", "antonyms: progress / standstill", "stance: disagree".
    pub reason: String,
    /// Confidence in [0, 1].
    pub score: f32,
}
