//! `whosaid train`: rebuild the committed model files deterministically.

use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::{TrainArgs, TrainWhat};

pub fn run(args: TrainArgs) -> Result<ExitCode> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    if matches!(args.what, TrainWhat::Taggers | TrainWhat::All) {
        let report = whosaid_train::taggers::train_all(
            &args.data,
            &args.out,
            args.epochs,
            &mut |msg: &str| eprintln!("{msg}"),
        )?;
        println!("{report}");
    }
    if matches!(args.what, TrainWhat::Attributions | TrainWhat::All) {
        let opts = whosaid_train::attribution::Options {
            epochs: args
                .epochs
                .unwrap_or(whosaid_train::attribution::DEFAULT_EPOCHS),
        };
        let report =
            whosaid_train::attribution::train(&args.data, &args.out, &opts, &mut |msg: &str| {
                eprintln!("{msg}")
            })?;
        println!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}
