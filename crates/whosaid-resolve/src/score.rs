//! Scoring speaker resolution against the hand-checked set
//! (`fixtures/speakers-dev.jsonl`; rules in `fixtures/README.md`).

use whosaid_core::{Span, Speaker, SpeakerType};

/// Lower case, no leading "the", no possessive 's, letters, digits and spaces only.
pub fn normalize(name: &str) -> String {
    let s = name.to_lowercase().replace("’s", "").replace("'s", "");
    let s: String = s
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = s.split_whitespace().collect();
    let words = match words.first() {
        Some(&"the") => &words[1..],
        _ => &words[..],
    };
    words.join(" ")
}

/// The gold side of one row.
#[derive(Debug, Clone)]
pub struct Gold<'a> {
    pub speaker: &'a str,
    pub kind: &'a str,
    /// Byte span.
    pub antecedent: Option<Span>,
}

/// Is the resolver's speaker right for this row?
pub fn judge(gold: &Gold, got: Option<&Speaker>) -> bool {
    let Some(got) = got else { return false };
    match gold.kind {
        "author" => got.kind == SpeakerType::Author,
        "anonymous" | "unnamed_group" | "unnamed_reports" => {
            let kind_ok = got.kind.as_str() == gold.kind;
            let ante_ok = match (gold.antecedent, got.antecedent) {
                (Some(g), Some(p)) => g.start < p.end && p.start < g.end,
                (None, _) => true,
                (Some(_), None) => false,
            };
            kind_ok && ante_ok
        }
        _ => normalize(&got.name) == normalize(gold.speaker),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_names() {
        assert_eq!(normalize("The New York Times"), "new york times");
        assert_eq!(normalize("Clinton’s campaign"), "clinton campaign");
        assert_eq!(normalize("Sen. X"), "sen x");
    }
}
