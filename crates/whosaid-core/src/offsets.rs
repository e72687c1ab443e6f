//! Conversion between internal byte offsets and public code point offsets.

use crate::{Error, Result, Span};

/// Maps byte offsets of one text to Unicode code point offsets and back.
///
/// Built once per article in O(n); each lookup is O(log n) (binary search over
/// the byte offsets of non-ASCII characters), and O(1) for pure-ASCII texts.
#[derive(Debug, Clone)]
pub struct OffsetMap {
    len_bytes: usize,
    len_chars: usize,
    /// Byte offset of every char (only filled when the text is not ASCII).
    starts: Vec<usize>,
}

impl OffsetMap {
    pub fn new(text: &str) -> OffsetMap {
        if text.is_ascii() {
            return OffsetMap {
                len_bytes: text.len(),
                len_chars: text.len(),
                starts: Vec::new(),
            };
        }
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        OffsetMap {
            len_bytes: text.len(),
            len_chars: starts.len(),
            starts,
        }
    }

    pub fn len_chars(&self) -> usize {
        self.len_chars
    }

    fn is_ascii(&self) -> bool {
        self.starts.is_empty() && self.len_bytes == self.len_chars
    }

    /// Code point offset of a byte offset (which must be on a char boundary or at the end).
    pub fn char_of_byte(&self, byte: usize) -> Result<usize> {
        if self.is_ascii() || byte == self.len_bytes {
            if byte <= self.len_bytes {
                return Ok(if byte == self.len_bytes {
                    self.len_chars
                } else {
                    byte
                });
            }
        } else if let Ok(i) = self.starts.binary_search(&byte) {
            return Ok(i);
        }
        Err(Error::BadSpan {
            start: byte,
            end: byte,
            len: self.len_bytes,
        })
    }

    /// Byte offset of a code point offset (`len_chars` maps to the end of the text).
    pub fn byte_of_char(&self, ch: usize) -> Result<usize> {
        if ch == self.len_chars {
            return Ok(self.len_bytes);
        }
        if self.is_ascii() {
            return if ch < self.len_bytes {
                Ok(ch)
            } else {
                Err(Error::BadCharSpan {
                    start: ch,
                    end: ch,
                    len: self.len_chars,
                })
            };
        }
        self.starts.get(ch).copied().ok_or(Error::BadCharSpan {
            start: ch,
            end: ch,
            len: self.len_chars,
        })
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
            len: self.len_bytes,
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
        fn round_trip(s in "\\PC{0,40}", a in 0usize..50, b in 0usize..50) {
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
