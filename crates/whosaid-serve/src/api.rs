//! The JSON API under `/api`; every route is listed in the OpenAPI document
//! ([`crate::openapi`]), and a test checks the two agree.

use std::sync::Arc;

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;
use whosaid_claims::Vectors;
use whosaid_core::Claim;
use whosaid_store::{ArticleRow, Scope, Store};

use crate::cache::{self, Entry, OVERVIEW_LIMIT};
use crate::jobs::{self, Input, TextInput};
use crate::{ApiError, Shared};

/// The most items one page of a list may hold.
pub const MAX_LIMIT: usize = 500;

/// Every API route, relative to `/api`: the router and the OpenAPI test both read it.
fn table() -> Vec<(&'static str, MethodRouter<Shared>)> {
    vec![
        ("/health", get(health)),
        ("/openapi.json", get(openapi)),
        ("/stories", get(stories).post(create_story)),
        ("/stories/{name}", get(story)),
        ("/stories/{name}/claims", get(story_claims)),
        ("/stories/{name}/conflicts", get(story_conflicts)),
        ("/stories/{name}/sources", get(story_sources)),
        ("/stories/{name}/timeline", get(story_timeline)),
        ("/articles", get(articles)),
        ("/articles/{id}", get(article)),
        ("/articles/{id}/attributions", get(article_attributions)),
        ("/articles/{id}/entities", get(article_entities)),
        ("/articles/{id}/attributions/{n}/elsewhere", get(elsewhere)),
        ("/search", get(search)),
        ("/ingest", post(ingest)),
        ("/jobs/{id}", get(job)),
    ]
}

pub fn routes() -> Router<Shared> {
    table()
        .into_iter()
        .fold(Router::new(), |r, (path, handler)| r.route(path, handler))
}

#[derive(Debug, Default, Deserialize)]
pub struct Page {
    pub offset: Option<usize>,
    pub limit: Option<usize>,
    pub story: Option<String>,
}

impl Page {
    pub fn offset(&self) -> usize {
        self.offset.unwrap_or(0)
    }
    pub fn limit(&self, default: usize) -> usize {
        self.limit.unwrap_or(default).clamp(1, MAX_LIMIT)
    }
}

fn json_bytes(bytes: impl Into<axum::body::Bytes>) -> Response {
    let bytes: axum::body::Bytes = bytes.into();
    ([(header::CONTENT_TYPE, "application/json")], bytes).into_response()
}

async fn health(State(st): State<Shared>) -> Result<Json<serde_json::Value>, ApiError> {
    let counts = st.with_store(|s| Ok(s.counts()?)).await?;
    Ok(Json(json!({
        "status": "ok",
        "schema_version": whosaid_store::SCHEMA_VERSION,
        "counts": counts,
        "writable": st.config.write_token.is_some(),
    })))
}

async fn openapi() -> Json<serde_json::Value> {
    Json(crate::openapi::document())
}

#[derive(Debug, Serialize)]
pub struct StoryRow {
    pub name: String,
    pub query: String,
    pub created: String,
    pub articles: usize,
}

pub async fn story_rows(st: &Shared) -> Result<Vec<StoryRow>, ApiError> {
    st.with_store(|s| {
        let mut out = Vec::new();
        for x in s.stories()? {
            let n = s.article_ids(&Scope::Story(x.name.clone()))?.len();
            out.push(StoryRow {
                name: x.name,
                query: x.query,
                created: x.created,
                articles: n,
            });
        }
        Ok(out)
    })
    .await
}

async fn stories(State(st): State<Shared>) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(json!({ "stories": story_rows(&st).await? })))
}

/// The write token of a request: `Authorization: Bearer TOKEN`.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

#[derive(Debug, Deserialize)]
struct NewStory {
    name: String,
    query: String,
}

pub fn check_story_name(name: &str) -> Result<(), ApiError> {
    let ok = !name.is_empty()
        && name.chars().count() <= 100
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.starts_with('.');
    if ok {
        Ok(())
    } else {
        Err(ApiError::bad_request(
            "a story name is 1 to 100 letters, digits, '-', '_' or '.', not starting with '.'",
        ))
    }
}

async fn create_story(
    State(st): State<Shared>,
    headers: HeaderMap,
    Json(new): Json<NewStory>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    st.may_write(bearer(&headers))?;
    check_story_name(&new.name)?;
    let store_path = st.config.db.clone();
    let (name, query) = (new.name.clone(), new.query.clone());
    let n = tokio::task::spawn_blocking(move || -> Result<usize, ApiError> {
        let mut s = whosaid_store::SqliteStore::open(&store_path)?;
        s.create_story(&name, &query)?;
        Ok(s.article_ids(&Scope::Story(name))?.len())
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))??;
    cache::invalidate(&st);
    Ok((
        StatusCode::CREATED,
        Json(json!({ "name": new.name, "query": new.query, "articles": n })),
    ))
}

async fn entry(st: &Shared, name: &str) -> Result<Arc<Entry>, ApiError> {
    cache::get(st, Some(name)).await
}

async fn story(
    State(st): State<Shared>,
    Path(name): Path<String>,
    Query(page): Query<Page>,
) -> Result<Response, ApiError> {
    let e = entry(&st, &name).await?;
    if page.offset.is_none() && page.limit.is_none() {
        return Ok(json_bytes(e.overview.clone()));
    }
    let body = serde_json::to_vec(&e.overview(page.offset(), page.limit(OVERVIEW_LIMIT)))
        .map_err(|x| ApiError::internal(x.to_string()))?;
    Ok(json_bytes(body))
}

async fn story_claims(
    State(st): State<Shared>,
    Path(name): Path<String>,
    Query(page): Query<Page>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let e = entry(&st, &name).await?;
    let (off, lim) = (page.offset(), page.limit(100));
    let groups: Vec<serde_json::Value> = (off..e.view.groups.len().min(off.saturating_add(lim)))
        .filter_map(|g| {
            let s = e.group_summary(g)?;
            let members: Vec<&Claim> = e.view.groups[g]
                .claims
                .iter()
                .filter_map(|&i| e.view.claims.get(i))
                .collect();
            Some(json!({ "group": s, "members": members }))
        })
        .collect();
    Ok(Json(json!({
        "total": e.view.groups.len(),
        "offset": off,
        "groups": groups,
    })))
}

async fn story_conflicts(
    State(st): State<Shared>,
    Path(name): Path<String>,
    Query(page): Query<Page>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let e = entry(&st, &name).await?;
    let (off, lim) = (page.offset(), page.limit(100));
    let items: Vec<_> = e.view.conflicts.iter().skip(off).take(lim).collect();
    Ok(Json(json!({
        "total": e.view.conflicts.len(),
        "offset": off,
        "conflicts": items,
    })))
}

async fn story_sources(
    State(st): State<Shared>,
    Path(name): Path<String>,
    Query(page): Query<Page>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let e = entry(&st, &name).await?;
    let (off, lim) = (page.offset(), page.limit(MAX_LIMIT));
    Ok(Json(json!({
        "total": e.view.sources.len(),
        "offset": off,
        "speakers": e.view.sources.iter().skip(off).take(lim).collect::<Vec<_>>(),
        "outlets": e.view.outlets,
        "shares": e.view.source_shares(),
    })))
}

async fn story_timeline(
    State(st): State<Shared>,
    Path(name): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let e = entry(&st, &name).await?;
    Ok(Json(json!({ "days": e.view.days })))
}

async fn articles(
    State(st): State<Shared>,
    Query(page): Query<Page>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (off, lim) = (page.offset(), page.limit(100));
    let (total, rows) = article_page(&st, page.story.clone(), off, lim).await?;
    let rows: Vec<ArticleRow> = rows.into_iter().map(|(r, _)| r).collect();
    Ok(Json(
        json!({ "total": total, "offset": off, "articles": rows }),
    ))
}

/// One page of a scope's articles: the total, and each article's row with its number
/// of attributions.
pub async fn article_page(
    st: &Shared,
    story: Option<String>,
    offset: usize,
    limit: usize,
) -> Result<(usize, Vec<(ArticleRow, usize)>), ApiError> {
    let scope = match story {
        Some(s) => Scope::Story(s),
        None => Scope::All,
    };
    st.with_store(move |s| {
        let ids = s.article_ids(&scope)?;
        let mut rows = Vec::new();
        for id in ids.iter().skip(offset).take(limit) {
            if let Some(a) = s.article(*id)? {
                rows.push((a.row, a.attributions.len()));
            }
        }
        Ok((ids.len(), rows))
    })
    .await
}

pub async fn load_article(st: &Shared, id: i64) -> Result<whosaid_store::StoredArticle, ApiError> {
    st.with_store(move |s| {
        s.article(id)?
            .ok_or_else(|| ApiError::not_found(format!("no article with id {id}")))
    })
    .await
}

async fn article(
    State(st): State<Shared>,
    Path(id): Path<i64>,
) -> Result<Json<whosaid_store::StoredArticle>, ApiError> {
    Ok(Json(load_article(&st, id).await?))
}

async fn article_attributions(
    State(st): State<Shared>,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let a = load_article(&st, id).await?;
    Ok(Json(
        json!({ "article": id, "attributions": a.attributions }),
    ))
}

async fn article_entities(
    State(st): State<Shared>,
    Path(id): Path<i64>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let a = load_article(&st, id).await?;
    Ok(Json(json!({ "article": id, "entities": a.entities })))
}

/// Claims in other articles that state the same proposition as `content`: full-text
/// candidates, kept when the claim-grouping test holds.
pub fn same_claim_elsewhere(
    s: &dyn Store,
    content: &str,
    article: i64,
) -> Result<Vec<Claim>, ApiError> {
    let cands: Vec<Claim> = s
        .similar_claims(content, 60)?
        .into_iter()
        .filter(|c| c.article != article)
        .collect();
    if cands.is_empty() {
        return Ok(cands);
    }
    let v = Vectors::new(std::iter::once(content).chain(cands.iter().map(|c| c.content.as_str())));
    let mut keep: Vec<(f32, Claim)> = cands
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let cos = v.cosine(0, i + 1);
            (cos >= whosaid_claims::SAME_THRESHOLD
                && whosaid_claims::same_proposition(content, &c.content))
            .then_some((cos, c))
        })
        .collect();
    keep.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut seen = std::collections::BTreeSet::new();
    Ok(keep
        .into_iter()
        .map(|(_, c)| c)
        .filter(|c| seen.insert(c.article))
        .take(20)
        .collect())
}

async fn elsewhere(
    State(st): State<Shared>,
    Path((id, n)): Path<(i64, usize)>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let claims = st
        .with_store(move |s| {
            let a = s
                .article(id)?
                .ok_or_else(|| ApiError::not_found(format!("no article with id {id}")))?;
            let at = a.attributions.iter().find(|x| x.id == n).ok_or_else(|| {
                ApiError::not_found(format!("article {id} has no attribution {n}"))
            })?;
            let content = at
                .text
                .as_ref()
                .map(|t| t.content.clone())
                .unwrap_or_default();
            same_claim_elsewhere(s, &content, id)
        })
        .await?;
    Ok(Json(
        json!({ "article": id, "attribution": n, "claims": claims }),
    ))
}

#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    pub q: Option<String>,
    pub limit: Option<usize>,
}

async fn search(
    State(st): State<Shared>,
    Query(q): Query<SearchQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let query = q.q.unwrap_or_default();
    if query.trim().is_empty() {
        return Err(ApiError::bad_request("give a search query: ?q=…"));
    }
    let limit = q.limit.unwrap_or(50).clamp(1, MAX_LIMIT);
    let qq = query.clone();
    let hits = st.with_store(move |s| Ok(s.search(&qq, limit)?)).await?;
    Ok(Json(json!({ "query": query, "hits": hits })))
}

/// Reads the inputs of an ingest request: a JSON body (text or url) or a multipart
/// form (text, url, files, and a `token` field the pages send).
pub async fn ingest_inputs(
    headers: &HeaderMap,
    body: IngestBody,
) -> Result<(Vec<Input>, Option<String>), ApiError> {
    match body {
        IngestBody::Json(t) => Ok((vec![t.into_input()?], bearer(headers).map(String::from))),
        IngestBody::Multipart(mut mp) => {
            let mut form = TextInput::default();
            let mut files = Vec::new();
            let mut token = bearer(headers).map(String::from);
            while let Some(field) = mp
                .next_field()
                .await
                .map_err(|e| ApiError::bad_request(format!("unreadable form: {e}")))?
            {
                let name = field.name().unwrap_or("").to_string();
                let file_name = field.file_name().map(|f| {
                    // only the last path component names the upload; it never touches a disk
                    f.rsplit(['/', '\\']).next().unwrap_or("upload").to_string()
                });
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| ApiError::bad_request(format!("unreadable form field: {e}")))?;
                let text = || String::from_utf8_lossy(&bytes).into_owned();
                match (name.as_str(), file_name) {
                    ("files", Some(f)) if !bytes.is_empty() => files.push(Input::Upload {
                        name: if f.is_empty() { "upload".into() } else { f },
                        bytes: bytes.to_vec(),
                    }),
                    ("token", _) => token = Some(text().trim().to_string()),
                    ("text", _) => form.text = Some(text()),
                    ("url", _) => form.url = Some(text()),
                    ("title", _) => form.title = Some(text()),
                    ("outlet", _) => form.outlet = Some(text()),
                    ("published", _) => form.published = Some(text()),
                    _ => {}
                }
            }
            let mut inputs = files;
            if form.text.as_deref().is_some_and(|t| !t.trim().is_empty())
                || form.url.as_deref().is_some_and(|t| !t.trim().is_empty())
            {
                inputs.push(form.into_input()?);
            }
            if inputs.is_empty() {
                return Err(ApiError::bad_request(
                    "nothing to ingest: paste a text, choose files, or give a URL",
                ));
            }
            Ok((inputs, token))
        }
    }
}

pub enum IngestBody {
    Json(TextInput),
    Multipart(Multipart),
}

impl<S: Send + Sync> axum::extract::FromRequest<S> for IngestBody {
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        let ct = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        if ct.starts_with("multipart/form-data") {
            let mp = Multipart::from_request(req, state)
                .await
                .map_err(|e| ApiError::bad_request(e.body_text()))?;
            Ok(IngestBody::Multipart(mp))
        } else {
            let Json(t) = Json::<TextInput>::from_request(req, state)
                .await
                .map_err(|e| ApiError::new(e.status(), e.body_text()))?;
            Ok(IngestBody::Json(t))
        }
    }
}

async fn ingest(
    State(st): State<Shared>,
    headers: HeaderMap,
    body: IngestBody,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    // refuse before reading a large body when no token could be valid
    if st.config.write_token.is_none() {
        st.may_write(None)?;
    }
    let (inputs, token) = ingest_inputs(&headers, body).await?;
    st.may_write(token.as_deref())?;
    let id = jobs::start(&st, inputs)?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({ "job": id, "status": format!("/api/jobs/{id}") })),
    ))
}

async fn job(State(st): State<Shared>, Path(id): Path<u64>) -> Result<Json<jobs::Job>, ApiError> {
    st.jobs
        .get(id)
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no job {id}")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_route_is_documented_and_every_documented_path_is_a_route() {
        let doc = crate::openapi::document();
        let documented: std::collections::BTreeSet<String> = doc["paths"]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        let routed: std::collections::BTreeSet<String> = super::table()
            .into_iter()
            .map(|(p, _)| format!("/api{p}"))
            .collect();
        assert_eq!(documented, routed);
    }
}
