//! Features of a (headline, body) pair.
//!
//! * [`Idf`]: document frequencies of stems, fitted on the training headlines and bodies.
//! * [`Doc`]: one analysed text (tokens, TF-IDF vectors of the whole text, of its lead and of
//!   each sentence, word bigrams, character 4-grams, capitalised and numeric tokens).
//! * [`dense_features`]: [`DENSE_NAMES`] — lexical overlap, BM25, cue-word counts near the
//!   headline's words, negation and polarity.
//! * [`sparse_features`]: hashed words / bigrams of the body, the headline, the sentences most
//!   similar to the headline, cue words near headline words and headline-word × body-cue pairs.

use crate::text::{char_ngrams, cue, fnv1a, hash_parts, mix, normalize_for_chars, Analyzer, Tok};

/// Sparse vector: (term id, value), sorted by id.
pub type SparseVec = Vec<(u64, f32)>;

/// Stem document frequencies.
#[derive(Debug, Clone, PartialEq)]
pub struct Idf {
    /// Sorted stem ids.
    pub keys: Vec<u64>,
    /// Document frequency of each key.
    pub dfs: Vec<u32>,
    /// Number of documents.
    pub n_docs: u32,
    /// Mean number of content tokens of the bodies (for BM25).
    pub avg_body_len: f32,
}

impl Idf {
    /// Fits document frequencies on `docs` (token lists); `body_lens` gives the content
    /// lengths of the bodies among them.
    pub fn fit<'a>(docs: impl Iterator<Item = &'a [Tok]>, body_lens: &[usize]) -> Idf {
        let mut all: Vec<u64> = Vec::new();
        let mut n_docs: u32 = 0;
        let mut seen: Vec<u64> = Vec::new();
        for d in docs {
            n_docs += 1;
            seen.clear();
            seen.extend(d.iter().filter(|t| !t.stop).map(|t| t.stem));
            seen.sort_unstable();
            seen.dedup();
            all.extend_from_slice(&seen);
        }
        all.sort_unstable();
        let mut keys = Vec::new();
        let mut dfs = Vec::new();
        let mut i = 0;
        while i < all.len() {
            let k = all[i];
            let mut j = i;
            while j < all.len() && all[j] == k {
                j += 1;
            }
            keys.push(k);
            dfs.push((j - i) as u32);
            i = j;
        }
        let avg = if body_lens.is_empty() {
            1.0
        } else {
            body_lens.iter().sum::<usize>() as f32 / body_lens.len() as f32
        };
        Idf {
            keys,
            dfs,
            n_docs,
            avg_body_len: avg.max(1.0),
        }
    }

    /// Document frequency of a stem (0 when unseen).
    pub fn df(&self, t: u64) -> u32 {
        match self.keys.binary_search(&t) {
            Ok(i) => self.dfs[i],
            Err(_) => 0,
        }
    }

    /// Smoothed TF-IDF weight: ln((1 + N) / (1 + df)) + 1.
    pub fn idf(&self, t: u64) -> f32 {
        ((1.0 + self.n_docs as f32) / (1.0 + self.df(t) as f32)).ln() + 1.0
    }

    /// BM25 weight: ln(1 + (N − df + 0.5) / (df + 0.5)).
    pub fn bm25_idf(&self, t: u64) -> f32 {
        let df = self.df(t) as f32;
        (1.0 + (self.n_docs as f32 - df + 0.5).max(0.0) / (df + 0.5)).ln()
    }
}

/// Counts of a sorted id list: (id, count), sorted by id.
fn counts(mut ids: Vec<u64>) -> Vec<(u64, u32)> {
    ids.sort_unstable();
    let mut out: Vec<(u64, u32)> = Vec::new();
    for id in ids {
        match out.last_mut() {
            Some((k, c)) if *k == id => *c += 1,
            _ => out.push((id, 1)),
        }
    }
    out
}

fn tfidf(tf: &[(u64, u32)], idf: &Idf) -> SparseVec {
    let mut v: SparseVec = tf
        .iter()
        .map(|&(t, c)| (t, (1.0 + (c as f32).ln()) * idf.idf(t)))
        .collect();
    let n = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        for (_, x) in &mut v {
            *x /= n;
        }
    }
    v
}

/// Dot product of two sorted sparse vectors.
pub fn dot(a: &[(u64, f32)], b: &[(u64, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

fn contains(sorted: &[u64], x: u64) -> bool {
    sorted.binary_search(&x).is_ok()
}

fn sorted_dedup(mut v: Vec<u64>) -> Vec<u64> {
    v.sort_unstable();
    v.dedup();
    v
}

/// Number of leading sentences that form a body's lead.
const LEAD_SENTENCES: u32 = 2;

/// An analysed text.
#[derive(Debug, Clone)]
pub struct Doc {
    pub toks: Vec<Tok>,
    pub n_sent: usize,
    /// Content (non-stop) stem counts.
    pub tf: Vec<(u64, u32)>,
    /// Number of content tokens.
    pub n_content: usize,
    /// Whole-text TF-IDF, L2-normalised.
    pub vec: SparseVec,
    /// Lead (first sentences) TF-IDF, L2-normalised.
    pub lead_vec: SparseVec,
    /// Per-sentence TF-IDF, L2-normalised.
    pub sent_vecs: Vec<SparseVec>,
    /// Lead content stems (sorted, unique).
    pub lead_stems: Vec<u64>,
    /// Bigrams of consecutive content stems (sorted, unique).
    pub bigrams: Vec<u64>,
    /// Character 4-grams (sorted, unique).
    pub chars4: Vec<u64>,
    /// Character 4-grams of the lead (sorted, unique).
    pub lead_chars4: Vec<u64>,
    /// Capitalised non-stop words (sorted, unique stem ids; sentence-initial words skipped
    /// unless `all_caps_count`).
    pub caps: Vec<u64>,
    /// Numeric tokens (sorted, unique).
    pub nums: Vec<u64>,
    /// Count of '?' and of quotation marks.
    pub questions: u32,
    pub quotes: u32,
    /// Hashed text-level sparse features (body part of [`sparse_features`]).
    pub sparse: Vec<(u64, f32)>,
}

impl Doc {
    /// Analyses `text`. Headlines count every capitalised word as a name candidate (they
    /// are usually in title case); bodies skip sentence-initial words.
    pub fn new(an: &Analyzer, text: &str, idf: &Idf, headline: bool) -> Doc {
        let toks = an.tokenize(text);
        Doc::from_tokens(toks, text, idf, headline)
    }

    /// Analyses already tokenised text.
    pub fn from_tokens(toks: Vec<Tok>, text: &str, idf: &Idf, headline: bool) -> Doc {
        let n_sent = toks.last().map_or(0, |t| t.sent as usize + 1);
        let content: Vec<&Tok> = toks.iter().filter(|t| !t.stop).collect();
        let tf = counts(content.iter().map(|t| t.stem).collect());
        let vec = tfidf(&tf, idf);
        let lead: Vec<u64> = content
            .iter()
            .filter(|t| t.sent < LEAD_SENTENCES)
            .map(|t| t.stem)
            .collect();
        let lead_vec = tfidf(&counts(lead.clone()), idf);
        let lead_stems = sorted_dedup(lead);
        let mut per_sent: Vec<Vec<u64>> = vec![Vec::new(); n_sent];
        for t in &content {
            if let Some(s) = per_sent.get_mut(t.sent as usize) {
                s.push(t.stem);
            }
        }
        let sent_vecs = per_sent
            .into_iter()
            .map(|s| tfidf(&counts(s), idf))
            .collect();
        let bigrams = sorted_dedup(
            content
                .windows(2)
                .map(|w| mix(w[0].stem, w[1].stem))
                .collect(),
        );
        let chars4 = char_ngrams(&normalize_for_chars(text), 4);
        let lead_text: String = {
            let words: Vec<&str> = toks
                .iter()
                .filter(|t| t.sent < LEAD_SENTENCES)
                .map(|t| t.lower.as_str())
                .collect();
            words.join(" ")
        };
        let lead_chars4 = char_ngrams(&normalize_for_chars(&lead_text), 4);
        let caps = sorted_dedup(
            content
                .iter()
                .filter(|t| t.cap && (headline || !t.first) && !t.num)
                .map(|t| t.stem)
                .collect(),
        );
        let nums = sorted_dedup(content.iter().filter(|t| t.num).map(|t| t.stem).collect());
        let questions = text.matches('?').count() as u32;
        let quotes = text
            .chars()
            .filter(|c| matches!(c, '"' | '\u{201c}' | '\u{201d}'))
            .count() as u32;
        let n_content = content.len();
        let mut d = Doc {
            toks,
            n_sent,
            tf,
            n_content,
            vec,
            lead_vec,
            sent_vecs,
            lead_stems,
            bigrams,
            chars4,
            lead_chars4,
            caps,
            nums,
            questions,
            quotes,
            sparse: Vec::new(),
        };
        if !headline {
            d.sparse = body_sparse(&d);
        }
        d
    }

    fn stems(&self) -> impl Iterator<Item = u64> + '_ {
        self.tf.iter().map(|&(t, _)| t)
    }

    fn tf_of(&self, t: u64) -> u32 {
        match self.tf.binary_search_by_key(&t, |&(k, _)| k) {
            Ok(i) => self.tf[i].1,
            Err(_) => 0,
        }
    }
}

/// Names of the dense features, in order.
pub const DENSE_NAMES: &[&str] = &[
    "cos_tfidf",
    "cos_lead",
    "cos_best_sentence",
    "cos_second_sentence",
    "frac_head_stems_in_body",
    "frac_head_stems_in_lead",
    "idf_weighted_frac_in_body",
    "frac_head_bigrams_in_body",
    "frac_head_char4_in_body",
    "bm25",
    "bm25_normalised",
    "frac_head_caps_in_body",
    "n_head_caps",
    "frac_head_numbers_in_body",
    "n_head_numbers",
    "head_len",
    "log_body_len",
    "head_stem_density_in_body",
    "first_head_stem_position",
    "frac_sentences_with_head_stem",
    "frac_sentences_with_2_head_stems",
    "max_head_stems_in_a_sentence",
    "head_question_mark",
    "head_quotes",
    "body_question_rate",
    "body_quote_rate",
    "polarity_head",
    "polarity_body",
    "polarity_agreement",
    "shared_idf_sum",
    "shared_idf_max",
    "n_shared_rare_stems",
    "frac_head_char4_in_lead",
    // per cue class (refute, hedge, agree, neg): 7 features each
    "refute_head",
    "refute_body_rate",
    "refute_body_log",
    "refute_lead",
    "refute_best_sentences",
    "refute_near_head_stems",
    "refute_near_head_rate",
    "hedge_head",
    "hedge_body_rate",
    "hedge_body_log",
    "hedge_lead",
    "hedge_best_sentences",
    "hedge_near_head_stems",
    "hedge_near_head_rate",
    "agree_head",
    "agree_body_rate",
    "agree_body_log",
    "agree_lead",
    "agree_best_sentences",
    "agree_near_head_stems",
    "agree_near_head_rate",
    "neg_head",
    "neg_body_rate",
    "neg_body_log",
    "neg_lead",
    "neg_best_sentences",
    "neg_near_head_stems",
    "neg_near_head_rate",
];

/// Number of dense features.
pub const N_DENSE: usize = 61;

/// Window (tokens on either side) for "near a headline stem".
const NEAR: usize = 8;
/// Number of sentences most similar to the headline used for "best sentences" features.
const BEST_SENTENCES: usize = 3;

/// Context shared by the dense and sparse features of one pair.
struct PairCtx {
    head_stems: Vec<u64>,
    /// Sentences of the body ranked by similarity to the headline (best first, cos > 0).
    best: Vec<usize>,
    /// For each body token, whether a headline stem occurs within [`NEAR`] tokens.
    near: Vec<bool>,
}

fn pair_ctx(h: &Doc, b: &Doc) -> PairCtx {
    let head_stems: Vec<u64> = h.stems().collect();
    let mut sims: Vec<(f32, usize)> = b
        .sent_vecs
        .iter()
        .enumerate()
        .map(|(i, v)| (dot(&h.vec, v), i))
        .filter(|(s, _)| *s > 0.0)
        .collect();
    sims.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let best = sims.iter().take(BEST_SENTENCES).map(|&(_, i)| i).collect();
    let n = b.toks.len();
    let mut prefix = vec![0u32; n + 1];
    for (i, t) in b.toks.iter().enumerate() {
        prefix[i + 1] = prefix[i] + u32::from(!t.stop && contains(&head_stems, t.stem));
    }
    let near = (0..n)
        .map(|i| {
            let lo = i.saturating_sub(NEAR);
            let hi = (i + NEAR + 1).min(n);
            prefix[hi] > prefix[lo]
        })
        .collect();
    PairCtx {
        head_stems,
        best,
        near,
    }
}

fn frac(num: usize, den: usize) -> f32 {
    if den == 0 {
        0.0
    } else {
        num as f32 / den as f32
    }
}

/// Dense features of a pair, in the order of [`DENSE_NAMES`].
pub fn dense_features(h: &Doc, b: &Doc, idf: &Idf) -> Vec<f32> {
    let ctx = pair_ctx(h, b);
    dense_with(h, b, idf, &ctx)
}

fn dense_with(h: &Doc, b: &Doc, idf: &Idf, ctx: &PairCtx) -> Vec<f32> {
    let mut f = Vec::with_capacity(N_DENSE);
    let hs = &ctx.head_stems;
    // Similarities.
    f.push(dot(&h.vec, &b.vec));
    f.push(dot(&h.vec, &b.lead_vec));
    let mut sent_sims: Vec<f32> = b.sent_vecs.iter().map(|v| dot(&h.vec, v)).collect();
    sent_sims.sort_by(|a, b| b.total_cmp(a));
    f.push(sent_sims.first().copied().unwrap_or(0.0));
    f.push(sent_sims.get(1).copied().unwrap_or(0.0));
    // Overlap.
    let in_body = hs.iter().filter(|&&t| b.tf_of(t) > 0).count();
    let in_lead = hs.iter().filter(|&&t| contains(&b.lead_stems, t)).count();
    f.push(frac(in_body, hs.len()));
    f.push(frac(in_lead, hs.len()));
    let idf_all: f32 = hs.iter().map(|&t| idf.idf(t)).sum();
    let idf_in: f32 = hs
        .iter()
        .filter(|&&t| b.tf_of(t) > 0)
        .map(|&t| idf.idf(t))
        .sum();
    f.push(if idf_all > 0.0 { idf_in / idf_all } else { 0.0 });
    let bi_in = h
        .bigrams
        .iter()
        .filter(|&&g| contains(&b.bigrams, g))
        .count();
    f.push(frac(bi_in, h.bigrams.len()));
    let c4_in = h.chars4.iter().filter(|&&g| contains(&b.chars4, g)).count();
    f.push(frac(c4_in, h.chars4.len()));
    // BM25.
    let (k1, bb) = (1.2f32, 0.75f32);
    let dl = b.n_content as f32 / idf.avg_body_len;
    let mut bm25 = 0.0;
    let mut bm25_max = 0.0;
    for &t in hs {
        let w = idf.bm25_idf(t);
        let tf = b.tf_of(t) as f32;
        bm25 += w * tf * (k1 + 1.0) / (tf + k1 * (1.0 - bb + bb * dl));
        bm25_max += w * (k1 + 1.0);
    }
    f.push(bm25);
    f.push(if bm25_max > 0.0 { bm25 / bm25_max } else { 0.0 });
    // Names and numbers.
    let caps_in = h
        .caps
        .iter()
        .filter(|&&t| contains(&b.caps, t) || b.tf_of(t) > 0)
        .count();
    f.push(frac(caps_in, h.caps.len()));
    f.push(h.caps.len() as f32);
    let nums_in = h.nums.iter().filter(|&&t| contains(&b.nums, t)).count();
    f.push(if h.nums.is_empty() {
        -1.0
    } else {
        frac(nums_in, h.nums.len())
    });
    f.push(h.nums.len() as f32);
    // Lengths and positions.
    f.push(hs.len() as f32);
    f.push((1.0 + b.n_content as f32).ln());
    let occ: u32 = hs.iter().map(|&t| b.tf_of(t)).sum();
    f.push(frac(occ as usize, b.n_content));
    let content_pos: Vec<u64> = b.toks.iter().filter(|t| !t.stop).map(|t| t.stem).collect();
    let first = content_pos
        .iter()
        .position(|t| contains(hs, *t))
        .map_or(1.0, |p| frac(p, content_pos.len().max(1)));
    f.push(first);
    let mut per_sent = vec![0u32; b.n_sent];
    {
        let mut seen: Vec<(u32, u64)> = b
            .toks
            .iter()
            .filter(|t| !t.stop && contains(hs, t.stem))
            .map(|t| (t.sent, t.stem))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for (s, _) in seen {
            if let Some(c) = per_sent.get_mut(s as usize) {
                *c += 1;
            }
        }
    }
    f.push(frac(per_sent.iter().filter(|&&c| c >= 1).count(), b.n_sent));
    f.push(frac(per_sent.iter().filter(|&&c| c >= 2).count(), b.n_sent));
    f.push(frac(
        per_sent.iter().copied().max().unwrap_or(0) as usize,
        hs.len(),
    ));
    f.push(h.questions as f32);
    f.push(h.quotes as f32);
    let per100 = (b.toks.len() as f32 / 100.0).max(0.01);
    f.push(b.questions as f32 / per100);
    f.push(b.quotes as f32 / per100);
    // Polarity (parity of refuting + negation words), as in the FNC-1 baseline.
    let pol = |toks: &[Tok]| {
        (toks
            .iter()
            .filter(|t| t.cues & (cue::REFUTE | cue::NEG) != 0)
            .count()
            % 2) as f32
    };
    let ph = pol(&h.toks);
    let pb = pol(&b.toks);
    f.push(ph);
    f.push(pb);
    f.push(if ph == pb { 1.0 } else { 0.0 });
    // Shared rare words.
    let shared: Vec<f32> = hs
        .iter()
        .filter(|&&t| b.tf_of(t) > 0)
        .map(|&t| idf.idf(t))
        .collect();
    f.push(shared.iter().sum());
    f.push(shared.iter().copied().fold(0.0, f32::max));
    f.push(shared.iter().filter(|&&x| x > 4.0).count() as f32);
    let c4_lead = h
        .chars4
        .iter()
        .filter(|&&g| contains(&b.lead_chars4, g))
        .count();
    f.push(frac(c4_lead, h.chars4.len()));
    // Cue classes.
    let best: Vec<bool> = (0..b.n_sent).map(|s| ctx.best.contains(&s)).collect();
    let n_near = ctx.near.iter().filter(|&&x| x).count();
    for k in 0..cue::COUNT {
        let bit = 1u8 << k;
        let head = h.toks.iter().filter(|t| t.cues & bit != 0).count();
        let mut body = 0usize;
        let mut lead = 0usize;
        let mut in_best = 0usize;
        let mut near = 0usize;
        for (i, t) in b.toks.iter().enumerate() {
            if t.cues & bit == 0 {
                continue;
            }
            body += 1;
            if t.sent < LEAD_SENTENCES {
                lead += 1;
            }
            if best.get(t.sent as usize).copied().unwrap_or(false) {
                in_best += 1;
            }
            if ctx.near.get(i).copied().unwrap_or(false) {
                near += 1;
            }
        }
        f.push(head as f32);
        f.push(body as f32 / per100);
        f.push((1.0 + body as f32).ln());
        f.push(lead as f32);
        f.push(in_best as f32);
        f.push(near as f32);
        f.push(100.0 * frac(near, n_near.max(1)));
    }
    debug_assert_eq!(f.len(), N_DENSE);
    for x in &mut f {
        if !x.is_finite() {
            *x = 0.0;
        }
    }
    f
}

// Tags of the hashed sparse feature groups.
const T_BODY: u8 = b'B';
const T_BODY_BI: u8 = b'b';
const T_HEAD: u8 = b'H';
const T_HEAD_BI: u8 = b'h';
const T_BEST: u8 = b'R';
const T_BEST_BI: u8 = b'r';
const T_NEAR_CUE: u8 = b'N';
const T_HEAD_X_CUE: u8 = b'X';
const T_HEADCUE_X_BODYCUE: u8 = b'Y';
const T_HEAD_X_NEARCUE: u8 = b'Z';
const T_LEAD: u8 = b'L';

/// Adds a group of binary features, each valued 1/√n so that the group has unit norm.
fn push_group(out: &mut Vec<(u64, f32)>, mut ids: Vec<u64>) {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return;
    }
    let v = 1.0 / (ids.len() as f32).sqrt();
    out.extend(ids.into_iter().map(|i| (i, v)));
}

fn body_sparse(b: &Doc) -> Vec<(u64, f32)> {
    let mut out = Vec::new();
    push_group(
        &mut out,
        b.toks
            .iter()
            .map(|t| hash_parts(T_BODY, &[t.lower.as_bytes()]))
            .collect(),
    );
    push_group(
        &mut out,
        b.toks
            .windows(2)
            .filter(|w| w[0].sent == w[1].sent)
            .map(|w| hash_parts(T_BODY_BI, &[w[0].lower.as_bytes(), w[1].lower.as_bytes()]))
            .collect(),
    );
    push_group(
        &mut out,
        b.toks
            .iter()
            .filter(|t| t.sent < LEAD_SENTENCES)
            .map(|t| hash_parts(T_LEAD, &[t.lower.as_bytes()]))
            .collect(),
    );
    out
}

/// Hashed sparse features of a pair (ids are full 64-bit hashes; callers reduce them).
pub fn sparse_features(h: &Doc, b: &Doc) -> Vec<(u64, f32)> {
    let ctx = pair_ctx(h, b);
    sparse_with(h, b, &ctx)
}

fn sparse_with(h: &Doc, b: &Doc, ctx: &PairCtx) -> Vec<(u64, f32)> {
    let mut out = b.sparse.clone();
    push_group(
        &mut out,
        h.toks
            .iter()
            .map(|t| hash_parts(T_HEAD, &[t.lower.as_bytes()]))
            .collect(),
    );
    push_group(
        &mut out,
        h.toks
            .windows(2)
            .map(|w| hash_parts(T_HEAD_BI, &[w[0].lower.as_bytes(), w[1].lower.as_bytes()]))
            .collect(),
    );
    let best_toks: Vec<&Tok> = b
        .toks
        .iter()
        .filter(|t| ctx.best.contains(&(t.sent as usize)))
        .collect();
    push_group(
        &mut out,
        best_toks
            .iter()
            .map(|t| hash_parts(T_BEST, &[t.lower.as_bytes()]))
            .collect(),
    );
    push_group(
        &mut out,
        best_toks
            .windows(2)
            .filter(|w| w[0].sent == w[1].sent)
            .map(|w| hash_parts(T_BEST_BI, &[w[0].lower.as_bytes(), w[1].lower.as_bytes()]))
            .collect(),
    );
    let near_cues: Vec<&Tok> = b
        .toks
        .iter()
        .enumerate()
        .filter(|(i, t)| t.cues != 0 && ctx.near.get(*i).copied().unwrap_or(false))
        .map(|(_, t)| t)
        .collect();
    push_group(
        &mut out,
        near_cues
            .iter()
            .map(|t| hash_parts(T_NEAR_CUE, &[t.lower.as_bytes()]))
            .collect(),
    );
    // Headline content stems × cue classes present near the headline's words in the body.
    let mut classes = 0u8;
    for t in &near_cues {
        classes |= t.cues;
    }
    let mut x = Vec::new();
    for &s in &ctx.head_stems {
        for k in 0..cue::COUNT {
            if classes & (1 << k) != 0 {
                x.push(mix(fnv1a(&[T_HEAD_X_CUE, k as u8]), s));
            }
        }
    }
    push_group(&mut out, x);
    // Headline cue words × body cue words near the headline's words.
    let mut y = Vec::new();
    let head_cues: Vec<&Tok> = h.toks.iter().filter(|t| t.cues != 0).collect();
    for hc in head_cues
        .iter()
        .map(|t| t.lower.as_bytes())
        .chain([&b"-"[..]])
    {
        for bc in &near_cues {
            y.push(hash_parts(T_HEADCUE_X_BODYCUE, &[hc, bc.lower.as_bytes()]));
        }
    }
    push_group(&mut out, y);
    // Headline content stems × cue words near the headline's words in the body.
    let mut z = Vec::new();
    for &s in &ctx.head_stems {
        for bc in &near_cues {
            z.push(mix(s, hash_parts(T_HEAD_X_NEARCUE, &[bc.lower.as_bytes()])));
        }
    }
    push_group(&mut out, z);
    out
}

/// Dense and sparse features of a pair together (shares the pair context).
pub fn all_features(h: &Doc, b: &Doc, idf: &Idf) -> (Vec<f32>, Vec<(u64, f32)>) {
    let ctx = pair_ctx(h, b);
    (dense_with(h, b, idf, &ctx), sparse_with(h, b, &ctx))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_count() {
        assert_eq!(DENSE_NAMES.len(), N_DENSE);
        let an = Analyzer::new();
        let texts = ["Apple buys Beats for $3 billion", "Apple said on Monday it will buy Beats Electronics for 3 billion dollars. Reports deny it."];
        let toks: Vec<Vec<Tok>> = texts.iter().map(|t| an.tokenize(t)).collect();
        let idf = Idf::fit(toks.iter().map(|t| t.as_slice()), &[10]);
        let h = Doc::new(&an, texts[0], &idf, true);
        let b = Doc::new(&an, texts[1], &idf, false);
        let f = dense_features(&h, &b, &idf);
        assert_eq!(f.len(), N_DENSE);
        assert!(f[0] > 0.3, "cosine {}", f[0]);
        assert!(f[4] > 0.7, "overlap {}", f[4]);
        assert!(!sparse_features(&h, &b).is_empty());
    }
}
