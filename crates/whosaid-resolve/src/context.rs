//! Per-window token view shared by the resolution passes: surface, lower case, POS,
//! NER class, quotation depth.

use whosaid_core::Span;
use whosaid_extract::Prepared;

/// NER class of a token (from the NER tagger's BIO labels).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NerClass {
    O,
    Person,
    Org,
    Loc,
    Misc,
}

/// The tokens of one window with what resolution needs to know about each.
pub struct Ctx<'a> {
    pub text: &'a str,
    pub p: &'a Prepared,
    /// Surface text of each token.
    words: Vec<&'a str>,
    pub lower: Vec<std::borrow::Cow<'a, str>>,
    pub pos: Vec<&'a str>,
    pub ner: Vec<(NerClass, bool)>,
    /// Sentence index of each token.
    pub sent_of: Vec<u32>,
    /// Paragraph index of each sentence.
    pub para_of: Vec<u32>,
    /// How many leading sentences make the headline ([`Ctx::headline`]), decided once.
    headline_sentences: usize,
    /// Per token: [`CAP`] and [`PUNCT`], decided once.
    flags: Vec<u8>,
}

/// The token starts with an upper-case letter.
const CAP: u8 = 1;
/// The token has no letter or digit.
const PUNCT: u8 = 2;

/// Lower case of `w` (borrowed when it has no upper-case letter) and its flags; ASCII
/// words, nearly all of them, are read byte by byte.
fn lower_and_flags(w: &str) -> (std::borrow::Cow<'_, str>, u8) {
    use std::borrow::Cow;
    let ascii = w.is_ascii();
    let (cap, punct, upper) = if ascii {
        let b = w.as_bytes();
        (
            b.first().is_some_and(u8::is_ascii_uppercase),
            !b.iter().any(u8::is_ascii_alphanumeric),
            b.iter().any(u8::is_ascii_uppercase),
        )
    } else {
        (
            w.chars().next().is_some_and(char::is_uppercase),
            !w.chars().any(char::is_alphanumeric),
            w.chars().any(char::is_uppercase),
        )
    };
    let lower = match (upper, ascii) {
        (false, _) => Cow::Borrowed(w),
        (true, true) => Cow::Owned(w.to_ascii_lowercase()),
        (true, false) => Cow::Owned(w.to_lowercase()),
    };
    (lower, (u8::from(cap) * CAP) | (u8::from(punct) * PUNCT))
}

impl<'a> Ctx<'a> {
    pub fn new(
        text: &'a str,
        p: &'a Prepared,
        pos_labels: &'a [String],
        ner_labels: &[String],
    ) -> Ctx<'a> {
        let toks = &p.analysis.tokens;
        let mut words = Vec::with_capacity(toks.len());
        let mut lower = Vec::with_capacity(toks.len());
        let mut flags = Vec::with_capacity(toks.len());
        for t in toks {
            let w = t.span.text(text);
            let (l, f) = lower_and_flags(w);
            words.push(w);
            lower.push(l);
            flags.push(f);
        }
        let pos = p
            .pos
            .iter()
            .map(|&l| pos_labels.get(l as usize).map(String::as_str).unwrap_or(""))
            .collect();
        let classes: Vec<(NerClass, bool)> = ner_labels
            .iter()
            .map(|l| {
                let begin = l.starts_with("B-");
                let c = match l.rsplit('-').next().unwrap_or("") {
                    "PERSON" => NerClass::Person,
                    "ORGANIZATION" => NerClass::Org,
                    "LOCATION" => NerClass::Loc,
                    "MISC" => NerClass::Misc,
                    _ => NerClass::O,
                };
                (c, begin)
            })
            .collect();
        let ner = (0..toks.len())
            .map(|i| {
                p.ner
                    .get(i)
                    .and_then(|&l| classes.get(l as usize).copied())
                    .unwrap_or((NerClass::O, false))
            })
            .collect();
        let mut sent_of = vec![0u32; toks.len()];
        for (si, s) in p.analysis.sentences.iter().enumerate() {
            for t in s.tokens.clone() {
                if let Some(x) = sent_of.get_mut(t) {
                    *x = si as u32;
                }
            }
        }
        let mut para_of = vec![0u32; p.analysis.sentences.len()];
        for (pi, para) in p.analysis.paragraphs.iter().enumerate() {
            for s in para.sentences.clone() {
                if let Some(x) = para_of.get_mut(s) {
                    *x = pi as u32;
                }
            }
        }
        let mut cx = Ctx {
            text,
            p,
            words,
            lower,
            pos,
            ner,
            sent_of,
            para_of,
            headline_sentences: 0,
            flags,
        };
        cx.headline_sentences = cx.count_headline_sentences();
        cx
    }

    pub fn len(&self) -> usize {
        self.lower.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lower.is_empty()
    }

    /// Surface text of token `i` ("" past the end).
    pub fn word(&self, i: usize) -> &'a str {
        self.words.get(i).copied().unwrap_or("")
    }

    /// Byte span of token `i` (empty at the end of the text past the last token).
    pub fn span(&self, i: usize) -> Span {
        self.p
            .analysis
            .tokens
            .get(i)
            .map_or(Span::new(self.text.len(), self.text.len()), |t| t.span)
    }

    /// Byte span from the start of token `a` to the end of token `b - 1`.
    pub fn span_of(&self, r: std::ops::Range<usize>) -> Span {
        let toks = &self.p.analysis.tokens;
        match (
            toks.get(r.start),
            r.end.checked_sub(1).and_then(|e| toks.get(e)),
        ) {
            (Some(a), Some(b)) if r.start < r.end => Span::new(a.span.start, b.span.end),
            _ => Span::new(0, 0),
        }
    }

    /// Surface text of a token range.
    pub fn text_of(&self, r: std::ops::Range<usize>) -> &'a str {
        self.span_of(r).text(self.text)
    }

    pub fn is_cap(&self, i: usize) -> bool {
        self.flags.get(i).is_some_and(|f| f & CAP != 0)
    }

    pub fn is_noun(&self, i: usize) -> bool {
        self.pos.get(i).is_some_and(|p| p.starts_with("NN"))
    }

    pub fn is_proper(&self, i: usize) -> bool {
        self.pos.get(i).is_some_and(|p| p.starts_with("NNP"))
    }

    /// No letter or digit in token `i` (true past the end).
    pub fn is_punct(&self, i: usize) -> bool {
        self.flags.get(i).is_none_or(|f| f & PUNCT != 0)
    }

    pub fn quoted(&self, i: usize) -> bool {
        self.p.analysis.quote_depth.get(i).copied().unwrap_or(0) > 0
    }

    pub fn sentence(&self, i: usize) -> usize {
        self.sent_of.get(i).copied().unwrap_or(0) as usize
    }

    /// The first token of token `i`'s sentence.
    pub fn sentence_start(&self, i: usize) -> usize {
        self.p
            .analysis
            .sentences
            .get(self.sentence(i))
            .map_or(0, |s| s.tokens.start)
    }

    /// Is token `i` in a headline: the first sentence, alone in its paragraph, and in
    /// title case (most of its words capitalised) or short (at most 20 words) with more
    /// paragraphs after it?
    pub fn headline(&self, i: usize) -> bool {
        self.sentence(i) < self.headline_sentences
    }

    /// 0 without a headline; 1 for a headline; 2 with a subheadline: a one-sentence
    /// line of at most 25 words right under the headline (one line break between,
    /// no blank line) with more paragraphs after it ("Lawmaker urges retaliation on
    /// Russia; / Member of House panel says U.S. has to keep Moscow out of elections.").
    fn count_headline_sentences(&self) -> usize {
        if !self.first_sentence_is_headline() {
            return 0;
        }
        let paras = &self.p.analysis.paragraphs;
        let sub = match (paras.first(), paras.get(1)) {
            (Some(p0), Some(p1)) if paras.len() > 2 && p1.sentences.len() == 1 => {
                let gap = self.text.get(p0.span.end..p1.span.start).unwrap_or("");
                let words = self
                    .p
                    .analysis
                    .sentences
                    .get(p1.sentences.start)
                    .map(|s| s.tokens.clone().filter(|&t| !self.is_punct(t)).count())
                    .unwrap_or(usize::MAX);
                gap.matches('\n').count() == 1 && words <= 25
            }
            _ => false,
        };
        if sub {
            2
        } else {
            1
        }
    }

    fn first_sentence_is_headline(&self) -> bool {
        let Some(s) = self.p.analysis.sentences.first() else {
            return false;
        };
        let alone = self
            .p
            .analysis
            .paragraphs
            .first()
            .is_some_and(|p| p.sentences.len() == 1);
        let words: Vec<usize> = s.tokens.clone().filter(|&t| !self.is_punct(t)).collect();
        let caps = words.iter().filter(|&&t| self.is_cap(t)).count();
        // title case, or a short first paragraph of a longer text
        let short_first = words.len() <= 20 && self.p.analysis.paragraphs.len() > 1;
        alone && !words.is_empty() && (caps * 10 >= words.len() * 6 || short_first)
    }

    /// The paragraph index of token `i`.
    pub fn paragraph(&self, i: usize) -> usize {
        self.para_of.get(self.sentence(i)).copied().unwrap_or(0) as usize
    }

    /// Token indices whose spans lie inside any of `spans` (byte spans), in order.
    pub fn tokens_in(&self, spans: &[Span]) -> Vec<usize> {
        let toks = &self.p.analysis.tokens;
        let mut out = Vec::new();
        for s in spans {
            let first = toks.partition_point(|t| t.span.end <= s.start);
            let end = first + toks[first..].partition_point(|t| t.span.start < s.end);
            out.reserve(end - first);
            out.extend(
                (first..end)
                    .filter(|&i| toks[i].span.start >= s.start && toks[i].span.end <= s.end),
            );
        }
        if spans.len() > 1 {
            out.sort_unstable();
            out.dedup();
        }
        out
    }

    /// The first token at or after byte `b`.
    pub fn token_at(&self, b: usize) -> usize {
        self.p.analysis.tokens.partition_point(|t| t.span.end <= b)
    }
}

/// Title case of an all-capitals word ("WALLACE" → "Wallace"); other words unchanged.
pub fn tidy_caps(s: &str) -> String {
    let mut letters = s.chars().filter(|c| c.is_alphabetic());
    let shouting = letters.clone().count() > 3 && letters.all(char::is_uppercase);
    if shouting && !s.contains('.') {
        let mut out = String::with_capacity(s.len());
        let mut start = true;
        for c in s.chars() {
            if start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = !c.is_alphabetic() && c != '\'';
        }
        out
    } else {
        s.to_string()
    }
}
