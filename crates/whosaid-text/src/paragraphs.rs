//! Paragraphs: runs of sentences separated by one or more line breaks.

use whosaid_core::{Paragraph, Sentence};

use crate::sentences::newline_between;

/// Groups `sentences` (of `text`) into paragraphs: a new paragraph starts wherever a line
/// break lies between two sentences. Every sentence belongs to exactly one paragraph.
pub fn paragraphs(text: &str, sentences: &[Sentence]) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    for (i, s) in sentences.iter().enumerate() {
        match out.last_mut() {
            Some(p) if !newline_between(text, p.span.end, s.span.start) => {
                p.span.end = p.span.end.max(s.span.end);
                p.sentences.end = i + 1;
            }
            _ => out.push(Paragraph {
                span: s.span,
                sentences: i..i + 1,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{split_sentences, tokenize};

    #[test]
    fn single_and_double_newlines() {
        let text = "Title\n\nOne. Two.\nThree.\n\n\n  Four.";
        let t = tokenize(text);
        let s = split_sentences(text, &t);
        let p = paragraphs(text, &s);
        let got: Vec<&str> = p.iter().map(|p| p.span.text(text)).collect();
        assert_eq!(got, ["Title", "One. Two.", "Three.", "Four."]);
        assert_eq!(p[1].sentences, 1..3);
    }
}
