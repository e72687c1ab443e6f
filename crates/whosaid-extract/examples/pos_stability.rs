//! Checks that POS tags of a text do not depend on what the thread tagged before
//! (the taggers keep a per-thread cache). `pos_stability GOLD_JSONL CHURN_JSONL`

fn texts(path: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    Ok(std::fs::read_to_string(path)?
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let gold = texts(&args.next().ok_or("usage")?)?;
    let churn = texts(&args.next().ok_or("usage")?)?;
    let ex = whosaid_extract::Extractor::builtin()?;
    let tag = |t: &str| ex.taggers.prepare(t).pos;
    let fresh: Vec<Vec<u16>> = gold.iter().map(|t| tag(t)).collect();
    for t in &churn {
        let _ = tag(t);
    }
    let again: Vec<Vec<u16>> = gold.iter().map(|t| tag(t)).collect();
    let diff: usize = fresh
        .iter()
        .zip(&again)
        .map(|(a, b)| a.iter().zip(b).filter(|(x, y)| x != y).count())
        .sum();
    let total: usize = fresh.iter().map(Vec::len).sum();
    println!(
        "{diff} of {total} POS tags differ after tagging {} other texts",
        churn.len()
    );
    let run = |t: &str| {
        format!(
            "{:?}",
            ex.extract(&whosaid_core::Article::new("x", t)).attributions
        )
    };
    let fresh: Vec<String> = gold.iter().map(|t| run(t)).collect();
    for t in &churn {
        let _ = run(t);
    }
    let again: Vec<String> = gold.iter().map(|t| run(t)).collect();
    let changed = fresh.iter().zip(&again).filter(|(a, b)| a != b).count();
    println!(
        "{changed} of {} articles extract differently after extracting {} other texts",
        gold.len(),
        churn.len()
    );
    Ok(())
}
