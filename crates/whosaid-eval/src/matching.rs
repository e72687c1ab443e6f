//! Span algebra and one-to-one greedy matching, one article at a time.
//!
//! A role's *span* is the union of its fragments in one attribution. Each span keeps
//! three sorted sets of character positions: non-whitespace characters, word
//! characters, and the *exact* set (fragments trimmed of edge punctuation and
//! whitespace, whitespace removed; a span with no word character keeps its
//! non-whitespace characters). Matching is greedy by largest overlap, ties broken
//! by smaller union and then by gold and prediction order, exactly as the
//! reference scorer does.

use crate::chars;
use crate::input::Attr;

/// Character classes and tokens of one text, computed once per article.
pub(crate) struct Article {
    word: Vec<bool>,
    space: Vec<bool>,
    /// Token index of each character, `u32::MAX` outside tokens.
    tok_of: Vec<u32>,
    tokens: usize,
}

const NO_TOKEN: u32 = u32::MAX;

impl Article {
    pub(crate) fn new(text: &str) -> Article {
        let mut word = Vec::with_capacity(text.len());
        let mut space = Vec::with_capacity(text.len());
        let mut tok_of = Vec::with_capacity(text.len());
        let mut tokens = 0usize;
        let mut prev = false;
        for c in text.chars() {
            let w = chars::is_word(c);
            word.push(w);
            space.push(chars::is_space(c));
            if w {
                if !prev {
                    tokens += 1;
                }
                tok_of.push(u32::try_from(tokens - 1).unwrap_or(NO_TOKEN));
            } else {
                tok_of.push(NO_TOKEN);
            }
            prev = w;
        }
        Article {
            word,
            space,
            tok_of,
            tokens,
        }
    }

    /// Number of code points.
    pub(crate) fn len(&self) -> usize {
        self.word.len()
    }

    /// The tokens touched by one role (0, 1, 2) of any of `atts`, as a bitmap.
    fn role_tokens(&self, atts: &[Attr], role: usize) -> Vec<bool> {
        let mut toks = vec![false; self.tokens];
        for a in atts {
            for &[s, e] in a.role(role) {
                let e = e.min(self.len());
                for &t in self.tok_of.get(s..e).unwrap_or(&[]) {
                    if let Some(slot) = toks.get_mut(t as usize) {
                        *slot = true;
                    }
                }
            }
        }
        toks
    }

    /// (shared, gold, predicted) token counts for one role.
    pub(crate) fn token_counts(&self, gold: &[Attr], pred: &[Attr], role: usize) -> [u64; 3] {
        let g = self.role_tokens(gold, role);
        let p = self.role_tokens(pred, role);
        let mut c = [0u64; 3];
        for (&a, &b) in g.iter().zip(&p) {
            c[0] += u64::from(a && b);
            c[1] += u64::from(a);
            c[2] += u64::from(b);
        }
        c
    }
}

/// One role of one attribution, as sets of character positions.
pub(crate) struct Span {
    lo: usize,
    hi: usize,
    exact: Vec<usize>,
    word: Vec<usize>,
    nonws: Vec<usize>,
}

impl Span {
    /// `None` when the role has no fragment.
    pub(crate) fn new(art: &Article, frags: &[[usize; 2]]) -> Option<Span> {
        if frags.is_empty() {
            return None;
        }
        let n = art.len();
        let mut lo = usize::MAX;
        let mut hi = 0;
        let (mut word, mut nonws, mut exact) = (Vec::new(), Vec::new(), Vec::new());
        for &[s, e] in frags {
            lo = lo.min(s);
            hi = hi.max(e);
            let e = e.min(n);
            let s = s.min(e);
            for i in s..e {
                if !art.space[i] {
                    nonws.push(i);
                    if art.word[i] {
                        word.push(i);
                    }
                }
            }
            let (mut a, mut b) = (s, e);
            while a < b && !art.word[a] {
                a += 1;
            }
            while b > a && !art.word[b - 1] {
                b -= 1;
            }
            exact.extend((a..b).filter(|&i| !art.space[i]));
        }
        for v in [&mut word, &mut nonws, &mut exact] {
            v.sort_unstable();
            v.dedup();
        }
        if exact.is_empty() {
            exact.clone_from(&nonws);
        }
        Some(Span {
            lo,
            hi,
            exact,
            word,
            nonws,
        })
    }

    /// The two position sets the overlap criterion compares: word characters when
    /// both spans have some, otherwise non-whitespace characters.
    fn basis<'a>(p: &'a Span, g: &'a Span) -> (&'a [usize], &'a [usize]) {
        if !p.word.is_empty() && !g.word.is_empty() {
            (&p.word, &g.word)
        } else {
            (&p.nonws, &g.nonws)
        }
    }

    /// Number of characters shared in the sense of the overlap criterion.
    pub(crate) fn shared(p: &Span, g: &Span) -> usize {
        if p.hi <= g.lo || g.hi <= p.lo {
            return 0;
        }
        let (a, b) = Span::basis(p, g);
        intersection_len(a, b)
    }

    fn union_len(p: &Span, g: &Span) -> usize {
        let (a, b) = Span::basis(p, g);
        a.len() + b.len() - intersection_len(a, b)
    }

    fn exact_eq(p: &Span, g: &Span) -> bool {
        !p.exact.is_empty() && p.exact == g.exact
    }
}

fn intersection_len(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// A candidate pair: sorted by larger weight, then smaller tie value, then gold
/// index, then prediction index.
type Pair = (std::cmp::Reverse<usize>, usize, usize, usize);

/// Number of one-to-one matches chosen greedily in sort order.
fn greedy(mut pairs: Vec<Pair>, n_gold: usize, n_pred: usize) -> u64 {
    pairs.sort_unstable();
    let mut used_g = vec![false; n_gold];
    let mut used_p = vec![false; n_pred];
    let mut n = 0;
    for (_, _, gi, pi) in pairs {
        if used_g[gi] || used_p[pi] {
            continue;
        }
        used_g[gi] = true;
        used_p[pi] = true;
        n += 1;
    }
    n
}

/// (exact, overlap) matches between the gold and predicted spans of one role.
pub(crate) fn match_role(gold: &[&Span], pred: &[&Span]) -> (u64, u64) {
    let (mut ov, mut ex) = (Vec::new(), Vec::new());
    for (gi, g) in gold.iter().enumerate() {
        for (pi, p) in pred.iter().enumerate() {
            let n = Span::shared(p, g);
            if n == 0 {
                continue;
            }
            ov.push((std::cmp::Reverse(n), Span::union_len(p, g), gi, pi));
            if Span::exact_eq(p, g) {
                ex.push((std::cmp::Reverse(p.exact.len()), 0, gi, pi));
            }
        }
    }
    (
        greedy(ex, gold.len(), pred.len()),
        greedy(ov, gold.len(), pred.len()),
    )
}

/// The spans of one attribution, by role.
pub(crate) type AttrSpans = [Option<Span>; 3];

/// Whole-attribution (exact, overlap) matches.
pub(crate) fn match_attributions(gold: &[AttrSpans], pred: &[AttrSpans]) -> (u64, u64) {
    let (mut ov, mut ex) = (Vec::new(), Vec::new());
    for (gi, g) in gold.iter().enumerate() {
        if g[2].is_none() {
            continue;
        }
        for (pi, p) in pred.iter().enumerate() {
            if p[2].is_none() {
                continue;
            }
            let (mut ok_ov, mut ok_ex, mut total) = (true, true, 0);
            for (ps, gs) in p.iter().zip(g) {
                match (ps, gs) {
                    (None, None) => {}
                    (Some(ps), Some(gs)) => {
                        let n = Span::shared(ps, gs);
                        total += n;
                        ok_ov &= n > 0;
                        ok_ex &= Span::exact_eq(ps, gs);
                    }
                    _ => {
                        ok_ov = false;
                        ok_ex = false;
                    }
                }
            }
            if ok_ov {
                ov.push((std::cmp::Reverse(total), 0, gi, pi));
            }
            if ok_ex {
                ex.push((std::cmp::Reverse(total), 0, gi, pi));
            }
        }
    }
    (
        greedy(ex, gold.len(), pred.len()),
        greedy(ov, gold.len(), pred.len()),
    )
}
