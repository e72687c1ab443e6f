//! Speaker resolution on short hand-written passages, one rule each: the speaker
//! behind a given source comes out as stated. Each passage is new text (not from
//! PolNeAR), so these check the rules, not the hand-checked sets.

use std::sync::LazyLock;
use whosaid_core::{Article, SpeakerType};

static EX: LazyLock<whosaid_extract::Extractor> =
    LazyLock::new(|| whosaid_extract::Extractor::builtin().expect("built-in models"));
static RES: LazyLock<whosaid_resolve::Resolver> = LazyLock::new(whosaid_resolve::Resolver::default);

/// The speaker (name, type) of the attribution whose source text is `source`.
fn speaker_of(text: &str, source: &str) -> Option<(String, SpeakerType)> {
    let art = Article::new("case", text.to_string());
    let (attrs, res) = whosaid_resolve::analyze(&EX, &RES, &art, false);
    let i = attrs.iter().position(|a| {
        a.source
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect::<Vec<_>>()
            .join(" ")
            == source
    });
    let Some(i) = i else {
        let found: Vec<String> = attrs
            .iter()
            .map(|a| {
                a.source
                    .iter()
                    .map(|s| &text[s.start..s.end])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        panic!("no attribution with source {source:?}; sources: {found:?}");
    };
    let s = res.provenance.get(i)?.speaker.as_ref()?;
    Some((s.name.clone(), s.kind))
}

#[test]
fn a_statement_is_named_after_its_issuer() {
    let text =
        "The Security Council issued a statement on Friday after a closed meeting in New York. \
                The statement said the members would meet again next week.";
    let (name, kind) = speaker_of(text, "The statement").expect("resolved");
    assert_eq!(kind, SpeakerType::Document);
    assert!(name.starts_with("Security Council"), "{name}");
}

#[test]
fn the_study_finds_an_earlier_named_survey() {
    let text = "Turnout fell in the three largest counties, according to a recent Reuters survey of voter lists. \
                The study found that inactive voters were purged at twice the rate.";
    let (name, kind) = speaker_of(text, "The study").expect("resolved");
    assert_eq!(kind, SpeakerType::Document);
    assert_eq!(name, "Reuters survey");
}

#[test]
fn the_state_is_not_a_secretary_of_state() {
    let text = "Secretary of State Jon Husted defended the purge on Tuesday. \
                Critics cite the 2000 election in Florida, when the state said that 12,000 voters were felons.";
    let got = speaker_of(text, "the state");
    assert!(
        got.as_ref().is_none_or(|(n, _)| !n.contains("Husted")),
        "{got:?}"
    );
}

#[test]
fn the_agency_is_the_organisation_named_before_not_its_parent() {
    let text = "Officials at Homeland Security Investigations, a division of Immigration and Customs Enforcement, \
                met with lawmakers on Monday. In a memo, the agency said the program should end.";
    let (name, kind) = speaker_of(text, "the agency").expect("resolved");
    assert_eq!(kind, SpeakerType::Organisation);
    assert_eq!(name, "Homeland Security Investigations");
}

#[test]
fn they_can_be_two_people_named_together() {
    let text = "Barack Obama and Hillary Clinton met donors in Chicago on Monday. \
                The event raised $2 million for the party. \
                They said the money would go to field offices in swing states.";
    let (name, kind) = speaker_of(text, "They").expect("resolved");
    assert_eq!(kind, SpeakerType::Multiple);
    assert_eq!(name, "Barack Obama and Hillary Clinton");
}

#[test]
fn joint_possessive_and_party_adjectives_keep_both_people() {
    let text = "Both President Barack Obama and Republican presidential nominee Donald Trump \
                said Europe must spend more on defence.";
    let art = Article::new("case", text.to_string());
    let (attrs, res) = whosaid_resolve::analyze(&EX, &RES, &art, false);
    // no source naming both men resolves to only one of them
    let mut both = 0;
    for (a, p) in attrs.iter().zip(&res.provenance) {
        let src: String = a.source.iter().map(|s| &text[s.start..s.end]).collect();
        if src.contains("Obama") && src.contains("Trump") {
            both += 1;
            let s = p.speaker.as_ref().expect("speaker");
            assert_eq!(s.kind, SpeakerType::Multiple, "{src}: {s:?}");
        }
    }
    assert!(both > 0, "no source names both: {attrs:?}");
}

#[test]
fn a_title_run_and_a_split_first_name_make_one_person() {
    let text = "Chief Justice John G. Roberts Jr. spoke of the court's history at the ceremony. \
                To understand the case, Chief Justice Roberts said, one should visit the museum.";
    let (name, kind) = speaker_of(text, "Chief Justice Roberts").expect("resolved");
    assert_eq!(kind, SpeakerType::Person);
    assert_eq!(name, "John G. Roberts Jr.");
}

#[test]
fn a_quoted_nickname_stays_inside_the_name() {
    let text = "For 24 years, Rep. Robert C. \"Bobby\" Scott has represented the district. \
                Bobby Scott said he plans to hire staff. \
                \"This is a big year,\" Scott said.";
    for source in ["Bobby Scott", "Scott"] {
        let (name, kind) = speaker_of(text, source).expect("resolved");
        assert_eq!(kind, SpeakerType::Person);
        assert_eq!(name, "Robert C. \"Bobby\" Scott", "{source}");
    }
}

#[test]
fn they_can_be_documents_named_earlier_in_the_sentence() {
    let text = "Mitt Romney released his returns in 2012, even though they showed that he paid \
                a relatively low tax rate.";
    let (name, kind) = speaker_of(text, "they").expect("resolved");
    assert_eq!(kind, SpeakerType::Document);
    assert_eq!(name, "Mitt Romney returns");
}

#[test]
fn an_owners_aides_are_an_unnamed_group() {
    let text = "Mitch McConnell met the president on Monday. \
                McConnell aides said the meeting was productive.";
    let (name, kind) = speaker_of(text, "McConnell aides").expect("resolved");
    assert_eq!(kind, SpeakerType::UnnamedGroup, "{name}");
}

#[test]
fn the_authors_parents_are_named_by_apposition() {
    let text = "I grew up in a survivalist household. My parents, James and Olive Meehan, \
                were educated people. \"We live in Satan's kingdom,\" my father often said. \
                Once, my mother said that the devil was real.";
    let (name, kind) = speaker_of(text, "my father").expect("resolved");
    assert_eq!((name.as_str(), kind), ("James Meehan", SpeakerType::Person));
    let (name, _) = speaker_of(text, "my mother").expect("resolved");
    assert_eq!(name, "Olive Meehan");
}

#[test]
fn the_agencys_bureaucracy_belongs_to_the_agency_named_before() {
    let text = "The Department of Veterans Affairs opened a new crisis line in 2007. \
                Calls still roll over to backup centers outside the department. \
                The agency's mammoth bureaucracy has said that new ideas take time.";
    let (name, kind) = speaker_of(text, "The agency's mammoth bureaucracy").expect("resolved");
    assert_eq!(kind, SpeakerType::Organisation);
    assert_eq!(name, "Department of Veterans Affairs bureaucracy");
}

#[test]
fn the_film_is_named_by_its_title() {
    let text = "The director makes this clear in her stunning new documentary “13th.” \
                The film, which debuts on Netflix Friday, explores the 13th amendment. \
                Mass incarceration is powerfully documented, the film says.";
    let (name, kind) = speaker_of(text, "the film").expect("resolved");
    assert_eq!((name.as_str(), kind), ("13th", SpeakerType::Document));
}

#[test]
fn a_list_of_people_with_an_apposition_after_is_several_speakers() {
    let text =
        "The debate was moderated by PBS. Gwen Ifill and Judy Woodruff, two PBS journalists, \
                said the questions would focus on the economy.";
    let (name, kind) =
        speaker_of(text, "Gwen Ifill and Judy Woodruff, two PBS journalists,").expect("resolved");
    assert_eq!(kind, SpeakerType::Multiple);
    assert_eq!(name, "Gwen Ifill and Judy Woodruff");
    // an apposition alone is no list
    let text = "Minyon Moore, a senior adviser to the Clinton campaign, said the remarks were a wake-up call.";
    let (name, kind) = speaker_of(
        text,
        "Minyon Moore, a senior adviser to the Clinton campaign,",
    )
    .expect("resolved");
    assert_eq!((name.as_str(), kind), ("Minyon Moore", SpeakerType::Person));
}

#[test]
fn a_titled_owner_description_owns_its_unit() {
    let text = "Former Vice President Al Gore will skip the convention this week. \
                Citing obligations in Tennessee, the former vice president's spokeswoman told \
                reporters that Gore plans to stay home.";
    let (name, kind) =
        speaker_of(text, "the former vice president's spokeswoman").expect("resolved");
    assert_eq!(
        (name.as_str(), kind),
        ("Al Gore spokeswoman", SpeakerType::Person)
    );
}

#[test]
fn those_with_a_phrase_after_are_an_unnamed_group() {
    let text = "Teachers in the district were surveyed in March. \
                Those in the oldest schools said the buildings were unsafe.";
    let (_, kind) = speaker_of(text, "Those in the oldest schools").expect("resolved");
    assert_eq!(kind, SpeakerType::UnnamedGroup);
}

#[test]
fn he_is_the_local_subject_not_the_person_named_most() {
    // Trump is named five times, Walker once; "he" in the next sentence is Walker,
    // the subject of the sentence before it, though Trump is named in it too
    let text = "Donald Trump spoke in Ohio on Monday. Trump praised the crowd, and Trump \
                thanked his supporters. \
                \n\nMayor Frank Walker, a Democrat, toured the steel mill that Trump \
                visited in March. The plan would close two local plants, he said.";
    let (name, kind) = speaker_of(text, "he").expect("resolved");
    assert_eq!(kind, SpeakerType::Person);
    assert_eq!(name, "Frank Walker");
}
