//! Speaker-resolution accuracy on the hand-checked set, overall and by source form.
//!
//! usage: speakers DEV.jsonl FIXTURE.jsonl [--errors]

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: speakers DEV.jsonl FIXTURE.jsonl [--errors]";
    let (dev, fix) = (args.get(1).ok_or(usage)?, args.get(2).ok_or(usage)?);
    let ex = whosaid_extract::Extractor::builtin()?;
    let resolver = whosaid_resolve::Resolver::default();
    let report = whosaid_resolve::score::evaluate(&ex, &resolver, Path::new(dev), Path::new(fix))?;
    if args.iter().any(|a| a == "--errors") {
        for e in &report.errors {
            println!("{e}");
        }
    }
    for (form, (ok, n)) in &report.by_form {
        println!(
            "{form:12} {:5.1}%  ({ok}/{n})",
            100.0 * *ok as f64 / *n as f64
        );
    }
    Ok(())
}
