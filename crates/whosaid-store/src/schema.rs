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
    // 3: each article's language (ISO 639-1; NULL where not known, as for every article
    // stored before)
    r#"
ALTER TABLE articles ADD COLUMN language TEXT;
"#,
];

#[cfg(test)]
mod tests {
    use rusqlite::Connection;
    use whosaid_core::schema::ArticleOut;
    use whosaid_core::Article;

    use super::MIGRATIONS;
    use crate::{Meta, Scope, SqliteStore, Store, SCHEMA_VERSION};

    #[test]
    fn a_version_2_store_gains_the_language_column() {
        assert_eq!(SCHEMA_VERSION, 3);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("v2.db");
        {
            // a store as schema version 2 left it, with one article
            let conn = Connection::open(&path).expect("open");
            for m in &MIGRATIONS[..2] {
                conn.execute_batch(m).expect("migrate");
            }
            conn.execute_batch(
                "INSERT INTO articles (key, title, text, content_hash, ingested)
                 VALUES ('old', 'Old', 'Officials said the talks would resume.', 'h', '2025-01-01T00:00:00Z');
                 INSERT INTO articles_fts (rowid, title, text)
                 VALUES (1, 'Old', 'Officials said the talks would resume.');
                 PRAGMA user_version = 2;",
            )
            .expect("v2 store");
        }
        let mut s = SqliteStore::open(&path).expect("migrates");
        let version: u32 = s
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(version, 3);
        // the old row reads back, its language unknown
        let rows = s.articles(&Scope::All).expect("rows");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].key, "old");
        assert_eq!(rows[0].language, None);
        let old = s.article(rows[0].id).expect("read").expect("found");
        assert_eq!(old.row.language, None);
        assert_eq!(old.text, "Officials said the talks would resume.");
        // new articles keep theirs
        let mut a = Article::new(
            "new",
            "Le ministre a déclaré que les discussions reprendront.",
        );
        a.language = Some("fr".into());
        let out = ArticleOut::from_article(&a, &[], false, true).expect("converts");
        let id = s.put(&a, &Meta::default(), &out).expect("put").id();
        drop(s);
        let s = SqliteStore::open(&path).expect("reopens");
        let new = s.article(id).expect("read").expect("found");
        assert_eq!(new.row.language.as_deref(), Some("fr"));
        assert!(new.attributions.is_empty());
        let langs: Vec<Option<String>> = s
            .articles(&Scope::All)
            .expect("rows")
            .into_iter()
            .map(|r| r.language)
            .collect();
        assert_eq!(langs, [None, Some("fr".to_string())]);
    }
}
