//! Across articles: claims grouped by proposition, independent origins counted, and
//! contradictions between groups flagged.
//!
//! - **Grouping** ([`group`]): TF-IDF vectors of a claim's content words (lower case,
//!   stop words out, a light stemmer); two claims state the same proposition when the
//!   cosine of their vectors reaches [`SAME_THRESHOLD`] (chosen on the hand-labelled
//!   pairs in `fixtures/`); groups are the connected components.
//! - **Origins** ([`origins`]): a named speaker counts once however many outlets relay
//!   it; copies of one article (exact or near duplicates) count once; an unnamed source
//!   counts once per original article.
//! - **Conflicts** ([`conflicts`]): two groups about the same matter (cosine at least
//!   [`TOPIC_THRESHOLD`]) where one is negated and the other not, or where they hold a
//!   known pair of incompatible words ("progress" / "standstill", "will travel" /
//!   "postponed").

pub mod score;
pub mod view;

use std::collections::{BTreeSet, HashMap};

use whosaid_core::{Claim, ClaimGroup, Conflict};

/// Cosine from which two claims are the same proposition.
pub const SAME_THRESHOLD: f32 = 0.55;
/// Cosine from which two claims are about the same matter (for conflicts).
pub const TOPIC_THRESHOLD: f32 = 0.2;

const STOP: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "and", "or", "that", "this", "these", "those", "is", "was",
    "were", "be", "been", "being", "are", "am", "for", "on", "with", "as", "by", "at", "it", "its",
    "he", "she", "they", "them", "his", "her", "their", "i", "we", "you", "our", "from", "have",
    "has", "had", "will", "would", "could", "should", "can", "may", "might", "do", "does", "did",
    "there", "here", "what", "which", "who", "whom", "whose", "about", "into", "than", "then",
    "so", "if", "but", "also", "just", "all", "any", "some", "more", "most", "such", "only",
    "very", "s", "said", "says", "say", "told", "him", "me", "my", "us", "your", "up", "out",
    "over", "after", "before", "now",
];

const NEGATIONS: &[&str] = &[
    "not",
    "no",
    "never",
    "none",
    "nobody",
    "nothing",
    "neither",
    "nor",
    "without",
    "n't",
    "hasn't",
    "hadn't",
    "haven't",
    "isn't",
    "wasn't",
    "weren't",
    "aren't",
    "won't",
    "wouldn't",
    "don't",
    "doesn't",
    "didn't",
    "can't",
    "cannot",
    "couldn't",
    "shouldn't",
];

/// Pairs of words that put two claims about one matter at odds.
const OPPOSED: &[(&str, &str)] = &[
    ("progress", "standstill"),
    ("progress", "stalled"),
    ("progress", "impasse"),
    ("progress", "deadlock"),
    ("agreed", "rejected"),
    ("agree", "reject"),
    ("accepted", "rejected"),
    ("confirmed", "denied"),
    ("confirm", "deny"),
    ("true", "false"),
    ("win", "lose"),
    ("won", "lost"),
    ("increase", "decrease"),
    ("rose", "fell"),
    ("up", "down"),
    ("travel", "postponed"),
    ("travel", "cancelled"),
    ("travel", "canceled"),
    ("finalized", "postponed"),
    ("resolved", "unresolved"),
    ("support", "oppose"),
    ("supports", "opposes"),
    ("legal", "illegal"),
    ("guilty", "innocent"),
    ("alive", "dead"),
    ("open", "closed"),
    ("ceasefire", "offensive"),
];

fn stem(w: &str) -> String {
    let w = w.trim_matches('\'');
    if w.len() > 4 && w.ends_with("ies") {
        format!("{}y", &w[..w.len() - 3])
    } else if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        w[..w.len() - 1].to_string()
    } else {
        w.to_string()
    }
}

/// Lower-case words of a text (letters, digits, apostrophes; curly ones made straight).
pub fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace('’', "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty() && *w != "'")
        .map(str::to_string)
        .collect()
}

/// Content words, stemmed.
pub fn terms(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .filter(|w| !STOP.contains(&w.as_str()) && !NEGATIONS.contains(&w.as_str()))
        .map(|w| stem(&w))
        .filter(|w| w.chars().count() > 1)
        .collect()
}

/// TF-IDF vectors of a set of texts (unit length, sorted by term).
#[derive(Debug, Clone)]
pub struct Vectors {
    pub vecs: Vec<Vec<(u32, f32)>>,
}

/// The distinct texts of a list, how often each occurs, and which one each item is.
struct Distinct<'a> {
    texts: Vec<&'a str>,
    counts: Vec<u32>,
    of: Vec<usize>,
}

fn distinct<'a>(items: impl IntoIterator<Item = &'a str>) -> Distinct<'a> {
    let mut seen: HashMap<&'a str, usize> = HashMap::new();
    let (mut texts, mut counts, mut of) = (Vec::new(), Vec::new(), Vec::new());
    for t in items {
        let k = *seen.entry(t).or_insert_with(|| {
            texts.push(t);
            counts.push(0);
            texts.len() - 1
        });
        counts[k] += 1;
        of.push(k);
    }
    Distinct { texts, counts, of }
}

impl Vectors {
    pub fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vectors {
        let d = distinct(texts);
        let v = Vectors::weighted(&d.texts, &d.counts);
        Vectors {
            vecs: d.of.iter().map(|&k| v.vecs[k].clone()).collect(),
        }
    }

    /// Vectors of distinct texts, the `k`th occurring `counts[k]` times in the
    /// collection (document frequencies count every occurrence): the same vectors as
    /// [`Vectors::new`] over the full list, each computed once.
    fn weighted(texts: &[&str], counts: &[u32]) -> Vectors {
        let docs: Vec<Vec<String>> = texts.iter().map(|t| terms(t)).collect();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let mut tfs: Vec<HashMap<u32, u32>> = Vec::with_capacity(docs.len());
        for d in &docs {
            let mut tf: HashMap<u32, u32> = HashMap::new();
            for t in d {
                let next = ids.len() as u32;
                let id = *ids.entry(t.clone()).or_insert(next);
                if id as usize == df.len() {
                    df.push(0);
                }
                *tf.entry(id).or_default() += 1;
            }
            tfs.push(tf);
        }
        for (tf, &c) in tfs.iter().zip(counts) {
            for id in tf.keys() {
                df[*id as usize] += c;
            }
        }
        let n = counts.iter().map(|&c| c as usize).sum::<usize>().max(1) as f32;
        let vecs = tfs
            .into_iter()
            .map(|tf| {
                let mut v: Vec<(u32, f32)> = tf
                    .into_iter()
                    .map(|(id, c)| {
                        let idf = ((1.0 + n) / (1.0 + df[id as usize] as f32)).ln() + 1.0;
                        (id, (1.0 + (c as f32).ln()) * idf)
                    })
                    .collect();
                // sorted before summing, so the weights do not depend on hash order
                v.sort_by_key(|(id, _)| *id);
                let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
                if norm > 0.0 {
                    for (_, x) in &mut v {
                        *x /= norm;
                    }
                }
                v
            })
            .collect();
        Vectors { vecs }
    }

    /// Cosine of texts `i` and `j`.
    pub fn cosine(&self, i: usize, j: usize) -> f32 {
        let (Some(a), Some(b)) = (self.vecs.get(i), self.vecs.get(j)) else {
            return 0.0;
        };
        sparse_dot(a, b)
    }

    /// Every pair (i < j) whose cosine is at least `min`, with the cosine, sorted.
    ///
    /// Exact, and fast on large sets (the All-Pairs algorithm of Bayardo, Ma and
    /// Srikant, 2007): texts are taken in turn; each is scored against the earlier
    /// ones through an inverted index, then indexed — but only from the term on at
    /// which its weights could reach `min` against any text (bounded by each term's
    /// largest weight), taking common terms first. The common terms of a text thus
    /// mostly stay out of the index, so posting lists stay short; a pair that shares
    /// only unindexed terms cannot reach `min`, and the unindexed part is added back
    /// exactly for every candidate.
    pub fn pairs(&self, min: f32) -> Vec<(usize, usize, f32)> {
        let (rep, distinct) = self.distinct_pairs(min, |_| ());
        let mut copies: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, &r) in rep.iter().enumerate() {
            copies.entry(r).or_default().push(i);
        }
        let mut out = Vec::new();
        // copies of one text: cosine 1 (or 0 for a text without terms)
        for members in copies.values() {
            let c = self.cosine(members[0], members[0]);
            if members.len() > 1 && c >= min {
                for (k, &i) in members.iter().enumerate() {
                    for &j in &members[k + 1..] {
                        out.push((i, j, self.cosine(i, j)));
                    }
                }
            }
        }
        for (a, b, c) in distinct {
            for &i in &copies[&a] {
                for &j in &copies[&b] {
                    out.push((i.min(j), i.max(j), c));
                }
            }
        }
        out.sort_by_key(|p| (p.0, p.1));
        out
    }

    /// The first text with the same vector and the same `key` as each text (itself
    /// when it is the first), and the pairs of such distinct first texts with cosine
    /// at least `min`. Copies (wire stories, syndicated quotes) are many in real
    /// coverage; the search runs once per distinct text. `key` separates texts whose
    /// vectors agree but which a caller must tell apart (negation is not a term).
    pub fn distinct_pairs<K: std::hash::Hash + Eq>(
        &self,
        min: f32,
        key: impl Fn(usize) -> K,
    ) -> (Vec<usize>, Vec<(usize, usize, f32)>) {
        let mut first: HashMap<(Vec<(u32, u32)>, K), usize> = HashMap::new();
        let rep: Vec<usize> = self
            .vecs
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let bits: Vec<(u32, u32)> = v.iter().map(|(t, w)| (*t, w.to_bits())).collect();
                *first.entry((bits, key(i))).or_insert(i)
            })
            .collect();
        let distinct: Vec<usize> = (0..self.vecs.len()).filter(|&i| rep[i] == i).collect();
        let found = self.search(&distinct, min);
        (rep, found)
    }

    /// The all-pairs search over the texts `ids` (ascending); pairs in text numbers.
    fn search(&self, ids: &[usize], min: f32) -> Vec<(usize, usize, f32)> {
        let n = ids.len();
        let n_terms = ids
            .iter()
            .flat_map(|&i| self.vecs[i].iter().map(|(t, _)| *t as usize + 1))
            .max()
            .unwrap_or(0);
        let mut df = vec![0u32; n_terms];
        let mut maxw = vec![0f32; n_terms];
        for &i in ids {
            for &(t, w) in &self.vecs[i] {
                df[t as usize] += 1;
                maxw[t as usize] = maxw[t as usize].max(w);
            }
        }
        // postings: (text, weight) of the indexed part of each earlier text
        let mut index: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n_terms];
        // the unindexed part of each text, sorted by term (for exact dot products)
        let mut rest: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n];
        let mut acc = vec![0f32; n];
        let mut touched: Vec<u32> = Vec::new();
        let mut out = Vec::new();
        // a little slack so that rounding never loses a pair at the threshold; the
        // reported cosine is the plain one, filtered exactly
        let bound = min - 1e-4;
        for (i, &xi) in ids.iter().enumerate() {
            let x = &self.vecs[xi];
            for &(t, w) in x {
                for &(j, wj) in &index[t as usize] {
                    let j = j as usize;
                    if acc[j] == 0.0 {
                        touched.push(j as u32);
                    }
                    acc[j] += w * wj;
                }
            }
            for &j in &touched {
                let j = j as usize;
                let partial = acc[j];
                acc[j] = 0.0;
                if partial + sparse_dot(x, &rest[j]) >= bound {
                    let c = self.cosine(ids[j], xi);
                    if c >= min {
                        out.push((ids[j], xi, c));
                    }
                }
            }
            touched.clear();
            // index x from the point where its weights could reach `min`
            let mut order: Vec<(u32, f32)> = x.clone();
            order.sort_by(|a, b| df[b.0 as usize].cmp(&df[a.0 as usize]).then(a.0.cmp(&b.0)));
            let mut b = 0.0f32;
            let mut unindexed = Vec::new();
            for (t, w) in order {
                b += w * maxw[t as usize];
                if b >= bound {
                    index[t as usize].push((i as u32, w));
                } else {
                    unindexed.push((t, w));
                }
            }
            unindexed.sort_by_key(|(t, _)| *t);
            rest[i] = unindexed;
        }
        out.sort_by_key(|p| (p.0, p.1));
        out
    }
}

fn sparse_dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut x, mut y, mut s) = (0, 0, 0.0);
    while x < a.len() && y < b.len() {
        match a[x].0.cmp(&b[y].0) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                s += a[x].1 * b[y].1;
                x += 1;
                y += 1;
            }
        }
    }
    s
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// The origin of a claim for counting independent origins (see the crate docs).
pub fn origin(c: &Claim) -> String {
    let root = c.duplicate_of.unwrap_or(c.article);
    match (c.speaker.as_deref(), c.speaker_type.as_deref()) {
        (Some(s), Some("person" | "organisation" | "outlet" | "document" | "multiple")) => {
            format!("named:{}", s.to_lowercase())
        }
        (Some(s), _) => format!("article:{root}:{}", s.to_lowercase()),
        (None, _) => format!("article:{root}"),
    }
}

/// Number of distinct origins among claims.
pub fn origins<'a>(claims: impl IntoIterator<Item = &'a Claim>) -> usize {
    claims
        .into_iter()
        .map(origin)
        .collect::<BTreeSet<_>>()
        .len()
}

/// Groups claims by proposition (cosine ≥ `threshold`), largest groups first, then by
/// first appearance.
pub fn group(claims: &[Claim], threshold: f32) -> Vec<ClaimGroup> {
    // the work is done once per distinct text; claims with the same text go together
    // when that text can be grouped at all (enough content words)
    let d = distinct(claims.iter().map(|c| c.content.as_str()));
    let v = Vectors::weighted(&d.texts, &d.counts);
    let info: Vec<Shape> = d.texts.iter().map(|t| Shape::of(t)).collect();
    let n = d.texts.len();
    let groupable: Vec<bool> = (0..n)
        .map(|t| info[t].same_proposition(&info[t]) && v.cosine(t, t) >= threshold)
        .collect();
    let mut parent: Vec<usize> = (0..n).collect();
    let (rep, distinct_pairs) = v.distinct_pairs(threshold, |i| info[i].key());
    // texts with the same vector and shape first (cosine 1), then distinct ones
    let same = (0..n)
        .filter(|&i| rep[i] != i && groupable[i])
        .map(|i| (rep[i], i, 1.0));
    for (i, j, _) in same.chain(distinct_pairs) {
        if !info[i].same_proposition(&info[j]) {
            continue;
        }
        let (a, b) = (find(&mut parent, i), find(&mut parent, j));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for (k, &t) in d.of.iter().enumerate() {
        let key = if groupable[t] {
            find(&mut parent, t)
        } else {
            n + k
        };
        members.entry(key).or_default().push(k);
    }
    let mut groups: Vec<ClaimGroup> = members
        .into_values()
        .map(|mut m| {
            m.sort_by(|&x, &y| {
                (claims[x].published.as_deref(), x).cmp(&(claims[y].published.as_deref(), y))
            });
            let rep = *m
                .iter()
                .max_by_key(|&&i| (claims[i].content.len().min(300), std::cmp::Reverse(i)))
                .unwrap_or(&m[0]);
            let speakers: BTreeSet<String> = m
                .iter()
                .filter_map(|&i| claims[i].speaker.clone())
                .collect();
            let outlets: BTreeSet<String> =
                m.iter().filter_map(|&i| claims[i].outlet.clone()).collect();
            let first_seen = m.iter().filter_map(|&i| claims[i].published.clone()).min();
            ClaimGroup {
                id: 0,
                independent_origins: {
                    // a claim relayed inside another of the same group ("X said a Hamas
                    // official told him …") came through that claim: one chain, one origin
                    let here: std::collections::HashSet<(i64, i64)> = m
                        .iter()
                        .map(|&i| (claims[i].article, claims[i].index))
                        .collect();
                    origins(
                        m.iter()
                            .map(|&i| &claims[i])
                            .filter(|c| !c.parent.is_some_and(|p| here.contains(&(c.article, p)))),
                    )
                    .max(1)
                },
                claims: m,
                representative: rep,
                speakers: speakers.into_iter().collect(),
                outlets: outlets.into_iter().collect(),
                first_seen,
            }
        })
        .collect();
    groups.sort_by(|a, b| {
        (
            std::cmp::Reverse(a.independent_origins),
            std::cmp::Reverse(a.claims.len()),
            a.claims[0],
        )
            .cmp(&(
                std::cmp::Reverse(b.independent_origins),
                std::cmp::Reverse(b.claims.len()),
                b.claims[0],
            ))
    });
    for (k, g) in groups.iter_mut().enumerate() {
        g.id = k;
    }
    groups
}

/// What the pairwise tests need of a text, computed once.
struct Shape {
    terms: usize,
    negated: bool,
    words: std::collections::HashSet<String>,
}

impl Shape {
    fn of(text: &str) -> Shape {
        let w = words(text);
        Shape {
            terms: terms(text).len(),
            negated: w
                .iter()
                .any(|x| NEGATIONS.contains(&x.as_str()) || x.ends_with("n't")),
            words: w.into_iter().collect(),
        }
    }

    /// What, beyond the vector, the pairwise tests read: texts with the same vector
    /// and key pass and fail them alike.
    fn key(&self) -> (usize, bool, u64) {
        let mut opposed = 0u64;
        for (k, (x, y)) in OPPOSED.iter().enumerate() {
            let bit = |w: &str| u64::from(self.words.contains(w)) << ((2 * k) % 64);
            opposed |= bit(x) | (bit(y) << 1);
        }
        (self.terms, self.negated, opposed)
    }

    fn same_proposition(&self, o: &Shape) -> bool {
        self.terms >= MIN_TERMS && o.terms >= MIN_TERMS && self.negated == o.negated
    }

    /// [`contradiction`] on precomputed shapes.
    fn contradiction(&self, o: &Shape) -> Option<String> {
        let (a, b) = (&self.words, &o.words);
        for (x, y) in OPPOSED {
            if a.contains(*x) && b.contains(*y) && !a.contains(*y) && !b.contains(*x)
                || a.contains(*y) && b.contains(*x) && !a.contains(*x) && !b.contains(*y)
            {
                return Some(format!("opposed words: {x} / {y}"));
            }
        }
        (self.negated != o.negated).then(|| "one denies what the other states".into())
    }

    /// [`contradiction_at`] on precomputed shapes.
    fn contradiction_at(&self, o: &Shape, cosine: f32) -> Option<String> {
        if cosine < TOPIC_THRESHOLD {
            return None;
        }
        let short = self.terms < MIN_TERMS || o.terms < MIN_TERMS;
        if short && cosine < 0.95 {
            return None;
        }
        let r = self.contradiction(o)?;
        if r.starts_with("opposed") && cosine >= OPPOSED_THRESHOLD || cosine >= NEGATION_THRESHOLD {
            Some(r)
        } else {
            None
        }
    }
}

/// Besides similar words: the same polarity ("progress" is not "no progress") and
/// enough content words on both sides ("requests for comment" groups with nothing).
pub fn same_proposition(a: &str, b: &str) -> bool {
    terms(a).len() >= MIN_TERMS && terms(b).len() >= MIN_TERMS && negated(a) == negated(b)
}

/// Content words a claim needs to be grouped with another.
pub const MIN_TERMS: usize = 3;

fn negated(text: &str) -> bool {
    words(text)
        .iter()
        .any(|w| NEGATIONS.contains(&w.as_str()) || w.ends_with("n't"))
}

/// Why two texts about the same matter contradict, if they do. `cosine` is their
/// similarity: opposed words need [`OPPOSED_THRESHOLD`], a lone negation, being weaker
/// evidence, [`NEGATION_THRESHOLD`]; claims with few content words need near-identical
/// wording.
pub fn contradiction_at(a: &str, b: &str, cosine: f32) -> Option<String> {
    if cosine < TOPIC_THRESHOLD {
        return None;
    }
    // short claims ("doing it") only when their words are the same but for the
    // negation ("there was progress" / "there has been no progress at all")
    let short = terms(a).len() < MIN_TERMS || terms(b).len() < MIN_TERMS;
    if short && cosine < 0.95 {
        return None;
    }
    let r = contradiction(a, b)?;
    if r.starts_with("opposed") && cosine >= OPPOSED_THRESHOLD || cosine >= NEGATION_THRESHOLD {
        Some(r)
    } else {
        None
    }
}

/// Cosine from which opposed words make two claims contradict.
pub const OPPOSED_THRESHOLD: f32 = 0.3;

/// Cosine from which a negation on one side only makes two claims contradict.
pub const NEGATION_THRESHOLD: f32 = 0.55;

/// Why two texts contradict, if they do (whatever their similarity).
pub fn contradiction(a: &str, b: &str) -> Option<String> {
    let (wa, wb) = (words(a), words(b));
    let has = |w: &[String], x: &str| w.iter().any(|t| t == x);
    for (x, y) in OPPOSED {
        if has(&wa, x) && has(&wb, y) && !has(&wa, y) && !has(&wb, x)
            || has(&wa, y) && has(&wb, x) && !has(&wa, x) && !has(&wb, y)
        {
            return Some(format!("opposed words: {x} / {y}"));
        }
    }
    if negated(a) != negated(b) {
        return Some("one denies what the other states".into());
    }
    None
}

/// Contradicting pairs of claims whose contents are about the same matter.
pub fn contradicting_pairs(texts: &[&str]) -> Vec<(usize, usize, String, f32)> {
    // once per distinct text: copies never contradict each other, and a
    // contradiction between two texts holds between all their copies
    let d = distinct(texts.iter().copied());
    let v = Vectors::weighted(&d.texts, &d.counts);
    let info: Vec<Shape> = d.texts.iter().map(|t| Shape::of(t)).collect();
    // no contradiction is found below the lowest of the thresholds
    let min = TOPIC_THRESHOLD.max(OPPOSED_THRESHOLD.min(NEGATION_THRESHOLD));
    let (rep, distinct_pairs) = v.distinct_pairs(min, |i| info[i].key());
    let mut copies: HashMap<usize, Vec<usize>> = HashMap::new();
    for (k, &t) in d.of.iter().enumerate() {
        copies.entry(rep[t]).or_default().push(k);
    }
    let mut out = Vec::new();
    for (a, b, c) in distinct_pairs {
        if let Some(r) = info[a].contradiction_at(&info[b], c) {
            for &i in &copies[&a] {
                for &j in &copies[&b] {
                    out.push((i.min(j), i.max(j), r.clone(), c));
                }
            }
        }
    }
    out.sort_by_key(|p| (p.0, p.1));
    out
}

/// Conflicts between claim groups: a contradicting pair of claims in two different
/// groups, at most one conflict per pair of groups (the most similar pair).
pub fn conflicts(claims: &[Claim], groups: &[ClaimGroup]) -> Vec<Conflict> {
    let mut group_of = vec![usize::MAX; claims.len()];
    for g in groups {
        for &i in &g.claims {
            if let Some(x) = group_of.get_mut(i) {
                *x = g.id;
            }
        }
    }
    let texts: Vec<&str> = claims.iter().map(|c| c.content.as_str()).collect();
    let mut best: HashMap<(usize, usize), Conflict> = HashMap::new();
    for (i, j, reason, score) in contradicting_pairs(&texts) {
        let (a, b) = (group_of[i], group_of[j]);
        // within one article, only between different speakers ("some have said …
        // while other reports say there has been no progress at all")
        let same_speaker = claims[i].speaker.is_some() && claims[i].speaker == claims[j].speaker;
        if a == b
            || a == usize::MAX
            || b == usize::MAX
            || claims[i].article == claims[j].article && same_speaker
        {
            continue;
        }
        let key = (a.min(b), a.max(b));
        let better = best.get(&key).is_none_or(|c| score > c.score);
        if better {
            best.insert(
                key,
                Conflict {
                    a: key.0,
                    b: key.1,
                    reason,
                    score,
                },
            );
        }
    }
    let mut out: Vec<Conflict> = best.into_values().collect();
    out.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(article: i64, speaker: Option<(&str, &str)>, content: &str) -> Claim {
        Claim {
            attribution: 0,
            article,
            article_key: format!("a{article}"),
            outlet: Some(format!("outlet {article}")),
            published: None,
            duplicate_of: None,
            index: 0,
            kind: "indirect".into(),
            parent: None,
            source: String::new(),
            cue: "said".into(),
            content: content.into(),
            speaker: speaker.map(|s| s.0.to_string()),
            speaker_type: speaker.map(|s| s.1.to_string()),
            certainty: None,
            chain: Vec::new(),
            confidence: 1.0,
        }
    }

    #[test]
    fn groups_paraphrases_and_counts_origins() {
        let claims = vec![
            claim(
                1,
                Some(("Steve Witkoff", "person")),
                "Witkoff will travel to Qatar for ceasefire talks",
            ),
            claim(
                2,
                Some(("Steve Witkoff", "person")),
                "Witkoff will travel to Qatar for the ceasefire talks this week",
            ),
            claim(
                3,
                Some(("Palestinian official", "anonymous")),
                "Witkoff travel to Qatar ceasefire talks expected",
            ),
            claim(
                4,
                Some(("Ohio officials", "unnamed_group")),
                "turnout in Ohio was higher than in 2012",
            ),
        ];
        let groups = group(&claims, SAME_THRESHOLD);
        let big = groups
            .iter()
            .find(|g| g.claims.len() == 3)
            .expect("one group of three");
        // Witkoff relayed by two outlets counts once; the anonymous official once
        assert_eq!(big.independent_origins, 2);
        assert_eq!(groups.len(), 2);
    }

    #[test]
    fn a_claim_relayed_inside_another_is_one_origin() {
        let mut outer = claim(
            1,
            Some(("Jeremy Scahill", "person")),
            "a Hamas official told him that claims of progress in the ceasefire talks are a deception game",
        );
        outer.index = 0;
        let mut inner = claim(
            1,
            Some(("Hamas official", "anonymous")),
            "claims of progress in the ceasefire talks are a deception game",
        );
        inner.index = 1;
        inner.parent = Some(0);
        let groups = group(&[outer.clone(), inner.clone()], SAME_THRESHOLD);
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!(groups[0].independent_origins, 1);
        // the same words from the official in another article are a second origin
        let mut elsewhere = inner;
        elsewhere.article = 2;
        elsewhere.parent = None;
        let groups = group(&[outer, elsewhere], SAME_THRESHOLD);
        assert_eq!(groups[0].independent_origins, 2);
    }

    #[test]
    fn copies_of_one_article_count_once() {
        let mut a = claim(1, Some(("official", "anonymous")), "x");
        let mut b = claim(2, Some(("official", "anonymous")), "x");
        assert_eq!(origins([&a, &b]), 2);
        b.duplicate_of = Some(1);
        assert_eq!(origins([&a, &b]), 1);
        a.speaker = None;
        assert_eq!(origins([&a, &b]), 2);
    }

    #[test]
    fn flags_contradictions_about_the_same_matter() {
        assert!(contradiction(
            "there has been progress in the talks",
            "the talks are at a standstill"
        )
        .is_some());
        assert!(contradiction(
            "the trip has been finalized",
            "the trip hasn't been finalized"
        )
        .is_some());
        assert!(contradiction("talks continue in Doha", "talks continue in Doha today").is_none());
        let pairs = contradicting_pairs(&[
            "there has been progress in the Gaza ceasefire talks",
            "there has been no progress at all in the Gaza ceasefire talks",
            "Ohio turnout was high",
        ]);
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].0, pairs[0].1), (0, 1));
    }
}
