//! Tokenisation, stemming, stop words, sentence splitting and the cue lexicons.

use rust_stemmers::{Algorithm, Stemmer};

/// 64-bit FNV-1a; stable across platforms and runs (used for term ids and hashed features).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Hash of a tag byte followed by the parts, separated by 0x1f.
pub fn hash_parts(tag: u8, parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    eat(tag);
    for p in parts {
        eat(0x1f);
        for &b in *p {
            eat(b);
        }
    }
    h
}

/// Combines two 64-bit ids into one (for pair features).
pub fn mix(a: u64, b: u64) -> u64 {
    let mut x = a ^ b.rotate_left(29) ^ 0x9e37_79b9_7f4a_7c15;
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Cue classes (bit flags on a token).
pub mod cue {
    pub const REFUTE: u8 = 1;
    pub const HEDGE: u8 = 2;
    pub const AGREE: u8 = 4;
    pub const NEG: u8 = 8;
    /// Number of cue classes, in bit order.
    pub const COUNT: usize = 4;
}

const REFUTE_WORDS: &[&str] = &[
    "fake",
    "fakes",
    "faked",
    "fraud",
    "fraudulent",
    "hoax",
    "hoaxes",
    "hoaxer",
    "false",
    "falsely",
    "deny",
    "denies",
    "denied",
    "denying",
    "denial",
    "despite",
    "nope",
    "doubt",
    "doubts",
    "doubted",
    "doubtful",
    "bogus",
    "debunk",
    "debunks",
    "debunked",
    "debunking",
    "prank",
    "pranks",
    "pranked",
    "retract",
    "retracts",
    "retracted",
    "retraction",
    "untrue",
    "myth",
    "myths",
    "baseless",
    "unfounded",
    "satire",
    "satirical",
    "misleading",
    "fabricated",
    "fabrication",
    "incorrect",
    "wrong",
    "lie",
    "lies",
    "lied",
    "refute",
    "refutes",
    "refuted",
    "dismiss",
    "dismissed",
    "dismisses",
    "reject",
    "rejects",
    "rejected",
    "contrary",
    "parody",
    "joke",
    "scam",
    "photoshopped",
    "doctored",
    "nonsense",
    "erroneous",
    "mistaken",
    "dispute",
    "disputes",
    "disputed",
    "contradict",
    "contradicts",
    "contradicted",
    "fictional",
    "fiction",
    "spoof",
    "invented",
    "debunker",
    "misinformation",
];

const HEDGE_WORDS: &[&str] = &[
    "reportedly",
    "allegedly",
    "alleged",
    "alleges",
    "allege",
    "claim",
    "claims",
    "claimed",
    "claiming",
    "according",
    "rumor",
    "rumors",
    "rumour",
    "rumored",
    "rumoured",
    "unconfirmed",
    "unverified",
    "may",
    "might",
    "could",
    "possibly",
    "possible",
    "perhaps",
    "apparently",
    "appears",
    "appear",
    "appeared",
    "seems",
    "seem",
    "seemingly",
    "suggests",
    "suggest",
    "suggested",
    "purportedly",
    "purported",
    "speculation",
    "speculate",
    "speculated",
    "speculating",
    "believed",
    "supposedly",
    "whether",
    "unclear",
    "reports",
    "reported",
    "report",
    "sources",
    "source",
    "circulating",
    "viral",
    "investigating",
    "investigation",
    "unknown",
    "unsure",
    "uncertain",
    "likely",
    "unlikely",
    "if",
];

const AGREE_WORDS: &[&str] = &[
    "confirmed",
    "confirm",
    "confirms",
    "confirming",
    "confirmation",
    "officially",
    "official",
    "announced",
    "announce",
    "announces",
    "announcement",
    "statement",
    "indeed",
    "true",
    "truly",
    "actually",
    "verified",
    "verify",
    "revealed",
    "reveals",
    "proves",
    "proved",
    "proof",
    "evidence",
    "genuine",
    "authentic",
    "admitted",
    "admits",
    "acknowledged",
];

const NEG_WORDS: &[&str] = &[
    "not", "no", "never", "none", "nothing", "nobody", "neither", "nor", "cannot", "without",
];

const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "after",
    "afterwards",
    "again",
    "against",
    "all",
    "almost",
    "alone",
    "along",
    "already",
    "also",
    "although",
    "always",
    "am",
    "among",
    "amongst",
    "an",
    "and",
    "another",
    "any",
    "anyhow",
    "anyone",
    "anything",
    "anyway",
    "anywhere",
    "are",
    "around",
    "as",
    "at",
    "be",
    "became",
    "because",
    "become",
    "becomes",
    "becoming",
    "been",
    "before",
    "beforehand",
    "behind",
    "being",
    "below",
    "beside",
    "besides",
    "between",
    "beyond",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "down",
    "due",
    "during",
    "each",
    "eg",
    "either",
    "else",
    "elsewhere",
    "enough",
    "etc",
    "even",
    "ever",
    "every",
    "everyone",
    "everything",
    "everywhere",
    "except",
    "few",
    "for",
    "former",
    "formerly",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "hence",
    "her",
    "here",
    "hereafter",
    "hereby",
    "herein",
    "hereupon",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "ie",
    "if",
    "in",
    "indeed",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "last",
    "latter",
    "latterly",
    "least",
    "less",
    "ltd",
    "made",
    "many",
    "may",
    "me",
    "meanwhile",
    "might",
    "mine",
    "more",
    "moreover",
    "most",
    "mostly",
    "much",
    "must",
    "my",
    "myself",
    "namely",
    "neither",
    "never",
    "nevertheless",
    "next",
    "no",
    "nobody",
    "none",
    "noone",
    "nor",
    "not",
    "nothing",
    "now",
    "nowhere",
    "of",
    "off",
    "often",
    "on",
    "once",
    "one",
    "only",
    "onto",
    "or",
    "other",
    "others",
    "otherwise",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "perhaps",
    "please",
    "rather",
    "re",
    "s",
    "same",
    "say",
    "says",
    "said",
    "seem",
    "seemed",
    "seeming",
    "seems",
    "several",
    "she",
    "should",
    "since",
    "so",
    "some",
    "somehow",
    "someone",
    "something",
    "sometime",
    "sometimes",
    "somewhere",
    "still",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "thence",
    "there",
    "thereafter",
    "thereby",
    "therefore",
    "therein",
    "thereupon",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "throughout",
    "thru",
    "thus",
    "to",
    "together",
    "too",
    "toward",
    "towards",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "was",
    "we",
    "well",
    "were",
    "what",
    "whatever",
    "when",
    "whence",
    "whenever",
    "where",
    "whereafter",
    "whereas",
    "whereby",
    "wherein",
    "whereupon",
    "wherever",
    "whether",
    "which",
    "while",
    "whither",
    "who",
    "whoever",
    "whole",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "new",
    "reports",
    "report",
    "reported",
    "reportedly",
    "according",
];

fn sorted(words: &[&'static str]) -> Vec<&'static str> {
    let mut v = words.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

/// One token of a text.
#[derive(Debug, Clone)]
pub struct Tok {
    /// Lower-cased surface form (apostrophes normalised, possessive `'s` removed).
    pub lower: String,
    /// Id of the Porter stem (FNV-1a of the stem).
    pub stem: u64,
    /// Stop word.
    pub stop: bool,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// First token of its sentence.
    pub first: bool,
    /// Contains a digit.
    pub num: bool,
    /// Cue flags ([`cue`]).
    pub cues: u8,
    /// Sentence index.
    pub sent: u32,
}

/// Tokeniser with its stemmer and word lists.
pub struct Analyzer {
    stemmer: Stemmer,
    stop: Vec<&'static str>,
    refute: Vec<&'static str>,
    hedge: Vec<&'static str>,
    agree: Vec<&'static str>,
    neg: Vec<&'static str>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new()
    }
}

impl Clone for Analyzer {
    fn clone(&self) -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analyzer")
    }
}

impl Analyzer {
    pub fn new() -> Self {
        Analyzer {
            stemmer: Stemmer::create(Algorithm::English),
            stop: sorted(STOP_WORDS),
            refute: sorted(REFUTE_WORDS),
            hedge: sorted(HEDGE_WORDS),
            agree: sorted(AGREE_WORDS),
            neg: sorted(NEG_WORDS),
        }
    }

    /// Whether `w` (lower case) is a stop word.
    pub fn is_stop(&self, w: &str) -> bool {
        self.stop.binary_search(&w).is_ok()
    }

    fn cues_of(&self, w: &str, negated_suffix: bool) -> u8 {
        let mut c = 0;
        if self.refute.binary_search(&w).is_ok() {
            c |= cue::REFUTE;
        }
        if self.hedge.binary_search(&w).is_ok() {
            c |= cue::HEDGE;
        }
        if self.agree.binary_search(&w).is_ok() {
            c |= cue::AGREE;
        }
        if negated_suffix || self.neg.binary_search(&w).is_ok() {
            c |= cue::NEG;
        }
        c
    }

    /// Splits `text` into tokens with sentence indices. Words are runs of alphanumeric
    /// characters (with inner apostrophes); a sentence ends at `.`, `!` or `?` followed by
    /// white space, or at a line break.
    pub fn tokenize(&self, text: &str) -> Vec<Tok> {
        let mut out: Vec<Tok> = Vec::new();
        let mut sent: u32 = 0;
        let mut sent_has_tokens = false;
        let mut word = String::new();
        let mut word_cap = false;
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let is_apos = (c == '\'' || c == '\u{2019}')
                && !word.is_empty()
                && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
            if c.is_alphanumeric() || is_apos {
                if word.is_empty() {
                    word_cap = c.is_uppercase();
                }
                if is_apos {
                    word.push('\'');
                } else {
                    word.extend(c.to_lowercase());
                }
                i += 1;
                continue;
            }
            if !word.is_empty() {
                self.push_word(&mut out, &word, word_cap, sent, sent_has_tokens);
                sent_has_tokens = true;
                word.clear();
            }
            let ends = match c {
                '.' | '!' | '?' => chars
                    .get(i + 1)
                    .is_none_or(|n| n.is_whitespace() || *n == '"' || *n == '\u{201d}'),
                '\n' => true,
                _ => false,
            };
            if ends && sent_has_tokens {
                sent += 1;
                sent_has_tokens = false;
            }
            i += 1;
        }
        if !word.is_empty() {
            self.push_word(&mut out, &word, word_cap, sent, sent_has_tokens);
        }
        out
    }

    fn push_word(&self, out: &mut Vec<Tok>, word: &str, cap: bool, sent: u32, not_first: bool) {
        let mut w = word;
        if let Some(stripped) = w.strip_suffix("'s") {
            w = stripped;
        }
        let neg_suffix = w.ends_with("n't");
        let lower = w.to_string();
        let stop = self.is_stop(&lower) || neg_suffix;
        let stem_str = self.stemmer.stem(&lower);
        out.push(Tok {
            stem: fnv1a(stem_str.as_bytes()),
            stop,
            cap,
            first: !not_first,
            num: lower.chars().any(|c| c.is_ascii_digit()),
            cues: self.cues_of(&lower, neg_suffix),
            sent,
            lower,
        });
    }
}

/// Lower-cases `text` and collapses runs of non-alphanumeric characters into one space,
/// for character n-grams.
pub fn normalize_for_chars(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    let mut space = true;
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.last() == Some(&' ') {
        out.pop();
    }
    out
}

/// Sorted, deduplicated hashes of the character `n`-grams of `chars`.
pub fn char_ngrams(chars: &[char], n: usize) -> Vec<u64> {
    if chars.len() < n {
        return Vec::new();
    }
    let mut buf = String::new();
    let mut v: Vec<u64> = chars
        .windows(n)
        .map(|w| {
            buf.clear();
            buf.extend(w.iter());
            fnv1a(buf.as_bytes())
        })
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_sentences_and_cues() {
        let a = Analyzer::new();
        let t = a.tokenize("Police didn't confirm it. The Hoax spread\nAgain, Obama's dog");
        let words: Vec<&str> = t.iter().map(|t| t.lower.as_str()).collect();
        assert_eq!(
            words,
            [
                "police", "didn't", "confirm", "it", "the", "hoax", "spread", "again", "obama",
                "dog"
            ]
        );
        assert_eq!(t[1].cues & cue::NEG, cue::NEG);
        assert_eq!(t[2].cues & cue::AGREE, cue::AGREE);
        assert_eq!(t[5].cues & cue::REFUTE, cue::REFUTE);
        let sents: Vec<u32> = t.iter().map(|t| t.sent).collect();
        assert_eq!(sents, [0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
        assert!(t[5].cap && t[0].cap && !t[1].cap && t[8].cap);
        assert!(t[0].first && t[4].first && !t[5].first);
    }
}
