//! Character classes shared by the tokenizer, the sentence splitter and quote pairing,
//! plus panic-free helpers to read a `char` at or before a byte offset.

/// The `char` starting at byte `i`, or `None` at the end or off a char boundary.
#[inline]
pub(crate) fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some(b as char);
    }
    text.get(i..)?.chars().next()
}

/// The `char` ending at byte `i` (the one before offset `i`), or `None`.
#[inline]
pub(crate) fn char_before(text: &str, i: usize) -> Option<char> {
    if i == 0 {
        return None;
    }
    let b = *text.as_bytes().get(i - 1)?;
    if b < 0x80 {
        return Some(b as char);
    }
    text.get(..i)?.chars().next_back()
}

/// Characters that separate tokens and never appear inside one: Unicode white space,
/// control characters, zero-width and bidi formatting characters, byte order marks,
/// and soft hyphens (a soft hyphen *between* word characters is kept by the tokenizer).
#[inline]
pub(crate) fn is_ignorable(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_whitespace() || c.is_ascii_control();
    }
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{AD}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// A line break: sentences never span one and it separates paragraphs.
#[inline]
pub(crate) fn is_newline(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Combining marks and other characters that attach to the preceding character.
#[inline]
pub(crate) fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{0483}'..='\u{0489}'
            | '\u{0591}'..='\u{05BD}'
            | '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0E31}'..='\u{0E3A}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FE20}'..='\u{FE2F}'
            | '\u{1F3FB}'..='\u{1F3FF}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// Letters and digits of any script (and marks attached to them).
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_mark(c)
    }
}

/// Double quotation marks (straight, curly, low, guillemets).
#[inline]
pub(crate) fn is_double_quote_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{AB}' | '\u{BB}' | '\u{FF02}'
    )
}

/// Single quotation marks / apostrophes.
#[inline]
pub(crate) fn is_single_quote_char(c: char) -> bool {
    matches!(
        c,
        '\'' | '`' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2039}' | '\u{203A}'
    )
}

#[inline]
pub(crate) fn is_quote_char(c: char) -> bool {
    is_double_quote_char(c) || is_single_quote_char(c)
}

/// Apostrophe-like characters that may join clitics ("’s", "n't").
#[inline]
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// Closing brackets.
#[inline]
pub(crate) fn is_close_bracket(c: char) -> bool {
    matches!(c, ')' | ']' | '}')
}

/// Opening brackets.
#[inline]
pub(crate) fn is_open_bracket(c: char) -> bool {
    matches!(c, '(' | '[' | '{')
}

/// Dashes of any length.
#[inline]
pub(crate) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}
