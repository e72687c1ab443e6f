//! Hand-written word lists the extractor uses as features and in decoding rules:
//! reporting verbs (by lemma), "according to"-style cues, titles, and a tiny
//! rule lemmatiser for verbs. The trained models learn the weights; these lists only
//! let them generalise to words rare in training.

use whosaid_models::features::{hash, hash_continue};

/// Lemmas of verbs and nouns that commonly introduce reported speech or thought.
pub const REPORTING_LEMMAS: &[&str] = &[
    "say",
    "tell",
    "report",
    "claim",
    "state",
    "announce",
    "add",
    "note",
    "write",
    "tweet",
    "post",
    "argue",
    "ask",
    "answer",
    "reply",
    "respond",
    "explain",
    "insist",
    "maintain",
    "deny",
    "reject",
    "admit",
    "acknowledge",
    "concede",
    "confirm",
    "warn",
    "caution",
    "predict",
    "suggest",
    "hint",
    "imply",
    "indicate",
    "believe",
    "think",
    "feel",
    "know",
    "hope",
    "fear",
    "worry",
    "expect",
    "want",
    "wish",
    "plan",
    "intend",
    "promise",
    "pledge",
    "vow",
    "threaten",
    "urge",
    "call",
    "demand",
    "charge",
    "accuse",
    "allege",
    "blame",
    "criticize",
    "criticise",
    "attack",
    "blast",
    "slam",
    "praise",
    "defend",
    "describe",
    "recall",
    "remember",
    "mention",
    "cite",
    "quote",
    "declare",
    "proclaim",
    "assert",
    "contend",
    "stress",
    "emphasize",
    "emphasise",
    "reiterate",
    "repeat",
    "continue",
    "conclude",
    "agree",
    "disagree",
    "dispute",
    "question",
    "doubt",
    "wonder",
    "complain",
    "lament",
    "joke",
    "quip",
    "muse",
    "observe",
    "point",
    "recount",
    "reveal",
    "disclose",
    "leak",
    "inform",
    "brief",
    "testify",
    "assure",
    "reassure",
    "advise",
    "recommend",
    "propose",
    "endorse",
    "support",
    "oppose",
    "condemn",
    "denounce",
    "decry",
    "dismiss",
    "mock",
    "ridicule",
    "estimate",
    "calculate",
    "find",
    "show",
    "suggest",
    "conclude",
    "seem",
    "appear",
    "announce",
    "boast",
    "brag",
    "concur",
    "counter",
    "retort",
    "shout",
    "yell",
    "scream",
    "whisper",
    "murmur",
    "speculate",
    "surmise",
    "guess",
    "hypothesize",
    "theorize",
    "insinuate",
    "confess",
    "divulge",
    "relay",
    "convey",
    "communicate",
    "express",
    "voice",
    "signal",
    "acknowledge",
    "swear",
    "affirm",
    "aver",
    "opine",
    "reckon",
    "figure",
    "decide",
    "refuse",
    "decline",
    "interview",
    "statement",
    "comment",
    "remark",
    "release",
    "label",
    "dub",
    "term",
    "name",
    "brand",
    "characterize",
    "portray",
    "frame",
    "rule",
    "vote",
];

/// Single-token cues of the "according to" kind ("per", "citing").
pub const ACCORDING_WORDS: &[&str] = &["according", "per", "citing", "quoting", "via"];

/// Titles and roles that often precede a name in a source.
pub const TITLES: &[&str] = &[
    "president",
    "sen.",
    "senator",
    "rep.",
    "representative",
    "gov.",
    "governor",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "gen.",
    "secretary",
    "minister",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "officials",
    "aide",
    "aides",
    "adviser",
    "advisers",
    "advisor",
    "chairman",
    "chairwoman",
    "director",
    "leader",
    "candidate",
    "nominee",
    "envoy",
    "ambassador",
    "speaker",
    "mayor",
    "judge",
    "justice",
    "attorney",
    "lawyer",
    "reporter",
    "analyst",
    "expert",
    "strategist",
    "source",
    "sources",
    "spokesmen",
    "prime",
    "vice",
    "former",
    "chief",
    "ceo",
    "professor",
    "manager",
    "chair",
    "press",
];

/// Lemmas of strong reporting words used to find nested attributions inside a
/// content (the cue model, trained on outermost attributions only, rarely proposes
/// them).
pub const NESTED_LEMMAS: &[&str] = &[
    "say",
    "tell",
    "claim",
    "report",
    "announce",
    "deny",
    "insist",
    "confirm",
    "warn",
    "admit",
    "acknowledge",
    "accuse",
    "allege",
    "charge",
    "argue",
    "write",
    "tweet",
    "believe",
    "mention",
    "state",
    "assert",
    "declare",
    "suggest",
];

/// Hashes of the lowercased lemmas in [`NESTED_LEMMAS`] (as in `TokenInfo::lemma`).
pub static NESTED_HASHES: std::sync::LazyLock<Vec<u64>> =
    std::sync::LazyLock::new(|| NESTED_LEMMAS.iter().map(|l| hash(l.as_bytes())).collect());

/// Hashes of the words linking a reporting noun to its source or content.
pub static NOUN_LINK_HASHES: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    ["from", "by", "that", "of"]
        .iter()
        .map(|l| hash(l.as_bytes()))
        .collect()
});

/// Hash of "to".
pub static TO_HASH: std::sync::LazyLock<u64> = std::sync::LazyLock::new(|| hash(b"to"));

/// Irregular verb forms → lemma.
const IRREGULAR: &[(&str, &str)] = &[
    ("said", "say"),
    ("says", "say"),
    ("told", "tell"),
    ("wrote", "write"),
    ("written", "write"),
    ("thought", "think"),
    ("knew", "know"),
    ("known", "know"),
    ("felt", "feel"),
    ("found", "find"),
    ("shown", "show"),
    ("saw", "see"),
    ("seen", "see"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("swore", "swear"),
    ("sworn", "swear"),
    ("made", "make"),
    ("gave", "give"),
    ("given", "give"),
    ("took", "take"),
    ("taken", "take"),
    ("went", "go"),
    ("gone", "go"),
    ("held", "hold"),
    ("meant", "mean"),
    ("is", "be"),
    ("are", "be"),
    ("was", "be"),
    ("were", "be"),
    ("been", "be"),
    ("has", "have"),
    ("had", "have"),
    ("did", "do"),
    ("does", "do"),
    ("led", "lead"),
];

/// A rough lemma of a lowercased word (verbs and plural nouns); good enough as a feature.
pub fn lemma(lower: &str) -> &str {
    if let Some((_, l)) = IRREGULAR.iter().find(|(f, _)| *f == lower) {
        return l;
    }
    let n = lower.len();
    if n > 5 && lower.ends_with("ing") {
        return &lower[..n - 3];
    }
    if n > 4 && lower.ends_with("ied") {
        return &lower[..n - 3];
    }
    if n > 4 && lower.ends_with("ed") {
        return &lower[..n - 2];
    }
    if n > 4 && lower.ends_with("es") && !lower.ends_with("ses") {
        return &lower[..n - 1];
    }
    if n > 3 && lower.ends_with('s') && !lower.ends_with("ss") && !lower.ends_with("us") {
        return &lower[..n - 1];
    }
    lower
}

fn sorted_hashes<'a>(words: impl Iterator<Item = &'a str>) -> Vec<u64> {
    let mut v: Vec<u64> = words.map(|w| hash(w.as_bytes())).collect();
    v.sort_unstable();
    v.dedup();
    v
}

static REPORTING_SET: std::sync::LazyLock<Vec<u64>> =
    std::sync::LazyLock::new(|| sorted_hashes(REPORTING_LEMMAS.iter().copied()));
static ACCORDING_SET: std::sync::LazyLock<Vec<u64>> =
    std::sync::LazyLock::new(|| sorted_hashes(ACCORDING_WORDS.iter().copied()));
static TITLE_SET: std::sync::LazyLock<Vec<u64>> =
    std::sync::LazyLock::new(|| sorted_hashes(TITLES.iter().copied()));

/// True when the word, its rough lemma, or the lemma plus "e" ("charg" → "charge")
/// is a reporting word.
pub fn is_reporting(lower: &str) -> bool {
    let l = lemma(lower);
    let hl = hash(l.as_bytes());
    let set = &*REPORTING_SET;
    set.binary_search(&hl).is_ok()
        || set.binary_search(&hash(lower.as_bytes())).is_ok()
        || set.binary_search(&hash_continue(hl, b"e")).is_ok()
}

pub fn is_according(lower: &str) -> bool {
    ACCORDING_SET.binary_search(&hash(lower.as_bytes())).is_ok()
}

pub fn is_title(lower: &str) -> bool {
    TITLE_SET.binary_search(&hash(lower.as_bytes())).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lemmas_of_cues() {
        assert_eq!(lemma("said"), "say");
        assert_eq!(lemma("charged"), "charg");
        assert!(is_reporting("said"));
        assert!(is_reporting("charged"));
        assert!(is_reporting("mentioned"));
        assert!(is_reporting("claims"));
        assert!(is_reporting("saying"));
        assert!(!is_reporting("table"));
    }
}
