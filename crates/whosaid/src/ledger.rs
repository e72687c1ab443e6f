//! The story ledger commands: `ingest` into the store, then `story`, `claims`,
//! `conflicts`, `sources`, `timeline`, `search`, `export` over it.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use rayon::prelude::*;
use whosaid_claims::view::StoryView;
use whosaid_core::schema::ArticleOut;
use whosaid_core::{Claim, ClaimGroup};
use whosaid_ingest::{language, Item};
use whosaid_store::{Put, Scope, SqliteStore, Store};

use crate::cli::{
    DbArgs, Format, IngestArgs, QueryArgs, ResolveArgs, SearchArgs, StoryArgs, StoryCommand,
};
use crate::extract::{analyze_one, load_extractor, load_resolver, pool};

/// The store path: `--db`, `$WHOSAID_DB`, or the per-user default.
pub fn db_path(args: &DbArgs) -> PathBuf {
    if let Some(p) = &args.db {
        return p.clone();
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("whosaid").join("whosaid.db")
}

fn open(args: &DbArgs) -> Result<SqliteStore> {
    let p = db_path(args);
    SqliteStore::open(&p).with_context(|| format!("opening the store {}", p.display()))
}

fn scope(story: &Option<String>) -> Scope {
    match story {
        Some(s) => Scope::Story(s.clone()),
        None => Scope::All,
    }
}

fn clip(s: &str, n: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= n {
        one
    } else {
        let mut t: String = one.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn write_csv(out: &mut impl Write, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header)?;
    for r in rows {
        w.write_record(r)?;
    }
    out.write_all(
        &w.into_inner()
            .map_err(|e| anyhow::anyhow!("writing CSV: {e}"))?,
    )?;
    Ok(())
}

fn write_json<T: serde::Serialize>(
    out: &mut impl Write,
    format: Format,
    items: &[T],
) -> Result<()> {
    match format {
        Format::Jsonl => {
            for i in items {
                serde_json::to_writer(&mut *out, i)?;
                out.write_all(b"\n")?;
            }
        }
        _ => {
            serde_json::to_writer_pretty(&mut *out, items)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// What an ingest did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub new: usize,
    pub same: usize,
    pub revised: usize,
    pub dups: usize,
    pub failed: usize,
    /// Of those stored, articles not in English: stored without analysis.
    pub not_english: usize,
}

impl Tally {
    pub fn stored(&self) -> usize {
        self.new + self.revised + self.dups
    }
}

/// Items analysed per batch: the pool analyses one batch while the caller's thread
/// stores the previous one.
const BATCH: usize = 64;

/// Analyses `items` on `pool` and stores them in `store`, one transaction per article,
/// analysis and storage overlapping; `say` gets one line per problem, `tick` is called
/// once per item. An article's language is detected when not given; one that is not
/// English is stored without analysis (no attributions, so no claims), with a line.
pub fn ingest_items(
    items: impl Iterator<Item = Item>,
    ex: &whosaid_extract::Extractor,
    resolver: Option<&whosaid_resolve::Resolver>,
    store: &mut SqliteStore,
    pool: &rayon::ThreadPool,
    say: &(dyn Fn(String) + Sync),
    tick: &(dyn Fn() + Sync),
) -> Tally {
    type Done = (Item, Option<ArticleOut>);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Done>>(1);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || {
            let mut t = Tally::default();
            for done in rx {
                for (item, out) in done {
                    store_one(store, item, out, &mut t, say);
                    tick();
                }
            }
            t
        });
        let mut items = items;
        loop {
            let batch: Vec<Item> = items.by_ref().take(BATCH).collect();
            if batch.is_empty() {
                break;
            }
            let done: Vec<Done> = pool.install(|| {
                batch
                    .into_par_iter()
                    .map(|mut item| {
                        let out = match &mut item {
                            Item::Article { article, .. } => {
                                let (attrs, res) = if language::settle(article).is_some() {
                                    // the models read English only: stored unanalysed
                                    (Vec::new(), None)
                                } else {
                                    analyze_one(ex, resolver, article, false)
                                };
                                ArticleOut::from_resolved(
                                    article,
                                    &attrs,
                                    res.as_ref(),
                                    false,
                                    true,
                                )
                                .ok()
                            }
                            Item::Error { .. } => None,
                        };
                        (item, out)
                    })
                    .collect()
            });
            if tx.send(done).is_err() {
                break;
            }
        }
        drop(tx);
        writer.join().unwrap_or_else(|_| {
            say("whosaid: the store writer stopped unexpectedly".into());
            Tally {
                failed: 1,
                ..Tally::default()
            }
        })
    })
}

fn store_one(
    store: &mut SqliteStore,
    item: Item,
    out: Option<ArticleOut>,
    t: &mut Tally,
    say: &(dyn Fn(String) + Sync),
) {
    match (item, out) {
        (
            Item::Article {
                article,
                meta,
                note,
            },
            Some(out),
        ) => {
            if let Some(n) = note {
                say(format!("whosaid: {}: {n}", article.id));
            }
            let m = whosaid_store::Meta {
                author: meta.author,
            };
            let put = store.put(&article, &m, &out);
            if let (Ok(p), Some(code)) = (&put, language::not_english(&article)) {
                if !matches!(p, Put::Unchanged { .. }) {
                    t.not_english += 1;
                    say(format!(
                        "whosaid: {}: {}",
                        article.id,
                        language::not_analysed_note(code)
                    ));
                }
            }
            match put {
                Ok(Put::Inserted { .. }) => t.new += 1,
                Ok(Put::Unchanged { .. }) => t.same += 1,
                Ok(Put::Revised { .. }) => t.revised += 1,
                Ok(Put::Duplicate { .. }) => t.dups += 1,
                Err(e) => {
                    t.failed += 1;
                    say(format!("whosaid: {}: not stored: {e}", article.id));
                }
            }
        }
        (Item::Article { article, .. }, None) => {
            t.failed += 1;
            say(format!(
                "whosaid: {}: offsets could not be converted",
                article.id
            ));
        }
        (Item::Error { origin, message }, _) => {
            t.failed += 1;
            say(format!("whosaid: {origin}: {message}"));
        }
    }
}

pub fn ingest(args: IngestArgs) -> Result<ExitCode> {
    let ex = load_extractor(&args.model)?;
    let resolver = load_resolver(&ResolveArgs {
        no_resolve: false,
        gazetteer: args.gazetteer.clone(),
    })?;
    let mut store = open(&args.db)?;
    store.check_writable()?;
    let pool = pool(args.threads)?;
    let progress = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let pb = indicatif::ProgressBar::new_spinner();
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {pos} items, {per_sec} [{elapsed_precise}] {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        pb
    });
    let say = |line: String| match &progress {
        Some(pb) => pb.println(line),
        None => eprintln!("{line}"),
    };
    let tick = || {
        if let Some(pb) = &progress {
            pb.inc(1);
        }
    };
    let fetcher = whosaid_ingest::fetch::Fetcher::new(
        std::time::Duration::from_secs(args.timeout.max(1)),
        args.max_bytes,
    )
    .map_err(|e| anyhow::anyhow!(e))?;
    let items = whosaid_ingest::items(args.paths.clone(), Some(fetcher));
    let t = ingest_items(
        items,
        &ex,
        resolver.as_ref(),
        &mut store,
        &pool,
        &say,
        &tick,
    );
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    let stored = t.stored();
    if stored > 0 {
        // claim groups of the store and of every story, computed now and cached, so the
        // next `claims` answers at once
        let started = std::time::Instant::now();
        let mut scopes: Vec<Option<String>> = vec![None];
        scopes.extend(store.stories()?.into_iter().map(|s| Some(s.name)));
        for s in &scopes {
            group_rows(&mut store, s)?;
        }
        tracing::info!(
            "claim groups of {} scope(s) refreshed in {:.2?}",
            scopes.len(),
            started.elapsed()
        );
    }
    let not_english = if t.not_english > 0 {
        format!("; {} stored without analysis (not English)", t.not_english)
    } else {
        String::new()
    };
    eprintln!(
        "whosaid: {stored} article(s) stored in {} ({} new, {} revision(s), {} duplicate(s)); {} unchanged; {} failed{not_english}",
        db_path(&args.db).display(),
        t.new,
        t.revised,
        t.dups,
        t.same,
        t.failed
    );
    Ok(if t.failed > 0 && stored + t.same == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn story(args: StoryArgs) -> Result<ExitCode> {
    let mut store = open(&args.db)?;
    match args.command {
        StoryCommand::Create { name, query } => {
            store.create_story(&name, &query)?;
            group_rows(&mut store, &Some(name.clone()))?;
            let n = store.article_ids(&Scope::Story(name.clone()))?.len();
            eprintln!("whosaid: story {name:?} saved: {n} article(s) match now");
        }
        StoryCommand::List { format } => {
            let stories = store.stories()?;
            let mut out = std::io::stdout().lock();
            match format {
                Format::Table => {
                    for s in &stories {
                        let n = store.article_ids(&Scope::Story(s.name.clone()))?.len();
                        writeln!(out, "{:20} {:>6} article(s)  {}", s.name, n, s.query)?;
                    }
                }
                Format::Csv => write_csv(
                    &mut out,
                    &["name", "query", "created"],
                    &stories
                        .iter()
                        .map(|s| vec![s.name.clone(), s.query.clone(), s.created.clone()])
                        .collect::<Vec<_>>(),
                )?,
                f => write_json(&mut out, f, &stories)?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The story view of a scope, with stance labels from the built-in model when there is one.
pub fn story_view(store: &SqliteStore, story: &Option<String>) -> Result<StoryView> {
    let claims = store.claims(&scope(story))?;
    let model = crate::stance::builtin().ok();
    let stance = model
        .as_ref()
        .map(|m| move |a: &str, b: &str| m.predict(a, b).as_str());
    Ok(match &stance {
        Some(f) => StoryView::build(claims, Some(f)),
        None => StoryView::build(claims, None),
    })
}

#[derive(serde::Serialize)]
struct GroupOut<'a> {
    group: &'a ClaimGroup,
    content: &'a str,
    claims: Vec<&'a Claim>,
}

fn shown(limit: usize, n: usize) -> usize {
    if limit == 0 {
        n
    } else {
        limit.min(n)
    }
}

/// A claim group as `claims` prints it in a table or CSV; cached in the store.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct GroupRow {
    id: usize,
    independent_origins: usize,
    claims: usize,
    first_seen: Option<String>,
    speakers: Vec<String>,
    outlets: Vec<String>,
    content: String,
}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct GroupRows {
    pub claims: usize,
    groups: Vec<GroupRow>,
}

/// The claim groups of a scope in summary, from the store's cache of derived views
/// when it was computed at the store's current state, else computed (and cached when
/// the store is writable).
pub fn group_rows(store: &mut SqliteStore, story: &Option<String>) -> Result<GroupRows> {
    // the cache is valid while the articles are the same and, for a story, its query
    let query = match story {
        Some(name) => Some(
            store
                .stories()?
                .into_iter()
                .find(|s| &s.name == name)
                .map(|s| s.query)
                .ok_or_else(|| whosaid_store::Error::NoStory(name.clone()))?,
        ),
        None => None,
    };
    let key = format!(
        "claims/v2/{}/{}",
        match (story, &query) {
            (Some(s), Some(q)) => format!("story:{s}:{q}"),
            _ => "all".into(),
        },
        whosaid_claims::SAME_THRESHOLD
    );
    let marker = store.article_marker()?;
    if let Some(data) = store.derived(&key, &marker)? {
        if let Ok(rows) = serde_json::from_slice::<GroupRows>(&data) {
            return Ok(rows);
        }
    }
    let claims = store.claims(&scope(story))?;
    let groups = whosaid_claims::group(&claims, whosaid_claims::SAME_THRESHOLD);
    let rows = GroupRows {
        claims: claims.len(),
        groups: groups
            .iter()
            .map(|g| GroupRow {
                id: g.id,
                independent_origins: g.independent_origins,
                claims: g.claims.len(),
                first_seen: g.first_seen.clone(),
                speakers: g.speakers.clone(),
                outlets: g.outlets.clone(),
                content: claims[g.representative].content.clone(),
            })
            .collect(),
    };
    if let Ok(data) = serde_json::to_vec(&rows) {
        // a read-only store still answers, it just computes every time
        if let Err(e) = store.put_derived(&key, &marker, &data) {
            tracing::debug!("claim groups not cached: {e}");
        }
    }
    Ok(rows)
}

pub fn claims(args: QueryArgs) -> Result<ExitCode> {
    let mut store = open(&args.db)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Table => {
            let rows = group_rows(&mut store, &args.story)?;
            let shown = shown(args.limit, rows.groups.len());
            writeln!(
                out,
                "{} claim(s) in {} group(s)",
                rows.claims,
                rows.groups.len()
            )?;
            for g in &rows.groups[..shown] {
                writeln!(
                    out,
                    "#{:<4} {} origin(s), {} claim(s), first seen {}: “{}”",
                    g.id,
                    g.independent_origins,
                    g.claims,
                    g.first_seen.as_deref().unwrap_or("?"),
                    clip(&g.content, 110)
                )?;
                writeln!(
                    out,
                    "       speakers: {}; outlets: {}",
                    clip(&g.speakers.join(", "), 80),
                    clip(&g.outlets.join(", "), 60)
                )?;
            }
        }
        Format::Csv => {
            let rows = group_rows(&mut store, &args.story)?;
            let records: Vec<Vec<String>> = rows
                .groups
                .iter()
                .map(|g| {
                    vec![
                        g.id.to_string(),
                        g.independent_origins.to_string(),
                        g.claims.to_string(),
                        g.first_seen.clone().unwrap_or_default(),
                        g.speakers.join("; "),
                        g.outlets.join("; "),
                        g.content.clone(),
                    ]
                })
                .collect();
            write_csv(
                &mut out,
                &[
                    "group",
                    "independent_origins",
                    "claims",
                    "first_seen",
                    "speakers",
                    "outlets",
                    "content",
                ],
                &records,
            )?;
        }
        f => {
            // every member claim in full: read and grouped afresh
            let claims = store.claims(&scope(&args.story))?;
            let groups = whosaid_claims::group(&claims, whosaid_claims::SAME_THRESHOLD);
            let items: Vec<GroupOut> = groups
                .iter()
                .map(|g| GroupOut {
                    group: g,
                    content: &claims[g.representative].content,
                    claims: g.claims.iter().map(|&i| &claims[i]).collect(),
                })
                .collect();
            write_json(&mut out, f, &items)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn conflicts(args: QueryArgs) -> Result<ExitCode> {
    let store = open(&args.db)?;
    let view = story_view(&store, &args.story)?;
    let items = &view.conflicts;
    let mut out = std::io::stdout().lock();
    let shown = shown(args.limit, items.len());
    match args.format {
        Format::Table => {
            writeln!(
                out,
                "{} conflict(s) among {} claim group(s)",
                items.len(),
                view.groups.len()
            )?;
            for c in &items[..shown] {
                writeln!(
                    out,
                    "── {} (similarity {:.2}; stance of the counter-claim: {})",
                    c.reason,
                    c.score,
                    c.stance.unwrap_or("?")
                )?;
                for (tag, s) in [("claim  ", &c.claim), ("counter", &c.counter_claim)] {
                    writeln!(
                        out,
                        "  {tag} #{:<4} “{}”  [{}]",
                        s.group,
                        clip(&s.content, 90),
                        s.certainty.as_deref().unwrap_or("?")
                    )?;
                    writeln!(out, "           {}", clip(&s.chain.join(" → "), 110))?;
                }
            }
        }
        Format::Csv => {
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|c| {
                    vec![
                        c.reason.clone(),
                        format!("{:.3}", c.score),
                        c.claim.group.to_string(),
                        c.claim.content.clone(),
                        c.claim.chain.join(" → "),
                        c.counter_claim.group.to_string(),
                        c.counter_claim.content.clone(),
                        c.counter_claim.chain.join(" → "),
                    ]
                })
                .collect();
            write_csv(
                &mut out,
                &[
                    "reason",
                    "score",
                    "group",
                    "content",
                    "chain",
                    "counter_group",
                    "counter_content",
                    "counter_chain",
                ],
                &rows,
            )?;
        }
        f => write_json(&mut out, f, items)?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn sources(args: QueryArgs) -> Result<ExitCode> {
    let store = open(&args.db)?;
    let view = StoryView::build(store.claims(&scope(&args.story))?, None);
    let (speakers, outlets) = (&view.sources, &view.outlets);
    let mut out = std::io::stdout().lock();
    let shown = shown(args.limit, speakers.len());
    match args.format {
        Format::Table => {
            writeln!(
                out,
                "{:40} {:16} {:>6} {:>8}",
                "speaker", "type", "claims", "articles"
            )?;
            for s in &speakers[..shown] {
                writeln!(
                    out,
                    "{:40} {:16} {:>6} {:>8}",
                    clip(&s.speaker, 40),
                    s.kind,
                    s.claims,
                    s.articles
                )?;
            }
            writeln!(out)?;
            writeln!(
                out,
                "{:40} {:>6} {:>7} {:>10} {:>8}",
                "outlet", "claims", "named", "anonymous", "unnamed"
            )?;
            for o in outlets {
                let pct = |x: usize| format!("{:.0}%", 100.0 * x as f64 / o.claims.max(1) as f64);
                writeln!(
                    out,
                    "{:40} {:>6} {:>7} {:>10} {:>8}",
                    clip(&o.outlet, 40),
                    o.claims,
                    pct(o.named),
                    pct(o.anonymous),
                    pct(o.unnamed)
                )?;
            }
        }
        Format::Csv => {
            let rows: Vec<Vec<String>> = speakers
                .iter()
                .map(|s| {
                    vec![
                        s.speaker.clone(),
                        s.kind.clone(),
                        s.claims.to_string(),
                        s.articles.to_string(),
                        s.outlets.join("; "),
                    ]
                })
                .collect();
            write_csv(
                &mut out,
                &["speaker", "type", "claims", "articles", "outlets"],
                &rows,
            )?;
        }
        f => {
            let v = serde_json::json!({ "speakers": speakers, "outlets": outlets });
            match f {
                Format::Jsonl => writeln!(out, "{}", serde_json::to_string(&v)?)?,
                _ => writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn timeline(args: QueryArgs) -> Result<ExitCode> {
    let store = open(&args.db)?;
    let view = story_view(&store, &args.story)?;
    let days = &view.days;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Table => {
            let most = days.iter().map(|d| d.claims).max().unwrap_or(1).max(1);
            for d in days {
                let bar = "█".repeat((d.claims * 40).div_ceil(most));
                writeln!(
                    out,
                    "{:10} {:>5} claims {:>4} new {:>3} conflicts {bar}",
                    d.date, d.claims, d.new_groups, d.conflicts
                )?;
            }
        }
        Format::Csv => write_csv(
            &mut out,
            &["date", "claims", "new_groups", "conflicts"],
            &days
                .iter()
                .map(|d| {
                    vec![
                        d.date.clone(),
                        d.claims.to_string(),
                        d.new_groups.to_string(),
                        d.conflicts.to_string(),
                    ]
                })
                .collect::<Vec<_>>(),
        )?,
        f => write_json(&mut out, f, days)?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn search(args: SearchArgs) -> Result<ExitCode> {
    let store = open(&args.db)?;
    let hits = store.search(&args.query, args.limit)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Table => {
            for h in &hits {
                writeln!(
                    out,
                    "{:7} {}  {}",
                    h.what,
                    clip(h.title.as_deref().unwrap_or(&h.article_key), 50),
                    clip(&h.snippet, 100)
                )?;
            }
            if hits.is_empty() {
                eprintln!("whosaid: nothing matches {:?}", args.query);
            }
        }
        Format::Csv => write_csv(
            &mut out,
            &[
                "what",
                "article",
                "article_key",
                "title",
                "attribution",
                "snippet",
            ],
            &hits
                .iter()
                .map(|h| {
                    vec![
                        h.what.clone(),
                        h.article.to_string(),
                        h.article_key.clone(),
                        h.title.clone().unwrap_or_default(),
                        h.attribution.map(|a| a.to_string()).unwrap_or_default(),
                        h.snippet.clone(),
                    ]
                })
                .collect::<Vec<_>>(),
        )?,
        f => write_json(&mut out, f, &hits)?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn export(args: QueryArgs) -> Result<ExitCode> {
    let store = open(&args.db)?;
    let claims = store.claims(&scope(&args.story))?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Csv | Format::Table => {
            let rows: Vec<Vec<String>> = claims
                .iter()
                .map(|c| {
                    vec![
                        c.article_key.clone(),
                        c.outlet.clone().unwrap_or_default(),
                        c.published.clone().unwrap_or_default(),
                        c.index.to_string(),
                        c.kind.clone(),
                        c.speaker.clone().unwrap_or_default(),
                        c.speaker_type.clone().unwrap_or_default(),
                        c.source.clone(),
                        c.cue.clone(),
                        c.content.clone(),
                        c.certainty.clone().unwrap_or_default(),
                        c.chain.join(" → "),
                    ]
                })
                .collect();
            write_csv(
                &mut out,
                &[
                    "article",
                    "outlet",
                    "published",
                    "index",
                    "kind",
                    "speaker",
                    "speaker_type",
                    "source",
                    "cue",
                    "content",
                    "certainty",
                    "chain",
                ],
                &rows,
            )?;
        }
        f => write_json(&mut out, f, &claims)?,
    }
    Ok(ExitCode::SUCCESS)
}
