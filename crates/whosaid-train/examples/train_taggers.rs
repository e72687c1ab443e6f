//! Trains the POS and NER taggers: `train_taggers DATA_DIR OUT_DIR [EPOCHS]`.
//! The same as `whosaid train taggers`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: train_taggers DATA_DIR OUT_DIR [EPOCHS]");
        return ExitCode::from(2);
    }
    let epochs = args.get(3).and_then(|e| e.parse().ok());
    let (data, out) = (PathBuf::from(&args[1]), PathBuf::from(&args[2]));
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("error: {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    let t0 = std::time::Instant::now();
    match whosaid_train::taggers::train_all(&data, &out, epochs, &mut |m: &str| {
        eprintln!("[{:6.1}s] {m}", t0.elapsed().as_secs_f64())
    }) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
