//! Precision and recall of claim grouping and contradiction on the labelled pairs, for
//! a range of thresholds.
//!
//! usage: pairs FIXTURE.jsonl

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: pairs FIXTURE.jsonl")?;
    let pairs = whosaid_claims::score::read_pairs(&std::fs::read_to_string(&path)?)?;
    let count = |r: &str| pairs.iter().filter(|p| p.relation == r).count();
    println!(
        "{} pairs: {} same, {} contradict, {} related, {} different",
        pairs.len(),
        count("same"),
        count("contradict"),
        count("related"),
        count("different")
    );
    for t in [0.3f32, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7] {
        let (s, c) = whosaid_claims::score::score(&pairs, t);
        println!(
            "threshold {t:.2}: same P {:.3} R {:.3} F1 {:.3} | contradict P {:.3} R {:.3} F1 {:.3}",
            s.precision(),
            s.recall(),
            s.f1(),
            c.precision(),
            c.recall(),
            c.f1()
        );
    }
    Ok(())
}
