//! The stance model file.
//!
//! All integers and floats little-endian:
//!
//! | field    | encoding                                              |
//! |----------|-------------------------------------------------------|
//! | magic    | the 8 bytes `WSSTANCE`                                |
//! | version  | `u32`, [`FORMAT_VERSION`]                             |
//! | length   | `u64`, payload length                                 |
//! | payload  | info text, IDF table, stage-1 trees, stage-2 model, decision |
//! | checksum | `u32` CRC-32 (IEEE) of every byte before it           |
//!
//! Loading refuses a wrong magic, any other version, truncation and a checksum mismatch with
//! typed [`Error`]s; lengths read from the file are checked against the bytes left before
//! anything is allocated. The format version changes whenever the features or the payload
//! layout change, so an old file is refused rather than silently mis-read.

use std::path::Path;

use crate::error::{Error, Result};
use crate::features::{Idf, N_DENSE};
use crate::gbdt::{Gbdt, Node, Tree};
use crate::linear::Softmax;
use crate::model::{Decision, Stage2Kind, StanceModel};
use crate::text::Analyzer;

/// First 8 bytes of a stance model file.
pub const MAGIC: &[u8; 8] = b"WSSTANCE";
/// The (only) format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

const fn crc_table() -> [u32; 256] {
    let mut t = [0u32; 256];
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
        t[i] = c;
        i += 1;
    }
    t
}

static CRC: [u32; 256] = crc_table();

/// CRC-32 (IEEE).
pub fn crc32(data: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c = CRC[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
    }
    !c
}

struct W(Vec<u8>);

impl W {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn f32s(&mut self, v: &[f32]) {
        self.len(v.len());
        for &x in v {
            self.f32(x);
        }
    }
    fn gbdt(&mut self, g: &Gbdt) {
        self.len(g.n_features);
        self.len(g.n_outputs);
        self.f32s(&g.base);
        self.len(g.trees.len());
        for t in &g.trees {
            self.len(t.nodes.len());
            for n in &t.nodes {
                self.u32(n.feature);
                self.f32(n.threshold);
                self.u32(n.left);
                self.u32(n.right);
                self.f32(n.value);
            }
        }
    }
}

struct R<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> R<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8]> {
        let end = self.at.checked_add(n).ok_or(Error::Truncated(what))?;
        let s = self.b.get(self.at..end).ok_or(Error::Truncated(what))?;
        self.at = end;
        Ok(s)
    }
    fn arr<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N]> {
        let s = self.take(N, what)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }
    fn u8(&mut self, what: &'static str) -> Result<u8> {
        Ok(self.arr::<1>(what)?[0])
    }
    fn u32(&mut self, what: &'static str) -> Result<u32> {
        Ok(u32::from_le_bytes(self.arr(what)?))
    }
    fn u64(&mut self, what: &'static str) -> Result<u64> {
        Ok(u64::from_le_bytes(self.arr(what)?))
    }
    fn f32(&mut self, what: &'static str) -> Result<f32> {
        Ok(f32::from_le_bytes(self.arr(what)?))
    }
    /// A count of items of `item_size` bytes each, checked against the bytes left.
    fn len(&mut self, item_size: usize, what: &'static str) -> Result<usize> {
        let n = self.u64(what)?;
        let left = (self.b.len() - self.at) as u64;
        if n.saturating_mul(item_size.max(1) as u64) > left {
            return Err(Error::Truncated(what));
        }
        Ok(n as usize)
    }
    fn str(&mut self, what: &'static str) -> Result<String> {
        let n = self.len(1, what)?;
        let s = self.take(n, what)?;
        String::from_utf8(s.to_vec()).map_err(|_| Error::Invalid(format!("{what} is not UTF-8")))
    }
    fn f32s(&mut self, what: &'static str) -> Result<Vec<f32>> {
        let n = self.len(4, what)?;
        (0..n).map(|_| self.f32(what)).collect()
    }
    fn gbdt(&mut self, what: &'static str) -> Result<Gbdt> {
        let n_features = self.len(0, what)?;
        let n_outputs = self.len(0, what)?;
        let base = self.f32s(what)?;
        let n_trees = self.len(8, what)?;
        let mut trees = Vec::with_capacity(n_trees);
        for _ in 0..n_trees {
            let n = self.len(20, what)?;
            let mut nodes = Vec::with_capacity(n);
            for _ in 0..n {
                nodes.push(Node {
                    feature: self.u32(what)?,
                    threshold: self.f32(what)?,
                    left: self.u32(what)?,
                    right: self.u32(what)?,
                    value: self.f32(what)?,
                });
            }
            let t = Tree { nodes };
            t.validate(n_features)
                .map_err(|e| Error::Invalid(format!("{what}: {e}")))?;
            trees.push(t);
        }
        if n_outputs == 0 || base.len() != n_outputs {
            return Err(Error::Invalid(format!(
                "{what}: {n_outputs} outputs, {} base scores",
                base.len()
            )));
        }
        Ok(Gbdt {
            n_features,
            n_outputs,
            base,
            trees,
        })
    }
}

impl StanceModel {
    /// The model file bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut p = W(Vec::new());
        p.str(&self.info);
        p.len(N_DENSE);
        // IDF.
        p.u32(self.idf.n_docs);
        p.f32(self.idf.avg_body_len);
        p.len(self.idf.keys.len());
        for (&k, &d) in self.idf.keys.iter().zip(&self.idf.dfs) {
            p.u64(k);
            p.u32(d);
        }
        p.gbdt(&self.stage1);
        p.u8(self.stage2_kind.code());
        match &self.lr {
            None => p.u8(0),
            Some(m) => {
                p.u8(1);
                p.len(m.n_classes);
                p.f32s(&m.bias);
                p.len(m.keys.len());
                for &k in &m.keys {
                    p.u64(k);
                }
                p.f32s(&m.weights);
            }
        }
        match &self.stage2 {
            None => p.u8(0),
            Some(g) => {
                p.u8(1);
                p.gbdt(g);
            }
        }
        p.f32(self.decision.related_bias);
        for &b in &self.decision.class_bias {
            p.f32(b);
        }
        let payload = p.0;
        let mut out = Vec::with_capacity(payload.len() + 24);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&payload);
        let c = crc32(&out);
        out.extend_from_slice(&c.to_le_bytes());
        out
    }

    /// Reads a model from file bytes, refusing other formats and versions.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let mut r = R { b: bytes, at: 0 };
        let magic = r.take(8, "magic").map_err(|_| Error::BadMagic {
            expected: "WSSTANCE",
        })?;
        if magic != MAGIC {
            return Err(Error::BadMagic {
                expected: "WSSTANCE",
            });
        }
        let version = r.u32("version")?;
        if version != FORMAT_VERSION {
            return Err(Error::Version {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        let plen = r.len(1, "payload length")?;
        let body_end = r.at + plen;
        let stored = {
            let mut cr = R {
                b: bytes,
                at: body_end,
            };
            cr.u32("checksum")?
        };
        let computed = crc32(&bytes[..body_end]);
        if stored != computed {
            return Err(Error::Checksum { stored, computed });
        }
        if bytes.len() != body_end + 4 {
            return Err(Error::Invalid(format!(
                "{} trailing bytes after the checksum",
                bytes.len() - body_end - 4
            )));
        }
        let mut r = R {
            b: &bytes[..body_end],
            at: r.at,
        };
        let info = r.str("info")?;
        let n_dense = r.len(0, "feature count")?;
        if n_dense != N_DENSE {
            return Err(Error::Invalid(format!(
                "model uses {n_dense} dense features, this build extracts {N_DENSE}"
            )));
        }
        let n_docs = r.u32("idf")?;
        let avg_body_len = r.f32("idf")?;
        let n = r.len(12, "idf")?;
        let mut keys = Vec::with_capacity(n);
        let mut dfs = Vec::with_capacity(n);
        for _ in 0..n {
            keys.push(r.u64("idf")?);
            dfs.push(r.u32("idf")?);
        }
        if keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Error::Invalid("IDF keys are not sorted".into()));
        }
        let idf = Idf {
            keys,
            dfs,
            n_docs,
            avg_body_len,
        };
        let stage1 = r.gbdt("stage 1")?;
        if stage1.n_outputs != 1 || stage1.n_features != N_DENSE {
            return Err(Error::Invalid("stage 1 shape".into()));
        }
        let kind_code = r.u8("stage-2 kind")?;
        let stage2_kind = Stage2Kind::from_code(kind_code)
            .ok_or_else(|| Error::Invalid(format!("unknown stage-2 kind {kind_code}")))?;
        let lr = match r.u8("logistic regression")? {
            0 => None,
            _ => {
                let n_classes = r.len(0, "logistic regression")?;
                let bias = r.f32s("logistic regression")?;
                let nk = r.len(8, "logistic regression")?;
                let keys: Vec<u64> = (0..nk)
                    .map(|_| r.u64("logistic regression"))
                    .collect::<Result<_>>()?;
                let weights = r.f32s("logistic regression")?;
                if n_classes != 3 || bias.len() != 3 || weights.len() != nk * 3 {
                    return Err(Error::Invalid("logistic regression shape".into()));
                }
                if keys.windows(2).any(|w| w[0] >= w[1]) {
                    return Err(Error::Invalid("feature keys are not sorted".into()));
                }
                Some(Softmax {
                    n_classes,
                    keys,
                    weights,
                    bias,
                })
            }
        };
        let stage2 = match r.u8("stage 2")? {
            0 => None,
            _ => Some(r.gbdt("stage 2")?),
        };
        let decision = Decision {
            related_bias: r.f32("decision")?,
            class_bias: [r.f32("decision")?, r.f32("decision")?, r.f32("decision")?],
        };
        let ok = match stage2_kind {
            Stage2Kind::Lr => lr.is_some(),
            Stage2Kind::Gbdt => stage2.as_ref().is_some_and(|g| g.n_features == N_DENSE),
            Stage2Kind::Stacked => {
                lr.is_some() && stage2.as_ref().is_some_and(|g| g.n_features == N_DENSE + 6)
            }
        };
        if !ok || stage2.as_ref().is_some_and(|g| g.n_outputs != 3) {
            return Err(Error::Invalid(format!(
                "stage-2 parts do not match its kind {}",
                stage2_kind.as_str()
            )));
        }
        if r.at != r.b.len() {
            return Err(Error::Invalid(
                "unread bytes at the end of the payload".into(),
            ));
        }
        Ok(StanceModel {
            idf,
            stage1,
            stage2_kind,
            lr,
            stage2,
            decision,
            info,
            analyzer: Analyzer::new(),
        })
    }

    /// Writes the model file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        std::fs::write(path, self.to_bytes()).map_err(|source| Error::Open {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Reads a model file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| Error::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_bytes(&bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_reference() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }
}
