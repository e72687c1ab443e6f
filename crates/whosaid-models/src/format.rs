//! The model file format and little-endian byte helpers.
//!
//! A model file is, in order (all integers little-endian):
//!
//! | field     | encoding                                   |
//! |-----------|--------------------------------------------|
//! | magic     | the 8 bytes `WHOSAID\0`                    |
//! | version   | `u32`, [`FORMAT_VERSION`]                  |
//! | kind      | `u32` length + UTF-8 (`"pos"`, `"ner"`, …) |
//! | metadata  | `u32` length + UTF-8 (JSON text)           |
//! | payload   | `u64` length + bytes (model specific)      |
//! | checksum  | `u32` CRC-32 (IEEE) of every byte before it |
//!
//! Loading refuses bad magic, unsupported versions, the wrong kind, truncation and
//! checksum mismatches with typed [`Error`]s; every length read from the file is
//! checked against the bytes that remain before anything is allocated.

use std::io::{Read, Write};

use crate::{Error, Result};

/// The first 8 bytes of every whosaid model file.
pub const MAGIC: &[u8; 8] = b"WHOSAID\x00";
/// The format version this crate writes.
pub const FORMAT_VERSION: u32 = 1;
/// The oldest format version this crate reads.
pub const OLDEST_SUPPORTED: u32 = 1;

/// A model file's header and payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelFile {
    pub version: u32,
    pub kind: String,
    pub meta: String,
    pub payload: Vec<u8>,
}

const fn crc32_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
}

static CRC_TABLE: [u32; 256] = crc32_table();

/// Tables for slicing-by-8: `CRC_TABLES[k][b]` is the CRC of byte `b` followed by
/// `k` zero bytes.
const fn crc32_tables() -> [[u32; 256]; 8] {
    let base = crc32_table();
    let mut t = [[0u32; 256]; 8];
    t[0] = base;
    let mut k = 1;
    while k < 8 {
        let mut i = 0;
        while i < 256 {
            let c = t[k - 1][i];
            t[k][i] = base[(c & 0xFF) as usize] ^ (c >> 8);
            i += 1;
        }
        k += 1;
    }
    t
}

static CRC_TABLES: [[u32; 256]; 8] = crc32_tables();

/// CRC-32 (IEEE 802.3, as in zlib and PNG) of `bytes`.
pub fn crc32(bytes: &[u8]) -> u32 {
    let t = &CRC_TABLES;
    let mut c = 0xFFFF_FFFFu32;
    let mut chunks = bytes.chunks_exact(8);
    for ch in &mut chunks {
        let lo = c ^ u32::from_le_bytes([ch[0], ch[1], ch[2], ch[3]]);
        let hi = u32::from_le_bytes([ch[4], ch[5], ch[6], ch[7]]);
        c = t[7][(lo & 0xFF) as usize]
            ^ t[6][((lo >> 8) & 0xFF) as usize]
            ^ t[5][((lo >> 16) & 0xFF) as usize]
            ^ t[4][(lo >> 24) as usize]
            ^ t[3][(hi & 0xFF) as usize]
            ^ t[2][((hi >> 8) & 0xFF) as usize]
            ^ t[1][((hi >> 16) & 0xFF) as usize]
            ^ t[0][(hi >> 24) as usize];
    }
    for &b in chunks.remainder() {
        c = CRC_TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
    }
    c ^ 0xFFFF_FFFF
}

/// Encodes a whole model file into bytes.
pub fn encode_model(kind: &str, meta: &str, payload: &[u8]) -> Vec<u8> {
    let mut w = ByteWriter::with_capacity(payload.len() + kind.len() + meta.len() + 32);
    w.bytes(MAGIC);
    w.u32(FORMAT_VERSION);
    w.str(kind);
    w.str(meta);
    w.u64(payload.len() as u64);
    w.bytes(payload);
    let sum = crc32(w.as_slice());
    w.u32(sum);
    w.into_vec()
}

/// Writes a model file.
pub fn write_model<W: Write>(mut w: W, kind: &str, meta: &str, payload: &[u8]) -> Result<()> {
    w.write_all(&encode_model(kind, meta, payload))?;
    w.flush()?;
    Ok(())
}

/// Reads a whole model file from `r` and checks it; see [`parse_model`].
pub fn read_model<R: Read>(mut r: R, expected_kind: &str) -> Result<ModelFile> {
    let mut bytes = Vec::new();
    r.read_to_end(&mut bytes)?;
    parse_model(&bytes, Some(expected_kind))
}

/// Parses and checks a model file held in memory. With `expected_kind`, a model of
/// another kind is refused.
pub fn parse_model(bytes: &[u8], expected_kind: Option<&str>) -> Result<ModelFile> {
    let mut r = ByteReader::new(bytes);
    let magic = r
        .take(MAGIC.len(), "magic bytes")
        .map_err(|_| Error::BadMagic)?;
    if magic != MAGIC {
        return Err(Error::BadMagic);
    }
    let version = r.u32("format version")?;
    if !(OLDEST_SUPPORTED..=FORMAT_VERSION).contains(&version) {
        return Err(Error::Version {
            found: version,
            oldest: OLDEST_SUPPORTED,
            newest: FORMAT_VERSION,
        });
    }
    let kind = r.str("kind")?;
    let meta = r.str("metadata")?;
    let len = r.u64("payload length")?;
    let len = usize::try_from(len).map_err(|_| Error::Truncated("payload"))?;
    let payload = r.take(len, "payload")?.to_vec();
    let body_len = r.position();
    let stored = r.u32("checksum")?;
    if r.remaining() != 0 {
        return Err(Error::Corrupt(format!(
            "{} unexpected bytes after the checksum",
            r.remaining()
        )));
    }
    let computed = crc32(&bytes[..body_len]);
    if stored != computed {
        return Err(Error::Checksum { stored, computed });
    }
    if let Some(expected) = expected_kind {
        if kind != expected {
            return Err(Error::WrongKind {
                expected: expected.to_string(),
                found: kind,
            });
        }
    }
    Ok(ModelFile {
        version,
        kind,
        meta,
        payload,
    })
}

/// Appends little-endian values to a byte buffer.
#[derive(Debug, Default, Clone)]
pub struct ByteWriter {
    buf: Vec<u8>,
}

impl ByteWriter {
    pub fn new() -> ByteWriter {
        ByteWriter::default()
    }
    pub fn with_capacity(n: usize) -> ByteWriter {
        ByteWriter {
            buf: Vec::with_capacity(n),
        }
    }
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    /// Raw bytes, no length.
    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }
    /// `u32` length (saturating; strings over 4 GiB are not model material) + UTF-8.
    pub fn str(&mut self, s: &str) {
        self.u32(u32::try_from(s.len()).unwrap_or(u32::MAX));
        self.buf.extend_from_slice(s.as_bytes());
    }
    pub fn len(&self) -> usize {
        self.buf.len()
    }
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }
    pub fn as_slice(&self) -> &[u8] {
        &self.buf
    }
    pub fn into_vec(self) -> Vec<u8> {
        self.buf
    }
}

/// Reads little-endian values from a byte slice; every read is bounds-checked and
/// reports [`Error::Truncated`] naming what was being read.
#[derive(Debug, Clone)]
pub struct ByteReader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> ByteReader<'a> {
    pub fn new(buf: &'a [u8]) -> ByteReader<'a> {
        ByteReader { buf, pos: 0 }
    }
    pub fn position(&self) -> usize {
        self.pos
    }
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }
    /// The next `n` bytes.
    pub fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(Error::Truncated(what));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N]> {
        let s = self.take(N, what)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }
    pub fn u8(&mut self, what: &'static str) -> Result<u8> {
        Ok(self.array::<1>(what)?[0])
    }
    pub fn u16(&mut self, what: &'static str) -> Result<u16> {
        Ok(u16::from_le_bytes(self.array(what)?))
    }
    pub fn u32(&mut self, what: &'static str) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }
    pub fn u64(&mut self, what: &'static str) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }
    pub fn f32(&mut self, what: &'static str) -> Result<f32> {
        Ok(f32::from_le_bytes(self.array(what)?))
    }
    /// A `u32` length + UTF-8 string.
    pub fn str(&mut self, what: &'static str) -> Result<String> {
        let n = self.u32(what)? as usize;
        let b = self.take(n, what)?;
        String::from_utf8(b.to_vec()).map_err(|_| Error::Corrupt(format!("{what} is not UTF-8")))
    }
    /// A `u32` element count, checked so that `count * elem_size` bytes remain: use
    /// before allocating `count` elements.
    pub fn count(&mut self, elem_size: usize, what: &'static str) -> Result<usize> {
        let n = self.u32(what)? as usize;
        if n.saturating_mul(elem_size.max(1)) > self.remaining() {
            return Err(Error::Truncated(what));
        }
        Ok(n)
    }
    /// Fails unless every byte was read.
    pub fn finish(&self, what: &'static str) -> Result<()> {
        if self.remaining() != 0 {
            return Err(Error::Corrupt(format!(
                "{} unexpected bytes at the end of {what}",
                self.remaining()
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        // Slicing-by-8 agrees with the bytewise definition at every length.
        let data: Vec<u8> = (0..100u32).map(|i| (i * 37 + 11) as u8).collect();
        for n in 0..data.len() {
            let mut c = 0xFFFF_FFFFu32;
            for &b in &data[..n] {
                c = CRC_TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
            }
            assert_eq!(crc32(&data[..n]), c ^ 0xFFFF_FFFF, "length {n}");
        }
    }

    #[test]
    fn round_trip() {
        let bytes = encode_model("toy", "{\"a\":1}", &[1, 2, 3]);
        let m = parse_model(&bytes, Some("toy")).expect("valid");
        assert_eq!(m.kind, "toy");
        assert_eq!(m.meta, "{\"a\":1}");
        assert_eq!(m.payload, vec![1, 2, 3]);
        assert_eq!(m.version, FORMAT_VERSION);
        let m2 = read_model(&bytes[..], "toy").expect("valid");
        assert_eq!(m, m2);
    }

    #[test]
    fn refusals() {
        let bytes = encode_model("toy", "{}", &[9; 40]);
        assert!(matches!(
            parse_model(&bytes, Some("pos")),
            Err(Error::WrongKind { .. })
        ));
        assert!(matches!(
            parse_model(b"NOTAMODEL...", None),
            Err(Error::BadMagic)
        ));
        assert!(matches!(parse_model(b"WHO", None), Err(Error::BadMagic)));
        for cut in 8..bytes.len() {
            assert!(parse_model(&bytes[..cut], None).is_err(), "cut at {cut}");
        }
        let mut bad = bytes.clone();
        bad[40] ^= 1;
        assert!(matches!(
            parse_model(&bad, None),
            Err(Error::Checksum { .. })
        ));
        let mut v2 = bytes.clone();
        v2[8..12].copy_from_slice(&2u32.to_le_bytes());
        let e = parse_model(&v2, None).expect_err("refused");
        assert!(e.to_string().contains("whosaid train"), "{e}");
        // A huge length field does not allocate: it is refused as truncated.
        let mut huge = bytes;
        huge[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(parse_model(&huge, None), Err(Error::Truncated(_))));
    }
}
