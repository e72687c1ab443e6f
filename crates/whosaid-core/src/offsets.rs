//! Conversion between internal byte offsets and public code point offsets.

use crate::{Error, Result, Span};

/// Maps byte offsets of one text to Unicode code point offsets and back.
///
/// Built once per article in O(n); it keeps the byte offset of every 64th char
/// (an eighth of a byte per char at most), so a lookup is a binary search plus a scan
/// of at most 64 chars, and O(1) for pure-ASCII texts.
#[derive(Debug, Clone)]
pub struct OffsetMap<'t> {
    text: &'t str,
    len_chars: usize,
    /// Byte offset of chars 0, 64, 128, … (empty when the text is ASCII).
    blocks: Vec<usize>,
}

const BLOCK: usize = 64;

impl<'t> OffsetMap<'t> {
    pub fn new(text: &'t str) -> OffsetMap<'t> {
        if text.is_ascii() {
            return OffsetMap {
                text,
                len_chars: text.len(),
                blocks: Vec::new(),
            };
        }
        let mut blocks = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut n = 0;
        for (i, (b, _)) in text.char_indices().enumerate() {
            if i % BLOCK == 0 {
                blocks.push(b);
            }
            n = i + 1;
        }
        OffsetMap {
            text,
            len_chars: n,
            blocks,
        }
    }

    pub fn len_chars(&self) -> usize {
        self.len_chars
    }

    fn is_ascii(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Code point offset of a byte offset (which must be on a char boundary or at the end).
    pub fn char_of_byte(&self, byte: usize) -> Result<usize> {
        let bad = Error::BadSpan {
            start: byte,
            end: byte,
            len: self.text.len(),
        };
        if byte > self.text.len() || !self.text.is_char_boundary(byte) {
            return Err(bad);
        }
        if self.is_ascii() {
            return Ok(byte);
        }
        let k = self
            .blocks
            .partition_point(|&b| b <= byte)
            .saturating_sub(1);
        let start = self.blocks.get(k).copied().unwrap_or(0);
        let within = self.text.get(start..byte).ok_or(bad)?.chars().count();
        Ok(k * BLOCK + within)
    }

    /// Byte offset of a code point offset (`len_chars` maps to the end of the text).
    pub fn byte_of_char(&self, ch: usize) -> Result<usize> {
        if ch == self.len_chars {
            return Ok(self.text.len());
        }
        let bad = Error::BadCharSpan {
            start: ch,
            end: ch,
            len: self.len_chars,
        };
        if ch > self.len_chars {
            return Err(bad);
        }
        if self.is_ascii() {
            return Ok(ch);
        }
        let start = self.blocks.get(ch / BLOCK).copied().ok_or(bad)?;
        let rest = self.text.get(start..).unwrap_or("");
        Ok(start
            + rest
                .char_indices()
                .nth(ch % BLOCK)
                .map_or(rest.len(), |(b, _)| b))
    }

    /// Converts a byte span to a `[start, end]` code point pair.
    pub fn to_chars(&self, span: Span) -> Result<[usize; 2]> {
        let s = self.char_of_byte(span.start).map_err(|_| self.bad(span))?;
        let e = self.char_of_byte(span.end).map_err(|_| self.bad(span))?;
        if s > e {
            return Err(self.bad(span));
        }
        Ok([s, e])
    }

    /// Converts a `[start, end]` code point pair to a byte span.
    pub fn to_bytes(&self, pair: [usize; 2]) -> Result<Span> {
        let bad = Error::BadCharSpan {
            start: pair[0],
            end: pair[1],
            len: self.len_chars,
        };
        if pair[0] > pair[1] || pair[1] > self.len_chars {
            return Err(bad);
        }
        Ok(Span::new(
            self.byte_of_char(pair[0])?,
            self.byte_of_char(pair[1])?,
        ))
    }

    fn bad(&self, span: Span) -> Error {
        Error::BadSpan {
            start: span.start,
            end: span.end,
            len: self.text.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ascii_and_multibyte() {
        let t = "a’b “c”";
        let m = OffsetMap::new(t);
        assert_eq!(m.len_chars(), 7);
        let b = t.find('b').unwrap_or(0);
        assert_eq!(m.char_of_byte(b).ok(), Some(2));
        assert_eq!(
            m.to_bytes([2, 3]).ok().map(|s| s.text(t).to_string()),
            Some("b".to_string())
        );
        assert!(m.char_of_byte(2).is_err(), "inside the curly apostrophe");
        assert!(m.to_bytes([3, 99]).is_err());
    }

    proptest! {
        #[test]
        fn round_trip(s in "\\PC{0,300}", a in 0usize..320, b in 0usize..320) {
            let m = OffsetMap::new(&s);
            let n = s.chars().count();
            let (a, b) = (a.min(n), b.min(n));
            let (a, b) = (a.min(b), a.max(b));
            let span = m.to_bytes([a, b]).expect("in range");
            prop_assert_eq!(m.to_chars(span).expect("boundary"), [a, b]);
            let expect: String = s.chars().skip(a).take(b - a).collect();
            prop_assert_eq!(span.text(&s), expect.as_str());
        }
    }
}
