//! `whosaid stance`: FNC-1 stance prediction, training, cross-validation.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use whosaid_stance::{
    assign_folds, check_bodies, cross_validate, decide_all, fnc_score, read_bodies, read_pairs,
    write_predictions, write_predictions_file, Labels, Split, Stance, StanceModel, TrainConfig,
};

use crate::cli::{StanceArgs, StanceCommand};

/// File name of the stance model in a model directory.
pub const STANCE_FILE: &str = "stance.model";
/// Seed of the committed model.
const SEED: u64 = 42;
/// Seed of the fold assignment.
const FOLD_SEED: u64 = 2017;

/// The stance model built into this binary.
pub fn builtin() -> Result<StanceModel> {
    #[cfg(whosaid_stance_model)]
    {
        StanceModel::from_bytes(include_bytes!("../../../models/stance.model"))
            .context("reading the built-in stance model")
    }
    #[cfg(not(whosaid_stance_model))]
    {
        anyhow::bail!("this whosaid was built without models/stance.model: run `whosaid stance train`, then rebuild, or pass --model")
    }
}

pub fn run(args: StanceArgs) -> Result<ExitCode> {
    match args.command {
        StanceCommand::Predict {
            stances,
            bodies,
            model,
            out,
        } => {
            let model = match model {
                Some(p) => StanceModel::load(&p)
                    .with_context(|| format!("loading the stance model {}", p.display()))?,
                None => builtin()?,
            };
            let bodies = read_bodies(&bodies)?;
            let pairs = read_pairs(&stances, Labels::Ignore)?;
            check_bodies(&pairs, &bodies)?;
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
            let t = Instant::now();
            let pred = model.predict_batch(&pairs, &bodies, threads)?;
            match out {
                Some(p) => write_predictions_file(&p, &pairs, &pred)?,
                None => write_predictions(std::io::stdout().lock(), &pairs, &pred)?,
            }
            eprintln!(
                "whosaid: {} pairs in {:.1} s",
                pairs.len(),
                t.elapsed().as_secs_f64()
            );
        }
        StanceCommand::Train { data, out } => {
            let bodies = read_bodies(data.join("train_bodies.csv"))?;
            let pairs = read_pairs(data.join("train_stances.csv"), Labels::Require)?;
            check_bodies(&pairs, &bodies)?;
            let config = TrainConfig::default();
            let t = Instant::now();
            let model = StanceModel::train(&pairs, &bodies, &config, SEED)?;
            std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
            let path = out.join(STANCE_FILE);
            model.save(&path)?;
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            println!(
                "stance model: {} pairs, {:.1} s, {} ({size} bytes)",
                pairs.len(),
                t.elapsed().as_secs_f64(),
                path.display()
            );
        }
        StanceCommand::Cv {
            data,
            folds,
            predictions,
            min_relative,
        } => {
            let bodies = read_bodies(data.join("train_bodies.csv"))?;
            let pairs = read_pairs(data.join("train_stances.csv"), Labels::Require)?;
            check_bodies(&pairs, &bodies)?;
            let config = TrainConfig::default();
            let assignment = assign_folds(&pairs, folds.max(2), Split::Body, FOLD_SEED);
            let t = Instant::now();
            let probs = cross_validate(&pairs, &bodies, &config, &assignment, SEED, |f, k| {
                eprintln!("fold {f}/{k} done ({:.0} s)", t.elapsed().as_secs_f64());
            })?;
            let gold: Vec<Stance> = pairs.iter().filter_map(|p| p.stance).collect();
            let pred = decide_all(&probs, &config.decision);
            let score = fnc_score(&gold, &pred);
            print!("{}", score.report());
            if let Some(p) = predictions {
                write_predictions_file(&p, &pairs, &pred)?;
            }
            if let Some(min) = min_relative {
                if score.relative() < min {
                    eprintln!(
                        "whosaid: relative score {:.4} is below {min}",
                        score.relative()
                    );
                    return Ok(ExitCode::from(1));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
