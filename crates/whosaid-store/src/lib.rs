//! Durable storage for whosaid: articles with all their attributions, speakers, chains
//! and certainty, stories (saved selections), full-text search.
//!
//! [`Store`] is the interface the rest of whosaid uses; [`SqliteStore`] implements it on
//! one SQLite file (bundled SQLite, WAL, FTS5). Every article is written with all its
//! records in one transaction, so a crash or a kill mid-ingest leaves only whole
//! articles. Re-putting an article with the same text is a no-op; a changed text under
//! the same key is kept as a new revision; the same text under another key is linked
//! as an exact duplicate, and a near-identical one (wire copies) as a near duplicate.
//! The schema is versioned (`PRAGMA user_version`, [`SCHEMA_VERSION`]); a newer file
//! is refused with a message, an older one migrated.
//!
//! Stored offsets are the public ones (code points), as in [`whosaid_core::schema`].

mod dup;
mod schema;

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use whosaid_core::schema::{ArticleOut, AttributionOut, EntityOut};
use whosaid_core::{Article, Claim};

pub use dup::{fingerprint, Fingerprint};

/// Version of the store schema this build reads and writes.
pub const SCHEMA_VERSION: u32 = schema::MIGRATIONS.len() as u32;

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("store {path}: {source}")]
    Sqlite {
        path: String,
        source: rusqlite::Error,
    },
    #[error("store {path} has schema version {found}, newer than this whosaid understands ({supported}); use a newer whosaid")]
    TooNew {
        path: String,
        found: u32,
        supported: u32,
    },
    #[error("store {path}: {message}")]
    Invalid { path: String, message: String },
    #[error("no story named {0:?} (see `whosaid story list`)")]
    NoStory(String),
    #[error("search query {query:?} is not valid: {message}")]
    Query { query: String, message: String },
}

pub type Result<T> = std::result::Result<T, Error>;

/// What [`Store::put`] did with an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Put {
    /// A new article.
    Inserted { id: i64 },
    /// The same text was already stored under this key: nothing written.
    Unchanged { id: i64 },
    /// The key was known with another text: stored as a new revision of `of`.
    Revised { id: i64, of: i64 },
    /// Stored, and linked to an article with the same or nearly the same text.
    Duplicate { id: i64, of: i64, exact: bool },
}

impl Put {
    pub fn id(&self) -> i64 {
        match *self {
            Put::Inserted { id }
            | Put::Unchanged { id }
            | Put::Revised { id, .. }
            | Put::Duplicate { id, .. } => id,
        }
    }
}

/// Which articles a query covers: the whole store or a story's selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Story(String),
}

/// A saved selection of articles.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Story {
    pub name: String,
    /// An FTS5 query over article titles and texts ("ceasefire OR Doha OR Witkoff").
    pub query: String,
    pub created: String,
}

/// One stored article's metadata.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ArticleRow {
    pub id: i64,
    pub key: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub author: Option<String>,
    /// ISO 639-1 code ("en", "fr"), given or detected; `None` when not known (and for
    /// articles stored before schema version 3).
    pub language: Option<String>,
    /// Set when this article repeats another's text (wire copies, re-publishers).
    pub duplicate_of: Option<i64>,
    /// Set when this is a newer text under a key stored before.
    pub revision_of: Option<i64>,
    pub ingested: String,
}

/// A full-text search hit.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    /// "article" or "claim".
    pub what: String,
    pub article: i64,
    pub article_key: String,
    pub title: Option<String>,
    pub attribution: Option<i64>,
    pub snippet: String,
}

/// Counts of what a store holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub articles: i64,
    pub duplicates: i64,
    pub attributions: i64,
    pub entities: i64,
    pub stories: i64,
}

/// One stored article in full: metadata, text, attributions and entities as
/// extracted (public form, code-point offsets).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoredArticle {
    #[serde(flatten)]
    pub row: ArticleRow,
    pub text: String,
    pub attributions: Vec<AttributionOut>,
    pub entities: Vec<EntityOut>,
}

/// Extra article metadata the extraction schema does not carry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub author: Option<String>,
}

/// The interface whosaid's commands use; SQLite today, PostgreSQL can follow.
pub trait Store {
    /// Stores an article and its extraction (in public form) in one transaction.
    fn put(&mut self, article: &Article, meta: &Meta, out: &ArticleOut) -> Result<Put>;
    fn counts(&self) -> Result<Counts>;
    fn create_story(&mut self, name: &str, query: &str) -> Result<()>;
    fn stories(&self) -> Result<Vec<Story>>;
    /// The ids of the articles in scope (revisions superseded by a newer one left out).
    fn article_ids(&self, scope: &Scope) -> Result<Vec<i64>>;
    fn articles(&self, scope: &Scope) -> Result<Vec<ArticleRow>>;
    /// The attributions of the articles in scope, in article then text order.
    fn claims(&self, scope: &Scope) -> Result<Vec<Claim>>;
    /// Full-text search over article titles and texts and over claims.
    fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>>;
    /// One article in full, or `None` when no article has this id.
    fn article(&self, id: i64) -> Result<Option<StoredArticle>>;
    /// Claims sharing words with `content`, best full-text match first (candidates
    /// for "the same claim elsewhere"; the caller decides which state the same thing).
    fn similar_claims(&self, content: &str, limit: usize) -> Result<Vec<Claim>>;
    /// A value that changes whenever articles or stories are added or changed, for
    /// caches of derived views.
    fn marker(&self) -> Result<String>;
    /// A value that changes whenever articles are added or changed (stories aside).
    fn article_marker(&self) -> Result<String>;
    /// A derived view cached under `key`, if one was stored at `marker` (a value of
    /// [`Store::marker`] or [`Store::article_marker`], as the caller chose).
    fn derived(&self, key: &str, marker: &str) -> Result<Option<Vec<u8>>>;
    /// Caches a derived view computed at `marker` (replacing any under `key`).
    fn put_derived(&mut self, key: &str, marker: &str, data: &[u8]) -> Result<()>;
}

/// The SQLite store.
pub struct SqliteStore {
    conn: Connection,
    path: String,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish()
    }
}

fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // seconds since the epoch as an ISO-8601 UTC timestamp (civil-from-days)
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

impl SqliteStore {
    /// Opens (creating if needed) the store at `path`, migrating an older schema.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let p = path.display().to_string();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::Invalid {
                path: p.clone(),
                message: format!("cannot create {}: {e}", dir.display()),
            })?;
        }
        let conn = Connection::open(path).map_err(|source| Error::Sqlite {
            path: p.clone(),
            source,
        })?;
        SqliteStore::init(conn, p)
    }

    /// A store in memory (tests).
    pub fn open_in_memory() -> Result<SqliteStore> {
        let conn = Connection::open_in_memory().map_err(|source| Error::Sqlite {
            path: ":memory:".into(),
            source,
        })?;
        SqliteStore::init(conn, ":memory:".into())
    }

    fn init(mut conn: Connection, path: String) -> Result<SqliteStore> {
        let sql = |source| Error::Sqlite {
            path: path.clone(),
            source,
        };
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(sql)?;
        // journal_mode answers with a row
        let _mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(sql)?;
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
            .map_err(sql)?;
        let current: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(sql)?;
        if current == SCHEMA_VERSION {
            // up to date: no lock needed (read-only stores open for reading)
            return Ok(SqliteStore { conn, path });
        }
        // the version is read again and the migrations applied under one write lock, so
        // two processes opening a new store at once do not both create it
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| SqliteStore::open_error(&path, e))?;
        let found: u32 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(sql)?;
        if found > SCHEMA_VERSION {
            return Err(Error::TooNew {
                path,
                found,
                supported: SCHEMA_VERSION,
            });
        }
        if found == 0 {
            // a file that is not empty but has no version is not ours
            let tables: i64 = tx
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .map_err(sql)?;
            if tables > 0 {
                return Err(Error::Invalid {
                    path,
                    message: "not a whosaid store (it has tables but no whosaid schema version)"
                        .into(),
                });
            }
        }
        for (v, m) in schema::MIGRATIONS.iter().enumerate().skip(found as usize) {
            tx.execute_batch(m).map_err(sql)?;
            tx.pragma_update(None, "user_version", (v + 1) as u32)
                .map_err(sql)?;
        }
        tx.commit().map_err(sql)?;
        Ok(SqliteStore { conn, path })
    }

    /// Fails with a clear message when the store cannot be written (a read-only file
    /// or file system), before any work is done.
    pub fn check_writable(&mut self) -> Result<()> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| SqliteStore::open_error(&path, e))?;
        // a read-only file system may only show on the first write
        tx.execute_batch("CREATE TEMP TABLE IF NOT EXISTS whosaid_probe (x); INSERT INTO stories (name, query, created) SELECT '\u{1}probe', '', '' WHERE 0")
            .map_err(|e| SqliteStore::open_error(&path, e))?;
        tx.rollback()
            .map_err(|e| SqliteStore::open_error(&path, e))?;
        Ok(())
    }

    /// Runs raw SQL (for tests and maintenance).
    #[doc(hidden)]
    pub fn raw(&self, sql: &str) -> Result<()> {
        self.conn.execute_batch(sql).map_err(self.err())
    }

    /// Opens an SQLite file without checking or creating the schema (tests).
    #[doc(hidden)]
    pub fn open_unchecked(path: &Path) -> Result<SqliteStore> {
        let p = path.display().to_string();
        let conn = Connection::open(path).map_err(|source| Error::Sqlite {
            path: p.clone(),
            source,
        })?;
        Ok(SqliteStore { conn, path: p })
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        |source| Error::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    fn story_query(&self, name: &str) -> Result<String> {
        self.conn
            .query_row("SELECT query FROM stories WHERE name = ?1", [name], |r| {
                r.get::<_, String>(0)
            })
            .optional()
            .map_err(self.err())?
            .ok_or_else(|| Error::NoStory(name.to_string()))
    }

    /// Taking the write lock at opening fails on a read-only file or file system:
    /// say so plainly.
    fn open_error(path: &str, e: rusqlite::Error) -> Error {
        let readonly = matches!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::ReadOnly) | Some(rusqlite::ErrorCode::CannotOpen)
        ) || e.to_string().contains("readonly");
        if readonly {
            Error::Invalid {
                path: path.to_string(),
                message: format!("the store is read-only (or its directory is): {e}"),
            }
        } else {
            Error::Sqlite {
                path: path.to_string(),
                source: e,
            }
        }
    }

    /// The rows of a query over the articles of a scope (alias `a`): `sql` gets the
    /// condition that selects them (the newest revision of each key; for a story,
    /// matching its full-text query).
    fn scoped<T>(
        &self,
        scope: &Scope,
        sql: impl Fn(&str) -> String,
        map: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let latest = "a.id = (SELECT max(b.id) FROM articles b WHERE b.key = a.key)";
        let (q, arg) = match scope {
            Scope::All => (sql(latest), None),
            Scope::Story(name) => (
                sql(&format!(
                    "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1) AND {latest}"
                )),
                Some(self.story_query(name)?),
            ),
        };
        let mut st = self.conn.prepare(&q).map_err(self.err())?;
        let rows: std::result::Result<Vec<T>, _> = match &arg {
            Some(a) => st.query_map([a], map).and_then(|r| r.collect()),
            None => st.query_map([], map).and_then(|r| r.collect()),
        };
        rows.map_err(|e| match &arg {
            Some(a) => SqliteStore::query_error(a, e),
            None => Error::Sqlite {
                path: self.path.clone(),
                source: e,
            },
        })
    }

    fn query_error(query: &str, e: rusqlite::Error) -> Error {
        Error::Query {
            query: query.to_string(),
            message: e.to_string(),
        }
    }
}

/// The columns [`article_row`] reads, in its order.
const ARTICLE_COLUMNS: &str =
    "id, key, title, outlet, url, published, author, language, duplicate_of, revision_of, ingested";

/// An [`ArticleRow`] from columns 0–10 ([`ARTICLE_COLUMNS`]).
fn article_row(r: &rusqlite::Row) -> rusqlite::Result<ArticleRow> {
    Ok(ArticleRow {
        id: r.get(0)?,
        key: r.get(1)?,
        title: r.get(2)?,
        outlet: r.get(3)?,
        url: r.get(4)?,
        published: r.get(5)?,
        author: r.get(6)?,
        language: r.get(7)?,
        duplicate_of: r.get(8)?,
        revision_of: r.get(9)?,
        ingested: r.get(10)?,
    })
}

const CLAIM_COLUMNS: &str =
    "t.id, a.id, a.key, a.outlet, a.published, a.duplicate_of, t.idx, t.kind, t.parent_idx,
     t.source, t.cue, t.content, t.speaker, t.speaker_type, t.certainty, t.chain, t.confidence";

fn claim_row(r: &rusqlite::Row) -> rusqlite::Result<Claim> {
    let chain: String = r.get(15)?;
    Ok(Claim {
        attribution: r.get(0)?,
        article: r.get(1)?,
        article_key: r.get(2)?,
        outlet: r.get(3)?,
        published: r.get(4)?,
        duplicate_of: r.get(5)?,
        index: r.get(6)?,
        kind: r.get(7)?,
        parent: r.get(8)?,
        source: r.get(9)?,
        cue: r.get(10)?,
        content: r.get(11)?,
        speaker: r.get(12)?,
        speaker_type: r.get(13)?,
        certainty: r.get(14)?,
        chain: serde_json::from_str(&chain).unwrap_or_default(),
        confidence: r.get(16)?,
    })
}

/// Words too common to find a claim by.
const STOPWORDS: &[&str] = &[
    "the", "and", "that", "this", "with", "for", "from", "was", "were", "are", "has", "have",
    "had", "not", "but", "his", "her", "its", "they", "their", "them", "she", "who", "which",
    "will", "would", "there", "been", "said", "says", "about", "into", "than", "then", "also",
    "our", "out", "all", "any", "can", "could", "what", "when", "more", "one", "some", "such",
];

/// An FTS5 query matching any of the words of `text` (each quoted, so no word is
/// read as an operator); `None` when there is no word.
fn any_word_query(text: &str) -> Option<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() > 2 && !STOPWORDS.contains(&w.as_str()))
        .map(|w| format!("\"{w}\""))
        .collect();
    words.sort();
    words.dedup();
    words.truncate(64);
    (!words.is_empty()).then(|| words.join(" OR "))
}

fn spans_json(v: &[[usize; 2]]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

fn texts(a: &AttributionOut) -> (String, String, String) {
    match &a.text {
        Some(t) => (t.source.clone(), t.cue.clone(), t.content.clone()),
        None => (String::new(), String::new(), String::new()),
    }
}

impl Store for SqliteStore {
    fn put(&mut self, article: &Article, meta: &Meta, out: &ArticleOut) -> Result<Put> {
        let path = self.path.clone();
        let sql = |source| Error::Sqlite {
            path: path.clone(),
            source,
        };
        let fp = fingerprint(&article.text);
        // immediate: take the write lock first, so a concurrent writer makes this wait
        // (busy timeout) instead of failing when a read would turn into a write
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sql)?;
        // same key, same text: nothing to do
        let latest: Option<(i64, String)> = tx
            .query_row(
                "SELECT id, content_hash FROM articles WHERE key = ?1 ORDER BY id DESC LIMIT 1",
                [&article.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(sql)?;
        if let Some((id, h)) = &latest {
            if *h == fp.hash {
                return Ok(Put::Unchanged { id: *id });
            }
        }
        // another key with the same text: an exact duplicate
        let exact: Option<i64> = tx
            .query_row(
                "SELECT coalesce(duplicate_of, id) FROM articles WHERE content_hash = ?1 ORDER BY id LIMIT 1",
                [&fp.hash],
                |r| r.get(0),
            )
            .optional()
            .map_err(sql)?;
        let near = match exact {
            Some(_) => None,
            None => dup::find_near(&tx, &fp).map_err(sql)?,
        };
        // a new revision of a known key is not a duplicate of its older self
        let duplicate_of = if latest.is_some() {
            None
        } else {
            exact.or(near)
        };
        tx.execute(
            "INSERT INTO articles (key, title, outlet, url, published, author, text, content_hash, duplicate_of, revision_of, ingested, language)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                article.id,
                article.title,
                article.outlet,
                article.url,
                article.published,
                meta.author,
                article.text,
                fp.hash,
                duplicate_of,
                latest.as_ref().map(|l| l.0),
                now(),
                article.language,
            ],
        )
        .map_err(sql)?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO articles_fts (rowid, title, text) VALUES (?1, ?2, ?3)",
            params![id, article.title.as_deref().unwrap_or(""), article.text],
        )
        .map_err(sql)?;
        dup::insert_bands(&tx, id, &fp).map_err(sql)?;
        {
            let mut ins = tx
                .prepare(
                    "INSERT INTO attributions (article_id, idx, kind, parent_idx, source_spans, cue_spans, content_spans,
                       source, cue, content, speaker, speaker_type, speaker_form, certainty, chain, record, confidence)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                )
                .map_err(sql)?;
            let mut fts = tx
                .prepare("INSERT INTO claims_fts (rowid, content, speaker, source) VALUES (?1, ?2, ?3, ?4)")
                .map_err(sql)?;
            for a in &out.attributions {
                let (source, cue, content) = texts(a);
                let chain: Vec<&str> = a.chain.iter().flatten().map(|l| l.name.as_str()).collect();
                let speaker = a.speaker.as_ref();
                ins.execute(params![
                    id,
                    a.id as i64,
                    a.kind.as_str(),
                    a.parent.map(|p| p as i64),
                    spans_json(&a.source),
                    spans_json(&a.cue),
                    spans_json(&a.content),
                    source,
                    cue,
                    content,
                    speaker.map(|s| s.name.clone()),
                    speaker.map(|s| s.kind.as_str()),
                    speaker.map(|s| s.form.as_str()),
                    a.certainty.as_ref().map(|c| c.label.as_str()),
                    serde_json::to_string(&chain).unwrap_or_else(|_| "[]".into()),
                    serde_json::to_string(a).unwrap_or_else(|_| "{}".into()),
                    f64::from(a.confidence),
                ])
                .map_err(sql)?;
                let aid = tx.last_insert_rowid();
                fts.execute(params![
                    aid,
                    content,
                    speaker.map(|s| s.name.as_str()).unwrap_or(""),
                    source
                ])
                .map_err(sql)?;
            }
            let mut ent = tx
                .prepare(
                    "INSERT INTO entities (article_id, idx, name, kind, titles, affiliations, mentions)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .map_err(sql)?;
            for e in out.entities.iter().flatten() {
                ent.execute(params![
                    id,
                    e.id as i64,
                    e.name,
                    e.kind.as_str(),
                    serde_json::to_string(&e.titles).unwrap_or_else(|_| "[]".into()),
                    serde_json::to_string(&e.affiliations).unwrap_or_else(|_| "[]".into()),
                    spans_json(&e.mentions),
                ])
                .map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)?;
        Ok(match (latest, duplicate_of) {
            (Some((of, _)), _) => Put::Revised { id, of },
            (None, Some(of)) => Put::Duplicate {
                id,
                of,
                exact: exact.is_some(),
            },
            (None, None) => Put::Inserted { id },
        })
    }

    fn counts(&self) -> Result<Counts> {
        let one = |q: &str| -> Result<i64> {
            self.conn.query_row(q, [], |r| r.get(0)).map_err(self.err())
        };
        Ok(Counts {
            articles: one("SELECT count(*) FROM articles")?,
            duplicates: one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")?,
            attributions: one("SELECT count(*) FROM attributions")?,
            entities: one("SELECT count(*) FROM entities")?,
            stories: one("SELECT count(*) FROM stories")?,
        })
    }

    fn create_story(&mut self, name: &str, query: &str) -> Result<()> {
        // check the query before saving it
        self.conn
            .prepare("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1 LIMIT 1")
            .and_then(|mut s| s.exists([query]))
            .map_err(|e| SqliteStore::query_error(query, e))?;
        self.conn
            .execute(
                "INSERT INTO stories (name, query, created) VALUES (?1, ?2, ?3)
                 ON CONFLICT(name) DO UPDATE SET query = excluded.query",
                params![name, query, now()],
            )
            .map_err(self.err())?;
        Ok(())
    }

    fn stories(&self) -> Result<Vec<Story>> {
        let mut st = self
            .conn
            .prepare("SELECT name, query, created FROM stories ORDER BY name")
            .map_err(self.err())?;
        let rows = st
            .query_map([], |r| {
                Ok(Story {
                    name: r.get(0)?,
                    query: r.get(1)?,
                    created: r.get(2)?,
                })
            })
            .map_err(self.err())?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(self.err())
    }

    fn article_ids(&self, scope: &Scope) -> Result<Vec<i64>> {
        self.scoped(
            scope,
            |cond| format!("SELECT a.id FROM articles a WHERE {cond} ORDER BY a.id"),
            |r| r.get::<_, i64>(0),
        )
    }

    fn articles(&self, scope: &Scope) -> Result<Vec<ArticleRow>> {
        let ids = self.article_ids(scope)?;
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1"
            ))
            .map_err(self.err())?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(st.query_row([id], article_row).map_err(self.err())?);
        }
        Ok(out)
    }

    fn claims(&self, scope: &Scope) -> Result<Vec<Claim>> {
        // one query, in article then text order
        self.scoped(
            scope,
            |cond| {
                format!(
                    "SELECT {CLAIM_COLUMNS} FROM attributions t JOIN articles a ON a.id = t.article_id
                     WHERE {cond} ORDER BY a.id, t.idx"
                )
            },
            claim_row,
        )
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>> {
        let limit = limit.min(10_000) as i64;
        let mut hits = Vec::new();
        let qe = |e| SqliteStore::query_error(query, e);
        {
            let mut st = self
                .conn
                .prepare(
                    "SELECT a.id, a.key, a.title, snippet(articles_fts, 1, '[', ']', '…', 12)
                     FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
                     WHERE articles_fts MATCH ?1 ORDER BY bm25(articles_fts) LIMIT ?2",
                )
                .map_err(self.err())?;
            let rows = st
                .query_map(params![query, limit], |r| {
                    Ok(Hit {
                        what: "article".into(),
                        article: r.get(0)?,
                        article_key: r.get(1)?,
                        title: r.get(2)?,
                        attribution: None,
                        snippet: r.get(3)?,
                    })
                })
                .map_err(qe)?;
            for r in rows {
                hits.push(r.map_err(qe)?);
            }
        }
        {
            let mut st = self
                .conn
                .prepare(
                    "SELECT a.id, a.key, a.title, t.id, snippet(claims_fts, 0, '[', ']', '…', 16)
                     FROM claims_fts JOIN attributions t ON t.id = claims_fts.rowid
                     JOIN articles a ON a.id = t.article_id
                     WHERE claims_fts MATCH ?1 ORDER BY bm25(claims_fts) LIMIT ?2",
                )
                .map_err(self.err())?;
            let rows = st
                .query_map(params![query, limit], |r| {
                    Ok(Hit {
                        what: "claim".into(),
                        article: r.get(0)?,
                        article_key: r.get(1)?,
                        title: r.get(2)?,
                        attribution: r.get(3)?,
                        snippet: r.get(4)?,
                    })
                })
                .map_err(qe)?;
            for r in rows {
                hits.push(r.map_err(qe)?);
            }
        }
        Ok(hits)
    }

    fn article(&self, id: i64) -> Result<Option<StoredArticle>> {
        let found = self
            .conn
            .query_row(
                &format!("SELECT {ARTICLE_COLUMNS}, text FROM articles WHERE id = ?1"),
                [id],
                |r| Ok((article_row(r)?, r.get::<_, String>(11)?)),
            )
            .optional()
            .map_err(self.err())?;
        let Some((row, text)) = found else {
            return Ok(None);
        };
        let invalid = |what: &str, e: serde_json::Error| Error::Invalid {
            path: self.path.clone(),
            message: format!("article {id}: unreadable {what}: {e}"),
        };
        let mut attributions = Vec::new();
        let mut st = self
            .conn
            .prepare("SELECT record FROM attributions WHERE article_id = ?1 ORDER BY idx")
            .map_err(self.err())?;
        for rec in st
            .query_map([id], |r| r.get::<_, String>(0))
            .map_err(self.err())?
        {
            let rec = rec.map_err(self.err())?;
            attributions.push(serde_json::from_str(&rec).map_err(|e| invalid("attribution", e))?);
        }
        let mut entities = Vec::new();
        let mut st = self
            .conn
            .prepare(
                "SELECT idx, name, kind, titles, affiliations, mentions FROM entities
                 WHERE article_id = ?1 ORDER BY idx",
            )
            .map_err(self.err())?;
        let rows = st
            .query_map([id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })
            .map_err(self.err())?;
        for row in rows {
            let (idx, name, kind, titles, affiliations, mentions) = row.map_err(self.err())?;
            entities.push(EntityOut {
                id: usize::try_from(idx).unwrap_or(0),
                name,
                kind: serde_json::from_value(serde_json::Value::String(kind))
                    .map_err(|e| invalid("entity kind", e))?,
                titles: serde_json::from_str(&titles).map_err(|e| invalid("titles", e))?,
                affiliations: serde_json::from_str(&affiliations)
                    .map_err(|e| invalid("affiliations", e))?,
                mentions: serde_json::from_str(&mentions).map_err(|e| invalid("mentions", e))?,
            });
        }
        Ok(Some(StoredArticle {
            row,
            text,
            attributions,
            entities,
        }))
    }

    fn similar_claims(&self, content: &str, limit: usize) -> Result<Vec<Claim>> {
        let Some(q) = any_word_query(content) else {
            return Ok(Vec::new());
        };
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {CLAIM_COLUMNS} FROM claims_fts JOIN attributions t ON t.id = claims_fts.rowid
                 JOIN articles a ON a.id = t.article_id
                 WHERE claims_fts MATCH ?1 ORDER BY bm25(claims_fts) LIMIT ?2"
            ))
            .map_err(self.err())?;
        let qe = |e| SqliteStore::query_error(&q, e);
        let rows = st
            .query_map(params![q, limit.min(10_000) as i64], claim_row)
            .map_err(qe)?;
        rows.collect::<std::result::Result<_, _>>().map_err(qe)
    }

    fn marker(&self) -> Result<String> {
        self.conn
            .query_row(
                "SELECT (SELECT coalesce(max(id), 0) FROM articles) || '/' ||
                        (SELECT count(*) FROM articles) || '/' ||
                        (SELECT coalesce(group_concat(name || '=' || query, '|'), '') FROM stories)",
                [],
                |r| r.get::<_, String>(0),
            )
            .map_err(self.err())
    }

    fn article_marker(&self) -> Result<String> {
        self.conn
            .query_row(
                "SELECT (SELECT coalesce(max(id), 0) FROM articles) || '/' ||
                        (SELECT count(*) FROM articles)",
                [],
                |r| r.get::<_, String>(0),
            )
            .map_err(self.err())
    }

    fn derived(&self, key: &str, marker: &str) -> Result<Option<Vec<u8>>> {
        self.conn
            .query_row(
                "SELECT data FROM derived WHERE key = ?1 AND marker = ?2",
                params![key, marker],
                |r| r.get::<_, Vec<u8>>(0),
            )
            .optional()
            .map_err(self.err())
    }

    fn put_derived(&mut self, key: &str, marker: &str, data: &[u8]) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO derived (key, marker, data) VALUES (?1, ?2, ?3)
                 ON CONFLICT(key) DO UPDATE SET marker = excluded.marker, data = excluded.data",
                params![key, marker, data],
            )
            .map(|_| ())
            .map_err(self.err())
    }
}
