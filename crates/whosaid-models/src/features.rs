//! Stable feature hashing: features are strings hashed to `u64` with FNV-1a 64, so a
//! feature's identity never depends on the platform, the run or a `HashMap` seed.
//!
//! [`FeatureSeq`] holds the features of every position of a sequence in one flat
//! buffer (no allocation per token once its buffers have grown); the [`Positions`]
//! trait lets models read either a `FeatureSeq` or a plain `[Vec<u64>]`.

/// FNV-1a 64 offset basis.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a 64 prime.
pub const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a 64 hash of `s`, continuing from `state`.
#[inline]
pub fn hash_continue(mut state: u64, s: &[u8]) -> u64 {
    for &b in s {
        state ^= u64::from(b);
        state = state.wrapping_mul(FNV_PRIME);
    }
    state
}

/// FNV-1a 64 hash of `s`. Deterministic across platforms and runs.
#[inline]
pub fn hash(s: &[u8]) -> u64 {
    hash_continue(FNV_OFFSET, s)
}

/// Hash of several parts in sequence, as if concatenated with a `0xff` byte (never
/// found in UTF-8) between them, so `["ab", "c"]` and `["a", "bc"]` differ.
#[inline]
pub fn hash_parts(parts: &[&str]) -> u64 {
    let mut h = FNV_OFFSET;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h = hash_continue(h, &[0xff]);
        }
        h = hash_continue(h, p.as_bytes());
    }
    h
}

/// Features of one position while it is being built: hashed strings, appended to a
/// caller-owned buffer.
#[derive(Debug)]
pub struct FeatureSet<'a> {
    out: &'a mut Vec<u64>,
}

impl<'a> FeatureSet<'a> {
    /// Appends features to `out`.
    pub fn new(out: &'a mut Vec<u64>) -> FeatureSet<'a> {
        FeatureSet { out }
    }
    /// Adds the feature made of `parts` (see [`hash_parts`]).
    #[inline]
    pub fn add(&mut self, parts: &[&str]) {
        self.out.push(hash_parts(parts));
    }
    /// Adds an already hashed feature.
    #[inline]
    pub fn add_hash(&mut self, h: u64) {
        self.out.push(h);
    }
}

/// Read access to the features of each position of a sequence.
pub trait Positions {
    /// Number of positions.
    fn len(&self) -> usize;
    /// Features of position `i` (`i < len()`).
    fn get(&self, i: usize) -> &[u64];
    /// True when there are no positions.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Positions for [Vec<u64>] {
    fn len(&self) -> usize {
        <[Vec<u64>]>::len(self)
    }
    fn get(&self, i: usize) -> &[u64] {
        &self[i]
    }
}

impl Positions for Vec<Vec<u64>> {
    fn len(&self) -> usize {
        <[Vec<u64>]>::len(self)
    }
    fn get(&self, i: usize) -> &[u64] {
        &self[i]
    }
}

/// The features of every position of a sequence, flat: position `i` owns
/// `hashes[starts[i]..starts[i + 1]]` (the last one runs to the end of `hashes`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeatureSeq {
    hashes: Vec<u64>,
    starts: Vec<u32>,
}

impl FeatureSeq {
    pub fn new() -> FeatureSeq {
        FeatureSeq::default()
    }
    /// Empties the sequence, keeping its buffers.
    pub fn clear(&mut self) {
        self.hashes.clear();
        self.starts.clear();
    }
    /// Starts a new position and returns a builder for its features.
    pub fn push(&mut self) -> FeatureSet<'_> {
        self.starts
            .push(u32::try_from(self.hashes.len()).unwrap_or(u32::MAX));
        FeatureSet::new(&mut self.hashes)
    }
    /// All hashes, flat.
    pub fn hashes(&self) -> &[u64] {
        &self.hashes
    }
    /// Converts into one `Vec<u64>` per position.
    pub fn to_vecs(&self) -> Vec<Vec<u64>> {
        (0..Positions::len(self))
            .map(|i| self.get(i).to_vec())
            .collect()
    }
}

impl Positions for FeatureSeq {
    fn len(&self) -> usize {
        self.starts.len()
    }
    fn get(&self, i: usize) -> &[u64] {
        let s = self.starts[i] as usize;
        let e = self
            .starts
            .get(i + 1)
            .map_or(self.hashes.len(), |&e| e as usize);
        &self.hashes[s..e]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_known_values() {
        assert_eq!(hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn parts_are_separated() {
        assert_ne!(hash_parts(&["ab", "c"]), hash_parts(&["a", "bc"]));
        assert_eq!(hash_parts(&["abc"]), hash(b"abc"));
    }

    #[test]
    fn feature_seq_positions() {
        let mut fs = FeatureSeq::new();
        fs.push().add(&["w=", "a"]);
        {
            let mut p = fs.push();
            p.add_hash(1);
            p.add_hash(2);
        }
        fs.push();
        assert_eq!(Positions::len(&fs), 3);
        assert_eq!(fs.get(0), &[hash_parts(&["w=", "a"])]);
        assert_eq!(fs.get(1), &[1, 2]);
        assert!(fs.get(2).is_empty());
        assert_eq!(fs.to_vecs().len(), 3);
    }
}
