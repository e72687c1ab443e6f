//! Story views computed once per store state and shared by all requests.
//!
//! The key is the story name ("" for the whole store); an entry is valid while the
//! store's [`whosaid_store::Store::marker`] is unchanged. The marker is read at most
//! once a second, so a burst of readers costs one small query, and only one view is
//! computed at a time (others wait for it rather than computing it again).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use whosaid_claims::view::{ConflictView, OutletRow, StoryView};
use whosaid_store::{Scope, Store};

use crate::{ApiError, AppState};

/// How long a read marker is trusted before asking the store again.
const MARKER_TTL: Duration = Duration::from_secs(1);
/// Claim groups and conflicts in the default overview.
pub const OVERVIEW_LIMIT: usize = 50;

pub struct Entry {
    pub marker: String,
    pub name: Option<String>,
    pub query: Option<String>,
    pub articles: usize,
    pub view: StoryView,
    /// The overview JSON with default limits, serialized once.
    pub overview: axum::body::Bytes,
    /// The first page of the story's HTML overview, rendered on first request.
    pub first_page: std::sync::OnceLock<axum::body::Bytes>,
}

#[derive(Default)]
pub struct Cache {
    entries: Mutex<HashMap<String, Arc<Entry>>>,
    marker: Mutex<Option<(Instant, String)>>,
    compute: tokio::sync::Mutex<()>,
}

/// A claim group as the overview shows it.
#[derive(Debug, Serialize)]
pub struct GroupSummary<'a> {
    pub id: usize,
    pub content: &'a str,
    pub independent_origins: usize,
    pub claims: usize,
    pub speakers: &'a [String],
    pub outlets: &'a [String],
    pub first_seen: Option<&'a str>,
    pub certainty: Option<&'a str>,
    pub chain: &'a [String],
    /// Where the representative claim was read.
    pub article: i64,
    pub attribution: i64,
    pub index: i64,
}

#[derive(Debug, Serialize)]
pub struct Overview<'a> {
    pub story: Option<&'a str>,
    pub query: Option<&'a str>,
    pub articles: usize,
    pub claims: usize,
    pub groups: usize,
    pub conflicts_total: usize,
    pub sources: OutletRow,
    pub offset: usize,
    pub claim_groups: Vec<GroupSummary<'a>>,
    pub conflicts: Vec<&'a ConflictView>,
}

impl Entry {
    pub fn group_summary(&self, g: usize) -> Option<GroupSummary<'_>> {
        let grp = self.view.groups.get(g)?;
        let rep = self.view.claims.get(grp.representative)?;
        Some(GroupSummary {
            id: grp.id,
            content: &rep.content,
            independent_origins: grp.independent_origins,
            claims: grp.claims.len(),
            speakers: &grp.speakers,
            outlets: &grp.outlets,
            first_seen: grp.first_seen.as_deref(),
            certainty: rep.certainty.as_deref(),
            chain: &rep.chain,
            article: rep.article,
            attribution: rep.attribution,
            index: rep.index,
        })
    }

    /// The representative claim text of a group ("" for an unknown group).
    pub fn representative_text(&self, g: usize) -> &str {
        self.view
            .representative(g)
            .map(|c| c.content.as_str())
            .unwrap_or("")
    }

    pub fn overview(&self, offset: usize, limit: usize) -> Overview<'_> {
        let groups = (offset..self.view.groups.len().min(offset.saturating_add(limit)))
            .filter_map(|g| self.group_summary(g))
            .collect();
        Overview {
            story: self.name.as_deref(),
            query: self.query.as_deref(),
            articles: self.articles,
            claims: self.view.claims.len(),
            groups: self.view.groups.len(),
            conflicts_total: self.view.conflicts.len(),
            sources: self.view.source_shares(),
            offset,
            claim_groups: groups,
            conflicts: self.view.conflicts.iter().take(limit).collect(),
        }
    }
}

async fn marker(state: &Arc<AppState>) -> Result<String, ApiError> {
    if let Ok(m) = state.cache.marker.lock() {
        if let Some((at, v)) = &*m {
            if at.elapsed() < MARKER_TTL {
                return Ok(v.clone());
            }
        }
    }
    let v = state.with_store(|s| Ok(s.marker()?)).await?;
    if let Ok(mut m) = state.cache.marker.lock() {
        *m = Some((Instant::now(), v.clone()));
    }
    Ok(v)
}

/// Forgets the trusted marker (after this server wrote to the store).
pub fn invalidate(state: &AppState) {
    if let Ok(mut m) = state.cache.marker.lock() {
        *m = None;
    }
}

fn lookup(state: &AppState, key: &str, marker: &str) -> Option<Arc<Entry>> {
    let map = state.cache.entries.lock().ok()?;
    map.get(key).filter(|e| e.marker == marker).cloned()
}

/// The view of a story (`None`: the whole store).
pub async fn get(state: &Arc<AppState>, story: Option<&str>) -> Result<Arc<Entry>, ApiError> {
    let key = story.unwrap_or("").to_string();
    let m = marker(state).await?;
    if let Some(e) = lookup(state, &key, &m) {
        return Ok(e);
    }
    let _one_at_a_time = state.cache.compute.lock().await;
    if let Some(e) = lookup(state, &key, &m) {
        return Ok(e);
    }
    let name = story.map(str::to_string);
    let stance = state.stance.clone();
    let entry = state
        .with_store(move |s| {
            let (scope, query) = match &name {
                Some(n) => {
                    let q = s
                        .stories()?
                        .into_iter()
                        .find(|x| &x.name == n)
                        .map(|x| x.query)
                        .ok_or_else(|| ApiError::not_found(format!("no story named {n:?}")))?;
                    (Scope::Story(n.clone()), Some(q))
                }
                None => (Scope::All, None),
            };
            let articles = s.article_ids(&scope)?.len();
            let claims = s.claims(&scope)?;
            let view = match &stance {
                Some(f) => {
                    let f = |a: &str, b: &str| f(a, b);
                    StoryView::build(claims, Some(&f))
                }
                None => StoryView::build(claims, None),
            };
            let mut entry = Entry {
                marker: m,
                name,
                query,
                articles,
                view,
                overview: axum::body::Bytes::new(),
                first_page: std::sync::OnceLock::new(),
            };
            entry.overview = serde_json::to_vec(&entry.overview(0, OVERVIEW_LIMIT))
                .map_err(|e| ApiError::internal(e.to_string()))?
                .into();
            Ok(entry)
        })
        .await?;
    let entry = Arc::new(entry);
    if let Ok(mut map) = state.cache.entries.lock() {
        map.insert(key, Arc::clone(&entry));
    }
    Ok(entry)
}

/// Computes every story's view, so the first visitors do not wait.
pub async fn warm(state: &Arc<AppState>) {
    let names = match state
        .with_store(|s| Ok(s.stories()?.into_iter().map(|x| x.name).collect::<Vec<_>>()))
        .await
    {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!("could not list stories to precompute: {e:?}");
            return;
        }
    };
    for n in names {
        let started = Instant::now();
        match get(state, Some(&n)).await {
            Ok(e) => tracing::info!(
                "story {n:?}: {} claims in {} groups, {} conflicts, computed in {:.1?}",
                e.view.claims.len(),
                e.view.groups.len(),
                e.view.conflicts.len(),
                started.elapsed()
            ),
            Err(e) => tracing::warn!("story {n:?}: {e:?}"),
        }
    }
}
