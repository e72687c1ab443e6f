//! Counts cues proposed vs attributions kept on a JSON Lines file (diagnostics).
//! `cargo run --release -p whosaid-extract --example counts -- dev.jsonl`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: counts FILE")?;
    let ex = whosaid_extract::Extractor::builtin()?;
    let (mut cues, mut kept, mut outer, mut empty_content) = (0, 0, 0, 0);
    for line in std::fs::read_to_string(&path)?.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let text = v["text"].as_str().unwrap_or("");
        let p = ex.taggers.prepare(text);
        let c = ex.labeler.cues(&p);
        let mut other = vec![false; p.analysis.tokens.len()];
        for ((x, y), _) in &c {
            other[*x..*y].iter_mut().for_each(|o| *o = true);
        }
        let mut feats = whosaid_models::FeatureSeq::new();
        for ((x, y), _) in &c {
            if ex
                .labeler
                .roles(&p, (*x, *y), &other, &mut feats)
                .content
                .is_empty()
            {
                empty_content += 1;
            }
        }
        cues += c.len();
        let atts = ex.labeler.label(text, &p);
        kept += atts.len();
        outer += whosaid_extract::decode::outermost(&atts).len();
    }
    println!("cue-model cues {cues}, of which role model gives no content {empty_content}; records {kept}; outermost {outer}");
    Ok(())
}
