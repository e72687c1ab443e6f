//! The tokenizer: text to [`Token`]s close to Penn Treebank / Stanford CoreNLP conventions.
//!
//! One left-to-right pass over the text; every look-ahead either consumes what it reads
//! or is bounded by a small constant, so tokenizing is linear in the input length.
//! Tokens are non-empty, in order, non-overlapping, lie on char boundaries and never
//! begin or end with white space.

use whosaid_core::{Span, Token, TokenKind};

use crate::abbrev::{self, AbbrevClass};
use crate::chars::{
    char_at, char_before, is_apostrophe, is_double_quote_char, is_ignorable, is_mark, is_word_char,
};

/// Longest local part of an e-mail address we look for (bounds the look-ahead).
const MAX_EMAIL_LOCAL: usize = 64;
/// Longest domain of an e-mail address.
const MAX_EMAIL_DOMAIN: usize = 255;

/// Longest SGML/HTML tag kept as one token.
const MAX_TAG: usize = 4096;

/// Cached positions of the next `>` and the next line break, so that recognising tags
/// stays linear however many `<` the text holds. A cached value `v` is valid for a
/// position `i` when `v > i`.
#[derive(Default)]
struct Lookahead {
    gt: usize,
    nl: usize,
}

impl Lookahead {
    fn next_of(text: &str, cached: &mut usize, i: usize, f: impl Fn(u8) -> bool) -> usize {
        if *cached <= i {
            let b = text.as_bytes();
            *cached = b
                .get(i + 1..)
                .and_then(|r| r.iter().position(|&c| f(c)))
                .map_or(b.len().max(i + 1), |p| i + 1 + p);
        }
        *cached
    }

    /// An SGML/HTML tag ("<tweet id=\"1\">", "</p>") starting at `i`, on one line.
    fn tag(&mut self, text: &str, i: usize) -> Option<usize> {
        let b = text.as_bytes();
        let n1 = *b.get(i + 1)?;
        let ok = n1.is_ascii_alphabetic()
            || n1 == b'!'
            || n1 == b'/' && b.get(i + 2).is_some_and(u8::is_ascii_alphabetic);
        if !ok {
            return None;
        }
        let gt = Self::next_of(text, &mut self.gt, i, |c| c == b'>');
        let nl = Self::next_of(text, &mut self.nl, i, |c| c == b'\n' || c == b'\r');
        (gt < b.len() && gt < nl && gt - i <= MAX_TAG).then_some(gt + 1)
    }
}

/// Splits `text` into tokens. Never panics; linear time.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut look = Lookahead::default();
    let mut i = 0;
    let len = text.len();
    while i < len {
        let Some(c) = char_at(text, i) else { break };
        let clen = c.len_utf8();
        if is_ignorable(c) {
            i += clen;
            continue;
        }
        let (end, kind) = match c {
            '<' => look
                .tag(text, i)
                .map_or((i + 1, TokenKind::Punct), |e| (e, TokenKind::Punct)),
            _ => scan(text, i, c),
        };
        // Defensive: always make progress and stay on a char boundary.
        let end = if end <= i || !text.is_char_boundary(end) || end > len {
            i + clen
        } else {
            end
        };
        out.push(Token {
            span: Span::new(i, end),
            kind,
        });
        i = end;
    }
    out
}

/// Scans one token starting at `i` (whose first char is `c`); returns its end and kind.
fn scan(text: &str, i: usize, c: char) -> (usize, TokenKind) {
    let clen = c.len_utf8();
    match c {
        '\'' | '\u{2019}' | '\u{2018}' => apostrophe_start(text, i, c),
        '`' => {
            if char_at(text, i + 1) == Some('`') {
                (i + 2, TokenKind::Quote)
            } else {
                (i + 1, TokenKind::Quote)
            }
        }
        c if is_double_quote_char(c)
            || matches!(c, '\u{201A}' | '\u{201B}' | '\u{2039}' | '\u{203A}') =>
        {
            (i + clen, TokenKind::Quote)
        }
        '.' => (dots(text, i), TokenKind::Punct),
        '-' => {
            let end = run_of(text, i, |c| c == '-');
            (end, TokenKind::Punct)
        }
        '!' | '?' => (run_of(text, i, |c| c == '!' || c == '?'), TokenKind::Punct),
        '_' | '*' | '=' | '~' => (run_of(text, i, |x| x == c), TokenKind::Punct),
        '@' | '#' => match char_at(text, i + 1) {
            Some(n) if n.is_alphanumeric() || n == '_' => {
                let end = run_of(text, i + 1, |c| is_word_char(c) || c == '_');
                (end, TokenKind::Word)
            }
            _ => (i + 1, TokenKind::Punct),
        },
        c if is_word_char(c) => word(text, i),
        _ => {
            // A symbol, with any marks / variation selectors attached to it.
            let end = run_of(text, i + clen, is_mark);
            (end, TokenKind::Punct)
        }
    }
}

/// End of the run of chars satisfying `f` starting at `i`.
#[inline]
fn run_of(text: &str, mut i: usize, f: impl Fn(char) -> bool) -> usize {
    while let Some(c) = char_at(text, i) {
        if !f(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// Periods: ".", "...", "....", and the spaced ellipsis ". . .".
fn dots(text: &str, i: usize) -> usize {
    let end = run_of(text, i, |c| c == '.');
    if end - i >= 2 {
        return end;
    }
    // ". . ." (at least three periods separated by single spaces)
    let b = text.as_bytes();
    let mut j = i + 1;
    let mut count = 1;
    while count < 3 && b.get(j) == Some(&b' ') && b.get(j + 1) == Some(&b'.') {
        j += 2;
        count += 1;
    }
    if count >= 3 {
        j
    } else {
        i + 1
    }
}

/// A token starting with an apostrophe or single quote: a clitic ("’s" after a word),
/// a decade ("’90s"), a double apostrophe `''`, or a quotation mark.
fn apostrophe_start(text: &str, i: usize, c: char) -> (usize, TokenKind) {
    let after = i + c.len_utf8();
    let prev = char_before(text, i);
    if c == '\'' && char_at(text, after) == Some('\'') {
        return (after + 1, TokenKind::Quote);
    }
    if c != '\u{2018}' && prev.is_some_and(is_word_char) {
        if let Some(end) = clitic_end(text, after) {
            return (end, TokenKind::Word);
        }
    }
    if !prev.is_some_and(is_word_char) {
        // '90s, ’90s
        let b = text.as_bytes();
        if b.get(after).is_some_and(u8::is_ascii_digit)
            && b.get(after + 1).is_some_and(u8::is_ascii_digit)
        {
            let mut end = after + 2;
            if b.get(end) == Some(&b's') {
                end += 1;
            }
            if !char_at(text, end).is_some_and(is_word_char) {
                return (end, TokenKind::Number);
            }
        }
    }
    (after, TokenKind::Quote)
}

/// If the letters at `j` form an English clitic (s, re, ve, ll, d, m) followed by a
/// non-word char, the end of that clitic.
fn clitic_end(text: &str, j: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut k = j;
    while k < j + 3 && b.get(k).is_some_and(u8::is_ascii_alphabetic) {
        k += 1;
    }
    if k == j || char_at(text, k).is_some_and(is_word_char) {
        return None;
    }
    let w = text.get(j..k)?;
    let is_clitic = ["s", "re", "ve", "ll", "d", "m"]
        .iter()
        .any(|c| c.eq_ignore_ascii_case(w));
    is_clitic.then_some(k)
}

/// Whether `s` is non-empty and all ASCII digits.
#[inline]
fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A word or number starting at `s`.
fn word(text: &str, s: usize) -> (usize, TokenKind) {
    let b = text.as_bytes();
    if matches!(b.get(s), Some(b'h' | b'H' | b'w' | b'W')) {
        if let Some(end) = url(text, s) {
            return (end, TokenKind::Word);
        }
    }
    let first_is_digit = b.get(s).is_some_and(u8::is_ascii_digit);
    let mut has_alpha = false;
    let mut first_alpha: Option<usize> = None;
    let mut dotted = false; // an inner period was joined (acronym "U.S")
    let mut j = s;
    let mut seg_start = s;
    loop {
        // A run of letters, digits and marks (and soft hyphens between them).
        while let Some(&c) = b.get(j) {
            if c.is_ascii_alphanumeric() {
                if !has_alpha && c.is_ascii_alphabetic() {
                    has_alpha = true;
                    first_alpha = Some(j);
                }
                j += 1;
                continue;
            }
            if c < 0x80 {
                break;
            }
            let Some(c) = char_at(text, j) else { break };
            if is_word_char(c) {
                if !has_alpha && c.is_alphabetic() {
                    has_alpha = true;
                    first_alpha = Some(j);
                }
                j += c.len_utf8();
            } else if c == '\u{AD}'
                && j > seg_start
                && char_at(text, j + 2).is_some_and(is_word_char)
            {
                j += 2;
            } else {
                break;
            }
        }
        let seg = text.get(seg_start..j).unwrap_or("");
        let Some(c) = char_at(text, j) else { break };
        if matches!(c, '@' | '.' | '_' | '%' | '+' | '-') {
            if let Some(end) = email(text, s) {
                return (end, TokenKind::Word);
            }
        }
        let clen = c.len_utf8();
        let next = char_at(text, j + clen);
        match c {
            '-' | '\u{2010}' | '\u{2011}' if next.is_some_and(is_word_char) && j > seg_start => {
                j += clen;
                seg_start = j;
            }
            '.' => {
                let next_is_word = next.is_some_and(is_word_char);
                if next_is_word && all_digits(seg) && next.is_some_and(|n| n.is_ascii_digit()) {
                    // decimal "3.5", "1.2.3"
                    j += 1;
                    seg_start = j;
                    continue;
                }
                if next_is_word
                    && next.is_some_and(char::is_alphabetic)
                    && acronym_join(text, seg, j + 1)
                {
                    dotted = true;
                    j += 1;
                    seg_start = j;
                    continue;
                }
                if next_is_word
                    && seg.bytes().all(|c| c.is_ascii_alphanumeric())
                    && tld_follows(text, j + 1)
                {
                    j += 1;
                    seg_start = j;
                    continue;
                }
                if !next_is_word && next != Some('.') && takes_period(text, s, seg_start, j, dotted)
                {
                    j += 1;
                    // "U.S.-Mexico"
                    if char_at(text, j) == Some('-')
                        && char_at(text, j + 1).is_some_and(is_word_char)
                    {
                        j += 1;
                        seg_start = j;
                        continue;
                    }
                }
                break;
            }
            ',' if all_digits(seg) && seg.len() <= 3 && thousands_follow(b, j + 1) => {
                j += 1;
                seg_start = j;
            }
            ':' if all_digits(seg) && next.is_some_and(|n| n.is_ascii_digit()) => {
                j += 1;
                seg_start = j;
            }
            // "9/11", "24/7", "and/or", "Getty/Instagram"
            '/' if j > seg_start && next.is_some_and(is_word_char) => {
                j += 1;
                seg_start = j;
            }
            '&' if seg.len() <= 3
                && !seg.is_empty()
                && seg.bytes().all(|c| c.is_ascii_uppercase())
                && next.is_some_and(|n| n.is_ascii_uppercase()) =>
            {
                j += 1;
                seg_start = j;
            }
            c if is_apostrophe(c) => {
                let after = j + clen;
                // n't
                let ends_n = seg.ends_with('n') || seg.ends_with('N');
                if ends_n
                    && matches!(next, Some('t' | 'T'))
                    && !char_at(text, after + 1).is_some_and(is_word_char)
                {
                    if j - 1 > s {
                        return (j - 1, kind_of(first_is_digit, has_alpha));
                    }
                    return (after + 1, TokenKind::Word);
                }
                if next.is_some_and(char::is_alphabetic) {
                    if clitic_end(text, after).is_some() {
                        break;
                    }
                    // O'Brien, rock'n'roll
                    j = after;
                    seg_start = j;
                    continue;
                }
                break;
            }
            _ => break,
        }
    }
    // "$64.8million" -> "64.8" "million" (but "$3million" stays one token, as in CoreNLP)
    if let (true, Some(p)) = (first_is_digit, first_alpha) {
        let suffix = text.get(p..j).unwrap_or("");
        let number = text.get(s..p).unwrap_or("");
        if number.contains('.')
            && ["million", "billion", "trillion"]
                .iter()
                .any(|m| m.eq_ignore_ascii_case(suffix))
        {
            return (p, TokenKind::Number);
        }
    }
    // "cannot" -> "can" "not"; "gonna" -> "gon" "na"
    if j - s == 6 || j - s == 5 {
        let w = text.get(s..j).unwrap_or("");
        if ["cannot", "gonna", "wanna", "gotta"]
            .iter()
            .any(|m| m.eq_ignore_ascii_case(w))
        {
            return (s + 3, TokenKind::Word);
        }
    }
    (j, kind_of(first_is_digit, has_alpha))
}

#[inline]
fn kind_of(first_is_digit: bool, has_alpha: bool) -> TokenKind {
    if first_is_digit && !has_alpha {
        TokenKind::Number
    } else {
        TokenKind::Word
    }
}

/// Whether ",ddd" (exactly three digits, then no digit) follows at `k`.
#[inline]
fn thousands_follow(b: &[u8], k: usize) -> bool {
    b.get(k..k + 3)
        .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        && !b.get(k + 3).is_some_and(u8::is_ascii_digit)
}

/// Whether the period after segment `seg` joins an acronym ("U.S", "p.m", "Ph.D").
fn acronym_join(text: &str, seg: &str, after: usize) -> bool {
    let n = seg.chars().count();
    if n == 0 || !seg.chars().all(char::is_alphabetic) {
        return false;
    }
    // the next segment: letters up to a non-letter
    let next_end = run_of(text, after, char::is_alphabetic);
    let next_len = text.get(after..next_end).map_or(0, |s| s.chars().count());
    let followed_by_period = char_at(text, next_end) == Some('.');
    match n {
        1 => next_len <= 2 || followed_by_period && next_len <= 3,
        2 => next_len == 1 && followed_by_period,
        _ => false,
    }
}

/// Whether a top-level domain ("com", "org") starts at `k` and ends the word.
fn tld_follows(text: &str, k: usize) -> bool {
    let b = text.as_bytes();
    let mut e = k;
    while e < k + 5 && b.get(e).is_some_and(u8::is_ascii_alphabetic) {
        e += 1;
    }
    if e == k || char_at(text, e).is_some_and(is_word_char) {
        return false;
    }
    text.get(k..e).is_some_and(abbrev::is_tld)
}

/// Whether the word `text[s..j]` (last segment starting at `seg_start`) keeps the period at `j`.
///
/// As in CoreNLP: a hyphenated abbreviation ("(R-Ky.)") keeps its period only before white
/// space, "," or ";", and an abbreviation that ends a sentence ("in Selma, Ala. But …")
/// gives its period back as a separate token.
fn takes_period(text: &str, s: usize, seg_start: usize, j: usize, dotted: bool) -> bool {
    let whole = text.get(s..j).unwrap_or("");
    let after = char_at(text, j + 1);
    if dotted {
        return true;
    }
    let hyphenated = whole.contains('-');
    if hyphenated && !after.is_some_and(|c| c.is_whitespace() || c == ',' || c == ';') {
        return false;
    }
    let next_digit = next_nonspace_is_digit(text, j + 1);
    let mut class = abbrev::classify(whole, next_digit);
    // "R-Ky.", "D-Calif." : the last segment of a hyphenated word
    if class.is_none() && seg_start > s {
        let seg = text.get(seg_start..j).unwrap_or("");
        class = abbrev::classify(seg, next_digit).filter(|c| *c == AbbrevClass::Other);
    }
    let single_letter = whole.len() == 1;
    match class {
        // an initial ("J. Smith") unless a sentence follows ("Malcolm X. The …")
        Some(AbbrevClass::Title) if single_letter => !next_word_is_starter(text, j + 1),
        Some(AbbrevClass::Title) => true,
        Some(AbbrevClass::Other) => !next_word_is_starter(text, j + 1),
        None => false,
    }
}

/// Whether the next word on the same line after `k` is a typical sentence-initial word.
fn next_word_is_starter(text: &str, k: usize) -> bool {
    let b = text.as_bytes();
    let mut k = k;
    while b.get(k).is_some_and(|&c| c == b' ' || c == b'\t') {
        k += 1;
    }
    let mut e = k;
    while e < k + 12 && b.get(e).is_some_and(u8::is_ascii_alphabetic) {
        e += 1;
    }
    e > k
        && !char_at(text, e).is_some_and(is_word_char)
        && text.get(k..e).is_some_and(abbrev::is_starter)
}

/// Whether the first non-blank char at or after `k` (same line) is an ASCII digit.
fn next_nonspace_is_digit(text: &str, k: usize) -> bool {
    let b = text.as_bytes();
    let mut k = k;
    while b.get(k).is_some_and(|&c| c == b' ' || c == b'\t') {
        k += 1;
    }
    b.get(k).is_some_and(u8::is_ascii_digit)
}

/// A URL starting at `s` ("http://…", "https://…", "www.…"), trailing punctuation excluded.
fn url(text: &str, s: usize) -> Option<usize> {
    let rest = text.get(s..)?;
    let head = rest.get(..8).or_else(|| rest.get(..rest.len().min(8)))?;
    let lower_starts = |p: &str| {
        head.len() >= p.len()
            && head
                .get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    if !(lower_starts("http://") || lower_starts("https://") || lower_starts("www.")) {
        return None;
    }
    let mut e = s;
    let mut parens = 0i32;
    while let Some(c) = char_at(text, e) {
        if is_ignorable(c)
            || matches!(
                c,
                '"' | '<' | '>' | '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}'
            )
        {
            break;
        }
        if c == '(' {
            parens += 1;
        } else if c == ')' {
            parens -= 1;
        }
        e += c.len_utf8();
    }
    // trailing punctuation is not part of the URL
    while let Some(c) = char_before(text, e) {
        if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '\'') || (c == ')' && parens < 0) {
            if c == ')' {
                parens += 1;
            }
            e -= c.len_utf8();
        } else {
            break;
        }
    }
    (e > s + 4).then_some(e)
}

/// An e-mail address starting at `s`; bounded look-ahead.
fn email(text: &str, s: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut k = s;
    while k < s + MAX_EMAIL_LOCAL {
        match b.get(k) {
            Some(c)
                if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-') =>
            {
                k += 1
            }
            _ => break,
        }
    }
    if b.get(k) != Some(&b'@') || k == s {
        return None;
    }
    let d = k + 1;
    let mut e = d;
    let mut dots = 0;
    while e < d + MAX_EMAIL_DOMAIN {
        match b.get(e) {
            Some(c) if c.is_ascii_alphanumeric() || *c == b'-' => e += 1,
            Some(b'.') if b.get(e + 1).is_some_and(u8::is_ascii_alphanumeric) => {
                dots += 1;
                e += 1;
            }
            _ => break,
        }
    }
    (dots > 0 && e > d).then_some(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.span.text(text)).collect()
    }

    #[test]
    fn clitics() {
        assert_eq!(toks("don't"), ["do", "n't"]);
        assert_eq!(toks("can't won't"), ["ca", "n't", "wo", "n't"]);
        assert_eq!(toks("hasn’t been"), ["has", "n’t", "been"]);
        assert_eq!(toks("Trump's Trump’s"), ["Trump", "'s", "Trump", "’s"]);
        assert_eq!(toks("Gaza’s civilian"), ["Gaza", "’s", "civilian"]);
        assert_eq!(
            toks("we're they've I'll he'd I'm"),
            ["we", "'re", "they", "'ve", "I", "'ll", "he", "'d", "I", "'m"]
        );
        assert_eq!(toks("O'Brien"), ["O'Brien"]);
        assert_eq!(toks("parents' rights"), ["parents", "'", "rights"]);
        assert_eq!(toks("the ’90s"), ["the", "’90s"]);
    }

    #[test]
    fn abbreviations() {
        assert_eq!(
            toks("U.S. Rep. Sept. Mr. Jan. p.m. J. Smith"),
            ["U.S.", "Rep.", "Sept.", "Mr.", "Jan.", "p.m.", "J.", "Smith"]
        );
        assert_eq!(toks("the end."), ["the", "end", "."]);
        assert_eq!(
            toks("D-N.Y. R-Ky. Ph.D. a.k.a."),
            ["D-N.Y.", "R-Ky.", "Ph.D.", "a.k.a."]
        );
        assert_eq!(toks("No. 2 and no."), ["No.", "2", "and", "no", "."]);
        assert_eq!(toks("U.S.-Mexico"), ["U.S.-Mexico"]);
    }

    #[test]
    fn hyphens_numbers_symbols() {
        assert_eq!(
            toks("Trump-Netanyahu (R-LA) 60-day"),
            ["Trump-Netanyahu", "(", "R-LA", ")", "60-day"]
        );
        assert_eq!(
            toks("1,000 3.5 9:30 2016 9/11"),
            ["1,000", "3.5", "9:30", "2016", "9/11"]
        );
        assert_eq!(toks("$200 5% 1,2"), ["$", "200", "5", "%", "1", ",", "2"]);
        assert_eq!(
            toks("a--b — c ― d … e ... f . . . g"),
            ["a", "--", "b", "—", "c", "―", "d", "…", "e", "...", "f", ". . .", "g"]
        );
        let t = tokenize("1,000 word");
        assert_eq!(t[0].kind, TokenKind::Number);
        assert_eq!(t[1].kind, TokenKind::Word);
    }

    #[test]
    fn urls_emails_handles() {
        assert_eq!(
            toks("see https://x.com/a?b=1. Now"),
            ["see", "https://x.com/a?b=1", ".", "Now"]
        );
        assert_eq!(
            toks("mail a.b@c.org, @realDonaldTrump #MAGA"),
            ["mail", "a.b@c.org", ",", "@realDonaldTrump", "#MAGA"]
        );
        assert_eq!(
            toks("Breitbart.com reported"),
            ["Breitbart.com", "reported"]
        );
        assert_eq!(toks("(www.foo.org)"), ["(", "www.foo.org", ")"]);
    }

    #[test]
    fn quotes_are_quote_tokens() {
        let text = "\"a\" “b” ‘c’ ``d''";
        assert_eq!(
            toks(text),
            ["\"", "a", "\"", "“", "b", "”", "‘", "c", "’", "``", "d", "''"]
        );
        for t in tokenize(text) {
            let s = t.span.text(text);
            assert_eq!(
                t.kind == TokenKind::Quote,
                !s.chars().all(char::is_alphanumeric),
                "{s}"
            );
        }
    }

    #[test]
    fn corenlp_specials() {
        assert_eq!(toks("cannot gonna"), ["can", "not", "gon", "na"]);
        assert_eq!(
            toks("$64.8million $3million"),
            ["$", "64.8", "million", "$", "3million"]
        );
        assert_eq!(
            toks("Getty/Instagram and/or ___."),
            ["Getty/Instagram", "and/or", "___", "."]
        );
        assert_eq!(
            toks("x <tweet id=\"1\">hi</tweet> a < b > c"),
            [
                "x",
                "<tweet id=\"1\">",
                "hi",
                "</tweet>",
                "a",
                "<",
                "b",
                ">",
                "c"
            ]
        );
        assert_eq!(
            toks("(D-Mo.) D-Mo. said"),
            ["(", "D-Mo", ".", ")", "D-Mo.", "said"]
        );
        assert_eq!(
            toks("Selma, Ala. But Ala. residents"),
            ["Selma", ",", "Ala", ".", "But", "Ala.", "residents"]
        );
    }

    #[test]
    fn whitespace_and_invisibles() {
        assert_eq!(
            toks("a\u{a0}b\tc\u{200b}d\u{feff}e"),
            ["a", "b", "c", "d", "e"]
        );
        assert_eq!(
            toks("co\u{ad}operate \u{ad} x\u{ad}"),
            ["co\u{ad}operate", "x"]
        );
        assert_eq!(
            toks("e\u{301}te\u{301} 日本語 😀👍🏽"),
            ["e\u{301}te\u{301}", "日本語", "😀", "👍🏽"]
        );
    }
}
