//! Abbreviation lexicon: which words keep their final period ("Mr.", "Sept.", "Calif.")
//! and whether such an abbreviation may end a sentence.

/// How an abbreviation behaves at a sentence boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbrevClass {
    /// Precedes a name or number and never ends a sentence ("Mr.", "Sen.", "No.", initials).
    Title,
    /// Usually sentence-internal but may end a sentence ("U.S.", "Inc.", "p.m.", "Calif.").
    Other,
}

/// Titles and other abbreviations that precede what they modify.
const TITLES: &[&str] = &[
    "Adm", "Amb", "Atty", "Brig", "Capt", "Cmdr", "Col", "Cpl", "Dr", "Drs", "Fr", "Gen", "Gov",
    "Govs", "Hon", "Lt", "Maj", "Messrs", "Mmes", "Mr", "Mrs", "Ms", "Msgr", "Mt", "Pfc", "Pres",
    "Prof", "Rep", "Reps", "Rev", "Sen", "Sens", "Sgt", "Sr", "St", "Ste", "Supt", "Ft", "vs", "v",
    "MR", "MRS", "MS", "DR", "SEN", "REP", "GOV", "ST", "Mssrs",
];

/// Abbreviations that take a period only before a number ("No. 2", "Art. 5").
const BEFORE_NUMBER: &[&str] = &["No", "Nos", "no", "Art", "Fig", "Vol", "pp", "Ch", "Sec"];

/// Other abbreviations: months, states, corporate suffixes, Latin.
const OTHER: &[&str] = &[
    // months (May, June, July are words)
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    // US states (AP style)
    "Ala", "Ariz", "Ark", "Calif", "Cal", "Colo", "Conn", "Fla", "Ga", "Ill", "Ind", "Kan", "Kans",
    "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nebr", "Nev", "Okla",
    "Ore", "Pa", "Penn", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wisc", "Wyo",
    // companies, organisations
    "Inc", "Corp", "Co", "Cos", "Ltd", "Bros", "Assn", "Dept", "Univ", "Jr", "Esq", "Ph", "LLC",
    // misc
    "etc", "al", "approx", "est", "ca", "cf", "Ave", "Blvd", "Rd", "Hwy", "EST", "Gens", "Sgts",
    "Lts", "Cols", "Mex", "Que", "Ont", "Alta", "Sask", "Man",
];

fn contains(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

/// Whether `word` (without its period) takes a final period when followed by `next`
/// (the first char after the period, if any), and if so how it behaves at a sentence end.
pub(crate) fn classify(word: &str, next_nonspace_is_digit: bool) -> Option<AbbrevClass> {
    if word.is_empty() || word.len() > 8 {
        return None;
    }
    // Single letters: initials ("J.") and "v.".
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return if c.is_alphabetic() {
            Some(AbbrevClass::Title)
        } else {
            None
        };
    }
    if contains(TITLES, word) {
        // "Sr." and "Jr." follow names and may end a sentence.
        return Some(if word == "Sr" {
            AbbrevClass::Other
        } else {
            AbbrevClass::Title
        });
    }
    if contains(OTHER, word) {
        return Some(AbbrevClass::Other);
    }
    if next_nonspace_is_digit && contains(BEFORE_NUMBER, word) {
        return Some(AbbrevClass::Title);
    }
    None
}

/// Capitalised words that typically begin a sentence; after an abbreviation that may end
/// one ("U.S.", "Inc."), one of these means a new sentence starts.
const STARTERS: &[&str] = &[
    "A",
    "About",
    "After",
    "Against",
    "All",
    "Already",
    "Also",
    "Although",
    "An",
    "And",
    "Another",
    "Any",
    "As",
    "At",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Despite",
    "During",
    "Each",
    "Even",
    "Every",
    "For",
    "From",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Instead",
    "It",
    "Its",
    "Last",
    "Many",
    "Meanwhile",
    "More",
    "Most",
    "My",
    "No",
    "Not",
    "Now",
    "On",
    "Once",
    "One",
    "Only",
    "Or",
    "Our",
    "Over",
    "Several",
    "She",
    "Since",
    "So",
    "Some",
    "Still",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Thus",
    "To",
    "Two",
    "Under",
    "Until",
    "We",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "With",
    "Yet",
    "You",
    "Your",
];

/// Whether `word` is a typical sentence-initial word.
pub(crate) fn is_starter(word: &str) -> bool {
    STARTERS.contains(&word)
}

/// Top-level domains that keep "name.com" together as one token.
const TLDS: &[&str] = &[
    "com", "org", "net", "gov", "edu", "mil", "int", "io", "us", "uk", "tv", "ly", "me", "info",
    "biz", "ca", "de", "fr", "ru", "il", "eu", "au", "cn", "jp", "in", "news", "co",
];

/// Whether `word` is a common top-level domain (case-insensitive, ASCII).
pub(crate) fn is_tld(word: &str) -> bool {
    word.len() <= 4 && TLDS.iter().any(|t| t.eq_ignore_ascii_case(word))
}
