//! Exact and near-duplicate detection: a hash of the normalised text, and a MinHash
//! signature of word 5-shingles with locality-sensitive bands, so that wire copies and
//! re-publications with small edits are linked and do not count as independent.

use rusqlite::{params, Transaction};

/// MinHash values per signature.
const HASHES: usize = 32;
/// Rows per band (8 bands of 4): two texts with Jaccard similarity 0.8 share a band
/// with probability 1 − (1 − 0.8⁴)⁸ ≈ 0.99.
const ROWS: usize = 4;
/// Estimated Jaccard similarity from which two texts are near duplicates.
pub const NEAR: f64 = 0.8;
/// Texts with fewer words are only compared exactly.
const MIN_WORDS: usize = 25;

/// What duplicate detection needs to know about a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// FNV-1a 64 of the normalised text (lower case, whitespace collapsed), in hex.
    pub hash: String,
    /// MinHash signature; empty for short texts.
    pub signature: Vec<u64>,
}

fn fnv(bytes: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn mix(x: u64, i: u64) -> u64 {
    // splitmix64 of x with a per-hash constant
    let mut z = x ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The fingerprint of a text.
pub fn fingerprint(text: &str) -> Fingerprint {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let normal = text
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ");
    let hash = format!("{:016x}", fnv(normal.as_bytes(), 0));
    let mut signature = Vec::new();
    if words.len() >= MIN_WORDS {
        signature = vec![u64::MAX; HASHES];
        for sh in words.windows(5) {
            let h = fnv(sh.join(" ").as_bytes(), 1);
            for (i, s) in signature.iter_mut().enumerate() {
                *s = (*s).min(mix(h, i as u64));
            }
        }
    }
    Fingerprint { hash, signature }
}

/// Estimated Jaccard similarity of two signatures.
pub fn similarity(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / a.len() as f64
}

fn bands(sig: &[u64]) -> Vec<i64> {
    sig.chunks(ROWS)
        .enumerate()
        .map(|(b, rows)| {
            let mut bytes = Vec::with_capacity(8 * ROWS + 1);
            bytes.push(b as u8);
            for r in rows {
                bytes.extend_from_slice(&r.to_le_bytes());
            }
            fnv(&bytes, 2) as i64
        })
        .collect()
}

fn to_blob(sig: &[u64]) -> Vec<u8> {
    sig.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn from_blob(b: &[u8]) -> Vec<u64> {
    b.chunks_exact(8)
        .map(|c| {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            u64::from_le_bytes(a)
        })
        .collect()
}

/// The earliest stored article (or the one it duplicates) nearly identical to `fp`.
pub fn find_near(tx: &Transaction, fp: &Fingerprint) -> rusqlite::Result<Option<i64>> {
    if fp.signature.is_empty() {
        return Ok(None);
    }
    let mut cands: Vec<i64> = Vec::new();
    {
        let mut st = tx.prepare_cached("SELECT DISTINCT article_id FROM bands WHERE band = ?1")?;
        for b in bands(&fp.signature) {
            for id in st.query_map([b], |r| r.get::<_, i64>(0))? {
                let id = id?;
                if !cands.contains(&id) {
                    cands.push(id);
                }
            }
        }
    }
    cands.sort_unstable();
    let mut st = tx.prepare_cached(
        "SELECT signature, coalesce(duplicate_of, id) FROM articles WHERE id = ?1",
    )?;
    for id in cands {
        let (blob, root): (Option<Vec<u8>>, i64) =
            st.query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        if let Some(blob) = blob {
            if similarity(&fp.signature, &from_blob(&blob)) >= NEAR {
                return Ok(Some(root));
            }
        }
    }
    Ok(None)
}

/// Records the signature and bands of article `id`.
pub fn insert_bands(tx: &Transaction, id: i64, fp: &Fingerprint) -> rusqlite::Result<()> {
    if fp.signature.is_empty() {
        return Ok(());
    }
    tx.execute(
        "UPDATE articles SET signature = ?1 WHERE id = ?2",
        params![to_blob(&fp.signature), id],
    )?;
    let mut st = tx.prepare_cached("INSERT INTO bands (band, article_id) VALUES (?1, ?2)")?;
    for b in bands(&fp.signature) {
        st.execute(params![b, id])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long(seed: &str) -> String {
        (0..80)
            .map(|i| format!("{seed}{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn small_edits_keep_texts_similar_and_different_texts_apart() {
        let a = long("word");
        let b = format!("{a} plus a short added sentence at the end.");
        let c = long("other");
        let (fa, fb, fc) = (fingerprint(&a), fingerprint(&b), fingerprint(&c));
        assert_ne!(fa.hash, fb.hash);
        assert!(similarity(&fa.signature, &fb.signature) >= NEAR);
        assert!(similarity(&fa.signature, &fc.signature) < 0.2);
        assert_eq!(fingerprint("A  b\nc").hash, fingerprint("a b c").hash);
        assert!(fingerprint("too short").signature.is_empty());
    }
}
