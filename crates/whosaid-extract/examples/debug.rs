//! Prints the analysis of a text file step by step: sentences, tags, cues and the
//! role labels of each cue. `cargo run --release -p whosaid-extract --example debug -- FILE`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: debug FILE")?;
    let text = std::fs::read_to_string(&path)?;
    let ex = whosaid_extract::Extractor::builtin()?;
    let p = ex.taggers.prepare(&text);
    let a = &p.analysis;
    for (si, s) in a.sentences.iter().enumerate() {
        let words: Vec<String> = s
            .tokens
            .clone()
            .map(|t| {
                let tag = ex
                    .taggers
                    .pos
                    .labels()
                    .get(usize::from(p.pos[t]))
                    .cloned()
                    .unwrap_or_default();
                format!(
                    "{}/{}{}",
                    a.tokens[t].span.text(&text),
                    tag,
                    if a.quote_depth[t] > 0 { "ᵠ" } else { "" }
                )
            })
            .collect();
        println!("S{si}: {}", words.join(" "));
    }
    let cues = ex.labeler.cues(&p);
    let mut other = vec![false; a.tokens.len()];
    for ((x, y), _) in &cues {
        other[*x..*y].iter_mut().for_each(|o| *o = true);
    }
    let mut feats = whosaid_models::FeatureSeq::new();
    for ((x, y), conf) in &cues {
        let d = ex.labeler.roles(&p, (*x, *y), &other, &mut feats);
        let show = |v: &[(usize, usize)]| {
            v.iter()
                .map(|&(s, e)| {
                    format!(
                        "[{}]",
                        whosaid_core::Span::new(a.tokens[s].span.start, a.tokens[e - 1].span.end)
                            .text(&text)
                    )
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        println!(
            "cue [{}] {:.2}: source {} content {}",
            whosaid_core::Span::new(a.tokens[*x].span.start, a.tokens[y - 1].span.end).text(&text),
            conf,
            show(&d.source),
            show(&d.content)
        );
    }
    for att in ex.labeler.label(&text, &p) {
        println!("{att:?}");
    }
    Ok(())
}
