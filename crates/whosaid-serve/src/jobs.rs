//! Ingest jobs: pasted text, uploaded files, a URL or feed, analysed and stored one
//! item at a time on a blocking thread, with progress readable while they run.
//! Each article is stored whole (one transaction) as by `whosaid ingest`; one not in
//! English is stored without analysis, with a message.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use whosaid_core::schema::ArticleOut;
use whosaid_core::Article;
use whosaid_ingest::{language, Item};
use whosaid_store::{Put, SqliteStore, Store};

use crate::{ApiError, AppState};

/// Messages kept per job (the first ones; counts are always complete).
const MAX_MESSAGES: usize = 200;
/// Finished jobs kept for status queries.
const MAX_JOBS: usize = 1000;

/// What to ingest.
#[derive(Debug, Clone)]
pub enum Input {
    Text(Article),
    Upload { name: String, bytes: Vec<u8> },
    Url(String),
}

/// Pasted text with optional metadata (the JSON body of `POST /api/ingest`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TextInput {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
}

impl TextInput {
    /// The job input: text wins over a URL; neither is an error.
    pub fn into_input(self) -> Result<Input, ApiError> {
        match (self.text.filter(|t| !t.trim().is_empty()), self.url) {
            (Some(text), _) => {
                let id = self.id.filter(|s| !s.trim().is_empty()).unwrap_or_else(|| {
                    let hash = whosaid_store::fingerprint(&text).hash;
                    format!("pasted-{}", hash.chars().take(16).collect::<String>())
                });
                let mut a = Article::new(id, text);
                a.title = self.title.filter(|s| !s.trim().is_empty());
                a.outlet = self.outlet.filter(|s| !s.trim().is_empty());
                a.published = self.published.filter(|s| !s.trim().is_empty());
                Ok(Input::Text(a))
            }
            (None, Some(u)) if !u.trim().is_empty() => {
                let u = u.trim().to_string();
                if !whosaid_ingest::fetch::is_url(&u) {
                    return Err(ApiError::bad_request(format!(
                        "{u:?} is not an http(s) address"
                    )));
                }
                Ok(Input::Url(u))
            }
            _ => Err(ApiError::bad_request(
                "give a text to ingest, or a URL of a page or feed",
            )),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Job {
    pub id: u64,
    /// "running", "done" or "failed" (nothing could be stored).
    pub state: String,
    /// Items found so far (known in full once reading is over).
    pub items: usize,
    pub processed: usize,
    pub stored: usize,
    pub unchanged: usize,
    pub duplicates: usize,
    pub failed: usize,
    /// Ids of the stored articles, in order.
    pub articles: Vec<i64>,
    pub messages: Vec<String>,
}

#[derive(Default)]
pub struct Jobs {
    next: AtomicU64,
    map: Mutex<HashMap<u64, Job>>,
}

impl Jobs {
    pub fn get(&self, id: u64) -> Option<Job> {
        self.map.lock().ok()?.get(&id).cloned()
    }

    fn update(&self, id: u64, f: impl FnOnce(&mut Job)) {
        if let Ok(mut m) = self.map.lock() {
            if let Some(j) = m.get_mut(&id) {
                f(j);
            }
        }
    }
}

/// Starts a job; returns its id at once.
pub fn start(state: &Arc<AppState>, inputs: Vec<Input>) -> Result<u64, ApiError> {
    let Some(analyzer) = state.analyzer.clone() else {
        return Err(ApiError::new(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "this server has no extraction models loaded",
        ));
    };
    let id = state.jobs.next.fetch_add(1, Ordering::Relaxed) + 1;
    if let Ok(mut m) = state.jobs.map.lock() {
        if m.len() >= MAX_JOBS {
            // forget the oldest finished jobs
            let mut done: Vec<u64> = m
                .values()
                .filter(|j| j.state != "running")
                .map(|j| j.id)
                .collect();
            done.sort_unstable();
            for old in done.into_iter().take(MAX_JOBS / 10) {
                m.remove(&old);
            }
        }
        m.insert(
            id,
            Job {
                id,
                state: "running".into(),
                ..Job::default()
            },
        );
    }
    let st = Arc::clone(state);
    tokio::task::spawn_blocking(move || {
        let say = |msg: String| {
            st.jobs.update(id, |j| {
                if j.messages.len() < MAX_MESSAGES {
                    j.messages.push(msg);
                }
            })
        };
        let mut store = match SqliteStore::open(&st.config.db) {
            Ok(s) => s,
            Err(e) => {
                say(format!("cannot open the store: {e}"));
                st.jobs.update(id, |j| j.state = "failed".into());
                return;
            }
        };
        for input in inputs {
            let items = read(&st, input);
            st.jobs.update(id, |j| j.items += items.len());
            for item in items {
                match item {
                    Item::Article {
                        mut article,
                        meta,
                        note,
                    } => {
                        if let Some(n) = note {
                            say(format!("{}: {n}", article.id));
                        }
                        // the models read English only: another language is stored
                        // unanalysed, as by `whosaid ingest`
                        let other = language::settle(&mut article).map(str::to_owned);
                        let out = match &other {
                            Some(_) => ArticleOut::from_article(&article, &[], false, true).ok(),
                            None => analyzer.analyze(&article),
                        };
                        let Some(out) = out else {
                            say(format!("{}: could not be analysed", article.id));
                            st.jobs.update(id, |j| j.failed += 1);
                            continue;
                        };
                        let m = whosaid_store::Meta {
                            author: meta.author,
                        };
                        let put = store.put(&article, &m, &out);
                        if let (Ok(p), Some(code)) = (&put, &other) {
                            if !matches!(p, Put::Unchanged { .. }) {
                                say(format!(
                                    "{}: {}",
                                    article.id,
                                    language::not_analysed_note(code)
                                ));
                            }
                        }
                        match put {
                            Ok(p) => st.jobs.update(id, |j| {
                                match p {
                                    Put::Unchanged { .. } => j.unchanged += 1,
                                    Put::Duplicate { .. } => {
                                        j.duplicates += 1;
                                        j.stored += 1
                                    }
                                    _ => j.stored += 1,
                                }
                                j.articles.push(p.id());
                            }),
                            Err(e) => {
                                say(format!("{}: not stored: {e}", article.id));
                                st.jobs.update(id, |j| j.failed += 1);
                            }
                        }
                    }
                    Item::Error { origin, message } => {
                        say(format!("{origin}: {message}"));
                        st.jobs.update(id, |j| j.failed += 1);
                    }
                }
                st.jobs.update(id, |j| j.processed += 1);
                crate::cache::invalidate(&st);
            }
        }
        st.jobs.update(id, |j| {
            j.state = if j.failed > 0 && j.stored + j.unchanged == 0 {
                "failed".into()
            } else {
                "done".into()
            }
        });
        crate::cache::invalidate(&st);
    });
    Ok(id)
}

fn read(state: &AppState, input: Input) -> Vec<Item> {
    match input {
        Input::Text(article) => vec![Item::Article {
            article,
            meta: whosaid_ingest::Meta::default(),
            note: None,
        }],
        Input::Upload { name, bytes } => {
            let lower = name.to_lowercase();
            if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
                match std::str::from_utf8(&bytes) {
                    Ok(text) => text
                        .lines()
                        .enumerate()
                        .filter(|(_, l)| !l.trim().is_empty())
                        .map(|(n, l)| whosaid_ingest::json_line(&name, n + 1, l))
                        .collect(),
                    Err(e) => vec![Item::Error {
                        origin: name,
                        message: format!("JSON Lines must be UTF-8: {e}"),
                    }],
                }
            } else {
                whosaid_ingest::read_bytes(&name, &bytes)
            }
        }
        Input::Url(url) => match whosaid_ingest::fetch::Fetcher::new(
            state.config.fetch_timeout,
            state.config.fetch_max_bytes,
        ) {
            Ok(f) => f.items(&url),
            Err(message) => vec![Item::Error {
                origin: url,
                message,
            }],
        },
    }
}
