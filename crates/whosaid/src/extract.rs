//! `whosaid extract`: read inputs, extract in parallel (order kept), write outputs.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Context, Result};
use rayon::prelude::*;
use whosaid_core::{Article, Attribution, Resolution};
use whosaid_extract::Extractor;
use whosaid_resolve::Resolver;

use crate::cli::{ExtractArgs, ModelArgs, ResolveArgs};
use crate::inputs::{self, Item};
use crate::output::Writer;

/// Loads the extractor from `--models` or the built-in models.
pub fn load_extractor(args: &ModelArgs) -> Result<Extractor> {
    match &args.models {
        Some(dir) => Extractor::from_dir(dir)
            .with_context(|| format!("loading models from {}", dir.display())),
        None => Extractor::builtin().context("loading the built-in models"),
    }
}

/// Builds the rayon pool for `--threads`.
pub fn pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        b = b.num_threads(n.max(1));
    }
    b.build().context("starting worker threads")
}

/// Extracts one article; the PolNeAR view when `outermost`.
pub fn extract_one(ex: &Extractor, article: &Article, outermost: bool) -> Vec<Attribution> {
    let attrs = ex.extract(article).attributions;
    if outermost {
        whosaid_extract::decode::outermost(&attrs)
    } else {
        attrs
    }
}

/// The resolver for `--gazetteer`, or none with `--no-resolve`.
pub fn load_resolver(args: &ResolveArgs) -> Result<Option<Resolver>> {
    if args.no_resolve {
        return Ok(None);
    }
    let mut r = Resolver::default();
    if let Some(path) = &args.gazetteer {
        r.gazetteer
            .extend_from_file(path)
            .with_context(|| format!("loading the gazetteer {}", path.display()))?;
    }
    Ok(Some(r))
}

/// Extracts one article and, with a resolver, resolves its speakers.
pub fn analyze_one(
    ex: &Extractor,
    resolver: Option<&Resolver>,
    article: &Article,
    outermost: bool,
) -> (Vec<Attribution>, Option<Resolution>) {
    match resolver {
        Some(r) => {
            let (a, res) = whosaid_resolve::analyze(ex, r, article, outermost);
            (a, Some(res))
        }
        None => (extract_one(ex, article, outermost), None),
    }
}

const BATCH: usize = 64;

/// A warning for an article that is not in English (given so, or reliably detected):
/// it is still extracted, by models that read English.
fn language_warning(article: &Article) -> Option<String> {
    use whosaid_ingest::language;
    let (code, how) = match article.language.as_deref() {
        Some(code) => (code.to_string(), "is marked as"),
        None => (
            language::detect_language(&article.text)
                .filter(|(_, reliable)| *reliable)?
                .0,
            "looks like",
        ),
    };
    (code != language::MODEL_LANGUAGE).then(|| {
        format!(
            "whosaid: warning: {} {how} {}; the models read English, results will be poor",
            article.id,
            language::describe(&code)
        )
    })
}

pub fn run(args: ExtractArgs) -> Result<ExitCode> {
    if args.files.is_empty() && args.jsonl.is_empty() {
        anyhow::bail!("nothing to read: give files, `-` for standard input, or --jsonl FILE");
    }
    let ex = load_extractor(&args.model)?;
    let resolver = load_resolver(&args.resolve)?;
    let pool = pool(args.threads)?;
    let n_inputs = args.files.len() + args.jsonl.len();
    let progress = (!args.quiet
        && std::io::stderr().is_terminal()
        && (n_inputs > 1 || !args.jsonl.is_empty()))
    .then(|| {
        let pb = indicatif::ProgressBar::new_spinner();
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {pos} articles, {per_sec} [{elapsed_precise}] {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        pb
    });
    let stdout = std::io::stdout();
    let mut w = Writer::new(
        std::io::BufWriter::new(stdout.lock()),
        args.format,
        args.with_text,
    );
    w.begin()?;
    let (mut ok, mut failed) = (0usize, 0usize);
    let mut items = inputs::items(args.files, args.jsonl);
    loop {
        let batch: Vec<Item> = items.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        type Done = (Item, Vec<Attribution>, Option<Resolution>, Option<String>);
        let results: Vec<Done> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|item| {
                    let (attrs, res, warning) = match &item {
                        Item::Article { article, .. } => {
                            let (a, r) =
                                analyze_one(&ex, resolver.as_ref(), article, args.outermost);
                            (a, r, language_warning(article))
                        }
                        Item::Error { .. } => (Vec::new(), None, None),
                    };
                    (item, attrs, res, warning)
                })
                .collect()
        });
        for (item, attrs, res, warning) in results {
            if let Some(line) = warning {
                match &progress {
                    Some(pb) => pb.println(line),
                    None => eprintln!("{line}"),
                }
            }
            match item {
                Item::Article { article, note } => {
                    if let Some(n) = &note {
                        if progress.is_none() && args.format != crate::cli::Format::Table {
                            eprintln!("whosaid: {}: {n}", article.id);
                        }
                    }
                    w.article(&article, &attrs, res.as_ref(), note.as_deref())?;
                    ok += 1;
                }
                Item::Error { origin, message } => {
                    let line = format!("whosaid: {origin}: {message}");
                    match &progress {
                        Some(pb) => pb.println(line),
                        None => eprintln!("{line}"),
                    }
                    failed += 1;
                }
            }
            if let Some(pb) = &progress {
                pb.inc(1);
            }
        }
    }
    w.end()?;
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    if failed > 0 {
        eprintln!("whosaid: {ok} article(s) extracted, {failed} input(s) failed");
    }
    Ok(if ok == 0 && failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
