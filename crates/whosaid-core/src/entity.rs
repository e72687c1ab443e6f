//! Who is behind an attribution: entities, speakers, provenance chains and certainty.
//!
//! These are produced by `whosaid-resolve` from an article and its attributions. Spans
//! are byte spans, like everywhere inside whosaid.

use serde::{Deserialize, Serialize};

use crate::Span;

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    Organisation,
    /// A news outlet, programme or wire service ("Haaretz", "CNN", "Axios").
    Outlet,
    /// A platform where statements are published ("X", "Twitter", "Facebook").
    Platform,
    Place,
    /// A nationality, party or other group named by an adjective or plural
    /// ("Palestinian", "Republicans").
    Group,
    /// A poll, report, study or document with a name ("the Bloomberg poll").
    Document,
    Other,
}

impl EntityKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organisation => "organisation",
            EntityKind::Outlet => "outlet",
            EntityKind::Platform => "platform",
            EntityKind::Place => "place",
            EntityKind::Group => "group",
            EntityKind::Document => "document",
            EntityKind::Other => "other",
        }
    }
}

/// One referent of an article: all its name mentions merged under a canonical name.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Index in the article's entity list.
    pub id: usize,
    /// The fullest name the article uses, without titles ("Benjamin Netanyahu").
    pub name: String,
    pub kind: EntityKind,
    /// Titles and roles, as written ("Israeli Prime Minister", "US envoy").
    pub titles: Vec<String>,
    /// Nationality, organisation, party or state ("Israel", "Hamas", "Republican").
    pub affiliations: Vec<String>,
    /// Where the article names it, in text order.
    pub mentions: Vec<Span>,
}

/// The surface form of a source span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceForm {
    /// Contains a proper name of the speaker ("Scahill", "The New York Post").
    Named,
    /// A pronoun ("he", "they", "who").
    Pronoun,
    /// A definite or possessive description ("the official", "his office").
    Description,
    /// An unnamed, indefinite speaker ("a Hamas official", "sources", "some").
    Anonymous,
}

impl SourceForm {
    pub fn as_str(&self) -> &'static str {
        match self {
            SourceForm::Named => "named",
            SourceForm::Pronoun => "pronoun",
            SourceForm::Description => "description",
            SourceForm::Anonymous => "anonymous",
        }
    }
}

/// What kind of speaker is behind an attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerType {
    Person,
    Organisation,
    Outlet,
    /// A poll, report, statement or other document.
    Document,
    /// One unnamed individual ("a Palestinian official", "a source familiar with…").
    Anonymous,
    /// Several unnamed people or a loose group ("US officials", "sources", "some").
    UnnamedGroup,
    /// Unnamed reports ("media reports", "other reports").
    UnnamedReports,
    /// The article's own writer ("I", "we" outside quotations).
    Author,
    /// Several named speakers ("Trump and Pence").
    Multiple,
    /// A source whose referent could not be found.
    Unknown,
}

impl SpeakerType {
    pub fn as_str(&self) -> &'static str {
        match self {
            SpeakerType::Person => "person",
            SpeakerType::Organisation => "organisation",
            SpeakerType::Outlet => "outlet",
            SpeakerType::Document => "document",
            SpeakerType::Anonymous => "anonymous",
            SpeakerType::UnnamedGroup => "unnamed_group",
            SpeakerType::UnnamedReports => "unnamed_reports",
            SpeakerType::Author => "author",
            SpeakerType::Multiple => "multiple",
            SpeakerType::Unknown => "unknown",
        }
    }

    /// Anonymous individuals, unnamed groups and unnamed reports.
    pub fn is_unnamed(&self) -> bool {
        matches!(
            self,
            SpeakerType::Anonymous | SpeakerType::UnnamedGroup | SpeakerType::UnnamedReports
        )
    }
}

/// The speaker behind an attribution's source.
#[derive(Debug, Clone, PartialEq)]
pub struct Speaker {
    /// Canonical name ("Steve Witkoff"), owner + unit ("Steve Witkoff office"), or for
    /// unnamed speakers the description that introduced them ("Hamas official").
    pub name: String,
    pub form: SourceForm,
    pub kind: SpeakerType,
    /// The entity, when the speaker (or the owner of a unit) is a named one.
    pub entity: Option<usize>,
    /// The mention the source refers back to (pronouns, descriptions), or that
    /// introduced an unnamed speaker.
    pub antecedent: Option<Span>,
    /// Title or role given with the speaker ("US envoy", "reporter").
    pub title: Option<String>,
    /// Affiliation given with the speaker ("Hamas", "Drop Site News").
    pub affiliation: Option<String>,
}

/// The role of one link of a provenance chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkRole {
    /// Who made the claim.
    Speaker,
    /// Whom it was told to ("told him", "told the Saudi Asharq News outlet").
    Recipient,
    /// How it was made public ("a post on X", "an interview with CNN", "a statement").
    Medium,
    /// Someone who passed it on: the outer speaker of a nested attribution, or an
    /// outlet that reported it ("Haaretz reported", "according to Axios").
    Relay,
    /// The article being read.
    Article,
}

impl LinkRole {
    pub fn as_str(&self) -> &'static str {
        match self {
            LinkRole::Speaker => "speaker",
            LinkRole::Recipient => "recipient",
            LinkRole::Medium => "medium",
            LinkRole::Relay => "relay",
            LinkRole::Article => "article",
        }
    }
}

/// One step of the path a claim travelled.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainLink {
    pub role: LinkRole,
    /// Display text ("Jeremy Scahill", "post on X", "this article").
    pub name: String,
    pub entity: Option<usize>,
    /// Where the article says it, when it does.
    pub span: Option<Span>,
    /// For relays: the attribution whose speaker passed it on.
    pub attribution: Option<usize>,
}

/// The stance a cue puts on what it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CueStance {
    /// said, told, added, wrote, reported, announced.
    Neutral,
    /// confirmed, stressed, made clear: the speaker vouches for it.
    Confirm,
    /// claimed, alleged, insisted, argued: the reporter keeps a distance.
    Claim,
    /// charged, accused, blamed.
    Accuse,
    /// acknowledged, admitted, conceded.
    Concede,
    /// denied, rejected, dismissed, disputed.
    Deny,
    /// believes, thinks, suggests, expects, hopes: an opinion or a guess.
    Belief,
    /// asked, wondered, questioned.
    Question,
}

impl CueStance {
    pub fn as_str(&self) -> &'static str {
        match self {
            CueStance::Neutral => "neutral",
            CueStance::Confirm => "confirm",
            CueStance::Claim => "claim",
            CueStance::Accuse => "accuse",
            CueStance::Concede => "concede",
            CueStance::Deny => "deny",
            CueStance::Belief => "belief",
            CueStance::Question => "question",
        }
    }
}

/// Modality of the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// Stated as fact.
    Factual,
    /// may, might, likely, reportedly, appears…
    Hedged,
    /// Unsettled: "it remains unclear", "hasn't been finalized", "whether".
    Uncertain,
    /// About the future or an intention: will, plans to, is expected to, set to.
    Planned,
}

impl Modality {
    pub fn as_str(&self) -> &'static str {
        match self {
            Modality::Factual => "factual",
            Modality::Hedged => "hedged",
            Modality::Uncertain => "uncertain",
            Modality::Planned => "planned",
        }
    }
}

/// How a reporting speaker treats a claim nested in what they say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParentView {
    /// The outer speaker repeats it without comment.
    Relayed,
    /// The outer speaker calls it false, a lie, a deception…
    Disputed,
    /// The outer speaker confirms it.
    Endorsed,
}

impl ParentView {
    pub fn as_str(&self) -> &'static str {
        match self {
            ParentView::Relayed => "relayed",
            ParentView::Disputed => "disputed",
            ParentView::Endorsed => "endorsed",
        }
    }
}

/// The closed label set summarising how firmly a claim is put (docs/schema.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertaintyLabel {
    /// Stated as fact by its speaker.
    Asserted,
    /// Put forward with distance (claimed, alleged) or as an accusation.
    Claimed,
    /// The speaker denies or rejects something (cue), or states a negation.
    Denied,
    /// Hedged or unsettled (may, likely, unclear, not finalized), or an opinion.
    Hedged,
    /// An intention or a plan for the future.
    Planned,
    /// Nested claim that the reporting speaker disputes.
    Disputed,
    /// A question.
    Questioned,
}

impl CertaintyLabel {
    pub fn as_str(&self) -> &'static str {
        match self {
            CertaintyLabel::Asserted => "asserted",
            CertaintyLabel::Claimed => "claimed",
            CertaintyLabel::Denied => "denied",
            CertaintyLabel::Hedged => "hedged",
            CertaintyLabel::Planned => "planned",
            CertaintyLabel::Disputed => "disputed",
            CertaintyLabel::Questioned => "questioned",
        }
    }
}

/// How sure a claim was put, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Certainty {
    pub label: CertaintyLabel,
    pub cue_stance: CueStance,
    /// The content (its main clause) is negated ("hasn't been finalized", "no progress").
    pub negated: bool,
    pub modality: Modality,
    /// For nested attributions: how the reporting speaker treats the claim.
    pub parent_view: Option<ParentView>,
}

/// What resolution adds to one attribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    /// `None` for attributions with no source and nothing to borrow one from.
    pub speaker: Option<Speaker>,
    pub recipient: Option<ChainLink>,
    pub medium: Option<ChainLink>,
    /// Speaker first, this article last.
    pub chain: Vec<ChainLink>,
    pub certainty: Certainty,
}

/// Everything resolution found in one article: its entities and, parallel to the
/// attributions it was given, one [`Provenance`] each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolution {
    pub entities: Vec<Entity>,
    pub provenance: Vec<Provenance>,
}

/// How many attributions rest on which kind of source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceCounts {
    /// All attributions counted (outermost and nested).
    pub attributions: usize,
    /// Resolved to a named person, organisation, outlet or document (or the author).
    pub named: usize,
    /// Anonymous individuals ("a Hamas official").
    pub anonymous: usize,
    /// Unnamed groups and unnamed reports ("US officials", "media reports").
    pub unnamed: usize,
    /// No source, or one that could not be resolved.
    pub unknown: usize,
}

impl Resolution {
    /// Counts attributions by the kind of speaker they rest on.
    pub fn source_counts(&self) -> SourceCounts {
        let mut c = SourceCounts {
            attributions: self.provenance.len(),
            ..SourceCounts::default()
        };
        for p in &self.provenance {
            match p.speaker.as_ref().map(|s| s.kind) {
                Some(SpeakerType::Anonymous) => c.anonymous += 1,
                Some(SpeakerType::UnnamedGroup | SpeakerType::UnnamedReports) => c.unnamed += 1,
                Some(SpeakerType::Unknown) | None => c.unknown += 1,
                Some(_) => c.named += 1,
            }
        }
        c
    }
}
