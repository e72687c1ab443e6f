//! The whosaid command-line tool: argument parsing, reading inputs, printing
//! outputs, exit codes. All the work is done by the library crates.

mod bench;
mod cli;
mod eval;
mod extract;
mod inputs;
mod ledger;
mod output;
mod serve;
mod stance;
mod train;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("WHOSAID_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let result = match args.command {
        cli::Command::Extract(a) => extract::run(a),
        cli::Command::Eval(a) => eval::run(a),
        cli::Command::Train(a) => train::run(a),
        cli::Command::Bench(a) => bench::run(a),
        cli::Command::Ingest(a) => ledger::ingest(a),
        cli::Command::Story(a) => ledger::story(a),
        cli::Command::Claims(a) => ledger::claims(a),
        cli::Command::Conflicts(a) => ledger::conflicts(a),
        cli::Command::Sources(a) => ledger::sources(a),
        cli::Command::Timeline(a) => ledger::timeline(a),
        cli::Command::Search(a) => ledger::search(a),
        cli::Command::Export(a) => ledger::export(a),
        cli::Command::Stance(a) => stance::run(a),
        cli::Command::Serve(a) => serve::run(a),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("whosaid: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(1)
        }
    }
}

/// True when the error is a closed standard output (`whosaid … | head`), which is
/// not a failure; the writer may have wrapped the I/O error (serde_json, csv).
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(BrokenPipe))
            || c.downcast_ref::<csv::Error>().is_some_and(
                |e| matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe),
            )
    })
}
