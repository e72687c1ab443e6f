//! Prints the name mentions and entities found in one article, for debugging
//! speaker resolution.
//!
//! usage: mentions FILE.jsonl DOC-ID [PATTERN]

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: mentions FILE.jsonl DOC-ID [PATTERN]";
    let (path, id) = (args.get(1).ok_or(usage)?, args.get(2).ok_or(usage)?);
    let pattern = args.get(3).map(|s| s.to_lowercase());
    let ex = whosaid_extract::Extractor::builtin()?;
    let resolver = whosaid_resolve::Resolver::default();
    let text = std::fs::read_to_string(path)?
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["id"].as_str() == Some(id.as_str()))
        .and_then(|v| v["text"].as_str().map(str::to_string))
        .ok_or("no such document")?;
    let pos_labels = ex.taggers.pos.labels().to_vec();
    let ner_labels = ex.taggers.ner.labels().to_vec();
    let mut p = ex.taggers.prepare(&text);
    ex.taggers.tag_names(&text, &mut p);
    let cx = whosaid_resolve::context::Ctx::new(&text, &p, &pos_labels, &ner_labels);
    let ents = whosaid_resolve::entities::find(&cx, &resolver.gazetteer);
    if let Ok(at) = std::env::var("AT") {
        let at: usize = at.parse()?;
        for t in 0..cx.len() {
            let b = cx.span(t).start;
            if b + 40 >= at && b <= at + 40 {
                println!("tok {t} {b} {:?} {} {:?}", cx.word(t), cx.pos[t], cx.ner[t]);
            }
        }
    }
    for m in &ents.mentions {
        let words = cx.text_of(m.name.clone());
        if pattern
            .as_ref()
            .is_some_and(|p| !words.to_lowercase().contains(p.as_str()))
        {
            continue;
        }
        let e = ents.root(m.entity);
        let ent = &ents.entities[e];
        println!(
            "{:6} {:30} {:?}{} -> #{e} {} {:?} titles {:?} gender {:?}",
            cx.span(m.name.start).start,
            words,
            m.kind,
            if m.possessive { " 's" } else { "" },
            ent.name,
            ent.kind,
            ent.titles,
            ent.gender
        );
    }
    Ok(())
}
