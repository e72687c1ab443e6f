//! `whosaid eval`: extract the texts of a gold file and score against it.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use whosaid_core::schema::ArticleOut;
use whosaid_core::Article;
use whosaid_eval::{Doc, Metric, Scores, Target};
use whosaid_extract::Extractor;

use crate::cli::EvalArgs;
use crate::extract::{extract_one, load_extractor, pool};

/// Predictions (PolNeAR view) for every gold document that has a text.
pub fn predict(ex: &Extractor, gold: &[Doc]) -> Result<Vec<ArticleOut>> {
    gold.par_iter()
        .map(|d| {
            let article = Article::new(d.id.clone(), d.text.clone().unwrap_or_default());
            let attrs = extract_one(ex, &article, true);
            ArticleOut::from_article(&article, &attrs, true, false)
                .with_context(|| format!("article {}", d.id))
        })
        .collect()
}

fn parse_floor(s: &str) -> Result<(Target, Metric, f64)> {
    let (key, value) = s
        .split_once('=')
        .with_context(|| format!("--min {s}: expected ROLE.METRIC=F1"))?;
    let (role, metric) = key
        .split_once('.')
        .with_context(|| format!("--min {s}: expected ROLE.METRIC=F1"))?;
    let target = Target::ALL
        .into_iter()
        .find(|t| t.name() == role)
        .with_context(|| {
            format!("--min {s}: unknown role {role} (source, cue, content, attribution)")
        })?;
    let metric = Metric::ALL
        .into_iter()
        .find(|m| m.name() == metric)
        .with_context(|| format!("--min {s}: unknown metric {metric} (exact, overlap, token)"))?;
    let v: f64 = value
        .parse()
        .with_context(|| format!("--min {s}: {value} is not a number"))?;
    let v = if v > 1.0 { v / 100.0 } else { v };
    Ok((target, metric, v))
}

pub fn run(args: EvalArgs) -> Result<ExitCode> {
    let floors: Vec<_> = args
        .min
        .iter()
        .map(|s| parse_floor(s))
        .collect::<Result<_>>()?;
    let gold = whosaid_eval::read_jsonl(&args.gold)?;
    if gold.iter().any(|d| d.text.is_none()) {
        bail!("{}: every gold line needs a \"text\"", args.gold.display());
    }
    let ex = load_extractor(&args.model)?;
    let outs = pool(args.threads)?.install(|| predict(&ex, &gold))?;
    if let Some(p) = &args.predictions {
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        );
        for o in &outs {
            serde_json::to_writer(&mut f, o)?;
            f.write_all(b"\n")?;
        }
        f.flush()?;
    }
    let scores: Scores = whosaid_eval::score(
        &gold,
        &outs
            .iter()
            .map(whosaid_train::attribution::to_doc)
            .collect::<Vec<_>>(),
    )?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&scores.to_json())?);
    } else {
        print!("{}", scores.to_table());
    }
    let mut failed = false;
    for (t, m, v) in floors {
        let f1 = scores.f1(m, t);
        if f1 + 1e-9 < v {
            eprintln!(
                "whosaid: {}.{} F1 {:.3} is below the floor {:.3}",
                t.name(),
                m.name(),
                f1,
                v
            );
            failed = true;
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
