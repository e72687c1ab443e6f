//! The store schema, as migrations applied in order; `PRAGMA user_version` counts the
//! ones applied. Never edit a released migration: append a new one.

pub const MIGRATIONS: &[&str] = &[
    // 1: articles, attributions, entities, stories, full-text indexes, duplicate bands
    r#"
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    title TEXT,
    outlet TEXT,
    url TEXT,
    published TEXT,
    author TEXT,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    signature BLOB,
    duplicate_of INTEGER REFERENCES articles(id),
    revision_of INTEGER REFERENCES articles(id),
    ingested TEXT NOT NULL
);
CREATE INDEX articles_key ON articles(key);
CREATE INDEX articles_hash ON articles(content_hash);
CREATE TABLE attributions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    kind TEXT NOT NULL,
    parent_idx INTEGER,
    source_spans TEXT NOT NULL,
    cue_spans TEXT NOT NULL,
    content_spans TEXT NOT NULL,
    source TEXT NOT NULL,
    cue TEXT NOT NULL,
    content TEXT NOT NULL,
    speaker TEXT,
    speaker_type TEXT,
    speaker_form TEXT,
    certainty TEXT,
    chain TEXT NOT NULL,
    record TEXT NOT NULL,
    confidence REAL NOT NULL
);
CREATE INDEX attributions_article ON attributions(article_id);
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    titles TEXT NOT NULL,
    affiliations TEXT NOT NULL,
    mentions TEXT NOT NULL
);
CREATE INDEX entities_article ON entities(article_id);
CREATE TABLE stories (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE bands (
    band INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX bands_band ON bands(band);
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE claims_fts USING fts5(content, speaker, source, tokenize = 'unicode61 remove_diacritics 2');
"#,
    // 2: derived views (claim groups) cached per scope, valid while the store's marker is
    r#"
CREATE TABLE derived (
    key TEXT PRIMARY KEY,
    marker TEXT NOT NULL,
    data BLOB NOT NULL
);
"#,
];
