//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Who said what, through whom, how sure: attributions in news text.
#[derive(Debug, Parser)]
#[command(name = "whosaid", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract attributions from articles (text or HTML files, stdin, JSON Lines).
    Extract(ExtractArgs),
    /// Extract the texts of a gold JSON Lines file and score against its attributions.
    Eval(EvalArgs),
    /// Rebuild the committed model files from ../shared data.
    Train(TrainArgs),
    /// Measure throughput (articles/s, MB/s) and peak memory.
    Bench(BenchArgs),
    /// Extract articles (files, directories, HTML, RSS/Atom, JSON Lines) into the store.
    Ingest(IngestArgs),
    /// Stories: saved selections of the store (`story create NAME --query Q`, `story list`).
    Story(StoryArgs),
    /// Claims grouped by proposition, with speakers, outlets, first seen, independent origins.
    Claims(QueryArgs),
    /// Claim groups that contradict each other, side by side.
    Conflicts(QueryArgs),
    /// Who is quoted, how often, named vs anonymous vs unnamed, per outlet.
    Sources(QueryArgs),
    /// Claims over time.
    Timeline(QueryArgs),
    /// Full-text search over articles and claims.
    Search(SearchArgs),
    /// Every claim of a story (or the store), one row per attribution.
    Export(QueryArgs),
    /// Headline vs body stance (FNC-1): predict, train, cross-validate.
    Stance(StanceArgs),
    /// The web dashboard and JSON API over the store (loopback only unless --bind says otherwise).
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; anything but a loopback address exposes the store to the network.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,
    /// Port to listen on (0: a free port, printed on start).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Allow ingest and story creation to requests carrying this token (Authorization: Bearer TOKEN); without it the server is read-only.
    #[arg(
        long,
        env = "WHOSAID_WRITE_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub write_token: Option<String>,
    /// Largest request body accepted (uploads), in bytes.
    #[arg(long, default_value_t = 16 * 1024 * 1024, value_name = "BYTES")]
    pub max_body: usize,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Extra outlets and platforms for speaker resolution (one name per line).
    #[arg(long, value_name = "FILE")]
    pub gazetteer: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct StanceArgs {
    #[command(subcommand)]
    pub command: StanceCommand,
}

#[derive(Debug, Subcommand)]
pub enum StanceCommand {
    /// Predict stances for an FNC-1 stances file (a Stance column, if any, is ignored);
    /// writes Headline, Body ID, Stance in input order.
    Predict {
        /// CSV with Headline and Body ID columns.
        #[arg(long)]
        stances: PathBuf,
        /// CSV with Body ID and articleBody columns.
        #[arg(long)]
        bodies: PathBuf,
        /// Model file (default: the model built into this binary).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Write here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Train the stance model on FNC-1 (train_stances.csv, train_bodies.csv in --data).
    Train {
        #[arg(long, default_value = "../shared/data/fnc1")]
        data: PathBuf,
        /// Directory for stance.model.
        #[arg(long, default_value = "models")]
        out: PathBuf,
    },
    /// 5-fold cross-validation split by Body ID, scored like ../shared/tools/score-fnc1.
    Cv {
        #[arg(long, default_value = "../shared/data/fnc1")]
        data: PathBuf,
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// Also write the out-of-fold predictions (FNC-1 CSV).
        #[arg(long)]
        predictions: Option<PathBuf>,
        /// Fail (exit 1) when the relative score is below this.
        #[arg(long)]
        min_relative: Option<f64>,
    },
}

#[derive(Debug, Args)]
pub struct DbArgs {
    /// The store (default: $WHOSAID_DB, else $XDG_DATA_HOME/whosaid/whosaid.db, else ~/.local/share/whosaid/whosaid.db).
    #[arg(long, env = "WHOSAID_DB", value_name = "PATH", global = true)]
    pub db: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files, directories (text, HTML, RSS/Atom, .jsonl) and http(s) addresses of pages or feeds.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Seconds before a web request gives up.
    #[arg(long, default_value_t = 20, value_name = "SECS")]
    pub timeout: u64,
    /// Largest web page or feed fetched, in bytes.
    #[arg(long, default_value_t = 10_000_000, value_name = "BYTES")]
    pub max_bytes: u64,
    #[command(flatten)]
    pub db: DbArgs,
    /// Worker threads for extraction (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Never show a progress bar.
    #[arg(long)]
    pub quiet: bool,
    /// Extra news outlets and platforms, one `outlet<TAB>Name` or `platform<TAB>Name` per line.
    #[arg(long, value_name = "FILE")]
    pub gazetteer: Option<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
}

#[derive(Debug, Args)]
pub struct StoryArgs {
    #[command(subcommand)]
    pub command: StoryCommand,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Subcommand)]
pub enum StoryCommand {
    /// Save (or replace) a story: the articles matching a full-text query.
    Create {
        name: String,
        /// SQLite FTS5 query over titles and texts, e.g. "ceasefire OR Doha OR Witkoff".
        #[arg(long)]
        query: String,
    },
    /// List the stories.
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// A story name; without one, the whole store.
    pub story: Option<String>,
    #[command(flatten)]
    pub db: DbArgs,
    /// Output format (table for people, JSON for scripts).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Most rows in a table (0: all).
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// SQLite FTS5 query ("Morag Corridor", a OR b, "exact phrase").
    pub query: String,
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per article per line.
    Jsonl,
    /// One JSON array of articles.
    Json,
    /// A readable table.
    Table,
    /// One CSV row per attribution.
    Csv,
}

#[derive(Debug, Args)]
pub struct ModelArgs {
    /// Directory with pos.model, ner.model, cue.model, role.model (default: the models built into this binary).
    #[arg(long, env = "WHOSAID_MODELS")]
    pub models: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Text or HTML files; `-` reads standard input.
    pub files: Vec<PathBuf>,
    /// JSON Lines files of articles ({"id", "text", optional "title", "outlet", "published", "url"}).
    #[arg(long, value_name = "FILE")]
    pub jsonl: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// PolNeAR view: drop nested attributions and fold continuations into the attribution they continue.
    #[arg(long)]
    pub outermost: bool,
    /// Add the surface text of source, cue and content to each JSON attribution.
    #[arg(long)]
    pub with_text: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Never show a progress bar.
    #[arg(long)]
    pub quiet: bool,
    #[command(flatten)]
    pub resolve: ResolveArgs,
    #[command(flatten)]
    pub model: ModelArgs,
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// Attributions only: skip speakers, entities, chains and certainty (faster).
    #[arg(long)]
    pub no_resolve: bool,
    /// Extra news outlets and platforms, one `outlet<TAB>Name` or `platform<TAB>Name` per line.
    #[arg(long, value_name = "FILE")]
    pub gazetteer: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold JSON Lines file (PolNeAR format).
    pub gold: PathBuf,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write the predictions (PolNeAR view) to this file.
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,
    /// Fail (exit 1) when a score is below a floor, e.g. `--min attribution.overlap=0.6` (F1; roles: source, cue, content, attribution; metrics: exact, overlap, token).
    #[arg(long, value_name = "ROLE.METRIC=F1")]
    pub min: Vec<String>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub model: ModelArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TrainWhat {
    /// POS and NER taggers (from silver-train.jsonl).
    Taggers,
    /// Cue and role models (from train.jsonl, dev.jsonl for the report).
    Attributions,
    /// Everything, in order.
    All,
}

#[derive(Debug, Args)]
pub struct TrainArgs {
    /// What to train.
    #[arg(value_enum)]
    pub what: TrainWhat,
    /// The PolNeAR directory (train.jsonl, dev.jsonl, silver-train.jsonl, silver-dev.jsonl).
    #[arg(long, default_value = "../shared/data/polnear")]
    pub data: PathBuf,
    /// Where to write the model files and cards.
    #[arg(long, default_value = "models")]
    pub out: PathBuf,
    /// Training epochs (default: the value used for the committed models).
    #[arg(long)]
    pub epochs: Option<usize>,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// A JSON Lines file of articles (e.g. PolNeAR dev.jsonl).
    pub file: PathBuf,
    /// Repeat the texts until at least this many articles are processed.
    #[arg(long, default_value_t = 1000)]
    pub min_articles: usize,
    /// Worker threads (1 = the single-thread figure).
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
    /// Measure extraction with and without speaker resolution (each article once per
    /// variant) and report the cost of resolution.
    #[arg(long)]
    pub compare_resolve: bool,
    /// Measure the story ledger instead: ingest every article once into a fresh
    /// temporary store (with --threads workers), report articles/s and memory every
    /// 1,000 articles, then time claim grouping over the whole store.
    #[arg(long, conflicts_with = "compare_resolve")]
    pub ledger: bool,
    /// With --ledger: build the store at this path (which must not exist) and keep it.
    #[arg(long, value_name = "PATH", requires = "ledger")]
    pub keep_store: Option<PathBuf>,
    /// Fail (exit 1) when fewer articles per second than this are reached.
    #[arg(long, value_name = "N")]
    pub min_rate: Option<f64>,
    #[command(flatten)]
    pub resolve: ResolveArgs,
    #[command(flatten)]
    pub model: ModelArgs,
}
