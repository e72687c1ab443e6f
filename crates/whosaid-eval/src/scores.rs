//! Score counts and their rendering: the reference scorer's table and `--json` object.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

/// How two spans are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    /// Same characters after trimming edge punctuation and whitespace.
    Exact,
    /// At least one shared word character (non-whitespace one without words).
    Overlap,
    /// Word tokens touched by a role, compared as sets per article.
    Token,
}

impl Metric {
    /// All metrics, in the reference's column order.
    pub const ALL: [Metric; 3] = [Metric::Exact, Metric::Overlap, Metric::Token];

    /// The key used in the JSON output (`exact`, `overlap`, `token`).
    pub fn name(self) -> &'static str {
        match self {
            Metric::Exact => "exact",
            Metric::Overlap => "overlap",
            Metric::Token => "token",
        }
    }
}

/// What is scored: one role, or whole attributions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    /// Source spans.
    Source,
    /// Cue spans.
    Cue,
    /// Content spans.
    Content,
    /// Whole attributions (not scored at the token level).
    Attribution,
}

impl Target {
    /// All targets, in the reference's row order.
    pub const ALL: [Target; 4] = [
        Target::Source,
        Target::Cue,
        Target::Content,
        Target::Attribution,
    ];

    /// The key used in the JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Target::Source => "source",
            Target::Cue => "cue",
            Target::Content => "content",
            Target::Attribution => "attribution",
        }
    }
}

/// Matched, gold and predicted counts of one (metric, target) cell.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Matched spans (true-positive tokens for [`Metric::Token`]).
    pub matched: u64,
    /// Gold spans (tokens).
    pub gold: u64,
    /// Predicted spans (tokens).
    pub predicted: u64,
}

impl Counts {
    /// Precision: matched / predicted, 0 when nothing was predicted.
    pub fn p(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }

    /// Recall: matched / gold, 0 when there is no gold.
    pub fn r(&self) -> f64 {
        ratio(self.matched, self.gold)
    }

    /// Harmonic mean of [`Counts::p`] and [`Counts::r`], 0 when both are 0.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }

    fn add(&mut self, o: Counts) {
        self.matched += o.matched;
        self.gold += o.gold;
        self.predicted += o.predicted;
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Micro-averaged counts for every metric and target, summed over articles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scores {
    /// Articles scored (every gold article).
    pub articles: u64,
    /// Gold attributions.
    pub gold_attributions: u64,
    /// Predicted attributions (of gold ids).
    pub pred_attributions: u64,
    /// Documents in the gold set.
    pub gold_file_articles: u64,
    /// Documents in the prediction set.
    pub pred_file_articles: u64,
    /// `[metric][target]`; `[Token][Attribution]` stays zero.
    cells: [[Counts; 4]; 3],
    /// Per-group scores when scored with a group field.
    pub groups: Option<Groups>,
}

/// Scores per value of one gold field (e.g. publisher).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Groups {
    /// The field name.
    pub field: String,
    /// Scores per field value (Python's `str()` of it), sorted by value.
    pub by_value: BTreeMap<String, Scores>,
}

impl Scores {
    /// The counts of one cell; `None` for (token, attribution), which is not scored.
    pub fn counts(&self, metric: Metric, target: Target) -> Option<Counts> {
        if metric == Metric::Token && target == Target::Attribution {
            return None;
        }
        Some(self.cells[metric as usize][target as usize])
    }

    /// Precision of one cell (0 when it is not scored).
    pub fn p(&self, metric: Metric, target: Target) -> f64 {
        self.counts(metric, target).map_or(0.0, |c| c.p())
    }

    /// Recall of one cell (0 when it is not scored).
    pub fn r(&self, metric: Metric, target: Target) -> f64 {
        self.counts(metric, target).map_or(0.0, |c| c.r())
    }

    /// F1 of one cell (0 when it is not scored).
    pub fn f1(&self, metric: Metric, target: Target) -> f64 {
        self.counts(metric, target).map_or(0.0, |c| c.f1())
    }

    /// Every scored cell, in the reference's order.
    pub fn cells(&self) -> impl Iterator<Item = (Metric, Target, Counts)> + '_ {
        Metric::ALL.into_iter().flat_map(move |m| {
            Target::ALL
                .into_iter()
                .filter_map(move |t| self.counts(m, t).map(|c| (m, t, c)))
        })
    }

    pub(crate) fn add_cell(&mut self, metric: Metric, target: Target, c: Counts) {
        self.cells[metric as usize][target as usize].add(c);
    }

    fn summary_json(&self) -> Map<String, Value> {
        let mut out = Map::new();
        out.insert("articles".into(), json!(self.articles));
        out.insert(
            "attributions".into(),
            json!({"gold": self.gold_attributions, "pred": self.pred_attributions}),
        );
        for m in Metric::ALL {
            let mut per = Map::new();
            for (_, t, c) in self.cells().filter(|&(mm, _, _)| mm == m) {
                let matched = if m == Metric::Token { "tp" } else { "matched" };
                per.insert(
                    t.name().into(),
                    json!({
                        "precision": c.p(), "recall": c.r(), "f1": c.f1(),
                        matched: c.matched, "gold": c.gold, "pred": c.predicted,
                    }),
                );
            }
            out.insert(m.name().into(), Value::Object(per));
        }
        out
    }

    /// The same object the reference prints with `--json` (keys sorted).
    pub fn to_json(&self) -> Value {
        let mut out = self.summary_json();
        out.insert("gold_file_articles".into(), json!(self.gold_file_articles));
        out.insert("pred_file_articles".into(), json!(self.pred_file_articles));
        if let Some(g) = &self.groups {
            out.insert("group_by".into(), json!(g.field));
            let groups: Map<String, Value> = g
                .by_value
                .iter()
                .map(|(k, v)| (k.clone(), Value::Object(v.summary_json())))
                .collect();
            out.insert("groups".into(), Value::Object(groups));
        }
        Value::Object(out)
    }

    /// The reference's table (title line, two header lines, one row per target),
    /// followed by one table per group after a blank line: exactly what the
    /// reference prints (ending with a newline).
    pub fn to_table(&self) -> String {
        let title = format!(
            "{} gold articles ({} in predictions); attributions: gold {}, predicted {}",
            self.articles, self.pred_file_articles, self.gold_attributions, self.pred_attributions
        );
        let mut out = self.format_table(&title);
        if let Some(g) = &self.groups {
            for (k, v) in &g.by_value {
                let title = format!(
                    "{} = {}: {} articles; attributions: gold {}, predicted {}",
                    g.field, k, v.articles, v.gold_attributions, v.pred_attributions
                );
                out.push_str("\n\n");
                out.push_str(&v.format_table(&title));
            }
        }
        out.push('\n');
        out
    }

    fn format_table(&self, title: &str) -> String {
        const WIDTH: usize = 22; // len("  %6s %6s %6s")
        let mut lines = vec![title.to_string()];
        let mut head = format!("{:12}", "");
        for m in Metric::ALL {
            head.push_str(&py_center(&format!("{} (%)", m.name()), WIDTH));
        }
        head.push_str(&format!("  {:>7} {:>7}", "gold", "pred"));
        lines.push(head);
        lines.push(format!(
            "{:<12}{}  {:>7} {:>7}",
            "role",
            format!("  {:>6} {:>6} {:>6}", "P", "R", "F1").repeat(3),
            "spans",
            "spans"
        ));
        for t in Target::ALL {
            let mut row = format!("{:<12}", t.name());
            for m in Metric::ALL {
                match self.counts(m, t) {
                    Some(c) => row.push_str(&format!(
                        "  {:6.1} {:6.1} {:6.1}",
                        100.0 * c.p(),
                        100.0 * c.r(),
                        100.0 * c.f1()
                    )),
                    None => row.push_str(&format!("  {:>6} {:>6} {:>6}", "-", "-", "-")),
                }
            }
            let c = self.cells[Metric::Exact as usize][t as usize];
            row.push_str(&format!("  {:7} {:7}", c.gold, c.predicted));
            lines.push(row);
        }
        lines.join("\n")
    }
}

/// Python's `str.center(width)` (CPython puts the odd space on the left only when
/// both the margin and the width are odd).
fn py_center(s: &str, width: usize) -> String {
    let len = s.chars().count();
    if len >= width {
        return s.to_string();
    }
    let marg = width - len;
    let left = marg / 2 + (marg & width & 1);
    format!("{}{}{}", " ".repeat(left), s, " ".repeat(marg - left))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_with_zero_denominators() {
        let c = Counts::default();
        assert_eq!((c.p(), c.r(), c.f1()), (0.0, 0.0, 0.0));
        let c = Counts {
            matched: 1,
            gold: 2,
            predicted: 4,
        };
        assert_eq!(c.p(), 0.25);
        assert_eq!(c.r(), 0.5);
        assert!((c.f1() - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn center_like_python() {
        assert_eq!(py_center("exact (%)", 22), "      exact (%)       ");
        assert_eq!(py_center("overlap (%)", 22), "     overlap (%)      ");
        assert_eq!(py_center("ab", 5), "  ab ");
        assert_eq!(py_center("abc", 6), " abc  ");
    }
}
