//! The language of an article: detected from the start of its text (whatlang, trigram
//! statistics over the first [`SAMPLE_CHARS`] characters, microseconds per article) or
//! given by the input, as an ISO 639-1 code ("en", "fr"; the ISO 639-3 code where a
//! language has no two-letter one).
//!
//! The attribution models were trained on English news (PolNeAR) only. An article
//! whose language is *reliably* something else is stored without analysis; short or
//! ambiguous texts, whose detection is not reliable, are read as English (their
//! language is left unknown rather than guessed).

use whosaid_core::Article;

/// The language the attribution models read.
pub const MODEL_LANGUAGE: &str = "en";

/// How many characters from the start of a text the detector looks at.
pub const SAMPLE_CHARS: usize = 2000;

/// The language of `text` as an ISO 639-1 code, and whether the detection is reliable;
/// `None` when there is nothing to tell it by (no letters).
pub fn detect_language(text: &str) -> Option<(String, bool)> {
    let sample = match text.char_indices().nth(SAMPLE_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    if plainly_english(sample) {
        return Some(("en".to_string(), true));
    }
    let info = whatlang::detect(sample)?;
    Some((iso639_1(info.lang().code()).to_string(), info.is_reliable()))
}

/// A cheap first look that settles most news in English without the detector (which
/// costs a fixed ~0.1 ms a call): "the" at least three times and English function
/// words, none of them words of another major Latin-script language, making up at
/// least a tenth of the words.
fn plainly_english(sample: &str) -> bool {
    let (mut words, mut the, mut function) = (0usize, 0usize, 0usize);
    for w in sample.split_whitespace() {
        words += 1;
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.eq_ignore_ascii_case("the") {
            the += 1;
            function += 1;
        } else if [
            "and", "that", "said", "with", "which", "from", "have", "has", "were", "would",
        ]
        .iter()
        .any(|f| w.eq_ignore_ascii_case(f))
        {
            function += 1;
        }
    }
    the >= 3 && function * 10 >= words
}

/// The ISO 639-1 code of a language given by its ISO 639-3 code (as whatlang names
/// them); the 639-3 code itself when there is no two-letter one.
pub fn iso639_1(code3: &str) -> &str {
    match code3 {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" => "zh",
        "cym" => "cy",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nob" => "nb",
        "ori" => "or",
        "pan" => "pa",
        "pes" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        other => other,
    }
}

/// A language given by an input ("fr", "FR", "fr-CA", "fra", "French") as the code
/// whosaid stores; `None` for an empty value. Codes whatlang does not know are kept
/// as given (lower case, primary subtag).
pub fn normalize(given: &str) -> Option<String> {
    let tag = given.trim().to_ascii_lowercase();
    let primary = tag.split(['-', '_']).next().unwrap_or("").trim();
    if primary.is_empty() {
        return None;
    }
    let by_name = whatlang::Lang::all()
        .iter()
        .find(|l| l.eng_name().eq_ignore_ascii_case(primary))
        .map(|l| l.code());
    let code = match by_name {
        Some(code3) => iso639_1(code3),
        None if primary.len() == 3 => iso639_1(primary),
        None => primary,
    };
    Some(code.to_string())
}

/// The English name of a language code ("fr" → "French"), when whatlang knows it.
pub fn english_name(code: &str) -> Option<&'static str> {
    whatlang::Lang::all()
        .iter()
        .find(|l| l.code() == code || iso639_1(l.code()) == code)
        .map(|l| l.eng_name())
}

/// "French (fr)", or the bare code for a language without a known name.
pub fn describe(code: &str) -> String {
    match english_name(code) {
        Some(name) => format!("{name} ({code})"),
        None => code.to_string(),
    }
}

/// Settles an article's language before analysis: when none was given, the detected
/// one is recorded if the detection is reliable (otherwise it stays unknown). Returns
/// the language when it is known and not English: such an article is not analysed.
pub fn settle(article: &mut Article) -> Option<&str> {
    if article.language.is_none() {
        article.language = detect_language(&article.text)
            .filter(|(_, reliable)| *reliable)
            .map(|(code, _)| code);
    }
    not_english(article)
}

/// The article's language when it is known and not English (the article is then
/// stored without analysis); `None` for English or an unknown language.
pub fn not_english(article: &Article) -> Option<&str> {
    article
        .language
        .as_deref()
        .filter(|code| *code != MODEL_LANGUAGE)
}

/// The note for an article stored without analysis because of its language.
pub fn not_analysed_note(code: &str) -> String {
    format!(
        "{}: attributions are only extracted from English text; stored without attributions",
        describe(code)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = "The minister said on Tuesday that the talks would resume next week, \
        according to officials who spoke on condition of anonymity. “We are close to an \
        agreement,” a senior diplomat told reporters, adding that several questions remained.";
    const FR: &str = "Le ministre a déclaré mardi que les négociations reprendraient la \
        semaine prochaine, selon des responsables qui ont requis l'anonymat. « Nous sommes \
        proches d'un accord », a affirmé un diplomate aux journalistes.";
    const ES: &str = "El ministro afirmó el martes que las negociaciones se reanudarán la \
        próxima semana, según fuentes oficiales que pidieron el anonimato. «Estamos cerca de \
        un acuerdo», dijo un diplomático a los periodistas.";
    const DE: &str = "Der Minister sagte am Dienstag, die Gespräche würden in der nächsten \
        Woche fortgesetzt, wie Beamte mitteilten, die nicht namentlich genannt werden wollten.";
    const AR: &str = "قال الوزير يوم الثلاثاء إن المحادثات ستستأنف الأسبوع المقبل، وفقا لمسؤولين \
        طلبوا عدم الكشف عن هويتهم، مضيفا أن عدة مسائل لا تزال عالقة.";

    #[test]
    fn news_paragraphs_are_detected_reliably() {
        for (text, code) in [(EN, "en"), (FR, "fr"), (ES, "es"), (DE, "de"), (AR, "ar")] {
            assert_eq!(
                detect_language(text),
                Some((code.to_string(), true)),
                "{text}"
            );
        }
    }

    #[test]
    fn the_english_first_look_agrees_with_the_detector() {
        // two "the" are not enough to settle it; three paragraphs are
        assert!(!plainly_english(EN));
        let long = EN.repeat(3);
        assert!(plainly_english(&long));
        for text in [FR, ES, DE, AR] {
            assert!(!plainly_english(&text.repeat(3)), "{text}");
        }
        // what the first look settles, the detector calls English too
        let info = whatlang::detect(&long).expect("detected");
        assert_eq!(info.lang().code(), "eng");
        assert_eq!(detect_language(&long), Some(("en".into(), true)));
    }

    #[test]
    fn nothing_to_detect_and_short_text_are_not_refused() {
        assert_eq!(detect_language(""), None);
        assert_eq!(detect_language("  12 345 — 678 "), None);
        // too short to tell: whatever the guess, it is not reliable
        assert!(detect_language("Oui.").is_none_or(|(_, reliable)| !reliable));
        let mut a = Article::new("short", "Oui.");
        assert_eq!(settle(&mut a), None, "short text is read as English");
        assert_eq!(a.language, None);
    }

    #[test]
    fn only_the_start_is_read() {
        // an English article with a long French appendix is English
        let text = format!("{} {}", EN.repeat(12), FR.repeat(200));
        assert!(text.chars().count() > 10 * SAMPLE_CHARS);
        assert_eq!(detect_language(&text), Some(("en".into(), true)));
        // multi-byte characters at the cut are no problem
        let text = "é".repeat(SAMPLE_CHARS * 2);
        let _ = detect_language(&text);
    }

    #[test]
    fn settle_keeps_a_given_language_and_fills_a_missing_one() {
        let mut a = Article::new("fr", FR);
        assert_eq!(settle(&mut a), Some("fr"));
        assert_eq!(a.language.as_deref(), Some("fr"));
        let mut a = Article::new("en", EN);
        assert_eq!(settle(&mut a), None);
        assert_eq!(a.language.as_deref(), Some("en"));
        // a given language wins over the text
        let mut a = Article::new("given", FR);
        a.language = Some("en".into());
        assert_eq!(settle(&mut a), None);
        assert_eq!(a.language.as_deref(), Some("en"));
        let mut a = Article::new("given", EN);
        a.language = Some("de".into());
        assert_eq!(settle(&mut a), Some("de"));
    }

    #[test]
    fn codes_are_normalized_and_named() {
        assert_eq!(normalize("FR").as_deref(), Some("fr"));
        assert_eq!(normalize(" fr-CA ").as_deref(), Some("fr"));
        assert_eq!(normalize("pt_BR").as_deref(), Some("pt"));
        assert_eq!(normalize("fra").as_deref(), Some("fr"));
        assert_eq!(normalize("Spanish").as_deref(), Some("es"));
        assert_eq!(normalize("gsw").as_deref(), Some("gsw"));
        assert_eq!(normalize("  "), None);
        assert_eq!(iso639_1("pes"), "fa");
        assert_eq!(iso639_1("xyz"), "xyz");
        assert_eq!(describe("fr"), "French (fr)");
        assert_eq!(describe("ar"), "Arabic (ar)");
        assert_eq!(describe("gsw"), "gsw");
        assert_eq!(
            not_analysed_note("es"),
            "Spanish (es): attributions are only extracted from English text; stored without attributions"
        );
    }

    #[test]
    fn every_detectable_language_has_a_two_letter_code() {
        for l in whatlang::Lang::all() {
            let code = iso639_1(l.code());
            assert_eq!(code.len(), 2, "{l:?}");
            assert_eq!(english_name(code), Some(l.eng_name()));
        }
    }
}
