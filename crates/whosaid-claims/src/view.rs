//! One story's picture, computed once from its claims: claim groups, conflicts side by
//! side (with a stance label when a stance model is supplied), who is quoted, per
//! outlet shares, and a day-by-day timeline. The CLI's query commands and the web
//! server both print or serve this; neither recomputes it differently.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use whosaid_core::{Claim, ClaimGroup};

/// A stance model: the label of the second text towards the first ("agree",
/// "disagree", "discuss", "unrelated").
pub type Stance<'a> = &'a (dyn Fn(&str, &str) -> &'static str + Sync);

/// One side of a conflict: a claim group, shown by its representative claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    pub group: usize,
    pub content: String,
    pub speakers: Vec<String>,
    pub outlets: Vec<String>,
    pub chain: Vec<String>,
    pub certainty: Option<String>,
    /// Where the representative claim was read: the stored article and attribution.
    pub article: i64,
    pub attribution: i64,
    /// The attribution's index within its article (`#attr-N` on the article page).
    pub index: i64,
    pub independent_origins: usize,
}

/// Two claim groups that contradict each other.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictView {
    pub reason: String,
    pub score: f32,
    /// The stance model's label for the counter-claim against the claim; absent
    /// without a stance model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stance: Option<&'static str>,
    pub claim: Side,
    pub counter_claim: Side,
}

/// A speaker: how often quoted, in how many articles, by which outlets.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SourceRow {
    pub speaker: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub claims: usize,
    pub articles: usize,
    pub outlets: Vec<String>,
    /// The claim groups this speaker's claims fall in, most corroborated first.
    pub groups: Vec<usize>,
}

/// An outlet: its claims by kind of source.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OutletRow {
    pub outlet: String,
    pub claims: usize,
    pub named: usize,
    pub anonymous: usize,
    pub unnamed: usize,
    pub unknown: usize,
}

/// One day of coverage.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Day {
    /// `YYYY-MM-DD`, or "undated".
    pub date: String,
    pub claims: usize,
    /// Claim groups first seen that day.
    pub new_groups: usize,
    /// Conflicts whose later side was first seen that day.
    pub conflicts: usize,
}

/// A story's claims and everything derived from them.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryView {
    pub claims: Vec<Claim>,
    pub groups: Vec<ClaimGroup>,
    pub conflicts: Vec<ConflictView>,
    pub sources: Vec<SourceRow>,
    pub outlets: Vec<OutletRow>,
    pub days: Vec<Day>,
}

/// The kind of source a claim rests on, as counted per outlet.
pub fn source_class(speaker_type: Option<&str>) -> &'static str {
    match speaker_type {
        Some("anonymous") => "anonymous",
        Some("unnamed_group") | Some("unnamed_reports") => "unnamed",
        None | Some("unknown") => "unknown",
        Some(_) => "named",
    }
}

fn day_of(published: Option<&str>) -> String {
    published
        .map(|p| p.chars().take(10).collect::<String>())
        .unwrap_or_else(|| "undated".into())
}

impl StoryView {
    /// Groups the claims (at [`crate::SAME_THRESHOLD`]), finds conflicts and tallies
    /// sources and days.
    pub fn build(claims: Vec<Claim>, stance: Option<Stance>) -> StoryView {
        let groups = crate::group(&claims, crate::SAME_THRESHOLD);
        let conflicts = conflict_views(&claims, &groups, stance);
        let (sources, outlets) = tally(&claims, &groups);
        let days = days(&claims, &groups, &conflicts);
        StoryView {
            claims,
            groups,
            conflicts,
            sources,
            outlets,
            days,
        }
    }

    /// The representative claim of a group.
    pub fn representative(&self, group: usize) -> Option<&Claim> {
        let g = self.groups.get(group)?;
        self.claims.get(g.representative)
    }

    /// Named / anonymous / unnamed / unknown counts over all claims.
    pub fn source_shares(&self) -> OutletRow {
        let mut all = OutletRow {
            outlet: "all outlets".into(),
            ..OutletRow::default()
        };
        for o in &self.outlets {
            all.claims += o.claims;
            all.named += o.named;
            all.anonymous += o.anonymous;
            all.unnamed += o.unnamed;
            all.unknown += o.unknown;
        }
        all
    }
}

fn side(claims: &[Claim], groups: &[ClaimGroup], g: usize) -> Side {
    let grp = &groups[g];
    let rep = &claims[grp.representative];
    Side {
        group: g,
        content: rep.content.clone(),
        speakers: grp.speakers.clone(),
        outlets: grp.outlets.clone(),
        chain: rep.chain.clone(),
        certainty: rep.certainty.clone(),
        article: rep.article,
        attribution: rep.attribution,
        index: rep.index,
        independent_origins: grp.independent_origins,
    }
}

fn conflict_views(
    claims: &[Claim],
    groups: &[ClaimGroup],
    stance: Option<Stance>,
) -> Vec<ConflictView> {
    let found = crate::conflicts(claims, groups);
    let stance_of = |a: usize, b: usize| -> Option<&'static str> {
        let m = stance?;
        Some(m(
            &claims[groups[a].representative].content,
            &claims[groups[b].representative].content,
        ))
    };
    // one person's own words in two outlets are not a conflict
    let surname = |g: usize| -> Option<String> {
        let c = &claims[groups[g].representative];
        match c.speaker_type.as_deref() {
            Some("person") => c
                .speaker
                .as_deref()?
                .split_whitespace()
                .last()
                .map(str::to_lowercase),
            _ => None,
        }
    };
    let mut out: Vec<ConflictView> = found
        .iter()
        .filter(|c| surname(c.a).is_none() || surname(c.a) != surname(c.b))
        .filter_map(|c| {
            let stance = stance_of(c.a, c.b);
            // nor a pair the stance model reads as agreeing
            (stance != Some("agree")).then(|| ConflictView {
                reason: c.reason.clone(),
                score: c.score,
                stance,
                claim: side(claims, groups, c.a),
                counter_claim: side(claims, groups, c.b),
            })
        })
        .collect();
    // most corroborated first, then the most similar wording
    out.sort_by(|x, y| {
        let w =
            |c: &ConflictView| c.claim.independent_origins + c.counter_claim.independent_origins;
        w(y).cmp(&w(x)).then(y.score.total_cmp(&x.score)).then(
            (x.claim.group, x.counter_claim.group).cmp(&(y.claim.group, y.counter_claim.group)),
        )
    });
    out
}

type Tally = (usize, BTreeSet<i64>, BTreeSet<String>, BTreeSet<usize>);

fn tally(claims: &[Claim], groups: &[ClaimGroup]) -> (Vec<SourceRow>, Vec<OutletRow>) {
    let mut group_of = vec![usize::MAX; claims.len()];
    for g in groups {
        for &i in &g.claims {
            if let Some(x) = group_of.get_mut(i) {
                *x = g.id;
            }
        }
    }
    let mut by: BTreeMap<(String, String), Tally> = BTreeMap::new();
    let mut outlets: BTreeMap<String, OutletRow> = BTreeMap::new();
    for (i, c) in claims.iter().enumerate() {
        let kind = c.speaker_type.clone().unwrap_or_else(|| "unknown".into());
        let name = c.speaker.clone().unwrap_or_else(|| "(no source)".into());
        let outlet = c
            .outlet
            .clone()
            .unwrap_or_else(|| "(unknown outlet)".into());
        let e = by.entry((name, kind)).or_default();
        e.0 += 1;
        e.1.insert(c.article);
        e.2.insert(outlet.clone());
        if group_of[i] != usize::MAX {
            e.3.insert(group_of[i]);
        }
        let o = outlets.entry(outlet.clone()).or_insert_with(|| OutletRow {
            outlet,
            ..OutletRow::default()
        });
        o.claims += 1;
        match source_class(c.speaker_type.as_deref()) {
            "anonymous" => o.anonymous += 1,
            "unnamed" => o.unnamed += 1,
            "unknown" => o.unknown += 1,
            _ => o.named += 1,
        }
    }
    let mut speakers: Vec<SourceRow> = by
        .into_iter()
        .map(|((speaker, kind), (n, arts, outs, grps))| SourceRow {
            speaker,
            kind,
            claims: n,
            articles: arts.len(),
            outlets: outs.into_iter().collect(),
            groups: grps.into_iter().collect(),
        })
        .collect();
    speakers.sort_by(|a, b| b.claims.cmp(&a.claims).then(a.speaker.cmp(&b.speaker)));
    (speakers, outlets.into_values().collect())
}

fn days(claims: &[Claim], groups: &[ClaimGroup], conflicts: &[ConflictView]) -> Vec<Day> {
    let mut days: BTreeMap<String, Day> = BTreeMap::new();
    for c in claims {
        let d = day_of(c.published.as_deref());
        days.entry(d.clone())
            .or_insert_with(|| Day {
                date: d,
                ..Day::default()
            })
            .claims += 1;
    }
    for g in groups {
        if let Some(x) = days.get_mut(&day_of(g.first_seen.as_deref())) {
            x.new_groups += 1;
        }
    }
    for c in conflicts {
        let first = |g: usize| groups[g].first_seen.clone().unwrap_or_default();
        let later = first(c.claim.group).max(first(c.counter_claim.group));
        let d = if later.is_empty() {
            "undated".to_string()
        } else {
            day_of(Some(&later))
        };
        if let Some(x) = days.get_mut(&d) {
            x.conflicts += 1;
        }
    }
    days.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(id: i64, article: i64, speaker: &str, kind: &str, content: &str, day: &str) -> Claim {
        Claim {
            attribution: id,
            article,
            article_key: format!("a{article}"),
            outlet: Some(format!("Outlet {article}")),
            published: Some(format!("{day}T10:00:00Z")),
            duplicate_of: None,
            index: id,
            kind: "indirect".into(),
            parent: None,
            source: speaker.into(),
            cue: "said".into(),
            content: content.into(),
            speaker: Some(speaker.into()),
            speaker_type: Some(kind.into()),
            certainty: Some("asserted".into()),
            chain: vec![speaker.into(), "this article".into()],
            confidence: 0.9,
        }
    }

    #[test]
    fn builds_conflicts_sources_and_days() {
        let claims = vec![
            claim(
                1,
                1,
                "Hamas official",
                "anonymous",
                "there has been progress in the Doha ceasefire negotiations",
                "2025-07-08",
            ),
            claim(
                2,
                2,
                "Qatari officials",
                "unnamed_group",
                "there has been progress in the Doha ceasefire negotiations",
                "2025-07-09",
            ),
            claim(
                3,
                3,
                "Israeli official",
                "anonymous",
                "there has been no progress in the Doha ceasefire negotiations",
                "2025-07-09",
            ),
            claim(
                4,
                3,
                "Donald Trump",
                "person",
                "he wants a deal on the hostages this week",
                "2025-07-09",
            ),
        ];
        let v = StoryView::build(claims, None);
        assert_eq!(v.groups.len(), 3, "{:#?}", v.groups);
        let c = v.conflicts.first().expect("a conflict");
        let texts = [c.claim.content.as_str(), c.counter_claim.content.as_str()];
        assert!(texts.iter().any(|t| t.contains("no progress")), "{texts:?}");
        assert!(
            texts.iter().any(|t| !t.contains("no progress")),
            "{texts:?}"
        );
        assert!(c.stance.is_none());
        // the corroborated side (two outlets) carries two origins
        let progress = if c.claim.content.contains("no progress") {
            &c.counter_claim
        } else {
            &c.claim
        };
        assert_eq!(progress.independent_origins, 2);
        assert_eq!(v.days.len(), 2);
        assert_eq!(v.days[1].claims, 3);
        assert_eq!(v.days.iter().map(|d| d.new_groups).sum::<usize>(), 3);
        assert_eq!(v.days[1].conflicts, 1);
        let shares = v.source_shares();
        assert_eq!((shares.named, shares.anonymous, shares.unnamed), (1, 2, 1));
        let trump = v
            .sources
            .iter()
            .find(|s| s.speaker == "Donald Trump")
            .expect("trump");
        assert_eq!((trump.claims, trump.groups.len()), (1, 1));
    }

    #[test]
    fn a_stance_model_that_reads_agreement_drops_the_pair() {
        let claims = vec![
            claim(
                1,
                1,
                "Hamas official",
                "anonymous",
                "there has been progress in the Doha ceasefire negotiations",
                "2025-07-08",
            ),
            claim(
                3,
                3,
                "Israeli official",
                "anonymous",
                "there has been no progress in the Doha ceasefire negotiations",
                "2025-07-09",
            ),
        ];
        let agree = |_: &str, _: &str| "agree";
        assert!(StoryView::build(claims.clone(), Some(&agree))
            .conflicts
            .is_empty());
        let disagree = |_: &str, _: &str| "disagree";
        let v = StoryView::build(claims, Some(&disagree));
        assert_eq!(v.conflicts.len(), 1);
        assert_eq!(v.conflicts[0].stance, Some("disagree"));
    }
}
